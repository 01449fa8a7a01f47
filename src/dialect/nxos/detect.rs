//! What only NX-OS prints (for detection among the IOS-like dialects).

use crate::dialect::cisco_family::STRONG;

/// Points and a short reason for one trimmed line at `indent`.
pub(crate) fn markers(t: &str, indent: usize) -> Option<(i32, &'static str)> {
    if t.starts_with("!Command: show running-config")
        || t.starts_with("!RANCID-CONTENT-TYPE: cisco-nx")
        || t.starts_with("boot nxos")
    {
        return Some((STRONG, "the NX-OS banner"));
    }
    if indent == 0 {
        // `version 9.3(8) Bios:…`; IOS writes `version 15.2`.
        if let Some(v) = t.strip_prefix("version ") {
            if v.contains('(') {
                return Some((STRONG, "`version N.N(N)`"));
            }
        }
        if t.starts_with("feature ") {
            return Some((5, "`feature …`"));
        }
        if t.starts_with("vrf context ") || t.starts_with("vdc ") || t.starts_with("switchname ") {
            return Some((5, "`vrf context`"));
        }
        if t == "interface mgmt0" || t.starts_with("interface port-channel") {
            return Some((3, "NX-OS interface names (mgmt0, port-channel)"));
        }
        return None;
    }
    if t.starts_with("vrf member ") {
        return Some((3, "`vrf member`"));
    }
    if t.starts_with("inherit peer ")
        || t.starts_with("template peer ")
        || t.starts_with("inherit peer-session ") && indent > 2
    {
        return Some((5, "`template peer`/`inherit peer`"));
    }
    if t.starts_with("password 3 ") {
        return Some((3, "`password 3`"));
    }
    None
}

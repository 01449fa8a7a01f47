//! What only Arista EOS prints (for detection among the IOS-like dialects).

use crate::dialect::cisco_family::STRONG;

/// Points and a short reason for one trimmed line at `indent`.
pub(crate) fn markers(t: &str, indent: usize) -> Option<(i32, &'static str)> {
    if t.starts_with("! device: ") && t.contains("EOS-")
        || t.starts_with("!RANCID-CONTENT-TYPE: arista")
        || t.starts_with("service routing protocols model")
    {
        return Some((STRONG, "the EOS banner"));
    }
    if indent == 0 {
        if starts_any(
            t,
            &[
                "management api ",
                "daemon TerminAttr",
                "vrf instance ",
                "transceiver qsfp",
                "no aaa root",
                "aaa root",
                "management security",
            ],
        ) {
            return Some((5, "EOS global commands (`management api`, `vrf instance`)"));
        }
        if t.contains(" secret sha512 ") {
            return Some((5, "`secret sha512`"));
        }
        if let Some(name) = t.strip_prefix("interface ") {
            if starts_any(
                name,
                &["Management1", "Management0", "Port-Channel", "Vxlan"],
            ) {
                return Some((3, "EOS interface names (Management1, Port-Channel, Vxlan)"));
            }
            // `Ethernet1`, `Ethernet3.101`: EOS numbers ports from 1 (IOS's `Ethernet0`).
            if name.strip_prefix("Ethernet").is_some_and(|n| {
                !n.is_empty()
                    && !n.starts_with('0')
                    && n.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            }) {
                return Some((2, "EOS port names (Ethernet1)"));
            }
        }
        return None;
    }
    if t.starts_with("encapsulation dot1q vlan ") {
        return Some((5, "`encapsulation dot1q vlan`"));
    }
    if t.starts_with("neighbor ") && (t.ends_with(" peer group") || t.contains(" peer group ")) {
        return Some((5, "`neighbor … peer group`"));
    }
    if t.contains(" maximum-routes ") {
        return Some((3, "`maximum-routes`"));
    }
    None
}

fn starts_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

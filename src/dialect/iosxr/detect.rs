//! What only IOS-XR prints (for detection among the IOS-like dialects).

use crate::dialect::cisco_family::STRONG;

/// Points and a short reason for one trimmed line at `indent`.
pub(crate) fn markers(t: &str, indent: usize) -> Option<(i32, &'static str)> {
    if t.starts_with("!! IOS XR") || t.starts_with("!RANCID-CONTENT-TYPE: cisco-xr") {
        return Some((STRONG, "the IOS-XR banner"));
    }
    if t == "end-policy" || t == "end-set" {
        return Some((5, "RPL `end-policy`/`end-set`"));
    }
    if indent == 0 {
        if starts_any(
            t,
            &[
                "route-policy ",
                "prefix-set ",
                "community-set ",
                "as-path-set ",
            ],
        ) {
            return Some((3, "RPL `route-policy`/`prefix-set`"));
        }
        if let Some(name) = t.strip_prefix("interface ") {
            let name = name.strip_prefix("preconfigure ").unwrap_or(name);
            if is_xr_ifname(name) {
                return Some((
                    3,
                    "IOS-XR interface names (rack/slot/module/port, Bundle-Ether)",
                ));
            }
        }
        if t == "router static" {
            return Some((2, "`router static`"));
        }
        return None;
    }
    if starts_any(
        t,
        &["use neighbor-group ", "use af-group ", "use session-group "],
    ) {
        return Some((5, "`use neighbor-group`"));
    }
    if t.starts_with("ipv4 address ") {
        return Some((3, "`ipv4 address`"));
    }
    if t.starts_with("neighbor-group ") || t.starts_with("bfd fast-detect") {
        return Some((3, "`neighbor-group`/`bfd fast-detect`"));
    }
    if t.starts_with("route-policy ") && (t.ends_with(" in") || t.ends_with(" out")) {
        return Some((3, "`route-policy NAME out`"));
    }
    None
}

/// `GigabitEthernet0/0/0/1`, `Bundle-Ether10.101`, `TenGigE0/1/0/0`, `MgmtEth0/RP0/CPU0/0`.
pub(crate) fn is_xr_ifname(name: &str) -> bool {
    let name = name.split_whitespace().next().unwrap_or("");
    if starts_any(
        name,
        &[
            "Bundle-Ether",
            "TenGigE",
            "HundredGigE",
            "FortyGigE",
            "TwentyFiveGigE",
            "FourHundredGigE",
            "FiftyGigE",
            "MgmtEth",
            "BVI",
        ],
    ) {
        return true;
    }
    // GigabitEthernet with four numbers (rack/slot/module/port); IOS has at most three.
    name.starts_with("GigabitEthernet")
        && name.split('.').next().unwrap_or("").matches('/').count() == 3
}

fn starts_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

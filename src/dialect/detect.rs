//! Guess the dialect of a configuration from markers that only one vendor writes.

use crate::model::Vendor;

/// Score the first lines for each vendor's markers; `None` when nothing is recognisable.
pub fn detect(text: &str) -> Option<Vendor> {
    let mut cisco = 0i32;
    let mut frr = 0i32;
    let mut junos = 0i32;
    let mut vyos = 0i32;
    let mut firewall = super::firewall::Detect::default();
    for line in text.lines().take(5000) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if firewall.line(line, t) {
            continue;
        }
        let set_path = t.strip_prefix("set ").map(str::trim_start);
        if let Some(p) = set_path {
            if starts_any(
                p,
                &[
                    "interfaces ethernet",
                    "interfaces bonding",
                    "interfaces vti",
                    "interfaces loopback lo",
                    "interfaces dummy",
                    "interfaces wireguard",
                    "interfaces pppoe",
                    "service ",
                    "vpn ipsec",
                    "protocols bgp system-as",
                    "policy prefix-list",
                    "policy route-map",
                    "vrf name",
                    "nat source",
                    "firewall name",
                ],
            ) || is_vyos12_bgp(p)
            {
                vyos += 3;
            } else if starts_any(
                p,
                &[
                    "routing-options",
                    "protocols bgp group",
                    "policy-options",
                    "security ",
                    "routing-instances",
                    "groups ",
                    "chassis",
                    "version ",
                    "snmp ",
                    "class-of-service",
                    "forwarding-options",
                    "firewall family",
                ],
            ) || p.starts_with("interfaces ") && is_junos_ifname(p[11..].trim_start())
            {
                junos += 3;
            }
            continue;
        }
        if t.starts_with("deactivate ") || t.starts_with("## Last commit") || t == "[edit]" {
            junos += 3;
        } else if t.starts_with("frr version") || t.starts_with("frr defaults") {
            frr += 10;
        } else if t.starts_with("// vyos-config-version")
            || t.starts_with("/* === vyatta-config-version")
            || t.starts_with("// Release version")
            || t.starts_with("// Warning: Do not remove the following line.")
        {
            vyos += 10;
        } else if t.ends_with('{') || t.ends_with(';') || t.ends_with('}') {
            // Curly: tell Junos from VyOS by what the blocks are called.
            if starts_any(t, &["ethernet eth", "bonding bond", "vif ", "vti vti"])
                || t.starts_with("system-as ")
            {
                vyos += 2;
            } else if starts_any(
                t,
                &[
                    "routing-options",
                    "policy-options",
                    "unit ",
                    "family inet",
                    "vlan-tagging;",
                    "peer-as ",
                    "authentication-key",
                    "apply-groups",
                ],
            ) || is_junos_ifname(t)
            {
                junos += 2;
            } else {
                junos += 0;
            }
        } else if t.starts_with('!')
            || starts_any(
                t,
                &[
                    "interface ",
                    "router bgp ",
                    "hostname ",
                    "ip route ",
                    "ip prefix-list ",
                    "route-map ",
                    "version 1",
                    "service ",
                    "encapsulation dot1",
                    "crypto ",
                    "neighbor ",
                    "address-family ",
                ],
            )
        {
            cisco += 1;
        }
    }
    // Firewall markers are unique to their platform (`nameif`, `config vpn ipsec`, `set
    // network ike`): they win over the generic Cisco/Junos/VyOS shapes they resemble.
    if let Some(v) = firewall.verdict() {
        return Some(v);
    }
    let best = [
        (frr, Vendor::Frr),
        (junos, Vendor::Junos),
        (vyos, Vendor::Vyos),
        (cisco, Vendor::CiscoIos),
    ]
    .into_iter()
    .filter(|(s, _)| *s > 0)
    .max_by_key(|(s, _)| *s)?;
    // FRR is IOS-like; a file that says `frr version` is FRR whatever else it contains.
    if frr > 0 {
        return Some(Vendor::Frr);
    }
    Some(best.1)
}

fn starts_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

/// VyOS 1.2/1.3 BGP: `protocols bgp 65000 neighbor …`.
fn is_vyos12_bgp(p: &str) -> bool {
    p.strip_prefix("protocols bgp ")
        .and_then(|r| r.split_whitespace().next())
        .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
}

fn is_junos_ifname(s: &str) -> bool {
    let name = s.split([' ', '{']).next().unwrap_or("");
    let prefixes = [
        "ge-", "xe-", "et-", "fe-", "ae", "lo0", "st0", "irb", "em0", "fxp0", "reth", "mge-",
    ];
    prefixes.iter().any(|p| name.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_vendor() {
        assert_eq!(
            detect("!\nhostname r1\ninterface Gi0/0\n ip address 10.0.0.1 255.255.255.0\nrouter bgp 65000\n"),
            Some(Vendor::CiscoIos)
        );
        assert_eq!(
            detect("frr version 8.4\nrouter bgp 65000\n neighbor 1.1.1.1 remote-as 2\n"),
            Some(Vendor::Frr)
        );
        assert_eq!(
            detect("set interfaces ge-0/0/1 unit 0 family inet address 10.0.0.1/30\nset routing-options autonomous-system 65000\n"),
            Some(Vendor::Junos)
        );
        assert_eq!(
            detect("interfaces {\n    ge-0/0/1 {\n        vlan-tagging;\n    }\n}\n"),
            Some(Vendor::Junos)
        );
        assert_eq!(
            detect("set interfaces ethernet eth0 vif 101 address 169.254.0.2/30\nset protocols bgp system-as 65000\n"),
            Some(Vendor::Vyos)
        );
        assert_eq!(
            detect("interfaces {\n    ethernet eth0 {\n        vif 101 {\n        }\n    }\n}\n// vyos-config-version: \"bgp@5\"\n"),
            Some(Vendor::Vyos)
        );
        assert_eq!(detect("hello world\n"), None);
        assert_eq!(detect(""), None);
    }
}

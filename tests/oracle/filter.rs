//! Scenarios with a firewall in the customer router: the same rules written as the VyOS 1.4
//! configuration dxlint lints (`firewall ipv4|ipv6 input filter`) and as the nftables ruleset
//! VyOS builds from it, loaded into the customer namespace; FRR's bgpd runs the scenario's
//! FRR config as usual (VyOS's BGP is FRR). dxlint must predict what the wire shows.

use crate::scenario::{router_prefixes, Scenario};
use std::path::Path;

/// One rule of the input filter, in order.
#[derive(Clone, Copy, Debug)]
pub enum FwRule {
    /// `state established` / `state related` → accept (conntrack: replies to the router's
    /// own connections).
    AcceptEstablished,
    /// TCP from the AWS peer address to port 179 or from port 179 → accept.
    AcceptBgpFromPeer,
    /// TCP to port 179 and TCP from port 179 → drop.
    DropBgp,
    /// The same drop in the output chain (what the router itself sends).
    DropBgpOutput,
}

/// The customer's input filter: rules in order; the chain's policy stays accept.
#[derive(Clone, Debug)]
pub struct Firewall {
    pub rules: Vec<FwRule>,
}

/// The filter scenarios (the base scenario with a firewall).
pub fn scenarios() -> Vec<Scenario> {
    use FwRule::*;
    let fw = |rules: Vec<FwRule>| Some(Firewall { rules });
    let mut out = Vec::new();
    let mut add = |id, title, rules: Vec<FwRule>, ipv6: bool| {
        let mut s = crate::scenario::base(id, title);
        if ipv6 {
            s.vif.ipv6 = true;
            s.vif.amazon_address = "2001:db8:ca::1/125";
            s.vif.customer_address = "2001:db8:ca::2/125";
            s.router.address = "2001:db8:ca::2/125";
            s.router.neighbor = "2001:db8:ca::1";
        }
        s.router.firewall = fw(rules);
        out.push(s);
    };
    add(
        "filter-179-dropped",
        "customer firewall (nftables input) drops TCP 179 both ways",
        vec![DropBgp],
        false,
    );
    add(
        "filter-179-accept-first",
        "customer firewall accepts BGP from the AWS peer before dropping TCP 179",
        vec![AcceptBgpFromPeer, DropBgp],
        false,
    );
    add(
        "filter-179-replies-only",
        "customer firewall accepts established/related first, then drops TCP 179: only the router's own connection can work",
        vec![AcceptEstablished, DropBgp],
        false,
    );
    add(
        "filter-179-dropped-output",
        "customer firewall (nftables output) drops the router's own TCP 179 both ways",
        vec![DropBgpOutput],
        false,
    );
    add(
        "filter-179-dropped-ipv6",
        "IPv6 peering, customer firewall (nftables ip6 input) drops TCP 179",
        vec![DropBgp],
        true,
    );
    out
}

fn addr(cidr: &str) -> &str {
    cidr.split('/').next().unwrap_or(cidr)
}

/// The router as a VyOS 1.4 configuration: the same BGP as the FRR config, and the filter.
pub fn vyos_config(s: &Scenario, fw: &Firewall) -> String {
    let r = &s.router;
    let v6 = s.vif.ipv6;
    let n = r.neighbor;
    let (af, fam, pl) = if v6 {
        ("ipv6-unicast", "ipv6", "prefix-list6")
    } else {
        ("ipv4-unicast", "ipv4", "prefix-list")
    };
    let mut c = vec![
        "set system host-name 'customer'".to_string(),
        format!(
            "set interfaces ethernet eth0 vif {} address '{}'",
            r.vlan, r.address
        ),
        format!("set protocols bgp system-as '{}'", r.local_asn),
        format!(
            "set protocols bgp parameters router-id '{}'",
            if v6 { "192.0.2.2" } else { addr(r.address) }
        ),
        format!("set protocols bgp neighbor {n} remote-as '{}'", r.remote_as),
        format!(
            "set protocols bgp neighbor {n} timers keepalive '{}'",
            r.timers.0
        ),
        format!(
            "set protocols bgp neighbor {n} timers holdtime '{}'",
            r.timers.1
        ),
        format!("set protocols bgp neighbor {n} address-family {af} {pl} export 'TO-AWS'"),
    ];
    if let Some(pw) = &r.password {
        c.push(format!("set protocols bgp neighbor {n} password '{pw}'"));
    }
    for p in router_prefixes(s) {
        c.push(format!("set protocols bgp address-family {af} network {p}"));
    }
    let (agg, len) = if v6 {
        ("2001:db8::/32", 48)
    } else {
        ("10.0.0.0/8", 24)
    };
    c.extend([
        format!("set policy {pl} TO-AWS rule 10 action 'permit'"),
        format!("set policy {pl} TO-AWS rule 10 prefix '{agg}'"),
        format!("set policy {pl} TO-AWS rule 10 ge '{len}'"),
        format!("set policy {pl} TO-AWS rule 10 le '{len}'"),
    ]);
    let head = format!("set firewall {fam} input filter");
    c.push(format!("{head} default-action 'accept'"));
    let mut num = 10;
    for rule in &fw.rules {
        match rule {
            FwRule::AcceptEstablished => {
                c.push(format!("{head} rule {num} action 'accept'"));
                c.push(format!("{head} rule {num} state 'established'"));
                c.push(format!("{head} rule {num} state 'related'"));
            }
            FwRule::AcceptBgpFromPeer => {
                for (k, side) in ["destination", "source"].iter().enumerate() {
                    let m = num + k as u32;
                    c.push(format!("{head} rule {m} action 'accept'"));
                    c.push(format!("{head} rule {m} protocol 'tcp'"));
                    c.push(format!("{head} rule {m} source address '{n}'"));
                    c.push(format!("{head} rule {m} {side} port '179'"));
                }
            }
            FwRule::DropBgp | FwRule::DropBgpOutput => {
                let head = if matches!(rule, FwRule::DropBgpOutput) {
                    format!("set firewall {fam} output filter")
                } else {
                    head.clone()
                };
                for (k, side) in ["destination", "source"].iter().enumerate() {
                    let m = num + k as u32;
                    c.push(format!("{head} rule {m} action 'drop'"));
                    c.push(format!("{head} rule {m} protocol 'tcp'"));
                    c.push(format!("{head} rule {m} {side} port '179'"));
                }
            }
        }
        num += 10;
    }
    c.join("\n") + "\n"
}

/// The nftables ruleset VyOS builds from the same filter (its `vyos_filter` table).
pub fn nft_ruleset(s: &Scenario, fw: &Firewall) -> String {
    let (table, ip) = if s.vif.ipv6 {
        ("ip6", "ip6")
    } else {
        ("ip", "ip")
    };
    let n = s.router.neighbor;
    let mut rules = Vec::new();
    let mut output = Vec::new();
    for rule in &fw.rules {
        match rule {
            FwRule::AcceptEstablished => {
                rules.push("ct state { established, related } counter accept".to_string())
            }
            FwRule::AcceptBgpFromPeer => {
                rules.push(format!("{ip} saddr {n} tcp dport 179 counter accept"));
                rules.push(format!("{ip} saddr {n} tcp sport 179 counter accept"));
            }
            FwRule::DropBgp => {
                rules.push("tcp dport 179 counter drop".into());
                rules.push("tcp sport 179 counter drop".into());
            }
            FwRule::DropBgpOutput => {
                output.push("tcp dport 179 counter drop".to_string());
                output.push("tcp sport 179 counter drop".to_string());
            }
        }
    }
    format!(
        "table {table} vyos_filter {{\n    chain VYOS_INPUT_filter {{\n        type filter hook input priority filter; policy accept;\n        {}\n    }}\n    chain VYOS_OUTPUT_filter {{\n        type filter hook output priority filter; policy accept;\n        {}\n    }}\n}}\n",
        rules.join("\n        "),
        output.join("\n        ")
    )
}

/// Load the scenario's ruleset into the customer namespace.
pub fn apply(ns: &str, s: &Scenario, fw: &Firewall, dir: &Path) -> Result<(), String> {
    let path = dir.join("nftables.rules");
    std::fs::write(&path, nft_ruleset(s, fw)).map_err(|e| e.to_string())?;
    let p = path.display().to_string();
    crate::net::run(&["ip", "netns", "exec", ns, "nft", "-f", &p]).map(|_| ())
}

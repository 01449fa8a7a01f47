//! Fixes as FortiOS CLI: `config … / edit … / set … / next / end` blocks that paste into
//! the CLI as they are. Keys are never rendered: a key fix writes the placeholder given.

use crate::fix::{local_as_plan, Fix, LocalAsPlan, VpnFix};
use crate::model::{Afi, RouterModel};
use std::net::IpAddr;

pub fn render_fix(fix: &Fix, model: &RouterModel) -> String {
    let iface = |name: &str, sets: &[String]| block("system interface", Some(name), sets);
    let nb = |n: &IpAddr, sets: &[String]| neighbor(n, sets);
    match fix {
        Fix::InterfaceVlan { interface, vlan } => iface(interface, &[format!("set vlanid {vlan}")]),
        Fix::InterfaceAddress { interface, address } => {
            iface(interface, &[format!("set ip {}", ip_mask(address))])
        }
        Fix::InterfaceMtu { interface, mtu } => iface(
            interface,
            &["set mtu-override enable".into(), format!("set mtu {mtu}")],
        ),
        Fix::InterfaceEnable { interface } => iface(interface, &["set status up".into()]),
        Fix::EnableVlanTagging { interface } => iface(
            interface,
            &["# a FortiGate tags a VLAN interface (set vlanid) on this port".into()],
        ),
        Fix::NewSubinterface {
            parent,
            vlan,
            address,
            mtu,
            vrf,
        } => {
            let mut sets = vec![
                "set vdom \"root\"".to_string(),
                format!("set interface \"{parent}\""),
                format!("set vlanid {vlan}"),
            ];
            if let Some(v) = vrf {
                sets.push(format!("set vrf {v}"));
            }
            sets.push(format!("set ip {}", ip_mask(address)));
            if let Some(m) = mtu {
                sets.push("set mtu-override enable".into());
                sets.push(format!("set mtu {m}"));
            }
            iface(&format!("{parent}.{vlan}"), &sets)
        }
        Fix::NeighborAddress {
            from,
            to,
            remote_as,
        } => {
            let mut s = String::from("config router bgp\n    config neighbor\n");
            if let Some(f) = from {
                s.push_str(&format!("        delete \"{f}\"\n"));
            }
            s.push_str(&format!("        edit \"{to}\"\n"));
            if let Some(a) = remote_as {
                s.push_str(&format!("            set remote-as {a}\n"));
            }
            s.push_str("        next\n    end\nend");
            s
        }
        Fix::LocalAs {
            asn,
            neighbor,
            process_asn,
            peer,
        } => match local_as_plan(*asn, *neighbor, *process_asn, *peer) {
            LocalAsPlan::RemoveNeighborLocalAs(n) => nb(&n, &["unset local-as".into()]),
            // The process keeps its AS: the AWS neighbor presents the VIF's instead.
            LocalAsPlan::NeighborLocalAs { neighbor: n, .. } => nb(
                &n,
                &[
                    format!("set local-as {asn}"),
                    "set local-as-no-prepend enable".into(),
                    "set local-as-replace-as enable".into(),
                ],
            ),
            LocalAsPlan::ProcessAs { .. } => format!("config router bgp\n    set as {asn}\nend"),
        },
        // FortiOS runs one BGP instance; a neighbor's table is the VRF of the interface that
        // reaches it, so the interface's `set vrf` (not the neighbor) is what to change.
        Fix::NeighborVrf { neighbor, vrf, .. } => format!(
            "# FortiOS: {neighbor} is reached in VRF {}; put the interface toward it in the VRF its BGP routes belong to (config system interface / edit <port> / set vrf N) or announce them there",
            vrf.as_deref().unwrap_or("0")
        ),
        Fix::RemoteAs { neighbor, asn } => nb(neighbor, &[format!("set remote-as {asn}")]),
        Fix::Password {
            neighbor,
            placeholder,
        } => nb(neighbor, &[format!("set password {placeholder}")]),
        Fix::RemovePassword { neighbor } => nb(neighbor, &["unset password".into()]),
        Fix::Timers {
            neighbor,
            keepalive,
            hold,
        } => nb(
            neighbor,
            &[
                format!("set keep-alive-timer {keepalive}"),
                format!("set holdtime-timer {hold}"),
            ],
        ),
        Fix::RemoveMultihop { neighbor } => {
            nb(neighbor, &["set ebgp-enforce-multihop disable".into()])
        }
        Fix::RemoveTtlSecurity { neighbor } => nb(neighbor, &["unset ttl-security".into()]),
        Fix::RemoveUpdateSource { neighbor } => nb(neighbor, &["unset update-source".into()]),
        Fix::NeighborEnable { neighbor } => nb(neighbor, &["set shutdown disable".into()]),
        Fix::Bfd { neighbor } => nb(neighbor, &["set bfd enable".into()]),
        Fix::ActivateFamily { neighbor, afi } => nb(
            neighbor,
            &[format!(
                "set {} enable",
                if *afi == Afi::Ipv6 {
                    "activate6"
                } else {
                    "activate"
                }
            )],
        ),
        Fix::OutboundFilter {
            neighbor,
            afi,
            name,
        } => {
            let (sec, key, out) = if *afi == Afi::Ipv6 {
                ("prefix-list6", "prefix6", "prefix-list-out6")
            } else {
                ("prefix-list", "prefix", "prefix-list-out")
            };
            format!(
                "config router {sec}\n    edit \"{name}\"\n        config rule\n            edit 1\n                set {key} <prefix to advertise>\n            next\n        end\n    next\nend\n{}",
                nb(neighbor, &[format!("set {out} \"{name}\"")])
            )
        }
        Fix::RemoveDefaultOriginate { neighbor, afi } => nb(
            neighbor,
            &[format!(
                "set capability-default-originate{} disable",
                if *afi == Afi::Ipv6 { "6" } else { "" }
            )],
        ),
        Fix::Advertise { prefix, .. } => {
            let (sec, key) = if prefix.addr().is_ipv6() {
                ("network6", "prefix6")
            } else {
                ("network", "prefix")
            };
            format!(
                "config router bgp\n    config {sec}\n        edit 0\n            set {key} {}\n        next\n    end\nend",
                ip_mask(prefix)
            )
        }
        Fix::TunnelDestination { interface, address } => block(
            "vpn ipsec phase1-interface",
            Some(interface),
            &[format!("set remote-gw {address}")],
        ),
        Fix::Vpn(v) => vpn(v, model),
        Fix::Note(s) => s.clone(),
        Fix::Filter(f) => f.describe(),
    }
}

fn ip_mask(n: &ipnet::IpNet) -> String {
    match n {
        ipnet::IpNet::V4(v) => format!("{} {}", v.addr(), v.netmask()),
        ipnet::IpNet::V6(_) => n.to_string(),
    }
}

/// `config SECTION` / `edit "NAME"` / the settings / `next` / `end`.
fn block(section: &str, edit: Option<&str>, sets: &[String]) -> String {
    let mut s = format!("config {section}\n");
    match edit {
        Some(e) => {
            s.push_str(&format!("    edit \"{e}\"\n"));
            for l in sets {
                s.push_str(&format!("        {l}\n"));
            }
            s.push_str("    next\n");
        }
        None => {
            for l in sets {
                s.push_str(&format!("    {l}\n"));
            }
        }
    }
    s.push_str("end");
    s
}

fn neighbor(n: &IpAddr, sets: &[String]) -> String {
    let mut s = format!("config router bgp\n    config neighbor\n        edit \"{n}\"\n");
    for l in sets {
        s.push_str(&format!("            {l}\n"));
    }
    s.push_str("        next\n    end\nend");
    s
}

/// The phase1 a proposal or peer name belongs to, and the phase2 entries of that phase1.
fn phase1_of(model: &RouterModel, name: &str) -> String {
    model
        .ipsec
        .peers
        .iter()
        .find(|p| {
            p.name == name
                || p.ike_proposals.iter().any(|x| x == name)
                || p.ipsec_proposals.iter().any(|x| x == name)
        })
        .map_or_else(|| name.to_string(), |p| p.name.clone())
}

fn phase2_names(model: &RouterModel, peer: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(p) = model.ipsec.peers.iter().find(|p| p.name == peer) {
        for prop in &p.ipsec_proposals {
            let name = prop.split(' ').next().unwrap_or(prop).to_string();
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    if out.is_empty() {
        out.push(peer.to_string());
    }
    out
}

fn vpn(v: &VpnFix, model: &RouterModel) -> String {
    let p1 = |peer: &str, sets: &[String]| block("vpn ipsec phase1-interface", Some(peer), sets);
    let p2 = |peer: &str, sets: &[String]| {
        phase2_names(model, peer)
            .iter()
            .map(|n| block("vpn ipsec phase2-interface", Some(n), sets))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match v {
        VpnFix::PeerAddress { peer, to, .. } => p1(peer, &[format!("set remote-gw {to}")]),
        VpnFix::Psk {
            peer, placeholder, ..
        } => p1(peer, &[format!("set psksecret {placeholder}")]),
        VpnFix::Phase1 {
            peer,
            ike_version,
            encryption,
            integrity,
            dh_group,
            lifetime,
        } => p1(
            peer,
            &[
                format!("set ike-version {ike_version}"),
                format!("set proposal {}", pair(encryption, integrity, true)),
                format!("set dhgrp {dh_group}"),
                format!("set keylife {lifetime}"),
            ],
        ),
        VpnFix::Phase2 {
            peer,
            encryption,
            integrity,
            pfs_group,
            lifetime,
        } => p2(
            peer,
            &[
                format!("set proposal {}", pair(encryption, integrity, false)),
                "set pfs enable".into(),
                format!("set dhgrp {pfs_group}"),
                format!("set keylifeseconds {lifetime}"),
            ],
        ),
        VpnFix::Phase1Lifetime { proposal, seconds } => p1(
            &phase1_of(model, proposal),
            &[format!("set keylife {seconds}")],
        ),
        VpnFix::Phase2Lifetime { proposal, seconds } => {
            let peer = phase1_of(model, proposal);
            p2(&peer, &[format!("set keylifeseconds {seconds}")])
        }
        VpnFix::Dpd {
            peer,
            interval,
            retries,
        } => p1(
            peer,
            &[
                "set dpd on-idle".into(),
                format!("set dpd-retryinterval {interval}"),
                format!("set dpd-retrycount {retries}"),
            ],
        ),
        VpnFix::IkeVersion { peer, version } => p1(peer, &[format!("set ike-version {version}")]),
        VpnFix::TunnelMtu {
            interface,
            mtu,
            mss,
        } => {
            let mut sets = Vec::new();
            if let Some(m) = mtu {
                sets.push("set mtu-override enable".to_string());
                sets.push(format!("set mtu {m}"));
            }
            if let Some(m) = mss {
                sets.push(format!("set tcp-mss {m}"));
            }
            block("system interface", Some(interface), &sets)
        }
    }
}

/// AWS's names → a FortiOS proposal (`aes128-sha1`, `aes256gcm-prfsha256`, phase 2
/// `aes256gcm`).
fn pair(enc: &str, int: &str, phase1: bool) -> String {
    let h = match int {
        "SHA2-256" => "sha256",
        "SHA2-384" => "sha384",
        "SHA2-512" => "sha512",
        _ => "sha1",
    };
    match enc {
        "AES128-GCM-16" | "AES256-GCM-16" => {
            let e = if enc.starts_with("AES128") {
                "aes128gcm"
            } else {
                "aes256gcm"
            };
            if phase1 {
                format!("{e}-prf{h}")
            } else {
                e.to_string()
            }
        }
        "AES256" => format!("aes256-{h}"),
        _ => format!("aes128-{h}"),
    }
}

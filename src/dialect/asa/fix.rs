//! Fixes as ASA CLI. BGP fixes are IOS's lines moved under `address-family ipv4 unicast`
//! (ASA takes neighbor commands only there); interface, VPN and MSS fixes use ASA's own
//! commands (`vlan N`, `mtu NAMEIF N`, `tunnel-group`, `crypto ikev1|ikev2 policy`,
//! `sysopt connection tcpmss`). Keys are never rendered: a key fix writes the placeholder
//! it was given.

use crate::fix::{Fix, VpnFix};
use crate::model::{IkePeer, RouterModel};

pub fn render_fix(fix: &Fix, model: &RouterModel) -> String {
    match fix {
        Fix::InterfaceVlan { interface, vlan } => format!("interface {interface}\n vlan {vlan}"),
        Fix::InterfaceMtu { interface, mtu } => {
            format!("mtu <nameif of {interface}> {mtu}")
        }
        Fix::NewSubinterface {
            parent,
            vlan,
            address,
            mtu,
            // ASA routes in one table per context: there is no VRF to join.
            vrf: _,
        } => {
            let mut s = format!(
                "interface {parent}.{vlan}\n vlan {vlan}\n nameif <name>\n security-level 0\n ip address {} {}",
                address.addr(),
                address.netmask()
            );
            if let Some(m) = mtu {
                s.push_str(&format!("\nmtu <name> {m}"));
            }
            s
        }
        Fix::Vpn(v) => vpn(v, model),
        other => under_address_family(&crate::dialect::cisco::render_fix(other, model)),
    }
}

/// `router bgp N` followed by neighbor lines at one space: put them under the family.
fn under_address_family(ios: &str) -> String {
    let mut lines = ios.lines();
    let Some(first) = lines.next() else {
        return String::new();
    };
    let rest: Vec<&str> = lines.collect();
    let bare = rest
        .iter()
        .any(|l| l.starts_with(" neighbor") || l.starts_with(" no neighbor"));
    if !first.starts_with("router bgp")
        || !bare
        || rest.iter().any(|l| l.contains("address-family"))
    {
        return ios.to_string();
    }
    let mut out = vec![
        first.to_string(),
        " address-family ipv4 unicast".to_string(),
    ];
    out.extend(rest.iter().map(|l| format!(" {l}")));
    out.join("\n")
}

fn peer<'m>(model: &'m RouterModel, name: &str) -> Option<&'m IkePeer> {
    model.ipsec.peers.iter().find(|p| p.name == name)
}

/// `crypto ipsec profile P` or `crypto map M S` lines setting `what`.
fn binding_lines(p: Option<&IkePeer>, what: &str) -> String {
    match p.and_then(|p| p.profile.as_deref()) {
        Some(m) if m.contains(' ') => format!("crypto map {m} set {what}"),
        Some(prof) => format!("crypto ipsec profile {prof}\n set {what}"),
        None => format!("crypto ipsec profile <profile of this tunnel>\n set {what}"),
    }
}

fn version_of(p: Option<&IkePeer>) -> u8 {
    p.and_then(|p| p.ike_version.as_ref())
        .map_or(1, |v| v.value)
}

fn vpn(v: &VpnFix, model: &RouterModel) -> String {
    match v {
        VpnFix::PeerAddress { peer: name, to, .. } => {
            let p = peer(model, name);
            let mut out = Vec::new();
            match p.and_then(|p| p.interface.as_deref()) {
                Some(i) => out.push(format!("interface {i}\n tunnel destination {to}")),
                None => out.push(binding_lines(p, &format!("peer {to}"))),
            }
            out.push(format!(
                "tunnel-group {to} type ipsec-l2l\ntunnel-group {to} ipsec-attributes\n {}",
                key_lines(version_of(p), "<PreSharedKey of this tunnel>")
            ));
            out.join("\n")
        }
        VpnFix::Psk {
            peer: name,
            ike_version,
            placeholder,
            ..
        } => {
            let v = ike_version.unwrap_or_else(|| version_of(peer(model, name)));
            format!(
                "tunnel-group {name} ipsec-attributes\n {}",
                key_lines(v, placeholder)
            )
        }
        VpnFix::Phase1 {
            ike_version,
            encryption,
            integrity,
            dh_group,
            lifetime,
            ..
        } => {
            if *ike_version == 2 {
                let int = if encryption.contains("GCM") {
                    "null".to_string()
                } else {
                    hash(integrity).to_string()
                };
                format!(
                    "crypto ikev2 policy 10\n encryption {}\n integrity {int}\n group {dh_group}\n prf {}\n lifetime seconds {lifetime}",
                    cipher(encryption),
                    hash(integrity)
                )
            } else {
                format!(
                    "crypto ikev1 policy 10\n authentication pre-share\n encryption {}\n hash {}\n group {dh_group}\n lifetime {lifetime}",
                    cipher(encryption),
                    hash(integrity)
                )
            }
        }
        VpnFix::Phase2 {
            peer: name,
            encryption,
            integrity,
            pfs_group,
            lifetime,
        } => {
            let p = peer(model, name);
            let (def, set) = if version_of(p) == 2 {
                let mut d = format!(
                    "crypto ipsec ikev2 ipsec-proposal AWS-ESP\n protocol esp encryption {}",
                    cipher(encryption)
                );
                if !encryption.contains("GCM") {
                    d.push_str(&format!(
                        "\n protocol esp integrity {}",
                        esp_integrity(integrity)
                    ));
                }
                (d, "ikev2 ipsec-proposal AWS-ESP")
            } else {
                (
                    format!(
                        "crypto ipsec ikev1 transform-set AWS-ESP esp-{} esp-{}-hmac",
                        cipher(encryption),
                        hash(integrity)
                    ),
                    "ikev1 transform-set AWS-ESP",
                )
            };
            let mut out = vec![def];
            for what in [
                set.to_string(),
                format!("pfs group{pfs_group}"),
                format!("security-association lifetime seconds {lifetime}"),
            ] {
                out.push(binding_lines(p, &what));
            }
            out.join("\n")
        }
        VpnFix::Phase1Lifetime { proposal, seconds } => {
            if let Some(n) = proposal.strip_prefix("ikev2 policy ") {
                format!("crypto ikev2 policy {n}\n lifetime seconds {seconds}")
            } else if let Some(n) = proposal.strip_prefix("ikev1 policy ") {
                format!("crypto ikev1 policy {n}\n lifetime {seconds}")
            } else {
                format!("crypto ikev1 policy <priority>\n lifetime {seconds}")
            }
        }
        VpnFix::Phase2Lifetime { proposal, seconds } => {
            // ASA keeps the phase-2 lifetime on the profile or map entry, not the proposal.
            let p = peer(model, proposal).or_else(|| {
                model
                    .ipsec
                    .peers
                    .iter()
                    .find(|p| p.ipsec_proposals.contains(proposal))
            });
            let what = format!("security-association lifetime seconds {seconds}");
            match p {
                Some(_) => binding_lines(p, &what),
                None => format!("crypto ipsec {what}"),
            }
        }
        VpnFix::Dpd {
            peer,
            interval,
            retries,
        } => format!(
            "tunnel-group {peer} ipsec-attributes\n isakmp keepalive threshold {interval} retry {retries}"
        ),
        VpnFix::IkeVersion { peer: name, version } => {
            let p = peer(model, name);
            if *version == 2 {
                format!(
                    "crypto ikev2 enable <outside nameif>\n{}\ntunnel-group {name} ipsec-attributes\n {}",
                    binding_lines(p, "ikev2 ipsec-proposal <proposal>"),
                    key_lines(2, "<PreSharedKey of this tunnel>")
                )
            } else {
                format!(
                    "crypto ikev1 enable <outside nameif>\n{}\ntunnel-group {name} ipsec-attributes\n {}",
                    binding_lines(p, "ikev1 transform-set <transform-set>"),
                    key_lines(1, "<PreSharedKey of this tunnel>")
                )
            }
        }
        VpnFix::TunnelMtu { interface, mtu, mss } => {
            let mut out = Vec::new();
            if let Some(m) = mtu {
                out.push(format!("mtu <nameif of {interface}> {m}"));
            }
            if let Some(m) = mss {
                out.push(format!("sysopt connection tcpmss {m}"));
            }
            out.join("\n")
        }
    }
}

fn key_lines(version: u8, key: &str) -> String {
    if version == 2 {
        format!(
            "ikev2 remote-authentication pre-shared-key {key}\n ikev2 local-authentication pre-shared-key {key}"
        )
    } else {
        format!("ikev1 pre-shared-key {key}")
    }
}

/// AWS's name → ASA's keyword (IKE policies and, after `esp-`, transform-sets).
fn cipher(aws: &str) -> &'static str {
    match aws {
        "AES256" => "aes-256",
        "AES128-GCM-16" => "aes-gcm",
        "AES256-GCM-16" => "aes-gcm-256",
        _ => "aes",
    }
}

fn hash(aws: &str) -> &'static str {
    match aws {
        "SHA2-256" => "sha256",
        "SHA2-384" => "sha384",
        "SHA2-512" => "sha512",
        _ => "sha",
    }
}

fn esp_integrity(aws: &str) -> &'static str {
    match aws {
        "SHA2-256" => "sha-256",
        "SHA2-384" => "sha-384",
        "SHA2-512" => "sha-512",
        _ => "sha-1",
    }
}

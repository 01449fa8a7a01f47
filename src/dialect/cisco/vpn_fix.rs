//! IKE / IPsec fixes in IOS / IOS-XE syntax (`crypto isakmp`, `crypto ikev2`, `crypto ipsec`).

use crate::fix::VpnFix;
use crate::model::{IkePeer, RouterModel};

pub(super) fn render(fix: &VpnFix, model: &RouterModel) -> String {
    let peer_of = |name: &str| model.ipsec.peers.iter().find(|p| p.name == name);
    match fix {
        VpnFix::PeerAddress { peer, from, to } => {
            let p = peer_of(peer);
            let mut out = Vec::new();
            match version(p) {
                Some(2) => {
                    let ring = p.and_then(|p| p.keyring.as_deref()).unwrap_or("<keyring>");
                    let block = p
                        .and_then(|p| p.keyring_peer.as_deref())
                        .unwrap_or("<peer>");
                    out.push(format!(
                        "crypto ikev2 keyring {ring}\n peer {block}\n  address {to}"
                    ));
                    let prof = profile_name(p, peer);
                    let mut s = format!("crypto ikev2 profile {prof}");
                    if let Some(f) = from {
                        s.push_str(&format!(
                            "\n no match identity remote address {f} 255.255.255.255"
                        ));
                    }
                    s.push_str(&format!(
                        "\n match identity remote address {to} 255.255.255.255"
                    ));
                    out.push(s);
                }
                _ => {
                    let ring = p.and_then(|p| p.keyring.as_deref()).unwrap_or("<keyring>");
                    out.push(format!(
                        "crypto keyring {ring}\n pre-shared-key address {to} key <PreSharedKey of this tunnel>"
                    ));
                    let prof = profile_name(p, peer);
                    let mut s = format!("crypto isakmp profile {prof}");
                    if let Some(f) = from {
                        s.push_str(&format!("\n no match identity address {f} 255.255.255.255"));
                    }
                    s.push_str(&format!("\n match identity address {to} 255.255.255.255"));
                    out.push(s);
                }
            }
            out.join("\n")
        }
        VpnFix::Psk {
            peer,
            address,
            ike_version,
            placeholder,
        } => {
            let p = peer_of(peer);
            match ike_version.or(version(p)) {
                Some(2) => {
                    let ring = p.and_then(|p| p.keyring.as_deref()).unwrap_or("<keyring>");
                    let block = p
                        .and_then(|p| p.keyring_peer.clone())
                        .unwrap_or_else(|| address.to_string());
                    format!(
                        "crypto ikev2 keyring {ring}\n peer {block}\n  address {address}\n  pre-shared-key {placeholder}"
                    )
                }
                // Keyed by a global `crypto isakmp key` (no keyring, no isakmp profile).
                _ if p.is_some_and(|p| {
                    p.keyring.is_none() && p.profile.is_none() && p.psk.is_some()
                }) =>
                {
                    format!("crypto isakmp key {placeholder} address {address}")
                }
                _ => {
                    let ring = p.and_then(|p| p.keyring.as_deref()).unwrap_or("<keyring>");
                    format!("crypto keyring {ring}\n pre-shared-key address {address} key {placeholder}")
                }
            }
        }
        VpnFix::Phase1 {
            peer,
            ike_version,
            encryption,
            integrity,
            dh_group,
            lifetime,
        } => {
            if *ike_version == 2 {
                let (enc, int) = ikev2_names(encryption, integrity);
                // Add the proposal to the policy the configuration has; with none, IOS
                // runs its default policy, which any configured policy replaces.
                let policy = match &model.ipsec.ike_policy {
                    Some(p) => format!("crypto ikev2 policy {p}\n proposal AWS-PROPOSAL"),
                    None => "crypto ikev2 policy AWS-POLICY\n proposal AWS-PROPOSAL\n! this policy replaces IOS's default one for every IKEv2 peer: add the proposals the others need".to_string(),
                };
                format!(
                    "crypto ikev2 proposal AWS-PROPOSAL\n encryption {enc}\n {int}\n group {dh_group}\n! for {peer}:\n{policy}"
                )
            } else {
                format!(
                    "crypto isakmp policy {}\n encryption {}\n hash {}\n authentication pre-share\n group {dh_group}\n lifetime {lifetime}",
                    free_isakmp_policy(model),
                    ikev1_cipher(encryption),
                    ikev1_hash(integrity)
                )
            }
        }
        VpnFix::Phase2 {
            peer,
            encryption,
            integrity,
            pfs_group,
            lifetime,
        } => {
            let profile = ipsec_profile(model, peer_of(peer))
                .unwrap_or_else(|| format!("<IPsec profile of {peer}>"));
            format!(
                "crypto ipsec transform-set AWS-TS {}\n mode tunnel\ncrypto ipsec profile {profile}\n set transform-set AWS-TS\n set pfs group{pfs_group}\n set security-association lifetime seconds {lifetime}",
                transform(encryption, integrity)
            )
        }
        VpnFix::Phase1Lifetime { proposal, seconds } => {
            if proposal.chars().all(|c| c.is_ascii_digit()) {
                return format!("crypto isakmp policy {proposal}\n lifetime {seconds}");
            }
            // IKEv2 lifetimes live in the profile: the peer's, or those of the peers using
            // this proposal.
            let profiles = users(model, proposal, |p| &p.ike_proposals)
                .filter_map(|p| p.profile.clone())
                .collect::<Vec<_>>();
            if profiles.is_empty() {
                return format!(
                    "crypto ikev2 profile <profile using {proposal}>\n lifetime {seconds}"
                );
            }
            profiles
                .iter()
                .map(|p| format!("crypto ikev2 profile {p}\n lifetime {seconds}"))
                .collect::<Vec<_>>()
                .join("\n")
        }
        VpnFix::Phase2Lifetime { proposal, seconds } => {
            let mut profiles: Vec<String> = Vec::new();
            for p in users(model, proposal, |p| &p.ipsec_proposals) {
                if let Some(n) = ipsec_profile(model, Some(p)) {
                    if !profiles.contains(&n) {
                        profiles.push(n);
                    }
                }
            }
            if profiles.is_empty() {
                return format!("crypto ipsec security-association lifetime seconds {seconds}");
            }
            profiles
                .iter()
                .map(|p| format!("crypto ipsec profile {p}\n set security-association lifetime seconds {seconds}"))
                .collect::<Vec<_>>()
                .join("\n")
        }
        VpnFix::Dpd {
            peer,
            interval,
            retries: _,
        } => {
            let p = peer_of(peer);
            match version(p) {
                Some(2) => format!(
                    "crypto ikev2 profile {}\n dpd {interval} {interval} on-demand",
                    profile_name(p, peer)
                ),
                _ => format!("crypto isakmp keepalive {interval} {interval} on-demand"),
            }
        }
        VpnFix::IkeVersion { peer, version } => {
            let p = peer_of(peer);
            let ipsec =
                ipsec_profile(model, p).unwrap_or_else(|| format!("<IPsec profile of {peer}>"));
            if *version == 2 {
                format!(
                    "! IKEv2 for {peer}: crypto ikev2 proposal, policy, keyring and profile, then\ncrypto ipsec profile {ipsec}\n no set isakmp-profile\n set ikev2-profile <ikev2 profile>"
                )
            } else {
                format!(
                    "! IKEv1 for {peer}: crypto isakmp policy, crypto keyring and crypto isakmp profile, then\ncrypto ipsec profile {ipsec}\n no set ikev2-profile\n set isakmp-profile <isakmp profile>"
                )
            }
        }
        VpnFix::TunnelMtu {
            interface,
            mtu,
            mss,
        } => {
            let mut out = format!("interface {interface}");
            if let Some(m) = mtu {
                out.push_str(&format!("\n ip mtu {m}"));
            }
            if let Some(m) = mss {
                out.push_str(&format!("\n ip tcp adjust-mss {m}"));
            }
            out
        }
    }
}

/// The isakmp / ikev2 profile of a peer, else a placeholder naming the peer.
fn profile_name(peer: Option<&IkePeer>, name: &str) -> String {
    peer.and_then(|p| p.profile.clone())
        .unwrap_or_else(|| format!("<profile of {name}>"))
}

/// The `crypto ipsec profile` protecting the peer's tunnel interface.
fn ipsec_profile(model: &RouterModel, peer: Option<&IkePeer>) -> Option<String> {
    let i = model.interface(peer?.interface.as_deref()?)?;
    Some(i.tunnel.as_ref()?.protection.as_ref()?.value.clone())
}

/// The peer named `owner` (a peer-level setting), else the peers whose list names `owner`.
fn users<'m>(
    model: &'m RouterModel,
    owner: &'m str,
    list: impl Fn(&IkePeer) -> &Vec<String> + 'm,
) -> impl Iterator<Item = &'m IkePeer> + 'm {
    let named: Vec<&IkePeer> = model
        .ipsec
        .peers
        .iter()
        .filter(|p| p.name == owner)
        .collect();
    let using: Vec<&IkePeer> = model
        .ipsec
        .peers
        .iter()
        .filter(|p| list(p).iter().any(|n| n == owner))
        .collect();
    if named.is_empty() { using } else { named }.into_iter()
}

/// An isakmp policy number not in use (IOS numbers are priorities; AWS's guide uses 200).
fn free_isakmp_policy(model: &RouterModel) -> u32 {
    (200..)
        .find(|n| {
            !model
                .ipsec
                .ike_proposals
                .iter()
                .any(|p| p.name == n.to_string())
        })
        .unwrap_or(200)
}

fn version(peer: Option<&IkePeer>) -> Option<u8> {
    peer.and_then(|p| p.ike_version.as_ref()).map(|v| v.value)
}

fn bits(aws: &str) -> &'static str {
    if aws.contains("256") {
        "256"
    } else {
        "128"
    }
}

fn ikev1_cipher(aws: &str) -> String {
    format!("aes {}", bits(aws))
}

fn ikev1_hash(aws: &str) -> &'static str {
    match aws {
        "SHA2-256" => "sha256",
        "SHA2-384" => "sha384",
        "SHA2-512" => "sha512",
        _ => "sha",
    }
}

/// IKEv2 proposal lines: AES-GCM takes a PRF instead of an integrity algorithm.
fn ikev2_names(enc: &str, int: &str) -> (String, String) {
    let hash = match int {
        "SHA2-256" => "sha256",
        "SHA2-384" => "sha384",
        "SHA2-512" => "sha512",
        _ => "sha1",
    };
    if enc.ends_with("GCM-16") {
        (format!("aes-gcm-{}", bits(enc)), format!("prf {hash}"))
    } else {
        (
            format!("aes-cbc-{}", bits(enc)),
            format!("integrity {hash}"),
        )
    }
}

fn transform(enc: &str, int: &str) -> String {
    if enc.ends_with("GCM-16") {
        return format!("esp-gcm {}", bits(enc));
    }
    let hmac = match int {
        "SHA2-256" => "esp-sha256-hmac",
        "SHA2-384" => "esp-sha384-hmac",
        "SHA2-512" => "esp-sha512-hmac",
        _ => "esp-sha-hmac",
    };
    format!("esp-aes {} {hmac}", bits(enc))
}

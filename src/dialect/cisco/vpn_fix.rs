//! IKE / IPsec fixes in IOS / IOS-XE syntax (`crypto isakmp`, `crypto ikev2`, `crypto ipsec`).

use crate::fix::VpnFix;
use crate::model::{IkePeer, RouterModel};

pub(super) fn render(fix: &VpnFix, model: &RouterModel) -> String {
    let peer_of = |name: &str| model.ipsec.peers.iter().find(|p| p.name == name);
    match fix {
        VpnFix::PeerAddress { peer, from, to } => {
            let from = from.map(|f| format!(" (instead of {f})")).unwrap_or_default();
            match version(peer_of(peer)) {
                Some(2) => format!(
                    "! IKEv2 peer {peer}{from}: keyring peer address and profile identity\n address {to}\n match identity remote address {to} 255.255.255.255"
                ),
                _ => format!(
                    "! IKEv1 peer {peer}{from}: keyring entry and isakmp profile identity\n pre-shared-key address {to} key <PreSharedKey of this tunnel>\n match identity address {to} 255.255.255.255"
                ),
            }
        }
        VpnFix::Psk {
            peer,
            address,
            ike_version,
            placeholder,
        } => match ike_version.or(version(peer_of(peer))) {
            Some(2) => format!(
                "crypto ikev2 keyring {peer}\n peer {address}\n  address {address}\n  pre-shared-key {placeholder}"
            ),
            _ => format!(
                "crypto keyring {peer}\n pre-shared-key address {address} key {placeholder}"
            ),
        },
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
                format!(
                    "crypto ikev2 proposal AWS-PROPOSAL\n encryption {enc}\n {int}\n group {dh_group}\n! and reference it for {peer}: crypto ikev2 policy <policy>\n proposal AWS-PROPOSAL"
                )
            } else {
                format!(
                    "crypto isakmp policy 200\n encryption {}\n hash {}\n authentication pre-share\n group {dh_group}\n lifetime {lifetime}",
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
            let profile = peer_of(peer)
                .and_then(|p| p.interface.as_deref())
                .and_then(|i| model.interface(i))
                .and_then(|i| i.tunnel.as_ref()?.protection.as_ref())
                .map(|p| p.value.clone())
                .unwrap_or_else(|| format!("<IPsec profile of {peer}>"));
            format!(
                "crypto ipsec transform-set AWS-TS {}\n mode tunnel\ncrypto ipsec profile {profile}\n set transform-set AWS-TS\n set pfs group{pfs_group}\n set security-association lifetime seconds {lifetime}",
                transform(encryption, integrity)
            )
        }
        VpnFix::Phase1Lifetime { proposal, seconds } => {
            if proposal.chars().all(|c| c.is_ascii_digit()) {
                format!("crypto isakmp policy {proposal}\n lifetime {seconds}")
            } else {
                format!("crypto ikev2 profile <profile using {proposal}>\n lifetime {seconds}")
            }
        }
        VpnFix::Phase2Lifetime { seconds, .. } => {
            format!("crypto ipsec security-association lifetime seconds {seconds}")
        }
        VpnFix::Dpd {
            peer,
            interval,
            retries: _,
        } => match version(peer_of(peer)) {
            Some(2) => format!(
                "crypto ikev2 profile <profile of {peer}>\n dpd {interval} {interval} on-demand"
            ),
            _ => format!("crypto isakmp keepalive {interval} {interval} on-demand"),
        },
        VpnFix::IkeVersion { peer, version } => {
            if *version == 2 {
                format!(
                    "! IKEv2 for {peer}: crypto ikev2 proposal, policy, keyring and profile, then\ncrypto ipsec profile <profile of {peer}>\n set ikev2-profile <ikev2 profile>"
                )
            } else {
                format!(
                    "! IKEv1 for {peer}: crypto isakmp policy, crypto keyring and crypto isakmp profile, then\ncrypto ipsec profile <profile of {peer}>\n set isakmp-profile <isakmp profile>"
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

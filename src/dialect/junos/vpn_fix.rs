//! IKE / IPsec fixes in Junos `set` syntax (`security ike`, `security ipsec`, st0 units).

use crate::fix::VpnFix;
use crate::model::RouterModel;

pub(super) fn render(fix: &VpnFix, model: &RouterModel) -> Vec<String> {
    let peer_of = |name: &str| model.ipsec.peers.iter().find(|p| p.name == name);
    // The policy the configuration has (DX905's fix names it), else a placeholder.
    let ike_policy = |peer: &str| {
        peer_of(peer)
            .and_then(|p| p.profile.clone())
            .unwrap_or_else(|| format!("<ike-policy of gateway {peer}>"))
    };
    match fix {
        VpnFix::PeerAddress { peer, to, .. } => {
            vec![format!("set security ike gateway {peer} address {to}")]
        }
        VpnFix::Psk {
            peer, placeholder, ..
        } => vec![format!(
            "set security ike policy {} pre-shared-key ascii-text \"{placeholder}\"",
            ike_policy(peer)
        )],
        VpnFix::Phase1 {
            peer,
            ike_version: _,
            encryption,
            integrity,
            dh_group,
            lifetime,
        } => {
            let p = "set security ike proposal AWS-P1";
            let mut out = vec![
                format!("{p} authentication-method pre-shared-keys"),
                format!("{p} dh-group group{dh_group}"),
            ];
            if !encryption.ends_with("GCM-16") {
                out.push(format!("{p} authentication-algorithm {}", ike_hash(integrity)));
            }
            out.push(format!("{p} encryption-algorithm {}", cipher(encryption)));
            out.push(format!("{p} lifetime-seconds {lifetime}"));
            out.push(format!(
                "set security ike policy {} proposals AWS-P1",
                ike_policy(peer)
            ));
            out
        }
        VpnFix::Phase2 {
            peer,
            encryption,
            integrity,
            pfs_group,
            lifetime,
        } => {
            let p = "set security ipsec proposal AWS-P2";
            let mut out = vec![format!("{p} protocol esp")];
            if !encryption.ends_with("GCM-16") {
                out.push(format!("{p} authentication-algorithm {}", esp_hash(integrity)));
            }
            out.push(format!("{p} encryption-algorithm {}", cipher(encryption)));
            out.push(format!("{p} lifetime-seconds {lifetime}"));
            let policy = format!("<ipsec-policy of the vpn using gateway {peer}>");
            out.push(format!(
                "set security ipsec policy {policy} perfect-forward-secrecy keys group{pfs_group}"
            ));
            out.push(format!("set security ipsec policy {policy} proposals AWS-P2"));
            out
        }
        VpnFix::Phase1Lifetime { proposal, seconds } => vec![format!(
            "set security ike proposal {proposal} lifetime-seconds {seconds}"
        )],
        VpnFix::Phase2Lifetime { proposal, seconds } => vec![format!(
            "set security ipsec proposal {proposal} lifetime-seconds {seconds}"
        )],
        VpnFix::Dpd {
            peer,
            interval,
            retries,
        } => vec![format!(
            "set security ike gateway {peer} dead-peer-detection interval {interval} threshold {retries}"
        )],
        VpnFix::IkeVersion { peer, version } => vec![format!(
            "set security ike gateway {peer} version v{version}-only"
        )],
        VpnFix::TunnelMtu {
            interface,
            mtu,
            mss,
        } => {
            let mut out = Vec::new();
            if let Some(m) = mtu {
                let (ifd, unit) = interface.split_once('.').unwrap_or((interface, "0"));
                out.push(format!(
                    "set interfaces {ifd} unit {unit} family inet mtu {m}"
                ));
            }
            if let Some(m) = mss {
                out.push(format!("set security flow tcp-mss ipsec-vpn mss {m}"));
            }
            let _ = peer_of;
            out
        }
    }
}

fn cipher(aws: &str) -> &'static str {
    match aws {
        "AES256" => "aes-256-cbc",
        "AES128-GCM-16" => "aes-128-gcm",
        "AES256-GCM-16" => "aes-256-gcm",
        _ => "aes-128-cbc",
    }
}

fn ike_hash(aws: &str) -> &'static str {
    match aws {
        "SHA2-256" => "sha-256",
        "SHA2-384" => "sha-384",
        "SHA2-512" => "sha-512",
        _ => "sha1",
    }
}

fn esp_hash(aws: &str) -> &'static str {
    match aws {
        "SHA2-256" => "hmac-sha-256-128",
        "SHA2-384" => "hmac-sha-384",
        "SHA2-512" => "hmac-sha-512",
        _ => "hmac-sha1-96",
    }
}

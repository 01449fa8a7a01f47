//! IKE / IPsec fixes in VyOS `set` syntax, in the config's own generation: 1.3 names
//! site-to-site peers by address and keeps the key in the peer; 1.4+ names peers freely and
//! keeps keys under `authentication psk`.

use crate::fix::VpnFix;
use crate::model::RouterModel;

pub(super) fn render(fix: &VpnFix, model: &RouterModel) -> Vec<String> {
    let peer_of = |name: &str| model.ipsec.peers.iter().find(|p| p.name == name);
    // 1.3 peers are named by their address.
    let legacy = |name: &str| name.parse::<std::net::IpAddr>().is_ok();
    let group_of = |name: &str, esp: bool| -> String {
        peer_of(name)
            .and_then(|p| {
                if esp {
                    p.ipsec_proposals.first()
                } else {
                    p.ike_proposals.first()
                }
            })
            .cloned()
            .unwrap_or_else(|| {
                if esp {
                    "AWS-ESP".into()
                } else {
                    "AWS-IKE".into()
                }
            })
    };
    let s2s = "set vpn ipsec site-to-site peer";
    match fix {
        VpnFix::PeerAddress { peer, from, to } => {
            if legacy(peer) {
                let from = from.map(|f| f.to_string()).unwrap_or_else(|| peer.clone());
                vec![format!(
                    "rename vpn ipsec site-to-site peer {from} to peer {to}"
                )]
            } else {
                vec![format!("{s2s} {peer} remote-address {to}")]
            }
        }
        VpnFix::Psk {
            peer,
            address,
            placeholder,
            ..
        } => {
            if legacy(peer) {
                vec![format!(
                    "{s2s} {peer} authentication pre-shared-secret '{placeholder}'"
                )]
            } else {
                vec![
                    format!("set vpn ipsec authentication psk {peer} id {address}"),
                    format!("set vpn ipsec authentication psk {peer} secret '{placeholder}'"),
                ]
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
            let g = "set vpn ipsec ike-group AWS-IKE";
            vec![
                format!("{g} key-exchange ikev{ike_version}"),
                format!("{g} lifetime {lifetime}"),
                format!("{g} proposal 1 dh-group {dh_group}"),
                format!("{g} proposal 1 encryption {}", cipher(encryption)),
                format!("{g} proposal 1 hash {}", hash(integrity)),
                format!("{s2s} {peer} ike-group AWS-IKE"),
            ]
        }
        VpnFix::Phase2 {
            peer,
            encryption,
            integrity,
            pfs_group,
            lifetime,
        } => {
            let g = "set vpn ipsec esp-group AWS-ESP";
            vec![
                format!("{g} lifetime {lifetime}"),
                format!("{g} pfs dh-group{pfs_group}"),
                format!("{g} proposal 1 encryption {}", cipher(encryption)),
                format!("{g} proposal 1 hash {}", hash(integrity)),
                format!("{s2s} {peer} vti esp-group AWS-ESP"),
            ]
        }
        VpnFix::Phase1Lifetime { proposal, seconds } => {
            vec![format!(
                "set vpn ipsec ike-group {proposal} lifetime {seconds}"
            )]
        }
        VpnFix::Phase2Lifetime { proposal, seconds } => {
            vec![format!(
                "set vpn ipsec esp-group {proposal} lifetime {seconds}"
            )]
        }
        VpnFix::Dpd {
            peer,
            interval,
            retries,
        } => {
            let g = format!("set vpn ipsec ike-group {}", group_of(peer, false));
            vec![
                format!("{g} dead-peer-detection action restart"),
                format!("{g} dead-peer-detection interval {interval}"),
                format!("{g} dead-peer-detection timeout {}", interval * retries),
            ]
        }
        VpnFix::IkeVersion { peer, version } => vec![format!(
            "set vpn ipsec ike-group {} key-exchange ikev{version}",
            group_of(peer, false)
        )],
        VpnFix::TunnelMtu {
            interface,
            mtu,
            mss,
        } => {
            let mut out = Vec::new();
            if let Some(m) = mtu {
                out.push(format!("set interfaces vti {interface} mtu {m}"));
            }
            if let Some(m) = mss {
                out.push(format!("set interfaces vti {interface} ip adjust-mss {m}"));
            }
            out
        }
    }
}

fn cipher(aws: &str) -> &'static str {
    match aws {
        "AES256" => "aes256",
        "AES128-GCM-16" => "aes128gcm128",
        "AES256-GCM-16" => "aes256gcm128",
        _ => "aes128",
    }
}

fn hash(aws: &str) -> &'static str {
    match aws {
        "SHA2-256" => "sha256",
        "SHA2-384" => "sha384",
        "SHA2-512" => "sha512",
        _ => "sha1",
    }
}

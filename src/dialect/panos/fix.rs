//! Fixes as PAN-OS configuration-mode `set` commands (what `set cli config-output-format
//! set` prints). BGP peers are named by the peer entry (kept as the neighbor's
//! description) in their peer group; the virtual router is the neighbor's VRF, else
//! `default`. Keys are never rendered: a key fix writes the placeholder it was given.

use crate::fix::{Fix, VpnFix};
use crate::model::{IkePeer, RouterModel};
use std::net::IpAddr;

pub fn render_fix(fix: &Fix, model: &RouterModel) -> String {
    let lines: Vec<String> = match fix {
        Fix::InterfaceVlan { interface, vlan } => {
            vec![format!("{} tag {vlan}", unit(model, interface))]
        }
        Fix::InterfaceAddress { interface, address } => {
            vec![format!("{} ip {address}", unit(model, interface))]
        }
        Fix::InterfaceMtu { interface, mtu } => {
            vec![format!("{} mtu {mtu}", unit(model, interface))]
        }
        Fix::InterfaceEnable { interface } => {
            let port = interface.split('.').next().unwrap_or(interface);
            vec![format!(
                "set network interface ethernet {port} link-state up"
            )]
        }
        Fix::EnableVlanTagging { interface } => vec![format!(
            "# tag the layer-3 units of {interface} (units {interface}.N tag N)"
        )],
        Fix::NewSubinterface {
            parent,
            vlan,
            address,
            mtu,
            vrf,
        } => {
            let u = format!("set network interface ethernet {parent} layer3 units {parent}.{vlan}");
            let mut v = vec![format!("{u} tag {vlan}"), format!("{u} ip {address}")];
            if let Some(m) = mtu {
                v.push(format!("{u} mtu {m}"));
            }
            // A unit routes only as a member of the virtual router that runs BGP.
            let vr = vrf.as_deref().unwrap_or("default");
            v.push(format!(
                "set network virtual-router {vr} interface {parent}.{vlan}"
            ));
            v
        }
        Fix::NeighborAddress {
            from,
            to,
            remote_as,
        } => {
            let p = peer_path(model, from.unwrap_or(*to));
            let mut v = vec![format!("{p} peer-address ip {to}")];
            if let Some(a) = remote_as {
                v.push(format!("{p} peer-as {a}"));
            }
            v
        }
        Fix::LocalAs { asn, .. } => vec![format!("{} local-as {asn}", bgp_path(model, None))],
        // A peer belongs to one virtual router: delete it there, re-create it in the one
        // whose interface reaches it.
        Fix::NeighborVrf {
            neighbor,
            remote_as,
            vrf,
        } => {
            let old = peer_path(model, *neighbor);
            let name = peer_name(model, *neighbor);
            let vr = vrf.as_deref().unwrap_or("default");
            let new = format!(
                "set network virtual-router {vr} protocol bgp peer-group <peer group> peer {name}"
            );
            let ras = remote_as.map_or_else(|| "<remote AS>".to_string(), |a| a.to_string());
            vec![
                format!("delete {}", old.trim_start_matches("set ")),
                format!("{new} peer-address ip {neighbor}"),
                format!("{new} peer-as {ras}"),
                "# copy its authentication, timers and policies to the new peer".into(),
            ]
        }
        Fix::RemoteAs { neighbor, asn } => {
            vec![format!("{} peer-as {asn}", peer_path(model, *neighbor))]
        }
        Fix::Password {
            neighbor,
            placeholder,
        } => vec![
            format!(
                "{} auth-profile AWS-MD5 secret {placeholder}",
                bgp_path(model, Some(*neighbor))
            ),
            format!(
                "{} connection-options authentication AWS-MD5",
                peer_path(model, *neighbor)
            ),
        ],
        Fix::RemovePassword { neighbor } => vec![format!(
            "delete {} connection-options authentication",
            peer_path(model, *neighbor).trim_start_matches("set ")
        )],
        Fix::Timers {
            neighbor,
            keepalive,
            hold,
        } => vec![format!(
            "{} connection-options keep-alive-interval {keepalive} hold-time {hold}",
            peer_path(model, *neighbor)
        )],
        Fix::RemoveMultihop { neighbor } => vec![format!(
            "{} connection-options multihop 0",
            peer_path(model, *neighbor)
        )],
        Fix::RemoveTtlSecurity { neighbor } | Fix::RemoveUpdateSource { neighbor } => {
            vec![format!(
                "# {}: nothing to remove on PAN-OS",
                peer_path(model, *neighbor)
            )]
        }
        Fix::NeighborEnable { neighbor } | Fix::ActivateFamily { neighbor, .. } => {
            vec![format!("{} enable yes", peer_path(model, *neighbor))]
        }
        Fix::Bfd { neighbor } => vec![format!(
            "{} bfd profile default",
            peer_path(model, *neighbor)
        )],
        Fix::OutboundFilter { neighbor, name, .. } => {
            let r = format!(
                "{} policy export rules {name}",
                bgp_path(model, Some(*neighbor))
            );
            let group = neighbor_of(model, *neighbor)
                .and_then(|n| n.group.as_deref().map(str::to_string))
                .unwrap_or_else(|| "<peer group>".into());
            vec![
                format!("{r} used-by {group}"),
                format!("{r} match address-prefix <prefix to advertise> exact yes"),
                format!("{r} action allow"),
            ]
        }
        Fix::RemoveDefaultOriginate { neighbor, .. } => vec![format!(
            "# {}: remove the export or conditional-advertisement rule that sends 0.0.0.0/0",
            peer_path(model, *neighbor)
        )],
        Fix::Advertise { neighbor, prefix } => vec![format!(
            "{} policy export rules TO-AWS match address-prefix {prefix} exact yes",
            bgp_path(model, Some(*neighbor))
        )],
        Fix::TunnelDestination { interface, address } => {
            let gw = model
                .ipsec
                .peers
                .iter()
                .find(|p| p.interface.as_deref() == Some(interface.as_str()))
                .map_or("<ike gateway>", |p| p.name.as_str());
            vec![format!(
                "set network ike gateway {gw} peer-address ip {address}"
            )]
        }
        Fix::Vpn(v) => vpn(v, model),
        Fix::Note(s) => vec![s.clone()],
        Fix::Filter(f) => vec![f.describe()],
    };
    lines.join("\n")
}

/// `set network interface ethernet PORT layer3 units UNIT` / `… tunnel units tunnel.N` /
/// `… ethernet PORT layer3` for a port.
fn unit(model: &RouterModel, name: &str) -> String {
    if name.starts_with("tunnel") {
        return format!("set network interface tunnel units {name}");
    }
    let parent = model
        .interface(name)
        .and_then(|i| i.parent.as_deref().map(str::to_string));
    match parent {
        Some(p) => format!("set network interface ethernet {p} layer3 units {name}"),
        None => format!("set network interface ethernet {name} layer3"),
    }
}

fn neighbor_of(model: &RouterModel, addr: IpAddr) -> Option<&crate::model::Neighbor> {
    model
        .neighbors()
        .find(|(_, n)| n.addr == addr)
        .map(|(_, n)| n)
}

fn bgp_path(model: &RouterModel, addr: Option<IpAddr>) -> String {
    let vr = model
        .bgp
        .iter()
        .find(|p| addr.is_some_and(|a| p.neighbors.iter().any(|n| n.addr == a)))
        .or_else(|| model.bgp.first())
        .and_then(|p| p.vrf.clone())
        .unwrap_or_else(|| "default".into());
    format!("set network virtual-router {vr} protocol bgp")
}

/// The name of the BGP peer entry at `addr` (the reader keeps it as the description).
fn peer_name(model: &RouterModel, addr: IpAddr) -> String {
    neighbor_of(model, addr)
        .and_then(|n| n.description.clone())
        .unwrap_or_else(|| "<peer>".into())
}

fn peer_path(model: &RouterModel, addr: IpAddr) -> String {
    let group = neighbor_of(model, addr)
        .and_then(|n| n.group.as_deref().map(str::to_string))
        .unwrap_or_else(|| "<peer group>".into());
    let name = peer_name(model, addr);
    format!(
        "{} peer-group {group} peer {name}",
        bgp_path(model, Some(addr))
    )
}

fn peer<'m>(model: &'m RouterModel, name: &str) -> Option<&'m IkePeer> {
    model.ipsec.peers.iter().find(|p| p.name == name)
}

fn version(p: Option<&IkePeer>) -> u8 {
    p.and_then(|p| p.ike_version.as_ref())
        .map_or(1, |v| v.value)
}

fn vpn(v: &VpnFix, model: &RouterModel) -> Vec<String> {
    let gw = |name: &str| format!("set network ike gateway {name}");
    let ike = "set network ike crypto-profiles ike-crypto-profiles";
    let esp = "set network ike crypto-profiles ipsec-crypto-profiles";
    match v {
        VpnFix::PeerAddress { peer, to, .. } => vec![format!("{} peer-address ip {to}", gw(peer))],
        VpnFix::Psk {
            peer, placeholder, ..
        } => vec![format!(
            "{} authentication pre-shared-key key {placeholder}",
            gw(peer)
        )],
        VpnFix::Phase1 {
            peer,
            ike_version,
            encryption,
            integrity,
            dh_group,
            lifetime,
        } => vec![
            format!("{ike} AWS-IKE encryption {}", cipher(encryption)),
            format!("{ike} AWS-IKE hash {}", hash(integrity)),
            format!("{ike} AWS-IKE dh-group group{dh_group}"),
            format!("{ike} AWS-IKE lifetime seconds {lifetime}"),
            format!("{} protocol version ikev{ike_version}", gw(peer)),
            format!(
                "{} protocol ikev{ike_version} ike-crypto-profile AWS-IKE",
                gw(peer)
            ),
        ],
        VpnFix::Phase2 {
            peer: name,
            encryption,
            integrity,
            pfs_group,
            lifetime,
        } => {
            let auth = if encryption.contains("GCM") {
                "none"
            } else {
                hash(integrity)
            };
            let tunnel = peer(model, name)
                .and_then(|p| p.profile.clone())
                .unwrap_or_else(|| "<ipsec tunnel>".into());
            vec![
                format!("{esp} AWS-ESP esp encryption {}", cipher(encryption)),
                format!("{esp} AWS-ESP esp authentication {auth}"),
                format!("{esp} AWS-ESP dh-group group{pfs_group}"),
                format!("{esp} AWS-ESP lifetime seconds {lifetime}"),
                format!("set network tunnel ipsec {tunnel} auto-key ipsec-crypto-profile AWS-ESP"),
            ]
        }
        VpnFix::Phase1Lifetime { proposal, seconds } => {
            vec![format!("{ike} {proposal} lifetime seconds {seconds}")]
        }
        VpnFix::Phase2Lifetime { proposal, seconds } => {
            vec![format!("{esp} {proposal} lifetime seconds {seconds}")]
        }
        VpnFix::Dpd {
            peer: name,
            interval,
            retries,
        } => vec![format!(
            "{} protocol ikev{} dpd enable yes interval {interval} retry {retries}",
            gw(name),
            version(peer(model, name))
        )],
        VpnFix::IkeVersion {
            peer: name,
            version,
        } => {
            let profile = peer(model, name)
                .and_then(|p| p.ike_proposals.first().cloned())
                .unwrap_or_else(|| "default".into());
            vec![
                format!("{} protocol version ikev{version}", gw(name)),
                format!(
                    "{} protocol ikev{version} ike-crypto-profile {profile}",
                    gw(name)
                ),
            ]
        }
        VpnFix::TunnelMtu {
            interface,
            mtu,
            mss,
        } => {
            // PAN-OS clamps tunnelled TCP to the tunnel MTU − 40: an MSS is set through the MTU.
            match mtu.or(mss.map(|m| m + 40)) {
                Some(m) => vec![format!(
                    "set network interface tunnel units {interface} mtu {m}"
                )],
                None => Vec::new(),
            }
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

fn hash(aws: &str) -> &'static str {
    match aws {
        "SHA2-256" => "sha256",
        "SHA2-384" => "sha384",
        "SHA2-512" => "sha512",
        _ => "sha1",
    }
}

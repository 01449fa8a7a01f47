//! Render fixes as IOS configuration lines, with the enclosing mode line so they paste.

use crate::fix::Fix;
use crate::model::{Afi, BgpProcess, RouterModel};
use ipnet::IpNet;
use std::net::IpAddr;

pub fn render_fix(fix: &Fix, model: &RouterModel) -> String {
    match fix {
        Fix::InterfaceVlan { interface, vlan } => {
            format!("interface {interface}\n encapsulation dot1Q {vlan}")
        }
        Fix::InterfaceAddress { interface, address } => {
            format!("interface {interface}\n {}", address_line(address))
        }
        Fix::InterfaceMtu { interface, mtu } => {
            format!("interface {interface}\n ip mtu {mtu}")
        }
        Fix::InterfaceEnable { interface } => format!("interface {interface}\n no shutdown"),
        Fix::EnableVlanTagging { interface } => {
            format!("interface {interface}\n ! tag the sub-interfaces with encapsulation dot1Q")
        }
        Fix::NewSubinterface {
            parent,
            vlan,
            address,
            mtu,
        } => {
            let mut s = format!(
                "interface {parent}.{vlan}\n encapsulation dot1Q {vlan}\n {}",
                address_line(address)
            );
            if let Some(m) = mtu {
                s.push_str(&format!("\n ip mtu {m}"));
            }
            s
        }
        Fix::NeighborAddress {
            from,
            to,
            remote_as,
        } => {
            let (head, ind) = bgp_head(model, from.unwrap_or(*to), Afi::of(*to));
            let mut s = head;
            if let Some(old) = from {
                s.push_str(&format!("\n{ind}no neighbor {old}"));
            }
            if let Some(asn) = remote_as {
                s.push_str(&format!("\n{ind}neighbor {to} remote-as {asn}"));
            }
            s
        }
        Fix::LocalAs {
            asn,
            neighbor,
            process_asn,
        } => match (neighbor, process_asn) {
            (Some(n), Some(p)) if p != asn => {
                let (head, ind) = bgp_head(model, *n, Afi::of(*n));
                format!("{head}\n{ind}neighbor {n} local-as {asn} no-prepend replace-as")
            }
            _ => format!("router bgp {asn}"),
        },
        Fix::RemoteAs { neighbor, asn } => {
            neighbor_line(model, *neighbor, &format!("remote-as {asn}"))
        }
        Fix::Password {
            neighbor,
            placeholder,
        } => neighbor_line(model, *neighbor, &format!("password {placeholder}")),
        Fix::RemovePassword { neighbor } => no_neighbor_line(model, *neighbor, "password"),
        Fix::Timers {
            neighbor,
            keepalive,
            hold,
        } => neighbor_line(model, *neighbor, &format!("timers {keepalive} {hold}")),
        Fix::RemoveMultihop { neighbor } => no_neighbor_line(model, *neighbor, "ebgp-multihop"),
        Fix::RemoveTtlSecurity { neighbor } => {
            no_neighbor_line(model, *neighbor, "ttl-security hops")
        }
        Fix::RemoveUpdateSource { neighbor } => no_neighbor_line(model, *neighbor, "update-source"),
        Fix::NeighborEnable { neighbor } => no_neighbor_line(model, *neighbor, "shutdown"),
        Fix::Bfd { neighbor } => neighbor_line(model, *neighbor, "fall-over bfd"),
        Fix::ActivateFamily { neighbor, afi } => af_line(model, *neighbor, *afi, "activate"),
        Fix::OutboundFilter {
            neighbor,
            afi,
            name,
        } => {
            let kw = if *afi == Afi::Ipv4 { "ip" } else { "ipv6" };
            let any = if *afi == Afi::Ipv4 {
                "0.0.0.0/0"
            } else {
                "::/0"
            };
            format!(
                "{kw} prefix-list {name} seq 5 permit <prefix to advertise>\n{kw} prefix-list {name} seq 1000 deny {any} le {}\n{}",
                if *afi == Afi::Ipv4 { 32 } else { 128 },
                af_line(model, *neighbor, *afi, &format!("prefix-list {name} out"))
            )
        }
        Fix::RemoveDefaultOriginate { neighbor, afi } => {
            let (head, ind) = bgp_head(model, *neighbor, *afi);
            let af = af_header(model, *neighbor, *afi);
            format!("{head}\n{af}{ind}no neighbor {neighbor} default-originate")
        }
        Fix::Advertise { neighbor, prefix } => {
            let afi = Afi::of(prefix.addr());
            let (head, ind) = bgp_head(model, *neighbor, afi);
            let net = match prefix {
                IpNet::V4(n) => format!("network {} mask {}", n.network(), n.netmask()),
                IpNet::V6(_) => format!("network {prefix}"),
            };
            let af = af_header(model, *neighbor, afi);
            format!("{head}\n{af}{ind} {net}")
        }
        Fix::TunnelDestination { interface, address } => {
            format!("interface {interface}\n tunnel destination {address}")
        }
        Fix::Vpn(v) => super::vpn_fix::render(v, model),
        Fix::Note(s) => s.clone(),
        Fix::Filter(f) => super::filter::render_fix(f, model),
    }
}

fn address_line(a: &IpNet) -> String {
    match a {
        IpNet::V4(n) => format!("ip address {} {}", n.addr(), n.netmask()),
        IpNet::V6(_) => format!("ipv6 address {a}"),
    }
}

fn process_of(model: &RouterModel, neighbor: IpAddr) -> Option<&BgpProcess> {
    model
        .bgp
        .iter()
        .find(|p| p.neighbors.iter().any(|n| n.addr == neighbor))
        .or_else(|| model.bgp.first())
}

/// `router bgp N` (and the VRF family when the neighbor lives in a VRF), plus the indent
/// for lines below it.
fn bgp_head(model: &RouterModel, neighbor: IpAddr, afi: Afi) -> (String, &'static str) {
    let p = process_of(model, neighbor);
    let asn = p
        .and_then(|p| p.local_as.as_ref())
        .map(|a| a.value.to_string())
        .unwrap_or_else(|| "<your ASN>".into());
    match p.and_then(|p| p.vrf.as_deref()) {
        Some(vrf) => (
            format!(
                "router bgp {asn}\n address-family {} vrf {vrf}",
                afi.as_str()
            ),
            "  ",
        ),
        None => (format!("router bgp {asn}"), " "),
    }
}

fn af_header(model: &RouterModel, neighbor: IpAddr, afi: Afi) -> String {
    let in_vrf = process_of(model, neighbor).is_some_and(|p| p.vrf.is_some());
    if in_vrf {
        String::new()
    } else {
        format!(" address-family {} unicast\n ", afi.as_str())
    }
}

fn neighbor_line(model: &RouterModel, n: IpAddr, attr: &str) -> String {
    let (head, ind) = bgp_head(model, n, Afi::of(n));
    format!("{head}\n{ind}neighbor {n} {attr}")
}

fn no_neighbor_line(model: &RouterModel, n: IpAddr, attr: &str) -> String {
    let (head, ind) = bgp_head(model, n, Afi::of(n));
    format!("{head}\n{ind}no neighbor {n} {attr}")
}

fn af_line(model: &RouterModel, n: IpAddr, afi: Afi, attr: &str) -> String {
    let (head, ind) = bgp_head(model, n, afi);
    let af = af_header(model, n, afi);
    format!("{head}\n{af}{ind}neighbor {n} {attr}")
}

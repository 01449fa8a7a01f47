//! Fixes as Arista EOS configuration: flat `neighbor X …` lines under `router bgp N`
//! (and its `vrf V` block), `address-family ipv4` for activation, interface lines in
//! EOS's forms (`encapsulation dot1q vlan N`, `ip address A/len`, `mtu` is L3).

use crate::fix::Fix;
use crate::model::{Afi, RouterModel};
use ipnet::IpNet;
use std::net::IpAddr;

pub fn render_fix(fix: &Fix, model: &RouterModel) -> String {
    match fix {
        Fix::InterfaceVlan { interface, vlan } => {
            format!("interface {interface}\n   encapsulation dot1q vlan {vlan}")
        }
        Fix::InterfaceAddress { interface, address } => {
            format!("interface {interface}\n   {}", address_line(address))
        }
        Fix::InterfaceMtu { interface, mtu } => mtu_lines(model, interface, *mtu),
        Fix::InterfaceEnable { interface } => format!("interface {interface}\n   no shutdown"),
        Fix::EnableVlanTagging { interface } => format!(
            "interface {interface}\n   no switchport\n   ! tag each sub-interface with encapsulation dot1q vlan N"
        ),
        Fix::NewSubinterface {
            parent,
            vlan,
            address,
            mtu,
            vrf,
        } => {
            // In the neighbor's VRF, joined before the address (joining removes it).
            let vrf = vrf
                .as_ref()
                .map(|v| format!("   vrf {v}\n"))
                .unwrap_or_default();
            let mut s = format!(
                "interface {parent}\n   no switchport\ninterface {parent}.{vlan}\n   encapsulation dot1q vlan {vlan}\n{vrf}   {}",
                address_line(address)
            );
            if let Some(m) = mtu {
                s.push_str(&format!("\n   mtu {m}"));
            }
            s
        }
        Fix::NeighborAddress {
            from,
            to,
            remote_as,
        } => {
            let (head, ind) = bgp_head(model, from.unwrap_or(*to));
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
            peer,
        } => match (neighbor.or(*peer), process_asn) {
            // The neighbor's own `local-as` is wrong, and the process already has the ASN.
            (Some(n), Some(p)) if p == asn && neighbor.is_some() => {
                no_neighbor_line(model, n, "local-as")
            }
            // `router bgp` keeps its AS while it runs: the neighbor presents the VIF's instead.
            (Some(n), Some(p)) if p != asn => {
                let mut s = neighbor_line(model, n, &format!("local-as {asn} no-prepend replace-as"));
                if neighbor.is_none() {
                    s.push_str(&format!("\n! or re-create BGP under AS {asn}: no router bgp {p}, then router bgp {asn} and all of its configuration again"));
                }
                s
            }
            _ => format!("router bgp {asn}"),
        },
        Fix::RemoteAs { neighbor, asn } => {
            neighbor_line(model, *neighbor, &format!("remote-as {asn}"))
        }
        Fix::NeighborVrf {
            neighbor,
            remote_as,
            vrf,
        } => neighbor_vrf(model, *neighbor, *remote_as, vrf.as_deref()),
        // EOS stores it as `password 7 <base64>` once entered.
        Fix::Password {
            neighbor,
            placeholder,
        } => neighbor_line(model, *neighbor, &format!("password 0 {placeholder}")),
        Fix::RemovePassword { neighbor } => no_neighbor_line(model, *neighbor, "password"),
        Fix::Timers {
            neighbor,
            keepalive,
            hold,
        } => neighbor_line(model, *neighbor, &format!("timers {keepalive} {hold}")),
        Fix::RemoveMultihop { neighbor } => no_neighbor_line(model, *neighbor, "ebgp-multihop"),
        Fix::RemoveTtlSecurity { neighbor } => {
            no_neighbor_line(model, *neighbor, "ttl maximum-hops")
        }
        Fix::RemoveUpdateSource { neighbor } => {
            no_neighbor_line(model, *neighbor, "update-source")
        }
        Fix::NeighborEnable { neighbor } => no_neighbor_line(model, *neighbor, "shutdown"),
        Fix::Bfd { neighbor } => neighbor_line(model, *neighbor, "bfd"),
        Fix::ActivateFamily { neighbor, afi } => af_line(model, *neighbor, *afi, "activate"),
        Fix::OutboundFilter {
            neighbor,
            afi,
            name,
        } => {
            let (kw, any, max) = if *afi == Afi::Ipv4 {
                ("ip", "0.0.0.0/0", 32)
            } else {
                ("ipv6", "::/0", 128)
            };
            format!(
                "{kw} prefix-list {name}\n   seq 5 permit <prefix to advertise>\n   seq 1000 deny {any} le {max}\nroute-map {name} permit 10\n   match {kw} address prefix-list {name}\n{}",
                af_line(model, *neighbor, *afi, &format!("route-map {name} out"))
            )
        }
        Fix::RemoveDefaultOriginate { neighbor, afi } => {
            let (head, ind) = bgp_head(model, *neighbor);
            format!(
                "{head}\n{ind}address-family {}\n{ind}   no neighbor {neighbor} default-originate",
                afi.as_str()
            )
        }
        Fix::Advertise { neighbor, prefix } => {
            let (head, ind) = bgp_head(model, *neighbor);
            format!(
                "{head}\n{ind}address-family {}\n{ind}   network {prefix}",
                Afi::of(prefix.addr()).as_str()
            )
        }
        Fix::TunnelDestination { interface, address } => {
            format!("interface {interface}\n   tunnel destination {address}")
        }
        Fix::Vpn(_) => "! dxlint does not render Site-to-Site VPN settings for EOS: see the AWS generic configuration".to_string(),
        Fix::Note(s) => s.clone(),
        Fix::Filter(f) => f.describe(),
    }
}

fn address_line(a: &IpNet) -> String {
    match a {
        IpNet::V4(_) => format!("ip address {a}"),
        IpNet::V6(_) => format!("ipv6 address {a}"),
    }
}

fn bgp_head(model: &RouterModel, neighbor: IpAddr) -> (String, &'static str) {
    let p = model
        .bgp
        .iter()
        .find(|p| p.neighbors.iter().any(|n| n.addr == neighbor))
        .or_else(|| model.bgp.first());
    let asn = p
        .and_then(|p| p.local_as.as_ref())
        .map(|a| a.value.to_string())
        .unwrap_or_else(|| "<your ASN>".into());
    match p.and_then(|p| p.vrf.as_deref()) {
        Some(vrf) => (format!("router bgp {asn}\n   vrf {vrf}"), "      "),
        None => (format!("router bgp {asn}"), "   "),
    }
}

fn neighbor_line(model: &RouterModel, n: IpAddr, attr: &str) -> String {
    let (head, ind) = bgp_head(model, n);
    format!("{head}\n{ind}neighbor {n} {attr}")
}

fn no_neighbor_line(model: &RouterModel, n: IpAddr, attr: &str) -> String {
    let (head, ind) = bgp_head(model, n);
    format!("{head}\n{ind}no neighbor {n} {attr}")
}

fn af_line(model: &RouterModel, n: IpAddr, afi: Afi, attr: &str) -> String {
    let (head, ind) = bgp_head(model, n);
    format!(
        "{head}\n{ind}address-family {}\n{ind}   neighbor {n} {attr}",
        afi.as_str()
    )
}

/// The interface's MTU, and its parent's first when that would bound it below the value
/// (a sub-interface cannot exceed its port).
fn mtu_lines(model: &RouterModel, interface: &str, mtu: u32) -> String {
    let mut s = String::new();
    if let Some(parent) = model
        .interface(interface)
        .and_then(|i| i.parent.as_deref())
        .and_then(|p| model.interface(p))
    {
        if parent.mtu.as_ref().is_some_and(|m| m.value < mtu) {
            s.push_str(&format!("interface {}\n   mtu {mtu}\n", parent.name));
        }
    }
    s.push_str(&format!("interface {interface}\n   mtu {mtu}"));
    s
}

/// Move a neighbor into the VRF (or the default one) of the interface that reaches it:
/// removed where it is, re-created under the right `vrf` of `router bgp`.
fn neighbor_vrf(
    model: &RouterModel,
    n: IpAddr,
    remote_as: Option<u32>,
    vrf: Option<&str>,
) -> String {
    let (head, ind) = bgp_head(model, n);
    let process = head
        .lines()
        .next()
        .unwrap_or("router bgp <your ASN>")
        .to_string();
    let ras = remote_as.map_or_else(|| "<remote AS>".to_string(), |a| a.to_string());
    let mut s = format!("{head}\n{ind}no neighbor {n}\n{process}");
    let ind = match vrf {
        Some(v) => {
            s.push_str(&format!("\n   vrf {v}"));
            "      "
        }
        None => "   ",
    };
    s.push_str(&format!(
        "\n{ind}neighbor {n} remote-as {ras}\n{ind}! copy its password, timers and policies here"
    ));
    s
}

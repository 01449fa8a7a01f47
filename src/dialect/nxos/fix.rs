//! Fixes as NX-OS configuration: nested `router bgp` / `[vrf V]` / `neighbor X` blocks,
//! `ip address A/len`, `encapsulation dot1q N`.

use crate::dialect::nested_bgp;
use crate::fix::{local_as_plan, Fix, LocalAsPlan};
use crate::model::{Afi, RouterModel};
use ipnet::IpNet;
use std::net::IpAddr;

/// One level of indentation in this platform's configuration.
const STEP: &str = "  ";

pub fn render_fix(fix: &Fix, model: &RouterModel) -> String {
    match fix {
        Fix::InterfaceVlan { interface, vlan } => {
            format!("interface {interface}\n  encapsulation dot1q {vlan}")
        }
        Fix::InterfaceAddress { interface, address } => {
            format!("interface {interface}\n  {}", address_line(address))
        }
        // NX-OS `mtu` on a routed interface is the IP MTU.
        Fix::InterfaceMtu { interface, mtu } => mtu_lines(model, interface, *mtu),
        Fix::InterfaceEnable { interface } => format!("interface {interface}\n  no shutdown"),
        Fix::EnableVlanTagging { interface } => {
            format!("interface {interface}\n  ! tag each sub-interface with encapsulation dot1q")
        }
        Fix::NewSubinterface {
            parent,
            vlan,
            address,
            mtu,
            vrf,
        } => {
            // In the neighbor's VRF, joined before the address (`vrf member` removes it).
            let vrf = vrf
                .as_ref()
                .map(|v| format!("  vrf member {v}\n"))
                .unwrap_or_default();
            let mut s = format!(
                "interface {parent}.{vlan}\n  encapsulation dot1q {vlan}\n{vrf}  {}\n  no shutdown",
                address_line(address)
            );
            if let Some(m) = mtu {
                s.push_str(&format!("\n  mtu {m}"));
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
            s.push_str(&format!("\n{ind}neighbor {to}"));
            if let Some(asn) = remote_as {
                s.push_str(&format!("\n{ind}  remote-as {asn}"));
            }
            s.push_str(&format!(
                "\n{ind}  address-family {} unicast",
                Afi::of(*to).as_str()
            ));
            s
        }
        Fix::LocalAs {
            asn,
            neighbor,
            process_asn,
            peer,
        } => match local_as_plan(*asn, *neighbor, *process_asn, *peer) {
            LocalAsPlan::RemoveNeighborLocalAs(n) => neighbor_lines(model, n, &["no local-as"]),
            // `router bgp` keeps its AS while it runs: the neighbor presents the VIF's instead.
            LocalAsPlan::NeighborLocalAs {
                neighbor: n,
                recreate_from,
            } => {
                let mut s =
                    neighbor_lines(model, n, &[&format!("local-as {asn} no-prepend replace-as")]);
                if let Some(p) = recreate_from {
                    s.push_str(&nested_bgp::recreate_note(*asn, p));
                }
                s
            }
            LocalAsPlan::ProcessAs { .. } => format!("router bgp {asn}"),
        },
        Fix::RemoteAs { neighbor, asn } => {
            neighbor_lines(model, *neighbor, &[&format!("remote-as {asn}")])
        }
        Fix::NeighborVrf {
            neighbor,
            remote_as,
            vrf,
        } => neighbor_vrf(model, *neighbor, *remote_as, vrf.as_deref()),
        Fix::Password {
            neighbor,
            placeholder,
        } => neighbor_lines(model, *neighbor, &[&format!("password 0 {placeholder}")]),
        Fix::RemovePassword { neighbor } => neighbor_lines(model, *neighbor, &["no password"]),
        Fix::Timers {
            neighbor,
            keepalive,
            hold,
        } => neighbor_lines(model, *neighbor, &[&format!("timers {keepalive} {hold}")]),
        Fix::RemoveMultihop { neighbor } => {
            neighbor_lines(model, *neighbor, &["no ebgp-multihop"])
        }
        Fix::RemoveTtlSecurity { neighbor } => {
            neighbor_lines(model, *neighbor, &["no ttl-security hops"])
        }
        Fix::RemoveUpdateSource { neighbor } => {
            neighbor_lines(model, *neighbor, &["no update-source"])
        }
        Fix::NeighborEnable { neighbor } => neighbor_lines(model, *neighbor, &["no shutdown"]),
        Fix::Bfd { neighbor } => format!(
            "feature bfd\n{}",
            neighbor_lines(model, *neighbor, &["bfd"])
        ),
        Fix::ActivateFamily { neighbor, afi } => af_lines(model, *neighbor, *afi, &[]),
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
                "{kw} prefix-list {name} seq 5 permit <prefix to advertise>\n{kw} prefix-list {name} seq 1000 deny {any} le {max}\n{}",
                af_lines(model, *neighbor, *afi, &[&format!("prefix-list {name} out")])
            )
        }
        Fix::RemoveDefaultOriginate { neighbor, afi } => {
            af_lines(model, *neighbor, *afi, &["no default-originate"])
        }
        Fix::Advertise { neighbor, prefix } => {
            let (head, ind) = bgp_head(model, *neighbor);
            format!(
                "{head}\n{ind}address-family {} unicast\n{ind}  network {prefix}",
                Afi::of(prefix.addr()).as_str()
            )
        }
        Fix::TunnelDestination { interface, address } => {
            format!("interface {interface}\n  tunnel destination {address}")
        }
        Fix::Vpn(_) => "! dxlint does not render Site-to-Site VPN settings for NX-OS: see the AWS generic configuration".to_string(),
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

/// `router bgp N` (and `vrf V` when the neighbor lives in one), and the indent below it.
fn bgp_head(model: &RouterModel, neighbor: IpAddr) -> (String, String) {
    nested_bgp::head(model, neighbor, STEP)
}

fn neighbor_lines(model: &RouterModel, n: IpAddr, lines: &[&str]) -> String {
    nested_bgp::neighbor_lines(model, n, lines, STEP)
}

fn af_lines(model: &RouterModel, n: IpAddr, afi: Afi, lines: &[&str]) -> String {
    nested_bgp::af_lines(model, n, afi, lines, STEP)
}

/// NX-OS `mtu` on a routed interface is the IP MTU.
fn mtu_lines(model: &RouterModel, interface: &str, mtu: u32) -> String {
    nested_bgp::mtu_lines(model, interface, mtu, STEP, |_, m| m)
}

/// Move a neighbor into the VRF (or the default one) of the interface that reaches it:
/// removed where it is, re-created under the right `vrf` of `router bgp`.
fn neighbor_vrf(
    model: &RouterModel,
    n: IpAddr,
    remote_as: Option<u32>,
    vrf: Option<&str>,
) -> String {
    let (from, from_ind) = bgp_head(model, n);
    let (to, ind) = nested_bgp::head_in(model, n, vrf, STEP);
    let ras = remote_as.map_or_else(|| "<remote AS>".to_string(), |a| a.to_string());
    let mut s = format!("{from}\n{from_ind}no neighbor {n}\n{to}");
    s.push_str(&format!(
        "\n{ind}neighbor {n}\n{ind}  remote-as {ras}\n{ind}  address-family {} unicast\n{ind}  ! copy its password, timers and policies here",
        Afi::of(n).as_str()
    ));
    s
}

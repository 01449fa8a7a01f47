//! Fixes as IOS-XR configuration: the hierarchy down to the line that changes (XR has no
//! one-line `neighbor X remote-as Y`), preceded by a note that XR applies them on `commit`.

use super::interface::{tag_count, L2_HEADER, TAG};
use super::COMMIT_NOTE;
use crate::dialect::nested_bgp;
use crate::fix::{local_as_plan, Fix, LocalAsPlan};
use crate::model::{Afi, Interface, RouterModel};
use ipnet::IpNet;
use std::net::IpAddr;

/// One level of indentation in this platform's configuration.
const STEP: &str = " ";

pub fn render_fix(fix: &Fix, model: &RouterModel) -> String {
    let body = match fix {
        Fix::InterfaceVlan { interface, vlan } => {
            format!("interface {interface}\n encapsulation dot1q {vlan}")
        }
        Fix::InterfaceAddress { interface, address } => {
            format!("interface {interface}\n {}", address_line(address))
        }
        Fix::InterfaceMtu { interface, mtu } => mtu_lines(model, interface, *mtu),
        Fix::InterfaceEnable { interface } => format!("interface {interface}\n no shutdown"),
        Fix::EnableVlanTagging { interface } => {
            format!("interface {interface}\n ! tag each sub-interface with encapsulation dot1q")
        }
        Fix::NewSubinterface {
            parent,
            vlan,
            address,
            mtu,
            vrf,
        } => {
            // In the neighbor's VRF, bound before the address (binding removes addresses).
            let vrf = vrf.as_ref().map(|v| format!(" vrf {v}\n")).unwrap_or_default();
            let mut s = format!(
                "interface {parent}.{vlan}\n encapsulation dot1q {vlan}\n{vrf} {}",
                address_line(address)
            );
            if let Some(m) = mtu {
                // XR's `mtu` counts the Ethernet header and the tag.
                s.push_str(&format!("\n mtu {}", m + L2_HEADER + TAG));
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
                s.push_str(&format!("\n{ind} remote-as {asn}"));
            }
            s.push_str(&format!(
                "\n{ind} address-family {} unicast\n{ind}  route-policy <outbound policy> out",
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
            // The one BGP instance keeps its AS: the neighbor presents the VIF's instead.
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
            // XR runs one `router bgp`: its AS changes only by removing the instance.
            LocalAsPlan::ProcessAs { from: Some(p) } => format!(
                "no router bgp {p}\nrouter bgp {asn}\n ! IOS-XR: re-enter the neighbors and address families removed with `no router bgp {p}`"
            ),
            LocalAsPlan::ProcessAs { from: None } => format!("router bgp {asn}"),
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
        } => neighbor_lines(model, *neighbor, &[&format!("password clear {placeholder}")]),
        Fix::RemovePassword { neighbor } => neighbor_lines(model, *neighbor, &["no password"]),
        Fix::Timers {
            neighbor,
            keepalive,
            hold,
        } => neighbor_lines(model, *neighbor, &[&format!("timers {keepalive} {hold}")]),
        Fix::RemoveMultihop { neighbor } => neighbor_lines(model, *neighbor, &["no ebgp-multihop"]),
        Fix::RemoveTtlSecurity { neighbor } => {
            neighbor_lines(model, *neighbor, &["no ttl-security"])
        }
        Fix::RemoveUpdateSource { neighbor } => {
            neighbor_lines(model, *neighbor, &["no update-source"])
        }
        Fix::NeighborEnable { neighbor } => neighbor_lines(model, *neighbor, &["no shutdown"]),
        // AWS: 300 ms x 3.
        Fix::Bfd { neighbor } => neighbor_lines(
            model,
            *neighbor,
            &[
                "bfd fast-detect",
                "bfd minimum-interval 300",
                "bfd multiplier 3",
            ],
        ),
        Fix::ActivateFamily { neighbor, afi } => af_lines(model, *neighbor, *afi, &[]),
        Fix::OutboundFilter {
            neighbor,
            afi,
            name,
        } => {
            format!(
                "prefix-set {name}\n  <prefix to advertise>\nend-set\n!\nroute-policy {name}\n  if destination in {name} then\n    pass\n  else\n    drop\n  endif\nend-policy\n!\n{}",
                af_lines(model, *neighbor, *afi, &[&format!("route-policy {name} out")])
            )
        }
        Fix::RemoveDefaultOriginate { neighbor, afi } => {
            // `disable` also overrides a neighbor-group's `default-originate`.
            af_lines(model, *neighbor, *afi, &["default-originate disable"])
        }
        Fix::Advertise { neighbor, prefix } => {
            let afi = Afi::of(prefix.addr());
            let (head, ind) = bgp_head(model, *neighbor);
            format!(
                "{head}\n{ind}address-family {} unicast\n{ind} network {prefix}",
                afi.as_str()
            )
        }
        Fix::TunnelDestination { interface, address } => format!(
            "interface {interface}\n tunnel destination {address}"
        ),
        Fix::Vpn(_) => {
            return "! dxlint does not render Site-to-Site VPN settings for IOS-XR: see the AWS generic configuration".to_string()
        }
        Fix::Note(s) => return s.clone(),
        Fix::Filter(f) => return f.describe(),
    };
    format!("{COMMIT_NOTE}\n{body}\ncommit")
}

fn address_line(a: &IpNet) -> String {
    match a {
        IpNet::V4(n) => format!("ipv4 address {} {}", n.addr(), n.netmask()),
        IpNet::V6(_) => format!("ipv6 address {a}"),
    }
}

/// An L3 MTU as XR's L2 `mtu` (header and tags added); a sub-interface's parent is raised
/// too when it would bound it below the value.
fn mtu_lines(model: &RouterModel, interface: &str, mtu: u32) -> String {
    let written = |i: Option<&Interface>, m: u32| m + L2_HEADER + i.map_or(0, tag_count) * TAG;
    nested_bgp::mtu_lines(model, interface, mtu, STEP, written)
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

/// Move a neighbor into the VRF (or the global table) of the interface that reaches it:
/// removed where it is, re-created under the right `vrf` of the one BGP instance.
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
        "\n{ind}neighbor {n}\n{ind} remote-as {ras}\n{ind} address-family {} unicast\n{ind}  route-policy <outbound policy> out\n{ind} ! copy its password, timers and policies here",
        Afi::of(n).as_str()
    ));
    s
}

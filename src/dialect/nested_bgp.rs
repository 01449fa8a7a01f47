//! `router bgp` headers for the platforms that nest a VRF's neighbors in a `vrf V` block
//! inside `router bgp` (IOS-XR, NX-OS, Arista EOS): one lookup of the neighbor's process,
//! each platform its indent step; and the fix text they share (nested neighbor and family
//! blocks, MTU lines with the port first).

use crate::model::{Afi, Interface, RouterModel};
use std::net::IpAddr;

/// `router bgp N` and, for a VRF, `vrf V` one `step` in; with the indent of the lines
/// below (one step deeper than the last header line). `N` is the AS of the process that
/// has the neighbor (else the first process), `<your ASN>` when none is configured.
pub(crate) fn head_in(
    model: &RouterModel,
    neighbor: IpAddr,
    vrf: Option<&str>,
    step: &str,
) -> (String, String) {
    let asn = model
        .bgp_process_of(neighbor)
        .or_else(|| model.bgp.first())
        .and_then(|p| p.local_as.as_ref())
        .map_or_else(|| "<your ASN>".to_string(), |a| a.value.to_string());
    match vrf {
        Some(v) => (format!("router bgp {asn}\n{step}vrf {v}"), step.repeat(2)),
        None => (format!("router bgp {asn}"), step.to_string()),
    }
}

/// [`head_in`] the VRF the neighbor is configured in now.
pub(crate) fn head(model: &RouterModel, neighbor: IpAddr, step: &str) -> (String, String) {
    let vrf = model
        .bgp_process_of(neighbor)
        .or_else(|| model.bgp.first())
        .and_then(|p| p.vrf.as_deref());
    head_in(model, neighbor, vrf, step)
}

/// The other way to a new AS, after a neighbor `local-as` fix: `router bgp` keeps its AS
/// while it runs, so the whole process is re-created.
pub(crate) fn recreate_note(asn: u32, from: u32) -> String {
    format!("\n! or re-create BGP under AS {asn}: no router bgp {from}, then router bgp {asn} and all of its configuration again")
}

/// `neighbor X` in its `router bgp` / `vrf` block with `lines` under it (one `step` in).
pub(crate) fn neighbor_lines(model: &RouterModel, n: IpAddr, lines: &[&str], step: &str) -> String {
    let (head, ind) = head(model, n, step);
    let mut s = format!("{head}\n{ind}neighbor {n}");
    for l in lines {
        s.push_str(&format!("\n{ind}{step}{l}"));
    }
    s
}

/// `neighbor X` / `address-family AFI unicast` with `lines` under the family.
pub(crate) fn af_lines(
    model: &RouterModel,
    n: IpAddr,
    afi: Afi,
    lines: &[&str],
    step: &str,
) -> String {
    let (head, ind) = head(model, n, step);
    let mut s = format!(
        "{head}\n{ind}neighbor {n}\n{ind}{step}address-family {} unicast",
        afi.as_str()
    );
    for l in lines {
        s.push_str(&format!("\n{ind}{step}{step}{l}"));
    }
    s
}

/// The MTU lines of `interface`, and its port's first when the port's MTU is below the
/// value (a sub-interface cannot exceed its port). `written` gives the value the platform
/// writes on an interface for an L3 MTU (IOS-XR counts the Ethernet header and the tags).
pub(crate) fn mtu_lines(
    model: &RouterModel,
    interface: &str,
    mtu: u32,
    step: &str,
    written: impl Fn(Option<&Interface>, u32) -> u32,
) -> String {
    let iface = model.interface(interface);
    let mut s = String::new();
    if let Some(port) = iface
        .and_then(|i| i.parent.as_deref())
        .and_then(|p| model.interface(p))
    {
        if port.mtu.as_ref().is_some_and(|m| m.value < mtu) {
            let value = written(Some(port), mtu);
            s.push_str(&format!("interface {}\n{step}mtu {value}\n", port.name));
        }
    }
    let value = written(iface, mtu);
    s.push_str(&format!("interface {interface}\n{step}mtu {value}"));
    s
}

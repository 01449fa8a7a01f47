//! `router bgp` headers for the platforms that nest a VRF's neighbors in a `vrf V` block
//! inside `router bgp` (IOS-XR, NX-OS, Arista EOS): one lookup of the neighbor's process,
//! each platform its indent step; and the fix text they share.

use crate::model::RouterModel;
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

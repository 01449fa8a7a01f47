//! DX301–DX303: the AS numbers each side puts in its OPEN.

use super::PeeringCx;
use crate::fix::Fix;
use crate::model::{PeeringKind, RemoteAs};
use crate::rule_id::RuleId;

pub(super) fn check(cx: &mut PeeringCx) {
    let Some(m) = cx.pairing.neighbor else { return };
    let n = m.neighbor;
    let id = cx.peering.resource_id.clone();
    let local = n.rare().local_as.as_ref().or(m.process.local_as.as_ref());
    if let (Some(l), Some(want)) = (local, cx.peering.customer_asn) {
        if l.value != want {
            let via = if n.rare().local_as.is_some() {
                "local-as"
            } else {
                "the BGP process"
            };
            let msg = format!(
                "the router sends AS {} in its OPEN to {} ({via}), but {id} expects customer ASN {want}: AWS answers NOTIFICATION 2/2 Bad Peer AS",
                l.value, n.addr
            );
            cx.hit(RuleId::DX301, Some(l.span), msg).fix(Fix::LocalAs {
                asn: want,
                neighbor: n.rare().local_as.as_ref().map(|_| n.addr),
                process_asn: m.process.local_as.as_ref().map(|a| a.value),
            });
        }
    }
    if let Some(amazon) = cx.peering.amazon_asn {
        let problem = match n.remote_as.as_ref().map(|r| (r.value, r.span)) {
            Some((RemoteAs::Number(r), span)) if r != amazon => Some((
                Some(span),
                format!(
                    "neighbor {} has remote-as {r}, but AWS's side of {id} is AS {amazon}: the router rejects AWS's OPEN with NOTIFICATION 2/2 Bad Peer AS",
                    n.addr
                ),
            )),
            Some((RemoteAs::Internal, span)) => Some((
                Some(span),
                format!(
                    "neighbor {} is `remote-as internal`, but AWS's side of {id} is AS {amazon} (eBGP)",
                    n.addr
                ),
            )),
            None => Some((
                Some(n.span),
                format!(
                    "neighbor {} has no remote-as; AWS's side of {id} is AS {amazon}",
                    n.addr
                ),
            )),
            _ => None,
        };
        if let Some((span, msg)) = problem {
            cx.hit(RuleId::DX302, span, msg).fix(Fix::RemoteAs {
                neighbor: n.addr,
                asn: amazon,
            });
        }
    }
    asn_allowed(cx, local.map(|l| (l.value, l.span)));
}

fn is_private(asn: u32) -> bool {
    (64512..=65534).contains(&asn) || (4_200_000_000..=4_294_967_294).contains(&asn)
}

fn is_reserved(asn: u32) -> bool {
    asn == 0 || asn == 23456 || asn == 65535 || asn == u32::MAX || (65552..=131071).contains(&asn)
}

/// DX303: ASNs AWS will not accept or that defeat routing. Checks the customer ASN of the
/// VIF and, when it differs, the router's own.
fn asn_allowed(cx: &mut PeeringCx, local: Option<(u32, crate::source::Span)>) {
    let span = local.map(|l| l.1);
    let mut asns: Vec<u32> = cx.peering.customer_asn.into_iter().collect();
    if let Some((l, _)) = local {
        if !asns.contains(&l) {
            asns.push(l);
        }
    }
    let id = cx.peering.resource_id.clone();
    let amazon = cx.peering.amazon_asn;
    for customer in asns {
        if is_reserved(customer) {
            let msg = format!(
                "AS {customer} is reserved (RFC 7607/6793/7300) and cannot be used for {id}"
            );
            cx.hit(RuleId::DX303, span, msg);
        }
        if Some(customer) == amazon {
            let msg = format!(
                "the customer side uses AWS's own ASN {customer} on {id}: the session would be iBGP, which AWS does not offer"
            );
            cx.hit(RuleId::DX303, span, msg);
        }
        if cx.peering.kind == PeeringKind::PublicVif && is_private(customer) {
            let msg = format!(
                "public VIF {id} uses private ASN {customer}: AWS replaces it, and AS-path prepending toward AWS does not work"
            );
            cx.hit(RuleId::DX303, span, msg);
        }
    }
}

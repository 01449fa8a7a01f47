//! DX701–DX706: what the router advertises to AWS, against AWS's limits and filters.

use super::PeeringCx;
use crate::fix::Fix;
use crate::model::PeeringKind;
use crate::rule_id::RuleId;

pub(super) fn check(cx: &mut PeeringCx) {
    let Some(m) = cx.pairing.neighbor else { return };
    let n = m.neighbor;
    let afi = cx.peering.afi;
    let Some(fam) = n.family(afi) else { return };
    if fam.activated.is_none() || n.rare().shutdown.is_some() {
        return;
    }
    let addr = n.addr;
    let id = cx.peering.resource_id.clone();
    let adv = &fam.advertised;
    let limit = cx.peering.prefix_limit as usize;
    let default_in_list = adv.prefixes.iter().any(|p| p.value.prefix_len() == 0);
    let count =
        adv.prefixes.len() + usize::from(adv.default_originate.is_some() && !default_in_list);
    let filter_name = format!("TO-AWS-{}", afi.as_str().to_uppercase());
    let kind = cx.peering.kind.describe();
    if let Some(u) = &adv.unbounded {
        let msg = format!(
            "cannot count what neighbor {addr} advertises: {}; {id} accepts at most {limit} {} prefixes",
            u.value,
            afi.as_str()
        );
        cx.hit(RuleId::DX703, Some(u.span), msg)
            .fix(Fix::OutboundFilter {
                neighbor: addr,
                afi,
                name: filter_name.clone(),
            });
    }
    if count > limit {
        let span = adv.prefixes.get(limit).map(|p| p.span).or(Some(n.span));
        let msg = format!(
            "neighbor {addr} advertises {count} {} prefixes{}; a {kind} accepts {limit}, and AWS tears the session down (Idle) once the count is exceeded",
            afi.as_str(),
            if adv.unbounded.is_some() { " or more" } else { "" }
        );
        cx.hit(RuleId::DX701, span, msg).fix(Fix::OutboundFilter {
            neighbor: addr,
            afi,
            name: filter_name,
        });
    } else if count * 5 >= limit * 4 && count > 0 {
        let msg = format!(
            "neighbor {addr} advertises {count} of the {limit} {} prefixes a {kind} accepts ({}%): a few more routes drop the session",
            afi.as_str(),
            count * 100 / limit.max(1)
        );
        cx.hit(
            RuleId::DX702,
            adv.prefixes.last().map(|p| p.span).or(Some(n.span)),
            msg,
        );
    } else if count == 0 && adv.unbounded.is_none() {
        let msg = format!(
            "neighbor {addr} advertises no {} prefix to {id}: the session comes up but AWS has no route back to your network",
            afi.as_str()
        );
        cx.hit(RuleId::DX705, fam.activated.or(Some(n.span)), msg);
    }
    if let Some(span) = adv.default_originate {
        let vpn = cx.peering.vpn.is_some();
        let msg = if vpn {
            // AWS's own generated VPN configurations originate a default route on purpose.
            format!(
                "neighbor {addr} originates a default route toward {id}: with route propagation it becomes the VPC's default route through your network (AWS's generated VPN configurations do this; intended?)"
            )
        } else {
            format!(
                "neighbor {addr} originates a default route toward {id}: AWS does not use a customer default route and counts it against the limit"
            )
        };
        let h = cx.hit(RuleId::DX706, Some(span), msg);
        h.fix(Fix::RemoveDefaultOriginate {
            neighbor: addr,
            afi,
        });
        if vpn {
            h.severity(crate::rules::Severity::Info);
        }
    } else if let Some(p) = adv.prefixes.iter().find(|p| p.value.prefix_len() == 0) {
        let msg = format!(
            "neighbor {addr} advertises the default route {} to {id}",
            p.value
        );
        cx.hit(RuleId::DX706, Some(p.span), msg);
    }
    if cx.peering.kind == PeeringKind::PublicVif {
        let filters = cx.peering.route_filter_prefixes.clone();
        for p in adv.prefixes.iter().filter(|p| p.value.prefix_len() > 0) {
            if !filters.iter().any(|f| f.contains(&p.value)) {
                let allowed = filters
                    .iter()
                    .map(|f| f.to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                let msg = format!(
                    "neighbor {addr} advertises {} on public VIF {id}, outside its route filter prefixes ({}): AWS ignores it",
                    p.value,
                    if allowed.is_empty() { "none".into() } else { allowed }
                );
                cx.hit(RuleId::DX704, Some(p.span), msg);
            }
        }
    }
}

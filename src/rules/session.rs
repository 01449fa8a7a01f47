//! DX105, DX801–DX804: administrative state on either side, and activated families.

use super::PeeringCx;
use crate::fix::Fix;
use crate::rule_id::RuleId;

pub(super) fn check(cx: &mut PeeringCx) {
    if let Some(m) = cx.pairing.interface {
        if let Some(span) = cx.model.disabled_span(m.interface) {
            // Name the interface whose `shutdown` it is (the sub-interface or its port).
            let which = if m.interface.disabled == Some(span) {
                m.interface.name.clone()
            } else {
                m.interface
                    .parent
                    .as_deref()
                    .unwrap_or(&m.interface.name)
                    .to_string()
            };
            let msg = format!(
                "`{which}` is administratively down: the link toward {} carries nothing",
                cx.peering.resource_id
            );
            cx.hit(RuleId::DX105, Some(span), msg)
                .fix(Fix::InterfaceEnable { interface: which });
        }
    }
    let Some(m) = cx.pairing.neighbor else { return };
    let n = m.neighbor;
    if let Some(span) = n.rare().shutdown {
        let msg = format!("neighbor {} is shut down: the session stays Idle", n.addr);
        cx.hit(RuleId::DX801, Some(span), msg)
            .fix(Fix::NeighborEnable { neighbor: n.addr });
    }
    let afi = cx.peering.afi;
    let active = n.family(afi).and_then(|f| f.activated).is_some();
    if !active {
        let fix = Fix::ActivateFamily {
            neighbor: n.addr,
            afi,
        };
        // IOS, FRR and VyOS do not start a session for a neighbor without any family (the
        // oracle saw FRR stay Idle); Junos falls back to inet unicast, so there an inactive
        // family means another family is configured instead.
        let no_family = !n.families.iter().any(|f| f.activated.is_some())
            && !cx.model.profile().implicit_ipv4_unicast;
        if no_family {
            let msg = format!(
                "neighbor {} is activated for no address family: the router never opens the session (Idle)",
                n.addr
            );
            cx.hit(RuleId::DX804, Some(n.span), msg).fix(fix);
            return;
        }
        let msg = format!(
            "neighbor {} is not activated for {} unicast, the only family AWS offers on {}: the OPENs share no family and the session is refused (NOTIFICATION 2/7 Unsupported Capability)",
            n.addr,
            afi.as_str(),
            cx.peering.id
        );
        let span = n.family(afi).and_then(|f| f.block).or(Some(n.span));
        cx.hit(RuleId::DX802, span, msg).fix(fix);
    }
}

/// DX803: the VIF or its BGP peer is not in a state where a session can come up.
pub(super) fn check_aws_state(cx: &mut PeeringCx) {
    let id = cx.peering.resource_id.clone();
    let vif_state = cx.peering.resource_state.clone();
    let peer_state = cx.peering.peer_state.clone();
    let bad_vif = matches!(
        vif_state.as_deref(),
        Some("down" | "deleting" | "deleted" | "rejected" | "unknown" | "confirming" | "verifying")
    ) || (cx.peering.vpn.is_some() && vif_state.as_deref() == Some("pending"));
    let bad_peer = matches!(peer_state.as_deref(), Some("deleting" | "deleted"));
    if bad_vif || bad_peer {
        let state = if bad_vif { vif_state } else { peer_state };
        let msg = format!(
            "AWS reports {} as `{}`{}",
            if bad_vif { id.clone() } else { cx.peering.id.clone() },
            state.unwrap_or_default(),
            match (bad_vif, cx.peering.resource_state.as_deref()) {
                (true, Some("down")) => ": expected before turn-up if only BGP is down; if the physical link is down too, no router change brings BGP up",
                (true, Some("confirming")) => ": a hosted VIF must be accepted in the owner account first",
                (true, Some("verifying")) => ": AWS is still verifying the public prefixes and ASN",
                (true, Some("pending")) => ": the VPN connection is still being created",
                _ => ": no BGP session can come up in this state",
            }
        );
        cx.hit(RuleId::DX803, None, msg).aws_only = true;
    }
}

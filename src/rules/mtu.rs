//! DX501–DX502: the IP MTU of the interface toward AWS against the VIF's MTU.

use super::{PeeringCx, Severity};
use crate::fix::Fix;
use crate::rule_id::RuleId;

pub(super) fn check(cx: &mut PeeringCx) {
    let Some(vif_mtu) = cx.peering.mtu else {
        return;
    };
    if !cx.peering.kind.is_vif() {
        return;
    }
    let Some(m) = cx.pairing.interface else {
        return;
    };
    let iface = m.interface;
    let (mtu, span) = cx.model.effective_mtu(iface);
    let span = span.unwrap_or(iface.span);
    let id = cx.peering.resource_id.clone();
    let fix = Fix::InterfaceMtu {
        interface: iface.name.clone(),
        mtu: if cx.peering.jumbo_capable == Some(false) {
            1500
        } else {
            vif_mtu
        },
    };
    if cx.peering.jumbo_capable == Some(false) && mtu > 1500 {
        let msg = format!(
            "`{}` sends IP packets up to {mtu} bytes, but {id} is not jumbo-capable (1500): larger packets are dropped at the AWS edge (BGP itself comes up: TCP's MSS keeps its segments small)",
            iface.name
        );
        cx.hit(RuleId::DX502, Some(span), msg).fix(fix);
        return;
    }
    if mtu == vif_mtu {
        return;
    }
    if mtu > vif_mtu {
        let msg = format!(
            "`{}` has IP MTU {mtu}, above {id}'s MTU {vif_mtu}: packets over {vif_mtu} bytes are dropped; BGP comes up because TCP's MSS keeps its own segments small",
            iface.name
        );
        cx.hit(RuleId::DX501, Some(span), msg).fix(fix);
    } else {
        let msg = format!(
            "`{}` has IP MTU {mtu}, below {id}'s MTU {vif_mtu}: the session comes up, but traffic never uses the jumbo frames the VIF allows",
            iface.name
        );
        cx.hit(RuleId::DX501, Some(span), msg)
            .fix(fix)
            .severity(Severity::Warning);
    }
}

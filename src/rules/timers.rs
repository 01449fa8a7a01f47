//! DX601–DX605: hold time, keepalive and BFD.

use super::{PeeringCx, Severity};
use crate::fix::Fix;
use crate::rule_id::RuleId;

pub(super) fn check(cx: &mut PeeringCx) {
    let Some(m) = cx.pairing.neighbor else { return };
    let n = m.neighbor;
    let addr = n.addr;
    let configured = n.timers.as_ref().or(m.process.timers.as_ref());
    let t = configured
        .map(|s| s.value)
        .unwrap_or(cx.model.profile().default_timers);
    let span = configured.map(|s| s.span);
    let aws_hold = cx.peering.aws_hold_time;
    let id = cx.peering.resource_id.clone();
    let good = Fix::Timers {
        neighbor: addr,
        keepalive: aws_hold / 3,
        hold: aws_hold,
    };
    if t.hold == 0 {
        let msg = format!(
            "neighbor {addr} proposes hold time 0 (keepalives off); AWS does not accept 0 and answers the OPEN with NOTIFICATION 2/6 Unacceptable Hold Time"
        );
        cx.hit(RuleId::DX601, span.or(Some(n.span)), msg).fix(good);
        return;
    }
    if t.hold < 3 {
        let msg = format!(
            "neighbor {addr} proposes hold time {}s; RFC 4271 allows only 0 or at least 3, so the OPEN is refused with NOTIFICATION 2/6",
            t.hold
        );
        cx.hit(RuleId::DX602, span.or(Some(n.span)), msg).fix(good);
        return;
    }
    if t.hold != aws_hold {
        let negotiated = t.hold.min(aws_hold);
        let msg = format!(
            "neighbor {addr} proposes hold time {}s{}, AWS {aws_hold}s on {id}: the session uses {negotiated}s",
            t.hold,
            if configured.is_none() { " (the default)" } else { "" }
        );
        cx.hit(RuleId::DX603, span.or(Some(n.span)), msg)
            .fix(good.clone());
    }
    if let Some(max) = cx.limits.max_hold_time {
        if t.hold.min(aws_hold) > max {
            let msg = format!(
                "neighbor {addr} negotiates hold time {}s, above the organisation's maximum of {max}s",
                t.hold.min(aws_hold)
            );
            cx.hit(RuleId::DX603, span.or(Some(n.span)), msg)
                .fix(Fix::Timers {
                    neighbor: addr,
                    keepalive: max / 3,
                    hold: max,
                })
                .severity(Severity::Warning);
        }
    }
    if t.keepalive == 0 || t.keepalive >= t.hold || t.keepalive > t.hold / 3 {
        let msg = format!(
            "neighbor {addr} sends keepalives every {}s with hold time {}s: fewer than three keepalives per hold time, one lost packet tears the session down",
            t.keepalive, t.hold
        );
        cx.hit(RuleId::DX604, span.or(Some(n.span)), msg)
            .fix(Fix::Timers {
                neighbor: addr,
                keepalive: t.hold / 3,
                hold: t.hold,
            });
    }
    if cx.peering.kind.is_vif() && n.bfd.is_none() {
        let msg = format!(
            "no BFD toward {addr}: AWS runs asynchronous BFD on every VIF, but without it on the router a failure is detected only after the hold time"
        );
        let required = cx.limits.require_bfd;
        let h = cx.hit(RuleId::DX605, Some(n.span), msg);
        h.fix(Fix::Bfd { neighbor: addr });
        if required {
            h.severity(Severity::Error);
        }
    }
}

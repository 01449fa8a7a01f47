//! DX208, DX920–DX922: what stands in the path. Packet filters that drop BGP (TCP 179)
//! or IKE/ESP from AWS, NAT that catches traffic to the VPC before it is encrypted, and an
//! IKE source behind NAT. Reads only [`crate::model::filter`] and the one evaluator.

use super::PeeringCx;
use crate::fix::{FilterFix, Fix, FlowSpec};
use crate::model::filter::{PROTO_ESP, PROTO_TCP, PROTO_UDP};
use crate::model::filter_eval::{bgp_passes, ipsec_passes, Dropped, Verdict};
use crate::model::{Interface, RouterModel};
use crate::rule_id::RuleId;
use crate::rules::Severity;
use crate::source::Spanned;
use std::net::IpAddr;

/// Run the filter rules for one peering.
pub(super) fn check(cx: &mut PeeringCx) {
    if cx.peering.vpn.is_some() {
        check_ipsec(cx);
    }
    if cx
        .peering
        .vpn
        .as_ref()
        .is_some_and(|v| v.static_routes_only)
    {
        return;
    }
    check_bgp(cx);
}

/// DX208: AWS's TCP 179 to the customer address (or the replies from 179) is dropped.
fn check_bgp(cx: &mut PeeringCx) {
    if cx.model.filters.bindings.is_empty() {
        return;
    }
    let (Some(amazon), Some(customer)) = (cx.peering.amazon_ip(), cx.peering.customer_ip()) else {
        return;
    };
    let iface = cx.pairing.interface.map(|m| m.interface.name.clone());
    match bgp_passes(&cx.model.filters, iface.as_deref(), amazon, customer) {
        Verdict::Pass => {}
        Verdict::Unknown(why) => unknown(cx, RuleId::DX208, "BGP (TCP 179)", &why),
        Verdict::Drop(d) => {
            // The permits go the way the dropped packet went (in: from AWS; out: to it).
            let (from, to) = if d.packet.src == amazon {
                (amazon, customer)
            } else {
                (customer, amazon)
            };
            let flows = vec![
                flow(PROTO_TCP, from, to, None, Some(179)),
                flow(PROTO_TCP, from, to, Some(179), None),
            ];
            let msg = format!(
                "{} ({from} to {to}, BGP on TCP 179) are dropped by {}: the TCP connection never completes, the session stays Active and no NOTIFICATION is sent",
                what_packet(&d, amazon),
                where_dropped(&d)
            );
            report(cx, RuleId::DX208, &d, msg, flows);
        }
    }
}

/// DX920: IKE (UDP 500 / 4500) or ESP from either AWS endpoint to the router is dropped.
/// DX922: the router's IKE source is private while AWS knows a public customer gateway.
fn check_ipsec(cx: &mut PeeringCx) {
    let Some(t) = cx.peering.vpn.clone() else {
        return;
    };
    let Some(aws) = t.outside_ip else { return };
    let Some((router, iface)) = ike_source(cx.model, cx.pairing.interface.map(|m| m.interface))
    else {
        return;
    };
    let public_cgw = t.customer_gateway_ip.filter(|ip| !is_private(*ip));
    if is_private(router) {
        if let Some(cgw) = public_cgw {
            let peer = cx
                .model
                .ipsec
                .peers
                .iter()
                .find(|p| p.address.as_ref().map(|a| a.value) == Some(aws));
            let span = peer.map(|p| p.span).or(iface.map(|i| i.span));
            let msg = format!(
                "the router's IKE source address {router} is private, but AWS knows the customer gateway of {} as {cgw}: the router is behind NAT, so NAT traversal (UDP 4500) must be on and its IKE identity must be {cgw}, or AWS rejects the identity and IKE never completes",
                cx.peering.resource_id
            );
            let fix = FilterFix::NatTraversal {
                peer: peer.map_or_else(|| aws.to_string(), |p| p.name.clone()),
                public: cgw,
            };
            cx.hit(RuleId::DX922, span, msg).fix(Fix::Filter(fix));
        }
    }
    if !cx.model.filters.bindings.is_empty() {
        let name = iface.map(|i| i.name.clone());
        let v = ipsec_passes(&cx.model.filters, name.as_deref(), aws, router);
        // Behind NAT, IKE moves to UDP 4500 and ESP rides in it: UDP 500 and 4500 matter.
        let natted = is_private(router) && public_cgw.is_some();
        let checks: [(&str, &Verdict, FlowSpec); 3] = [
            (
                "IKE (UDP 500)",
                &v.ike,
                flow(PROTO_UDP, aws, router, Some(500), Some(500)),
            ),
            (
                "NAT-T (UDP 4500)",
                &v.nat_t,
                flow(PROTO_UDP, aws, router, Some(4500), Some(4500)),
            ),
            (
                "ESP (IP protocol 50)",
                &v.esp,
                flow(PROTO_ESP, aws, router, None, None),
            ),
        ];
        // Without NAT, IKE stays on UDP 500 and the traffic is ESP; behind NAT both move to
        // UDP 4500. Drops at the same place make one finding.
        let mut drops: Vec<(&Dropped, Vec<&str>, Vec<FlowSpec>)> = Vec::new();
        let mut unknowns: Vec<(&str, &Vec<Spanned<String>>)> = Vec::new();
        for (what, verdict, f) in checks {
            let needed = match what.as_bytes()[0] {
                b'N' => natted,
                b'E' => !natted,
                _ => true,
            };
            if !needed {
                continue;
            }
            match verdict {
                Verdict::Pass => {}
                Verdict::Unknown(why) => unknowns.push((what, why)),
                Verdict::Drop(d) => match drops.iter_mut().find(|x| x.0.span == d.span) {
                    Some(x) => {
                        x.1.push(what);
                        x.2.push(f);
                    }
                    None => drops.push((d, vec![what], vec![f])),
                },
            }
        }
        for (what, why) in unknowns {
            unknown(cx, RuleId::DX920, what, why);
        }
        // One fix for the whole connection: the same permits from both AWS endpoints (each
        // tunnel's finding shows it; applied once, it serves both).
        let mut endpoints: Vec<IpAddr> = cx
            .all_peerings
            .iter()
            .filter(|p| p.resource_id == cx.peering.resource_id)
            .filter_map(|p| p.vpn.as_ref()?.outside_ip)
            .collect();
        endpoints.sort();
        endpoints.dedup();
        for (d, whats, flows) in drops {
            let flows: Vec<FlowSpec> = endpoints
                .iter()
                .flat_map(|e| {
                    flows.iter().map(move |f| FlowSpec {
                        src: *e,
                        ..f.clone()
                    })
                })
                .collect();
            let ike = whats.iter().any(|w| !w.starts_with("ESP"));
            let msg = format!(
                "{} from AWS's endpoint {aws} to the router's outside address {router} {} dropped by {}: {}",
                whats.join(" and "),
                if whats.len() > 1 { "are" } else { "is" },
                where_dropped(d),
                if ike {
                    "IKE never completes, the tunnel stays down and BGP over it Idle"
                } else {
                    "IKE completes, but no traffic crosses the tunnel and BGP over it never comes up"
                }
            );
            report(cx, RuleId::DX920, d, msg, flows);
        }
    }
    check_nat(cx, &t);
}

/// DX921: a source NAT rule translates everything leaving through the tunnel interface
/// (toward the VPC) and exempts nothing: the traffic no longer comes from the networks
/// the tunnel and the VPC expect.
fn check_nat(cx: &mut PeeringCx, t: &crate::model::VpnTunnel) {
    let _ = t;
    let Some(tunnel) = cx.pairing.interface.map(|m| m.interface) else {
        return;
    };
    for rule in &cx.model.filters.nat {
        let out_tunnel = rule.interfaces.is_empty()
            || rule
                .interfaces
                .iter()
                .any(|i| i.eq_ignore_ascii_case(&tunnel.name));
        let everything = rule
            .destinations
            .iter()
            .any(|d| d.prefix_len() == 0 && d.addr().is_ipv4());
        if !out_tunnel || !rule.exempt.is_empty() {
            continue;
        }
        if let Some(why) = &rule.unmodelled {
            let msg = format!(
                "cannot tell whether NAT rule `{}` translates traffic leaving through `{}` toward the VPC: {why} is not evaluated",
                rule.name, tunnel.name
            );
            cx.hit(RuleId::DX921, Some(rule.span), msg)
                .severity(Severity::Warning);
            continue;
        }
        if !everything {
            continue;
        }
        let msg = format!(
            "NAT rule `{}` translates every destination leaving through `{}` (the tunnel toward the VPC of {}) and exempts none: the tunnel comes up, but the VPC sees (and answers) only the translated address, or the translated packets no longer match the tunnel's selectors: no traffic",
            rule.name, tunnel.name, cx.peering.resource_id
        );
        let fix = FilterFix::NatExempt {
            rule: rule.name.clone(),
            destination: None,
        };
        cx.hit(RuleId::DX921, Some(rule.span), msg)
            .fix(Fix::Filter(fix));
    }
}

fn flow(proto: u8, src: IpAddr, dst: IpAddr, sport: Option<u16>, dport: Option<u16>) -> FlowSpec {
    FlowSpec {
        proto,
        src,
        dst,
        sport,
        dport,
    }
}

fn what_packet(d: &Dropped, amazon: IpAddr) -> &'static str {
    use crate::model::filter_eval::Port;
    let from_aws = d.packet.src == amazon;
    match (from_aws, d.packet.reply, d.packet.dport, d.packet.sport) {
        (true, false, Port::Is(179), _) => "AWS's connection requests",
        (true, true, Port::Is(179), _) => "AWS's segments to port 179",
        (true, _, _, _) => "AWS's replies from port 179",
        (false, false, Port::Is(179), _) => "the router's connection requests",
        (false, _, _, Port::Is(179)) => "the router's replies from port 179",
        (false, _, _, _) => "the router's segments to port 179",
    }
}

fn where_dropped(d: &Dropped) -> String {
    match (&d.term, &d.near_miss) {
        (_, Some(list)) => format!(
            "`{}` (its entry {} accepts these packets only from `{}`, which lacks this address)",
            d.filter,
            d.near_miss_term.as_deref().unwrap_or("?"),
            list.value
        ),
        (Some(t), None) => format!("`{}` entry {t}", d.filter),
        (None, None) if d.implicit => {
            format!("the implicit default at the end of `{}`", d.filter)
        }
        (None, None) => format!("the default action of `{}`", d.filter),
    }
}

/// The finding: at the peer list that lacks the address, else the dropping entry, else
/// the default (or the binding line); the fix adds the address or the permit before it.
fn report(cx: &mut PeeringCx, rule: RuleId, d: &Dropped, msg: String, flows: Vec<FlowSpec>) {
    let (span, fix) = match &d.near_miss {
        Some(list) => (
            list.span,
            FilterFix::AddToList {
                list: list.value.clone(),
                address: d.packet.src,
            },
        ),
        None => (
            d.span,
            FilterFix::Permit {
                filter: d.filter.clone(),
                before: d.insert_before.clone(),
                flows,
            },
        ),
    };
    cx.hit(rule, Some(span), msg).fix(Fix::Filter(fix));
}

fn unknown(cx: &mut PeeringCx, rule: RuleId, what: &str, why: &[Spanned<String>]) {
    let mut reasons: Vec<&str> = why.iter().map(|w| w.value.as_str()).collect();
    reasons.dedup();
    let msg = format!(
        "cannot tell whether {what} from AWS passes the router's filters: {}",
        reasons.join("; ")
    );
    let span = why.first().map(|w| w.span);
    cx.hit(rule, span, msg).severity(Severity::Warning);
}

/// The router's outside address for the tunnel: the tunnel interface's source (an address,
/// or an interface's first address), and the interface that owns it.
fn ike_source<'m>(
    model: &'m RouterModel,
    tunnel: Option<&'m Interface>,
) -> Option<(IpAddr, Option<&'m Interface>)> {
    let src = tunnel?.tunnel.as_ref()?.source.as_ref()?;
    if let Ok(ip) = src.value.parse::<IpAddr>() {
        let owner = model.interfaces.iter().find(|i| i.address_of(ip).is_some());
        return Some((ip, owner));
    }
    let i = model.interface(&src.value)?;
    let a = i.addresses.iter().find(|a| a.net.addr().is_ipv4())?;
    Some((a.net.addr(), Some(i)))
}

/// RFC 1918, shared (RFC 6598) and unique-local space: not reachable from the Internet.
fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => a.is_private() || (a.octets()[0] == 100 && (a.octets()[1] & 0xc0) == 64),
        IpAddr::V6(a) => (a.segments()[0] & 0xfe00) == 0xfc00,
    }
}

//! `config router bgp`: the process (`set as`, `set router-id`, `set keepalive-timer`,
//! `set holdtime-timer`), its neighbors (`config neighbor` / `edit "IP"`), what they
//! advertise (`config network`, `config network6`, `config redistribute`, through
//! `prefix-list-out` / `route-map-out`), and `config router prefix-list|prefix-list6|
//! route-map` read into the shared policy engine (`dialect::policy`) to count it.
//! FortiOS defaults: keepalive 60 s, hold 180 s; a neighbor's own family is active unless
//! `set activate disable` (`activate6` for IPv6).

use super::{addr_mask, Cx};
use crate::dialect::common::{parse_asn, parse_remote_as, parse_u32_digits};
use crate::dialect::policy::{
    advertise, MapEntry, Offer, OfferBuilder, PolicyDb, PrefixEntry, RouteFilter, Sources,
};
use crate::model::{Afi, BgpProcess, Interface, Neighbor, NeighborFamily, Password, Timers};
use crate::secret::Secret;
use crate::source::{Span, Spanned};
use crate::syntax::config_edit::{Node, Tree};
use ipnet::IpNet;
use std::net::IpAddr;

const DEFAULT_KEEPALIVE: u32 = 60;
const DEFAULT_HOLD: u32 = 180;

pub(super) fn read(cx: &mut Cx, tree: &Tree) {
    let mut db = PolicyDb::new(super::PROFILE.policy);
    for (sec, afi) in [("prefix-list", Afi::Ipv4), ("prefix-list6", Afi::Ipv6)] {
        for s in tree.sections(&["router", sec]) {
            for e in s.edits() {
                let id = db.list_id(afi, e.word(0));
                let list = db.define_list(afi, id);
                for entry in rules(e) {
                    list.insert(entry);
                }
            }
        }
    }
    for s in tree.sections(&["router", "route-map"]) {
        for e in s.edits() {
            let entries: Vec<MapEntry> = e
                .config(&["rule"])
                .flat_map(|c| c.edits())
                .enumerate()
                .map(|(i, r)| map_rule(&mut db, r, i))
                .collect();
            let map = db.route_map_mut(e.word(0));
            map.defined = true;
            for entry in entries {
                map.insert(entry);
            }
        }
    }
    // `config router bgp` may repeat (pasted snippets): one process, later settings win.
    let sections: Vec<&Node> = tree.sections(&["router", "bgp"]).collect();
    if !sections.is_empty() {
        process(cx, &sections, &db);
    }
}

/// A prefix-list's rules (`edit N`: N orders them).
fn rules(e: &Node) -> Vec<PrefixEntry> {
    let mut out = Vec::new();
    for r in e.config(&["rule"]).flat_map(|c| c.edits()) {
        let permit = r.set("action").is_none_or(|a| a.word(1) != "deny");
        let prefix = r.set("prefix").or_else(|| r.set("prefix6")).and_then(|p| {
            if p.word(1) == "any" {
                Some(if p.word(0) == "prefix6" {
                    "::/0".parse().ok()?
                } else {
                    "0.0.0.0/0".parse().ok()?
                })
            } else {
                addr_mask(p, 1).map(|n| n.trunc())
            }
        });
        let len = |k: &str| {
            r.set(k)
                .and_then(|s| parse_u32_digits(s.word(1)))
                .map(|n| n.min(128) as u8)
        };
        if let Some(net) = prefix {
            out.push(PrefixEntry {
                seq: parse_u32_digits(r.word(0)).unwrap_or(out.len() as u32),
                permit,
                net,
                ge: len("ge"),
                le: len("le"),
                span: r.span,
            });
        }
    }
    out
}

/// One route-map rule: `set action`, `set match-ip-address` / `set match-ip6-address`
/// (a prefix-list), any other `set match-…` a condition dxlint does not evaluate.
fn map_rule(db: &mut PolicyDb, r: &Node, position: usize) -> MapEntry {
    let permit = r.set("action").is_none_or(|a| a.word(1) != "deny");
    let seq = parse_u32_digits(r.word(0)).unwrap_or(position as u32);
    let mut entry = MapEntry::new(seq, permit);
    for st in r.sets() {
        match st.word(0) {
            "match-ip-address" => {
                let id = db.list_id(Afi::Ipv4, st.word(1));
                entry.add_clause(Afi::Ipv4, &[id]);
            }
            "match-ip6-address" => {
                let id = db.list_id(Afi::Ipv6, st.word(1));
                entry.add_clause(Afi::Ipv6, &[id]);
            }
            k if k.starts_with("match-") => entry.opaque = true,
            _ => {}
        }
    }
    entry
}

/// `config redistribute "SOURCE"` with `set status enable`: the source, its route-map,
/// the block's line.
struct Redistribute {
    afi: Afi,
    source: String,
    route_map: Option<String>,
    span: Span,
}

/// What the process offers in `afi`: its networks and what it redistributes (connected
/// subnets enumerated, other sources bounded only by a route-map of exact prefixes).
fn offer(
    afi: Afi,
    networks: &[Spanned<IpNet>],
    redistributed: &[Redistribute],
    interfaces: &[Interface],
    db: &PolicyDb,
) -> Offer {
    let mut offer = OfferBuilder::default();
    for n in networks.iter().filter(|n| Afi::of_net(&n.value) == afi) {
        offer.route(n.clone());
    }
    // FortiOS's `config router static` is not read: `redistribute static` stays unbounded.
    let from = Sources {
        interfaces,
        statics: None,
        vrf: None,
        afi,
    };
    for r in redistributed.iter().filter(|r| r.afi == afi) {
        let map = r.route_map.as_deref().map(|m| (m, db.map_filter(afi, m)));
        let filter = map.as_ref().map(|(m, f)| (*m, f as &dyn RouteFilter));
        offer.redistribute(&r.source, &from, "route-map", filter, r.span);
    }
    offer.finish()
}

fn process(cx: &mut Cx, sections: &[&Node], db: &PolicyDb) {
    let mut p = BgpProcess {
        vrf: None,
        local_as: None,
        router_id: None,
        timers: None,
        span: sections[0].span,
        neighbors: Vec::new(),
    };
    let mut keepalive = None;
    let mut hold = None;
    for st in sections.iter().flat_map(|s| s.sets()) {
        match st.word(0) {
            // `set as 0` clears it.
            "as" if st.word(1) == "0" => p.local_as = None,
            "as" => match parse_asn(st.word(1)) {
                Some(n) => p.local_as = Some(Spanned::new(n, st.span)),
                None => cx.problem(
                    st.span,
                    format!("`set as {}`: expected an AS number", st.word(1)),
                ),
            },
            "router-id" => {
                if let Ok(ip) = st.word(1).parse() {
                    p.router_id = Some(Spanned::new(ip, st.span));
                }
            }
            "keepalive-timer" => keepalive = parse_u32_digits(st.word(1)).map(|n| (n, st.span)),
            "holdtime-timer" => hold = parse_u32_digits(st.word(1)).map(|n| (n, st.span)),
            _ => {}
        }
    }
    if keepalive.is_some() || hold.is_some() {
        let span = hold.or(keepalive).map_or(p.span, |h| h.1);
        p.timers = Some(Spanned::new(
            Timers {
                keepalive: keepalive.map_or(DEFAULT_KEEPALIVE, |k| k.0),
                hold: hold.map_or(DEFAULT_HOLD, |h| h.0),
            },
            span,
        ));
    }
    let process_timers = p.timers.as_ref().map(|t| t.value);
    // What the process originates, per family.
    let mut networks: Vec<Spanned<IpNet>> = Vec::new();
    for (sec, key) in [("network", "prefix"), ("network6", "prefix6")] {
        for e in sections
            .iter()
            .flat_map(|s| s.config(&[sec]))
            .flat_map(|c| c.edits())
        {
            if let Some(p) = e.set(key) {
                match addr_mask(p, 1) {
                    Some(n) if networks.iter().any(|x| x.value == n.trunc()) => {}
                    Some(n) => networks.push(Spanned::new(n.trunc(), p.span)),
                    None => cx.problem(
                        p.span,
                        format!("`set {key} {}`: expected a prefix", p.word(1)),
                    ),
                }
            }
        }
    }
    let redistributed: Vec<Redistribute> = sections
        .iter()
        .flat_map(|s| s.children.iter())
        .filter(|c| {
            c.kind == crate::syntax::config_edit::Kind::Config
                && matches!(c.word(0), "redistribute" | "redistribute6")
        })
        .filter(|c| c.set("status").is_some_and(|st| st.word(1) == "enable"))
        .map(|c| Redistribute {
            afi: if c.word(0) == "redistribute6" {
                Afi::Ipv6
            } else {
                Afi::Ipv4
            },
            source: c.word(1).to_string(),
            route_map: c.set("route-map").map(|m| m.word(1).to_string()),
            span: c.span,
        })
        .collect();
    let offers = [Afi::Ipv4, Afi::Ipv6]
        .map(|afi| offer(afi, &networks, &redistributed, &cx.model.interfaces, db));
    let mut keep = Vec::new();
    // A neighbor edited in several sections: its entries in order.
    let mut order: Vec<(IpAddr, Vec<&Node>)> = Vec::new();
    for e in sections
        .iter()
        .flat_map(|s| s.config(&["neighbor"]))
        .flat_map(|c| c.edits())
    {
        let Ok(addr) = e.word(0).parse::<IpAddr>() else {
            cx.problem(
                e.span,
                format!("neighbor `{}`: expected an IP address", e.word(0)),
            );
            continue;
        };
        match order.iter_mut().find(|(a, _)| *a == addr) {
            Some((_, v)) => v.push(e),
            None => order.push((addr, vec![e])),
        }
    }
    for (addr, edits) in order {
        let offer = &offers[Afi::of(addr) as usize];
        let n = neighbor(cx, &edits, addr, process_timers, offer, db, &mut keep);
        p.neighbors.push(n);
    }
    cx.model.bgp.push(p);
}

fn neighbor(
    cx: &mut Cx,
    edits: &[&Node],
    addr: IpAddr,
    process_timers: Option<Timers>,
    offer: &Offer,
    db: &PolicyDb,
    keep: &mut Vec<usize>,
) -> Neighbor {
    let e = edits[0];
    let mut n = Neighbor::new(addr, e.span);
    let afi = Afi::of(addr);
    let v6 = afi == Afi::Ipv6;
    let mut keepalive = None;
    let mut hold = None;
    let mut activated = Some(e.span);
    let (mut prefix_list, mut route_map) = (None, None);
    let mut default_originate = None;
    let (act, pl_out, rm_out, dflt) = if v6 {
        (
            "activate6",
            "prefix-list-out6",
            "route-map-out6",
            "capability-default-originate6",
        )
    } else {
        (
            "activate",
            "prefix-list-out",
            "route-map-out",
            "capability-default-originate",
        )
    };
    let sets: Vec<&Node> = edits.iter().flat_map(|e| e.sets()).collect();
    let last = |key: &str| sets.iter().rev().find(|s| s.word(0) == key).copied();
    for st in sets.iter().copied() {
        let k = st.word(0);
        let v = st.word(1);
        match k {
            "remote-as" => match parse_remote_as(v) {
                Some(r) => n.remote_as = Some(Spanned::new(r, st.span)),
                None => cx.problem(
                    st.span,
                    format!("`set remote-as {v}`: expected an AS number"),
                ),
            },
            "password" => {
                let pw = if v == "ENC" && st.words.len() > 2 {
                    Password::Unverifiable("ENC (encrypted with the FortiGate's key)")
                } else {
                    Password::Known(Secret::new(v))
                };
                n.password = Some(Spanned::new(pw, st.span));
            }
            "keep-alive-timer" => keepalive = parse_u32_digits(v).map(|x| (x, st.span)),
            "holdtime-timer" => hold = parse_u32_digits(v).map(|x| (x, st.span)),
            "bfd" if v == "enable" => n.bfd = Some(st.span),
            "shutdown" if v == "enable" => n.rare_mut().shutdown = Some(st.span),
            "update-source" => {
                n.rare_mut().update_source = Some(Spanned::new(v.to_string(), st.span))
            }
            "ebgp-multihop-ttl" => {
                if let Some(t) = parse_u32_digits(v) {
                    n.rare_mut().ebgp_multihop = Some(Spanned::new(t, st.span));
                }
            }
            "local-as" => {
                if let Some(a) = parse_asn(v) {
                    n.rare_mut().local_as = Some(Spanned::new(a, st.span));
                }
            }
            "description" => n.description = Some(v.to_string()),
            _ if k == act && v == "disable" => activated = None,
            _ if k == pl_out => prefix_list = Some(v),
            _ if k == rm_out => route_map = Some(v),
            _ if k == dflt && v == "enable" => default_originate = Some(st.span),
            _ => {}
        }
    }
    // Multihop only counts when enforced.
    let enforced = last("ebgp-enforce-multihop").is_some_and(|s| s.word(1) == "enable");
    if !enforced && n.rare().ebgp_multihop.is_some() {
        n.rare_mut().ebgp_multihop = None;
    }
    if keepalive.is_some() || hold.is_some() {
        let base = process_timers.unwrap_or(Timers {
            keepalive: DEFAULT_KEEPALIVE,
            hold: DEFAULT_HOLD,
        });
        let span = hold.or(keepalive).map(|h| h.1).unwrap_or(e.span);
        n.timers = Some(Spanned::new(
            Timers {
                keepalive: keepalive.map_or(base.keepalive, |k| k.0),
                hold: hold.map_or(base.hold, |h| h.0),
            },
            span,
        ));
    }
    let filters = db.outbound(afi, prefix_list, route_map);
    let filters: Vec<&dyn RouteFilter> = filters.iter().map(|f| f as &dyn RouteFilter).collect();
    let mut adv = advertise(offer, &filters, keep);
    adv.default_originate = default_originate;
    n.families.push(NeighborFamily {
        afi,
        activated,
        block: None,
        advertised: adv,
        maximum_prefix: None,
    });
    n
}

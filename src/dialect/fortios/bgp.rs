//! `config router bgp`: the process (`set as`, `set router-id`, `set keepalive-timer`,
//! `set holdtime-timer`), its neighbors (`config neighbor` / `edit "IP"`), what they
//! advertise (`config network`, `config network6`, `config redistribute`, through
//! `prefix-list-out` / `route-map-out`), and `config router prefix-list` to count it.
//! FortiOS defaults: keepalive 60 s, hold 180 s; a neighbor's own family is active unless
//! `set activate disable` (`activate6` for IPv6).

use super::{addr_mask, Cx};
use crate::dialect::common::{parse_asn, parse_remote_as, parse_u32_digits};
use crate::model::{Advertisement, Afi, BgpProcess, Neighbor, NeighborFamily, Password, Timers};
use crate::secret::Secret;
use crate::source::Spanned;
use crate::syntax::config_edit::{Node, Tree};
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::IpAddr;

const DEFAULT_KEEPALIVE: u32 = 60;
const DEFAULT_HOLD: u32 = 180;

/// One prefix-list rule.
struct Rule {
    permit: bool,
    prefix: IpNet,
    ge: Option<u8>,
    le: Option<u8>,
}

impl Rule {
    /// IOS's `ge`/`le` semantics, which FortiOS prefix lists share.
    fn matches(&self, p: &IpNet) -> bool {
        crate::dialect::policy::prefix_entry_matches(&self.prefix, self.ge, self.le, p)
    }
}

type Lists = HashMap<String, Vec<Rule>>;

pub(super) fn read(cx: &mut Cx, tree: &Tree) {
    let mut lists = Lists::new();
    for sec in ["prefix-list", "prefix-list6"] {
        for s in tree.sections(&["router", sec]) {
            for e in s.edits() {
                lists.insert(e.word(0).to_string(), rules(e));
            }
        }
    }
    // Route maps whose permit rules only match prefix lists: the union of those lists.
    let mut maps: HashMap<String, Option<Vec<String>>> = HashMap::new();
    for s in tree.sections(&["router", "route-map"]) {
        for e in s.edits() {
            let mut pls = Some(Vec::new());
            for r in e.config(&["rule"]).flat_map(|c| c.edits()) {
                let permit = r.set("action").is_none_or(|a| a.word(1) != "deny");
                let pl = r
                    .set("match-ip-address")
                    .or_else(|| r.set("match-ip6-address"))
                    .map(|m| m.word(1).to_string());
                match (permit, pl) {
                    (true, Some(pl)) if lists.contains_key(&pl) => {
                        if let Some(v) = pls.as_mut() {
                            v.push(pl)
                        }
                    }
                    (false, _) => {}
                    _ => pls = None,
                }
            }
            maps.insert(e.word(0).to_string(), pls);
        }
    }
    // `config router bgp` may repeat (pasted snippets): one process, later settings win.
    let sections: Vec<&Node> = tree.sections(&["router", "bgp"]).collect();
    if !sections.is_empty() {
        process(cx, &sections, &lists, &maps);
    }
}

fn rules(e: &Node) -> Vec<Rule> {
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
                .map(|n| n as u8)
        };
        if let Some(prefix) = prefix {
            out.push(Rule {
                permit,
                prefix,
                ge: len("ge"),
                le: len("le"),
            });
        }
    }
    out
}

fn permitted(rules: &[Rule], p: &IpNet) -> bool {
    rules
        .iter()
        .find(|r| r.matches(p))
        .is_some_and(|r| r.permit)
}

fn process(
    cx: &mut Cx,
    sections: &[&Node],
    lists: &Lists,
    maps: &HashMap<String, Option<Vec<String>>>,
) {
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
    let redistributed: Vec<Spanned<String>> = sections
        .iter()
        .flat_map(|s| s.children.iter())
        .filter(|c| {
            c.kind == crate::syntax::config_edit::Kind::Config
                && matches!(c.word(0), "redistribute" | "redistribute6")
        })
        .filter(|c| c.set("status").is_some_and(|st| st.word(1) == "enable"))
        .map(|c| Spanned::new(format!("redistribute {}", c.word(1)), c.span))
        .collect();
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
        let n = neighbor(
            cx,
            &edits,
            addr,
            process_timers,
            &networks,
            &redistributed,
            lists,
            maps,
        );
        p.neighbors.push(n);
    }
    cx.model.bgp.push(p);
}

#[allow(clippy::too_many_arguments)]
fn neighbor(
    cx: &mut Cx,
    edits: &[&Node],
    addr: IpAddr,
    process_timers: Option<Timers>,
    networks: &[Spanned<IpNet>],
    redistributed: &[Spanned<String>],
    lists: &Lists,
    maps: &HashMap<String, Option<Vec<String>>>,
) -> Neighbor {
    let e = edits[0];
    let mut n = Neighbor::new(addr, e.span);
    let afi = Afi::of(addr);
    let v6 = afi == Afi::Ipv6;
    let mut keepalive = None;
    let mut hold = None;
    let mut activated = Some(e.span);
    let mut filter: Option<(String, bool, crate::source::Span)> = None;
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
            _ if k == pl_out => filter = Some((v.to_string(), false, st.span)),
            _ if k == rm_out => filter = Some((v.to_string(), true, st.span)),
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
    let mut adv = Advertisement {
        default_originate,
        ..Default::default()
    };
    let family_nets = networks.iter().filter(|p| Afi::of(p.value.addr()) == afi);
    // The prefix lists the outbound filter amounts to (`None`: not evaluable).
    let lists_of: Option<Vec<&Vec<Rule>>> = match &filter {
        None => None,
        Some((name, false, _)) => lists.get(name).map(|l| vec![l]),
        Some((name, true, _)) => maps
            .get(name)
            .and_then(|m| m.as_ref())
            .map(|pls| pls.iter().filter_map(|p| lists.get(p)).collect()),
    };
    match (&filter, &lists_of) {
        (None, _) => adv.prefixes.extend(family_nets.cloned()),
        (Some(_), Some(ls)) => adv.prefixes.extend(
            family_nets
                .filter(|p| ls.iter().any(|l| permitted(l, &p.value)))
                .cloned(),
        ),
        (Some((name, _, span)), None) => {
            adv.prefixes.extend(family_nets.cloned());
            adv.unbounded = Some(Box::new(Spanned::new(
                format!("outbound filter `{name}` cannot be evaluated"),
                *span,
            )));
        }
    }
    if let Some(r) = redistributed.first() {
        // Bounded only by a filter of exact prefixes.
        let exact: Option<Vec<IpNet>> = lists_of.as_ref().and_then(|ls| {
            ls.iter()
                .flat_map(|l| l.iter())
                .filter(|r| r.permit)
                .map(|r| (r.ge.is_none() && r.le.is_none()).then_some(r.prefix))
                .collect()
        });
        match exact {
            Some(ps) => {
                let span = filter.as_ref().map_or(r.span, |f| f.2);
                for p in ps.into_iter().filter(|p| Afi::of(p.addr()) == afi) {
                    if !adv.prefixes.iter().any(|x| x.value == p) {
                        adv.prefixes.push(Spanned::new(p, span));
                    }
                }
            }
            None if adv.unbounded.is_none() => {
                adv.unbounded = Some(Box::new(Spanned::new(
                    format!("`{}` without an outbound prefix filter", r.value),
                    r.span,
                )))
            }
            None => {}
        }
    }
    n.families.push(NeighborFamily {
        afi,
        activated,
        block: None,
        advertised: adv,
        maximum_prefix: None,
    });
    n
}

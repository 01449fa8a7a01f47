//! `protocols bgp …` (1.2/1.3 `protocols bgp <asn> …`, 1.4/1.5 `protocols bgp system-as <asn>`),
//! the same under `vrf name X protocols bgp …`, and `protocols static` routes (candidates for
//! `redistribute static`). See the module documentation of `vyos` for the VyOS/FRR behaviour
//! encoded here.

use super::policy::{in_text, parse_net};
use super::{looks_like_ip, parse_asn, parse_digits, Cx, LastKey};
use crate::dialect::name_index::NameIndex;
use crate::dialect::policy::{
    advertise, FilterKind, Missing, Offer, OfferBuilder, PolicyDb, RouteFilter, Sources,
};
use crate::model::{
    Advertisement, Afi, BgpProcess, Interface, Neighbor, NeighborFamily, Password, RemoteAs, Timers,
};
use crate::secret::Secret;
use crate::source::{Span, Spanned};
use crate::syntax::path::PathStatement;
use ipnet::IpNet;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;

/// FRR's defaults, used only to complete a half-configured `timers` pair.
const DEFAULT_KEEPALIVE: u32 = 60;
const DEFAULT_HOLD: u32 = 180;

#[derive(Debug, Default, Clone)]
struct RawAf<'t> {
    /// The line that names the family (activates it).
    span: Option<Span>,
    /// Names borrowed from the configuration text where they are written plainly.
    prefix_list: Option<Spanned<Cow<'t, str>>>,
    route_map: Option<Spanned<Cow<'t, str>>>,
    /// `distribute-list export` / `filter-list export`: only narrow, not evaluated.
    other_export: Option<Span>,
    maximum_prefix: Option<Spanned<u32>>,
    default_originate: Option<Span>,
}

/// What a neighbor or peer-group says about itself, besides the model's own fields: the
/// timer pair (the model keeps one `Timers`) and the per-family export filters (the model
/// keeps what they let through). Kept small, because a large router has one per neighbor.
#[derive(Debug, Default, Clone)]
struct RawRest<'t> {
    /// The `peer-group` line (the name is the neighbor's `group`).
    group_span: Option<Span>,
    holdtime: Option<Spanned<u32>>,
    keepalive: Option<Spanned<u32>>,
    /// IPv4 and IPv6 families, when written.
    afs: [Option<Box<RawAf<'t>>>; 2],
}

impl<'t> RawRest<'t> {
    fn af(&self, afi: Afi) -> Option<&RawAf<'t>> {
        self.afs[afi as usize].as_deref()
    }
    fn af_mut(&mut self, afi: Afi) -> &mut RawAf<'t> {
        self.afs[afi as usize].get_or_insert_with(Default::default)
    }
}

/// A peer-group: the same fields as a neighbor (its address unused).
#[derive(Debug)]
struct Group<'t> {
    n: Neighbor,
    rest: RawRest<'t>,
}

#[derive(Debug)]
struct Redist {
    afi: Afi,
    proto: String,
    route_map: Option<Spanned<String>>,
    span: Span,
}

#[derive(Debug, Default)]
struct RawProcess<'t> {
    vrf: Option<String>,
    span: Span,
    tag_asn: Option<Spanned<u32>>,
    system_as: Option<Spanned<u32>>,
    router_id: Option<Spanned<IpAddr>>,
    holdtime: Option<Spanned<u32>>,
    keepalive: Option<Spanned<u32>>,
    /// `network`/`aggregate-address` prefixes with their lines, found while the line is
    /// still in cache (in a large file, looking it up later reads memory once per prefix).
    networks: Vec<Spanned<IpNet>>,
    redistribute: Vec<Redist>,
    /// Neighbors with their own values only (peer-groups are applied in `finish`), and
    /// beside each its [`RawRest`].
    neighbors: Vec<Neighbor>,
    rests: Vec<RawRest<'t>>,
    /// Positions in `neighbors` by address: one hash per new neighbor, no rehashing.
    neighbor_index: NameIndex,
    /// The neighbor the previous statement was about.
    last: LastKey<usize>,
    peer_groups: HashMap<String, Group<'t>>,
    ebgp_requires_policy: bool,
    no_default_ipv4: bool,
}

#[derive(Debug, Default)]
pub(super) struct Bgp<'t> {
    processes: Vec<RawProcess<'t>>,
    statics: Vec<(Option<String>, Spanned<IpNet>)>,
    static_seen: HashSet<(Option<String>, IpNet)>,
}

/// Words that follow `protocols bgp` in the 1.4+ syntax (and legacy leaves of 1.2).
fn is_bgp_keyword(w: &str) -> bool {
    matches!(
        w,
        "address-family"
            | "neighbor"
            | "peer-group"
            | "parameters"
            | "system-as"
            | "timers"
            | "listen"
            | "bmp"
            | "interface"
            | "sid"
            | "srv6"
            | "route-map"
            | "maximum-paths"
            | "network"
            | "redistribute"
            | "aggregate-address"
    )
}

fn parse_afi(w: &str) -> Option<Afi> {
    match w {
        "ipv4-unicast" => Some(Afi::Ipv4),
        "ipv6-unicast" => Some(Afi::Ipv6),
        _ => None,
    }
}

fn parse_u32_range(v: &str, lo: u32, hi: u32) -> Option<u32> {
    parse_digits(v).filter(|n| (lo..=hi).contains(n))
}

impl<'t> Bgp<'t> {
    /// `protocols <at>…` (`at` indexes the protocol name). Returns whether it was understood.
    pub(super) fn protocols(
        &mut self,
        cx: &mut Cx<'t>,
        st: &PathStatement,
        at: usize,
        vrf: Option<&str>,
    ) -> bool {
        match st.word(at) {
            Some("bgp") => self.bgp(cx, st, at + 1, vrf),
            Some("static") => self.static_route(cx, st, at + 1, vrf),
            _ => false,
        }
    }

    /// The process of a VRF (few: a linear search), created with the line at `at` as its span.
    fn process(&mut self, cx: &Cx, vrf: Option<&str>, at: usize) -> usize {
        if let Some(i) = self.processes.iter().position(|p| p.vrf.as_deref() == vrf) {
            return i;
        }
        self.processes.push(RawProcess {
            vrf: vrf.map(str::to_string),
            span: cx.line_of(at),
            ..RawProcess::default()
        });
        self.processes.len() - 1
    }

    fn bgp(&mut self, cx: &mut Cx<'t>, st: &PathStatement, i: usize, vrf: Option<&str>) -> bool {
        let bgp_word = st
            .words
            .get(i.wrapping_sub(1))
            .map_or(st.span.start(), |w| w.span.start());
        let pi = self.process(cx, vrf, bgp_word);
        let Some(first) = st.words.get(i) else {
            return true;
        };
        let mut rest = i;
        if first.text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            // 1.2/1.3: `protocols bgp 65010 …`
            rest = i + 1;
            match parse_asn(&first.text) {
                Some(asn) => {
                    let p = &mut self.processes[pi];
                    match &p.tag_asn {
                        None => p.tag_asn = Some(Spanned::new(asn, first.span)),
                        Some(prev) if prev.value != asn => cx.problem(
                            cx.line_of(first.span.start()),
                            format!(
                                "a second BGP AS {asn} next to {}: VyOS allows one per routing table",
                                prev.value
                            ),
                        ),
                        Some(_) => {}
                    }
                }
                None => cx.problem(
                    cx.line_of(first.span.start()),
                    format!("`bgp {}`: not an AS number (1-4294967295)", first.text),
                ),
            }
        } else if !is_bgp_keyword(&first.text) && st.word(i + 1).is_some_and(is_bgp_keyword) {
            cx.problem(
                cx.line_of(first.span.start()),
                format!("`bgp {}`: not an AS number (1-4294967295)", first.text),
            );
            rest = i + 1;
        }
        self.body(cx, st, pi, rest)
    }

    fn body(&mut self, cx: &mut Cx<'t>, st: &PathStatement, pi: usize, r: usize) -> bool {
        let p = &mut self.processes[pi];
        let val = st.word(r + 1);
        match st.word(r) {
            None => true,
            Some("system-as") => {
                match val.and_then(parse_asn) {
                    Some(asn) => p.system_as = Some(Spanned::new(asn, st.span)),
                    None => cx.problem(
                        st.span,
                        format!(
                            "`system-as {}`: not an AS number (1-4294967294)",
                            val.unwrap_or("")
                        ),
                    ),
                }
                true
            }
            Some("neighbor") => {
                let Some(addr_w) = st.words.get(r + 1) else {
                    return true;
                };
                let key = &st.words[..r + 2];
                if let Some(k) = p.last.get(cx.text, key) {
                    return peer_attr(cx, &mut p.neighbors[k], &mut p.rests[k], st, r + 2, true);
                }
                match addr_w.text.parse::<IpAddr>() {
                    Ok(ip) => {
                        let hk = p.neighbor_index.key(&ip);
                        let found =
                            (p.neighbor_index.candidates(hk)).find(|&k| p.neighbors[k].addr == ip);
                        let idx = match found {
                            Some(k) => k,
                            None => {
                                let mut n = Neighbor::new(ip, cx.line_of(addr_w.span.start()));
                                n.families = Vec::new(); // sized in `finish`
                                p.neighbors.push(n);
                                p.rests.push(RawRest::default());
                                p.neighbor_index.push(hk);
                                p.neighbors.len() - 1
                            }
                        };
                        p.last.set(cx.text, key, idx);
                        peer_attr(
                            cx,
                            &mut p.neighbors[idx],
                            &mut p.rests[idx],
                            st,
                            r + 2,
                            true,
                        )
                    }
                    Err(_) if looks_like_ip(&addr_w.text) => {
                        cx.problem(
                            cx.line_of(addr_w.span.start()),
                            format!("`neighbor {}`: not an IP address", addr_w.text),
                        );
                        true
                    }
                    // `neighbor eth1 interface …`: BGP unnumbered, no address to pair with.
                    Err(_) => true,
                }
            }
            Some("peer-group") => {
                let Some(name) = st.words.get(r + 1) else {
                    return true;
                };
                let g = match p.peer_groups.get_mut(name.text.as_str()) {
                    Some(g) => g,
                    None => {
                        let span = cx.line_of(name.span.start());
                        let n = Neighbor::new(IpAddr::from([0, 0, 0, 0]), span);
                        let rest = RawRest::default();
                        p.peer_groups
                            .entry(name.text.to_string())
                            .or_insert(Group { n, rest })
                    }
                };
                peer_attr(cx, &mut g.n, &mut g.rest, st, r + 2, false)
            }
            Some("address-family") => {
                let Some(afi) = val.and_then(parse_afi) else {
                    return true; // l2vpn-evpn, multicast, vpn …: not what AWS peers with
                };
                global_af(cx, p, st, afi, r + 2)
            }
            // Vyatta/1.2 leftovers directly under the process: IPv4 unless the prefix says not.
            Some("network" | "aggregate-address") => global_af(cx, p, st, Afi::Ipv4, r),
            Some("redistribute") => global_af(cx, p, st, Afi::Ipv4, r),
            Some("parameters") => match val {
                Some("router-id") => {
                    if let Some(v) = st.word(r + 2) {
                        match v.parse::<IpAddr>() {
                            Ok(ip) => p.router_id = Some(Spanned::new(ip, st.span)),
                            Err(_) => {
                                cx.problem(st.span, format!("`router-id {v}`: not an IPv4 address"))
                            }
                        }
                    }
                    true
                }
                Some("ebgp-requires-policy") => {
                    p.ebgp_requires_policy = true;
                    true
                }
                Some("default") if st.word(r + 2) == Some("no-ipv4-unicast") => {
                    p.no_default_ipv4 = true;
                    true
                }
                _ => false,
            },
            Some("timers") => {
                let v = st.word(r + 2);
                let slot = match val {
                    Some("holdtime") => &mut p.holdtime,
                    Some("keepalive") => &mut p.keepalive,
                    _ => return false,
                };
                if let Some(n) = timer_value(cx, val.unwrap_or(""), v, st.span) {
                    *slot = Some(Spanned::new(n, st.span));
                }
                true
            }
            _ => false,
        }
    }

    fn static_route(
        &mut self,
        cx: &mut Cx,
        st: &PathStatement,
        i: usize,
        vrf: Option<&str>,
    ) -> bool {
        match st.word(i) {
            Some("route" | "route6" | "interface-route" | "interface-route6") => {
                let Some(w) = st.words.get(i + 1) else {
                    return true;
                };
                match parse_net(&w.text) {
                    Ok(net) => {
                        let net = net.trunc();
                        let vrf = vrf.map(str::to_string);
                        if self.static_seen.insert((vrf.clone(), net)) {
                            self.statics
                                .push((vrf, Spanned::new(net, cx.line_of(w.span.start()))));
                        }
                    }
                    Err(_) => cx.problem(
                        cx.line_of(w.span.start()),
                        format!("static route `{}`: not a prefix", w.text),
                    ),
                }
                true
            }
            _ => false,
        }
    }

    /// Resolve peer-groups, defaults and advertisements into the model's processes.
    pub(super) fn finish(
        self,
        cx: &mut Cx,
        interfaces: &[Interface],
        policies: &PolicyDb,
        legacy: bool,
    ) -> Vec<BgpProcess> {
        let Bgp {
            processes, statics, ..
        } = self;
        let mut out = Vec::with_capacity(processes.len());
        let mut keep = Vec::new();
        for p in processes {
            let cand4 = Self::offer(cx, &p, &statics, Afi::Ipv4, interfaces, policies);
            let cand6 = Self::offer(cx, &p, &statics, Afi::Ipv6, interfaces, policies);
            let local_as = p.tag_asn.clone().or_else(|| p.system_as.clone());
            if local_as.is_none() && !p.neighbors.is_empty() {
                cx.problem(
                    p.span,
                    "BGP has neighbors but no local AS: `protocols bgp system-as <asn>` is \
                     mandatory since VyOS 1.4",
                );
            }
            let RawProcess {
                vrf,
                span,
                router_id,
                holdtime,
                keepalive,
                mut neighbors,
                rests,
                peer_groups,
                ebgp_requires_policy,
                no_default_ipv4,
                networks,
                neighbor_index,
                ..
            } = p;
            // Filed into the candidates; free before the neighbors' families are built.
            drop((networks, neighbor_index));
            neighbors.shrink_to_fit();
            let no_group = Group {
                n: Neighbor::new(IpAddr::from([0, 0, 0, 0]), Span::default()),
                rest: RawRest::default(),
            };
            let env = Env {
                local_as: &local_as,
                legacy,
                no_default_ipv4,
                ebgp_requires_policy,
                cand: [&cand4, &cand6],
                policies,
            };
            // Each neighbor's raw values freed right after use, while still in cache (a
            // separate pass to free them all misses the cache once per neighbor when large).
            for (n, rest) in neighbors.iter_mut().zip(rests) {
                let g = match &n.group {
                    None => &no_group,
                    Some(name) => match peer_groups.get(&**name) {
                        Some(g) => g,
                        None => {
                            cx.problem(
                                rest.group_span.unwrap_or_default(),
                                format!(
                                    "peer-group {name} is not defined; VyOS refuses to commit this"
                                ),
                            );
                            &no_group
                        }
                    },
                };
                resolve(cx, n, &rest, g, &env, &mut keep);
            }
            out.push(BgpProcess {
                vrf,
                local_as,
                router_id,
                timers: timers(&holdtime, &keepalive),
                span,
                neighbors,
            });
        }
        out
    }

    /// What a process offers in one family before per-neighbor export filters:
    /// `network`/`aggregate-address`, redistributed connected subnets and static routes of the
    /// same VRF (through the redistribution route-map), and the first unbounded source.
    /// Computed once per process and family.
    fn offer(
        cx: &mut Cx,
        p: &RawProcess<'_>,
        statics: &[(Option<String>, Spanned<IpNet>)],
        afi: Afi,
        interfaces: &[Interface],
        policies: &PolicyDb,
    ) -> Offer {
        let mut offer = OfferBuilder::default();
        for net in p.networks.iter().filter(|n| Afi::of_net(&n.value) == afi) {
            offer.route(net.clone());
        }
        let from = Sources {
            interfaces,
            statics: Some(statics),
            vrf: p.vrf.as_deref(),
            afi,
        };
        for r in p.redistribute.iter().filter(|r| r.afi == afi) {
            let map = (r.route_map.as_ref())
                .map(|rm| (rm.value.as_ref(), policies.map_filter(afi, &rm.value)));
            if let (Some(rm), Some(m)) = (&r.route_map, map.as_ref().and_then(|(_, f)| f.missing()))
            {
                Self::undefined(cx, m, rm.span);
            }
            let filter = map.as_ref().map(|(m, f)| (*m, f as &dyn RouteFilter));
            offer.redistribute(&r.proto, &from, "route-map", filter, r.span);
        }
        offer.finish()
    }

    /// One neighbor family's advertisement: the process's offer through the export
    /// prefix-list and route-map (FRR applies both).
    #[allow(clippy::too_many_arguments)]
    fn advertised(
        cx: &mut Cx,
        afi: Afi,
        offer: &Offer,
        policies: &PolicyDb,
        export: &Export<'_>,
        requires_policy: bool,
        default_originate: Option<Span>,
        keep: &mut Vec<usize>,
    ) -> Advertisement {
        if requires_policy && export.is_empty() {
            // FRR `bgp ebgp-requires-policy`: nothing is sent to an eBGP peer without policy.
            return Advertisement {
                default_originate,
                ..Advertisement::default()
            };
        }
        let pl = export.prefix_list.map(|pl| pl.value.as_ref());
        let rm = export.route_map.map(|rm| rm.value.as_ref());
        let outbound = policies.outbound(afi, pl, rm);
        for m in outbound.iter().filter_map(|f| f.missing()) {
            let named = match m.kind {
                FilterKind::PrefixList => export.prefix_list,
                FilterKind::RouteMap => export.route_map,
            };
            Self::undefined(cx, m, named.map_or(Span::default(), |n| n.span));
        }
        let filters: Vec<&dyn RouteFilter> =
            outbound.iter().map(|f| f as &dyn RouteFilter).collect();
        let mut adv = advertise(offer, &filters, keep);
        adv.default_originate = default_originate;
        adv.prefixes.shrink_to_fit();
        adv
    }

    /// A problem for a filter that is named at `span` but not defined (VyOS refuses the
    /// commit).
    fn undefined(cx: &mut Cx, m: Missing, span: Span) {
        let what = match (m.kind, m.afi) {
            (FilterKind::PrefixList, Afi::Ipv6) => "prefix-list6",
            (FilterKind::PrefixList, Afi::Ipv4) => "prefix-list",
            (FilterKind::RouteMap, _) => "route-map",
        };
        cx.problem(
            span,
            format!(
                "{what} {} is not defined; VyOS refuses to commit this",
                m.name
            ),
        );
    }
}

/// What every neighbor of one process is resolved against.
struct Env<'a> {
    local_as: &'a Option<Spanned<u32>>,
    legacy: bool,
    no_default_ipv4: bool,
    ebgp_requires_policy: bool,
    /// The process's IPv4 and IPv6 offers.
    cand: [&'a Offer; 2],
    policies: &'a PolicyDb,
}

/// A neighbor as the model has it: what it leaves unset taken from its peer-group `g`, its
/// timers as a pair, and per family the activation and what the export filters let out.
fn resolve(
    cx: &mut Cx,
    n: &mut Neighbor,
    rest: &RawRest,
    g: &Group,
    env: &Env,
    keep: &mut Vec<usize>,
) {
    crate::dialect::resolve::inherit(n, &[&g.n]);
    // VyOS writes `neighbor X timers K H` into FRR only when one node (the neighbor, or its
    // peer-group) sets both keepalive and holdtime (vyos-1x bgpd.frr.j2 / bgpd.frr.tmpl): a
    // lone half never reaches FRR, and the neighbor keeps its group's pair or the defaults.
    let pair = |r: &RawRest| match (&r.holdtime, &r.keepalive) {
        (Some(_), Some(_)) => timers(&r.holdtime, &r.keepalive),
        _ => None,
    };
    n.timers = pair(rest).or_else(|| pair(&g.rest));

    let ebgp = match n.remote_as.as_ref().map(|r| r.value) {
        Some(RemoteAs::External) => true,
        Some(RemoteAs::Number(r)) => env.local_as.as_ref().is_none_or(|l| l.value != r),
        _ => false,
    };
    let none = RawAf::default();
    let addr = n.addr;
    let present = |afi: Afi| {
        let block = rest.af(afi).and_then(|a| a.span);
        let block = block.or(g.rest.af(afi).and_then(|a| a.span));
        (block.is_some() || afi == Afi::of(addr)).then_some(block)
    };
    let families = [Afi::Ipv4, Afi::Ipv6].map(|afi| (afi, present(afi)));
    n.families = Vec::with_capacity(families.iter().filter(|f| f.1.is_some()).count());
    for (afi, block) in families {
        let Some(block) = block else { continue };
        let own = rest.af(afi).unwrap_or(&none);
        let grp = g.rest.af(afi).unwrap_or(&none);
        let default_on = env.legacy && afi == Afi::Ipv4 && addr.is_ipv4() && !env.no_default_ipv4;
        let activated = block.or(default_on.then_some(n.span));
        let export = Export {
            prefix_list: own.prefix_list.as_ref().or(grp.prefix_list.as_ref()),
            route_map: own.route_map.as_ref().or(grp.route_map.as_ref()),
            other: own.other_export.or(grp.other_export),
        };
        let default_originate = own.default_originate.or(grp.default_originate);
        let advertised = Bgp::advertised(
            cx,
            afi,
            env.cand[afi as usize],
            env.policies,
            &export,
            ebgp && env.ebgp_requires_policy,
            default_originate,
            keep,
        );
        n.families.push(NeighborFamily {
            afi,
            activated,
            block,
            advertised,
            maximum_prefix: (own.maximum_prefix.as_ref().or(grp.maximum_prefix.as_ref())).cloned(),
        });
    }
}

/// A neighbor family's export filters, borrowed from the neighbor or its peer-group.
struct Export<'a> {
    prefix_list: Option<&'a Spanned<Cow<'a, str>>>,
    route_map: Option<&'a Spanned<Cow<'a, str>>>,
    other: Option<Span>,
}

impl Export<'_> {
    fn is_empty(&self) -> bool {
        self.prefix_list.is_none() && self.route_map.is_none() && self.other.is_none()
    }
}

fn timers(
    hold: &Option<Spanned<u32>>,
    keepalive: &Option<Spanned<u32>>,
) -> Option<Spanned<Timers>> {
    match (hold, keepalive) {
        (None, None) => None,
        (h, k) => {
            let span = h
                .as_ref()
                .or(k.as_ref())
                .map(|s| s.span)
                .unwrap_or_default();
            Some(Spanned::new(
                Timers {
                    keepalive: k.as_ref().map_or(DEFAULT_KEEPALIVE, |k| k.value),
                    hold: h.as_ref().map_or(DEFAULT_HOLD, |h| h.value),
                },
                span,
            ))
        }
    }
}

/// A timer's seconds, or a problem.
fn timer_value(cx: &mut Cx, which: &str, v: Option<&str>, span: Span) -> Option<u32> {
    let n = v.and_then(|v| parse_u32_range(v, 0, 65535));
    match n {
        Some(_) => {}
        None => cx.problem(
            span,
            format!(
                "`timers {which} {}`: not a number of seconds (0-65535)",
                v.unwrap_or("")
            ),
        ),
    }
    n
}

/// `address-family ipv4-unicast|ipv6-unicast network|aggregate-address|redistribute …` of a
/// process (`r` indexes the keyword).
fn global_af(cx: &mut Cx, p: &mut RawProcess, st: &PathStatement, afi: Afi, r: usize) -> bool {
    match st.word(r) {
        Some("network" | "aggregate-address") => {
            let Some(w) = st.words.get(r + 1) else {
                return true;
            };
            match parse_net(&w.text) {
                Ok(net) => {
                    let net = net.trunc();
                    // Repeats are dropped with the other candidates' (the first one kept).
                    (p.networks).push(Spanned::new(net, cx.line_of(w.span.start())));
                }
                Err(_) => cx.problem(
                    cx.line_of(w.span.start()),
                    format!("`{} {}`: not a prefix", st.word(r).unwrap_or(""), w.text),
                ),
            }
            true
        }
        Some("redistribute") => {
            let Some(proto) = st.words.get(r + 1) else {
                return true;
            };
            let idx = match p
                .redistribute
                .iter()
                .position(|x| x.afi == afi && x.proto == proto.text)
            {
                Some(i) => i,
                None => {
                    p.redistribute.push(Redist {
                        afi,
                        proto: proto.text.to_string(),
                        route_map: None,
                        span: cx.line_of(proto.span.start()),
                    });
                    p.redistribute.len() - 1
                }
            };
            if st.word(r + 2) == Some("route-map") {
                if let Some(rm) = st.word(r + 3) {
                    p.redistribute[idx].route_map = Some(Spanned::new(rm.to_string(), st.span));
                }
            }
            true
        }
        None => true,
        _ => true, // maximum-paths, distance, … under a unicast family: irrelevant here
    }
}

/// A neighbor's or peer-group's attribute (`j` indexes the attribute word).
fn peer_attr<'t>(
    cx: &mut Cx<'t>,
    peer: &mut Neighbor,
    rest: &mut RawRest<'t>,
    st: &PathStatement,
    j: usize,
    is_neighbor: bool,
) -> bool {
    let val = st.word(j + 1);
    let span = st.span;
    match (st.word(j), val) {
        (None, _) => true,
        (Some("remote-as"), Some(v)) => {
            match crate::dialect::common::parse_remote_as(v) {
                Some(ra) => peer.remote_as = Some(Spanned::new(ra, span)),
                None => cx.problem(
                    span,
                    format!("`remote-as {v}`: not an AS number, `external` or `internal`"),
                ),
            }
            true
        }
        (Some("peer-group"), Some(v)) if is_neighbor => {
            peer.group = Some(v.into());
            rest.group_span = Some(span);
            true
        }
        (Some("password"), Some(v)) => {
            peer.password = Some(Spanned::new(Password::Known(Secret::new(v)), span));
            true
        }
        (Some("timers"), Some(which @ ("holdtime" | "keepalive"))) => {
            let slot = if which == "holdtime" {
                &mut rest.holdtime
            } else {
                &mut rest.keepalive
            };
            if let Some(n) = timer_value(cx, which, st.word(j + 2), span) {
                *slot = Some(Spanned::new(n, span));
            }
            true
        }
        (Some("timers"), _) => true,
        (Some("local-as"), Some(v)) => {
            match parse_asn(v) {
                Some(asn) => peer.rare_mut().local_as = Some(Spanned::new(asn, span)),
                None => cx.problem(span, format!("`local-as {v}`: not an AS number")),
            }
            true
        }
        (Some("update-source"), Some(v)) => {
            match v.parse::<IpAddr>() {
                Ok(ip) => peer.rare_mut().local_address = Some(Spanned::new(ip, span)),
                Err(_) if looks_like_ip(v) => cx.problem(
                    span,
                    format!("`update-source {v}`: not an address or interface"),
                ),
                Err(_) => peer.rare_mut().update_source = Some(Spanned::new(v.to_string(), span)),
            }
            true
        }
        (Some("ebgp-multihop"), Some(v)) => {
            match parse_u32_range(v, 1, 255) {
                Some(n) => peer.rare_mut().ebgp_multihop = Some(Spanned::new(n, span)),
                None => cx.problem(span, format!("`ebgp-multihop {v}`: VyOS accepts 1-255")),
            }
            true
        }
        (Some("ttl-security"), Some("hops")) => {
            let v = st.word(j + 2).unwrap_or("");
            match parse_u32_range(v, 1, 254) {
                Some(n) => peer.rare_mut().ttl_security = Some(Spanned::new(n, span)),
                None => cx.problem(span, format!("`ttl-security hops {v}`: VyOS accepts 1-254")),
            }
            true
        }
        (Some("disable-connected-check"), _) => {
            peer.rare_mut().disable_connected_check.get_or_insert(span);
            true
        }
        (Some("shutdown"), _) => {
            peer.rare_mut().shutdown.get_or_insert(span);
            true
        }
        (Some("bfd"), _) => {
            peer.bfd.get_or_insert(span);
            true
        }
        (Some("description"), Some(v)) => {
            peer.description = Some(v.to_string());
            true
        }
        (Some("address-family"), Some(af)) => {
            let Some(afi) = parse_afi(af) else {
                return true;
            };
            // 1.2: `address-family ipv4-unicast peer-group NAME`.
            if is_neighbor && st.word(j + 2) == Some("peer-group") {
                if let Some(g) = st.word(j + 3) {
                    peer.group = Some(g.into());
                    rest.group_span = Some(span);
                }
            }
            let raf = rest.af_mut(afi);
            if raf.span.is_none() {
                // The line that names the family (its node's opening line in `config.boot`).
                raf.span = Some(
                    st.words
                        .get(j + 1)
                        .map_or(span, |w| cx.line_of(w.span.start())),
                );
            }
            af_option(cx, raf, st, j + 2);
            true
        }
        // Vyatta-era IPv4 options directly under the neighbor.
        (
            Some(
                "prefix-list" | "route-map" | "maximum-prefix" | "default-originate"
                | "distribute-list" | "filter-list",
            ),
            _,
        ) => {
            af_option(cx, rest.af_mut(Afi::Ipv4), st, j);
            true
        }
        _ => false,
    }
}

/// Options under a neighbor's family (`k` indexes the option word).
fn af_option<'t>(cx: &mut Cx<'t>, raf: &mut RawAf<'t>, st: &PathStatement, k: usize) {
    let span = st.span;
    match (st.word(k), st.word(k + 1), st.word(k + 2)) {
        (Some("prefix-list"), Some("export"), Some(n)) => {
            raf.prefix_list = Some(Spanned::new(in_text(cx.text, n), span))
        }
        (Some("route-map"), Some("export"), Some(n)) => {
            raf.route_map = Some(Spanned::new(in_text(cx.text, n), span))
        }
        (Some("distribute-list" | "filter-list"), Some("export"), Some(_)) => {
            raf.other_export = Some(span)
        }
        (Some("maximum-prefix"), Some(v), _) => match parse_u32_range(v, 1, u32::MAX) {
            Some(n) => raf.maximum_prefix = Some(Spanned::new(n, span)),
            None => cx.problem(span, format!("`maximum-prefix {v}`: not a prefix count")),
        },
        (Some("default-originate"), _, _) => {
            raf.default_originate.get_or_insert(span);
        }
        _ => {}
    }
}

//! What a (VRF, family) offers its BGP neighbors before their outbound filters, and what
//! one neighbor's outbound chain lets through: the one advertisement calculation.

use super::{Origin, Route, RouteFilter, Source, Verdict};
use crate::dialect::prefix_index::{scan_all_routes, PrefixIndex};
use crate::model::{Advertisement, Afi, Interface};
use crate::source::{Span, Spanned};
use ipnet::IpNet;
use std::collections::HashSet;

/// One offered route: its prefix, the line that makes it, and where it comes from.
#[derive(Debug, Clone)]
pub(crate) struct OfferedRoute {
    pub route: Spanned<IpNet>,
    pub origin: Origin,
}

impl OfferedRoute {
    fn as_route(&self) -> Route<'_> {
        Route {
            prefix: &self.route.value,
            origin: self.origin,
        }
    }
}

/// What a family offers every neighbor: the same for all neighbors of the family (and VRF),
/// so it is built once, not per neighbor.
#[derive(Debug, Default)]
pub(crate) struct Offer {
    /// Sorted by prefix (equal prefixes in the order the configuration gives them: a
    /// filter that looks at the source may pass one and not another): what is sent is
    /// listed in the order `show … advertised-routes` lists it, each prefix once.
    routes: Vec<OfferedRoute>,
    index: PrefixIndex,
    /// A source dxlint cannot enumerate (`redistribute ospf`), with its line and why.
    unbounded: Option<Spanned<String>>,
}

impl Offer {
    pub fn routes(&self) -> &[OfferedRoute] {
        &self.routes
    }
    pub fn index(&self) -> &PrefixIndex {
        &self.index
    }
}

/// Collects a family's routes in the order the configuration gives them.
#[derive(Default)]
pub(crate) struct OfferBuilder {
    routes: Vec<OfferedRoute>,
    unbounded: Option<Spanned<String>>,
}

impl OfferBuilder {
    pub fn with_capacity(n: usize) -> Self {
        OfferBuilder {
            routes: Vec::with_capacity(n),
            unbounded: None,
        }
    }

    /// `network P`.
    pub fn route(&mut self, p: Spanned<IpNet>) {
        self.push(p, Origin::new(Source::Network, None));
    }

    /// A route of the table (Junos: static, aggregate, direct … routes) as it is.
    pub fn push(&mut self, route: Spanned<IpNet>, origin: Origin) {
        self.routes.push(OfferedRoute { route, origin });
    }

    /// `redistribute SOURCE [filter]`: connected subnets (and static routes, where the
    /// dialect reads them) are enumerated and offered as far as the filter may pass them;
    /// any other source (an IGP, another BGP) is bounded only by a filter that passes a
    /// finite list. `kind` is what the platform calls its filter (`route-map`), `filter`
    /// the one the statement names, with its name.
    pub fn redistribute(
        &mut self,
        source: &str,
        from: &Sources,
        kind: &str,
        filter: Option<(&str, &dyn RouteFilter)>,
        span: Span,
    ) {
        let (vrf, afi) = (from.vrf, from.afi);
        match (source, from.statics) {
            ("connected", _) => {
                let routes = connected_routes(from.interfaces, vrf, afi);
                self.enumerated(Source::Direct, routes, filter.map(|f| f.1));
            }
            ("static", Some(statics)) => {
                let routes = statics
                    .iter()
                    .filter(|(v, n)| v.as_deref() == vrf && Afi::of_net(&n.value) == afi)
                    .map(|(_, n)| n.clone());
                self.enumerated(Source::Static, routes, filter.map(|f| f.1));
            }
            _ => self.dynamic(source, kind, filter, span),
        }
    }

    /// Routes of an enumerable source through the redistribution's filter, if any: what it
    /// may pass is offered.
    fn enumerated(
        &mut self,
        source: Source,
        routes: impl IntoIterator<Item = Spanned<IpNet>>,
        filter: Option<&dyn RouteFilter>,
    ) {
        let origin = Origin::new(source, None);
        for route in routes {
            let route = OfferedRoute { route, origin };
            if filter.is_none_or(|f| f.verdict(route.as_route()) != Verdict::Deny) {
                self.routes.push(route);
            }
        }
    }

    /// A source dxlint cannot enumerate: what a finite filter passes, else unbounded.
    fn dynamic(
        &mut self,
        source: &str,
        kind: &str,
        filter: Option<(&str, &dyn RouteFilter)>,
        span: Span,
    ) {
        let why = match filter {
            Some((name, f)) => match f.finite_permits() {
                Some(list) => {
                    for p in list {
                        self.route(p);
                    }
                    return;
                }
                None => format!(
                    "`redistribute {source}` through {kind} {name}, which dxlint cannot bound"
                ),
            },
            None => format!(
                "`redistribute {source}` without a {kind}: every {source} route is advertised"
            ),
        };
        self.unbounded.get_or_insert(Spanned::new(why, span));
    }

    /// `aggregate-address P [summary-only]`: the aggregate is offered; `summary-only`
    /// withholds what it covers among the routes offered so far.
    pub fn aggregate(&mut self, agg: Spanned<IpNet>, summary_only: bool) {
        if summary_only {
            let a = agg.value;
            let covered = |p: &IpNet| a.contains(p) && *p != a;
            self.routes.retain(|c| !covered(&c.route.value));
        }
        self.push(agg, Origin::new(Source::Aggregate, None));
    }

    pub fn finish(self) -> Offer {
        let mut routes = self.routes;
        routes.sort_by_key(|r| r.route.value);
        routes.shrink_to_fit();
        let index = PrefixIndex::new(routes.iter().map(|r| r.route.value));
        Offer {
            routes,
            index,
            unbounded: self.unbounded,
        }
    }
}

/// What one (VRF, family) can redistribute: its interfaces' subnets and, where the dialect
/// reads them, its static routes (`None`: not read, so `redistribute static` is a source
/// dxlint cannot enumerate).
pub(crate) struct Sources<'a> {
    pub interfaces: &'a [Interface],
    pub statics: Option<&'a [(Option<String>, Spanned<IpNet>)]>,
    pub vrf: Option<&'a str>,
    pub afi: Afi,
}

/// The subnets of the up interfaces of `vrf` in `afi`, as `redistribute connected` takes
/// them: a disabled interface (or one on a disabled port) has no connected route, and an
/// IPv6 link-local subnet is never redistributed.
fn connected_routes<'a>(
    interfaces: &'a [Interface],
    vrf: Option<&'a str>,
    afi: Afi,
) -> impl Iterator<Item = Spanned<IpNet>> + 'a {
    let disabled_ports: HashSet<&str> = interfaces
        .iter()
        .filter(|i| i.disabled.is_some())
        .map(|i| i.name.as_str())
        .collect();
    interfaces
        .iter()
        .filter(move |i| {
            i.vrf.as_deref() == vrf
                && i.disabled.is_none()
                && !i
                    .parent
                    .as_deref()
                    .is_some_and(|p| disabled_ports.contains(p))
        })
        .flat_map(|i| i.addresses.iter())
        .filter(move |a| Afi::of_net(&a.net) == afi && !is_link_local(&a.net))
        .map(|a| Spanned::new(a.net.trunc(), a.span))
}

fn is_link_local(net: &IpNet) -> bool {
    match net {
        IpNet::V6(n) => (n.addr().segments()[0] & 0xffc0) == 0xfe80,
        // 169.254/16 is where Direct Connect peers live: never skip it.
        IpNet::V4(_) => false,
    }
}

/// Sort by prefix, keep the first of equal prefixes (the stable sort keeps source order).
fn sort_dedup(v: &mut Vec<Spanned<IpNet>>) {
    v.sort_by_key(|a| a.value);
    v.dedup_by(|a, b| a.value == b.value);
}

fn passes(chain: &[&dyn RouteFilter], route: Route<'_>) -> bool {
    chain.iter().all(|f| f.verdict(route) != Verdict::Deny)
}

/// What one neighbor advertises of `offer` through its outbound `chain` (every filter
/// applies, in order). `keep` is scratch space the caller lends for every neighbor.
pub(crate) fn advertise(
    offer: &Offer,
    chain: &[&dyn RouteFilter],
    keep: &mut Vec<usize>,
) -> Advertisement {
    let routes = &offer.routes;
    if offer.unbounded.is_some() || scan_all_routes() {
        return bound(offer, chain);
    }
    keep.clear();
    // Filters decide on the route alone: the first filter narrows the offer to what it
    // may pass (binary searches in the index), then every filter decides those.
    match chain.first() {
        Some(first) if first.reach(offer, keep) => {
            keep.sort_unstable();
            keep.dedup();
        }
        _ => {
            keep.clear();
            keep.extend(0..routes.len());
        }
    }
    keep.retain(|&j| passes(chain, routes[j].as_route()));
    let mut prefixes: Vec<Spanned<IpNet>> = keep.iter().map(|&j| routes[j].route.clone()).collect();
    prefixes.dedup_by(|a, b| a.value == b.value);
    Advertisement {
        prefixes,
        ..Default::default()
    }
}

/// The general path: every offered route through the chain, and an unbounded source
/// bounded by the first filter that passes a finite list (what it passes, through the
/// whole chain).
fn bound(offer: &Offer, chain: &[&dyn RouteFilter]) -> Advertisement {
    let mut prefixes: Vec<Spanned<IpNet>> = offer
        .routes
        .iter()
        .filter(|r| passes(chain, r.as_route()))
        .map(|r| r.route.clone())
        .collect();
    let mut unbounded = offer.unbounded.clone();
    if unbounded.is_some() {
        if let Some(list) = chain.iter().find_map(|f| f.finite_permits()) {
            let origin = Origin::new(Source::Network, None);
            let passed = |r: &Spanned<IpNet>| {
                let route = Route {
                    prefix: &r.value,
                    origin,
                };
                passes(chain, route)
            };
            prefixes.extend(list.into_iter().filter(passed));
            unbounded = None;
        }
    }
    sort_dedup(&mut prefixes);
    Advertisement {
        prefixes,
        unbounded: unbounded.map(Box::new),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> IpNet {
        s.parse().unwrap()
    }

    fn at(i: usize) -> Span {
        Span::new(i, 1)
    }

    /// A filter that passes what its list names (and says that list is all it passes).
    struct Only(Vec<IpNet>);

    impl RouteFilter for Only {
        fn verdict(&self, route: Route<'_>) -> Verdict {
            if self.0.contains(route.prefix) {
                Verdict::Permit
            } else {
                Verdict::Deny
            }
        }
        fn finite_permits(&self) -> Option<Vec<Spanned<IpNet>>> {
            Some(self.0.iter().map(|p| Spanned::new(*p, at(99))).collect())
        }
    }

    #[test]
    fn origins_pack_source_and_interface() {
        let o = Origin::new(Source::Local, Some(12345));
        assert_eq!((o.source(), o.interface()), (Source::Local, Some(12345)));
        let o = Origin::new(Source::Generate, None);
        assert_eq!((o.source(), o.interface()), (Source::Generate, None));
        // Past 2^28 - 1 interfaces the position is not kept (never in practice).
        assert_eq!(Origin::new(Source::Direct, Some(1 << 28)).interface(), None);
        for s in Source::ALL {
            assert_eq!(Origin::new(s, Some(7)).source(), s);
        }
    }

    #[test]
    fn summary_only_withholds_what_the_aggregate_covers_so_far() {
        let mut b = OfferBuilder::default();
        b.route(Spanned::new(net("10.1.1.0/24"), at(1)));
        b.route(Spanned::new(net("10.2.0.0/24"), at(2)));
        b.aggregate(Spanned::new(net("10.1.0.0/16"), at(3)), true);
        b.route(Spanned::new(net("10.1.2.0/24"), at(4)));
        b.route(Spanned::new(net("10.2.0.0/24"), at(5)));
        let offer = b.finish();
        let sent = advertise(&offer, &[], &mut Vec::new());
        let got: Vec<(String, usize)> = sent
            .prefixes
            .iter()
            .map(|p| (p.value.to_string(), p.span.start()))
            .collect();
        // By prefix, each once (the first line that offers it); 10.1.1.0/24 withheld.
        assert_eq!(
            got,
            [
                ("10.1.0.0/16".to_string(), 3),
                ("10.1.2.0/24".to_string(), 4),
                ("10.2.0.0/24".to_string(), 2)
            ]
        );
    }

    #[test]
    fn an_unbounded_source_is_bounded_by_a_finite_filter_through_the_whole_chain() {
        let mut b = OfferBuilder::default();
        b.route(Spanned::new(net("10.0.0.0/24"), at(1)));
        b.dynamic("ospf", "route-map", None, at(2));
        let offer = b.finish();
        let open = advertise(&offer, &[], &mut Vec::new());
        assert!(open
            .unbounded
            .unwrap()
            .value
            .contains("without a route-map"));
        let list = Only(vec![
            net("10.0.0.0/24"),
            net("10.9.0.0/16"),
            net("10.8.0.0/16"),
        ]);
        let narrower = Only(vec![net("10.0.0.0/24"), net("10.9.0.0/16")]);
        let sent = advertise(&offer, &[&list, &narrower], &mut Vec::new());
        assert!(sent.unbounded.is_none());
        let got: Vec<String> = sent.prefixes.iter().map(|p| p.value.to_string()).collect();
        assert_eq!(got, ["10.0.0.0/24", "10.9.0.0/16"]);
        // Through a named filter that cannot be bounded, the reason names it.
        struct Any;
        impl RouteFilter for Any {
            fn verdict(&self, _: Route<'_>) -> Verdict {
                Verdict::Unknown
            }
            fn finite_permits(&self) -> Option<Vec<Spanned<IpNet>>> {
                None
            }
        }
        let mut b = OfferBuilder::default();
        b.dynamic("bgp", "route-policy", Some(("RP", &Any)), at(7));
        let why = b.finish().unbounded.unwrap();
        assert_eq!(why.span, at(7));
        assert!(
            why.value.contains("through route-policy RP"),
            "{}",
            why.value
        );
    }
}

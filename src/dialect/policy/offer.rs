//! What a (VRF, family) offers its BGP neighbors before their outbound filters, and what
//! one neighbor's outbound chain lets through: the one advertisement calculation.

use super::{RouteFilter, Verdict};
use crate::dialect::prefix_index::{scan_all_routes, PrefixIndex};
use crate::model::{Advertisement, Afi, Interface};
use crate::source::{Span, Spanned};
use ipnet::IpNet;
use std::collections::HashSet;

/// What a family offers every neighbor: the same for all neighbors of the family (and VRF),
/// so it is built once, not per neighbor.
#[derive(Debug, Default)]
pub(crate) struct Offer {
    /// Sorted by prefix, each prefix once (the first the configuration gives): the order
    /// `show … advertised-routes` lists them in.
    routes: Vec<Spanned<IpNet>>,
    index: PrefixIndex,
    /// A source dxlint cannot enumerate (`redistribute ospf`), with its line and why.
    unbounded: Option<Spanned<String>>,
}

impl Offer {
    pub fn routes(&self) -> &[Spanned<IpNet>] {
        &self.routes
    }
    pub fn index(&self) -> &PrefixIndex {
        &self.index
    }
}

/// Collects a family's routes in the order the configuration gives them.
#[derive(Default)]
pub(crate) struct OfferBuilder {
    routes: Vec<Spanned<IpNet>>,
    unbounded: Option<Spanned<String>>,
}

impl OfferBuilder {
    /// `network P` (or any route offered as it is).
    pub fn route(&mut self, p: Spanned<IpNet>) {
        self.routes.push(p);
    }

    /// Routes of an enumerable source (connected, static) through the redistribution's
    /// filter, if any: what it may pass is offered.
    pub fn redistribute(
        &mut self,
        routes: impl IntoIterator<Item = Spanned<IpNet>>,
        filter: Option<&dyn RouteFilter>,
    ) {
        match filter {
            None => self.routes.extend(routes),
            Some(f) => self.routes.extend(
                routes
                    .into_iter()
                    .filter(|r| f.verdict(&r.value) != Verdict::Deny),
            ),
        }
    }

    /// `redistribute SOURCE [route-map M]` of a source dxlint cannot enumerate (an IGP,
    /// another BGP): bounded only by a filter that passes a finite list. `kind` is what the
    /// platform calls its filter (`route-map`), `filter` the one named, if any.
    pub fn redistribute_dynamic(
        &mut self,
        source: &str,
        kind: &str,
        filter: Option<(&str, &dyn RouteFilter)>,
        span: Span,
    ) {
        let why = match filter {
            Some((name, f)) => match f.finite_permits() {
                Some(list) => {
                    self.routes.extend(list);
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
            self.routes
                .retain(|c| !(a.contains(&c.value) && c.value != a));
        }
        self.routes.push(agg);
    }

    pub fn finish(self) -> Offer {
        let mut routes = self.routes;
        sort_dedup(&mut routes);
        routes.shrink_to_fit();
        let index = PrefixIndex::new(routes.iter().map(|c| c.value));
        Offer {
            routes,
            index,
            unbounded: self.unbounded,
        }
    }
}

/// The subnets of the up interfaces of `vrf` in `afi`, as `redistribute connected` takes
/// them: a disabled interface (or one on a disabled port) has no connected route, and an
/// IPv6 link-local subnet is never redistributed.
pub(crate) fn connected_routes<'a>(
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
        .filter(move |a| Afi::of(a.net.addr()) == afi && !is_link_local(&a.net))
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

fn passes(chain: &[&dyn RouteFilter], p: &IpNet) -> bool {
    chain.iter().all(|f| f.verdict(p) != Verdict::Deny)
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
    let Some(first) = chain.first() else {
        return Advertisement {
            prefixes: routes.clone(),
            ..Default::default()
        };
    };
    // Filters decide on the prefix alone: the first filter narrows the offer to what it
    // may pass (binary searches in the index), then every filter decides those.
    keep.clear();
    if first.reach(offer, keep) {
        keep.sort_unstable();
        keep.dedup();
    } else {
        keep.clear();
        keep.extend(0..routes.len());
    }
    keep.retain(|&j| passes(chain, &routes[j].value));
    Advertisement {
        prefixes: keep.iter().map(|&j| routes[j].clone()).collect(),
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
        .filter(|r| passes(chain, &r.value))
        .cloned()
        .collect();
    let mut unbounded = offer.unbounded.clone();
    if unbounded.is_some() {
        if let Some(list) = chain.iter().find_map(|f| f.finite_permits()) {
            prefixes.extend(list.into_iter().filter(|r| passes(chain, &r.value)));
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

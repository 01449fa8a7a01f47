//! THE policy engine: prefix-lists, route-maps and what a BGP neighbor advertises, written
//! once for every dialect whose filters are prefix-lists and route-maps (IOS and FRR, the
//! platforms read through their reader, VyOS) and for any filter that can say what it
//! passes (IOS-XR route-policies).
//!
//! A dialect reads its syntax into a [`PolicyDb`] (or implements [`RouteFilter`]), builds
//! each (VRF, family)'s [`Offer`] from `network`, `aggregate-address` and `redistribute`
//! with an [`OfferBuilder`], and asks [`advertise`] what passes a neighbor's outbound chain.
//! What differs by platform (undefined names) is the profile's
//! [`PolicySemantics`](crate::model::PolicySemantics).

mod db;
mod offer;
mod prefix_list;
mod route_map;
mod table;

pub(crate) use db::{FilterKind, Missing, PolicyDb};
pub(crate) use offer::{advertise, Offer, OfferBuilder, Sources};
pub(crate) use prefix_list::{PrefixEntry, PrefixList};
pub(crate) use route_map::{MapEntry, RouteMap};
pub(crate) use table::Table;

use crate::source::Spanned;
use ipnet::IpNet;

/// Insert `item` after the entries numbered `seq(item)` or lower: prefix-list and
/// route-map entries are evaluated by number, equal numbers in the order written. Most
/// lists hold one or two entries: they grow one at a time up to four (the default growth
/// reserves four at once, and a large router has tens of thousands of lists).
fn insert_by_seq<T>(entries: &mut Vec<T>, item: T, seq: impl Fn(&T) -> u32) {
    let n = seq(&item);
    let pos = entries.partition_point(|e| seq(e) <= n);
    if entries.len() == entries.capacity() && entries.len() < 4 {
        entries.reserve_exact(1);
    }
    entries.insert(pos, item);
}

/// Where an offered route comes from, for filters that match on it (Junos `from protocol`
/// and `from interface`); prefix-lists and route-maps look at the prefix only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// `network P`, or a prefix a filter bounds a dynamic source to.
    Network,
    Static,
    Aggregate,
    /// Junos `generate` routes.
    Generate,
    /// An interface's subnet (Junos `direct`, IOS `connected`).
    Direct,
    /// An interface's own address as a host route (Junos `local`).
    Local,
}

impl Source {
    pub const ALL: [Source; 6] = [
        Source::Network,
        Source::Static,
        Source::Aggregate,
        Source::Generate,
        Source::Direct,
        Source::Local,
    ];
}

/// A route's source and the interface it comes from, packed in 32 bits (a large router
/// offers tens of thousands of routes): the source in the top 4, the interface's position
/// among the model's interfaces in the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Origin(u32);

impl Origin {
    const NO_INTERFACE: u32 = (1 << 28) - 1;

    pub fn new(source: Source, interface: Option<usize>) -> Self {
        let i = interface
            .and_then(|i| u32::try_from(i).ok())
            .filter(|&i| i < Self::NO_INTERFACE)
            .unwrap_or(Self::NO_INTERFACE);
        Origin((source as u32) << 28 | i)
    }

    pub fn source(self) -> Source {
        Source::ALL[(self.0 >> 28) as usize]
    }

    /// The position of the interface among the model's interfaces, for interface routes.
    pub fn interface(self) -> Option<usize> {
        let i = self.0 & Self::NO_INTERFACE;
        (i != Self::NO_INTERFACE).then_some(i as usize)
    }
}

/// One route as a filter sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Route<'a> {
    pub prefix: &'a IpNet,
    pub origin: Origin,
}

/// What a filter says of one route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Permit,
    Deny,
    /// May pass: the deciding entry has a condition dxlint cannot evaluate.
    Unknown,
}

/// An outbound (or redistribution) filter, however the platform writes it.
pub(crate) trait RouteFilter {
    /// The filter's decision on one route.
    fn verdict(&self, route: Route<'_>) -> Verdict;

    /// Every prefix the filter can ever pass, each with the line that names it, when that
    /// is a finite list: it bounds a source dxlint cannot enumerate (`redistribute ospf`).
    fn finite_permits(&self) -> Option<Vec<Spanned<IpNet>>>;

    /// Add to `out` the positions of the offered routes the filter may pass (a superset,
    /// found through the offer's index instead of testing every route); `false` when any
    /// route may pass. A router with 20,000 neighbors, each with its own filter over the
    /// same 20,000 routes, needs this to stay linear.
    fn reach(&self, _offer: &Offer, _out: &mut Vec<usize>) -> bool {
        false
    }
}

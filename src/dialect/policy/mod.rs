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

pub(crate) use db::PolicyDb;
pub(crate) use offer::{advertise, connected_routes, Offer, OfferBuilder};
pub(crate) use prefix_list::{prefix_entry_matches, PrefixEntry, PrefixList};
pub(crate) use route_map::{MapEntry, RouteMap};
pub(crate) use table::Table;

use crate::source::Spanned;
use ipnet::IpNet;

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
    fn verdict(&self, p: &IpNet) -> Verdict;

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

//! The prefix-lists, route-maps and static routes of one configuration, as the dialect's
//! reader fills them, and the filters a neighbor's outbound chain is made of.

use super::offer::Offer;
use super::{PrefixList, Route, RouteFilter, RouteMap, Table, Verdict};
use crate::model::{Afi, PolicySemantics};
use crate::source::Spanned;
use ipnet::IpNet;

#[derive(Debug)]
pub(crate) struct PolicyDb {
    semantics: PolicySemantics,
    /// IPv4 and IPv6 prefix-lists: two name spaces (`ip prefix-list X` and `ipv6
    /// prefix-list X` are different lists).
    prefix_lists: [Table<PrefixList>; 2],
    route_maps: Table<RouteMap>,
    /// `ip route` and the like: (VRF, prefix and line).
    pub static_routes: Vec<(Option<String>, Spanned<IpNet>)>,
    /// The list the previous entry went to: a list's lines usually come one after another,
    /// so most lines find it with one comparison instead of a hash.
    last_list: Option<(Afi, u32)>,
}

fn slot(afi: Afi) -> usize {
    match afi {
        Afi::Ipv4 => 0,
        Afi::Ipv6 => 1,
    }
}

impl PolicyDb {
    pub fn new(semantics: PolicySemantics) -> Self {
        PolicyDb {
            semantics,
            prefix_lists: Default::default(),
            route_maps: Table::default(),
            static_routes: Vec::new(),
            last_list: None,
        }
    }

    pub fn semantics(&self) -> PolicySemantics {
        self.semantics
    }

    /// The id of prefix-list `name` of `afi` (made on first mention, not yet defined).
    pub fn list_id(&mut self, afi: Afi, name: &str) -> u32 {
        self.prefix_lists[slot(afi)].id(name)
    }

    /// The list an entry line of `name` adds to; `capacity`: how many entries are coming,
    /// asked only when the list is new (a list's entries usually come together, and growing
    /// one at a time reallocates).
    pub fn list_for_entry(
        &mut self,
        afi: Afi,
        name: &str,
        capacity: impl FnOnce() -> usize,
    ) -> &mut PrefixList {
        let table = &mut self.prefix_lists[slot(afi)];
        let id = match self.last_list {
            Some((a, id)) if a == afi && table.name(id) == name => id,
            _ => {
                let id = table.id(name);
                if !table.at(id).defined {
                    table.at_mut(id).entries.reserve_exact(capacity());
                }
                self.last_list = Some((afi, id));
                id
            }
        };
        table.at_mut(id)
    }

    /// List `id` of `afi`, defined from now on (a dialect that collects a list's entries
    /// itself hands them over here).
    pub fn define_list(&mut self, afi: Afi, id: u32) -> &mut PrefixList {
        let list = self.prefix_lists[slot(afi)].at_mut(id);
        list.defined = true;
        list
    }

    /// The route-map named `name`, made on first mention.
    pub fn route_map_mut(&mut self, name: &str) -> &mut RouteMap {
        let id = self.route_maps.id(name);
        self.route_maps.at_mut(id)
    }

    pub fn prefix_list(&self, afi: Afi, name: &str) -> Option<&PrefixList> {
        self.prefix_lists[slot(afi)].get(name).filter(|l| l.defined)
    }

    pub fn route_map(&self, name: &str) -> Option<&RouteMap> {
        self.route_maps.get(name).filter(|m| m.is_defined())
    }

    pub(super) fn defined_list(&self, afi: Afi, id: u32) -> Option<&PrefixList> {
        Some(self.prefix_lists[slot(afi)].at(id)).filter(|l| l.defined)
    }

    /// Whether list `id` matches `p` as a route-map's `match` clause.
    pub(super) fn list_in_map_matches(&self, afi: Afi, id: u32, p: &IpNet) -> bool {
        match self.defined_list(afi, id) {
            Some(l) => l.permits(p),
            None => self.semantics.undefined_list_in_map_matches,
        }
    }

    /// A route-map as a filter of `afi` routes; an undefined one denies everything (IOS
    /// and FRR alike).
    pub fn map_filter<'a>(&'a self, afi: Afi, name: &'a str) -> Filter<'a> {
        match self.route_map(name) {
            Some(map) => Filter::Map { map, afi, db: self },
            None => Filter::Undefined(Missing {
                kind: FilterKind::RouteMap,
                name,
                afi,
            }),
        }
    }

    /// A neighbor's outbound prefix-list as a filter; `None` when it filters nothing (an
    /// undefined list where the platform ignores one).
    pub fn list_filter<'a>(&'a self, afi: Afi, name: &'a str) -> Option<Filter<'a>> {
        match self.prefix_list(afi, name) {
            Some(list) => Some(Filter::List(list)),
            None if self.semantics.undefined_outbound_list_permits => None,
            None => Some(Filter::Undefined(Missing {
                kind: FilterKind::PrefixList,
                name,
                afi,
            })),
        }
    }

    /// The outbound chain `prefix-list` then `route-map` (both apply).
    pub fn outbound<'a>(
        &'a self,
        afi: Afi,
        prefix_list: Option<&'a str>,
        route_map: Option<&'a str>,
    ) -> Vec<Filter<'a>> {
        let pl = prefix_list.and_then(|n| self.list_filter(afi, n));
        let rm = route_map.map(|n| self.map_filter(afi, n));
        pl.into_iter().chain(rm).collect()
    }
}

/// One filter of a chain, borrowed from the database.
#[derive(Clone, Copy)]
pub(crate) enum Filter<'a> {
    List(&'a PrefixList),
    Map {
        map: &'a RouteMap,
        afi: Afi,
        db: &'a PolicyDb,
    },
    /// A filter the configuration names but does not define, through which the platform
    /// sends nothing.
    Undefined(Missing<'a>),
}

/// The two kinds of filter an outbound chain names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FilterKind {
    PrefixList,
    RouteMap,
}

/// A filter a chain names that nothing defines.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Missing<'a> {
    pub kind: FilterKind,
    pub name: &'a str,
    pub afi: Afi,
}

impl Missing<'_> {
    /// Why nothing passes it, for the neighbor whose chain names it.
    pub fn why_nothing_passes(&self) -> String {
        let name = self.name;
        let (kind, family) = match (self.kind, self.afi) {
            (FilterKind::PrefixList, Afi::Ipv6) => ("prefix-list", "ipv6 "),
            (FilterKind::PrefixList, Afi::Ipv4) => ("prefix-list", ""),
            (FilterKind::RouteMap, _) => ("route-map", ""),
        };
        format!("its outbound {family}{kind} {name} is not defined, and nothing passes a {kind} that does not exist")
    }
}

impl<'a> Filter<'a> {
    /// The filter the configuration names but does not define, if this is one.
    pub fn missing(&self) -> Option<Missing<'a>> {
        match self {
            Filter::Undefined(m) => Some(*m),
            _ => None,
        }
    }
}

impl RouteFilter for Filter<'_> {
    fn verdict(&self, route: Route<'_>) -> Verdict {
        let p = route.prefix;
        match self {
            Filter::List(l) if l.permits(p) => Verdict::Permit,
            Filter::List(_) | Filter::Undefined(_) => Verdict::Deny,
            Filter::Map { map, afi, db } => map.verdict(*afi, p, db),
        }
    }

    fn finite_permits(&self) -> Option<Vec<Spanned<IpNet>>> {
        match self {
            Filter::List(l) => {
                let mut out = Vec::new();
                l.finite_permits(&mut out)?;
                Some(out)
            }
            Filter::Map { map, afi, db } => map.finite_permits(*afi, db),
            Filter::Undefined(_) => Some(Vec::new()),
        }
    }

    fn reach(&self, offer: &Offer, out: &mut Vec<usize>) -> bool {
        match self {
            Filter::List(l) => {
                l.reach(offer, out);
                true
            }
            Filter::Map { map, afi, db } => map.reach(*afi, offer, db, out),
            Filter::Undefined(_) => true,
        }
    }
}

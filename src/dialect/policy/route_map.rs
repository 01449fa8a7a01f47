//! Route-maps: entries by sequence number, each a permit or deny with `match … prefix-list`
//! clauses (lists within a clause are alternatives, clauses all have to match) and perhaps
//! conditions dxlint does not evaluate (community, as-path, tag, ACLs).

use super::db::PolicyDb;
use super::offer::Offer;
use super::Verdict;
use crate::model::Afi;
use crate::source::Spanned;
use ipnet::IpNet;

/// One `route-map NAME permit|deny SEQ` (or VyOS `rule SEQ`).
#[derive(Debug, Clone)]
pub(crate) struct MapEntry {
    pub seq: u32,
    pub permit: bool,
    /// The `match ip|ipv6 address prefix-list A B` clauses, flattened into one Vec (one
    /// allocation per entry): each clause is a header (its list count, and bit 31 set for
    /// IPv6), then its lists' ids in the database's table of that family.
    clauses: Vec<u32>,
    /// A match condition dxlint cannot evaluate.
    pub opaque: bool,
}

const V6_CLAUSE: u32 = 1 << 31;

impl MapEntry {
    pub fn new(seq: u32, permit: bool) -> Self {
        MapEntry {
            seq,
            permit,
            clauses: Vec::new(),
            opaque: false,
        }
    }

    /// Add a `match … prefix-list` clause of `afi` naming the lists `ids`.
    pub fn add_clause(&mut self, afi: Afi, ids: &[u32]) {
        let family = if afi == Afi::Ipv6 { V6_CLAUSE } else { 0 };
        self.clauses.reserve_exact(1 + ids.len());
        self.clauses.push(ids.len() as u32 | family);
        self.clauses.extend_from_slice(ids);
    }

    /// The clauses: each its family and its lists.
    pub fn clauses(&self) -> impl Iterator<Item = (Afi, &[u32])> {
        let mut rest = self.clauses.as_slice();
        std::iter::from_fn(move || {
            let (&head, tail) = rest.split_first()?;
            let n = (head & !V6_CLAUSE) as usize;
            let (lists, after) = tail.split_at(n.min(tail.len()));
            rest = after;
            let afi = if head & V6_CLAUSE != 0 {
                Afi::Ipv6
            } else {
                Afi::Ipv4
            };
            Some((afi, lists))
        })
    }

    /// How the entry's clauses bound a route of `afi`: `None` when a clause of the other
    /// family makes it never match; else its first clause's lists (empty: no clause, the
    /// entry matches any prefix).
    fn lists_for(&self, afi: Afi) -> Option<&[u32]> {
        let mut first: &[u32] = &[];
        for (i, (a, lists)) in self.clauses().enumerate() {
            if a != afi {
                return None; // `match ipv6 …` never matches an IPv4 route
            }
            if i == 0 {
                first = lists;
            }
        }
        Some(first)
    }
}

/// A route-map: entries in sequence order; `defined` once an entry of its own is read.
#[derive(Debug, Clone, Default)]
pub(crate) struct RouteMap {
    pub entries: Vec<MapEntry>,
    pub defined: bool,
}

impl RouteMap {
    /// Add an entry in sequence order (after any of the same number).
    pub fn insert(&mut self, entry: MapEntry) {
        self.defined = true;
        let pos = self.entries.partition_point(|e| e.seq <= entry.seq);
        if self.entries.capacity() == 0 {
            self.entries.reserve_exact(1);
        }
        self.entries.insert(pos, entry);
    }

    pub fn is_defined(&self) -> bool {
        self.defined
    }

    /// The first entry that matches decides; no match denies. An entry with a condition
    /// dxlint cannot evaluate may match: a permit gives [`Verdict::Unknown`] (the route
    /// may pass), a deny is passed over (it may not stop the route): an upper bound.
    pub fn verdict(&self, afi: Afi, p: &IpNet, db: &PolicyDb) -> Verdict {
        for e in &self.entries {
            let by_lists = e.clauses().all(|(a, lists)| {
                a == afi && lists.iter().any(|&id| db.list_in_map_matches(afi, id, p))
            });
            if !by_lists {
                continue;
            }
            if e.opaque {
                if e.permit {
                    return Verdict::Unknown;
                }
                continue;
            }
            return if e.permit {
                Verdict::Permit
            } else {
                Verdict::Deny
            };
        }
        Verdict::Deny
    }

    /// Every prefix the map can permit in `afi`, when each permit entry is bounded by
    /// prefix-lists of exact entries; `None` otherwise.
    pub fn finite_permits(&self, afi: Afi, db: &PolicyDb) -> Option<Vec<Spanned<IpNet>>> {
        let mut out = Vec::new();
        for e in self.entries.iter().filter(|e| e.permit) {
            let Some(lists) = e.lists_for(afi) else {
                continue;
            };
            if lists.is_empty() {
                return None;
            }
            for &id in lists {
                match db.defined_list(afi, id) {
                    Some(l) => l.finite_permits(&mut out)?,
                    None if db.semantics().undefined_list_in_map_matches => return None,
                    None => {}
                }
            }
        }
        Some(out)
    }

    /// See [`super::RouteFilter::reach`].
    pub fn reach(&self, afi: Afi, offer: &Offer, db: &PolicyDb, out: &mut Vec<usize>) -> bool {
        for e in self.entries.iter().filter(|e| e.permit) {
            let Some(lists) = e.lists_for(afi) else {
                continue;
            };
            if lists.is_empty() {
                return false;
            }
            for &id in lists {
                match db.defined_list(afi, id) {
                    Some(l) => l.reach(offer, out),
                    None if db.semantics().undefined_list_in_map_matches => return false,
                    None => {}
                }
            }
        }
        true
    }
}

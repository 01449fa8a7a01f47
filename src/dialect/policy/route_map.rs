//! Route-maps: entries by sequence number, each a permit or deny with `match … prefix-list`
//! clauses (lists within a clause are alternatives, clauses all have to match) and perhaps
//! conditions dxlint does not evaluate (community, as-path, tag, ACLs).

use super::db::PolicyDb;
use super::offer::Offer;
use super::Verdict;
use super::{insert_by_seq, PrefixList};
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
        insert_by_seq(&mut self.entries, entry, |e| e.seq);
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
        self.each_permit_list(afi, db, |l| l.finite_permits(&mut out))?;
        Some(out)
    }

    /// See [`super::RouteFilter::reach`].
    pub fn reach(&self, afi: Afi, offer: &Offer, db: &PolicyDb, out: &mut Vec<usize>) -> bool {
        let found = self.each_permit_list(afi, db, |l| {
            l.reach(offer, out);
            Some(())
        });
        found.is_some()
    }

    /// Call `f` with each defined prefix-list that bounds a permit entry in `afi` (an
    /// entry of the other family never matches; an undefined list bounds nothing where
    /// the platform matches nothing with it). `None` when a permit entry is not bounded by
    /// lists (no clause, or an undefined list that matches everything), or when `f` says so.
    fn each_permit_list(
        &self,
        afi: Afi,
        db: &PolicyDb,
        mut f: impl FnMut(&PrefixList) -> Option<()>,
    ) -> Option<()> {
        for e in self.entries.iter().filter(|e| e.permit) {
            let Some(lists) = e.lists_for(afi) else {
                continue;
            };
            if lists.is_empty() {
                return None;
            }
            for &id in lists {
                match db.defined_list(afi, id) {
                    Some(l) => f(l)?,
                    None if db.semantics().undefined_list_in_map_matches => return None,
                    None => {}
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::policy::PrefixEntry;
    use crate::model::PolicySemantics;
    use crate::source::Span;

    fn db(semantics: PolicySemantics) -> (PolicyDb, u32, u32, u32) {
        let mut db = PolicyDb::new(semantics);
        let v4 = db.list_id(Afi::Ipv4, "V4");
        db.define_list(Afi::Ipv4, v4).insert(PrefixEntry {
            seq: 5,
            permit: true,
            net: "10.0.0.0/8".parse().unwrap(),
            ge: None,
            le: Some(24),
            span: Span::new(0, 1),
        });
        let v6 = db.list_id(Afi::Ipv6, "V6");
        db.define_list(Afi::Ipv6, v6).insert(PrefixEntry {
            seq: 5,
            permit: true,
            net: "2001:db8::/32".parse().unwrap(),
            ge: None,
            le: Some(48),
            span: Span::new(0, 1),
        });
        let missing = db.list_id(Afi::Ipv4, "MISSING");
        (db, v4, v6, missing)
    }

    #[test]
    fn clauses_families_opaque_conditions_and_undefined_lists() {
        let p: IpNet = "10.1.0.0/16".parse().unwrap();
        let (db, v4, v6, missing) = db(PolicySemantics::FRR);
        let map = |entries: Vec<MapEntry>| {
            let mut m = RouteMap::default();
            for e in entries {
                m.insert(e);
            }
            m
        };
        let entry = |seq, permit, clauses: &[(Afi, u32)], opaque| {
            let mut e = MapEntry::new(seq, permit);
            for &(afi, id) in clauses {
                e.add_clause(afi, &[id]);
            }
            e.opaque = opaque;
            e
        };
        // A clause of the other family never matches an IPv4 route.
        let both = map(vec![entry(
            10,
            true,
            &[(Afi::Ipv4, v4), (Afi::Ipv6, v6)],
            false,
        )]);
        assert_eq!(both.verdict(Afi::Ipv4, &p, &db), Verdict::Deny);
        // An opaque deny is passed over (it may not stop the route); an opaque permit may pass.
        let opaque = map(vec![
            entry(10, false, &[(Afi::Ipv4, v4)], true),
            entry(20, true, &[], true),
        ]);
        assert_eq!(opaque.verdict(Afi::Ipv4, &p, &db), Verdict::Unknown);
        // FRR: an undefined list matches nothing, bounds nothing.
        let undefined = map(vec![entry(10, true, &[(Afi::Ipv4, missing)], false)]);
        assert_eq!(undefined.verdict(Afi::Ipv4, &p, &db), Verdict::Deny);
        assert_eq!(undefined.finite_permits(Afi::Ipv4, &db), Some(Vec::new()));
        // IOS: it matches every route, and nothing bounds it.
        let (ios, _, _, missing) = super::tests::db(PolicySemantics::IOS);
        let undefined = map(vec![entry(10, true, &[(Afi::Ipv4, missing)], false)]);
        assert_eq!(undefined.verdict(Afi::Ipv4, &p, &ios), Verdict::Permit);
        assert_eq!(undefined.finite_permits(Afi::Ipv4, &ios), None);
        // A permit entry with no clause matches anything: not finite.
        assert_eq!(
            map(vec![entry(10, true, &[], false)]).finite_permits(Afi::Ipv4, &db),
            None
        );
    }
}

//! Prefix lists, route maps and static routes, and the count of what a neighbor advertises:
//! candidates from `network`, `aggregate-address` and `redistribute`, through the outbound
//! prefix-list / route-map.

use super::addr::addr_mask;
use super::tokens::Line;
use super::Context;
use crate::dialect::common::parse_u32_digits;
use crate::dialect::name_index::NameIndex;
use crate::dialect::prefix_index::PrefixIndex;
use crate::model::{Advertisement, Afi, Interface};
use crate::source::{find_newline, Span, Spanned};
use ipnet::IpNet;

#[derive(Debug, Clone)]
pub(super) struct PrefixEntry {
    seq: u32,
    permit: bool,
    net: IpNet,
    ge: Option<u8>,
    le: Option<u8>,
    span: Span,
}

impl PrefixEntry {
    fn matches(&self, p: &IpNet) -> bool {
        if Afi::of(p.addr()) != Afi::of(self.net.addr()) || !self.net.contains(p) {
            return false;
        }
        let len = p.prefix_len();
        match (self.ge, self.le) {
            (None, None) => len == self.net.prefix_len(),
            (Some(ge), le) => len >= ge && len <= le.unwrap_or(p.max_prefix_len()),
            (None, Some(le)) => len >= self.net.prefix_len() && len <= le,
        }
    }
    fn is_exact(&self) -> bool {
        self.ge.is_none() && self.le.is_none()
    }
}

#[derive(Debug, Clone, Default)]
pub(super) struct PrefixList {
    entries: Vec<PrefixEntry>,
}

impl PrefixList {
    /// First match decides; no match denies.
    fn permits(&self, p: &IpNet) -> bool {
        self.entries
            .iter()
            .find(|e| e.matches(p))
            .is_some_and(|e| e.permit)
    }

    /// The prefixes this list can ever permit, when that set is finite (exact entries only).
    fn finite_permits(&self) -> Option<Vec<Spanned<IpNet>>> {
        let mut out = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            if !e.permit {
                continue;
            }
            if !e.is_exact() {
                return None;
            }
            // Skip a prefix an earlier deny entry already catches.
            if self.entries[..i]
                .iter()
                .any(|d| !d.permit && d.matches(&e.net))
            {
                continue;
            }
            out.push(Spanned::new(e.net, e.span));
        }
        Some(out)
    }
}

#[derive(Debug, Clone)]
struct RouteMapEntry {
    permit: bool,
    seq: u32,
    /// `match ip[v6] address prefix-list A B`: OR within, clauses ANDed; the lists by
    /// position in `PolicyDb::prefix_lists` (a name not defined (yet) gets an empty slot),
    /// so evaluating a neighbor's route-map looks up no names. All clauses in one Vec,
    /// each as its count then its lists (one allocation per entry, see [`Self::clauses`]).
    prefix_lists: Vec<u32>,
    /// A match clause dxlint cannot evaluate (ACL, community, as-path, tag…).
    opaque_match: bool,
}

impl RouteMapEntry {
    /// The `match … prefix-list` clauses, each the positions of its lists.
    fn clauses(&self) -> impl Iterator<Item = &[u32]> {
        let mut rest = self.prefix_lists.as_slice();
        std::iter::from_fn(move || {
            let (&n, tail) = rest.split_first()?;
            let (clause, after) = tail.split_at((n as usize).min(tail.len()));
            rest = after;
            Some(clause)
        })
    }
}

#[derive(Debug, Clone, Default)]
struct RouteMap {
    entries: Vec<RouteMapEntry>,
}

#[derive(Debug, Default)]
pub(crate) struct PolicyDb<'t> {
    /// The configuration the names below point into.
    text: &'t str,
    prefix_lists: Vec<PrefixList>,
    route_maps: Vec<RouteMap>,
    static_routes: Vec<(Option<String>, Spanned<IpNet>)>,
    /// Positions by name: every entry line and every neighbor looks its list up. The
    /// names are spans of the text (a `String` key per list cost an allocation each).
    prefix_list_index: NameIndex,
    prefix_list_names: Vec<Span>,
    route_map_index: NameIndex,
    route_map_names: Vec<Span>,
    /// The list the previous `ip prefix-list` line went to (its name's span, position).
    last_prefix_list: Option<(Span, usize)>,
}

impl<'t> PolicyDb<'t> {
    pub fn new(text: &'t str) -> Self {
        PolicyDb {
            text,
            ..Default::default()
        }
    }

    /// Position of `name` among `names` (its index's entries), with its index key.
    fn find(&self, index: &NameIndex, names: &[Span], name: &str) -> (u64, Option<usize>) {
        let key = index.key(name);
        let text = self.text;
        let found = index
            .candidates(key)
            .find(|&i| text.get(names[i].start()..names[i].end()) == Some(name));
        (key, found)
    }

    /// A defined list: one with entries (a slot a route-map made for a name that no
    /// `ip prefix-list` line fills stays empty, and an empty list is not defined).
    fn prefix_list(&self, name: &str) -> Option<&PrefixList> {
        self.find(&self.prefix_list_index, &self.prefix_list_names, name)
            .1
            .and_then(|i| self.list_at(i as u32))
    }
    fn list_at(&self, i: u32) -> Option<&PrefixList> {
        self.prefix_lists
            .get(i as usize)
            .filter(|l| !l.entries.is_empty())
    }
    /// The position of the list named by the text at `name`, a new slot (empty: not
    /// defined) if there is none yet, sized for `capacity` entries.
    fn slot(&mut self, name: Span, capacity: usize) -> usize {
        let text = self.text;
        let word = text.get(name.start()..name.end()).unwrap_or("");
        let (key, found) = self.find(&self.prefix_list_index, &self.prefix_list_names, word);
        if let Some(i) = found {
            return i;
        }
        self.prefix_list_index.push(key);
        self.prefix_list_names.push(name);
        self.prefix_lists.push(PrefixList {
            entries: Vec::with_capacity(capacity),
        });
        self.prefix_lists.len() - 1
    }
    fn route_map(&self, name: &str) -> Option<&RouteMap> {
        self.find(&self.route_map_index, &self.route_map_names, name)
            .1
            .map(|i| &self.route_maps[i])
    }
}

/// `ip prefix-list NAME [seq N] permit|deny P [ge X] [le Y]` (and `ipv6 prefix-list`).
pub(super) fn read_prefix_list(cx: &mut Context, l: &Line) {
    let name = l.word(2);
    let mut i = 3;
    let mut seq = None;
    if l.word(i) == "seq" {
        seq = parse_u32_digits(l.word(i + 1));
        i += 2;
    }
    let permit = match l.word(i) {
        "permit" => true,
        "deny" => false,
        "description" => return,
        _ => {
            cx.problem(l.span, format!("`{}`: expected permit or deny", l.text));
            return;
        }
    };
    let Some(net) = addr_mask(l.word(i + 1), None) else {
        cx.problem(
            l.span,
            format!("`{}`: expected a prefix like 10.0.0.0/8", l.text),
        );
        return;
    };
    let mut ge = None;
    let mut le = None;
    let mut j = i + 2;
    while j < l.len() {
        let v = parse_u32_digits(l.word(j + 1)).map(|v| v.min(128) as u8);
        match l.word(j) {
            "ge" => ge = v,
            "le" => le = v,
            _ => {}
        }
        j += 2;
    }
    let text = cx.text;
    let db = &mut cx.policy;
    // A list's lines usually come one after another: the last list is checked by name
    // (its span in the text) before the map is: one hash per list, not one per line.
    let at = match db.last_prefix_list {
        Some((span, at)) if text.get(span.start()..span.end()) == Some(name) => at,
        _ => {
            // A new list is sized for the lines of it that follow this one: a list's
            // entries usually come together, and growing one at a time reallocates.
            let name_end = l.word_span(2).end() - l.span.start();
            let lines = 1 + lines_alike(text, l.span.end(), &l.text[..name_end]);
            let at = db.slot(l.word_span(2), lines);
            db.last_prefix_list = Some((l.word_span(2), at));
            at
        }
    };
    let list = &mut db.prefix_lists[at];
    let seq = seq.unwrap_or_else(|| list.entries.last().map_or(5, |e| e.seq + 5));
    let entry = PrefixEntry {
        seq,
        permit,
        net: net.trunc(),
        ge,
        le,
        span: l.span,
    };
    let pos = list.entries.partition_point(|e| e.seq <= seq);
    // Most lists hold one or two entries: grow one at a time up to four (the default
    // growth reserves four at once).
    if list.entries.len() == list.entries.capacity() && list.entries.len() < 4 {
        list.entries.reserve_exact(1);
    }
    list.entries.insert(pos, entry);
}

/// How many of the lines right after byte `from` (the end of a line's content) start with
/// `head` and then a blank, up to 64: a capacity hint, never a reading of those lines.
fn lines_alike(text: &str, from: usize, head: &str) -> usize {
    let mut rest = &text.as_bytes()[from..];
    let mut n = 0;
    while n < 64 {
        // To the start of the next line.
        let Some(nl) = find_newline(rest) else {
            break;
        };
        rest = &rest[nl + 1..];
        match rest.strip_prefix(head.as_bytes()) {
            Some([b' ' | b'\t', ..]) => n += 1,
            _ => break,
        }
    }
    n
}

/// `route-map NAME [permit|deny] [SEQ]` with `match ip address prefix-list …` children.
pub(super) fn read_route_map(cx: &mut Context, idx: u32, l: &Line) {
    let name = l.word(1);
    let permit = l.word(2) != "deny";
    let seq = parse_u32_digits(l.word(3)).unwrap_or(10);
    let mut entry = RouteMapEntry {
        permit,
        seq,
        prefix_lists: Vec::new(),
        opaque_match: false,
    };
    let mut children = cx.tree.child_cursor(idx);
    while let Some(child) = children.next(&cx.tree) {
        let c = cx.line(child);
        if c.word(0) != "match" {
            continue;
        }
        if matches!(c.word(1), "ip" | "ipv6")
            && c.word(2) == "address"
            && c.word(3) == "prefix-list"
        {
            let n = c.len().saturating_sub(4);
            entry.prefix_lists.reserve_exact(1 + n);
            entry.prefix_lists.push(n as u32);
            for i in 4..c.len() {
                let at = cx.policy.slot(c.word_span(i), 0);
                entry.prefix_lists.push(at as u32);
            }
        } else {
            entry.opaque_match = true;
        }
    }
    let db = &mut cx.policy;
    let at = match db.find(&db.route_map_index, &db.route_map_names, name) {
        (_, Some(at)) => at,
        (key, None) => {
            db.route_map_index.push(key);
            db.route_map_names.push(l.word_span(1));
            db.route_maps.push(RouteMap::default());
            db.route_maps.len() - 1
        }
    };
    let map = &mut db.route_maps[at];
    let pos = map.entries.partition_point(|e| e.seq <= seq);
    if map.entries.capacity() == 0 {
        map.entries.reserve_exact(1);
    }
    map.entries.insert(pos, entry);
}

/// `ip route [vrf X] P M NH` / `ipv6 route P NH` / FRR `ip route P/len NH`.
pub(super) fn read_static_route(cx: &mut Context, l: &Line) {
    let mut i = 2;
    let mut vrf = None;
    if l.word(i) == "vrf" {
        vrf = Some(l.word(i + 1).to_string());
        i += 2;
    }
    let a = l.word(i);
    let net = if a.contains('/') {
        addr_mask(a, None)
    } else {
        addr_mask(a, Some(l.word(i + 1)))
    };
    match net {
        Some(net) => cx
            .policy
            .static_routes
            .push((vrf, Spanned::new(net.trunc(), l.span))),
        None => cx.problem(
            l.span,
            format!("`{}`: expected a destination prefix", l.text),
        ),
    }
}

/// The outbound filters that apply to one neighbor in one family.
/// Names borrowed from the neighbor's chain: only the lists they name are looked up.
pub(super) struct Outbound<'n> {
    pub route_map: Option<&'n str>,
    pub prefix_list: Option<&'n str>,
}

/// What passes a filter: yes, no, or dxlint cannot tell (an opaque match clause).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Permit,
    Deny,
    Unknown,
}

impl RouteMap {
    fn verdict(&self, p: &IpNet, db: &PolicyDb) -> Verdict {
        for e in &self.entries {
            let mut all = Verdict::Permit;
            for clause in e.clauses() {
                let any = clause
                    .iter()
                    .any(|&i| db.list_at(i).is_none_or(|pl| pl.permits(p)));
                if !any {
                    all = Verdict::Deny;
                }
            }
            if all == Verdict::Deny {
                continue;
            }
            if e.opaque_match {
                // Cannot tell whether this entry matches: count the prefix if it may pass.
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

    /// Prefixes the map can ever permit, if finite: each permit entry must match a
    /// prefix list of exact entries.
    fn finite_permits(&self, db: &PolicyDb) -> Option<Vec<Spanned<IpNet>>> {
        let mut out = Vec::new();
        for e in self.entries.iter().filter(|e| e.permit) {
            let clause = e.clauses().next()?;
            for &i in clause {
                out.extend(db.list_at(i)?.finite_permits()?);
            }
        }
        Some(out)
    }
}

/// What an address family offers every neighbor before its outbound filters. It is the
/// same for all neighbors of the family (and VRF), so it is built once, not per neighbor.
pub(super) struct Offer {
    /// Candidates in the order they were found (the general path filters these).
    raw: Vec<Spanned<IpNet>>,
    /// The same, sorted by prefix, the first of equal prefixes kept: outbound filters look
    /// their entries up here instead of testing every candidate.
    sorted: Vec<Spanned<IpNet>>,
    index: PrefixIndex,
    unbounded: Option<Spanned<String>>,
}

/// The candidates of one family: `network`, `redistribute` (through its route-map) and
/// `aggregate-address`.
pub(super) fn offer(
    origin: Option<&AfOrigin>,
    afi: Afi,
    vrf: Option<&str>,
    interfaces: &[Interface],
    db: &PolicyDb,
) -> Offer {
    let mut candidates: Vec<Spanned<IpNet>> = Vec::new();
    let mut unbounded: Option<Spanned<String>> = None;
    if let Some(o) = origin {
        candidates.extend(o.networks.iter().cloned());
        for r in &o.redistribute {
            let sourced: Option<Vec<Spanned<IpNet>>> = match r.source.as_str() {
                "connected" => Some(
                    interfaces
                        .iter()
                        .filter(|i| i.vrf.as_deref() == vrf)
                        .flat_map(|i| i.addresses.iter())
                        .filter(|a| Afi::of(a.net.addr()) == afi)
                        .map(|a| Spanned::new(a.net.trunc(), a.span))
                        .collect(),
                ),
                "static" => Some(
                    db.static_routes
                        .iter()
                        .filter(|(v, n)| v.as_deref() == vrf && Afi::of(n.value.addr()) == afi)
                        .map(|(_, n)| n.clone())
                        .collect(),
                ),
                _ => None,
            };
            let map = r.route_map.as_deref();
            match (sourced, map) {
                (Some(list), None) => candidates.extend(list),
                (Some(list), Some(m)) => {
                    // IOS redistributes nothing through an undefined route-map.
                    if let Some(rm) = db.route_map(m) {
                        candidates.extend(
                            list.into_iter()
                                .filter(|p| rm.verdict(&p.value, db) != Verdict::Deny),
                        );
                    }
                }
                (None, Some(m)) => match db.route_map(m).and_then(|rm| rm.finite_permits(db)) {
                    Some(list) => candidates.extend(list),
                    None => {
                        unbounded.get_or_insert(Spanned::new(
                            format!("`redistribute {}` through route-map {m}, which dxlint cannot bound", r.source),
                            r.span,
                        ));
                    }
                },
                (None, None) => {
                    unbounded.get_or_insert(Spanned::new(
                        format!(
                            "`redistribute {}` without a route-map: every {} route is advertised",
                            r.source, r.source
                        ),
                        r.span,
                    ));
                }
            }
        }
        for (agg, summary_only) in &o.aggregates {
            if *summary_only {
                candidates.retain(|c| !(agg.value.contains(&c.value) && c.value != agg.value));
            }
            candidates.push(agg.clone());
        }
    }
    let mut sorted = candidates.clone();
    sort_dedup(&mut sorted);
    let index = PrefixIndex::new(sorted.iter().map(|c| c.value));
    Offer {
        raw: candidates,
        sorted,
        index,
        unbounded,
    }
}

/// Sort by prefix, keep the first of equal prefixes (the stable sort keeps source order).
fn sort_dedup(v: &mut Vec<Spanned<IpNet>>) {
    v.sort_by_key(|a| a.value);
    v.dedup_by(|a, b| a.value == b.value);
}

/// Count what one neighbor advertises in one family.
/// `keep` is scratch space the caller lends for every neighbor (a Vec each cost an
/// allocation per neighbor and family).
pub(super) fn advertisement(
    offer: &Offer,
    out: &Outbound,
    db: &PolicyDb,
    keep: &mut Vec<usize>,
) -> Advertisement {
    if offer.unbounded.is_some() {
        return filter_all(offer.raw.clone(), offer.unbounded.clone(), out, db);
    }
    // Filters only decide on the prefix, so filtering the sorted, deduplicated offer gives
    // what filtering the raw list and then sorting would. Each filter first narrows the
    // offer to what its permit entries can match (binary searches), then decides those:
    // `keep` holds the positions left once `filtered`.
    let sorted = &offer.sorted;
    keep.clear();
    let mut filtered = false;
    if let Some(pl) = out.prefix_list {
        if let Some(list) = db.prefix_list(pl) {
            list.reach(offer, keep);
            keep.retain(|&j| list.permits(&sorted[j].value));
            filtered = true;
        }
    }
    if let Some(rm) = out.route_map {
        match db.route_map(rm) {
            Some(map) => {
                if !filtered && !map.reach(offer, db, keep) {
                    keep.clear();
                    keep.extend(0..sorted.len());
                }
                keep.retain(|&j| map.verdict(&sorted[j].value, db) != Verdict::Deny);
            }
            // An outbound route-map that does not exist denies everything.
            None => keep.clear(),
        }
        filtered = true;
    }
    Advertisement {
        prefixes: if filtered {
            keep.iter().map(|&j| sorted[j].clone()).collect()
        } else {
            sorted.clone()
        },
        ..Default::default()
    }
}

/// The general path (an unbounded source, which a finite filter may bound): filter each
/// candidate in order.
fn filter_all(
    mut candidates: Vec<Spanned<IpNet>>,
    mut unbounded: Option<Spanned<String>>,
    out: &Outbound,
    db: &PolicyDb,
) -> Advertisement {
    let mut adv = Advertisement::default();
    // Outbound filters.
    if let Some(pl) = out.prefix_list {
        if let Some(list) = db.prefix_list(pl) {
            candidates.retain(|c| list.permits(&c.value));
            if unbounded.is_some() {
                if let Some(fin) = list.finite_permits() {
                    candidates.extend(fin);
                    unbounded = None;
                }
            }
        }
    }
    if let Some(rm) = out.route_map {
        match db.route_map(rm) {
            Some(map) => {
                candidates.retain(|c| map.verdict(&c.value, db) != Verdict::Deny);
                if unbounded.is_some() {
                    if let Some(fin) = map.finite_permits(db) {
                        candidates.extend(fin);
                        unbounded = None;
                    }
                }
            }
            None => {
                // An outbound route-map that does not exist denies everything.
                candidates.clear();
                unbounded = None;
            }
        }
    }
    sort_dedup(&mut candidates);
    adv.prefixes = candidates;
    adv.unbounded = unbounded.map(Box::new);
    adv
}

impl PrefixList {
    /// Add to `out` the positions in `sorted` that some permit entry matches (a superset
    /// of what the list permits: an earlier deny may still catch them); `out` is then
    /// ascending, without repeats.
    fn reach(&self, offer: &Offer, out: &mut Vec<usize>) {
        for e in self.entries.iter().filter(|e| e.permit) {
            out.extend(
                offer
                    .index
                    .inside(&e.net)
                    .filter(|&j| e.matches(&offer.sorted[j].value)),
            );
        }
        out.sort_unstable();
        out.dedup();
    }
}

impl RouteMap {
    /// Set `out` to the positions in `sorted` that some permit entry can match, ascending;
    /// `false` (and `out` undefined) when an entry matches without a prefix list (or names
    /// an undefined one, which matches all).
    fn reach(&self, offer: &Offer, db: &PolicyDb, out: &mut Vec<usize>) -> bool {
        out.clear();
        for e in self.entries.iter().filter(|e| e.permit) {
            let Some(clause) = e.clauses().next() else {
                return false;
            };
            for &i in clause {
                let Some(list) = db.list_at(i) else {
                    return false;
                };
                list.reach(offer, out);
            }
        }
        true
    }
}

/// What an address family originates: `network`, `aggregate-address`, `redistribute`.
#[derive(Default, Debug)]
pub(super) struct AfOrigin {
    pub afi: Option<Afi>,
    pub vrf: Option<String>,
    pub networks: Vec<Spanned<IpNet>>,
    pub aggregates: Vec<(Spanned<IpNet>, bool)>,
    pub redistribute: Vec<Redistribute>,
}

#[derive(Debug, Clone)]
pub(super) struct Redistribute {
    pub source: String,
    pub route_map: Option<String>,
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RouterModel;
    use crate::syntax::indent::{IndentReader, IndentTree};

    /// Read prefix lists and route maps from config text.
    fn db(text: &str) -> PolicyDb<'_> {
        let mut reader = IndentReader::new(text, &super::super::OPTIONS);
        let mut cx = Context {
            text,
            tree: IndentTree::default(),
            model: RouterModel::default(),
            policy: PolicyDb::new(text),
            bgp: Default::default(),
            ipsec: Default::default(),
            iface_index: Default::default(),
            ios_major: None,
        };
        while reader.next_section(&mut cx.tree) {
            cx.top_level(0);
        }
        cx.policy
    }

    #[test]
    fn a_new_list_is_sized_for_its_lines_that_follow() {
        let text = "ip prefix-list A seq 5 permit 10.0.0.0/24\nip prefix-list A seq 10 permit 10.0.1.0/24\nip prefix-list A\tseq 15 permit 10.0.2.0/24\nip prefix-list AB seq 5 permit 10.0.3.0/24\nip prefix-list A seq 20 permit 10.0.4.0/24\n";
        let head = "ip prefix-list A";
        assert_eq!(lines_alike(text, head.len(), head), 2);
        assert_eq!(lines_alike(text, text.len() - 1, head), 0);
        // The hint sizes, the lines decide: interleaved lists keep every entry, in order.
        let d = db(text);
        let a = d.prefix_list("A").unwrap();
        assert_eq!(a.entries.capacity(), 4);
        let seqs: Vec<u32> = a.entries.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, vec![5, 10, 15, 20]);
        assert_eq!(d.prefix_list("AB").unwrap().entries.len(), 1);
    }

    /// The indexed path must give exactly what filtering every candidate gives.
    #[test]
    fn route_maps_find_lists_defined_before_or_after_them() {
        let before = db("ip prefix-list L seq 5 permit 10.1.0.0/24\n\
             route-map M permit 10\n match ip address prefix-list L\n");
        let after = db("route-map M permit 10\n match ip address prefix-list L\n\
             ip prefix-list L seq 5 permit 10.1.0.0/24\n");
        let undefined = db("route-map M permit 10\n match ip address prefix-list L\n");
        let p: IpNet = "10.1.0.0/24".parse().unwrap();
        let q: IpNet = "10.9.0.0/24".parse().unwrap();
        for d in [&before, &after] {
            let m = d.route_map("M").unwrap();
            assert!(m.verdict(&p, d) == Verdict::Permit);
            assert!(m.verdict(&q, d) == Verdict::Deny);
            assert!(d.prefix_list("L").is_some());
        }
        // A list nobody defines matches everything and is not a defined list.
        let m = undefined.route_map("M").unwrap();
        assert!(m.verdict(&q, &undefined) == Verdict::Permit);
        assert!(undefined.prefix_list("L").is_none());
    }

    #[test]
    fn indexed_filtering_equals_filtering_every_candidate() {
        let db = db("ip prefix-list EXACT seq 5 permit 10.1.0.0/24\n\
             ip prefix-list EXACT seq 10 permit 10.1.1.0/24\n\
             ip prefix-list RANGE seq 5 deny 10.1.2.0/24\n\
             ip prefix-list RANGE seq 10 permit 10.1.0.0/16 le 24\n\
             ip prefix-list RANGE seq 15 permit 10.2.0.0/16 ge 20 le 22\n\
             ip prefix-list ANY seq 5 deny 10.3.0.0/16 le 32\n\
             ip prefix-list ANY seq 10 permit 0.0.0.0/0 le 32\n\
             ip prefix-list V6 seq 5 permit 2001:db8::/32 le 64\n\
             route-map BYLIST permit 10\n match ip address prefix-list EXACT RANGE\n\
             route-map BYLIST deny 20\n match ip address prefix-list ANY\n\
             route-map OPAQUE deny 5\n match ip address prefix-list EXACT\n\
             route-map OPAQUE permit 10\n match community 1\n\
             route-map UNDEFINED permit 10\n match ip address prefix-list NOPE\n");
        let mut raw: Vec<Spanned<IpNet>> = Vec::new();
        for (i, p) in [
            "10.1.0.0/24",
            "10.1.1.0/24",
            "10.1.2.0/24",
            "10.1.3.0/25",
            "10.1.0.0/16",
            "10.2.0.0/20",
            "10.2.4.0/22",
            "10.2.8.0/24",
            "10.3.0.0/24",
            "10.1.1.0/24",
            "192.0.2.0/24",
            "0.0.0.0/0",
            "2001:db8::/48",
            "2001:db8::/64",
            "2001:db9::/48",
            "10.2.0.0/16",
            "10.1.0.0/24",
        ]
        .iter()
        .enumerate()
        {
            raw.push(Spanned::new(p.parse().unwrap(), Span::new(i * 10, 5)));
        }
        let mut sorted = raw.clone();
        sort_dedup(&mut sorted);
        let offer = Offer {
            raw: raw.clone(),
            index: PrefixIndex::new(sorted.iter().map(|c| c.value)),
            sorted,
            unbounded: None,
        };
        let names = [
            None,
            Some("EXACT"),
            Some("RANGE"),
            Some("ANY"),
            Some("V6"),
            Some("NOPE"),
        ];
        let maps = [
            None,
            Some("BYLIST"),
            Some("OPAQUE"),
            Some("UNDEFINED"),
            Some("NOPE"),
        ];
        let mut nonempty = 0;
        // Lent to every call, as `finish` does: what one call leaves must not leak.
        let mut scratch = vec![usize::MAX; 3];
        for pl in names {
            for rm in maps {
                let out = Outbound {
                    prefix_list: pl,
                    route_map: rm,
                };
                let fast = advertisement(&offer, &out, &db, &mut scratch);
                let all = filter_all(raw.clone(), None, &out, &db);
                assert_eq!(
                    fast.prefixes, all.prefixes,
                    "prefix-list {pl:?}, route-map {rm:?}"
                );
                nonempty += usize::from(!fast.prefixes.is_empty());
            }
        }
        // The cases are not all trivially empty.
        assert!(nonempty >= 10, "{nonempty}");
    }
}

//! `policy prefix-list|prefix-list6 NAME rule N {action, prefix, ge, le}` and
//! `policy route-map NAME rule N {action, match ip|ipv6 address prefix-list X}`, evaluated the
//! way FRR does (rules by number, first match wins, implicit deny at the end) to bound what a
//! neighbor advertises.

use super::{parse_digits, Cx, LastKey};
use crate::dialect::common::{parse_ipv4_net_fast, push_compact};
use crate::dialect::name_index::NameIndex;
use crate::dialect::policy::prefix_entry_matches;
use crate::dialect::prefix_index::PrefixIndex;
use crate::model::Afi;
use crate::source::Spanned;
use crate::syntax::path::PathStatement;
use ipnet::IpNet;
use std::borrow::Cow;

/// One `rule N` of a prefix-list. Small on purpose: a large router has tens of thousands.
#[derive(Debug)]
struct PrefixRule {
    seq: u32,
    permit: Option<bool>,
    ge: Option<u8>,
    le: Option<u8>,
    prefix: Option<IpNet>,
    /// Where the rule number is first written; its line is the rule's span.
    at: u32,
}

/// One `rule N` of a route-map; the prefix-lists it matches are ids in [`Policies`]' tables.
#[derive(Debug)]
struct MapRule {
    seq: u32,
    permit: Option<bool>,
    /// A match condition dxlint does not evaluate (community, as-path, …).
    other_match: bool,
    match_v4: Option<u32>,
    match_v6: Option<u32>,
}

/// Rules by number (FRR evaluates them in that order).
#[derive(Debug)]
struct Rules<R> {
    rules: Vec<R>,
}

impl<R> Default for Rules<R> {
    fn default() -> Self {
        Rules { rules: Vec::new() }
    }
}

/// Names to ids (the order of first mention) and the lists they name. A name a route-map
/// mentions before (or without) any `rule` of its own has an entry with no rules, which is
/// what FRR does with a missing list: it matches nothing.
#[derive(Debug)]
struct Table<R> {
    /// Every name, one after another (by id: `ends[id - 1]..ends[id]`): a lookup compares
    /// with a small block of names rather than with the configuration text where each one
    /// is written, far apart in a large file.
    names: String,
    ends: Vec<u32>,
    /// Ids by name: one hash per lookup, and growing it rehashes no names.
    ids: NameIndex,
    lists: Vec<Rules<R>>,
}

impl<R> Default for Table<R> {
    fn default() -> Self {
        Table {
            names: String::new(),
            ends: Vec::new(),
            ids: NameIndex::default(),
            lists: Vec::new(),
        }
    }
}

impl<R> Table<R> {
    /// The id of `name`, given on first mention.
    fn id(&mut self, name: &str) -> u32 {
        let key = self.ids.key(name);
        if let Some(i) = self.find(key, name) {
            return i;
        }
        let i = self.lists.len() as u32;
        self.lists.push(Rules::default());
        self.ids.push(key);
        self.names.push_str(name);
        self.ends.push(self.names.len() as u32);
        i
    }

    fn name(&self, id: usize) -> &str {
        let start = id.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        &self.names[start..self.ends[id] as usize]
    }

    fn find(&self, key: u64, name: &str) -> Option<u32> {
        let mut c = self.ids.candidates(key);
        c.find(|&i| self.name(i) == name).map(|i| i as u32)
    }

    /// A list with at least one rule (a `rule N` statement defines it).
    fn get(&self, name: &str) -> Option<&[R]> {
        let list = &self.lists[self.find(self.ids.key(name), name)? as usize];
        (!list.rules.is_empty()).then_some(&list.rules[..])
    }

    fn rules(&self, id: u32) -> &[R] {
        &self.lists[id as usize].rules
    }
}

trait Numbered {
    fn seq(&self) -> u32;
}

impl Numbered for PrefixRule {
    fn seq(&self) -> u32 {
        self.seq
    }
}

impl Numbered for MapRule {
    fn seq(&self) -> u32 {
        self.seq
    }
}

/// The position of rule `seq` in a list kept in rule order, created with `new` if absent.
fn rule_at<R: Numbered>(rules: &mut Vec<R>, seq: u32, new: impl FnOnce() -> R) -> usize {
    match rules.binary_search_by_key(&seq, |r| r.seq()) {
        Ok(i) => i,
        Err(i) if i == rules.len() => push_compact(rules, new()),
        Err(i) => {
            rules.insert(i, new());
            i
        }
    }
}

#[derive(Default)]
pub(super) struct Policies {
    v4: Table<PrefixRule>,
    v6: Table<PrefixRule>,
    maps: Table<MapRule>,
    /// The rule the previous statement was about: (table 0/1/2, list id, position).
    last: LastKey<(u8, u32, usize)>,
    /// The list the previous new rule was added to (`policy prefix-list NAME`).
    last_list: LastKey<u32>,
}

/// What a filter lets through, for bounding an advertisement.
#[derive(Debug, PartialEq)]
pub(super) enum Verdict {
    /// May be advertised.
    Permit,
    Deny,
}

impl Policies {
    pub(super) fn statement(&mut self, cx: &mut Cx, st: &PathStatement) -> bool {
        let kind = st.word(1);
        let (Some(name), Some("rule"), Some(seq_w)) = (st.word(2), st.word(3), st.words.get(4))
        else {
            return matches!(kind, Some("prefix-list" | "prefix-list6" | "route-map"));
        };
        let table = match kind {
            Some("prefix-list") => 0u8,
            Some("prefix-list6") => 1,
            Some("route-map") => 2,
            _ => return false,
        };
        let key = &st.words[..5];
        let (list, pos) = match self.last.get(cx.text, key) {
            Some((_, list, pos)) => (list, pos),
            None => {
                let Some(seq) = parse_digits(&seq_w.text) else {
                    return false;
                };
                let at = seq_w.span.start() as u32;
                let list_key = &st.words[..3];
                let list = match self.last_list.get(cx.text, list_key) {
                    Some(list) => list,
                    None => {
                        let list = match table {
                            0 => self.v4.id(name),
                            1 => self.v6.id(name),
                            _ => self.maps.id(name),
                        };
                        self.last_list.set(cx.text, list_key, list);
                        list
                    }
                };
                let (list, pos) = if table == 2 {
                    let rules = &mut self.maps.lists[list as usize].rules;
                    let pos = rule_at(rules, seq, || MapRule {
                        seq,
                        permit: None,
                        other_match: false,
                        match_v4: None,
                        match_v6: None,
                    });
                    (list, pos)
                } else {
                    let t = if table == 0 {
                        &mut self.v4
                    } else {
                        &mut self.v6
                    };
                    let rules = &mut t.lists[list as usize].rules;
                    let pos = rule_at(rules, seq, || PrefixRule {
                        seq,
                        permit: None,
                        ge: None,
                        le: None,
                        prefix: None,
                        at,
                    });
                    (list, pos)
                };
                self.last.set(cx.text, key, (table, list, pos));
                (list, pos)
            }
        };
        let attr = st.word(5);
        let val = st.word(6);
        if table == 2 {
            let (v4, v6) = (&mut self.v4, &mut self.v6);
            let rule = &mut self.maps.lists[list as usize].rules[pos];
            return match (attr, val) {
                (Some("action"), Some(a)) => {
                    rule.permit = permit(a);
                    true
                }
                (Some("match"), Some(family @ ("ip" | "ipv6")))
                    if st.word(7) == Some("address") && st.word(8) == Some("prefix-list") =>
                {
                    let pl = st.word(9).unwrap_or("");
                    if family == "ip" {
                        rule.match_v4 = Some(v4.id(pl));
                    } else {
                        rule.match_v6 = Some(v6.id(pl));
                    }
                    true
                }
                (Some("match"), _) => {
                    rule.other_match = true;
                    true
                }
                (None, _) | (Some("set" | "description" | "continue" | "call" | "on-match"), _) => {
                    true
                }
                _ => false,
            };
        }
        let t = if table == 0 {
            &mut self.v4
        } else {
            &mut self.v6
        };
        let rule = &mut t.lists[list as usize].rules[pos];
        match (attr, val) {
            (Some("action"), Some(a)) => {
                rule.permit = permit(a);
                true
            }
            (Some("prefix"), Some(p)) => {
                match parse_net(p) {
                    Ok(net) => rule.prefix = Some(net.trunc()),
                    Err(_) => cx.problem(
                        st.span,
                        format!(
                            "prefix-list {name} rule {}: `{p}` is not a prefix",
                            rule.seq
                        ),
                    ),
                }
                true
            }
            (Some("ge"), Some(v)) => {
                rule.ge = parse_digits(v).and_then(|v| u8::try_from(v).ok());
                true
            }
            (Some("le"), Some(v)) => {
                rule.le = parse_digits(v).and_then(|v| u8::try_from(v).ok());
                true
            }
            (None, _) | (Some("description"), _) => true,
            _ => false,
        }
    }

    fn table(&self, afi: Afi) -> &Table<PrefixRule> {
        match afi {
            Afi::Ipv4 => &self.v4,
            Afi::Ipv6 => &self.v6,
        }
    }

    pub(super) fn has_prefix_list(&self, afi: Afi, name: &str) -> bool {
        self.table(afi).get(name).is_some()
    }

    pub(super) fn has_route_map(&self, name: &str) -> bool {
        self.maps.get(name).is_some()
    }

    /// A prefix-list looked up once, for deciding many prefixes.
    pub(super) fn list(&self, afi: Afi, name: &str) -> ListRef<'_> {
        ListRef(self.table(afi).get(name).unwrap_or(&[]))
    }

    /// A route-map looked up once, for deciding many prefixes of one family.
    pub(super) fn map(&self, afi: Afi, name: &str) -> MapRef<'_> {
        MapRef {
            rules: self.maps.get(name).unwrap_or(&[]),
            table: self.table(afi),
            afi,
        }
    }

    /// FRR: a prefix-list that does not exist denies; first matching rule decides; no match
    /// denies.
    pub(super) fn prefix_list(&self, afi: Afi, name: &str, p: &IpNet) -> Verdict {
        list_verdict(self.list(afi, name).0, p)
    }

    /// A route-map as an upper bound: conditions dxlint cannot evaluate count as matching for
    /// permit rules and as not matching for deny rules. A missing route-map denies (FRR).
    pub(super) fn route_map(&self, afi: Afi, name: &str, p: &IpNet) -> Verdict {
        self.map(afi, name).verdict(p)
    }

    /// Every prefix a prefix-list can permit, when that is a finite list of exact prefixes
    /// (no `ge`/`le` widening); `None` when it permits ranges.
    pub(super) fn prefix_list_exact(
        &self,
        cx: &Cx,
        afi: Afi,
        name: &str,
    ) -> Option<Vec<Spanned<IpNet>>> {
        let mut out = Vec::new();
        list_exact(cx, self.table(afi).get(name).unwrap_or(&[]), &mut out)?;
        Some(out)
    }

    /// Every prefix a route-map can permit, when each permit rule is bounded by an exact
    /// prefix-list of this family.
    pub(super) fn route_map_exact(
        &self,
        cx: &Cx,
        afi: Afi,
        name: &str,
    ) -> Option<Vec<Spanned<IpNet>>> {
        let mut out = Vec::new();
        let table = self.table(afi);
        for rule in self.maps.get(name).unwrap_or(&[]) {
            if rule.permit != Some(true) {
                continue;
            }
            let (list, other) = match afi {
                Afi::Ipv4 => (rule.match_v4, rule.match_v6.is_some()),
                Afi::Ipv6 => (rule.match_v6, rule.match_v4.is_some()),
            };
            match list {
                Some(l) => list_exact(cx, table.rules(l), &mut out)?,
                None if other => {}
                None => return None,
            }
        }
        Some(out)
    }
}

/// One prefix-list's rules (none when it is not defined: it then permits nothing).
#[derive(Clone, Copy)]
pub(super) struct ListRef<'a>(&'a [PrefixRule]);

impl ListRef<'_> {
    pub(super) fn is_defined(&self) -> bool {
        !self.0.is_empty()
    }

    pub(super) fn permits(&self, p: &IpNet) -> bool {
        list_verdict(self.0, p) == Verdict::Permit
    }

    /// Positions (ascending) of the candidates some permit rule matches: a superset of what
    /// the list permits (an earlier deny rule may still catch them).
    pub(super) fn reach(&self, cands: &[Spanned<IpNet>], index: &PrefixIndex) -> Vec<usize> {
        let mut out = Vec::new();
        list_reach(self.0, cands, index, &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// One route-map's rules, with the prefix-lists of the family it is evaluated in.
#[derive(Clone, Copy)]
pub(super) struct MapRef<'a> {
    rules: &'a [MapRule],
    table: &'a Table<PrefixRule>,
    afi: Afi,
}

impl MapRef<'_> {
    pub(super) fn is_defined(&self) -> bool {
        !self.rules.is_empty()
    }

    pub(super) fn permits(&self, p: &IpNet) -> bool {
        self.verdict(p) == Verdict::Permit
    }

    /// See [`Policies::route_map`].
    fn verdict(&self, p: &IpNet) -> Verdict {
        let (afi, table) = (self.afi, self.table);
        for rule in self.rules {
            let Some(permit) = rule.permit else { continue };
            let list = match afi {
                Afi::Ipv4 => rule.match_v4,
                Afi::Ipv6 => rule.match_v6,
            };
            let other_family_only = list.is_none()
                && match afi {
                    Afi::Ipv4 => rule.match_v6.is_some(),
                    Afi::Ipv6 => rule.match_v4.is_some(),
                };
            if other_family_only {
                continue; // `match ipv6 …` never matches an IPv4 route
            }
            let by_list = match list {
                Some(l) => list_verdict(table.rules(l), p) == Verdict::Permit,
                None => true,
            };
            let matched = if rule.other_match {
                by_list && permit // unknown condition: may match a permit, assume not a deny
            } else {
                by_list
            };
            if matched {
                return if permit {
                    Verdict::Permit
                } else {
                    Verdict::Deny
                };
            }
        }
        Verdict::Deny
    }

    /// Positions (ascending) of the candidates some permit rule can match; `None` when a
    /// permit rule matches without a prefix-list of this family.
    pub(super) fn reach(
        &self,
        cands: &[Spanned<IpNet>],
        index: &PrefixIndex,
    ) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        for rule in self.rules {
            if rule.permit != Some(true) {
                continue;
            }
            let (list, other) = match self.afi {
                Afi::Ipv4 => (rule.match_v4, rule.match_v6.is_some()),
                Afi::Ipv6 => (rule.match_v6, rule.match_v4.is_some()),
            };
            match list {
                Some(l) => list_reach(self.table.rules(l), cands, index, &mut out),
                // `match ipv6 …` never matches an IPv4 route.
                None if other => {}
                None => return None,
            }
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }
}

/// `word` as the slice of `text` it is, when it is one (a plain word, not an unescaped
/// copy): no allocation per name.
pub(super) fn in_text<'t>(text: &'t str, word: &str) -> Cow<'t, str> {
    let at = (word.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    let slice = at.checked_add(word.len()).and_then(|end| text.get(at..end));
    match slice {
        Some(s) if s.as_ptr() == word.as_ptr() => Cow::Borrowed(s),
        _ => Cow::Owned(word.to_string()),
    }
}

/// A prefix, IPv4 read directly (one per prefix-list rule), anything else by `ipnet`.
pub(super) fn parse_net(s: &str) -> Result<IpNet, ipnet::AddrParseError> {
    match parse_ipv4_net_fast(s) {
        Some(n) => Ok(IpNet::V4(n)),
        None => s.parse(),
    }
}

fn permit(action: &str) -> Option<bool> {
    match action {
        "permit" => Some(true),
        "deny" => Some(false),
        _ => None,
    }
}

/// First matching rule decides; no match (or no rules) denies.
fn list_verdict(rules: &[PrefixRule], p: &IpNet) -> Verdict {
    for rule in rules {
        let (Some(permit), Some(prefix)) = (rule.permit, &rule.prefix) else {
            continue;
        };
        if prefix_entry_matches(prefix, rule.ge, rule.le, p) {
            return if permit {
                Verdict::Permit
            } else {
                Verdict::Deny
            };
        }
    }
    Verdict::Deny
}

/// Positions of the candidates some permit rule matches, appended unsorted.
fn list_reach(
    rules: &[PrefixRule],
    cands: &[Spanned<IpNet>],
    index: &PrefixIndex,
    out: &mut Vec<usize>,
) {
    for rule in rules {
        let (Some(true), Some(prefix)) = (rule.permit, &rule.prefix) else {
            continue;
        };
        out.extend(
            index
                .inside(prefix)
                .filter(|&i| prefix_entry_matches(prefix, rule.ge, rule.le, &cands[i].value)),
        );
    }
}

/// The exact prefixes the permit rules name, each with its rule's line; `None` when a rule
/// widens (`ge`/`le` other than its own length).
fn list_exact(cx: &Cx, rules: &[PrefixRule], out: &mut Vec<Spanned<IpNet>>) -> Option<()> {
    for rule in rules {
        let (Some(true), Some(prefix)) = (rule.permit, rule.prefix) else {
            continue;
        };
        let len = prefix.prefix_len();
        let widened = rule.ge.is_some_and(|g| g != len) || rule.le.is_some_and(|l| l != len);
        if widened {
            return None;
        }
        out.push(Spanned::new(prefix, cx.line_of(rule.at as usize)));
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_written_plainly_are_borrowed_from_the_text() {
        let text = "set policy prefix-list PL-1 rule 10";
        let name = &text[23..27];
        assert!(matches!(in_text(text, name), Cow::Borrowed("PL-1")));
        let unescaped = String::from("PL-1");
        assert!(matches!(in_text(text, &unescaped), Cow::Owned(ref s) if s == "PL-1"));
    }

    #[test]
    fn table_ids_by_first_mention_and_names_kept_in_one_block() {
        let mut t: Table<MapRule> = Table::default();
        assert_eq!(t.id("RM-A"), 0);
        assert_eq!(t.id("B"), 1);
        assert_eq!(t.id("RM-A"), 0);
        assert_eq!(t.id(""), 2);
        assert_eq!((t.name(0), t.name(1), t.name(2)), ("RM-A", "B", ""));
        // Mentioned but without a rule: not defined.
        assert!(t.get("B").is_none() && t.get("C").is_none());
        let seq = 10;
        t.lists[1].rules.push(MapRule {
            seq,
            permit: Some(true),
            other_match: false,
            match_v4: None,
            match_v6: None,
        });
        assert_eq!(t.get("B").map(<[MapRule]>::len), Some(1));
    }
}

//! `policy prefix-list|prefix-list6 NAME rule N {action, prefix, ge, le}` and
//! `policy route-map NAME rule N {action, match ip|ipv6 address prefix-list X}`. A rule's
//! attributes come on separate statements, so rules are collected here as written, then
//! handed to the shared policy engine (`dialect::policy`), which evaluates them as FRR does.

use super::{parse_digits, Cx, LastKey};
use crate::dialect::common::{parse_ipv4_net_fast, push_compact};
use crate::dialect::policy::{MapEntry, PolicyDb, PrefixEntry, Table};
use crate::model::Afi;
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

/// The rules as written, by list (ids by first mention, rules by number): a name a
/// route-map mentions before (or without) any `rule` of its own has an empty list.
#[derive(Default)]
pub(super) struct Policies {
    v4: Table<Vec<PrefixRule>>,
    v6: Table<Vec<PrefixRule>>,
    maps: Table<Vec<MapRule>>,
    /// The rule the previous statement was about: (table 0/1/2, list id, position).
    last: LastKey<(u8, u32, usize)>,
    /// The list the previous new rule was added to (`policy prefix-list NAME`).
    last_list: LastKey<u32>,
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
                    let rules = self.maps.at_mut(list);
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
                    let rules = t.at_mut(list);
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
            let rule = &mut self.maps.at_mut(list)[pos];
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
        let rule = &mut t.at_mut(list)[pos];
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

    /// The rules in the shared engine's form: rules without an action or a prefix are
    /// left out (FRR has nothing to evaluate), the lists they belong to stay defined.
    pub(super) fn finish(mut self, cx: &Cx) -> PolicyDb {
        let mut db = PolicyDb::new(super::PROFILE.policy);
        for (afi, table) in [(Afi::Ipv4, &mut self.v4), (Afi::Ipv6, &mut self.v6)] {
            // Ids are given in the same order: a route-map's list ids stay valid. Each
            // list's rules are freed as they are handed over (a large router has tens of
            // thousands: both forms at once would double them).
            for raw in 0..table.len() {
                let id = db.list_id(afi, table.name(raw));
                let rules = std::mem::take(table.at_mut(raw));
                if rules.is_empty() {
                    continue;
                }
                let list = db.define_list(afi, id);
                list.entries.reserve_exact(rules.len());
                for r in rules {
                    let (Some(permit), Some(net)) = (r.permit, r.prefix) else {
                        continue;
                    };
                    list.insert(PrefixEntry {
                        seq: r.seq,
                        permit,
                        net,
                        ge: r.ge,
                        le: r.le,
                        span: cx.line_of(r.at as usize),
                    });
                }
            }
        }
        for raw in 0..self.maps.len() {
            let rules = std::mem::take(self.maps.at_mut(raw));
            if rules.is_empty() {
                continue;
            }
            let map = db.route_map_mut(self.maps.name(raw));
            map.defined = true;
            for r in rules {
                let Some(permit) = r.permit else { continue };
                let mut e = MapEntry::new(r.seq, permit);
                if let Some(id) = r.match_v4 {
                    e.add_clause(Afi::Ipv4, &[id]);
                }
                if let Some(id) = r.match_v6 {
                    e.add_clause(Afi::Ipv6, &[id]);
                }
                e.opaque = r.other_match;
                map.insert(e);
            }
        }
        db
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
}

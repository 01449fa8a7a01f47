//! `policy prefix-list|prefix-list6 NAME rule N {action, prefix, ge, le}` and
//! `policy route-map NAME rule N {action, match ip|ipv6 address prefix-list X}`, evaluated the
//! way FRR does (rules by number, first match wins, implicit deny at the end) to bound what a
//! neighbor advertises.

use super::{parse_digits, Cx};
use crate::dialect::common::entry_or_default;
use crate::dialect::prefix_index::PrefixIndex;
use crate::model::Afi;
use crate::source::{Span, Spanned};
use crate::syntax::path::PathStatement;
use ipnet::IpNet;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Default)]
struct PrefixRule {
    permit: Option<bool>,
    prefix: Option<Spanned<IpNet>>,
    ge: Option<u8>,
    le: Option<u8>,
    span: Span,
}

#[derive(Debug, Default)]
struct PrefixList {
    rules: BTreeMap<u32, PrefixRule>,
}

#[derive(Debug, Default)]
struct MapRule {
    permit: Option<bool>,
    match_v4: Option<String>,
    match_v6: Option<String>,
    /// A match condition dxlint does not evaluate (community, as-path, …).
    other_match: bool,
    span: Span,
}

#[derive(Debug, Default)]
struct RouteMap {
    rules: BTreeMap<u32, MapRule>,
}

#[derive(Debug, Default)]
pub(super) struct Policies {
    v4: HashMap<String, PrefixList>,
    v6: HashMap<String, PrefixList>,
    maps: HashMap<String, RouteMap>,
}

/// What a filter lets through, for bounding an advertisement.
#[derive(Debug, PartialEq)]
pub(super) enum Verdict {
    /// May be advertised; the rule line that lets it through.
    Permit(Option<Span>),
    Deny,
}

impl Policies {
    pub(super) fn statement(&mut self, cx: &mut Cx, st: &PathStatement) -> bool {
        let kind = st.word(1);
        let (Some(name), Some("rule"), Some(seq_w)) = (st.word(2), st.word(3), st.words.get(4))
        else {
            return matches!(kind, Some("prefix-list" | "prefix-list6" | "route-map"));
        };
        let Some(seq) = parse_digits(&seq_w.text) else {
            return false;
        };
        let rule_span = cx.line_of(seq_w.span.start);
        let attr = st.word(5);
        let val = st.word(6);
        match kind {
            Some(k @ ("prefix-list" | "prefix-list6")) => {
                let lists = if k == "prefix-list" {
                    &mut self.v4
                } else {
                    &mut self.v6
                };
                let rule = entry_or_default(lists, name)
                    .rules
                    .entry(seq)
                    .or_insert_with(|| PrefixRule {
                        span: rule_span,
                        ..PrefixRule::default()
                    });
                match (attr, val) {
                    (Some("action"), Some(a)) => {
                        rule.permit = match a {
                            "permit" => Some(true),
                            "deny" => Some(false),
                            _ => None,
                        };
                        true
                    }
                    (Some("prefix"), Some(p)) => {
                        match p.parse::<IpNet>() {
                            Ok(net) => rule.prefix = Some(Spanned::new(net.trunc(), st.span)),
                            Err(_) => cx.problem(
                                st.span,
                                format!("prefix-list {name} rule {seq}: `{p}` is not a prefix"),
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
            Some("route-map") => {
                let rule = entry_or_default(&mut self.maps, name)
                    .rules
                    .entry(seq)
                    .or_insert_with(|| MapRule {
                        span: rule_span,
                        ..MapRule::default()
                    });
                match (attr, val) {
                    (Some("action"), Some(a)) => {
                        rule.permit = match a {
                            "permit" => Some(true),
                            "deny" => Some(false),
                            _ => None,
                        };
                        true
                    }
                    (Some("match"), Some(family @ ("ip" | "ipv6")))
                        if st.word(7) == Some("address") && st.word(8) == Some("prefix-list") =>
                    {
                        let pl = st.word(9).unwrap_or("").to_string();
                        if family == "ip" {
                            rule.match_v4 = Some(pl);
                        } else {
                            rule.match_v6 = Some(pl);
                        }
                        true
                    }
                    (Some("match"), _) => {
                        rule.other_match = true;
                        true
                    }
                    (None, _)
                    | (Some("set" | "description" | "continue" | "call" | "on-match"), _) => true,
                    _ => false,
                }
            }
            _ => false,
        }
    }

    pub(super) fn has_prefix_list(&self, afi: Afi, name: &str) -> bool {
        match afi {
            Afi::Ipv4 => self.v4.contains_key(name),
            Afi::Ipv6 => self.v6.contains_key(name),
        }
    }

    pub(super) fn has_route_map(&self, name: &str) -> bool {
        self.maps.contains_key(name)
    }

    /// FRR: a prefix-list that does not exist denies; first matching rule decides; no match
    /// denies.
    pub(super) fn prefix_list(&self, afi: Afi, name: &str, p: &IpNet) -> Verdict {
        let list = match afi {
            Afi::Ipv4 => self.v4.get(name),
            Afi::Ipv6 => self.v6.get(name),
        };
        let Some(list) = list else {
            return Verdict::Deny;
        };
        for rule in list.rules.values() {
            let (Some(permit), Some(prefix)) = (rule.permit, &rule.prefix) else {
                continue;
            };
            if rule_matches(&prefix.value, rule.ge, rule.le, p) {
                return if permit {
                    Verdict::Permit(Some(rule.span))
                } else {
                    Verdict::Deny
                };
            }
        }
        Verdict::Deny
    }

    /// A route-map as an upper bound: conditions dxlint cannot evaluate count as matching for
    /// permit rules and as not matching for deny rules. A missing route-map denies (FRR).
    pub(super) fn route_map(&self, afi: Afi, name: &str, p: &IpNet) -> Verdict {
        let Some(map) = self.maps.get(name) else {
            return Verdict::Deny;
        };
        for rule in map.rules.values() {
            let Some(permit) = rule.permit else { continue };
            let list = match afi {
                Afi::Ipv4 => rule.match_v4.as_deref(),
                Afi::Ipv6 => rule.match_v6.as_deref(),
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
                Some(l) => matches!(self.prefix_list(afi, l, p), Verdict::Permit(_)),
                None => true,
            };
            let matched = if rule.other_match {
                by_list && permit // unknown condition: may match a permit, assume not a deny
            } else {
                by_list
            };
            if matched {
                return if permit {
                    Verdict::Permit(Some(rule.span))
                } else {
                    Verdict::Deny
                };
            }
        }
        Verdict::Deny
    }

    /// Positions (ascending) of the candidates some permit rule of the prefix-list matches:
    /// a superset of what it permits (an earlier deny rule may still catch them).
    pub(super) fn prefix_list_reach(
        &self,
        afi: Afi,
        name: &str,
        cands: &[Spanned<IpNet>],
        index: &PrefixIndex,
    ) -> Vec<usize> {
        let list = match afi {
            Afi::Ipv4 => self.v4.get(name),
            Afi::Ipv6 => self.v6.get(name),
        };
        let mut out = Vec::new();
        for rule in list.iter().flat_map(|l| l.rules.values()) {
            let (Some(true), Some(prefix)) = (rule.permit, &rule.prefix) else {
                continue;
            };
            out.extend(
                index
                    .inside(&prefix.value)
                    .filter(|&i| rule_matches(&prefix.value, rule.ge, rule.le, &cands[i].value)),
            );
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Positions (ascending) of the candidates some permit rule of the route-map can match;
    /// `None` when a permit rule matches without a prefix-list of this family.
    pub(super) fn route_map_reach(
        &self,
        afi: Afi,
        name: &str,
        cands: &[Spanned<IpNet>],
        index: &PrefixIndex,
    ) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        for rule in self.maps.get(name).iter().flat_map(|m| m.rules.values()) {
            if rule.permit != Some(true) {
                continue;
            }
            let (list, other) = match afi {
                Afi::Ipv4 => (rule.match_v4.as_deref(), rule.match_v6.is_some()),
                Afi::Ipv6 => (rule.match_v6.as_deref(), rule.match_v4.is_some()),
            };
            match list {
                Some(l) => out.extend(self.prefix_list_reach(afi, l, cands, index)),
                // `match ipv6 …` never matches an IPv4 route.
                None if other => {}
                None => return None,
            }
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    /// Every prefix a prefix-list can permit, when that is a finite list of exact prefixes
    /// (no `ge`/`le` widening); `None` when it permits ranges.
    pub(super) fn prefix_list_exact(&self, afi: Afi, name: &str) -> Option<Vec<Spanned<IpNet>>> {
        let list = match afi {
            Afi::Ipv4 => self.v4.get(name),
            Afi::Ipv6 => self.v6.get(name),
        };
        let Some(list) = list else {
            return Some(Vec::new()); // denies everything
        };
        let mut out = Vec::new();
        for rule in list.rules.values() {
            let (Some(true), Some(prefix)) = (rule.permit, &rule.prefix) else {
                continue;
            };
            let len = prefix.value.prefix_len();
            let widened = rule.ge.is_some_and(|g| g != len) || rule.le.is_some_and(|l| l != len);
            if widened {
                return None;
            }
            out.push(Spanned::new(prefix.value, rule.span));
        }
        Some(out)
    }

    /// Every prefix a route-map can permit, when each permit rule is bounded by an exact
    /// prefix-list of this family.
    pub(super) fn route_map_exact(&self, afi: Afi, name: &str) -> Option<Vec<Spanned<IpNet>>> {
        let Some(map) = self.maps.get(name) else {
            return Some(Vec::new());
        };
        let mut out = Vec::new();
        for rule in map.rules.values() {
            if rule.permit != Some(true) {
                continue;
            }
            let list = match afi {
                Afi::Ipv4 => rule.match_v4.as_deref(),
                Afi::Ipv6 => rule.match_v6.as_deref(),
            };
            match list {
                Some(l) => out.extend(self.prefix_list_exact(afi, l)?),
                None => {
                    let other = match afi {
                        Afi::Ipv4 => rule.match_v6.is_some(),
                        Afi::Ipv6 => rule.match_v4.is_some(),
                    };
                    if !other {
                        return None;
                    }
                }
            }
        }
        Some(out)
    }
}

/// FRR prefix-list entry semantics: the route lies inside the rule's prefix and its length is
/// exactly the rule's (no ge/le), or within [ge or len, le or max].
fn rule_matches(rule: &IpNet, ge: Option<u8>, le: Option<u8>, p: &IpNet) -> bool {
    let same_family = matches!(
        (rule, p),
        (IpNet::V4(_), IpNet::V4(_)) | (IpNet::V6(_), IpNet::V6(_))
    );
    if !same_family || !rule.contains(&p.network()) || p.prefix_len() < rule.prefix_len() {
        return false;
    }
    let len = p.prefix_len();
    match (ge, le) {
        (None, None) => len == rule.prefix_len(),
        (g, l) => {
            let lo = g.unwrap_or(rule.prefix_len());
            let hi = l.unwrap_or(p.max_prefix_len());
            lo <= len && len <= hi
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_rule_semantics() {
        let r: IpNet = "10.0.0.0/8".parse().unwrap();
        let p = |s: &str| s.parse::<IpNet>().unwrap();
        assert!(rule_matches(&r, None, None, &p("10.0.0.0/8")));
        assert!(!rule_matches(&r, None, None, &p("10.1.0.0/16")));
        assert!(rule_matches(&r, None, Some(24), &p("10.1.0.0/16")));
        assert!(!rule_matches(&r, None, Some(24), &p("10.1.1.0/25")));
        assert!(rule_matches(&r, Some(24), None, &p("10.1.1.128/25")));
        assert!(!rule_matches(&r, Some(24), None, &p("10.1.0.0/16")));
        assert!(!rule_matches(&r, None, Some(32), &p("11.0.0.0/8")));
        assert!(!rule_matches(&r, None, Some(32), &p("2001:db8::/32")));
    }
}

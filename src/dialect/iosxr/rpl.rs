//! RPL, as far as an outbound policy decides which prefixes leave: `prefix-set` and
//! `route-policy` with `pass`, `drop`, `done`, `set …` (which passes), `apply`, and
//! `if … then / elseif / else / endif` on `destination in SET` (named or inline), with
//! `not`, `and`, `or`. Any other condition makes the verdict unknown. A route that
//! reaches the end of a policy without being passed is dropped.
//!
//! A policy is kept as the span of its lines and interpreted from the text when asked
//! (a large PE has one policy per neighbor, each asked about once or twice: a statement
//! tree per policy cost more to build than to read the lines again).

use super::Context;
use crate::dialect::cisco::tokens::Line;
use crate::dialect::common::{parse_u32_digits, Named};
use crate::dialect::policy::{Offer, Route, RouteFilter, Verdict};
use crate::source::{Span, Spanned};
use ipnet::IpNet;

/// One `A/len [ge N] [le M] [eq N]` entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    net: IpNet,
    min: u8,
    max: u8,
    /// The line it is written on.
    span: Span,
}

impl Entry {
    fn parse(s: &str, span: Span) -> Option<Entry> {
        let mut words = s.split_whitespace();
        let net = super::prefix(words.next()?)?.trunc();
        let (mut min, mut max) = (net.prefix_len(), net.prefix_len());
        let full = net.max_prefix_len();
        while let Some(kw) = words.next() {
            let n = parse_u32_digits(words.next()?)?.min(u32::from(full)) as u8;
            match kw {
                "ge" => {
                    min = n;
                    max = max.max(full);
                }
                "le" => max = n,
                "eq" => (min, max) = (n, n),
                _ => return None,
            }
        }
        Some(Entry {
            net,
            min,
            max,
            span,
        })
    }

    fn matches(&self, p: &IpNet) -> bool {
        self.net.contains(p) && (self.min..=self.max).contains(&p.prefix_len())
    }

    fn exact(&self) -> bool {
        self.min == self.max && self.max == self.net.prefix_len()
    }
}

/// One route-policy as a filter of the shared policy engine (`dialect::policy`).
pub(crate) struct PolicyFilter<'a> {
    db: &'a Db,
    text: &'a str,
    name: &'a str,
}

impl RouteFilter for PolicyFilter<'_> {
    fn verdict(&self, route: Route<'_>) -> Verdict {
        self.db.verdict(self.text, self.name, route.prefix)
    }

    fn finite_permits(&self) -> Option<Vec<Spanned<IpNet>>> {
        self.db.finite_passes(self.text, self.name)
    }

    /// The offered routes the policy's finite list names: one search per prefix-set entry
    /// instead of the policy run on every offered route (every neighbor of a large PE has
    /// its own policy).
    fn reach(&self, offer: &Offer, out: &mut Vec<usize>) -> bool {
        let Some(list) = self.finite_permits() else {
            return false;
        };
        for p in list {
            let routes = offer.routes();
            out.extend(
                offer
                    .index()
                    .inside(&p.value)
                    .filter(|&j| routes[j].route.value == p.value),
            );
        }
        true
    }
}

#[derive(Default)]
pub(crate) struct Db {
    /// Each prefix-set's range in `entries`.
    sets: Named<(u32, u32)>,
    entries: Vec<Entry>,
    /// Each policy's body: the byte range of its lines in the text.
    policies: Named<Option<(u32, u32)>>,
}

/// `AO-OUT(12345, NONE)` → `AO-OUT`.
pub(crate) fn base_name(s: &str) -> &str {
    s.split('(').next().unwrap_or(s)
}

pub(super) fn read_prefix_set(cx: &mut Context, header: &Line) {
    let start = cx.rpl.entries.len() as u32;
    let mut cursor = cx.tree.child_cursor(0);
    while let Some(idx) = cursor.next(&cx.tree) {
        let l = cx.line(idx);
        for part in l.text.split(',') {
            let part = part.trim();
            if part.is_empty() || part.starts_with('#') || part == "end-set" {
                continue;
            }
            match Entry::parse(part, l.span) {
                Some(e) => cx.rpl.entries.push(e),
                None => cx.problem(
                    l.span,
                    format!(
                        "prefix-set {}: `{part}` is not `A/len [ge N] [le M]`",
                        header.word(1)
                    ),
                ),
            }
        }
    }
    let end = cx.rpl.entries.len() as u32;
    *cx.rpl.sets.entry(header.word(1)) = (start, end);
}

pub(super) fn read_policy(cx: &mut Context, header: &Line) {
    let nodes = &cx.tree.nodes;
    let body = (nodes.len() > 1).then(|| {
        (
            nodes[1].span.start() as u32,
            nodes[nodes.len() - 1].span.end() as u32,
        )
    });
    // Checked once here: every `if` closed.
    let mut depth = 0i32;
    for n in &nodes[1..] {
        match first_word(&cx.text[n.span.start()..n.span.end()]) {
            "if" => depth += 1,
            "endif" => depth -= 1,
            _ => {}
        }
    }
    if depth != 0 {
        cx.problem(
            header.span,
            format!(
                "route-policy {}: `if` and `endif` do not pair up",
                base_name(header.word(1))
            ),
        );
    }
    *cx.rpl.policies.entry(base_name(header.word(1))) = body;
}

fn first_word(line: &str) -> &str {
    line.split_whitespace().next().unwrap_or("")
}

/// The statement lines of a body (trimmed, blank and `#` comment lines skipped).
fn lines(text: &str, body: (u32, u32)) -> impl Iterator<Item = &str> {
    text.get(body.0 as usize..body.1 as usize)
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
}

/// `if COND then` / `elseif COND then` → COND.
fn condition<'s>(line: &'s str, kw: &str) -> &'s str {
    let s = line[kw.len()..].trim();
    s.strip_suffix("then").unwrap_or(s).trim()
}

/// The exact prefixes that guard a statement (`None`: any route reaches it).
type Guard<'d> = Option<&'d [Entry]>;

/// One open `if`: whether the enclosing code runs, whether an arm was taken, whether the
/// current arm runs.
#[derive(Clone, Copy, Default)]
struct Frame {
    outer: bool,
    taken: bool,
    active: bool,
}

impl Db {
    /// Policy `name` (of `text`) as a filter.
    pub(crate) fn filter<'a>(&'a self, text: &'a str, name: &'a str) -> PolicyFilter<'a> {
        PolicyFilter {
            db: self,
            text,
            name,
        }
    }

    pub(crate) fn has_policy(&self, name: &str) -> bool {
        self.policies.get(base_name(name)).is_some()
    }

    fn body(&self, name: &str) -> Option<Option<(u32, u32)>> {
        self.policies.get(base_name(name)).copied()
    }

    fn set(&self, name: &str) -> Option<&[Entry]> {
        self.sets
            .get(name)
            .map(|&(a, b)| &self.entries[a as usize..b as usize])
    }

    /// The verdict of policy `name` on prefix `p` (`Unknown` if undefined).
    pub(crate) fn verdict(&self, text: &str, name: &str, p: &IpNet) -> Verdict {
        let Some(body) = self.body(name) else {
            return Verdict::Unknown;
        };
        let mut passed = false;
        match self.run(text, body, p, &mut passed, 0) {
            Some(v) => v,
            None if passed => Verdict::Permit,
            None => Verdict::Deny,
        }
    }

    /// `Some` when the policy ends here (`drop`, `done`, or a verdict dxlint cannot know).
    fn run(
        &self,
        text: &str,
        body: Option<(u32, u32)>,
        p: &IpNet,
        passed: &mut bool,
        depth: u32,
    ) -> Option<Verdict> {
        let body = body?;
        if depth > 16 {
            return Some(Verdict::Unknown);
        }
        // Open `if`s, on the stack: policies nest a few deep (deeper: unknown).
        let mut frames = [Frame::default(); 16];
        let mut depth_if = 0;
        for line in lines(text, body) {
            let active = depth_if == 0 || frames[depth_if - 1].active;
            match first_word(line) {
                "if" => {
                    let c = if active {
                        match self.cond(condition(line, "if"), p) {
                            Some(c) => c,
                            None => return Some(Verdict::Unknown),
                        }
                    } else {
                        false
                    };
                    if depth_if == frames.len() {
                        return Some(Verdict::Unknown);
                    }
                    frames[depth_if] = Frame {
                        outer: active,
                        taken: c || !active,
                        active: c,
                    };
                    depth_if += 1;
                }
                "elseif" => {
                    let Some(f) = depth_if.checked_sub(1).map(|d| &mut frames[d]) else {
                        continue;
                    };
                    if f.outer && !f.taken {
                        match self.cond(condition(line, "elseif"), p) {
                            Some(c) => {
                                f.active = c;
                                f.taken = c;
                            }
                            None => return Some(Verdict::Unknown),
                        }
                    } else {
                        f.active = false;
                    }
                }
                "else" => {
                    if let Some(f) = depth_if.checked_sub(1).map(|d| &mut frames[d]) {
                        f.active = f.outer && !f.taken;
                        f.taken = true;
                    }
                }
                "endif" => depth_if = depth_if.saturating_sub(1),
                _ if !active => {}
                "pass" | "set" | "prepend" | "delete" | "remove" | "suppress-route"
                | "unsuppress-route" => *passed = true,
                "drop" => return Some(Verdict::Deny),
                "done" => return Some(Verdict::Permit),
                "apply" => {
                    let name = line.split_whitespace().nth(1).unwrap_or("");
                    let Some(inner) = self.body(name) else {
                        return Some(Verdict::Unknown);
                    };
                    // An applied policy's drop ends the caller too; its pass marks the route.
                    if let Some(v) = self.run(text, inner, p, passed, depth + 1) {
                        return Some(v);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Everything policy `name` can ever pass, when that is a finite list: each `pass`
    /// (or `set`, `done`) sits under `destination in` a set of exact prefixes. Bounds what
    /// an unbounded source (`redistribute ospf`) can send through it.
    pub(crate) fn finite_passes(&self, text: &str, name: &str) -> Option<Vec<Spanned<IpNet>>> {
        let body = self.body(name)??;
        let mut out = Vec::new();
        // Per open `if`: the guard around it and the guard of its current arm.
        let mut stack: [(Guard, Guard); 16] = [(None, None); 16];
        let mut open: usize = 0;
        for line in lines(text, body) {
            let guard = open.checked_sub(1).and_then(|d| stack[d].1);
            match first_word(line) {
                "if" => {
                    if open == stack.len() {
                        return None;
                    }
                    let g = self.exact_set(condition(line, "if")).or(guard);
                    stack[open] = (guard, g);
                    open += 1;
                }
                "elseif" => {
                    if let Some(f) = open.checked_sub(1).map(|d| &mut stack[d]) {
                        f.1 = self.exact_set(condition(line, "elseif")).or(f.0);
                    }
                }
                "else" => {
                    if let Some(f) = open.checked_sub(1).map(|d| &mut stack[d]) {
                        f.1 = f.0;
                    }
                }
                "endif" => open = open.saturating_sub(1),
                "pass" | "set" | "prepend" | "done" => {
                    out.extend(guard?.iter().map(|e| Spanned::new(e.net, e.span)));
                }
                "apply" => return None,
                _ => {}
            }
        }
        Some(out)
    }

    /// The entries of `destination in SET` when SET holds only exact prefixes.
    fn exact_set(&self, cond: &str) -> Option<&[Entry]> {
        let name = cond.strip_prefix("destination in ")?.trim();
        self.set(name).filter(|es| es.iter().all(Entry::exact))
    }

    fn cond(&self, s: &str, p: &IpNet) -> Option<bool> {
        let s = s.trim();
        // Outer parentheses around the whole condition.
        if s.starts_with('(') && matching_paren(s) == Some(s.len() - 1) {
            return self.cond(&s[1..s.len() - 1], p);
        }
        if let Some(at) = find_top(s, " or ") {
            return match (self.cond(&s[..at], p), self.cond(&s[at + 4..], p)) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            };
        }
        if let Some(at) = find_top(s, " and ") {
            return match (self.cond(&s[..at], p), self.cond(&s[at + 5..], p)) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
        }
        if let Some(rest) = s.strip_prefix("not ") {
            return self.cond(rest, p).map(|b| !b);
        }
        let rest = s.strip_prefix("destination in ")?.trim();
        if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            let mut any = false;
            for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                any |= Entry::parse(part, Span::new(0, 0))?.matches(p);
            }
            return Some(any);
        }
        self.set(rest).map(|set| set.iter().any(|e| e.matches(p)))
    }
}

fn matching_paren(s: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The first `sep` outside parentheses.
fn find_top(s: &str, sep: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0i32;
    for i in 0..b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' => depth -= 1,
            _ if depth == 0 && s[i..].starts_with(sep) => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn db(text: &str) -> (String, Db) {
        let src = SourceFile::new("r", text);
        (src.text.to_string(), super::super::rpl_db(&src))
    }

    #[test]
    fn if_elseif_else_not_and_or() {
        let (t, d) = db("prefix-set A\n  10.0.0.0/8 le 24\nend-set\nprefix-set B\n  192.0.2.0/24\nend-set\nroute-policy P\n  if destination in B then\n    drop\n  elseif not destination in A or destination in (198.51.100.0/24) then\n    pass\n  else\n    if destination in (10.1.0.0/16 le 32) and destination in A then\n      done\n    endif\n  endif\nend-policy\n");
        let v = |s: &str| d.verdict(&t, "P", &s.parse().unwrap());
        assert_eq!(v("192.0.2.0/24"), Verdict::Deny);
        assert_eq!(v("172.16.0.0/12"), Verdict::Permit);
        assert_eq!(v("10.1.2.0/24"), Verdict::Permit);
        assert_eq!(v("10.2.0.0/16"), Verdict::Deny);
        assert_eq!(
            d.verdict(&t, "NONE", &"10.0.0.0/8".parse().unwrap()),
            Verdict::Unknown
        );
        assert_eq!(d.finite_passes(&t, "P"), None);
    }

    #[test]
    fn unknown_conditions_and_finite_policies() {
        let (t, d) = db("prefix-set E\n  10.1.0.0/16,\n  10.2.0.0/16\nend-set\nroute-policy F\n  if destination in E then\n    set med 10\n  endif\nend-policy\nroute-policy C\n  if community matches-any X then\n    pass\n  endif\nend-policy\n");
        let f = d.finite_passes(&t, "F").unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(
            d.verdict(&t, "F", &"10.1.0.0/16".parse().unwrap()),
            Verdict::Permit
        );
        assert_eq!(
            d.verdict(&t, "C", &"10.1.0.0/16".parse().unwrap()),
            Verdict::Unknown
        );
    }
}

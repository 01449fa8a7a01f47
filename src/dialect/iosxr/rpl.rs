//! RPL, as far as an outbound policy decides which prefixes leave: `prefix-set` and
//! `route-policy` with `pass`, `drop`, `done`, `set …` (which passes), `apply`, and
//! `if … then / elseif / else / endif` on `destination in SET` (named or inline), with
//! `not`, `and`, `or`. Any other condition makes the verdict unknown. A route that
//! reaches the end of a policy without being passed is dropped.

use super::Context;
use crate::dialect::cisco::tokens::Line;
use crate::dialect::common::{parse_addr_mask, parse_u32_digits};
use crate::source::{Span, Spanned};
use ipnet::IpNet;
use std::collections::HashMap;

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
        let net = parse_addr_mask(words.next()?, None)?.trunc();
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
}

#[derive(Debug, Clone)]
enum Cond {
    /// Named prefix-set or inline entries.
    DestIn(String),
    DestInline(Vec<Entry>),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Unknown,
}

#[derive(Debug, Clone)]
enum Stmt {
    Pass,
    Drop,
    Done,
    /// `set …`, `prepend …`: modifies, and so passes, the route.
    Set,
    Apply(String),
    If {
        arms: Vec<(Cond, Vec<Stmt>)>,
        els: Vec<Stmt>,
    },
}

/// What a policy does with one prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Pass,
    Drop,
    Unknown,
}

#[derive(Default)]
pub(crate) struct Db {
    sets: HashMap<String, Vec<Entry>>,
    policies: HashMap<String, Vec<Stmt>>,
}

/// `AO-OUT(12345, NONE)` → `AO-OUT`.
pub(crate) fn base_name(s: &str) -> &str {
    s.split('(').next().unwrap_or(s)
}

pub(super) fn read_prefix_set(cx: &mut Context, header: &Line) {
    let name = header.word(1).to_string();
    let mut entries = Vec::new();
    for idx in 1..cx.tree.nodes.len() as u32 {
        let l = cx.line(idx);
        for part in l.text.split(',') {
            let part = part.trim();
            if part.is_empty() || part.starts_with('#') || part == "end-set" {
                continue;
            }
            match Entry::parse(part, l.span) {
                Some(e) => entries.push(e),
                None => cx.problem(
                    l.span,
                    format!("prefix-set {name}: `{part}` is not `A/len [ge N] [le M]`"),
                ),
            }
        }
    }
    cx.rpl.sets.insert(name, entries);
}

/// An open `if`: the arms closed so far, the open arm's statements, and its condition
/// (`None` once in `else`).
type Frame = (Vec<(Cond, Vec<Stmt>)>, Vec<Stmt>, Option<Cond>);

pub(super) fn read_policy(cx: &mut Context, header: &Line) {
    let name = base_name(header.word(1)).to_string();
    // Frames of open `if`s: (arms so far, statements of the open arm, in else).
    let mut top: Vec<Stmt> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    for idx in 1..cx.tree.nodes.len() as u32 {
        let l = cx.line(idx);
        let t = l.text.trim();
        let first = l.word(0);
        let current = |stack: &mut Vec<Frame>, top: &mut Vec<Stmt>, s: Stmt| match stack.last_mut()
        {
            Some(frame) => frame.1.push(s),
            None => top.push(s),
        };
        match first {
            "if" => {
                let cond = parse_cond(strip_then(&t[2..]), l.span);
                stack.push((Vec::new(), Vec::new(), Some(cond)));
            }
            "elseif" => {
                if let Some(frame) = stack.last_mut() {
                    let body = std::mem::take(&mut frame.1);
                    if let Some(c) = frame.2.take() {
                        frame.0.push((c, body));
                    }
                    frame.2 = Some(parse_cond(strip_then(&t[6..]), l.span));
                }
            }
            "else" => {
                if let Some(frame) = stack.last_mut() {
                    let body = std::mem::take(&mut frame.1);
                    if let Some(c) = frame.2.take() {
                        frame.0.push((c, body));
                    }
                }
            }
            "endif" => {
                if let Some((mut arms, body, cond)) = stack.pop() {
                    let els = match cond {
                        Some(c) => {
                            arms.push((c, body));
                            Vec::new()
                        }
                        None => body,
                    };
                    current(&mut stack, &mut top, Stmt::If { arms, els });
                }
            }
            "pass" => current(&mut stack, &mut top, Stmt::Pass),
            "drop" => current(&mut stack, &mut top, Stmt::Drop),
            "done" => current(&mut stack, &mut top, Stmt::Done),
            "apply" => current(
                &mut stack,
                &mut top,
                Stmt::Apply(base_name(l.word(1)).into()),
            ),
            "set" | "prepend" | "delete" | "remove" | "suppress-route" | "unsuppress-route" => {
                current(&mut stack, &mut top, Stmt::Set)
            }
            "end-policy" => {}
            _ => cx.model.stats.unknown += 1,
        }
    }
    if !stack.is_empty() {
        cx.problem(
            header.span,
            format!("route-policy {name}: an `if` without its `endif`"),
        );
    }
    cx.rpl.policies.insert(name, top);
}

fn strip_then(s: &str) -> &str {
    let s = s.trim();
    s.strip_suffix("then").unwrap_or(s).trim()
}

fn parse_cond(s: &str, span: Span) -> Cond {
    let s = s.trim();
    // Outer parentheses around the whole condition.
    if s.starts_with('(') && matching_paren(s) == Some(s.len() - 1) && !s.contains(" in (") {
        return parse_cond(&s[1..s.len() - 1], span);
    }
    if let Some(parts) = split_top(s, " or ") {
        return Cond::Or(parts.iter().map(|p| parse_cond(p, span)).collect());
    }
    if let Some(parts) = split_top(s, " and ") {
        return Cond::And(parts.iter().map(|p| parse_cond(p, span)).collect());
    }
    if let Some(rest) = s.strip_prefix("not ") {
        return Cond::Not(Box::new(parse_cond(rest, span)));
    }
    let Some(rest) = s.strip_prefix("destination in ") else {
        return Cond::Unknown;
    };
    let rest = rest.trim();
    if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        let entries: Option<Vec<Entry>> = inner
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| Entry::parse(p, span))
            .collect();
        return entries.map_or(Cond::Unknown, Cond::DestInline);
    }
    if rest.contains('$') || rest.contains(' ') {
        return Cond::Unknown;
    }
    Cond::DestIn(rest.to_string())
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

/// Split on `sep` outside parentheses; `None` when it does not occur there.
fn split_top<'s>(s: &'s str, sep: &str) -> Option<Vec<&'s str>> {
    let mut parts = Vec::new();
    let (mut depth, mut start, mut i) = (0i32, 0, 0);
    let b = s.as_bytes();
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' => depth -= 1,
            _ if depth == 0 && s[i..].starts_with(sep) => {
                parts.push(&s[start..i]);
                i += sep.len();
                start = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if parts.is_empty() {
        return None;
    }
    parts.push(&s[start..]);
    Some(parts)
}

impl Db {
    pub(crate) fn has_policy(&self, name: &str) -> bool {
        self.policies.contains_key(base_name(name))
    }

    /// The verdict of policy `name` on prefix `p` (`Unknown` if undefined).
    pub(crate) fn verdict(&self, name: &str, p: &IpNet) -> Verdict {
        let Some(body) = self.policies.get(base_name(name)) else {
            return Verdict::Unknown;
        };
        let mut passed = false;
        match self.run(body, p, &mut passed, 0) {
            Some(v) => v,
            None if passed => Verdict::Pass,
            None => Verdict::Drop,
        }
    }

    /// `Some` when the policy ends here (`drop`, `done`, or a verdict dxlint cannot know).
    fn run(&self, body: &[Stmt], p: &IpNet, passed: &mut bool, depth: u32) -> Option<Verdict> {
        if depth > 16 {
            return Some(Verdict::Unknown);
        }
        for s in body {
            match s {
                Stmt::Pass | Stmt::Set => *passed = true,
                Stmt::Drop => return Some(Verdict::Drop),
                Stmt::Done => return Some(Verdict::Pass),
                Stmt::Apply(name) => {
                    let Some(inner) = self.policies.get(name) else {
                        return Some(Verdict::Unknown);
                    };
                    // An applied policy's drop ends the caller too; its pass marks the route.
                    if let Some(v) = self.run(inner, p, passed, depth + 1) {
                        return Some(v);
                    }
                }
                Stmt::If { arms, els } => {
                    let mut taken = None;
                    for (c, b) in arms {
                        match self.cond(c, p) {
                            Some(true) => {
                                taken = Some(b);
                                break;
                            }
                            Some(false) => {}
                            None => return Some(Verdict::Unknown),
                        }
                    }
                    if let Some(v) = self.run(taken.unwrap_or(els), p, passed, depth + 1) {
                        return Some(v);
                    }
                }
            }
        }
        None
    }

    /// Everything policy `name` can ever pass, when that is a finite list: each `pass`
    /// (or `set`, `done`) sits under `destination in` a set of exact prefixes. Bounds what
    /// an unbounded source (`redistribute ospf`) can send through it.
    pub(crate) fn finite_passes(&self, name: &str) -> Option<Vec<Spanned<IpNet>>> {
        let body = self.policies.get(base_name(name))?;
        let mut out = Vec::new();
        self.finite(body, None, &mut out, 0)?;
        Some(out)
    }

    /// `guard`: the exact prefixes the enclosing conditions allow (`None`: any route).
    fn finite(
        &self,
        body: &[Stmt],
        guard: Option<&[Entry]>,
        out: &mut Vec<Spanned<IpNet>>,
        depth: u32,
    ) -> Option<()> {
        if depth > 16 {
            return None;
        }
        for s in body {
            match s {
                Stmt::Pass | Stmt::Set | Stmt::Done => {
                    let g = guard?;
                    out.extend(g.iter().map(|e| Spanned::new(e.net, e.span)));
                }
                Stmt::Drop => {}
                Stmt::Apply(_) => return None,
                Stmt::If { arms, els } => {
                    for (c, b) in arms {
                        let entries: Option<&[Entry]> = match c {
                            Cond::DestIn(n) => self.sets.get(n).map(Vec::as_slice),
                            Cond::DestInline(v) => Some(v.as_slice()),
                            _ => None,
                        };
                        let exact = entries.filter(|es| {
                            es.iter()
                                .all(|e| e.min == e.max && e.max == e.net.prefix_len())
                        });
                        self.finite(b, exact.or(guard), out, depth + 1)?;
                    }
                    self.finite(els, guard, out, depth + 1)?;
                }
            }
        }
        Some(())
    }

    fn cond(&self, c: &Cond, p: &IpNet) -> Option<bool> {
        match c {
            Cond::DestIn(name) => self
                .sets
                .get(name)
                .map(|set| set.iter().any(|e| e.matches(p))),
            Cond::DestInline(set) => Some(set.iter().any(|e| e.matches(p))),
            Cond::Not(c) => self.cond(c, p).map(|b| !b),
            Cond::And(cs) => {
                let mut all = Some(true);
                for c in cs {
                    match self.cond(c, p) {
                        Some(false) => return Some(false),
                        None => all = None,
                        Some(true) => {}
                    }
                }
                all
            }
            Cond::Or(cs) => {
                let mut any = Some(false);
                for c in cs {
                    match self.cond(c, p) {
                        Some(true) => return Some(true),
                        None => any = None,
                        Some(false) => {}
                    }
                }
                any
            }
            Cond::Unknown => None,
        }
    }
}

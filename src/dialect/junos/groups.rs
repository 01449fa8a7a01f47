//! Configuration groups: `groups NAME …` applied with `apply-groups` at any level.
//!
//! Junos semantics implemented here:
//! - `apply-groups G` at level `P` inherits the statements of `G` that lie under `P`;
//!   at the top level that is the whole group.
//! - Wildcards (`<*>`, `<ge-*>`, `<xe-[0-1]/*>`) in a group path only match objects the
//!   configuration already has; literal group paths create the configuration.
//! - Priority: the configuration itself beats every group; among groups, one applied at a
//!   deeper level beats one applied higher up, and in one `apply-groups [ a b ]` list the
//!   earlier group wins. The inherited statements are therefore emitted first, lowest
//!   priority first, and the extractor lets later statements override earlier ones.
//! - `apply-groups-except G` at a level stops `G` from applying there and below.
//!
//! Inherited statements keep the spans of the group's lines (the line that sets the value);
//! the words taken from the configuration keep theirs.

use crate::syntax::path::{PathStatement, Word};
use std::collections::{HashMap, HashSet};

pub(crate) struct Expanded<'a> {
    pub stmt: PathStatement<'a>,
    pub inherited: bool,
}

pub(crate) struct Expansion<'a> {
    pub statements: Vec<Expanded<'a>>,
}

struct Apply<'a> {
    /// The words of the level where `apply-groups` is configured.
    prefix: Vec<Word<'a>>,
    group: String,
    /// Position in its list, for priority.
    order: usize,
}

pub(crate) fn expand(statements: Vec<PathStatement<'_>>) -> Expansion<'_> {
    let mut group_stmts: HashMap<String, Vec<usize>> = HashMap::new();
    let mut applies: Vec<Apply> = Vec::new();
    let mut excepts: Vec<(Vec<String>, String)> = Vec::new();
    let mut main: Vec<usize> = Vec::with_capacity(statements.len());
    for (i, s) in statements.iter().enumerate() {
        let n = s.words.len();
        if s.word(0) == Some("groups") {
            if n >= 3 {
                if let Some(name) = s.word(1) {
                    group_stmts.entry(name.to_string()).or_default().push(i);
                }
            }
            continue;
        }
        if n >= 2 {
            match s.word(n - 2) {
                Some("apply-groups") => {
                    if !s.inactive {
                        let order = applies
                            .iter()
                            .filter(|a| same_words(&a.prefix, &s.words[..n - 2]))
                            .count();
                        applies.push(Apply {
                            prefix: s.words[..n - 2].to_vec(),
                            group: s.words[n - 1].text.to_string(),
                            order,
                        });
                    }
                    continue;
                }
                Some("apply-groups-except") => {
                    if !s.inactive {
                        excepts.push((
                            s.words[..n - 2]
                                .iter()
                                .map(|w| w.text.to_string())
                                .collect(),
                            s.words[n - 1].text.to_string(),
                        ));
                    }
                    continue;
                }
                _ => {}
            }
        }
        main.push(i);
    }
    let mut out: Vec<Expanded> = Vec::with_capacity(main.len());
    if !applies.is_empty() && !group_stmts.is_empty() {
        // Lowest priority first: shallow levels, and within one list the last group.
        applies.sort_by(|a, b| {
            a.prefix
                .len()
                .cmp(&b.prefix.len())
                .then(b.order.cmp(&a.order))
        });
        let mut by_first: HashMap<&str, Vec<usize>> = HashMap::new();
        for &i in &main {
            if let Some(w) = statements[i].word(0) {
                by_first.entry(w).or_default().push(i);
            }
        }
        for a in &applies {
            let Some(members) = group_stmts.get(&a.group) else {
                continue;
            };
            for &gi in members {
                let g = &statements[gi];
                let rest = &g.words[2..];
                let p = a.prefix.len();
                if rest.len() <= p
                    || !rest[..p]
                        .iter()
                        .zip(&a.prefix)
                        .all(|(gw, cw)| glob_word(&gw.text, &cw.text))
                {
                    continue;
                }
                let mut concrete: Vec<Word> = Vec::with_capacity(rest.len());
                concrete.extend_from_slice(&a.prefix);
                concrete.extend_from_slice(&rest[p..]);
                let last_wild = concrete.iter().rposition(|w| is_wildcard(&w.text));
                match last_wild {
                    None => {
                        if !excepted(&excepts, &a.group, &concrete) {
                            out.push(Expanded {
                                stmt: PathStatement {
                                    words: concrete,
                                    span: g.span,
                                    inactive: g.inactive,
                                },
                                inherited: true,
                            });
                        }
                    }
                    Some(lw) => {
                        let l = lw + 1;
                        let candidates: Box<dyn Iterator<Item = &usize>> =
                            if is_wildcard(&concrete[0].text) {
                                Box::new(main.iter())
                            } else {
                                match by_first.get(concrete[0].text.as_str()) {
                                    Some(v) => Box::new(v.iter()),
                                    None => Box::new(std::iter::empty()),
                                }
                            };
                        let mut seen: HashSet<Vec<&str>> = HashSet::new();
                        for &mi in candidates {
                            let m = &statements[mi];
                            if m.words.len() < l {
                                continue;
                            }
                            if !concrete[..l]
                                .iter()
                                .zip(&m.words)
                                .all(|(pw, cw)| glob_word(&pw.text, &cw.text))
                            {
                                continue;
                            }
                            let key: Vec<&str> =
                                m.words[..l].iter().map(|w| w.text.as_str()).collect();
                            if !seen.insert(key) {
                                continue;
                            }
                            let mut words = Vec::with_capacity(concrete.len());
                            words.extend_from_slice(&m.words[..l]);
                            words.extend_from_slice(&concrete[l..]);
                            if excepted(&excepts, &a.group, &words) {
                                continue;
                            }
                            out.push(Expanded {
                                stmt: PathStatement {
                                    words,
                                    span: g.span,
                                    inactive: g.inactive,
                                },
                                inherited: true,
                            });
                        }
                    }
                }
            }
        }
    }
    let mut statements = statements;
    for i in main {
        let stmt = std::mem::replace(
            &mut statements[i],
            PathStatement {
                words: Vec::new(),
                span: Default::default(),
                inactive: false,
            },
        );
        out.push(Expanded {
            stmt,
            inherited: false,
        });
    }
    Expansion { statements: out }
}

fn same_words(a: &[Word], b: &[Word]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.text == y.text)
}

fn excepted(excepts: &[(Vec<String>, String)], group: &str, words: &[Word]) -> bool {
    excepts.iter().any(|(q, g)| {
        g == group && q.len() <= words.len() && q.iter().zip(words).all(|(a, b)| *a == b.text)
    })
}

fn is_wildcard(w: &str) -> bool {
    w.len() >= 3 && w.starts_with('<') && w.ends_with('>')
}

/// A group word against a configuration word: literal, or a `<glob>`.
pub(crate) fn glob_word(pattern: &str, word: &str) -> bool {
    if is_wildcard(pattern) {
        glob(&pattern[1..pattern.len() - 1], word)
    } else {
        pattern == word
    }
}

/// `*` any run, `?` one character, `[a-c]`/`[!a-c]` a class. Iterative with one backtrack
/// point, so linear-ish and never recursive.
pub(crate) fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ti));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                '[' => {
                    if let Some((matched, next)) = class(&p, pi, t[ti]) {
                        if matched {
                            pi = next;
                            ti += 1;
                            continue;
                        }
                    } else if t[ti] == '[' {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
                c if c == t[ti] => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// A `[…]` class at `p[at]`: whether `c` matches and the index after `]`; `None` if the
/// class is not closed (then `[` is literal).
fn class(p: &[char], at: usize, c: char) -> Option<(bool, usize)> {
    let mut i = at + 1;
    let negate = matches!(p.get(i), Some('!') | Some('^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    while i < p.len() {
        if p[i] == ']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
            if p[i] <= c && c <= p[i + 2] {
                matched = true;
            }
            i += 3;
        } else {
            if p[i] == c {
                matched = true;
            }
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::set;

    fn run(text: &str) -> Vec<String> {
        let r = set::parse(text, &Default::default());
        expand(r.statements)
            .statements
            .iter()
            .map(|e| {
                let p = e
                    .stmt
                    .words
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if e.inherited {
                    format!("+ {p}")
                } else {
                    p
                }
            })
            .collect()
    }

    #[test]
    fn globs() {
        assert!(glob("*", "ge-0/0/1"));
        assert!(glob("ge-*", "ge-0/0/1"));
        assert!(!glob("ge-*", "xe-0/0/1"));
        assert!(glob("xe-[0-1]/*", "xe-1/0/3"));
        assert!(!glob("xe-[0-1]/*", "xe-2/0/3"));
        assert!(glob("*.0", "lo0.0"));
        assert!(glob("?e-*", "ge-1"));
        assert!(glob("[!x]e-*", "ge-1"));
        assert!(!glob("[!g]e-*", "ge-1"));
        assert!(glob("a[b", "a[b"));
        assert!(!glob("", "x"));
        assert!(glob("", ""));
    }

    #[test]
    fn top_level_literal_and_wildcard_groups() {
        let out = run("set groups G interfaces <ge-*> mtu 9192\nset groups G routing-options autonomous-system 65010\nset groups G interfaces <xe-*> mtu 1\nset apply-groups G\nset interfaces ge-0/0/1 unit 0 family inet address 10.0.0.1/30\nset interfaces ge-0/0/1 unit 1 vlan-id 5\nset interfaces ge-0/0/2 disable\n");
        assert_eq!(
            out,
            vec![
                "+ interfaces ge-0/0/1 mtu 9192",
                "+ interfaces ge-0/0/2 mtu 9192",
                "+ routing-options autonomous-system 65010",
                "interfaces ge-0/0/1 unit 0 family inet address 10.0.0.1/30",
                "interfaces ge-0/0/1 unit 1 vlan-id 5",
                "interfaces ge-0/0/2 disable",
            ]
        );
    }

    #[test]
    fn level_apply_priority_and_except() {
        let out = run("set groups A protocols bgp group <*> hold-time 30\nset groups B protocols bgp group <*> hold-time 60\nset groups C protocols bgp group <*> hold-time 90\nset apply-groups C\nset protocols bgp apply-groups [ A B ]\nset protocols bgp group AWS neighbor 169.254.100.1 peer-as 64512\nset protocols bgp group CORE neighbor 10.0.0.1 peer-as 65010\nset protocols bgp group CORE apply-groups-except A\n");
        // C (top level) first, then B, then A (A listed first wins: emitted last).
        assert_eq!(
            out,
            vec![
                "+ protocols bgp group AWS hold-time 90",
                "+ protocols bgp group CORE hold-time 90",
                "+ protocols bgp group AWS hold-time 60",
                "+ protocols bgp group CORE hold-time 60",
                "+ protocols bgp group AWS hold-time 30",
                "protocols bgp group AWS neighbor 169.254.100.1 peer-as 64512",
                "protocols bgp group CORE neighbor 10.0.0.1 peer-as 65010",
            ]
        );
    }

    #[test]
    fn no_groups_applied_keeps_config_only() {
        let out = run("set groups G system host-name x\nset system host-name y\n");
        assert_eq!(out, vec!["system host-name y"]);
    }
}

//! `set`-line configurations (Junos `show configuration | display set`, VyOS
//! `show configuration commands`, and command scripts) as path statements.
//!
//! `set interfaces ge-0/0/1 unit 101 vlan-id 101` becomes the statement
//! `interfaces ge-0/0/1 unit 101 vlan-id 101`, the same one the curly form yields, so one
//! extractor reads both. Also handled:
//!
//! - `deactivate P` marks every statement under `P` inactive (wherever it appears in the file;
//!   Junos prints these lines after the `set` lines), `activate P` undoes it;
//! - `delete P` removes the statements under `P` set so far (order matters, as on the CLI);
//! - `edit P` / `top` / `up [n]` / `exit` for scripts written in edit mode;
//! - `"double"` quotes with `\"` escapes, `'single'` quotes (VyOS), `[ a b ]` lists (one
//!   statement per element), `#` comment lines and trailing `## SECRET-DATA` annotations;
//! - capture artefacts: `{master:0}`, `[edit …]`, `user@host> …` lines; a configuration-mode
//!   prompt in front of a command (`user@host# set …`) is stripped.
//!
//! Lines that are none of these are counted in [`SetResult::unknown`] (never fatal).

use crate::source::Span;
pub use crate::syntax::curly::Deactivation;
use crate::syntax::curly::{is_artefact_line, is_prompt};
use crate::syntax::path::{Collect, Comment, PathStatement, Sink, Word};
use std::collections::HashMap;
use std::ops::ControlFlow;
use tokens::{tokenize, Previous};

mod tokens;

#[derive(Debug, Clone)]
pub struct SetOptions {
    /// `'single quoted'` words (VyOS prints values this way).
    pub single_quotes: bool,
}

impl Default for SetOptions {
    fn default() -> Self {
        SetOptions {
            single_quotes: true,
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct SetResult<'a> {
    /// Every statement (from [`parse`]; empty from [`parse_each`], which hands them over).
    pub statements: Vec<PathStatement<'a>>,
    pub comments: Vec<Comment>,
    pub problems: Vec<(Span, String)>,
    pub deactivated: Vec<Deactivation>,
    pub lines: usize,
    pub artefacts: usize,
    /// Non-empty lines that are neither commands dxlint knows nor comments nor artefacts.
    pub unknown: Vec<Span>,
}

/// Parse `set`/`deactivate`/`delete` lines into path statements.
pub fn parse<'a>(text: &'a str, opts: &SetOptions) -> SetResult<'a> {
    let mut whole = Whole {
        all: Collect {
            statements: Vec::with_capacity(text.len() / 50),
        },
        deactivated: Vec::new(),
    };
    let mut out = parse_each(text, opts, &mut whole).unwrap_or_default();
    out.statements = whole.all.statements;
    out.deactivated = whole.deactivated;
    mark_inactive(&mut out);
    out
}

/// The whole-file sink: keeps the statements and applies `delete`/`deactivate`/`activate`
/// to them in order, as the CLI would.
struct Whole<'a> {
    all: Collect<'a>,
    deactivated: Vec<Deactivation>,
}

impl<'a> Sink<'a> for Whole<'a> {
    fn statement(&mut self, st: &PathStatement<'a>) -> ControlFlow<()> {
        self.all.statement(st)
    }
    fn edit(&mut self, command: &str, path: Vec<String>, span: Span) -> ControlFlow<()> {
        match command {
            "deactivate" => self.deactivated.push(Deactivation { path, span }),
            "activate" => self.deactivated.retain(|d| d.path != path),
            _ => {
                self.all
                    .statements
                    .retain(|s| !starts_with(&s.words, &path));
                self.deactivated
                    .retain(|d| !(d.path.len() >= path.len() && d.path[..path.len()] == path[..]));
            }
        }
        ControlFlow::Continue(())
    }
}

/// Parse `set` lines, handing each statement and comment to `sink` as it is read, and each
/// `delete`/`deactivate`/`activate` to [`Sink::edit`]. `None` when the sink stopped the parser
/// (a streaming sink stops at the first such command). Inactive marks are left to the caller.
pub fn parse_each<'a, S: Sink<'a>>(
    text: &'a str,
    opts: &SetOptions,
    sink: &mut S,
) -> Option<SetResult<'a>> {
    let mut out = SetResult::default();
    // Edit-mode levels: how many words each `edit` pushed onto `prefix`.
    let mut levels: Vec<usize> = Vec::new();
    let mut prefix: Vec<Word<'a>> = Vec::new();
    // The tokens of the current line and the statement handed over, reused from line to line.
    let mut buf: Vec<Word<'a>> = Vec::with_capacity(16);
    let mut scratch: Vec<Word<'a>> = Vec::with_capacity(16);
    let mut problems = Vec::new();
    // The last line tokenized, whose leading words the next line may share.
    let mut previous = Previous::default();
    let mut offset = 0usize;
    for raw in crate::source::lines_inclusive(text) {
        let line_start = offset;
        offset += raw.len();
        out.lines += 1;
        let (lead, mut line) = trim_line(raw);
        let mut start = line_start + lead;
        if line.is_empty() {
            continue;
        }
        if line.starts_with('#') || line.starts_with("//") {
            let c = Comment {
                text: line.to_string(),
                span: Span::new(start, line.len()),
            };
            sink.comment(&c);
            out.comments.push(c);
            continue;
        }
        if line.starts_with("set ") {
            // The common line: neither a prompt (no `@` in its first word) nor an artefact.
        } else if is_prompt(line) {
            // `user@host# set …` (configuration mode): keep the command.
            let first = line.split_whitespace().next().unwrap_or("");
            let rest = line[first.len()..].trim_start();
            let rest = if first.ends_with(['>', '#', '%', '$']) {
                rest
            } else {
                rest.get(1..).unwrap_or("").trim_start()
            };
            let cmd = rest.split_whitespace().next().unwrap_or("");
            if first.ends_with('#')
                && matches!(cmd, "set" | "delete" | "deactivate" | "activate" | "edit")
            {
                start += line.len() - rest.len();
                line = rest;
            } else {
                out.artefacts += 1;
                continue;
            }
        } else if is_artefact_line(line, true) {
            out.artefacts += 1;
            continue;
        }
        problems.clear();
        let comments_before = out.comments.len();
        if prefix.is_empty() && line.starts_with("set ") {
            // The common line: its words after `set` are the statement, handed over as they
            // are tokenized (no copy into a second buffer).
            let toks = tokenize(
                &line[4..],
                start + 4,
                opts.single_quotes,
                &mut out.comments,
                &mut problems,
                std::mem::take(&mut buf),
                &mut previous,
            );
            forward_comments(sink, &out.comments[comments_before..]);
            out.problems.append(&mut problems);
            let span = Span::new(start, toks.end.saturating_sub(start));
            if toks.words.is_empty() && toks.list.is_none() {
                out.problems
                    .push((span, "`set` without a configuration path".into()));
                buf = toks.words;
                continue;
            }
            let flow = match toks.list {
                None => {
                    let st = PathStatement {
                        words: toks.words,
                        span,
                        inactive: false,
                    };
                    let flow = sink.statement(&st);
                    buf = st.words;
                    flow
                }
                // `at` in `emit` counts the command word too.
                Some((at, items)) => {
                    let list = Some((at + 1, items));
                    let flow = emit(sink, &mut scratch, &prefix, &toks.words, &list, span);
                    buf = toks.words;
                    flow
                }
            };
            if flow.is_break() {
                return None;
            }
            continue;
        }
        let toks = tokenize(
            line,
            start,
            opts.single_quotes,
            &mut out.comments,
            &mut problems,
            std::mem::take(&mut buf),
            &mut previous,
        );
        forward_comments(sink, &out.comments[comments_before..]);
        let Some((cmd, args)) = toks.words.split_first() else {
            buf = toks.words;
            continue;
        };
        if KNOWN_COMMANDS.contains(&cmd.text.as_str()) {
            out.problems.append(&mut problems);
        }
        let span = Span::new(start, toks.end.saturating_sub(start));
        match cmd.text.as_str() {
            "set" => {
                if args.is_empty() && toks.list.is_none() {
                    out.problems
                        .push((span, "`set` without a configuration path".into()));
                } else if emit(sink, &mut scratch, &prefix, args, &toks.list, span).is_break() {
                    return None;
                }
            }
            command @ ("deactivate" | "activate" | "delete") => {
                let mut path: Vec<String> = prefix.iter().map(|w| w.text.to_string()).collect();
                path.extend(args.iter().map(|w| w.text.to_string()));
                if let Some((_, items)) = &toks.list {
                    // `deactivate … members [ a b ]`: one path per element.
                    for item in items {
                        let mut p = path.clone();
                        p.push(item.text.to_string());
                        if sink.edit(command, p, span).is_break() {
                            return None;
                        }
                    }
                } else if sink.edit(command, path, span).is_break() {
                    return None;
                }
            }
            "edit" => {
                levels.push(args.len());
                prefix.extend_from_slice(args);
            }
            "top" => {
                levels.clear();
                prefix.clear();
            }
            "up" => {
                let n = args
                    .first()
                    .and_then(|w| w.text.parse::<usize>().ok())
                    .unwrap_or(1);
                for _ in 0..n {
                    if let Some(k) = levels.pop() {
                        prefix.truncate(prefix.len() - k);
                    }
                }
            }
            "exit" => {
                if let Some(k) = levels.pop() {
                    prefix.truncate(prefix.len() - k);
                }
            }
            _ => out.unknown.push(span),
        }
        buf = toks.words;
    }
    Some(out)
}

/// The line without its end and surrounding whitespace, and how many bytes were cut in
/// front. Nearly every line starts and ends with a printable ASCII byte: two byte tests
/// stand in for the Unicode-aware trims then.
fn trim_line(raw: &str) -> (usize, &str) {
    let b = raw.as_bytes();
    let mut end = b.len();
    for eol in [b'\n', b'\r'] {
        if end > 0 && b[end - 1] == eol {
            end -= 1;
        }
    }
    match (b.first(), end.checked_sub(1).map(|k| b[k])) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => (0, &raw[..end]),
        _ => (raw.len() - raw.trim_start().len(), raw.trim()),
    }
}

/// Trailing comments of a line (`set … ## SECRET-DATA`) reach the sink after the line is read.
fn forward_comments<'a, S: Sink<'a>>(sink: &mut S, comments: &[Comment]) {
    for c in comments {
        sink.comment(c);
    }
}

const KNOWN_COMMANDS: &[&str] = &[
    "set",
    "deactivate",
    "activate",
    "delete",
    "edit",
    "top",
    "up",
    "exit",
];

/// Hands one `set` line's statement(s) to the sink (a `[ a b ]` list is one per element).
fn emit<'a, S: Sink<'a>>(
    sink: &mut S,
    scratch: &mut Vec<Word<'a>>,
    prefix: &[Word<'a>],
    args: &[Word<'a>],
    list: &Option<(usize, Vec<Word<'a>>)>,
    span: Span,
) -> ControlFlow<()> {
    let mut send = |scratch: &mut Vec<Word<'a>>| {
        let st = PathStatement {
            words: std::mem::take(scratch),
            span,
            inactive: false,
        };
        let flow = sink.statement(&st);
        let mut words = st.words;
        words.clear();
        *scratch = words;
        flow
    };
    match list {
        Some((at, items)) if !items.is_empty() => {
            // `at` counts the command word too.
            let at = at.saturating_sub(1).min(args.len());
            for item in items {
                scratch.extend_from_slice(prefix);
                scratch.extend_from_slice(&args[..at]);
                scratch.push(item.clone());
                scratch.extend_from_slice(&args[at..]);
                send(scratch)?;
            }
            ControlFlow::Continue(())
        }
        _ => {
            if prefix.is_empty() && args.is_empty() {
                return ControlFlow::Continue(());
            }
            scratch.extend_from_slice(prefix);
            scratch.extend_from_slice(args);
            send(scratch)
        }
    }
}

fn starts_with(words: &[Word], path: &[String]) -> bool {
    path.len() <= words.len() && path.iter().zip(words).all(|(p, w)| *p == w.text)
}

fn word_hash(h: u64, w: &str) -> u64 {
    // FNV-1a over the word and a separator.
    let mut h = h;
    for &b in w.as_bytes().iter().chain(std::iter::once(&0xffu8)) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Mark statements under a `deactivate`d path inactive: one hash lookup per word.
fn mark_inactive(out: &mut SetResult<'_>) {
    if out.deactivated.is_empty() {
        return;
    }
    let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, d) in out.deactivated.iter().enumerate() {
        let h = d.path.iter().fold(FNV_OFFSET, |h, w| word_hash(h, w));
        by_hash.entry(h).or_default().push(i);
    }
    let root_inactive = out.deactivated.iter().any(|d| d.path.is_empty());
    for s in &mut out.statements {
        if root_inactive {
            s.inactive = true;
            continue;
        }
        let mut h = FNV_OFFSET;
        for (k, w) in s.words.iter().enumerate() {
            h = word_hash(h, &w.text);
            if let Some(ids) = by_hash.get(&h) {
                if ids.iter().any(|&i| {
                    out.deactivated[i].path.len() == k + 1
                        && starts_with(&s.words, &out.deactivated[i].path)
                }) {
                    s.inactive = true;
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(r: &SetResult) -> Vec<String> {
        r.statements.iter().map(PathStatement::display).collect()
    }

    fn p(text: &str) -> SetResult<'_> {
        parse(text, &SetOptions::default())
    }

    #[test]
    fn set_lines_become_paths_with_spans() {
        let text = "set interfaces ge-0/0/1 unit 101 vlan-id 101\r\n  set protocols bgp group AWS authentication-key \"$9$ab c\" ## SECRET-DATA\n";
        let r = p(text);
        assert_eq!(
            paths(&r),
            vec![
                "interfaces ge-0/0/1 unit 101 vlan-id 101",
                "protocols bgp group AWS authentication-key $9$ab c",
            ]
        );
        let s = &r.statements[1];
        assert_eq!(
            &text[s.span.start()..s.span.end()],
            "set protocols bgp group AWS authentication-key \"$9$ab c\""
        );
        assert_eq!(r.comments.len(), 1);
        assert_eq!(r.comments[0].text, "## SECRET-DATA");
        let w = &s.words[5];
        assert_eq!(&text[w.span.start()..w.span.end()], "\"$9$ab c\"");
        assert_eq!(r.lines, 2);
    }

    #[test]
    fn deactivate_marks_paths_wherever_they_are() {
        let r = p("set protocols bgp group AWS neighbor 169.254.100.1 peer-as 64512\nset protocols bgp group AWS neighbor 169.254.100.10 peer-as 64512\nset protocols bgp group AWS type external\ndeactivate protocols bgp group AWS neighbor 169.254.100.1\nset protocols bgp group AWS neighbor 169.254.100.1 description x\n");
        assert_eq!(
            paths(&r),
            vec![
                "! protocols bgp group AWS neighbor 169.254.100.1 peer-as 64512",
                "protocols bgp group AWS neighbor 169.254.100.10 peer-as 64512",
                "protocols bgp group AWS type external",
                "! protocols bgp group AWS neighbor 169.254.100.1 description x",
            ]
        );
        assert_eq!(r.deactivated.len(), 1);
        let r = p("set a b c\ndeactivate a b\nactivate a b\n");
        assert_eq!(paths(&r), vec!["a b c"]);
    }

    #[test]
    fn delete_removes_earlier_statements_only() {
        let r = p("set a b 1\nset a c 2\ndelete a b\nset a b 3\n");
        assert_eq!(paths(&r), vec!["a c 2", "a b 3"]);
    }

    #[test]
    fn vyos_single_quotes_and_lists() {
        let r = p("set interfaces ethernet eth0 description 'to AWS #1'\nset policy-options community C members [ 65000:1 65000:2 ]\n");
        assert_eq!(
            paths(&r),
            vec![
                "interfaces ethernet eth0 description to AWS #1",
                "policy-options community C members 65000:1",
                "policy-options community C members 65000:2",
            ]
        );
        assert!(r.comments.is_empty());
    }

    #[test]
    fn artefacts_prompts_and_edit_mode() {
        let text = "root@r1> show configuration | display set\n{master:0}\n[edit]\nroot@r1# set system host-name r1\nedit interfaces ge-0/0/1\nset unit 0 vlan-id 5\ntop\nset system ntp server 192.0.2.1\nshow configuration | display set | no-more\nbogus line here\n";
        let r = p(text);
        assert_eq!(
            paths(&r),
            vec![
                "system host-name r1",
                "interfaces ge-0/0/1 unit 0 vlan-id 5",
                "system ntp server 192.0.2.1",
            ]
        );
        assert_eq!(r.artefacts, 4);
        assert_eq!(r.unknown.len(), 1);
        let s = &r.statements[0];
        assert_eq!(
            &text[s.span.start()..s.span.end()],
            "set system host-name r1"
        );
    }

    #[test]
    fn words_kept_from_the_line_before_point_at_their_own_line() {
        // CRLF, tabs, a comment line, a `deactivate` and a list between lines that share
        // their leading words: every word's span must cover that word in its own line.
        let text = "set a b\tunit 10 x\r\nset a b unit 101 y\r\n# note\nset a b unit 101 \"q r\"\r\ndeactivate a b unit 101\nset a b unit 101 m [ p q ]\nset a b unit 101 z\n";
        let r = p(text);
        assert_eq!(
            paths(&r),
            vec![
                "a b unit 10 x",
                "! a b unit 101 y",
                "! a b unit 101 q r",
                "! a b unit 101 m p",
                "! a b unit 101 m q",
                "! a b unit 101 z",
            ]
        );
        for s in &r.statements {
            let line = &text[s.span.start()..s.span.end()];
            assert!(line.starts_with("set ") && !line.contains('\n'), "{line:?}");
            for w in &s.words {
                let raw = &text[w.span.start()..w.span.end()];
                assert_eq!(raw.trim_matches('"'), w.text, "{line:?}");
                assert!(s.span.start() <= w.span.start() && w.span.end() <= s.span.end());
            }
        }
        assert_eq!(r.comments.len(), 1);
    }

    #[test]
    fn lines_are_trimmed_like_the_unicode_trims() {
        for raw in [
            "",
            "\n",
            "\r\n",
            "x",
            "x\n",
            "set a b\r\n",
            " set a\t\n",
            "\tx \r\r\n",
            "é\n",
            "\u{a0}x\u{a0}\n",
            "x\u{2003}\n",
            "\u{b}x\u{c}",
            "a\r",
            " \n",
            "#\n",
        ] {
            let body = raw.trim_end_matches(['\n', '\r']);
            let want = (body.len() - body.trim_start().len(), body.trim());
            let got = trim_line(raw);
            // Where the line is blank the offset is never used.
            if !want.1.is_empty() {
                assert_eq!(got, want, "{raw:?}");
            }
            assert_eq!(got.1, want.1, "{raw:?}");
        }
    }

    #[test]
    fn malformed_lines_are_problems_not_panics() {
        let r = p("set a \"unterminated\nset b [ c d\nset\nset é 'ü\n\"\n[\n#");
        assert_eq!(r.problems.len(), 4, "{:?}", r.problems);
        assert!(paths(&r).contains(&"a unterminated".to_string()));
        assert!(paths(&r).contains(&"b c".to_string()));
        assert!(paths(&r).contains(&"é ü".to_string()));
    }
}

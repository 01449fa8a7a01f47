//! VyOS text → [`PathStatement`]s, for both forms, through the shared syntax layer
//! ([`crate::syntax::curly`] with VyOS options, [`crate::syntax::set`]):
//!
//! * `config.boot` (curly): one leaf per line (no `;`), `"…"` quoted values, `/* … */`
//!   comments (VyOS's per-node `comment` text, the 1.2 `/* === vyatta-config-version … === */`
//!   footer) and `// …` comments (the 1.3+ `// vyos-config-version: …` footer). An empty node
//!   (`loopback lo { }`, `network 10.0.0.0/8 { }`) is a statement of its own, as the `set` form
//!   writes it (`set interfaces loopback lo`).
//! * `set` commands (`show configuration commands`): `'…'` quoted values, `#` comments,
//!   `delete` applied in order, prompts and capture artefacts skipped.
//!
//! Both produce the same word paths (`interfaces ethernet eth1 vif 101 address …`), each word's
//! span pointing where it is written (in `config.boot` an enclosing node's words point at its
//! opening line). This module only decides which form a file is in.

use crate::source::Span;
use crate::syntax::curly::{self, CurlyOptions};
use crate::syntax::path::{Comment, PathStatement, Sink};
use crate::syntax::set::{self, SetOptions};

#[derive(Debug, Default)]
pub(crate) struct Parsed<'a> {
    pub statements: Vec<PathStatement<'a>>,
    pub comments: Vec<Comment>,
    /// Lines that are neither statements, comments nor capture artefacts.
    pub skipped: Vec<Span>,
    /// What the syntax layer could not read (unbalanced braces, unterminated quotes).
    pub problems: Vec<(Span, String)>,
}

/// Parse either form, deciding by the first meaningful line.
pub(crate) fn parse(text: &str) -> Parsed<'_> {
    if is_set_form(text) {
        let r = set::parse(
            text,
            &SetOptions {
                single_quotes: true,
            },
        );
        Parsed {
            statements: r.statements,
            comments: r.comments,
            skipped: r.unknown,
            problems: r.problems,
        }
    } else {
        let r = curly::parse(text, &CurlyOptions::vyos());
        Parsed {
            statements: r.statements,
            comments: r.comments,
            skipped: Vec::new(),
            problems: r.problems,
        }
    }
}

/// What the streaming parse leaves besides the statements it handed over.
pub(crate) struct Rest {
    pub comments: Vec<Comment>,
    pub skipped: Vec<Span>,
    pub problems: Vec<(Span, String)>,
}

/// Parse either form, handing each statement and comment to `sink` as it is read; `None`
/// when the parse stopped (a `delete` command, which a streaming reader cannot apply).
pub(crate) fn parse_each<'a, S: Sink<'a>>(text: &'a str, sink: &mut S) -> Option<Rest> {
    if is_set_form(text) {
        let r = set::parse_each(
            text,
            &SetOptions {
                single_quotes: true,
            },
            sink,
        )?;
        Some(Rest {
            comments: r.comments,
            skipped: r.unknown,
            problems: r.problems,
        })
    } else {
        let r = curly::parse_each(text, &CurlyOptions::vyos(), sink)?;
        Some(Rest {
            comments: r.comments,
            skipped: Vec::new(),
            problems: r.problems,
        })
    }
}

/// True when the first line that is neither blank nor a comment is a command (`set …`),
/// possibly behind a configuration-mode prompt (`vyos@r1# set …`).
pub(crate) fn is_set_form(text: &str) -> bool {
    let mut in_block_comment = false;
    for line in text.lines() {
        let t = line.trim();
        if in_block_comment {
            if t.contains("*/") {
                in_block_comment = false;
            }
            continue;
        }
        if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
            continue;
        }
        if t.starts_with("/*") {
            in_block_comment = !t.contains("*/");
            continue;
        }
        let cmd = match t.split_once("# ") {
            Some((prompt, rest)) if prompt.contains('@') && !prompt.contains(' ') => rest,
            _ => t,
        };
        let first = cmd.split_whitespace().next().unwrap_or("");
        return matches!(first, "set" | "delete" | "comment" | "edit");
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(p: &Parsed) -> Vec<String> {
        p.statements
            .iter()
            .map(|s| {
                s.words
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn curly_flattens_to_paths_with_spans() {
        let text = "interfaces {\n    ethernet eth1 {\n        vif 101 {\n            address 169.254.100.2/30\n            description \"to \\\"AWS\\\" dx\"\n        }\n    }\n    loopback lo {\n    }\n}\n// vyos-config-version: \"bgp@5\"\n";
        let p = parse(text);
        assert!(!is_set_form(text));
        assert_eq!(
            paths(&p),
            vec![
                "interfaces ethernet eth1 vif 101 address 169.254.100.2/30",
                "interfaces ethernet eth1 vif 101 description to \"AWS\" dx",
                "interfaces loopback lo",
            ]
        );
        let st = &p.statements[0];
        assert_eq!(
            &text[st.span.start()..st.span.end()],
            "address 169.254.100.2/30"
        );
        // The vif word points at its opening line.
        let vif = &st.words[4];
        assert_eq!(&text[vif.span.start()..vif.span.end()], "101");
        let empty = &p.statements[2];
        assert_eq!(&text[empty.span.start()..empty.span.end()], "loopback lo");
        assert_eq!(p.comments.len(), 1);
        assert!(p.comments[0].text.starts_with("// vyos-config-version"));
    }

    #[test]
    fn curly_block_comments_and_legacy_footer() {
        let text = "system {\n    /* the name */\n    host-name r1\n}\n/* Warning: Do not remove the following line. */\n/* === vyatta-config-version: \"quagga@6\" === */\n/* Release version: 1.2.5 */\n";
        let p = parse(text);
        assert_eq!(paths(&p), vec!["system host-name r1"]);
        assert_eq!(p.comments.len(), 4);
        assert_eq!(p.comments[0].text, "/* the name */");
    }

    #[test]
    fn set_form_quotes_and_comments() {
        let text = "# edge router\nset system host-name 'edge 1'\nset protocols bgp neighbor 169.254.100.1 password \"a\\\"b\"\r\ndelete protocols bgp neighbor 10.0.0.1\n\n  set interfaces ethernet eth1 vif 101\n";
        let p = parse(text);
        assert!(is_set_form(text));
        assert_eq!(
            paths(&p),
            vec![
                "system host-name edge 1",
                "protocols bgp neighbor 169.254.100.1 password a\"b",
                "interfaces ethernet eth1 vif 101",
            ]
        );
        assert_eq!(p.comments.len(), 1);
        assert!(p.skipped.is_empty()); // `delete` is a command the set layer applies
        let st = &p.statements[2];
        assert_eq!(
            &text[st.span.start()..st.span.end()],
            "set interfaces ethernet eth1 vif 101"
        );
        let w = &p.statements[0].words[2];
        assert_eq!(&text[w.span.start()..w.span.end()], "'edge 1'");
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "}}}{{{",
            "\"unterminated",
            "set a 'b",
            "set x \"\\",
            "/* open",
            "a { b { c",
            "é { ü \"ö\\é\" }",
            "set é 'ü",
            "",
            "\n\n",
            "//",
            "#",
        ] {
            let _ = parse(text);
        }
    }

    #[test]
    fn unclosed_curly_keeps_statements() {
        let p = parse("protocols {\n bgp 65010 {\n neighbor 1.1.1.1 {\n remote-as 1\n");
        assert_eq!(
            paths(&p),
            vec!["protocols bgp 65010 neighbor 1.1.1.1 remote-as 1"]
        );
    }
}

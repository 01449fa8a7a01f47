//! VyOS text → [`PathStatement`]s, for both forms:
//!
//! * `config.boot` (curly): `interfaces { ethernet eth1 { vif 101 { address 169.254.100.2/30 } } }`,
//!   one leaf per line (no `;`), `"…"` quoted values with `\"`/`\\` escapes, `/* … */` comments
//!   (also VyOS's per-node `comment` text and the 1.2 `/* === vyatta-config-version … === */`
//!   footer) and `// …` comments (the 1.3+ `// vyos-config-version: …` footer). An empty node
//!   (`loopback lo { }`, `network 10.0.0.0/8 { }`) becomes a statement of its own, as the `set`
//!   form writes it (`set interfaces loopback lo`).
//! * `set` commands (`show configuration commands`): one `set …` per line, `'…'` or `"…"` quoted
//!   values, `#` / `//` comment lines. `delete`/`comment`/other commands are counted as skipped.
//!
//! Both produce the same word paths (`interfaces ethernet eth1 vif 101 address 169.254.100.2/30`),
//! with each word's span pointing where it is written: in `config.boot` the words of an enclosing
//! node point at the node's opening line.
//!
//! This is the VyOS adapter over the shared syntax layer: it exists because VyOS needs a few
//! things a Junos-oriented brace parser does not (newline-terminated leaves, the `//` footer,
//! single-quoted `set` values). Linear in the input; never panics.

use crate::source::Span;
use crate::syntax::path::{Comment, PathStatement, Word};

#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub statements: Vec<PathStatement>,
    pub comments: Vec<Comment>,
    /// Lines that are commands other than `set` (e.g. `delete …`), or stray `}`.
    pub skipped: usize,
    pub set_form: bool,
}

/// Parse either form, deciding by the first meaningful line.
pub(crate) fn parse(text: &str) -> Parsed {
    if is_set_form(text) {
        parse_set(text)
    } else {
        parse_curly(text)
    }
}

/// True when the first line that is neither blank nor a comment is a command (`set …`).
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
        let first = t.split_whitespace().next().unwrap_or("");
        return matches!(first, "set" | "delete" | "comment");
    }
    false
}

// ------------------------------------------------------------------------------------- set form

fn parse_set(text: &str) -> Parsed {
    let mut out = Parsed {
        set_form: true,
        ..Parsed::default()
    };
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let lead = line.len() - line.trim_start().len();
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let start = line_start + lead;
        let span = Span::new(start, t.len());
        if t.starts_with('#') || t.starts_with("//") || (t.starts_with("/*") && t.ends_with("*/")) {
            out.comments.push(Comment {
                text: t.to_string(),
                span,
            });
            continue;
        }
        let words = tokenize_line(t, start);
        match words.first().map(|w| w.text.as_str()) {
            Some("set") if words.len() > 1 => out.statements.push(PathStatement {
                words: words.into_iter().skip(1).collect(),
                span,
                inactive: false,
            }),
            _ => out.skipped += 1,
        }
    }
    out
}

/// Split one `set` line into words; `'…'` and `"…"` group (the quotes are dropped from the
/// text, kept in the span). Backslash escapes apply inside double quotes only.
fn tokenize_line(line: &str, base: usize) -> Vec<Word> {
    let mut words = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut text = String::new();
        // A word may mix bare and quoted parts (`foo'bar baz'`), like a shell.
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            match bytes[i] {
                b'"' => {
                    let (s, close) = unescape_double(line, i + 1);
                    text.push_str(&s);
                    i = if close < bytes.len() {
                        close + 1
                    } else {
                        close
                    };
                }
                b'\'' => {
                    let seg_start = i + 1;
                    let close = line
                        .get(seg_start..)
                        .and_then(|r| r.find('\''))
                        .map(|p| p + seg_start)
                        .unwrap_or(bytes.len());
                    text.push_str(line.get(seg_start..close).unwrap_or(""));
                    i = if close < bytes.len() {
                        close + 1
                    } else {
                        close
                    };
                }
                _ => {
                    let seg_start = i;
                    while i < bytes.len()
                        && !bytes[i].is_ascii_whitespace()
                        && bytes[i] != b'\''
                        && bytes[i] != b'"'
                    {
                        i += 1;
                    }
                    text.push_str(&line[seg_start..i]);
                }
            }
        }
        words.push(Word {
            text,
            span: Span::new(base + start, i - start),
        });
    }
    words
}

/// Unescape a double-quoted string whose content starts at `start`; returns the text and the
/// index of the closing quote (or the end of input).
fn unescape_double(s: &str, start: usize) -> (String, usize) {
    let bytes = s.as_bytes();
    let mut out = String::new();
    let mut i = start;
    let mut seg = start;
    while i < bytes.len() && bytes[i] != b'"' {
        if bytes[i] == b'\\' && i + 1 < bytes.len() && matches!(bytes[i + 1], b'"' | b'\\') {
            out.push_str(&s[seg..i]);
            out.push(bytes[i + 1] as char);
            i += 2;
            seg = i;
            continue;
        }
        i += 1;
    }
    out.push_str(&s[seg..i.min(bytes.len())]);
    (out, i)
}

// ----------------------------------------------------------------------------------- curly form

struct Frame {
    /// Path length before this node's words were pushed.
    depth: usize,
    has_children: bool,
    /// Span of the node's own words on its opening line.
    open: Span,
}

fn parse_curly(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let bytes = text.as_bytes();
    let mut path: Vec<Word> = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut line_words: Vec<Word> = Vec::new();
    let mut i = 0usize;

    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' | b';' => {
                flush_leaf(&mut out, &path, &mut frames, &mut line_words);
                i += 1;
            }
            b' ' | b'\t' | b'\r' | 0x0b | 0x0c => i += 1,
            b'{' => {
                if let Some(parent) = frames.last_mut() {
                    parent.has_children = true;
                }
                let depth = path.len();
                let open = match (line_words.first(), line_words.last()) {
                    (Some(f), Some(l)) => Span::new(f.span.start, l.span.end() - f.span.start),
                    _ => Span::new(i, 1),
                };
                path.append(&mut line_words);
                frames.push(Frame {
                    depth,
                    has_children: false,
                    open,
                });
                i += 1;
            }
            b'}' => {
                flush_leaf(&mut out, &path, &mut frames, &mut line_words);
                match frames.pop() {
                    Some(frame) => {
                        if !frame.has_children && path.len() > frame.depth {
                            out.statements.push(PathStatement {
                                words: path.clone(),
                                span: frame.open,
                                inactive: false,
                            });
                        }
                        path.truncate(frame.depth);
                    }
                    None => out.skipped += 1,
                }
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = find_from(text, i + 2, "*/")
                    .map(|e| e + 2)
                    .unwrap_or(text.len());
                out.comments.push(Comment {
                    text: text[i..end].to_string(),
                    span: Span::new(i, end - i),
                });
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = line_end(text, i);
                out.comments.push(Comment {
                    text: text[i..end].trim_end().to_string(),
                    span: Span::new(i, text[i..end].trim_end().len()),
                });
                i = end;
            }
            b'#' if line_words.is_empty() => {
                let end = line_end(text, i);
                out.comments.push(Comment {
                    text: text[i..end].trim_end().to_string(),
                    span: Span::new(i, text[i..end].trim_end().len()),
                });
                i = end;
            }
            b'"' => {
                let (s, close) = unescape_double(text, i + 1);
                let end = if close < bytes.len() {
                    close + 1
                } else {
                    close
                };
                line_words.push(Word {
                    text: s,
                    span: Span::new(i, end - i),
                });
                i = end;
            }
            _ => {
                let start = i;
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t' | b'\r' | b'\n' | b'{' | b'}' | b';' | 0x0b | 0x0c
                    )
                {
                    i += 1;
                }
                line_words.push(Word {
                    text: text[start..i].to_string(),
                    span: Span::new(start, i - start),
                });
            }
        }
    }
    flush_leaf(&mut out, &path, &mut frames, &mut line_words);
    // Unclosed nodes at end of input: keep what they contained; an empty one still exists.
    while let Some(frame) = frames.pop() {
        if !frame.has_children && path.len() > frame.depth {
            out.statements.push(PathStatement {
                words: path.clone(),
                span: frame.open,
                inactive: false,
            });
        }
        path.truncate(frame.depth);
    }
    out
}

fn flush_leaf(out: &mut Parsed, path: &[Word], frames: &mut [Frame], line_words: &mut Vec<Word>) {
    if line_words.is_empty() {
        return;
    }
    if let Some(parent) = frames.last_mut() {
        parent.has_children = true;
    }
    let (first, last) = match (line_words.first(), line_words.last()) {
        (Some(f), Some(l)) => (f.span.start, l.span.end()),
        _ => return,
    };
    let mut words = Vec::with_capacity(path.len() + line_words.len());
    words.extend_from_slice(path);
    words.append(line_words);
    out.statements.push(PathStatement {
        words,
        span: Span::new(first, last - first),
        inactive: false,
    });
}

fn find_from(text: &str, from: usize, needle: &str) -> Option<usize> {
    text.get(from..)?.find(needle).map(|p| p + from)
}

fn line_end(text: &str, from: usize) -> usize {
    find_from(text, from, "\n").unwrap_or(text.len())
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
        assert!(!p.set_form);
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
            &text[st.span.start..st.span.end()],
            "address 169.254.100.2/30"
        );
        // The vif word points at its opening line.
        let vif = &st.words[4];
        assert_eq!(&text[vif.span.start..vif.span.end()], "101");
        let empty = &p.statements[2];
        assert_eq!(&text[empty.span.start..empty.span.end()], "loopback lo");
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
        assert!(p.set_form);
        assert_eq!(
            paths(&p),
            vec![
                "system host-name edge 1",
                "protocols bgp neighbor 169.254.100.1 password a\"b",
                "interfaces ethernet eth1 vif 101",
            ]
        );
        assert_eq!(p.comments.len(), 1);
        assert_eq!(p.skipped, 1);
        let st = &p.statements[2];
        assert_eq!(
            &text[st.span.start..st.span.end()],
            "set interfaces ethernet eth1 vif 101"
        );
        let w = &p.statements[0].words[2];
        assert_eq!(&text[w.span.start..w.span.end()], "'edge 1'");
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

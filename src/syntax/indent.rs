//! Indentation tree for Cisco-like configurations.
//!
//! Nodes live in one flat arena in document order; a node's subtree is the contiguous
//! range `index+1 .. end`, so walking children needs no per-node allocation.
//!
//! [`IndentReader`] yields one top-level section at a time into a reused tree, so a large
//! file never holds a tree of all its lines (it would be about as large as the text);
//! [`IndentTree::parse`] builds the whole-file tree from the same reader.

use crate::source::{find_newline, Span};

#[derive(Debug, Clone, Copy)]
pub struct Node {
    /// The line's content without indentation and trailing whitespace / CR.
    pub span: Span,
    /// One past the last node of this subtree.
    pub end: u32,
}

#[derive(Debug, Default)]
pub struct IndentTree {
    pub nodes: Vec<Node>,
    /// Comment lines (`!` …), for suppressions.
    pub comments: Vec<Span>,
    /// Lines skipped as banner text.
    pub banner_lines: usize,
    pub lines: usize,
}

/// How a dialect tells the builder about its comments and un-indented continuations.
pub struct IndentOptions {
    /// A line whose first non-blank character is one of these is a comment.
    pub comment_chars: &'static [char],
    /// For a line at column 0 directly after a section: should it be read as a child of
    /// that section (a pasted snippet that lost its indentation)? Gets (section, line).
    pub continues_section: fn(&str, &str) -> bool,
}

/// Reads a configuration one top-level section (a root line and its block) at a time.
pub struct IndentReader<'t> {
    text: &'t str,
    opts: &'t IndentOptions,
    offset: usize,
    banner_delim: Option<&'t str>,
    /// The first line of the next section (span, indent), read while closing the last.
    pending: Option<(Span, u32)>,
    /// Open ancestors (indent, node index) of the section being read; kept for its buffer.
    /// Effective indentation: a tab counts as one column (configs indent one level per
    /// character, and a tab-indented line among space-indented siblings is a sibling).
    stack: Vec<(u32, u32)>,
    /// Comment lines (`!` …) seen so far, for suppressions.
    pub comments: Vec<Span>,
    /// Lines skipped as banner text.
    pub banner_lines: usize,
    pub lines: usize,
    /// Statements (tree nodes) in the sections read so far.
    pub statements: usize,
}

impl<'t> IndentReader<'t> {
    pub fn new(text: &'t str, opts: &'t IndentOptions) -> Self {
        IndentReader {
            text,
            opts,
            offset: 0,
            banner_delim: None,
            pending: None,
            stack: Vec::with_capacity(16),
            comments: Vec::new(),
            banner_lines: 0,
            lines: 0,
            statements: 0,
        }
    }

    /// Read the next section into `out` (its nodes replaced; node 0 is the root).
    /// `false` at the end of the text.
    pub fn next_section(&mut self, out: &mut IndentTree) -> bool {
        out.nodes.clear();
        let Some((span, indent)) = self.pending.take().or_else(|| self.next_line()) else {
            return false;
        };
        out.nodes.push(Node { span, end: 1 });
        self.stack.clear();
        self.stack.push((indent, 0));
        // Un-indented continuations attach to a section whose header is at column 0.
        let header = (indent == 0).then(|| &self.text[span.start()..span.end()]);
        while let Some((span, raw_indent)) = self.next_line() {
            let mut indent = raw_indent;
            if indent == 0 {
                if let Some(h) = header {
                    if (self.opts.continues_section)(h, &self.text[span.start()..span.end()]) {
                        indent = 1;
                    }
                }
            }
            while let Some(&(d, idx)) = self.stack.last() {
                if d >= indent {
                    self.stack.pop();
                    out.nodes[idx as usize].end = out.nodes.len() as u32;
                } else {
                    break;
                }
            }
            if self.stack.is_empty() {
                // A new root: it opens the next section.
                self.pending = Some((span, indent));
                break;
            }
            let idx = out.nodes.len() as u32;
            out.nodes.push(Node { span, end: idx + 1 });
            self.stack.push((indent, idx));
        }
        let n = out.nodes.len() as u32;
        for &(_, idx) in &self.stack {
            out.nodes[idx as usize].end = n;
        }
        self.statements += out.nodes.len();
        true
    }

    /// The next statement line (span of its content, indentation), skipping blank lines,
    /// comments (recorded) and banner text.
    fn next_line(&mut self) -> Option<(Span, u32)> {
        let text = self.text;
        let bytes = text.as_bytes();
        while self.offset < bytes.len() {
            // Lines by a plain byte scan: `split_inclusive('\n')` costs several times more
            // per line, and this loop runs once per line of the file.
            let line_start = self.offset;
            self.offset =
                find_newline(&bytes[line_start..]).map_or(bytes.len(), |i| line_start + i + 1);
            self.lines += 1;
            // Line ends by bytes (`trim_end_matches` with a char pattern decodes UTF-8).
            let mut end = self.offset;
            while end > line_start && matches!(bytes[end - 1], b'\n' | b'\r') {
                end -= 1;
            }
            let line = &text[line_start..end];
            if let Some(delim) = self.banner_delim {
                self.banner_lines += 1;
                if line.contains(delim) {
                    self.banner_delim = None;
                }
                continue;
            }
            let (indent, content_off) = measure_indent(line);
            let content = &line[content_off..];
            // Most lines end in a visible ASCII character: skip the Unicode-aware trim.
            let content = match content.as_bytes().last() {
                Some(b) if b.is_ascii_graphic() => content,
                _ => content.trim_end(),
            };
            if content.is_empty() {
                continue;
            }
            let span = Span::new(line_start + content_off, content.len());
            if is_comment(content, self.opts.comment_chars) {
                self.comments.push(span);
                continue;
            }
            if let Some(delim) = banner_start(content) {
                self.banner_delim = Some(delim);
            }
            return Some((span, indent));
        }
        None
    }
}

/// The statement that follows byte offset `from` (the start of a line outside banner text),
/// as the tree would hold it: what a comment at `from` precedes.
pub fn next_statement(text: &str, from: usize, opts: &IndentOptions) -> Option<Span> {
    let mut r = IndentReader::new(text, opts);
    r.offset = from;
    r.next_line().map(|(span, _)| span)
}

impl IndentTree {
    /// The whole-file tree (tests and small inputs; the extractor reads sections).
    pub fn parse(text: &str, opts: &IndentOptions) -> IndentTree {
        let mut reader = IndentReader::new(text, opts);
        let mut section = IndentTree::default();
        let mut tree = IndentTree::default();
        while reader.next_section(&mut section) {
            let base = tree.nodes.len() as u32;
            tree.nodes.extend(section.nodes.iter().map(|n| Node {
                end: n.end + base,
                ..*n
            }));
        }
        tree.comments = reader.comments;
        tree.banner_lines = reader.banner_lines;
        tree.lines = reader.lines;
        tree
    }

    /// The children of node `idx` as a cursor that does not borrow the tree, so a reader
    /// can walk a block while it updates the state that holds the tree.
    pub fn child_cursor(&self, idx: u32) -> ChildCursor {
        ChildCursor {
            next: idx + 1,
            end: self.nodes[idx as usize].end,
        }
    }

    /// Indices of the top-level nodes.
    pub fn roots(&self) -> Children<'_> {
        Children {
            tree: self,
            next: 0,
            end: self.nodes.len() as u32,
        }
    }

    /// Indices of a node's direct children.
    pub fn children(&self, idx: u32) -> Children<'_> {
        Children {
            tree: self,
            next: idx + 1,
            end: self.nodes[idx as usize].end,
        }
    }

    pub fn span(&self, idx: u32) -> Span {
        self.nodes[idx as usize].span
    }
}

/// See [`IndentTree::child_cursor`].
#[derive(Clone, Copy, Debug)]
pub struct ChildCursor {
    next: u32,
    end: u32,
}

impl ChildCursor {
    pub fn next(&mut self, tree: &IndentTree) -> Option<u32> {
        if self.next >= self.end {
            return None;
        }
        let idx = self.next;
        self.next = tree.nodes[idx as usize].end;
        Some(idx)
    }
}

pub struct Children<'t> {
    tree: &'t IndentTree,
    next: u32,
    end: u32,
}

impl Iterator for Children<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.next >= self.end {
            return None;
        }
        let idx = self.next;
        self.next = self.tree.nodes[idx as usize].end;
        Some(idx)
    }
}

/// `content.starts_with(chars)` (content is not empty), by its first byte when that is
/// ASCII: the `&[char]` pattern decodes a char and runs once per statement line.
fn is_comment(content: &str, chars: &[char]) -> bool {
    match content.as_bytes().first() {
        Some(&b) if b.is_ascii() => chars.contains(&char::from(b)),
        _ => content.starts_with(chars),
    }
}

/// Leading spaces and tabs: the width (one column each) and where the content starts.
fn measure_indent(line: &str) -> (u32, usize) {
    let off = line
        .bytes()
        .position(|b| b != b' ' && b != b'\t')
        .unwrap_or(line.len());
    (off as u32, off)
}

/// `banner motd ^C` / `banner login #`: returns the closing delimiter when the banner
/// text continues on later lines.
fn banner_start(content: &str) -> Option<&str> {
    // Fast reject (runs on every line): a visible ASCII first character other than `b`
    // starts a first word that is not `banner`.
    if let Some(&c) = content.as_bytes().first() {
        if c.is_ascii_graphic() && c != b'b' {
            return None;
        }
    }
    let mut words = content.split_whitespace();
    if words.next()? != "banner" {
        return None;
    }
    let kind = words.next()?;
    let kind_pos = content.find(kind)? + kind.len();
    let rest = content[kind_pos..].trim_start();
    let delim = if rest.starts_with("^C") {
        "^C"
    } else {
        let c = rest.chars().next()?;
        &rest[..c.len_utf8()]
    };
    let after = &rest[delim.len()..];
    if after.contains(delim) {
        None
    } else {
        Some(delim)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never(_: &str, _: &str) -> bool {
        false
    }
    const OPTS: IndentOptions = IndentOptions {
        comment_chars: &['!'],
        continues_section: never,
    };

    fn text_of<'a>(src: &'a str, t: &IndentTree, i: u32) -> &'a str {
        let s = t.span(i);
        &src[s.start()..s.end()]
    }

    #[test]
    fn builds_nested_children_and_skips_comments_and_banners() {
        let src = "hostname r1\r\n!\r\nbanner motd ^C\r\nhello\r\n  router bgp 1\r\n^C\r\ninterface Gi1\r\n\tip address 10.0.0.1 255.255.255.0\r\n shutdown\r\nrouter bgp 65000\r\n address-family ipv4\r\n  neighbor 1.1.1.1 activate\r\n exit-address-family\r\nend\r\n";
        let t = IndentTree::parse(src, &OPTS);
        let roots: Vec<_> = t.roots().map(|i| text_of(src, &t, i)).collect();
        assert_eq!(
            roots,
            vec![
                "hostname r1",
                "banner motd ^C",
                "interface Gi1",
                "router bgp 65000",
                "end"
            ]
        );
        let iface = t.roots().nth(2).unwrap();
        let kids: Vec<_> = t.children(iface).map(|i| text_of(src, &t, i)).collect();
        assert_eq!(kids, vec!["ip address 10.0.0.1 255.255.255.0", "shutdown"]);
        let bgp = t.roots().nth(3).unwrap();
        let af = t.children(bgp).next().unwrap();
        let n: Vec<_> = t.children(af).map(|i| text_of(src, &t, i)).collect();
        assert_eq!(n, vec!["neighbor 1.1.1.1 activate"]);
        assert_eq!(t.comments.len(), 1);
        assert_eq!(t.banner_lines, 3);
    }

    #[test]
    fn comments_and_line_ends_by_byte_match_the_char_tests() {
        let opts = IndentOptions {
            comment_chars: &['!', '#', '…'],
            continues_section: never,
        };
        let src = "# hash\r\r\n…ellipsis comment\nééé\r\n  ! inner\nx\n\r\n";
        let t = IndentTree::parse(src, &opts);
        let roots: Vec<_> = t.roots().map(|i| text_of(src, &t, i)).collect();
        assert_eq!(roots, vec!["ééé", "x"]);
        let comments: Vec<_> = t
            .comments
            .iter()
            .map(|c| &src[c.start()..c.end()])
            .collect();
        assert_eq!(comments, vec!["# hash", "…ellipsis comment", "! inner"]);
        for (content, want) in [
            ("!x", true),
            ("#", true),
            ("…", true),
            ("é", false),
            ("x!", false),
        ] {
            assert_eq!(is_comment(content, opts.comment_chars), want, "{content:?}");
        }
    }

    #[test]
    fn unindented_continuations_attach_when_the_dialect_says_so() {
        fn bgp_child(header: &str, line: &str) -> bool {
            header.starts_with("router bgp") && line.starts_with("neighbor")
        }
        let opts = IndentOptions {
            comment_chars: &['!'],
            continues_section: bgp_child,
        };
        let src = "router bgp 1\nneighbor 1.1.1.1 remote-as 2\nhostname x\nneighbor 2.2.2.2 remote-as 3\n";
        let t = IndentTree::parse(src, &opts);
        let roots: Vec<_> = t.roots().map(|i| text_of(src, &t, i)).collect();
        assert_eq!(
            roots,
            vec!["router bgp 1", "hostname x", "neighbor 2.2.2.2 remote-as 3"]
        );
        assert_eq!(t.children(0).count(), 1);
    }

    #[test]
    fn reader_yields_one_section_at_a_time_and_finds_the_next_statement() {
        let src = "! top\nrouter bgp 1\n neighbor 1.1.1.1 remote-as 2\n\n  ! inner\n address-family ipv4\n  neighbor 1.1.1.1 activate\ninterface Gi1\n shutdown\n";
        let mut r = IndentReader::new(src, &OPTS);
        let mut sec = IndentTree::default();
        let mut headers = Vec::new();
        while r.next_section(&mut sec) {
            headers.push((text_of(src, &sec, 0).to_string(), sec.nodes.len()));
            assert_eq!(sec.nodes[0].end as usize, sec.nodes.len());
        }
        assert_eq!(
            headers,
            vec![
                ("router bgp 1".to_string(), 4),
                ("interface Gi1".to_string(), 2)
            ]
        );
        assert_eq!((r.statements, r.lines, r.comments.len()), (6, 9, 2));
        let after_inner = src.find(" address-family").unwrap();
        let next = next_statement(src, after_inner, &OPTS).unwrap();
        assert_eq!(&src[next.start()..next.end()], "address-family ipv4");
        assert!(next_statement(src, src.len(), &OPTS).is_none());
    }
}

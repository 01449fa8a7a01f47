//! Indentation tree for Cisco-like configurations.
//!
//! Nodes live in one flat arena in document order; a node's subtree is the contiguous
//! range `index+1 .. end`, so walking children needs no per-node allocation.

use crate::source::{find_newline, Span};

#[derive(Debug, Clone, Copy)]
pub struct Node {
    /// The line's content without indentation and trailing whitespace / CR.
    pub span: Span,
    /// Effective indentation (a tab counts as one column: configs indent one level per
    /// character, and a tab-indented line among space-indented siblings is a sibling).
    pub indent: u32,
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

impl IndentTree {
    pub fn parse(text: &str, opts: &IndentOptions) -> IndentTree {
        let mut tree = IndentTree {
            nodes: Vec::with_capacity(text.len() / 24),
            ..Default::default()
        };
        // Stack of (indent, node index) of open ancestors.
        let mut stack: Vec<(u32, u32)> = Vec::with_capacity(16);
        // The current top-level section, for un-indented continuations.
        let mut section: Option<u32> = None;
        let mut banner_delim: Option<&str> = None;
        let mut offset = 0usize;
        let bytes = text.as_bytes();
        while offset < bytes.len() {
            // Lines by a plain byte scan: `split_inclusive('\n')` costs several times more
            // per line, and this loop runs once per line of the file.
            let line_start = offset;
            offset = find_newline(&bytes[offset..]).map_or(bytes.len(), |i| offset + i + 1);
            let raw = &text[line_start..offset];
            tree.lines += 1;
            let line = raw.trim_end_matches(['\n', '\r']);
            if let Some(delim) = banner_delim {
                tree.banner_lines += 1;
                if line.contains(delim) {
                    banner_delim = None;
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
            if content.starts_with(opts.comment_chars) {
                tree.comments.push(span);
                continue;
            }
            if let Some(delim) = banner_start(content) {
                banner_delim = Some(delim);
            }
            let mut indent = indent;
            if indent == 0 {
                if let Some(sec) = section {
                    let header = &text[tree.nodes[sec as usize].span.start..]
                        [..tree.nodes[sec as usize].span.len];
                    if (opts.continues_section)(header, content) {
                        indent = 1;
                    } else {
                        section = None;
                    }
                }
            }
            while let Some(&(d, idx)) = stack.last() {
                if d >= indent {
                    stack.pop();
                    tree.nodes[idx as usize].end = tree.nodes.len() as u32;
                } else {
                    break;
                }
            }
            let idx = tree.nodes.len() as u32;
            tree.nodes.push(Node {
                span,
                indent,
                end: idx + 1,
            });
            if indent == 0 {
                section = Some(idx);
            }
            stack.push((indent, idx));
        }
        let n = tree.nodes.len() as u32;
        for (_, idx) in stack {
            tree.nodes[idx as usize].end = n;
        }
        tree
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

fn measure_indent(line: &str) -> (u32, usize) {
    let mut width = 0u32;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b' ' => width += 1,
            b'\t' => width += 1,
            _ => return (width, i),
        }
    }
    (width, line.len())
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
        &src[s.start..s.end()]
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
}

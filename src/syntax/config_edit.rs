//! The `config … / edit … / set … / next / end` block syntax (FortiOS and its relatives),
//! as a tree of statements. Words are unquoted (`"port1"` → `port1`, `\"` → `"`); a quoted
//! value may run over several lines (certificates, replacement messages). Lines starting
//! with `#` are comments (`#config-version=…`); so are lines starting with `!`, which no
//! device writes but AWS's sample configurations do.
//!
//! The reader is tolerant of what hand-edited and pasted configurations do: `end` closes
//! an `edit` left open, a stray `next` or `end` is ignored, and a `config` of a top-level
//! section (`config system …`, `config vpn …`, `config router …`) met inside an open
//! block closes the blocks left open before it (as the CLI would have refused to nest it).

use crate::source::Span;

/// What a statement is, by its first word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Config,
    Edit,
    Set,
    Unset,
    Append,
    /// Anything else (`show …`, `purge`, …): kept so nothing is silently lost.
    Other,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    /// The words after the keyword, unquoted (for `Other`, every word).
    pub words: Vec<String>,
    /// The statement's line(s).
    pub span: Span,
    /// Statements inside a `config` or `edit`.
    pub children: Vec<Node>,
}

impl Node {
    /// The first word after the keyword ("" when none).
    pub fn word(&self, i: usize) -> &str {
        self.words.get(i).map_or("", String::as_str)
    }

    /// The `config` child whose words are `path` (e.g. `["neighbor"]`).
    pub fn config(&self, path: &[&str]) -> impl Iterator<Item = &Node> {
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        self.children
            .iter()
            .filter(move |c| c.kind == Kind::Config && c.words == path)
    }

    /// The `set` statements of this block, by their key.
    pub fn sets(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter(|c| c.kind == Kind::Set)
    }

    /// The last `set KEY …` of this block (later settings win).
    pub fn set(&self, key: &str) -> Option<&Node> {
        self.sets().filter(|c| c.word(0) == key).last()
    }

    /// The `edit` entries of this block.
    pub fn edits(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter(|c| c.kind == Kind::Edit)
    }
}

/// The top-level `config` sections (and stray statements), plus comment spans.
#[derive(Debug, Default)]
pub struct Tree {
    pub roots: Vec<Node>,
    pub comments: Vec<Span>,
    /// Text the reader could not place (blocks nested deeper than [`MAX_DEPTH`]).
    pub problems: Vec<(Span, String)>,
    pub lines: usize,
    pub statements: usize,
}

impl Tree {
    /// Every top-level `config` section whose words are `path` (sections may repeat).
    pub fn sections<'t>(&'t self, path: &'t [&'t str]) -> impl Iterator<Item = &'t Node> {
        self.roots.iter().filter(move |n| {
            n.kind == Kind::Config
                && n.words.len() == path.len()
                && n.words.iter().zip(path).all(|(a, b)| a == b)
        })
    }
}

/// First words of `config` that open a top-level section.
const TOP: &[&str] = &[
    "system",
    "vpn",
    "router",
    "firewall",
    "user",
    "log",
    "antivirus",
    "webfilter",
    "ips",
    "application",
    "dlp",
    "report",
    "wireless-controller",
    "switch-controller",
    "certificate",
    "endpoint-control",
    "emailfilter",
    "spamfilter",
    "dnsfilter",
    "waf",
    "web-proxy",
    "wanopt",
    "alertemail",
    "voip",
    "icap",
    "authentication",
    "extender-controller",
    "global",
    "vdom",
];

/// Blocks nested deeper than this (no configuration nests more than a handful) are read as
/// part of the block around them, so hostile input cannot make the tree (and the recursion
/// that drops it) arbitrarily deep.
pub const MAX_DEPTH: usize = 64;

/// Parse the whole text.
pub fn parse(text: &str) -> Tree {
    let mut tree = Tree::default();
    // Open blocks, innermost last; a closed block is appended to its parent.
    let mut stack: Vec<Node> = Vec::new();
    let mut at = 0;
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let (words, span, next) = statement(text, at);
        at = next;
        tree.lines += 1;
        let Some(first) = words.first() else {
            continue;
        };
        if first.starts_with('#') || first.starts_with('!') {
            tree.comments.push(span);
            continue;
        }
        tree.statements += 1;
        let rest = words[1..].to_vec();
        match first.as_str() {
            "config" => {
                if rest.len() >= 2 && TOP.contains(&rest[0].as_str()) && rest[0] != "global" {
                    close_all(&mut stack, &mut tree.roots);
                }
                if stack.len() >= MAX_DEPTH {
                    too_deep(&mut tree, span);
                    continue;
                }
                stack.push(node(Kind::Config, rest, span));
            }
            "edit" => {
                // An `edit` straight after another one's settings closes it (no `next`).
                if stack.last().is_some_and(|n| n.kind == Kind::Edit) {
                    pop(&mut stack, &mut tree.roots);
                }
                if stack.len() >= MAX_DEPTH {
                    too_deep(&mut tree, span);
                    continue;
                }
                stack.push(node(Kind::Edit, rest, span));
            }
            "next" => {
                if stack.last().is_some_and(|n| n.kind == Kind::Edit) {
                    pop(&mut stack, &mut tree.roots);
                }
            }
            "end" => {
                // Close up to and including the innermost `config`.
                while let Some(top) = stack.last() {
                    let was_config = top.kind == Kind::Config;
                    pop(&mut stack, &mut tree.roots);
                    if was_config {
                        break;
                    }
                }
            }
            kw => {
                let kind = match kw {
                    "set" => Kind::Set,
                    "unset" => Kind::Unset,
                    "append" => Kind::Append,
                    _ => Kind::Other,
                };
                let words = if kind == Kind::Other { words } else { rest };
                let n = node(kind, words, span);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(n),
                    None => tree.roots.push(n),
                }
            }
        }
    }
    close_all(&mut stack, &mut tree.roots);
    tree
}

/// One problem for the first block past [`MAX_DEPTH`].
fn too_deep(tree: &mut Tree, span: Span) {
    if tree.problems.is_empty() {
        tree.problems.push((
            span,
            format!("blocks nested deeper than {MAX_DEPTH} levels are read as their parent"),
        ));
    }
}

fn node(kind: Kind, words: Vec<String>, span: Span) -> Node {
    Node {
        kind,
        words,
        span,
        children: Vec::new(),
    }
}

fn pop(stack: &mut Vec<Node>, roots: &mut Vec<Node>) {
    if let Some(n) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(n),
            None => roots.push(n),
        }
    }
}

fn close_all(stack: &mut Vec<Node>, roots: &mut Vec<Node>) {
    while !stack.is_empty() {
        pop(stack, roots);
    }
}

/// One statement from `at`: its words, the span of its text (without the line end and
/// surrounding blanks), and where the next one starts. A quoted word may contain newlines.
fn statement(text: &str, at: usize) -> (Vec<String>, Span, usize) {
    let b = text.as_bytes();
    let mut i = at;
    let mut words = Vec::new();
    let mut start = None;
    let mut end = at;
    loop {
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t' || b[i] == b'\r') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        if b[i] == b'\n' {
            i += 1;
            break;
        }
        start.get_or_insert(i);
        let mut w = String::new();
        if b[i] == b'"' || b[i] == b'\'' {
            let q = b[i];
            i += 1;
            let from = i;
            let mut seg = from;
            while i < b.len() && b[i] != q {
                if b[i] == b'\\' && i + 1 < b.len() {
                    w.push_str(&text[seg..i]);
                    i += 1;
                    seg = i;
                }
                i += 1;
            }
            w.push_str(&text[seg..i.min(b.len())]);
            i = (i + 1).min(b.len()); // the closing quote
        } else {
            let from = i;
            while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
                i += 1;
            }
            w.push_str(&text[from..i]);
        }
        end = i;
        // A comment runs to the end of the line.
        if words.is_empty() && (w.starts_with('#') || w.starts_with('!')) {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            end = i;
            words.push(w);
            continue;
        }
        words.push(w);
    }
    let s = start.unwrap_or(at);
    (words, Span::new(s, end.saturating_sub(s)), i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_blocks_quotes_and_comments() {
        let t = parse(
            "#config-version=FGT60F-7.2.5\nconfig router bgp\n    set as 65000\n    config neighbor\n        edit \"169.254.10.1\"\n            set remote-as 64512\n        next\n    end\nend\nconfig vpn certificate local\n    edit \"c\"\n        set certificate \"-----BEGIN\nline two\n-----END\"\n    next\nend\n",
        );
        assert_eq!(t.comments.len(), 1);
        let bgp = t.sections(&["router", "bgp"]).next().unwrap();
        assert_eq!(bgp.set("as").unwrap().word(1), "65000");
        let n = bgp
            .config(&["neighbor"])
            .next()
            .unwrap()
            .edits()
            .next()
            .unwrap();
        assert_eq!(n.word(0), "169.254.10.1");
        assert_eq!(n.set("remote-as").unwrap().word(1), "64512");
        let cert = t.sections(&["vpn", "certificate", "local"]).next().unwrap();
        let c = cert.edits().next().unwrap().set("certificate").unwrap();
        assert_eq!(c.word(1), "-----BEGIN\nline two\n-----END");
    }

    #[test]
    fn tolerates_missing_next_and_end() {
        // AWS's sample: `end` closing an `edit`, a section without `end`, `!` comments.
        let t = parse(
            "config vpn ipsec phase2-interface\n edit \"t1\"\n  set proposal aes128-sha1\n next\n! comment\nconfig system interface\n edit \"t1\"\n  set ip 169.254.255.2 255.255.255.255\n next\nconfig router bgp\n config neighbor\n  edit 169.254.255.1\n   set remote-as 7224\n  end\nend\nend\n",
        );
        assert_eq!(t.roots.len(), 3);
        assert!(t.sections(&["system", "interface"]).next().is_some());
        let bgp = t.sections(&["router", "bgp"]).next().unwrap();
        assert_eq!(bgp.config(&["neighbor"]).next().unwrap().edits().count(), 1);
    }

    #[test]
    fn hostile_nesting_is_bounded() {
        let text = "config a\n".repeat(200_000);
        let t = parse(&text);
        assert_eq!(t.problems.len(), 1);
        let mut depth = 0;
        let mut n = t.roots.first();
        while let Some(x) = n {
            depth += 1;
            n = x.children.first();
        }
        assert!(depth <= MAX_DEPTH, "{depth}");
    }

    #[test]
    fn escaped_quotes_and_unterminated_values_do_not_panic() {
        let t = parse("config system global\n set alias \"a \\\"b\\\"\"\n set x \"never closed\n");
        let g = t.sections(&["system", "global"]).next().unwrap();
        assert_eq!(g.set("alias").unwrap().word(1), "a \"b\"");
        assert_eq!(g.set("x").unwrap().word(1), "never closed\n");
    }
}

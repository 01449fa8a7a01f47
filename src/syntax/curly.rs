//! Brace tree (Junos curly configuration, VyOS `config.boot`), flattened to path statements.
//!
//! ```text
//! interfaces {                      interfaces ge-0/0/1 vlan-tagging
//!     ge-0/0/1 {               ──►  interfaces ge-0/0/1 unit 101 vlan-id 101
//!         vlan-tagging;             interfaces ge-0/0/1 unit 101 family inet address 169.254.100.2/30
//!         unit 101 {
//!             vlan-id 101;
//!             family inet address 169.254.100.2/30;
//! } } }
//! ```
//!
//! Every leaf (`…;`, or a line without `;` in VyOS) becomes one [`PathStatement`] holding the
//! words of all enclosing block headers followed by its own words; an empty block
//! (`family iso { }`) becomes a statement of its header. `[ a b c ]` lists expand to one
//! statement per element, as `display set` prints them.
//!
//! Also understood: `#`, `##` (Junos annotations such as `## SECRET-DATA`), `/* … */` and, when
//! enabled, `//` comments; quoted strings with `\"` and `\\` escapes; the `inactive:` tag
//! (statement and every sub-statement inactive, recorded in [`CurlyResult::deactivated`]);
//! `protect:`/`replace:` tags (ignored) and `delete:` (the statement is dropped); capture
//! artefacts (`{master:0}`, `[edit …]`, `user@host> …` prompt lines, `show configuration`
//! command lines, `---(more)---`).
//!
//! The parser is a single forward pass with an explicit stack (no recursion), so deeply nested
//! or unbalanced input cannot overflow; it never panics, reports what it could not read in
//! [`CurlyResult::problems`] and carries on. [`parse_each`] hands each statement to a
//! [`Sink`] as soon as it is complete (the statement's words are the open blocks' path plus
//! its own, borrowed from the text); [`parse`] collects them all.

use crate::source::Span;
use crate::syntax::path::{unescape, Collect, Comment, PathStatement, Sink, Text, Word};

/// Syntax switches that differ between the dialects that use braces.
#[derive(Debug, Clone)]
pub struct CurlyOptions {
    /// `//` at the start of a token starts a line comment (VyOS `// vyos-config-version`).
    pub slash_comments: bool,
    /// `'single quoted'` words (VyOS). Junos writes `O'Brien` unquoted, so off for Junos.
    pub single_quotes: bool,
    /// A line break ends a statement that has no `;` (VyOS leaves never have one; in Junos a
    /// header whose `{` sits on the next line still works).
    pub newline_ends_statement: bool,
    /// Blocks nested deeper than this are still matched but their statements are dropped
    /// (with one problem), which keeps the output linear in the input size.
    pub max_depth: usize,
}

impl Default for CurlyOptions {
    fn default() -> Self {
        CurlyOptions {
            slash_comments: true,
            single_quotes: false,
            newline_ends_statement: true,
            max_depth: 256,
        }
    }
}

impl CurlyOptions {
    pub fn junos() -> Self {
        CurlyOptions::default()
    }
    pub fn vyos() -> Self {
        CurlyOptions {
            single_quotes: true,
            ..CurlyOptions::default()
        }
    }
}

/// A path switched off with `inactive:` (curly) or `deactivate` (set form): every statement
/// whose words start with `path` is inactive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deactivation {
    pub path: Vec<String>,
    /// The tag and the header it applies to (`inactive: neighbor 192.0.2.1`), or the
    /// `deactivate …` line.
    pub span: Span,
}

#[derive(Debug, Default, Clone)]
pub struct CurlyResult<'a> {
    /// Every statement (from [`parse`]; empty from [`parse_each`], which hands them over).
    pub statements: Vec<PathStatement<'a>>,
    pub comments: Vec<Comment>,
    /// Text dxlint could not read (unbalanced braces, unterminated quotes …), with the place.
    pub problems: Vec<(Span, String)>,
    pub deactivated: Vec<Deactivation>,
    pub lines: usize,
    /// Lines skipped as capture artefacts.
    pub artefacts: usize,
}

/// Parse brace-structured text into flat path statements.
pub fn parse<'a>(text: &'a str, opts: &CurlyOptions) -> CurlyResult<'a> {
    let mut all = Collect {
        statements: Vec::with_capacity(text.len() / 40),
    };
    let mut out = parse_each(text, opts, &mut all).unwrap_or_default();
    out.statements = all.statements;
    out
}

/// Parse brace-structured text, handing each statement and comment to `sink` as it is read.
/// `None` when the sink stopped the parser.
pub fn parse_each<'a, S: Sink<'a>>(
    text: &'a str,
    opts: &CurlyOptions,
    sink: &mut S,
) -> Option<CurlyResult<'a>> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        opts,
        out: CurlyResult::default(),
        sink,
        scratch: Vec::with_capacity(32),
        stopped: false,
        path: Vec::with_capacity(32),
        frames: Vec::with_capacity(32),
        pending: Vec::with_capacity(8),
        pending_start: None,
        pending_end: 0,
        pending_inactive: false,
        pending_delete: false,
        list: None,
        pending_nl: false,
        line_start: true,
        depth_warned: false,
    };
    p.run();
    if p.stopped {
        return None;
    }
    p.out.lines = count_lines(text);
    Some(p.out)
}

fn count_lines(text: &str) -> usize {
    if text.is_empty() {
        return 0;
    }
    let nl = count_newlines(text.as_bytes());
    if text.ends_with('\n') {
        nl
    } else {
        nl + 1
    }
}

/// Newlines counted eight bytes at a time (exact: no carry between bytes).
fn count_newlines(bytes: &[u8]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0usize;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let y = u64::from_le_bytes(word) ^ NEWLINES;
        // The high bit of a byte of `t` is clear exactly where `y` has a zero byte.
        let t = ((y & LOW7) + LOW7) | y;
        n += (!t & !LOW7).count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

struct Frame {
    /// Length of `path` before this block's header words were pushed.
    path_len: usize,
    /// This block or an ancestor is `inactive:`.
    inactive: bool,
    /// Statements inside are not emitted (`delete:` tag, or nested beyond `max_depth`).
    dropped: bool,
    has_children: bool,
    header: Span,
}

/// An open `[ … ]` list in the pending statement.
struct ListState<'a> {
    /// Index in `pending` where the elements go.
    at: usize,
    items: Vec<Word<'a>>,
    open: usize,
    closed: bool,
}

struct Parser<'a, 'o, S> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    opts: &'o CurlyOptions,
    out: CurlyResult<'a>,
    sink: &'o mut S,
    /// The words of the statement being handed over (one buffer for all of them).
    scratch: Vec<Word<'a>>,
    /// The sink said stop.
    stopped: bool,
    path: Vec<Word<'a>>,
    frames: Vec<Frame>,
    pending: Vec<Word<'a>>,
    pending_start: Option<usize>,
    pending_end: usize,
    pending_inactive: bool,
    pending_delete: bool,
    list: Option<ListState<'a>>,
    /// The pending statement ended at a line break; it is a leaf unless `{` follows.
    pending_nl: bool,
    line_start: bool,
    depth_warned: bool,
}

/// Bytes that end a bare word: 1 always (blanks, line end, `;`, `{`, `}`), 2 inside a
/// `[ … ]` list (`]`).
static WORD_END: [u8; 256] = {
    let mut t = [0u8; 256];
    let always = [
        b' ', b'\t', b'\r', b'\x0b', b'\x0c', b'\n', b';', b'{', b'}',
    ];
    let mut k = 0;
    while k < always.len() {
        t[always[k] as usize] = 1;
        k += 1;
    }
    t[b']' as usize] = 2;
    t
};

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c')
}

impl<'a, S: Sink<'a>> Parser<'a, '_, S> {
    fn run(&mut self) {
        let len = self.bytes.len();
        while self.pos < len && !self.stopped {
            if self.line_start {
                self.line_start = false;
                if self.at_line_start() {
                    continue;
                }
            }
            let Some(&b) = self.bytes.get(self.pos) else {
                break;
            };
            match b {
                b'\n' => {
                    self.pos += 1;
                    self.line_start = true;
                    if self.opts.newline_ends_statement && self.has_pending() && !self.list_open() {
                        self.pending_nl = true;
                    }
                }
                _ if is_space(b) => self.pos += 1,
                b'#' => self.line_comment(),
                b'/' if self.peek(1) == Some(b'*') => self.block_comment(),
                b'/' if self.opts.slash_comments && self.peek(1) == Some(b'/') => {
                    self.line_comment()
                }
                b';' => {
                    self.pending_nl = false;
                    let end = self.pos + 1;
                    self.pos += 1;
                    self.close_list_implicitly(end);
                    self.emit_leaf(end);
                }
                b'{' => {
                    self.pending_nl = false;
                    self.open_block();
                }
                b'}' => {
                    self.flush_nl();
                    self.close_block();
                }
                b'[' if !self.list_open() => {
                    self.flush_nl();
                    self.mark_start(self.pos);
                    self.list = Some(ListState {
                        at: self.pending.len(),
                        items: Vec::new(),
                        open: self.pos,
                        closed: false,
                    });
                    self.pos += 1;
                }
                b']' if self.list_open() => {
                    if let Some(l) = self.list.as_mut() {
                        l.closed = true;
                    }
                    self.pos += 1;
                    self.pending_end = self.pos;
                }
                b'"' => {
                    self.flush_nl();
                    self.quoted_word(b'"');
                }
                b'\'' if self.opts.single_quotes => {
                    self.flush_nl();
                    self.quoted_word(b'\'');
                }
                _ => {
                    self.flush_nl();
                    self.bare_word();
                }
            }
        }
        self.finish();
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn has_pending(&self) -> bool {
        !self.pending.is_empty() || self.list.is_some()
    }

    fn list_open(&self) -> bool {
        self.list.as_ref().is_some_and(|l| !l.closed)
    }

    fn mark_start(&mut self, at: usize) {
        if self.pending_start.is_none() {
            self.pending_start = Some(at);
        }
    }

    /// A statement left pending at a line break is a leaf: emit it before the next token.
    fn flush_nl(&mut self) {
        if self.pending_nl {
            self.pending_nl = false;
            let end = self.pending_end;
            self.emit_leaf(end);
        }
    }

    fn line_end(&self, from: usize) -> usize {
        memchr::memchr(b'\n', self.bytes.get(from..).unwrap_or(&[]))
            .map_or(self.bytes.len(), |i| from + i)
    }

    /// Skips indentation and capture artefacts at the start of a line. Returns true when it
    /// consumed the whole line.
    fn at_line_start(&mut self) -> bool {
        while self.pos < self.bytes.len() && is_space(self.bytes[self.pos]) {
            self.pos += 1;
        }
        let Some(&first) = self.bytes.get(self.pos) else {
            return false;
        };
        if first == b'\n' {
            return false;
        }
        if self.pending_nl && first != b'{' {
            self.flush_nl();
        }
        if self.has_pending() {
            return false;
        }
        // Only lines that start like an artefact get the full test (it runs on every line).
        let rest = &self.bytes[self.pos..];
        let head = rest
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let maybe = matches!(first, b'{' | b'[' | b'-')
            || (self.frames.is_empty() && matches!(first, b's' | b'r'))
            || rest[..head].contains(&b'@');
        if !maybe {
            return false;
        }
        let end = self.line_end(self.pos);
        let line = self.text.get(self.pos..end).unwrap_or("").trim_end();
        if is_artefact_line(line, self.frames.is_empty()) {
            self.out.artefacts += 1;
            self.pos = end;
            return true;
        }
        false
    }

    fn line_comment(&mut self) {
        let start = self.pos;
        let end = self.line_end(start);
        let text = self.text.get(start..end).unwrap_or("").trim_end();
        self.comment(Comment {
            text: text.to_string(),
            span: Span::new(start, text.len()),
        });
        self.pos = end;
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        let body = start + 2;
        let end = match find_sub(&self.bytes[body..], b"*/") {
            Some(i) => body + i + 2,
            None => {
                self.out.problems.push((
                    Span::new(start, 2),
                    "comment opened with '/*' is never closed".into(),
                ));
                self.bytes.len()
            }
        };
        let text = self.text.get(start..end).unwrap_or("");
        self.comment(Comment {
            text: text.to_string(),
            span: Span::new(start, end - start),
        });
        self.line_start = false;
        self.pos = end;
    }

    fn bare_word(&mut self) {
        let start = self.pos;
        let in_list = self.list_open();
        // One table lookup per byte: every byte of every word passes here.
        let stop = if in_list { 1 | 2 } else { 1 };
        let i = self.bytes[start..]
            .iter()
            .position(|&b| WORD_END[b as usize] & stop != 0)
            .map_or(self.bytes.len(), |n| start + n);
        // Only ASCII bytes end a word, so `i` is on a character boundary.
        let text = self.text.get(start..i).unwrap_or("");
        self.pos = i.max(start + 1).min(self.bytes.len());
        if text.is_empty() {
            return;
        }
        if self.pending.is_empty() && self.list.is_none() {
            match text {
                "inactive:" => {
                    self.pending_inactive = true;
                    self.mark_start(start);
                    return;
                }
                "delete:" => {
                    self.pending_delete = true;
                    self.mark_start(start);
                    return;
                }
                "protect:" | "replace:" | "active:" | "unprotect:" => {
                    self.mark_start(start);
                    return;
                }
                _ => {}
            }
        }
        let text = Text::from(text);
        self.push_word(Word {
            text,
            span: Span::new(start, i - start),
        });
    }

    fn quoted_word(&mut self, quote: u8) {
        let start = self.pos;
        let mut i = start + 1;
        let mut has_escape = false;
        let mut closed = None;
        while i < self.bytes.len() {
            let b = self.bytes[i];
            if b == b'\\' && i + 1 < self.bytes.len() && self.bytes[i + 1] != b'\n' {
                has_escape = true;
                i += 2;
                continue;
            }
            if b == quote {
                closed = Some(i);
                break;
            }
            if b == b'\n' {
                break;
            }
            i += 1;
        }
        let (content_end, end) = match closed {
            Some(c) => (c, c + 1),
            None => {
                let mut e = i;
                while e > start + 1 && self.bytes[e - 1] == b'\r' {
                    e -= 1;
                }
                self.out.problems.push((
                    Span::new(start, e - start),
                    "quoted string is not closed on this line".into(),
                ));
                (e, e)
            }
        };
        let raw = self.text.get(start + 1..content_end).unwrap_or("");
        let text: Text = if has_escape {
            unescape(raw, &['"', '\\', '\'']).into()
        } else {
            Text::from(raw)
        };
        self.pos = end.max(start + 1);
        self.push_word(Word {
            text,
            span: Span::new(start, end - start),
        });
    }

    fn push_word(&mut self, w: Word<'a>) {
        self.pending_end = w.span.end();
        self.mark_start(w.span.start());
        match self.list.as_mut() {
            Some(l) if !l.closed => l.items.push(w),
            _ => self.pending.push(w),
        }
    }

    fn close_list_implicitly(&mut self, at: usize) {
        if let Some(l) = self.list.as_mut() {
            if !l.closed {
                l.closed = true;
                let open = l.open;
                self.out.problems.push((
                    Span::new(open, at.saturating_sub(open).max(1)),
                    "list opened with '[' is not closed before the end of the statement".into(),
                ));
            }
        }
    }

    fn reset_pending(&mut self) {
        self.pending.clear();
        self.pending_start = None;
        self.pending_inactive = false;
        self.pending_delete = false;
        self.list = None;
        self.pending_nl = false;
    }

    fn top_state(&self) -> (bool, bool) {
        self.frames
            .last()
            .map_or((false, false), |f| (f.inactive, f.dropped))
    }

    /// Hands over the statement that is `path` itself (its first `keep` words are the
    /// enclosing blocks', the rest were pushed for this statement: nothing is copied), then
    /// cuts `path` back to `keep` words.
    fn send_path(&mut self, keep: usize, span: Span, inactive: bool) {
        if !self.stopped {
            let st = PathStatement {
                words: std::mem::take(&mut self.path),
                span,
                inactive,
            };
            if self.sink.statement(&st).is_break() {
                self.stopped = true;
            }
            self.path = st.words;
        }
        self.path.truncate(keep);
    }

    /// Hands the statement in `scratch` to the sink and takes the buffer back.
    fn send(&mut self, span: Span, inactive: bool) {
        if self.stopped {
            self.scratch.clear();
            return;
        }
        let st = PathStatement {
            words: std::mem::take(&mut self.scratch),
            span,
            inactive,
        };
        if self.sink.statement(&st).is_break() {
            self.stopped = true;
        }
        let mut words = st.words;
        words.clear();
        self.scratch = words;
    }

    fn comment(&mut self, c: Comment) {
        self.sink.comment(&c);
        if self.sink.keep_comments() {
            self.out.comments.push(c);
        }
    }

    fn emit_leaf(&mut self, end: usize) {
        if !self.has_pending() {
            self.reset_pending();
            return;
        }
        let start = self.pending_start.unwrap_or(end);
        let span = Span::new(start, end.saturating_sub(start));
        if let Some(f) = self.frames.last_mut() {
            f.has_children = true;
        }
        let (parent_inactive, dropped) = self.top_state();
        if dropped || self.pending_delete {
            self.reset_pending();
            return;
        }
        let inactive = parent_inactive || self.pending_inactive;
        let mut words = std::mem::take(&mut self.pending);
        let list = self.list.take();
        if self.pending_inactive {
            let mut path: Vec<String> = self.path.iter().map(|w| w.text.to_string()).collect();
            path.extend(words.iter().map(|w| w.text.to_string()));
            if let Some(l) = &list {
                // `inactive: members [ a b ]`: the whole list is inactive.
                path.truncate(self.path.len() + l.at);
            }
            let tag_end = self.pending_end.max(start);
            self.out.deactivated.push(Deactivation {
                path,
                span: Span::new(start, tag_end - start),
            });
        }
        match list {
            Some(l) if !l.items.is_empty() => {
                let at = l.at.min(words.len());
                for item in l.items {
                    self.scratch.extend_from_slice(&self.path);
                    self.scratch.extend_from_slice(&words[..at]);
                    self.scratch.push(item);
                    self.scratch.extend_from_slice(&words[at..]);
                    self.send(span, inactive);
                }
            }
            _ => {
                if !words.is_empty() {
                    let keep = self.path.len();
                    self.path.append(&mut words);
                    self.send_path(keep, span, inactive);
                }
            }
        }
        // Keep the buffer's capacity for the next statement.
        words.clear();
        self.pending = words;
        self.reset_pending();
    }

    fn open_block(&mut self) {
        let brace = self.pos;
        self.pos += 1;
        self.close_list_implicitly(brace);
        let mut header_words = std::mem::take(&mut self.pending);
        if let Some(l) = self.list.take() {
            let at = l.at.min(header_words.len());
            let tail = header_words.split_off(at);
            header_words.extend(l.items);
            header_words.extend(tail);
        }
        let start = self.pending_start.unwrap_or(brace);
        let header_end = header_words.last().map_or(start, |w| w.span.end());
        let header = Span::new(start, header_end.saturating_sub(start));
        let (parent_inactive, parent_dropped) = self.top_state();
        if let Some(f) = self.frames.last_mut() {
            f.has_children = true;
        }
        let mut dropped = parent_dropped || self.pending_delete;
        if self.frames.len() >= self.opts.max_depth && !dropped {
            dropped = true;
            if !self.depth_warned {
                self.depth_warned = true;
                self.out.problems.push((
                    Span::new(brace, 1),
                    format!(
                        "blocks nested deeper than {} levels; their statements are ignored",
                        self.opts.max_depth
                    ),
                ));
            }
        }
        let inactive = parent_inactive || self.pending_inactive;
        let path_len = self.path.len();
        if !dropped {
            if self.pending_inactive {
                let mut path: Vec<String> = self.path.iter().map(|w| w.text.to_string()).collect();
                path.extend(header_words.iter().map(|w| w.text.to_string()));
                self.out
                    .deactivated
                    .push(Deactivation { path, span: header });
            }
            self.path.append(&mut header_words);
        }
        self.frames.push(Frame {
            path_len,
            inactive,
            dropped,
            has_children: false,
            header,
        });
        self.reset_pending();
    }

    fn close_block(&mut self) {
        let brace = self.pos;
        self.pos += 1;
        if self.has_pending() {
            self.close_list_implicitly(brace);
            let end = self.pending_end.max(self.pending_start.unwrap_or(brace));
            self.emit_leaf(end);
        }
        let Some(frame) = self.frames.pop() else {
            self.out
                .problems
                .push((Span::new(brace, 1), "'}' without a matching '{'".into()));
            return;
        };
        self.end_frame(frame);
    }

    fn end_frame(&mut self, frame: Frame) {
        if !frame.has_children && !frame.dropped && self.path.len() > frame.path_len {
            self.send_path(self.path.len(), frame.header, frame.inactive);
        }
        if !frame.dropped {
            self.path.truncate(frame.path_len);
        }
    }

    fn finish(&mut self) {
        if self.stopped {
            return;
        }
        if self.has_pending() {
            let eof = self.bytes.len();
            self.close_list_implicitly(eof);
            let end = self.pending_end.max(self.pending_start.unwrap_or(eof));
            self.emit_leaf(end);
        }
        if let Some(inner) = self.frames.last() {
            let n = self.frames.len();
            let msg = if n == 1 {
                "block opened here is never closed (missing '}')".to_string()
            } else {
                format!("{n} blocks are never closed (missing '}}'); the innermost opens here")
            };
            let span = if inner.header.is_empty() {
                Span::new(inner.header.start(), 1)
            } else {
                inner.header
            };
            self.out.problems.push((span, msg));
        }
        while let Some(frame) = self.frames.pop() {
            self.end_frame(frame);
        }
    }
}

fn find_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Lines that a terminal capture adds around a configuration: `{master:0}`, `[edit …]`,
/// `user@host> command`, `---(more)---`, and (at the top level) the `show configuration`
/// command itself.
pub fn is_artefact_line(line: &str, top_level: bool) -> bool {
    let line = line.trim();
    if line.is_empty() {
        return false;
    }
    let b = line.as_bytes();
    if b[0] == b'{' && b[b.len() - 1] == b'}' && b.len() > 2 {
        let inner = &line[1..line.len() - 1];
        if !inner.is_empty() && !inner.contains(|c: char| c.is_whitespace() || c == '{' || c == '}')
        {
            return true;
        }
    }
    if line.starts_with("[edit") && line.ends_with(']') {
        return true;
    }
    if line.starts_with("---(more") {
        return true;
    }
    if is_prompt(line) {
        return true;
    }
    if top_level && (line.starts_with("show") || line.starts_with("run")) {
        let first = line.split_whitespace().next().unwrap_or("");
        if matches!(first, "show" | "run")
            && (line.contains(" configuration") || line.contains('|') || line.contains(" config"))
        {
            return true;
        }
    }
    false
}

/// `user@host> …`, `user@host# …`, `user@host:~ % …`: a CLI prompt.
pub fn is_prompt(line: &str) -> bool {
    // Fast reject (runs on every line): a prompt's first word holds an `@`. The text up to
    // the first ASCII blank contains the first word, so no `@` there means none in it.
    let head = line
        .bytes()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(line.len());
    if !line.as_bytes()[..head].contains(&b'@') {
        return false;
    }
    let first = line.split_whitespace().next().unwrap_or("");
    let Some((user, rest)) = first.split_once('@') else {
        return false;
    };
    if user.is_empty()
        || !user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
    {
        return false;
    }
    let host = rest.trim_end_matches(['>', '#', '%', '$']);
    if host.len() == rest.len() && first.len() == line.len() {
        // `user@host` alone is not a prompt (it could be an email-like value).
        return false;
    }
    if host.len() == rest.len() {
        // Prompt character separated by a space: `user@host:~ %`.
        let after = line[first.len()..].trim_start();
        return after.starts_with(['>', '#', '%', '$'])
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:~/".contains(&b));
    }
    !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:~/".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(r: &CurlyResult) -> Vec<String> {
        r.statements.iter().map(PathStatement::display).collect()
    }

    fn junos(text: &str) -> CurlyResult<'_> {
        parse(text, &CurlyOptions::junos())
    }

    #[test]
    fn newlines_counted_exactly() {
        for text in [
            "",
            "\n",
            "a\nb\n",
            "\n\n\n\n\n\n\n\n\n",
            "\u{8a}\n\x0b\n\t\n\x7f\n",
            "é\n€\n𝄞\nxxxxxxx\n",
        ] {
            let want = text.bytes().filter(|&b| b == b'\n').count();
            assert_eq!(count_newlines(text.as_bytes()), want, "{text:?}");
        }
    }

    #[test]
    fn flattens_nested_blocks_and_keeps_spans() {
        let text = "interfaces {\n    ge-0/0/1 {\n        vlan-tagging;\n        unit 101 {\n            vlan-id 101;\n            family inet {\n                address 169.254.100.2/30;\n            }\n            family iso;\n            family mpls { }\n        }\n    }\n}\n";
        let r = junos(text);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(
            paths(&r),
            vec![
                "interfaces ge-0/0/1 vlan-tagging",
                "interfaces ge-0/0/1 unit 101 vlan-id 101",
                "interfaces ge-0/0/1 unit 101 family inet address 169.254.100.2/30",
                "interfaces ge-0/0/1 unit 101 family iso",
                "interfaces ge-0/0/1 unit 101 family mpls",
            ]
        );
        let s = &r.statements[2];
        assert_eq!(
            &text[s.span.start()..s.span.end()],
            "address 169.254.100.2/30;"
        );
        let w = &s.words[1];
        assert_eq!(&text[w.span.start()..w.span.end()], "ge-0/0/1");
        let empty = &r.statements[4];
        assert_eq!(&text[empty.span.start()..empty.span.end()], "family mpls");
        assert_eq!(r.lines, 13);
    }

    #[test]
    fn comments_annotations_and_quotes() {
        let text = "## Last commit: 2024-01-01\n/* AWS VIF\n   dxvif-1 */\nprotocols { bgp { group AWS {\n  description \"to \\\"AWS\\\" {x};\"; # trailing\n  authentication-key \"$9$abc\"; ## SECRET-DATA\n} } }\n";
        let r = junos(text);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(
            paths(&r),
            vec![
                "protocols bgp group AWS description to \"AWS\" {x};",
                "protocols bgp group AWS authentication-key $9$abc",
            ]
        );
        let c: Vec<&str> = r.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            c,
            vec![
                "## Last commit: 2024-01-01",
                "/* AWS VIF\n   dxvif-1 */",
                "# trailing",
                "## SECRET-DATA"
            ]
        );
        for c in &r.comments {
            assert_eq!(&text[c.span.start()..c.span.end()], c.text);
        }
        // The quoted word's span includes its quotes.
        let w = &r.statements[1].words[5];
        assert_eq!(&text[w.span.start()..w.span.end()], "\"$9$abc\"");
    }

    #[test]
    fn lists_expand_to_one_statement_each() {
        let r = junos("policy-options { policy-statement X { term T { from interface [ em0.0 fxp0.0 ]; then reject; } } }\nsystem { domain-search [a.example b.example]; }\n");
        assert_eq!(
            paths(&r),
            vec![
                "policy-options policy-statement X term T from interface em0.0",
                "policy-options policy-statement X term T from interface fxp0.0",
                "policy-options policy-statement X term T then reject",
                "system domain-search a.example",
                "system domain-search b.example",
            ]
        );
        assert!(r.problems.is_empty());
    }

    #[test]
    fn inactive_tags_mark_subtrees_and_are_recorded() {
        let text = "routing-options {\n    inactive: static {\n        route 10.0.0.0/24 next-hop 10.1.1.1;\n    }\n    protect: autonomous-system 65010;\n    inactive: router-id 1.1.1.1;\n    delete: aggregate { route 10.0.0.0/8; }\n}\n";
        let r = junos(text);
        assert_eq!(
            paths(&r),
            vec![
                "! routing-options static route 10.0.0.0/24 next-hop 10.1.1.1",
                "routing-options autonomous-system 65010",
                "! routing-options router-id 1.1.1.1",
            ]
        );
        assert_eq!(r.deactivated.len(), 2);
        assert_eq!(r.deactivated[0].path, vec!["routing-options", "static"]);
        let d = &r.deactivated[0];
        assert_eq!(&text[d.span.start()..d.span.end()], "inactive: static");
        assert_eq!(
            r.deactivated[1].path,
            vec!["routing-options", "router-id", "1.1.1.1"]
        );
    }

    #[test]
    fn capture_artefacts_are_skipped() {
        let text = "user@r1> show configuration | no-more\n## Last changed: x\nshow configuration |no-more\nsystem {\n    host-name r1;\n}\n---(more)---\n\n{master:0}\n[edit]\nroot@r1# \n";
        let r = junos(text);
        assert_eq!(paths(&r), vec!["system host-name r1"]);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.artefacts, 6);
    }

    #[test]
    fn vyos_config_boot_without_semicolons() {
        let text = "interfaces {\n    ethernet eth0 {\n        address 192.0.2.1/24\n        description 'to AWS'\n        vif 101 {\n            address 169.254.100.2/30\n        }\n    }\n}\n// vyos-config-version: \"bgp@5:system@27\"\n// Release version: 1.4.0\n";
        let r = parse(text, &CurlyOptions::vyos());
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(
            paths(&r),
            vec![
                "interfaces ethernet eth0 address 192.0.2.1/24",
                "interfaces ethernet eth0 description to AWS",
                "interfaces ethernet eth0 vif 101 address 169.254.100.2/30",
            ]
        );
        assert_eq!(r.comments.len(), 2);
        let s = &r.statements[0];
        assert_eq!(&text[s.span.start()..s.span.end()], "address 192.0.2.1/24");
    }

    #[test]
    fn brace_on_next_line_is_a_header() {
        let r = junos("system\n{\n  host-name r1;\n}\n");
        assert_eq!(paths(&r), vec!["system host-name r1"]);
    }

    #[test]
    fn unbalanced_input_reports_and_recovers() {
        let r = junos("system {\n    host-name r1;\n}\n}\nprotocols {\n  bgp {\n    group A { type external; }\n");
        assert_eq!(
            paths(&r),
            vec!["system host-name r1", "protocols bgp group A type external"]
        );
        assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
        assert!(r.problems[0].1.contains("without a matching"));
        assert!(r.problems[1].1.contains("never closed"));

        let text = "system { host-name \"r1;\n}\nchassis { x; }\n";
        let r = junos(text);
        assert_eq!(r.problems.len(), 1);
        assert!(r.problems[0].1.contains("not closed"));
        assert!(paths(&r).contains(&"chassis x".to_string()));
        assert!(paths(&r).contains(&"system host-name r1;".to_string()));

        let r = junos("a { b [ c d ; }\n/* open");
        assert!(paths(&r).contains(&"a b c".to_string()));
        assert_eq!(r.problems.len(), 2);
    }

    #[test]
    fn deep_nesting_does_not_overflow_and_stays_linear() {
        let n = 200_000;
        let mut text = String::with_capacity(n * 4 + 16);
        for _ in 0..n {
            text.push_str("a {");
        }
        text.push_str("leaf;");
        for _ in 0..n {
            text.push('}');
        }
        let r = junos(&text);
        assert!(r.statements.is_empty());
        assert_eq!(r.problems.len(), 1);
        assert!(r.problems[0].1.contains("deeper than"));

        // Unterminated: 200,000 open braces and nothing else.
        let text = "a {".repeat(n);
        let r = junos(&text);
        assert_eq!(r.problems.len(), 2);
        assert!(r.problems[1].1.contains("200000 blocks"));

        // Below the limit a deep leaf keeps its full path.
        let text = format!("{}x;{}", "a {".repeat(100), "}".repeat(100));
        let r = junos(&text);
        assert_eq!(r.statements.len(), 1);
        assert_eq!(r.statements[0].words.len(), 101);
    }

    #[test]
    fn never_panics_on_odd_bytes() {
        for text in [
            "",
            "{",
            "}",
            ";",
            "\"",
            "'",
            "[",
            "]",
            "/*",
            "/",
            "#",
            "inactive:",
            "inactive: {",
            "a \"\\",
            "a \"é\\é\";",
            "é { ü; } ]]] [[[ ",
            "\r\n\r\n{\r\n}",
            "{master:0}",
            "[edit",
            "@>",
            "a@b>",
            "a [ b\n c ];",
            "a [ ] ;",
            "a;\n   ",
            "x\n\t",
            "{\n ",
        ] {
            let _ = junos(text);
            let _ = parse(text, &CurlyOptions::vyos());
        }
        let r = junos("a [ b\n c ];");
        assert_eq!(paths(&r), vec!["a b", "a c"]);
        let r = junos("a [ ] ;");
        assert_eq!(paths(&r), vec!["a"]);
    }

    #[test]
    fn prompts() {
        assert!(is_prompt("root@r1> show configuration"));
        assert!(is_prompt("regress@rtme-mx-59>"));
        assert!(is_prompt("user@host# set system host-name x"));
        assert!(is_prompt("root@r1:~ % cli"));
        assert!(!is_prompt("contact admin@example.com;"));
        assert!(!is_prompt("admin@example.com"));
    }
}

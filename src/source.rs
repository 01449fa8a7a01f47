//! Source files and spans: every model field points back at the bytes it came from.

use std::sync::{Arc, OnceLock};

/// A byte range in one source file. Offsets are into the text as dxlint holds it
/// (after lossy UTF-8 decoding), so they always fall on character boundaries.
///
/// Two `u32`s, not `usize`s: every model record holds a dozen spans (10,000s of neighbors on
/// a large router), and dxlint refuses files anywhere near 4 GiB. Larger values saturate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    start: u32,
    len: u32,
}

impl Span {
    pub fn new(start: usize, len: usize) -> Self {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let len = u32::try_from(len).unwrap_or(u32::MAX).min(u32::MAX - start);
        Span { start, len }
    }
    pub fn start(&self) -> usize {
        self.start as usize
    }
    pub fn len(&self) -> usize {
        self.len as usize
    }
    pub fn end(&self) -> usize {
        self.start() + self.len()
    }
    /// True for the placeholder span of values that came from no line (defaults).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// The same bytes `by` later in the text (the `set` reader keeps a word it read on the
    /// line before). No clamping, which this runs too often to afford: the caller knows the
    /// moved span still ends within `u32` offsets.
    pub fn moved(self, by: u32) -> Self {
        debug_assert!(self
            .start
            .checked_add(by)
            .and_then(|s| s.checked_add(self.len))
            .is_some());
        Span {
            start: self.start.wrapping_add(by),
            len: self.len,
        }
    }
}

/// A value together with the line it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// One input file (router config or AWS JSON), with a line index for 1-based positions.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    /// A `String` behind the `Arc` (not `Arc<str>`): the text read from a file becomes the
    /// source without a second copy of a possibly large buffer.
    pub text: Arc<String>,
    /// Where every 64th line starts, built on the first position lookup.
    line_index: OnceLock<LineIndex>,
    /// Lines that were not valid UTF-8 and were decoded lossily (1-based).
    pub lossy_lines: Vec<usize>,
}

/// Lines between two entries of the sparse line index.
const LINE_STRIDE: usize = 64;

/// Where every [`LINE_STRIDE`]-th line starts, and how many lines there are: a position is
/// a binary search and a scan of at most 64 lines, and the index costs 1/64 of a full one
/// (a 600,000-line configuration: 40 kB instead of 2.4 MB at the end of the run, when the
/// model is complete and memory is highest).
#[derive(Debug, Clone)]
struct LineIndex {
    every: Vec<u32>,
    count: usize,
}

/// 1-based line and column (column counted in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    /// `name` is shown in every report: control characters and newlines in it are escaped.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        let name = match crate::escape::text(&name) {
            std::borrow::Cow::Owned(e) => e,
            std::borrow::Cow::Borrowed(_) => name,
        };
        SourceFile {
            name,
            text: Arc::new(text.into()),
            line_index: OnceLock::new(),
            lossy_lines: Vec::new(),
        }
    }

    /// Decode bytes, replacing invalid UTF-8 and remembering which lines needed it.
    /// A leading byte-order mark is dropped.
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Self {
        SourceFile::from_vec(name, bytes.to_vec())
    }

    /// As [`SourceFile::from_bytes`], taking the buffer: valid UTF-8 (the usual case) is
    /// kept as it is, not copied.
    pub fn from_vec(name: impl Into<String>, mut bytes: Vec<u8>) -> Self {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        match String::from_utf8(bytes) {
            Ok(s) => SourceFile::new(name, s),
            Err(e) => {
                let bytes = e.into_bytes();
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let mut file = SourceFile::new(name, text);
                let mut lossy = Vec::new();
                for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
                    if std::str::from_utf8(line).is_err() {
                        lossy.push(i + 1);
                    }
                }
                file.lossy_lines = lossy;
                file
            }
        }
    }

    /// The sparse line index; `None` for a text of 4 GiB or more (positions then fall
    /// back to counting lines).
    fn line_index(&self) -> Option<&LineIndex> {
        if u32::try_from(self.text.len()).is_err() {
            return None;
        }
        Some(self.line_index.get_or_init(|| {
            let mut every = vec![0u32];
            let mut count = 1;
            for start in memchr_newlines(self.text.as_bytes()) {
                if count % LINE_STRIDE == 0 {
                    every.push(start as u32);
                }
                count += 1;
            }
            every.shrink_to_fit();
            LineIndex { every, count }
        }))
    }

    /// Start offset of the 0-based line `idx`, if the text has that many lines.
    fn line_start(&self, idx: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let (base, skip) = match self.line_index() {
            Some(ix) if idx >= ix.count => return None,
            Some(ix) => (ix.every[idx / LINE_STRIDE] as usize, idx % LINE_STRIDE),
            None => (0, idx),
        };
        if skip == 0 {
            return Some(base);
        }
        memchr_newlines(&bytes[base..])
            .nth(skip - 1)
            .map(|s| base + s)
    }

    pub fn line_count(&self) -> usize {
        match self.line_index() {
            Some(ix) => ix.count,
            None => memchr_newlines(self.text.as_bytes()).count() + 1,
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let bytes = self.text.as_bytes();
        let (first_line, base) = match self.line_index() {
            Some(ix) => {
                // every[0] is 0, so at least one checkpoint lies at or before `offset`.
                let k = ix.every.partition_point(|&s| s as usize <= offset) - 1;
                (k * LINE_STRIDE, ix.every[k] as usize)
            }
            None => (0, 0),
        };
        let line_idx = first_line + memchr_newlines(&bytes[base..offset]).count();
        let start = self.line_start(line_idx).unwrap_or(0);
        let column = self.text[start..offset].chars().count() + 1;
        Position {
            line: line_idx + 1,
            column,
        }
    }

    /// Start and end position of a span (end is inclusive of the last character, 1-based,
    /// as SARIF and the JSON contract expect: end_column points past the last character).
    pub fn range(&self, span: Span) -> (Position, Position) {
        let start = self.position(span.start());
        let end = self.position(span.end());
        (start, end)
    }

    /// The text of a 1-based line, without its line terminator.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(start) = self.line_start(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_start(line)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
        self.text[start..end.max(start)].trim_end_matches('\r')
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start()..span.end()).unwrap_or("")
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + find_newline(&bytes[from..])?;
        from = at + 1;
        Some(from)
    })
}

/// The lines of `text`, each with its `\n` (what `split_inclusive('\n')` yields, found by
/// `find_newline`: the `char` pattern searcher costs several times more per line).
pub(crate) fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        if from >= text.len() {
            return None;
        }
        let start = from;
        from = find_newline(&text.as_bytes()[from..]).map_or(text.len(), |i| from + i + 1);
        // Cut after a `\n` (ASCII) or at the end: always a char boundary.
        Some(&text[start..from])
    })
}

/// Position of the first `\n`: every line of every file is scanned for its end.
#[inline]
pub(crate) fn find_newline(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_inclusive_matches_split_inclusive() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "set x\r\n\n  é y\nlast line without end",
            "\n\n\nx\n",
        ] {
            let ours: Vec<&str> = lines_inclusive(text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn finds_newlines_at_every_offset() {
        for len in 0..40 {
            for at in 0..len {
                let mut v = vec![b'x'; len];
                v[at] = b'\n';
                if at + 3 < len {
                    v[at + 3] = b'\n';
                }
                assert_eq!(find_newline(&v), Some(at), "len {len} at {at}");
            }
            assert_eq!(find_newline(&vec![0x8au8; len]), None);
        }
        let f = SourceFile::new("x", "a\n\nbb\r\nccc\nlast line without newline");
        assert_eq!(f.line_count(), 5);
        assert_eq!(f.line_text(4), "ccc");
    }

    /// The sparse index answers as counting every line from the start does, on either side
    /// of each checkpoint, for texts with and without a final newline, CRLF and multi-byte
    /// characters.
    #[test]
    fn sparse_line_index_agrees_with_counting_lines() {
        for (lines, tail) in [
            (1, ""),
            (63, "\n"),
            (64, ""),
            (65, "\n"),
            (200, "\r\n"),
            (130, ""),
        ] {
            let mut text = String::new();
            for i in 0..lines {
                let sep = if i + 1 == lines { tail } else { "\n" };
                text.push_str(&format!("l{i} é{}{sep}", "x".repeat(i % 7)));
            }
            let f = SourceFile::new("t", text.clone());
            let expected_lines = text.split('\n').count();
            assert_eq!(f.line_count(), expected_lines, "{lines} lines");
            for offset in 0..=text.len() {
                if !text.is_char_boundary(offset) {
                    continue;
                }
                let before = &text[..offset];
                let line = before.matches('\n').count() + 1;
                let start = before.rfind('\n').map_or(0, |i| i + 1);
                let column = text[start..offset].chars().count() + 1;
                assert_eq!(
                    f.position(offset),
                    Position { line, column },
                    "offset {offset}"
                );
            }
            for (i, want) in text.split('\n').enumerate() {
                assert_eq!(
                    f.line_text(i + 1),
                    want.trim_end_matches('\r'),
                    "line {}",
                    i + 1
                );
            }
        }
    }

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let f = SourceFile::new("x", "ab\r\ncdé\nf");
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
        assert_eq!(f.position(4), Position { line: 2, column: 1 });
        assert_eq!(f.position(8), Position { line: 2, column: 4 });
        assert_eq!(f.line_text(1), "ab");
        assert_eq!(f.line_text(2), "cdé");
        assert_eq!(f.line_text(3), "f");
        assert_eq!(f.line_text(9), "");
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_and_reported_by_line() {
        let f = SourceFile::from_bytes("x", b"\xEF\xBB\xBFok\nbad \xff here\nok");
        assert!(f.text.starts_with("ok\n"));
        assert_eq!(f.lossy_lines, vec![2]);
        assert!(f.line_text(2).contains('\u{FFFD}'));
    }
}

//! Whether a span can be drawn as a source snippet. miette pads the underline with a
//! `{:width$}` format, and Rust panics when a width exceeds 65,535: a label far into a very
//! long line (minified JSON, 200,000 braces on one line) would crash the reporter. Such
//! spans are reported by line and column instead of a drawing.

use miette::{Diagnostic, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::sync::Arc;

/// Longest line (in bytes) drawn as a snippet. A byte is at most 4 columns wide (a tab),
/// so 16,000 bytes stay well below the 65,535-column limit.
pub const MAX_DRAWN_LINE: usize = 16_000;

/// True when every line the span touches is short enough to draw. Looks at no more than
/// `MAX_DRAWN_LINE` bytes on either side of the span, so a report stays linear in its size.
pub fn drawable(text: &str, start: usize, len: usize) -> bool {
    let bytes = text.as_bytes();
    let start = start.min(bytes.len());
    let end = start.saturating_add(len).min(bytes.len());
    let before = bytes[start.saturating_sub(MAX_DRAWN_LINE + 1)..start]
        .iter()
        .rev()
        .take_while(|&&b| b != b'\n')
        .count();
    if before > MAX_DRAWN_LINE {
        return false;
    }
    let after = bytes[end..(end + MAX_DRAWN_LINE + 1).min(bytes.len())]
        .iter()
        .take_while(|&&b| b != b'\n')
        .count();
    if after > MAX_DRAWN_LINE {
        return false;
    }
    let span = &bytes[start..end];
    let mut lines = span.split(|&b| b == b'\n');
    let first = lines.next().map_or(0, <[u8]>::len);
    if !span.contains(&b'\n') {
        return before + first + after <= MAX_DRAWN_LINE;
    }
    let last = span.iter().rev().take_while(|&&b| b != b'\n').count();
    before + first <= MAX_DRAWN_LINE
        && last + after <= MAX_DRAWN_LINE
        && lines.all(|line| line.len() <= MAX_DRAWN_LINE)
}

/// True when every label of `diag` can be drawn from its source code, and the drawing
/// (the labelled line with one line of context around it) stays short.
pub fn diagnostic_drawable(diag: &dyn Diagnostic) -> bool {
    let (Some(src), Some(labels)) = (diag.source_code(), diag.labels()) else {
        return true;
    };
    labels.into_iter().all(|l| span_drawable(src, l.inner()))
}

/// The diagnostic as plain text, each label given as line and column.
pub fn plain(diag: &dyn Diagnostic) -> String {
    let mut out = format!("error: {diag}\n");
    if let (Some(src), Some(labels)) = (diag.source_code(), diag.labels()) {
        for l in labels {
            if let Ok(c) = src.read_span(l.inner(), 0, 0) {
                let column = c.column() + 1;
                let name = c.name().unwrap_or("input");
                out.push_str(&format!("  at {name}:{}:{column}", c.line() + 1));
                if let Some(text) = l.label() {
                    out.push_str(&format!(": {text}"));
                }
                out.push('\n');
            }
        }
    }
    if let Some(help) = diag.help() {
        out.push_str(&format!("  help: {help}\n"));
    }
    out
}

fn span_drawable(src: &dyn miette::SourceCode, span: &SourceSpan) -> bool {
    // Without context lines miette reports the span's own column: the padding it draws.
    let Ok(own) = src.read_span(span, 0, 0) else {
        return false;
    };
    // With one line of context on each side: what the snippet would print.
    let Ok(around) = src.read_span(span, 1, 1) else {
        return false;
    };
    own.column() <= MAX_DRAWN_LINE && around.data().len() <= 3 * MAX_DRAWN_LINE
}

/// Source code for miette with a line index. miette's own `SourceCode` for strings scans
/// from the start of the text on every read, so a report with one finding per line of a
/// large config took time quadratic in its size; here a read is a binary search plus the
/// lines it returns.
pub struct IndexedSource {
    name: String,
    text: Arc<String>,
    line_starts: Arc<Vec<usize>>,
}

impl IndexedSource {
    /// Index `text` once; clones share the text and the index.
    pub fn new(name: impl Into<String>, text: Arc<String>) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        IndexedSource {
            name: name.into(),
            text,
            line_starts: Arc::new(line_starts),
        }
    }

    /// Another name for the same text and index (one per finding).
    pub fn share(&self) -> Self {
        IndexedSource {
            name: self.name.clone(),
            text: self.text.clone(),
            line_starts: self.line_starts.clone(),
        }
    }

    /// 0-based index of the line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte offset just past line `line` (its newline included), or the end of the text.
    fn line_end(&self, line: usize) -> usize {
        self.line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len())
    }
}

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &str = &self.text;
        let start = span.offset();
        let end = start.saturating_add(span.len());
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = self.line_of(start);
        let last_line = self.line_of(end.saturating_sub(1).max(start));
        let from_line = first_line.saturating_sub(before);
        let to_line = (last_line + after).min(self.line_starts.len() - 1);
        // Without context lines before, the data starts at the span (as miette's own
        // implementation does), so `column` is the span's column.
        let (data_start, column) = if before == 0 {
            let line_start = self.line_starts[first_line];
            let column = text
                .get(line_start..start)
                .map_or(start - line_start, |t| t.chars().count());
            (start, column)
        } else {
            (self.line_starts[from_line], 0)
        };
        let data_end = self.line_end(to_line).max(data_start);
        let data = &text.as_bytes()[data_start..data_end];
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            SourceSpan::new(data_start.into(), data_end - data_start),
            if before == 0 { first_line } else { from_line },
            column,
            to_line + 1 - if before == 0 { first_line } else { from_line },
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_draw_long_lines_do_not() {
        let short = "a\nbcd\ne";
        assert!(drawable(short, 2, 3));
        let long = format!("x\n{}y\nz", "{".repeat(MAX_DRAWN_LINE + 5));
        let at = long.find('y').unwrap();
        assert!(!drawable(&long, at, 1));
        assert!(drawable(&long, 0, 1));
        assert!(drawable(&long, long.len() - 1, 1));
        // A multi-line span whose middle line is too long.
        assert!(!drawable(&long, 0, long.len()));
    }

    #[test]
    fn indexed_source_reads_like_miettes_own() {
        let text = Arc::new("line one\nline two é\nline three\nlast".to_string());
        let idx = IndexedSource::new("f", text.clone());
        let span = SourceSpan::new(text.find("two").unwrap().into(), 3);
        let c = idx.read_span(&span, 1, 1).unwrap();
        assert_eq!(c.line(), 0);
        assert_eq!(
            std::str::from_utf8(c.data()).unwrap(),
            "line one\nline two é\nline three\n"
        );
        let own = idx.read_span(&span, 0, 0).unwrap();
        assert_eq!((own.line(), own.column()), (1, 5));
        let at_end = SourceSpan::new(text.find("last").unwrap().into(), 4);
        let c = idx.read_span(&at_end, 1, 1).unwrap();
        assert_eq!(std::str::from_utf8(c.data()).unwrap(), "line three\nlast");
        assert!(idx.read_span(&SourceSpan::new(40.into(), 1), 0, 0).is_err());
    }
}

//! Whether a span can be drawn as a source snippet. miette pads the underline with a
//! `{:width$}` format, and Rust panics when a width exceeds 65,535: a label far into a very
//! long line (minified JSON, 200,000 braces on one line) would crash the reporter. Such
//! spans are reported by line and column instead of a drawing.

use miette::{Diagnostic, SourceSpan};

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
}

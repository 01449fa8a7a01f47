//! Whitespace tokens of one line, with byte offsets, without allocating.

use crate::source::Span;

const MAX_WORDS: usize = 16;

/// One configuration line split into up to 16 words (the rest stays in the last word's
/// `rest_from`), each with its offset, so values can point at their own bytes.
#[derive(Clone, Copy)]
pub struct Line<'a> {
    pub text: &'a str,
    pub span: Span,
    words: [(u32, u32); MAX_WORDS],
    count: usize,
}

/// `u8::is_ascii_whitespace` with a one-compare fast path: every byte above the space is
/// a word byte, and this test runs once per byte of every line.
#[inline(always)]
fn is_space(b: u8) -> bool {
    b <= b' ' && b.is_ascii_whitespace()
}

impl<'a> Line<'a> {
    pub fn new(source: &'a str, span: Span) -> Self {
        let text = source.get(span.start..span.end()).unwrap_or("");
        let mut words = [(0u32, 0u32); MAX_WORDS];
        let mut count = 0;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() && count < MAX_WORDS {
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
            let start = i;
            while i < bytes.len() && !is_space(bytes[i]) {
                i += 1;
            }
            words[count] = (start as u32, i as u32);
            count += 1;
        }
        Line {
            text,
            span,
            words,
            count,
        }
    }

    /// The n-th word, or "" when absent.
    pub fn word(&self, n: usize) -> &'a str {
        if n < self.count {
            let (s, e) = self.words[n];
            &self.text[s as usize..e as usize]
        } else {
            ""
        }
    }

    pub fn len(&self) -> usize {
        self.count
    }

    /// Everything from word n to the end of the line, verbatim (spaces kept).
    pub fn rest(&self, n: usize) -> &'a str {
        if n < self.count {
            &self.text[self.words[n].0 as usize..]
        } else {
            ""
        }
    }

    /// Position of the first word equal to `w`, from word `from` on.
    pub fn find(&self, w: &str, from: usize) -> Option<usize> {
        (from..self.count).find(|&i| self.word(i) == w)
    }

    /// This line with its first `n` words dropped (for NX-OS style neighbor blocks and
    /// the `neighbor X` prefix).
    pub fn skip(&self, n: usize) -> Line<'a> {
        let mut out = *self;
        let n = n.min(self.count);
        out.words.copy_within(n..self.count, 0);
        out.count = self.count - n;
        out
    }
}

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
    /// Words `first..count` of `words` are this line's (`skip` moves `first`).
    first: usize,
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
        let text = source.get(span.start()..span.end()).unwrap_or("");
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
            i = word_end(bytes, i);
            words[count] = (start as u32, i as u32);
            count += 1;
        }
        Line {
            text,
            span,
            words,
            first: 0,
            count,
        }
    }

    /// The n-th word, or "" when absent.
    pub fn word(&self, n: usize) -> &'a str {
        match self.words[..self.count].get(self.first + n) {
            Some(&(s, e)) => &self.text[s as usize..e as usize],
            None => "",
        }
    }

    /// The n-th word's span in the source (empty at the line's end when absent).
    pub fn word_span(&self, n: usize) -> Span {
        match self.words[..self.count].get(self.first + n) {
            Some(&(s, e)) => Span::new(self.span.start() + s as usize, (e - s) as usize),
            None => Span::new(self.span.end(), 0),
        }
    }

    pub fn len(&self) -> usize {
        self.count - self.first
    }

    /// Everything from word n to the end of the line, verbatim (spaces kept).
    pub fn rest(&self, n: usize) -> &'a str {
        match self.words[..self.count].get(self.first + n) {
            Some(&(s, _)) => &self.text[s as usize..],
            None => "",
        }
    }

    /// Position of the first word equal to `w`, from word `from` on.
    pub fn find(&self, w: &str, from: usize) -> Option<usize> {
        (from..self.len()).find(|&i| self.word(i) == w)
    }

    /// Drop the first `n` words (the `neighbor X` prefix), in place: a copy of the line
    /// per `neighbor` line showed in the profile.
    pub fn advance(&mut self, n: usize) {
        self.first = (self.first + n).min(self.count);
    }
}

/// End of the word that starts at `i`: the first whitespace byte after it, or the end.
/// Tests eight bytes at a time for one below `!` (words run to several bytes, and this
/// runs for every word of every line); a control byte that is not whitespace stays in
/// the word, as in the byte loop.
#[inline]
fn word_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const SPACES: u64 = ONES * b' ' as u64;
    // High bit set in the lowest byte below 0x21 (exact for the lowest one).
    let low = |x: u64| x.wrapping_sub(ONES * 0x21) & !x & HIGHS;
    let len = bytes.len();
    while i < len {
        let x = if i + 8 <= len {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[i..i + 8]);
            u64::from_le_bytes(w)
        } else if len >= 8 {
            // The line's last eight bytes, shifted so `i` comes first, padded with spaces:
            // most words end within them, and a byte loop there cost as much as the rest.
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[len - 8..]);
            let n = len - i;
            (u64::from_le_bytes(w) >> ((8 - n) * 8)) | (SPACES << (n * 8))
        } else {
            break;
        };
        let m = low(x);
        if m == 0 {
            i += 8;
            continue;
        }
        let j = i + (m.trailing_zeros() / 8) as usize;
        if j >= len {
            return len;
        }
        if is_space(bytes[j]) {
            return j;
        }
        i = j + 1;
    }
    while i < len && !is_space(bytes[i]) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        let l = Line::new(s, Span::new(0, s.len()));
        (0..l.len()).map(|i| l.word(i)).collect()
    }

    #[test]
    fn splits_like_split_ascii_whitespace_at_every_length() {
        let mut cases = vec![
            String::new(),
            " neighbor 10.128.0.1 remote-as 64512".to_string(),
            "a\tb\x0cc\rd  e\x01f é-long-word-with-unicode x".to_string(),
            "ip prefix-list PL-19999-OUT seq 5 permit 172.16.0.0/12 le 24 x y z w v u t s r q"
                .to_string(),
        ];
        for n in 0..20 {
            cases.push(format!(
                "{} {}\t{}",
                "x".repeat(n),
                "y".repeat(n + 3),
                "\x01".repeat(n)
            ));
        }
        for c in &cases {
            let want: Vec<&str> = c.split_ascii_whitespace().take(MAX_WORDS).collect();
            assert_eq!(words(c), want, "{c:?}");
        }
        let l = Line::new(&cases[1], Span::new(0, cases[1].len()));
        let mut attr = l;
        attr.advance(2);
        assert_eq!(
            (attr.word(0), attr.len(), attr.rest(1)),
            ("remote-as", 2, "64512")
        );
        assert_eq!(attr.find("64512", 0), Some(1));
        assert_eq!(l.word_span(1), Span::new(10, 10));
        assert_eq!(attr.word_span(0), Span::new(21, 9));
        assert_eq!(attr.word_span(5), Span::new(cases[1].len(), 0));
        attr.advance(9);
        assert_eq!((attr.len(), attr.word(0)), (0, ""));
    }
}

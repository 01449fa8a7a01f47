//! Where the previous statement was filed, so that the next one about the same node skips
//! the lookup.

use crate::source::Span;
use crate::syntax::path::Word;

/// The leading words of the previous statement and the entry they led to. A node's
/// statements arrive together in both forms, so most statements find their interface,
/// neighbor or rule here without a map lookup, a name to format or a line to scan.
#[derive(Debug)]
pub(super) struct LastKey<T> {
    /// The words as written, when they are close together (a `set` line): the same text
    /// with the words at the same places holds the same words, one comparison for all.
    region: String,
    region_starts: Vec<usize>,
    /// Otherwise (`config.boot`, where a node's words sit on its opening line, far apart):
    /// where each word is written (the same words of the text for all statements of a
    /// node), and the words themselves.
    spans: Vec<Span>,
    text: String,
    ends: Vec<usize>,
    /// How many words (either way).
    count: usize,
    value: Option<T>,
}

/// Words within this many bytes are compared as one piece of text.
const REGION: usize = 256;

impl<T> Default for LastKey<T> {
    fn default() -> Self {
        LastKey {
            region: String::new(),
            region_starts: Vec::new(),
            spans: Vec::new(),
            text: String::new(),
            ends: Vec::new(),
            count: 0,
            value: None,
        }
    }
}

/// The text from the first word's start to the last word's end, when short.
fn region<'t>(text: &'t str, words: &[Word]) -> Option<(usize, &'t str)> {
    let start = words.first()?.span.start();
    let end = words.last()?.span.end();
    if end < start || end - start > REGION {
        return None;
    }
    Some((start, text.get(start..end)?))
}

impl<T: Copy> LastKey<T> {
    /// The entry, when `words` (of `text`) are exactly the words last [`set`](Self::set).
    pub(super) fn get(&self, text: &str, words: &[Word]) -> Option<T> {
        let value = self.value?;
        if words.len() != self.count {
            return None;
        }
        // Not the same text or not kept as text: most likely other words (else only a
        // slower lookup).
        if let Some((start, region)) = region(text, words) {
            let same = region == self.region
                && (words.iter().zip(&self.region_starts))
                    .all(|(w, &s)| w.span.start().wrapping_sub(start) == s);
            return same.then_some(value);
        }
        if self.spans.len() != words.len() {
            return None;
        }
        if words.iter().zip(&self.spans).all(|(w, s)| w.span == *s) {
            return Some(value);
        }
        let mut start = 0;
        for (w, &end) in words.iter().zip(&self.ends) {
            if self.text.get(start..end) != Some(w.text.as_str()) {
                return None;
            }
            start = end;
        }
        Some(value)
    }

    pub(super) fn set(&mut self, text: &str, words: &[Word], value: T) {
        self.region.clear();
        self.region_starts.clear();
        self.spans.clear();
        self.text.clear();
        self.ends.clear();
        self.count = words.len();
        self.value = Some(value);
        if let Some((start, region)) = region(text, words) {
            self.region.push_str(region);
            (self.region_starts).extend(words.iter().map(|w| w.span.start().wrapping_sub(start)));
            return;
        }
        for w in words {
            self.spans.push(w.span);
            self.text.push_str(&w.text);
            self.ends.push(self.text.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `text` at these byte ranges.
    fn words<'a>(text: &'a str, at: &[(usize, usize)]) -> Vec<Word<'a>> {
        at.iter()
            .map(|&(s, e)| Word {
                text: text[s..e].into(),
                span: Span::new(s, e - s),
            })
            .collect()
    }

    #[test]
    fn same_words_hit_other_words_miss() {
        let text = "set a b 1\nset a b 1\nset a b 2\nset a  b 1\n";
        let mut k = LastKey::default();
        k.set(text, &words(text, &[(4, 5), (6, 7), (8, 9)]), 7u32);
        // The same words on the next line.
        assert_eq!(
            k.get(text, &words(text, &[(14, 15), (16, 17), (18, 19)])),
            Some(7)
        );
        // Another last word, or fewer words.
        assert_eq!(
            k.get(text, &words(text, &[(24, 25), (26, 27), (28, 29)])),
            None
        );
        assert_eq!(k.get(text, &words(text, &[(14, 15), (16, 17)])), None);
        // The same words spaced differently: only a slower lookup, never a wrong entry.
        assert_eq!(
            k.get(text, &words(text, &[(34, 35), (37, 38), (39, 40)])),
            None
        );
    }

    #[test]
    fn far_apart_words_compare_by_place_then_text() {
        let pad = " ".repeat(REGION);
        let text = format!("x{pad}y\nx{pad}y\nx{pad}z\n");
        let n = REGION + 3; // one line
        let mut k = LastKey::default();
        k.set(&text, &words(&text, &[(0, 1), (n - 2, n - 1)]), 1u8);
        assert_eq!(
            k.get(&text, &words(&text, &[(0, 1), (n - 2, n - 1)])),
            Some(1)
        );
        let next = words(&text, &[(n, n + 1), (2 * n - 2, 2 * n - 1)]);
        assert_eq!(k.get(&text, &next), Some(1));
        let other = words(&text, &[(2 * n, 2 * n + 1), (3 * n - 2, 3 * n - 1)]);
        assert_eq!(k.get(&text, &other), None);
    }
}

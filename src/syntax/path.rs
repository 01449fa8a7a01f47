//! Path statements: the common form of Junos/VyOS curly and `set` configurations.
//!
//! `interfaces ge-0/0/1 unit 101 { vlan-id 101; }` and
//! `set interfaces ge-0/0/1 unit 101 vlan-id 101` both become one `PathStatement` with the
//! words `interfaces ge-0/0/1 unit 101 vlan-id 101`, so one extractor serves both forms.

use crate::source::Span;
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// One word of a path. Quoted words are unquoted (escapes resolved) into `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: Text,
    pub span: Span,
}

/// The text of a word, shared: a block header's words (`interfaces xe-0/0/1 unit 101`) are
/// the first words of every statement inside the block, and consecutive `set` lines repeat
/// their prefixes. Cloning is a reference count, not a copy, which keeps flattening cheap in
/// time and memory. Reads like a `&str`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Text(Arc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Arc::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Arc::from(s))
    }
}

impl From<&Text> for String {
    fn from(t: &Text) -> Self {
        t.as_str().to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

/// A leaf statement as the full path from the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStatement {
    pub words: Vec<Word>,
    /// The whole statement (for curly forms: the leaf line).
    pub span: Span,
    /// Deactivated (`inactive:` on it or an ancestor, or a matching `deactivate` line).
    pub inactive: bool,
}

impl PathStatement {
    pub fn word(&self, i: usize) -> Option<&str> {
        self.words.get(i).map(|w| w.text.as_str())
    }
    /// The words joined by spaces (for messages and tests).
    pub fn path_text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
    /// `path_text`, prefixed with `! ` when the statement is inactive (parser tests compare
    /// whole flattened configurations with it).
    #[cfg(test)]
    pub(crate) fn display(&self) -> String {
        let p = self.path_text();
        if self.inactive {
            format!("! {p}")
        } else {
            p
        }
    }
    /// True when the path starts with exactly these words.
    pub fn starts_with(&self, prefix: &[&str]) -> bool {
        prefix.len() <= self.words.len()
            && prefix.iter().zip(&self.words).all(|(p, w)| *p == w.text)
    }
}

/// A comment, kept for inline suppressions (`dxlint-disable`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

/// Reuses the text of recently seen words: keywords (`description`, `unit`, `family`,
/// `address`, `neighbor` …) recur in every block, and sharing them saves an allocation and its
/// memory per word. Direct-mapped by length and first and last byte, so a lookup is one slot
/// and a comparison; a different word in the same slot replaces it.
pub(crate) struct WordCache {
    slots: Vec<Option<Text>>,
}

const WORD_CACHE_SLOTS: usize = 1024;

impl Default for WordCache {
    fn default() -> Self {
        WordCache {
            slots: vec![None; WORD_CACHE_SLOTS],
        }
    }
}

impl WordCache {
    pub fn text(&mut self, s: &str) -> Text {
        let b = s.as_bytes();
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
            return Text::default();
        };
        let key = (b.len() * 31 + first as usize * 7 + last as usize) % WORD_CACHE_SLOTS;
        let slot = &mut self.slots[key];
        match slot {
            Some(t) if t.as_str() == s => t.clone(),
            _ => {
                let t = Text::from(s);
                *slot = Some(t.clone());
                t
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_cache_shares_equal_words_and_never_confuses_different_ones() {
        let mut c = WordCache::default();
        let a = c.text("description");
        let b = c.text("description");
        assert!(Arc::ptr_eq(&a.0, &b.0), "the second one is shared");
        // Same length, first and last byte: same slot, different words.
        let x = c.text("dxxxxn");
        let y = c.text("dyyyyn");
        assert_eq!((x.as_str(), y.as_str()), ("dxxxxn", "dyyyyn"));
        assert_eq!(c.text("dxxxxn"), "dxxxxn");
        assert_eq!(c.text(""), "");
        assert_eq!(c.text("é"), "é");
    }
}

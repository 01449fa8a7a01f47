//! Path statements: the common form of Junos/VyOS curly and `set` configurations.
//!
//! `interfaces ge-0/0/1 unit 101 { vlan-id 101; }` and
//! `set interfaces ge-0/0/1 unit 101 vlan-id 101` both become one `PathStatement` with the
//! words `interfaces ge-0/0/1 unit 101 vlan-id 101`, so one extractor serves both forms.

use crate::source::Span;

/// One word of a path. Quoted words are unquoted (escapes resolved) into `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Span,
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

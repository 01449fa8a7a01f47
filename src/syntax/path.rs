//! Path statements: the common form of Junos/VyOS curly and `set` configurations.
//!
//! `interfaces ge-0/0/1 unit 101 { vlan-id 101; }` and
//! `set interfaces ge-0/0/1 unit 101 vlan-id 101` both become one `PathStatement` with the
//! words `interfaces ge-0/0/1 unit 101 vlan-id 101`, so one extractor serves both forms.

use crate::source::Span;
use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::{ControlFlow, Deref};

/// One word of a path. Quoted words are unquoted (escapes resolved) into `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: Text<'a>,
    pub span: Span,
}

/// The text of a word: borrowed from the configuration text, so reading a word costs no
/// allocation; only a quoted word with escapes (`"a \"b\""`) owns its unescaped text.
/// Reads like a `&str`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text<'_> {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(s: &'a str) -> Self {
        Text(Cow::Borrowed(s))
    }
}

impl From<String> for Text<'_> {
    fn from(s: String) -> Self {
        Text(Cow::Owned(s))
    }
}

impl From<&Text<'_>> for String {
    fn from(t: &Text<'_>) -> Self {
        t.as_str().to_string()
    }
}

impl PartialEq<str> for Text<'_> {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text<'_> {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text<'_>> for str {
    fn eq(&self, other: &Text<'_>) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Text<'_>> for &str {
    fn eq(&self, other: &Text<'_>) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Text<'_>> for String {
    fn eq(&self, other: &Text<'_>) -> bool {
        **self == *other.0
    }
}

/// A quoted word's text with `\x` resolved to `x` for each `x` in `escapable` (the curly
/// form also escapes `'`, `set` lines only `"` and `\`); other backslash sequences are kept
/// as written.
pub(crate) fn unescape(raw: &str, escapable: &[char]) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n) if escapable.contains(&n) => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A leaf statement as the full path from the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStatement<'a> {
    pub words: Vec<Word<'a>>,
    /// The whole statement (for curly forms: the leaf line).
    pub span: Span,
    /// Deactivated (`inactive:` on it or an ancestor, or a matching `deactivate` line).
    pub inactive: bool,
}

impl<'a> PathStatement<'a> {
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

/// Where a parser hands its statements and comments, in text order, one at a time: an
/// extractor that files each statement as it comes keeps memory flat in the file size.
pub trait Sink<'a> {
    /// One statement; the parser reuses its buffer afterwards. `Break` stops the parser
    /// (the caller then reads the file another way).
    fn statement(&mut self, st: &PathStatement<'a>) -> ControlFlow<()>;
    /// A comment, before the statements that follow it in the text.
    fn comment(&mut self, _comment: &Comment) {}
    /// Whether the parser's result should keep every comment too. A sink that takes what it
    /// needs from each comment as it comes says no: a large configuration has a comment
    /// per session (`## SECRET-DATA`), and their texts add up. (The curly parser heeds it.)
    fn keep_comments(&self) -> bool {
        true
    }
    /// A `set`-form command that reaches back to statements already handed over
    /// (`delete`, `deactivate`, `activate`). A streaming sink cannot take it back, so it stops
    /// the parser by default.
    fn edit(&mut self, _command: &str, _path: Vec<String>, _span: Span) -> ControlFlow<()> {
        ControlFlow::Break(())
    }
}

/// Keeps every statement: the whole-file form the parsers' `parse` functions return.
#[derive(Default)]
pub struct Collect<'a> {
    pub statements: Vec<PathStatement<'a>>,
}

impl<'a> Sink<'a> for Collect<'a> {
    fn statement(&mut self, st: &PathStatement<'a>) -> ControlFlow<()> {
        self.statements.push(st.clone());
        ControlFlow::Continue(())
    }
}

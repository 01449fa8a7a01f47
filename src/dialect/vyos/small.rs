//! Spans in 8 bytes, for the records the extractor keeps per neighbor until the end.

use crate::source::{Span, Spanned};

/// A span in 8 bytes, for what is kept per neighbor until the end (configurations are far
/// below 4 GiB: `dxlint` refuses input over 512 MiB).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct At(u32, u32);

impl From<Span> for At {
    fn from(s: Span) -> At {
        let narrow = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        At(narrow(s.start()), narrow(s.len()))
    }
}

impl From<At> for Span {
    fn from(a: At) -> Span {
        Span::new(a.0 as usize, a.1 as usize)
    }
}

/// A value and its [`At`]: a small [`Spanned`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Small<T>(T, At);

impl<T: Clone> Small<T> {
    pub(super) fn new(value: T, span: Span) -> Self {
        Small(value, span.into())
    }
    pub(super) fn spanned(&self) -> Spanned<T> {
        Spanned::new(self.0.clone(), self.1.into())
    }
}

//! Reporters: human (miette), json (the versioned contract), sarif (code scanning), github
//! (workflow annotations), junit (CI test reports).

/// Escaping lives beside `source` (every layer that names input text uses it).
pub use crate::escape;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod redact;
pub mod sarif;
pub mod snippet;

use crate::lint::{Finding, LintResult};
use crate::source::Position;

/// Where a finding is shown by the CI formats, which all need a file: its own span, or for a
/// finding about the AWS side only, line 1 of the config that serves its peering.
pub struct Location<'a> {
    pub file: &'a str,
    pub start: Position,
    pub end: Position,
}

pub fn locate<'a>(r: &'a LintResult, f: &Finding) -> Option<Location<'a>> {
    if let (Some(s), Some(span)) = (f.source, f.span) {
        let (start, end) = r.sources[s].range(span);
        return Some(Location {
            file: &r.sources[s].name,
            start,
            end,
        });
    }
    let src = f.source.or_else(|| {
        let id = f.peering.as_deref()?;
        r.peerings.iter().find(|p| p.id == id)?.source
    })?;
    let line1 = Position { line: 1, column: 1 };
    Some(Location {
        file: &r.sources[src].name,
        start: line1,
        end: line1,
    })
}

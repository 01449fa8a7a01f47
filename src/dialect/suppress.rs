//! `dxlint-disable` comments, read the same way for every vendor: only the comment marker
//! differs (`!` IOS, `#` or `/* */` Junos, `#`, `//` or `/* */` VyOS), and each dialect
//! decides which statement is "the next one".

use crate::model::Suppression;
use crate::rule_id::RuleId;
use crate::source::Span;

/// What one `dxlint-disable[-file] RULE[,RULE] reason` comment says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// `dxlint-disable-file`: the whole file, not just the next statement.
    pub file_wide: bool,
    /// Upper-cased rule ids (`DX603`).
    pub rules: Vec<String>,
    pub reason: String,
}

/// Read a comment's text (marker included); `None` when it is not a dxlint directive.
pub fn parse(comment: &str) -> Option<Directive> {
    let body = comment.trim();
    let body = strip_marker(body).trim();
    let body = body.strip_suffix("*/").unwrap_or(body).trim();
    let (file_wide, rest) = if let Some(r) = body.strip_prefix("dxlint-disable-file") {
        (true, r)
    } else if let Some(r) = body.strip_prefix("dxlint-disable") {
        (false, r)
    } else {
        return None;
    };
    // `dxlint-disabled` or `dxlint-disable-next` are not ours.
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let mut rules = Vec::new();
    let mut reason_start = rest.len();
    let mut pos = 0;
    for tok in rest.split_inclusive(|c: char| c.is_whitespace() || c == ',') {
        let t = tok.trim_matches(|c: char| c.is_whitespace() || c == ',');
        if t.is_empty() {
            pos += tok.len();
            continue;
        }
        if let Some(id) = rule_id(t) {
            rules.push(id);
            pos += tok.len();
        } else {
            reason_start = pos;
            break;
        }
    }
    Some(Directive {
        file_wide,
        rules,
        reason: rest.get(reason_start..).unwrap_or("").trim().to_string(),
    })
}

/// Build the suppression for a comment: `next` is the statement after it (`None` when the
/// comment is the last thing in the file, which then silences nothing and is reported).
pub fn suppression(d: Directive, comment: Span, next: Option<Span>) -> Suppression {
    let target = if d.file_wide {
        None
    } else {
        // An empty span past every finding: matches nothing, so it shows up as unused.
        Some(next.unwrap_or(Span::new(u32::MAX as usize, 0)))
    };
    Suppression {
        rules: d.rules,
        reason: d.reason,
        span: comment,
        target,
    }
}

/// Directives waiting for the statement after them, for extractors that see the statements
/// one at a time, in text order (the streaming parsers): each comment is resolved by the first
/// statement that has a place at or after its end.
#[derive(Default)]
pub struct Pending {
    waiting: std::collections::VecDeque<(Directive, Span)>,
    done: Vec<Suppression>,
}

impl Pending {
    /// A comment as the parser reads it; anything but a directive is ignored.
    pub fn comment(&mut self, text: &str, span: Span) {
        if let Some(d) = parse(text) {
            self.waiting.push_back((d, span));
        }
    }

    /// A statement: `target(end)` is the span it offers a comment that ends at `end`, or
    /// `None` when all of it lies before that end.
    pub fn statement(&mut self, target: impl Fn(usize) -> Option<Span>) {
        while let Some((d, span)) = self.waiting.front() {
            // File-wide directives need no statement; they wait only to keep comment order.
            let t = if d.file_wide {
                None
            } else {
                let Some(t) = target(span.end()) else {
                    break;
                };
                Some(t)
            };
            if let Some((d, span)) = self.waiting.pop_front() {
                self.done.push(suppression(d, span, t));
            }
        }
    }

    /// No directive is waiting (the common case: then a statement costs nothing here).
    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }

    /// The suppressions in comment order; directives with no statement after them silence
    /// nothing.
    pub fn finish(mut self) -> Vec<Suppression> {
        while let Some((d, span)) = self.waiting.pop_front() {
            self.done.push(suppression(d, span, None));
        }
        self.done
    }
}

fn strip_marker(s: &str) -> &str {
    for m in ["/*", "//", "!", "#"] {
        if let Some(r) = s.strip_prefix(m) {
            // `!!` and `##` are common decorations.
            return r.trim_start_matches(['!', '#', '*']);
        }
    }
    s
}

/// `DX603` (any id-shaped word, known or not: a typo is then reported as unused) or a
/// known rule name (`hold-time-differs`), as the id.
fn rule_id(t: &str) -> Option<String> {
    let id_shaped = t.len() >= 3
        && t.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("DX"))
        && t.get(2..)
            .is_some_and(|r| r.bytes().all(|b| b.is_ascii_digit()));
    if id_shaped {
        return Some(t.to_ascii_uppercase());
    }
    RuleId::from_name(t).map(|r| r.as_str().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_comment_form_reads_the_same() {
        for c in [
            "! dxlint-disable DX603,DX604 AWS asked for 30s",
            "# dxlint-disable DX603, DX604 AWS asked for 30s",
            "// dxlint-disable dx603 DX604 AWS asked for 30s",
            "/* dxlint-disable DX603,DX604 AWS asked for 30s */",
            "!! dxlint-disable DX603,DX604   AWS asked for 30s  ",
        ] {
            let d = parse(c).unwrap_or_else(|| panic!("{c}"));
            assert!(!d.file_wide, "{c}");
            assert_eq!(d.rules, vec!["DX603", "DX604"], "{c}");
            assert_eq!(d.reason, "AWS asked for 30s", "{c}");
        }
        let d = parse("/* dxlint-disable hold-time-differs,DX604 why */").unwrap();
        assert_eq!(d.rules, vec!["DX603", "DX604"]);
        assert_eq!(d.reason, "why");
        let d = parse("# dxlint-disable-file DX706").unwrap();
        assert!(d.file_wide);
        assert_eq!(d.rules, vec!["DX706"]);
        assert_eq!(d.reason, "");
    }

    #[test]
    fn other_comments_are_not_directives() {
        for c in [
            "! interface to AWS",
            "# dxlint-disabled DX603",
            "/* see dxlint-disable docs */",
            "!",
        ] {
            assert_eq!(parse(c), None, "{c}");
        }
    }

    #[test]
    fn a_trailing_directive_targets_nothing() {
        let d = parse("! dxlint-disable DX101 x").unwrap();
        let s = suppression(d, Span::new(0, 5), None);
        assert!(s.target.is_some_and(|t| t.start() == u32::MAX as usize));
    }
}

//! `--format github`: workflow commands (`::error file=…,line=…::message`) that GitHub
//! Actions shows as annotations on the pull request's diff.

use super::locate;
use crate::lint::LintResult;
use crate::rules::Severity;

pub fn render(r: &LintResult) -> String {
    let mut out = String::new();
    for f in &r.findings {
        let cmd = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(loc) = locate(r, f) {
            props.push(format!("file={}", property(loc.file)));
            props.push(format!("line={}", loc.start.line));
            props.push(format!("col={}", loc.start.column));
            props.push(format!("endLine={}", loc.end.line));
            props.push(format!(
                "endColumn={}",
                loc.end.column.max(loc.start.column)
            ));
        }
        props.push(format!(
            "title={}",
            property(&format!("{} {}", f.rule, f.name))
        ));
        let mut message = f.message.clone();
        if let Some(p) = &f.peering {
            message.push_str(&format!(" (peering {p})"));
        }
        if let Some(fix) = &f.fix {
            message.push_str("\nfix:\n");
            message.push_str(fix);
        }
        out.push_str(&format!(
            "::{cmd} {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    let n =
        |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    out.push_str(&format!(
        "dxlint: {}, {}, {}, {}\n",
        n(r.sources.len(), "file"),
        n(r.count(Severity::Error), "error"),
        n(r.count(Severity::Warning), "warning"),
        n(r.count(Severity::Info), "info")
    ));
    out
}

/// The escaping the runner undoes for a command's message.
fn data(s: &str) -> String {
    // Control characters (already escaped in messages) never reach the log raw.
    super::escape::multiline(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values also may not contain `:` or `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("50% down\nnext"), "50%25 down%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}

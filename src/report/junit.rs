//! `--format junit`: JUnit XML for CI test reports (GitLab, Jenkins, …). One test suite per
//! config file; one test case per AWS peering (failing when an error finding concerns it) and
//! one for the file's own checks (DX001, DX002, suppressions). Warnings go to system-out.

use super::locate;
use crate::lint::{Finding, LintResult};
use crate::rules::Severity;

pub fn render(r: &LintResult) -> String {
    let mut suites = String::new();
    let (mut total, mut failed) = (0, 0);
    for (si, src) in r.sources.iter().enumerate() {
        let mut cases = Vec::new();
        let own: Vec<&Finding> = r
            .findings
            .iter()
            .filter(|f| f.source == Some(si) && f.peering.is_none())
            .collect();
        cases.push(case(r, &src.name, "file checks", &own));
        for p in r.peerings.iter().filter(|p| p.source == Some(si)) {
            let fs: Vec<&Finding> = r
                .findings
                .iter()
                .filter(|f| {
                    f.peering.as_deref() == Some(p.id.as_str())
                        && (f.source == Some(si) || f.source.is_none())
                })
                .collect();
            let name = format!("{} (predicted {})", p.id, p.predicted_state.as_str());
            cases.push(case(r, &src.name, &name, &fs));
        }
        let n_fail = cases.iter().filter(|c| c.1).count();
        total += cases.len();
        failed += n_fail;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{n_fail}\" errors=\"0\" skipped=\"0\">\n",
            esc(&src.name),
            cases.len()
        ));
        for (xml, _) in cases {
            suites.push_str(&xml);
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"dxlint\" tests=\"{total}\" failures=\"{failed}\" errors=\"0\">\n{suites}</testsuites>\n"
    )
}

/// One test case: its XML and whether it failed.
fn case(r: &LintResult, file: &str, name: &str, findings: &[&Finding]) -> (String, bool) {
    let mut body = String::new();
    let mut out = String::new();
    let mut failed = false;
    for f in findings {
        let at = locate(r, f)
            .map(|l| format!("{}:{}:{}", l.file, l.start.line, l.start.column))
            .unwrap_or_else(|| "AWS".into());
        let mut text = format!("{at}: {} {}: {}", f.rule, f.name, f.message);
        if let Some(fix) = &f.fix {
            text.push_str("\nfix:\n");
            text.push_str(fix);
        }
        if f.severity == Severity::Error {
            failed = true;
            body.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                f.rule,
                esc(&f.message),
                esc(&text)
            ));
        } else {
            out.push_str(&format!("{}: {text}\n", f.severity.as_str()));
        }
    }
    if !out.is_empty() {
        body.push_str(&format!("      <system-out>{}</system-out>\n", esc(&out)));
    }
    let open = format!(
        "    <testcase classname=\"{}\" name=\"{}\"",
        esc(file),
        esc(name)
    );
    let xml = if body.is_empty() {
        format!("{open}/>\n")
    } else {
        format!("{open}>\n{body}    </testcase>\n")
    };
    (xml, failed)
}

/// Escape for XML text and attributes; drop characters XML 1.0 cannot carry.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\t' | '\n' | '\r' => o.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            esc("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}"
        );
    }
}

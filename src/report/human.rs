//! Human output: one miette diagnostic per finding (source line, label, fix in the
//! router's syntax), then one line per peering with the predicted session state.

use super::redact::for_display;
use super::snippet::IndexedSource;
use crate::lint::{Finding, LintResult};
use crate::rules::Severity;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use std::fmt;
use std::sync::Arc;

pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

struct FindingDiag<'a> {
    finding: &'a Finding,
    code: String,
    source: Option<IndexedSource>,
    label: Option<LabeledSpan>,
    help: Option<String>,
}

impl fmt::Debug for FindingDiag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)
    }
}

impl fmt::Display for FindingDiag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiag<'_> {}

impl Diagnostic for FindingDiag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|l| Box::new(std::iter::once(l)) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
}

pub fn render(r: &LintResult, opts: &HumanOptions) -> String {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Message text wraps to the width, at spaces only: `bfd-liveness-detection` and
    // `169.254.100.1/30` are never split at a hyphen or slash.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_break_words(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_context_lines(1);
    // Redact each source once; every snippet shown comes from the redacted text. Only sources
    // a finding quotes: a clean 20 MB configuration need not be copied. Indexed by line once
    // too: miette's own lookup rescans the text for every finding.
    let quoted: std::collections::HashSet<usize> =
        r.findings.iter().filter_map(|f| f.source).collect();
    let redacted: Vec<IndexedSource> = r
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let text = if quoted.contains(&i) {
                for_display(&s.text, r.models.get(i))
            } else {
                String::new()
            };
            IndexedSource::new(s.name.clone(), Arc::new(text))
        })
        .collect();
    let mut out = String::new();
    for f in &r.findings {
        // A span on a line too long to draw is given as file:line:column instead.
        let far = f.source.zip(f.span).filter(|(i, sp)| {
            !super::snippet::drawable(&r.sources[*i].text, sp.start(), sp.len().max(1))
        });
        let source = f
            .source
            .filter(|_| far.is_none())
            .map(|i| redacted[i].share());
        let label = f.span.filter(|_| source.is_some()).map(|sp| {
            let text = match f.stall_state {
                Some(s) => format!("session stalls: {s}"),
                None => "here".to_string(),
            };
            LabeledSpan::new(Some(text), sp.start(), sp.len().max(1))
        });
        let mut help = String::new();
        if let Some((i, sp)) = far {
            let pos = r.sources[i].position(sp.start());
            help.push_str(&format!(
                "at {}:{}:{} (line too long to show)\n",
                r.sources[i].name, pos.line, pos.column
            ));
        }
        if let Some(p) = &f.peering {
            help.push_str(&format!("peering {p}"));
        }
        // The fix's lines are written after miette's help, never through its wrapping: a
        // pasted configuration line must arrive whole, whatever the width.
        if f.fix.is_some() {
            if !help.is_empty() {
                help.push('\n');
            }
            help.push_str("fix:");
        }
        let diag = FindingDiag {
            finding: f,
            code: format!("{} {}", f.rule, f.name),
            source,
            label,
            help: (!help.is_empty()).then(|| help.trim_end().to_string()),
        };
        if handler.render_report(&mut out, &diag).is_err() {
            out.push_str(&format!("{}: {}\n", diag.code, f.message));
        }
        if let Some(fix) = &f.fix {
            push_fix(&mut out, fix);
        }
        out.push('\n');
    }
    for p in &r.peerings {
        let file = p.source.map(|s| r.sources[s].name.as_str()).unwrap_or("-");
        let via = match (&p.neighbor, &p.interface) {
            (Some(n), Some(i)) => format!("neighbor {n} on {i}"),
            (Some(n), None) => format!("neighbor {n}"),
            (None, Some(i)) => format!("interface {i}, no neighbor at the AWS address"),
            (None, None) => "no matching neighbor or interface".into(),
        };
        if p.static_routing {
            let tunnel = p
                .interface
                .as_deref()
                .map(|i| format!(" on {i}"))
                .unwrap_or_default();
            let verdict = match p.decided_by {
                Some(rule) => format!("tunnel stays down [{rule}]"),
                None => "no finding keeps the tunnel down".into(),
            };
            out.push_str(&format!(
                "{}: static routing, no BGP session to check; tunnel{tunnel} ({file}) -> {verdict}\n",
                p.id
            ));
            continue;
        }
        let mut line = format!(
            "{}: {} ({file}) -> predicted {}",
            p.id,
            via,
            state_words(p.predicted_state)
        );
        if let Some(n) = p.notification {
            line.push_str(&format!(", NOTIFICATION {n}"));
        }
        if let Some(rule) = p.decided_by {
            line.push_str(&format!(" [{rule}]"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&format!(
        "{} file{}, {} error{}, {} warning{}, {} info{}\n",
        r.sources.len(),
        plural(r.sources.len()),
        r.count(Severity::Error),
        plural(r.count(Severity::Error)),
        r.count(Severity::Warning),
        plural(r.count(Severity::Warning)),
        r.count(Severity::Info),
        plural(r.count(Severity::Info)),
    ));
    out
}

/// The fix block under miette's `help: … fix:` line, at its indentation, unwrapped.
fn push_fix(out: &mut String, fix: &str) {
    if !out.ends_with('\n') {
        out.push('\n');
    }
    for line in fix.lines() {
        out.push_str(FIX_INDENT);
        out.push_str(line);
        out.push('\n');
    }
}

/// miette indents help continuation lines by 8 columns; fix lines sit 4 further in.
const FIX_INDENT: &str = "            ";

/// The width message text wraps at: `COLUMNS` when set (what shells export and what a
/// user sets for a pipe), else the terminal's, else 100 (a pipe or a file).
pub fn terminal_width() -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|n| *n >= 20)
    {
        return n;
    }
    if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
        if w >= 20 {
            return w as usize;
        }
    }
    100
}

/// A state as a reader says it (as docs/rules.md does); the JSON keeps the identifiers.
fn state_words(s: crate::rules::SessionState) -> &'static str {
    use crate::rules::SessionState as S;
    match s {
        S::EstablishedThenIdle => "Established, then Idle",
        S::EstablishedNoRoutes => "Established, no routes",
        other => other.as_str(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

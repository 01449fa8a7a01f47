//! `--format json`: the stable, versioned report of DESIGN.md §3 (contracts/report-v1.schema.json).

use crate::lint::LintResult;
use crate::rules::Severity;
use serde_json::{json, Value};

pub fn render(r: &LintResult) -> String {
    let findings: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            let (start, end) = match (f.source, f.span) {
                (Some(s), Some(span)) => {
                    let (a, b) = r.sources[s].range(span);
                    (Some(a), Some(b))
                }
                _ => (None, None),
            };
            json!({
                "rule": f.rule,
                "name": f.name,
                "severity": f.severity.as_str(),
                "message": f.message,
                "file": r.file_name(f),
                "line": start.map(|p| p.line),
                "column": start.map(|p| p.column),
                "end_line": end.map(|p| p.line),
                "end_column": end.map(|p| p.column),
                "peering": f.peering,
                "stall_state": f.stall_state,
                "fix": f.fix,
            })
        })
        .collect();
    let peerings: Vec<Value> = r
        .peerings
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "file": p.source.map(|s| r.sources[s].name.as_str()),
                "neighbor": p.neighbor.map(|n| n.to_string()),
                "interface": p.interface,
                "predicted_state": p.predicted_state.as_str(),
                "notification": p.notification,
            })
        })
        .collect();
    let doc = json!({
        "version": 1,
        "findings": findings,
        "peerings": peerings,
        "summary": {
            "files": r.sources.len(),
            "errors": r.count(Severity::Error),
            "warnings": r.count(Severity::Warning),
            "infos": r.count(Severity::Info),
        }
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

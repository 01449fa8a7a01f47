//! `--format sarif`: SARIF 2.1.0 for code scanning. Every rule is described from rules/*.yaml;
//! each result carries a relative artifact URI, a region, and a partialFingerprint that
//! follows the finding across commits (see [`crate::baseline`]).

use super::locate;
use crate::baseline::fingerprints;
use crate::lint::LintResult;
use crate::rules::{meta, Severity};
use serde_json::{json, Value};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Default)]
pub struct SarifOptions {
    /// Absolute URL of docs/rules.md (e.g. on the project's forge); rule help links to
    /// `#dx301` anchors in it. Without it rules carry help text only.
    pub docs_url: Option<String>,
}

pub fn render(r: &LintResult, opts: &SarifOptions) -> String {
    let rules: Vec<Value> = meta::all().iter().map(|m| rule(m, opts)).collect();
    let fps = fingerprints(r);
    let results: Vec<Value> = r
        .findings
        .iter()
        .zip(&fps)
        .map(|(f, fp)| {
            let mut res = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": f.message },
                "partialFingerprints": { "dxlint/v1": fp },
            });
            if let Some(i) = meta::all().iter().position(|m| m.id == f.rule) {
                res["ruleIndex"] = json!(i);
            }
            if let Some(loc) = locate(r, f) {
                let mut artifact = json!({ "uri": uri(loc.file) });
                if !is_absolute(loc.file) {
                    artifact["uriBaseId"] = json!("%SRCROOT%");
                }
                res["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": loc.start.line,
                            "startColumn": loc.start.column,
                            "endLine": loc.end.line,
                            "endColumn": loc.end.column.max(loc.start.column),
                        }
                    }
                }]);
            }
            let mut props = serde_json::Map::new();
            if let Some(p) = &f.peering {
                props.insert("peering".into(), json!(p));
            }
            if let Some(s) = f.stall_state {
                props.insert("stallState".into(), json!(s));
            }
            if let Some(fix) = &f.fix {
                props.insert("fix".into(), json!(fix));
            }
            if !props.is_empty() {
                res["properties"] = Value::Object(props);
            }
            res
        })
        .collect();
    let mut driver = json!({
        "name": "dxlint",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    if let Some(url) = &opts.docs_url {
        driver["informationUri"] = json!(url);
    }
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn rule(m: &meta::RuleMeta, opts: &SarifOptions) -> Value {
    let anchor = m.id.to_lowercase();
    let markdown = format!(
        "{}\n\n**Why it breaks.** {}\n\n**Where the session stalls.** {}\n\n**Fix.** {}\n\nMore: `dxlint explain {}` or docs/rules.md#{anchor}.",
        m.summary.trim(),
        m.rationale.trim(),
        m.stall_state,
        m.fix.trim(),
        m.id
    );
    let mut v = json!({
        "id": m.id,
        "name": m.name,
        "shortDescription": { "text": m.summary.trim() },
        "fullDescription": { "text": m.rationale.trim() },
        "help": { "text": format!("{}\n\nFix: {}", m.summary.trim(), m.fix.trim()), "markdown": markdown },
        "defaultConfiguration": { "level": level(m.severity) },
        "properties": { "tags": [m.family, "bgp", "aws-direct-connect"] },
    });
    if let Some(url) = &opts.docs_url {
        v["helpUri"] = json!(format!("{url}#{anchor}"));
    }
    v
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn is_absolute(path: &str) -> bool {
    path.starts_with('/') || path.as_bytes().get(1) == Some(&b':')
}

/// A file name as a URI reference: `/` separators, reserved characters percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    if is_absolute(path) {
        out.push_str("file://");
        if !path.starts_with('/') {
            out.push('/');
        }
    }
    for c in path.chars() {
        match c {
            '\\' => out.push('/'),
            'A'..='Z'
            | 'a'..='z'
            | '0'..='9'
            | '-'
            | '.'
            | '_'
            | '~'
            | '/'
            | ':'
            | '@'
            | '+'
            | ','
            | '=' => out.push(c),
            _ => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri("routers/edge 1.cfg"), "routers/edge%201.cfg");
        assert_eq!(uri("routers\\a#b.cfg"), "routers/a%23b.cfg");
        assert_eq!(uri("/abs/x.cfg"), "file:///abs/x.cfg");
        assert_eq!(uri("C:\\x.cfg"), "file:///C:/x.cfg");
    }
}

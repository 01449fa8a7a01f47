//! The diagnosis as JSON (the contract of issue 24) or as text for a terminal.

use super::{FileReport, SessionReport};
use crate::rules::meta;
use std::fmt::Write;

/// `{"version": 1, "sessions": [...]}`.
pub fn json(files: &[FileReport]) -> String {
    let sessions: Vec<&SessionReport> = files.iter().flat_map(|f| &f.sessions).collect();
    let v = serde_json::json!({ "version": 1, "sessions": sessions });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// Control characters and escapes from input never reach the terminal as such.
pub fn clean(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

pub fn human(files: &[FileReport]) -> String {
    let mut out = String::new();
    for f in files {
        let _ = write!(out, "{}: {}", clean(&f.file), f.what);
        if f.what == "capture" {
            let _ = write!(out, ", {} packet(s)", f.packets);
        }
        let _ = writeln!(out, ", {} session(s)", f.sessions.len());
        for n in &f.notes {
            let _ = writeln!(out, "  note: {}", clean(n));
        }
        if f.sessions.is_empty() {
            let _ = writeln!(out, "  no BGP or IKE session found");
        }
        for s in &f.sessions {
            let _ = writeln!(
                out,
                "\n  {} session: customer {}, Amazon {}{}{}",
                s.kind,
                s.customer.as_deref().map_or("?".into(), clean),
                s.amazon.as_deref().map_or("?".into(), clean),
                s.vlan.map_or(String::new(), |v| format!(", VLAN {v}")),
                s.peering
                    .as_deref()
                    .map_or(String::new(), |p| format!(", peering {}", clean(p)))
            );
            let _ = write!(out, "    observed: {}", s.observed_state);
            if let Some(p) = s.predicted_state {
                let _ = write!(
                    out,
                    "   predicted: {p} ({})",
                    if s.agrees == Some(true) {
                        "agrees"
                    } else {
                        "differs"
                    }
                );
            }
            out.push('\n');
            if let Some(n) = &s.notification {
                let _ = writeln!(
                    out,
                    "    NOTIFICATION {}, sent by {}",
                    super::bgp::notification_name(n.code, n.subcode),
                    if n.sent_by == "amazon" {
                        "Amazon"
                    } else {
                        "the customer"
                    }
                );
            }
            for r in &s.rules {
                let name = meta::get(r).map_or("", |m| m.name.as_str());
                let _ = writeln!(out, "    {r} {name}");
            }
            for e in &s.evidence {
                let _ = writeln!(out, "    - {}", clean(e));
            }
        }
    }
    out
}

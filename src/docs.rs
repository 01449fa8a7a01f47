//! docs/rules.md, generated from rules/*.yaml (a test fails when the file is stale;
//! `DXLINT_BLESS=1 cargo test --test docs` rewrites it).

use crate::rules::meta;

pub fn rules_markdown() -> String {
    let mut s = String::from(
        "# dxlint rules\n\n<!-- Generated from rules/*.yaml by `DXLINT_BLESS=1 cargo test --test docs`. Do not edit. -->\n\n",
    );
    s.push_str("| ID | name | default severity | where the session stalls |\n|---|---|---|---|\n");
    for r in meta::all() {
        s.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} |\n",
            r.id,
            r.id.to_lowercase(),
            r.name,
            r.severity.as_str(),
            r.stall_state.replace('|', "\\|")
        ));
    }
    for r in meta::all() {
        s.push_str(&format!(
            "\n## {}\n\n**{}** · {} · family {}\n\n{}\n\n",
            r.id,
            r.name,
            r.severity.as_str(),
            r.family,
            r.summary.trim()
        ));
        s.push_str(&format!("**Why it breaks.** {}\n\n", r.rationale.trim()));
        s.push_str(&format!("**Where the session stalls.** {}", r.stall_state));
        if let Some(p) = r.predicts {
            s.push_str(&format!(" (predicted state: `{}`)", p.as_str()));
        }
        s.push_str("\n\n");
        if let Some(n) = &r.notification {
            s.push_str(&format!("**NOTIFICATION.** {n}\n\n"));
        }
        s.push_str(&format!("**What you see.** {}\n\n", r.observed.trim()));
        s.push_str(&format!("**Fix.** {}\n\n", r.fix.trim()));
        s.push_str(&format!(
            "Failing example ({}, against `{}`):\n\n```\n{}\n```\n\nClean example:\n\n```\n{}\n```\n",
            r.example.vendor,
            r.example.aws,
            r.example.failing.trim_end(),
            r.example.clean.trim_end()
        ));
    }
    s
}

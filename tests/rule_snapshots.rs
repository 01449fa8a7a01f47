//! What users see for every rule's own failing example (rules/*.yaml): the JSON and the human
//! report, the rendered fix included, pinned as snapshots (tests/snapshots/).

#[path = "snap/mod.rs"]
mod snap;

use dxlint::model::Vendor;
use dxlint::rules::meta;
use dxlint::testing::{lint_str, testdata};

#[test]
fn every_rule_example_reports_as_pinned() {
    let mut pinned = 0;
    for r in meta::all() {
        let ex = &r.example;
        let Some(aws) = ex.aws.strip_prefix("testdata/") else {
            continue;
        };
        let result = lint_str(&ex.failing, Vendor::parse(&ex.vendor), &testdata(aws));
        snap::assert_reports(&r.id, &result);
        pinned += 1;
    }
    assert!(pinned >= 48, "only {pinned} rule examples pinned");
}

/// Rules whose failing example gets no fix (nothing in the router's configuration corrects
/// it, or the correction is a choice dxlint cannot make), and why.
const NO_FIX: &[(&str, &str)] = &[
    ("DX001", "a malformed line: what was meant is unknown"),
    (
        "DX002",
        "no BGP was read at all: the wrong file or --vendor, not a line to change",
    ),
    (
        "DX010",
        "an unused suppression comment: remove or move it, the operator's call",
    ),
    (
        "DX303",
        "AWS's side: a public VIF with a private ASN needs a new VIF",
    ),
    (
        "DX406",
        "the key length is AWS's and the platform's limit: choose a new key on both sides",
    ),
    (
        "DX407",
        "a type-6 key cannot be read back: nothing to compare or rewrite",
    ),
    (
        "DX702",
        "which prefixes to stop advertising is a routing decision",
    ),
    (
        "DX704",
        "which prefixes belong on the public VIF is a routing decision",
    ),
    ("DX705", "what to advertise is a routing decision"),
    (
        "DX803",
        "AWS reports the VIF down: nothing on the router brings it up",
    ),
];

/// Rules whose rendered fix, applied to the failing example, does not by itself silence the
/// rule, and why. Every other rule's fix is a full correction (DX904's silences the rule but
/// leaves a skeleton: the IKEv2 proposal, keyring and profile it names are still to be written).
const PARTIAL_FIXES: &[(&str, &str)] = &[
    (
        "DX104",
        "Junos fixes are `set` commands (`load set terminal`); the example is curly text",
    ),
    (
        "DX901",
        "a missing tunnel is a note listing what to configure, not configuration lines",
    ),
    (
        "DX922",
        "the router stays behind NAT: the fix sets the IKE identity, the warning remains a reminder",
    ),
];

/// The operator's step the fix leaves out: copy the key from where the placeholder says
/// (`<authKey of dxvif-…, N characters>`, `<PreSharedKey of tunnel N of vpn-…, N characters>`).
fn fill_keys(fix: &str, aws: &serde_json::Value) -> String {
    let mut out = fix.to_string();
    while let Some(start) = out
        .find("<authKey of ")
        .or_else(|| out.find("<PreSharedKey of tunnel "))
    {
        let end = start + out[start..].find('>').expect("placeholder ends");
        let what = &out[start + 1..end];
        let key = if let Some(rest) = what.strip_prefix("authKey of ") {
            let id = rest.split(',').next().unwrap_or("");
            aws["virtualInterfaces"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|v| v["virtualInterfaceId"] == id)
                .and_then(|v| v["authKey"].as_str())
        } else {
            let rest = what.trim_start_matches("PreSharedKey of tunnel ");
            let n: usize = rest
                .split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            aws["VpnConnections"][0]["Options"]["TunnelOptions"][n.saturating_sub(1)]
                ["PreSharedKey"]
                .as_str()
        };
        let key = key.unwrap_or_else(|| panic!("no key for `{what}` in the AWS JSON"));
        out.replace_range(start..=end, key);
    }
    out
}

/// Apply `fix` to `lines` as an operator's text edit of the file: `no X` removes the lines
/// that say `X…`; a line that sets what the finding's line sets (same first two words)
/// replaces it; the rest is pasted at the end (before IOS `end`), re-entering its section.
fn apply(lines: &mut Vec<String>, finding_line: Option<usize>, fix: &str) {
    let mut paste = Vec::new();
    let mut removed = false;
    let mut after_removal = false;
    // An indented line before the removal sets something (a neighbor re-created at a new
    // address before the old one goes), not only the section header that locates it.
    let mut sets_before_removal = false;
    for l in fix.lines() {
        if let Some(rest) = l.trim_start().strip_prefix("no ") {
            lines.retain(|c| !c.trim_start().starts_with(rest));
            removed = true;
        } else {
            after_removal |= removed;
            sets_before_removal |= !removed && l.starts_with(' ');
            paste.push(l.to_string());
        }
    }
    if let (Some(i), Some(last)) = (finding_line, paste.last()) {
        if lines
            .get(i)
            .is_some_and(|c| !key(c).is_empty() && key(c) == key(last))
        {
            lines[i] = last.clone();
            return;
        }
    }
    // Lines before a removal are the section headers that locate it: pasted only when
    // something to set follows.
    if !removed || after_removal || sets_before_removal {
        let at = lines
            .iter()
            .rposition(|l| l.trim() == "end")
            .unwrap_or(lines.len());
        lines.splice(at..at, paste);
    }
}

/// What a configuration line sets: its leading keywords (up to the first value), a neighbor's
/// address included: `neighbor 169.254.100.1 timers` of `neighbor 169.254.100.1 timers 60 180`.
fn key(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for w in s.split_whitespace() {
        let after_neighbor = out.last() == Some(&"neighbor");
        if w.bytes().any(|b| b.is_ascii_digit()) && !after_neighbor {
            break;
        }
        out.push(w);
    }
    out
}

#[test]
fn every_rendered_fix_silences_its_rule() {
    let mut wrong = Vec::new();
    let mut full = 0;
    for r in meta::all() {
        let ex = &r.example;
        let Some(aws) = ex.aws.strip_prefix("testdata/") else {
            continue;
        };
        let vendor = Vendor::parse(&ex.vendor);
        let json = testdata(aws);
        let aws_doc: serde_json::Value = serde_json::from_str(&json).expect("AWS JSON");
        let before = lint_str(&ex.failing, vendor, &json);
        let fixes: Vec<(Option<usize>, String)> = before
            .findings
            .iter()
            .filter(|f| f.rule == r.id)
            .filter_map(|f| {
                let line = f
                    .span
                    .map(|s| ex.failing[..s.start()].matches('\n').count());
                Some((line, fill_keys(f.fix.as_deref()?, &aws_doc)))
            })
            .collect();
        let listed_no_fix = NO_FIX.iter().any(|(id, _)| *id == r.id);
        if fixes.is_empty() != listed_no_fix {
            wrong.push(format!(
                "{}: has a fix: {}, listed in NO_FIX: {listed_no_fix}",
                r.id,
                !fixes.is_empty()
            ));
            continue;
        }
        if fixes.is_empty() {
            continue;
        }
        let mut lines: Vec<String> = ex.failing.lines().map(str::to_string).collect();
        // Replacements first (they keep line numbers), then removals and pastes.
        let mut ordered = fixes.clone();
        ordered.sort_by_key(|(_, fix)| fix.lines().any(|l| l.trim_start().starts_with("no ")));
        for (line, fix) in &ordered {
            apply(&mut lines, *line, fix);
        }
        let config = lines.join("\n") + "\n";
        let after = lint_str(&config, vendor, &json);
        let fires = after.findings.iter().any(|f| f.rule == r.id);
        let partial = PARTIAL_FIXES.iter().any(|(id, _)| *id == r.id);
        if fires != partial {
            wrong.push(format!(
                "{}: fires after the fix: {fires}, listed as partial: {partial}\n--- fixed config ---\n{config}",
                r.id
            ));
        }
        full += usize::from(!fires);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(full >= 30, "only {full} fixes are full corrections");
}

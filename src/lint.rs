//! The driver: configs + peerings → findings and per-peering outcomes.

use crate::dialect;
use crate::error::InputError;
use crate::model::{Afi, Peering, RouterModel, Vendor};
use crate::pair::{self, NeighborHow, Pairing};
use crate::rules::{self, meta, Hit, Limits, PeeringCx, SessionState, Severity};
use crate::source::{SourceFile, Span};
use std::collections::HashMap;
use std::net::IpAddr;

/// Options that shape a run.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    pub vendor: Option<Vendor>,
    pub limits: Limits,
    /// Severity overrides per rule id; `None` turns the rule off.
    pub rule_levels: HashMap<String, Option<Severity>>,
}

/// One reported problem.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Index into `LintResult::sources`; `None` for AWS-side findings.
    pub source: Option<usize>,
    pub span: Option<Span>,
    pub peering: Option<String>,
    pub stall_state: Option<&'static str>,
    /// The corrected line(s) in the router's syntax.
    pub fix: Option<String>,
}

/// The predicted outcome of one AWS peering.
#[derive(Debug, Clone)]
pub struct PeeringOutcome {
    pub id: String,
    pub source: Option<usize>,
    pub neighbor: Option<IpAddr>,
    pub interface: Option<String>,
    pub predicted_state: SessionState,
    pub notification: Option<&'static str>,
    /// The rule that decides the prediction.
    pub decided_by: Option<&'static str>,
    /// A static-routing VPN tunnel: no BGP session to predict (`predicted_state` Unknown;
    /// `decided_by` names the rule that keeps the tunnel itself down, if any).
    pub static_routing: bool,
}

#[derive(Debug, Clone)]
pub struct LintResult {
    pub sources: Vec<SourceFile>,
    pub models: Vec<RouterModel>,
    pub findings: Vec<Finding>,
    pub peerings: Vec<PeeringOutcome>,
}

impl LintResult {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }
    pub fn file_name(&self, f: &Finding) -> Option<&str> {
        f.source.map(|i| self.sources[i].name.as_str())
    }
}

/// Lint every config against every peering. Each peering is checked against the config
/// that serves it best (the only one, when there is one).
pub fn lint(
    sources: Vec<SourceFile>,
    peerings: &[Peering],
    opts: &LintOptions,
) -> Result<LintResult, InputError> {
    let mut models = Vec::with_capacity(sources.len());
    for s in &sources {
        models.push(dialect::extract(s, opts.vendor)?);
    }
    Ok(lint_models(sources, models, peerings, opts))
}

/// Lint already-extracted models (the parallel repository mode extracts on worker threads).
pub fn lint_models(
    sources: Vec<SourceFile>,
    models: Vec<RouterModel>,
    peerings: &[Peering],
    opts: &LintOptions,
) -> LintResult {
    let mut findings = Vec::new();
    // Static-routing VPNs need no BGP: a config without neighbors is fine for them.
    let bgp_expected = peerings.is_empty()
        || peerings
            .iter()
            .any(|p| !p.vpn.as_ref().is_some_and(|v| v.static_routes_only));
    for (i, model) in models.iter().enumerate() {
        for hit in rules::check_file(model, bgp_expected) {
            push(&mut findings, hit, Some(i), None, model, opts);
        }
    }
    // Neighbor addresses that some peering matches exactly: near-miss pairing skips them.
    let claimed: Vec<IpAddr> = peerings.iter().filter_map(|p| p.amazon_ip()).collect();
    let mut outcomes = Vec::new();
    for p in peerings {
        let best = models
            .iter()
            .enumerate()
            .map(|(i, m)| (i, pair::pair(m, p, &claimed_except(&claimed, p))))
            .max_by_key(|(i, pr)| (pr.score(), std::cmp::Reverse(*i)));
        let siblings: Vec<Afi> = peerings
            .iter()
            .filter(|o| o.resource_id == p.resource_id && o.id != p.id)
            .map(|o| o.afi)
            .collect();
        let Some((idx, pairing)) = best else {
            continue;
        };
        let model = &models[idx];
        let mut cx = PeeringCx::new(model, p, &pairing, &opts.limits, &siblings, peerings);
        let hits = rules::check_peering(&mut cx);
        let start = findings.len();
        for hit in hits {
            let src = if hit.aws_only { None } else { Some(idx) };
            push(&mut findings, hit, src, Some(&p.id), model, opts);
        }
        outcomes.push(outcome(p, idx, &pairing, &findings[start..], model));
    }
    suppress(&mut findings, &models, opts);
    // Messages quote names, descriptions and ids from the input: secrets masked and the
    // rest escaped once here, for every output format.
    let secrets: Vec<Vec<String>> = models.iter().map(secret_values).collect();
    for f in &mut findings {
        mask_secrets(f, f.source.map_or(&[][..], |s| &secrets[s]));
        escape_finding(f);
    }
    findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            let line = f
                .source
                .zip(f.span)
                .map(|(s, sp)| sources[s].position(sp.start()).line)
                .unwrap_or(0);
            (f.source.map(|s| sources[s].name.clone()), line, f.rule)
        };
        key(a).cmp(&key(b))
    });
    LintResult {
        sources,
        models,
        findings,
        peerings: outcomes,
    }
}

/// The values (trimmed, 4 characters or more) of every key the dialect recognised in a
/// model (neighbor passwords, IKE pre-shared keys), longest first, for [`mask_secrets`] and
/// the fuzz harness's redaction invariant.
pub(crate) fn secret_values(model: &RouterModel) -> Vec<String> {
    use crate::model::Password;
    let mut out: Vec<String> = model
        .secrets()
        .filter_map(|p| match &p.value {
            Password::Known(s) => Some(s.expose_with(|v| v.trim().to_string())),
            _ => None,
        })
        .filter(|v| v.chars().count() >= 4)
        .collect();
    out.sort_by_key(|v| std::cmp::Reverse(v.len()));
    out.dedup();
    out
}

/// A message never shows a key: a config problem (DX001) that quotes a whole line it could
/// not read (three words or more in backticks), which may hold a key in any spelling, has
/// that quote masked like quoted source; and any message that contains the value of a key
/// the dialect recognised has it masked.
fn mask_secrets(f: &mut Finding, secrets: &[String]) {
    if f.rule == crate::rule_id::RuleId::DX001.as_str() {
        f.message = mask_quoted_lines(&f.message);
    }
    for v in secrets {
        if f.message.contains(v.as_str()) {
            f.message = f
                .message
                .replace(v.as_str(), &"*".repeat(v.chars().count()));
        }
    }
}

/// Each backtick-quoted part of `message` that quotes a line (three words or more) through
/// the keyword redaction; short quotes (`password encrypted`) and the prose stay as written.
fn mask_quoted_lines(message: &str) -> String {
    let parts: Vec<&str> = message.split('`').collect();
    if parts.len() < 3 {
        return message.to_string();
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let quoted = i % 2 == 1 && i + 1 < parts.len();
            if quoted && p.split_whitespace().count() >= 3 {
                crate::report::redact::redact(p)
            } else {
                p.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// Control characters, newlines and terminal escapes from input shown escaped.
fn escape_finding(f: &mut Finding) {
    use crate::escape;
    if let std::borrow::Cow::Owned(m) = escape::text(&f.message) {
        f.message = m;
    }
    if let Some(p) = &mut f.peering {
        if let std::borrow::Cow::Owned(e) = escape::text(p) {
            *p = e;
        }
    }
    if let Some(fix) = &mut f.fix {
        if let std::borrow::Cow::Owned(e) = escape::multiline(fix) {
            *fix = e;
        }
    }
}

fn claimed_except(claimed: &[IpAddr], p: &Peering) -> Vec<IpAddr> {
    let own = p.amazon_ip();
    claimed
        .iter()
        .copied()
        .filter(|a| Some(*a) != own)
        .collect()
}

fn push(
    out: &mut Vec<Finding>,
    hit: Hit,
    source: Option<usize>,
    peering: Option<&str>,
    model: &RouterModel,
    opts: &LintOptions,
) {
    // Every emitted rule has metadata (a test checks it); a missing file must not hide a finding.
    let meta = meta::get(hit.rule.as_str());
    let mut severity = hit
        .severity
        .or(meta.map(|m| m.severity))
        .unwrap_or(Severity::Error);
    if let Some(level) = opts.rule_levels.get(hit.rule.as_str()) {
        match level {
            Some(l) => severity = *l,
            None => return,
        }
    }
    let fix = hit.fix.as_ref().map(|f| dialect::render_fix(f, model));
    out.push(Finding {
        rule: hit.rule.as_str(),
        name: meta.map_or("unknown-rule", |m| m.name.as_str()),
        severity,
        message: hit.message,
        source,
        span: if source.is_some() { hit.span } else { None },
        peering: peering.map(str::to_string),
        stall_state: meta.map(|m| m.stall_state.as_str()).filter(|s| *s != "-"),
        fix,
    });
}

/// The earliest state any finding of this peering stops the session in.
fn outcome(
    p: &Peering,
    idx: usize,
    pairing: &Pairing,
    findings: &[Finding],
    _model: &RouterModel,
) -> PeeringOutcome {
    let mut state = SessionState::Established;
    let mut notification = None;
    let mut decided_by = None;
    for f in findings {
        let Some(meta) = meta::get(f.rule) else {
            continue;
        };
        let Some(pred) = meta.predicts else { continue };
        if f.severity != Severity::Error && pred != SessionState::EstablishedNoRoutes {
            continue;
        }
        if pred < state {
            state = pred;
            notification = meta.notification.as_deref();
            decided_by = Some(f.rule);
        }
    }
    // A Junos `inactive:` neighbor is de-configured, not shut down: Cease 6/3, not 6/2.
    if decided_by == Some("DX801")
        && pairing
            .neighbor
            .is_some_and(|m| m.neighbor.rare().deconfigured)
    {
        notification =
            Some("6/3 Cease: Peer De-configured, sent by the router (only if the session was already up)");
    }
    if pairing.neighbor.is_none() && state == SessionState::Established {
        state = SessionState::Unknown;
    }
    let static_routing = p.vpn.as_ref().is_some_and(|v| v.static_routes_only);
    if static_routing {
        state = SessionState::Unknown;
        notification = None;
    }
    PeeringOutcome {
        id: crate::escape::text(&p.id).into_owned(),
        source: Some(idx),
        neighbor: pairing
            .neighbor
            .filter(|n| n.how == NeighborHow::Exact)
            .map(|n| n.neighbor.addr),
        interface: pairing
            .interface
            .map(|i| crate::escape::text(&i.interface.name).into_owned()),
        predicted_state: state,
        notification,
        decided_by,
        static_routing,
    }
}

/// Drop findings silenced by inline `dxlint-disable` comments, then report each rule a
/// suppression names but that silenced nothing (DX010), so stale comments get cleaned up.
fn suppress(findings: &mut Vec<Finding>, models: &[RouterModel], opts: &LintOptions) {
    // used[file][suppression][rule]
    let mut used: Vec<Vec<Vec<bool>>> = models
        .iter()
        .map(|m| {
            m.suppressions
                .iter()
                .map(|s| vec![false; s.rules.len()])
                .collect()
        })
        .collect();
    findings.retain(|f| {
        let Some(src) = f.source else { return true };
        let mut silenced = false;
        for (si, s) in models[src].suppressions.iter().enumerate() {
            let covers = match (s.target, f.span) {
                (None, _) => true,
                (Some(t), Some(sp)) => {
                    sp.start() >= t.start() && sp.start() < t.end().max(t.start() + 1)
                }
                _ => false,
            };
            if !covers {
                continue;
            }
            for (ri, r) in s.rules.iter().enumerate() {
                if r == f.rule || r == f.name {
                    used[src][si][ri] = true;
                    silenced = true;
                }
            }
        }
        !silenced
    });
    for (src, model) in models.iter().enumerate() {
        for (si, s) in model.suppressions.iter().enumerate() {
            let unused: Vec<&str> = s
                .rules
                .iter()
                .zip(&used[src][si])
                .filter(|(_, u)| !**u)
                .map(|(r, _)| r.as_str())
                .collect();
            if !unused.is_empty() || s.rules.is_empty() {
                let message = unused_message(s, &unused);
                let hit = Hit {
                    rule: crate::rule_id::RuleId::DX010,
                    message,
                    span: Some(s.span),
                    fix: None,
                    severity: None,
                    aws_only: false,
                };
                push(findings, hit, Some(src), None, model, opts);
            }
        }
    }
}

fn unused_message(s: &crate::model::Suppression, unused: &[&str]) -> String {
    let scope = if s.target.is_some() {
        "on the next statement"
    } else {
        "in this file"
    };
    if s.rules.is_empty() {
        return "dxlint-disable names no rule (write `dxlint-disable DX603 reason`): it silences nothing".into();
    }
    format!(
        "dxlint-disable {} silences nothing: no {} finding {scope}; remove it or move it above the statement the finding points at",
        unused.join(","),
        unused.join(" or ")
    )
}

#[cfg(test)]
mod tests {
    use super::mask_quoted_lines;

    #[test]
    fn a_quoted_line_is_masked_a_quoted_keyword_is_not() {
        let m = mask_quoted_lines(
            "`lifetime d-key address 203.0.113.10 key Tunnel0_psk.example1`: expected a lifetime in seconds",
        );
        assert!(!m.contains("Tunnel0_psk"), "{m}");
        assert!(m.ends_with("`: expected a lifetime in seconds"), "{m}");
        let m = "`password encrypted`: the value is not XR's reversible encoding";
        assert_eq!(mask_quoted_lines(m), m);
    }
}

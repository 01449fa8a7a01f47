//! Rule metadata: one YAML file per rule in rules/, embedded at build time.

use serde::Deserialize;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/rule_files.rs"));

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// Where a BGP session ends up; ordered from "never starts" to "fine".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum SessionState {
    Idle,
    Connect,
    Active,
    OpenSent,
    OpenConfirm,
    EstablishedThenIdle,
    EstablishedNoRoutes,
    Established,
    Unknown,
}

impl SessionState {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionState::Idle => "Idle",
            SessionState::Connect => "Connect",
            SessionState::Active => "Active",
            SessionState::OpenSent => "OpenSent",
            SessionState::OpenConfirm => "OpenConfirm",
            SessionState::EstablishedThenIdle => "EstablishedThenIdle",
            SessionState::EstablishedNoRoutes => "EstablishedNoRoutes",
            SessionState::Established => "Established",
            SessionState::Unknown => "Unknown",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub vendor: String,
    pub aws: String,
    /// The AWS data for the clean example when it differs (rules about the AWS side).
    #[serde(default)]
    pub clean_aws: Option<String>,
    pub failing: String,
    pub clean: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    pub id: String,
    pub name: String,
    pub severity: Severity,
    pub family: String,
    pub summary: String,
    pub rationale: String,
    pub stall_state: String,
    #[serde(default)]
    pub predicts: Option<SessionState>,
    #[serde(default)]
    pub notification: Option<String>,
    pub observed: String,
    pub fix: String,
    pub example: Example,
}

/// All rules, sorted by id. Parsed once; a malformed embedded file is a build defect,
/// caught by the test suite, and is skipped rather than aborting a user's run.
pub fn all() -> &'static [RuleMeta] {
    static RULES: OnceLock<Vec<RuleMeta>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut v: Vec<RuleMeta> = RULE_FILES
            .iter()
            .filter_map(|(_, text)| serde_yaml_ng::from_str(text).ok())
            .collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    })
}

pub fn get(id: &str) -> Option<&'static RuleMeta> {
    let all = all();
    all.binary_search_by(|r| r.id.as_str().cmp(id))
        .ok()
        .map(|i| &all[i])
}

/// Parse errors of the embedded files (for tests and `dxlint rules --check`).
pub fn parse_errors() -> Vec<String> {
    RULE_FILES
        .iter()
        .filter_map(|(name, text)| {
            serde_yaml_ng::from_str::<RuleMeta>(text)
                .err()
                .map(|e| format!("rules/{name}.yaml: {e}"))
        })
        .collect()
}

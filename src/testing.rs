//! Helpers for tests (also used by the vendor test suites): lint a config string against
//! an AWS JSON string in one call.

use crate::lint::{lint, LintOptions, LintResult};
use crate::model::Vendor;
use crate::source::SourceFile;

/// Lint `config` (vendor detected when `None`) against VIF or VPN JSON text. Panics on input
/// errors: tests want to know.
pub fn lint_str(config: &str, vendor: Option<Vendor>, aws_json: &str) -> LintResult {
    assert_readings_agree(config);
    let json = SourceFile::new("aws.json", aws_json);
    let peerings = crate::aws::load_any(&json).expect("valid VIF or VPN JSON");
    let opts = LintOptions {
        vendor,
        ..Default::default()
    };
    lint(
        vec![SourceFile::new("router.cfg", config)],
        &peerings,
        &opts,
    )
    .expect("config extracts")
}

/// The rule ids that fired, sorted and deduplicated.
pub fn rule_ids(r: &LintResult) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = r.findings.iter().map(|f| f.rule).collect();
    v.sort();
    v.dedup();
    v
}

/// Read a file under the crate's testdata/ directory.
pub fn testdata(path: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The Junos and VyOS extractors read most files in one streaming pass and the rest whole:
/// wherever streaming applies, both readings must build the same model. Every test that lints
/// a string checks it on its input.
pub fn assert_readings_agree(config: &str) {
    for (vendor, agree) in [
        (
            "Junos",
            crate::dialect::junos::streaming_matches_whole(config),
        ),
        (
            "VyOS",
            crate::dialect::vyos::streaming_matches_whole(config),
        ),
    ] {
        assert_ne!(
            agree,
            Some(false),
            "{vendor}: the streaming and whole-file readings differ"
        );
    }
}

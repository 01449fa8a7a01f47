//! One harness for the fuzz targets, the property test and the regression inputs: any
//! bytes through every stage (decode, detect, extract, lint, every reporter), checking the
//! invariants that must hold for any input. A violated invariant panics, which is what a
//! fuzzer reports as a crash.

use crate::aws::{cgw_xml, vif_json, vpn_json};
use crate::error::InputError;
use crate::lint::{lint_models, LintOptions};
use crate::model::{Peering, Vendor};
use crate::report::{github, human, json, junit, sarif};
use crate::source::SourceFile;
use std::path::Path;
use std::sync::OnceLock;

/// Keys of the fixture VIFs the configs are linted against: no output may contain them
/// unless the config itself does (the reporters quote config lines, masked).
const FIXTURE_KEYS: &[&str] = &[
    "0xDxLintExampleKey01",
    "0xDxLintV6Key_0002",
    "0xPublicKey_dx404",
    "0xTransitKey_dx303",
    "Tunnel1_psk.example1",
    "Tunnel2_psk.example2",
];

/// Peerings from the VIF fixtures (private, dual-stack, public, transit with jumbo frames)
/// and a VPN, so the rules and the pairing run, not only the parsers.
pub fn fixture_peerings() -> &'static [Peering] {
    static P: OnceLock<Vec<Peering>> = OnceLock::new();
    P.get_or_init(|| {
        let mut all = Vec::new();
        for (name, text) in [
            (
                "vif-private.json",
                include_str!("../testdata/aws/vif-private.json"),
            ),
            (
                "vif-private-dualstack.json",
                include_str!("../testdata/aws/vif-private-dualstack.json"),
            ),
            (
                "vif-public.json",
                include_str!("../testdata/aws/vif-public.json"),
            ),
            (
                "vif-transit-jumbo.json",
                include_str!("../testdata/aws/vif-transit-jumbo.json"),
            ),
        ] {
            if let Ok(p) = vif_json::load(&SourceFile::new(name, text)) {
                all.extend(p);
            }
        }
        let vpn = include_str!("../testdata/aws/vpn-example.json");
        if let Ok(p) = vpn_json::load(&SourceFile::new("vpn-example.json", vpn)) {
            all.extend(p);
        }
        all
    })
}

/// The fuzz targets by name (`fuzz/fuzz_targets/NAME.rs` calls this with its own name), so
/// a saved crash input replays exactly as the fuzzer ran it. `false` for an unknown name.
pub fn run_target(name: &str, data: &[u8]) -> bool {
    match name {
        // One indentation parser, two dialects: the first byte picks which.
        "cisco" => {
            if let Some((first, rest)) = data.split_first() {
                let vendor = if first & 1 == 0 {
                    Vendor::CiscoIos
                } else {
                    Vendor::Frr
                };
                config(rest, Some(vendor));
            }
        }
        // The IOS-like platforms on the shared reader, and the firewalls: the first byte picks.
        "cisco_family" | "firewall" => {
            if let Some((first, rest)) = data.split_first() {
                let pick: &[Vendor] = if name == "cisco_family" {
                    &[
                        Vendor::CiscoIosXr,
                        Vendor::CiscoNxos,
                        Vendor::AristaEos,
                        Vendor::CiscoAsa,
                    ]
                } else {
                    &[Vendor::Fortios, Vendor::Panos]
                };
                config(rest, Some(pick[usize::from(*first) % pick.len()]));
            }
        }
        "diagnose" => diagnose(data),
        "junos" => config(data, Some(Vendor::Junos)),
        "vyos" => config(data, Some(Vendor::Vyos)),
        "detect" => config(data, None),
        "vif_json" => vif_json(data),
        "vpn_json" => vpn_json(data),
        "cgw_xml" => cgw_xml(data),
        "project_yaml" => project_yaml(data),
        _ => return false,
    }
    true
}

/// A router config: extract as `vendor` (detect when `None`), lint against the fixture
/// peerings, render human and JSON. Findings must point inside the text, on character
/// boundaries; the fixture keys must not appear in any output.
pub fn config(data: &[u8], vendor: Option<Vendor>) {
    config_formats(data, vendor, true);
}

/// As [`config`]; `sarif: false` skips SARIF, whose rule catalogue makes it the slowest
/// reporter (the property test renders it for a sample of cases only).
pub fn config_formats(data: &[u8], vendor: Option<Vendor>, sarif: bool) {
    let src = SourceFile::from_bytes("fuzz.cfg", data);
    let Ok(model) = crate::dialect::extract(&src, vendor) else {
        return;
    };
    let text = src.text.clone();
    let recognised = recognised_secrets(&model, &text);
    let result = lint_models(
        vec![src],
        vec![model],
        fixture_peerings(),
        &LintOptions::default(),
    );
    for f in &result.findings {
        if let Some(sp) = f.span.filter(|_| f.source.is_some()) {
            assert!(
                sp.end() <= text.len(),
                "{} span {sp:?} past the end",
                f.rule
            );
            assert!(
                text.is_char_boundary(sp.start()) && text.is_char_boundary(sp.end()),
                "{} span {sp:?} splits a character",
                f.rule
            );
        }
    }
    let mut out = human::render(
        &result,
        &human::HumanOptions {
            color: false,
            width: 100,
        },
    );
    out.push_str(&json::render(&result));
    if sarif {
        out.push_str(&sarif::render(&result, &sarif::SarifOptions::default()));
    }
    out.push_str(&github::render(&result));
    out.push_str(&junit::render(&result));
    for k in FIXTURE_KEYS {
        assert!(
            text.contains(k) || !out.contains(k),
            "fixture key {k} in the output"
        );
    }
    // The redaction invariant: no key the parser recognised appears in any output.
    for k in &recognised {
        assert!(
            !out.contains(k.as_str()),
            "a recognised key is in the output"
        );
    }
}

/// The values of the keys the dialect recognised (neighbor passwords, IKE pre-shared keys),
/// decoded, that can be told apart from other text: at least 6 characters, not a plain
/// word (rule texts use words), and nowhere in the masked copy of the config (a key equal
/// to an interface name is shown as the interface name).
fn recognised_secrets(model: &crate::model::RouterModel, text: &str) -> Vec<String> {
    let masked = crate::report::redact::for_display(text, Some(model));
    crate::lint::secret_values(model)
        .into_iter()
        .filter(|v| {
            v.chars().count() >= 6
                && !v
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c == ' ')
                && !masked.contains(v.as_str())
                && !known_text().contains(v.as_str())
        })
        .collect()
}

/// Text every output may contain whatever the config: the rule catalogue (SARIF) and the
/// fixture peerings' JSON (ids, addresses, ASNs quoted in messages). A "key" equal to a
/// piece of it proves nothing.
fn known_text() -> &'static str {
    static T: OnceLock<String> = OnceLock::new();
    T.get_or_init(|| {
        let empty = crate::lint::LintResult {
            sources: Vec::new(),
            models: Vec::new(),
            findings: Vec::new(),
            peerings: Vec::new(),
        };
        let mut t = sarif::render(&empty, &sarif::SarifOptions::default());
        for j in [
            include_str!("../testdata/aws/vif-private.json"),
            include_str!("../testdata/aws/vif-private-dualstack.json"),
            include_str!("../testdata/aws/vif-public.json"),
            include_str!("../testdata/aws/vif-transit-jumbo.json"),
            include_str!("../testdata/aws/vpn-example.json"),
        ] {
            t.push_str(j);
        }
        t
    })
}

/// VIF JSON: peerings, or an input error whose span lies inside the file and renders.
pub fn vif_json(data: &[u8]) {
    let src = SourceFile::from_bytes("fuzz.json", data);
    match vif_json::load(&src) {
        Ok(peerings) => {
            for k in peerings.iter().filter_map(|p| p.auth_key.as_ref()) {
                assert_eq!(format!("{k:?}"), format!("Secret({})", k.describe()));
            }
        }
        Err(e) => {
            render_error(&src, &e);
            json_secrets_hidden(&src, &e);
        }
    }
}

/// Whatever the error, no value the JSON reader masks as a secret (6 characters or more,
/// not present elsewhere in the masked file) appears in the rendered message.
fn json_secrets_hidden(src: &SourceFile, e: &InputError) {
    let masked = crate::aws::json_error::redact(&src.text);
    let (a, b) = (src.text.as_bytes(), masked.as_bytes());
    if a.len() != b.len() {
        return;
    }
    let shown = format!("{e}\n{e:?}");
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            let start = i;
            while i < a.len() && a[i] != b[i] {
                i += 1;
            }
            if let Some(v) = src.text.get(start..i).map(|v| v.trim_matches('"')) {
                if v.len() >= 6 && !masked.contains(v) {
                    assert!(!shown.contains(v), "a JSON secret is in the error message");
                }
            }
        } else {
            i += 1;
        }
    }
}

/// VPN JSON: peerings (one per tunnel), or an input error that points inside the file.
pub fn vpn_json(data: &[u8]) {
    let src = SourceFile::from_bytes("fuzz.json", data);
    match vpn_json::load(&src) {
        Ok(peerings) => {
            for p in &peerings {
                let _ = format!("{p:?}");
            }
        }
        Err(e) => {
            render_error(&src, &e);
            json_secrets_hidden(&src, &e);
        }
    }
}

/// Customer-gateway XML: a connection or a message; never a panic or deep recursion.
pub fn cgw_xml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match cgw_xml::read(&text) {
        Ok(c) => {
            let _ = format!("{c:?}");
        }
        Err(msg) => assert!(!msg.is_empty()),
    }
}

/// `.dxlint.yaml`: a project configuration or an input error at its line. The file sits in
/// a directory that does not exist, so relative paths and globs resolve to nothing. Inputs
/// that could name a path outside it (`/`, `\\`, `..`) are skipped: a pattern like `/**`
/// would walk the whole file system on every run.
pub fn project_yaml(data: &[u8]) {
    let escapes =
        data.iter().any(|&b| b == b'/' || b == b'\\') || data.windows(2).any(|w| w == b"..");
    if escapes {
        return;
    }
    let src = SourceFile::from_bytes("/nonexistent-dxlint-fuzz/.dxlint.yaml", data);
    let path = Path::new("/nonexistent-dxlint-fuzz/.dxlint.yaml");
    if let Err(e) = crate::project::parse(path, &src) {
        render_error(&src, &e);
    }
}

/// An input error renders (as the binary does) without panicking, and its span is valid.
pub fn render_error(src: &SourceFile, e: &InputError) {
    if let InputError::Json { span, .. } = e {
        assert!(
            span.offset() + span.len() <= src.text.len().max(1),
            "{span:?} past the end of {} bytes",
            src.text.len()
        );
    }
    let mut out = String::new();
    if crate::report::snippet::diagnostic_drawable(e) {
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        let _ = handler.render_report(&mut out, e);
    } else {
        out = crate::report::snippet::plain(e);
    }
    assert!(!out.is_empty());
}

/// A capture or `show` output, diagnosed against the fixture peerings: any bytes end in a
/// report or an error, never a panic, and the report renders.
pub fn diagnose(data: &[u8]) {
    let ctx = crate::diagnose::Context {
        peerings: fixture_peerings(),
        lint: None,
    };
    if let Ok(report) =
        crate::diagnose::diagnose_reader("fuzz.pcap", std::io::Cursor::new(data), &ctx)
    {
        let files = [report];
        let _ = crate::diagnose::render::human(&files);
        let _ = crate::diagnose::render::json(&files);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The redaction invariant is not vacuous: the keys of a config are found (a Junos key
    /// glued to the previous statement, which the old line redactor printed), and the
    /// outputs pass it.
    #[test]
    fn recognised_keys_are_collected_and_hidden() {
        let cfg = "protocols {\n bgp {\n  group aws {\n   neighbor 169.254.1.1 {\n    peer-as 64512;authentication-key \"CanaryKey9Z\";\n   }\n  }\n }\n}\n";
        let src = SourceFile::new("t.conf", cfg);
        let model = crate::dialect::extract(&src, Some(Vendor::Junos)).unwrap();
        assert_eq!(recognised_secrets(&model, cfg), vec!["CanaryKey9Z"]);
        config(cfg.as_bytes(), Some(Vendor::Junos));
        vif_json(br#"{"virtualInterfaceId": "dxvif-a", "authKey": ["CanaryKey9Z"]}"#);
    }
}

//! `dxlint diagnose` on saved `show ... neighbors` output. The FRR fixtures (text and JSON)
//! are FRR 8.4's own output, saved by the oracle at the end of each scenario; the Cisco,
//! Junos and Arista fixtures are written after the vendors' documented formats.

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn diagnose(file: &str, aws: &str) -> (Option<i32>, serde_json::Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dxlint"))
        .args(["diagnose", "--format", "json", "--vif-json"])
        .arg(root().join(aws))
        .arg(root().join("testdata/show").join(file))
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (
        out.status.code(),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const VIF: &str = "testdata/aws/vif-private.json";

/// (fixture, AWS data, observed state, rule, NOTIFICATION code/subcode/sender)
#[allow(clippy::type_complexity)]
const CASES: &[(&str, &str, &str, Option<&str>, Option<(u64, u64, &str)>)] = &[
    (
        "cisco-ios-xe-local-asn.txt",
        VIF,
        "OpenSent",
        Some("DX301"),
        Some((2, 2, "amazon")),
    ),
    ("cisco-ios-shutdown.txt", VIF, "Idle", Some("DX801"), None),
    (
        "cisco-ios-xr-prefix-limit.txt",
        VIF,
        "EstablishedThenIdle",
        Some("DX701"),
        Some((6, 1, "amazon")),
    ),
    (
        "cisco-nxos-remote-asn.txt",
        VIF,
        "OpenSent",
        Some("DX302"),
        Some((2, 2, "customer")),
    ),
    (
        "junos-local-asn.txt",
        VIF,
        "OpenSent",
        Some("DX301"),
        Some((2, 0, "amazon")),
    ),
    (
        "arista-eos-local-asn.txt",
        VIF,
        "OpenSent",
        Some("DX301"),
        Some((2, 2, "amazon")),
    ),
    (
        "frr-clean.txt",
        "testdata/captures/clean.vif.json",
        "Established",
        None,
        None,
    ),
    (
        "frr-clean.json",
        "testdata/captures/clean.vif.json",
        "Established",
        None,
        None,
    ),
    (
        "frr-local-asn.txt",
        "testdata/captures/local-asn.vif.json",
        "OpenSent",
        Some("DX301"),
        Some((2, 2, "amazon")),
    ),
    (
        "frr-local-asn.json",
        "testdata/captures/local-asn.vif.json",
        "OpenSent",
        Some("DX301"),
        Some((2, 2, "amazon")),
    ),
    (
        "frr-remote-asn.txt",
        "testdata/captures/remote-asn.vif.json",
        "OpenSent",
        Some("DX302"),
        Some((2, 2, "customer")),
    ),
    (
        "frr-remote-asn.json",
        "testdata/captures/remote-asn.vif.json",
        "OpenSent",
        Some("DX302"),
        Some((2, 2, "customer")),
    ),
    (
        "frr-hold-0.txt",
        "testdata/captures/hold-0.vif.json",
        "OpenSent",
        Some("DX601"),
        Some((2, 6, "amazon")),
    ),
    (
        "frr-hold-0.json",
        "testdata/captures/hold-0.vif.json",
        "OpenSent",
        Some("DX601"),
        Some((2, 6, "amazon")),
    ),
    (
        "frr-prefixes-101.txt",
        "testdata/captures/prefixes-101.vif.json",
        "EstablishedThenIdle",
        Some("DX701"),
        Some((6, 1, "amazon")),
    ),
    (
        "frr-prefixes-101.json",
        "testdata/captures/prefixes-101.vif.json",
        "EstablishedThenIdle",
        Some("DX701"),
        Some((6, 1, "amazon")),
    ),
    (
        "frr-shutdown.txt",
        "testdata/captures/shutdown.vif.json",
        "Idle",
        Some("DX801"),
        None,
    ),
    (
        "frr-shutdown.json",
        "testdata/captures/shutdown.vif.json",
        "Idle",
        Some("DX801"),
        None,
    ),
    (
        "frr-not-activated.txt",
        "testdata/captures/not-activated.vif.json",
        "Idle",
        Some("DX804"),
        None,
    ),
    (
        "frr-not-activated.json",
        "testdata/captures/not-activated.vif.json",
        "Idle",
        Some("DX804"),
        None,
    ),
    (
        "frr-ipv6-not-activated.txt",
        "testdata/captures/ipv6-not-activated.vif.json",
        "OpenSent",
        Some("DX802"),
        Some((2, 7, "customer")),
    ),
    (
        "frr-ipv6-not-activated.json",
        "testdata/captures/ipv6-not-activated.vif.json",
        "OpenSent",
        Some("DX802"),
        Some((2, 7, "customer")),
    ),
    (
        "frr-nothing-advertised.json",
        "testdata/captures/nothing-advertised.vif.json",
        "EstablishedNoRoutes",
        Some("DX705"),
        None,
    ),
];

#[test]
fn each_platform_fixture_maps_to_its_state_and_rule() {
    let mut failures = Vec::new();
    for (file, aws, state, rule, notif) in CASES {
        let (code, v, err) = diagnose(file, aws);
        let Some(s) = v["sessions"].as_array().and_then(|a| a.first()) else {
            failures.push(format!("{file}: no session ({err})"));
            continue;
        };
        let rules: Vec<&str> = s["rules"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r.as_str())
            .collect();
        let n = &s["notification"];
        let got_notif = n["code"].as_u64().map(|c| {
            (
                c,
                n["subcode"].as_u64().unwrap(),
                n["sent_by"].as_str().unwrap(),
            )
        });
        let ok = s["observed_state"] == *state
            && rule.is_none_or(|r| rules.contains(&r))
            && (rule.is_some() || rules.is_empty())
            && got_notif == *notif
            && code == Some(if *state == "Established" { 0 } else { 1 })
            && s["amazon"].as_str().is_some();
        if !ok {
            failures.push(format!(
                "{file}: expected {state} {rule:?} {notif:?}, got {} {rules:?} {got_notif:?} exit {code:?}",
                s["observed_state"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn show_text_is_escaped_and_unknown_text_is_refused() {
    let dir = std::env::temp_dir().join(format!("dxlint-show-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("hostile.txt");
    std::fs::write(
        &f,
        "BGP neighbor is 169.254.100.1,  remote AS 64512, external link\n  BGP state = Idle\n  Last reset 00:00:01, due to BGP Notification received, Bad Peer AS \u{1b}[31mred\u{7}\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dxlint"))
        .arg("diagnose")
        .arg(&f)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text}"
    );
    assert!(text.contains("\\u{1b}[31mred"), "{text}");
    assert!(text.contains("DX301"), "{text}");
    let g = dir.join("notes.txt");
    std::fs::write(&g, "BGP is fine today\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dxlint"))
        .arg("diagnose")
        .arg(&g)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

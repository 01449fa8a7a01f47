//! CLI-level tests: exit codes, the JSON contract, errors that name file and line.

mod common;
use common::*;
use serde_json::Value;

const CLEAN: &str = "testdata/cisco/edge1-clean.cfg";
const FAULTY: &str = "testdata/cisco/edge1-faulty.cfg";
const VIF: &str = "testdata/aws/vif-private.json";

#[test]
fn clean_config_exits_0_and_predicts_established() {
    let o = dxlint(&[CLEAN, "--vif-json", VIF]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("dxvif-ffab1234/ipv4"), "{out}");
    assert!(out.contains("predicted Established"), "{out}");
}

#[test]
fn faulty_config_exits_1_with_the_faults_and_fixes() {
    let o = dxlint(&[FAULTY, "--vif-json", VIF]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for needle in [
        "DX101",
        "DX301",
        "DX404",
        "DX601",
        "encapsulation dot1Q 101",
        "router bgp 65010",
    ] {
        assert!(out.contains(needle), "missing {needle} in\n{out}");
    }
    assert!(
        out.contains("predicted OpenSent") || out.contains("predicted Active"),
        "{out}"
    );
}

#[test]
fn json_output_follows_the_contract() {
    let o = dxlint(&[FAULTY, "--vif-json", VIF, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("JSON output");
    let errs = validate(&schema(), &doc);
    assert!(errs.is_empty(), "{errs:#?}");
    let findings = doc["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    // Sorted by file, line, rule.
    let keys: Vec<(String, i64, String)> = findings
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_i64().unwrap_or(0),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let vlan = findings
        .iter()
        .find(|f| f["rule"] == "DX101")
        .expect("DX101");
    assert_eq!(vlan["line"], 12);
    assert_eq!(vlan["column"], 2);
    assert_eq!(vlan["peering"], "dxvif-ffab1234/ipv4");
    assert!(vlan["fix"]
        .as_str()
        .unwrap()
        .contains("encapsulation dot1Q 101"));
    assert_eq!(doc["peerings"][0]["id"], "dxvif-ffab1234/ipv4");
    assert_eq!(doc["peerings"][0]["neighbor"], "169.254.100.1");
    assert_eq!(doc["summary"]["files"], 1);
    assert!(doc["summary"]["errors"].as_u64().unwrap() >= 4);
}

#[test]
fn clean_json_is_valid_and_empty() {
    let o = dxlint(&[CLEAN, "--vif-json", VIF, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(validate(&schema(), &doc).is_empty());
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0);
    assert_eq!(doc["peerings"][0]["predicted_state"], "Established");
}

#[test]
fn fail_on_warning_and_info_change_the_exit_code() {
    let cfg = std::fs::read_to_string(root().join(CLEAN)).unwrap();
    // Without BFD only an info finding (DX605) remains.
    let no_bfd = write_temp(
        "nobfd.cfg",
        &cfg.replace(" neighbor 169.254.100.1 fall-over bfd\n", ""),
    );
    let p = no_bfd.to_str().unwrap();
    assert_eq!(dxlint(&[p, "--vif-json", VIF]).status.code(), Some(0));
    assert_eq!(
        dxlint(&[p, "--vif-json", VIF, "--fail-on", "warning"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        dxlint(&[p, "--vif-json", VIF, "--fail-on", "info"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let o = dxlint(&["no/such/file.cfg", "--vif-json", VIF]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/file.cfg"), "{}", stderr(&o));

    let bad = write_temp("bad.json", "{\"virtualInterfaces\": [ {\"vlan\": \"x\"} ]}");
    let o = dxlint(&[CLEAN, "--vif-json", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("virtualInterfaces[0].vlan"), "{err}");
    assert!(err.contains("bad.json"), "{err}");

    let o = dxlint(&[CLEAN]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--vif-json"));

    let o = dxlint(&["--bogus-flag"]);
    assert_eq!(o.status.code(), Some(2));

    let unknown = write_temp("unknown.txt", "hello world\nthis is not a router\n");
    let o = dxlint(&[unknown.to_str().unwrap(), "--vif-json", VIF]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--vendor"), "{}", stderr(&o));
}

#[test]
fn a_config_without_bgp_neighbors_is_an_error_not_a_pass() {
    let f = write_temp(
        "nobgp.cfg",
        "hostname x\ninterface Gi1\n ip address 10.0.0.1 255.255.255.0\n",
    );
    let o = dxlint(&[f.to_str().unwrap(), "--vif-json", VIF, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "DX002"));
}

#[test]
fn stdin_is_read_with_dash() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dxlint"))
        .args(["-", "--vif-json", VIF])
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let cfg = std::fs::read(root().join(CLEAN)).unwrap();
    child.stdin.take().unwrap().write_all(&cfg).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn rules_and_explain() {
    let o = dxlint(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("DX301") && out.contains("local-asn-mismatch"),
        "{out}"
    );
    let o = dxlint(&["explain", "DX301"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Bad Peer AS"), "{}", stdout(&o));
    let o = dxlint(&["explain", "DX999"]);
    assert_eq!(o.status.code(), Some(2));
}

//! Issue 19.4: the wrong kind of AWS input is an input error (exit 2) that says what was
//! expected and which flag reads what was given, never a blank peering linted as "Unknown".

mod common;
use common::*;

const CLEAN: &str = "testdata/cisco/edge1-clean.cfg";
const VIF: &str = "testdata/aws/vif-private.json";
const VPN: &str = "testdata/aws/vpn-example.json";

/// Exit 2, no report on stdout, and every needle in stderr.
fn refused(args: &[&str], needles: &[&str]) {
    let o = dxlint(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}\n{}{err}", stdout(&o));
    assert!(!stdout(&o).contains("predicted"), "{}", stdout(&o));
    assert!(!err.contains("vif#1") && !err.contains("vpn-?"), "{err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: `{n}` missing from:\n{err}");
    }
}

#[test]
fn a_vpn_export_given_to_vif_json_names_vpn_json() {
    refused(
        &[CLEAN, "--vif-json", VPN],
        &[
            "describe-vpn-connections",
            "describe-virtual-interfaces",
            "--vpn-json",
        ],
    );
}

#[test]
fn a_vif_export_given_to_vpn_json_names_vif_json() {
    refused(
        &[CLEAN, "--vpn-json", VIF],
        &[
            "describe-virtual-interfaces",
            "describe-vpn-connections",
            "--vif-json",
        ],
    );
}

#[test]
fn empty_object_and_empty_list_are_refused_for_both_flags() {
    let obj = write_temp("empty-object.json", "{}");
    let list = write_temp("empty-list.json", "[]");
    for f in [&obj, &list] {
        let f = f.to_str().unwrap();
        refused(&[CLEAN, "--vif-json", f], &["describe-virtual-interfaces"]);
        refused(&[CLEAN, "--vpn-json", f], &["describe-vpn-connections"]);
    }
}

#[test]
fn json_with_none_of_the_fields_is_refused() {
    let other = write_temp("other.json", r#"{"Reservations":[{"Instances":[]}]}"#);
    let other = other.to_str().unwrap();
    refused(
        &[CLEAN, "--vif-json", other],
        &["none of the fields of a virtual interface", "--vif-json"],
    );
    refused(
        &[CLEAN, "--vpn-json", other],
        &["none of the fields of a VPN connection", "--vpn-json"],
    );
    let list = write_temp("other-list.json", r#"[{"name":"x"}]"#);
    refused(
        &[CLEAN, "--vif-json", list.to_str().unwrap()],
        &["none of the fields of a virtual interface"],
    );
}

#[test]
fn a_terraform_plan_given_to_vif_json_names_terraform() {
    let tf = write_temp(
        "plan.json",
        r#"{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"root_module":{}}}"#,
    );
    refused(
        &[CLEAN, "--vif-json", tf.to_str().unwrap()],
        &["terraform show -json", "--terraform"],
    );
}

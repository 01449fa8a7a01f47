//! Issue 23: Terraform as the AWS side. The same VIF / VPN given as Terraform state and as
//! describe-* JSON yields identical Peerings and findings; plans with unknowns, sensitive
//! values, child modules and gateway references; `.tf` directories with variables.

mod common;
use common::*;
use dxlint::aws::{terraform, vif_json, vpn_json};
use dxlint::lint::{lint, LintOptions, LintResult};
use dxlint::model::Peering;
use dxlint::source::SourceFile;
use dxlint::testing::testdata;

fn tf(path: &str) -> terraform::convert::Converted {
    terraform::load(&root().join("testdata").join(path), &[])
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A Peering as text, without what only AWS's runtime reports (VIF/peer/tunnel state):
/// Terraform does not carry it.
fn shape(p: &Peering) -> String {
    let mut p = p.clone();
    p.resource_state = None;
    p.peer_state = None;
    if let Some(v) = p.vpn.as_mut() {
        v.tunnel_status = None;
    }
    format!("{p:?}")
}

fn findings(r: &LintResult) -> Vec<String> {
    r.findings
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {} {:?} {:?} {:?}",
                f.rule, f.severity, f.message, f.peering, f.span, f.fix
            )
        })
        .collect()
}

fn lint_with(cfg: &str, peerings: &[Peering]) -> LintResult {
    lint(
        vec![SourceFile::new("router.cfg", testdata(cfg))],
        peerings,
        &LintOptions::default(),
    )
    .unwrap()
}

#[test]
fn terraform_state_and_describe_json_give_identical_peerings_and_findings() {
    let cases = [
        (
            "aws/vif-private.json",
            "terraform/equivalence/vif-private.state.json",
            1,
        ),
        (
            "aws/vif-transit-jumbo.json",
            "terraform/equivalence/vif-transit-jumbo.state.json",
            1,
        ),
        (
            "aws/vif-private-dualstack.json",
            "terraform/equivalence/vif-private-dualstack.state.json",
            2,
        ),
        (
            "aws/vpn-example.json",
            "terraform/equivalence/vpn-vgw.state.json",
            2,
        ),
        (
            "aws/vpn-static-tgw.json",
            "terraform/equivalence/vpn-static-tgw.state.json",
            2,
        ),
    ];
    let configs = [
        "cisco/edge1-clean.cfg",
        "cisco/edge1-faulty.cfg",
        "cisco/ios-vpn-ikev1-vti.cfg",
    ];
    let mut compared = 0;
    for (json, state, count) in cases {
        let src = SourceFile::new(json, testdata(json));
        let from_json = if json.contains("vpn") {
            vpn_json::load(&src).unwrap()
        } else {
            vif_json::load(&src).unwrap()
        };
        let from_tf = tf(state);
        assert_eq!(from_tf.peerings.len(), count, "{state}");
        assert!(from_tf.notes.is_empty(), "{state}: {:?}", from_tf.notes);
        for (a, b) in from_json.iter().zip(&from_tf.peerings) {
            assert_eq!(shape(a), shape(b), "{state}");
            // Keys compare by value, not only by their description.
            assert_eq!(a.auth_key, b.auth_key, "{state}");
            assert_eq!(
                a.vpn.as_ref().map(|v| v.psk.clone()),
                b.vpn.as_ref().map(|v| v.psk.clone()),
                "{state}"
            );
        }
        for cfg in configs {
            let (x, y) = (
                lint_with(cfg, &from_json),
                lint_with(cfg, &from_tf.peerings),
            );
            assert_eq!(findings(&x), findings(&y), "{state} on {cfg}");
            compared += x.findings.len();
            let states = |r: &LintResult| -> Vec<String> {
                r.peerings
                    .iter()
                    .map(|o| format!("{} {:?}", o.id, o.predicted_state))
                    .collect()
            };
            assert_eq!(states(&x), states(&y), "{state} on {cfg}");
        }
    }
    // The faulty and mismatched configs give findings: the comparison is not of empty lists.
    assert!(compared > 20, "only {compared} findings compared");
}

/// Keys in the Terraform fixtures: never in any output.
const SECRETS: &[&str] = &[
    "0xDxLintExampleKey01",
    "DxLintExampleKey",
    "TfPlanPsk",
    "0xMalformedSecretKey",
    "Tunnel1_psk",
];

fn no_secrets(o: &std::process::Output) {
    let all = format!("{}{}", stdout(o), stderr(o));
    for s in SECRETS {
        assert!(!all.contains(s), "a key leaked ({s}):\n{all}");
    }
}

fn json_report(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let o = dxlint(&a);
    no_secrets(&o);
    let v = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    let errs = validate(&schema(), &v);
    assert!(errs.is_empty(), "report-v1 schema: {errs:?}");
    (o.status.code(), v)
}

fn rules(v: &serde_json::Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn plan_with_a_child_module_lints_the_vif_by_its_address() {
    let (code, v) = json_report(&[
        "testdata/cisco/edge1-clean.cfg",
        "--terraform",
        "testdata/terraform/plan.json",
    ]);
    assert_eq!(code, Some(0), "{v:#}");
    let p = &v["peerings"][0];
    assert_eq!(
        p["id"],
        "module.dx.aws_dx_private_virtual_interface.edge1/ipv4"
    );
    assert_eq!(p["predicted_state"], "Established");
    let found = rules(&v);
    // The VPN and the other VIF of the plan are not this router's.
    let others: Vec<_> = found.iter().filter(|f| f.0 == "DX020").collect();
    assert_eq!(others.len(), 2, "{found:?}");
    assert!(found.iter().all(|f| f.0 == "DX020"), "{found:?}");
}

#[test]
fn plan_unknowns_are_one_info_per_peering_and_the_gateway_asn_is_resolved() {
    let (code, v) = json_report(&[
        "testdata/cisco/ios-vpn-ikev1-vti.cfg",
        "--terraform",
        "testdata/terraform/plan.json",
    ]);
    assert_eq!(code, Some(0), "{v:#}");
    let notes: Vec<_> = rules(&v).into_iter().filter(|f| f.0 == "DX022").collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].1.starts_with("aws_vpn_connection.hq/tunnel1:"),
        "{notes:?}"
    );
    assert!(notes[0].1.contains("outside IP") && !notes[0].1.contains("pre-shared"));
    assert!(notes[1].1.contains("outside IP") && notes[1].1.contains("pre-shared key"));
    // Every finding is info: unknowns are never errors.
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["severity"] == "info"));
    // The Amazon ASN is the VGW's default (64512: amazon_side_asn unset), the customer ASN the
    // customer gateway's: the BGP sessions are predicted up.
    let tf = tf("terraform/plan.json");
    let t1 = tf
        .peerings
        .iter()
        .find(|p| p.id == "aws_vpn_connection.hq/tunnel1")
        .unwrap();
    assert_eq!(t1.amazon_asn, Some(64512));
    assert_eq!(t1.customer_asn, Some(65010));
    assert!(t1.vpn.as_ref().unwrap().psk.is_some());
    let edge1 = tf.peerings.iter().find(|p| p.id.contains("edge1")).unwrap();
    assert_eq!(
        edge1.amazon_asn,
        Some(64512),
        "from module.dx.aws_dx_gateway.main"
    );
    assert!(edge1.auth_key.is_some());
    let edge2 = tf.peerings.iter().find(|p| p.id.contains("edge2")).unwrap();
    assert_eq!(edge2.amazon_address, None, "unknown, never guessed");
    assert!(
        edge2.secrets_omitted,
        "an unknown key keeps the key checks quiet"
    );
}

#[test]
fn every_report_format_keeps_the_plan_keys_out() {
    for format in ["human", "json", "sarif", "github", "junit"] {
        let o = dxlint(&[
            "testdata/cisco/edge1-faulty.cfg",
            "--terraform",
            "testdata/terraform/plan.json",
            "--format",
            format,
        ]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        no_secrets(&o);
    }
}

#[test]
fn tf_directory_reads_tfvars_locals_and_references() {
    let tf = tf("terraform/hcl-edge1");
    let vif = tf
        .peerings
        .iter()
        .find(|p| p.id == "aws_dx_private_virtual_interface.edge1/ipv4")
        .expect("the VIF by its address");
    assert_eq!(
        vif.vlan,
        Some(101),
        "terraform.tfvars wins over the default; staging.tfvars is not read"
    );
    assert_eq!(vif.customer_asn, Some(65010));
    assert_eq!(vif.amazon_asn, Some(64512), "through aws_dx_gateway.main");
    assert_eq!(
        vif.customer_address.map(|a| a.to_string()).as_deref(),
        Some("169.254.100.2/30"),
        "a template of locals"
    );
    assert!(vif.auth_key.is_none() && vif.secrets_omitted);
    let t1 = tf
        .peerings
        .iter()
        .find(|p| p.id == "aws_vpn_connection.hq/tunnel1")
        .unwrap();
    assert_eq!(t1.kind, dxlint::model::PeeringKind::VpnTgw);
    assert_eq!(t1.amazon_asn, Some(64512), "the transit gateway's default");
    assert_eq!(t1.customer_asn, Some(65010));
    let t2 = tf
        .peerings
        .iter()
        .find(|p| p.id == "aws_vpn_connection.hq/tunnel2")
        .unwrap();
    assert_eq!(t2.customer_address, None, "cidrsubnet() is not evaluated");
    let note = |id: &str| {
        tf.notes
            .iter()
            .find(|(p, _)| p == id)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    };
    assert!(note("aws_vpn_connection.hq/tunnel1").contains("Secrets Manager"));
    assert!(note("aws_vpn_connection.hq/tunnel2").contains("inside addresses"));
    assert!(note("aws_dx_private_virtual_interface.edge1/ipv4").contains("MD5 key"));
    // Through the binary: the VIF lints clean, the key note is an info.
    let (code, v) = json_report(&[
        "testdata/cisco/edge1-clean.cfg",
        "--terraform",
        "testdata/terraform/hcl-edge1",
    ]);
    assert_eq!(code, Some(0), "{v:#}");
    assert!(rules(&v).iter().any(|f| f.0 == "DX022"));
}

/// Exit 2 with every needle in stderr.
fn refused(args: &[&str], needles: &[&str]) {
    let o = dxlint(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}\n{}{err}", stdout(&o));
    no_secrets(&o);
    for n in needles {
        assert!(err.contains(n), "{args:?}: `{n}` missing from:\n{err}");
    }
}

#[test]
fn bad_terraform_inputs_are_input_errors() {
    let cfg = "testdata/cisco/edge1-clean.cfg";
    refused(
        &[cfg, "--terraform", "testdata/terraform/malformed"],
        &["malformed/main.tf:3:", "malformed HCL"],
    );
    refused(
        &[cfg, "--terraform", "testdata/terraform/accepter"],
        &["accepter", "no BGP fields", "--vif"],
    );
    refused(
        &[cfg, "--terraform", "testdata/aws/vif-private.json"],
        &["not `terraform show -json` output", "--vif-json"],
    );
    let empty = write_temp("tf-empty.json", "{}");
    refused(
        &[cfg, "--terraform", empty.to_str().unwrap()],
        &["not `terraform show -json` output", "format_version"],
    );
    let broken = write_temp(
        "tf-broken.json",
        "{\n  \"format_version\": \"1.2\",\n  oops\n}",
    );
    refused(
        &[cfg, "--terraform", broken.to_str().unwrap()],
        &["tf-broken.json:3:", "not JSON"],
    );
    let vpc_only = write_temp(
        "tf-vpc.json",
        r#"{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_vpc.main","mode":"managed","type":"aws_vpc","name":"main","values":{"cidr_block":"10.0.0.0/16"}}]}}}"#,
    );
    refused(
        &[cfg, "--terraform", vpc_only.to_str().unwrap()],
        &[
            "no Direct Connect VIF or VPN connection",
            "aws_vpn_connection",
        ],
    );
}

#[test]
fn dxlint_yaml_targets_take_terraform_and_resource() {
    let dir = std::env::temp_dir().join(format!("dxlint-tf-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("routers")).unwrap();
    std::fs::create_dir_all(dir.join("infra")).unwrap();
    std::fs::write(
        dir.join("routers/edge1.cfg"),
        testdata("cisco/edge1-clean.cfg"),
    )
    .unwrap();
    std::fs::write(dir.join("infra/plan.json"), testdata("terraform/plan.json")).unwrap();
    let run = |yaml: &str| {
        std::fs::write(dir.join(".dxlint.yaml"), yaml).unwrap();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_dxlint"))
            .args(["--format", "json"])
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        no_secrets(&o);
        o
    };
    // Pinned: only the VIF, no "not on this router" notes.
    let o = run("targets:\n  - config: routers/edge1.cfg\n    terraform: infra/plan.json\n    resource: module.dx.aws_dx_private_virtual_interface.edge1\n");
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(rules(&v).is_empty(), "{v:#}");
    assert_eq!(v["peerings"].as_array().unwrap().len(), 1);
    // Pinned to the other VIF, whose addresses AWS assigns on apply: linted, nothing guessed
    // (no error, the prediction Unknown) and the unknowns said once.
    let o = run("targets:\n  - config: routers/edge1.cfg\n    terraform: infra/plan.json\n    resource: [aws_dx_private_virtual_interface.edge2]\n");
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["peerings"][0]["predicted_state"], "Unknown");
    let found = rules(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "DX022");
    assert!(found[0].1.contains("inside addresses"), "{found:?}");
    // Without resource: the account-wide selection.
    let o = run("targets:\n  - config: routers/edge1.cfg\n    terraform: infra/plan.json\n");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).matches("DX020").count(), 2, "{}", stdout(&o));
    // A pin that names nothing, a path that does not exist: input errors at their line.
    let o = run("targets:\n  - config: routers/edge1.cfg\n    terraform: infra/plan.json\n    resource: aws_vpn_connection.nope\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("aws_vpn_connection.nope"),
        "{}",
        stderr(&o)
    );
    let o = run("targets:\n  - config: routers/edge1.cfg\n    terraform: infra/missing.json\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("infra/missing.json"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn picks_span_several_terraform_inputs() {
    let paths = [
        root().join("testdata/terraform/plan.json"),
        root().join("testdata/terraform/hcl-edge1"),
    ];
    let picks = ["aws_dx_private_virtual_interface.edge2".to_string()];
    let got = terraform::load_all(&paths, &picks).unwrap();
    let ids: Vec<&str> = got
        .iter()
        .flat_map(|(_, c)| c.peerings.iter().map(|p| p.id.as_str()))
        .collect();
    assert_eq!(ids, ["aws_dx_private_virtual_interface.edge2/ipv4"]);
    let e = terraform::load_all(&paths, &["aws_vpn_connection.nope".to_string()])
        .err()
        .expect("a pick in neither input");
    assert!(e.to_string().contains("aws_vpn_connection.nope"), "{e}");
}

#[test]
fn public_vif_from_tf_keeps_its_route_filter_prefixes() {
    let dir = std::env::temp_dir().join(format!("dxlint-tf-public-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        r#"
resource "aws_dx_public_virtual_interface" "pub" {
  connection_id         = "dxcon-fgab5678"
  name                  = "edge1-public"
  vlan                  = 7
  address_family        = "ipv4"
  bgp_asn               = 64496
  amazon_address        = "203.0.113.1/30"
  customer_address      = "203.0.113.2/30"
  bgp_auth_key          = "0xDxLintExampleKey01"
  route_filter_prefixes = ["198.51.100.0/24", "192.0.2.0/25"]
}
"#,
    )
    .unwrap();
    let got = terraform::load(&dir, &[]).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let p = &got.peerings[0];
    assert_eq!(p.id, "aws_dx_public_virtual_interface.pub/ipv4");
    assert_eq!(p.kind, dxlint::model::PeeringKind::PublicVif);
    assert_eq!(p.prefix_limit, 1000);
    let prefixes: Vec<String> = p
        .route_filter_prefixes
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(prefixes, ["198.51.100.0/24", "192.0.2.0/25"]);
    assert!(got.notes.is_empty(), "{:?}", got.notes);
}

#[test]
fn sensitive_non_key_values_are_not_read_and_said_so() {
    // A customer address from a sensitive variable: in after_sensitive, so never used in a
    // message; the note names the attribute, not its value.
    let mut plan: serde_json::Value =
        serde_json::from_str(&testdata("terraform/plan.json")).unwrap();
    for c in plan["resource_changes"].as_array_mut().unwrap() {
        if c["address"] == "module.dx.aws_dx_private_virtual_interface.edge1" {
            c["change"]["after_sensitive"]["customer_address"] = serde_json::json!(true);
        }
    }
    let plan = plan.to_string();
    let path = write_temp("plan-sensitive.json", &plan);
    let got = terraform::load(&path, &[]).unwrap();
    let edge1 = got
        .peerings
        .iter()
        .find(|p| p.id.contains("edge1"))
        .unwrap();
    assert_eq!(edge1.customer_address, None);
    let note = got
        .notes
        .iter()
        .find(|(id, _)| id == &edge1.id)
        .map(|(_, m)| m.as_str())
        .unwrap_or("");
    assert!(
        note.contains("sensitive") && note.contains("customer_address"),
        "{note}"
    );
    assert!(!note.contains("169.254.100.2"), "{note}");
}

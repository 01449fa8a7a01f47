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

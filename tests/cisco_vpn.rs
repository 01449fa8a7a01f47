//! IOS Site-to-Site VPN end to end: the crypto configuration of the two IOS fixtures read
//! against the AWS VPN fixtures, clean and with one fault each; fixes in IOS syntax.

use dxlint::aws::vpn_json;
use dxlint::lint::{lint, LintOptions, LintResult};
use dxlint::model::Vendor;
use dxlint::source::SourceFile;
use dxlint::testing::{rule_ids, testdata};

const KEYS: [&str; 2] = ["Tunnel1_psk.example1", "Tunnel2_psk.example2"];

fn run(cfg: &str, vpn: &str) -> LintResult {
    let json = SourceFile::new("vpn.json", testdata(vpn));
    let peerings = vpn_json::load(&json).expect("valid VPN JSON");
    let opts = LintOptions {
        vendor: Some(Vendor::CiscoIos),
        ..Default::default()
    };
    lint(vec![SourceFile::new("router.cfg", cfg)], &peerings, &opts).expect("config extracts")
}

fn ikev1() -> String {
    testdata("cisco/ios-vpn-ikev1-vti.cfg")
}

fn ikev2() -> String {
    testdata("cisco/ios-vpn-ikev2-gcm.cfg")
}

fn with(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "fixture lacks {from:?}");
    base.replacen(from, to, 1)
}

/// The one finding of `rule`, checked for leaked keys.
fn only<'r>(r: &'r LintResult, rule: &str) -> &'r dxlint::lint::Finding {
    let hits: Vec<_> = r.findings.iter().filter(|f| f.rule == rule).collect();
    assert_eq!(hits.len(), 1, "{rule}: {:?}", rule_ids(r));
    for f in &r.findings {
        let text = format!("{} {}", f.message, f.fix.as_deref().unwrap_or(""));
        for k in KEYS {
            assert!(!text.contains(k), "{}: a pre-shared key leaked", f.rule);
        }
    }
    hits[0]
}

#[test]
fn clean_fixtures_have_no_findings() {
    for (cfg, vpn) in [
        (ikev1(), "aws/vpn-example.json"),
        (ikev2(), "aws/vpn-ikev2-only.json"),
        (ikev2(), "aws/vpn-example.json"),
    ] {
        let r = run(&cfg, vpn);
        assert!(r.findings.is_empty(), "{vpn}: {:?}", rule_ids(&r));
    }
}

#[test]
fn ikev1_router_against_an_ikev2_only_vpn() {
    let r = run(&ikev1(), "aws/vpn-ikev2-only.json");
    let hits = r.findings.iter().filter(|f| f.rule == "DX904").count();
    assert_eq!(hits, 2, "{:?}", rule_ids(&r));
    let fix = r.findings[0].fix.as_deref().unwrap_or("");
    assert!(
        fix.contains("crypto ipsec profile ipsec-vpn-0a11b22c33d44e55f-"),
        "{fix}"
    );
}

#[test]
fn wrong_and_swapped_keys() {
    // Tunnel 1 holds tunnel 2's key (in clear; tunnel 2 keeps its type 7 copy).
    let cfg = with(
        &ikev1(),
        "key Tunnel1_psk.example1",
        "key Tunnel2_psk.example2",
    );
    let r = run(&cfg, "aws/vpn-example.json");
    let f = only(&r, "DX907");
    assert!(f.message.contains("tunnel 2"), "{}", f.message);
    let fix = f.fix.as_deref().unwrap_or("");
    assert!(
        fix.starts_with("crypto keyring keyring-vpn-0a11b22c33d44e55f-0\n pre-shared-key address 203.0.113.10 key <PreSharedKey"),
        "{fix}"
    );
    // IKEv2: the key fix goes into the keyring's peer block.
    let cfg = with(
        &ikev2(),
        "pre-shared-key Tunnel1_psk.example1",
        "pre-shared-key Tunnel1_psk.example9",
    );
    let r = run(&cfg, "aws/vpn-ikev2-only.json");
    let fix = only(&r, "DX907").fix.clone().unwrap_or_default();
    assert!(
        fix.starts_with("crypto ikev2 keyring AWS-KEYRING\n peer aws-tunnel-1\n  address 203.0.113.10\n  pre-shared-key <PreSharedKey"),
        "{fix}"
    );
}

#[test]
fn phase2_faults_on_the_transform_set_and_the_profile() {
    let cfg = with(&ikev1(), "esp-aes esp-sha-hmac", "esp-3des esp-sha-hmac");
    let r = run(&cfg, "aws/vpn-example.json");
    let f = only(&r, "DX906");
    assert!(f.message.contains("3DES"), "{}", f.message);
    assert!(f
        .fix
        .as_deref()
        .unwrap_or("")
        .contains("crypto ipsec profile ipsec-vpn-0a11b22c33d44e55f-1\n set transform-set AWS-TS"));
    // PFS lives in the ipsec profile on IOS: group 1 is not accepted by AWS.
    let cfg = with(&ikev1(), "set pfs group2", "set pfs group1");
    let r = run(&cfg, "aws/vpn-example.json");
    assert!(only(&r, "DX906").message.contains("group 1"));
}

#[test]
fn lifetimes_set_in_profiles_are_the_ones_checked() {
    // IKEv2: the profile's lifetime, not the proposal's (which has none on IOS).
    let cfg = with(&ikev2(), " lifetime 28800\n", " lifetime 86400\n");
    let r = run(&cfg, "aws/vpn-ikev2-only.json");
    let f = only(&r, "DX909");
    assert!(f.message.contains("86400"), "{}", f.message);
    assert_eq!(
        f.fix.as_deref(),
        Some("crypto ikev2 profile AWS-PROFILE-1\n lifetime 28800")
    );
    // IPsec: `set security-association lifetime` in the ipsec profile.
    let cfg = with(&ikev1(), "lifetime seconds 3600", "lifetime seconds 7200");
    let r = run(&cfg, "aws/vpn-example.json");
    let f = only(&r, "DX909");
    assert_eq!(
        f.fix.as_deref(),
        Some("crypto ipsec profile ipsec-vpn-0a11b22c33d44e55f-0\n set security-association lifetime seconds 3600")
    );
}

#[test]
fn missing_dpd_is_fixed_in_the_ikev2_profile() {
    let cfg = with(&ikev2(), " dpd 10 3 on-demand\n", "");
    let r = run(&cfg, "aws/vpn-ikev2-only.json");
    let f = only(&r, "DX909");
    assert!(f.message.contains("dead peer detection"), "{}", f.message);
    assert_eq!(
        f.fix.as_deref(),
        Some("crypto ikev2 profile AWS-PROFILE-1\n dpd 10 10 on-demand")
    );
}

#[test]
fn wrong_peer_address_points_at_the_tunnel_and_the_crypto() {
    let cfg = ikev1().replace("203.0.113.10", "203.0.113.11");
    let r = run(&cfg, "aws/vpn-example.json");
    let fixes: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.rule == "DX902")
        .filter_map(|f| f.fix.as_deref())
        .collect();
    assert!(
        fixes
            .iter()
            .any(|f| f.contains("tunnel destination 203.0.113.10")),
        "{fixes:?}"
    );
    assert!(
        fixes.iter().any(|f| f.contains("crypto isakmp profile isakmp-vpn-0a11b22c33d44e55f-0\n no match identity address 203.0.113.11 255.255.255.255\n match identity address 203.0.113.10 255.255.255.255")),
        "{fixes:?}"
    );
}

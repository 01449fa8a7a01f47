//! The Direct Connect rules on firewalls that carry a VIF: an ASA sub-interface with `vlan
//! N`, a FortiOS VLAN interface, a PAN-OS layer-3 unit with `tag`. Each fixture is clean
//! against `testdata/aws/vif-private.json` (VLAN 101, 169.254.100.2/30, ASN 65010 to 64512,
//! MD5 key, BFD); each fault fires its rule in every firewall's syntax.

use dxlint::aws::vif_json;
use dxlint::lint::{lint, LintOptions, LintResult};
use dxlint::rules::SessionState;
use dxlint::source::SourceFile;
use dxlint::testing::{rule_ids, testdata};

const FIXTURES: [&str; 3] = ["asa/dx-vif.cfg", "fortios/dx-vif.conf", "panos/dx-vif.set"];
const KEY: &str = "0xDxLintExampleKey01";

fn run(config: &str) -> LintResult {
    let peerings = vif_json::load(&SourceFile::new(
        "vif.json",
        testdata("aws/vif-private.json"),
    ))
    .expect("valid VIF JSON");
    let r = lint(
        vec![SourceFile::new("fw.cfg", config)],
        &peerings,
        &LintOptions::default(),
    )
    .expect("config extracts");
    for f in &r.findings {
        let text = format!("{} {}", f.message, f.fix.as_deref().unwrap_or(""));
        assert!(!text.contains(KEY), "{} shows the key: {text}", f.rule);
    }
    r
}

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "edit `{from}` does not apply");
    text.replace(from, to)
}

fn fires(rule: &str, faults: [(&str, &str); 3]) {
    for (file, (from, to)) in FIXTURES.iter().zip(faults) {
        let r = run(&edit(&testdata(file), from, to));
        assert!(
            rule_ids(&r).contains(&rule),
            "{file}: {rule} does not fire: {:?}",
            r.findings
                .iter()
                .map(|f| format!("{} {}", f.rule, f.message))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn clean_vifs_are_quiet_and_established() {
    for file in FIXTURES {
        let r = run(&testdata(file));
        assert!(
            r.findings.is_empty(),
            "{file}: {:?}",
            r.findings
                .iter()
                .map(|f| format!("{} {}", f.rule, f.message))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            r.peerings[0].predicted_state,
            SessionState::Established,
            "{file}"
        );
    }
}

#[test]
fn wrong_vlan() {
    fires(
        "DX101",
        [
            (" vlan 101\n", " vlan 102\n"),
            ("set vlanid 101", "set vlanid 102"),
            ("tag 101", "tag 102"),
        ],
    );
}

#[test]
fn wrong_customer_address() {
    fires(
        "DX202",
        [
            (
                "169.254.100.2 255.255.255.252",
                "169.254.101.2 255.255.255.252",
            ),
            (
                "set ip 169.254.100.2 255.255.255.252",
                "set ip 169.254.101.2 255.255.255.252",
            ),
            (
                "units ethernet1/3.101 ip 169.254.100.2/30",
                "units ethernet1/3.101 ip 169.254.101.2/30",
            ),
        ],
    );
}

#[test]
fn wrong_md5_key() {
    fires(
        "DX403",
        [
            (
                "password 0 0xDxLintExampleKey01",
                "password 0 0xDxLintExampleKey02",
            ),
            (
                "set password 0xDxLintExampleKey01",
                "set password 0xDxLintExampleKey02",
            ),
            ("secret 0xDxLintExampleKey01", "secret 0xDxLintExampleKey02"),
        ],
    );
}

#[test]
fn wrong_peer_asn() {
    fires(
        "DX302",
        [
            ("remote-as 64512", "remote-as 64513"),
            ("set remote-as 64512", "set remote-as 64513"),
            ("peer-as 64512", "peer-as 64513"),
        ],
    );
}

/// The key as `show running-config` prints it (ASA `*****`, FortiOS `ENC`, PAN-OS `-AQ==`):
/// unverifiable, never a mismatch.
#[test]
fn hidden_md5_keys_are_not_mismatches() {
    let hidden = [
        ("password 0 0xDxLintExampleKey01", "password 0 *****"),
        (
            "set password 0xDxLintExampleKey01",
            "set password ENC Zm9vYmFyYmF6cXV4cXV1eA==",
        ),
        (
            "secret 0xDxLintExampleKey01",
            "secret -AQ==Zm9vYmFyYmF6cXV4=Zm9vYmFy",
        ),
    ];
    for (file, (from, to)) in FIXTURES.iter().zip(hidden) {
        let r = run(&edit(&testdata(file), from, to));
        assert!(!rule_ids(&r).contains(&"DX403"), "{file}");
        assert!(!rule_ids(&r).contains(&"DX402"), "{file}");
    }
}

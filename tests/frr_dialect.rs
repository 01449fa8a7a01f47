//! FRR (`--vendor frr`): the IOS-like extractor plus what FRR does differently — VLANs come
//! from Linux sub-interface names, a trailing blank after a password is dropped by FRR's CLI,
//! and FRR refuses a hold time of 1-2 s.

use dxlint::model::Vendor;
use dxlint::rules::SessionState;
use dxlint::testing::{lint_str, rule_ids, testdata};

fn clean() -> String {
    testdata("frr/edge1-clean.conf")
}

fn lint_frr(cfg: &str) -> dxlint::lint::LintResult {
    lint_str(cfg, Some(Vendor::Frr), &testdata("aws/vif-private.json"))
}

fn with(from: &str, to: &str) -> String {
    let c = clean();
    assert!(c.contains(from), "fixture lacks {from:?}");
    c.replacen(from, to, 1)
}

fn predicted(cfg: &str) -> SessionState {
    let r = lint_frr(cfg);
    assert_eq!(r.peerings.len(), 1);
    r.peerings[0].predicted_state
}

#[test]
fn clean_frr_config_is_predicted_established_without_errors() {
    let r = lint_frr(&clean());
    let errors: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity == dxlint::rules::Severity::Error)
        .map(|f| (f.rule, f.message.clone()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(r.peerings[0].predicted_state, SessionState::Established);
    assert_eq!(
        r.peerings[0].neighbor.map(|a| a.to_string()).as_deref(),
        Some("169.254.100.1")
    );
}

#[test]
fn vlan_comes_from_the_linux_subinterface_name() {
    let r = lint_frr(&with("interface eth0.101", "interface eth0.102"));
    assert!(rule_ids(&r).contains(&"DX101"), "{:?}", rule_ids(&r));
    let r = lint_frr(&with("interface eth0.101", "interface eth0"));
    assert!(rule_ids(&r).contains(&"DX102"), "{:?}", rule_ids(&r));
    // IOS reads the name as a name only: the VLAN comes from `encapsulation dot1Q`.
    let ios = lint_str(
        &with("interface eth0.101", "interface eth0.102"),
        Some(Vendor::CiscoIos),
        &testdata("aws/vif-private.json"),
    );
    assert!(!rule_ids(&ios).contains(&"DX101"));
}

#[test]
fn frr_drops_a_trailing_blank_after_the_password() {
    let cfg = with("0xDxLintExampleKey01\n", "0xDxLintExampleKey01 \n");
    let r = lint_frr(&cfg);
    assert!(!rule_ids(&r).contains(&"DX404"), "{:?}", rule_ids(&r));
    assert_eq!(predicted(&cfg), SessionState::Established);
    // IOS keeps it, and the keys differ.
    let ios = lint_str(
        &cfg,
        Some(Vendor::CiscoIos),
        &testdata("aws/vif-private.json"),
    );
    assert!(rule_ids(&ios).contains(&"DX404"), "{:?}", rule_ids(&ios));
}

#[test]
fn frr_refuses_hold_time_two_and_keeps_its_defaults() {
    let cfg = with("timers 30 90", "timers 1 2");
    let r = lint_frr(&cfg);
    let ids = rule_ids(&r);
    assert!(ids.contains(&"DX001"), "{ids:?}");
    assert!(!ids.contains(&"DX602"), "{ids:?}");
    // The default (180 s) negotiates down to AWS's 90 s: the session comes up.
    assert_eq!(predicted(&cfg), SessionState::Established);
    // Hold 0 is legal FRR syntax and reaches the wire.
    let zero = with("timers 30 90", "timers 0 0");
    assert!(rule_ids(&lint_frr(&zero)).contains(&"DX601"));
    assert_eq!(predicted(&zero), SessionState::OpenSent);
}

#[test]
fn frr_specific_lines_are_understood() {
    let cfg = with(
        "remote-as 64512",
        "remote-as external\n neighbor 169.254.100.1 shutdown",
    );
    let r = lint_frr(&cfg);
    assert!(!rule_ids(&r).contains(&"DX302"), "{:?}", rule_ids(&r));
    assert!(rule_ids(&r).contains(&"DX801"), "{:?}", rule_ids(&r));
    assert_eq!(predicted(&cfg), SessionState::Idle);
    let many: String = (0..101)
        .map(|i| format!("  network 10.10.{i}.0/24\n"))
        .collect();
    let cfg = with("  network 10.10.0.0/16\n", &many)
        .replace("permit 10.10.0.0/16", "permit 10.10.0.0/16 le 24");
    assert_eq!(predicted(&cfg), SessionState::EstablishedThenIdle);
}

#[test]
fn families_follow_frr_default_ipv4_activation() {
    // `no bgp default ipv4-unicast` and no `activate`: no family, bgpd never starts (DX804).
    let none = with(
        " no bgp network import-check\n",
        " no bgp network import-check\n no bgp default ipv4-unicast\n",
    );
    let r = lint_frr(&none);
    assert!(rule_ids(&r).contains(&"DX804"), "{:?}", rule_ids(&r));
    assert_eq!(r.peerings[0].predicted_state, SessionState::Idle);
    // An IPv6 neighbor under FRR's default IPv4 activation offers IPv4 only: AWS's IPv6
    // peering shares no family with it (DX802, refused with 2/7).
    let v6 = "frr defaults traditional\ninterface eth0.202\n ipv6 address 2001:db8:1100:2f0:0:1:9cb4:4216/125\n ip address 169.254.200.2/30\n!\nrouter bgp 65010\n bgp router-id 192.0.2.2\n neighbor 169.254.200.1 remote-as 64512\n neighbor 169.254.200.1 password 0xDxLintExampleKey01\n neighbor 2001:db8:1100:2f0:0:1:9cb4:4211 remote-as 64512\n neighbor 2001:db8:1100:2f0:0:1:9cb4:4211 password 0xDxLintV6Key_0002\n address-family ipv4 unicast\n  network 10.10.0.0/16\n exit-address-family\n address-family ipv6 unicast\n  network 2001:db8:10::/48\n exit-address-family\n";
    let r = lint_str(
        v6,
        Some(Vendor::Frr),
        &testdata("aws/vif-private-dualstack.json"),
    );
    let v6_outcome = r
        .peerings
        .iter()
        .find(|p| p.id.ends_with("ipv6"))
        .expect("IPv6 peering");
    assert_eq!(v6_outcome.predicted_state, SessionState::OpenSent);
    assert_eq!(v6_outcome.decided_by, Some("DX802"));
    assert!(v6_outcome
        .notification
        .is_some_and(|n| n.starts_with("2/7")));
}

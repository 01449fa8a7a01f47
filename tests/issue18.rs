//! Issue 18: designs that used to lint clean although the session could never come up or
//! would carry nothing. Each class has a failing config (the rule fires, snapshotted) and a
//! clean one (zero errors) per dialect that can express it; the fixtures are under
//! testdata/issue18/.

#[path = "snap/mod.rs"]
mod snap;

use dxlint::lint::LintResult;
use dxlint::model::Vendor;
use dxlint::rules::Severity;
use dxlint::testing::{lint_str, rule_ids, testdata};

const VIF: &str = "aws/vif-private.json";
const DUAL: &str = "aws/vif-private-dualstack.json";

fn lint(file: &str, vendor: Vendor, aws: &str) -> LintResult {
    lint_str(
        &testdata(&format!("issue18/{file}")),
        Some(vendor),
        &testdata(aws),
    )
}

/// `rule` fires (and `absent` does not); both reports are snapshotted.
fn fails(file: &str, vendor: Vendor, aws: &str, rule: &str, absent: &[&str]) -> LintResult {
    let r = lint(file, vendor, aws);
    let ids = rule_ids(&r);
    assert!(
        ids.contains(&rule),
        "{file}: {rule} did not fire; got {ids:?}"
    );
    for a in absent {
        assert!(!ids.contains(a), "{file}: {a} fired; got {ids:?}");
    }
    snap::assert_reports(file, &r);
    r
}

/// Zero errors (warnings and notes may remain).
fn clean(file: &str, vendor: Vendor, aws: &str) {
    let r = lint(file, vendor, aws);
    let errors: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule, f.message.clone()))
        .collect();
    assert!(errors.is_empty(), "{file}: {errors:#?}");
}

fn message(r: &LintResult, rule: &str) -> String {
    r.findings
        .iter()
        .find(|f| f.rule == rule)
        .map(|f| f.message.clone())
        .unwrap_or_default()
}

#[test]
fn vrf_membership_ios() {
    let r = fails(
        "ios-vrf-mismatch.cfg",
        Vendor::CiscoIos,
        VIF,
        "DX209",
        &["DX202"],
    );
    assert!(message(&r, "DX209").contains("VRF `CUST`"));
    assert_eq!(r.peerings[0].predicted_state.as_str(), "Active");
    clean("ios-vrf-clean.cfg", Vendor::CiscoIos, VIF);
}

#[test]
fn vrf_membership_frr() {
    fails("frr-vrf-mismatch.conf", Vendor::Frr, VIF, "DX209", &[]);
    let r = fails("frr-vrf-two-vrfs.conf", Vendor::Frr, VIF, "DX209", &[]);
    let m = message(&r, "DX209");
    assert!(m.contains("VRF `OTHER`") && m.contains("VRF `CUST`"), "{m}");
    clean("frr-vrf-clean.conf", Vendor::Frr, VIF);
}

#[test]
fn vrf_membership_junos() {
    fails("junos-vrf-mismatch.set", Vendor::Junos, VIF, "DX209", &[]);
    clean("junos-vrf-clean.set", Vendor::Junos, VIF);
}

#[test]
fn vrf_membership_vyos() {
    fails("vyos-vrf-mismatch.set", Vendor::Vyos, VIF, "DX209", &[]);
    clean("vyos-vrf-clean.set", Vendor::Vyos, VIF);
}

/// IOS-XR, NX-OS and EOS: the sub-interface in VRF CUST, the neighbor in the global table;
/// the fix moves the neighbor into the platform's `router bgp` / `vrf` block.
#[test]
fn vrf_membership_iosxr_nxos_eos() {
    for (file, vendor, moved) in [
        (
            "xr-vrf-mismatch.cfg",
            Vendor::CiscoIosXr,
            "router bgp 65010\n no neighbor 169.254.100.1\nrouter bgp 65010\n vrf CUST\n  neighbor 169.254.100.1\n   remote-as 64512\n",
        ),
        (
            "nxos-vrf-mismatch.cfg",
            Vendor::CiscoNxos,
            "router bgp 65010\n  no neighbor 169.254.100.1\nrouter bgp 65010\n  vrf CUST\n    neighbor 169.254.100.1\n      remote-as 64512\n",
        ),
        (
            "eos-vrf-mismatch.cfg",
            Vendor::AristaEos,
            "router bgp 65010\n   no neighbor 169.254.100.1\nrouter bgp 65010\n   vrf CUST\n      neighbor 169.254.100.1 remote-as 64512\n",
        ),
    ] {
        let r = fails(file, vendor, VIF, "DX209", &[]);
        let fix = r
            .findings
            .iter()
            .find(|f| f.rule == "DX209")
            .and_then(|f| f.fix.clone())
            .unwrap_or_default();
        assert!(fix.contains(moved), "{file}: {fix}");
    }
    for (file, vendor) in [
        ("../iosxr/edge1-clean.cfg", Vendor::CiscoIosXr),
        ("../nxos/edge1-clean.cfg", Vendor::CiscoNxos),
        ("../eos/edge1-clean.cfg", Vendor::AristaEos),
    ] {
        clean(file, vendor, VIF);
        assert!(!rule_ids(&lint(file, vendor, VIF)).contains(&"DX209"));
    }
}

#[test]
fn qinq_with_neither_tag_the_vifs_is_dx101() {
    fails(
        "ios-qinq-neither.cfg",
        Vendor::CiscoIos,
        VIF,
        "DX101",
        &["DX103"],
    );
    fails(
        "vyos-qinq-neither.set",
        Vendor::Vyos,
        VIF,
        "DX101",
        &["DX103"],
    );
    fails(
        "junos-qinq-neither.set",
        Vendor::Junos,
        VIF,
        "DX101",
        &["DX103"],
    );
    // One tag is the VIF's: only the DX103 warning, and it says the carrier may pop the other.
    for (file, vendor) in [
        ("ios-qinq-one.cfg", Vendor::CiscoIos),
        ("vyos-qinq-one.set", Vendor::Vyos),
        ("junos-qinq-one.set", Vendor::Junos),
    ] {
        let r = lint(file, vendor, VIF);
        assert!(
            message(&r, "DX103").contains("pops the other tag"),
            "{file}"
        );
        assert!(!rule_ids(&r).contains(&"DX101"), "{file}");
        clean(file, vendor, VIF);
    }
}

#[test]
fn native_vlan_sends_untagged_frames() {
    let r = fails("ios-native.cfg", Vendor::CiscoIos, VIF, "DX102", &[]);
    let fix = r
        .findings
        .iter()
        .find(|f| f.rule == "DX102")
        .and_then(|f| f.fix.clone())
        .unwrap_or_default();
    assert!(
        fix.contains("encapsulation dot1Q 101") && !fix.contains("native"),
        "{fix}"
    );
}

#[test]
fn family_without_any_neighbor_is_dx206() {
    fails(
        "ios-v6-neighbor-missing.cfg",
        Vendor::CiscoIos,
        DUAL,
        "DX206",
        &["DX201"],
    );
    clean("ios-dualstack-clean.cfg", Vendor::CiscoIos, DUAL);
}

#[test]
fn the_vifs_vlan_wins_over_a_wide_untagged_subnet() {
    let r = fails(
        "ios-wide-subnet.cfg",
        Vendor::CiscoIos,
        VIF,
        "DX202",
        &["DX102"],
    );
    assert!(message(&r, "DX202").contains("GigabitEthernet0/0/1.101"));
    clean("ios-wide-subnet-clean.cfg", Vendor::CiscoIos, VIF);
}

#[test]
fn frr_ebgp_requires_policy_sends_nothing_without_outbound_policy() {
    let r = fails("frr-requires-policy.conf", Vendor::Frr, VIF, "DX705", &[]);
    assert!(message(&r, "DX705").contains("ebgp-requires-policy"));
    assert_eq!(
        r.peerings[0].predicted_state.as_str(),
        "EstablishedNoRoutes"
    );
    // An outbound prefix-list is a policy: the prefixes it permits go out.
    for file in [
        "frr-requires-policy-clean.conf",
        "frr-datacenter-clean.conf",
        "frr-7.2-clean.conf",
    ] {
        clean(file, Vendor::Frr, VIF);
        let r = lint(file, Vendor::Frr, VIF);
        assert!(
            !rule_ids(&r).contains(&"DX705"),
            "{file}: {:?}",
            rule_ids(&r)
        );
    }
}

#[test]
fn vyos_lone_holdtime_never_reaches_frr() {
    // `timers holdtime 0` without keepalive is not written to FRR: no DX601.
    let r = lint("vyos-lone-holdtime-zero.set", Vendor::Vyos, VIF);
    assert!(!rule_ids(&r).contains(&"DX601"), "{:?}", rule_ids(&r));
    clean("vyos-lone-holdtime-zero.set", Vendor::Vyos, VIF);
    // With both halves it does reach FRR.
    fails("vyos-holdtime-zero.set", Vendor::Vyos, VIF, "DX601", &[]);
}

#[test]
fn mtu_chain_junos_family_mtu_above_media_is_refused() {
    // Media mtu 1518 with vlan-tagging leaves 1500: `family inet mtu 9000` does not commit.
    let r = fails(
        "junos-inet-mtu-above-media.set",
        Vendor::Junos,
        VIF,
        "DX001",
        &[],
    );
    let m = message(&r, "DX001");
    assert!(m.contains("media mtu 1518 leaves 1500"), "{m}");
    assert!(!rule_ids(&r).contains(&"DX501"), "{:?}", rule_ids(&r));
}

#[test]
fn mtu_chain_frr_says_nothing_about_mtu() {
    // FRR configs carry no interface MTU: a jumbo VIF gets no MTU finding, and no `ip mtu`.
    let cfg = testdata("frr/edge1-clean.conf");
    let r = lint_str(
        &cfg,
        Some(Vendor::Frr),
        &testdata("aws/vif-transit-jumbo.json"),
    );
    let ids = rule_ids(&r);
    assert!(
        !ids.contains(&"DX501") && !ids.contains(&"DX502"),
        "{ids:?}"
    );
    assert!(r
        .findings
        .iter()
        .all(|f| !f.fix.as_deref().unwrap_or("").contains("ip mtu")));
}

/// Point 5 (tests only; the shared policy engine is core's): an outbound route-map applied
/// through a peer-group whose deny sequence matches prefix-list entries with ge/le removes
/// those prefixes from what is advertised, sequence order first.
#[test]
fn route_map_deny_sequence_through_peer_group_removes_prefixes() {
    let text = testdata("issue18/ios-route-map-deny-peer-group.cfg");
    let src = dxlint::source::SourceFile::new("router.cfg", text);
    let m = dxlint::dialect::extract(&src, Some(Vendor::CiscoIos)).expect("extract");
    let (_, n) = m.neighbors().next().expect("neighbor");
    let mut got: Vec<String> = n
        .family(dxlint::model::Afi::Ipv4)
        .expect("ipv4")
        .advertised
        .prefixes
        .iter()
        .map(|p| p.value.to_string())
        .collect();
    got.sort();
    // 10.1.0.0/24 and 10.1.1.0/24 are denied by seq 10 (10.1.0.0/16 ge 24 le 24); 10.3.0.0/16
    // passes seq 20 (le 24); 192.168.5.0/24 matches no sequence: the implicit deny drops it.
    assert_eq!(got, ["10.2.0.0/24", "10.3.0.0/16"]);
}

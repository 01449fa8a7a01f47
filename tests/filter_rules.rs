//! Filters in the path (DX208, DX920–DX922): per dialect, a failing and a clean config for
//! each rule; where the finding points and what the fix adds.

use dxlint::lint::LintResult;
use dxlint::model::Vendor;
use dxlint::testing::{lint_str, rule_ids, testdata};

fn lint(file: &str, vendor: Vendor, aws: &str) -> LintResult {
    lint_str(
        &testdata(&format!("filters/{file}")),
        Some(vendor),
        &testdata(&format!("aws/{aws}")),
    )
}

/// The finding of `rule`: (line, message, fix). Panics with what fired if it is absent.
fn finding(r: &LintResult, rule: &str) -> (usize, String, String) {
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("{rule} did not fire; got {:?}", rule_ids(r)));
    let line = match (f.source, f.span) {
        (Some(i), Some(s)) => r.sources[i].position(s.start()).line,
        _ => 0,
    };
    (line, f.message.clone(), f.fix.clone().unwrap_or_default())
}

fn quiet(r: &LintResult, rule: &str) {
    let hits: Vec<&String> = r
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| &f.message)
        .collect();
    assert!(hits.is_empty(), "{rule} fired: {hits:?}");
}

fn state(r: &LintResult) -> &str {
    r.peerings[0].predicted_state.as_str()
}

// ------------------------------------------------------------------ IOS

#[test]
fn ios_named_acl_deny_drops_bgp_at_the_deny_entry() {
    let r = lint(
        "ios-acl-drops-bgp.cfg",
        Vendor::CiscoIos,
        "vif-private.json",
    );
    let (line, msg, fix) = finding(&r, "DX208");
    assert_eq!(line, 28, "{msg}");
    assert!(msg.contains("entry 30"), "{msg}");
    assert!(
        fix.contains("ip access-list extended EDGE-IN\n 28 permit tcp host 169.254.100.1 host 169.254.100.2 eq bgp\n 29 permit tcp host 169.254.100.1 eq bgp host 169.254.100.2"),
        "{fix}"
    );
    assert_eq!(state(&r), "Active");
}

#[test]
fn ios_permit_before_the_deny_is_quiet() {
    let r = lint(
        "ios-acl-permits-bgp.cfg",
        Vendor::CiscoIos,
        "vif-private.json",
    );
    quiet(&r, "DX208");
    assert_eq!(state(&r), "Established");
}

#[test]
fn ios_implicit_deny_points_at_the_binding() {
    let r = lint(
        "ios-numbered-implicit-deny.cfg",
        Vendor::CiscoIos,
        "vif-private.json",
    );
    let (line, msg, _) = finding(&r, "DX208");
    assert_eq!(line, 11, "{msg}");
    assert!(msg.contains("implicit default"), "{msg}");
}

#[test]
fn ios_replies_from_179_are_enough() {
    let r = lint(
        "ios-numbered-replies-only.cfg",
        Vendor::CiscoIos,
        "vif-private.json",
    );
    quiet(&r, "DX208");
}

// ------------------------------------------------------------------ Junos

#[test]
fn junos_lo0_hard_coded_peer_list_fires_at_the_list() {
    let r = lint(
        "junos-lo0-hardcoded.conf",
        Vendor::Junos,
        "vif-private.json",
    );
    let (line, msg, fix) = finding(&r, "DX208");
    // The list's first entry (`prefix-list BGP-PEERS { 169.254.99.1/32; …`).
    assert_eq!(line, 101, "{msg}");
    assert!(msg.contains("BGP-PEERS"), "{msg}");
    assert_eq!(
        fix,
        "set policy-options prefix-list BGP-PEERS 169.254.100.1/32"
    );
    assert_eq!(state(&r), "Active");
}

#[test]
fn junos_lo0_apply_path_peer_list_is_quiet() {
    let r = lint(
        "junos-lo0-apply-path.conf",
        Vendor::Junos,
        "vif-private.json",
    );
    quiet(&r, "DX208");
    assert_eq!(state(&r), "Established");
}

#[test]
fn junos_unit_filter_discard_term_fires_with_an_insert_before_it() {
    let r = lint(
        "junos-unit-filter-drops.set",
        Vendor::Junos,
        "vif-private.json",
    );
    let (line, msg, fix) = finding(&r, "DX208");
    assert_eq!(line, 19, "{msg}");
    assert!(msg.contains("NO-TCP"), "{msg}");
    assert!(fix.contains("from port bgp"), "{fix}");
    assert!(
        fix.ends_with(
            "insert firewall family inet filter EDGE-IN term allow-aws-bgp before term NO-TCP"
        ),
        "{fix}"
    );
}

#[test]
fn junos_accept_term_before_the_discard_is_quiet() {
    // Also: a `next term` counting term first changes nothing.
    let r = lint(
        "junos-unit-filter-permits.set",
        Vendor::Junos,
        "vif-private.json",
    );
    quiet(&r, "DX208");
}

#[test]
fn junos_ipv6_lo0_filter_fires_for_the_ipv6_peer_only() {
    let r = lint(
        "junos-lo0-v6-drops.set",
        Vendor::Junos,
        "vif-private-dualstack.json",
    );
    let hits: Vec<_> = r.findings.iter().filter(|f| f.rule == "DX208").collect();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].peering.as_deref(), Some("dxvif-ffdd5678/ipv6"));
    assert_eq!(
        hits[0].fix.as_deref(),
        Some("set policy-options prefix-list BGP-PEERS-V6 2001:db8:1100:2f0:0:1:9cb4:4211/128")
    );
    let r = lint(
        "junos-lo0-v6-apply-path.set",
        Vendor::Junos,
        "vif-private-dualstack.json",
    );
    quiet(&r, "DX208");
}

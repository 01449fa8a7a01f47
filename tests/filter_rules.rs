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

// ------------------------------------------------------------------ VyOS

#[test]
fn vyos13_local_rule_set_default_drop_fires_at_its_default_action() {
    let r = lint("vyos13-local-drops.set", Vendor::Vyos, "vif-private.json");
    let (line, msg, fix) = finding(&r, "DX208");
    assert_eq!(line, 21, "{msg}");
    assert!(msg.contains("default action of `AWS-LOCAL`"), "{msg}");
    assert!(
        fix.starts_with("set firewall name AWS-LOCAL rule 30 action accept"),
        "{fix}"
    );
    assert_eq!(state(&r), "Active");
}

#[test]
fn vyos13_accept_rule_first_and_in_direction_are_quiet() {
    let r = lint("vyos13-local-permits.set", Vendor::Vyos, "vif-private.json");
    quiet(&r, "DX208");
    // `firewall in` filters routed traffic only, not BGP to the router.
    let r = lint("vyos13-in-only.set", Vendor::Vyos, "vif-private.json");
    quiet(&r, "DX208");
}

#[test]
fn vyos14_input_filter_interface_drop_before_the_accept_fires() {
    let r = lint("vyos14-input-drops.set", Vendor::Vyos, "vif-private.json");
    let (line, msg, fix) = finding(&r, "DX208");
    assert_eq!(line, 28, "{msg}");
    assert!(msg.contains("entry 5"), "{msg}");
    assert!(
        fix.contains("set firewall ipv4 input filter rule 4 source port 179"),
        "{fix}"
    );
    let r = lint("vyos14-input-permits.set", Vendor::Vyos, "vif-private.json");
    quiet(&r, "DX208");
}

#[test]
fn vyos14_ipv6_jump_target_default_drop_fires_for_ipv6_only() {
    let r = lint(
        "vyos14-v6-jump-drops.set",
        Vendor::Vyos,
        "vif-private-dualstack.json",
    );
    let hits: Vec<_> = r.findings.iter().filter(|f| f.rule == "DX208").collect();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].peering.as_deref(), Some("dxvif-ffdd5678/ipv6"));
    assert!(
        hits[0].message.contains("`ipv6 name AWS6`"),
        "{}",
        hits[0].message
    );
    // Only the replies from port 179 are let in: the router's own connection works.
    let r = lint(
        "vyos14-v6-jump-permits.set",
        Vendor::Vyos,
        "vif-private-dualstack.json",
    );
    quiet(&r, "DX208");
}

// ------------------------------------------------------------------ VPN: IOS

fn count(r: &LintResult, rule: &str) -> usize {
    r.findings.iter().filter(|f| f.rule == rule).count()
}

#[test]
fn ios_outside_acl_dropping_ike_and_esp_fires_per_tunnel() {
    let r = lint(
        "ios-vpn-acl-drops-ike.cfg",
        Vendor::CiscoIos,
        "vpn-example.json",
    );
    assert_eq!(count(&r, "DX920"), 2, "{:?}", rule_ids(&r));
    let (line, msg, fix) = finding(&r, "DX920");
    assert_eq!(line, 103, "{msg}");
    assert!(msg.contains("IKE (UDP 500) and ESP"), "{msg}");
    assert!(
        fix.contains("permit udp host 203.0.113.10 eq isakmp host 198.51.100.7 eq isakmp"),
        "{fix}"
    );
    assert!(
        fix.contains("permit esp host 203.0.113.10 host 198.51.100.7"),
        "{fix}"
    );
    assert!(r
        .peerings
        .iter()
        .all(|p| p.predicted_state.as_str() == "Idle"));
    let r = lint(
        "ios-vpn-acl-permits-ike.cfg",
        Vendor::CiscoIos,
        "vpn-example.json",
    );
    quiet(&r, "DX920");
}

#[test]
fn ios_private_ike_source_behind_nat_warns() {
    let r = lint(
        "ios-vpn-behind-nat.cfg",
        Vendor::CiscoIos,
        "vpn-example.json",
    );
    assert_eq!(count(&r, "DX922"), 2);
    let (_, msg, fix) = finding(&r, "DX922");
    assert!(msg.contains("10.0.0.7 is private"), "{msg}");
    assert!(fix.contains("identity local address 198.51.100.7"), "{fix}");
    let clean = lint_str(
        &testdata("cisco/vpn-ikev2.cfg"),
        Some(Vendor::CiscoIos),
        &testdata("aws/vpn-example.json"),
    );
    quiet(&clean, "DX922");
}

#[test]
fn ios_nat_overload_out_of_the_tunnel_without_exemption_fires() {
    let r = lint(
        "ios-vpn-nat-no-exempt.cfg",
        Vendor::CiscoIos,
        "vpn-example.json",
    );
    // Only Tunnel1 is `ip nat outside`.
    assert_eq!(count(&r, "DX921"), 1);
    let (_, msg, fix) = finding(&r, "DX921");
    assert!(
        msg.contains("`NAT-LAN`") && msg.contains("Tunnel1"),
        "{msg}"
    );
    assert!(
        fix.starts_with("ip access-list extended NAT-LAN\n 1 deny ip any"),
        "{fix}"
    );
    let r = lint(
        "ios-vpn-nat-exempt.cfg",
        Vendor::CiscoIos,
        "vpn-example.json",
    );
    quiet(&r, "DX921");
}

// ------------------------------------------------------------------ VPN: Junos and VyOS

fn vpn(file: &str, vendor: Vendor) -> LintResult {
    lint(file, vendor, "vpn-example.json")
}

#[test]
fn junos_lo0_filter_without_ike_terms_fires_and_with_them_is_quiet() {
    let r = vpn("junos-vpn-lo0-drops-ike.set", Vendor::Junos);
    assert_eq!(count(&r, "DX920"), 2);
    let (_, msg, fix) = finding(&r, "DX920");
    assert!(msg.contains("`PROTECT-RE` entry DEFAULT"), "{msg}");
    assert!(
        fix.contains("term allow-aws-esp from protocol esp"),
        "{fix}"
    );
    assert!(
        fix.contains(
            "insert firewall family inet filter PROTECT-RE term allow-aws-ike before term DEFAULT"
        ),
        "{fix}"
    );
    // BGP over the tunnel is in the apply-path peer list: no DX208.
    quiet(&r, "DX208");
    let r = vpn("junos-vpn-lo0-permits-ike.set", Vendor::Junos);
    quiet(&r, "DX920");
}

#[test]
fn junos_source_nat_toward_the_tunnel_zone_fires_unless_exempted() {
    let r = vpn("junos-vpn-nat-no-exempt.set", Vendor::Junos);
    assert_eq!(count(&r, "DX921"), 2);
    let (_, _, fix) = finding(&r, "DX921");
    assert!(fix.contains("then source-nat off"), "{fix}");
    quiet(&vpn("junos-vpn-nat-off.set", Vendor::Junos), "DX921");
    quiet(
        &vpn("junos-vpn-nat-untrust-only.set", Vendor::Junos),
        "DX921",
    );
}

#[test]
fn junos_private_external_interface_warns() {
    let r = vpn("junos-vpn-behind-nat.set", Vendor::Junos);
    let (_, _, fix) = finding(&r, "DX922");
    assert!(fix.contains("local-identity inet 198.51.100.7"), "{fix}");
    let clean = lint_str(
        &testdata("junos/vpn.set"),
        Some(Vendor::Junos),
        &testdata("aws/vpn-example.json"),
    );
    quiet(&clean, "DX922");
}

#[test]
fn vyos_input_filter_default_drop_fires_for_ike_and_bgp() {
    let r = vpn("vyos-vpn-input-drops.set", Vendor::Vyos);
    assert_eq!(count(&r, "DX920"), 2);
    // No `state established` rule: even the router's own BGP connection is cut.
    assert_eq!(count(&r, "DX208"), 2);
    assert!(r
        .peerings
        .iter()
        .all(|p| p.predicted_state.as_str() == "Idle"));
    let r = vpn("vyos-vpn-input-permits.set", Vendor::Vyos);
    quiet(&r, "DX920");
    quiet(&r, "DX208");
}

#[test]
fn vyos_masquerade_on_every_interface_fires_unless_excluded() {
    let r = vpn("vyos-vpn-nat-no-exclude.set", Vendor::Vyos);
    assert_eq!(count(&r, "DX921"), 2);
    let (_, _, fix) = finding(&r, "DX921");
    assert!(fix.contains("set nat source rule 99 exclude"), "{fix}");
    quiet(&vpn("vyos-vpn-nat-exclude.set", Vendor::Vyos), "DX921");
    quiet(&vpn("vyos-vpn-nat-eth0-only.set", Vendor::Vyos), "DX921");
}

#[test]
fn vyos_private_local_address_warns() {
    let r = vpn("vyos-vpn-behind-nat.set", Vendor::Vyos);
    assert_eq!(count(&r, "DX922"), 2);
    quiet(
        &lint_str(
            &testdata("vyos/vpn-1.4.set"),
            Some(Vendor::Vyos),
            &testdata("aws/vpn-example.json"),
        ),
        "DX922",
    );
}

// ------------------------------------------------------------------ what cannot be evaluated

#[test]
fn undefined_and_unmodelled_filters_warn_naming_them() {
    let r = lint(
        "ios-acl-undefined.cfg",
        Vendor::CiscoIos,
        "vif-private.json",
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "DX208")
        .expect("DX208");
    assert_eq!(f.severity.as_str(), "warning");
    assert!(
        f.message
            .contains("`EDGE-MISSING` is applied but not defined"),
        "{}",
        f.message
    );
    // A warning does not decide the predicted state.
    assert_eq!(state(&r), "Established");

    let r = lint(
        "ios-acl-object-group.cfg",
        Vendor::CiscoIos,
        "vif-private.json",
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "DX208")
        .expect("DX208");
    assert_eq!(f.severity.as_str(), "warning");
    assert!(
        f.message.contains("object-group AWS-PEERS"),
        "{}",
        f.message
    );
    // It points at the entry it cannot read (` 5 permit tcp object-group AWS-PEERS …`).
    let (line, _, _) = finding(&r, "DX208");
    assert_eq!(line, 26);
}

// ------------------------------------------------------------------ peer lists on IOS and VyOS

#[test]
fn ios_object_group_lacking_the_aws_peer_fires_at_the_group() {
    let r = lint(
        "ios-object-group-lacks-peer.cfg",
        Vendor::CiscoIos,
        "vif-private.json",
    );
    let (line, msg, fix) = finding(&r, "DX208");
    assert_eq!(line, 25, "{msg}");
    assert!(msg.contains("only from `BGP-PEERS`"), "{msg}");
    assert_eq!(fix, "object-group network BGP-PEERS\n host 169.254.100.1");
    let r = lint(
        "ios-object-group-has-peer.cfg",
        Vendor::CiscoIos,
        "vif-private.json",
    );
    quiet(&r, "DX208");
}

#[test]
fn vyos_address_group_lacking_the_aws_peer_fires_at_the_group() {
    // Also: `state invalid` drops nothing a working session sends (no warning).
    let r = lint(
        "vyos14-group-lacks-peer.set",
        Vendor::Vyos,
        "vif-private.json",
    );
    let (line, msg, fix) = finding(&r, "DX208");
    assert_eq!(line, 22, "{msg}");
    assert_eq!(
        fix,
        "set firewall group address-group BGP-PEERS address 169.254.100.1"
    );
    let r = lint(
        "vyos14-group-has-peer.set",
        Vendor::Vyos,
        "vif-private.json",
    );
    quiet(&r, "DX208");
}

#[test]
fn junos_martian_filter_blocking_link_local_before_the_bgp_term_fires() {
    // AWS peers from 169.254.0.0/16: a martian list dropping it before the BGP term.
    let r = lint(
        "junos-martians-before-bgp.set",
        Vendor::Junos,
        "vif-private.json",
    );
    let (line, msg, fix) = finding(&r, "DX208");
    assert_eq!(line, 22, "{msg}");
    assert!(msg.contains("BLOCK-MARTIANS"), "{msg}");
    assert!(
        fix.ends_with("insert firewall family inet filter ISP-INBOUND term allow-aws-bgp before term BLOCK-MARTIANS"),
        "{fix}"
    );
}

#[test]
fn ios_control_plane_policing_drop_class_fires_and_the_fix_goes_to_the_transmit_class() {
    let r = lint(
        "ios-copp-drops-bgp.cfg",
        Vendor::CiscoIos,
        "vif-private.json",
    );
    let (line, msg, fix) = finding(&r, "DX208");
    // The dropping class list's entry `permit tcp any any eq bgp`.
    assert_eq!(line, 28, "{msg}");
    assert!(msg.contains("class CM-UNDESIRABLE"), "{msg}");
    assert!(
        fix.starts_with("ip access-list extended COPP-BGP-PEERS\n permit tcp host 169.254.100.1"),
        "{fix}"
    );
    let r = lint(
        "ios-copp-permits-bgp.cfg",
        Vendor::CiscoIos,
        "vif-private.json",
    );
    quiet(&r, "DX208");
}

#[test]
fn vyos_zones_local_zone_without_a_rule_set_for_the_aws_zone_drops() {
    let r = lint(
        "vyos14-zone-no-rule-set.set",
        Vendor::Vyos,
        "vif-private.json",
    );
    let (line, msg, fix) = finding(&r, "DX208");
    // The local zone's `default-action 'drop'`.
    assert_eq!(line, 26, "{msg}");
    assert!(
        fix.ends_with("set firewall zone LOCAL from AWS firewall name AWS-LOCAL"),
        "{fix}"
    );
    let r = lint("vyos14-zone-permits.set", Vendor::Vyos, "vif-private.json");
    quiet(&r, "DX208");
    // 1.3 `zone-policy`: the rule-set from the AWS zone ends in drop.
    let r = lint("vyos13-zone-drops.set", Vendor::Vyos, "vif-private.json");
    let (line, msg, _) = finding(&r, "DX208");
    assert_eq!(line, 21, "{msg}");
    assert!(msg.contains("`AWS-LOCAL`"), "{msg}");
}

#[test]
fn ios_ipv6_traffic_filter_fires_for_the_ipv6_peer_only() {
    let r = lint(
        "ios-v6-traffic-filter-drops.cfg",
        Vendor::CiscoIos,
        "vif-private-dualstack.json",
    );
    let hits: Vec<_> = r.findings.iter().filter(|f| f.rule == "DX208").collect();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].peering.as_deref(), Some("dxvif-ffdd5678/ipv6"));
    let fix = hits[0].fix.as_deref().unwrap_or_default();
    assert!(fix.starts_with("ipv6 access-list EDGE-V6-IN\n sequence 18 permit tcp host 2001:db8:1100:2f0:0:1:9cb4:4211"), "{fix}");
    let r = lint(
        "ios-v6-traffic-filter-permits.cfg",
        Vendor::CiscoIos,
        "vif-private-dualstack.json",
    );
    quiet(&r, "DX208");
}

/// Truncated and odd filter statements never panic, in any dialect.
#[test]
fn truncated_filter_statements_do_not_panic() {
    let ios = [
        "access-list",
        "access-list 101",
        "access-list 101 permit",
        "access-list 101 permit tcp",
        "access-list 101 permit tcp host",
        "access-list 101 permit tcp any eq",
        "access-list 101 permit tcp any range 5",
        "access-list 101 permit tcp 10.0.0.0 0.255.0.255 any",
        "access-list 5 permit",
        "ip access-list extended X\n permit\n deny tcp any any eq\n 10\n sequence\n",
        "ipv6 access-list X\n permit tcp 2001:db8::/ any\n",
        "object-group network G\n range 1 2\n",
        "policy-map P\n class\ncontrol-plane\n service-policy input P\n",
        "interface Gi1\n ip access-group\n ip access-group X\n ip access-group X sideways\n",
        "ip nat inside source list",
        "ip nat inside source list X interface Gi1 overload\ninterface Gi1\n ip nat outside\n",
    ];
    for t in ios {
        let r = lint_str(t, Some(Vendor::CiscoIos), &testdata("aws/vif-private.json"));
        assert_eq!(r.peerings.len(), 1, "{t}");
    }
    let junos = [
        "set firewall family inet filter",
        "set firewall family inet filter F term",
        "set firewall family inet filter F term T from",
        "set firewall family inet filter F term T from port",
        "set firewall family inet filter F term T from port -",
        "set firewall family inet filter F term T then",
        "set firewall filter F term T from source-prefix-list",
        "set interfaces lo0 unit 0 family inet filter input",
        "set policy-options prefix-list P apply-path \"<*<*>*>\"",
        "set security nat source rule-set",
        "set security nat source rule-set R to zone",
    ];
    for t in junos {
        let r = lint_str(t, Some(Vendor::Junos), &testdata("aws/vif-private.json"));
        assert_eq!(r.peerings.len(), 1, "{t}");
    }
    let vyos = [
        "set firewall name",
        "set firewall name X rule",
        "set firewall name X rule 10 source",
        "set firewall name X rule 10 destination port '1-'",
        "set firewall ipv4 input filter rule 10 action jump",
        "set firewall ipv4 input filter rule 10 jump-target",
        "set firewall group address-group",
        "set firewall zone",
        "set firewall zone L from",
        "set zone-policy zone L local-zone\nset zone-policy zone A interface eth0",
        "set nat source rule x",
        "set interfaces ethernet eth0 vif firewall local name",
    ];
    for t in vyos {
        let r = lint_str(t, Some(Vendor::Vyos), &testdata("aws/vif-private.json"));
        assert_eq!(r.peerings.len(), 1, "{t}");
    }
}

#[test]
fn ios_outbound_acl_does_not_filter_the_routers_own_bgp() {
    // IOS outbound lists filter routed traffic, not what the router originates.
    let r = lint("ios-acl-out-only.cfg", Vendor::CiscoIos, "vif-private.json");
    quiet(&r, "DX208");
    assert_eq!(state(&r), "Established");
}

#[test]
fn vyos14_output_filter_dropping_the_routers_bgp_fires_with_permits_toward_aws() {
    let r = lint("vyos14-output-drops.set", Vendor::Vyos, "vif-private.json");
    let (line, msg, fix) = finding(&r, "DX208");
    assert_eq!(line, 23, "{msg}");
    assert!(msg.starts_with("the router's"), "{msg}");
    assert!(fix.contains("rule 9 source address 169.254.100.2"), "{fix}");
}

#[test]
fn reflexive_entries_and_nested_filters_are_unknown_not_guessed() {
    let ios = testdata("filters/ios-acl-drops-bgp.cfg").replace(
        " 10 permit icmp any any",
        " 5 evaluate BGP-REFLECT\n 10 permit icmp any any",
    );
    let r = lint_str(
        &ios,
        Some(Vendor::CiscoIos),
        &testdata("aws/vif-private.json"),
    );
    let (_, msg, _) = finding(&r, "DX208");
    assert!(
        msg.starts_with("cannot tell") && msg.contains("evaluate BGP-REFLECT"),
        "{msg}"
    );

    let junos = testdata("filters/junos-unit-filter-drops.set").replace(
        "set firewall family inet filter EDGE-IN term ICMP from protocol icmp",
        "set firewall family inet filter EDGE-IN term SHARED filter COMMON-IN\nset firewall family inet filter EDGE-IN term ICMP from protocol icmp",
    );
    let r = lint_str(
        &junos,
        Some(Vendor::Junos),
        &testdata("aws/vif-private.json"),
    );
    let (_, msg, _) = finding(&r, "DX208");
    assert!(msg.contains("nested filter COMMON-IN"), "{msg}");
}

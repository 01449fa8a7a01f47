//! IOS-XR: each rule the platform can express fires on a failing variant of the clean
//! fixture with its message and XR-syntax fix (ending in `commit`), stays quiet on the
//! clean one, and the main rules' fixes, applied, make them stop firing.

mod platform;

use dxlint::model::Vendor;
use platform::Suite;

const XR: Suite = Suite {
    vendor: Vendor::CiscoIosXr,
    fixture: "iosxr/edge1-clean.cfg",
};

const NOTE: &str = "! IOS-XR: enter these lines in `configure` mode, then `commit`\n";

fn fix(body: &str) -> String {
    format!("{NOTE}{body}\ncommit")
}

const KEY7: &str = "password encrypted 02561C7F132A062F586B111808071E0E2701337B75";

#[test]
fn clean_fixture_is_quiet_and_established() {
    let r = XR.lint(&XR.clean());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.peerings[0].predicted_state.as_str(), "Established");
}

#[test]
fn dx001_malformed_line() {
    let cfg = XR.with("remote-as 64512", "remote-as abc");
    XR.check(&cfg, "DX001", &["remote-as abc"], None);
}

#[test]
fn dx002_no_neighbors() {
    let cfg = "!! IOS XR Configuration 7.5.2\nhostname x\ninterface GigabitEthernet0/0/0/0\n ipv4 address 10.0.0.1 255.255.255.0\n!\nend\n";
    XR.fires(cfg, "DX002");
}

#[test]
fn dx101_vlan_mismatch_and_fix_round_trip() {
    let cfg = XR.with("encapsulation dot1q 101", "encapsulation dot1q 110");
    XR.check(
        &cfg,
        "DX101",
        &["`Bundle-Ether1.101` is tagged 110", "VLAN 101"],
        Some(&fix(
            "interface Bundle-Ether1.101\n encapsulation dot1q 101",
        )),
    );
    XR.round_trip(&cfg, "DX101");
}

#[test]
fn dx102_untagged_and_round_trip() {
    let cfg = XR.with(" encapsulation dot1q 101\n", "");
    XR.check(
        &cfg,
        "DX102",
        &["is untagged"],
        Some(&fix(
            "interface Bundle-Ether1.101\n encapsulation dot1q 101\n ipv4 address 169.254.100.2 255.255.255.252",
        )),
    );
    XR.round_trip(&cfg, "DX102");
}

#[test]
fn dx103_second_dot1q() {
    let cfg = XR.with(
        "encapsulation dot1q 101",
        "encapsulation dot1q 101 second-dot1q 5",
    );
    XR.check(&cfg, "DX103", &["outer 101, inner 5"], None);
    XR.round_trip(&cfg, "DX103");
}

#[test]
fn dx105_parent_shutdown_and_round_trip() {
    let cfg = XR.with(" mtu 1514\n", " mtu 1514\n shutdown\n");
    XR.check(
        &cfg,
        "DX105",
        &["`Bundle-Ether1` is administratively down"],
        Some(&fix("interface Bundle-Ether1\n no shutdown")),
    );
    XR.round_trip(&cfg, "DX105");
}

#[test]
fn dx201_neighbor_address_and_round_trip() {
    let cfg = XR.with("neighbor 169.254.100.1", "neighbor 169.254.100.5");
    XR.check(
        &cfg,
        "DX201",
        &["no neighbor at AWS's address 169.254.100.1"],
        Some(&fix(
            "router bgp 65010\n no neighbor 169.254.100.5\n neighbor 169.254.100.1\n  remote-as 64512\n  address-family ipv4 unicast\n   route-policy <outbound policy> out",
        )),
    );
}

#[test]
fn dx203_prefix_length_and_round_trip() {
    let cfg = XR.with("255.255.255.252", "255.255.255.0");
    XR.check(
        &cfg,
        "DX203",
        &["169.254.100.2/24", "/30"],
        Some(&fix(
            "interface Bundle-Ether1.101\n ipv4 address 169.254.100.2 255.255.255.252",
        )),
    );
    XR.round_trip(&cfg, "DX203");
}

#[test]
fn dx301_local_asn_needs_a_new_instance() {
    let cfg = XR.with("router bgp 65010", "router bgp 65011");
    let f = XR.check(&cfg, "DX301", &["AS 65011", "65010"], None);
    let text = f.fix.unwrap();
    assert!(
        // The running instance keeps its AS: the AWS neighbor presents the VIF's ASN, and
        // re-creating the instance is named as the other way.
        text.contains(" neighbor 169.254.100.1\n  local-as 65010 no-prepend replace-as")
            && text.contains("no router bgp 65011, then router bgp 65010")
            && text.ends_with("\ncommit"),
        "{text}"
    );
}

#[test]
fn dx302_remote_asn_and_round_trip() {
    let cfg = XR.with("remote-as 64512", "remote-as 64513");
    XR.check(
        &cfg,
        "DX302",
        &["remote-as 64513", "AS 64512"],
        Some(&fix(
            "router bgp 65010\n neighbor 169.254.100.1\n  remote-as 64512",
        )),
    );
    XR.round_trip(&cfg, "DX302");
}

#[test]
fn dx401_missing_key() {
    let cfg = XR.with(&format!("  {KEY7}\n"), "");
    let f = XR.check(
        &cfg,
        "DX401",
        &["neighbor 169.254.100.1 has no password"],
        Some(&fix(
            "router bgp 65010\n neighbor 169.254.100.1\n  password clear <authKey of dxvif-ffab1234, 20 characters>",
        )),
    );
    assert!(!f.message.contains("DxLintExampleKey"));
}

#[test]
fn dx403_wrong_key_is_decoded_from_password_encrypted() {
    // `password encrypted` is XR's reversible type-7 encoding: this is "cisco123".
    let cfg = XR.with(KEY7, "password encrypted 1511021F07257A767B");
    let f = XR.check(&cfg, "DX403", &["not dxvif-ffab1234's key"], None);
    assert!(!f.message.contains("cisco123") && !f.message.contains("DxLintExampleKey"));
}

#[test]
fn dx407_undecodable_encrypted_value() {
    let cfg = XR.with(KEY7, "password encrypted xxxxxxxx");
    XR.check(&cfg, "DX407", &["cannot be decoded"], None);
    XR.check(&cfg, "DX001", &["password encrypted"], None);
}

#[test]
fn dx501_l2_mtu_counts_the_header_and_round_trip() {
    // `mtu 1500` on XR is the frame: 1486 bytes of IP on the parent, and the
    // sub-interface (bounded by it) the same.
    let cfg = XR.with(" mtu 1514\n", " mtu 1500\n");
    XR.check(
        &cfg,
        "DX501",
        &["`Bundle-Ether1.101` has IP MTU 1486"],
        Some(&fix(
            "interface Bundle-Ether1\n mtu 1514\ninterface Bundle-Ether1.101\n mtu 1518",
        )),
    );
    XR.round_trip(&cfg, "DX501");
}

#[test]
fn dx601_hold_zero_and_round_trip() {
    let cfg = XR.with("timers 30 90", "timers 0 0");
    XR.check(
        &cfg,
        "DX601",
        &["hold time 0"],
        Some(&fix(
            "router bgp 65010\n neighbor 169.254.100.1\n  timers 30 90",
        )),
    );
    XR.round_trip(&cfg, "DX601");
}

#[test]
fn dx603_hold_differs() {
    let cfg = XR.with("timers 30 90", "timers 10 30");
    XR.check(&cfg, "DX603", &["hold time 30s"], None);
    XR.round_trip(&cfg, "DX603");
}

#[test]
fn dx605_no_bfd_and_round_trip() {
    let cfg = XR.with("  bfd fast-detect\n", "");
    XR.check(
        &cfg,
        "DX605",
        &["no BFD toward 169.254.100.1"],
        Some(&fix(
            "router bgp 65010\n neighbor 169.254.100.1\n  bfd fast-detect\n  bfd minimum-interval 300\n  bfd multiplier 3",
        )),
    );
    XR.round_trip(&cfg, "DX605");
    // `bfd fast-detect disable` on the neighbor overrides the group's.
    let off = XR.with(KEY7, &format!("{KEY7}\n  bfd fast-detect disable"));
    XR.fires(&off, "DX605");
}

#[test]
fn dx701_too_many_prefixes() {
    let nets: String = (0..101)
        .map(|k| format!("  network 10.{}.{}.0/24\n", 100 + k / 256, k % 256))
        .collect();
    let cfg = XR
        .with(
            "  network 10.20.0.0/16\n",
            &format!("  network 10.20.0.0/16\n{nets}"),
        )
        .replace("  else\n    drop\n", "  else\n    pass\n");
    XR.check(&cfg, "DX701", &["advertises 103 ipv4 prefixes"], None);
}

#[test]
fn dx703_unbounded_source_unless_the_policy_bounds_it() {
    let redistribute = XR.with(
        "  network 10.20.0.0/16\n",
        "  network 10.20.0.0/16\n  redistribute ospf 1\n",
    );
    // The clean policy passes only the exact prefixes of its prefix-set: bounded.
    XR.quiet(&redistribute, "DX703");
    let open = redistribute.replace("  else\n    drop\n", "  else\n    pass\n");
    XR.check(&open, "DX703", &["`redistribute ospf`"], None);
}

#[test]
fn dx705_ebgp_without_outbound_policy_sends_nothing() {
    let cfg = XR.with("   route-policy TO-AWS out\n", "");
    let f = XR.check(
        &cfg,
        "DX705",
        &["IOS-XR sends an eBGP neighbor nothing without an outbound `route-policy`"],
        None,
    );
    let text = f.fix.unwrap();
    assert!(
        text.starts_with(NOTE) && text.ends_with("\ncommit"),
        "{text}"
    );
    assert!(
        text.contains("route-policy TO-AWS-IPV4\n  if destination in TO-AWS-IPV4 then\n    pass")
            && text.contains(" neighbor 169.254.100.1\n  address-family ipv4 unicast\n   route-policy TO-AWS-IPV4 out"),
        "{text}"
    );
    // A policy that drops everything is the same outcome, without the XR-specific reason.
    let drop = XR.with("    pass\n  else", "    drop\n  else");
    XR.check(&drop, "DX705", &["advertises no ipv4 prefix"], None);
}

#[test]
fn dx706_default_originate_and_round_trip() {
    let cfg = XR.with(
        "   route-policy TO-AWS out\n",
        "   route-policy TO-AWS out\n   default-originate\n",
    );
    XR.check(
        &cfg,
        "DX706",
        &["originates a default route"],
        Some(&fix(
            "router bgp 65010\n neighbor 169.254.100.1\n  address-family ipv4 unicast\n   default-originate disable",
        )),
    );
    XR.round_trip(&cfg, "DX706");
}

#[test]
fn dx801_shutdown_and_round_trip() {
    let cfg = XR.with(KEY7, &format!("{KEY7}\n  shutdown"));
    XR.check(
        &cfg,
        "DX801",
        &["is shut down"],
        Some(&fix(
            "router bgp 65010\n neighbor 169.254.100.1\n  no shutdown",
        )),
    );
    XR.round_trip(&cfg, "DX801");
}

#[test]
fn dx804_no_family_and_round_trip() {
    // XR activates nothing implicitly: without an address-family block the session
    // never opens.
    let cfg = XR.with(
        "  address-family ipv4 unicast\n   route-policy FROM-AWS in\n   route-policy TO-AWS out\n  !\n",
        "",
    );
    XR.check(
        &cfg,
        "DX804",
        &["activated for no address family"],
        Some(&fix(
            "router bgp 65010\n neighbor 169.254.100.1\n  address-family ipv4 unicast",
        )),
    );
    XR.round_trip(&cfg, "DX804");
}

#[test]
fn groups_inherit_and_own_lines_override() {
    // Session-group and af-group inheritance, the neighbor's own line winning.
    let cfg = XR
        .with(
            " neighbor-group AWS\n  remote-as 64512\n",
            " session-group S\n  remote-as 64512\n !\n af-group A address-family ipv4 unicast\n  route-policy TO-AWS out\n !\n neighbor-group AWS\n  use session-group S\n",
        )
        .replace("   route-policy TO-AWS out\n", "   use af-group A\n");
    let r = XR.lint(&cfg);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    let own = XR.with(KEY7, &format!("{KEY7}\n  timers 10 30"));
    XR.fires(&own, "DX603");
}

#[test]
fn vrf_neighbor_fix_names_the_vrf() {
    let cfg = XR
        .with(
            " neighbor 169.254.100.1\n",
            " vrf CUST\n  neighbor 169.254.100.1\n",
        )
        .replace(
            "  use neighbor-group AWS\n  description AWS dxvif-ffab1234\n",
            "   use neighbor-group AWS\n   description AWS dxvif-ffab1234\n   shutdown\n",
        )
        .replace(&format!("  {KEY7}\n"), &format!("   {KEY7}\n"));
    let f = XR.fires(&cfg, "DX801");
    assert_eq!(
        f.fix.as_deref(),
        Some(fix("router bgp 65010\n vrf CUST\n  neighbor 169.254.100.1\n   no shutdown").as_str())
    );
}

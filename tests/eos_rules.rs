//! Arista EOS: each rule the platform can express fires on a failing variant of the clean
//! fixture with its message and EOS fix, stays quiet on the clean one, and the main
//! rules' fixes, applied, make them stop firing. EOS `password 7` is DES keyed by the
//! neighbor's (or peer group's) name, not Cisco type 7.

mod platform;

use dxlint::model::Vendor;
use platform::Suite;

const EOS: Suite = Suite {
    vendor: Vendor::AristaEos,
    fixture: "eos/edge1-clean.cfg",
};

/// The VIF's key, encrypted by EOS's scheme under the name `169.254.100.1`.
const KEY7: &str = "neighbor 169.254.100.1 password 7 +usqfVnuW0Kp3ahwjV9SLNEysQerNgzx";

#[test]
fn clean_fixture_is_quiet_and_established() {
    let r = EOS.lint(&EOS.clean());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.peerings[0].predicted_state.as_str(), "Established");
}

#[test]
fn dx001_malformed_line() {
    EOS.check(
        &EOS.with("remote-as 64512", "remote-as abc"),
        "DX001",
        &["remote-as abc"],
        None,
    );
}

#[test]
fn dx002_no_neighbors() {
    EOS.fires(
        "! device: r1 (cEOSLab, EOS-4.31.2F)\nhostname r1\ninterface Ethernet1\n   ip address 10.0.0.1/24\n",
        "DX002",
    );
}

#[test]
fn dx101_vlan_mismatch_and_round_trip() {
    let cfg = EOS.with(
        "encapsulation dot1q vlan 101",
        "encapsulation dot1q vlan 110",
    );
    EOS.check(
        &cfg,
        "DX101",
        &["`Ethernet1.101` is tagged 110"],
        Some("interface Ethernet1.101\n   encapsulation dot1q vlan 101"),
    );
    EOS.round_trip(&cfg, "DX101");
}

#[test]
fn dx103_inner_tag_and_round_trip() {
    let cfg = EOS.with(
        "encapsulation dot1q vlan 101",
        "encapsulation dot1q vlan 101 inner 7",
    );
    EOS.check(&cfg, "DX103", &["outer 101, inner 7"], None);
    EOS.round_trip(&cfg, "DX103");
}

#[test]
fn dx105_port_shutdown_and_round_trip() {
    let cfg = EOS.with("   mtu 1500\n", "   mtu 1500\n   shutdown\n");
    EOS.check(
        &cfg,
        "DX105",
        &["`Ethernet1` is administratively down"],
        Some("interface Ethernet1\n   no shutdown"),
    );
    EOS.round_trip(&cfg, "DX105");
}

#[test]
fn dx203_prefix_length_and_round_trip() {
    let cfg = EOS.with("169.254.100.2/30", "169.254.100.2/24");
    EOS.check(
        &cfg,
        "DX203",
        &["169.254.100.2/24"],
        Some("interface Ethernet1.101\n   ip address 169.254.100.2/30"),
    );
    EOS.round_trip(&cfg, "DX203");
}

#[test]
fn dx302_remote_asn_and_round_trip() {
    let cfg = EOS.with("remote-as 64512", "remote-as 64513");
    EOS.check(
        &cfg,
        "DX302",
        &["remote-as 64513"],
        Some("router bgp 65010\n   neighbor 169.254.100.1 remote-as 64512"),
    );
    EOS.round_trip(&cfg, "DX302");
}

#[test]
fn dx401_missing_key() {
    let cfg = EOS.with(&format!("   {KEY7}\n"), "");
    EOS.check(
        &cfg,
        "DX401",
        &["has no password"],
        Some("router bgp 65010\n   neighbor 169.254.100.1 password 0 <authKey of dxvif-ffab1234, 20 characters>"),
    );
}

#[test]
fn dx403_wrong_key_decoded_from_eos_password_7() {
    // "WrongKey", encrypted under 169.254.100.1.
    let cfg = EOS.with(
        KEY7,
        "neighbor 169.254.100.1 password 7 HBuvxd/Q+4a+WckRQux0Pw==",
    );
    let f = EOS.check(&cfg, "DX403", &["router 8 characters, AWS 20"], None);
    assert!(!f.message.contains("WrongKey"));
}

#[test]
fn dx407_key_encrypted_under_another_name() {
    // The right key, but encrypted under the name `AWS` (a peer group's): it does not
    // decode under the neighbor's address, as on the router.
    let cfg = EOS.with(
        KEY7,
        "neighbor 169.254.100.1 password 7 HAG+csMcAHWZETUkl48836bog96CtONa",
    );
    EOS.check(
        &cfg,
        "DX407",
        &["not encrypted under this neighbor's"],
        None,
    );
}

#[test]
fn peer_group_key_is_keyed_by_the_group_name() {
    let cfg = EOS
        .with(
            &format!("   {KEY7}\n"),
            "   neighbor AWS peer group\n   neighbor AWS password 7 HAG+csMcAHWZETUkl48836bog96CtONa\n   neighbor 169.254.100.1 peer group AWS\n",
        );
    let r = EOS.lint(&cfg);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn dx501_l3_mtu_and_round_trip() {
    let cfg = EOS.with("   mtu 1500\n", "   mtu 1400\n");
    EOS.check(
        &cfg,
        "DX501",
        &["IP MTU 1400"],
        Some("interface Ethernet1\n   mtu 1500\ninterface Ethernet1.101\n   mtu 1500"),
    );
    EOS.round_trip(&cfg, "DX501");
}

#[test]
fn dx601_hold_zero_and_round_trip() {
    let cfg = EOS.with("timers 30 90", "timers 0 0");
    EOS.check(
        &cfg,
        "DX601",
        &["hold time 0"],
        Some("router bgp 65010\n   neighbor 169.254.100.1 timers 30 90"),
    );
    EOS.round_trip(&cfg, "DX601");
}

#[test]
fn dx605_no_bfd_and_round_trip() {
    let cfg = EOS.with("   neighbor 169.254.100.1 bfd\n", "");
    EOS.check(
        &cfg,
        "DX605",
        &["no BFD"],
        Some("router bgp 65010\n   neighbor 169.254.100.1 bfd"),
    );
    EOS.round_trip(&cfg, "DX605");
}

#[test]
fn dx705_route_map_denies_all() {
    let cfg = EOS.with("route-map TO-AWS permit 10", "route-map TO-AWS deny 10");
    EOS.check(&cfg, "DX705", &["advertises no ipv4 prefix"], None);
}

#[test]
fn dx706_default_originate_and_round_trip() {
    let cfg = EOS.with(
        "   neighbor 169.254.100.1 bfd\n",
        "   neighbor 169.254.100.1 bfd\n   neighbor 169.254.100.1 default-originate\n",
    );
    EOS.check(
        &cfg,
        "DX706",
        &["originates a default route"],
        Some("router bgp 65010\n   address-family ipv4\n      no neighbor 169.254.100.1 default-originate"),
    );
    EOS.round_trip(&cfg, "DX706");
}

#[test]
fn dx801_shutdown_and_round_trip() {
    let cfg = EOS.with(
        "   neighbor 169.254.100.1 bfd\n",
        "   neighbor 169.254.100.1 bfd\n   neighbor 169.254.100.1 shutdown\n",
    );
    EOS.check(
        &cfg,
        "DX801",
        &["is shut down"],
        Some("router bgp 65010\n   no neighbor 169.254.100.1 shutdown"),
    );
    EOS.round_trip(&cfg, "DX801");
}

#[test]
fn dx804_no_default_ipv4_unicast_and_round_trip() {
    let cfg = EOS.with(
        "   router-id 10.10.255.1\n",
        "   router-id 10.10.255.1\n   no bgp default ipv4-unicast\n",
    );
    EOS.check(
        &cfg,
        "DX804",
        &["activated for no address family"],
        Some("router bgp 65010\n   address-family ipv4\n      neighbor 169.254.100.1 activate"),
    );
    EOS.round_trip(&cfg, "DX804");
}

#[test]
fn vrf_interface_and_neighbor() {
    let cfg = EOS
        .with(
            "   encapsulation dot1q vlan 101\n",
            "   encapsulation dot1q vlan 101\n   vrf CUST\n",
        )
        .replace(
            "   neighbor 169.254.100.1 remote-as",
            "   vrf CUST\n   neighbor 169.254.100.1 remote-as",
        )
        .replace("   neighbor 169.254.100.1", "      neighbor 169.254.100.1")
        .replace(
            "      neighbor 169.254.100.1 bfd\n",
            "      neighbor 169.254.100.1 bfd\n      neighbor 169.254.100.1 shutdown\n",
        );
    let r = EOS.lint(&cfg);
    assert_eq!(r.models[0].bgp[1].vrf.as_deref(), Some("CUST"));
    let f = EOS.fires(&cfg, "DX801");
    assert_eq!(
        f.fix.as_deref(),
        Some("router bgp 65010\n   vrf CUST\n      no neighbor 169.254.100.1 shutdown")
    );
}

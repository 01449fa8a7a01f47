//! NX-OS: each rule the platform can express fires on a failing variant of the clean
//! fixture with its message and NX-OS fix, stays quiet on the clean one, and the main
//! rules' fixes, applied, make them stop firing.

mod platform;

use dxlint::model::Vendor;
use platform::Suite;

const NX: Suite = Suite {
    vendor: Vendor::CiscoNxos,
    fixture: "nxos/edge1-clean.cfg",
};

const KEY7: &str = "password 7 02561C7F132A062F586B111808071E0E2701337B75";

#[test]
fn clean_fixture_is_quiet_and_established() {
    let r = NX.lint(&NX.clean());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.peerings[0].predicted_state.as_str(), "Established");
}

#[test]
fn dx001_malformed_line() {
    NX.check(
        &NX.with("remote-as 64512", "remote-as abc"),
        "DX001",
        &["remote-as abc"],
        None,
    );
}

#[test]
fn dx002_no_neighbors() {
    NX.fires(
        "!Command: show running-config\nversion 9.3(8)\nfeature bgp\ninterface Ethernet1/1\n  ip address 10.0.0.1/24\n",
        "DX002",
    );
}

#[test]
fn dx101_vlan_mismatch_and_round_trip() {
    let cfg = NX.with("encapsulation dot1q 101", "encapsulation dot1q 110");
    NX.check(
        &cfg,
        "DX101",
        &["`Ethernet1/1.101` is tagged 110"],
        Some("interface Ethernet1/1.101\n  encapsulation dot1q 101"),
    );
    NX.round_trip(&cfg, "DX101");
}

#[test]
fn dx102_untagged_and_round_trip() {
    let cfg = NX.with("  encapsulation dot1q 101\n", "");
    NX.check(
        &cfg,
        "DX102",
        &["is untagged"],
        Some("interface Ethernet1/1.101\n  encapsulation dot1q 101\n  ip address 169.254.100.2/30\n  no shutdown"),
    );
    NX.round_trip(&cfg, "DX102");
}

#[test]
fn dx105_port_shutdown_and_round_trip() {
    let cfg = NX.with("  mtu 1500\n  no shutdown", "  mtu 1500\n  shutdown");
    NX.check(
        &cfg,
        "DX105",
        &["`Ethernet1/1` is administratively down"],
        Some("interface Ethernet1/1\n  no shutdown"),
    );
    NX.round_trip(&cfg, "DX105");
}

#[test]
fn dx201_neighbor_address() {
    let cfg = NX.with("neighbor 169.254.100.1", "neighbor 169.254.100.5");
    NX.check(
        &cfg,
        "DX201",
        &["no neighbor at AWS's address 169.254.100.1"],
        Some("router bgp 65010\n  no neighbor 169.254.100.5\n  neighbor 169.254.100.1\n    remote-as 64512\n    address-family ipv4 unicast"),
    );
}

#[test]
fn dx203_prefix_length_and_round_trip() {
    let cfg = NX.with("169.254.100.2/30", "169.254.100.2/24");
    NX.check(
        &cfg,
        "DX203",
        &["169.254.100.2/24"],
        Some("interface Ethernet1/1.101\n  ip address 169.254.100.2/30"),
    );
    NX.round_trip(&cfg, "DX203");
}

#[test]
fn dx302_remote_asn_from_the_template_and_round_trip() {
    let cfg = NX.with("remote-as 64512", "remote-as 64513");
    NX.check(
        &cfg,
        "DX302",
        &["remote-as 64513"],
        Some("router bgp 65010\n  neighbor 169.254.100.1\n    remote-as 64512"),
    );
    NX.round_trip(&cfg, "DX302");
}

#[test]
fn dx401_missing_key_and_dx403_wrong_key() {
    let none = NX.with(&format!("    {KEY7}\n"), "");
    NX.check(
        &none,
        "DX401",
        &["has no password"],
        Some("router bgp 65010\n  neighbor 169.254.100.1\n    password 0 <authKey of dxvif-ffab1234, 20 characters>"),
    );
    // `password 7` decodes as Cisco type 7: this is "cisco123".
    let wrong = NX.with(KEY7, "password 7 1511021F07257A767B");
    let f = NX.check(&wrong, "DX403", &["not dxvif-ffab1234's key"], None);
    assert!(!f.message.contains("cisco123"));
}

#[test]
fn dx407_password_3_is_unverifiable() {
    let cfg = NX.with(KEY7, "password 3 a667d47acc18ea6b2b1d1e4e1f6b5b5c");
    NX.check(&cfg, "DX407", &["type 3 (NX-OS 3DES)"], None);
}

#[test]
fn dx501_mtu_is_l3_and_the_port_bounds_it() {
    let cfg = NX.with("  mtu 1500\n", "  mtu 1400\n");
    NX.check(
        &cfg,
        "DX501",
        &["IP MTU 1400"],
        Some("interface Ethernet1/1\n  mtu 1500\ninterface Ethernet1/1.101\n  mtu 1500"),
    );
    NX.round_trip(&cfg, "DX501");
}

#[test]
fn dx601_hold_zero_and_round_trip() {
    let cfg = NX.with("timers 30 90", "timers 0 0");
    NX.check(
        &cfg,
        "DX601",
        &["hold time 0"],
        Some("router bgp 65010\n  neighbor 169.254.100.1\n    timers 30 90"),
    );
    NX.round_trip(&cfg, "DX601");
}

#[test]
fn dx605_no_bfd_and_round_trip() {
    let cfg = NX.with("    bfd\n", "");
    NX.check(
        &cfg,
        "DX605",
        &["no BFD"],
        Some("feature bfd\nrouter bgp 65010\n  neighbor 169.254.100.1\n    bfd"),
    );
    NX.round_trip(&cfg, "DX605");
}

#[test]
fn dx705_filter_denies_all() {
    let cfg = NX.with(
        "ip prefix-list TO-AWS seq 5 permit 10.10.0.0/16\nip prefix-list TO-AWS seq 10 permit 10.20.0.0/16\n",
        "ip prefix-list TO-AWS seq 5 permit 192.0.2.0/24\n",
    );
    NX.check(&cfg, "DX705", &["advertises no ipv4 prefix"], None);
}

#[test]
fn dx706_default_originate_and_round_trip() {
    let cfg = NX.with(
        "      prefix-list TO-AWS out\n",
        "      prefix-list TO-AWS out\n      default-originate\n",
    );
    NX.check(
        &cfg,
        "DX706",
        &["originates a default route"],
        Some("router bgp 65010\n  neighbor 169.254.100.1\n    address-family ipv4 unicast\n      no default-originate"),
    );
    // The template's line is the one to remove; the neighbor's `no` does not override it.
    let own = NX.with(
        "    description AWS dxvif-ffab1234\n",
        "    description AWS dxvif-ffab1234\n    address-family ipv4 unicast\n      default-originate\n",
    );
    NX.round_trip(&own, "DX706");
}

#[test]
fn dx801_shutdown_and_round_trip() {
    let cfg = NX.with(
        "    inherit peer AWS\n",
        "    inherit peer AWS\n    shutdown\n",
    );
    NX.check(
        &cfg,
        "DX801",
        &["is shut down"],
        Some("router bgp 65010\n  neighbor 169.254.100.1\n    no shutdown"),
    );
    NX.round_trip(&cfg, "DX801");
}

#[test]
fn dx804_no_implicit_ipv4_on_nxos_and_round_trip() {
    let cfg = NX.with(
        "    address-family ipv4 unicast\n      prefix-list TO-AWS out\n",
        "",
    );
    NX.check(
        &cfg,
        "DX804",
        &["activated for no address family"],
        Some("router bgp 65010\n  neighbor 169.254.100.1\n    address-family ipv4 unicast"),
    );
    NX.round_trip(&cfg, "DX804");
}

#[test]
fn vrf_neighbor_and_one_line_remote_as() {
    // NX-OS also takes `neighbor X remote-as N` on one line, attributes nested below.
    let cfg = NX
        .with(
            "  neighbor 169.254.100.1\n    inherit peer AWS\n",
            "  vrf CUST\n    neighbor 169.254.100.1 remote-as 64512\n      inherit peer AWS\n      shutdown\n",
        )
        .replace(
            "    description AWS dxvif-ffab1234\n    password 7",
            "      description AWS dxvif-ffab1234\n      password 7",
        )
        .replace("  ip address 169.254.100.2/30\n", "  vrf member CUST\n  ip address 169.254.100.2/30\n");
    let f = NX.fires(&cfg, "DX801");
    assert_eq!(
        f.fix.as_deref(),
        Some("router bgp 65010\n  vrf CUST\n    neighbor 169.254.100.1\n      no shutdown")
    );
}

//! What a user meets first, through the binary: fix lines that paste whole at any width,
//! captured text with prompts and pagers, `-v`, completions and the man page, summary wording.

mod common;
use common::*;
use std::process::{Command, Output};

const VIF: &str = "testdata/aws/vif-private.json";

/// dxlint with COLUMNS set (`None`: unset, as on a pipe from a script).
fn dxlint_cols(args: &[&str], columns: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dxlint"));
    c.args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    match columns {
        Some(n) => c.env("COLUMNS", n),
        None => c.env_remove("COLUMNS"),
    };
    c.output().expect("run dxlint")
}

const LONG_FIX: &str = "            set protocols bgp group AWS-DIRECT-CONNECT-PRIMARY-EDGE1 neighbor 169.254.100.1 bfd-liveness-detection minimum-interval 300\n";

#[test]
fn fix_lines_are_never_wrapped_at_80_columns() {
    let o = dxlint_cols(
        &["testdata/junos/long-group.set", "--vif-json", VIF],
        Some("80"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(LONG_FIX), "{out}");
    assert!(
        out.contains("            set protocols bgp group AWS-DIRECT-CONNECT-PRIMARY-EDGE1 neighbor 169.254.100.1 peer-as 64512\n"),
        "{out}"
    );
    // Message text does wrap at 80, and never inside a word.
    for line in out
        .lines()
        .filter(|l| l.starts_with("  × ") || l.starts_with("  ☞ "))
    {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    assert!(!out.contains("bfd-\n"), "{out}");
}

#[test]
fn fix_lines_are_whole_on_a_pipe_without_columns() {
    let o = dxlint_cols(&["testdata/junos/long-group.set", "--vif-json", VIF], None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains(LONG_FIX), "{out}");
    // A pipe without COLUMNS wraps message text at 100.
    let widest = out
        .lines()
        .filter(|l| l.starts_with("  × ") || l.starts_with("  │ "))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(
        widest <= 100 && widest > 80,
        "widest message line {widest}\n{out}"
    );
}

#[test]
fn quoted_source_lines_are_not_wrapped() {
    let o = dxlint_cols(
        &["testdata/junos/long-group.set", "--vif-json", VIF],
        Some("60"),
    );
    let out = stdout(&o);
    assert!(
        out.contains(" │ set protocols bgp group AWS-DIRECT-CONNECT-PRIMARY-EDGE1 peer-as 64513\n"),
        "{out}"
    );
}

/// The `-v` line of a run, without the file name.
fn stats_line(args: &[&str]) -> (Option<i32>, String, String) {
    let mut a = args.to_vec();
    a.push("-v");
    let o = dxlint(&a);
    let err = stderr(&o);
    let line = err
        .lines()
        .find(|l| l.contains(": read as "))
        .map(|l| l.split_once(": read as ").unwrap().1.to_string())
        .unwrap_or_default();
    let peering = stdout(&o)
        .lines()
        .find(|l| l.starts_with("dxvif-"))
        .map(|l| l.split(" (").next().unwrap().to_string())
        .unwrap_or_default();
    (o.status.code(), line, peering)
}

#[test]
fn capture_artefacts_are_read_as_the_clean_file_in_every_dialect() {
    for (captured, clean) in [
        (
            "testdata/capture/cisco-ios.cfg",
            "testdata/cisco/edge1-clean.cfg",
        ),
        ("testdata/capture/frr.conf", "testdata/frr/edge1-clean.conf"),
        ("testdata/capture/junos.conf", "testdata/junos/clean.conf"),
        ("testdata/capture/junos.set", "testdata/junos/clean.set"),
        (
            "testdata/capture/vyos.config.boot",
            "testdata/vyos/clean-1.4.config.boot",
        ),
        ("testdata/capture/vyos.set", "testdata/vyos/clean-1.4.set"),
    ] {
        let (code, stats, peering) = stats_line(&[captured, "--vif-json", VIF]);
        let (_, clean_stats, clean_peering) = stats_line(&[clean, "--vif-json", VIF]);
        assert_eq!(code, Some(0), "{captured}");
        assert!(
            peering.ends_with("predicted Established")
                || peering.contains("neighbor 169.254.100.1 on"),
            "{captured}: {peering}"
        );
        assert_eq!(peering, clean_peering, "{captured}");
        // Same statements, same unknowns: the artefacts are neither statements nor unknown.
        let counts = |s: &str| s.split(", ").skip(2).collect::<Vec<_>>().join(", ");
        assert_eq!(
            counts(&stats),
            counts(&clean_stats),
            "{captured}: {stats} vs {clean_stats}"
        );
        assert!(!counts(&stats).is_empty(), "{captured}: no -v line");
    }
}

#[test]
fn a_capture_names_what_it_skipped_under_v() {
    let o = dxlint(&["testdata/capture/vyos.set", "--vif-json", VIF, "-v"]);
    let err = stderr(&o);
    assert!(err.contains("2 capture lines skipped"), "{err}");
}

#[test]
fn forced_vendor_on_another_vendors_file_suggests_the_detected_one() {
    for (file, forced, detected) in [
        ("testdata/junos/clean.conf", "cisco-ios", "junos"),
        ("testdata/vyos/clean-1.4.set", "junos", "vyos"),
        ("testdata/cisco/edge1-clean.cfg", "vyos", "cisco-ios"),
    ] {
        let o = dxlint(&[file, "--vif-json", VIF, "--vendor", forced]);
        assert_eq!(o.status.code(), Some(1), "{file}");
        let out = stdout(&o).replace("\n  │ ", " ");
        assert!(
            out.contains(&format!("looks like {detected}"))
                && out.contains(&format!("try --vendor {detected}")),
            "{file}: {out}"
        );
    }
}

#[test]
fn the_summary_writes_states_as_words() {
    let o = dxlint(&["testdata/frr/too-many-prefixes.conf", "--vif-json", VIF]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("-> predicted Established, then Idle, NOTIFICATION 6/1"),
        "{out}"
    );
    assert!(!out.contains("EstablishedThenIdle"), "{out}");
    // The JSON keeps the contract's identifier.
    let o = dxlint(&[
        "testdata/frr/too-many-prefixes.conf",
        "--vif-json",
        VIF,
        "--format",
        "json",
    ]);
    assert!(stdout(&o).contains("\"EstablishedThenIdle\""));
}

#[test]
fn github_counts_agree_in_number() {
    let o = dxlint(&[
        "testdata/frr/edge1-clean.conf",
        "--vif-json",
        VIF,
        "--format",
        "github",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("dxlint: 1 file, 0 errors, 0 warnings, 1 info\n"),
        "{out}"
    );
    let o = dxlint(&[
        "testdata/cisco/edge1-faulty.cfg",
        "testdata/frr/edge1-clean.conf",
        "--vif-json",
        VIF,
        "--format",
        "github",
    ]);
    let out = stdout(&o);
    assert!(out.contains("dxlint: 2 files, "), "{out}");
}

#[test]
fn completions_for_each_shell_name_the_flags() {
    for (shell, marker) in [
        ("bash", "complete -F _dxlint"),
        ("zsh", "#compdef dxlint"),
        ("fish", "complete -c dxlint"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = dxlint(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains(marker), "{shell}:\n{out}");
        assert!(
            out.contains("vif-json") && out.contains("explain"),
            "{shell}"
        );
    }
    let o = dxlint(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_man_page_is_generated_from_the_cli() {
    let o = dxlint(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains(".TH dxlint 1"), "{out}");
    for needle in [
        "\\-\\-vif\\-json",
        "\\-\\-fail\\-on",
        ".SH \"DXLINT EXPLAIN\"",
        ".SH \"DXLINT COMPLETIONS\"",
        "Exit codes: 0",
    ] {
        assert!(out.contains(needle), "missing {needle}:\n{out}");
    }
}

#[test]
fn verbose_lists_the_skipped_lines_masked_and_capped() {
    let o = dxlint(&["testdata/cisco/many-unknown.cfg", "--vif-json", VIF, "-v"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("31 not understood"), "{err}");
    assert!(
        err.contains(
            "  testdata/cisco/many-unknown.cfg:4: not understood: service password-encryption\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("many-unknown.cfg:49: not understood: ntp server *********\n"),
        "{err}"
    );
    // Twenty places, then a count.
    assert_eq!(err.matches(": not understood: ").count(), 20, "{err}");
    assert!(
        err.contains("  testdata/cisco/many-unknown.cfg: 11 more not understood\n"),
        "{err}"
    );
    // Secrets on skipped lines stay masked.
    for secret in ["S3cretCommunity", "$9$abcdef"] {
        assert!(!err.contains(secret), "{secret} in\n{err}");
    }
    assert!(
        err.contains("snmp-server community ***************"),
        "{err}"
    );
}

#[test]
fn verbose_lists_skipped_lines_in_junos_and_vyos() {
    let o = dxlint(&["testdata/junos/clean.conf", "--vif-json", VIF, "-v"]);
    assert!(
        stderr(&o).contains("testdata/junos/clean.conf:2: not understood: version **********"),
        "{}",
        stderr(&o)
    );
    let text = std::fs::read_to_string(root().join("testdata/vyos/clean-1.4.set")).unwrap()
        + "set service snmp community pubLIC123 authorization ro\n";
    let p = write_temp("skipped.set", &text);
    let o = dxlint(&[p.to_str().unwrap(), "--vif-json", VIF, "-v"]);
    let err = stderr(&o);
    assert!(
        err.contains(":22: not understood: set service snmp community *********"),
        "{err}"
    );
    assert!(!err.contains("pubLIC123"), "{err}");
}

/// IOS-XR, FortiOS (top-level sections) and PAN-OS say where their skipped statements are too; XR's RPL closers are
/// part of their blocks, not skipped.
#[test]
fn verbose_lists_skipped_lines_in_iosxr_fortios_and_panos() {
    let text = std::fs::read_to_string(root().join("testdata/iosxr/edge1-clean.cfg")).unwrap()
        + "snmp-server community pubLIC123 RO\nrmon event 3 log trap public description x\n";
    let p = write_temp("skipped.xr.cfg", &text);
    let o = dxlint(&[p.to_str().unwrap(), "--vif-json", VIF, "-v"]);
    let err = stderr(&o);
    assert!(
        err.contains("not understood: snmp-server community *********"),
        "{err}"
    );
    assert!(
        !err.contains("end-policy") && !err.contains("pubLIC123"),
        "{err}"
    );
    // An SNMP community in a command dxlint does not know: only the leading keywords show.
    assert!(
        err.contains("not understood: rmon event * *** ****"),
        "{err}"
    );
    assert!(!err.contains("trap public"), "{err}");
    let text = std::fs::read_to_string(root().join("testdata/fortios/dx-vif.conf")).unwrap()
        + "config system admin\n    edit \"admin\"\n        set password ENC SH2pubLIC123\n    next\nend\n";
    let p = write_temp("skipped.fortios.conf", &text);
    let o = dxlint(&[p.to_str().unwrap(), "--vif-json", VIF, "-v"]);
    let err = stderr(&o);
    assert!(err.contains("1 not understood"), "{err}");
    assert!(err.contains("not understood: config system admin"), "{err}");
    assert!(!err.contains("pubLIC123"), "{err}");
    let o = dxlint(&["testdata/panos/dx-vif.set", "--vif-json", VIF, "-v"]);
    assert!(
        stderr(&o).contains(
            "testdata/panos/dx-vif.set:24: not understood: set zone aws-dx network layer3"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn dx301_on_ios_keeps_the_running_process_and_uses_local_as() {
    let o = dxlint_cols(
        &["testdata/cisco/edge1-faulty.cfg", "--vif-json", VIF],
        Some("80"),
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("            router bgp 65001\n             neighbor 169.254.100.1 local-as 65010 no-prepend replace-as\n            ! or re-create BGP under AS 65010: a running process keeps its ASN (no router bgp 65001, then router bgp 65010 and all of its configuration again)\n"),
        "{out}"
    );
    // FRR gets the same per-neighbor override.
    let frr = std::fs::read_to_string(root().join("testdata/frr/edge1-clean.conf"))
        .unwrap()
        .replace("router bgp 65010", "router bgp 65001");
    let p = write_temp("dx301.conf", &frr);
    let out = stdout(&dxlint(&[p.to_str().unwrap(), "--vif-json", VIF]));
    assert!(
        out.contains("neighbor 169.254.100.1 local-as 65010 no-prepend replace-as"),
        "{out}"
    );
}

#[test]
fn dx404_with_awss_key_padded_recreates_the_peer_on_aws() {
    let o = dxlint(&[
        "testdata/cisco/edge1-clean.cfg",
        "--vif-json",
        "testdata/aws/vif-key-trailing-space.json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("aws directconnect delete-bgp-peer --virtual-interface-id dxvif-ffab1234 --asn 65010 --customer-address 169.254.100.2/30\n"), "{out}");
    assert!(out.contains("aws directconnect create-bgp-peer --virtual-interface-id dxvif-ffab1234 --new-bgp-peer 'asn=65010,addressFamily=ipv4,customerAddress=169.254.100.2/30,amazonAddress=169.254.100.1/30,authKey=<new key, no leading or trailing spaces>'\n"), "{out}");
    // A single-family VIF keeps one peer throughout.
    assert!(
        out.contains("--new-bgp-peer asn=65010,addressFamily=ipv6\n"),
        "{out}"
    );
    // Never: copy the padded key to the router.
    assert!(!out.contains("password <authKey"), "{out}");
    assert!(!out.contains("DX403"), "{out}");
    assert!(out.contains("predicted Active [DX404]"), "{out}");
}

#[test]
fn a_vlan_fix_does_not_reuse_a_vlan_another_subinterface_carries() {
    let o = dxlint(&["testdata/cisco/vlan-taken.cfg", "--vif-json", VIF]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("VLAN 101 is already on `GigabitEthernet0/0/1.200` (same port)"),
        "{out}"
    );
    assert!(
        !out.contains("encapsulation dot1Q 101\n\n"),
        "retagging fix offered:\n{out}"
    );
    // Without the conflict, the retagging fix stays.
    let out = stdout(&dxlint(&[
        "testdata/cisco/edge1-faulty.cfg",
        "--vif-json",
        VIF,
    ]));
    assert!(
        out.contains("             encapsulation dot1Q 101\n"),
        "{out}"
    );
}

#[test]
fn wording_follows_the_transport() {
    let o = dxlint(&[
        "testdata/vyos/dualstack-wrong-vlan.set",
        "--vif-json",
        "testdata/aws/vif-private-dualstack.json",
    ]);
    let out = stdout(&o).replace("\n  │ ", " ");
    assert!(
        out.contains("sub-interface, ARP for the peer never resolves"),
        "{out}"
    );
    assert!(
        out.contains("sub-interface, neighbor discovery for the peer never resolves"),
        "{out}"
    );
    assert_eq!(out.matches("ARP for the peer").count(), 1, "{out}");
}

#[test]
fn dx503_message_and_fix_name_the_same_mss() {
    let o = dxlint(&[
        "testdata/cisco/vpn-mss.cfg",
        "--vpn-json",
        "testdata/aws/vpn-example.json",
    ]);
    let out = stdout(&o).replace("\n  │ ", " ");
    // MTU 1300: the clamp must fit 1300 − 40, and both say 1260.
    assert!(out.contains("clamps TCP MSS to 1300, above 1260"), "{out}");
    assert!(out.contains("; clamp to 1260"), "{out}");
    assert!(
        out.contains("             ip tcp adjust-mss 1260\n"),
        "{out}"
    );
    assert!(
        out.contains("does not clamp TCP MSS") && out.contains("; clamp to 1359"),
        "{out}"
    );
    assert!(
        out.contains("             ip tcp adjust-mss 1359\n"),
        "{out}"
    );
}

#[test]
fn a_junos_inactive_neighbor_is_torn_down_with_cease_6_3() {
    for file in [
        "testdata/junos/inactive-neighbor.set",
        "testdata/junos/inactive-neighbor.conf",
    ] {
        let o = dxlint(&[file, "--vif-json", VIF]);
        assert_eq!(o.status.code(), Some(1), "{file}");
        let out = stdout(&o);
        assert!(
            out.contains("-> predicted Idle, NOTIFICATION 6/3 Cease: Peer De-configured, sent by the router (only if the session was already up) [DX801]"),
            "{file}: {out}"
        );
        assert!(!out.contains("6/2"), "{file}: {out}");
    }
    // An IOS `shutdown` keeps 6/2.
    let ios = std::fs::read_to_string(root().join("testdata/cisco/edge1-clean.cfg"))
        .unwrap()
        .replace(
            " neighbor 169.254.100.1 remote-as 64512\n",
            " neighbor 169.254.100.1 remote-as 64512\n neighbor 169.254.100.1 shutdown\n",
        );
    let p = write_temp("shut.cfg", &ios);
    let out = stdout(&dxlint(&[p.to_str().unwrap(), "--vif-json", VIF]));
    assert!(out.contains("NOTIFICATION 6/2 Cease"), "{out}");
    assert!(!out.contains("6/3"), "{out}");
}

#[test]
fn a_dx905_fix_names_the_policy_the_config_has() {
    let vpn = "testdata/aws/vpn-example.json";
    let out = stdout(&dxlint(&[
        "testdata/cisco/vpn-ikev2-policy.cfg",
        "--vpn-json",
        vpn,
    ]));
    assert!(out.contains("DX905"), "{out}");
    assert!(
        out.contains(
            "            crypto ikev2 policy EDGE-IKE\n             proposal AWS-PROPOSAL\n"
        ),
        "{out}"
    );
    assert!(!out.contains("<policy>"), "{out}");
    let out = stdout(&dxlint(&[
        "testdata/junos/vpn-weak-dh.set",
        "--vpn-json",
        vpn,
    ]));
    assert!(
        out.contains("            set security ike policy AWS-T1 proposals AWS-P1\n"),
        "{out}"
    );
    assert!(!out.contains("<ike-policy of gateway"), "{out}");
}

#[test]
fn a_new_subinterface_joins_the_vrf_of_the_neighbors_bgp_process() {
    let o = dxlint(&["testdata/cisco/vrf-untagged.cfg", "--vif-json", VIF]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("            interface GigabitEthernet0/0/1.101\n             encapsulation dot1Q 101\n             vrf forwarding CUST\n             ip address 169.254.100.2 255.255.255.252\n"),
        "{out}"
    );
}

#[test]
fn a_recreated_ios_neighbor_keeps_its_settings_and_key_reference() {
    let o = dxlint(&[
        "testdata/cisco/neighbor-wrong-address.cfg",
        "--vif-json",
        VIF,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for line in [
        "             neighbor 169.254.100.1 remote-as 64512\n",
        "             neighbor 169.254.100.1 password <the key of neighbor 169.254.100.3>\n",
        "             neighbor 169.254.100.1 timers 30 90\n",
        "             neighbor 169.254.100.1 fall-over bfd\n",
        "              neighbor 169.254.100.1 activate\n",
        "(prefix-list, route-map, maximum-prefix) with 169.254.100.1\n             no neighbor 169.254.100.3\n",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    // The old neighbor goes last, after the new one has everything.
    assert!(
        out.find("no neighbor 169.254.100.3").unwrap()
            > out.find("neighbor 169.254.100.1 timers").unwrap()
    );
    // No secret in the fix.
    assert!(!out.contains("091C562D"), "{out}");
}

#[test]
fn the_readme_example_is_what_the_binary_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("Example (abridged").expect("example");
    let block = &readme[start..];
    let block = &block[block.find("```\n").unwrap() + 4..];
    let block = &block[..block.find("```").unwrap()];
    let o = dxlint_cols(
        &["testdata/cisco/edge1-faulty.cfg", "--vif-json", VIF],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "the README says the example exits 1"
    );
    let out = stdout(&o);
    let lines: std::collections::HashSet<&str> = out.lines().collect();
    for line in block.lines().filter(|l| *l != "...") {
        assert!(
            lines.contains(line),
            "README line not in the output: {line:?}\n{out}"
        );
    }
}

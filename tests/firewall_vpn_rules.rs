//! The Site-to-Site VPN rules (DX901–DX909, DX503) and the BGP rules per tunnel (DX201,
//! DX301, DX302, DX603, DX701) on the firewall dialects: each fires on a failing config and
//! stays quiet on the clean one, in every variant, and no output shows a key.
//!
//! Every variant is a clean two-tunnel fixture for `testdata/aws/vpn-example.json` (tunnels
//! 203.0.113.10 / 169.254.10.0/30 and 203.0.113.20 / 169.254.20.0/30, VGW ASN 64512,
//! customer ASN 65010); a fault is a text edit in that variant's syntax.

use dxlint::aws::vpn_json;
use dxlint::lint::{lint, LintOptions, LintResult};
use dxlint::model::Vendor;
use dxlint::rules::SessionState;
use dxlint::source::SourceFile;
use dxlint::testing::{rule_ids, testdata};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Variant {
    AsaIkev1,
    AsaIkev2,
    Fortios,
    PanosSet,
    PanosBrace,
}

const ALL: &[Variant] = &[
    Variant::AsaIkev1,
    Variant::AsaIkev2,
    Variant::Fortios,
    Variant::PanosSet,
    Variant::PanosBrace,
];

impl Variant {
    fn file(self) -> &'static str {
        match self {
            Variant::AsaIkev1 => "asa/vpn-ikev1.cfg",
            Variant::AsaIkev2 => "asa/vpn-ikev2.cfg",
            Variant::Fortios => "fortios/vpn.conf",
            Variant::PanosSet => "panos/vpn.set",
            Variant::PanosBrace => "panos/vpn.conf",
        }
    }
    fn base(self) -> String {
        testdata(self.file())
    }
    fn vendor(self) -> Vendor {
        match self {
            Variant::AsaIkev1 | Variant::AsaIkev2 => Vendor::CiscoAsa,
            Variant::Fortios => Vendor::Fortios,
            Variant::PanosSet | Variant::PanosBrace => Vendor::Panos,
        }
    }
}

/// The keys of the fixtures: no finding, fix or message may contain them.
const KEYS: [&str; 2] = ["Tunnel1_psk.example1", "Tunnel2_psk.example2"];
const EXAMPLE: &str = "aws/vpn-example.json";

fn run(config: &str, vendor: Option<Vendor>, json_file: &str) -> LintResult {
    let peerings =
        vpn_json::load(&SourceFile::new("vpn.json", testdata(json_file))).expect("valid VPN JSON");
    let opts = LintOptions {
        vendor,
        ..Default::default()
    };
    let r =
        lint(vec![SourceFile::new("fw.cfg", config)], &peerings, &opts).expect("config extracts");
    for f in &r.findings {
        let text = format!("{} {}", f.message, f.fix.as_deref().unwrap_or(""));
        for k in KEYS {
            assert!(!text.contains(k), "{} shows a key: {text}", f.rule);
        }
    }
    r
}

fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    let mut t = text.to_string();
    for (from, to) in edits {
        assert!(t.contains(from), "edit `{from}` does not apply");
        t = t.replace(from, to);
    }
    t
}

/// Remove every line containing a marker; a removed top-level line takes its indented
/// block, a removed FortiOS `edit` its block up to `next`.
fn drop(text: &str, markers: &[&str]) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if !markers.iter().any(|m| line.contains(m)) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if line.trim_start().starts_with("edit ") {
            for l in lines.by_ref() {
                if l.trim() == "next" && l.len() - l.trim_start().len() == indent {
                    break;
                }
            }
        } else if line.trim_end().ends_with('{') {
            let mut depth = 1;
            for l in lines.by_ref() {
                depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
                if depth <= 0 {
                    break;
                }
            }
        } else if indent == 0 && !line.starts_with("set ") {
            while lines.peek().is_some_and(|l| l.starts_with(' ')) {
                lines.next();
            }
        }
    }
    out
}

fn describe(r: &LintResult) -> Vec<String> {
    r.findings
        .iter()
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect()
}

/// `rule` stays quiet on each clean config and fires, with a line, on its failing twin.
fn check(rule: &str, json: &str, cases: &[(Variant, String, String)]) {
    assert!(!cases.is_empty());
    for (v, clean, failing) in cases {
        let quiet = run(clean, Some(v.vendor()), json);
        assert!(
            !rule_ids(&quiet).contains(&rule),
            "{v:?}: {rule} fires on the clean config: {:?}",
            describe(&quiet)
        );
        let r = run(failing, Some(v.vendor()), json);
        assert!(
            rule_ids(&r).contains(&rule),
            "{v:?}: {rule} does not fire; got {:?}",
            describe(&r)
        );
        for f in r.findings.iter().filter(|f| f.rule == rule) {
            assert!(
                f.span.is_some() || f.source.is_none(),
                "{v:?} {rule}: no line"
            );
        }
    }
}

/// Each variant's own edits for one fault.
fn faults(
    edits: impl Fn(Variant) -> Vec<(&'static str, &'static str)>,
) -> Vec<(Variant, String, String)> {
    ALL.iter()
        .map(|v| (*v, v.base(), edit(&v.base(), &edits(*v))))
        .collect()
}

#[test]
fn clean_fixtures_are_detected_quiet_and_established() {
    for v in ALL {
        // Detected, not told.
        let r = run(&v.base(), None, EXAMPLE);
        assert!(r.findings.is_empty(), "{v:?}: {:?}", describe(&r));
        assert_eq!(r.peerings.len(), 2);
        for p in &r.peerings {
            assert_eq!(
                p.predicted_state,
                SessionState::Established,
                "{v:?} {}",
                p.id
            );
        }
    }
}

#[test]
fn dx901_tunnel_missing_alone() {
    for v in ALL {
        let markers: &[&str] = match v {
            Variant::AsaIkev1 | Variant::AsaIkev2 => {
                &["Tunnel2", "169.254.20", "203.0.113.20", "PROFILE-T2"]
            }
            Variant::Fortios => &["aws-t2", "169.254.20", "203.0.113.20"],
            Variant::PanosSet | Variant::PanosBrace => &[
                "GW-T2",
                "tunnel.2",
                "IPSEC-T2",
                "peer T2",
                " T2 {",
                "169.254.20",
                "203.0.113.20",
            ],
        };
        let failing = drop(&v.base(), markers);
        check("DX901", EXAMPLE, &[(*v, v.base(), failing.clone())]);
        let r = run(&failing, Some(v.vendor()), EXAMPLE);
        assert_eq!(rule_ids(&r), vec!["DX901"], "{v:?}: {:?}", describe(&r));
        assert_eq!(
            r.findings[0].peering.as_deref(),
            Some("vpn-0a11b22c33d44e55f/tunnel2")
        );
    }
}

#[test]
fn dx902_outside_address() {
    let cases = faults(|_| vec![("203.0.113.20", "203.0.113.21")]);
    check("DX902", EXAMPLE, &cases);
    for (v, _, failing) in &cases {
        let r = run(failing, Some(v.vendor()), EXAMPLE);
        let t2 = r
            .peerings
            .iter()
            .find(|p| p.id.ends_with("tunnel2"))
            .unwrap();
        assert_eq!(t2.predicted_state, SessionState::Idle, "{v:?}");
        let fix = r
            .findings
            .iter()
            .find(|f| f.rule == "DX902")
            .unwrap()
            .fix
            .clone();
        assert!(fix.unwrap().contains("203.0.113.20"), "{v:?}");
    }
}

#[test]
fn dx903_inside_address() {
    let cases = faults(|v| match v {
        Variant::AsaIkev1 | Variant::AsaIkev2 => vec![(
            "169.254.20.2 255.255.255.252",
            "169.254.21.2 255.255.255.252",
        )],
        Variant::Fortios => vec![(
            "set ip 169.254.20.2 255.255.255.255",
            "set ip 169.254.21.2 255.255.255.255",
        )],
        Variant::PanosSet | Variant::PanosBrace => vec![("169.254.20.2/30", "169.254.21.2/30")],
    });
    check("DX903", EXAMPLE, &cases);
}

#[test]
fn dx904_ike_version() {
    let json = "aws/vpn-ikev2-only.json";
    let cases: Vec<_> = ALL
        .iter()
        .filter_map(|v| match v {
            // The IKEv1 config fails as it is; its IKEv2 twin is the clean one.
            Variant::AsaIkev1 => Some((*v, Variant::AsaIkev2.base(), v.base())),
            Variant::AsaIkev2 => None,
            // FortiOS phase1 defaults to IKEv1.
            Variant::Fortios => Some((
                *v,
                edit(
                    &v.base(),
                    &[(
                        "set peertype any",
                        "set ike-version 2\n        set peertype any",
                    )],
                ),
                v.base(),
            )),
            // PAN-OS gateways default to IKEv1.
            Variant::PanosSet => Some((
                *v,
                edit(
                    &v.base(),
                    &[
                        ("protocol ikev1", "protocol ikev2"),
                        (
                            "set network ike gateway GW-T1 protocol-common",
                            "set network ike gateway GW-T1 protocol version ikev2\nset network ike gateway GW-T1 protocol-common",
                        ),
                        (
                            "set network ike gateway GW-T2 protocol-common",
                            "set network ike gateway GW-T2 protocol version ikev2\nset network ike gateway GW-T2 protocol-common",
                        ),
                    ],
                ),
                v.base(),
            )),
            Variant::PanosBrace => Some((
                *v,
                edit(
                    &v.base(),
                    &[
                        ("          ikev1 {", "          version ikev2;\n          ikev2 {"),
                    ],
                ),
                v.base(),
            )),
        })
        .collect();
    check("DX904", json, &cases);
}

#[test]
fn dx905_phase1_proposal() {
    let cases = faults(|v| {
        match v {
        Variant::AsaIkev1 => vec![(" encryption aes\n", " encryption 3des\n")],
        Variant::AsaIkev2 => vec![
            (" group 14\n", " group 5 2\n"),
            (" encryption aes-256 aes\n", " encryption 3des\n"),
        ],
        Variant::Fortios => vec![(
            "set proposal aes128-sha1 aes256-sha256\n        set dhgrp 14\n        set nattraversal",
            "set proposal 3des-md5\n        set dhgrp 14\n        set nattraversal",
        )],
        Variant::PanosSet | Variant::PanosBrace => vec![("hash [ sha1 sha256 ]", "hash md5")],
    }
    });
    check("DX905", EXAMPLE, &cases);
    let r = run(&cases[0].2, Some(Vendor::CiscoAsa), EXAMPLE);
    let fix = r
        .findings
        .iter()
        .find(|f| f.rule == "DX905")
        .unwrap()
        .fix
        .clone()
        .unwrap();
    assert!(
        fix.starts_with("crypto ikev1 policy") && fix.contains("group 14"),
        "{fix}"
    );
}

#[test]
fn dx906_phase2_proposal() {
    let cases = faults(|v| match v {
        Variant::AsaIkev1 => vec![("esp-aes esp-sha-hmac", "esp-3des esp-md5-hmac")],
        Variant::AsaIkev2 => vec![("set pfs group14", "set pfs group1")],
        Variant::Fortios => vec![(
            "set dhgrp 14\n        set keylifeseconds",
            "set dhgrp 1\n        set keylifeseconds",
        )],
        Variant::PanosSet | Variant::PanosBrace => {
            vec![("authentication [ sha1 sha256 ]", "authentication md5")]
        }
    });
    check("DX906", EXAMPLE, &cases);
    let r = run(&cases[0].2, Some(Vendor::CiscoAsa), EXAMPLE);
    let fix = r
        .findings
        .iter()
        .find(|f| f.rule == "DX906")
        .unwrap()
        .fix
        .clone()
        .unwrap();
    assert!(
        fix.contains("crypto ipsec ikev1 transform-set AWS-ESP esp-aes"),
        "{fix}"
    );
    assert!(fix.contains("crypto ipsec profile AWS-PROFILE-T"), "{fix}");
}

#[test]
fn dx907_psk_mismatch_names_the_swapped_tunnel() {
    let cases = faults(|_| vec![("Tunnel2_psk.example2", "Tunnel1_psk.example1")]);
    check("DX907", EXAMPLE, &cases);
    for (v, _, failing) in &cases {
        let r = run(failing, Some(v.vendor()), EXAMPLE);
        let f = r.findings.iter().find(|f| f.rule == "DX907").unwrap();
        assert!(
            f.message.contains("it is the key of tunnel 1"),
            "{v:?}: {}",
            f.message
        );
        let fix = f.fix.as_deref().unwrap();
        assert!(
            fix.contains("<PreSharedKey of tunnel 2 of vpn-0a11b22c33d44e55f, 20 characters>"),
            "{v:?}: {fix}"
        );
    }
}

/// Keys the device does not show (ASA `*****`) are unverifiable: no mismatch.
#[test]
fn hidden_keys_are_not_mismatches() {
    for v in ALL {
        let hidden = match v {
            Variant::AsaIkev1 | Variant::AsaIkev2 => edit(
                &v.base(),
                &[
                    ("Tunnel1_psk.example1", "*****"),
                    ("Tunnel2_psk.example2", "*****"),
                ],
            ),
            Variant::Fortios => edit(
                &v.base(),
                &[
                    (
                        "Tunnel1_psk.example1",
                        "ENC hK3v9Qm1ZpX7yT2uW5rE8aB0cD4fG6iJ",
                    ),
                    (
                        "Tunnel2_psk.example2",
                        "ENC nM2bV5cX8zL1kJ4hG7fD0sA3qW6eR9tY",
                    ),
                ],
            ),
            Variant::PanosSet | Variant::PanosBrace => edit(
                &v.base(),
                &[
                    (
                        "Tunnel1_psk.example1",
                        "-AQ==9vQhX2c+Kf0lP3oB1tWm8sE5yR4=Zk7uN1aG2bH3cJ4dK5eL6fM7g==",
                    ),
                    (
                        "Tunnel2_psk.example2",
                        "-AQ==3mLp8Rt+Wq1eZ6xC9vB2nA5sD4=Hj7kU1iO2pY3tR4eW5qA6sD7f==",
                    ),
                ],
            ),
        };
        let r = run(&hidden, Some(v.vendor()), EXAMPLE);
        assert!(r.findings.is_empty(), "{v:?}: {:?}", describe(&r));
    }
}

#[test]
fn dx908_psk_format() {
    let cases = faults(|_| vec![("Tunnel2_psk.example2", "Tunnel2-psk")]);
    check("DX908", EXAMPLE, &cases);
}

#[test]
fn dx909_lifetimes_and_dpd() {
    let cases = faults(|v| match v {
        Variant::AsaIkev1 => vec![(" lifetime 28800", " lifetime 86400")],
        Variant::AsaIkev2 => vec![(" lifetime seconds 28800", " lifetime seconds 86400")],
        Variant::Fortios => vec![("set keylife 28800", "set keylife 86400")],
        Variant::PanosSet | Variant::PanosBrace => vec![("seconds 28800", "seconds 86400")],
    });
    check("DX909", EXAMPLE, &cases);
    // Phase 2 left at the platform default (ASA: 28800 s, above AWS's 3600).
    let cases = faults(|v| match v {
        Variant::AsaIkev1 | Variant::AsaIkev2 => {
            vec![(" set security-association lifetime seconds 3600\n", "\n")]
        }
        // FortiOS: 43200 s.
        Variant::Fortios => vec![("        set keylifeseconds 3600\n", "")],
        // PAN-OS's default (1 hour) is AWS's maximum: set one above it.
        Variant::PanosSet | Variant::PanosBrace => vec![("seconds 3600", "seconds 7200")],
    });
    check("DX909", EXAMPLE, &cases);
    // Dead peer detection off.
    let cases = faults(|v| match v {
        Variant::AsaIkev1 | Variant::AsaIkev2 => vec![(
            "isakmp keepalive threshold 10 retry 3",
            "isakmp keepalive disable",
        )],
        Variant::Fortios => vec![("set dpd on-idle", "set dpd disable")],
        Variant::PanosSet => vec![("dpd interval 10 retry 3 enable yes", "dpd enable no")],
        Variant::PanosBrace => vec![(
            "retry 3;\n              enable yes;",
            "retry 3;\n              enable no;",
        )],
    });
    check("DX909", EXAMPLE, &cases);
    let r = run(&cases[0].2, Some(Vendor::CiscoAsa), EXAMPLE);
    let fix = r
        .findings
        .iter()
        .find(|f| f.rule == "DX909")
        .unwrap()
        .fix
        .clone()
        .unwrap();
    assert_eq!(
        fix,
        "tunnel-group 203.0.113.10 ipsec-attributes\n isakmp keepalive threshold 10 retry 3"
    );
}

#[test]
fn dx503_tunnel_mss() {
    for to in [
        "sysopt connection tcpmss 1460",
        "sysopt connection tcpmss 0",
    ] {
        let cases = faults(|v| match v {
            Variant::AsaIkev1 | Variant::AsaIkev2 => {
                vec![("sysopt connection tcpmss 1359", to)]
            }
            Variant::Fortios => vec![(
                "set tcp-mss 1359",
                if to.ends_with(" 0") {
                    "unset tcp-mss"
                } else {
                    "set tcp-mss 1460"
                },
            )],
            // PAN-OS clamps through the tunnel MTU.
            Variant::PanosSet | Variant::PanosBrace => vec![("mtu 1399", "mtu 1500")],
        });
        check("DX503", EXAMPLE, &cases);
    }
    // ASA's default clamp (1380, not printed) fits the tunnel.
    let v = Variant::AsaIkev1;
    let r = run(
        &drop(&v.base(), &["sysopt connection tcpmss"]),
        Some(v.vendor()),
        EXAMPLE,
    );
    assert!(r.findings.is_empty(), "{:?}", describe(&r));
}

#[test]
fn bgp_rules_apply_per_tunnel() {
    let remote = faults(|v| match v {
        Variant::AsaIkev1 | Variant::AsaIkev2 | Variant::Fortios => {
            vec![("remote-as 64512", "remote-as 64513")]
        }
        Variant::PanosSet | Variant::PanosBrace => vec![("peer-as 64512", "peer-as 64513")],
    });
    check("DX302", EXAMPLE, &remote);
    let neighbor = faults(|_| vec![("169.254.20.1", "169.254.20.3")]);
    check("DX201", EXAMPLE, &neighbor);
    let local = faults(|v| match v {
        Variant::AsaIkev1 | Variant::AsaIkev2 => vec![("router bgp 65010", "router bgp 65011")],
        Variant::Fortios => vec![("set as 65010", "set as 65011")],
        Variant::PanosSet | Variant::PanosBrace => vec![("local-as 65010", "local-as 65011")],
    });
    check("DX301", EXAMPLE, &local);
    let hold = faults(|v| match v {
        Variant::AsaIkev1 | Variant::AsaIkev2 => vec![("timers 10 30 30", "timers 60 180 180")],
        Variant::Fortios => vec![("set holdtime-timer 30", "set holdtime-timer 90")],
        Variant::PanosSet | Variant::PanosBrace => vec![("hold-time 30", "hold-time 90")],
    });
    check("DX603", EXAMPLE, &hold);
}

/// More than the 100 prefixes a VPN's BGP session accepts.
#[test]
fn dx701_too_many_prefixes() {
    let cases: Vec<_> = ALL
        .iter()
        .map(|v| {
            let base = v.base();
            let failing = match v {
                Variant::AsaIkev1 | Variant::AsaIkev2 => {
                    let nets: String = (0..101)
                        .map(|i| format!("  network 10.20.{i}.0 mask 255.255.255.0\n"))
                        .collect();
                    edit(
                        &base,
                        &[
                            ("permit 10.10.0.0/16", "permit 10.0.0.0/8 le 24"),
                            ("  no auto-summary\n", &format!("{nets}  no auto-summary\n")),
                        ],
                    )
                }
                Variant::Fortios => {
                    let nets: String = (0..101)
                        .map(|i| {
                            format!(
                                "        edit {}\n            set prefix 10.20.{i}.0 255.255.255.0\n        next\n",
                                i + 2
                            )
                        })
                        .collect();
                    edit(
                        &base,
                        &[
                            (
                                "set prefix 10.10.0.0 255.255.0.0\n                unset ge",
                                "set prefix 10.0.0.0 255.0.0.0\n                set le 24",
                            ),
                            ("    config redistribute \"connected\"", &format!("    config network\n{nets}    end\n    config redistribute \"connected\"")),
                        ],
                    )
                }
                Variant::PanosSet => {
                    let rule = "set network virtual-router default protocol bgp policy export rules TO-AWS match address-prefix";
                    let nets: String = (0..101)
                        .map(|i| format!("{rule} 10.20.{i}.0/24 exact yes\n"))
                        .collect();
                    format!("{base}{nets}")
                }
                Variant::PanosBrace => {
                    let nets: String = (0..101)
                        .map(|i| format!("                      10.20.{i}.0/24 {{\n                        exact yes;\n                      }}\n"))
                        .collect();
                    edit(
                        &base,
                        &[(
                            "                    address-prefix {\n",
                            &format!("                    address-prefix {{\n{nets}"),
                        )],
                    )
                }
            };
            (*v, base, failing)
        })
        .collect();
    check("DX701", EXAMPLE, &cases);
}

/// AWS's own sample configurations for these devices, adapted into fixtures (placeholders
/// made concrete), lint without errors against VPN JSON written to match them.
#[test]
fn aws_samples_lint_without_errors() {
    let samples: &[(&str, &str, Vendor, &[&str])] = &[
        // The sample advertises a default route (`default-originate`): DX706, an info.
        (
            "asa/aws-sample-vti-bgp.cfg",
            "aws/vpn-asa-vti-sample.json",
            Vendor::CiscoAsa,
            &["DX706"],
        ),
        // Its BGP timers are left at FortiOS's default (hold 180 s): DX603, an info.
        (
            "fortios/aws-sample-bgp.conf",
            "aws/vpn-fortigate-sample.json",
            Vendor::Fortios,
            &["DX603", "DX706"],
        ),
        (
            "asa/aws-sample-cryptomap-static.cfg",
            "aws/vpn-static-tgw.json",
            Vendor::CiscoAsa,
            &[],
        ),
    ];
    for (cfg, json, vendor, expected) in samples {
        let peerings =
            vpn_json::load(&SourceFile::new("vpn.json", testdata(json))).expect("valid VPN JSON");
        let r = lint(
            vec![SourceFile::new(*cfg, testdata(cfg))],
            &peerings,
            &LintOptions::default(),
        )
        .expect("config extracts");
        assert_eq!(r.models[0].vendor, Some(*vendor), "{cfg}");
        assert_eq!(rule_ids(&r), expected.to_vec(), "{cfg}: {:?}", describe(&r));
        assert!(r.peerings.iter().all(|p| p.decided_by.is_none()), "{cfg}");
    }
}

/// FortiOS fixes are `config … end` blocks naming the phase1, phase2 or interface.
#[test]
fn fortios_fixes_are_config_blocks() {
    let v = Variant::Fortios;
    let mtu = edit(&v.base(), &[("set mtu 1399", "set mtu 9000")]);
    check("DX503", EXAMPLE, &[(v, v.base(), mtu.clone())]);
    let r = run(&mtu, Some(v.vendor()), EXAMPLE);
    let fix = r
        .findings
        .iter()
        .find(|f| f.rule == "DX503")
        .unwrap()
        .fix
        .clone()
        .unwrap();
    assert_eq!(
        fix,
        "config system interface\n    edit \"aws-t1\"\n        set mtu-override enable\n        set mtu 1399\n    next\nend"
    );
    let r = run(
        &edit(&v.base(), &[("set keylife 28800", "set keylife 86400")]),
        Some(v.vendor()),
        EXAMPLE,
    );
    let fix = r
        .findings
        .iter()
        .find(|f| f.rule == "DX909")
        .unwrap()
        .fix
        .clone()
        .unwrap();
    assert_eq!(
        fix,
        "config vpn ipsec phase1-interface\n    edit \"aws-t1\"\n        set keylife 28800\n    next\nend"
    );
    let no_p2_life = edit(&v.base(), &[("        set keylifeseconds 3600\n", "")]);
    let r = run(&no_p2_life, Some(v.vendor()), EXAMPLE);
    let fix = r
        .findings
        .iter()
        .find(|f| f.rule == "DX909")
        .unwrap()
        .fix
        .clone()
        .unwrap();
    assert!(fix.starts_with("config vpn ipsec phase2-interface\n    edit \"aws-t1\"\n        set keylifeseconds 3600"), "{fix}");
}

/// PAN-OS fixes are `set` commands naming the gateway, crypto profile, tunnel or peer.
#[test]
fn panos_fixes_are_set_commands() {
    for v in [Variant::PanosSet, Variant::PanosBrace] {
        let r = run(
            &edit(&v.base(), &[("hold-time 30", "hold-time 90")]),
            Some(v.vendor()),
            EXAMPLE,
        );
        let fix = r
            .findings
            .iter()
            .find(|f| f.rule == "DX603")
            .unwrap()
            .fix
            .clone()
            .unwrap();
        assert_eq!(
            fix,
            "set network virtual-router default protocol bgp peer-group AWS peer T1 connection-options keep-alive-interval 10 hold-time 30",
            "{v:?}"
        );
        let r = run(
            &edit(
                &v.base(),
                &[("authentication [ sha1 sha256 ]", "authentication md5")],
            ),
            Some(v.vendor()),
            EXAMPLE,
        );
        let fix = r
            .findings
            .iter()
            .find(|f| f.rule == "DX906")
            .unwrap()
            .fix
            .clone()
            .unwrap();
        assert!(
            fix.contains("set network tunnel ipsec IPSEC-T1 auto-key ipsec-crypto-profile AWS-ESP"),
            "{fix}"
        );
        let r = run(
            &edit(&v.base(), &[("seconds 28800", "seconds 86400")]),
            Some(v.vendor()),
            EXAMPLE,
        );
        let fix = r
            .findings
            .iter()
            .find(|f| f.rule == "DX909")
            .unwrap()
            .fix
            .clone()
            .unwrap();
        assert_eq!(
            fix,
            "set network ike crypto-profiles ike-crypto-profiles AWS-IKE lifetime seconds 28800"
        );
    }
}

/// PAN-OS's XML export (`running-config.xml`) reads like its set and brace forms.
#[test]
fn panos_xml_export() {
    let base = testdata("panos/vpn.xml");
    let r = run(&base, None, EXAMPLE);
    assert!(r.findings.is_empty(), "{:?}", describe(&r));
    assert_eq!(r.models[0].vendor, Some(Vendor::Panos));
    assert!(r
        .peerings
        .iter()
        .all(|p| p.predicted_state == SessionState::Established));
    let faults: [(&str, &str, &str); 4] = [
        (
            "DX603",
            "<hold-time>30</hold-time>",
            "<hold-time>90</hold-time>",
        ),
        ("DX907", "Tunnel2_psk.example2", "Tunnel1_psk.example1"),
        ("DX902", "<ip>203.0.113.20</ip>", "<ip>203.0.113.21</ip>"),
        (
            "DX905",
            "<dh-group>group14</dh-group>",
            "<dh-group>group1</dh-group>",
        ),
    ];
    for (rule, from, to) in faults {
        let r = run(&edit(&base, &[(from, to)]), None, EXAMPLE);
        assert!(rule_ids(&r).contains(&rule), "{rule}: {:?}", describe(&r));
    }
}

/// `dxlint-disable` comments in each firewall's comment syntax silence the line after them.
#[test]
fn suppression_comments_in_firewall_syntax() {
    let cases: [(Variant, &str, &str); 3] = [
        (
            Variant::AsaIkev1,
            "  neighbor 169.254.10.1 timers 10 30 30",
            "  ! dxlint-disable DX603 agreed with AWS\n  neighbor 169.254.10.1 timers 60 180 180",
        ),
        (
            Variant::Fortios,
            "            set holdtime-timer 30",
            "            # dxlint-disable DX603 agreed with AWS\n            set holdtime-timer 90",
        ),
        (
            Variant::PanosSet,
            "set network virtual-router default protocol bgp peer-group AWS peer T1 connection-options keep-alive-interval 10 hold-time 30",
            "# dxlint-disable DX603 agreed with AWS\nset network virtual-router default protocol bgp peer-group AWS peer T1 connection-options keep-alive-interval 10 hold-time 90",
        ),
    ];
    for (v, from, to) in cases {
        let once = v.base().replacen(from, to, 1);
        assert_ne!(once, v.base(), "{v:?}");
        let r = run(&once, Some(v.vendor()), EXAMPLE);
        let t1 = r
            .findings
            .iter()
            .filter(|f| {
                f.rule == "DX603" && f.peering.as_deref().is_some_and(|p| p.ends_with("tunnel1"))
            })
            .count();
        assert_eq!(t1, 0, "{v:?}: {:?}", describe(&r));
        // Without the comment the same change fires.
        let bare = v.base().replacen(from, to.lines().last().unwrap(), 1);
        assert!(
            rule_ids(&run(&bare, Some(v.vendor()), EXAMPLE)).contains(&"DX603"),
            "{v:?}"
        );
    }
}

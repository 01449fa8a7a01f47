//! Every Site-to-Site VPN rule fires on a failing config and stays quiet on the clean one, for
//! each vendor and form that can express it, plus the BGP rules applied per tunnel.
//!
//! Each variant starts from a clean two-tunnel fixture for `testdata/aws/vpn-example.json`
//! (tunnels 203.0.113.10 / 169.254.10.0/30 and 203.0.113.20 / 169.254.20.0/30, VGW ASN 64512,
//! customer ASN 65010) and applies the same fault as text edits in that variant's syntax.

#[path = "snap/mod.rs"]
mod snap;

use dxlint::aws::vpn_json;
use dxlint::lint::{lint, LintOptions, LintResult};
use dxlint::model::Vendor;
use dxlint::rules::SessionState;
use dxlint::source::SourceFile;
use dxlint::testing::{rule_ids, testdata};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Variant {
    CiscoIkev1,
    CiscoIkev2,
    JunosSet,
    JunosCurly,
    Vyos13,
    Vyos14,
}

const ALL: [Variant; 6] = [
    Variant::JunosSet,
    Variant::JunosCurly,
    Variant::Vyos13,
    Variant::Vyos14,
    Variant::CiscoIkev1,
    Variant::CiscoIkev2,
];

impl Variant {
    fn base(self) -> String {
        testdata(match self {
            Variant::CiscoIkev1 => "cisco/vpn-ikev1.cfg",
            Variant::CiscoIkev2 => "cisco/vpn-ikev2.cfg",
            Variant::JunosSet => "junos/vpn.set",
            Variant::JunosCurly => "junos/vpn.conf",
            Variant::Vyos13 => "vyos/vpn-1.3.set",
            Variant::Vyos14 => "vyos/vpn-1.4.set",
        })
    }
    fn vendor(self) -> Vendor {
        match self {
            Variant::CiscoIkev1 | Variant::CiscoIkev2 => Vendor::CiscoIos,
            Variant::JunosSet | Variant::JunosCurly => Vendor::Junos,
            Variant::Vyos13 | Variant::Vyos14 => Vendor::Vyos,
        }
    }
    fn is_cisco(self) -> bool {
        self.vendor() == Vendor::CiscoIos
    }
    fn is_junos(self) -> bool {
        self.vendor() == Vendor::Junos
    }
}

/// The keys of the fixtures: no finding, fix or message may contain them.
const KEYS: [&str; 2] = ["Tunnel1_psk.example1", "Tunnel2_psk.example2"];

fn run(config: &str, vendor: Vendor, json_file: &str) -> LintResult {
    run_json(config, vendor, &testdata(json_file))
}

fn run_json(config: &str, vendor: Vendor, json: &str) -> LintResult {
    let peerings = vpn_json::load(&SourceFile::new("vpn.json", json)).expect("valid VPN JSON");
    let opts = LintOptions {
        vendor: Some(vendor),
        ..Default::default()
    };
    let r = lint(
        vec![SourceFile::new("router.cfg", config)],
        &peerings,
        &opts,
    )
    .expect("config extracts");
    for f in &r.findings {
        let text = format!("{} {}", f.message, f.fix.as_deref().unwrap_or(""));
        for k in KEYS {
            assert!(
                !text.contains(k),
                "{} shows a pre-shared key: {text}",
                f.rule
            );
        }
    }
    r
}

fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    let mut t = text.to_string();
    for (from, to) in edits {
        assert!(t.contains(from), "edit `{from}` does not apply to:\n{t}");
        t = t.replace(from, to);
    }
    t
}

/// Remove every line containing a marker; a removed line that opens a block (`{` at the
/// end, or a top-level IOS line) takes its block with it.
fn drop(text: &str, markers: &[&str]) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if !markers.iter().any(|m| line.contains(m)) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if line.trim_end().ends_with('{') {
            let mut depth = 1;
            for l in lines.by_ref() {
                depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
                if depth <= 0 {
                    break;
                }
            }
        } else if !line.starts_with(' ') && !line.starts_with("set ") {
            while lines.peek().is_some_and(|l| l.starts_with(' ')) {
                lines.next();
            }
        }
    }
    out
}

fn findings_of<'r>(r: &'r LintResult, rule: &str) -> Vec<&'r dxlint::lint::Finding> {
    r.findings.iter().filter(|f| f.rule == rule).collect()
}

fn assert_clean(v: Variant, config: &str, json_file: &str) {
    let r = run(config, v.vendor(), json_file);
    assert!(
        r.findings.is_empty(),
        "{v:?}: clean config has findings {:?}",
        r.findings
            .iter()
            .map(|f| format!("{} {}", f.rule, f.message))
            .collect::<Vec<_>>()
    );
    for p in &r.peerings {
        assert_eq!(
            p.predicted_state,
            SessionState::Established,
            "{v:?} {}",
            p.id
        );
    }
}

/// The fault fires `rule` and the unfaulted config stays quiet, for each variant given.
fn check(rule: &str, json_file: &str, cases: &[(Variant, String, String)]) {
    for (v, clean, failing) in cases {
        let quiet = run(clean, v.vendor(), json_file);
        assert!(
            !rule_ids(&quiet).contains(&rule),
            "{v:?}: {rule} fires on the clean config: {:?}",
            quiet
                .findings
                .iter()
                .map(|f| &f.message)
                .collect::<Vec<_>>()
        );
        let r = run(failing, v.vendor(), json_file);
        assert!(
            rule_ids(&r).contains(&rule),
            "{v:?}: {rule} does not fire; got {:?}",
            r.findings
                .iter()
                .map(|f| format!("{} {}", f.rule, f.message))
                .collect::<Vec<_>>()
        );
        for f in findings_of(&r, rule) {
            assert!(
                f.span.is_some() || f.source.is_none(),
                "{v:?} {rule}: no line"
            );
        }
        snap::assert_reports(&format!("{rule}-{v:?}"), &r);
    }
}

/// Same text edits for every variant.
fn everywhere(variants: &[Variant], edits: &[(&str, &str)]) -> Vec<(Variant, String, String)> {
    variants
        .iter()
        .map(|v| {
            let base = v.base();
            let failing = edit(&base, edits);
            (*v, base, failing)
        })
        .collect()
}

const EXAMPLE: &str = "aws/vpn-example.json";

#[test]
fn clean_fixtures_are_quiet_and_established() {
    for v in ALL {
        assert_clean(v, &v.base(), EXAMPLE);
    }
}

#[test]
fn dx901_tunnel_missing() {
    let cases: Vec<_> = ALL
        .iter()
        .map(|v| {
            let markers: &[&str] = match v {
                Variant::CiscoIkev1 | Variant::CiscoIkev2 => {
                    &["tunnel2", "Tunnel2", "169.254.20", "203.0.113.20"]
                }
                Variant::JunosSet | Variant::JunosCurly => {
                    &["T2", "st0 unit 2", "unit 2", "169.254.20"]
                }
                Variant::Vyos13 | Variant::Vyos14 => {
                    &["AWS-T2", "vti2", "169.254.20", "203.0.113.20"]
                }
            };
            (*v, v.base(), drop(&v.base(), markers))
        })
        .collect();
    check("DX901", EXAMPLE, &cases);
    // Only DX901 for the missing tunnel: no cascade of per-setting findings.
    let (v, _, failing) = &cases[0];
    let r = run(failing, v.vendor(), EXAMPLE);
    assert_eq!(rule_ids(&r), vec!["DX901"], "{:?}", r.findings);
    assert_eq!(
        r.findings[0].peering.as_deref(),
        Some("vpn-0a11b22c33d44e55f/tunnel2")
    );
}

#[test]
fn dx902_outside_address() {
    let cases = everywhere(&ALL, &[("203.0.113.20", "203.0.113.21")]);
    check("DX902", EXAMPLE, &cases);
    let r = run(&cases[0].2, Vendor::Junos, EXAMPLE);
    let f = findings_of(&r, "DX902");
    assert!(
        f.iter().any(
            |f| f.fix.as_deref() == Some("set security ike gateway GW-T2 address 203.0.113.20")
        ),
        "{f:?}"
    );
    let t2 = r
        .peerings
        .iter()
        .find(|p| p.id.ends_with("tunnel2"))
        .unwrap();
    assert_eq!(t2.predicted_state, SessionState::Idle);
    let t1 = r
        .peerings
        .iter()
        .find(|p| p.id.ends_with("tunnel1"))
        .unwrap();
    assert_eq!(t1.predicted_state, SessionState::Established);
}

#[test]
fn dx903_inside_address() {
    let cases: Vec<_> = ALL
        .iter()
        .map(|v| {
            let edits: &[(&str, &str)] = if v.is_cisco() {
                &[(
                    "169.254.20.2 255.255.255.252",
                    "169.254.21.2 255.255.255.252",
                )]
            } else {
                &[("169.254.20.2/30", "169.254.21.2/30")]
            };
            (*v, v.base(), edit(&v.base(), edits))
        })
        .collect();
    check("DX903", EXAMPLE, &cases);
    // AWS side: an inside block from the reserved range.
    let json = testdata(EXAMPLE).replace("169.254.20.", "169.254.5.");
    let config = Variant::JunosSet
        .base()
        .replace("169.254.20.", "169.254.5.");
    let r = run_json(&config, Vendor::Junos, &json);
    let f = findings_of(&r, "DX903");
    assert!(
        f.iter()
            .any(|f| f.source.is_none() && f.message.contains("reserved")),
        "{f:?}"
    );
}

#[test]
fn dx904_ike_version() {
    let json = "aws/vpn-ikev2-only.json";
    let cases: Vec<_> = ALL
        .iter()
        .map(|v| {
            let base = v.base();
            match v {
                // IKEv1 configs fail as they are; the IKEv2 twin is the clean one.
                Variant::CiscoIkev1 => (*v, Variant::CiscoIkev2.base(), base),
                Variant::Vyos13 => (*v, edit(&base, &[("'ikev1'", "'ikev2'")]), base.clone()),
                Variant::Vyos14 => (*v, base.clone(), edit(&base, &[("'ikev2'", "'ikev1'")])),
                Variant::CiscoIkev2 => (*v, base.clone(), Variant::CiscoIkev1.base()),
                Variant::JunosSet | Variant::JunosCurly => {
                    (*v, base.clone(), edit(&base, &[("v2-only", "v1-only")]))
                }
            }
        })
        .collect();
    check("DX904", json, &cases);
}

#[test]
fn dx905_phase1_proposal() {
    let cases: Vec<_> = ALL
        .iter()
        .map(|v| {
            let edits: &[(&str, &str)] = match v {
                Variant::CiscoIkev1 => &[(" group 14", " group 5")],
                Variant::CiscoIkev2 => &[(" group 14", " group 1")],
                Variant::JunosSet | Variant::JunosCurly => {
                    &[("dh-group group14", "dh-group group5")]
                }
                Variant::Vyos13 | Variant::Vyos14 => {
                    &[("proposal 1 dh-group '14'", "proposal 1 dh-group '5'")]
                }
            };
            (*v, v.base(), edit(&v.base(), edits))
        })
        .collect();
    check("DX905", EXAMPLE, &cases);
    let r = run(&cases[4].2, Vendor::CiscoIos, EXAMPLE);
    let fix = findings_of(&r, "DX905")[0].fix.clone().unwrap();
    assert!(
        fix.contains("crypto isakmp policy") && fix.contains("group 14"),
        "{fix}"
    );
    assert!(r
        .peerings
        .iter()
        .all(|p| p.predicted_state == SessionState::Idle));
}

#[test]
fn dx906_phase2_proposal() {
    let cases: Vec<_> = ALL
        .iter()
        .map(|v| {
            let edits: &[(&str, &str)] = match v {
                Variant::CiscoIkev1 | Variant::CiscoIkev2 => {
                    &[("set pfs group14", "set pfs group1")]
                }
                Variant::JunosSet | Variant::JunosCurly => &[("keys group14", "keys group1")],
                Variant::Vyos13 | Variant::Vyos14 => &[("pfs 'dh-group14'", "pfs 'dh-group1'")],
            };
            (*v, v.base(), edit(&v.base(), edits))
        })
        .collect();
    check("DX906", EXAMPLE, &cases);
    let r = run(&cases[2].2, Vendor::Vyos, EXAMPLE);
    let fix = findings_of(&r, "DX906")[0].fix.clone().unwrap();
    assert!(
        fix.contains("set vpn ipsec esp-group AWS-ESP pfs dh-group14"),
        "{fix}"
    );
}

#[test]
fn dx907_psk_mismatch_names_the_swapped_tunnel() {
    let cases = everywhere(&ALL, &[("Tunnel2_psk.example2", "Tunnel1_psk.example1")]);
    check("DX907", EXAMPLE, &cases);
    for (v, _, failing) in &cases {
        let r = run(failing, v.vendor(), EXAMPLE);
        let f = findings_of(&r, "DX907");
        assert!(
            f.iter()
                .any(|f| f.message.contains("it is the key of tunnel 1")),
            "{v:?}: {f:?}"
        );
        let fix = f[0].fix.as_deref().unwrap();
        assert!(
            fix.contains("<PreSharedKey of tunnel 2 of vpn-0a11b22c33d44e55f, 20 characters>"),
            "{v:?}: {fix}"
        );
    }
}

#[test]
fn dx908_psk_format() {
    let cases = everywhere(&ALL, &[("Tunnel2_psk.example2", "Tunnel2-psk")]);
    check("DX908", EXAMPLE, &cases);
    let r = run(&cases[1].2, Vendor::Junos, EXAMPLE);
    assert!(
        !rule_ids(&r).contains(&"DX907"),
        "one finding for a key that can never match"
    );
    let m = &findings_of(&r, "DX908")[0].message;
    assert!(m.contains("other than letters, digits"), "{m}");
}

#[test]
fn dx909_lifetime_and_dpd() {
    let cases: Vec<_> = ALL
        .iter()
        .map(|v| {
            let edits: &[(&str, &str)] = match v {
                Variant::CiscoIkev1 => &[(" lifetime 28800", " lifetime 86400")],
                Variant::CiscoIkev2 => &[(" lifetime 28800", " lifetime 86400")],
                Variant::JunosSet | Variant::JunosCurly => {
                    &[("lifetime-seconds 28800", "lifetime-seconds 86400")]
                }
                Variant::Vyos13 | Variant::Vyos14 => &[("lifetime '28800'", "lifetime '86400'")],
            };
            (*v, v.base(), edit(&v.base(), edits))
        })
        .collect();
    check("DX909", EXAMPLE, &cases);
    // No dead peer detection.
    let cases: Vec<_> = ALL
        .iter()
        .filter(|v| !v.is_cisco())
        .map(|v| (*v, v.base(), drop(&v.base(), &["dead-peer-detection"])))
        .collect();
    check("DX909", EXAMPLE, &cases);
}

#[test]
fn dx503_tunnel_mtu_and_mss() {
    let cases: Vec<_> = ALL
        .iter()
        .map(|v| {
            let edits: &[(&str, &str)] = match v {
                Variant::CiscoIkev1 | Variant::CiscoIkev2 => &[("ip mtu 1399", "ip mtu 9000")],
                Variant::JunosSet | Variant::JunosCurly => &[("mtu 1436", "mtu 9000")],
                Variant::Vyos13 | Variant::Vyos14 => &[("mtu '1399'", "mtu '9000'")],
            };
            (*v, v.base(), edit(&v.base(), edits))
        })
        .collect();
    check("DX503", EXAMPLE, &cases);
    // No MSS clamp at all.
    let cases: Vec<_> = ALL
        .iter()
        .map(|v| {
            let marker = match v {
                Variant::CiscoIkev1 | Variant::CiscoIkev2 => "adjust-mss",
                Variant::JunosSet | Variant::JunosCurly => "tcp-mss",
                Variant::Vyos13 | Variant::Vyos14 => "adjust-mss",
            };
            (*v, v.base(), drop(&v.base(), &[marker]))
        })
        .collect();
    check("DX503", EXAMPLE, &cases);
    let r = run(&cases[2].2, Vendor::Vyos, EXAMPLE);
    let fix = findings_of(&r, "DX503")[0].fix.clone().unwrap();
    assert_eq!(fix, "set interfaces vti vti1 ip adjust-mss 1359");
}

#[test]
fn bgp_rules_apply_per_tunnel() {
    // Remote ASN (the VGW's 64512), neighbor at the AWS inside address, hold time, local ASN.
    let remote: Vec<_> = ALL
        .iter()
        .map(|v| {
            let e: &[(&str, &str)] = if v.is_junos() {
                &[("peer-as 64512", "peer-as 64513")]
            } else if v.is_cisco() {
                &[("remote-as 64512", "remote-as 64513")]
            } else {
                &[("remote-as '64512'", "remote-as '64513'")]
            };
            (*v, v.base(), edit(&v.base(), e))
        })
        .collect();
    check("DX302", EXAMPLE, &remote);
    let neighbor = everywhere(&ALL, &[("169.254.20.1", "169.254.20.3")]);
    check("DX201", EXAMPLE, &neighbor);
    let local: Vec<_> = ALL
        .iter()
        .map(|v| {
            let e: &[(&str, &str)] = match v {
                Variant::CiscoIkev1 | Variant::CiscoIkev2 => {
                    &[("router bgp 65010", "router bgp 65011")]
                }
                Variant::JunosSet | Variant::JunosCurly => {
                    &[("autonomous-system 65010", "autonomous-system 65011")]
                }
                Variant::Vyos13 => &[("bgp 65010", "bgp 65011")],
                Variant::Vyos14 => &[("system-as '65010'", "system-as '65011'")],
            };
            (*v, v.base(), edit(&v.base(), e))
        })
        .collect();
    check("DX301", EXAMPLE, &local);
    let r = run(&local[0].2, Vendor::Junos, EXAMPLE);
    assert!(
        r.peerings.iter().all(|p| p
            .notification
            .is_some_and(|n| n.starts_with("2/2 Bad Peer AS"))),
        "{:?}",
        r.peerings
    );
}

#[test]
fn static_vpn_lints_tunnels_only() {
    let json = "aws/vpn-static-tgw.json";
    for v in ALL {
        let r = run(&v.base(), v.vendor(), json);
        assert!(
            r.findings.is_empty(),
            "{v:?}: {:?}",
            r.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
        assert!(r
            .peerings
            .iter()
            .all(|p| p.static_routing && p.predicted_state == SessionState::Unknown));
    }
    // A router without BGP at all is fine for a static VPN (no DX002) ...
    let no_bgp = drop(&Variant::Vyos14.base(), &["protocols bgp"]);
    let r = run(&no_bgp, Vendor::Vyos, json);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    // ... but the tunnels are still checked.
    let r = run(
        &edit(&no_bgp, &[("Tunnel2_psk.example2", "Tunnel1_psk.example1")]),
        Vendor::Vyos,
        json,
    );
    assert_eq!(rule_ids(&r), vec!["DX907"]);
    let t2 = r
        .peerings
        .iter()
        .find(|p| p.id.ends_with("tunnel2"))
        .unwrap();
    assert_eq!(t2.decided_by, Some("DX907"));
}

/// AES-GCM with a truncated ICV (12 octets) is not AWS's `AES256-GCM-16`: the names the
/// dialects store are compared as they are, not guessed from the key size.
#[test]
fn dx906_gcm_icv_length_matters() {
    let base = Variant::Vyos14.base();
    let gcm16 = edit(
        &base,
        &[(
            "esp-group AWS-ESP proposal 1 encryption 'aes128'",
            "esp-group AWS-ESP proposal 1 encryption 'aes256gcm128'",
        )],
    );
    let gcm12 = edit(
        &base,
        &[(
            "esp-group AWS-ESP proposal 1 encryption 'aes128'",
            "esp-group AWS-ESP proposal 1 encryption 'aes256gcm96'",
        )],
    );
    check("DX906", EXAMPLE, &[(Variant::Vyos14, gcm16, gcm12)]);
}

//! IOS: each Direct Connect rule fires on a failing variant of the clean fixture and stays
//! quiet on the clean one; near misses say what is wrong.

#[path = "snap/mod.rs"]
mod snap;

use dxlint::lint::LintResult;
use dxlint::model::Vendor;
use dxlint::testing::{lint_str, rule_ids, testdata};

fn clean() -> String {
    testdata("cisco/edge1-clean.cfg")
}

fn vif() -> String {
    testdata("aws/vif-private.json")
}

fn lint(cfg: &str) -> LintResult {
    lint_str(cfg, Some(Vendor::CiscoIos), &vif())
}

fn with(from: &str, to: &str) -> String {
    let c = clean();
    assert!(c.contains(from), "fixture lacks {from:?}");
    c.replacen(from, to, 1)
}

fn messages(r: &LintResult, rule: &str) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.message.clone())
        .collect()
}

fn fires(cfg: &str, rule: &str) -> LintResult {
    let r = lint(cfg);
    assert!(
        rule_ids(&r).contains(&rule),
        "{rule} did not fire; got {:?}",
        rule_ids(&r)
    );
    snap::assert_reports(rule, &r);
    r
}

#[test]
fn clean_fixture_is_quiet() {
    let r = lint(&clean());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.peerings[0].predicted_state.as_str(), "Established");
}

#[test]
fn dx001_malformed_relevant_line() {
    fires(&with("remote-as 64512", "remote-as abc"), "DX001");
}

#[test]
fn dx002_no_neighbors() {
    fires(
        "hostname x\ninterface Gi1\n ip address 10.0.0.1 255.255.255.0\n",
        "DX002",
    );
}

#[test]
fn dx101_names_the_interface_carrying_the_vlan() {
    let cfg = with("encapsulation dot1Q 101", "encapsulation dot1Q 110")
        + "interface GigabitEthernet0/0/2.101\n encapsulation dot1Q 101\n";
    let r = fires(&cfg, "DX101");
    let m = messages(&r, "DX101").join(" ");
    assert!(
        m.contains("tagged 110") && m.contains("GigabitEthernet0/0/2.101"),
        "{m}"
    );
    let f = r.findings.iter().find(|f| f.rule == "DX101").unwrap();
    assert!(f
        .fix
        .as_deref()
        .unwrap()
        .contains("encapsulation dot1Q 101"));
    assert_eq!(r.peerings[0].predicted_state.as_str(), "Active");
}

#[test]
fn dx102_untagged_and_dx103_double_tagged() {
    fires(&with(" encapsulation dot1Q 101\n", ""), "DX102");
    fires(
        &with(
            "encapsulation dot1Q 101",
            "encapsulation dot1Q 101 second-dot1q 20",
        ),
        "DX103",
    );
}

#[test]
fn dx105_interface_or_parent_shut() {
    fires(
        &with(" ip mtu 1500\n", " ip mtu 1500\n shutdown\n"),
        "DX105",
    );
    let r = fires(
        &with(" mtu 1500\n no shutdown\n", " mtu 1500\n shutdown\n"),
        "DX105",
    );
    assert!(messages(&r, "DX105")[0].contains("`GigabitEthernet0/0/1`"));
}

#[test]
fn dx201_neighbor_at_dot3_is_named() {
    let cfg = clean().replace("169.254.100.1", "169.254.100.3");
    let r = fires(&cfg, "DX201");
    let m = messages(&r, "DX201").join(" ");
    assert!(
        m.contains("169.254.100.3") && m.contains("broadcast"),
        "{m}"
    );
}

#[test]
fn dx201_narrower_mask_takes_aws_off_link_dx203_wider_mask_still_up() {
    let r = fires(&with("255.255.255.252", "255.255.255.254"), "DX201");
    assert!(messages(&r, "DX201")[0].contains("not on-link"));
    let r = fires(&with("255.255.255.252", "255.255.255.0"), "DX203");
    assert!(!rule_ids(&r).contains(&"DX201"));
    assert_eq!(r.peerings[0].predicted_state.as_str(), "Established");
}

#[test]
fn dx202_customer_address_wrong_host() {
    let r = fires(
        &with("ip address 169.254.100.2", "ip address 169.254.100.3"),
        "DX202",
    );
    assert!(messages(&r, "DX202")[0].contains("169.254.100.3"));
}

#[test]
fn dx204_swapped_addresses() {
    let cfg = clean()
        .replace("169.254.100.1", "X")
        .replace("169.254.100.2", "169.254.100.1")
        .replace("X", "169.254.100.2");
    let r = fires(&cfg, "DX204");
    assert!(messages(&r, "DX204").iter().any(|m| m.contains("swapped")));
}

#[test]
fn dx205_multihop_ttl_security_update_source() {
    fires(
        &with(
            " neighbor 169.254.100.1 fall-over bfd\n",
            " neighbor 169.254.100.1 fall-over bfd\n neighbor 169.254.100.1 ebgp-multihop 2\n",
        ),
        "DX205",
    );
    fires(
        &with(
            " neighbor 169.254.100.1 fall-over bfd\n",
            " neighbor 169.254.100.1 fall-over bfd\n neighbor 169.254.100.1 ttl-security hops 1\n",
        ),
        "DX207",
    );
    fires(&with(" neighbor 169.254.100.1 fall-over bfd\n", " neighbor 169.254.100.1 fall-over bfd\n neighbor 169.254.100.1 update-source Loopback0\n"), "DX205");
}

#[test]
fn dx206_ipv6_peer_without_ipv6_on_router() {
    let r = lint_str(
        &clean()
            .replace("169.254.100", "169.254.200")
            .replace("dot1Q 101", "dot1Q 202"),
        Some(Vendor::CiscoIos),
        &testdata("aws/vif-private-dualstack.json"),
    );
    assert!(rule_ids(&r).contains(&"DX206"), "{:?}", rule_ids(&r));
}

#[test]
fn dx301_dx302_asns() {
    let r = fires(&with("router bgp 65010", "router bgp 65001"), "DX301");
    assert_eq!(r.peerings[0].predicted_state.as_str(), "OpenSent");
    assert!(r
        .findings
        .iter()
        .find(|f| f.rule == "DX301")
        .unwrap()
        .fix
        .as_deref()
        .unwrap()
        .contains("router bgp 65010"));
    // A local-as override is what AWS sees.
    fires(
        &with(
            " neighbor 169.254.100.1 fall-over bfd\n",
            " neighbor 169.254.100.1 fall-over bfd\n neighbor 169.254.100.1 local-as 65020\n",
        ),
        "DX301",
    );
    fires(&with("remote-as 64512", "remote-as 64513"), "DX302");
    fires(&with("router bgp 65010", "router bgp 64512"), "DX303");
}

#[test]
fn dx401_to_dx407_md5() {
    fires(
        &with(
            " neighbor 169.254.100.1 password 7 091C562D01291E1C1F291C2B263424361E270A5747\n",
            "",
        ),
        "DX401",
    );
    let r = lint_str(
        &clean(),
        Some(Vendor::CiscoIos),
        &vif().replace("\"authKey\": \"0xDxLintExampleKey01\"", "\"authKey\": \"\""),
    );
    assert!(rule_ids(&r).contains(&"DX402"), "{:?}", rule_ids(&r));
    fires(
        &with(
            "password 7 091C562D01291E1C1F291C2B263424361E270A5747",
            "password 0 0xDxLintExampleKey02",
        ),
        "DX403",
    );
    fires(
        &with(
            "password 7 091C562D01291E1C1F291C2B263424361E270A5747",
            "password 0 0xDxLintExampleKey01 ",
        ),
        "DX404",
    );
    let r = fires(
        &with(
            "password 7 091C562D01291E1C1F291C2B263424361E270A5747",
            "password 0 0xDxLintЕxampleKey01",
        ),
        "DX405",
    );
    assert!(!rule_ids(&r).contains(&"DX403"));
    let r = lint_str(
        &with(
            "password 7 091C562D01291E1C1F291C2B263424361E270A5747",
            "password 0 abc",
        ),
        Some(Vendor::CiscoIos),
        &vif().replace("0xDxLintExampleKey01", "abc"),
    );
    assert!(rule_ids(&r).contains(&"DX406"), "{:?}", rule_ids(&r));
    fires(
        &with(
            "password 7 091C562D01291E1C1F291C2B263424361E270A5747",
            "password 6 ABCDEFGHIJ",
        ),
        "DX407",
    );
}

#[test]
fn dx501_dx502_mtu() {
    let r = fires(&with("ip mtu 1500", "ip mtu 9001"), "DX501");
    assert_eq!(
        r.findings
            .iter()
            .find(|f| f.rule == "DX501")
            .unwrap()
            .severity
            .as_str(),
        "error"
    );
    let r = lint_str(
        &clean()
            .replace("169.254.100", "203.0.113")
            .replace("dot1Q 101", "dot1Q 404")
            .replace("ip mtu 1500", "ip mtu 9001"),
        Some(Vendor::CiscoIos),
        &testdata("aws/vif-public.json"),
    );
    assert!(rule_ids(&r).contains(&"DX502"), "{:?}", rule_ids(&r));
    // Router below a jumbo VIF: a warning, not an error.
    let r = lint_str(
        &clean()
            .replace("169.254.100", "169.254.30")
            .replace("dot1Q 101", "dot1Q 303")
            .replace("router bgp 65010", "router bgp 4200000001")
            .replace("remote-as 64512", "remote-as 64700"),
        Some(Vendor::CiscoIos),
        &testdata("aws/vif-transit-jumbo.json"),
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "DX501")
        .expect("DX501");
    assert_eq!(f.severity.as_str(), "warning");
}

#[test]
fn dx601_to_dx605_timers() {
    let r = fires(&with("timers 30 90", "timers 10 0"), "DX601");
    assert_eq!(
        r.peerings[0].notification.map(|n| n.contains("2/6")),
        Some(true)
    );
    fires(&with("timers 30 90", "timers 1 2"), "DX602");
    fires(&with(" neighbor 169.254.100.1 timers 30 90\n", ""), "DX603");
    fires(&with("timers 30 90", "timers 60 90"), "DX604");
    fires(
        &with(" neighbor 169.254.100.1 fall-over bfd\n", ""),
        "DX605",
    );
}

#[test]
fn dx701_to_dx706_prefixes() {
    let mut many = String::new();
    let mut pl = String::new();
    for i in 0..101 {
        many.push_str(&format!(
            "  network 10.{}.{}.0 mask 255.255.255.0\n",
            100 + i / 200,
            i % 200
        ));
        pl.push_str(&format!(
            "ip prefix-list TO-AWS seq {} permit 10.{}.{}.0/24\n",
            100 + i,
            100 + i / 200,
            i % 200
        ));
    }
    let cfg = with(
        "  network 10.20.0.0 mask 255.255.0.0\n",
        &format!("  network 10.20.0.0 mask 255.255.0.0\n{many}"),
    ) + &pl;
    let r = fires(&cfg, "DX701");
    assert_eq!(
        r.peerings[0].predicted_state.as_str(),
        "EstablishedThenIdle"
    );
    let cfg = with(
        "  network 10.20.0.0 mask 255.255.0.0\n",
        &format!(
            "  network 10.20.0.0 mask 255.255.0.0\n{}",
            many.lines()
                .take(85)
                .map(|l| format!("{l}\n"))
                .collect::<String>()
        ),
    ) + &pl;
    fires(&cfg, "DX702");
    fires(
        &with(
            "  neighbor 169.254.100.1 prefix-list TO-AWS out\n",
            "  redistribute ospf 1\n  neighbor 169.254.100.1 prefix-list NOPE out\n",
        ),
        "DX703",
    );
    let r = fires(
        &with(
            "  network 10.10.0.0 mask 255.255.0.0\n  network 10.20.0.0 mask 255.255.0.0\n",
            "",
        ),
        "DX705",
    );
    assert_eq!(
        r.peerings[0].predicted_state.as_str(),
        "EstablishedNoRoutes"
    );
    fires(
        &with(
            "  neighbor 169.254.100.1 activate\n",
            "  neighbor 169.254.100.1 activate\n  neighbor 169.254.100.1 default-originate\n",
        ),
        "DX706",
    );
}

#[test]
fn dx704_public_vif_route_filter() {
    let cfg = "interface Gi0/1.404\n encapsulation dot1Q 404\n ip address 203.0.113.2 255.255.255.252\nrouter bgp 64496\n neighbor 203.0.113.1 remote-as 7224\n neighbor 203.0.113.1 password 0xPublicKey_dx404\n address-family ipv4\n  network 198.51.100.0 mask 255.255.255.0\n  network 10.20.0.0 mask 255.255.0.0\n  neighbor 203.0.113.1 activate\n";
    let r = lint_str(
        cfg,
        Some(Vendor::CiscoIos),
        &testdata("aws/vif-public.json"),
    );
    let m = messages(&r, "DX704");
    assert_eq!(m.len(), 1, "{m:?} {:?}", rule_ids(&r));
    assert!(m[0].contains("10.20.0.0/16"), "{m:?}");
}

#[test]
fn dx801_dx802_dx803_session_state() {
    let r = fires(
        &with(
            " neighbor 169.254.100.1 fall-over bfd\n",
            " neighbor 169.254.100.1 fall-over bfd\n neighbor 169.254.100.1 shutdown\n",
        ),
        "DX801",
    );
    assert_eq!(r.peerings[0].predicted_state.as_str(), "Idle");
    // With `no bgp default ipv4-unicast` the neighbor has no family left: it never starts.
    let r = fires(&with("  neighbor 169.254.100.1 activate\n", ""), "DX804");
    assert_eq!(r.peerings[0].predicted_state.as_str(), "Idle");
    let r = lint_str(
        &clean(),
        Some(Vendor::CiscoIos),
        &vif().replace(
            "\"virtualInterfaceState\": \"available\"",
            "\"virtualInterfaceState\": \"down\"",
        ),
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "DX803")
        .expect("DX803");
    assert!(f.source.is_none());
}

/// `dxlint export` without `--include-secrets` marks the file: a missing authKey is then
/// unknown, and a configured key is not reported as unexpected (DX402).
#[test]
fn keyless_export_does_not_report_configured_keys_as_unexpected() {
    let json = testdata("aws/vif-private.json");
    let keyless: String = json
        .lines()
        .filter(|l| !l.contains("\"authKey\""))
        .collect::<Vec<_>>()
        .join("\n");
    let cfg = testdata("cisco/edge1-clean.cfg");
    let plain = lint_str(&cfg, None, &keyless);
    assert!(
        rule_ids(&plain).contains(&"DX402"),
        "no key and no marker: AWS has no key"
    );
    let marked = keyless.replacen('{', "{\n  \"dxlintSecretsOmitted\": true,", 1);
    let r = lint_str(&cfg, None, &marked);
    assert!(!rule_ids(&r).contains(&"DX402"), "{:?}", rule_ids(&r));
}

//! `dxlint diagnose` on real captures: the oracle (tests/oracle, `DXLINT_ORACLE_CAPTURES`)
//! recorded each with tcpdump on the customer's link while FRR talked to BIRD or GoBGP.
//! Each must be diagnosed as the state the oracle observed, with the rule its scenario
//! injects, and agree with the lint's prediction from the same config and VIF. No root needed.

use std::path::Path;
use std::process::Command;

/// (scenario, observed state, rule the scenario injects)
const CASES: &[(&str, &str, Option<&str>)] = &[
    ("clean", "Established", None),
    ("clean-gobgp", "Established", None),
    ("vlan-mismatch", "Active", Some("DX101")),
    ("address-dot3", "Active", Some("DX202")),
    ("md5-missing", "Active", Some("DX401")),
    ("md5-unexpected", "Active", Some("DX402")),
    ("md5-different", "Active", Some("DX403")),
    ("md5-different-gobgp", "Active", Some("DX403")),
    ("local-asn", "OpenSent", Some("DX301")),
    ("remote-asn", "OpenSent", Some("DX302")),
    ("remote-asn-gobgp", "OpenSent", Some("DX302")),
    ("hold-0", "OpenSent", Some("DX601")),
    ("prefixes-100", "Established", Some("DX702")),
    ("prefixes-101", "EstablishedThenIdle", Some("DX701")),
    ("prefixes-101-gobgp", "EstablishedThenIdle", Some("DX701")),
    ("shutdown", "Idle", Some("DX801")),
    ("nothing-advertised", "EstablishedNoRoutes", Some("DX705")),
    ("not-activated", "Idle", Some("DX804")),
    ("ipv6-not-activated", "OpenSent", Some("DX802")),
    ("ipv6-asn", "OpenSent", Some("DX302")),
    ("ttl-security", "OpenSent", Some("DX207")),
    ("update-source-loopback", "Established", None),
];

fn diagnose(id: &str, with_inputs: bool) -> (Option<i32>, serde_json::Value) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/captures");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dxlint"));
    cmd.args(["diagnose", "--format", "json"])
        .arg(dir.join(format!("{id}.pcap")));
    if with_inputs {
        cmd.arg("--vif-json")
            .arg(dir.join(format!("{id}.vif.json")))
            .arg("--config")
            .arg(dir.join(format!("{id}.frr.conf")))
            .args(["--vendor", "frr"]);
    }
    let out = cmd.output().unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{id}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), v)
}

/// The session of the VIF's own address pair, else the only one.
fn main_session<'a>(id: &str, v: &'a serde_json::Value) -> &'a serde_json::Value {
    let all = v["sessions"].as_array().unwrap();
    let exact: Vec<_> = all
        .iter()
        .filter(|s| {
            s["customer"]
                .as_str()
                .is_some_and(|c| c.ends_with("10.2") || c.ends_with("ca::2"))
        })
        .collect();
    match (exact.as_slice(), all.as_slice()) {
        ([one], _) => one,
        ([], [only]) => only,
        _ => panic!("{id}: which session? {v:#}"),
    }
}

#[test]
fn each_oracle_capture_is_diagnosed_as_observed() {
    let mut failures = Vec::new();
    for (id, state, rule) in CASES {
        let (code, v) = diagnose(id, true);
        let s = main_session(id, &v);
        let rules: Vec<&str> = s["rules"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r.as_str())
            .collect();
        let ok = s["observed_state"] == *state
            && rule.is_none_or(|r| rules.contains(&r))
            && s["agrees"] == true
            && code == Some(if *state == "Established" { 0 } else { 1 })
            && !s["evidence"].as_array().unwrap().is_empty();
        if !ok {
            failures.push(format!(
                "{id}: expected {state} {rule:?}, got {} {rules:?} agrees={} exit={code:?}",
                s["observed_state"], s["agrees"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn notifications_name_their_sender() {
    for (id, code, sub, by) in [
        ("local-asn", 2, 2, "amazon"),
        ("remote-asn", 2, 2, "customer"),
        ("hold-0", 2, 6, "amazon"),
        ("prefixes-101", 6, 1, "amazon"),
    ] {
        let (_, v) = diagnose(id, true);
        let n = &main_session(id, &v)["notification"];
        assert_eq!(
            (n["code"].as_u64(), n["subcode"].as_u64()),
            (Some(code), Some(sub)),
            "{id}"
        );
        assert_eq!(n["sent_by"], by, "{id}");
    }
}

#[test]
fn capture_alone_reads_what_the_wire_says() {
    // Without AWS data or config the first SYN names the customer: the router initiates
    // in these, and the rule comes from the wire alone.
    for (id, state, rule) in [
        ("local-asn", "OpenSent", "DX301"),
        ("md5-different", "Active", "DX403"),
        ("vlan-mismatch", "Active", "DX101"),
        ("prefixes-101", "EstablishedThenIdle", "DX701"),
    ] {
        let (_, v) = diagnose(id, false);
        let s = main_session(id, &v);
        assert_eq!(s["observed_state"], state, "{id}: {s:#}");
        assert!(
            s["rules"].as_array().unwrap().iter().any(|r| r == rule),
            "{id}: {s:#}"
        );
        assert_eq!(s["predicted_state"], serde_json::Value::Null);
        assert_eq!(s["agrees"], serde_json::Value::Null);
    }
}

/// IKE captures from two strongSwan charons in network namespaces
/// (testdata/captures/ike/record.sh), with the AWS tunnel data allowing IKEv2 only.
#[test]
fn ike_captures_name_their_dx90x_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/captures/ike");
    for (id, state, rule, exit) in [
        ("ike-up", "Unknown", None, 0),
        ("ike-version-mismatch", "Idle", Some("DX904"), 1),
        ("ike-no-proposal", "Idle", Some("DX905"), 1),
        ("ike-dh-group", "Idle", Some("DX905"), 1),
        ("ike-psk-mismatch", "Idle", Some("DX907"), 1),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_dxlint"))
            .args(["diagnose", "--format", "json", "--vpn-json"])
            .arg(dir.join("vpn-ikev2-only-lab.json"))
            .arg(dir.join(format!("{id}.pcap")))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        for secret in [
            "SharedKey_123",
            "OtherKey_456",
            "Tunnel1_psk",
            "Tunnel2_psk",
        ] {
            assert!(!text.contains(secret), "{id} prints a key");
        }
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let s = &v["sessions"][0];
        assert_eq!(s["observed_state"], state, "{id}: {s:#}");
        assert_eq!(s["customer"], "10.99.0.1", "{id}");
        assert_eq!(s["peering"], "vpn-0dd1e2f3a4b5c6d7e/tunnel1", "{id}");
        let rules = s["rules"].as_array().unwrap();
        match rule {
            Some(r) => assert!(rules.iter().any(|x| x == r), "{id}: {s:#}"),
            None => assert!(rules.is_empty(), "{id}: {s:#}"),
        }
        assert_eq!(out.status.code(), Some(exit), "{id}");
    }
}

/// The router refuses AWS's connections: without any data, AWS's addressing convention
/// (.1 Amazon, .2 customer) names the sides, not AWS's first SYN.
#[test]
fn capture_alone_names_sides_by_the_link_local_convention() {
    let (_, v) = diagnose("shutdown", false);
    let s = main_session("shutdown", &v);
    assert_eq!(s["customer"], "169.254.10.2");
    assert_eq!(s["observed_state"], "Idle", "{s:#}");
    assert!(
        s["rules"].as_array().unwrap().iter().any(|r| r == "DX801"),
        "{s:#}"
    );
}

/// The same oracle captures rewritten as pcapng the way dumpcap lays it out (section and
/// interface options, nanosecond if_tsresol, EPB options, a name resolution and an interface
/// statistics block; big- and little-endian; testdata/captures/to-pcapng.py) read the same.
#[test]
fn pcapng_rewrites_read_like_the_pcap() {
    for (id, ng) in [
        ("local-asn", "local-asn-dumpcap-be.pcapng"),
        ("prefixes-101", "prefixes-101-dumpcap-le.pcapng"),
    ] {
        let (_, a) = diagnose(id, false);
        let out = Command::new(env!("CARGO_BIN_EXE_dxlint"))
            .args(["diagnose", "--format", "json"])
            .arg(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("testdata/captures")
                    .join(ng),
            )
            .output()
            .unwrap();
        let b: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(a, b, "{ng}");
        assert!(!a["sessions"][0]["evidence"].as_array().unwrap().is_empty());
    }
}

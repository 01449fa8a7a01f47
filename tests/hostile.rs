//! Hostile input through the binary: every case ends in a normal report (exit 0/1) or a
//! clear error (exit 2) that names the file, never a panic (101), a hang or a crash.

mod common;
use common::*;
use std::path::PathBuf;
use std::process::Output;
use std::time::{Duration, Instant};

const CLEAN: &str = "testdata/cisco/edge1-clean.cfg";
const VIF: &str = "testdata/aws/vif-private.json";

fn write_bytes(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dxlint-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write temp file");
    p
}

/// Run dxlint and fail unless it ends within `limit` with one of `codes`.
fn run_within(args: &[&str], limit: Duration, codes: &[i32]) -> Output {
    let t = Instant::now();
    let o = dxlint(args);
    let took = t.elapsed();
    let code = o.status.code();
    assert!(
        code.is_some_and(|c| codes.contains(&c)),
        "{args:?}: exit {code:?}, expected one of {codes:?}\nstdout: {}\nstderr: {}",
        trunc(&stdout(&o)),
        trunc(&stderr(&o))
    );
    assert!(
        !stderr(&o).contains("panicked"),
        "{args:?} panicked: {}",
        trunc(&stderr(&o))
    );
    assert!(took < limit, "{args:?} took {took:?} (limit {limit:?})");
    o
}

fn trunc(s: &str) -> String {
    s.chars().take(3000).collect()
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn clean_cfg() -> String {
    std::fs::read_to_string(root().join(CLEAN)).expect("fixture")
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning_naming_the_line() {
    let mut bytes = clean_cfg().into_bytes();
    let at = bytes.windows(11).position(|w| w == b"description").unwrap();
    bytes.splice(at..at, b"\xff\xfe caf\xe9 ".iter().copied());
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let p = write_bytes("latin1.cfg", &bytes);
    let o = run_within(&[p.to_str().unwrap(), "--vif-json", VIF], secs(20), &[0, 1]);
    let err = stderr(&o);
    assert!(
        err.contains(&format!("latin1.cfg:{line}: not valid UTF-8")),
        "{err}"
    );
    // The rest of the file still counts: the session is predicted as without the bad bytes.
    assert!(
        stdout(&o).contains("predicted Established"),
        "{}",
        trunc(&stdout(&o))
    );
}

#[test]
fn nul_bytes_give_a_normal_report() {
    let cfg = clean_cfg().replace("hostname edge1", "hostname edge1\0\0\0");
    let p = write_bytes("nul.cfg", cfg.as_bytes());
    let o = run_within(&[p.to_str().unwrap(), "--vif-json", VIF], secs(20), &[0, 1]);
    assert!(
        stdout(&o).contains("dxvif-ffab1234/ipv4"),
        "{}",
        trunc(&stdout(&o))
    );
    // Only NULs inside garbage: detection fails, which is a clear exit 2.
    let p = write_bytes("nuls.cfg", &[0u8; 4096]);
    let o = run_within(&[p.to_str().unwrap(), "--vif-json", VIF], secs(20), &[2]);
    assert!(stderr(&o).contains("nuls.cfg"), "{}", trunc(&stderr(&o)));
}

#[test]
fn a_byte_order_mark_changes_nothing() {
    let plain = run_within(
        &[CLEAN, "--vif-json", VIF, "--format", "json"],
        secs(20),
        &[0],
    );
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(clean_cfg().into_bytes());
    let p = write_bytes("edge1-clean.cfg", &bytes);
    let bom = run_within(
        &[p.to_str().unwrap(), "--vif-json", VIF, "--format", "json"],
        secs(20),
        &[0],
    );
    let norm = |o: &Output| {
        let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        for p in v["peerings"].as_array_mut().unwrap() {
            p["file"] = serde_json::Value::Null;
        }
        v
    };
    assert_eq!(norm(&plain), norm(&bom));
    // A BOM in front of the AWS JSON too.
    let mut json = b"\xEF\xBB\xBF".to_vec();
    json.extend(std::fs::read(root().join(VIF)).unwrap());
    let j = write_bytes("bom.json", &json);
    run_within(&[CLEAN, "--vif-json", j.to_str().unwrap()], secs(20), &[0]);
}

#[test]
fn two_hundred_thousand_nested_braces_neither_overflow_nor_hang() {
    let open = "{".repeat(200_000);
    let closed = format!("{}{}", "a {\n".repeat(200_000), "}\n".repeat(200_000));
    for (name, text) in [
        ("open.conf", open.as_str()),
        ("closed.conf", closed.as_str()),
    ] {
        let p = write_bytes(name, text.as_bytes());
        for vendor in ["junos", "vyos"] {
            for format in ["human", "json"] {
                let o = run_within(
                    &[
                        p.to_str().unwrap(),
                        "--vendor",
                        vendor,
                        "--vif-json",
                        VIF,
                        "--format",
                        format,
                    ],
                    secs(30),
                    &[1],
                );
                let out = stdout(&o);
                assert!(out.contains("DX001"), "{name} {vendor}: {}", trunc(&out));
                assert!(
                    out.contains("nested deeper"),
                    "{name} {vendor}: {}",
                    trunc(&out)
                );
            }
        }
    }
    // The unclosed ones are located: far into a 200,000-character line the snippet is
    // replaced by file:line:column.
    let p = write_bytes("open.conf", open.as_bytes());
    let o = run_within(
        &[p.to_str().unwrap(), "--vendor", "junos", "--vif-json", VIF],
        secs(30),
        &[1],
    );
    let out = stdout(&o);
    assert!(out.contains("never closed"), "{}", trunc(&out));
    assert!(out.contains("open.conf:1:200000"), "{}", trunc(&out));
    // Auto-detection on the same text: a clear exit 2.
    let o = run_within(&[p.to_str().unwrap(), "--vif-json", VIF], secs(30), &[2]);
    assert!(stderr(&o).contains("open.conf"));
}

#[test]
fn deeply_nested_json_is_an_input_error() {
    for (name, text) in [
        ("deep.json", "[".repeat(200_000)),
        ("deep-obj.json", "{\"a\":".repeat(100_000)),
        (
            "deep-closed.json",
            format!("{}{}", "[".repeat(200_000), "]".repeat(200_000)),
        ),
    ] {
        let p = write_bytes(name, text.as_bytes());
        let o = run_within(&[CLEAN, "--vif-json", p.to_str().unwrap()], secs(20), &[2]);
        let err = stderr(&o);
        assert!(err.contains(name), "{}", trunc(&err));
        // One line of 200,000 brackets is not echoed back.
        assert!(err.len() < 20_000, "{} bytes: {}", err.len(), trunc(&err));
    }
}

#[test]
fn unterminated_braces_and_quotes_are_findings_with_a_line() {
    let junos = "protocols {\n    bgp {\n        group AWS {\n            neighbor 169.254.100.1 {\n                description \"never closed;\n                peer-as 64512;\n";
    let p = write_bytes("unterminated.conf", junos.as_bytes());
    for vendor in ["junos", "vyos"] {
        let o = run_within(
            &[
                p.to_str().unwrap(),
                "--vendor",
                vendor,
                "--vif-json",
                VIF,
                "--format",
                "json",
            ],
            secs(20),
            &[1],
        );
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        let dx001: Vec<_> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "DX001")
            .collect();
        assert!(!dx001.is_empty(), "{vendor}: {doc}");
        assert!(
            dx001.iter().all(|f| f["line"].as_u64().is_some()),
            "{vendor}: {dx001:?}"
        );
        assert!(
            dx001.iter().any(|f| f["line"] == 5),
            "{vendor}: the quote opens on line 5: {dx001:?}"
        );
    }
    // Cisco has no braces, but quotes and a banner that never ends.
    let cisco = format!("{}banner motd ^C\n never ends\n", clean_cfg());
    let p = write_bytes("banner.cfg", cisco.as_bytes());
    run_within(&[p.to_str().unwrap(), "--vif-json", VIF], secs(20), &[0, 1]);
}

#[test]
fn a_20_mb_line_is_linted_in_bounded_time() {
    let mut cfg = clean_cfg();
    cfg.push_str("interface Loopback9\n description ");
    cfg.push_str(&"x".repeat(20 * 1024 * 1024));
    cfg.push_str("\n!\n");
    let p = write_bytes("bigline.cfg", cfg.as_bytes());
    for format in ["human", "json"] {
        let o = run_within(
            &[p.to_str().unwrap(), "--vif-json", VIF, "--format", format],
            secs(30),
            &[0, 1],
        );
        // The report itself stays small: the long line is never echoed.
        assert!(o.stdout.len() < 100_000, "{} bytes", o.stdout.len());
    }
    // One 20 MB word in the brace dialects, and as the only line.
    let word = "x".repeat(20 * 1024 * 1024);
    let p = write_bytes("bigword.conf", word.as_bytes());
    for vendor in ["cisco-ios", "junos", "vyos"] {
        run_within(
            &[p.to_str().unwrap(), "--vendor", vendor, "--vif-json", VIF],
            secs(30),
            &[1],
        );
    }
    // Minified AWS JSON with an error 70,000 columns into its one line: a plain
    // file:line:column message instead of a snippet (miette cannot pad that far).
    let json = std::fs::read_to_string(root().join(VIF)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let minified = format!("{}{}", " ".repeat(70_000), v).replace("\"vlan\":101", "\"vlan\":\"x\"");
    let p = write_bytes("minified.json", minified.as_bytes());
    let o = run_within(&[CLEAN, "--vif-json", p.to_str().unwrap()], secs(20), &[2]);
    let err = stderr(&o);
    assert!(err.contains("virtualInterfaces[0].vlan"), "{}", trunc(&err));
    assert!(err.contains("minified.json:1:"), "{}", trunc(&err));
}

#[test]
fn empty_files_are_clear_errors_or_an_empty_report() {
    let p = write_bytes("empty.cfg", b"");
    let o = run_within(&[p.to_str().unwrap(), "--vif-json", VIF], secs(20), &[2]);
    let err = stderr(&o);
    assert!(
        err.contains("empty.cfg") && err.contains("--vendor"),
        "{}",
        trunc(&err)
    );
    // With a dialect named, an empty config is a normal report: nothing recognised.
    let o = run_within(
        &[p.to_str().unwrap(), "--vendor", "junos", "--vif-json", VIF],
        secs(20),
        &[1],
    );
    assert!(stdout(&o).contains("DX002"), "{}", trunc(&stdout(&o)));
    let j = write_bytes("empty.json", b"");
    let o = run_within(&[CLEAN, "--vif-json", j.to_str().unwrap()], secs(20), &[2]);
    assert!(stderr(&o).contains("empty.json"), "{}", trunc(&stderr(&o)));
    let j = write_bytes("ws.json", b"  \n\t\n");
    let o = run_within(&[CLEAN, "--vif-json", j.to_str().unwrap()], secs(20), &[2]);
    assert!(stderr(&o).contains("ws.json"), "{}", trunc(&stderr(&o)));
}

/// JSON of the wrong shape or type: exit 2, the field path named, a snippet pointing at
/// the line in the JSON (miette draws `╭─[file:line:column]`).
#[test]
fn json_of_the_wrong_shape_names_the_field_and_points_into_the_file() {
    let cases: &[(&str, &str, &str)] = &[
        ("string.json", "\"dxvif-1\"", "expected `{` or `[`"),
        ("number.json", "42", "expected `{` or `[`"),
        ("list-of-numbers.json", "[1, 2]", "[0]"),
        (
            "wrapper-map.json",
            "{\n  \"virtualInterfaces\": {\"vlan\": 1}\n}",
            "virtualInterfaces",
        ),
        (
            "peer-asn-string.json",
            "{\"virtualInterfaces\": [\n {\"vlan\": 101,\n  \"bgpPeers\": [{\"asn\": \"65010\"}]}]}",
            "virtualInterfaces[0].bgpPeers[0].asn",
        ),
        (
            "vlan-bool.json",
            "[\n  {\"vlan\": true}\n]",
            "[0].vlan",
        ),
        ("truncated.json", "{\"virtualInterfaces\": [{\"vlan\": 1", "EOF"),
        ("trailing.json", "[{\"vlan\": 1}] ]", "trailing"),
    ];
    for (name, text, needle) in cases {
        let p = write_bytes(name, text.as_bytes());
        let o = run_within(&[CLEAN, "--vif-json", p.to_str().unwrap()], secs(20), &[2]);
        let err = stderr(&o);
        assert!(err.contains(name), "{name}: {}", trunc(&err));
        assert!(
            err.contains(needle),
            "{name}: want `{needle}` in\n{}",
            trunc(&err)
        );
        if !needle.starts_with("expected") {
            assert!(
                err.contains("╭─[") && err.contains(&format!("{name}:")),
                "{name}: no snippet in\n{}",
                trunc(&err)
            );
        }
    }
}

#[test]
fn numbers_out_of_range_name_the_field() {
    let vif = std::fs::read_to_string(root().join(VIF)).unwrap();
    let cases: &[(&str, &str, &str)] = &[
        ("\"vlan\": 101", "\"vlan\": 0", "vlan 0"),
        ("\"vlan\": 101", "\"vlan\": 4095", "vlan 4095"),
        ("\"vlan\": 101", "\"vlan\": -1", "vlan -1"),
        ("\"vlan\": 101", "\"vlan\": 1e400", "vlan"),
        ("\"vlan\": 101", "\"vlan\": 99999999999999999999999", "vlan"),
        (
            "\"asnLong\": 65010",
            "\"asnLong\": 4294967296",
            "4294967296",
        ),
        ("\"asnLong\": 65010", "\"asnLong\": -5", "-5"),
        (
            "\"amazonSideAsn\": 64512",
            "\"amazonSideAsn\": 0",
            "amazonSideAsn",
        ),
        (
            "\"amazonSideAsn\": 64512",
            "\"amazonSideAsn\": 4294967296",
            "amazonSideAsn",
        ),
        ("\"mtu\": 1500", "\"mtu\": 70000", "mtu 70000"),
        ("169.254.100.1/30", "169.254.100.300/30", "amazonAddress"),
        ("169.254.100.2/30", "169.254.100.2/33", "customerAddress"),
        ("169.254.100.2/30", "169.254.100.2", "customerAddress"),
        ("169.254.100.2/30", "fe80::zz/64", "customerAddress"),
    ];
    for (from, to, needle) in cases {
        assert!(vif.contains(from), "{from}");
        let p = write_bytes("range.json", vif.replace(from, to).as_bytes());
        let o = run_within(&[CLEAN, "--vif-json", p.to_str().unwrap()], secs(20), &[2]);
        let err = stderr(&o);
        assert!(
            err.contains(needle),
            "{to}: want `{needle}` in\n{}",
            trunc(&err)
        );
        assert!(
            err.contains("╭─[") && err.contains("range.json:"),
            "{to}: no snippet in\n{}",
            trunc(&err)
        );
    }
    // ASN 0 in both asn and asnLong names no AS at all.
    let zero = vif
        .replace("\"asn\": 65010", "\"asn\": 0")
        .replace("\"asnLong\": 65010", "\"asnLong\": 0");
    let p = write_bytes("asn0.json", zero.as_bytes());
    let o = run_within(&[CLEAN, "--vif-json", p.to_str().unwrap()], secs(20), &[2]);
    assert!(stderr(&o).contains("ASN 0"), "{}", trunc(&stderr(&o)));
}

#[test]
fn config_numbers_out_of_range_are_findings_on_their_line() {
    let cases: &[(&str, &str)] = &[
        ("router bgp 65010", "router bgp 0"),
        ("remote-as 64512", "remote-as 4294967296"),
        ("dot1Q 101", "dot1Q 0"),
        ("dot1Q 101", "dot1Q 4095"),
        (
            "169.254.100.2 255.255.255.252",
            "169.254.100.300 255.255.255.252",
        ),
        (
            "169.254.100.2 255.255.255.252",
            "169.254.100.2 255.0.255.252",
        ),
    ];
    let cfg = clean_cfg();
    for (from, to) in cases {
        let text = cfg.replace(from, to);
        let line = text.lines().position(|l| l.contains(to)).unwrap() + 1;
        let p = write_bytes("range.cfg", text.as_bytes());
        let o = run_within(
            &[p.to_str().unwrap(), "--vif-json", VIF, "--format", "json"],
            secs(20),
            &[1],
        );
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert!(
            doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == "DX001" && f["line"] == line as u64),
            "{to}: no DX001 on line {line}: {doc}"
        );
    }
}

#[test]
fn oversized_and_unreadable_inputs_are_refused() {
    // A sparse file: the size check happens before reading, so this costs no disk.
    let p = write_bytes("huge.cfg", b"");
    let f = std::fs::OpenOptions::new().write(true).open(&p).unwrap();
    f.set_len(513 * 1024 * 1024).unwrap();
    drop(f);
    let o = run_within(&[p.to_str().unwrap(), "--vif-json", VIF], secs(20), &[2]);
    let err = stderr(&o);
    assert!(
        err.contains("huge.cfg") && err.contains("too large"),
        "{}",
        trunc(&err)
    );
    assert!(err.contains("512 MB"), "{}", trunc(&err));
    let o = run_within(&[CLEAN, "--vif-json", p.to_str().unwrap()], secs(20), &[2]);
    assert!(stderr(&o).contains("too large"), "{}", trunc(&stderr(&o)));
    std::fs::remove_file(&p).ok();
    // A directory.
    let d = std::env::temp_dir();
    let o = run_within(&[d.to_str().unwrap(), "--vif-json", VIF], secs(20), &[2]);
    assert!(stderr(&o).contains("directory"), "{}", trunc(&stderr(&o)));
}

#[test]
fn hostile_project_configs_are_refused_quickly() {
    // 100,000 brackets: the YAML parser would spend seconds; refused before it runs.
    let p = write_bytes(
        "deep.yaml",
        format!("targets: {}", "[".repeat(100_000)).as_bytes(),
    );
    let o = run_within(&["--config", p.to_str().unwrap()], secs(10), &[2]);
    let err = stderr(&o);
    assert!(
        err.contains("deep.yaml:1") && err.contains("nested deeper"),
        "{}",
        trunc(&err)
    );
    assert!(err.len() < 20_000, "{} bytes of error", err.len());
    // Over the size limit for a project configuration (sparse, nothing is read).
    let p = write_bytes("big.yaml", b"");
    let f = std::fs::OpenOptions::new().write(true).open(&p).unwrap();
    f.set_len(2 * 1024 * 1024).unwrap();
    drop(f);
    let o = run_within(&["--config", p.to_str().unwrap()], secs(10), &[2]);
    let err = stderr(&o);
    assert!(
        err.contains("big.yaml") && err.contains("too large"),
        "{}",
        trunc(&err)
    );
    std::fs::remove_file(&p).ok();
    // Not YAML at all, and binary garbage.
    for (name, bytes) in [
        ("tabs.yaml", b"targets:\n\t- config: x\n".to_vec()),
        ("binary.yaml", vec![0xff, 0x00, 0xfe, b'\n', b'[']),
    ] {
        let p = write_bytes(name, &bytes);
        let o = run_within(&["--config", p.to_str().unwrap()], secs(10), &[2]);
        assert!(stderr(&o).contains(name), "{}", trunc(&stderr(&o)));
    }
}

#[test]
fn vpn_json_errors_name_the_field_and_never_show_the_key() {
    const CFG: &str = "testdata/cisco/vpn-ikev1.cfg";
    const VPN: &str = "testdata/aws/vpn-example.json";
    run_within(&[CFG, "--vpn-json", VPN], secs(20), &[0, 1]);
    let vpn = std::fs::read_to_string(root().join(VPN)).unwrap();
    let cases: &[(&str, &str, &str)] = &[
        ("169.254.10.0/30", "169.254.10.0/33", "TunnelInsideCidr"),
        ("\"203.0.113.10\"", "\"1.2.3\"", "OutsideIpAddress"),
        (
            "\"VpnConnections\": [",
            "\"VpnConnections\": {\"x\": [",
            "VpnConnections",
        ),
    ];
    for (from, to, needle) in cases {
        assert!(vpn.contains(from), "{from}");
        let p = write_bytes("vpn.json", vpn.replacen(from, to, 1).as_bytes());
        let o = run_within(&[CFG, "--vpn-json", p.to_str().unwrap()], secs(20), &[2]);
        let err = stderr(&o);
        assert!(
            err.contains(needle),
            "{to}: want `{needle}` in\n{}",
            trunc(&err)
        );
        // The tunnel's key sits on the next line of the snippet: masked.
        assert!(!err.contains("Tunnel1_psk"), "key in\n{}", trunc(&err));
    }
}

#[test]
fn invalid_utf8_in_aws_json_and_binary_files_warns_briefly() {
    let mut json = std::fs::read(root().join(VIF)).unwrap();
    let at = json.windows(10).position(|w| w == b"edge1-prod").unwrap();
    json.splice(at..at, b"caf\xe9 ".iter().copied());
    let line = json[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let p = write_bytes("latin1.json", &json);
    let o = run_within(&[CLEAN, "--vif-json", p.to_str().unwrap()], secs(20), &[0]);
    let err = stderr(&o);
    assert!(
        err.contains(&format!("latin1.json:{line}: not valid UTF-8")),
        "{}",
        trunc(&err)
    );
    // 5,000 bad lines: ten warnings and a count.
    let bin: Vec<u8> = (0..5000).flat_map(|_| *b"\xff\xfe\n").collect();
    let p = write_bytes("binary.cfg", &bin);
    let o = run_within(
        &[p.to_str().unwrap(), "--vendor", "junos", "--vif-json", VIF],
        secs(20),
        &[1],
    );
    let err = stderr(&o);
    assert_eq!(
        err.matches("not valid UTF-8; invalid bytes replaced")
            .count(),
        10,
        "{}",
        trunc(&err)
    );
    assert!(err.contains("4990 more lines"), "{}", trunc(&err));
}

//! No MD5 key or pre-shared key of any input appears in any output format, error or
//! verbose log line. The secrets are collected from the inputs themselves (config lines,
//! type 7 / `$9$` decoded forms, AWS JSON keys and the customer-gateway XML), so a new
//! fixture is covered without editing this file; the formats come from the binary's own
//! `--format` value list, so a new reporter is covered too.

mod common;
use common::*;
use dxlint::dialect::secret::{decode_cisco7, decode_junos9};
use serde_json::Value;
use std::collections::BTreeSet;

/// Words after which a config line carries a secret (the last one on the line wins:
/// `pre-shared-key address 192.0.2.1 key SECRET`, `psk AWS-T1 secret SECRET`).
const SECRET_WORDS: &[&str] = &[
    "password",
    "secret",
    "key",
    "key-string",
    "authentication-key",
    "pre-shared-key",
    "pre-shared-secret",
    "ascii-text",
    "hexadecimal",
];

/// Tokens between a secret word and its value: encryption types and modifiers.
const SKIP: &[&str] = &[
    "0",
    "6",
    "7",
    "8",
    "local",
    "remote",
    "ascii-text",
    "hexadecimal",
];

/// Shorter values could occur in output by coincidence (`abc`); every fixture key is longer.
const MIN_LEN: usize = 6;

fn files(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("testdata").join(dir))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().is_file())
                .map(|e| format!("testdata/{dir}/{}", e.file_name().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn unquote(s: &str) -> &str {
    s.trim_end_matches(';')
        .trim_matches(|c| c == '"' || c == '\'')
}

/// The secret on one config line, with its decoded form when it is type 7 or `$9$`.
fn line_secrets(line: &str, out: &mut BTreeSet<String>) {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(at) = words
        .iter()
        .rposition(|w| SECRET_WORDS.contains(&unquote(w)))
    else {
        return;
    };
    let mut i = at + 1;
    let mut type7 = false;
    while i < words.len() && SKIP.contains(&unquote(words[i])) {
        type7 |= words[i] == "7";
        i += 1;
    }
    let Some(value) = words.get(i).map(|w| unquote(w)) else {
        return;
    };
    if value.starts_with('#') || matches!(value, "address" | "hostname" | "{") {
        return;
    }
    out.insert(value.to_string());
    if type7 {
        out.extend(decode_cisco7(value));
    }
    if value.starts_with("$9$") {
        out.extend(decode_junos9(value));
    }
}

/// Values of authKey / PreSharedKey anywhere in the JSON, and `<pre_shared_key>` elements of
/// embedded customer-gateway XML.
fn json_secrets(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if let (true, Some(s)) = (
                    matches!(
                        k.as_str(),
                        "authKey" | "AuthKey" | "PreSharedKey" | "preSharedKey"
                    ),
                    v.as_str(),
                ) {
                    out.insert(s.to_string());
                }
                json_secrets(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| json_secrets(v, out)),
        Value::String(s) => xml_secrets(s, out),
        _ => {}
    }
}

fn xml_secrets(s: &str, out: &mut BTreeSet<String>) {
    let mut rest = s;
    while let Some(i) = rest.find("<pre_shared_key>") {
        rest = &rest[i + "<pre_shared_key>".len()..];
        if let Some(end) = rest.find("</pre_shared_key>") {
            out.insert(rest[..end].to_string());
        }
    }
}

fn secrets_of(path: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join(path)).unwrap_or_default();
    let mut out = BTreeSet::new();
    if path.ends_with(".json") {
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            json_secrets(&v, &mut out);
        }
    } else if path.ends_with(".xml") {
        xml_secrets(&text, &mut out);
    } else {
        text.lines().for_each(|l| line_secrets(l, &mut out));
    }
    out.retain(|s| s.chars().count() >= MIN_LEN);
    out
}

/// The `--format` values the binary accepts, from clap's own error message.
fn formats() -> Vec<String> {
    let o = dxlint(&["x.cfg", "--format", "no-such-format"]);
    let err = stderr(&o);
    let list = err
        .split("[possible values: ")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap_or_else(|| panic!("no value list in\n{err}"));
    list.split(',').map(|s| s.trim().to_string()).collect()
}

#[test]
fn the_collector_finds_every_kind_of_fixture_secret() {
    let all: BTreeSet<String> = ["cisco", "junos", "vyos", "aws"]
        .iter()
        .flat_map(|d| files(d))
        .flat_map(|f| secrets_of(&f))
        .collect();
    for known in [
        "0xDxLintExampleKey01", // plain (VyOS, Cisco) and JSON authKey
        "091C562D01291E1C1F291C2B263424361E270A5747", // Cisco type 7 as written
        "plain-key-1",          // Junos authentication-key
        "Tunnel2_psk.example2", // Junos ascii-text, VPN JSON, XML
        "Tunnel1_psk.example1", // VPN JSON PreSharedKey
        "0xPublicKey_dx404",
    ] {
        assert!(all.contains(known), "{known} not collected: {all:?}");
    }
    // The type 7 and $9$ forms decode to keys that are collected too.
    let junos9 = secrets_of("testdata/junos/clean.conf");
    assert!(
        junos9.iter().any(|s| !s.starts_with("$9$")),
        "no decoded $9$ key: {junos9:?}"
    );
    let mut lines = BTreeSet::new();
    line_secrets(
        " pre-shared-key address 192.0.2.1 key 0 Sup3rSecretPSK",
        &mut lines,
    );
    line_secrets(
        "set vpn ipsec authentication psk AWS-T1 secret 'vyos-psk-1'",
        &mut lines,
    );
    line_secrets(
        "crypto isakmp key 6 Enc0dedKeyText address 192.0.2.1",
        &mut lines,
    );
    assert_eq!(
        lines.into_iter().collect::<Vec<_>>(),
        ["Enc0dedKeyText", "Sup3rSecretPSK", "vyos-psk-1"]
    );
}

/// Every format for one config and one AWS file: (runs, runs that produced a report).
fn check_pair(cfg: &str, json: &str, formats: &[String]) -> (usize, usize) {
    let flag = if json.contains("vpn") {
        "--vpn-json"
    } else {
        "--vif-json"
    };
    let mut secrets = secrets_of(cfg);
    secrets.extend(secrets_of(json));
    let mut reports = 0;
    for format in formats {
        let o = dxlint(&[cfg, flag, json, "--format", format, "-v"]);
        let all = format!("{}{}", stdout(&o), stderr(&o));
        for s in &secrets {
            assert!(
                !all.contains(s.as_str()),
                "a secret of {cfg} / {json} leaked in --format {format} -v:\n{all}"
            );
        }
        assert!(
            !all.contains("panicked"),
            "{cfg} / {json} / {format}:\n{all}"
        );
        reports += usize::from(matches!(o.status.code(), Some(0 | 1)));
    }
    (formats.len(), reports)
}

#[test]
fn no_key_in_any_format_or_log() {
    let configs: Vec<String> = ["cisco", "junos", "vyos"]
        .iter()
        .flat_map(|d| files(d))
        .collect();
    let aws = files("aws");
    let formats = formats();
    assert!(formats.contains(&"human".to_string()) && formats.contains(&"json".to_string()));
    assert!(configs.len() >= 10, "{configs:?}");
    let jsons: Vec<&String> = aws.iter().filter(|p| p.ends_with(".json")).collect();
    // One config per task, on as many threads as the machine has: each run is a process.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (runs, reports) = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let (mut runs, mut reports) = (0, 0);
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(cfg) = configs.get(i) else { break };
                        for json in &jsons {
                            let (r, ok) = check_pair(cfg, json, &formats);
                            runs += r;
                            reports += ok;
                        }
                    }
                    (runs, reports)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a worker failed"))
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    assert!(runs >= configs.len() * 2 * formats.len(), "{runs} runs");
    // Most pairs are reports, not input errors, so the formats really rendered findings.
    assert!(
        reports * 2 > runs,
        "{reports} of {runs} runs produced a report"
    );
}

#[test]
fn error_snippets_and_stdin_never_show_keys() {
    // A JSON error quotes the offending line in a snippet: a key on a broken line must not
    // be in it.
    let broken = "{\"virtualInterfaces\": [{\"vlan\": 5000, \"authKey\": \"0xSnippetKey_77\"}]}";
    let p = write_temp("broken-key.json", broken);
    let o = dxlint(&[
        "testdata/cisco/edge1-clean.cfg",
        "--vif-json",
        p.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(all.contains("vlan 5000"), "{all}");
    assert!(
        !all.contains("0xSnippetKey_77"),
        "key in the JSON error snippet:\n{all}"
    );

    // A config on stdin with a clear-text key that differs from AWS's: the mismatch is
    // reported and the line quoted, the key is not.
    let cfg = std::fs::read_to_string(root().join("testdata/cisco/edge1-faulty.cfg")).unwrap();
    let cfg = cfg.replace("0xDxLintExampleKey01", "0xStdinOnlyKey_42");
    assert!(cfg.contains("0xStdinOnlyKey_42"));
    for format in formats() {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dxlint"))
            .args(["-", "--vif-json", "testdata/aws/vif-private.json", "-v"])
            .args(["--format", &format])
            .current_dir(root())
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run dxlint");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(cfg.as_bytes())
            .unwrap();
        let o = child.wait_with_output().unwrap();
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert_eq!(o.status.code(), Some(1), "{format}: {all}");
        assert!(all.contains("DX40"), "{format}: no MD5 finding in\n{all}");
        assert!(
            !all.contains("0xStdinOnlyKey_42"),
            "{format}: key from stdin in\n{all}"
        );
    }
}

#[test]
fn explain_and_rules_never_show_keys() {
    let o = dxlint(&["rules"]);
    let mut all = stdout(&o);
    for id in ["DX401", "DX403", "DX404", "DX405"] {
        all.push_str(&stdout(&dxlint(&["explain", id])));
    }
    // The explain text quotes example configs; their keys are fixtures, not the prose.
    let prose: String = all
        .lines()
        .filter(|l| !l.starts_with("    "))
        .collect::<Vec<_>>()
        .join("\n");
    let fixture_keys: BTreeSet<String> = ["cisco", "junos", "vyos", "aws"]
        .iter()
        .flat_map(|d| files(d))
        .flat_map(|f| secrets_of(&f))
        .collect();
    for s in &fixture_keys {
        assert!(!prose.contains(s.as_str()), "{s} in rule prose");
    }
}

/// `expose_with` is the only way to the value of a `Secret`; every caller in shipped code
/// under src/ is reviewed here (unit tests may compare values). Add one only with a reason.
#[test]
fn secret_values_are_exposed_only_where_reviewed() {
    const ALLOWED: &[(&str, &str)] = &[
        ("src/secret.rs", "the definition"),
        (
            "src/lint.rs",
            "a finding's message has every recognised key's value masked (mask_secrets)",
        ),
        (
            "src/aws/fetch/export.rs",
            "`dxlint export --include-secrets` writes keys on request",
        ),
    ];
    let mut stack = vec![root().join("src")];
    let mut callers = Vec::new();
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("tests.rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                // Unit tests (the `#[cfg(test)]` module at the end of a file) may compare
                // values; shipped code may not read them.
                let shipped = text.split("#[cfg(test)]").next().unwrap_or("");
                if shipped.contains(".expose_with(") || shipped.contains("fn expose_with") {
                    let rel = p
                        .strip_prefix(root())
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    callers.push(rel);
                }
            }
        }
    }
    assert!(callers.iter().any(|c| c == "src/secret.rs"), "{callers:?}");
    for c in &callers {
        assert!(
            ALLOWED.iter().any(|(f, _)| f == c),
            "{c} reads a Secret's value: review it and add it to ALLOWED"
        );
    }
}

//! No MD5 key of any input appears in any output format, error or verbose log line.

mod common;
use common::*;

/// Keys in the fixtures, plus their encoded forms (type 7 decodes to a key, so it is one).
const SECRETS: &[&str] = &[
    "0xDxLintExampleKey01",
    "DxLintExampleKey",
    "091C562D01291E1C1F291C2B263424361E270A5747",
    "0xDxLintV6Key_0002",
    "0xTransitKey_dx303",
    "0xPublicKey_dx404",
];

fn fixtures(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("testdata").join(dir))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| format!("testdata/{dir}/{}", e.file_name().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn no_key_in_any_format_or_log() {
    let configs: Vec<String> = ["cisco", "junos", "vyos"]
        .iter()
        .flat_map(|d| fixtures(d))
        .collect();
    let vifs = fixtures("aws");
    assert!(configs.len() >= 2 && !vifs.is_empty());
    let mut runs = 0;
    for cfg in &configs {
        for vif in vifs.iter().filter(|v| v.contains("vif")) {
            for format in ["human", "json"] {
                let o = dxlint(&[cfg, "--vif-json", vif, "--format", format, "-v"]);
                let all = format!("{}{}", stdout(&o), stderr(&o));
                for s in SECRETS {
                    assert!(
                        !all.contains(s),
                        "{s} leaked by {cfg} / {vif} / {format}:\n{all}"
                    );
                }
                runs += 1;
            }
        }
    }
    assert!(runs >= 8);
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
    for s in SECRETS {
        assert!(!prose.contains(s), "{s} in rule prose");
    }
}

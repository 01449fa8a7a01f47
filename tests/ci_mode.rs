//! Pre-merge mode: .dxlint.yaml targets, the CI formats (SARIF, GitHub, JUnit), inline
//! suppressions in each vendor's comment syntax, baselines, and a 300-target repository.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

const FAULTY: &str = "testdata/cisco/edge1-faulty.cfg";
const CLEAN: &str = "testdata/cisco/edge1-clean.cfg";
const VIF: &str = "testdata/aws/vif-private.json";

/// Keys in the fixtures (and the type 7 form of one): never in any output.
const SECRETS: &[&str] = &[
    "0xDxLintExampleKey01",
    "DxLintExampleKey",
    "091C562D01291E1C1F291C2B263424361E270A5747",
    "$9$mPz3uORyrKEcx",
];

/// A scratch repository under the temp dir, removed when dropped.
struct Repo(PathBuf);

impl Repo {
    fn new(name: &str) -> Repo {
        let dir = std::env::temp_dir().join(format!("dxlint-ci-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("repo dir");
        Repo(dir)
    }
    fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }
    fn copy(&self, rel: &str, fixture: &str) -> &Self {
        self.write(rel, &read(fixture))
    }
    fn run(&self, args: &[&str]) -> Output {
        run_in(&self.0, args)
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dxlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("DXLINT_THREADS")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("run dxlint")
}

fn read(fixture: &str) -> String {
    std::fs::read_to_string(root().join(fixture)).expect(fixture)
}

fn json_of(o: &Output) -> Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(o), stderr(o)))
}

fn rules_of(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn assert_no_secrets(what: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{s} leaked in {what}:\n{text}");
    }
}

// ------------------------------------------------------------------------------ formats

#[test]
fn sarif_meets_the_2_1_0_required_fields() {
    let o = dxlint(&[FAULTY, "--vif-json", VIF, "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("SARIF is JSON");
    let schema: Value =
        serde_json::from_str(&read("testdata/ci/sarif-2.1.0-required.schema.json")).unwrap();
    let errs = validate(&schema, &doc);
    assert!(errs.is_empty(), "{errs:#?}");
    assert_eq!(doc["version"], "2.1.0");
    assert!(doc["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "dxlint");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 40, "every rule is described");
    let results = run["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    for want in ["DX101", "DX301", "DX601"] {
        assert!(ids.contains(&want), "{ids:?}");
    }
    for r in results {
        // ruleIndex points at the rule with the same id, whose help comes from rules/*.yaml.
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        assert!(rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("**Fix.**"));
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], FAULTY, "relative URI");
        let region = &loc["region"];
        assert!(region["endLine"].as_u64() >= region["startLine"].as_u64());
        assert!(region["endColumn"].as_u64().unwrap() > region["startColumn"].as_u64().unwrap());
        assert!(r["partialFingerprints"]["dxlint/v1"]
            .as_str()
            .unwrap()
            .starts_with(r["ruleId"].as_str().unwrap()));
    }
    let vlan = results.iter().find(|r| r["ruleId"] == "DX101").unwrap();
    assert_eq!(vlan["level"], "error");
    let region = &vlan["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(12), Some(2))
    );
    // The docs URL, when given, becomes helpUri with the rule's anchor.
    let o = Command::new(env!("CARGO_BIN_EXE_dxlint"))
        .args([FAULTY, "--vif-json", VIF, "--format", "sarif"])
        .current_dir(root())
        .env(
            "DXLINT_DOCS_URL",
            "https://example.org/dxlint/docs/rules.md",
        )
        .output()
        .unwrap();
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let r0 = &doc["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(
        r0["helpUri"].as_str().unwrap(),
        format!(
            "https://example.org/dxlint/docs/rules.md#{}",
            r0["id"].as_str().unwrap().to_lowercase()
        )
    );
}

#[test]
fn github_annotations_point_at_file_line_and_column() {
    let o = dxlint(&[FAULTY, "--vif-json", VIF, "--format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let vlan = out
        .lines()
        .find(|l| l.contains("title=DX101"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        vlan.starts_with("::error file=testdata/cisco/edge1-faulty.cfg,line=12,col=2,"),
        "{vlan}"
    );
    assert!(
        vlan.contains("::`GigabitEthernet0/0/1.101` is tagged 110"),
        "{vlan}"
    );
    // Multi-line fixes are escaped: one annotation is one line.
    assert!(vlan.contains("%0Afix:%0A"), "{vlan}");
    let warn = out.lines().find(|l| l.contains("title=DX703")).unwrap();
    assert!(warn.starts_with("::warning "), "{warn}");
    let annotations = out.lines().filter(|l| l.starts_with("::")).count();
    let json = json_of(&dxlint(&[FAULTY, "--vif-json", VIF, "--format", "json"]));
    assert_eq!(annotations, rules_of(&json).len());
}

#[test]
fn junit_has_a_testcase_per_peering_and_a_failure_per_error() {
    let o = dxlint(&[
        FAULTY,
        CLEAN,
        "--vif-json",
        "testdata/aws/vif-private-dualstack.json",
        "--format",
        "junit",
    ]);
    let xml = stdout(&o);
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"),
        "{xml}"
    );
    let json = json_of(&dxlint(&[
        FAULTY,
        CLEAN,
        "--vif-json",
        "testdata/aws/vif-private-dualstack.json",
        "--format",
        "json",
    ]));
    let peerings = json["peerings"].as_array().unwrap().len();
    let files = json["summary"]["files"].as_u64().unwrap() as usize;
    let errors = json["summary"]["errors"].as_u64().unwrap() as usize;
    assert!(peerings >= 2 && errors >= 1);
    assert_eq!(xml.matches("<testcase ").count(), peerings + files, "{xml}");
    assert_eq!(xml.matches("<failure ").count(), errors, "{xml}");
    assert_eq!(xml.matches("<testsuite ").count(), files);
    assert!(xml.contains("name=\"dxvif-"), "{xml}");
    assert!(xml.contains("<failure type=\"DX301\""), "{xml}");
    // Well-formed enough: every element that opens, closes.
    for tag in ["testsuites", "testsuite", "failure"] {
        assert_eq!(
            xml.matches(&format!("<{tag} ")).count(),
            xml.matches(&format!("</{tag}>")).count(),
            "{tag}"
        );
    }
}

#[test]
fn no_key_in_sarif_github_junit_or_a_baseline() {
    let repo = Repo::new("secrets");
    let base = repo.0.join("b.json");
    for cfg in [
        FAULTY,
        CLEAN,
        "testdata/junos/clean.conf",
        "testdata/vyos/clean-1.3.config.boot",
    ] {
        for format in ["sarif", "github", "junit"] {
            let o = dxlint(&[cfg, "--vif-json", VIF, "--format", format]);
            assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
            assert_no_secrets(
                &format!("{cfg} {format}"),
                &format!("{}{}", stdout(&o), stderr(&o)),
            );
        }
        let o = dxlint(&[
            cfg,
            "--vif-json",
            VIF,
            "--write-baseline",
            base.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0));
        assert_no_secrets("baseline", &std::fs::read_to_string(&base).unwrap());
    }
    // The fixtures really carry the keys this test looks for.
    assert!(read(FAULTY).contains(SECRETS[0]));
    assert!(read("testdata/vyos/clean-1.3.config.boot").contains(SECRETS[0]));
}

// ------------------------------------------------------------------------- suppressions

/// Lint `text` (as `name`) against the private VIF; the rule ids found, with --fail-on info.
fn lint_rules(repo: &Repo, name: &str, text: &str) -> (Vec<String>, Value) {
    repo.write(name, text).copy("vif.json", VIF);
    let o = repo.run(&[
        name,
        "--vif-json",
        "vif.json",
        "--format",
        "json",
        "--fail-on",
        "info",
    ]);
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
    let doc = json_of(&o);
    (rules_of(&doc), doc)
}

/// Each case: a config where DX603 fires on one statement, then the same with a suppression
/// comment in the vendor's syntax inserted above that statement.
fn check_suppression(name: &str, faulty: &str, anchor: &str, comment: &str) {
    let repo = Repo::new(&format!("supp-{}", name.replace('.', "-")));
    assert!(
        faulty.contains(anchor),
        "{name}: anchor `{anchor}` not in config"
    );
    let (before, _) = lint_rules(&repo, name, faulty);
    assert!(
        before.contains(&"DX603".to_string()),
        "{name}: DX603 should fire: {before:?}"
    );
    let indent: String = faulty[..faulty.find(anchor).unwrap()]
        .rsplit('\n')
        .next()
        .unwrap()
        .to_string();
    let with = faulty.replacen(anchor, &format!("{comment}\n{indent}{anchor}"), 1);
    let (after, doc) = lint_rules(&repo, name, &with);
    assert!(
        !after.contains(&"DX603".to_string()),
        "{name} {comment}: {after:?}"
    );
    assert!(
        !after.contains(&"DX010".to_string()),
        "{name}: suppression counted unused: {doc}"
    );
    // The other findings are untouched.
    let mut rest = before.clone();
    rest.retain(|r| r != "DX603");
    assert_eq!(after, rest, "{name}");
}

#[test]
fn ios_bang_comment_suppresses_the_next_statement() {
    let cfg = read(CLEAN).replace("timers 30 90", "timers 10 30");
    check_suppression(
        "edge1.cfg",
        &cfg,
        "neighbor 169.254.100.1 timers 10 30",
        " ! dxlint-disable DX603 30 s agreed with the AWS account team",
    );
}

#[test]
fn junos_hash_and_block_comments_suppress() {
    let curly = read("testdata/junos/clean.conf").replace("hold-time 90;", "hold-time 30;");
    check_suppression(
        "edge2.conf",
        &curly,
        "hold-time 30;",
        "# dxlint-disable DX603 faster failover",
    );
    check_suppression(
        "edge3.conf",
        &curly,
        "hold-time 30;",
        "/* dxlint-disable hold-time-differs faster failover */",
    );
    let set = read("testdata/junos/clean.set").replace("hold-time 90", "hold-time 30");
    check_suppression(
        "edge4.set",
        &set,
        "set protocols bgp group AWS hold-time 30",
        "# dxlint-disable DX603 faster failover",
    );
}

#[test]
fn vyos_hash_slash_and_block_comments_suppress() {
    let set = read("testdata/vyos/clean-1.4.set")
        .replace("timers holdtime '90'", "timers holdtime '30'")
        .replace("timers keepalive '30'", "timers keepalive '10'");
    check_suppression(
        "vyos1.set",
        &set,
        "set protocols bgp neighbor 169.254.100.1 timers holdtime '30'",
        "# dxlint-disable DX603 faster failover",
    );
    let boot = read("testdata/vyos/clean-1.4.config.boot")
        .replace("holdtime 90", "holdtime 30")
        .replace("keepalive 30", "keepalive 10");
    check_suppression(
        "vyos2.boot",
        &boot,
        "holdtime 30",
        "// dxlint-disable DX603 faster failover",
    );
    check_suppression(
        "vyos3.boot",
        &boot,
        "holdtime 30",
        "/* dxlint-disable DX603 faster failover */",
    );
}

#[test]
fn file_wide_and_unused_suppressions() {
    let repo = Repo::new("unused");
    let cfg = read(CLEAN).replace("timers 30 90", "timers 10 30");
    // File-wide, placed at the very end: still silences DX603 everywhere.
    let (rules, _) = lint_rules(
        &repo,
        "a.cfg",
        &format!("{cfg}! dxlint-disable-file DX603 lab router\n"),
    );
    assert!(!rules.contains(&"DX603".to_string()), "{rules:?}");
    // A suppression above the wrong line silences nothing: DX603 stays, DX010 (info) says so.
    let wrong = cfg.replacen(
        " neighbor 169.254.100.1 remote-as 64512",
        " ! dxlint-disable DX603,DX101 copied from edge7\n neighbor 169.254.100.1 remote-as 64512",
        1,
    );
    let (rules, doc) = lint_rules(&repo, "b.cfg", &wrong);
    assert!(rules.contains(&"DX603".to_string()), "{rules:?}");
    let unused = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "DX010")
        .unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(unused["severity"], "info");
    assert_eq!(unused["name"], "unused-suppression");
    let line = wrong
        .lines()
        .position(|l| l.contains("copied from edge7"))
        .unwrap()
        + 1;
    assert_eq!(unused["line"], line as u64);
    assert!(
        unused["message"].as_str().unwrap().contains("DX603,DX101"),
        "{unused}"
    );
    // Info does not fail the default gate; --fail-on info does.
    let o = repo.run(&["b.cfg", "--vif-json", "vif.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = repo.run(&["b.cfg", "--vif-json", "vif.json", "--fail-on", "info"]);
    assert_eq!(o.status.code(), Some(1));
}

// ------------------------------------------------------------------------------ .dxlint.yaml

#[test]
fn config_errors_name_the_line_and_exit_2() {
    let cases: &[(&str, usize, &str)] = &[
        (
            "targets:\n  - config: r.cfg\n    vif-json: vif.json\n    vlan: 101\n",
            4,
            "unknown field `vlan`",
        ),
        ("rules:\n  DX603: off\n  DX601: loud\n", 3, "unknown variant `loud`"),
        ("rules:\n  DX603: off\n  DX6O1: off\n", 3, "unknown rule `DX6O1`"),
        (
            "targets:\n  - config: r.cfg\n    vif-json: vif.json\n  - config: routers/*.cfg\n    vif-json: vif.json\n",
            4,
            "`routers/*.cfg` matches no file",
        ),
        (
            "targets:\n  - config: r.cfg\n    vif-json: missing.json\n",
            3,
            "vif-json `missing.json` is not a file",
        ),
        ("limits:\n  max-hold-time: ninety\n", 2, "max-hold-time"),
        ("targets:\n  - config: r.cfg\n    vif: vif-123\n", 3, "is not a vif id"),
        ("targets:\n  - config: r.cfg\n", 2, "nothing to compare against"),
        ("targets:\n  - config: [r.cfg\n", 3, ""),
    ];
    for (i, (yaml, line, needle)) in cases.iter().enumerate() {
        let repo = Repo::new(&format!("cfgerr{i}"));
        repo.copy("r.cfg", CLEAN)
            .copy("vif.json", VIF)
            .write(".dxlint.yaml", yaml);
        let o = repo.run(&[]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{yaml}\n{err}");
        assert!(
            err.contains(&format!(".dxlint.yaml:{line}")),
            "case {i}: want line {line}:\n{err}"
        );
        assert!(err.contains(needle), "case {i}: want `{needle}`:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn targets_run_from_a_subdirectory_with_rules_and_limits_applied() {
    let repo = Repo::new("targets");
    let faulty = read(FAULTY);
    repo.copy("routers/dc1/edge1.cfg", CLEAN)
        .write("routers/dc2/edge2.cfg", &faulty)
        .copy("aws/vif.json", VIF)
        .copy("junos/edge3.conf", "testdata/junos/clean.conf")
        .write(
            ".dxlint.yaml",
            "# the organisation's policy\ntargets:\n  - config: routers/**/*.cfg\n    vif-json: aws/vif.json\n  - config: ./routers/dc2/edge2.cfg\n    vif-json: aws/vif.json\n  - config: junos/edge3.conf\n    vendor: junos\n    vif-json: [aws/vif.json]\nrules:\n  DX101: off\n  advertisement-unbounded: error\nlimits:\n  max-hold-time: 60\n",
        );
    std::fs::create_dir_all(repo.0.join("routers/dc1")).unwrap();
    let o = run_in(&repo.0.join("routers/dc1"), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc = json_of(&o);
    let files: Vec<&str> = doc["peerings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file"].as_str().unwrap())
        .collect();
    // Target order, then file order; names relative to .dxlint.yaml. The glob target holds
    // both IOS files; its one VIF pairs with the config that serves it (edge1).
    assert_eq!(
        files,
        vec![
            "routers/dc1/edge1.cfg",
            "routers/dc2/edge2.cfg",
            "junos/edge3.conf"
        ]
    );
    assert_eq!(doc["summary"]["files"], 4);
    let findings = doc["findings"].as_array().unwrap();
    assert!(
        !findings.iter().any(|f| f["rule"] == "DX101"),
        "DX101 is off"
    );
    let adv = findings
        .iter()
        .find(|f| f["rule"] == "DX703")
        .expect("DX703");
    assert_eq!(adv["severity"], "error", "raised by rules:");
    // max-hold-time 60 against AWS's 90: the organisation's limit fires on the clean configs.
    let hold: Vec<&str> = findings
        .iter()
        .filter(|f| {
            f["rule"] == "DX603" && f["message"].as_str().unwrap().contains("maximum of 60s")
        })
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(
        hold.contains(&"routers/dc1/edge1.cfg") && hold.contains(&"junos/edge3.conf"),
        "{hold:?}"
    );
    // CONFIG arguments with flags still work, and pick up rules: from the same file.
    let o = run_in(
        &repo.0,
        &[
            "routers/dc2/edge2.cfg",
            "--vif-json",
            "aws/vif.json",
            "--format",
            "json",
        ],
    );
    let rules = rules_of(&json_of(&o));
    assert!(
        !rules.contains(&"DX101".to_string()) && rules.contains(&"DX301".to_string()),
        "{rules:?}"
    );
    // Flags for the AWS side without CONFIG are a usage error, not silently ignored.
    let o = run_in(&repo.0, &["--vif-json", "aws/vif.json"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_vpn_json_target_takes_the_same_path_as_the_flag() {
    let repo = Repo::new("vpnjson");
    repo.copy("vpn.conf", "testdata/junos/vpn.conf")
        .copy("vpn.json", "testdata/aws/vpn-ikev2-only.json")
        .write(
            ".dxlint.yaml",
            "targets:\n  - config: vpn.conf\n    vpn-json: vpn.json\n",
        );
    let by_target = repo.run(&["--format", "json"]);
    let by_flag = repo.run(&["vpn.conf", "--vpn-json", "vpn.json", "--format", "json"]);
    assert_eq!(
        by_target.status.code(),
        by_flag.status.code(),
        "{}",
        stderr(&by_target)
    );
    assert_eq!(stdout(&by_target), stdout(&by_flag));
}

#[test]
fn live_targets_need_the_aws_feature() {
    if cfg!(feature = "aws") {
        return;
    }
    let repo = Repo::new("live");
    repo.copy("r.cfg", CLEAN).write(
        ".dxlint.yaml",
        "targets:\n  - config: r.cfg\n    vif: dxvif-ffab1234\n",
    );
    let o = repo.run(&[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("no live AWS support") && err.contains(".dxlint.yaml:2"),
        "{err}"
    );
}

// ------------------------------------------------------------------------------ baseline

#[test]
fn baseline_hides_old_findings_and_shows_new_ones() {
    let repo = Repo::new("baseline");
    let faulty = read(FAULTY);
    repo.write("r.cfg", &faulty).copy("vif.json", VIF).write(
        ".dxlint.yaml",
        "targets:\n  - config: r.cfg\n    vif-json: vif.json\n",
    );
    let o = repo.run(&[
        "--write-baseline",
        "dxlint-baseline.json",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = rules_of(&json_of(&o)).len();
    assert!(written >= 4);
    let b: Value = serde_json::from_str(
        &std::fs::read_to_string(repo.0.join("dxlint-baseline.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(b["findings"].as_array().unwrap().len(), written);

    let o = repo.run(&[
        "--baseline",
        "dxlint-baseline.json",
        "--format",
        "json",
        "--fail-on",
        "info",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(rules_of(&json_of(&o)).is_empty());

    // Lines added above every finding: still nothing new (fingerprints ignore line numbers).
    repo.write(
        "r.cfg",
        &format!("!\n! change 4711: new banner\n!\n{faulty}"),
    );
    let o = repo.run(&["--baseline", "dxlint-baseline.json", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // A new fault: only it is shown, and it fails the run.
    let worse = faulty.replace(
        "neighbor 169.254.100.1 remote-as 64512",
        "neighbor 169.254.100.1 remote-as 64513",
    );
    assert_ne!(worse, faulty);
    repo.write("r.cfg", &worse);
    let o = repo.run(&["--baseline", "dxlint-baseline.json", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(rules_of(&json_of(&o)), vec!["DX302"]);

    let o = repo.run(&["--baseline", "missing.json"]);
    assert_eq!(o.status.code(), Some(2));
    repo.write("bad.json", "{\"version\": 7}");
    let o = repo.run(&["--baseline", "bad.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not a dxlint baseline"),
        "{}",
        stderr(&o)
    );
}

// ------------------------------------------------------------------------ 300 targets

/// Four templates (IOS clean, IOS with a VLAN fault, Junos, VyOS), each target its own VIF
/// (VLAN and id vary) so a finding can only come from its own target.
fn generate_repo(repo: &Repo, n: usize) -> Vec<String> {
    let vif = read(VIF);
    let templates = [
        ("cfg", read(CLEAN)),
        (
            "cfg",
            read(CLEAN).replace("encapsulation dot1Q 101", "encapsulation dot1Q 999"),
        ),
        ("conf", read("testdata/junos/clean.conf")),
        ("set", read("testdata/vyos/clean-1.4.set")),
    ];
    let mut yaml = String::from("targets:\n");
    let mut names = Vec::new();
    // Written in reverse name order: the report must follow this file, not the file names.
    for i in (0..n).rev() {
        let (ext, text) = &templates[i % templates.len()];
        let name = format!("site{i:03}/edge.{ext}");
        repo.write(&name, text);
        repo.write(
            &format!("aws/site{i:03}.json"),
            &vif.replace("dxvif-ffab1234", &format!("dxvif-ffab{i:04}")),
        );
        yaml.push_str(&format!(
            "  - config: {name}\n    vif-json: aws/site{i:03}.json\n"
        ));
        names.push(name);
    }
    repo.write(".dxlint.yaml", &yaml);
    names
}

#[test]
fn three_hundred_targets_in_parallel_deterministic_order() {
    let repo = Repo::new("300");
    let names = generate_repo(&repo, 300);
    let t0 = Instant::now();
    let first = repo.run(&["--format", "json", "-v"]);
    let parallel = t0.elapsed();
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let doc = json_of(&first);
    assert_eq!(doc["summary"]["files"], 300);
    let peerings = doc["peerings"].as_array().unwrap();
    assert_eq!(peerings.len(), 300);
    let files: Vec<&str> = peerings
        .iter()
        .map(|p| p["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, names.iter().map(String::as_str).collect::<Vec<_>>());
    for (p, name) in peerings.iter().zip(&names) {
        let i: usize = name[4..7].parse().unwrap();
        assert_eq!(
            p["id"],
            format!("dxvif-ffab{i:04}/ipv4"),
            "each target against its own VIF"
        );
    }
    // Exactly the 75 targets built from the VLAN-fault template fail, each with its own VIF.
    let vlan: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "DX101")
        .collect();
    assert_eq!(vlan.len(), 75);
    assert!(vlan.iter().all(|f| {
        let file = f["file"].as_str().unwrap();
        let i: usize = file[4..7].parse().unwrap();
        i % 4 == 1 && f["peering"] == format!("dxvif-ffab{i:04}/ipv4")
    }));
    assert_eq!(doc["summary"]["errors"], 75);
    // Same bytes on a second run, and on one thread.
    let second = repo.run(&["--format", "json"]);
    assert_eq!(stdout(&first), stdout(&second));
    let t1 = Instant::now();
    let one = Command::new(env!("CARGO_BIN_EXE_dxlint"))
        .args(["--format", "json"])
        .current_dir(&repo.0)
        .env("DXLINT_THREADS", "1")
        .output()
        .unwrap();
    let serial = t1.elapsed();
    assert_eq!(stdout(&first), stdout(&one));
    let sarif: Value = serde_json::from_str(&stdout(&repo.run(&["--format", "sarif"]))).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 75);
    eprintln!(
        "300 targets: {parallel:.2?} with all cores ({}), {serial:.2?} on one thread",
        stderr(&first).lines().last().unwrap_or("")
    );
    assert!(parallel.as_secs() < 60, "300 targets took {parallel:?}");
}

#[test]
fn require_bfd_limit_turns_dx605_into_an_error() {
    let repo = Repo::new("bfd");
    let no_bfd = read(CLEAN).replace(" neighbor 169.254.100.1 fall-over bfd\n", "");
    assert_ne!(no_bfd, read(CLEAN));
    repo.write("r.cfg", &no_bfd).copy("vif.json", VIF);
    let severity = |o: &Output| {
        let doc = json_of(o);
        let f = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "DX605")
            .cloned();
        f.map(|f| f["severity"].as_str().unwrap().to_string())
    };
    repo.write(
        ".dxlint.yaml",
        "targets:\n  - config: r.cfg\n    vif-json: vif.json\n",
    );
    let o = repo.run(&["--format", "json"]);
    assert_eq!(
        (o.status.code(), severity(&o).as_deref()),
        (Some(0), Some("info"))
    );
    repo.write(
        ".dxlint.yaml",
        "targets:\n  - config: r.cfg\n    vif-json: vif.json\nlimits:\n  require-bfd: true\n",
    );
    let o = repo.run(&["--format", "json"]);
    assert_eq!(
        (o.status.code(), severity(&o).as_deref()),
        (Some(1), Some("error"))
    );
}

#[test]
fn aws_side_findings_point_at_the_config_that_serves_the_peering() {
    // DX803 is about the VIF's state, not a line: code scanning still needs a location.
    let o = dxlint(&[
        CLEAN,
        "--vif-json",
        "testdata/aws/vif-private-down.json",
        "--format",
        "sarif",
    ]);
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let r = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "DX803")
        .cloned()
        .unwrap_or_else(|| panic!("{doc}"));
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], CLEAN);
    assert_eq!(loc["region"]["startLine"], 1);
    assert_eq!(r["level"], "warning");
    let gh = stdout(&dxlint(&[
        CLEAN,
        "--vif-json",
        "testdata/aws/vif-private-down.json",
        "--format",
        "github",
    ]));
    assert!(
        gh.starts_with(&format!("::warning file={CLEAN},line=1,col=1,")),
        "{gh}"
    );
}

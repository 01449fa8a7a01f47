//! A malicious pull request, through the binary: a repository whose `.dxlint.yaml`, configs,
//! AWS JSON and file names try every attack class of docs/hardening.md. For every case and
//! every output format with `-v`: nothing outside the repository is read (a canary file
//! beside it never appears), no canary secret (environment, configs, JSON) appears, no
//! output line starts a workflow command or carries a terminal escape, and the run ends in
//! bounded time and memory with exit 0, 1 or 2.

#![cfg(unix)]

mod common;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const OUTSIDE_CANARY: &str = "CANARYoutside7f3a";
const ENV_CANARY: &str = "CANARYenv9b2c";
/// Secrets written into the inputs; none may be printed.
const KEY_CANARIES: &[&str] = &[
    "CanaryGlued01",
    "CanaryNextLine02",
    "CanaryNbsp03",
    "CanaryComment04",
    "CanaryCisco05",
    "CanaryJsonNum",
    "98765432109",
    "CanaryEscKey07",
    "CanaryCdata08",
    "CanaryPsk09",
];
const FORMATS: &[&str] = &["human", "json", "sarif", "github", "junit"];

struct Repo {
    base: PathBuf,
    root: PathBuf,
}

impl Repo {
    fn new(name: &str) -> Repo {
        let base = std::env::temp_dir().join(format!("dxlint-mpr-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(base.join("outside/dir")).unwrap();
        std::fs::create_dir_all(base.join("repo")).unwrap();
        let canary = format!("{OUTSIDE_CANARY}\nneighbor 1.1.1.1 password {OUTSIDE_CANARY}\n");
        std::fs::write(base.join("outside/canary.txt"), &canary).unwrap();
        std::fs::write(base.join("outside/dir/leak.cfg"), &canary).unwrap();
        std::fs::write(
            base.join("outside/vif.json"),
            vif_json("dxvif-out", OUTSIDE_CANARY),
        )
        .unwrap();
        let root = base.join("repo");
        Repo { base, root }
    }

    fn file(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Self {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    fn link(&self, rel: &str, target: &Path) -> &Self {
        symlink(target, self.root.join(rel)).unwrap();
        self
    }

    /// Run in the repository (the `.dxlint.yaml` found from the current directory) with an
    /// address-space limit, in every format with -v; check every output.
    fn check_all(&self, case: &str) {
        for format in FORMATS {
            self.check(case, &["-v", "--format", format]);
        }
    }

    fn check(&self, case: &str, args: &[&str]) -> Output {
        let mut cmd = Command::new("sh");
        // 3 GB of address space: a run that reads /dev/zero or expands a bomb dies here.
        cmd.arg("-c")
            .arg("ulimit -v 3000000; exec \"$0\" \"$@\"")
            .arg(binary())
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .env("DXLINT_CANARY_TOKEN", ENV_CANARY)
            .env("AWS_EC2_METADATA_DISABLED", "true");
        let t = Instant::now();
        let o = run_bounded(&mut cmd, Duration::from_secs(60));
        let took = t.elapsed();
        let out = String::from_utf8_lossy(&o.stdout);
        let err = String::from_utf8_lossy(&o.stderr);
        let all = format!("{out}\n{err}");
        let code = o.status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "{case} {args:?}: exit {code:?}\n{}",
            tail(&all)
        );
        assert!(
            took < Duration::from_secs(60),
            "{case} {args:?}: took {took:?}"
        );
        for c in [OUTSIDE_CANARY, ENV_CANARY].iter().chain(KEY_CANARIES) {
            assert!(
                !all.contains(c),
                "{case} {args:?}: `{c}` printed\n{}",
                tail(&all)
            );
        }
        let github = args.contains(&"github");
        for (stream, text) in [("stdout", &*out), ("stderr", &*err)] {
            for line in text.lines() {
                let t = line.trim_start();
                if t.starts_with("::") {
                    // Only the reporter's own commands, at the line start, never forged ones.
                    let own = github
                        && stream == "stdout"
                        && ["::error ", "::warning ", "::notice "]
                            .iter()
                            .any(|c| line.starts_with(c))
                        && !line.split("::").nth(1).unwrap_or("").contains("FORGED");
                    assert!(
                        own,
                        "{case} {args:?}: {stream} line starts a workflow command: {line:?}"
                    );
                }
                assert!(
                    !line.contains(['\u{1b}', '\u{7}', '\r', '\u{9b}', '\u{202e}']),
                    "{case} {args:?}: {stream} has a control character: {line:?}"
                );
            }
        }
        o
    }
}

/// The binary under test; `DXLINT_MPR_BIN` points the test at another build (to show that it
/// fails on a binary without the hardening).
fn binary() -> String {
    std::env::var("DXLINT_MPR_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_dxlint").into())
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

/// Run with a deadline: a child still running then (blocked on a FIFO, reading /dev/zero)
/// is killed and the test fails.
fn run_bounded(cmd: &mut Command, limit: Duration) -> Output {
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dxlint");
    // Drain both pipes in threads so a large report cannot block the child.
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let ho = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut v).ok();
        v
    });
    let he = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut v).ok();
        v
    });
    let t = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if t.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?}: still running after {limit:?}, killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: ho.join().unwrap(),
        stderr: he.join().unwrap(),
    }
}

fn tail(s: &str) -> String {
    let n = s.len();
    s[s.floor_char_boundary(n.saturating_sub(3000))..].to_string()
}

fn vif_json(id: &str, key: &str) -> String {
    format!(
        r#"{{"virtualInterfaces": [{{"virtualInterfaceId": "{id}", "virtualInterfaceType": "private",
  "vlan": 101, "asn": 65010, "amazonSideAsn": 64512, "authKey": "{key}",
  "amazonAddress": "169.254.100.1/30", "customerAddress": "169.254.100.2/30", "addressFamily": "ipv4",
  "virtualInterfaceState": "available", "mtu": 1500}}]}}
"#
    )
}

/// A Junos configuration that writes its key in every way the old redactor missed, with a
/// description full of terminal escapes and a forged workflow command.
fn junos() -> String {
    "interfaces {\n    ge-0/0/1 {\n        description \"\u{1b}]8;;http://evil\u{7}click\u{1b}]8;;\u{7}\u{1b}]0;title\u{7}\u{1b}[2J\r::error::FORGED\u{202e}\";\n        unit 101 {\n            vlan-id 101;\n            family inet {\n                address 169.254.100.2/30;\n            }\n        }\n    }\n}\nprotocols {\n    bgp {\n        group aws {\n            type external;\n            peer-as 64512;authentication-key \"CanaryGlued01\";\n            neighbor 169.254.100.1 {\n                authentication-key\n                    \"CanaryNextLine02\";\n            }\n            neighbor 169.254.100.5 {\n                authentication-key\u{a0}\"CanaryNbsp03\";\n            }\n            neighbor 169.254.100.9 {\n                authentication-key /* note */ # more\n                    CanaryComment04;\n            }\n        }\n    }\n}\n".to_string()
}

fn cisco() -> String {
    "hostname edge\ninterface GigabitEthernet0/1.101\n description \u{1b}[31mred\u{1b}[0m\r::warning::FORGED\n encapsulation dot1Q 101\n ip address 169.254.100.2 255.255.255.252\n!\nrouter bgp 65010\n neighbor 169.254.100.1 remote-as 64512\n neighbor 169.254.100.1 password CanaryCisco05\n!\n".to_string()
}

fn yaml(r: &Repo, text: &str) {
    r.file(".dxlint.yaml", text);
}

#[test]
fn paths_never_leave_the_repository() {
    let r = Repo::new("paths");
    r.file("edge.conf", junos())
        .file("vif.json", vif_json("dxvif-ffab1234", "CanaryPsk09"))
        .link("environ.json", Path::new("/proc/self/environ"))
        .link("zero.json", Path::new("/dev/zero"))
        .link("creds.json", &r.base.join("outside/canary.txt"))
        .link("ldir", &r.base.join("outside/dir"))
        .link("outside.cfg", &r.base.join("outside/dir/leak.cfg"));
    let cases = [
        "targets: [{config: edge.conf, vif-json: /proc/self/environ}]",
        "targets: [{config: edge.conf, vif-json: environ.json}]",
        "targets: [{config: edge.conf, vif-json: zero.json}]",
        "targets: [{config: edge.conf, vif-json: creds.json}]",
        "targets: [{config: edge.conf, vif-json: ../outside/vif.json}]",
        "targets: [{config: \"/etc/**/passwd\", vif-json: vif.json}]",
        "targets: [{config: \"../outside/**/*.cfg\", vif-json: vif.json}]",
        "targets: [{config: \"ldir/*.cfg\", vif-json: vif.json}]",
        "targets: [{config: outside.cfg, vif-json: vif.json}]",
        "targets: [{config: \"**/*.cfg\", vif-json: vif.json}]",
        "targets: [{config: edge.conf, vif-json: vif.json}]",
    ];
    for (i, y) in cases.iter().enumerate() {
        yaml(&r, y);
        r.check_all(&format!("paths case {i}"));
    }
    // The refusals say why, with exit 2.
    yaml(&r, cases[0]);
    let o = r.check("absolute", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("absolute"));
    yaml(&r, cases[3]);
    let o = r.check("symlink out", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("outside"));
    // `.dxlint.yaml` itself a symlink out of the repository (its YAML error would quote it).
    for target in [
        Path::new("/proc/self/environ"),
        &r.base.join("outside/canary.txt"),
    ] {
        std::fs::remove_file(r.root.join(".dxlint.yaml")).unwrap();
        r.link(".dxlint.yaml", target);
        r.check_all("project file symlink");
    }
}

#[test]
fn secrets_and_injections_in_inputs() {
    let r = Repo::new("inject");
    let mut bad_utf8 = cisco().into_bytes();
    bad_utf8.extend_from_slice(b"\xff\xfe broken\n");
    r.file("routers/edge.conf", junos())
        .file("routers/edge\n::error::FORGED.cfg", &bad_utf8)
        .file("routers/\u{1b}]0;x\u{7}e.cfg", cisco())
        .file("vif.json", vif_json("dxvif-ffab1234", "CanaryPsk09"));
    yaml(
        &r,
        "targets:\n  - config: \"routers/*.conf\"\n    vif-json: vif.json\n  - config: \"routers/*.cfg\"\n    vendor: cisco-ios\n    vif-json: vif.json\n",
    );
    r.check_all("configs");
    // JSON: a forged id, a secret key spelt with escapes and of the wrong type, a number key,
    // a CDATA key in the gateway XML with an XML error elsewhere, and binary garbage.
    let cases: Vec<(&str, String)> = vec![
        ("id", vif_json("dxvif-a\n::error::FORGED", "CanaryPsk09")),
        ("id-esc", vif_json("dxvif-\u{1b}[2J", "CanaryPsk09")),
        (
            "esc-key",
            r#"[{"virtualInterfaceId": "dxvif-a", "vlan": 101, "auth\u004bey": ["CanaryEscKey07"]}]"#.into(),
        ),
        (
            "num-key",
            r#"[{"virtualInterfaceId": "dxvif-a", "vlan": 101, "authKey": 98765432109}]"#.into(),
        ),
        (
            "num-key2",
            r#"[{"virtualInterfaceId": "dxvif-a", "vlan": 101, "authKey": {"CanaryJsonNum": 1}}]"#.into(),
        ),
        ("binary", "\u{0}\u{1}CanaryPsk09\u{1b}[2J\n::error::FORGED".into()),
    ];
    for (name, text) in &cases {
        r.file("vif.json", text);
        yaml(
            &r,
            "targets: [{config: routers/edge.conf, vif-json: vif.json}]",
        );
        r.check_all(&format!("vif {name}"));
    }
    let vpn = r#"{"VpnConnections": [{"VpnConnectionId": "vpn-0abc", "CustomerGatewayConfiguration": "<vpn_connection><ipsec_tunnel><ike><pre_shared_key><![CDATA[CanaryCdata08]]></pre_shared_key></ike></ipsec_tunnel><broken></vpn_connection>"}]}"#;
    r.file("vpn.json", vpn);
    yaml(
        &r,
        "targets: [{config: routers/edge.conf, vpn-json: vpn.json}]",
    );
    r.check_all("vpn cdata");
    // The same through the command line, outside project mode.
    for format in FORMATS {
        r.check(
            "cli",
            &[
                "-v",
                "--format",
                format,
                "routers/edge.conf",
                "--vpn-json",
                "vpn.json",
            ],
        );
    }
}

#[test]
fn work_is_bounded() {
    let r = Repo::new("bounded");
    r.file("edge.conf", junos());
    // A glob of many `**`, a YAML alias flood, many targets, a VIF with 100,000 peers.
    let stars = format!(
        "targets: [{{config: \"{}x\", vif: dxvif-a}}]",
        "**/".repeat(48)
    );
    for d in 0..20 {
        r.file(&format!("{}f", "d/".repeat(d)), "x");
    }
    yaml(&r, &stars);
    r.check_all("stars");
    let mut aliases = String::from("rules:\n  DX603: &a off\nlist:\n");
    for _ in 0..100_000 {
        aliases.push_str("  - *a\n");
    }
    yaml(&r, &aliases);
    r.check_all("aliases");
    let mut peers = String::from(
        r#"{"virtualInterfaces": [{"virtualInterfaceId": "dxvif-a", "vlan": 101, "asn": 65010, "amazonSideAsn": 64512, "bgpPeers": ["#,
    );
    for i in 0..100_000 {
        if i > 0 {
            peers.push(',');
        }
        peers.push_str(r#"{"asn": 65010, "addressFamily": "ipv4", "amazonAddress": "169.254.100.1/30", "customerAddress": "169.254.100.2/30"}"#);
    }
    peers.push_str("]}]}");
    r.file("peers.json", peers);
    yaml(&r, "targets: [{config: edge.conf, vif-json: peers.json}]");
    r.check_all("peers");
    // A FIFO named on the command line is refused, not waited on.
    let fifo = r.root.join("fifo.cfg");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let o = r.check("fifo", &["fifo.cfg", "--vif-json", "peers.json"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A closed or full stdout/stderr ends the run with exit 2, not a panic (101).
#[test]
fn closed_or_full_output_exits_2() {
    let cfg = common::root().join("testdata/junos/clean.conf");
    let vif = common::root().join("testdata/aws/vif-private.json");
    for (out, err) in [("/dev/full", "/dev/null"), ("/dev/null", "/dev/full")] {
        let o = Command::new(binary())
            .arg(&cfg)
            .args(["-v", "--vif-json"])
            .arg(&vif)
            .stdout(std::fs::File::create(out).unwrap())
            .stderr(std::fs::File::create(err).unwrap())
            .status()
            .unwrap();
        assert_eq!(o.code(), Some(2), "stdout {out}, stderr {err}");
    }
}

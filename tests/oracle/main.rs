//! The real-BGP oracle: for each scenario, dxlint predicts the session state from the VIF JSON
//! and the customer's FRR config, then FRR bgpd (customer) and BIRD 2 or GoBGP (AWS side) run
//! that very config in network namespaces, and the observed state must equal the prediction.
//!
//! Needs root (namespaces, veth, tc, TCP-MD5) and the daemons; otherwise it says why it skipped
//! and passes. Ends with `oracle: N scenarios, M agree with dxlint's prediction` and rewrites
//! docs/oracle.md. `DXLINT_ORACLE_ONLY=id,id` runs a subset (docs/oracle.md is then left
//! alone); `DXLINT_ORACLE_KEEP=1` keeps the work directory with every config and log;
//! `DXLINT_ORACLE_REQUIRED=1` turns a skip into a failure.

mod aws_side;
mod capture;
mod daemon;
mod filter;
mod net;
mod observe;
mod report;
mod scenario;

use daemon::{bgpd_path, which};
use std::time::Instant;

/// Prefix of every namespace this suite creates: `dxo<pid>-<n>{c,a,m}`.
const NS_BASE: &str = "dxo";

fn main() {
    if let Some(reason) = missing_prerequisite() {
        skip(&reason);
        return;
    }
    let only: Option<Vec<String>> = std::env::var("DXLINT_ORACLE_ONLY")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    let mut all = scenario::all();
    all.extend(filter::scenarios());
    let mut ids: Vec<&str> = all.iter().map(|s| s.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "scenario ids must be unique");
    let scenarios: Vec<_> = all
        .into_iter()
        .filter(|s| only.as_ref().is_none_or(|o| o.iter().any(|x| x == s.id)))
        .collect();
    let work = std::env::temp_dir().join(format!("dxlint-oracle-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&work) {
        panic!("{}: {e}", work.display());
    }
    net::remove_stale(NS_BASE);
    let prefix = format!("{NS_BASE}{}-", std::process::id());
    let tagging = net::Tagging::detect(&work, &prefix).unwrap_or_else(|e| panic!("{e}"));
    if matches!(tagging, net::Tagging::Bpf { .. }) && which("clang").is_none() {
        let _ = std::fs::remove_dir_all(&work);
        skip("no 8021q in this kernel, and clang (clang, libbpf-dev) is missing to build the VLAN tagger");
        return;
    }
    println!(
        "oracle: {} scenarios in parallel; VLAN tagging: {}",
        scenarios.len(),
        tagging.describe()
    );
    let started = Instant::now();
    let outcomes: Vec<observe::Outcome> = std::thread::scope(|sc| {
        let handles: Vec<_> = scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (tagging, work, prefix) = (&tagging, &work, &prefix);
                sc.spawn(move || observe::run(s, i, prefix, tagging, work))
            })
            .collect();
        handles
            .into_iter()
            .zip(&scenarios)
            .map(|(h, s)| {
                h.join().unwrap_or_else(|_| observe::Outcome {
                    scenario: s.clone(),
                    prediction: observe::Prediction {
                        state: dxlint::rules::SessionState::Unknown,
                        notification: None,
                        decided_by: None,
                        rules: Vec::new(),
                    },
                    observation: Err("the scenario thread panicked".into()),
                })
            })
            .collect()
    });
    let wall = started.elapsed().as_secs_f64();
    for o in &outcomes {
        println!("{}", report::line(o));
    }
    let n = outcomes.len();
    let m = outcomes.iter().filter(|o| o.agrees()).count();
    if only.is_none() {
        let doc = report::markdown(&outcomes, &tagging, &versions());
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/oracle.md");
        if let Err(e) = std::fs::write(&path, doc) {
            eprintln!("oracle: cannot write {}: {e}", path.display());
        }
    }
    let keep = std::env::var_os("DXLINT_ORACLE_KEEP").is_some() || m != n;
    if keep {
        println!("oracle: configs and logs kept in {}", work.display());
    } else {
        let _ = std::fs::remove_dir_all(&work);
    }
    println!("oracle: wall time {wall:.1} s");
    println!("oracle: {n} scenarios, {m} agree with dxlint's prediction");
    if m != n {
        std::process::exit(1);
    }
}

/// Say why the suite did not run; with `DXLINT_ORACLE_REQUIRED` set (CI as root) that fails.
fn skip(reason: &str) {
    // This target runs last (`zz_oracle`): these are the final lines of `cargo test`.
    println!("oracle: skipped, the real-BGP check did not run: {reason}");
    println!("oracle: every other test ran; `cargo test --test zz_oracle` as root with FRR, BIRD 2 and GoBGP runs it (docs/oracle.md)");
    if std::env::var_os("DXLINT_ORACLE_REQUIRED").is_some() {
        eprintln!("oracle: DXLINT_ORACLE_REQUIRED is set, so a skip is a failure");
        std::process::exit(1);
    }
}

/// Why the suite cannot run here, if it cannot.
fn missing_prerequisite() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return Some("needs Linux network namespaces".into());
    }
    let uid = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|v| v.split_whitespace().nth(1).map(str::to_string))
        });
    if uid.as_deref() != Some("0") {
        return Some("needs root (network namespaces, veth, tc, TCP-MD5)".into());
    }
    if bgpd_path().is_none() {
        return Some("FRR's bgpd not found (apt-get install frr, or set FRR_BGPD)".into());
    }
    let tools = [
        ("vtysh", "frr"),
        ("bird", "bird2"),
        ("birdc", "bird2"),
        ("gobgpd", "gobgpd"),
        ("gobgp", "gobgpd"),
        ("ip", "iproute2"),
        ("tc", "iproute2"),
        ("nstat", "iproute2"),
        ("ping", "iputils-ping"),
        ("nft", "nftables"),
    ];
    let missing: Vec<String> = tools
        .iter()
        .filter(|(t, _)| which(t).is_none())
        .map(|(t, p)| format!("{t} ({p})"))
        .collect();
    if !missing.is_empty() {
        return Some(format!("missing {}", missing.join(", ")));
    }
    None
}

/// Daemon versions for the report.
fn versions() -> Vec<String> {
    let first_line = |args: &[&str]| {
        net::run(args)
            .ok()
            .and_then(|o| {
                o.lines()
                    .find(|l| !l.trim().is_empty())
                    .map(|l| l.trim().to_string())
            })
            .unwrap_or_else(|| "unknown".into())
    };
    let bgpd = bgpd_path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    vec![
        first_line(&[&bgpd, "--version"]),
        first_line(&["bird", "--version"]),
        first_line(&["gobgpd", "--version"]),
    ]
}

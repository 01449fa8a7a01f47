//! Throughput benchmark: parse+lint speed per dialect, linearity, peak RSS, a 1,000-file
//! repository, one small config end to end, and the peer baseline (ciscoconfparse2) on the
//! same IOS file, whole process against whole process.
//!
//!     cargo bench --no-default-features --bench throughput [-- OPTIONS]
//!
//! Options: `--sessions N` (default 20000: about 18 MB of IOS), `--peer PATH` (the peer
//! script; default `$DXLINT_PEER`, else `../shared/bench/peer_ciscoconfparse2.py` next to
//! the crate), `--no-peer`, `--keep DIR` (write the generated files there and keep them),
//! `--generate DIR` (only write the one-router files of every form and their VIF JSON).

mod synth;

use dxlint::aws::vif_json;
use dxlint::lint::{lint, LintOptions};
use dxlint::report::json;
use dxlint::source::SourceFile;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use synth::{sessions_for_lines, Form, Router};

const MB: f64 = 1_000_000.0;

struct Options {
    sessions: usize,
    peer: Option<PathBuf>,
    dir: PathBuf,
    keep: bool,
    generate_only: bool,
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--measure-child") {
        args.next();
        measure_child(args);
        return;
    }
    let opts = parse_args();
    std::fs::create_dir_all(&opts.dir).expect("create the bench directory");
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_dxlint"));
    println!("dxlint throughput benchmark");
    println!("machine: {}", machine());
    println!("dxlint:  {}", exe.display());
    println!();

    let n = opts.sessions;
    let router = Router::new("edge1", n, 0);
    // Sessions the VIF JSON names: first, middle and last, so pairing searches the whole file.
    let vif_text = router.vif_json(&[0, n / 2, n.saturating_sub(1)]);
    let vif_path = opts.dir.join("vifs.json");
    std::fs::write(&vif_path, &vif_text).expect("write VIF JSON");
    if opts.generate_only {
        for form in Form::ALL {
            let path = opts.dir.join(form.file_name());
            std::fs::write(&path, router.config(form)).expect("write config");
            println!("wrote {}", path.display());
        }
        println!("wrote {}", vif_path.display());
        return;
    }

    println!("One router, {n} dot1Q sub-interfaces + eBGP neighbors (MD5, timers, BFD, prefix list, export policy), linted against 3 VIFs.");
    println!("in-process: parse + lint + JSON report on one core, best of 3; linear: time(10x) / time(1x), 1x = {} sessions.", n / 10);
    println!("process: the dxlint release binary, wall time and peak RSS (ru_maxrss).");
    println!();
    println!(
        "{:<17} {:>9} {:>10} {:>9} {:>8} {:>11} {:>9} {:>10} {:>11}",
        "dialect",
        "size MB",
        "in-proc ms",
        "MB/s",
        "linear",
        "process ms",
        "MB/s",
        "RSS MB",
        "RSS budget"
    );
    let mut ios_file = None;
    let mut ios_process = Duration::ZERO;
    for form in Form::ALL {
        let text = router.config(form);
        let small = Router::new("edge1", n / 10, 0).config(form);
        let path = opts.dir.join(form.file_name());
        std::fs::write(&path, &text).expect("write config");
        let t_big = in_process(&text, &vif_text);
        let t_small = in_process(&small, &vif_text);
        let run = best_process(&exe, &[path.as_path()], &vif_path, 3);
        let size = text.len() as f64 / MB;
        let budget = 2.0 * size + 20.0;
        println!(
            "{:<17} {:>9.1} {:>10.1} {:>9.0} {:>8.2} {:>11.1} {:>9.0} {:>10.1} {:>11.1}",
            form.name(),
            size,
            ms(t_big),
            size / t_big.as_secs_f64(),
            t_big.as_secs_f64() / t_small.as_secs_f64(),
            ms(run.wall),
            size / run.wall.as_secs_f64(),
            run.rss_kb as f64 * 1024.0 / MB,
            budget
        );
        if form == Form::Ios {
            ios_file = Some(path);
            ios_process = run.wall;
        }
    }
    println!();

    repository(&opts, &exe);
    small_config(&opts, &exe);
    if let Some(ios) = ios_file {
        peer(&opts, &ios, ios_process);
    }
    if !opts.keep {
        let _ = std::fs::remove_dir_all(&opts.dir);
    }
}

fn parse_args() -> Options {
    let mut args = std::env::args().skip(1);
    let mut sessions = 20_000;
    let mut peer = std::env::var_os("DXLINT_PEER")
        .map(PathBuf::from)
        .or_else(|| {
            let p = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/bench/peer_ciscoconfparse2.py");
            p.exists().then_some(p)
        });
    let mut dir = std::env::temp_dir().join(format!("dxlint-bench-{}", std::process::id()));
    let mut keep = false;
    let mut generate_only = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sessions" => {
                sessions = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&v| v >= 10)
                    .expect("--sessions N (at least 10)")
            }
            "--peer" => peer = Some(PathBuf::from(args.next().expect("--peer PATH"))),
            "--no-peer" => peer = None,
            "--keep" => {
                dir = PathBuf::from(args.next().expect("--keep DIR"));
                keep = true;
            }
            "--generate" => {
                dir = PathBuf::from(args.next().expect("--generate DIR"));
                keep = true;
                generate_only = true;
            }
            // cargo bench passes --bench to every harness = false target.
            "--bench" => {}
            other => panic!("unknown option {other}; see benches/throughput/main.rs"),
        }
    }
    Options {
        sessions,
        peer,
        dir,
        keep,
        generate_only,
    }
}

/// Parse + lint + JSON report in this process, best of 3.
fn in_process(config: &str, vif: &str) -> Duration {
    let json_src = SourceFile::new("vifs.json", vif);
    let peerings = vif_json::load(&json_src).expect("generated VIF JSON loads");
    let opts = LintOptions::default();
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let src = SourceFile::new("router.cfg", config);
            let result = lint(vec![src], &peerings, &opts).expect("generated config lints");
            let out = json::render(&result);
            assert!(out.contains("\"peerings\""));
            assert!(
                result.models[0].neighbor_count() > 0,
                "the generated config must yield neighbors"
            );
            t.elapsed()
        })
        .min()
        .expect("three runs")
}

struct ProcessRun {
    wall: Duration,
    rss_kb: i64,
}

/// Run the dxlint binary; wall time and its peak RSS. Measured from a fresh copy of this
/// bench (`--measure-child`): a child spawned with vfork from this large process would
/// inherit our memory high-water mark into its `ru_maxrss`.
fn process(exe: &Path, configs: &[&Path], vif: &Path) -> ProcessRun {
    let me = std::env::current_exe().expect("own path");
    let out = Command::new(me)
        .arg("--measure-child")
        .arg(exe)
        .args(configs)
        .arg("--vif-json")
        .arg(vif)
        .args(["--format", "json"])
        .stderr(Stdio::inherit())
        .output()
        .expect("run the measuring child");
    let text = String::from_utf8_lossy(&out.stdout);
    let v: Vec<i64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(v.len() == 3, "measuring child said {text:?}");
    // dxlint exits 0 (clean) or 1 (findings); 2 would mean it refused the input.
    assert!(v[2] == 0 || v[2] == 1, "dxlint exited {}", v[2]);
    ProcessRun {
        wall: Duration::from_nanos(v[0] as u64),
        rss_kb: v[1],
    }
}

/// `--measure-child EXE ARGS…`: run EXE, print "wall_ns peak_rss_kb exit_code".
fn measure_child(mut args: impl Iterator<Item = String>) {
    let exe = args.next().expect("--measure-child EXE");
    let t = Instant::now();
    // Reaped by wait4 below, which also gives the peak RSS (std's wait does not).
    #[allow(clippy::zombie_processes)]
    let child = Command::new(exe)
        .args(args)
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn dxlint");
    let (status, rss_kb) = wait_rusage(child.id());
    println!("{} {rss_kb} {status}", t.elapsed().as_nanos());
}

fn best_process(exe: &Path, configs: &[&Path], vif: &Path, runs: usize) -> ProcessRun {
    (0..runs)
        .map(|_| process(exe, configs, vif))
        .min_by_key(|r| r.wall)
        .expect("at least one run")
}

/// Wait for a child and read its exit code and peak RSS (kB) from wait4's rusage.
fn wait_rusage(pid: u32) -> (i32, i64) {
    let mut status = 0;
    // SAFETY: rusage is plain data, zeroed is a valid value; wait4 fills it for our child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(r, pid as libc::pid_t, "wait4 failed");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, usage.ru_maxrss)
}

/// 1,000 configs of about 100 lines, the five forms in turn, in one dxlint run.
fn repository(opts: &Options, exe: &Path) {
    let dir = opts.dir.join("repo");
    std::fs::create_dir_all(&dir).expect("create repo dir");
    let mut paths = Vec::new();
    let mut bytes = 0;
    let mut lines = 0;
    for i in 0..1000u32 {
        let form = Form::ALL[i as usize % Form::ALL.len()];
        let r = Router::new(&format!("edge{i}"), sessions_for_lines(form, 100), i);
        let text = r.config(form);
        bytes += text.len();
        lines += text.lines().count();
        let p = dir.join(format!("{i:04}-{}", form.file_name()));
        std::fs::write(&p, text).expect("write repo config");
        paths.push(p);
    }
    // The VIFs of three of the routers.
    let vifs: Vec<String> = [7u32, 500, 993]
        .iter()
        .map(|&i| {
            let form = Form::ALL[i as usize % Form::ALL.len()];
            Router::new(&format!("edge{i}"), sessions_for_lines(form, 100), i).vif_json(&[0])
        })
        .collect();
    let vif_path = dir.join("vifs.json");
    std::fs::write(&vif_path, merge_vifs(&vifs)).expect("write repo VIF JSON");
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let run = best_process(exe, &refs, &vif_path, 3);
    println!(
        "repository: 1,000 configs, {lines} lines, {:.1} MB, 5 forms, 3 VIFs: {:.1} ms wall, peak RSS {:.1} MB ({} cores)",
        bytes as f64 / MB,
        ms(run.wall),
        run.rss_kb as f64 * 1024.0 / MB,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
}

/// Several single-VIF documents as one `{"virtualInterfaces": [...]}`.
fn merge_vifs(docs: &[String]) -> String {
    let inner: Vec<&str> = docs
        .iter()
        .map(|d| {
            d.trim()
                .trim_start_matches("{\"virtualInterfaces\":[")
                .trim_end_matches("]}")
        })
        .collect();
    format!("{{\"virtualInterfaces\":[{}]}}\n", inner.join(","))
}

/// One 100-line IOS config, end to end (process start to exit), median of 21 runs.
fn small_config(opts: &Options, exe: &Path) {
    let r = Router::new("edge1", sessions_for_lines(Form::Ios, 100), 0);
    let text = r.config(Form::Ios);
    let p = opts.dir.join("small.cfg");
    let v = opts.dir.join("small-vif.json");
    std::fs::write(&p, &text).expect("write small config");
    std::fs::write(&v, r.vif_json(&[0])).expect("write small VIF JSON");
    let mut times: Vec<Duration> = (0..21).map(|_| process(exe, &[&p], &v).wall).collect();
    times.sort();
    println!(
        "one config: {} lines of IOS, end to end: median {:.2} ms, max {:.2} ms (21 runs)",
        text.lines().count(),
        ms(times[10]),
        ms(times[20])
    );
}

/// The peer baseline on the same IOS file: whole process against whole process.
fn peer(opts: &Options, ios: &Path, dxlint_wall: Duration) {
    let Some(script) = &opts.peer else {
        println!("peer: skipped (no peer script: pass --peer PATH or set DXLINT_PEER to peer_ciscoconfparse2.py)");
        return;
    };
    if !script.exists() {
        println!("peer: skipped ({} not found)", script.display());
        return;
    }
    let t = Instant::now();
    let out = Command::new("python3").arg(script).arg(ios).output();
    let wall = t.elapsed();
    match out {
        Ok(o) if o.status.success() => {
            let said = String::from_utf8_lossy(&o.stdout);
            println!(
                "peer: ciscoconfparse2 on the same {:.1} MB IOS file: {:.2} s wall ({}); dxlint {:.1} ms wall; ratio {:.0}x",
                std::fs::metadata(ios).map_or(0.0, |m| m.len() as f64 / MB),
                wall.as_secs_f64(),
                said.trim(),
                ms(dxlint_wall),
                wall.as_secs_f64() / dxlint_wall.as_secs_f64()
            );
        }
        Ok(o) => println!(
            "peer: skipped (the peer script failed: {}; `pip install ciscoconfparse2`?)",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("")
                .trim()
        ),
        Err(e) => println!("peer: skipped (python3: {e})"),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// CPU model and core count, for the record.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{cpu}, {cores} cores")
}

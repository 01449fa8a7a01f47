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
    println!("in-process: parse + lint + JSON report on one thread, best of {ROUNDS} by CPU time, the forms measured in turn round after round (a slow spell of the shared machine then spoils one sample of each, not every sample of one); MB/s per core = size / CPU time.");
    println!("linear: CPU time of this file / CPU time of the same router with a tenth of the sessions (target <= 12).");
    println!("process: the dxlint release binary end to end (best of {PROCESS_ROUNDS} by wall time, in turn like the above), peak RSS from wait4 (the highest of the runs); budget = 2 x size + 20 MB.");
    println!();
    println!(
        "{:<17} {:>7} {:>9} {:>9} {:>7} {:>7} {:>9} {:>9} {:>7} {:>7} {:>7}",
        "dialect",
        "size MB",
        "wall ms",
        "CPU ms",
        "MB/s",
        "linear",
        "proc wall",
        "proc CPU",
        "MB/s",
        "RSS MB",
        "budget"
    );
    let json_src = SourceFile::new("vifs.json", vif_text.as_str());
    let peerings = vif_json::load(&json_src).expect("generated VIF JSON loads");
    let mut rows: Vec<Row> = Form::ALL
        .iter()
        .map(|&form| {
            let text = router.config(form);
            let path = opts.dir.join(form.file_name());
            std::fs::write(&path, &text).expect("write config");
            Row {
                form,
                small: Router::new("edge1", n / 10, 0).config(form),
                text,
                path,
                big: None,
                tenth: None,
                run: None,
            }
        })
        .collect();
    for _ in 0..ROUNDS {
        for row in &mut rows {
            row.big = best(row.big, in_process(&row.text, &peerings));
            row.tenth = best(row.tenth, in_process(&row.small, &peerings));
        }
    }
    for _ in 0..PROCESS_ROUNDS {
        for row in &mut rows {
            let r = process(&exe, &[row.path.as_path()], &vif_path);
            row.run = Some(match row.run.take() {
                None => r,
                Some(b) => ProcessRun {
                    rss_kb: b.rss_kb.max(r.rss_kb),
                    ..if r.wall < b.wall { r } else { b }
                },
            });
        }
    }
    let mut ios = None;
    for row in rows {
        let (big, tenth) = (row.big.expect("rounds"), row.tenth.expect("rounds"));
        let run = row.run.expect("process rounds");
        let size = row.text.len() as f64 / MB;
        println!(
            "{:<17} {:>7.1} {:>9.1} {:>9.1} {:>7.0} {:>7.2} {:>9.1} {:>9.1} {:>7.0} {:>7.1} {:>7.1}",
            row.form.name(),
            size,
            ms(big.wall),
            ms(big.cpu),
            size / big.cpu.as_secs_f64(),
            big.cpu.as_secs_f64() / tenth.cpu.as_secs_f64(),
            ms(run.wall),
            ms(run.cpu),
            size / run.cpu.as_secs_f64(),
            run.rss_kb as f64 * 1024.0 / MB,
            2.0 * size + 20.0
        );
        if row.form == Form::Ios {
            ios = Some((row.path, run));
        }
    }
    println!();

    repository(&opts, &exe);
    small_config(&opts, &exe);
    if let Some((path, run)) = ios {
        peer(&opts, &path, &run);
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
            p.canonicalize().ok()
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

/// Wall and CPU time of one measurement.
#[derive(Clone, Copy)]
struct Timing {
    wall: Duration,
    cpu: Duration,
}

/// Rounds of in-process measurements: each form's best of this many.
const ROUNDS: usize = 9;
/// Rounds of whole-process runs.
const PROCESS_ROUNDS: usize = 3;

/// One form's configurations and its best measurements so far.
struct Row {
    form: Form,
    text: String,
    /// The same router with a tenth of the sessions (linearity).
    small: String,
    path: PathBuf,
    big: Option<Timing>,
    tenth: Option<Timing>,
    run: Option<ProcessRun>,
}

/// The faster of two timings by CPU time.
fn best(a: Option<Timing>, b: Timing) -> Option<Timing> {
    Some(match a {
        Some(a) if a.cpu <= b.cpu => a,
        _ => b,
    })
}

/// Parse + lint + JSON report in this process, on this thread, once.
fn in_process(config: &str, peerings: &[dxlint::model::Peering]) -> Timing {
    let opts = LintOptions::default();
    let c = thread_cpu();
    let t = Instant::now();
    let src = SourceFile::new("router.cfg", config);
    let result = lint(vec![src], peerings, &opts).expect("generated config lints");
    let out = json::render(&result);
    assert!(out.contains("\"peerings\""));
    assert!(
        result.models[0].neighbor_count() > 0,
        "the generated config must yield neighbors"
    );
    Timing {
        wall: t.elapsed(),
        cpu: thread_cpu().saturating_sub(c),
    }
}

/// CPU time of this thread (user + system), to the nanosecond (getrusage counts in ticks).
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn cpu_of(u: &libc::rusage) -> Duration {
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

struct ProcessRun {
    wall: Duration,
    cpu: Duration,
    rss_kb: i64,
}

/// Run the dxlint binary; wall time and its peak RSS. Measured from a fresh copy of this
/// bench (`--measure-child`): a child spawned with vfork from this large process would
/// inherit our memory high-water mark into its `ru_maxrss`.
fn process(exe: &Path, configs: &[&Path], vif: &Path) -> ProcessRun {
    let mut args: Vec<&std::ffi::OsStr> = configs.iter().map(|p| p.as_os_str()).collect();
    args.extend([
        "--vif-json".as_ref(),
        vif.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    measured(exe.as_os_str(), &args)
}

/// Run any program through the measuring child.
fn measured(exe: &std::ffi::OsStr, args: &[&std::ffi::OsStr]) -> ProcessRun {
    let me = std::env::current_exe().expect("own path");
    let out = Command::new(me)
        .arg("--measure-child")
        .arg(exe)
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .expect("run the measuring child");
    let text = String::from_utf8_lossy(&out.stdout);
    let v: Vec<i64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(v.len() == 4, "measuring child said {text:?}");
    // dxlint exits 0 (clean) or 1 (findings); 2 would mean it refused the input.
    assert!(
        v[3] == 0 || v[3] == 1,
        "{} exited {}",
        exe.to_string_lossy(),
        v[3]
    );
    ProcessRun {
        wall: Duration::from_nanos(v[0] as u64),
        cpu: Duration::from_nanos(v[1] as u64),
        rss_kb: v[2],
    }
}

/// `--measure-child EXE ARGS…`: run EXE, print "wall_ns cpu_ns peak_rss_kb exit_code".
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
    let (status, usage) = wait_rusage(child.id());
    println!(
        "{} {} {} {status}",
        t.elapsed().as_nanos(),
        cpu_of(&usage).as_nanos(),
        usage.ru_maxrss
    );
}

fn best_process(exe: &Path, configs: &[&Path], vif: &Path, runs: usize) -> ProcessRun {
    (0..runs)
        .map(|_| process(exe, configs, vif))
        .min_by_key(|r| r.wall)
        .expect("at least one run")
}

/// Wait for a child and read its exit code and resource use (peak RSS in kB, CPU time).
fn wait_rusage(pid: u32) -> (i32, libc::rusage) {
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
    (code, usage)
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
        "repository: 1,000 configs, {lines} lines, {:.1} MB, {} forms, 3 VIFs, one dxlint run: {:.1} ms wall, {:.1} ms CPU, peak RSS {:.1} MB ({} cores)",
        bytes as f64 / MB,
        Form::ALL.len(),
        ms(run.wall),
        ms(run.cpu),
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
fn peer(opts: &Options, ios: &Path, dxlint: &ProcessRun) {
    let Some(script) = &opts.peer else {
        println!("peer: skipped (no peer script: pass --peer PATH or set DXLINT_PEER to peer_ciscoconfparse2.py)");
        return;
    };
    if !script.exists() {
        println!("peer: skipped ({} not found)", script.display());
        return;
    }
    // Check first that the peer runs at all (python3 present, ciscoconfparse2 installed).
    let probe = Command::new("python3")
        .args(["-c", "import ciscoconfparse2"])
        .output();
    match probe {
        Ok(o) if o.status.success() => {}
        Ok(_) => {
            println!("peer: skipped (python3 cannot import ciscoconfparse2: `pip install ciscoconfparse2`)");
            return;
        }
        Err(e) => {
            println!("peer: skipped (python3: {e})");
            return;
        }
    }
    let run = measured("python3".as_ref(), &[script.as_os_str(), ios.as_os_str()]);
    println!(
        "peer: ciscoconfparse2 ({}) on the same {:.1} MB IOS file, whole process: {:.2} s wall, {:.2} s CPU, peak RSS {:.0} MB",
        script.display(),
        std::fs::metadata(ios).map_or(0.0, |m| m.len() as f64 / MB),
        run.wall.as_secs_f64(),
        run.cpu.as_secs_f64(),
        run.rss_kb as f64 * 1024.0 / MB
    );
    println!(
        "peer ratio (peer / dxlint, whole process): {:.0}x wall, {:.0}x CPU",
        run.wall.as_secs_f64() / dxlint.wall.as_secs_f64(),
        run.cpu.as_secs_f64() / dxlint.cpu.as_secs_f64()
    );
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

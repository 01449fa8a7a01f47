//! Repository mode (`dxlint` with no CONFIG: every target of `.dxlint.yaml`, in parallel)
//! and what both modes share after linting: baseline, output format, exit code.

use crate::cli::{FailOn, Format, LintArgs};
use crate::inputs::{load_aws_side, print_out, print_stats, read_config, AwsFlags};
use dxlint::error::InputError;
use dxlint::lint::{LintOptions, LintResult};
use dxlint::project::{self, ProjectConfig, Target};
use dxlint::report::{github, human, json, junit, sarif};
use dxlint::rules::Severity;
use dxlint::{baseline, parallel};
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// `--config FILE`, else the nearest `.dxlint.yaml` from the current directory up.
pub fn project_config(args: &LintArgs) -> Result<Option<ProjectConfig>, InputError> {
    let path = match &args.config {
        Some(p) => {
            if !p.is_file() {
                return Err(InputError::Read {
                    file: p.display().to_string(),
                    reason: "no such file (--config)".into(),
                });
            }
            p.clone()
        }
        None => {
            let cwd = std::env::current_dir().map_err(|e| InputError::Read {
                file: ".".into(),
                reason: e.to_string(),
            })?;
            match project::find(&cwd) {
                Some(p) => relative_to(&p, &cwd),
                None => return Ok(None),
            }
        }
    };
    project::load(&path).map(Some)
}

/// `./.dxlint.yaml` rather than an absolute path when it is in or below the current directory,
/// so the file names in reports stay relative (SARIF and annotations need that).
fn relative_to(p: &std::path::Path, cwd: &std::path::Path) -> std::path::PathBuf {
    p.strip_prefix(cwd)
        .map(|r| r.to_path_buf())
        .unwrap_or_else(|_| p.to_path_buf())
}

/// Lint every target on all cores. Output order is target order, then file order.
pub fn lint_targets(
    project: &ProjectConfig,
    args: &LintArgs,
    opts: &LintOptions,
) -> Result<LintResult, InputError> {
    if !(args.vif_json.is_empty()
        && args.vpn_json.is_empty()
        && args.vif.is_empty()
        && args.vpn.is_empty()
        && args.terraform.is_empty())
    {
        return Err(InputError::Usage {
            message: "--vif-json/--vpn-json/--vif/--vpn/--terraform go with CONFIG arguments; without them dxlint runs the targets of .dxlint.yaml, which name their own AWS side".into(),
        });
    }
    let targets = &project.targets;
    if targets.is_empty() {
        return Err(InputError::Usage {
            message: format!(
                "{} has no targets: add `targets: [{{config: FILE, vif-json: FILE}}]`, or pass CONFIG and --vif-json",
                project.path.display()
            ),
        });
    }
    let started = Instant::now();
    let bar = Progress::new(targets.len(), started);
    let results = parallel::run(
        targets.len(),
        parallel::threads(),
        |i| lint_target(&targets[i], args, opts),
        |done, total| bar.update(done, total),
    );
    bar.finish();
    let mut ok = Vec::with_capacity(results.len());
    for (r, t) in results.into_iter().zip(targets) {
        match r {
            Ok(r) => ok.push(r),
            Err(e) => {
                crate::inputs::print_errln(&format!(
                    "error: in target at {}:{}",
                    project.path.display(),
                    t.line
                ));
                return Err(e);
            }
        }
    }
    let elapsed = started.elapsed();
    let merged = parallel::merge(ok);
    if args.verbose {
        print_stats(&merged);
        crate::inputs::print_errln(&format!(
            "{} targets, {} files in {elapsed:.2?} on {} threads",
            targets.len(),
            merged.sources.len(),
            parallel::threads()
        ));
    }
    Ok(merged)
}

fn lint_target(t: &Target, args: &LintArgs, opts: &LintOptions) -> Result<LintResult, InputError> {
    let mut sources = Vec::with_capacity(t.configs.len());
    for (path, name) in &t.configs {
        let mut src = read_config(path)?;
        src.name = dxlint::report::escape::text(name).into_owned();
        sources.push(src);
    }
    let aws = load_aws_side(
        &AwsFlags {
            vif_json: &t.aws.vif_json,
            vpn_json: &t.aws.vpn_json,
            vif: &t.aws.vif,
            vpn: &t.aws.vpn,
            terraform: &t.aws.terraform,
            resources: &t.aws.resource,
        },
        &args.live(),
    )?;
    let mut opts = opts.clone();
    if t.vendor.is_some() {
        opts.vendor = t.vendor;
    }
    dxlint::select::lint_selected(sources, &aws, &opts)
}

/// A one-line `\r` progress bar on stderr, only for a terminal and a run that is long
/// (many targets, or still going after a second).
struct Progress {
    on: bool,
    many: bool,
    started: Instant,
}

impl Progress {
    fn new(total: usize, started: Instant) -> Self {
        Progress {
            on: std::io::stderr().is_terminal(),
            many: total >= 50,
            started,
        }
    }
    fn update(&self, done: usize, total: usize) {
        if !self.on || !(self.many || self.started.elapsed() > Duration::from_secs(1)) {
            return;
        }
        let width = 30;
        let filled = done * width / total.max(1);
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r[{}{}] {done}/{total} targets",
            "#".repeat(filled),
            " ".repeat(width - filled)
        );
        let _ = err.flush();
    }
    fn finish(&self) {
        if self.on && (self.many || self.started.elapsed() > Duration::from_secs(1)) {
            // Our own `\r` (not input): written raw; a failed write only loses the bar.
            let _ = write!(std::io::stderr(), "\r{}\r", " ".repeat(60));
        }
    }
}

/// Baseline, output, exit code: the same for both modes.
pub fn report(mut result: LintResult, args: &LintArgs) -> Result<u8, InputError> {
    if let Some(path) = &args.write_baseline {
        // Never through a symlink, never into a FIFO or device.
        dxlint::fsio::write_file(path, &baseline::render(&result), false).map_err(|e| {
            InputError::Read {
                file: path.display().to_string(),
                reason: format!("cannot write the baseline: {e}"),
            }
        })?;
        crate::inputs::print_errln(&format!(
            "dxlint: wrote {} finding{} to {}",
            result.findings.len(),
            if result.findings.len() == 1 { "" } else { "s" },
            path.display()
        ));
    }
    if let Some(path) = &args.baseline {
        let b = baseline::load(path)?;
        let hidden = baseline::apply(&mut result, &b);
        if hidden > 0 && args.format == Format::Human {
            crate::inputs::print_errln(&format!(
                "dxlint: {hidden} finding(s) hidden by the baseline {}",
                path.display()
            ));
        }
    }
    let color =
        !args.no_color && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let text = match args.format {
        Format::Human => human::render(
            &result,
            &human::HumanOptions {
                color,
                width: human::terminal_width(),
            },
        ),
        Format::Json => json::render(&result),
        Format::Sarif => sarif::render(
            &result,
            &sarif::SarifOptions {
                docs_url: std::env::var("DXLINT_DOCS_URL")
                    .ok()
                    .filter(|u| !u.is_empty()),
            },
        ),
        Format::Github => github::render(&result),
        Format::Junit => junit::render(&result),
    };
    // Workflow commands are lines dxlint builds (data escaped by the reporter), and a
    // coloured report carries our own escape sequences: both written as they are.
    if args.format == Format::Github || (args.format == Format::Human && color) {
        crate::inputs::print_out_raw(&text);
    } else {
        print_out(&text);
    }
    if args.write_baseline.is_some() {
        return Ok(0);
    }
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let code = u8::from(result.findings.iter().any(|f| f.severity >= threshold));
    // The process ends here: leave the memory to the OS instead of freeing a large router's
    // model piece by piece (about 5 % of the run on a 20 MB configuration).
    std::mem::forget(result);
    Ok(code)
}

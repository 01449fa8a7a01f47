//! What the binary does with parsed arguments.

use crate::cli::{Cli, Command, ExportArgs, LintArgs};
use crate::targets;
use dxlint::aws::{vif_json, vpn_json};
use dxlint::error::InputError;
use dxlint::lint::{lint, LintOptions, LintResult};
use dxlint::model::{Peering, Vendor};
use dxlint::rules::meta;
use dxlint::source::SourceFile;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Refuse inputs larger than this: a router config is kilobytes to a few tens of MB.
const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

pub fn run(cli: Cli) -> Result<u8, Box<dyn miette::Diagnostic + Send + Sync>> {
    match cli.command {
        Some(Command::Rules) => {
            print_out(&list_rules());
            Ok(0)
        }
        Some(Command::Explain { rule }) => match explain(&rule) {
            Some(text) => {
                print_out(&text);
                Ok(0)
            }
            None => Err(Box::new(InputError::Usage {
                message: format!("no rule `{rule}`; `dxlint rules` lists them"),
            })),
        },
        Some(Command::Export(args)) => export_command(args).map_err(|e| Box::new(e) as _),
        Some(Command::Diagnose(args)) => {
            crate::diagnose_cmd::run(args).map_err(|e| Box::new(e) as _)
        }
        None => lint_command(cli.lint).map_err(|e| Box::new(e) as _),
    }
}

#[cfg(not(feature = "aws"))]
const NO_AWS: &str = "this build of dxlint has no live AWS support (built without the `aws` feature): export the JSON with the AWS CLI (`aws directconnect describe-virtual-interfaces --virtual-interface-id ID > vif.json`, `aws ec2 describe-vpn-connections --vpn-connection-ids ID > vpn.json`) and pass --vif-json / --vpn-json";

/// Peerings of the VIFs and VPN tunnels named with --vif / --vpn (or a target's `vif:` /
/// `vpn:`), fetched live.
#[cfg(feature = "aws")]
fn live_peerings(
    vif: &[String],
    vpn: &[String],
    args: &LintArgs,
) -> Result<Vec<dxlint::model::Peering>, InputError> {
    use dxlint::aws::fetch;
    if vif.is_empty() && vpn.is_empty() {
        return Ok(Vec::new());
    }
    let opts = fetch::AwsOptions {
        profile: args.profile.clone(),
        region: args.region.clone(),
        endpoint_url: args.endpoint_url.clone(),
        timeout: std::time::Duration::from_secs(args.timeout),
    };
    let fetched = fetch::fetch(&opts, vif, vpn)?;
    let mut peerings = fetched.vif_peerings()?;
    peerings.extend(fetched.vpn_peerings()?);
    Ok(peerings)
}

#[cfg(not(feature = "aws"))]
fn live_peerings(
    vif: &[String],
    vpn: &[String],
    _args: &LintArgs,
) -> Result<Vec<dxlint::model::Peering>, InputError> {
    if vif.is_empty() && vpn.is_empty() {
        Ok(Vec::new())
    } else {
        Err(InputError::Usage {
            message: format!("--vif/--vpn (or a target's vif:/vpn:): {NO_AWS}"),
        })
    }
}

/// `dxlint export`: fetch live, write the JSON the offline flags read.
#[cfg(feature = "aws")]
fn export_command(args: ExportArgs) -> Result<u8, InputError> {
    use dxlint::aws::fetch::{self, convert::Secrets, export};
    let opts = fetch::AwsOptions {
        profile: args.profile.clone(),
        region: args.region.clone(),
        endpoint_url: args.endpoint_url.clone(),
        timeout: std::time::Duration::from_secs(args.timeout),
    };
    let fetched = fetch::fetch(&opts, &args.vif, &args.vpn)?;
    let secrets = if args.include_secrets {
        Secrets::Include
    } else {
        Secrets::Omit
    };
    let value = if args.vif.is_empty() {
        export::vpns_json(&fetched.vpns, secrets)
    } else {
        export::vifs_json(&fetched.vifs, secrets)
    };
    let text = export::render(&value);
    if args.include_secrets {
        eprintln!("warning: --include-secrets: this export contains BGP MD5 keys / VPN pre-shared keys in clear text; store it like a password");
    }
    match &args.output {
        Some(path) => export::write_file(path, &text, secrets)?,
        None => print_out(&text),
    }
    Ok(0)
}

#[cfg(not(feature = "aws"))]
fn export_command(_args: ExportArgs) -> Result<u8, InputError> {
    Err(InputError::Usage {
        message: format!("export: {NO_AWS}"),
    })
}

fn lint_command(args: LintArgs) -> Result<u8, InputError> {
    let project = targets::project_config(&args)?;
    let mut opts = LintOptions {
        vendor: args.vendor.as_deref().and_then(Vendor::parse),
        ..Default::default()
    };
    if let Some(p) = &project {
        opts.limits = p.limits.clone();
        opts.rule_levels = p.rule_levels.clone();
    }
    let result = if args.configs.is_empty() {
        match &project {
            Some(p) => targets::lint_targets(p, &args, &opts)?,
            None => {
                return Err(InputError::Usage {
                    message: "no router configuration given: dxlint <CONFIG>... --vif-json FILE, or a .dxlint.yaml with targets (see --help and docs/ci.md)".into(),
                })
            }
        }
    } else {
        lint_files(&args, &opts)?
    };
    targets::report(result, &args)
}

/// The classic mode: CONFIG arguments against the AWS side given by flags.
fn lint_files(args: &LintArgs, opts: &LintOptions) -> Result<LintResult, InputError> {
    if args.vif_json.is_empty()
        && args.vpn_json.is_empty()
        && args.vif.is_empty()
        && args.vpn.is_empty()
    {
        return Err(InputError::Usage {
            message: "nothing to compare against: give --vif-json FILE or --vif ID (see --help)"
                .into(),
        });
    }
    let mut sources = Vec::new();
    for path in &args.configs {
        sources.push(read_config(path)?);
    }
    let peerings = load_peerings(&args.vif_json, &args.vpn_json, &args.vif, &args.vpn, args)?;
    let result = lint(sources, &peerings, opts)?;
    if args.verbose {
        print_stats(&result);
    }
    Ok(result)
}

/// `--verbose`: what the parser read and skipped, per file.
pub(crate) fn print_stats(result: &LintResult) {
    for (s, m) in result.sources.iter().zip(&result.models) {
        eprintln!(
            "{}: read as {}, {} lines, {} statements, {} not understood, {} interfaces, {} BGP neighbors",
            s.name,
            m.vendor.map(|v| v.as_str()).unwrap_or("?"),
            m.stats.lines,
            m.stats.statements,
            m.stats.unknown,
            m.interfaces.len(),
            m.neighbor_count()
        );
    }
}

/// Read a router config (warning about lines that were not UTF-8, as for every input).
pub(crate) fn read_config(path: &Path) -> Result<SourceFile, InputError> {
    read_source(path)
}

/// One warning per line that was not UTF-8; a binary file gets ten and a count, not one
/// line of output per line of input.
fn warn_lossy(src: &SourceFile) {
    const SHOWN: usize = 10;
    for line in src.lossy_lines.iter().take(SHOWN) {
        eprintln!(
            "warning: {}:{line}: not valid UTF-8; invalid bytes replaced",
            src.name
        );
    }
    if src.lossy_lines.len() > SHOWN {
        eprintln!(
            "warning: {}: {} more lines not valid UTF-8",
            src.name,
            src.lossy_lines.len() - SHOWN
        );
    }
}

/// The AWS side, the same way for CLI flags and `.dxlint.yaml` targets: offline JSON first,
/// so a typo in a path fails before any network call.
pub(crate) fn load_peerings(
    vif_json: &[PathBuf],
    vpn_json: &[PathBuf],
    vif: &[String],
    vpn: &[String],
    args: &LintArgs,
) -> Result<Vec<Peering>, InputError> {
    let mut peerings = Vec::new();
    for path in vif_json {
        let src = read_source(path)?;
        peerings.extend(vif_json::load(&src)?);
    }
    for path in vpn_json {
        peerings.extend(vpn_json_peerings(path)?);
    }
    peerings.extend(live_peerings(vif, vpn, args)?);
    Ok(peerings)
}

/// `--vpn-json FILE` / a target's `vpn-json:`.
fn vpn_json_peerings(path: &Path) -> Result<Vec<Peering>, InputError> {
    vpn_json::load(&read_source(path)?)
}

fn read_source(path: &Path) -> Result<SourceFile, InputError> {
    let name = path.display().to_string();
    let read_err = |e: std::io::Error| InputError::Read {
        file: name.clone(),
        reason: e.to_string(),
    };
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(read_err)?;
        buf
    } else {
        let meta = std::fs::metadata(path).map_err(read_err)?;
        if meta.is_dir() {
            return Err(InputError::Read {
                file: name,
                reason: "is a directory".into(),
            });
        }
        if meta.len() > MAX_INPUT_BYTES {
            return Err(InputError::TooLarge {
                file: name,
                size: meta.len(),
                limit_mb: MAX_INPUT_BYTES / (1024 * 1024),
            });
        }
        std::fs::read(path).map_err(read_err)?
    };
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            file: name,
            size: bytes.len() as u64,
            limit_mb: MAX_INPUT_BYTES / (1024 * 1024),
        });
    }
    let src = SourceFile::from_vec(name, bytes);
    warn_lossy(&src);
    Ok(src)
}

/// Write to stdout; a closed pipe (`dxlint … | head`) is not an error.
pub(crate) fn print_out(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

fn list_rules() -> String {
    let mut s = String::new();
    for r in meta::all() {
        s.push_str(&format!(
            "{}  {:<32} {:<8} {}\n",
            r.id,
            r.name,
            r.severity.as_str(),
            r.stall_state
        ));
    }
    s
}

fn explain(rule: &str) -> Option<String> {
    let r = meta::all()
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(rule) || r.name == rule)?;
    let mut s = format!(
        "{} {} ({})\n\n{}\n\nWhy: {}\nStalls in: {}\n",
        r.id,
        r.name,
        r.severity.as_str(),
        r.summary.trim(),
        r.rationale.trim(),
        r.stall_state
    );
    if let Some(n) = &r.notification {
        s.push_str(&format!("NOTIFICATION: {n}\n"));
    }
    s.push_str(&format!(
        "What you see: {}\nFix: {}\n\nFailing example ({}):\n{}\nClean example:\n{}",
        r.observed.trim(),
        r.fix.trim(),
        r.example.vendor,
        indent(&r.example.failing),
        indent(&r.example.clean)
    ));
    Some(s)
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}

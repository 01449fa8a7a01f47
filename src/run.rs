//! What the binary does with parsed arguments.

use crate::cli::{Cli, Command, ExportArgs, FailOn, Format, LintArgs};
use dxlint::aws::vif_json;
use dxlint::error::InputError;
use dxlint::lint::{lint, LintOptions};
use dxlint::model::Vendor;
use dxlint::report::{human, json};
use dxlint::rules::{meta, Severity};
use dxlint::source::SourceFile;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;

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
        None => lint_command(cli.lint).map_err(|e| Box::new(e) as _),
    }
}

#[cfg(not(feature = "aws"))]
const NO_AWS: &str = "this build of dxlint has no live AWS support (built without the `aws` feature): export the JSON with the AWS CLI (`aws directconnect describe-virtual-interfaces --virtual-interface-id ID > vif.json`, `aws ec2 describe-vpn-connections --vpn-connection-ids ID > vpn.json`) and pass --vif-json / --vpn-json";

/// Peerings of the VIFs named with --vif, fetched live.
#[cfg(feature = "aws")]
fn live_peerings(args: &LintArgs) -> Result<Vec<dxlint::model::Peering>, InputError> {
    use dxlint::aws::fetch;
    if args.vif.is_empty() && args.vpn.is_empty() {
        return Ok(Vec::new());
    }
    if !args.vpn.is_empty() {
        return Err(InputError::Usage {
            message: "--vpn: linting against a live VPN connection is not implemented yet; `dxlint export --vpn ID` saves it as JSON".into(),
        });
    }
    let opts = fetch::AwsOptions {
        profile: args.profile.clone(),
        region: args.region.clone(),
        endpoint_url: args.endpoint_url.clone(),
        timeout: std::time::Duration::from_secs(args.timeout),
    };
    fetch::fetch(&opts, &args.vif, &args.vpn)?.vif_peerings()
}

#[cfg(not(feature = "aws"))]
fn live_peerings(args: &LintArgs) -> Result<Vec<dxlint::model::Peering>, InputError> {
    if args.vif.is_empty() && args.vpn.is_empty() {
        Ok(Vec::new())
    } else {
        Err(InputError::Usage {
            message: format!("--vif/--vpn: {NO_AWS}"),
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
    if args.configs.is_empty() {
        return Err(InputError::Usage {
            message:
                "no router configuration given: dxlint <CONFIG>... --vif-json FILE (see --help)"
                    .into(),
        });
    }
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
    let mut peerings = Vec::new();
    for path in &args.vif_json {
        let src = read_source(path)?;
        peerings.extend(vif_json::load(&src)?);
    }
    let mut sources = Vec::new();
    for path in &args.configs {
        let src = read_source(path)?;
        for line in &src.lossy_lines {
            eprintln!(
                "warning: {}:{line}: not valid UTF-8; invalid bytes replaced",
                src.name
            );
        }
        sources.push(src);
    }
    // Local input first, so a typo in a path fails before any network call.
    peerings.extend(live_peerings(&args)?);
    let opts = LintOptions {
        vendor: args.vendor.as_deref().and_then(Vendor::parse),
        ..Default::default()
    };
    let result = lint(sources, &peerings, &opts)?;
    if args.verbose {
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
    let text = match args.format {
        Format::Human => human::render(
            &result,
            &human::HumanOptions {
                color: !args.no_color
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none(),
                width: 100,
            },
        ),
        Format::Json => json::render(&result),
    };
    print_out(&text);
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
    Ok(SourceFile::from_bytes(name, &bytes))
}

/// Write to stdout; a closed pipe (`dxlint … | head`) is not an error.
fn print_out(s: &str) {
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

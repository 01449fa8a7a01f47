//! What the binary does with parsed arguments.

use crate::cli::{Cli, Command, ExportArgs, LintArgs};
#[cfg(not(feature = "aws"))]
use crate::inputs::NO_AWS;
use crate::inputs::{load_aws_side, print_errln, print_out, print_stats, read_config, AwsFlags};
use crate::targets;
use dxlint::error::InputError;
use dxlint::lint::{LintOptions, LintResult};
use dxlint::model::Vendor;
use dxlint::rules::meta;
use dxlint::select;

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
        Some(Command::Completions { shell }) => {
            print_out(&crate::generated::completions(shell));
            Ok(0)
        }
        Some(Command::Man) => {
            print_out(&crate::generated::man_page());
            Ok(0)
        }
        Some(Command::Diagnose(args)) => {
            crate::diagnose_cmd::run(args).map_err(|e| Box::new(e) as _)
        }
        None => lint_command(cli.lint).map_err(|e| Box::new(e) as _),
    }
}

/// `dxlint export`: fetch live, write the JSON the offline flags read.
#[cfg(feature = "aws")]
fn export_command(args: ExportArgs) -> Result<u8, InputError> {
    use dxlint::aws::fetch::{self, convert::Secrets, export};
    let fetched = fetch::fetch(&args.live().options(), &args.vif, &args.vpn)?;
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
        print_errln("warning: --include-secrets: this export contains BGP MD5 keys / VPN pre-shared keys in clear text; store it like a password");
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
        && args.terraform.is_empty()
    {
        return Err(InputError::Usage {
            message: "nothing to compare against: give --vif-json FILE, --terraform FILE or --vif ID (see --help)"
                .into(),
        });
    }
    let mut sources = Vec::new();
    for path in &args.configs {
        sources.push(read_config(path)?);
    }
    let aws = load_aws_side(
        &AwsFlags {
            vif_json: &args.vif_json,
            vpn_json: &args.vpn_json,
            vif: &args.vif,
            vpn: &args.vpn,
            terraform: &args.terraform,
            resources: &[],
        },
        &args.live(),
    )?;
    let result = select::lint_selected(sources, &aws, opts)?;
    if args.verbose {
        print_stats(&result);
    }
    // The dialect was a guess: say which and why (stderr, so reports stay clean).
    for (s, m) in result.sources.iter().zip(&result.models) {
        if let Some(note) = &m.stats.detection_note {
            print_errln(&format!("note: {}: {note}", s.name));
        }
    }
    Ok(result)
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

//! `dxlint diagnose`: load the AWS data and the config (linted for its prediction), read
//! each capture or `show` output, print the diagnosis, map it to an exit code.

use crate::cli::{DiagnoseArgs, DiagnoseFormat};
use crate::inputs::{load_aws_side, print_out, read_config, AwsFlags};
use dxlint::diagnose::{self, render, Context};
use dxlint::error::InputError;
use dxlint::lint::LintOptions;
use dxlint::model::Vendor;

pub fn run(args: DiagnoseArgs) -> Result<u8, InputError> {
    let live = args.live();
    let aws = load_aws_side(
        &AwsFlags {
            vif_json: &args.vif_json,
            vpn_json: &args.vpn_json,
            vif: &args.vif,
            vpn: &args.vpn,
            terraform: &args.terraform,
            resources: &[],
        },
        &live,
    )?;
    let peerings = &aws.peerings;
    let linted = match &args.config {
        Some(path) => {
            let src = read_config(path)?;
            let opts = LintOptions {
                vendor: args.vendor.as_deref().and_then(Vendor::parse),
                ..LintOptions::default()
            };
            // An account-wide export is narrowed to what this router carries, as in lint.
            Some(dxlint::select::lint_selected(vec![src], &aws, &opts)?)
        }
        None => None,
    };
    let ctx = Context {
        peerings,
        lint: linted.as_ref(),
    };
    let mut files = Vec::new();
    for path in &args.files {
        files.push(diagnose::diagnose_file(path, &ctx)?);
    }
    print_out(&match args.format {
        DiagnoseFormat::Json => render::json(&files),
        DiagnoseFormat::Human => render::human(&files),
    });
    let stuck = files
        .iter()
        .flat_map(|f| &f.sessions)
        .any(diagnose::is_stuck);
    Ok(u8::from(stuck))
}

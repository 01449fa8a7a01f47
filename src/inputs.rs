//! What the binary reads and writes around linting: configuration and AWS JSON files (size
//! limit, non-UTF-8 warnings), live AWS peerings, stdout. Shared by the classic mode (run.rs)
//! and repository mode (targets.rs), so neither imports the other.

use crate::cli::LintArgs;
use dxlint::aws::{vif_json, vpn_json};
use dxlint::error::InputError;
use dxlint::lint::LintResult;
use dxlint::model::Peering;
use dxlint::source::SourceFile;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Refuse inputs larger than this: a router config is kilobytes to a few tens of MB.
const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

#[cfg(not(feature = "aws"))]
pub(crate) const NO_AWS: &str = "this build of dxlint has no live AWS support (built without the `aws` feature): export the JSON with the AWS CLI (`aws directconnect describe-virtual-interfaces --virtual-interface-id ID > vif.json`, `aws ec2 describe-vpn-connections --vpn-connection-ids ID > vpn.json`) and pass --vif-json / --vpn-json";

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

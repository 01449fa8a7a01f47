//! What the binary reads and writes around linting: configuration and AWS JSON files (size
//! limit, non-UTF-8 warnings), live AWS peerings, stdout. Shared by the classic mode (run.rs)
//! and repository mode (targets.rs), so neither imports the other.

use dxlint::aws::{vif_json, vpn_json};
use dxlint::error::InputError;
use dxlint::lint::LintResult;
use dxlint::model::Peering;
use dxlint::select::AwsInputs;
use dxlint::source::SourceFile;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Refuse inputs larger than this: a router config is kilobytes to a few tens of MB.
const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

#[cfg(not(feature = "aws"))]
pub(crate) const NO_AWS: &str = "this build of dxlint has no live AWS support (built without the `aws` feature): export the JSON with the AWS CLI (`aws directconnect describe-virtual-interfaces --virtual-interface-id ID > vif.json`, `aws ec2 describe-vpn-connections --vpn-connection-ids ID > vpn.json`) and pass --vif-json / --vpn-json";

/// How to reach AWS live: the flags `dxlint`, `dxlint export` and `dxlint diagnose` take
/// (diagnose only a profile and a region; the rest at their defaults).
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
pub(crate) struct LiveAws<'a> {
    pub profile: Option<&'a str>,
    pub region: Option<&'a str>,
    pub endpoint_url: Option<&'a str>,
    /// Seconds before a live call gives up.
    pub timeout: u64,
}

#[cfg(feature = "aws")]
impl LiveAws<'_> {
    pub(crate) fn options(&self) -> dxlint::aws::fetch::AwsOptions {
        dxlint::aws::fetch::AwsOptions {
            profile: self.profile.map(str::to_string),
            region: self.region.map(str::to_string),
            endpoint_url: self.endpoint_url.map(str::to_string),
            timeout: std::time::Duration::from_secs(self.timeout),
        }
    }
}

/// Peerings of the VIFs and VPN tunnels named with --vif / --vpn (or a target's `vif:` /
/// `vpn:`), fetched live.
#[cfg(feature = "aws")]
fn live_peerings(
    vif: &[String],
    vpn: &[String],
    live: &LiveAws,
) -> Result<Vec<dxlint::model::Peering>, InputError> {
    use dxlint::aws::fetch;
    if vif.is_empty() && vpn.is_empty() {
        return Ok(Vec::new());
    }
    let fetched = fetch::fetch(&live.options(), vif, vpn)?;
    let mut peerings = fetched.vif_peerings()?;
    peerings.extend(fetched.vpn_peerings()?);
    Ok(peerings)
}

#[cfg(not(feature = "aws"))]
fn live_peerings(
    vif: &[String],
    vpn: &[String],
    _live: &LiveAws,
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
        print_errln(&format!(
            "{}: read as {}, {} lines, {} statements, {} not understood, {} interfaces, {} BGP neighbors",
            s.name,
            m.vendor.map(|v| v.as_str()).unwrap_or("?"),
            m.stats.lines,
            m.stats.statements,
            m.stats.unknown,
            m.interfaces.len(),
            m.neighbor_count()
        ));
        print_skipped(s, &m.stats);
        if m.stats.capture_lines > 0 {
            print_errln(&format!(
                "{}: {} capture lines skipped (prompts, pagers, `Building configuration...`)",
                s.name, m.stats.capture_lines
            ));
        }
    }
}

/// `--verbose`: where the statements dxlint did not read are, with their text masked as in
/// every report (a skipped line can hold an SNMP community or a user's password).
fn print_skipped(src: &SourceFile, stats: &dxlint::model::ParseStats) {
    const WIDE: usize = 120;
    let mut lines: Vec<usize> = stats
        .skipped
        .iter()
        .map(|sp| src.position(sp.start()).line)
        .collect();
    lines.sort_unstable();
    lines.dedup();
    for &line in &lines {
        let text = mask_more(&dxlint::report::redact::redact(
            src.line_text(line).trim_end(),
        ));
        let text = text.trim();
        let shown: String = text.chars().take(WIDE).collect();
        let more = if shown.len() < text.len() { "…" } else { "" };
        print_errln(&format!(
            "  {}:{line}: not understood: {shown}{more}",
            src.name
        ));
    }
    if stats.unknown > stats.skipped.len() {
        print_errln(&format!(
            "  {}: {} more not understood",
            src.name,
            stats.unknown - stats.skipped.len()
        ));
    }
}

/// Skipped lines are the ones dxlint has no model of, so they may hold secrets the report's
/// masking has no reason to know (an SNMP community in `rmon event 3 log trap public`), or
/// be the second line of a statement whose first line named the secret. Shown only as far
/// as their shape is known safe: the leading run of lowercase keywords (`ntp server`,
/// `set service snmp community`), ending at the first word of another shape (a number, an
/// address, a quoted or mixed-case word) or after a word that names a key, password,
/// secret or community; everything from there on is masked, and a line that does not
/// start with a keyword followed by more words is masked whole.
fn mask_more(line: &str) -> String {
    const SECRET_WORDS: &[&str] = &[
        "key",
        "secret",
        "pass",
        "community",
        "hash",
        "psk",
        "auth",
        "cred",
        "token",
    ];
    let words: Vec<&str> = line.split_ascii_whitespace().collect();
    let keyword = |w: &str| {
        let w = w.trim_end_matches([';', '{']);
        w.starts_with(|c: char| c.is_ascii_lowercase())
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    };
    let mask = |w: &str| "*".repeat(w.chars().count());
    let mut shown = 0;
    if words.len() >= 2 {
        for w in &words {
            if !keyword(w) {
                break;
            }
            shown += 1;
            let lower = w.to_ascii_lowercase();
            if SECRET_WORDS.iter().any(|k| lower.contains(k)) {
                break;
            }
        }
    }
    words
        .iter()
        .enumerate()
        .map(|(i, w)| if i < shown { w.to_string() } else { mask(w) })
        .collect::<Vec<_>>()
        .join(" ")
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
        print_errln(&format!(
            "warning: {}:{line}: not valid UTF-8; invalid bytes replaced",
            src.name
        ));
    }
    if src.lossy_lines.len() > SHOWN {
        print_errln(&format!(
            "warning: {}: {} more lines not valid UTF-8",
            src.name,
            src.lossy_lines.len() - SHOWN
        ));
    }
}

/// Where the AWS side of one run comes from: CLI flags or a `.dxlint.yaml` target.
pub(crate) struct AwsFlags<'a> {
    pub vif_json: &'a [PathBuf],
    pub vpn_json: &'a [PathBuf],
    pub vif: &'a [String],
    pub vpn: &'a [String],
    /// `--terraform` / a target's `terraform:`, and the addresses its `resource:` pins.
    pub terraform: &'a [PathBuf],
    pub resources: &'a [String],
}

/// The AWS side, the same way for CLI flags and `.dxlint.yaml` targets: offline JSON first,
/// so a typo in a path fails before any network call. `--vif ID` with `--vif-json` (and
/// `--vpn ID` with `--vpn-json`) picks from the files offline; without a pick, a file with
/// many VIFs/VPNs is account-wide (see `select`).
pub(crate) fn load_aws_side(flags: &AwsFlags, live: &LiveAws) -> Result<AwsInputs, InputError> {
    let mut side = AwsInputs::default();
    load_files(&mut side, flags.vif_json, flags.vif, vif_json::load)?;
    load_files(&mut side, flags.vpn_json, flags.vpn, vpn_json::load)?;
    for (name, tf) in dxlint::aws::terraform::load_all(flags.terraform, flags.resources)? {
        side.notes.extend(tf.notes);
        if flags.resources.is_empty() {
            side.add(&name, tf.peerings);
        } else {
            side.peerings.extend(tf.peerings);
        }
    }
    let live_vif: &[String] = if flags.vif_json.is_empty() {
        flags.vif
    } else {
        &[]
    };
    let live_vpn: &[String] = if flags.vpn_json.is_empty() {
        flags.vpn
    } else {
        &[]
    };
    side.peerings
        .extend(live_peerings(live_vif, live_vpn, live)?);
    Ok(side)
}

/// Load every file of one kind; with picks, keep only the picked resources of their union.
fn load_files(
    side: &mut AwsInputs,
    paths: &[PathBuf],
    picks: &[String],
    load: fn(&SourceFile) -> Result<Vec<Peering>, InputError>,
) -> Result<(), InputError> {
    let mut picked = Vec::new();
    for path in paths {
        let src = read_source(path)?;
        let peerings = load(&src)?;
        if picks.is_empty() {
            side.add(&src.name, peerings);
        } else {
            picked.extend(peerings);
        }
    }
    if !picks.is_empty() && !paths.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        side.peerings
            .extend(AwsInputs::pick(&names.join(", "), picked, picks)?);
    }
    Ok(())
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
        // Bounded by what is read, whatever the size claims; FIFOs and devices refused.
        use dxlint::fsio::{read_limited, ReadFail};
        match read_limited(path, MAX_INPUT_BYTES) {
            Ok(b) => b,
            Err(ReadFail::TooLarge(size)) => {
                return Err(InputError::TooLarge {
                    file: name,
                    size,
                    limit_mb: MAX_INPUT_BYTES / (1024 * 1024),
                })
            }
            Err(ReadFail::Io(e)) => return Err(read_err(e)),
            Err(e) => {
                return Err(InputError::Read {
                    file: name,
                    reason: e.to_string(),
                })
            }
        }
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

/// Write a report or listing to stdout, escaped for terminals and CI logs (see
/// [`dxlint::report::escape::terminal`]). A closed or full stdout ends the process with
/// exit 2, quietly: there is no one left to tell.
pub(crate) fn print_out(s: &str) {
    print_out_raw(&dxlint::report::escape::terminal(s));
}

/// As [`print_out`], for output dxlint builds line by line itself (workflow commands, a
/// coloured report): written as it is.
pub(crate) fn print_out_raw(s: &str) {
    let mut out = std::io::stdout().lock();
    if out
        .write_all(s.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        std::process::exit(2);
    }
}

/// Write to stderr, escaped like stdout; a closed or full stderr ends the process with
/// exit 2 (`eprintln!` would panic with exit 101).
pub(crate) fn print_err(s: &str) {
    let s = dxlint::report::escape::terminal(s);
    let mut err = std::io::stderr().lock();
    if err
        .write_all(s.as_bytes())
        .and_then(|_| err.flush())
        .is_err()
    {
        std::process::exit(2);
    }
}

/// [`print_err`] with a line end.
pub(crate) fn print_errln(s: &str) {
    print_err(&format!("{s}\n"));
}

//! `.dxlint.yaml`: the repository's targets (which configs go with which VIFs/VPNs), rule
//! levels and the organisation's limits. Every mistake in it is an error at its line (exit
//! 2): a lint run that silently skipped a misspelt key would pass the wrong things.

pub mod glob;

use crate::error::InputError;
use crate::model::Vendor;
use crate::rules::{meta, Limits, Severity};
use crate::source::SourceFile;
use miette::{NamedSource, SourceSpan};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const FILE_NAME: &str = ".dxlint.yaml";

/// The AWS side of a target: the same four sources as the CLI flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsSide {
    pub vif_json: Vec<PathBuf>,
    pub vpn_json: Vec<PathBuf>,
    pub vif: Vec<String>,
    pub vpn: Vec<String>,
    /// `terraform: FILE|DIR` (plan/state JSON or .tf directory) and the resource addresses
    /// `resource:` pins (empty: selection as for an account-wide export).
    pub terraform: Vec<PathBuf>,
    pub resource: Vec<String>,
}

impl AwsSide {
    pub fn is_empty(&self) -> bool {
        self.vif_json.is_empty()
            && self.vpn_json.is_empty()
            && self.vif.is_empty()
            && self.vpn.is_empty()
            && self.terraform.is_empty()
    }
}

/// One target with its globs expanded: the configs are linted together against the peerings.
#[derive(Debug, Clone)]
pub struct Target {
    /// 1-based line of the target in `.dxlint.yaml`, for messages.
    pub line: usize,
    /// (path to read, name to report: relative to the config file's directory, `/`-separated).
    pub configs: Vec<(PathBuf, String)>,
    pub vendor: Option<Vendor>,
    pub aws: AwsSide,
}

#[derive(Debug, Clone)]
pub struct ProjectConfig {
    pub path: PathBuf,
    pub targets: Vec<Target>,
    /// Per rule id: `None` turns the rule off.
    pub rule_levels: HashMap<String, Option<Severity>>,
    pub limits: Limits,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    targets: Vec<RawTarget>,
    #[serde(default)]
    rules: BTreeMap<String, Level>,
    #[serde(default)]
    limits: RawLimits,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawTarget {
    config: OneOrMany,
    #[serde(default)]
    vendor: Option<VendorName>,
    #[serde(default)]
    vif_json: Option<OneOrMany>,
    #[serde(default)]
    vpn_json: Option<OneOrMany>,
    #[serde(default)]
    vif: Option<OneOrMany>,
    #[serde(default)]
    vpn: Option<OneOrMany>,
    #[serde(default)]
    terraform: Option<OneOrMany>,
    #[serde(default)]
    resource: Option<OneOrMany>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLimits {
    #[serde(default)]
    max_hold_time: Option<u32>,
    #[serde(default)]
    require_bfd: Option<bool>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Level {
    Off,
    Error,
    Warning,
    Info,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum VendorName {
    CiscoIos,
    Frr,
    Junos,
    Vyos,
    #[serde(rename = "cisco-iosxr")]
    CiscoIosXr,
    CiscoNxos,
    AristaEos,
    CiscoAsa,
    Fortios,
    Panos,
}

/// `vif-json: a.json` or `vif-json: [a.json, b.json]`.
#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a string or a list of strings (config, vif-json, vpn-json, vif, vpn)"
)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// The nearest `.dxlint.yaml` in `start` or one of its parents.
pub fn find(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let p = d.join(FILE_NAME);
        if p.is_file() {
            return Some(p);
        }
        dir = d.parent();
    }
    None
}

const MAX_PROJECT_BYTES: u64 = 1024 * 1024;

/// Read and check a project configuration; globs are expanded relative to its directory.
pub fn load(path: &Path) -> Result<ProjectConfig, InputError> {
    let name = path.display().to_string();
    // A `.dxlint.yaml` that is a symlink must stay inside its own directory: a pull request
    // could otherwise point it at /proc/self/environ and get it quoted in a YAML error.
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let inside = match (path.canonicalize(), dir.canonicalize()) {
            (Ok(real), Ok(dir)) => real.starts_with(dir),
            _ => false,
        };
        if !inside {
            return Err(InputError::Read {
                file: name,
                reason: "is a symlink that resolves outside its directory".into(),
            });
        }
    }
    // Bounded by what is read (a /proc file claims 0 bytes), regular files only.
    let bytes = crate::fsio::read_limited(path, MAX_PROJECT_BYTES).map_err(|e| match e {
        crate::fsio::ReadFail::TooLarge(size) => InputError::TooLarge {
            file: name.clone(),
            size,
            limit_mb: MAX_PROJECT_BYTES / (1024 * 1024),
        },
        e => InputError::Read {
            file: name.clone(),
            reason: e.to_string(),
        },
    })?;
    let text = String::from_utf8(bytes).map_err(|_| InputError::Read {
        file: name.clone(),
        reason: "not valid UTF-8".into(),
    })?;
    parse(path, &SourceFile::new(name, text))
}

/// Parse the text of a configuration at `path` (used for its directory).
pub fn parse(path: &Path, src: &SourceFile) -> Result<ProjectConfig, InputError> {
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let base = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    // An empty file is an empty configuration (YAML reads it as null).
    let raw: Raw = if src.text.trim().is_empty() {
        Raw {
            targets: Vec::new(),
            rules: BTreeMap::new(),
            limits: RawLimits::default(),
        }
    } else {
        if let Some(at) = too_many_aliases(&src.text) {
            return Err(error_at(
                src,
                at,
                format!("more than {MAX_ALIASES} YAML aliases (`*name`)"),
                Some("a .dxlint.yaml needs few if any; the YAML parser's time grows faster than their number".into()),
            ));
        }
        if let Some(at) = too_deep(&src.text) {
            return Err(error_at(
                src,
                at,
                format!("brackets nested deeper than {MAX_FLOW_DEPTH} levels"),
                None,
            ));
        }
        serde_yaml_ng::from_str(&src.text).map_err(|e| yaml_error(src, &e))?
    };
    let mut rule_levels = HashMap::new();
    for (key, level) in raw.rules {
        let Some(rule) = meta::all()
            .iter()
            .find(|r| r.id.eq_ignore_ascii_case(&key) || r.name == key)
        else {
            return Err(at_key(
                src,
                &key,
                0,
                format!("unknown rule `{key}`"),
                Some("`dxlint rules` lists the rule ids and names".into()),
            ));
        };
        let level = match level {
            Level::Off => None,
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
        };
        rule_levels.insert(rule.id.clone(), level);
    }
    if let Some(h) = raw.limits.max_hold_time {
        if h < 3 {
            return Err(at_key(
                src,
                "max-hold-time",
                0,
                format!("max-hold-time {h} is below 3 seconds, the smallest hold time BGP allows"),
                None,
            ));
        }
    }
    let limits = Limits {
        max_hold_time: raw.limits.max_hold_time,
        require_bfd: raw.limits.require_bfd.unwrap_or(false),
    };
    if raw.targets.len() > MAX_TARGETS {
        return Err(at_key(
            src,
            "targets",
            0,
            format!(
                "{} targets: more than {MAX_TARGETS}, the most dxlint reads from one file",
                raw.targets.len()
            ),
            None,
        ));
    }
    // Each target's line, found in one pass (searching from the start for the n-th
    // `config:` per target was quadratic in the number of targets).
    let lines = key_lines(src, "config");
    let mut targets = Vec::new();
    for (i, t) in raw.targets.into_iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        targets.push(resolve_target(src, &base, i, line, t)?);
    }
    Ok(ProjectConfig {
        path: path.to_path_buf(),
        targets,
        rule_levels,
        limits,
    })
}

fn resolve_target(
    src: &SourceFile,
    base: &Path,
    i: usize,
    line: usize,
    t: RawTarget,
) -> Result<Target, InputError> {
    let mut configs = Vec::new();
    for pattern in t.config.into_vec() {
        if let Err(why) = crate::fsio::check_relative(&pattern) {
            return Err(at_key(
                src,
                "config",
                i,
                format!("target {}: `{pattern}` {why}", i + 1),
                None,
            ));
        }
        let found = if glob::is_glob(&pattern) {
            glob::expand(base, &pattern)
        } else {
            match confined_file(base, &pattern) {
                Ok(p) => vec![(p, normalise(&pattern))],
                Err(None) => Vec::new(),
                Err(Some(why)) => {
                    return Err(at_key(
                        src,
                        "config",
                        i,
                        format!("target {}: `{pattern}` {why}", i + 1),
                        None,
                    ))
                }
            }
        };
        if found.is_empty() {
            let what = if glob::is_glob(&pattern) {
                "matches no file"
            } else {
                "is not a file"
            };
            return Err(at_key(
                src,
                "config",
                i,
                format!("target {}: `{pattern}` {what}", i + 1),
                Some(format!(
                    "paths are relative to the directory of {}",
                    src.name
                )),
            ));
        }
        configs.extend(found);
    }
    let mut aws = AwsSide::default();
    for (key, list) in [
        ("vif-json", t.vif_json),
        ("vpn-json", t.vpn_json),
        ("terraform", t.terraform),
    ] {
        for f in list.map(OneOrMany::into_vec).unwrap_or_default() {
            // `terraform:` also takes a directory of .tf files.
            let p = match confined_path(base, &f, key == "terraform") {
                Ok(p) => p,
                Err(why) => {
                    let why = why.unwrap_or_else(|| "is not a file".into());
                    return Err(at_value(
                        src,
                        key,
                        &f,
                        format!("target {}: {key} `{f}` {why}", i + 1),
                        Some(format!(
                            "paths are relative to the directory of {}",
                            src.name
                        )),
                    ));
                }
            };
            if key == "vif-json" {
                aws.vif_json.push(p);
            } else if key == "terraform" {
                aws.terraform.push(p);
            } else {
                aws.vpn_json.push(p);
            }
        }
    }
    for (key, prefix, list) in [("vif", "dxvif-", t.vif), ("vpn", "vpn-", t.vpn)] {
        for id in list.map(OneOrMany::into_vec).unwrap_or_default() {
            let ok = id
                .strip_prefix(prefix)
                .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric()));
            if !ok {
                return Err(at_value(
                    src,
                    key,
                    &id,
                    format!("target {}: `{id}` is not a {key} id ({prefix}…)", i + 1),
                    None,
                ));
            }
            if key == "vif" {
                aws.vif.push(id);
            } else {
                aws.vpn.push(id);
            }
        }
    }
    aws.resource = t.resource.map(OneOrMany::into_vec).unwrap_or_default();
    if !aws.resource.is_empty() && aws.terraform.is_empty() {
        return Err(at_key(
            src,
            "config",
            i,
            format!("target {}: `resource:` pins Terraform resources, but the target has no `terraform:`", i + 1),
            None,
        ));
    }
    if aws.is_empty() {
        return Err(at_key(
            src,
            "config",
            i,
            format!("target {} has nothing to compare against", i + 1),
            Some("add vif-json: FILE, vpn-json: FILE, vif: dxvif-… or vpn: vpn-…".into()),
        ));
    }
    Ok(Target {
        line,
        configs,
        vendor: t.vendor.map(|v| match v {
            VendorName::CiscoIos => Vendor::CiscoIos,
            VendorName::Frr => Vendor::Frr,
            VendorName::Junos => Vendor::Junos,
            VendorName::Vyos => Vendor::Vyos,
            VendorName::CiscoIosXr => Vendor::CiscoIosXr,
            VendorName::CiscoNxos => Vendor::CiscoNxos,
            VendorName::AristaEos => Vendor::AristaEos,
            VendorName::CiscoAsa => Vendor::CiscoAsa,
            VendorName::Fortios => Vendor::Fortios,
            VendorName::Panos => Vendor::Panos,
        }),
        aws,
    })
}

/// A path named in `.dxlint.yaml`, checked to resolve (symlinks followed) to a regular file
/// inside `base`, the directory holding it. `Err(None)`: no such file; `Err(Some(why))`: the
/// path leaves the directory or is not a regular file. The returned path is `base` joined
/// with the name as written (names in reports stay relative).
fn confined_file(base: &Path, rel: &str) -> Result<PathBuf, Option<String>> {
    confined_path(base, rel, false)
}

/// As [`confined_file`]; with `dir_ok`, a directory inside `base` is accepted too (a
/// Terraform configuration).
fn confined_path(base: &Path, rel: &str, dir_ok: bool) -> Result<PathBuf, Option<String>> {
    crate::fsio::check_relative(rel).map_err(Some)?;
    let Ok(root) = base.canonicalize() else {
        return Err(None);
    };
    let joined = base.join(rel);
    if std::fs::symlink_metadata(&joined).is_err() {
        return Err(None);
    }
    let real = crate::fsio::confine(&root, rel).map_err(Some)?;
    if !(real.is_file() || dir_ok && real.is_dir()) {
        return Err(Some("is not a regular file".into()));
    }
    Ok(joined)
}

/// `./routers//a.cfg` → `routers/a.cfg`; an absolute path keeps its leading `/`.
fn normalise(p: &str) -> String {
    let joined = p
        .split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/");
    if p.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Targets in one `.dxlint.yaml`: far above any real repository, low enough that a run
/// over them stays bounded.
const MAX_TARGETS: usize = 10_000;

/// YAML aliases (`*name`) in one `.dxlint.yaml`: 100,000 aliases in 700 KB kept the YAML
/// parser busy for minutes.
const MAX_ALIASES: usize = 256;

/// Offset of the alias past [`MAX_ALIASES`]: a `*` that starts a token (after a blank,
/// `[`, `{`, `,`, `:` or `-`) and is followed by a name, outside comments. Over-counting a
/// quoted `*x` only lowers the cap for a file no one writes.
fn too_many_aliases(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut count = 0usize;
    let mut comment = false;
    for i in 0..b.len() {
        match b[i] {
            b'\n' => comment = false,
            _ if comment => {}
            b'#' if i == 0 || b[i - 1].is_ascii_whitespace() => comment = true,
            b'*' => {
                let starts = i == 0
                    || matches!(
                        b[i - 1],
                        b' ' | b'\t' | b'\n' | b'[' | b'{' | b',' | b':' | b'-'
                    );
                let named = b.get(i + 1).is_some_and(|n| {
                    !n.is_ascii_whitespace() && *n != b'*' && *n != b'/' && *n != b'.'
                });
                if starts && named {
                    count += 1;
                    if count > MAX_ALIASES {
                        return Some(i);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// No project configuration nests `[`/`{` this deep; the YAML parser spends about 10 µs per
/// level before its own recursion limit stops it, so 100,000 brackets would take seconds.
const MAX_FLOW_DEPTH: usize = 64;

/// Offset of the first bracket nested deeper than [`MAX_FLOW_DEPTH`], outside comments.
/// Quotes are not tracked: a quoted string with 64 unclosed brackets is refused, which no
/// real configuration has, and nothing can hide real nesting from this scan.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut comment = false;
    let mut prev = b'\n';
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match b {
            b'\n' => comment = false,
            _ if comment => {}
            b'#' if prev.is_ascii_whitespace() => comment = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = b;
    }
    None
}

/// A serde_yaml_ng error (syntax, unknown key, bad value) at the line it names.
fn yaml_error(src: &SourceFile, e: &serde_yaml_ng::Error) -> InputError {
    let offset = e.location().map(|l| l.index()).unwrap_or(0);
    let mut message = e.to_string();
    // The location is shown by the label and the file:line prefix; keep the message short.
    if let Some(i) = message.rfind(" at line ") {
        message.truncate(i);
    }
    // Name the structs as the user sees them.
    let message = message
        .replace("struct RawTarget", "a target (config: …, vif-json: …)")
        .replace("struct RawLimits", "limits (max-hold-time, require-bfd)")
        .replace("struct Raw", "a mapping with targets, rules, limits");
    let help = message.contains("unknown field").then(|| {
        "top-level keys: targets, rules, limits; a target: config, vendor, vif-json, vpn-json, vif, vpn, terraform, resource; limits: max-hold-time, require-bfd".to_string()
    });
    error_at(src, offset, message, help)
}

fn error_at(src: &SourceFile, offset: usize, message: String, help: Option<String>) -> InputError {
    let text: &str = &src.text;
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_len = text[offset..].find('\n').unwrap_or(text.len() - offset);
    InputError::Config {
        file: src.name.clone(),
        line: src.position(offset).line,
        message,
        src: Arc::new(NamedSource::new(src.name.clone(), text.to_string())),
        span: SourceSpan::new(offset.into(), line_len.max(1).min(text.len() - offset)),
        help,
    }
}

/// The line of every `key:` in the file, in order (for checks made after parsing).
fn key_lines(src: &SourceFile, key: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for (n, l) in src.text.split_inclusive('\n').enumerate() {
        if key_at_line_start(l, key).is_some() {
            out.push(n + 1);
        }
    }
    out
}

/// Where `key:` starts in a line (after indentation, a list dash, a quote), if it does.
fn key_at_line_start(l: &str, key: &str) -> Option<usize> {
    let t = l.trim_start();
    let t2 = t.strip_prefix("- ").map(str::trim_start).unwrap_or(t);
    let t3 = t2.trim_start_matches(['"', '\'']);
    (t3.starts_with(key)
        && t3[key.len()..]
            .trim_start_matches(['"', '\''])
            .starts_with(':'))
    .then(|| l.len() - t2.len())
}

fn key_offset(src: &SourceFile, key: &str, nth: usize) -> Option<usize> {
    let text: &str = &src.text;
    let mut off = 0;
    let mut seen = 0;
    for l in text.split_inclusive('\n') {
        if let Some(at) = key_at_line_start(l, key) {
            if seen == nth {
                return Some(off + at);
            }
            seen += 1;
        }
        off += l.len();
    }
    None
}

fn at_key(
    src: &SourceFile,
    key: &str,
    nth: usize,
    message: String,
    help: Option<String>,
) -> InputError {
    let offset = key_offset(src, key, nth).unwrap_or(0);
    error_at(src, offset, message, help)
}

/// At the first line with `key` whose rest contains `value` (list items included).
fn at_value(
    src: &SourceFile,
    key: &str,
    value: &str,
    message: String,
    help: Option<String>,
) -> InputError {
    let text: &str = &src.text;
    let offset = text
        .match_indices(value)
        .map(|(i, _)| i)
        .find(|&i| {
            let line_start = text[..i].rfind('\n').map_or(0, |p| p + 1);
            let before = &text[line_start..i];
            before.contains(key) || before.trim_start().starts_with('-')
        })
        .or_else(|| key_offset(src, key, 0))
        .unwrap_or(0);
    error_at(src, offset, message, help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<ProjectConfig, InputError> {
        parse(
            Path::new("/nonexistent/.dxlint.yaml"),
            &SourceFile::new(".dxlint.yaml", text),
        )
    }

    fn line_of(e: InputError) -> (usize, String) {
        match e {
            InputError::Config { line, message, .. } => (line, message),
            other => panic!("not a config error: {other}"),
        }
    }

    #[test]
    fn rules_and_limits() {
        let c = parse_text("rules:\n  DX603: off\n  hold-time-zero: warning\nlimits:\n  max-hold-time: 90\n  require-bfd: true\n").unwrap();
        assert_eq!(c.rule_levels.get("DX603"), Some(&None));
        assert_eq!(c.rule_levels.get("DX601"), Some(&Some(Severity::Warning)));
        assert_eq!(c.limits.max_hold_time, Some(90));
        assert!(c.limits.require_bfd);
        assert!(c.targets.is_empty());
        assert!(parse_text("").unwrap().rule_levels.is_empty());
    }

    #[test]
    fn errors_point_at_their_line() {
        let (line, msg) = line_of(
            parse_text("rules:\n  DX603: off\nlimit:\n  max-hold-time: 90\n")
                .err()
                .unwrap(),
        );
        assert_eq!(line, 3, "{msg}");
        assert!(msg.contains("unknown field `limit`"), "{msg}");
        let (line, msg) = line_of(
            parse_text("rules:\n  DX603: off\n  DX604: loud\n")
                .err()
                .unwrap(),
        );
        assert_eq!(line, 3, "{msg}");
        assert!(msg.contains("loud"), "{msg}");
        let (line, msg) = line_of(
            parse_text("rules:\n  DX603: off\n  DX999: off\n")
                .err()
                .unwrap(),
        );
        assert_eq!(line, 3, "{msg}");
        assert!(msg.contains("DX999"), "{msg}");
        let (line, msg) = line_of(
            parse_text("limits:\n  require-bfd: true\n  max-hold-time: 2\n")
                .err()
                .unwrap(),
        );
        assert_eq!(line, 3, "{msg}");
        let (line, msg) = line_of(parse_text("targets:\n  - config: a.cfg\n    vif-json: v.json\n  - config: missing/*.cfg\n    vif-json: v.json\n").err().unwrap());
        assert_eq!(line, 2, "{msg}");
        assert!(msg.contains("target 1"), "{msg}");
        let (line, msg) = line_of(
            parse_text("targets:\n  - config: a.cfg\n    vendor: cisco\n")
                .err()
                .unwrap(),
        );
        assert_eq!(line, 3, "{msg}");
        let (line, msg) = line_of(parse_text("targets: [\n").err().unwrap());
        assert!(line >= 1, "{msg}");
    }

    /// Aliases and targets are capped (the YAML parser spent minutes on 100,000 aliases),
    /// and many targets are read in linear time.
    #[test]
    fn aliases_and_targets_are_bounded() {
        let mut y = String::from("rules:\n  DX603: &a off\nx:\n");
        for _ in 0..100_000 {
            y.push_str("  - *a\n");
        }
        let t = std::time::Instant::now();
        let (_, msg) = line_of(parse_text(&y).err().unwrap());
        assert!(msg.contains("aliases"), "{msg}");
        let mut y = String::from("targets:\n");
        for i in 0..20_000 {
            y.push_str(&format!("  - config: r{i}.cfg\n    vif: dxvif-a\n"));
        }
        let (_, msg) = line_of(parse_text(&y).err().unwrap());
        assert!(msg.contains("more than 10000"), "{msg}");
        assert!(t.elapsed() < std::time::Duration::from_secs(20));
        // Glob patterns (`**/*.cfg`) are not aliases.
        assert!(too_many_aliases(&"  - config: routers/**/*.cfg\n".repeat(1000)).is_none());
    }
}

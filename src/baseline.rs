//! Finding fingerprints and baselines. A fingerprint names a finding by what it is about —
//! rule, file, the statement's text (redacted, whitespace-normalised) and the peering — not
//! by its line number, so it survives edits above it. SARIF's partialFingerprints and
//! `--baseline` use the same value. Only hashes of redacted text: no secret can leak through it.

use crate::error::InputError;
use crate::lint::LintResult;
use crate::report::redact::for_display;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;

/// One fingerprint per finding, in `r.findings` order. Identical findings (same rule, file,
/// statement text and peering) get `:2`, `:3`, … in order of appearance.
pub fn fingerprints(r: &LintResult) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    // The masked copy of each quoted source (keywords and the model's secret spans).
    let mut masked: HashMap<usize, String> = HashMap::new();
    r.findings
        .iter()
        .map(|f| {
            let file = r.file_name(f).unwrap_or("");
            let statement = match (f.source, f.span) {
                (Some(s), Some(sp)) => {
                    let src = &r.sources[s];
                    let copy = masked
                        .entry(s)
                        .or_insert_with(|| for_display(&src.text, r.models.get(s)));
                    let line = src.line_text(src.position(sp.start()).line);
                    // The same bytes in the masked copy (same length, same offsets).
                    let at = line.as_ptr() as usize - src.text.as_ptr() as usize;
                    let line = copy.get(at..at + line.len()).unwrap_or("");
                    normalise(line)
                }
                _ => String::new(),
            };
            let mut h = Fnv::default();
            for part in [f.rule, file, &statement, f.peering.as_deref().unwrap_or("")] {
                h.write(part.as_bytes());
                h.write(&[0]);
            }
            let base = format!("{}/{:016x}", f.rule, h.0);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base}:{n}")
            }
        })
        .collect()
}

/// Whitespace runs to one space, and a masked secret (a run of `*`) to one `*`: the
/// fingerprint depends on neither a key's content nor its length.
fn normalise(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut prev_star = false;
        for c in word.chars() {
            if !(c == '*' && prev_star) {
                out.push(c);
            }
            prev_star = c == '*';
        }
    }
    // Masked words separated by spaces inside a secret (`"a b"`) collapse too.
    while out.contains("* *") {
        out = out.replace("* *", "*");
    }
    out
}

/// FNV-1a, 64 bit: stable across Rust versions and platforms (std's hasher is not).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The baseline file: `{"version": 1, "findings": [{"fingerprint", "rule", "file"}]}`.
pub fn render(r: &LintResult) -> String {
    let fps = fingerprints(r);
    let findings: Vec<Value> = r
        .findings
        .iter()
        .zip(&fps)
        .map(|(f, fp)| json!({ "fingerprint": fp, "rule": f.rule, "file": r.file_name(f) }))
        .collect();
    let doc = json!({ "version": 1, "tool": "dxlint", "findings": findings });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// Fingerprints accepted by a baseline file.
pub struct Baseline(std::collections::HashSet<String>);

pub fn load(path: &Path) -> Result<Baseline, InputError> {
    let name = path.display().to_string();
    // Bounded (64 MB) and regular files only: the path may come from a pull request's CI.
    let bytes = crate::fsio::read_limited(path, 64 << 20).map_err(|e| InputError::Read {
        file: name.clone(),
        reason: e.to_string(),
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let bad = |why: &str| InputError::Usage {
        message: format!("{name}: not a dxlint baseline ({why}); write one with --write-baseline"),
    };
    let doc: Value = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
    if doc["version"] != 1 {
        return Err(bad("version is not 1"));
    }
    let list = doc["findings"]
        .as_array()
        .ok_or_else(|| bad("no findings list"))?;
    let mut set = std::collections::HashSet::new();
    for f in list {
        let fp = f["fingerprint"]
            .as_str()
            .ok_or_else(|| bad("a finding without fingerprint"))?;
        set.insert(fp.to_string());
    }
    Ok(Baseline(set))
}

/// Drop the findings the baseline already has; returns how many were hidden.
pub fn apply(r: &mut LintResult, b: &Baseline) -> usize {
    let fps = fingerprints(r);
    let before = r.findings.len();
    let mut keep = fps.iter().map(|fp| !b.0.contains(fp));
    r.findings.retain(|_| keep.next().unwrap_or(true));
    before - r.findings.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lint_str, testdata};

    #[test]
    fn fingerprints_ignore_line_numbers_and_hide_keys() {
        let cfg = testdata("cisco/edge1-faulty.cfg");
        let vif = testdata("aws/vif-private.json");
        let a = fingerprints(&lint_str(&cfg, None, &vif));
        let shifted = format!("!\n! a comment added above\n!\n{cfg}");
        let b = fingerprints(&lint_str(&shifted, None, &vif));
        assert!(!a.is_empty());
        assert_eq!(a, b);
        let mut unique = a.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), a.len(), "{a:?}");
        // Two different keys of the same length on the password line (DX403 fires there) give
        // the same fingerprints: only redacted text is hashed, so a fingerprint says nothing of a key.
        let with_key = |k: &str| cfg.replace("0xDxLintExampleKey01 ", k);
        let k1 = fingerprints(&lint_str(&with_key("AAAAAAAAAAAAAAAAAAAA"), None, &vif));
        let k2 = fingerprints(&lint_str(&with_key("BBBBBBBBBBBBBBBBBBBB"), None, &vif));
        assert!(k1.iter().any(|f| f.starts_with("DX403/")), "{k1:?}");
        assert_eq!(k1, k2);
        // Nor its length, nor inner spaces.
        let k3 = fingerprints(&lint_str(&with_key("CC"), None, &vif));
        let k4 = fingerprints(&lint_str(
            &with_key("D D D D D D D D D D D D D D D D D D D D D D D D D"),
            None,
            &vif,
        ));
        assert!(k1.iter().all(|f| k3.contains(f)), "{k1:?} {k3:?}");
        // (a short key or inner spaces add a DX406 finding; the others keep their fingerprints)
        assert!(k1.iter().all(|f| k4.contains(f)), "{k1:?} {k4:?}");
    }
}

//! Guess the dialect of a configuration: every registered dialect scores the first lines for
//! markers only it writes ([`Dialect::detect_score`]), and the highest score wins.

use super::DIALECTS;
use crate::model::Vendor;

/// How many lines detection reads.
const LINES: usize = 5000;

/// The best-scoring dialect; `None` when nothing is recognisable. On a tie the dialect listed
/// later in [`DIALECTS`] wins.
pub fn detect(text: &str) -> Option<Vendor> {
    DIALECTS
        .iter()
        .map(|d| (d.detect_score(text), d.vendor()))
        .filter(|(s, _)| *s > 0)
        .max_by_key(|(s, _)| *s)
        .map(|(_, v)| v)
}

/// The lines detection reads, trimmed, blank ones skipped.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .take(LINES)
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// A `set` command's path, if the line is one.
pub fn set_path(line: &str) -> Option<&str> {
    line.strip_prefix("set ").map(str::trim_start)
}

/// Whether a line ends like a curly-brace statement (`{`, `;`, `}`).
pub fn is_curly(line: &str) -> bool {
    line.ends_with('{') || line.ends_with(';') || line.ends_with('}')
}

pub fn starts_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

/// Sum of `score(line)` over the lines detection reads.
pub fn score_lines(text: &str, score: impl Fn(&str) -> i64) -> i64 {
    lines(text).map(score).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_vendor() {
        assert_eq!(
            detect("!\nhostname r1\ninterface Gi0/0\n ip address 10.0.0.1 255.255.255.0\nrouter bgp 65000\n"),
            Some(Vendor::CiscoIos)
        );
        assert_eq!(
            detect("frr version 8.4\nrouter bgp 65000\n neighbor 1.1.1.1 remote-as 2\n"),
            Some(Vendor::Frr)
        );
        assert_eq!(
            detect("set interfaces ge-0/0/1 unit 0 family inet address 10.0.0.1/30\nset routing-options autonomous-system 65000\n"),
            Some(Vendor::Junos)
        );
        assert_eq!(
            detect("interfaces {\n    ge-0/0/1 {\n        vlan-tagging;\n    }\n}\n"),
            Some(Vendor::Junos)
        );
        assert_eq!(
            detect("set interfaces ethernet eth0 vif 101 address 169.254.0.2/30\nset protocols bgp system-as 65000\n"),
            Some(Vendor::Vyos)
        );
        assert_eq!(
            detect("interfaces {\n    ethernet eth0 {\n        vif 101 {\n        }\n    }\n}\n// vyos-config-version: \"bgp@5\"\n"),
            Some(Vendor::Vyos)
        );
        assert_eq!(detect("hello world\n"), None);
        assert_eq!(detect(""), None);
    }

    #[test]
    fn frr_markers_win_over_any_amount_of_ios() {
        let mut text = "!\ninterface eth0\n".repeat(2000);
        text.insert_str(0, "frr version 8.4\n");
        assert_eq!(detect(&text), Some(Vendor::Frr));
    }
}

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

pub use super::cisco_family::Detection;

/// [`detect`], with a note when unsure. The IOS-like dialects (IOS, IOS-XR, NX-OS, EOS)
/// share most keywords: the choice among them rests on the markers each platform's folder
/// lists, added up in [`super::cisco_family`], which also explains a close call.
pub fn detect_explained(text: &str) -> Option<Detection> {
    let vendor = detect(text)?;
    let note = match vendor {
        Vendor::CiscoIos | Vendor::CiscoIosXr | Vendor::CiscoNxos | Vendor::AristaEos => {
            super::cisco_family::Scores::of(text).choose().note
        }
        _ => None,
    };
    Some(Detection { vendor, note })
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

#[cfg(test)]
/// The IOS-like dialects told apart by the markers `cisco_family` adds up.
mod cisco_family_tests {
    use super::{detect, detect_explained};
    use crate::model::Vendor;

    #[test]
    fn each_platform_by_its_own_markers() {
        let xr = "!! IOS XR Configuration 7.5.2\nhostname r\ninterface GigabitEthernet0/0/0/1.101\n ipv4 address 10.0.0.1 255.255.255.252\n encapsulation dot1q 101\n!\nrouter bgp 65000\n neighbor 10.0.0.2\n  remote-as 64512\n!\n";
        let nx = "!Command: show running-config\nversion 9.3(8) Bios:version\nfeature bgp\ninterface Ethernet1/1.101\n  encapsulation dot1q 101\n  ip address 10.0.0.1/30\nrouter bgp 65000\n  neighbor 10.0.0.2\n    remote-as 64512\n";
        let eos = "! device: r1 (DCS-7280, EOS-4.31.2F)\nhostname r1\ninterface Ethernet1.101\n   encapsulation dot1q vlan 101\n   ip address 10.0.0.1/30\nrouter bgp 65000\n   neighbor 10.0.0.2 remote-as 64512\n";
        for (text, v) in [
            (xr, Vendor::CiscoIosXr),
            (nx, Vendor::CiscoNxos),
            (eos, Vendor::AristaEos),
        ] {
            let d = detect_explained(text).unwrap();
            assert_eq!(d.vendor, v);
            assert_eq!(d.note, None, "a banner is sure");
        }
    }

    #[test]
    fn without_a_banner_the_grammar_still_tells() {
        // No banner: XR's nested neighbor groups and RPL, NX-OS's templates, EOS's tags.
        let xr = "hostname r\nroute-policy PASS\n  pass\nend-policy\n!\nrouter bgp 65000\n neighbor 10.0.0.2\n  use neighbor-group AWS\n!\n";
        assert_eq!(detect(xr), Some(Vendor::CiscoIosXr));
        let nx = "hostname r\nrouter bgp 65000\n  template peer AWS\n    remote-as 64512\n  neighbor 10.0.0.2\n    inherit peer AWS\n";
        assert_eq!(detect(nx), Some(Vendor::CiscoNxos));
        let eos = "hostname r\ninterface Ethernet1.101\n   encapsulation dot1q vlan 101\nrouter bgp 65000\n   neighbor AWS peer group\n   neighbor 10.0.0.2 peer group AWS\n";
        assert_eq!(detect(eos), Some(Vendor::AristaEos));
    }

    #[test]
    fn ios_stays_ios_however_it_is_indented() {
        for indent in ["  ", "   "] {
            let ios = format!("hostname r\ninterface Tunnel1\n{indent}ip address 169.254.10.2 255.255.255.252\n{indent}tunnel mode ipsec ipv4\nrouter bgp 65000\n{indent}neighbor 169.254.10.1 remote-as 64512\n");
            let d = detect_explained(&ios).unwrap();
            assert_eq!(d.vendor, Vendor::CiscoIos, "{indent:?}");
            assert_eq!(d.note, None);
        }
        // IOS's `Ethernet0` is not EOS's `Ethernet1`.
        assert_eq!(
            detect("interface Ethernet0\n ip address 10.0.0.1 255.0.0.0\n"),
            Some(Vendor::CiscoIos)
        );
    }

    #[test]
    fn a_weak_or_even_call_is_ios_with_a_note() {
        // One XR-looking line and one EOS-looking name: neither is proven.
        let text = "hostname r\ninterface Vxlan1\n!\ninterface Gi0/0\n ipv4 address 10.0.0.1 255.255.255.0\n";
        let d = detect_explained(text).unwrap();
        assert_eq!(d.vendor, Vendor::CiscoIos);
        let note = d.note.unwrap();
        assert!(note.contains("pass --vendor"), "{note}");
        // Markers without a banner: chosen, and the note says why.
        let d = detect_explained("hostname r\nroute-policy X\n pass\n").unwrap();
        assert_eq!(d.vendor, Vendor::CiscoIosXr);
        assert!(d.note.unwrap().contains("RPL"));
    }
}

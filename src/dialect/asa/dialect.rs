//! Cisco ASA as a [`Dialect`]: detection, platform profile.

use super::{extract, render_fix};
use crate::dialect::detect::{score_lines, starts_any};
use crate::dialect::Dialect;
use crate::fix::Fix;
use crate::model::{PlatformProfile, PolicySemantics, RouterModel, Timers, Vendor};
use crate::source::SourceFile;

/// ASA defaults (Cisco ASA command reference): BGP keepalive 60 s / hold 180 s, `crypto
/// ikev1|ikev2 policy` lifetime 86400 s, `crypto ipsec security-association lifetime`
/// 28800 s; the IKE version follows from what the tunnel-group and profile configure (no
/// platform default); a VTI's MTU follows its egress interface; BGP keys up to 80
/// characters as on IOS. Keys are shown as `*****` or type 8, neither reversible.
pub static PROFILE: PlatformProfile = PlatformProfile {
    name: "cisco-asa",
    default_timers: Timers {
        keepalive: 60,
        hold: 180,
    },
    default_ike_lifetime: Some(86400),
    default_ipsec_lifetime: Some(28800),
    default_ike_version: None,
    md5_key_limit: 80,
    reversible_key_encodings: &[],
    mtu: crate::model::MtuSemantics::L3,
    ebgp_requires_policy: false,
    implicit_ipv4_unicast: false,
    accepts_any_local_address: false,
    vlan_tagging_switch: false,
    tunnel_name_prefixes: &["tunnel"],
    tunnel_default_mtu: &[],
    default_interface_mtu: Some(1500),
    policy: PolicySemantics::IOS,
};

/// Cisco ASA as a [`Dialect`].
pub struct Asa;

impl Dialect for Asa {
    fn vendor(&self) -> Vendor {
        Vendor::CiscoAsa
    }

    /// Decisive per ASA-only line (such a file is otherwise IOS-shaped, and IOS scores one
    /// point per line); `nameif` / `security-level` three points each, so a whole ASA
    /// running-config wins even without its header, and one stray `nameif` in an IOS file
    /// does not.
    fn detect_score(&self, text: &str) -> i64 {
        let weak = score_lines(text, |t| i64::from(starts_any(t, WEAK_MARKERS)) * 3);
        let strong = score_lines(text, |t| i64::from(starts_any(t, MARKERS)) * 100_000);
        strong + weak
    }

    fn extract(&self, source: &SourceFile) -> RouterModel {
        extract(source)
    }

    fn profile(&self) -> &'static PlatformProfile {
        &PROFILE
    }

    fn render_fix(&self, fix: &Fix, model: &RouterModel) -> String {
        render_fix(fix, model)
    }

    fn comment_markers(&self) -> &'static [&'static str] {
        &["!"]
    }
}

/// Line starts only ASA writes (IOS has no `tunnel-group`, `crypto ikev1`, …): decisive.
pub(crate) const MARKERS: &[&str] = &[
    "ASA Version",
    ": Saved",
    "tunnel-group ",
    "crypto ikev1 ",
    "crypto ikev2 enable",
    "crypto ipsec ikev1 ",
    "crypto ipsec ikev2 ",
    "sysopt connection",
    "same-security-traffic",
    "pager lines",
    "asdm image",
    "group-policy ",
];

/// Interface lines of ASA's grammar that IOS grammars (and Batfish's mixed test files)
/// sometimes carry too: they tip a file only when they outnumber its IOS-looking lines.
const WEAK_MARKERS: &[&str] = &["nameif ", "security-level "];

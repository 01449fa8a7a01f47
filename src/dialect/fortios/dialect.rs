//! FortiOS as a [`Dialect`]: detection, platform profile.

use super::{extract, render_fix};
use crate::dialect::detect::score_lines;
use crate::dialect::Dialect;
use crate::fix::Fix;
use crate::model::{PlatformProfile, PolicySemantics, RouterModel, Timers, Vendor};
use crate::source::SourceFile;

/// FortiOS defaults (FortiOS CLI reference): BGP `keepalive-timer` 60 / `holdtime-timer`
/// 180, phase1 `keylife` 86400 s, phase2 `keylifeseconds` 43200 s, `ike-version 1`; a
/// tunnel interface's MTU follows its egress interface; BGP `password` up to 128
/// characters. Keys are shown as `ENC …`: not reversible.
pub static PROFILE: PlatformProfile = PlatformProfile {
    name: "fortios",
    default_timers: Timers {
        keepalive: 60,
        hold: 180,
    },
    default_ike_lifetime: Some(86400),
    default_ipsec_lifetime: Some(43200),
    default_ike_version: Some(1),
    md5_key_limit: 128,
    reversible_key_encodings: &[],
    mtu: crate::model::MtuSemantics::L3,
    ebgp_requires_policy: false,
    implicit_ipv4_unicast: false,
    accepts_any_local_address: false,
    vlan_tagging_switch: false,
    // Tunnel interfaces are named after their phase1; the extractor marks them.
    tunnel_name_prefixes: &[],
    tunnel_default_mtu: &[],
    default_interface_mtu: Some(1500),
    policy: PolicySemantics::IOS,
};

/// FortiOS as a [`Dialect`].
pub struct Fortios;

impl Dialect for Fortios {
    fn vendor(&self) -> Vendor {
        Vendor::Fortios
    }

    /// `#config-version=` (the header of every backup) is decisive; each top-level
    /// `config system|vpn|router|firewall …` scores 10 (no other dialect writes them).
    fn detect_score(&self, text: &str) -> i64 {
        score_lines(text, |t| {
            if t.starts_with("#config-version=") {
                1_000_000
            } else if t
                .strip_prefix("config ")
                .is_some_and(|r| SECTIONS.iter().any(|s| r.starts_with(s)))
            {
                10
            } else {
                0
            }
        })
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
        &["#"]
    }
}

/// `config …` sections only FortiOS has (after `config `).
pub(crate) const SECTIONS: &[&str] = &[
    "system ",
    "vpn ",
    "router ",
    "firewall ",
    "user ",
    "log ",
    "wireless-controller",
    "switch-controller",
];

//! Cisco IOS / IOS-XE and FRR as [`Dialect`]s: one extractor (vtysh syntax is IOS-like), two
//! platform profiles.

use crate::dialect::detect::{is_curly, score_lines, set_path, starts_any};
use crate::dialect::Dialect;
use crate::fix::Fix;
use crate::model::filter::Filters;
use crate::model::{
    KeyEncoding, MtuSemantics, PlatformProfile, PolicySemantics, RouterModel, Timers, Vendor,
};
use crate::source::SourceFile;

/// Cisco IOS / IOS-XE.
pub struct Ios;

/// FRRouting (vtysh `show running-config`).
pub struct Frr;

/// IOS defaults: `crypto isakmp policy` / `crypto ikev2 profile` 86400 s, `crypto ipsec
/// security-association lifetime` 3600 s; MD5 keys up to 80 characters (O'Reilly).
pub static IOS_PROFILE: PlatformProfile = PlatformProfile {
    name: "cisco-ios",
    default_timers: Timers {
        keepalive: 60,
        hold: 180,
    },
    default_ike_lifetime: Some(86400),
    default_ipsec_lifetime: Some(3600),
    default_ike_version: None,
    md5_key_limit: 80,
    reversible_key_encodings: &[KeyEncoding::Cisco7],
    mtu: MtuSemantics::L3,
    ebgp_requires_policy: false,
    implicit_ipv4_unicast: false,
    accepts_any_local_address: false,
    vlan_tagging_switch: false,
    tunnel_name_prefixes: &["tunnel"],
    // IOS sizes a protected tunnel's IP MTU from the IPsec overhead by itself.
    tunnel_default_mtu: &[],
    default_interface_mtu: Some(1500),
    policy: PolicySemantics::IOS,
};

/// FRR: no IPsec; Linux TCP_MD5SIG_MAXKEYLEN (80). FRR 7.4+ defaults to `bgp
/// ebgp-requires-policy` in its traditional profile; whether a file has it depends on its
/// `frr version` / `frr defaults` lines, so the extractor resolves it per file (the
/// advertisement's `withheld`) rather than this platform-wide flag.
pub static FRR_PROFILE: PlatformProfile = PlatformProfile {
    name: "frr",
    default_timers: Timers {
        keepalive: 60,
        hold: 180,
    },
    default_ike_lifetime: None,
    default_ipsec_lifetime: None,
    default_ike_version: None,
    md5_key_limit: 80,
    reversible_key_encodings: &[KeyEncoding::Cisco7],
    mtu: MtuSemantics::L3,
    ebgp_requires_policy: false,
    implicit_ipv4_unicast: false,
    accepts_any_local_address: true,
    vlan_tagging_switch: false,
    tunnel_name_prefixes: &["tunnel", "vti"],
    tunnel_default_mtu: &[],
    default_interface_mtu: None,
    policy: PolicySemantics::FRR,
};

impl Dialect for Ios {
    fn vendor(&self) -> Vendor {
        Vendor::CiscoIos
    }

    fn detect_score(&self, text: &str) -> i64 {
        score_lines(text, ios_line)
    }

    fn extract(&self, source: &SourceFile) -> RouterModel {
        super::extract(source, Vendor::CiscoIos)
    }

    fn profile(&self) -> &'static PlatformProfile {
        &IOS_PROFILE
    }

    fn render_fix(&self, fix: &Fix, model: &RouterModel) -> String {
        super::render_fix(fix, model)
    }

    fn comment_markers(&self) -> &'static [&'static str] {
        &["!", "#"]
    }
    fn filters(&self, source: &SourceFile, _model: &RouterModel) -> Filters {
        super::filter::extract(&source.text)
    }
}

impl Dialect for Frr {
    fn vendor(&self) -> Vendor {
        Vendor::Frr
    }

    /// `frr version` / `frr defaults` are decisive: a file that says it is FRR whatever else
    /// it contains (it is IOS-like), so each such line outweighs any other dialect's file.
    fn detect_score(&self, text: &str) -> i64 {
        score_lines(text, |t| {
            if t.starts_with("frr version") || t.starts_with("frr defaults") {
                1_000_000
            } else {
                0
            }
        })
    }

    fn extract(&self, source: &SourceFile) -> RouterModel {
        super::extract(source, Vendor::Frr)
    }

    fn profile(&self) -> &'static PlatformProfile {
        &FRR_PROFILE
    }

    fn render_fix(&self, fix: &Fix, model: &RouterModel) -> String {
        super::render_fix(fix, model)
    }

    fn comment_markers(&self) -> &'static [&'static str] {
        &["!", "#"]
    }
}

/// One point per IOS-looking line: `!` comments and common top-level commands (not `set`
/// commands, not curly-brace lines).
pub(crate) fn ios_line(t: &str) -> i64 {
    if set_path(t).is_some() || is_curly(t) {
        return 0;
    }
    let ios = t.starts_with('!')
        || starts_any(
            t,
            &[
                "interface ",
                "router bgp ",
                "hostname ",
                "ip route ",
                "ip prefix-list ",
                "route-map ",
                "version 1",
                "service ",
                "encapsulation dot1",
                "crypto ",
                "neighbor ",
                "address-family ",
            ],
        );
    i64::from(ios)
}

//! IOS-XR as a [`Dialect`].

use crate::dialect::cisco::ios_line;
use crate::dialect::cisco_family::Scores;
use crate::dialect::detect::score_lines;
use crate::dialect::Dialect;
use crate::fix::Fix;
use crate::model::{
    KeyEncoding, MtuSemantics, PlatformProfile, PolicySemantics, RouterModel, Timers, Vendor,
};
use crate::source::SourceFile;

pub struct IosXr;

/// IOS-XR: BGP 60/180 s; `password encrypted` is the type-7 algorithm; `mtu` counts the
/// 14-byte Ethernet header and 4 bytes per tag; an eBGP neighbor sends and accepts nothing
/// without a route-policy (RFC 8212, XR's default since its first release). dxlint reads
/// no IPsec on XR.
pub static PROFILE: PlatformProfile = PlatformProfile {
    name: "cisco-iosxr",
    default_timers: Timers {
        keepalive: 60,
        hold: 180,
    },
    default_ike_lifetime: None,
    default_ipsec_lifetime: None,
    default_ike_version: None,
    md5_key_limit: 80,
    reversible_key_encodings: &[KeyEncoding::Cisco7],
    mtu: MtuSemantics::L2 {
        header: 14,
        per_tag: 4,
    },
    ebgp_requires_policy: true,
    implicit_ipv4_unicast: false,
    accepts_any_local_address: false,
    vlan_tagging_switch: false,
    tunnel_name_prefixes: &["tunnel-ip", "tunnel-te"],
    tunnel_default_mtu: &[],
    default_interface_mtu: Some(1500),
    policy: PolicySemantics::IOS,
};

impl Dialect for IosXr {
    fn vendor(&self) -> Vendor {
        Vendor::CiscoIosXr
    }

    /// Above IOS's score when XR's markers choose it among the IOS-like dialects.
    fn detect_score(&self, text: &str) -> i64 {
        Scores::of(text).score_for(Vendor::CiscoIosXr, score_lines(text, ios_line))
    }

    fn extract(&self, source: &SourceFile) -> RouterModel {
        super::extract(source)
    }

    fn profile(&self) -> &'static PlatformProfile {
        &PROFILE
    }

    fn render_fix(&self, fix: &Fix, model: &RouterModel) -> String {
        super::render_fix(fix, model)
    }

    fn comment_markers(&self) -> &'static [&'static str] {
        &["!", "#"]
    }
}

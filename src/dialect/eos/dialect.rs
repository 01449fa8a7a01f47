//! Arista EOS as a [`Dialect`].

use crate::dialect::cisco::ios_line;
use crate::dialect::cisco_family::Scores;
use crate::dialect::detect::score_lines;
use crate::dialect::Dialect;
use crate::fix::Fix;
use crate::model::{
    KeyEncoding, MtuSemantics, PlatformProfile, PolicySemantics, RouterModel, Timers, Vendor,
};
use crate::source::SourceFile;

pub struct Eos;

/// Arista EOS: BGP 60/180 s; `password 7` is EOS's own DES encoding keyed by the
/// neighbor's or peer group's name; `mtu` is the IP MTU; eBGP advertises without a policy
/// (EOS has no RFC 8212 default). dxlint reads no IPsec on EOS.
pub static PROFILE: PlatformProfile = PlatformProfile {
    name: "arista-eos",
    default_timers: Timers {
        keepalive: 60,
        hold: 180,
    },
    default_ike_lifetime: None,
    default_ipsec_lifetime: None,
    default_ike_version: None,
    md5_key_limit: 80,
    reversible_key_encodings: &[KeyEncoding::EosDes],
    mtu: MtuSemantics::L3,
    ebgp_requires_policy: false,
    implicit_ipv4_unicast: false,
    accepts_any_local_address: false,
    vlan_tagging_switch: false,
    tunnel_name_prefixes: &["tunnel"],
    tunnel_default_mtu: &[],
    default_interface_mtu: Some(1500),
    policy: PolicySemantics::IOS,
};

impl Dialect for Eos {
    fn vendor(&self) -> Vendor {
        Vendor::AristaEos
    }

    /// Above IOS's score when EOS's markers choose it among the IOS-like dialects.
    fn detect_score(&self, text: &str) -> i64 {
        Scores::of(text).score_for(Vendor::AristaEos, score_lines(text, ios_line))
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

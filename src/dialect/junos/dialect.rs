//! Junos as a [`Dialect`].

use crate::dialect::detect::{is_curly, score_lines, set_path, starts_any};
use crate::dialect::Dialect;
use crate::fix::Fix;
use crate::model::filter::Filters;
use crate::model::{
    KeyEncoding, MtuSemantics, PlatformProfile, PolicySemantics, RouterModel, Timers, Vendor,
};
use crate::source::SourceFile;

pub struct Junos;

/// Junos defaults: BGP hold 90 s; `ike proposal` 28800 s, `ipsec proposal` 3600 s; `ike
/// gateway` is `version v1-only`; MD5 keys up to 126 characters; media MTU counts the
/// Ethernet header and tags; st0 units default to MTU 9192.
pub static PROFILE: PlatformProfile = PlatformProfile {
    name: "junos",
    default_timers: Timers {
        keepalive: 30,
        hold: 90,
    },
    default_ike_lifetime: Some(28800),
    default_ipsec_lifetime: Some(3600),
    default_ike_version: Some(1),
    md5_key_limit: 126,
    reversible_key_encodings: &[KeyEncoding::Junos9],
    mtu: MtuSemantics::L2 {
        header: 14,
        per_tag: 4,
    },
    ebgp_requires_policy: false,
    implicit_ipv4_unicast: true,
    accepts_any_local_address: false,
    vlan_tagging_switch: true,
    tunnel_name_prefixes: &["st0"],
    tunnel_default_mtu: &[("st0", 9192)],
    default_interface_mtu: Some(1500),
    policy: PolicySemantics::IOS,
};

impl Dialect for Junos {
    fn vendor(&self) -> Vendor {
        Vendor::Junos
    }

    fn detect_score(&self, text: &str) -> i64 {
        score_lines(text, line)
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
        &["#", "/*"]
    }
    fn filters(&self, source: &SourceFile, model: &RouterModel) -> Filters {
        super::filter::extract(&source.text, model)
    }
}

/// Junos hierarchy names in `set` commands (3 points), `deactivate` and commit banners (3),
/// curly blocks named as only Junos names them (2).
fn line(t: &str) -> i64 {
    if let Some(p) = set_path(t) {
        let junos = starts_any(
            p,
            &[
                "routing-options",
                "protocols bgp group",
                "policy-options",
                "security ",
                "routing-instances",
                "groups ",
                "chassis",
                "version ",
                "snmp ",
                "class-of-service",
                "forwarding-options",
                "firewall family",
            ],
        ) || p.starts_with("interfaces ") && is_ifname(p[11..].trim_start());
        return if junos { 3 } else { 0 };
    }
    if t.starts_with("deactivate ") || t.starts_with("## Last commit") || t == "[edit]" {
        3
    } else if is_curly(t)
        && (starts_any(
            t,
            &[
                "routing-options",
                "policy-options",
                "unit ",
                "family inet",
                "vlan-tagging;",
                "peer-as ",
                "authentication-key",
                "apply-groups",
            ],
        ) || is_ifname(t))
    {
        2
    } else {
        0
    }
}

fn is_ifname(s: &str) -> bool {
    let name = s.split([' ', '{']).next().unwrap_or("");
    starts_any(
        name,
        &[
            "ge-", "xe-", "et-", "fe-", "ae", "lo0", "st0", "irb", "em0", "fxp0", "reth", "mge-",
        ],
    )
}

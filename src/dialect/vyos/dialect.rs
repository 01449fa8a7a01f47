//! VyOS as a [`Dialect`].

use crate::dialect::detect::{is_curly, score_lines, set_path, starts_any};
use crate::dialect::Dialect;
use crate::fix::Fix;
use crate::model::filter::Filters;
use crate::model::{MtuSemantics, PlatformProfile, PolicySemantics, RouterModel, Timers, Vendor};
use crate::source::SourceFile;

pub struct Vyos;

/// VyOS runs FRR (hold 180 s) and strongSwan: `ike-group` 28800 s, `esp-group` 3600 s,
/// `key-exchange` ikev1; Linux TCP_MD5SIG_MAXKEYLEN (80); vti interfaces MTU 1500.
/// `ebgp-requires-policy` is off unless `parameters ebgp-requires-policy` says so.
pub static PROFILE: PlatformProfile = PlatformProfile {
    name: "vyos",
    default_timers: Timers {
        keepalive: 60,
        hold: 180,
    },
    default_ike_lifetime: Some(28800),
    default_ipsec_lifetime: Some(3600),
    default_ike_version: Some(1),
    md5_key_limit: 80,
    reversible_key_encodings: &[],
    mtu: MtuSemantics::L3,
    ebgp_requires_policy: false,
    implicit_ipv4_unicast: false,
    accepts_any_local_address: true,
    vlan_tagging_switch: false,
    tunnel_name_prefixes: &["vti"],
    tunnel_default_mtu: &[("", 1500)],
    default_interface_mtu: Some(1500),
    policy: PolicySemantics::FRR,
};

impl Dialect for Vyos {
    fn vendor(&self) -> Vendor {
        Vendor::Vyos
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
        &["#", "//", "/*"]
    }
    fn filters(&self, source: &SourceFile, _model: &RouterModel) -> Filters {
        super::filter::extract(&source.text)
    }
}

/// VyOS configuration paths in `set` commands (3 points), version banners (10), curly
/// blocks named as only VyOS names them (2).
fn line(t: &str) -> i64 {
    if let Some(p) = set_path(t) {
        let vyos = starts_any(
            p,
            &[
                "interfaces ethernet",
                "interfaces bonding",
                "interfaces vti",
                "interfaces loopback lo",
                "interfaces dummy",
                "interfaces wireguard",
                "interfaces pppoe",
                "service ",
                "vpn ipsec",
                "protocols bgp system-as",
                "policy prefix-list",
                "policy route-map",
                "vrf name",
                "nat source",
                "firewall name",
            ],
        ) || is_vyos12_bgp(p);
        return if vyos { 3 } else { 0 };
    }
    if starts_any(
        t,
        &[
            "// vyos-config-version",
            "/* === vyatta-config-version",
            "// Release version",
            "// Warning: Do not remove the following line.",
        ],
    ) {
        10
    } else if is_curly(t)
        && (starts_any(t, &["ethernet eth", "bonding bond", "vif ", "vti vti"])
            || t.starts_with("system-as "))
    {
        2
    } else {
        0
    }
}

/// VyOS 1.2/1.3 BGP: `protocols bgp 65000 neighbor …`.
fn is_vyos12_bgp(p: &str) -> bool {
    p.strip_prefix("protocols bgp ")
        .and_then(|r| r.split_whitespace().next())
        .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
}

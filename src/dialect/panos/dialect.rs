//! PAN-OS as a [`Dialect`]: detection, platform profile.

use super::{extract, render_fix};
use crate::dialect::detect::{is_curly, score_lines, set_path, starts_any};
use crate::dialect::Dialect;
use crate::fix::Fix;
use crate::model::{MtuSemantics, PlatformProfile, PolicySemantics, RouterModel, Timers, Vendor};
use crate::source::SourceFile;

/// PAN-OS defaults (PAN-OS web interface / CLI reference): BGP `keep-alive-interval` 30 s,
/// `hold-time` 90 s; IKE crypto profile lifetime 8 hours, IPsec crypto profile lifetime 1
/// hour; IKE gateway `protocol version ikev1`; tunnel interfaces MTU 1500. Keys are stored
/// encrypted with the master key: not reversible.
pub static PROFILE: PlatformProfile = PlatformProfile {
    name: "panos",
    default_timers: Timers {
        keepalive: 30,
        hold: 90,
    },
    default_ike_lifetime: Some(28800),
    default_ipsec_lifetime: Some(3600),
    default_ike_version: Some(1),
    md5_key_limit: 80,
    reversible_key_encodings: &[],
    mtu: MtuSemantics::L3,
    ebgp_requires_policy: false,
    implicit_ipv4_unicast: false,
    accepts_any_local_address: false,
    vlan_tagging_switch: false,
    tunnel_name_prefixes: &["tunnel"],
    tunnel_default_mtu: &[("tunnel", 1500)],
    default_interface_mtu: Some(1500),
    policy: PolicySemantics::IOS,
};

/// `set …` paths only PAN-OS writes.
const SET_MARKERS: &[&str] = &[
    "deviceconfig ",
    "network virtual-router ",
    "network ike ",
    "network tunnel ",
    "network interface ethernet ethernet",
    "network interface tunnel ",
    "network profiles ",
    "mgt-config ",
    "rulebase ",
    "zone ",
    "shared ",
    "vsys ",
];

/// Brace-form blocks only PAN-OS writes.
const BRACE_MARKERS: &[&str] = &[
    "deviceconfig ",
    "virtual-router ",
    "ike-crypto-profiles ",
    "ipsec-crypto-profiles ",
    "mgt-config ",
    "rulebase ",
    "peer-group ",
    "ike-gateway ",
];

/// PAN-OS as a [`Dialect`].
pub struct Panos;

impl Dialect for Panos {
    fn vendor(&self) -> Vendor {
        Vendor::Panos
    }

    /// RANCID's `#RANCID-CONTENT-TYPE: paloalto` is decisive; PAN-OS `set` paths score 3
    /// (as Junos's own do), brace blocks named as only PAN-OS names them 5.
    fn detect_score(&self, text: &str) -> i64 {
        score_lines(text, |t| {
            // RANCID's marker; the XML export's root (`<config version="10.1.0"
            // urldb="paloaltonetworks" …>`).
            if t.contains("RANCID-CONTENT-TYPE: paloalto")
                || (t.starts_with("<config ") && t.contains("urldb="))
            {
                1_000_000
            } else if let Some(p) = set_path(t) {
                if starts_any(p, SET_MARKERS) {
                    3
                } else {
                    0
                }
            } else if is_curly(t) && starts_any(t, BRACE_MARKERS) {
                5
            } else {
                0
            }
        })
    }

    fn extract(&self, source: &SourceFile) -> RouterModel {
        extract::extract(source)
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

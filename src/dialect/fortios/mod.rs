//! Fortinet FortiOS (`show full-configuration` / backup files): `config system interface`
//! (physical, VLAN and IPsec tunnel interfaces), `config vpn ipsec phase1-interface` /
//! `phase2-interface` (route-based VPN), `config router bgp`, prefix lists. Read from the
//! block tree of [`crate::syntax::config_edit`]; a multi-VDOM file is read as one table.

mod bgp;
mod fix;
mod interfaces;
mod ipsec;

pub use fix::render_fix;

use crate::dialect::detect::score_lines;
use crate::dialect::Dialect;
use crate::fix::Fix;
use crate::model::{ConfigProblem, RouterModel, Vendor};
use crate::model::{PlatformProfile, Timers};
use crate::source::{SourceFile, Span};
use crate::syntax::config_edit::{self, Node};

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

pub fn extract(source: &SourceFile) -> RouterModel {
    let text: &str = &source.text;
    let tree = config_edit::parse(text);
    let mut cx = Cx {
        model: RouterModel {
            vendor: Some(Vendor::Fortios),
            ..Default::default()
        },
    };
    cx.model.stats.lines = text.lines().count();
    cx.model.stats.statements = tree.statements;
    for g in tree.sections(&["system", "global"]) {
        if let Some(h) = g.set("hostname") {
            cx.model.hostname = Some(h.word(1).to_string());
        }
    }
    for s in tree.sections(&["system", "interface"]) {
        interfaces::read(&mut cx, s);
    }
    let vpn = ipsec::read(&mut cx, &tree);
    interfaces::bind_tunnels(&mut cx, &vpn);
    bgp::read(&mut cx, &tree);
    cx.model.suppressions = tree
        .comments
        .iter()
        .filter_map(|c| {
            let d = crate::dialect::suppress::parse(&text[c.start()..c.end()])?;
            let next = next_statement(&tree.roots, c.end());
            Some(crate::dialect::suppress::suppression(d, *c, next))
        })
        .collect();
    cx.model.comments = tree.comments;
    cx.model
}

/// The first statement starting after `at` (a suppression comment's target).
fn next_statement(nodes: &[Node], at: usize) -> Option<Span> {
    for n in nodes {
        if n.span.start() >= at {
            return Some(n.span);
        }
        if n.span.start() < at && !n.children.is_empty() {
            if let Some(s) = next_statement(&n.children, at) {
                return Some(s);
            }
        }
    }
    None
}

pub(crate) struct Cx {
    pub model: RouterModel,
}

impl Cx {
    fn problem(&mut self, span: Span, message: impl Into<String>) {
        self.model.problems.push(ConfigProblem {
            span,
            message: message.into(),
        });
    }
}

/// `A.B.C.D M.M.M.M` or `A.B.C.D/len` in words `at`, `at + 1` of a `set`.
fn addr_mask(n: &Node, at: usize) -> Option<ipnet::IpNet> {
    let a = n.word(at);
    if a.contains('/') {
        return crate::dialect::common::parse_addr_mask(a, None);
    }
    let m = n.word(at + 1);
    crate::dialect::common::parse_addr_mask(a, (!m.is_empty()).then_some(m))
        .or_else(|| a.parse::<std::net::IpAddr>().ok().map(ipnet::IpNet::from))
}

#[cfg(test)]
mod tests;

//! Fortinet FortiOS (`show full-configuration` / backup files): `config system interface`
//! (physical, VLAN and IPsec tunnel interfaces), `config vpn ipsec phase1-interface` /
//! `phase2-interface` (route-based VPN), `config router bgp`, prefix lists. Read from the
//! block tree of [`crate::syntax::config_edit`]; a multi-VDOM file is read as one table.

mod bgp;
mod dialect;
mod fix;
mod interfaces;
mod ipsec;

pub use dialect::*;
pub use fix::render_fix;

use crate::model::{ConfigProblem, RouterModel, Vendor};
use crate::source::{SourceFile, Span};
use crate::syntax::config_edit::{self, Node};

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
    for (span, message) in &tree.problems {
        cx.problem(*span, message.clone());
    }
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
    // Every other top-level section is not read: counted and located for `-v`.
    const READ: &[&[&str]] = &[
        &["system", "global"],
        &["system", "interface"],
        &["vpn", "ipsec", "phase1-interface"],
        &["vpn", "ipsec", "phase2-interface"],
        &["router", "bgp"],
        &["router", "route-map"],
        &["router", "prefix-list"],
        &["router", "prefix-list6"],
    ];
    for n in &tree.roots {
        let read = n.kind == config_edit::Kind::Config
            && READ
                .iter()
                .any(|p| n.words.len() == p.len() && n.words.iter().zip(*p).all(|(a, b)| a == b));
        if !read {
            cx.model.stats.skip(n.span);
        }
    }
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

//! Cisco IOS-XR: the indentation tree read with XR's meaning. Interfaces carry `ipv4
//! address` and an L2 `mtu`; `router bgp` nests everything under `neighbor X` blocks with
//! neighbor-, session- and af-groups; outbound policy is RPL (`route-policy`,
//! `prefix-set`), and an eBGP neighbor without an outbound policy advertises nothing.
//! Fixes are rendered in XR's syntax and end with `commit`.

mod bgp;
pub(crate) mod detect;
mod dialect;
mod fix;
mod interface;
mod rpl;

pub(crate) use detect::markers;
pub use dialect::{IosXr, PROFILE};
pub use fix::render_fix;

use crate::dialect::cisco::tokens::Line;
use crate::model::{ConfigProblem, RouterModel, Vendor};
use crate::source::{SourceFile, Span};
use crate::syntax::indent::{IndentOptions, IndentReader, IndentTree};

const OPTIONS: IndentOptions = IndentOptions {
    comment_chars: &['!', '#'],
    continues_section: |_, _| false,
};

/// Every IOS-XR fix is typed in `configure` mode and takes effect on `commit`.
pub const COMMIT_NOTE: &str = "! IOS-XR: enter these lines in `configure` mode, then `commit`";

/// Read one IOS-XR configuration into the model.
pub fn extract(source: &SourceFile) -> RouterModel {
    let text: &str = &source.text;
    let (cx, reader) = walk(text);
    let Context {
        mut model,
        ifaces,
        bgp,
        rpl,
        statics,
        ..
    } = cx;
    ifaces.finish(&mut model);
    model.suppressions = crate::dialect::cisco::suppressions_with(text, &reader.comments, &OPTIONS);
    model.comments = reader.comments;
    bgp.finish(text, &mut model, &rpl, &statics);
    model
}

/// The RPL a file defines (tests of the interpreter).
#[cfg(test)]
pub(crate) fn rpl_db(source: &SourceFile) -> rpl::Db {
    walk(&source.text).0.rpl
}

/// Read every section; the builders are finished by the caller.
fn walk(text: &str) -> (Context<'_>, IndentReader<'_>) {
    let mut reader = IndentReader::new(text, &OPTIONS);
    let mut cx = Context {
        text,
        tree: IndentTree::default(),
        model: RouterModel {
            vendor: Some(Vendor::CiscoIosXr),
            ..Default::default()
        },
        ifaces: interface::Builder::default(),
        bgp: bgp::Builder::default(),
        rpl: rpl::Db::default(),
        statics: Vec::new(),
    };
    while reader.next_section(&mut cx.tree) {
        cx.top_level();
        if cx.tree.nodes.capacity() > 4096 {
            cx.tree.nodes = Vec::new();
        }
    }
    cx.model.stats.lines = reader.lines;
    cx.model.stats.statements = reader.statements;
    (cx, reader)
}

/// State while walking one file.
pub(crate) struct Context<'a> {
    pub text: &'a str,
    /// The top-level section being read (node 0 is its header).
    pub tree: IndentTree,
    pub model: RouterModel,
    pub ifaces: interface::Builder,
    pub bgp: bgp::Builder,
    pub rpl: rpl::Db,
    /// `router static` routes: (VRF, prefix).
    pub statics: Vec<(Option<String>, crate::source::Spanned<ipnet::IpNet>)>,
}

impl<'a> Context<'a> {
    pub fn line(&self, idx: u32) -> Line<'a> {
        Line::new(self.text, self.tree.span(idx))
    }

    pub fn problem(&mut self, span: Span, message: impl Into<String>) {
        self.model.problems.push(ConfigProblem {
            span,
            message: message.into(),
        });
    }

    fn top_level(&mut self) {
        let line = self.line(0);
        match (line.word(0), line.word(1)) {
            ("hostname", name) if !name.is_empty() => {
                self.model.hostname = Some(name.to_string());
            }
            ("interface", _) => interface::read(self, &line),
            ("router", "bgp") => bgp::read(self, &line),
            ("router", "static") => self.read_static(0, None),
            ("route-policy", _) => rpl::read_policy(self, &line),
            ("prefix-set", _) => rpl::read_prefix_set(self, &line),
            // The closers of RPL blocks and sets (`end-policy`, `end-set`, `end-group`) and
            // of the file are read with their block.
            (w, _) if w == "end" || w.starts_with("end-") => {}
            _ => self.model.stats.skip(line.span),
        }
    }

    /// `router static` / `vrf X` / `address-family ipv4 unicast` / `P/len next-hop…`.
    fn read_static(&mut self, idx: u32, vrf: Option<&str>) {
        let mut children = self.tree.child_cursor(idx);
        while let Some(child) = children.next(&self.tree) {
            let l = self.line(child);
            match l.word(0) {
                "vrf" => {
                    let name = l.word(1).to_string();
                    self.read_static(child, Some(&name));
                }
                "address-family" => self.read_static(child, vrf),
                w => {
                    if let Some(net) = prefix(w) {
                        self.statics.push((
                            vrf.map(str::to_string),
                            crate::source::Spanned::new(net.trunc(), l.span),
                        ));
                    }
                }
            }
        }
    }
}

/// `A/len` (IPv4 by the fast reader, which a large PE's every address and prefix-set entry
/// goes through; anything else by the general one).
pub(crate) fn prefix(s: &str) -> Option<ipnet::IpNet> {
    crate::dialect::common::parse_ipv4_net_fast(s)
        .map(ipnet::IpNet::V4)
        .or_else(|| crate::dialect::common::parse_addr_mask(s, None))
}

/// A neighbor or router-id address (IPv4 by the fast reader).
pub(crate) fn address(s: &str) -> Option<std::net::IpAddr> {
    crate::dialect::common::parse_ipv4_fast(s)
        .map(std::net::IpAddr::V4)
        .or_else(|| crate::dialect::common::parse_ip(s))
}

#[cfg(test)]
mod tests;

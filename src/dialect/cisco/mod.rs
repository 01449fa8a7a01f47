//! Cisco IOS / IOS-XE extractor, also used for FRR (vtysh syntax is IOS-like) and for the
//! IOS-like parts of NX-OS samples. Reads the indentation tree into the RouterModel.

pub(crate) mod addr;
mod bgp;
mod dialect;
pub(crate) mod filter;
mod fix;
pub(crate) mod interface;
mod ipsec;
pub(crate) mod policy;
pub(crate) mod tokens;
mod vpn_fix;

pub(crate) use dialect::ios_line;
pub use dialect::{Frr, Ios, FRR_PROFILE, IOS_PROFILE};
pub use fix::render_fix;

use crate::dialect::common::parse_u32_digits;
use crate::dialect::policy::PolicyDb;
use crate::model::{ConfigProblem, Interface, PolicySemantics, RouterModel, Vendor};
use crate::source::{SourceFile, Span};
use crate::syntax::indent::{next_statement, IndentOptions, IndentReader, IndentTree};
use tokens::Line;

const OPTIONS: IndentOptions = IndentOptions {
    comment_chars: &['!', '#'],
    continues_section,
};

/// Extract interfaces, BGP, prefix lists and route maps.
pub fn extract(source: &SourceFile, vendor: Vendor) -> RouterModel {
    extract_with(source, vendor, None)
}

/// What a dialect built on this reader adds (Cisco ASA): the top-level sections and
/// interface lines it reads itself, and its own crypto resolution at the end.
pub(crate) trait Extension {
    /// Read a top-level section; false leaves it to the IOS reader.
    fn top_level(&mut self, cx: &mut Context, idx: u32, line: &Line) -> bool;
    /// Read one line of `interface` block; false leaves it to the IOS reader.
    fn interface_line(&mut self, cx: &mut Context, iface: &mut Interface, line: &Line) -> bool;
    /// Write what it read into the model (instead of IOS's crypto resolution).
    fn finish(self: Box<Self>, model: &mut RouterModel);
}

/// [`extract`] with an extension reading what IOS does not have.
pub(crate) fn extract_with(
    source: &SourceFile,
    vendor: Vendor,
    ext: Option<Box<dyn Extension>>,
) -> RouterModel {
    let text: &str = &source.text;
    // One top-level section at a time: a whole-file tree would be about as large as the text.
    let mut reader = IndentReader::new(text, &OPTIONS);
    let mut cx = Context {
        text,
        tree: IndentTree::default(),
        model: RouterModel {
            vendor: Some(vendor),
            ..Default::default()
        },
        policy: PolicyDb::new(
            crate::dialect::dialect(vendor).map_or(PolicySemantics::IOS, |d| d.profile().policy),
        ),
        bgp: bgp::BgpBuilder::default(),
        ipsec: ipsec::IpsecBuilder::default(),
        iface_index: Default::default(),
        ios_major: None,
        ext,
    };
    // FRR's traditional profile (the default) has `bgp ebgp-requires-policy` since 7.4.
    cx.bgp.requires_policy_default = vendor == Vendor::Frr;
    while reader.next_section(&mut cx.tree) {
        cx.top_level(0);
        // `router bgp` holds most of a large file: do not keep its buffer to the end.
        if cx.tree.nodes.capacity() > 4096 {
            cx.tree.nodes = Vec::new();
        }
    }
    cx.model.stats.lines = reader.lines;
    cx.model.stats.statements = reader.statements;
    let Context {
        mut model,
        policy,
        bgp,
        ipsec,
        ios_major,
        iface_index,
        tree,
        ext,
        ..
    } = cx;
    drop((iface_index, tree));
    match ext {
        Some(ext) => ext.finish(&mut model),
        None => ipsec.finish(&mut model, ios_major),
    }
    model.suppressions = suppressions(text, &reader.comments);
    model.comments = reader.comments;
    model.comments.shrink_to_fit();
    bgp.finish(text, &mut model, &policy);
    model
}

/// `! dxlint-disable DX603 reason` silences the rules on the next line (a section header
/// or one of its lines); `! dxlint-disable-file DX605 reason` on the whole file.
fn suppressions(text: &str, comments: &[Span]) -> Vec<crate::model::Suppression> {
    suppressions_with(text, comments, &OPTIONS)
}

/// [`suppressions`] for any indentation dialect (IOS-XR, with its own options).
pub(crate) fn suppressions_with(
    text: &str,
    comments: &[Span],
    options: &IndentOptions,
) -> Vec<crate::model::Suppression> {
    let mut out = Vec::new();
    for c in comments {
        let Some(d) = crate::dialect::suppress::parse(&text[c.start()..c.end()]) else {
            continue;
        };
        // The comment ends its line: the statement it precedes starts on a later one.
        let line_end = text[c.end()..]
            .find('\n')
            .map_or(text.len(), |i| c.end() + i + 1);
        let next = next_statement(text, line_end, options);
        out.push(crate::dialect::suppress::suppression(d, *c, next));
    }
    out
}

/// Shared state while walking one file.
pub(crate) struct Context<'a> {
    pub text: &'a str,
    /// The top-level section being read (node 0 is its header).
    pub tree: IndentTree,
    pub model: RouterModel,
    pub policy: PolicyDb,
    pub bgp: bgp::BgpBuilder,
    pub ipsec: ipsec::IpsecBuilder,
    /// Interfaces by name, so repeated `interface X` blocks merge without a scan.
    pub iface_index: interface::Index,
    /// The major number of the first `version 17.3` line (IKEv2 defaults depend on it).
    pub ios_major: Option<u32>,
    /// The extension of a dialect built on this reader (`None` on IOS and FRR).
    pub ext: Option<Box<dyn Extension>>,
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

    /// A statement dxlint does not read (`-v` lists the first of them).
    pub fn unknown(&mut self, span: Span) {
        self.model.stats.skip(span);
    }

    fn top_level(&mut self, idx: u32) {
        let line = self.line(idx);
        if let Some(mut ext) = self.ext.take() {
            let done = ext.top_level(self, idx, &line);
            self.ext = Some(ext);
            if done {
                return;
            }
        }
        match (line.word(0), line.word(1)) {
            ("hostname", name) if !name.is_empty() => {
                self.model.hostname = Some(name.to_string());
            }
            // The readers get the tokenized header: tokenizing is a sixth of the work.
            ("interface", _) => interface::read(self, idx, &line),
            ("router", "bgp") => bgp::read_router_bgp(self, idx, &line),
            // EOS writes the entries as a block under `ip prefix-list NAME`.
            ("ip" | "ipv6", "prefix-list") if line.len() == 3 && self.tree.nodes.len() > 1 => {
                policy::read_prefix_list_block(self, idx, &line)
            }
            ("ip" | "ipv6", "prefix-list") => policy::read_prefix_list(self, &line),
            ("route-map", _) => policy::read_route_map(self, idx, &line),
            ("crypto", _) => ipsec::read(self, idx),
            ("version", v) => {
                if self.ios_major.is_none() {
                    self.ios_major = v.split('.').next().and_then(parse_u32_digits);
                }
                self.unknown(line.span);
            }
            ("ip" | "ipv6", "route") => policy::read_static_route(self, &line),
            // FRR's defaults: `bgp ebgp-requires-policy` came with 7.4, and the datacenter
            // profile turns it off.
            ("frr", "version") if self.model.vendor == Some(Vendor::Frr) => {
                let mut parts = line.word(2).split('.').map(parse_u32_digits);
                if let (Some(Some(major)), Some(Some(minor))) = (parts.next(), parts.next()) {
                    if (major, minor) < (7, 4) {
                        self.bgp.requires_policy_default = false;
                    }
                }
            }
            ("frr", "defaults") if self.model.vendor == Some(Vendor::Frr) => {
                if line.word(2) == "datacenter" {
                    self.bgp.requires_policy_default = false;
                }
            }
            // Global neighbor lines of a snippet pasted without `router bgp` are not ours to guess.
            _ => self.unknown(line.span),
        }
    }
}

/// A line at column 0 after `interface …` or `router bgp …` that only makes sense inside
/// that section (a snippet pasted without indentation).
fn continues_section(header: &str, line: &str) -> bool {
    // Only `interface` and `router bgp` sections take continuations: most top-level lines
    // follow some other section, and this runs for each of them.
    let interface = header.starts_with("interface ");
    if !interface && !header.starts_with("router bgp") {
        return false;
    }
    let (first, second) = first_two_words(line);
    if interface {
        // ASA's top-level `mtu NAMEIF N` is not an interface's `mtu N`.
        let mtu = first == "mtu" && second.bytes().all(|b| b.is_ascii_digit());
        return mtu
            || matches!(
                first,
                "encapsulation" | "shutdown" | "description" | "bfd" | "vrf" | "tunnel"
            )
            || (first == "ip"
                && matches!(
                    second,
                    "address" | "mtu" | "vrf" | "tcp" | "redirects" | "nat" | "unnumbered"
                ))
            || (first == "ipv6" && matches!(second, "address" | "enable" | "mtu"))
            || (first == "no" && matches!(second, "shutdown" | "ip" | "ipv6"));
    }
    // `router bgp`
    matches!(
        first,
        "neighbor"
            | "bgp"
            | "address-family"
            | "exit-address-family"
            | "network"
            | "redistribute"
            | "aggregate-address"
            | "timers"
            | "template"
    ) || (first == "no" && matches!(second, "bgp" | "neighbor"))
}

/// The first two words as `split_whitespace` gives them ("" when absent). By bytes when the
/// words are ASCII (this runs for the line after every interface block, and the Unicode
/// split cost as much as the rest of that line's reading); otherwise by `split_whitespace`.
fn first_two_words(line: &str) -> (&str, &str) {
    let b = line.as_bytes();
    let mut at = 0;
    let mut out = ["", ""];
    for w in &mut out {
        while at < b.len() && b[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while at < b.len() && b[at] > b' ' && b[at] < 0x80 {
            at += 1;
        }
        // A non-ASCII byte (maybe Unicode whitespace) or an ASCII control byte that is not
        // whitespace: leave the split to the Unicode-aware iterator.
        if at < b.len() && !b[at].is_ascii_whitespace() {
            let mut words = line.split_whitespace();
            return (words.next().unwrap_or(""), words.next().unwrap_or(""));
        }
        *w = &line[start..at];
    }
    (out[0], out[1])
}

#[cfg(test)]
mod tests;

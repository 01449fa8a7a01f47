//! VyOS dialect: `config.boot` (curly) and `set` commands, VyOS 1.2 through 1.5.
//!
//! Both forms flatten to the same word paths (see [`syntax`]), so one extractor serves both.
//!
//! What the extractor knows about VyOS (sources: vyos/vyos-1x templates and interface
//! definitions; see `domain.md` §4.3):
//!
//! * **BGP syntax generations.** 1.2/1.3 make the local ASN a tag node
//!   (`protocols bgp 65010 neighbor …`); 1.4/1.5 use `protocols bgp system-as 65010` and
//!   `protocols bgp neighbor …`. Both also appear under `vrf name X protocols bgp …`, which
//!   becomes a separate [`BgpProcess`](crate::model::BgpProcess) with `vrf: Some(X)`. The
//!   generation is visible in the model: in the tag syntax the process's `local_as` span is the
//!   ASN word inside the process's opening line; with `system-as` it is a line of its own.
//!   [`render_fix`] uses that to answer in the config's own syntax.
//! * **Address-family activation.** From 1.3 on, VyOS renders `no bgp default ipv4-unicast`
//!   into FRR for every BGP instance (vyos-1x `bgpd.frr.tmpl`/`bgpd.frr.j2`, T3463) and emits
//!   `neighbor X activate` only for the families listed under the neighbor or its peer-group.
//!   So an IPv4 neighbor without `address-family ipv4-unicast` (on itself or its peer-group)
//!   exchanges no IPv4 routes: its family is present with `activated: None`. VyOS 1.2 (the
//!   Perl `vyatta-cfg-quagga` backend) left FRR's default on, so there an IPv4 neighbor is
//!   active in IPv4 unless `parameters default no-ipv4-unicast` is set; a 1.2 config is
//!   recognised by its footer (`vyatta-config-version` / `Release version: 1.2…`). Without a
//!   footer (e.g. a `set` listing) the 1.3+ behaviour is assumed.
//! * **Peer-groups.** A neighbor inherits every unset value from its `peer-group` (1.2 also
//!   wrote it as `address-family ipv4-unicast peer-group`); inherited values carry the span of
//!   the peer-group's line.
//! * **Timers.** Neighbor and global `timers holdtime|keepalive`; unset stays `None` (FRR's
//!   defaults 60/180 are the rules' business). When only one of the two is set, the other is
//!   taken as FRR's default so the configured value is still checked.
//! * **MTU.** `mtu` is the Linux L3 MTU (`ip link set mtu`), compared directly with the VIF MTU.
//!   A `vif`/`vif-s`/`vif-c` without `mtu` gets VyOS's own default 1500 (the `mtu` leaf of
//!   `vif.xml.i` carries `defaultValue 1500`, merged per VLAN by `configdict`), not the
//!   parent's MTU — so the model records 1500 with an empty span at the vif's line. A VLAN MTU
//!   above its parent's is refused by VyOS's `verify_mtu_parent`; it is recorded as a
//!   [`ConfigProblem`](crate::model::ConfigProblem).
//! * **Advertisements.** VyOS renders `no bgp network import-check`, so every `network` is
//!   announced. `redistribute connected|static` is bounded by the interface subnets / static
//!   routes of the same VRF; other sources (ospf, rip, kernel, …) are unbounded unless the
//!   export filter names a finite set. Export `prefix-list`/`route-map` (with `match ip[v6]
//!   address prefix-list`) are evaluated; other match conditions are treated as "may match"
//!   for permits, so the count is an upper bound. With `parameters ebgp-requires-policy`, an
//!   eBGP neighbor without any export policy advertises nothing.

mod bgp;
mod dialect;
pub(crate) mod filter;
mod fix;
mod interfaces;
mod ipsec;
mod last_key;
mod policy;
pub(crate) mod syntax;
mod vpn_fix;

pub use dialect::{Vyos, PROFILE};

use crate::dialect::suppress;
use crate::fix::Fix;
use crate::model::{ConfigProblem, RouterModel, Suppression, Vendor};
use crate::source::{find_newline, SourceFile, Span};
use crate::syntax::path::{Comment, PathStatement, Sink};
use ipnet::IpNet;
use last_key::LastKey;
use std::collections::HashSet;
use std::ops::ControlFlow;

/// Read a VyOS configuration (either form) into the vendor-neutral model.
///
/// Most configurations are read in one streaming pass (each statement filed as the parser
/// reads it, so memory stays near the size of the text); `set` files with `delete` commands,
/// which reach back to earlier statements, are read whole.
pub fn extract(source: &SourceFile) -> RouterModel {
    let lines = source.line_count();
    extract_streaming(&source.text, lines).unwrap_or_else(|| extract_whole(&source.text, lines))
}

/// Whether the streaming reading, where it applies, builds exactly the model the whole-file
/// reading builds (`None`: it does not apply).
#[doc(hidden)]
pub fn streaming_matches_whole(text: &str) -> Option<bool> {
    super::readings_agree(extract_streaming(text, 0), || extract_whole(text, 0))
}

/// The builders every statement is filed into, in either reading.
struct Reader<'t> {
    cx: Cx<'t>,
    ifaces: interfaces::Interfaces,
    routing: bgp::Bgp<'t>,
    policies: policy::Policies,
    vpn: ipsec::IpsecBuilder,
    hostname: Option<String>,
    statements: usize,
    /// Statements not read, with the first few places (for `-v`).
    unknown: crate::model::ParseStats,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Self {
        Reader {
            cx: Cx::new(text),
            ifaces: interfaces::Interfaces::default(),
            routing: bgp::Bgp::default(),
            policies: policy::Policies::default(),
            vpn: ipsec::IpsecBuilder::default(),
            hostname: None,
            statements: 0,
            unknown: crate::model::ParseStats::default(),
        }
    }

    fn statement(&mut self, st: &PathStatement) {
        self.statements += 1;
        if st.inactive {
            return;
        }
        let cx = &mut self.cx;
        let known = match st.word(0) {
            Some("interfaces") => self.ifaces.statement(cx, st),
            Some("protocols") => self.routing.protocols(cx, st, 1, None),
            Some("vrf") => match (st.word(1), st.words.get(2), st.word(3)) {
                (Some("name"), Some(vrf), Some("protocols")) => {
                    self.routing.protocols(cx, st, 4, Some(&vrf.text))
                }
                _ => false,
            },
            Some("policy") => self.policies.statement(cx, st),
            Some("vpn") if st.word(1) == Some("ipsec") => self.vpn.statement(cx, st),
            Some("system") => match (st.word(1), st.word(2)) {
                (Some("host-name"), Some(h)) => {
                    self.hostname = Some(h.to_string());
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if !known {
            self.unknown.skip(st.span);
        }
    }

    /// The model, once every statement is filed. `problems` are the syntax layer's (listed
    /// first), `skipped` its unreadable lines.
    fn finish(
        self,
        lines: usize,
        comments: &[Comment],
        problems: &[(Span, String)],
        skipped: &[Span],
        suppressions: Vec<Suppression>,
    ) -> RouterModel {
        let Reader {
            mut cx,
            ifaces,
            routing,
            policies,
            vpn,
            hostname,
            statements,
            unknown,
        } = self;
        let found = std::mem::take(&mut cx.problems);
        cx.seen.clear();
        for (span, message) in problems {
            cx.problem(*span, format!("unreadable configuration text: {message}"));
        }
        for p in found {
            cx.problem(p.span, p.message);
        }
        let legacy = comments.iter().any(|c| is_legacy_footer(&c.text));
        let mut model = RouterModel {
            vendor: Some(Vendor::Vyos),
            hostname,
            ..RouterModel::default()
        };
        model.stats.lines = lines;
        model.stats.statements = statements;
        model.comments = comments.iter().map(|c| c.span).collect();
        model.interfaces = ifaces.finish(&mut cx);
        model.ipsec = vpn.finish(&mut cx, &mut model.interfaces);
        let policies = policies.finish(&cx);
        model.bgp = routing.finish(&mut cx, &model.interfaces, &policies, legacy);
        model.suppressions = suppressions;
        let mut unknown = unknown;
        for span in skipped {
            unknown.skip(*span);
        }
        model.stats.unknown = unknown.unknown;
        model.stats.skipped = unknown.skipped;
        model.problems = cx.problems;
        model
    }
}

/// The streaming reading: statements and comments filed as the parser hands them over.
struct Streaming<'t> {
    reader: Reader<'t>,
    suppressions: suppress::Pending,
}

impl<'a, 't> Sink<'a> for Streaming<'t> {
    fn statement(&mut self, st: &PathStatement<'a>) -> ControlFlow<()> {
        if !self.suppressions.is_empty() {
            let text = self.reader.cx.text;
            // The first word written at or after the comment: in `config.boot` that can be
            // a node's opening line.
            self.suppressions.statement(|end| {
                st.words
                    .iter()
                    .map(|w| w.span.start())
                    .filter(|&s| s >= end)
                    .min()
                    .map(|s| line_span(text, s))
            });
        }
        self.reader.statement(st);
        ControlFlow::Continue(())
    }

    fn comment(&mut self, c: &Comment) {
        self.suppressions.comment(&c.text, c.span);
    }
}

/// The one-pass reading; `None` when the file needs [`extract_whole`].
fn extract_streaming(text: &str, lines: usize) -> Option<RouterModel> {
    let mut sink = Streaming {
        reader: Reader::new(text),
        suppressions: suppress::Pending::default(),
    };
    let r = syntax::parse_each(text, &mut sink)?;
    let Streaming {
        reader,
        suppressions,
    } = sink;
    Some(reader.finish(
        lines,
        &r.comments,
        &r.problems,
        &r.skipped,
        suppressions.finish(),
    ))
}

/// Reads every statement first, then files them.
fn extract_whole(text: &str, lines: usize) -> RouterModel {
    let parsed = syntax::parse(text);
    let mut reader = Reader::new(text);
    for st in &parsed.statements {
        reader.statement(st);
    }
    let suppressions = suppressions(text, &parsed.comments, &parsed.statements);
    reader.finish(
        lines,
        &parsed.comments,
        &parsed.problems,
        &parsed.skipped,
        suppressions,
    )
}

/// The corrected line(s) for a fix, as VyOS `set`/`delete` commands in the config's own
/// BGP syntax generation (`protocols bgp 65010 …` for 1.2/1.3, `protocols bgp …` for 1.4+).
pub fn render_fix(fix: &Fix, model: &RouterModel) -> String {
    fix::render(fix, model)
}

// ----------------------------------------------------------------------------- shared helpers

/// Extraction context: the text (for line spans) and the problems found so far.
pub(super) struct Cx<'a> {
    text: &'a str,
    problems: Vec<ConfigProblem>,
    seen: HashSet<(Span, String)>,
}

impl<'a> Cx<'a> {
    fn new(text: &'a str) -> Self {
        Cx {
            text,
            problems: Vec::new(),
            seen: HashSet::new(),
        }
    }

    /// Record a malformed relevant value once per (line, message).
    fn problem(&mut self, span: Span, message: impl Into<String>) {
        let message = message.into();
        if self.seen.insert((span, message.clone())) {
            self.problems.push(ConfigProblem { span, message });
        }
    }

    /// The whole line (trimmed) containing `offset`: a node's opening line in `config.boot`,
    /// the command line in the `set` form.
    fn line_of(&self, offset: usize) -> Span {
        line_span(self.text, offset)
    }
}

pub(super) fn line_span(text: &str, offset: usize) -> Span {
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    // Eight bytes at a time both ways: every neighbor, interface and candidate prefix of a
    // large configuration asks for its line.
    let mut start = after_last_newline(&bytes[..offset]);
    let mut end = find_newline(&bytes[offset..]).map_or(bytes.len(), |i| offset + i);
    while start < end && bytes[start].is_ascii_whitespace() {
        start += 1;
    }
    while end > start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    Span::new(start, end - start)
}

/// Where the line holding the end of `bytes` starts: after its last `\n`, or 0.
fn after_last_newline(bytes: &[u8]) -> usize {
    memchr::memrchr(b'\n', bytes).map_or(0, |i| i + 1)
}

/// An ASN in asplain or asdot, 1..=4294967295.
pub(super) fn parse_asn(s: &str) -> Option<u32> {
    if let Some((hi, lo)) = s.split_once('.') {
        let hi = parse_digits(hi)?;
        let lo = parse_digits(lo)?;
        if hi > 65535 || lo > 65535 {
            return None;
        }
        let v = hi.checked_mul(65536)?.checked_add(lo)?;
        return (v != 0).then_some(v);
    }
    parse_digits(s).filter(|v| *v != 0)
}

/// Decimal digits only, fitting in u32.
pub(super) fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// An address with prefix length (`169.254.100.2/30`, `2001:db8::2/125`).
pub(super) fn parse_prefix(s: &str) -> Option<IpNet> {
    if !s.contains('/') {
        return None;
    }
    policy::parse_net(s).ok()
}

/// Does a word look like an attempt at an IP address (rather than an interface name)?
pub(super) fn looks_like_ip(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit()) || s.contains(':')
}

/// 1.2 (and Vyatta) footers: `/* === vyatta-config-version: … === */`, `/* Release version: 1.2.x */`.
fn is_legacy_footer(comment: &str) -> bool {
    comment.contains("vyatta-config-version")
        || comment.contains("Release version: 1.2")
        || comment.contains("Release version: 1.1")
}

/// `dxlint-disable[-file] DX603[,DX604] reason` in any comment form.
fn suppressions(
    text: &str,
    comments: &[Comment],
    statements: &[PathStatement],
) -> Vec<Suppression> {
    let mut out = Vec::new();
    // Every word start in text order: the first one after a comment is on the line it
    // silences (in `config.boot` that can be a node's opening line).
    let mut starts: Vec<usize> = statements
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.span.start()))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    for c in comments {
        let Some(d) = suppress::parse(&c.text) else {
            continue;
        };
        let after = c.span.end();
        let idx = starts.partition_point(|s| *s < after);
        let next = starts.get(idx).map(|s| line_span(text, *s));
        out.push(suppress::suppression(d, c.span, next));
    }
    out
}

#[cfg(test)]
mod tests;

//! `router bgp`: neighbors, peer-groups, peer-session/peer-policy templates, address
//! families (global and VRF), NX-OS style neighbor blocks. Raw statements are collected
//! first and resolved at the end, because IOS lets a neighbor refer to a peer-group or
//! template defined further down.

use super::addr::{addr_mask, ip_addr};
use super::policy::{self, AfOrigin, Redistribute};
use super::tokens::Line;
use super::Context;
use crate::dialect::common::{parse_asn, parse_remote_as, parse_u32_digits};
use crate::dialect::name_index::NameIndex;
use crate::dialect::policy::{advertise, FilterKind, Offer, PolicyDb, RouteFilter};
use crate::dialect::resolve::{resolve_into, SessionLayer};
use crate::dialect::secret::decode_cisco7;
use crate::model::{
    Advertisement, Afi, BgpProcess, ConfigProblem, Neighbor, NeighborFamily, Password, RemoteAs,
    RouterModel, Timers, Vendor,
};
use crate::secret::Secret;
use crate::source::{Span, Spanned};
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::IpAddr;

/// Where a statement sits: which address family (None: outside any) and VRF.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Ctx {
    afi: Option<Afi>,
    vrf: Option<String>,
    /// Inside an address family dxlint does not model (vpnv4, l2vpn, multicast…).
    other_af: bool,
}

/// Session attributes (neighbor, peer-group or peer-session template): the shared layer of
/// settings, plus how IOS links layers.
#[derive(Default, Debug, Clone)]
struct Session {
    layer: SessionLayer,
    peer_group: Option<Spanned<String>>,
    inherit_session: Vec<String>,
}

impl std::ops::Deref for Session {
    type Target = SessionLayer;
    fn deref(&self) -> &SessionLayer {
        &self.layer
    }
}

impl AsRef<SessionLayer> for Session {
    fn as_ref(&self) -> &SessionLayer {
        &self.layer
    }
}

impl std::ops::DerefMut for Session {
    fn deref_mut(&mut self) -> &mut SessionLayer {
        &mut self.layer
    }
}

/// Per-address-family attributes (neighbor, peer-group or peer-policy template).
#[derive(Default, Debug, Clone)]
pub(super) struct AfPolicy {
    activate: Option<Span>,
    deactivate: Option<Span>,
    /// The outbound filters' names, as their word's span in the text (no copy per neighbor).
    pub route_map_out: Option<Span>,
    pub prefix_list_out: Option<Span>,
    pub default_originate: Option<Span>,
    maximum_prefix: Option<Spanned<u32>>,
    inherit_policy: Vec<String>,
    block: Option<Span>,
}

#[derive(Debug, Default)]
struct Peer {
    vrf: Option<String>,
    /// The name's span in the text (a copy per neighbor was an allocation each).
    name: Span,
    is_group: bool,
    first_span: Span,
    session: Session,
    afs: Vec<(Afi, AfPolicy)>,
}

// `finish` builds each Neighbor in the memory of the Peer it consumes (in-place collect);
// that needs a Neighbor no larger than a Peer, with the same alignment.
const _: () = assert!(
    std::mem::size_of::<Neighbor>() <= std::mem::size_of::<Peer>()
        && std::mem::align_of::<Neighbor>() == std::mem::align_of::<Peer>()
);

impl AfPolicy {
    fn inherits(&self) -> bool {
        !self.inherit_policy.is_empty()
    }
}

impl Peer {
    fn af_mut(&mut self, afi: Afi) -> &mut AfPolicy {
        if let Some(i) = self.afs.iter().position(|(a, _)| *a == afi) {
            return &mut self.afs[i].1;
        }
        // Usually one family per peer: grow one at a time (the default reserves four).
        self.afs.reserve_exact(1);
        self.afs.push((afi, AfPolicy::default()));
        let last = self.afs.len() - 1;
        &mut self.afs[last].1
    }
    fn af(&self, afi: Afi) -> Option<&AfPolicy> {
        self.afs.iter().find(|(a, _)| *a == afi).map(|(_, p)| p)
    }
}

/// What each (family, VRF) offers its neighbors, built on first use. The global table's
/// two are kept apart: every neighbor asks for both, and most neighbors are global.
#[derive(Default)]
struct Offers {
    global: [Option<Offer>; 2],
    vrfs: HashMap<(Afi, String), Offer>,
}

impl Offers {
    fn get(&mut self, afi: Afi, vrf: Option<&String>, build: impl FnOnce() -> Offer) -> &Offer {
        match vrf {
            None => self.global[afi as usize].get_or_insert_with(build),
            Some(v) => self.vrfs.entry((afi, v.clone())).or_insert_with(build),
        }
    }
}

#[derive(Default)]
pub(crate) struct BgpBuilder {
    present: bool,
    asn: Option<Spanned<u32>>,
    span: Span,
    router_id: Option<Spanned<IpAddr>>,
    timers: Option<Spanned<Timers>>,
    no_default_ipv4: bool,
    /// FRR: `bgp ebgp-requires-policy` is on unless the file turns it off (`frr defaults
    /// datacenter`, a version before 7.4, or `no bgp ebgp-requires-policy`). IOS: off.
    pub(super) requires_policy_default: bool,
    /// `[no] bgp ebgp-requires-policy` as written in the global process.
    requires_policy_line: Option<(bool, Span)>,
    /// Whether the platform activates IPv4 unicast for a neighbor without an
    /// `address-family` naming it (IOS, EOS, FRR: yes; NX-OS: no). Set by `finish`.
    implicit_ipv4: bool,
    peers: Vec<Peer>,
    /// Positions in `peers` by name: every new neighbor looks its name up.
    peer_index: NameIndex,
    /// The last lookup (position, VRF asked for): a neighbor's lines come one after another.
    /// Cleared when a peer becomes a peer-group, which can change what a name resolves to.
    last_peer: Option<(usize, Option<String>)>,
    /// Some peer is a peer-group (which matches its name in every VRF): until then a name
    /// and VRF match at most one peer, and `peer_pos` may try the peer after the last.
    has_groups: bool,
    session_templates: Vec<(String, Session)>,
    policy_templates: Vec<(String, AfPolicy)>,
    origins: Vec<AfOrigin>,
}

pub(super) fn read_router_bgp(cx: &mut Context, idx: u32, line: &Line) {
    let asn_word = line.word(2);
    // FRR: `router bgp N vrf X` is the BGP instance of VRF X (it may use its own ASN).
    let vrf = (line.word(3) == "vrf" && !line.word(4).is_empty())
        .then(|| line.word(4).to_string())
        .filter(|v| v != "default");
    match parse_asn(asn_word) {
        Some(asn) => {
            if vrf.is_some() && cx.bgp.asn.is_some() {
                // The instance of a VRF may use its own ASN; the first process's stays the
                // router's.
            } else if cx.bgp.asn.as_ref().is_some_and(|a| a.value != asn) {
                cx.problem(
                    line.span,
                    format!("a second `router bgp {asn_word}`: a router runs one BGP process; the first one is used"),
                );
            } else if cx.bgp.asn.is_none() {
                cx.bgp.asn = Some(Spanned::new(asn, line.span));
                cx.bgp.span = line.span;
            }
        }
        None => {
            cx.problem(
                line.span,
                format!("`router bgp {asn_word}`: expected an AS number (1-4294967295 or asdot like 1.10)"),
            );
            if !cx.bgp.present {
                cx.bgp.span = line.span;
            }
        }
    }
    cx.bgp.present = true;
    let ctx = Ctx {
        vrf,
        ..Ctx::default()
    };
    let mut children = cx.tree.child_cursor(idx);
    while let Some(child) = children.next(&cx.tree) {
        read_stmt(cx, child, &ctx);
    }
}

fn read_stmt(cx: &mut Context, idx: u32, ctx: &Ctx) {
    let mut line = cx.line(idx);
    if ctx.other_af {
        cx.unknown(line.span);
        return;
    }
    match (line.word(0), line.word(1)) {
        ("neighbor", _) => {
            line.advance(1);
            read_neighbor(cx, idx, &mut line, ctx);
        }
        ("no", "neighbor") if line.word(3) == "activate" => {
            let afi = ctx.afi.unwrap_or(Afi::Ipv4);
            let peer = peer_mut(cx, line.word_span(2), ctx.vrf.clone(), line.span);
            peer.af_mut(afi).deactivate = Some(line.span);
        }
        ("bgp", "ebgp-requires-policy") if ctx.vrf.is_none() => {
            cx.bgp.requires_policy_line = Some((true, line.span));
        }
        ("no", "bgp") if line.word(2) == "ebgp-requires-policy" && ctx.vrf.is_none() => {
            cx.bgp.requires_policy_line = Some((false, line.span));
        }
        ("no", "neighbor") if !line.word(3).is_empty() => {
            let at = peer_pos(cx, line.word_span(2), ctx.vrf.clone(), line.span);
            let peer = &mut cx.bgp.peers[at];
            let afi = ctx.afi.unwrap_or(Afi::Ipv4);
            if !negate(&mut peer.session, line.word(3))
                && !negate_policy(peer.af_mut(afi), line.word(3))
            {
                cx.unknown(line.span);
            }
        }
        ("no", "bgp") if line.word(2) == "default" && line.word(3) == "ipv4-unicast" => {
            cx.bgp.no_default_ipv4 = true;
        }
        ("bgp", "router-id") => match line.word(2).parse() {
            Ok(ip) => cx.bgp.router_id = Some(Spanned::new(ip, line.span)),
            Err(_) => cx.problem(line.span, "`bgp router-id`: expected an IPv4 address"),
        },
        ("timers", "bgp") => {
            if let Some(t) = read_timers(&mut Diag::of(cx), &line, 2) {
                cx.bgp.timers = Some(Spanned::new(t, line.span));
            }
        }
        ("address-family", fam) => {
            let mut inner = Ctx {
                afi: None,
                vrf: ctx.vrf.clone(),
                other_af: false,
            };
            let sub = line.word(2);
            match (fam, sub) {
                ("ipv4", "" | "unicast" | "vrf") => inner.afi = Some(Afi::Ipv4),
                ("ipv6", "" | "unicast" | "vrf") => inner.afi = Some(Afi::Ipv6),
                _ => inner.other_af = true,
            }
            if let Some(pos) = line.find("vrf", 2) {
                inner.vrf = Some(line.word(pos + 1).to_string()).filter(|v| !v.is_empty());
            }
            let mut children = cx.tree.child_cursor(idx);
            while let Some(child) = children.next(&cx.tree) {
                read_stmt(cx, child, &inner);
            }
        }
        ("vrf", name) if !name.is_empty() => {
            let inner = Ctx {
                afi: None,
                vrf: Some(name.to_string()),
                other_af: false,
            };
            let mut children = cx.tree.child_cursor(idx);
            while let Some(child) = children.next(&cx.tree) {
                read_stmt(cx, child, &inner);
            }
        }
        // NX-OS `template peer NAME`: session and families nested like a neighbor's,
        // inherited with `inherit peer NAME`: read as a peer-group.
        ("template", "peer") if !line.word(2).is_empty() => {
            line.advance(2);
            let p = peer_mut(cx, line.word_span(0), None, line.span);
            p.is_group = true;
            p.vrf = None;
            cx.bgp.last_peer = None;
            cx.bgp.has_groups = true;
            read_neighbor(cx, idx, &mut line, ctx);
        }
        ("template", kind @ ("peer-session" | "peer-policy")) => {
            read_template(cx, idx, kind, line.word(2));
        }
        ("network", _) => read_network(cx, &line, ctx),
        ("aggregate-address", _) => read_aggregate(cx, &line, ctx),
        ("redistribute", src) => {
            let route_map = line
                .find("route-map", 2)
                .map(|p| line.word(p + 1).to_string());
            origin_mut(cx, ctx).redistribute.push(Redistribute {
                source: src.to_string(),
                route_map,
                span: line.span,
            });
        }
        (
            "exit-address-family" | "exit-peer-session" | "exit-peer-policy" | "exit-vrf" | "exit",
            _,
        ) => {}
        _ => cx.unknown(line.span),
    }
}

fn origin_mut<'c>(cx: &'c mut Context, ctx: &Ctx) -> &'c mut AfOrigin {
    let afi = Some(ctx.afi.unwrap_or(Afi::Ipv4));
    let origins = &mut cx.bgp.origins;
    if let Some(i) = origins
        .iter()
        .position(|o| o.afi == afi && o.vrf == ctx.vrf)
    {
        return &mut origins[i];
    }
    origins.push(AfOrigin {
        afi,
        vrf: ctx.vrf.clone(),
        ..Default::default()
    });
    origins.last_mut().expect("just pushed")
}

fn read_network(cx: &mut Context, line: &Line, ctx: &Ctx) {
    let a = line.word(1);
    let net = if let Some(p) = line.find("mask", 2) {
        addr_mask(a, Some(line.word(p + 1)))
    } else if a.contains('/') {
        addr_mask(a, None)
    } else {
        // Classful default: IOS derives the mask from the address class.
        a.parse::<std::net::Ipv4Addr>().ok().and_then(|ip| {
            let first = ip.octets()[0];
            let len = if ip.is_unspecified() {
                0
            } else if first < 128 {
                8
            } else if first < 192 {
                16
            } else {
                24
            };
            ipnet::Ipv4Net::new(ip, len).ok().map(IpNet::V4)
        })
    };
    match net {
        Some(net) => {
            let mut c = ctx.clone();
            if c.afi.is_none() {
                c.afi = Some(Afi::of_net(&net));
            }
            origin_mut(cx, &c)
                .networks
                .push(Spanned::new(net.trunc(), line.span));
        }
        None => cx.problem(
            line.span,
            format!(
                "`{}`: expected `network A.B.C.D [mask M.M.M.M]` or a prefix",
                line.text
            ),
        ),
    }
}

fn read_aggregate(cx: &mut Context, line: &Line, ctx: &Ctx) {
    let a = line.word(1);
    let (net, rest_at) = if a.contains('/') {
        (addr_mask(a, None), 2)
    } else {
        (addr_mask(a, Some(line.word(2))), 3)
    };
    match net {
        Some(net) => {
            let summary_only = line.find("summary-only", rest_at).is_some();
            origin_mut(cx, ctx)
                .aggregates
                .push((Spanned::new(net.trunc(), line.span), summary_only));
        }
        None => cx.problem(
            line.span,
            "`aggregate-address`: expected an address and mask",
        ),
    }
}

fn read_template(cx: &mut Context, idx: u32, kind: &str, name: &str) {
    let children: Vec<u32> = cx.tree.children(idx).collect();
    if kind == "peer-session" {
        let mut s = Session::default();
        for child in children {
            let l = cx.line(child);
            if !apply_session(&mut Diag::of(cx), &mut s, &l) {
                cx.unknown(l.span);
            }
        }
        cx.bgp.session_templates.push((name.to_string(), s));
    } else {
        let mut p = AfPolicy::default();
        for child in children {
            let l = cx.line(child);
            if !apply_policy(&mut Diag::of(cx), &mut p, &l) {
                cx.unknown(l.span);
            }
        }
        cx.bgp.policy_templates.push((name.to_string(), p));
    }
}

fn peer_mut<'c>(cx: &'c mut Context, name: Span, vrf: Option<String>, span: Span) -> &'c mut Peer {
    let i = peer_pos(cx, name, vrf, span);
    &mut cx.bgp.peers[i]
}

/// Position of the peer (neighbor or peer-group) named by the text at `name` in `vrf`,
/// created if new.
fn peer_pos(cx: &mut Context, name: Span, vrf: Option<String>, span: Span) -> usize {
    let text = cx.text;
    let b = &mut cx.bgp;
    let name_of = |p: &Peer| &text[p.name.start()..p.name.end()];
    let word = &text[name.start()..name.end()];
    if let Some((i, v)) = &b.last_peer {
        if *v == vrf && name_of(&b.peers[*i]) == word {
            return *i;
        }
        // A block that names each neighbor in turn (an address family after the session
        // lines) asks for the peer after the last one: without peer-groups a match there
        // is the only one, the one the index would find.
        let next = *i + 1;
        if !b.has_groups
            && b.peers
                .get(next)
                .is_some_and(|p| name_of(p) == word && p.vrf == vrf)
        {
            b.last_peer = Some((next, vrf));
            return next;
        }
    }
    let i = find_or_add_peer(text, b, name, vrf.clone(), span);
    b.last_peer = Some((i, vrf));
    i
}

fn find_or_add_peer(
    text: &str,
    b: &mut BgpBuilder,
    name: Span,
    vrf: Option<String>,
    span: Span,
) -> usize {
    let word = &text[name.start()..name.end()];
    let key = b.peer_index.key(word);
    let peers = &b.peers;
    // Peer-groups are global in IOS even when used inside a VRF family.
    let found = b.peer_index.candidates(key).find(|&i| {
        let p = &peers[i];
        &text[p.name.start()..p.name.end()] == word && (p.vrf == vrf || p.is_group)
    });
    if let Some(i) = found {
        return i;
    }
    b.peer_index.push(key);
    b.peers.push(Peer {
        vrf,
        name,
        first_span: span,
        ..Default::default()
    });
    b.peers.len() - 1
}

/// `neighbor X …` (line starts at X). Children (NX-OS blocks) are attributes of X.
/// `line` is advanced past X to the attribute.
fn read_neighbor(cx: &mut Context, idx: u32, line: &mut Line, ctx: &Ctx) {
    let name = line.word_span(0);
    line.advance(1);
    let attr = &*line;
    if name.is_empty() {
        cx.problem(line.span, "`neighbor` without an address or peer-group");
        return;
    }
    // `neighbor NAME peer-group` defines a group.
    let defines_group = attr.word(0) == "peer-group" && attr.word(1).is_empty()
        || attr.word(0) == "peer" && attr.word(1) == "group" && attr.word(2).is_empty();
    if defines_group {
        let p = peer_mut(cx, name, None, line.span);
        p.is_group = true;
        p.vrf = None;
        cx.bgp.last_peer = None;
        cx.bgp.has_groups = true;
        return;
    }
    apply_attr(cx, name, attr, ctx);
    // NX-OS: `neighbor X remote-as N` with indented attributes and families below.
    let mut children = cx.tree.child_cursor(idx);
    while let Some(child) = children.next(&cx.tree) {
        let cl = cx.line(child);
        if cl.word(0) == "address-family" {
            let afi = match cl.word(1) {
                "ipv4" => Afi::Ipv4,
                "ipv6" => Afi::Ipv6,
                _ => continue,
            };
            let inner = Ctx {
                afi: Some(afi),
                vrf: ctx.vrf.clone(),
                other_af: false,
            };
            // A family block under the neighbor activates it.
            peer_mut(cx, name, ctx.vrf.clone(), cl.span)
                .af_mut(afi)
                .activate = Some(cl.span);
            let mut grand = cx.tree.child_cursor(child);
            while let Some(g) = grand.next(&cx.tree) {
                let gl = cx.line(g);
                apply_attr(cx, name, &gl, &inner);
            }
        } else {
            apply_attr(cx, name, &cl, ctx);
        }
    }
}

fn apply_attr(cx: &mut Context, name: Span, attr: &Line, ctx: &Ctx) {
    // One lookup per line: the position stays valid while this line is applied.
    let at = peer_pos(cx, name, ctx.vrf.clone(), attr.span);
    let afi = ctx.afi.unwrap_or(Afi::Ipv4);
    // The peer and the problem list are disjoint fields: update the peer in place.
    let Context {
        text, model, bgp, ..
    } = cx;
    let mut diag = Diag {
        text,
        vendor: model.vendor,
        problems: &mut model.problems,
        peer: Some(name),
    };
    let peer = &mut bgp.peers[at];
    if apply_session(&mut diag, &mut peer.session, attr) {
        return;
    }
    let pol = peer.af_mut(afi);
    if ctx.afi.is_some() && pol.block.is_none() {
        pol.block = Some(attr.span);
    }
    if !apply_policy(&mut diag, pol, attr) {
        model.stats.skip(attr.span);
    }
}

/// What the attribute readers need from the context (the text, the vendor, where problems
/// go), borrowed apart from the builder so a peer's attributes are written in place.
struct Diag<'d> {
    text: &'d str,
    vendor: Option<Vendor>,
    problems: &'d mut Vec<ConfigProblem>,
    /// The neighbor or peer-group the line is written on (EOS keys its encoding by it).
    peer: Option<Span>,
}

impl<'d> Diag<'d> {
    fn of(cx: &'d mut Context) -> Self {
        Diag {
            text: cx.text,
            vendor: cx.model.vendor,
            problems: &mut cx.model.problems,
            peer: None,
        }
    }

    fn problem(&mut self, span: Span, message: impl Into<String>) {
        self.problems.push(ConfigProblem {
            span,
            message: message.into(),
        });
    }
}

/// Session attributes; `false` if the line is not one.
fn apply_session(cx: &mut Diag, s: &mut Session, l: &Line) -> bool {
    let span = l.span;
    match l.word(0) {
        "remote-as" => {
            let w = l.word(1);
            match parse_remote_as(w) {
                Some(v) => s.remote_as = Some(Spanned::new(v, span)),
                None => cx.problem(
                    span,
                    format!("`remote-as {w}`: expected an AS number (1-4294967295 or asdot)"),
                ),
            }
        }
        "local-as" => match parse_asn(l.word(1)) {
            Some(v) => s.rare_mut().local_as = Some(Spanned::new(v, span)),
            None => cx.problem(
                span,
                format!("`local-as {}`: expected an AS number", l.word(1)),
            ),
        },
        "password" => s.password = read_password(cx, l),
        "timers" => {
            if l.word(1) == "connect" {
                return true;
            }
            if let Some(t) = read_timers(cx, l, 1) {
                s.timers = Some(Spanned::new(t, span));
            }
        }
        "update-source" => {
            s.rare_mut().update_source = Some(Spanned::new(l.word(1).to_string(), span))
        }
        "ebgp-multihop" => {
            let hops = parse_u32_digits(l.word(1)).unwrap_or(255);
            s.rare_mut().ebgp_multihop = Some(Spanned::new(hops, span));
        }
        "ttl-security" => {
            let hops = parse_u32_digits(l.word(2)).unwrap_or(1);
            s.rare_mut().ttl_security = Some(Spanned::new(hops, span));
        }
        "disable-connected-check" => s.rare_mut().disable_connected_check = Some(span),
        "shutdown" => s.rare_mut().shutdown = Some(span),
        "bfd" => s.bfd = Some(span),
        "fall-over" if l.word(1) == "bfd" => s.bfd = Some(span),
        "description" => s.description = Some(l.rest(1).to_string()),
        "peer-group" => s.peer_group = Some(Spanned::new(l.word(1).to_string(), span)),
        // EOS 4.23+: `neighbor X peer group G`.
        "peer" if l.word(1) == "group" => {
            s.peer_group = Some(Spanned::new(l.word(2).to_string(), span))
        }
        // NX-OS: `inherit peer TEMPLATE` (a `template peer`, read as a peer-group).
        "inherit" if l.word(1) == "peer" => {
            s.peer_group = Some(Spanned::new(l.word(2).to_string(), span))
        }
        // Nested (NX-OS) `no shutdown`, `no password`…
        "no" => return negate(s, l.word(1)),
        "inherit" if l.word(1) == "peer-session" => s.inherit_session.push(l.word(2).to_string()),
        _ => return false,
    }
    true
}

/// `no ATTR` on a session: the setting is removed. `false` if ATTR is not one.
fn negate(s: &mut Session, what: &str) -> bool {
    match what {
        "shutdown" => s.rare_mut().shutdown = None,
        "password" => s.password = None,
        "bfd" | "fall-over" => s.bfd = None,
        "timers" => s.timers = None,
        "ebgp-multihop" => s.rare_mut().ebgp_multihop = None,
        "ttl-security" => s.rare_mut().ttl_security = None,
        "update-source" => s.rare_mut().update_source = None,
        "local-as" => s.rare_mut().local_as = None,
        _ => return false,
    }
    true
}

/// `no ATTR` in a family: the setting is removed. `false` if ATTR is not one.
fn negate_policy(p: &mut AfPolicy, what: &str) -> bool {
    match what {
        "default-originate" => p.default_originate = None,
        "route-map" => p.route_map_out = None,
        "prefix-list" => p.prefix_list_out = None,
        "maximum-prefix" => p.maximum_prefix = None,
        _ => return false,
    }
    true
}

/// Address-family attributes; `false` if the line is not one.
fn apply_policy(cx: &mut Diag, p: &mut AfPolicy, l: &Line) -> bool {
    let span = l.span;
    match l.word(0) {
        "activate" => p.activate = Some(span),
        "route-map" if l.word(2) == "out" => p.route_map_out = Some(l.word_span(1)),
        "prefix-list" if l.word(2) == "out" => p.prefix_list_out = Some(l.word_span(1)),
        "route-map" | "prefix-list" | "filter-list" | "distribute-list" => {}
        "default-originate" => p.default_originate = Some(span),
        "no" => return negate_policy(p, l.word(1)),
        "maximum-prefix" => match parse_u32_digits(l.word(1)) {
            Some(n) => p.maximum_prefix = Some(Spanned::new(n, span)),
            None => cx.problem(span, "`maximum-prefix`: expected a number"),
        },
        "inherit" if l.word(1) == "peer-policy" => p.inherit_policy.push(l.word(2).to_string()),
        "send-community"
        | "soft-reconfiguration"
        | "next-hop-self"
        | "route-reflector-client"
        | "allowas-in"
        | "as-override"
        | "weight"
        | "unsuppress-map"
        | "advertisement-interval"
        | "send-label"
        | "remove-private-as"
        | "capability" => {}
        _ => return false,
    }
    true
}

fn read_timers(cx: &mut Diag, l: &Line, at: usize) -> Option<Timers> {
    match (
        parse_u32_digits(l.word(at)),
        parse_u32_digits(l.word(at + 1)),
    ) {
        // FRR refuses hold 1-2 ("hold time value must be either 0 or greater than 3") and
        // keeps its previous timers: nothing illegal ever reaches the wire.
        (Some(_), Some(hold)) if (1..3).contains(&hold) && cx.vendor == Some(Vendor::Frr) => {
            cx.problem(
                l.span,
                format!(
                    "`{}`: FRR rejects a hold time of 1-2 s (0 or 3-65535) and keeps its previous timers",
                    l.text
                ),
            );
            None
        }
        (Some(keepalive), Some(hold)) if keepalive <= 65535 && hold <= 65535 => {
            Some(Timers { keepalive, hold })
        }
        _ => {
            cx.problem(
                l.span,
                format!(
                    "`{}`: expected `timers <keepalive> <holdtime>` in seconds (0-65535)",
                    l.text
                ),
            );
            None
        }
    }
}

/// `password [0|6|7|8|9] <text>`: the text runs to the end of the line (IOS allows spaces).
fn read_password(cx: &mut Diag, l: &Line) -> Option<Spanned<Password>> {
    let span = l.span;
    let first = l.word(1);
    let (kind, text) = if first.len() == 1 && first.as_bytes()[0].is_ascii_digit() && l.len() > 2 {
        (first, l.rest(2))
    } else {
        ("0", l.rest(1))
    };
    // The tree trims line ends, but IOS keeps trailing blanks as part of the key: a pasted
    // trailing space is a classic MD5 mismatch, so take them back from the source. FRR's CLI
    // tokenizer drops them (the key it installs has none).
    let frr = cx.vendor == Some(Vendor::Frr);
    let trailing = cx.text[span.end()..]
        .bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count();
    let text_owned;
    let text = if trailing > 0 && kind == "0" && !frr {
        text_owned = format!("{text}{}", &cx.text[span.end()..span.end() + trailing]);
        text_owned.as_str()
    } else {
        text
    };
    if text.is_empty() {
        cx.problem(span, "`password` without a key");
        return None;
    }
    let pw = match kind {
        // ASA's `show running-config` prints every key as `*****`.
        _ if cx.vendor == Some(Vendor::CiscoAsa) && text.bytes().all(|b| b == b'*') => {
            Password::Unverifiable("masked as ***** by show running-config")
        }
        "0" => Password::Known(Secret::new(text)),
        "7" if cx.vendor == Some(Vendor::AristaEos) => {
            let name = cx.peer.map_or("", |p| &cx.text[p.start()..p.end()]);
            match crate::dialect::eos::secret::decode_eos7(name, text) {
                Some(plain) => Password::Known(Secret::new(plain)),
                None => Password::Unverifiable(
                    "an EOS `password 7` value not encrypted under this neighbor's or peer group's name",
                ),
            }
        }
        "7" => match decode_cisco7(text) {
            Some(plain) => Password::Known(Secret::new(plain)),
            None => {
                cx.problem(
                    span,
                    "`password 7`: the value is not valid type 7 (two digits, then hex pairs)",
                );
                Password::Unverifiable("invalid type 7")
            }
        },
        "6" => Password::Unverifiable("type 6 (AES with the router's master key)"),
        "8" | "9" => Password::Unverifiable("type 8/9 (one-way hash)"),
        "3" => Password::Unverifiable("type 3 (NX-OS 3DES)"),
        other => {
            cx.problem(
                span,
                format!("`password {other} …`: unknown encryption type"),
            );
            Password::Unverifiable("unknown encryption type")
        }
    };
    Some(Spanned::new(pw, span))
}

impl BgpBuilder {
    /// Resolve peer-groups and templates and write BGP processes into the model.
    /// `text` is the configuration the builder read (filter names point into it).
    pub(super) fn finish(mut self, text: &str, model: &mut RouterModel, db: &PolicyDb) {
        if !self.present {
            return;
        }
        self.implicit_ipv4 = model.vendor != Some(Vendor::CiscoNxos)
            || crate::dialect::nxos::ACTIVATES_IPV4_BY_DEFAULT;
        let mut peers = std::mem::take(&mut self.peers);
        self.peer_index = NameIndex::default();
        // Peer-groups move out first (the first of a name wins, as IOS reads them), so the
        // neighbors can be converted in place, each peer consumed as its neighbor is built:
        // the peers and the neighbors never take memory side by side.
        let mut groups: Vec<Peer> = Vec::new();
        let mut group_index: HashMap<&str, usize> = HashMap::new();
        for p in peers.iter_mut().filter(|p| p.is_group) {
            group_index
                .entry(&text[p.name.start()..p.name.end()])
                .or_insert(groups.len());
            groups.push(std::mem::take(p));
            p.is_group = true;
        }
        let group = |name: &str| group_index.get(name).map(|&i| &groups[i]);
        // The line (or the process) that makes eBGP neighbors without policy send nothing.
        let requires_policy = match self.requires_policy_line {
            Some((on, span)) => on.then_some(span),
            None => self.requires_policy_default.then_some(self.span),
        };
        let mut offers = Offers::default();
        let mut keep = Vec::new();
        let mut vrfs: Vec<Option<String>> = Vec::new();
        let RouterModel {
            interfaces,
            problems,
            ..
        } = model;
        let neighbors = peers
            .into_iter()
            .filter_map(|mut peer| {
                if peer.is_group {
                    return None;
                }
                let name = &text[peer.name.start()..peer.name.end()];
                let Some(addr) = ip_addr(name) else {
                    if group(name).is_none() && peer.session.remote_as.is_some() {
                        problems.push(crate::model::ConfigProblem {
                            span: peer.first_span,
                            message: format!(
                                "neighbor `{}`: not an IP address, and no peer-group of that name is defined",
                                name
                            ),
                        });
                    }
                    return None;
                };
                let grp = peer
                    .session
                    .peer_group
                    .as_ref()
                    .and_then(|g| group(&g.value));
                // Built where it will live, field by field: a Neighbor and its families
                // are large, and moving them whole per neighbor shows in the profile.
                let mut n = Neighbor::new(addr, peer.first_span);
                n.families.reserve_exact(2);
                let mut has_out = [false; 2];
                for (i, afi) in [Afi::Ipv4, Afi::Ipv6].into_iter().enumerate() {
                    let (fam, out) =
                        self.family(text, &peer, addr, grp, afi, interfaces, db, &mut offers, &mut keep);
                    has_out[i] = out;
                    n.families.push(fam);
                }
                self.resolve_session(text, &mut peer, grp, &mut n);
                if let Some(on) = requires_policy.filter(|_| self.is_ebgp(&n)) {
                    for (fam, out) in n.families.iter_mut().zip(has_out) {
                        if !out {
                            let why = format!(
                                "it is an eBGP neighbor without an outbound {} policy, and `bgp ebgp-requires-policy` is in effect (the default since FRR 7.4 unless `no bgp ebgp-requires-policy` or `frr defaults datacenter`)",
                                fam.afi.as_str()
                            );
                            fam.advertised = Advertisement {
                                default_originate: fam.advertised.default_originate,
                                withheld: Some(Box::new(Spanned::new(why, on))),
                                ..Advertisement::default()
                            };
                        }
                    }
                }
                vrfs.push(peer.vrf.take());
                Some(n)
            })
            .collect::<Vec<Neighbor>>();
        // The reused peer buffer is larger than the neighbors need (a mremap, not a copy).
        let mut neighbors = neighbors;
        neighbors.shrink_to_fit();
        let mut processes: Vec<BgpProcess> = vec![BgpProcess {
            vrf: None,
            local_as: self.asn.clone(),
            router_id: self.router_id.clone(),
            timers: self.timers.clone(),
            span: self.span,
            neighbors: Vec::new(),
        }];
        if vrfs.iter().all(Option::is_none) {
            processes[0].neighbors = neighbors;
        } else {
            for (n, vrf) in neighbors.into_iter().zip(vrfs) {
                let at = match processes.iter().position(|p| p.vrf == vrf) {
                    Some(i) => i,
                    None => {
                        processes.push(BgpProcess {
                            vrf,
                            local_as: self.asn.clone(),
                            router_id: None,
                            timers: self.timers.clone(),
                            span: self.span,
                            neighbors: Vec::new(),
                        });
                        processes.len() - 1
                    }
                };
                processes[at].neighbors.push(n);
            }
        }
        model.bgp = processes;
    }

    /// A neighbor's session values: its peer's own (moved out), else inherited (cloned).
    fn resolve_session(&self, text: &str, peer: &mut Peer, group: Option<&Peer>, n: &mut Neighbor) {
        let own = &mut peer.session;
        let others = self.inherited_sessions(own, group);
        let own_remote_as = own.remote_as.is_some();
        resolve_into(n, std::mem::take(&mut own.layer), &others);
        n.group = group.map(|g| text[g.name.start()..g.name.end()].into());
        if let Some(ra) = &n.remote_as {
            // The line that names the neighbor is the best anchor; keep remote-as span too.
            if own_remote_as {
                n.span = ra.span;
            }
        }
    }

    /// Where a neighbor's session values come from after its own lines: its peer-group's,
    /// then the session templates inherited, breadth-first (its own `inherit`s first).
    fn inherited_sessions<'s>(
        &'s self,
        own: &Session,
        group: Option<&'s Peer>,
    ) -> Vec<&'s Session> {
        let mut chain: Vec<&Session> = Vec::new();
        if let Some(g) = group {
            chain.push(&g.session);
        }
        let add = |chain: &mut Vec<&'s Session>, names: &[String]| {
            for name in names {
                if let Some((_, t)) = self.session_templates.iter().find(|(n, _)| n == name) {
                    if !chain.iter().any(|c| std::ptr::eq(*c, t)) {
                        chain.push(t);
                    }
                }
            }
        };
        add(&mut chain, &own.inherit_session);
        // At most 32 sessions, the neighbor's own counted.
        let mut i = 0;
        while i < chain.len() && chain.len() < 31 {
            let s = chain[i];
            add(&mut chain, &s.inherit_session);
            i += 1;
        }
        chain
    }

    fn policy_chain<'s>(
        &'s self,
        peer: &'s Peer,
        group: Option<&'s Peer>,
        afi: Afi,
    ) -> Vec<&'s AfPolicy> {
        let mut chain: Vec<&AfPolicy> = Vec::new();
        chain.extend(peer.af(afi));
        if let Some(g) = group {
            chain.extend(g.af(afi));
        }
        let mut i = 0;
        while i < chain.len() && chain.len() < 32 {
            let c = chain[i];
            for name in &c.inherit_policy {
                if let Some((_, t)) = self.policy_templates.iter().find(|(n, _)| n == name) {
                    if !chain.iter().any(|c| std::ptr::eq(*c, t)) {
                        chain.push(t);
                    }
                }
            }
            i += 1;
        }
        chain
    }

    /// One family of the neighbor at `addr` (its peer's name, parsed once by the caller).
    #[allow(clippy::too_many_arguments)]
    fn family(
        &self,
        text: &str,
        peer: &Peer,
        addr: IpAddr,
        group: Option<&Peer>,
        afi: Afi,
        interfaces: &[crate::model::Interface],
        db: &PolicyDb,
        offers: &mut Offers,
        keep: &mut Vec<usize>,
    ) -> (NeighborFamily, bool) {
        // Without `inherit peer-policy` the chain is the peer's family and its group's: kept
        // on the stack (a Vec per neighbor and family showed in the profile).
        let own = peer.af(afi);
        let grp = group.and_then(|g| g.af(afi));
        let (pair, one, long): ([&AfPolicy; 2], [&AfPolicy; 1], Vec<&AfPolicy>);
        let chain: &[&AfPolicy] =
            if own.is_some_and(AfPolicy::inherits) || grp.is_some_and(AfPolicy::inherits) {
                long = self.policy_chain(peer, group, afi);
                &long
            } else {
                match (own, grp) {
                    (Some(a), Some(b)) => {
                        pair = [a, b];
                        &pair
                    }
                    (Some(a), None) | (None, Some(a)) => {
                        one = [a];
                        &one
                    }
                    (None, None) => &[],
                }
            };
        let deactivated = peer.af(afi).and_then(|p| p.deactivate);
        let explicit = first(chain, |p| p.activate);
        let addr_afi = Some(Afi::of(addr));
        // IOS and FRR activate IPv4 unicast for every neighbor, IPv6 ones included (the
        // oracle saw FRR offer an IPv6 neighbor IPv4 only), unless `no bgp default
        // ipv4-unicast`; IPv4 neighbors inside `address-family ipv4 vrf X` are active there.
        let implicit = (afi == Afi::Ipv4
            && self.implicit_ipv4
            && ((addr_afi == Some(Afi::Ipv4) && peer.vrf.is_some())
                || (!self.no_default_ipv4 && peer.vrf.is_none())))
        .then_some(peer.first_span);
        let activated = match (explicit, deactivated) {
            (Some(a), Some(d)) if d.start() > a.start() => None,
            (Some(a), _) => Some(a),
            (None, Some(_)) => None,
            (None, None) => implicit,
        };
        let offer = offers.get(afi, peer.vrf.as_ref(), || {
            let origin = self
                .origins
                .iter()
                .find(|o| o.afi == Some(afi) && o.vrf == peer.vrf);
            policy::offer(origin, afi, peer.vrf.as_deref(), interfaces, db)
        });
        let name = |s: Span| &text[s.start()..s.end()];
        let route_map_at = first(chain, |p| p.route_map_out);
        let prefix_list_at = first(chain, |p| p.prefix_list_out);
        let (route_map, prefix_list) = (route_map_at.map(name), prefix_list_at.map(name));
        let has_outbound = route_map.is_some() || prefix_list.is_some();
        let outbound = db.outbound(afi, prefix_list, route_map);
        let filters: Vec<&dyn RouteFilter> =
            outbound.iter().map(|f| f as &dyn RouteFilter).collect();
        let mut advertised = advertise(offer, &filters, keep);
        // Say why nothing goes out when the chain names a filter that does not exist.
        if advertised.prefixes.is_empty() && !offer.routes().is_empty() {
            if let Some(m) = outbound.iter().find_map(|f| f.missing()) {
                let at = match m.kind {
                    FilterKind::PrefixList => prefix_list_at,
                    FilterKind::RouteMap => route_map_at,
                };
                let why = Spanned::new(m.why_nothing_passes(), at.unwrap_or(peer.first_span));
                advertised.withheld = Some(Box::new(why));
            }
        }
        advertised.default_originate = first(chain, |p| p.default_originate);
        let fam = NeighborFamily {
            afi,
            activated,
            block: first(chain, |p| p.block),
            advertised,
            maximum_prefix: first(chain, |p| p.maximum_prefix.clone()),
        };
        (fam, has_outbound)
    }

    /// The neighbor is external: `remote-as external`, or a number other than the process's.
    fn is_ebgp(&self, n: &Neighbor) -> bool {
        match n.remote_as.as_ref().map(|r| r.value) {
            Some(RemoteAs::External) => true,
            Some(RemoteAs::Number(a)) => self.asn.as_ref().is_some_and(|l| l.value != a),
            _ => false,
        }
    }
}

fn first<S, T>(chain: &[&S], f: impl Fn(&S) -> Option<T>) -> Option<T> {
    chain.iter().find_map(|s| f(s))
}

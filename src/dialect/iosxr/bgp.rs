//! IOS-XR `router bgp`: `neighbor X` blocks (and the same under `vrf NAME`) whose lines
//! are the session settings and `address-family ipv4 unicast` sub-blocks; inheritance
//! through `use neighbor-group`, `use session-group` and `use af-group`. A neighbor is
//! active in a family only where an `address-family` block names it (its own or its
//! neighbor-group's). Resolved at the end: groups may be defined after their users.

use super::rpl;
use super::Context;
use crate::dialect::cisco::tokens::Line;
use crate::dialect::common::{parse_asn, parse_remote_as, parse_u32_digits};
use crate::dialect::name_index::NameIndex;
use crate::dialect::policy::{advertise, Offer, OfferBuilder, RouteFilter, Sources};
use crate::dialect::resolve::{resolve_into, SessionLayer};
use crate::dialect::secret::decode_cisco7;
use crate::model::{
    Advertisement, Afi, BgpProcess, Neighbor, NeighborFamily, Password, RemoteAs, RouterModel,
    Timers,
};
use crate::secret::Secret;
use crate::source::{Span, Spanned};
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::IpAddr;

/// Session settings of a neighbor, neighbor-group or session-group: the shared layer
/// (`dialect::resolve`), and what XR adds to it.
#[derive(Default, Debug, Clone)]
struct Session {
    layer: SessionLayer,
    /// `password inheritance-disable`: no key, whatever the levels after this one say.
    no_password: bool,
    /// `bfd fast-detect disable`: likewise for BFD.
    no_bfd: bool,
    use_session: Option<String>,
}

impl AsRef<SessionLayer> for Session {
    fn as_ref(&self) -> &SessionLayer {
        &self.layer
    }
}

/// One address family of a neighbor, neighbor-group or af-group.
#[derive(Default, Debug, Clone)]
struct Af {
    block: Option<Span>,
    policy_out: Option<Spanned<String>>,
    maximum_prefix: Option<Spanned<u32>>,
    /// `Some(None)`: `default-originate disable` (none, whatever the groups say).
    default_originate: Option<Option<Span>>,
    use_af: Option<String>,
}

#[derive(Default, Debug)]
struct Peer {
    name: String,
    vrf: Option<String>,
    span: Span,
    session: Session,
    use_group: Option<String>,
    afs: Vec<(Afi, Af)>,
}

impl Peer {
    fn af_mut(&mut self, afi: Afi) -> &mut Af {
        if let Some(i) = self.afs.iter().position(|(a, _)| *a == afi) {
            return &mut self.afs[i].1;
        }
        // One family at a time: a Vec's first growth makes room for four, and a large PE's
        // 10,000s of neighbors mostly have one.
        self.afs.reserve_exact(1);
        self.afs.push((afi, Af::default()));
        &mut self.afs.last_mut().expect("just pushed").1
    }
    fn af(&self, afi: Afi) -> Option<&Af> {
        self.afs.iter().find(|(a, _)| *a == afi).map(|(_, f)| f)
    }
}

/// `network`, `aggregate-address` and `redistribute` of one (VRF, family).
#[derive(Default, Debug)]
struct Origin {
    networks: Vec<Spanned<IpNet>>,
    aggregates: Vec<(Spanned<IpNet>, bool)>,
    /// (source, route-policy, line)
    redistribute: Vec<(String, Option<String>, Span)>,
}

#[derive(Default)]
pub(crate) struct Builder {
    present: bool,
    asn: Option<Spanned<u32>>,
    span: Span,
    router_id: Option<Spanned<IpAddr>>,
    /// Process timers per VRF (`None`: global).
    timers: HashMap<Option<String>, Spanned<Timers>>,
    peers: Vec<Peer>,
    /// Positions in `peers` by address (a neighbor may exist in several VRFs).
    index: NameIndex,
    groups: HashMap<String, Peer>,
    sessions: HashMap<String, Session>,
    af_groups: HashMap<String, (Afi, Af)>,
    origins: HashMap<(Option<String>, Afi), Origin>,
    vrfs: Vec<String>,
}

fn afi_of(l: &Line, at: usize) -> Option<Afi> {
    match (l.word(at), l.word(at + 1)) {
        ("ipv4", "unicast" | "") => Some(Afi::Ipv4),
        ("ipv6", "unicast" | "") => Some(Afi::Ipv6),
        _ => None,
    }
}

pub(super) fn read(cx: &mut Context, header: &Line) {
    let w = header.word(2);
    match parse_asn(w) {
        Some(asn) if cx.bgp.asn.is_none() => {
            cx.bgp.asn = Some(Spanned::new(asn, header.span));
            cx.bgp.span = header.span;
        }
        Some(asn) if cx.bgp.asn.as_ref().is_some_and(|a| a.value != asn) => cx.problem(
            header.span,
            format!("a second `router bgp {w}`: dxlint reads the first BGP instance only"),
        ),
        Some(_) => {}
        None => cx.problem(
            header.span,
            format!("`router bgp {w}`: expected an AS number (1-4294967295 or asdot like 1.10)"),
        ),
    }
    if !cx.bgp.present {
        cx.bgp.span = header.span;
    }
    cx.bgp.present = true;
    read_block(cx, 0, None);
}

/// The lines of `router bgp` or of one of its `vrf` blocks.
fn read_block(cx: &mut Context, idx: u32, vrf: Option<&str>) {
    // Room for every neighbor block at once (the block's lines bound them), not by doubling.
    let blocks = cx.tree.children(idx).count();
    cx.bgp.peers.reserve(blocks);
    let mut cursor1 = cx.tree.child_cursor(idx);
    while let Some(child) = cursor1.next(&cx.tree) {
        let l = cx.line(child);
        match (l.word(0), l.word(1)) {
            ("bgp", "router-id") => match super::address(l.word(2)) {
                Some(ip) if vrf.is_none() => cx.bgp.router_id = Some(Spanned::new(ip, l.span)),
                Some(_) => {}
                None => cx.problem(l.span, "`bgp router-id`: expected an IPv4 address"),
            },
            ("timers", "bgp") => {
                if let Some(t) = read_timers(cx, &l, 2) {
                    cx.bgp
                        .timers
                        .insert(vrf.map(str::to_string), Spanned::new(t, l.span));
                }
            }
            ("address-family", _) => match afi_of(&l, 1) {
                Some(afi) => read_origin(cx, child, vrf, afi),
                None => cx.model.stats.skip(l.span),
            },
            ("neighbor", name) if !name.is_empty() => {
                let key = cx.bgp.index.key(name);
                let peers = &cx.bgp.peers;
                let found = cx
                    .bgp
                    .index
                    .candidates(key)
                    .find(|&i| peers[i].name == name && peers[i].vrf.as_deref() == vrf);
                let at = match found {
                    Some(i) => i,
                    None => {
                        cx.bgp.peers.push(Peer {
                            name: name.to_string(),
                            vrf: vrf.map(str::to_string),
                            span: l.span,
                            ..Default::default()
                        });
                        cx.bgp.index.push(key);
                        cx.bgp.peers.len() - 1
                    }
                };
                let mut peer = std::mem::take(&mut cx.bgp.peers[at]);
                read_peer(cx, child, &mut peer);
                cx.bgp.peers[at] = peer;
            }
            ("neighbor-group", name) if !name.is_empty() => {
                let mut g = cx.bgp.groups.remove(name).unwrap_or_else(|| Peer {
                    name: name.to_string(),
                    span: l.span,
                    ..Default::default()
                });
                read_peer(cx, child, &mut g);
                cx.bgp.groups.insert(name.to_string(), g);
            }
            ("session-group", name) if !name.is_empty() => {
                let mut s = cx.bgp.sessions.remove(name).unwrap_or_default();
                let mut cursor2 = cx.tree.child_cursor(child);
                while let Some(c) = cursor2.next(&cx.tree) {
                    let cl = cx.line(c);
                    if !read_session(cx, &cl, &mut s) {
                        cx.model.stats.skip(cl.span);
                    }
                }
                cx.bgp.sessions.insert(name.to_string(), s);
            }
            // `af-group NAME address-family ipv4 unicast`
            ("af-group", name) if !name.is_empty() => {
                let Some(afi) = afi_of(&l, 3) else {
                    cx.model.stats.skip(l.span);
                    continue;
                };
                let mut af = Af {
                    block: Some(l.span),
                    ..Default::default()
                };
                let mut cursor3 = cx.tree.child_cursor(child);
                while let Some(c) = cursor3.next(&cx.tree) {
                    let cl = cx.line(c);
                    read_af_line(cx, &cl, &mut af);
                }
                cx.bgp.af_groups.insert(name.to_string(), (afi, af));
            }
            ("vrf", name) if !name.is_empty() && vrf.is_none() => {
                if !cx.bgp.vrfs.iter().any(|v| v == name) {
                    cx.bgp.vrfs.push(name.to_string());
                }
                let name = name.to_string();
                read_block(cx, child, Some(&name));
            }
            _ => cx.model.stats.skip(l.span),
        }
    }
}

fn read_origin(cx: &mut Context, idx: u32, vrf: Option<&str>, afi: Afi) {
    let mut cursor4 = cx.tree.child_cursor(idx);
    while let Some(child) = cursor4.next(&cx.tree) {
        let l = cx.line(child);
        let key = (vrf.map(str::to_string), afi);
        match l.word(0) {
            "network" => match super::prefix(l.word(1)) {
                Some(net) => cx
                    .bgp
                    .origins
                    .entry(key)
                    .or_default()
                    .networks
                    .push(Spanned::new(net.trunc(), l.span)),
                None => cx.problem(l.span, format!("`{}`: expected `network A/len`", l.text)),
            },
            "aggregate-address" => match super::prefix(l.word(1)) {
                Some(net) => {
                    let summary = l.find("summary-only", 2).is_some();
                    cx.bgp
                        .origins
                        .entry(key)
                        .or_default()
                        .aggregates
                        .push((Spanned::new(net.trunc(), l.span), summary));
                }
                None => cx.problem(l.span, "`aggregate-address`: expected A/len"),
            },
            "redistribute" => {
                let policy = l
                    .find("route-policy", 2)
                    .map(|p| rpl::base_name(l.word(p + 1)).to_string());
                cx.bgp.origins.entry(key).or_default().redistribute.push((
                    l.word(1).to_string(),
                    policy,
                    l.span,
                ));
            }
            _ => cx.model.stats.skip(l.span),
        }
    }
}

/// A neighbor's or neighbor-group's block.
fn read_peer(cx: &mut Context, idx: u32, peer: &mut Peer) {
    let mut cursor5 = cx.tree.child_cursor(idx);
    while let Some(child) = cursor5.next(&cx.tree) {
        let l = cx.line(child);
        match (l.word(0), l.word(1)) {
            ("use", "neighbor-group") => peer.use_group = Some(l.word(2).to_string()),
            ("address-family", _) => {
                let Some(afi) = afi_of(&l, 1) else {
                    cx.model.stats.skip(l.span);
                    continue;
                };
                let mut af = std::mem::take(peer.af_mut(afi));
                af.block.get_or_insert(l.span);
                let mut cursor6 = cx.tree.child_cursor(child);
                while let Some(c) = cursor6.next(&cx.tree) {
                    let cl = cx.line(c);
                    read_af_line(cx, &cl, &mut af);
                }
                *peer.af_mut(afi) = af;
            }
            ("no", "address-family") => {
                if let Some(afi) = afi_of(&l, 2) {
                    peer.afs.retain(|(a, _)| *a != afi);
                }
            }
            _ => {
                if !read_session(cx, &l, &mut peer.session) {
                    cx.model.stats.skip(l.span);
                }
            }
        }
    }
}

fn read_af_line(cx: &mut Context, l: &Line, af: &mut Af) {
    let span = l.span;
    match (l.word(0), l.word(1)) {
        ("route-policy", name) if l.word(2) == "out" => {
            af.policy_out = Some(Spanned::new(name.to_string(), span))
        }
        ("no", "route-policy") if l.word(3) == "out" => af.policy_out = None,
        ("maximum-prefix", n) => match parse_u32_digits(n) {
            Some(n) => af.maximum_prefix = Some(Spanned::new(n, span)),
            None => cx.problem(span, "`maximum-prefix`: expected a number"),
        },
        ("default-originate", "disable" | "inheritance-disable") => {
            af.default_originate = Some(None)
        }
        ("default-originate", _) => af.default_originate = Some(Some(span)),
        ("no", "default-originate") => af.default_originate = None,
        ("use", "af-group") => af.use_af = Some(l.word(2).to_string()),
        _ => cx.model.stats.skip(l.span),
    }
}

/// A session line; `false` if the line is not one.
fn read_session(cx: &mut Context, l: &Line, s: &mut Session) -> bool {
    let span = l.span;
    match (l.word(0), l.word(1)) {
        ("remote-as", w) => match parse_remote_as(w) {
            Some(v) => s.layer.remote_as = Some(Spanned::new(v, span)),
            None => cx.problem(
                span,
                format!("`remote-as {w}`: expected an AS number (1-4294967295 or asdot)"),
            ),
        },
        ("use", "session-group") => s.use_session = Some(l.word(2).to_string()),
        ("password", _) => {
            s.layer.password = read_password(cx, l);
            s.no_password = s.layer.password.is_none();
        }
        ("no", "password") => (s.layer.password, s.no_password) = (None, false),
        ("timers", _) => {
            if let Some(t) = read_timers(cx, l, 1) {
                s.layer.timers = Some(Spanned::new(t, span));
            }
        }
        ("bfd", "fast-detect") => {
            s.no_bfd = l.word(2) == "disable";
            s.layer.bfd = (!s.no_bfd).then_some(span);
        }
        ("bfd", _) => {}
        ("description", _) => s.layer.description = Some(l.rest(1).to_string()),
        ("local-as", w) => match parse_asn(w) {
            Some(v) => s.layer.rare_mut().local_as = Some(Spanned::new(v, span)),
            None if w == "inheritance-disable" => s.layer.rare_mut().local_as = None,
            None => cx.problem(span, format!("`local-as {w}`: expected an AS number")),
        },
        ("update-source", w) => {
            s.layer.rare_mut().update_source = Some(Spanned::new(w.to_string(), span))
        }
        ("ebgp-multihop", w) => {
            let hops = parse_u32_digits(w).unwrap_or(255);
            s.layer.rare_mut().ebgp_multihop = Some(Spanned::new(hops, span));
        }
        ("ttl-security", w) if w != "inheritance-disable" => {
            s.layer.rare_mut().ttl_security = Some(Spanned::new(1, span))
        }
        ("ignore-connected-check", _) => s.layer.rare_mut().disable_connected_check = Some(span),
        ("shutdown", w) if w != "inheritance-disable" => s.layer.rare_mut().shutdown = Some(span),
        ("no", "shutdown") => s.layer.rare_mut().shutdown = None,
        _ => return false,
    }
    true
}

/// `password clear KEY` or `password encrypted KEY` (XR's reversible encoding, the same
/// algorithm as IOS type 7), `password inheritance-disable` (none, overriding groups).
fn read_password(cx: &mut Context, l: &Line) -> Option<Spanned<Password>> {
    let span = l.span;
    let key = l.rest(2);
    let pw = match l.word(1) {
        "inheritance-disable" => return None,
        "clear" if !key.is_empty() => Password::Known(Secret::new(key)),
        "encrypted" if !key.is_empty() => match decode_cisco7(key) {
            Some(plain) => Password::Known(Secret::new(plain)),
            None => {
                cx.problem(
                    span,
                    "`password encrypted`: the value is not XR's reversible encoding (two digits, then hex pairs)",
                );
                Password::Unverifiable("invalid `password encrypted` value")
            }
        },
        _ => {
            cx.problem(
                span,
                "`password`: expected `password clear KEY` or `password encrypted VALUE`",
            );
            return None;
        }
    };
    Some(Spanned::new(pw, span))
}

fn read_timers(cx: &mut Context, l: &Line, at: usize) -> Option<Timers> {
    match (
        parse_u32_digits(l.word(at)),
        parse_u32_digits(l.word(at + 1)),
    ) {
        (Some(keepalive), Some(hold)) if keepalive <= 65535 && hold <= 65535 => {
            Some(Timers { keepalive, hold })
        }
        _ => {
            cx.problem(
                l.span,
                format!(
                    "`{}`: expected `timers <keepalive> <holdtime>` in seconds",
                    l.text
                ),
            );
            None
        }
    }
}

/// Add `s` to the first `len` of `chain` unless there (or full).
fn push_unique<'s>(chain: &mut [Option<&'s Session>; 8], len: &mut usize, s: &'s Session) {
    if *len < chain.len() && !chain[..*len].iter().flatten().any(|c| std::ptr::eq(*c, s)) {
        chain[*len] = Some(s);
        *len += 1;
    }
}

impl Builder {
    /// Resolve the groups and write one BGP process per VRF into the model.
    pub(super) fn finish(
        mut self,
        text: &str,
        model: &mut RouterModel,
        db: &rpl::Db,
        statics: &[(Option<String>, Spanned<IpNet>)],
    ) {
        if !self.present {
            return;
        }
        let mut processes = vec![BgpProcess {
            vrf: None,
            local_as: self.asn.clone(),
            router_id: self.router_id.clone(),
            timers: self.timers.get(&None).cloned(),
            span: self.span,
            neighbors: Vec::new(),
        }];
        for v in &self.vrfs {
            processes.push(BgpProcess {
                vrf: Some(v.clone()),
                local_as: self.asn.clone(),
                router_id: None,
                timers: self
                    .timers
                    .get(&Some(v.clone()))
                    .or_else(|| self.timers.get(&None))
                    .cloned(),
                span: self.span,
                neighbors: Vec::new(),
            });
        }
        let mut offers: HashMap<(Option<String>, Afi), Offer> = HashMap::new();
        let mut peers = std::mem::take(&mut self.peers);
        // The name index served the reading; not needed while the neighbors are built.
        self.index = NameIndex::default();
        // Each process sized for its neighbors: a large PE's list grown by doubling is up to
        // twice the memory, held while the raw peers still are.
        for p in &mut processes {
            let n = peers.iter().filter(|peer| peer.vrf == p.vrf).count();
            p.neighbors.reserve_exact(n);
        }
        // Taken from the end, the buffer shrinking as it empties: a large PE's raw peers are
        // given back while its neighbors are built, not held until the last one is.
        peers.reverse();
        while let Some(mut peer) = peers.pop() {
            if peers.len().is_multiple_of(4096) {
                peers.shrink_to_fit();
            }
            let peer = &mut peer;
            // `neighbor 10.0.0.0/24` is a range for dynamic neighbors: no session to check.
            let Some(addr) = super::address(&peer.name) else {
                if !peer.name.contains('/') {
                    model.problems.push(crate::model::ConfigProblem {
                        span: peer.span,
                        message: format!("neighbor `{}`: expected an IP address", peer.name),
                    });
                }
                continue;
            };
            let group = peer.use_group.as_deref().and_then(|g| self.groups.get(g));
            let mut n = Neighbor::new(addr, peer.span);
            n.families.reserve_exact(2);
            self.resolve_session(&mut peer.session, group, &mut n);
            let ebgp = match n.remote_as.as_ref().map(|r| r.value) {
                Some(RemoteAs::Number(r)) => {
                    let local = n
                        .rare()
                        .local_as
                        .as_ref()
                        .or(self.asn.as_ref())
                        .map(|a| a.value);
                    Some(r) != local
                }
                Some(RemoteAs::External) => true,
                _ => false,
            };
            for afi in [Afi::Ipv4, Afi::Ipv6] {
                let offer = offers.entry((peer.vrf.clone(), afi)).or_insert_with(|| {
                    self.offer(text, peer.vrf.as_deref(), afi, model, db, statics)
                });
                n.families
                    .push(self.family(text, peer, group, afi, ebgp, offer, db));
            }
            let at = processes
                .iter()
                .position(|p| p.vrf == peer.vrf)
                .unwrap_or(0);
            processes[at].neighbors.push(n);
        }
        model.bgp = processes;
    }

    /// Own values first (moved out), then the session-group the neighbor uses, then its
    /// neighbor-group's, then the session-groups those use (cloned).
    fn resolve_session(&self, own: &mut Session, group: Option<&Peer>, n: &mut Neighbor) {
        // At most 8 inherited sessions (a chain on the stack: one per neighbor).
        let mut chain: [Option<&Session>; 8] = [None; 8];
        let mut len = 0;
        if let Some(s) = own
            .use_session
            .as_deref()
            .and_then(|s| self.sessions.get(s))
        {
            push_unique(&mut chain, &mut len, s);
        }
        if let Some(g) = group {
            push_unique(&mut chain, &mut len, &g.session);
        }
        let mut i = 0;
        while let Some(c) = chain.get(i).copied().flatten() {
            if let Some(s) = c.use_session.as_deref().and_then(|s| self.sessions.get(s)) {
                push_unique(&mut chain, &mut len, s);
            }
            i += 1;
        }
        // The first level that sets a key or BFD, or switches it off, decides it.
        let levels = || std::iter::once(&*own).chain(chain.iter().flatten().copied());
        let no_password = levels()
            .find(|s| s.layer.password.is_some() || s.no_password)
            .is_some_and(|s| s.no_password);
        let no_bfd = levels()
            .find(|s| s.layer.bfd.is_some() || s.no_bfd)
            .is_some_and(|s| s.no_bfd);
        let layers: Vec<&Session> = chain[..len].iter().flatten().copied().collect();
        resolve_into(n, std::mem::take(&mut own.layer), &layers);
        if no_password {
            n.password = None;
        }
        if no_bfd {
            n.bfd = None;
        }
        n.group = group.map(|g| g.name.as_str().into());
    }

    /// What a (VRF, family) offers before outbound policy.
    fn offer(
        &self,
        text: &str,
        vrf: Option<&str>,
        afi: Afi,
        model: &RouterModel,
        db: &rpl::Db,
        statics: &[(Option<String>, Spanned<IpNet>)],
    ) -> Offer {
        let mut offer = OfferBuilder::default();
        let Some(o) = self.origins.get(&(vrf.map(str::to_string), afi)) else {
            return offer.finish();
        };
        for n in &o.networks {
            offer.route(n.clone());
        }
        let from = Sources {
            interfaces: &model.interfaces,
            statics: Some(statics),
            vrf,
            afi,
        };
        for (source, policy, span) in &o.redistribute {
            let filter = policy.as_deref().map(|p| (p, db.filter(text, p)));
            let filter = filter.as_ref().map(|(p, f)| (*p, f as &dyn RouteFilter));
            offer.redistribute(source, &from, "route-policy", filter, *span);
        }
        for (agg, summary_only) in &o.aggregates {
            offer.aggregate(agg.clone(), *summary_only);
        }
        offer.finish()
    }

    #[allow(clippy::too_many_arguments)]
    fn family(
        &self,
        text: &str,
        peer: &Peer,
        group: Option<&Peer>,
        afi: Afi,
        ebgp: bool,
        offer: &Offer,
        db: &rpl::Db,
    ) -> NeighborFamily {
        // The family's settings in inheritance order, on the stack (one chain per neighbor).
        let mut chain: [Option<&Af>; 8] = [None; 8];
        let mut len = 0;
        for a in [peer.af(afi), group.and_then(|g| g.af(afi))]
            .into_iter()
            .flatten()
        {
            chain[len] = Some(a);
            len += 1;
        }
        let mut i = 0;
        while i < len && len < 8 {
            if let Some((a, f)) = chain[i]
                .and_then(|c| c.use_af.as_deref())
                .and_then(|n| self.af_groups.get(n))
            {
                if *a == afi && !chain[..len].iter().flatten().any(|c| std::ptr::eq(*c, f)) {
                    chain[len] = Some(f);
                    len += 1;
                }
            }
            i += 1;
        }
        let chain = &chain[..len];
        macro_rules! first {
            ($f:ident) => {
                chain.iter().flatten().find_map(|s| s.$f.clone())
            };
        }
        let block = peer
            .af(afi)
            .or(group.and_then(|g| g.af(afi)))
            .and_then(|a| a.block);
        let policy = chain.iter().flatten().find_map(|s| s.policy_out.as_ref());
        let mut adv = Advertisement {
            default_originate: first!(default_originate).flatten(),
            ..Default::default()
        };
        if block.is_some() {
            match &policy {
                None if ebgp && super::PROFILE.ebgp_requires_policy => {
                    adv.withheld = Some(Box::new(Spanned::new(
                        "IOS-XR sends an eBGP neighbor nothing without an outbound `route-policy` (and accepts nothing without an inbound one)".to_string(),
                        block.unwrap_or(peer.span),
                    )));
                    adv.default_originate = None;
                }
                None => {
                    let sent = advertise(offer, &[], &mut Vec::new());
                    (adv.prefixes, adv.unbounded) = (sent.prefixes, sent.unbounded);
                }
                Some(p) if !db.has_policy(&p.value) => {
                    adv.unbounded = Some(Box::new(Spanned::new(
                        format!("route-policy {} is not defined in this file", p.value),
                        p.span,
                    )));
                }
                Some(p) => {
                    let filter = db.filter(text, &p.value);
                    let sent = advertise(offer, &[&filter], &mut Vec::new());
                    (adv.prefixes, adv.unbounded) = (sent.prefixes, sent.unbounded);
                }
            }
        }
        NeighborFamily {
            afi,
            activated: block,
            block,
            advertised: adv,
            maximum_prefix: first!(maximum_prefix),
        }
    }
}

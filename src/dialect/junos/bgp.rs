//! `routing-options`, `protocols bgp` and `routing-instances`: one [`BgpProcess`] per routing
//! table (the master instance and each routing instance with BGP).
//!
//! Inheritance: a neighbor takes each attribute from itself, else its group, else the
//! instance's `protocols bgp` level. Session settings (peer-as, local-as, authentication-key,
//! hold-time, local-address, multihop, bfd-liveness-detection …) follow the shared rule of
//! `dialect::resolve`, with the Junos-only statements around it ([`session`]); `export` and
//! `family` are resolved here.
//!
//! Families: Junos negotiates `inet unicast` only when no `family` is configured at any of
//! the three levels, whatever the transport address of the neighbor (an IPv6 neighbor without
//! `family inet6 unicast` comes up but carries no IPv6 routes). Families configured at a
//! level replace, not extend, those of the levels above (configuring `family inet6 unicast`
//! on a neighbor drops the group's `family inet unicast` for it). `family X any` counts as
//! unicast; `labeled-unicast`, `flow`, `multicast` … do not.
//!
//! A routing instance without its own `autonomous-system` / `router-id` uses the master's.

use super::interfaces::{parse_prefix, split_unit};
use super::policy::{Candidates, ExportQuery, Policies};
use super::session::{self, KeyChains, Level, Levels};
use super::{parse_asn, parse_u32, Cx, Stmt};
use crate::dialect::common::{push_compact, NameTable};
use crate::dialect::name_index::NameIndex;
use crate::dialect::policy::{Offer, OfferBuilder, Origin, Source};
use crate::model::{Afi, BgpProcess, Neighbor, NeighborFamily, RemoteAs, RouterModel};
use crate::source::{Span, Spanned};
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum RouteKind {
    Static,
    Aggregate,
    Generate,
}

#[derive(Debug, Clone)]
pub(crate) struct Route {
    pub prefix: IpNet,
    pub kind: RouteKind,
    pub span: Span,
    /// `no-readvertise`: never exported.
    pub no_readvertise: bool,
}

#[derive(Debug, Clone)]
struct FamCfg {
    name: String,
    afi: Option<Afi>,
    unicast: bool,
    span: Span,
    max_prefix: Option<Spanned<u32>>,
}

/// What one level (`protocols bgp`, a group, a neighbor) configures.
#[derive(Debug, Default)]
struct Attrs {
    session: Level,
    families: Vec<FamCfg>,
    export: Vec<Spanned<String>>,
}

#[derive(Debug)]
struct Nbr {
    /// Position of its group in [`Bgp::groups`].
    group: u32,
    addr: IpAddr,
    span: Span,
    own_span: bool,
    attrs: Attrs,
}

#[derive(Debug)]
struct Group {
    name: std::sync::Arc<str>,
    attrs: Attrs,
    /// Position in [`Bgp::neighbors`] by address: every neighbor statement looks it up.
    by_addr: HashMap<IpAddr, usize>,
    /// The neighbor the previous statement named (consecutive lines mostly name the same).
    last: Option<(IpAddr, usize)>,
}

#[derive(Debug)]
struct Bgp {
    span: Span,
    own_span: bool,
    global: Attrs,
    groups: Vec<Group>,
    /// The neighbors of every group, in the order first named. One list, not one per
    /// group: at the end it becomes the model's neighbor list in its own memory.
    neighbors: Vec<Nbr>,
    /// Position in `groups` by name.
    by_name: NameTable,
}

#[derive(Debug)]
pub(crate) struct Instance {
    pub name: Option<String>,
    pub itype: Option<String>,
    pub asn: Option<Spanned<u32>>,
    pub router_id: Option<Spanned<IpAddr>>,
    pub routes: Vec<Route>,
    /// Position in `routes` by (kind, prefix).
    /// Positions in `routes` by (kind, prefix).
    route_index: NameIndex,
    /// The route the previous statement named.
    last_route: Option<((RouteKind, IpNet), usize)>,
    /// Routing protocols configured besides BGP (`ospf`, `isis` …).
    pub protocols: Vec<String>,
    pub interfaces: Vec<String>,
    bgp: Option<Bgp>,
    pub inactive: Option<Span>,
}

impl Instance {
    fn new(name: Option<String>) -> Self {
        Instance {
            name,
            itype: None,
            asn: None,
            router_id: None,
            routes: Vec::new(),
            route_index: NameIndex::default(),
            last_route: None,
            protocols: Vec::new(),
            interfaces: Vec::new(),
            bgp: None,
            inactive: None,
        }
    }
}

pub(crate) struct Builder {
    instances: Vec<Instance>,
    by_name: NameTable,
    /// The neighbor address text of the previous neighbor statement, and its value.
    last_neighbor: Option<(String, IpAddr)>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            instances: vec![Instance::new(None)],
            by_name: NameTable::default(),
            last_neighbor: None,
        }
    }
}

impl Builder {
    fn instance(&mut self, name: &str) -> usize {
        let instances = &mut self.instances;
        self.by_name.get_or_insert_with(name, || {
            instances.push(Instance::new(Some(name.to_string())));
            instances.len() - 1
        })
    }

    /// Interface (unit) name → routing instance, for `Interface.vrf`.
    pub fn interface_vrfs(&self) -> HashMap<String, String> {
        let mut m = HashMap::new();
        for inst in &self.instances {
            if let Some(name) = &inst.name {
                for i in &inst.interfaces {
                    m.insert(i.clone(), name.clone());
                }
            }
        }
        m
    }
}

// ------------------------------------------------------------------ statements

/// `routing-instances NAME …`
pub(crate) fn routing_instance(cx: &mut Cx, s: &Stmt) -> bool {
    let Some(name) = s.w(1) else { return false };
    if name.starts_with('<') {
        return false;
    }
    let inst = cx.routing.instance(name);
    if let Some(span) = s.entity_inactive(2) {
        cx.routing.instances[inst].inactive.get_or_insert(span);
    }
    match s.w(2) {
        Some("instance-type") => {
            if s.inactive.is_none() {
                cx.routing.instances[inst].itype = s.w(3).map(str::to_string);
            }
            true
        }
        Some("interface") => {
            if let Some(i) = s.w(3) {
                if !s.attr_inactive(2) {
                    let name = if split_unit(i).is_some() {
                        i.to_string()
                    } else {
                        format!("{i}.0")
                    };
                    cx.routing.instances[inst].interfaces.push(name);
                }
            }
            true
        }
        Some("routing-options") => routing_options(cx, s, Some(inst), 3),
        Some("protocols") => protocols(cx, s, Some(inst), 3),
        None => true,
        _ => false,
    }
}

/// `[routing-instances X] routing-options …`; `at` is the index after `routing-options`.
pub(crate) fn routing_options(cx: &mut Cx, s: &Stmt, inst: Option<usize>, at: usize) -> bool {
    let inst = inst.unwrap_or(0);
    if s.inactive.is_some() {
        // Inactive routing options (e.g. `inactive: static`) do not exist for Junos.
        return true;
    }
    let span = s.span();
    match s.w(at) {
        Some("autonomous-system") => {
            let v = s.w(at + 1).unwrap_or("");
            match parse_asn(v) {
                Some(asn) => cx.routing.instances[inst].asn = Some(Spanned::new(asn, span)),
                None if matches!(v, "loops" | "asdot-notation" | "independent-domain") => {}
                None => cx.problem(
                    span,
                    format!("routing-options autonomous-system '{v}' is not an AS number"),
                ),
            }
            true
        }
        Some("router-id") => {
            let v = s.w(at + 1).unwrap_or("");
            match v.parse::<IpAddr>() {
                Ok(ip) => cx.routing.instances[inst].router_id = Some(Spanned::new(ip, span)),
                Err(_) => cx.problem(span, format!("router-id '{v}' is not an IPv4 address")),
            }
            true
        }
        Some(kind @ ("static" | "aggregate" | "generate")) => route(cx, s, inst, kind, at + 1),
        Some("rib") => match s.w(at + 2) {
            Some(kind @ ("static" | "aggregate" | "generate")) => route(cx, s, inst, kind, at + 3),
            _ => false,
        },
        _ => false,
    }
}

fn route(cx: &mut Cx, s: &Stmt, inst: usize, kind: &str, at: usize) -> bool {
    if s.w(at) != Some("route") {
        return false;
    }
    let Some(p) = s.w(at + 1) else { return false };
    let span = s.span();
    let Some(prefix) = parse_prefix(p).map(|n| n.trunc()) else {
        cx.problem(span, format!("{kind} route '{p}' is not a prefix"));
        return true;
    };
    let kind = match kind {
        "static" => RouteKind::Static,
        "aggregate" => RouteKind::Aggregate,
        _ => RouteKind::Generate,
    };
    let instance = &mut cx.routing.instances[inst];
    let routes = &mut instance.routes;
    let key = (kind, prefix);
    let cached = instance
        .last_route
        .filter(|(k, _)| *k == key)
        .map(|(_, i)| i);
    let found = cached.or_else(|| {
        let k = instance.route_index.key(&key);
        let hit = instance
            .route_index
            .candidates(k)
            .find(|&i| (routes[i].kind, routes[i].prefix) == key);
        if hit.is_none() {
            instance.route_index.push(k);
        }
        hit
    });
    let i = match found {
        Some(i) => i,
        None => {
            routes.push(Route {
                prefix,
                kind,
                span,
                no_readvertise: false,
            });
            routes.len() - 1
        }
    };
    instance.last_route = Some((key, i));
    match s.w(at + 2) {
        Some("no-readvertise") => routes[i].no_readvertise = true,
        Some("readvertise") => routes[i].no_readvertise = false,
        _ => {}
    }
    true
}

/// `[routing-instances X] protocols …`; `at` is the index after `protocols`.
pub(crate) fn protocols(cx: &mut Cx, s: &Stmt, inst: Option<usize>, at: usize) -> bool {
    let inst = inst.unwrap_or(0);
    match s.w(at) {
        Some("bgp") => bgp(cx, s, inst, at + 1),
        Some(p) => {
            if s.inactive.is_none() {
                let list = &mut cx.routing.instances[inst].protocols;
                if !list.iter().any(|x| x == p) {
                    list.push(p.to_string());
                }
            }
            false
        }
        None => false,
    }
}

/// `… protocols bgp …`; `at` is the index after `bgp`.
fn bgp(cx: &mut Cx, s: &Stmt, inst: usize, at: usize) -> bool {
    let own = !s.inherited;
    let bgp_span = cx.header_span(s, at - 1, at - 1);
    let i = &mut cx.routing.instances[inst];
    let b = i.bgp.get_or_insert_with(|| Bgp {
        span: bgp_span,
        own_span: own,
        global: Attrs::default(),
        groups: Vec::new(),
        neighbors: Vec::new(),
        by_name: NameTable::default(),
    });
    if own && !b.own_span {
        b.span = bgp_span;
        b.own_span = true;
    }
    if let Some(span) = s.entity_inactive(at) {
        b.global.session.deactivate(span);
    }
    if s.w(at) != Some("group") {
        if s.attr_inactive(at) {
            return true;
        }
        if s.w(at).is_none() {
            return true;
        }
        let mut attrs = std::mem::take(&mut b.global);
        let used = attr(cx, s, at, &mut attrs);
        if let Some(b) = cx.routing.instances[inst].bgp.as_mut() {
            b.global = attrs;
        }
        return used;
    }
    let Some(gname) = s.w(at + 1) else {
        return false;
    };
    let gdepth = at + 2;
    let groups = &mut b.groups;
    let gi = b.by_name.get_or_insert_with(gname, || {
        groups.push(Group {
            name: gname.into(),
            attrs: Attrs::default(),
            by_addr: HashMap::new(),
            last: None,
        });
        groups.len() - 1
    });
    if let Some(span) = s.entity_inactive(gdepth) {
        if s.entity_inactive(at).is_none() {
            b.groups[gi].attrs.session.deactivate(span);
        }
    }
    if s.w(gdepth) == Some("neighbor") {
        let Some(a) = s.w(gdepth + 1) else {
            return false;
        };
        let ndepth = gdepth + 2;
        let parsed = match &cx.routing.last_neighbor {
            // The previous statement's neighbor (consecutive lines mostly name the same).
            Some((text, ip)) if text == a => Ok(*ip),
            _ => a.split('%').next().unwrap_or(a).parse::<IpAddr>(),
        };
        let addr = match parsed {
            Ok(ip) => {
                let last = cx
                    .routing
                    .last_neighbor
                    .get_or_insert_with(|| (String::new(), ip));
                if last.0 != a {
                    last.0.clear();
                    last.0.push_str(a);
                    last.1 = ip;
                }
                ip
            }
            Err(_) => {
                let span = s.span();
                cx.problem(
                    span,
                    format!("BGP group {gname}: neighbor '{a}' is not an IP address"),
                );
                return true;
            }
        };
        let nspan = cx.header_span(s, gdepth, gdepth + 1);
        let Some(b) = cx.routing.instances[inst].bgp.as_mut() else {
            return false;
        };
        let g = &mut b.groups[gi];
        let cached = g.last.filter(|(a, _)| *a == addr).map(|(_, ni)| ni);
        let ni = match cached.or_else(|| g.by_addr.get(&addr).copied()) {
            Some(ni) => {
                let n = &mut b.neighbors[ni];
                if own && !n.own_span {
                    n.span = nspan;
                    n.own_span = true;
                }
                ni
            }
            None => {
                let ni = b.neighbors.len();
                b.neighbors.push(Nbr {
                    group: u32::try_from(gi).expect("fewer than 2^32 BGP groups"),
                    addr,
                    span: nspan,
                    own_span: own,
                    attrs: Attrs::default(),
                });
                g.by_addr.insert(addr, ni);
                ni
            }
        };
        g.last = Some((addr, ni));
        if let Some((d, span)) = s.inactive {
            if d == ndepth {
                // The neighbor itself is deactivated: its span is the tag (fixes `activate` it).
                let n = &mut b.neighbors[ni];
                n.attrs.session.deactivate(span);
                n.span = span;
                n.own_span = true;
            }
        }
        if s.attr_inactive(ndepth) || s.w(ndepth).is_none() {
            return true;
        }
        let mut attrs = std::mem::take(&mut b.neighbors[ni].attrs);
        let used = attr(cx, s, ndepth, &mut attrs);
        if let Some(b) = cx.routing.instances[inst].bgp.as_mut() {
            b.neighbors[ni].attrs = attrs;
        }
        return used;
    }
    if s.attr_inactive(gdepth) || s.w(gdepth).is_none() {
        return true;
    }
    let mut attrs = std::mem::take(&mut b.groups[gi].attrs);
    let used = attr(cx, s, gdepth, &mut attrs);
    if let Some(b) = cx.routing.instances[inst].bgp.as_mut() {
        b.groups[gi].attrs = attrs;
    }
    used
}

/// One BGP attribute at word `at` (global, group or neighbor level).
fn attr(cx: &mut Cx, s: &Stmt, at: usize, a: &mut Attrs) -> bool {
    match s.w(at).unwrap_or("") {
        "family" => family(s, at + 1, a),
        "export" => {
            let v = s.w(at + 1).unwrap_or("");
            if !v.is_empty() {
                push_compact(&mut a.export, Spanned::new(v.to_string(), s.span()));
            }
        }
        "import" => {}
        _ => return session::statement(cx, s, at, &mut a.session).is_some(),
    }
    true
}

fn family(s: &Stmt, at: usize, a: &mut Attrs) {
    let span = s.span();
    let name = s.w(at).unwrap_or("");
    let safi = s.w(at + 1);
    let afi = match name {
        "inet" => Some(Afi::Ipv4),
        "inet6" => Some(Afi::Ipv6),
        _ => None,
    };
    let unicast = afi.is_some() && matches!(safi, None | Some("unicast") | Some("any"));
    let key_safi = if unicast {
        "unicast"
    } else {
        safi.unwrap_or("")
    };
    let key = format!("{name} {key_safi}");
    let i = match a.families.iter().position(|f| f.name == key) {
        Some(i) => i,
        None => push_compact(
            &mut a.families,
            FamCfg {
                name: key,
                afi,
                unicast,
                span,
                max_prefix: None,
            },
        ),
    };
    if unicast {
        let mut k = at + 2;
        while let Some(w) = s.w(k) {
            if matches!(w, "prefix-limit" | "accepted-prefix-limit")
                && s.w(k + 1) == Some("maximum")
            {
                if let Some(n) = s.w(k + 2).and_then(parse_u32) {
                    a.families[i].max_prefix = Some(Spanned::new(n, span));
                }
                break;
            }
            k += 1;
        }
    }
}

// ------------------------------------------------------------------ resolution

impl Bgp {
    /// The levels neighbor `n` resolves through, most specific first.
    fn levels<'a>(&'a self, n: &'a Nbr) -> Levels<'a> {
        let g = &self.groups[n.group as usize];
        Levels([&n.attrs.session, &g.attrs.session, &self.global.session])
    }

    /// Before resolving: each level's key chain becomes its password.
    fn key_chains_to_passwords(&mut self, key_chains: &KeyChains) {
        let groups = self.groups.iter_mut().map(|g| &mut g.attrs);
        let neighbors = self.neighbors.iter_mut().map(|n| &mut n.attrs);
        for a in std::iter::once(&mut self.global)
            .chain(groups)
            .chain(neighbors)
        {
            a.session.key_chain_to_password(key_chains);
        }
    }
}

impl Builder {
    pub fn finish(self, model: &mut RouterModel, policies: &Policies, key_chains: &KeyChains) {
        let master_asn = self.instances[0].asn.clone();
        let master_rid = self.instances[0].router_id.clone();
        let master_has_ibgp = self.instances[0].bgp.as_ref().is_some_and(|b| {
            b.neighbors
                .iter()
                .any(|n| b.levels(n).internal() == Some(true))
        });
        // Consumed as the neighbors are built: each raw neighbor is freed once resolved, so
        // the raw and the resolved forms of every neighbor are not all held at once.
        for mut inst in self.instances {
            let Some(mut b) = inst.bgp.take() else {
                continue;
            };
            // Group by group, each in the order first named (the order Junos shows them):
            // a `set` configuration may name a group's neighbors between another's.
            if !b.neighbors.is_sorted_by_key(|n| n.group) {
                b.neighbors.sort_by_key(|n| n.group);
            }
            // The export candidates copy what they need of the routes: the routes (and their
            // index) are freed before the neighbors are built.
            inst.route_index = NameIndex::default();
            let candidates =
                Candidates::new(candidates(&inst, &model.interfaces), &model.interfaces);
            inst.routes = Vec::new();
            let inst = &inst;
            b.key_chains_to_passwords(key_chains);
            let local_as = inst.asn.clone().or_else(|| master_asn.clone());
            let mut process = BgpProcess {
                vrf: inst.name.clone(),
                local_as: local_as.clone(),
                router_id: inst.router_id.clone().or_else(|| master_rid.clone()),
                timers: b.global.session.take_bgp_timers(),
                span: b.span,
                neighbors: Vec::new(),
            };
            // Every neighbor of the instance with its resolved remote AS, for the default
            // export policy (BGP routes learned from the others).
            let mut peers: Vec<(IpAddr, Option<u32>, bool, bool)> = Vec::new();
            for n in &b.neighbors {
                let levels = b.levels(n);
                let peer_as = levels.peer_as();
                let internal = levels
                    .internal()
                    .unwrap_or(peer_as.is_some() && peer_as == local_as.as_ref().map(|l| l.value));
                let down = levels.down() || inst.inactive.is_some();
                peers.push((n.addr, peer_as, internal, down));
            }
            let peers = {
                let all = peers;
                BgpPeers::new(&all)
            };
            // The lookup tables served the statements.
            for g in &mut b.groups {
                g.by_addr = HashMap::new();
            }
            // Each raw neighbor becomes the model's in its own memory (an in-place collect).
            let raw = std::mem::take(&mut b.neighbors);
            let b = &b;
            let mut keep = Vec::new();
            process.neighbors = raw
                .into_iter()
                .map(|n| {
                    let cx = Resolve {
                        inst,
                        b,
                        policies,
                        candidates: &candidates,
                        peers: &peers,
                        master_has_ibgp,
                    };
                    resolve(&cx, n, &mut keep)
                })
                .collect();
            process.neighbors.shrink_to_fit();
            model.bgp.push(process);
        }
    }
}

/// Routes of an instance that export policies can match by prefix: its static, aggregate
/// and generate routes, and each unit's subnet (`direct`) and address (`local`).
fn candidates(inst: &Instance, interfaces: &[crate::model::Interface]) -> Offer {
    let addresses: usize = interfaces.iter().map(|i| i.addresses.len()).sum();
    let mut out = OfferBuilder::with_capacity(inst.routes.len() + 2 * addresses);
    for r in &inst.routes {
        if r.no_readvertise {
            continue;
        }
        let source = match r.kind {
            RouteKind::Static => Source::Static,
            RouteKind::Aggregate => Source::Aggregate,
            RouteKind::Generate => Source::Generate,
        };
        out.push(Spanned::new(r.prefix, r.span), Origin::new(source, None));
    }
    for (pos, i) in interfaces.iter().enumerate() {
        if i.parent.is_none() || i.vrf != inst.name {
            continue;
        }
        for a in &i.addresses {
            let direct = Origin::new(Source::Direct, Some(pos));
            out.push(Spanned::new(a.net.trunc(), a.span), direct);
            let local = Origin::new(Source::Local, Some(pos));
            out.push(Spanned::new(IpNet::from(a.net.addr()), a.span), local);
        }
    }
    out.finish()
}

/// What every neighbor of one instance is resolved against.
struct Resolve<'a> {
    inst: &'a Instance,
    b: &'a Bgp,
    policies: &'a Policies,
    candidates: &'a Candidates<'a>,
    peers: &'a BgpPeers,
    master_has_ibgp: bool,
}

/// Neighbor `n` as the model has it: its session settings through the shared rule (see
/// [`session`]), its families and what each advertises.
fn resolve(cx: &Resolve, n: Nbr, keep: &mut Vec<usize>) -> Neighbor {
    let Resolve {
        inst,
        b,
        policies,
        candidates,
        peers,
        master_has_ibgp,
    } = *cx;
    let g = &b.groups[n.group as usize];
    let levels = b.levels(&n);
    let internal = levels.internal();
    // Junos does not send a route back to the AS it was learned from, unless told to.
    let to_same_as = levels.advertise_peer_as();
    let Attrs {
        session: own,
        families,
        export,
    } = n.attrs;
    let mut nb = Neighbor::new(n.addr, n.span);
    nb.group = Some(g.name.clone());
    session::resolve(
        &mut nb,
        own,
        &g.attrs.session,
        &b.global.session,
        inst.inactive,
    );
    let my_as = match nb.remote_as.as_ref().map(|r| &r.value) {
        Some(RemoteAs::Number(asn)) => Some(*asn),
        _ => None,
    };
    let is_internal = internal.unwrap_or_else(|| {
        let local = inst.asn.as_ref().map(|a| a.value);
        my_as == local && local.is_some()
    });
    let lv = [&families, &g.attrs.families, &b.global.families];
    let exports = [&export, &g.attrs.export, &b.global.export];

    // Families: the most specific level that configures any.
    let fams: Option<&Vec<FamCfg>> = lv.into_iter().find(|f| !f.is_empty());
    let mut active: Vec<(Afi, Option<Span>, Option<Spanned<u32>>)> = Vec::new();
    match fams {
        None => active.push((Afi::Ipv4, Some(n.span), None)),
        Some(list) => {
            for f in list.iter().filter(|f| f.unicast) {
                if let Some(afi) = f.afi {
                    if !active.iter().any(|(a, _, _)| *a == afi) {
                        active.push((afi, Some(f.span), f.max_prefix.clone()));
                    }
                }
            }
        }
    }
    let transport = Afi::of(n.addr);
    if !active.iter().any(|(a, _, _)| *a == transport) {
        active.push((transport, None, None));
    }
    active.sort_by_key(|(a, _, _)| *a);

    // Export: the most specific level with an export chain.
    let chain: Option<&Vec<Spanned<String>>> = exports.into_iter().find(|e| !e.is_empty());
    let mut bgp_sources = peers.sources(n.addr, is_internal, to_same_as, my_as);
    if inst.itype.as_deref() == Some("vrf") && master_has_ibgp {
        bgp_sources.push("VPN routes from the master instance's internal peers".into());
    }
    nb.families.reserve_exact(active.len());
    for (afi, activated, max_prefix) in active {
        let mut fam = NeighborFamily {
            afi,
            activated,
            block: activated,
            advertised: Default::default(),
            maximum_prefix: max_prefix,
        };
        if activated.is_some() {
            let q = ExportQuery {
                afi,
                chain: chain.map(|c| c.as_slice()),
                candidates,
                bgp_sources: &bgp_sources,
                protocols: &inst.protocols,
                neighbor: n.addr,
                neighbor_span: n.span,
                group: &g.name,
            };
            fam.advertised = policies.advertised(&q, keep);
        }
        nb.families.push(fam);
    }
    nb
}

/// Neighbors whose BGP routes the default export policy may send a neighbor, in a form that
/// answers per neighbor without scanning them all (a router with 20,000 neighbors would
/// otherwise do 20,000² comparisons).
pub(crate) struct BgpPeers {
    /// The neighbors that are up: (address, peer AS, internal), in configuration order.
    up: Vec<(IpAddr, Option<u32>, bool)>,
    /// For each position: the next position with a different peer AS.
    next_other_as: Vec<u32>,
    /// For each position: the first position at or after it with an external neighbor.
    next_external: Vec<u32>,
    by_as: HashMap<Option<u32>, usize>,
    external: usize,
    /// (address, position) sorted by address: one neighbor's own entries by binary search
    /// (a map of lists would cost an allocation per neighbor).
    by_addr: Vec<(IpAddr, u32)>,
}

/// How many source neighbors a message names before summing up the rest.
const NAMED_SOURCES: usize = 8;

impl BgpPeers {
    /// From (address, peer AS, internal, down) of every neighbor of the instance.
    fn new(all: &[(IpAddr, Option<u32>, bool, bool)]) -> Self {
        let up: Vec<(IpAddr, Option<u32>, bool)> = all
            .iter()
            .filter(|p| !p.3)
            .map(|&(a, pas, internal, _)| (a, pas, internal))
            .collect();
        let n = up.len();
        let end = u32::try_from(n).expect("fewer than 2^32 neighbors");
        let mut next_other_as = vec![end; n];
        let mut next_external = vec![end; n + 1];
        for i in (0..n).rev() {
            if i + 1 < n {
                next_other_as[i] = if up[i + 1].1 != up[i].1 {
                    (i + 1) as u32
                } else {
                    next_other_as[i + 1]
                };
            }
            next_external[i] = if up[i].2 {
                next_external[i + 1]
            } else {
                i as u32
            };
        }
        let mut by_as: HashMap<Option<u32>, usize> = HashMap::new();
        for p in &up {
            *by_as.entry(p.1).or_default() += 1;
        }
        let mut by_addr: Vec<(IpAddr, u32)> = up
            .iter()
            .enumerate()
            .map(|(i, p)| (p.0, i as u32))
            .collect();
        by_addr.sort_unstable();
        let external = up.iter().filter(|p| !p.2).count();
        BgpPeers {
            up,
            next_other_as,
            next_external,
            by_as,
            external,
            by_addr,
        }
    }

    /// The other neighbors whose routes Junos sends `me`: internal neighbors get the routes
    /// of external ones; external neighbors get every other neighbor's routes except those
    /// of their own AS (unless `advertise-peer-as`). The first few by name, then a count.
    fn sources(
        &self,
        me: IpAddr,
        internal: bool,
        to_same_as: bool,
        my_as: Option<u32>,
    ) -> Vec<String> {
        let excluded_as = if internal || to_same_as { None } else { my_as };
        let eligible = |p: &(IpAddr, Option<u32>, bool)| {
            !(internal && p.2) && (excluded_as.is_none() || p.1 != excluded_as)
        };
        let class = if internal {
            self.external
        } else {
            self.up.len()
                - excluded_as.map_or(0, |a| self.by_as.get(&Some(a)).copied().unwrap_or(0))
        };
        let first = self.by_addr.partition_point(|(a, _)| *a < me);
        let own = self.by_addr[first..]
            .iter()
            .take_while(|(a, _)| *a == me)
            .filter(|(_, i)| eligible(&self.up[*i as usize]))
            .count();
        let total = class - own;
        let mut out = Vec::new();
        let mut i = 0;
        while out.len() < NAMED_SOURCES.min(total) && i < self.up.len() {
            if internal {
                i = self.next_external[i] as usize;
                if i >= self.up.len() {
                    break;
                }
            }
            let p = self.up[i];
            if excluded_as.is_some() && p.1 == excluded_as {
                i = self.next_other_as[i] as usize;
                continue;
            }
            if p.0 != me {
                out.push(match p.1 {
                    Some(a) => format!("neighbor {} (AS {a})", p.0),
                    None => format!("neighbor {}", p.0),
                });
            }
            i += 1;
        }
        if total > out.len() {
            out.push(format!("and {} more neighbors", total - out.len()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: every other neighbor that is up and passes the AS rules, in order.
    fn naive(
        all: &[(IpAddr, Option<u32>, bool, bool)],
        me: IpAddr,
        internal: bool,
        to_same_as: bool,
        my_as: Option<u32>,
    ) -> Vec<String> {
        all.iter()
            .filter(|(addr, pas, p_internal, down)| {
                *addr != me
                    && !*down
                    && !(internal && *p_internal)
                    && (internal || to_same_as || pas.is_none() || *pas != my_as)
            })
            .map(|(addr, pas, _, _)| match pas {
                Some(a) => format!("neighbor {addr} (AS {a})"),
                None => format!("neighbor {addr}"),
            })
            .collect()
    }

    #[test]
    fn bgp_sources_match_the_definition_and_name_the_first_few() {
        let mut all = Vec::new();
        for i in 0..60u32 {
            let addr = IpAddr::from([10, 0, (i / 7) as u8, (i % 7) as u8]);
            // Runs of one AS, some without an AS, a few internal and a few down.
            let pas = match i % 10 {
                0 => None,
                1..=6 => Some(64512),
                _ => Some(64600 + i % 3),
            };
            all.push((addr, pas, i % 11 == 0, i % 13 == 5));
        }
        // The same address twice (in two groups).
        all.push((IpAddr::from([10, 0, 0, 1]), Some(65000), false, false));
        let mut checked = 0;
        let mut short = 0;
        for all in [&all[..], &all[..9]] {
            let peers = BgpPeers::new(all);
            for &(me, _, _, _) in all.iter().step_by(3) {
                for internal in [false, true] {
                    for to_same in [false, true] {
                        for my_as in [None, Some(64512), Some(64601), Some(1)] {
                            let want = naive(all, me, internal, to_same, my_as);
                            let got = peers.sources(me, internal, to_same, my_as);
                            if want.len() <= NAMED_SOURCES {
                                assert_eq!(got, want);
                            } else {
                                assert_eq!(got[..NAMED_SOURCES], want[..NAMED_SOURCES]);
                                assert_eq!(
                                    got[NAMED_SOURCES],
                                    format!("and {} more neighbors", want.len() - NAMED_SOURCES)
                                );
                                assert_eq!(got.len(), NAMED_SOURCES + 1);
                            }
                            checked += usize::from(!want.is_empty());
                            short += usize::from(!want.is_empty() && want.len() <= NAMED_SOURCES);
                        }
                    }
                }
            }
        }
        assert!(checked > 100 && short > 10, "{checked} {short}");
    }
}

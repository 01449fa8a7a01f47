//! `policy-options` and the count of what a BGP neighbor advertises through its `export` chain.
//!
//! # How the count is made
//!
//! The export chain is the neighbor's `export` list, else its group's, else the `protocols bgp`
//! level's (the most specific level wins; lists are not merged). Each route is run through
//! the chain as Junos does: policies in order, terms in order, the first `accept` or `reject`
//! decides, `next policy` skips to the next policy, a term without a terminating action falls
//! through. When no policy decides, the **default BGP export policy** applies: it advertises
//! the active BGP routes and rejects everything else. So with no `export` at all an eBGP
//! neighbor is sent exactly the BGP routes learned from the instance's *other* neighbors
//! (not those of the same peer AS: Junos does not send a route back to the AS it came from),
//! and nothing else — no static, direct or aggregate route.
//!
//! Routes are taken from two kinds of source:
//! - **Enumerable**: `routing-options static|aggregate|generate route` (without
//!   `no-readvertise`), `direct` (each interface subnet of the instance) and `local` (each
//!   interface address). Each is evaluated exactly; conditions dxlint cannot evaluate
//!   (`community`, `as-path`, `tag` …) count as "may match", so an `accept` counts the route and
//!   a `reject` does not stop it: the result is an upper bound.
//! - **Dynamic**: BGP routes from other neighbors, and the IGPs configured in the instance
//!   (`ospf`, `ospf3`, `isis`, `rip`, `ripng`). A term that accepts them without a prefix
//!   condition, with `orlonger`/`longer`/`upto` filters, or the default policy accepting BGP
//!   routes, makes the count *unbounded* (rule DX703); `exact` route-filters and prefix-lists
//!   bound it to their entries, which are counted as possibly advertised.
//!
//! Route-filters follow Junos longest-match: of the term's route-filters that contain the
//! route, only the longest is checked against its match type. Route-filters, route-filter-lists
//! and prefix-lists in one term are alternatives (OR). An export chain naming an undefined
//! policy, or a policy expression (`( A && B )`), makes the count unbounded.

use super::groups::glob_word;
use super::interfaces::parse_prefix;
use super::{Cx, Stmt};
use crate::dialect::common::{push_compact, NameTable, Named};
use crate::dialect::policy::{self as engine, advertise, Offer, Origin, Route, Source, Verdict};
use crate::model::{Advertisement, Afi, Interface};
use crate::source::{Span, Spanned};
use ipnet::IpNet;
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Accept,
    Reject,
    NextTerm,
    NextPolicy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MatchType {
    Exact,
    OrLonger,
    Longer,
    Upto(u8),
    Range(u8, u8),
    Through(IpNet),
    /// Something dxlint does not model (`address-mask`): assume it matches.
    Unknown,
}

impl MatchType {
    fn matches(self, filter: IpNet, route: IpNet) -> bool {
        let (f, r) = (filter.prefix_len(), route.prefix_len());
        match self {
            MatchType::Exact => r == f,
            MatchType::OrLonger => r >= f,
            MatchType::Longer => r > f,
            MatchType::Upto(n) => r >= f && r <= n,
            MatchType::Range(a, b) => r >= a && r <= b,
            MatchType::Through(p) => route.contains(&p.network()) && r <= p.prefix_len(),
            MatchType::Unknown => true,
        }
    }

    /// Matches one prefix only (so a dynamic source is bounded by it).
    fn single(self, filter: IpNet) -> bool {
        let f = filter.prefix_len();
        match self {
            MatchType::Exact => true,
            MatchType::Upto(n) => n == f,
            MatchType::Range(a, b) => a == f && b == f,
            _ => false,
        }
    }

    fn describe(self) -> String {
        match self {
            MatchType::Exact => "exact".into(),
            MatchType::OrLonger => "orlonger".into(),
            MatchType::Longer => "longer".into(),
            MatchType::Upto(n) => format!("upto /{n}"),
            MatchType::Range(a, b) => format!("prefix-length-range /{a}-/{b}"),
            MatchType::Through(p) => format!("through {p}"),
            MatchType::Unknown => "(unmodelled match)".into(),
        }
    }
}

#[derive(Debug, Clone)]
struct RouteFilter {
    prefix: IpNet,
    mt: MatchType,
    action: Option<Action>,
    span: Span,
}

/// A term or protocol name, stored once in [`Symbols`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sym(std::num::NonZeroU32);

/// Term and protocol names, each stored once: a large configuration's thousands of policies
/// name the same few terms (`ADVERTISE`, `REJECT`) and protocols (`static`).
#[derive(Debug, Default)]
struct Symbols {
    index: NameTable,
    names: Vec<String>,
}

impl Symbols {
    fn intern(&mut self, name: &str) -> Sym {
        let names = &mut self.names;
        let i = self.index.get_or_insert_with(name, || {
            names.push(name.to_string());
            names.len()
        });
        Sym(std::num::NonZeroU32::new(u32::try_from(i).unwrap_or(u32::MAX)).expect("from 1"))
    }

    fn name(&self, s: Sym) -> &str {
        &self.names[s.0.get() as usize - 1]
    }
}

#[derive(Debug, Clone, Default)]
struct Term {
    name: Option<Sym>,
    /// `from protocol`: the first two here, any more in `rare`.
    protocols: [Option<Sym>; 2],
    /// `route-filter`, `prefix-list` and `prefix-list-filter` conditions, as written (one list:
    /// a term has one or two, and a large configuration a term or two per neighbor).
    prefix_conds: Vec<PrefixCond>,
    /// The conditions few terms use, boxed: a large configuration has a term or two per
    /// neighbor, and five empty lists in each cost memory for nothing.
    rare: Option<Box<RareConditions>>,
    action: Option<Action>,
    action_span: Span,
    span: Span,
}

/// A prefix condition of a term.
#[derive(Debug, Clone)]
enum PrefixCond {
    /// `route-filter P type [action]`.
    Filter(RouteFilter),
    /// `prefix-list NAME` (exact) and `prefix-list-filter NAME type [action]`, the list by
    /// its position in the builder's prefix lists.
    List {
        list: u32,
        mt: MatchType,
        action: Option<Action>,
        span: Span,
    },
}

#[derive(Debug, Clone, Default)]
struct RareConditions {
    /// `from protocol` beyond the two a term holds itself.
    more_protocols: Vec<Sym>,
    families: Vec<String>,
    interfaces: Vec<String>,
    to_neighbors: Vec<String>,
    /// `route-filter-list NAME [action]`.
    rf_lists: Vec<(String, Option<Action>, Span)>,
    /// Conditions dxlint does not evaluate (`community`, `as-path`, `policy` …).
    other: Vec<String>,
}

static NO_RARE_CONDITIONS: RareConditions = RareConditions {
    more_protocols: Vec::new(),
    families: Vec::new(),
    interfaces: Vec::new(),
    to_neighbors: Vec::new(),
    rf_lists: Vec::new(),
    other: Vec::new(),
};

impl Term {
    fn rare(&self) -> &RareConditions {
        self.rare.as_deref().unwrap_or(&NO_RARE_CONDITIONS)
    }
    fn rare_mut(&mut self) -> &mut RareConditions {
        self.rare.get_or_insert_with(Default::default)
    }
    fn has_prefix_conditions(&self) -> bool {
        !self.prefix_conds.is_empty() || !self.rare().rf_lists.is_empty()
    }
    fn label(&self, policy: &str, syms: &Symbols) -> String {
        match self.name {
            Some(t) => format!("policy {policy} term {}", syms.name(t)),
            None => format!("policy {policy}"),
        }
    }
    fn has_protocols(&self) -> bool {
        self.protocols[0].is_some()
    }
    /// The `from protocol` names.
    fn protocols<'s>(&'s self, syms: &'s Symbols) -> impl Iterator<Item = &'s str> + 's {
        self.protocols
            .iter()
            .flatten()
            .chain(&self.rare().more_protocols)
            .map(|p| syms.name(*p))
    }
    fn add_protocol(&mut self, p: Sym) {
        match self.protocols.iter_mut().find(|x| x.is_none()) {
            Some(slot) => *slot = Some(p),
            None => self.rare_mut().more_protocols.push(p),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Policy {
    terms: Vec<Term>,
    /// The final unnamed term (`from`/`then` directly under the policy). Boxed: most
    /// policies have named terms only, and a term is large.
    unnamed: Option<Box<Term>>,
}

impl Policy {
    fn all_terms(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().chain(self.unnamed.as_deref())
    }
}

#[derive(Debug, Clone, Default)]
struct PrefixList {
    entries: Vec<Spanned<IpNet>>,
    apply_paths: Vec<(String, Span)>,
}

#[derive(Default)]
pub(crate) struct Builder {
    symbols: Symbols,
    policies: Named<Policy>,
    prefix_lists: Named<PrefixList>,
    rf_lists: Named<Vec<RouteFilter>>,
}

/// The policies, ready to evaluate.
pub(crate) struct Policies {
    symbols: Symbols,
    policies: Named<Policy>,
    /// By position: terms refer to them by number (their names are not needed any more).
    prefix_lists: Vec<PrefixList>,
    rf_lists: Named<Vec<RouteFilter>>,
}

/// The name `from protocol` gives a source of enumerable routes.
fn protocol_name(source: Source) -> &'static str {
    match source {
        Source::Static => "static",
        Source::Aggregate => "aggregate",
        Source::Generate => "generate",
        Source::Direct => "direct",
        Source::Local => "local",
        // Junos has no `network` statement; the shared engine's name for a plain route.
        Source::Network => "network",
    }
}

/// The routes of an instance (the shared engine's offer), indexed also by source so that a
/// policy finds the few it can accept without testing all of them (one route per
/// interface: 20,000 on a large router, times 20,000 neighbors).
pub(crate) struct Candidates<'m> {
    offer: Offer,
    /// The model's interfaces, for the names of the units candidates come from.
    interfaces: &'m [Interface],
    /// Positions in the offer by source ([`Source::ALL`] order), ascending.
    by_source: [Vec<u32>; 6],
}

impl<'m> Candidates<'m> {
    pub fn new(offer: Offer, interfaces: &'m [Interface]) -> Self {
        let mut by_source: [Vec<u32>; 6] = Default::default();
        for (i, r) in offer.routes().iter().enumerate() {
            by_source[r.origin.source() as usize].push(i as u32);
        }
        Candidates {
            offer,
            interfaces,
            by_source,
        }
    }

    /// The unit a route comes from, if it is an interface route.
    fn interface_of(&self, origin: Origin) -> Option<&'m str> {
        let i = origin.interface()?;
        self.interfaces.get(i).map(|i| i.name.as_str())
    }
}

/// What to count for one neighbor and family.
pub(crate) struct ExportQuery<'a> {
    pub afi: Afi,
    pub chain: Option<&'a [Spanned<String>]>,
    pub candidates: &'a Candidates<'a>,
    /// Other BGP neighbors whose routes this neighbor may be sent (described for messages).
    pub bgp_sources: &'a [String],
    /// Protocols configured in the instance besides BGP.
    pub protocols: &'a [String],
    pub neighbor: IpAddr,
    pub neighbor_span: Span,
    pub group: &'a str,
}

pub(crate) fn statement(cx: &mut Cx, s: &Stmt) -> bool {
    if s.inactive.is_some() {
        // Inactive policy configuration does not exist for Junos.
        return true;
    }
    let b = &mut cx.policy;
    match s.w(1) {
        Some("prefix-list") => {
            let Some(name) = s.w(2) else { return false };
            let list = b.prefix_lists.entry(name);
            match s.w(3) {
                None => true,
                Some("apply-path") => {
                    if let Some(p) = s.w(4) {
                        list.apply_paths.push((p.to_string(), s.span()));
                    }
                    true
                }
                Some(p) => {
                    match parse_prefix(p) {
                        Some(net) => {
                            push_compact(&mut list.entries, Spanned::new(net.trunc(), s.span()));
                        }
                        None => cx.problem(
                            s.span(),
                            format!("prefix-list {name}: '{p}' is not a prefix"),
                        ),
                    }
                    true
                }
            }
        }
        Some("route-filter-list") => {
            let Some(name) = s.w(2) else { return false };
            let list = b.rf_lists.entry(name);
            if s.w(3).is_none() {
                return true;
            }
            match route_filter(s, 3) {
                Some(rf) => list.push(rf),
                None => cx.problem(
                    s.span(),
                    format!("route-filter-list {name}: cannot read the route filter"),
                ),
            }
            true
        }
        Some("policy-statement") => {
            let Some(name) = s.w(2) else { return false };
            let policy = b.policies.entry(name);
            let (term, at) = match (s.w(3), s.w(4)) {
                (Some("term"), Some(t)) => {
                    let t = b.symbols.intern(t);
                    let i = match policy.terms.iter().position(|x| x.name == Some(t)) {
                        Some(i) => i,
                        None => push_compact(
                            &mut policy.terms,
                            Term {
                                name: Some(t),
                                span: s.span(),
                                ..Default::default()
                            },
                        ),
                    };
                    (&mut policy.terms[i], 5)
                }
                (Some("from" | "to" | "then"), _) => (
                    &mut **policy.unnamed.get_or_insert_with(|| {
                        Box::new(Term {
                            span: s.span(),
                            ..Default::default()
                        })
                    }),
                    3,
                ),
                (None, _) => return true,
                _ => return false,
            };
            let refs = Refs {
                symbols: &mut b.symbols,
                prefix_lists: &mut b.prefix_lists,
            };
            match term_statement(s, at, term, refs) {
                Ok(used) => used,
                Err(msg) => {
                    cx.problem(s.span(), format!("policy-statement {name}: {msg}"));
                    true
                }
            }
        }
        _ => false,
    }
}

fn action_at(s: &Stmt, at: usize) -> Option<Action> {
    match s.w(at)? {
        "accept" => Some(Action::Accept),
        "reject" => Some(Action::Reject),
        "next" => match s.w(at + 1)? {
            "term" => Some(Action::NextTerm),
            "policy" => Some(Action::NextPolicy),
            _ => None,
        },
        _ => None,
    }
}

/// `P exact|orlonger|longer|upto /N|prefix-length-range /A-/B|through Q [action]` at `at`.
fn route_filter(s: &Stmt, at: usize) -> Option<RouteFilter> {
    let prefix = parse_prefix(s.w(at)?)?.trunc();
    let (mt, next) = match s.w(at + 1).unwrap_or("exact") {
        "exact" => (MatchType::Exact, at + 2),
        "orlonger" => (MatchType::OrLonger, at + 2),
        "longer" => (MatchType::Longer, at + 2),
        "upto" => (MatchType::Upto(slash_len(s.w(at + 2)?)?), at + 3),
        "prefix-length-range" => {
            let (a, b) = s.w(at + 2)?.split_once('-')?;
            (MatchType::Range(slash_len(a)?, slash_len(b)?), at + 3)
        }
        "through" => (
            MatchType::Through(parse_prefix(s.w(at + 2)?)?.trunc()),
            at + 3,
        ),
        "address-mask" => (MatchType::Unknown, at + 3),
        _ => (MatchType::Unknown, at + 2),
    };
    Some(RouteFilter {
        prefix,
        mt,
        action: action_at(s, next),
        span: s.span(),
    })
}

fn slash_len(s: &str) -> Option<u8> {
    s.strip_prefix('/')?
        .parse::<u8>()
        .ok()
        .filter(|n| *n <= 128)
}

/// What a term's conditions refer to by number: names and prefix lists.
struct Refs<'b> {
    symbols: &'b mut Symbols,
    prefix_lists: &'b mut Named<PrefixList>,
}

/// One `from`/`to`/`then` statement of a term; `Ok(false)` if not understood.
fn term_statement(s: &Stmt, at: usize, t: &mut Term, refs: Refs) -> Result<bool, String> {
    let span = s.span();
    match s.w(at) {
        Some("from") => {
            let v = s.w(at + 2).unwrap_or("");
            match s.w(at + 1) {
                Some("protocol") => t.add_protocol(refs.symbols.intern(v)),
                Some("family") => t.rare_mut().families.push(v.to_string()),
                Some("interface") => t.rare_mut().interfaces.push(v.to_string()),
                Some("route-filter") => match route_filter(s, at + 2) {
                    Some(rf) => {
                        push_compact(&mut t.prefix_conds, PrefixCond::Filter(rf));
                    }
                    None => return Err(format!("cannot read route-filter '{v}'")),
                },
                Some("route-filter-list") => {
                    t.rare_mut()
                        .rf_lists
                        .push((v.to_string(), action_at(s, at + 3), span))
                }
                Some("prefix-list") => {
                    let list = refs.prefix_lists.position(v);
                    let cond = PrefixCond::List {
                        list,
                        mt: MatchType::Exact,
                        action: None,
                        span,
                    };
                    push_compact(&mut t.prefix_conds, cond);
                }
                Some("prefix-list-filter") => {
                    let (mt, next) = match s.w(at + 3).unwrap_or("exact") {
                        "exact" => (MatchType::Exact, at + 4),
                        "orlonger" => (MatchType::OrLonger, at + 4),
                        "longer" => (MatchType::Longer, at + 4),
                        _ => (MatchType::Unknown, at + 4),
                    };
                    let list = refs.prefix_lists.position(v);
                    let cond = PrefixCond::List {
                        list,
                        mt,
                        action: action_at(s, next),
                        span,
                    };
                    push_compact(&mut t.prefix_conds, cond);
                }
                Some(other) => t.rare_mut().other.push(format!("from {other}")),
                None => {}
            }
            Ok(true)
        }
        Some("to") => {
            match s.w(at + 1) {
                Some("neighbor") => t
                    .rare_mut()
                    .to_neighbors
                    .push(s.w(at + 2).unwrap_or("").to_string()),
                Some(other) => t.rare_mut().other.push(format!("to {other}")),
                None => {}
            }
            Ok(true)
        }
        Some("then") => {
            if let Some(a) = action_at(s, at + 1) {
                t.action = Some(a);
                t.action_span = span;
            }
            Ok(true)
        }
        None => Ok(true),
        _ => Ok(false),
    }
}

impl Builder {
    /// Resolve `apply-path` prefix lists against the configuration.
    pub fn finish(mut self, statements: &[super::groups::Expanded]) -> Policies {
        for list in self.prefix_lists.values_mut() {
            let entries = &mut list.entries;
            for (pattern, span) in &list.apply_paths {
                let pat: Vec<&str> = pattern.split_whitespace().collect();
                if pat.is_empty() {
                    continue;
                }
                for e in statements {
                    let st = &e.stmt;
                    if st.inactive || st.words.len() < pat.len() {
                        continue;
                    }
                    if pat
                        .iter()
                        .zip(&st.words)
                        .all(|(p, w)| glob_word(p, &w.text))
                    {
                        if let Some(net) = st
                            .words
                            .get(pat.len() - 1)
                            .and_then(|w| parse_prefix(&w.text))
                        {
                            let net = net.trunc();
                            if !entries.iter().any(|x| x.value == net) {
                                entries.push(Spanned::new(net, *span));
                            }
                        }
                    }
                }
            }
        }
        Policies {
            symbols: self.symbols,
            policies: self.policies,
            prefix_lists: self.prefix_lists.into_items(),
            rf_lists: self.rf_lists,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tri {
    No,
    Maybe,
    Yes,
}

fn proto_matches(cond: &str, proto: &str) -> bool {
    cond == proto || (cond == "aggregate" && proto == "generate")
}

fn family_name(afi: Afi) -> &'static str {
    match afi {
        Afi::Ipv4 => "inet",
        Afi::Ipv6 => "inet6",
    }
}

/// IGPs that put unicast routes of a family into the instance's table.
fn igp_carries(proto: &str, afi: Afi) -> bool {
    match proto {
        "ospf" | "rip" => afi == Afi::Ipv4,
        "ospf3" | "ripng" => afi == Afi::Ipv6,
        "isis" => true,
        _ => false,
    }
}

/// A prefix condition entry of a term, flattened.
struct Entry<'a> {
    prefix: IpNet,
    mt: MatchType,
    action: Option<Action>,
    span: Span,
    what: &'a str,
}

impl Policies {
    fn entries<'a>(&'a self, t: &'a Term, afi: Afi) -> (Vec<Entry<'a>>, Vec<Entry<'a>>) {
        // (route-filters incl. lists, prefix-list entries)
        let mut rfs = Vec::new();
        let filters = t.prefix_conds.iter().filter_map(|c| match c {
            PrefixCond::Filter(rf) => Some(rf),
            PrefixCond::List { .. } => None,
        });
        for rf in filters {
            if Afi::of_net(&rf.prefix) == afi {
                rfs.push(Entry {
                    prefix: rf.prefix,
                    mt: rf.mt,
                    action: rf.action,
                    span: rf.span,
                    what: "route-filter",
                });
            }
        }
        for (name, action, span) in &t.rare().rf_lists {
            for rf in self.rf_lists.get(name).map(|v| v.as_slice()).unwrap_or(&[]) {
                if Afi::of_net(&rf.prefix) == afi {
                    rfs.push(Entry {
                        prefix: rf.prefix,
                        mt: rf.mt,
                        action: rf.action.or(*action),
                        span: *span,
                        what: "route-filter-list",
                    });
                }
            }
        }
        let mut pls = Vec::new();
        for c in &t.prefix_conds {
            let PrefixCond::List {
                list,
                mt,
                action,
                span,
            } = c
            else {
                continue;
            };
            for e in &self.prefix_lists[*list as usize].entries {
                if Afi::of_net(&e.value) == afi {
                    pls.push(Entry {
                        prefix: e.value,
                        mt: *mt,
                        action: *action,
                        span: if e.span.is_empty() { *span } else { e.span },
                        what: "prefix-list",
                    });
                }
            }
        }
        (rfs, pls)
    }

    /// Does the term's prefix condition match `route`? `Some(inline action)` when it does.
    fn prefix_match(&self, t: &Term, route: IpNet) -> Option<Option<Action>> {
        let afi = Afi::of_net(&route);
        let (rfs, pls) = self.entries(t, afi);
        let containing = rfs.iter().filter(|e| {
            e.prefix.prefix_len() <= route.prefix_len() && e.prefix.contains(&route.network())
        });
        let best = containing.clone().map(|e| e.prefix.prefix_len()).max();
        if let Some(best) = best {
            if let Some(e) = containing
                .filter(|e| e.prefix.prefix_len() == best)
                .find(|e| e.mt.matches(e.prefix, route))
            {
                return Some(e.action);
            }
        }
        pls.iter()
            .find(|e| {
                e.prefix.prefix_len() <= route.prefix_len()
                    && e.prefix.contains(&route.network())
                    && e.mt.matches(e.prefix, route)
            })
            .map(|e| e.action)
    }

    fn common_conditions(&self, t: &Term, q: &ExportQuery) -> Tri {
        if !t.rare().families.is_empty()
            && !t.rare().families.iter().any(|f| f == family_name(q.afi))
        {
            return Tri::No;
        }
        if !t.rare().to_neighbors.is_empty() {
            let parsed: Vec<Option<IpAddr>> = t
                .rare()
                .to_neighbors
                .iter()
                .map(|n| n.parse().ok())
                .collect();
            if parsed.iter().all(|p| p.is_some()) && !parsed.contains(&Some(q.neighbor)) {
                return Tri::No;
            }
        }
        if t.rare().other.is_empty() {
            Tri::Yes
        } else {
            Tri::Maybe
        }
    }

    fn term_matches(&self, t: &Term, c: Route<'_>, q: &ExportQuery) -> (Tri, Option<Action>) {
        let protocol = protocol_name(c.origin.source());
        if t.has_protocols()
            && !t
                .protocols(&self.symbols)
                .any(|p| proto_matches(p, protocol))
        {
            return (Tri::No, None);
        }
        let mut tri = self.common_conditions(t, q);
        if tri == Tri::No {
            return (Tri::No, None);
        }
        if !t.rare().interfaces.is_empty() {
            match q.candidates.interface_of(c.origin) {
                Some(i) => {
                    let hit = t.rare().interfaces.iter().any(|x| {
                        x == i || (!x.contains('.') && format!("{x}.0") == *i) || glob_word(x, i)
                    });
                    if !hit {
                        return (Tri::No, None);
                    }
                }
                None => tri = Tri::Maybe,
            }
        }
        let mut inline = None;
        if t.has_prefix_conditions() {
            match self.prefix_match(t, *c.prefix) {
                Some(a) => inline = a,
                None => return (Tri::No, None),
            }
        }
        (tri, inline)
    }

    /// Whether a route of the instance may leave through the chain.
    fn accepts(&self, chain: &[(&str, &Policy)], c: Route<'_>, q: &ExportQuery) -> bool {
        for (_, p) in chain {
            for t in p.all_terms() {
                let (tri, inline) = self.term_matches(t, c, q);
                if tri == Tri::No {
                    continue;
                }
                match inline.or(t.action) {
                    Some(Action::Accept) => return true,
                    Some(Action::Reject) if tri == Tri::Yes => return false,
                    Some(Action::NextPolicy) if tri == Tri::Yes => break,
                    _ => {}
                }
            }
        }
        // Default BGP export policy: only BGP routes, and these candidates are not BGP.
        false
    }

    /// Follow a dynamic source (`bgp`, `ospf` …) through the chain. Bounded prefixes go to
    /// `adv`; returns why the count is unbounded, if it is.
    fn dynamic(
        &self,
        chain: &[(&str, &Policy)],
        src: &str,
        q: &ExportQuery,
        adv: &mut Vec<Spanned<IpNet>>,
    ) -> Option<Spanned<String>> {
        let from = if src == "bgp" {
            format!("BGP routes from {}", q.bgp_sources.join(", "))
        } else {
            format!("{src} routes")
        };
        for (pname, p) in chain {
            for t in p.all_terms() {
                if t.has_protocols() && !t.protocols(&self.symbols).any(|x| proto_matches(x, src)) {
                    continue;
                }
                let tri = self.common_conditions(t, q);
                if tri == Tri::No {
                    continue;
                }
                let maybe = tri == Tri::Maybe || !t.rare().interfaces.is_empty();
                if !t.has_prefix_conditions() {
                    match t.action {
                        Some(Action::Accept) => {
                            let cond = if maybe {
                                format!(" (filtered only by {})", t.rare().other.join(", "))
                            } else {
                                String::new()
                            };
                            return Some(Spanned::new(
                                format!(
                                    "{} accepts {from} without a prefix filter{cond}",
                                    t.label(pname, &self.symbols)
                                ),
                                if t.action_span.is_empty() {
                                    t.span
                                } else {
                                    t.action_span
                                },
                            ));
                        }
                        Some(Action::Reject) if !maybe => return None,
                        Some(Action::NextPolicy) if !maybe => break,
                        _ => continue,
                    }
                }
                let (rfs, pls) = self.entries(t, q.afi);
                for e in rfs.iter().chain(pls.iter()) {
                    if e.action.or(t.action) != Some(Action::Accept) {
                        continue;
                    }
                    if e.mt.single(e.prefix) {
                        if !adv.iter().any(|x| x.value == e.prefix) {
                            adv.push(Spanned::new(e.prefix, e.span));
                        }
                    } else {
                        return Some(Spanned::new(
                            format!(
                                "{} accepts {from} matching {} {} {}",
                                t.label(pname, &self.symbols),
                                e.what,
                                e.prefix,
                                e.mt.describe()
                            ),
                            e.span,
                        ));
                    }
                }
            }
        }
        if src == "bgp" {
            let (why, span) = match q.chain {
                None => (
                    format!(
                        "no export policy on group {}: Junos advertises every active BGP route to the neighbor, here the {from}",
                        q.group
                    ),
                    q.neighbor_span,
                ),
                Some(c) => (
                    format!(
                        "export chain [ {} ] does not reject everything else, so Junos' default policy advertises the {from}",
                        c.iter().map(|x| x.value.as_str()).collect::<Vec<_>>().join(" ")
                    ),
                    c.last().map_or(q.neighbor_span, |x| x.span),
                ),
            };
            return Some(Spanned::new(why, span));
        }
        None
    }

    /// Positions (ascending) of the candidates some term of the chain could accept: those a
    /// prefix entry of an accepting term matches, or of the protocol an accepting term
    /// without prefix conditions names. `None`: any candidate may be accepted.
    fn reach(&self, chain: &[(&str, &Policy)], q: &ExportQuery, out: &mut Vec<usize>) -> bool {
        let accept = Some(Action::Accept);
        let routes = q.candidates.offer.routes();
        for (_, p) in chain {
            for t in p.all_terms() {
                let (rfs, pls) = self.entries(t, q.afi);
                let inline_accept = rfs.iter().chain(&pls).any(|e| e.action == accept)
                    || t.rare().rf_lists.iter().any(|(_, a, _)| *a == accept);
                if t.action != accept && !inline_accept {
                    continue;
                }
                if t.has_prefix_conditions() {
                    for e in rfs.iter().chain(&pls) {
                        out.extend(q.candidates.offer.index().inside(&e.prefix).filter(|&i| {
                            let route = routes[i].route.value;
                            e.prefix.prefix_len() <= route.prefix_len()
                                && e.prefix.contains(&route.network())
                                && e.mt.matches(e.prefix, route)
                        }));
                    }
                } else if !t.has_protocols() {
                    return false;
                } else {
                    for (source, list) in Source::ALL.iter().zip(&q.candidates.by_source) {
                        let name = protocol_name(*source);
                        if t.protocols(&self.symbols).any(|c| proto_matches(c, name)) {
                            out.extend(list.iter().map(|&i| i as usize));
                        }
                    }
                }
            }
        }
        true
    }

    /// What the neighbor advertises in one family: the instance's routes through the
    /// export chain (the shared engine's advertisement), then the dynamic sources.
    pub fn advertised(&self, q: &ExportQuery, keep: &mut Vec<usize>) -> Advertisement {
        let mut unbounded = None;
        let mut chain: Vec<(&str, &Policy)> = Vec::new();
        if let Some(names) = q.chain {
            for n in names {
                let name = n.value.as_str();
                if matches!(name, "(" | ")" | "&&" | "||" | "!") || name.starts_with('(') {
                    unbounded.get_or_insert_with(|| {
                        Box::new(Spanned::new(
                            "the export policy expression is not evaluated by dxlint".into(),
                            n.span,
                        ))
                    });
                    continue;
                }
                match self.policies.get(name) {
                    Some(p) => chain.push((name, p)),
                    None => {
                        unbounded.get_or_insert_with(|| {
                            Box::new(Spanned::new(
                                format!("export policy {name} is not defined"),
                                n.span,
                            ))
                        });
                    }
                }
            }
        }
        let export = ExportChain {
            policies: self,
            chain: &chain,
            q,
        };
        let mut adv = advertise(&q.candidates.offer, &[&export], keep);
        adv.unbounded = unbounded;
        let mut prefixes = adv.prefixes;
        // IGPs first: an explicit term accepting them is a better reason than the default
        // policy's BGP routes.
        let mut sources: Vec<&str> = Vec::new();
        for p in q.protocols {
            if igp_carries(p, q.afi) {
                sources.push(p);
            }
        }
        if !q.bgp_sources.is_empty() {
            sources.push("bgp");
        }
        for src in sources {
            if let Some(u) = self.dynamic(&chain, src, q, &mut prefixes) {
                adv.unbounded.get_or_insert(Box::new(u));
            }
        }
        // What a dynamic source adds is listed with the rest, by prefix.
        prefixes.sort_by_key(|p| p.value);
        prefixes.dedup_by(|a, b| a.value == b.value);
        adv.default_originate = prefixes
            .iter()
            .find(|p| p.value.prefix_len() == 0)
            .map(|p| p.span);
        adv.prefixes = prefixes;
        adv
    }
}

/// One neighbor's export chain as a filter of the shared engine: a route passes when some
/// term of the chain may accept it (Junos' default export policy passes no route of the
/// table: those are not BGP routes).
struct ExportChain<'a> {
    policies: &'a Policies,
    chain: &'a [(&'a str, &'a Policy)],
    q: &'a ExportQuery<'a>,
}

impl engine::RouteFilter for ExportChain<'_> {
    fn verdict(&self, route: Route<'_>) -> Verdict {
        if Afi::of_net(route.prefix) == self.q.afi
            && self.policies.accepts(self.chain, route, self.q)
        {
            Verdict::Permit
        } else {
            Verdict::Deny
        }
    }

    /// The dynamic sources are bounded by the policies themselves (see `dynamic`).
    fn finite_permits(&self) -> Option<Vec<Spanned<IpNet>>> {
        None
    }

    fn reach(&self, _offer: &Offer, out: &mut Vec<usize>) -> bool {
        self.policies.reach(self.chain, self.q, out)
    }
}

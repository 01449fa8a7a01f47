//! VyOS firewall rule-sets and where they apply, and source NAT, into the neutral
//! [`Filters`]. A second reading of the text, done only when the file has a `firewall`
//! or `nat` stanza.
//!
//! - 1.3: `firewall name X` / `ipv6-name X` (default-action drop) bound with `interfaces
//!   … firewall local name X` (to the router itself) or `in` / `out` (routed traffic only);
//! - 1.4+: `firewall ipv4|ipv6 input filter` (to the router, default-action accept) and
//!   `forward filter` (routed), rules limited by `inbound-interface name`, `jump` to a
//!   named chain (`firewall ipv4 name X`) flattened when the jump rule has no other match;
//! - rules match `protocol`, `source|destination address|port`, `state`; the firewall
//!   tracks connections (`state established` matches replies of any protocol);
//! - `nat source rule N` with `destination address` and `exclude`.

use crate::fix::{FilterFix, FlowSpec};
use crate::model::filter::{
    Direction, Filter, FilterAction, FilterBinding, FilterTerm, Filters, NatRule, PortRange,
    PROTO_ESP, PROTO_TCP, PROTO_UDP,
};
use crate::model::{Afi, RouterModel};
use crate::source::{Span, Spanned};
use ipnet::IpNet;
use std::collections::BTreeMap;

/// A rule being read: its term, and the jump target if any.
struct RuleB {
    term: FilterTerm,
    jump: Option<String>,
    disabled: bool,
    /// Conditions other than the arriving interface (a jump with them is not flattened).
    conditions: bool,
    /// `state` values (ORed): resolved when the rule is built.
    states: Vec<String>,
    /// `source|destination group address-group|network-group|port-group NAME`.
    groups: Vec<(bool, String, String, Span)>,
}

struct ChainB {
    afi: Option<Afi>,
    span: Span,
    default: Option<(FilterAction, Span)>,
    /// Base chains of 1.4 (`input filter`, `forward filter`) default to accept.
    base: bool,
    rules: BTreeMap<u32, RuleB>,
}

/// A zone: its interfaces, whether it is the router itself, its default action, and the
/// rule-set per source zone and family: (from zone, afi) → (chain key, line).
#[derive(Default)]
struct Zone {
    interfaces: Vec<(String, Span)>,
    local: Option<Span>,
    default: Option<(FilterAction, Span)>,
    from: Vec<(String, Afi, String, Span)>,
    /// Written as 1.4 `firewall zone` (else 1.3 `zone-policy zone`).
    v14: bool,
}

#[derive(Default)]
struct Reader {
    /// 1.3 `zone-policy zone Z …`, 1.4 `firewall zone Z …`.
    zones: BTreeMap<String, Zone>,
    /// `firewall group KIND NAME address|network|port VALUE`: (kind, name) → values, line.
    groups: BTreeMap<(String, String), (Vec<String>, Span)>,
    chains: BTreeMap<String, ChainB>,
    bindings: Vec<FilterBinding>,
    nat: BTreeMap<u32, (NatRule, bool)>,
}

/// Read the file's rule-sets, bindings and source NAT (nothing when it has none).
pub(crate) fn extract(text: &str) -> Filters {
    // `nat` alone is in every `destination`: look for the stanza itself.
    if !text.contains("firewall") && !text.contains("nat source") && !text.contains("nat {") {
        return Filters::default();
    }
    let parsed = super::syntax::parse(text);
    let mut r = Reader::default();
    for st in parsed.statements.iter().filter(|s| !s.inactive) {
        let w: Vec<(&str, Span)> = st.words.iter().map(|w| (w.text.as_str(), w.span)).collect();
        r.statement(&w, st.span);
    }
    r.finish()
}

/// How a 1.3 rule-set is keyed: `name X` as `X`, `ipv6-name X` as `ipv6-name X` (the two
/// families may share a name).
fn v13_chain(kind: &str, name: &str) -> String {
    if kind == "ipv6-name" {
        format!("ipv6-name {name}")
    } else {
        name.to_string()
    }
}

fn unquote(s: &str) -> &str {
    s.trim_matches(|c| c == '"' || c == '\'')
}

fn proto(w: &str) -> Option<Vec<u8>> {
    Some(match w {
        "tcp" => vec![PROTO_TCP],
        "udp" => vec![PROTO_UDP],
        "tcp_udp" => vec![PROTO_TCP, PROTO_UDP],
        "esp" => vec![PROTO_ESP],
        "ah" => vec![51],
        "icmp" => vec![1],
        "icmpv6" | "ipv6-icmp" => vec![58],
        "gre" => vec![47],
        "all" => vec![],
        n => vec![n.parse().ok()?],
    })
}

fn port_num(w: &str) -> Option<u16> {
    Some(match w {
        "bgp" => 179,
        "isakmp" => 500,
        "ipsec-nat-t" => 4500,
        "ssh" => 22,
        "http" => 80,
        "https" => 443,
        "domain" => 53,
        "ntp" => 123,
        "snmp" => 161,
        n => n.parse().ok()?,
    })
}

/// `179`, `500,4500`, `1024-65535`.
fn ports(w: &str) -> Option<Vec<PortRange>> {
    w.split(',')
        .map(|p| match p.split_once('-') {
            Some((a, b)) => Some((port_num(a)?, port_num(b)?)),
            None => port_num(p).map(|n| (n, n)),
        })
        .collect()
}

fn net(w: &str) -> Option<IpNet> {
    w.parse::<IpNet>()
        .ok()
        .or_else(|| w.parse::<std::net::IpAddr>().ok().map(IpNet::from))
}

fn action(w: &str) -> Option<FilterAction> {
    match w {
        "accept" => Some(FilterAction::Accept),
        "drop" => Some(FilterAction::Discard),
        "reject" => Some(FilterAction::Reject),
        "continue" => Some(FilterAction::Next),
        _ => None,
    }
}

impl Reader {
    fn chain(&mut self, key: String, afi: Option<Afi>, span: Span, base: bool) -> &mut ChainB {
        self.chains.entry(key).or_insert(ChainB {
            afi,
            span,
            default: None,
            base,
            rules: BTreeMap::new(),
        })
    }

    fn statement(&mut self, w: &[(&str, Span)], span: Span) {
        let word = |i: usize| w.get(i).map_or("", |x| unquote(x.0));
        match (word(0), word(1)) {
            ("zone-policy", "zone") => self.zone(word(2), &w[3.min(w.len())..], span, false),
            ("firewall", "zone") => self.zone(word(2), &w[3.min(w.len())..], span, true),
            ("firewall", "group") => {
                let kind = match word(2) {
                    "ipv6-address-group" => "address-group",
                    "ipv6-network-group" => "network-group",
                    k => k,
                };
                let e = self
                    .groups
                    .entry((kind.to_string(), word(3).to_string()))
                    .or_insert((Vec::new(), span));
                if matches!(word(4), "address" | "network" | "port") {
                    e.0.push(word(5).to_string());
                }
            }
            // 1.3: firewall name X … / firewall ipv6-name X …
            ("firewall", kind @ ("name" | "ipv6-name")) => {
                let afi = if kind == "name" { Afi::Ipv4 } else { Afi::Ipv6 };
                let name = v13_chain(kind, word(2));
                self.chain_statement(name, Some(afi), false, &w[3.min(w.len())..], span);
            }
            // 1.4+: firewall ipv4|ipv6 input|forward filter …, firewall ipv4 name X …
            ("firewall", fam @ ("ipv4" | "ipv6")) => {
                let afi = if fam == "ipv4" { Afi::Ipv4 } else { Afi::Ipv6 };
                match (word(2), word(3)) {
                    (hook @ ("input" | "forward" | "output"), "filter") => {
                        let name = format!("{fam} {hook} filter");
                        if !self.chains.contains_key(&name) {
                            // `output` sees what the router itself sends (its BGP segments).
                            let direction = match hook {
                                "input" => Direction::Local,
                                "output" => Direction::Out,
                                _ => Direction::Transit,
                            };
                            self.bindings.push(FilterBinding {
                                interface: None,
                                direction,
                                afi: Some(afi),
                                filters: vec![Spanned::new(name.clone(), span)],
                                accept_ends: false,
                                span,
                            });
                        }
                        self.chain_statement(name, Some(afi), true, &w[4.min(w.len())..], span);
                    }
                    ("name", n) => {
                        let name = format!("{fam} name {n}");
                        self.chain_statement(name, Some(afi), false, &w[4.min(w.len())..], span);
                    }
                    _ => {}
                }
            }
            ("interfaces", _) => self.interface(w, span),
            ("nat", "source") if word(2) == "rule" => {
                let Ok(n) = word(3).parse::<u32>() else {
                    return;
                };
                let e = self.nat.entry(n).or_insert_with(|| {
                    (
                        NatRule {
                            span,
                            name: n.to_string(),
                            destinations: Vec::new(),
                            exempt: Vec::new(),
                            unmodelled: None,
                            interfaces: Vec::new(),
                        },
                        false,
                    )
                });
                match (word(4), word(5)) {
                    ("destination", "address") => match net(word(6)) {
                        Some(d) => e.0.destinations.push(d),
                        None => e.0.unmodelled = Some(format!("destination address {}", word(6))),
                    },
                    ("destination", "group") => {
                        e.0.unmodelled = Some(format!("destination group {}", word(6)))
                    }
                    ("exclude", _) => e.1 = true,
                    ("outbound-interface", _) => {
                        let i = if word(5) == "name" { word(6) } else { word(5) };
                        if i != "any" {
                            e.0.interfaces.push(i.to_string());
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// `zone Z interface IF` (1.3) / `member interface IF` (1.4), `local-zone`,
    /// `default-action drop|reject|accept`, `from Y firewall name|ipv6-name X`.
    fn zone(&mut self, zone: &str, w: &[(&str, Span)], span: Span, v14: bool) {
        let word = |i: usize| w.get(i).map_or("", |x| unquote(x.0));
        let z = self.zones.entry(zone.to_string()).or_default();
        z.v14 |= v14;
        match (word(0), word(1)) {
            ("interface", i) => z.interfaces.push((i.to_string(), span)),
            ("member", "interface") => z.interfaces.push((word(2).to_string(), span)),
            ("local-zone", _) => z.local = Some(span),
            ("default-action", a) => {
                z.default = Some((action(a).unwrap_or(FilterAction::Discard), span));
            }
            ("from", from) if word(2) == "firewall" => {
                let (afi, kind) = match word(3) {
                    "name" => (Afi::Ipv4, "name"),
                    "ipv6-name" => (Afi::Ipv6, "ipv6-name"),
                    _ => return,
                };
                z.from
                    .push((from.to_string(), afi, format!("{kind} {}", word(4)), span));
            }
            _ => {}
        }
    }

    /// Traffic from a zone's interfaces to the router itself passes the local zone's rule-set
    /// for that zone, else the local zone's default action (drop when unset).
    fn zone_bindings(&mut self) {
        let Some((lname, local)) = self.zones.iter().find(|(_, z)| z.local.is_some()) else {
            return;
        };
        let local_span = local.local.unwrap_or(Span::new(0, 0));
        let mut add = Vec::new();
        for (zname, z) in &self.zones {
            if zname == lname {
                continue;
            }
            for (iface, ispan) in &z.interfaces {
                for afi in [Afi::Ipv4, Afi::Ipv6] {
                    let set = local.from.iter().find(|f| &f.0 == zname && f.1 == afi);
                    let (filter, span) = match set {
                        Some((_, _, key, span)) => {
                            // 1.4 names the set `ipv4 name X`; 1.3 `X` / `ipv6-name X`.
                            let (kind, name) = key.split_once(' ').unwrap_or(("name", key));
                            let v14 = format!(
                                "{} name {name}",
                                if afi == Afi::Ipv4 { "ipv4" } else { "ipv6" }
                            );
                            let key = if self.chains.contains_key(&v14) {
                                v14
                            } else {
                                v13_chain(kind, name)
                            };
                            (key, *span)
                        }
                        // No rule-set for this zone: the local zone's default action. Named as
                        // the configuration path a fix extends.
                        None => (
                            format!(
                                "{} {lname} from {zname} ({})",
                                if local.v14 {
                                    "firewall zone"
                                } else {
                                    "zone-policy zone"
                                },
                                afi.as_str()
                            ),
                            *ispan,
                        ),
                    };
                    add.push((iface.clone(), afi, filter, span));
                }
            }
        }
        let default = local.default.unwrap_or((FilterAction::Discard, local_span));
        for (iface, afi, filter, span) in add {
            if filter.contains(" zone ") && !self.chains.contains_key(&filter) {
                self.chains.insert(
                    filter.clone(),
                    ChainB {
                        afi: Some(afi),
                        span,
                        default: Some(default),
                        base: false,
                        rules: BTreeMap::new(),
                    },
                );
            }
            self.bindings.push(FilterBinding {
                interface: Some(iface),
                direction: Direction::Local,
                afi: Some(afi),
                filters: vec![Spanned::new(filter, span)],
                accept_ends: false,
                span,
            });
        }
    }

    fn chain_statement(
        &mut self,
        name: String,
        afi: Option<Afi>,
        base: bool,
        w: &[(&str, Span)],
        span: Span,
    ) {
        let word = |i: usize| w.get(i).map_or("", |x| unquote(x.0));
        let c = self.chain(name, afi, span, base);
        match word(0) {
            "default-action" => {
                let a = match word(1) {
                    "return" => FilterAction::Next,
                    a => action(a).unwrap_or(FilterAction::Discard),
                };
                c.default = Some((a, span));
            }
            "rule" => {
                let Ok(n) = word(1).parse::<u32>() else {
                    return;
                };
                let r = c.rules.entry(n).or_insert_with(|| RuleB {
                    term: FilterTerm::new(n.to_string(), span, FilterAction::Discard),
                    jump: None,
                    disabled: false,
                    conditions: false,
                    states: Vec::new(),
                    groups: Vec::new(),
                });
                rule_statement(r, &w[2.min(w.len())..], span);
            }
            _ => {}
        }
    }

    /// `interfaces TYPE NAME [vif N] firewall local|in|out name|ipv6-name X` (1.3).
    fn interface(&mut self, w: &[(&str, Span)], span: Span) {
        let word = |i: usize| w.get(i).map_or("", |x| unquote(x.0));
        let mut name = word(2).to_string();
        let mut i = 3;
        while matches!(word(i), "vif" | "vif-s" | "vif-c") {
            name = format!("{name}.{}", word(i + 1));
            i += 2;
        }
        if word(i) != "firewall" {
            return;
        }
        // 1.3 `in` / `out` are the forward chain (routed traffic), `local` the input chain.
        let direction = match word(i + 1) {
            "local" => Direction::Local,
            "in" | "out" => Direction::Transit,
            _ => return,
        };
        let kind = word(i + 2);
        let afi = match kind {
            "name" => Afi::Ipv4,
            "ipv6-name" => Afi::Ipv6,
            _ => return,
        };
        let Some(&(chain, cspan)) = w.get(i + 3) else {
            return;
        };
        self.bindings.push(FilterBinding {
            interface: Some(name),
            direction,
            afi: Some(afi),
            filters: vec![Spanned::new(v13_chain(kind, unquote(chain)), cspan)],
            accept_ends: false,
            span,
        });
    }

    fn finish(mut self) -> Filters {
        self.zone_bindings();
        let mut out = Filters::default();
        let names: Vec<String> = self.chains.keys().cloned().collect();
        // Named chains first, so jumps can be flattened from them.
        let mut built: BTreeMap<String, Filter> = BTreeMap::new();
        for name in &names {
            let c = &self.chains[name];
            if c.base {
                continue;
            }
            built.insert(name.clone(), build(name, c, &BTreeMap::new(), &self.groups));
        }
        for name in &names {
            let c = &self.chains[name];
            if c.base {
                let f = build(name, c, &built, &self.groups);
                built.insert(name.clone(), f);
            }
        }
        out.filters = built.into_values().collect();
        // 1.3 binds by the rule-set's own name: the 1.4 chains are named with their family.
        out.bindings = std::mem::take(&mut self.bindings);
        for (_, (mut rule, exclude)) in std::mem::take(&mut self.nat) {
            if rule.destinations.is_empty() && rule.unmodelled.is_none() {
                rule.destinations.push("0.0.0.0/0".parse().expect("valid"));
            }
            if exclude {
                rule.exempt = std::mem::take(&mut rule.destinations);
            }
            out.nat.push(rule);
        }
        // Exclusions apply to every rule after them: fold them into the later rules.
        let mut exempt = Vec::new();
        for r in &mut out.nat {
            let own = r.exempt.clone();
            r.exempt.extend(exempt.iter().cloned());
            exempt.extend(own);
        }
        out
    }
}

type Groups = BTreeMap<(String, String), (Vec<String>, Span)>;

/// The rule's term with its `state` and `group` conditions resolved.
fn resolved(r: &RuleB, groups: &Groups) -> FilterTerm {
    let mut t = r.term.clone();
    let has = |s: &str| r.states.iter().any(|x| x == s);
    let (new, est) = (has("new"), has("established") || has("related"));
    match (new, est) {
        (true, true) => {}
        (false, true) => t.established_only = true,
        (true, false) => t.initial_only = true,
        // Only `invalid`: never a packet of a working session (both flags: matches nothing).
        (false, false) if !r.states.is_empty() => {
            t.established_only = true;
            t.initial_only = true;
        }
        _ => {}
    }
    for (src, kind, name, span) in &r.groups {
        let Some((values, def)) = groups.get(&(kind.clone(), name.clone())) else {
            t.unmodelled = Some(Spanned::new(format!("{kind} {name} is not defined"), *span));
            continue;
        };
        if kind == "port-group" {
            match values.iter().map(|v| ports(v)).collect::<Option<Vec<_>>>() {
                Some(p) if *src => t.source_ports.extend(p.into_iter().flatten()),
                Some(p) => t.destination_ports.extend(p.into_iter().flatten()),
                None => t.unmodelled = Some(Spanned::new(format!("port-group {name}"), *span)),
            }
            continue;
        }
        let mut nets = Vec::new();
        for v in values {
            match v.split_once('-') {
                // An address range `a-b`: not modelled.
                Some(_) if kind == "address-group" && !v.contains(':') => {
                    t.unmodelled = Some(Spanned::new(format!("{kind} {name} range {v}"), *span));
                }
                _ => match net(v) {
                    Some(n) => nets.push(n),
                    None => t.unmodelled = Some(Spanned::new(format!("{kind} {name} {v}"), *span)),
                },
            }
        }
        if nets.is_empty() {
            // An empty group matches nothing.
            nets.push("0.0.0.0/32".parse().expect("valid"));
        }
        if *src {
            t.sources.extend(nets);
            t.source_list = Some(Spanned::new(name.clone(), *def));
        } else {
            t.destinations.extend(nets);
        }
    }
    t
}

fn build(name: &str, c: &ChainB, named: &BTreeMap<String, Filter>, groups: &Groups) -> Filter {
    let fam = match c.afi {
        Some(Afi::Ipv6) => "ipv6",
        _ => "ipv4",
    };
    let mut f = Filter {
        name: name.to_string(),
        afi: c.afi,
        span: c.span,
        terms: Vec::new(),
        default_action: match c.default {
            Some((a, _)) => a,
            None if c.base => FilterAction::Accept,
            None => FilterAction::Discard,
        },
        default_span: c.default.map(|d| d.1),
        stateful: true,
    };
    if f.default_action == FilterAction::Next {
        // `return` from a base chain: the hook's policy, accept.
        f.default_action = FilterAction::Accept;
    }
    for r in c.rules.values().filter(|r| !r.disabled) {
        let Some(target) = &r.jump else {
            f.terms.push(resolved(r, groups));
            continue;
        };
        let key = format!("{fam} name {target}");
        match named.get(&key).or_else(|| named.get(target)) {
            Some(t) if !r.conditions => {
                for tt in &t.terms {
                    let mut tt = tt.clone();
                    tt.origin = Some(t.name.clone());
                    if tt.in_interfaces.is_empty() {
                        tt.in_interfaces = r.term.in_interfaces.clone();
                    }
                    f.terms.push(tt);
                }
                if t.default_action != FilterAction::Next {
                    let mut d = FilterTerm::new(
                        "default-action",
                        t.default_span.unwrap_or(r.term.span),
                        t.default_action,
                    );
                    d.origin = Some(t.name.clone());
                    d.in_interfaces = r.term.in_interfaces.clone();
                    f.terms.push(d);
                }
            }
            Some(_) => {
                let mut t = r.term.clone();
                t.unmodelled = Some(Spanned::new(
                    format!("jump to {target} with other match conditions"),
                    r.term.span,
                ));
                f.terms.push(t);
            }
            None => {
                let mut t = r.term.clone();
                t.unmodelled = Some(Spanned::new(
                    format!("jump target {target} is not defined"),
                    r.term.span,
                ));
                f.terms.push(t);
            }
        }
    }
    f
}

/// One `rule N …` statement.
fn rule_statement(r: &mut RuleB, w: &[(&str, Span)], span: Span) {
    let word = |i: usize| w.get(i).map_or("", |x| unquote(x.0));
    let t = &mut r.term;
    let unknown = |t: &mut FilterTerm, what: String| {
        t.unmodelled = Some(Spanned::new(what, span));
    };
    match (word(0), word(1)) {
        ("action", "jump") => r.jump = r.jump.take().or(Some(String::new())),
        ("jump-target", target) => r.jump = Some(target.to_string()),
        ("action", a) => match action(a) {
            Some(a) => t.action = a,
            None => unknown(t, format!("action {a}")),
        },
        ("disable", _) => r.disabled = true,
        ("description", _) | ("log", _) => {}
        ("protocol", p) => {
            r.conditions = true;
            match proto(p) {
                Some(v) => t.protocols.extend(v),
                None => unknown(t, format!("protocol {p}")),
            }
        }
        (side @ ("source" | "destination"), what) => {
            r.conditions = true;
            let v = word(2);
            let src = side == "source";
            match what {
                "address" if !v.starts_with('!') => match net(v) {
                    Some(n) if src => t.sources.push(n),
                    Some(n) => t.destinations.push(n),
                    None => unknown(t, format!("{side} address {v}")),
                },
                "port" => match ports(v) {
                    Some(p) if src => t.source_ports.extend(p),
                    Some(p) => t.destination_ports.extend(p),
                    None => unknown(t, format!("{side} port {v}")),
                },
                "group" if matches!(v, "address-group" | "network-group" | "port-group") => {
                    let name = word(3);
                    r.groups.push((src, v.to_string(), name.to_string(), span));
                }
                _ => unknown(t, format!("{side} {what} {v}").trim_end().to_string()),
            }
        }
        ("state", s) => {
            r.conditions = true;
            // 1.3 `state established enable`; 1.4 `state established`.
            if word(2) == "disable" {
                return;
            }
            r.states.push(s.to_string());
        }
        ("inbound-interface", kind) => {
            // 1.4 `inbound-interface name X` (early 1.4: `interface-name X`).
            let name = match kind {
                "name" | "interface-name" => word(2),
                "group" => {
                    r.conditions = true;
                    unknown(t, format!("inbound-interface group {}", word(2)));
                    return;
                }
                other => other,
            };
            t.in_interfaces.push(name.to_string());
        }
        (c, v) => {
            r.conditions = true;
            unknown(t, format!("{c} {v}").trim_end().to_string())
        }
    }
}

// ------------------------------------------------------------------ fixes

/// `set firewall …` path of a rule-set as this model names it.
fn chain_path(model: &RouterModel, name: &str) -> String {
    let v6 = model
        .filters
        .filter(name)
        .is_some_and(|f| f.afi == Some(Afi::Ipv6));
    match name.split_once(' ') {
        // 1.4: `ipv4 input filter`, `ipv4 name X`
        Some(_) => format!("set firewall {name}"),
        None if v6 => format!("set firewall ipv6-name {name}"),
        None => format!("set firewall name {name}"),
    }
}

/// A free rule number before `before` (counting down), else after the last rule.
fn free_numbers(model: &RouterModel, filter: &str, before: Option<&str>, n: usize) -> Vec<u32> {
    let used: Vec<u32> = model
        .filters
        .filter(filter)
        .map(|f| f.terms.iter().filter_map(|t| t.name.parse().ok()).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    match before.and_then(|b| b.parse::<u32>().ok()) {
        Some(top) => {
            let mut k = top;
            while k > 1 && out.len() < n {
                k -= 1;
                if !used.contains(&k) {
                    out.push(k);
                }
            }
            out.reverse();
        }
        None => {
            let mut k = used.iter().max().copied().unwrap_or(0);
            while out.len() < n {
                k += 10;
                out.push(k);
            }
        }
    }
    out
}

fn proto_name(p: u8) -> String {
    match p {
        PROTO_TCP => "tcp".into(),
        PROTO_UDP => "udp".into(),
        PROTO_ESP => "esp".into(),
        n => n.to_string(),
    }
}

fn rule_lines(head: &str, n: u32, f: &FlowSpec) -> Vec<String> {
    let mut v = vec![
        format!("{head} rule {n} action accept"),
        format!("{head} rule {n} protocol {}", proto_name(f.proto)),
        format!("{head} rule {n} source address {}", f.src),
        format!("{head} rule {n} destination address {}", f.dst),
    ];
    if let Some(p) = f.sport {
        v.push(format!("{head} rule {n} source port {p}"));
    }
    if let Some(p) = f.dport {
        v.push(format!("{head} rule {n} destination port {p}"));
    }
    v
}

/// Accept rules numbered before the dropping rule, in `set` commands.
pub(crate) fn render_fix(fix: &FilterFix, model: &RouterModel) -> String {
    match fix {
        FilterFix::Permit { filter, flows, .. } if filter.contains(" zone ") => {
            // `firewall zone L from Z (ipv4)`: a rule-set for that direction, then bind it.
            let (path, fam) = filter.rsplit_once(" (").unwrap_or((filter, "ipv4)"));
            let v6 = fam.starts_with("ipv6");
            let mut it = path.split_whitespace();
            let (local, from) = (it.nth(2).unwrap_or("LOCAL"), it.nth(1).unwrap_or("WAN"));
            let set = format!("{from}-{local}");
            let (head, kind) = match (path.starts_with("firewall "), v6) {
                (true, false) => (format!("set firewall ipv4 name {set}"), "name"),
                (true, true) => (format!("set firewall ipv6 name {set}"), "name"),
                (false, false) => (format!("set firewall name {set}"), "name"),
                (false, true) => (format!("set firewall ipv6-name {set}"), "ipv6-name"),
            };
            let mut out = vec![format!("{head} default-action 'drop'")];
            for (i, f) in flows.iter().enumerate() {
                out.extend(rule_lines(&head, 10 * (i as u32 + 1), f));
            }
            let zone_path = path.rsplit_once(" from ").map_or(path, |p| p.0);
            out.push(format!("set {zone_path} from {from} firewall {kind} {set}"));
            out.join("\n")
        }
        FilterFix::Permit {
            filter,
            before,
            flows,
        } => {
            let head = chain_path(model, filter);
            let nums = free_numbers(model, filter, before.as_deref(), flows.len());
            let mut out = Vec::new();
            for (f, n) in flows.iter().zip(nums) {
                out.extend(rule_lines(&head, n, f));
            }
            out.join("\n")
        }
        FilterFix::AddToList { list, address } => {
            format!("set firewall group address-group {list} address {address}")
        }
        FilterFix::NatExempt { rule, destination } => {
            let destination = destination.map_or("<VPC CIDR>".to_string(), |d| d.to_string());
            let n = rule.parse::<u32>().map_or(1, |r| r.saturating_sub(1).max(1));
            format!(
                "set nat source rule {n} destination address {destination}\nset nat source rule {n} exclude"
            )
        }
        FilterFix::NatTraversal { peer, public } => format!(
            "set vpn ipsec site-to-site peer {peer} authentication local-id {public}\n# VyOS 1.3 also: set vpn ipsec nat-traversal enable (1.4+ always detects NAT)"
        ),
    }
}

//! Junos firewall filters, where they are applied (a unit's `family inet filter input` /
//! `input-list`, and `lo0`, which guards the routing engine), prefix lists (with
//! `apply-path` expanded against the configuration), and SRX source NAT, into the neutral
//! [`Filters`]. A second reading of the text, done only when the file has a `firewall`
//! or `nat` stanza; configuration groups are expanded and inactive statements skipped.
//!
//! Term semantics (Junos "Firewall Filter Match Conditions" / "Actions"): the conditions
//! of a term are ANDed, the values of one condition ORed; `port` / `address` /
//! `prefix-list` match either direction; a term without a terminating action accepts
//! (`count`, `log`, `policer` only modify) unless it says `next term`; a packet no term
//! matches is discarded; in an `input-list` a terminating action ends the whole list.

use crate::fix::{FilterFix, FlowSpec};
use crate::model::filter::{
    Direction, Filter, FilterAction, FilterBinding, FilterTerm, Filters, NatRule, PortRange,
    PROTO_ESP, PROTO_TCP, PROTO_UDP,
};
use crate::model::{Afi, RouterModel};
use crate::source::{Span, Spanned};
use ipnet::IpNet;
use std::collections::HashMap;

/// Read the file's filters, bindings and NAT rules (nothing when it has none).
pub(crate) fn extract(text: &str, _model: &RouterModel) -> Filters {
    // `nat` alone is in every `destination`: look for the stanza itself.
    if !text.contains("firewall") && !text.contains("nat source") && !text.contains("nat {") {
        return Filters::default();
    }
    let parsed = super::parse_any(text);
    let expanded = super::groups::expand(parsed.statements);
    let active: Vec<&crate::syntax::path::PathStatement> = expanded
        .statements
        .iter()
        .filter(|e| !e.stmt.inactive)
        .map(|e| &e.stmt)
        .collect();
    let stmts: Vec<Vec<(&str, Span)>> = active
        .iter()
        .map(|st| st.words.iter().map(|w| (w.text.as_str(), w.span)).collect())
        .collect();
    let mut r = Reader::default();
    for (st, words) in active.iter().zip(&stmts) {
        r.statement(words, st.span);
    }
    r.apply_paths(&stmts);
    r.finish()
}

#[derive(Default)]
struct TermB {
    term: Option<FilterTerm>,
    terminal: Option<FilterAction>,
    next: bool,
    /// Prefix lists named by the term: (list, which side: 0 src, 1 dst, 2 either, except).
    lists: Vec<(String, u8, bool, Span)>,
}

/// A filter being read: family, name, its line, its terms in order.
type FilterB = (Afi, String, Span, Vec<(String, TermB)>);
/// A source NAT rule being read: name, destinations, `source-nat off`, line, unmodelled.
type NatB = (String, Vec<IpNet>, Option<bool>, Span, Option<String>);

#[derive(Default)]
struct Reader {
    /// Filters by (afi, name), in order of appearance, with their terms in order.
    filters: Vec<FilterB>,
    bindings: Vec<FilterBinding>,
    /// Prefix lists: name → (prefixes, first line).
    lists: HashMap<String, (Vec<IpNet>, Span)>,
    /// `apply-path` lists: (name, path words, line).
    apply: Vec<(String, Vec<String>, Span)>,
    /// Source NAT rules: (rule-set/rule, destinations, action is `off`, line).
    nat: Vec<NatB>,
    /// Rule-set → `to interface X` / `to zone Z` (zone names prefixed with `zone:`).
    nat_to: HashMap<String, Vec<String>>,
    /// Security zone → its interfaces.
    zones: HashMap<String, Vec<String>>,
}

fn afi_of(fam: &str) -> Option<Afi> {
    match fam {
        "inet" => Some(Afi::Ipv4),
        "inet6" => Some(Afi::Ipv6),
        _ => None,
    }
}

fn proto(w: &str) -> Option<u8> {
    Some(match w {
        "tcp" => PROTO_TCP,
        "udp" => PROTO_UDP,
        "esp" => PROTO_ESP,
        "ah" => 51,
        "icmp" => 1,
        "icmp6" | "icmpv6" => 58,
        "gre" => 47,
        "ospf" => 89,
        "pim" => 103,
        "vrrp" => 112,
        "igmp" => 2,
        "rsvp" => 46,
        n => n.parse().ok()?,
    })
}

fn port_num(w: &str) -> Option<u16> {
    Some(match w {
        "bgp" => 179,
        "ike" => 500,
        "ssh" => 22,
        "telnet" => 23,
        "ntp" => 123,
        "snmp" => 161,
        "snmptrap" => 162,
        "domain" => 53,
        "http" => 80,
        "https" => 443,
        "ftp" => 21,
        "tacacs" => 49,
        "radius" => 1812,
        "syslog" => 514,
        "bfd" => 3784,
        "ldp" => 646,
        "dhcp" | "bootps" => 67,
        "bootpc" => 68,
        "ftp-data" => 20,
        "smtp" => 25,
        "pop3" => 110,
        "imap" => 143,
        "ldap" => 389,
        "login" => 513,
        "netconf" => 830,
        n => n.parse().ok()?,
    })
}

fn port_range(w: &str) -> Option<PortRange> {
    match w.split_once('-') {
        Some((a, b)) if !a.is_empty() => Some((port_num(a)?, port_num(b)?)),
        _ => port_num(w).map(|p| (p, p)),
    }
}

fn unquote(s: &str) -> &str {
    s.trim_matches('"')
}

impl Reader {
    fn term(&mut self, afi: Afi, filter: &str, fspan: Span, term: &str, tspan: Span) -> &mut TermB {
        let fi = match self
            .filters
            .iter()
            .position(|f| f.0 == afi && f.1 == filter)
        {
            Some(i) => i,
            None => {
                self.filters
                    .push((afi, filter.to_string(), fspan, Vec::new()));
                self.filters.len() - 1
            }
        };
        let terms = &mut self.filters[fi].3;
        let ti = match terms.iter().position(|t| t.0 == term) {
            Some(i) => i,
            None => {
                terms.push((
                    term.to_string(),
                    TermB {
                        term: Some(FilterTerm::new(term, tspan, FilterAction::Accept)),
                        ..Default::default()
                    },
                ));
                terms.len() - 1
            }
        };
        &mut terms[ti].1
    }

    fn statement(&mut self, w: &[(&str, Span)], span: Span) {
        let word = |i: usize| w.get(i).map_or("", |x| x.0);
        match (word(0), word(1)) {
            ("firewall", "family") | ("firewall", "filter") => {
                let (afi, at) = if word(1) == "filter" {
                    (Some(Afi::Ipv4), 1)
                } else {
                    (afi_of(word(2)), 3)
                };
                let Some(afi) = afi else { return };
                if word(at) != "filter" || word(at + 2) != "term" {
                    return;
                }
                let fspan = w[at].1;
                let tspan = span;
                let (fname, tname) = (word(at + 1).to_string(), word(at + 3).to_string());
                let rest: Vec<(&str, Span)> = w[(at + 4).min(w.len())..].to_vec();
                let t = self.term(afi, &fname, fspan, &tname, tspan);
                term_statement(t, &rest, span, afi);
            }
            ("interfaces", _) => self.interface(w, span),
            ("policy-options", "prefix-list") => {
                let name = word(2).to_string();
                match word(3) {
                    "apply-path" => {
                        let path = unquote(word(4))
                            .split_whitespace()
                            .map(str::to_string)
                            .collect();
                        self.apply.push((name.clone(), path, span));
                        self.lists.entry(name).or_insert((Vec::new(), span));
                    }
                    p => {
                        let e = self.lists.entry(name).or_insert((Vec::new(), span));
                        if let Ok(n) = p.parse::<IpNet>() {
                            e.0.push(n);
                        } else if let Ok(a) = p.parse::<std::net::IpAddr>() {
                            e.0.push(IpNet::from(a));
                        }
                    }
                }
            }
            ("security", "nat")
                if word(2) == "source" && word(3) == "rule-set" && word(5) == "to" =>
            {
                let to = match word(6) {
                    "interface" => word(7).to_string(),
                    "zone" => format!("zone:{}", word(7)),
                    _ => return,
                };
                self.nat_to.entry(word(4).to_string()).or_default().push(to);
            }
            ("security", "zones") if word(2) == "security-zone" && word(4) == "interfaces" => {
                self.zones
                    .entry(word(3).to_string())
                    .or_default()
                    .push(word(5).to_string());
            }
            ("security", "nat") if word(2) == "source" && word(3) == "rule-set" => {
                let name = format!("{} rule {}", word(4), word(6));
                if word(5) != "rule" {
                    return;
                }
                let i = match self.nat.iter().position(|n| n.0 == name) {
                    Some(i) => i,
                    None => {
                        self.nat.push((name.clone(), Vec::new(), None, span, None));
                        self.nat.len() - 1
                    }
                };
                let n = &mut self.nat[i];
                match (word(7), word(8)) {
                    ("match", "destination-address") => {
                        if let Ok(net) = word(9).parse::<IpNet>() {
                            n.1.push(net);
                        }
                    }
                    ("match", "destination-address-name") => {
                        n.4 = Some(format!("destination-address-name {}", word(9)))
                    }
                    ("then", "source-nat") => n.2 = Some(word(9) == "off"),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// `interfaces IF unit U family F filter input|output|input-list NAME`.
    fn interface(&mut self, w: &[(&str, Span)], span: Span) {
        let word = |i: usize| w.get(i).map_or("", |x| x.0);
        if word(2) != "unit" || word(4) != "family" || word(6) != "filter" {
            return;
        }
        let Some(afi) = afi_of(word(5)) else { return };
        let (port, unit) = (word(1), word(3));
        let lo0 = port == "lo0";
        // lo0.0 guards the master instance; another lo0 unit guards its routing instance's
        // traffic, which dxlint does not tie to peerings yet: left out rather than misapplied.
        if lo0 && unit != "0" {
            return;
        }
        // Output filters: whether they see the routing engine's own packets is not modelled
        // (routed traffic only), so they never decide a finding.
        let (direction, list) = match word(7) {
            "input" => (Direction::In, false),
            "input-list" => (Direction::In, true),
            "output" => (Direction::Transit, false),
            "output-list" => (Direction::Transit, true),
            _ => return,
        };
        let Some(&(fname, fspan)) = w.get(8) else {
            return;
        };
        let direction = if lo0 && direction == Direction::In {
            Direction::Local
        } else {
            direction
        };
        if lo0 && direction == Direction::Out {
            return;
        }
        let iface = (!lo0).then(|| format!("{port}.{unit}"));
        let filter = Spanned::new(fname.to_string(), fspan);
        if list {
            if let Some(b) = self.bindings.iter_mut().find(|b| {
                b.interface == iface
                    && b.direction == direction
                    && b.afi == Some(afi)
                    && b.accept_ends
            }) {
                b.filters.push(filter);
                return;
            }
        }
        self.bindings.push(FilterBinding {
            interface: iface,
            direction,
            afi: Some(afi),
            filters: vec![filter],
            accept_ends: true,
            span,
        });
    }

    /// Expand `apply-path` lists: every statement the path matches (`<*>` any word,
    /// `<pfx*>` a word starting with `pfx`) gives the word at the path's last position.
    fn apply_paths(&mut self, stmts: &[Vec<(&str, Span)>]) {
        for (name, path, _) in &self.apply {
            let mut found = Vec::new();
            for st in stmts {
                if st.len() < path.len() {
                    continue;
                }
                let ok = path.iter().zip(st.iter()).all(|(p, (w, _))| {
                    if let Some(inner) = p.strip_prefix('<').and_then(|p| p.strip_suffix('>')) {
                        glob(inner, w)
                    } else {
                        p == w
                    }
                });
                if !ok {
                    continue;
                }
                let v = st[path.len() - 1].0;
                if let Ok(n) = v.parse::<IpNet>() {
                    found.push(n);
                } else if let Ok(a) = v.parse::<std::net::IpAddr>() {
                    found.push(IpNet::from(a));
                }
            }
            if let Some(e) = self.lists.get_mut(name) {
                e.0.extend(found);
            }
        }
    }

    fn finish(self) -> Filters {
        let mut out = Filters {
            apply_path_lists: self.apply.iter().map(|a| a.0.clone()).collect(),
            ..Default::default()
        };
        for (afi, name, span, terms) in self.filters {
            let mut f = Filter {
                name,
                afi: Some(afi),
                span,
                terms: Vec::new(),
                default_action: FilterAction::Discard,
                default_span: None,
                stateful: false,
            };
            for (_, tb) in terms {
                let Some(mut t) = tb.term else { continue };
                t.action = match (tb.terminal, tb.next) {
                    (Some(a), _) => a,
                    (None, true) => FilterAction::Next,
                    (None, false) => FilterAction::Accept,
                };
                for (list, side, except, lspan) in tb.lists {
                    let Some((nets, def)) = self.lists.get(&list) else {
                        t.unmodelled = Some(Spanned::new(
                            format!("prefix-list {list} is not defined"),
                            lspan,
                        ));
                        continue;
                    };
                    if except {
                        t.unmodelled =
                            Some(Spanned::new(format!("prefix-list {list} except"), lspan));
                        continue;
                    }
                    let nets = nets.clone();
                    match side {
                        0 => {
                            t.sources.extend(nets);
                            t.source_list = Some(Spanned::new(list.clone(), *def));
                        }
                        1 => t.destinations.extend(nets),
                        _ => {
                            t.addresses.extend(nets);
                            t.source_list = Some(Spanned::new(list.clone(), *def));
                        }
                    }
                    // An empty list matches nothing (not "any").
                    if side == 0 && t.sources.is_empty() {
                        t.sources.push(never());
                    }
                    if side == 2 && t.addresses.is_empty() {
                        t.addresses.push(never());
                    }
                }
                f.terms.push(t);
            }
            out.filters.push(f);
        }
        out.bindings = self.bindings;
        for (name, dests, off, span, unmodelled) in self.nat {
            let set = name.split(" rule ").next().unwrap_or("");
            let mut interfaces = Vec::new();
            for to in self.nat_to.get(set).into_iter().flatten() {
                match to.strip_prefix("zone:") {
                    Some(z) => interfaces.extend(self.zones.get(z).into_iter().flatten().cloned()),
                    None => interfaces.push(to.clone()),
                }
            }
            if interfaces.is_empty() {
                // A rule-set with no `to` (or an empty zone) translates nothing dxlint can see.
                continue;
            }
            let mut rule = NatRule {
                span,
                name,
                destinations: Vec::new(),
                exempt: Vec::new(),
                unmodelled,
                interfaces,
            };
            let d = if dests.is_empty() {
                vec!["0.0.0.0/0".parse().expect("valid")]
            } else {
                dests
            };
            if off == Some(true) {
                rule.exempt = d;
            } else {
                rule.destinations = d;
            }
            out.nat.push(rule);
        }
        // A `source-nat off` rule exempts its destinations from the rules after it in its set.
        let mut exempt: HashMap<String, Vec<IpNet>> = HashMap::new();
        for r in &mut out.nat {
            let set = r.name.split(" rule ").next().unwrap_or("").to_string();
            let own = r.exempt.clone();
            let before = exempt.entry(set).or_default();
            r.exempt.extend(before.iter().cloned());
            before.extend(own);
        }
        out
    }
}

/// `*` matches any run of characters (apply-path's `<*>`, `<*.*>`, `<AWS-*>`).
fn glob(pat: &str, w: &str) -> bool {
    match pat.split_once('*') {
        None => pat == w,
        Some((head, tail)) => {
            let Some(rest) = w.strip_prefix(head) else {
                return false;
            };
            (0..=rest.len())
                .filter(|i| rest.is_char_boundary(*i))
                .any(|i| glob(tail, &rest[i..]))
        }
    }
}

/// A prefix no packet comes from (the loopback /32 of an unused address), standing for
/// an empty list: a term naming an empty list matches nothing.
fn never() -> IpNet {
    "0.0.0.0/32".parse().expect("valid")
}

/// One `from …` or `then …` statement of a term.
fn term_statement(t: &mut TermB, w: &[(&str, Span)], span: Span, afi: Afi) {
    let word = |i: usize| w.get(i).map_or("", |x| x.0);
    let Some(term) = t.term.as_mut() else { return };
    match word(0) {
        "from" => {
            let except = word(3) == "except";
            let (cond, v) = (word(1), word(2));
            let net = || {
                v.parse::<IpNet>()
                    .ok()
                    .or_else(|| v.parse::<std::net::IpAddr>().ok().map(IpNet::from))
            };
            let mut unknown = |what: String| {
                term.unmodelled = Some(Spanned::new(what, span));
            };
            match cond {
                "source-address" | "destination-address" | "address" => match net() {
                    Some(n) => {
                        let list = match (cond, except) {
                            ("source-address", false) => &mut term.sources,
                            ("source-address", true) => &mut term.source_except,
                            ("destination-address", false) => &mut term.destinations,
                            ("destination-address", true) => &mut term.destination_except,
                            (_, false) => &mut term.addresses,
                            (_, true) => {
                                unknown(format!("address {v} except"));
                                return;
                            }
                        };
                        list.push(n);
                    }
                    None => unknown(format!("{cond} {v}")),
                },
                "source-prefix-list" => t.lists.push((v.to_string(), 0, except, span)),
                "destination-prefix-list" => t.lists.push((v.to_string(), 1, except, span)),
                "prefix-list" => t.lists.push((v.to_string(), 2, except, span)),
                "protocol" | "next-header" | "payload-protocol" => match proto(v) {
                    Some(p) if !(afi == Afi::Ipv6 && p == 1 && v == "icmp") => {
                        term.protocols.push(p)
                    }
                    Some(_) => term.protocols.push(58),
                    None => unknown(format!("{cond} {v}")),
                },
                "port" | "source-port" | "destination-port" => match port_range(v) {
                    Some(r) => match cond {
                        "port" => term.ports.push(r),
                        "source-port" => term.source_ports.push(r),
                        _ => term.destination_ports.push(r),
                    },
                    None => unknown(format!("{cond} {v}")),
                },
                "tcp-established" => {
                    term.established_only = true;
                    term.protocols.push(PROTO_TCP);
                }
                "tcp-initial" => {
                    term.initial_only = true;
                    term.protocols.push(PROTO_TCP);
                }
                "" => {}
                other => unknown(format!("from {other} {v}").trim_end().to_string()),
            }
        }
        // `term X filter Y`: the term evaluates another filter.
        "filter" => {
            term.unmodelled = Some(Spanned::new(format!("nested filter {}", word(1)), span));
        }
        "then" => match word(1) {
            "accept" => t.terminal = Some(FilterAction::Accept),
            "discard" => t.terminal = Some(FilterAction::Discard),
            "reject" => t.terminal = Some(FilterAction::Reject),
            "next" if word(2) == "term" => t.next = true,
            "routing-instance" => t.terminal = Some(FilterAction::Accept),
            _ => {}
        },
        _ => {}
    }
}

// ------------------------------------------------------------------ fixes

fn family(addr: std::net::IpAddr) -> &'static str {
    if addr.is_ipv6() {
        "inet6"
    } else {
        "inet"
    }
}

fn host(a: std::net::IpAddr) -> String {
    IpNet::from(a).to_string()
}

fn proto_name(p: u8) -> String {
    match p {
        PROTO_TCP => "tcp".into(),
        PROTO_UDP => "udp".into(),
        PROTO_ESP => "esp".into(),
        n => n.to_string(),
    }
}

/// The term to add (`set` lines) and the `insert` that puts it before the dropping term.
pub(crate) fn render_fix(fix: &FilterFix, _model: &RouterModel) -> String {
    match fix {
        FilterFix::Permit {
            filter,
            before,
            flows,
        } => {
            let Some(first) = flows.first() else {
                return String::new();
            };
            let fam = family(first.src);
            let head = format!("set firewall family {fam} filter {filter} term");
            let proto_kw = if fam == "inet6" { "next-header" } else { "protocol" };
            let mut out = Vec::new();
            let mut names = Vec::new();
            for (name, group) in terms_of(flows) {
                let f = group[0];
                let mut srcs: Vec<_> = group.iter().map(|g| g.src).collect();
                srcs.sort();
                srcs.dedup();
                for src in srcs {
                    out.push(format!("{head} {name} from source-address {}", host(src)));
                }
                out.push(format!(
                    "{head} {name} from destination-address {}",
                    host(f.dst)
                ));
                out.push(format!("{head} {name} from {proto_kw} {}", proto_name(f.proto)));
                let port = |p: u16| if p == 179 { "bgp".to_string() } else { p.to_string() };
                let mut pairs: Vec<(Option<u16>, Option<u16>)> =
                    group.iter().map(|g| (g.sport, g.dport)).collect();
                pairs.sort();
                pairs.dedup();
                if pairs.len() == 2 && pairs[0].1.is_some() && pairs[0].1 == pairs[1].0 {
                    out.push(format!("{head} {name} from port {}", port(pairs[0].1.unwrap_or(0))));
                } else {
                    for (sp, dp) in pairs {
                        if let Some(p) = sp {
                            out.push(format!("{head} {name} from source-port {}", port(p)));
                        }
                        if let Some(p) = dp {
                            out.push(format!("{head} {name} from destination-port {}", port(p)));
                        }
                    }
                }
                out.push(format!("{head} {name} then accept"));
                names.push(name);
            }
            if let Some(b) = before {
                for name in names {
                    out.push(format!(
                        "insert firewall family {fam} filter {filter} term {name} before term {b}"
                    ));
                }
            }
            out.join("\n")
        }
        FilterFix::AddToList { list, address } => {
            format!("set policy-options prefix-list {list} {}", host(*address))
        }
        FilterFix::NatExempt { rule, destination } => {
            let destination = destination.map_or("<VPC CIDR>".to_string(), |d| d.to_string());
            let (set, r) = rule.split_once(" rule ").unwrap_or((rule, "?"));
            format!(
                "set security nat source rule-set {set} rule no-nat-vpc match destination-address {destination}\nset security nat source rule-set {set} rule no-nat-vpc then source-nat off\ninsert security nat source rule-set {set} rule no-nat-vpc before rule {r}"
            )
        }
        FilterFix::NatTraversal { peer, public } => format!(
            "delete security ike gateway {peer} no-nat-traversal\nset security ike gateway {peer} local-identity inet {public}"
        ),
    }
}

/// Flows grouped into terms: the same protocol and addresses make one term.
fn terms_of(flows: &[FlowSpec]) -> Vec<(String, Vec<&FlowSpec>)> {
    let mut out: Vec<(String, Vec<&FlowSpec>)> = Vec::new();
    for f in flows {
        match out
            .iter_mut()
            .find(|(_, g)| g[0].proto == f.proto && g[0].dst == f.dst)
        {
            Some((_, g)) => g.push(f),
            None => {
                let name = match (f.proto, f.dport.or(f.sport)) {
                    (PROTO_TCP, Some(179)) => "allow-aws-bgp".to_string(),
                    (PROTO_UDP, Some(500)) => "allow-aws-ike".to_string(),
                    (PROTO_UDP, Some(4500)) => "allow-aws-nat-t".to_string(),
                    (PROTO_ESP, _) => "allow-aws-esp".to_string(),
                    _ => format!("allow-aws-{}", out.len() + 1),
                };
                out.push((name, vec![f]));
            }
        }
    }
    out
}

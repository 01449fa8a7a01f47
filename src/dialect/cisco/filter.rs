//! IOS / IOS-XE access lists, where they are applied, control-plane policing that drops,
//! and `ip nat inside source`, into the neutral [`Filters`]. A second, separate reading
//! of the text, done only when the file applies a filter or NAT at all.
//!
//! - numbered (`access-list 101 permit tcp …`) and named (`ip access-list extended X`,
//!   `ipv6 access-list X`) lists; standard lists match sources only;
//! - `ip access-group X in|out` and `ipv6 traffic-filter X in|out` on an interface;
//! - `control-plane` → `service-policy input P` → `policy-map P` classes whose action is
//!   `drop`, matched by `class-map` → `match access-group`;
//! - IOS ends every list with an implicit `deny`.

use super::OPTIONS;
use crate::fix::{FilterFix, FlowSpec};
use crate::model::filter::{
    Direction, Filter, FilterAction, FilterBinding, FilterTerm, Filters, NatRule, PortRange,
    PROTO_ESP, PROTO_TCP, PROTO_UDP,
};
use crate::model::{Afi, RouterModel};
use crate::source::{Span, Spanned};
use crate::syntax::indent::IndentTree;
use ipnet::{IpNet, Ipv4Net};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};

/// Words that only appear in files that filter or translate.
const GATES: &[&str] = &["access-group", "traffic-filter", "ip nat ", "control-plane"];

/// Read the file's filters, bindings and NAT rules (nothing when it applies none).
pub(crate) fn extract(text: &str) -> Filters {
    let mut out = Filters::default();
    if !GATES.iter().any(|g| text.contains(g)) {
        return out;
    }
    let tree = IndentTree::parse(text, &OPTIONS);
    let mut r = Reader {
        text,
        groups: object_groups(text, &tree),
        tree: &tree,
        out: &mut out,
        numbered: HashMap::new(),
        class_acls: HashMap::new(),
        policies: HashMap::new(),
        copp: Vec::new(),
        nat: Vec::new(),
        nat_outside: Vec::new(),
    };
    for idx in tree.roots() {
        r.root(idx);
    }
    r.finish();
    out
}

/// `object-group network NAME`: its networks (`Err`: an entry dxlint does not read) and line.
type Groups = HashMap<String, (Result<Vec<IpNet>, String>, Span)>;

struct Reader<'a, 't> {
    text: &'a str,
    groups: Groups,
    tree: &'t IndentTree,
    out: &'t mut Filters,
    /// Numbered lists: position in `out.filters`.
    numbered: HashMap<String, usize>,
    /// class-map name → (ACL names it matches, or an unmodelled condition).
    class_acls: HashMap<String, Result<Vec<String>, String>>,
    /// policy-map name → classes in order: (class name, drops, line).
    policies: HashMap<String, Vec<(String, bool, Span)>>,
    /// `control-plane` `service-policy input P`: (P, line).
    copp: Vec<(String, Span)>,
    /// `ip nat inside source list ACL …`: (ACL, line).
    nat: Vec<(String, Span)>,
    /// Interfaces marked `ip nat outside`.
    nat_outside: Vec<String>,
}

/// Every `object-group network` (IOS: `host A`, `A MASK` with a netmask, `A/len`).
fn object_groups(text: &str, tree: &IndentTree) -> Groups {
    let line = |i: u32| {
        let sp = tree.span(i);
        (text.get(sp.start()..sp.end()).unwrap_or(""), sp)
    };
    let mut out = Groups::new();
    for idx in tree.roots() {
        let (t, span) = line(idx);
        let w = words(t);
        let ["object-group", "network", name] = w.as_slice() else {
            continue;
        };
        let mut nets = Ok(Vec::new());
        for c in tree.children(idx) {
            let w = words(line(c).0);
            let n = match w.as_slice() {
                ["description", ..] => continue,
                ["host", a] => a.parse::<IpAddr>().ok().map(IpNet::from),
                [a, m] => crate::dialect::common::parse_addr_mask(a, Some(m)),
                [a] => a.parse::<IpNet>().ok(),
                _ => None,
            };
            match (n, &mut nets) {
                (Some(n), Ok(v)) => v.push(n),
                (None, _) => nets = Err(w.join(" ")),
                _ => {}
            }
        }
        out.insert(name.to_string(), (nets, span));
    }
    out
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

impl<'a> Reader<'a, '_> {
    fn line(&self, idx: u32) -> (&'a str, Span) {
        let span = self.tree.span(idx);
        (self.text.get(span.start()..span.end()).unwrap_or(""), span)
    }

    fn root(&mut self, idx: u32) {
        let (text, span) = self.line(idx);
        let w = words(text);
        match w.as_slice() {
            ["access-list", num, rest @ ..] => {
                let standard = num
                    .parse::<u32>()
                    .is_ok_and(|n| (1..=99).contains(&n) || (1300..=1999).contains(&n));
                let i = match self.numbered.get(*num) {
                    Some(i) => *i,
                    None => {
                        self.out
                            .filters
                            .push(new_filter(num, Some(Afi::Ipv4), span));
                        self.numbered
                            .insert(num.to_string(), self.out.filters.len() - 1);
                        self.out.filters.len() - 1
                    }
                };
                let seq = (self.out.filters[i].terms.len() as u32 + 1) * 10;
                if let Some(t) = entry(rest, span, seq, standard, Afi::Ipv4, &self.groups) {
                    self.out.filters[i].terms.push(t);
                }
            }
            ["ip", "access-list", kind @ ("extended" | "standard"), name, ..] => {
                self.named(idx, name, Afi::Ipv4, *kind == "standard", span)
            }
            ["ipv6", "access-list", name, ..] => self.named(idx, name, Afi::Ipv6, false, span),
            ["interface", name, ..] => self.interface(idx, name),
            ["control-plane", ..] => {
                for c in self.tree.children(idx) {
                    let (t, s) = self.line(c);
                    if let ["service-policy", "input", p] = words(t).as_slice() {
                        self.copp.push((p.to_string(), s));
                    }
                }
            }
            ["class-map", rest @ ..] => {
                let (all, name) = match rest {
                    ["match-all", n, ..] => (true, *n),
                    ["match-any", n, ..] => (false, *n),
                    [n, ..] => (true, *n),
                    [] => return,
                };
                let mut acls = Vec::new();
                let mut other = None;
                for c in self.tree.children(idx) {
                    let (t, _) = self.line(c);
                    match words(t).as_slice() {
                        ["match", "access-group", "name", a] | ["match", "access-group", a] => {
                            acls.push(a.to_string())
                        }
                        ["description", ..] => {}
                        _ => other = Some(t.to_string()),
                    }
                }
                let v = match other {
                    Some(o) if all || acls.is_empty() => Err(format!("class-map {name}: `{o}`")),
                    _ => Ok(acls),
                };
                self.class_acls.insert(name.to_string(), v);
            }
            ["policy-map", name] => {
                let mut classes = Vec::new();
                for c in self.tree.children(idx) {
                    let (t, s) = self.line(c);
                    if let ["class", cname, ..] = words(t).as_slice() {
                        let drops = self
                            .tree
                            .children(c)
                            .any(|a| self.line(a).0.trim() == "drop");
                        classes.push((cname.to_string(), drops, s));
                    }
                }
                self.policies.insert(name.to_string(), classes);
            }
            ["ip", "nat", "inside", "source", "list", acl, ..] => {
                self.nat.push((acl.to_string(), span));
            }
            ["ip", "nat", "inside", "source", "route-map", rm, ..] => self.out.nat.push(NatRule {
                span,
                name: rm.to_string(),
                destinations: Vec::new(),
                exempt: Vec::new(),
                unmodelled: Some(format!("route-map {rm}")),
                interfaces: Vec::new(),
            }),
            _ => {}
        }
    }

    fn named(&mut self, idx: u32, name: &str, afi: Afi, standard: bool, span: Span) {
        let mut f = new_filter(name, Some(afi), span);
        let mut next_seq = 10;
        for c in self.tree.children(idx) {
            let (t, s) = self.line(c);
            let mut w = words(t);
            if w.first() == Some(&"sequence") {
                w.remove(0);
            }
            let seq = match w.first().and_then(|x| x.parse::<u32>().ok()) {
                Some(n) => {
                    w.remove(0);
                    n
                }
                None => next_seq,
            };
            next_seq = (seq / 10 + 1) * 10;
            if let Some(t) = entry(&w, s, seq, standard, afi, &self.groups) {
                f.terms.push(t);
            }
        }
        // Entering a list again (`ip access-list extended X` twice, or a numbered list by
        // name) adds to it, in sequence order.
        match self.out.filters.iter_mut().find(|o| o.name == f.name) {
            Some(o) => {
                o.terms
                    .retain(|t| !f.terms.iter().any(|n| n.name == t.name));
                o.terms.append(&mut f.terms);
                o.terms.sort_by_key(|t| t.name.parse::<u32>().unwrap_or(0));
            }
            None => {
                f.terms.sort_by_key(|t| t.name.parse::<u32>().unwrap_or(0));
                self.out.filters.push(f);
            }
        }
    }

    fn interface(&mut self, idx: u32, name: &str) {
        for c in self.tree.children(idx) {
            let (t, s) = self.line(c);
            let (afi, list, dir) = match words(t).as_slice() {
                ["ip", "nat", "outside"] => {
                    self.nat_outside.push(name.to_string());
                    continue;
                }
                ["ip", "access-group", l, d] => (Afi::Ipv4, *l, *d),
                ["ipv6", "traffic-filter", l, d] => (Afi::Ipv6, *l, *d),
                _ => continue,
            };
            // IOS outbound lists do not filter packets the router originates itself (its BGP
            // segments): only routed traffic.
            let direction = match dir {
                "in" => Direction::In,
                "out" => Direction::Transit,
                _ => continue,
            };
            self.out.bindings.push(FilterBinding {
                interface: Some(name.to_string()),
                direction,
                afi: Some(afi),
                filters: vec![Spanned::new(list.to_string(), s)],
                accept_ends: false,
                span: s,
            });
        }
    }

    /// Control-plane policies become one filter each: a class that drops discards what
    /// its lists permit; any other class lets it through; class-default transmits.
    fn finish(&mut self) {
        for (policy, bind) in std::mem::take(&mut self.copp) {
            let Some(classes) = self.policies.get(&policy) else {
                continue;
            };
            if !classes.iter().any(|c| c.1) {
                continue;
            }
            let mut f = new_filter(&format!("policy-map {policy}"), None, bind);
            f.default_action = FilterAction::Accept;
            for (class, drops, cspan) in classes {
                if class == "class-default" {
                    if *drops {
                        f.default_action = FilterAction::Discard;
                        f.default_span = Some(*cspan);
                    }
                    break;
                }
                let action = if *drops {
                    FilterAction::Discard
                } else {
                    FilterAction::Accept
                };
                let acls = match self.class_acls.get(class) {
                    Some(Ok(a)) => a.clone(),
                    Some(Err(why)) => {
                        let mut t = FilterTerm::new(format!("class {class}"), *cspan, action);
                        t.unmodelled = Some(Spanned::new(why.clone(), *cspan));
                        f.terms.push(t);
                        continue;
                    }
                    None => {
                        let mut t = FilterTerm::new(format!("class {class}"), *cspan, action);
                        t.unmodelled = Some(Spanned::new(
                            format!("class-map {class} is not defined"),
                            *cspan,
                        ));
                        f.terms.push(t);
                        continue;
                    }
                };
                for acl in acls {
                    let Some(src) = self.out.filter(&acl).cloned() else {
                        let mut t = FilterTerm::new(format!("class {class}"), *cspan, action);
                        t.unmodelled = Some(Spanned::new(
                            format!("access list {acl} is not defined"),
                            *cspan,
                        ));
                        f.terms.push(t);
                        continue;
                    };
                    for e in &src.terms {
                        let mut t = e.clone();
                        t.name = format!("class {class} ({acl} {})", e.name);
                        if e.action.drops() {
                            // A deny entry takes the packet out of this class only.
                            t.unmodelled = Some(Spanned::new(
                                format!("deny entry in class list {acl}"),
                                e.span,
                            ));
                        } else {
                            t.action = action;
                        }
                        f.terms.push(t);
                    }
                }
            }
            let name = f.name.clone();
            self.out.filters.push(f);
            self.out.bindings.push(FilterBinding {
                interface: None,
                direction: Direction::Local,
                afi: None,
                filters: vec![Spanned::new(name, bind)],
                accept_ends: false,
                span: bind,
            });
        }
        // IOS translates only traffic routed out of an `ip nat outside` interface.
        if self.nat_outside.is_empty() {
            self.nat.clear();
            self.out.nat.clear();
        }
        for r in &mut self.out.nat {
            r.interfaces = self.nat_outside.clone();
        }
        for (acl, span) in std::mem::take(&mut self.nat) {
            let mut rule = NatRule {
                span,
                name: acl.clone(),
                destinations: Vec::new(),
                exempt: Vec::new(),
                unmodelled: None,
                interfaces: self.nat_outside.clone(),
            };
            match self.out.filter(&acl) {
                None => rule.unmodelled = Some(format!("access list {acl} is not defined")),
                Some(f) => {
                    for t in &f.terms {
                        if t.unmodelled.is_some() {
                            rule.unmodelled = Some(format!("access list {acl} entry {}", t.name));
                        }
                        let dst = if t.destinations.is_empty() {
                            vec![any_net()]
                        } else {
                            t.destinations.clone()
                        };
                        if t.action.drops() {
                            rule.exempt.extend(dst);
                        } else {
                            rule.destinations.extend(dst);
                        }
                    }
                }
            }
            self.out.nat.push(rule);
        }
    }
}

fn any_net() -> IpNet {
    IpNet::V4(Ipv4Net::new(Ipv4Addr::UNSPECIFIED, 0).expect("/0 is valid"))
}

fn new_filter(name: &str, afi: Option<Afi>, span: Span) -> Filter {
    Filter {
        name: name.to_string(),
        afi,
        span,
        terms: Vec::new(),
        default_action: FilterAction::Discard,
        default_span: None,
        stateful: false,
    }
}

fn protocol(w: &str, afi: Afi) -> Option<Option<u8>> {
    Some(match w {
        "ip" | "ipv6" => None,
        "tcp" => Some(PROTO_TCP),
        "udp" => Some(PROTO_UDP),
        "icmp" if afi == Afi::Ipv6 => Some(58),
        "icmp" => Some(1),
        "esp" => Some(PROTO_ESP),
        "ahp" => Some(51),
        "gre" => Some(47),
        "ospf" => Some(89),
        "eigrp" => Some(88),
        "pim" => Some(103),
        "igmp" => Some(2),
        n => Some(n.parse::<u8>().ok()?),
    })
}

/// IOS port names (those a BGP or IKE filter uses, and the common others).
fn port(w: &str) -> Option<u16> {
    Some(match w {
        "bgp" => 179,
        "isakmp" => 500,
        "non500-isakmp" => 4500,
        "ssh" => 22,
        "telnet" => 23,
        "www" => 80,
        "domain" => 53,
        "ntp" => 123,
        "snmp" => 161,
        "tacacs" => 49,
        "ftp" => 21,
        "smtp" => 25,
        "syslog" => 514,
        "bootps" => 67,
        "bootpc" => 68,
        "tftp" => 69,
        n => n.parse().ok()?,
    })
}

/// An address operand at `w[i..]`: the net (`None`: any) and the words it took.
/// An address operand: its nets (empty: any), the words it took, and the object group
/// it names (for a finding about a peer list).
type Operand = (Vec<IpNet>, usize, Option<Spanned<String>>);

fn address(w: &[&str], afi: Afi, groups: &Groups) -> Result<Operand, String> {
    if let ["object-group", g, ..] | ["addrgroup", g, ..] = w {
        return match groups.get(*g) {
            Some((Ok(nets), span)) => {
                let mut nets = nets.clone();
                if nets.is_empty() {
                    // An empty group matches nothing.
                    nets.push(IpNet::from(IpAddr::V4(Ipv4Addr::UNSPECIFIED)));
                }
                Ok((nets, 2, Some(Spanned::new(g.to_string(), *span))))
            }
            Some((Err(e), _)) => Err(format!("object-group {g} entry `{e}`")),
            None => Err(format!("object-group {g} is not defined")),
        };
    }
    let (net, n) = single_address(w, afi)?;
    Ok((net.into_iter().collect(), n, None))
}

fn single_address(w: &[&str], afi: Afi) -> Result<(Option<IpNet>, usize), String> {
    match w {
        ["any", ..] | ["any4", ..] | ["any6", ..] => Ok((None, 1)),
        ["host", a, ..] => {
            let ip: IpAddr = a.parse().map_err(|_| format!("host {a}"))?;
            Ok((Some(IpNet::from(ip)), 2))
        }
        [a, ..] if afi == Afi::Ipv6 || a.contains('/') => a
            .parse::<IpNet>()
            .map(|n| (Some(n), 1))
            .map_err(|_| a.to_string()),
        [a, m, ..] => {
            let ip: Ipv4Addr = a.parse().map_err(|_| a.to_string())?;
            let wild: Ipv4Addr = m.parse().map_err(|_| format!("{a} {m}"))?;
            let mask = !u32::from(wild);
            let len = mask.leading_ones();
            if mask.checked_shl(len).unwrap_or(0) != 0 {
                return Err(format!("{a} {m} (a non-contiguous wildcard)"));
            }
            let net = Ipv4Net::new(ip, len as u8).map_err(|_| format!("{a} {m}"))?;
            Ok((Some(IpNet::V4(net.trunc())), 2))
        }
        // A standard-list single address is a host.
        [a] => {
            let ip: Ipv4Addr = a.parse().map_err(|_| a.to_string())?;
            Ok((Some(IpNet::from(IpAddr::V4(ip))), 1))
        }
        [] => Err("missing address".into()),
    }
}

/// A port operator at `w`: the ranges and the words it took (0: none there).
fn ports(w: &[&str]) -> Result<(Vec<PortRange>, usize), String> {
    let p = |s: &str| port(s).ok_or_else(|| format!("port {s}"));
    match w {
        ["eq", rest @ ..] => {
            let mut v = Vec::new();
            for x in rest {
                match port(x) {
                    Some(n) => v.push((n, n)),
                    None => break,
                }
            }
            if v.is_empty() {
                return Err("eq without a port".into());
            }
            let n = v.len();
            Ok((v, 1 + n))
        }
        ["range", a, b, ..] => Ok((vec![(p(a)?, p(b)?)], 3)),
        ["gt", a, ..] => Ok((vec![(p(a)?.saturating_add(1), 65535)], 2)),
        ["lt", a, ..] => Ok((vec![(0, p(a)?.saturating_sub(1))], 2)),
        ["neq", a, ..] => {
            let n = p(a)?;
            let mut v = Vec::new();
            if n > 0 {
                v.push((0, n - 1));
            }
            if n < 65535 {
                v.push((n + 1, 65535));
            }
            Ok((v, 2))
        }
        _ => Ok((Vec::new(), 0)),
    }
}

/// One entry after its sequence number: `permit|deny …`. `None` for remarks and lines
/// that are no entry.
fn entry(
    w: &[&str],
    span: Span,
    seq: u32,
    standard: bool,
    afi: Afi,
    groups: &Groups,
) -> Option<FilterTerm> {
    let action = match *w.first()? {
        "permit" => FilterAction::Accept,
        "deny" => FilterAction::Discard,
        "remark" => return None,
        // `evaluate` (reflexive lists) and `dynamic` entries may let packets through.
        other @ ("evaluate" | "dynamic") => {
            let mut t = FilterTerm::new(seq.to_string(), span, FilterAction::Accept);
            t.unmodelled = Some(Spanned::new(
                format!("{other} {}", w.get(1).unwrap_or(&"")),
                span,
            ));
            return Some(t);
        }
        _ => return None,
    };
    let mut t = FilterTerm::new(seq.to_string(), span, action);
    if let Err(why) = entry_body(&w[1..], standard, afi, &mut t, groups) {
        t.unmodelled = Some(Spanned::new(why, span));
    }
    Some(t)
}

fn entry_body(
    w: &[&str],
    standard: bool,
    afi: Afi,
    t: &mut FilterTerm,
    groups: &Groups,
) -> Result<(), String> {
    if standard {
        let (src, _, list) = address(w, afi, groups)?;
        t.sources.extend(src);
        t.source_list = list;
        return Ok(());
    }
    let proto = w.first().ok_or("missing protocol")?;
    if *proto == "object-group" {
        return Err(format!("object-group {}", w.get(1).unwrap_or(&"")));
    }
    let proto = protocol(proto, afi).ok_or_else(|| format!("protocol {proto}"))?;
    t.protocols.extend(proto);
    let mut i = 1;
    let (src, n, list) = address(&w[i..], afi, groups)?;
    t.sources.extend(src);
    t.source_list = list;
    i += n;
    let (sp, n) = ports(&w[i..])?;
    t.source_ports = sp;
    i += n;
    let (dst, n, _) = address(&w[i..], afi, groups)?;
    t.destinations.extend(dst);
    i += n;
    let (dp, n) = ports(&w[i..])?;
    t.destination_ports = dp;
    i += n;
    for opt in &w[i..] {
        match *opt {
            "established" => t.established_only = true,
            "log" | "log-input" => {}
            // ICMP types and codes narrow an ICMP entry, which no BGP or IKE packet matches.
            _ if t.protocols.iter().any(|p| *p == 1 || *p == 58) => {}
            o => return Err(o.to_string()),
        }
    }
    Ok(())
}

// ------------------------------------------------------------------ fixes

fn ios_port(p: u16) -> String {
    match p {
        179 => "bgp".into(),
        500 => "isakmp".into(),
        4500 => "non500-isakmp".into(),
        n => n.to_string(),
    }
}

fn host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(a) => format!("host {a}"),
        IpAddr::V6(a) => format!("host {a}"),
    }
}

fn flow_entry(f: &FlowSpec) -> String {
    let proto = match f.proto {
        PROTO_TCP => "tcp".to_string(),
        PROTO_UDP => "udp".to_string(),
        PROTO_ESP => "esp".to_string(),
        n => n.to_string(),
    };
    let op = |p: Option<u16>| {
        p.map(|p| format!(" eq {}", ios_port(p)))
            .unwrap_or_default()
    };
    format!(
        "permit {proto} {}{} {}{}",
        host(f.src),
        op(f.sport),
        host(f.dst),
        op(f.dport)
    )
}

/// A free sequence number before `before` in `filter` (counting down from it).
fn free_seq(model: &RouterModel, filter: &str, before: Option<&str>) -> Vec<u32> {
    let Some(f) = model.filters.filter(filter) else {
        return Vec::new();
    };
    let used: Vec<u32> = f.terms.iter().filter_map(|t| t.name.parse().ok()).collect();
    let top = before.and_then(|b| b.parse::<u32>().ok());
    let mut out = Vec::new();
    let mut n = match top {
        Some(t) => t.saturating_sub(1),
        None => used.iter().max().copied().unwrap_or(0) + 10,
    };
    while n > 0 && out.len() < 8 {
        if !used.contains(&n) {
            out.push(n);
        }
        n = if top.is_some() { n - 1 } else { n + 1 };
    }
    out
}

/// The entries to add, in IOS syntax, numbered to sit before the dropping entry.
pub(crate) fn render_fix(fix: &FilterFix, model: &RouterModel) -> String {
    match fix {
        FilterFix::Permit {
            filter,
            before,
            flows,
        } => {
            let v6 = flows.first().is_some_and(|f| f.src.is_ipv6());
            let head = if v6 {
                format!("ipv6 access-list {filter}")
            } else {
                format!("ip access-list extended {filter}")
            };
            if let Some(policy) = filter.strip_prefix("policy-map ") {
                return copp_fix(model, filter, policy, flows);
            }
            let mut seqs = free_seq(model, filter, before.as_deref());
            // Sequence numbers count down from the dropping entry: put them back in order.
            if before.as_deref().is_some_and(|b| b.parse::<u32>().is_ok()) {
                seqs.truncate(flows.len());
                seqs.reverse();
            }
            let mut out = vec![head];
            for (i, f) in flows.iter().enumerate() {
                let seq = seqs.get(i).map(|s| format!("{s} ")).unwrap_or_default();
                let kw = if v6 && !seq.is_empty() {
                    "sequence "
                } else {
                    ""
                };
                out.push(format!(" {kw}{seq}{}", flow_entry(f)));
            }
            out.join("\n")
        }
        FilterFix::AddToList { list, address } => {
            format!("object-group network {list}\n {}", host(*address))
        }
        FilterFix::NatExempt { rule, destination } => {
            let dst =
                destination.map_or("<VPC network> <VPC wildcard>".to_string(), |d| net_wild(&d));
            format!("ip access-list extended {rule}\n 1 deny ip any {dst}")
        }
        FilterFix::NatTraversal { peer, public } => {
            let p = model.ipsec.peers.iter().find(|p| &p.name == peer);
            match (p.and_then(|p| p.profile.as_deref()), p.and_then(|p| p.ike_version.as_ref())) {
                (Some(profile), Some(v)) if v.value == 2 => format!(
                    "crypto ikev2 profile {profile}\n identity local address {public}\n! IKEv2 detects NAT and moves to UDP 4500 by itself"
                ),
                _ => format!(
                    "crypto isakmp nat keepalive 20\n! IKE peer {peer}: the local IKE identity must be {public}, the address the outside address is translated to"
                ),
            }
        }
    }
}

/// Control-plane policing: the AWS flows belong in the list of the first class that lets
/// traffic through (`class X (LIST seq)` in the model's policy filter), appended to it.
fn copp_fix(model: &RouterModel, filter: &str, policy: &str, flows: &[FlowSpec]) -> String {
    let list = model.filters.filter(filter).and_then(|f| {
        f.terms
            .iter()
            .filter(|t| t.action == FilterAction::Accept)
            .find_map(|t| {
                let inner = t.name.split_once(" (")?.1;
                Some(inner.rsplit_once(' ')?.0.to_string())
            })
    });
    let entries: Vec<String> = flows
        .iter()
        .map(|f| format!(" {}", flow_entry(f)))
        .collect();
    match list {
        Some(l) => format!("ip access-list extended {l}\n{}", entries.join("\n")),
        None => format!(
            "ip access-list extended COPP-AWS-BGP\n{}\n! then a class matching it, placed first in policy-map {policy}",
            entries.join("\n")
        ),
    }
}

fn net_wild(n: &IpNet) -> String {
    match n {
        IpNet::V4(v) if v.prefix_len() == 32 => format!("host {}", v.addr()),
        IpNet::V4(v) => format!("{} {}", v.network(), v.hostmask()),
        IpNet::V6(v) => v.to_string(),
    }
}

//! The one evaluator of [`Filters`]: does this packet get through? Three answers: it
//! passes, it is dropped (and by what), or dxlint cannot tell (and why). An unknown never
//! becomes a guess: a term that may match decides only when both of its outcomes agree.

use crate::model::filter::{
    Direction, Filter, FilterAction, FilterBinding, FilterTerm, Filters, PortRange, PROTO_ESP,
    PROTO_TCP, PROTO_UDP,
};
use crate::model::Afi;
use crate::source::{Span, Spanned};
use std::net::IpAddr;

/// A transport port as the filter sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Port {
    Is(u16),
    /// The sender picks one from the ephemeral range (taken as 1024–65535).
    Ephemeral,
    /// The protocol has no ports (ESP).
    NoPorts,
}

/// One packet of a flow.
#[derive(Debug, Clone, Copy)]
pub struct Packet {
    pub proto: u8,
    pub src: IpAddr,
    pub dst: IpAddr,
    pub sport: Port,
    pub dport: Port,
    /// Belongs to a connection already under way (TCP: ACK set; stateful filters: any
    /// packet after the first of the flow).
    pub reply: bool,
}

/// Where a dropped packet was dropped.
#[derive(Debug, Clone)]
pub struct Dropped {
    pub filter: String,
    /// The dropping term (`None`: the filter's default action at its end).
    pub term: Option<String>,
    /// Dropped by a default no line states (IOS/Junos end of list, VyOS unset default).
    pub implicit: bool,
    /// The dropping term's line, else the default-action line, else the binding line.
    pub span: Span,
    /// An accepting term that would have let the packet through but for its source list
    /// (a peer list lacking the AWS address).
    pub near_miss: Option<Spanned<String>>,
    /// The accepting term that missed (its name), with `near_miss`.
    pub near_miss_term: Option<String>,
    /// Where a permit must go: before the dropping term (its span), else at the end.
    pub insert_before: Option<String>,
    pub packet: Packet,
}

#[derive(Debug, Clone)]
pub enum Verdict {
    Pass,
    Drop(Box<Dropped>),
    /// What could not be evaluated (undefined filters, unmodelled conditions), each with the
    /// line that says it.
    Unknown(Vec<Spanned<String>>),
}

impl Verdict {
    fn rank(&self) -> u8 {
        match self {
            Verdict::Pass => 0,
            Verdict::Unknown(_) => 1,
            Verdict::Drop(_) => 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tri {
    Yes,
    No,
    Maybe(Spanned<String>),
}

fn and(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Tri::No, _) | (_, Tri::No) => Tri::No,
        (Tri::Maybe(m), _) | (_, Tri::Maybe(m)) => Tri::Maybe(m),
        _ => Tri::Yes,
    }
}

fn or(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
        (Tri::Maybe(m), _) | (_, Tri::Maybe(m)) => Tri::Maybe(m),
        _ => Tri::No,
    }
}

fn addr_match(nets: &[ipnet::IpNet], except: &[ipnet::IpNet], ip: IpAddr) -> Tri {
    let inside = nets.is_empty() || nets.iter().any(|n| n.contains(&ip));
    let excluded = except.iter().any(|n| n.contains(&ip));
    if inside && !excluded {
        Tri::Yes
    } else {
        Tri::No
    }
}

const EPHEMERAL: PortRange = (1024, 65535);

fn port_match(ranges: &[PortRange], port: Port, what: &str, at: Span) -> Tri {
    if ranges.is_empty() {
        return Tri::Yes;
    }
    match port {
        Port::NoPorts => Tri::No,
        Port::Is(p) => {
            if ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&p)) {
                Tri::Yes
            } else {
                Tri::No
            }
        }
        Port::Ephemeral => {
            if ranges
                .iter()
                .any(|(lo, hi)| *lo <= EPHEMERAL.0 && *hi >= EPHEMERAL.1)
            {
                Tri::Yes
            } else if ranges
                .iter()
                .all(|(lo, hi)| *hi < EPHEMERAL.0 || *lo > EPHEMERAL.1)
            {
                Tri::No
            } else {
                Tri::Maybe(Spanned::new(
                    format!("a {what} port range covering part of the ephemeral ports"),
                    at,
                ))
            }
        }
    }
}

/// Whether the term matches the packet; `source` false skips the source address test.
fn term_match(f: &Filter, t: &FilterTerm, p: &Packet, iface: Option<&str>, source: bool) -> Tri {
    let mut m = if t.protocols.is_empty() || t.protocols.contains(&p.proto) {
        Tri::Yes
    } else {
        Tri::No
    };
    if source {
        m = and(m, addr_match(&t.sources, &t.source_except, p.src));
    }
    m = and(m, addr_match(&t.destinations, &t.destination_except, p.dst));
    m = and(m, port_match(&t.source_ports, p.sport, "source", t.span));
    m = and(
        m,
        port_match(&t.destination_ports, p.dport, "destination", t.span),
    );
    if source && !t.addresses.is_empty() {
        let either = or(
            addr_match(&t.addresses, &[], p.src),
            addr_match(&t.addresses, &[], p.dst),
        );
        m = and(m, either);
    }
    if !t.ports.is_empty() {
        let either = or(
            port_match(&t.ports, p.sport, "source", t.span),
            port_match(&t.ports, p.dport, "destination", t.span),
        );
        m = and(m, either);
    }
    if !t.in_interfaces.is_empty() {
        m = and(
            m,
            match iface {
                Some(i) if t.in_interfaces.iter().any(|n| if_match(n, i)) => Tri::Yes,
                Some(_) => Tri::No,
                None => Tri::Maybe(Spanned::new(
                    format!(
                        "{} term {}: the interface the packet arrives on is unknown",
                        f.name, t.name
                    ),
                    t.span,
                )),
            },
        );
    }
    let tracked = f.stateful || p.proto == PROTO_TCP;
    if t.established_only && !(p.reply && tracked) {
        m = Tri::No;
    }
    if t.initial_only && (p.reply || !tracked) {
        m = Tri::No;
    }
    if let Some(u) = &t.unmodelled {
        m = and(
            m,
            Tri::Maybe(Spanned::new(
                format!("{} term {}: `{}` is not evaluated", f.name, t.name, u.value),
                u.span,
            )),
        );
    }
    m
}

/// An interface name against a pattern whose `*` ends it (`eth*`).
fn if_match(pat: &str, name: &str) -> bool {
    match pat.strip_suffix('*') {
        Some(pfx) => name.starts_with(pfx),
        None => pat.eq_ignore_ascii_case(name),
    }
}

/// Evaluate one binding (one filter, or a Junos list) for one packet.
fn eval_binding(filters: &Filters, b: &FilterBinding, p: &Packet, iface: Option<&str>) -> Verdict {
    let afi = Afi::of(p.dst);
    // The steps in order: each filter's terms, and where each filter ends.
    let mut list: Vec<&Filter> = Vec::new();
    for name in &b.filters {
        match filters.filter(&name.value) {
            Some(f) if f.afi.is_none_or(|a| a == afi) => list.push(f),
            Some(_) => {}
            None => {
                return Verdict::Unknown(vec![Spanned::new(
                    format!("filter `{}` is applied but not defined", name.value),
                    name.span,
                )])
            }
        }
    }
    if list.is_empty() {
        return Verdict::Pass;
    }
    if !b.accept_ends {
        // Each filter decides on its own: the packet must pass all.
        let mut worst = Verdict::Pass;
        for f in &list {
            let v = eval_terms(&[f], b, p, iface);
            if v.rank() > worst.rank() {
                worst = v;
            }
        }
        return worst;
    }
    eval_terms(&list, b, p, iface)
}

/// Walk the terms of `list` (a filter, or a list whose last filter's default ends it)
/// backwards, so a term that may match decides only when both of its outcomes agree.
fn eval_terms(list: &[&Filter], b: &FilterBinding, p: &Packet, iface: Option<&str>) -> Verdict {
    let last = list[list.len() - 1];
    let default_span = last.default_span.unwrap_or(b.span);
    let mut result = if last.default_action.drops() {
        Verdict::Drop(Box::new(Dropped {
            filter: last.name.clone(),
            term: None,
            implicit: last.default_span.is_none(),
            span: default_span,
            near_miss: None,
            near_miss_term: None,
            insert_before: None,
            packet: *p,
        }))
    } else {
        Verdict::Pass
    };
    let terms: Vec<(&Filter, &FilterTerm)> = list
        .iter()
        .flat_map(|f| f.terms.iter().map(move |t| (*f, t)))
        .collect();
    for (f, t) in terms.iter().rev() {
        let decided = match t.action {
            FilterAction::Next => continue,
            FilterAction::Accept => Verdict::Pass,
            FilterAction::Discard | FilterAction::Reject => {
                let inlined_default = t.origin.is_some() && t.name == "default-action";
                Verdict::Drop(Box::new(Dropped {
                    filter: t.origin.clone().unwrap_or_else(|| f.name.clone()),
                    term: (!inlined_default).then(|| t.name.clone()),
                    implicit: false,
                    span: t.span,
                    near_miss: None,
                    near_miss_term: None,
                    insert_before: (!inlined_default).then(|| t.name.clone()),
                    packet: *p,
                }))
            }
        };
        match term_match(f, t, p, iface, true) {
            Tri::No => {}
            Tri::Yes => result = decided,
            Tri::Maybe(why) => {
                result = match (&result, &decided) {
                    (Verdict::Pass, Verdict::Pass) => Verdict::Pass,
                    (Verdict::Drop(_), Verdict::Drop(_)) => result,
                    (Verdict::Unknown(w), _) => {
                        let mut w = w.clone();
                        w.push(why);
                        Verdict::Unknown(w)
                    }
                    _ => Verdict::Unknown(vec![why]),
                };
            }
        }
    }
    if let Verdict::Drop(d) = &mut result {
        // An accepting term before the drop that misses only on its source list.
        for (f, t) in &terms {
            if d.span == t.span {
                break;
            }
            if t.action == FilterAction::Accept
                && t.source_list.is_some()
                && term_match(f, t, p, iface, false) == Tri::Yes
            {
                d.near_miss = t.source_list.clone();
                d.near_miss_term = Some(t.name.clone());
                break;
            }
        }
    }
    result
}

/// Which bindings see a packet: arriving on `iface` to the router itself (`inbound`), or
/// leaving the router through it.
fn applies(b: &FilterBinding, iface: Option<&str>, inbound: bool, afi: Afi) -> bool {
    if b.afi.is_some_and(|a| a != afi) {
        return false;
    }
    let on_iface = match (&b.interface, iface) {
        (None, _) => true,
        (Some(n), Some(i)) => n.eq_ignore_ascii_case(i),
        (Some(_), None) => false,
    };
    on_iface
        && match b.direction {
            Direction::In | Direction::Local => inbound,
            // An output chain without an interface sees everything the router sends.
            Direction::Out => !inbound,
            Direction::Transit => false,
        }
}

/// Whether `p` passes every binding that sees it; the first drop, else what is unknown.
pub fn packet_passes(filters: &Filters, iface: Option<&str>, inbound: bool, p: &Packet) -> Verdict {
    let afi = Afi::of(p.dst);
    let mut worst = Verdict::Pass;
    for b in &filters.bindings {
        if !applies(b, iface, inbound, afi) {
            continue;
        }
        let v = eval_binding(filters, b, p, iface);
        match (&mut worst, v) {
            (Verdict::Unknown(w), Verdict::Unknown(mut more)) => w.append(&mut more),
            (w, v) if v.rank() > w.rank() => *w = v,
            _ => {}
        }
        if matches!(worst, Verdict::Drop(_)) {
            return worst;
        }
    }
    worst
}

/// Every packet of a flow in order: (packet, arriving at the router).
fn flow_passes(filters: &Filters, iface: Option<&str>, flow: &[(Packet, bool)]) -> Verdict {
    let mut worst = Verdict::Pass;
    for (p, inbound) in flow {
        let v = packet_passes(filters, iface, *inbound, p);
        match (&mut worst, v) {
            (Verdict::Unknown(w), Verdict::Unknown(mut more)) => w.append(&mut more),
            (w, v) if v.rank() > w.rank() => *w = v,
            _ => {}
        }
        if matches!(worst, Verdict::Drop(_)) {
            return worst;
        }
    }
    worst
}

/// The better of alternative flows (any one that works is enough): pass if one passes,
/// else unknown if one is unknown, else the first flow's drop.
fn any_flow(filters: &Filters, iface: Option<&str>, flows: &[Vec<(Packet, bool)>]) -> Verdict {
    let verdicts: Vec<Verdict> = flows
        .iter()
        .map(|f| flow_passes(filters, iface, f))
        .collect();
    if verdicts.iter().any(|v| matches!(v, Verdict::Pass)) {
        return Verdict::Pass;
    }
    let unknown: Vec<Spanned<String>> = verdicts
        .iter()
        .filter_map(|v| match v {
            Verdict::Unknown(w) => Some(w.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    if !unknown.is_empty() {
        let mut u = unknown;
        u.dedup_by(|a, b| a.value == b.value);
        return Verdict::Unknown(u);
    }
    verdicts.into_iter().next().unwrap_or(Verdict::Pass)
}

/// Whether a BGP session between `amazon` and `customer` can be set up through the
/// filters of `iface` and the router's own protection: either side may open it, so it
/// suffices that AWS's connection to port 179 works, or the router's to AWS's port 179.
pub fn bgp_passes(
    filters: &Filters,
    iface: Option<&str>,
    amazon: IpAddr,
    customer: IpAddr,
) -> Verdict {
    let tcp = |src, dst, sport, dport, reply| Packet {
        proto: PROTO_TCP,
        src,
        dst,
        sport,
        dport,
        reply,
    };
    let bgp = Port::Is(179);
    let eph = Port::Ephemeral;
    // AWS opens: SYN and the rest to port 179; the router answers from 179.
    let aws_opens = vec![
        (tcp(amazon, customer, eph, bgp, false), true),
        (tcp(amazon, customer, eph, bgp, true), true),
        (tcp(customer, amazon, bgp, eph, true), false),
    ];
    // The router opens: its SYN to 179 goes out, AWS's replies come from 179.
    let router_opens = vec![
        (tcp(customer, amazon, eph, bgp, false), false),
        (tcp(amazon, customer, bgp, eph, true), true),
    ];
    any_flow(filters, iface, &[aws_opens, router_opens])
}

/// Which IPsec packets from an AWS endpoint fail to reach the router's outside address.
pub struct IpsecVerdicts {
    pub ike: Verdict,
    pub nat_t: Verdict,
    pub esp: Verdict,
}

/// IKE (UDP 500), NAT-T (UDP 4500) and ESP from `aws` to `router` on `iface`, whichever
/// side starts the exchange.
pub fn ipsec_passes(
    filters: &Filters,
    iface: Option<&str>,
    aws: IpAddr,
    router: IpAddr,
) -> IpsecVerdicts {
    let flows = |proto, port: Port| {
        let pk = |src, dst, reply| Packet {
            proto,
            src,
            dst,
            sport: port,
            dport: port,
            reply,
        };
        vec![
            vec![
                (pk(aws, router, false), true),
                (pk(router, aws, true), false),
            ],
            vec![
                (pk(router, aws, false), false),
                (pk(aws, router, true), true),
            ],
        ]
    };
    IpsecVerdicts {
        ike: any_flow(filters, iface, &flows(PROTO_UDP, Port::Is(500))),
        nat_t: any_flow(filters, iface, &flows(PROTO_UDP, Port::Is(4500))),
        esp: any_flow(filters, iface, &flows(PROTO_ESP, Port::NoPorts)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::filter::{Filter, FilterTerm};

    fn sp(n: usize) -> Span {
        Span::new(n, 1)
    }

    fn filter(name: &str, terms: Vec<FilterTerm>, default: FilterAction) -> Filter {
        Filter {
            name: name.into(),
            afi: None,
            span: sp(0),
            terms,
            default_action: default,
            default_span: None,
            stateful: false,
        }
    }

    fn bind(filters: &[&str], list: bool) -> FilterBinding {
        FilterBinding {
            interface: Some("eth1".into()),
            direction: Direction::In,
            afi: None,
            filters: filters
                .iter()
                .map(|f| Spanned::new(f.to_string(), sp(99)))
                .collect(),
            accept_ends: list,
            span: sp(99),
        }
    }

    const AMZ: &str = "169.254.100.1";
    const CUST: &str = "169.254.100.2";

    fn bgp(fs: &Filters) -> Verdict {
        bgp_passes(
            fs,
            Some("eth1"),
            AMZ.parse().unwrap(),
            CUST.parse().unwrap(),
        )
    }

    fn tcp179(action: FilterAction, at: usize) -> FilterTerm {
        let mut t = FilterTerm::new(format!("t{at}"), sp(at), action);
        t.protocols = vec![PROTO_TCP];
        t.ports = vec![(179, 179)];
        t
    }

    #[test]
    fn an_unmodelled_term_decides_only_when_both_outcomes_agree() {
        // An unmodelled discard before an accept-all: unknown.
        let mut odd = FilterTerm::new("odd", sp(1), FilterAction::Discard);
        odd.unmodelled = Some(Spanned::new("dscp af11".into(), sp(1)));
        let fs = Filters {
            filters: vec![filter("F", vec![odd.clone()], FilterAction::Accept)],
            bindings: vec![bind(&["F"], false)],
            ..Default::default()
        };
        assert!(matches!(bgp(&fs), Verdict::Unknown(w) if w[0].value.contains("dscp af11")));
        // The same term before a discard-all: dropped either way.
        let fs = Filters {
            filters: vec![filter("F", vec![odd], FilterAction::Discard)],
            bindings: vec![bind(&["F"], false)],
            ..Default::default()
        };
        assert!(matches!(bgp(&fs), Verdict::Drop(_)));
    }

    #[test]
    fn an_input_list_ends_at_the_first_terminating_action() {
        // List [A, B]: A accepts BGP, B discards everything: passes. Bound separately
        // (two bindings), B still drops it.
        let a = filter(
            "A",
            vec![tcp179(FilterAction::Accept, 1)],
            FilterAction::Discard,
        );
        let b = filter(
            "B",
            vec![FilterTerm::new("all", sp(2), FilterAction::Discard)],
            FilterAction::Discard,
        );
        let list = Filters {
            filters: vec![a.clone(), b.clone()],
            bindings: vec![bind(&["A", "B"], true)],
            ..Default::default()
        };
        assert!(matches!(bgp(&list), Verdict::Pass));
        let separate = Filters {
            filters: vec![a, b],
            bindings: vec![bind(&["A"], false), bind(&["B"], false)],
            ..Default::default()
        };
        assert!(matches!(bgp(&separate), Verdict::Drop(d) if d.filter == "B"));
    }

    #[test]
    fn next_term_and_an_earlier_discard_are_ordered() {
        let mut count = FilterTerm::new("count", sp(1), FilterAction::Next);
        count.protocols = vec![PROTO_TCP];
        let fs = Filters {
            filters: vec![filter(
                "F",
                vec![
                    count,
                    tcp179(FilterAction::Discard, 2),
                    tcp179(FilterAction::Accept, 3),
                ],
                FilterAction::Accept,
            )],
            bindings: vec![bind(&["F"], false)],
            ..Default::default()
        };
        match bgp(&fs) {
            Verdict::Drop(d) => {
                assert_eq!(d.term.as_deref(), Some("t2"));
                assert_eq!(d.insert_before.as_deref(), Some("t2"));
            }
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn a_filter_on_another_interface_or_family_does_not_apply() {
        let mut b = bind(&["F"], false);
        b.interface = Some("eth2".into());
        let fs = Filters {
            filters: vec![filter("F", vec![], FilterAction::Discard)],
            bindings: vec![b],
            ..Default::default()
        };
        assert!(matches!(bgp(&fs), Verdict::Pass));
        let mut b = bind(&["F"], false);
        b.afi = Some(Afi::Ipv6);
        let fs = Filters {
            bindings: vec![b],
            ..fs
        };
        assert!(matches!(bgp(&fs), Verdict::Pass));
    }

    #[test]
    fn ephemeral_ports_partly_covered_are_unknown() {
        let mut t = FilterTerm::new("hi", sp(1), FilterAction::Accept);
        t.protocols = vec![PROTO_TCP];
        t.source_ports = vec![(1024, 5000)];
        t.destination_ports = vec![(179, 179)];
        let fs = Filters {
            filters: vec![filter("F", vec![t], FilterAction::Discard)],
            bindings: vec![bind(&["F"], false)],
            ..Default::default()
        };
        assert!(matches!(bgp(&fs), Verdict::Unknown(_)));
    }

    #[test]
    fn established_lets_ike_replies_in_only_on_a_stateful_filter() {
        let mut est = FilterTerm::new("est", sp(1), FilterAction::Accept);
        est.established_only = true;
        let mut f = filter("F", vec![est], FilterAction::Discard);
        let aws: IpAddr = "203.0.113.10".parse().unwrap();
        let router: IpAddr = "198.51.100.7".parse().unwrap();
        // Stateless (IOS `established`): only TCP has an ACK bit; UDP 500 is dropped.
        let fs = Filters {
            filters: vec![f.clone()],
            bindings: vec![bind(&["F"], false)],
            ..Default::default()
        };
        let v = ipsec_passes(&fs, Some("eth1"), aws, router);
        assert!(matches!(v.ike, Verdict::Drop(_)));
        // Stateful (conntrack): the reply to the router's own IKE packet is established.
        f.stateful = true;
        let fs = Filters {
            filters: vec![f],
            ..fs
        };
        let v = ipsec_passes(&fs, Some("eth1"), aws, router);
        assert!(matches!(v.ike, Verdict::Pass));
    }
}

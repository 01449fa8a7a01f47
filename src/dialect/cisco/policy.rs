//! IOS / FRR syntax of prefix-lists, route-maps and static routes, read into the shared
//! policy engine (`dialect::policy`), and what an address family offers: `network`,
//! `aggregate-address` and `redistribute`, through the engine's [`OfferBuilder`].

use super::addr::addr_mask;
use super::tokens::Line;
use super::Context;
use crate::dialect::common::parse_u32_digits;
use crate::dialect::policy::{
    MapEntry, Offer, OfferBuilder, PolicyDb, PrefixEntry, RouteFilter, Sources,
};
use crate::model::{Afi, Interface};
use crate::source::{find_newline, Span, Spanned};
use ipnet::IpNet;

/// The family of an `ip` / `ipv6` keyword (`prefix-list`, `match … address`); ASA's bare
/// `prefix-list` is IPv4.
fn family_of(word: &str) -> Afi {
    if word == "ipv6" {
        Afi::Ipv6
    } else {
        Afi::Ipv4
    }
}

/// `ip prefix-list NAME [seq N] permit|deny P [ge X] [le Y]` (and `ipv6 prefix-list`).
pub(super) fn read_prefix_list(cx: &mut Context, l: &Line) {
    read_prefix_entry(cx, l, family_of(l.word(0)), l.word_span(2), 3, None);
}

/// A prefix-list line whose name is word `at` (2 after `ip prefix-list`, 1 after ASA's
/// bare `prefix-list`).
pub(crate) fn read_prefix_list_at(cx: &mut Context, l: &Line, at: usize) {
    read_prefix_entry(cx, l, family_of(l.word(0)), l.word_span(at), at + 1, None);
}

/// EOS's block form: `ip prefix-list NAME` with `seq N permit P …` lines below it.
pub(super) fn read_prefix_list_block(cx: &mut Context, idx: u32, l: &Line) {
    let children: Vec<u32> = cx.tree.children(idx).collect();
    let n = children.len();
    for child in children {
        let cl = cx.line(child);
        read_prefix_entry(cx, &cl, family_of(l.word(0)), l.word_span(2), 0, Some(n));
    }
}

/// One entry of the list named at `name_span`, its words from `i` on in `l`; `lines`: how
/// many entries are coming, when known.
fn read_prefix_entry(
    cx: &mut Context,
    l: &Line,
    afi: Afi,
    name_span: Span,
    mut i: usize,
    lines: Option<usize>,
) {
    let text = cx.text;
    let name = &text[name_span.start()..name_span.end()];
    let mut seq = None;
    if l.word(i) == "seq" {
        seq = parse_u32_digits(l.word(i + 1));
        i += 2;
    }
    let permit = match l.word(i) {
        "permit" => true,
        "deny" => false,
        "description" => return,
        _ => {
            cx.problem(l.span, format!("`{}`: expected permit or deny", l.text));
            return;
        }
    };
    let Some(net) = addr_mask(l.word(i + 1), None) else {
        cx.problem(
            l.span,
            format!("`{}`: expected a prefix like 10.0.0.0/8", l.text),
        );
        return;
    };
    let mut ge = None;
    let mut le = None;
    let mut j = i + 2;
    while j < l.len() {
        let v = parse_u32_digits(l.word(j + 1)).map(|v| v.min(128) as u8);
        match l.word(j) {
            "ge" => ge = v,
            "le" => le = v,
            _ => {}
        }
        j += 2;
    }
    let list = cx.policy.list_for_entry(afi, name, || {
        // Sized for the lines of it that follow this one (a hint, not a reading).
        lines.unwrap_or_else(|| {
            let name_end = name_span.end() - l.span.start();
            1 + lines_alike(text, l.span.end(), &l.text[..name_end])
        })
    });
    let seq = seq.unwrap_or_else(|| list.entries.last().map_or(5, |e| e.seq + 5));
    list.insert(PrefixEntry {
        seq,
        permit,
        net: net.trunc(),
        ge,
        le,
        span: l.span,
    });
}

/// How many of the lines right after byte `from` (the end of a line's content) start with
/// `head` and then a blank, up to 64: a capacity hint, never a reading of those lines.
fn lines_alike(text: &str, from: usize, head: &str) -> usize {
    let mut rest = &text.as_bytes()[from..];
    let mut n = 0;
    while n < 64 {
        // To the start of the next line.
        let Some(nl) = find_newline(rest) else {
            break;
        };
        rest = &rest[nl + 1..];
        match rest.strip_prefix(head.as_bytes()) {
            Some([b' ' | b'\t', ..]) => n += 1,
            _ => break,
        }
    }
    n
}

/// `route-map NAME [permit|deny] [SEQ]` with `match ip address prefix-list …` children.
pub(super) fn read_route_map(cx: &mut Context, idx: u32, l: &Line) {
    let name = l.word(1);
    let permit = l.word(2) != "deny";
    let seq = parse_u32_digits(l.word(3)).unwrap_or(10);
    let mut entry = MapEntry::new(seq, permit);
    let mut ids: Vec<u32> = Vec::new();
    let mut children = cx.tree.child_cursor(idx);
    while let Some(child) = children.next(&cx.tree) {
        let c = cx.line(child);
        if c.word(0) != "match" {
            continue;
        }
        if matches!(c.word(1), "ip" | "ipv6")
            && c.word(2) == "address"
            && c.word(3) == "prefix-list"
        {
            let afi = family_of(c.word(1));
            ids.clear();
            ids.extend((4..c.len()).map(|i| cx.policy.list_id(afi, c.word(i))));
            entry.add_clause(afi, &ids);
        } else {
            entry.opaque = true;
        }
    }
    cx.policy.route_map_mut(name).insert(entry);
}

/// `ip route [vrf X] P M NH` / `ipv6 route P NH` / FRR `ip route P/len NH`.
pub(super) fn read_static_route(cx: &mut Context, l: &Line) {
    let mut i = 2;
    let mut vrf = None;
    if l.word(i) == "vrf" {
        vrf = Some(l.word(i + 1).to_string());
        i += 2;
    }
    let a = l.word(i);
    let net = if a.contains('/') {
        addr_mask(a, None)
    } else {
        addr_mask(a, Some(l.word(i + 1)))
    };
    match net {
        Some(net) => cx
            .policy
            .static_routes
            .push((vrf, Spanned::new(net.trunc(), l.span))),
        None => cx.problem(
            l.span,
            format!("`{}`: expected a destination prefix", l.text),
        ),
    }
}

/// The offer of one family: `network`, `redistribute` (through its route-map) and
/// `aggregate-address`.
pub(super) fn offer(
    origin: Option<&AfOrigin>,
    afi: Afi,
    vrf: Option<&str>,
    interfaces: &[Interface],
    db: &PolicyDb,
) -> Offer {
    let mut offer = OfferBuilder::default();
    let Some(o) = origin else {
        return offer.finish();
    };
    for n in &o.networks {
        offer.route(n.clone());
    }
    let from = Sources {
        interfaces,
        statics: Some(&db.static_routes),
        vrf,
        afi,
    };
    for r in &o.redistribute {
        let map = r.route_map.as_deref().map(|m| (m, db.map_filter(afi, m)));
        let filter = map.as_ref().map(|(m, f)| (*m, f as &dyn RouteFilter));
        offer.redistribute(&r.source, &from, "route-map", filter, r.span);
    }
    for (agg, summary_only) in &o.aggregates {
        offer.aggregate(agg.clone(), *summary_only);
    }
    offer.finish()
}

/// What an address family originates: `network`, `aggregate-address`, `redistribute`.
#[derive(Default, Debug)]
pub(super) struct AfOrigin {
    pub afi: Option<Afi>,
    pub vrf: Option<String>,
    pub networks: Vec<Spanned<IpNet>>,
    pub aggregates: Vec<(Spanned<IpNet>, bool)>,
    pub redistribute: Vec<Redistribute>,
}

#[derive(Debug, Clone)]
pub(super) struct Redistribute {
    pub source: String,
    pub route_map: Option<String>,
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PolicySemantics, RouterModel};
    use crate::syntax::indent::{IndentReader, IndentTree};

    /// Read prefix lists and route maps from config text.
    fn db(text: &str) -> PolicyDb {
        let mut reader = IndentReader::new(text, &super::super::OPTIONS);
        let mut cx = Context {
            text,
            tree: IndentTree::default(),
            model: RouterModel::default(),
            policy: PolicyDb::new(PolicySemantics::IOS),
            bgp: Default::default(),
            ipsec: Default::default(),
            iface_index: Default::default(),
            ios_major: None,
            ext: None,
        };
        while reader.next_section(&mut cx.tree) {
            cx.top_level(0);
        }
        cx.policy
    }

    #[test]
    fn a_new_list_is_sized_for_its_lines_that_follow() {
        let text = "ip prefix-list A seq 5 permit 10.0.0.0/24\nip prefix-list A seq 10 permit 10.0.1.0/24\nip prefix-list A\tseq 15 permit 10.0.2.0/24\nip prefix-list AB seq 5 permit 10.0.3.0/24\nip prefix-list A seq 20 permit 10.0.4.0/24\n";
        let head = "ip prefix-list A";
        assert_eq!(lines_alike(text, head.len(), head), 2);
        assert_eq!(lines_alike(text, text.len() - 1, head), 0);
        // The hint sizes, the lines decide: interleaved lists keep every entry, in order.
        let d = db(text);
        let a = d.prefix_list(Afi::Ipv4, "A").unwrap();
        assert_eq!(a.entries.capacity(), 4);
        let seqs: Vec<u32> = a.entries.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, vec![5, 10, 15, 20]);
        assert_eq!(d.prefix_list(Afi::Ipv4, "AB").unwrap().entries.len(), 1);
    }

    #[test]
    fn ip_and_ipv6_prefix_lists_of_one_name_are_two_lists() {
        let d = db("ip prefix-list L seq 5 permit 10.1.0.0/24\n\
             ipv6 prefix-list L seq 5 permit 2001:db8::/32\n");
        let v4 = d.prefix_list(Afi::Ipv4, "L").unwrap();
        let v6 = d.prefix_list(Afi::Ipv6, "L").unwrap();
        assert_eq!((v4.entries.len(), v6.entries.len()), (1, 1));
        assert!(v6.permits(&"2001:db8::/32".parse().unwrap()));
    }

    #[test]
    fn route_maps_find_lists_defined_before_or_after_them() {
        let before = db("ip prefix-list L seq 5 permit 10.1.0.0/24\n\
             route-map M permit 10\n match ip address prefix-list L\n");
        let after = db("route-map M permit 10\n match ip address prefix-list L\n\
             ip prefix-list L seq 5 permit 10.1.0.0/24\n");
        let undefined = db("route-map M permit 10\n match ip address prefix-list L\n");
        let p: IpNet = "10.1.0.0/24".parse().unwrap();
        let q: IpNet = "10.9.0.0/24".parse().unwrap();
        use crate::dialect::policy::Verdict;
        for d in [&before, &after] {
            let m = d.route_map("M").unwrap();
            assert_eq!(m.verdict(Afi::Ipv4, &p, d), Verdict::Permit);
            assert_eq!(m.verdict(Afi::Ipv4, &q, d), Verdict::Deny);
            assert!(d.prefix_list(Afi::Ipv4, "L").is_some());
        }
        // IOS: a list nobody defines matches everything and is not a defined list.
        let m = undefined.route_map("M").unwrap();
        assert_eq!(m.verdict(Afi::Ipv4, &q, &undefined), Verdict::Permit);
        assert!(undefined.prefix_list(Afi::Ipv4, "L").is_none());
    }

    /// The indexed path must give exactly what deciding every offered route gives.
    #[test]
    fn indexed_filtering_equals_filtering_every_candidate() {
        use crate::dialect::policy::{advertise, Route, Verdict};
        let db = db("ip prefix-list EXACT seq 5 permit 10.1.0.0/24\n\
             ip prefix-list EXACT seq 10 permit 10.1.1.0/24\n\
             ip prefix-list RANGE seq 5 deny 10.1.2.0/24\n\
             ip prefix-list RANGE seq 10 permit 10.1.0.0/16 le 24\n\
             ip prefix-list RANGE seq 15 permit 10.2.0.0/16 ge 20 le 22\n\
             ip prefix-list ANY seq 5 deny 10.3.0.0/16 le 32\n\
             ip prefix-list ANY seq 10 permit 0.0.0.0/0 le 32\n\
             ipv6 prefix-list V6 seq 5 permit 2001:db8::/32 le 64\n\
             route-map BYLIST permit 10\n match ip address prefix-list EXACT RANGE\n\
             route-map BYLIST deny 20\n match ip address prefix-list ANY\n\
             route-map OPAQUE deny 5\n match ip address prefix-list EXACT\n\
             route-map OPAQUE permit 10\n match community 1\n\
             route-map UNDEFINED permit 10\n match ip address prefix-list NOPE\n");
        let mut offer = OfferBuilder::default();
        for (i, p) in [
            "10.1.0.0/24",
            "10.1.1.0/24",
            "10.1.2.0/24",
            "10.1.3.0/25",
            "10.1.0.0/16",
            "10.2.0.0/20",
            "10.2.4.0/22",
            "10.2.8.0/24",
            "10.3.0.0/24",
            "10.1.1.0/24",
            "192.0.2.0/24",
            "0.0.0.0/0",
            "10.2.0.0/16",
            "10.1.0.0/24",
        ]
        .iter()
        .enumerate()
        {
            offer.route(Spanned::new(p.parse().unwrap(), Span::new(i * 10, 5)));
        }
        let offer = offer.finish();
        let names = [
            None,
            Some("EXACT"),
            Some("RANGE"),
            Some("ANY"),
            Some("NOPE"),
        ];
        let maps = [
            None,
            Some("BYLIST"),
            Some("OPAQUE"),
            Some("UNDEFINED"),
            Some("NOPE"),
        ];
        let mut nonempty = 0;
        // Lent to every call, as the BGP reader does: what one call leaves must not leak.
        let mut scratch = vec![usize::MAX; 3];
        for pl in names {
            for rm in maps {
                let chain = db.outbound(Afi::Ipv4, pl, rm);
                let chain: Vec<&dyn RouteFilter> =
                    chain.iter().map(|f| f as &dyn RouteFilter).collect();
                let fast = advertise(&offer, &chain, &mut scratch);
                let mut every: Vec<Spanned<IpNet>> = offer
                    .routes()
                    .iter()
                    .filter(|r| {
                        let route = Route {
                            prefix: &r.route.value,
                            origin: r.origin,
                        };
                        chain.iter().all(|f| f.verdict(route) != Verdict::Deny)
                    })
                    .map(|r| r.route.clone())
                    .collect();
                every.dedup_by(|a, b| a.value == b.value);
                assert_eq!(fast.prefixes, every, "prefix-list {pl:?}, route-map {rm:?}");
                nonempty += usize::from(!fast.prefixes.is_empty());
            }
        }
        // The cases are not all trivially empty.
        assert!(nonempty >= 10, "{nonempty}");
    }
}

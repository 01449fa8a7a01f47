//! Routes sorted by network, so that a filter entry (`10.0.0.0/8 le 24`) finds the routes
//! inside it by binary search. Outbound filters are evaluated per neighbor; testing every
//! route of a large router for every neighbor is quadratic (20,000 × 20,000).

use ipnet::IpNet;

/// Positions of a route list, ordered by (network, length), per family.
#[derive(Debug, Default)]
pub(crate) struct PrefixIndex {
    v4: Vec<Entry<u32>>,
    v6: Vec<Entry<u128>>,
}

/// One route: its network as an integer, its length and its position in the list.
/// Ordered by (network, length), the fields' order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry<A> {
    network: A,
    len: u8,
    pos: u32,
}

impl PrefixIndex {
    /// Index routes by their position in the iteration.
    pub fn new(prefixes: impl Iterator<Item = IpNet>) -> Self {
        let mut ix = PrefixIndex {
            v4: Vec::with_capacity(prefixes.size_hint().0),
            v6: Vec::new(),
        };
        for (i, p) in prefixes.enumerate() {
            let pos = u32::try_from(i).unwrap_or(u32::MAX);
            match p.trunc() {
                IpNet::V4(n) => ix.v4.push(Entry {
                    network: u32::from(n.addr()),
                    len: n.prefix_len(),
                    pos,
                }),
                IpNet::V6(n) => ix.v6.push(Entry {
                    network: u128::from(n.addr()),
                    len: n.prefix_len(),
                    pos,
                }),
            }
        }
        ix.v4.sort_unstable();
        ix.v4.shrink_to_fit();
        ix.v6.sort_unstable();
        ix
    }

    /// Positions of the routes whose network lies inside `net` (of any length, so callers
    /// still check the length and match rules), in no particular order.
    pub fn inside(&self, net: &IpNet) -> impl Iterator<Item = usize> + '_ {
        fn range<A: Ord + Copy>(entries: &[Entry<A>], first: A, last: A) -> &[Entry<A>] {
            let lo = entries.partition_point(|e| e.network < first);
            let hi = entries.partition_point(|e| e.network <= last).max(lo);
            &entries[lo..hi]
        }
        let (v4, v6) = match net {
            IpNet::V4(n) => {
                let (first, last) = (u32::from(n.network()), u32::from(n.broadcast()));
                (range(&self.v4, first, last), &[][..])
            }
            IpNet::V6(n) => {
                let (first, last) = (u128::from(n.network()), u128::from(n.broadcast()));
                (&[][..], range(&self.v6, first, last))
            }
        };
        v4.iter()
            .map(|e| e.pos as usize)
            .chain(v6.iter().map(|e| e.pos as usize))
    }
}

#[cfg(test)]
thread_local! {
    /// Tests switch the index off (every route is tested) to check that it changes nothing.
    pub(crate) static SCAN_ALL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the extractors must test every route instead of asking the index (tests only).
#[cfg(test)]
pub(crate) fn scan_all_routes() -> bool {
    SCAN_ALL.with(|c| c.get())
}

#[cfg(not(test))]
pub(crate) fn scan_all_routes() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exactly_the_routes_inside_a_prefix() {
        let routes: Vec<IpNet> = [
            "10.0.0.0/8",
            "10.1.0.0/16",
            "10.1.2.0/24",
            "10.1.2.5/32",
            "10.2.0.0/16",
            "9.255.255.0/24",
            "11.0.0.0/8",
            "0.0.0.0/0",
            "2001:db8::/32",
            "10.1.255.252/30",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        let idx = PrefixIndex::new(routes.iter().copied());
        for q in [
            "10.1.0.0/16",
            "10.0.0.0/8",
            "0.0.0.0/0",
            "2001:db8::/16",
            "10.1.2.4/30",
            "2001:db8::/33",
            "2001:db9::/32",
            "10.1.255.255/32",
        ] {
            let q: IpNet = q.parse().unwrap();
            let mut got: Vec<usize> = idx.inside(&q).collect();
            got.sort_unstable();
            let want: Vec<usize> = (0..routes.len())
                .filter(|&i| q.contains(&routes[i].network()))
                .collect();
            assert_eq!(got, want, "{q}");
        }
        assert_eq!(idx.inside(&"10.1.0.0/16".parse().unwrap()).count(), 4);
    }
}

//! Routes sorted by network, so that a filter entry (`10.0.0.0/8 le 24`) finds the routes
//! inside it by binary search. Outbound filters are evaluated per neighbor; testing every
//! route of a large router for every neighbor is quadratic (20,000 × 20,000).

use ipnet::IpNet;

/// Positions of a route list, ordered by (network, length), per family.
#[derive(Debug, Default)]
pub(crate) struct PrefixIndex {
    /// IPv4 routes as one sorted `u64` each: address (32 bits), length (6), position (26).
    /// Every neighbor's filters binary-search it; one packed array sorts in place, with no
    /// second copy of keys or positions (20,000 routes: 160 kB).
    v4: Vec<u64>,
    /// Positions past what 26 bits hold (never in practice): not indexed, always offered.
    v4_unindexed: Vec<u32>,
    /// IPv6 keys (address, length), sorted, and positions.
    v6: Vec<(u128, u8)>,
    v6_pos: Vec<u32>,
}

const POS_BITS: u32 = 26;
const POS_MASK: u64 = (1 << POS_BITS) - 1;

/// (network, length) of an IPv4 route, in the bits above the position.
fn v4_key(addr: std::net::Ipv4Addr, len: u8) -> u64 {
    (u64::from(u32::from(addr)) << 6 | u64::from(len)) << POS_BITS
}

impl PrefixIndex {
    /// Index routes by their position in the iteration.
    pub fn new(prefixes: impl Iterator<Item = IpNet>) -> Self {
        let mut ix = PrefixIndex {
            v4: Vec::with_capacity(prefixes.size_hint().0),
            ..Default::default()
        };
        let mut v6: Vec<((u128, u8), u32)> = Vec::new();
        for (i, p) in prefixes.enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            match p.trunc() {
                IpNet::V4(n) if u64::from(i) <= POS_MASK => {
                    ix.v4.push(v4_key(n.addr(), n.prefix_len()) | u64::from(i))
                }
                IpNet::V4(_) => ix.v4_unindexed.push(i),
                IpNet::V6(n) => v6.push(((u128::from(n.addr()), n.prefix_len()), i)),
            }
        }
        ix.v4.sort_unstable();
        ix.v4.shrink_to_fit();
        v6.sort_unstable();
        ix.v6 = v6.iter().map(|&(k, _)| k).collect();
        ix.v6_pos = v6.iter().map(|&(_, i)| i).collect();
        ix
    }

    /// Positions of the routes whose network lies inside `net` (of any length, so callers
    /// still check the length and match rules), in no particular order. Past 2^26 IPv4
    /// routes the rest are offered unindexed: callers test containment too.
    pub fn inside(&self, net: &IpNet) -> impl Iterator<Item = usize> + '_ {
        let (packed, positions): (&[u64], &[u32]) = match net {
            IpNet::V4(n) => {
                let first = v4_key(n.network(), 0);
                let last = v4_key(n.broadcast(), 32) | POS_MASK;
                let lo = self.v4.partition_point(|k| *k < first);
                let hi = self.v4.partition_point(|k| *k <= last).max(lo);
                (&self.v4[lo..hi], &self.v4_unindexed)
            }
            IpNet::V6(n) => {
                let first = (u128::from(n.network()), 0);
                let last = (u128::from(n.broadcast()), 128);
                let lo = self.v6.partition_point(|k| *k < first);
                let hi = self.v6.partition_point(|k| *k <= last).max(lo);
                (&[], &self.v6_pos[lo..hi])
            }
        };
        packed
            .iter()
            .map(|&k| (k & POS_MASK) as usize)
            .chain(positions.iter().map(|&i| i as usize))
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

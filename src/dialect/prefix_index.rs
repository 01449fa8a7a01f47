//! Routes sorted by network, so that a filter entry (`10.0.0.0/8 le 24`) finds the routes
//! inside it by binary search. Outbound filters are evaluated per neighbor; testing every
//! route of a large router for every neighbor is quadratic (20,000 × 20,000).

use ipnet::IpNet;

/// Positions of a route list, ordered by (network, length).
#[derive(Debug, Default)]
pub(crate) struct PrefixIndex {
    keys: Vec<Entry>,
}

/// One route: (family, network, length) as plain integers, which order the same way as
/// `IpNet` within a family and compare much faster (the index is sorted once per routing
/// table of 10,000s of routes); 24 bytes, half of a `((u8, u128, u8), usize)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    family: u8,
    high: u64,
    low: u64,
    len: u8,
    pos: u32,
}

fn entry(addr: std::net::IpAddr, len: u8, pos: u32) -> Entry {
    let (family, bits) = match addr {
        std::net::IpAddr::V4(a) => (4, u128::from(u32::from(a))),
        std::net::IpAddr::V6(a) => (6, u128::from(a)),
    };
    Entry {
        family,
        high: (bits >> 64) as u64,
        low: bits as u64,
        len,
        pos,
    }
}

impl PrefixIndex {
    /// Index routes by their position in the iteration (at most `u32::MAX` of them).
    pub fn new(prefixes: impl Iterator<Item = IpNet>) -> Self {
        let mut keys: Vec<Entry> = prefixes
            .take(u32::MAX as usize)
            .enumerate()
            .map(|(i, p)| entry(p.network(), p.prefix_len(), i as u32))
            .collect();
        keys.sort_unstable();
        PrefixIndex { keys }
    }

    /// Positions of the routes whose network lies inside `net` (of any length, so callers
    /// still check the length and match rules), in no particular order.
    pub fn inside(&self, net: &IpNet) -> impl Iterator<Item = usize> + '_ {
        let first = entry(net.network(), 0, 0);
        let last = entry(net.broadcast(), net.max_prefix_len(), u32::MAX);
        let lo = self.keys.partition_point(|k| *k < first);
        let hi = self.keys.partition_point(|k| *k <= last);
        self.keys[lo..hi.max(lo)].iter().map(|k| k.pos as usize)
    }
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

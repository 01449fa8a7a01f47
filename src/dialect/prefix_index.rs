//! Routes sorted by network, so that a filter entry (`10.0.0.0/8 le 24`) finds the routes
//! inside it by binary search. Outbound filters are evaluated per neighbor; testing every
//! route of a large router for every neighbor is quadratic (20,000 × 20,000).

use ipnet::IpNet;

/// Positions of a route list, ordered by (network, length).
#[derive(Debug, Default)]
pub(crate) struct PrefixIndex {
    keys: Vec<(Key, usize)>,
}

/// `IpNet`'s order (IPv4 before IPv6, then address, then length) as plain integers: every
/// neighbor's filters binary-search the index, and comparing `IpNet`s goes through their
/// octet arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    v6: bool,
    addr: u128,
    len: u8,
}

impl Key {
    fn of(net: &IpNet) -> Key {
        match net {
            IpNet::V4(n) => Key {
                v6: false,
                addr: u32::from(n.addr()) as u128,
                len: n.prefix_len(),
            },
            IpNet::V6(n) => Key {
                v6: true,
                addr: u128::from(n.addr()),
                len: n.prefix_len(),
            },
        }
    }
}

impl PrefixIndex {
    /// Index routes by their position in the iteration.
    pub fn new(prefixes: impl Iterator<Item = IpNet>) -> Self {
        let mut keys: Vec<(Key, usize)> = prefixes
            .enumerate()
            .map(|(i, p)| (Key::of(&p.trunc()), i))
            .collect();
        keys.sort_unstable();
        PrefixIndex { keys }
    }

    /// Positions of the routes whose network lies inside `net` (of any length, so callers
    /// still check the length and match rules), in no particular order.
    pub fn inside(&self, net: &IpNet) -> impl Iterator<Item = usize> + '_ {
        let bounds = IpNet::new(net.network(), 0)
            .ok()
            .zip(IpNet::new(net.broadcast(), net.max_prefix_len()).ok());
        let (lo, hi) = match bounds {
            Some((first, last)) => {
                let (first, last) = (Key::of(&first), Key::of(&last));
                (
                    self.keys.partition_point(|(p, _)| *p < first),
                    self.keys.partition_point(|(p, _)| *p <= last),
                )
            }
            None => (0, self.keys.len()),
        };
        self.keys[lo..hi.max(lo)].iter().map(|&(_, i)| i)
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
        // The integer key orders as IpNet does.
        for a in &routes {
            for b in &routes {
                assert_eq!(Key::of(a).cmp(&Key::of(b)), a.cmp(b), "{a} {b}");
            }
        }
    }
}

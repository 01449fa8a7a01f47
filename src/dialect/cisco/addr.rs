//! Addresses and prefixes as IOS writes them, read byte by byte in their canonical form
//! (every interface address, `network` statement, prefix-list entry and neighbor of a large
//! configuration is one); anything else goes to the general parsers, which decide.

use crate::dialect::common::{
    parse_addr_mask, parse_ipv4_fast as dotted_quad, parse_ipv4_net_fast,
};
use ipnet::{IpNet, Ipv4Net};
use std::net::IpAddr;

/// [`parse_addr_mask`], with the canonical dotted forms read directly.
pub(super) fn addr_mask(addr: &str, mask: Option<&str>) -> Option<IpNet> {
    match mask {
        None => parse_ipv4_net_fast(addr)
            .map(IpNet::V4)
            .or_else(|| parse_addr_mask(addr, None)),
        Some(m) => match (dotted_quad(addr), dotted_quad(m)) {
            (Some(ip), Some(mask)) => {
                let bits = u32::from(mask);
                let len = bits.leading_ones();
                if bits.checked_shl(len).unwrap_or(0) != 0 {
                    return None;
                }
                Ipv4Net::new(ip, len as u8).ok().map(IpNet::V4)
            }
            _ => parse_addr_mask(addr, mask),
        },
    }
}

/// `s.parse::<IpAddr>()`, with a canonical dotted quad read directly.
pub(super) fn ip_addr(s: &str) -> Option<IpAddr> {
    match dotted_quad(s) {
        Some(ip) => Some(IpAddr::V4(ip)),
        None => s.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &[&str] = &[
        "10.128.0.2",
        "0.0.0.0",
        "255.255.255.255",
        "255.255.255.252",
        "255.0.255.0",
        "256.1.1.1",
        "1.2.3",
        "1.2.3.4.5",
        "01.2.3.4",
        "1.2.3.04",
        "1.2.3.4 ",
        "1..3.4",
        "1.2.3.1000",
        "",
        "1.2.3.4/24",
        "10.0.0.0/8",
        "10.0.0.1/33",
        "10.0.0.0/08",
        "2001:db8::1",
        "2001:db8::/32",
        "::ffff:1.2.3.4",
        "+1.2.3.4",
        "1.2.3.4x",
    ];

    /// The fast paths answer exactly what the general parsers answer, for every pair.
    #[test]
    fn fast_paths_equal_the_general_parsers() {
        let mut fast_hits = 0;
        for a in CASES {
            assert_eq!(ip_addr(a), a.parse::<IpAddr>().ok(), "{a:?}");
            fast_hits += usize::from(dotted_quad(a).is_some());
            assert_eq!(addr_mask(a, None), parse_addr_mask(a, None), "{a:?}");
            for m in CASES {
                assert_eq!(
                    addr_mask(a, Some(m)),
                    parse_addr_mask(a, Some(m)),
                    "{a:?} {m:?}"
                );
            }
        }
        // The canonical quads above do take the fast path.
        assert_eq!(fast_hits, 5);
        assert_eq!(
            addr_mask("10.128.0.2", Some("255.255.255.252")),
            Some("10.128.0.2/30".parse().unwrap())
        );
    }
}

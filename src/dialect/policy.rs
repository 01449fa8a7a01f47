//! The policy semantics the dialects share. Today: whether one prefix-list entry matches a
//! route, as IOS and FRR (and so VyOS) define `ge`/`le`; the Cisco and VyOS prefix-lists
//! both evaluate their entries through it.

use ipnet::IpNet;

/// Whether the entry `entry [ge G] [le L]` matches the route `p`: same family, `p` inside
/// `entry`, and its length exactly the entry's (no `ge`/`le`) or in `[G or entry's length,
/// L or the family's maximum]`.
#[inline]
pub fn prefix_entry_matches(entry: &IpNet, ge: Option<u8>, le: Option<u8>, p: &IpNet) -> bool {
    let same_family = matches!(
        (entry, p),
        (IpNet::V4(_), IpNet::V4(_)) | (IpNet::V6(_), IpNet::V6(_))
    );
    if !same_family || !entry.contains(&p.network()) || p.prefix_len() < entry.prefix_len() {
        return false;
    }
    let len = p.prefix_len();
    match (ge, le) {
        (None, None) => len == entry.prefix_len(),
        (g, l) => {
            let lo = g.unwrap_or(entry.prefix_len());
            let hi = l.unwrap_or(p.max_prefix_len());
            lo <= len && len <= hi
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ge_and_le_as_ios_and_frr_define_them() {
        let r: IpNet = "10.0.0.0/8".parse().unwrap();
        let p = |s: &str| s.parse::<IpNet>().unwrap();
        assert!(prefix_entry_matches(&r, None, None, &p("10.0.0.0/8")));
        assert!(!prefix_entry_matches(&r, None, None, &p("10.1.0.0/16")));
        assert!(prefix_entry_matches(&r, None, Some(24), &p("10.1.0.0/16")));
        assert!(!prefix_entry_matches(&r, None, Some(24), &p("10.1.1.0/25")));
        assert!(prefix_entry_matches(
            &r,
            Some(24),
            None,
            &p("10.1.1.128/25")
        ));
        assert!(!prefix_entry_matches(&r, Some(24), None, &p("10.1.0.0/16")));
        assert!(prefix_entry_matches(
            &r,
            Some(16),
            Some(24),
            &p("10.1.0.0/16")
        ));
        assert!(!prefix_entry_matches(
            &r,
            Some(16),
            Some(24),
            &p("10.0.0.0/8")
        ));
        assert!(!prefix_entry_matches(&r, None, Some(32), &p("11.0.0.0/8")));
        assert!(!prefix_entry_matches(
            &r,
            None,
            Some(32),
            &p("2001:db8::/32")
        ));
        // A route with host bits is matched by its network.
        assert!(prefix_entry_matches(&r, None, Some(16), &p("10.1.2.3/16")));
    }
}

//! Prefix-lists: entries by sequence number, first match decides, no match denies (IOS,
//! FRR, VyOS), and the one ge/le match they all share (FortiOS's lists use it too).

use super::offer::Offer;
use crate::source::{Span, Spanned};
use ipnet::IpNet;

/// One `seq N permit|deny P [ge G] [le L]`.
#[derive(Debug, Clone)]
pub(crate) struct PrefixEntry {
    pub seq: u32,
    pub permit: bool,
    pub net: IpNet,
    pub ge: Option<u8>,
    pub le: Option<u8>,
    /// The entry's line.
    pub span: Span,
}

impl PrefixEntry {
    pub fn matches(&self, p: &IpNet) -> bool {
        prefix_entry_matches(&self.net, self.ge, self.le, p)
    }

    /// Matches its own prefix only: `ge`/`le` absent or naming the prefix's own length
    /// (`le 24` on a /24; `ge 24` alone on a /24 reaches /32, so it is not exact).
    pub fn is_exact(&self) -> bool {
        let len = self.net.prefix_len();
        let lo = self.ge.unwrap_or(len);
        let hi = match (self.ge, self.le) {
            (None, None) => len,
            (_, Some(l)) => l,
            (Some(_), None) => self.net.max_prefix_len(),
        };
        lo == len && hi == len
    }
}

/// A prefix-list: its entries in sequence order. `defined` once a line of the list itself
/// is read (a route-map or a neighbor may name a list that no line defines).
#[derive(Debug, Clone, Default)]
pub(crate) struct PrefixList {
    pub entries: Vec<PrefixEntry>,
    pub defined: bool,
}

impl PrefixList {
    /// Add an entry in sequence order (after any of the same number).
    pub fn insert(&mut self, entry: PrefixEntry) {
        self.defined = true;
        super::insert_by_seq(&mut self.entries, entry, |e| e.seq);
    }

    /// First match decides; no match denies.
    pub fn permits(&self, p: &IpNet) -> bool {
        self.entries
            .iter()
            .find(|e| e.matches(p))
            .is_some_and(|e| e.permit)
    }

    /// Add to `out` the prefixes this list can ever permit, when that set is finite (its
    /// permit entries are exact); a prefix an earlier deny entry catches is left out.
    /// `None` when a permit entry admits a range.
    pub fn finite_permits(&self, out: &mut Vec<Spanned<IpNet>>) -> Option<()> {
        for (i, e) in self.entries.iter().enumerate() {
            if !e.permit {
                continue;
            }
            if !e.is_exact() {
                return None;
            }
            if self.entries[..i]
                .iter()
                .any(|d| !d.permit && d.matches(&e.net))
            {
                continue;
            }
            out.push(Spanned::new(e.net, e.span));
        }
        Some(())
    }

    /// Add to `out` the positions of the offered routes some permit entry matches (a
    /// superset of what the list permits: an earlier deny may still catch them).
    pub fn reach(&self, offer: &Offer, out: &mut Vec<usize>) {
        for e in self.entries.iter().filter(|e| e.permit) {
            out.extend(
                offer
                    .index()
                    .inside(&e.net)
                    .filter(|&j| e.matches(&offer.routes()[j].route.value)),
            );
        }
    }
}

/// Whether the entry `entry [ge G] [le L]` matches the route `p`: same family, `p` inside
/// `entry`, and its length exactly the entry's (no `ge`/`le`) or in `[G or entry's length,
/// L or the family's maximum]`.
#[inline]
pub(crate) fn prefix_entry_matches(
    entry: &IpNet,
    ge: Option<u8>,
    le: Option<u8>,
    p: &IpNet,
) -> bool {
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

    fn entry(net: &str, ge: Option<u8>, le: Option<u8>, permit: bool) -> PrefixEntry {
        PrefixEntry {
            seq: 0,
            permit,
            net: net.parse().unwrap(),
            ge,
            le,
            span: Span::new(0, 1),
        }
    }

    #[test]
    fn exact_means_one_length_only() {
        assert!(entry("10.0.0.0/24", None, None, true).is_exact());
        assert!(entry("10.0.0.0/24", None, Some(24), true).is_exact());
        assert!(entry("10.0.0.0/24", Some(24), Some(24), true).is_exact());
        // `ge 24` alone on a /24 reaches /32 (VyOS counted it as one prefix before).
        assert!(!entry("10.0.0.0/24", Some(24), None, true).is_exact());
        assert!(!entry("10.0.0.0/24", None, Some(25), true).is_exact());
    }

    #[test]
    fn finite_permits_leave_out_what_an_earlier_deny_catches() {
        let mut l = PrefixList::default();
        for (seq, e) in [
            (5, entry("10.0.1.0/24", None, None, false)),
            (10, entry("10.0.1.0/24", None, None, true)),
            (15, entry("10.0.2.0/24", None, Some(24), true)),
        ] {
            l.insert(PrefixEntry { seq, ..e });
        }
        let mut out = Vec::new();
        assert_eq!(l.finite_permits(&mut out), Some(()));
        let got: Vec<String> = out.iter().map(|p| p.value.to_string()).collect();
        assert_eq!(got, ["10.0.2.0/24"]);
        l.insert(PrefixEntry {
            seq: 20,
            ..entry("10.0.0.0/8", None, Some(24), true)
        });
        assert_eq!(l.finite_permits(&mut Vec::new()), None);
        assert!(l.permits(&"10.0.2.0/24".parse().unwrap()));
        assert!(!l.permits(&"10.0.1.0/24".parse().unwrap()));
    }

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

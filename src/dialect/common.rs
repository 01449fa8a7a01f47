//! Small parsers every dialect needs: ASNs in asplain/asdot, masks, address/prefix forms.

use crate::model::RemoteAs;
use hashbrown::HashTable;
use ipnet::{IpNet, Ipv4Net};
use std::hash::{BuildHasher, RandomState};
use std::net::{IpAddr, Ipv4Addr};

/// An ASN in asplain (`4200000001`) or asdot (`64086.59904`) notation, 1..=4294967295.
pub fn parse_asn(s: &str) -> Option<u32> {
    let s = s.trim();
    if let Some((hi, lo)) = s.split_once('.') {
        let hi: u32 = parse_u32_digits(hi)?;
        let lo: u32 = parse_u32_digits(lo)?;
        if hi > 65535 || lo > 65535 {
            return None;
        }
        let v = hi * 65536 + lo;
        return (v != 0).then_some(v);
    }
    let v = parse_u32_digits(s)?;
    (v != 0).then_some(v)
}

/// `remote-as` as FRR, VyOS and IOS write it: a number (asplain/asdot), `external` or `internal`.
pub fn parse_remote_as(s: &str) -> Option<RemoteAs> {
    match s {
        "external" => Some(RemoteAs::External),
        "internal" => Some(RemoteAs::Internal),
        _ => parse_asn(s).map(RemoteAs::Number),
    }
}

/// Digits only (no sign, no whitespace), fitting in u32.
pub fn parse_u32_digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A canonical dotted quad at the start of `b` (each octet 0-255, no leading zero) and the
/// offset after it: the shared start of the fast address and prefix readers.
fn dotted_quad_prefix(b: &[u8]) -> Option<(Ipv4Addr, usize)> {
    let mut octets = [0u8; 4];
    let mut i = 0;
    for (k, octet) in octets.iter_mut().enumerate() {
        if k > 0 {
            if b.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        let start = i;
        let mut v: u32 = 0;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 3 {
            v = v * 10 + u32::from(b[i] - b'0');
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || v > 255 || (digits > 1 && b[start] == b'0') {
            return None;
        }
        *octet = v as u8;
    }
    Some((Ipv4Addr::from(octets), i))
}

/// `A.B.C.D` read directly, canonical forms only; `None` for anything else (which the
/// standard parser then reads or refuses: it refuses leading zeros too).
pub fn parse_ipv4_fast(s: &str) -> Option<Ipv4Addr> {
    let (ip, end) = dotted_quad_prefix(s.as_bytes())?;
    (end == s.len()).then_some(ip)
}

/// `A.B.C.D/len` read directly (every interface address, route and prefix-list entry of a
/// large configuration is one): canonical forms only (no leading zeros, length 0–32);
/// `None` for anything else, which callers then give to the general parser.
pub fn parse_ipv4_net_fast(s: &str) -> Option<Ipv4Net> {
    let b = s.as_bytes();
    let (ip, i) = dotted_quad_prefix(b)?;
    if b.get(i) != Some(&b'/') {
        return None;
    }
    let len = match &b[i + 1..] {
        [d] if d.is_ascii_digit() => d - b'0',
        [a, d] if (b'1'..=b'3').contains(a) && d.is_ascii_digit() => (a - b'0') * 10 + (d - b'0'),
        _ => return None,
    };
    Ipv4Net::new(ip, len).ok()
}

/// A dotted netmask (`255.255.255.252`) to a prefix length; `None` if not contiguous.
pub fn mask_to_len(mask: &str) -> Option<u8> {
    ipnet::ipv4_mask_to_prefix(mask.parse().ok()?).ok()
}

/// A wildcard mask (`0.0.0.3`) to a prefix length.
pub fn wildcard_to_len(mask: &str) -> Option<u8> {
    let m: Ipv4Addr = mask.parse().ok()?;
    let inv = Ipv4Addr::from(!u32::from(m));
    mask_to_len(&inv.to_string())
}

/// `A.B.C.D M.M.M.M` or `A.B.C.D/len` or an IPv6 `X/len`, keeping host bits.
pub fn parse_addr_mask(addr: &str, mask: Option<&str>) -> Option<IpNet> {
    if let Some(mask) = mask {
        let ip: Ipv4Addr = addr.parse().ok()?;
        let len = mask_to_len(mask)?;
        return Ipv4Net::new(ip, len).ok().map(IpNet::V4);
    }
    addr.parse::<IpNet>().ok()
}

pub fn parse_ip(s: &str) -> Option<IpAddr> {
    s.parse().ok()
}

/// Strip one level of matching quotes.
pub fn unquote(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// Names stored back to back in one buffer and numbered in the order added: no allocation
/// per name (a large configuration names tens of thousands of units, policies and groups).
/// Hashed with std's keyed SipHash (`RandomState`, seeded per process), so a configuration
/// cannot flood the table with collisions.
#[derive(Default)]
struct Names {
    state: RandomState,
    /// The numbers of the names, by hash.
    table: HashTable<u32>,
    text: String,
    /// Where each name ends in `text` (the next one starts there).
    ends: Vec<u32>,
}

/// Name `i` of a [`Names`] buffer.
fn name_in<'t>(text: &'t str, ends: &[u32], i: u32) -> &'t str {
    let i = i as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &text[start..ends[i] as usize]
}

impl Names {
    fn find(&self, name: &str) -> Option<usize> {
        let hash = self.state.hash_one(name);
        self.table
            .find(hash, |&i| name_in(&self.text, &self.ends, i) == name)
            .map(|&i| i as usize)
    }

    /// Add a name that [`Names::find`] did not find; its number.
    fn push(&mut self, name: &str) -> usize {
        let i = self.ends.len();
        self.text.push_str(name);
        let end = u32::try_from(self.text.len()).expect("names shorter than 4 GiB in all");
        self.ends.push(end);
        let Names {
            state,
            table,
            text,
            ends,
        } = self;
        table.insert_unique(state.hash_one(name), i as u32, |&j| {
            state.hash_one(name_in(text, ends, j))
        });
        i
    }
}

impl std::fmt::Debug for Names {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries((0..self.ends.len() as u32).map(|i| name_in(&self.text, &self.ends, i)))
            .finish()
    }
}

/// Positions by name.
#[derive(Debug, Default)]
pub(crate) struct NameTable {
    names: Names,
    /// By name number.
    positions: Vec<usize>,
}

impl NameTable {
    /// The position of `name`, inserting `make()`'s position when it is new.
    pub fn get_or_insert_with(&mut self, name: &str, make: impl FnOnce() -> usize) -> usize {
        if let Some(i) = self.names.find(name) {
            return self.positions[i];
        }
        let pos = make();
        self.names.push(name);
        self.positions.push(pos);
        pos
    }

    pub fn peek(&self, name: &str) -> Option<usize> {
        self.names.find(name).map(|i| self.positions[i])
    }
}

/// One shared copy of a name that consecutive entries repeat (the port of each of a port's
/// units): the same `Arc` while the name stays the same.
#[derive(Debug, Default)]
pub(crate) struct SharedName {
    last: Option<std::sync::Arc<str>>,
}

impl SharedName {
    pub fn get(&mut self, name: &str) -> std::sync::Arc<str> {
        match &self.last {
            Some(s) if **s == *name => s.clone(),
            _ => self.last.insert(name.into()).clone(),
        }
    }
}

/// Items by name, in the order first named: the values in a `Vec` at the numbers of their
/// names (given back whole by [`Named::into_items`], no copy).
#[derive(Debug)]
pub(crate) struct Named<T> {
    names: Names,
    items: Vec<T>,
}

impl<T> Default for Named<T> {
    fn default() -> Self {
        Named {
            names: Names::default(),
            items: Vec::new(),
        }
    }
}

impl<T> Named<T> {
    /// The item called `name`, created with the default value if new.
    pub fn entry(&mut self, name: &str) -> &mut T
    where
        T: Default,
    {
        let i = self.index_of(name);
        &mut self.items[i]
    }

    pub fn get(&self, name: &str) -> Option<&T> {
        self.names.find(name).map(|i| &self.items[i])
    }

    /// The position of the item called `name` (created with the default value if new), for
    /// references that name it by number instead of by a copy of its name.
    pub fn position(&mut self, name: &str) -> u32
    where
        T: Default,
    {
        u32::try_from(self.index_of(name)).expect("fewer than 2^32 named items")
    }

    fn index_of(&mut self, name: &str) -> usize
    where
        T: Default,
    {
        if let Some(i) = self.names.find(name) {
            return i;
        }
        self.items.push(T::default());
        self.names.push(name)
    }

    /// Every item, in the order first named.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.items.iter_mut()
    }

    /// The items without their names, for when every reference to them is by position:
    /// the names are freed.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }
}

/// Push and return the position, growing the capacity 1, 2, 4 … rather than `Vec`'s first
/// step of four: per-policy and per-group lists usually hold one or two items, and a large
/// configuration has thousands of them (at 20,000 Junos sessions the unused slots cost 10 MB
/// of peak RSS).
pub(crate) fn push_compact<T>(v: &mut Vec<T>, item: T) -> usize {
    if v.len() == v.capacity() {
        v.reserve_exact(v.len().max(1));
    }
    v.push(item);
    v.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_table_inserts_once_and_finds_again() {
        let mut ix = NameTable::default();
        let known = |ix: &mut NameTable, name: &str| ix.get_or_insert_with(name, || usize::MAX);
        assert_eq!(ix.peek("a"), None);
        assert_eq!(ix.get_or_insert_with("a", || 0), 0);
        assert_eq!(ix.get_or_insert_with("b", || 1), 1);
        assert_eq!(known(&mut ix, "b"), 1);
        assert_eq!(known(&mut ix, "a"), 0);
        assert_eq!(ix.peek("ab"), None);
        assert_eq!((ix.peek("a"), ix.peek("b")), (Some(0), Some(1)));
        assert_eq!(ix.get_or_insert_with("c", || 2), 2);
        assert_eq!(ix.get_or_insert_with("c", || 99), 2);
    }

    #[test]
    fn named_items_keep_their_first_position() {
        let mut n: Named<u32> = Named::default();
        *n.entry("x") += 1;
        *n.entry("y") += 10;
        *n.entry("x") += 1;
        assert_eq!(
            (n.position("y"), n.position("x"), n.position("z")),
            (1, 0, 2)
        );
        assert_eq!((n.get("x"), n.get("w")), (Some(&2), None));
        assert_eq!(n.into_items(), vec![2, 10, 0]);
    }

    #[test]
    fn names_are_found_after_the_table_grows() {
        let mut ix = NameTable::default();
        let names: Vec<String> = (0..5000).map(|i| format!("xe-0/0/{}.{i}", i % 7)).collect();
        for (i, n) in names.iter().enumerate() {
            assert_eq!(ix.get_or_insert_with(n, || i * 2), i * 2);
        }
        for (i, n) in names.iter().enumerate() {
            assert_eq!(ix.peek(n), Some(i * 2), "{n}");
        }
        assert_eq!(ix.peek("xe-0/0/0"), None);
        assert_eq!(ix.peek(""), None);
        assert_eq!(ix.get_or_insert_with("", || 7), 7);
        assert_eq!(ix.peek(""), Some(7));
    }

    #[test]
    fn push_compact_returns_positions_and_doubles_from_one() {
        let mut v: Vec<u64> = Vec::new();
        let mut caps = Vec::new();
        for i in 0..9u64 {
            assert_eq!(push_compact(&mut v, i), i as usize);
            caps.push(v.capacity());
        }
        assert_eq!(v, (0..9).collect::<Vec<_>>());
        assert_eq!(caps, [1, 2, 4, 4, 8, 8, 8, 8, 16]);
    }

    #[test]
    fn asn_forms() {
        assert_eq!(parse_asn("65000"), Some(65000));
        assert_eq!(parse_asn("1.10"), Some(65546));
        assert_eq!(parse_asn("64086.59904"), Some(4200000000));
        assert_eq!(parse_asn("4294967295"), Some(4294967295));
        assert_eq!(parse_asn("4294967296"), None);
        assert_eq!(parse_asn("0"), None);
        assert_eq!(parse_asn("abc"), None);
        assert_eq!(parse_asn("-1"), None);
        assert_eq!(parse_asn("65536.1"), None);
    }

    #[test]
    fn fast_ipv4_prefixes_read_as_the_general_parser_does() {
        for s in [
            "10.128.0.2/30",
            "0.0.0.0/0",
            "255.255.255.255/32",
            "172.16.0.16/28",
            "1.2.3.4/9",
        ] {
            assert_eq!(parse_ipv4_net_fast(s), s.parse::<Ipv4Net>().ok(), "{s}");
            assert!(parse_ipv4_net_fast(s).is_some(), "{s}");
        }
        // Not canonical or not IPv4 with a length: left to the general parser.
        for s in [
            "10.0.0.1",
            "010.0.0.1/8",
            "10.0.0.1/033",
            "10.0.0.1/33",
            "256.0.0.1/8",
            "1.2.3/8",
            "1.2.3.4/",
            "1.2.3.4/3a",
            "2001:db8::/32",
            "1.2.3.4/8 ",
            "",
            "1.2.3.4.5/8",
        ] {
            assert_eq!(parse_ipv4_net_fast(s), None, "{s}");
        }
    }

    #[test]
    fn masks() {
        assert_eq!(mask_to_len("255.255.255.252"), Some(30));
        assert_eq!(mask_to_len("255.255.255.255"), Some(32));
        assert_eq!(mask_to_len("0.0.0.0"), Some(0));
        assert_eq!(mask_to_len("255.0.255.0"), None);
        assert_eq!(wildcard_to_len("0.0.0.3"), Some(30));
        assert_eq!(
            parse_addr_mask("169.254.1.2", Some("255.255.255.252")).map(|n| n.to_string()),
            Some("169.254.1.2/30".into())
        );
        assert_eq!(
            parse_addr_mask("2001:db8::6/125", None).map(|n| n.to_string()),
            Some("2001:db8::6/125".into())
        );
    }
}

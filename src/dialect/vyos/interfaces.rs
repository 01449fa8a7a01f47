//! `interfaces <type> <name> [vif N | vif-s S [vif-c C]] <attribute> …`
//!
//! * `vif N` (802.1Q) → `eth1.101`, parent `eth1`, VLAN {outer 101}.
//! * `vif-s S` (802.1ad by default) → `eth1.200`, VLAN {outer 200}; `vif-c C` below it →
//!   `eth1.200.201`, parent `eth1.200`, VLAN {outer 200, inner 201}.
//! * `address` (IPv4/IPv6 with prefix; `dhcp`/`dhcpv6` ignored), `mtu`, `disable`, `vrf`,
//!   `description`, `ip adjust-mss`, and for `tunnel` interfaces `source-address`/`remote`
//!   (1.2: `local-ip`/`remote-ip`).

use super::{looks_like_ip, parse_digits, parse_prefix, Cx, LastKey};
use crate::dialect::common::SharedName;
use crate::dialect::name_index::NameIndex;
use crate::model::{Interface, InterfaceAddress, Tunnel, VlanTags};
use crate::source::{Span, Spanned};
use crate::syntax::path::{PathStatement, Word};
use std::collections::HashSet;
use std::net::IpAddr;

/// `n` in decimal, without the formatting machinery (one per VLAN interface).
fn push_decimal(s: &mut String, n: u16) {
    let mut digits = [0u8; 5];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        s.push(char::from(d));
    }
}

/// VyOS's MTU when none is configured (`defaultValue` of `mtu-68-16000.xml.i`).
pub(super) const DEFAULT_MTU: u32 = 1500;

#[derive(Default)]
pub(super) struct Interfaces {
    list: Vec<Interface>,
    /// Positions in `list` by name (the names are the interfaces' own).
    index: NameIndex,
    /// A VLAN interface's name while it is looked up (no allocation unless it is new).
    scratch: String,
    /// Bad VLAN ids already reported (`eth1 vif 5000`): once each, not once per line.
    bad_vlans: HashSet<String>,
    /// Beside each interface, its parent's position (found without its name).
    parents: Vec<Option<usize>>,
    /// The interface the previous statement was about, and the previous physical one.
    last: LastKey<usize>,
    last_base: LastKey<usize>,
    /// The parent of the latest vif, shared by its siblings.
    parent_name: SharedName,
}

impl Interfaces {
    /// One `interfaces …` statement. Returns whether it was understood.
    pub(super) fn statement(&mut self, cx: &mut Cx, st: &PathStatement) -> bool {
        let Some(name) = st.words.get(2) else {
            return st.words.len() >= 2;
        };
        let kind = st.word(1).unwrap_or("");
        let w = &st.words;
        let attr_at = match (st.word(3), st.word(5)) {
            (Some("vif"), _) => 5,
            (Some("vif-s"), Some("vif-c")) => 7,
            (Some("vif-s"), _) => 5,
            _ => 3,
        };
        let key = &w[..attr_at.min(w.len())];
        let idx = match self.last.get(cx.text, key) {
            Some(idx) => idx,
            None => {
                let Some(idx) = self.resolve(cx, st, name) else {
                    return true;
                };
                self.last.set(cx.text, key, idx);
                idx
            }
        };
        match w.get(attr_at) {
            None => true, // the node itself (`set interfaces ethernet eth1 vif 101`)
            Some(attr) => {
                self.attribute(cx, idx, kind, attr, w.get(attr_at + 1..).unwrap_or(&[]), st)
            }
        }
    }

    /// The interface a statement is about (created with its parents), or `None` when its
    /// VLAN id is malformed (reported).
    fn resolve(&mut self, cx: &mut Cx, st: &PathStatement, name: &Word) -> Option<usize> {
        let base = match self.last_base.get(cx.text, &st.words[..3]) {
            Some(base) => base,
            None => {
                let base = self.get_or_create(&name.text, cx, name.span.start(), None, None);
                self.last_base.set(cx.text, &st.words[..3], base);
                base
            }
        };
        let w = &st.words;
        let vlan_line = |i: usize| w.get(i).map_or(st.span.start(), |x| x.span.start());
        match st.word(3) {
            Some("vif") => {
                let vid = self.vlan_id(cx, w.get(4), "vif", st)?;
                let vname = self.vlan_name(&name.text, vid, None);
                let tags = VlanTags {
                    outer: vid,
                    inner: None,
                };
                let i = self.get_or_create(&vname, cx, vlan_line(4), Some(base), Some(tags));
                self.scratch = vname;
                Some(i)
            }
            Some("vif-s") => {
                let s = self.vlan_id(cx, w.get(4), "vif-s", st)?;
                let sname = self.vlan_name(&name.text, s, None);
                let stags = VlanTags {
                    outer: s,
                    inner: None,
                };
                let sidx = self.get_or_create(&sname, cx, vlan_line(4), Some(base), Some(stags));
                self.scratch = sname;
                if st.word(5) != Some("vif-c") {
                    return Some(sidx);
                }
                let c = self.vlan_id(cx, w.get(6), "vif-c", st)?;
                let cname = self.vlan_name(&name.text, s, Some(c));
                let ctags = VlanTags {
                    outer: s,
                    inner: Some(c),
                };
                let i = self.get_or_create(&cname, cx, vlan_line(6), Some(sidx), Some(ctags));
                self.scratch = cname;
                Some(i)
            }
            _ => Some(base),
        }
    }

    /// VLAN ids: VyOS accepts 0-4094.
    fn vlan_id(
        &mut self,
        cx: &mut Cx,
        w: Option<&Word>,
        what: &str,
        st: &PathStatement,
    ) -> Option<u16> {
        let Some(w) = w else {
            cx.problem(st.span, format!("`{what}` without a VLAN id"));
            return None;
        };
        match parse_digits(&w.text) {
            Some(v) if v <= 4094 => Some(v as u16),
            _ => {
                let parent = st.word(2).unwrap_or("");
                if !self.bad_vlans.insert(format!("{parent} {what} {}", w.text)) {
                    return None;
                }
                cx.problem(
                    cx.line_of(w.span.start()),
                    format!("`{what} {}`: not a VLAN id (VyOS accepts 0-4094)", w.text),
                );
                None
            }
        }
    }

    /// `parent.outer[.inner]`, written into the scratch buffer (taken: the caller puts it
    /// back once the name is looked up).
    fn vlan_name(&mut self, parent: &str, outer: u16, inner: Option<u16>) -> String {
        let mut s = std::mem::take(&mut self.scratch);
        s.clear();
        s.push_str(parent);
        for id in std::iter::once(outer).chain(inner) {
            s.push('.');
            push_decimal(&mut s, id);
        }
        s
    }

    /// The interface called `name`, created if new with the line at `at` as its span.
    fn get_or_create(
        &mut self,
        name: &str,
        cx: &Cx,
        at: usize,
        parent: Option<usize>,
        vlan: Option<VlanTags>,
    ) -> usize {
        let key = self.index.key(name);
        if let Some(i) = self
            .index
            .candidates(key)
            .find(|&i| self.list[i].name == name)
        {
            return i;
        }
        let span = cx.line_of(at);
        let mut iface = Interface::new(name, span);
        iface.parent = parent.map(|p| self.parent_name.get(&self.list[p].name));
        iface.vlan = vlan.map(|v| Spanned::new(v, span));
        self.list.push(iface);
        self.parents.push(parent);
        self.index.push(key);
        self.list.len() - 1
    }

    fn attribute(
        &mut self,
        cx: &mut Cx,
        idx: usize,
        kind: &str,
        attr: &Word,
        args: &[Word],
        st: &PathStatement,
    ) -> bool {
        let value = args.first().map(|w| w.text.as_str());
        let Some(iface) = self.list.get_mut(idx) else {
            return false;
        };
        match (attr.text.as_str(), value) {
            ("address", Some(v)) => {
                if matches!(v, "dhcp" | "dhcpv6") {
                    return true;
                }
                match parse_prefix(v) {
                    Some(net) => {
                        if !iface.addresses.iter().any(|a| a.net == net) {
                            iface.addresses.push(InterfaceAddress {
                                net,
                                span: st.span,
                                secondary: !iface.addresses.is_empty(),
                            });
                        }
                    }
                    None => cx.problem(
                        st.span,
                        format!(
                            "`address {v}` on {}: not an address with prefix length (e.g. 169.254.100.2/30)",
                            iface.name
                        ),
                    ),
                }
                true
            }
            ("mtu", Some(v)) => {
                match parse_digits(v) {
                    Some(m) if (68..=16000).contains(&m) => {
                        iface.mtu = Some(Spanned::new(m, st.span))
                    }
                    _ => cx.problem(
                        st.span,
                        format!("`mtu {v}` on {}: VyOS accepts 68-16000", iface.name),
                    ),
                }
                true
            }
            ("disable", _) => {
                iface.disabled.get_or_insert(st.span);
                true
            }
            ("vrf", Some(v)) => {
                iface.vrf = Some(v.to_string());
                true
            }
            ("description", Some(v)) => {
                iface.description = Some(v.to_string());
                true
            }
            ("ip", Some("adjust-mss")) => {
                if let Some(m) = args.get(1).and_then(|w| parse_digits(&w.text)) {
                    iface.tcp_mss = Some(Spanned::new(m, st.span));
                }
                true
            }
            ("remote" | "remote-ip", Some(v)) if kind == "tunnel" => {
                match v.parse::<IpAddr>() {
                    Ok(ip) => {
                        iface
                            .tunnel
                            .get_or_insert_with(|| Box::new(Tunnel::default()))
                            .destination = Some(Spanned::new(ip, st.span))
                    }
                    Err(_) if looks_like_ip(v) => cx.problem(
                        st.span,
                        format!("`{} {v}` on {}: not an IP address", attr.text, iface.name),
                    ),
                    Err(_) => {}
                }
                true
            }
            ("source-address" | "local-ip" | "source-interface", Some(v)) if kind == "tunnel" => {
                iface
                    .tunnel
                    .get_or_insert_with(|| Box::new(Tunnel::default()))
                    .source = Some(Spanned::new(v.to_string(), st.span));
                true
            }
            _ => false,
        }
    }

    /// Check VLAN MTUs against their parents, give VLANs VyOS's default MTU, and let a
    /// disabled ancestor disable its descendants.
    pub(super) fn finish(self, cx: &mut Cx) -> Vec<Interface> {
        let Interfaces {
            mut list, parents, ..
        } = self;
        // The doubling's spare room goes back before the BGP neighbors are resolved.
        list.shrink_to_fit();
        // One pass (parents come before their VLANs): a large list is read from memory once,
        // not once per check.
        for i in 0..list.len() {
            let parent = parents[i];
            if let (Some(p), Some(own)) = (parent, list[i].mtu.as_ref()) {
                // The parent's own MTU, or VyOS's default (what a VLAN parent without one has
                // been given just before).
                let pm = list[p].mtu.as_ref().map_or(DEFAULT_MTU, |m| m.value);
                if own.value > pm {
                    cx.problem(
                        own.span,
                        format!(
                            "MTU {} on {} exceeds its parent {}'s MTU {}; VyOS refuses to commit \
                             this (\"Interface MTU too high, parent interface MTU is {}\")",
                            own.value, list[i].name, list[p].name, pm, pm
                        ),
                    );
                }
            }
            let iface = &mut list[i];
            if iface.vlan.is_some() && iface.mtu.is_none() {
                iface.mtu = Some(Spanned::new(DEFAULT_MTU, Span::new(iface.span.start(), 0)));
            }
            // vif-c under a disabled ethernet: the model's own lookup covers one level only.
            if iface.disabled.is_some() {
                continue;
            }
            let mut cur = parent;
            let mut hops = 0;
            while let Some(pi) = cur {
                if let Some(d) = list[pi].disabled {
                    if hops > 0 {
                        list[i].disabled = Some(d);
                    }
                    break;
                }
                cur = parents[pi];
                hops += 1;
                if hops > 4 {
                    break;
                }
            }
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vlan_names_are_written_in_decimal() {
        let mut ifs = Interfaces::default();
        assert_eq!(ifs.vlan_name("eth1", 0, None), "eth1.0");
        assert_eq!(ifs.vlan_name("eth1", 4094, Some(10)), "eth1.4094.10");
        let mut s = String::new();
        push_decimal(&mut s, u16::MAX);
        assert_eq!(s, "65535");
    }
}

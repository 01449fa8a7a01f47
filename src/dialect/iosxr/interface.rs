//! IOS-XR `interface` blocks. XR's `mtu` is the L2 MTU: it counts the 14-byte Ethernet
//! header, and a sub-interface's counts its 4-byte tags too (default: the parent's plus 4
//! per tag, never more than that). The L3 MTU the model holds is that minus the header
//! and tags, lowered by `ipv4 mtu` when set. The encapsulation often comes after the
//! address, so MTUs are normalised once every interface is read.

use super::Context;
use crate::dialect::cisco::tokens::Line;
use crate::dialect::common::{parse_addr_mask, parse_u32_digits, SharedName};
use crate::dialect::name_index::NameIndex;
use crate::model::{Interface, InterfaceAddress, RouterModel, VlanTags};
use crate::source::Spanned;

/// Ethernet header XR counts in `mtu` (destination, source, EtherType).
pub(crate) const L2_HEADER: u32 = 14;
/// One 802.1Q / 802.1ad tag.
pub(crate) const TAG: u32 = 4;
/// XR's default L2 MTU on Ethernet (an L3 MTU of 1500).
const DEFAULT_L2: u32 = 1514;

/// An interface's `mtu` (L2) and `ipv4 mtu` lines.
type MtuLines = (Option<Spanned<u32>>, Option<Spanned<u32>>);

/// Interfaces by name and the MTU lines to normalise at the end.
#[derive(Default)]
pub(crate) struct Builder {
    /// Positions in `model.interfaces` by name.
    by_name: NameIndex,
    /// Per interface (same positions as `model.interfaces`): `mtu` and `ipv4 mtu`.
    mtus: Vec<MtuLines>,
    parent: SharedName,
}

pub(super) fn read(cx: &mut Context, header: &Line) {
    // `interface preconfigure NAME` configures a card not yet inserted: same block.
    let at = if header.word(1) == "preconfigure" {
        2
    } else {
        1
    };
    let name = header.word(at);
    if name.is_empty() {
        cx.problem(header.span, "`interface` without a name");
        return;
    }
    let key = cx.ifaces.by_name.key(name);
    let all = &cx.model.interfaces;
    let found = cx
        .ifaces
        .by_name
        .candidates(key)
        .find(|&i| all[i].name == name);
    let pos = match found {
        Some(i) => i,
        None => {
            let mut iface = Interface::new(name, header.span);
            if let Some((parent, _)) = name.split_once('.') {
                iface.parent = Some(cx.ifaces.parent.get(parent));
            }
            cx.model.interfaces.push(iface);
            cx.ifaces.mtus.push((None, None));
            cx.ifaces.by_name.push(key);
            cx.model.interfaces.len() - 1
        }
    };
    let mut children = cx.tree.child_cursor(0);
    while let Some(child) = children.next(&cx.tree) {
        let l = cx.line(child);
        read_line(cx, pos, &l);
    }
}

fn read_line(cx: &mut Context, pos: usize, l: &Line) {
    let span = l.span;
    match (l.word(0), l.word(1)) {
        ("ipv4", "address") => read_ipv4(cx, pos, l),
        ("ipv6", "address") => {
            let w = l.word(2);
            if l.word(3) == "link-local" || w == "autoconfig" || w == "dhcp" {
                return;
            }
            match super::prefix(w) {
                Some(net) if net.addr().is_ipv6() => {
                    cx.model.interfaces[pos].addresses.push(InterfaceAddress {
                        net,
                        span,
                        secondary: false,
                    })
                }
                _ => cx.problem(span, format!("`{}`: expected an IPv6 prefix", l.text)),
            }
        }
        ("mtu", v) => match parse_u32_digits(v) {
            Some(n) if (64..=65535).contains(&n) => {
                cx.ifaces.mtus[pos].0 = Some(Spanned::new(n, span))
            }
            _ => cx.problem(span, format!("`mtu {v}`: expected a number of bytes")),
        },
        ("ipv4", "mtu") => match parse_u32_digits(l.word(2)) {
            Some(n) if (68..=65535).contains(&n) => {
                cx.ifaces.mtus[pos].1 = Some(Spanned::new(n, span))
            }
            _ => cx.problem(span, "`ipv4 mtu`: expected a number of bytes"),
        },
        ("encapsulation", "dot1q") => read_tags(cx, pos, l, 2, "second-dot1q"),
        // `encapsulation dot1ad 100 dot1q 200`: an S-tag and a C-tag.
        ("encapsulation", "dot1ad") => read_tags(cx, pos, l, 2, "dot1q"),
        // Before XR 4.x: `dot1q vlan 101 [201]`.
        ("dot1q", "vlan") => read_tags(cx, pos, l, 2, ""),
        ("shutdown", _) => cx.model.interfaces[pos].disabled = Some(span),
        ("no", "shutdown") => cx.model.interfaces[pos].disabled = None,
        ("vrf", name) if !name.is_empty() => cx.model.interfaces[pos].vrf = Some(name.into()),
        ("description", _) => cx.model.interfaces[pos].description = Some(l.rest(1).to_string()),
        _ => cx.model.stats.skip(l.span),
    }
}

fn vlan_id(s: &str) -> Option<u16> {
    parse_u32_digits(s)
        .filter(|n| (1..=4094).contains(n))
        .map(|n| n as u16)
}

/// `… <outer> [<inner_kw> <inner>]` (`second-dot1q any` and ranges: no single inner tag).
fn read_tags(cx: &mut Context, pos: usize, l: &Line, at: usize, inner_kw: &str) {
    let outer = l.word(at);
    let Some(outer_n) = vlan_id(outer) else {
        // `encapsulation dot1q 100-200` and lists only belong on L2 (l2transport) ports.
        if !(outer.contains('-') || outer.contains(',') || outer == "any") {
            cx.problem(
                l.span,
                format!("`{}`: expected a VLAN ID 1-4094, found `{outer}`", l.text),
            );
        }
        return;
    };
    let inner_word = if inner_kw.is_empty() {
        l.word(at + 1)
    } else {
        l.find(inner_kw, at + 1).map_or("", |p| l.word(p + 1))
    };
    let inner = vlan_id(inner_word);
    if inner.is_none() && !inner_word.is_empty() && inner_word != "any" && !inner_word.contains('-')
    {
        cx.problem(
            l.span,
            format!("`{}`: expected an inner VLAN ID 1-4094", l.text),
        );
    }
    cx.model.interfaces[pos].vlan = Some(Spanned::new(
        VlanTags {
            outer: outer_n,
            inner,
        },
        l.span,
    ));
}

fn read_ipv4(cx: &mut Context, pos: usize, l: &Line) {
    let a = l.word(2);
    if matches!(a, "dhcp" | "") {
        return;
    }
    let (net, next) = if a.contains('/') {
        (super::prefix(a), 3)
    } else {
        (parse_addr_mask(a, Some(l.word(3))), 4)
    };
    match net {
        Some(net) if net.addr().is_ipv4() => {
            let secondary = l.word(next) == "secondary";
            let iface = &mut cx.model.interfaces[pos];
            if !secondary {
                iface
                    .addresses
                    .retain(|x| x.secondary || x.net.addr().is_ipv6());
            }
            // Most interfaces have one address: room for one, not the four of a first push.
            iface.addresses.reserve_exact(1);
            iface.addresses.push(InterfaceAddress {
                net,
                span: l.span,
                secondary,
            });
        }
        _ => cx.problem(
            l.span,
            format!(
                "`{}`: expected `ipv4 address A.B.C.D M.M.M.M` or A.B.C.D/len",
                l.text
            ),
        ),
    }
}

/// Tags an interface's frames carry (0, 1 or 2).
pub(crate) fn tag_count(iface: &Interface) -> u32 {
    match &iface.vlan {
        None => 0,
        Some(v) if v.value.inner.is_some() => 2,
        Some(_) => 1,
    }
}

impl Builder {
    /// Turn XR's L2 `mtu` (and `ipv4 mtu`) into the model's L3 MTU, each interface bounded
    /// by its parent's.
    pub(super) fn finish(self, model: &mut RouterModel) {
        // Grown one interface at a time: give back the slack before BGP's larger
        // structures are built.
        model.interfaces.shrink_to_fit();
        let names: Vec<&str> = model.interfaces.iter().map(|i| i.name.as_str()).collect();
        let parent_l2: Vec<Option<Spanned<u32>>> = model
            .interfaces
            .iter()
            .map(|i| {
                let p = i.parent.as_deref()?;
                let at = self
                    .by_name
                    .candidates(self.by_name.key(p))
                    .find(|&i| names[i] == p)?;
                self.mtus[at].0.clone()
            })
            .collect();
        for ((iface, (mtu, ip_mtu)), parent) in
            model.interfaces.iter_mut().zip(self.mtus).zip(parent_l2)
        {
            let tags = tag_count(iface) * TAG;
            // The parent's L2 MTU plus the tags bounds (and by default is) the sub-interface's.
            let ceiling = parent.as_ref().map(|p| (p.value + tags, p.span));
            let own = mtu.map(|m| (m.value, m.span));
            let l2 = match (own, ceiling) {
                (Some(o), Some(c)) if c.0 < o.0 => Some(c),
                (Some(o), _) => Some(o),
                (None, c) => c,
            };
            let l3 = l2.map(|(v, span)| Spanned::new(v.saturating_sub(L2_HEADER + tags), span));
            iface.mtu = match (l3, ip_mtu) {
                (Some(l3), Some(ip)) if l3.value < ip.value => Some(l3),
                // `ipv4 mtu` above the default L2 MTU's room: the default wins.
                (None, Some(ip)) if ip.value > DEFAULT_L2 - L2_HEADER => {
                    Some(Spanned::new(DEFAULT_L2 - L2_HEADER, ip.span))
                }
                (_, Some(ip)) => Some(ip),
                (l3, None) => l3,
            };
        }
    }
}

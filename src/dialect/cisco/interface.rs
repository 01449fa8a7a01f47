//! `interface …` blocks: sub-interfaces, dot1Q tags, addresses, MTU, admin state, tunnels.

use super::addr::addr_mask;
use super::tokens::Line;
use super::Context;
use crate::dialect::common::{parse_u32_digits, SharedName};
use crate::dialect::name_index::NameIndex;
use crate::model::{Interface, InterfaceAddress, Tunnel, Vendor, VlanTags};
use crate::source::Spanned;

pub(crate) fn read(cx: &mut Context, idx: u32, header: &Line) {
    let name = header.word(1);
    if name.is_empty() {
        cx.problem(header.span, "`interface` without a name");
        return;
    }
    let mut iface = Interface::new(name, header.span);
    // FRR: `interface eth1.101 vrf CUST` (the kernel enslaves the interface to the VRF).
    if header.word(2) == "vrf" && !header.word(3).is_empty() {
        iface.vrf = Some(header.word(3).into());
    }
    // `GigabitEthernet0/0/1.101` is a sub-interface of `GigabitEthernet0/0/1`; the number
    // after the dot is only a name, the VLAN comes from `encapsulation`.
    if let Some((parent, _)) = name.split_once('.') {
        iface.parent = Some(cx.iface_index.parent.get(parent));
    }
    // An SVI (`interface Vlan101`) routes VLAN 101 carried by a trunk port.
    if let Some(n) = strip_prefix_ci(name, "vlan").and_then(parse_u32_digits) {
        if (1..=4094).contains(&n) {
            iface.vlan = Some(Spanned::new(
                VlanTags {
                    outer: n as u16,
                    inner: None,
                },
                header.span,
            ));
        }
    }
    // FRR configures no VLANs: the kernel does, and `ip link add link eth0 name eth0.101 type
    // vlan id 101` names the sub-interface after its VID (the iproute2/ifupdown convention).
    if cx.model.vendor == Some(Vendor::Frr) {
        if let Some(vid) = name.rsplit_once('.').and_then(|(_, v)| vlan_id(v)) {
            iface.vlan = Some(Spanned::new(
                VlanTags {
                    outer: vid,
                    inner: None,
                },
                header.span,
            ));
        }
    }
    let mut mtu: Option<Spanned<u32>> = None;
    // `no shutdown` in a later block of the same name enables an earlier one.
    let mut enabled = false;
    let mut ip_mtu: Option<Spanned<u32>> = None;
    let mut children = cx.tree.child_cursor(idx);
    while let Some(child) = children.next(&cx.tree) {
        let line = cx.line(child);
        if let Some(mut ext) = cx.ext.take() {
            let done = ext.interface_line(cx, &mut iface, &line);
            cx.ext = Some(ext);
            if done {
                continue;
            }
        }
        let (w0, w1) = (line.word(0), line.word(1));
        match (w0, w1) {
            // EOS: `encapsulation dot1q vlan 101 [inner 201]`.
            ("encapsulation", enc)
                if enc.eq_ignore_ascii_case("dot1q") && line.word(2) == "vlan" =>
            {
                read_dot1q(cx, &mut iface, &line, 3);
            }
            ("encapsulation", enc) if enc.eq_ignore_ascii_case("dot1q") => {
                read_dot1q(cx, &mut iface, &line, 2);
            }
            ("dot1q", "vlan") => read_dot1q(cx, &mut iface, &line, 2),
            ("ip", "address") => read_ipv4(cx, &mut iface, &line),
            ("ipv6", "address") => {
                let w = line.word(2);
                if line.word(3) == "link-local" || w.eq_ignore_ascii_case("autoconfig") {
                    continue;
                }
                match addr_mask(w, None) {
                    Some(net) if net.addr().is_ipv6() => push_address(
                        &mut iface,
                        InterfaceAddress {
                            net,
                            span: line.span,
                            secondary: false,
                        },
                    ),
                    _ => cx.problem(line.span, format!("`{w}` is not an IPv6 address/prefix")),
                }
            }
            ("mtu", v) => match parse_u32_digits(v) {
                Some(n) if (64..=65535).contains(&n) => mtu = Some(Spanned::new(n, line.span)),
                _ => cx.problem(line.span, format!("`mtu {v}`: expected a number of bytes")),
            },
            ("ip", "mtu") => match parse_u32_digits(line.word(2)) {
                Some(n) if (68..=65535).contains(&n) => ip_mtu = Some(Spanned::new(n, line.span)),
                _ => cx.problem(line.span, "`ip mtu`: expected a number of bytes"),
            },
            ("shutdown", _) => iface.disabled = Some(line.span),
            ("no", "shutdown") => {
                iface.disabled = None;
                enabled = true;
            }
            ("vrf", "forwarding") | ("vrf", "member") => iface.vrf = Some(line.word(2).into()),
            // EOS 4.22+: `vrf NAME`.
            ("vrf", name) if cx.model.vendor == Some(Vendor::AristaEos) && !name.is_empty() => {
                iface.vrf = Some(name.into())
            }
            ("ip", "vrf") if line.word(2) == "forwarding" => {
                iface.vrf = Some(line.word(3).into());
            }
            ("description", _) => iface.description = Some(line.rest(1).to_string()),
            ("ip", "tcp") if line.word(2) == "adjust-mss" => {
                if let Some(n) = parse_u32_digits(line.word(3)) {
                    iface.tcp_mss = Some(Spanned::new(n, line.span));
                }
            }
            ("tunnel", _) => read_tunnel(cx, &mut iface, &line),
            _ => cx.unknown(line.span),
        }
    }
    // IOS: `ip mtu` is the L3 MTU and may not exceed `mtu` (the L2 payload).
    iface.mtu = match (mtu, ip_mtu) {
        (Some(m), Some(ip)) if ip.value > m.value => Some(m),
        (_, Some(ip)) => Some(ip),
        (m, None) => m,
    };
    merge_or_push(cx, iface, enabled);
}

/// Positions in `model.interfaces` by name (interfaces are pushed only by `merge_or_push`).
#[derive(Default)]
pub(crate) struct Index {
    by_name: NameIndex,
    /// The port of the latest sub-interface, shared by its siblings.
    parent: SharedName,
}

/// Several `interface X` blocks for the same name (pasted snippets) merge into one.
fn merge_or_push(cx: &mut Context, iface: Interface, enabled: bool) {
    let index = &mut cx.iface_index.by_name;
    let all = &cx.model.interfaces;
    let key = index.key(&iface.name);
    let Some(at) = index.candidates(key).find(|&i| all[i].name == iface.name) else {
        index.push(key);
        cx.model.interfaces.push(iface);
        return;
    };
    let existing = &mut cx.model.interfaces[at];
    if iface.vlan.is_some() {
        existing.vlan = iface.vlan;
        existing.native_vlan = iface.native_vlan;
    }
    // A primary IPv4 address replaces the earlier one, as on the router.
    if iface
        .addresses
        .iter()
        .any(|a| !a.secondary && a.net.addr().is_ipv4())
    {
        existing
            .addresses
            .retain(|x| x.secondary || x.net.addr().is_ipv6());
    }
    existing.addresses.extend(iface.addresses);
    if enabled {
        existing.disabled = None;
    }
    if iface.mtu.is_some() {
        existing.mtu = iface.mtu;
    }
    if iface.disabled.is_some() {
        existing.disabled = iface.disabled;
    }
    if iface.vrf.is_some() {
        existing.vrf = iface.vrf;
    }
    if iface.tunnel.is_some() {
        existing.tunnel = iface.tunnel;
    }
    if iface.tcp_mss.is_some() {
        existing.tcp_mss = iface.tcp_mss;
    }
}

fn read_dot1q(cx: &mut Context, iface: &mut Interface, line: &super::tokens::Line, at: usize) {
    let outer = line.word(at);
    let Some(outer_n) = vlan_id(outer) else {
        cx.problem(
            line.span,
            format!(
                "`{}`: expected a VLAN ID 1-4094, found `{outer}`",
                line.text
            ),
        );
        return;
    };
    let mut inner = None;
    if let Some(pos) = line
        .find("second-dot1q", at)
        .or_else(|| line.find("inner", at))
    {
        let w = line.word(pos + 1);
        match vlan_id(w) {
            Some(n) => inner = Some(n),
            None if w == "any" || w.contains('-') || w.contains(',') => {}
            None => {
                cx.problem(
                    line.span,
                    format!("`second-dot1q {w}`: expected a VLAN ID 1-4094"),
                );
            }
        }
    } else if at == 2 && line.word(1) == "vlan" && !line.word(3).is_empty() {
        inner = vlan_id(line.word(3));
    }
    iface.vlan = Some(Spanned::new(
        VlanTags {
            outer: outer_n,
            inner,
        },
        line.span,
    ));
    // `encapsulation dot1Q N native`: VLAN N is the trunk's native VLAN, sent untagged.
    iface.native_vlan = line.find("native", at).map(|_| line.span);
}

/// Most interfaces have one address: the first does not reserve the default four.
fn push_address(iface: &mut Interface, a: InterfaceAddress) {
    if iface.addresses.capacity() == 0 {
        iface.addresses.reserve_exact(1);
    }
    iface.addresses.push(a);
}

fn vlan_id(s: &str) -> Option<u16> {
    parse_u32_digits(s)
        .filter(|n| (1..=4094).contains(n))
        .map(|n| n as u16)
}

fn read_ipv4(cx: &mut Context, iface: &mut Interface, line: &super::tokens::Line) {
    let a = line.word(2);
    if matches!(a, "dhcp" | "negotiated" | "pool" | "virtual" | "") {
        return;
    }
    let (net, next) = if a.contains('/') {
        (addr_mask(a, None), 3)
    } else {
        (addr_mask(a, Some(line.word(3))), 4)
    };
    match net {
        Some(net) if net.addr().is_ipv4() => {
            let secondary = line.word(next) == "secondary";
            if !secondary {
                // A second primary `ip address` replaces the first, as on the router.
                iface.addresses.retain(|x| x.secondary || x.net.addr().is_ipv6());
            }
            push_address(
                iface,
                InterfaceAddress {
                    net,
                    span: line.span,
                    secondary,
                },
            );
        }
        _ => cx.problem(
            line.span,
            format!(
                "`{}`: expected `ip address A.B.C.D M.M.M.M` with a contiguous mask, or A.B.C.D/len",
                line.text
            ),
        ),
    }
}

fn read_tunnel(cx: &mut Context, iface: &mut Interface, line: &super::tokens::Line) {
    let t = iface
        .tunnel
        .get_or_insert_with(|| Box::new(Tunnel::default()));
    match line.word(1) {
        // ASA: `tunnel source interface NAMEIF`.
        "source" if line.word(2) == "interface" && !line.word(3).is_empty() => {
            t.source = Some(Spanned::new(line.word(3).to_string(), line.span))
        }
        "source" => t.source = Some(Spanned::new(line.word(2).to_string(), line.span)),
        "destination" => match line.word(2).parse() {
            Ok(ip) => t.destination = Some(Spanned::new(ip, line.span)),
            Err(_) => cx.problem(line.span, "`tunnel destination`: expected an IP address"),
        },
        // `tunnel protection ipsec profile NAME [shared]`: the name follows `profile`.
        "protection" => {
            let at = line
                .find("profile", 2)
                .map_or(line.len().saturating_sub(1), |i| i + 1);
            let name = line.word(at);
            if name.is_empty() {
                cx.problem(
                    line.span,
                    "`tunnel protection`: expected `ipsec profile NAME`",
                );
            } else {
                t.protection = Some(Spanned::new(name.to_string(), line.span));
            }
        }
        "mode" => t.mode = Some(Spanned::new(line.rest(2).to_string(), line.span)),
        _ => cx.unknown(line.span),
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    if s.len() > prefix.len() && s.is_char_boundary(prefix.len()) {
        let (head, tail) = s.split_at(prefix.len());
        head.eq_ignore_ascii_case(prefix).then_some(tail)
    } else {
        None
    }
}

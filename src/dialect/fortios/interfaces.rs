//! `config system interface`: addresses, VLANs (`set vlanid` on `set interface PARENT`),
//! MTU (`set mtu-override enable` + `set mtu`), `set tcp-mss`, `set status down`, and IPsec
//! tunnel interfaces (`set type tunnel`, `set ip A 255.255.255.255`, `set remote-ip B [M]`).

use super::ipsec::Vpn;
use super::{addr_mask, Cx};
use crate::dialect::common::parse_u32_digits;
use crate::model::{Interface, InterfaceAddress, Tunnel, VlanTags};
use crate::source::Spanned;
use crate::syntax::config_edit::Node;
use ipnet::IpNet;
use std::net::IpAddr;

pub(super) fn read(cx: &mut Cx, section: &Node) {
    for e in section.edits() {
        let name = e.word(0);
        if name.is_empty() {
            cx.problem(e.span, "`edit` without an interface name");
            continue;
        }
        let mut i = Interface::new(name, e.span);
        let mut remote: Option<(IpAddr, Option<u8>)> = None;
        let mut mtu = None;
        let mut override_off = false;
        let mut tunnel = false;
        for s in e.sets() {
            match s.word(0) {
                "ip" => match addr_mask(s, 1) {
                    Some(net) if !net.addr().is_unspecified() => {
                        i.addresses.push(InterfaceAddress {
                            net,
                            span: s.span,
                            secondary: false,
                        })
                    }
                    Some(_) => {}
                    None => cx.problem(
                        s.span,
                        format!("`set ip {}`: expected A.B.C.D M.M.M.M", s.word(1)),
                    ),
                },
                "remote-ip" => {
                    if let Ok(ip) = s.word(1).parse::<IpAddr>() {
                        let len = (!s.word(2).is_empty())
                            .then(|| crate::dialect::common::mask_to_len(s.word(2)))
                            .flatten();
                        remote = Some((ip, len));
                    }
                }
                "type" => tunnel = s.word(1) == "tunnel",
                "interface" => i.parent = Some(std::sync::Arc::from(s.word(1))),
                "vlanid" => match parse_u32_digits(s.word(1)).filter(|n| (1..=4094).contains(n)) {
                    Some(v) => {
                        i.vlan = Some(Spanned::new(
                            VlanTags {
                                outer: v as u16,
                                inner: None,
                            },
                            s.span,
                        ))
                    }
                    None => cx.problem(
                        s.span,
                        format!("`set vlanid {}`: expected 1-4094", s.word(1)),
                    ),
                },
                "mtu-override" => override_off = s.word(1) == "disable",
                "mtu" => match parse_u32_digits(s.word(1)) {
                    Some(n) => mtu = Some(Spanned::new(n, s.span)),
                    None => cx.problem(s.span, "`set mtu`: expected a number of bytes"),
                },
                "tcp-mss" => {
                    if let Some(n) = parse_u32_digits(s.word(1)).filter(|n| *n > 0) {
                        i.tcp_mss = Some(Spanned::new(n, s.span));
                    }
                }
                "status" if s.word(1) == "down" => i.disabled = Some(s.span),
                "vrf" => i.vrf = Some(s.word(1).to_string()),
                "description" | "alias" if i.description.is_none() => {
                    i.description = Some(s.word(1).to_string())
                }
                _ => {}
            }
        }
        if !override_off {
            i.mtu = mtu;
        }
        if i.vlan.is_none() {
            // A physical port's `set interface` is its aggregate/switch, not a parent.
            if !tunnel {
                i.parent = None;
            }
        }
        if tunnel {
            let t = i.tunnel.get_or_insert_with(|| Box::new(Tunnel::default()));
            t.source = i
                .parent
                .as_deref()
                .map(|p| Spanned::new(p.to_string(), e.span));
            // The parent of a tunnel is its egress port: not a VLAN parent for MTU.
            i.parent = None;
            if let (Some(a), Some((peer, len))) = (i.addresses.first_mut(), remote) {
                a.net = tunnel_net(a.net, peer, len);
            }
        }
        cx.model.interfaces.push(i);
    }
}

/// A tunnel's `/32` local address and its `remote-ip`: the block they share. An explicit
/// remote mask wins; else the /30 (or /126) both sit in, as AWS's inside blocks are.
fn tunnel_net(local: IpNet, remote: IpAddr, remote_len: Option<u8>) -> IpNet {
    let host = local.prefix_len() == local.max_prefix_len();
    if !host {
        return local;
    }
    let want = remote_len
        .filter(|l| *l < local.max_prefix_len())
        .unwrap_or(if local.addr().is_ipv4() { 30 } else { 126 });
    match IpNet::new(local.addr(), want) {
        Ok(n) if n.contains(&remote) => n,
        _ => local,
    }
}

/// Each phase1-interface is a tunnel interface of the same name: give it its peer.
pub(super) fn bind_tunnels(cx: &mut Cx, vpn: &Vpn) {
    for p in &vpn.phase1 {
        let at = cx.model.interfaces.iter().position(|i| i.name == p.name);
        let i = match at {
            Some(i) => &mut cx.model.interfaces[i],
            None => {
                // Not listed under `config system interface`: FortiOS creates it anyway.
                cx.model
                    .interfaces
                    .push(Interface::new(p.name.clone(), p.span));
                cx.model.interfaces.last_mut().expect("just pushed")
            }
        };
        let t = i.tunnel.get_or_insert_with(|| Box::new(Tunnel::default()));
        t.destination = p.remote_gw.clone();
        t.protection = Some(Spanned::new(p.name.clone(), p.span));
        if t.source.is_none() {
            t.source = p.interface.clone();
        }
    }
}

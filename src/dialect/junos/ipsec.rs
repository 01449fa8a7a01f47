//! `security ike` / `security ipsec` (route-based Site-to-Site VPN on SRX and vSRX).
//!
//! An IKE gateway becomes an [`IkePeer`] (its `address`, `version`, dead-peer-detection, the
//! pre-shared key and proposals of its `ike-policy`); the `ipsec vpn` that names the gateway
//! adds its IPsec proposals and `bind-interface`, and that `st0.N` unit gets a [`Tunnel`]
//! (source: the gateway's `local-address`, else its `external-interface`; destination: the
//! gateway address; its TCP MSS clamp: `security flow tcp-mss ipsec-vpn mss`, unless the
//! unit has its own `family inet tcp-mss`). Algorithm names are normalised by
//! [`crate::dialect::ipsec_names`] (`aes-128-cbc` → `aes128`, `hmac-sha1-96` → `sha1`); DH
//! groups are numbers. Without `version`, Junos speaks IKEv1 only: that
//! default is recorded with an empty span.

use super::{parse_u32, Cx, Stmt};
use crate::dialect::ipsec_names as names;
use crate::dialect::secret::decode_junos9;
use crate::model::{IkePeer, IkeProposal, IpsecProposal, Password, RouterModel, Tunnel};
use crate::secret::Secret;
use crate::source::{Span, Spanned};
use std::net::IpAddr;

#[derive(Default)]
struct Proposal {
    span: Span,
    encryption: Vec<String>,
    integrity: Vec<String>,
    dh_groups: Vec<u32>,
    lifetime: Option<Spanned<u32>>,
}

#[derive(Default)]
struct Policy {
    proposals: Vec<String>,
    psk: Option<Spanned<Password>>,
    pfs: Option<u32>,
}

#[derive(Default)]
struct Gateway {
    span: Span,
    address: Option<Spanned<IpAddr>>,
    ike_policy: Option<String>,
    version: Option<Spanned<u8>>,
    external_interface: Option<Spanned<String>>,
    local_address: Option<Spanned<String>>,
    dpd: Option<Spanned<u32>>,
}

#[derive(Default)]
struct Vpn {
    span: Span,
    bind: Option<String>,
    gateway: Option<String>,
    ipsec_policy: Option<String>,
}

#[derive(Default)]
pub(crate) struct Builder {
    ike_proposals: Vec<(String, Proposal)>,
    ipsec_proposals: Vec<(String, Proposal)>,
    ike_policies: Vec<(String, Policy)>,
    ipsec_policies: Vec<(String, Policy)>,
    gateways: Vec<(String, Gateway)>,
    vpns: Vec<(String, Vpn)>,
    /// `security flow tcp-mss ipsec-vpn mss N`: the MSS clamp of every route-based tunnel.
    vpn_mss: Option<Spanned<u32>>,
}

/// `security flow tcp-mss ipsec-vpn mss N`.
pub(crate) fn flow(cx: &mut Cx, s: &Stmt) -> bool {
    if s.w(2) == Some("tcp-mss") && s.w(3) == Some("ipsec-vpn") && s.w(4) == Some("mss") {
        if s.inactive.is_none() {
            if let Some(n) = s.w(5).and_then(parse_u32) {
                cx.ipsec.vpn_mss = Some(Spanned::new(n, s.span()));
            }
        }
        return true;
    }
    false
}

fn entry<'a, T: Default>(list: &'a mut Vec<(String, T)>, name: &str) -> &'a mut T {
    let i = match list.iter().position(|(n, _)| n == name) {
        Some(i) => i,
        None => {
            list.push((name.to_string(), T::default()));
            list.len() - 1
        }
    };
    &mut list[i].1
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// `group14` → 14.
fn dh_group(s: &str) -> Option<u32> {
    parse_u32(s.strip_prefix("group")?)
}

fn psk(cx: &mut Cx, kind: &str, v: &str, span: Span) -> Password {
    let plain = if v.starts_with("$9$") {
        match decode_junos9(v) {
            Some(p) => p,
            None => {
                cx.problem(
                    span,
                    "pre-shared-key starts with $9$ but is not a valid $9$ string",
                );
                return Password::Unverifiable("junos $9$ (malformed)");
            }
        }
    } else if v.starts_with("$8$") {
        return Password::Unverifiable("junos $8$");
    } else {
        v.to_string()
    };
    if kind == "hexadecimal" {
        let hex = plain.trim_start_matches("0x");
        let bytes: Option<Vec<u8>> = (0..hex.len() / 2)
            .map(|i| {
                hex.get(2 * i..2 * i + 2)
                    .and_then(|b| u8::from_str_radix(b, 16).ok())
            })
            .collect();
        return match bytes.and_then(|b| String::from_utf8(b).ok()) {
            Some(s) if hex.len() % 2 == 0 => Password::Known(Secret::new(s)),
            _ => Password::Unverifiable("junos hexadecimal pre-shared-key"),
        };
    }
    Password::Known(Secret::new(plain))
}

/// `security ike …` / `security ipsec …`.
pub(crate) fn statement(cx: &mut Cx, s: &Stmt) -> bool {
    if s.inactive.is_some() {
        return true;
    }
    let (Some(section), Some(kind), Some(name)) = (s.w(1), s.w(2), s.w(3)) else {
        return false;
    };
    let span = s.span();
    let key = s.w(4).unwrap_or("");
    let v = s.w(5).unwrap_or("");
    let b = &mut cx.ipsec;
    match (section, kind) {
        ("ike", "proposal") | ("ipsec", "proposal") => {
            let list = if section == "ike" {
                &mut b.ike_proposals
            } else {
                &mut b.ipsec_proposals
            };
            let p = entry(list, name);
            if p.span.is_empty() {
                p.span = cx_header(s);
            }
            match key {
                "encryption-algorithm" => push_unique(&mut p.encryption, names::encryption(v)),
                "authentication-algorithm" => push_unique(&mut p.integrity, names::integrity(v)),
                "dh-group" => {
                    if let Some(g) = dh_group(v) {
                        push_unique(&mut p.dh_groups, g);
                    }
                }
                "lifetime-seconds" => {
                    if let Some(n) = parse_u32(v) {
                        p.lifetime = Some(Spanned::new(n, span));
                    }
                }
                "" | "authentication-method" | "protocol" | "description" => {}
                _ => return false,
            }
            true
        }
        ("ike", "policy") | ("ipsec", "policy") => {
            match key {
                "proposals" => {
                    let list = if section == "ike" {
                        &mut b.ike_policies
                    } else {
                        &mut b.ipsec_policies
                    };
                    push_unique(&mut entry(list, name).proposals, v.to_string());
                }
                "perfect-forward-secrecy" if section == "ipsec" => {
                    if let Some(g) = s.w(6).and_then(dh_group) {
                        entry(&mut b.ipsec_policies, name).pfs = Some(g);
                    }
                }
                "pre-shared-key" if section == "ike" => {
                    let value = s.w(6).unwrap_or("");
                    let pw = psk(cx, v, value, span);
                    entry(&mut cx.ipsec.ike_policies, name).psk = Some(Spanned::new(pw, span));
                }
                "" | "mode" | "proposal-set" | "description" => {
                    let list = if section == "ike" {
                        &mut cx.ipsec.ike_policies
                    } else {
                        &mut cx.ipsec.ipsec_policies
                    };
                    entry(list, name);
                }
                _ => return false,
            }
            true
        }
        ("ike", "gateway") => {
            let header = cx_header(s);
            let g = entry(&mut cx.ipsec.gateways, name);
            if g.span.is_empty() {
                g.span = header;
            }
            match key {
                "address" => match v.parse::<IpAddr>() {
                    Ok(ip) => {
                        if g.address.is_none() {
                            g.address = Some(Spanned::new(ip, span));
                        }
                    }
                    Err(_) => cx.problem(
                        span,
                        format!("IKE gateway {name}: address '{v}' is not an IP address"),
                    ),
                },
                "ike-policy" => g.ike_policy = Some(v.to_string()),
                "external-interface" => {
                    g.external_interface = Some(Spanned::new(v.to_string(), span))
                }
                "local-address" => g.local_address = Some(Spanned::new(v.to_string(), span)),
                "version" => {
                    let ver = match v {
                        "v1-only" => Some(1),
                        "v2-only" => Some(2),
                        _ => None,
                    };
                    if let Some(ver) = ver {
                        g.version = Some(Spanned::new(ver, span));
                    }
                }
                "dead-peer-detection" => {
                    if v == "interval" {
                        if let Some(n) = s.w(6).and_then(parse_u32) {
                            g.dpd = Some(Spanned::new(n, span));
                        }
                    } else if g.dpd.is_none() {
                        // Enabled without an interval: Junos probes every 10 seconds.
                        g.dpd = Some(Spanned::new(10, span));
                    }
                }
                "" | "local-identity" | "remote-identity" | "no-nat-traversal"
                | "nat-keepalive" | "general-ikeid" => {}
                _ => return false,
            }
            true
        }
        ("ipsec", "vpn") => {
            let header = cx_header(s);
            let vpn = entry(&mut cx.ipsec.vpns, name);
            if vpn.span.is_empty() {
                vpn.span = header;
            }
            match (key, v) {
                ("bind-interface", _) => vpn.bind = Some(v.to_string()),
                ("ike", "gateway") => vpn.gateway = s.w(6).map(str::to_string),
                ("ike", "ipsec-policy") => vpn.ipsec_policy = s.w(6).map(str::to_string),
                ("", _) | ("establish-tunnels", _) | ("df-bit", _) | ("vpn-monitor", _) => {}
                _ => return false,
            }
            true
        }
        _ => false,
    }
}

/// `proposal NAME` / `gateway NAME` / `vpn NAME` words as the entity's span.
fn cx_header(s: &Stmt) -> Span {
    let a = s.word_span(2);
    let b = s.word_span(3);
    if b.end() < a.start() {
        a
    } else {
        Span::new(a.start(), b.end() - a.start())
    }
}

impl Builder {
    pub fn finish(self, model: &mut RouterModel) {
        let Builder {
            ike_proposals,
            ipsec_proposals,
            ike_policies,
            ipsec_policies,
            gateways,
            vpns,
            vpn_mss,
        } = self;
        for (name, p) in ike_proposals {
            model.ipsec.ike_proposals.push(IkeProposal {
                name,
                span: p.span,
                encryption: p.encryption,
                integrity: p.integrity,
                dh_groups: p.dh_groups,
                lifetime: p.lifetime,
            });
        }
        for (name, p) in ipsec_proposals {
            let pfs = ipsec_policies
                .iter()
                .find(|(_, pol)| pol.proposals.contains(&name))
                .and_then(|(_, pol)| pol.pfs);
            model.ipsec.ipsec_proposals.push(IpsecProposal {
                name,
                span: p.span,
                encryption: p.encryption,
                integrity: p.integrity,
                pfs_group: pfs,
                lifetime: p.lifetime,
            });
        }
        for (name, g) in gateways {
            let policy = g
                .ike_policy
                .as_deref()
                .and_then(|p| ike_policies.iter().find(|(n, _)| n == p))
                .map(|(_, p)| p);
            let vpn = vpns
                .iter()
                .find(|(_, v)| v.gateway.as_deref() == Some(name.as_str()));
            let ipsec_proposals = vpn
                .and_then(|(_, v)| v.ipsec_policy.as_deref())
                .and_then(|p| ipsec_policies.iter().find(|(n, _)| n == p))
                .map(|(_, p)| p.proposals.clone())
                .unwrap_or_default();
            let interface = vpn.and_then(|(_, v)| v.bind.clone());
            if let (Some((vname, v)), Some(bind)) = (vpn, interface.as_deref()) {
                if let Some(iface) = model.interfaces.iter_mut().find(|i| i.name == bind) {
                    let t = iface
                        .tunnel
                        .get_or_insert_with(|| Box::new(Tunnel::default()));
                    t.source = g
                        .local_address
                        .clone()
                        .or_else(|| g.external_interface.clone());
                    t.destination = g.address.clone();
                    t.protection = Some(Spanned::new(vname.clone(), v.span));
                    if iface.tcp_mss.is_none() {
                        iface.tcp_mss = vpn_mss.clone();
                    }
                }
            }
            model.ipsec.peers.push(IkePeer {
                name,
                span: g.span,
                address: g.address,
                ike_version: g
                    .version
                    .or(Some(Spanned::new(1, Span::new(g.span.start(), 0)))),
                psk: policy.and_then(|p| p.psk.clone()),
                ike_proposals: policy.map(|p| p.proposals.clone()).unwrap_or_default(),
                ipsec_proposals,
                dpd: g.dpd,
                interface,
                ike_lifetime: None,
                ipsec_lifetime: None,
                pfs_group: None,
                // The gateway's `ike-policy`: where a fix adds a proposal or a key.
                profile: policy.and(g.ike_policy.clone()),
                keyring: None,
                keyring_peer: None,
            });
        }
    }
}

//! `vpn ipsec …`: IKE groups (phase 1), ESP groups (phase 2) and site-to-site peers, in the
//! 1.2/1.3 shape (`site-to-site peer <ip> authentication pre-shared-secret KEY`) and the 1.4+
//! shape (`site-to-site peer NAME remote-address <ip>` with the key in
//! `authentication psk NAME {id …; secret …; secret-type plaintext|base64}`). A peer's
//! `vti bind vtiN` ties it to the VTI interface, whose tunnel source/destination it fills.
//!
//! Algorithm names are normalised by [`crate::dialect::ipsec_names`] (`sha256` → `sha2-256`,
//! `aes128gcm128` → `aes128-gcm-16`); DH groups are numbers. An IKE or ESP group becomes one proposal whose lists hold every algorithm its
//! numbered `proposal`s offer.

use super::{looks_like_ip, parse_digits, Cx};
use crate::dialect::ipsec_names as names;
use crate::model::{IkePeer, IkeProposal, Interface, Ipsec, IpsecProposal, Password, Tunnel};
use crate::secret::Secret;
use crate::source::{Span, Spanned};
use crate::syntax::path::PathStatement;
use std::collections::HashMap;
use std::net::IpAddr;

#[derive(Default)]
struct Group {
    span: Span,
    version: Option<Spanned<u8>>,
    lifetime: Option<Spanned<u32>>,
    encryption: Vec<String>,
    integrity: Vec<String>,
    dh_groups: Vec<u32>,
    pfs: Option<u32>,
    dpd: Option<Spanned<u32>>,
}

#[derive(Default)]
struct Peer {
    span: Span,
    remote_address: Option<Spanned<IpAddr>>,
    local_address: Option<Spanned<String>>,
    psk: Option<Spanned<Password>>,
    remote_id: Option<String>,
    ike_group: Option<String>,
    esp_groups: Vec<String>,
    vti: Option<String>,
}

#[derive(Default)]
struct Psk {
    ids: Vec<String>,
    secret: Option<Spanned<String>>,
    base64: bool,
}

#[derive(Default)]
pub(super) struct IpsecBuilder {
    ike: Vec<(String, Group)>,
    esp: Vec<(String, Group)>,
    peers: Vec<(String, Peer)>,
    psks: HashMap<String, Psk>,
}

fn entry<'a, T: Default>(
    list: &'a mut Vec<(String, T)>,
    name: &str,
    init: impl FnOnce(&mut T),
) -> &'a mut T {
    let idx = match list.iter().position(|(n, _)| n == name) {
        Some(i) => i,
        None => {
            let mut v = T::default();
            init(&mut v);
            list.push((name.to_string(), v));
            list.len() - 1
        }
    };
    &mut list[idx].1
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

impl IpsecBuilder {
    /// `vpn ipsec …` (`st.words[0..2]` are `vpn ipsec`).
    pub(super) fn statement(&mut self, cx: &mut Cx, st: &PathStatement) -> bool {
        let (Some(kind), Some(name_w)) = (st.word(2), st.words.get(3)) else {
            return false;
        };
        let name = name_w.text.as_str();
        let head = cx.line_of(name_w.span.start());
        let span = st.span;
        let w = |i: usize| st.word(i);
        match kind {
            "ike-group" | "esp-group" => {
                let list = if kind == "ike-group" {
                    &mut self.ike
                } else {
                    &mut self.esp
                };
                let g = entry(list, name, |g: &mut Group| g.span = head);
                match (w(4), w(5)) {
                    (Some("key-exchange"), Some(v)) => {
                        let ver = match v {
                            "ikev1" => Some(1),
                            "ikev2" => Some(2),
                            _ => None,
                        };
                        g.version = ver.map(|v| Spanned::new(v, span));
                    }
                    (Some("lifetime"), Some(v)) => match parse_digits(v) {
                        Some(n) => g.lifetime = Some(Spanned::new(n, span)),
                        None => {
                            cx.problem(span, format!("`lifetime {v}`: not a number of seconds"))
                        }
                    },
                    (Some("pfs"), Some(v)) => {
                        g.pfs = v.strip_prefix("dh-group").and_then(parse_digits);
                    }
                    (Some("dead-peer-detection"), Some("timeout")) => {
                        if let Some(n) = w(6).and_then(parse_digits) {
                            g.dpd = Some(Spanned::new(n, span));
                        }
                    }
                    (Some("proposal"), Some(_)) => match (w(6), w(7)) {
                        (Some("encryption"), Some(v)) => {
                            push_unique(&mut g.encryption, &names::encryption(v))
                        }
                        (Some("hash"), Some(v)) => {
                            push_unique(&mut g.integrity, &names::integrity(v))
                        }
                        (Some("dh-group"), Some(v)) => {
                            if let Some(n) = parse_digits(v) {
                                if !g.dh_groups.contains(&n) {
                                    g.dh_groups.push(n);
                                }
                            }
                        }
                        _ => {}
                    },
                    _ => {}
                }
                true
            }
            "site-to-site" if name == "peer" => {
                let Some(pw) = st.words.get(4) else {
                    return true;
                };
                let pspan = cx.line_of(pw.span.start());
                let p = entry(&mut self.peers, &pw.text, |p: &mut Peer| {
                    p.span = pspan;
                    // 1.2/1.3 name the peer by its address.
                    p.remote_address = pw.text.parse().ok().map(|ip| Spanned::new(ip, pspan));
                });
                match (w(5), w(6), w(7)) {
                    (Some("authentication"), Some("pre-shared-secret"), Some(k)) => {
                        p.psk = Some(Spanned::new(Password::Known(Secret::new(k)), span));
                    }
                    (Some("authentication"), Some("remote-id"), Some(v)) => {
                        p.remote_id = Some(v.to_string())
                    }
                    (Some("remote-address"), Some(v), _) => match v.parse::<IpAddr>() {
                        Ok(ip) => p.remote_address = Some(Spanned::new(ip, span)),
                        Err(_) if looks_like_ip(v) => {
                            cx.problem(span, format!("`remote-address {v}`: not an IP address"))
                        }
                        Err(_) => {} // `any`, or a DNS name
                    },
                    (Some("local-address"), Some(v), _) => {
                        p.local_address = Some(Spanned::new(v.to_string(), span))
                    }
                    (Some("ike-group"), Some(v), _) => p.ike_group = Some(v.to_string()),
                    (Some("default-esp-group"), Some(v), _) => push_unique(&mut p.esp_groups, v),
                    (Some("vti"), Some("bind"), Some(v)) => p.vti = Some(v.to_string()),
                    (Some("vti"), Some("esp-group"), Some(v)) => push_unique(&mut p.esp_groups, v),
                    (Some("tunnel"), Some(_), Some("esp-group")) => {
                        if let Some(v) = w(8) {
                            push_unique(&mut p.esp_groups, v)
                        }
                    }
                    _ => {}
                }
                true
            }
            "authentication" if name == "psk" => {
                let Some(pname) = w(4) else { return true };
                let psk = self.psks.entry(pname.to_string()).or_default();
                match (w(5), w(6)) {
                    (Some("id"), Some(v)) => psk.ids.push(v.to_string()),
                    (Some("secret"), Some(v)) => {
                        psk.secret = Some(Spanned::new(v.to_string(), span))
                    }
                    (Some("secret-type"), Some(v)) => psk.base64 = v == "base64",
                    _ => {}
                }
                true
            }
            _ => false,
        }
    }

    pub(super) fn finish(mut self, cx: &mut Cx, interfaces: &mut [Interface]) -> Ipsec {
        let proposal = |(name, g): &(String, Group)| IkeProposal {
            name: name.clone(),
            span: g.span,
            encryption: g.encryption.clone(),
            integrity: g.integrity.clone(),
            dh_groups: g.dh_groups.clone(),
            lifetime: g.lifetime.clone(),
        };
        let mut out = Ipsec {
            ike_proposals: self.ike.iter().map(proposal).collect(),
            ipsec_proposals: self
                .esp
                .iter()
                .map(|(name, g)| IpsecProposal {
                    name: name.clone(),
                    span: g.span,
                    encryption: g.encryption.clone(),
                    integrity: g.integrity.clone(),
                    pfs_group: g.pfs,
                    lifetime: g.lifetime.clone(),
                })
                .collect(),
            peers: Vec::new(),
            ike_policy: None,
        };
        let peers = std::mem::take(&mut self.peers);
        for (name, mut p) in peers {
            let group = p
                .ike_group
                .as_deref()
                .and_then(|g| self.ike.iter().find(|(n, _)| n == g))
                .map(|(_, g)| g);
            let psk = match p.psk.take() {
                Some(k) => Some(k),
                None => self.psk_for(cx, &name, &p),
            };
            if let Some(vti) = p.vti.as_deref() {
                if let Some(iface) = interfaces.iter_mut().find(|i| i.name == vti) {
                    let t = iface
                        .tunnel
                        .get_or_insert_with(|| Box::new(Tunnel::default()));
                    t.source = t.source.take().or_else(|| p.local_address.clone());
                    t.destination = t.destination.take().or_else(|| p.remote_address.clone());
                    t.protection = Some(Spanned::new(name.clone(), p.span));
                }
            }
            out.peers.push(IkePeer {
                name,
                span: p.span,
                address: p.remote_address,
                ike_version: group.and_then(|g| g.version.clone()),
                psk,
                ike_proposals: p.ike_group.into_iter().collect(),
                ipsec_proposals: p.esp_groups,
                dpd: group.and_then(|g| g.dpd.clone()),
                interface: p.vti,
                ike_lifetime: None,
                ipsec_lifetime: None,
                pfs_group: None,
                profile: None,
                keyring: None,
                keyring_peer: None,
            });
        }
        out
    }

    /// 1.4+: the `authentication psk` entry whose `id`s name this peer (its address, its
    /// `remote-id`, or its name).
    fn psk_for(&self, cx: &mut Cx, name: &str, p: &Peer) -> Option<Spanned<Password>> {
        let addr = p.remote_address.as_ref().map(|a| a.value.to_string());
        let hit = self
            .psks
            .get(name)
            .filter(|k| k.secret.is_some())
            .or_else(|| {
                self.psks.values().find(|k| {
                    k.secret.is_some()
                        && k.ids
                            .iter()
                            .any(|id| Some(id) == addr.as_ref() || Some(id) == p.remote_id.as_ref())
                })
            })?;
        let secret = hit.secret.as_ref()?;
        if !hit.base64 {
            return Some(Spanned::new(
                Password::Known(Secret::new(secret.value.clone())),
                secret.span,
            ));
        }
        match decode_base64(&secret.value).and_then(|b| String::from_utf8(b).ok()) {
            Some(s) => Some(Spanned::new(Password::Known(Secret::new(s)), secret.span)),
            None => {
                cx.problem(
                    secret.span,
                    "`secret-type base64`, but the secret is not valid base64 text",
                );
                Some(Spanned::new(
                    Password::Unverifiable("base64 secret that does not decode"),
                    secret.span,
                ))
            }
        }
    }
}

/// Standard base64 (with or without padding); `None` on any other character.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::decode_base64;

    #[test]
    fn base64() {
        assert_eq!(decode_base64("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(decode_base64("aGVsbG8").as_deref(), Some(&b"hello"[..]));
        assert_eq!(decode_base64("a$"), None);
        assert_eq!(decode_base64("").as_deref(), Some(&b""[..]));
    }
}

//! `config vpn ipsec phase1-interface` and `phase2-interface`: one IKE peer per phase1
//! (named like its tunnel interface), its proposals, key, DPD and lifetimes.
//!
//! FortiOS writes a proposal as `ENCRYPTION-INTEGRITY` pairs (`aes128-sha1`,
//! `aes256gcm-prfsha384`, phase 2 `aes128gcm`): each pair becomes one model proposal, so
//! the rules see which encryption goes with which integrity. Defaults (FortiOS CLI
//! reference, 6.2+): `dhgrp 14 5`, phase 2 `pfs enable`, `dpd on-demand` with
//! `dpd-retryinterval 20`; `psksecret ENC …` is encrypted with the device key:
//! unverifiable.

use super::Cx;
use crate::dialect::common::parse_u32_digits;
use crate::dialect::ipsec_names as names;
use crate::model::{IkePeer, IkeProposal, IpsecProposal, Password};
use crate::secret::Secret;
use crate::source::{Span, Spanned};
use crate::syntax::config_edit::{Node, Tree};
use std::net::IpAddr;

const DEFAULT_DH: [u32; 2] = [14, 5];
const DEFAULT_DPD_INTERVAL: u32 = 20;

pub(super) struct Phase1 {
    pub name: String,
    pub span: Span,
    pub remote_gw: Option<Spanned<IpAddr>>,
    pub interface: Option<Spanned<String>>,
}

#[derive(Default)]
pub(super) struct Vpn {
    pub phase1: Vec<Phase1>,
}

pub(super) fn read(cx: &mut Cx, tree: &Tree) -> Vpn {
    let mut vpn = Vpn::default();
    for s in tree.sections(&["vpn", "ipsec", "phase1-interface"]) {
        for e in s.edits() {
            phase1(cx, e, &mut vpn);
        }
    }
    for s in tree.sections(&["vpn", "ipsec", "phase2-interface"]) {
        for e in s.edits() {
            phase2(cx, e);
        }
    }
    vpn
}

fn phase1(cx: &mut Cx, e: &Node, vpn: &mut Vpn) {
    let name = e.word(0).to_string();
    let mut peer = IkePeer {
        name: name.clone(),
        span: e.span,
        interface: Some(name.clone()),
        dpd: Some(Spanned::new(DEFAULT_DPD_INTERVAL, e.span)),
        ..Default::default()
    };
    let mut dh: Vec<u32> = DEFAULT_DH.to_vec();
    let mut pairs: Vec<&str> = Vec::new();
    let mut pairs_span = e.span;
    let mut lifetime = None;
    let mut dpd_on = true;
    let mut interface = None;
    for s in e.sets() {
        match s.word(0) {
            "remote-gw" => match s.word(1).parse::<IpAddr>() {
                Ok(ip) => peer.address = Some(Spanned::new(ip, s.span)),
                Err(_) => cx.problem(
                    s.span,
                    format!("`set remote-gw {}`: expected an IP address", s.word(1)),
                ),
            },
            "interface" => interface = Some(Spanned::new(s.word(1).to_string(), s.span)),
            "ike-version" => match s.word(1) {
                "1" | "2" => {
                    peer.ike_version = Some(Spanned::new(s.word(1).parse().unwrap_or(1), s.span))
                }
                v => cx.problem(s.span, format!("`set ike-version {v}`: expected 1 or 2")),
            },
            "proposal" => {
                pairs = s.words[1..].iter().map(String::as_str).collect();
                pairs_span = s.span;
            }
            "dhgrp" => dh = groups(cx, s),
            "keylife" => lifetime = seconds(cx, s),
            "psksecret" => peer.psk = Some(Spanned::new(psk(s), s.span)),
            "dpd" => {
                dpd_on = s.word(1) != "disable";
                if dpd_on {
                    peer.dpd
                        .get_or_insert(Spanned::new(DEFAULT_DPD_INTERVAL, s.span))
                        .span = s.span;
                }
            }
            "dpd-retryinterval" => {
                if let Some(n) = parse_u32_digits(s.word(1)) {
                    peer.dpd = Some(Spanned::new(n, s.span));
                }
            }
            _ => {}
        }
    }
    if !dpd_on {
        peer.dpd = None;
    }
    // IKEv2 may authenticate the peer with another key (`psksecret-remote`): an AWS tunnel
    // uses one key both ways, so a different clear one is a problem (never shown).
    if let (Some(l), Some(r)) = (&peer.psk, e.set("psksecret-remote")) {
        if let (Password::Known(a), Password::Known(b)) = (&l.value, &psk(r)) {
            if a != b {
                cx.problem(
                    r.span,
                    format!("phase1-interface `{name}`: psksecret-remote differs from psksecret; an AWS tunnel uses one key both ways"),
                );
            }
        }
    }
    if pairs.is_empty() {
        pairs.push("");
    }
    for pair in pairs {
        let (enc, int) = split_pair(pair);
        let p = IkeProposal {
            name: format!("{name} {pair}").trim_end().to_string(),
            span: pairs_span,
            encryption: enc.into_iter().collect(),
            integrity: int.into_iter().collect(),
            dh_groups: dh.clone(),
            lifetime: lifetime.clone(),
        };
        peer.ike_proposals.push(p.name.clone());
        cx.model.ipsec.ike_proposals.push(p);
    }
    vpn.phase1.push(Phase1 {
        name,
        span: e.span,
        remote_gw: peer.address.clone(),
        interface,
    });
    cx.model.ipsec.peers.push(peer);
}

fn phase2(cx: &mut Cx, e: &Node) {
    let name = e.word(0);
    let Some(p1) = e.set("phase1name").map(|s| s.word(1).to_string()) else {
        cx.problem(
            e.span,
            format!("phase2-interface `{name}` has no `set phase1name`"),
        );
        return;
    };
    let mut pfs = true;
    let mut dh: Vec<u32> = DEFAULT_DH.to_vec();
    let mut pairs: Vec<&str> = vec![""];
    let mut pairs_span = e.span;
    let mut lifetime = None;
    for s in e.sets() {
        match s.word(0) {
            "proposal" => {
                pairs = s.words[1..].iter().map(String::as_str).collect();
                pairs_span = s.span;
            }
            "pfs" => pfs = s.word(1) != "disable",
            "dhgrp" => dh = groups(cx, s),
            "keylifeseconds" => lifetime = seconds(cx, s),
            _ => {}
        }
    }
    let mut added = Vec::new();
    for pair in pairs {
        let (enc, int) = split_pair(pair);
        let p = IpsecProposal {
            name: format!("{name} {pair}").trim_end().to_string(),
            span: pairs_span,
            encryption: enc.into_iter().collect(),
            integrity: int.into_iter().collect(),
            pfs_group: if pfs { dh.first().copied() } else { None },
            lifetime: lifetime.clone(),
        };
        added.push(p.name.clone());
        cx.model.ipsec.ipsec_proposals.push(p);
    }
    match cx.model.ipsec.peers.iter_mut().find(|p| p.name == p1) {
        Some(peer) => peer.ipsec_proposals.extend(added),
        None => cx.problem(
            e.span,
            format!("phase2-interface `{name}`: no phase1-interface `{p1}`"),
        ),
    }
}

/// `aes128-sha256` → (aes128, sha2-256); `aes256gcm-prfsha384` → (aes256-gcm-16, none: the
/// PRF is not an integrity algorithm); `aes128gcm` (phase 2) → (aes128-gcm-16, none).
fn split_pair(pair: &str) -> (Option<String>, Option<String>) {
    if pair.is_empty() {
        return (None, None);
    }
    let (enc, int) = pair.split_once('-').unwrap_or((pair, ""));
    let enc = match enc {
        "aes128gcm" => "aes128-gcm-16".to_string(),
        "aes256gcm" => "aes256-gcm-16".to_string(),
        other => names::encryption(other),
    };
    let int = if int.is_empty() || int.starts_with("prf") || int == "null" {
        None
    } else {
        Some(names::integrity(int))
    };
    (Some(enc), int)
}

fn groups(cx: &mut Cx, s: &Node) -> Vec<u32> {
    let mut out = Vec::new();
    for w in &s.words[1..] {
        match parse_u32_digits(w) {
            Some(n) => out.push(n),
            None => cx.problem(
                s.span,
                format!("`set dhgrp`: `{w}` is not a DH group number"),
            ),
        }
    }
    out
}

fn seconds(cx: &mut Cx, s: &Node) -> Option<Spanned<u32>> {
    match parse_u32_digits(s.word(1)) {
        Some(n) => Some(Spanned::new(n, s.span)),
        None => {
            cx.problem(s.span, format!("`set {}`: expected seconds", s.word(0)));
            None
        }
    }
}

/// `set psksecret ENC <base64>` (what `show` prints) or a clear key (what was typed).
fn psk(s: &Node) -> Password {
    if s.word(1) == "ENC" && s.words.len() > 2 {
        Password::Unverifiable("ENC (encrypted with the FortiGate's key)")
    } else {
        Password::Known(Secret::new(s.word(1)))
    }
}

//! `crypto …` (IOS / IOS-XE Site-to-Site VPN): IKEv1 (`crypto isakmp policy`, `crypto keyring`,
//! `crypto isakmp key`, `crypto isakmp profile`, `crypto isakmp keepalive`), IKEv2 (`crypto
//! ikev2 proposal | policy | keyring | profile | dpd`) and IPsec (`crypto ipsec transform-set |
//! profile`, `crypto map … ipsec-isakmp`, the global SA lifetime), resolved into one
//! [`IkePeer`] per remote address.
//!
//! A peer is every address a tunnel interface points at (`tunnel destination` of a tunnel
//! with `tunnel protection ipsec profile`), every crypto map `set peer`, plus every
//! single-host address a keyring, an `isakmp key` or a profile names. For each the
//! resolution follows what IOS does:
//!
//! - IKE version: 2 when the tunnel's ipsec profile (or the crypto map entry) has `set
//!   ikev2-profile`, else 1 (IOS initiates IKEv2 only through an IKEv2 profile). A peer no
//!   tunnel or map uses is IKEv2 when only IKEv2 configuration names it.
//! - IKEv1: the isakmp profile (`set isakmp-profile`, else the one whose `match identity
//!   address` covers the peer, longest mask first) chooses the keyrings searched for the
//!   key; without a profile every keyring, then the global `crypto isakmp key`s, are
//!   searched. The proposals are the isakmp policies with `authentication pre-share` (the
//!   only ones a pre-shared-key peer can use); without any policy, IOS's default policies
//!   65508 (AES-128, SHA-1, group 5) and 65510 (AES-128, MD5, group 5) — its pre-shared-key
//!   defaults with AES; the 3DES ones are left out.
//! - IKEv2: the ikev2 profile (`set ikev2-profile`, else `match identity remote address`)
//!   gives the key (`authentication local pre-share key`, else its `keyring local`), the
//!   lifetime and DPD. The proposals are those of every `crypto ikev2 policy`, or the
//!   built-in `default` proposal when no policy is configured (the default policy).
//! - IPsec: the transform-sets, PFS group and lifetime of the tunnel's ipsec profile (or
//!   crypto map entry); they are per peer on IOS, so they go to the peer's `pfs_group` and
//!   `ipsec_lifetime`, not to the transform-set proposals.
//!
//! Values the running-config hides because they are defaults are filled in (isakmp policy:
//! DES, SHA-1, group 1); lifetimes left at their default stay `None` (see
//! [`crate::model::Vendor::default_ike_lifetime`]). Keys: type 0 or no type is clear text,
//! type 7 is decoded, type 6 is unverifiable. A key is never written into a message.

use super::tokens::Line;
use super::Context;
use crate::dialect::common::{parse_addr_mask, parse_u32_digits};
use crate::dialect::ipsec_names as names;
use crate::dialect::secret::decode_cisco7;
use crate::model::{ConfigProblem, IkePeer, IkeProposal, Ipsec, IpsecProposal, Password};
use crate::model::{Interface, RouterModel};
use crate::secret::Secret;
use crate::source::{Span, Spanned};
use crate::syntax::indent::IndentTree;
use ipnet::IpNet;
use std::net::IpAddr;

/// A pre-shared key for an address range (keyring entry, `crypto isakmp key`, IKEv2 peer).
struct PskEntry {
    net: IpNet,
    psk: Spanned<Password>,
}

struct Keyring {
    name: String,
    entries: Vec<PskEntry>,
}

struct IsakmpProfile {
    name: String,
    span: Span,
    keyrings: Vec<String>,
    identities: Vec<Spanned<IpNet>>,
    keepalive: Option<Spanned<u32>>,
}

struct Ikev2KeyringPeer {
    name: String,
    span: Span,
    nets: Vec<IpNet>,
    psk: Option<Spanned<Password>>,
    local: Option<Spanned<Password>>,
    remote: Option<Spanned<Password>>,
}

struct Ikev2Keyring {
    name: String,
    peers: Vec<Ikev2KeyringPeer>,
}

struct Ikev2Profile {
    name: String,
    span: Span,
    identities: Vec<Spanned<IpNet>>,
    keyring: Option<Spanned<String>>,
    local_key: Option<Spanned<Password>>,
    lifetime: Option<Spanned<u32>>,
    dpd: Option<Spanned<u32>>,
}

struct Ikev2Policy {
    proposals: Vec<Spanned<String>>,
}

/// A `crypto ipsec profile`, or one `crypto map NAME SEQ ipsec-isakmp` entry (which also
/// names its peers with `set peer`).
#[derive(Default)]
struct IpsecProfile {
    /// `ipsec profile` or `crypto map`, for messages.
    kind: &'static str,
    name: String,
    transform_sets: Vec<Spanned<String>>,
    pfs: Option<Spanned<u32>>,
    lifetime: Option<Spanned<u32>>,
    ikev2_profile: Option<Spanned<String>>,
    isakmp_profile: Option<Spanned<String>>,
    peers: Vec<Spanned<IpAddr>>,
}

/// Everything `crypto …` defined, in configuration order, until [`IpsecBuilder::finish`].
#[derive(Default)]
pub(crate) struct IpsecBuilder {
    /// The first `crypto` line: where synthesised IOS defaults point.
    first: Option<Span>,
    isakmp_policies: Vec<IkeProposal>,
    /// Names of the isakmp policies with `authentication pre-share`.
    pre_share: Vec<String>,
    keyrings: Vec<Keyring>,
    isakmp_keys: Vec<PskEntry>,
    isakmp_profiles: Vec<IsakmpProfile>,
    isakmp_keepalive: Option<Spanned<u32>>,
    ikev2_proposals: Vec<IkeProposal>,
    ikev2_policies: Vec<Ikev2Policy>,
    ikev2_keyrings: Vec<Ikev2Keyring>,
    ikev2_profiles: Vec<Ikev2Profile>,
    ikev2_dpd: Option<Spanned<u32>>,
    transform_sets: Vec<IpsecProposal>,
    ipsec_profiles: Vec<IpsecProfile>,
    crypto_maps: Vec<IpsecProfile>,
    sa_lifetime: Option<Spanned<u32>>,
}

/// One top-level `crypto …` line and its block.
pub(super) fn read(cx: &mut Context, idx: u32) {
    let l = cx.line(idx);
    cx.ipsec.first.get_or_insert(l.span);
    match (l.word(1), l.word(2)) {
        ("keyring", _) => read_keyring(cx, idx),
        ("isakmp", "policy") => read_isakmp_policy(cx, idx),
        ("isakmp", "key") => read_isakmp_key(cx, &l),
        ("isakmp", "profile") => read_isakmp_profile(cx, idx),
        ("isakmp", "keepalive") => cx.ipsec.isakmp_keepalive = read_dpd(cx, &l, 3),
        ("ikev2", "proposal") => read_ikev2_proposal(cx, idx),
        ("ikev2", "policy") => read_ikev2_policy(cx, idx),
        ("ikev2", "keyring") => read_ikev2_keyring(cx, idx),
        ("ikev2", "profile") => read_ikev2_profile(cx, idx),
        ("ikev2", "dpd") => cx.ipsec.ikev2_dpd = read_dpd(cx, &l, 3),
        ("ipsec", "transform-set") => read_transform_set(cx, idx),
        ("ipsec", "profile") => read_ipsec_profile(cx, idx),
        // `crypto map NAME SEQ ipsec-isakmp` (policy-based); not `… dynamic`, `local-address`.
        ("map", _) if l.word(4) == "ipsec-isakmp" && l.word(5).is_empty() => {
            read_crypto_map(cx, idx)
        }
        ("ipsec", "security-association") if l.word(3) == "lifetime" => {
            if l.word(4) == "seconds" {
                cx.ipsec.sa_lifetime = read_seconds(cx, &l, 5);
            }
        }
        _ => cx.unknown(),
    }
}

/// The block's name (word `at` of its header); a problem when it is missing.
fn name_of(cx: &mut Context, l: &Line, at: usize) -> Option<String> {
    let n = l.word(at);
    if n.is_empty() {
        cx.problem(l.span, format!("`{}`: expected a name", l.text));
        return None;
    }
    Some(n.to_string())
}

fn children(cx: &Context, idx: u32) -> Vec<u32> {
    cx.tree.children(idx).collect()
}

fn read_seconds(cx: &mut Context, l: &Line, at: usize) -> Option<Spanned<u32>> {
    match parse_u32_digits(l.word(at)) {
        Some(n) if n > 0 => Some(Spanned::new(n, l.span)),
        _ => {
            cx.problem(
                l.span,
                format!("`{}`: expected a lifetime in seconds", l.text),
            );
            None
        }
    }
}

/// `… keepalive S [R] [on-demand|periodic]` / `… dpd I R mode`: the probe interval.
fn read_dpd(cx: &mut Context, l: &Line, at: usize) -> Option<Spanned<u32>> {
    match parse_u32_digits(l.word(at)) {
        Some(n) if n > 0 => Some(Spanned::new(n, l.span)),
        _ => {
            cx.problem(
                l.span,
                format!("`{}`: expected the probe interval in seconds", l.text),
            );
            None
        }
    }
}

/// A DH group number (`14`, or `group14` after `set pfs`).
fn dh_group(cx: &mut Context, l: &Line, word: &str) -> Option<u32> {
    let digits = word.strip_prefix("group").unwrap_or(word);
    match parse_u32_digits(digits) {
        Some(n) if (1..=32).contains(&n) => Some(n),
        _ => {
            cx.problem(
                l.span,
                format!("`{}`: `{word}` is not a Diffie-Hellman group", l.text),
            );
            None
        }
    }
}

/// A key of type 0 (clear), 7 (decoded) or 6 (unverifiable). `what` names the line for
/// messages, which never contain the key.
fn password(cx: &mut Context, span: Span, kind: &str, text: &str, what: &str) -> Password {
    match kind {
        "0" => Password::Known(Secret::new(text)),
        "7" => match decode_cisco7(text) {
            Some(plain) => Password::Known(Secret::new(plain)),
            None => {
                cx.problem(
                    span,
                    format!("{what}: the type 7 value is not valid (two digits, then hex pairs)"),
                );
                Password::Unverifiable("invalid type 7")
            }
        },
        "6" => Password::Unverifiable("type 6 (AES with the router's master key)"),
        other => {
            cx.problem(span, format!("{what}: unknown key type `{other}`"));
            Password::Unverifiable("unknown key type")
        }
    }
}

/// `[0|6|7] KEY` from word `at`: the type when a one-digit word is followed by another word
/// that is not `stop` (the next keyword), the key otherwise.
fn typed_key<'a>(l: &Line<'a>, at: usize, stop: &str) -> (&'a str, &'a str) {
    let first = l.word(at);
    let next = l.word(at + 1);
    let typed = first.len() == 1 && first.as_bytes()[0].is_ascii_digit();
    if typed && !next.is_empty() && next != stop {
        (first, next)
    } else {
        ("0", first)
    }
}

/// `A.B.C.D [M.M.M.M]` or `ipv6 X/len` from word `at`; single host when the mask is absent.
fn address_range(l: &Line, at: usize) -> Option<IpNet> {
    let a = l.word(at);
    if a == "ipv6" {
        return l.word(at + 1).parse::<IpNet>().ok();
    }
    let ip: IpAddr = a.parse().ok()?;
    let m = l.word(at + 1);
    if m.split('.').count() == 4 {
        return parse_addr_mask(a, Some(m));
    }
    Some(IpNet::from(ip))
}

/// Four dot-separated labels, the first numeric: a mistyped address, not a DNS name.
fn looks_like_ipv4(w: &str) -> bool {
    w.is_empty()
        || (w.split('.').count() == 4
            && w.split('.')
                .next()
                .is_some_and(|p| parse_u32_digits(p).is_some()))
}

fn bad_address(cx: &mut Context, l: &Line) {
    cx.problem(
        l.span,
        format!(
            "`{}`: expected an IP address (with an optional dotted mask)",
            l.text
        ),
    );
}

// ---------------------------------------------------------------------------- IKEv1

/// `crypto keyring NAME` with `pre-shared-key address A [M] key [0|6|7] KEY` entries.
fn read_keyring(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 2) else {
        return;
    };
    let mut ring = Keyring {
        name,
        entries: Vec::new(),
    };
    for c in children(cx, idx) {
        let l = cx.line(c);
        match (l.word(0), l.word(1)) {
            ("pre-shared-key", "address") => {
                let Some(net) = address_range(&l, 2) else {
                    bad_address(cx, &l);
                    continue;
                };
                let Some(k) = l.find("key", 3) else {
                    cx.problem(l.span, "`pre-shared-key address …`: no `key` follows");
                    continue;
                };
                let (kind, text) = typed_key(&l, k + 1, "");
                if text.is_empty() {
                    cx.problem(l.span, "`pre-shared-key address … key`: the key is missing");
                    continue;
                }
                let pw = password(cx, l.span, kind, text, "`pre-shared-key`");
                ring.entries.push(PskEntry {
                    net,
                    psk: Spanned::new(pw, l.span),
                });
            }
            _ => cx.unknown(),
        }
    }
    cx.ipsec.keyrings.push(ring);
}

/// `crypto isakmp key [0|6|7] KEY address A [M] [no-xauth]` (global keyring).
fn read_isakmp_key(cx: &mut Context, l: &Line) {
    let (kind, text) = typed_key(l, 3, "address");
    if text.is_empty() || text == "address" {
        cx.problem(l.span, "`crypto isakmp key`: the key is missing");
        return;
    }
    let Some(a) = l.find("address", 4) else {
        // `… hostname H`: identifies by name, no address to pair with.
        if l.find("hostname", 4).is_none() {
            cx.problem(
                l.span,
                "`crypto isakmp key`: expected `address A.B.C.D` after the key",
            );
        }
        return;
    };
    let Some(net) = address_range(l, a + 1) else {
        bad_address(cx, l);
        return;
    };
    let pw = password(cx, l.span, kind, text, "`crypto isakmp key`");
    cx.ipsec.isakmp_keys.push(PskEntry {
        net,
        psk: Spanned::new(pw, l.span),
    });
}

/// `crypto isakmp policy N`: `encryption|encr`, `hash`, `authentication`, `group`, `lifetime`.
fn read_isakmp_policy(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 3) else {
        return;
    };
    let mut p = IkeProposal {
        name: name.clone(),
        span: header.span,
        ..Default::default()
    };
    let mut pre_share = false;
    for c in children(cx, idx) {
        let l = cx.line(c);
        match l.word(0) {
            "encryption" | "encr" => {
                let alg = match (l.word(1), l.word(2)) {
                    ("aes", "" | "128") => Some("aes128"),
                    ("aes", "192") => Some("aes192"),
                    ("aes", "256") => Some("aes256"),
                    ("3des", "") => Some("3des"),
                    ("des", "") => Some("des"),
                    _ => None,
                };
                match alg {
                    Some(a) => p.encryption = vec![a.to_string()],
                    None => cx.problem(
                        l.span,
                        format!(
                            "`{}`: expected `aes [128|192|256]`, `3des` or `des`",
                            l.text
                        ),
                    ),
                }
            }
            "hash" => match l.word(1) {
                w @ ("sha" | "sha256" | "sha384" | "sha512" | "md5") => {
                    p.integrity = vec![names::integrity(w)]
                }
                _ => cx.problem(
                    l.span,
                    format!(
                        "`{}`: expected `sha`, `sha256`, `sha384`, `sha512` or `md5`",
                        l.text
                    ),
                ),
            },
            "group" => {
                if let Some(g) = dh_group(cx, &l, l.word(1)) {
                    p.dh_groups = vec![g];
                }
            }
            "lifetime" => p.lifetime = read_seconds(cx, &l, 1),
            "authentication" => pre_share = l.word(1) == "pre-share",
            _ => cx.unknown(),
        }
    }
    // IOS defaults, hidden by `show running-config`: DES, SHA-1, DH group 1.
    if p.encryption.is_empty() {
        p.encryption.push("des".into());
    }
    if p.integrity.is_empty() {
        p.integrity.push("sha1".into());
    }
    if p.dh_groups.is_empty() {
        p.dh_groups.push(1);
    }
    let b = &mut cx.ipsec;
    b.isakmp_policies.retain(|x| x.name != name);
    b.pre_share.retain(|x| *x != name);
    if pre_share {
        b.pre_share.push(name);
    }
    b.isakmp_policies.push(p);
}

/// `crypto isakmp profile NAME`: `keyring`, `match identity address`, `keepalive S retry R`.
fn read_isakmp_profile(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 3) else {
        return;
    };
    let mut p = IsakmpProfile {
        name,
        span: header.span,
        keyrings: Vec::new(),
        identities: Vec::new(),
        keepalive: None,
    };
    for c in children(cx, idx) {
        let l = cx.line(c);
        match (l.word(0), l.word(1), l.word(2)) {
            ("keyring", k, _) if !k.is_empty() => p.keyrings.push(k.to_string()),
            ("match", "identity", "address") => match address_range(&l, 3) {
                Some(net) => p.identities.push(Spanned::new(net, l.span)),
                None => bad_address(cx, &l),
            },
            ("keepalive", _, _) => p.keepalive = read_dpd(cx, &l, 1),
            _ => cx.unknown(),
        }
    }
    cx.ipsec.isakmp_profiles.push(p);
}

// ---------------------------------------------------------------------------- IKEv2

/// `crypto ikev2 proposal NAME`: `encryption …`, `integrity …`, `group …` (lists).
fn read_ikev2_proposal(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 3) else {
        return;
    };
    let mut p = IkeProposal {
        name,
        span: header.span,
        ..Default::default()
    };
    for c in children(cx, idx) {
        let l = cx.line(c);
        let values = (1..l.len()).map(|i| l.word(i));
        match l.word(0) {
            "encryption" => {
                for w in values {
                    if !w.starts_with("aes-") && !matches!(w, "3des" | "des") {
                        cx.problem(
                            l.span,
                            format!("`{}`: `{w}` is not an IKEv2 encryption algorithm", l.text),
                        );
                        continue;
                    }
                    p.encryption.push(names::encryption(w));
                }
            }
            "integrity" => {
                for w in values {
                    p.integrity.push(names::integrity(w));
                }
            }
            "group" => {
                for w in values {
                    if let Some(g) = dh_group(cx, &l, w) {
                        p.dh_groups.push(g);
                    }
                }
            }
            _ => cx.unknown(),
        }
    }
    let b = &mut cx.ipsec;
    b.ikev2_proposals.retain(|x| x.name != p.name);
    b.ikev2_proposals.push(p);
}

/// `crypto ikev2 policy NAME`: the `proposal NAME` lines.
fn read_ikev2_policy(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    if name_of(cx, &header, 3).is_none() {
        return;
    }
    let mut pol = Ikev2Policy {
        proposals: Vec::new(),
    };
    for c in children(cx, idx) {
        let l = cx.line(c);
        match l.word(0) {
            "proposal" if !l.word(1).is_empty() => {
                for i in 1..l.len() {
                    pol.proposals
                        .push(Spanned::new(l.word(i).to_string(), l.span));
                }
            }
            _ => cx.unknown(),
        }
    }
    cx.ipsec.ikev2_policies.push(pol);
}

/// `crypto ikev2 keyring NAME` with `peer NAME` blocks (`address`, `pre-shared-key`).
fn read_ikev2_keyring(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 3) else {
        return;
    };
    let mut ring = Ikev2Keyring {
        name,
        peers: Vec::new(),
    };
    for c in children(cx, idx) {
        let l = cx.line(c);
        if l.word(0) != "peer" {
            cx.unknown();
            continue;
        }
        let Some(pname) = name_of(cx, &l, 1) else {
            continue;
        };
        let mut peer = Ikev2KeyringPeer {
            name: pname,
            span: l.span,
            nets: Vec::new(),
            psk: None,
            local: None,
            remote: None,
        };
        for g in children(cx, c) {
            let l = cx.line(g);
            match l.word(0) {
                "address" => match address_range(&l, 1) {
                    Some(net) => peer.nets.push(net),
                    None => bad_address(cx, &l),
                },
                "pre-shared-key" => {
                    let dir = l.word(1);
                    let at = if matches!(dir, "local" | "remote") {
                        2
                    } else {
                        1
                    };
                    let (kind, text) = typed_key(&l, at, "");
                    if text.is_empty() {
                        cx.problem(l.span, "`pre-shared-key`: the key is missing");
                        continue;
                    }
                    let pw =
                        Spanned::new(password(cx, l.span, kind, text, "`pre-shared-key`"), l.span);
                    match dir {
                        "local" => peer.local = Some(pw),
                        "remote" => peer.remote = Some(pw),
                        _ => peer.psk = Some(pw),
                    }
                }
                _ => cx.unknown(),
            }
        }
        ring.peers.push(peer);
    }
    cx.ipsec.ikev2_keyrings.push(ring);
}

/// `crypto ikev2 profile NAME`: identity, keyring, local key, lifetime, DPD.
fn read_ikev2_profile(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 3) else {
        return;
    };
    let mut p = Ikev2Profile {
        name,
        span: header.span,
        identities: Vec::new(),
        keyring: None,
        local_key: None,
        lifetime: None,
        dpd: None,
    };
    for c in children(cx, idx) {
        let l = cx.line(c);
        match (l.word(0), l.word(1)) {
            ("match", "identity") if l.word(2) == "remote" && l.word(3) == "address" => {
                match address_range(&l, 4) {
                    Some(net) => p.identities.push(Spanned::new(net, l.span)),
                    None => bad_address(cx, &l),
                }
            }
            ("keyring", "local") => match l.word(2) {
                "" => cx.problem(l.span, "`keyring local`: expected a keyring name"),
                k => p.keyring = Some(Spanned::new(k.to_string(), l.span)),
            },
            // `authentication local pre-share key [0|6] KEY`: the key this router sends.
            ("authentication", "local") if l.word(2) == "pre-share" && l.word(3) == "key" => {
                let (kind, text) = typed_key(&l, 4, "");
                if text.is_empty() {
                    cx.problem(
                        l.span,
                        "`authentication local pre-share key`: the key is missing",
                    );
                } else {
                    let pw = password(cx, l.span, kind, text, "`authentication local pre-share`");
                    p.local_key = Some(Spanned::new(pw, l.span));
                }
            }
            ("lifetime", _) => p.lifetime = read_seconds(cx, &l, 1),
            ("dpd", _) => p.dpd = read_dpd(cx, &l, 1),
            _ => cx.unknown(),
        }
    }
    cx.ipsec.ikev2_profiles.push(p);
}

// ---------------------------------------------------------------------------- IPsec

/// `crypto ipsec transform-set NAME esp-aes 256 esp-sha256-hmac` (+ `mode tunnel`).
fn read_transform_set(cx: &mut Context, idx: u32) {
    let l = cx.line(idx);
    let Some(name) = name_of(cx, &l, 3) else {
        return;
    };
    let mut p = IpsecProposal {
        name,
        span: l.span,
        ..Default::default()
    };
    let mut i = 4;
    while i < l.len() {
        let w = l.word(i);
        let bits = l.word(i + 1);
        let has_bits = matches!(bits, "128" | "192" | "256");
        match w {
            "esp-aes" | "esp-gcm" | "esp-gmac" => {
                let size = if has_bits { bits } else { "128" };
                p.encryption.push(match w {
                    "esp-aes" => names::encryption(&format!("aes{size}")),
                    "esp-gcm" => names::encryption(&format!("aes-gcm-{size}")),
                    _ => format!("aes{size}-gmac"),
                });
                if has_bits {
                    i += 1;
                }
            }
            "esp-3des" => p.encryption.push("3des".into()),
            "esp-des" => p.encryption.push("des".into()),
            "esp-null" => p.encryption.push("null".into()),
            "esp-sha-hmac" => p.integrity.push("sha1".into()),
            "esp-sha256-hmac" => p.integrity.push("sha2-256".into()),
            "esp-sha384-hmac" => p.integrity.push("sha2-384".into()),
            "esp-sha512-hmac" => p.integrity.push("sha2-512".into()),
            "esp-md5-hmac" => p.integrity.push("md5".into()),
            // AH, compression and SEAL are no part of an AWS tunnel; kept out of the lists.
            _ if w.starts_with("ah-") || w == "comp-lzs" || w == "esp-seal" => {}
            _ => cx.problem(
                l.span,
                format!("`{}`: `{w}` is not an IPsec transform", l.text),
            ),
        }
        i += 1;
    }
    if p.encryption.is_empty() {
        cx.problem(
            l.span,
            format!("`{}`: the transform-set has no ESP encryption", l.text),
        );
    }
    // Children (`mode tunnel|transport`) do not change what is negotiated with AWS.
    let b = &mut cx.ipsec;
    b.transform_sets.retain(|x| x.name != p.name);
    b.transform_sets.push(p);
}

/// `crypto ipsec profile NAME`: `set transform-set`, `set pfs`, `set security-association
/// lifetime seconds`, `set ikev2-profile`, `set isakmp-profile`.
fn read_ipsec_profile(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 3) else {
        return;
    };
    let mut p = IpsecProfile {
        kind: "ipsec profile",
        name,
        ..Default::default()
    };
    read_set_lines(cx, idx, &mut p);
    let b = &mut cx.ipsec;
    b.ipsec_profiles.retain(|x| x.name != p.name);
    b.ipsec_profiles.push(p);
}

/// `crypto map NAME SEQ ipsec-isakmp`: the same `set` lines as an ipsec profile, plus
/// `set peer A.B.C.D`. Named `NAME SEQ`.
fn read_crypto_map(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let mut p = IpsecProfile {
        kind: "crypto map",
        name: format!("{} {}", header.word(2), header.word(3)),
        ..Default::default()
    };
    read_set_lines(cx, idx, &mut p);
    let b = &mut cx.ipsec;
    b.crypto_maps.retain(|x| x.name != p.name);
    b.crypto_maps.push(p);
}

/// `set transform-set`, `set pfs`, `set security-association lifetime seconds`, `set
/// ikev2-profile`, `set isakmp-profile` (and, in a crypto map, `set peer`).
fn read_set_lines(cx: &mut Context, idx: u32, p: &mut IpsecProfile) {
    for c in children(cx, idx) {
        let l = cx.line(c);
        if l.word(0) != "set" {
            cx.unknown();
            continue;
        }
        match l.word(1) {
            "transform-set" => {
                if l.len() < 3 {
                    cx.problem(l.span, "`set transform-set`: expected a transform-set name");
                }
                p.transform_sets = (2..l.len())
                    .map(|i| Spanned::new(l.word(i).to_string(), l.span))
                    .collect();
            }
            // `set pfs` alone asks for group 1.
            "pfs" => {
                let g = match l.word(2) {
                    "" => Some(1),
                    w => dh_group(cx, &l, w),
                };
                p.pfs = g.map(|g| Spanned::new(g, l.span));
            }
            "security-association" if l.word(2) == "lifetime" => {
                if l.word(3) == "seconds" {
                    p.lifetime = read_seconds(cx, &l, 4);
                }
            }
            "peer" => match l.word(2).parse::<IpAddr>() {
                Ok(ip) => p.peers.push(Spanned::new(ip, l.span)),
                // `set peer NAME` (a DNS name) cannot be paired with an AWS address.
                Err(_) if looks_like_ipv4(l.word(2)) => {
                    cx.problem(l.span, "`set peer`: expected an IP address")
                }
                Err(_) => {}
            },
            "ikev2-profile" | "isakmp-profile" => {
                let v = l.word(2);
                if v.is_empty() {
                    cx.problem(l.span, format!("`{}`: expected a profile name", l.text));
                    continue;
                }
                let v = Some(Spanned::new(v.to_string(), l.span));
                if l.word(1) == "ikev2-profile" {
                    p.ikev2_profile = v;
                } else {
                    p.isakmp_profile = v;
                }
            }
            _ => cx.unknown(),
        }
    }
}

// ---------------------------------------------------------------------------- resolution

/// The entry with the longest prefix that covers `ip`.
fn best<'a, T>(items: impl Iterator<Item = (&'a IpNet, T)>, ip: IpAddr) -> Option<T> {
    items
        .filter(|(n, _)| n.contains(&ip))
        .max_by_key(|(n, _)| n.prefix_len())
        .map(|(_, t)| t)
}

fn is_host(n: &IpNet) -> bool {
    n.prefix_len() == n.max_prefix_len()
}

/// IOS's built-in IKEv2 `default` proposal. IOS-XE 16 and later show AES-CBC-256,
/// SHA-512/384 and groups 19, 14, 21, 5; IOS 15 and older showed AES-CBC-256/192/128,
/// SHA-512/384/256, SHA-1, MD5 and groups 5, 2. The `version` line picks; without one,
/// the newer set.
fn ikev2_default_proposal(major: Option<u32>, span: Span) -> IkeProposal {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let legacy = major.is_some_and(|m| m < 16);
    IkeProposal {
        name: "default".into(),
        span,
        encryption: if legacy {
            s(&["aes256", "aes192", "aes128"])
        } else {
            s(&["aes256"])
        },
        integrity: if legacy {
            s(&["sha2-512", "sha2-384", "sha2-256", "sha1", "md5"])
        } else {
            s(&["sha2-512", "sha2-384"])
        },
        dh_groups: if legacy {
            vec![5, 2]
        } else {
            vec![19, 14, 21, 5]
        },
        lifetime: None,
    }
}

/// IOS's default isakmp policies for pre-shared keys with AES (used when none is configured).
fn isakmp_default_policies(span: Span) -> Vec<IkeProposal> {
    [("65508", "sha1"), ("65510", "md5")]
        .into_iter()
        .map(|(name, hash)| IkeProposal {
            name: name.into(),
            span,
            encryption: vec!["aes128".into()],
            integrity: vec![hash.into()],
            dh_groups: vec![5],
            lifetime: None,
        })
        .collect()
}

/// The major number of the `version 17.3` line at the top of a running-config.
fn ios_major(text: &str, tree: &IndentTree) -> Option<u32> {
    tree.roots().find_map(|i| {
        let l = Line::new(text, tree.span(i));
        (l.word(0) == "version")
            .then(|| l.word(1).split('.').next().and_then(parse_u32_digits))
            .flatten()
    })
}

/// Where a peer comes from before it is resolved.
struct Candidate {
    addr: IpAddr,
    /// Index into `model.interfaces` of the tunnel whose destination it is.
    tunnel: Option<usize>,
    /// Index into the crypto map entries whose `set peer` it is.
    map: Option<usize>,
    /// The line that named the address.
    span: Span,
}

impl IpsecBuilder {
    fn problem(model: &mut RouterModel, span: Span, message: String) {
        model.problems.push(ConfigProblem { span, message });
    }

    /// Dangling names: IOS stops at the first missing piece, so each one matters.
    fn check_references(&self, model: &mut RouterModel) {
        let mut out = Vec::new();
        for p in self.ipsec_profiles.iter().chain(&self.crypto_maps) {
            for t in &p.transform_sets {
                if !self.transform_sets.iter().any(|x| x.name == t.value) {
                    out.push((
                        t.span,
                        format!(
                            "{} {}: no `crypto ipsec transform-set {}` is defined",
                            p.kind, p.name, t.value
                        ),
                    ));
                }
            }
            if let Some(v) = &p.ikev2_profile {
                if !self.ikev2_profiles.iter().any(|x| x.name == v.value) {
                    out.push((
                        v.span,
                        format!(
                            "{} {}: no `crypto ikev2 profile {}` is defined",
                            p.kind, p.name, v.value
                        ),
                    ));
                }
            }
            if let Some(v) = &p.isakmp_profile {
                if !self.isakmp_profiles.iter().any(|x| x.name == v.value) {
                    out.push((
                        v.span,
                        format!(
                            "{} {}: no `crypto isakmp profile {}` is defined",
                            p.kind, p.name, v.value
                        ),
                    ));
                }
            }
        }
        for p in &self.ikev2_profiles {
            if let Some(k) = &p.keyring {
                if !self.ikev2_keyrings.iter().any(|x| x.name == k.value) {
                    out.push((
                        k.span,
                        format!(
                            "ikev2 profile {}: no `crypto ikev2 keyring {}` is defined",
                            p.name, k.value
                        ),
                    ));
                }
            }
        }
        for p in &self.isakmp_profiles {
            for k in &p.keyrings {
                if !self.keyrings.iter().any(|x| x.name == *k) {
                    out.push((
                        p.span,
                        format!(
                            "isakmp profile {}: no `crypto keyring {k}` is defined",
                            p.name
                        ),
                    ));
                }
            }
        }
        for pol in &self.ikev2_policies {
            for pr in &pol.proposals {
                if pr.value != "default" && !self.ikev2_proposals.iter().any(|x| x.name == pr.value)
                {
                    out.push((
                        pr.span,
                        format!("no `crypto ikev2 proposal {}` is defined", pr.value),
                    ));
                }
            }
        }
        for i in &model.interfaces {
            if let Some(prot) = i.tunnel.as_ref().and_then(|t| t.protection.as_ref()) {
                if !self.ipsec_profiles.iter().any(|x| x.name == prot.value) {
                    out.push((
                        prot.span,
                        format!(
                            "{}: no `crypto ipsec profile {}` is defined",
                            i.name, prot.value
                        ),
                    ));
                }
            }
        }
        for (span, m) in out {
            Self::problem(model, span, m);
        }
    }

    /// Tunnel destinations first (in interface order), then single-host addresses the
    /// crypto configuration names, each address once.
    fn candidates(&self, interfaces: &[Interface]) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        for (n, i) in interfaces.iter().enumerate() {
            let Some(t) = &i.tunnel else { continue };
            if let (Some(_), Some(d)) = (&t.protection, &t.destination) {
                if !out.iter().any(|c| c.addr == d.value) {
                    out.push(Candidate {
                        addr: d.value,
                        tunnel: Some(n),
                        map: None,
                        span: d.span,
                    });
                }
            }
        }
        for (n, m) in self.crypto_maps.iter().enumerate() {
            for a in &m.peers {
                if !out.iter().any(|c| c.addr == a.value) {
                    out.push(Candidate {
                        addr: a.value,
                        tunnel: None,
                        map: Some(n),
                        span: a.span,
                    });
                }
            }
        }
        let mut named: Vec<(IpNet, Span)> = Vec::new();
        for p in &self.isakmp_profiles {
            named.extend(p.identities.iter().map(|s| (s.value, s.span)));
        }
        for k in &self.keyrings {
            named.extend(k.entries.iter().map(|e| (e.net, e.psk.span)));
        }
        named.extend(self.isakmp_keys.iter().map(|e| (e.net, e.psk.span)));
        for p in &self.ikev2_profiles {
            named.extend(p.identities.iter().map(|s| (s.value, s.span)));
        }
        for k in &self.ikev2_keyrings {
            for p in &k.peers {
                named.extend(p.nets.iter().map(|n| (*n, p.span)));
            }
        }
        for (net, span) in named {
            if is_host(&net) && !out.iter().any(|c| c.addr == net.addr()) {
                out.push(Candidate {
                    addr: net.addr(),
                    tunnel: None,
                    map: None,
                    span,
                });
            }
        }
        out
    }

    fn names_v2(&self, ip: IpAddr) -> bool {
        self.ikev2_profiles
            .iter()
            .flat_map(|p| p.identities.iter())
            .any(|s| s.value.contains(&ip))
            || self
                .ikev2_keyrings
                .iter()
                .flat_map(|k| k.peers.iter())
                .flat_map(|p| p.nets.iter())
                .any(|n| n.contains(&ip))
    }

    fn names_v1(&self, ip: IpAddr) -> bool {
        self.isakmp_profiles
            .iter()
            .flat_map(|p| p.identities.iter())
            .any(|s| s.value.contains(&ip))
            || self
                .keyrings
                .iter()
                .flat_map(|k| k.entries.iter())
                .chain(self.isakmp_keys.iter())
                .any(|e| e.net.contains(&ip))
    }

    /// IKEv1: the isakmp profile, the key and DPD for one address.
    fn resolve_v1(&self, peer: &mut IkePeer, ip: IpAddr, set_profile: Option<&str>) {
        let profile = match set_profile {
            Some(n) => self.isakmp_profiles.iter().find(|p| p.name == n),
            None => best(
                self.isakmp_profiles
                    .iter()
                    .flat_map(|p| p.identities.iter().map(move |s| (&s.value, p))),
                ip,
            ),
        };
        let rings: Vec<&Keyring> = match profile {
            Some(p) if !p.keyrings.is_empty() => self
                .keyrings
                .iter()
                .filter(|k| p.keyrings.contains(&k.name))
                .collect(),
            _ => self.keyrings.iter().collect(),
        };
        let entry = best(
            rings
                .iter()
                .flat_map(|k| k.entries.iter().map(move |e| (&e.net, (k, e)))),
            ip,
        );
        let global = best(self.isakmp_keys.iter().map(|e| (&e.net, e)), ip);
        let searched_global = profile.is_none_or(|p| p.keyrings.is_empty());
        peer.psk = entry
            .map(|(_, e)| e.psk.clone())
            .or_else(|| global.filter(|_| searched_global).map(|e| e.psk.clone()));
        peer.keyring = entry.map(|(k, _)| k.name.clone());
        if let Some(p) = profile {
            peer.name = p.name.clone();
            peer.span = p.span;
            peer.profile = Some(p.name.clone());
        } else if let Some((k, e)) = entry {
            peer.name = k.name.clone();
            peer.span = e.psk.span;
        } else if let Some(e) = global {
            peer.name = format!("isakmp key {ip}");
            peer.span = e.psk.span;
        }
        peer.dpd = profile
            .and_then(|p| p.keepalive.clone())
            .or_else(|| self.isakmp_keepalive.clone());
        peer.ike_proposals = if self.isakmp_policies.is_empty() {
            vec!["65508".into(), "65510".into()]
        } else {
            self.pre_share.clone()
        };
    }

    /// IKEv2: the ikev2 profile, its key, proposals, lifetime and DPD for one address.
    fn resolve_v2(
        &self,
        peer: &mut IkePeer,
        ip: IpAddr,
        set_profile: Option<&str>,
        problems: &mut Vec<(Span, String)>,
    ) {
        let profile = match set_profile {
            Some(n) => self.ikev2_profiles.iter().find(|p| p.name == n),
            None => best(
                self.ikev2_profiles
                    .iter()
                    .flat_map(|p| p.identities.iter().map(move |s| (&s.value, p))),
                ip,
            ),
        };
        let ring = profile
            .and_then(|p| p.keyring.as_ref())
            .and_then(|k| self.ikev2_keyrings.iter().find(|r| r.name == k.value));
        let ring_peer = ring.and_then(|r| {
            best(
                r.peers
                    .iter()
                    .flat_map(|p| p.nets.iter().map(move |n| (n, p))),
                ip,
            )
        });
        peer.keyring = ring.map(|r| r.name.clone());
        peer.keyring_peer = ring_peer.map(|p| p.name.clone());
        if let Some(rp) = ring_peer {
            if let (Some(l), Some(r)) = (&rp.local, &rp.remote) {
                if let (Password::Known(a), Password::Known(b)) = (&l.value, &r.value) {
                    if a != b {
                        problems.push((
                            r.span,
                            format!(
                                "ikev2 keyring peer {}: the local and remote pre-shared keys differ; AWS uses one key for both directions",
                                rp.name
                            ),
                        ));
                    }
                }
            }
        }
        peer.psk = profile
            .and_then(|p| p.local_key.clone())
            .or_else(|| ring_peer.and_then(|rp| rp.psk.clone().or_else(|| rp.local.clone())));
        if let Some(p) = profile {
            peer.name = p.name.clone();
            peer.span = p.span;
            peer.profile = Some(p.name.clone());
            peer.ike_lifetime = p.lifetime.clone();
            peer.dpd = p.dpd.clone();
        } else if let Some(rp) = ring_peer {
            peer.name = rp.name.clone();
            peer.span = rp.span;
        }
        if peer.dpd.is_none() {
            peer.dpd = self.ikev2_dpd.clone();
        }
        peer.ike_proposals = if self.ikev2_policies.is_empty() {
            vec!["default".into()]
        } else {
            let mut v: Vec<String> = Vec::new();
            for pr in self.ikev2_policies.iter().flat_map(|p| p.proposals.iter()) {
                if !v.contains(&pr.value) {
                    v.push(pr.value.clone());
                }
            }
            v
        };
    }

    /// Resolve every peer and write the crypto configuration into the model.
    pub(super) fn finish(self, model: &mut RouterModel, text: &str, tree: &IndentTree) {
        let Some(first) = self.first else {
            // No `crypto` at all: tunnels that name a profile still point at nothing.
            self.check_references(model);
            return;
        };
        self.check_references(model);
        let anchor = Span::new(first.start, 0);
        let mut problems: Vec<(Span, String)> = Vec::new();
        let mut peers: Vec<IkePeer> = Vec::new();
        for c in self.candidates(&model.interfaces) {
            let tunnel = c.tunnel.map(|n| &model.interfaces[n]);
            let prot = tunnel.and_then(|i| i.tunnel.as_ref()?.protection.as_ref());
            let profile = prot
                .and_then(|p| self.ipsec_profiles.iter().find(|x| x.name == p.value))
                .or_else(|| c.map.map(|n| &self.crypto_maps[n]));
            let mut peer = IkePeer {
                name: c.addr.to_string(),
                span: c.span,
                address: Some(Spanned::new(c.addr, c.span)),
                interface: tunnel.map(|i| i.name.clone()),
                ..Default::default()
            };
            // A tunnel or crypto map without an IKEv2 profile initiates IKEv1.
            let bound = tunnel.is_some() || c.map.is_some();
            let version = match (profile, bound) {
                (Some(p), _) if p.ikev2_profile.is_some() => {
                    Spanned::new(2, p.ikev2_profile.as_ref().map_or(c.span, |s| s.span))
                }
                (Some(p), _) if p.isakmp_profile.is_some() => {
                    Spanned::new(1, p.isakmp_profile.as_ref().map_or(c.span, |s| s.span))
                }
                (_, true) => Spanned::new(1, prot.map_or(c.span, |s| s.span)),
                (_, false) if self.names_v2(c.addr) && !self.names_v1(c.addr) => {
                    Spanned::new(2, c.span)
                }
                _ => Spanned::new(1, c.span),
            };
            if version.value == 2 {
                let set = profile
                    .and_then(|p| p.ikev2_profile.as_ref())
                    .map(|s| s.value.as_str());
                self.resolve_v2(&mut peer, c.addr, set, &mut problems);
            } else {
                let set = profile
                    .and_then(|p| p.isakmp_profile.as_ref())
                    .map(|s| s.value.as_str());
                self.resolve_v1(&mut peer, c.addr, set);
            }
            peer.ike_version = Some(version);
            if let Some(p) = profile {
                peer.ipsec_proposals = p.transform_sets.iter().map(|t| t.value.clone()).collect();
                peer.pfs_group = p.pfs.clone();
                peer.ipsec_lifetime = p.lifetime.clone();
            }
            if peer.ipsec_lifetime.is_none() {
                peer.ipsec_lifetime = self.sa_lifetime.clone();
            }
            peers.push(peer);
        }
        let mut ike = self.isakmp_policies;
        let uses = |name: &str| {
            peers
                .iter()
                .any(|p| p.ike_proposals.iter().any(|n| n == name))
        };
        if ike.is_empty()
            && peers
                .iter()
                .any(|p| p.ike_version.as_ref().is_some_and(|v| v.value == 1))
        {
            ike.extend(isakmp_default_policies(anchor));
        }
        let mut v2 = self.ikev2_proposals;
        if uses("default") && !v2.iter().any(|p| p.name == "default") {
            v2.push(ikev2_default_proposal(ios_major(text, tree), anchor));
        }
        ike.extend(v2);
        model.ipsec = Ipsec {
            ike_proposals: ike,
            ipsec_proposals: self.transform_sets,
            peers,
        };
        for (span, m) in problems {
            Self::problem(model, span, m);
        }
    }
}

#[cfg(test)]
mod tests;

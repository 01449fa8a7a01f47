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
//! [`crate::model::PlatformProfile::default_ike_lifetime`]). Keys: type 0 or no type is clear text,
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
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::IpAddr;

mod ikev1;
mod ikev2;
mod phase2;
mod resolve;

use ikev1::{read_isakmp_key, read_isakmp_policy, read_isakmp_profile, read_keyring};
use ikev2::{read_ikev2_keyring, read_ikev2_policy, read_ikev2_profile, read_ikev2_proposal};
use phase2::{read_crypto_map, read_ipsec_profile, read_transform_set};

/// Named definitions in first-definition order. IOS merges a block entered twice, so a
/// reader takes the definition out ([`Defs::take`]), adds to it and puts it back.
struct Defs<T> {
    items: Vec<T>,
    index: HashMap<String, usize>,
}

impl<T> Default for Defs<T> {
    fn default() -> Self {
        Defs {
            items: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T: Default> Defs<T> {
    /// The definition so far (left empty in place), or a new one with `init` applied.
    fn take(&mut self, name: &str, init: impl FnOnce(&mut T)) -> T {
        match self.index.get(name) {
            Some(&i) => std::mem::take(&mut self.items[i]),
            None => {
                let mut t = T::default();
                init(&mut t);
                t
            }
        }
    }

    fn put(&mut self, name: &str, item: T) {
        match self.index.get(name) {
            Some(&i) => self.items[i] = item,
            None => {
                self.index.insert(name.to_string(), self.items.len());
                self.items.push(item);
            }
        }
    }
}

impl<T> Defs<T> {
    fn get(&self, name: &str) -> Option<&T> {
        self.index.get(name).map(|&i| &self.items[i])
    }

    fn contains(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// A pre-shared key for an address range (keyring entry, `crypto isakmp key`).
struct PskEntry {
    net: IpNet,
    psk: Spanned<Password>,
}

#[derive(Default)]
struct Keyring {
    name: String,
    entries: Vec<PskEntry>,
}

/// `crypto isakmp policy N`; IOS defaults are filled in when the model is written.
#[derive(Default)]
struct IsakmpPolicy {
    proposal: IkeProposal,
    /// `authentication pre-share` (IOS's default is `rsa-sig`).
    pre_share: bool,
}

#[derive(Default)]
struct IsakmpProfile {
    name: String,
    span: Span,
    keyrings: Vec<String>,
    identities: Vec<Spanned<IpNet>>,
    keepalive: Option<Spanned<u32>>,
}

#[derive(Default)]
struct Ikev2KeyringPeer {
    name: String,
    span: Span,
    nets: Vec<IpNet>,
    psk: Option<Spanned<Password>>,
    local: Option<Spanned<Password>>,
    remote: Option<Spanned<Password>>,
}

#[derive(Default)]
struct Ikev2Keyring {
    name: String,
    peers: Defs<Ikev2KeyringPeer>,
}

#[derive(Default)]
struct Ikev2Profile {
    name: String,
    span: Span,
    identities: Vec<Spanned<IpNet>>,
    keyring: Option<Spanned<String>>,
    local_key: Option<Spanned<Password>>,
    lifetime: Option<Spanned<u32>>,
    dpd: Option<Spanned<u32>>,
}

#[derive(Default)]
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
    isakmp_policies: Defs<IsakmpPolicy>,
    keyrings: Defs<Keyring>,
    isakmp_keys: Vec<PskEntry>,
    isakmp_profiles: Defs<IsakmpProfile>,
    isakmp_keepalive: Option<Spanned<u32>>,
    ikev2_proposals: Defs<IkeProposal>,
    ikev2_policies: Defs<Ikev2Policy>,
    ikev2_keyrings: Defs<Ikev2Keyring>,
    ikev2_profiles: Defs<Ikev2Profile>,
    ikev2_dpd: Option<Spanned<u32>>,
    transform_sets: Defs<IpsecProposal>,
    ipsec_profiles: Defs<IpsecProfile>,
    crypto_maps: Defs<IpsecProfile>,
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

#[cfg(test)]
mod tests;

//! IKEv1: `crypto keyring`, `crypto isakmp key`, `crypto isakmp policy`, `crypto isakmp profile`.

use super::*;

/// `crypto keyring NAME` with `pre-shared-key address A [M] key [0|6|7] KEY` entries.
pub(super) fn read_keyring(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 2) else {
        return;
    };
    let mut ring = cx
        .ipsec
        .keyrings
        .take(&name, |r: &mut Keyring| r.name = name.clone());
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
            _ => cx.unknown(l.span),
        }
    }
    cx.ipsec.keyrings.put(&name, ring);
}

/// `crypto isakmp key [0|6|7] KEY address A [M] [no-xauth]` (global keyring).
pub(super) fn read_isakmp_key(cx: &mut Context, l: &Line) {
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
pub(super) fn read_isakmp_policy(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 3) else {
        return;
    };
    let mut pol = cx
        .ipsec
        .isakmp_policies
        .take(&name, |p: &mut IsakmpPolicy| {
            p.proposal.name = name.clone();
            p.proposal.span = header.span;
        });
    let p = &mut pol.proposal;
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
            "authentication" => pol.pre_share = l.word(1) == "pre-share",
            _ => cx.unknown(l.span),
        }
    }
    cx.ipsec.isakmp_policies.put(&name, pol);
}

/// `crypto isakmp profile NAME`: `keyring`, `match identity address`, `keepalive S retry R`.
pub(super) fn read_isakmp_profile(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 3) else {
        return;
    };
    let mut p = cx
        .ipsec
        .isakmp_profiles
        .take(&name, |p: &mut IsakmpProfile| {
            p.name = name.clone();
            p.span = header.span;
        });
    for c in children(cx, idx) {
        let l = cx.line(c);
        match (l.word(0), l.word(1), l.word(2)) {
            ("keyring", k, _) if !k.is_empty() => push_unique(&mut p.keyrings, k.to_string()),
            ("match", "identity", "address") => match address_range(&l, 3) {
                Some(net) => p.identities.push(Spanned::new(net, l.span)),
                None => bad_address(cx, &l),
            },
            ("keepalive", _, _) => p.keepalive = read_dpd(cx, &l, 1),
            _ => cx.unknown(l.span),
        }
    }
    cx.ipsec.isakmp_profiles.put(&name, p);
}

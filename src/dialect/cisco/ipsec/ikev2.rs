//! IKEv2: `crypto ikev2 proposal | policy | keyring | profile`.

use super::*;

/// `crypto ikev2 proposal NAME`: `encryption …`, `integrity …`, `group …` (lists).
pub(super) fn read_ikev2_proposal(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 3) else {
        return;
    };
    let mut p = cx.ipsec.ikev2_proposals.take(&name, |p: &mut IkeProposal| {
        p.name = name.clone();
        p.span = header.span;
    });
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
                    push_unique(&mut p.encryption, names::encryption(w));
                }
            }
            "integrity" => {
                for w in values {
                    push_unique(&mut p.integrity, names::integrity(w));
                }
            }
            "group" => {
                for w in values {
                    if let Some(g) = dh_group(cx, &l, w) {
                        push_unique(&mut p.dh_groups, g);
                    }
                }
            }
            _ => cx.unknown(l.span),
        }
    }
    cx.ipsec.ikev2_proposals.put(&name, p);
}

/// `crypto ikev2 policy NAME`: the `proposal NAME` lines.
pub(super) fn read_ikev2_policy(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 3) else {
        return;
    };
    let mut pol = cx.ipsec.ikev2_policies.take(&name, |_| {});
    for c in children(cx, idx) {
        let l = cx.line(c);
        match l.word(0) {
            "proposal" if !l.word(1).is_empty() => {
                for i in 1..l.len() {
                    let name = l.word(i);
                    if !pol.proposals.iter().any(|p| p.value == name) {
                        pol.proposals.push(Spanned::new(name.to_string(), l.span));
                    }
                }
            }
            _ => cx.unknown(l.span),
        }
    }
    cx.ipsec.ikev2_policies.put(&name, pol);
}

/// `crypto ikev2 keyring NAME` with `peer NAME` blocks (`address`, `pre-shared-key`).
pub(super) fn read_ikev2_keyring(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 3) else {
        return;
    };
    let mut ring = cx
        .ipsec
        .ikev2_keyrings
        .take(&name, |r: &mut Ikev2Keyring| r.name = name.clone());
    for c in children(cx, idx) {
        let l = cx.line(c);
        if l.word(0) != "peer" {
            cx.unknown(l.span);
            continue;
        }
        let Some(pname) = name_of(cx, &l, 1) else {
            continue;
        };
        let mut peer = ring.peers.take(&pname, |p: &mut Ikev2KeyringPeer| {
            p.name = pname.clone();
            p.span = l.span;
        });
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
                _ => cx.unknown(l.span),
            }
        }
        ring.peers.put(&pname, peer);
    }
    cx.ipsec.ikev2_keyrings.put(&name, ring);
}

/// `crypto ikev2 profile NAME`: identity, keyring, local key, lifetime, DPD.
pub(super) fn read_ikev2_profile(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 3) else {
        return;
    };
    let mut p = cx.ipsec.ikev2_profiles.take(&name, |p: &mut Ikev2Profile| {
        p.name = name.clone();
        p.span = header.span;
    });
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
            _ => cx.unknown(l.span),
        }
    }
    cx.ipsec.ikev2_profiles.put(&name, p);
}

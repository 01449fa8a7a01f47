//! `crypto …` on ASA: IKE policies, IPsec transform-sets / proposals, profiles and crypto
//! maps, in both the 8.4+ spelling (`crypto ikev1 policy`, `crypto ipsec ikev1
//! transform-set`, `set ikev1 transform-set`) and the older one (`crypto isakmp policy`,
//! `crypto ipsec transform-set`, `set transform-set`).

use super::{Builder, Profile};
use crate::dialect::cisco::tokens::Line;
use crate::dialect::cisco::Context;
use crate::dialect::common::parse_u32_digits;
use crate::dialect::ipsec_names as names;
use crate::model::{IkeProposal, IpsecProposal};
use crate::source::Spanned;

pub(super) fn read(bld: &mut Builder, cx: &mut Context, idx: u32, l: &Line) {
    bld.first.get_or_insert(l.span);
    match (l.word(1), l.word(2)) {
        ("ikev1" | "isakmp", "policy") => ikev1_policy(bld, cx, idx, l),
        ("ikev2", "policy") => ikev2_policy(bld, cx, idx, l),
        ("ikev1" | "isakmp", "enable") => bld.ikev1_enabled = true,
        ("ikev2", "enable") => bld.ikev2_enabled = true,
        ("ipsec", "ikev1") if l.word(3) == "transform-set" => transform_set(bld, cx, l, 4),
        ("ipsec", "transform-set") => transform_set(bld, cx, l, 3),
        ("ipsec", "ikev2") if l.word(3) == "ipsec-proposal" => ipsec_proposal(bld, cx, idx, l),
        ("ipsec", "profile") => {
            let name = l.word(3);
            if name.is_empty() {
                cx.problem(l.span, "`crypto ipsec profile` without a name");
                return;
            }
            let mut p = bld.profiles.remove(name).unwrap_or_default();
            if p.span.is_empty() {
                p.span = l.span;
            }
            let mut kids = cx.tree.child_cursor(idx);
            while let Some(k) = kids.next(&cx.tree) {
                let k = cx.line(k);
                if k.word(0) == "set" {
                    profile_set(cx, &mut p, &k, 1);
                } else {
                    cx.unknown(k.span);
                }
            }
            bld.profiles.insert(name.to_string(), p);
        }
        ("ipsec", "security-association") if l.word(3) == "lifetime" => {
            if let Some(s) = seconds(cx, l, 4) {
                bld.sa_lifetime = Some(s);
            }
        }
        ("map", name) if !name.is_empty() && parse_u32_digits(l.word(3)).is_some() => {
            crypto_map(bld, cx, l)
        }
        _ => cx.unknown(l.span),
    }
}

/// `crypto map NAME SEQ set …` / `match address ACL`: one line per setting.
fn crypto_map(bld: &mut Builder, cx: &mut Context, l: &Line) {
    let key = format!("{} {}", l.word(2), l.word(3));
    let maps = &mut bld.maps;
    let at = match maps.iter().position(|(k, _)| *k == key) {
        Some(i) => i,
        None => {
            maps.push((
                key,
                Profile {
                    span: l.span,
                    ..Default::default()
                },
            ));
            maps.len() - 1
        }
    };
    let mut p = std::mem::take(&mut bld.maps[at].1);
    if l.word(4) == "set" {
        profile_set(cx, &mut p, l, 5);
    } else {
        cx.unknown(l.span);
    }
    bld.maps[at].1 = p;
}

/// A `set …` of a profile or map entry, its keyword at word `at`.
fn profile_set(cx: &mut Context, p: &mut Profile, l: &Line, at: usize) {
    let names_from =
        |from: usize| -> Vec<String> { (from..l.len()).map(|i| l.word(i).to_string()).collect() };
    match (l.word(at), l.word(at + 1)) {
        ("ikev1", "transform-set") => p.ikev1_sets = names_from(at + 2),
        ("transform-set", _) => p.ikev1_sets = names_from(at + 1),
        ("ikev2", "ipsec-proposal") => p.ikev2_proposals = names_from(at + 2),
        ("pfs", g) => {
            // `set pfs` alone: group 2 (the ASA command reference's default).
            let g = if g.is_empty() { "group2" } else { g };
            match dh(g) {
                Some(n) => p.pfs = Some(Spanned::new(n, l.span)),
                None => cx.problem(l.span, format!("`{}`: `{g}` is not a DH group", l.text)),
            }
        }
        ("security-association", "lifetime") => {
            if let Some(s) = seconds(cx, l, at + 2) {
                p.lifetime = Some(s);
            }
        }
        ("peer", _) => {
            for i in at + 1..l.len() {
                p.peers.push(Spanned::new(l.word(i).to_string(), l.span));
            }
        }
        _ => cx.unknown(l.span),
    }
}

/// `… lifetime seconds N [kilobytes K]` from word `at` (`kilobytes` alone: no seconds).
fn seconds(cx: &mut Context, l: &Line, at: usize) -> Option<Spanned<u32>> {
    let pos = l.find("seconds", at)?;
    match parse_u32_digits(l.word(pos + 1)) {
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

/// `group14`, `14`.
fn dh(w: &str) -> Option<u32> {
    parse_u32_digits(w.strip_prefix("group").unwrap_or(w)).filter(|n| (1..=32).contains(n))
}

/// ASA's cipher keywords (`aes` is AES-128, `aes-gcm` AES-GCM-128 with a 16-octet ICV).
fn cipher(w: &str) -> String {
    match w.to_ascii_lowercase().as_str() {
        "aes" => "aes128".into(),
        "aes-gcm" => "aes128-gcm-16".into(),
        other => names::encryption(other),
    }
}

fn ikev1_policy(bld: &mut Builder, cx: &mut Context, idx: u32, l: &Line) {
    let mut p = IkeProposal {
        name: format!("ikev1 policy {}", l.word(3)),
        span: l.span,
        ..Default::default()
    };
    let mut pre_share = true;
    let mut kids = cx.tree.child_cursor(idx);
    while let Some(k) = kids.next(&cx.tree) {
        let k = cx.line(k);
        let v = k.word(1);
        match k.word(0) {
            "authentication" => pre_share = v == "pre-share",
            "encryption" => p.encryption = vec![cipher(v)],
            "hash" => p.integrity = vec![names::integrity(v)],
            "group" => match dh(v) {
                Some(n) => p.dh_groups = vec![n],
                None => cx.problem(k.span, format!("`{}`: expected a DH group", k.text)),
            },
            "lifetime" => {
                if let Some(n) = parse_u32_digits(v) {
                    p.lifetime = Some(Spanned::new(n, k.span));
                }
            }
            _ => cx.unknown(k.span),
        }
    }
    // Values at their default are not printed: 3DES, SHA-1, group 2.
    if p.encryption.is_empty() {
        p.encryption.push("3des".into());
    }
    if p.integrity.is_empty() {
        p.integrity.push("sha1".into());
    }
    if p.dh_groups.is_empty() {
        p.dh_groups.push(2);
    }
    // Certificate policies cannot serve a pre-shared-key tunnel.
    if pre_share {
        bld.ikev1_policies.push(p);
    }
}

fn ikev2_policy(bld: &mut Builder, cx: &mut Context, idx: u32, l: &Line) {
    let mut p = IkeProposal {
        name: format!("ikev2 policy {}", l.word(3)),
        span: l.span,
        ..Default::default()
    };
    let mut kids = cx.tree.child_cursor(idx);
    while let Some(k) = kids.next(&cx.tree) {
        let k = cx.line(k);
        let words = (1..k.len()).map(|i| k.word(i));
        match k.word(0) {
            "encryption" => p.encryption = words.map(cipher).collect(),
            "integrity" => {
                p.integrity = words
                    .filter(|w| *w != "null")
                    .map(names::integrity)
                    .collect()
            }
            "group" => {
                for w in words {
                    match dh(w) {
                        Some(n) => p.dh_groups.push(n),
                        None => {
                            cx.problem(k.span, format!("`{}`: `{w}` is not a DH group", k.text))
                        }
                    }
                }
            }
            "lifetime" => {
                if let Some(n) = parse_u32_digits(k.word(2)) {
                    p.lifetime = Some(Spanned::new(n, k.span));
                }
            }
            _ => cx.unknown(k.span),
        }
    }
    bld.ikev2_policies.push(p);
}

/// `crypto ipsec [ikev1] transform-set NAME esp-aes-256 esp-sha-hmac`, words from `at`.
fn transform_set(bld: &mut Builder, cx: &mut Context, l: &Line, at: usize) {
    let name = l.word(at);
    if name.is_empty() {
        cx.problem(l.span, "`transform-set` without a name");
        return;
    }
    let mut p = IpsecProposal {
        name: name.to_string(),
        span: l.span,
        ..Default::default()
    };
    for i in at + 1..l.len() {
        let w = l.word(i).to_ascii_lowercase();
        let Some(alg) = w.strip_prefix("esp-") else {
            continue;
        };
        if let Some(h) = alg.strip_suffix("-hmac") {
            p.integrity.push(names::integrity(h));
        } else if alg != "none" && alg != "null" {
            p.encryption.push(cipher(alg));
        }
    }
    let sets = &mut bld.ikev1_sets;
    sets.retain(|s| s.name != name);
    sets.push(p);
}

/// `crypto ipsec ikev2 ipsec-proposal NAME` with `protocol esp encryption|integrity …`.
fn ipsec_proposal(bld: &mut Builder, cx: &mut Context, idx: u32, l: &Line) {
    let name = l.word(4);
    if name.is_empty() {
        cx.problem(l.span, "`ipsec-proposal` without a name");
        return;
    }
    let mut p = IpsecProposal {
        name: name.to_string(),
        span: l.span,
        ..Default::default()
    };
    let mut kids = cx.tree.child_cursor(idx);
    while let Some(k) = kids.next(&cx.tree) {
        let k = cx.line(k);
        if k.word(0) != "protocol" || k.word(1) != "esp" {
            cx.unknown(k.span);
            continue;
        }
        let words = (3..k.len()).map(|i| k.word(i)).filter(|w| *w != "null");
        match k.word(2) {
            "encryption" => p.encryption = words.map(cipher).collect(),
            "integrity" => p.integrity = words.map(names::integrity).collect(),
            _ => cx.unknown(k.span),
        }
    }
    let props = &mut bld.ikev2_proposals;
    props.retain(|s| s.name != name);
    props.push(p);
}

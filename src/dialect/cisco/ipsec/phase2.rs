//! Phase 2: `crypto ipsec transform-set`, `crypto ipsec profile`, `crypto map … ipsec-isakmp`.

use super::*;

/// `crypto ipsec transform-set NAME esp-aes 256 esp-sha256-hmac` (+ `mode tunnel`).
pub(super) fn read_transform_set(cx: &mut Context, idx: u32) {
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
    // AH alone offers no ESP cipher at all, which AWS (ESP only) reads as none: `null`.
    if p.encryption.is_empty() && (4..l.len()).any(|i| l.word(i).starts_with("ah-")) {
        p.encryption.push("null".into());
    }
    if l.len() <= 4 {
        cx.problem(
            l.span,
            format!("`{}`: the transform-set names no transform", l.text),
        );
    }
    // Children (`mode tunnel|transport`) do not change what is negotiated with AWS.
    // Entering a transform-set again with other transforms replaces them.
    let name = p.name.clone();
    cx.ipsec.transform_sets.put(&name, p);
}

/// `crypto ipsec profile NAME`: `set transform-set`, `set pfs`, `set security-association
/// lifetime seconds`, `set ikev2-profile`, `set isakmp-profile`.
pub(super) fn read_ipsec_profile(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let Some(name) = name_of(cx, &header, 3) else {
        return;
    };
    let mut p = cx.ipsec.ipsec_profiles.take(&name, |p: &mut IpsecProfile| {
        p.kind = "ipsec profile";
        p.name = name.clone();
    });
    read_set_lines(cx, idx, &mut p);
    cx.ipsec.ipsec_profiles.put(&name, p);
}

/// `crypto map NAME SEQ ipsec-isakmp`: the same `set` lines as an ipsec profile, plus
/// `set peer A.B.C.D`. Named `NAME SEQ`.
pub(super) fn read_crypto_map(cx: &mut Context, idx: u32) {
    let header = cx.line(idx);
    let name = format!("{} {}", header.word(2), header.word(3));
    let mut p = cx.ipsec.crypto_maps.take(&name, |p: &mut IpsecProfile| {
        p.kind = "crypto map";
        p.name = name.clone();
    });
    read_set_lines(cx, idx, &mut p);
    cx.ipsec.crypto_maps.put(&name, p);
}

/// `set transform-set`, `set pfs`, `set security-association lifetime seconds`, `set
/// ikev2-profile`, `set isakmp-profile` (and, in a crypto map, `set peer`).
fn read_set_lines(cx: &mut Context, idx: u32, p: &mut IpsecProfile) {
    for c in children(cx, idx) {
        let l = cx.line(c);
        if l.word(0) != "set" {
            cx.unknown(l.span);
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
                Ok(ip) => {
                    if !p.peers.iter().any(|x| x.value == ip) {
                        p.peers.push(Spanned::new(ip, l.span));
                    }
                }
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
            _ => cx.unknown(l.span),
        }
    }
}

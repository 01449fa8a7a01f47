//! `tunnel-group NAME type ipsec-l2l` and `tunnel-group NAME ipsec-attributes` (pre-shared
//! keys, `isakmp keepalive`). A L2L tunnel-group is named by its peer's address (or a
//! `name` alias of it).

use super::{masked, Builder, TunnelGroup};
use crate::dialect::cisco::tokens::Line;
use crate::dialect::cisco::Context;
use crate::dialect::common::parse_u32_digits;
use crate::model::Password;
use crate::secret::Secret;
use crate::source::Spanned;

pub(super) fn read(bld: &mut Builder, cx: &mut Context, idx: u32, l: &Line) {
    bld.first.get_or_insert(l.span);
    let name = l.word(1);
    if name.is_empty() {
        cx.problem(l.span, "`tunnel-group` without a name");
        return;
    }
    let groups = &mut bld.tunnel_groups;
    let at = match groups.iter().position(|g| g.name == name) {
        Some(i) => i,
        None => {
            groups.push(TunnelGroup {
                name: name.to_string(),
                span: l.span,
                ..Default::default()
            });
            groups.len() - 1
        }
    };
    let mut g = std::mem::take(&mut bld.tunnel_groups[at]);
    match l.word(2) {
        "type" => g.l2l = l.word(3) == "ipsec-l2l",
        "ipsec-attributes" => {
            let mut kids = cx.tree.child_cursor(idx);
            while let Some(k) = kids.next(&cx.tree) {
                let k = cx.line(k);
                attribute(cx, &mut g, &k);
            }
        }
        _ => cx.unknown(l.span),
    }
    bld.tunnel_groups[at] = g;
}

fn attribute(cx: &mut Context, g: &mut TunnelGroup, k: &Line) {
    match (k.word(0), k.word(1)) {
        ("ikev1", "pre-shared-key") => g.ikev1_key = key(cx, k, 2),
        ("pre-shared-key", _) => g.ikev1_key = key(cx, k, 1),
        ("ikev2", "remote-authentication") if k.word(2) == "pre-shared-key" => {
            g.ikev2_remote = key(cx, k, 3)
        }
        ("ikev2", "local-authentication") if k.word(2) == "pre-shared-key" => {
            g.ikev2_local = key(cx, k, 3)
        }
        ("isakmp", "keepalive") => {
            if k.word(2) == "disable" {
                g.keepalive = Some(Spanned::new(0, k.span));
            } else if let Some(at) = k.find("threshold", 2) {
                match parse_u32_digits(k.word(at + 1)) {
                    Some(n) => g.keepalive = Some(Spanned::new(n, k.span)),
                    // `threshold infinite`: keepalives sent, never acted on.
                    None if k.word(at + 1) == "infinite" => {
                        g.keepalive = Some(Spanned::new(0, k.span))
                    }
                    None => cx.problem(k.span, format!("`{}`: expected seconds", k.text)),
                }
            }
        }
        _ => cx.unknown(k.span),
    }
}

/// `[0|8] KEY` from word `at`: clear, encrypted with the master passphrase (type 8), or
/// masked by `show running-config`. The key is never put into a message.
fn key(cx: &mut Context, k: &Line, at: usize) -> Option<Spanned<Password>> {
    let (kind, text) = match (k.word(at), k.word(at + 1)) {
        (t @ ("0" | "8"), v) if !v.is_empty() => (t, k.rest(at + 1)),
        (_, _) => ("0", k.rest(at)),
    };
    if text.is_empty() {
        cx.problem(k.span, "`pre-shared-key` without a key");
        return None;
    }
    let pw = if masked(text) {
        Password::Unverifiable("masked as ***** by show running-config")
    } else if kind == "8" {
        Password::Unverifiable("type 8 (AES with the master passphrase)")
    } else {
        Password::Known(Secret::new(text))
    };
    Some(Spanned::new(pw, k.span))
}

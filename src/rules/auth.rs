//! DX401–DX407: the TCP MD5 key. Keys are compared through `Secret` and described by
//! length and whitespace markers only.

use super::{PeeringCx, Severity};
use crate::fix::Fix;
use crate::model::Password;
use crate::rule_id::RuleId;

pub(super) fn check(cx: &mut PeeringCx) {
    let Some(m) = cx.pairing.neighbor else { return };
    let n = m.neighbor;
    let addr = n.addr;
    let id = cx.peering.resource_id.clone();
    let aws = cx.peering.auth_key.clone();
    let placeholder = cx.key_placeholder();
    if aws.is_none() && cx.peering.secrets_omitted {
        // Exported without keys: whether AWS has one is unknown.
        return;
    }
    match (&aws, &n.password) {
        (None, None) => {}
        (None, Some(pw)) => {
            let msg = format!(
                "neighbor {addr} signs TCP with an MD5 key, but {id} has no key: AWS discards every signed segment"
            );
            cx.hit(RuleId::DX402, Some(pw.span), msg)
                .fix(Fix::RemovePassword { neighbor: addr });
        }
        (Some(k), None) => {
            let msg = format!(
                "{id} signs BGP's TCP segments with an MD5 key ({}), but neighbor {addr} has no password: both sides drop each other's segments silently",
                k.describe()
            );
            cx.hit(RuleId::DX401, Some(n.span), msg).fix(Fix::Password {
                neighbor: addr,
                placeholder,
            });
        }
        (Some(k), Some(pw)) => match &pw.value {
            Password::Unverifiable(kind) => {
                let msg = format!(
                    "the key of neighbor {addr} is stored as {kind}, which cannot be decoded: dxlint cannot compare it with {id}'s key; check it by hand"
                );
                cx.hit(RuleId::DX407, Some(pw.span), msg);
            }
            Password::Known(r) => {
                let span = Some(pw.span);
                if !r.is_ascii() {
                    let msg = format!(
                        "the key of neighbor {addr} contains non-ASCII characters ({}); look-alike characters from a password manager or a word processor never match",
                        r.describe()
                    );
                    cx.hit(RuleId::DX405, span, msg).fix(Fix::Password {
                        neighbor: addr,
                        placeholder: placeholder.clone(),
                    });
                } else if r != k && r.eq_trimmed(k) {
                    let msg = format!(
                        "the key of neighbor {addr} differs from {id}'s only in whitespace: router {}, AWS {}",
                        r.describe(),
                        k.describe()
                    );
                    cx.hit(RuleId::DX404, span, msg).fix(Fix::Password {
                        neighbor: addr,
                        placeholder: placeholder.clone(),
                    });
                } else if r != k && !r.eq_folded(k) {
                    let msg = format!(
                        "the key of neighbor {addr} (after decoding) is not {id}'s key: router {}, AWS {}",
                        r.describe(),
                        k.describe()
                    );
                    cx.hit(RuleId::DX403, span, msg).fix(Fix::Password {
                        neighbor: addr,
                        placeholder: placeholder.clone(),
                    });
                }
                length(cx, r.char_len(), span, "the router's key");
            }
        },
    }
    if let Some(k) = &aws {
        if !k.is_ascii() {
            let msg = format!(
                "{id}'s key contains non-ASCII characters ({})",
                k.describe()
            );
            cx.hit(RuleId::DX405, None, msg).aws_only = true;
        }
        if k.has_leading_whitespace() || k.has_trailing_whitespace() {
            let msg = format!(
                "{id}'s key has leading or trailing whitespace ({}); many routers strip it from the configured password",
                k.describe()
            );
            let h = cx.hit(RuleId::DX404, None, msg);
            h.aws_only = true;
        }
        let span = n.password.as_ref().map(|p| p.span).or(Some(n.span));
        length(cx, k.char_len(), span, &format!("{id}'s key"));
    }
}

/// DX406: outside AWS's 6–80 characters, or longer than the platform keeps.
fn length(cx: &mut PeeringCx, len: usize, span: Option<crate::source::Span>, whose: &str) {
    let platform = cx.model.profile();
    let limit = platform.md5_key_limit;
    let msg = if !(6..=80).contains(&len) {
        format!("{whose} has {len} characters; Direct Connect keys are 6 to 80 characters")
    } else if len > limit {
        format!(
            "{whose} has {len} characters; {} keeps at most {limit}, so the router would use a truncated key",
            platform.name
        )
    } else {
        return;
    };
    cx.hit(RuleId::DX406, span, msg).severity(Severity::Warning);
}

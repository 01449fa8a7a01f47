//! Mask secrets in config text before any of it is shown (human output quotes source
//! lines). Byte length is preserved so spans stay valid; the mask shows the length only.
//!
//! Two passes, both structural rather than "the word after a keyword on this line":
//! - every span the dialect recognised as a secret (a neighbor's password, an IKE peer's
//!   key) is masked, wholly when it holds no secret keyword;
//! - every statement that holds a secret keyword, in any spelling a parser tolerates (any
//!   case, `_` for `-`, quoted, glued to the previous statement by `;`, after a non-breaking
//!   space), is masked from the keyword to the statement's end, even when it did not parse:
//!   across line ends while no value has been seen yet (the key on the next line, after a
//!   comment) and across a quoted value spread over lines.

use crate::model::RouterModel;
use crate::source::Span;

/// Words after which the rest of the statement is a secret (compared folded: lower case,
/// `_` as `-`).
const SECRET_WORDS: &[&str] = &[
    "password",
    "secret",
    "key",
    "key-string",
    "authentication-key",
    "auth-key",
    "md5-key",
    "pre-shared-key",
    "pre-shared-secret",
    "psk",
    "ascii-text",
    "hexadecimal",
    "md5",
];

/// Replace every secret value with `*` of the same byte length.
pub fn redact(text: &str) -> String {
    let mut mask = vec![false; text.len()];
    mask_statements(text, &mut mask);
    apply(text, &mask)
}

/// The copy of a source the human report quotes: secrets masked (keywords and the model's
/// secret spans), and control characters that could drive a terminal (ESC, a bare CR, C1
/// codes, bidi overrides) replaced by `?` of the same byte length.
pub fn for_display(text: &str, model: Option<&RouterModel>) -> String {
    let mut mask = vec![false; text.len()];
    mask_statements(text, &mut mask);
    if let Some(m) = model {
        for span in secret_spans(m) {
            let (s, e) = (span.start().min(text.len()), span.end().min(text.len()));
            if s >= e {
                continue;
            }
            // A span whose keyword was seen is masked from the keyword on; one without any
            // keyword (a spelling not listed above) is masked whole.
            let mut inner = vec![false; e - s];
            if !mask_statements(&text[s..e], &mut inner) {
                mask[s..e].iter_mut().for_each(|m| *m = true);
            }
        }
    }
    let masked = apply(text, &mask);
    neutralise_controls(&masked)
}

/// The spans of every secret the dialect recognised in a model.
pub fn secret_spans(m: &RouterModel) -> Vec<Span> {
    m.secrets().map(|p| p.span).collect()
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn is_secret_word(w: &[u8]) -> bool {
    SECRET_WORDS.iter().any(|k| {
        k.len() == w.len()
            && k.bytes().zip(w).all(|(a, &b)| {
                let b = if b == b'_' { b'-' } else { b };
                a == b.to_ascii_lowercase()
            })
    })
}

/// Mark the secret part of every statement with a keyword; true when a keyword was found.
fn mask_statements(text: &str, mask: &mut [bool]) -> bool {
    let b = text.as_bytes();
    let mut found = false;
    let mut i = 0;
    while i < b.len() {
        if !is_word_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_word_byte(b[i]) {
            i += 1;
        }
        if is_secret_word(&b[start..i]) && !is_a_value(b, start) {
            found = true;
            i = mask_value(b, i, mask);
        }
    }
    found
}

/// Whether the secret word at `start` is itself a value, not a keyword: quoted and the last
/// word of its statement (VyOS's `authentication mode 'pre-shared-secret'`), or after
/// `mode` / `method`.
fn is_a_value(b: &[u8], start: usize) -> bool {
    if start > 0 && matches!(b[start - 1], b'"' | b'\'') {
        let q = b[start - 1];
        let close = b[start..].iter().position(|&c| c == q).map(|p| start + p);
        let last = close.is_some_and(|c| {
            b[c + 1..]
                .iter()
                .take_while(|&&c| c != b'\n')
                .all(|&c| c == b' ' || c == b'\t' || c == b'\r' || c == b';')
        });
        if last {
            return true;
        }
    }
    let before = &b[..start];
    let end = before
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    let word_start = before[..end]
        .iter()
        .rposition(|&c| !is_word_byte(c))
        .map_or(0, |p| p + 1);
    end > word_start
        && end - word_start < before.len() + 1
        && before[end..].iter().all(|&c| c == b' ' || c == b'\t')
        && matches!(&before[word_start..end], b"mode" | b"method")
}

/// Mark from `at` to the end of the statement; returns where scanning resumes. The end is a
/// `;`, `{` or `}` outside quotes, or a line end once a value (not a comment) was marked.
fn mask_value(b: &[u8], at: usize, mask: &mut [bool]) -> usize {
    let mut i = at;
    let mut quote: Option<u8> = None;
    let mut seen_value = false;
    let mut comment = false;
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quote {
            if c == b'\\' && i + 1 < b.len() {
                mask[i] = true;
                i += 1;
            } else if c == q {
                quote = None;
            }
            if c != b'\n' {
                mask[i] = true;
            }
            i += 1;
            continue;
        }
        match c {
            b'\n' => {
                comment = false;
                if seen_value {
                    return i;
                }
            }
            b';' | b'{' | b'}' if !comment => return i,
            b'"' | b'\'' if !comment => {
                quote = Some(c);
                seen_value = true;
                mask[i] = true;
            }
            b'/' if !seen_value && !comment && b.get(i + 1) == Some(&b'*') => {
                // A block comment before the value: masked, not the value.
                let end = b[i + 2..]
                    .windows(2)
                    .position(|w| w == b"*/")
                    .map_or(b.len(), |p| i + 2 + p + 2);
                for (k, m) in mask.iter_mut().enumerate().take(end).skip(i) {
                    *m = b[k] != b'\n';
                }
                i = end;
                continue;
            }
            b'#' | b'!' if !seen_value && (i == at || b[i - 1].is_ascii_whitespace()) => {
                comment = true;
                mask[i] = true;
            }
            b' ' | b'\t' | b'\r' => {}
            _ => {
                mask[i] = true;
                if !comment {
                    seen_value = true;
                }
            }
        }
        i += 1;
    }
    i
}

/// `*` for every character with a marked byte (line ends kept).
fn apply(text: &str, mask: &[bool]) -> String {
    if !mask.iter().any(|m| *m) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c != '\n' && c != '\r' && mask[i..i + c.len_utf8()].iter().any(|m| *m) {
            (0..c.len_utf8()).for_each(|_| out.push('*'));
        } else {
            out.push(c);
        }
    }
    out
}

pub use crate::escape::is_dangerous;

/// Replace dangerous characters, and a CR not followed by LF, with `?` per byte.
fn neutralise_controls(text: &str) -> String {
    let b = text.as_bytes();
    let bad = |i: usize, c: char| {
        is_dangerous(c) || (c == '\r' && b.get(i + 1).is_some_and(|&n| n != b'\n'))
    };
    if !text.char_indices().any(|(i, c)| bad(i, c)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if bad(i, c) {
            (0..c.len_utf8()).for_each(|_| out.push('?'));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_values_after_secret_words_keeping_length() {
        let src = " neighbor 1.1.1.1 password 7 0822455D0A16\nauthentication-key \"$9$abc\"; ## SECRET-DATA\nhostname r1\n";
        let r = redact(src);
        assert_eq!(r.len(), src.len());
        assert!(!r.contains("0822455D0A16"));
        assert!(!r.contains("$9$abc"));
        assert!(r.contains("hostname r1"));
        assert!(r.contains(" neighbor 1.1.1.1 password "));
        assert!(r.contains("## SECRET-DATA"));
    }

    #[test]
    fn multibyte_secrets_keep_byte_offsets() {
        let src = "password cl\u{e9}\u{2003}x\n";
        let r = redact(src);
        assert_eq!(r.len(), src.len());
        assert!(r.is_char_boundary(r.len() - 1));
        assert!(!r.contains('\u{e9}'));
    }

    /// A secret word used as a value (VyOS's authentication mode) masks nothing after it.
    #[test]
    fn a_secret_word_as_a_value_is_not_a_keyword() {
        for src in [
            "set vpn ipsec site-to-site peer x authentication mode 'pre-shared-secret'\nset vpn ipsec site-to-site peer x connection-type 'initiate'\n",
            "set vpn ipsec site-to-site peer x authentication mode pre-shared-secret\nset vpn ipsec site-to-site peer x connection-type initiate\n",
        ] {
            let r = redact(src);
            assert_eq!(r, src, "{src:?}");
        }
        let r = redact(
            "set vpn ipsec site-to-site peer x authentication pre-shared-secret 'CANARY1'\n",
        );
        assert!(!r.contains("CANARY1"), "{r}");
    }

    /// Every spelling the attack review found printed a Junos key in clear.
    #[test]
    fn keys_are_masked_however_the_statement_is_written() {
        for src in [
            "peer-as 64513;authentication-key \"CANARY1\";\n",
            "authentication-key \"CAN\nARY1\";\n",
            "authentication-key\n    \"CANARY1\";\n",
            "authentication-key /* c */ # note\n CANARY1;\n",
            "authentication-key\u{a0}CANARY1;\n",
            "Authentication_Key CANARY1;\n",
            "set protocols bgp group g \"authentication-key\" CANARY1\n",
            "neighbor 10.0.0.1 password 0 CANARY1 \n",
            "pre-shared-key 'CAN;ARY1';\n",
        ] {
            let r = redact(src);
            assert_eq!(r.len(), src.len());
            assert!(
                !r.contains("CANARY1") && !r.contains("ARY1"),
                "{src:?} -> {r:?}"
            );
        }
        // The statement ends where it ends: the next one stays readable.
        let r = redact("authentication-key x; peer-as 64513;\n");
        assert!(r.contains("peer-as 64513"), "{r}");
    }

    #[test]
    fn display_copy_neutralises_terminal_controls() {
        let src = "description \u{1b}]8;;http://x\u{7}a\u{1b}[2J\rz\u{202e}\r\nok\n";
        let r = for_display(src, None);
        assert_eq!(r.len(), src.len());
        assert!(!r.contains('\u{1b}') && !r.contains('\u{7}') && !r.contains('\u{202e}'));
        assert!(!r.contains("\rz"));
        assert!(r.contains("\r\nok"));
    }
}

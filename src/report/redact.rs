//! Mask secrets in config text before any of it is shown (human output quotes source
//! lines). Byte length is preserved so spans stay valid; the mask shows the length only.

/// Words after which the rest of the line is a secret.
const SECRET_WORDS: &[&str] = &[
    "password",
    "secret",
    "key",
    "key-string",
    "authentication-key",
    "pre-shared-key",
    "pre-shared-secret",
    "psk",
    "ascii-text",
    "hexadecimal",
    "md5",
];

/// Replace every secret value with `*` of the same byte length.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        out.push_str(&redact_line(line));
    }
    out
}

fn redact_line(line: &str) -> String {
    let mut pos = 0;
    let bytes = line.as_bytes();
    while pos < bytes.len() {
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let start = pos;
        while pos < bytes.len() && !bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let word = &line[start..pos];
        let bare = word.trim_matches(|c: char| c == '"' || c == '\'' || c == ';');
        if SECRET_WORDS.iter().any(|w| bare.eq_ignore_ascii_case(w)) {
            return mask_from(line, pos);
        }
    }
    line.to_string()
}

/// Mask everything after byte `from` except whitespace, line ends and a trailing `;`.
fn mask_from(line: &str, from: usize) -> String {
    let (head, tail) = line.split_at(from);
    let mut out = String::with_capacity(line.len());
    out.push_str(head);
    let trimmed_len = tail.trim_end_matches(['\n', '\r', ';']).len();
    for (i, c) in tail.char_indices() {
        if i >= trimmed_len || c.is_ascii_whitespace() {
            out.push(c);
        } else {
            for _ in 0..c.len_utf8() {
                out.push('*');
            }
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
    }

    #[test]
    fn multibyte_secrets_keep_byte_offsets() {
        let src = "password cl\u{e9}\u{2003}x\n";
        let r = redact(src);
        assert_eq!(r.len(), src.len());
        assert!(r.is_char_boundary(r.len() - 1));
        assert!(!r.contains('\u{e9}'));
    }
}

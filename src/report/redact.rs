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

/// JSON keys whose string value is a secret (AWS `authKey`, VPN `PreSharedKey`).
const JSON_SECRET_KEYS: &[&str] = &[
    "\"authKey\"",
    "\"AuthKey\"",
    "\"PreSharedKey\"",
    "\"preSharedKey\"",
];

/// Mask secret values in AWS JSON (and the customer-gateway XML embedded in it) before a
/// snippet of it is shown in an error. Byte length is preserved so spans stay valid.
pub fn redact_json(text: &str) -> String {
    let mut masked = text.as_bytes().to_vec();
    for key in JSON_SECRET_KEYS {
        for (at, _) in text.match_indices(key) {
            let mut i = at + key.len();
            let b = text.as_bytes();
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b':') {
                i += 1;
            }
            if b.get(i) == Some(&b'"') {
                mask_until(&mut masked, i + 1, |j| b[j] == b'"' && !escaped(b, j));
            }
        }
    }
    for open in ["<pre_shared_key>", "&lt;pre_shared_key&gt;"] {
        for (at, _) in text.match_indices(open) {
            let b = text.as_bytes();
            mask_until(&mut masked, at + open.len(), |j| {
                b[j] == b'<' || b[j] == b'&' || b[j] == b'"'
            });
        }
    }
    // Only ASCII `*` replaced whole characters, so this is still UTF-8.
    String::from_utf8(masked).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether the byte at `j` is preceded by an odd number of backslashes.
fn escaped(b: &[u8], j: usize) -> bool {
    b[..j].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

/// Replace every byte from `from` up to the first `end(j)` with `*`, keeping line breaks.
fn mask_until(masked: &mut [u8], from: usize, end: impl Fn(usize) -> bool) {
    let mut j = from;
    while j < masked.len() && !end(j) {
        if masked[j] != b'\n' {
            masked[j] = b'*';
        }
        j += 1;
    }
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

    #[test]
    fn json_secret_values_are_masked_keeping_offsets() {
        let src = "{\"authKey\": \"k\\\"zq\u{e9}1\", \"vlan\": 5,\n \"CustomerGatewayConfiguration\": \"<ike><pre_shared_key>psk.1</pre_shared_key></ike>\", \"PreSharedKey\":\"psk.2\"}";
        let r = redact_json(src);
        assert_eq!(r.len(), src.len());
        for gone in ["zq", "psk.1", "psk.2", "\u{e9}"] {
            assert!(!r.contains(gone), "{gone} in {r}");
        }
        assert!(r.contains("\"vlan\": 5,\n"), "{r}");
        assert!(r.contains("</pre_shared_key>"), "{r}");
    }
}

//! Turn serde errors on AWS JSON into miette errors that point into the file.

use crate::error::InputError;
use crate::source::SourceFile;
use miette::{NamedSource, SourceSpan};

/// A JSON error at a 1-based line/column (serde_json's position), with the field path.
pub fn at_position(
    src: &SourceFile,
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
) -> InputError {
    let message = scrub(&message, &src.text);
    if !quotable(src) {
        return unquoted(src, line, column, &message, help);
    }
    let offset = offset_of(src, line, column);
    InputError::Json {
        file: src.name.clone(),
        message,
        src: std::sync::Arc::new(NamedSource::new(src.name.clone(), redact(&src.text))),
        span: SourceSpan::new(
            offset.into(),
            1usize.min(src.text.len() - offset.min(src.text.len())),
        ),
        help,
    }
}

/// A semantic error about one field (e.g. VLAN out of range): point at the first place the
/// field appears with that value, or at the start of the file.
pub fn at_field(
    src: &SourceFile,
    field: &str,
    value: &str,
    message: String,
    help: Option<String>,
) -> InputError {
    let message = scrub(&message, &src.text);
    if !quotable(src) {
        return unquoted(src, 1, 1, &message, help);
    }
    let text: &str = &src.text;
    let key = format!("\"{field}\"");
    let mut offset = 0;
    let mut len = 1;
    let mut from = 0;
    while let Some(pos) = text[from..].find(&key) {
        let at = from + pos;
        let after = text[at + key.len()..].trim_start();
        let after = after.strip_prefix(':').unwrap_or(after).trim_start();
        let after = after.strip_prefix('"').unwrap_or(after);
        if after.starts_with(value) {
            offset = at;
            len = text.len() - at - after.len() + value.len();
            break;
        }
        from = at + key.len();
    }
    InputError::Json {
        file: src.name.clone(),
        message,
        src: std::sync::Arc::new(NamedSource::new(src.name.clone(), redact(text))),
        span: SourceSpan::new(
            offset.into(),
            len.max(1).min(text.len().saturating_sub(offset)),
        ),
        help,
    }
}

/// Whether the file is the kind of text a snippet may quote: JSON that starts like JSON,
/// valid UTF-8, no control characters besides tab and line ends. Anything else (a binary,
/// `/proc/self/environ`, a key file) is not shown, only named with the position.
fn quotable(src: &SourceFile) -> bool {
    src.lossy_lines.is_empty()
        && src.text.trim_start().starts_with(['{', '['])
        && !src
            .text
            .bytes()
            .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f)
}

/// An error without a snippet, with anything quoted in the message left out.
fn unquoted(
    src: &SourceFile,
    line: usize,
    column: usize,
    message: &str,
    help: Option<String>,
) -> InputError {
    let mut reason = format!(
        "line {line}, column {column}: {} (not JSON text: no excerpt shown)",
        strip_quoted(message, &['"'])
    );
    if let Some(h) = help {
        reason.push_str("; ");
        reason.push_str(&h);
    }
    InputError::Read {
        file: src.name.clone(),
        reason,
    }
}

/// `invalid type: string "abc", expected …` → `invalid type: string …, expected …`
/// (with `quotes` = `"`; serde quotes strings with `"` and other values with backticks).
pub fn strip_quoted(m: &str, quotes: &[char]) -> String {
    let mut out = String::with_capacity(m.len());
    let mut inside: Option<char> = None;
    for c in m.chars() {
        match inside {
            Some(q) if c == q => inside = None,
            Some(_) => {}
            None if quotes.contains(&c) => {
                inside = Some(c);
                out.push('…');
            }
            None => out.push(c),
        }
    }
    out
}

fn offset_of(src: &SourceFile, line: usize, column: usize) -> usize {
    let text: &str = &src.text;
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col = column.saturating_sub(1).min(l.len());
            let mut c = off + col;
            while c > 0 && !text.is_char_boundary(c) {
                c -= 1;
            }
            return c.min(text.len());
        }
        off += l.len();
    }
    text.len().saturating_sub(1)
}

/// Deserialize with the failing field's path in the message.
pub fn deserialize<T: serde::de::DeserializeOwned>(
    src: &SourceFile,
    what: &str,
) -> Result<T, InputError> {
    let mut de = serde_json::Deserializer::from_str(&src.text);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    match result {
        Ok(v) => {
            if let Err(e) = de.end() {
                return Err(at_position(
                    src,
                    e.line(),
                    e.column(),
                    format!("trailing data after the {what}: {e}"),
                    None,
                ));
            }
            Ok(v)
        }
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let detail = strip_position(&inner.to_string());
            // serde echoes a value of the wrong type (`invalid type: integer `123``): for a
            // secret key that would be the key itself.
            let last = path.rsplit(['.', '[']).next().unwrap_or("");
            let detail = if is_secret_key(last) {
                "not a string (the value is not shown: it is a secret)".to_string()
            } else {
                detail
            };
            let msg = if path == "." || path.is_empty() {
                format!("not a valid {what}: {detail}")
            } else {
                format!("field `{path}`: {detail}")
            };
            Err(at_position(src, inner.line(), inner.column(), msg, None))
        }
    }
}

fn strip_position(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// Why an id from JSON is not an id of the kind `prefix` names (`dxvif-`, `vpn-`), as ids on
/// the command line and in `.dxlint.yaml` are checked: it is printed in every report.
pub fn bad_id(id: &str, prefix: &str) -> Option<String> {
    let ok = id.len() <= 64
        && id
            .strip_prefix(prefix)
            .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric()));
    (!ok).then(|| {
        format!(
            "`{}` is not a {prefix}… id (letters and digits after `{prefix}`)",
            crate::escape::text(&id.chars().take(64).collect::<String>())
        )
    })
}

/// `message` with every secret value of the JSON `text` (what [`redact`] masks, as written
/// and with JSON escapes decoded) replaced by `***`: serde quotes values and map keys in its
/// messages and paths (a key can hold the gateway XML, keys and all).
pub fn scrub(message: &str, text: &str) -> String {
    let masked = redact(text);
    let (a, b) = (text.as_bytes(), masked.as_bytes());
    let mut values: Vec<String> = Vec::new();
    let mut i = 0;
    while i < a.len().min(b.len()) {
        if a[i] == b[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < a.len().min(b.len()) && a[i] != b[i] {
            i += 1;
        }
        if let Some(raw) = text.get(start..i) {
            let raw = raw.trim_matches('"');
            if let Ok(decoded) = serde_json::from_str::<String>(&format!("\"{raw}\"")) {
                values.push(decoded);
            }
            values.push(raw.to_string());
        }
    }
    values.retain(|v| v.chars().count() >= 3);
    // Longest first, so a value containing another is replaced whole.
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    let mut out = message.to_string();
    for v in values {
        if out.contains(&v) {
            out = out.replace(&v, "***");
        }
    }
    out
}

/// JSON keys whose values are secrets, compared after decoding escapes, ignoring case,
/// `_` and `-` (`"auth\u004bey"`, `"AuthKey"`, `"pre_shared_key"` all match).
const SECRET_KEYS: &[&str] = &["authkey", "presharedkey", "bgpauthkey"];
/// XML elements (inside the embedded customer-gateway configuration) that hold secrets.
const SECRET_ELEMENTS: &[&str] = &["pre_shared_key", "bgp_auth_key", "auth_key"];

fn fold_key(k: &str) -> String {
    k.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a (decoded) JSON key names a secret.
pub fn is_secret_key(k: &str) -> bool {
    let k = fold_key(k);
    SECRET_KEYS.contains(&k.as_str())
}

/// A copy of the JSON for error snippets, with every secret masked by `*` of the same byte
/// length, so spans computed on the original still point at the same place. Read as JSON
/// tokens, not searched for spellings: the whole value of a secret key is masked whatever
/// its type (string, number, list, object), keys written with escapes are decoded first,
/// and secret elements inside any string (the embedded XML, also when written with JSON
/// escapes or as CDATA) are masked up to their closing tag.
pub fn redact(text: &str) -> String {
    let b = text.as_bytes();
    let mut mask = vec![false; b.len()];
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'"' {
            i += 1;
            continue;
        }
        let (end, decoded, raw_at) = read_string(b, i);
        // XML secrets inside the string, mapped back to raw offsets.
        for (s, e) in xml_secret_ranges(&decoded) {
            let rs = raw_at.get(s).copied().unwrap_or(end);
            let re = raw_at.get(e).copied().unwrap_or(end);
            mask[rs..re].iter_mut().for_each(|m| *m = true);
        }
        let mut j = end;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < b.len() && b[j] == b':' && is_secret_key(&decoded) {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let v_end = value_end(b, j);
            mask[j..v_end].iter_mut().for_each(|m| *m = true);
            i = v_end;
        } else {
            i = end;
        }
    }
    apply_mask(text, &mask)
}

/// Mask whole characters whose bytes are marked (whitespace kept, so lines stay lines).
fn apply_mask(text: &str, mask: &[bool]) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if mask[i..i + c.len_utf8()].iter().any(|m| *m) && !c.is_ascii_whitespace() {
            (0..c.len_utf8()).for_each(|_| out.push('*'));
        } else {
            out.push(c);
        }
    }
    out
}

/// The string starting at the quote `b[at]`: the offset after its closing quote (or the end),
/// the decoded text, and for each decoded byte the raw offset it came from (plus one entry
/// for the end).
fn read_string(b: &[u8], at: usize) -> (usize, String, Vec<usize>) {
    let mut out: Vec<u8> = Vec::new();
    let mut raw_at = Vec::new();
    let mut i = at + 1;
    while i < b.len() && b[i] != b'"' {
        if b[i] == b'\\' && i + 1 < b.len() {
            let start = i;
            let (ch, len) = match b[i + 1] {
                b'u' => {
                    let hex = b
                        .get(i + 2..i + 6)
                        .and_then(|h| std::str::from_utf8(h).ok());
                    match hex.and_then(|h| u32::from_str_radix(h, 16).ok()) {
                        Some(v) => (char::from_u32(v).unwrap_or('\u{FFFD}'), 6),
                        None => ('\u{FFFD}', 2),
                    }
                }
                b'n' => ('\n', 2),
                b't' => ('\t', 2),
                b'r' => ('\r', 2),
                b'b' => ('\u{8}', 2),
                b'f' => ('\u{c}', 2),
                c => (char::from(c), 2),
            };
            let mut buf = [0u8; 4];
            for &x in ch.encode_utf8(&mut buf).as_bytes() {
                out.push(x);
                raw_at.push(start);
            }
            i += len;
        } else {
            out.push(b[i]);
            raw_at.push(i);
            i += 1;
        }
    }
    let end = (i + 1).min(b.len());
    raw_at.push(i.min(b.len()));
    (end, String::from_utf8_lossy(&out).into_owned(), raw_at)
}

/// The end of the JSON value starting at `b[at]` (balanced brackets, strings skipped; a
/// scalar ends at `,`, `}`, `]` or a line end).
fn value_end(b: &[u8], at: usize) -> usize {
    let mut depth = 0usize;
    let mut i = at;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = read_string(b, i).0;
                if depth == 0 {
                    return i;
                }
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' if depth == 0 => return i,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b',' | b'\n' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Byte ranges of secret element contents in XML text: from after `<name …>` to the next
/// `</name` (case-insensitive), or to the end when it never closes. CDATA, comments and
/// entities inside are masked with the rest.
pub fn xml_secret_ranges(xml: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if !xml.contains('<') {
        return out;
    }
    let lower = xml.to_ascii_lowercase();
    for el in SECRET_ELEMENTS {
        let open = format!("<{el}");
        let close = format!("</{el}");
        let mut from = 0;
        while let Some(p) = lower[from..].find(&open) {
            let at = from + p + open.len();
            from = at;
            // `<pre_shared_key>` or `<pre_shared_key attr…>`, not `<pre_shared_keys>`.
            let next = lower.as_bytes().get(at).copied();
            if !matches!(next, Some(b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/')) {
                continue;
            }
            let Some(gt) = lower[at..].find('>') else {
                out.push((at, xml.len()));
                break;
            };
            let start = at + gt + 1;
            let end = lower[start..].find(&close).map_or(xml.len(), |q| start + q);
            out.push((start, end));
            from = end;
        }
    }
    out
}

/// Mask secret elements of XML text (the customer-gateway configuration read on its own).
pub fn redact_xml(xml: &str) -> String {
    let mut mask = vec![false; xml.len()];
    for (s, e) in xml_secret_ranges(xml) {
        mask[s..e].iter_mut().for_each(|m| *m = true);
    }
    apply_mask(xml, &mask)
}

#[cfg(test)]
mod redact_tests {
    use super::{redact, scrub};

    #[test]
    fn masks_keys_and_xml_secrets_keeping_offsets() {
        let t = r#"{"authKey": "s3cr\"et", "PreSharedKey":"Pé_key1", "x": "<ike><pre_shared_key>abc</pre_shared_key></ike>"}"#;
        let r = redact(t);
        assert_eq!(r.len(), t.len());
        assert!(
            !r.contains("s3cr") && !r.contains("_key1") && !r.contains(">abc<"),
            "{r}"
        );
        assert!(r.contains("\"x\"") && r.contains("</pre_shared_key>"));
    }

    /// Keys in any spelling JSON allows, values of any type, XML keys in CDATA or escaped.
    #[test]
    fn masks_by_structure_not_by_spelling() {
        for (t, secret) in [
            (r#"{"auth\u004bey": "canaryA1"}"#, "canaryA1"),
            (r#"{"authKey": 98765432}"#, "98765432"),
            (
                r#"{"authKey": ["canaryB2", {"x": "canaryB3"}], "n": 1}"#,
                "canaryB",
            ),
            (
                r#"{"authKey"  :
                "canaryC4"}"#,
                "canaryC4",
            ),
            (
                r#"{"c": "<ike><pre_shared_key><![CDATA[canaryD5]]></pre_shared_key></ike>"}"#,
                "canaryD5",
            ),
            (
                r#"{"c": "\u003cpre_shared_key\u003ecanaryE6\u003c/pre_shared_key>"}"#,
                "canaryE6",
            ),
            (
                r#"{"c": "<PRE_SHARED_KEY >canaryF7</pre_shared_key>"}"#,
                "canaryF7",
            ),
            (r#"{"c": "<pre_shared_key>canaryG8"#, "canaryG8"),
        ] {
            let r = redact(t);
            assert_eq!(r.len(), t.len());
            assert!(!r.contains(secret), "{t} -> {r}");
        }
        // Messages quoting a key (a map key holding the gateway XML, a serde echo) are scrubbed.
        let t =
            r#"{"x": "<pre_shared_key>CanaryQ1\u0041</pre_shared_key>", "authKey": "CanaryQ2"}"#;
        let m = scrub("field `<pre_shared_key>CanaryQ1A`: string \"CanaryQ2\"", t);
        assert!(!m.contains("CanaryQ"), "{m}");
        let r = redact(r#"{"authKey": 1, "asn": 64512}"#);
        assert!(r.contains("64512"), "{r}");
    }
}

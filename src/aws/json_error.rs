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
            let msg = if path == "." || path.is_empty() {
                format!("not a valid {what}: {}", strip_position(&inner.to_string()))
            } else {
                format!("field `{path}`: {}", strip_position(&inner.to_string()))
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

/// JSON keys whose string values are secrets.
const SECRET_KEYS: &[&str] = &["\"authKey\"", "\"PreSharedKey\"", "\"AuthKey\""];
/// XML elements (inside the embedded router / customer-gateway configuration) that hold secrets.
const SECRET_ELEMENTS: &[&str] = &["pre_shared_key>", "bgp_auth_key>", "auth_key>"];

/// A copy of the JSON for error snippets, with every secret value masked by `*` of the same
/// byte length, so spans computed on the original still point at the same place.
pub fn redact(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for key in SECRET_KEYS {
        let mut from = 0;
        while let Some(p) = text[from..].find(key) {
            let mut i = from + p + key.len();
            from = i;
            while i < bytes.len() && (bytes[i] == b':' || bytes[i].is_ascii_whitespace()) {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] != b'"' {
                continue;
            }
            i += 1;
            let mut escaped = false;
            while i < bytes.len() {
                let b = bytes[i];
                if !escaped && b == b'"' {
                    break;
                }
                escaped = !escaped && b == b'\\';
                bytes[i] = b'*';
                i += 1;
            }
        }
    }
    for el in SECRET_ELEMENTS {
        let mut from = 0;
        while let Some(p) = text[from..].find(el) {
            let start = from + p + el.len();
            from = start;
            // Only opening tags: `<name>`, not `</name>`.
            if start < el.len() + 1 || bytes[start - el.len() - 1] != b'<' {
                continue;
            }
            let end = text[start..].find('<').map_or(text.len(), |q| start + q);
            bytes[start..end].fill(b'*');
        }
    }
    // Only ASCII bytes were replaced inside complete UTF-8 sequences' ranges of whole
    // strings/elements; a multi-byte character becomes several `*`, which is still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod redact_tests {
    use super::redact;

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
}

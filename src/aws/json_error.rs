//! Turn serde errors on AWS JSON into miette errors that point into the file. The snippet
//! is drawn from a copy with key values masked, so an error never shows a key.

use crate::error::InputError;
use crate::report::redact::redact_json;
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
        src: std::sync::Arc::new(NamedSource::new(src.name.clone(), redact_json(&src.text))),
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
        src: std::sync::Arc::new(NamedSource::new(src.name.clone(), redact_json(text))),
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

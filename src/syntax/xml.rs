//! XML configuration exports (PAN-OS `running-config.xml`, `show config running` in XML) as
//! path statements, like the curly and `set` forms: an element is a path word, an `<entry
//! name="X">` is the word `X`, a `<member>` is one list item, and text is the leaf's value.
//! `<a><b>v</b></a>` becomes `a b v`. Comments, processing instructions and CDATA
//! markers are skipped; the five predefined entities and numeric ones are decoded. Not a
//! validating parser: unbalanced tags are problems, never a panic.

use crate::source::Span;
use crate::syntax::path::{PathStatement, Text, Word};

/// The statements (in document order) and the problems met.
#[derive(Debug, Default)]
pub struct XmlResult<'a> {
    pub statements: Vec<PathStatement<'a>>,
    pub problems: Vec<(Span, String)>,
}

pub fn parse(text: &str) -> XmlResult<'_> {
    let mut out = XmlResult::default();
    let b = text.as_bytes();
    // The open elements: the word each pushed (`None`: a `<member>`, which pushes none).
    let mut stack: Vec<(String, Option<Word<'_>>)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let end = text[i..].find('<').map_or(b.len(), |n| i + n);
            let raw = text[i..end].trim();
            if !raw.is_empty() && !stack.is_empty() {
                let start = i + text[i..end].find(raw).unwrap_or(0);
                let span = Span::new(start, raw.len());
                let mut words: Vec<Word> = stack.iter().filter_map(|(_, w)| w.clone()).collect();
                words.push(Word {
                    text: Text::from(decode(raw)),
                    span,
                });
                out.statements.push(PathStatement {
                    words,
                    span,
                    inactive: false,
                });
            }
            i = end;
            continue;
        }
        let rest = &text[i..];
        let skip_to = |pat: &str| rest.find(pat).map_or(b.len(), |n| i + n + pat.len());
        if rest.starts_with("<!--") {
            i = skip_to("-->");
            continue;
        }
        if rest.starts_with("<?") {
            i = skip_to("?>");
            continue;
        }
        if rest.starts_with("<![CDATA[") || rest.starts_with("<!") {
            i = skip_to(">");
            continue;
        }
        let Some(close) = tag_end(rest) else {
            out.problems
                .push((Span::new(i, rest.len().min(80)), "unterminated tag".into()));
            break;
        };
        let tag = &rest[1..close];
        let span = Span::new(i, close + 1);
        i += close + 1;
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim();
            match stack.iter().rposition(|(n, _)| n == name) {
                Some(at) => stack.truncate(at),
                None => out
                    .problems
                    .push((span, format!("`</{name}>` closes nothing"))),
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name = tag.split_whitespace().next().unwrap_or("").to_string();
        let word = match name.as_str() {
            "member" => None,
            "entry" => Some(Word {
                text: Text::from(attribute(tag, "name").map(decode).unwrap_or_default()),
                span,
            }),
            _ => Some(Word {
                text: Text::from(name.clone()),
                span,
            }),
        };
        if self_closing {
            // An empty element is a flag or an empty container: a statement of its path.
            if let Some(w) = word {
                let mut words: Vec<Word> = stack.iter().filter_map(|(_, w)| w.clone()).collect();
                words.push(w);
                out.statements.push(PathStatement {
                    words,
                    span,
                    inactive: false,
                });
            }
            continue;
        }
        stack.push((name, word));
    }
    if let Some((name, _)) = stack.last() {
        out.problems.push((
            Span::new(text.len(), 0),
            format!("`<{name}>` is not closed before the end of the file"),
        ));
    }
    out
}

/// Where the tag starting at `s[0] == '<'` ends (its `>`), outside quoted attributes.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (n, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(n),
            _ => {}
        }
    }
    None
}

/// The value of attribute `key` in a tag's text.
fn attribute<'t>(tag: &'t str, key: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(at) = rest.find(key) {
        let before_ok = at == 0 || rest.as_bytes()[at - 1].is_ascii_whitespace();
        let after = rest[at + key.len()..].trim_start();
        if before_ok {
            if let Some(v) = after.strip_prefix('=') {
                let v = v.trim_start();
                let q = v.chars().next()?;
                if q == '"' || q == '\'' {
                    let end = v[1..].find(q)?;
                    return Some(&v[1..1 + end]);
                }
            }
        }
        rest = &rest[at + key.len()..];
    }
    None
}

/// `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` and `&#N;` / `&#xN;`.
fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(semi) = after.find(';').filter(|n| *n <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let ent = &after[1..semi];
        let ch = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => ent
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(text: &str) -> Vec<String> {
        parse(text)
            .statements
            .iter()
            .map(|s| s.path_text())
            .collect()
    }

    #[test]
    fn entries_members_and_values() {
        let x = "<?xml version=\"1.0\"?>\n<config version=\"10.1.0\">\n  <!-- c -->\n  <network>\n    <ike>\n      <gateway>\n        <entry name=\"GW &amp; 1\">\n          <peer-address><ip>203.0.113.10</ip></peer-address>\n          <local-address/>\n        </entry>\n      </gateway>\n    </ike>\n    <virtual-router><entry name=\"default\"><interface><member>ethernet1/1</member><member>tunnel.1</member></interface></entry></virtual-router>\n  </network>\n</config>\n";
        assert_eq!(
            paths(x),
            vec![
                "config network ike gateway GW & 1 peer-address ip 203.0.113.10",
                "config network ike gateway GW & 1 local-address",
                "config network virtual-router default interface ethernet1/1",
                "config network virtual-router default interface tunnel.1",
            ]
        );
    }

    #[test]
    fn broken_documents_are_problems_not_panics() {
        for x in [
            "<a><b>1</b>",
            "<a attr=\"x>",
            "</a>",
            "<a>&#xZZ;&amp</a>",
            "<",
            "text only",
        ] {
            let r = parse(x);
            let _ = r.statements.len();
        }
        assert!(!parse("<a><b>1</b>").problems.is_empty());
        assert_eq!(paths("<a>&#x41;&#66;&amp</a>"), vec!["a AB&amp"]);
    }
}

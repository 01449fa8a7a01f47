//! Escaping of text that came from input (file names, ids, interface names, descriptions,
//! policy names) before it reaches stdout or stderr: no raw control character, newline or
//! terminal escape sequence (CSI, OSC 8 links, OSC 0 titles, a bare CR), and no line that a
//! CI runner would take for a workflow command (`::error …`).

use std::borrow::Cow;

/// Whether a character must not reach a terminal raw: C0 controls other than tab and line
/// ends, DEL, C1 controls, and the bidirectional overrides/isolates ("Trojan source").
pub fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n' && c != '\r')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// One-line text: newlines, CRs, tabs and every dangerous character written as `\n`, `\r`,
/// `\t` or `\u{1b}`; a backslash stays as it is.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// As [`text`], keeping line feeds (a fix of several lines); a CR is still escaped.
pub fn multiline(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_lf: bool) -> Cow<'_, str> {
    let bad = |c: char| (c == '\n' && !keep_lf) || c == '\r' || c == '\t' || is_dangerous(c);
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' if keep_lf => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' if !keep_lf => out.push_str("\\t"),
            c if bad(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text about to be written to a terminal or CI log (a rendered error, a report): dangerous
/// characters escaped, line structure kept, and a line whose first non-blank characters are
/// `::` prefixed with `| ` so a runner never reads it as a workflow command.
pub fn terminal(s: &str) -> Cow<'_, str> {
    let lone_cr = s
        .as_bytes()
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && s.as_bytes().get(i + 1) != Some(&b'\n'));
    let needs = lone_cr
        || s.chars().any(is_dangerous)
        || s.lines().any(|l| l.trim_start().starts_with("::"));
    if !needs {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for line in s.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix("\r\n") {
            Some(b) => (b, "\r\n"),
            None => match line.strip_suffix('\n') {
                Some(b) => (b, "\n"),
                None => (line, ""),
            },
        };
        if body.trim_start().starts_with("::") {
            out.push_str("| ");
        }
        for c in body.chars() {
            match c {
                '\r' => out.push_str("\\r"),
                c if is_dangerous(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
                c => out.push(c),
            }
        }
        out.push_str(end);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_forged_commands() {
        assert_eq!(text("eth0"), "eth0");
        assert_eq!(
            text("a\n::error::x\r\u{1b}[31m\u{1b}]8;;u\u{7}"),
            "a\\n::error::x\\r\\u{1b}[31m\\u{1b}]8;;u\\u{7}"
        );
        assert_eq!(multiline("a\nb\rc"), "a\nb\\rc");
        let t = terminal("ok\n  ::error file=x::forged\r\nx\ry\u{9b}z\n");
        assert_eq!(t, "ok\n|   ::error file=x::forged\r\nx\\ry\\u{9b}z\n");
        assert!(t.lines().all(|l| !l.trim_start().starts_with("::")));
        assert!(matches!(terminal("plain\n"), Cow::Borrowed(_)));
    }
}

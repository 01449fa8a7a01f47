//! Capture artefacts: what a terminal adds around `show running-config` output when a user
//! pastes it — the prompt and command echo (`router#show running-config`,
//! `user@mx> show configuration | display set`, `vyos@vyos:~$ show configuration commands`),
//! `Building configuration...`, `Current configuration : 1234 bytes`, timestamps
//! (`Load for five secs…`, `Time source is…`, a bare date line), `{master:0}`, `[edit]`,
//! a closing prompt, and `--More--` / `---(more)---` pagers.
//!
//! They are blanked before detection and before any dialect reads the text, once for every
//! dialect (and any added later). Blanking keeps every byte offset and line break, so spans
//! still point at the original text that the report quotes. Prompts, timestamps and mode
//! markers are only looked for in the first and last lines (where a capture puts them, and
//! where no configuration statement looks like them); pagers anywhere.

/// Non-blank lines looked at from the start and from the end.
const HEAD_LINES: usize = 12;
const TAIL_LINES: usize = 6;

/// The text with its capture artefacts blanked, and how many lines were touched; `None`
/// when there are none (the usual case: no copy).
pub fn clean(text: &str) -> Option<(String, usize)> {
    let mut edits: Vec<Edit> = Vec::new();
    // Head: artefacts until the first line that is not one. Lines are found lazily, from
    // either end: a 20 MB configuration gets no line table here.
    let mut seen = 0;
    for (s, e) in lines_forward(text) {
        let line = &text[s..e];
        if line.trim().is_empty() {
            continue;
        }
        seen += 1;
        if seen > HEAD_LINES || !is_head_artefact(line) {
            break;
        }
        edits.push(Edit::Blank(s, e));
    }
    let head_end = edits.last().map_or(0, |e| e.end());
    // Tail: a closing prompt, mode marker or pager, after the last statement.
    let mut seen = 0;
    for (s, e) in lines_backward(text) {
        if s < head_end {
            break;
        }
        let line = &text[s..e];
        if line.trim().is_empty() {
            continue;
        }
        seen += 1;
        if seen > TAIL_LINES || !is_tail_artefact(line) {
            break;
        }
        edits.push(Edit::Blank(s, e));
    }
    // Pagers anywhere: a vectorised search, since this pass reads every byte of every file.
    for marker in PAGERS {
        let finder = memchr::memmem::Finder::new(marker);
        let mut from = 0;
        while let Some(i) = finder.find(&text.as_bytes()[from..]) {
            let at = from + i;
            let (s, e) = line_around(text, at);
            from = e.max(at + 1);
            if edits.iter().any(|x| x.start() <= s && s < x.end()) {
                continue;
            }
            edits.push(pager_edit(text, s, e, at));
        }
    }
    if edits.is_empty() {
        return None;
    }
    let count = edits.len();
    let mut bytes = text.as_bytes().to_vec();
    for edit in edits {
        match edit {
            Edit::Blank(s, e) => bytes[s..e].fill(b' '),
            Edit::Shift { line, from, end } => {
                // The statement after an inline pager moves to where the marker began
                // (its own indentation); the rest of the line becomes blanks.
                let content = text.as_bytes()[from..end].to_vec();
                bytes[line..end].fill(b' ');
                bytes[line..line + content.len()].copy_from_slice(&content);
            }
        }
    }
    // Only whole lines, or whole UTF-8 sequences moved as they were, were touched.
    String::from_utf8(bytes).ok().map(|t| (t, count))
}

enum Edit {
    /// Blank these bytes.
    Blank(usize, usize),
    /// Move `from..end` to `line` (the start of the line), blank the rest.
    Shift {
        line: usize,
        from: usize,
        end: usize,
    },
}

impl Edit {
    fn start(&self) -> usize {
        match self {
            Edit::Blank(s, _) => *s,
            Edit::Shift { line, .. } => *line,
        }
    }
    fn end(&self) -> usize {
        match self {
            Edit::Blank(_, e) | Edit::Shift { end: e, .. } => *e,
        }
    }
}

/// IOS/IOS-XE/FRR `--More--`, Junos `---(more)---` / `---(more 45%)---`.
const PAGERS: [&str; 2] = ["--More--", "---(more"];

/// Each line's byte range without its `\n` and `\r`, first to last.
fn lines_forward(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut s = 0;
    text.split_inclusive('\n').map(move |line| {
        let body = line.trim_end_matches(['\n', '\r']);
        let range = (s, s + body.len());
        s += line.len();
        range
    })
}

/// The same ranges, last to first.
fn lines_backward(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut end = text.len();
    // A final newline ends the last line; it does not start an empty one.
    if text.ends_with('\n') {
        end -= 1;
    }
    let mut done = text.is_empty();
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let s = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let body = text[s..end].trim_end_matches('\r');
        let range = (s, s + body.len());
        if s == 0 {
            done = true;
        } else {
            end = s - 1;
        }
        Some(range)
    })
}

/// The range (without `\r\n`) of the line holding byte `at`.
fn line_around(text: &str, at: usize) -> (usize, usize) {
    let s = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let e = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let e = if text[s..e].ends_with('\r') { e - 1 } else { e };
    (s, e)
}

/// A pager marker on a line: the whole line when nothing else is on it, else the
/// statement after the marker and its erase sequence (`\b…` `  …` `\b…`).
fn pager_edit(text: &str, s: usize, e: usize, at: usize) -> Edit {
    let line = &text[s..e];
    let rel = at - s;
    let after = &line[rel..];
    let marker_end = if after.starts_with("---(more") {
        after.find(")---").map_or(after.len(), |i| i + 4)
    } else {
        "--More--".len()
    };
    let rest = &after[marker_end..];
    let erased = rest.trim_start_matches(['\u{8}', ' ']);
    let content = if rest.contains('\u{8}') {
        // Backspaces, blanks, backspaces: the terminal is back at the start of the line.
        let b = rest.trim_start_matches(' ');
        let b = b.trim_start_matches('\u{8}');
        let b = b.trim_start_matches(' ');
        b.trim_start_matches('\u{8}')
    } else {
        rest.strip_prefix(' ').unwrap_or(rest)
    };
    if erased.trim().is_empty() && line[..rel].trim().is_empty() {
        return Edit::Blank(s, e);
    }
    if !line[..rel].trim().is_empty() {
        // Text before the marker: blank only the marker and its erase sequence.
        let content_at = e - content.len();
        return Edit::Shift {
            line: at,
            from: content_at,
            end: e,
        };
    }
    Edit::Shift {
        line: s,
        from: e - content.len(),
        end: e,
    }
}

fn is_head_artefact(line: &str) -> bool {
    let t = line.trim();
    prompt(t).is_some()
        || is_echoed_command(t)
            && matches!(t.split_whitespace().next(), Some("show" | "sh" | "display"))
        || is_mode_marker(t)
        || is_timestamp(t)
        || t == "Building configuration..."
        || t.starts_with("Current configuration :")
        || t == "Current configuration:"
        || t.starts_with("Last login:")
        || is_pager_only(t)
}

fn is_tail_artefact(line: &str) -> bool {
    let t = line.trim();
    prompt(t).is_some() || is_mode_marker(t) || is_pager_only(t)
}

fn is_pager_only(t: &str) -> bool {
    let t = t.trim_matches(|c: char| c == '\u{8}' || c.is_whitespace());
    t == "--More--" || (t.starts_with("---(more") && t.ends_with(")---"))
}

/// A shell or CLI prompt, possibly with the command typed after it: `router#`,
/// `edge1(config)#`, `user@mx>`, `vyos@vyos:~$`, `RP/0/RSP0/CPU0:r1#`. The prompt character
/// comes before any blank, after a host-like name; what follows (if anything) is a word.
fn prompt(t: &str) -> Option<&str> {
    let pos = t.find(|c: char| matches!(c, '#' | '>' | '$' | '%') || c.is_whitespace())?;
    let host = &t[..pos];
    if pos == 0 || t[pos..].starts_with(char::is_whitespace) {
        return None;
    }
    if !host.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.@:~/()".contains(c))
    {
        return None;
    }
    let rest = t[pos + 1..].trim();
    (rest.is_empty() || is_echoed_command(rest)).then_some(rest)
}

/// A command that shows, pages or leaves — not `set …` typed in configuration mode, which
/// is a statement the `set` reader takes with its prompt.
fn is_echoed_command(rest: &str) -> bool {
    let first = rest.split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "show"
            | "sh"
            | "sho"
            | "display"
            | "run"
            | "more"
            | "cat"
            | "terminal"
            | "term"
            | "cli"
            | "vtysh"
            | "configure"
            | "conf"
            | "exit"
            | "quit"
            | "end"
            | "top"
    )
}

/// Junos `{master:0}`, `{primary:node0}`, `{backup}`; `[edit]` / `[edit protocols bgp]`
/// (Junos and VyOS configuration mode).
fn is_mode_marker(t: &str) -> bool {
    if let Some(inner) = t.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        return !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '-' || c == '_');
    }
    t == "[edit]" || (t.starts_with("[edit ") && t.ends_with(']'))
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Load for five secs: …` and `Time source is NTP, …` (IOS `terminal exec prompt
/// timestamp`), a bare date line (`Sun Dec  6 04:28:56.123 UTC` before IOS-XR output,
/// `date`'s own), or an ISO timestamp alone.
fn is_timestamp(t: &str) -> bool {
    if t.starts_with("Load for ")
        || t.starts_with("Time source is")
        || t.starts_with("No time source")
    {
        return true;
    }
    let t = t.trim_start_matches(['*', '.']);
    let words: Vec<&str> = t.split_whitespace().collect();
    let clock = |w: &str| {
        let b = w.as_bytes();
        b.len() >= 8 && b[2] == b':' && b[5] == b':' && b[..2].iter().all(u8::is_ascii_digit)
    };
    match words.as_slice() {
        [d, m, _, rest @ ..] if WEEKDAYS.contains(d) && MONTHS.contains(m) => {
            rest.iter().any(|w| clock(w))
        }
        [m, _, time, ..] if MONTHS.contains(m) => clock(time) && words.len() <= 6,
        [date, rest @ ..] => {
            let b = date.as_bytes();
            let iso = b.len() >= 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b[..4].iter().all(u8::is_ascii_digit);
            iso && words.len() <= 3
                && (date.len() > 10 && clock(&date[11..]) || rest.first().is_some_and(|w| clock(w)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(text: &str) -> String {
        clean(text)
            .map(|(t, _)| t)
            .unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn prompts_and_banners_at_the_head_are_blanked_offsets_kept() {
        let text = "router#show running-config\nBuilding configuration...\n\nCurrent configuration : 1234 bytes\n!\nhostname r1\nrouter#\n";
        let c = cleaned(text);
        assert_eq!(c.len(), text.len());
        assert_eq!(c.lines().count(), text.lines().count());
        assert!(c.lines().next().unwrap().trim().is_empty());
        assert!(c.contains("\n!\nhostname r1\n"));
        assert!(!c.contains("router#"));
        assert!(!c.contains("Building"));
    }

    #[test]
    fn junos_and_vyos_prompts_and_mode_markers() {
        for (text, kept) in [
            (
                "user@mx> show configuration | display set\n{master:0}\nset system host-name a\n\n{master:0}\nuser@mx> \n",
                "set system host-name a",
            ),
            (
                "vyos@vyos:~$ show configuration commands\nset system host-name 'v'\nvyos@vyos:~$ \n",
                "set system host-name 'v'",
            ),
            ("vyos@vyos# show\ninterfaces {\n}\n[edit]\nvyos@vyos# \n", "interfaces {\n}"),
        ] {
            let c = cleaned(text);
            assert_eq!(c.len(), text.len());
            assert!(c.contains(kept), "{c:?}");
            assert!(!c.contains('@') && !c.contains("{master") && !c.contains("[edit]"), "{c:?}");
        }
    }

    #[test]
    fn configuration_lines_are_not_artefacts() {
        for line in [
            "set interfaces ge-0/0/1 unit 0 description \"a#b\"",
            "interface GigabitEthernet0/0/1",
            "version 22.4R3.25;",
            "! Last configuration change at 10:00:00 UTC Mon Jan 1 2024",
            "# comment",
            "authentication-key \"$9$abc\";",
            "hostname r1",
            "interfaces {",
            "end",
            "root@r1# set system host-name r1",
        ] {
            assert!(!is_head_artefact(line), "{line}");
            assert!(!is_tail_artefact(line), "{line}");
        }
        assert!(
            clean("hostname r1\ninterface Gi0/0\n ip address 10.0.0.1 255.255.255.0\nend\n")
                .is_none()
        );
    }

    #[test]
    fn lines_both_ways_agree() {
        for text in ["", "a", "a\n", "a\r\nb\n\nc", "\n\n", "x\ny\r\n"] {
            let mut back: Vec<_> = lines_backward(text).collect();
            back.reverse();
            assert_eq!(lines_forward(text).collect::<Vec<_>>(), back, "{text:?}");
        }
    }

    #[test]
    fn timestamps() {
        for t in [
            "Sun Dec  6 04:28:56.123 UTC",
            "Sun Dec  6 04:28:56 UTC 2026",
            "*Dec  6 04:28:56.123: ",
            "Load for five secs: 1%/0%; one minute: 2%; five minutes: 1%",
            "Time source is NTP, 04:28:56.123 UTC Sun Dec 6 2026",
            "2026-12-06 04:28:56",
            "2026-12-06T04:28:56Z",
        ] {
            assert!(is_timestamp(t), "{t}");
        }
        assert!(!is_timestamp("set system time-zone UTC"));
    }

    #[test]
    fn pagers_anywhere_keep_the_statement_after_them() {
        let text = "interface Gi0/1\n --More-- \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}         \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8} ip mtu 1500\n--More--\nset a b\n---(more 45%)---\n";
        let c = cleaned(text);
        assert_eq!(c.len(), text.len());
        let lines: Vec<&str> = c.lines().collect();
        assert_eq!(lines[1].trim_end(), " ip mtu 1500");
        assert!(lines[2].trim().is_empty());
        assert!(lines[4].trim().is_empty());
    }
}

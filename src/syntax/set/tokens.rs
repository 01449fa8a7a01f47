//! The words of one `set` line: unquoted words, `"double"` / `'single'` quoted words,
//! one `[ a b ]` list, and a trailing `#` comment.
//!
//! Every byte of a `set` file passes through here, so the common line (plain words and
//! quotes closed without escapes) takes a fast path: word ends and closing quotes are
//! found eight bytes at a time, and the leading words a line shares with the line before
//! (sorted `display set` output repeats them line after line) are kept rather than read
//! again. Anything else (a list, a comment, an escape, an unclosed quote, a control byte)
//! is read byte by byte as before; the tests hold both readings to the earlier reader.

use crate::source::Span;
use crate::syntax::path::{unescape, Comment, Text, Word};

pub(super) struct LineTokens<'a> {
    pub words: Vec<Word<'a>>,
    /// `[ … ]` list: index in `words` where it stood, and its elements.
    pub list: Option<(usize, Vec<Word<'a>>)>,
    /// End of the last token (before any trailing comment).
    pub end: usize,
}

/// Split `line` (at offset `base` of the file) into words, reusing `words`' buffer. A `#`
/// at a word start begins a comment (pushed to `comments`); an unclosed quote or list is a
/// problem, and the words read up to there are kept.
pub(super) fn tokenize<'a>(
    line: &'a str,
    base: usize,
    single_quotes: bool,
    comments: &mut Vec<Comment>,
    problems: &mut Vec<(Span, String)>,
    mut words: Vec<Word<'a>>,
    previous: &mut Previous<'a>,
) -> LineTokens<'a> {
    match simple(line, base, single_quotes, &mut words, previous) {
        Some(end) => {
            *previous = Previous {
                line,
                base,
                words: words.len(),
            };
            LineTokens {
                words,
                list: None,
                end,
            }
        }
        None => {
            *previous = Previous::default();
            general(line, base, single_quotes, comments, problems, words)
        }
    }
}

/// The last line [`simple`] read (its words are still in the buffer handed back): the
/// next line's words that lie in the bytes both lines start with are the same words, and
/// are kept with their spans moved. `display set` output is sorted by path, so a line
/// shares most of its leading words with the one before it.
#[derive(Default, Clone, Copy)]
pub(super) struct Previous<'a> {
    line: &'a str,
    base: usize,
    /// How many words that line had (the buffer must still hold exactly them).
    words: usize,
}

/// Keep the words of `previous` that end (with the byte after them) inside the bytes
/// `line` shares with it, moved to `base`; drop the rest. Returns where reading goes on.
#[inline(always)]
fn keep_shared<'a>(
    line: &[u8],
    base: usize,
    previous: &Previous<'a>,
    words: &mut Vec<Word<'a>>,
) -> usize {
    if previous.words != words.len() || previous.line.is_empty() {
        words.clear();
        return 0;
    }
    let shared = common_prefix(previous.line.as_bytes(), line);
    // Both lines end within u32 offsets (checked by `simple`): so do the moved spans.
    let delta = (base - previous.base) as u32;
    let mut kept = 0;
    let mut at = 0;
    for w in words.iter_mut() {
        let end = w.span.end() - previous.base;
        if end >= shared {
            break;
        }
        w.span = w.span.moved(delta);
        at = end;
        kept += 1;
    }
    words.truncate(kept);
    at
}

/// Length of the common prefix of `a` and `b`, eight bytes at a time.
#[inline(always)]
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut k = 0;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let d = load(x) ^ load(y);
        if d != 0 {
            return k + (d.trailing_zeros() / 8) as usize;
        }
        k += 8;
    }
    k + a[k..]
        .iter()
        .zip(&b[k..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// What a byte at a word's start begins: a plain word, a blank, a `"` / `'` quote, or
/// something only [`general`] reads (`#` comment, `[` / `]` list).
static START: [u8; 256] = {
    let mut t = [WORD; 256];
    t[b' ' as usize] = BLANK;
    t[b'\t' as usize] = BLANK;
    t[b'"' as usize] = DOUBLE;
    t[b'\'' as usize] = SINGLE;
    t[b'#' as usize] = OTHER;
    t[b'[' as usize] = OTHER;
    t[b']' as usize] = OTHER;
    t
};
const WORD: u8 = 0;
const BLANK: u8 = 1;
const DOUBLE: u8 = 2;
const SINGLE: u8 = 3;
const OTHER: u8 = 4;

/// The words of a line of plain words and closed quotes without backslashes (nearly every
/// line of `display set` output) into `words`, and the end of the last one; `None` when
/// the line needs [`general`] (a comment, a list, a quote with escapes or not closed, a
/// control byte, offsets past `u32`). Nothing here calls out, so the loop's state stays in
/// registers.
#[inline(always)]
fn simple<'a>(
    line: &'a str,
    base: usize,
    single_quotes: bool,
    words: &mut Vec<Word<'a>>,
    previous: &Previous<'a>,
) -> Option<usize> {
    let b = line.as_bytes();
    let len = b.len();
    // Offsets fit in u32 (checked once): spans need no clamping.
    if base.checked_add(len)? > u32::MAX as usize {
        return None;
    }
    let mut i = keep_shared(b, base, previous, words);
    let base = base as u32;
    let span =
        |s: usize, e: usize| Span::new((base + s as u32) as usize, (e as u32 - s as u32) as usize);
    // A word takes two bytes with its blank: the pushes below never grow the buffer.
    words.reserve(len / 2 + 1);
    while i < len {
        let class = START[b[i] as usize];
        // A `'` opens a quote only where single quotes are quotes (VyOS); else it is a word.
        if class == WORD || (class == SINGLE && !single_quotes) {
            let e = word_end(b, i)?;
            if words.len() == words.capacity() {
                return None;
            }
            words.push(Word {
                text: Text::from(&line[i..e]),
                span: span(i, e),
            });
            i = e + 1;
            continue;
        }
        if class == BLANK {
            i += 1;
            continue;
        }
        let j = match class {
            DOUBLE => {
                let j = scan(b, i + 1, |x| bytes_equal(x, b'"') | bytes_equal(x, b'\\'));
                if b.get(j) != Some(&b'"') {
                    return None;
                }
                j
            }
            SINGLE => {
                let j = scan(b, i + 1, |x| bytes_equal(x, b'\''));
                if j >= len {
                    return None;
                }
                j
            }
            _ => return None,
        };
        if words.len() == words.capacity() {
            return None;
        }
        words.push(Word {
            text: Text::from(&line[i + 1..j]),
            span: span(i, j + 1),
        });
        i = j + 1;
    }
    Some(words.last().map_or(base as usize, |w| w.span.end()))
}

/// Every kind of line, byte by byte where needed: lists, comments, escapes, unclosed quotes.
fn general<'a>(
    line: &'a str,
    base: usize,
    single_quotes: bool,
    comments: &mut Vec<Comment>,
    problems: &mut Vec<(Span, String)>,
    mut words: Vec<Word<'a>>,
) -> LineTokens<'a> {
    let b = line.as_bytes();
    words.clear();
    let mut list: Option<(usize, Vec<Word>)> = None;
    let mut in_list = false;
    let mut end = base;
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        let (word, next) = match c {
            b' ' | b'\t' => {
                i += 1;
                continue;
            }
            b'#' => {
                let text = &line[i..];
                comments.push(Comment {
                    text: text.to_string(),
                    span: Span::new(base + i, text.len()),
                });
                break;
            }
            b'[' if !in_list && list.is_none() => {
                in_list = true;
                list = Some((words.len(), Vec::new()));
                i += 1;
                end = base + i;
                continue;
            }
            b']' if in_list => {
                in_list = false;
                i += 1;
                end = base + i;
                continue;
            }
            b'"' => quoted(line, i, b'"', base, problems),
            b'\'' if single_quotes => quoted(line, i, b'\'', base, problems),
            _ => {
                let j = if in_list {
                    list_word_end(b, i)
                } else {
                    word_end_slow(b, i)
                };
                (plain(line, i, j, base), j)
            }
        };
        end = base + next;
        match &mut list {
            Some((_, items)) if in_list => items.push(word),
            _ => words.push(word),
        }
        i = next;
    }
    if in_list {
        problems.push((
            Span::new(base, line.len()),
            "list opened with '[' is not closed on this line".into(),
        ));
    }
    LineTokens { words, list, end }
}

fn plain<'a>(line: &'a str, i: usize, j: usize, base: usize) -> Word<'a> {
    Word {
        text: Text::from(&line[i..j]),
        span: Span::new(base + i, j - i),
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// High bit set in the bytes of `x` equal to `c`; exact for the lowest one (a borrow can
/// only mark bytes above a true match), which is the only one read.
#[inline(always)]
fn bytes_equal(x: u64, c: u8) -> u64 {
    let y = x ^ (ONES * c as u64);
    y.wrapping_sub(ONES) & !y & HIGHS
}

/// High bit set in the lowest byte of `x` below `!` (a blank, or a control byte that stays
/// in the word): one test covers space and tab.
#[inline(always)]
fn bytes_low(x: u64) -> u64 {
    x.wrapping_sub(ONES * 0x21) & !x & HIGHS
}

/// The first byte from `i` on that `hits` marks, eight bytes at a time, or `b.len()`. The
/// line's last bytes are read as its last eight shifted down (a line shorter than eight
/// bytes: copied into a zeroed word); a hit in the zero bytes behind the end reads as the
/// end.
#[inline(always)]
fn scan(b: &[u8], i: usize, hits: impl Fn(u64) -> u64) -> usize {
    let len = b.len();
    let mut rest = &b[i.min(len)..];
    while let Some(chunk) = rest.first_chunk::<8>() {
        let m = hits(u64::from_le_bytes(*chunk));
        if m != 0 {
            return len - rest.len() + (m.trailing_zeros() / 8) as usize;
        }
        rest = &rest[8..];
    }
    // Fewer than eight bytes left (`& 7` keeps the shift below out of the loop's
    // induction variables).
    let n = rest.len() & 7;
    if n == 0 {
        return len;
    }
    let x = match b.last_chunk::<8>() {
        Some(last) => u64::from_le_bytes(*last) >> ((8 - n) * 8),
        None => {
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(rest);
            u64::from_le_bytes(w)
        }
    };
    (len - n + (hits(x).trailing_zeros() / 8) as usize).min(len)
}

#[inline(always)]
fn load(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(b);
    u64::from_le_bytes(w)
}

/// End of the unquoted word starting at `i`: the next space or tab, or the line's end;
/// `None` at a control byte inside the word (left to [`general`]).
#[inline(always)]
fn word_end(b: &[u8], i: usize) -> Option<usize> {
    let j = scan(b, i, bytes_low);
    match b.get(j) {
        Some(b' ' | b'\t') | None => Some(j),
        Some(_) => None,
    }
}

/// [`word_end`] that steps over control bytes.
fn word_end_slow(b: &[u8], mut i: usize) -> usize {
    loop {
        match word_end(b, i) {
            Some(j) => return j,
            None => i = scan(b, i, bytes_low) + 1,
        }
    }
}

/// End of an unquoted word inside a `[ … ]` list: a blank or the closing `]` (lists are
/// rare in `set` output; byte by byte).
fn list_word_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| matches!(c, b' ' | b'\t' | b']'))
        .map_or(b.len(), |n| i + n)
}

/// The quoted word opening at `i` with quote `q`, and where reading goes on: `\"` and `\\`
/// escapes in double quotes, and a problem when the quote is not closed on the line.
fn quoted<'a>(
    line: &'a str,
    i: usize,
    q: u8,
    base: usize,
    problems: &mut Vec<(Span, String)>,
) -> (Word<'a>, usize) {
    let b = line.as_bytes();
    let mut j = i + 1;
    let mut escaped = false;
    let mut close = None;
    while j < b.len() {
        if q == b'"' && b[j] == b'\\' && j + 1 < b.len() {
            escaped = true;
            j += 2;
            continue;
        }
        if b[j] == q {
            close = Some(j);
            break;
        }
        j += 1;
    }
    let j = j.min(b.len());
    let (content_end, next) = match close {
        Some(c) => (c, c + 1),
        None => {
            problems.push((
                Span::new(base + i, b.len() - i),
                "quoted string is not closed on this line".into(),
            ));
            (j, j)
        }
    };
    let raw = line.get(i + 1..content_end).unwrap_or("");
    let text: Text = if escaped {
        unescape(raw, &['"', '\\']).into()
    } else {
        Text::from(raw)
    };
    (
        Word {
            text,
            span: Span::new(base + i, next - i),
        },
        next,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    type Owned = Vec<(String, usize, usize)>;

    /// One line's reading, owned, for comparing.
    #[derive(Debug, PartialEq)]
    struct Reading {
        words: Owned,
        list: Option<(usize, Owned)>,
        end: usize,
        comments: Owned,
        problems: Vec<(usize, usize, String)>,
    }

    fn owned(words: &[Word]) -> Owned {
        let f = |w: &Word| (w.text.to_string(), w.span.start(), w.span.len());
        words.iter().map(f).collect()
    }

    fn reading(t: LineTokens, comments: Vec<Comment>, problems: Vec<(Span, String)>) -> Reading {
        Reading {
            words: owned(&t.words),
            list: t.list.as_ref().map(|(at, items)| (*at, owned(items))),
            end: t.end,
            comments: comments
                .iter()
                .map(|c| (c.text.clone(), c.span.start(), c.span.len()))
                .collect(),
            problems: problems
                .into_iter()
                .map(|(s, m)| (s.start(), s.len(), m))
                .collect(),
        }
    }

    /// The reader before the fast path (byte by byte, one word at a time): the behaviour
    /// the fast path must keep, word for word and span for span.
    fn oracle(line: &str, base: usize, single_quotes: bool) -> Reading {
        let b = line.as_bytes();
        let (mut words, mut comments, mut problems) = (Vec::new(), Vec::new(), Vec::new());
        let mut list: Option<(usize, Vec<Word>)> = None;
        let (mut in_list, mut end, mut i) = (false, base, 0);
        while i < b.len() {
            let c = b[i];
            if c == b' ' || c == b'\t' {
                i += 1;
                continue;
            }
            if c == b'#' {
                let span = Span::new(base + i, line.len() - i);
                comments.push(Comment {
                    text: line[i..].to_string(),
                    span,
                });
                break;
            }
            if (c == b'[' && !in_list && list.is_none()) || (c == b']' && in_list) {
                if c == b'[' {
                    list = Some((words.len(), Vec::new()));
                }
                in_list = c == b'[';
                i += 1;
                end = base + i;
                continue;
            }
            let (word, next) = if c == b'"' || (c == b'\'' && single_quotes) {
                quoted(line, i, c, base, &mut problems)
            } else {
                let stop = |&c: &u8| c == b' ' || c == b'\t' || (in_list && c == b']');
                let j = b[i..].iter().position(stop).map_or(b.len(), |n| i + n);
                (plain(line, i, j, base), j)
            };
            end = word.span.end();
            match (&mut list, in_list) {
                (Some((_, items)), true) => items.push(word),
                _ => words.push(word),
            }
            i = next.max(i + 1);
        }
        if in_list {
            problems.push((
                Span::new(base, line.len()),
                "list opened with '[' is not closed on this line".into(),
            ));
        }
        let t = LineTokens { words, list, end };
        reading(t, comments, problems)
    }

    /// Reads the lines of `text` one after another as `parse_each` does (the buffer and
    /// [`Previous`] carried from line to line). Also counts the lines the fast path read
    /// and the words it kept from the line before.
    fn read_all(text: &str, single_quotes: bool) -> (Vec<Reading>, usize, usize) {
        let (mut out, mut fast, mut kept) = (Vec::new(), 0, 0);
        let mut buf = Vec::new();
        let mut previous = Previous::default();
        let mut base = 0;
        for line in text.split('\n') {
            let (mut comments, mut problems) = (Vec::new(), Vec::new());
            let t = tokenize(
                line,
                base,
                single_quotes,
                &mut comments,
                &mut problems,
                std::mem::take(&mut buf),
                &mut previous,
            );
            fast += usize::from(previous.line.len() == line.len() && previous.base == base);
            let start = line.as_ptr() as usize;
            kept += t
                .words
                .iter()
                .filter(|w| (w.text.as_ptr() as usize) < start)
                .count();
            buf = std::mem::take(&mut { t.words.clone() });
            out.push(reading(t, comments, problems));
            base += line.len() + 1;
        }
        (out, fast, kept)
    }

    fn read(line: &str, single_quotes: bool) -> Reading {
        read_all(line, single_quotes).0.remove(0)
    }

    fn w(text: &str, start: usize, len: usize) -> (String, usize, usize) {
        (text.to_string(), start, len)
    }

    /// Lines built from `set`-like words, quotes, lists, comments, tabs, control bytes and
    /// non-ASCII text; most start with a piece of the line before (cut anywhere, also
    /// inside a word), as sorted `display set` output does.
    fn corpus(seed: u64, lines: usize) -> String {
        const POOL: &[&str] = &[
            "interfaces",
            "ge-0/0/1",
            "unit",
            "101",
            "1010",
            "x",
            "vlan-id",
            "a-word-longer-than-sixteen-bytes",
            "é",
            "日本",
            "\"two words\"",
            "\"esc \\\" q\"",
            "\"\"",
            "\"a\\\\\"",
            "'single q'",
            "'",
            "\"unclosed",
            "[",
            "]",
            "[ a b ]",
            "[a b]",
            "#c",
            "## SECRET-DATA",
            "a#b",
            "a]b",
            "\x0c",
            "x\x01y",
            "\\",
            "'it''s'",
            "\"q\"x",
            "'q'y",
        ];
        let mut rng = seed;
        let mut next = move |n: usize| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % n as u64) as usize
        };
        let mut out: Vec<String> = Vec::new();
        for _ in 0..lines {
            let mut line = String::new();
            if let (Some(prev), true) = (out.last(), next(4) != 0) {
                let mut cut = next(prev.len() + 1);
                while !prev.is_char_boundary(cut) {
                    cut -= 1;
                }
                line.push_str(&prev[..cut]);
            }
            for _ in 0..next(9) {
                line.push_str([" ", " ", " ", "  ", "\t", " \t "][next(6)]);
                if next(3) == 0 {
                    // A plain word of any length: word ends at every offset of a chunk.
                    let n = 1 + next(19);
                    line.extend((0..n).map(|_| b"abc-/.:019"[next(10)] as char));
                } else {
                    line.push_str(POOL[next(POOL.len())]);
                }
            }
            // `parse_each` hands over trimmed lines.
            out.push(line.trim().to_string());
        }
        out.join("\n")
    }

    #[test]
    fn fast_path_reads_every_line_like_the_byte_reader() {
        for (seed, single_quotes) in [(1, true), (2, false), (3, true), (4, true)] {
            let text = corpus(seed, 3000);
            let (got, fast, kept) = read_all(&text, single_quotes);
            let mut base = 0;
            for (line, got) in text.split('\n').zip(&got) {
                assert_eq!(*got, oracle(line, base, single_quotes), "{line:?}");
                base += line.len() + 1;
            }
            // The fast path and the kept words were exercised, not bypassed.
            assert!(fast > 300, "{fast} lines on the fast path");
            assert!(kept > 100, "{kept} words kept");
        }
    }

    #[test]
    fn word_ends_at_every_offset_of_short_and_long_lines() {
        for n in 1..40 {
            for k in 0..n {
                let line = format!("{} {}\t{}", "x".repeat(k + 1), "y".repeat(n - k), "z");
                assert_eq!(read(&line, true), oracle(&line, 0, true), "{line:?}");
                let quoted = format!("{} \"{}\" {}", "x".repeat(k + 1), "q".repeat(n - k), "z");
                assert_eq!(read(&quoted, true), oracle(&quoted, 0, true), "{quoted:?}");
            }
        }
    }

    #[test]
    fn blanks_comments_and_quotes() {
        let r = read("a\tbb  ccc", true);
        assert_eq!(r.words, vec![w("a", 0, 1), w("bb", 2, 2), w("ccc", 6, 3)]);
        assert_eq!(r.end, 9);

        let r = read("x a#b # note", true);
        assert_eq!(r.words, vec![w("x", 0, 1), w("a#b", 2, 3)]);
        assert_eq!(r.comments, vec![w("# note", 6, 6)]);
        assert_eq!(r.end, 5);

        // A quote closed without escapes is a slice of the line; its span covers the quotes.
        let line = "k \"x y\" z";
        let (mut c, mut p) = (Vec::new(), Vec::new());
        let mut previous = Previous::default();
        let t = tokenize(line, 10, true, &mut c, &mut p, Vec::new(), &mut previous);
        assert_eq!(t.words[1].text.as_ptr(), line[3..].as_ptr());
        assert_eq!(
            owned(&t.words),
            vec![w("k", 10, 1), w("x y", 12, 5), w("z", 18, 1)]
        );

        let r = read(r#"d "a \"b\" \\c" e"#, true);
        assert_eq!(
            r.words,
            vec![w("d", 0, 1), w(r#"a "b" \c"#, 2, 13), w("e", 16, 1)]
        );

        // Single quotes are quotes for VyOS only.
        let r = read("d 'to AWS #1'", true);
        assert_eq!(r.words, vec![w("d", 0, 1), w("to AWS #1", 2, 11)]);
        let r = read("d 'to AWS #1'", false);
        assert_eq!(r.words, vec![w("d", 0, 1), w("'to", 2, 3), w("AWS", 6, 3)]);
        assert_eq!(r.comments, vec![w("#1'", 10, 3)]);

        // A control byte stays inside its word; non-ASCII words are read whole.
        let r = read("a\x0cb é 日本", true);
        assert_eq!(
            r.words,
            vec![w("a\x0cb", 0, 3), w("é", 4, 2), w("日本", 7, 6)]
        );
    }

    #[test]
    fn lists_and_unclosed_quotes_and_lists() {
        let r = read("m [ a b ] t", true);
        assert_eq!(r.words, vec![w("m", 0, 1), w("t", 10, 1)]);
        assert_eq!(r.list, Some((1, vec![w("a", 4, 1), w("b", 6, 1)])));
        assert_eq!(r.end, 11);

        let r = read("a \"bc", true);
        assert_eq!(r.words, vec![w("a", 0, 1), w("bc", 2, 3)]);
        assert_eq!(r.problems.len(), 1);
        let r = read("a 'bc", true);
        assert_eq!(r.problems.len(), 1);
        let r = read("b [ c d", true);
        assert_eq!(r.list, Some((1, vec![w("c", 4, 1), w("d", 6, 1)])));
        assert_eq!(
            r.problems[0].2,
            "list opened with '[' is not closed on this line"
        );
    }

    #[test]
    fn shared_leading_words_are_kept_with_moved_spans() {
        // "10" is cut inside the shared bytes, so only "i g unit" is kept from line 1.
        let text = "i g unit 10 vlan-id 10\ni g unit 101 description \"x y\"\ni g unit 101 z";
        let (got, fast, kept) = read_all(text, true);
        assert_eq!((fast, kept), (3, 3 + 4));
        let second = 23;
        assert_eq!(
            got[1].words,
            vec![
                w("i", second, 1),
                w("g", second + 2, 1),
                w("unit", second + 4, 4),
                w("101", second + 9, 3),
                w("description", second + 13, 11),
                w("x y", second + 25, 5),
            ]
        );
        let third = second + 31;
        assert_eq!(got[2].words[3], w("101", third + 9, 3));
        assert_eq!(got[2].words[4], w("z", third + 13, 1));
        assert_eq!(got[2].end, third + 14);
        // Every span still points at its own word in the text.
        for r in &got {
            for (word, start, len) in &r.words {
                let raw = &text[*start..start + len];
                assert_eq!(raw.trim_matches('"'), word);
            }
        }
    }

    #[test]
    fn a_buffer_from_elsewhere_is_not_taken_for_the_previous_line() {
        let text = "a b c\na b d";
        let second = &text[6..];
        let mut previous = Previous::default();
        let (mut c, mut p) = (Vec::new(), Vec::new());
        let t = tokenize(
            &text[..5],
            0,
            true,
            &mut c,
            &mut p,
            Vec::new(),
            &mut previous,
        );
        assert_eq!(previous.words, 3);
        // One word short of what the previous line left: read from scratch.
        let mut other = t.words;
        other.pop();
        let t = tokenize(second, 6, true, &mut c, &mut p, other, &mut previous);
        assert_eq!(
            owned(&t.words),
            vec![w("a", 6, 1), w("b", 8, 1), w("d", 10, 1)]
        );
        assert_eq!(t.words[0].text.as_ptr(), second.as_ptr());
    }
}

//! The words of one `set` line: unquoted words, `"double"` / `'single'` quoted words,
//! one `[ a b ]` list, and a trailing `#` comment.
//!
//! Every byte of a `set` file passes through here (one line in five holds a quoted key or
//! description), so word ends and closing quotes are found eight bytes at a time, and only
//! words that need it take the byte-by-byte path (inside a list, a quote with `\` escapes).

use crate::source::Span;
use crate::syntax::path::{Comment, Text, Word};

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
    // Both bases fit in u32 (checked by `simple`), so the moved spans need no clamping.
    let delta = (base - previous.base) as u32;
    let mut kept = 0;
    let mut at = 0;
    for w in words.iter_mut() {
        let end = w.span.end() - previous.base;
        if end >= shared {
            break;
        }
        w.span = Span::new(
            (w.span.start() as u32).wrapping_add(delta) as usize,
            w.span.len() as u32 as usize,
        );
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
        if class == WORD {
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
                let j = scan(
                    b,
                    i + 1,
                    |x| bytes_equal(x, b'"') | bytes_equal(x, b'\\'),
                    0,
                );
                if b.get(j) != Some(&b'"') {
                    return None;
                }
                j
            }
            SINGLE if single_quotes => {
                let j = scan(b, i + 1, |x| bytes_equal(x, b'\''), 0);
                if j >= len {
                    return None;
                }
                j
            }
            SINGLE => {
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
/// line's last bytes are read as its last eight, shifted, with `pad` bytes behind the end;
/// a line shorter than eight bytes is copied into a padded word.
#[inline(always)]
fn scan(b: &[u8], i: usize, hits: impl Fn(u64) -> u64, pad: u8) -> usize {
    let len = b.len();
    let mut rest = &b[i.min(len)..];
    while let Some(chunk) = rest.first_chunk::<8>() {
        let m = hits(u64::from_le_bytes(*chunk));
        if m != 0 {
            return len - rest.len() + (m.trailing_zeros() / 8) as usize;
        }
        rest = &rest[8..];
    }
    // Fewer than eight bytes left (`& 7` keeps the shifts below out of the loop's
    // induction variables).
    let n = rest.len() & 7;
    if n == 0 {
        return len;
    }
    let x = match b.last_chunk::<8>() {
        Some(last) => {
            (u64::from_le_bytes(*last) >> ((8 - n) * 8)) | ((ONES * pad as u64) << (n * 8))
        }
        None => {
            let mut w = [pad; 8];
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
    let j = scan(b, i, bytes_low, b' ');
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
            None => i = scan(b, i, bytes_low, b' ') + 1,
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
        unescape(raw).into()
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

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n @ ('"' | '\\')) => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

//! Juniper Junos: curly (`show configuration`) and `display set` forms into the RouterModel.
//!
//! Both forms are flattened to the same [`PathStatement`]s (see `syntax::curly` and
//! `syntax::set`), so everything below reads paths and cannot tell the forms apart.
//!
//! Steps: the parser hands over one statement at a time and each is filed at once into the
//! interfaces ([`interfaces`]), routing instances and BGP ([`bgp`]), policy ([`policy`]) and
//! IPsec ([`ipsec`]) builders → resolve inheritance and count what each neighbor advertises →
//! [`RouterModel`]. Configuration groups (`groups`/`apply-groups`, [`groups`]), `apply-path`,
//! inactive parts and `set`-form deletions need every statement first: a file with any of
//! them is parsed whole, expanded, and then filed the same way.
//!
//! Deactivated configuration (`inactive:` / `deactivate`) is ignored as Junos ignores it, with
//! two exceptions that make better findings: a deactivated interface or unit is kept with
//! `disabled` pointing at the tag, and a deactivated BGP neighbor/group/instance is kept with
//! `shutdown` pointing at it (DX105 / DX801 rather than "not found").

mod bgp;
mod dialect;
pub(crate) mod filter;
mod fix;
mod groups;
mod interfaces;
mod ipsec;
mod policy;
mod session;
#[cfg(test)]
mod tests;
mod vpn_fix;

pub use dialect::{Junos, PROFILE};

use crate::dialect::suppress;
use crate::fix::Fix;
use crate::model::{ConfigProblem, RouterModel, Suppression, Vendor};
use crate::source::{SourceFile, Span};
use crate::syntax::curly::{self, CurlyOptions, Deactivation};
use crate::syntax::path::{Comment, PathStatement, Sink};
use crate::syntax::set::{self, SetOptions};
use std::collections::HashMap;
use std::ops::ControlFlow;

/// Read a Junos configuration in either form.
///
/// Most configurations are read in one streaming pass: each statement is filed as the parser
/// reads it, so memory stays near the size of the text. Configuration groups, `apply-path`
/// prefix lists, inactive statements and `delete`/`deactivate` commands need the whole
/// configuration at once; the first of them sends the file to [`extract_whole`].
pub fn extract(source: &SourceFile) -> RouterModel {
    extract_streaming(&source.text).unwrap_or_else(|| extract_whole(&source.text))
}

/// Whether the streaming reading, where it applies, builds exactly the model the whole-file
/// reading builds (`None`: it does not apply). The unit tests check this on their inputs (their
/// `model` helper), `testing::lint_str` on every string it lints;
/// tests/corpus.rs on the fixtures and the shared corpus.
#[doc(hidden)]
pub fn streaming_matches_whole(text: &str) -> Option<bool> {
    super::readings_agree(extract_streaming(text), || extract_whole(text))
}

/// The statements handed over one at a time by the parser, filed on arrival.
struct Streaming {
    cx: Cx,
    statements: usize,
    suppressions: suppress::Pending,
    /// Where each comment is (the model keeps only that).
    comments: Vec<Span>,
}

impl Streaming {
    /// Statements this pass cannot file without seeing the whole configuration.
    fn needs_whole(st: &PathStatement) -> bool {
        let n = st.words.len();
        st.inactive
            || (n >= 2 && matches!(st.word(n - 2), Some("apply-groups" | "apply-groups-except")))
            || (st.word(0) == Some("policy-options") && st.word(3) == Some("apply-path"))
    }
}

impl<'a> Sink<'a> for Streaming {
    fn statement(&mut self, st: &PathStatement<'a>) -> ControlFlow<()> {
        if Self::needs_whole(st) {
            return ControlFlow::Break(());
        }
        self.statements += 1;
        // Group definitions that nothing applies are not configuration.
        if st.word(0) == Some("groups") {
            return ControlFlow::Continue(());
        }
        let span = st.span;
        self.suppressions
            .statement(|end| (span.start() >= end).then_some(span));
        let s = Stmt {
            st,
            inherited: false,
            inactive: None,
        };
        if !dispatch(&mut self.cx, &s) {
            self.cx.model.stats.skip(span);
        }
        ControlFlow::Continue(())
    }

    fn comment(&mut self, c: &Comment) {
        self.suppressions.comment(&c.text, c.span);
        self.comments.push(c.span);
    }

    fn keep_comments(&self) -> bool {
        false
    }
}

fn new_cx() -> Cx {
    Cx {
        model: RouterModel {
            vendor: Some(Vendor::Junos),
            ..Default::default()
        },
        ifaces: interfaces::Builder::default(),
        routing: bgp::Builder::default(),
        policy: policy::Builder::default(),
        ipsec: ipsec::Builder::default(),
        key_chains: HashMap::new(),
    }
}

/// The one-pass reading; `None` when the configuration needs [`extract_whole`].
fn extract_streaming(text: &str) -> Option<RouterModel> {
    let mut sink = Streaming {
        cx: new_cx(),
        statements: 0,
        suppressions: suppress::Pending::default(),
        comments: Vec::new(),
    };
    // The parsers' comment lists are not needed: the sink saw every comment.
    let (lines, problems, unknown_lines) = if is_set_form(text) {
        let r = set::parse_each(text, &SetOptions::default(), &mut sink)?;
        (r.lines, r.problems, r.unknown)
    } else {
        let r = curly::parse_each(text, &CurlyOptions::junos(), &mut sink)?;
        (r.lines, r.problems, Vec::new())
    };
    let Streaming {
        mut cx,
        statements,
        suppressions,
        comments,
    } = sink;
    let model = &mut cx.model;
    model.stats.lines = lines;
    model.stats.statements = statements;
    // After the statements' own, in both readings (the whole reading does the same).
    for span in unknown_lines {
        model.stats.skip(span);
    }
    // The whole-file reading lists problems before anything the handlers found.
    let mut all: Vec<ConfigProblem> = problems
        .into_iter()
        .map(|(span, message)| ConfigProblem { span, message })
        .collect();
    all.append(&mut model.problems);
    model.problems = all;
    model.comments = comments;
    let mut model = cx.finish(&[]);
    model.suppressions = suppressions.finish();
    Some(model)
}

/// Reads the whole configuration first, then expands groups and files every statement.
fn extract_whole(text: &str) -> RouterModel {
    let parsed = parse_any(text);
    let mut model = RouterModel {
        vendor: Some(Vendor::Junos),
        ..Default::default()
    };
    model.stats.lines = parsed.lines;
    model.stats.statements = parsed.statements.len();
    let unknown_lines = parsed.unknown_lines;
    for (span, message) in parsed.problems {
        model.problems.push(ConfigProblem { span, message });
    }
    model.comments = parsed.comments.iter().map(|c| c.span).collect();

    let expanded = groups::expand(parsed.statements);
    let roots = InactiveRoots::new(&parsed.deactivated);
    let mut cx = Cx { model, ..new_cx() };
    for st in &expanded.statements {
        let inactive = if st.stmt.inactive {
            Some(roots.root(&st.stmt))
        } else {
            None
        };
        let s = Stmt {
            st: &st.stmt,
            inherited: st.inherited,
            inactive,
        };
        if !dispatch(&mut cx, &s) {
            cx.model.stats.skip(s.st.span);
        }
    }
    for span in unknown_lines {
        cx.model.stats.skip(span);
    }
    let mut model = cx.finish(&expanded.statements);
    model.suppressions = suppressions(&parsed.comments, &expanded.statements);
    model
}

/// The corrected line(s) for a fix, as Junos `set`/`delete` commands.
pub fn render_fix(f: &Fix, model: &RouterModel) -> String {
    fix::render(f, model)
}

/// One statement as the handlers see it.
pub(crate) struct Stmt<'a> {
    pub st: &'a PathStatement<'a>,
    /// Came from a configuration group through `apply-groups`.
    pub inherited: bool,
    /// For an inactive statement: how many leading words the deactivated path has, and its
    /// span (the shortest deactivated prefix of this statement).
    pub inactive: Option<(usize, Span)>,
}

impl<'a> Stmt<'a> {
    pub fn w(&self, i: usize) -> Option<&'a str> {
        self.st.words.get(i).map(|w| w.text.as_str())
    }
    pub fn span(&self) -> Span {
        self.st.span
    }
    pub fn word_span(&self, i: usize) -> Span {
        self.st.words.get(i).map_or(self.st.span, |w| w.span)
    }
    /// Deactivated at or above the entity whose path has `depth` words (the entity itself
    /// is switched off), as opposed to one of its attributes only.
    pub fn entity_inactive(&self, depth: usize) -> Option<Span> {
        self.inactive.filter(|(d, _)| *d <= depth).map(|(_, s)| s)
    }
    /// Deactivated below the entity of `depth` words: the attribute does not apply.
    pub fn attr_inactive(&self, depth: usize) -> bool {
        self.inactive.is_some_and(|(d, _)| d > depth)
    }
}

pub(crate) struct Cx {
    pub model: RouterModel,
    pub ifaces: interfaces::Builder,
    pub routing: bgp::Builder,
    pub policy: policy::Builder,
    pub ipsec: ipsec::Builder,
    /// `security authentication-key-chains key-chain NAME key N secret S`.
    pub key_chains: HashMap<String, Vec<(String, crate::source::Spanned<String>)>>,
}

impl Cx {
    /// Resolve what the statements built (interfaces, policies, BGP with inheritance and
    /// advertisements, IPsec) into the model. `statements`: the whole reading's, for
    /// `apply-path` prefix lists (the streaming reading has none to give: it hands files with
    /// `apply-path` to the whole reading).
    fn finish(self, statements: &[groups::Expanded]) -> RouterModel {
        let Cx {
            mut model,
            ifaces,
            routing,
            policy,
            ipsec,
            key_chains,
        } = self;
        ifaces.finish(&mut model, &routing.interface_vrfs());
        let policies = policy.finish(statements);
        routing.finish(&mut model, &policies, &key_chains);
        ipsec.finish(&mut model);
        model
    }

    pub fn problem(&mut self, span: Span, message: impl Into<String>) {
        self.model.problems.push(ConfigProblem {
            span,
            message: message.into(),
        });
    }

    /// The header of an entity: from its keyword (word `first_word`) to its name (word
    /// `last_word`), e.g. `unit 101` or `neighbor 169.254.100.1`.
    pub fn header_span(&self, s: &Stmt, first_word: usize, last_word: usize) -> Span {
        let a = s.word_span(first_word);
        let b = s.word_span(last_word);
        if b.end() < a.start() {
            return a;
        }
        Span::new(a.start(), b.end() - a.start())
    }
}

/// File one statement with its handler; false when nothing used it.
fn dispatch(cx: &mut Cx, s: &Stmt) -> bool {
    match s.w(0) {
        Some("system") => system(cx, s),
        Some("interfaces") => interfaces::statement(cx, s),
        Some("routing-options") => bgp::routing_options(cx, s, None, 1),
        Some("protocols") => bgp::protocols(cx, s, None, 1),
        Some("routing-instances") => bgp::routing_instance(cx, s),
        Some("policy-options") => policy::statement(cx, s),
        Some("security") => security(cx, s),
        _ => false,
    }
}

fn system(cx: &mut Cx, s: &Stmt) -> bool {
    if s.w(1) == Some("host-name") && s.inactive.is_none() {
        if let Some(h) = s.w(2) {
            cx.model.hostname = Some(h.to_string());
            return true;
        }
    }
    false
}

fn security(cx: &mut Cx, s: &Stmt) -> bool {
    if s.inactive.is_some() {
        return false;
    }
    match s.w(1) {
        Some("authentication-key-chains") => {
            // security authentication-key-chains key-chain NAME key N secret S
            if s.w(2) == Some("key-chain") && s.w(4) == Some("key") && s.w(6) == Some("secret") {
                if let (Some(chain), Some(key), Some(secret)) = (s.w(3), s.w(5), s.w(7)) {
                    cx.key_chains.entry(chain.to_string()).or_default().push((
                        key.to_string(),
                        crate::source::Spanned::new(secret.to_string(), s.span()),
                    ));
                    return true;
                }
            }
            false
        }
        Some("ike") | Some("ipsec") => ipsec::statement(cx, s),
        Some("flow") => ipsec::flow(cx, s),
        _ => false,
    }
}

// ------------------------------------------------------------------ parsing

struct Parsed<'a> {
    statements: Vec<PathStatement<'a>>,
    comments: Vec<Comment>,
    problems: Vec<(Span, String)>,
    deactivated: Vec<Deactivation>,
    lines: usize,
    unknown_lines: Vec<Span>,
}

/// `display set` output (or a command script) when most configuration lines are commands.
pub fn is_set_form(text: &str) -> bool {
    let mut set_lines = 0usize;
    let mut curly_lines = 0usize;
    // `trim` drops the `\n` (and a `\r`), as `lines()` would. Either form shows its kind on
    // nearly every configuration line: the first thousand such lines decide.
    for line in crate::source::lines_inclusive(text) {
        if set_lines + curly_lines >= 1_000 {
            break;
        }
        let t = line.trim();
        let t = if curly::is_prompt(t) {
            t.split_once(['#', '>']).map_or(t, |(_, r)| r.trim())
        } else {
            t
        };
        if t.starts_with("set ")
            || t.starts_with("deactivate ")
            || t.starts_with("delete ")
            || t.starts_with("activate ")
        {
            set_lines += 1;
        } else if !t.starts_with('#') && (t.ends_with('{') || t.ends_with(';') || t == "}") {
            curly_lines += 1;
        }
    }
    set_lines > 0 && set_lines >= curly_lines
}

fn parse_any(text: &str) -> Parsed<'_> {
    if is_set_form(text) {
        let r = set::parse(text, &SetOptions::default());
        Parsed {
            statements: r.statements,
            comments: r.comments,
            problems: r.problems,
            deactivated: r.deactivated,
            lines: r.lines,
            unknown_lines: r.unknown,
        }
    } else {
        let r = curly::parse(text, &CurlyOptions::junos());
        Parsed {
            statements: r.statements,
            comments: r.comments,
            problems: r.problems,
            deactivated: r.deactivated,
            lines: r.lines,
            unknown_lines: Vec::new(),
        }
    }
}

// ------------------------------------------------------------------ inactive roots

/// Finds, for an inactive statement, the shortest deactivated path that covers it.
struct InactiveRoots<'a> {
    by_hash: HashMap<u64, Vec<&'a Deactivation>>,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn word_hash(h: u64, w: &str) -> u64 {
    let mut h = h;
    for &b in w.as_bytes().iter().chain(std::iter::once(&0xffu8)) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl<'a> InactiveRoots<'a> {
    fn new(list: &'a [Deactivation]) -> Self {
        let mut by_hash: HashMap<u64, Vec<&Deactivation>> = HashMap::new();
        for d in list {
            let h = d.path.iter().fold(FNV_OFFSET, |h, w| word_hash(h, w));
            by_hash.entry(h).or_default().push(d);
        }
        InactiveRoots { by_hash }
    }

    fn root(&self, st: &PathStatement) -> (usize, Span) {
        let mut h = FNV_OFFSET;
        for (k, w) in st.words.iter().enumerate() {
            h = word_hash(h, &w.text);
            if let Some(ds) = self.by_hash.get(&h) {
                if let Some(d) = ds.iter().find(|d| {
                    d.path.len() == k + 1 && d.path.iter().zip(&st.words).all(|(p, w)| *p == w.text)
                }) {
                    return (k + 1, d.span);
                }
            }
        }
        // Inherited from an inactive group statement: the statement itself is inactive.
        (st.words.len(), st.span)
    }
}

// ------------------------------------------------------------------ suppressions

/// `# dxlint-disable DX603 reason`, `/* dxlint-disable DX101,DX104 reason */`: silences the
/// rules on the next statement; `dxlint-disable-file` on the whole file.
fn suppressions(comments: &[Comment], statements: &[groups::Expanded]) -> Vec<Suppression> {
    let mut out = Vec::new();
    if comments.is_empty() {
        return out;
    }
    let mut starts: Vec<Span> = statements
        .iter()
        .filter(|s| !s.inherited)
        .map(|s| s.stmt.span)
        .collect();
    starts.sort_by_key(|s| s.start());
    starts.dedup();
    for c in comments {
        let Some(d) = suppress::parse(&c.text) else {
            continue;
        };
        let end = c.span.end();
        let next = starts
            .get(starts.partition_point(|s| s.start() < end))
            .copied();
        out.push(suppress::suppression(d, c.span, next));
    }
    out
}

// ------------------------------------------------------------------ small parsers

/// An ASN in asplain or asdot (`1.10` = 65546), 1..=4294967295.
pub(crate) fn parse_asn(s: &str) -> Option<u32> {
    let digits = |x: &str| -> Option<u32> {
        if x.is_empty() || x.len() > 10 || !x.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        x.parse().ok()
    };
    let v = match s.split_once('.') {
        Some((hi, lo)) => {
            let (hi, lo) = (digits(hi)?, digits(lo)?);
            if hi > 65535 || lo > 65535 {
                return None;
            }
            hi * 65536 + lo
        }
        None => digits(s)?,
    };
    (v != 0).then_some(v)
}

pub(crate) fn parse_u32(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `$junos-…` variables of dynamic profiles: neither values nor errors.
pub(crate) fn is_variable(s: &str) -> bool {
    s.starts_with('$') && !s.starts_with("$9$") && !s.starts_with("$8$")
}

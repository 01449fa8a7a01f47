//! `dxlint diagnose`: say where a stuck session stalls and why, from a packet capture (pcap /
//! pcapng) or a router's saved `show ... neighbors` output, in the same vocabulary and rule
//! ids as the lint's predictions.

pub mod bgp;
pub mod capture;
pub mod conclude;
pub mod decode;
pub mod ike;
pub mod render;
pub mod session;
pub mod show;
pub mod synth;

use crate::error::InputError;
use crate::lint::LintResult;
use crate::model::Peering;
use crate::rules::{SessionState, Severity};
use std::io::{BufRead, BufReader, Read};
use std::net::IpAddr;
use std::path::Path;

/// Which side sent something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    Customer,
    Amazon,
}

impl Sender {
    pub fn as_str(self) -> &'static str {
        match self {
            Sender::Customer => "customer",
            Sender::Amazon => "amazon",
        }
    }
}

/// What the diagnosis compares with: AWS data and the router's config (linted).
#[derive(Default)]
pub struct Context<'a> {
    pub peerings: &'a [Peering],
    pub lint: Option<&'a LintResult>,
}

impl Context<'_> {
    /// Addresses the config's BGP neighbors point at (the Amazon side, as the config sees it).
    fn neighbor(&self, pair: [Option<IpAddr>; 2]) -> Option<usize> {
        let lint = self.lint?;
        for m in &lint.models {
            for (_, n) in m.neighbors() {
                if let Some(i) = pair.iter().position(|a| *a == Some(n.addr)) {
                    return Some(i);
                }
            }
        }
        None
    }

    /// The peering this pair belongs to, and the index of the Amazon side in `pair`.
    fn peering(&self, pair: [Option<IpAddr>; 2]) -> Option<(&Peering, usize)> {
        let has = |a: Option<IpAddr>| a.is_some() && pair.contains(&a);
        let exact = self
            .peerings
            .iter()
            .find(|p| has(p.amazon_ip()) && has(p.customer_ip()));
        let by_amazon = || self.peerings.iter().find(|p| has(p.amazon_ip()));
        let by_customer = || self.peerings.iter().find(|p| has(p.customer_ip()));
        if let Some(p) = exact.or_else(by_amazon) {
            let ai = pair.iter().position(|a| *a == p.amazon_ip())?;
            return Some((p, ai));
        }
        let p = by_customer()?;
        let ci = pair.iter().position(|a| *a == p.customer_ip())?;
        Some((p, 1 - ci))
    }

    /// VPN tunnel whose outside IP and customer gateway IP form this pair.
    fn tunnel(&self, pair: [Option<IpAddr>; 2]) -> Option<(&Peering, usize)> {
        self.peerings.iter().find_map(|p| {
            let v = p.vpn.as_ref()?;
            let ai = pair
                .iter()
                .position(|a| a.is_some() && *a == v.outside_ip)?;
            Some((p, ai))
        })
    }
}

/// One session's diagnosis, as the JSON contract names it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SessionReport {
    pub customer: Option<String>,
    pub amazon: Option<String>,
    pub vlan: Option<u16>,
    pub peering: Option<String>,
    pub observed_state: &'static str,
    pub notification: Option<Notification>,
    pub rules: Vec<&'static str>,
    pub evidence: Vec<String>,
    pub predicted_state: Option<&'static str>,
    pub agrees: Option<bool>,
    /// The input this session was read from (human output only).
    #[serde(skip)]
    pub file: String,
    #[serde(skip)]
    pub kind: &'static str,
    /// Extra attempts beside a peering that came up (another source address): shown, but
    /// not a stuck session.
    #[serde(skip)]
    pub secondary: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Notification {
    pub code: u8,
    pub subcode: u8,
    pub sent_by: &'static str,
}

/// What one input file held.
#[derive(Debug)]
pub struct FileReport {
    pub file: String,
    /// "capture" or the `show` output's platform.
    pub what: String,
    pub packets: u64,
    pub notes: Vec<String>,
    pub sessions: Vec<SessionReport>,
}

/// A session is stuck or was torn down: exit code 1.
pub fn is_stuck(s: &SessionReport) -> bool {
    !s.secondary && !matches!(s.observed_state, "Established" | "Unknown")
}

/// Read a capture or a `show` output from a file.
pub fn diagnose_file(path: &Path, ctx: &Context) -> Result<FileReport, InputError> {
    let name = path.display().to_string();
    let read_err = |reason: String| InputError::Read {
        file: name.clone(),
        reason,
    };
    let f = std::fs::File::open(path).map_err(|e| read_err(e.to_string()))?;
    if f.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(read_err("is a directory".into()));
    }
    diagnose_reader(&name, BufReader::with_capacity(256 * 1024, f), ctx)
}

/// Largest `show` output read (a capture has no limit: it is streamed).
const MAX_SHOW_BYTES: u64 = 64 * 1024 * 1024;

/// Read a capture (recognised by its magic number) or a `show` output.
pub fn diagnose_reader<R: BufRead>(
    name: &str,
    mut r: R,
    ctx: &Context,
) -> Result<FileReport, InputError> {
    let read_err = |reason: String| InputError::Read {
        file: name.to_string(),
        reason,
    };
    let head = r.fill_buf().map_err(|e| read_err(e.to_string()))?;
    if capture::sniff(head).is_some() {
        let a = analyze(r).map_err(|e| read_err(e.to_string()))?;
        return Ok(from_capture(name, &a.0, a.1, ctx));
    }
    let mut text = Vec::new();
    r.take(MAX_SHOW_BYTES + 1)
        .read_to_end(&mut text)
        .map_err(|e| read_err(e.to_string()))?;
    if text.len() as u64 > MAX_SHOW_BYTES {
        return Err(read_err(format!(
            "not a pcap/pcapng capture, and larger than the {} MB read for `show` output",
            MAX_SHOW_BYTES >> 20
        )));
    }
    let text = String::from_utf8_lossy(&text);
    match show::parse(&text) {
        Some(parsed) => Ok(show::report(name, &parsed, ctx)),
        None => Err(read_err(
            "neither a pcap/pcapng capture nor a recognised `show bgp neighbors` output (Cisco IOS/IOS-XE/IOS-XR/NX-OS, Junos, FRR/VyOS text or JSON, Arista EOS)".into(),
        )),
    }
}

/// Stream a capture through the analyzer; also says whether the file ended mid-record.
pub fn analyze<R: Read>(r: R) -> Result<(session::Analyzer, bool), capture::CaptureError> {
    let mut reader = capture::CaptureReader::new(r)?;
    let mut a = session::Analyzer::default();
    while let Some(p) = reader.next_packet()? {
        a.packet(p.linktype, p.ts_ns, p.data, p.orig_len);
    }
    Ok((a, reader.truncated_tail))
}

fn from_capture(name: &str, a: &session::Analyzer, cut_tail: bool, ctx: &Context) -> FileReport {
    let mut notes = Vec::new();
    if cut_tail {
        notes.push("the file ends inside a packet record (capture cut short); the packets before it were read".into());
    }
    if a.cut > 0 {
        notes.push(format!(
            "{} packet(s) cut by the capture's snap length; BGP messages in them could not be read",
            a.cut
        ));
    }
    if a.dropped_pairs > 0 {
        notes.push(format!(
            "{} packet(s) of further address pairs not analysed (limit reached)",
            a.dropped_pairs
        ));
    }
    let any_tcp = a.sessions.values().any(|s| s.tcp_seen);
    let mut keys: Vec<_> = a.sessions.keys().copied().collect();
    keys.sort();
    let mut sessions = Vec::new();
    for k in keys {
        let s = &a.sessions[&k];
        let known = ctx.peering(s.addr).is_some() || ctx.neighbor(s.addr).is_some();
        // Resolution-only pairs are reported when they are the peering, or when the capture
        // has no BGP at all and someone asked without an answer (the stuck case).
        let unanswered = (s.side[0].arp_requests > 0 && s.side[1].arp_replies == 0)
            || (s.side[1].arp_requests > 0 && s.side[0].arp_replies == 0);
        if !s.tcp_seen && !known && (any_tcp || !unanswered) {
            continue;
        }
        let exact = ctx.peering(s.addr).is_some_and(|(p, _)| {
            s.addr.contains(&p.amazon_ip()) && s.addr.contains(&p.customer_ip())
        });
        let amazon_elsewhere = |amazon: Option<IpAddr>| {
            a.sessions
                .values()
                .any(|o| o.tcp_seen && o.addr != s.addr && o.addr.contains(&amazon))
        };
        let (peering, ci) = match ctx.peering(s.addr) {
            Some((p, ai)) => (Some(p), 1 - ai),
            None => match ctx.neighbor(s.addr) {
                Some(ai) => (None, 1 - ai),
                None => (None, orient_by_initiator(s)),
            },
        };
        let customer_silent = s.side[ci].arp_requests + s.side[ci].arp_replies == 0;
        if !s.tcp_seen && exact && customer_silent && amazon_elsewhere(s.addr[1 - ci]) {
            // AWS asks for the address it expects; the router talks from another one,
            // reported on that session (DX202).
            continue;
        }
        let mut f = conclude::bgp_session(s, ci, peering);
        let mut secondary = false;
        if !exact && peering.is_some() {
            let p = peering.map(|p| (p.amazon_ip(), p.customer_ip()));
            let exact_up = a.sessions.values().any(|o| {
                o.established.is_some()
                    && p.is_some_and(|(x, y)| o.addr.contains(&x) && o.addr.contains(&y))
            });
            if exact_up {
                secondary = true;
                // The peering itself came up: this one is the router also trying from
                // another source (update-source / multihop).
                f.rules.retain(|r| *r != "DX202");
                f.rules.push("DX205");
                f.evidence.push(format!(
                    "the peering's own addresses came up; {} is an additional source the router tries (update-source or multihop)",
                    s.addr[ci].map(|x| x.to_string()).unwrap_or_default()
                ));
            }
        }
        let mut r = finish(name, "BGP", s.addr, ci, peering, f, ctx);
        r.secondary = secondary;
        sessions.push(r);
    }
    let mut ike_keys: Vec<_> = a.ike.pairs.keys().copied().collect();
    ike_keys.sort();
    for k in ike_keys {
        let p = &a.ike.pairs[&k];
        let (peering, ci) = match ctx.tunnel(p.addr) {
            Some((t, ai)) => (Some(t), 1 - ai),
            None => (None, p.first_sender.unwrap_or(0)),
        };
        let f = ike::conclude(p, ci, peering);
        sessions.push(finish(name, "IKE", p.addr, ci, peering, f, ctx));
    }
    FileReport {
        file: name.to_string(),
        what: "capture".into(),
        packets: a.packets,
        notes,
        sessions,
    }
}

/// Without AWS data or config: AWS's addressing convention when the pair follows it (a
/// 169.254.x.y/30 with Amazon on the first host, the customer on the second, as in every AWS
/// example), else the side that sent the first SYN (or the first ARP request).
fn orient_by_initiator(s: &session::Session) -> usize {
    if let [Some(IpAddr::V4(a)), Some(IpAddr::V4(b))] = s.addr {
        let (a, b) = (a.octets(), b.octets());
        if a[..2] == [169, 254] && a[..3] == b[..3] && a[3] & !3 == b[3] & !3 {
            match (a[3] & 3, b[3] & 3) {
                (1, 2) => return 1,
                (2, 1) => return 0,
                _ => {}
            }
        }
    }
    if let Some(i) = s.first_initiator {
        return i;
    }
    match (s.side[0].first_arp_request, s.side[1].first_arp_request) {
        (Some(x), Some(y)) => usize::from(y.n < x.n),
        (None, Some(_)) => 1,
        _ => 0,
    }
}

/// Name the sides, narrow alternatives with the config's findings, add the prediction.
pub(crate) fn finish(
    file: &str,
    kind: &'static str,
    pair: [Option<IpAddr>; 2],
    ci: usize,
    peering: Option<&Peering>,
    mut f: conclude::Finding,
    ctx: &Context,
) -> SessionReport {
    let amazon = pair[1 - ci];
    let outcome = ctx.lint.and_then(|l| {
        l.peerings.iter().find(|o| {
            peering.is_some_and(|p| p.id == o.id) || (o.neighbor.is_some() && o.neighbor == amazon)
        })
    });
    let lint_rules: Vec<&'static str> = ctx
        .lint
        .map(|l| {
            l.findings
                .iter()
                .filter(|x| x.severity >= Severity::Warning)
                .filter(|x| {
                    x.peering.is_none()
                        || outcome.is_some_and(|o| x.peering.as_deref() == Some(o.id.as_str()))
                })
                .map(|x| x.rule)
                .collect()
        })
        .unwrap_or_default();
    // A timeline first (by packet number), then the summaries.
    f.evidence.sort_by_key(|e| {
        e.strip_prefix("packet ")
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(u64::MAX)
    });
    if !f.alternatives.is_empty() {
        let narrowed: Vec<&'static str> = f
            .alternatives
            .iter()
            .copied()
            .filter(|r| lint_rules.contains(r))
            .collect();
        let keep = if narrowed.is_empty() {
            f.alternatives.clone()
        } else {
            narrowed
        };
        if keep.len() > 1 {
            f.evidence.push(format!(
                "the capture cannot tell these apart: {}",
                keep.join(", ")
            ));
        }
        for r in keep {
            if !f.rules.contains(&r) {
                f.rules.push(r);
            }
        }
    }
    let predicted = outcome
        .map(|o| o.predicted_state)
        .filter(|s| *s != SessionState::Unknown);
    let agrees = match (predicted, f.state) {
        (_, SessionState::Unknown) | (None, _) => None,
        (Some(p), o) => Some(p == o),
    };
    SessionReport {
        customer: pair[ci].map(|a| a.to_string()),
        amazon: amazon.map(|a| a.to_string()),
        vlan: f.vlan,
        peering: peering.map(|p| p.id.clone()),
        observed_state: f.state.as_str(),
        notification: f.notification.map(|(code, subcode, by)| Notification {
            code,
            subcode,
            sent_by: by.as_str(),
        }),
        rules: f.rules,
        evidence: f.evidence,
        predicted_state: predicted.map(|s| s.as_str()),
        agrees,
        file: file.to_string(),
        kind,
        secondary: false,
    }
}

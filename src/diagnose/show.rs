//! Saved `show ... bgp neighbors` output: Cisco IOS / IOS-XE / IOS-XR / NX-OS and Arista EOS
//! (`BGP neighbor is X ...` blocks), FRR / VyOS (the same text, or `json`), Junos
//! (`Peer: X+179 AS N Local: ...`). What is read: the state, admin shutdown, hold time, the
//! last reset / NOTIFICATION with its direction, families and prefix counts — then mapped to
//! the same states and rule ids as a capture. Text from the input is only quoted in evidence
//! (escaped when printed).

use super::bgp::notification_name;
use super::conclude::Finding;
use super::{finish, Context, FileReport, Sender};
use crate::model::Peering;
use crate::rules::SessionState;
use std::net::IpAddr;

/// One neighbor as a `show` command reports it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Neighbor {
    pub peer: Option<IpAddr>,
    pub local: Option<IpAddr>,
    pub remote_as: Option<u32>,
    pub local_as: Option<u32>,
    /// The state word as printed (Idle, Active, Connect, OpenSent, OpenConfirm, Established).
    pub state: String,
    pub admin_down: bool,
    pub hold_time: Option<u32>,
    /// The last reset / error line, as printed.
    pub last_reset: Option<String>,
    /// The last NOTIFICATION (code, subcode, sent by the router → Customer).
    pub notification: Option<(u8, u8, Sender)>,
    /// No address family active for the neighbor.
    pub no_family: bool,
    pub prefixes_sent: Option<u32>,
    pub established_count: Option<u32>,
    pub md5: Option<bool>,
}

/// A parsed `show` output: the platform family and its neighbors.
#[derive(Debug)]
pub struct Parsed {
    pub platform: &'static str,
    pub neighbors: Vec<Neighbor>,
}

/// Recognise and parse; `None` when the text is none of the known outputs.
pub fn parse(text: &str) -> Option<Parsed> {
    let t = text.trim_start();
    if t.starts_with('{') {
        return frr_json(t);
    }
    if text.lines().any(|l| l.trim_start().starts_with("Peer: ")) {
        let n = junos(text);
        return (!n.is_empty()).then_some(Parsed {
            platform: "Junos",
            neighbors: n,
        });
    }
    if text.contains("BGP neighbor is ") {
        let platform = if text.contains("Local Role:")
            || text.contains("Hold time is ") && text.contains("Configured conditional")
        {
            "FRR"
        } else if text.contains("Peer index") || text.contains("ebgp link") {
            "Cisco NX-OS"
        } else if text.contains("BGP state is ") || text.contains("Last rcvd notification") {
            "Arista EOS"
        } else if text
            .lines()
            .any(|l| l.trim_start().starts_with("Remote AS "))
        {
            "Cisco IOS-XR"
        } else {
            "Cisco IOS/IOS-XE"
        };
        let n = cisco_like(text);
        return (!n.is_empty()).then_some(Parsed {
            platform,
            neighbors: n,
        });
    }
    None
}

fn num_after(s: &str, key: &str) -> Option<u32> {
    let lower = s.to_ascii_lowercase();
    let i = lower.find(&key.to_ascii_lowercase())? + key.len();
    let rest = s[i..].trim_start_matches([' ', '=', ':']);
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

fn ip_token(s: &str) -> Option<IpAddr> {
    let t = s.trim().trim_end_matches([',', ';']);
    // Junos appends `+port` to addresses.
    let t = t.split('+').next().unwrap_or(t);
    t.parse().ok()
}

/// NOTIFICATION code/subcode from its name as routers print it.
fn code_from_text(s: &str) -> Option<(u8, u8)> {
    let l = s.to_ascii_lowercase();
    let table: &[(&str, (u8, u8))] = &[
        ("bad peer as", (2, 2)),
        ("peer in wrong as", (2, 2)),
        ("bad remote as", (2, 2)),
        ("unacceptable hold time", (2, 6)),
        ("unsupported capability", (2, 7)),
        ("required capability missing", (2, 7)),
        ("maximum number of prefixes", (6, 1)),
        ("maximum prefix", (6, 1)),
        ("prefix limit", (6, 1)),
        ("administrative shutdown", (6, 2)),
        ("administratively shut", (6, 2)),
        ("peer de-configured", (6, 3)),
        ("peer unconfigured", (6, 3)),
        ("administrative reset", (6, 4)),
        ("connection rejected", (6, 5)),
        ("hold timer expired", (4, 0)),
        ("hold time expired", (4, 0)),
        ("bad bgp identifier", (2, 3)),
        ("unsupported version", (2, 1)),
        ("open message error", (2, 0)),
        ("update message error", (3, 0)),
        ("finite state machine", (5, 0)),
        ("cease", (6, 0)),
    ];
    table.iter().find(|(k, _)| l.contains(k)).map(|(_, v)| *v)
}

/// Direction of a reset text: received from the peer (AWS) or sent by the router.
fn direction(s: &str) -> Option<Sender> {
    let l = s.to_ascii_lowercase();
    if l.contains("received") || l.contains("rcvd") || l.contains("recv") || l.contains("by peer") {
        Some(Sender::Amazon)
    } else if l.contains("sent") || l.contains("send") || l.contains("by us") {
        Some(Sender::Customer)
    } else {
        None
    }
}

/// `BGP neighbor is X, remote AS N ...` blocks (IOS, IOS-XE, IOS-XR, NX-OS, EOS, FRR).
fn cisco_like(text: &str) -> Vec<Neighbor> {
    let mut out: Vec<Neighbor> = Vec::new();
    // Per neighbor: `For address family` blocks seen, and FRR's "No AFI/SAFI activated".
    let mut families: Vec<(u32, bool)> = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("BGP neighbor is ") {
            families.push((0, false));
            let mut n = Neighbor {
                peer: rest.split([',', ' ']).next().and_then(ip_token),
                ..Neighbor::default()
            };
            n.remote_as = num_after(rest, "remote AS");
            n.local_as = num_after(rest, "local AS");
            out.push(n);
            continue;
        }
        let Some(n) = out.last_mut() else { continue };
        let low = l.to_ascii_lowercase();
        if low.starts_with("remote as ") {
            n.remote_as = num_after(l, "Remote AS");
            n.local_as = n.local_as.or(num_after(l, "local AS"));
        } else if let Some(st) = l
            .strip_prefix("BGP state = ")
            .or_else(|| l.strip_prefix("BGP state is "))
        {
            let word: String = st.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            n.state = word;
            if low.contains("admin") {
                n.admin_down = true;
            }
        } else if low.contains("administratively shut down")
            || low.contains("shutdown administratively")
        {
            n.admin_down = true;
        } else if (low.starts_with("hold time")
            || low.contains(", hold time")
            || low.starts_with("last read"))
            && !low.starts_with("configured")
        {
            if let Some(h) = num_after(l, "hold time is").or_else(|| num_after(l, "hold time =")) {
                n.hold_time.get_or_insert(h);
            }
        } else if low.starts_with("for address family") {
            if let Some(f) = families.last_mut() {
                f.0 += 1;
            }
        } else if low.starts_with("connections established") {
            n.established_count = num_after(l, "established");
        } else if low.starts_with("last reset")
            || low.starts_with("last sent notification")
            || low.starts_with("last rcvd notification")
        {
            if low.contains("never") && !low.contains("due to") {
                continue;
            }
            if low.contains("no afi/safi activated") {
                if let Some(f) = families.last_mut() {
                    f.1 = true;
                }
                continue;
            }
            let code = code_from_text(l);
            let dir = direction(l);
            if let (Some((c, s)), Some(d)) = (code, dir) {
                n.notification = Some((c, s, d));
            }
            if n.last_reset.is_none() || code.is_some() {
                n.last_reset = Some(l.to_string());
            }
        } else if let Some(h) = l
            .strip_prefix("Local host: ")
            .or_else(|| l.strip_prefix("Local TCP address is "))
        {
            n.local = h.split([',', ' ']).next().and_then(ip_token);
        } else if low.starts_with("prefixes current:") {
            // IOS: `Prefixes Current:   Sent   Rcvd` columns.
            n.prefixes_sent = l.split_whitespace().nth(2).and_then(|x| x.parse().ok());
        } else if low.starts_with("prefix advertised") {
            n.prefixes_sent = num_after(l, "Prefix advertised");
        } else if low.starts_with("peer authentication enabled")
            || low.contains("md5 authentication is enabled")
        {
            n.md5 = Some(true);
        }
    }
    // A neighbor with no family activated has no `For address family` block at all.
    for (n, (count, no_afi)) in out.iter_mut().zip(families) {
        n.no_family = count == 0 && no_afi;
    }
    out
}

/// Junos `show bgp neighbor X`.
fn junos(text: &str) -> Vec<Neighbor> {
    let mut out: Vec<Neighbor> = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("Peer: ") {
            let toks: Vec<&str> = rest.split_whitespace().collect();
            let mut n = Neighbor {
                peer: toks.first().and_then(|t| ip_token(t)),
                ..Neighbor::default()
            };
            n.remote_as = toks
                .iter()
                .position(|t| *t == "AS")
                .and_then(|i| toks.get(i + 1)?.parse().ok());
            if let Some(i) = toks.iter().position(|t| *t == "Local:") {
                n.local = toks.get(i + 1).and_then(|t| ip_token(t));
                n.local_as = toks
                    .iter()
                    .skip(i)
                    .position(|t| *t == "AS")
                    .and_then(|j| toks.get(i + j + 1)?.parse().ok());
            }
            out.push(n);
            continue;
        }
        let Some(n) = out.last_mut() else { continue };
        if let Some(i) = l.find("State: ").filter(|_| !l.starts_with("Last State")) {
            n.state = l[i + 7..]
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
        }
        if let Some(e) = l.strip_prefix("Last Error:") {
            if e.trim() != "None" {
                n.last_reset = Some(l.to_string());
            }
        } else if l.contains("Holdtime:") {
            n.hold_time = num_after(l, "Holdtime:");
        } else if let Some(rest) = l.strip_prefix("Error: '") {
            // `Error: 'Open Message Error' Sent: 0 Recv: 3` (Junos prints no subcode).
            let name = rest.split('\'').next().unwrap_or_default();
            let sent = num_after(l, "Sent:").unwrap_or(0);
            let recv = num_after(l, "Recv:").unwrap_or(0);
            if let Some((c, s)) = code_from_text(name) {
                let by = if recv > 0 {
                    Sender::Amazon
                } else {
                    Sender::Customer
                };
                if sent + recv > 0 {
                    n.notification = Some((c, s, by));
                }
            }
        } else if l.starts_with("Advertised prefixes:") {
            *n.prefixes_sent.get_or_insert(0) += num_after(l, "Advertised prefixes:").unwrap_or(0);
        } else if l.contains("AuthKey") || l.contains("Authentication key is configured") {
            n.md5 = Some(true);
        }
        if l.starts_with("Flags:") && l.contains("Idled") {
            n.admin_down = true;
        }
    }
    out
}

/// FRR / VyOS `show bgp neighbors [X] json`: an object keyed by neighbor address.
fn frr_json(text: &str) -> Option<Parsed> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let obj = v.as_object()?;
    let mut out = Vec::new();
    for (k, n) in obj {
        let Ok(peer) = k.parse::<IpAddr>() else {
            continue;
        };
        let u = |key: &str| n[key].as_u64().map(|x| x as u32);
        let s = |key: &str| n[key].as_str().map(str::to_string);
        let dropped = u("connectionsDropped").unwrap_or(0);
        let reset = s("lastResetDueTo");
        let mut nb = Neighbor {
            peer: Some(peer),
            local: s("hostLocal").and_then(|h| h.parse().ok()),
            remote_as: u("remoteAs"),
            local_as: u("localAs"),
            state: s("bgpState").unwrap_or_default(),
            admin_down: n["adminShutDown"].as_bool().unwrap_or(false)
                || reset
                    .as_deref()
                    .is_some_and(|r| r.contains("Admin. shutdown")),
            hold_time: u("bgpTimerHoldTimeMsecs").map(|m| m / 1000),
            established_count: u("connectionsEstablished"),
            md5: n["authenticationEnabled"].as_u64().map(|x| x == 1),
            no_family: n["addressFamilyInfo"]
                .as_object()
                .is_some_and(|m| m.is_empty()),
            ..Neighbor::default()
        };
        if let Some(cs) = s("lastErrorCodeSubcode") {
            let c = cs.get(0..2).and_then(|x| u8::from_str_radix(x, 16).ok());
            let sc = cs.get(2..4).and_then(|x| u8::from_str_radix(x, 16).ok());
            let by = reset.as_deref().and_then(direction);
            if let (Some(c), Some(sc), Some(by)) = (c, sc, by) {
                if c != 0 {
                    nb.notification = Some((c, sc, by));
                }
            }
        }
        let reason = s("lastNotificationReason").or(reset
            .clone()
            .filter(|_| dropped > 0 || nb.notification.is_some()));
        nb.last_reset = reason;
        if let Some(m) = n["addressFamilyInfo"].as_object() {
            let sent: u64 = m
                .values()
                .filter_map(|af| af["sentPrefixCounter"].as_u64())
                .sum();
            if m.values().any(|af| af.get("sentPrefixCounter").is_some()) {
                nb.prefixes_sent = Some(sent as u32);
            }
        }
        out.push(nb);
    }
    (!out.is_empty()).then_some(Parsed {
        platform: "FRR (JSON)",
        neighbors: out,
    })
}

/// Map one neighbor to a state, rules and evidence.
pub fn conclude(n: &Neighbor, platform: &str, peering: Option<&Peering>) -> Finding {
    let mut f = Finding {
        state: SessionState::Unknown,
        notification: n.notification,
        rules: Vec::new(),
        alternatives: Vec::new(),
        evidence: Vec::new(),
        vlan: peering.and_then(|p| p.vlan),
    };
    let rule = |f: &mut Finding, r: &'static str| {
        if !f.rules.contains(&r) {
            f.rules.push(r);
        }
    };
    let peer = n.peer.map_or("?".into(), |p| p.to_string());
    f.evidence.push(format!(
        "{platform}: neighbor {peer} in state {}{}",
        if n.state.is_empty() { "?" } else { &n.state },
        if n.admin_down {
            " (administratively shut down)"
        } else {
            ""
        }
    ));
    if let Some(r) = &n.last_reset {
        f.evidence.push(format!("last reset / error: {r}"));
    }
    if let Some((c, s, by)) = n.notification {
        f.evidence.push(format!(
            "last NOTIFICATION {}, {}",
            notification_name(c, s),
            if by == Sender::Customer {
                "sent by the router"
            } else {
                "received from AWS"
            }
        ));
    }
    let ever_up = n.established_count.unwrap_or(0) > 0;
    let state = n.state.to_ascii_lowercase();
    f.state = if n.admin_down {
        rule(&mut f, "DX801");
        SessionState::Idle
    } else if state.starts_with("established") {
        if n.prefixes_sent == Some(0) {
            rule(&mut f, "DX705");
            f.evidence.push("the router has sent no prefix".into());
            SessionState::EstablishedNoRoutes
        } else {
            SessionState::Established
        }
    } else if n.no_family && n.notification.is_none() {
        rule(&mut f, "DX804");
        f.evidence
            .push("no address family is activated for the neighbor".into());
        SessionState::Idle
    } else if let Some((c, _, _)) = n.notification {
        if ever_up || c == 6 || c == 4 {
            SessionState::EstablishedThenIdle
        } else {
            SessionState::OpenSent
        }
    } else if state.starts_with("opensent") {
        SessionState::OpenSent
    } else if state.starts_with("openconfirm") {
        SessionState::OpenConfirm
    } else if state.starts_with("active")
        || state.starts_with("connect")
        || state.starts_with("idle")
    {
        SessionState::Active
    } else {
        SessionState::Unknown
    };
    match n.notification {
        Some((2, 2, Sender::Amazon)) => rule(&mut f, "DX301"),
        Some((2, 2, Sender::Customer)) => rule(&mut f, "DX302"),
        Some((2, 6, _)) => rule(&mut f, "DX601"),
        Some((2, 7, _)) => rule(&mut f, "DX802"),
        Some((6, 1, _)) => rule(&mut f, "DX701"),
        Some((6, 2 | 3, Sender::Amazon)) => rule(&mut f, "DX803"),
        Some((6, 2 | 3, Sender::Customer)) => rule(&mut f, "DX801"),
        _ => {}
    }
    if n.hold_time == Some(0) && n.notification.is_none_or(|x| x.0 == 2) {
        rule(&mut f, "DX601");
        f.evidence.push("hold time 0".into());
    }
    let Some(p) = peering else { return f };
    if let (Some(have), Some(want)) = (n.local_as, p.customer_asn) {
        if have != want && matches!(f.notification, None | Some((2, _, _))) {
            rule(&mut f, "DX301");
            f.evidence
                .push(format!("local AS {have}; the VIF's customer ASN is {want}"));
        }
    }
    if let (Some(have), Some(want)) = (n.remote_as, p.amazon_asn) {
        if have != want && matches!(f.notification, None | Some((2, _, _))) {
            rule(&mut f, "DX302");
            f.evidence
                .push(format!("remote AS {have}; the VIF's Amazon ASN is {want}"));
        }
    }
    if f.state == SessionState::Active && !p.secrets_omitted {
        match (n.md5, p.auth_key.is_some()) {
            (Some(true), false) => rule(&mut f, "DX402"),
            (Some(false) | None, true) if n.md5.is_some() => rule(&mut f, "DX401"),
            _ => {}
        }
    }
    f
}

/// The file report of a parsed `show` output.
pub fn report(name: &str, p: &Parsed, ctx: &Context) -> FileReport {
    let mut sessions = Vec::new();
    for n in &p.neighbors {
        let pair = [n.local, n.peer];
        let peering = ctx.peering(pair).map(|x| x.0).or_else(|| {
            ctx.peerings
                .iter()
                .find(|pe| pe.amazon_ip().is_some() && pe.amazon_ip() == n.peer)
        });
        let f = conclude(n, p.platform, peering);
        let customer = n.local.or(peering.and_then(|pe| pe.customer_ip()));
        sessions.push(finish(name, "BGP", [customer, n.peer], 0, peering, f, ctx));
    }
    FileReport {
        file: name.to_string(),
        what: format!("`show` output ({})", p.platform),
        packets: 0,
        notes: Vec::new(),
        sessions,
    }
}

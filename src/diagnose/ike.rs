//! IKE (UDP 500 / 4500) and ESP for Site-to-Site VPN tunnels: IKEv1 and IKEv2 headers,
//! exchange types, requests and responses, and the notify payloads that travel unencrypted
//! (IKEv2 IKE_SA_INIT, IKEv1 before the encryption bit is set). Payload contents other than
//! the notify type are never kept or printed.

use super::conclude::Finding;
use super::decode::{At, IpPacket, Transport};
use crate::model::Peering;
use crate::rules::SessionState;
use std::collections::HashMap;
use std::net::IpAddr;

const MAX_PAIRS: usize = 1024;

/// One IKE message as far as the diagnosis reads it.
#[derive(Debug, Clone, Copy)]
struct Header {
    major: u8,
    exchange: u8,
    response: bool,
    encrypted_v1: bool,
    length: u32,
}

/// What one address of an IKE pair did.
#[derive(Debug, Clone, Default)]
pub struct IkeSide {
    pub v1: u32,
    pub v2: u32,
    /// IKEv2 IKE_SA_INIT requests sent (initiator) and responses sent.
    pub sa_init_requests: u32,
    pub first_sa_init_request: Option<At>,
    pub sa_init_responses: u32,
    /// IKE_SA_INIT responses that carried no error notify.
    pub sa_init_ok: u32,
    pub auth_requests: u32,
    pub first_auth_request: Option<At>,
    pub auth_responses: u32,
    /// IKE_AUTH responses too short to hold IDr/AUTH/SA/TS: an error notify only.
    pub auth_short_responses: u32,
    pub first_auth_short: Option<At>,
    /// IKEv1 Main / Aggressive mode messages.
    pub v1_phase1: u32,
    pub first_v1: Option<At>,
    /// Error notifies sent in the clear: (type, first seen, count).
    pub notifies: Vec<(u16, At, u32)>,
    pub esp: u64,
    pub first_esp: Option<At>,
}

impl IkeSide {
    fn notify(&mut self, t: u16, at: At) {
        if let Some(n) = self.notifies.iter_mut().find(|n| n.0 == t) {
            n.2 += 1;
        } else if self.notifies.len() < 16 {
            self.notifies.push((t, at, 1));
        }
    }
    pub fn has_notify(&self, t: u16) -> Option<At> {
        self.notifies.iter().find(|n| n.0 == t).map(|n| n.1)
    }
    pub fn ike(&self) -> u32 {
        self.v1 + self.v2
    }
}

#[derive(Debug, Clone, Default)]
pub struct IkePair {
    pub addr: [Option<IpAddr>; 2],
    pub side: [IkeSide; 2],
    /// Which side sent the first IKE message.
    pub first_sender: Option<usize>,
}

#[derive(Debug, Default)]
pub struct IkeAnalyzer {
    pub pairs: HashMap<(IpAddr, IpAddr), IkePair>,
}

pub const NO_PROPOSAL_CHOSEN: u16 = 14;
pub const INVALID_KE_PAYLOAD: u16 = 17;
pub const INVALID_MAJOR_VERSION: u16 = 5;
pub const AUTHENTICATION_FAILED: u16 = 24;

/// IKEv2 notify names (RFC 7296 section 3.10.1) for error types seen in the clear.
pub fn notify_name(t: u16) -> String {
    match t {
        1 => "UNSUPPORTED_CRITICAL_PAYLOAD".into(),
        4 => "INVALID_IKE_SPI".into(),
        5 => "INVALID_MAJOR_VERSION".into(),
        7 => "INVALID_SYNTAX".into(),
        9 => "INVALID_MESSAGE_ID".into(),
        11 => "INVALID_SPI".into(),
        14 => "NO_PROPOSAL_CHOSEN".into(),
        17 => "INVALID_KE_PAYLOAD".into(),
        24 => "AUTHENTICATION_FAILED".into(),
        34 => "SINGLE_PAIR_REQUIRED".into(),
        35 => "NO_ADDITIONAL_SAS".into(),
        36 => "INTERNAL_ADDRESS_FAILURE".into(),
        37 => "FAILED_CP_REQUIRED".into(),
        38 => "TS_UNACCEPTABLE".into(),
        _ => format!("notify {t}"),
    }
}

impl IkeAnalyzer {
    pub fn packet(&mut self, ip: &IpPacket<'_>, at: At) {
        let (src, dst) = (ip.src, ip.dst);
        let (payload, esp) = match ip.transport {
            Transport::Esp { .. } => (&[][..], true),
            Transport::Udp { sport, dport } => {
                if sport == 4500 || dport == 4500 {
                    // RFC 3948: a non-ESP marker (4 zero bytes) precedes IKE; else it is ESP.
                    match ip.payload.get(..4) {
                        Some([0, 0, 0, 0]) => (&ip.payload[4..], false),
                        Some([0xff]) | None => return,
                        Some(_) => (&[][..], true),
                    }
                } else if sport == 500 || dport == 500 {
                    (ip.payload, false)
                } else {
                    return;
                }
            }
            _ => return,
        };
        let (k, me) = if src <= dst {
            ((src, dst), 0)
        } else {
            ((dst, src), 1)
        };
        if esp {
            // ESP counts only for a pair that speaks IKE.
            if let Some(p) = self.pairs.get_mut(&k) {
                p.side[me].esp += 1;
                p.side[me].first_esp.get_or_insert(at);
            }
            return;
        }
        let Some(h) = header(payload) else { return };
        if !self.pairs.contains_key(&k) && self.pairs.len() >= MAX_PAIRS {
            return;
        }
        let p = self.pairs.entry(k).or_insert_with(|| IkePair {
            addr: [Some(k.0), Some(k.1)],
            ..IkePair::default()
        });
        p.first_sender.get_or_insert(me);
        let s = &mut p.side[me];
        if h.major == 1 {
            s.v1 += 1;
            s.first_v1.get_or_insert(at);
            if matches!(h.exchange, 2 | 4) {
                s.v1_phase1 += 1;
            }
            if !h.encrypted_v1 {
                for t in notifies(payload, 1) {
                    s.notify(t, at);
                }
            }
            return;
        }
        if h.major != 2 {
            return;
        }
        s.v2 += 1;
        match (h.exchange, h.response) {
            (34, false) => {
                s.sa_init_requests += 1;
                s.first_sa_init_request.get_or_insert(at);
            }
            (34, true) => {
                s.sa_init_responses += 1;
                let n = notifies(payload, 2);
                if n.iter().all(|t| *t >= 16384) {
                    s.sa_init_ok += 1;
                }
                for t in n {
                    if t < 16384 {
                        s.notify(t, at);
                    }
                }
            }
            (35, false) => {
                s.auth_requests += 1;
                s.first_auth_request.get_or_insert(at);
            }
            (35, true) => {
                s.auth_responses += 1;
                if h.length < 120 {
                    s.auth_short_responses += 1;
                    s.first_auth_short.get_or_insert(at);
                }
            }
            _ => {}
        }
    }
}

fn header(b: &[u8]) -> Option<Header> {
    if b.len() < 28 {
        return None;
    }
    let major = b[17] >> 4;
    if major != 1 && major != 2 {
        return None;
    }
    let flags = b[19];
    Some(Header {
        major,
        exchange: b[18],
        response: major == 2 && flags & 0x20 != 0,
        encrypted_v1: major == 1 && flags & 0x01 != 0,
        length: u32::from_be_bytes([b[24], b[25], b[26], b[27]]),
    })
}

/// Notify message types in the unencrypted payload chain (IKEv2 type 41, IKEv1 type 11).
fn notifies(b: &[u8], major: u8) -> Vec<u16> {
    let mut out = Vec::new();
    let mut next = b[16];
    let mut off = 28;
    let end = (u32::from_be_bytes([b[24], b[25], b[26], b[27]]) as usize).min(b.len());
    for _ in 0..32 {
        if next == 0 || off + 4 > end {
            break;
        }
        let len = u16::from_be_bytes([b[off + 2], b[off + 3]]) as usize;
        if len < 4 || off + len > end {
            break;
        }
        let body = &b[off + 4..off + len];
        match (major, next) {
            (2, 41) if body.len() >= 4 => out.push(u16::from_be_bytes([body[2], body[3]])),
            (1, 11) if body.len() >= 8 => out.push(u16::from_be_bytes([body[6], body[7]])),
            // IKEv2 encrypted payload: nothing further is readable.
            (2, 46) | (2, 53) => break,
            _ => {}
        }
        next = b[off];
        off += len;
    }
    out
}

/// Diagnose one IKE pair. `ci` is the index of the customer gateway's side.
pub fn conclude(p: &IkePair, ci: usize, peering: Option<&Peering>) -> Finding {
    let (c, a) = (&p.side[ci], &p.side[1 - ci]);
    let cip = p.addr[ci].map(|x| x.to_string()).unwrap_or_default();
    let aip = p.addr[1 - ci].map(|x| x.to_string()).unwrap_or_default();
    let mut f = Finding {
        state: SessionState::Idle,
        notification: None,
        rules: Vec::new(),
        alternatives: Vec::new(),
        evidence: Vec::new(),
        vlan: None,
    };
    // IKE_AUTH answered with more than an error notify: the IKE SA and first child are up.
    let auth_ok =
        c.auth_responses + a.auth_responses > c.auth_short_responses + a.auth_short_responses;
    let up = (c.esp > 0 && a.esp > 0) || auth_ok;
    for (side, who) in [(c, &cip), (a, &aip)] {
        if side.v1 > 0 {
            f.evidence.push(format!(
                "{}: {who} sent {} IKEv1 message(s)",
                side.first_v1.map_or("-".into(), |x| x.to_string()),
                side.v1
            ));
        }
        if let Some(at) = side.first_sa_init_request {
            f.evidence.push(format!(
                "{at}: {who} sent {} IKEv2 IKE_SA_INIT request(s)",
                side.sa_init_requests
            ));
        }
        for (t, at, n) in &side.notifies {
            f.evidence.push(format!(
                "{at}: {who} sent notify {} ({n} time(s))",
                notify_name(*t)
            ));
        }
        if side.esp > 0 {
            f.evidence.push(format!(
                "{}: {who} sent {} ESP packet(s)",
                side.first_esp.map_or("-".into(), |x| x.to_string()),
                side.esp
            ));
        }
    }
    // Version: one side speaks IKEv1 only, the other IKEv2 only.
    if (c.v1 > 0 && c.v2 == 0 && a.v2 > 0 && a.v1 == 0)
        || (c.v2 > 0 && c.v1 == 0 && a.v1 > 0 && a.v2 == 0)
        || c.has_notify(INVALID_MAJOR_VERSION).is_some()
        || a.has_notify(INVALID_MAJOR_VERSION).is_some()
    {
        f.rule("DX904");
        f.evidence
            .push("the two sides speak different IKE versions".into());
    } else if (c.v1 > 0 && a.ike() == 0) || (c.v2 > 0 && a.ike() == 0 && c.sa_init_requests > 0) {
        f.evidence
            .push(format!("{aip} never answered {cip}'s IKE requests"));
        if p.side[1 - ci].ike() == 0 && c.v1 > 0 {
            // An IKEv1 initiator ignored by an IKEv2-only responder looks the same.
            f.alternatives = vec!["DX904", "DX902"];
        }
    }
    // The versions AWS allows for this tunnel, when the AWS data is given.
    let allowed = peering
        .and_then(|p| p.vpn.as_ref())
        .map(|v| v.ike_versions.clone())
        .filter(|v| !v.is_empty());
    let used: Vec<u8> = [(1u8, c.v1), (2u8, c.v2)]
        .iter()
        .filter(|x| x.1 > 0)
        .map(|x| x.0)
        .collect();
    let mut version_refused = false;
    if let Some(allowed) = &allowed {
        if !used.is_empty() && used.iter().all(|v| !allowed.contains(v)) {
            version_refused = true;
            f.rule("DX904");
            f.evidence.push(format!(
                "{cip} speaks IKEv{}; the tunnel allows IKEv{}",
                used[0],
                allowed
                    .iter()
                    .map(u8::to_string)
                    .collect::<Vec<_>>()
                    .join(" and IKEv")
            ));
        }
    }
    let no_prop = c
        .has_notify(NO_PROPOSAL_CHOSEN)
        .or(a.has_notify(NO_PROPOSAL_CHOSEN));
    let bad_ke = c
        .has_notify(INVALID_KE_PAYLOAD)
        .or(a.has_notify(INVALID_KE_PAYLOAD));
    if no_prop.is_some() && c.v1 > 0 && c.v2 == 0 && a.v2 == 0 && allowed.is_none() {
        // An IKEv2-only responder answers an IKEv1 initiator with NO-PROPOSAL-CHOSEN too.
        f.alternatives = vec!["DX904", "DX905"];
        f.evidence.push(format!(
            "{cip} speaks IKEv1 only and {aip} refuses it: no common proposal, or {aip} accepts IKEv2 only"
        ));
        version_refused = true;
    }
    let sa_ok = c.sa_init_ok + a.sa_init_ok > 0;
    if version_refused {
        // Told above.
    } else if no_prop.is_some() && !sa_ok {
        f.rule("DX905");
        f.evidence.push("no common IKE (phase 1) proposal".into());
    } else if bad_ke.is_some() && !sa_ok {
        f.rule("DX905");
        f.evidence.push("the Diffie-Hellman group offered is not one the peer accepts (INVALID_KE_PAYLOAD, and no IKE_SA_INIT succeeded)".into());
    } else if no_prop.is_some() && sa_ok && !up {
        f.rule("DX906");
    }
    let auth_fail = c.auth_short_responses + a.auth_short_responses;
    let auth_req = c.auth_requests + a.auth_requests;
    if !up && (auth_fail > 0 || (auth_req > 0 && c.auth_responses + a.auth_responses == 0)) {
        f.rule("DX907");
        let at = c.first_auth_short.or(a.first_auth_short);
        f.evidence.push(format!(
            "{}IKE_AUTH never completed ({auth_req} request(s), {} short error response(s)): most likely the pre-shared keys differ",
            at.map_or(String::new(), |x| format!("{x}: ")),
            auth_fail
        ));
    }
    if up {
        f.state = SessionState::Unknown;
        f.evidence
            .push("ESP flows both ways: the tunnel is up".into());
    } else if c.esp > 0 || a.esp > 0 {
        f.evidence.push("ESP flows in one direction only".into());
    }
    f
}

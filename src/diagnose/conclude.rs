//! From what a session did on the wire to dxlint's vocabulary: the observed state, the rule
//! ids the evidence points at, and short evidence sentences with packet numbers and times.

use super::bgp::{family_name, notification_name};
use super::session::{Session, Side};
use super::Sender;
use crate::model::{Afi, Peering};
use crate::rules::SessionState;
use std::net::IpAddr;

/// The diagnosis of one session, before the comparison with a prediction.
#[derive(Debug, Clone)]
pub struct Finding {
    pub state: SessionState,
    pub notification: Option<(u8, u8, Sender)>,
    pub rules: Vec<&'static str>,
    /// Rules of which the capture cannot tell one from another (e.g. a neighbor shut down or
    /// activated for no family): narrowed by the config's own findings when given.
    pub alternatives: Vec<&'static str>,
    pub evidence: Vec<String>,
    pub vlan: Option<u16>,
}

impl Finding {
    pub(crate) fn rule(&mut self, r: &'static str) {
        if !self.rules.contains(&r) {
            self.rules.push(r);
        }
    }
}

fn tags_text(s: &Side) -> String {
    let mut v: Vec<String> = s
        .tags
        .iter()
        .map(|t| match t.as_slice() {
            [] => "untagged".to_string(),
            [one] => format!("VLAN {one}"),
            many => format!(
                "VLANs {}",
                many.iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join("/")
            ),
        })
        .collect();
    v.sort();
    v.join(", ")
}

/// The innermost VLAN of a side's frames, when they all carry the same tags.
fn single_vlan(s: &Side) -> Option<Option<u16>> {
    match s.tags.as_slice() {
        [t] => Some(t.as_slice().last().copied()),
        _ => None,
    }
}

/// Diagnose one BGP session. `ci` is the index of the customer's side in `s`.
pub fn bgp_session(s: &Session, ci: usize, peering: Option<&Peering>) -> Finding {
    let ai = 1 - ci;
    let (c, a) = (&s.side[ci], &s.side[ai]);
    let cip = s.addr[ci].map(|x| x.to_string()).unwrap_or_default();
    let aip = s.addr[ai].map(|x| x.to_string()).unwrap_or_default();
    let mut f = Finding {
        state: SessionState::Unknown,
        notification: None,
        rules: Vec::new(),
        alternatives: Vec::new(),
        evidence: Vec::new(),
        vlan: None,
    };
    vlans(&mut f, c, a, peering, &cip, &aip);
    addresses(&mut f, s, ci, peering);

    // The last NOTIFICATION, by whichever side sent it.
    let notif = match (c.notification, a.notification) {
        (Some(x), Some(y)) => Some(if x.2.n > y.2.n {
            (x, Sender::Customer)
        } else {
            (y, Sender::Amazon)
        }),
        (Some(x), None) => Some((x, Sender::Customer)),
        (None, Some(y)) => Some((y, Sender::Amazon)),
        (None, None) => None,
    };
    if let Some(((code, sub, at), by)) = notif {
        f.notification = Some((code, sub, by));
        let who = if by == Sender::Customer { &cip } else { &aip };
        f.evidence.push(format!(
            "{at}: {who} sent NOTIFICATION {}",
            notification_name(code, sub)
        ));
    }
    opens(&mut f, c, a, &cip, &aip, peering);

    if let Some(est) = s.established {
        f.evidence.push(format!(
            "{est}: session Established (OPEN and KEEPALIVE from both sides)"
        ));
        prefixes(&mut f, c, &cip, peering);
        if !s.established_at_end {
            f.state = SessionState::EstablishedThenIdle;
            if let Some((at, how)) = &s.torn_down {
                let how = how
                    .replace(
                        "side 0",
                        &s.addr[0].map(|x| x.to_string()).unwrap_or_default(),
                    )
                    .replace(
                        "side 1",
                        &s.addr[1].map(|x| x.to_string()).unwrap_or_default(),
                    );
                f.evidence.push(format!("{at}: session torn down by {how}"));
            }
        } else if c.announced_total() == 0 {
            f.state = SessionState::EstablishedNoRoutes;
            f.rule("DX705");
            f.evidence.push(format!(
                "{cip} announced no prefix in {} UPDATE(s) up to the end of the capture ({:.3} s)",
                c.updates,
                at_end(s)
            ));
        } else {
            f.state = SessionState::Established;
        }
    } else if notif.is_some() {
        f.state = SessionState::OpenSent;
    } else if c.syns == 0
        && c.opens == 0
        && c.refused + c.closed_before_open + c.closed_after_open > 0
    {
        // The router never tries and turns AWS's connections away.
        rejected(&mut f, s, c, a, &cip, &aip);
    } else if c.opens > 0 || a.opens > 0 {
        f.state = if c.opens > 0 && a.opens > 0 && (c.keepalives > 0 || a.keepalives > 0) {
            SessionState::OpenConfirm
        } else {
            SessionState::OpenSent
        };
        for (side, ip, other) in [(c, &cip, &aip), (a, &aip, &cip)] {
            if let Some(at) = side.first_closed_after_open {
                f.evidence.push(format!(
                    "{at}: {ip} closed the connection after the OPEN without a NOTIFICATION ({} time(s)); {other}'s OPEN never completed the exchange",
                    side.closed_after_open
                ));
            }
        }
        if c.opens > 0 && a.opens == 0 {
            f.evidence.push(format!(
                "{cip} sent {} OPEN(s); {aip} never sent one",
                c.opens
            ));
        } else if a.opens > 0 && c.opens == 0 {
            f.evidence.push(format!(
                "{aip} sent {} OPEN(s); {cip} never sent one",
                a.opens
            ));
        }
        if c.min_ttl == Some(255) && a.min_ttl == Some(1) && a.opens > 0 {
            // The router never takes in what AWS sends: it waits for an OPEN.
            f.state = SessionState::OpenSent;
            f.rule("DX207");
            f.evidence.push(format!(
                "{cip} sends with TTL 255 (TTL security) while {aip}'s packets arrive with TTL 1: the router's GTSM check drops them"
            ));
        }
    } else if s.handshakes > 0 || c.refused > 0 || a.refused > 0 {
        rejected(&mut f, s, c, a, &cip, &aip);
    } else if c.syns + a.syns > 0 {
        f.state = SessionState::Active;
        syns(&mut f, c, a, &cip, &aip, peering);
    } else if c.arp_requests + a.arp_requests > 0 {
        resolution(&mut f, c, a, &cip, &aip);
    }
    notification_rules(&mut f, c, a, s, &cip);
    f
}

fn at_end(s: &Session) -> f64 {
    s.side
        .iter()
        .filter_map(|x| x.open.as_ref().map(|o| o.1.t))
        .fold(0.0, f64::max)
}

fn vlans(f: &mut Finding, c: &Side, a: &Side, peering: Option<&Peering>, cip: &str, aip: &str) {
    let (cv, av) = (single_vlan(c), single_vlan(a));
    f.vlan = av.flatten().or(cv.flatten());
    if c.tags.iter().any(|t| t.n >= 2) {
        f.rule("DX103");
        f.evidence.push(format!(
            "{cip}'s frames carry two VLAN tags ({}); a Direct Connect port expects one",
            tags_text(c)
        ));
    }
    if let Some(want) = peering.and_then(|p| p.vlan) {
        f.vlan = Some(want);
        if let Some(cv) = cv {
            match cv {
                // An untagged capture on a sub-interface shows no tags on either side.
                None if !c.tags.is_empty() && av.is_some_and(|v| v.is_some()) => {
                    f.rule("DX102");
                    f.evidence.push(format!(
                        "{cip}'s frames are untagged; {aip}'s carry {} and the VIF uses VLAN {want}",
                        tags_text(a)
                    ));
                }
                Some(v) if v != want => {
                    f.rule("DX101");
                    f.evidence.push(format!(
                        "{cip}'s frames carry VLAN {v}; the VIF uses VLAN {want} ({aip}: {})",
                        if a.tags.is_empty() {
                            "no frames".into()
                        } else {
                            tags_text(a)
                        }
                    ));
                }
                _ => {}
            }
        }
        return;
    }
    if let (Some(cv), Some(av)) = (cv, av) {
        match (cv, av) {
            (Some(x), Some(y)) if x != y => {
                f.rule("DX101");
                f.evidence.push(format!(
                    "{cip}'s frames carry VLAN {x}, {aip}'s carry VLAN {y}"
                ));
            }
            (None, Some(y)) => {
                f.rule("DX102");
                f.evidence.push(format!(
                    "{cip}'s frames are untagged, {aip}'s carry VLAN {y}"
                ));
            }
            _ => {}
        }
    }
}

fn addresses(f: &mut Finding, s: &Session, ci: usize, peering: Option<&Peering>) {
    let Some(p) = peering else { return };
    let (c, a) = (s.addr[ci], s.addr[1 - ci]);
    let (pc, pa) = (p.customer_ip(), p.amazon_ip());
    if pa.is_some() && a == pa && pc.is_some() && c != pc {
        f.rule("DX202");
        f.evidence.push(format!(
            "the router uses {} towards {}; AWS expects the customer address {}",
            ip(c),
            ip(a),
            ip(pc)
        ));
    } else if pc.is_some() && c == pc && pa.is_some() && a != pa {
        f.rule("DX201");
        f.evidence.push(format!(
            "the router peers with {}; the Amazon address of the VIF is {}",
            ip(a),
            ip(pa)
        ));
    }
}

fn ip(a: Option<IpAddr>) -> String {
    a.map_or_else(|| "?".into(), |x| x.to_string())
}

fn opens(f: &mut Finding, c: &Side, a: &Side, cip: &str, aip: &str, peering: Option<&Peering>) {
    for (side, who) in [(c, cip), (a, aip)] {
        let Some((o, at)) = &side.open else { continue };
        let as_text = match o.as4 {
            Some(x) if o.my_as == 23456 => format!("AS {x} (My AS 23456, 4-byte AS capability)"),
            _ => format!("AS {}", o.asn()),
        };
        let fams: Vec<String> = o.offered_families().into_iter().map(family_name).collect();
        f.evidence.push(format!(
            "{at}: {who} sent OPEN version {}, {as_text}, hold time {}, BGP identifier {}, families {}",
            o.version,
            o.hold_time,
            std::net::Ipv4Addr::from(o.bgp_id),
            fams.join(" + ")
        ));
    }
    let Some(p) = peering else { return };
    if let (Some((o, at)), Some(want)) = (&c.open, p.customer_asn) {
        if o.asn() != want {
            f.rule("DX301");
            f.evidence.push(format!(
                "{at}: {cip} announces AS {} but the VIF's customer ASN is {want}",
                o.asn()
            ));
        }
    }
    if let (Some((o, at)), Some(want)) = (&a.open, p.amazon_asn) {
        if o.asn() != want {
            f.evidence.push(format!(
                "{at}: {aip} announces AS {}, not the VIF's Amazon ASN {want}",
                o.asn()
            ));
        }
    }
    if let Some((o, at)) = &c.open {
        if o.hold_time == 0 {
            f.rule("DX601");
            f.evidence
                .push(format!("{at}: {cip} offers hold time 0, which AWS refuses"));
        } else if o.hold_time < 3 {
            f.rule("DX602");
        }
        let want = match p.afi {
            Afi::Ipv4 => (1, 1),
            Afi::Ipv6 => (2, 1),
        };
        if !o.offered_families().contains(&want) {
            f.rule("DX802");
            f.evidence.push(format!(
                "{at}: {cip}'s OPEN does not offer {}, the VIF's family",
                family_name(want)
            ));
        }
    }
}

fn prefixes(f: &mut Finding, c: &Side, cip: &str, peering: Option<&Peering>) {
    let limit = peering.map_or(100, |p| p.prefix_limit);
    for (fam, n) in &c.announced {
        let w = c.withdrawn.get(fam).copied().unwrap_or(0);
        f.evidence.push(format!(
            "{cip} announced {n} {} prefix(es) and withdrew {w} in {} UPDATE(s)",
            family_name(*fam),
            c.updates
        ));
        if *n > limit {
            f.rule("DX701");
            f.evidence.push(format!(
                "{n} {} prefixes exceed AWS's limit of {limit}",
                family_name(*fam)
            ));
        } else if *n * 5 >= limit * 4 && limit > 0 {
            f.rule("DX702");
        }
    }
}

fn rejected(f: &mut Finding, s: &Session, c: &Side, a: &Side, cip: &str, aip: &str) {
    if let Some(at) = s.first_handshake {
        f.evidence.push(format!(
            "{at}: TCP handshake completed ({} time(s))",
            s.handshakes
        ));
    }
    let c_rejects = c.refused + c.closed_before_open + c.closed_after_open;
    let a_rejects = a.refused + a.closed_before_open;
    for (side, who) in [(c, cip), (a, aip)] {
        if let Some(at) = side.first_refused {
            f.evidence.push(format!(
                "{at}: {who} answered the other side's SYN with RST ({} time(s)): nothing accepts BGP from that address",
                side.refused
            ));
        }
        if let Some(at) = side.first_closed_after_open.filter(|_| side.opens == 0) {
            f.evidence.push(format!(
                "{at}: {who} closed the connection after the other side's OPEN, without sending one ({} time(s))",
                side.closed_after_open
            ));
        }
        if let Some(at) = side.first_closed_before_open {
            f.evidence.push(format!(
                "{at}: {who} closed the connection right after the handshake, before any OPEN ({} time(s))",
                side.closed_before_open
            ));
        }
    }
    if c_rejects > 0 && c.syns == 0 {
        f.state = SessionState::Idle;
        f.alternatives = vec!["DX801", "DX804", "DX206"];
        f.evidence.push(format!(
            "{cip} never opened a connection and refuses {aip}'s: its BGP neighbor is shut down, activated for no family or not configured"
        ));
    } else if a_rejects > 0 && c_rejects == 0 {
        f.state = SessionState::Active;
        f.rule("DX803");
        f.evidence.push(format!(
            "{aip} refuses {cip}'s connections: the AWS peer is not available or not configured for this address"
        ));
    } else if s.handshakes > 0 {
        f.state = SessionState::Connect;
    } else {
        f.state = SessionState::Active;
    }
}

fn syns(f: &mut Finding, c: &Side, a: &Side, cip: &str, aip: &str, peering: Option<&Peering>) {
    for (side, who) in [(c, cip), (a, aip)] {
        if let Some(at) = side.first_syn {
            f.evidence.push(format!(
                "{at}: {who} sent {} SYN(s) {}; {}",
                side.syns,
                if side.syns_md5 == side.syns {
                    "with the TCP MD5 signature option"
                } else if side.syns_md5 == 0 {
                    "without the TCP MD5 signature option"
                } else {
                    "some with the TCP MD5 signature option"
                },
                if side.syn_acks + c.syn_acks + a.syn_acks == 0 {
                    "none was answered with a SYN-ACK"
                } else {
                    "some were answered"
                }
            ));
        }
    }
    let (cm, am) = (c.syns_md5 > 0, a.syns_md5 > 0);
    if c.syns > 0 && a.syns > 0 {
        match (cm, am) {
            (false, true) => f.rule("DX401"),
            (true, false) => f.rule("DX402"),
            (true, true) if c.syn_acks + a.syn_acks == 0 => {
                f.rule("DX403");
                f.evidence.push(
                    "both sides sign with TCP MD5 and neither answers: the keys differ".into(),
                );
            }
            _ => {}
        }
        return;
    }
    // One side only: the AWS data says whether AWS has a key (for the addresses it expects).
    let Some(p) = peering else { return };
    if f.rules.contains(&"DX202") || f.rules.contains(&"DX201") {
        return;
    }
    if c.syns > 0 && !p.secrets_omitted {
        match (cm, p.auth_key.is_some()) {
            (false, true) => f.rule("DX401"),
            (true, false) => f.rule("DX402"),
            (true, true) if c.syn_acks + a.syn_acks == 0 => f.rule("DX403"),
            _ => {}
        }
    }
}

fn resolution(f: &mut Finding, c: &Side, a: &Side, cip: &str, aip: &str) {
    for (side, other, who, whom) in [(c, a, cip, aip), (a, c, aip, cip)] {
        if let Some(at) = side.first_arp_request {
            f.evidence.push(format!(
                "{at}: {who} asks for {whom}'s link-layer address ({} request(s), {}): {}",
                side.arp_requests,
                tags_text(side),
                match other.first_arp_reply {
                    Some(r) => format!("answered at {r}"),
                    None => "never answered".into(),
                }
            ));
        }
    }
    // Someone tries and cannot reach the other: Active. Resolved but no SYN: nobody tries.
    let unanswered =
        (c.arp_requests > 0 && a.arp_replies == 0) || (a.arp_requests > 0 && c.arp_replies == 0);
    f.state = if unanswered {
        SessionState::Active
    } else {
        SessionState::Idle
    };
}

/// Rules the NOTIFICATION itself names.
fn notification_rules(f: &mut Finding, c: &Side, a: &Side, s: &Session, cip: &str) {
    let Some((code, sub, by)) = f.notification else {
        mtu(f, c, a, s);
        return;
    };
    match (code, sub, by) {
        (2, 2, Sender::Amazon) => f.rule("DX301"),
        (2, 2, Sender::Customer) => f.rule("DX302"),
        (2, 6, _) => {
            if c.open
                .as_ref()
                .is_some_and(|o| (1..3).contains(&o.0.hold_time))
            {
                f.rule("DX602")
            } else {
                f.rule("DX601")
            }
        }
        (2, 7, _) => f.rule("DX802"),
        (6, 1, _) => f.rule("DX701"),
        (6, 2 | 3, Sender::Customer) => {
            f.rule("DX801");
            f.evidence.push(format!(
                "{cip} shut the session down (neighbor shutdown or removed)"
            ));
        }
        (6, 2 | 3, Sender::Amazon) => f.rule("DX803"),
        _ => {}
    }
    mtu(f, c, a, s);
}

fn mtu(f: &mut Finding, c: &Side, a: &Side, s: &Session) {
    for (side, other) in [(c, a), (a, c)] {
        if side.full_size_retransmissions >= 3 {
            if let Some(at) = side.first_full_size_retransmission {
                f.evidence.push(format!(
                    "{at}: full-size segments ({} bytes, MSS offered by the other side {}) retransmitted {} time(s): a path MTU black hole",
                    side.largest_segment,
                    other.mss.map_or("unknown".into(), |m| m.to_string()),
                    side.full_size_retransmissions
                ));
                if f.notification.is_none_or(|n| n.0 == 4) || !s.established_at_end {
                    f.rule("DX501");
                }
            }
        }
    }
}

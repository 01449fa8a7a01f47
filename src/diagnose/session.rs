//! Per-session bookkeeping while a capture streams by: one [`Session`] per pair of addresses
//! that speak BGP (TCP port 179) or resolve each other (ARP / neighbor discovery). Each TCP
//! connection's two byte streams are reassembled in order, bounded, and cut into BGP
//! messages as soon as they are complete, so memory does not grow with the capture.

use super::bgp::{self, Family, Message, Open};
pub use super::decode::At;
use super::decode::{self, Frame, IpPacket, Resolve, Tags, Transport, ACK, FIN, RST, SYN};
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

/// Sessions tracked per capture; pairs beyond this are counted, not analysed.
const MAX_SESSIONS: usize = 4096;
/// TCP connections tracked per session at once (a stuck session retries every few seconds).
const MAX_CONNS: usize = 64;
/// Out-of-order segments held per direction before the stream is given up.
const MAX_OOO: usize = 64;
const MAX_OOO_BYTES: usize = 256 * 1024;
/// A BGP message is at most 65,535 bytes (RFC 8654); more pending means it is not BGP.
const MAX_PENDING: usize = 70 * 1024;
const BGP_PORT: u16 = 179;

/// What one address of the pair did.
#[derive(Debug, Clone, Default)]
pub struct Side {
    /// Distinct VLAN tag stacks on this side's frames (at most 4 kept).
    pub tags: Vec<Tags>,
    pub arp_requests: u32,
    pub first_arp_request: Option<At>,
    pub arp_replies: u32,
    pub first_arp_reply: Option<At>,
    pub syns: u32,
    pub syns_md5: u32,
    pub first_syn: Option<At>,
    pub syn_acks: u32,
    pub first_syn_ack: Option<At>,
    /// Any segment from this side carried the MD5 signature option.
    pub md5_seen: bool,
    pub ao_seen: bool,
    pub mss: Option<u16>,
    pub min_ttl: Option<u8>,
    pub max_ttl: Option<u8>,
    /// RSTs answering a SYN (connection refused).
    pub refused: u32,
    pub first_refused: Option<At>,
    /// RST or FIN right after the TCP handshake, before any OPEN.
    pub closed_before_open: u32,
    pub first_closed_before_open: Option<At>,
    /// RST or FIN after an OPEN but before Established, without a NOTIFICATION.
    pub closed_after_open: u32,
    pub first_closed_after_open: Option<At>,
    pub full_size_retransmissions: u32,
    pub first_full_size_retransmission: Option<At>,
    pub largest_segment: u32,
    pub opens: u32,
    pub open: Option<(Open, At)>,
    pub keepalives: u32,
    pub updates: u32,
    pub announced: BTreeMap<Family, u32>,
    pub withdrawn: BTreeMap<Family, u32>,
    /// The first UPDATE that announced a prefix.
    pub first_announce: Option<At>,
    pub notifications: u32,
    /// The last NOTIFICATION this side sent.
    pub notification: Option<(u8, u8, At)>,
}

impl Side {
    fn add_tags(&mut self, t: Tags) {
        if self.tags.len() < 4 && !self.tags.contains(&t) {
            self.tags.push(t);
        }
    }
    pub fn announced_total(&self) -> u32 {
        self.announced.values().sum()
    }
}

/// One pair of addresses; `side[0]` is the lower address.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub addr: [Option<IpAddr>; 2],
    pub side: [Side; 2],
    pub tcp_seen: bool,
    pub handshakes: u32,
    pub first_handshake: Option<At>,
    /// Both OPENs and both KEEPALIVEs seen on one connection.
    pub established: Option<At>,
    /// The session was Established at the end of the capture.
    pub established_at_end: bool,
    /// The last time an Established connection ended, and how.
    pub torn_down: Option<(At, String)>,
    /// Which side sent the very first SYN (0 or 1).
    pub first_initiator: Option<usize>,
    conns: HashMap<(u16, u16), Conn>,
    order: u64,
}

#[derive(Debug, Clone, Default)]
struct Dir {
    next: Option<u32>,
    highest_end: Option<u32>,
    buf: Vec<u8>,
    ooo: Vec<(u32, Vec<u8>)>,
    /// Bytes were lost: skip to the next marker before reading messages again.
    resync: bool,
}

#[derive(Debug, Clone, Default)]
struct Conn {
    initiator: Option<usize>,
    syn_ack: bool,
    up: bool,
    dirs: [Dir; 2],
    open: [bool; 2],
    keepalive: [bool; 2],
    established: bool,
    notified: bool,
    closed: bool,
    last_used: u64,
}

/// The whole capture's analysis state.
#[derive(Debug, Default)]
pub struct Analyzer {
    pub packets: u64,
    /// Packets the snap length cut short.
    pub cut: u64,
    pub first_ts: Option<u64>,
    pub last_t: f64,
    pub sessions: HashMap<(IpAddr, IpAddr), Session>,
    /// Pairs not analysed because [`MAX_SESSIONS`] was reached.
    pub dropped_pairs: u64,
    pub ike: super::ike::IkeAnalyzer,
}

fn key(a: IpAddr, b: IpAddr) -> ((IpAddr, IpAddr), usize) {
    if a <= b {
        ((a, b), 0)
    } else {
        ((b, a), 1)
    }
}

/// Sequence-number order with wrap-around: `a - b` as a signed distance.
fn seq_diff(a: u32, b: u32) -> i64 {
    a.wrapping_sub(b) as i32 as i64
}

impl Analyzer {
    /// Feed one captured packet.
    pub fn packet(&mut self, linktype: u32, ts_ns: u64, data: &[u8], orig_len: u32) {
        self.packets += 1;
        if (data.len() as u32) < orig_len {
            self.cut += 1;
        }
        let first = *self.first_ts.get_or_insert(ts_ns);
        let at = At {
            n: self.packets,
            t: ts_ns.saturating_sub(first) as f64 / 1e9,
        };
        self.last_t = at.t;
        match decode::decode(linktype, data) {
            Frame::Resolve { tags, what } => self.resolve(tags, what, at),
            Frame::Ip { tags, ip } => self.ip(tags, &ip, at),
            Frame::Other => {}
        }
    }

    fn session(&mut self, a: IpAddr, b: IpAddr) -> Option<(&mut Session, usize)> {
        let (k, me) = key(a, b);
        if !self.sessions.contains_key(&k) {
            if self.sessions.len() >= MAX_SESSIONS {
                self.dropped_pairs += 1;
                return None;
            }
            let s = Session {
                addr: [Some(k.0), Some(k.1)],
                ..Session::default()
            };
            self.sessions.insert(k, s);
        }
        self.sessions.get_mut(&k).map(|s| (s, me))
    }

    fn resolve(&mut self, tags: Tags, what: Resolve, at: At) {
        match what {
            Resolve::Request { sender, target } => {
                if sender.is_unspecified() || sender == target {
                    return;
                }
                if let Some((s, me)) = self.session(sender, target) {
                    let side = &mut s.side[me];
                    side.add_tags(tags);
                    side.arp_requests += 1;
                    side.first_arp_request.get_or_insert(at);
                }
            }
            Resolve::Reply { sender, target } => {
                // A reply only counts for a pair that asked.
                let (k, me) = key(sender, target);
                if let Some(s) = self.sessions.get_mut(&k) {
                    let side = &mut s.side[me];
                    side.add_tags(tags);
                    side.arp_replies += 1;
                    side.first_arp_reply.get_or_insert(at);
                }
            }
        }
    }

    fn ip(&mut self, tags: Tags, ip: &IpPacket<'_>, at: At) {
        match ip.transport {
            Transport::Tcp(t) if t.sport == BGP_PORT || t.dport == BGP_PORT => {
                if let Some((s, me)) = self.session(ip.src, ip.dst) {
                    s.side[me].add_tags(tags);
                    s.tcp(me, &t, ip, at);
                }
            }
            Transport::Udp { .. } | Transport::Esp { .. } => self.ike.packet(ip, at),
            _ => {}
        }
    }
}

impl Session {
    fn tcp(&mut self, me: usize, t: &decode::TcpInfo, ip: &IpPacket<'_>, at: At) {
        self.tcp_seen = true;
        self.order += 1;
        let order = self.order;
        let side = &mut self.side[me];
        side.md5_seen |= t.md5;
        side.ao_seen |= t.ao;
        side.min_ttl = Some(side.min_ttl.map_or(ip.ttl, |m| m.min(ip.ttl)));
        side.max_ttl = Some(side.max_ttl.map_or(ip.ttl, |m| m.max(ip.ttl)));
        let ports = if me == 0 {
            (t.sport, t.dport)
        } else {
            (t.dport, t.sport)
        };
        let syn = t.flags & SYN != 0;
        let ack = t.flags & ACK != 0;
        if syn && !ack {
            side.syns += 1;
            if t.md5 {
                side.syns_md5 += 1;
            }
            side.first_syn.get_or_insert(at);
            if let Some(m) = t.mss {
                side.mss = Some(m);
            }
            self.first_initiator.get_or_insert(me);
            // A new SYN on known ports is a new connection.
            if self.conns.len() >= MAX_CONNS && !self.conns.contains_key(&ports) {
                self.evict();
            }
            let c = self.conns.entry(ports).or_default();
            if c.up || c.closed {
                *c = Conn::default();
            }
            c.initiator = Some(me);
            c.dirs[me].next = Some(t.seq.wrapping_add(1));
            c.last_used = order;
            return;
        }
        if self.conns.len() >= MAX_CONNS && !self.conns.contains_key(&ports) {
            self.evict();
        }
        let c = self.conns.entry(ports).or_default();
        c.last_used = order;
        if syn && ack {
            let side = &mut self.side[me];
            side.syn_acks += 1;
            side.first_syn_ack.get_or_insert(at);
            if let Some(m) = t.mss {
                side.mss = Some(m);
            }
            c.syn_ack = true;
            c.dirs[me].next = Some(t.seq.wrapping_add(1));
            return;
        }
        if t.flags & RST != 0 {
            let side = &mut self.side[me];
            if !c.up && c.initiator == Some(1 - me) {
                side.refused += 1;
                side.first_refused.get_or_insert(at);
            } else if c.up && !c.open[0] && !c.open[1] {
                side.closed_before_open += 1;
                side.first_closed_before_open.get_or_insert(at);
            } else if c.up && !c.established && !c.notified {
                side.closed_after_open += 1;
                side.first_closed_after_open.get_or_insert(at);
            }
            Self::close(
                c,
                &mut self.established_at_end,
                &mut self.torn_down,
                me,
                "RST",
                at,
            );
            return;
        }
        if ack && !c.up && c.syn_ack && c.initiator == Some(me) {
            c.up = true;
            self.handshakes += 1;
            self.first_handshake.get_or_insert(at);
        }
        if t.payload_len > 0 {
            if !c.up {
                // The capture started mid-connection: data in flight means it is up.
                c.up = true;
                self.handshakes += 1;
                self.first_handshake.get_or_insert(at);
            }
            let cut = (ip.payload.len() as u32) < t.payload_len;
            let payload = &ip.payload[..(t.payload_len as usize).min(ip.payload.len())];
            let peer_mss = self.side[1 - me].mss;
            let events = stream(
                &mut c.dirs[me],
                t.seq,
                t.payload_len,
                payload,
                cut,
                &mut self.side[me],
                peer_mss,
                at,
            );
            for m in events {
                self.message(ports, me, m, at);
            }
        }
        if t.flags & FIN != 0 {
            let Some(c) = self.conns.get_mut(&ports) else {
                return;
            };
            let side = &mut self.side[me];
            if c.up && !c.open[0] && !c.open[1] {
                side.closed_before_open += 1;
                side.first_closed_before_open.get_or_insert(at);
            } else if c.up && !c.established && !c.notified && !c.closed {
                side.closed_after_open += 1;
                side.first_closed_after_open.get_or_insert(at);
            }
            Self::close(
                c,
                &mut self.established_at_end,
                &mut self.torn_down,
                me,
                "FIN",
                at,
            );
        }
    }

    fn evict(&mut self) {
        if let Some(k) = self
            .conns
            .iter()
            .min_by_key(|(_, c)| (!c.closed, c.last_used))
            .map(|(k, _)| *k)
        {
            self.conns.remove(&k);
        }
    }

    fn close(
        c: &mut Conn,
        est_at_end: &mut bool,
        torn: &mut Option<(At, String)>,
        me: usize,
        how: &str,
        at: At,
    ) {
        if c.established && !c.closed {
            *est_at_end = false;
            if !c.notified {
                *torn = Some((at, format!("{how} from side {me}")));
            }
        }
        c.closed = true;
    }

    fn message(&mut self, ports: (u16, u16), me: usize, m: Message, at: At) {
        let Some(c) = self.conns.get_mut(&ports) else {
            return;
        };
        let side = &mut self.side[me];
        match m {
            Message::Open(o) => {
                side.opens += 1;
                side.open = Some((o, at));
                c.open[me] = true;
            }
            Message::Keepalive => {
                side.keepalives += 1;
                if c.open[me] {
                    c.keepalive[me] = true;
                }
            }
            Message::Update(u) => {
                side.updates += 1;
                for (f, a, w) in u.counts {
                    *side.announced.entry(f).or_default() += a;
                    *side.withdrawn.entry(f).or_default() += w;
                    if a > 0 {
                        side.first_announce.get_or_insert(at);
                    }
                }
                // An UPDATE is only sent in Established.
                c.keepalive[me] = true;
                c.open[me] = true;
            }
            Message::Notification { code, subcode } => {
                side.notifications += 1;
                side.notification = Some((code, subcode, at));
                if c.established && !c.closed {
                    self.established_at_end = false;
                    self.torn_down = Some((at, format!("NOTIFICATION from side {me}")));
                }
                c.notified = true;
                c.closed = true;
            }
            Message::RouteRefresh | Message::Garbage => {}
        }
        if !c.established && !c.closed && c.open == [true, true] && c.keepalive == [true, true] {
            c.established = true;
            self.established.get_or_insert(at);
            self.established_at_end = true;
        }
    }
}

/// Add one segment to a direction's stream; return the BGP messages it completes.
#[allow(clippy::too_many_arguments)]
fn stream(
    d: &mut Dir,
    seq: u32,
    len: u32,
    payload: &[u8],
    cut: bool,
    side: &mut Side,
    peer_mss: Option<u16>,
    at: At,
) -> Vec<Message> {
    side.largest_segment = side.largest_segment.max(len);
    let end = seq.wrapping_add(len);
    let retransmitted = d
        .highest_end
        .is_some_and(|h| seq_diff(end, h) <= 0 && len > 0);
    let full = peer_mss.map_or(len >= 1200, |m| len >= m as u32 && m >= 536);
    if retransmitted && full {
        side.full_size_retransmissions += 1;
        side.first_full_size_retransmission.get_or_insert(at);
    }
    if d.highest_end.is_none_or(|h| seq_diff(end, h) > 0) {
        d.highest_end = Some(end);
    }
    let next = *d.next.get_or_insert(seq);
    let off = seq_diff(seq, next);
    if cut {
        // The snap length cut this segment: skip its bytes and find the next message.
        if off <= 0 && seq_diff(end, next) > 0 {
            skip_to(d, end);
        }
        return Vec::new();
    }
    if off > 0 {
        let held: usize = d.ooo.iter().map(|(_, p)| p.len()).sum();
        if d.ooo.len() >= MAX_OOO || held + payload.len() > MAX_OOO_BYTES {
            // A gap the capture missed: give up the bytes before the earliest held segment.
            let first = d
                .ooo
                .iter()
                .map(|(s, _)| *s)
                .min_by_key(|s| seq_diff(*s, next))
                .unwrap_or(seq);
            skip_to(d, first);
        } else {
            d.ooo.push((seq, payload.to_vec()));
            return Vec::new();
        }
    } else {
        append(d, seq, payload);
    }
    // Segments that arrived early and now fit.
    while let Some(i) = d
        .next
        .and_then(|next| d.ooo.iter().position(|(s, _)| seq_diff(*s, next) <= 0))
    {
        let (s, p) = d.ooo.swap_remove(i);
        append(d, s, &p);
    }
    let mut out = Vec::new();
    loop {
        if d.resync && !find_marker(d) {
            break;
        }
        match bgp::next_len(&d.buf) {
            None => break,
            Some(Err(())) => {
                // Not a message boundary (the capture started mid-stream, or a gap): look
                // for the next marker.
                d.buf.drain(..1);
                d.resync = true;
            }
            Some(Ok(n)) => {
                out.push(bgp::parse(&d.buf[..n]));
                d.buf.drain(..n);
            }
        }
    }
    if d.buf.len() > MAX_PENDING {
        d.buf.clear();
        d.resync = true;
    }
    out
}

/// Continue the stream at `seq`: drop what is pending and resynchronise on a marker.
fn skip_to(d: &mut Dir, seq: u32) {
    d.buf.clear();
    d.next = Some(seq);
    d.ooo.retain(|(s, _)| seq_diff(*s, seq) >= 0);
    d.resync = true;
}

/// Drop bytes up to the next BGP marker (16 bytes of 0xff); `false` when none is buffered yet.
fn find_marker(d: &mut Dir) -> bool {
    let pos = d.buf.windows(16).position(|w| w.iter().all(|&b| b == 0xff));
    match pos {
        Some(p) => {
            d.buf.drain(..p);
            d.resync = false;
            true
        }
        None => {
            let keep = d.buf.len().saturating_sub(15);
            d.buf.drain(..keep);
            false
        }
    }
}

fn append(d: &mut Dir, seq: u32, payload: &[u8]) {
    let next = d.next.unwrap_or(seq);
    let skip = seq_diff(next, seq).max(0) as usize;
    if skip < payload.len() {
        d.buf.extend_from_slice(&payload[skip..]);
        d.next = Some(next.wrapping_add((payload.len() - skip) as u32));
    }
}

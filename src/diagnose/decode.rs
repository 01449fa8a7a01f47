//! Decode one captured frame down to what the diagnosis reads: VLAN tags, ARP / neighbor
//! discovery, IPv4/IPv6, TCP (flags, MSS, MD5 option), UDP and ESP. Never panics on short or
//! cut frames: what is missing is simply not reported.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub const LINKTYPE_NULL: u32 = 0;
pub const LINKTYPE_ETHERNET: u32 = 1;
pub const LINKTYPE_RAW: u32 = 101;
pub const LINKTYPE_LINUX_SLL: u32 = 113;
pub const LINKTYPE_LINUX_SLL2: u32 = 276;

/// Up to this many VLAN tags are kept per frame (802.1Q, 802.1ad / Q-in-Q).
pub const MAX_TAGS: usize = 4;

/// The VLAN tags of a frame, outermost first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tags {
    pub n: u8,
    pub vid: [u16; MAX_TAGS],
}

impl Tags {
    pub fn as_slice(&self) -> &[u16] {
        &self.vid[..self.n as usize]
    }
    fn push(&mut self, vid: u16) {
        if (self.n as usize) < MAX_TAGS {
            self.vid[self.n as usize] = vid;
            self.n += 1;
        }
    }
}

/// Address resolution: ARP (IPv4) or neighbor solicitation/advertisement (IPv6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolve {
    /// `sender` asks who has `target`.
    Request { sender: IpAddr, target: IpAddr },
    /// `sender` answers that it has the address.
    Reply { sender: IpAddr, target: IpAddr },
}

#[derive(Debug, Clone, Copy, Default)]
pub struct TcpInfo {
    pub sport: u16,
    pub dport: u16,
    pub seq: u32,
    pub ack: u32,
    pub flags: u8,
    pub mss: Option<u16>,
    /// TCP MD5 signature option (kind 19) present; the digest itself is never kept.
    pub md5: bool,
    /// TCP-AO (kind 29) present.
    pub ao: bool,
    /// Payload length the IP header declares (the capture may hold less).
    pub payload_len: u32,
}

pub const FIN: u8 = 0x01;
pub const SYN: u8 = 0x02;
pub const RST: u8 = 0x04;
pub const ACK: u8 = 0x10;

#[derive(Debug, Clone, Copy)]
pub enum Transport {
    Tcp(TcpInfo),
    Udp { sport: u16, dport: u16 },
    Esp { spi: u32 },
    Other(u8),
}

/// One IP packet: addresses, TTL / hop limit, transport, and the captured payload.
#[derive(Debug, Clone, Copy)]
pub struct IpPacket<'a> {
    pub src: IpAddr,
    pub dst: IpAddr,
    pub ttl: u8,
    pub transport: Transport,
    /// Captured transport payload (may be shorter than declared when cut by the snap length).
    pub payload: &'a [u8],
}

#[derive(Debug, Clone, Copy)]
pub enum Frame<'a> {
    Ip { tags: Tags, ip: IpPacket<'a> },
    Resolve { tags: Tags, what: Resolve },
    Other,
}

/// Decode a frame of the given link type.
pub fn decode(linktype: u32, data: &[u8]) -> Frame<'_> {
    let mut tags = Tags::default();
    let (ethertype, rest) = match linktype {
        LINKTYPE_ETHERNET => {
            if data.len() < 14 {
                return Frame::Other;
            }
            (be16(data, 12), &data[14..])
        }
        LINKTYPE_LINUX_SLL => {
            if data.len() < 16 {
                return Frame::Other;
            }
            (be16(data, 14), &data[16..])
        }
        LINKTYPE_LINUX_SLL2 => {
            if data.len() < 20 {
                return Frame::Other;
            }
            (be16(data, 0), &data[20..])
        }
        LINKTYPE_RAW | 12 | 14 => match data.first().map(|b| b >> 4) {
            Some(4) => (0x0800, data),
            Some(6) => (0x86dd, data),
            _ => return Frame::Other,
        },
        LINKTYPE_NULL => {
            if data.len() < 4 {
                return Frame::Other;
            }
            let fam = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
            let fam = if fam > 0xffff { fam.swap_bytes() } else { fam };
            match fam {
                2 => (0x0800, &data[4..]),
                10 | 24 | 28 | 30 => (0x86dd, &data[4..]),
                _ => return Frame::Other,
            }
        }
        _ => return Frame::Other,
    };
    let (mut ethertype, mut rest) = (ethertype, rest);
    while matches!(ethertype, 0x8100 | 0x88a8 | 0x9100) {
        if rest.len() < 4 {
            return Frame::Other;
        }
        tags.push(be16(rest, 0) & 0x0fff);
        ethertype = be16(rest, 2);
        rest = &rest[4..];
    }
    match ethertype {
        0x0806 => arp(rest).map_or(Frame::Other, |what| Frame::Resolve { tags, what }),
        0x0800 => match ipv4(rest) {
            Some(ip) => Frame::Ip { tags, ip },
            None => Frame::Other,
        },
        0x86dd => match ipv6(rest) {
            Some(Ok(ip)) => Frame::Ip { tags, ip },
            Some(Err(what)) => Frame::Resolve { tags, what },
            None => Frame::Other,
        },
        _ => Frame::Other,
    }
}

fn be16(b: &[u8], i: usize) -> u16 {
    u16::from_be_bytes([b[i], b[i + 1]])
}

fn be32(b: &[u8], i: usize) -> u32 {
    u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

fn arp(b: &[u8]) -> Option<Resolve> {
    // Ethernet/IPv4 ARP only: htype 1, ptype 0x0800, hlen 6, plen 4.
    if b.len() < 28 || be16(b, 2) != 0x0800 || b[4] != 6 || b[5] != 4 {
        return None;
    }
    let sender = IpAddr::V4(Ipv4Addr::new(b[14], b[15], b[16], b[17]));
    let target = IpAddr::V4(Ipv4Addr::new(b[24], b[25], b[26], b[27]));
    match be16(b, 6) {
        1 => Some(Resolve::Request { sender, target }),
        2 => Some(Resolve::Reply { sender, target }),
        _ => None,
    }
}

fn ipv4(b: &[u8]) -> Option<IpPacket<'_>> {
    if b.len() < 20 || b[0] >> 4 != 4 {
        return None;
    }
    let ihl = ((b[0] & 0x0f) as usize) * 4;
    let total = be16(b, 2) as usize;
    if ihl < 20 || b.len() < ihl || total < ihl {
        return None;
    }
    // Later fragments carry no transport header.
    if be16(b, 6) & 0x1fff != 0 {
        return None;
    }
    let src = IpAddr::V4(Ipv4Addr::new(b[12], b[13], b[14], b[15]));
    let dst = IpAddr::V4(Ipv4Addr::new(b[16], b[17], b[18], b[19]));
    let end = total.min(b.len());
    let declared = total - ihl;
    transport(b[9], &b[ihl..end], declared, src, dst, b[8])
}

/// IPv6: `Ok` an IP packet, `Err` a neighbor solicitation / advertisement.
fn ipv6(b: &[u8]) -> Option<Result<IpPacket<'_>, Resolve>> {
    if b.len() < 40 || b[0] >> 4 != 6 {
        return None;
    }
    let plen = be16(b, 4) as usize;
    let mut next = b[6];
    let hop = b[7];
    let mut src = [0u8; 16];
    let mut dst = [0u8; 16];
    src.copy_from_slice(&b[8..24]);
    dst.copy_from_slice(&b[24..40]);
    let (src, dst) = (
        IpAddr::V6(Ipv6Addr::from(src)),
        IpAddr::V6(Ipv6Addr::from(dst)),
    );
    let end = (40 + plen).min(b.len());
    let mut off = 40;
    let mut declared = plen;
    // Extension headers: hop-by-hop, routing, destination options, fragment.
    for _ in 0..8 {
        match next {
            0 | 43 | 60 => {
                if end < off + 2 {
                    return None;
                }
                let len = (b[off + 1] as usize + 1) * 8;
                next = b[off];
                off += len;
                declared = declared.checked_sub(len)?;
            }
            44 => {
                if end < off + 8 || be16(b, off + 2) & 0xfff8 != 0 {
                    return None;
                }
                next = b[off];
                off += 8;
                declared = declared.checked_sub(8)?;
            }
            _ => break,
        }
    }
    if off > end {
        return None;
    }
    let body = &b[off..end];
    if next == 58 && body.len() >= 24 && (body[0] == 135 || body[0] == 136) {
        let mut t = [0u8; 16];
        t.copy_from_slice(&body[8..24]);
        let target = IpAddr::V6(Ipv6Addr::from(t));
        return Some(Err(if body[0] == 135 {
            Resolve::Request {
                sender: src,
                target,
            }
        } else {
            Resolve::Reply {
                sender: target,
                target: dst,
            }
        }));
    }
    transport(next, body, declared, src, dst, hop).map(Ok)
}

fn transport(
    proto: u8,
    b: &[u8],
    declared: usize,
    src: IpAddr,
    dst: IpAddr,
    ttl: u8,
) -> Option<IpPacket<'_>> {
    let (transport, payload) = match proto {
        6 => {
            if b.len() < 20 {
                return None;
            }
            let doff = ((b[12] >> 4) as usize) * 4;
            if doff < 20 {
                return None;
            }
            let mut t = TcpInfo {
                sport: be16(b, 0),
                dport: be16(b, 2),
                seq: be32(b, 4),
                ack: be32(b, 8),
                flags: b[13],
                payload_len: declared.saturating_sub(doff) as u32,
                ..TcpInfo::default()
            };
            tcp_options(&b[20..doff.min(b.len())], &mut t);
            (Transport::Tcp(t), b.get(doff..).unwrap_or(&[]))
        }
        17 => {
            if b.len() < 8 {
                return None;
            }
            (
                Transport::Udp {
                    sport: be16(b, 0),
                    dport: be16(b, 2),
                },
                &b[8..],
            )
        }
        50 => {
            if b.len() < 4 {
                return None;
            }
            (Transport::Esp { spi: be32(b, 0) }, &b[4..])
        }
        p => (Transport::Other(p), b),
    };
    Some(IpPacket {
        src,
        dst,
        ttl,
        transport,
        payload,
    })
}

fn tcp_options(mut o: &[u8], t: &mut TcpInfo) {
    while let Some(&kind) = o.first() {
        match kind {
            0 => break,
            1 => o = &o[1..],
            _ => {
                let Some(&len) = o.get(1) else { break };
                let len = len as usize;
                if len < 2 || o.len() < len {
                    break;
                }
                match kind {
                    2 if len == 4 => t.mss = Some(be16(o, 2)),
                    19 => t.md5 = true,
                    29 => t.ao = true,
                    _ => {}
                }
                o = &o[len..];
            }
        }
    }
}

/// Where something was seen: packet number (1-based, as Wireshark counts) and seconds
/// since the first packet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct At {
    pub n: u64,
    pub t: f64,
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "packet {} ({:.3} s)", self.n, self.t)
    }
}

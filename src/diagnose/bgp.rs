//! BGP messages (RFC 4271 and the extensions the diagnosis needs): the 19-byte header, OPEN
//! with its capabilities (RFC 5492: multiprotocol RFC 4760, 4-byte AS RFC 6793), UPDATE
//! prefix counts per family (incl. MP_REACH / MP_UNREACH), NOTIFICATION code and subcode.

/// An (AFI, SAFI) pair, e.g. (1, 1) IPv4 unicast.
pub type Family = (u16, u8);

pub const IPV4_UNICAST: Family = (1, 1);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Open {
    pub version: u8,
    /// The 2-byte My AS field (23456 = AS_TRANS when the real AS is 4 bytes).
    pub my_as: u16,
    pub hold_time: u16,
    pub bgp_id: [u8; 4],
    /// From the 4-byte AS capability (code 65).
    pub as4: Option<u32>,
    /// Multiprotocol capabilities (code 1).
    pub families: Vec<Family>,
    /// Every capability code offered, in order (deduplicated).
    pub capabilities: Vec<u8>,
}

impl Open {
    /// The speaker's AS: the 4-byte capability when present, else My AS.
    pub fn asn(&self) -> u32 {
        self.as4.unwrap_or(self.my_as as u32)
    }
    /// Families offered; without multiprotocol capabilities, IPv4 unicast only (RFC 4760).
    pub fn offered_families(&self) -> Vec<Family> {
        if self.families.is_empty() {
            vec![IPV4_UNICAST]
        } else {
            self.families.clone()
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Update {
    /// (family, announced, withdrawn)
    pub counts: Vec<(Family, u32, u32)>,
}

impl Update {
    pub fn announced(&self) -> u32 {
        self.counts.iter().map(|c| c.1).sum()
    }
    fn add(&mut self, f: Family, a: u32, w: u32) {
        if let Some(c) = self.counts.iter_mut().find(|c| c.0 == f) {
            c.1 += a;
            c.2 += w;
        } else {
            self.counts.push((f, a, w));
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Open(Open),
    Update(Update),
    Notification {
        code: u8,
        subcode: u8,
    },
    Keepalive,
    RouteRefresh,
    /// A header that is not BGP (bad marker or length): the stream cannot be read further.
    Garbage,
}

/// The length of the next message if `buf` starts with a complete one (`Some(Err)` when
/// the header is not BGP's).
pub fn next_len(buf: &[u8]) -> Option<Result<usize, ()>> {
    if buf.len() < 19 {
        return None;
    }
    if buf[..16].iter().any(|&b| b != 0xff) {
        return Some(Err(()));
    }
    let len = u16::from_be_bytes([buf[16], buf[17]]) as usize;
    if len < 19 {
        return Some(Err(()));
    }
    (buf.len() >= len).then_some(Ok(len))
}

/// Parse one complete message (`msg` is exactly one message, header included).
pub fn parse(msg: &[u8]) -> Message {
    let body = &msg[19.min(msg.len())..];
    match msg.get(18) {
        Some(1) => parse_open(body).map_or(Message::Garbage, Message::Open),
        Some(2) => Message::Update(parse_update(body)),
        Some(3) if body.len() >= 2 => Message::Notification {
            code: body[0],
            subcode: body[1],
        },
        Some(4) => Message::Keepalive,
        Some(5) => Message::RouteRefresh,
        _ => Message::Garbage,
    }
}

fn parse_open(b: &[u8]) -> Option<Open> {
    if b.len() < 10 {
        return None;
    }
    let mut o = Open {
        version: b[0],
        my_as: u16::from_be_bytes([b[1], b[2]]),
        hold_time: u16::from_be_bytes([b[3], b[4]]),
        bgp_id: [b[5], b[6], b[7], b[8]],
        ..Open::default()
    };
    let mut params = b.get(10..10 + b[9] as usize).unwrap_or(&b[10..]);
    // RFC 9072 extended optional parameters: length 255, type 255, 2-byte length.
    if b[9] == 255 && b.get(10) == Some(&255) && b.len() >= 13 {
        let l = u16::from_be_bytes([b[11], b[12]]) as usize;
        params = b.get(13..13 + l).unwrap_or(&b[13..]);
        return Some(parse_params(params, o, true));
    }
    o = parse_params(params, o, false);
    Some(o)
}

fn parse_params(mut p: &[u8], mut o: Open, extended: bool) -> Open {
    let hdr = if extended { 3 } else { 2 };
    while p.len() >= hdr {
        let ptype = p[0];
        let plen = if extended {
            u16::from_be_bytes([p[1], p[2]]) as usize
        } else {
            p[1] as usize
        };
        let Some(val) = p.get(hdr..hdr + plen) else {
            break;
        };
        if ptype == 2 {
            let mut c = val;
            while c.len() >= 2 {
                let (code, clen) = (c[0], c[1] as usize);
                let Some(cv) = c.get(2..2 + clen) else { break };
                if !o.capabilities.contains(&code) {
                    o.capabilities.push(code);
                }
                match code {
                    1 if cv.len() == 4 => {
                        let f = (u16::from_be_bytes([cv[0], cv[1]]), cv[3]);
                        if !o.families.contains(&f) {
                            o.families.push(f);
                        }
                    }
                    65 if cv.len() == 4 => {
                        o.as4 = Some(u32::from_be_bytes([cv[0], cv[1], cv[2], cv[3]]))
                    }
                    _ => {}
                }
                c = &c[2 + clen..];
            }
        }
        p = &p[hdr + plen..];
    }
    o
}

/// Count prefixes in an NLRI field (IPv4 or IPv6; one length byte and the prefix bytes).
fn count_prefixes(mut n: &[u8], add_path: bool) -> u32 {
    let mut count = 0;
    while !n.is_empty() {
        if add_path {
            if n.len() < 5 {
                break;
            }
            n = &n[4..];
        }
        let bits = n[0] as usize;
        let bytes = bits.div_ceil(8);
        if n.len() < 1 + bytes {
            break;
        }
        n = &n[1 + bytes..];
        count += 1;
    }
    count
}

fn parse_update(b: &[u8]) -> Update {
    let mut u = Update::default();
    if b.len() < 4 {
        return u;
    }
    let wlen = u16::from_be_bytes([b[0], b[1]]) as usize;
    let Some(withdrawn) = b.get(2..2 + wlen) else {
        return u;
    };
    let w = count_prefixes(withdrawn, false);
    let Some(alen) = b.get(2 + wlen..4 + wlen) else {
        return u;
    };
    let alen = u16::from_be_bytes([alen[0], alen[1]]) as usize;
    let attrs_at = 4 + wlen;
    let attrs = b.get(attrs_at..attrs_at + alen).unwrap_or(&[]);
    let nlri = b.get(attrs_at + alen..).unwrap_or(&[]);
    let a = count_prefixes(nlri, false);
    if a > 0 || w > 0 {
        u.add(IPV4_UNICAST, a, w);
    }
    let mut p = attrs;
    while p.len() >= 3 {
        let flags = p[0];
        let code = p[1];
        let (len, hdr) = if flags & 0x10 != 0 {
            if p.len() < 4 {
                break;
            }
            (u16::from_be_bytes([p[2], p[3]]) as usize, 4)
        } else {
            (p[2] as usize, 3)
        };
        let Some(val) = p.get(hdr..hdr + len) else {
            break;
        };
        match code {
            // MP_REACH_NLRI: AFI, SAFI, next hop length + next hop, reserved, NLRI.
            14 if val.len() >= 5 => {
                let f = (u16::from_be_bytes([val[0], val[1]]), val[2]);
                let nh = val[3] as usize;
                if let Some(n) = val.get(5 + nh..) {
                    u.add(f, count_prefixes(n, false), 0);
                }
            }
            // MP_UNREACH_NLRI: AFI, SAFI, withdrawn NLRI.
            15 if val.len() >= 3 => {
                let f = (u16::from_be_bytes([val[0], val[1]]), val[2]);
                u.add(f, 0, count_prefixes(&val[3..], false));
            }
            _ => {}
        }
        p = &p[hdr + len..];
    }
    u
}

/// A family's usual name.
pub fn family_name(f: Family) -> String {
    match f {
        (1, 1) => "IPv4 unicast".into(),
        (2, 1) => "IPv6 unicast".into(),
        (1, 2) => "IPv4 multicast".into(),
        (2, 2) => "IPv6 multicast".into(),
        (1, 128) => "VPNv4".into(),
        (2, 128) => "VPNv6".into(),
        (25, 70) => "L2VPN EVPN".into(),
        (a, s) => format!("AFI {a}/SAFI {s}"),
    }
}

/// NOTIFICATION code/subcode names (RFC 4271, 4486, 8203, 9003; IANA registry).
pub fn notification_name(code: u8, subcode: u8) -> String {
    let c = match code {
        1 => "Message Header Error",
        2 => "OPEN Message Error",
        3 => "UPDATE Message Error",
        4 => "Hold Timer Expired",
        5 => "Finite State Machine Error",
        6 => "Cease",
        7 => "ROUTE-REFRESH Message Error",
        _ => return format!("{code}/{subcode} (unknown code)"),
    };
    let s = match (code, subcode) {
        (1, 1) => "Connection Not Synchronized",
        (1, 2) => "Bad Message Length",
        (1, 3) => "Bad Message Type",
        (2, 1) => "Unsupported Version Number",
        (2, 2) => "Bad Peer AS",
        (2, 3) => "Bad BGP Identifier",
        (2, 4) => "Unsupported Optional Parameter",
        (2, 6) => "Unacceptable Hold Time",
        (2, 7) => "Unsupported Capability",
        (2, 8) => "Role Mismatch",
        (3, 1) => "Malformed Attribute List",
        (3, 2) => "Unrecognized Well-known Attribute",
        (3, 3) => "Missing Well-known Attribute",
        (3, 4) => "Attribute Flags Error",
        (3, 5) => "Attribute Length Error",
        (3, 6) => "Invalid ORIGIN Attribute",
        (3, 8) => "Invalid NEXT_HOP Attribute",
        (3, 9) => "Optional Attribute Error",
        (3, 10) => "Invalid Network Field",
        (3, 11) => "Malformed AS_PATH",
        (6, 1) => "Maximum Number of Prefixes Reached",
        (6, 2) => "Administrative Shutdown",
        (6, 3) => "Peer De-configured",
        (6, 4) => "Administrative Reset",
        (6, 5) => "Connection Rejected",
        (6, 6) => "Other Configuration Change",
        (6, 7) => "Connection Collision Resolution",
        (6, 8) => "Out of Resources",
        (6, 9) => "Hard Reset",
        (6, 10) => "BFD Down",
        (_, 0) => "",
        _ => "unknown subcode",
    };
    if s.is_empty() {
        format!("{code}/{subcode} {c}")
    } else {
        format!("{code}/{subcode} {c}: {s}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_with_as4_and_mp() {
        let mut m = vec![0xff; 16];
        let caps = [1u8, 4, 0, 2, 0, 1, 65, 4, 0, 1, 0x86, 0xa0];
        let params = [&[2u8, caps.len() as u8][..], &caps].concat();
        let body = [
            &[4u8, 0x5b, 0xa0, 0, 0, 10, 0, 0, 1, params.len() as u8][..],
            &params,
        ]
        .concat();
        m.extend_from_slice(&((19 + body.len()) as u16).to_be_bytes());
        m.push(1);
        m.extend_from_slice(&body);
        assert_eq!(next_len(&m), Some(Ok(m.len())));
        let Message::Open(o) = parse(&m) else {
            panic!("not an OPEN")
        };
        assert_eq!(o.my_as, 23456);
        assert_eq!(o.asn(), 100_000);
        assert_eq!(o.hold_time, 0);
        assert_eq!(o.families, vec![(2, 1)]);
    }

    #[test]
    fn update_counts_ipv4_and_mp() {
        // 2 withdrawn /24s, 3 announced /8 /16 /32, plus MP_REACH with 1 IPv6 prefix.
        let withdrawn = [24u8, 10, 0, 0, 24, 10, 0, 1];
        let mp = [
            0u8, 2, 1, 16, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 32, 0x20, 0x01,
            0x0d, 0xb8,
        ];
        let attrs = [&[0x80u8, 14, mp.len() as u8][..], &mp].concat();
        let nlri = [8u8, 10, 16, 172, 16, 32, 192, 0, 2, 1];
        let body = [
            &(withdrawn.len() as u16).to_be_bytes()[..],
            &withdrawn,
            &(attrs.len() as u16).to_be_bytes(),
            &attrs,
            &nlri,
        ]
        .concat();
        let u = parse_update(&body);
        assert_eq!(u.counts, vec![((1, 1), 3, 2), ((2, 1), 1, 0)]);
        assert_eq!(
            notification_name(6, 1),
            "6/1 Cease: Maximum Number of Prefixes Reached"
        );
    }
}

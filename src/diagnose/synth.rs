//! Build captures in memory: frames (Ethernet with tags, Linux cooked SLL/SLL2, IPv4/IPv6,
//! TCP with MSS/MD5 options, ARP), BGP messages, and pcap/pcapng files in either byte
//! order. For the tests and the benchmark; nothing here is used when reading.

use std::net::IpAddr;

pub fn u16be(v: u16) -> [u8; 2] {
    v.to_be_bytes()
}

/// A capture file being written.
pub struct Writer {
    pub out: Vec<u8>,
    big_endian: bool,
    nanos: bool,
    pcapng: bool,
}

impl Writer {
    /// A pcap file (`nanos`: nanosecond timestamps).
    pub fn pcap(linktype: u32, big_endian: bool, nanos: bool) -> Writer {
        let mut w = Writer {
            out: Vec::new(),
            big_endian,
            nanos,
            pcapng: false,
        };
        let magic: u32 = if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 };
        w.u32(magic);
        w.u16(2);
        w.u16(4);
        w.u32(0);
        w.u32(0);
        w.u32(262_144);
        w.u32(linktype);
        w
    }

    /// A pcapng file with one interface (`tsresol`: if_tsresol option byte, e.g. 6 or 9).
    pub fn pcapng(linktype: u32, big_endian: bool, tsresol: u8) -> Writer {
        let mut w = Writer {
            out: Vec::new(),
            big_endian,
            nanos: tsresol == 9,
            pcapng: true,
        };
        // Section header block.
        w.out.extend_from_slice(&[0x0a, 0x0d, 0x0d, 0x0a]);
        w.u32(28);
        w.u32(0x1a2b_3c4d);
        w.u16(1);
        w.u16(0);
        w.out.extend_from_slice(&[0xff; 8]);
        w.u32(28);
        // Interface description block with if_tsresol.
        w.u32(1);
        w.u32(32);
        w.u16(linktype as u16);
        w.u16(0);
        w.u32(262_144);
        w.u16(9);
        w.u16(1);
        w.out.extend_from_slice(&[tsresol, 0, 0, 0]);
        w.u32(0);
        w.u32(32);
        w
    }

    fn u16(&mut self, v: u16) {
        let b = if self.big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.out.extend_from_slice(&b);
    }

    fn u32(&mut self, v: u32) {
        let b = if self.big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.out.extend_from_slice(&b);
    }

    /// Add a packet; `snap` cuts the captured bytes (the original length is kept).
    pub fn packet(&mut self, ts_ns: u64, data: &[u8], snap: Option<usize>) {
        let cap = snap.map_or(data.len(), |s| s.min(data.len()));
        if self.pcapng {
            let units = if self.nanos { ts_ns } else { ts_ns / 1000 };
            let padded = (cap + 3) & !3;
            let len = 32 + padded as u32;
            self.u32(6);
            self.u32(len);
            self.u32(0);
            self.u32((units >> 32) as u32);
            self.u32(units as u32);
            self.u32(cap as u32);
            self.u32(data.len() as u32);
            self.out.extend_from_slice(&data[..cap]);
            self.out.resize(self.out.len() + padded - cap, 0);
            self.u32(len);
        } else {
            self.u32((ts_ns / 1_000_000_000) as u32);
            let frac = ts_ns % 1_000_000_000;
            self.u32(if self.nanos { frac } else { frac / 1000 } as u32);
            self.u32(cap as u32);
            self.u32(data.len() as u32);
            self.out.extend_from_slice(&data[..cap]);
        }
    }
}

/// Ethernet II with 802.1Q tags (outermost first; a second tag is pushed as 802.1Q too).
pub fn ethernet(src_mac: u8, tags: &[u16], ethertype: u16, payload: &[u8]) -> Vec<u8> {
    let mut f = vec![0x02, 0, 0, 0, 0, 0xff - src_mac, 0x02, 0, 0, 0, 0, src_mac];
    for (i, t) in tags.iter().enumerate() {
        f.extend_from_slice(&u16be(if i == 0 && tags.len() > 1 {
            0x88a8
        } else {
            0x8100
        }));
        f.extend_from_slice(&u16be(*t));
    }
    f.extend_from_slice(&u16be(ethertype));
    f.extend_from_slice(payload);
    f
}

/// Linux cooked capture v1 (LINKTYPE_LINUX_SLL) header + payload.
pub fn sll(ethertype: u16, payload: &[u8]) -> Vec<u8> {
    let mut f = vec![0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0];
    f.extend_from_slice(&u16be(ethertype));
    f.extend_from_slice(payload);
    f
}

/// Linux cooked capture v2 (LINKTYPE_LINUX_SLL2) header + payload.
pub fn sll2(ethertype: u16, payload: &[u8]) -> Vec<u8> {
    let mut f = u16be(ethertype).to_vec();
    f.extend_from_slice(&[0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0]);
    f.extend_from_slice(payload);
    f
}

pub fn arp(request: bool, sender: [u8; 4], target: [u8; 4]) -> Vec<u8> {
    let mut p = vec![0, 1, 8, 0, 6, 4, 0, if request { 1 } else { 2 }];
    p.extend_from_slice(&[2, 0, 0, 0, 0, 1]);
    p.extend_from_slice(&sender);
    p.extend_from_slice(&[0; 6]);
    p.extend_from_slice(&target);
    p
}

/// An IP packet (v4 or v6 by the addresses) around a transport payload.
pub fn ip(src: IpAddr, dst: IpAddr, proto: u8, ttl: u8, payload: &[u8]) -> (u16, Vec<u8>) {
    match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            let mut p = vec![0x45, 0];
            p.extend_from_slice(&u16be(20 + payload.len() as u16));
            p.extend_from_slice(&[0, 0, 0x40, 0, ttl, proto, 0, 0]);
            p.extend_from_slice(&s.octets());
            p.extend_from_slice(&d.octets());
            p.extend_from_slice(payload);
            (0x0800, p)
        }
        (IpAddr::V6(s), IpAddr::V6(d)) => {
            let mut p = vec![0x60, 0, 0, 0];
            p.extend_from_slice(&u16be(payload.len() as u16));
            p.extend_from_slice(&[proto, ttl]);
            p.extend_from_slice(&s.octets());
            p.extend_from_slice(&d.octets());
            p.extend_from_slice(payload);
            (0x86dd, p)
        }
        _ => (0, Vec::new()),
    }
}

/// A TCP segment (checksum left zero: the reader does not check it).
#[allow(clippy::too_many_arguments)]
pub fn tcp(
    sport: u16,
    dport: u16,
    seq: u32,
    ack: u32,
    flags: u8,
    mss: Option<u16>,
    md5: bool,
    payload: &[u8],
) -> Vec<u8> {
    let mut opts = Vec::new();
    if let Some(m) = mss {
        opts.extend_from_slice(&[2, 4]);
        opts.extend_from_slice(&u16be(m));
    }
    if md5 {
        opts.extend_from_slice(&[19, 18]);
        opts.extend_from_slice(&[0xaa; 16]);
    }
    while opts.len() % 4 != 0 {
        opts.push(1);
    }
    let doff = (20 + opts.len()) / 4;
    let mut t = Vec::new();
    t.extend_from_slice(&u16be(sport));
    t.extend_from_slice(&u16be(dport));
    t.extend_from_slice(&seq.to_be_bytes());
    t.extend_from_slice(&ack.to_be_bytes());
    t.push((doff as u8) << 4);
    t.push(flags);
    t.extend_from_slice(&[0xff, 0xff, 0, 0, 0, 0]);
    t.extend_from_slice(&opts);
    t.extend_from_slice(payload);
    t
}

fn bgp_msg(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![0xff; 16];
    m.extend_from_slice(&u16be(19 + body.len() as u16));
    m.push(kind);
    m.extend_from_slice(body);
    m
}

/// An OPEN with multiprotocol capabilities for `families` and the 4-byte AS capability.
pub fn bgp_open(asn: u32, hold: u16, id: [u8; 4], families: &[(u16, u8)]) -> Vec<u8> {
    let mut caps = Vec::new();
    for (afi, safi) in families {
        caps.extend_from_slice(&[1, 4]);
        caps.extend_from_slice(&u16be(*afi));
        caps.extend_from_slice(&[0, *safi]);
    }
    caps.extend_from_slice(&[65, 4]);
    caps.extend_from_slice(&asn.to_be_bytes());
    let my_as = if asn > 65535 { 23456 } else { asn as u16 };
    let mut body = vec![4];
    body.extend_from_slice(&u16be(my_as));
    body.extend_from_slice(&u16be(hold));
    body.extend_from_slice(&id);
    body.push(caps.len() as u8 + 2);
    body.extend_from_slice(&[2, caps.len() as u8]);
    body.extend_from_slice(&caps);
    bgp_msg(1, &body)
}

pub fn bgp_keepalive() -> Vec<u8> {
    bgp_msg(4, &[])
}

pub fn bgp_notification(code: u8, subcode: u8) -> Vec<u8> {
    bgp_msg(3, &[code, subcode])
}

/// An UPDATE announcing `n` IPv4 /24s starting at 10.(first/256).(first%256).0.
pub fn bgp_update_v4(first: u32, n: u32) -> Vec<u8> {
    let mut body = vec![0, 0, 0, 4, 0x40, 1, 1, 0];
    for i in first..first + n {
        body.extend_from_slice(&[24, 10, (i >> 8) as u8, i as u8]);
    }
    bgp_msg(2, &body)
}

/// A TCP conversation between two addresses on port 179, as Ethernet frames.
pub struct Conversation {
    pub addr: [IpAddr; 2],
    pub tags: [Vec<u16>; 2],
    pub ports: [u16; 2],
    pub seq: [u32; 2],
    pub md5: [bool; 2],
    pub mss: [u16; 2],
    pub ttl: u8,
}

impl Conversation {
    pub fn new(a: IpAddr, b: IpAddr) -> Conversation {
        Conversation {
            addr: [a, b],
            tags: [Vec::new(), Vec::new()],
            ports: [40000, 179],
            seq: [1000, 5000],
            md5: [false, false],
            mss: [1460, 1460],
            ttl: 1,
        }
    }

    fn frame(&self, from: usize, flags: u8, mss: bool, payload: &[u8]) -> Vec<u8> {
        let to = 1 - from;
        let t = tcp(
            self.ports[from],
            self.ports[to],
            self.seq[from],
            self.seq[to],
            flags,
            mss.then_some(self.mss[from]),
            self.md5[from],
            payload,
        );
        let (et, p) = ip(self.addr[from], self.addr[to], 6, self.ttl, &t);
        ethernet(from as u8 + 1, &self.tags[from], et, &p)
    }

    pub fn syn(&mut self, from: usize) -> Vec<u8> {
        let f = self.frame(from, 0x02, true, &[]);
        self.seq[from] = self.seq[from].wrapping_add(1);
        f
    }
    pub fn syn_ack(&mut self, from: usize) -> Vec<u8> {
        let f = self.frame(from, 0x12, true, &[]);
        self.seq[from] = self.seq[from].wrapping_add(1);
        f
    }
    pub fn ack(&mut self, from: usize) -> Vec<u8> {
        self.frame(from, 0x10, false, &[])
    }
    pub fn data(&mut self, from: usize, payload: &[u8]) -> Vec<u8> {
        let f = self.frame(from, 0x18, false, payload);
        self.seq[from] = self.seq[from].wrapping_add(payload.len() as u32);
        f
    }
    pub fn rst(&mut self, from: usize) -> Vec<u8> {
        self.frame(from, 0x14, false, &[])
    }
    pub fn fin(&mut self, from: usize) -> Vec<u8> {
        let f = self.frame(from, 0x11, false, &[]);
        self.seq[from] = self.seq[from].wrapping_add(1);
        f
    }
    /// SYN, SYN-ACK, ACK with `from` as the initiator.
    pub fn handshake(&mut self, from: usize) -> Vec<Vec<u8>> {
        vec![self.syn(from), self.syn_ack(1 - from), self.ack(from)]
    }
}

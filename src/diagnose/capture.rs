//! Streaming reader for pcap and pcapng captures.
//!
//! Written here rather than taken from a crate: the two formats need ~250 lines, and owning
//! them lets the reader keep one reused buffer (constant memory for any file size), stop
//! cleanly at a truncated tail, and report errors with the byte offset. Both byte orders,
//! microsecond and nanosecond pcap, and pcapng's per-interface link type and `if_tsresol`.

use std::io::Read;

/// Largest record or block accepted; larger means a corrupt file, not a big packet.
const MAX_RECORD: usize = 16 * 1024 * 1024;

/// One packet as read: valid until the next call to [`CaptureReader::next_packet`].
pub struct Packet<'a> {
    /// Link-layer type (LINKTYPE_* numbers, shared by pcap and pcapng).
    pub linktype: u32,
    /// Nanoseconds since the Unix epoch.
    pub ts_ns: u64,
    pub data: &'a [u8],
    /// Length on the wire; larger than `data.len()` when the snap length cut the packet.
    pub orig_len: u32,
}

/// What went wrong, and where (byte offset in the file).
#[derive(Debug)]
pub struct CaptureError {
    pub offset: u64,
    pub reason: String,
}

impl std::fmt::Display for CaptureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.reason)
    }
}

/// The capture format, recognised by the first four bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pcap { big_endian: bool, nanos: bool },
    Pcapng,
}

/// Recognise a capture from its first bytes (`None`: not a capture).
pub fn sniff(head: &[u8]) -> Option<Format> {
    let m: [u8; 4] = head.get(..4)?.try_into().ok()?;
    match m {
        [0xd4, 0xc3, 0xb2, 0xa1] => Some(Format::Pcap {
            big_endian: false,
            nanos: false,
        }),
        [0xa1, 0xb2, 0xc3, 0xd4] => Some(Format::Pcap {
            big_endian: true,
            nanos: false,
        }),
        [0x4d, 0x3c, 0xb2, 0xa1] => Some(Format::Pcap {
            big_endian: false,
            nanos: true,
        }),
        [0xa1, 0xb2, 0x3c, 0x4d] => Some(Format::Pcap {
            big_endian: true,
            nanos: true,
        }),
        [0x0a, 0x0d, 0x0d, 0x0a] => Some(Format::Pcapng),
        _ => None,
    }
}

/// One pcapng interface: its link type and timestamp units per second.
#[derive(Clone, Copy)]
struct Iface {
    linktype: u32,
    units_per_sec: u64,
}

/// Streaming reader over any `Read`; call [`CaptureReader::next_packet`] until `None`.
pub struct CaptureReader<R: Read> {
    inner: R,
    format: Format,
    big_endian: bool,
    pcap_linktype: u32,
    ifaces: Vec<Iface>,
    buf: Vec<u8>,
    offset: u64,
    /// Set when the file ended inside a record: the packets before it are still good.
    pub truncated_tail: bool,
}

impl<R: Read> CaptureReader<R> {
    /// Read the file header (pcap) or leave the first section header to `next_packet`.
    pub fn new(mut inner: R) -> Result<Self, CaptureError> {
        let mut head = [0u8; 4];
        read_exact_or_eof(&mut inner, &mut head).map_err(|e| err(0, e))?;
        let format = sniff(&head).ok_or_else(|| err(0, "not a pcap or pcapng capture"))?;
        let mut r = CaptureReader {
            inner,
            format,
            big_endian: false,
            pcap_linktype: 0,
            ifaces: Vec::new(),
            buf: Vec::with_capacity(65536),
            offset: 4,
            truncated_tail: false,
        };
        if let Format::Pcap { big_endian, .. } = format {
            r.big_endian = big_endian;
            let mut rest = [0u8; 20];
            r.read_full(&mut rest)?
                .then_some(())
                .ok_or_else(|| err(4, "pcap file header cut short"))?;
            r.pcap_linktype = r.u32_at(&rest, 16) & 0x0fff_ffff;
        } else {
            r.buf.extend_from_slice(&head);
        }
        Ok(r)
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The next packet, `None` at the end of the file (or at a truncated last record).
    pub fn next_packet(&mut self) -> Result<Option<Packet<'_>>, CaptureError> {
        match self.format {
            Format::Pcap { nanos, .. } => self.next_pcap(nanos),
            Format::Pcapng => self.next_pcapng(),
        }
    }

    fn next_pcap(&mut self, nanos: bool) -> Result<Option<Packet<'_>>, CaptureError> {
        let mut hdr = [0u8; 16];
        let at = self.offset;
        if !self.read_full(&mut hdr)? {
            return Ok(None);
        }
        let sec = self.u32_at(&hdr, 0) as u64;
        let frac = self.u32_at(&hdr, 4) as u64;
        let incl = self.u32_at(&hdr, 8) as usize;
        let orig = self.u32_at(&hdr, 12);
        if incl > MAX_RECORD {
            return Err(err(at, format!("record of {incl} bytes: corrupt capture")));
        }
        self.buf.resize(incl, 0);
        let mut buf = std::mem::take(&mut self.buf);
        let ok = self.read_full(&mut buf)?;
        self.buf = buf;
        if !ok {
            return Ok(None);
        }
        let ts_ns = sec * 1_000_000_000 + if nanos { frac } else { frac * 1000 };
        Ok(Some(Packet {
            linktype: self.pcap_linktype,
            ts_ns,
            data: &self.buf,
            orig_len: orig.max(incl as u32),
        }))
    }

    fn next_pcapng(&mut self) -> Result<Option<Packet<'_>>, CaptureError> {
        loop {
            let at = self.offset;
            // The first SHB's type was consumed by `new`; it sits in `buf`.
            let mut head = [0u8; 8];
            if self.buf.len() == 4 && at == 4 {
                head[..4].copy_from_slice(&self.buf[..4]);
                if !self.read_full(&mut head[4..])? {
                    return Ok(None);
                }
            } else if !self.read_full(&mut head)? {
                return Ok(None);
            }
            let block_at = if at == 4 { 0 } else { at };
            let btype_raw: [u8; 4] = head[..4].try_into().unwrap_or_default();
            if btype_raw == [0x0a, 0x0d, 0x0d, 0x0a] {
                // Section header: the byte-order magic decides the endianness from here on.
                let mut bom = [0u8; 4];
                if !self.read_full(&mut bom)? {
                    return Ok(None);
                }
                self.big_endian = match bom {
                    [0x1a, 0x2b, 0x3c, 0x4d] => true,
                    [0x4d, 0x3c, 0x2b, 0x1a] => false,
                    _ => return Err(err(block_at + 8, "pcapng byte-order magic not recognised")),
                };
                let len = self.u32_at(&head, 4) as usize;
                if !(28..=MAX_RECORD).contains(&len) || !len.is_multiple_of(4) {
                    return Err(err(block_at, format!("section header of {len} bytes")));
                }
                self.ifaces.clear();
                if !self.skip_body(len - 12)? {
                    return Ok(None);
                }
                continue;
            }
            let btype = self.u32_at(&head, 0);
            let len = self.u32_at(&head, 4) as usize;
            if !(12..=MAX_RECORD).contains(&len) || !len.is_multiple_of(4) {
                return Err(err(
                    block_at,
                    format!("block of {len} bytes: corrupt capture"),
                ));
            }
            self.buf.resize(len - 8, 0);
            let mut buf = std::mem::take(&mut self.buf);
            let ok = self.read_full(&mut buf)?;
            self.buf = buf;
            if !ok {
                return Ok(None);
            }
            let body_len = len - 12;
            match btype {
                1 => {
                    if body_len < 8 {
                        return Err(err(block_at, "interface description block too short"));
                    }
                    let linktype = self.u16_at(&self.buf, 0) as u32;
                    let units_per_sec = self.tsresol(&self.buf[8..body_len]);
                    if self.ifaces.len() < 4096 {
                        self.ifaces.push(Iface {
                            linktype,
                            units_per_sec,
                        });
                    }
                }
                6 | 2 => {
                    if body_len < 20 {
                        return Err(err(block_at, "packet block too short"));
                    }
                    let iface_id = if btype == 6 {
                        self.u32_at(&self.buf, 0) as usize
                    } else {
                        self.u16_at(&self.buf, 0) as usize
                    };
                    let hi = self.u32_at(&self.buf, 4) as u64;
                    let lo = self.u32_at(&self.buf, 8) as u64;
                    let cap = (self.u32_at(&self.buf, 12) as usize).min(body_len - 20);
                    let orig = self.u32_at(&self.buf, 16);
                    let iface = *self.ifaces.get(iface_id).ok_or_else(|| {
                        err(
                            block_at,
                            format!("packet names interface {iface_id}, not described"),
                        )
                    })?;
                    let ts = (hi << 32) | lo;
                    return Ok(Some(Packet {
                        linktype: iface.linktype,
                        ts_ns: to_ns(ts, iface.units_per_sec),
                        data: &self.buf[20..20 + cap],
                        orig_len: orig.max(cap as u32),
                    }));
                }
                3 => {
                    if body_len < 4 {
                        return Err(err(block_at, "simple packet block too short"));
                    }
                    let iface = *self
                        .ifaces
                        .first()
                        .ok_or_else(|| err(block_at, "simple packet before any interface"))?;
                    let orig = self.u32_at(&self.buf, 0);
                    let cap = (orig as usize).min(body_len - 4);
                    return Ok(Some(Packet {
                        linktype: iface.linktype,
                        ts_ns: 0,
                        data: &self.buf[4..4 + cap],
                        orig_len: orig,
                    }));
                }
                _ => {}
            }
        }
    }

    /// `if_tsresol` (option 9) of an interface block's options, as units per second.
    fn tsresol(&self, mut opts: &[u8]) -> u64 {
        while opts.len() >= 4 {
            let code = self.u16_at(opts, 0);
            let len = self.u16_at(opts, 2) as usize;
            let padded = (len + 3) & !3;
            if code == 0 || opts.len() < 4 + len {
                break;
            }
            if code == 9 && len >= 1 {
                let v = opts[4];
                let exp = (v & 0x7f) as u32;
                return if v & 0x80 != 0 {
                    2u64.checked_pow(exp).unwrap_or(1 << 63)
                } else {
                    10u64.checked_pow(exp).unwrap_or(1_000_000_000_000_000_000)
                };
            }
            opts = opts.get(4 + padded..).unwrap_or(&[]);
        }
        1_000_000
    }

    fn skip_body(&mut self, n: usize) -> Result<bool, CaptureError> {
        self.buf.resize(n, 0);
        let mut buf = std::mem::take(&mut self.buf);
        let ok = self.read_full(&mut buf)?;
        self.buf = buf;
        Ok(ok)
    }

    /// Fill `out`; `false` when the file ends first (a truncated tail, noted).
    fn read_full(&mut self, out: &mut [u8]) -> Result<bool, CaptureError> {
        let mut got = 0;
        while got < out.len() {
            match self.inner.read(&mut out[got..]) {
                Ok(0) => {
                    if got > 0 {
                        self.truncated_tail = true;
                    }
                    self.offset += got as u64;
                    return Ok(false);
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(err(self.offset + got as u64, e.to_string())),
            }
        }
        self.offset += got as u64;
        Ok(true)
    }

    fn u32_at(&self, b: &[u8], i: usize) -> u32 {
        let a: [u8; 4] = b[i..i + 4].try_into().unwrap_or_default();
        if self.big_endian {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        }
    }

    fn u16_at(&self, b: &[u8], i: usize) -> u16 {
        let a: [u8; 2] = b[i..i + 2].try_into().unwrap_or_default();
        if self.big_endian {
            u16::from_be_bytes(a)
        } else {
            u16::from_le_bytes(a)
        }
    }
}

fn to_ns(ts: u64, units_per_sec: u64) -> u64 {
    if units_per_sec == 0 {
        return 0;
    }
    (ts as u128 * 1_000_000_000 / units_per_sec as u128).min(u64::MAX as u128) as u64
}

fn read_exact_or_eof<R: Read>(r: &mut R, out: &mut [u8]) -> Result<(), String> {
    r.read_exact(out).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            "file too short to be a capture".to_string()
        } else {
            e.to_string()
        }
    })
}

fn err(offset: u64, reason: impl Into<String>) -> CaptureError {
    CaptureError {
        offset,
        reason: reason.into(),
    }
}

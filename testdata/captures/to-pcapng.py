# Usage: python3 to-pcapng.py IN.pcap OUT.pcapng be|le  (makes the *-dumpcap-*.pcapng test files)
# pcap -> pcapng the way dumpcap lays it out: SHB with options, IDB with if_name and
# if_tsresol (9 = ns), EPBs with an epb_flags option, a name resolution block and an
# interface statistics block at the end. Big-endian when argv[3] == "be".
import struct, sys
src, dst, order = sys.argv[1], sys.argv[2], (">" if sys.argv[3] == "be" else "<")
data = open(src, "rb").read()
assert data[:4] == b"\xd4\xc3\xb2\xa1"
linktype = struct.unpack("<I", data[20:24])[0]
def opt(code, val):
    pad = (4 - len(val) % 4) % 4
    return struct.pack(order + "HH", code, len(val)) + val + b"\0" * pad
def block(btype, body):
    pad = (4 - len(body) % 4) % 4
    body += b"\0" * pad
    n = 12 + len(body)
    return struct.pack(order + "II", btype, n) + body + struct.pack(order + "I", n)
out = b""
shb = struct.pack(order + "IHHq", 0x1A2B3C4D, 1, 0, -1) + opt(4, b"Dumpcap (Wireshark) 4.0.0") + opt(0, b"")
out += block(0x0A0D0D0A, shb)
idb = struct.pack(order + "HHI", linktype, 0, 262144) + opt(2, b"eth0.101") + opt(9, bytes([9])) + opt(0, b"")
out += block(1, idb)
off = 24
count = 0
while off + 16 <= len(data):
    sec, usec, incl, orig = struct.unpack("<IIII", data[off:off+16])
    pkt = data[off+16:off+16+incl]
    off += 16 + incl
    ts = sec * 1_000_000_000 + usec * 1000
    pad = (4 - incl % 4) % 4
    body = struct.pack(order + "IIIII", 0, ts >> 32, ts & 0xffffffff, incl, orig) + pkt + b"\0" * pad + opt(2, struct.pack(order + "I", 1)) + opt(0, b"")
    out += block(6, body)
    count += 1
    if count == 3:
        nrb = struct.pack(order + "HH", 1, 4 + 9) + bytes([169, 254, 10, 1]) + b"aws-peer\0" + b"\0" * 3 + struct.pack(order + "HH", 0, 0)
        out += block(4, nrb)
isb = struct.pack(order + "III", 0, 0, 0) + opt(4, struct.pack(order + "Q", count)) + opt(0, b"")
out += block(5, isb)
open(dst, "wb").write(out)
print(dst, len(out), count)

//! Arista EOS `neighbor X password 7 <base64>`: not Cisco type 7. EOS encrypts the key
//! with single DES in CBC mode (zero IV); the DES key is derived from `<name>_passwd`,
//! where `<name>` is the neighbor address or the peer-group name the line is written on
//! (the same ciphertext under another name does not decode). The plaintext block starts
//! with the signature 4C 88 BB and a byte whose high nibble is the padding length.
//! Derivation (XOR-fold of the name into a fixed seed, then DES parity) as documented by
//! Kristian Köhntopp and used by Arista's AVD; the tests decode keys from real configs.

use des::cipher::{BlockDecrypt, KeyInit};
use des::Des;

const SEED: [u8; 8] = [0xd5, 0xa8, 0xc9, 0x1e, 0xf5, 0xd5, 0x8a, 0x23];
const SIGNATURE: [u8; 3] = [0x4c, 0x88, 0xbb];

/// The DES key for `name` (`10.0.0.1`, `PEER-GROUP`): `name_passwd` folded into the seed.
fn key_for(name: &str) -> [u8; 8] {
    let mut k = SEED;
    for (i, b) in name.bytes().chain(*b"_passwd").enumerate() {
        k[i & 7] ^= b;
    }
    // EOS keeps seven bits of each byte (the top one cleared) and sets odd parity in the
    // lowest, which DES ignores.
    for b in &mut k {
        let v = *b & 0x7e;
        *b = v | u8::from(v.count_ones() % 2 == 0);
    }
    k
}

/// Decode the key stored as `password 7 <encoded>` on the neighbor or peer group `name`.
/// `None` if it is not valid base64, not whole DES blocks, or does not carry EOS's
/// signature under this name.
pub fn decode_eos7(name: &str, encoded: &str) -> Option<String> {
    let data = base64(encoded)?;
    if data.is_empty() || data.len() % 8 != 0 {
        return None;
    }
    let cipher = Des::new_from_slice(&key_for(name)).ok()?;
    let mut prev = [0u8; 8];
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.chunks_exact(8) {
        let mut block = des::cipher::generic_array::GenericArray::clone_from_slice(chunk);
        cipher.decrypt_block(&mut block);
        out.extend(block.iter().zip(prev).map(|(b, p)| b ^ p));
        prev.copy_from_slice(chunk);
    }
    let pad = usize::from(out[3] >> 4);
    if out[..3] != SIGNATURE || pad >= 8 || out.len() < 4 + pad {
        return None;
    }
    let plain = &out[4..out.len() - pad];
    String::from_utf8(plain.to_vec()).ok()
}

/// Standard base64 (with `=` padding); `None` on any other character.
fn base64(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys of a real EOS 4.23 configuration (Arista's EVPN design guide, DC1-BL1A in
    /// Batfish's lab-validation snapshots): three peer groups, each key encrypted under
    /// its group's name. The signature check proves the derivation: a wrong key or name
    /// would not produce 4C 88 BB.
    #[test]
    fn decodes_real_peer_group_keys() {
        for (group, enc) in [
            ("EVPN-OVERLAY-PEERS", "q+VNViP5i4rVjW1cxFv2wA=="),
            ("IPv4-UNDERLAY-PEERS", "AQQvKeimxJu+uGQ/yYvv9w=="),
            ("MLAG-IPv4-UNDERLAY-PEER", "vnEaG8gMeQf3d3cN6PktXQ=="),
        ] {
            let plain = decode_eos7(group, enc).unwrap_or_else(|| panic!("{group}"));
            assert_eq!(plain, "arista123", "{group}");
        }
    }

    #[test]
    fn the_name_is_part_of_the_key() {
        assert_eq!(decode_eos7("OTHER-GROUP", "q+VNViP5i4rVjW1cxFv2wA=="), None);
        assert_eq!(decode_eos7("EVPN-OVERLAY-PEERS", "not base64!"), None);
        assert_eq!(decode_eos7("EVPN-OVERLAY-PEERS", "AAAA"), None);
    }
}

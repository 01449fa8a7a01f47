//! Reversible password encodings: Cisco type 7 (and, from the Junos dialect, `$9$`).

/// The fixed key string of Cisco type 7 (public since the 1990s; see domain.md §4.1).
const TYPE7_KEY: &[u8] = b"dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";

/// Decode a Cisco type 7 string (`0822455D0A16`): two decimal digits of key offset,
/// then hex bytes XORed with the key. `None` when the text is not valid type 7.
pub fn decode_cisco7(encoded: &str) -> Option<String> {
    let encoded = encoded.trim();
    if encoded.len() < 4 || encoded.len() % 2 != 0 || !encoded.is_ascii() {
        return None;
    }
    let offset: usize = encoded[..2].parse().ok()?;
    if offset >= TYPE7_KEY.len() {
        return None;
    }
    let hex = &encoded[2..];
    let mut out = Vec::with_capacity(hex.len() / 2);
    for (i, pair) in hex.as_bytes().chunks(2).enumerate() {
        let byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
        out.push(byte ^ TYPE7_KEY[(offset + i) % TYPE7_KEY.len()]);
    }
    String::from_utf8(out).ok()
}

/// Encode with Cisco type 7 at a given offset (used by tests to build fixtures).
pub fn encode_cisco7(plain: &str, offset: usize) -> String {
    let mut s = format!("{:02}", offset % 16);
    for (i, b) in plain.bytes().enumerate() {
        s.push_str(&format!(
            "{:02X}",
            b ^ TYPE7_KEY[(offset + i) % TYPE7_KEY.len()]
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type7_known_vector() {
        // "cisco" is the textbook example: 0822455D0A16.
        assert_eq!(decode_cisco7("0822455D0A16").as_deref(), Some("cisco"));
        assert_eq!(decode_cisco7("070C285F4D06").as_deref(), Some("cisco"));
    }

    #[test]
    fn type7_round_trips_and_rejects_garbage() {
        for off in 0..16 {
            let e = encode_cisco7("0xC_ukbCerl6EYA0uexample", off);
            assert_eq!(
                decode_cisco7(&e).as_deref(),
                Some("0xC_ukbCerl6EYA0uexample")
            );
        }
        assert_eq!(decode_cisco7("zz12"), None);
        assert_eq!(decode_cisco7("123"), None);
        assert_eq!(decode_cisco7("99AB"), None);
    }
}

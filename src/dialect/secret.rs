//! Reversible password encodings: Cisco type 7 (and, from the Junos dialect, `$9$`).

/// The fixed key string of Cisco type 7 (public since the 1990s; see domain.md §4.1).
const TYPE7_KEY: &[u8] = b"dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";

/// Decode a Cisco type 7 string (`0822455D0A16`): two decimal digits of key offset,
/// then hex bytes XORed with the key. `None` when the text is not valid type 7.
pub fn decode_cisco7(encoded: &str) -> Option<String> {
    let encoded = encoded.trim();
    if encoded.len() < 4 || !encoded.len().is_multiple_of(2) || !encoded.is_ascii() {
        return None;
    }
    let offset: usize = encoded[..2].parse().ok()?;
    if offset >= TYPE7_KEY.len() {
        return None;
    }
    let hex = &encoded.as_bytes()[2..];
    let mut out = Vec::with_capacity(hex.len() / 2);
    for (i, pair) in hex.chunks_exact(2).enumerate() {
        // Digit by digit (every neighbor key of a large config comes through here); a
        // leading `+` stays accepted, as `u8::from_str_radix` took it.
        let byte = match pair[0] {
            b'+' => hex_digit(pair[1])?,
            hi => hex_digit(hi)? << 4 | hex_digit(pair[1])?,
        };
        out.push(byte ^ TYPE7_KEY[(offset + i) % TYPE7_KEY.len()]);
    }
    String::from_utf8(out).ok()
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
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

/// The four letter families of Junos `$9$`; a family's letter announces how many random
/// filler characters follow the salt (3 − family index). See domain.md §4.2.
const JUNOS9_FAMILY: [&str; 4] = [
    "QzF3n6/9CAtpu0O",
    "B1IREhcSyrleKvMW8LXx",
    "7N-dVbwsY2g4oaJZGUDj",
    "iHkq.mPf5T",
];

/// Weights of each ciphertext character's "gap", cycling per plaintext character.
const JUNOS9_ENCODING: [&[u32]; 7] = [
    &[1, 4, 32],
    &[1, 16, 32],
    &[1, 8, 32],
    &[1, 64],
    &[1, 32],
    &[1, 4, 16, 128],
    &[1, 32, 64],
];

/// The alphabet: the families concatenated (65 characters).
fn junos9_alphabet() -> impl Iterator<Item = u8> {
    JUNOS9_FAMILY.iter().flat_map(|f| f.bytes())
}

/// Each byte's position in the alphabet and its family, built at compile time (every `$9$`
/// key of a large configuration is decoded, a character at a time): `NONE` when the byte is
/// not in the alphabet.
static JUNOS9_LOOKUP: [(u8, u8); 256] = {
    let mut t = [(NONE, NONE); 256];
    let mut pos = 0u8;
    let mut fam = 0;
    while fam < JUNOS9_FAMILY.len() {
        let bytes = JUNOS9_FAMILY[fam].as_bytes();
        let mut k = 0;
        while k < bytes.len() {
            t[bytes[k] as usize] = (pos, fam as u8);
            pos += 1;
            k += 1;
        }
        fam += 1;
    }
    t
};
const NONE: u8 = u8::MAX;
/// The alphabet's length.
const JUNOS9_LEN: i64 = {
    let mut n = 0;
    let mut fam = 0;
    while fam < JUNOS9_FAMILY.len() {
        n += JUNOS9_FAMILY[fam].len();
        fam += 1;
    }
    n as i64
};

fn junos9_index(c: u8) -> Option<u32> {
    let (pos, _) = JUNOS9_LOOKUP[c as usize];
    (pos != NONE).then_some(u32::from(pos))
}

fn junos9_extra(c: u8) -> Option<usize> {
    let (_, fam) = JUNOS9_LOOKUP[c as usize];
    (fam != NONE).then(|| 3 - usize::from(fam))
}

fn junos9_char(i: u32) -> u8 {
    let n = JUNOS9_FAMILY.iter().map(|f| f.len()).sum::<usize>();
    junos9_alphabet().nth(i as usize % n).unwrap_or(b'Q')
}

/// Decode a Junos `$9$` string, the keyless substitution cipher Junos uses for
/// `authentication-key`, `pre-shared-key ascii-text`, `secret` … (Crypt::Juniper,
/// juniper9-crypt). `None` when the text is not a well-formed `$9$` string.
pub fn decode_junos9(s: &str) -> Option<String> {
    let body = s.trim().strip_prefix("$9$")?.as_bytes();
    let alpha_len = JUNOS9_LEN;
    let (&first, rest) = body.split_first()?;
    let skip = junos9_extra(first)?;
    let mut chars = rest.get(skip..)?;
    let mut prev = junos9_index(first)? as i64;
    let mut out: Vec<u8> = Vec::with_capacity(chars.len() / 2);
    while !chars.is_empty() {
        let weights = JUNOS9_ENCODING[out.len() % JUNOS9_ENCODING.len()];
        let nibble = chars.get(..weights.len())?;
        chars = &chars[weights.len()..];
        let mut num: i64 = 0;
        for (&c, &w) in nibble.iter().zip(weights) {
            let idx = junos9_index(c)? as i64;
            let gap = (idx - prev).rem_euclid(alpha_len) - 1;
            prev = idx;
            num += gap * w as i64;
        }
        out.push(num.rem_euclid(256) as u8);
    }
    Some(match String::from_utf8(out) {
        Ok(s) => s,
        // Bytes that are not UTF-8 are read as Latin-1, as Junos tools print them.
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    })
}

/// Encode as Junos `$9$` with a chosen salt character and filler (used by tests to build
/// fixtures; Junos picks both at random). The filler is cut or padded to the length the
/// salt demands. Characters above U+00FF cannot be encoded and are replaced by `?`.
pub fn encode_junos9(plain: &str, salt: char, filler: &str) -> String {
    let salt = if salt.is_ascii() && junos9_index(salt as u8).is_some() {
        salt as u8
    } else {
        b'Q'
    };
    let need = junos9_extra(salt).unwrap_or(0);
    let mut out = String::from("$9$");
    out.push(salt as char);
    let mut fill = filler
        .bytes()
        .filter(|&b| junos9_index(b).is_some())
        .chain(std::iter::repeat(b'a'));
    for _ in 0..need {
        out.push(fill.next().unwrap_or(b'a') as char);
    }
    let mut prev = junos9_index(salt).unwrap_or(0);
    let bytes: Vec<u8> = if plain.chars().all(|c| (c as u32) < 256) {
        plain.chars().map(|c| c as u32 as u8).collect()
    } else {
        plain
            .chars()
            .map(|c| {
                if (c as u32) < 256 {
                    c as u32 as u8
                } else {
                    b'?'
                }
            })
            .collect()
    };
    for (pos, &b) in bytes.iter().enumerate() {
        let weights = JUNOS9_ENCODING[pos % JUNOS9_ENCODING.len()];
        let mut rest = b as u32;
        let mut gaps = vec![0u32; weights.len()];
        for (i, &w) in weights.iter().enumerate().rev() {
            gaps[i] = rest / w;
            rest %= w;
        }
        for g in gaps {
            let c = junos9_char(g + prev + 1);
            prev = junos9_index(c).unwrap_or(0);
            out.push(c as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junos9_lookup_table_matches_the_alphabet() {
        let alphabet: Vec<u8> = junos9_alphabet().collect();
        assert_eq!(alphabet.len() as i64, JUNOS9_LEN);
        for c in 0..=255u8 {
            let pos = alphabet.iter().position(|&a| a == c).map(|p| p as u32);
            assert_eq!(junos9_index(c), pos, "{c}");
            let fam = JUNOS9_FAMILY.iter().position(|f| f.as_bytes().contains(&c));
            assert_eq!(junos9_extra(c), fam.map(|f| 3 - f), "{c}");
        }
    }

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

    #[test]
    fn type7_pairs_read_as_from_str_radix_reads_them() {
        for a in 0x20u8..0x7f {
            for b in 0x20u8..0x7f {
                let pair = [a, b];
                let pair = std::str::from_utf8(&pair).unwrap();
                let want = u8::from_str_radix(pair, 16)
                    .ok()
                    .and_then(|v| String::from_utf8(vec![v ^ TYPE7_KEY[0]]).ok());
                assert_eq!(decode_cisco7(&format!("00{pair}")), want, "{pair:?}");
            }
        }
    }
    #[test]
    fn junos9_known_vectors() {
        // Published vectors (netconan's test suite and Batfish's interface test config).
        assert_eq!(decode_junos9("$9$CSxptpBREyKvL").as_deref(), Some("abc"));
        assert_eq!(decode_junos9("$9$-pV24JGDkmf").as_deref(), Some("123"));
        assert_eq!(
            decode_junos9("$9$sSgJD.mTn9poJQn9pREcylvLN").as_deref(),
            Some("netconan")
        );
        assert_eq!(
            decode_junos9("$9$dLV2aZGi.fzDiORSeXxDikqmT").as_deref(),
            Some("password")
        );
        // Deterministic encoding with salt `a` and filler `a` (netconan's fixed-salt vector).
        assert_eq!(encode_junos9("abc", 'a', "a"), "$9$aaZGiq.5F39");
    }

    #[test]
    fn junos9_round_trips_and_rejects_garbage() {
        for (salt, filler) in [('Q', "abc"), ('B', "xy"), ('7', "z"), ('i', ""), ('-', "k")] {
            for plain in [
                "0xDxLintExampleKey01",
                " lead space",
                "x",
                "",
                "tab\tend~!",
                "café",
            ] {
                let enc = encode_junos9(plain, salt, filler);
                assert!(enc.starts_with("$9$"));
                assert_eq!(decode_junos9(&enc).as_deref(), Some(plain), "{enc}");
            }
        }
        assert_eq!(decode_junos9("abcd"), None);
        assert_eq!(decode_junos9("$9$"), None);
        // A comma is not in the alphabet.
        assert_eq!(decode_junos9("$9$aaGi.Qz6t0IDi/t0IrlKM8x,s"), None);
        // Truncated: the last character needs more ciphertext letters.
        assert_eq!(decode_junos9("$9$CSxptpBREyKv"), None);
        // Salt promising more filler than there is.
        assert_eq!(decode_junos9("$9$Q"), None);
    }
}

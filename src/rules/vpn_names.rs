//! Vendor spellings of IKE/IPsec algorithms → AWS tunnel-option names, so that one
//! comparison serves Cisco (`aes 256`, `esp-gcm 128`, `aes-cbc-128`, `esp-sha256-hmac`),
//! Junos (`aes-128-cbc`, `hmac-sha-256-128`, `group14`) and VyOS (`aes128gcm128`, `sha256`).

/// `AES128`, `AES256`, `AES128-GCM-16`, `AES256-GCM-16`, or an upper-cased name AWS never
/// accepts (`3DES`, `DES`, `AES192`, `NULL`).
pub fn cipher(name: &str) -> String {
    let l: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if l.contains("3des") || l.contains("tripledes") {
        return "3DES".into();
    }
    if l.contains("aes") || l.contains("gcm") {
        // The key size is the first 128/192/256 (`aes256gcm128`: 256-bit key, 128-bit ICV).
        let bits = ["128", "192", "256"]
            .iter()
            .filter_map(|b| l.find(b).map(|p| (p, *b)))
            .min()
            .map_or("128", |(_, b)| b);
        return if l.contains("gcm") {
            format!("AES{bits}-GCM-16")
        } else {
            format!("AES{bits}")
        };
    }
    if l.contains("des") {
        return "DES".into();
    }
    name.to_ascii_uppercase()
}

/// `SHA1`, `SHA2-256`, `SHA2-384`, `SHA2-512`, `MD5`, or an upper-cased unknown name.
pub fn integrity(name: &str) -> String {
    let l: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    for bits in ["512", "384", "256"] {
        if l.contains(&format!("sha{bits}")) || l.contains(&format!("sha2{bits}")) {
            return format!("SHA2-{bits}");
        }
    }
    if l.contains("md5") {
        return "MD5".into();
    }
    if l.contains("sha") {
        return "SHA1".into();
    }
    name.to_ascii_uppercase()
}

/// AES-GCM authenticates by itself: a GCM proposal needs no separate integrity algorithm.
pub fn is_aead(aws_cipher: &str) -> bool {
    aws_cipher.ends_with("-GCM-16")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_spellings() {
        for (v, want) in [
            ("aes", "AES128"),
            ("aes 256", "AES256"),
            ("aes-cbc-128", "AES128"),
            ("aes-gcm-256", "AES256-GCM-16"),
            ("esp-aes", "AES128"),
            ("esp-aes 256", "AES256"),
            ("esp-gcm 128", "AES128-GCM-16"),
            ("aes-128-cbc", "AES128"),
            ("aes-256-gcm", "AES256-GCM-16"),
            ("aes128gcm128", "AES128-GCM-16"),
            ("aes256gcm128", "AES256-GCM-16"),
            ("aes192", "AES192"),
            ("3des-cbc", "3DES"),
            ("esp-3des", "3DES"),
            ("des", "DES"),
        ] {
            assert_eq!(cipher(v), want, "{v}");
        }
        for (v, want) in [
            ("sha", "SHA1"),
            ("esp-sha-hmac", "SHA1"),
            ("hmac-sha1-96", "SHA1"),
            ("sha1", "SHA1"),
            ("sha256", "SHA2-256"),
            ("sha-256", "SHA2-256"),
            ("esp-sha256-hmac", "SHA2-256"),
            ("hmac-sha-256-128", "SHA2-256"),
            ("SHA2-384", "SHA2-384"),
            ("sha512", "SHA2-512"),
            ("md5", "MD5"),
            ("esp-md5-hmac", "MD5"),
        ] {
            assert_eq!(integrity(v), want, "{v}");
        }
    }
}

//! One spelling for IKE/IPsec algorithms across vendors, so VPN rules compare the router's
//! proposals with AWS's lists without knowing who wrote them.
//!
//! The canonical names are AWS's names in lower case (`AES128-GCM-16` → `aes128-gcm-16`,
//! `SHA2-256` → `sha2-256`); algorithms AWS does not offer get a name in the same style
//! (`aes192`, `3des`, `des`, `md5`, `sha2-256-96` for the 96-bit truncated HMAC). A
//! spelling this table does not know is kept, lower-cased, so a rule can still name it.

/// Canonical encryption algorithm for one vendor token (Junos `aes-128-cbc`, VyOS
/// `aes128gcm128`, IOS IKEv2 `aes-cbc-128`, …). IOS IKEv1 and transform-set forms that
/// need two words (`aes 256`, `esp-aes 256`) are joined by the IOS extractor first.
pub fn encryption(token: &str) -> String {
    let t = token.to_ascii_lowercase();
    let canonical = match t.as_str() {
        "aes128" | "aes-128" | "aes-128-cbc" | "aes-cbc-128" | "aes128-cbc" => "aes128",
        "aes192" | "aes-192" | "aes-192-cbc" | "aes-cbc-192" | "aes192-cbc" => "aes192",
        "aes256" | "aes-256" | "aes-256-cbc" | "aes-cbc-256" | "aes256-cbc" => "aes256",
        // GCM with a 16-octet ICV: Junos `aes-N-gcm`, IOS `aes-gcm-N`, strongSwan/VyOS
        // `aesNgcm16` and `aesNgcm128` (ICV in octets or in bits).
        "aes128gcm128" | "aes128gcm16" | "aes-128-gcm" | "aes-gcm-128" | "aes128-gcm-16" => {
            "aes128-gcm-16"
        }
        "aes192gcm128" | "aes192gcm16" | "aes-192-gcm" | "aes-gcm-192" | "aes192-gcm-16" => {
            "aes192-gcm-16"
        }
        "aes256gcm128" | "aes256gcm16" | "aes-256-gcm" | "aes-gcm-256" | "aes256-gcm-16" => {
            "aes256-gcm-16"
        }
        "aes128gcm96" | "aes128gcm12" => "aes128-gcm-12",
        "aes256gcm96" | "aes256gcm12" => "aes256-gcm-12",
        "aes128gcm64" | "aes128gcm8" => "aes128-gcm-8",
        "aes256gcm64" | "aes256gcm8" => "aes256-gcm-8",
        "3des" | "3des-cbc" | "des-ede3" | "des-ede3-cbc" => "3des",
        "des" | "des-cbc" => "des",
        _ => return t,
    };
    canonical.to_string()
}

/// Canonical integrity (hash / HMAC) algorithm for one vendor token (Junos `sha-256`,
/// `hmac-sha1-96`; VyOS `sha256`; IOS `sha`, `sha256`).
pub fn integrity(token: &str) -> String {
    let t = token.to_ascii_lowercase();
    let canonical =
        match t.as_str() {
            "sha" | "sha1" | "sha-1" | "hmac-sha1-96" | "hmac-sha1" | "sha96" | "sha1-96" => "sha1",
            "sha256" | "sha-256" | "sha2-256" | "hmac-sha-256-128" | "hmac-sha256" | "sha2_256" => {
                "sha2-256"
            }
            "sha384" | "sha-384" | "sha2-384" | "hmac-sha-384-192" | "hmac-sha-384"
            | "hmac-sha384" => "sha2-384",
            "sha512" | "sha-512" | "sha2-512" | "hmac-sha-512-256" | "hmac-sha-512"
            | "hmac-sha512" => "sha2-512",
            "sha256_96" | "hmac-sha-256-96" => "sha2-256-96",
            "md5" | "hmac-md5-96" | "hmac-md5" | "md596" => "md5",
            _ => return t,
        };
    canonical.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_spellings_meet_in_one_name() {
        for t in ["aes-128-cbc", "aes128", "aes-cbc-128", "AES128"] {
            assert_eq!(encryption(t), "aes128", "{t}");
        }
        for t in ["aes-256-gcm", "aes256gcm128", "aes-gcm-256", "aes256gcm16"] {
            assert_eq!(encryption(t), "aes256-gcm-16", "{t}");
        }
        assert_eq!(encryption("3des-cbc"), "3des");
        for t in ["sha-256", "sha256", "hmac-sha-256-128", "SHA2-256"] {
            assert_eq!(integrity(t), "sha2-256", "{t}");
        }
        for t in ["sha", "sha1", "hmac-sha1-96"] {
            assert_eq!(integrity(t), "sha1", "{t}");
        }
        assert_eq!(integrity("hmac-sha-256-96"), "sha2-256-96");
        assert_eq!(integrity("hmac-md5-96"), "md5");
    }

    #[test]
    fn unknown_spellings_are_kept_lower_case() {
        assert_eq!(encryption("ChaCha20Poly1305"), "chacha20poly1305");
        assert_eq!(integrity("aes-xcbc"), "aes-xcbc");
    }
}

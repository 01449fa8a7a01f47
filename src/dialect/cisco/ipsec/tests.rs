//! IOS crypto extraction: the two fixtures in `testdata/cisco/` and focused snippets.

use crate::dialect::cisco::extract;
use crate::dialect::secret::encode_cisco7;
use crate::model::{IkePeer, IkeProposal, IpsecProposal, Password, RouterModel, Vendor};
use crate::secret::Secret;
use crate::source::{SourceFile, Span};

const IKEV1: &str = include_str!("../../../../testdata/cisco/ios-vpn-ikev1-vti.cfg");
const IKEV2: &str = include_str!("../../../../testdata/cisco/ios-vpn-ikev2-gcm.cfg");
/// The fake keys the fixtures hold, the same as `testdata/aws/vpn-example.json` (tunnel 2 of
/// the IKEv1 fixture as type 7).
const KEY1: &str = "Tunnel1_psk.example1";
const KEY2: &str = "Tunnel2_psk.example2";

fn model(text: &str) -> RouterModel {
    extract(&SourceFile::new("vpn.cfg", text), Vendor::CiscoIos)
}

fn at(text: &str, span: Span) -> &str {
    &text[span.start()..span.end()]
}

fn peer<'a>(m: &'a RouterModel, addr: &str) -> &'a IkePeer {
    m.ipsec
        .peers
        .iter()
        .find(|p| p.address.as_ref().map(|a| a.value.to_string()).as_deref() == Some(addr))
        .unwrap_or_else(|| panic!("no peer {addr}"))
}

fn ike<'a>(m: &'a RouterModel, name: &str) -> &'a IkeProposal {
    m.ipsec
        .ike_proposals
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no IKE proposal {name}"))
}

fn esp<'a>(m: &'a RouterModel, name: &str) -> &'a IpsecProposal {
    m.ipsec
        .ipsec_proposals
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no IPsec proposal {name}"))
}

/// Compares a key without ever printing it: a failure says only which key.
fn known_key(p: &IkePeer, expected: &str) -> bool {
    matches!(p.psk.as_ref().map(|k| &k.value), Some(Password::Known(s)) if *s == Secret::new(expected))
}

#[test]
fn ikev1_fixture_two_aws_tunnels() {
    let m = model(IKEV1);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(m.ipsec.peers.len(), 2);

    let p200 = ike(&m, "200");
    assert_eq!(at(IKEV1, p200.span), "crypto isakmp policy 200");
    assert_eq!(p200.encryption, vec!["aes256"]);
    assert_eq!(p200.integrity, vec!["sha2-256"]);
    assert_eq!(p200.dh_groups, vec![14]);
    let life = p200.lifetime.as_ref().unwrap();
    assert_eq!(
        (life.value, at(IKEV1, life.span)),
        (28800, "lifetime 28800")
    );
    // `encr aes` is AES-128; the hidden `hash` is IOS's default, SHA-1.
    let p201 = ike(&m, "201");
    assert_eq!(p201.encryption, vec!["aes128"]);
    assert_eq!(p201.integrity, vec!["sha1"]);
    assert_eq!(p201.dh_groups, vec![2]);

    let t0 = esp(&m, "ipsec-prop-vpn-0a11b22c33d44e55f-0");
    assert_eq!(t0.encryption, vec!["aes256"]);
    assert_eq!(t0.integrity, vec!["sha2-256"]);
    assert!(at(IKEV1, t0.span).starts_with("crypto ipsec transform-set"));
    let t1 = esp(&m, "ipsec-prop-vpn-0a11b22c33d44e55f-1");
    assert_eq!(
        (t1.encryption.as_slice(), t1.integrity.as_slice()),
        (&["aes128".to_string()][..], &["sha1".to_string()][..])
    );

    let a = peer(&m, "203.0.113.10");
    assert_eq!(a.name, "isakmp-vpn-0a11b22c33d44e55f-0");
    assert_eq!(
        at(IKEV1, a.span),
        "crypto isakmp profile isakmp-vpn-0a11b22c33d44e55f-0"
    );
    assert_eq!(
        at(IKEV1, a.address.as_ref().unwrap().span),
        // The profile's identity: the line an address fix changes besides the tunnel's.
        "match identity address 203.0.113.10 255.255.255.255"
    );
    assert_eq!(a.ike_version.as_ref().map(|v| v.value), Some(1));
    assert!(
        known_key(a, KEY1),
        "tunnel 1 key differs from the fixture's"
    );
    let psk_span = a.psk.as_ref().unwrap().span;
    assert!(at(IKEV1, psk_span).starts_with("pre-shared-key address 203.0.113.10 key"));
    assert_eq!(a.ike_proposals, vec!["200", "201"]);
    assert_eq!(
        a.ipsec_proposals,
        vec!["ipsec-prop-vpn-0a11b22c33d44e55f-0"]
    );
    let pfs = a.pfs_group.as_ref().unwrap();
    assert_eq!((pfs.value, at(IKEV1, pfs.span)), (14, "set pfs group14"));
    assert_eq!(a.effective_pfs(&m.ipsec), Some(14));
    let l2 = a.ipsec_lifetime.as_ref().unwrap();
    assert_eq!(
        (l2.value, at(IKEV1, l2.span)),
        (3600, "set security-association lifetime seconds 3600")
    );
    assert!(a.ike_lifetime.is_none());
    let dpd = a.dpd.as_ref().unwrap();
    assert_eq!(
        (dpd.value, at(IKEV1, dpd.span)),
        (10, "crypto isakmp keepalive 10 10")
    );
    assert_eq!(a.interface.as_deref(), Some("Tunnel1"));

    // Tunnel 2: the type 7 key decodes to the clear one; no lifetime: the platform default.
    let b = peer(&m, "203.0.113.20");
    assert!(
        known_key(b, KEY2),
        "type 7 key did not decode to the fixture's key"
    );
    assert!(at(IKEV1, b.psk.as_ref().unwrap().span).contains("key 7 "));
    assert_eq!(b.pfs_group.as_ref().map(|g| g.value), Some(2));
    assert!(b.ipsec_lifetime.is_none());
    assert_eq!(b.interface.as_deref(), Some("Tunnel2"));
    assert_eq!(
        crate::dialect::cisco::IOS_PROFILE.default_ipsec_lifetime,
        Some(3600)
    );

    let t = m.interface("Tunnel1").unwrap().tunnel.as_ref().unwrap();
    assert_eq!(
        t.mode.as_ref().map(|x| x.value.as_str()),
        Some("ipsec ipv4")
    );
    assert_eq!(
        t.protection.as_ref().map(|x| x.value.as_str()),
        Some("ipsec-vpn-0a11b22c33d44e55f-0")
    );
    assert_eq!(
        m.interface("Tunnel1")
            .unwrap()
            .tcp_mss
            .as_ref()
            .map(|x| x.value),
        Some(1379)
    );
    assert_eq!(m.neighbor_count(), 2);
}

#[test]
fn ikev2_fixture_gcm_and_type6() {
    let m = model(IKEV2);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(m.ipsec.peers.len(), 2);
    let p = ike(&m, "AWS-PROPOSAL");
    assert_eq!(at(IKEV2, p.span), "crypto ikev2 proposal AWS-PROPOSAL");
    assert_eq!(p.encryption, vec!["aes256", "aes128"]);
    assert_eq!(p.integrity, vec!["sha2-256", "sha1"]);
    assert_eq!(p.dh_groups, vec![14, 19]);
    // A policy exists, so IOS's default proposal is not in play.
    assert!(m.ipsec.ike_proposals.iter().all(|p| p.name != "default"));
    let gcm = esp(&m, "AWS-GCM");
    assert_eq!(gcm.encryption, vec!["aes256-gcm-16"]);
    assert!(gcm.integrity.is_empty());

    let a = peer(&m, "203.0.113.10");
    assert_eq!(a.name, "AWS-PROFILE-1");
    let v = a.ike_version.as_ref().unwrap();
    assert_eq!(
        (v.value, at(IKEV2, v.span)),
        (2, "set ikev2-profile AWS-PROFILE-1")
    );
    assert!(
        known_key(a, KEY1),
        "IKEv2 keyring key differs from the fixture's"
    );
    assert_eq!(
        at(IKEV2, a.psk.as_ref().unwrap().span),
        "pre-shared-key Tunnel1_psk.example1"
    );
    assert_eq!(a.ike_proposals, vec!["AWS-PROPOSAL"]);
    assert_eq!(a.ipsec_proposals, vec!["AWS-GCM"]);
    let l1 = a.ike_lifetime.as_ref().unwrap();
    assert_eq!((l1.value, at(IKEV2, l1.span)), (28800, "lifetime 28800"));
    assert_eq!(a.ipsec_lifetime.as_ref().map(|l| l.value), Some(3600));
    let dpd = a.dpd.as_ref().unwrap();
    assert_eq!((dpd.value, at(IKEV2, dpd.span)), (10, "dpd 10 3 on-demand"));
    assert_eq!(a.interface.as_deref(), Some("Tunnel10"));

    let b = peer(&m, "203.0.113.20");
    assert_eq!(b.ike_version.as_ref().map(|v| v.value), Some(2));
    assert!(matches!(
        b.psk.as_ref().map(|k| &k.value),
        Some(Password::Unverifiable(_))
    ));
    // No lifetime in its ipsec profile: the global `crypto ipsec security-association`.
    let l2 = b.ipsec_lifetime.as_ref().unwrap();
    assert_eq!(
        (l2.value, at(IKEV2, l2.span)),
        (
            2700,
            "crypto ipsec security-association lifetime seconds 2700"
        )
    );
    assert_eq!(b.interface.as_deref(), Some("Tunnel11"));
}

#[test]
fn no_crypto_gives_an_empty_ipsec_model() {
    let m = model(include_str!("../../../../testdata/cisco/edge1-clean.cfg"));
    assert!(m.ipsec.peers.is_empty());
    assert!(m.ipsec.ike_proposals.is_empty());
    assert!(m.ipsec.ipsec_proposals.is_empty());
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

#[test]
fn keys_never_reach_debug_output_or_messages() {
    let bad = format!(
        "crypto keyring K\n pre-shared-key address 203.0.113.1 key 7 ZZ{KEY1}\ncrypto isakmp key 9 {KEY2} address 203.0.113.2\n"
    );
    for text in [IKEV1, IKEV2, bad.as_str()] {
        let m = model(text);
        let dump = format!("{:?} {:?}", m.ipsec, m.problems);
        for k in [KEY1, KEY2] {
            assert!(
                !dump.contains(k),
                "a key leaked into the model's Debug output or a message"
            );
        }
    }
    assert_eq!(model(&bad).problems.len(), 2);
}

#[test]
fn global_isakmp_key_without_policies_uses_ios_default_policies() {
    let key7 = encode_cisco7(KEY1, 5);
    let text = format!(
        "crypto isakmp key 7 {key7} address 203.0.113.50 no-xauth\n\
         crypto isakmp keepalive 15 5 periodic\n\
         crypto ipsec transform-set TS esp-3des esp-md5-hmac\n\
         crypto ipsec profile P\n set transform-set TS\n set pfs\n\
         interface Tunnel5\n tunnel destination 203.0.113.50\n tunnel protection ipsec profile P shared\n"
    );
    let m = model(&text);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let p = peer(&m, "203.0.113.50");
    assert_eq!(p.name, "isakmp key 203.0.113.50");
    assert!(known_key(p, KEY1), "global type 7 key did not decode");
    assert_eq!(p.ike_proposals, vec!["65508", "65510"]);
    let d = ike(&m, "65508");
    assert_eq!(
        (
            d.encryption.clone(),
            d.integrity.clone(),
            d.dh_groups.clone()
        ),
        (
            vec!["aes128".to_string()],
            vec!["sha1".to_string()],
            vec![5]
        )
    );
    assert!(d.span.is_empty(), "a synthesised default points at no line");
    assert_eq!(p.dpd.as_ref().map(|d| d.value), Some(15));
    // `set pfs` without a group asks for group 1; `shared` is not the profile's name.
    assert_eq!(p.pfs_group.as_ref().map(|g| g.value), Some(1));
    assert_eq!(p.interface.as_deref(), Some("Tunnel5"));
    assert_eq!(esp(&m, "TS").encryption, vec!["3des"]);
    assert_eq!(esp(&m, "TS").integrity, vec!["md5"]);
    // No `tunnel mode`: GRE, recorded as absent.
    assert!(m
        .interface("Tunnel5")
        .unwrap()
        .tunnel
        .as_ref()
        .unwrap()
        .mode
        .is_none());
}

#[test]
fn policies_without_pre_share_are_not_offered_to_psk_peers() {
    let text = "crypto isakmp policy 10\n encryption aes 256\n hash sha384\n group 20\n\
                crypto isakmp policy 20\n encryption aes 192\n authentication pre-share\n group 15\n\
                crypto keyring R\n pre-shared-key address 0.0.0.0 0.0.0.0 key wildcard.key1\n pre-shared-key address 203.0.113.60 key Host_key_123\n\
                crypto isakmp profile IP\n keyring R\n match identity address 203.0.113.60\n keepalive 20 retry 4\n";
    let m = model(text);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    // Policy 10 keeps IOS's default authentication (rsa-sig).
    assert_eq!(ike(&m, "10").dh_groups, vec![20]);
    assert_eq!(ike(&m, "10").integrity, vec!["sha2-384"]);
    let p = peer(&m, "203.0.113.60");
    assert_eq!(p.ike_proposals, vec!["20"]);
    assert_eq!(ike(&m, "20").encryption, vec!["aes192"]);
    // The host entry wins over the wildcard; the profile's keepalive over the global one.
    assert!(known_key(p, "Host_key_123"), "longest-match key not chosen");
    assert_eq!(p.dpd.as_ref().map(|d| d.value), Some(20));
    assert_eq!(p.ike_version.as_ref().map(|v| v.value), Some(1));
    assert!(p.interface.is_none());
}

#[test]
fn ikev2_only_without_tunnels_and_the_default_proposal() {
    let text = "crypto ikev2 keyring KR\n peer A\n  address 203.0.113.70\n  pre-shared-key local Same_key_001\n  pre-shared-key remote Same_key_001\n\
                crypto ikev2 profile PR\n match identity remote address 203.0.113.70 255.255.255.255\n keyring local KR\n";
    for (version, groups) in [
        ("", vec![19, 14, 21, 5]),
        ("version 17.9\n", vec![19, 14, 21, 5]),
        ("version 15.7\n", vec![5, 2]),
    ] {
        let m = model(&format!("{version}{text}"));
        assert!(m.problems.is_empty(), "{:?}", m.problems);
        let p = peer(&m, "203.0.113.70");
        assert_eq!(p.ike_version.as_ref().map(|v| v.value), Some(2));
        assert!(known_key(p, "Same_key_001"), "local key not taken");
        assert_eq!(p.ike_proposals, vec!["default"]);
        assert_eq!(ike(&m, "default").dh_groups, groups, "{version:?}");
        assert!(p.ike_lifetime.is_none());
    }
}

#[test]
fn ikev2_local_and_remote_keys_that_differ_are_a_problem() {
    let text = "crypto ikev2 keyring KR\n peer A\n  address 203.0.113.80\n  pre-shared-key local Local_key_01\n  pre-shared-key remote Remote_key_02\n\
                crypto ikev2 dpd 30 5 periodic\n\
                crypto ikev2 profile PR\n match identity remote address 203.0.113.80\n authentication local pre-share key 0 Profile_key_03\n keyring local KR\n";
    let m = model(text);
    assert_eq!(m.problems.len(), 1, "{:?}", m.problems);
    let msg = &m.problems[0].message;
    assert!(msg.contains("differ"), "{msg}");
    assert!(!msg.contains("Local_key_01") && !msg.contains("Remote_key_02"));
    assert_eq!(
        at(text, m.problems[0].span),
        "pre-shared-key remote Remote_key_02"
    );
    let p = peer(&m, "203.0.113.80");
    // The key on the profile is what IOS sends.
    assert!(known_key(p, "Profile_key_03"), "profile key not preferred");
    assert_eq!(p.dpd.as_ref().map(|d| d.value), Some(30));
}

#[test]
fn malformed_crypto_lines_become_problems() {
    let text = "crypto isakmp policy 1\n encryption aes 100\n hash sha3\n group abc\n lifetime forever\n\
                crypto keyring K\n pre-shared-key address 203.0.113.1\n pre-shared-key address 203.0.113.2 key\n pre-shared-key address 203.0.113.x key k_123456\n\
                crypto isakmp key address 203.0.113.3\n\
                crypto ikev2 proposal P\n encryption aes-cbc-128 blowfish\n group 14 x\n\
                crypto ipsec transform-set T esp-aes 256 esp-foo\n\
                crypto ipsec transform-set EMPTY\n\
                crypto ipsec transform-set AH-ONLY ah-sha-hmac\n\
                crypto ipsec profile IP\n set transform-set T MISSING\n set pfs group99\n set ikev2-profile NOPE\n\
                crypto ikev2 policy POL\n proposal GONE\n\
                interface Tunnel1\n tunnel destination 203.0.113.9\n tunnel protection ipsec profile UNDEFINED\n";
    let m = model(text);
    let lines: Vec<&str> = m.problems.iter().map(|p| at(text, p.span)).collect();
    for expected in [
        "encryption aes 100",
        "hash sha3",
        "group abc",
        "lifetime forever",
        "pre-shared-key address 203.0.113.1",
        "pre-shared-key address 203.0.113.2 key",
        "pre-shared-key address 203.0.113.x key k_123456",
        "crypto isakmp key address 203.0.113.3",
        "encryption aes-cbc-128 blowfish",
        "group 14 x",
        "crypto ipsec transform-set T esp-aes 256 esp-foo",
        "crypto ipsec transform-set EMPTY",
        "set transform-set T MISSING",
        "set pfs group99",
        "set ikev2-profile NOPE",
        "proposal GONE",
        "tunnel protection ipsec profile UNDEFINED",
    ] {
        assert!(
            lines.contains(&expected),
            "no problem for `{expected}`: {lines:?}"
        );
    }
    // AH alone is valid IOS (AWS will not take it, a rule's business): no problem.
    assert_eq!(lines.len(), 17, "{lines:?}");
    // What could be read is still there.
    assert_eq!(ike(&m, "P").encryption, vec!["aes128"]);
    assert_eq!(ike(&m, "P").dh_groups, vec![14]);
    assert_eq!(esp(&m, "T").encryption, vec!["aes256"]);
    assert_eq!(esp(&m, "AH-ONLY").encryption, vec!["null"]);
}

#[test]
fn redefinitions_replace_and_unknown_crypto_is_counted() {
    let text = "crypto ipsec transform-set T esp-aes esp-sha-hmac\n\
                crypto ipsec transform-set T esp-gcm 128\n\
                crypto pki trustpoint TP\n enrollment selfsigned\n";
    let m = model(text);
    assert_eq!(m.ipsec.ipsec_proposals.len(), 1);
    assert_eq!(esp(&m, "T").encryption, vec!["aes128-gcm-16"]);
    assert!(m.stats.unknown >= 1);
    assert!(m.ipsec.peers.is_empty());
}

#[test]
fn crypto_map_peers_policy_based() {
    let text = "crypto isakmp policy 10\n encr aes 256\n hash sha256\n authentication pre-share\n group 14\n lifetime 28800\n\
                crypto isakmp key Tunnel1_psk.example1 address 203.0.113.10\n\
                crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n mode tunnel\n\
                crypto map AWS-MAP 10 ipsec-isakmp\n set peer 203.0.113.10\n set transform-set TS\n set pfs group14\n set security-association lifetime seconds 3600\n match address 150\n\
                crypto map AWS-MAP 20 ipsec-isakmp\n set peer 203.0.113.20\n set transform-set MISSING\n set ikev2-profile PR\n\
                crypto map AWS-MAP 30 ipsec-isakmp\n set peer 203.0.113.x\n\
                interface GigabitEthernet0/0\n ip address 198.51.100.7 255.255.255.0\n crypto map AWS-MAP\n";
    let m = model(text);
    let a = peer(&m, "203.0.113.10");
    let v = a.ike_version.as_ref().unwrap();
    assert_eq!((v.value, at(text, v.span)), (1, "set peer 203.0.113.10"));
    assert!(
        known_key(a, KEY1),
        "global key not found for the crypto map peer"
    );
    assert_eq!(a.ike_proposals, vec!["10"]);
    assert_eq!(a.ipsec_proposals, vec!["TS"]);
    assert_eq!(a.pfs_group.as_ref().map(|g| g.value), Some(14));
    assert_eq!(a.ipsec_lifetime.as_ref().map(|l| l.value), Some(3600));
    assert!(a.interface.is_none());
    let b = peer(&m, "203.0.113.20");
    let v = b.ike_version.as_ref().unwrap();
    assert_eq!((v.value, at(text, v.span)), (2, "set ikev2-profile PR"));
    let msgs: Vec<(&str, &str)> = m
        .problems
        .iter()
        .map(|p| (p.message.as_str(), at(text, p.span)))
        .collect();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert!(msgs.contains(&(
        "crypto map AWS-MAP 20: no `crypto ipsec transform-set MISSING` is defined",
        "set transform-set MISSING"
    )));
    assert!(msgs.iter().any(|(_, l)| *l == "set ikev2-profile PR"));
    assert!(msgs.iter().any(|(_, l)| *l == "set peer 203.0.113.x"));
}

#[test]
fn a_block_entered_twice_merges_as_on_the_router() {
    let text = "crypto isakmp policy 10\n encr aes 256\n authentication pre-share\n\
                crypto ipsec profile P\n set transform-set T\n\
                crypto isakmp policy 10\n lifetime 3600\n\
                crypto ipsec profile P\n set pfs group14\n\
                crypto ipsec transform-set T esp-aes esp-sha-hmac\n\
                interface Tunnel1\n tunnel destination 203.0.113.10\n tunnel protection ipsec profile P\n";
    let m = model(text);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let p = ike(&m, "10");
    assert_eq!(at(text, p.span), "crypto isakmp policy 10");
    assert_eq!(p.encryption, vec!["aes256"]);
    assert_eq!(p.lifetime.as_ref().map(|l| l.value), Some(3600));
    assert_eq!(m.ipsec.ike_proposals.len(), 1);
    let a = peer(&m, "203.0.113.10");
    assert_eq!(a.ike_proposals, vec!["10"]);
    assert_eq!(a.ipsec_proposals, vec!["T"]);
    assert_eq!(a.pfs_group.as_ref().map(|g| g.value), Some(14));
}

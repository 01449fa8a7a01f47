use crate::dialect::{detect::detect, extract};
use crate::model::{Password, Vendor};
use crate::source::SourceFile;

fn model(text: &str) -> crate::model::RouterModel {
    extract(&SourceFile::new("asa.cfg", text), None).expect("detected")
}

#[test]
fn asa_is_never_read_as_ios() {
    // Each ASA-only line tips a file that is otherwise IOS-shaped.
    for marker in [
        "ASA Version 9.8(4)",
        "interface Gi0/1\n nameif outside\n security-level 0",
        "tunnel-group 192.0.2.1 type ipsec-l2l",
        "crypto ikev1 enable outside",
        "crypto ipsec ikev2 ipsec-proposal P",
        "sysopt connection tcpmss 1350",
    ] {
        let text = format!("hostname fw\n!\n{marker}\n!\nrouter bgp 65000\n");
        assert_eq!(detect(&text), Some(Vendor::CiscoAsa), "{marker}");
    }
    // One stray `nameif` among IOS interfaces (Batfish's mixed grammar tests) stays IOS.
    let mixed = "!\nhostname r\n!\ninterface Gi0/0\n nameif inside\n ip address 10.0.0.1 255.255.255.0\n!\ninterface Gi0/1\n!\ninterface Gi0/2\n!\ninterface Gi0/3\n!\ninterface Loopback0\n!\nrouter bgp 1\n!\n";
    assert_eq!(detect(mixed), Some(Vendor::CiscoIos));
    // IOS crypto stays IOS.
    let ios = "hostname r\ncrypto isakmp policy 10\n encryption aes\ncrypto ikev2 proposal P\ninterface Tunnel1\n tunnel mode ipsec ipv4\n";
    assert_eq!(detect(ios), Some(Vendor::CiscoIos));
}

#[test]
fn masked_and_encrypted_keys_are_unverifiable_and_never_kept() {
    let m = model(
        "ASA Version 9.12\ntunnel-group 192.0.2.1 type ipsec-l2l\ntunnel-group 192.0.2.1 ipsec-attributes\n ikev1 pre-shared-key *****\ntunnel-group 192.0.2.2 type ipsec-l2l\ntunnel-group 192.0.2.2 ipsec-attributes\n ikev2 local-authentication pre-shared-key 8 Q1lUUlSQZkVJdbPAPRQZRA==\n ikev2 remote-authentication pre-shared-key 8 Q1lUUlSQZkVJdbPAPRQZRA==\nrouter bgp 65000\n address-family ipv4 unicast\n  neighbor 10.0.0.1 remote-as 7224\n  neighbor 10.0.0.1 password 0 *****\n",
    );
    assert_eq!(m.ipsec.peers.len(), 2);
    for p in &m.ipsec.peers {
        assert!(
            matches!(
                p.psk.as_ref().map(|k| &k.value),
                Some(Password::Unverifiable(_))
            ),
            "{}",
            p.name
        );
    }
    let (_, n) = m.neighbors().next().unwrap();
    assert!(matches!(
        n.password.as_ref().map(|k| &k.value),
        Some(Password::Unverifiable(_))
    ));
}

#[test]
fn crypto_map_peers_names_and_defaults() {
    let m = model(
        "ASA Version 9.1\nname 192.0.2.10 AWS-T1\ncrypto ikev1 policy 5\n authentication pre-share\n hash sha\ncrypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac\ncrypto map OUT 10 match address VPN\ncrypto map OUT 10 set peer AWS-T1\ncrypto map OUT 10 set ikev1 transform-set TS\ncrypto map OUT interface outside\ntunnel-group 192.0.2.10 type ipsec-l2l\ntunnel-group 192.0.2.10 ipsec-attributes\n ikev1 pre-shared-key abcdefgh12\n",
    );
    let p = &m.ipsec.peers[0];
    assert_eq!(p.address.as_ref().unwrap().value.to_string(), "192.0.2.10");
    assert_eq!(p.ipsec_proposals, vec!["TS".to_string()]);
    assert_eq!(p.profile.as_deref(), Some("OUT 10"));
    // Keepalive on by default for L2L groups; no PFS and the default SA lifetime.
    assert_eq!(p.dpd.as_ref().unwrap().value, 10);
    assert!(p.effective_pfs(&m.ipsec).is_none());
    assert!(p.ipsec_lifetime.is_none());
    // The policy's unprinted defaults: 3DES, group 2.
    let ike = &m.ipsec.ike_proposals[0];
    assert_eq!(
        (ike.encryption.clone(), ike.dh_groups.clone()),
        (vec!["3des".to_string()], vec![2])
    );
    let esp = &m.ipsec.ipsec_proposals[0];
    assert_eq!(
        (esp.encryption.clone(), esp.integrity.clone()),
        (vec!["aes256".to_string()], vec!["sha1".to_string()])
    );
}

#[test]
fn vlan_nameif_mtu_and_gcm() {
    let m = model(
        "ASA Version 9.9\ninterface GigabitEthernet0/1.100\n vlan 100\n nameif dx\n security-level 0\n ip address 169.254.1.2 255.255.255.252 standby 169.254.1.3\nmtu dx 9000\ncrypto ikev2 policy 1\n encryption aes-gcm-256 aes-gcm\n integrity null\n group 20 14\n prf sha384\n lifetime seconds 28800\n",
    );
    let i = m.interface("GigabitEthernet0/1.100").unwrap();
    assert_eq!(i.vlan.as_ref().unwrap().value.outer, 100);
    assert_eq!(i.mtu.as_ref().unwrap().value, 9000);
    assert_eq!(i.addresses.len(), 1);
    let p = &m.ipsec.ike_proposals[0];
    assert_eq!(p.encryption, vec!["aes256-gcm-16", "aes128-gcm-16"]);
    assert!(p.integrity.is_empty());
    assert_eq!(p.dh_groups, vec![20, 14]);
    assert_eq!(p.lifetime.as_ref().unwrap().value, 28800);
}

#[test]
fn bgp_fixes_go_under_the_address_family() {
    let m = model("ASA Version 9.9\nrouter bgp 65000\n address-family ipv4 unicast\n  neighbor 10.0.0.1 remote-as 7224\n");
    let fix = crate::dialect::render_fix(
        &crate::fix::Fix::Timers {
            neighbor: "10.0.0.1".parse().unwrap(),
            keepalive: 10,
            hold: 30,
        },
        &m,
    );
    assert_eq!(
        fix,
        "router bgp 65000\n address-family ipv4 unicast\n  neighbor 10.0.0.1 timers 10 30"
    );
}

#[test]
fn differing_ikev2_keys_are_a_problem_without_the_keys() {
    let m = model(
        "ASA Version 9.12\ntunnel-group 192.0.2.1 type ipsec-l2l\ntunnel-group 192.0.2.1 ipsec-attributes\n ikev2 remote-authentication pre-shared-key KeyOne.12345\n ikev2 local-authentication pre-shared-key KeyTwo.12345\n",
    );
    assert_eq!(m.problems.len(), 1, "{:?}", m.problems);
    let msg = &m.problems[0].message;
    assert!(
        msg.contains("differ") && !msg.contains("KeyOne") && !msg.contains("KeyTwo"),
        "{msg}"
    );
}

#[test]
fn bare_prefix_lists_filter_what_is_advertised() {
    let m = model(
        "ASA Version 9.12\nprefix-list TO-AWS seq 5 permit 10.10.0.0/16\nrouter bgp 65010\n address-family ipv4 unicast\n  neighbor 169.254.10.1 remote-as 64512\n  neighbor 169.254.10.1 activate\n  neighbor 169.254.10.1 prefix-list TO-AWS out\n  network 10.10.0.0 mask 255.255.0.0\n  network 10.99.0.0 mask 255.255.0.0\n exit-address-family\n",
    );
    let (_, n) = m.neighbors().next().unwrap();
    let adv = &n.family(crate::model::Afi::Ipv4).unwrap().advertised;
    assert_eq!(adv.prefixes.len(), 1, "{adv:?}");
    assert_eq!(adv.prefixes[0].value.to_string(), "10.10.0.0/16");
}

#[test]
fn ikev2_needs_crypto_ikev2_enable() {
    let base = "ASA Version 9.12\ninterface Tunnel1\n nameif t1\n ip address 169.254.10.2 255.255.255.252\n tunnel destination 192.0.2.1\n tunnel mode ipsec ipv4\n tunnel protection ipsec profile P\ncrypto ipsec ikev2 ipsec-proposal E\n protocol esp encryption aes\ncrypto ipsec ikev1 transform-set T esp-aes esp-sha-hmac\ncrypto ipsec profile P\n set ikev2 ipsec-proposal E\n set ikev1 transform-set T\ntunnel-group 192.0.2.1 type ipsec-l2l\ntunnel-group 192.0.2.1 ipsec-attributes\n ikev1 pre-shared-key abcdefgh12\n ikev2 local-authentication pre-shared-key abcdefgh12\n ikev2 remote-authentication pre-shared-key abcdefgh12\n";
    let version = |extra: &str| {
        let m = model(&format!("{base}{extra}"));
        m.ipsec.peers[0].ike_version.as_ref().unwrap().value
    };
    assert_eq!(
        version("crypto ikev1 enable outside\ncrypto ikev2 enable outside\n"),
        2
    );
    assert_eq!(version("crypto ikev1 enable outside\n"), 1);
}

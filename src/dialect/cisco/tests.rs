use super::*;
use crate::model::{Afi, Password, RemoteAs};
use std::net::IpAddr;

fn model(text: &str) -> RouterModel {
    extract(&SourceFile::new("t.cfg", text), Vendor::CiscoIos)
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[test]
fn subinterface_vlan_comes_from_encapsulation_not_the_name() {
    let m = model("interface Gi0/1.200\n encapsulation dot1Q 101\n ip address 169.254.1.2 255.255.255.252\n ip mtu 9001\n mtu 1500\n");
    let i = m.interface("Gi0/1.200").unwrap();
    assert_eq!(i.vlan.as_ref().unwrap().value.outer, 101);
    assert_eq!(i.parent.as_deref(), Some("Gi0/1"));
    assert_eq!(i.addresses[0].net.to_string(), "169.254.1.2/30");
    // ip mtu may not exceed mtu: the L2 payload bounds it.
    assert_eq!(i.mtu.as_ref().unwrap().value, 1500);
}

#[test]
fn qinq_secondary_cidr_ipv6_shutdown_vrf() {
    let m = model("interface Te0/0/0.7\r\n encapsulation dot1q 100 second-dot1q 7\r\n vrf forwarding CUST\r\n ip address 10.0.0.1/30\r\n ip address 10.9.0.1 255.255.255.0 secondary\r\n ipv6 address 2001:db8::6/125\r\n\tshutdown\r\n");
    let i = m.interface("Te0/0/0.7").unwrap();
    let v = i.vlan.as_ref().unwrap().value;
    assert_eq!((v.outer, v.inner), (100, Some(7)));
    assert_eq!(i.vrf.as_deref(), Some("CUST"));
    assert_eq!(i.addresses.len(), 3);
    assert!(i.addresses[1].secondary);
    assert!(i.disabled.is_some());
}

#[test]
fn malformed_relevant_lines_become_problems() {
    let m = model("interface Gi1.5\n encapsulation dot1Q 5000\n ip address 10.0.0.1 255.0.255.0\nrouter bgp 65000\n neighbor 10.0.0.2 remote-as abc\n neighbor 10.0.0.2 password 7 XYZ1\n");
    let msgs: Vec<&str> = m.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(msgs.len(), 4, "{msgs:?}");
    assert!(msgs[0].contains("5000"));
    assert!(msgs.iter().any(|s| s.contains("remote-as abc")));
}

#[test]
fn bgp_asdot_peer_groups_templates_and_passwords() {
    let text = "router bgp 1.10\n template peer-session AWS\n  remote-as 64512\n  password 0 key one  \n  timers 10 30\n exit-peer-session\n template peer-policy OUT\n  prefix-list TO-AWS out\n exit-peer-policy\n neighbor G peer-group\n neighbor G remote-as 7224\n neighbor G local-as 65010 no-prepend replace-as\n neighbor 169.254.1.1 inherit peer-session AWS\n neighbor 169.254.1.1 inherit peer-policy OUT\n neighbor 169.254.2.1 peer-group G\n neighbor 169.254.2.1 password 7 0822455D0A16\n neighbor 169.254.3.1 remote-as 65001\n neighbor 169.254.3.1 password 6 ABCDEF\n neighbor 169.254.3.1 ebgp-multihop 2\n neighbor 169.254.3.1 shutdown\n";
    let m = model(text);
    assert_eq!(m.bgp[0].local_as.as_ref().unwrap().value, 65546);
    let n1 = m
        .neighbors()
        .find(|(_, n)| n.addr == ip("169.254.1.1"))
        .unwrap()
        .1;
    assert_eq!(
        n1.remote_as.as_ref().unwrap().value,
        RemoteAs::Number(64512)
    );
    assert_eq!(n1.timers.as_ref().unwrap().value.hold, 30);
    match &n1.password.as_ref().unwrap().value {
        // IOS keeps trailing spaces of a password as part of the key.
        Password::Known(s) => assert_eq!(s, &crate::secret::Secret::new("key one  ")),
        other => panic!("{other:?}"),
    }
    let n2 = m
        .neighbors()
        .find(|(_, n)| n.addr == ip("169.254.2.1"))
        .unwrap()
        .1;
    assert_eq!(n2.remote_as.as_ref().unwrap().value, RemoteAs::Number(7224));
    assert_eq!(n2.rare().local_as.as_ref().unwrap().value, 65010);
    assert_eq!(n2.group.as_deref(), Some("G"));
    match &n2.password.as_ref().unwrap().value {
        Password::Known(s) => assert_eq!(s, &crate::secret::Secret::new("cisco")),
        other => panic!("{other:?}"),
    }
    let n3 = m
        .neighbors()
        .find(|(_, n)| n.addr == ip("169.254.3.1"))
        .unwrap()
        .1;
    assert!(matches!(
        n3.password.as_ref().unwrap().value,
        Password::Unverifiable(_)
    ));
    assert_eq!(n3.rare().ebgp_multihop.as_ref().unwrap().value, 2);
    assert!(n3.rare().shutdown.is_some());
}

#[test]
fn activation_and_advertisement_counting() {
    let text = "interface Gi1.101\n encapsulation dot1Q 101\n ip address 169.254.1.2 255.255.255.252\nrouter bgp 65010\n no bgp default ipv4-unicast\n neighbor 169.254.1.1 remote-as 64512\n neighbor 2001:db8::1 remote-as 64512\n neighbor 169.254.9.1 remote-as 64512\n address-family ipv4\n  network 10.1.0.0 mask 255.255.0.0\n  network 10.2.0.0 mask 255.255.0.0\n  network 10.3.0.0 mask 255.255.0.0\n  redistribute static route-map STATIC\n  neighbor 169.254.1.1 activate\n  neighbor 169.254.1.1 route-map OUT out\n  neighbor 169.254.9.1 activate\n  neighbor 169.254.9.1 default-originate\n exit-address-family\n address-family ipv6\n  redistribute ospf 1\n  neighbor 2001:db8::1 activate\n exit-address-family\n!\nip prefix-list P1 seq 5 permit 10.1.0.0/16\nip prefix-list P1 seq 10 permit 10.2.0.0/16\nip prefix-list P1 seq 15 permit 172.16.0.0/12 le 24\nroute-map OUT permit 10\n match ip address prefix-list P1\nroute-map STATIC permit 10\n match ip address prefix-list P1\nip route 172.16.5.0 255.255.255.0 Null0\nip route 192.168.0.0 255.255.0.0 Null0\n";
    let m = model(text);
    let get = |a: &str| m.neighbors().find(|(_, n)| n.addr == ip(a)).unwrap().1;
    let n1 = get("169.254.1.1");
    let f = n1.family(Afi::Ipv4).unwrap();
    assert!(f.activated.is_some());
    let adv: Vec<String> = f
        .advertised
        .prefixes
        .iter()
        .map(|p| p.value.to_string())
        .collect();
    // 10.3/16 is filtered out; the static 172.16.5/24 passes the route-map; 192.168/16 does not.
    assert_eq!(adv, vec!["10.1.0.0/16", "10.2.0.0/16", "172.16.5.0/24"]);
    assert!(f.advertised.unbounded.is_none());
    let n9 = get("169.254.9.1");
    assert!(n9
        .family(Afi::Ipv4)
        .unwrap()
        .advertised
        .default_originate
        .is_some());
    assert_eq!(n9.family(Afi::Ipv4).unwrap().advertised.prefixes.len(), 4);
    let v6 = get("2001:db8::1");
    assert!(v6.family(Afi::Ipv4).unwrap().activated.is_none());
    let f6 = v6.family(Afi::Ipv6).unwrap();
    assert!(f6.activated.is_some());
    assert!(f6
        .advertised
        .unbounded
        .as_ref()
        .unwrap()
        .value
        .contains("ospf"));
}

#[test]
fn default_ipv4_unicast_activates_and_vrf_neighbors_get_their_own_process() {
    let text = "router bgp 65010\n neighbor 169.254.1.1 remote-as 64512\n address-family ipv4 vrf CUST\n  neighbor 169.254.5.1 remote-as 64512\n  neighbor 169.254.5.1 activate\n exit-address-family\n";
    let m = model(text);
    assert_eq!(m.bgp.len(), 2);
    assert_eq!(m.bgp[1].vrf.as_deref(), Some("CUST"));
    assert!(m.bgp[0].neighbors[0]
        .family(Afi::Ipv4)
        .unwrap()
        .activated
        .is_some());
    assert_eq!(m.bgp[1].neighbors[0].addr, ip("169.254.5.1"));
}

#[test]
fn unindented_pasted_snippets_attach_to_their_section() {
    let text = "interface Vlan101\nip address 169.254.1.2/30\nno shutdown\nrouter bgp 65010\nneighbor 169.254.1.1 remote-as 64512\nneighbor 169.254.1.1 password 0 abcdefgh\nhostname r9\n";
    let m = model(text);
    let i = m.interface("Vlan101").unwrap();
    assert_eq!(i.vlan.as_ref().unwrap().value.outer, 101);
    assert_eq!(i.addresses.len(), 1);
    assert_eq!(m.neighbor_count(), 1);
    assert!(m.bgp[0].neighbors[0].password.is_some());
    assert_eq!(m.hostname.as_deref(), Some("r9"));
}

#[test]
fn nxos_neighbor_blocks_and_placeholders() {
    let text = "router bgp 65010\n  neighbor 169.254.1.1 remote-as 64512\n    password 0 abcdefgh\n    address-family ipv4 unicast\n      prefix-list OUT out\nrouter bgp CUSTOMER_ASN\n";
    let m = model(text);
    let n = &m.bgp[0].neighbors[0];
    assert!(n.password.is_some());
    assert!(n.family(Afi::Ipv4).unwrap().activated.is_some());
    assert!(m
        .problems
        .iter()
        .any(|p| p.message.contains("CUSTOMER_ASN")));
}

#[test]
fn bang_comments_suppress_the_next_line() {
    let text = "router bgp 65010\n ! dxlint-disable DX603,DX605 AWS asked for 30s\n neighbor 169.254.100.1 timers 10 30\n neighbor 169.254.100.1 remote-as 64512\n! dxlint-disable-file DX706\n! an ordinary comment\n";
    let m = model(text);
    assert_eq!(m.suppressions.len(), 2);
    let s = &m.suppressions[0];
    assert_eq!(s.rules, vec!["DX603", "DX605"]);
    assert_eq!(s.reason, "AWS asked for 30s");
    let t = s.target.unwrap();
    assert_eq!(
        &text[t.start()..t.end()],
        "neighbor 169.254.100.1 timers 10 30"
    );
    assert_eq!(m.suppressions[1].target, None);
    assert_eq!(m.suppressions[1].rules, vec!["DX706"]);
}

/// The peer lookup's shortcut (the peer after the last one) must find what the name index
/// finds: across VRFs, and not at all once a peer-group shares a neighbor's name.
#[test]
fn neighbor_lines_in_turn_reach_the_right_peer() {
    let text = "router bgp 65000\n neighbor 10.0.0.1 remote-as 1\n neighbor 10.0.0.2 remote-as 2\n address-family ipv4 vrf A\n  neighbor 10.0.0.1 remote-as 3\n  neighbor 10.0.0.2 remote-as 4\n exit-address-family\n address-family ipv4\n  neighbor 10.0.0.1 maximum-prefix 11\n  neighbor 10.0.0.2 maximum-prefix 12\n address-family ipv4 vrf A\n  neighbor 10.0.0.1 maximum-prefix 13\n  neighbor 10.0.0.2 maximum-prefix 14\n";
    let m = model(text);
    let mut got: Vec<(Option<String>, String, u32, u32)> = Vec::new();
    for p in &m.bgp {
        for n in &p.neighbors {
            let max = n.family(Afi::Ipv4).unwrap().maximum_prefix.as_ref();
            let RemoteAs::Number(asn) = n.remote_as.as_ref().unwrap().value else {
                panic!("remote-as")
            };
            got.push((p.vrf.clone(), n.addr.to_string(), asn, max.unwrap().value));
        }
    }
    got.sort();
    let a = Some("A".to_string());
    assert_eq!(
        got,
        vec![
            (None, "10.0.0.1".into(), 1, 11),
            (None, "10.0.0.2".into(), 2, 12),
            (a.clone(), "10.0.0.1".into(), 3, 13),
            (a, "10.0.0.2".into(), 4, 14),
        ]
    );
    // A peer-group named like a neighbor catches that name in every VRF (the first peer of
    // the name wins): the VRF neighbor right after it must not take the line.
    let text = "router bgp 65000\n neighbor 10.0.0.1 remote-as 1\n address-family ipv4 vrf V\n  neighbor 10.0.0.1 remote-as 2\n exit-address-family\n neighbor 10.0.0.1 peer-group\n neighbor 10.0.0.1 description g\n address-family ipv4 vrf V\n  neighbor 10.0.0.1 maximum-prefix 7\n";
    let m = model(text);
    let v = m
        .bgp
        .iter()
        .find(|p| p.vrf.as_deref() == Some("V"))
        .unwrap();
    assert_eq!(v.neighbors.len(), 1);
    let fam = v.neighbors[0].family(Afi::Ipv4).unwrap();
    assert!(fam.maximum_prefix.is_none());
}

/// The first two words by bytes equal `split_whitespace`'s, Unicode blanks included.
#[test]
fn continuation_words_split_like_split_whitespace() {
    for line in [
        "",
        "ip address 10.0.0.1/30",
        "  no   shutdown  ",
        "interface Gi1",
        "ip\u{a0}address x",
        "mtu\t9000",
        "x\u{b}y z",
        "é è",
        "one",
        "description a\u{3000}b",
    ] {
        let mut w = line.split_whitespace();
        let want = (w.next().unwrap_or(""), w.next().unwrap_or(""));
        assert_eq!(first_two_words(line), want, "{line:?}");
    }
    assert!(continues_section("interface Gi1", "ip address 10.0.0.1/30"));
    assert!(!continues_section("interface Gi1", "ip\u{a0}route x"));
    assert!(continues_section("router bgp 1", "no neighbor 1.1.1.1"));
}

/// What the shared policy engine changed for IOS, each pinned: the connected routes a
/// down interface or an IPv6 link-local address does not have, and a dynamic source
/// redistributed through a route-map that does not exist (nothing, as for connected).
#[test]
fn redistribution_through_the_shared_engine() {
    let text = "interface Gi0/1
 ip address 10.1.0.1 255.255.255.0
 ipv6 address FE80::1 link-local
 ipv6 address 2001:db8:1::1/64
interface Gi0/2
 ip address 10.2.0.1 255.255.255.0
 shutdown
interface Gi0/3
 shutdown
interface Gi0/3.100
 encapsulation dot1Q 100
 ip address 10.3.0.1 255.255.255.0
router bgp 65000
 neighbor 169.254.1.1 remote-as 64512
 address-family ipv4
  redistribute connected
  redistribute eigrp 10 route-map NOPE
  neighbor 169.254.1.1 activate
 address-family ipv6
  redistribute connected
  neighbor 169.254.1.1 activate
";
    let m = model(text);
    let n = &m.bgp[0].neighbors[0];
    let list = |afi| -> Vec<String> {
        let f = n.family(afi).unwrap();
        f.advertised
            .prefixes
            .iter()
            .map(|p| p.value.to_string())
            .collect()
    };
    assert_eq!(list(Afi::Ipv4), ["10.1.0.0/24"]);
    assert_eq!(list(Afi::Ipv6), ["2001:db8:1::/64"]);
    assert!(n.family(Afi::Ipv4).unwrap().advertised.unbounded.is_none());
    // With no route-map, the same source cannot be counted.
    let m = model(&text.replace(" route-map NOPE", ""));
    let u = m.bgp[0].neighbors[0]
        .family(Afi::Ipv4)
        .unwrap()
        .advertised
        .unbounded
        .clone();
    assert!(u.unwrap().value.contains("without a route-map"));
}

/// Undefined names in outbound filters, as each platform's profile says: IOS filters
/// nothing through an undefined prefix-list and matches every route with a route-map
/// `match` on one; FRR sends nothing in both cases (the oracle's real FRR,
/// `undefined-prefix-list-out` and `route-map-undefined-list`).
#[test]
fn undefined_names_in_outbound_filters_follow_the_platform() {
    let config = |filter: &str| {
        format!(
            "router bgp 65000
 neighbor 169.254.1.1 remote-as 64512
 address-family ipv4 unicast
  network 10.1.0.0/24
  network 10.2.0.0/24
  neighbor 169.254.1.1 activate
  {filter}
 exit-address-family
!
route-map OUT permit 10
 match ip address prefix-list NOPE
!
"
        )
    };
    let sent = |vendor, filter: &str| {
        let m = extract(&SourceFile::new("r.cfg", config(filter)), vendor);
        let f = m.bgp[0].neighbors[0].family(Afi::Ipv4).unwrap();
        let why = f.advertised.withheld.as_ref().map(|w| w.value.clone());
        (f.advertised.prefixes.len(), why)
    };
    let list = "neighbor 169.254.1.1 prefix-list NOPE out";
    let map = "neighbor 169.254.1.1 route-map OUT out";
    assert_eq!(sent(Vendor::CiscoIos, list), (2, None));
    assert_eq!(sent(Vendor::CiscoIos, map), (2, None));
    let (n, why) = sent(Vendor::Frr, list);
    assert_eq!(n, 0);
    assert!(why.unwrap().contains("prefix-list NOPE is not defined"));
    assert_eq!(sent(Vendor::Frr, map).0, 0);
    // A route-map that does not exist sends nothing on both, and says so.
    let (n, why) = sent(Vendor::CiscoIos, "neighbor 169.254.1.1 route-map GONE out");
    assert_eq!(n, 0);
    assert!(why.unwrap().contains("route-map GONE is not defined"));
}

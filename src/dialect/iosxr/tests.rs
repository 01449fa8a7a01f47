use super::*;
use crate::model::{Afi, Password, RemoteAs};

fn model(text: &str) -> RouterModel {
    extract(&SourceFile::new("r.cfg", text))
}

#[test]
fn reads_nested_neighbors_and_groups() {
    let m = model(
        "router bgp 65010\n neighbor-group AWS\n  remote-as 64512\n  timers 10 30\n  address-family ipv4 unicast\n   route-policy OUT out\n  !\n !\n neighbor 169.254.1.1\n  use neighbor-group AWS\n  password encrypted 0822455D0A16\n !\n!\nroute-policy OUT\n  pass\nend-policy\n",
    );
    let (_, n) = m.neighbors().next().unwrap();
    assert_eq!(n.remote_as.as_ref().unwrap().value, RemoteAs::Number(64512));
    assert_eq!(n.timers.as_ref().unwrap().value.hold, 30);
    match &n.password.as_ref().unwrap().value {
        Password::Known(s) => assert!(s.eq_trimmed(&crate::secret::Secret::new("cisco"))),
        other => panic!("{other:?}"),
    }
    assert!(n.family(Afi::Ipv4).unwrap().activated.is_some());
    assert!(n.family(Afi::Ipv6).unwrap().activated.is_none());
}

#[test]
fn l2_mtu_becomes_l3() {
    let m = model(
        "interface Bundle-Ether1\n mtu 9216\n!\ninterface Bundle-Ether1.101\n ipv4 address 169.254.1.2 255.255.255.252\n encapsulation dot1q 101\n!\ninterface Bundle-Ether1.102\n mtu 1518\n encapsulation dot1q 102\n!\ninterface Gi0/0/0/1.103\n encapsulation dot1q 103 second-dot1q 7\n mtu 9999\n",
    );
    let mtu = |n: &str| m.effective_mtu(m.interface(n).unwrap()).0;
    assert_eq!(mtu("Bundle-Ether1"), 9202);
    assert_eq!(mtu("Bundle-Ether1.101"), 9202);
    assert_eq!(mtu("Bundle-Ether1.102"), 1500);
    // No parent block: its own value, less the header and two tags.
    assert_eq!(mtu("Gi0/0/0/1.103"), 9999 - 14 - 8);
    let v = m
        .interface("Bundle-Ether1.101")
        .unwrap()
        .vlan
        .as_ref()
        .unwrap()
        .value;
    assert_eq!(v.outer, 101);
}

/// Through the shared policy engine a redistributed IGP is bounded by its route-policy
/// when the policy passes a finite list (before, any `redistribute ospf` was unbounded),
/// and a shut-down interface offers no connected route.
#[test]
fn redistribution_through_the_shared_engine() {
    let text = "interface GigabitEthernet0/0/0/1
 ipv4 address 10.1.0.1 255.255.255.0
!
interface GigabitEthernet0/0/0/2
 ipv4 address 10.2.0.1 255.255.255.0
 shutdown
!
prefix-set FROM-OSPF
  10.9.0.0/16
end-set
!
route-policy OSPF-IN
  if destination in FROM-OSPF then
    pass
  endif
end-policy
!
router bgp 65010
 address-family ipv4 unicast
  redistribute connected
  redistribute ospf 1 route-policy OSPF-IN
 !
 neighbor 10.0.0.2
  remote-as 65010
  address-family ipv4 unicast
  !
 !
!
";
    let m = model(text);
    let f = m.bgp[0].neighbors[0].family(Afi::Ipv4).unwrap();
    let list: Vec<String> = f
        .advertised
        .prefixes
        .iter()
        .map(|p| p.value.to_string())
        .collect();
    assert_eq!(list, ["10.1.0.0/24", "10.9.0.0/16"]);
    assert!(f.advertised.unbounded.is_none());
    let m = model(&text.replace(" route-policy OSPF-IN", ""));
    let f = m.bgp[0].neighbors[0].family(Afi::Ipv4).unwrap();
    let why = &f.advertised.unbounded.as_ref().unwrap().value;
    assert!(why.contains("without a route-policy"), "{why}");
}

/// XR's levels through the shared resolver: the neighbor, the session-group it uses, its
/// neighbor-group, then the session-groups those use; `inheritance-disable` and `bfd
/// fast-detect disable` at a level stop what later levels say.
#[test]
fn session_levels_resolve_through_the_shared_rule() {
    let text = "router bgp 65010
 session-group S
  bfd fast-detect disable
  local-as 65099
 !
 neighbor-group G
  remote-as 64512
  password clear k3y
  bfd fast-detect
  timers 10 30
 !
 neighbor 169.254.1.1
  use session-group S
  use neighbor-group G
 !
 neighbor 169.254.2.1
  use neighbor-group G
  password inheritance-disable
 !
!
";
    let m = model(text);
    let n1 = &m.bgp[0].neighbors[0];
    assert!(n1.bfd.is_none(), "the session-group's disable comes first");
    assert!(n1.password.is_some());
    assert_eq!(n1.timers.as_ref().unwrap().value.hold, 30);
    let local_as = n1.rare().local_as.as_ref().unwrap();
    assert_eq!(local_as.value, 65099);
    assert_eq!(
        &text[local_as.span.start()..local_as.span.end()],
        "local-as 65099"
    );
    let n2 = &m.bgp[0].neighbors[1];
    assert!(n2.password.is_none(), "inheritance-disable on the neighbor");
    assert!(n2.bfd.is_some());
    assert_eq!(
        n2.remote_as.as_ref().map(|r| r.value),
        Some(RemoteAs::Number(64512))
    );
}

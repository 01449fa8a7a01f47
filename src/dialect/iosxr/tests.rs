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

use crate::dialect::{detect::detect, extract};
use crate::model::{Password, Vendor};
use crate::source::SourceFile;

fn model(text: &str) -> crate::model::RouterModel {
    extract(&SourceFile::new("fgt.conf", text), Some(Vendor::Fortios)).expect("reads")
}

#[test]
fn detected_by_header_or_sections() {
    assert_eq!(
        detect("#config-version=FGT60F-7.2.5-FW-build1517:opmode=0:vdom=0\nconfig system global\nend\n"),
        Some(Vendor::Fortios)
    );
    assert_eq!(
        detect("config router bgp\n    set as 65000\nend\n"),
        Some(Vendor::Fortios)
    );
}

#[test]
fn vlan_and_tunnel_interfaces() {
    let m = model(
        "config system interface\n    edit \"dx-vif\"\n        set vdom \"root\"\n        set ip 169.254.1.2 255.255.255.252\n        set interface \"port1\"\n        set vlanid 101\n        set mtu-override enable\n        set mtu 9000\n    next\n    edit \"t1\"\n        set ip 169.254.9.2 255.255.255.255\n        set type tunnel\n        set remote-ip 169.254.9.1\n        set interface \"wan1\"\n    next\nend\nconfig vpn ipsec phase1-interface\n    edit \"t1\"\n        set interface \"wan1\"\n        set ike-version 2\n        set proposal aes256gcm-prfsha384 aes128-sha256\n        set dhgrp 20 14\n        set remote-gw 192.0.2.9\n        set psksecret ENC pX9rWq2LmZ0vK7uT4sY1bN6cD3eF8gH5\n        set dpd disable\n    next\nend\nconfig vpn ipsec phase2-interface\n    edit \"t1-p2\"\n        set phase1name \"t1\"\n        set proposal aes256gcm\n        set pfs disable\n    next\nend\n",
    );
    let vif = m.interface("dx-vif").unwrap();
    assert_eq!(vif.vlan.as_ref().unwrap().value.outer, 101);
    assert_eq!(vif.parent.as_deref(), Some("port1"));
    assert_eq!(vif.mtu.as_ref().unwrap().value, 9000);
    let t = m.interface("t1").unwrap();
    assert_eq!(t.addresses[0].net.to_string(), "169.254.9.2/30");
    let tun = t.tunnel.as_ref().unwrap();
    assert_eq!(
        tun.destination.as_ref().unwrap().value.to_string(),
        "192.0.2.9"
    );
    let p = &m.ipsec.peers[0];
    assert_eq!(p.ike_version.as_ref().unwrap().value, 2);
    assert!(p.dpd.is_none());
    assert!(matches!(
        p.psk.as_ref().unwrap().value,
        Password::Unverifiable(_)
    ));
    let ike: Vec<_> = m
        .ipsec
        .ike_proposals
        .iter()
        .map(|x| {
            (
                x.encryption.clone(),
                x.integrity.clone(),
                x.dh_groups.clone(),
            )
        })
        .collect();
    assert_eq!(
        ike,
        vec![
            (vec!["aes256-gcm-16".to_string()], vec![], vec![20, 14]),
            (
                vec!["aes128".to_string()],
                vec!["sha2-256".to_string()],
                vec![20, 14]
            ),
        ]
    );
    assert_eq!(p.ipsec_proposals, vec!["t1-p2 aes256gcm".to_string()]);
    let esp = &m.ipsec.ipsec_proposals[0];
    assert_eq!(esp.pfs_group, None);
    assert!(esp.lifetime.is_none());
}

#[test]
fn bgp_sections_merge_and_prefix_lists_count() {
    let m = model(
        "config router prefix-list\n    edit \"OUT\"\n        config rule\n            edit 1\n                set prefix 10.1.0.0 255.255.0.0\n            next\n        end\n    next\nend\nconfig router bgp\n    set as 65001\n    set holdtime-timer 30\n    config neighbor\n        edit \"169.254.9.1\"\n            set remote-as 64512\n        next\n    end\nend\nconfig router bgp\n    config neighbor\n        edit \"169.254.9.1\"\n            set password ENC abcdefghijklmnop\n            set prefix-list-out \"OUT\"\n        next\n    end\n    config network\n        edit 1\n            set prefix 10.1.0.0 255.255.0.0\n        next\n        edit 2\n            set prefix 10.2.0.0/16\n        next\n    end\nend\n",
    );
    assert_eq!(m.bgp.len(), 1);
    let p = &m.bgp[0];
    assert_eq!(p.local_as.as_ref().unwrap().value, 65001);
    assert_eq!(p.timers.as_ref().unwrap().value.hold, 30);
    assert_eq!(p.neighbors.len(), 1);
    let n = &p.neighbors[0];
    assert!(matches!(
        n.password.as_ref().unwrap().value,
        Password::Unverifiable(_)
    ));
    let adv = &n.families[0].advertised;
    assert_eq!(adv.prefixes.len(), 1, "10.2.0.0/16 is filtered out");
    assert!(adv.unbounded.is_none());
}

#[test]
fn a_different_remote_key_is_a_problem_without_the_keys() {
    let m = model(
        "config vpn ipsec phase1-interface\n    edit \"t1\"\n        set ike-version 2\n        set remote-gw 192.0.2.9\n        set psksecret KeyOne.12345\n        set psksecret-remote KeyTwo.12345\n    next\nend\n",
    );
    assert_eq!(m.problems.len(), 1);
    let msg = &m.problems[0].message;
    assert!(!msg.contains("KeyOne") && !msg.contains("KeyTwo"), "{msg}");
}

#[test]
fn multi_vdom_sections_are_read() {
    let m = model(
        "config vdom\nedit root\nnext\nend\nconfig global\nconfig system global\n    set hostname \"fw\"\nend\nend\nconfig vdom\nedit root\nconfig system interface\n    edit \"port1\"\n        set vdom \"root\"\n        set ip 198.51.100.7 255.255.255.0\n    next\nend\nconfig router bgp\n    set as 65010\n    config neighbor\n        edit \"169.254.10.1\"\n            set remote-as 64512\n        next\n    end\nend\nnext\nend\n",
    );
    assert_eq!(m.hostname.as_deref(), Some("fw"));
    assert_eq!(m.interfaces.len(), 1);
    assert_eq!(m.neighbor_count(), 1);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

/// Through the shared policy engine: `redistribute "connected"` offers the interfaces'
/// subnets (it counted as unbounded before), a route-map's rules are evaluated in order
/// (deny rules included), and an IGP through a route-map of exact prefixes is bounded.
#[test]
fn redistribution_and_route_maps_through_the_shared_engine() {
    let text = "config system interface
    edit \"port1\"
        set ip 10.1.0.1 255.255.255.0
    next
    edit \"port2\"
        set ip 10.2.0.1 255.255.255.0
    next
end
config router prefix-list
    edit \"LAN2\"
        config rule
            edit 1
                set prefix 10.2.0.0 255.255.255.0
            next
        end
    next
    edit \"OSPF\"
        config rule
            edit 1
                set prefix 10.9.0.0 255.255.0.0
            next
        end
    next
end
config router route-map
    edit \"OUT\"
        config rule
            edit 1
                set action deny
                set match-ip-address \"LAN2\"
            next
            edit 2
            next
        end
    next
    edit \"FROM-OSPF\"
        config rule
            edit 1
                set match-ip-address \"OSPF\"
            next
        end
    next
end
config router bgp
    set as 65001
    config neighbor
        edit \"169.254.9.1\"
            set remote-as 64512
            set route-map-out \"OUT\"
        next
    end
    config redistribute \"connected\"
        set status enable
    end
    config redistribute \"ospf\"
        set status enable
        set route-map \"FROM-OSPF\"
    end
end
";
    let m = model(text);
    let adv = &m.bgp[0].neighbors[0].families[0].advertised;
    let list: Vec<String> = adv.prefixes.iter().map(|p| p.value.to_string()).collect();
    assert_eq!(list, ["10.1.0.0/24", "10.9.0.0/16"]);
    assert!(adv.unbounded.is_none());
    let m = model(&text.replace("        set route-map \"FROM-OSPF\"\n", ""));
    let adv = &m.bgp[0].neighbors[0].families[0].advertised;
    assert!(adv
        .unbounded
        .as_ref()
        .unwrap()
        .value
        .contains("redistribute ospf"));
}

use crate::dialect::{detect::detect, extract};
use crate::model::{Password, Vendor};
use crate::source::SourceFile;

fn model(text: &str) -> crate::model::RouterModel {
    extract(&SourceFile::new("pa.txt", text), None).expect("detected")
}

#[test]
fn detected_in_both_forms_not_as_junos() {
    assert_eq!(
        detect("set deviceconfig system hostname pa\nset network interface ethernet ethernet1/1 layer3 ip 10.0.0.1/24\n"),
        Some(Vendor::Panos)
    );
    assert_eq!(
        detect("network {\n  virtual-router default {\n    protocol {\n      bgp {\n        peer-group G {\n          peer P {\n            peer-as 65000;\n          }\n        }\n      }\n    }\n  }\n}\n"),
        Some(Vendor::Panos)
    );
    // Junos set and curly stay Junos.
    assert_eq!(
        detect("set protocols bgp group AWS neighbor 169.254.1.1 peer-as 64512\nset routing-options autonomous-system 65000\n"),
        Some(Vendor::Junos)
    );
}

#[test]
fn units_tags_gateways_and_encrypted_keys() {
    let m = model(
        "set network interface ethernet ethernet1/3 layer3 units ethernet1/3.101 tag 101\n\
         set network interface ethernet ethernet1/3 layer3 units ethernet1/3.101 ip 169.254.1.2/30\n\
         set network interface ethernet ethernet1/3 layer3 units ethernet1/3.101 mtu 9000\n\
         set network ike gateway GW authentication pre-shared-key key -AQ==c2VjcmV0c2VjcmV0c2VjcmV0Cg==\n\
         set network ike gateway GW protocol version ikev2\n\
         set network ike gateway GW protocol ikev2 ike-crypto-profile P2 dpd enable no\n\
         set network ike gateway GW peer-address ip 192.0.2.1\n\
         set network virtual-router vr1 protocol bgp local-as 65001\n\
         set network virtual-router vr1 protocol bgp peer-group G peer P peer-as 64512\n\
         set network virtual-router vr1 protocol bgp peer-group G peer P peer-address ip 169.254.1.1\n\
         set network virtual-router vr1 protocol bgp peer-group G enable no\n",
    );
    let u = m.interface("ethernet1/3.101").unwrap();
    assert_eq!(u.vlan.as_ref().unwrap().value.outer, 101);
    assert_eq!(u.parent.as_deref(), Some("ethernet1/3"));
    assert_eq!(u.mtu.as_ref().unwrap().value, 9000);
    let p = &m.ipsec.peers[0];
    assert_eq!(p.ike_version.as_ref().unwrap().value, 2);
    assert_eq!(p.ike_proposals, vec!["P2".to_string()]);
    assert!(p.dpd.is_none());
    assert!(matches!(
        p.psk.as_ref().unwrap().value,
        Password::Unverifiable(_)
    ));
    let (proc_, n) = m.neighbors().next().unwrap();
    assert_eq!(proc_.local_as.as_ref().unwrap().value, 65001);
    assert!(
        n.rare().shutdown.is_some(),
        "a disabled peer group disables its peers"
    );
}

#[test]
fn device_and_template_wrappers_are_cut_away() {
    // A full `show config running` and a Panorama template push read like the bare tree.
    let device = "config {\n  devices {\n    localhost.localdomain {\n      network {\n        interface {\n          tunnel {\n            units {\n              tunnel.1 {\n                ip {\n                  169.254.10.2/30;\n                }\n                mtu 1399;\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n}\n";
    let m = extract(&SourceFile::new("pa.conf", device), Some(Vendor::Panos)).unwrap();
    let t = m.interface("tunnel.1").unwrap();
    assert_eq!(t.addresses[0].net.to_string(), "169.254.10.2/30");
    assert_eq!(t.mtu.as_ref().unwrap().value, 1399);
    let template = "set template AWS config devices localhost.localdomain network interface tunnel units tunnel.1 ip 169.254.10.2/30\n";
    let m = extract(&SourceFile::new("pa.set", template), Some(Vendor::Panos)).unwrap();
    assert_eq!(m.interface("tunnel.1").unwrap().addresses.len(), 1);
}

use super::*;
use crate::source::SourceFile;

fn load_file(name: &str) -> Vec<Peering> {
    let path = format!("{}/testdata/aws/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    load(&SourceFile::new(path, text)).unwrap()
}

fn load_str(s: &str) -> Result<Vec<Peering>, InputError> {
    load(&SourceFile::new("t.json", s))
}

#[test]
fn one_peering_per_tunnel_with_xml_matched_by_outside_ip() {
    let p = load_file("vpn-example.json");
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].id, "vpn-0a11b22c33d44e55f/tunnel1");
    assert_eq!(p[0].kind, PeeringKind::VpnVgw);
    assert_eq!(p[0].prefix_limit, 100);
    assert_eq!(p[0].aws_hold_time, 30);
    // The XML lists tunnel 2 first: values must still come from the matching tunnel.
    let t1 = p[0].vpn.as_ref().unwrap();
    assert_eq!(t1.outside_ip, Some("203.0.113.10".parse().unwrap()));
    assert_eq!(
        p[0].amazon_address,
        Some("169.254.10.1/30".parse().unwrap())
    );
    assert_eq!(
        p[0].customer_address,
        Some("169.254.10.2/30".parse().unwrap())
    );
    assert_eq!(
        p[1].amazon_address,
        Some("169.254.20.1/30".parse().unwrap())
    );
    assert_eq!(
        (p[0].customer_asn, p[0].amazon_asn),
        (Some(65010), Some(64512))
    );
    assert_eq!(
        t1.customer_gateway_ip,
        Some("198.51.100.7".parse().unwrap())
    );
    assert!(t1
        .psk
        .as_ref()
        .unwrap()
        .expose_with(|k| k == "Tunnel1_psk.example1"));
    let t2 = p[1].vpn.as_ref().unwrap();
    assert!(t2
        .psk
        .as_ref()
        .unwrap()
        .expose_with(|k| k == "Tunnel2_psk.example2"));
    assert_eq!(t1.ike_versions, vec![1, 2]);
    assert_eq!(t1.phase1_dh_groups.len(), 12);
    assert_eq!(t1.tunnel_status.as_deref(), Some("DOWN (IPSEC IS DOWN)"));
    assert!(!t1.static_routes_only);
}

#[test]
fn static_tgw_vpn_with_partial_options() {
    let p = load_file("vpn-static-tgw.json");
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].kind, PeeringKind::VpnTgw);
    assert_eq!(p[0].prefix_limit, 1000);
    let t = p[0].vpn.as_ref().unwrap();
    assert!(t.static_routes_only);
    assert_eq!(p[0].amazon_asn, None, "no <bgp> in a static VPN's XML");
    // Never-modified options: AWS's defaults apply, lifetimes from the XML.
    assert!(t.phase1_encryption.is_empty());
    assert_eq!(t.allowed().phase1_encryption.len(), 4);
    assert_eq!(t.allowed().ike_versions, vec![1, 2]);
    assert_eq!(t.phase1_lifetime, Some(28800));
    assert_eq!(t.xml_proposal.as_ref().unwrap().ike_dh_group, Some(2));
}

#[test]
fn tunnels_from_xml_alone() {
    let xml = r#"<?xml version=\"1.0\"?><vpn_connection id=\"vpn-1\"><vpn_gateway_id>vgw-1</vpn_gateway_id><ipsec_tunnel><customer_gateway><tunnel_outside_address><ip_address>192.0.2.1</ip_address></tunnel_outside_address><tunnel_inside_address><ip_address>169.254.8.2</ip_address><network_cidr>30</network_cidr></tunnel_inside_address><bgp><asn>65001</asn><hold_time>30</hold_time></bgp></customer_gateway><vpn_gateway><tunnel_outside_address><ip_address>198.51.100.9</ip_address></tunnel_outside_address><tunnel_inside_address><ip_address>169.254.8.1</ip_address><network_cidr>30</network_cidr></tunnel_inside_address><bgp><asn>7224</asn><hold_time>30</hold_time></bgp></vpn_gateway><ike><pre_shared_key>abcdefgh12</pre_shared_key></ike></ipsec_tunnel></vpn_connection>"#;
    let json = format!(
        r#"[{{"VpnConnectionId": "vpn-1", "VpnGatewayId": "vgw-1", "CustomerGatewayConfiguration": "{xml}"}}]"#
    );
    let p = load_str(&json).unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].amazon_address, Some("169.254.8.1/30".parse().unwrap()));
    assert_eq!(p[0].amazon_asn, Some(7224));
    assert_eq!(p[0].customer_asn, Some(65001));
    assert!(p[0].vpn.as_ref().unwrap().psk.is_some());
}

#[test]
fn one_object_shape_and_ipv6_inside() {
    let json = r#"{"VpnConnectionId": "vpn-6", "TransitGatewayId": "tgw-1",
        "Options": {"TunnelInsideIpVersion": "ipv6", "TunnelOptions": [
          {"OutsideIpAddress": "198.51.100.1", "TunnelInsideIpv6Cidr": "fd00:1::/126"}]}}"#;
    let p = load_str(json).unwrap();
    assert_eq!(p[0].afi, Afi::Ipv6);
    assert_eq!(p[0].amazon_address, Some("fd00:1::1/126".parse().unwrap()));
    assert_eq!(
        p[0].customer_address,
        Some("fd00:1::2/126".parse().unwrap())
    );
}

#[test]
fn errors_name_the_field() {
    let e = load_str(r#"{"VpnConnections": [{"VpnConnectionId": "vpn-1", "Options": {"TunnelOptions": [{"OutsideIpAddress": "198.51.100.1", "TunnelInsideCidr": "169.254.10.0/29"}]}}]}"#).unwrap_err();
    assert!(e.to_string().contains("/29"), "{e}");
    let e = load_str(r#"{"VpnConnections": [{"VpnConnectionId": "vpn-1", "Options": {"TunnelOptions": [{"OutsideIpAddress": "nope"}]}}]}"#).unwrap_err();
    assert!(e.to_string().contains("OutsideIpAddress"), "{e}");
    let e = load_str(r#"{"VpnConnections": [{"VpnConnectionId": "vpn-1", "Options": {"StaticRoutesOnly": "yes"}}]}"#).unwrap_err();
    assert!(format!("{e:?}").contains("StaticRoutesOnly"), "{e:?}");
    let e = load_str(r#"{"VpnConnections": []}"#).unwrap_err();
    assert!(e.to_string().contains("no VPN connections"), "{e}");
    let e = load_str(r#"{"VpnConnectionId": "vpn-1", "CustomerGatewayConfiguration": "<vpn_connection><ipsec_tunnel></vpn_connection>"}"#).unwrap_err();
    assert!(e.to_string().contains("XML"), "{e}");
    let e = load_str(r#"{"VpnConnectionId": "vpn-1"}"#).unwrap_err();
    assert!(e.to_string().contains("no tunnels"), "{e}");
}

#[test]
fn errors_never_show_the_key() {
    let e = load_str(r#"{"VpnConnections": [{"VpnConnectionId": "vpn-1", "Options": {"TunnelOptions": [{"OutsideIpAddress": "198.51.100.1", "PreSharedKey": "Secret_psk_123", "TunnelInsideCidr": "bad"}]}}]}"#).unwrap_err();
    let text = format!("{e} {e:?}");
    assert!(!text.contains("Secret_psk_123"));
}

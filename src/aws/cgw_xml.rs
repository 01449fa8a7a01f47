//! The `CustomerGatewayConfiguration` XML of a VPN connection: the fallback for what
//! `Options.TunnelOptions` does not say (inside addresses, BGP ASNs and hold time, the IKE and
//! IPsec values of connections created before tunnel options existed).
//!
//! Read with `roxmltree`. The XML is untrusted (it arrives inside an export a pull request may
//! carry): a document type declaration is refused, so no entity can be defined or expanded
//! (roxmltree reads nothing from outside the string either); at most [`NODES_LIMIT`] nodes
//! are built; the tree is built and dropped without recursion, and the reading below follows
//! fixed paths, so deep nesting cannot overflow the stack. Malformed input is an error that
//! names what was expected, never a guess.

use roxmltree::{Document, Node, ParsingOptions};
use std::net::IpAddr;

/// Nodes (elements, texts, comments) one document may have: AWS's has about 300 per tunnel.
pub const NODES_LIMIT: u32 = 100_000;

/// The first child element called `name`.
fn child<'a, 'i>(e: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    e.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// An element's own text (its text children that are not only white space, entities decoded,
/// CDATA included).
fn own_text(e: Node) -> String {
    e.children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .filter(|t| !t.trim().is_empty())
        .collect()
}

/// Text at a path of child names, trimmed; `None` when absent or empty.
fn text_at(e: Node, path: &[&str]) -> Option<String> {
    let mut e = e;
    for p in path {
        e = child(e, p)?;
    }
    let t = own_text(e);
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Parse a document (leading white space allowed).
fn parse(xml: &str) -> Result<Document<'_>, String> {
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(xml.trim_start(), opts).map_err(|e| describe(&e))
}

/// What was expected, and where. Names in backticks, like the rest of dxlint's messages (the
/// VPN loader leaves quoted text out: it may be part of a key).
fn describe(e: &roxmltree::Error) -> String {
    use roxmltree::Error as E;
    match e {
        E::UnexpectedCloseTag(open, close, at) => {
            format!("closing tag `</{close}>` at {at} does not match `<{open}>`")
        }
        E::UnknownEntityReference(name, at) => format!("unknown entity `&{name};` at {at}"),
        E::UnclosedRootNode => "the root element is never closed".into(),
        E::NoRootNode => "no XML element".into(),
        E::DtdDetected => "a document type declaration (`<!DOCTYPE`) is not accepted".into(),
        E::NodesLimitReached => format!("more than {NODES_LIMIT} XML nodes"),
        E::UnexpectedEndOfStream => "the document ends inside a tag".into(),
        E::InvalidName(at) => format!("expected a name at {at}"),
        // roxmltree quotes with '…' ("expected '>' not 'x' at 1:5").
        other => other.to_string().replace('\'', "`"),
    }
}

/// What one `<ipsec_tunnel>` of the XML says.
#[derive(Debug, Default, Clone)]
pub struct XmlTunnel {
    pub customer_outside_ip: Option<IpAddr>,
    pub customer_inside: Option<(IpAddr, u8)>,
    pub customer_asn: Option<u32>,
    pub aws_outside_ip: Option<IpAddr>,
    pub aws_inside: Option<(IpAddr, u8)>,
    pub aws_asn: Option<u32>,
    pub hold_time: Option<u32>,
    /// The IKE / IPsec values of the configuration AWS generated, in AWS's tunnel-option
    /// names (`AES128`, `SHA1`, DH group numbers).
    pub ike_encryption: Option<String>,
    pub ike_integrity: Option<String>,
    pub ike_dh_group: Option<u32>,
    pub ike_lifetime: Option<u32>,
    pub ike_mode: Option<String>,
    pub ike_version: Option<u8>,
    pub psk: Option<crate::secret::Secret>,
    pub ipsec_encryption: Option<String>,
    pub ipsec_integrity: Option<String>,
    pub ipsec_pfs_group: Option<u32>,
    pub ipsec_lifetime: Option<u32>,
    pub tcp_mss: Option<u32>,
    pub dpd_interval: Option<u32>,
    pub dpd_retries: Option<u32>,
}

/// What the whole XML says.
#[derive(Debug, Default, Clone)]
pub struct XmlConnection {
    pub vpn_gateway_id: Option<String>,
    /// `NoBGPVPNConnection`: a static-routing VPN.
    pub static_routing: bool,
    pub tunnels: Vec<XmlTunnel>,
}

/// Read the customer-gateway configuration. Values that do not parse are left out (the
/// XML is a fallback; the JSON options stay authoritative).
pub fn read(xml: &str) -> Result<XmlConnection, String> {
    let doc = parse(xml)?;
    let root = doc.root_element();
    let name = root.tag_name().name();
    if name != "vpn_connection" {
        return Err(format!(
            "expected a `<vpn_connection>` document, found `<{name}>`"
        ));
    }
    let attrs = text_at(root, &["vpn_connection_attributes"]).unwrap_or_default();
    Ok(XmlConnection {
        vpn_gateway_id: text_at(root, &["vpn_gateway_id"]),
        static_routing: attrs.eq_ignore_ascii_case("NoBGPVPNConnection"),
        tunnels: root
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "ipsec_tunnel")
            .map(tunnel)
            .collect(),
    })
}

fn tunnel(t: Node) -> XmlTunnel {
    let ip = |side: &str, kind: &str| -> Option<IpAddr> {
        text_at(t, &[side, kind, "ip_address"])?.parse().ok()
    };
    let inside = |side: &str| -> Option<(IpAddr, u8)> {
        let addr = ip(side, "tunnel_inside_address")?;
        let len = text_at(t, &[side, "tunnel_inside_address", "network_cidr"])
            .and_then(|c| c.parse().ok())
            .or_else(|| {
                text_at(t, &[side, "tunnel_inside_address", "network_mask"])
                    .and_then(|m| m.parse::<std::net::Ipv4Addr>().ok())
                    .and_then(|m| ipnet::ipv4_mask_to_prefix(m).ok())
            })?;
        Some((addr, len))
    };
    let num = |path: &[&str]| -> Option<u32> { text_at(t, path)?.parse().ok() };
    let text = |path: &[&str]| text_at(t, path);
    XmlTunnel {
        customer_outside_ip: ip("customer_gateway", "tunnel_outside_address"),
        customer_inside: inside("customer_gateway"),
        customer_asn: num(&["customer_gateway", "bgp", "asn"]),
        aws_outside_ip: ip("vpn_gateway", "tunnel_outside_address"),
        aws_inside: inside("vpn_gateway"),
        aws_asn: num(&["vpn_gateway", "bgp", "asn"]),
        hold_time: num(&["vpn_gateway", "bgp", "hold_time"])
            .or_else(|| num(&["customer_gateway", "bgp", "hold_time"])),
        ike_encryption: text(&["ike", "encryption_protocol"]).map(|s| aws_cipher(&s)),
        ike_integrity: text(&["ike", "authentication_protocol"]).map(|s| aws_hash(&s)),
        ike_dh_group: text(&["ike", "perfect_forward_secrecy"]).and_then(|s| group(&s)),
        ike_lifetime: num(&["ike", "lifetime"]),
        // `main` is IKEv1 main mode; the IKEv2 XML variant says `ikev2` in `<ike_version>`.
        ike_version: text(&["ike", "ike_version"])
            .and_then(|v| v.trim_start_matches("ikev").parse().ok()),
        ike_mode: text(&["ike", "mode"]),
        // The key as written (not trimmed).
        psk: child(t, "ike")
            .and_then(|ike| child(ike, "pre_shared_key"))
            .map(|k| crate::secret::Secret::new(own_text(k)))
            .filter(|k| !k.is_empty()),
        ipsec_encryption: text(&["ipsec", "encryption_protocol"]).map(|s| aws_cipher(&s)),
        ipsec_integrity: text(&["ipsec", "authentication_protocol"]).map(|s| aws_hash(&s)),
        ipsec_pfs_group: text(&["ipsec", "perfect_forward_secrecy"]).and_then(|s| group(&s)),
        ipsec_lifetime: num(&["ipsec", "lifetime"]),
        tcp_mss: num(&["ipsec", "tcp_mss_adjustment"]),
        dpd_interval: num(&["ipsec", "dead_peer_detection", "interval"]),
        dpd_retries: num(&["ipsec", "dead_peer_detection", "retries"]),
    }
}

/// `aes-128-cbc` → `AES128`, `aes-256-gcm-16` → `AES256-GCM-16`.
fn aws_cipher(s: &str) -> String {
    let l = s.to_ascii_lowercase();
    let bits = if l.contains("256") {
        "256"
    } else if l.contains("192") {
        "192"
    } else {
        "128"
    };
    if l.contains("gcm") {
        format!("AES{bits}-GCM-16")
    } else if l.starts_with("aes") {
        format!("AES{bits}")
    } else {
        s.to_ascii_uppercase()
    }
}

/// `sha1`, `hmac-sha1-96` → `SHA1`; `sha2-256`, `hmac-sha2-256-128` → `SHA2-256`.
fn aws_hash(s: &str) -> String {
    let l = s.to_ascii_lowercase();
    for bits in ["256", "384", "512"] {
        if l.contains(&format!("sha2-{bits}")) || l.contains(&format!("sha{bits}")) {
            return format!("SHA2-{bits}");
        }
    }
    if l.contains("sha1") || l == "sha" {
        return "SHA1".into();
    }
    s.to_ascii_uppercase()
}

/// `group2` → 2.
fn group(s: &str) -> Option<u32> {
    s.trim_start_matches("group").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<vpn_connection id="vpn-1">
  <customer_gateway_id>cgw-1</customer_gateway_id>
  <vpn_gateway_id></vpn_gateway_id>
  <!-- a comment -->
  <ipsec_tunnel>
    <customer_gateway>
      <tunnel_outside_address><ip_address>192.0.2.10</ip_address></tunnel_outside_address>
      <tunnel_inside_address><ip_address>169.254.44.42</ip_address>
        <network_mask>255.255.255.252</network_mask></tunnel_inside_address>
      <bgp><asn>65000</asn><hold_time>30</hold_time></bgp>
    </customer_gateway>
    <vpn_gateway>
      <tunnel_outside_address><ip_address>198.51.100.11</ip_address></tunnel_outside_address>
      <tunnel_inside_address><ip_address>169.254.44.41</ip_address><network_cidr>30</network_cidr></tunnel_inside_address>
      <bgp><asn>64512</asn><hold_time>30</hold_time></bgp>
    </vpn_gateway>
    <ike><authentication_protocol>sha1</authentication_protocol><encryption_protocol>aes-128-cbc</encryption_protocol>
      <lifetime>28800</lifetime><perfect_forward_secrecy>group2</perfect_forward_secrecy><mode>main</mode>
      <pre_shared_key>a&amp;b_key.123</pre_shared_key></ike>
    <ipsec><authentication_protocol>hmac-sha2-256-128</authentication_protocol><encryption_protocol>aes-256-gcm-16</encryption_protocol>
      <lifetime>3600</lifetime><perfect_forward_secrecy>group14</perfect_forward_secrecy>
      <tcp_mss_adjustment>1379</tcp_mss_adjustment>
      <dead_peer_detection><interval>10</interval><retries>3</retries></dead_peer_detection></ipsec>
  </ipsec_tunnel>
</vpn_connection>"#;

    #[test]
    fn reads_a_tunnel() {
        let c = read(XML).unwrap();
        assert_eq!(c.vpn_gateway_id, None, "empty element = TGW attachment");
        assert!(!c.static_routing);
        let t = &c.tunnels[0];
        assert_eq!(t.aws_outside_ip, Some("198.51.100.11".parse().unwrap()));
        assert_eq!(
            t.customer_inside,
            Some(("169.254.44.42".parse().unwrap(), 30))
        );
        assert_eq!(t.aws_inside, Some(("169.254.44.41".parse().unwrap(), 30)));
        assert_eq!(
            (t.customer_asn, t.aws_asn, t.hold_time),
            (Some(65000), Some(64512), Some(30))
        );
        assert_eq!(t.ike_encryption.as_deref(), Some("AES128"));
        assert_eq!(t.ike_integrity.as_deref(), Some("SHA1"));
        assert_eq!(t.ike_dh_group, Some(2));
        assert_eq!(t.ipsec_encryption.as_deref(), Some("AES256-GCM-16"));
        assert_eq!(t.ipsec_integrity.as_deref(), Some("SHA2-256"));
        assert_eq!(t.ipsec_pfs_group, Some(14));
        assert_eq!(
            (t.tcp_mss, t.dpd_interval, t.dpd_retries),
            (Some(1379), Some(10), Some(3))
        );
        let psk = t.psk.as_ref().unwrap();
        assert!(psk.expose_with(|k| k == "a&b_key.123"), "entity decoded");
    }

    #[test]
    fn static_connection_and_errors() {
        let c = read("<vpn_connection><vpn_connection_attributes>NoBGPVPNConnection</vpn_connection_attributes></vpn_connection>").unwrap();
        assert!(c.static_routing);
        assert!(c.tunnels.is_empty());
        let err = |xml: &str| read(xml).unwrap_err();
        assert_eq!(
            err("<a><b></a>"),
            "closing tag `</a>` at 1:7 does not match `<b>`"
        );
        assert_eq!(err("<a>"), "the root element is never closed");
        assert_eq!(err("<a>&bogus;</a>"), "unknown entity `&bogus;` at 1:4");
        assert_eq!(err("<a x=1/>"), "expected a quote not `1` at 1:6");
        assert_eq!(err("</a>"), "expected a name at 1:2");
        assert_eq!(err(""), "no XML element");
        assert_eq!(err("<a/><b/>"), "unknown token at 1:5");
        assert_eq!(
            err("<other/>"),
            "expected a `<vpn_connection>` document, found `<other>`"
        );
    }

    #[test]
    fn entities_cdata_and_white_space() {
        let c = read(
            "\n <?xml version=\"1.0\"?><vpn_connection><vpn_gateway_id> vgw-&#x31;<![CDATA[<2>]]> </vpn_gateway_id>\
             <ipsec_tunnel><ike><pre_shared_key> k&lt;1 </pre_shared_key></ike></ipsec_tunnel></vpn_connection>",
        )
        .unwrap();
        assert_eq!(c.vpn_gateway_id.as_deref(), Some("vgw-1<2>"));
        let psk = c.tunnels[0].psk.as_ref().unwrap();
        assert!(psk.expose_with(|k| k == " k<1 "), "the key as written");
    }

    #[test]
    fn no_dtd_and_bounded_size() {
        // A DTD could define entities (the "billion laughs"): refused outright.
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><vpn_connection>&b;</vpn_connection>"#;
        assert_eq!(
            read(laughs).unwrap_err(),
            "a document type declaration (`<!DOCTYPE`) is not accepted"
        );
        let external = r#"<!DOCTYPE v SYSTEM "file:///etc/passwd"><vpn_connection/>"#;
        assert!(read(external).unwrap_err().contains("DOCTYPE"));
        let many = format!(
            "<vpn_connection>{}</vpn_connection>",
            "<x/>".repeat(200_000)
        );
        assert_eq!(read(&many).unwrap_err(), "more than 100000 XML nodes");
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let deep = "<a>".repeat(90_000) + &"</a>".repeat(90_000);
        let doc = parse(&deep).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "a");
        drop(doc); // a flat list of nodes: no recursion in Drop either
        let deeper = "<a>".repeat(200_000) + &"</a>".repeat(200_000);
        assert!(read(&deeper).unwrap_err().contains("XML nodes"));
    }
}

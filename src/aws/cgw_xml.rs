//! The `CustomerGatewayConfiguration` XML of a VPN connection: the fallback for what
//! `Options.TunnelOptions` does not say (inside addresses, BGP ASNs and hold time, the IKE and
//! IPsec values of connections created before tunnel options existed).
//!
//! A small, iterative XML reader: elements, text, attributes (ignored), comments, the XML
//! declaration, CDATA and the five predefined entities plus numeric references. It never
//! recurses, so hostile nesting cannot overflow the stack, and it reports malformed input
//! as an error instead of guessing.

use std::net::IpAddr;

/// One element: its name, its own text (trimmed, entities decoded) and its children.
#[derive(Debug, Default, Clone)]
pub struct Element {
    pub name: String,
    pub text: String,
    pub children: Vec<Element>,
}

/// Dropping a deeply nested tree the default way recurses once per level: flatten instead.
impl Drop for Element {
    fn drop(&mut self) {
        let mut pending = std::mem::take(&mut self.children);
        while let Some(mut e) = pending.pop() {
            pending.append(&mut e.children);
        }
    }
}

impl Element {
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Text at a path of child names, `None` when absent or empty.
    pub fn text_at(&self, path: &[&str]) -> Option<&str> {
        let mut e = self;
        for p in path {
            e = e.child(p)?;
        }
        let t = e.text.trim();
        (!t.is_empty()).then_some(t)
    }
}

/// Parse a document into its root element.
pub fn parse(xml: &str) -> Result<Element, String> {
    let mut stack: Vec<Element> = vec![Element::default()];
    let bytes = xml.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            let end = xml[i..].find('<').map_or(xml.len(), |p| i + p);
            let raw = &xml[i..end];
            if !raw.trim().is_empty() {
                let top = stack.last_mut().expect("root stays on the stack");
                top.text.push_str(&decode_entities(raw)?);
            }
            i = end;
            continue;
        }
        let rest = &xml[i..];
        if let Some(r) = rest.strip_prefix("<?") {
            i += 2 + r.find("?>").ok_or("unterminated `<?` declaration")? + 2;
        } else if let Some(r) = rest.strip_prefix("<!--") {
            i += 4 + r.find("-->").ok_or("unterminated comment")? + 3;
        } else if let Some(r) = rest.strip_prefix("<![CDATA[") {
            let end = r.find("]]>").ok_or("unterminated CDATA section")?;
            stack
                .last_mut()
                .expect("root stays on the stack")
                .text
                .push_str(&r[..end]);
            i += 9 + end + 3;
        } else if rest.starts_with("<!") {
            i += rest.find('>').ok_or("unterminated `<!` declaration")? + 1;
        } else if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').ok_or("unterminated closing tag")?;
            let name = r[..end].trim();
            if stack.len() < 2 {
                return Err(format!("closing tag `</{name}>` without an opening tag"));
            }
            let done = stack.pop().expect("checked length");
            if done.name != name {
                return Err(format!(
                    "closing tag `</{name}>` does not match `<{}>`",
                    done.name
                ));
            }
            stack
                .last_mut()
                .expect("root stays on the stack")
                .children
                .push(done);
            i += 2 + end + 1;
        } else {
            let end = tag_end(rest).ok_or("unterminated tag")?;
            let inner = &rest[1..end];
            let self_closing = inner.ends_with('/');
            let inner = inner.trim_end_matches('/');
            let name = inner
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .unwrap_or("");
            if name.is_empty() {
                return Err("a tag without a name".into());
            }
            let el = Element {
                name: name.to_string(),
                text: String::new(),
                children: Vec::new(),
            };
            if self_closing {
                stack
                    .last_mut()
                    .expect("root stays on the stack")
                    .children
                    .push(el);
            } else {
                stack.push(el);
            }
            i += end + 1;
        }
    }
    if stack.len() > 1 {
        let open = stack.last().map(|e| e.name.clone()).unwrap_or_default();
        return Err(format!("element `<{open}>` is never closed"));
    }
    let mut root = stack.pop().expect("root stays on the stack");
    match root.children.len() {
        1 => Ok(root.children.pop().expect("one child")),
        0 => Err("no XML element".into()),
        _ => Err("more than one root element".into()),
    }
}

/// End of a start tag, skipping `>` inside quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn decode_entities(s: &str) -> Result<String, String> {
    if !s.contains('&') {
        return Ok(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        let end = after.find(';').ok_or("`&` without a closing `;`")?;
        let ent = &after[..end];
        let c = match ent {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(h) = ent.strip_prefix("#x") {
                    u32::from_str_radix(h, 16).ok()
                } else if let Some(d) = ent.strip_prefix('#') {
                    d.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .ok_or_else(|| format!("unknown entity `&{ent};`"))?
            }
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
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
    let root = parse(xml)?;
    if root.name != "vpn_connection" {
        return Err(format!(
            "expected a `<vpn_connection>` document, found `<{}>`",
            root.name
        ));
    }
    let attrs = root.text_at(&["vpn_connection_attributes"]).unwrap_or("");
    Ok(XmlConnection {
        vpn_gateway_id: root.text_at(&["vpn_gateway_id"]).map(str::to_string),
        static_routing: attrs.eq_ignore_ascii_case("NoBGPVPNConnection"),
        tunnels: root.children_named("ipsec_tunnel").map(tunnel).collect(),
    })
}

fn tunnel(t: &Element) -> XmlTunnel {
    let ip = |side: &str, kind: &str| -> Option<IpAddr> {
        t.text_at(&[side, kind, "ip_address"])?.parse().ok()
    };
    let inside = |side: &str| -> Option<(IpAddr, u8)> {
        let addr = ip(side, "tunnel_inside_address")?;
        let len = t
            .text_at(&[side, "tunnel_inside_address", "network_cidr"])
            .and_then(|c| c.parse().ok())
            .or_else(|| {
                t.text_at(&[side, "tunnel_inside_address", "network_mask"])
                    .and_then(|m| m.parse::<std::net::Ipv4Addr>().ok())
                    .and_then(|m| ipnet::ipv4_mask_to_prefix(m).ok())
            })?;
        Some((addr, len))
    };
    let num = |path: &[&str]| -> Option<u32> { t.text_at(path)?.parse().ok() };
    let ike_mode = t.text_at(&["ike", "mode"]).map(str::to_string);
    XmlTunnel {
        customer_outside_ip: ip("customer_gateway", "tunnel_outside_address"),
        customer_inside: inside("customer_gateway"),
        customer_asn: num(&["customer_gateway", "bgp", "asn"]),
        aws_outside_ip: ip("vpn_gateway", "tunnel_outside_address"),
        aws_inside: inside("vpn_gateway"),
        aws_asn: num(&["vpn_gateway", "bgp", "asn"]),
        hold_time: num(&["vpn_gateway", "bgp", "hold_time"])
            .or_else(|| num(&["customer_gateway", "bgp", "hold_time"])),
        ike_encryption: t.text_at(&["ike", "encryption_protocol"]).map(aws_cipher),
        ike_integrity: t.text_at(&["ike", "authentication_protocol"]).map(aws_hash),
        ike_dh_group: t
            .text_at(&["ike", "perfect_forward_secrecy"])
            .and_then(group),
        ike_lifetime: num(&["ike", "lifetime"]),
        // `main` is IKEv1 main mode; the IKEv2 XML variant says `ikev2` in `<ike_version>`.
        ike_version: t
            .text_at(&["ike", "ike_version"])
            .and_then(|v| v.trim_start_matches("ikev").parse().ok()),
        ike_mode,
        psk: t
            .child("ike")
            .and_then(|ike| ike.child("pre_shared_key"))
            .map(|k| crate::secret::Secret::new(k.text.clone()))
            .filter(|k| !k.is_empty()),
        ipsec_encryption: t.text_at(&["ipsec", "encryption_protocol"]).map(aws_cipher),
        ipsec_integrity: t
            .text_at(&["ipsec", "authentication_protocol"])
            .map(aws_hash),
        ipsec_pfs_group: t
            .text_at(&["ipsec", "perfect_forward_secrecy"])
            .and_then(group),
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
        assert!(parse("<a><b></a>").unwrap_err().contains("does not match"));
        assert!(parse("<a>").unwrap_err().contains("never closed"));
        assert!(parse("</a>").is_err());
        assert!(parse("<a>&bogus;</a>")
            .unwrap_err()
            .contains("unknown entity"));
        assert!(read("<other/>").unwrap_err().contains("vpn_connection"));
        assert!(parse("").is_err());
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let deep = "<a>".repeat(200_000) + &"</a>".repeat(200_000);
        let root = parse(&deep).unwrap();
        assert_eq!(root.name, "a");
        drop(root); // iterative Drop: no stack overflow either
    }
}

//! SDK types → the shapes the offline path reads.
//!
//! * A Direct Connect `VirtualInterface` becomes the [`vif_json::VirtualInterface`] serde
//!   struct, so live and exported data go through the one `vif_json::to_peerings`.
//! * An EC2 `VpnConnection` becomes the AWS CLI's JSON object (PascalCase member names, lists
//!   of `{"Value": …}`), exactly what `aws ec2 describe-vpn-connections` prints for it.

use crate::aws::vif_json;
use crate::secret::Secret;
use aws_sdk_directconnect::types as dx;
use aws_sdk_ec2::primitives::DateTimeFormat;
use aws_sdk_ec2::types as ec2;
use serde_json::{Map, Value};

/// The one conversion from the SDK's VIF to dxlint's serde struct. The SDK reads absent
/// integers as 0: a `vlan` of 0 is "absent" (0 is no VLAN ID), an `asn` of 0 means "see
/// `asnLong`", as on the wire.
pub fn vif_from_sdk(v: &dx::VirtualInterface) -> vif_json::VirtualInterface {
    vif_json::VirtualInterface {
        virtual_interface_id: v.virtual_interface_id.clone(),
        virtual_interface_type: v.virtual_interface_type.clone(),
        virtual_interface_name: v.virtual_interface_name.clone(),
        vlan: (v.vlan != 0).then_some(i64::from(v.vlan)),
        asn: Some(i64::from(v.asn)),
        asn_long: v.asn_long,
        amazon_side_asn: v.amazon_side_asn,
        auth_key: v.auth_key.clone().map(Secret::new),
        amazon_address: v.amazon_address.clone(),
        customer_address: v.customer_address.clone(),
        address_family: v.address_family.as_ref().map(|a| a.as_str().to_string()),
        virtual_interface_state: v
            .virtual_interface_state
            .as_ref()
            .map(|s| s.as_str().to_string()),
        customer_router_config: v.customer_router_config.clone(),
        mtu: v.mtu.map(i64::from),
        jumbo_frame_capable: v.jumbo_frame_capable,
        route_filter_prefixes: v.route_filter_prefixes.as_ref().map(|l| {
            l.iter()
                .map(|r| vif_json::RouteFilterPrefix {
                    cidr: r.cidr.clone(),
                })
                .collect()
        }),
        bgp_peers: v
            .bgp_peers
            .as_ref()
            .map(|l| l.iter().map(peer_from_sdk).collect()),
        region: v.region.clone(),
        connection_id: v.connection_id.clone(),
    }
}

fn peer_from_sdk(p: &dx::BgpPeer) -> vif_json::BgpPeer {
    vif_json::BgpPeer {
        bgp_peer_id: p.bgp_peer_id.clone(),
        asn: Some(i64::from(p.asn)),
        asn_long: p.asn_long,
        auth_key: p.auth_key.clone().map(Secret::new),
        address_family: p.address_family.as_ref().map(|a| a.as_str().to_string()),
        amazon_address: p.amazon_address.clone(),
        customer_address: p.customer_address.clone(),
        bgp_peer_state: p.bgp_peer_state.as_ref().map(|s| s.as_str().to_string()),
        bgp_status: p.bgp_status.as_ref().map(|s| s.as_str().to_string()),
    }
}

/// Elements of the router-configuration XML documents that hold a key.
pub const XML_SECRET_ELEMENTS: &[&str] = &["bgp_auth_key", "ipv6_bgp_auth_key", "pre_shared_key"];

/// Empty the text of every `<name>…</name>` in `XML_SECRET_ELEMENTS`. A start tag without its
/// end tag drops the rest of the document rather than risk leaving a key in it.
pub fn blank_xml_secrets(xml: &str) -> String {
    let mut out = xml.to_string();
    for name in XML_SECRET_ELEMENTS {
        out = blank_element(&out, name);
    }
    out
}

fn blank_element(xml: &str, name: &str) -> String {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after_open = i + open.len();
        out.push_str(&rest[..after_open]);
        match rest[after_open..].find(&close) {
            Some(j) => rest = &rest[after_open + j..],
            None => {
                out.push_str(&close);
                return out;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether secrets go into the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secrets {
    Include,
    Omit,
}

/// One `VpnConnection` as the AWS CLI prints it. With `Secrets::Omit` the tunnels'
/// `PreSharedKey` members are left out and `<pre_shared_key>` is emptied in
/// `CustomerGatewayConfiguration`.
pub fn vpn_to_cli_json(v: &ec2::VpnConnection, secrets: Secrets) -> Value {
    let mut m = Obj::default();
    m.str(
        "CustomerGatewayConfiguration",
        v.customer_gateway_configuration
            .as_deref()
            .map(|x| match secrets {
                Secrets::Include => x.to_string(),
                Secrets::Omit => blank_xml_secrets(x),
            }),
    );
    m.str("CustomerGatewayId", v.customer_gateway_id.clone());
    m.str("Category", v.category.clone());
    m.str("State", v.state.as_ref().map(|s| s.as_str().to_string()));
    m.str("Type", v.r#type.as_ref().map(|s| s.as_str().to_string()));
    m.str("VpnConnectionId", v.vpn_connection_id.clone());
    m.str("VpnGatewayId", v.vpn_gateway_id.clone());
    m.str("TransitGatewayId", v.transit_gateway_id.clone());
    m.str("VpnConcentratorId", v.vpn_concentrator_id.clone());
    m.str("CoreNetworkArn", v.core_network_arn.clone());
    m.str(
        "CoreNetworkAttachmentArn",
        v.core_network_attachment_arn.clone(),
    );
    m.str(
        "GatewayAssociationState",
        v.gateway_association_state
            .as_ref()
            .map(|s| s.as_str().to_string()),
    );
    m.str("PreSharedKeyArn", v.pre_shared_key_arn.clone());
    if let Some(o) = &v.options {
        m.put("Options", options(o, secrets));
    }
    if let Some(routes) = &v.routes {
        let list = routes
            .iter()
            .map(|r| {
                let mut o = Obj::default();
                o.str("DestinationCidrBlock", r.destination_cidr_block.clone());
                o.str("Source", r.source.as_ref().map(|s| s.as_str().to_string()));
                o.str("State", r.state.as_ref().map(|s| s.as_str().to_string()));
                o.done()
            })
            .collect();
        m.put("Routes", Value::Array(list));
    }
    if let Some(tags) = &v.tags {
        let list = tags
            .iter()
            .map(|t| {
                let mut o = Obj::default();
                o.str("Key", t.key.clone());
                o.str("Value", t.value.clone());
                o.done()
            })
            .collect();
        m.put("Tags", Value::Array(list));
    }
    if let Some(tel) = &v.vgw_telemetry {
        let list = tel
            .iter()
            .map(|t| {
                let mut o = Obj::default();
                o.int("AcceptedRouteCount", t.accepted_route_count);
                o.str(
                    "LastStatusChange",
                    t.last_status_change
                        .as_ref()
                        .and_then(|d| d.fmt(DateTimeFormat::DateTime).ok())
                        .map(|s| cli_timestamp(&s)),
                );
                o.str("OutsideIpAddress", t.outside_ip_address.clone());
                o.str("Status", t.status.as_ref().map(|s| s.as_str().to_string()));
                o.str("StatusMessage", t.status_message.clone());
                o.str("CertificateArn", t.certificate_arn.clone());
                o.done()
            })
            .collect();
        m.put("VgwTelemetry", Value::Array(list));
    }
    m.done()
}

/// `2019-07-24T17:28:32Z` → `2019-07-24T17:28:32+00:00`, as the AWS CLI prints timestamps.
fn cli_timestamp(s: &str) -> String {
    match s.strip_suffix('Z') {
        Some(head) => format!("{head}+00:00"),
        None => s.to_string(),
    }
}

fn options(o: &ec2::VpnConnectionOptions, secrets: Secrets) -> Value {
    let mut m = Obj::default();
    m.bool("EnableAcceleration", o.enable_acceleration);
    m.bool("StaticRoutesOnly", o.static_routes_only);
    m.str("LocalIpv4NetworkCidr", o.local_ipv4_network_cidr.clone());
    m.str("RemoteIpv4NetworkCidr", o.remote_ipv4_network_cidr.clone());
    m.str("LocalIpv6NetworkCidr", o.local_ipv6_network_cidr.clone());
    m.str("RemoteIpv6NetworkCidr", o.remote_ipv6_network_cidr.clone());
    m.str("OutsideIpAddressType", o.outside_ip_address_type.clone());
    m.str(
        "TransportTransitGatewayAttachmentId",
        o.transport_transit_gateway_attachment_id.clone(),
    );
    m.str(
        "TunnelInsideIpVersion",
        o.tunnel_inside_ip_version
            .as_ref()
            .map(|s| s.as_str().to_string()),
    );
    m.str(
        "TunnelBandwidth",
        o.tunnel_bandwidth.as_ref().map(|s| s.as_str().to_string()),
    );
    if let Some(t) = &o.tunnel_options {
        m.put(
            "TunnelOptions",
            Value::Array(t.iter().map(|t| tunnel(t, secrets)).collect()),
        );
    }
    m.done()
}

fn tunnel(t: &ec2::TunnelOption, secrets: Secrets) -> Value {
    let mut m = Obj::default();
    m.str("OutsideIpAddress", t.outside_ip_address.clone());
    m.str("TunnelInsideCidr", t.tunnel_inside_cidr.clone());
    m.str("TunnelInsideIpv6Cidr", t.tunnel_inside_ipv6_cidr.clone());
    if secrets == Secrets::Include {
        m.str("PreSharedKey", t.pre_shared_key.clone());
    }
    m.int("Phase1LifetimeSeconds", t.phase1_lifetime_seconds);
    m.int("Phase2LifetimeSeconds", t.phase2_lifetime_seconds);
    m.int("RekeyMarginTimeSeconds", t.rekey_margin_time_seconds);
    m.int("RekeyFuzzPercentage", t.rekey_fuzz_percentage);
    m.int("ReplayWindowSize", t.replay_window_size);
    m.int("DpdTimeoutSeconds", t.dpd_timeout_seconds);
    m.str("DpdTimeoutAction", t.dpd_timeout_action.clone());
    m.values(
        "Phase1EncryptionAlgorithms",
        t.phase1_encryption_algorithms
            .as_deref()
            .map(|l| l.iter().map(|x| str_val(x.value.as_deref())).collect()),
    );
    m.values(
        "Phase2EncryptionAlgorithms",
        t.phase2_encryption_algorithms
            .as_deref()
            .map(|l| l.iter().map(|x| str_val(x.value.as_deref())).collect()),
    );
    m.values(
        "Phase1IntegrityAlgorithms",
        t.phase1_integrity_algorithms
            .as_deref()
            .map(|l| l.iter().map(|x| str_val(x.value.as_deref())).collect()),
    );
    m.values(
        "Phase2IntegrityAlgorithms",
        t.phase2_integrity_algorithms
            .as_deref()
            .map(|l| l.iter().map(|x| str_val(x.value.as_deref())).collect()),
    );
    m.values(
        "Phase1DHGroupNumbers",
        t.phase1_dh_group_numbers
            .as_deref()
            .map(|l| l.iter().map(|x| int_val(x.value)).collect()),
    );
    m.values(
        "Phase2DHGroupNumbers",
        t.phase2_dh_group_numbers
            .as_deref()
            .map(|l| l.iter().map(|x| int_val(x.value)).collect()),
    );
    m.values(
        "IkeVersions",
        t.ike_versions
            .as_deref()
            .map(|l| l.iter().map(|x| str_val(x.value.as_deref())).collect()),
    );
    m.str("StartupAction", t.startup_action.clone());
    if let Some(lo) = &t.log_options {
        let mut l = Obj::default();
        if let Some(cw) = &lo.cloud_watch_log_options {
            let mut c = Obj::default();
            c.bool("LogEnabled", cw.log_enabled);
            c.str("LogGroupArn", cw.log_group_arn.clone());
            c.str("LogOutputFormat", cw.log_output_format.clone());
            c.bool("BgpLogEnabled", cw.bgp_log_enabled);
            c.str("BgpLogGroupArn", cw.bgp_log_group_arn.clone());
            c.str("BgpLogOutputFormat", cw.bgp_log_output_format.clone());
            l.put("CloudWatchLogOptions", c.done());
        }
        m.put("LogOptions", l.done());
    }
    m.bool(
        "EnableTunnelLifecycleControl",
        t.enable_tunnel_lifecycle_control,
    );
    m.done()
}

/// `{"Value": "AES128"}`; a list member without a value is `{}`, as the CLI prints it.
fn str_val(v: Option<&str>) -> Value {
    let mut o = Obj::default();
    o.str("Value", v.map(str::to_string));
    o.done()
}

fn int_val(v: Option<i32>) -> Value {
    let mut o = Obj::default();
    o.int("Value", v);
    o.done()
}

/// A JSON object that leaves out absent members, as the AWS CLI does.
#[derive(Default)]
struct Obj(Map<String, Value>);

impl Obj {
    fn put(&mut self, k: &str, v: Value) {
        self.0.insert(k.to_string(), v);
    }
    fn str(&mut self, k: &str, v: Option<String>) {
        if let Some(v) = v {
            self.put(k, Value::String(v));
        }
    }
    fn int(&mut self, k: &str, v: Option<i32>) {
        if let Some(v) = v {
            self.put(k, Value::from(v));
        }
    }
    fn bool(&mut self, k: &str, v: Option<bool>) {
        if let Some(v) = v {
            self.put(k, Value::Bool(v));
        }
    }
    fn values(&mut self, k: &str, v: Option<Vec<Value>>) {
        if let Some(v) = v {
            self.put(k, Value::Array(v));
        }
    }
    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_keys_are_blanked() {
        let x = "<a><bgp_auth_key>k1</bgp_auth_key><ipv6_bgp_auth_key>k2</ipv6_bgp_auth_key><ike><pre_shared_key>p1</pre_shared_key></ike><ike><pre_shared_key>p2</pre_shared_key></ike></a>";
        let b = blank_xml_secrets(x);
        assert_eq!(
            b,
            "<a><bgp_auth_key></bgp_auth_key><ipv6_bgp_auth_key></ipv6_bgp_auth_key><ike><pre_shared_key></pre_shared_key></ike><ike><pre_shared_key></pre_shared_key></ike></a>"
        );
        // A truncated document loses its tail, never keeps the key.
        let t = blank_xml_secrets("<a><pre_shared_key>secret-tail");
        assert!(!t.contains("secret"), "{t}");
    }

    #[test]
    fn sdk_vif_zero_vlan_is_absent_and_enums_are_wire_strings() {
        let v = dx::VirtualInterface::builder()
            .virtual_interface_id("dxvif-x")
            .vlan(0)
            .asn(0)
            .asn_long(4200000001)
            .address_family(dx::AddressFamily::IPv4)
            .virtual_interface_state(dx::VirtualInterfaceState::Available)
            .auth_key("k")
            .build();
        let j = vif_from_sdk(&v);
        assert_eq!(j.vlan, None);
        assert_eq!(j.asn_long, Some(4200000001));
        assert_eq!(j.address_family.as_deref(), Some("ipv4"));
        assert_eq!(j.virtual_interface_state.as_deref(), Some("available"));
        assert_eq!(j.auth_key, Some(Secret::new("k")));
    }

    #[test]
    fn vpn_secrets_are_left_out_unless_asked_for() {
        let t = ec2::TunnelOption::builder()
            .outside_ip_address("203.0.113.10")
            .pre_shared_key("psk_value_1")
            .phase1_dh_group_numbers(
                ec2::Phase1DhGroupNumbersListValue::builder()
                    .value(14)
                    .build(),
            )
            .ike_versions(ec2::IkeVersionsListValue::builder().value("ikev2").build())
            .build();
        let v = ec2::VpnConnection::builder()
            .vpn_connection_id("vpn-1")
            .customer_gateway_configuration(
                "<vpn_connection><ike><pre_shared_key>psk_value_1</pre_shared_key></ike></vpn_connection>",
            )
            .options(ec2::VpnConnectionOptions::builder().tunnel_options(t).build())
            .build();
        let with = vpn_to_cli_json(&v, Secrets::Include);
        let tun = &with["Options"]["TunnelOptions"][0];
        assert_eq!(tun["PreSharedKey"], "psk_value_1");
        assert_eq!(tun["Phase1DHGroupNumbers"][0]["Value"], 14);
        assert_eq!(tun["IkeVersions"][0]["Value"], "ikev2");
        let without = vpn_to_cli_json(&v, Secrets::Omit).to_string();
        assert!(!without.contains("psk_value_1"), "{without}");
        assert!(without.contains("<pre_shared_key></pre_shared_key>"));
    }
}

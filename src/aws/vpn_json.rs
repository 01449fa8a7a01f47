//! `aws ec2 describe-vpn-connections` output → one Peering per tunnel.
//! Accepts the CLI wrapper `{"VpnConnections": [...]}`, a bare list, or one object.
//!
//! `Options.TunnelOptions` are authoritative. The `CustomerGatewayConfiguration` XML fills
//! what they leave out (inside addresses, BGP ASNs and hold time, lifetimes, the key) and is
//! matched to a tunnel by the AWS outside IP, never by position: AWS does not keep the XML
//! in step with modified tunnel options, nor promise the same order.

use super::cgw_xml::{self, XmlConnection, XmlTunnel};
use super::json_error::{at_field, at_position, deserialize};
use super::kind::has_top_level_key;
use super::kind::{self, Kind};
use crate::error::InputError;
use crate::model::{Afi, Peering, PeeringKind, VpnTunnel, XmlProposal};
use crate::secret::Secret;
use crate::source::SourceFile;
use ipnet::IpNet;
use serde::Deserialize;
use std::net::IpAddr;

/// One `VpnConnection` as the CLI prints it (botocore member names). Unknown fields are
/// ignored so newer API versions keep working.
#[derive(Deserialize, Clone, Default)]
#[serde(rename_all = "PascalCase")]
pub struct VpnConnection {
    pub vpn_connection_id: Option<String>,
    pub customer_gateway_configuration: Option<String>,
    pub customer_gateway_id: Option<String>,
    pub category: Option<String>,
    pub state: Option<String>,
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    pub vpn_gateway_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub core_network_arn: Option<String>,
    pub options: Option<VpnOptions>,
    pub vgw_telemetry: Option<Vec<Telemetry>>,
}

impl VpnConnection {
    /// Nothing that names or describes a VPN connection: `{}`, or JSON of another kind.
    pub fn is_blank(&self) -> bool {
        self.vpn_connection_id.is_none()
            && self.options.is_none()
            && self.customer_gateway_configuration.is_none()
            && self.vgw_telemetry.is_none()
            && self.customer_gateway_id.is_none()
    }
}

#[derive(Deserialize, Clone, Default)]
#[serde(rename_all = "PascalCase")]
pub struct VpnOptions {
    pub static_routes_only: Option<bool>,
    pub tunnel_inside_ip_version: Option<String>,
    pub tunnel_options: Option<Vec<TunnelOption>>,
}

/// `TunnelOption` (output spelling: `DpdTimeoutSeconds`, `IkeVersions`, `Phase1DHGroupNumbers`).
#[derive(Deserialize, Clone, Default)]
#[serde(rename_all = "PascalCase")]
pub struct TunnelOption {
    pub outside_ip_address: Option<String>,
    pub tunnel_inside_cidr: Option<String>,
    pub tunnel_inside_ipv6_cidr: Option<String>,
    pub pre_shared_key: Option<Secret>,
    pub phase1_lifetime_seconds: Option<i64>,
    pub phase2_lifetime_seconds: Option<i64>,
    pub dpd_timeout_seconds: Option<i64>,
    pub dpd_timeout_action: Option<String>,
    pub phase1_encryption_algorithms: Option<Vec<Value<String>>>,
    pub phase2_encryption_algorithms: Option<Vec<Value<String>>>,
    pub phase1_integrity_algorithms: Option<Vec<Value<String>>>,
    pub phase2_integrity_algorithms: Option<Vec<Value<String>>>,
    #[serde(rename = "Phase1DHGroupNumbers")]
    pub phase1_dh_group_numbers: Option<Vec<Value<i64>>>,
    #[serde(rename = "Phase2DHGroupNumbers")]
    pub phase2_dh_group_numbers: Option<Vec<Value<i64>>>,
    pub ike_versions: Option<Vec<Value<String>>>,
    pub startup_action: Option<String>,
}

/// The `{"Value": …}` wrapper of every list in TunnelOption.
#[derive(Deserialize, Clone, Default)]
#[serde(rename_all = "PascalCase")]
pub struct Value<T> {
    pub value: Option<T>,
}

#[derive(Deserialize, Clone, Default)]
#[serde(rename_all = "PascalCase")]
pub struct Telemetry {
    pub outside_ip_address: Option<String>,
    pub status: Option<String>,
    pub status_message: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Wrapper {
    vpn_connections: Vec<VpnConnection>,
}

/// Read a VPN JSON file already loaded into a SourceFile.
pub fn load(src: &SourceFile) -> Result<Vec<Peering>, InputError> {
    if matches!(kind::sniff(&src.text), Kind::Vif | Kind::Terraform) {
        return Err(kind::wrong_kind(src, Kind::Vpn, "not a VPN export"));
    }
    let vpns = parse(src)?;
    // Bounded like VIFs (src/aws/vif_json.rs MAX_VIFS): an account has far fewer.
    if vpns.len() > super::vif_json::MAX_VIFS {
        return Err(at_position(
            src,
            1,
            1,
            format!(
                "{} VPN connections: more than {}, the most dxlint reads from one file",
                vpns.len(),
                super::vif_json::MAX_VIFS
            ),
            None,
        ));
    }
    if vpns.is_empty() {
        return Err(kind::wrong_kind(
            src,
            Kind::Vpn,
            "no VPN connections in this file",
        ));
    }
    if vpns.iter().any(VpnConnection::is_blank) {
        return Err(kind::wrong_kind(
            src,
            Kind::Vpn,
            "none of the fields of a VPN connection (VpnConnectionId, Options.TunnelOptions, CustomerGatewayConfiguration)",
        ));
    }
    let mut out = Vec::new();
    for vpn in &vpns {
        out.extend(to_peerings(vpn, Some(src))?);
    }
    super::vif_json::mark_secrets_omitted(src, &mut out);
    Ok(out)
}

/// The three accepted shapes.
pub fn parse(src: &SourceFile) -> Result<Vec<VpnConnection>, InputError> {
    match src.text.trim_start().chars().next() {
        Some('[') => deserialize::<Vec<VpnConnection>>(src, "list of VPN connections"),
        Some('{') if has_top_level_key(&src.text, "VpnConnections") => {
            Ok(deserialize::<Wrapper>(src, "describe-vpn-connections output")?.vpn_connections)
        }
        Some('{') => Ok(vec![deserialize::<VpnConnection>(src, "VPN connection")?]),
        _ => Err(at_position(
            src,
            1,
            1,
            "not JSON: expected `{` or `[`".into(),
            Some("pass the JSON printed by `aws ec2 describe-vpn-connections`".into()),
        )),
    }
}

/// The hold time AWS's VPN endpoints offer.
pub const VPN_HOLD_TIME: u32 = 30;

/// Convert one VPN connection into one Peering per tunnel. `src` locates errors; `None`
/// for live data.
pub fn to_peerings(
    vpn: &VpnConnection,
    src: Option<&SourceFile>,
) -> Result<Vec<Peering>, InputError> {
    let id = vpn
        .vpn_connection_id
        .clone()
        .unwrap_or_else(|| "vpn-?".into());
    // Printed in messages before it is checked: escaped.
    let id = crate::escape::text(&id).into_owned();
    let err = |field: &str, value: &str, message: String| -> InputError {
        match src {
            Some(s) => at_field(s, field, value, format!("{id}: {message}"), None),
            None => InputError::Aws {
                message: format!("{id}: {message}"),
                help: None,
            },
        }
    };
    // An exported file must carry AWS's own id; Terraform passes the resource address
    // (`src` is `None`), which is what a plan has before apply.
    if let Some(why) = vpn
        .vpn_connection_id
        .as_deref()
        .filter(|_| src.is_some())
        .and_then(|v| super::json_error::bad_id(v, "vpn-"))
    {
        let v = vpn.vpn_connection_id.as_deref().unwrap_or("");
        return Err(err("VpnConnectionId", v, format!("VpnConnectionId {why}")));
    }
    let xml = match vpn.customer_gateway_configuration.as_deref() {
        Some(x) if !x.trim().is_empty() => cgw_xml::read(x).map_err(|e| {
            err(
                "CustomerGatewayConfiguration",
                "",
                // The XML error may quote text from inside a key: names left out.
                format!(
                    "CustomerGatewayConfiguration is not valid customer-gateway XML: {}",
                    super::json_error::strip_quoted(&e, &['"', '`'])
                ),
            )
        })?,
        _ => XmlConnection::default(),
    };
    let options = vpn.options.clone().unwrap_or_default();
    let tgw = vpn.transit_gateway_id.is_some() || vpn.core_network_arn.is_some();
    let kind = if tgw {
        PeeringKind::VpnTgw
    } else {
        PeeringKind::VpnVgw
    };
    let static_only = options.static_routes_only.unwrap_or(false) || xml.static_routing;
    let ipv6 = options
        .tunnel_inside_ip_version
        .as_deref()
        .is_some_and(|v| v.eq_ignore_ascii_case("ipv6"));

    // Tunnels from the options, in their order, then XML tunnels the options do not name.
    let mut tunnels: Vec<(TunnelOption, Option<&XmlTunnel>)> = Vec::new();
    for t in options.tunnel_options.iter().flatten() {
        let outside = match t.outside_ip_address.as_deref() {
            Some(a) => Some(a.parse::<IpAddr>().map_err(|_| {
                err(
                    "OutsideIpAddress",
                    a,
                    format!("OutsideIpAddress `{a}` is not an IP address"),
                )
            })?),
            None => None,
        };
        let x = outside.and_then(|o| xml.tunnels.iter().find(|x| x.aws_outside_ip == Some(o)));
        tunnels.push((t.clone(), x));
    }
    for x in &xml.tunnels {
        let named = tunnels
            .iter()
            .any(|(_, seen)| seen.is_some_and(|s| std::ptr::eq(s, x)));
        if !named {
            let t = TunnelOption {
                outside_ip_address: x.aws_outside_ip.map(|a| a.to_string()),
                ..Default::default()
            };
            tunnels.push((t, Some(x)));
        }
    }
    if tunnels.is_empty() {
        return Err(err(
            "VpnConnectionId",
            &id,
            "no tunnels: neither Options.TunnelOptions nor CustomerGatewayConfiguration describes one".into(),
        ));
    }

    let mut out = Vec::new();
    for (n, (t, x)) in tunnels.iter().enumerate() {
        let outside_ip: Option<IpAddr> =
            t.outside_ip_address.as_deref().and_then(|a| a.parse().ok());
        let (amazon_address, customer_address) = inside_addresses(t, *x, ipv6, &err)?;
        let telemetry = vpn.vgw_telemetry.iter().flatten().find(|m| {
            m.outside_ip_address.as_deref().and_then(|a| a.parse().ok()) == outside_ip
                && outside_ip.is_some()
        });
        let tunnel = VpnTunnel {
            tunnel_number: u8::try_from(n + 1).unwrap_or(u8::MAX),
            outside_ip,
            customer_gateway_ip: x.and_then(|x| x.customer_outside_ip),
            psk: t
                .pre_shared_key
                .clone()
                .or_else(|| x.and_then(|x| x.psk.clone())),
            static_routes_only: static_only,
            ike_versions: ike_versions(t),
            phase1_encryption: strings(&t.phase1_encryption_algorithms),
            phase1_integrity: strings(&t.phase1_integrity_algorithms),
            phase1_dh_groups: numbers(&t.phase1_dh_group_numbers),
            phase2_encryption: strings(&t.phase2_encryption_algorithms),
            phase2_integrity: strings(&t.phase2_integrity_algorithms),
            phase2_dh_groups: numbers(&t.phase2_dh_group_numbers),
            phase1_lifetime: seconds(t.phase1_lifetime_seconds).or(x.and_then(|x| x.ike_lifetime)),
            phase2_lifetime: seconds(t.phase2_lifetime_seconds)
                .or(x.and_then(|x| x.ipsec_lifetime)),
            dpd_timeout: seconds(t.dpd_timeout_seconds),
            tunnel_status: telemetry.and_then(|m| {
                let status = m.status.clone()?;
                Some(match &m.status_message {
                    Some(msg) if !msg.is_empty() => format!("{status} ({msg})"),
                    _ => status,
                })
            }),
            xml_proposal: x.map(|x| XmlProposal {
                ike_encryption: x.ike_encryption.clone(),
                ike_integrity: x.ike_integrity.clone(),
                ike_dh_group: x.ike_dh_group,
                ipsec_encryption: x.ipsec_encryption.clone(),
                ipsec_integrity: x.ipsec_integrity.clone(),
                ipsec_pfs_group: x.ipsec_pfs_group,
                tcp_mss: x.tcp_mss,
            }),
        };
        out.push(Peering {
            id: format!("{id}/tunnel{}", n + 1),
            resource_id: id.clone(),
            kind,
            afi: if ipv6 { Afi::Ipv6 } else { Afi::Ipv4 },
            vlan: None,
            customer_asn: x.and_then(|x| x.customer_asn),
            amazon_asn: x.and_then(|x| x.aws_asn),
            amazon_address,
            customer_address,
            auth_key: None,
            mtu: None,
            jumbo_capable: None,
            aws_hold_time: x.and_then(|x| x.hold_time).unwrap_or(VPN_HOLD_TIME),
            prefix_limit: if tgw { 1000 } else { 100 },
            route_filter_prefixes: Vec::new(),
            resource_state: vpn.state.clone(),
            peer_state: None,
            secrets_omitted: false,
            vpn: Some(tunnel),
        });
    }
    Ok(out)
}

/// AWS uses the first host of the inside block, the customer gateway the second.
fn inside_addresses(
    t: &TunnelOption,
    x: Option<&XmlTunnel>,
    ipv6: bool,
    err: &dyn Fn(&str, &str, String) -> InputError,
) -> Result<(Option<IpNet>, Option<IpNet>), InputError> {
    let (field, cidr) = if ipv6 {
        ("TunnelInsideIpv6Cidr", t.tunnel_inside_ipv6_cidr.as_deref())
    } else {
        ("TunnelInsideCidr", t.tunnel_inside_cidr.as_deref())
    };
    if let Some(c) = cidr {
        let net: IpNet = c.parse().map_err(|_| {
            err(
                field,
                c,
                format!("{field} `{c}` is not a CIDR block (e.g. 169.254.10.0/30)"),
            )
        })?;
        let net = net.trunc();
        let want = if ipv6 { 126 } else { 30 };
        if net.prefix_len() != want {
            return Err(err(
                field,
                c,
                format!(
                    "{field} `{c}` is a /{}, but tunnel inside blocks are /{want}",
                    net.prefix_len()
                ),
            ));
        }
        let host = |k: u8| -> Option<IpNet> {
            let addr = match net.network() {
                IpAddr::V4(a) => IpAddr::V4((u32::from(a) + u32::from(k)).into()),
                IpAddr::V6(a) => IpAddr::V6((u128::from(a) + u128::from(k)).into()),
            };
            IpNet::new(addr, net.prefix_len()).ok()
        };
        return Ok((host(1), host(2)));
    }
    let net = |v: Option<(IpAddr, u8)>| v.and_then(|(a, l)| IpNet::new(a, l).ok());
    Ok((
        net(x.and_then(|x| x.aws_inside)),
        net(x.and_then(|x| x.customer_inside)),
    ))
}

fn strings(v: &Option<Vec<Value<String>>>) -> Vec<String> {
    v.iter()
        .flatten()
        .filter_map(|x| x.value.as_ref().map(|s| s.to_ascii_uppercase()))
        .collect()
}

fn numbers(v: &Option<Vec<Value<i64>>>) -> Vec<u32> {
    v.iter()
        .flatten()
        .filter_map(|x| x.value.and_then(|n| u32::try_from(n).ok()))
        .collect()
}

fn seconds(v: Option<i64>) -> Option<u32> {
    v.and_then(|n| u32::try_from(n).ok())
}

/// `ikev1`/`ikev2` → 1/2. Empty: both (AWS's default). The XML only shows the variant AWS
/// generated the sample configuration for, which does not restrict the tunnel.
fn ike_versions(t: &TunnelOption) -> Vec<u8> {
    t.ike_versions
        .iter()
        .flatten()
        .filter_map(|v| v.value.as_deref())
        .filter_map(|v| v.to_ascii_lowercase().strip_prefix("ikev")?.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests;

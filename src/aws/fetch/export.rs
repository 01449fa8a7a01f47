//! `dxlint export`: the JSON that `--vif-json` / `--vpn-json` read, in the AWS CLI's shape
//! (`{"virtualInterfaces": [...]}` with camelCase members; `{"VpnConnections": [...]}` with
//! PascalCase members).
//!
//! VIFs are written from the same [`vif_json::VirtualInterface`] the linter uses (plus the
//! descriptive members dxlint does not read, such as `ownerAccount` and `tags`), so an export
//! read back with `--vif-json` gives the same Peerings as the live fetch. Keys (`authKey`,
//! `PreSharedKey`, and `<bgp_auth_key>` / `<pre_shared_key>` in the router-configuration XML)
//! are written only with [`Secrets::Include`].

use super::convert::{blank_xml_secrets, vif_from_sdk, vpn_to_cli_json, Secrets};
use crate::aws::vif_json;
use crate::secret::Secret;
use aws_sdk_directconnect::types as dx;
use aws_sdk_ec2::types as ec2;
use serde_json::{Map, Value};

/// `{"virtualInterfaces": [...]}`.
pub fn vifs_json(vifs: &[dx::VirtualInterface], secrets: Secrets) -> Value {
    let list = vifs.iter().map(|v| vif_value(v, secrets)).collect();
    let mut m = Map::new();
    m.insert("virtualInterfaces".into(), Value::Array(list));
    mark_omitted(&mut m, secrets);
    Value::Object(m)
}

/// `{"VpnConnections": [...]}`.
pub fn vpns_json(vpns: &[ec2::VpnConnection], secrets: Secrets) -> Value {
    let list = vpns.iter().map(|v| vpn_to_cli_json(v, secrets)).collect();
    let mut m = Map::new();
    m.insert("VpnConnections".into(), Value::Array(list));
    mark_omitted(&mut m, secrets);
    Value::Object(m)
}

/// Without keys, say so in the file: the loaders then treat a missing key as unknown
/// instead of "AWS has no key" (which would report every configured MD5 key as unexpected).
fn mark_omitted(m: &mut Map<String, Value>, secrets: Secrets) {
    if secrets == Secrets::Omit {
        m.insert(
            crate::aws::vif_json::SECRETS_OMITTED_KEY.into(),
            Value::Bool(true),
        );
    }
}

/// Pretty JSON with a final newline.
pub fn render(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn vif_value(sdk: &dx::VirtualInterface, secrets: Secrets) -> Value {
    let v = vif_from_sdk(sdk);
    let mut m = Obj::default();
    // What dxlint reads.
    m.str("virtualInterfaceId", &v.virtual_interface_id);
    m.str("virtualInterfaceType", &v.virtual_interface_type);
    m.str("virtualInterfaceName", &v.virtual_interface_name);
    m.int("vlan", v.vlan);
    m.int("asn", v.asn);
    m.int("asnLong", v.asn_long);
    m.int("amazonSideAsn", v.amazon_side_asn);
    m.secret("authKey", &v.auth_key, secrets);
    m.str("amazonAddress", &v.amazon_address);
    m.str("customerAddress", &v.customer_address);
    m.str("addressFamily", &v.address_family);
    m.str("virtualInterfaceState", &v.virtual_interface_state);
    m.xml("customerRouterConfig", &v.customer_router_config, secrets);
    m.int("mtu", v.mtu);
    m.bool("jumboFrameCapable", v.jumbo_frame_capable);
    if let Some(rf) = &v.route_filter_prefixes {
        let list = rf
            .iter()
            .map(|r| {
                let mut o = Obj::default();
                o.str("cidr", &r.cidr);
                o.done()
            })
            .collect();
        m.put("routeFilterPrefixes", Value::Array(list));
    }
    if let Some(peers) = &v.bgp_peers {
        let sdk_peers = sdk.bgp_peers();
        let list = peers
            .iter()
            .enumerate()
            .map(|(i, p)| peer_value(p, sdk_peers.get(i), secrets))
            .collect();
        m.put("bgpPeers", Value::Array(list));
    }
    m.str("region", &v.region);
    m.str("connectionId", &v.connection_id);
    // Descriptive members dxlint does not read, kept so the file is a faithful export.
    m.str("ownerAccount", &sdk.owner_account);
    m.str("location", &sdk.location);
    m.str("virtualGatewayId", &sdk.virtual_gateway_id);
    m.str("directConnectGatewayId", &sdk.direct_connect_gateway_id);
    m.str("awsDeviceV2", &sdk.aws_device_v2);
    m.str("awsLogicalDeviceId", &sdk.aws_logical_device_id);
    m.bool("siteLinkEnabled", sdk.site_link_enabled);
    m.int(
        "prefixPoolAllocatedCountIpv4",
        sdk.prefix_pool_allocated_count_ipv4.map(i64::from),
    );
    m.int(
        "prefixPoolAllocatedCountIpv6",
        sdk.prefix_pool_allocated_count_ipv6.map(i64::from),
    );
    m.str("rateLimit", &sdk.rate_limit);
    if let Some(tags) = &sdk.tags {
        let list = tags
            .iter()
            .map(|t| {
                let mut o = Obj::default();
                o.put("key", Value::String(t.key.clone()));
                o.str("value", &t.value);
                o.done()
            })
            .collect();
        m.put("tags", Value::Array(list));
    }
    m.done()
}

fn peer_value(p: &vif_json::BgpPeer, sdk: Option<&dx::BgpPeer>, secrets: Secrets) -> Value {
    let mut m = Obj::default();
    m.str("bgpPeerId", &p.bgp_peer_id);
    m.int("asn", p.asn);
    m.int("asnLong", p.asn_long);
    m.secret("authKey", &p.auth_key, secrets);
    m.str("addressFamily", &p.address_family);
    m.str("amazonAddress", &p.amazon_address);
    m.str("customerAddress", &p.customer_address);
    m.str("bgpPeerState", &p.bgp_peer_state);
    m.str("bgpStatus", &p.bgp_status);
    if let Some(s) = sdk {
        m.str("awsDeviceV2", &s.aws_device_v2);
        m.str("awsLogicalDeviceId", &s.aws_logical_device_id);
    }
    m.done()
}

/// A JSON object that leaves out absent members, as the AWS CLI does.
#[derive(Default)]
struct Obj(Map<String, Value>);

impl Obj {
    fn put(&mut self, k: &str, v: Value) {
        self.0.insert(k.to_string(), v);
    }
    fn str(&mut self, k: &str, v: &Option<String>) {
        if let Some(v) = v {
            self.put(k, Value::String(v.clone()));
        }
    }
    fn int(&mut self, k: &str, v: Option<i64>) {
        if let Some(v) = v {
            self.put(k, Value::from(v));
        }
    }
    fn bool(&mut self, k: &str, v: Option<bool>) {
        if let Some(v) = v {
            self.put(k, Value::Bool(v));
        }
    }
    /// The key itself with `Secrets::Include`; left out otherwise.
    fn secret(&mut self, k: &str, v: &Option<Secret>, secrets: Secrets) {
        if let (Some(s), Secrets::Include) = (v, secrets) {
            self.put(k, s.expose_with(|t| Value::String(t.to_string())));
        }
    }
    /// Router-configuration XML, keys emptied unless `Secrets::Include`.
    fn xml(&mut self, k: &str, v: &Option<String>, secrets: Secrets) {
        if let Some(x) = v {
            let x = match secrets {
                Secrets::Include => x.clone(),
                Secrets::Omit => blank_xml_secrets(x),
            };
            self.put(k, Value::String(x));
        }
    }
    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

/// Write an export to a file; with secrets in it, readable by the owner only (Unix).
pub fn write_file(
    path: &std::path::Path,
    text: &str,
    secrets: Secrets,
) -> Result<(), crate::error::InputError> {
    // 0600 even over an existing file, never through a symlink (src/fsio.rs).
    crate::fsio::write_file(path, text, secrets == Secrets::Include).map_err(|e| {
        crate::error::InputError::Read {
            file: path.display().to_string(),
            reason: format!("cannot write: {e}"),
        }
    })
}

//! `aws directconnect describe-virtual-interfaces` output → Peerings.
//! Accepts the CLI wrapper `{"virtualInterfaces": [...]}`, a bare list, or one object.

use super::json_error::{at_field, at_position, deserialize};
use super::kind::{self, has_top_level_key, Kind};
use crate::error::InputError;
use crate::model::{Afi, Peering, PeeringKind};
use crate::secret::Secret;
use crate::source::SourceFile;
use ipnet::IpNet;
use serde::Deserialize;

/// One `VirtualInterface` as the CLI (and the awsJson1_1 wire format) spells it.
/// Unknown fields are ignored so newer API versions keep working.
#[derive(Deserialize, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct VirtualInterface {
    pub virtual_interface_id: Option<String>,
    pub virtual_interface_type: Option<String>,
    pub virtual_interface_name: Option<String>,
    pub vlan: Option<i64>,
    pub asn: Option<i64>,
    pub asn_long: Option<i64>,
    pub amazon_side_asn: Option<i64>,
    pub auth_key: Option<Secret>,
    pub amazon_address: Option<String>,
    pub customer_address: Option<String>,
    pub address_family: Option<String>,
    pub virtual_interface_state: Option<String>,
    pub customer_router_config: Option<String>,
    pub mtu: Option<i64>,
    pub jumbo_frame_capable: Option<bool>,
    pub route_filter_prefixes: Option<Vec<RouteFilterPrefix>>,
    pub bgp_peers: Option<Vec<BgpPeer>>,
    pub region: Option<String>,
    pub connection_id: Option<String>,
}

impl VirtualInterface {
    /// No field that says which VIF this is or how it peers: not a VIF at all (`{}`, or
    /// JSON of another kind).
    pub fn is_blank(&self) -> bool {
        self.virtual_interface_id.is_none()
            && self.vlan.is_none()
            && self.asn.is_none()
            && self.asn_long.is_none()
            && self.amazon_address.is_none()
            && self.customer_address.is_none()
            && self.bgp_peers.is_none()
            && self.virtual_interface_type.is_none()
    }
}

#[derive(Deserialize, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct RouteFilterPrefix {
    pub cidr: Option<String>,
}

#[derive(Deserialize, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct BgpPeer {
    pub bgp_peer_id: Option<String>,
    pub asn: Option<i64>,
    pub asn_long: Option<i64>,
    pub auth_key: Option<Secret>,
    pub address_family: Option<String>,
    pub amazon_address: Option<String>,
    pub customer_address: Option<String>,
    pub bgp_peer_state: Option<String>,
    pub bgp_status: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wrapper {
    virtual_interfaces: Vec<VirtualInterface>,
}

/// Read a VIF JSON file already loaded into a SourceFile.
pub fn load(src: &SourceFile) -> Result<Vec<Peering>, InputError> {
    if matches!(kind::sniff(&src.text), Kind::Vpn | Kind::Terraform) {
        return Err(kind::wrong_kind(src, Kind::Vif, "not a VIF export"));
    }
    let vifs = parse(src)?;
    if vifs.is_empty() {
        return Err(kind::wrong_kind(
            src,
            Kind::Vif,
            "no virtual interfaces in this file",
        ));
    }
    if vifs.iter().any(VirtualInterface::is_blank) {
        return Err(kind::wrong_kind(
            src,
            Kind::Vif,
            "none of the fields of a virtual interface (virtualInterfaceId, vlan, asn, amazonAddress, customerAddress, bgpPeers)",
        ));
    }
    if vifs.len() > MAX_VIFS {
        return Err(at_position(
            src,
            1,
            1,
            format!(
                "{} virtual interfaces: more than {MAX_VIFS}, the most dxlint reads from one file",
                vifs.len()
            ),
            Some(
                "export the VIFs of the routers being linted, not the whole account history".into(),
            ),
        ));
    }
    let mut out = Vec::new();
    for (i, vif) in vifs.iter().enumerate() {
        out.extend(to_peerings(vif, i, Some(src))?);
    }
    mark_secrets_omitted(src, &mut out);
    Ok(out)
}

/// Top-level key `dxlint export` writes when it left the keys out.
pub const SECRETS_OMITTED_KEY: &str = "dxlintSecretsOmitted";

/// A file exported without keys: a missing key is unknown, not absent.
pub(crate) fn mark_secrets_omitted(src: &SourceFile, peerings: &mut [Peering]) {
    if has_top_level_key(&src.text, SECRETS_OMITTED_KEY) {
        for p in peerings {
            p.secrets_omitted = true;
        }
    }
}

/// The three accepted shapes.
pub fn parse(src: &SourceFile) -> Result<Vec<VirtualInterface>, InputError> {
    let first = src.text.trim_start().chars().next();
    match first {
        Some('[') => deserialize::<Vec<VirtualInterface>>(src, "list of virtual interfaces"),
        Some('{') => {
            if has_top_level_key(&src.text, "virtualInterfaces") {
                Ok(
                    deserialize::<Wrapper>(src, "describe-virtual-interfaces output")?
                        .virtual_interfaces,
                )
            } else {
                Ok(vec![deserialize::<VirtualInterface>(
                    src,
                    "virtual interface",
                )?])
            }
        }
        _ => Err(at_position(
            src,
            1,
            1,
            "not JSON: expected `{` or `[`".into(),
            Some("pass the JSON printed by `aws directconnect describe-virtual-interfaces`".into()),
        )),
    }
}

/// Convert one VIF into one Peering per BGP peer. `src` locates errors; `None` for live data.
/// BGP peers on one VIF: AWS allows one per address family (and a few more while one is
/// being replaced); a file with thousands is not an export.
pub const MAX_BGP_PEERS: usize = 64;

/// VIFs in one file: an account has at most a few hundred; the pairing of peerings with
/// neighbors is bounded by this cap times the configuration's neighbors.
pub const MAX_VIFS: usize = 4096;

pub fn to_peerings(
    vif: &VirtualInterface,
    index: usize,
    src: Option<&SourceFile>,
) -> Result<Vec<Peering>, InputError> {
    let id = vif
        .virtual_interface_id
        .clone()
        .unwrap_or_else(|| format!("vif#{}", index + 1));
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
    if let Some(why) = vif
        .virtual_interface_id
        .as_deref()
        .filter(|_| src.is_some())
        .and_then(|v| super::json_error::bad_id(v, "dxvif-"))
    {
        let v = vif.virtual_interface_id.as_deref().unwrap_or("");
        return Err(err(
            "virtualInterfaceId",
            v,
            format!("virtualInterfaceId {why}"),
        ));
    }
    let kind = match vif.virtual_interface_type.as_deref().unwrap_or("private") {
        "private" => PeeringKind::PrivateVif,
        "transit" => PeeringKind::TransitVif,
        "public" => PeeringKind::PublicVif,
        other => {
            return Err(err(
                "virtualInterfaceType",
                other,
                format!("virtualInterfaceType `{other}` is not private, transit or public"),
            ))
        }
    };
    let vlan = match vif.vlan {
        Some(v) if (1..=4094).contains(&v) => Some(v as u16),
        Some(v) => {
            return Err(err(
                "vlan",
                &v.to_string(),
                format!("vlan {v} is not a VLAN ID (1-4094)"),
            ))
        }
        None => None,
    };
    let mtu = match vif.mtu {
        Some(v) if (576..=9216).contains(&v) => Some(v as u32),
        Some(v) => {
            return Err(err(
                "mtu",
                &v.to_string(),
                format!("mtu {v} is not a valid IP MTU"),
            ))
        }
        None => Some(1500),
    };
    let amazon_asn = match vif.amazon_side_asn {
        Some(v) => Some(check_asn(v).ok_or_else(|| {
            err(
                "amazonSideAsn",
                &v.to_string(),
                format!("amazonSideAsn {v} is not an AS number (1-4294967294)"),
            )
        })?),
        None => vif
            .customer_router_config
            .as_deref()
            .and_then(|x| xml_element(x, "amazon_bgp_asn"))
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(check_asn),
    };
    let mut route_filter = Vec::new();
    for rf in vif.route_filter_prefixes.iter().flatten() {
        let Some(cidr) = rf.cidr.as_deref() else {
            continue;
        };
        match cidr.parse::<IpNet>() {
            Ok(n) => route_filter.push(n),
            Err(_) => {
                return Err(err(
                    "cidr",
                    cidr,
                    format!("routeFilterPrefixes cidr `{cidr}` is not a prefix"),
                ))
            }
        }
    }
    // One peering per BGP peer; older outputs without bgpPeers describe the one peer at
    // the top level.
    let fallback;
    let peers: &[BgpPeer] = match vif.bgp_peers.as_deref() {
        Some(p) if !p.is_empty() => p,
        _ => {
            fallback = [BgpPeer {
                bgp_peer_id: None,
                asn: vif.asn,
                asn_long: vif.asn_long,
                auth_key: vif.auth_key.clone(),
                address_family: vif.address_family.clone(),
                amazon_address: vif.amazon_address.clone(),
                customer_address: vif.customer_address.clone(),
                bgp_peer_state: None,
                bgp_status: None,
            }];
            &fallback
        }
    };
    if peers.len() > MAX_BGP_PEERS {
        return Err(err(
            "bgpPeers",
            "",
            format!(
                "{} BGP peers: more than {MAX_BGP_PEERS}, far above what a VIF can have",
                peers.len()
            ),
        ));
    }
    // Peers per address family, counted once (counting per peer was quadratic).
    let mut per_family: std::collections::HashMap<Option<&str>, usize> =
        std::collections::HashMap::new();
    for p in peers {
        *per_family.entry(p.address_family.as_deref()).or_default() += 1;
    }
    let mut out = Vec::new();
    for peer in peers {
        if matches!(peer.bgp_peer_state.as_deref(), Some("deleted")) {
            continue;
        }
        let customer_asn =
            customer_asn(peer.asn_long, peer.asn).or_else(|| customer_asn(vif.asn_long, vif.asn));
        if let Some(bad) = [peer.asn_long, peer.asn]
            .into_iter()
            .flatten()
            .find(|v| *v < 0 || *v > 4294967294)
        {
            return Err(err(
                "asnLong",
                &bad.to_string(),
                format!("ASN {bad} is out of range (1-4294967294)"),
            ));
        }
        // `asn: 0` means "see asnLong"; both 0 leaves no AS number at all.
        if customer_asn.is_none()
            && [peer.asn_long, peer.asn, vif.asn_long, vif.asn].contains(&Some(0))
        {
            return Err(err(
                "asn",
                "0",
                "ASN 0 is not an AS number, and asnLong names none either (1-4294967294)".into(),
            ));
        }
        let amazon_address = parse_net(peer.amazon_address.as_deref()).map_err(|v| {
            err("amazonAddress", &v, format!("amazonAddress `{v}` is not an address with a prefix length (e.g. 169.254.255.1/30)"))
        })?;
        let customer_address = parse_net(peer.customer_address.as_deref()).map_err(|v| {
            err("customerAddress", &v, format!("customerAddress `{v}` is not an address with a prefix length (e.g. 169.254.255.2/30)"))
        })?;
        let afi = match peer.address_family.as_deref() {
            Some("ipv6") => Afi::Ipv6,
            Some("ipv4") => Afi::Ipv4,
            _ => amazon_address
                .or(customer_address)
                .map(|n| Afi::of(n.addr()))
                .unwrap_or(Afi::Ipv4),
        };
        let family_count = per_family
            .get(&peer.address_family.as_deref())
            .copied()
            .unwrap_or(0);
        let peering_id = match (&peer.bgp_peer_id, family_count > 1) {
            (Some(pid), true) => format!("{id}/{}-{pid}", afi.as_str()),
            _ => format!("{id}/{}", afi.as_str()),
        };
        out.push(Peering {
            id: peering_id,
            resource_id: id.clone(),
            kind,
            afi,
            vlan,
            customer_asn,
            amazon_asn,
            amazon_address,
            customer_address,
            auth_key: peer.auth_key.clone().filter(|k| !k.is_empty()),
            mtu,
            jumbo_capable: vif.jumbo_frame_capable,
            aws_hold_time: 90,
            prefix_limit: if kind == PeeringKind::PublicVif {
                1000
            } else {
                100
            },
            route_filter_prefixes: route_filter.clone(),
            resource_state: vif.virtual_interface_state.clone(),
            peer_state: peer.bgp_peer_state.clone(),
            secrets_omitted: false,
            vpn: None,
        });
    }
    Ok(out)
}

/// `asnLong` when present and non-zero, else `asn` (0 there means "see asnLong").
fn customer_asn(asn_long: Option<i64>, asn: Option<i64>) -> Option<u32> {
    asn_long
        .filter(|v| *v != 0)
        .or(asn.filter(|v| *v != 0))
        .and_then(check_asn)
}

fn check_asn(v: i64) -> Option<u32> {
    (1..=4294967294).contains(&v).then_some(v as u32)
}

fn parse_net(s: Option<&str>) -> Result<Option<IpNet>, String> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse::<IpNet>().map(Some).map_err(|_| v.to_string()),
    }
}

/// Text of the first `<name>…</name>` element (the router-config XML is tiny and flat).
pub(crate) fn xml_element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&close)? + start;
    Some(&xml[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(s: &str) -> Result<Vec<Peering>, InputError> {
        load(&SourceFile::new("t.json", s))
    }

    #[test]
    fn three_shapes_give_the_same_peerings() {
        let one = r#"{"virtualInterfaceId":"dxvif-a","virtualInterfaceType":"private","vlan":101,"asn":65010,"amazonSideAsn":64512,"amazonAddress":"169.254.1.1/30","customerAddress":"169.254.1.2/30","addressFamily":"ipv4","authKey":"0xKEYKEYKEY"}"#;
        let a = load_str(one).unwrap();
        let b = load_str(&format!("[{one}]")).unwrap();
        let c = load_str(&format!("{{\"virtualInterfaces\": [{one}]}}")).unwrap();
        for p in [&a, &b, &c] {
            assert_eq!(p.len(), 1);
            assert_eq!(p[0].id, "dxvif-a/ipv4");
            assert_eq!(p[0].vlan, Some(101));
            assert_eq!(p[0].customer_asn, Some(65010));
            assert_eq!(p[0].amazon_asn, Some(64512));
            assert_eq!(p[0].prefix_limit, 100);
            assert!(p[0].auth_key.is_some());
        }
    }

    #[test]
    fn asn_long_wins_when_nonzero_and_dual_stack_gives_two_peerings() {
        let j = r#"{"virtualInterfaces":[{"virtualInterfaceId":"dxvif-b","virtualInterfaceType":"transit","vlan":5,"asn":0,"asnLong":4200000001,"amazonSideAsn":64700,"bgpPeers":[
          {"bgpPeerId":"p1","asn":0,"asnLong":4200000001,"addressFamily":"ipv4","amazonAddress":"169.254.2.1/30","customerAddress":"169.254.2.2/30"},
          {"bgpPeerId":"p2","asn":0,"asnLong":4200000001,"addressFamily":"ipv6","amazonAddress":"2001:db8::1/125","customerAddress":"2001:db8::6/125"}]}]}"#;
        let p = load_str(j).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].customer_asn, Some(4200000001));
        assert_eq!(p[1].id, "dxvif-b/ipv6");
        assert_eq!(p[1].afi, Afi::Ipv6);
        assert_eq!(p[0].kind, PeeringKind::TransitVif);
    }

    #[test]
    fn wrong_types_and_ranges_name_the_field() {
        let e = load_str(r#"{"virtualInterfaces":[{"vlan":"abc"}]}"#).unwrap_err();
        assert!(e.to_string().contains("virtualInterfaces[0].vlan"), "{e}");
        let e = load_str(r#"[{"virtualInterfaceId":"dxvif-c","vlan":5000}]"#).unwrap_err();
        assert!(e.to_string().contains("vlan 5000"), "{e}");
        let e =
            load_str(r#"[{"virtualInterfaceId":"dxvif-c","vlan":10,"amazonSideAsn":4294967296}]"#)
                .unwrap_err();
        assert!(e.to_string().contains("amazonSideAsn"), "{e}");
        let e = load_str("not json").unwrap_err();
        assert!(e.to_string().contains("not JSON"), "{e}");
        let e = load_str(r#"{"virtualInterfaces":[]}"#).unwrap_err();
        assert!(e.to_string().contains("no virtual interfaces"), "{e}");
        let e = load_str(r#"[{"virtualInterfaceId":"dxvif-c","asn":0,"asnLong":0}]"#).unwrap_err();
        assert!(e.to_string().contains("ASN 0"), "{e}");
        let e = load_str(r#"[{"customerAddress":"169.254.1.2"}]"#).unwrap_err();
        assert!(e.to_string().contains("customerAddress"), "{e}");
    }

    #[test]
    fn public_vif_amazon_asn_falls_back_to_router_config_xml() {
        let j = r#"[{"virtualInterfaceId":"dxvif-p","virtualInterfaceType":"public","vlan":7,"asn":64496,"customerRouterConfig":"<logical_connection><amazon_bgp_asn>7224</amazon_bgp_asn></logical_connection>","routeFilterPrefixes":[{"cidr":"198.51.100.0/24"}],"amazonAddress":"203.0.113.1/30","customerAddress":"203.0.113.2/30"}]"#;
        let p = load_str(j).unwrap();
        assert_eq!(p[0].amazon_asn, Some(7224));
        assert_eq!(p[0].prefix_limit, 1000);
        assert_eq!(p[0].route_filter_prefixes.len(), 1);
    }
}

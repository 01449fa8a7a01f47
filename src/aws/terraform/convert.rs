//! Terraform resources → the describe-* structs → Peerings, through the same conversion as
//! exported JSON (`vif_json::to_peerings`, `vpn_json::to_peerings`), so both inputs give
//! the same Peerings and the same findings. What Terraform knows only after apply is left
//! out (never guessed) and listed per peering for one "unknown until apply" note.

use super::resource::Resource;
use crate::aws::vif_json::{self, BgpPeer, RouteFilterPrefix, VirtualInterface};
use crate::aws::vpn_json::{self, TunnelOption, Value as Wrapped, VpnConnection, VpnOptions};
use crate::error::InputError;
use crate::model::Peering;
use crate::secret::Secret;

/// VIF resource types and the `virtualInterfaceType` each stands for. The hosted
/// (creator-side) resources carry the same BGP fields as the others.
pub const VIF_TYPES: &[(&str, &str)] = &[
    ("aws_dx_private_virtual_interface", "private"),
    ("aws_dx_transit_virtual_interface", "transit"),
    ("aws_dx_public_virtual_interface", "public"),
    ("aws_dx_hosted_private_virtual_interface", "private"),
    ("aws_dx_hosted_transit_virtual_interface", "transit"),
    ("aws_dx_hosted_public_virtual_interface", "public"),
];
pub const VPN_TYPE: &str = "aws_vpn_connection";
const BGP_PEER: &str = "aws_dx_bgp_peer";
const CUSTOMER_GATEWAY: &str = "aws_customer_gateway";
const VPN_GATEWAY: &str = "aws_vpn_gateway";
const TRANSIT_GATEWAY: &str = "aws_ec2_transit_gateway";
const DX_GATEWAY: &str = "aws_dx_gateway";
/// The Amazon-side ASN of a virtual private gateway or transit gateway created without one.
const DEFAULT_AMAZON_ASN: u32 = 64512;

/// Attributes that hold keys: read into `Secret`, never printed, even when sensitive.
fn holds_secret(attr: &str) -> bool {
    attr == "bgp_auth_key"
        || attr == "customer_gateway_configuration"
        || (attr.starts_with("tunnel") && attr.ends_with("_preshared_key"))
}

/// Whether a resource is one dxlint lints against.
pub fn is_peering_resource(rtype: &str) -> bool {
    rtype == VPN_TYPE || VIF_TYPES.iter().any(|(t, _)| *t == rtype)
}

/// Peerings, with one note per peering that has values unknown until apply.
#[derive(Default)]
pub struct Converted {
    pub peerings: Vec<Peering>,
    /// (peering id, message).
    pub notes: Vec<(String, String)>,
}

/// Convert the VIFs and VPNs among `all` (the others are there to be referenced).
/// `chosen`: the addresses to convert.
pub fn convert(all: &[Resource], chosen: &[&Resource]) -> Result<Converted, InputError> {
    let mut out = Converted::default();
    for (i, r) in chosen.iter().enumerate() {
        let mut r = (*r).clone();
        let mut hidden = Vec::new();
        for k in r.sensitive.clone() {
            if !holds_secret(&k) && r.values.remove(&k).is_some() {
                hidden.push(k);
            }
        }
        let (peerings, unknown) = if r.rtype == VPN_TYPE {
            vpn(all, &r)?
        } else {
            vif(all, &r, i)?
        };
        for mut p in peerings {
            let mut what: Vec<String> = unknown
                .iter()
                .filter(|(tunnel, _)| tunnel.is_none_or(|n| Some(n) == tunnel_of(&p)))
                .map(|(_, w)| w.clone())
                .collect();
            what.dedup();
            if what.iter().any(|w| w.contains("key")) {
                // Whether and which key AWS has is not known: key checks stay quiet.
                p.secrets_omitted = true;
            }
            let mut parts = Vec::new();
            if !what.is_empty() {
                parts.push(format!(
                    "unknown until apply: {}; the checks that need them are skipped",
                    what.join(", ")
                ));
            }
            if !hidden.is_empty() {
                parts.push(format!(
                    "marked sensitive in Terraform, not read: {}",
                    hidden.join(", ")
                ));
            }
            if !parts.is_empty() {
                out.notes
                    .push((p.id.clone(), format!("{}: {}", p.id, parts.join("; "))));
            }
            out.peerings.push(p);
        }
    }
    Ok(out)
}

fn tunnel_of(p: &Peering) -> Option<u8> {
    p.vpn.as_ref().map(|v| v.tunnel_number)
}

/// What is unknown: (tunnel number for one tunnel only, description).
type Unknowns = Vec<(Option<u8>, String)>;

/// The resource an attribute references: through the plan's configuration / the HCL
/// expression, else by the referenced resource's `id` value (state).
fn referenced<'a>(
    all: &'a [Resource],
    r: &Resource,
    attr: &str,
    rtype: &str,
) -> Option<&'a Resource> {
    if let Some(addr) = r.refs.get(attr) {
        if let Some(t) = all
            .iter()
            .find(|x| x.base_address() == addr && x.rtype == rtype)
        {
            return Some(t);
        }
    }
    let id = r.str(attr)?;
    all.iter()
        .find(|x| x.rtype == rtype && x.str("id").as_deref() == Some(id.as_str()))
}

/// The Amazon-side ASN of a gateway: its value; AWS's default when the configuration does
/// not set it (virtual private and transit gateways); else unknown (`Err`).
fn gateway_asn(g: &Resource) -> Result<Option<i64>, ()> {
    if let Some(v) = g.int("amazon_side_asn") {
        return Ok(Some(v));
    }
    let set = g
        .configured
        .as_ref()
        .is_some_and(|c| c.contains("amazon_side_asn"));
    if g.rtype != DX_GATEWAY && !set {
        return Ok(Some(i64::from(DEFAULT_AMAZON_ASN)));
    }
    if g.is_unknown("amazon_side_asn") || set {
        Err(())
    } else {
        Ok(None)
    }
}

fn vif(
    all: &[Resource],
    r: &Resource,
    index: usize,
) -> Result<(Vec<Peering>, Unknowns), InputError> {
    let kind = VIF_TYPES
        .iter()
        .find(|(t, _)| *t == r.rtype)
        .map(|(_, k)| *k)
        .unwrap_or("private");
    let mut unknown: Unknowns = Vec::new();
    let mut note = |w: &str| unknown.push((None, w.to_string()));
    for (attr, what) in [
        ("vlan", "the VLAN"),
        ("bgp_asn", "the customer ASN"),
        (
            "amazon_address",
            "the inside addresses (set at apply time, or assigned by AWS when none are given)",
        ),
        (
            "customer_address",
            "the inside addresses (set at apply time, or assigned by AWS when none are given)",
        ),
        (
            "bgp_auth_key",
            "the BGP MD5 key (set at apply time, or generated by AWS when none is given)",
        ),
        ("mtu", "the MTU"),
    ] {
        if r.is_unknown(attr) {
            note(what);
        }
    }
    let mut amazon_side_asn = r.int("amazon_side_asn");
    if amazon_side_asn.is_none() {
        let gw = referenced(all, r, "dx_gateway_id", DX_GATEWAY)
            .or_else(|| referenced(all, r, "vpn_gateway_id", VPN_GATEWAY));
        match gw.map(gateway_asn) {
            Some(Ok(v)) => amazon_side_asn = v,
            Some(Err(())) => note("the Amazon-side ASN"),
            None if r.is_unknown("amazon_side_asn") => note("the Amazon-side ASN"),
            None => {}
        }
    }
    let main = BgpPeer {
        asn: r.int("bgp_asn"),
        auth_key: r.str("bgp_auth_key").map(Secret::new),
        address_family: r.str("address_family"),
        amazon_address: r.str("amazon_address"),
        customer_address: r.str("customer_address"),
        ..Default::default()
    };
    let mut extra = Vec::new();
    for b in all.iter().filter(|b| b.rtype == BGP_PEER) {
        let ours = match referenced(all, b, "virtual_interface_id", &r.rtype) {
            Some(v) => v.address == r.address,
            None => false,
        };
        if !ours {
            continue;
        }
        for (attr, what) in [
            (
                "amazon_address",
                "the inside addresses of the extra BGP peer",
            ),
            (
                "customer_address",
                "the inside addresses of the extra BGP peer",
            ),
            ("bgp_auth_key", "the BGP MD5 key of the extra BGP peer"),
        ] {
            if b.is_unknown(attr) {
                note(what);
            }
        }
        extra.push(BgpPeer {
            bgp_peer_id: b.str("bgp_peer_id"),
            asn: b.int("bgp_asn"),
            auth_key: b.str("bgp_auth_key").map(Secret::new),
            address_family: b.str("address_family"),
            amazon_address: b.str("amazon_address"),
            customer_address: b.str("customer_address"),
            ..Default::default()
        });
    }
    let bgp_peers = if extra.is_empty() {
        None
    } else {
        let mut v = vec![main.clone()];
        v.extend(extra);
        Some(v)
    };
    let vi = VirtualInterface {
        virtual_interface_id: Some(r.str("id").unwrap_or_else(|| r.address.clone())),
        virtual_interface_type: Some(kind.to_string()),
        virtual_interface_name: r.str("name"),
        vlan: r.int("vlan"),
        asn: main.asn,
        amazon_side_asn,
        auth_key: main.auth_key.clone(),
        amazon_address: main.amazon_address.clone(),
        customer_address: main.customer_address.clone(),
        address_family: main.address_family.clone(),
        mtu: r.int("mtu"),
        jumbo_frame_capable: r.bool("jumbo_frame_capable"),
        route_filter_prefixes: r.strings("route_filter_prefixes").map(|v| {
            v.into_iter()
                .map(|c| RouteFilterPrefix { cidr: Some(c) })
                .collect()
        }),
        bgp_peers,
        ..Default::default()
    };
    let peerings = vif_json::to_peerings(&vi, index, None).map_err(|e| located(r, e))?;
    unknown.dedup();
    Ok((peerings, unknown))
}

fn vpn(all: &[Resource], r: &Resource) -> Result<(Vec<Peering>, Unknowns), InputError> {
    let mut unknown: Unknowns = Vec::new();
    let secrets_manager = r
        .str("preshared_key_storage")
        .is_some_and(|s| s.eq_ignore_ascii_case("SecretsManager"));
    let tunnel = |n: u8, unknown: &mut Unknowns| -> TunnelOption {
        let a = |s: &str| format!("tunnel{n}_{s}");
        let wrap_s = |k: &str| {
            r.strings(&a(k))
                .map(|v| v.into_iter().map(|s| Wrapped { value: Some(s) }).collect())
        };
        let wrap_n = |k: &str| {
            r.strings(&a(k)).map(|v| {
                v.into_iter()
                    .map(|s| Wrapped {
                        value: s.parse::<i64>().ok(),
                    })
                    .collect()
            })
        };
        if r.is_unknown(&a("address")) {
            unknown.push((
                Some(n),
                "the AWS outside IP (IKE and IPsec checks need it)".into(),
            ));
        }
        let v6 = r
            .str("tunnel_inside_ip_version")
            .is_some_and(|v| v.eq_ignore_ascii_case("ipv6"));
        let cidr = if v6 {
            "inside_ipv6_cidr"
        } else {
            "inside_cidr"
        };
        if r.is_unknown(&a(cidr)) {
            unknown.push((
                Some(n),
                "the inside addresses (set at apply time, or assigned by AWS when none are given)"
                    .into(),
            ));
        }
        if secrets_manager {
            unknown.push((
                Some(n),
                "the pre-shared key (stored in AWS Secrets Manager, so dxlint cannot verify the key)"
                    .into(),
            ));
        } else if r.is_unknown(&a("preshared_key")) {
            unknown.push((
                Some(n),
                "the pre-shared key (set at apply time, or generated by AWS when none is given)"
                    .into(),
            ));
        }
        TunnelOption {
            outside_ip_address: r.str(&a("address")),
            tunnel_inside_cidr: r.str(&a("inside_cidr")),
            tunnel_inside_ipv6_cidr: r.str(&a("inside_ipv6_cidr")),
            pre_shared_key: if secrets_manager {
                None
            } else {
                r.str(&a("preshared_key")).map(Secret::new)
            },
            phase1_lifetime_seconds: r.int(&a("phase1_lifetime_seconds")),
            phase2_lifetime_seconds: r.int(&a("phase2_lifetime_seconds")),
            dpd_timeout_seconds: r.int(&a("dpd_timeout_seconds")),
            dpd_timeout_action: r.str(&a("dpd_timeout_action")),
            phase1_encryption_algorithms: wrap_s("phase1_encryption_algorithms"),
            phase2_encryption_algorithms: wrap_s("phase2_encryption_algorithms"),
            phase1_integrity_algorithms: wrap_s("phase1_integrity_algorithms"),
            phase2_integrity_algorithms: wrap_s("phase2_integrity_algorithms"),
            phase1_dh_group_numbers: wrap_n("phase1_dh_group_numbers"),
            phase2_dh_group_numbers: wrap_n("phase2_dh_group_numbers"),
            ike_versions: wrap_s("ike_versions"),
            startup_action: r.str(&a("startup_action")),
        }
    };
    let t1 = tunnel(1, &mut unknown);
    let t2 = tunnel(2, &mut unknown);
    let tgw = referenced(all, r, "transit_gateway_id", TRANSIT_GATEWAY);
    let vgw = referenced(all, r, "vpn_gateway_id", VPN_GATEWAY);
    let cgw = referenced(all, r, "customer_gateway_id", CUSTOMER_GATEWAY);
    let transit_gateway_id = r
        .str("transit_gateway_id")
        .or_else(|| tgw.map(|g| g.address.clone()))
        .or_else(|| {
            r.refs
                .contains_key("transit_gateway_id")
                .then(|| "transit gateway".to_string())
        });
    let conn = VpnConnection {
        vpn_connection_id: Some(r.str("id").unwrap_or_else(|| r.address.clone())),
        customer_gateway_configuration: r.str("customer_gateway_configuration"),
        customer_gateway_id: r.str("customer_gateway_id"),
        kind: r.str("type"),
        vpn_gateway_id: r.str("vpn_gateway_id"),
        transit_gateway_id,
        options: Some(VpnOptions {
            static_routes_only: r.bool("static_routes_only"),
            tunnel_inside_ip_version: r.str("tunnel_inside_ip_version"),
            tunnel_options: Some(vec![t1, t2]),
        }),
        ..Default::default()
    };
    let has_xml = conn.customer_gateway_configuration.is_some();
    let mut peerings = vpn_json::to_peerings(&conn, None).map_err(|e| located(r, e))?;
    if has_xml {
        // State: AWS's XML is there and says it all, exactly as for exported JSON.
        return Ok((peerings, unknown));
    }
    // A plan has no XML yet: the ASNs come from the gateways, the customer gateway's
    // address from its resource.
    let customer_asn = cgw.and_then(|g| g.int("bgp_asn_extended").or(g.int("bgp_asn")));
    let gw_asn = match tgw.or(vgw).map(gateway_asn) {
        Some(Ok(v)) => v,
        Some(Err(())) => None,
        None => None,
    };
    for p in &mut peerings {
        let n = tunnel_of(p).unwrap_or(1);
        if p.customer_asn.is_none() {
            p.customer_asn = customer_asn.and_then(|v| u32::try_from(v).ok());
            if p.customer_asn.is_none() && cgw.is_some_and(|g| g.is_unknown("bgp_asn")) {
                unknown.push((Some(n), "the customer ASN".into()));
            }
        }
        if p.amazon_asn.is_none() {
            p.amazon_asn = r
                .int(&format!("tunnel{n}_bgp_asn"))
                .or(gw_asn)
                .and_then(|v| u32::try_from(v).ok());
            if p.amazon_asn.is_none() && (tgw.is_some() || vgw.is_some()) {
                unknown.push((Some(n), "the Amazon-side ASN".into()));
            }
        }
        if let Some(t) = p.vpn.as_mut() {
            if t.customer_gateway_ip.is_none() {
                t.customer_gateway_ip = cgw
                    .and_then(|g| g.str("ip_address"))
                    .and_then(|s| s.parse().ok());
            }
        }
    }
    Ok((peerings, unknown))
}

/// A conversion error about a resource: say where the resource was read.
fn located(r: &Resource, e: InputError) -> InputError {
    InputError::Aws {
        message: format!("{} ({}): {e}", r.address, r.origin),
        help: Some(
            "check the resource's arguments against the Terraform AWS provider documentation"
                .into(),
        ),
    }
}

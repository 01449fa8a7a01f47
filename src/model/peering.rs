//! Peering: one BGP session AWS expects (one per VIF BGP peer, one per VPN tunnel).

use crate::model::router::Afi;
use crate::secret::Secret;
use ipnet::IpNet;
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeeringKind {
    PrivateVif,
    TransitVif,
    PublicVif,
    VpnVgw,
    VpnTgw,
}

impl PeeringKind {
    pub fn is_vif(self) -> bool {
        matches!(
            self,
            PeeringKind::PrivateVif | PeeringKind::TransitVif | PeeringKind::PublicVif
        )
    }
    pub fn describe(self) -> &'static str {
        match self {
            PeeringKind::PrivateVif => "private VIF",
            PeeringKind::TransitVif => "transit VIF",
            PeeringKind::PublicVif => "public VIF",
            PeeringKind::VpnVgw => "VPN on a virtual private gateway",
            PeeringKind::VpnTgw => "VPN on a transit gateway",
        }
    }
}

/// Where a value in a Peering came from in the AWS input (for messages and JSON spans).
#[derive(Debug, Clone, Default)]
pub struct AwsOrigin {
    /// The JSON file, or `None` for live API data.
    pub file: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Peering {
    /// e.g. `dxvif-fg5678gh/ipv4`, `vpn-0abc/tunnel1`.
    pub id: String,
    /// The VIF or VPN connection id.
    pub resource_id: String,
    pub kind: PeeringKind,
    pub afi: Afi,
    /// 802.1Q tag (VIF only).
    pub vlan: Option<u16>,
    /// Customer ASN (`asnLong` when non-zero, else `asn`); `None` when AWS did not say.
    pub customer_asn: Option<u32>,
    pub amazon_asn: Option<u32>,
    /// Amazon and customer addresses with the prefix length AWS assigned.
    pub amazon_address: Option<IpNet>,
    pub customer_address: Option<IpNet>,
    pub auth_key: Option<Secret>,
    /// IP MTU of the VIF (1500, 8500, 9001) or the tunnel.
    pub mtu: Option<u32>,
    pub jumbo_capable: Option<bool>,
    /// Hold time AWS offers in its OPEN (90 for DX, 30 for VPN).
    pub aws_hold_time: u32,
    /// Maximum prefixes AWS accepts from the customer in this family.
    pub prefix_limit: u32,
    /// Public VIF: prefixes AWS allows the customer to advertise.
    pub route_filter_prefixes: Vec<IpNet>,
    /// VIF / connection state and BGP peer state as reported by AWS.
    pub resource_state: Option<String>,
    pub peer_state: Option<String>,
    /// The AWS data was exported without its keys (`dxlint export` without
    /// `--include-secrets`): a missing key means "not known", not "no key".
    pub secrets_omitted: bool,
    /// Present for VPN tunnels.
    pub vpn: Option<VpnTunnel>,
}

impl Peering {
    pub fn amazon_ip(&self) -> Option<IpAddr> {
        self.amazon_address.map(|n| n.addr())
    }
    pub fn customer_ip(&self) -> Option<IpAddr> {
        self.customer_address.map(|n| n.addr())
    }
}

/// VPN tunnel details (filled by the VPN loader).
#[derive(Debug, Clone, Default)]
pub struct VpnTunnel {
    pub tunnel_number: u8,
    pub outside_ip: Option<IpAddr>,
    pub customer_gateway_ip: Option<IpAddr>,
    pub psk: Option<Secret>,
    /// Static-routing VPN: no BGP session on this tunnel.
    pub static_routes_only: bool,
    pub ike_versions: Vec<u8>,
    pub phase1_encryption: Vec<String>,
    pub phase1_integrity: Vec<String>,
    pub phase1_dh_groups: Vec<u32>,
    pub phase2_encryption: Vec<String>,
    pub phase2_integrity: Vec<String>,
    pub phase2_dh_groups: Vec<u32>,
    pub phase1_lifetime: Option<u32>,
    pub phase2_lifetime: Option<u32>,
    pub dpd_timeout: Option<u32>,
    /// `VgwTelemetry` status of this tunnel, e.g. `DOWN (IPSEC IS DOWN)`.
    pub tunnel_status: Option<String>,
    /// The single proposal of the configuration AWS generated (customer-gateway XML), used
    /// to suggest values in fixes; it does not restrict what the tunnel accepts.
    pub xml_proposal: Option<XmlProposal>,
}

/// AWS's defaults when a VPN tunnel's options leave a list out (documented for
/// `describe-vpn-connections`; the model holds them so rules need not read the AWS layer).
pub const DEFAULT_ENCRYPTION: &[&str] = &["AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"];
pub const DEFAULT_INTEGRITY: &[&str] = &["SHA1", "SHA2-256", "SHA2-384", "SHA2-512"];
pub const DEFAULT_PHASE1_DH: &[u32] = &[2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];
pub const DEFAULT_PHASE2_DH: &[u32] = &[2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];

impl VpnTunnel {
    /// Phase 1 / phase 2 values the tunnel accepts: its options, else AWS's defaults.
    pub fn allowed(&self) -> AllowedAlgorithms {
        let or = |v: &Vec<String>, d: &[&str]| {
            if v.is_empty() {
                d.iter().map(|s| s.to_string()).collect()
            } else {
                v.clone()
            }
        };
        let or_n = |v: &Vec<u32>, d: &[u32]| if v.is_empty() { d.to_vec() } else { v.clone() };
        AllowedAlgorithms {
            ike_versions: if self.ike_versions.is_empty() {
                vec![1, 2]
            } else {
                self.ike_versions.clone()
            },
            phase1_encryption: or(&self.phase1_encryption, DEFAULT_ENCRYPTION),
            phase1_integrity: or(&self.phase1_integrity, DEFAULT_INTEGRITY),
            phase1_dh_groups: or_n(&self.phase1_dh_groups, DEFAULT_PHASE1_DH),
            phase2_encryption: or(&self.phase2_encryption, DEFAULT_ENCRYPTION),
            phase2_integrity: or(&self.phase2_integrity, DEFAULT_INTEGRITY),
            phase2_dh_groups: or_n(&self.phase2_dh_groups, DEFAULT_PHASE2_DH),
            phase1_lifetime: self.phase1_lifetime.unwrap_or(28_800),
            phase2_lifetime: self.phase2_lifetime.unwrap_or(3_600),
        }
    }
}

/// What a tunnel accepts, with AWS's defaults filled in (AWS names: `AES128`, `SHA2-256`).
#[derive(Debug, Clone)]
pub struct AllowedAlgorithms {
    pub ike_versions: Vec<u8>,
    pub phase1_encryption: Vec<String>,
    pub phase1_integrity: Vec<String>,
    pub phase1_dh_groups: Vec<u32>,
    pub phase2_encryption: Vec<String>,
    pub phase2_integrity: Vec<String>,
    pub phase2_dh_groups: Vec<u32>,
    pub phase1_lifetime: u32,
    pub phase2_lifetime: u32,
}

/// The proposal in AWS's generated customer-gateway configuration (AWS names).
#[derive(Debug, Clone, Default)]
pub struct XmlProposal {
    pub ike_encryption: Option<String>,
    pub ike_integrity: Option<String>,
    pub ike_dh_group: Option<u32>,
    pub ipsec_encryption: Option<String>,
    pub ipsec_integrity: Option<String>,
    pub ipsec_pfs_group: Option<u32>,
    pub tcp_mss: Option<u32>,
}

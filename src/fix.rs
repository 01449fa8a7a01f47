//! Fixes as intents ("set the VLAN of this interface to 101"); each dialect renders them
//! as the corrected line(s) in its own syntax. A fix never contains a secret: keys are
//! written as a placeholder naming where to copy them from.

use crate::model::Afi;
use ipnet::IpNet;
use std::net::IpAddr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// Tag the interface with this VLAN (adding it if absent, replacing Q-in-Q).
    InterfaceVlan {
        interface: String,
        vlan: u16,
    },
    /// Give the interface this address (replacing the wrong one).
    InterfaceAddress {
        interface: String,
        address: IpNet,
    },
    InterfaceMtu {
        interface: String,
        mtu: u32,
    },
    InterfaceEnable {
        interface: String,
    },
    /// Junos: enable 802.1Q tagging on the physical port (`vlan-tagging`).
    EnableVlanTagging {
        interface: String,
    },
    /// Create a sub-interface / unit / vif for the VIF.
    NewSubinterface {
        parent: String,
        vlan: u16,
        address: IpNet,
        mtu: Option<u32>,
        /// The VRF / routing instance of the BGP process whose neighbor uses it.
        vrf: Option<String>,
    },
    /// Point the neighbor at the right address (keeping its remote AS).
    NeighborAddress {
        from: Option<IpAddr>,
        to: IpAddr,
        remote_as: Option<u32>,
    },
    /// The local ASN: on the process, or as a per-neighbor `local-as` override.
    LocalAs {
        asn: u32,
        neighbor: Option<IpAddr>,
        process_asn: Option<u32>,
        /// The neighbor whose OPEN carries the wrong AS: where a per-neighbor `local-as`
        /// goes when the process ASN cannot change in place (IOS, FRR).
        peer: Option<IpAddr>,
    },
    RemoteAs {
        neighbor: IpAddr,
        asn: u32,
    },
    /// Move the neighbor into the routing table (VRF / routing instance; `None`: the global
    /// one) of the interface that reaches it, keeping its remote AS.
    NeighborVrf {
        neighbor: IpAddr,
        remote_as: Option<u32>,
        vrf: Option<String>,
    },
    /// Set the MD5 key; `placeholder` says where the value lives (never the value).
    Password {
        neighbor: IpAddr,
        placeholder: String,
    },
    RemovePassword {
        neighbor: IpAddr,
    },
    Timers {
        neighbor: IpAddr,
        keepalive: u32,
        hold: u32,
    },
    RemoveMultihop {
        neighbor: IpAddr,
    },
    RemoveTtlSecurity {
        neighbor: IpAddr,
    },
    RemoveUpdateSource {
        neighbor: IpAddr,
    },
    NeighborEnable {
        neighbor: IpAddr,
    },
    Bfd {
        neighbor: IpAddr,
    },
    ActivateFamily {
        neighbor: IpAddr,
        afi: Afi,
    },
    /// Filter what is advertised with a prefix list of this name.
    OutboundFilter {
        neighbor: IpAddr,
        afi: Afi,
        name: String,
    },
    RemoveDefaultOriginate {
        neighbor: IpAddr,
        afi: Afi,
    },
    /// Advertise this prefix (e.g. a `network` statement).
    Advertise {
        neighbor: IpAddr,
        prefix: IpNet,
    },
    /// VPN: point the tunnel at the AWS outside address.
    TunnelDestination {
        interface: String,
        address: IpAddr,
    },
    /// Site-to-Site VPN: IKE / IPsec settings.
    Vpn(VpnFix),
    /// Text that is the same in every syntax (e.g. an AWS-side action).
    Note(String),
    /// Packet filters and NAT: see [`FilterFix`].
    Filter(FilterFix),
}

/// One flow a filter must let in: protocol, addresses, and the ports (if any) it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowSpec {
    pub proto: u8,
    pub src: IpAddr,
    pub dst: IpAddr,
    pub sport: Option<u16>,
    pub dport: Option<u16>,
}

/// Filter and NAT fixes; each dialect places them in its own syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterFix {
    /// Accept these flows in `filter`, before the term `before` that drops them (`None`:
    /// at the end, before the implicit default).
    Permit {
        filter: String,
        before: Option<String>,
        flows: Vec<FlowSpec>,
    },
    /// Add the address to a named list (a Junos prefix list of BGP peers, an object group).
    AddToList { list: String, address: IpAddr },
    /// Exempt traffic to `destination` (`None`: the VPC's CIDR, which the AWS data does
    /// not give) from the NAT rule `rule`.
    NatExempt {
        rule: String,
        destination: Option<IpNet>,
    },
    /// Behind NAT: NAT traversal on, and the IKE identity the public address.
    NatTraversal { peer: String, public: IpAddr },
}

/// What a [`Fix::LocalAs`] asks of the router: one decision for every platform, each
/// rendering it in its own syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalAsPlan {
    /// The neighbor's own `local-as` is wrong and its process already runs under the ASN:
    /// remove the neighbor's `local-as`.
    RemoveNeighborLocalAs(IpAddr),
    /// A running process keeps its AS: the neighbor presents the ASN instead
    /// (`local-as … no-prepend replace-as`). `recreate_from`: the process's AS when the
    /// neighbor had no `local-as`, so re-creating BGP under the ASN is the other way.
    NeighborLocalAs {
        neighbor: IpAddr,
        recreate_from: Option<u32>,
    },
    /// The process itself under the ASN; `from`: the AS it runs under now, when another.
    ProcessAs { from: Option<u32> },
}

/// The [`LocalAsPlan`] of a [`Fix::LocalAs`]'s fields.
pub fn local_as_plan(
    asn: u32,
    neighbor: Option<IpAddr>,
    process_asn: Option<u32>,
    peer: Option<IpAddr>,
) -> LocalAsPlan {
    match (neighbor.or(peer), process_asn) {
        (Some(n), Some(p)) if p == asn && neighbor.is_some() => {
            LocalAsPlan::RemoveNeighborLocalAs(n)
        }
        (Some(n), Some(p)) if p != asn => LocalAsPlan::NeighborLocalAs {
            neighbor: n,
            recreate_from: neighbor.is_none().then_some(p),
        },
        (_, p) => LocalAsPlan::ProcessAs {
            from: p.filter(|p| *p != asn),
        },
    }
}

impl FilterFix {
    /// The change in words, for a dialect whose filters dxlint does not read (and so never
    /// places a filter fix in its syntax).
    pub fn describe(&self) -> String {
        match self {
            FilterFix::Permit {
                filter,
                before,
                flows,
            } => {
                let flows: Vec<String> = flows
                    .iter()
                    .map(|f| {
                        let port = |p: Option<u16>| p.map_or_else(String::new, |p| format!(":{p}"));
                        format!(
                            "protocol {} {}{} -> {}{}",
                            f.proto,
                            f.src,
                            port(f.sport),
                            f.dst,
                            port(f.dport)
                        )
                    })
                    .collect();
                let at = before
                    .as_deref()
                    .map_or_else(|| "at its end".to_string(), |b| format!("before `{b}`"));
                format!("permit in filter `{filter}` {at}: {}", flows.join("; "))
            }
            FilterFix::AddToList { list, address } => format!("add {address} to `{list}`"),
            FilterFix::NatExempt { rule, destination } => format!(
                "exempt traffic to {} from NAT rule `{rule}`",
                destination.map_or_else(|| "the VPC's CIDR".to_string(), |d| d.to_string())
            ),
            FilterFix::NatTraversal { peer, public } => {
                format!("enable NAT traversal for IKE peer `{peer}` and identify it as {public}")
            }
        }
    }
}

/// IKE / IPsec fixes. Algorithm names are AWS's (`AES128`, `SHA2-256`); each dialect
/// spells them its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VpnFix {
    /// Point the IKE peer (keyring entry, gateway, site-to-site peer) at the AWS outside IP.
    PeerAddress {
        peer: String,
        from: Option<IpAddr>,
        to: IpAddr,
    },
    /// Set the tunnel's pre-shared key; `placeholder` says where to copy it from.
    Psk {
        peer: String,
        address: IpAddr,
        ike_version: Option<u8>,
        placeholder: String,
    },
    /// Add a phase 1 proposal the tunnel accepts, for this peer.
    Phase1 {
        peer: String,
        ike_version: u8,
        encryption: String,
        integrity: String,
        dh_group: u32,
        lifetime: u32,
    },
    /// Add a phase 2 proposal the tunnel accepts, for this peer.
    Phase2 {
        peer: String,
        encryption: String,
        integrity: String,
        pfs_group: u32,
        lifetime: u32,
    },
    Phase1Lifetime {
        proposal: String,
        seconds: u32,
    },
    Phase2Lifetime {
        proposal: String,
        seconds: u32,
    },
    /// Enable dead peer detection toward this peer.
    Dpd {
        peer: String,
        interval: u32,
        retries: u32,
    },
    IkeVersion {
        peer: String,
        version: u8,
    },
    /// Tunnel interface MTU and TCP MSS clamp.
    TunnelMtu {
        interface: String,
        mtu: Option<u32>,
        mss: Option<u32>,
    },
}

#[cfg(test)]
mod local_as_tests {
    use super::{local_as_plan, LocalAsPlan};
    use std::net::IpAddr;

    #[test]
    fn one_decision_for_every_platform() {
        let n: IpAddr = "169.254.100.1".parse().unwrap();
        // The neighbor's own local-as is wrong; the process has the ASN.
        assert_eq!(
            local_as_plan(65010, Some(n), Some(65010), Some(n)),
            LocalAsPlan::RemoveNeighborLocalAs(n)
        );
        // The process runs under another AS: local-as on the neighbor, re-creating named.
        assert_eq!(
            local_as_plan(65010, None, Some(65011), Some(n)),
            LocalAsPlan::NeighborLocalAs {
                neighbor: n,
                recreate_from: Some(65011)
            }
        );
        // A wrong neighbor local-as under another process AS: no re-creating.
        assert_eq!(
            local_as_plan(65010, Some(n), Some(65011), None),
            LocalAsPlan::NeighborLocalAs {
                neighbor: n,
                recreate_from: None
            }
        );
        // No neighbor to carry it: the process.
        assert_eq!(
            local_as_plan(65010, None, Some(65011), None),
            LocalAsPlan::ProcessAs { from: Some(65011) }
        );
        assert_eq!(
            local_as_plan(65010, None, None, None),
            LocalAsPlan::ProcessAs { from: None }
        );
    }
}

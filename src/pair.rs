//! Pairing: which neighbor and which interface serve each AWS peering. Exact matches
//! first, then near misses (wrong host in the same subnet, swapped addresses, the VLAN on
//! another sub-interface) so rules can say *what* is wrong rather than "not found".

use crate::model::{Afi, BgpProcess, Interface, InterfaceAddress, Neighbor, Peering, RouterModel};
use ipnet::IpNet;
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeighborHow {
    /// The neighbor address is the AWS address.
    Exact,
    /// The neighbor is configured at the customer address (addresses swapped).
    Swapped,
    /// Another host of the AWS subnet (e.g. .3 of the /30).
    WrongHost,
    /// The only neighbor whose remote AS is the Amazon ASN; address unrelated.
    ByAsn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterfaceHow {
    /// An address of the interface is the customer address (any mask).
    Exact,
    /// The interface holds the AWS address (swapped).
    Swapped,
    /// The interface is in the AWS subnet with another host address.
    WrongHost,
    /// No address matches, but the interface carries the VIF's VLAN.
    ByVlan,
    /// Chosen through the neighbor's update-source.
    ByUpdateSource,
    /// VPN: the tunnel interface whose destination is the tunnel's AWS outside IP.
    ByTunnel,
}

#[derive(Debug, Clone, Copy)]
pub struct NeighborMatch<'m> {
    pub process: &'m BgpProcess,
    pub neighbor: &'m Neighbor,
    pub how: NeighborHow,
}

#[derive(Debug, Clone, Copy)]
pub struct InterfaceMatch<'m> {
    pub interface: &'m Interface,
    /// The address that matched (absent for ByVlan / ByUpdateSource).
    pub address: Option<&'m InterfaceAddress>,
    pub how: InterfaceHow,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Pairing<'m> {
    pub neighbor: Option<NeighborMatch<'m>>,
    pub interface: Option<InterfaceMatch<'m>>,
}

impl Pairing<'_> {
    /// How well a config serves a peering, to pick the file among several.
    pub fn score(&self) -> u32 {
        let n = match self.neighbor.map(|n| n.how) {
            Some(NeighborHow::Exact) => 8,
            Some(NeighborHow::Swapped | NeighborHow::WrongHost) => 4,
            Some(NeighborHow::ByAsn) => 1,
            None => 0,
        };
        let i = match self.interface.map(|i| i.how) {
            Some(InterfaceHow::Exact) => 4,
            Some(InterfaceHow::Swapped | InterfaceHow::WrongHost) => 2,
            Some(InterfaceHow::ByVlan) => 2,
            Some(InterfaceHow::ByUpdateSource) => 1,
            Some(InterfaceHow::ByTunnel) => 2,
            None => 0,
        };
        n + i
    }
}

/// The subnet AWS assigned, as a network (e.g. 169.254.100.0/30).
fn aws_subnet(p: &Peering) -> Option<IpNet> {
    p.amazon_address.or(p.customer_address).map(|n| n.trunc())
}

/// Pair one peering with the router. `claimed` lists neighbor addresses that match other
/// peerings exactly, so a near-miss search does not steal them.
pub fn pair<'m>(model: &'m RouterModel, p: &Peering, claimed: &[IpAddr]) -> Pairing<'m> {
    let interface = pair_interface(model, p);
    let neighbor = pair_neighbor(model, p, interface, claimed);
    let interface = interface.or_else(|| {
        // Last resort: the interface named by the neighbor's update-source.
        let n = neighbor?;
        let src = n.neighbor.rare().update_source.as_ref()?;
        model.interface(&src.value).map(|i| InterfaceMatch {
            interface: i,
            address: None,
            how: InterfaceHow::ByUpdateSource,
        })
    });
    Pairing {
        neighbor,
        interface,
    }
}

fn pair_interface<'m>(model: &'m RouterModel, p: &Peering) -> Option<InterfaceMatch<'m>> {
    let vlan_matches =
        |i: &Interface| p.vlan.is_some() && i.vlan.as_ref().map(|v| v.value.outer) == p.vlan;
    let find_addr = |ip: IpAddr| -> Option<(&'m Interface, &'m InterfaceAddress)> {
        let mut best: Option<(&Interface, &InterfaceAddress)> = None;
        for i in &model.interfaces {
            if let Some(a) = i.address_of(ip) {
                // Prefer the interface that also carries the VLAN.
                if best.is_none() || vlan_matches(i) {
                    best = Some((i, a));
                }
            }
        }
        best
    };
    if let Some((i, a)) = p.customer_ip().and_then(find_addr) {
        return Some(InterfaceMatch {
            interface: i,
            address: Some(a),
            how: InterfaceHow::Exact,
        });
    }
    if let Some((i, a)) = p.amazon_ip().and_then(find_addr) {
        return Some(InterfaceMatch {
            interface: i,
            address: Some(a),
            how: InterfaceHow::Swapped,
        });
    }
    // Another host of the AWS subnet: first an address inside it (a near miss), then, only if
    // no sub-interface carries the VIF's VLAN, an interface whose wider subnet merely contains
    // it (an untagged /16 that happens to cover the customer address is not the VIF's link
    // when the VLAN is configured elsewhere).
    let subnet = aws_subnet(p);
    let wrong_host = |narrow: bool| -> Option<InterfaceMatch<'m>> {
        let subnet = subnet?;
        let mut best: Option<(&Interface, &InterfaceAddress)> = None;
        for i in &model.interfaces {
            for a in &i.addresses {
                let same = if narrow {
                    subnet.contains(&a.net.addr())
                } else {
                    a.net.trunc().contains(&subnet.addr())
                };
                if same && Afi::of(a.net.addr()) == p.afi && (best.is_none() || vlan_matches(i)) {
                    best = Some((i, a));
                }
            }
        }
        best.map(|(i, a)| InterfaceMatch {
            interface: i,
            address: Some(a),
            how: InterfaceHow::WrongHost,
        })
    };
    if let Some(m) = wrong_host(true) {
        return Some(m);
    }
    // A sub-interface that carries the VIF's VLAN but none of its addresses.
    if let Some(i) = model.interfaces.iter().find(|i| vlan_matches(i)) {
        return Some(InterfaceMatch {
            interface: i,
            address: None,
            how: InterfaceHow::ByVlan,
        });
    }
    if let Some(m) = wrong_host(false) {
        return Some(m);
    }
    // A VPN tunnel interface that points at the tunnel's AWS endpoint.
    let outside = p.vpn.as_ref()?.outside_ip?;
    model
        .interfaces
        .iter()
        .find(|i| {
            i.tunnel
                .as_ref()
                .and_then(|t| t.destination.as_ref())
                .is_some_and(|d| d.value == outside)
        })
        .map(|i| InterfaceMatch {
            interface: i,
            address: None,
            how: InterfaceHow::ByTunnel,
        })
}

fn pair_neighbor<'m>(
    model: &'m RouterModel,
    p: &Peering,
    iface: Option<InterfaceMatch<'m>>,
    claimed: &[IpAddr],
) -> Option<NeighborMatch<'m>> {
    let by_addr = |ip: IpAddr, how| {
        model
            .neighbors()
            .find(|(_, n)| n.addr == ip)
            .map(|(process, neighbor)| NeighborMatch {
                process,
                neighbor,
                how,
            })
    };
    if let Some(m) = p.amazon_ip().and_then(|ip| by_addr(ip, NeighborHow::Exact)) {
        return Some(m);
    }
    if let Some(m) = p
        .customer_ip()
        .and_then(|ip| by_addr(ip, NeighborHow::Swapped))
    {
        return Some(m);
    }
    let unclaimed = |n: &Neighbor| !claimed.contains(&n.addr);
    // Another host in the AWS subnet, or in the subnet of the interface we paired.
    let mut subnets: Vec<IpNet> = aws_subnet(p).into_iter().collect();
    if let Some(a) = iface.and_then(|i| i.address) {
        subnets.push(a.net.trunc());
    }
    if let Some((process, neighbor)) = model
        .neighbors()
        .find(|(_, n)| unclaimed(n) && subnets.iter().any(|s| s.contains(&n.addr)))
    {
        return Some(NeighborMatch {
            process,
            neighbor,
            how: NeighborHow::WrongHost,
        });
    }
    // The one unclaimed neighbor of this family that names the Amazon ASN.
    let amazon = p.amazon_asn?;
    let mut by_asn = model.neighbors().filter(|(_, n)| {
        unclaimed(n)
            && Afi::of(n.addr) == p.afi
            && matches!(n.remote_as.as_ref().map(|r| r.value), Some(crate::model::RemoteAs::Number(a)) if a == amazon)
    });
    let first = by_asn.next()?;
    if by_asn.next().is_some() {
        return None;
    }
    Some(NeighborMatch {
        process: first.0,
        neighbor: first.1,
        how: NeighborHow::ByAsn,
    })
}

//! DX201–DX207: peer addresses, masks, swapped ends, directly-connected checks, families.

use super::{PeeringCx, Severity};
use crate::fix::Fix;
use crate::model::{Afi, RemoteAs};
use crate::pair::{InterfaceHow, NeighborHow};
use crate::rule_id::RuleId;
use ipnet::IpNet;

pub(super) fn check(cx: &mut PeeringCx) {
    let (Some(aws), Some(cust)) = (cx.peering.amazon_address, cx.peering.customer_address) else {
        return;
    };
    if family_missing(cx) {
        return;
    }
    neighbor_address(cx, aws, cust);
    interface_address(cx, aws, cust);
    directly_connected(cx, cust);
    reverse_family(cx);
}

/// Static-routing VPN tunnels: only the tunnel interface's inside address (DX903).
pub(super) fn check_tunnel_address(cx: &mut PeeringCx) {
    if let (Some(aws), Some(cust)) = (cx.peering.amazon_address, cx.peering.customer_address) {
        interface_address(cx, aws, cust);
    }
}

/// The rule for the router's own address: DX903 on a VPN tunnel, else the given VIF rule.
fn own_address_rule(cx: &PeeringCx, vif_rule: RuleId) -> RuleId {
    if cx.peering.vpn.is_some() {
        RuleId::DX903
    } else {
        vif_rule
    }
}

fn host_label(net: &IpNet, ip: std::net::IpAddr) -> String {
    // Name the host by its position in the AWS subnet (".1", ".3"), which is how people talk.
    match (net.trunc(), ip) {
        (IpNet::V4(n), std::net::IpAddr::V4(a)) => {
            let off = u32::from(a).wrapping_sub(u32::from(n.network()));
            let bcast = u32::from(n.broadcast()).wrapping_sub(u32::from(n.network()));
            if n.prefix_len() < 31 && off == bcast {
                format!("{a} (the broadcast address of {n})")
            } else if n.prefix_len() < 31 && off == 0 {
                format!("{a} (the network address of {n})")
            } else {
                format!("{a}")
            }
        }
        _ => ip.to_string(),
    }
}

/// DX206: AWS has a peer in a family the router does not speak at all.
fn family_missing(cx: &mut PeeringCx) -> bool {
    if cx.pairing.neighbor.is_some() {
        return false;
    }
    let afi = cx.peering.afi;
    let has_family_neighbor = cx.model.neighbors().any(|(_, n)| Afi::of(n.addr) == afi);
    let iface_has_family = cx.pairing.interface.is_some_and(|m| {
        m.interface
            .addresses
            .iter()
            .any(|a| Afi::of(a.net.addr()) == afi)
    });
    if has_family_neighbor || iface_has_family {
        return false;
    }
    let aws = cx
        .peering
        .amazon_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let msg = format!(
        "{} has an {} BGP peer (AWS at {aws}), but the router has no {} neighbor and no {} address for it",
        cx.peering.resource_id,
        fam(afi),
        fam(afi),
        fam(afi)
    );
    let span = cx.model.bgp.first().map(|p| p.span);
    let remote_as = cx.peering.amazon_asn;
    let to = cx.peering.amazon_ip();
    let h = cx.hit(RuleId::DX206, span, msg);
    if let Some(to) = to {
        h.fix(Fix::NeighborAddress {
            from: None,
            to,
            remote_as,
        });
    }
    true
}

fn fam(afi: Afi) -> &'static str {
    match afi {
        Afi::Ipv4 => "IPv4",
        Afi::Ipv6 => "IPv6",
    }
}

fn neighbor_address(cx: &mut PeeringCx, aws: IpNet, cust: IpNet) {
    let aws_ip = aws.addr();
    let remote_as = cx.peering.amazon_asn;
    let subnet = aws.trunc();
    match cx.pairing.neighbor {
        Some(m) => match m.how {
            NeighborHow::Exact => {}
            NeighborHow::Swapped => {
                let msg = format!(
                    "neighbor {} is the customer address of {}; AWS is at {aws_ip} (amazon and customer addresses swapped)",
                    m.neighbor.addr, cx.peering.resource_id
                );
                cx.hit(RuleId::DX204, Some(m.neighbor.span), msg)
                    .fix(Fix::NeighborAddress {
                        from: Some(m.neighbor.addr),
                        to: aws_ip,
                        remote_as: remote_as.or(asn_of(m.neighbor)),
                    });
            }
            NeighborHow::WrongHost => {
                let msg = format!(
                    "no neighbor at AWS's address {aws_ip}; neighbor {} is another host of {subnet}",
                    host_label(&aws, m.neighbor.addr)
                );
                cx.hit(RuleId::DX201, Some(m.neighbor.span), msg)
                    .fix(Fix::NeighborAddress {
                        from: Some(m.neighbor.addr),
                        to: aws_ip,
                        remote_as: remote_as.or(asn_of(m.neighbor)),
                    });
            }
            NeighborHow::ByAsn => {
                let msg = format!(
                    "no neighbor at AWS's address {aws_ip}; neighbor {} has AWS's ASN but is not in {subnet}",
                    m.neighbor.addr
                );
                cx.hit(RuleId::DX201, Some(m.neighbor.span), msg)
                    .fix(Fix::NeighborAddress {
                        from: Some(m.neighbor.addr),
                        to: aws_ip,
                        remote_as,
                    });
            }
        },
        None => {
            let msg = format!(
                "no BGP neighbor at AWS's address {aws_ip} for {} (customer side {cust})",
                cx.peering.resource_id
            );
            let span = cx.model.bgp.first().map(|p| p.span);
            cx.hit(RuleId::DX201, span, msg).fix(Fix::NeighborAddress {
                from: None,
                to: aws_ip,
                remote_as,
            });
        }
    }
}

fn asn_of(n: &crate::model::Neighbor) -> Option<u32> {
    match n.remote_as.as_ref()?.value {
        RemoteAs::Number(a) => Some(a),
        _ => None,
    }
}

fn interface_address(cx: &mut PeeringCx, aws: IpNet, cust: IpNet) {
    let id = cx.peering.resource_id.clone();
    let Some(m) = cx.pairing.interface else {
        if cx.peering.vpn.is_some() {
            let msg = format!(
                "no tunnel interface has the inside address {cust} of {}: BGP through the tunnel has no local address",
                cx.peering.id
            );
            let span = cx.pairing.neighbor.map(|n| n.neighbor.span);
            cx.hit(RuleId::DX903, span, msg);
            return;
        }
        let msg = format!("no interface has the customer address {cust} of {id}");
        let span = cx.pairing.neighbor.map(|n| n.neighbor.span);
        let parent = cx
            .model
            .interfaces
            .iter()
            .find_map(|i| i.parent.as_deref().map(str::to_string))
            .unwrap_or_else(|| "<port toward AWS>".into());
        let vlan = cx.peering.vlan;
        let mtu = cx.peering.mtu;
        let h = cx.hit(RuleId::DX202, span, msg);
        if let Some(vlan) = vlan {
            h.fix(Fix::NewSubinterface {
                parent,
                vlan,
                address: cust,
                mtu,
            });
        }
        return;
    };
    let name = m.interface.name.clone();
    let fix = Fix::InterfaceAddress {
        interface: name.clone(),
        address: cust,
    };
    match (m.how, m.address) {
        (InterfaceHow::Exact, Some(a)) => {
            let (have, want) = (a.net.prefix_len(), cust.prefix_len());
            if have == want {
                return;
            }
            let on_link = a.net.trunc().contains(&aws.addr());
            if !on_link {
                let msg = format!(
                    "`{name}` has {} : AWS's address {} is not on-link with that mask ({id} uses /{want}), so the router never ARPs for it",
                    a.net,
                    aws.addr()
                );
                let rule = own_address_rule(cx, RuleId::DX201);
                cx.hit(rule, Some(a.span), msg).fix(fix);
            } else {
                let msg = format!(
                    "`{name}` has {} but {id} uses /{want}: the session comes up, but the router treats more addresses as on-link than AWS does",
                    a.net
                );
                let rule = own_address_rule(cx, RuleId::DX203);
                cx.hit(rule, Some(a.span), msg).fix(fix);
            }
        }
        (InterfaceHow::Swapped, Some(a)) => {
            let msg = format!(
                "`{name}` has {}, which is AWS's address; the customer side of {id} is {cust} (addresses swapped)",
                a.net
            );
            cx.hit(RuleId::DX204, Some(a.span), msg).fix(fix);
        }
        (InterfaceHow::WrongHost, Some(a)) => {
            let msg = format!(
                "no interface has the customer address {cust}; `{name}` has {} in the same subnet, but AWS only answers {}",
                host_label(&cust, a.net.addr()),
                cust.addr()
            );
            let rule = own_address_rule(cx, RuleId::DX202);
            cx.hit(rule, Some(a.span), msg).fix(fix);
        }
        _ => {
            let have = m
                .interface
                .addresses
                .iter()
                .map(|a| a.net.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let have = if have.is_empty() {
                "no address".to_string()
            } else {
                have
            };
            let carrying = if cx.peering.vpn.is_some() {
                "the tunnel toward this endpoint"
            } else {
                "the one carrying the VIF"
            };
            let msg = format!(
                "no interface has the customer address {cust} of {id}; `{name}` ({carrying}) has {have}"
            );
            let span = m
                .interface
                .addresses
                .first()
                .map(|a| a.span)
                .unwrap_or(m.interface.span);
            let rule = own_address_rule(cx, RuleId::DX202);
            cx.hit(rule, Some(span), msg).fix(fix);
        }
    }
}

/// DX205/DX207: AWS peers are one hop away with TTL 1: multihop, a session sourced from
/// another interface, or TTL security (which drops AWS's TTL-1 packets).
fn directly_connected(cx: &mut PeeringCx, cust: IpNet) {
    let Some(m) = cx.pairing.neighbor else { return };
    let n = m.neighbor;
    let addr = n.addr;
    // Over a VPN tunnel the peers are one hop apart too, but AWS does not document the TTL
    // it sends there: only the session's source address is checked.
    let vif = cx.peering.kind.is_vif();
    if let Some(h) = n.rare().ebgp_multihop.as_ref().filter(|_| vif) {
        if h.value > 1 {
            // Only the router's outgoing TTL changes; the oracle's session still came up.
            let msg = format!(
                "neighbor {addr} uses ebgp-multihop {}: Direct Connect supports neither multihop BGP nor a TTL other than 1 (on the direct link the session still comes up)",
                h.value
            );
            cx.hit(RuleId::DX205, Some(h.span), msg)
                .fix(Fix::RemoveMultihop { neighbor: addr })
                .severity(Severity::Warning);
        }
    }
    if let Some(t) = n.rare().ttl_security.as_ref().filter(|_| vif) {
        let msg = format!(
            "neighbor {addr} uses TTL security (expects TTL ≥ {}), but AWS sends BGP with TTL 1: AWS's OPEN never arrives and the session sticks in OpenSent",
            255u32.saturating_sub(t.value) + 1
        );
        cx.hit(RuleId::DX207, Some(t.span), msg)
            .fix(Fix::RemoveTtlSecurity { neighbor: addr });
    }
    // FRR (and VyOS, which runs it) accepts AWS's connection to the customer address whatever
    // its own source: the oracle's session came up through AWS's connection.
    let accepts_any_local = cx.model.profile().accepts_any_local_address;
    if let (Some(src), Some(im)) = (&n.rare().update_source, cx.pairing.interface) {
        let owns_customer = cx
            .model
            .interface(&src.value)
            .is_some_and(|i| i.address_of(cust.addr()).is_some());
        if !src.value.eq_ignore_ascii_case(&im.interface.name) && !owns_customer {
            let msg = format!(
                "neighbor {addr} is sourced from `{}`, not from `{}` which holds {}: AWS only accepts the session from the customer address{}",
                src.value,
                im.interface.name,
                cust.addr(),
                if accepts_any_local {
                    " (it comes up only when AWS opens the connection)"
                } else {
                    ""
                }
            );
            let h = cx
                .hit(RuleId::DX205, Some(src.span), msg)
                .fix(Fix::RemoveUpdateSource { neighbor: addr });
            if accepts_any_local {
                h.severity(Severity::Warning);
            }
        }
    }
    if let Some(la) = &n.rare().local_address {
        if la.value != cust.addr() {
            let msg = format!(
                "neighbor {addr} uses local-address {}, but AWS only accepts the session from {}",
                la.value,
                cust.addr()
            );
            cx.hit(RuleId::DX205, Some(la.span), msg)
                .fix(Fix::RemoveUpdateSource { neighbor: addr });
        }
    }
}

/// DX206, the reverse: the router has a neighbor of a family on the VIF's interface for
/// which AWS has no peer.
fn reverse_family(cx: &mut PeeringCx) {
    let Some(im) = cx.pairing.interface else {
        return;
    };
    if cx.pairing.neighbor.map(|n| n.how) != Some(NeighborHow::Exact) {
        return;
    }
    for other in [Afi::Ipv4, Afi::Ipv6] {
        if other == cx.peering.afi || cx.sibling_afis.contains(&other) {
            continue;
        }
        let subnets: Vec<IpNet> = im
            .interface
            .addresses
            .iter()
            .filter(|a| Afi::of(a.net.addr()) == other)
            .map(|a| a.net.trunc())
            .collect();
        let stray = cx
            .model
            .neighbors()
            .find(|(_, n)| subnets.iter().any(|s| s.contains(&n.addr)))
            .map(|(_, n)| (n.addr, n.span));
        if let Some((addr, span)) = stray {
            let msg = format!(
                "neighbor {addr} ({} on `{}`) has no matching peer on {}: AWS has only an {} peer, so this session never starts",
                fam(other),
                im.interface.name,
                cx.peering.resource_id,
                fam(cx.peering.afi)
            );
            cx.hit(RuleId::DX206, Some(span), msg);
        }
    }
}

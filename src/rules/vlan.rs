//! DX101–DX104: the 802.1Q tag the router uses toward AWS.

use super::PeeringCx;
use crate::fix::Fix;
use crate::rule_id::RuleId;

pub(super) fn check(cx: &mut PeeringCx) {
    let Some(vlan) = cx.peering.vlan else { return };
    let Some(m) = cx.pairing.interface else {
        return;
    };
    let iface = m.interface;
    let id = cx.peering.resource_id.clone();
    // A VIF is Ethernet: IPv4 resolves the peer with ARP, IPv6 with neighbor discovery.
    let resolve = match cx.peering.afi {
        crate::model::Afi::Ipv4 => "ARP",
        crate::model::Afi::Ipv6 => "neighbor discovery",
    };
    match &iface.vlan {
        None => {
            let parent = iface.parent.as_deref().unwrap_or(&iface.name).to_string();
            let address = cx.peering.customer_address;
            let vrf = cx.pairing.neighbor.and_then(|m| m.process.vrf.clone());
            let msg = format!(
                "`{}` is untagged, but {id} is delivered with 802.1Q tag {vlan}: AWS's {resolve} requests arrive tagged and are never answered",
                iface.name
            );
            let h = cx.hit(RuleId::DX102, Some(iface.span), msg);
            match address {
                Some(address) => h.fix(Fix::NewSubinterface {
                    parent,
                    vlan,
                    address,
                    mtu: None,
                    vrf,
                }),
                None => h.fix(Fix::InterfaceVlan {
                    interface: iface.name.clone(),
                    vlan,
                }),
            };
        }
        Some(tags) if iface.native_vlan.is_some() => {
            let span = iface.native_vlan.unwrap_or(tags.span);
            let msg = format!(
                "`{}` carries VLAN {} as the native VLAN, so its frames leave untagged, but {id} is delivered with 802.1Q tag {vlan}: AWS's ARP requests arrive tagged and are never answered",
                iface.name, tags.value.outer
            );
            cx.hit(RuleId::DX102, Some(span), msg)
                .fix(Fix::InterfaceVlan {
                    interface: iface.name.clone(),
                    vlan,
                });
        }
        Some(tags) => {
            if cx.model.profile().vlan_tagging_switch && iface.tagging_enabled == Some(false) {
                let port = iface.parent.as_deref().unwrap_or(&iface.name).to_string();
                let msg = format!(
                    "`{}` has vlan-id {} but `{port}` does not enable vlan-tagging, so the unit never receives tagged frames",
                    iface.name, tags.value.outer
                );
                cx.hit(RuleId::DX104, Some(tags.span), msg)
                    .fix(Fix::EnableVlanTagging { interface: port });
            }
            if let Some(inner) = tags.value.inner {
                let fix = Fix::InterfaceVlan {
                    interface: iface.name.clone(),
                    vlan,
                };
                if tags.value.outer == vlan || inner == vlan {
                    let msg = format!(
                        "`{}` is double-tagged (outer {}, inner {inner}), but {id} is a single-tag 802.1Q handoff with VLAN {vlan}; only correct if your carrier pops the other tag",
                        iface.name, tags.value.outer
                    );
                    cx.hit(RuleId::DX103, Some(tags.span), msg).fix(fix);
                } else {
                    // Whatever tag a carrier removes, the one left is not the VIF's VLAN.
                    let msg = format!(
                        "`{}` is double-tagged (outer {}, inner {inner}) and neither tag is {id}'s VLAN {vlan}: whatever tag the carrier removes, frames never reach AWS's sub-interface and ARP for the peer never resolves",
                        iface.name, tags.value.outer
                    );
                    cx.hit(RuleId::DX101, Some(tags.span), msg).fix(fix);
                }
            } else if tags.value.outer != vlan {
                let other = cx.model.interfaces.iter().find(|i| {
                    i.name != iface.name && i.vlan.as_ref().is_some_and(|v| v.value.outer == vlan)
                });
                let elsewhere = other
                    .map(|i| format!("; VLAN {vlan} is configured on `{}` instead", i.name))
                    .unwrap_or_default();
                let msg = format!(
                    "`{}` is tagged {}, but {id} uses VLAN {vlan}: frames never reach AWS's sub-interface, {resolve} for the peer never resolves{elsewhere}",
                    iface.name, tags.value.outer
                );
                // A port carries a VLAN on one sub-interface only: retagging this one while
                // a sibling holds the VLAN is refused (IOS) or splits the traffic.
                let same_port = other.filter(|o| o.parent.is_some() && o.parent == iface.parent);
                let fix = match same_port {
                    Some(o) => Fix::Note(format!(
                        "VLAN {vlan} is already on `{}` (same port): a VLAN lives on one sub-interface only. Either move this sub-interface's address and BGP neighbor to `{}`, or remove VLAN {vlan} from `{}` first and then tag `{}` with {vlan}",
                        o.name, o.name, o.name, iface.name
                    )),
                    None => Fix::InterfaceVlan {
                        interface: iface.name.clone(),
                        vlan,
                    },
                };
                cx.hit(RuleId::DX101, Some(tags.span), msg).fix(fix);
            }
        }
    }
}

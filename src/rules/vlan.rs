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
    match &iface.vlan {
        None => {
            let parent = iface.parent.as_deref().unwrap_or(&iface.name).to_string();
            let address = cx.peering.customer_address;
            let msg = format!(
                "`{}` is untagged, but {id} is delivered with 802.1Q tag {vlan}: AWS's ARP requests arrive tagged and are never answered",
                iface.name
            );
            let h = cx.hit(RuleId::DX102, Some(iface.span), msg);
            match address {
                Some(address) => h.fix(Fix::NewSubinterface {
                    parent,
                    vlan,
                    address,
                    mtu: None,
                }),
                None => h.fix(Fix::InterfaceVlan {
                    interface: iface.name.clone(),
                    vlan,
                }),
            };
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
                let msg = format!(
                    "`{}` is double-tagged (outer {}, inner {inner}), but {id} is a single-tag 802.1Q handoff with VLAN {vlan}{}",
                    iface.name,
                    tags.value.outer,
                    if tags.value.outer == vlan || inner == vlan {
                        "; only correct if your carrier pops the other tag"
                    } else {
                        ""
                    }
                );
                cx.hit(RuleId::DX103, Some(tags.span), msg)
                    .fix(Fix::InterfaceVlan {
                        interface: iface.name.clone(),
                        vlan,
                    });
            } else if tags.value.outer != vlan {
                let elsewhere = cx
                    .model
                    .interfaces
                    .iter()
                    .find(|i| {
                        i.name != iface.name
                            && i.vlan.as_ref().is_some_and(|v| v.value.outer == vlan)
                    })
                    .map(|i| format!("; VLAN {vlan} is configured on `{}` instead", i.name))
                    .unwrap_or_default();
                let msg = format!(
                    "`{}` is tagged {}, but {id} uses VLAN {vlan}: frames never reach AWS's sub-interface, ARP for the peer never resolves{elsewhere}",
                    iface.name, tags.value.outer
                );
                cx.hit(RuleId::DX101, Some(tags.span), msg)
                    .fix(Fix::InterfaceVlan {
                        interface: iface.name.clone(),
                        vlan,
                    });
            }
        }
    }
}

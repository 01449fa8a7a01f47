//! DX901–DX909 and DX503: the Site-to-Site VPN tunnel itself (IKE peer, outside address,
//! proposals, pre-shared key, lifetimes, DPD, tunnel MTU). BGP over the tunnel is checked by
//! the other families like any peering; the inside /30 by `addressing` (as DX903).

use super::PeeringCx;
use crate::fix::{Fix, VpnFix};
use crate::model::{
    AllowedAlgorithms, IkePeer, IkeProposal, Interface, IpsecProposal, Password, VpnTunnel,
};
use crate::rule_id::RuleId;
use crate::secret::Secret;
use crate::source::Span;
use std::net::IpAddr;

/// Largest inner packet a Site-to-Site VPN tunnel carries (AES-GCM, no NAT-T).
const MAX_TUNNEL_MTU: u32 = 1446;
/// Largest TCP MSS that fits MAX_TUNNEL_MTU.
const MAX_TUNNEL_MSS: u32 = 1406;
/// The conservative values of AWS's configuration guide, used in fixes.
const GUIDE_MTU: u32 = 1399;
const GUIDE_MSS: u32 = 1359;

/// The router's side of one AWS tunnel.
pub(super) struct Binding<'m> {
    pub peer: Option<&'m IkePeer>,
    pub iface: Option<&'m Interface>,
}

/// Whether the caller should go on checking this tunnel (false: DX901 says it is missing).
pub(super) fn check(cx: &mut PeeringCx) -> bool {
    let Some(t) = cx.peering.vpn.clone() else {
        return true;
    };
    inside_block(cx);
    let Some(outside) = t.outside_ip else {
        return true;
    };
    let b = bind(cx, outside);
    let mut blamed = outside_address(cx, &t, outside, &b);
    if b.peer.is_none() && b.iface.is_none() && !blamed {
        blamed = unclaimed_endpoint(cx, &t, outside);
    }
    if !blamed && b.peer.is_none() && b.iface.is_none() && !bgp_present(cx) {
        missing(cx, &t, outside);
        return false;
    }
    if let Some(peer) = b.peer {
        let allowed = t.allowed();
        ike_version(cx, &t, peer, &allowed);
        phase1(cx, &t, peer, &allowed);
        phase2(cx, &t, peer, &allowed);
        psk(cx, &t, peer, outside);
        lifetimes_and_dpd(cx, &t, peer, &allowed);
    }
    if let Some(i) = b.iface {
        tunnel_mtu(cx, i);
    }
    true
}

/// The IKE peer at the tunnel's outside IP (else the one bound to its tunnel interface), and
/// the tunnel interface pointing at it (else the one bound to the peer, else the interface
/// holding the inside address).
pub(super) fn bind<'m>(cx: &PeeringCx<'m>, outside: IpAddr) -> Binding<'m> {
    let model = cx.model;
    let peer_exact = model
        .ipsec
        .peers
        .iter()
        .find(|p| p.address.as_ref().map(|a| a.value) == Some(outside));
    let by_destination = model
        .interfaces
        .iter()
        .find(|i| destination(i) == Some(outside));
    let iface = by_destination
        .or_else(|| {
            peer_exact
                .and_then(|p| p.interface.as_deref())
                .and_then(|n| model.interface(n))
        })
        .or_else(|| {
            cx.pairing
                .interface
                .map(|m| m.interface)
                .filter(|i| is_tunnel(cx, i))
        });
    let peer = peer_exact.or_else(|| {
        let i = iface?;
        model.ipsec.peers.iter().find(|p| {
            p.interface
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(&i.name))
        })
    });
    Binding { peer, iface }
}

fn destination(i: &Interface) -> Option<IpAddr> {
    i.tunnel.as_ref()?.destination.as_ref().map(|d| d.value)
}

fn is_tunnel(cx: &PeeringCx, i: &Interface) -> bool {
    i.tunnel.is_some() || cx.model.profile().is_tunnel_name(&i.name)
}

fn bgp_present(cx: &PeeringCx) -> bool {
    use crate::pair::{InterfaceHow, NeighborHow};
    let n = cx.pairing.neighbor.is_some_and(|m| {
        matches!(
            m.how,
            NeighborHow::Exact | NeighborHow::Swapped | NeighborHow::WrongHost
        )
    });
    let i = cx.pairing.interface.is_some_and(|m| {
        matches!(
            m.how,
            InterfaceHow::Exact | InterfaceHow::Swapped | InterfaceHow::WrongHost
        )
    });
    n || i
}

fn tunnel_name(t: &VpnTunnel, id: &str) -> String {
    format!("tunnel {} of {id}", t.tunnel_number)
}

/// DX903, AWS side: the inside block must be a /30 of 169.254.0.0/16 outside the reserved
/// blocks (IPv6: a /126 of fd00::/8).
fn inside_block(cx: &mut PeeringCx) {
    let Some(aws) = cx.peering.amazon_address else {
        return;
    };
    let block = aws.trunc();
    let bad = match block {
        ipnet::IpNet::V4(n) => {
            let link_local: ipnet::Ipv4Net = "169.254.0.0/16".parse().expect("valid");
            let o = n.network().octets();
            let reserved = (o[2] <= 5 && o[3] < 4) || (o[2] == 169 && o[3] == 252);
            if !link_local.contains(&n) {
                Some("is not in 169.254.0.0/16")
            } else if reserved {
                Some("is one of the reserved blocks (169.254.0.0/30 to 169.254.5.0/30, 169.254.169.252/30)")
            } else {
                None
            }
        }
        ipnet::IpNet::V6(n) => {
            (n.network().segments()[0] & 0xff00 != 0xfd00).then_some("is not in fd00::/8")
        }
    };
    if let Some(why) = bad {
        let msg = format!(
            "{}: the inside block {block} {why}; AWS does not accept it for a tunnel",
            cx.peering.id
        );
        cx.hit(RuleId::DX903, None, msg).aws_only = true;
    }
}

/// DX902 on the tunnel interface or the IKE peer bound to this tunnel. True when it fired.
fn outside_address(cx: &mut PeeringCx, t: &VpnTunnel, outside: IpAddr, b: &Binding) -> bool {
    let id = cx.peering.resource_id.clone();
    let name = tunnel_name(t, &id);
    let mut fired: Option<Span> = None;
    if let Some(i) = b.iface {
        if let Some(d) = i.tunnel.as_ref().and_then(|t| t.destination.clone()) {
            if d.value != outside {
                let msg = format!(
                    "`{}` (the tunnel with {name}'s inside address) has destination {}, but AWS's endpoint for {name} is {outside}: IKE never completes and BGP stays Idle",
                    i.name, d.value
                );
                cx.hit(RuleId::DX902, Some(d.span), msg)
                    .fix(Fix::TunnelDestination {
                        interface: i.name.clone(),
                        address: outside,
                    });
                fired = Some(d.span);
            }
        }
    }
    if let Some(p) = b.peer {
        if let Some(a) = &p.address {
            // Junos and VyOS derive the tunnel's destination from the peer: one line, one finding.
            if a.value != outside && fired != Some(a.span) {
                let msg = format!(
                    "IKE peer `{}` (bound to {name}) is {}, but AWS's endpoint for {name} is {outside}",
                    p.name, a.value
                );
                cx.hit(RuleId::DX902, Some(a.span), msg)
                    .fix(Fix::Vpn(VpnFix::PeerAddress {
                        peer: p.name.clone(),
                        from: Some(a.value),
                        to: outside,
                    }));
                fired = Some(a.span);
            }
        }
    }
    fired.is_some()
}

/// DX902 when nothing points at this tunnel but an IKE peer or tunnel destination points at
/// an address that is no tunnel of any VPN given: most likely a typo or a recreated VPN.
/// Stray endpoints are handed out in order to the tunnels that have none, one each.
fn unclaimed_endpoint(cx: &mut PeeringCx, t: &VpnTunnel, outside: IpAddr) -> bool {
    let Some(stray) = stray_for(cx) else {
        return false;
    };
    let name = tunnel_name(t, &cx.peering.resource_id);
    let mut fired: Option<Span> = None;
    let peer = cx
        .model
        .ipsec
        .peers
        .iter()
        .find_map(|p| Some((p, p.address.clone().filter(|a| a.value == stray)?)));
    if let Some((p, a)) = peer {
        let msg = format!(
            "no IKE peer is {outside}, AWS's endpoint for {name}; IKE peer `{}` is {}, which is no tunnel endpoint of the VPNs given (a typo, or a VPN that was recreated with new addresses?)",
            p.name, a.value
        );
        cx.hit(RuleId::DX902, Some(a.span), msg)
            .fix(Fix::Vpn(VpnFix::PeerAddress {
                peer: p.name.clone(),
                from: Some(a.value),
                to: outside,
            }));
        fired = Some(a.span);
    }
    let iface = cx.model.interfaces.iter().find_map(|i| {
        let d = i.tunnel.as_ref()?.destination.clone()?;
        (d.value == stray && fired != Some(d.span)).then_some((i, d))
    });
    if let Some((i, d)) = iface {
        let msg = format!(
            "no tunnel interface points at {outside}, AWS's endpoint for {name}; `{}` points at {}, which is no tunnel endpoint of the VPNs given",
            i.name, d.value
        );
        cx.hit(RuleId::DX902, Some(d.span), msg)
            .fix(Fix::TunnelDestination {
                interface: i.name.clone(),
                address: outside,
            });
        fired = Some(d.span);
    }
    fired.is_some()
}

/// The stray endpoint (an IKE peer address or tunnel destination that is no AWS tunnel of
/// the VPNs given) this peering gets: the k-th stray for the k-th tunnel without an endpoint.
fn stray_for(cx: &PeeringCx) -> Option<IpAddr> {
    let known: Vec<IpAddr> = cx
        .all_peerings
        .iter()
        .filter_map(|p| p.vpn.as_ref()?.outside_ip)
        .collect();
    let k = cx
        .all_peerings
        .iter()
        .filter(|p| {
            p.vpn
                .as_ref()
                .and_then(|v| v.outside_ip)
                .is_some_and(|o| !endpoint_exists(cx, o))
        })
        .position(|p| p.id == cx.peering.id)?;
    let mut strays: Vec<IpAddr> = Vec::new();
    for a in cx
        .model
        .ipsec
        .peers
        .iter()
        .filter_map(|p| p.address.as_ref().map(|a| a.value))
        .chain(cx.model.interfaces.iter().filter_map(destination))
    {
        if !known.contains(&a) && !strays.contains(&a) {
            strays.push(a);
        }
    }
    strays.get(k).copied()
}

/// Whether the router has a peer or tunnel interface at this AWS outside IP.
fn endpoint_exists(cx: &PeeringCx, outside: IpAddr) -> bool {
    cx.model
        .ipsec
        .peers
        .iter()
        .any(|p| p.address.as_ref().map(|a| a.value) == Some(outside))
        || cx
            .model
            .interfaces
            .iter()
            .any(|i| destination(i) == Some(outside))
}

/// DX901: nothing on the router serves this tunnel.
fn missing(cx: &mut PeeringCx, t: &VpnTunnel, outside: IpAddr) {
    let name = tunnel_name(t, &cx.peering.resource_id);
    let inside = cx
        .peering
        .customer_address
        .map(|c| format!(", inside address {c}"))
        .unwrap_or_default();
    let bgp = match (cx.peering.amazon_ip(), t.static_routes_only) {
        (Some(a), false) => format!(", and a BGP neighbor {a}"),
        _ => String::new(),
    };
    let msg = format!(
        "{name} (AWS endpoint {outside}) is not configured: no IKE peer, tunnel interface or BGP neighbor for it; the connection has no redundancy and drops during AWS maintenance"
    );
    let note = format!(
        "configure {name}: an IKE peer {outside} with the tunnel's pre-shared key, a tunnel interface{inside}{bgp}"
    );
    let span = cx.model.bgp.first().map(|p| p.span);
    cx.hit(RuleId::DX901, span, msg).fix(Fix::Note(note));
}

fn peer_version(cx: &PeeringCx, peer: &IkePeer) -> Option<(u8, Span)> {
    match &peer.ike_version {
        Some(v) => Some((v.value, v.span)),
        None => cx
            .model
            .profile()
            .default_ike_version
            .map(|v| (v, peer.span)),
    }
}

/// DX904.
fn ike_version(cx: &mut PeeringCx, t: &VpnTunnel, peer: &IkePeer, allowed: &AllowedAlgorithms) {
    let Some((v, span)) = peer_version(cx, peer) else {
        return;
    };
    if allowed.ike_versions.contains(&v) {
        return;
    }
    let want = allowed.ike_versions.iter().max().copied().unwrap_or(2);
    let list = allowed
        .ike_versions
        .iter()
        .map(|v| format!("IKEv{v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let default = if peer.ike_version.is_none() {
        " (the platform default)"
    } else {
        ""
    };
    let msg = format!(
        "IKE peer `{}` uses IKEv{v}{default}, but {} only allows {list}: phase 1 never completes",
        peer.name,
        tunnel_name(t, &cx.peering.resource_id)
    );
    cx.hit(RuleId::DX904, Some(span), msg)
        .fix(Fix::Vpn(VpnFix::IkeVersion {
            peer: peer.name.clone(),
            version: want,
        }));
}

fn selected<'m, P>(all: &'m [P], names: &[String], name_of: impl Fn(&P) -> &str) -> Vec<&'m P> {
    all.iter()
        .filter(|p| names.is_empty() || names.iter().any(|n| n == name_of(p)))
        .collect()
}

/// The AWS spelling of a model algorithm name: the dialects already store AWS's names in
/// lower case (`dialect::ipsec_names`), so this is only a case change.
fn aws_name(canonical: &str) -> String {
    canonical.to_ascii_uppercase()
}

/// AES-GCM authenticates by itself: a GCM proposal needs no separate integrity algorithm.
fn all_aead(encryption: &[String]) -> bool {
    !encryption.is_empty() && encryption.iter().all(|e| e.contains("-gcm-"))
}

fn any_in(have: &[String], allowed: &[String]) -> bool {
    have.is_empty() || have.iter().any(|h| allowed.contains(&aws_name(h)))
}

fn ike_ok(p: &IkeProposal, a: &AllowedAlgorithms) -> bool {
    any_in(&p.encryption, &a.phase1_encryption)
        && (all_aead(&p.encryption) || any_in(&p.integrity, &a.phase1_integrity))
        && (p.dh_groups.is_empty() || p.dh_groups.iter().any(|g| a.phase1_dh_groups.contains(g)))
}

/// `pfs`: the PFS group in force for this proposal (its own, else the peer's).
fn ipsec_ok(p: &IpsecProposal, pfs: Option<u32>, a: &AllowedAlgorithms) -> bool {
    any_in(&p.encryption, &a.phase2_encryption)
        && (all_aead(&p.encryption) || any_in(&p.integrity, &a.phase2_integrity))
        && pfs.is_none_or(|g| a.phase2_dh_groups.contains(&g))
}

fn describe_proposal(enc: &[String], int: &[String], dh: &[u32]) -> String {
    let e = enc
        .iter()
        .map(|e| aws_name(e))
        .collect::<Vec<_>>()
        .join("|");
    let i = int
        .iter()
        .map(|i| aws_name(i))
        .collect::<Vec<_>>()
        .join("|");
    let g = dh
        .iter()
        .map(|g| format!("group {g}"))
        .collect::<Vec<_>>()
        .join("|");
    [e, i, g]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

fn groups(g: &[u32]) -> String {
    g.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

/// A proposal the tunnel accepts, preferring what AWS's guide uses (AES128, SHA1, group 14).
fn suggestion(enc: &[String], int: &[String], dh: &[u32]) -> (String, String, u32) {
    let pick = |list: &[String], pref: &[&str]| -> String {
        pref.iter()
            .find(|p| list.iter().any(|l| l == *p))
            .map(|s| s.to_string())
            .or_else(|| list.first().cloned())
            .unwrap_or_default()
    };
    let e = pick(enc, &["AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"]);
    let i = pick(int, &["SHA1", "SHA2-256", "SHA2-384", "SHA2-512"]);
    let g = [14, 19, 20, 2]
        .into_iter()
        .find(|g| dh.contains(g))
        .or_else(|| dh.first().copied())
        .unwrap_or(14);
    (e, i, g)
}

/// DX905.
fn phase1(cx: &mut PeeringCx, t: &VpnTunnel, peer: &IkePeer, a: &AllowedAlgorithms) {
    let props = selected(&cx.model.ipsec.ike_proposals, &peer.ike_proposals, |p| {
        &p.name
    });
    if props.is_empty() || props.iter().any(|p| ike_ok(p, a)) {
        return;
    }
    let offered = props
        .iter()
        .map(|p| describe_proposal(&p.encryption, &p.integrity, &p.dh_groups))
        .collect::<Vec<_>>()
        .join(", ");
    let msg = format!(
        "no phase 1 proposal of IKE peer `{}` is accepted by {}: the router offers {offered}; the tunnel accepts {} with {} and DH groups {}",
        peer.name,
        tunnel_name(t, &cx.peering.resource_id),
        a.phase1_encryption.join("|"),
        a.phase1_integrity.join("|"),
        groups(&a.phase1_dh_groups)
    );
    let (encryption, integrity, dh_group) = suggestion(
        &a.phase1_encryption,
        &a.phase1_integrity,
        &a.phase1_dh_groups,
    );
    let ike_version = peer_version(cx, peer)
        .map(|(v, _)| v)
        .filter(|v| a.ike_versions.contains(v))
        .unwrap_or_else(|| a.ike_versions.iter().copied().max().unwrap_or(2));
    cx.hit(RuleId::DX905, Some(props[0].span), msg)
        .fix(Fix::Vpn(VpnFix::Phase1 {
            peer: peer.name.clone(),
            ike_version,
            encryption,
            integrity,
            dh_group,
            lifetime: a.phase1_lifetime,
        }));
}

/// DX906.
fn phase2(cx: &mut PeeringCx, t: &VpnTunnel, peer: &IkePeer, a: &AllowedAlgorithms) {
    let props = selected(
        &cx.model.ipsec.ipsec_proposals,
        &peer.ipsec_proposals,
        |p| &p.name,
    );
    // IOS sets PFS per peer (`set pfs` in the ipsec profile), the others per proposal.
    let pfs = |p: &IpsecProposal| p.pfs_group.or(peer.pfs_group.as_ref().map(|g| g.value));
    if props.is_empty() || props.iter().any(|p| ipsec_ok(p, pfs(p), a)) {
        return;
    }
    let offered = props
        .iter()
        .map(|p| {
            describe_proposal(
                &p.encryption,
                &p.integrity,
                &pfs(p).into_iter().collect::<Vec<_>>(),
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let msg = format!(
        "no phase 2 (IPsec) proposal for IKE peer `{}` is accepted by {}: the router offers {offered}; the tunnel accepts {} with {} and PFS groups {}",
        peer.name,
        tunnel_name(t, &cx.peering.resource_id),
        a.phase2_encryption.join("|"),
        a.phase2_integrity.join("|"),
        groups(&a.phase2_dh_groups)
    );
    let (encryption, integrity, pfs_group) = suggestion(
        &a.phase2_encryption,
        &a.phase2_integrity,
        &a.phase2_dh_groups,
    );
    cx.hit(RuleId::DX906, Some(props[0].span), msg)
        .fix(Fix::Vpn(VpnFix::Phase2 {
            peer: peer.name.clone(),
            encryption,
            integrity,
            pfs_group,
            lifetime: a.phase2_lifetime,
        }));
}

/// AWS's rule for pre-shared keys: 8–64 of `[A-Za-z0-9._]`, not starting with `0`.
fn psk_format_problems(k: &Secret) -> Vec<String> {
    let mut out = Vec::new();
    let n = k.char_len();
    if !(8..=64).contains(&n) {
        out.push(format!("it has {n} characters (AWS: 8 to 64)"));
    }
    if !k.all_chars(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') {
        out.push("it contains characters other than letters, digits, `.` and `_`".into());
    }
    if k.starts_with('0') {
        out.push("it starts with 0".into());
    }
    out
}

/// DX907 and DX908.
fn psk(cx: &mut PeeringCx, t: &VpnTunnel, peer: &IkePeer, outside: IpAddr) {
    let name = tunnel_name(t, &cx.peering.resource_id);
    let placeholder = format!(
        "<PreSharedKey of {name}{}>",
        t.psk
            .as_ref()
            .map(|k| format!(", {} characters", k.char_len()))
            .unwrap_or_default()
    );
    let version = peer.ike_version.as_ref().map(|v| v.value);
    let fix = Fix::Vpn(VpnFix::Psk {
        peer: peer.name.clone(),
        address: outside,
        ike_version: version,
        placeholder,
    });
    let Some(pw) = &peer.psk else {
        if t.psk.is_some() {
            let msg = format!(
                "IKE peer `{}` has no pre-shared key, but {name} authenticates with one: IKE authentication fails",
                peer.name
            );
            cx.hit(RuleId::DX907, Some(peer.span), msg).fix(fix);
        }
        return;
    };
    let Password::Known(r) = &pw.value else {
        return;
    };
    let problems = psk_format_problems(r);
    if !problems.is_empty() {
        let msg = format!(
            "the pre-shared key of IKE peer `{}` ({}) can never be {name}'s key: {}",
            peer.name,
            r.describe(),
            problems.join("; ")
        );
        cx.hit(RuleId::DX908, Some(pw.span), msg).fix(fix);
        return;
    }
    let Some(k) = &t.psk else { return };
    if r == k {
        return;
    }
    let swapped = cx.all_peerings.iter().find_map(|p| {
        let other = p.vpn.as_ref()?;
        (p.id != cx.peering.id && other.psk.as_ref() == Some(r))
            .then(|| format!(" — it is the key of {}", tunnel_name(other, &p.resource_id)))
    });
    let detail = match swapped {
        Some(s) => s,
        None if r.eq_trimmed(k) => format!(
            " — they differ only in whitespace (router {}, AWS {})",
            r.describe(),
            k.describe()
        ),
        None => format!(" (router {}, AWS {})", r.describe(), k.describe()),
    };
    let msg = format!(
        "the pre-shared key of IKE peer `{}` is not {name}'s key{detail}: IKE authentication fails and the tunnel stays down",
        peer.name
    );
    cx.hit(RuleId::DX907, Some(pw.span), msg).fix(fix);
}

/// DX909.
fn lifetimes_and_dpd(cx: &mut PeeringCx, t: &VpnTunnel, peer: &IkePeer, a: &AllowedAlgorithms) {
    let name = tunnel_name(t, &cx.peering.resource_id);
    let platform = cx.model.profile();
    let d1 = platform.default_ike_lifetime;
    let d2 = platform.default_ipsec_lifetime;
    let ike = selected(&cx.model.ipsec.ike_proposals, &peer.ike_proposals, |p| {
        &p.name
    });
    // A lifetime set on the peer (IOS ikev2 profile, ipsec profile) wins over the proposals'.
    let ike: Vec<Lifetime> = match &peer.ike_lifetime {
        Some(l) => vec![Lifetime::of_peer(peer, l)],
        None => ike
            .iter()
            .filter_map(|p| Lifetime::of(&p.name, p.span, &p.lifetime, d1))
            .collect(),
    };
    check_lifetimes(cx, &name, 1, ike, a.phase1_lifetime);
    let esp = selected(
        &cx.model.ipsec.ipsec_proposals,
        &peer.ipsec_proposals,
        |p| &p.name,
    );
    let esp: Vec<Lifetime> = match &peer.ipsec_lifetime {
        Some(l) => vec![Lifetime::of_peer(peer, l)],
        None => esp
            .iter()
            .filter_map(|p| Lifetime::of(&p.name, p.span, &p.lifetime, d2))
            .collect(),
    };
    check_lifetimes(cx, &name, 2, esp, a.phase2_lifetime);
    if peer.dpd.is_none() {
        let msg = format!(
            "IKE peer `{}` has no dead peer detection: when AWS clears {name} (maintenance, DPD timeout), the router keeps sending into a dead SA until it expires",
            peer.name
        );
        cx.hit(RuleId::DX909, Some(peer.span), msg)
            .fix(Fix::Vpn(VpnFix::Dpd {
                peer: peer.name.clone(),
                interval: 10,
                retries: 3,
            }));
    }
}

/// DX909 for one phase: each lifetime must lie in 900..=`max` seconds.
fn check_lifetimes(
    cx: &mut PeeringCx,
    tunnel: &str,
    phase: u8,
    lifetimes: Vec<Lifetime>,
    max: u32,
) {
    for l in lifetimes {
        if l.secs <= max && l.secs >= 900 {
            continue;
        }
        let msg = format!(
            "phase {phase} {} has lifetime {} s{}; {tunnel} accepts 900 to {max} s",
            l.label, l.secs, l.default
        );
        let fix = if phase == 1 {
            VpnFix::Phase1Lifetime {
                proposal: l.owner,
                seconds: max,
            }
        } else {
            VpnFix::Phase2Lifetime {
                proposal: l.owner,
                seconds: max,
            }
        };
        cx.hit(RuleId::DX909, Some(l.span), msg).fix(Fix::Vpn(fix));
    }
}

/// One lifetime to check: a proposal's (or the platform default), or one set on the peer.
struct Lifetime {
    /// The proposal name, or the peer's name for a peer-level lifetime (fix renderers look
    /// both up).
    owner: String,
    label: String,
    secs: u32,
    span: Span,
    default: &'static str,
}

impl Lifetime {
    /// `None` when the proposal sets no lifetime and the platform default is unknown.
    fn of(
        name: &str,
        span: Span,
        l: &Option<crate::source::Spanned<u32>>,
        dflt: Option<u32>,
    ) -> Option<Self> {
        let (secs, span, default) = match l {
            Some(l) => (l.value, l.span, ""),
            None => (dflt?, span, " (the platform default)"),
        };
        Some(Lifetime {
            owner: name.to_string(),
            label: format!("proposal `{name}`"),
            secs,
            span,
            default,
        })
    }

    fn of_peer(peer: &IkePeer, l: &crate::source::Spanned<u32>) -> Self {
        Lifetime {
            owner: peer.name.clone(),
            label: format!("SA of IKE peer `{}`", peer.name),
            secs: l.value,
            span: l.span,
            default: "",
        }
    }
}

/// DX503.
fn tunnel_mtu(cx: &mut PeeringCx, i: &Interface) {
    let (mtu, mtu_span) = match &i.mtu {
        Some(m) => (Some(m.value), m.span),
        None => (cx.model.profile().tunnel_mtu_default(&i.name), i.span),
    };
    let default = if i.mtu.is_none() {
        " (the platform default)"
    } else {
        ""
    };
    let fix = |mtu: Option<u32>, mss: Option<u32>| {
        Fix::Vpn(VpnFix::TunnelMtu {
            interface: i.name.clone(),
            mtu,
            mss,
        })
    };
    if let Some(m) = mtu.filter(|m| *m > MAX_TUNNEL_MTU) {
        let msg = format!(
            "tunnel interface `{}` has MTU {m}{default}: a Site-to-Site VPN tunnel carries at most {MAX_TUNNEL_MTU}-byte packets and no path MTU discovery, so larger packets are fragmented after encryption or dropped",
            i.name
        );
        cx.hit(RuleId::DX503, Some(mtu_span), msg)
            .fix(fix(Some(GUIDE_MTU), None));
    }
    let limit = mtu
        .map(|m| m.min(MAX_TUNNEL_MTU).saturating_sub(40))
        .unwrap_or(MAX_TUNNEL_MSS)
        .min(MAX_TUNNEL_MSS);
    match &i.tcp_mss {
        None => {
            let msg = format!(
                "tunnel interface `{}` does not clamp TCP MSS: TCP through the tunnel negotiates segments that do not fit (use {GUIDE_MSS}, at most {limit})",
                i.name
            );
            cx.hit(RuleId::DX503, Some(i.span), msg)
                .fix(fix(None, Some(GUIDE_MSS.min(limit))));
        }
        Some(m) if m.value > limit => {
            let msg = format!(
                "tunnel interface `{}` clamps TCP MSS to {}, above {limit} (MTU − 40, at most {MAX_TUNNEL_MSS}): full-size segments do not fit the tunnel",
                i.name, m.value
            );
            cx.hit(RuleId::DX503, Some(m.span), msg)
                .fix(fix(None, Some(GUIDE_MSS.min(limit))));
        }
        Some(_) => {}
    }
}

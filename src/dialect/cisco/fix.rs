//! Render fixes as IOS configuration lines, with the enclosing mode line so they paste.

use crate::fix::{local_as_plan, Fix, LocalAsPlan};
use crate::model::{Afi, BgpProcess, RouterModel};
use ipnet::IpNet;
use std::net::IpAddr;

pub fn render_fix(fix: &Fix, model: &RouterModel) -> String {
    match fix {
        Fix::InterfaceVlan { interface, vlan } => {
            format!("interface {interface}\n encapsulation dot1Q {vlan}")
        }
        Fix::InterfaceAddress { interface, address } => {
            format!("interface {interface}\n {}", address_line(model, address))
        }
        // FRR configures no MTU: the host does (never an IOS `ip mtu` line for FRR).
        Fix::InterfaceMtu { interface, mtu } if model.vendor == Some(crate::model::Vendor::Frr) => {
            format!("! FRR does not set interface MTUs; on the host:\n! ip link set dev {interface} mtu {mtu}")
        }
        Fix::InterfaceMtu { interface, mtu } => {
            format!("interface {interface}\n ip mtu {mtu}")
        }
        Fix::InterfaceEnable { interface } => format!("interface {interface}\n no shutdown"),
        Fix::NeighborVrf {
            neighbor,
            remote_as,
            vrf,
        } => neighbor_vrf(model, *neighbor, *remote_as, vrf.as_deref()),
        Fix::EnableVlanTagging { interface } => {
            format!("interface {interface}\n ! tag the sub-interfaces with encapsulation dot1Q")
        }
        // FRR: the host creates the VLAN interface and sets its MTU; FRR only addresses it.
        Fix::NewSubinterface {
            parent,
            vlan,
            address,
            mtu,
            vrf,
        } if model.vendor == Some(crate::model::Vendor::Frr) => {
            let mut s = format!(
                "! on the host: ip link add link {parent} name {parent}.{vlan} type vlan id {vlan}"
            );
            if let Some(m) = mtu {
                s.push_str(&format!(
                    "\n! on the host: ip link set dev {parent}.{vlan} mtu {m}"
                ));
            }
            // The neighbor's BGP process is in a VRF: FRR takes the binding from the kernel.
            if let Some(v) = vrf {
                s.push_str(&format!(
                    "\n! on the host: ip link set dev {parent}.{vlan} master {v}"
                ));
            }
            s.push_str(&format!(
                "\ninterface {parent}.{vlan}\n {}",
                address_line(model, address)
            ));
            s
        }
        Fix::NewSubinterface {
            parent,
            vlan,
            address,
            mtu,
            vrf,
        } => {
            // The neighbor's BGP process is in a VRF: so is its interface, bound before the
            // address (binding removes addresses).
            let mut s = format!("interface {parent}.{vlan}\n encapsulation dot1Q {vlan}\n");
            if let Some(v) = vrf {
                s.push_str(&format!(" vrf forwarding {v}\n"));
            }
            s.push_str(&format!(" {}", address_line(model, address)));
            if let Some(m) = mtu {
                s.push_str(&format!("\n ip mtu {m}"));
            }
            s
        }
        Fix::NeighborAddress {
            from,
            to,
            remote_as,
        } => {
            let (head, ind) = bgp_head(model, from.unwrap_or(*to), Afi::of(*to));
            let mut s = head;
            let existing = from.and_then(|f| model.neighbors().find(|(_, n)| n.addr == f));
            match (from, existing) {
                (Some(old), Some((_, n))) => {
                    recreate_neighbor(&mut s, model, ind, n, *old, *to, *remote_as)
                }
                _ => {
                    if let Some(old) = from {
                        s.push_str(&format!("\n{ind}no neighbor {old}"));
                    }
                    if let Some(asn) = remote_as {
                        s.push_str(&format!("\n{ind}neighbor {to} remote-as {asn}"));
                    }
                }
            }
            s
        }
        Fix::LocalAs {
            asn,
            neighbor,
            process_asn,
            peer,
        } => match local_as_plan(*asn, *neighbor, *process_asn, *peer) {
            LocalAsPlan::RemoveNeighborLocalAs(n) => {
                let (head, ind) = bgp_head(model, n, Afi::of(n));
                format!("{head}\n{ind}no neighbor {n} local-as")
            }
            // A running process keeps its ASN ("BGP is already running; AS is …"): the
            // neighbor presents the VIF's ASN instead, and AWS sees only that one.
            LocalAsPlan::NeighborLocalAs {
                neighbor: n,
                recreate_from,
            } => {
                let (head, ind) = bgp_head(model, n, Afi::of(n));
                let mut out =
                    format!("{head}\n{ind}neighbor {n} local-as {asn} no-prepend replace-as");
                if let Some(p) = recreate_from {
                    out.push_str(&format!(
                        "\n! or re-create BGP under AS {asn}: a running process keeps its ASN (no router bgp {p}, then router bgp {asn} and all of its configuration again)"
                    ));
                }
                out
            }
            LocalAsPlan::ProcessAs { .. } => format!("router bgp {asn}"),
        },
        Fix::RemoteAs { neighbor, asn } => {
            neighbor_line(model, *neighbor, &format!("remote-as {asn}"))
        }
        Fix::Password {
            neighbor,
            placeholder,
        } => neighbor_line(model, *neighbor, &format!("password {placeholder}")),
        Fix::RemovePassword { neighbor } => no_neighbor_line(model, *neighbor, "password"),
        Fix::Timers {
            neighbor,
            keepalive,
            hold,
        } => neighbor_line(model, *neighbor, &format!("timers {keepalive} {hold}")),
        Fix::RemoveMultihop { neighbor } => no_neighbor_line(model, *neighbor, "ebgp-multihop"),
        Fix::RemoveTtlSecurity { neighbor } => {
            no_neighbor_line(model, *neighbor, "ttl-security hops")
        }
        Fix::RemoveUpdateSource { neighbor } => no_neighbor_line(model, *neighbor, "update-source"),
        Fix::NeighborEnable { neighbor } => no_neighbor_line(model, *neighbor, "shutdown"),
        Fix::Bfd { neighbor } => neighbor_line(model, *neighbor, "fall-over bfd"),
        Fix::ActivateFamily { neighbor, afi } => af_line(model, *neighbor, *afi, "activate"),
        Fix::OutboundFilter {
            neighbor,
            afi,
            name,
        } => {
            let kw = if *afi == Afi::Ipv4 { "ip" } else { "ipv6" };
            let any = if *afi == Afi::Ipv4 {
                "0.0.0.0/0"
            } else {
                "::/0"
            };
            format!(
                "{kw} prefix-list {name} seq 5 permit <prefix to advertise>\n{kw} prefix-list {name} seq 1000 deny {any} le {}\n{}",
                if *afi == Afi::Ipv4 { 32 } else { 128 },
                af_line(model, *neighbor, *afi, &format!("prefix-list {name} out"))
            )
        }
        Fix::RemoveDefaultOriginate { neighbor, afi } => {
            let (head, ind) = bgp_head(model, *neighbor, *afi);
            let af = af_header(model, *neighbor, *afi);
            format!("{head}\n{af}{ind}no neighbor {neighbor} default-originate")
        }
        Fix::Advertise { neighbor, prefix } => {
            let afi = Afi::of(prefix.addr());
            let (head, ind) = bgp_head(model, *neighbor, afi);
            let net = match prefix {
                IpNet::V4(n) => format!("network {} mask {}", n.network(), n.netmask()),
                IpNet::V6(_) => format!("network {prefix}"),
            };
            let af = af_header(model, *neighbor, afi);
            format!("{head}\n{af}{ind} {net}")
        }
        Fix::TunnelDestination { interface, address } => {
            format!("interface {interface}\n tunnel destination {address}")
        }
        Fix::Vpn(v) => super::vpn_fix::render(v, model),
        Fix::Note(s) => s.clone(),
        Fix::Filter(f) => super::filter::render_fix(f, model),
    }
}

/// IOS writes an IPv4 mask dotted; FRR only takes the prefix length.
fn address_line(model: &RouterModel, a: &IpNet) -> String {
    match a {
        IpNet::V4(_) if model.vendor == Some(crate::model::Vendor::Frr) => {
            format!("ip address {a}")
        }
        IpNet::V4(n) => format!("ip address {} {}", n.addr(), n.netmask()),
        IpNet::V6(_) => format!("ipv6 address {a}"),
    }
}

/// The neighbor's process, else the first (a new neighbor goes there).
fn process_of(model: &RouterModel, neighbor: IpAddr) -> Option<&BgpProcess> {
    model.bgp_process_of(neighbor).or_else(|| model.bgp.first())
}

/// `router bgp N` (and the VRF family when the neighbor lives in a VRF), plus the indent
/// for lines below it.
fn bgp_head(model: &RouterModel, neighbor: IpAddr, afi: Afi) -> (String, &'static str) {
    let p = process_of(model, neighbor);
    let asn = p
        .and_then(|p| p.local_as.as_ref())
        .map(|a| a.value.to_string())
        .unwrap_or_else(|| "<your ASN>".into());
    match p.and_then(|p| p.vrf.as_deref()) {
        // FRR: a VRF has its own BGP instance, `router bgp N vrf X`.
        Some(vrf) if model.vendor == Some(crate::model::Vendor::Frr) => {
            (format!("router bgp {asn} vrf {vrf}"), " ")
        }
        Some(vrf) => (
            format!(
                "router bgp {asn}\n address-family {} vrf {vrf}",
                afi.as_str()
            ),
            "  ",
        ),
        None => (format!("router bgp {asn}"), " "),
    }
}

fn af_header(model: &RouterModel, neighbor: IpAddr, afi: Afi) -> String {
    let in_vrf = process_of(model, neighbor).is_some_and(|p| p.vrf.is_some())
        && model.vendor != Some(crate::model::Vendor::Frr);
    if in_vrf {
        String::new()
    } else {
        format!(" address-family {} unicast\n ", afi.as_str())
    }
}

/// IOS and FRR cannot rename a neighbor: the new one is configured with everything the
/// model knows of the old (peer group, description, key reference, timers, BFD, session
/// options, activated families) before the old one is removed; the lines the model does not
/// keep (route policies) are named in a comment, to be copied first.
fn recreate_neighbor(
    s: &mut String,
    model: &RouterModel,
    ind: &str,
    n: &crate::model::Neighbor,
    old: IpAddr,
    to: IpAddr,
    remote_as: Option<u32>,
) {
    let mut line = |attr: String| s.push_str(&format!("\n{ind}neighbor {to} {attr}"));
    match (&n.group, remote_as) {
        (Some(g), _) => line(format!("peer-group {g}")),
        (None, Some(asn)) => line(format!("remote-as {asn}")),
        (None, None) => {
            if let Some(crate::model::RemoteAs::Number(asn)) = n.remote_as.as_ref().map(|r| r.value)
            {
                line(format!("remote-as {asn}"));
            }
        }
    }
    if n.group.is_some() {
        if let Some(asn) = remote_as {
            line(format!("remote-as {asn}"));
        }
    }
    if let Some(d) = &n.description {
        line(format!("description {d}"));
    }
    if n.password.is_some() {
        line(format!("password <the key of neighbor {old}>"));
    }
    if let Some(t) = &n.timers {
        line(format!("timers {} {}", t.value.keepalive, t.value.hold));
    }
    if n.bfd.is_some() {
        line("fall-over bfd".to_string());
    }
    let rare = n.rare();
    if let Some(u) = &rare.update_source {
        line(format!("update-source {}", u.value));
    }
    if let Some(h) = &rare.ebgp_multihop {
        line(format!("ebgp-multihop {}", h.value));
    }
    if let Some(l) = &rare.local_as {
        line(format!("local-as {} no-prepend replace-as", l.value));
    }
    let in_vrf = process_of(model, old).is_some_and(|p| p.vrf.is_some());
    for f in n.families.iter().filter(|f| f.activated.is_some()) {
        if in_vrf {
            s.push_str(&format!("\n{ind}neighbor {to} activate"));
        } else {
            s.push_str(&format!(
                "\n address-family {} unicast\n  neighbor {to} activate\n exit-address-family",
                f.afi.as_str()
            ));
        }
    }
    s.push_str(&format!(
        "\n! before the next line: repeat every other `neighbor {old} …` line (prefix-list, route-map, maximum-prefix) with {to}\n{ind}no neighbor {old}"
    ));
}

fn neighbor_line(model: &RouterModel, n: IpAddr, attr: &str) -> String {
    let (head, ind) = bgp_head(model, n, Afi::of(n));
    format!("{head}\n{ind}neighbor {n} {attr}")
}

fn no_neighbor_line(model: &RouterModel, n: IpAddr, attr: &str) -> String {
    let (head, ind) = bgp_head(model, n, Afi::of(n));
    format!("{head}\n{ind}no neighbor {n} {attr}")
}

fn af_line(model: &RouterModel, n: IpAddr, afi: Afi, attr: &str) -> String {
    let (head, ind) = bgp_head(model, n, afi);
    let af = af_header(model, n, afi);
    format!("{head}\n{af}{ind}neighbor {n} {attr}")
}

/// Remove the neighbor where it is and configure it in `vrf`'s table: IOS under
/// `address-family ipv4 vrf X`, FRR in its own `router bgp N vrf X` instance.
fn neighbor_vrf(
    model: &RouterModel,
    n: IpAddr,
    remote_as: Option<u32>,
    vrf: Option<&str>,
) -> String {
    let asn = model
        .bgp
        .iter()
        .find_map(|p| p.local_as.as_ref())
        .map(|a| a.value.to_string())
        .unwrap_or_else(|| "<your ASN>".into());
    let ras = remote_as.map_or_else(|| "<remote AS>".to_string(), |a| a.to_string());
    let from = process_of(model, n).and_then(|p| p.vrf.as_deref());
    let af = match Afi::of(n) {
        Afi::Ipv4 => "ipv4",
        Afi::Ipv6 => "ipv6",
    };
    let frr = model.vendor == Some(crate::model::Vendor::Frr);
    let mut out = Vec::new();
    if frr {
        let head = |v: Option<&str>| match v {
            Some(v) => format!("router bgp {asn} vrf {v}"),
            None => format!("router bgp {asn}"),
        };
        out.push(format!("{}\n no neighbor {n}", head(from)));
        out.push(format!(
            "{}\n neighbor {n} remote-as {ras}\n ! copy its password, timers and address-family settings here",
            head(vrf)
        ));
    } else {
        let mut s = format!("router bgp {asn}");
        match from {
            Some(v) => s.push_str(&format!(
                "\n address-family {af} vrf {v}\n  no neighbor {n}\n exit-address-family"
            )),
            None => s.push_str(&format!("\n no neighbor {n}")),
        }
        match vrf {
            Some(v) => s.push_str(&format!(
                "\n address-family {af} vrf {v}\n  neighbor {n} remote-as {ras}\n  neighbor {n} activate\n  ! copy its password, timers and policies here\n exit-address-family"
            )),
            None => s.push_str(&format!(
                "\n neighbor {n} remote-as {ras}\n address-family {af}\n  neighbor {n} activate\n exit-address-family"
            )),
        }
        out.push(s);
    }
    out.join("\n!\n")
}

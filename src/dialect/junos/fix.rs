//! [`Fix`] intents as Junos configuration-mode commands (`set`, `delete`, `activate`,
//! `rename`), placed where the model says the neighbor or interface lives
//! (`routing-instances X protocols bgp group G neighbor A …`). Lines starting with `#` are
//! comments (`load set terminal` ignores them). Keys are never rendered: a password fix
//! writes the placeholder it was given.
//!
//! Where a value is inherited (a group's `authentication-key`, `multihop` …), a `delete` must
//! name the level that sets it. The model keeps only the span of that line, so the level is
//! inferred: a span shared with neighbors of other groups is the `protocols bgp` level, one
//! shared within the group is the group level; otherwise the line is the neighbor's own when
//! the group has other neighbors (who would share it) or when it comes after the neighbor's
//! first line (Junos prints group statements before the neighbors; a hand-written file that
//! sets a single neighbor's group value after it gets a neighbor-level `delete`). A deactivated unit or neighbor has `disabled`/`shutdown` equal to its own span
//! (the extractor's convention) and is re-enabled with `activate`.

use super::interfaces::split_unit;
use crate::fix::Fix;
use crate::model::{Afi, BgpProcess, Interface, Neighbor, RemoteAs, RouterModel};
use crate::source::Span;
use ipnet::IpNet;
use std::net::IpAddr;

pub(crate) fn render(fix: &Fix, model: &RouterModel) -> String {
    let mut out: Vec<String> = Vec::new();
    match fix {
        Fix::InterfaceVlan { interface, vlan } => {
            let (port, unit) = port_unit(interface);
            if port_tagging(model, port) == Some(false) {
                out.push(format!("set interfaces {port} vlan-tagging"));
            }
            let path = format!("interfaces {port} unit {unit}");
            let qinq = model
                .interface(&format!("{port}.{unit}"))
                .and_then(|i| i.vlan.as_ref())
                .is_some_and(|v| v.value.inner.is_some());
            if qinq {
                out.push(format!("delete {path} vlan-tags"));
            }
            out.push(format!("set {path} vlan-id {vlan}"));
        }
        Fix::EnableVlanTagging { interface } => {
            let (port, _) = port_unit(interface);
            out.push(format!("set interfaces {port} vlan-tagging"));
            untagged_units_note(&mut out, model, port);
        }
        Fix::InterfaceAddress { interface, address } => {
            let path = iface_path(interface);
            let fam = family_word(address.addr());
            if let Some(i) = model.interface(interface) {
                let same: Vec<&IpNet> = i
                    .addresses
                    .iter()
                    .map(|a| &a.net)
                    .filter(|n| n.addr().is_ipv4() == address.addr().is_ipv4())
                    .collect();
                for n in &same {
                    let overlaps = n.contains(&address.addr()) || address.contains(&n.addr());
                    if **n != *address && (overlaps || same.len() == 1) {
                        out.push(format!("delete {path} family {fam} address {n}"));
                    }
                }
            }
            out.push(format!("set {path} family {fam} address {address}"));
        }
        Fix::InterfaceMtu { interface, mtu } => interface_mtu(&mut out, model, interface, *mtu),
        Fix::InterfaceEnable { interface } => {
            let (port, unit) = port_unit(interface);
            let port_if = model.interface(port);
            if let Some(p) = port_if {
                if p.disabled.is_some() {
                    out.push(enable_line(p, &format!("interfaces {port}")));
                }
            }
            if split_unit(interface).is_some() || model.interface(interface).is_some() {
                if let Some(u) = model.interface(&format!("{port}.{unit}")) {
                    let inherited = port_if.is_some_and(|p| p.disabled == u.disabled);
                    if u.disabled.is_some() && !inherited {
                        out.push(enable_line(u, &format!("interfaces {port} unit {unit}")));
                    }
                }
            }
            if out.is_empty() {
                out.push(format!("delete {} disable", iface_path(interface)));
            }
        }
        Fix::NewSubinterface {
            parent,
            vlan,
            address,
            mtu,
            vrf,
        } => {
            let (port, _) = port_unit(parent);
            if let Some(v) = vrf {
                out.push(format!("set routing-instances {v} interface {port}.{vlan}"));
            }
            if port_tagging(model, port) != Some(true) {
                out.push(format!("set interfaces {port} vlan-tagging"));
                untagged_units_note(&mut out, model, port);
            }
            let path = format!("interfaces {port} unit {vlan}");
            out.push(format!("set {path} vlan-id {vlan}"));
            out.push(format!(
                "set {path} family {} address {address}",
                family_word(address.addr())
            ));
            if let Some(m) = mtu {
                if *m > port_ceiling(model, port) {
                    out.push(format!("set interfaces {port} mtu {}", m + 22));
                }
                out.push(format!(
                    "set {path} family {} mtu {m}",
                    family_word(address.addr())
                ));
            }
        }
        Fix::NeighborVrf {
            neighbor,
            remote_as,
            vrf,
        } => {
            let group = find(model, *neighbor)
                .and_then(|(_, n)| n.group.as_deref())
                .unwrap_or("AWS")
                .to_string();
            out.push(format!("delete {}", nbr_path(model, *neighbor)));
            let to = match vrf {
                Some(v) => format!("routing-instances {v} protocols bgp"),
                None => "protocols bgp".into(),
            };
            let peer_as = remote_as.map_or_else(|| "<remote AS>".to_string(), |a| a.to_string());
            out.push(format!("set {to} group {group} type external"));
            out.push(format!(
                "set {to} group {group} neighbor {neighbor} peer-as {peer_as}"
            ));
            out.push(
                "# copy its authentication-key, hold-time and export policy to the new group"
                    .into(),
            );
        }
        Fix::NeighborAddress {
            from,
            to,
            remote_as,
        } => neighbor_address(&mut out, model, *from, *to, *remote_as),
        Fix::LocalAs {
            asn,
            neighbor,
            process_asn: _,
            peer: _,
        } => match neighbor {
            Some(n) => out.push(format!("set {} local-as {asn}", nbr_path(model, *n))),
            None => {
                let proc = main_process(model);
                match proc.and_then(|p| p.vrf.as_deref()) {
                    Some(v) => out.push(format!(
                        "set routing-instances {v} routing-options autonomous-system {asn}"
                    )),
                    None => out.push(format!("set routing-options autonomous-system {asn}")),
                }
            }
        },
        Fix::RemoteAs { neighbor, asn } => {
            out.push(format!("set {} peer-as {asn}", nbr_path(model, *neighbor)));
        }
        Fix::Password {
            neighbor,
            placeholder,
        } => out.push(format!(
            "set {} authentication-key {}",
            nbr_path(model, *neighbor),
            quote(placeholder)
        )),
        Fix::RemovePassword { neighbor } => {
            let chain = find(model, *neighbor)
                .and_then(|(_, n)| n.password.as_ref())
                .is_some_and(|p| {
                    matches!(p.value, crate::model::Password::Unverifiable(w) if w.contains("key-chain"))
                });
            let what = if chain {
                "authentication-key-chain"
            } else {
                "authentication-key"
            };
            remove(&mut out, model, *neighbor, what, |n| {
                n.password.as_ref().map(|p| p.span)
            });
        }
        Fix::Timers {
            neighbor,
            keepalive,
            hold,
        } => {
            out.push(format!(
                "set {} hold-time {hold}",
                nbr_path(model, *neighbor)
            ));
            if *keepalive != hold / 3 {
                out.push(format!(
                    "# Junos sends keepalives every hold-time / 3 ({}s); it has no separate keepalive timer",
                    hold / 3
                ));
            }
        }
        Fix::RemoveMultihop { neighbor } => remove(&mut out, model, *neighbor, "multihop", |n| {
            n.rare().ebgp_multihop.as_ref().map(|m| m.span)
        }),
        Fix::RemoveTtlSecurity { neighbor } => remove(&mut out, model, *neighbor, "ttl", |n| {
            n.rare().ttl_security.as_ref().map(|m| m.span)
        }),
        Fix::RemoveUpdateSource { neighbor } => {
            remove(&mut out, model, *neighbor, "local-address", |n| {
                n.rare().local_address.as_ref().map(|m| m.span)
            })
        }
        Fix::NeighborEnable { neighbor } => neighbor_enable(&mut out, model, *neighbor),
        Fix::Bfd { neighbor } => {
            let n = nbr_path(model, *neighbor);
            out.push(format!(
                "set {n} bfd-liveness-detection minimum-interval 300"
            ));
            out.push(format!("set {n} bfd-liveness-detection multiplier 3"));
        }
        Fix::ActivateFamily { neighbor, afi } => {
            // A family list on the neighbor replaces the inherited one: keep what is active.
            let n = nbr_path(model, *neighbor);
            let mut afis: Vec<Afi> = find(model, *neighbor)
                .map(|(_, nb)| {
                    nb.families
                        .iter()
                        .filter(|f| f.activated.is_some())
                        .map(|f| f.afi)
                        .collect()
                })
                .unwrap_or_default();
            if !afis.contains(afi) {
                afis.push(*afi);
            }
            afis.sort();
            for a in afis {
                out.push(format!("set {n} family {} unicast", afi_word(a)));
            }
        }
        Fix::OutboundFilter {
            neighbor,
            afi,
            name,
        } => {
            let ps = format!("policy-options policy-statement {name}");
            out.push(format!(
                "set policy-options prefix-list {name} {}",
                match afi {
                    Afi::Ipv4 => "<IPv4 prefix to advertise>",
                    Afi::Ipv6 => "<IPv6 prefix to advertise>",
                }
            ));
            out.push(format!("set {ps} term ALLOWED from prefix-list {name}"));
            out.push(format!("set {ps} term ALLOWED then accept"));
            out.push(format!("set {ps} then reject"));
            out.push(format!("set {} export {name}", nbr_path(model, *neighbor)));
        }
        Fix::RemoveDefaultOriginate { neighbor, afi } => {
            let name = "NO-DEFAULT-TO-AWS";
            let ps = format!("policy-options policy-statement {name}");
            let default = match afi {
                Afi::Ipv4 => "0.0.0.0/0",
                Afi::Ipv6 => "::/0",
            };
            out.push(format!(
                "set {ps} term DEFAULT from route-filter {default} exact"
            ));
            out.push(format!("set {ps} term DEFAULT then reject"));
            out.push(
                "# make it the first policy of the neighbor's export chain, before the policies it has now:"
                    .into(),
            );
            out.push(format!(
                "set {} export [ {name} <current export policies> ]",
                nbr_path(model, *neighbor)
            ));
        }
        Fix::Advertise { neighbor, prefix } => {
            let name = "ADVERTISE-TO-AWS";
            let ps = format!("policy-options policy-statement {name}");
            out.push(format!(
                "set {ps} term PREFIXES from route-filter {prefix} exact"
            ));
            out.push(format!("set {ps} term PREFIXES then accept"));
            out.push(format!("set {} export {name}", nbr_path(model, *neighbor)));
            let ro = match find(model, *neighbor).and_then(|(p, _)| p.vrf.as_deref()) {
                Some(v) => format!("routing-instances {v} routing-options"),
                None => "routing-options".into(),
            };
            out.push(format!(
                "# the route must be in the table; if nothing else provides it: set {ro} aggregate route {prefix}"
            ));
        }
        Fix::TunnelDestination { interface, address } => {
            let gw = model
                .ipsec
                .peers
                .iter()
                .find(|p| p.interface.as_deref() == Some(interface.as_str()));
            match gw {
                Some(p) => out.push(format!(
                    "set security ike gateway {} address {address}",
                    p.name
                )),
                None => out.push(format!(
                    "set security ike gateway <gateway of {interface}> address {address}"
                )),
            }
        }
        Fix::Vpn(v) => out.extend(super::vpn_fix::render(v, model)),
        Fix::Note(s) => out.push(s.clone()),
        Fix::Filter(f) => out.push(super::filter::render_fix(f, model)),
    }
    out.join("\n")
}

// ------------------------------------------------------------------ interfaces

/// `ge-0/0/1.101` → (`ge-0/0/1`, `101`); a name without a unit means unit 0.
fn port_unit(name: &str) -> (&str, &str) {
    split_unit(name).unwrap_or((name, "0"))
}

fn iface_path(name: &str) -> String {
    match split_unit(name) {
        Some((p, u)) => format!("interfaces {p} unit {u}"),
        None => format!("interfaces {name}"),
    }
}

fn port_tagging(model: &RouterModel, port: &str) -> Option<bool> {
    model.interface(port).and_then(|p| p.tagging_enabled)
}

/// The largest IP MTU the port's media MTU allows now (Junos default media MTU: 1500 IP).
fn port_ceiling(model: &RouterModel, port: &str) -> u32 {
    model
        .interface(port)
        .and_then(|p| p.mtu.as_ref())
        .map_or(1500, |m| m.value)
}

fn enable_line(i: &Interface, path: &str) -> String {
    if i.disabled.is_some() && i.disabled == Some(i.span) {
        format!("activate {path}")
    } else {
        format!("delete {path} disable")
    }
}

fn untagged_units_note(out: &mut Vec<String>, model: &RouterModel, port: &str) {
    let untagged: Vec<&str> = model
        .interfaces
        .iter()
        .filter(|i| i.parent.as_deref() == Some(port) && i.vlan.is_none())
        .map(|i| i.name.as_str())
        .collect();
    if !untagged.is_empty() {
        out.push(format!(
            "# with vlan-tagging every unit of {port} needs a vlan-id: {}",
            untagged.join(", ")
        ));
    }
}

fn interface_mtu(out: &mut Vec<String>, model: &RouterModel, interface: &str, mtu: u32) {
    let Some((port, unit)) = split_unit(interface) else {
        // The port itself: media MTU counts the 14-byte Ethernet header.
        let tagged = port_tagging(model, interface) == Some(true);
        out.push(format!(
            "set interfaces {interface} mtu {}",
            mtu + if tagged { 22 } else { 14 }
        ));
        return;
    };
    let tagged = port_tagging(model, port) == Some(true)
        || model.interface(interface).is_some_and(|i| i.vlan.is_some());
    if mtu > port_ceiling(model, port) {
        // Room for the Ethernet header and up to two tags (flexible-vlan-tagging reserves 8).
        out.push(format!(
            "set interfaces {port} mtu {}",
            mtu + if tagged { 22 } else { 14 }
        ));
    }
    let fam = match model.interface(interface) {
        Some(i)
            if !i.addresses.is_empty() && i.addresses.iter().all(|a| a.net.addr().is_ipv6()) =>
        {
            "inet6"
        }
        _ => "inet",
    };
    out.push(format!(
        "set interfaces {port} unit {unit} family {fam} mtu {mtu}"
    ));
}

fn family_word(ip: IpAddr) -> &'static str {
    if ip.is_ipv4() {
        "inet"
    } else {
        "inet6"
    }
}

fn afi_word(afi: Afi) -> &'static str {
    match afi {
        Afi::Ipv4 => "inet",
        Afi::Ipv6 => "inet6",
    }
}

// ------------------------------------------------------------------ BGP

fn find(model: &RouterModel, addr: IpAddr) -> Option<(&BgpProcess, &Neighbor)> {
    model.neighbors().find(|(_, n)| n.addr == addr)
}

fn main_process(model: &RouterModel) -> Option<&BgpProcess> {
    model
        .bgp
        .iter()
        .find(|p| p.vrf.is_none())
        .or_else(|| model.bgp.first())
}

fn bgp_prefix(proc: Option<&BgpProcess>) -> String {
    match proc.and_then(|p| p.vrf.as_deref()) {
        Some(v) => format!("routing-instances {v} protocols bgp"),
        None => "protocols bgp".into(),
    }
}

/// A group for a neighbor the config does not have yet: one whose neighbors already use
/// that remote AS, else the first external-looking group, else `AWS`.
fn group_for(model: &RouterModel, remote_as: Option<u32>) -> (Option<&BgpProcess>, String, bool) {
    if let Some(asn) = remote_as {
        if let Some((p, n)) = model.neighbors().find(|(_, n)| {
            n.group.is_some()
                && n.remote_as.as_ref().map(|r| r.value) == Some(RemoteAs::Number(asn))
        }) {
            return (
                Some(p),
                n.group.as_deref().unwrap_or_default().to_string(),
                true,
            );
        }
    }
    (main_process(model), "AWS".into(), false)
}

fn nbr_path(model: &RouterModel, addr: IpAddr) -> String {
    match find(model, addr) {
        Some((p, n)) => format!(
            "{} group {} neighbor {addr}",
            bgp_prefix(Some(p)),
            n.group.as_deref().unwrap_or("AWS")
        ),
        None => {
            let (p, g, _) = group_for(model, None);
            format!("{} group {g} neighbor {addr}", bgp_prefix(p))
        }
    }
}

fn neighbor_address(
    out: &mut Vec<String>,
    model: &RouterModel,
    from: Option<IpAddr>,
    to: IpAddr,
    remote_as: Option<u32>,
) {
    if let Some((p, n)) = from.and_then(|f| find(model, f)) {
        let g = n.group.as_deref().unwrap_or("AWS");
        let prefix = format!("{} group {g}", bgp_prefix(Some(p)));
        out.push(format!(
            "rename {prefix} neighbor {} to neighbor {to}",
            n.addr
        ));
        if let Some(asn) = remote_as {
            if n.remote_as.as_ref().map(|r| r.value) != Some(RemoteAs::Number(asn)) {
                out.push(format!("set {prefix} neighbor {to} peer-as {asn}"));
            }
        }
        return;
    }
    let (p, g, exists) = group_for(model, remote_as);
    let prefix = format!("{} group {g}", bgp_prefix(p));
    if !exists
        && !model
            .neighbors()
            .any(|(_, n)| n.group.as_deref() == Some(g.as_str()))
    {
        out.push(format!("set {prefix} type external"));
    }
    match remote_as {
        Some(asn) => out.push(format!("set {prefix} neighbor {to} peer-as {asn}")),
        None => out.push(format!("set {prefix} neighbor {to}")),
    }
    if to.is_ipv6() {
        out.push(format!("set {prefix} neighbor {to} family inet6 unicast"));
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Level {
    Neighbor,
    Group,
    Global,
}

/// Which level of the BGP hierarchy sets the value whose span `get` returns.
fn level_of(
    model: &RouterModel,
    proc: &BgpProcess,
    n: &Neighbor,
    get: impl Fn(&Neighbor) -> Option<Span>,
) -> Level {
    let Some(span) = get(n) else {
        return Level::Neighbor;
    };
    let _ = model;
    let sharing: Vec<&Neighbor> = proc
        .neighbors
        .iter()
        .filter(|o| o.addr != n.addr && get(o) == Some(span))
        .collect();
    let group_others = proc
        .neighbors
        .iter()
        .filter(|o| o.addr != n.addr && o.group == n.group)
        .count();
    if sharing.iter().any(|o| o.group != n.group) {
        Level::Global
    } else if !sharing.is_empty() {
        Level::Group
    } else if group_others > 0 || span.end() > n.span.start() {
        // Not inherited by the group's other neighbors, or written after the neighbor's
        // first line (Junos prints group statements before the neighbors).
        Level::Neighbor
    } else {
        Level::Group
    }
}

fn remove(
    out: &mut Vec<String>,
    model: &RouterModel,
    addr: IpAddr,
    what: &str,
    get: impl Fn(&Neighbor) -> Option<Span>,
) {
    let Some((p, n)) = find(model, addr) else {
        out.push(format!("delete {} {what}", nbr_path(model, addr)));
        return;
    };
    let g = n.group.as_deref().unwrap_or("AWS");
    let base = bgp_prefix(Some(p));
    match level_of(model, p, n, get) {
        Level::Neighbor => out.push(format!("delete {base} group {g} neighbor {addr} {what}")),
        Level::Group => {
            out.push(format!("delete {base} group {g} {what}"));
            let others = p
                .neighbors
                .iter()
                .filter(|o| o.addr != addr && o.group == n.group)
                .count();
            if others > 0 {
                out.push(format!(
                    "# this removes it for the {others} other neighbor(s) of group {g} too"
                ));
            }
        }
        Level::Global => {
            out.push(format!("delete {base} {what}"));
            out.push("# this removes it for every neighbor that inherits it".into());
        }
    }
}

fn neighbor_enable(out: &mut Vec<String>, model: &RouterModel, addr: IpAddr) {
    let Some((p, n)) = find(model, addr) else {
        out.push(format!("activate {}", nbr_path(model, addr)));
        return;
    };
    let g = n.group.as_deref().unwrap_or("AWS");
    let base = bgp_prefix(Some(p));
    let Some(span) = n.rare().shutdown else {
        out.push(format!("activate {base} group {g} neighbor {addr}"));
        return;
    };
    if span == n.span {
        // Deactivated neighbor.
        out.push(format!("activate {base} group {g} neighbor {addr}"));
        return;
    }
    let sharing: Vec<&Neighbor> = p
        .neighbors
        .iter()
        .filter(|o| o.addr != addr && o.rare().shutdown == Some(span))
        .collect();
    let group_size = p.neighbors.iter().filter(|o| o.group == n.group).count();
    if sharing.iter().any(|o| o.group != n.group) {
        out.push(format!("activate {base}"));
        out.push(format!("delete {base} disable"));
    } else if !sharing.is_empty() || group_size == 1 {
        out.push(format!("activate {base} group {g}"));
    } else {
        out.push(format!("delete {base} group {g} neighbor {addr} shutdown"));
    }
}

/// Quote a value for a `set` line, escaping `"` and `\`.
fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    q
}

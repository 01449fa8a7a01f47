//! [`Fix`] intents as VyOS configuration-mode commands (`set`, `delete`, `rename`), in the
//! config's own BGP generation. Lines starting with `#` are comments (the VyOS shell ignores
//! them). Keys are never rendered: a password fix writes the placeholder it was given.

use crate::fix::Fix;
use crate::model::{Afi, BgpProcess, Interface, RouterModel};
use std::net::IpAddr;

pub(super) fn render(fix: &Fix, model: &RouterModel) -> String {
    let mut out: Vec<String> = Vec::new();
    match fix {
        Fix::InterfaceVlan { interface, vlan } => interface_vlan(&mut out, model, interface, *vlan),
        Fix::InterfaceAddress { interface, address } => {
            let path = iface_path(model, interface);
            if let Some(i) = model.interface(interface) {
                for a in &i.addresses {
                    let same_family = a.net.addr().is_ipv4() == address.addr().is_ipv4();
                    if same_family && a.net != *address {
                        out.push(format!("delete {path} address {}", a.net));
                    }
                }
            }
            out.push(format!("set {path} address {address}"));
        }
        Fix::InterfaceMtu { interface, mtu } => {
            raise_ancestor_mtu(&mut out, model, interface, *mtu);
            out.push(format!("set {} mtu {mtu}", iface_path(model, interface)));
        }
        Fix::InterfaceEnable { interface } => {
            let mut chain = vec![interface.clone()];
            let mut cur = model
                .interface(interface)
                .and_then(|i| i.parent.as_deref().map(str::to_string));
            while let Some(p) = cur {
                if chain.len() > 4 {
                    break;
                }
                cur = model
                    .interface(&p)
                    .and_then(|i| i.parent.as_deref().map(str::to_string));
                chain.push(p);
            }
            for name in chain.iter().rev() {
                let Some(i) = model.interface(name) else {
                    continue;
                };
                let inherited = i
                    .parent
                    .as_deref()
                    .and_then(|p| model.interface(p))
                    .is_some_and(|p| p.disabled.is_some() && p.disabled == i.disabled);
                if i.disabled.is_some() && !inherited {
                    out.push(format!("delete {} disable", iface_path(model, name)));
                }
            }
            if out.is_empty() {
                out.push(format!("delete {} disable", iface_path(model, interface)));
            }
        }
        Fix::NewSubinterface {
            parent,
            vlan,
            address,
            mtu,
            vrf,
        } => {
            let path = format!("interfaces {} {parent} vif {vlan}", iface_type(parent));
            if let Some(v) = vrf {
                out.push(format!("set {path} vrf {v}"));
            }
            out.push(format!("set {path} address {address}"));
            if let Some(m) = mtu {
                let parent_mtu = model
                    .interface(parent)
                    .and_then(|p| p.mtu.as_ref())
                    .map_or(1500, |m| m.value);
                if *m > parent_mtu {
                    out.push(format!(
                        "set interfaces {} {parent} mtu {m}",
                        iface_type(parent)
                    ));
                }
                out.push(format!("set {path} mtu {m}"));
            }
        }
        Fix::NeighborVrf {
            neighbor,
            remote_as,
            vrf,
        } => {
            out.push(format!("delete {}", nbr(model, *neighbor)));
            let g = global(model);
            let vrf_prefix = vrf
                .as_deref()
                .map(|v| format!("vrf name {} ", quote_if_needed(v)))
                .unwrap_or_default();
            let proto = match g
                .filter(|p| is_tag_syntax(p))
                .and_then(|p| p.local_as.as_ref())
            {
                Some(asn) => format!("protocols bgp {}", asn.value),
                None => "protocols bgp".into(),
            };
            if vrf.is_some() && !g.is_some_and(is_tag_syntax) {
                if let Some(asn) = g.and_then(|p| p.local_as.as_ref()) {
                    out.push(format!("set {vrf_prefix}{proto} system-as {}", asn.value));
                }
            }
            let ras = remote_as.map_or_else(|| "<remote AS>".to_string(), |a| a.to_string());
            out.push(format!(
                "set {vrf_prefix}{proto} neighbor {neighbor} remote-as {ras}"
            ));
            out.push(
                format!(
                    "set {vrf_prefix}{proto} neighbor {neighbor} address-family {} ",
                    af_word(Afi::of(*neighbor))
                )
                .trim_end()
                .to_string(),
            );
        }
        Fix::NeighborAddress {
            from,
            to,
            remote_as,
        } => {
            let proc = from.and_then(|f| model.bgp_process_of(f));
            let prefix = bgp_prefix(model, proc.or_else(|| global(model)));
            let existing =
                from.and_then(|f| proc.and_then(|p| p.neighbors.iter().find(|n| n.addr == f)));
            match (from, existing) {
                (Some(f), Some(n)) => {
                    out.push(format!("rename {prefix} neighbor {f} to neighbor {to}"));
                    let current = n.remote_as.as_ref().map(|r| r.value);
                    if let Some(asn) = remote_as {
                        if current != Some(crate::model::RemoteAs::Number(*asn)) {
                            out.push(format!("set {prefix} neighbor {to} remote-as {asn}"));
                        }
                    }
                }
                _ => {
                    if let Some(asn) = remote_as {
                        out.push(format!("set {prefix} neighbor {to} remote-as {asn}"));
                    }
                    out.push(format!(
                        "set {prefix} neighbor {to} address-family {}",
                        af_word(Afi::of(*to))
                    ));
                }
            }
        }
        Fix::LocalAs {
            asn,
            neighbor,
            process_asn,
            peer: _,
        } => match neighbor {
            Some(n) => {
                let prefix = bgp_prefix(model, model.bgp_process_of(*n).or_else(|| global(model)));
                out.push(format!("set {prefix} neighbor {n} local-as {asn}"));
            }
            None => {
                let proc = global(model);
                let vrf = proc
                    .and_then(|p| p.vrf.as_deref())
                    .map(|v| format!("vrf name {v} "))
                    .unwrap_or_default();
                let tag = proc.map_or_else(|| model.bgp.iter().any(is_tag_syntax), is_tag_syntax);
                if tag {
                    let old = process_asn
                        .or_else(|| proc.and_then(|p| p.local_as.as_ref().map(|l| l.value)));
                    match old {
                        Some(old) if old != *asn => {
                            out.push(format!("rename {vrf}protocols bgp {old} to bgp {asn}"))
                        }
                        _ => out.push(format!("set {vrf}protocols bgp {asn}")),
                    }
                } else {
                    out.push(format!("set {vrf}protocols bgp system-as {asn}"));
                }
            }
        },
        Fix::RemoteAs { neighbor, asn } => {
            out.push(format!("set {} remote-as {asn}", nbr(model, *neighbor)));
        }
        Fix::Password {
            neighbor,
            placeholder,
        } => {
            out.push(format!(
                "set {} password {}",
                nbr(model, *neighbor),
                quote(placeholder)
            ));
        }
        Fix::RemovePassword { neighbor } => remove(&mut out, model, *neighbor, "password"),
        Fix::Timers {
            neighbor,
            keepalive,
            hold,
        } => {
            let n = nbr(model, *neighbor);
            out.push(format!("set {n} timers holdtime {hold}"));
            out.push(format!("set {n} timers keepalive {keepalive}"));
        }
        Fix::RemoveMultihop { neighbor } => remove(&mut out, model, *neighbor, "ebgp-multihop"),
        Fix::RemoveTtlSecurity { neighbor } => remove(&mut out, model, *neighbor, "ttl-security"),
        Fix::RemoveUpdateSource { neighbor } => remove(&mut out, model, *neighbor, "update-source"),
        Fix::NeighborEnable { neighbor } => remove(&mut out, model, *neighbor, "shutdown"),
        Fix::Bfd { neighbor } => out.push(format!("set {} bfd", nbr(model, *neighbor))),
        Fix::ActivateFamily { neighbor, afi } => {
            out.push(format!(
                "set {} address-family {}",
                nbr(model, *neighbor),
                af_word(*afi)
            ));
        }
        Fix::OutboundFilter {
            neighbor,
            afi,
            name,
        } => {
            out.push(format!(
                "set {} address-family {} prefix-list export {}",
                nbr(model, *neighbor),
                af_word(*afi),
                quote_if_needed(name)
            ));
        }
        Fix::RemoveDefaultOriginate { neighbor, afi } => {
            let what = format!("address-family {} default-originate", af_word(*afi));
            remove(&mut out, model, *neighbor, &what);
        }
        Fix::Advertise { neighbor, prefix } => {
            let p = bgp_prefix(
                model,
                model.bgp_process_of(*neighbor).or_else(|| global(model)),
            );
            let afi = if prefix.addr().is_ipv4() {
                Afi::Ipv4
            } else {
                Afi::Ipv6
            };
            out.push(format!(
                "set {p} address-family {} network {prefix}",
                af_word(afi)
            ));
        }
        Fix::TunnelDestination { interface, address } => {
            let peer = model
                .ipsec
                .peers
                .iter()
                .find(|p| p.interface.as_deref() == Some(interface.as_str()));
            match peer {
                Some(p) => out.push(format!(
                    "set vpn ipsec site-to-site peer {} remote-address {address}",
                    quote_if_needed(&p.name)
                )),
                None if iface_type(interface) == "tunnel" => out.push(format!(
                    "set interfaces tunnel {interface} remote {address}"
                )),
                None => {
                    out.push(format!(
                        "# the site-to-site peer whose `vti bind` is {interface}:"
                    ));
                    out.push(format!(
                        "set vpn ipsec site-to-site peer <peer> remote-address {address}"
                    ));
                }
            }
        }
        Fix::EnableVlanTagging { interface } => out.push(format!(
            "# VyOS tags every `vif` with 802.1Q; nothing to enable on {interface}"
        )),
        Fix::Vpn(v) => out.extend(super::vpn_fix::render(v, model)),
        Fix::Note(s) => out.push(s.clone()),
        Fix::Filter(f) => out.push(super::filter::render_fix(f, model)),
        // A variant added after this renderer: say so rather than break the build.
        #[allow(unreachable_patterns)]
        _ => out.push(format!("# {fix:?}")),
    }
    out.join("\n")
}

fn interface_vlan(out: &mut Vec<String>, model: &RouterModel, interface: &str, vlan: u16) {
    let base = interface.split('.').next().unwrap_or(interface);
    let new_path = format!("interfaces {} {base} vif {vlan}", iface_type(base));
    let old = model.interface(interface);
    let is_vlan = interface.contains('.');
    if let Some(i) = old {
        if is_vlan {
            out.push(format!("delete {}", iface_path(model, interface)));
        } else {
            for a in &i.addresses {
                out.push(format!(
                    "delete {} address {}",
                    iface_path(model, interface),
                    a.net
                ));
            }
        }
        for a in &i.addresses {
            out.push(format!("set {new_path} address {}", a.net));
        }
        if let Some(m) = i.mtu.as_ref().filter(|m| !m.span.is_empty()) {
            if is_vlan {
                out.push(format!("set {new_path} mtu {}", m.value));
            }
        }
        if let Some(v) = &i.vrf {
            out.push(format!("set {new_path} vrf {}", quote_if_needed(v)));
        }
        if i.addresses.is_empty() {
            out.push(format!("set {new_path}"));
        }
    } else {
        out.push(format!("set {new_path}"));
    }
}

/// VyOS refuses a VLAN MTU above its parent's: raise the ancestors first.
fn raise_ancestor_mtu(out: &mut Vec<String>, model: &RouterModel, interface: &str, mtu: u32) {
    let mut chain = Vec::new();
    let mut cur = model
        .interface(interface)
        .and_then(|i| i.parent.as_deref().map(str::to_string));
    while let Some(p) = cur {
        if chain.len() > 4 {
            break;
        }
        cur = model
            .interface(&p)
            .and_then(|i| i.parent.as_deref().map(str::to_string));
        chain.push(p);
    }
    if chain.is_empty() && interface.contains('.') {
        // Parent not in the model: it runs at the default 1500.
        if mtu > 1500 {
            let base = interface.split('.').next().unwrap_or(interface);
            out.push(format!(
                "set interfaces {} {base} mtu {mtu}",
                iface_type(base)
            ));
        }
        return;
    }
    for p in chain.iter().rev() {
        let current = model
            .interface(p)
            .and_then(|i| i.mtu.as_ref())
            .map_or(1500, |m| m.value);
        if current < mtu {
            out.push(format!("set {} mtu {mtu}", iface_path(model, p)));
        }
    }
}

/// `delete … neighbor X <what>`; when the neighbor is in a peer-group the value may come from
/// there, so the peer-group's line follows as a commented alternative.
fn remove(out: &mut Vec<String>, model: &RouterModel, neighbor: IpAddr, what: &str) {
    let proc = model.bgp_process_of(neighbor).or_else(|| global(model));
    let prefix = bgp_prefix(model, proc);
    out.push(format!("delete {prefix} neighbor {neighbor} {what}"));
    let group = proc
        .and_then(|p| p.neighbors.iter().find(|n| n.addr == neighbor))
        .and_then(|n| n.group.as_deref());
    if let Some(g) = group {
        out.push(format!(
            "# if {neighbor} inherits it from peer-group {g} (this changes every member):"
        ));
        out.push(format!(
            "delete {prefix} peer-group {} {what}",
            quote_if_needed(g)
        ));
    }
}

fn nbr(model: &RouterModel, neighbor: IpAddr) -> String {
    let proc = model.bgp_process_of(neighbor).or_else(|| global(model));
    format!("{} neighbor {neighbor}", bgp_prefix(model, proc))
}

fn global(model: &RouterModel) -> Option<&BgpProcess> {
    model
        .bgp
        .iter()
        .find(|p| p.vrf.is_none())
        .or_else(|| model.bgp.first())
}

/// 1.2/1.3 write the ASN as a tag node: the process's `local_as` span is the ASN word inside
/// its opening line. With 1.4+ `system-as` it is a line of its own.
pub(super) fn is_tag_syntax(p: &BgpProcess) -> bool {
    p.local_as.as_ref().is_some_and(|l| {
        l.span.start() >= p.span.start()
            && l.span.end() <= p.span.end()
            && l.span.len() < p.span.len()
    })
}

/// `protocols bgp` / `protocols bgp 65010` / `vrf name X protocols bgp [65010]`.
fn bgp_prefix(model: &RouterModel, proc: Option<&BgpProcess>) -> String {
    let vrf = proc
        .and_then(|p| p.vrf.as_deref())
        .map(|v| format!("vrf name {} ", quote_if_needed(v)))
        .unwrap_or_default();
    let tag = match proc {
        Some(p) => is_tag_syntax(p)
            .then(|| p.local_as.as_ref().map(|l| l.value))
            .flatten(),
        None => None,
    };
    match tag {
        Some(asn) => format!("{vrf}protocols bgp {asn}"),
        None if proc.is_none() && model.bgp.iter().any(is_tag_syntax) => {
            format!("{vrf}protocols bgp <asn>")
        }
        None => format!("{vrf}protocols bgp"),
    }
}

fn af_word(afi: Afi) -> &'static str {
    match afi {
        Afi::Ipv4 => "ipv4-unicast",
        Afi::Ipv6 => "ipv6-unicast",
    }
}

/// The VyOS interface type for a name (`eth1` → `ethernet`, `bond0` → `bonding`, …).
fn iface_type(name: &str) -> &'static str {
    const TYPES: &[(&str, &str)] = &[
        ("bond", "bonding"),
        ("br", "bridge"),
        ("peth", "pseudo-ethernet"),
        ("veth", "virtual-ethernet"),
        ("vti", "vti"),
        ("vtun", "openvpn"),
        ("tun", "tunnel"),
        ("wg", "wireguard"),
        ("wlan", "wireless"),
        ("vxlan", "vxlan"),
        ("macsec", "macsec"),
        ("pppoe", "pppoe"),
        ("dum", "dummy"),
        ("lo", "loopback"),
        ("eth", "ethernet"),
    ];
    TYPES
        .iter()
        .find(|(p, _)| name.starts_with(p))
        .map_or("ethernet", |(_, t)| t)
}

/// `eth1.101` → `interfaces ethernet eth1 vif 101`; `eth1.200.201` →
/// `interfaces ethernet eth1 vif-s 200 vif-c 201`; `eth1.200` is a `vif-s` when the model
/// has Q-in-Q children under it.
fn iface_path(model: &RouterModel, name: &str) -> String {
    let mut parts = name.split('.');
    let base = parts.next().unwrap_or(name);
    let rest: Vec<&str> = parts.collect();
    let head = format!("interfaces {} {base}", iface_type(base));
    match rest.as_slice() {
        [] => head,
        [s, c] => format!("{head} vif-s {s} vif-c {c}"),
        [v] => {
            let is_s = model.interfaces.iter().any(|i: &Interface| {
                i.parent.as_deref() == Some(name)
                    && i.vlan.as_ref().is_some_and(|t| t.value.inner.is_some())
            });
            if is_s {
                format!("{head} vif-s {v}")
            } else {
                format!("{head} vif {v}")
            }
        }
        _ => head,
    }
}

fn quote(s: &str) -> String {
    if s.contains('\'') {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        format!("'{s}'")
    }
}

fn quote_if_needed(s: &str) -> String {
    if s.is_empty()
        || s.chars()
            .any(|c| c.is_whitespace() || "'\"#;{}".contains(c))
    {
        quote(s)
    } else {
        s.to_string()
    }
}

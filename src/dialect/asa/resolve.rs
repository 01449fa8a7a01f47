//! ASA crypto into the model: one IKE peer per L2L tunnel-group (and per tunnel
//! destination or crypto-map peer that has none), bound to the VTI pointing at it or the
//! crypto map naming it.
//!
//! - IKE version: 2 when the binding offers `ikev2 ipsec-proposal`s and the tunnel-group
//!   has an IKEv2 key (ASA initiates IKEv2 first when both are configured) and IKEv2 is
//!   not left disabled while IKEv1 is enabled (`crypto ikev1|ikev2 enable`), else 1.
//! - Phase 1: every `crypto ikev1 policy` with pre-shared-key authentication, or every
//!   `crypto ikev2 policy`; the ASA tries them all.
//! - Phase 2: the profile's / map entry's transform-sets or ipsec-proposals, its PFS group
//!   and lifetime (else the global `crypto ipsec security-association lifetime`).
//! - DPD: `isakmp keepalive`, on by default for L2L groups (threshold 10, retry 2).
//! - Interfaces: `mtu NAMEIF N` sets the named interface's MTU; `sysopt connection tcpmss`
//!   (default 1380, 0 = off) clamps TCP through every tunnel.

use super::{Builder, Profile, DEFAULT_TCPMSS};
use crate::model::{IkePeer, RouterModel};
use crate::source::{Span, Spanned};
use std::net::IpAddr;

pub(super) fn finish(bld: Builder, model: &mut RouterModel) {
    interfaces(&bld, model);
    let ipsec = &mut model.ipsec;
    ipsec.ike_proposals = bld
        .ikev1_policies
        .iter()
        .chain(&bld.ikev2_policies)
        .cloned()
        .collect();
    ipsec.ipsec_proposals = bld
        .ikev1_sets
        .iter()
        .chain(&bld.ikev2_proposals)
        .cloned()
        .collect();
    let addr_of = |name: &str| -> Option<IpAddr> {
        name.parse().ok().or_else(|| bld.names.get(name).copied())
    };
    let mut peers: Vec<IkePeer> = Vec::new();
    let mut seen: Vec<IpAddr> = Vec::new();
    for g in &bld.tunnel_groups {
        let Some(addr) = addr_of(&g.name) else {
            continue; // remote-access groups and named L2L groups without an alias
        };
        if !g.l2l && g.ikev1_key.is_none() && g.ikev2_local.is_none() {
            continue;
        }
        seen.push(addr);
        split_keys(g, model);
        peers.push(peer(&bld, model, &g.name, g.span, addr, Some(g)));
    }
    // Tunnels and map peers without a tunnel-group (the ASA falls back to DefaultL2LGroup).
    let mut orphans: Vec<(IpAddr, Span)> = model
        .interfaces
        .iter()
        .filter_map(|i| i.tunnel.as_ref()?.destination.as_ref())
        .map(|d| (d.value, d.span))
        .collect();
    for (_, m) in &bld.maps {
        orphans.extend(
            m.peers
                .iter()
                .filter_map(|p| Some((addr_of(&p.value)?, p.span))),
        );
    }
    for (addr, span) in orphans {
        if !seen.contains(&addr) {
            seen.push(addr);
            peers.push(peer(&bld, model, &addr.to_string(), span, addr, None));
        }
    }
    model.ipsec.peers = peers;
}

/// AWS authenticates both directions with one key: an IKEv2 tunnel-group whose local and
/// remote keys differ fails one way whatever AWS holds. (Messages never show a key.)
fn split_keys(g: &super::TunnelGroup, model: &mut RouterModel) {
    use crate::model::{ConfigProblem, Password};
    if let (Some(l), Some(r)) = (&g.ikev2_local, &g.ikev2_remote) {
        if let (Password::Known(a), Password::Known(b)) = (&l.value, &r.value) {
            if a != b {
                model.problems.push(ConfigProblem {
                    span: r.span,
                    message: format!(
                        "tunnel-group {}: the IKEv2 remote and local pre-shared keys differ; an AWS tunnel uses one key both ways",
                        g.name
                    ),
                });
            }
        }
    }
}

fn peer(
    bld: &Builder,
    model: &RouterModel,
    name: &str,
    span: Span,
    addr: IpAddr,
    g: Option<&super::TunnelGroup>,
) -> IkePeer {
    let mut p = IkePeer {
        name: name.to_string(),
        span,
        address: Some(Spanned::new(addr, span)),
        ..Default::default()
    };
    // The VTI pointing at the peer, and its `tunnel protection ipsec profile`.
    let vti = model.interfaces.iter().find(|i| {
        i.tunnel
            .as_ref()
            .and_then(|t| t.destination.as_ref())
            .is_some_and(|d| d.value == addr)
    });
    let mut binding: Option<(&str, &Profile)> = None;
    if let Some(i) = vti {
        p.interface = Some(i.name.clone());
        if let Some(prot) = i.tunnel.as_ref().and_then(|t| t.protection.as_ref()) {
            binding = bld
                .profiles
                .get_key_value(&prot.value)
                .map(|(k, v)| (k.as_str(), v));
        }
    }
    if binding.is_none() {
        binding = bld
            .maps
            .iter()
            .find(|(_, m)| {
                m.peers.iter().any(|x| {
                    x.value == name
                        || x.value.parse::<IpAddr>().ok() == Some(addr)
                        || bld.names.get(&x.value) == Some(&addr)
                })
            })
            .map(|(k, m)| (k.as_str(), m));
    }
    let v2_key = g.and_then(|g| g.ikev2_local.as_ref().or(g.ikev2_remote.as_ref()));
    let v2 = binding.is_some_and(|(_, b)| !b.ikev2_proposals.is_empty()) && v2_key.is_some()
        || binding.is_some_and(|(_, b)| b.ikev1_sets.is_empty() && !b.ikev2_proposals.is_empty())
        || binding.is_none() && v2_key.is_some() && g.is_some_and(|g| g.ikev1_key.is_none());
    // IKEv2 needs `crypto ikev2 enable IF`: a config that enables only IKEv1 speaks IKEv1
    // (a snippet that enables neither is taken at its word).
    let v2 = v2 && (bld.ikev2_enabled || !bld.ikev1_enabled);
    let version: u8 = if v2 { 2 } else { 1 };
    let version_span = binding.map_or(span, |(_, b)| b.span);
    p.ike_version = Some(Spanned::new(version, version_span));
    p.ike_proposals = if v2 {
        bld.ikev2_policies.iter().map(|x| x.name.clone()).collect()
    } else {
        bld.ikev1_policies.iter().map(|x| x.name.clone()).collect()
    };
    if let Some((key, b)) = binding {
        p.profile = Some(key.to_string());
        p.ipsec_proposals = if v2 {
            b.ikev2_proposals.clone()
        } else {
            b.ikev1_sets.clone()
        };
        p.pfs_group = b.pfs.clone();
        p.ipsec_lifetime = b.lifetime.clone().or_else(|| bld.sa_lifetime.clone());
    } else {
        p.ipsec_lifetime = bld.sa_lifetime.clone();
    }
    if let Some(g) = g {
        p.psk = if v2 {
            v2_key.cloned()
        } else {
            g.ikev1_key.clone()
        };
        p.dpd = match &g.keepalive {
            Some(k) if k.value == 0 => None,
            Some(k) => Some(k.clone()),
            None => Some(Spanned::new(10, g.span)),
        };
    }
    p
}

/// `mtu NAMEIF N`, `tunnel source interface NAMEIF` and the TCP MSS clamp.
fn interfaces(bld: &Builder, model: &mut RouterModel) {
    let real = |nameif: &str| bld.nameifs.get(nameif).cloned();
    for (nameif, mtu) in &bld.mtus {
        if let Some(name) = real(nameif) {
            if let Some(i) = model
                .interfaces
                .iter_mut()
                .find(|i| i.name.eq_ignore_ascii_case(&name))
            {
                i.mtu = Some(mtu.clone());
            }
        }
    }
    for i in &mut model.interfaces {
        let Some(t) = i.tunnel.as_mut() else { continue };
        if let Some(src) = t.source.as_mut() {
            // AWS's samples quote it (`'outside_interface'`); the ASA's nameif has no quotes.
            if let Some(name) = real(src.value.trim_matches('\'')) {
                src.value = name;
            }
        }
        i.tcp_mss = match &bld.tcpmss {
            Some(m) if m.value == 0 => None,
            Some(m) => Some(m.clone()),
            None => Some(Spanned::new(DEFAULT_TCPMSS, i.span)),
        };
    }
}

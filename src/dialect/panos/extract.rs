//! PAN-OS paths into the model. Both forms become path statements; each is cut to start at
//! its `network …` or `deviceconfig …` word, so a firewall's own file, a `config { devices
//! { localhost.localdomain { … } } }` export and a Panorama template read alike.
//!
//! - Interfaces: `network interface ethernet E layer3 …` and its `units E.N` (`tag N`,
//!   `ip A/len`, `mtu`, `adjust-tcp-mss enable yes` with `ipv4-mss-adjustment`, default 40:
//!   the clamp is the MTU minus it), `network interface tunnel units tunnel.N`.
//! - IKE: `network ike crypto-profiles ike-crypto-profiles P` (encryption, hash, dh-group,
//!   lifetime seconds|minutes|hours|days), `ipsec-crypto-profiles P` (esp encryption /
//!   authentication, dh-group or no-pfs, lifetime), `network ike gateway G` (peer-address
//!   ip, authentication pre-shared-key key — shown encrypted as `-AQ==…`: unverifiable —,
//!   protocol version and per-version crypto profile and DPD, default ikev1 with DPD on,
//!   interval 5 s), `network tunnel ipsec T` (auto-key ike-gateway, ipsec-crypto-profile,
//!   tunnel-interface). A missing profile name means the profile named `default`.
//! - BGP: `network virtual-router V protocol bgp` (enable, local-as, router-id, peer-group
//!   G peer P: peer-as, peer-address ip, local-address, connection-options hold-time /
//!   keep-alive-interval / authentication, enable no), export policy rules (what is
//!   advertised), redistribution rules (unbounded without an export filter).

use super::Vendor;
use crate::dialect::common::parse_u32_digits;
use crate::dialect::ipsec_names as names;
use crate::model::{
    Advertisement, Afi, BgpProcess, ConfigProblem, IkePeer, IkeProposal, Interface,
    InterfaceAddress, IpsecProposal, Neighbor, NeighborFamily, Password, RemoteAs, RouterModel,
    Timers, Tunnel, VlanTags,
};
use crate::secret::Secret;
use crate::source::{SourceFile, Span, Spanned};
use crate::syntax::path::PathStatement;
use ipnet::IpNet;
use std::collections::BTreeMap;
use std::net::IpAddr;

/// PAN-OS IKE gateway DPD default interval (seconds).
const DPD_INTERVAL: u32 = 5;
/// `ipv4-mss-adjustment` default.
const MSS_ADJUSTMENT: u32 = 40;

pub(super) fn extract(source: &SourceFile) -> RouterModel {
    let text: &str = &source.text;
    let set_form = text
        .lines()
        .take(2000)
        .any(|l| l.trim_start().starts_with("set "));
    let xml_form = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<');
    let (statements, comments, problems, lines) = if xml_form {
        let r = crate::syntax::xml::parse(text);
        (r.statements, Vec::new(), r.problems, text.lines().count())
    } else if set_form {
        let r = crate::syntax::set::parse(text, &Default::default());
        (r.statements, r.comments, r.problems, r.lines)
    } else {
        let r = crate::syntax::curly::parse(text, &crate::syntax::curly::CurlyOptions::junos());
        (r.statements, r.comments, r.problems, r.lines)
    };
    let mut b = Builder::default();
    for st in &statements {
        if st.inactive {
            continue;
        }
        let words: Vec<&str> = st.words.iter().map(|w| w.text.as_str()).collect();
        let Some(at) = start(&words) else {
            b.skipped.skip(st.span);
            continue;
        };
        b.statement(&words[at..], st);
    }
    let mut model = RouterModel {
        vendor: Some(Vendor::Panos),
        ..Default::default()
    };
    model.stats.lines = lines;
    model.stats.statements = statements.len();
    model.stats.unknown = b.skipped.unknown;
    model.stats.skipped = std::mem::take(&mut b.skipped.skipped);
    model.problems = problems
        .into_iter()
        .map(|(span, message)| ConfigProblem { span, message })
        .collect();
    model.suppressions = comments
        .iter()
        .filter_map(|c| {
            let d = crate::dialect::suppress::parse(&c.text)?;
            let next = statements
                .iter()
                .find(|s| s.span.start() >= c.span.end())
                .map(|s| s.span);
            Some(crate::dialect::suppress::suppression(d, c.span, next))
        })
        .collect();
    model.comments = comments.iter().map(|c| c.span).collect();
    b.finish(&mut model);
    model
}

/// Where the PAN-OS tree starts in a path (after `config devices localhost.localdomain`,
/// `template T config devices …`, `vsys vsys1`, …).
fn start(words: &[&str]) -> Option<usize> {
    (0..words.len()).find(|&i| match words[i] {
        "network" => matches!(
            words.get(i + 1),
            Some(&("interface" | "ike" | "tunnel" | "virtual-router"))
        ),
        "deviceconfig" => words.get(i + 1) == Some(&"system"),
        _ => false,
    })
}

#[derive(Default)]
struct Iface {
    span: Span,
    parent: Option<String>,
    tag: Option<Spanned<u32>>,
    ips: Vec<Spanned<String>>,
    mtu: Option<Spanned<u32>>,
    mss_on: Option<Span>,
    mss_adjust: Option<u32>,
    tunnel: bool,
}

#[derive(Default)]
struct Gateway {
    span: Span,
    peer: Option<Spanned<String>>,
    key: Option<Spanned<Password>>,
    version: Option<Spanned<String>>,
    profile: [Option<String>; 2],
    dpd_off: [Option<Span>; 2],
    dpd_interval: [Option<Spanned<u32>>; 2],
}

#[derive(Default)]
struct IpsecTunnel {
    gateway: Option<String>,
    profile: Option<String>,
    interface: Option<String>,
}

#[derive(Default)]
struct Peer {
    span: Span,
    group: String,
    peer_as: Option<Spanned<u32>>,
    address: Option<Spanned<String>>,
    hold: Option<Spanned<u32>>,
    keepalive: Option<Spanned<u32>>,
    auth: Option<Spanned<String>>,
    disabled: Option<Span>,
    local: Option<Spanned<IpAddr>>,
    /// `bfd profile X`: `None` is off, `Inherit-vr-global-setting` the router's.
    bfd: Option<Spanned<String>>,
}

/// An export rule: allow (else deny), its prefixes, the peer groups it is used by (empty:
/// all), and the line disabling it.
type Export = (bool, Vec<Spanned<IpNet>>, Vec<String>, Option<Span>);

#[derive(Default)]
struct Vr {
    span: Span,
    bgp_off: Option<Span>,
    local_as: Option<Spanned<u32>>,
    router_id: Option<Spanned<IpAddr>>,
    peers: BTreeMap<(String, String), Peer>,
    group_off: BTreeMap<String, Span>,
    /// Export rules: (allow, prefixes, used-by groups).
    exports: BTreeMap<String, Export>,
    redist: Option<Span>,
    /// `global-bfd profile X`: the peers' default.
    global_bfd: Option<Span>,
}

#[derive(Default)]
struct Builder {
    hostname: Option<String>,
    ifaces: BTreeMap<String, Iface>,
    order: Vec<String>,
    ike: BTreeMap<String, IkeProposal>,
    esp: BTreeMap<String, IpsecProposal>,
    gateways: BTreeMap<String, Gateway>,
    gw_order: Vec<String>,
    tunnels: BTreeMap<String, IpsecTunnel>,
    auth_profiles: BTreeMap<String, Spanned<Password>>,
    vrs: BTreeMap<String, Vr>,
    /// Statements not read (counted, the first few located for `-v`).
    skipped: crate::model::ParseStats,
}

fn key(word: &str, span: Span) -> Spanned<Password> {
    // `show config` prints keys encrypted with the master key: `-AQ==<hash>…`.
    let pw = if word.starts_with("-AQ==") {
        Password::Unverifiable("encrypted with the firewall's master key")
    } else {
        Password::Known(Secret::new(word))
    };
    Spanned::new(pw, span)
}

/// `k1 v1 k2 v2 …`: the leaves of one container set in one command.
fn pairs<'w>(w: &'w [&'w str]) -> impl Iterator<Item = (&'w str, &'w str)> {
    w.chunks(2).filter(|c| c.len() == 2).map(|c| (c[0], c[1]))
}

fn seconds(unit: &str, n: &str) -> Option<u32> {
    let n = parse_u32_digits(n)?;
    Some(match unit {
        "seconds" => n,
        "minutes" => n * 60,
        "hours" => n * 3600,
        "days" => n * 86400,
        _ => return None,
    })
}

fn group(w: &str) -> Option<u32> {
    w.strip_prefix("group").and_then(parse_u32_digits)
}

impl Builder {
    fn iface(&mut self, name: &str, span: Span) -> &mut Iface {
        if !self.ifaces.contains_key(name) {
            self.order.push(name.to_string());
        }
        let i = self.ifaces.entry(name.to_string()).or_default();
        if i.span.is_empty() {
            i.span = span;
        }
        i
    }

    fn statement(&mut self, w: &[&str], st: &PathStatement) {
        let span = st.span;
        let g = |i: usize| w.get(i).copied().unwrap_or("");
        match (g(0), g(1)) {
            ("deviceconfig", _) if g(2) == "hostname" => self.hostname = Some(g(3).to_string()),
            ("network", "interface") => match g(2) {
                "ethernet" | "aggregate-ethernet" if g(4) == "layer3" => {
                    let port = g(3).to_string();
                    if g(5) == "units" && !g(6).is_empty() {
                        let unit = g(6).to_string();
                        self.iface(&unit, span).parent = Some(port);
                        self.layer3(&unit, &w[7..], span);
                    } else {
                        self.iface(&port, span);
                        self.layer3(&port, &w[5..], span);
                    }
                }
                "ethernet" | "aggregate-ethernet" => {
                    self.iface(g(3), span);
                }
                "tunnel" if g(3) == "units" && !g(4).is_empty() => {
                    let unit = g(4).to_string();
                    self.iface(&unit, span).tunnel = true;
                    self.layer3(&unit, &w[5..], span);
                }
                "loopback" | "vlan" if g(3) == "units" && !g(4).is_empty() => {
                    let unit = g(4).to_string();
                    self.iface(&unit, span);
                    self.layer3(&unit, &w[5..], span);
                }
                _ => self.skipped.skip(span),
            },
            ("network", "ike") => self.ike(&w[2..], span),
            ("network", "tunnel") if g(2) == "ipsec" && !g(3).is_empty() => {
                let t = self.tunnels.entry(g(3).to_string()).or_default();
                match (g(4), g(5)) {
                    ("auto-key", "ike-gateway") => t.gateway = Some(g(6).to_string()),
                    ("auto-key", "ipsec-crypto-profile") => t.profile = Some(g(6).to_string()),
                    ("tunnel-interface", v) => t.interface = Some(v.to_string()),
                    _ => {}
                }
            }
            ("network", "virtual-router") if !g(2).is_empty() => {
                let vr = self.vrs.entry(g(2).to_string()).or_default();
                if vr.span.is_empty() {
                    vr.span = span;
                }
                if g(3) == "protocol" && g(4) == "bgp" {
                    let rest = &w[5..];
                    self.bgp(g(2).to_string(), rest, span);
                }
            }
            _ => self.skipped.skip(span),
        }
    }

    /// `ip A/len`, `tag N`, `mtu N`, `adjust-tcp-mss …` of an interface or unit.
    fn layer3(&mut self, name: &str, w: &[&str], span: Span) {
        let g = |i: usize| w.get(i).copied().unwrap_or("");
        let i = self.iface(name, span);
        match g(0) {
            "ip" if !g(1).is_empty() => i.ips.push(Spanned::new(g(1).to_string(), span)),
            "tag" => i.tag = parse_u32_digits(g(1)).map(|n| Spanned::new(n, span)),
            "mtu" => i.mtu = parse_u32_digits(g(1)).map(|n| Spanned::new(n, span)),
            "adjust-tcp-mss" => match g(1) {
                "enable" => i.mss_on = (g(2) == "yes").then_some(span),
                "ipv4-mss-adjustment" => i.mss_adjust = parse_u32_digits(g(2)),
                _ => {}
            },
            _ => {}
        }
    }

    fn ike(&mut self, w: &[&str], span: Span) {
        let g = |i: usize| w.get(i).copied().unwrap_or("");
        match (g(0), g(1)) {
            ("crypto-profiles", "ike-crypto-profiles") if !g(2).is_empty() => {
                let p = self
                    .ike
                    .entry(g(2).to_string())
                    .or_insert_with(|| IkeProposal {
                        name: g(2).to_string(),
                        span,
                        ..Default::default()
                    });
                match g(3) {
                    "encryption" => p.encryption.push(names::encryption(g(4))),
                    "hash" if g(4) != "non-auth" => p.integrity.push(names::integrity(g(4))),
                    "dh-group" => p.dh_groups.extend(group(g(4))),
                    "lifetime" => p.lifetime = seconds(g(4), g(5)).map(|s| Spanned::new(s, span)),
                    _ => {}
                }
            }
            ("crypto-profiles", "ipsec-crypto-profiles") if !g(2).is_empty() => {
                let p = self
                    .esp
                    .entry(g(2).to_string())
                    .or_insert_with(|| IpsecProposal {
                        name: g(2).to_string(),
                        span,
                        ..Default::default()
                    });
                match (g(3), g(4)) {
                    ("esp", "encryption") => p.encryption.push(names::encryption(g(5))),
                    ("esp", "authentication") if g(5) != "none" => {
                        p.integrity.push(names::integrity(g(5)))
                    }
                    ("dh-group", d) => p.pfs_group = group(d),
                    ("lifetime", unit) => {
                        p.lifetime = seconds(unit, g(5)).map(|s| Spanned::new(s, span))
                    }
                    _ => {}
                }
            }
            ("gateway", name) if !name.is_empty() => {
                if !self.gateways.contains_key(name) {
                    self.gw_order.push(name.to_string());
                }
                let gw = self.gateways.entry(name.to_string()).or_default();
                if gw.span.is_empty() {
                    gw.span = span;
                }
                match (g(2), g(3)) {
                    ("peer-address", "ip") => gw.peer = Some(Spanned::new(g(4).to_string(), span)),
                    ("authentication", "pre-shared-key") if g(4) == "key" => {
                        gw.key = Some(key(g(5), span))
                    }
                    ("protocol", "version") => {
                        gw.version = Some(Spanned::new(g(4).to_string(), span))
                    }
                    // Sibling leaves may share one command: `dpd interval 10 retry 3 enable yes`.
                    ("protocol", v @ ("ikev1" | "ikev2")) => {
                        let at = usize::from(v == "ikev2");
                        // `dpd` opens a sub-container; the leaves after it are its own.
                        let mut dpd = false;
                        let mut i = 4;
                        while i < w.len() {
                            if w[i] == "dpd" {
                                dpd = true;
                                i += 1;
                                continue;
                            }
                            let (k, val) = (w[i], g(i + 1));
                            i += 2;
                            match (dpd, k) {
                                (false, "ike-crypto-profile") => {
                                    gw.profile[at] = Some(val.to_string())
                                }
                                (true, "enable") => gw.dpd_off[at] = (val == "no").then_some(span),
                                (true, "interval") => {
                                    gw.dpd_interval[at] =
                                        parse_u32_digits(val).map(|n| Spanned::new(n, span))
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => self.skipped.skip(span),
        }
    }

    fn bgp(&mut self, vr_name: String, w: &[&str], span: Span) {
        let g = |i: usize| w.get(i).copied().unwrap_or("");
        if g(0) == "auth-profile" && g(2) == "secret" {
            self.auth_profiles.insert(g(1).to_string(), key(g(3), span));
            return;
        }
        let vr = self.vrs.get_mut(&vr_name).expect("created by the caller");
        match g(0) {
            "enable" => vr.bgp_off = (g(1) == "no").then_some(span),
            "local-as" => {
                vr.local_as = crate::dialect::common::parse_asn(g(1)).map(|n| Spanned::new(n, span))
            }
            "global-bfd" if g(1) == "profile" => vr.global_bfd = (g(2) != "None").then_some(span),
            "router-id" => vr.router_id = g(1).parse().ok().map(|ip| Spanned::new(ip, span)),
            "redist-rules" if g(3) != "no" => {
                vr.redist.get_or_insert(span);
            }
            "peer-group" if !g(1).is_empty() => {
                let grp = g(1).to_string();
                if g(2) == "enable" && g(3) == "no" {
                    vr.group_off.insert(grp.clone(), span);
                }
                if g(2) != "peer" || g(3).is_empty() {
                    return;
                }
                let p = vr.peers.entry((grp.clone(), g(3).to_string())).or_default();
                if p.span.is_empty() {
                    p.span = span;
                    p.group = grp;
                }
                let r = &w[4..];
                let h = |i: usize| r.get(i).copied().unwrap_or("");
                match (h(0), h(1)) {
                    ("peer-as", a) => {
                        p.peer_as =
                            crate::dialect::common::parse_asn(a).map(|n| Spanned::new(n, span))
                    }
                    ("peer-address", "ip") => {
                        p.address = Some(Spanned::new(h(2).to_string(), span))
                    }
                    ("enable", "no") => p.disabled = Some(span),
                    ("bfd", "profile") => p.bfd = Some(Spanned::new(h(2).to_string(), span)),
                    ("local-address", "ip") => {
                        p.local = h(2)
                            .split('/')
                            .next()
                            .and_then(|a| a.parse().ok())
                            .map(|a| Spanned::new(a, span))
                    }
                    ("connection-options", _) => {
                        for (k, v) in pairs(&r[1..]) {
                            match k {
                                "hold-time" => {
                                    p.hold = parse_u32_digits(v).map(|n| Spanned::new(n, span))
                                }
                                "keep-alive-interval" => {
                                    p.keepalive = parse_u32_digits(v).map(|n| Spanned::new(n, span))
                                }
                                "authentication" => {
                                    p.auth = Some(Spanned::new(v.to_string(), span))
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            "policy" if g(1) == "export" && g(2) == "rules" && !g(3).is_empty() => {
                let e = vr.exports.entry(g(3).to_string()).or_insert((
                    true,
                    Vec::new(),
                    Vec::new(),
                    None,
                ));
                let r = &w[4..];
                let h = |i: usize| r.get(i).copied().unwrap_or("");
                match (h(0), h(1)) {
                    ("action", a) => e.0 = a == "allow",
                    ("enable", "no") => e.3 = Some(span),
                    ("used-by", grp) => e.2.push(grp.to_string()),
                    ("match", "address-prefix") => {
                        if let Ok(n) = h(2).parse::<IpNet>() {
                            e.1.push(Spanned::new(n.trunc(), span));
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn finish(self, model: &mut RouterModel) {
        model.hostname = self.hostname.clone();
        for name in &self.order {
            let i = &self.ifaces[name];
            let mut out = Interface::new(name.clone(), i.span);
            out.parent = i.parent.as_deref().map(std::sync::Arc::from);
            if let Some(t) = &i.tag {
                if (1..=4094).contains(&t.value) {
                    out.vlan = Some(Spanned::new(
                        VlanTags {
                            outer: t.value as u16,
                            inner: None,
                        },
                        t.span,
                    ));
                }
            }
            for ip in &i.ips {
                // An address object name instead of an address: not resolvable here.
                match ip.value.parse::<IpNet>() {
                    Ok(net) => out.addresses.push(InterfaceAddress {
                        net,
                        span: ip.span,
                        secondary: false,
                    }),
                    Err(_) => {
                        if ip.value.parse::<IpAddr>().is_ok() || ip.value.contains('/') {
                            model.problems.push(ConfigProblem {
                                span: ip.span,
                                message: format!("`ip {}`: expected A.B.C.D/len", ip.value),
                            });
                        }
                    }
                }
            }
            out.mtu = i.mtu.clone();
            if let Some(on) = i.mss_on {
                let mtu = i.mtu.as_ref().map_or(1500, |m| m.value);
                out.tcp_mss = Some(Spanned::new(
                    mtu.saturating_sub(i.mss_adjust.unwrap_or(MSS_ADJUSTMENT)),
                    on,
                ));
            }
            if i.tunnel {
                out.tunnel = Some(Box::default());
                // A tunnel interface clamps TCP through it to its MTU − 40 (PAN-OS sizes the
                // MSS of tunnelled sessions from the tunnel MTU) unless told otherwise.
                if out.tcp_mss.is_none() {
                    let (mtu, at) = i.mtu.as_ref().map_or((1500, i.span), |m| (m.value, m.span));
                    out.tcp_mss = Some(Spanned::new(mtu.saturating_sub(40), at));
                }
            }
            model.interfaces.push(out);
        }
        model.ipsec.ike_proposals = self.ike.values().cloned().collect();
        model.ipsec.ipsec_proposals = self.esp.values().cloned().collect();
        for name in &self.gw_order {
            let gw = &self.gateways[name];
            let v2 = gw
                .version
                .as_ref()
                .is_some_and(|v| v.value.starts_with("ikev2"));
            let at = usize::from(v2);
            let mut p = IkePeer {
                name: name.clone(),
                span: gw.span,
                address: gw
                    .peer
                    .as_ref()
                    .and_then(|a| Some(Spanned::new(a.value.parse().ok()?, a.span))),
                ike_version: gw
                    .version
                    .as_ref()
                    .map(|v| Spanned::new(if v2 { 2 } else { 1 }, v.span)),
                psk: gw.key.clone(),
                ike_proposals: vec![gw.profile[at].clone().unwrap_or_else(|| "default".into())],
                dpd: match &gw.dpd_off[at] {
                    Some(_) => None,
                    None => Some(
                        gw.dpd_interval[at]
                            .clone()
                            .unwrap_or(Spanned::new(DPD_INTERVAL, gw.span)),
                    ),
                },
                ..Default::default()
            };
            if let Some((tname, t)) = self
                .tunnels
                .iter()
                .find(|(_, t)| t.gateway.as_deref() == Some(name))
            {
                p.ipsec_proposals = vec![t.profile.clone().unwrap_or_else(|| "default".into())];
                p.interface = t.interface.clone();
                // The `network tunnel ipsec` entry: where a phase-2 fix goes.
                p.profile = Some(tname.clone());
                if let Some(i) = t
                    .interface
                    .as_deref()
                    .and_then(|n| model.interfaces.iter_mut().find(|i| i.name == n))
                {
                    let tun = i.tunnel.get_or_insert_with(|| Box::new(Tunnel::default()));
                    tun.destination = p.address.clone();
                    tun.protection = Some(Spanned::new(name.clone(), gw.span));
                }
            }
            model.ipsec.peers.push(p);
        }
        for (vr_name, vr) in &self.vrs {
            if vr.peers.is_empty() && vr.local_as.is_none() {
                continue;
            }
            let mut proc_ = BgpProcess {
                vrf: (self.vrs.len() > 1 && vr_name != "default").then(|| vr_name.clone()),
                local_as: vr.local_as.clone(),
                router_id: vr.router_id.clone(),
                timers: None,
                span: vr.span,
                neighbors: Vec::new(),
            };
            for ((grp, name), p) in &vr.peers {
                let Some(addr) = p
                    .address
                    .as_ref()
                    .and_then(|a| a.value.split('/').next()?.parse::<IpAddr>().ok())
                else {
                    continue;
                };
                let mut n = Neighbor::new(addr, p.span);
                // The peer's name (fixes name it; PAN-OS peers have no description).
                n.description = Some(name.clone());
                n.group = Some(std::sync::Arc::from(grp.as_str()));
                n.remote_as = p
                    .peer_as
                    .as_ref()
                    .map(|a| Spanned::new(RemoteAs::Number(a.value), a.span));
                if p.hold.is_some() || p.keepalive.is_some() {
                    let span = p
                        .hold
                        .as_ref()
                        .or(p.keepalive.as_ref())
                        .map(|s| s.span)
                        .unwrap_or(p.span);
                    n.timers = Some(Spanned::new(
                        Timers {
                            keepalive: p.keepalive.as_ref().map_or(30, |k| k.value),
                            hold: p.hold.as_ref().map_or(90, |h| h.value),
                        },
                        span,
                    ));
                }
                n.bfd = match p.bfd.as_ref().map(|b| (b.value.as_str(), b.span)) {
                    Some(("None", _)) => None,
                    Some(("Inherit-vr-global-setting", _)) | None => vr.global_bfd,
                    Some((_, at)) => Some(at),
                };
                if let Some(l) = &p.local {
                    n.rare_mut().local_address = Some(l.clone());
                }
                if let Some(a) = &p.auth {
                    n.password = self.auth_profiles.get(&a.value).cloned();
                }
                let off = p
                    .disabled
                    .or(vr.bgp_off)
                    .or_else(|| vr.group_off.get(grp).copied());
                if let Some(s) = off {
                    n.rare_mut().shutdown = Some(s);
                }
                let afi = Afi::of(addr);
                let mut adv = Advertisement::default();
                let rules: Vec<_> = vr
                    .exports
                    .values()
                    .filter(|e| e.3.is_none() && (e.2.is_empty() || e.2.contains(grp)))
                    .collect();
                for e in rules.iter().filter(|e| e.0) {
                    for pfx in e.1.iter().filter(|x| Afi::of_net(&x.value) == afi) {
                        if !adv.prefixes.iter().any(|x| x.value == pfx.value) {
                            adv.prefixes.push(pfx.clone());
                        }
                    }
                }
                if let Some(r) = vr.redist {
                    if rules.is_empty() {
                        adv.unbounded = Some(Box::new(Spanned::new(
                            "redistribution rules without an export policy".to_string(),
                            r,
                        )));
                    }
                }
                n.families.push(NeighborFamily {
                    afi,
                    activated: Some(p.span),
                    block: None,
                    advertised: adv,
                    maximum_prefix: None,
                });
                proc_.neighbors.push(n);
            }
            model.bgp.push(proc_);
        }
    }
}

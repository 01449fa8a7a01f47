//! `interfaces …`: physical ports and their units.
//!
//! Each physical interface (`ge-0/0/1`) and each unit (`ge-0/0/1.101`, parent `ge-0/0/1`)
//! becomes an [`Interface`]. The `interfaces st0.1 …` shorthand names unit 1 of `st0`.
//!
//! MTU: Junos counts the media MTU of the port (`interfaces X mtu N`) with the Ethernet
//! header (14 bytes, no FCS) and reserves room for VLAN tags by the port's tagging mode:
//! 4 bytes with `vlan-tagging`, 8 with `flexible-vlan-tagging` or `stacked-vlan-tagging`
//! (domain.md §4.2: "changing vlan-tagging ↔ flexible-vlan-tagging adjusts logical MTU by
//! 4 bytes"). A unit's IP MTU is its `family inet mtu` (then `family inet6 mtu`), else the
//! media MTU minus that overhead (span: the media `mtu` line), else the default 1500 (no
//! span: Junos raises the default media MTU by the tag overhead itself).

use super::{is_variable, parse_u32, Cx, Stmt};
use crate::dialect::common::{push_compact, NameTable, SharedName};
use crate::model::{Interface, InterfaceAddress, RouterModel, VlanTags};
use crate::source::{Span, Spanned};
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tagging {
    Vlan,
    Flexible,
    Stacked,
}

impl Tagging {
    /// Bytes the port reserves for tags in its media MTU.
    fn overhead(self) -> u32 {
        match self {
            Tagging::Vlan => 4,
            Tagging::Flexible | Tagging::Stacked => 8,
        }
    }
}

/// A port's tagging mode and media MTU, for its units.
type PortInfo = (Option<Spanned<Tagging>>, Option<Spanned<u32>>);

struct Entry {
    iface: Interface,
    /// The span came from the configuration itself (not from a group).
    own_span: bool,
    inet_mtu: Option<Spanned<u32>>,
    vlan_id: Option<Spanned<u16>>,
    /// What ports (not units) or few units set, boxed: a large router has 10,000s of units.
    rare: Option<Box<EntryRare>>,
}

#[derive(Default)]
struct EntryRare {
    tagging: Option<Spanned<Tagging>>,
    media_mtu: Option<Spanned<u32>>,
    inet6_mtu: Option<Spanned<u32>>,
    outer: Option<Spanned<u16>>,
    inner: Option<u16>,
}

static NO_ENTRY_RARE: EntryRare = EntryRare {
    tagging: None,
    media_mtu: None,
    inet6_mtu: None,
    outer: None,
    inner: None,
};

impl Entry {
    fn rare(&self) -> &EntryRare {
        self.rare.as_deref().unwrap_or(&NO_ENTRY_RARE)
    }
    fn rare_mut(&mut self) -> &mut EntryRare {
        self.rare.get_or_insert_with(Default::default)
    }
}

#[derive(Default)]
pub(crate) struct Builder {
    index: NameTable,
    list: Vec<Entry>,
    /// Where a unit's name (`port.unit`) is written for the lookup (no allocation per line).
    unit_name: String,
    /// The port of the latest unit, shared by its siblings.
    parent_name: SharedName,
}

impl Builder {
    /// The entry of unit `unit` of `port`.
    fn unit_entry(&mut self, port: &str, unit: &str, span: Span, own: bool) -> usize {
        let mut name = std::mem::take(&mut self.unit_name);
        name.clear();
        name.push_str(port);
        name.push('.');
        name.push_str(unit);
        let i = self.entry(&name, Some(port), span, own);
        self.unit_name = name;
        i
    }

    fn entry(&mut self, name: &str, parent: Option<&str>, span: Span, own: bool) -> usize {
        let Builder {
            index,
            list,
            parent_name,
            ..
        } = self;
        let before = list.len();
        // One lookup: a new unit is added under the hash its lookup computed.
        let i = index.get_or_insert_with(name, || {
            let mut iface = Interface::new(name, span);
            iface.parent = parent.map(|p| parent_name.get(p));
            list.push(Entry {
                iface,
                own_span: own,
                inet_mtu: None,
                vlan_id: None,
                rare: None,
            });
            before
        });
        let e = &mut list[i];
        if own && !e.own_span {
            e.iface.span = span;
            e.own_span = true;
        }
        i
    }

    /// Move everything into the model, normalising MTU and tagging.
    pub fn finish(self, model: &mut RouterModel, vrfs: &HashMap<String, String>) {
        let Builder { index, list, .. } = self;
        let port_info: Vec<PortInfo> = list
            .iter()
            .map(|e| (e.rare().tagging.clone(), e.rare().media_mtu.clone()))
            .collect();
        // Each entry becomes its interface in the entry's own memory (an in-place collect):
        // the builder's list and the model's are not both held in full.
        let mut problems = Vec::new();
        let converted = list.into_iter().map(|e| {
            let Entry {
                mut iface,
                inet_mtu,
                vlan_id,
                rare,
                ..
            } = e;
            let rare = rare.map(|r| *r).unwrap_or_default();
            let is_unit = iface.parent.is_some();
            let (tagging, media) = if is_unit {
                iface
                    .parent
                    .as_deref()
                    .and_then(|p| index.peek(p))
                    .and_then(|i| port_info.get(i).cloned())
                    .unwrap_or((None, None))
            } else {
                (rare.tagging.clone(), rare.media_mtu.clone())
            };
            let overhead = 14 + tagging.as_ref().map_or(0, |t| t.value.overhead());
            let media_value = media.as_ref().map(|m| m.value);
            let from_media = media.map(|m| Spanned::new(m.value.saturating_sub(overhead), m.span));
            if is_unit {
                iface.vlan = match (vlan_id, rare.outer) {
                    (_, Some(outer)) => Some(Spanned::new(
                        VlanTags {
                            outer: outer.value,
                            inner: rare.inner,
                        },
                        outer.span,
                    )),
                    (Some(id), None) => Some(Spanned::new(
                        VlanTags {
                            outer: id.value,
                            inner: None,
                        },
                        id.span,
                    )),
                    (None, None) => None,
                };
                // `family inet mtu` may not exceed what the port's media MTU leaves after the
                // Ethernet header and the tags (default media MTU: room for 1500); Junos
                // refuses such a commit, so the unit runs with the port's figure.
                let ceiling = from_media.as_ref().map_or(1500, |m| m.value);
                let ethernet = iface.parent.as_deref().is_some_and(is_ethernet);
                let inet_mtu = match inet_mtu {
                    Some(m) if ethernet && m.value > ceiling => {
                        let why = match media_value {
                            Some(media) => format!(
                                "the port's media mtu {media} leaves {ceiling} after the 14-byte Ethernet header and {} bytes of VLAN tags",
                                overhead - 14
                            ),
                            None => "the port has no media mtu, so its default leaves 1500".into(),
                        };
                        problems.push(crate::model::ConfigProblem {
                            span: m.span,
                            message: format!(
                                "{}: family inet mtu {} is above what the port allows ({why}); Junos refuses to commit this",
                                iface.name, m.value
                            ),
                        });
                        None
                    }
                    m => m,
                };
                iface.mtu = inet_mtu.or(rare.inet6_mtu).or(from_media);
                let port = iface.parent.as_deref().unwrap_or("");
                if is_ethernet(port) || iface.vlan.is_some() {
                    iface.tagging_enabled = Some(tagging.is_some());
                }
            } else {
                iface.mtu = from_media;
                if is_ethernet(&iface.name) {
                    iface.tagging_enabled = Some(tagging.is_some());
                }
            }
            if !vrfs.is_empty() {
                if let Some(v) = vrfs.get(&iface.name) {
                    iface.vrf = Some(v.clone());
                }
            }
            iface
        });
        let mut converted: Vec<Interface> = converted.collect();
        model.problems.append(&mut problems);
        converted.shrink_to_fit();
        if model.interfaces.is_empty() {
            model.interfaces = converted;
        } else {
            model.interfaces.append(&mut converted);
        }
    }
}

/// Ports that carry Ethernet frames (where VLAN tagging means something).
fn is_ethernet(name: &str) -> bool {
    const PREFIXES: [&str; 10] = [
        "ge-", "xe-", "et-", "fe-", "mge-", "xle-", "fte-", "cl-", "ce-", "ms-",
    ];
    if PREFIXES.iter().any(|p| name.starts_with(p)) {
        return true;
    }
    for p in ["ae", "reth"] {
        if let Some(rest) = name.strip_prefix(p) {
            if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) {
                return true;
            }
        }
    }
    false
}

/// `ge-0/0/1.101` → (`ge-0/0/1`, `101`).
pub(crate) fn split_unit(name: &str) -> Option<(&str, &str)> {
    let (port, unit) = name.rsplit_once('.')?;
    (!port.is_empty() && !unit.is_empty() && unit.bytes().all(|b| b.is_ascii_digit()))
        .then_some((port, unit))
}

/// A `[tpid.]vlan` value of `vlan-tags`: `0x88a8.4082` → 4082.
fn tag_value(s: &str) -> &str {
    match s.rsplit_once('.') {
        Some((tpid, v)) if tpid.starts_with("0x") || tpid.starts_with("0X") => v,
        _ => s,
    }
}

pub(crate) fn statement(cx: &mut Cx, s: &Stmt) -> bool {
    let Some(name) = s.w(1) else { return false };
    if name == "interface-range" || name == "traceoptions" || name.starts_with('<') {
        return false;
    }
    let own = !s.inherited;
    // Physical port, unit and the index of the first attribute word.
    let (port, unit, attr, unit_depth) = match split_unit(name) {
        Some((p, u)) => (p, Some(u), 2, 2),
        None => match (s.w(2), s.w(3)) {
            (Some("unit"), Some(u)) => (name, Some(u), 4, 4),
            _ => (name, None, 2, 2),
        },
    };
    let port_span = cx.header_span(s, 1, 1);
    let pi = cx.ifaces.entry(port, None, port_span, own);
    let idx = match unit {
        Some(u) => {
            let span = if attr == 4 {
                cx.header_span(s, 2, 3)
            } else {
                port_span
            };
            cx.ifaces.unit_entry(port, u, span, own)
        }
        None => pi,
    };
    let depth = if unit.is_some() { unit_depth } else { 2 };
    if let Some((d, tag)) = s.inactive {
        // Deactivated port or unit: kept, administratively down at the tag. When the entity
        // itself carries the tag, its span is the tag too (fixes then say `activate`).
        let (target, own_depth) = if d <= 2 && unit_depth == 4 || d <= 1 || unit.is_none() {
            (pi, 2)
        } else {
            (idx, depth)
        };
        if d <= own_depth {
            let e = &mut cx.ifaces.list[target];
            if e.iface.disabled.is_none() {
                e.iface.disabled = Some(tag);
            }
            if d == own_depth {
                e.iface.span = tag;
                e.own_span = true;
            }
        }
    }
    if s.attr_inactive(depth) {
        return true;
    }
    let Some(key) = s.w(attr) else {
        return true; // `interfaces ge-0/0/1 unit 0` alone: the unit exists.
    };
    let span = s.span();
    if unit.is_none() {
        let e = &mut cx.ifaces.list[idx];
        match key {
            "vlan-tagging" => e.rare_mut().tagging = Some(Spanned::new(Tagging::Vlan, span)),
            "flexible-vlan-tagging" => {
                e.rare_mut().tagging = Some(Spanned::new(Tagging::Flexible, span))
            }
            "stacked-vlan-tagging" => {
                e.rare_mut().tagging = Some(Spanned::new(Tagging::Stacked, span))
            }
            "disable" => e.iface.disabled = Some(span),
            "description" => e.iface.description = s.w(attr + 1).map(str::to_string),
            "mtu" => {
                let v = s.w(attr + 1).unwrap_or("");
                match parse_u32(v) {
                    Some(m) if (256..=65535).contains(&m) => {
                        e.rare_mut().media_mtu = Some(Spanned::new(m, span))
                    }
                    _ if is_variable(v) => {}
                    _ => cx.problem(
                        span,
                        format!("interface {port}: media mtu '{v}' is not a valid MTU"),
                    ),
                }
            }
            _ => return false,
        }
        return true;
    }
    match key {
        "vlan-id" => {
            let v = s.w(attr + 1).unwrap_or("");
            if is_variable(v) || v == "none" {
                return true;
            }
            match parse_u32(v) {
                Some(n) if n <= 4094 => {
                    cx.ifaces.list[idx].vlan_id = Some(Spanned::new(n as u16, span))
                }
                Some(n) => cx.problem(
                    span,
                    format!(
                        "{port}.{}: vlan-id {n} is outside 1–4094",
                        unit.unwrap_or("")
                    ),
                ),
                None => cx.problem(
                    span,
                    format!(
                        "{port}.{}: vlan-id '{v}' is not a VLAN number",
                        unit.unwrap_or("")
                    ),
                ),
            }
        }
        "vlan-tags" => {
            let mut i = attr + 1;
            while let (Some(k), Some(v)) = (s.w(i), s.w(i + 1)) {
                let val = tag_value(v);
                let parsed = parse_u32(val).filter(|n| *n <= 4094);
                match (k, parsed) {
                    (_, _) if is_variable(val) => {}
                    ("outer", Some(n)) => {
                        cx.ifaces.list[idx].rare_mut().outer = Some(Spanned::new(n as u16, span))
                    }
                    ("inner", Some(n)) => cx.ifaces.list[idx].rare_mut().inner = Some(n as u16),
                    ("inner-range" | "inner-list", _) => {
                        // A range of inner tags: still double-tagged; keep the first.
                        let first = val.split(['-', ',']).next().and_then(parse_u32);
                        if let Some(n) = first.filter(|n| *n <= 4094) {
                            cx.ifaces.list[idx].rare_mut().inner = Some(n as u16);
                        }
                    }
                    ("outer" | "inner", None) => cx.problem(
                        span,
                        format!(
                            "{port}.{}: vlan-tags {k} '{v}' is not a VLAN number in 1–4094",
                            unit.unwrap_or("")
                        ),
                    ),
                    _ => {}
                }
                i += 2;
            }
        }
        "disable" => cx.ifaces.list[idx].iface.disabled = Some(span),
        "description" => cx.ifaces.list[idx].iface.description = s.w(attr + 1).map(str::to_string),
        "family" => return family(cx, s, idx, attr + 1, port, unit.unwrap_or("")),
        _ => return false,
    }
    true
}

fn family(cx: &mut Cx, s: &Stmt, idx: usize, at: usize, port: &str, unit: &str) -> bool {
    let fam = s.w(at).unwrap_or("");
    if fam != "inet" && fam != "inet6" {
        return false;
    }
    let span = s.span();
    match s.w(at + 1) {
        None => true,
        Some("address") => {
            let Some(a) = s.w(at + 2) else { return true };
            if is_variable(a) {
                return true;
            }
            match parse_prefix(a) {
                Some(net) if (fam == "inet") == net.addr().is_ipv4() => {
                    let aspan = cx.header_span(s, at + 1, at + 2);
                    let e = &mut cx.ifaces.list[idx];
                    if !e.iface.addresses.iter().any(|x| x.net == net) {
                        push_compact(
                            &mut e.iface.addresses,
                            InterfaceAddress {
                                net,
                                span: aspan,
                                secondary: false,
                            },
                        );
                    }
                }
                Some(_) => cx.problem(
                    span,
                    format!("{port}.{unit}: address {a} does not belong to family {fam}"),
                ),
                None => cx.problem(
                    span,
                    format!("{port}.{unit}: family {fam} address '{a}' is not an IP prefix"),
                ),
            }
            true
        }
        Some("mtu") => {
            let v = s.w(at + 2).unwrap_or("");
            match parse_u32(v) {
                Some(m) if (68..=65535).contains(&m) => {
                    let e = &mut cx.ifaces.list[idx];
                    let slot = if fam == "inet" {
                        &mut e.inet_mtu
                    } else {
                        &mut e.rare_mut().inet6_mtu
                    };
                    *slot = Some(Spanned::new(m, span));
                }
                _ => cx.problem(
                    span,
                    format!("{port}.{unit}: family {fam} mtu '{v}' is not a valid MTU"),
                ),
            }
            true
        }
        Some("tcp-mss") => {
            if let Some(m) = s.w(at + 2).and_then(parse_u32) {
                cx.ifaces.list[idx].iface.tcp_mss = Some(Spanned::new(m, span));
            }
            true
        }
        Some(_) => false,
    }
}

/// `A/len`, or a bare address (a host prefix).
pub(crate) fn parse_prefix(s: &str) -> Option<IpNet> {
    if let Some(net) = crate::dialect::common::parse_ipv4_net_fast(s) {
        return Some(IpNet::V4(net));
    }
    if s.contains('/') {
        s.parse::<IpNet>().ok()
    } else {
        s.parse::<IpAddr>().ok().map(IpNet::from)
    }
}

//! Cisco ASA 9.x. Its interfaces, BGP, prefix lists and route maps are IOS's syntax, read
//! by the IOS extractor ([`crate::dialect::cisco`]); this module reads what is ASA's own:
//! `crypto ikev1|ikev2 policy`, `crypto ipsec ikev1 transform-set` / `ikev2 ipsec-proposal`,
//! `crypto ipsec profile`, one-line `crypto map` entries, `tunnel-group … ipsec-attributes`,
//! `name` aliases, `mtu NAMEIF N` and `sysopt connection tcpmss`, and resolves them into one
//! IKE peer per L2L tunnel-group ([`resolve`]).

mod crypto;
mod dialect;
mod fix;
mod resolve;
mod tunnel_group;

pub use dialect::*;
pub use fix::render_fix;

use crate::dialect::cisco::tokens::Line;
use crate::dialect::cisco::{Context, Extension};
use crate::dialect::common::parse_u32_digits;
use crate::model::{
    IkeProposal, Interface, IpsecProposal, Password, RouterModel, Vendor, VlanTags,
};
use crate::source::{SourceFile, Span, Spanned};
use std::collections::HashMap;
use std::net::IpAddr;

/// ASA's TCP MSS clamp when `sysopt connection tcpmss` is not printed (its default).
const DEFAULT_TCPMSS: u32 = 1380;

pub fn extract(source: &SourceFile) -> RouterModel {
    let ext: Box<dyn Extension> = Box::<Builder>::default();
    crate::dialect::cisco::extract_with(source, Vendor::CiscoAsa, Some(ext))
}

/// `crypto ipsec profile` or one `crypto map NAME SEQ` entry.
#[derive(Default, Debug)]
struct Profile {
    span: Span,
    ikev1_sets: Vec<String>,
    ikev2_proposals: Vec<String>,
    pfs: Option<Spanned<u32>>,
    lifetime: Option<Spanned<u32>>,
    /// Crypto map entries only: `set peer A [B …]` (addresses or `name` aliases).
    peers: Vec<Spanned<String>>,
}

/// `tunnel-group NAME …`, merged over its `type`, `general-attributes` and
/// `ipsec-attributes` lines.
#[derive(Default, Debug)]
struct TunnelGroup {
    name: String,
    span: Span,
    l2l: bool,
    ikev1_key: Option<Spanned<Password>>,
    ikev2_local: Option<Spanned<Password>>,
    ikev2_remote: Option<Spanned<Password>>,
    /// `isakmp keepalive threshold N retry M` (`Some(0)`: `isakmp keepalive disable`).
    keepalive: Option<Spanned<u32>>,
}

/// What ASA-specific lines said, until [`Extension::finish`].
#[derive(Default, Debug)]
pub struct Builder {
    /// The first `crypto` or `tunnel-group` line: where synthesised defaults point.
    first: Option<Span>,
    /// `nameif` → interface name.
    nameifs: HashMap<String, String>,
    /// `name A.B.C.D ALIAS`.
    names: HashMap<String, IpAddr>,
    ikev1_policies: Vec<IkeProposal>,
    ikev2_policies: Vec<IkeProposal>,
    /// IKEv1 transform-sets and IKEv2 ipsec-proposals (names are the config's).
    ikev1_sets: Vec<IpsecProposal>,
    ikev2_proposals: Vec<IpsecProposal>,
    profiles: HashMap<String, Profile>,
    /// `crypto map NAME SEQ …`, keyed by `NAME SEQ`, in first-seen order.
    maps: Vec<(String, Profile)>,
    sa_lifetime: Option<Spanned<u32>>,
    tunnel_groups: Vec<TunnelGroup>,
    /// `mtu NAMEIF N`.
    mtus: Vec<(String, Spanned<u32>)>,
    tcpmss: Option<Spanned<u32>>,
    /// `crypto ikev1|ikev2 enable IF` (or `crypto isakmp enable`) seen.
    ikev1_enabled: bool,
    ikev2_enabled: bool,
}

impl Extension for Builder {
    /// One top-level line of an ASA config; false when the IOS reader should take it.
    fn top_level(&mut self, cx: &mut Context, idx: u32, l: &Line) -> bool {
        match (l.word(0), l.word(1)) {
            ("crypto", _) => crypto::read(self, cx, idx, l),
            ("tunnel-group", _) => tunnel_group::read(self, cx, idx, l),
            // ASA writes prefix lists without IOS's `ip`.
            ("prefix-list", _) => crate::dialect::cisco::policy::read_prefix_list_at(cx, l, 1),
            ("name", addr) => {
                if let (Ok(ip), alias) = (addr.parse::<IpAddr>(), l.word(2)) {
                    if !alias.is_empty() {
                        self.names.insert(alias.to_string(), ip);
                    }
                }
            }
            ("mtu", nameif) => match parse_u32_digits(l.word(2)) {
                Some(n) if !nameif.is_empty() => {
                    self.mtus
                        .push((nameif.to_string(), Spanned::new(n, l.span)));
                }
                _ => cx.problem(l.span, format!("`{}`: expected `mtu NAMEIF BYTES`", l.text)),
            },
            ("sysopt", "connection") if l.word(2) == "tcpmss" && l.word(3) != "minimum" => {
                match parse_u32_digits(l.word(3)) {
                    Some(n) => self.tcpmss = Some(Spanned::new(n, l.span)),
                    None => cx.problem(l.span, format!("`{}`: expected the MSS in bytes", l.text)),
                }
            }
            _ => return false,
        }
        true
    }

    /// `vlan N` (the sub-interface's tag) and `nameif NAME` (what the rest of the
    /// configuration calls the interface).
    fn interface_line(&mut self, cx: &mut Context, iface: &mut Interface, l: &Line) -> bool {
        match l.word(0) {
            "vlan" => match parse_u32_digits(l.word(1)).filter(|n| (1..=4094).contains(n)) {
                Some(n) => {
                    iface.vlan = Some(Spanned::new(
                        VlanTags {
                            outer: n as u16,
                            inner: None,
                        },
                        l.span,
                    ))
                }
                None => cx.problem(l.span, format!("`{}`: expected a VLAN ID 1-4094", l.text)),
            },
            "nameif" if !l.word(1).is_empty() => {
                self.nameifs
                    .insert(l.word(1).to_string(), iface.name.clone());
            }
            _ => return false,
        }
        true
    }

    fn finish(self: Box<Self>, model: &mut RouterModel) {
        resolve::finish(*self, model);
    }
}

/// `show running-config` prints keys as `*****` (any number of stars).
fn masked(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|c| c == b'*')
}

#[cfg(test)]
mod tests;

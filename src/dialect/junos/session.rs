//! The BGP session statements of one Junos level (`protocols bgp`, a `group`, a `neighbor`)
//! and how a neighbor inherits them: through the shared rule of [`crate::dialect::resolve`],
//! so a setting added there is inherited here with no code of its own.
//!
//! What Junos says that is not one model setting per level is kept beside the shared layer
//! ([`JunosOnly`]) and turned into model settings in a step before or after the shared rule:
//!
//! - before: a level's `authentication-key-chain` becomes its password (a chain beats a key
//!   set at the same level); the `protocols bgp` level's `hold-time` is the process's timers,
//!   not a neighbor's ([`Level::take_bgp_timers`]);
//! - after: `type internal` makes the remote AS internal when no level sets `peer-as`; `ttl`
//!   is the multihop TTL when no level sets `multihop`; an inactive level (or routing
//!   instance) shuts the neighbor down, whatever the levels say.

use super::{is_variable, parse_asn, parse_u32, Cx, Stmt};
use crate::dialect::resolve::{resolve_into, SessionLayer};
use crate::dialect::secret::decode_junos9;
use crate::model::{Neighbor, Password, RemoteAs, Timers};
use crate::secret::Secret;
use crate::source::{Span, Spanned};
use std::collections::HashMap;

/// `security authentication-key-chains`: chain name → (key id, secret) in file order.
pub(super) type KeyChains = HashMap<String, Vec<(String, Spanned<String>)>>;

/// The session statements of one level: the shared layer, and what Junos says beyond it.
#[derive(Debug, Default)]
pub(super) struct Level {
    shared: SessionLayer,
    /// Boxed: few levels set any (a large router has 10,000s of neighbor levels).
    junos: Option<Box<JunosOnly>>,
}

/// Junos statements with no model setting of their own.
#[derive(Debug, Default)]
struct JunosOnly {
    /// `type internal` (true) / `type external`.
    internal: Option<Spanned<bool>>,
    /// `authentication-key-chain`: its key is known once the chains are read.
    key_chain: Option<Spanned<String>>,
    /// `ttl`: the multihop TTL when no level sets `multihop`.
    ttl: Option<Spanned<u32>>,
    /// `advertise-peer-as` / `no-advertise-peer-as`.
    advertise_peer_as: Option<bool>,
    /// `inactive:` / `deactivate` on the level itself.
    inactive: Option<Span>,
}

impl AsRef<SessionLayer> for Level {
    fn as_ref(&self) -> &SessionLayer {
        &self.shared
    }
}

impl Level {
    fn junos(&self) -> Option<&JunosOnly> {
        self.junos.as_deref()
    }

    fn junos_mut(&mut self) -> &mut JunosOnly {
        self.junos.get_or_insert_with(Default::default)
    }

    /// The level is deactivated (the first tag counts).
    pub fn deactivate(&mut self, span: Span) {
        self.junos_mut().inactive.get_or_insert(span);
    }

    /// Before resolving: the `protocols bgp` level's hold time is the process's timers
    /// (what a neighbor without its own falls back to), not a setting its neighbors inherit.
    pub fn take_bgp_timers(&mut self) -> Option<Spanned<Timers>> {
        self.shared.timers.take()
    }

    /// Before resolving: the key of the level's key chain is its password (a chain beats a
    /// key set at the same level).
    pub fn key_chain_to_password(&mut self, key_chains: &KeyChains) {
        if let Some(chain) = self.junos().and_then(|j| j.key_chain.as_ref()) {
            let pw = key_chain_password(&chain.value, key_chains);
            self.shared.password = Some(Spanned::new(pw, chain.span));
        }
    }
}

/// A neighbor's levels, most specific first: its own, its group's, `protocols bgp`'s.
pub(super) struct Levels<'a>(pub [&'a Level; 3]);

impl Levels<'_> {
    fn first<T>(&self, f: impl Fn(&JunosOnly) -> Option<T>) -> Option<T> {
        first_set(&self.0.map(Level::junos), f)
    }

    /// `type`: Some(true) for internal, from the most specific level that says.
    pub fn internal(&self) -> Option<bool> {
        self.first(|j| j.internal.as_ref().map(|t| t.value))
    }

    /// `peer-as` of the most specific level that sets it (a level's remote AS is only ever
    /// its `peer-as`: `type internal` is applied after resolving).
    pub fn peer_as(&self) -> Option<u32> {
        self.0
            .iter()
            .find_map(|l| l.shared.remote_as.as_ref())
            .and_then(|r| match r.value {
                RemoteAs::Number(n) => Some(n),
                _ => None,
            })
    }

    /// Deactivated or shut down at any level.
    pub fn down(&self) -> bool {
        self.first(|j| j.inactive).is_some()
            || self.0.iter().any(|l| l.shared.rare().shutdown.is_some())
    }

    /// `advertise-peer-as`: Junos does not send a route back to the AS it was learned
    /// from, unless told to.
    pub fn advertise_peer_as(&self) -> bool {
        self.first(|j| j.advertise_peer_as).unwrap_or(false)
    }
}

/// Give `nb` the session settings of its own level `own` (moved), each it leaves unset from
/// its group's or `protocols bgp`'s level, then apply what Junos-only statements say;
/// `instance_inactive`: its routing instance is deactivated.
pub(super) fn resolve(
    nb: &mut Neighbor,
    own: Level,
    group: &Level,
    bgp: &Level,
    instance_inactive: Option<Span>,
) {
    let Level { shared, junos } = own;
    resolve_into(nb, shared, &[group, bgp]);
    let junos = [junos.as_deref(), group.junos(), bgp.junos()];
    if nb.remote_as.is_none() {
        let internal = first_set(&junos, |j| j.internal.clone());
        if let Some(t) = internal.filter(|t| t.value) {
            nb.remote_as = Some(Spanned::new(RemoteAs::Internal, t.span));
        }
    }
    if nb.rare().ebgp_multihop.is_none() {
        if let Some(ttl) = first_set(&junos, |j| j.ttl.clone()).filter(|t| t.value > 1) {
            nb.rare_mut().ebgp_multihop = Some(ttl);
        }
    }
    if let Some(span) = first_set(&junos, |j| j.inactive).or(instance_inactive) {
        let rare = nb.rare_mut();
        rare.shutdown = Some(span);
        rare.deconfigured = true;
    }
}

/// What the most specific level that says anything of `f` says.
fn first_set<T>(levels: &[Option<&JunosOnly>], f: impl Fn(&JunosOnly) -> Option<T>) -> Option<T> {
    levels.iter().flatten().find_map(|j| f(j))
}

/// One session statement at word `at` into `level`; None when it is not one.
pub(super) fn statement(cx: &mut Cx, s: &Stmt, at: usize, level: &mut Level) -> Option<()> {
    let span = s.span();
    let v = s.w(at + 1).unwrap_or("");
    let layer = &mut level.shared;
    match s.w(at)? {
        "type" => match v {
            "internal" => level.junos_mut().internal = Some(Spanned::new(true, span)),
            "external" => level.junos_mut().internal = Some(Spanned::new(false, span)),
            _ => cx.problem(
                span,
                format!("BGP type '{v}' is neither internal nor external"),
            ),
        },
        "peer-as" => match parse_asn(v) {
            Some(asn) => layer.remote_as = Some(Spanned::new(RemoteAs::Number(asn), span)),
            None => cx.problem(span, format!("peer-as '{v}' is not an AS number")),
        },
        "local-as" => match parse_asn(v) {
            Some(asn) => layer.rare_mut().local_as = Some(Spanned::new(asn, span)),
            None if matches!(v, "loops" | "private" | "alias" | "no-prepend-global-as") => {}
            None => cx.problem(span, format!("local-as '{v}' is not an AS number")),
        },
        "authentication-key" => {
            if v.is_empty() {
                cx.problem(span, "authentication-key without a key");
            } else {
                let pw = password(cx, v, span, "authentication-key");
                layer.password = Some(Spanned::new(pw, span));
            }
        }
        "authentication-key-chain" => {
            level.junos_mut().key_chain = Some(Spanned::new(v.to_string(), span))
        }
        "authentication-algorithm" => {}
        "hold-time" => match parse_u32(v).filter(|h| *h <= 65535) {
            Some(hold) => {
                let timers = Timers {
                    hold,
                    keepalive: hold / 3,
                };
                layer.timers = Some(Spanned::new(timers, span));
            }
            None => cx.problem(span, format!("hold-time '{v}' is not 0 or 3–65535 seconds")),
        },
        "local-address" => match v.parse() {
            Ok(ip) => layer.rare_mut().local_address = Some(Spanned::new(ip, span)),
            Err(_) => cx.problem(span, format!("local-address '{v}' is not an IP address")),
        },
        "multihop" => {
            if v == "ttl" {
                match s
                    .w(at + 2)
                    .and_then(parse_u32)
                    .filter(|t| (1..=255).contains(t))
                {
                    Some(t) => layer.rare_mut().ebgp_multihop = Some(Spanned::new(t, span)),
                    None => cx.problem(span, "multihop ttl is not 1–255"),
                }
            } else if layer.rare().ebgp_multihop.is_none() {
                // `multihop` without a TTL: Junos sends TTL 64.
                layer.rare_mut().ebgp_multihop = Some(Spanned::new(64, span));
            }
        }
        "ttl" => match parse_u32(v).filter(|t| (1..=255).contains(t)) {
            Some(t) => level.junos_mut().ttl = Some(Spanned::new(t, span)),
            None => cx.problem(span, format!("ttl '{v}' is not 1–255")),
        },
        "bfd-liveness-detection" => {
            layer.bfd.get_or_insert(span);
        }
        "shutdown" => layer.rare_mut().shutdown = Some(span),
        "advertise-peer-as" => level.junos_mut().advertise_peer_as = Some(true),
        "no-advertise-peer-as" => level.junos_mut().advertise_peer_as = Some(false),
        "description" => layer.description = Some(v.to_string()),
        _ => return None,
    }
    Some(())
}

fn password(cx: &mut Cx, v: &str, span: Span, what: &str) -> Password {
    if v.starts_with("$9$") {
        match decode_junos9(v) {
            Some(p) => Password::Known(Secret::new(p)),
            None => {
                cx.problem(
                    span,
                    format!("{what} starts with $9$ but is not a valid $9$ string"),
                );
                Password::Unverifiable("junos $9$ (malformed)")
            }
        }
    } else if v.starts_with("$8$") {
        Password::Unverifiable("junos $8$")
    } else if is_variable(v) {
        Password::Unverifiable("junos variable")
    } else {
        Password::Known(Secret::new(v))
    }
}

/// The key a session with `authentication-key-chain NAME` uses: known when the chain has one
/// key id (its last secret), else unverifiable (several keys take turns by start time).
fn key_chain_password(name: &str, key_chains: &KeyChains) -> Password {
    let Some(keys) = key_chains.get(name) else {
        return Password::Unverifiable("junos key-chain (not defined)");
    };
    let mut ids: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != 1 {
        return Password::Unverifiable("junos key-chain with several keys");
    }
    let secret = &keys[keys.len() - 1].1.value;
    if secret.starts_with("$9$") {
        match decode_junos9(secret) {
            Some(p) => Password::Known(Secret::new(p)),
            None => Password::Unverifiable("junos $9$ (malformed)"),
        }
    } else if secret.starts_with("$8$") {
        Password::Unverifiable("junos $8$")
    } else {
        Password::Known(Secret::new(secret.clone()))
    }
}

//! Platform facts of the firewall dialects (ASA, FortiOS, PAN-OS) that the shared rules need
//! but the configuration does not print. Each dialect keeps its own table in its folder; this
//! only routes a [`Vendor`] to it, so rules ask one place.

use crate::model::Vendor;

/// What a firewall does when its configuration leaves a value out.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    /// Phase-1 SA lifetime in seconds when no proposal or peer sets one.
    pub ike_lifetime: Option<u32>,
    /// Phase-2 SA lifetime in seconds when no proposal or peer sets one.
    pub ipsec_lifetime: Option<u32>,
    /// IKE version a peer uses when its configuration names none.
    pub ike_version: Option<u8>,
    /// MTU of a route-based tunnel interface without an `mtu` (`None`: derived from the
    /// egress interface by the platform, not a fixed number).
    pub tunnel_mtu: Option<u32>,
    /// Longest BGP TCP-MD5 key the platform stores.
    pub md5_key_limit: usize,
}

/// The facts of a firewall vendor; the non-firewall dialects answer with empty facts.
pub fn firewall_defaults(v: Vendor) -> Facts {
    match v {
        Vendor::CiscoAsa => super::asa::FACTS,
        Vendor::Fortios => super::fortios::FACTS,
        Vendor::Panos => super::panos::FACTS,
        _ => Facts {
            ike_lifetime: None,
            ipsec_lifetime: None,
            ike_version: None,
            tunnel_mtu: None,
            md5_key_limit: 80,
        },
    }
}

/// Scores of the firewall dialects' markers, fed line by line by [`super::detect`].
#[derive(Debug, Default)]
pub(crate) struct Detect {
    asa: i32,
    fortios: i32,
    panos: i32,
}

impl Detect {
    /// Count `line` (trimmed: `t`); true when it is a firewall line the generic detector
    /// must not also count.
    pub(crate) fn line(&mut self, line: &str, t: &str) -> bool {
        if let Some(p) = t.strip_prefix("set ") {
            // PAN-OS set form: its top-level trees.
            if starts_any(p, super::panos::SET_MARKERS) {
                self.panos += 3;
                return true;
            }
            return false;
        }
        if starts_any(t, super::asa::MARKERS) {
            self.asa += 3;
            return false;
        }
        // FortiOS: `config <section words>` at column 0 and `edit`/`next`/`end` blocks.
        if line.starts_with("config ") && starts_any(&t[7..], super::fortios::SECTIONS) {
            self.fortios += 3;
            return true;
        }
        if t.starts_with("#config-version=") {
            self.fortios += 10;
            return true;
        }
        // PAN-OS brace form: `#RANCID-CONTENT-TYPE: paloalto`, `deviceconfig {`, …
        if t.contains("RANCID-CONTENT-TYPE: paloalto") || t.starts_with("<config version=") {
            self.panos += 10;
            return true;
        }
        if t.ends_with('{') && starts_any(t, super::panos::BRACE_MARKERS) {
            self.panos += 2;
        }
        false
    }

    /// The firewall this file is, when any marker was strong enough.
    pub(crate) fn verdict(&self) -> Option<Vendor> {
        [
            (self.asa, Vendor::CiscoAsa),
            (self.fortios, Vendor::Fortios),
            (self.panos, Vendor::Panos),
        ]
        .into_iter()
        .filter(|(s, _)| *s >= 3)
        .max_by_key(|(s, _)| *s)
        .map(|(_, v)| v)
    }
}

fn starts_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

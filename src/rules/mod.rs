//! Rules: pure functions over (RouterModel, Peering, Pairing) → hits. One module per
//! family; metadata (names, severities, stall states, docs) lives in rules/*.yaml.

mod addressing;
mod asn;
mod auth;
mod config;
mod filter;
pub mod meta;
mod mtu;
mod prefixes;
mod session;
mod timers;
mod vlan;
mod vpn;

pub use meta::{SessionState, Severity};

use crate::fix::Fix;
use crate::model::{Afi, Peering, RouterModel};
use crate::pair::Pairing;
use crate::rule_id::RuleId;
use crate::source::Span;

/// Organisation policy on top of AWS's rules (from `.dxlint.yaml`).
#[derive(Debug, Clone, Default)]
pub struct Limits {
    pub max_hold_time: Option<u32>,
    pub require_bfd: bool,
}

/// One rule firing, before the driver adds file, peering and rendered fix.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rule: RuleId,
    pub message: String,
    pub span: Option<Span>,
    pub fix: Option<Fix>,
    /// Overrides the rule's default severity (e.g. DX501 is a warning when the router's
    /// MTU is the smaller one).
    pub severity: Option<Severity>,
    /// Whether this hit only concerns the AWS side (no file, no line).
    pub aws_only: bool,
}

/// What a rule sees for one peering.
pub struct PeeringCx<'a> {
    pub model: &'a RouterModel,
    pub peering: &'a Peering,
    pub pairing: &'a Pairing<'a>,
    pub limits: &'a Limits,
    /// Families AWS has peers for on the same VIF (for DX206).
    pub sibling_afis: &'a [Afi],
    /// Every peering of the run (VPN rules look at the other tunnels' endpoints and keys).
    pub all_peerings: &'a [Peering],
    hits: Vec<Hit>,
}

impl<'a> PeeringCx<'a> {
    pub fn new(
        model: &'a RouterModel,
        peering: &'a Peering,
        pairing: &'a Pairing<'a>,
        limits: &'a Limits,
        sibling_afis: &'a [Afi],
        all_peerings: &'a [Peering],
    ) -> Self {
        PeeringCx {
            model,
            peering,
            pairing,
            limits,
            sibling_afis,
            all_peerings,
            hits: Vec::new(),
        }
    }

    fn hit(&mut self, rule: RuleId, span: Option<Span>, message: String) -> &mut Hit {
        self.hits.push(Hit {
            rule,
            message,
            span,
            fix: None,
            severity: None,
            aws_only: false,
        });
        self.hits.last_mut().expect("just pushed")
    }

    /// Placeholder for a key in a fix: where to copy it from, and how long it is.
    fn key_placeholder(&self) -> String {
        let len = self
            .peering
            .auth_key
            .as_ref()
            .map(|k| format!(", {} characters", k.char_len()))
            .unwrap_or_default();
        format!("<authKey of {}{len}>", self.peering.resource_id)
    }
}

impl Hit {
    fn fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }
    fn severity(&mut self, s: Severity) -> &mut Self {
        self.severity = Some(s);
        self
    }
}

/// Run every peering rule family.
pub fn check_peering(cx: &mut PeeringCx) -> Vec<Hit> {
    session::check_aws_state(cx);
    if !vpn::check(cx) {
        // DX901: the tunnel is not configured at all; per-setting findings would only repeat it.
        return std::mem::take(&mut cx.hits);
    }
    filter::check(cx);
    if cx
        .peering
        .vpn
        .as_ref()
        .is_some_and(|v| v.static_routes_only)
    {
        // Static routing: no BGP session on the tunnel; only its inside address matters,
        // and only on a route-based tunnel (a policy-based one, e.g. a crypto map, has none).
        if !vpn::policy_based(cx) {
            addressing::check_tunnel_address(cx);
        }
        return std::mem::take(&mut cx.hits);
    }
    vlan::check(cx);
    addressing::check(cx);
    session::check(cx);
    asn::check(cx);
    auth::check(cx);
    mtu::check(cx);
    timers::check(cx);
    prefixes::check(cx);
    std::mem::take(&mut cx.hits)
}

/// Rules about the file itself, independent of any peering (DX001, DX002). `bgp_expected`
/// is false when every peering is a static-routing VPN tunnel (no neighbor needed).
pub fn check_file(model: &RouterModel, bgp_expected: bool) -> Vec<Hit> {
    config::check(model, bgp_expected)
}

/// Every rule ID the code can emit (checked against rules/*.yaml by the tests).
pub const EMITTED: &[RuleId] = &[
    RuleId::DX001,
    RuleId::DX002,
    RuleId::DX010,
    RuleId::DX101,
    RuleId::DX102,
    RuleId::DX103,
    RuleId::DX104,
    RuleId::DX105,
    RuleId::DX201,
    RuleId::DX202,
    RuleId::DX203,
    RuleId::DX204,
    RuleId::DX205,
    RuleId::DX206,
    RuleId::DX207,
    RuleId::DX209,
    RuleId::DX301,
    RuleId::DX302,
    RuleId::DX303,
    RuleId::DX401,
    RuleId::DX402,
    RuleId::DX403,
    RuleId::DX404,
    RuleId::DX405,
    RuleId::DX406,
    RuleId::DX407,
    RuleId::DX501,
    RuleId::DX502,
    RuleId::DX503,
    RuleId::DX601,
    RuleId::DX602,
    RuleId::DX603,
    RuleId::DX604,
    RuleId::DX605,
    RuleId::DX701,
    RuleId::DX702,
    RuleId::DX703,
    RuleId::DX704,
    RuleId::DX705,
    RuleId::DX706,
    RuleId::DX801,
    RuleId::DX802,
    RuleId::DX803,
    RuleId::DX804,
    RuleId::DX901,
    RuleId::DX902,
    RuleId::DX903,
    RuleId::DX904,
    RuleId::DX905,
    RuleId::DX906,
    RuleId::DX907,
    RuleId::DX908,
    RuleId::DX909,
    RuleId::DX020,
    RuleId::DX021,
    RuleId::DX022,
    RuleId::DX208,
    RuleId::DX920,
    RuleId::DX921,
    RuleId::DX922,
];

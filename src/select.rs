//! Account-wide AWS inputs (issue 19.3, and Terraform without `resource:`): which of many
//! VIFs / VPNs a router config serves. The others are reported once as "not on this router"
//! (info), so a `describe-virtual-interfaces` of the whole account lints one router cleanly.
//! Works on Peerings, whatever their source (exported JSON, live, Terraform).

use crate::dialect;
use crate::error::InputError;
use crate::lint::{lint_models, Finding, LintOptions, LintResult};
use crate::model::{Peering, RouterModel};
use crate::rules::{meta, Severity};
use crate::source::SourceFile;
use std::collections::BTreeSet;

/// Rule of a VIF/VPN of the input that the config does not mention (info).
pub const NOT_ON_ROUTER: &str = "DX020";
/// Rule of an account-wide input none of whose VIFs/VPNs the config mentions (error).
pub const NOTHING_ON_ROUTER: &str = "DX021";
/// Rule of a peering with values known only after `terraform apply` (info).
pub const UNKNOWN_UNTIL_APPLY: &str = "DX022";

/// The AWS side of one run, and which of its resources are candidates rather than givens.
#[derive(Debug, Clone, Default)]
pub struct AwsInputs {
    pub peerings: Vec<Peering>,
    /// Resource ids (VIF / VPN ids, Terraform addresses) that came from an input with more
    /// than one resource and no explicit pick: linted only when the config mentions them.
    pub candidates: BTreeSet<String>,
    /// Names of those inputs, for messages.
    pub inputs: Vec<String>,
    /// (peering id, message): values a Terraform plan knows only after apply, reported
    /// once per linted peering as DX022.
    pub notes: Vec<(String, String)>,
}

impl AwsInputs {
    /// Add the peerings of one input. With more than one resource in it and no pick, its
    /// resources become candidates.
    pub fn add(&mut self, input: &str, peerings: Vec<Peering>) {
        let ids: BTreeSet<&str> = peerings.iter().map(|p| p.resource_id.as_str()).collect();
        if ids.len() > 1 {
            self.candidates.extend(ids.iter().map(|s| s.to_string()));
            self.inputs.push(input.to_string());
        }
        self.peerings.extend(peerings);
    }

    /// Keep only the resources named in `picks` (`--vif ID` with `--vif-json`, a target's
    /// `resource:`); each pick must be in the input. Picked resources are givens.
    pub fn pick(
        input: &str,
        peerings: Vec<Peering>,
        picks: &[String],
    ) -> Result<Vec<Peering>, InputError> {
        for want in picks {
            if !peerings.iter().any(|p| &p.resource_id == want) {
                let held: BTreeSet<&str> =
                    peerings.iter().map(|p| p.resource_id.as_str()).collect();
                return Err(InputError::Usage {
                    message: format!(
                        "{input}: no `{want}` in this file; it holds {}",
                        held.into_iter().collect::<Vec<_>>().join(", ")
                    ),
                });
            }
        }
        Ok(peerings
            .into_iter()
            .filter(|p| picks.contains(&p.resource_id))
            .collect())
    }
}

/// Does the router mention this peering: its VLAN on an interface, its customer or Amazon
/// address on an interface or as a BGP neighbor, or (VPN) its AWS outside IP as an IKE peer
/// or tunnel destination.
pub fn mentions(model: &RouterModel, p: &Peering) -> bool {
    let ips: Vec<_> = [p.customer_ip(), p.amazon_ip()]
        .into_iter()
        .flatten()
        .collect();
    let outside = p.vpn.as_ref().and_then(|v| v.outside_ip);
    model.interfaces.iter().any(|i| {
        (p.vlan.is_some() && i.vlan.as_ref().map(|v| v.value.outer) == p.vlan)
            || ips.iter().any(|ip| i.address_of(*ip).is_some())
            || (outside.is_some()
                && i.tunnel
                    .as_ref()
                    .and_then(|t| t.destination.as_ref())
                    .map(|d| d.value)
                    == outside)
    }) || model.neighbors().any(|(_, n)| ips.contains(&n.addr))
        || (outside.is_some()
            && model
                .ipsec
                .peers
                .iter()
                .any(|k| k.address.as_ref().map(|a| a.value) == outside))
}

/// Lint the configs against the AWS side: givens always, candidates when some config
/// mentions them, the other candidates once each as DX020; when no peering at all is
/// mentioned, one DX021 error instead of a page of "not found" for resources that are not
/// this router's.
pub fn lint_selected(
    sources: Vec<SourceFile>,
    aws: &AwsInputs,
    opts: &LintOptions,
) -> Result<LintResult, InputError> {
    let mut models = Vec::with_capacity(sources.len());
    for s in &sources {
        models.push(dialect::extract(s, opts.vendor)?);
    }
    if aws.candidates.is_empty() {
        let mut extra = Vec::new();
        push_notes(&mut extra, aws, &aws.peerings, opts);
        let mut result = lint_models(sources, models, &aws.peerings, opts);
        extra.append(&mut result.findings);
        result.findings = extra;
        return Ok(result);
    }
    let mentioned: BTreeSet<&str> = aws
        .peerings
        .iter()
        .filter(|p| models.iter().any(|m| mentions(m, p)))
        .map(|p| p.resource_id.as_str())
        .collect();
    let (kept, others): (Vec<Peering>, Vec<Peering>) =
        aws.peerings.iter().cloned().partition(|p| {
            !aws.candidates.contains(&p.resource_id) || mentioned.contains(p.resource_id.as_str())
        });
    let mut extra = Vec::new();
    if kept.is_empty() {
        let count = aws.candidates.len();
        let message = format!(
            "none of the {count} VIFs/VPNs in {} appears in this configuration (no VLAN, inside address or outside IP of theirs): {}",
            aws.inputs.join(", "),
            likelier(&models)
        );
        extra.extend(finding(NOTHING_ON_ROUTER, message, None, opts));
    } else {
        let mut seen = BTreeSet::new();
        for p in &others {
            if seen.insert(p.resource_id.as_str()) {
                let message = format!(
                    "{} ({}) is not on this router: none of its VLAN, addresses or outside IPs appears in the configuration; not linted",
                    p.resource_id,
                    p.kind.describe()
                );
                extra.extend(finding(
                    NOT_ON_ROUTER,
                    message,
                    Some(p.resource_id.clone()),
                    opts,
                ));
            }
        }
    }
    push_notes(&mut extra, aws, &kept, opts);
    let mut result = lint_models(sources, models, &kept, opts);
    // AWS-side findings sort first, as the driver sorts them.
    extra.append(&mut result.findings);
    result.findings = extra;
    Ok(result)
}

/// DX022 for each linted peering with values unknown until apply.
fn push_notes(out: &mut Vec<Finding>, aws: &AwsInputs, linted: &[Peering], opts: &LintOptions) {
    for (id, message) in &aws.notes {
        if linted.iter().any(|p| &p.id == id) {
            out.extend(finding(
                UNKNOWN_UNTIL_APPLY,
                message.clone(),
                Some(id.clone()),
                opts,
            ));
        }
    }
}

/// Which is likelier when nothing matched: the config of another router (it peers with
/// someone over BGP or IPsec), or a config where everything toward AWS is still missing.
fn likelier(models: &[RouterModel]) -> String {
    let neighbors: usize = models.iter().map(RouterModel::neighbor_count).sum();
    let ike: usize = models.iter().map(|m| m.ipsec.peers.len()).sum();
    if neighbors + ike > 0 {
        format!(
            "the configuration has {neighbors} BGP neighbor(s) and {ike} IKE peer(s), none toward these, so it is likelier another router's configuration (or this export is of another account or region)"
        )
    } else {
        "the configuration has no BGP neighbor and no IKE peer, so everything toward AWS is likelier still missing".into()
    }
}

/// An AWS-side finding with the rule's metadata and the run's severity overrides.
fn finding(
    rule: &'static str,
    message: String,
    peering: Option<String>,
    opts: &LintOptions,
) -> Option<Finding> {
    let m = meta::get(rule);
    let mut severity = m.map(|m| m.severity).unwrap_or(Severity::Error);
    if let Some(level) = opts.rule_levels.get(rule) {
        severity = (*level)?;
    }
    Some(Finding {
        rule,
        name: m.map_or("unknown-rule", |m| m.name.as_str()),
        severity,
        message,
        source: None,
        span: None,
        peering,
        stall_state: None,
        fix: None,
    })
}

//! DX001 (a relevant line is malformed) and DX002 (no BGP neighbor recognised).

use super::Hit;
use crate::model::RouterModel;
use crate::rule_id::RuleId;

pub(super) fn check(model: &RouterModel, bgp_expected: bool) -> Vec<Hit> {
    let mut hits: Vec<Hit> = model
        .problems
        .iter()
        .map(|p| Hit {
            rule: RuleId::DX001,
            message: p.message.clone(),
            span: Some(p.span),
            fix: None,
            severity: None,
            aws_only: false,
        })
        .collect();
    if bgp_expected && model.neighbor_count() == 0 {
        let vendor = model.vendor.map(|v| v.as_str()).unwrap_or("unknown");
        let message = if model.bgp.is_empty() {
            format!(
                "no BGP configuration recognised (read as {vendor}: {} interfaces, {} of {} statements not understood); wrong --vendor, or not the router that peers with AWS?",
                model.interfaces.len(),
                model.stats.unknown,
                model.stats.statements
            )
        } else {
            format!("a BGP process is configured but no neighbor with an IP address was recognised (read as {vendor})")
        };
        hits.push(Hit {
            rule: RuleId::DX002,
            message,
            span: model.bgp.first().map(|p| p.span).filter(|s| !s.is_empty()),
            fix: None,
            severity: None,
            aws_only: false,
        });
    }
    hits
}

//! Every rule's own examples (rules/*.yaml): the failing one makes the rule fire, the clean
//! one keeps it quiet. This proves each rule both ways on the vendor its example uses.

use dxlint::model::Vendor;
use dxlint::rules::meta;
use dxlint::testing::{lint_str, rule_ids, testdata};

#[test]
fn failing_examples_fire_and_clean_examples_stay_quiet() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in meta::all() {
        let ex = &r.example;
        let Some(aws) = ex.aws.strip_prefix("testdata/") else {
            continue;
        };
        let vendor = Vendor::parse(&ex.vendor);
        let json = testdata(aws);
        let fail = lint_str(&ex.failing, vendor, &json);
        if !rule_ids(&fail).contains(&r.id.as_str()) {
            failures.push(format!(
                "{}: failing example does not fire (got {:?})",
                r.id,
                rule_ids(&fail)
            ));
        }
        let clean_json = match ex
            .clean_aws
            .as_deref()
            .and_then(|p| p.strip_prefix("testdata/"))
        {
            Some(p) => testdata(p),
            None => json.clone(),
        };
        let clean = lint_str(&ex.clean, vendor, &clean_json);
        if rule_ids(&clean).contains(&r.id.as_str()) {
            failures.push(format!(
                "{}: clean example fires: {:?}",
                r.id,
                clean
                    .findings
                    .iter()
                    .filter(|f| f.rule == r.id)
                    .map(|f| &f.message)
                    .collect::<Vec<_>>()
            ));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 48, "only {checked} rule examples checked");
}

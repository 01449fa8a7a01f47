//! `terraform show -json` (and `tofu show -json`) output → Resources: a saved plan
//! (`planned_values`, `resource_changes`, `configuration`) or state (`values`), child
//! modules included. Format: https://developer.hashicorp.com/terraform/internals/json-format
//! (readers ignore properties they do not know; minor format versions only add).

use super::resource::{base_address, Resource};
use super::tf_error;
use crate::error::InputError;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Whether the text is `terraform show -json` output at all.
pub fn is_show_json(v: &Value) -> bool {
    v.get("format_version").is_some_and(Value::is_string)
        && (v.get("planned_values").is_some()
            || v.get("values").is_some()
            || v.get("resource_changes").is_some())
}

/// Every managed resource of the plan (its planned values) or of the state.
pub fn resources(file: &str, v: &Value) -> Result<Vec<Resource>, InputError> {
    if !is_show_json(v) {
        return Err(tf_error(
            file,
            None,
            "not `terraform show -json` output: expected an object with `format_version` and `planned_values` (a plan) or `values` (state)".into(),
            Some("write it with `terraform show -json plan.out > plan.json` (or `terraform show -json > state.json` for the state)".into()),
        ));
    }
    let plan = v.get("planned_values").is_some();
    let root = v
        .get("planned_values")
        .or_else(|| v.get("values"))
        .and_then(|m| m.get("root_module"));
    let mut out = Vec::new();
    if let Some(root) = root {
        walk_module(file, root, &mut out, 0);
    }
    if plan {
        apply_changes(v, &mut out);
        let mut config = BTreeMap::new();
        if let Some(root) = v.get("configuration").and_then(|c| c.get("root_module")) {
            config_refs(root, "", &mut config, 0);
        }
        for r in &mut out {
            if let Some((refs, set)) = config.get(r.base_address()) {
                r.refs = refs.clone();
                r.configured = Some(set.clone());
            }
        }
    }
    Ok(out)
}

/// Nesting limit for modules: real configurations nest a few levels.
const MAX_DEPTH: usize = 64;

fn walk_module(file: &str, m: &Value, out: &mut Vec<Resource>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for r in m
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if r.get("mode").and_then(Value::as_str) != Some("managed") {
            continue;
        }
        let (Some(address), Some(rtype)) = (
            r.get("address").and_then(Value::as_str),
            r.get("type").and_then(Value::as_str),
        ) else {
            continue;
        };
        let values = r
            .get("values")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        out.push(Resource {
            address: address.to_string(),
            rtype: rtype.to_string(),
            values,
            sensitive: marked(r.get("sensitive_values")),
            origin: file.to_string(),
            ..Default::default()
        });
    }
    for c in m
        .get("child_modules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        walk_module(file, c, out, depth + 1);
    }
}

/// Top-level keys whose value is `true` or holds a `true` (`after_unknown`,
/// `after_sensitive`, `sensitive_values` mirror the value's shape with booleans).
fn marked(v: Option<&Value>) -> BTreeSet<String> {
    fn any_true(v: &Value) -> bool {
        match v {
            Value::Bool(b) => *b,
            Value::Array(a) => a.iter().any(any_true),
            Value::Object(o) => o.values().any(any_true),
            _ => false,
        }
    }
    match v {
        Some(Value::Object(o)) => o
            .iter()
            .filter(|(_, v)| any_true(v))
            .map(|(k, _)| k.clone())
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// `resource_changes[].change.after_unknown` / `after_sensitive` onto the planned resources.
fn apply_changes(v: &Value, out: &mut [Resource]) {
    for c in v
        .get("resource_changes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(address) = c.get("address").and_then(Value::as_str) else {
            continue;
        };
        let Some(r) = out.iter_mut().find(|r| r.address == address) else {
            continue;
        };
        let change = c.get("change");
        let unknown = marked(change.and_then(|c| c.get("after_unknown")));
        let sensitive = marked(change.and_then(|c| c.get("after_sensitive")));
        for k in &unknown {
            r.values.remove(k);
        }
        r.unknown.extend(unknown);
        r.sensitive.extend(sensitive);
    }
}

type ConfigEntry = (BTreeMap<String, String>, BTreeSet<String>);

/// `configuration`: per resource (address without index), the resource each attribute
/// references and the attributes set at all.
fn config_refs(m: &Value, prefix: &str, out: &mut BTreeMap<String, ConfigEntry>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for r in m
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(address) = r.get("address").and_then(Value::as_str) else {
            continue;
        };
        let mut refs = BTreeMap::new();
        let mut set = BTreeSet::new();
        let empty = Map::new();
        let exprs = r
            .get("expressions")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for (attr, e) in exprs {
            set.insert(attr.clone());
            let target = e
                .get("references")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .find_map(resource_of_reference);
            if let Some(t) = target {
                refs.insert(attr.clone(), format!("{prefix}{t}"));
            }
        }
        out.insert(format!("{prefix}{}", base_address(address)), (refs, set));
    }
    if let Some(calls) = m.get("module_calls").and_then(Value::as_object) {
        for (name, call) in calls {
            if let Some(module) = call.get("module") {
                config_refs(module, &format!("{prefix}module.{name}."), out, depth + 1);
            }
        }
    }
}

/// `aws_customer_gateway.hq.id` → `aws_customer_gateway.hq`; `var.x`, `local.y`,
/// `data.…`, `module.…` are not resources of this module.
pub fn resource_of_reference(r: &str) -> Option<String> {
    let mut parts = r.split('.');
    let t = parts.next()?;
    let n = parts.next()?;
    if !t.starts_with("aws_") {
        return None;
    }
    let n = base_address(n);
    Some(format!("{t}.{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_resources_only() {
        assert_eq!(
            resource_of_reference("aws_customer_gateway.hq.id").as_deref(),
            Some("aws_customer_gateway.hq")
        );
        assert_eq!(resource_of_reference("var.asn"), None);
        assert_eq!(resource_of_reference("data.aws_vpc.x.id"), None);
    }

    #[test]
    fn unknown_values_are_removed_and_listed() {
        let v: Value = serde_json::from_str(
            r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[
              {"address":"aws_vpn_connection.hq","mode":"managed","type":"aws_vpn_connection","name":"hq","values":{"type":"ipsec.1","tunnel1_address":null}}],
              "child_modules":[{"address":"module.m","resources":[{"address":"module.m.aws_customer_gateway.c","mode":"managed","type":"aws_customer_gateway","name":"c","values":{"bgp_asn":"65010"}}]}]}},
             "resource_changes":[{"address":"aws_vpn_connection.hq","change":{"actions":["create"],"after_unknown":{"tunnel1_address":true,"tunnel1_ike_versions":[true]},"after_sensitive":{"tunnel1_preshared_key":true}}}],
             "configuration":{"root_module":{"resources":[{"address":"aws_vpn_connection.hq","expressions":{"customer_gateway_id":{"references":["module.m.id","aws_customer_gateway.x.id","aws_customer_gateway.x"]}}}]}}}"#,
        )
        .unwrap();
        let r = resources("plan.json", &v).unwrap();
        assert_eq!(r.len(), 2);
        assert!(r[0].is_unknown("tunnel1_address"));
        assert!(r[0].is_unknown("tunnel1_ike_versions"));
        assert!(r[0].get("tunnel1_address").is_none());
        assert!(r[0].sensitive.contains("tunnel1_preshared_key"));
        assert_eq!(r[0].refs["customer_gateway_id"], "aws_customer_gateway.x");
        assert_eq!(r[1].address, "module.m.aws_customer_gateway.c");
        assert!(resources("x.json", &serde_json::json!({"a":1})).is_err());
    }
}

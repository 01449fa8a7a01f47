//! One Terraform resource as dxlint needs it, whatever it was read from (plan JSON, state
//! JSON, `.tf` files): its address, its known attribute values, which attributes are
//! unknown until apply or sensitive, and which resources its `*_id` attributes reference.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default)]
pub struct Resource {
    /// `aws_vpn_connection.hq`, `module.dx.aws_dx_private_virtual_interface.edge1[0]`.
    pub address: String,
    /// `aws_vpn_connection`.
    pub rtype: String,
    /// Known values of the top-level attributes.
    pub values: Map<String, Value>,
    /// Top-level attributes whose value is known only after apply.
    pub unknown: BTreeSet<String>,
    /// Top-level attributes marked sensitive (plan `after_sensitive`, state `sensitive_values`).
    pub sensitive: BTreeSet<String>,
    /// Attribute → address of the resource it references (`customer_gateway_id` →
    /// `aws_customer_gateway.hq`), from the plan's `configuration` or the HCL expression.
    pub refs: BTreeMap<String, String>,
    /// Attributes the configuration sets at all (None: not known, e.g. state).
    pub configured: Option<BTreeSet<String>>,
    /// Where it was read, for messages: `plan.json` or `main.tf:12`.
    pub origin: String,
}

impl Resource {
    /// The value, when known and not null.
    /// An empty string is "not set" too (state stores unset string arguments as "").
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values
            .get(key)
            .filter(|v| !v.is_null() && v.as_str() != Some(""))
    }
    pub fn str(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    /// A number, also when Terraform stores it as a string (`bgp_asn` of
    /// `aws_customer_gateway`, `amazon_side_asn` of `aws_vpn_gateway` are strings).
    pub fn int(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }
    /// A list or set of strings (numbers written as their text).
    pub fn strings(&self, key: &str) -> Option<Vec<String>> {
        match self.get(key)? {
            Value::Array(a) => Some(
                a.iter()
                    .filter_map(|v| match v {
                        Value::String(s) => Some(s.clone()),
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }
    pub fn is_unknown(&self, key: &str) -> bool {
        self.unknown.contains(key)
    }
    /// The address without a `count` / `for_each` index (`…edge1[0]` → `…edge1`).
    pub fn base_address(&self) -> &str {
        base_address(&self.address)
    }
    /// The module path part of the address (`module.dx.` or empty).
    pub fn module_prefix(&self) -> &str {
        let base = self.base_address();
        // type.name are the last two dot-separated parts.
        let mut dots = base.rmatch_indices('.');
        dots.next();
        match dots.next() {
            Some((i, _)) => &base[..=i],
            None => "",
        }
    }
}

pub fn base_address(a: &str) -> &str {
    match a.rfind('[') {
        Some(i) if a.ends_with(']') => &a[..i],
        _ => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_string_numbers() {
        let mut r = Resource {
            address: "module.dx.aws_dx_gateway.main[0]".into(),
            ..Default::default()
        };
        r.values
            .insert("amazon_side_asn".into(), Value::String("64600".into()));
        assert_eq!(r.int("amazon_side_asn"), Some(64600));
        assert_eq!(r.base_address(), "module.dx.aws_dx_gateway.main");
        assert_eq!(r.module_prefix(), "module.dx.");
        r.address = "aws_dx_gateway.main".into();
        assert_eq!(r.module_prefix(), "");
    }
}

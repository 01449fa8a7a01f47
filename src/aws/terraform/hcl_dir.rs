//! A directory of `.tf` files (or `.tf` files) → Resources, without Terraform: literals,
//! `variable` defaults overridden by `terraform.tfvars` and `*.auto.tfvars` (the files
//! Terraform loads on its own; other `.tfvars` need `-var-file` and are not read),
//! `locals`, and references between resources of the same directory. Anything else (data
//! sources, Terraform's functions, modules, `count.index`) is unknown, never guessed.

use super::resource::Resource;
use super::tf_error;
use crate::error::InputError;
use hcl::eval::{Context, Evaluate};
use hcl::{Body, Expression, TraversalOperator};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Attributes AWS fills in when the configuration leaves them out (so: unknown until apply,
/// not absent), per resource type.
fn computed_when_absent(rtype: &str) -> &'static [&'static str] {
    if rtype == "aws_vpn_connection" {
        &[
            "tunnel1_address",
            "tunnel2_address",
            "tunnel1_inside_cidr",
            "tunnel2_inside_cidr",
            "tunnel1_inside_ipv6_cidr",
            "tunnel2_inside_ipv6_cidr",
            "tunnel1_preshared_key",
            "tunnel2_preshared_key",
        ]
    } else if rtype.starts_with("aws_dx_") && rtype.ends_with("_virtual_interface")
        || rtype == "aws_dx_bgp_peer"
    {
        &["amazon_address", "customer_address", "bgp_auth_key"]
    } else {
        &[]
    }
}

/// Every `.tf` file of the directory (not recursive: modules are other directories).
pub fn read_dir(dir: &Path) -> Result<Vec<Resource>, InputError> {
    let mut files = list(dir, |n| n.ends_with(".tf"))?;
    if files.is_empty() {
        return Err(tf_error(
            &dir.display().to_string(),
            None,
            "no .tf files in this directory".into(),
            Some("pass the directory of the Terraform configuration, or `terraform show -json` output".into()),
        ));
    }
    files.sort();
    read_files(&files, dir)
}

fn list(dir: &Path, keep: impl Fn(&str) -> bool) -> Result<Vec<PathBuf>, InputError> {
    let entries = std::fs::read_dir(dir).map_err(|e| InputError::Read {
        file: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        // Regular files only, never a symlink: a pull request's `.tf` or `.tfvars` link
        // must not make dxlint read a file outside the repository.
        .filter(|p| {
            p.symlink_metadata().is_ok_and(|m| m.file_type().is_file())
                && p.file_name().and_then(|n| n.to_str()).is_some_and(&keep)
        })
        .collect();
    out.sort();
    Ok(out)
}

struct Parsed {
    name: String,
    text: String,
    body: Body,
}

fn parse_file(path: &Path) -> Result<Parsed, InputError> {
    let name = path.display().to_string();
    let text = super::read_text(path, &name)?;
    let body = hcl::parse(&text).map_err(|e| match e {
        // The message and position only: the offending line may hold a key.
        hcl::Error::Parse(p) => tf_error(
            &name,
            Some((p.location().line(), p.location().column())),
            format!("malformed HCL: {}", p.message()),
            Some(
                "expected Terraform configuration (`terraform validate` shows the same error)"
                    .into(),
            ),
        ),
        other => tf_error(&name, None, format!("malformed HCL: {other}"), None),
    })?;
    Ok(Parsed { name, text, body })
}

/// Resources of the given `.tf` files; variables files are looked for in `dir`.
pub fn read_files(files: &[PathBuf], dir: &Path) -> Result<Vec<Resource>, InputError> {
    let parsed: Vec<Parsed> = files
        .iter()
        .map(|f| parse_file(f))
        .collect::<Result<_, _>>()?;
    let mut ctx = Context::new();
    ctx.declare_var("var", to_hcl(&Value::Object(variables(&parsed, dir)?)));
    let locals = locals(&parsed, &ctx);
    ctx.declare_var("local", to_hcl(&Value::Object(locals)));

    // Resource blocks, then their values in rounds: each round can use the values the
    // previous one resolved (`amazon_side_asn = aws_dx_gateway.main.amazon_side_asn`).
    let mut blocks = Vec::new();
    for p in &parsed {
        for b in p
            .body
            .blocks()
            .filter(|b| b.identifier.as_str() == "resource")
        {
            if let [t, n] = b.labels.as_slice() {
                blocks.push((p, t.as_str().to_string(), n.as_str().to_string(), &b.body));
            }
        }
    }
    let mut out: Vec<Resource> = Vec::new();
    for (p, t, n, body) in &blocks {
        let mut r = Resource {
            address: format!("{t}.{n}"),
            rtype: t.clone(),
            origin: format!("{}:{}", p.name, line_of(&p.text, t, n)),
            configured: Some(BTreeSet::new()),
            ..Default::default()
        };
        for a in body.attributes() {
            let key = a.key.as_str().to_string();
            if let Some(target) = reference(&a.expr) {
                r.refs.insert(key.clone(), target);
            }
            if let Some(c) = r.configured.as_mut() {
                c.insert(key);
            }
        }
        for k in computed_when_absent(t) {
            if !r.configured.as_ref().is_some_and(|c| c.contains(*k)) {
                r.unknown.insert(k.to_string());
            }
        }
        out.push(r);
    }
    for _round in 0..3 {
        let mut by_type: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
        for r in &out {
            by_type.entry(r.rtype.clone()).or_default().insert(
                r.address[r.rtype.len() + 1..].to_string(),
                Value::Object(r.values.clone()),
            );
        }
        let mut round_ctx = ctx.clone();
        for (t, m) in by_type {
            round_ctx.declare_var(t, to_hcl(&Value::Object(m)));
        }
        for ((_, _, _, body), r) in blocks.iter().zip(out.iter_mut()) {
            for a in body.attributes() {
                let key = a.key.as_str();
                match a.expr.evaluate(&round_ctx) {
                    Ok(v) => {
                        r.values.insert(key.to_string(), from_hcl(&v));
                        r.unknown.remove(key);
                    }
                    Err(_) => {
                        r.unknown.insert(key.to_string());
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The 1-based line of `resource "t" "n"`, for messages (1 when not found).
fn line_of(text: &str, t: &str, n: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.starts_with("resource")
                && l.contains(&format!("\"{t}\""))
                && l.contains(&format!("\"{n}\""))
        })
        .map_or(1, |i| i + 1)
}

/// `variable` defaults, then `terraform.tfvars`, then `*.auto.tfvars` in name order.
fn variables(parsed: &[Parsed], dir: &Path) -> Result<Map<String, Value>, InputError> {
    let mut vars = Map::new();
    let empty = Context::new();
    for p in parsed {
        for b in p
            .body
            .blocks()
            .filter(|b| b.identifier.as_str() == "variable")
        {
            let Some(name) = b.labels.first() else {
                continue;
            };
            let default = b
                .body
                .attributes()
                .find(|a| a.key.as_str() == "default")
                .and_then(|a| a.expr.evaluate(&empty).ok());
            if let Some(v) = default {
                vars.insert(name.as_str().to_string(), from_hcl(&v));
            }
        }
    }
    let mut files = Vec::new();
    let main = dir.join("terraform.tfvars");
    if main.is_file() {
        files.push(main);
    }
    files.extend(list(dir, |n| n.ends_with(".auto.tfvars"))?);
    for f in files {
        let p = parse_file(&f)?;
        for a in p.body.attributes() {
            if let Ok(v) = a.expr.evaluate(&empty) {
                vars.insert(a.key.as_str().to_string(), from_hcl(&v));
            }
        }
    }
    Ok(vars)
}

/// `locals` blocks, in rounds so a local can use another.
fn locals(parsed: &[Parsed], ctx: &Context) -> Map<String, Value> {
    let exprs: Vec<(&str, &Expression)> = parsed
        .iter()
        .flat_map(|p| {
            p.body
                .blocks()
                .filter(|b| b.identifier.as_str() == "locals")
        })
        .flat_map(|b| b.body.attributes().map(|a| (a.key.as_str(), &a.expr)))
        .collect();
    let mut out = Map::new();
    for _ in 0..8 {
        let mut c = ctx.clone();
        c.declare_var("local", to_hcl(&Value::Object(out.clone())));
        let before = out.len();
        for (k, e) in &exprs {
            if !out.contains_key(*k) {
                if let Ok(v) = e.evaluate(&c) {
                    out.insert(k.to_string(), from_hcl(&v));
                }
            }
        }
        if out.len() == before {
            break;
        }
    }
    out
}

/// `aws_customer_gateway.hq.id` (or any traversal from `aws_….name`) → `aws_customer_gateway.hq`.
fn reference(e: &Expression) -> Option<String> {
    let Expression::Traversal(t) = e else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let root = root.as_str();
    if !root.starts_with("aws_") {
        return None;
    }
    match t.operators.first() {
        Some(TraversalOperator::GetAttr(name)) => Some(format!("{root}.{}", name.as_str())),
        _ => None,
    }
}

fn to_hcl(v: &Value) -> hcl::Value {
    hcl::to_value(v).unwrap_or(hcl::Value::Null)
}

fn from_hcl(v: &hcl::Value) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_in_traversals_only() {
        let body = hcl::parse("a = aws_vpn_gateway.main.id\nb = var.x\nc = \"aws_x.y\"\n").unwrap();
        let refs: Vec<Option<String>> = body.attributes().map(|a| reference(&a.expr)).collect();
        assert_eq!(refs, [Some("aws_vpn_gateway.main".to_string()), None, None]);
    }
}

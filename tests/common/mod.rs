//! Shared helpers for the CLI tests: run the built binary, validate JSON against the
//! subset of JSON Schema the report contract uses.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn dxlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dxlint"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("run dxlint")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn write_temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dxlint-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write temp file");
    p
}

/// Validate `doc` against `schema` (the keywords report-v1.schema.json uses). Returns the
/// list of violations with their JSON paths.
pub fn validate(schema: &Value, doc: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    check(schema, doc, "$", &mut errs);
    errs
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    }
}

fn pattern_ok(p: &str, s: &str) -> bool {
    match p {
        "^DX[0-9]{3}$" => {
            s.len() == 5 && s.starts_with("DX") && s[2..].bytes().all(|b| b.is_ascii_digit())
        }
        "^[a-z0-9]+(-[a-z0-9]+)*$" => {
            !s.is_empty()
                && s.split('-').all(|part| {
                    !part.is_empty()
                        && part
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                })
        }
        other => panic!("schema uses a pattern this test does not know: {other}"),
    }
}

fn check(schema: &Value, v: &Value, path: &str, errs: &mut Vec<String>) {
    let Some(obj) = schema.as_object() else {
        return;
    };
    for key in obj.keys() {
        let known = [
            "$schema",
            "title",
            "description",
            "type",
            "required",
            "properties",
            "items",
            "enum",
            "const",
            "minimum",
            "minLength",
            "pattern",
        ];
        assert!(
            known.contains(&key.as_str()),
            "schema keyword `{key}` not supported by this validator"
        );
    }
    if let Some(t) = obj.get("type") {
        let ok = match t {
            Value::String(s) => type_ok(s, v),
            Value::Array(a) => a.iter().any(|t| t.as_str().is_some_and(|s| type_ok(s, v))),
            _ => true,
        };
        if !ok {
            errs.push(format!("{path}: expected type {t}, got {v}"));
            return;
        }
    }
    if let Some(c) = obj.get("const") {
        if c != v {
            errs.push(format!("{path}: expected {c}, got {v}"));
        }
    }
    if let Some(Value::Array(e)) = obj.get("enum") {
        if !e.contains(v) {
            errs.push(format!("{path}: {v} not in {e:?}"));
        }
    }
    if let (Some(m), Some(n)) = (obj.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if n < m {
            errs.push(format!("{path}: {n} < minimum {m}"));
        }
    }
    if let (Some(m), Some(s)) = (obj.get("minLength").and_then(Value::as_u64), v.as_str()) {
        if (s.chars().count() as u64) < m {
            errs.push(format!("{path}: shorter than {m}"));
        }
    }
    if let (Some(Value::String(p)), Some(s)) = (obj.get("pattern"), v.as_str()) {
        if !pattern_ok(p, s) {
            errs.push(format!("{path}: `{s}` does not match {p}"));
        }
    }
    if let (Some(Value::Array(req)), Some(o)) = (obj.get("required"), v.as_object()) {
        for r in req {
            if let Some(r) = r.as_str() {
                if !o.contains_key(r) {
                    errs.push(format!("{path}: missing required `{r}`"));
                }
            }
        }
    }
    if let (Some(Value::Object(props)), Some(o)) = (obj.get("properties"), v.as_object()) {
        for (k, s) in props {
            if let Some(val) = o.get(k) {
                check(s, val, &format!("{path}.{k}"), errs);
            }
        }
    }
    if let (Some(items), Some(a)) = (obj.get("items"), v.as_array()) {
        for (i, val) in a.iter().enumerate() {
            check(items, val, &format!("{path}[{i}]"), errs);
        }
    }
}

pub fn schema() -> Value {
    let text =
        std::fs::read_to_string(root().join("contracts/report-v1.schema.json")).expect("schema");
    serde_json::from_str(&text).expect("schema is JSON")
}

pub fn exists(p: &Path) -> bool {
    p.exists()
}

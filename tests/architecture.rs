//! The shape the design promises, checked on the source text: rules ask the platform profile,
//! never which vendor wrote the file or what its interfaces are called; each layer imports
//! only the layers below it; no two sibling modules import each other.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read source dir") {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn src(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(sub)
}

/// Lines of `dir`'s Rust files for which `bad` holds, as `file:line: text`.
fn offending(dir: &Path, bad: impl Fn(&str) -> bool) -> Vec<String> {
    let mut hits = Vec::new();
    for f in rust_files(dir) {
        let text = std::fs::read_to_string(&f).expect("read source");
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if bad(code) {
                hits.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    hits
}

/// A platform difference in a rule belongs in the dialect's `PlatformProfile`.
fn asks_the_vendor(code: &str) -> bool {
    code.contains("Vendor::")
        || code.contains("vendor ==")
        || code.contains("vendor !=")
        || code.contains("match cx.model.vendor")
        || code.contains("match model.vendor")
        || code.contains("matches!(cx.model.vendor")
}

/// `name.starts_with("st0")` and the like: a platform's naming, which the profile holds.
fn tests_an_interface_name(code: &str) -> bool {
    code.contains("name")
        && ["starts_with(\"", "ends_with(\"", "contains(\"", "== \""]
            .iter()
            .any(|m| code.contains(m))
}

#[test]
fn rules_do_not_ask_which_vendor() {
    let hits = offending(&src("rules"), asks_the_vendor);
    assert!(
        hits.is_empty(),
        "vendor tests in src/rules:\n{}",
        hits.join("\n")
    );
}

#[test]
fn rules_do_not_test_interface_names() {
    let hits = offending(&src("rules"), tests_an_interface_name);
    assert!(
        hits.is_empty(),
        "interface-name tests in src/rules:\n{}",
        hits.join("\n")
    );
}

#[test]
fn the_checks_catch_what_they_look_for() {
    assert!(asks_the_vendor(
        "if cx.model.vendor == Some(Vendor::Junos) {"
    ));
    assert!(tests_an_interface_name(
        "    i.tunnel.is_some() || n.name.starts_with(\"st0\")"
    ));
    assert!(!tests_an_interface_name("let name = iface.name.clone();"));
}

/// The top-level modules (`crate::X`) a file's code names, in `use` lines (grouped
/// `use crate::{a, b::c}` included) and in paths written inline.
fn crate_modules(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name = item.trim().split("::").next().unwrap_or("").trim();
                if !name.is_empty() {
                    out.push(name.to_string());
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `layer` (a folder under src/) names none of `forbidden`: file:module pairs that do.
fn forbidden_imports(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let mut hits = Vec::new();
    for f in rust_files(&src(layer)) {
        let text = std::fs::read_to_string(&f).expect("read source");
        for m in crate_modules(&text) {
            if forbidden.contains(&m.as_str()) {
                hits.push(format!("{} imports crate::{m}", f.display()));
            }
        }
    }
    hits
}

#[test]
fn layers_import_only_what_the_design_allows() {
    let rules: &[(&str, &[&str])] = &[
        (
            "model",
            &["aws", "dialect", "rules", "report", "syntax", "lint"],
        ),
        ("aws", &["dialect", "rules", "report"]),
        ("rules", &["dialect", "syntax", "aws", "report"]),
        ("report", &["dialect", "aws", "syntax"]),
        ("dialect", &["rules", "report", "aws", "lint"]),
        ("syntax", &["dialect", "rules", "model", "aws", "report"]),
    ];
    let mut hits = Vec::new();
    for (layer, forbidden) in rules {
        hits.extend(forbidden_imports(layer, forbidden));
    }
    assert!(
        hits.is_empty(),
        "imports across the layers:\n{}",
        hits.join("\n")
    );
}

/// The module path (`crate::a::b`) of the files directly in `dir`.
fn module_path(dir: &Path) -> String {
    let rel = dir.strip_prefix(src("")).expect("under src");
    let mut p = String::from("crate");
    for c in rel.components() {
        p.push_str("::");
        p.push_str(&c.as_os_str().to_string_lossy());
    }
    p
}

/// Whether `text` names the sibling module `name` of a file in the folder with module path
/// `parent` (`super::name` or `crate::…::name`).
fn names_sibling(text: &str, parent: &str, name: &str) -> bool {
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    [format!("super::{name}"), format!("{parent}::{name}")]
        .iter()
        .any(|p| {
            code.match_indices(p.as_str()).any(|(i, _)| {
                let after = code[i + p.len()..].chars().next();
                !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        })
}

#[test]
fn no_two_sibling_modules_import_each_other() {
    let mut dirs = vec![src("")];
    let mut cycles = Vec::new();
    while let Some(dir) = dirs.pop() {
        let mut files = Vec::new();
        for e in std::fs::read_dir(&dir).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
                if !["mod", "lib", "main", "tests"].contains(&stem.as_str()) {
                    let text = std::fs::read_to_string(&p).expect("read");
                    files.push((stem, text));
                }
            }
        }
        let parent = module_path(&dir);
        for (a, ta) in &files {
            for (b, tb) in &files {
                if a < b && names_sibling(ta, &parent, b) && names_sibling(tb, &parent, a) {
                    cycles.push(format!("{}: {a} <-> {b}", dir.display()));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_import_readers_see_every_form() {
    let m = crate_modules("use crate::{aws::vpn_json, model::Peering};\nlet x = crate::dialect::f();\n// crate::rules in a comment\n");
    assert_eq!(m, ["aws", "dialect", "model"]);
    assert!(names_sibling(
        "use super::bgp::AfOrigin;",
        "crate::dialect::cisco",
        "bgp"
    ));
    assert!(names_sibling(
        "use crate::run::{print_out};",
        "crate",
        "run"
    ));
    assert!(!names_sibling("use crate::runner::x;", "crate", "run"));
}

#[test]
fn test_helpers_are_not_public_api() {
    let lib = std::fs::read_to_string(src("lib.rs")).expect("lib.rs");
    for m in ["harness", "testing"] {
        let decl = format!("pub mod {m};");
        let i = lib.find(&decl).unwrap_or_else(|| panic!("{decl} missing"));
        let before = &lib[..i];
        assert!(
            before.trim_end().ends_with("#[doc(hidden)]"),
            "{m} is exported as documented API"
        );
    }
}

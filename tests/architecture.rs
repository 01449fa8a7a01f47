//! The shape the design promises, checked on the source text: rules ask the platform profile,
//! never which vendor wrote the file or what its interfaces are called.

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

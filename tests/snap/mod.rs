//! Snapshots of what users see: the JSON report and the human report (with the rendered fix)
//! of a lint result, stored as reviewed `.snap` files under tests/snapshots/.
#![allow(dead_code)]

use dxlint::lint::LintResult;
use dxlint::report::{human, json};
use std::collections::HashMap;
use std::sync::Mutex;

/// Both reports of `r`, as one text.
pub fn reports(r: &LintResult) -> String {
    let human = human::render(
        r,
        &human::HumanOptions {
            color: false,
            width: 100,
        },
    );
    format!(
        "--- json ---\n{}\n--- human ---\n{human}",
        json::render(r).trim_end()
    )
}

/// Snapshot both reports under `name` within the running test (libtest names each test's
/// thread after it); a second use of a name in one test gets `-2`, `-3`, … so every call keeps
/// its own file whatever order parallel tests run in.
pub fn assert_reports(name: &str, r: &LintResult) {
    static SEEN: Mutex<Option<HashMap<String, usize>>> = Mutex::new(None);
    let test = std::thread::current()
        .name()
        .unwrap_or("main")
        .rsplit("::")
        .next()
        .unwrap_or("main")
        .to_string();
    let name = format!("{test}-{name}");
    let unique = {
        let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
        let n = seen
            .get_or_insert_with(HashMap::new)
            .entry(name.clone())
            .or_insert(0);
        *n += 1;
        if *n == 1 {
            name
        } else {
            format!("{name}-{n}")
        }
    };
    insta::assert_snapshot!(unique, reports(r));
}

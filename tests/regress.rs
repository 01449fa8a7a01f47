//! Inputs that once crashed dxlint (found by the fuzzers or by hand), replayed through the
//! fuzz target that found them: `testdata/regress/<target>/<file>` runs
//! `dxlint::harness::run_target("<target>", bytes)`.
//!
//! - junos/braces-70k-on-one-line.conf: a finding 70,000 columns into a line made miette's
//!   underline padding exceed Rust's 65,535 format-width limit (panic in the human report).
//! - vif_json/error-at-column-70k.json: the same panic when rendering a JSON input error.
//! - vpn_json/path-echoes-gateway-xml-key: a map key holding the gateway XML, key and all;
//!   serde's field path quoted it in the error message (the redaction invariant failed).

use std::path::Path;

#[test]
fn every_saved_crash_input_runs_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/regress");
    let mut ran = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().collect();
    dirs.sort_by_key(|e| e.file_name());
    for dir in dirs.iter().filter(|e| e.path().is_dir()) {
        let target = dir.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        files.sort_by_key(|e| e.file_name());
        for f in files {
            let data = std::fs::read(f.path()).unwrap();
            let t = std::time::Instant::now();
            assert!(
                dxlint::harness::run_target(&target, &data),
                "testdata/regress/{target}: no fuzz target of that name"
            );
            assert!(
                t.elapsed() < std::time::Duration::from_secs(10),
                "{}: {:?}",
                f.path().display(),
                t.elapsed()
            );
            ran += 1;
        }
    }
    assert!(ran >= 2, "{ran} regression inputs");
}

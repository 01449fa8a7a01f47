//! Real-world configs written by others (../shared/corpus, present on the development
//! machine only): every file goes through every sample without a panic and with exit 0, 1
//! or 2. Skipped, with a note, when the corpus is absent (a fresh clone).

mod common;
use common::*;

#[test]
fn corpus_files_never_crash() {
    let corpus = root().join("../shared/corpus");
    let samples = root().join("../shared/samples");
    if !corpus.exists() || !samples.exists() {
        eprintln!("skipped: ../shared/corpus not present");
        return;
    }
    let vif = samples.join("dx-describe-virtual-interfaces-private-dualstack.json");
    let mut n = 0;
    for dir in ["cisco", "other", "junos", "vyos"] {
        let Ok(rd) = std::fs::read_dir(corpus.join(dir)) else {
            continue;
        };
        for e in rd.filter_map(|e| e.ok()) {
            let p = e.path();
            let o = dxlint(&[
                p.to_str().unwrap(),
                "--vif-json",
                vif.to_str().unwrap(),
                "--format",
                "json",
            ]);
            let code = o.status.code();
            assert!(
                matches!(code, Some(0..=2)),
                "{}: exit {code:?}\n{}",
                p.display(),
                stderr(&o)
            );
            assert!(
                !stderr(&o).contains("panicked"),
                "{}: {}",
                p.display(),
                stderr(&o)
            );
            n += 1;
        }
    }
    assert!(n > 20);
}

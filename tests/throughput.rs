//! A loose guard on parse+lint speed, so a quadratic step or an allocation storm shows up in
//! the normal test run. The real figures come from `cargo bench --bench throughput`; the
//! bounds here are generous (debug build, shared machines) and compare a run with one ten
//! times larger, which a per-neighbor scan of every neighbor fails by a wide margin.

#[path = "../benches/throughput/synth.rs"]
mod synth;

use dxlint::aws::vif_json;
use dxlint::lint::{lint, LintOptions};
use dxlint::rules::SessionState;
use dxlint::source::SourceFile;
use std::time::{Duration, Instant};
use synth::{Form, Router};

/// Lint a generated router with `n` sessions in one form; the fastest of `runs`.
fn best_time(form: Form, n: usize, runs: usize) -> (Duration, usize) {
    let router = Router::new("edge1", n, 0);
    let text = router.config(form);
    let json = SourceFile::new("vifs.json", router.vif_json(&[0, n / 2, n - 1]));
    let peerings = vif_json::load(&json).expect("generated VIF JSON loads");
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        let r = lint(
            vec![SourceFile::new(form.file_name(), text.as_str())],
            &peerings,
            &LintOptions::default(),
        )
        .expect("generated config lints");
        best = best.min(t.elapsed());
        // The generated router is correct: every session is predicted to come up.
        assert_eq!(r.peerings.len(), 3, "{}", form.name());
        for p in &r.peerings {
            assert_eq!(
                p.predicted_state,
                SessionState::Established,
                "{} {}",
                form.name(),
                p.id
            );
        }
        assert_eq!(r.models[0].neighbor_count(), n, "{}", form.name());
        assert!(r.findings.is_empty(), "{}: {:?}", form.name(), r.findings);
    }
    (best, text.len())
}

#[test]
fn ten_times_the_config_takes_about_ten_times_as_long() {
    for form in Form::ALL {
        let (small, _) = best_time(form, 100, 3);
        let (large, bytes) = best_time(form, 1000, 2);
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
        let mb_s = bytes as f64 / 1e6 / large.as_secs_f64();
        eprintln!(
            "{:<17} {:>7} bytes: {:>8.1} ms, x10: {ratio:.1}, {mb_s:.1} MB/s (debug)",
            form.name(),
            bytes,
            large.as_secs_f64() * 1000.0
        );
        // Linear is 10; a quadratic pass over 1,000 neighbors gives 50 and more.
        assert!(
            ratio < 25.0,
            "{}: 10x the config took {ratio:.1}x the time",
            form.name()
        );
        // Even a debug build reads well over 1 MB/s; an allocation storm does not.
        assert!(mb_s > 1.0, "{}: {mb_s:.2} MB/s", form.name());
    }
}

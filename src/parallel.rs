//! Repository mode: many targets linted on all cores, reported in target order.

use crate::lint::LintResult;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Run `job(0..n)` on up to `threads` worker threads; results come back in index order,
/// whatever order they finished in. `progress(done, n)` is called after each job.
pub fn run<T, F, P>(n: usize, threads: usize, job: F, progress: P) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync,
    P: Fn(usize, usize) + Sync,
{
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<T>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let workers = threads.clamp(1, n.max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let out = job(i);
                if let Ok(mut slot) = slots[i].lock() {
                    *slot = Some(out);
                }
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, n);
            });
        }
    });
    slots
        .into_iter()
        .filter_map(|m| m.into_inner().ok().flatten())
        .collect()
}

/// The number of worker threads: every core the process may use (`DXLINT_THREADS` overrides
/// it, for measuring the speed-up).
pub fn threads() -> usize {
    std::env::var("DXLINT_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Concatenate results (target order, then each target's own file/line order), shifting
/// source indices so every finding and peering still points at its own file.
pub fn merge(results: Vec<LintResult>) -> LintResult {
    let mut all = LintResult {
        sources: Vec::new(),
        models: Vec::new(),
        findings: Vec::new(),
        peerings: Vec::new(),
    };
    for r in results {
        let base = all.sources.len();
        all.sources.extend(r.sources);
        all.models.extend(r.models);
        all.findings.extend(r.findings.into_iter().map(|mut f| {
            f.source = f.source.map(|s| s + base);
            f
        }));
        all.peerings.extend(r.peerings.into_iter().map(|mut p| {
            p.source = p.source.map(|s| s + base);
            p
        }));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_index_order_whatever_finishes_first() {
        let out = run(
            50,
            4,
            |i| {
                std::thread::sleep(std::time::Duration::from_micros(
                    ((50 - i) * 37 % 200) as u64,
                ));
                i * 2
            },
            |_, _| {},
        );
        assert_eq!(out, (0..50).map(|i| i * 2).collect::<Vec<_>>());
        assert!(run(0, 4, |i| i, |_, _| {}).is_empty());
    }
}

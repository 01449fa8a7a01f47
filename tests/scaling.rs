//! Time grows linearly with the input: four times the config may take at most eight times
//! as long (a quadratic step would take sixteen). Each input yields one finding per block,
//! so every reporter is measured with thousands of findings too (the human one used to
//! re-scan the file from the start for each finding). The per-neighbor lookups of the
//! dialects are measured at a larger scale by the throughput benchmark (benches/).

use dxlint::harness::fixture_peerings;
use dxlint::lint::{lint_models, LintOptions};
use dxlint::model::Vendor;
use dxlint::report::{github, human, json, junit, sarif};
use dxlint::source::SourceFile;
use std::time::{Duration, Instant};

fn cisco(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "interface GigabitEthernet0/0/1.{i}\n encapsulation dot1Q 5000\n ip address 10.{}.{}.1 255.255.255.0\n!\n",
                i / 250 % 250,
                i % 250
            )
        })
        .collect()
}

fn junos(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "set interfaces ge-0/0/1 unit {i} vlan-id 5000\nset interfaces ge-0/0/1 unit {i} family inet address 10.{}.{}.1/24\n",
                i / 250 % 250,
                i % 250
            )
        })
        .collect()
}

fn vyos(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "set interfaces ethernet eth1 vif {i} address 10.{}.{}.1/33\n",
                i / 250 % 250,
                i % 250
            )
        })
        .collect()
}

/// Best of two runs of extract + lint + every reporter; also the finding count.
fn measure(text: &str, vendor: Vendor) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut findings = 0;
    for _ in 0..2 {
        let t = Instant::now();
        let src = SourceFile::new("scale.cfg", text);
        let model = dxlint::dialect::extract(&src, Some(vendor)).expect("extracts");
        let r = lint_models(
            vec![src],
            vec![model],
            fixture_peerings(),
            &LintOptions::default(),
        );
        let out = human::render(
            &r,
            &human::HumanOptions {
                color: false,
                width: 100,
            },
        );
        let machine = [
            json::render(&r),
            sarif::render(&r, &sarif::SarifOptions::default()),
            github::render(&r),
            junit::render(&r),
        ];
        best = best.min(t.elapsed());
        findings = r.findings.len();
        assert!(out.len() > findings && machine.iter().all(|m| m.len() > findings));
    }
    (best, findings)
}

#[test]
fn four_times_the_input_takes_at_most_eight_times_as_long() {
    type Make = fn(usize) -> String;
    let cases: [(&str, Make, Vendor); 3] = [
        ("cisco", cisco, Vendor::CiscoIos),
        ("junos", junos, Vendor::Junos),
        ("vyos", vyos, Vendor::Vyos),
    ];
    for (name, make, vendor) in cases {
        let (small, n_small) = measure(&make(500), vendor);
        let (large, n_large) = measure(&make(2000), vendor);
        assert!(
            n_large >= 2000 && n_small >= 500,
            "{name}: {n_small}/{n_large} findings: the inputs no longer exercise the reporter"
        );
        // A few milliseconds of slack so scheduler noise on tiny timings cannot fail this.
        let limit = small * 8 + Duration::from_millis(30);
        eprintln!("{name}: 500 blocks {small:?}, 2000 blocks {large:?}");
        assert!(
            large <= limit,
            "{name}: 500 blocks took {small:?}, 2000 took {large:?} (limit {limit:?})"
        );
    }
}

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
    let vpns: Vec<_> = ["vgw-bgp-default-options", "tgw-bgp-custom-options"]
        .iter()
        .map(|v| samples.join(format!("vpn-describe-vpn-connections-{v}.json")))
        .collect();
    let mut n = 0;
    for dir in ["cisco", "other", "junos", "vyos"] {
        let Ok(rd) = std::fs::read_dir(corpus.join(dir)) else {
            continue;
        };
        for e in rd.filter_map(|e| e.ok()) {
            let p = e.path();
            let runs = [
                ("--vif-json", &vif),
                ("--vpn-json", &vpns[0]),
                ("--vpn-json", &vpns[1]),
            ];
            for (flag, aws) in runs {
                let o = dxlint(&[
                    p.to_str().unwrap(),
                    flag,
                    aws.to_str().unwrap(),
                    "--format",
                    "json",
                ]);
                let code = o.status.code();
                assert!(
                    matches!(code, Some(0..=2)),
                    "{} {flag}: exit {code:?}\n{}",
                    p.display(),
                    stderr(&o)
                );
                assert!(
                    !stderr(&o).contains("panicked"),
                    "{}: {}",
                    p.display(),
                    stderr(&o)
                );
            }
            n += 1;
        }
    }
    assert!(n > 20);
}

/// The VPN samples load (TGW with custom options, VGW with never-modified options) and give
/// two tunnels each, XML matched by outside IP.
#[test]
fn shared_vpn_samples_load() {
    let samples = root().join("../shared/samples");
    if !samples.exists() {
        eprintln!("skipped: ../shared/samples not present");
        return;
    }
    for (name, kind) in [
        (
            "vgw-bgp-default-options",
            "VPN on a virtual private gateway",
        ),
        ("tgw-bgp-custom-options", "VPN on a transit gateway"),
    ] {
        let path = samples.join(format!("vpn-describe-vpn-connections-{name}.json"));
        let text = std::fs::read_to_string(&path).unwrap();
        let p = dxlint::aws::vpn_json::load(&dxlint::source::SourceFile::new(name, text.as_str()))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(p.len(), 2, "{name}");
        for t in &p {
            assert_eq!(t.kind.describe(), kind);
            assert!(
                t.amazon_asn.is_some() && t.customer_asn.is_some(),
                "{name}: ASNs from the XML"
            );
            assert!(t.vpn.as_ref().unwrap().psk.is_some());
        }
    }
}

/// Junos and VyOS files are read in one streaming pass unless they need the whole file
/// (groups, deletions, inactive parts …): wherever streaming applies, it must build the same
/// model as the whole-file reading. The fixtures always; the shared corpus when present.
#[test]
fn streaming_and_whole_file_readings_agree() {
    let mut dirs = vec![root().join("testdata/junos"), root().join("testdata/vyos")];
    dirs.extend(["junos", "vyos", "other"].map(|d| root().join("../shared/corpus").join(d)));
    let (mut streamed, mut files) = (0, 0);
    for dir in dirs {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.filter_map(|e| e.ok()) {
            let Ok(bytes) = std::fs::read(e.path()) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            files += 1;
            for agree in [
                dxlint::dialect::junos::streaming_matches_whole(&text),
                dxlint::dialect::vyos::streaming_matches_whole(&text),
            ] {
                assert_ne!(agree, Some(false), "{}", e.path().display());
                streamed += usize::from(agree.is_some());
            }
        }
    }
    assert!(files >= 13, "{files} files");
    assert!(streamed >= 13, "streaming applied {streamed} times");
}

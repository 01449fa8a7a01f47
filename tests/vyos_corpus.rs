//! Every VyOS file of the shared research corpus goes through the extractor without panicking,
//! and the `config.boot` / `set` pairs of the same router agree on what matters. Skips when the
//! corpus (outside the repository) is absent.

use dxlint::dialect::vyos;
use dxlint::model::RouterModel;
use dxlint::source::SourceFile;
use std::path::Path;

const CORPUS: &str = "/work/shared/corpus/vyos";

fn load(path: &Path) -> RouterModel {
    let bytes = std::fs::read(path).expect("readable corpus file");
    vyos::extract(&SourceFile::from_bytes(path.display().to_string(), &bytes))
}

#[test]
fn corpus_files_extract_without_panic() {
    let Ok(dir) = std::fs::read_dir(CORPUS) else {
        eprintln!("skipped: {CORPUS} not present");
        return;
    };
    let mut files: Vec<_> = dir.flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files {
        let m = load(&path);
        eprintln!(
            "{}: {} neighbors, {} interfaces, {} problems, {} unknown of {} statements",
            path.file_name().unwrap_or_default().to_string_lossy(),
            m.neighbor_count(),
            m.interfaces.len(),
            m.problems.len(),
            m.stats.unknown,
            m.stats.statements
        );
        for p in &m.problems {
            eprintln!("    problem: {}", p.message);
        }
        assert!(m.stats.statements > 0, "{}", path.display());
    }
}

/// The smoketest `config.boot` is the pre-migration input of the configtest `set` file: the
/// syntax changes (`bgp 65522 {` → `system-as`), the router does not.
#[test]
fn corpus_pairs_agree() {
    let pairs = [
        "bgp-azure-ipsec-gateway",
        "bgp-medium-confederation",
        "bgp-small-internet-exchange",
        "basic-vyos",
    ];
    for name in pairs {
        let boot = Path::new(CORPUS).join(format!("vyos1x-smoketest-{name}.config.boot"));
        let set = Path::new(CORPUS).join(format!("vyos1x-configtest-{name}.set"));
        if !boot.exists() || !set.exists() {
            eprintln!("skipped: {name} pair not present");
            continue;
        }
        let (a, b) = (load(&boot), load(&set));
        let addrs = |m: &RouterModel| {
            let mut v: Vec<String> = m.neighbors().map(|(_, n)| n.addr.to_string()).collect();
            v.sort();
            v
        };
        assert_eq!(addrs(&a), addrs(&b), "{name}: neighbors");
        let asn = |m: &RouterModel| {
            m.bgp
                .iter()
                .map(|p| p.local_as.as_ref().map(|l| l.value))
                .collect::<Vec<_>>()
        };
        assert_eq!(asn(&a), asn(&b), "{name}: local AS");
        let remote = |m: &RouterModel| {
            let mut v: Vec<String> = m
                .neighbors()
                .map(|(_, n)| format!("{} {:?}", n.addr, n.remote_as.as_ref().map(|r| r.value)))
                .collect();
            v.sort();
            v
        };
        assert_eq!(remote(&a), remote(&b), "{name}: remote AS");
        let vlans = |m: &RouterModel| {
            let mut v: Vec<String> = m
                .interfaces
                .iter()
                .filter(|i| i.vlan.is_some())
                .map(|i| {
                    format!(
                        "{} {:?}",
                        i.name,
                        i.addresses.iter().map(|a| a.net).collect::<Vec<_>>()
                    )
                })
                .collect();
            v.sort();
            v
        };
        assert_eq!(vlans(&a), vlans(&b), "{name}: VLAN interfaces");
    }
}

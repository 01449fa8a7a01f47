//! Property test: random bytes and mutated fixtures (lines deleted, duplicated, swapped,
//! braces and quotes inserted, truncated, bytes flipped) through every dialect extractor,
//! the linter, every reporter, the VIF and VPN JSON loaders, the customer-gateway XML reader
//! and the `.dxlint.yaml` parser. Deterministic (a fixed seed) and
//! bounded in time; a failure prints the seed and case so it can be kept under
//! testdata/regress/.

use dxlint::harness;
use dxlint::model::Vendor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// SplitMix64: tiny, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INSERTS: &[&[u8]] = &[
    b"{",
    b"}",
    b"\"",
    b"'",
    b";",
    b"[",
    b"]",
    b"\n",
    b"/*",
    b"#",
    b"!",
    b"\0",
    b"\xff",
    b"\xc3",
    b"inactive: ",
    b"delete: ",
    b"\t",
    b" exit-address-family\n",
    b"}\n}\n}\n",
    b"{{{{{{{{",
];

/// One random mutation of `data`.
fn mutate(rng: &mut Rng, data: &[u8]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let n = lines.len();
    match rng.below(8) {
        0 if n > 1 => {
            lines.remove(rng.below(n));
        }
        1 => {
            let i = rng.below(n);
            let copy = lines[i].clone();
            lines.insert(rng.below(n + 1), copy);
        }
        2 if n > 1 => {
            let (a, b) = (rng.below(n), rng.below(n));
            lines.swap(a, b);
        }
        3 | 4 => {
            let mut flat = lines.join(&b'\n');
            let at = rng.below(flat.len() + 1);
            let ins = INSERTS[rng.below(INSERTS.len())];
            flat.splice(at..at, ins.iter().copied());
            return flat;
        }
        5 => {
            let flat = lines.join(&b'\n');
            return flat[..rng.below(flat.len() + 1)].to_vec();
        }
        6 => {
            let mut flat = lines.join(&b'\n');
            for _ in 0..1 + rng.below(4) {
                if !flat.is_empty() {
                    let at = rng.below(flat.len());
                    flat[at] = rng.next() as u8;
                }
            }
            return flat;
        }
        _ => {
            // Indent or dedent a line: moves statements between blocks.
            let i = rng.below(n);
            if rng.below(2) == 0 {
                lines[i].insert(0, b' ');
            } else if lines[i].first() == Some(&b' ') {
                lines[i].remove(0);
            }
        }
    }
    lines.join(&b'\n')
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let len = rng.below(400);
    // Mostly printable with structure characters, some arbitrary bytes.
    const ALPHABET: &[u8] = b"abcdefgh 0123456789{}[];\"'#!/.:-\n\t";
    (0..len)
        .map(|_| {
            if rng.below(10) == 0 {
                rng.next() as u8
            } else {
                ALPHABET[rng.below(ALPHABET.len())]
            }
        })
        .collect()
}

fn fixtures(ext_json: bool) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                // Regression inputs run in tests/regress.rs, as they are.
                if !p.ends_with("regress") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "json") == ext_json {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

const VENDORS: &[Option<Vendor>] = &[
    None,
    Some(Vendor::CiscoIos),
    Some(Vendor::Frr),
    Some(Vendor::Junos),
    Some(Vendor::Vyos),
    Some(Vendor::CiscoAsa),
    Some(Vendor::Fortios),
    Some(Vendor::Panos),
];

/// Run `f`; on a panic or a slow run, save the input and fail with the case description.
fn check(what: &str, data: &[u8], f: impl FnOnce()) {
    let save = || {
        let dir = std::env::temp_dir().join("dxlint-property-failures");
        std::fs::create_dir_all(&dir).ok();
        let p = dir.join(what.replace(['/', ' ', ':', ','], "_"));
        std::fs::write(&p, data).ok();
        p
    };
    let t = Instant::now();
    if catch_unwind(AssertUnwindSafe(f)).is_err() {
        panic!("{what}: panicked; input saved to {}", save().display());
    }
    let took = t.elapsed();
    if took > Duration::from_secs(2) {
        panic!(
            "{what}: took {took:?} for {} bytes; input saved to {}",
            data.len(),
            save().display()
        );
    }
}

/// The dialect a fixture is written in, from its directory.
fn own_vendor(path: &Path) -> Option<Vendor> {
    let dir = path.parent()?.file_name()?.to_str()?;
    Vendor::parse(dir)
}

#[test]
fn mutated_configs_never_panic_in_any_dialect() {
    let started = Instant::now();
    let mut rng = Rng(0x5EED_D71A);
    let configs = fixtures(false);
    assert!(configs.len() >= 10, "{configs:?}");
    let mut cases = 0;
    for (path, data) in &configs {
        let name = path.file_name().unwrap().to_string_lossy();
        for round in 0..8 {
            let mut m = data.clone();
            for _ in 0..1 + rng.below(3) {
                m = mutate(&mut rng, &m);
            }
            // Detected, its own dialect, and one other picked at random.
            let other = VENDORS[1 + rng.below(VENDORS.len() - 1)];
            for vendor in [None, own_vendor(path), other] {
                let what = format!("{name} round {round} as {vendor:?}");
                let sarif = cases % 16 == 0;
                check(&what, &m, || harness::config_formats(&m, vendor, sarif));
                cases += 1;
            }
        }
    }
    for round in 0..40 {
        let data = random_bytes(&mut rng);
        for vendor in VENDORS {
            let what = format!("random {round} as {vendor:?}");
            check(&what, &data, || {
                harness::config_formats(&data, *vendor, round % 8 == 0)
            });
            cases += 1;
        }
    }
    assert!(cases > 600, "{cases}");
    eprintln!("{cases} config cases in {:?}", started.elapsed());
}

#[test]
fn mutated_aws_json_never_panics() {
    let started = Instant::now();
    let mut rng = Rng(0x0A5_0150);
    let jsons = fixtures(true);
    assert!(!jsons.is_empty());
    let mut cases = 0;
    for (path, data) in &jsons {
        let name = path.file_name().unwrap().to_string_lossy();
        for round in 0..80 {
            let mut m = data.clone();
            for _ in 0..1 + rng.below(3) {
                m = mutate(&mut rng, &m);
            }
            check(&format!("{name} round {round} as VIF"), &m, || {
                harness::vif_json(&m)
            });
            check(&format!("{name} round {round} as VPN"), &m, || {
                harness::vpn_json(&m)
            });
            cases += 2;
        }
    }
    for round in 0..100 {
        let data = random_bytes(&mut rng);
        check(&format!("random json {round}"), &data, || {
            harness::vif_json(&data);
            harness::vpn_json(&data);
        });
        cases += 1;
    }
    eprintln!("{cases} JSON cases in {:?}", started.elapsed());
}

/// The customer-gateway XML embedded in the VPN fixtures, and `.dxlint.yaml` examples.
fn xml_and_yaml_seeds() -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let mut xml = Vec::new();
    for (_, data) in fixtures(true) {
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(&data) else {
            continue;
        };
        let mut stack = vec![&v];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Object(m) => {
                    if let Some(x) = m
                        .get("CustomerGatewayConfiguration")
                        .and_then(|x| x.as_str())
                    {
                        xml.push(x.as_bytes().to_vec());
                    }
                    stack.extend(m.values());
                }
                serde_json::Value::Array(a) => stack.extend(a),
                _ => {}
            }
        }
    }
    let yaml = [
        "targets:\n  - config: edge1.cfg\n    vif-json: vif.json\n  - config: \"dc2-**.conf\"\n    vendor: junos\n    vpn: [vpn-0123]\nrules:\n  DX605: off\n  md5-length: error\nlimits:\n  max-hold-time: 90\n  require-bfd: true\n",
        "rules: {DX101: warning, DX999: off}\n",
        "limits:\n  max-hold-time: 1\n",
        "targets:\n  - vif_json: x\n",
        "",
    ];
    (xml, yaml.iter().map(|y| y.as_bytes().to_vec()).collect())
}

#[test]
fn mutated_xml_and_yaml_never_panic() {
    let started = Instant::now();
    let mut rng = Rng(0xC6_7A3D);
    let (xml, yaml) = xml_and_yaml_seeds();
    assert!(
        !xml.is_empty(),
        "no customer-gateway XML in the VPN fixtures"
    );
    let mut cases = 0;
    for (kind, seeds, rounds) in [("xml", &xml, 150), ("yaml", &yaml, 150)] {
        for (i, seed) in seeds.iter().enumerate() {
            for round in 0..rounds {
                let mut m = seed.clone();
                for _ in 0..1 + rng.below(3) {
                    m = mutate(&mut rng, &m);
                }
                check(&format!("{kind} {i} round {round}"), &m, || {
                    if kind == "xml" {
                        harness::cgw_xml(&m)
                    } else {
                        harness::project_yaml(&m)
                    }
                });
                cases += 1;
            }
        }
    }
    // Hostile nesting for the XML reader, which must not recurse.
    let deep = "<a>".repeat(200_000);
    check("xml 200,000 open elements", deep.as_bytes(), || {
        harness::cgw_xml(deep.as_bytes())
    });
    let closed = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
    check("xml 100,000 nested elements", closed.as_bytes(), || {
        harness::cgw_xml(closed.as_bytes())
    });
    let yaml_deep = "[".repeat(100_000);
    check("yaml 100,000 open sequences", yaml_deep.as_bytes(), || {
        harness::project_yaml(yaml_deep.as_bytes())
    });
    eprintln!("{cases} XML/YAML cases in {:?}", started.elapsed());
}

/// The Junos and VyOS extractors read most files in one streaming pass and fall back to a
/// whole-file reading for what needs it: on mangled fixtures (comments, braces, quotes and
/// lines cut, swapped and repeated anywhere) both readings must still build the same model
/// wherever streaming applies.
#[test]
fn mutated_configs_read_the_same_streamed_or_whole() {
    use dxlint::dialect::{junos, vyos};
    let mut rng = Rng(0x57E4_3A11);
    let configs = fixtures(false);
    let (mut compared, mut cases) = (0, 0);
    for (path, data) in &configs {
        let name = path.file_name().unwrap().to_string_lossy();
        for round in 0..100 {
            let mut m = data.clone();
            for _ in 0..1 + rng.below(3) {
                m = mutate(&mut rng, &m);
            }
            let text = String::from_utf8_lossy(&m);
            for (dialect, agree) in [
                ("junos", junos::streaming_matches_whole(&text)),
                ("vyos", vyos::streaming_matches_whole(&text)),
            ] {
                assert_ne!(agree, Some(false), "{name} round {round} as {dialect}");
                compared += usize::from(agree.is_some());
                cases += 1;
            }
        }
    }
    assert!(
        compared > cases / 4,
        "streaming applied in {compared} of {cases} cases"
    );
    eprintln!("streaming and whole readings compared in {compared} of {cases} cases");
}

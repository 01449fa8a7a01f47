//! Property test: random bytes and mutated fixtures (lines deleted, duplicated, swapped,
//! braces and quotes inserted, truncated, bytes flipped) through every dialect extractor,
//! the linter, both reporters and the VIF JSON loader. Deterministic (a fixed seed) and
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
];

/// Run `f`; on a panic, save the input and fail with the case description.
fn check(what: &str, data: &[u8], f: impl FnOnce()) {
    let t = Instant::now();
    if catch_unwind(AssertUnwindSafe(f)).is_err() {
        let dir = std::env::temp_dir().join("dxlint-property-failures");
        std::fs::create_dir_all(&dir).ok();
        let p = dir.join(what.replace(['/', ' ', ':'], "_"));
        std::fs::write(&p, data).ok();
        panic!("{what}: panicked; input saved to {}", p.display());
    }
    let took = t.elapsed();
    assert!(
        took < Duration::from_secs(2),
        "{what}: took {took:?} for {} bytes",
        data.len()
    );
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
        for round in 0..12 {
            let mut m = data.clone();
            for _ in 0..1 + rng.below(3) {
                m = mutate(&mut rng, &m);
            }
            for vendor in VENDORS {
                let what = format!("{name} round {round} as {vendor:?}");
                check(&what, &m, || harness::config(&m, *vendor));
                cases += 1;
            }
        }
    }
    for round in 0..60 {
        let data = random_bytes(&mut rng);
        for vendor in VENDORS {
            let what = format!("random {round} as {vendor:?}");
            check(&what, &data, || harness::config(&data, *vendor));
            cases += 1;
        }
    }
    assert!(cases > 1000, "{cases}");
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
            check(&format!("{name} round {round}"), &m, || {
                harness::vif_json(&m)
            });
            cases += 1;
        }
    }
    for round in 0..100 {
        let data = random_bytes(&mut rng);
        check(&format!("random json {round}"), &data, || {
            harness::vif_json(&data)
        });
        cases += 1;
    }
    eprintln!("{cases} JSON cases in {:?}", started.elapsed());
}

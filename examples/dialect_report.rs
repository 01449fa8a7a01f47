//! Dev tool: how dxlint reads router configurations. For each file: the detected dialect
//! (and why, when detection was unsure), then the interfaces and BGP neighbors found.
//!
//! `cargo run --no-default-features --example dialect_report -- FILE…`

use dxlint::dialect::{detect, extract};
use dxlint::model::{Password, RemoteAs};
use dxlint::source::SourceFile;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                println!("{path}: {e}");
                continue;
            }
        };
        let src = SourceFile::from_bytes(path.clone(), &bytes);
        let Some(d) = detect::detect_explained(&src.text) else {
            println!("{path}: not recognised");
            continue;
        };
        let m = match extract(&src, Some(d.vendor)) {
            Ok(m) => m,
            Err(e) => {
                println!("{path}: {e}");
                continue;
            }
        };
        println!("== {path}: {}", d.vendor.as_str());
        if let Some(n) = d.note {
            println!("   detection: {n}");
        }
        let ifaces: Vec<String> = m
            .interfaces
            .iter()
            .map(|i| {
                let mut s = i.name.clone();
                if let Some(v) = &i.vlan {
                    s.push_str(&format!(" vlan {}", v.value.outer));
                    if let Some(inner) = v.value.inner {
                        s.push_str(&format!(".{inner}"));
                    }
                }
                for a in &i.addresses {
                    s.push_str(&format!(" {}", a.net));
                }
                if let Some(mtu) = &i.mtu {
                    s.push_str(&format!(" l3mtu {}", mtu.value));
                }
                if let Some(v) = &i.vrf {
                    s.push_str(&format!(" vrf {v}"));
                }
                s
            })
            .collect();
        println!("   interfaces ({}): {}", ifaces.len(), ifaces.join("; "));
        for (p, n) in m.neighbors() {
            let ras = match n.remote_as.as_ref().map(|r| r.value) {
                Some(RemoteAs::Number(a)) => a.to_string(),
                Some(other) => format!("{other:?}"),
                None => "?".into(),
            };
            let fams: Vec<String> = n
                .families
                .iter()
                .filter(|f| f.activated.is_some())
                .map(|f| {
                    let mut s = format!("{}:{}", f.afi.as_str(), f.advertised.prefixes.len());
                    if f.advertised.withheld.is_some() {
                        s.push_str("(withheld)");
                    }
                    if f.advertised.unbounded.is_some() {
                        s.push_str("(unbounded)");
                    }
                    s
                })
                .collect();
            let pw = match n.password.as_ref().map(|p| &p.value) {
                Some(Password::Known(_)) => " key:known",
                Some(Password::Unverifiable(_)) => " key:unverifiable",
                None => "",
            };
            println!(
                "   neighbor {}{} remote-as {ras}{}{pw} families [{}]{}",
                n.addr,
                p.vrf
                    .as_deref()
                    .map(|v| format!(" vrf {v}"))
                    .unwrap_or_default(),
                n.group
                    .as_deref()
                    .map(|g| format!(" group {g}"))
                    .unwrap_or_default(),
                fams.join(" "),
                if n.rare().shutdown.is_some() {
                    " shutdown"
                } else {
                    ""
                }
            );
        }
        for p in &m.problems {
            let (pos, _) = src.range(p.span);
            println!("   problem line {}: {}", pos.line, p.message);
        }
    }
}

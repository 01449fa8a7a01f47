//! Dev script: detect and read each configuration given, and list what dxlint found in it
//! (vendor, interfaces, tunnels, IKE peers, BGP neighbors, problems). Keys are not printed.
//!
//! cargo run --no-default-features --example dump_model -- FILE…

use dxlint::dialect::{detect, extract};
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
        let detected = detect::detect(&src.text);
        println!("== {path}: detected {:?}", detected.map(|v| v.as_str()));
        let m = match extract(&src, None) {
            Ok(m) => m,
            Err(e) => {
                println!("   error: {e}");
                continue;
            }
        };
        for i in &m.interfaces {
            let addrs: Vec<String> = i.addresses.iter().map(|a| a.net.to_string()).collect();
            let mut s = format!("   interface {} [{}]", i.name, addrs.join(" "));
            if let Some(v) = &i.vlan {
                s.push_str(&format!(" vlan {}", v.value.outer));
            }
            if let Some(m) = &i.mtu {
                s.push_str(&format!(" mtu {}", m.value));
            }
            if let Some(m) = &i.tcp_mss {
                s.push_str(&format!(" mss {}", m.value));
            }
            if let Some(t) = &i.tunnel {
                s.push_str(&format!(
                    " tunnel dst {:?} protection {:?}",
                    t.destination.as_ref().map(|d| d.value),
                    t.protection.as_ref().map(|p| &p.value)
                ));
            }
            println!("{s}");
        }
        for p in &m.ipsec.peers {
            println!(
                "   ike peer {} at {:?} v{:?} ike {:?} esp {:?} pfs {:?} life {:?}/{:?} dpd {:?} key {} iface {:?}",
                p.name,
                p.address.as_ref().map(|a| a.value),
                p.ike_version.as_ref().map(|v| v.value),
                p.ike_proposals,
                p.ipsec_proposals,
                p.effective_pfs(&m.ipsec),
                p.ike_lifetime.as_ref().map(|l| l.value),
                p.ipsec_lifetime.as_ref().map(|l| l.value),
                p.dpd.as_ref().map(|d| d.value),
                match p.psk.as_ref().map(|k| &k.value) {
                    Some(dxlint::model::Password::Known(_)) => "known",
                    Some(dxlint::model::Password::Unverifiable(_)) => "unverifiable",
                    None => "none",
                },
                p.interface
            );
        }
        for p in &m.ipsec.ike_proposals {
            println!(
                "   ike proposal {}: {:?} {:?} {:?} life {:?}",
                p.name,
                p.encryption,
                p.integrity,
                p.dh_groups,
                p.lifetime.as_ref().map(|l| l.value)
            );
        }
        for p in &m.ipsec.ipsec_proposals {
            println!(
                "   esp proposal {}: {:?} {:?} pfs {:?} life {:?}",
                p.name,
                p.encryption,
                p.integrity,
                p.pfs_group,
                p.lifetime.as_ref().map(|l| l.value)
            );
        }
        for (proc_, n) in m.neighbors() {
            println!(
                "   bgp {:?} neighbor {} remote-as {:?} timers {:?} password {} prefixes {:?}",
                proc_.local_as.as_ref().map(|a| a.value),
                n.addr,
                n.remote_as.as_ref().map(|r| r.value),
                n.timers.as_ref().or(proc_.timers.as_ref()).map(|t| t.value),
                n.password.is_some(),
                n.families
                    .iter()
                    .map(|f| (
                        f.afi.as_str(),
                        f.advertised.prefixes.len(),
                        f.advertised.unbounded.is_some()
                    ))
                    .collect::<Vec<_>>()
            );
        }
        for p in &m.problems {
            println!(
                "   problem at {}: {}",
                src.position(p.span.start()).line,
                p.message
            );
        }
    }
}

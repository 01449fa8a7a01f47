//! The wire: one network namespace per side (and one for a middle hop), joined by veths,
//! with 802.1Q tagging, addresses and MTUs. Everything is removed when the `Lab` drops,
//! also when the scenario panics.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// Run a command; `Err` carries its output.
pub fn run(args: &[&str]) -> Result<String, String> {
    let out = Command::new(args[0])
        .args(&args[1..])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", args[0]))?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        Ok(text)
    } else {
        Err(format!("`{}` failed: {}", args.join(" "), text.trim()))
    }
}

/// How frames get their 802.1Q tag.
#[derive(Clone, Debug)]
pub enum Tagging {
    /// Real VLAN sub-interfaces (kernels with 8021q).
    Kernel8021q,
    /// tc/eBPF programs that push/pop the tag on the veth (kernels without 8021q).
    Bpf { dir: PathBuf },
}

impl Tagging {
    /// Probe the kernel once: try to create a VLAN device in a scratch namespace.
    pub fn detect(work: &Path, prefix: &str) -> Result<Tagging, String> {
        let ns = format!("{prefix}probe");
        run(&["ip", "netns", "add", &ns])?;
        let _guard = NsGuard(vec![ns.clone()]);
        run(&[
            "ip", "-n", &ns, "link", "add", "p0", "type", "veth", "peer", "name", "p1",
        ])?;
        let ok = run(&[
            "ip", "-n", &ns, "link", "add", "link", "p0", "name", "p0.101", "type", "vlan", "id",
            "101",
        ])
        .is_ok();
        if ok {
            return Ok(Tagging::Kernel8021q);
        }
        let dir = work.join("bpf");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("vlan.c"), VLAN_C).map_err(|e| e.to_string())?;
        Ok(Tagging::Bpf { dir })
    }

    pub fn describe(&self) -> &'static str {
        match self {
            Tagging::Kernel8021q => "802.1Q sub-interfaces",
            Tagging::Bpf { .. } => "tc/eBPF tag push/pop on the veth (no 8021q in this kernel)",
        }
    }
}

/// Tag on egress, accept only frames of our VID on ingress and untag them.
const VLAN_C: &str = r#"
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#ifdef EGRESS
SEC("tc") int tag(struct __sk_buff *skb)
{
	return bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), VID) ? TC_ACT_SHOT : TC_ACT_OK;
}
#else
SEC("tc") int untag(struct __sk_buff *skb)
{
	if (!skb->vlan_present || (skb->vlan_tci & 0x0fff) != VID)
		return TC_ACT_SHOT;
	return bpf_skb_vlan_pop(skb) ? TC_ACT_SHOT : TC_ACT_OK;
}
#endif
char _license[] SEC("license") = "GPL";
"#;

static BPF_BUILD: Mutex<()> = Mutex::new(());

/// Compile (once per VID) the egress and ingress objects.
fn bpf_objects(dir: &Path, vid: u16) -> Result<(PathBuf, PathBuf), String> {
    let _lock = BPF_BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let eg = dir.join(format!("tag_{vid}.o"));
    let ig = dir.join(format!("untag_{vid}.o"));
    let src = dir.join("vlan.c");
    let includes = host_include_dirs();
    for (out, egress) in [(&eg, true), (&ig, false)] {
        if out.exists() {
            continue;
        }
        let mut args: Vec<String> =
            vec!["clang".into(), "-O2".into(), "-target".into(), "bpf".into()];
        for d in &includes {
            args.push("-idirafter".into());
            args.push(d.clone());
        }
        args.push(format!("-DVID={vid}"));
        if egress {
            args.push("-DEGRESS".into());
        }
        args.extend([
            "-c".into(),
            src.display().to_string(),
            "-o".into(),
            out.display().to_string(),
        ]);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&refs)?;
    }
    Ok((eg, ig))
}

/// The host compiler's system include directories (asm/types.h is in the multiarch one).
fn host_include_dirs() -> Vec<String> {
    let out = Command::new("clang")
        .args(["-E", "-v", "-x", "c", "/dev/null"])
        .output();
    let Ok(out) = out else { return Vec::new() };
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    text.lines()
        .skip_while(|l| !l.starts_with("#include <...>"))
        .skip(1)
        .take_while(|l| !l.starts_with("End of search list"))
        .map(|l| l.trim().to_string())
        .collect()
}

/// Deletes namespaces on drop (their veths go with them).
struct NsGuard(Vec<String>);

impl Drop for NsGuard {
    fn drop(&mut self) {
        for ns in &self.0 {
            let _ = run(&["ip", "netns", "del", ns]);
        }
    }
}

/// One end of the link: its namespace.
pub struct End {
    pub ns: String,
}

/// A scenario's namespaces. `customer` and `aws` are the two BGP speakers' ends.
pub struct Lab {
    pub customer: End,
    pub aws: End,
    _guard: NsGuard,
}

pub struct EndSpec<'a> {
    pub vlan: u16,
    pub mtu: u32,
    pub address: &'a str,
}

impl Lab {
    /// Build `<prefix>c` (customer) and `<prefix>a` (AWS), optionally with `<prefix>m`
    /// bridging them at a lower MTU.
    pub fn build(
        prefix: &str,
        tagging: &Tagging,
        cust: EndSpec,
        aws: EndSpec,
        middle_hop_mtu: Option<u32>,
    ) -> Result<Lab, String> {
        let (nc, na, nm) = (
            format!("{prefix}c"),
            format!("{prefix}a"),
            format!("{prefix}m"),
        );
        let mut guard = NsGuard(Vec::new());
        for ns in [&nc, &na] {
            run(&["ip", "netns", "add", ns])?;
            guard.0.push(ns.clone());
        }
        // The link's device names: the customer's follows Linux's VLAN naming (`eth0.101`),
        // which is how the FRR config names it.
        let (lc, la) = match tagging {
            Tagging::Kernel8021q => ("eth0".to_string(), "aws0".to_string()),
            Tagging::Bpf { .. } => (format!("eth0.{}", cust.vlan), "aws0".to_string()),
        };
        match middle_hop_mtu {
            None => {
                run(&[
                    "ip", "link", "add", &lc, "netns", &nc, "type", "veth", "peer", "name", &la,
                    "netns", &na,
                ])?;
            }
            Some(mtu) => {
                run(&["ip", "netns", "add", &nm])?;
                guard.0.push(nm.clone());
                let m = mtu.to_string();
                run(&[
                    "ip", "link", "add", &lc, "netns", &nc, "type", "veth", "peer", "name", "m0",
                    "netns", &nm,
                ])?;
                run(&[
                    "ip", "link", "add", &la, "netns", &na, "type", "veth", "peer", "name", "m1",
                    "netns", &nm,
                ])?;
                // A plain L2 bridge with small ports: larger frames are dropped on receive,
                // and a bridge never sends ICMP.
                run(&["ip", "-n", &nm, "link", "add", "br0", "type", "bridge"])?;
                for d in ["m0", "m1"] {
                    run(&[
                        "ip", "-n", &nm, "link", "set", d, "mtu", &m, "master", "br0", "up",
                    ])?;
                }
                run(&["ip", "-n", &nm, "link", "set", "br0", "up"])?;
            }
        }
        let customer = setup_end(&nc, &lc, &cust, tagging)?;
        let aws = setup_end(&na, &la, &aws, tagging)?;
        Ok(Lab {
            customer,
            aws,
            _guard: guard,
        })
    }

    /// Add an address to the customer's loopback (what zebra would do for `interface lo`).
    pub fn add_loopback(&self, addr: &str) -> Result<(), String> {
        run(&[
            "ip",
            "-n",
            &self.customer.ns,
            "addr",
            "add",
            addr,
            "dev",
            "lo",
        ])
        .map(|_| ())
    }

    /// Does an IP packet of `size` bytes (DF set) from the customer reach `dst` and come
    /// back? Proves the wiring of the MTU scenarios.
    pub fn probe(&self, dst: &str, size: u32) -> bool {
        let payload = (size - if dst.contains(':') { 48 } else { 28 }).to_string();
        run(&[
            "ip",
            "netns",
            "exec",
            &self.customer.ns,
            "ping",
            "-M",
            "do",
            "-c",
            "1",
            "-W",
            "1",
            "-s",
            &payload,
            dst,
        ])
        .is_ok()
    }

    /// Kernel TCP-MD5 drop counters of one namespace (`MD5Failure=3 …`), empty when none.
    pub fn md5_drops(ns: &str) -> String {
        let Ok(out) = run(&["ip", "netns", "exec", ns, "nstat", "-asz", "TcpExtTCPMD5*"]) else {
            return String::new();
        };
        out.lines()
            .filter_map(|l| {
                let mut w = l.split_whitespace();
                let (name, value) = (w.next()?, w.next()?.parse::<u64>().ok()?);
                let short = name.strip_prefix("TcpExtTCP")?;
                (value > 0).then(|| format!("{short}={value}"))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn setup_end(ns: &str, link: &str, spec: &EndSpec, tagging: &Tagging) -> Result<End, String> {
    let mtu = spec.mtu.to_string();
    run(&["ip", "-n", ns, "link", "set", "lo", "up"])?;
    // Checksum/segmentation offloads off: segments on the wire are what TCP sized them.
    let _ = run(&[
        "ip", "netns", "exec", ns, "ethtool", "-K", link, "tso", "off", "gso", "off",
    ]);
    run(&["ip", "-n", ns, "link", "set", link, "mtu", &mtu, "up"])?;
    let dev = match tagging {
        Tagging::Kernel8021q => {
            let sub = format!("{link}.{}", spec.vlan);
            let vid = spec.vlan.to_string();
            run(&[
                "ip", "-n", ns, "link", "add", "link", link, "name", &sub, "type", "vlan", "id",
                &vid,
            ])?;
            run(&["ip", "-n", ns, "link", "set", &sub, "mtu", &mtu, "up"])?;
            sub
        }
        Tagging::Bpf { dir } => {
            let (eg, ig) = bpf_objects(dir, spec.vlan)?;
            let (eg, ig) = (eg.display().to_string(), ig.display().to_string());
            let tc = |args: &[&str]| {
                let mut v = vec!["ip", "netns", "exec", ns, "tc"];
                v.extend_from_slice(args);
                run(&v)
            };
            tc(&["qdisc", "add", "dev", link, "clsact"])?;
            tc(&[
                "filter", "add", "dev", link, "egress", "bpf", "da", "obj", &eg, "sec", "tc",
            ])?;
            tc(&[
                "filter", "add", "dev", link, "ingress", "bpf", "da", "obj", &ig, "sec", "tc",
            ])?;
            link.to_string()
        }
    };
    let is_v6 = spec.address.contains(':');
    let mut args = vec!["ip", "-n", ns, "addr", "add", spec.address, "dev", &dev];
    if is_v6 {
        args.push("nodad");
    }
    run(&args)?;
    Ok(End { ns: ns.to_string() })
}

/// Remove namespaces left by an earlier run that died (its process is gone).
pub fn remove_stale(base: &str) {
    let Ok(list) = run(&["ip", "netns", "list"]) else {
        return;
    };
    for ns in list.lines().filter_map(|l| l.split_whitespace().next()) {
        let Some(rest) = ns.strip_prefix(base) else {
            continue;
        };
        let pid: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if !pid.is_empty() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = run(&["ip", "netns", "del", ns]);
        }
    }
}

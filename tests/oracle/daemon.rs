//! The BGP daemons: FRR bgpd (customer), BIRD 2 and GoBGP (AWS side). Each runs in the
//! foreground in its namespace with every path (config, pid, control socket, log) inside the
//! scenario's own directory; nothing touches /etc/frr, /run/frr or /run/bird. A daemon is
//! killed (by its pid) when its handle drops.

use crate::net::run;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// What one side reports at one poll.
#[derive(Clone, Debug, Default)]
pub struct SideState {
    /// Idle, Connect, Active, OpenSent, OpenConfirm, Established; or Down / Unknown.
    pub state: String,
    /// Sessions that reached Established so far (FRR counts; others: 0/1 from `state`).
    pub established: u32,
    /// Sessions dropped after Established (FRR counts).
    pub dropped: u32,
    /// The last NOTIFICATION or error as the daemon words it.
    pub last_error: Option<String>,
    /// `code/subcode` of the last NOTIFICATION, and whether this side received it.
    pub notification: Option<(String, bool)>,
    /// Prefixes received from the peer.
    pub received: Option<u64>,
    /// What the daemon says about the NOTIFICATION or limit that ended the session, in words
    /// that do not change from run to run (for docs/oracle.md).
    pub verdict: Option<String>,
    /// Administratively down (FRR `neighbor X shutdown`).
    pub admin_down: bool,
}

/// A running daemon; killed when dropped.
pub struct Daemon {
    child: Option<Child>,
    kind: Kind,
}

enum Kind {
    Frr { vty_dir: PathBuf, peer: String },
    Bird { ctl: PathBuf },
    Gobgp { ns: String, peer: String },
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn spawn(ns: &str, args: &[&str], log: &Path) -> Result<Child, String> {
    let out = std::fs::File::create(log).map_err(|e| e.to_string())?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    Command::new("ip")
        .args(["netns", "exec", ns])
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("{}: {e}", args[0]))
}

/// FRR installs bgpd outside $PATH.
pub fn bgpd_path() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("FRR_BGPD") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    [
        "/usr/lib/frr/bgpd",
        "/usr/sbin/bgpd",
        "/usr/local/sbin/bgpd",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
    .or_else(|| which("bgpd"))
}

pub fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .chain(["/usr/sbin", "/sbin"])
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

impl Daemon {
    /// Customer side: bgpd without zebra on the given config.
    pub fn frr(ns: &str, dir: &Path, conf: &Path, peer: &str) -> Result<Daemon, String> {
        let bgpd = bgpd_path().ok_or("bgpd not found")?;
        let (bgpd, conf_s, pid, zs, d) = (
            bgpd.display().to_string(),
            conf.display().to_string(),
            dir.join("bgpd.pid").display().to_string(),
            dir.join("zserv.api").display().to_string(),
            dir.display().to_string(),
        );
        let args = [
            bgpd.as_str(),
            "-Z",
            "-S",
            "-P",
            "0",
            "-f",
            &conf_s,
            "-i",
            &pid,
            "--vty_socket",
            &d,
            "-z",
            &zs,
        ];
        let child = spawn(ns, &args, &dir.join("bgpd.out"))?;
        Ok(Daemon {
            child: Some(child),
            kind: Kind::Frr {
                vty_dir: dir.to_path_buf(),
                peer: peer.to_string(),
            },
        })
    }

    pub fn bird(ns: &str, dir: &Path, conf: &Path) -> Result<Daemon, String> {
        let ctl = dir.join("bird.ctl");
        let (conf_s, ctl_s, pid) = (
            conf.display().to_string(),
            ctl.display().to_string(),
            dir.join("bird.pid").display().to_string(),
        );
        let args = ["bird", "-f", "-c", &conf_s, "-s", &ctl_s, "-P", &pid];
        let child = spawn(ns, &args, &dir.join("bird.out"))?;
        Ok(Daemon {
            child: Some(child),
            kind: Kind::Bird { ctl },
        })
    }

    pub fn gobgp(ns: &str, dir: &Path, conf: &Path, peer: &str) -> Result<Daemon, String> {
        let conf_s = conf.display().to_string();
        let args = [
            "gobgpd",
            "-f",
            &conf_s,
            "-p",
            "-l",
            "info",
            "--api-hosts",
            "127.0.0.1:50051",
            "--pprof-disable",
        ];
        let child = spawn(ns, &args, &dir.join("gobgpd.log"))?;
        Ok(Daemon {
            child: Some(child),
            kind: Kind::Gobgp {
                ns: ns.to_string(),
                peer: peer.to_string(),
            },
        })
    }

    pub fn alive(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    /// Does the daemon answer its CLI?
    pub fn ready(&self) -> bool {
        match &self.kind {
            Kind::Frr { vty_dir, .. } => vty_dir.join("bgpd.vty").exists(),
            Kind::Bird { ctl } => {
                ctl.exists()
                    && run(&["birdc", "-s", &ctl.display().to_string(), "show", "status"])
                        .is_ok_and(|o| o.contains("Daemon is up"))
            }
            Kind::Gobgp { ns, .. } => gobgp_cli(ns, &["global"]).is_ok_and(|o| o.contains("AS:")),
        }
    }

    /// GoBGP has no static routes in its config file: originate through its API.
    pub fn gobgp_originate(&self, prefixes: &[String], ipv6: bool) -> Result<(), String> {
        if let Kind::Gobgp { ns, .. } = &self.kind {
            for p in prefixes {
                gobgp_cli(
                    ns,
                    &[
                        "global",
                        "rib",
                        "add",
                        "-a",
                        if ipv6 { "ipv6" } else { "ipv4" },
                        p,
                    ],
                )?;
            }
        }
        Ok(())
    }

    pub fn state(&mut self) -> SideState {
        if !self.alive() {
            return SideState {
                state: "Exited".into(),
                ..Default::default()
            };
        }
        match &self.kind {
            Kind::Frr { vty_dir, peer } => frr_state(vty_dir, peer),
            Kind::Bird { ctl } => bird_state(ctl),
            Kind::Gobgp { ns, peer } => gobgp_state(ns, peer),
        }
    }
}

fn frr_state(dir: &Path, peer: &str) -> SideState {
    let d = dir.display().to_string();
    let cmd = format!("show bgp neighbors {peer} json");
    let Ok(out) = run(&["vtysh", "--vty_socket", &d, "-c", &cmd]) else {
        return unknown();
    };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&out) else {
        return unknown();
    };
    let n = &v[peer];
    if n.is_null() {
        return unknown();
    }
    let num = |k: &str| n[k].as_u64().unwrap_or(0) as u32;
    let text = |k: &str| n[k].as_str().map(str::to_string);
    let notification = text("lastErrorCodeSubcode").and_then(|cs| {
        // "0202" → "2/2"; the reset reason says which side sent it.
        let (c, s) = (
            u8::from_str_radix(cs.get(0..2)?, 16).ok()?,
            u8::from_str_radix(cs.get(2..4)?, 16).ok()?,
        );
        let received = text("lastResetDueTo").is_some_and(|r| r.contains("received"));
        Some((format!("{c}/{s}"), received))
    });
    let received = n["addressFamilyInfo"].as_object().and_then(|m| {
        m.values()
            .find_map(|af| af["acceptedPrefixCounter"].as_u64())
    });
    let state = text("bgpState").unwrap_or_else(|| "Unknown".into());
    // A reset reason matters once a session was dropped; before that it is FRR's note from
    // loading the config.
    let reset = text("lastResetDueTo").filter(|_| num("connectionsDropped") > 0);
    SideState {
        established: num("connectionsEstablished"),
        dropped: num("connectionsDropped"),
        last_error: text("lastNotificationReason").or(reset),
        verdict: text("lastNotificationReason"),
        notification,
        received,
        state,
        admin_down: n["adminShutDown"].as_bool().unwrap_or(false)
            || text("lastResetDueTo").is_some_and(|r| r.contains("Admin")),
    }
}

fn bird_state(ctl: &Path) -> SideState {
    let c = ctl.display().to_string();
    let Ok(out) = run(&["birdc", "-s", &c, "show", "protocols", "all", "vif"]) else {
        return unknown();
    };
    let field = |name: &str| {
        out.lines()
            .find_map(|l| l.trim().strip_prefix(name).map(|v| v.trim().to_string()))
    };
    let proto_down = out
        .lines()
        .any(|l| l.starts_with("vif ") && l.split_whitespace().nth(3) == Some("down"));
    let state =
        field("BGP state:").unwrap_or_else(|| if proto_down { "Down" } else { "Unknown" }.into());
    let last_error = field("Last error:");
    let received = field("Routes:").and_then(|r| r.split_whitespace().next()?.parse().ok());
    let verdict = last_error.clone().filter(|e| {
        e.starts_with("Received:")
            || e.starts_with("BGP Error:")
            || e.starts_with("Automatic shutdown:")
    });
    SideState {
        established: u32::from(state == "Established"),
        state,
        dropped: 0,
        last_error,
        verdict,
        notification: None,
        received,
        admin_down: false,
    }
}

fn gobgp_cli(ns: &str, args: &[&str]) -> Result<String, String> {
    let mut v = vec![
        "ip",
        "netns",
        "exec",
        ns,
        "gobgp",
        "-u",
        "127.0.0.1",
        "-p",
        "50051",
    ];
    v.extend_from_slice(args);
    run(&v)
}

fn gobgp_state(ns: &str, peer: &str) -> SideState {
    let Ok(out) = gobgp_cli(ns, &["neighbor", peer, "-j"]) else {
        return unknown();
    };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&out) else {
        return unknown();
    };
    let st = &v["state"];
    let state = match st["session_state"].as_u64() {
        Some(1) => "Idle",
        Some(2) => "Connect",
        Some(3) => "Active",
        Some(4) => "OpenSent",
        Some(5) => "OpenConfirm",
        Some(6) => "Established",
        _ => "Unknown",
    };
    let msgs = &st["messages"];
    let sent = msgs["sent"]["notification"].as_u64().unwrap_or(0);
    let rcvd = msgs["received"]["notification"].as_u64().unwrap_or(0);
    let received = v["afi_safis"].as_array().and_then(|a| {
        a.iter()
            .filter_map(|f| f["state"]["received"].as_u64())
            .max()
    });
    SideState {
        state: state.into(),
        established: u32::from(state == "Established"),
        dropped: 0,
        last_error: (sent + rcvd > 0)
            .then(|| format!("NOTIFICATIONs sent {sent}, received {rcvd}")),
        verdict: match (sent > 0, rcvd > 0) {
            (true, true) => Some("NOTIFICATION sent and received".into()),
            (true, false) => Some("NOTIFICATION sent".into()),
            (false, true) => Some("NOTIFICATION received".into()),
            (false, false) => None,
        },
        notification: None,
        received,
        admin_down: false,
    }
}

fn unknown() -> SideState {
    SideState {
        state: "Unknown".into(),
        ..Default::default()
    }
}

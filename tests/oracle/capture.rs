//! A packet capture of each scenario, taken with tcpdump on the customer's link inside its
//! namespace (what an engineer would capture on the router), for `dxlint diagnose`. Without
//! tcpdump the scenario simply runs uncaptured. `DXLINT_ORACLE_CAPTURES=DIR` copies each
//! capture, with the scenario's vif.json and frr.conf, to DIR/<scenario>.{pcap,vif.json,frr.conf}.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running tcpdump; killed (by its pid) when dropped.
pub struct Tcpdump {
    child: Child,
    pub path: PathBuf,
}

impl Tcpdump {
    /// Start capturing on `dev` in `ns`; `None` when tcpdump is missing or does not start.
    pub fn start(ns: &str, dev: &str, path: &Path) -> Option<Tcpdump> {
        crate::daemon::which("tcpdump")?;
        let child = Command::new("ip")
            .args([
                "netns",
                "exec",
                ns,
                "tcpdump",
                "-i",
                dev,
                "-U",
                "--immediate-mode",
            ])
            .args(["-s", "0", "-Z", "root", "-w"])
            .arg(path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let t = Tcpdump {
            child,
            path: path.to_path_buf(),
        };
        // The file header is written once the device is open.
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(5) {
            if std::fs::metadata(path).is_ok_and(|m| m.len() >= 24) {
                std::thread::sleep(Duration::from_millis(100));
                return Some(t);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// Stop, and copy the capture and the scenario's inputs where `DXLINT_ORACLE_CAPTURES` says.
    pub fn finish(mut self, id: &str, dir: &Path) {
        std::thread::sleep(Duration::from_millis(200));
        let _ = self.child.kill();
        let _ = self.child.wait();
        let Some(out) = std::env::var_os("DXLINT_ORACLE_CAPTURES") else {
            return;
        };
        let out = PathBuf::from(out);
        let _ = std::fs::create_dir_all(&out);
        let _ = std::fs::copy(&self.path, out.join(format!("{id}.pcap")));
        let _ = std::fs::copy(dir.join("vif.json"), out.join(format!("{id}.vif.json")));
        let _ = std::fs::copy(dir.join("frr.conf"), out.join(format!("{id}.frr.conf")));
    }
}

impl Drop for Tcpdump {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// With `DXLINT_ORACLE_CAPTURES`: save FRR's own `show bgp neighbors PEER` (text and JSON) at
/// the end of the scenario, as `dxlint diagnose` fixtures.
pub fn save_frr_show(id: &str, dir: &Path, peer: &str) {
    let Some(out) = std::env::var_os("DXLINT_ORACLE_CAPTURES") else {
        return;
    };
    let out = PathBuf::from(out);
    let d = dir.display().to_string();
    for (suffix, cmd) in [
        ("frr-show.txt", format!("show bgp neighbors {peer}")),
        ("frr-show.json", format!("show bgp neighbors {peer} json")),
    ] {
        if let Ok(text) = crate::net::run(&["vtysh", "--vty_socket", &d, "-c", &cmd]) {
            let _ = std::fs::write(out.join(format!("{id}.{suffix}")), text);
        }
    }
}

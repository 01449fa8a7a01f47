//! One scenario end to end: predict with dxlint, build the wire, start both daemons, watch
//! until the session settles, and name what happened in dxlint's vocabulary.

use crate::aws_side::{self, aws_routes};
use crate::daemon::{Daemon, SideState};
use crate::net::{EndSpec, Lab, Tagging};
use crate::scenario::{self, AwsImpl, Scenario};
use dxlint::lint::{lint, LintOptions};
use dxlint::model::Vendor;
use dxlint::rules::{SessionState, Severity};
use dxlint::source::SourceFile;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// dxlint's prediction for a scenario.
#[derive(Clone, Debug)]
pub struct Prediction {
    pub state: SessionState,
    pub notification: Option<String>,
    pub decided_by: Option<&'static str>,
    /// Rules that fired (errors and warnings), for the table.
    pub rules: Vec<&'static str>,
}

/// What the daemons did.
#[derive(Clone, Debug)]
pub struct Observation {
    pub state: SessionState,
    pub customer: SideState,
    pub aws: SideState,
    /// `2/2, sent by AWS` etc., read from the customer's bgpd.
    pub notification: Option<String>,
    pub md5_drops: String,
    /// Config lines bgpd refused (zebra's `ip address` lines excepted: no zebra here).
    pub rejected: Vec<String>,
    pub seconds: f64,
}

pub struct Outcome {
    pub scenario: Scenario,
    pub prediction: Prediction,
    pub observation: Result<Observation, String>,
}

impl Outcome {
    /// Prediction = observation: the state, and the NOTIFICATION's code and sender where dxlint
    /// names one for a session that gets that far.
    pub fn agrees(&self) -> bool {
        let Ok(o) = &self.observation else {
            return false;
        };
        if o.state != self.prediction.state {
            return false;
        }
        let expects_notification = matches!(
            o.state,
            SessionState::OpenSent | SessionState::EstablishedThenIdle
        );
        match (&self.prediction.notification, expects_notification) {
            (Some(p), true) => o
                .notification
                .as_deref()
                .is_some_and(|n| same_notification(p, n)),
            _ => true,
        }
    }
}

/// "2/2 Bad Peer AS, sent by AWS" against "2/2, sent by AWS"; "sent by either side" leaves
/// the sender open (both OPENs show the fault and whichever is read first answers).
fn same_notification(predicted: &str, observed: &str) -> bool {
    let code = |s: &str| {
        s.split_whitespace()
            .next()
            .map(|c| c.trim_end_matches(',').to_string())
    };
    let by_aws = |s: &str| s.contains("sent by AWS");
    code(predicted) == code(observed)
        && (predicted.contains("either side") || by_aws(predicted) == by_aws(observed))
}

/// Lint the exact config bgpd will run against the VIF JSON.
pub fn predict(
    config: &str,
    vif_json: &str,
) -> Result<(Prediction, dxlint::model::Peering), String> {
    predict_as(config, vif_json, Vendor::Frr)
}

/// [`predict`] for a config in another dialect (a filter scenario's VyOS rendering).
pub fn predict_as(
    config: &str,
    vif_json: &str,
    vendor: Vendor,
) -> Result<(Prediction, dxlint::model::Peering), String> {
    let json = SourceFile::new("vif.json", vif_json);
    let peerings = dxlint::aws::vif_json::load(&json).map_err(|e| e.to_string())?;
    let opts = LintOptions {
        vendor: Some(vendor),
        ..Default::default()
    };
    let r = lint(vec![SourceFile::new("frr.conf", config)], &peerings, &opts)
        .map_err(|e| e.to_string())?;
    let out = r
        .peerings
        .first()
        .ok_or("dxlint produced no peering outcome")?;
    let mut rules: Vec<&'static str> = r
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| f.rule)
        .collect();
    rules.sort();
    rules.dedup();
    Ok((
        Prediction {
            state: out.predicted_state,
            notification: out.notification.map(str::to_string),
            decided_by: out.decided_by,
            rules,
        },
        peerings[0].clone(),
    ))
}

/// Timing of the watch loop.
const POLL: Duration = Duration::from_millis(500);
/// Silent failures (no TCP session ever) are declared after this long; about 3 connect
/// attempts per side and several times the ~1.2 s it takes a good session to come up.
const WINDOW: f64 = 9.0;

/// The slowest time to Established seen in this run (ms), shared by all scenarios: on a
/// loaded machine the silent-failure window stretches to 3 times it, so a slow start is
/// never mistaken for a silent failure.
static SLOWEST_UP_MS: AtomicU64 = AtomicU64::new(0);

fn silent_window() -> f64 {
    let slowest = SLOWEST_UP_MS.load(Ordering::Relaxed) as f64 / 1000.0;
    WINDOW.max(3.0 * slowest).min(30.0)
}

pub fn run(s: &Scenario, idx: usize, prefix: &str, tagging: &Tagging, work: &Path) -> Outcome {
    let dir = work.join(s.id);
    let result = std::fs::create_dir_all(&dir)
        .map_err(|e| e.to_string())
        .and_then(|_| prepare(s, &dir));
    let (prediction, peering, conf) = match result {
        Ok(v) => v,
        Err(e) => {
            return Outcome {
                scenario: s.clone(),
                prediction: Prediction {
                    state: SessionState::Unknown,
                    notification: None,
                    decided_by: None,
                    rules: Vec::new(),
                },
                observation: Err(e),
            }
        }
    };
    let observation = observe(s, &peering, &conf, &format!("{prefix}{idx}"), tagging, &dir);
    Outcome {
        scenario: s.clone(),
        prediction,
        observation,
    }
}

/// Write the two inputs and ask dxlint.
fn prepare(
    s: &Scenario,
    dir: &Path,
) -> Result<(Prediction, dxlint::model::Peering, std::path::PathBuf), String> {
    let json = scenario::vif_json(s);
    std::fs::write(dir.join("vif.json"), &json).map_err(|e| e.to_string())?;
    let conf = dir.join("frr.conf");
    let text = scenario::frr_config(s, &dir.join("bgpd.log").display().to_string());
    std::fs::write(&conf, &text).map_err(|e| e.to_string())?;
    // Lint what is on disk: the file bgpd reads.
    let on_disk = std::fs::read_to_string(&conf).map_err(|e| e.to_string())?;
    let (p, peering) = match &s.router.firewall {
        // The same router with its firewall, as the VyOS config dxlint reads.
        Some(fw) => {
            let vyos = crate::filter::vyos_config(s, fw);
            std::fs::write(dir.join("vyos.set"), &vyos).map_err(|e| e.to_string())?;
            predict_as(&vyos, &json, Vendor::Vyos)?
        }
        None => predict(&on_disk, &json)?,
    };
    Ok((p, peering, conf))
}

fn observe(
    s: &Scenario,
    peering: &dxlint::model::Peering,
    conf: &Path,
    ns_prefix: &str,
    tagging: &Tagging,
    dir: &Path,
) -> Result<Observation, String> {
    let aws_mtu = s.wiring.aws_mtu.unwrap_or(s.vif.mtu);
    let lab = Lab::build(
        ns_prefix,
        tagging,
        EndSpec {
            vlan: s.router.vlan,
            mtu: s.router.mtu,
            address: s.router.address,
        },
        EndSpec {
            vlan: s.vif.vlan,
            mtu: aws_mtu,
            address: s.vif.amazon_address,
        },
        s.wiring.middle_hop_mtu,
    )?;
    if let Some(lo) = s.router.loopback {
        lab.add_loopback(lo)?;
    }
    if let Some(fw) = &s.router.firewall {
        crate::filter::apply(&lab.customer.ns, s, fw, dir)?;
    }
    if s.router.mtu > aws_mtu || s.wiring.middle_hop_mtu.is_some() {
        // The wire must carry AWS-sized packets and silently lose bigger ones.
        let dst = s.vif.amazon_address.split('/').next().unwrap_or_default();
        let small = aws_mtu.min(s.wiring.middle_hop_mtu.unwrap_or(u32::MAX));
        if !lab.probe(dst, small) || lab.probe(dst, small + 500) {
            return Err(format!(
                "wiring: expected {small}-byte packets to pass and larger ones to vanish"
            ));
        }
    }
    let dev = match tagging {
        Tagging::Kernel8021q => "eth0".to_string(),
        Tagging::Bpf { .. } => format!("eth0.{}", s.router.vlan),
    };
    let tcpdump =
        crate::capture::Tcpdump::start(&lab.customer.ns, &dev, &dir.join("customer.pcap"));
    let aws_dir = dir.join("aws");
    std::fs::create_dir_all(&aws_dir).map_err(|e| e.to_string())?;
    let customer_ip = s.vif.customer_address.split('/').next().unwrap_or_default();
    let mut aws = match s.aws {
        AwsImpl::Bird => {
            let c = aws_dir.join("bird.conf");
            let log = aws_dir.join("bird.log").display().to_string();
            std::fs::write(&c, aws_side::bird_config(peering, &log)?).map_err(|e| e.to_string())?;
            Daemon::bird(&lab.aws.ns, &aws_dir, &c)?
        }
        AwsImpl::Gobgp => {
            let c = aws_dir.join("gobgpd.toml");
            std::fs::write(&c, aws_side::gobgp_config(peering)?).map_err(|e| e.to_string())?;
            Daemon::gobgp(&lab.aws.ns, &aws_dir, &c, customer_ip)?
        }
    };
    // Start the customer only once the AWS side has loaded its configuration.
    let t0 = Instant::now();
    while !aws.ready() {
        if !aws.alive() || t0.elapsed() > Duration::from_secs(15) {
            return Err(format!(
                "the {} daemon did not come up (see {})",
                s.aws.name(),
                aws_dir.display()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    aws.gobgp_originate(&aws_routes(s.vif.ipv6), s.vif.ipv6)?;
    let mut cust = Daemon::frr(&lab.customer.ns, dir, conf, s.router.neighbor)?;
    let start = Instant::now();
    let mut seen_up = false;
    let mut down_at: Option<f64> = None;
    let mut both_up_since: Option<f64> = None;
    let mut notified_at: Option<f64> = None;
    let mut cust_ever_beyond_idle = false;
    let (mut c, mut a);
    let mut timeline = Vec::new();
    loop {
        std::thread::sleep(POLL);
        let now = start.elapsed().as_secs_f64();
        c = cust.state();
        a = aws.state();
        timeline.push(format!(
            "{now:5.1} router={} ({:?}, up {} dropped {}) aws={} ({:?}, received {:?})",
            c.state, c.last_error, c.established, c.dropped, a.state, a.last_error, a.received
        ));
        let up = |x: &SideState| x.state == "Established";
        if c.state != "Idle" && c.state != "Unknown" {
            cust_ever_beyond_idle = true;
        }
        // A poll is a sample: the counters also catch an up-and-down between two polls.
        if !seen_up && (up(&c) || up(&a) || c.established > 0) {
            seen_up = true;
            SLOWEST_UP_MS.fetch_max((now * 1000.0) as u64, Ordering::Relaxed);
        }
        if seen_up && down_at.is_none() && (c.dropped > 0 || (!up(&c) && !up(&a))) {
            down_at = Some(now);
        }
        // Stable means both up for the settle time once AWS has the routes (a black-holed
        // UPDATE never arrives: the session then ends as EstablishedNoRoutes or torn down).
        let routes_in = s.router.prefixes == 0 || a.received.unwrap_or(0) > 0;
        if seen_up && down_at.is_none() && up(&c) && up(&a) && routes_in {
            let since = *both_up_since.get_or_insert(now);
            if now - since >= s.settle_s {
                break;
            }
        } else {
            both_up_since = None;
        }
        if !seen_up
            && (c.notification.is_some() || a.last_error.as_deref().is_some_and(is_notification))
        {
            // An OPEN error does not heal without a config change.
            if now - *notified_at.get_or_insert(now) >= 1.0 {
                break;
            }
        }
        if down_at.is_some_and(|d| now - d >= 1.5) {
            break;
        }
        // A session past TCP (OPENs on the way) may still come up: give it a few seconds
        // more, after which it is stuck there.
        let window = silent_window();
        if !seen_up && now >= window && (!(opening(&c) || opening(&a)) || now >= window + 4.0) {
            break;
        }
        if now >= window + s.settle_s + 10.0 {
            break;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    // Kept with the configs and logs for a post-mortem.
    let _ = std::fs::write(dir.join("timeline.txt"), timeline.join("\n") + "\n");
    let notification = c.notification.as_ref().map(|(code, received)| {
        format!(
            "{code}, sent by {}",
            if *received { "AWS" } else { "the router" }
        )
    });
    let state = if seen_up {
        if down_at.is_some() {
            SessionState::EstablishedThenIdle
        } else if a.received.unwrap_or(0) == 0 {
            SessionState::EstablishedNoRoutes
        } else {
            SessionState::Established
        }
    } else if notification.is_some()
        || a.last_error.as_deref().is_some_and(is_notification)
        || opening(&c)
        || opening(&a)
    {
        // Refused by NOTIFICATION, or stuck with the OPENs half exchanged.
        SessionState::OpenSent
    } else if !cust_ever_beyond_idle {
        SessionState::Idle
    } else {
        SessionState::Active
    };
    let md5_drops = [("router", &lab.customer.ns), ("AWS", &lab.aws.ns)]
        .iter()
        .filter_map(|(who, ns)| {
            let d = Lab::md5_drops(ns);
            (!d.is_empty()).then(|| format!("{who}: {d}"))
        })
        .collect::<Vec<_>>()
        .join("; ");
    if let Some(t) = tcpdump {
        t.finish(s.id, dir);
    }
    crate::capture::save_frr_show(s.id, dir, s.router.neighbor);
    drop(cust);
    drop(aws);
    drop(lab);
    Ok(Observation {
        state,
        customer: c,
        aws: a,
        notification,
        md5_drops,
        rejected: rejected_lines(dir),
        seconds,
    })
}

/// Lines of the config bgpd refused, from its log (`… Config Failed on config line N: …`).
fn rejected_lines(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = ["bgpd.log", "bgpd.out"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(dir.join(f)).ok())
        .flat_map(|text| {
            text.lines()
                .filter(|l| l.contains("on config line"))
                .filter_map(|l| l.split_once(": ").map(|(_, rest)| rest))
                .filter_map(|l| l.split_once(": ").map(|(_, line)| line.trim().to_string()))
                .collect::<Vec<_>>()
        })
        .filter(|l| !l.starts_with("ip address") && !l.starts_with("ipv6 address"))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// TCP is up and OPENs are being exchanged.
fn opening(x: &SideState) -> bool {
    matches!(x.state.as_str(), "OpenSent" | "OpenConfirm")
}

/// BIRD's wording for an OPEN refused by NOTIFICATION (either direction).
fn is_notification(e: &str) -> bool {
    e.starts_with("Received:") || e.starts_with("BGP Error:") || e.starts_with("NOTIFICATIONs")
}

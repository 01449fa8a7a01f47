//! `dxlint diagnose` on captures built in memory: each capture format and link type, and the
//! session states and rules the analysis must name.

use dxlint::diagnose::synth::{self, Conversation, Writer};
use dxlint::diagnose::{self, Context, SessionReport};
use std::net::IpAddr;
use std::process::Command;

const C: &str = "169.254.100.2";
const A: &str = "169.254.100.1";

fn ipa(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// The frames of a conversation in a pcap (little-endian, microseconds).
fn pcap(frames: &[Vec<u8>]) -> Vec<u8> {
    let mut w = Writer::pcap(1, false, false);
    for (i, f) in frames.iter().enumerate() {
        w.packet(1_700_000_000_000_000_000 + i as u64 * 1_000_000, f, None);
    }
    w.out
}

fn vif_peerings() -> Vec<dxlint::model::Peering> {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/aws/vif-private.json"
    ))
    .unwrap();
    dxlint::aws::vif_json::load(&dxlint::source::SourceFile::new("vif.json", json)).unwrap()
}

fn sessions(bytes: &[u8]) -> Vec<SessionReport> {
    let ctx = Context::default();
    diagnose::diagnose_reader("test.pcap", bytes, &ctx)
        .unwrap()
        .sessions
}

fn only(bytes: &[u8]) -> SessionReport {
    let s = sessions(bytes);
    assert_eq!(s.len(), 1, "{s:#?}");
    s.into_iter().next().unwrap()
}

/// A clean session: handshake, OPENs, KEEPALIVEs, 3 prefixes from the customer.
fn established(tags: &[u16]) -> Vec<Vec<u8>> {
    let mut c = Conversation::new(ipa(C), ipa(A));
    c.tags = [tags.to_vec(), tags.to_vec()];
    let mut f = c.handshake(0);
    f.push(c.data(0, &synth::bgp_open(65010, 90, [1, 1, 1, 1], &[(1, 1)])));
    f.push(c.data(1, &synth::bgp_open(64512, 90, [2, 2, 2, 2], &[(1, 1)])));
    f.push(c.data(0, &synth::bgp_keepalive()));
    f.push(c.data(1, &synth::bgp_keepalive()));
    f.push(c.data(0, &synth::bgp_update_v4(0, 3)));
    f.push(c.ack(1));
    f
}

#[test]
fn established_session_and_its_open() {
    let s = only(&pcap(&established(&[101])));
    assert_eq!(s.observed_state, "Established");
    assert_eq!(
        s.customer.as_deref(),
        Some(C),
        "the first SYN names the customer"
    );
    assert_eq!(s.vlan, Some(101));
    assert!(s.rules.is_empty(), "{:?}", s.rules);
    let ev = s.evidence.join("\n");
    assert!(ev.contains("AS 65010, hold time 90"), "{ev}");
    assert!(ev.contains("announced 3 IPv4 unicast"), "{ev}");
    assert!(ev.contains("packet 4 ("), "{ev}");
}

#[test]
fn every_container_format_reads_the_same() {
    let frames = established(&[]);
    let mut outs = Vec::new();
    for (be, nanos) in [(false, false), (true, false), (false, true), (true, true)] {
        let mut w = Writer::pcap(1, be, nanos);
        for (i, f) in frames.iter().enumerate() {
            w.packet(1_000_000_000 + i as u64 * 1_500, f, None);
        }
        outs.push(w.out);
    }
    for (be, res) in [(false, 6), (true, 6), (false, 9), (true, 9)] {
        let mut w = Writer::pcapng(1, be, res);
        for (i, f) in frames.iter().enumerate() {
            w.packet(1_000_000_000 + i as u64 * 1_500, f, None);
        }
        outs.push(w.out);
    }
    for bytes in outs {
        let s = only(&bytes);
        assert_eq!(s.observed_state, "Established");
        assert!(
            s.evidence
                .iter()
                .any(|e| e.contains("packet 4 (0.000 s)") || e.contains("packet 4 (0.004 s)")),
            "{:?}",
            s.evidence
        );
    }
}

#[test]
fn nanosecond_timestamps_are_kept() {
    let mut w = Writer::pcap(1, false, true);
    for (i, f) in established(&[]).iter().enumerate() {
        w.packet(5_000_000_000 + i as u64 * 1_234_567, f, None);
    }
    let s = only(&w.out);
    assert!(
        s.evidence.iter().any(|e| e.contains("packet 4 (0.004 s)")),
        "{:?}",
        s.evidence
    );
}

#[test]
fn linux_cooked_captures_and_q_in_q() {
    for lt in [113u32, 276] {
        let mut w = Writer::pcap(lt, false, false);
        for (i, f) in established(&[]).iter().enumerate() {
            // Strip the 14-byte Ethernet header and wrap the IP packet in SLL / SLL2.
            let et = u16::from_be_bytes([f[12], f[13]]);
            let inner = if lt == 113 {
                synth::sll(et, &f[14..])
            } else {
                synth::sll2(et, &f[14..])
            };
            w.packet(i as u64 * 1000, &inner, None);
        }
        assert_eq!(only(&w.out).observed_state, "Established", "linktype {lt}");
    }
    let s = only(&pcap(&established(&[300, 101])));
    assert_eq!(s.observed_state, "Established");
    assert!(s.rules.contains(&"DX103"), "{:?}", s.rules);
    assert_eq!(s.vlan, Some(101));
}

#[test]
fn bad_peer_as_from_amazon_is_dx301() {
    let mut c = Conversation::new(ipa(C), ipa(A));
    let mut f = c.handshake(0);
    f.push(c.data(0, &synth::bgp_open(65001, 90, [1, 1, 1, 1], &[(1, 1)])));
    f.push(c.data(1, &synth::bgp_open(64512, 90, [2, 2, 2, 2], &[(1, 1)])));
    f.push(c.data(1, &synth::bgp_notification(2, 2)));
    f.push(c.fin(1));
    let s = only(&pcap(&f));
    assert_eq!(s.observed_state, "OpenSent");
    let n = s.notification.as_ref().unwrap();
    assert_eq!((n.code, n.subcode, n.sent_by), (2, 2, "amazon"));
    assert_eq!(s.rules, vec!["DX301"]);
    assert!(s
        .evidence
        .iter()
        .any(|e| e.contains("2/2 OPEN Message Error: Bad Peer AS")));
}

#[test]
fn md5_on_one_side_and_on_both() {
    for (cm, am, rule) in [
        (false, true, "DX401"),
        (true, false, "DX402"),
        (true, true, "DX403"),
    ] {
        let mut c = Conversation::new(ipa(C), ipa(A));
        c.md5 = [cm, am];
        let mut f = vec![c.syn(0)];
        c.ports = [179, 41000];
        f.push(c.syn(1));
        f.push(c.syn(0));
        let s = only(&pcap(&f));
        assert_eq!(s.observed_state, "Active");
        assert_eq!(s.rules, vec![rule], "{:?}", s.evidence);
    }
}

#[test]
fn vlan_mismatch_seen_in_unanswered_arp() {
    let req_c = synth::arp(true, [169, 254, 100, 2], [169, 254, 100, 1]);
    let req_a = synth::arp(true, [169, 254, 100, 1], [169, 254, 100, 2]);
    let f = vec![
        synth::ethernet(1, &[102], 0x0806, &req_c),
        synth::ethernet(2, &[101], 0x0806, &req_a),
        synth::ethernet(1, &[102], 0x0806, &req_c),
    ];
    let s = only(&pcap(&f));
    assert_eq!(s.observed_state, "Active");
    assert_eq!(s.rules, vec!["DX101"]);
    assert!(
        s.evidence.iter().any(|e| e.contains("never answered")),
        "{:?}",
        s.evidence
    );
}

#[test]
fn prefix_limit_teardown_is_dx701_and_survives_segmentation() {
    let mut c = Conversation::new(ipa(C), ipa(A));
    let mut f = c.handshake(0);
    f.push(c.data(0, &synth::bgp_open(65010, 90, [1, 1, 1, 1], &[(1, 1)])));
    f.push(c.data(1, &synth::bgp_open(64512, 90, [2, 2, 2, 2], &[(1, 1)])));
    f.push(c.data(0, &synth::bgp_keepalive()));
    f.push(c.data(1, &synth::bgp_keepalive()));
    // 101 prefixes in one UPDATE, sent as three segments with the last two swapped.
    let upd = synth::bgp_update_v4(0, 101);
    let (p1, rest) = upd.split_at(100);
    let (p2, p3) = rest.split_at(150);
    let s1 = c.data(0, p1);
    let s2 = c.data(0, p2);
    let s3 = c.data(0, p3);
    f.extend([s1, s3, s2.clone(), s2]);
    f.push(c.data(1, &synth::bgp_notification(6, 1)));
    let s = only(&pcap(&f));
    assert_eq!(s.observed_state, "EstablishedThenIdle");
    assert!(s.rules.contains(&"DX701"), "{:?}", s.rules);
    assert!(
        s.evidence.iter().any(|e| e.contains("announced 101 IPv4")),
        "{:?}",
        s.evidence
    );
}

#[test]
fn nothing_advertised_and_neighbor_refusing() {
    let mut f = established(&[]);
    f.pop();
    f.pop();
    let s = only(&pcap(&f));
    assert_eq!(s.observed_state, "EstablishedNoRoutes");
    assert_eq!(s.rules, vec!["DX705"]);

    // AWS connects, the router resets: the router's neighbor is down (Idle).
    let mut c = Conversation::new(ipa(A), ipa(C));
    let f = vec![c.syn(0), c.rst(1), c.syn(0), c.rst(1)];
    // Without AWS data the first SYN would name AWS the customer: give the VIF.
    let peerings = vif_peerings();
    let ctx = Context {
        peerings: &peerings,
        lint: None,
    };
    let r = diagnose::diagnose_reader("t", &pcap(&f)[..], &ctx).unwrap();
    let s = &r.sessions[0];
    assert_eq!(s.customer.as_deref(), Some(C));
    assert_eq!(s.observed_state, "Idle");
    assert!(
        s.rules.contains(&"DX801") && s.rules.contains(&"DX804"),
        "{:?}",
        s.rules
    );
}

#[test]
fn snap_length_and_truncated_tail_are_tolerated() {
    let frames = established(&[]);
    let mut w = Writer::pcap(1, false, false);
    for (i, f) in frames.iter().enumerate() {
        // Packet 4 (the customer's OPEN) cut to 60 bytes.
        w.packet(i as u64, f, (i == 3).then_some(60));
    }
    let mut bytes = w.out;
    bytes.truncate(bytes.len() - 7);
    let r = diagnose::diagnose_reader("cut.pcap", &bytes[..], &Context::default()).unwrap();
    assert!(
        r.notes.iter().any(|n| n.contains("snap length")),
        "{:?}",
        r.notes
    );
    assert!(
        r.notes.iter().any(|n| n.contains("cut short")),
        "{:?}",
        r.notes
    );
    assert_eq!(r.sessions.len(), 1);
}

#[test]
fn garbage_and_corrupt_records_are_errors_not_panics() {
    let ctx = Context::default();
    let e = diagnose::diagnose_reader("x", &b"hello world\n"[..], &ctx).unwrap_err();
    assert!(e.to_string().contains("x") || format!("{e:?}").contains("neither"));
    let mut bad = Writer::pcap(1, false, false).out;
    bad.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0]);
    let e = diagnose::diagnose_reader("bad.pcap", &bad[..], &ctx).unwrap_err();
    assert!(format!("{e:?}").contains("at byte 24"), "{e:?}");
    // Random bytes after a valid header never panic.
    let mut seed = 7u64;
    for _ in 0..200 {
        let mut b = Writer::pcap(1, false, false).out;
        for _ in 0..300 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            b.push((seed >> 33) as u8);
        }
        let _ = diagnose::diagnose_reader("r", &b[..], &ctx);
    }
}

#[test]
fn cli_json_contract_and_exit_codes() {
    let dir = std::env::temp_dir().join(format!("dxlint-diag-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.pcap");
    std::fs::write(&good, pcap(&established(&[101]))).unwrap();
    let mut c = Conversation::new(ipa(C), ipa(A));
    let mut f = c.handshake(0);
    f.push(c.data(0, &synth::bgp_open(65010, 0, [1, 1, 1, 1], &[(1, 1)])));
    f.push(c.data(1, &synth::bgp_notification(2, 6)));
    let bad = dir.join("hold0.pcap");
    std::fs::write(&bad, pcap(&f)).unwrap();
    let bin = env!("CARGO_BIN_EXE_dxlint");
    let vif = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/aws/vif-private.json");

    let out = Command::new(bin)
        .arg("diagnose")
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = Command::new(bin)
        .args(["diagnose", "--format", "json", "--vif-json", vif])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let s = &v["sessions"][0];
    let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
    for k in [
        "customer",
        "amazon",
        "vlan",
        "peering",
        "observed_state",
        "notification",
        "rules",
        "evidence",
        "predicted_state",
        "agrees",
    ] {
        assert!(keys.contains(&k), "missing {k}: {keys:?}");
    }
    assert_eq!(s["customer"], C);
    assert_eq!(s["amazon"], A);
    assert_eq!(s["observed_state"], "OpenSent");
    assert_eq!(s["notification"]["sent_by"], "amazon");
    assert_eq!(s["peering"], "dxvif-ffab1234/ipv4");
    assert_eq!(s["rules"], serde_json::json!(["DX601"]));

    let txt = dir.join("notes.txt");
    std::fs::write(&txt, "just some notes\n").unwrap();
    let out = Command::new(bin)
        .arg("diagnose")
        .arg(&txt)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("notes.txt"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// IKEv2 on UDP 4500 (after the non-ESP marker) and ESP-in-UDP in one direction only.
#[test]
fn ike_over_nat_t_and_esp_one_way() {
    let (cgw, aws) = (ipa("192.0.2.10"), ipa("203.0.113.10"));
    let ike = |response: bool, notify: Option<u16>| {
        let mut h = vec![1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0];
        h.push(if notify.is_some() { 41 } else { 0 });
        h.extend_from_slice(&[0x20, 34, if response { 0x20 } else { 0x08 }, 0, 0, 0, 0]);
        let mut body = Vec::new();
        if let Some(t) = notify {
            body.extend_from_slice(&[0, 0, 0, 8, 0, 0]);
            body.extend_from_slice(&t.to_be_bytes());
        }
        h.extend_from_slice(&((28 + body.len()) as u32).to_be_bytes());
        h.extend_from_slice(&body);
        h
    };
    let udp = |from: IpAddr, to: IpAddr, payload: &[u8]| {
        let mut u = vec![0x11, 0x94, 0x11, 0x94];
        u.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
        u.extend_from_slice(&[0, 0]);
        u.extend_from_slice(payload);
        let (et, p) = synth::ip(from, to, 17, 64, &u);
        synth::ethernet(1, &[], et, &p)
    };
    let marked = |m: Vec<u8>| [&[0u8, 0, 0, 0][..], &m].concat();
    let esp = [0u8, 0, 0x10, 0x01, 0, 0, 0, 1, 0xde, 0xad];
    let f = vec![
        udp(cgw, aws, &marked(ike(false, None))),
        udp(aws, cgw, &marked(ike(true, Some(14)))),
        udp(cgw, aws, &esp),
        udp(cgw, aws, &esp),
    ];
    let s = only(&pcap(&f));
    assert_eq!(s.observed_state, "Idle");
    assert_eq!(s.rules, vec!["DX905"]);
    let ev = s.evidence.join("\n");
    assert!(ev.contains("NO_PROPOSAL_CHOSEN"), "{ev}");
    assert!(ev.contains("ESP flows in one direction only"), "{ev}");
}

/// More address pairs than the analysis keeps: noted, memory stays bounded.
#[test]
fn pairs_beyond_the_limit_are_counted_not_kept() {
    let mut w = Writer::pcap(1, false, false);
    for i in 0..5000u32 {
        let a = IpAddr::from([10, (i >> 16) as u8, (i >> 8) as u8, i as u8]);
        let mut c = Conversation::new(a, ipa("10.255.255.254"));
        w.packet(u64::from(i), &c.syn(0), None);
    }
    let r = diagnose::diagnose_reader("many", &w.out[..], &Context::default()).unwrap();
    assert_eq!(r.packets, 5000);
    assert!(
        r.notes.iter().any(|n| n.contains("not analysed")),
        "{:?}",
        r.notes
    );
    assert_eq!(r.sessions.len(), 4096);
}

/// A capture that starts mid-message, and a segment the snap length cut: the messages after
/// them are still read (the stream resynchronises on the next BGP marker).
#[test]
fn streams_resynchronise_after_missing_bytes() {
    let mut c = Conversation::new(ipa(C), ipa(A));
    let open_c = synth::bgp_open(65010, 90, [1, 1, 1, 1], &[(1, 1)]);
    // The tail of an earlier OPEN (no SYN seen), then the rest of the session.
    let mut f = vec![c.data(0, &open_c[25..])];
    f.push(c.data(1, &synth::bgp_open(64512, 90, [2, 2, 2, 2], &[(1, 1)])));
    f.push(c.data(0, &open_c));
    f.push(c.data(0, &synth::bgp_update_v4(0, 40)));
    f.push(c.data(0, &synth::bgp_keepalive()));
    f.push(c.data(1, &synth::bgp_keepalive()));
    f.push(c.data(0, &synth::bgp_update_v4(100, 3)));
    let mut w = Writer::pcap(1, false, false);
    for (i, fr) in f.iter().enumerate() {
        // The 40-prefix UPDATE (packet 4) is cut to 80 bytes.
        w.packet(i as u64 * 1000, fr, (i == 3).then_some(80));
    }
    // No SYN in the capture: the VIF names the sides.
    let peerings = vif_peerings();
    let ctx = Context {
        peerings: &peerings,
        lint: None,
    };
    let r = diagnose::diagnose_reader("t", &w.out[..], &ctx).unwrap();
    let s = &r.sessions[0];
    assert_eq!(s.observed_state, "Established", "{:#?}", s.evidence);
    assert!(
        s.evidence.iter().any(|e| e.contains("announced 3 IPv4")),
        "{:#?}",
        s.evidence
    );
}

/// Full-size segments retransmitted until the hold timer expires: a path MTU black hole.
#[test]
fn full_size_retransmissions_then_hold_timer_is_dx501() {
    let mut c = Conversation::new(ipa(C), ipa(A));
    c.mss = [8960, 1460];
    let mut f = c.handshake(0);
    f.push(c.data(
        0,
        &synth::bgp_open(4_200_000_001, 90, [1, 1, 1, 1], &[(1, 1)]),
    ));
    f.push(c.data(1, &synth::bgp_open(64512, 90, [2, 2, 2, 2], &[(1, 1)])));
    f.push(c.data(0, &synth::bgp_keepalive()));
    f.push(c.data(1, &synth::bgp_keepalive()));
    // A 1,460-byte UPDATE segment (AWS's MSS), sent and retransmitted 4 times.
    let upd = synth::bgp_update_v4(0, 400);
    let seq = c.seq[0];
    for _ in 0..5 {
        c.seq[0] = seq;
        f.push(c.data(0, &upd[..1460]));
    }
    f.push(c.data(1, &synth::bgp_notification(4, 0)));
    let s = only(&pcap(&f));
    assert_eq!(s.observed_state, "EstablishedThenIdle");
    assert!(s.rules.contains(&"DX501"), "{:?}", s.rules);
    let ev = s.evidence.join("\n");
    assert!(ev.contains("retransmitted 4 time(s)"), "{ev}");
    assert!(
        ev.contains("AS 4200000001 (My AS 23456, 4-byte AS capability)"),
        "{ev}"
    );
    assert!(ev.contains("4/0 Hold Timer Expired"), "{ev}");
}

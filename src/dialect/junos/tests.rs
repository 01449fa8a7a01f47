//! Extractor tests on small configurations in both forms, and on the shared corpus when present.

use super::*;
use crate::model::{Afi, Interface, Neighbor, Password, RemoteAs};
use crate::secret::Secret;
use std::fmt::Write;

/// Extract, checking on the way that the streaming and whole-file readings agree.
fn model(name: &str, text: &str) -> RouterModel {
    assert_ne!(
        streaming_matches_whole(text),
        Some(false),
        "streaming and whole-file readings differ"
    );
    extract(&SourceFile::new(name, text))
}

fn fixture(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/junos")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Everything the extractor fills, without spans (they differ between the forms) but with
/// whether each value has one.
pub(super) fn summary(m: &RouterModel) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "host {:?}", m.hostname);
    for i in &m.interfaces {
        let _ = writeln!(
            s,
            "if {} parent={:?} vlan={:?} tagging={:?} mtu={:?} disabled={} vrf={:?} desc={:?} addrs={:?}",
            i.name,
            i.parent,
            i.vlan.as_ref().map(|v| v.value),
            i.tagging_enabled,
            i.mtu.as_ref().map(|m| m.value),
            i.disabled.is_some(),
            i.vrf,
            i.description,
            i.addresses.iter().map(|a| a.net.to_string()).collect::<Vec<_>>()
        );
    }
    for p in &m.bgp {
        let _ = writeln!(
            s,
            "bgp vrf={:?} as={:?} rid={:?} timers={:?}",
            p.vrf,
            p.local_as.as_ref().map(|a| a.value),
            p.router_id.as_ref().map(|a| a.value),
            p.timers.as_ref().map(|t| t.value)
        );
        for n in &p.neighbors {
            let _ = writeln!(
                s,
                "  nb {} group={:?} remote={:?} local={:?} pw={} timers={:?} la={:?} mh={:?} bfd={} shut={} desc={:?}",
                n.addr,
                n.group,
                n.remote_as.as_ref().map(|r| r.value),
                n.rare().local_as.as_ref().map(|r| r.value),
                match n.password.as_ref().map(|p| &p.value) {
                    None => "none".to_string(),
                    Some(Password::Known(k)) => format!("{k:?}"),
                    Some(Password::Unverifiable(w)) => format!("unverifiable {w}"),
                },
                n.timers.as_ref().map(|t| t.value),
                n.rare().local_address.as_ref().map(|t| t.value),
                n.rare().ebgp_multihop.as_ref().map(|t| t.value),
                n.bfd.is_some(),
                n.rare().shutdown.is_some(),
                n.description,
            );
            for f in &n.families {
                let mut pfx: Vec<String> = f
                    .advertised
                    .prefixes
                    .iter()
                    .map(|p| p.value.to_string())
                    .collect();
                pfx.sort();
                let _ = writeln!(
                    s,
                    "    fam {:?} active={} max={:?} adv={:?} unbounded={:?} default={}",
                    f.afi,
                    f.activated.is_some(),
                    f.maximum_prefix.as_ref().map(|m| m.value),
                    pfx,
                    f.advertised.unbounded.as_ref().map(|u| u.value.clone()),
                    f.advertised.default_originate.is_some()
                );
            }
        }
    }
    for p in &m.ipsec.ike_proposals {
        let _ = writeln!(
            s,
            "ike {} enc={:?} int={:?} dh={:?} life={:?}",
            p.name,
            p.encryption,
            p.integrity,
            p.dh_groups,
            p.lifetime.as_ref().map(|l| l.value)
        );
    }
    for p in &m.ipsec.ipsec_proposals {
        let _ = writeln!(
            s,
            "esp {} enc={:?} int={:?} pfs={:?} life={:?}",
            p.name,
            p.encryption,
            p.integrity,
            p.pfs_group,
            p.lifetime.as_ref().map(|l| l.value)
        );
    }
    for p in &m.ipsec.peers {
        let _ = writeln!(
            s,
            "peer {} addr={:?} ver={:?} psk={} ike={:?} esp={:?} dpd={:?} if={:?}",
            p.name,
            p.address.as_ref().map(|a| a.value),
            p.ike_version.as_ref().map(|v| v.value),
            match p.psk.as_ref().map(|k| &k.value) {
                None => "none".to_string(),
                Some(Password::Known(k)) => format!("{k:?}"),
                Some(Password::Unverifiable(w)) => format!("unverifiable {w}"),
            },
            p.ike_proposals,
            p.ipsec_proposals,
            p.dpd.as_ref().map(|d| d.value),
            p.interface
        );
    }
    for i in &m.interfaces {
        if let Some(t) = &i.tunnel {
            let _ = writeln!(
                s,
                "tunnel {} src={:?} dst={:?} prot={:?} mss={:?}",
                i.name,
                t.source.as_ref().map(|x| x.value.clone()),
                t.destination.as_ref().map(|x| x.value),
                t.protection.as_ref().map(|x| x.value.clone()),
                i.tcp_mss.as_ref().map(|x| x.value)
            );
        }
    }
    let mut problems: Vec<&str> = m.problems.iter().map(|p| p.message.as_str()).collect();
    problems.sort();
    for p in problems {
        let _ = writeln!(s, "problem {p}");
    }
    s
}

fn iface<'m>(m: &'m RouterModel, name: &str) -> &'m Interface {
    m.interface(name)
        .unwrap_or_else(|| panic!("no interface {name}"))
}

fn nb<'m>(m: &'m RouterModel, addr: &str) -> &'m Neighbor {
    let ip: std::net::IpAddr = addr.parse().unwrap();
    m.neighbors()
        .map(|(_, n)| n)
        .find(|n| n.addr == ip)
        .unwrap_or_else(|| panic!("no neighbor {addr}"))
}

fn text_of(t: &str, span: Span) -> &str {
    &t[span.start()..span.end()]
}

#[test]
fn clean_fixture_reads_the_same_in_both_forms() {
    let curly = fixture("clean.conf");
    let set = fixture("clean.set");
    assert!(!is_set_form(&curly));
    assert!(is_set_form(&set));
    let a = model("clean.conf", &curly);
    let b = model("clean.set", &set);
    assert_eq!(summary(&a), summary(&b));
    assert!(a.problems.is_empty(), "{:?}", a.problems);

    assert_eq!(a.hostname.as_deref(), Some("edge1"));
    let u = iface(&a, "ge-0/0/1.101");
    assert_eq!(u.parent.as_deref(), Some("ge-0/0/1"));
    assert_eq!(u.vlan.as_ref().map(|v| v.value.outer), Some(101));
    assert_eq!(u.tagging_enabled, Some(true));
    assert_eq!(u.addresses[0].net.to_string(), "169.254.100.2/30");
    // Media MTU 1518 on a vlan-tagging port: IP MTU 1500, labelled at the media line.
    let mtu = u.mtu.as_ref().unwrap();
    assert_eq!(mtu.value, 1500);
    assert_eq!(text_of(&curly, mtu.span), "mtu 1518;");
    assert_eq!(
        text_of(
            &set,
            b.interface("ge-0/0/1.101")
                .unwrap()
                .mtu
                .as_ref()
                .unwrap()
                .span
        ),
        "set interfaces ge-0/0/1 mtu 1518"
    );
    assert_eq!(text_of(&curly, u.span), "unit 101");
    assert!(a.interface("ge-0/0/1").is_some());
    assert!(a.interface("lo0.0").is_some());

    assert_eq!(a.bgp.len(), 1);
    let p = &a.bgp[0];
    assert_eq!(p.local_as.as_ref().map(|x| x.value), Some(65010));
    assert_eq!(p.vrf, None);
    assert_eq!(text_of(&curly, p.span), "bgp");
    let n = nb(&a, "169.254.100.1");
    assert_eq!(text_of(&curly, n.span), "neighbor 169.254.100.1");
    assert_eq!(
        n.remote_as.as_ref().map(|r| r.value),
        Some(RemoteAs::Number(64512))
    );
    assert_eq!(n.group.as_deref(), Some("AWS"));
    match &n.password.as_ref().unwrap().value {
        Password::Known(k) => assert_eq!(*k, Secret::new("0xDxLintExampleKey01")),
        other => panic!("{other:?}"),
    }
    match (
        &n.password.as_ref().unwrap().value,
        &nb(&b, "169.254.100.1").password.as_ref().unwrap().value,
    ) {
        (Password::Known(x), Password::Known(y)) => assert_eq!(x, y),
        _ => panic!("keys differ"),
    }
    assert_eq!(
        n.timers.as_ref().map(|t| (t.value.hold, t.value.keepalive)),
        Some((90, 30))
    );
    assert!(n.bfd.is_some());
    assert!(n.rare().shutdown.is_none());
    assert_eq!(n.rare().ebgp_multihop, None);
    let f = n.family(Afi::Ipv4).unwrap();
    assert!(f.activated.is_some());
    let mut adv: Vec<String> = f
        .advertised
        .prefixes
        .iter()
        .map(|p| p.value.to_string())
        .collect();
    adv.sort();
    assert_eq!(adv, vec!["10.10.0.0/16", "10.20.0.0/16"]);
    assert!(f.advertised.unbounded.is_none());
    assert!(f.advertised.default_originate.is_none());
    // Each advertised prefix points at its static route.
    assert_eq!(
        text_of(&curly, f.advertised.prefixes[0].span),
        "route 10.10.0.0/16 discard;"
    );
    // Comments: the annotation and the SECRET-DATA marker.
    assert_eq!(a.comments.len(), 2);
    assert_eq!(text_of(&curly, a.comments[1]), "## SECRET-DATA");
    assert_eq!(a.stats.lines, curly.lines().count());
    assert!(a.stats.statements > 20);
}

#[test]
fn features_fixture_reads_the_same_in_both_forms() {
    let curly = fixture("features.conf");
    let set = fixture("features.set");
    let a = model("features.conf", &curly);
    let b = model("features.set", &set);
    assert_eq!(summary(&a), summary(&b));
    let sum = summary(&a);

    assert_eq!(a.hostname.as_deref(), Some("core-1"));
    // Group JUMBO gives xe-0/0/0 media MTU 9192; flexible-vlan-tagging reserves 8 bytes.
    let q = iface(&a, "xe-0/0/0.200");
    assert_eq!(
        q.vlan.as_ref().map(|v| v.value),
        Some(crate::model::VlanTags {
            outer: 200,
            inner: Some(300)
        })
    );
    assert_eq!(q.mtu.as_ref().map(|m| m.value), Some(9192 - 22));
    assert_eq!(text_of(&curly, q.mtu.as_ref().unwrap().span), "mtu 9192;");
    assert_eq!(q.tagging_enabled, Some(true));
    let u = iface(&a, "xe-0/0/0.201");
    assert_eq!(u.mtu.as_ref().map(|m| m.value), Some(9001));
    assert_eq!(text_of(&curly, u.mtu.as_ref().unwrap().span), "mtu 9001;");
    assert_eq!(u.addresses.len(), 2);
    // vlan-id on a port without vlan-tagging; disabled unit; media 1514 = IP 1500.
    let g = iface(&a, "ge-0/0/2.0");
    assert_eq!(g.tagging_enabled, Some(false));
    assert!(g.disabled.is_some());
    assert_eq!(g.mtu.as_ref().map(|m| m.value), Some(1500));
    // Deactivated port: kept, down, pointing at the tag.
    let d = iface(&a, "ge-0/0/3");
    assert_eq!(text_of(&curly, d.disabled.unwrap()), "inactive: ge-0/0/3");
    assert_eq!(
        text_of(&set, iface(&b, "ge-0/0/3").disabled.unwrap()),
        "deactivate interfaces ge-0/0/3"
    );
    assert!(a.disabled_span(iface(&a, "ge-0/0/3.0")).is_some());
    assert_eq!(iface(&a, "ge-0/0/5.10").vrf.as_deref(), Some("CUST-A"));
    assert!(iface(&a, "ge-0/0/4.404").vlan.is_none());

    // Problems: vlan-id 5000, bad address, peer-as abc, neighbor abc.
    assert_eq!(a.problems.len(), 4, "{:?}", a.problems);
    assert!(sum.contains("vlan-id 5000 is outside 1–4094"));
    assert!(sum.contains("'203.0.113.300/30' is not an IP prefix"));
    assert!(sum.contains("peer-as 'abc' is not an AS number"));
    assert!(sum.contains("neighbor 'abc' is not an IP address"));

    // asdot 1.10 = 65546; the VRF inherits it.
    assert_eq!(a.bgp.len(), 2);
    assert_eq!(a.bgp[0].local_as.as_ref().map(|x| x.value), Some(65546));
    assert_eq!(a.bgp[1].vrf.as_deref(), Some("CUST-A"));
    assert_eq!(a.bgp[1].local_as.as_ref().map(|x| x.value), Some(65546));

    let n = nb(&a, "169.254.200.1");
    assert_eq!(n.rare().local_as.as_ref().map(|x| x.value), Some(65010));
    // Key from group AWS-KEY applied at the group, hold time from BGP-COMMON (<*>).
    match &n.password.as_ref().unwrap().value {
        Password::Known(k) => assert_eq!(*k, Secret::new("plain-key-1")),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        text_of(&curly, n.password.as_ref().unwrap().span),
        "authentication-key \"plain-key-1\";"
    );
    assert_eq!(n.timers.as_ref().map(|t| t.value.hold), Some(30));
    assert!(n.bfd.is_some());
    let f = n.family(Afi::Ipv4).unwrap();
    assert_eq!(f.maximum_prefix.as_ref().map(|m| m.value), Some(100));
    let mut adv: Vec<String> = f
        .advertised
        .prefixes
        .iter()
        .map(|p| p.value.to_string())
        .collect();
    adv.sort();
    assert_eq!(adv, vec!["172.16.0.0/16", "172.16.0.0/24", "172.16.1.0/24"]);
    assert!(
        f.advertised.unbounded.is_none(),
        "{:?}",
        f.advertised.unbounded
    );

    let n = nb(&a, "169.254.201.1");
    assert_eq!(n.rare().ebgp_multihop.as_ref().map(|m| m.value), Some(2));
    assert_eq!(n.timers.as_ref().map(|t| t.value.hold), Some(90));
    assert!(matches!(
        n.password.as_ref().unwrap().value,
        Password::Unverifiable("junos $8$")
    ));

    let n = nb(&a, "169.254.202.1");
    assert_eq!(
        text_of(&curly, n.rare().shutdown.unwrap()),
        "inactive: neighbor 169.254.202.1"
    );

    // apply-groups-except: no hold time or BFD from BGP-COMMON; no family configured:
    // inet unicast only, so the IPv6 family is present but not active.
    let n = nb(&a, "2001:db8:1100:2f0:0:1:9cb4:4211");
    assert!(n.timers.is_none());
    assert!(n.bfd.is_none());
    assert!(n.family(Afi::Ipv4).unwrap().activated.is_some());
    assert!(n.family(Afi::Ipv6).unwrap().activated.is_none());
    // No export policy, and other BGP neighbors exist: unbounded.
    let u = n
        .family(Afi::Ipv4)
        .unwrap()
        .advertised
        .unbounded
        .as_ref()
        .unwrap();
    assert!(u.value.contains("no export policy"), "{}", u.value);
    assert!(
        u.value.contains("10.255.0.2") && u.value.contains("192.0.2.1"),
        "{}",
        u.value
    );
    assert!(
        !u.value.contains("169.254.200.1"),
        "same AS is not sent back: {}",
        u.value
    );

    let n = nb(&a, "10.255.0.2");
    assert_eq!(
        n.remote_as.as_ref().map(|r| r.value),
        Some(RemoteAs::Internal)
    );
    assert_eq!(
        n.rare()
            .local_address
            .as_ref()
            .map(|x| x.value.to_string())
            .as_deref(),
        Some("10.255.0.1")
    );

    let n = nb(&a, "192.0.2.1");
    assert_eq!(
        n.remote_as.as_ref().map(|r| r.value),
        Some(RemoteAs::Number(65100))
    );
    let f = n.family(Afi::Ipv4).unwrap();
    assert!(f
        .advertised
        .unbounded
        .as_ref()
        .unwrap()
        .value
        .contains("ospf"));
    // Statics accepted (172.18.0.0/24 is no-readvertise).
    assert_eq!(f.advertised.prefixes.len(), 3);

    let n = nb(&a, "10.1.1.2");
    let f = n.family(Afi::Ipv4).unwrap();
    assert!(f.advertised.default_originate.is_some());
    assert_eq!(f.advertised.prefixes.len(), 1);
    assert!(f.advertised.unbounded.is_none());
}

#[test]
fn vpn_fixture_reads_the_same_in_both_forms() {
    let curly = fixture("vpn.conf");
    let set = fixture("vpn.set");
    let a = model("vpn.conf", &curly);
    let b = model("vpn.set", &set);
    assert_eq!(summary(&a), summary(&b));
    assert!(a.problems.is_empty(), "{:?}", a.problems);
    let ike = &a.ipsec.ike_proposals[0];
    // Normalised names (see `dialect::ipsec_names`): aes-256-cbc, sha-256.
    assert_eq!(ike.encryption, vec!["aes256"]);
    assert_eq!(ike.integrity, vec!["sha2-256"]);
    assert_eq!(ike.dh_groups, vec![14]);
    assert_eq!(ike.lifetime.as_ref().map(|l| l.value), Some(28800));
    let esp = &a.ipsec.ipsec_proposals[0];
    assert_eq!(esp.integrity, vec!["sha2-256"], "hmac-sha-256-128");
    assert_eq!(esp.pfs_group, Some(14));
    assert_eq!(a.ipsec.peers.len(), 2);
    let p = &a.ipsec.peers[0];
    assert_eq!(p.name, "GW-T1");
    assert_eq!(
        p.address.as_ref().map(|x| x.value.to_string()).as_deref(),
        Some("203.0.113.10")
    );
    assert_eq!(p.ike_version.as_ref().map(|v| v.value), Some(2));
    assert_eq!(p.interface.as_deref(), Some("st0.1"));
    assert_eq!(p.ike_proposals, vec!["AWS-P1"]);
    assert_eq!(p.ipsec_proposals, vec!["AWS-P2"]);
    assert_eq!(p.dpd.as_ref().map(|d| d.value), Some(10));
    match &p.psk.as_ref().unwrap().value {
        Password::Known(k) => assert_eq!(*k, Secret::new("Tunnel1_psk.example1")),
        other => panic!("{other:?}"),
    }
    let st = iface(&a, "st0.1");
    let t = st.tunnel.as_ref().unwrap();
    assert_eq!(
        t.destination
            .as_ref()
            .map(|x| x.value.to_string())
            .as_deref(),
        Some("203.0.113.10")
    );
    assert_eq!(
        t.source.as_ref().map(|x| x.value.as_str()),
        Some("ge-0/0/0.0")
    );
    assert_eq!(st.tcp_mss.as_ref().map(|x| x.value), Some(1379));
    assert_eq!(st.mtu.as_ref().map(|x| x.value), Some(1436));
    // BGP over both tunnels advertises the LAN.
    let n = nb(&a, "169.254.20.1");
    let f = n.family(Afi::Ipv4).unwrap();
    assert_eq!(f.advertised.prefixes.len(), 1);
    assert_eq!(n.timers.as_ref().map(|t| t.value.hold), Some(30));
    // Without `version`, Junos speaks IKEv1: a default with an empty span.
    let m = model("v1", "set security ike gateway G address 192.0.2.1\n");
    let v = m.ipsec.peers[0].ike_version.as_ref().unwrap();
    assert_eq!(v.value, 1);
    assert!(v.span.is_empty());
    // The tunnel fix names the gateway.
    assert_eq!(
        render_fix(
            &Fix::TunnelDestination {
                interface: "st0.2".into(),
                address: "203.0.113.21".parse().unwrap()
            },
            &a
        ),
        "set security ike gateway GW-T2 address 203.0.113.21"
    );
}

#[test]
fn interface_forms_and_mtu_normalisation() {
    let m = model(
        "x",
        "interfaces {\n  xe-1/0/0 { stacked-vlan-tagging; mtu 9216; unit 5 { vlan-tags outer 5 inner 6; } }\n  ge-0/0/9 { mtu 9014; unit 0 { family inet address 192.0.2.1/31; } }\n  st0 { unit 1 { family inet { address 169.254.255.2/30; mtu 1436; } } }\n  irb { unit 100 { family inet { address 10.0.0.1/24; tcp-mss 1380; } } }\n  ae0 { vlan-tagging; unit 7 { vlan-id $junos-vlan-id; } }\n}\n",
    );
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(
        iface(&m, "xe-1/0/0.5").mtu.as_ref().map(|x| x.value),
        Some(9216 - 22)
    );
    assert_eq!(
        iface(&m, "xe-1/0/0").mtu.as_ref().map(|x| x.value),
        Some(9216 - 22)
    );
    assert_eq!(
        iface(&m, "ge-0/0/9.0").mtu.as_ref().map(|x| x.value),
        Some(9000)
    );
    assert_eq!(iface(&m, "ge-0/0/9.0").tagging_enabled, Some(false));
    assert_eq!(iface(&m, "st0.1").mtu.as_ref().map(|x| x.value), Some(1436));
    assert_eq!(iface(&m, "st0.1").tagging_enabled, None);
    assert_eq!(
        iface(&m, "irb.100").tcp_mss.as_ref().map(|x| x.value),
        Some(1380)
    );
    assert!(iface(&m, "ae0.7").vlan.is_none());
    assert_eq!(iface(&m, "ae0.7").tagging_enabled, Some(true));

    let m = model("y", "set interfaces st0.1 family inet address 169.254.255.2/30\nset interfaces st0.1 family inet mtu 1436\n");
    let u = iface(&m, "st0.1");
    assert_eq!(u.parent.as_deref(), Some("st0"));
    assert_eq!(u.mtu.as_ref().map(|x| x.value), Some(1436));
    assert!(m.interface("st0").is_some());
}

#[test]
fn malformed_relevant_lines_are_problems() {
    let m = model(
        "bad",
        "set interfaces ge-0/0/1 unit 1 vlan-id abc\nset interfaces ge-0/0/1 unit 2 vlan-tags outer 0x8100.4095\nset interfaces ge-0/0/1 mtu huge\nset interfaces ge-0/0/1 unit 1 family inet address 10.0.0.1/33\nset interfaces ge-0/0/1 unit 1 family inet address 2001:db8::1/64\nset routing-options autonomous-system 4294967296\nset protocols bgp group G neighbor 192.0.2.1 hold-time 70000\nset protocols bgp group G neighbor 192.0.2.1 local-address 1.2.3\nset protocols bgp group G neighbor 192.0.2.1 authentication-key \"$9$CSxptpBREyKv\"\nset protocols bgp group G local-as x1\nset protocols bgp group G type sideways\nset system syslog file messages any notice\n",
    );
    let msgs: Vec<&str> = m.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(msgs.len(), 11, "{msgs:#?}");
    assert!(
        msgs.iter().all(|p| !p.contains("CSxptp")),
        "never print a key"
    );
    // Every problem points at its own line.
    for p in &m.problems {
        assert!(m.problems.iter().filter(|q| q.span == p.span).count() == 1);
    }
    assert!(m.stats.unknown >= 1);
    assert_eq!(m.stats.statements, 12);
}

#[test]
fn unknown_statements_are_counted_not_fatal() {
    let m = model("u", "system { syslog { file messages { any notice; } } }\nchassis { fpc 0 { lite-mode; } }\nsnmp { community public; }\nprotocols { lldp { interface all; } }\n");
    assert_eq!(m.stats.statements, 4);
    assert_eq!(m.stats.unknown, 4);
    assert!(m.problems.is_empty());
    assert_eq!(m.neighbor_count(), 0);
}

#[test]
fn export_policies_are_counted() {
    let base = "set routing-options autonomous-system 65010\nset interfaces ge-0/0/1 unit 0 family inet address 169.254.100.2/30\nset interfaces lo0 unit 0 family inet address 10.255.0.1/32\nset routing-options static route 10.0.0.0/8 discard\nset routing-options static route 10.1.0.0/16 discard\nset routing-options static route 10.1.2.0/24 discard\nset routing-options generate route 0.0.0.0/0 discard\nset protocols bgp group AWS type external\nset protocols bgp group AWS peer-as 64512\nset protocols bgp group AWS neighbor 169.254.100.1\n";
    let count = |extra: &str| {
        let m = model("p", &format!("{base}{extra}"));
        let n = nb(&m, "169.254.100.1");
        let f = n.family(Afi::Ipv4).unwrap().advertised.clone();
        let mut v: Vec<String> = f.prefixes.iter().map(|p| p.value.to_string()).collect();
        v.sort();
        (
            v,
            f.unbounded.map(|u| u.value),
            f.default_originate.is_some(),
        )
    };
    // No export, no other BGP neighbor: nothing (static routes are not BGP routes).
    assert_eq!(count(""), (vec![], None, false));
    // Longest match: 10.1.2.0/24 falls under 10.1.0.0/16 exact, which fails.
    let (v, u, _) = count("set protocols bgp group AWS export E\nset policy-options policy-statement E term A from route-filter 10.0.0.0/8 orlonger\nset policy-options policy-statement E term A from route-filter 10.1.0.0/16 exact\nset policy-options policy-statement E term A then accept\nset policy-options policy-statement E then reject\n");
    // (lo0's 10.255.0.1/32, direct and local, is under 10.0.0.0/8 orlonger.)
    assert_eq!(v, vec!["10.0.0.0/8", "10.1.0.0/16", "10.255.0.1/32"]);
    assert_eq!(u, None);
    // upto and prefix-length-range.
    let (v, _, _) = count("set protocols bgp group AWS export E\nset policy-options policy-statement E term A from route-filter 10.0.0.0/8 upto /16\nset policy-options policy-statement E term A then accept\n");
    assert_eq!(v, vec!["10.0.0.0/8", "10.1.0.0/16"]);
    let (v, _, _) = count("set protocols bgp group AWS export E\nset policy-options policy-statement E term A from route-filter 10.0.0.0/8 prefix-length-range /20-/24\nset policy-options policy-statement E term A then accept\n");
    assert_eq!(v, vec!["10.1.2.0/24"]);
    // direct + interface condition; inline route-filter action.
    let (v, _, _) = count("set protocols bgp group AWS export E\nset policy-options policy-statement E term A from protocol direct\nset policy-options policy-statement E term A from interface lo0.0\nset policy-options policy-statement E term A then accept\nset policy-options policy-statement E term B from route-filter 10.1.2.0/24 exact accept\n");
    assert_eq!(v, vec!["10.1.2.0/24", "10.255.0.1/32"]);
    // Default route via generate: default_originate.
    let (v, _, d) = count("set protocols bgp group AWS export E\nset policy-options policy-statement E term A from protocol aggregate\nset policy-options policy-statement E term A then accept\n");
    assert_eq!(v, vec!["0.0.0.0/0"]);
    assert!(d);
    // Community condition: may match, counted (upper bound); a maybe-reject does not stop.
    let (v, _, _) = count("set protocols bgp group AWS export E\nset policy-options policy-statement E term X from community NO-EXPORT\nset policy-options policy-statement E term X then reject\nset policy-options policy-statement E term A from protocol static\nset policy-options policy-statement E term A then accept\n");
    assert_eq!(v.len(), 3);
    // Undefined policy and policy expressions.
    let (_, u, _) = count("set protocols bgp group AWS export MISSING\n");
    assert!(u.unwrap().contains("MISSING is not defined"));
    // Another eBGP neighbor: the default policy re-advertises its routes.
    let other = "set protocols bgp group ISP type external\nset protocols bgp group ISP peer-as 65100\nset protocols bgp group ISP neighbor 192.0.2.1\n";
    let (_, u, _) = count(other);
    assert!(u.unwrap().contains("192.0.2.1"));
    // A second AWS peer (same AS) is not a source, unless advertise-peer-as.
    let aws2 = "set protocols bgp group AWS neighbor 169.254.101.1\n";
    assert_eq!(count(aws2), (vec![], None, false));
    let (_, u, _) = count(&format!(
        "{aws2}set protocols bgp group AWS advertise-peer-as\n"
    ));
    assert!(u.unwrap().contains("169.254.101.1"));
    // … unless the chain ends with reject; bgp with an exact prefix-list is bounded.
    let (v, u, _) = count(&format!("{other}set protocols bgp group AWS export E\nset policy-options prefix-list PL 192.168.0.0/24\nset policy-options policy-statement E term B from protocol bgp\nset policy-options policy-statement E term B from prefix-list PL\nset policy-options policy-statement E term B then accept\nset policy-options policy-statement E then reject\n"));
    assert_eq!(v, vec!["192.168.0.0/24"]);
    assert_eq!(u, None);
    // bgp with orlonger: unbounded, naming the filter.
    let (_, u, _) = count(&format!("{other}set protocols bgp group AWS export E\nset policy-options policy-statement E term B from protocol bgp\nset policy-options policy-statement E term B from route-filter 192.168.0.0/16 orlonger\nset policy-options policy-statement E term B then accept\nset policy-options policy-statement E then reject\n"));
    assert!(u.unwrap().contains("192.168.0.0/16 orlonger"));
    // Neighbor-level export replaces the group's.
    let (v, _, _) = count("set protocols bgp group AWS export NONE\nset protocols bgp group AWS neighbor 169.254.100.1 export E\nset policy-options policy-statement NONE then reject\nset policy-options policy-statement E from route-filter 10.1.0.0/16 exact\nset policy-options policy-statement E then accept\n");
    assert_eq!(v, vec!["10.1.0.0/16"]);
    // prefix-list with apply-path over the interface addresses.
    let (v, _, _) = count("set protocols bgp group AWS export E\nset policy-options prefix-list LOCAL apply-path \"interfaces <*> unit <*> family inet address <*>\"\nset policy-options policy-statement E from prefix-list LOCAL\nset policy-options policy-statement E then accept\n");
    assert_eq!(v, vec!["10.255.0.1/32", "169.254.100.0/30"]);
}

#[test]
fn families_and_inheritance() {
    let m = model(
        "f",
        "set routing-options autonomous-system 65010\nset protocols bgp family inet unicast\nset protocols bgp authentication-key global-key\nset protocols bgp group A peer-as 64512\nset protocols bgp group A neighbor 169.254.1.1\nset protocols bgp group A neighbor 2001:db8::1 family inet6 unicast accepted-prefix-limit maximum 50\nset protocols bgp group B family inet labeled-unicast\nset protocols bgp group B peer-as 65010\nset protocols bgp group B neighbor 10.0.0.1\nset protocols bgp group B neighbor 10.0.0.1 multihop\nset protocols bgp group B neighbor 10.0.0.1 shutdown\n",
    );
    let n = nb(&m, "169.254.1.1");
    assert!(n.family(Afi::Ipv4).unwrap().activated.is_some());
    assert!(matches!(
        n.password.as_ref().unwrap().value,
        Password::Known(_)
    ));
    let n = nb(&m, "2001:db8::1");
    // The neighbor's own family replaces the inherited inet unicast.
    assert!(n.family(Afi::Ipv4).is_none());
    let f = n.family(Afi::Ipv6).unwrap();
    assert!(f.activated.is_some());
    assert_eq!(f.maximum_prefix.as_ref().map(|x| x.value), Some(50));
    let n = nb(&m, "10.0.0.1");
    // labeled-unicast is not unicast; peer-as = local AS: internal.
    assert!(n.family(Afi::Ipv4).unwrap().activated.is_none());
    assert_eq!(n.rare().ebgp_multihop.as_ref().map(|x| x.value), Some(64));
    assert!(n.rare().shutdown.is_some());
}

#[test]
fn key_chains_resolve_single_keys() {
    let m = model(
        "k",
        "set protocols bgp group A neighbor 192.0.2.1 peer-as 1\nset protocols bgp group A authentication-key-chain C1\nset protocols bgp group B neighbor 192.0.2.2 peer-as 1\nset protocols bgp group B authentication-key-chain C2\nset security authentication-key-chains key-chain C1 key 0 secret \"$9$CSxptpBREyKvL\"\nset security authentication-key-chains key-chain C1 key 0 start-time 2024-1-1.00:00\nset security authentication-key-chains key-chain C2 key 0 secret a\nset security authentication-key-chains key-chain C2 key 1 secret b\n",
    );
    match &nb(&m, "192.0.2.1").password.as_ref().unwrap().value {
        Password::Known(k) => assert_eq!(*k, Secret::new("abc")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        nb(&m, "192.0.2.2").password.as_ref().unwrap().value,
        Password::Unverifiable(_)
    ));
    // A group's key chain beats a key at the protocols bgp level.
    let m = model(
        "k2",
        "set protocols bgp authentication-key global-key\nset protocols bgp group A neighbor 192.0.2.1 peer-as 1\nset protocols bgp group A authentication-key-chain C1\nset security authentication-key-chains key-chain C1 key 0 secret \"$9$CSxptpBREyKvL\"\nset protocols bgp group B neighbor 192.0.2.2 peer-as 1\n",
    );
    match &nb(&m, "192.0.2.1").password.as_ref().unwrap().value {
        Password::Known(k) => assert_eq!(*k, Secret::new("abc")),
        other => panic!("{other:?}"),
    }
    match &nb(&m, "192.0.2.2").password.as_ref().unwrap().value {
        Password::Known(k) => assert_eq!(*k, Secret::new("global-key")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn suppressions_target_the_next_statement() {
    let text = "protocols {\n    bgp {\n        group AWS {\n            /* dxlint-disable DX603,DX605 AWS asked for 30s */\n            hold-time 30;\n            # dxlint-disable-file DX706\n            neighbor 169.254.100.1;\n        }\n    }\n}\n";
    let m = model("s", text);
    assert_eq!(m.suppressions.len(), 2);
    let s = &m.suppressions[0];
    assert_eq!(s.rules, vec!["DX603", "DX605"]);
    assert_eq!(s.reason, "AWS asked for 30s");
    assert_eq!(text_of(text, s.target.unwrap()), "hold-time 30;");
    assert_eq!(m.suppressions[1].target, None);
    assert_eq!(m.suppressions[1].rules, vec!["DX706"]);
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "",
        "{",
        "}}}}",
        "set",
        "set interfaces",
        "set interfaces ge-0/0/1 unit",
        "set protocols bgp group",
        "set protocols bgp group G neighbor",
        "set routing-options static route",
        "set policy-options policy-statement P term",
        "set policy-options policy-statement P from route-filter",
        "set policy-options policy-statement P from route-filter 10.0.0.0/8 upto",
        "set policy-options policy-statement P from route-filter 10.0.0.0/8 prefix-length-range /8",
        "set groups G interfaces <*> mtu 1\nset apply-groups G\nset apply-groups\n",
        "set routing-instances",
        "set routing-instances R interface",
        "deactivate\nactivate\ndelete\n",
        "interfaces { ge-0/0/1.x { unit é { vlan-id ü; } } }",
        "protocols { bgp { group A { neighbor 1.1.1.1 { export [ ( A && B ) ]; } } } }",
        "\u{feff}set system host-name \"x",
    ];
    for t in inputs {
        let m = model("g", t);
        let _ = summary(&m);
    }
}

// ------------------------------------------------------------------ shared corpus

fn corpus_dir() -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/junos");
    p.is_dir().then_some(p)
}

#[test]
fn corpus_twin_forms_agree() {
    let Some(dir) = corpus_dir() else { return };
    let (Ok(curly), Ok(set)) = (
        std::fs::read_to_string(dir.join("jvd-agn1-acx7100-bgp.conf")),
        std::fs::read_to_string(dir.join("jvd-agn1-acx7100-bgp.set")),
    ) else {
        return;
    };
    let a = model("c", &curly);
    let b = model("s", &set);
    assert_eq!(summary(&a), summary(&b));
    assert_eq!(a.neighbor_count(), 8);
    assert!(a.interfaces.len() >= 20);
}

#[test]
fn corpus_extracts_without_panicking() {
    let Some(dir) = corpus_dir() else { return };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut names: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    names.sort();
    for p in names {
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let src = SourceFile::from_bytes(p.display().to_string(), &bytes);
        let m = extract(&src);
        println!(
            "{}: neighbors={} interfaces={} problems={} unknown={}/{}",
            p.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            m.neighbor_count(),
            m.interfaces.len(),
            m.problems.len(),
            m.stats.unknown,
            m.stats.statements
        );
        for pr in &m.problems {
            let pos = src.position(pr.span.start());
            println!("    line {}: {}", pos.line, pr.message);
        }
    }
}

// ------------------------------------------------------------------ fixes

fn ip(s: &str) -> std::net::IpAddr {
    s.parse().unwrap()
}

#[test]
fn fixes_render_as_set_commands_in_place() {
    let clean = model("clean.conf", &fixture("clean.conf"));
    let feat = model("features.conf", &fixture("features.conf"));
    let r = |f: Fix, m: &RouterModel| render_fix(&f, m);
    let aws = ip("169.254.100.1");
    assert_eq!(
        r(
            Fix::InterfaceVlan {
                interface: "ge-0/0/1.101".into(),
                vlan: 202
            },
            &clean
        ),
        "set interfaces ge-0/0/1 unit 101 vlan-id 202"
    );
    // Q-in-Q unit: drop the tags; port without vlan-tagging: enable it.
    assert_eq!(
        r(Fix::InterfaceVlan { interface: "xe-0/0/0.200".into(), vlan: 200 }, &feat),
        "delete interfaces xe-0/0/0 unit 200 vlan-tags\nset interfaces xe-0/0/0 unit 200 vlan-id 200"
    );
    assert_eq!(
        r(
            Fix::InterfaceVlan {
                interface: "ge-0/0/2.0".into(),
                vlan: 50
            },
            &feat
        ),
        "set interfaces ge-0/0/2 vlan-tagging\nset interfaces ge-0/0/2 unit 0 vlan-id 50"
    );
    assert_eq!(
        r(
            Fix::EnableVlanTagging {
                interface: "ge-0/0/2".into()
            },
            &feat
        ),
        "set interfaces ge-0/0/2 vlan-tagging"
    );
    assert_eq!(
        r(Fix::InterfaceAddress { interface: "ge-0/0/1.101".into(), address: "169.254.100.2/30".parse().unwrap() }, &model("x", "set interfaces ge-0/0/1 unit 101 family inet address 169.254.100.3/30\n")),
        "delete interfaces ge-0/0/1 unit 101 family inet address 169.254.100.3/30\nset interfaces ge-0/0/1 unit 101 family inet address 169.254.100.2/30"
    );
    // MTU: lowering needs only the family MTU; raising needs the media MTU too.
    assert_eq!(
        r(
            Fix::InterfaceMtu {
                interface: "ge-0/0/1.101".into(),
                mtu: 1500
            },
            &clean
        ),
        "set interfaces ge-0/0/1 unit 101 family inet mtu 1500"
    );
    assert_eq!(
        r(
            Fix::InterfaceMtu {
                interface: "ge-0/0/1.101".into(),
                mtu: 9001
            },
            &clean
        ),
        "set interfaces ge-0/0/1 mtu 9023\nset interfaces ge-0/0/1 unit 101 family inet mtu 9001"
    );
    // Disabled unit vs deactivated port.
    assert_eq!(
        r(
            Fix::InterfaceEnable {
                interface: "ge-0/0/2.0".into()
            },
            &feat
        ),
        "delete interfaces ge-0/0/2 unit 0 disable"
    );
    assert_eq!(
        r(
            Fix::InterfaceEnable {
                interface: "ge-0/0/3.0".into()
            },
            &feat
        ),
        "activate interfaces ge-0/0/3"
    );
    assert_eq!(
        r(Fix::NewSubinterface { parent: "ge-0/0/9".into(), vlan: 101, address: "169.254.100.2/30".parse().unwrap(), mtu: Some(1500), vrf: None }, &clean),
        "set interfaces ge-0/0/9 vlan-tagging\nset interfaces ge-0/0/9 unit 101 vlan-id 101\nset interfaces ge-0/0/9 unit 101 family inet address 169.254.100.2/30\nset interfaces ge-0/0/9 unit 101 family inet mtu 1500"
    );
    assert_eq!(
        r(
            Fix::NeighborAddress {
                from: Some(aws),
                to: ip("169.254.100.5"),
                remote_as: Some(64512)
            },
            &clean
        ),
        "rename protocols bgp group AWS neighbor 169.254.100.1 to neighbor 169.254.100.5"
    );
    assert_eq!(
        r(
            Fix::NeighborAddress {
                from: None,
                to: ip("169.254.100.9"),
                remote_as: Some(64512)
            },
            &clean
        ),
        "set protocols bgp group AWS neighbor 169.254.100.9 peer-as 64512"
    );
    assert_eq!(
        r(Fix::NeighborAddress { from: None, to: ip("2001:db8::1"), remote_as: Some(7224) }, &model("e", "")),
        "set protocols bgp group AWS type external\nset protocols bgp group AWS neighbor 2001:db8::1 peer-as 7224\nset protocols bgp group AWS neighbor 2001:db8::1 family inet6 unicast"
    );
    assert_eq!(
        r(
            Fix::LocalAs {
                asn: 65010,
                neighbor: None,
                process_asn: Some(65011),
                peer: None,
            },
            &clean
        ),
        "set routing-options autonomous-system 65010"
    );
    assert_eq!(
        r(
            Fix::LocalAs {
                asn: 65010,
                neighbor: Some(ip("169.254.200.1")),
                process_asn: None,
                peer: None,
            },
            &feat
        ),
        "set protocols bgp group AWS-A neighbor 169.254.200.1 local-as 65010"
    );
    assert_eq!(
        r(
            Fix::RemoteAs {
                neighbor: aws,
                asn: 64512
            },
            &clean
        ),
        "set protocols bgp group AWS neighbor 169.254.100.1 peer-as 64512"
    );
    // VRF neighbor: under its routing instance.
    assert_eq!(
        r(
            Fix::RemoteAs {
                neighbor: ip("10.1.1.2"),
                asn: 64512
            },
            &feat
        ),
        "set routing-instances CUST-A protocols bgp group AWS-VRF neighbor 10.1.1.2 peer-as 64512"
    );
    let pw = r(
        Fix::Password {
            neighbor: aws,
            placeholder: "<authKey of dxvif-ffab1234>".into(),
        },
        &clean,
    );
    assert_eq!(pw, "set protocols bgp group AWS neighbor 169.254.100.1 authentication-key \"<authKey of dxvif-ffab1234>\"");
    assert!(!pw.contains("0xDxLint"));
    // The key is set on the neighbor itself in clean.conf; on the group in features.conf.
    assert_eq!(
        r(Fix::RemovePassword { neighbor: aws }, &clean),
        "delete protocols bgp group AWS neighbor 169.254.100.1 authentication-key"
    );
    assert!(r(
        Fix::RemovePassword {
            neighbor: ip("169.254.200.1")
        },
        &feat
    )
    .starts_with("delete protocols bgp group AWS-A authentication-key"));
    assert_eq!(
        r(
            Fix::Timers {
                neighbor: aws,
                keepalive: 30,
                hold: 90
            },
            &clean
        ),
        "set protocols bgp group AWS neighbor 169.254.100.1 hold-time 90"
    );
    assert_eq!(
        r(
            Fix::RemoveMultihop {
                neighbor: ip("169.254.201.1")
            },
            &feat
        ),
        "delete protocols bgp group AWS-A neighbor 169.254.201.1 multihop"
    );
    assert_eq!(
        r(
            Fix::RemoveUpdateSource {
                neighbor: ip("10.255.0.2")
            },
            &feat
        ),
        "delete protocols bgp group CORE local-address"
    );
    assert_eq!(
        r(
            Fix::NeighborEnable {
                neighbor: ip("169.254.202.1")
            },
            &feat
        ),
        "activate protocols bgp group AWS-A neighbor 169.254.202.1"
    );
    assert_eq!(
        r(Fix::Bfd { neighbor: aws }, &clean),
        "set protocols bgp group AWS neighbor 169.254.100.1 bfd-liveness-detection minimum-interval 300\nset protocols bgp group AWS neighbor 169.254.100.1 bfd-liveness-detection multiplier 3"
    );
    assert_eq!(
        r(Fix::ActivateFamily { neighbor: ip("2001:db8:1100:2f0:0:1:9cb4:4211"), afi: Afi::Ipv6 }, &feat),
        "set protocols bgp group AWS-V6 neighbor 2001:db8:1100:2f0:0:1:9cb4:4211 family inet unicast\nset protocols bgp group AWS-V6 neighbor 2001:db8:1100:2f0:0:1:9cb4:4211 family inet6 unicast"
    );
    let of = r(
        Fix::OutboundFilter {
            neighbor: aws,
            afi: Afi::Ipv4,
            name: "TO-AWS-IPV4".into(),
        },
        &clean,
    );
    assert!(
        of.ends_with("set protocols bgp group AWS neighbor 169.254.100.1 export TO-AWS-IPV4"),
        "{of}"
    );
    assert!(of.contains("set policy-options policy-statement TO-AWS-IPV4 then reject"));
    let rd = r(
        Fix::RemoveDefaultOriginate {
            neighbor: ip("10.1.1.2"),
            afi: Afi::Ipv4,
        },
        &feat,
    );
    assert!(rd.contains("route-filter 0.0.0.0/0 exact"));
    assert!(rd.contains("routing-instances CUST-A protocols bgp group AWS-VRF neighbor 10.1.1.2 export [ NO-DEFAULT-TO-AWS"));
    let ad = r(
        Fix::Advertise {
            neighbor: aws,
            prefix: "10.30.0.0/16".parse().unwrap(),
        },
        &clean,
    );
    assert!(ad.contains("from route-filter 10.30.0.0/16 exact"));
    assert_eq!(
        r(
            Fix::Note("Accept the hosted VIF in the console".into()),
            &clean
        ),
        "Accept the hosted VIF in the console"
    );
    // Every rendered line is a command or a comment.
    for line in of.lines().chain(rd.lines()).chain(ad.lines()) {
        assert!(
            ["set ", "delete ", "activate ", "rename ", "# "]
                .iter()
                .any(|p| line.starts_with(p)),
            "{line}"
        );
    }
}

#[test]
fn fixes_in_set_form_models_find_the_same_places() {
    let feat = model("features.set", &fixture("features.set"));
    assert_eq!(
        render_fix(
            &Fix::NeighborEnable {
                neighbor: ip("169.254.202.1")
            },
            &feat
        ),
        "activate protocols bgp group AWS-A neighbor 169.254.202.1"
    );
    assert_eq!(
        render_fix(
            &Fix::InterfaceEnable {
                interface: "ge-0/0/3.0".into()
            },
            &feat
        ),
        "activate interfaces ge-0/0/3"
    );
    assert_eq!(
        render_fix(
            &Fix::RemoveMultihop {
                neighbor: ip("169.254.201.1")
            },
            &feat
        ),
        "delete protocols bgp group AWS-A neighbor 169.254.201.1 multihop"
    );
}

/// Random damage to the fixtures (deleted, duplicated and inserted characters, including
/// braces, quotes, brackets and multi-byte text) never panics, and every span stays on a
/// character boundary inside the text.
#[test]
fn mutated_fixtures_never_panic() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const INSERTS: [&str; 12] = [
        "{",
        "}",
        ";",
        "\"",
        "[",
        "]",
        "/*",
        "#",
        "\n",
        "inactive: ",
        "é",
        " <*> ",
    ];
    for name in [
        "clean.conf",
        "clean.set",
        "features.conf",
        "features.set",
        "vpn.conf",
        "vpn.set",
    ] {
        let base = fixture(name);
        for _ in 0..400 {
            let mut t = base.clone();
            for _ in 0..(1 + next() % 6) {
                let mut at = (next() as usize) % (t.len() + 1);
                while !t.is_char_boundary(at) {
                    at -= 1;
                }
                match next() % 3 {
                    0 => t.insert_str(at, INSERTS[(next() % 12) as usize]),
                    1 => {
                        let mut end = (at + 1 + (next() % 40) as usize).min(t.len());
                        while !t.is_char_boundary(end) {
                            end -= 1;
                        }
                        t.replace_range(at..end, "");
                    }
                    _ => {
                        let mut end = (at + (next() % 80) as usize).min(t.len());
                        while !t.is_char_boundary(end) {
                            end -= 1;
                        }
                        let piece = t[at..end].to_string();
                        t.insert_str(at, &piece);
                    }
                }
            }
            let m = model(name, &t);
            let spans = m
                .interfaces
                .iter()
                .map(|i| i.span)
                .chain(m.neighbors().map(|(_, n)| n.span))
                .chain(m.problems.iter().map(|p| p.span))
                .chain(m.comments.iter().copied());
            for s in spans {
                assert!(
                    s.end() <= t.len()
                        && t.is_char_boundary(s.start())
                        && t.is_char_boundary(s.end())
                );
            }
            for f in [
                Fix::InterfaceEnable {
                    interface: "ge-0/0/1.101".into(),
                },
                Fix::RemovePassword {
                    neighbor: ip("169.254.100.1"),
                },
                Fix::NeighborEnable {
                    neighbor: ip("169.254.100.1"),
                },
            ] {
                let _ = render_fix(&f, &m);
            }
        }
    }
}

/// The candidate index (routes found by prefix and protocol) gives what testing every
/// route gives, across route-filters with inline actions, prefix lists, protocol terms,
/// rejects, `next policy` and chains.
#[test]
fn indexed_export_equals_scanning_every_route() {
    let mut c = String::from("set routing-options autonomous-system 65010\n");
    for i in 0..40 {
        let _ = writeln!(
            c,
            "set interfaces xe-0/0/0 unit {u} vlan-id {u}\nset interfaces xe-0/0/0 unit {u} family inet address 10.{a}.{b}.1/24",
            u = 100 + i,
            a = i % 4,
            b = i
        );
    }
    c.push_str(
        "set interfaces xe-0/0/0 unit 7 family inet6 address 2001:db8:7::1/64\n\
         set routing-options static route 172.16.0.0/12 discard\n\
         set routing-options static route 172.16.4.0/24 discard\n\
         set routing-options static route 192.0.2.0/24 discard\n\
         set routing-options aggregate route 10.0.0.0/14\n\
         set routing-options rib inet6.0 static route 2001:db8:100::/48 discard\n\
         set policy-options prefix-list PL 10.1.5.0/24\n\
         set policy-options prefix-list PL 192.0.2.0/24\n\
         set policy-options prefix-list PL 10.9.9.0/24\n\
         set policy-options policy-statement BY-LIST term A from prefix-list PL\n\
         set policy-options policy-statement BY-LIST term A then accept\n\
         set policy-options policy-statement FILTERS term A from route-filter 10.2.0.0/16 orlonger\n\
         set policy-options policy-statement FILTERS term A from route-filter 10.2.6.0/24 exact reject\n\
         set policy-options policy-statement FILTERS term A from route-filter 172.16.0.0/12 upto /20 accept\n\
         set policy-options policy-statement FILTERS term A then accept\n\
         set policy-options policy-statement FILTERS term B from route-filter 10.3.0.0/16 longer accept\n\
         set policy-options policy-statement STATIC term S from protocol static\n\
         set policy-options policy-statement STATIC term S then accept\n\
         set policy-options policy-statement DIRECT-BUT term R from route-filter 10.0.0.0/16 orlonger\n\
         set policy-options policy-statement DIRECT-BUT term R then reject\n\
         set policy-options policy-statement DIRECT-BUT term D from protocol direct\n\
         set policy-options policy-statement DIRECT-BUT term D then accept\n\
         set policy-options policy-statement NEXT term N from route-filter 10.1.0.0/16 orlonger\n\
         set policy-options policy-statement NEXT term N then next policy\n\
         set policy-options policy-statement NEXT term Z then reject\n\
         set policy-options policy-statement ALL then accept\n\
         set policy-options policy-statement V6 term A from route-filter 2001:db8::/32 orlonger\n\
         set policy-options policy-statement V6 term A then accept\n",
    );
    let chains = [
        "BY-LIST",
        "FILTERS",
        "STATIC",
        "DIRECT-BUT",
        "NEXT BY-LIST",
        "NEXT STATIC",
        "ALL",
        "V6",
        "[ FILTERS STATIC ]",
        "MISSING",
    ];
    for (i, chain) in chains.iter().enumerate() {
        let g = format!("set protocols bgp group G{i}");
        let _ = writeln!(
            c,
            "{g} type external\n{g} peer-as 64512\n{g} family inet unicast\n{g} family inet6 unicast\n{g} neighbor 169.254.{i}.1\n{g} export {chain}"
        );
    }
    let families = |m: &RouterModel| -> Vec<String> {
        m.neighbors()
            .flat_map(|(_, n)| {
                n.families
                    .iter()
                    .map(|f| format!("{} {:?}", n.addr, f.advertised))
            })
            .collect()
    };
    let indexed = model("r.set", &c);
    crate::dialect::prefix_index::SCAN_ALL.with(|s| s.set(true));
    let scanned = model("r.set", &c);
    crate::dialect::prefix_index::SCAN_ALL.with(|s| s.set(false));
    assert_eq!(families(&indexed), families(&scanned));
    // The cases are not trivial: several neighbors advertise something, and differently.
    let counts: Vec<usize> = indexed
        .neighbors()
        .map(|(_, n)| n.families.iter().map(|f| f.advertised.prefixes.len()).sum())
        .collect();
    assert!(counts.iter().filter(|&&n| n > 0).count() >= 6, "{counts:?}");
    let mut distinct = counts.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(distinct.len() >= 4, "{counts:?}");
}

/// `set` lines may name a group's neighbors between another group's: the model still lists
/// them group by group (groups in the order first named), each group's in the order first
/// named, as Junos shows them, with each neighbor's own group attributes.
#[test]
fn interleaved_groups_keep_group_order() {
    let text = "\
set protocols bgp group B peer-as 65002
set protocols bgp group B neighbor 10.0.0.5
set protocols bgp group A peer-as 65001
set protocols bgp group A neighbor 10.0.0.9
set protocols bgp group B neighbor 10.0.0.1
set protocols bgp group A neighbor 10.0.0.3
set protocols bgp group B neighbor 10.0.0.5 description again
";
    let m = model("r.set", text);
    let got: Vec<(String, Option<String>, Option<RemoteAs>)> = m.bgp[0]
        .neighbors
        .iter()
        .map(|n| {
            (
                n.addr.to_string(),
                n.group.as_deref().map(str::to_string),
                n.remote_as.as_ref().map(|r| r.value),
            )
        })
        .collect();
    let want = [
        ("10.0.0.5", "B", 65002),
        ("10.0.0.1", "B", 65002),
        ("10.0.0.9", "A", 65001),
        ("10.0.0.3", "A", 65001),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((addr, group, asn), (w_addr, w_group, w_asn)) in got.iter().zip(want) {
        assert_eq!(addr, w_addr);
        assert_eq!(group.as_deref(), Some(w_group));
        assert_eq!(asn, &Some(RemoteAs::Number(w_asn)));
    }
    assert_eq!(nb(&m, "10.0.0.5").description.as_deref(), Some("again"));
}

/// Session settings resolve through the shared rule, with the Junos-only statements around
/// it: each value keeps the span of the line that set it.
#[test]
fn session_settings_resolve_through_the_shared_rule_with_junos_steps() {
    let text = "\
set routing-options autonomous-system 65010
set protocols bgp hold-time 60
set protocols bgp local-as 65020
set protocols bgp description edge
set protocols bgp group I type internal
set protocols bgp group I hold-time 30
set protocols bgp group I multihop ttl 2
set protocols bgp group I neighbor 10.0.0.1 ttl 5
set protocols bgp group I neighbor 10.0.0.2 peer-as 65010
set protocols bgp group E peer-as 64512
set protocols bgp group E neighbor 10.0.0.3 ttl 5
set protocols bgp group E neighbor 10.0.0.4 ttl 1
set protocols bgp group D peer-as 64512
set protocols bgp group D neighbor 10.0.0.5 shutdown
deactivate protocols bgp group D
";
    let m = model("r.set", text);
    let line = |span: Span| text_of(text, span).to_string();
    let has = |span: Option<Span>, want: &str| {
        let got = line(span.expect("a span"));
        assert!(got.contains(want), "{got:?} is not the line of {want:?}");
    };
    // The `protocols bgp` hold time is the process's; a group's is its neighbors'.
    has(m.bgp[0].timers.as_ref().map(|t| t.span), "hold-time 60");
    let i1 = nb(&m, "10.0.0.1");
    has(i1.timers.as_ref().map(|t| t.span), "group I hold-time 30");
    assert!(nb(&m, "10.0.0.3").timers.is_none());
    // `type internal` without peer-as: internal, at the type line; peer-as wins over type.
    assert_eq!(
        i1.remote_as.as_ref().map(|r| r.value),
        Some(RemoteAs::Internal)
    );
    has(i1.remote_as.as_ref().map(|r| r.span), "type internal");
    let i2 = nb(&m, "10.0.0.2");
    assert_eq!(
        i2.remote_as.as_ref().map(|r| r.value),
        Some(RemoteAs::Number(65010))
    );
    // `multihop` at any level beats `ttl`; `ttl` above 1 is the multihop TTL otherwise.
    assert_eq!(i1.rare().ebgp_multihop.as_ref().map(|t| t.value), Some(2));
    has(
        i1.rare().ebgp_multihop.as_ref().map(|t| t.span),
        "multihop ttl 2",
    );
    has(
        nb(&m, "10.0.0.3")
            .rare()
            .ebgp_multihop
            .as_ref()
            .map(|t| t.span),
        "ttl 5",
    );
    assert!(nb(&m, "10.0.0.4").rare().ebgp_multihop.is_none());
    // Every level's settings reach the neighbors, the `protocols bgp` level's too.
    has(
        i2.rare().local_as.as_ref().map(|l| l.span),
        "local-as 65020",
    );
    assert_eq!(i2.description.as_deref(), Some("edge"));
    // An inactive group shuts its neighbors down at its tag, over their own `shutdown`.
    let d = nb(&m, "10.0.0.5");
    assert!(d.rare().deconfigured);
    has(d.rare().shutdown, "group D");
    assert!(!line(d.rare().shutdown.unwrap()).contains("shutdown"));
}

use super::*;
use crate::model::{Afi, Password, RemoteAs, VlanTags};
use crate::secret::Secret;
use std::net::IpAddr;

/// Extract, checking on the way that the streaming and whole-file readings agree.
fn model(text: &str) -> RouterModel {
    assert_ne!(
        streaming_matches_whole(text),
        Some(false),
        "streaming and whole-file readings differ"
    );
    extract(&SourceFile::new("t", text))
}

fn slice(text: &str, span: Span) -> &str {
    &text[span.start()..span.end()]
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// Everything the rules look at, without spans: equal for the same router in any form.
fn summary(m: &RouterModel) -> String {
    let mut out = format!("host={:?}\n", m.hostname);
    for i in &m.interfaces {
        out += &format!(
            "if {} parent={:?} vlan={:?} addrs={:?} mtu={:?} disabled={} vrf={:?}\n",
            i.name,
            i.parent,
            i.vlan.as_ref().map(|v| v.value),
            i.addresses
                .iter()
                .map(|a| a.net.to_string())
                .collect::<Vec<_>>(),
            m.effective_mtu(i).0,
            m.disabled_span(i).is_some(),
            i.vrf
        );
    }
    for p in &m.bgp {
        out += &format!(
            "bgp vrf={:?} as={:?} rid={:?} timers={:?}\n",
            p.vrf,
            p.local_as.as_ref().map(|l| l.value),
            p.router_id.as_ref().map(|r| r.value),
            p.timers.as_ref().map(|t| t.value)
        );
        for n in &p.neighbors {
            out += &format!(
                " nbr {} ras={:?} las={:?} pw={:?} timers={:?} us={:?} mh={:?} ttl={:?} dcc={} shut={} bfd={} group={:?}\n",
                n.addr,
                n.remote_as.as_ref().map(|r| r.value),
                n.rare().local_as.as_ref().map(|r| r.value),
                n.password.as_ref().map(|p| match &p.value {
                    Password::Known(s) => s.describe(),
                    Password::Unverifiable(w) => w.to_string(),
                }),
                n.timers.as_ref().map(|t| t.value),
                n.rare().update_source.as_ref().map(|u| u.value.clone()),
                n.rare().ebgp_multihop.as_ref().map(|u| u.value),
                n.rare().ttl_security.as_ref().map(|u| u.value),
                n.rare().disable_connected_check.is_some(),
                n.rare().shutdown.is_some(),
                n.bfd.is_some(),
                n.group
            );
            for f in &n.families {
                out += &format!(
                    "  af {:?} active={} max={:?} adv={:?} unbounded={} default={}\n",
                    f.afi,
                    f.activated.is_some(),
                    f.maximum_prefix.as_ref().map(|m| m.value),
                    f.advertised
                        .prefixes
                        .iter()
                        .map(|p| p.value.to_string())
                        .collect::<Vec<_>>(),
                    f.advertised.unbounded.is_some(),
                    f.advertised.default_originate.is_some()
                );
            }
        }
    }
    out += &format!("problems={}\n", m.problems.len());
    out
}

const CLEAN_14_BOOT: &str = include_str!("../../../testdata/vyos/clean-1.4.config.boot");
const CLEAN_14_SET: &str = include_str!("../../../testdata/vyos/clean-1.4.set");
const CLEAN_13_BOOT: &str = include_str!("../../../testdata/vyos/clean-1.3.config.boot");
const CLEAN_13_SET: &str = include_str!("../../../testdata/vyos/clean-1.3.set");

#[test]
fn clean_fixture_reads_completely() {
    let m = model(CLEAN_14_BOOT);
    assert_eq!(m.vendor, Some(Vendor::Vyos));
    assert_eq!(m.hostname.as_deref(), Some("edge1"));
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let vif = m.interface("eth1.101").expect("vif");
    assert_eq!(vif.parent.as_deref(), Some("eth1"));
    assert_eq!(
        vif.vlan.as_ref().map(|v| v.value),
        Some(VlanTags {
            outer: 101,
            inner: None
        })
    );
    assert_eq!(vif.addresses[0].net.to_string(), "169.254.100.2/30");
    assert_eq!(
        slice(CLEAN_14_BOOT, vif.addresses[0].span),
        "address 169.254.100.2/30"
    );
    assert_eq!(slice(CLEAN_14_BOOT, vif.span), "vif 101 {");
    assert_eq!(vif.mtu.as_ref().map(|m| m.value), Some(1500));
    assert_eq!(m.bgp.len(), 1);
    let p = &m.bgp[0];
    assert_eq!(p.local_as.as_ref().map(|l| l.value), Some(65010));
    assert_eq!(
        slice(CLEAN_14_BOOT, p.local_as.as_ref().unwrap().span),
        "system-as 65010"
    );
    let n = &p.neighbors[0];
    assert_eq!(n.addr, ip("169.254.100.1"));
    assert_eq!(slice(CLEAN_14_BOOT, n.span), "neighbor 169.254.100.1 {");
    assert_eq!(
        n.remote_as.as_ref().map(|r| r.value),
        Some(RemoteAs::Number(64512))
    );
    match n.password.as_ref().map(|p| &p.value) {
        Some(Password::Known(s)) => assert_eq!(s, &Secret::new("0xDxLintExampleKey01")),
        other => panic!("password {other:?}"),
    }
    assert_eq!(
        n.timers.as_ref().map(|t| (t.value.keepalive, t.value.hold)),
        Some((30, 90))
    );
    assert!(n.bfd.is_some());
    let f = n.family(Afi::Ipv4).expect("ipv4");
    assert!(f.activated.is_some());
    assert_eq!(f.advertised.prefixes.len(), 1);
    assert_eq!(f.advertised.prefixes[0].value.to_string(), "10.10.0.0/16");
    assert_eq!(
        slice(CLEAN_14_BOOT, f.advertised.prefixes[0].span),
        "network 10.10.0.0/16 {"
    );
    assert!(f.advertised.unbounded.is_none());
    assert_eq!(m.comments.len(), 3);
    assert!(m.stats.statements > 20 && m.stats.lines > 50);
    // Debug output of the whole model never shows the key.
    assert!(!format!("{m:?}").contains("DxLintExampleKey"));
}

#[test]
fn all_four_clean_forms_give_the_same_model() {
    let a = summary(&model(CLEAN_14_BOOT));
    assert_eq!(a, summary(&model(CLEAN_14_SET)));
    assert_eq!(a, summary(&model(CLEAN_13_BOOT)));
    assert_eq!(a, summary(&model(CLEAN_13_SET)));
    assert!(
        a.contains("nbr 169.254.100.1 ras=Some(Number(64512))"),
        "{a}"
    );
}

#[test]
fn tag_syntax_local_as_points_at_the_asn_word() {
    let m = model(CLEAN_13_BOOT);
    let p = &m.bgp[0];
    assert_eq!(slice(CLEAN_13_BOOT, p.span), "bgp 65010 {");
    assert_eq!(
        slice(CLEAN_13_BOOT, p.local_as.as_ref().unwrap().span),
        "65010"
    );
    assert!(fix::is_tag_syntax(p));
    assert!(!fix::is_tag_syntax(&model(CLEAN_14_SET).bgp[0]));
    assert!(fix::is_tag_syntax(&model(CLEAN_13_SET).bgp[0]));
}

#[test]
fn qinq_and_vif_s() {
    let text = "set interfaces ethernet eth2 vif-s 200 vif-c 201 address '169.254.100.2/30'\n\
                set interfaces ethernet eth2 vif-s 200 address 100.64.200.254/24\n\
                set interfaces bonding bond0 vif 300 address 10.3.0.1/30\n";
    let m = model(text);
    let c = m.interface("eth2.200.201").expect("vif-c");
    assert_eq!(c.parent.as_deref(), Some("eth2.200"));
    assert_eq!(
        c.vlan.as_ref().map(|v| v.value),
        Some(VlanTags {
            outer: 200,
            inner: Some(201)
        })
    );
    let s = m.interface("eth2.200").expect("vif-s");
    assert_eq!(s.parent.as_deref(), Some("eth2"));
    assert_eq!(s.vlan.as_ref().map(|v| v.value.inner), Some(None));
    assert_eq!(s.addresses.len(), 1);
    assert!(m.interface("bond0.300").is_some());
    assert!(m.problems.is_empty());
}

#[test]
fn vif_mtu_defaults_to_1500_not_the_parent() {
    let text = "interfaces {\n ethernet eth1 {\n  mtu 9001\n  vif 101 {\n   address 169.254.100.2/30\n  }\n }\n}\n";
    let m = model(text);
    let vif = m.interface("eth1.101").unwrap();
    let (mtu, span) = m.effective_mtu(vif);
    assert_eq!(mtu, 1500);
    assert!(span.is_some_and(|s| s.is_empty() && s.start() == vif.span.start()));
    assert!(m.problems.is_empty());
}

#[test]
fn vif_mtu_above_parent_is_a_problem() {
    let text = "set interfaces ethernet eth1 vif 101 mtu 9001\nset interfaces ethernet eth1 vif 102 mtu 1500\nset interfaces ethernet eth1 vif-s 5 vif-c 6 mtu 1600\n";
    let m = model(text);
    assert_eq!(m.problems.len(), 2, "{:?}", m.problems);
    assert_eq!(
        slice(text, m.problems[0].span),
        "set interfaces ethernet eth1 vif 101 mtu 9001"
    );
    assert!(m.problems[0].message.contains("parent eth1's MTU 1500"));
    assert!(m.problems[1].message.contains("eth1.5"));
}

#[test]
fn malformed_values_become_problems() {
    let text = "set interfaces ethernet eth1 vif 5000 address 169.254.100.2/30\n\
                set interfaces ethernet eth1 vif 5000 mtu 1500\n\
                set interfaces ethernet eth2 vif 7 address 169.254.100.300/30\n\
                set interfaces ethernet eth2 vif 7 address 169.254.100.2\n\
                set interfaces ethernet eth2 vif 7 address dhcp\n\
                set interfaces ethernet eth2 mtu 20000\n\
                set protocols bgp system-as 65010\n\
                set protocols bgp neighbor 169.254.100.1 remote-as abc\n\
                set protocols bgp neighbor 169.254.100.1 timers holdtime soon\n\
                set protocols bgp neighbor 169.254.100.1 ebgp-multihop 0\n\
                set protocols bgp neighbor 169.254.100.1 local-as x\n\
                set protocols bgp neighbor 169.254.300.1 remote-as 64512\n\
                set protocols bgp neighbor eth3 interface remote-as external\n";
    let m = model(text);
    let msgs: Vec<&str> = m.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(msgs.len(), 9, "{msgs:#?}");
    assert!(msgs[0].contains("vif 5000"));
    assert!(msgs.iter().any(|m| m.contains("169.254.100.300/30")));
    assert!(msgs.iter().any(|m| m.contains("`address 169.254.100.2`")));
    assert!(msgs.iter().any(|m| m.contains("mtu 20000")));
    assert!(msgs.iter().any(|m| m.contains("remote-as abc")));
    assert!(msgs.iter().any(|m| m.contains("holdtime soon")));
    assert!(msgs.iter().any(|m| m.contains("ebgp-multihop 0")));
    assert!(msgs.iter().any(|m| m.contains("local-as x")));
    assert!(msgs.iter().any(|m| m.contains("neighbor 169.254.300.1")));
    assert!(m.interface("eth1.5000").is_none());
    assert_eq!(m.neighbor_count(), 1);
    let n = &m.bgp[0].neighbors[0];
    assert!(n.remote_as.is_none());
}

#[test]
fn timers_reach_frr_only_as_a_pair_from_one_node() {
    // vyos-1x bgpd.frr.j2: `neighbor X timers K H` only when keepalive and holdtime are both
    // set on the neighbor (or on its peer-group, which FRR then inherits).
    let lone = model(
        "set protocols bgp system-as 65010\n\
                      set protocols bgp neighbor 169.254.100.1 remote-as 64512\n\
                      set protocols bgp neighbor 169.254.100.1 timers holdtime 0\n",
    );
    assert!(lone.bgp[0].neighbors[0].timers.is_none());
    let grouped = model(
        "set protocols bgp system-as 65010\n\
                         set protocols bgp neighbor 169.254.100.1 peer-group AWS\n\
                         set protocols bgp neighbor 169.254.100.1 timers holdtime 0\n\
                         set protocols bgp peer-group AWS remote-as 64512\n\
                         set protocols bgp peer-group AWS timers holdtime 90\n\
                         set protocols bgp peer-group AWS timers keepalive 30\n",
    );
    let t = grouped.bgp[0].neighbors[0].timers.as_ref().unwrap();
    assert_eq!((t.value.keepalive, t.value.hold), (30, 90));
}

#[test]
fn peer_group_values_carry_the_peer_group_line() {
    let text = "set protocols bgp system-as 65010\n\
                set protocols bgp neighbor 169.254.100.1 peer-group 'AWS'\n\
                set protocols bgp neighbor 169.254.100.1 timers holdtime 30\n\
                set protocols bgp neighbor 169.254.100.1 timers keepalive 10\n\
                set protocols bgp peer-group AWS remote-as 64512\n\
                set protocols bgp peer-group AWS password 'secret-key'\n\
                set protocols bgp peer-group AWS timers holdtime 90\n\
                set protocols bgp peer-group AWS local-as 65020 no-prepend replace-as\n\
                set protocols bgp peer-group AWS ebgp-multihop 2\n\
                set protocols bgp peer-group AWS address-family ipv4-unicast maximum-prefix 50\n";
    let m = model(text);
    let n = &m.bgp[0].neighbors[0];
    assert_eq!(n.group.as_deref(), Some("AWS"));
    let ras = n.remote_as.as_ref().unwrap();
    assert_eq!(ras.value, RemoteAs::Number(64512));
    assert_eq!(
        slice(text, ras.span),
        "set protocols bgp peer-group AWS remote-as 64512"
    );
    assert_eq!(n.rare().local_as.as_ref().map(|l| l.value), Some(65020));
    assert!(slice(text, n.password.as_ref().unwrap().span).contains("peer-group AWS password"));
    // The neighbor's own pair wins over the group's lone holdtime.
    let t = n.timers.as_ref().unwrap();
    assert_eq!((t.value.keepalive, t.value.hold), (10, 30));
    assert!(slice(text, t.span).contains("neighbor 169.254.100.1 timers"));
    assert_eq!(n.rare().ebgp_multihop.as_ref().map(|x| x.value), Some(2));
    let f = n.family(Afi::Ipv4).unwrap();
    assert!(f
        .activated
        .is_some_and(|s| slice(text, s).contains("peer-group AWS address-family")));
    assert_eq!(f.maximum_prefix.as_ref().map(|m| m.value), Some(50));
}

#[test]
fn undefined_peer_group_is_a_problem() {
    let m = model(
        "set protocols bgp system-as 1\nset protocols bgp neighbor 10.0.0.1 peer-group NOPE\n",
    );
    assert_eq!(m.problems.len(), 1);
    assert!(m.problems[0].message.contains("peer-group NOPE"));
}

#[test]
fn family_activation_depends_on_generation() {
    // 1.3+: `no bgp default ipv4-unicast` — without address-family nothing is active.
    let modern = "protocols {\n bgp 65010 {\n  neighbor 169.254.100.1 {\n   remote-as 64512\n  }\n }\n}\n// vyos-config-version: \"quagga@8\"\n";
    let m = model(modern);
    let f = m.bgp[0].neighbors[0].family(Afi::Ipv4).unwrap();
    assert!(f.activated.is_none());
    assert!(m.bgp[0].neighbors[0].family(Afi::Ipv6).is_none());
    // 1.2: FRR's default applies.
    let legacy = modern.replace(
        "// vyos-config-version: \"quagga@8\"",
        "/* === vyatta-config-version: \"quagga@6\" === */\n/* Release version: 1.2.5 */",
    );
    let m = model(&legacy);
    let n = &m.bgp[0].neighbors[0];
    assert_eq!(n.family(Afi::Ipv4).unwrap().activated, Some(n.span));
    let off = legacy.replace(
        "  neighbor",
        "  parameters {\n   default {\n    no-ipv4-unicast\n   }\n  }\n  neighbor",
    );
    assert!(model(&off).bgp[0].neighbors[0]
        .family(Afi::Ipv4)
        .unwrap()
        .activated
        .is_none());
}

#[test]
fn ipv6_neighbor_and_family() {
    let text = "set protocols bgp system-as 65010\n\
                set protocols bgp neighbor 2001:db8:100::1 remote-as 64512\n\
                set protocols bgp neighbor 2001:db8:100::1 address-family ipv6-unicast default-originate\n\
                set protocols bgp address-family ipv6-unicast network 2001:db8:1::/48\n";
    let m = model(text);
    let n = &m.bgp[0].neighbors[0];
    assert!(n.family(Afi::Ipv4).is_none());
    let f = n.family(Afi::Ipv6).unwrap();
    assert!(f.activated.is_some());
    assert!(f.advertised.default_originate.is_some());
    assert_eq!(
        f.advertised.prefixes[0].value.to_string(),
        "2001:db8:1::/48"
    );
}

#[test]
fn vrf_bgp_is_its_own_process() {
    let text = "set vrf name CUST table 100\n\
                set vrf name CUST protocols bgp system-as 65010\n\
                set vrf name CUST protocols bgp neighbor 169.254.100.1 remote-as 64512\n\
                set vrf name CUST protocols bgp neighbor 169.254.100.1 address-family ipv4-unicast\n\
                set vrf name CUST protocols bgp address-family ipv4-unicast redistribute connected\n\
                set interfaces ethernet eth1 vif 101 address 169.254.100.2/30\n\
                set interfaces ethernet eth1 vif 101 vrf CUST\n\
                set interfaces ethernet eth0 address 192.0.2.1/24\n\
                set protocols bgp system-as 65099\n";
    let m = model(text);
    assert_eq!(m.bgp.len(), 2);
    let p = m
        .bgp
        .iter()
        .find(|p| p.vrf.as_deref() == Some("CUST"))
        .unwrap();
    assert_eq!(p.local_as.as_ref().map(|l| l.value), Some(65010));
    let f = p.neighbors[0].family(Afi::Ipv4).unwrap();
    let adv: Vec<String> = f
        .advertised
        .prefixes
        .iter()
        .map(|p| p.value.to_string())
        .collect();
    assert_eq!(adv, vec!["169.254.100.0/30"]);
    assert_eq!(
        m.interface("eth1.101").unwrap().vrf.as_deref(),
        Some("CUST")
    );
    let fix = render_fix(
        &Fix::RemoteAs {
            neighbor: ip("169.254.100.1"),
            asn: 64512,
        },
        &m,
    );
    assert_eq!(
        fix,
        "set vrf name CUST protocols bgp neighbor 169.254.100.1 remote-as 64512"
    );
}

#[test]
fn redistribution_bounds_and_filters() {
    let base = "set protocols bgp system-as 65010\n\
                set protocols bgp neighbor 169.254.100.1 remote-as 64512\n\
                set protocols bgp neighbor 169.254.100.1 address-family ipv4-unicast\n\
                set interfaces ethernet eth1 vif 101 address 169.254.100.2/30\n\
                set interfaces ethernet eth2 address 10.1.0.1/24\n\
                set interfaces ethernet eth3 address 10.3.0.1/24\n\
                set interfaces ethernet eth3 disable\n\
                set interfaces ethernet eth2 address fe80::1/64\n\
                set protocols static route 0.0.0.0/0 next-hop 192.0.2.1\n\
                set protocols static route 10.20.0.0/16 blackhole\n";
    let adv = |extra: &str| {
        let m = model(&format!("{base}{extra}"));
        let f = m.bgp[0].neighbors[0].family(Afi::Ipv4).unwrap().clone();
        let list: Vec<String> = f
            .advertised
            .prefixes
            .iter()
            .map(|p| p.value.to_string())
            .collect();
        (
            list,
            f.advertised.unbounded.map(|u| u.value),
            m.problems.len(),
        )
    };
    // Sorted by prefix, as `show ip bgp neighbors … advertised-routes` lists them.
    let (l, u, _) = adv("set protocols bgp address-family ipv4-unicast redistribute connected\n");
    assert_eq!(l, vec!["10.1.0.0/24", "169.254.100.0/30"]);
    assert!(u.is_none());
    let (l, _, _) = adv("set protocols bgp address-family ipv4-unicast redistribute static\n");
    assert_eq!(l, vec!["0.0.0.0/0", "10.20.0.0/16"]);
    let (l, u, _) = adv("set protocols bgp address-family ipv4-unicast redistribute ospf\n");
    assert!(l.is_empty());
    assert!(u.unwrap().contains("redistribute ospf"));
    // An exact export prefix-list bounds it; a ranged one does not.
    let pl = "set protocols bgp address-family ipv4-unicast redistribute ospf\n\
              set protocols bgp address-family ipv4-unicast redistribute static\n\
              set protocols bgp neighbor 169.254.100.1 address-family ipv4-unicast prefix-list export OUT\n\
              set policy prefix-list OUT rule 5 action deny\n\
              set policy prefix-list OUT rule 5 prefix 0.0.0.0/0\n\
              set policy prefix-list OUT rule 10 action permit\n\
              set policy prefix-list OUT rule 10 prefix 10.20.0.0/16\n\
              set policy prefix-list OUT rule 20 action permit\n\
              set policy prefix-list OUT rule 20 prefix 10.30.0.0/16\n";
    let (l, u, p) = adv(pl);
    assert_eq!(l, vec!["10.20.0.0/16", "10.30.0.0/16"]);
    assert!(u.is_none());
    assert_eq!(p, 0);
    let (_, u, _) = adv(&format!("{pl}set policy prefix-list OUT rule 30 action permit\nset policy prefix-list OUT rule 30 prefix 10.0.0.0/8\nset policy prefix-list OUT rule 30 le 24\n"));
    assert!(u.is_some());
    // Route-map with a prefix-list match.
    let rm = "set protocols bgp address-family ipv4-unicast redistribute static\n\
              set protocols bgp neighbor 169.254.100.1 address-family ipv4-unicast route-map export RM\n\
              set policy route-map RM rule 10 action permit\n\
              set policy route-map RM rule 10 match ip address prefix-list NODEFAULT\n\
              set policy prefix-list NODEFAULT rule 10 action permit\n\
              set policy prefix-list NODEFAULT rule 10 prefix 10.0.0.0/8\n\
              set policy prefix-list NODEFAULT rule 10 le 24\n";
    let (l, _, _) = adv(rm);
    assert_eq!(l, vec!["10.20.0.0/16"]);
    // A rule matching both families never matches a route of one (FRR: the other family's
    // match does not match); before the shared engine the IPv6 clause was ignored.
    let (l, _, _) = adv(&format!(
        "{rm}set policy route-map RM rule 10 match ipv6 address prefix-list V6
         set policy prefix-list6 V6 rule 10 action permit
         set policy prefix-list6 V6 rule 10 prefix 2001:db8::/32
"
    ));
    assert!(l.is_empty(), "{l:?}");
    // `ge 24` alone reaches /32: it does not bound `redistribute ospf` (it counted as one
    // prefix before the shared engine).
    let (_, u, _) = adv(
        "set protocols bgp address-family ipv4-unicast redistribute ospf
         set protocols bgp neighbor 169.254.100.1 address-family ipv4-unicast prefix-list export GE
         set policy prefix-list GE rule 10 action permit
         set policy prefix-list GE rule 10 prefix 10.40.0.0/24
         set policy prefix-list GE rule 10 ge 24
",
    );
    assert!(u.is_some());
    // Undefined filters are problems (VyOS refuses them) and deny everything (FRR).
    let (l, _, p) = adv("set protocols bgp address-family ipv4-unicast redistribute static\nset protocols bgp neighbor 169.254.100.1 address-family ipv4-unicast prefix-list export MISSING\n");
    assert!(l.is_empty());
    assert_eq!(p, 1);
    // ebgp-requires-policy without an export policy: nothing goes out.
    let (l, _, _) = adv("set protocols bgp address-family ipv4-unicast redistribute static\nset protocols bgp parameters ebgp-requires-policy\n");
    assert!(l.is_empty());
}

#[test]
fn legacy_12_shapes() {
    let text = "protocols {\n    bgp 65010 {\n        neighbor 169.254.100.1 {\n            address-family {\n                ipv4-unicast {\n                    peer-group AWS\n                }\n            }\n        }\n        network 10.10.0.0/16 {\n        }\n        peer-group AWS {\n            remote-as 64512\n            password k3y\n        }\n    }\n    static {\n        interface-route 10.9.0.0/16 {\n            next-hop-interface vti1 {\n            }\n        }\n    }\n}\n/* Release version: 1.2.9 */\n";
    let m = model(text);
    let n = &m.bgp[0].neighbors[0];
    assert_eq!(n.group.as_deref(), Some("AWS"));
    assert_eq!(
        n.remote_as.as_ref().map(|r| r.value),
        Some(RemoteAs::Number(64512))
    );
    let f = n.family(Afi::Ipv4).unwrap();
    assert_eq!(f.advertised.prefixes.len(), 1);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

#[test]
fn disabled_and_tunnel_interfaces() {
    let text = "set interfaces ethernet eth1 disable\n\
                set interfaces ethernet eth1 vif-s 10 vif-c 20 address 169.254.1.2/30\n\
                set interfaces vti vti1 address 169.254.10.2/30\n\
                set interfaces vti vti1 mtu 1436\n\
                set interfaces tunnel tun0 remote 203.0.113.9\n\
                set interfaces tunnel tun0 source-address 192.0.2.1\n\
                set interfaces ethernet eth2 vif 5 ip adjust-mss 1360\n";
    let m = model(text);
    let c = m.interface("eth1.10.20").unwrap();
    assert_eq!(
        c.disabled.map(|s| slice(text, s)),
        Some("set interfaces ethernet eth1 disable")
    );
    let vti = m.interface("vti1").unwrap();
    assert_eq!(vti.mtu.as_ref().map(|x| x.value), Some(1436));
    let tun = m.interface("tun0").unwrap().tunnel.as_ref().unwrap();
    assert_eq!(
        tun.destination.as_ref().map(|d| d.value),
        Some(ip("203.0.113.9"))
    );
    assert_eq!(
        m.interface("eth2.5")
            .unwrap()
            .tcp_mss
            .as_ref()
            .map(|x| x.value),
        Some(1360)
    );
}

#[test]
fn suppression_comments_target_the_next_line() {
    let text = "protocols {\n    bgp {\n        /* dxlint-disable DX603, DX604 AWS asked for 30s */\n        neighbor 169.254.100.1 {\n            remote-as 64512\n        }\n        system-as 65010\n    }\n}\n";
    let m = model(text);
    assert_eq!(m.suppressions.len(), 1);
    let s = &m.suppressions[0];
    assert_eq!(s.rules, vec!["DX603", "DX604"]);
    assert_eq!(s.reason, "AWS asked for 30s");
    assert_eq!(
        s.target.map(|t| slice(text, t)),
        Some("neighbor 169.254.100.1 {")
    );
    let set = "# dxlint-disable-file DX605\nset protocols bgp system-as 1\n# dxlint-disable DX801 maintenance\nset protocols bgp neighbor 10.0.0.1 shutdown\n";
    let m = model(set);
    assert_eq!(m.suppressions.len(), 2);
    assert!(m.suppressions[0].target.is_none());
    assert_eq!(
        m.suppressions[1].target.map(|t| slice(set, t)),
        Some("set protocols bgp neighbor 10.0.0.1 shutdown")
    );
}

#[test]
fn stats_count_unknown_statements() {
    let m = model("set service ssh port 22\nset system host-name r1\nset interfaces ethernet eth0 speed auto\ndelete foo\n");
    assert_eq!(m.stats.statements, 3);
    assert_eq!(m.stats.unknown, 2); // ssh, speed
    assert_eq!(m.hostname.as_deref(), Some("r1"));
}

#[test]
fn set_form_delete_and_prompts_apply() {
    let text = "vyos@edge1# set protocols bgp system-as 65010\n\
                set protocols bgp neighbor 169.254.100.1 remote-as 64512\n\
                set protocols bgp neighbor 169.254.100.1 ebgp-multihop 2\n\
                delete protocols bgp neighbor 169.254.100.1 ebgp-multihop\n";
    let m = model(text);
    let n = &m.bgp[0].neighbors[0];
    assert!(n.rare().ebgp_multihop.is_none());
    assert_eq!(m.bgp[0].local_as.as_ref().map(|l| l.value), Some(65010));
}

#[test]
fn unbalanced_config_boot_is_a_problem_but_still_read() {
    let text = "interfaces {\n    ethernet eth1 {\n        vif 101 {\n            address 169.254.100.2/30\n";
    let m = model(text);
    assert!(m.interface("eth1.101").is_some());
    assert!(m.problems.iter().any(|p| p.message.contains("unreadable")));
}

// ---------------------------------------------------------------------------------- fixes

fn fixes_for(m: &RouterModel) -> Vec<String> {
    let n = ip("169.254.100.1");
    [
        Fix::RemoteAs {
            neighbor: n,
            asn: 64512,
        },
        Fix::Password {
            neighbor: n,
            placeholder: "<authKey of dxvif-ffab1234>".into(),
        },
        Fix::RemoveMultihop { neighbor: n },
        Fix::LocalAs {
            asn: 65020,
            neighbor: None,
            process_asn: Some(65010),
            peer: None,
        },
        Fix::ActivateFamily {
            neighbor: n,
            afi: Afi::Ipv4,
        },
    ]
    .iter()
    .map(|f| render_fix(f, m))
    .collect()
}

#[test]
fn fixes_follow_the_bgp_generation() {
    let modern = fixes_for(&model(CLEAN_14_SET));
    assert_eq!(
        modern,
        vec![
            "set protocols bgp neighbor 169.254.100.1 remote-as 64512",
            "set protocols bgp neighbor 169.254.100.1 password '<authKey of dxvif-ffab1234>'",
            "delete protocols bgp neighbor 169.254.100.1 ebgp-multihop",
            "set protocols bgp system-as 65020",
            "set protocols bgp neighbor 169.254.100.1 address-family ipv4-unicast",
        ]
    );
    let old = fixes_for(&model(CLEAN_13_BOOT));
    assert_eq!(
        old,
        vec![
            "set protocols bgp 65010 neighbor 169.254.100.1 remote-as 64512",
            "set protocols bgp 65010 neighbor 169.254.100.1 password '<authKey of dxvif-ffab1234>'",
            "delete protocols bgp 65010 neighbor 169.254.100.1 ebgp-multihop",
            "rename protocols bgp 65010 to bgp 65020",
            "set protocols bgp 65010 neighbor 169.254.100.1 address-family ipv4-unicast",
        ]
    );
    for f in modern.iter().chain(&old) {
        assert!(!f.contains("DxLintExampleKey"));
    }
}

#[test]
fn interface_fixes() {
    let text = "set interfaces ethernet eth1 mtu 1500\n\
                set interfaces ethernet eth1 vif 100 address 169.254.100.2/30\n\
                set interfaces ethernet eth1 vif 100 disable\n\
                set interfaces ethernet eth2 address 169.254.100.6/30\n\
                set interfaces ethernet eth3 vif-s 200 vif-c 101 address 169.254.100.10/30\n";
    let m = model(text);
    let r = |f: Fix| render_fix(&f, &m);
    assert_eq!(
        r(Fix::InterfaceVlan { interface: "eth1.100".into(), vlan: 101 }),
        "delete interfaces ethernet eth1 vif 100\nset interfaces ethernet eth1 vif 101 address 169.254.100.2/30"
    );
    assert_eq!(
        r(Fix::InterfaceVlan { interface: "eth2".into(), vlan: 101 }),
        "delete interfaces ethernet eth2 address 169.254.100.6/30\nset interfaces ethernet eth2 vif 101 address 169.254.100.6/30"
    );
    assert_eq!(
        r(Fix::InterfaceVlan { interface: "eth3.200.101".into(), vlan: 101 }),
        "delete interfaces ethernet eth3 vif-s 200 vif-c 101\nset interfaces ethernet eth3 vif 101 address 169.254.100.10/30"
    );
    assert_eq!(
        r(Fix::InterfaceAddress {
            interface: "eth1.100".into(),
            address: "169.254.100.2/30".parse().unwrap()
        }),
        "set interfaces ethernet eth1 vif 100 address 169.254.100.2/30"
    );
    assert_eq!(
        r(Fix::InterfaceAddress { interface: "eth1.100".into(), address: "169.254.100.1/30".parse().unwrap() }),
        "delete interfaces ethernet eth1 vif 100 address 169.254.100.2/30\nset interfaces ethernet eth1 vif 100 address 169.254.100.1/30"
    );
    assert_eq!(
        r(Fix::InterfaceMtu {
            interface: "eth1.100".into(),
            mtu: 9001
        }),
        "set interfaces ethernet eth1 mtu 9001\nset interfaces ethernet eth1 vif 100 mtu 9001"
    );
    assert_eq!(
        r(Fix::InterfaceEnable {
            interface: "eth1.100".into()
        }),
        "delete interfaces ethernet eth1 vif 100 disable"
    );
    assert_eq!(
        r(Fix::NewSubinterface { parent: "eth1".into(), vlan: 101, address: "169.254.100.2/30".parse().unwrap(), mtu: Some(1500), vrf: None }),
        "set interfaces ethernet eth1 vif 101 address 169.254.100.2/30\nset interfaces ethernet eth1 vif 101 mtu 1500"
    );
    assert_eq!(
        r(Fix::InterfaceMtu {
            interface: "eth3.200".into(),
            mtu: 1500
        }),
        "set interfaces ethernet eth3 vif-s 200 mtu 1500"
    );
}

#[test]
fn every_fix_variant_renders_something() {
    let m = model(CLEAN_14_BOOT);
    let n = ip("169.254.100.1");
    let all = vec![
        Fix::InterfaceVlan {
            interface: "eth1.101".into(),
            vlan: 102,
        },
        Fix::InterfaceAddress {
            interface: "eth1.101".into(),
            address: "169.254.100.2/30".parse().unwrap(),
        },
        Fix::InterfaceMtu {
            interface: "eth1.101".into(),
            mtu: 1500,
        },
        Fix::InterfaceEnable {
            interface: "eth1.101".into(),
        },
        Fix::NewSubinterface {
            parent: "eth1".into(),
            vlan: 102,
            address: "169.254.100.6/30".parse().unwrap(),
            mtu: None,
            vrf: None,
        },
        Fix::NeighborAddress {
            from: Some(ip("169.254.100.1")),
            to: ip("169.254.100.5"),
            remote_as: Some(64512),
        },
        Fix::NeighborAddress {
            from: None,
            to: ip("169.254.100.5"),
            remote_as: Some(64512),
        },
        Fix::LocalAs {
            asn: 65010,
            neighbor: Some(n),
            process_asn: Some(65010),
            peer: None,
        },
        Fix::LocalAs {
            asn: 65011,
            neighbor: None,
            process_asn: Some(65010),
            peer: None,
        },
        Fix::RemoteAs {
            neighbor: n,
            asn: 64512,
        },
        Fix::Password {
            neighbor: n,
            placeholder: "<authKey of dxvif-ffab1234>".into(),
        },
        Fix::RemovePassword { neighbor: n },
        Fix::Timers {
            neighbor: n,
            keepalive: 30,
            hold: 90,
        },
        Fix::RemoveMultihop { neighbor: n },
        Fix::RemoveTtlSecurity { neighbor: n },
        Fix::RemoveUpdateSource { neighbor: n },
        Fix::NeighborEnable { neighbor: n },
        Fix::Bfd { neighbor: n },
        Fix::ActivateFamily {
            neighbor: n,
            afi: Afi::Ipv6,
        },
        Fix::OutboundFilter {
            neighbor: n,
            afi: Afi::Ipv4,
            name: "AWS-OUT".into(),
        },
        Fix::RemoveDefaultOriginate {
            neighbor: n,
            afi: Afi::Ipv4,
        },
        Fix::Advertise {
            neighbor: n,
            prefix: "10.10.0.0/16".parse().unwrap(),
        },
        Fix::TunnelDestination {
            interface: "tun0".into(),
            address: ip("203.0.113.1"),
        },
        Fix::TunnelDestination {
            interface: "vti1".into(),
            address: ip("203.0.113.1"),
        },
        Fix::Note("Ask AWS to re-enable the VIF".into()),
    ];
    let expected = [
        "delete interfaces ethernet eth1 vif 101\nset interfaces ethernet eth1 vif 102 address 169.254.100.2/30\nset interfaces ethernet eth1 vif 102 mtu 1500",
        "set interfaces ethernet eth1 vif 101 address 169.254.100.2/30",
        "set interfaces ethernet eth1 vif 101 mtu 1500",
        "delete interfaces ethernet eth1 vif 101 disable",
        "set interfaces ethernet eth1 vif 102 address 169.254.100.6/30",
        "rename protocols bgp neighbor 169.254.100.1 to neighbor 169.254.100.5",
        "set protocols bgp neighbor 169.254.100.5 remote-as 64512\nset protocols bgp neighbor 169.254.100.5 address-family ipv4-unicast",
        "set protocols bgp neighbor 169.254.100.1 local-as 65010",
        "set protocols bgp system-as 65011",
        "set protocols bgp neighbor 169.254.100.1 remote-as 64512",
        "set protocols bgp neighbor 169.254.100.1 password '<authKey of dxvif-ffab1234>'",
        "delete protocols bgp neighbor 169.254.100.1 password",
        "set protocols bgp neighbor 169.254.100.1 timers holdtime 90\nset protocols bgp neighbor 169.254.100.1 timers keepalive 30",
        "delete protocols bgp neighbor 169.254.100.1 ebgp-multihop",
        "delete protocols bgp neighbor 169.254.100.1 ttl-security",
        "delete protocols bgp neighbor 169.254.100.1 update-source",
        "delete protocols bgp neighbor 169.254.100.1 shutdown",
        "set protocols bgp neighbor 169.254.100.1 bfd",
        "set protocols bgp neighbor 169.254.100.1 address-family ipv6-unicast",
        "set protocols bgp neighbor 169.254.100.1 address-family ipv4-unicast prefix-list export AWS-OUT",
        "delete protocols bgp neighbor 169.254.100.1 address-family ipv4-unicast default-originate",
        "set protocols bgp address-family ipv4-unicast network 10.10.0.0/16",
        "set interfaces tunnel tun0 remote 203.0.113.1",
        "# the site-to-site peer whose `vti bind` is vti1:\nset vpn ipsec site-to-site peer <peer> remote-address 203.0.113.1",
        "Ask AWS to re-enable the VIF",
    ];
    assert_eq!(all.len(), expected.len());
    for (f, e) in all.iter().zip(expected) {
        assert_eq!(render_fix(f, &m), e, "{f:?}");
    }
}

#[test]
fn removal_inside_a_peer_group_mentions_the_group() {
    let m = model("set protocols bgp system-as 65010\nset protocols bgp neighbor 169.254.100.1 peer-group AWS\nset protocols bgp peer-group AWS remote-as 64512\nset protocols bgp peer-group AWS ebgp-multihop 2\n");
    let out = render_fix(
        &Fix::RemoveMultihop {
            neighbor: ip("169.254.100.1"),
        },
        &m,
    );
    assert!(out.starts_with("delete protocols bgp neighbor 169.254.100.1 ebgp-multihop\n# "));
    assert!(out.ends_with("delete protocols bgp peer-group AWS ebgp-multihop"));
}

#[test]
fn no_panic_on_hostile_input() {
    let samples = [
        "set protocols bgp",
        "set protocols bgp 65010",
        "set protocols bgp neighbor",
        "set protocols bgp neighbor 1.1.1.1 address-family",
        "set protocols bgp neighbor 1.1.1.1 timers holdtime",
        "set protocols bgp peer-group",
        "set interfaces ethernet",
        "set interfaces ethernet eth1 vif",
        "set interfaces ethernet eth1 vif-s 1 vif-c",
        "set policy prefix-list X rule",
        "set policy route-map X rule 10 match ip address prefix-list",
        "set vrf name",
        "set vrf name X protocols bgp neighbor é remote-as ü",
        "protocols { bgp é { neighbor ü { remote-as \"é",
        "set protocols bgp 99999999999999 neighbor 1.1.1.1 remote-as 1",
        "set protocols bgp 1.2.3 neighbor 1.1.1.1 remote-as 1",
        "set protocols static route",
        "set protocols static route 1.1.1.1 next-hop",
        "/* dxlint-disable é */",
        "# dxlint-disable",
    ];
    for s in samples {
        let m = model(s);
        let _ = render_fix(
            &Fix::RemoteAs {
                neighbor: ip("1.1.1.1"),
                asn: 1,
            },
            &m,
        );
    }
}

// ---------------------------------------------------------------------------------- IPsec

#[test]
fn ipsec_13_peer_named_by_address() {
    let text = "set interfaces vti vti1 address 169.254.44.2/30\n\
                set vpn ipsec ike-group AWS key-exchange ikev2\n\
                set vpn ipsec ike-group AWS lifetime 28800\n\
                set vpn ipsec ike-group AWS dead-peer-detection timeout 30\n\
                set vpn ipsec ike-group AWS proposal 1 dh-group 14\n\
                set vpn ipsec ike-group AWS proposal 1 encryption aes256\n\
                set vpn ipsec ike-group AWS proposal 1 hash sha256\n\
                set vpn ipsec ike-group AWS proposal 2 dh-group 2\n\
                set vpn ipsec ike-group AWS proposal 2 encryption aes128\n\
                set vpn ipsec ike-group AWS proposal 2 hash sha1\n\
                set vpn ipsec esp-group AWS lifetime 3600\n\
                set vpn ipsec esp-group AWS pfs dh-group14\n\
                set vpn ipsec esp-group AWS proposal 1 encryption aes256\n\
                set vpn ipsec esp-group AWS proposal 1 hash sha256\n\
                set vpn ipsec site-to-site peer 203.0.113.10 authentication mode pre-shared-secret\n\
                set vpn ipsec site-to-site peer 203.0.113.10 authentication pre-shared-secret 'tunnel1.psk_value'\n\
                set vpn ipsec site-to-site peer 203.0.113.10 ike-group AWS\n\
                set vpn ipsec site-to-site peer 203.0.113.10 local-address 198.51.100.7\n\
                set vpn ipsec site-to-site peer 203.0.113.10 vti bind vti1\n\
                set vpn ipsec site-to-site peer 203.0.113.10 vti esp-group AWS\n";
    let m = model(text);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let ike = &m.ipsec.ike_proposals[0];
    assert_eq!(ike.name, "AWS");
    assert_eq!(ike.encryption, vec!["aes256", "aes128"]);
    // Normalised names (see `dialect::ipsec_names`): sha256 → sha2-256.
    assert_eq!(ike.integrity, vec!["sha2-256", "sha1"]);
    assert_eq!(ike.dh_groups, vec![14, 2]);
    assert_eq!(ike.lifetime.as_ref().map(|l| l.value), Some(28800));
    let esp = &m.ipsec.ipsec_proposals[0];
    assert_eq!(esp.pfs_group, Some(14));
    let p = &m.ipsec.peers[0];
    assert_eq!(
        p.address.as_ref().map(|a| a.value),
        Some(ip("203.0.113.10"))
    );
    assert_eq!(p.ike_version.as_ref().map(|v| v.value), Some(2));
    assert_eq!(p.dpd.as_ref().map(|v| v.value), Some(30));
    assert_eq!(p.ipsec_proposals, vec!["AWS"]);
    assert_eq!(p.interface.as_deref(), Some("vti1"));
    match p.psk.as_ref().map(|s| &s.value) {
        Some(Password::Known(s)) => assert_eq!(s, &Secret::new("tunnel1.psk_value")),
        other => panic!("{other:?}"),
    }
    let t = m.interface("vti1").unwrap().tunnel.as_ref().unwrap();
    assert_eq!(
        t.destination.as_ref().map(|d| d.value),
        Some(ip("203.0.113.10"))
    );
    assert_eq!(
        t.source.as_ref().map(|s| s.value.as_str()),
        Some("198.51.100.7")
    );
    let fix = render_fix(
        &Fix::TunnelDestination {
            interface: "vti1".into(),
            address: ip("203.0.113.99"),
        },
        &m,
    );
    assert_eq!(
        fix,
        "set vpn ipsec site-to-site peer 203.0.113.10 remote-address 203.0.113.99"
    );
    assert!(!format!("{m:?}").contains("psk_value"));
}

#[test]
fn ipsec_14_psk_by_id_and_base64() {
    let text = "vpn {\n    ipsec {\n        authentication {\n            psk AWS-T1 {\n                id 203.0.113.10\n                secret dHVubmVsMS5wc2tfdmFsdWU=\n                secret-type base64\n            }\n        }\n        site-to-site {\n            peer aws-t1 {\n                remote-address 203.0.113.10\n                ike-group AWS\n                vti {\n                    bind vti1\n                }\n            }\n        }\n    }\n}\n";
    let m = model(text);
    let p = &m.ipsec.peers[0];
    assert_eq!(p.name, "aws-t1");
    assert_eq!(
        p.address.as_ref().map(|a| a.value),
        Some(ip("203.0.113.10"))
    );
    match p.psk.as_ref().map(|s| &s.value) {
        Some(Password::Known(s)) => assert_eq!(s, &Secret::new("tunnel1.psk_value")),
        other => panic!("{other:?}"),
    }
    assert!(slice(text, p.psk.as_ref().unwrap().span).starts_with("secret dHVu"));
    let bad = text.replace("dHVubmVsMS5wc2tfdmFsdWU=", "not*base64");
    let m = model(&bad);
    assert!(matches!(
        m.ipsec.peers[0].psk.as_ref().map(|s| &s.value),
        Some(Password::Unverifiable(_))
    ));
    assert_eq!(m.problems.len(), 1);
}

#[test]
fn mutated_fixtures_never_panic() {
    // Deterministic mutations (LCG): cut, duplicate and inject syntax characters, including
    // multi-byte ones, at arbitrary char boundaries of every clean fixture.
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n.max(1)
    };
    let inject = [
        "{",
        "}",
        "\"",
        "'",
        "/*",
        "//",
        "#",
        "\n",
        "é",
        " vif 5000 ",
        " 0/0 ",
        "\\",
    ];
    for base in [CLEAN_13_BOOT, CLEAN_13_SET, CLEAN_14_BOOT, CLEAN_14_SET] {
        for _ in 0..150 {
            let mut s: Vec<char> = base.chars().collect();
            for _ in 0..1 + next(6) {
                let at = next(s.len());
                match next(3) {
                    0 => {
                        let len = next(40).min(s.len() - at);
                        s.drain(at..at + len);
                    }
                    1 => {
                        let piece: Vec<char> = inject[next(inject.len())].chars().collect();
                        s.splice(at..at, piece);
                    }
                    _ => {
                        let len = next(60).min(s.len() - at);
                        let dup: Vec<char> = s[at..at + len].to_vec();
                        s.splice(at..at, dup);
                    }
                }
            }
            let text: String = s.into_iter().collect();
            let m = model(&text);
            for f in [
                Fix::InterfaceVlan {
                    interface: "eth1.101".into(),
                    vlan: 7,
                },
                Fix::LocalAs {
                    asn: 1,
                    neighbor: None,
                    process_asn: None,
                    peer: None,
                },
                Fix::RemoveMultihop {
                    neighbor: ip("169.254.100.1"),
                },
            ] {
                let _ = render_fix(&f, &m);
            }
        }
    }
}

/// The candidate index gives what filtering every candidate gives: prefix lists with
/// ge/le and deny rules, route maps with other-family and opaque matches, undefined filters.
#[test]
fn indexed_export_equals_filtering_every_candidate() {
    let mut c = String::from("set protocols bgp system-as '65010'\n");
    for i in 0..30 {
        c += &format!(
            "set protocols bgp address-family ipv4-unicast network '10.{}.{}.0/24'\n",
            i % 3,
            i
        );
    }
    c += "set protocols bgp address-family ipv4-unicast network '10.1.0.0/16'\n\
          set protocols bgp address-family ipv4-unicast network '192.0.2.0/24'\n\
          set protocols bgp address-family ipv6-unicast network '2001:db8:1::/48'\n\
          set policy prefix-list EXACT rule 10 action 'permit'\n\
          set policy prefix-list EXACT rule 10 prefix '10.1.4.0/24'\n\
          set policy prefix-list EXACT rule 20 action 'permit'\n\
          set policy prefix-list EXACT rule 20 prefix '192.0.2.0/24'\n\
          set policy prefix-list RANGE rule 5 action 'deny'\n\
          set policy prefix-list RANGE rule 5 prefix '10.1.7.0/24'\n\
          set policy prefix-list RANGE rule 10 action 'permit'\n\
          set policy prefix-list RANGE rule 10 prefix '10.1.0.0/16'\n\
          set policy prefix-list RANGE rule 10 le '24'\n\
          set policy prefix-list RANGE rule 20 action 'permit'\n\
          set policy prefix-list RANGE rule 20 prefix '10.2.0.0/16'\n\
          set policy prefix-list RANGE rule 20 ge '24'\n\
          set policy prefix-list6 V6 rule 10 action 'permit'\n\
          set policy prefix-list6 V6 rule 10 prefix '2001:db8::/32'\n\
          set policy prefix-list6 V6 rule 10 le '48'\n\
          set policy route-map BYLIST rule 10 action 'permit'\n\
          set policy route-map BYLIST rule 10 match ip address prefix-list 'RANGE'\n\
          set policy route-map BYLIST rule 20 action 'permit'\n\
          set policy route-map BYLIST rule 20 match ipv6 address prefix-list 'V6'\n\
          set policy route-map OPAQUE rule 5 action 'deny'\n\
          set policy route-map OPAQUE rule 5 match ip address prefix-list 'EXACT'\n\
          set policy route-map OPAQUE rule 10 action 'permit'\n\
          set policy route-map OPAQUE rule 10 match community community-list '7'\n";
    let exports = [
        "",
        "prefix-list export 'EXACT'",
        "prefix-list export 'RANGE'",
        "prefix-list export 'NOPE'",
        "route-map export 'BYLIST'",
        "route-map export 'OPAQUE'",
        "route-map export 'NOPE'",
    ];
    let mut n = 0;
    for (i, e) in exports.iter().enumerate() {
        for (j, e2) in ["", "route-map export 'BYLIST'"].iter().enumerate() {
            let nb = format!("set protocols bgp neighbor 169.254.{i}.{}", 1 + 4 * j);
            c += &format!("{nb} remote-as '64512'\n{nb} address-family ipv4-unicast\n");
            for x in [e, e2].iter().filter(|x| !x.is_empty()) {
                c += &format!("{nb} address-family ipv4-unicast {x}\n");
            }
            n += 1;
        }
    }
    let families = |m: &RouterModel| -> Vec<String> {
        m.neighbors()
            .flat_map(|(_, n)| {
                n.families
                    .iter()
                    .map(|f| format!("{} {:?}", n.addr, f.advertised))
            })
            .chain(m.problems.iter().map(|p| p.message.clone()))
            .collect()
    };
    let indexed = model(&c);
    crate::dialect::prefix_index::SCAN_ALL.with(|s| s.set(true));
    let scanned = model(&c);
    crate::dialect::prefix_index::SCAN_ALL.with(|s| s.set(false));
    assert_eq!(families(&indexed), families(&scanned));
    let counts: Vec<usize> = indexed
        .neighbors()
        .map(|(_, n)| n.families.iter().map(|f| f.advertised.prefixes.len()).sum())
        .collect();
    assert_eq!(counts.len(), n);
    let mut distinct = counts.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(
        distinct.len() >= 4 && counts.iter().any(|&c| c > 0),
        "{counts:?}"
    );
}

/// Statements about one node usually arrive together, and the extractor remembers the last
/// node it filed into; written interleaved, quoted differently and with rules out of order,
/// the same router must come out the same.
#[test]
fn interleaved_and_requoted_statements_build_the_same_model() {
    let grouped = "set interfaces ethernet eth1 mtu 9000\n\
        set interfaces ethernet eth1 vif 101 address 169.254.100.2/30\n\
        set interfaces ethernet eth1 vif 101 mtu 1500\n\
        set interfaces ethernet eth1 vif 102 address 169.254.101.2/30\n\
        set interfaces ethernet eth1 vif 102 mtu 1400\n\
        set policy prefix-list OUT rule 10 action deny\n\
        set policy prefix-list OUT rule 10 prefix 10.1.0.0/24\n\
        set policy prefix-list OUT rule 20 action permit\n\
        set policy prefix-list OUT rule 20 prefix 10.0.0.0/8\n\
        set policy prefix-list OUT rule 20 le 24\n\
        set protocols bgp system-as 65010\n\
        set protocols bgp address-family ipv4-unicast network 10.1.0.0/24\n\
        set protocols bgp address-family ipv4-unicast network 10.2.0.0/24\n\
        set protocols bgp neighbor 169.254.100.1 remote-as 64512\n\
        set protocols bgp neighbor 169.254.100.1 password k1\n\
        set protocols bgp neighbor 169.254.100.1 address-family ipv4-unicast prefix-list export OUT\n\
        set protocols bgp neighbor 169.254.101.1 remote-as 64513\n\
        set protocols bgp neighbor 169.254.101.1 timers holdtime 30\n";
    let interleaved = "set interfaces ethernet eth1 mtu 9000\n\
        set interfaces ethernet 'eth1' vif 101 address 169.254.100.2/30\n\
        set interfaces ethernet eth1 vif 102 mtu 1400\n\
        set interfaces ethernet eth1 vif '101' mtu 1500\n\
        set policy prefix-list OUT rule 20 action permit\n\
        set protocols bgp system-as 65010\n\
        set policy prefix-list 'OUT' rule 10 action deny\n\
        set protocols bgp address-family ipv4-unicast network 10.1.0.0/24\n\
        set interfaces ethernet eth1 vif 102 address 169.254.101.2/30\n\
        set protocols bgp neighbor 169.254.100.1 remote-as 64512\n\
        set policy prefix-list OUT rule 20 prefix 10.0.0.0/8\n\
        set protocols bgp address-family ipv4-unicast network '10.2.0.0/24'\n\
        set protocols bgp neighbor '169.254.101.1' remote-as 64513\n\
        set policy prefix-list OUT rule 10 prefix 10.1.0.0/24\n\
        set protocols bgp neighbor 169.254.100.1 password k1\n\
        set protocols bgp neighbor 169.254.101.1 timers holdtime 30\n\
        set policy prefix-list OUT rule 20 le 24\n\
        set protocols bgp neighbor 169.254.100.1 address-family ipv4-unicast prefix-list export 'OUT'\n";
    let (a, b) = (model(grouped), model(interleaved));
    assert_eq!(summary(&a), summary(&b));
    let mtu = |m: &RouterModel, name: &str| m.interface(name).and_then(|i| i.mtu.clone());
    assert_eq!(mtu(&b, "eth1.101").map(|m| m.value), Some(1500));
    assert_eq!(mtu(&b, "eth1.102").map(|m| m.value), Some(1400));
    assert_eq!(b.interface("eth1.101").unwrap().addresses.len(), 1);
    let nbr = |addr: &str| b.neighbors().find(|(_, n)| n.addr == ip(addr)).unwrap().1;
    // Rule 10 (deny) decides before rule 20 although it is written after it.
    let adv: Vec<String> = nbr("169.254.100.1").families[0]
        .advertised
        .prefixes
        .iter()
        .map(|p| p.value.to_string())
        .collect();
    assert_eq!(adv, ["10.2.0.0/24"]);
    assert!(nbr("169.254.100.1").password.is_some());
    // A lone holdtime never reaches FRR (VyOS writes timers only as a pair).
    assert!(nbr("169.254.101.1").timers.is_none());
    assert!(a.neighbors().all(|(_, n)| n.timers.is_none()));
}

#[test]
fn line_span_finds_the_trimmed_line_around_any_offset() {
    // Lines shorter and longer than the eight bytes tested at a time, a vertical tab (0x0b)
    // right above a newline (the chunk test's false alarm), and no final newline.
    let text =
        "a\n  set protocols bgp neighbor 192.0.2.1 remote-as 64512  \n\n\x0b\nxy\t\nlast line";
    for offset in 0..=text.len() + 3 {
        let at = offset.min(text.len());
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let line = text[start..end].trim_matches(|c: char| c.is_ascii_whitespace());
        let got = line_span(text, offset);
        assert_eq!(slice(text, got), line, "offset {offset}");
        if !line.is_empty() {
            assert!(got.start() >= start && got.end() <= end, "offset {offset}");
        }
    }
}

//! The scenarios: what AWS has (written as a VIF JSON), what the customer router has (written
//! as the FRR config its bgpd runs) and the wiring between them. Both texts are generated
//! from the same few values, so each scenario states its fault as one difference.

use serde_json::json;

/// The AWS-side BGP implementation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AwsImpl {
    Bird,
    Gobgp,
}

impl AwsImpl {
    pub fn name(self) -> &'static str {
        match self {
            AwsImpl::Bird => "BIRD",
            AwsImpl::Gobgp => "GoBGP",
        }
    }
}

/// The VIF as `aws directconnect describe-virtual-interfaces` prints it.
#[derive(Clone, Debug)]
pub struct Vif {
    pub vlan: u16,
    pub amazon_asn: u32,
    pub customer_asn: u32,
    pub amazon_address: &'static str,
    pub customer_address: &'static str,
    pub auth_key: Option<String>,
    pub mtu: u32,
    pub ipv6: bool,
}

/// The customer router (FRR) as configured.
#[derive(Clone, Debug)]
pub struct Router {
    /// The VLAN the kernel tags with; FRR names the sub-interface after it (`eth0.101`).
    pub vlan: u16,
    pub address: &'static str,
    pub neighbor: &'static str,
    pub local_asn: u32,
    pub remote_as: u32,
    pub password: Option<String>,
    /// `neighbor X timers <keepalive> <hold>`.
    pub timers: (u32, u32),
    /// Prefixes advertised (`network` lines), at least 1.
    pub prefixes: usize,
    /// Large UPDATEs: many large communities on every prefix (one ~1.9 KB UPDATE, more than a 1500-byte packet holds).
    pub big_update: bool,
    pub shutdown: bool,
    /// `neighbor X activate` for the peering's family. Off: IPv4 gets `no bgp default
    /// ipv4-unicast` (no family at all); IPv6 keeps FRR's default IPv4 activation.
    pub activate: bool,
    /// Extra `neighbor X …` attributes (`update-source …`, `ebgp-multihop 2`).
    pub neighbor_extra: Vec<&'static str>,
    /// An address on the loopback (`interface lo`), applied to the kernel like the link's.
    pub loopback: Option<&'static str>,
    /// Interface MTU set on the kernel (FRR has no MTU command: it is the OS's).
    pub mtu: u32,
    /// Leave FRR's `bgp ebgp-requires-policy` default on (the config omits `no bgp
    /// ebgp-requires-policy`).
    pub requires_policy: bool,
    /// `neighbor X prefix-list TO-AWS out` (or the route-map of `big_update`).
    pub outbound_policy: bool,
    /// An input firewall (nftables in the namespace; dxlint lints it as VyOS).
    pub firewall: Option<crate::filter::Firewall>,
    /// The outbound filter names a list no line defines: `Some(false)` the neighbor's
    /// prefix-list itself, `Some(true)` the prefix-list a route-map's `match` names (how
    /// FRR treats an undefined name, which the policy engine takes from the profile).
    pub undefined_list: Option<bool>,
    /// `aggregate-address 10.200.0.0/16`, `summary-only` when true (the prefixes lie in it).
    pub aggregate: Option<bool>,
    /// The outbound route-map `TO-AWS-PART`: a deny entry on a prefix-list of one of the
    /// router's prefixes, a deny entry on a community (which no prefix carries), then a
    /// permit matching `ip prefix-list PART` with this entry.
    pub partial_map: Option<&'static str>,
}

/// How the two namespaces are joined.
#[derive(Clone, Debug, Default)]
pub struct Wiring {
    /// An L2 hop between the two ends with this MTU that drops larger frames silently.
    pub middle_hop_mtu: Option<u32>,
    /// MTU of the AWS end (default: the VIF's).
    pub aws_mtu: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct Scenario {
    pub id: &'static str,
    pub title: &'static str,
    pub aws: AwsImpl,
    pub vif: Vif,
    pub router: Router,
    pub wiring: Wiring,
    /// Seconds both sides must stay Established before the session counts as stable.
    pub settle_s: f64,
}

pub const KEY: &str = "0xOracleKey123";

pub fn base(id: &'static str, title: &'static str) -> Scenario {
    Scenario {
        id,
        title,
        aws: AwsImpl::Bird,
        vif: Vif {
            vlan: 101,
            amazon_asn: 64512,
            customer_asn: 65000,
            amazon_address: "169.254.10.1/30",
            customer_address: "169.254.10.2/30",
            auth_key: Some(KEY.into()),
            mtu: 1500,
            ipv6: false,
        },
        router: Router {
            vlan: 101,
            address: "169.254.10.2/30",
            neighbor: "169.254.10.1",
            local_asn: 65000,
            remote_as: 64512,
            password: Some(KEY.into()),
            timers: (30, 90),
            prefixes: 1,
            big_update: false,
            shutdown: false,
            activate: true,
            neighbor_extra: Vec::new(),
            loopback: None,
            mtu: 1500,
            requires_policy: false,
            outbound_policy: true,
            firewall: None,
            undefined_list: None,
            aggregate: None,
            partial_map: None,
        },
        wiring: Wiring::default(),
        settle_s: 3.0,
    }
}

fn with(id: &'static str, title: &'static str, f: impl FnOnce(&mut Scenario)) -> Scenario {
    let mut s = base(id, title);
    f(&mut s);
    s
}

/// Every scenario the suite runs.
pub fn all() -> Vec<Scenario> {
    vec![
        base("clean", "all parameters match"),
        with("clean-gobgp", "all parameters match", |s| {
            s.aws = AwsImpl::Gobgp
        }),
        with("vlan-mismatch", "router tags VLAN 102, VIF 101", |s| {
            s.router.vlan = 102
        }),
        with(
            "address-dot3",
            "router address .3/30 instead of .2/30",
            |s| s.router.address = "169.254.10.3/30",
        ),
        with("mask-31", "router mask /31 (AWS address off-link)", |s| {
            s.router.address = "169.254.10.2/31"
        }),
        with(
            "mask-24",
            "router mask /24 (AWS address still on-link)",
            |s| s.router.address = "169.254.10.2/24",
        ),
        with("addresses-swapped", "router has .1, neighbor .2", |s| {
            s.router.address = "169.254.10.1/30";
            s.router.neighbor = "169.254.10.2";
        }),
        with("local-asn", "router ASN 65001, VIF 65000", |s| {
            s.router.local_asn = 65001
        }),
        with("remote-asn", "router remote-as 7224, Amazon 64512", |s| {
            s.router.remote_as = 7224
        }),
        with(
            "remote-asn-gobgp",
            "router remote-as 7224, Amazon 64512",
            |s| {
                s.router.remote_as = 7224;
                s.aws = AwsImpl::Gobgp;
            },
        ),
        with("md5-missing", "VIF has a key, router none", |s| {
            s.router.password = None
        }),
        with("md5-unexpected", "router has a key, VIF none", |s| {
            s.vif.auth_key = None
        }),
        with("md5-different", "keys differ", |s| {
            s.router.password = Some(format!("{KEY}x"))
        }),
        with("md5-different-gobgp", "keys differ", |s| {
            s.router.password = Some(format!("{KEY}x"));
            s.aws = AwsImpl::Gobgp;
        }),
        with(
            "md5-space-vif",
            "VIF key ends in a space, router key does not",
            |s| s.vif.auth_key = Some(format!("{KEY} ")),
        ),
        with(
            "md5-space-router",
            "router's password line ends in a space",
            |s| s.router.password = Some(format!("{KEY} ")),
        ),
        with("hold-0", "router hold time 0", |s| s.router.timers = (0, 0)),
        with("hold-2", "router `timers 1 2`", |s| {
            s.router.timers = (1, 2)
        }),
        with("prefixes-85", "router advertises 85 prefixes", |s| {
            s.router.prefixes = 85
        }),
        with("prefixes-100", "router advertises 100 prefixes", |s| {
            s.router.prefixes = 100
        }),
        with(
            "prefixes-100-gobgp",
            "router advertises 100 prefixes",
            |s| {
                s.router.prefixes = 100;
                s.aws = AwsImpl::Gobgp;
            },
        ),
        with("prefixes-101", "router advertises 101 prefixes", |s| {
            s.router.prefixes = 101
        }),
        with(
            "prefixes-101-gobgp",
            "router advertises 101 prefixes",
            |s| {
                s.router.prefixes = 101;
                s.aws = AwsImpl::Gobgp;
            },
        ),
        with("prefixes-150", "router advertises 150 prefixes", |s| {
            s.router.prefixes = 150
        }),
        with(
            "mtu-ends",
            "router MTU 9001, VIF (AWS end) 1500; a 1.9 KB UPDATE",
            |s| {
                s.router.mtu = 9001;
                s.router.prefixes = 60;
                s.router.big_update = true;
            },
        ),
        with(
            "mtu-middle-hop",
            "router MTU 9001, a silent 1500-byte L2 hop, AWS end 1500; a 1.9 KB UPDATE",
            |s| {
                s.router.mtu = 9001;
                s.router.prefixes = 60;
                s.router.big_update = true;
                s.wiring.middle_hop_mtu = Some(1500);
            },
        ),
        with("shutdown", "`neighbor X shutdown`", |s| {
            s.router.shutdown = true
        }),
        with(
            "update-source-loopback",
            "session sourced from a loopback address",
            |s| {
                s.router.loopback = Some("10.255.0.1/32");
                s.router.neighbor_extra = vec!["update-source 10.255.0.1"];
            },
        ),
        with(
            "ebgp-multihop",
            "`ebgp-multihop 2` on the direct link",
            |s| s.router.neighbor_extra = vec!["ebgp-multihop 2"],
        ),
        with(
            "ttl-security",
            "`ttl-security hops 1` (GTSM) against AWS's TTL 1",
            |s| s.router.neighbor_extra = vec!["ttl-security hops 1"],
        ),
        with("nothing-advertised", "router originates no prefix", |s| {
            s.router.prefixes = 0
        }),
        with(
            "ebgp-requires-policy",
            "FRR default `bgp ebgp-requires-policy`, no outbound policy",
            |s| {
                s.router.requires_policy = true;
                s.router.outbound_policy = false;
            },
        ),
        with(
            "ebgp-requires-policy-prefix-list",
            "FRR default `bgp ebgp-requires-policy`, outbound prefix-list",
            |s| s.router.requires_policy = true,
        ),
        with(
            "no-ebgp-requires-policy",
            "`no bgp ebgp-requires-policy`, no outbound policy",
            |s| s.router.outbound_policy = false,
        ),
        with(
            "undefined-prefix-list-out",
            "101 prefixes, `neighbor X prefix-list NOPE out` with no list NOPE",
            |s| {
                s.router.prefixes = 101;
                s.router.undefined_list = Some(false);
            },
        ),
        with(
            "route-map-undefined-list",
            "101 prefixes through a route-map whose `match` names no defined prefix-list",
            |s| {
                s.router.prefixes = 101;
                s.router.undefined_list = Some(true);
            },
        ),
        with(
            "aggregate-summary-only",
            "101 prefixes under `aggregate-address 10.200.0.0/16 summary-only`, no outbound filter",
            |s| {
                s.router.prefixes = 101;
                s.router.outbound_policy = false;
                s.router.aggregate = Some(true);
            },
        ),
        with(
            "aggregate-not-summary",
            "101 prefixes and `aggregate-address 10.200.0.0/16` (without summary-only)",
            |s| {
                s.router.prefixes = 101;
                s.router.outbound_policy = false;
                s.router.aggregate = Some(false);
            },
        ),
        with(
            "route-map-part",
            "101 prefixes through a route-map: deny one by prefix-list, a community deny, permit the rest (100 sent)",
            |s| {
                s.router.prefixes = 101;
                s.router.partial_map = Some("permit 10.200.0.0/16 le 24");
            },
        ),
        with(
            "not-activated",
            "`no bgp default ipv4-unicast`, neighbor not activated",
            |s| s.router.activate = false,
        ),
        with(
            "ipv6-not-activated",
            "IPv6 neighbor not activated for IPv6 (FRR offers it IPv4 only)",
            |s| {
                s.vif.ipv6 = true;
                s.vif.amazon_address = "2001:db8:ca::1/125";
                s.vif.customer_address = "2001:db8:ca::2/125";
                s.router.address = "2001:db8:ca::2/125";
                s.router.neighbor = "2001:db8:ca::1";
                s.router.activate = false;
            },
        ),
        with("ipv6", "IPv6 peering, all parameters match", |s| {
            s.vif.ipv6 = true;
            s.vif.amazon_address = "2001:db8:ca::1/125";
            s.vif.customer_address = "2001:db8:ca::2/125";
            s.router.address = "2001:db8:ca::2/125";
            s.router.neighbor = "2001:db8:ca::1";
        }),
        with("ipv6-gobgp", "IPv6 peering, all parameters match", |s| {
            s.vif.ipv6 = true;
            s.vif.amazon_address = "2001:db8:ca::1/125";
            s.vif.customer_address = "2001:db8:ca::2/125";
            s.router.address = "2001:db8:ca::2/125";
            s.router.neighbor = "2001:db8:ca::1";
            s.aws = AwsImpl::Gobgp;
        }),
        with("ipv6-asn", "IPv6 peering, router remote-as 7224", |s| {
            s.vif.ipv6 = true;
            s.vif.amazon_address = "2001:db8:ca::1/125";
            s.vif.customer_address = "2001:db8:ca::2/125";
            s.router.address = "2001:db8:ca::2/125";
            s.router.neighbor = "2001:db8:ca::1";
            s.router.remote_as = 7224;
        }),
    ]
}

/// The VIF JSON, as the AWS CLI prints it.
pub fn vif_json(s: &Scenario) -> String {
    let v = &s.vif;
    let family = if v.ipv6 { "ipv6" } else { "ipv4" };
    let peer = json!({
        "bgpPeerId": "dxpeer-oracle01",
        "asn": v.customer_asn,
        "asnLong": v.customer_asn,
        "authKey": v.auth_key,
        "addressFamily": family,
        "amazonAddress": v.amazon_address,
        "customerAddress": v.customer_address,
        "bgpPeerState": "available",
        "bgpStatus": "down",
    });
    let vif = json!({
        "ownerAccount": "111122223333",
        "virtualInterfaceId": "dxvif-oracle01",
        "location": "EqDC2",
        "connectionId": "dxcon-oracle01",
        "virtualInterfaceType": "private",
        "virtualInterfaceName": s.id,
        "vlan": v.vlan,
        "asn": v.customer_asn,
        "asnLong": v.customer_asn,
        "amazonSideAsn": v.amazon_asn,
        "authKey": v.auth_key,
        "amazonAddress": v.amazon_address,
        "customerAddress": v.customer_address,
        "addressFamily": family,
        "virtualInterfaceState": "available",
        "mtu": v.mtu,
        "jumboFrameCapable": true,
        "bgpPeers": [peer],
        "region": "us-east-1",
    });
    serde_json::to_string_pretty(&json!({ "virtualInterfaces": [vif] })).expect("JSON")
}

/// The prefixes the router originates.
pub fn router_prefixes(s: &Scenario) -> Vec<String> {
    (0..s.router.prefixes)
        .map(|i| {
            if s.vif.ipv6 {
                format!("2001:db8:{:x}::/48", 0x1000 + i)
            } else {
                format!("10.{}.{}.0/24", 200 + i / 256, i % 256)
            }
        })
        .collect()
}

/// The customer's FRR configuration (integrated `frr.conf` form: the `interface` section is
/// zebra's, the harness applies it to the kernel because bgpd runs without zebra).
pub fn frr_config(s: &Scenario, log_file: &str) -> String {
    let r = &s.router;
    let v6 = s.vif.ipv6;
    let n = r.neighbor;
    let mut c = vec![
        "frr version 8.4".to_string(),
        "frr defaults traditional".into(),
        "hostname customer".into(),
        format!("log file {log_file}"),
        "debug bgp neighbor-events".into(),
        "!".into(),
        format!("interface eth0.{}", r.vlan),
        format!(" {} address {}", if v6 { "ipv6" } else { "ip" }, r.address),
        "!".into(),
    ];
    if let Some(lo) = r.loopback {
        c.extend([
            "interface lo".into(),
            format!(" ip address {lo}"),
            "!".into(),
        ]);
    }
    c.extend([
        format!("router bgp {}", r.local_asn),
        // Without zebra bgpd learns no router id; an IPv6-only router has none to take.
        format!(
            " bgp router-id {}",
            if v6 {
                "192.0.2.2"
            } else {
                r.address.split('/').next().unwrap_or_default()
            }
        ),
        " no bgp network import-check".into(),
    ]);
    if !r.requires_policy {
        c.push(" no bgp ebgp-requires-policy".into());
    }
    // An IPv6 neighbor is activated for IPv6 only; an IPv4 neighbor that should have no
    // family loses FRR's default IPv4 activation.
    if v6 == r.activate {
        c.push(" no bgp default ipv4-unicast".into());
    }
    c.push(format!(" neighbor {n} remote-as {}", r.remote_as));
    if let Some(pw) = &r.password {
        c.push(format!(" neighbor {n} password {pw}"));
    }
    c.push(format!(
        " neighbor {n} timers {} {}",
        r.timers.0, r.timers.1
    ));
    c.push(format!(" neighbor {n} timers connect 1"));
    if r.shutdown {
        c.push(format!(" neighbor {n} shutdown"));
    }
    for extra in &r.neighbor_extra {
        c.push(format!(" neighbor {n} {extra}"));
    }
    c.push(format!(
        " address-family {} unicast",
        if v6 { "ipv6" } else { "ipv4" }
    ));
    for p in router_prefixes(s) {
        c.push(format!("  network {p}"));
    }
    if let Some(summary_only) = r.aggregate {
        let only = if summary_only { " summary-only" } else { "" };
        c.push(format!("  aggregate-address 10.200.0.0/16{only}"));
    }
    if v6 && r.activate {
        c.push(format!("  neighbor {n} activate"));
    }
    if !r.outbound_policy {
        // No outbound policy at all.
    } else if r.partial_map.is_some() {
        c.push(format!("  neighbor {n} route-map TO-AWS-PART out"));
    } else if let Some(in_map) = r.undefined_list {
        if in_map {
            c.push(format!("  neighbor {n} route-map TO-AWS-NOPE out"));
        } else {
            c.push(format!("  neighbor {n} prefix-list NOPE out"));
        }
    } else if r.big_update {
        c.push(format!("  neighbor {n} route-map TO-AWS out"));
    } else {
        c.push(format!("  neighbor {n} prefix-list TO-AWS out"));
    }
    c.push(" exit-address-family".into());
    c.push("!".into());
    // Only the router's own prefixes go to AWS (no echo of AWS's routes).
    if v6 {
        c.push("ipv6 prefix-list TO-AWS seq 5 permit 2001:db8::/32 ge 48 le 48".into());
    } else {
        c.push("ip prefix-list TO-AWS seq 5 permit 10.0.0.0/8 ge 24 le 24".into());
    }
    if let Some(entry) = r.partial_map {
        c.push(format!("ip prefix-list PART seq 5 {entry}"));
        c.push("ip prefix-list ONE seq 5 permit 10.200.0.0/24".into());
        c.push("bgp community-list standard NOEXPORT seq 5 permit 65000:666".into());
        c.push("!".into());
        c.push("route-map TO-AWS-PART deny 5".into());
        c.push(" match ip address prefix-list ONE".into());
        c.push("route-map TO-AWS-PART deny 6".into());
        c.push(" match community NOEXPORT".into());
        c.push("route-map TO-AWS-PART permit 10".into());
        c.push(" match ip address prefix-list PART".into());
    }
    if r.undefined_list == Some(true) {
        c.push("!".into());
        c.push("route-map TO-AWS-NOPE permit 10".into());
        c.push(format!(
            " match {} address prefix-list NOPE",
            if v6 { "ipv6" } else { "ip" }
        ));
    }
    if r.big_update {
        let comms: Vec<String> = (1..=120)
            .map(|i| format!("{}:1:{i}", r.local_asn))
            .collect();
        c.push("!".into());
        c.push("route-map TO-AWS permit 10".into());
        c.push(format!(
            " match {} address prefix-list TO-AWS",
            if v6 { "ipv6" } else { "ip" }
        ));
        c.push(format!(" set large-community {}", comms.join(" ")));
    }
    c.push("!".into());
    c.join("\n") + "\n"
}

//! Every Direct Connect rule Junos can express fires on a failing Junos config and stays quiet
//! on the clean one, in both forms: `display set` and curly.
//!
//! Each scenario starts from `testdata/junos/clean.set` (the VIF of
//! `testdata/aws/vif-private.json`) as a list of paths, changes a few, and is rendered into both
//! forms, so the two files always describe the same router.
//!
//! Not expressible in Junos: DX604 (Junos always sends keepalives every hold-time / 3).

#[path = "snap/mod.rs"]
mod snap;

use dxlint::lint::LintResult;
use dxlint::model::Vendor;
use dxlint::testing::{lint_str, rule_ids, testdata};

/// A Junos configuration as `set` paths (without `set`) and deactivated paths.
#[derive(Clone, Debug)]
struct Cfg {
    lines: Vec<String>,
    deactivated: Vec<String>,
}

impl Cfg {
    fn from_set(text: &str) -> Cfg {
        Cfg {
            lines: text
                .lines()
                .filter_map(|l| l.strip_prefix("set "))
                .map(str::to_string)
                .collect(),
            deactivated: Vec::new(),
        }
    }
    fn clean() -> Cfg {
        Cfg::from_set(&testdata("junos/clean.set"))
    }
    /// Drop every path starting with `prefix`.
    fn without(mut self, prefix: &str) -> Cfg {
        self.lines.retain(|l| !l.starts_with(prefix));
        self
    }
    fn with(mut self, line: &str) -> Cfg {
        self.lines.push(line.to_string());
        self
    }
    /// Replace text in every path.
    fn replace(mut self, from: &str, to: &str) -> Cfg {
        for l in &mut self.lines {
            *l = l.replace(from, to);
        }
        self
    }
    /// Add a group-level line where Junos prints it: before the group's neighbors.
    fn with_group(mut self, line: &str) -> Cfg {
        let at = self
            .lines
            .iter()
            .position(|l| l.starts_with("protocols bgp group AWS neighbor"))
            .unwrap_or(self.lines.len());
        self.lines.insert(at, line.to_string());
        self
    }
    /// Replace the neighbor's key (the neighbor keeps existing without it).
    fn key(self, value: Option<&str>) -> Cfg {
        let c = self
            .without(KEY)
            .with("protocols bgp group AWS neighbor 169.254.100.1");
        match value {
            Some(v) => c.with(&format!("{KEY} {v}")),
            None => c,
        }
    }
    fn deactivate(mut self, path: &str) -> Cfg {
        self.deactivated.push(path.to_string());
        self
    }

    fn set_form(&self) -> String {
        let mut out = String::from("## Last changed: 2025-03-04 09:12:44 UTC\n");
        for l in &self.lines {
            out += &format!("set {l}\n");
        }
        for d in &self.deactivated {
            out += &format!("deactivate {d}\n");
        }
        out
    }

    fn curly_form(&self) -> String {
        let mut root = Node::default();
        for l in &self.lines {
            root.insert(&words(l));
        }
        let deact: Vec<Vec<String>> = self.deactivated.iter().map(|d| words(d)).collect();
        let mut out = String::from("## Last changed: 2025-03-04 09:12:44 UTC\n");
        root.print(&mut out, 0, &mut Vec::new(), &deact);
        out
    }
}

const KEY: &str = "protocols bgp group AWS neighbor 169.254.100.1 authentication-key";

/// Split a path into words, keeping `"quoted strings"` (with their quotes) together.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Keywords whose next word names the block (`unit 101 {`, `group AWS {`).
const NAMED: &[&str] = &[
    "unit",
    "group",
    "neighbor",
    "route",
    "policy-statement",
    "term",
    "prefix-list",
    "family",
    "rib",
];

#[derive(Default, Debug)]
struct Node {
    children: Vec<(String, Node)>,
}

impl Node {
    fn insert(&mut self, path: &[String]) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        let i = match self.children.iter().position(|(w, _)| w == first) {
            Some(i) => i,
            None => {
                self.children.push((first.clone(), Node::default()));
                self.children.len() - 1
            }
        };
        self.children[i].1.insert(rest);
    }

    fn print(&self, out: &mut String, depth: usize, path: &mut Vec<String>, deact: &[Vec<String>]) {
        for (word, child) in &self.children {
            let mut label = vec![word.clone()];
            let mut node = child;
            path.push(word.clone());
            let mut pushed = 1;
            // `unit 101`, `group AWS` …: name and keyword on one header.
            if NAMED.contains(&word.as_str()) && node.children.len() == 1 {
                let (name, inner) = &node.children[0];
                label.push(name.clone());
                path.push(name.clone());
                pushed += 1;
                node = inner;
            }
            let tag = if deact.iter().any(|d| d == path) {
                "inactive: "
            } else {
                ""
            };
            let pad = "    ".repeat(depth);
            // `vlan-id 101;`: one leaf child is the value.
            if node.children.len() == 1 && node.children[0].1.children.is_empty() {
                let value = &node.children[0].0;
                out.push_str(&format!("{pad}{tag}{} {value};\n", label.join(" ")));
            } else if node.children.is_empty() {
                out.push_str(&format!("{pad}{tag}{};\n", label.join(" ")));
            } else {
                out.push_str(&format!("{pad}{tag}{} {{\n", label.join(" ")));
                node.print(out, depth + 1, path, deact);
                out.push_str(&format!("{pad}}}\n"));
            }
            for _ in 0..pushed {
                path.pop();
            }
        }
    }
}

fn vif_private() -> String {
    testdata("aws/vif-private.json")
}

fn lint_both(cfg: &Cfg, json: &str) -> [(String, LintResult); 2] {
    let set = cfg.set_form();
    let curly = cfg.curly_form();
    let a = lint_str(&set, Some(Vendor::Junos), json);
    let b = lint_str(&curly, Some(Vendor::Junos), json);
    // Without --vendor the dialect is detected as Junos too.
    let c = lint_str(&curly, None, json);
    assert_eq!(rule_ids(&b), rule_ids(&c), "detection changed the result");
    [(set, a), (curly, b)]
}

fn describe(r: &LintResult) -> String {
    r.findings
        .iter()
        .map(|f| format!("  {} {}\n     fix: {:?}", f.rule, f.message, f.fix))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `rule` fires in both forms; returns the set-form result for further checks.
fn fires(rule: &str, cfg: &Cfg, json: &str) -> LintResult {
    let [(set, a), (curly, b)] = lint_both(cfg, json);
    for (text, r, form) in [(&set, &a, "set"), (&curly, &b, "curly")] {
        assert!(
            rule_ids(r).contains(&rule),
            "{rule} did not fire in {form} form; fired: {:?}\n{}\n--- config ---\n{text}",
            rule_ids(r),
            describe(r)
        );
        // Every finding of the rule points at a line of the file (or is AWS-side only).
        for f in r.findings.iter().filter(|f| f.rule == rule) {
            if let Some(s) = f.span {
                assert!(s.end() <= text.len(), "{rule}: span outside the file");
            }
        }
    }
    assert_eq!(rule_ids(&a), rule_ids(&b), "the forms disagree");
    snap::assert_reports(&format!("{rule}-set"), &a);
    snap::assert_reports(&format!("{rule}-curly"), &b);
    assert_eq!(
        fix_of(&a, rule),
        fix_of(&b, rule),
        "{rule}: the fix differs between the forms"
    );
    a
}

fn quiet(cfg: &Cfg, json: &str) {
    for (text, r) in lint_both(cfg, json) {
        assert!(
            r.findings.is_empty(),
            "expected no findings, got {:?}\n{}\n--- config ---\n{text}",
            rule_ids(&r),
            describe(&r)
        );
    }
}

fn fix_of<'r>(r: &'r LintResult, rule: &str) -> &'r str {
    r.findings
        .iter()
        .find(|f| f.rule == rule)
        .and_then(|f| f.fix.as_deref())
        .unwrap_or("")
}

#[test]
fn clean_config_is_quiet_in_both_forms() {
    quiet(&Cfg::clean(), &vif_private());
    // The committed curly twin reads the same as the generated one.
    let r = lint_str(&testdata("junos/clean.conf"), None, &vif_private());
    assert!(r.findings.is_empty(), "{}", describe(&r));
}

#[test]
fn vlan_rules() {
    let r = fires(
        "DX101",
        &Cfg::clean().replace("vlan-id 101", "vlan-id 202"),
        &vif_private(),
    );
    assert_eq!(
        fix_of(&r, "DX101"),
        "set interfaces ge-0/0/1 unit 101 vlan-id 101"
    );
    fires(
        "DX102",
        &Cfg::clean()
            .without("interfaces ge-0/0/1 vlan-tagging")
            .without("interfaces ge-0/0/1 unit 101 vlan-id"),
        &vif_private(),
    );
    fires(
        "DX103",
        &Cfg::clean()
            .replace("ge-0/0/1 vlan-tagging", "ge-0/0/1 flexible-vlan-tagging")
            .replace("vlan-id 101", "vlan-tags outer 101 inner 7"),
        &vif_private(),
    );
    let r = fires(
        "DX104",
        &Cfg::clean().without("interfaces ge-0/0/1 vlan-tagging"),
        &vif_private(),
    );
    assert_eq!(fix_of(&r, "DX104"), "set interfaces ge-0/0/1 vlan-tagging");
}

#[test]
fn interface_disabled() {
    let r = fires(
        "DX105",
        &Cfg::clean().with("interfaces ge-0/0/1 unit 101 disable"),
        &vif_private(),
    );
    assert_eq!(
        fix_of(&r, "DX105"),
        "delete interfaces ge-0/0/1 unit 101 disable"
    );
    fires(
        "DX105",
        &Cfg::clean().with("interfaces ge-0/0/1 disable"),
        &vif_private(),
    );
    let r = fires(
        "DX105",
        &Cfg::clean().deactivate("interfaces ge-0/0/1 unit 101"),
        &vif_private(),
    );
    assert_eq!(fix_of(&r, "DX105"), "activate interfaces ge-0/0/1 unit 101");
}

#[test]
fn addressing_rules() {
    let json = vif_private();
    fires(
        "DX201",
        &Cfg::clean().replace("neighbor 169.254.100.1", "neighbor 169.254.100.3"),
        &json,
    );
    fires(
        "DX202",
        &Cfg::clean().replace("address 169.254.100.2/30", "address 169.254.100.6/30"),
        &json,
    );
    fires(
        "DX203",
        &Cfg::clean().replace("address 169.254.100.2/30", "address 169.254.100.2/24"),
        &json,
    );
    fires(
        "DX204",
        &Cfg::clean()
            .replace("address 169.254.100.2/30", "address 169.254.100.1/30")
            .replace("neighbor 169.254.100.1", "neighbor 169.254.100.2"),
        &json,
    );
    let r = fires(
        "DX205",
        &Cfg::clean().with_group("protocols bgp group AWS multihop ttl 2"),
        &json,
    );
    assert_eq!(
        fix_of(&r, "DX205"),
        "delete protocols bgp group AWS multihop"
    );
    let r = fires(
        "DX205",
        &Cfg::clean().with("protocols bgp group AWS neighbor 169.254.100.1 multihop"),
        &json,
    );
    assert_eq!(
        fix_of(&r, "DX205"),
        "delete protocols bgp group AWS neighbor 169.254.100.1 multihop"
    );
    fires(
        "DX205",
        &Cfg::clean().with("protocols bgp group AWS local-address 10.255.0.1"),
        &json,
    );
}

/// The clean router for `vif-private-dualstack.json`: VLAN 202, jumbo, IPv4 and IPv6 peers.
fn dualstack() -> Cfg {
    Cfg::clean()
        .replace("vlan-id 101", "vlan-id 202")
        .replace("unit 101", "unit 202")
        .replace("mtu 1518", "mtu 9019")
        .replace("169.254.100.2/30", "169.254.200.2/30")
        .replace("neighbor 169.254.100.1", "neighbor 169.254.200.1")
        .with("interfaces ge-0/0/1 unit 202 family inet6 address 2001:db8:1100:2f0:0:1:9cb4:4216/125")
        .with("routing-options rib inet6.0 static route 2001:db8:500::/48 discard")
        .with("policy-options prefix-list AWS-ADVERTISE 2001:db8:500::/48")
        .with("protocols bgp group AWS neighbor 2001:db8:1100:2f0:0:1:9cb4:4211 family inet6 unicast")
        .with("protocols bgp group AWS neighbor 2001:db8:1100:2f0:0:1:9cb4:4211 authentication-key \"0xDxLintV6Key_0002\"")
}

#[test]
fn dual_stack_and_missing_family() {
    let json = testdata("aws/vif-private-dualstack.json");
    quiet(&dualstack(), &json);
    fires(
        "DX206",
        &dualstack()
            .without("protocols bgp group AWS neighbor 2001:")
            .without("interfaces ge-0/0/1 unit 202 family inet6"),
        &json,
    );
    // An IPv6 neighbor without `family inet6 unicast` carries only inet unicast.
    let r = fires(
        "DX802",
        &dualstack()
            .without("protocols bgp group AWS neighbor 2001:db8:1100:2f0:0:1:9cb4:4211 family"),
        &json,
    );
    assert!(
        fix_of(&r, "DX802").contains("family inet6 unicast"),
        "{}",
        fix_of(&r, "DX802")
    );
}

#[test]
fn asn_rules() {
    let json = vif_private();
    let r = fires(
        "DX301",
        &Cfg::clean().replace("autonomous-system 65010", "autonomous-system 65011"),
        &json,
    );
    assert_eq!(
        fix_of(&r, "DX301"),
        "set routing-options autonomous-system 65010"
    );
    let r = fires(
        "DX301",
        &Cfg::clean().with("protocols bgp group AWS local-as 65020"),
        &json,
    );
    assert!(fix_of(&r, "DX301").contains("local-as 65010"));
    // asdot 0.65011 = 65011.
    fires(
        "DX301",
        &Cfg::clean().replace("autonomous-system 65010", "autonomous-system 0.65011"),
        &json,
    );
    let r = fires(
        "DX302",
        &Cfg::clean().replace("peer-as 64512", "peer-as 64513"),
        &json,
    );
    assert_eq!(
        fix_of(&r, "DX302"),
        "set protocols bgp group AWS neighbor 169.254.100.1 peer-as 64512"
    );
    fires(
        "DX302",
        &Cfg::clean().without("protocols bgp group AWS peer-as"),
        &json,
    );
    // Same ASN on both sides.
    fires(
        "DX303",
        &Cfg::clean().replace("peer-as 64512", "peer-as 65010"),
        &json.replace("\"amazonSideAsn\": 64512", "\"amazonSideAsn\": 65010"),
    );
}

#[test]
fn md5_rules() {
    let json = vif_private();
    let r = fires("DX401", &Cfg::clean().key(None), &json);
    let fix = fix_of(&r, "DX401");
    assert!(fix.starts_with(&format!("set {KEY} \"")), "{fix}");
    assert!(
        !fix.contains("0xDxLintExampleKey01"),
        "a fix never carries the key"
    );
    let r = fires(
        "DX402",
        &Cfg::clean(),
        &json.replace("\"authKey\": \"0xDxLintExampleKey01\",", ""),
    );
    assert_eq!(fix_of(&r, "DX402"), format!("delete {KEY}"));
    // $9$ of another key; plain text with a trailing space; a Cyrillic "е".
    fires(
        "DX403",
        &Cfg::clean().key(Some(
            "\"$9$mPz3uORyrKEcx-VsJZQFn6pBcSleWx36EyrlXxoJGDi./9t1IcO1X7dVY2\"",
        )),
        &json,
    );
    fires(
        "DX404",
        &Cfg::clean().key(Some("\"0xDxLintExampleKey01 \"")),
        &json,
    );
    fires(
        "DX405",
        &Cfg::clean().key(Some("\"0xDxLintExampleKеy01\"")),
        &json,
    );
    fires(
        "DX406",
        &Cfg::clean().key(Some(&format!("\"{}\"", "k".repeat(90)))),
        &json,
    );
    fires(
        "DX407",
        &Cfg::clean().key(Some("\"$8$aes256gcm$hmac$c2VjcmV0\"")),
        &json,
    );
    // A key set on the group is inherited by the neighbor (no DX401), and removed there.
    let group_key = Cfg::clean().key(None).with_group(
        "protocols bgp group AWS authentication-key \"$9$mPz3uORyrKEcx-VsJZQFn6pBcSleWx36EyrlXxoJGDi./9t1IcO1X7-dsY\"",
    );
    quiet(&group_key, &json);
    let r = fires(
        "DX402",
        &group_key,
        &json.replace("\"authKey\": \"0xDxLintExampleKey01\",", ""),
    );
    assert_eq!(
        fix_of(&r, "DX402"),
        "delete protocols bgp group AWS authentication-key"
    );
}

#[test]
fn mtu_rules() {
    let json = vif_private();
    // Media MTU 9192 on a vlan-tagging port is IP MTU 9174, above the VIF's 1500.
    let r = fires(
        "DX501",
        &Cfg::clean().replace("mtu 1518", "mtu 9192"),
        &json,
    );
    assert_eq!(
        fix_of(&r, "DX501"),
        "set interfaces ge-0/0/1 unit 101 family inet mtu 1500"
    );
    fires(
        "DX501",
        &Cfg::clean().with("interfaces ge-0/0/1 unit 101 family inet mtu 1400"),
        &json,
    );
    // The media MTU counts the header: 1500 media is IP 1482, too small.
    fires(
        "DX501",
        &Cfg::clean().replace("mtu 1518", "mtu 1500"),
        &json,
    );
    fires(
        "DX502",
        &Cfg::clean().replace("mtu 1518", "mtu 9192"),
        &json.replace(
            "\"jumboFrameCapable\": true",
            "\"jumboFrameCapable\": false",
        ),
    );
}

#[test]
fn timer_rules() {
    let json = vif_private();
    let r = fires(
        "DX601",
        &Cfg::clean().replace("hold-time 90", "hold-time 0"),
        &json,
    );
    assert_eq!(
        fix_of(&r, "DX601"),
        "set protocols bgp group AWS neighbor 169.254.100.1 hold-time 90"
    );
    fires(
        "DX602",
        &Cfg::clean().replace("hold-time 90", "hold-time 2"),
        &json,
    );
    fires(
        "DX603",
        &Cfg::clean().replace("hold-time 90", "hold-time 30"),
        &json,
    );
    let r = fires(
        "DX605",
        &Cfg::clean().without("protocols bgp group AWS bfd-liveness-detection"),
        &json,
    );
    assert!(fix_of(&r, "DX605").contains("bfd-liveness-detection minimum-interval 300"));
}

/// `n` static routes 10.100.x.0/24, all advertised.
fn many_prefixes(n: usize) -> Cfg {
    let mut c = Cfg::clean();
    for i in 0..n {
        let p = format!("10.{}.{}.0/24", 100 + i / 256, i % 256);
        c = c
            .with(&format!("routing-options static route {p} discard"))
            .with(&format!("policy-options prefix-list AWS-ADVERTISE {p}"));
    }
    c
}

#[test]
fn prefix_rules() {
    let json = vif_private();
    fires("DX701", &many_prefixes(101), &json);
    fires("DX702", &many_prefixes(83), &json);
    // Another eBGP peer and no export policy: Junos re-advertises its routes.
    let r = fires(
        "DX703",
        &Cfg::clean()
            .without("protocols bgp group AWS export")
            .with("protocols bgp group ISP type external")
            .with("protocols bgp group ISP peer-as 65100")
            .with("protocols bgp group ISP neighbor 192.0.2.9"),
        &json,
    );
    assert!(fix_of(&r, "DX703").contains("export TO-AWS-IPV4"));
    // An IGP accepted without a prefix filter.
    let ospf = Cfg::clean()
        .with("protocols ospf area 0.0.0.0 interface lo0.0")
        .without("policy-options policy-statement EXPORT-TO-AWS term REJECT")
        .with("policy-options policy-statement EXPORT-TO-AWS term OSPF from protocol ospf")
        .with("policy-options policy-statement EXPORT-TO-AWS term OSPF then accept")
        .with("policy-options policy-statement EXPORT-TO-AWS term REJECT then reject");
    fires("DX703", &ospf, &json);
    // The same term after the final reject is never reached: bounded again.
    quiet(
        &Cfg::clean()
            .with("protocols ospf area 0.0.0.0 interface lo0.0")
            .with("policy-options policy-statement EXPORT-TO-AWS term OSPF from protocol ospf")
            .with("policy-options policy-statement EXPORT-TO-AWS term OSPF then accept"),
        &json,
    );
    // No export policy and no other BGP peer: nothing at all is sent.
    fires(
        "DX705",
        &Cfg::clean().without("protocols bgp group AWS export"),
        &json,
    );
    let r = fires(
        "DX706",
        &Cfg::clean().with("policy-options prefix-list AWS-ADVERTISE 0.0.0.0/0"),
        &json,
    );
    assert!(fix_of(&r, "DX706").contains("route-filter 0.0.0.0/0 exact"));
}

/// The clean router for `vif-public.json`.
fn public() -> Cfg {
    Cfg::clean()
        .replace("vlan-id 101", "vlan-id 404")
        .replace("unit 101", "unit 404")
        .replace("169.254.100.2/30", "203.0.113.2/30")
        .replace("neighbor 169.254.100.1", "neighbor 203.0.113.1")
        .replace("autonomous-system 65010", "autonomous-system 64496")
        .replace("peer-as 64512", "peer-as 7224")
        .replace("10.10.0.0/16", "198.51.100.0/24")
        .without("routing-options static route 10.20.0.0/16")
        .without("policy-options prefix-list AWS-ADVERTISE 10.20.0.0/16")
        .without("protocols bgp group AWS neighbor 203.0.113.1 authentication-key")
        .with(
            "protocols bgp group AWS neighbor 203.0.113.1 authentication-key \"0xPublicKey_dx404\"",
        )
}

#[test]
fn public_vif_route_filter() {
    let json = testdata("aws/vif-public.json");
    quiet(&public(), &json);
    fires(
        "DX704",
        &public()
            .with("routing-options static route 10.20.0.0/16 discard")
            .with("policy-options prefix-list AWS-ADVERTISE 10.20.0.0/16"),
        &json,
    );
    fires(
        "DX303",
        &public().replace("autonomous-system 64496", "autonomous-system 65001"),
        &json.replace("64496", "65001"),
    );
}

#[test]
fn session_rules() {
    let json = vif_private();
    let r = fires(
        "DX801",
        &Cfg::clean().deactivate("protocols bgp group AWS neighbor 169.254.100.1"),
        &json,
    );
    assert_eq!(
        fix_of(&r, "DX801"),
        "activate protocols bgp group AWS neighbor 169.254.100.1"
    );
    fires(
        "DX801",
        &Cfg::clean().deactivate("protocols bgp group AWS"),
        &json,
    );
    let r = fires(
        "DX802",
        &Cfg::clean().replace("family inet unicast", "family inet labeled-unicast"),
        &json,
    );
    assert_eq!(
        fix_of(&r, "DX802"),
        "set protocols bgp group AWS neighbor 169.254.100.1 family inet unicast"
    );
}

#[test]
fn malformed_relevant_lines_are_dx001() {
    let json = vif_private();
    fires(
        "DX001",
        &Cfg::clean().replace("peer-as 64512", "peer-as abc"),
        &json,
    );
    fires(
        "DX001",
        &Cfg::clean().replace("vlan-id 101", "vlan-id 5000"),
        &json,
    );
    fires(
        "DX001",
        &Cfg::clean().replace("address 169.254.100.2/30", "address 169.254.100.300/30"),
        &json,
    );
}

#[test]
fn routing_instance_neighbor() {
    // The whole VIF inside a VRF: interface and BGP under routing-instances.
    let mut c = Cfg::clean();
    c.lines = c
        .lines
        .into_iter()
        .map(|l| match l.strip_prefix("protocols bgp ") {
            Some(rest) => format!("routing-instances VRF-A protocols bgp {rest}"),
            None => l,
        })
        .collect();
    let c = c
        .with("routing-instances VRF-A instance-type vrf")
        .with("routing-instances VRF-A interface ge-0/0/1.101")
        .with("routing-instances VRF-A route-distinguisher 65010:1")
        .with("routing-instances VRF-A vrf-target target:65010:1")
        .replace(
            "routing-options static route",
            "routing-instances VRF-A routing-options static route",
        );
    quiet(&c, &vif_private());
    let r = fires(
        "DX302",
        &c.clone().replace("peer-as 64512", "peer-as 64513"),
        &vif_private(),
    );
    assert_eq!(
        fix_of(&r, "DX302"),
        "set routing-instances VRF-A protocols bgp group AWS neighbor 169.254.100.1 peer-as 64512"
    );
}

#[test]
fn renderer_produces_curly_that_matches_the_fixture() {
    let generated = Cfg::clean().curly_form();
    assert!(generated
        .contains("    ge-0/0/1 {\n        description \"Direct Connect dxcon-fgab5678\";"));
    assert!(generated.contains("unit 101 {"));
    assert!(
        generated.contains("neighbor 169.254.100.1 {\n                authentication-key \"$9$"),
        "{generated}"
    );
    let d = Cfg::clean()
        .deactivate("interfaces ge-0/0/1 unit 101")
        .curly_form();
    assert!(d.contains("inactive: unit 101 {"), "{d}");
}

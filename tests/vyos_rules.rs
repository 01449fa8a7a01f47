//! Every Direct Connect rule VyOS can express fires on a failing VyOS config and stays quiet on
//! the clean one — in both forms (`config.boot`, `set` commands) and both BGP syntaxes
//! (1.3 `protocols bgp 65010 …`, 1.4+ `protocols bgp system-as 65010`).
//!
//! Each scenario is written once as grouped paths (`interfaces|ethernet eth1|vif 101|mtu 1500`,
//! `BGP|neighbor …` for the BGP process) and rendered into the four variants, so the four
//! files always describe the same router.

#[path = "snap/mod.rs"]
mod snap;

use dxlint::model::Vendor;
use dxlint::testing::{lint_str, rule_ids, testdata};

#[derive(Clone, Copy, Debug)]
enum Form {
    Boot13,
    Set13,
    Boot14,
    Set14,
}

const FORMS: [Form; 4] = [Form::Boot13, Form::Set13, Form::Boot14, Form::Set14];

impl Form {
    fn tag_syntax(self) -> bool {
        matches!(self, Form::Boot13 | Form::Set13)
    }
    fn set(self) -> bool {
        matches!(self, Form::Set13 | Form::Set14)
    }
}

/// Render grouped paths into one VyOS form. `BGP` stands for the BGP process; a
/// `BGP|system-as N` line becomes the tag `bgp N` in the 1.3 syntax.
fn render(lines: &[String], form: Form) -> String {
    let asn = lines
        .iter()
        .find_map(|l| l.strip_prefix("BGP|system-as "))
        .unwrap_or("65010")
        .to_string();
    let head = if form.tag_syntax() {
        format!("protocols|bgp {asn}")
    } else {
        "protocols|bgp".to_string()
    };
    let paths: Vec<Vec<String>> = lines
        .iter()
        .filter(|l| !(form.tag_syntax() && l.starts_with("BGP|system-as ")))
        .map(|l| {
            let l = match l.strip_prefix("BGP|") {
                Some(rest) => format!("{head}|{rest}"),
                None => l.clone(),
            };
            l.split('|').map(str::to_string).collect()
        })
        .collect();
    if form.set() {
        let mut out = String::new();
        for p in &paths {
            out += "set ";
            out += &p.join(" ");
            out += "\n";
        }
        return out;
    }
    let mut root = Node::default();
    for p in &paths {
        root.insert(p);
    }
    let mut out = String::new();
    root.print(&mut out, 0);
    out += "// Warning: Do not remove the following line.\n";
    if form.tag_syntax() {
        out += "// vyos-config-version: \"bgp@1:interfaces@22:quagga@8:system@21\"\n// Release version: 1.3.5\n";
    } else {
        out += "// vyos-config-version: \"bgp@5:interfaces@32:policy@8:system@27\"\n// Release version: 1.4.0\n";
    }
    out
}

#[derive(Default)]
struct Node {
    children: Vec<(String, Node)>,
    leaves: Vec<String>,
}

impl Node {
    fn insert(&mut self, path: &[String]) {
        match path {
            [] => {}
            [leaf] => {
                if !self.children.iter().any(|(n, _)| n == leaf) {
                    self.leaves.push(leaf.clone());
                }
            }
            [first, rest @ ..] => {
                self.leaves.retain(|l| l != first);
                let idx = match self.children.iter().position(|(n, _)| n == first) {
                    Some(i) => i,
                    None => {
                        self.children.push((first.clone(), Node::default()));
                        self.children.len() - 1
                    }
                };
                self.children[idx].1.insert(rest);
            }
        }
    }

    fn print(&self, out: &mut String, depth: usize) {
        let pad = "    ".repeat(depth);
        for leaf in &self.leaves {
            // `set` quoting ('…') becomes config.boot quoting ("…").
            let leaf = match (leaf.find('\''), leaf.ends_with('\'')) {
                (Some(i), true) if i + 1 < leaf.len() => {
                    let inner = &leaf[i + 1..leaf.len() - 1];
                    format!("{}\"{}\"", &leaf[..i], inner.replace('"', "\\\""))
                }
                _ => leaf.clone(),
            };
            out.push_str(&format!("{pad}{leaf}\n"));
        }
        for (name, child) in &self.children {
            out.push_str(&format!("{pad}{name} {{\n"));
            child.print(out, depth + 1);
            out.push_str(&format!("{pad}}}\n"));
        }
    }
}

/// The clean turn-up config for `testdata/aws/vif-private.json`.
fn clean() -> Vec<String> {
    [
        "interfaces|ethernet eth1|mtu 1500",
        "interfaces|ethernet eth1|vif 101|address 169.254.100.2/30",
        "interfaces|ethernet eth1|vif 101|mtu 1500",
        "interfaces|loopback lo",
        "policy|prefix-list AWS-OUT|rule 10|action permit",
        "policy|prefix-list AWS-OUT|rule 10|prefix 10.10.0.0/16",
        "BGP|address-family|ipv4-unicast|network 10.10.0.0/16",
        "BGP|neighbor 169.254.100.1|address-family|ipv4-unicast|prefix-list|export AWS-OUT",
        "BGP|neighbor 169.254.100.1|bfd",
        "BGP|neighbor 169.254.100.1|password '0xDxLintExampleKey01'",
        "BGP|neighbor 169.254.100.1|remote-as 64512",
        "BGP|neighbor 169.254.100.1|timers|holdtime 90",
        "BGP|neighbor 169.254.100.1|timers|keepalive 30",
        "BGP|system-as 65010",
        "system|host-name edge1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// `clean()` with lines whose text starts with a `drop` entry removed, `edits` applied as
/// (from, to) text replacements, and `add` lines appended.
fn variant(drop: &[&str], edits: &[(&str, &str)], add: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = clean()
        .into_iter()
        .filter(|l| !drop.iter().any(|d| l.starts_with(d)))
        .map(|l| edits.iter().fold(l, |l, (a, b)| l.replace(a, b)))
        .collect();
    v.extend(add.iter().map(|s| s.to_string()));
    v
}

fn vif_json() -> String {
    testdata("aws/vif-private.json")
}

fn ids_for(lines: &[String], form: Form, json: &str) -> (Vec<&'static str>, String) {
    let text = render(lines, form);
    let r = lint_str(&text, Some(Vendor::Vyos), json);
    let ids = rule_ids(&r);
    let detail = r
        .findings
        .iter()
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect::<Vec<_>>()
        .join("\n");
    (ids, format!("{text}\n--- findings:\n{detail}"))
}

fn assert_fires(rule: &str, lines: &[String], json: &str) {
    for form in FORMS {
        let (ids, detail) = ids_for(lines, form, json);
        assert!(
            ids.contains(&rule),
            "{rule} did not fire for {form:?}; got {ids:?}\n{detail}"
        );
        let r = lint_str(&render(lines, form), Some(Vendor::Vyos), json);
        snap::assert_reports(&format!("{rule}-{form:?}"), &r);
    }
}

#[test]
fn clean_config_is_quiet_in_every_form() {
    for form in FORMS {
        let (ids, detail) = ids_for(&clean(), form, &vif_json());
        assert!(ids.is_empty(), "{form:?}: {ids:?}\n{detail}");
    }
}

#[test]
fn committed_clean_fixtures_are_quiet() {
    for f in [
        "vyos/clean-1.3.config.boot",
        "vyos/clean-1.3.set",
        "vyos/clean-1.4.config.boot",
        "vyos/clean-1.4.set",
    ] {
        let r = lint_str(&testdata(f), None, &vif_json());
        assert!(rule_ids(&r).is_empty(), "{f}: {:?}", rule_ids(&r));
        assert_eq!(
            r.models[0].vendor,
            Some(Vendor::Vyos),
            "{f}: detected vendor"
        );
    }
}

// ------------------------------------------------------------------------------ VLAN, state

#[test]
fn dx101_vlan_mismatch() {
    assert_fires(
        "DX101",
        &variant(&[], &[("vif 101", "vif 102")], &[]),
        &vif_json(),
    );
}

#[test]
fn dx102_untagged() {
    let v = variant(
        &["interfaces|ethernet eth1|vif 101"],
        &[],
        &["interfaces|ethernet eth1|address 169.254.100.2/30"],
    );
    assert_fires("DX102", &v, &vif_json());
}

#[test]
fn dx103_double_tagged() {
    assert_fires(
        "DX103",
        &variant(&[], &[("vif 101", "vif-s 300|vif-c 101")], &[]),
        &vif_json(),
    );
}

#[test]
fn dx105_interface_disabled() {
    assert_fires(
        "DX105",
        &variant(&[], &[], &["interfaces|ethernet eth1|vif 101|disable"]),
        &vif_json(),
    );
    // A disabled parent takes its VLANs down too.
    assert_fires(
        "DX105",
        &variant(&[], &[], &["interfaces|ethernet eth1|disable"]),
        &vif_json(),
    );
}

// ------------------------------------------------------------------------------ addressing

#[test]
fn dx201_neighbor_address_mismatch() {
    assert_fires(
        "DX201",
        &variant(
            &[],
            &[("neighbor 169.254.100.1", "neighbor 169.254.100.5")],
            &[],
        ),
        &vif_json(),
    );
}

#[test]
fn dx202_customer_address_missing() {
    assert_fires(
        "DX202",
        &variant(
            &[],
            &[("address 169.254.100.2/30", "address 10.99.0.2/30")],
            &[],
        ),
        &vif_json(),
    );
}

#[test]
fn dx203_prefix_length_mismatch() {
    assert_fires(
        "DX203",
        &variant(&[], &[("169.254.100.2/30", "169.254.100.2/29")], &[]),
        &vif_json(),
    );
}

#[test]
fn dx204_addresses_swapped() {
    assert_fires(
        "DX204",
        &variant(
            &[],
            &[
                ("address 169.254.100.2/30", "address 169.254.100.1/30"),
                ("neighbor 169.254.100.1", "neighbor 169.254.100.2"),
            ],
            &[],
        ),
        &vif_json(),
    );
}

#[test]
fn dx205_not_directly_connected() {
    assert_fires(
        "DX207",
        &variant(
            &[],
            &[],
            &["BGP|neighbor 169.254.100.1|ttl-security|hops 1"],
        ),
        &vif_json(),
    );
    for extra in [
        "BGP|neighbor 169.254.100.1|ebgp-multihop 2",
        "BGP|neighbor 169.254.100.1|update-source lo",
        "BGP|neighbor 169.254.100.1|update-source 10.10.0.1",
    ] {
        assert_fires("DX205", &variant(&[], &[], &[extra]), &vif_json());
    }
    // Sourcing from the customer address itself is fine.
    let ok = variant(
        &[],
        &[],
        &["BGP|neighbor 169.254.100.1|update-source 169.254.100.2"],
    );
    for form in FORMS {
        let (ids, detail) = ids_for(&ok, form, &vif_json());
        assert!(!ids.contains(&"DX205"), "{form:?}\n{detail}");
    }
}

#[test]
fn dx206_peer_family_missing() {
    let dual = testdata("aws/vif-private-dualstack.json");
    let v = variant(
        &[],
        &[
            ("vif 101", "vif 202"),
            ("169.254.100.2/30", "169.254.200.2/30"),
            ("neighbor 169.254.100.1", "neighbor 169.254.200.1"),
            ("mtu 1500", "mtu 9001"),
        ],
        &[],
    );
    assert_fires("DX206", &v, &dual);
}

// ------------------------------------------------------------------------------------ ASNs

#[test]
fn dx301_local_asn_mismatch() {
    assert_fires(
        "DX301",
        &variant(&[], &[("system-as 65010", "system-as 65011")], &[]),
        &vif_json(),
    );
    // A per-neighbor local-as override is what AWS sees.
    assert_fires(
        "DX301",
        &variant(&[], &[], &["BGP|neighbor 169.254.100.1|local-as 65099"]),
        &vif_json(),
    );
}

#[test]
fn dx302_remote_asn_mismatch() {
    assert_fires(
        "DX302",
        &variant(&[], &[("remote-as 64512", "remote-as 7224")], &[]),
        &vif_json(),
    );
}

#[test]
fn dx303_asn_not_allowed() {
    let json = vif_json()
        .replace("\"asn\": 65010", "\"asn\": 64512")
        .replace("\"asnLong\": 65010", "\"asnLong\": 64512");
    assert_fires(
        "DX303",
        &variant(&[], &[("system-as 65010", "system-as 64512")], &[]),
        &json,
    );
}

// -------------------------------------------------------------------------------------- MD5

#[test]
fn dx401_md5_missing() {
    let v = variant(&["BGP|neighbor 169.254.100.1|password"], &[], &[]);
    assert_fires("DX401", &v, &vif_json());
    for form in FORMS {
        let r = lint_str(&render(&v, form), Some(Vendor::Vyos), &vif_json());
        let fix = r
            .findings
            .iter()
            .find(|f| f.rule == "DX401")
            .and_then(|f| f.fix.clone());
        let fix = fix.expect("DX401 carries a fix");
        assert!(fix.contains("neighbor 169.254.100.1 password '"), "{fix}");
        assert!(fix.contains("dxvif-ffab1234"), "{fix}");
        assert!(
            !fix.contains("0xDxLintExampleKey01"),
            "a fix must never carry the key"
        );
    }
}

#[test]
fn dx402_md5_unexpected() {
    let json = vif_json().replace("\"0xDxLintExampleKey01\"", "\"\"");
    assert_fires("DX402", &clean(), &json);
}

#[test]
fn dx403_md5_mismatch() {
    assert_fires(
        "DX403",
        &variant(&[], &[("0xDxLintExampleKey01", "0xSomethingElse99")], &[]),
        &vif_json(),
    );
}

#[test]
fn dx404_md5_whitespace() {
    assert_fires(
        "DX404",
        &variant(
            &[],
            &[("'0xDxLintExampleKey01'", "'0xDxLintExampleKey01 '")],
            &[],
        ),
        &vif_json(),
    );
}

#[test]
fn dx405_md5_non_ascii() {
    // Cyrillic "Е" for the Latin "E".
    assert_fires(
        "DX405",
        &variant(
            &[],
            &[("0xDxLintExampleKey01", "0xDxLint\u{0415}xampleKey01")],
            &[],
        ),
        &vif_json(),
    );
}

#[test]
fn dx406_md5_length() {
    let long = "k".repeat(85);
    let json = vif_json().replace("0xDxLintExampleKey01", &long);
    let v = variant(&[], &[("0xDxLintExampleKey01", &long)], &[]);
    assert_fires("DX406", &v, &json);
}

// -------------------------------------------------------------------------------------- MTU

#[test]
fn dx501_mtu_mismatch() {
    assert_fires(
        "DX501",
        &variant(&[], &[("mtu 1500", "mtu 9001")], &[]),
        &vif_json(),
    );
}

#[test]
fn dx502_jumbo_not_enabled() {
    let json = vif_json().replace(
        "\"jumboFrameCapable\": true",
        "\"jumboFrameCapable\": false",
    );
    assert_fires(
        "DX502",
        &variant(&[], &[("mtu 1500", "mtu 9001")], &[]),
        &json,
    );
}

// ----------------------------------------------------------------------------------- timers

fn with_timers(hold: &str, keepalive: &str) -> Vec<String> {
    variant(
        &[],
        &[
            ("holdtime 90", &format!("holdtime {hold}")),
            ("keepalive 30", &format!("keepalive {keepalive}")),
        ],
        &[],
    )
}

#[test]
fn dx601_hold_time_zero() {
    assert_fires("DX601", &with_timers("0", "0"), &vif_json());
}

#[test]
fn dx602_hold_time_illegal() {
    assert_fires("DX602", &with_timers("2", "1"), &vif_json());
}

#[test]
fn dx603_hold_time_differs() {
    assert_fires("DX603", &with_timers("30", "10"), &vif_json());
}

#[test]
fn dx604_keepalive_inconsistent() {
    assert_fires("DX604", &with_timers("90", "60"), &vif_json());
}

#[test]
fn dx605_bfd_not_configured() {
    assert_fires(
        "DX605",
        &variant(&["BGP|neighbor 169.254.100.1|bfd"], &[], &[]),
        &vif_json(),
    );
}

// --------------------------------------------------------------------------------- prefixes

fn many_networks(n: usize) -> Vec<String> {
    let mut v = variant(
        &[],
        &[],
        &[
            "policy|prefix-list AWS-OUT|rule 20|action permit",
            "policy|prefix-list AWS-OUT|rule 20|prefix 10.0.0.0/8",
            "policy|prefix-list AWS-OUT|rule 20|le 24",
        ],
    );
    for i in 0..n {
        v.push(format!(
            "BGP|address-family|ipv4-unicast|network 10.{}.{}.0/24",
            100 + i / 200,
            i % 200
        ));
    }
    v
}

#[test]
fn dx701_prefix_limit_exceeded() {
    assert_fires("DX701", &many_networks(101), &vif_json());
}

#[test]
fn dx702_prefix_limit_near() {
    assert_fires("DX702", &many_networks(84), &vif_json());
}

#[test]
fn dx703_advertisement_unbounded() {
    let v = variant(
        &["BGP|neighbor 169.254.100.1|address-family|ipv4-unicast|prefix-list"],
        &[],
        &[
            "BGP|neighbor 169.254.100.1|address-family|ipv4-unicast",
            "BGP|address-family|ipv4-unicast|redistribute|ospf",
        ],
    );
    assert_fires("DX703", &v, &vif_json());
}

#[test]
fn dx704_outside_route_filter() {
    let json = testdata("aws/vif-public.json");
    let v = variant(
        &[],
        &[
            ("vif 101", "vif 404"),
            ("169.254.100.2/30", "203.0.113.2/30"),
            ("neighbor 169.254.100.1", "neighbor 203.0.113.1"),
            ("remote-as 64512", "remote-as 7224"),
            ("system-as 65010", "system-as 64496"),
            ("0xDxLintExampleKey01", "0xPublicKey_dx404"),
            ("10.10.0.0/16", "198.51.100.0/24"),
        ],
        &[
            "BGP|address-family|ipv4-unicast|network 203.0.113.128/25",
            "policy|prefix-list AWS-OUT|rule 20|action permit",
            "policy|prefix-list AWS-OUT|rule 20|prefix 203.0.113.128/25",
        ],
    );
    assert_fires("DX704", &v, &json);
}

#[test]
fn dx705_nothing_advertised() {
    assert_fires(
        "DX705",
        &variant(&["BGP|address-family|ipv4-unicast|network"], &[], &[]),
        &vif_json(),
    );
    // ebgp-requires-policy without an export policy: FRR sends nothing.
    let v = variant(
        &["BGP|neighbor 169.254.100.1|address-family|ipv4-unicast|prefix-list"],
        &[],
        &[
            "BGP|neighbor 169.254.100.1|address-family|ipv4-unicast",
            "BGP|parameters|ebgp-requires-policy",
        ],
    );
    assert_fires("DX705", &v, &vif_json());
}

#[test]
fn dx706_default_route_advertised() {
    assert_fires(
        "DX706",
        &variant(
            &[],
            &[],
            &["BGP|neighbor 169.254.100.1|address-family|ipv4-unicast|default-originate"],
        ),
        &vif_json(),
    );
}

// ---------------------------------------------------------------------------------- session

#[test]
fn dx801_neighbor_shutdown() {
    assert_fires(
        "DX801",
        &variant(&[], &[], &["BGP|neighbor 169.254.100.1|shutdown"]),
        &vif_json(),
    );
}

#[test]
fn dx802_family_not_activated() {
    // No `address-family ipv4-unicast` under the neighbor: VyOS 1.3+ renders
    // `no bgp default ipv4-unicast`, so the neighbor has no family and never starts.
    let v = variant(&["BGP|neighbor 169.254.100.1|address-family"], &[], &[]);
    assert_fires("DX804", &v, &vif_json());
}

// ------------------------------------------------------------------------------ DX001

#[test]
fn dx001_malformed_relevant_values() {
    for (from, to) in [
        ("remote-as 64512", "remote-as abc"),
        ("vif 101", "vif 5000"),
        ("address 169.254.100.2/30", "address 169.254.100.300/30"),
    ] {
        assert_fires("DX001", &variant(&[], &[(from, to)], &[]), &vif_json());
    }
}

#[test]
fn peer_group_inheritance_serves_the_rules() {
    // Everything AWS-facing on the peer-group; the neighbor only names it.
    let v: Vec<String> = clean()
        .into_iter()
        .map(|l| {
            if l.starts_with("BGP|neighbor 169.254.100.1|") {
                l.replace("BGP|neighbor 169.254.100.1|", "BGP|peer-group AWS|")
            } else {
                l
            }
        })
        .chain(["BGP|neighbor 169.254.100.1|peer-group AWS".to_string()])
        .collect();
    for form in FORMS {
        let (ids, detail) = ids_for(&v, form, &vif_json());
        assert!(ids.is_empty(), "{form:?}: {ids:?}\n{detail}");
    }
    let bad: Vec<String> = v
        .iter()
        .map(|l| l.replace("remote-as 64512", "remote-as 7224"))
        .collect();
    assert_fires("DX302", &bad, &vif_json());
}

#[test]
fn findings_carry_fixes_in_the_configs_own_syntax() {
    let v = variant(
        &[],
        &[("remote-as 64512", "remote-as 7224")],
        &["BGP|neighbor 169.254.100.1|ebgp-multihop 2"],
    );
    for form in FORMS {
        let text = render(&v, form);
        let r = lint_str(&text, Some(Vendor::Vyos), &vif_json());
        let fix_of = |rule: &str| {
            r.findings
                .iter()
                .find(|f| f.rule == rule)
                .and_then(|f| f.fix.clone())
                .unwrap_or_default()
        };
        let bgp = if form.tag_syntax() {
            "protocols bgp 65010"
        } else {
            "protocols bgp"
        };
        assert_eq!(
            fix_of("DX302"),
            format!("set {bgp} neighbor 169.254.100.1 remote-as 64512")
        );
        assert_eq!(
            fix_of("DX205"),
            format!("delete {bgp} neighbor 169.254.100.1 ebgp-multihop")
        );
        // The finding points at the offending line.
        let f = r
            .findings
            .iter()
            .find(|f| f.rule == "DX302")
            .expect("DX302");
        let span = f.span.expect("span");
        assert!(text[span.start()..span.end()].contains("remote-as 7224"));
    }
}

/// The clean turn-up config for `testdata/aws/vif-private-dualstack.json` (IPv4 and IPv6 peers,
/// a key per peer, jumbo MTU 9001).
fn dualstack() -> Vec<String> {
    let v6 = "2001:db8:1100:2f0:0:1:9cb4:4211";
    [
        "interfaces|ethernet eth1|mtu 9001".to_string(),
        "interfaces|ethernet eth1|vif 202|address 169.254.200.2/30".into(),
        "interfaces|ethernet eth1|vif 202|address 2001:db8:1100:2f0:0:1:9cb4:4216/125".into(),
        "interfaces|ethernet eth1|vif 202|mtu 9001".into(),
        "policy|prefix-list AWS-OUT|rule 10|action permit".into(),
        "policy|prefix-list AWS-OUT|rule 10|prefix 10.10.0.0/16".into(),
        "policy|prefix-list6 AWS-OUT6|rule 10|action permit".into(),
        "policy|prefix-list6 AWS-OUT6|rule 10|prefix 2001:db8:10::/48".into(),
        "BGP|address-family|ipv4-unicast|network 10.10.0.0/16".into(),
        "BGP|address-family|ipv6-unicast|network 2001:db8:10::/48".into(),
        "BGP|neighbor 169.254.200.1|address-family|ipv4-unicast|prefix-list|export AWS-OUT".into(),
        "BGP|neighbor 169.254.200.1|bfd".into(),
        "BGP|neighbor 169.254.200.1|password '0xDxLintExampleKey01'".into(),
        "BGP|neighbor 169.254.200.1|remote-as 64512".into(),
        format!("BGP|neighbor {v6}|address-family|ipv6-unicast|prefix-list|export AWS-OUT6"),
        format!("BGP|neighbor {v6}|bfd"),
        format!("BGP|neighbor {v6}|password '0xDxLintV6Key_0002'"),
        format!("BGP|neighbor {v6}|remote-as 64512"),
        "BGP|system-as 65010".into(),
        "BGP|timers|holdtime 90".into(),
        "BGP|timers|keepalive 30".into(),
    ]
    .to_vec()
}

#[test]
fn dualstack_clean_is_quiet_and_faults_are_per_family() {
    let json = testdata("aws/vif-private-dualstack.json");
    for form in FORMS {
        let (ids, detail) = ids_for(&dualstack(), form, &json);
        assert!(ids.is_empty(), "{form:?}: {ids:?}\n{detail}");
    }
    let r = lint_str(&testdata("vyos/clean-dualstack-1.4.set"), None, &json);
    assert!(rule_ids(&r).is_empty(), "{:?}", rule_ids(&r));
    // The IPv4 key on the IPv6 session is a mismatch on that peering only.
    let swapped: Vec<String> = dualstack()
        .into_iter()
        .map(|l| l.replace("0xDxLintV6Key_0002", "0xDxLintExampleKey01"))
        .collect();
    for form in FORMS {
        let r = lint_str(&render(&swapped, form), Some(Vendor::Vyos), &json);
        let hits: Vec<_> = r.findings.iter().filter(|f| f.rule == "DX403").collect();
        assert_eq!(hits.len(), 1, "{form:?}: {:?}", rule_ids(&r));
        assert!(hits[0]
            .peering
            .as_deref()
            .is_some_and(|p| p.ends_with("ipv6")));
    }
    // Without the IPv6 family under the IPv6 neighbor it has no family (VyOS 1.3+): Idle.
    let no_af: Vec<String> = dualstack()
        .into_iter()
        .filter(|l| !l.starts_with("BGP|neighbor 2001:db8:1100:2f0:0:1:9cb4:4211|address-family"))
        .collect();
    assert_fires("DX804", &no_af, &json);
    // The vif at the parent's default MTU cannot carry 9001: VyOS refuses, and MTU differs.
    let small_parent: Vec<String> = dualstack()
        .into_iter()
        .filter(|l| l != "interfaces|ethernet eth1|mtu 9001")
        .collect();
    assert_fires("DX001", &small_parent, &json);
}

#[test]
fn global_timers_apply_to_neighbors_without_their_own() {
    let v = variant(
        &["BGP|neighbor 169.254.100.1|timers"],
        &[],
        &["BGP|timers|holdtime 0", "BGP|timers|keepalive 0"],
    );
    assert_fires("DX601", &v, &vif_json());
}

//! Issue 19.3: an account-wide export (every VIF / VPN of the account) lints the config
//! against the VIFs/VPNs that belong to it and lists the others once as "not on this router".

mod common;
use common::*;
use serde_json::Value;

const CLEAN: &str = "testdata/cisco/edge1-clean.cfg";
const VIFS: &str = "testdata/aws/vifs-account.json";
const VPNS: &str = "testdata/aws/vpns-account.json";
const VPN_CFG: &str = "testdata/cisco/ios-vpn-ikev1-vti.cfg";

fn json(args: &[&str]) -> (Option<i32>, Value) {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let o = dxlint(&a);
    let v = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    let errs = validate(&schema(), &v);
    assert!(errs.is_empty(), "report-v1 schema: {errs:?}");
    (o.status.code(), v)
}

fn rules_of(v: &Value) -> Vec<(String, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["severity"].as_str().unwrap_or("").to_string(),
                f["peering"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn five_vif_export_lints_the_one_that_belongs_clean() {
    let (code, v) = json(&[CLEAN, "--vif-json", VIFS]);
    assert_eq!(code, Some(0), "{v:#}");
    let found = rules_of(&v);
    // The four others, once each, as info.
    let others: Vec<_> = found.iter().filter(|f| f.0 == "DX020").collect();
    assert_eq!(others.len(), 4, "{found:?}");
    assert!(others.iter().all(|f| f.1 == "info"));
    assert!(others.iter().all(|f| f.2 != "dxvif-ffab1234"), "{found:?}");
    assert_eq!(found.len(), 4, "only the DX020 notes: {found:?}");
    let peerings = v["peerings"].as_array().unwrap();
    assert_eq!(peerings.len(), 1, "{v:#}");
    assert_eq!(peerings[0]["id"], "dxvif-ffab1234/ipv4");
    assert_eq!(peerings[0]["predicted_state"], "Established");
    // The human report names them "not on this router" and offers no fix for them.
    let o = dxlint(&[CLEAN, "--vif-json", VIFS]);
    let out = stdout(&o);
    assert!(out.contains("not on this router"), "{out}");
    assert!(
        !out.contains("vlan 201") && !out.contains("dot1Q 201"),
        "{out}"
    );
}

#[test]
fn vif_id_with_vif_json_picks_offline() {
    // The pick is linted even though it is not this router's: its faults are errors.
    let (code, v) = json(&[CLEAN, "--vif-json", VIFS, "--vif", "dxvif-ffab0002"]);
    assert_eq!(code, Some(1), "{v:#}");
    let found = rules_of(&v);
    assert!(found.iter().all(|f| f.0 != "DX020"), "{found:?}");
    assert!(found.iter().any(|f| f.0 == "DX201"), "{found:?}");
    assert_eq!(v["peerings"][0]["id"], "dxvif-ffab0002/ipv4");
    // The one that belongs, picked: clean.
    let (code, _) = json(&[CLEAN, "--vif-json", VIFS, "--vif", "dxvif-ffab1234"]);
    assert_eq!(code, Some(0));
    // A pick that is not in the file is an input error naming what the file holds.
    let o = dxlint(&[CLEAN, "--vif-json", VIFS, "--vif", "dxvif-nothere1"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("dxvif-nothere1") && err.contains("dxvif-ffab0005"),
        "{err}"
    );
}

#[test]
fn nothing_matching_is_one_error_that_says_which_is_likelier() {
    // A router with BGP toward somewhere else: likelier another router's configuration.
    let other = write_temp(
        "other-router.cfg",
        "hostname edge9\n!\ninterface GigabitEthernet0/0/1.900\n encapsulation dot1Q 900\n ip address 10.9.9.2 255.255.255.252\n!\nrouter bgp 65010\n neighbor 10.9.9.1 remote-as 64512\n!\nend\n",
    );
    let (code, v) = json(&[other.to_str().unwrap(), "--vif-json", VIFS]);
    assert_eq!(code, Some(1), "{v:#}");
    let found = rules_of(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "DX021");
    let msg = v["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("another router"), "{msg}");
    // A configuration with nothing toward AWS: everything is missing.
    let bare = write_temp(
        "bare-router.cfg",
        "hostname edge9\n!\ninterface GigabitEthernet0/0/1\n ip address 10.9.9.2 255.255.255.252\n!\nend\n",
    );
    let (_, v) = json(&[bare.to_str().unwrap(), "--vif-json", VIFS]);
    let msgs: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "DX021")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(msgs.len(), 1, "{v:#}");
    assert!(msgs[0].contains("missing"), "{}", msgs[0]);
}

#[test]
fn a_single_vif_file_is_linted_as_before() {
    // Not account-wide: a VIF that matches nothing is still linted and its faults reported.
    let (code, v) = json(&[CLEAN, "--vif-json", "testdata/aws/vif-transit-jumbo.json"]);
    assert_eq!(code, Some(1), "{v:#}");
    assert!(rules_of(&v)
        .iter()
        .all(|f| f.0 != "DX020" && f.0 != "DX021"));
}

#[test]
fn three_vpn_export_lints_the_one_that_belongs_clean() {
    let (code, v) = json(&[VPN_CFG, "--vpn-json", VPNS]);
    assert_eq!(code, Some(0), "{v:#}");
    let found = rules_of(&v);
    let others: Vec<_> = found.iter().filter(|f| f.0 == "DX020").collect();
    assert_eq!(others.len(), 2, "{found:?}");
    assert_eq!(found.len(), 2, "{found:?}");
    let ids: Vec<&str> = v["peerings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "vpn-0a11b22c33d44e55f/tunnel1",
            "vpn-0a11b22c33d44e55f/tunnel2"
        ]
    );
    // No key of any VPN in the output.
    let o = dxlint(&[VPN_CFG, "--vpn-json", VPNS]);
    for k in ["Tunnel1_psk", "Other0_psk", "Other2_psk"] {
        assert!(!stdout(&o).contains(k) && !stderr(&o).contains(k));
    }
    // --vpn ID with --vpn-json picks offline.
    let (code, v) = json(&[
        VPN_CFG,
        "--vpn-json",
        VPNS,
        "--vpn",
        "vpn-0a11b22c33d44e55f",
    ]);
    assert_eq!(code, Some(0), "{v:#}");
    assert!(rules_of(&v).is_empty());
}

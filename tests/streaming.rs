//! Junos and VyOS files are read in one streaming pass unless something in them needs the
//! whole configuration first. These tests pin down which inputs stream and which fall back,
//! and that both readings agree where streaming applies (`testing::lint_str` checks that on
//! every test input too).

use dxlint::dialect::{junos, vyos};

const JUNOS_SET: &str = "\
set system host-name edge1
set interfaces xe-0/1/0 vlan-tagging
set interfaces xe-0/1/0 unit 101 vlan-id 101
set interfaces xe-0/1/0 unit 101 family inet address 169.254.100.2/30
set routing-options autonomous-system 65010
set protocols bgp group AWS neighbor 169.254.100.1 peer-as 64512
# dxlint-disable DX603 hold time agreed with AWS
set protocols bgp group AWS neighbor 169.254.100.1 hold-time 30
";

const JUNOS_CURLY: &str = "\
interfaces {
    xe-0/1/0 {
        vlan-tagging;
        unit 101 { vlan-id 101; family inet { address 169.254.100.2/30; } }
    }
}
routing-options { autonomous-system 65010; }
protocols { bgp { group AWS { neighbor 169.254.100.1 { peer-as 64512; } } } }
";

#[test]
fn plain_junos_files_stream_and_agree_with_the_whole_reading() {
    assert_eq!(junos::streaming_matches_whole(JUNOS_SET), Some(true));
    assert_eq!(junos::streaming_matches_whole(JUNOS_CURLY), Some(true));
}

#[test]
fn junos_files_that_need_the_whole_configuration_fall_back() {
    let cases = [
        format!("{JUNOS_SET}deactivate protocols bgp group AWS\n"),
        format!("{JUNOS_SET}delete interfaces xe-0/1/0 unit 101\n"),
        format!("set groups G interfaces <*> mtu 9192\nset apply-groups G\n{JUNOS_SET}"),
        format!("{JUNOS_SET}set policy-options prefix-list LOCAL apply-path \"interfaces <*> unit <*> family inet address <*>\"\n"),
        JUNOS_CURLY.replace("vlan-tagging;", "inactive: vlan-tagging;"),
        format!("groups {{ G {{ system {{ host-name x; }} }} }}\napply-groups G;\n{JUNOS_CURLY}"),
    ];
    for text in &cases {
        assert_eq!(junos::streaming_matches_whole(text), None, "{text}");
    }
}

const VYOS_SET: &str = "\
set interfaces ethernet eth1 vif 101 address '169.254.100.2/30'
set protocols bgp system-as '65010'
set protocols bgp neighbor 169.254.100.1 remote-as '64512'
set protocols bgp neighbor 169.254.100.1 address-family ipv4-unicast
";

const VYOS_BOOT: &str = "\
interfaces {
    ethernet eth1 {
        vif 101 {
            address 169.254.100.2/30
        }
    }
}
protocols {
    bgp {
        /* dxlint-disable DX603 */
        neighbor 169.254.100.1 {
            address-family {
                ipv4-unicast {
                }
            }
            remote-as 64512
        }
        system-as 65010
    }
}
// vyos-config-version: \"bgp@5:interfaces@31\"
";

#[test]
fn vyos_files_stream_unless_they_delete() {
    assert_eq!(vyos::streaming_matches_whole(VYOS_SET), Some(true));
    assert_eq!(vyos::streaming_matches_whole(VYOS_BOOT), Some(true));
    let deleting =
        format!("{VYOS_SET}delete protocols bgp neighbor 169.254.100.1 address-family\n");
    assert_eq!(vyos::streaming_matches_whole(&deleting), None);
}

//! placeholder
use crate::dialect::firewall::Facts;
use crate::fix::Fix;
use crate::model::RouterModel;
use crate::source::SourceFile;
pub const FACTS: Facts = Facts {
    ike_lifetime: None,
    ipsec_lifetime: None,
    ike_version: None,
    tunnel_mtu: None,
    md5_key_limit: 80,
};
pub fn extract(_s: &SourceFile) -> RouterModel {
    RouterModel::default()
}
pub fn render_fix(_f: &Fix, _m: &RouterModel) -> String {
    String::new()
}
/// `set …` paths only PAN-OS writes.
pub(crate) const SET_MARKERS: &[&str] = &[
    "deviceconfig ",
    "network virtual-router ",
    "network ike ",
    "network tunnel ",
    "network interface ethernet ethernet",
    "network interface tunnel ",
    "network profiles ",
    "mgt-config ",
    "rulebase ",
    "zone ",
    "shared ",
    "vsys ",
];

/// Brace-form blocks only PAN-OS writes.
pub(crate) const BRACE_MARKERS: &[&str] = &[
    "deviceconfig ",
    "virtual-router ",
    "ike-crypto-profiles ",
    "ipsec-crypto-profiles ",
    "mgt-config ",
    "rulebase ",
    "peer-group ",
];

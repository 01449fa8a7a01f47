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
/// `config …` sections only FortiOS has (after `config `).
pub(crate) const SECTIONS: &[&str] = &[
    "system ",
    "vpn ",
    "router ",
    "firewall ",
    "user ",
    "log ",
    "wireless-controller",
    "switch-controller",
];

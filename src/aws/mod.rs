//! The AWS side: what each VIF or VPN tunnel expects, from exported JSON or the live API.

pub mod cgw_xml;
pub mod json_error;
pub mod kind;
pub mod terraform;
pub mod vif_json;
pub mod vpn_json;

/// Live AWS through the SDK (`--vif`, `--vpn`, `dxlint export`); only with the `aws` feature.
#[cfg(feature = "aws")]
pub mod fetch;

/// Load either kind of AWS export, telling them apart by their field names (the VPN API
/// spells fields in PascalCase: `VpnConnectionId`; Direct Connect in camelCase).
pub fn load_any(
    src: &crate::source::SourceFile,
) -> Result<Vec<crate::model::Peering>, crate::error::InputError> {
    if src.text.contains("\"VpnConnectionId\"") || src.text.contains("\"VpnConnections\"") {
        vpn_json::load(src)
    } else {
        vif_json::load(src)
    }
}

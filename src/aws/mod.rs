//! The AWS side: what each VIF or VPN tunnel expects, from exported JSON or the live API.

pub mod cgw_xml;
pub mod json_error;
pub mod vif_json;
pub mod vpn_json;

/// Live AWS through the SDK (`--vif`, `--vpn`, `dxlint export`); only with the `aws` feature.
#[cfg(feature = "aws")]
pub mod fetch;

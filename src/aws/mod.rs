//! The AWS side: what each VIF or VPN tunnel expects, from exported JSON or the live API.

pub mod json_error;
pub mod vif_json;

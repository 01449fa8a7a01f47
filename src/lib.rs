//! dxlint: lint a customer router's configuration against what AWS expects for a Direct
//! Connect virtual interface or a Site-to-Site VPN, before turn-up.
//!
//! Pipeline: text → syntax tree → dialect extractor → [`model::RouterModel`]; AWS data →
//! [`model::Peering`]s; [`pair`] decides which neighbor serves which peering; [`rules`]
//! produce findings; [`report`] renders them.
#![forbid(unsafe_code)]

pub mod aws;
pub mod baseline;
pub mod diagnose;
pub mod dialect;
pub mod docs;
pub mod error;
pub mod escape;
pub mod fix;
pub mod fsio;
/// Fuzz and regression harness: for the crate's own fuzz targets and tests, not an API.
#[doc(hidden)]
pub mod harness;
pub mod lint;
pub mod model;
pub mod pair;
pub mod parallel;
pub mod project;
pub mod report;
pub mod rule_id;
pub mod rules;
pub mod secret;
pub mod select;
pub mod source;
pub mod syntax;
/// Test helpers for the crate's own tests and benches, not an API.
#[doc(hidden)]
pub mod testing;

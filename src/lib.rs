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
pub mod fix;
pub mod harness;
pub mod lint;
pub mod model;
pub mod pair;
pub mod parallel;
pub mod project;
pub mod report;
pub mod rules;
pub mod secret;
pub mod source;
pub mod syntax;
pub mod testing;

//! Reporters: human (miette), json (the versioned contract), sarif, github.

pub mod human;
pub mod json;
pub mod redact;
pub mod snippet;

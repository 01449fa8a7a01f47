//! Cisco IOS / IOS-XE (and FRR) extractor.
use crate::model::{RouterModel, Vendor};
use crate::source::SourceFile;

pub fn extract(_source: &SourceFile, _vendor: Vendor) -> RouterModel {
    RouterModel::default()
}

pub fn render_fix(_fix: &crate::fix::Fix, _model: &RouterModel) -> String {
    String::new()
}

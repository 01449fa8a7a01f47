//! junos extractor (work in progress).
use crate::fix::Fix;
use crate::model::RouterModel;
use crate::source::SourceFile;

pub fn extract(_source: &SourceFile) -> RouterModel {
    RouterModel::default()
}

pub fn render_fix(_fix: &Fix, _model: &RouterModel) -> String {
    String::new()
}

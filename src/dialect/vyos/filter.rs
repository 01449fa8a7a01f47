//! VyOS firewall (stub).
use crate::fix::FilterFix;
use crate::model::filter::Filters;
use crate::model::RouterModel;

pub(crate) fn extract(_text: &str) -> Filters {
    Filters::default()
}

pub(crate) fn render_fix(fix: &FilterFix, _model: &RouterModel) -> String {
    format!("# {fix:?}")
}

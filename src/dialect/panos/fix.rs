use crate::fix::Fix;
use crate::model::RouterModel;
pub fn render_fix(_f: &Fix, _m: &RouterModel) -> String {
    String::new()
}

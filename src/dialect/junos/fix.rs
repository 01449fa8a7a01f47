//! Fixes rendered as Junos `set` / `delete` commands.

use crate::fix::Fix;
use crate::model::RouterModel;

pub(crate) fn render(_f: &Fix, _model: &RouterModel) -> String {
    String::new()
}

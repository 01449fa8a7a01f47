use crate::model::RouterModel;
use crate::source::SourceFile;
pub(super) fn extract(_s: &SourceFile) -> RouterModel {
    RouterModel::default()
}

//! `security ike` / `security ipsec` (Site-to-Site VPN on SRX and vSRX).

use super::{Cx, Stmt};
use crate::model::RouterModel;

#[derive(Default)]
pub(crate) struct Builder {}

pub(crate) fn statement(_cx: &mut Cx, _s: &Stmt) -> bool {
    false
}

impl Builder {
    pub fn finish(self, _model: &mut RouterModel) {}
}

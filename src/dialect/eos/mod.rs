//! Arista EOS: IOS's flat `neighbor X …` grammar with EOS's own forms (`encapsulation
//! dot1q vlan N`, `neighbor X peer group G`, `vrf NAME` in interfaces, `maximum-routes`)
//! and its own key encoding (`password 7 <base64>`: DES keyed by the neighbor or
//! peer-group name, see [`secret`]). The IOS reader does the walking; the platform's own
//! facts live here.

pub(crate) mod detect;
mod dialect;
mod fix;
pub mod secret;

pub(crate) use detect::markers;
pub use dialect::{Eos, PROFILE};
pub use fix::render_fix;

use crate::model::{RouterModel, Vendor};
use crate::source::SourceFile;

/// Read one EOS configuration into the model.
pub fn extract(source: &SourceFile) -> RouterModel {
    crate::dialect::cisco::extract(source, Vendor::AristaEos)
}

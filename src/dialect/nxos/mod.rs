//! Cisco NX-OS: IOS's indentation grammar with nested `neighbor X` blocks, `template
//! peer` / `inherit peer`, `vrf member`, `ip address A/len` and `password 3` (3DES with
//! a device key: unverifiable). The IOS reader does the walking (its neighbor blocks and
//! templates already follow NX-OS); the platform's own facts live here.

pub(crate) mod detect;
mod dialect;
mod fix;

pub(crate) use detect::markers;
pub use dialect::{Nxos, PROFILE};
pub use fix::render_fix;

use crate::model::{RouterModel, Vendor};
use crate::source::SourceFile;

/// NX-OS activates a neighbor in a family only under `address-family ipv4 unicast` in its
/// block (its own or a template's): no implicit IPv4 unicast as on IOS.
pub const ACTIVATES_IPV4_BY_DEFAULT: bool = false;

/// Read one NX-OS configuration into the model.
pub fn extract(source: &SourceFile) -> RouterModel {
    crate::dialect::cisco::extract(source, Vendor::CiscoNxos)
}

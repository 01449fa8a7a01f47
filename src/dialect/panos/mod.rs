//! Palo Alto PAN-OS: the `set` form (`set cli config-output-format set` + `show config
//! running`), the brace form (`show config running`, RANCID's copy) and the XML export
//! (`running-config.xml`) of the same tree, all flattened into paths by the shared readers
//! ([`crate::syntax::set`], [`crate::syntax::curly`], [`crate::syntax::xml`]). Read:
//! `network interface` (ethernet layer-3 units with `tag`, tunnel units), `network ike`
//! (crypto profiles, gateways), `network tunnel ipsec`, `network virtual-router … protocol
//! bgp`.

mod dialect;
mod extract;
mod fix;

pub use dialect::*;
pub use fix::render_fix;

use crate::model::Vendor;

#[cfg(test)]
mod tests;

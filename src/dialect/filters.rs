//! Packet filters and NAT, read by each dialect in a second pass over the text (see each
//! dialect's `filter` module) into [`crate::model::filter::Filters`]. FRR configures none:
//! a Linux host's firewall is not in its configuration.

use crate::model::filter::Filters;
use crate::model::{RouterModel, Vendor};
use crate::source::SourceFile;

/// The filters, bindings and NAT rules of one configuration.
pub fn extract(source: &SourceFile, vendor: Vendor, model: &RouterModel) -> Filters {
    match vendor {
        Vendor::CiscoIos => super::cisco::filter::extract(&source.text),
        Vendor::Junos => super::junos::filter::extract(&source.text, model),
        Vendor::Vyos => super::vyos::filter::extract(&source.text),
        Vendor::Frr => Filters::default(),
    }
}

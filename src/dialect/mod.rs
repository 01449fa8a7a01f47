//! Dialect extractors: one vendor's meaning of its syntax tree, into the RouterModel.

pub mod cisco;
pub mod detect;
pub mod secret;

use crate::error::InputError;
use crate::model::{RouterModel, Vendor};
use crate::source::SourceFile;

/// Parse one configuration file with the given (or detected) vendor.
pub fn extract(source: &SourceFile, vendor: Option<Vendor>) -> Result<RouterModel, InputError> {
    let vendor = match vendor {
        Some(v) => v,
        None => detect::detect(&source.text).ok_or_else(|| InputError::UnknownVendor {
            file: source.name.clone(),
        })?,
    };
    let mut model = match vendor {
        Vendor::CiscoIos | Vendor::Frr => cisco::extract(source, vendor),
        Vendor::Junos | Vendor::Vyos => {
            return Err(InputError::UnsupportedVendor {
                file: source.name.clone(),
                vendor: vendor.as_str(),
            })
        }
    };
    model.vendor = Some(vendor);
    Ok(model)
}

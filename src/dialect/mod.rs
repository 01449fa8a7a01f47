//! Dialect extractors: one vendor's meaning of its syntax tree, into the RouterModel.
//! Each dialect also renders [`Fix`]es in its own syntax.

pub mod cisco;
pub mod common;
pub mod detect;
pub mod filters;
pub mod ipsec_names;
pub mod junos;
pub(crate) mod name_index;
pub(crate) mod prefix_index;
pub mod secret;
pub mod suppress;
pub mod vyos;

use crate::error::InputError;
use crate::fix::Fix;
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
        Vendor::Junos => junos::extract(source),
        Vendor::Vyos => vyos::extract(source),
    };
    model.vendor = Some(vendor);
    model.filters = filters::extract(source, vendor, &model);
    Ok(model)
}

/// Junos and VyOS read most files in one streaming pass and the rest whole: whether the
/// streamed model is exactly the whole reading's (`None`: streaming did not apply).
fn readings_agree(
    streamed: Option<RouterModel>,
    whole: impl FnOnce() -> RouterModel,
) -> Option<bool> {
    let streamed = streamed?;
    Some(format!("{streamed:?}") == format!("{:?}", whole()))
}

/// The corrected line(s) for a fix, in the model's own syntax.
pub fn render_fix(fix: &Fix, model: &RouterModel) -> String {
    match model.vendor {
        Some(Vendor::Junos) => junos::render_fix(fix, model),
        Some(Vendor::Vyos) => vyos::render_fix(fix, model),
        _ => cisco::render_fix(fix, model),
    }
}

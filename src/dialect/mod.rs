//! Dialect extractors: one vendor's meaning of its syntax tree, into the RouterModel.
//! Each dialect also renders [`Fix`]es in its own syntax.

pub mod asa;
pub mod cisco;
pub(crate) mod cisco_family;
pub mod common;
pub mod detect;
pub mod eos;
pub mod fortios;
pub mod iosxr;
pub mod ipsec_names;
pub mod junos;
pub(crate) mod name_index;
pub(crate) mod nested_bgp;
pub mod nxos;
pub mod panos;
pub(crate) mod policy;
pub(crate) mod prefix_index;
pub(crate) mod resolve;
pub mod secret;
pub mod suppress;
pub mod vyos;

use crate::error::InputError;
use crate::fix::Fix;
use crate::model::filter::Filters;
use crate::model::{PlatformProfile, RouterModel, Vendor};
use crate::source::SourceFile;

/// One configuration dialect: how to recognise it, read it into the vendor-neutral model,
/// what its platform does where the configuration is silent, and how to write a fix in its
/// syntax. A new dialect implements this and adds one entry to [`DIALECTS`].
pub trait Dialect: Sync {
    /// The `--vendor` value this dialect answers to.
    fn vendor(&self) -> Vendor;
    /// How strongly the first lines of `text` look like this dialect (0: not at all); the
    /// highest score wins detection. Helpers: [`detect::score_lines`].
    fn detect_score(&self, text: &str) -> i64;
    /// Read the file into the model (`vendor` and `profile` are set by [`extract`]).
    fn extract(&self, source: &SourceFile) -> RouterModel;
    /// Defaults, limits and naming of the platform.
    fn profile(&self) -> &'static PlatformProfile;
    /// The corrected line(s) for a fix, in this dialect's syntax.
    fn render_fix(&self, fix: &Fix, model: &RouterModel) -> String;
    /// Comment markers the dialect reads (a `dxlint-disable` directive is written after one).
    fn comment_markers(&self) -> &'static [&'static str];
    /// Packet filters, their bindings and NAT, read in a second pass over the text once the
    /// model is built; a dialect that does not read them leaves them empty.
    fn filters(&self, _source: &SourceFile, _model: &RouterModel) -> Filters {
        Filters::default()
    }
}

/// Every dialect dxlint reads. Order matters only for detection ties (the later one wins).
pub static DIALECTS: &[&dyn Dialect] = &[
    &cisco::Frr,
    &junos::Junos,
    &vyos::Vyos,
    &cisco::Ios,
    &iosxr::IosXr,
    &nxos::Nxos,
    &eos::Eos,
    &asa::Asa,
    &fortios::Fortios,
    &panos::Panos,
];

/// The dialect answering to a vendor.
pub fn dialect(vendor: Vendor) -> Option<&'static dyn Dialect> {
    DIALECTS.iter().copied().find(|d| d.vendor() == vendor)
}

/// Parse one configuration file with the given (or detected) vendor.
pub fn extract(source: &SourceFile, vendor: Option<Vendor>) -> Result<RouterModel, InputError> {
    // Prompts, pagers and banners of a pasted capture: blanked here, once for every dialect.
    let cleaned = crate::syntax::capture::clean(&source.text);
    let capture_lines = cleaned.as_ref().map_or(0, |(_, n)| *n);
    let cleaned_source = cleaned.map(|(text, _)| SourceFile::new(source.name.clone(), text));
    let source = cleaned_source.as_ref().unwrap_or(source);
    let forced = vendor;
    let mut note = None;
    let vendor = match vendor {
        Some(v) => v,
        None => {
            let d = detect::detect_explained(&source.text).ok_or_else(|| {
                InputError::UnknownVendor {
                    file: source.name.clone(),
                }
            })?;
            note = d.note;
            d.vendor
        }
    };
    let d = dialect(vendor).ok_or_else(|| InputError::UnsupportedVendor {
        file: source.name.clone(),
        vendor: vendor.as_str(),
    })?;
    let mut model = d.extract(source);
    model.vendor = Some(vendor);
    model.stats.capture_lines = capture_lines;
    if forced.is_some() {
        model.stats.detected = detect::detect(&source.text)
            .filter(|d| *d != vendor && !matches!((d, vendor), (Vendor::Frr, Vendor::CiscoIos)));
    }
    model.profile = Some(d.profile());
    model.stats.detection_note = note;
    model.filters = d.filters(source, &model);
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

/// The corrected line(s) for a fix, in the model's own syntax (IOS syntax for a model no
/// dialect read).
pub fn render_fix(fix: &Fix, model: &RouterModel) -> String {
    let d = model.vendor.and_then(dialect).unwrap_or(&cisco::Ios);
    d.render_fix(fix, model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dialect_is_registered_once_under_its_own_name() {
        for d in DIALECTS {
            let v = d.vendor();
            assert_eq!(DIALECTS.iter().filter(|o| o.vendor() == v).count(), 1);
            assert!(std::ptr::eq(dialect(v).unwrap().profile(), d.profile()));
            assert_eq!(
                d.profile().name,
                v.as_str(),
                "profile named as --vendor spells it"
            );
            assert_eq!(d.detect_score(""), 0);
        }
    }

    #[test]
    fn every_comment_marker_carries_a_directive() {
        for d in DIALECTS {
            for m in d.comment_markers() {
                let text = format!("{m} dxlint-disable DX603 agreed with AWS");
                let got = suppress::parse(&text);
                assert_eq!(
                    got.map(|g| g.rules),
                    Some(vec!["DX603".to_string()]),
                    "{} marker {m}",
                    d.vendor().as_str()
                );
            }
        }
    }

    #[test]
    fn extract_stamps_the_dialect_and_its_profile() {
        let src = SourceFile::new("r.cfg", "set protocols bgp system-as 65000\n".to_string());
        let m = extract(&src, None).unwrap();
        assert_eq!(m.vendor, Some(Vendor::Vyos));
        assert_eq!(m.profile().name, "vyos");
        assert_eq!(m.profile().default_timers.hold, 180);
    }
}

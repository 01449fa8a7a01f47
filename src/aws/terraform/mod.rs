//! Terraform as the AWS side (issue 23): the VIFs and VPNs a repository declares, read from
//! `terraform show -json` output (plan or state) or from `.tf` files, converted through the
//! same code as exported JSON. Peering ids are the resource addresses until AWS has
//! assigned the real id (`aws_dx_private_virtual_interface.edge1/ipv4`).

pub mod convert;
pub mod hcl_dir;
pub mod resource;
pub mod show_json;

use crate::error::InputError;
use convert::{Converted, VIF_TYPES, VPN_TYPE};
use resource::Resource;
use std::path::{Path, PathBuf};

/// An input error about a Terraform input: file, line when known, what was expected. No
/// source snippet: plan and state JSON hold keys in clear text.
pub(crate) fn tf_error(
    file: &str,
    line: Option<(usize, usize)>,
    message: String,
    help: Option<String>,
) -> InputError {
    let at = match line {
        Some((l, c)) => format!("{file}:{l}:{c}"),
        None => file.to_string(),
    };
    InputError::Aws {
        message: format!("{at}: {message}"),
        help,
    }
}

/// Read `--terraform FILE|DIR` (or a target's `terraform:`): `picks` pins the addresses
/// to lint against (empty: every VIF and VPN, for the account-wide selection).
pub fn load(path: &Path, picks: &[String]) -> Result<Converted, InputError> {
    let mut all = load_all(&[path.to_path_buf()], picks)?;
    Ok(all.pop().map(|(_, c)| c).unwrap_or_default())
}

/// Every input of a run or target, each converted on its own (references resolve within
/// one plan, state or directory); each pick must name a VIF or VPN of one of them.
pub fn load_all(
    paths: &[PathBuf],
    picks: &[String],
) -> Result<Vec<(String, Converted)>, InputError> {
    let picked = |r: &Resource| {
        picks
            .iter()
            .any(|w| r.address == *w || r.base_address() == w)
    };
    let mut read = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let all = read_resources(path)?;
        if !all.iter().any(|r| convert::is_peering_resource(&r.rtype)) {
            return Err(nothing_supported(&name, &all));
        }
        read.push((name, all));
    }
    for want in picks {
        let found = read.iter().flat_map(|(_, all)| all).any(|r| {
            convert::is_peering_resource(&r.rtype)
                && (r.address == *want || r.base_address() == want)
        });
        if !found {
            let held: Vec<&str> = read
                .iter()
                .flat_map(|(_, all)| all)
                .filter(|r| convert::is_peering_resource(&r.rtype))
                .map(|r| r.address.as_str())
                .collect();
            let names: Vec<&str> = read.iter().map(|(n, _)| n.as_str()).collect();
            return Err(tf_error(
                &names.join(", "),
                None,
                format!(
                    "no VIF or VPN resource `{want}`; declared: {}",
                    held.join(", ")
                ),
                Some(
                    "`resource:` names resource addresses as `terraform state list` prints them"
                        .into(),
                ),
            ));
        }
    }
    let mut out = Vec::new();
    for (name, all) in &read {
        let chosen: Vec<&Resource> = all
            .iter()
            .filter(|r| convert::is_peering_resource(&r.rtype))
            .filter(|r| picks.is_empty() || picked(r))
            .collect();
        out.push((name.clone(), convert::convert(all, &chosen)?));
    }
    Ok(out)
}

/// Every resource in the file or directory.
fn read_resources(path: &Path) -> Result<Vec<Resource>, InputError> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| InputError::Read {
        file: name.clone(),
        reason: e.to_string(),
    })?;
    if meta.is_dir() {
        return hcl_dir::read_dir(path);
    }
    if path.extension().is_some_and(|e| e == "tf") {
        return hcl_dir::read_files(
            &[path.to_path_buf()],
            path.parent().unwrap_or(Path::new(".")),
        );
    }
    // The size limit is read_text's (bounded by what is read, not by what metadata says).
    let text = read_text(path, &name)?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        tf_error(
            &name,
            Some((e.line(), e.column())),
            format!("not JSON: {e}"),
            Some(
                "pass the output of `terraform show -json plan.out`, or a directory of .tf files"
                    .into(),
            ),
        )
    })?;
    if !show_json::is_show_json(&value) {
        let kind = crate::aws::kind::sniff(&text);
        let help = match kind {
            crate::aws::kind::Kind::Vif => "this is `aws directconnect describe-virtual-interfaces` output: pass it with --vif-json",
            crate::aws::kind::Kind::Vpn => "this is `aws ec2 describe-vpn-connections` output: pass it with --vpn-json",
            _ => "write it with `terraform show -json plan.out > plan.json` (or `terraform show -json > state.json`)",
        };
        return Err(tf_error(
            &name,
            None,
            "not `terraform show -json` output: expected an object with `format_version` and `planned_values` (a plan) or `values` (state)".into(),
            Some(help.into()),
        ));
    }
    show_json::resources(&name, &value)
}

/// Terraform plans of a whole repository can be large, but not this large.
const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// The error for an input without VIFs or VPNs; an accepter alone gets its own reason.
fn nothing_supported(name: &str, all: &[Resource]) -> InputError {
    let accepters: Vec<&str> = all
        .iter()
        .filter(|r| r.rtype.starts_with("aws_dx_hosted_") && r.rtype.ends_with("_accepter"))
        .map(|r| r.address.as_str())
        .collect();
    if !accepters.is_empty() {
        return tf_error(
            name,
            None,
            format!(
                "{} accepts a hosted VIF, and an accepter carries no BGP fields (VLAN, ASN, addresses, key are on the creator's side)",
                accepters.join(", ")
            ),
            Some("lint against the VIF live (--vif dxvif-…), or against the creator account's plan or state".into()),
        );
    }
    let types: Vec<&str> = VIF_TYPES.iter().map(|(t, _)| *t).collect();
    tf_error(
        name,
        None,
        format!(
            "no Direct Connect VIF or VPN connection among its {} resources: expected {} or {VPN_TYPE}",
            all.len(),
            types.join(", ")
        ),
        None,
    )
}

/// A Terraform file as text: a regular file of at most [`MAX_BYTES`] (FIFOs and devices
/// refused, the size bounded by what is read), valid UTF-8.
pub(crate) fn read_text(path: &Path, name: &str) -> Result<String, InputError> {
    use crate::fsio::{read_limited, ReadFail};
    let bytes = read_limited(path, MAX_BYTES).map_err(|e| match e {
        ReadFail::TooLarge(size) => InputError::TooLarge {
            file: name.to_string(),
            size,
            limit_mb: MAX_BYTES / (1024 * 1024),
        },
        other => InputError::Read {
            file: name.to_string(),
            reason: other.to_string(),
        },
    })?;
    String::from_utf8(bytes).map_err(|e| InputError::Read {
        file: name.to_string(),
        reason: format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
    })
}

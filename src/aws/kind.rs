//! What kind of AWS input a file is, so a VPN export given to `--vif-json` (or `{}`, `[]`, a
//! Terraform plan) is an input error that names the right flag, not a blank VIF linted as
//! "predicted Unknown".

use super::json_error::at_position;
use crate::error::InputError;
use crate::source::SourceFile;

/// The inputs dxlint reads, as told apart by their field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `aws directconnect describe-virtual-interfaces` (camelCase fields).
    Vif,
    /// `aws ec2 describe-vpn-connections` (PascalCase fields).
    Vpn,
    /// `terraform show -json` (plan or state).
    Terraform,
    /// None of the above.
    Unknown,
}

impl Kind {
    /// What the file is, in words, for the message.
    fn describe(self) -> &'static str {
        match self {
            Kind::Vif => "`aws directconnect describe-virtual-interfaces` output",
            Kind::Vpn => "`aws ec2 describe-vpn-connections` output",
            Kind::Terraform => "`terraform show -json` output",
            Kind::Unknown => "JSON",
        }
    }
    /// The flag (and `.dxlint.yaml` key) that reads this kind.
    fn flag(self) -> Option<&'static str> {
        match self {
            Kind::Vif => Some("--vif-json (a target's `vif-json:`)"),
            Kind::Vpn => Some("--vpn-json (a target's `vpn-json:`)"),
            Kind::Terraform => Some("--terraform (a target's `terraform:`)"),
            Kind::Unknown => None,
        }
    }
}

/// Field names that only one kind uses (whole keys with their quotes, so `"vlan"` does not
/// match inside a value).
const VIF_KEYS: &[&str] = &[
    "\"virtualInterfaces\"",
    "\"virtualInterfaceId\"",
    "\"virtualInterfaceType\"",
    "\"amazonAddress\"",
    "\"customerAddress\"",
    "\"bgpPeers\"",
];
const VPN_KEYS: &[&str] = &[
    "\"VpnConnections\"",
    "\"VpnConnectionId\"",
    "\"CustomerGatewayConfiguration\"",
    "\"TunnelOptions\"",
    "\"VgwTelemetry\"",
];

/// Tell the kind from the text alone (cheap: key names, not a parse).
pub fn sniff(text: &str) -> Kind {
    if has_top_level_key(text, "format_version")
        && [
            "planned_values",
            "values",
            "resource_changes",
            "terraform_version",
        ]
        .iter()
        .any(|k| has_top_level_key(text, k))
    {
        return Kind::Terraform;
    }
    let vpn = VPN_KEYS.iter().any(|k| text.contains(k));
    let vif = VIF_KEYS.iter().any(|k| text.contains(k));
    match (vif, vpn) {
        (true, false) => Kind::Vif,
        (false, true) => Kind::Vpn,
        // Both: a VIF's customerRouterConfig cannot hold PascalCase JSON keys, so a file that
        // names a VPN connection at the top is a VPN export.
        (true, true) if has_top_level_key(text, "VpnConnections") => Kind::Vpn,
        (true, true) => Kind::Vif,
        (false, false) => Kind::Unknown,
    }
}

/// The input error for a file that is not of the `expected` kind: what was expected, what
/// the file looks like, and which flag reads it.
pub fn wrong_kind(src: &SourceFile, expected: Kind, found_nothing: &str) -> InputError {
    let found = sniff(&src.text);
    let message = if found == Kind::Unknown || found == expected {
        format!("{found_nothing}: expected {}", expected.describe())
    } else {
        format!("this is {}, not {}", found.describe(), expected.describe())
    };
    let help = match found.flag() {
        Some(flag) if found != expected => format!("pass this file with {flag}"),
        _ => match expected {
            Kind::Vif => "export it with `aws directconnect describe-virtual-interfaces [--virtual-interface-id ID] > vif.json` and pass it with --vif-json".into(),
            Kind::Vpn => "export it with `aws ec2 describe-vpn-connections [--vpn-connection-ids ID] > vpn.json` and pass it with --vpn-json".into(),
            _ => "pass `terraform show -json plan.out` output with --terraform".into(),
        },
    };
    at_position(src, 1, 1, message, Some(help))
}

/// Cheap check for `"key"` at nesting depth 1 of a JSON object.
pub(crate) fn has_top_level_key(text: &str, key: &str) -> bool {
    let mut depth = 0i32;
    let mut in_str = false;
    let mut esc = false;
    let bytes = text.as_bytes();
    let needle = format!("\"{key}\"");
    for (i, &b) in bytes.iter().enumerate() {
        if in_str {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth -= 1,
            b'"' => {
                if depth == 1 && text[i..].starts_with(&needle) {
                    return true;
                }
                in_str = true;
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_kind() {
        assert_eq!(sniff(r#"{"virtualInterfaces":[]}"#), Kind::Vif);
        assert_eq!(sniff(r#"[{"vlan":1,"amazonAddress":"x"}]"#), Kind::Vif);
        assert_eq!(
            sniff(r#"{"VpnConnections":[{"VpnConnectionId":"v"}]}"#),
            Kind::Vpn
        );
        assert_eq!(
            sniff(r#"{"format_version":"1.2","planned_values":{}}"#),
            Kind::Terraform
        );
        assert_eq!(sniff("{}"), Kind::Unknown);
        // A key name escaped inside a string value is not a key.
        assert_eq!(sniff(r#"{"name":"\"bgpPeers\""}"#), Kind::Unknown);
    }

    #[test]
    fn the_message_names_the_right_flag() {
        let src = SourceFile::new("vpn.json", r#"{"VpnConnections":[]}"#);
        let e = wrong_kind(&src, Kind::Vif, "no virtual interfaces");
        let text = format!(
            "{e} {:?}",
            miette::Diagnostic::help(&e).map(|h| h.to_string())
        );
        assert!(text.contains("describe-vpn-connections"), "{text}");
        assert!(text.contains("--vpn-json"), "{text}");
    }
}

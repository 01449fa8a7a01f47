//! Command-line definitions (clap).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Lint a router configuration against the AWS Direct Connect VIF or Site-to-Site VPN it
/// will peer with, before turn-up: VLAN, addressing, ASNs, MD5, MTU, timers, prefixes.
/// The `--vendor` values (lint and diagnose): one per dialect.
const VENDORS: [&str; 10] = [
    "cisco-ios",
    "frr",
    "junos",
    "vyos",
    "cisco-iosxr",
    "cisco-nxos",
    "arista-eos",
    "cisco-asa",
    "fortios",
    "panos",
];

/// Seconds before live AWS calls give up, unless `--timeout` says otherwise.
pub(crate) const AWS_TIMEOUT_S: u64 = 30;

#[derive(Parser, Debug)]
#[command(
    name = "dxlint",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  dxlint edge1.cfg --vif-json vif.json        offline, from `aws directconnect describe-virtual-interfaces`\n  dxlint edge1.cfg --vif dxvif-fg5678gh         live, with the standard AWS credential chain\n  dxlint edge1.cfg --vif-json vif.json --format json\n  dxlint --format sarif > dxlint.sarif          every target of .dxlint.yaml (docs/ci.md)\n  dxlint explain DX301\n\nExit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Args, Debug, Default)]
pub struct LintArgs {
    /// Router configuration files (`-` reads stdin). None: every target of .dxlint.yaml.
    pub configs: Vec<PathBuf>,
    /// Direct Connect virtual interface id to fetch live (repeatable).
    #[arg(long = "vif", value_name = "ID")]
    pub vif: Vec<String>,
    /// Site-to-Site VPN connection id to fetch live (repeatable).
    #[arg(long = "vpn", value_name = "ID")]
    pub vpn: Vec<String>,
    /// `aws directconnect describe-virtual-interfaces` output (repeatable).
    #[arg(long = "vif-json", value_name = "FILE")]
    pub vif_json: Vec<PathBuf>,
    /// `aws ec2 describe-vpn-connections` output (repeatable).
    #[arg(long = "vpn-json", value_name = "FILE")]
    pub vpn_json: Vec<PathBuf>,
    /// `terraform show -json` output (plan or state), or a directory of .tf files (repeatable).
    #[arg(long = "terraform", value_name = "FILE|DIR")]
    pub terraform: Vec<PathBuf>,
    /// Configuration dialect (default: detect).
    #[arg(long, value_name = "VENDOR", value_parser = VENDORS)]
    pub vendor: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Project configuration (default: nearest .dxlint.yaml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Hide findings recorded in this baseline (written by --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in FILE (for --baseline), print the report, exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// AWS profile (as the AWS CLI's --profile).
    #[arg(long)]
    pub profile: Option<String>,
    /// AWS region (as the AWS CLI's --region).
    #[arg(long)]
    pub region: Option<String>,
    /// AWS endpoint override (as the AWS CLI's --endpoint-url; also AWS_ENDPOINT_URL).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Seconds before a live AWS call gives up.
    #[arg(long, default_value_t = AWS_TIMEOUT_S, value_name = "SECONDS")]
    pub timeout: u64,
    /// No colours in human output.
    #[arg(long)]
    pub no_color: bool,
    /// Also print what the parser skipped.
    #[arg(short, long)]
    pub verbose: bool,
}

impl LintArgs {
    /// The live AWS connection these flags describe.
    pub(crate) fn live(&self) -> crate::inputs::LiveAws<'_> {
        crate::inputs::LiveAws {
            profile: self.profile.as_deref(),
            region: self.region.as_deref(),
            endpoint_url: self.endpoint_url.as_deref(),
            timeout: self.timeout,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List every rule with its severity and where the session stalls.
    Rules,
    /// Explain one rule: why it breaks the session, what AWS sends, how to fix it.
    Explain {
        /// Rule id (DX301) or name (local-asn-mismatch).
        rule: String,
    },
    /// Fetch VIFs or VPN connections live and write the JSON that --vif-json / --vpn-json read.
    Export(ExportArgs),
    /// Print a shell completion script (e.g. `dxlint completions bash > /etc/bash_completion.d/dxlint`).
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print the man page, dxlint(1), generated from this CLI (`dxlint man > dxlint.1`).
    Man,
    /// Say where a stuck session stalls and why, from a packet capture or `show` output.
    Diagnose(DiagnoseArgs),
}

#[derive(Args, Debug)]
pub struct DiagnoseArgs {
    /// pcap / pcapng captures or saved `show bgp neighbors` output (recognised by content).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The router's configuration: linted for the predicted state to compare with.
    #[arg(long, value_name = "ROUTER_CONFIG")]
    pub config: Option<PathBuf>,
    /// Configuration dialect of --config (default: detect).
    #[arg(long, value_name = "VENDOR", value_parser = VENDORS)]
    pub vendor: Option<String>,
    /// `aws directconnect describe-virtual-interfaces` output (repeatable).
    #[arg(long = "vif-json", value_name = "FILE")]
    pub vif_json: Vec<PathBuf>,
    /// `aws ec2 describe-vpn-connections` output (repeatable).
    #[arg(long = "vpn-json", value_name = "FILE")]
    pub vpn_json: Vec<PathBuf>,
    /// `terraform show -json` output (plan or state), or a directory of .tf files (repeatable).
    #[arg(long = "terraform", value_name = "FILE|DIR")]
    pub terraform: Vec<PathBuf>,
    /// Direct Connect virtual interface id to fetch live, or to pick from --vif-json (repeatable).
    #[arg(long = "vif", value_name = "ID")]
    pub vif: Vec<String>,
    /// Site-to-Site VPN connection id to fetch live, or to pick from --vpn-json (repeatable).
    #[arg(long = "vpn", value_name = "ID")]
    pub vpn: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagnoseFormat::Human)]
    pub format: DiagnoseFormat,
    /// AWS profile (as the AWS CLI's --profile).
    #[arg(long)]
    pub profile: Option<String>,
    /// AWS region (as the AWS CLI's --region).
    #[arg(long)]
    pub region: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DiagnoseFormat {
    #[default]
    Human,
    Json,
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["vif", "vpn"])))]
pub struct ExportArgs {
    /// Direct Connect virtual interface id (repeatable); writes {"virtualInterfaces": [...]}.
    #[arg(long = "vif", value_name = "ID", conflicts_with = "vpn")]
    pub vif: Vec<String>,
    /// Site-to-Site VPN connection id (repeatable); writes {"VpnConnections": [...]}.
    #[arg(long = "vpn", value_name = "ID")]
    pub vpn: Vec<String>,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write BGP MD5 keys and VPN pre-shared keys, in clear text.
    #[arg(long)]
    pub include_secrets: bool,
    /// AWS profile (as the AWS CLI's --profile).
    #[arg(long)]
    pub profile: Option<String>,
    /// AWS region (as the AWS CLI's --region).
    #[arg(long)]
    pub region: Option<String>,
    /// AWS endpoint override (as the AWS CLI's --endpoint-url; also AWS_ENDPOINT_URL).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Seconds before the AWS calls give up.
    #[arg(long, default_value_t = AWS_TIMEOUT_S, value_name = "SECONDS")]
    pub timeout: u64,
}

impl DiagnoseArgs {
    /// The live AWS connection: the profile and region given, the endpoint and timeout at
    /// their defaults.
    pub(crate) fn live(&self) -> crate::inputs::LiveAws<'_> {
        crate::inputs::LiveAws {
            profile: self.profile.as_deref(),
            region: self.region.as_deref(),
            endpoint_url: None,
            timeout: AWS_TIMEOUT_S,
        }
    }
}

impl ExportArgs {
    /// The live AWS connection these flags describe.
    #[cfg_attr(not(feature = "aws"), allow(dead_code))]
    pub(crate) fn live(&self) -> crate::inputs::LiveAws<'_> {
        crate::inputs::LiveAws {
            profile: self.profile.as_deref(),
            region: self.region.as_deref(),
            endpoint_url: self.endpoint_url.as_deref(),
            timeout: self.timeout,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
    /// JUnit XML (GitLab, Jenkins test reports).
    Junit,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Info,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `dxlint diagnose --vif ID` fetches with the same time limit as `dxlint --vif ID`
    /// (it had none of its own and got 0 s, which the fetch raises to 1 s).
    #[test]
    fn every_command_waits_as_long_for_aws() {
        let lint = Cli::parse_from(["dxlint", "r.cfg", "--vif", "dxvif-1"]);
        assert_eq!(lint.lint.live().timeout, 30);
        let Some(Command::Diagnose(d)) =
            Cli::parse_from(["dxlint", "diagnose", "c.pcap", "--vif", "dxvif-1"]).command
        else {
            panic!("not diagnose");
        };
        assert_eq!(d.live().timeout, lint.lint.live().timeout);
        let Some(Command::Export(e)) =
            Cli::parse_from(["dxlint", "export", "--vif", "dxvif-1"]).command
        else {
            panic!("not export");
        };
        assert_eq!(e.live().timeout, 30);
    }
}

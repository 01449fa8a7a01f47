//! Live AWS: `DescribeVirtualInterfaces` (Direct Connect) and `DescribeVpnConnections` (EC2)
//! through the AWS SDK, configured like the AWS CLI (default credential and region chain,
//! `--profile`, `--region`, `--endpoint-url`, `AWS_ENDPOINT_URL`).
//!
//! These two read-only calls are the only AWS API calls dxlint makes (docs/iam.md). Every
//! failure becomes a short [`InputError::Aws`] with a hint; nothing here prints or returns a
//! credential, an MD5 key or a pre-shared key.

pub mod convert;
pub mod export;
mod faults;
mod limit;

use crate::aws::{vif_json, vpn_json};
use crate::error::InputError;
use crate::model::Peering;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_directconnect::types::VirtualInterface;
use aws_sdk_ec2::types::VpnConnection;
use faults::Ctx;
use std::collections::HashSet;
use std::time::Duration;

/// How many attempts one request gets (standard retry mode: throttling, 5xx and I/O errors are
/// retried with jittered exponential backoff).
pub const MAX_ATTEMPTS: u32 = 3;
/// Page size asked of `DescribeVirtualInterfaces` (the service caps it at 100).
const PAGE_SIZE: i32 = 100;
/// A safety net against a service that keeps returning `nextToken`.
const MAX_PAGES: usize = 1000;

/// Where and how to reach AWS: the AWS CLI's options of the same name.
#[derive(Debug, Clone)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Upper bound for the whole fetch, retries included.
    pub timeout: Duration,
}

impl Default for AwsOptions {
    fn default() -> Self {
        AwsOptions {
            profile: None,
            region: None,
            endpoint_url: None,
            timeout: Duration::from_secs(30),
        }
    }
}

/// What AWS returned, as SDK types, in the order the ids were asked for.
#[derive(Clone, Default)]
pub struct Fetched {
    pub vifs: Vec<VirtualInterface>,
    pub vpns: Vec<VpnConnection>,
    /// The region the data came from.
    pub region: Option<String>,
}

impl Fetched {
    /// The VIFs as Peerings, through the same serde struct and conversion as `--vif-json`.
    pub fn vif_peerings(&self) -> Result<Vec<Peering>, InputError> {
        let mut out = Vec::new();
        for (i, v) in self.vifs.iter().enumerate() {
            out.extend(vif_json::to_peerings(&convert::vif_from_sdk(v), i, None)?);
        }
        Ok(out)
    }

    /// The VPN tunnels as Peerings: SDK types → the CLI's JSON → the same serde struct and
    /// conversion as `--vpn-json`.
    pub fn vpn_peerings(&self) -> Result<Vec<Peering>, InputError> {
        let mut out = Vec::new();
        for v in &self.vpns {
            let json = convert::vpn_to_cli_json(v, convert::Secrets::Include);
            let vpn: vpn_json::VpnConnection =
                serde_json::from_value(json).map_err(|e| InputError::Aws {
                    message: format!("unexpected DescribeVpnConnections data: {e}"),
                    help: None,
                })?;
            out.extend(vpn_json::to_peerings(&vpn, None)?);
        }
        Ok(out)
    }
}

/// Fetch the given VIFs and VPN connections: at most one paginated `DescribeVirtualInterfaces`
/// and one `DescribeVpnConnections`, run concurrently, all within `opts.timeout`.
pub fn fetch(
    opts: &AwsOptions,
    vif_ids: &[String],
    vpn_ids: &[String],
) -> Result<Fetched, InputError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| InputError::Aws {
            message: format!("cannot start the async runtime: {e}"),
            help: None,
        })?;
    let timeout = opts.timeout.max(Duration::from_secs(1));
    runtime.block_on(async {
        match tokio::time::timeout(timeout, fetch_async(opts, vif_ids, vpn_ids)).await {
            Ok(result) => result,
            Err(_) => Err(faults::overall_timeout(
                timeout,
                opts.endpoint_url.as_deref(),
            )),
        }
    })
}

async fn fetch_async(
    opts: &AwsOptions,
    vif_ids: &[String],
    vpn_ids: &[String],
) -> Result<Fetched, InputError> {
    let config = load_config(opts).await?;
    let ctx = Ctx::new(&config, opts.timeout);
    let vif_ids = dedup(vif_ids);
    let vpn_ids = dedup(vpn_ids);
    let vifs = async {
        if vif_ids.is_empty() {
            return Ok(Vec::new());
        }
        // Every response body bounded (src/aws/fetch/limit.rs).
        let conf = aws_sdk_directconnect::config::Builder::from(&config)
            .interceptor(limit::BodyLimit)
            .build();
        let client = aws_sdk_directconnect::Client::from_conf(conf);
        describe_vifs(&client, &vif_ids, &ctx).await
    };
    let vpns = async {
        if vpn_ids.is_empty() {
            return Ok(Vec::new());
        }
        let conf = aws_sdk_ec2::config::Builder::from(&config)
            .interceptor(limit::BodyLimit)
            .build();
        let client = aws_sdk_ec2::Client::from_conf(conf);
        describe_vpns(&client, &vpn_ids, &ctx).await
    };
    let (vifs, vpns) = tokio::try_join!(vifs, vpns)?;
    Ok(Fetched {
        vifs,
        vpns,
        region: ctx.region.clone(),
    })
}

/// The AWS CLI's configuration: default chain, then `--profile`, `--region`, `--endpoint-url`
/// on top. Bounded timeouts everywhere, so a server that never answers cannot hang dxlint.
async fn load_config(opts: &AwsOptions) -> Result<SdkConfig, InputError> {
    let timeout = opts.timeout.max(Duration::from_secs(1));
    let mut loader = aws_config::defaults(BehaviorVersion::v2026_01_12())
        .retry_config(RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS))
        .timeout_config(timeout_config(timeout));
    if let Some(p) = opts.profile.as_deref().filter(|p| !p.is_empty()) {
        loader = loader.profile_name(p);
    }
    if let Some(r) = opts.region.as_deref().filter(|r| !r.is_empty()) {
        loader = loader.region(Region::new(r.to_string()));
    }
    if let Some(u) = opts.endpoint_url.as_deref().filter(|u| !u.is_empty()) {
        loader = loader.endpoint_url(u);
    }
    let config = loader.load().await;
    if config.region().is_none() {
        return Err(InputError::Aws {
            message: "no AWS region configured".into(),
            help: Some(
                "pass --region (e.g. --region us-east-1), set AWS_REGION, or set `region` in the profile (~/.aws/config); VIFs and VPNs are regional".into(),
            ),
        });
    }
    if let Some(url) = config.endpoint_url() {
        let ok = url.starts_with("http://") || url.starts_with("https://");
        if !ok || url.contains(char::is_whitespace) {
            return Err(InputError::Aws {
                message: format!(
                    "endpoint `{}` is not an http:// or https:// URL",
                    faults::safe_url(url)
                ),
                help: Some(
                    "fix --endpoint-url, AWS_ENDPOINT_URL or the profile's endpoint_url".into(),
                ),
            });
        }
    }
    Ok(config)
}

/// Connect within 3.1 s (the SDK default), each attempt within a third of the budget so that
/// retries fit, the whole operation within the budget.
fn timeout_config(timeout: Duration) -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(timeout.min(Duration::from_millis(3100)))
        .operation_attempt_timeout((timeout / MAX_ATTEMPTS).max(Duration::from_secs(1)))
        .operation_timeout(timeout)
        .build()
}

fn dedup(ids: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && seen.insert(s.clone()))
        .collect()
}

/// One VIF: filter on the server. Several: list the region's VIFs page by page and pick them
/// out here (one paginated call, however many ids).
async fn describe_vifs(
    client: &aws_sdk_directconnect::Client,
    ids: &[String],
    ctx: &Ctx,
) -> Result<Vec<VirtualInterface>, InputError> {
    const OP: &str = "DescribeVirtualInterfaces";
    let single = match ids {
        [one] => Some(one.as_str()),
        _ => None,
    };
    let mut all: Vec<VirtualInterface> = Vec::new();
    let mut token: Option<String> = None;
    let mut seen_tokens = HashSet::new();
    for _ in 0..MAX_PAGES {
        let mut req = client
            .describe_virtual_interfaces()
            .max_results(PAGE_SIZE)
            .set_next_token(token.clone());
        if let Some(id) = single {
            req = req.virtual_interface_id(id);
        }
        let page = req
            .send()
            .await
            .map_err(|e| faults::dx_error(OP, e, ctx, single))?;
        all.extend(page.virtual_interfaces().iter().cloned());
        match page.next_token().filter(|t| !t.is_empty()) {
            Some(t) if seen_tokens.insert(t.to_string()) => token = Some(t.to_string()),
            Some(_) => {
                return Err(InputError::Aws {
                    message: format!("{OP}: the service repeated a nextToken; giving up paging"),
                    help: Some("retry; if it persists, report it to AWS support".into()),
                })
            }
            None => return pick_vifs(all, ids, ctx),
        }
    }
    Err(InputError::Aws {
        message: format!("{OP}: more than {MAX_PAGES} pages; giving up"),
        help: None,
    })
}

fn pick_vifs(
    all: Vec<VirtualInterface>,
    ids: &[String],
    ctx: &Ctx,
) -> Result<Vec<VirtualInterface>, InputError> {
    let mut out = Vec::with_capacity(ids.len());
    let mut missing = Vec::new();
    for id in ids {
        match all
            .iter()
            .find(|v| v.virtual_interface_id() == Some(id.as_str()))
        {
            Some(v) => out.push(v.clone()),
            None => missing.push(id.as_str()),
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(faults::not_found("virtual interface", &missing, ctx))
    }
}

/// All VPN connections in one `DescribeVpnConnections` (not paginated by EC2).
async fn describe_vpns(
    client: &aws_sdk_ec2::Client,
    ids: &[String],
    ctx: &Ctx,
) -> Result<Vec<VpnConnection>, InputError> {
    const OP: &str = "DescribeVpnConnections";
    let out = client
        .describe_vpn_connections()
        .set_vpn_connection_ids(Some(ids.to_vec()))
        .send()
        .await
        .map_err(|e| faults::ec2_error(OP, e, ctx))?;
    let got = out.vpn_connections();
    let mut vpns = Vec::with_capacity(ids.len());
    let mut missing = Vec::new();
    for id in ids {
        match got
            .iter()
            .find(|v| v.vpn_connection_id() == Some(id.as_str()))
        {
            Some(v) => vpns.push(v.clone()),
            None => missing.push(id.as_str()),
        }
    }
    if missing.is_empty() {
        Ok(vpns)
    } else {
        Err(faults::not_found("VPN connection", &missing, ctx))
    }
}

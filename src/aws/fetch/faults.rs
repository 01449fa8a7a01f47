//! SDK errors → short [`InputError::Aws`] messages with a hint saying what to do.
//!
//! Only error codes, the service's own error message, I/O reasons and the credential chain's
//! summary are shown: never a request, a response body, a header or a credential.

use crate::error::InputError;
use aws_config::meta::ProviderChainError;
use aws_config::SdkConfig;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_directconnect::config::http::HttpResponse;
use aws_sdk_directconnect::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use std::error::Error as StdError;
use std::time::Duration;

/// What the messages need to know about the request.
pub(super) struct Ctx {
    pub region: Option<String>,
    /// The endpoint override (userinfo removed), if any.
    pub endpoint: Option<String>,
    pub timeout: Duration,
}

impl Ctx {
    pub fn new(config: &SdkConfig, timeout: Duration) -> Ctx {
        Ctx {
            region: config.region().map(|r| r.to_string()),
            endpoint: config.endpoint_url().map(safe_url),
            timeout,
        }
    }

    fn target(&self) -> String {
        match (&self.endpoint, &self.region) {
            (Some(e), _) => e.clone(),
            (None, Some(r)) => format!("the AWS endpoint for {r}"),
            (None, None) => "AWS".into(),
        }
    }

    fn region(&self) -> &str {
        self.region.as_deref().unwrap_or("the configured region")
    }
}

const ENDPOINT_HELP: &str = "check the endpoint (--endpoint-url, AWS_ENDPOINT_URL or the profile's endpoint_url), the network path (proxy, firewall, VPN) and that the service is up";
const IAM_HELP: &str = "dxlint needs only directconnect:DescribeVirtualInterfaces and ec2:DescribeVpnConnections; docs/iam.md has the minimal read-only policy. Check --profile selects the intended account";
const CREDENTIALS_HELP: &str = "configure credentials as for the AWS CLI: `aws configure`, `aws sso login --profile NAME` with --profile NAME, AWS_PROFILE, or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY";

/// A URL for messages: no userinfo (`user:password@`), at most 200 characters.
pub fn safe_url(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i + 3], &url[i + 3..]),
        None => ("", url),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let rest = match rest[..authority_end].rfind('@') {
        Some(at) => &rest[at + 1..],
        None => rest,
    };
    clip(&format!("{scheme}{rest}"), 200)
}

/// Text from the network for a one-line message: control characters dropped, length capped.
fn clip(s: &str, max: usize) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let clean = clean.trim();
    if clean.chars().count() <= max {
        clean.to_string()
    } else {
        let cut: String = clean.chars().take(max).collect();
        format!("{cut}…")
    }
}

pub(super) fn overall_timeout(timeout: Duration, endpoint: Option<&str>) -> InputError {
    let target = endpoint.map(safe_url).unwrap_or_else(|| "AWS".to_string());
    InputError::Aws {
        message: format!(
            "no answer from {target} within {} s (credential lookup and requests together)",
            timeout.as_secs()
        ),
        help: Some(format!("{ENDPOINT_HELP}; --timeout SECONDS waits longer")),
    }
}

pub(super) fn not_found(what: &str, ids: &[&str], ctx: &Ctx) -> InputError {
    let list = ids.join(", ");
    let (noun, verb) = if ids.len() == 1 {
        (what.to_string(), "was")
    } else {
        (format!("{what}s"), "were")
    };
    InputError::Aws {
        message: format!("{noun} {list} {verb} not found in {}", ctx.region()),
        help: Some(format!(
            "check the id, and that --region and --profile select the account and region that own the {what} ({what}s are regional)"
        )),
    }
}

/// A Direct Connect error. With one VIF asked for (server-side filter), a client exception
/// is about that id.
pub(super) fn dx_error<E>(
    op: &str,
    err: SdkError<E, HttpResponse>,
    ctx: &Ctx,
    single: Option<&str>,
) -> InputError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    if let (Some(id), SdkError::ServiceError(se)) = (single, &err) {
        if se.err().code() == Some("DirectConnectClientException") {
            let msg = clip(se.err().message().unwrap_or("client error"), 300);
            return InputError::Aws {
                message: format!("{op} rejected virtual interface {id}: {msg}"),
                help: Some(format!(
                    "check the id, and that --region and --profile select the account and region that own the virtual interface (now {})",
                    ctx.region()
                )),
            };
        }
    }
    sdk_error(op, err, ctx)
}

/// An EC2 error; `InvalidVpnConnectionID.NotFound` names the missing id in its message.
pub(super) fn ec2_error<E>(op: &str, err: SdkError<E, HttpResponse>, ctx: &Ctx) -> InputError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    if let SdkError::ServiceError(se) = &err {
        let code = se.err().code().unwrap_or("");
        if code.starts_with("InvalidVpnConnectionID") {
            let msg = clip(se.err().message().unwrap_or(code), 300);
            return InputError::Aws {
                message: format!("{op}: {msg} ({code})"),
                help: Some(format!(
                    "check the VPN connection id, and that --region and --profile select the account and region that own it (now {})",
                    ctx.region()
                )),
            };
        }
    }
    sdk_error(op, err, ctx)
}

fn sdk_error<E>(op: &str, err: SdkError<E, HttpResponse>, ctx: &Ctx) -> InputError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    let target = ctx.target();
    match &err {
        SdkError::TimeoutError(_) => InputError::Aws {
            message: format!(
                "{op}: no answer from {target} within {} s ({MAX} attempts)",
                ctx.timeout.as_secs(),
                MAX = super::MAX_ATTEMPTS
            ),
            help: Some(format!("{ENDPOINT_HELP}; --timeout SECONDS waits longer")),
        },
        SdkError::DispatchFailure(d) => {
            if let Some(ce) = find_source::<CredentialsError>(&err) {
                return credentials_error(ce);
            }
            let reason = innermost(&err);
            if d.is_timeout() {
                InputError::Aws {
                    message: format!("{op}: could not connect to {target}: {reason}"),
                    help: Some(format!("{ENDPOINT_HELP}; --timeout SECONDS waits longer")),
                }
            } else if d.is_io() {
                let what = if reason.contains("Connection refused") {
                    "connection refused by".to_string()
                } else {
                    "cannot reach".to_string()
                };
                InputError::Aws {
                    message: format!("{op}: {what} {target} ({reason})"),
                    help: Some(ENDPOINT_HELP.into()),
                }
            } else {
                InputError::Aws {
                    message: format!("{op}: request to {target} failed: {reason}"),
                    help: Some(ENDPOINT_HELP.into()),
                }
            }
        }
        SdkError::ResponseError(_) => InputError::Aws {
            message: format!(
                "{op}: unreadable response from {target}: {}",
                innermost(&err)
            ),
            help: Some(
                "is the endpoint an AWS API endpoint? (--endpoint-url / AWS_ENDPOINT_URL)".into(),
            ),
        },
        SdkError::ServiceError(se) => {
            let status = se.raw().status().as_u16();
            let location = se.raw().headers().get("location").map(safe_url);
            service_error(op, se.err(), status, &target, location.as_deref())
        }
        SdkError::ConstructionFailure(_) => InputError::Aws {
            message: format!("{op}: could not build the request: {}", innermost(&err)),
            help: Some("check --region and --endpoint-url".into()),
        },
        _ => InputError::Aws {
            message: format!(
                "{op}: {}",
                clip(&DisplayErrorContext(&err).to_string(), 300)
            ),
            help: None,
        },
    }
}

const THROTTLING: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
];
const DENIED: &[&str] = &[
    "AccessDeniedException",
    "AccessDenied",
    "UnauthorizedOperation",
    "UnauthorizedException",
];
const BAD_CREDENTIALS: &[&str] = &[
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "AuthFailure",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
    "InvalidAccessKeyId",
    "MissingAuthenticationToken",
];

fn service_error(
    op: &str,
    e: &dyn ProvideErrorMetadata,
    status: u16,
    target: &str,
    location: Option<&str>,
) -> InputError {
    let code = e.code().map(|c| clip(c, 80));
    let msg = e.message().map(|m| clip(m, 300));
    // Not an AWS error at all: a redirect, or a success whose body is not the answer.
    if code.is_none() && (300..400).contains(&status) {
        return InputError::Aws {
            message: format!(
                "{op}: {target} answered with a redirect (HTTP {status}{}); dxlint does not follow redirects",
                location.map(|l| format!(" to {l}")).unwrap_or_default()
            ),
            help: Some(format!("{ENDPOINT_HELP}; use the final URL, or the region the resource lives in")),
        };
    }
    if code.is_none() && (200..300).contains(&status) {
        return InputError::Aws {
            message: format!(
                "{op}: {target} answered HTTP {status}, but the body is not a {op} response (malformed or not from an AWS API)"
            ),
            help: Some("is the endpoint an AWS API endpoint? (--endpoint-url / AWS_ENDPOINT_URL)".into()),
        };
    }
    let detail = match (&code, &msg) {
        (Some(c), Some(m)) => format!("{c}: {m}"),
        (Some(c), None) => c.clone(),
        (None, Some(m)) => m.clone(),
        (None, None) => format!("HTTP {status} without an error code"),
    };
    let code = code.as_deref().unwrap_or("");
    if THROTTLING.contains(&code) {
        InputError::Aws {
            message: format!(
                "{op}: AWS is throttling requests ({detail}); gave up after {} attempts",
                super::MAX_ATTEMPTS
            ),
            help: Some(
                "wait a minute and retry; other tools in the account share the API rate limit"
                    .into(),
            ),
        }
    } else if DENIED.contains(&code) {
        InputError::Aws {
            message: format!("{op}: access denied ({detail})"),
            help: Some(IAM_HELP.into()),
        }
    } else if BAD_CREDENTIALS.contains(&code) {
        InputError::Aws {
            message: format!("{op}: AWS rejected the credentials ({detail})"),
            help: Some(format!(
                "refresh them (`aws sso login`, new access keys) or choose another --profile; RequestExpired / SignatureDoesNotMatch can also mean a wrong system clock. {CREDENTIALS_HELP}"
            )),
        }
    } else if status >= 500 {
        InputError::Aws {
            message: format!("{op}: server error from {target} ({detail})"),
            help: Some("retry later; dxlint already retried".into()),
        }
    } else {
        InputError::Aws {
            message: format!("{op}: {detail}"),
            help: None,
        }
    }
}

fn credentials_error(e: &CredentialsError) -> InputError {
    let message = match e {
        CredentialsError::CredentialsNotLoaded(_) => {
            match find_source::<ProviderChainError<CredentialsError>>(e) {
                Some(chain) => {
                    // "tried Environment, Profile, …" plus the reason of each provider that was
                    // set up but failed (an expired SSO session, a --profile that does not exist).
                    let names: Vec<&str> = chain.attempts().iter().map(|a| a.name()).collect();
                    let failures: Vec<String> = chain
                        .attempts()
                        .iter()
                        .map(|a| (a.name(), a.error(), innermost(a.error())))
                        .filter(|(name, err, reason)| {
                            !matches!(err, CredentialsError::CredentialsNotLoaded(_))
                                || (*name == "Profile" && !reason.contains("not enabled"))
                        })
                        .map(|(name, _, reason)| format!("{name}: {reason}"))
                        .collect();
                    let mut m = format!("no AWS credentials found (tried {})", names.join(", "));
                    if !failures.is_empty() {
                        m.push_str(&format!("; {}", failures.join("; ")));
                    }
                    m
                }
                None => format!("no AWS credentials found: {}", innermost(e)),
            }
        }
        CredentialsError::ProviderTimedOut(_) => {
            format!(
                "timed out loading AWS credentials: {}",
                clip(&e.to_string(), 300)
            )
        }
        _ => format!("could not load AWS credentials: {}", innermost(e)),
    };
    InputError::Aws {
        message,
        help: Some(CREDENTIALS_HELP.into()),
    }
}

/// The first error of type `T` in the source chain.
fn find_source<'a, T: StdError + 'static>(err: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(t) = e.downcast_ref::<T>() {
            return Some(t);
        }
        cur = e.source();
    }
    None
}

/// The most specific reason in a source chain ("Connection refused (os error 111)").
fn innermost(err: &(dyn StdError + 'static)) -> String {
    let mut last = err;
    while let Some(next) = last.source() {
        last = next;
    }
    clip(&last.to_string(), 300)
}

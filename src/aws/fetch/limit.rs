//! A bound on every live AWS response body. The SDK reads a whole (non-streaming) response
//! into memory before parsing it; an endpoint that sends an endless chunked body made it grow
//! until the process aborted. This interceptor refuses a declared length above the bound
//! and wraps the body so that reading stops with an error once the bound is passed.

use aws_sdk_ec2::config::interceptors::{
    BeforeDeserializationInterceptorContextMut, BeforeDeserializationInterceptorContextRef,
};
use aws_sdk_ec2::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_types::body::SdkBody;
use http_body::Body;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Largest response body dxlint reads: a page of 100 VIFs or a few VPN connections with
/// their gateway XML is well under 1 MB.
pub const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn too_large() -> BoxError {
    format!(
        "the response body is larger than {} MB, far above any DescribeVirtualInterfaces or DescribeVpnConnections answer",
        MAX_RESPONSE_BYTES / (1024 * 1024)
    )
    .into()
}

/// Added to both clients (`config::Builder::interceptor`).
#[derive(Debug)]
pub struct BodyLimit;

impl Intercept for BodyLimit {
    fn name(&self) -> &'static str {
        "dxlint::BodyLimit"
    }

    fn read_before_deserialization(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let declared = context
            .response()
            .headers()
            .get("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok());
        match declared {
            Some(n) if n > MAX_RESPONSE_BYTES => Err(too_large()),
            _ => Ok(()),
        }
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let body = context.response_mut().body_mut();
        let inner = std::mem::replace(body, SdkBody::taken());
        *body = SdkBody::from_body_1_x(Limited {
            inner: Box::pin(inner),
            left: MAX_RESPONSE_BYTES,
        });
        Ok(())
    }
}

/// A body that fails once more than `left` bytes have come through.
struct Limited {
    inner: Pin<Box<SdkBody>>,
    left: u64,
}

impl Body for Limited {
    type Data = bytes::Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let this = self.get_mut();
        match this.inner.as_mut().poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    let n = data.len() as u64;
                    if n > this.left {
                        this.left = 0;
                        return Poll::Ready(Some(Err(too_large())));
                    }
                    this.left -= n;
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

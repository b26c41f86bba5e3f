//! The call loop both clients share: attempts, retries, timeouts and tracing.

use std::future::Future;
use std::time::Duration;

use tracing::Instrument;

use super::error::Error;
use super::operation::OperationInfo;
use super::retry::RetryConfig;

/// Sent as `User-Agent`.
pub(crate) const USER_AGENT: &str = concat!("identity-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// Why an attempt of a call did not succeed, and what to do about it.
pub(crate) enum Failure {
    /// Worth another try after `after` (or a backoff), if the operation is idempotent.
    Retry {
        error: Error,
        after: Option<Duration>,
    },
    /// The credentials were refused; retried at once, one time, whatever the operation.
    Reauthenticate(Error),
    Fail(Error),
}

/// The outcome of one attempt.
pub(crate) type Attempt<T> = Result<T, Failure>;

/// A response read in full.
pub(crate) struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `Retry-After` in seconds (the HTTP standard form).
    pub fn retry_after(&self) -> Option<Duration> {
        self.header("retry-after")?
            .trim()
            .parse()
            .ok()
            .map(Duration::from_secs)
    }
}

#[derive(Debug)]
pub(crate) struct Transport {
    pub http: reqwest::Client,
    pub retry: RetryConfig,
    pub timeout: Duration,
}

impl Transport {
    pub fn new(
        timeout: Duration,
        connect_timeout: Duration,
        retry: RetryConfig,
    ) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(connect_timeout)
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Transport {
            http,
            retry,
            timeout,
        })
    }

    /// Runs attempts until one is done, fails, or retries run out. Each call is a
    /// `tracing` span with the operation's name; each attempt records its status
    /// and request ID there. Nothing secret is ever recorded.
    pub async fn run<T, F, Fut>(&self, info: &OperationInfo, mut attempt: F) -> Result<T, Error>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Attempt<T>>,
    {
        let span = tracing::info_span!(
            "identity_sdk.call",
            service = info.service,
            operation = info.name,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let mut reauthenticated = false;
        async move {
            let mut n = 0;
            loop {
                n += 1;
                tracing::Span::current().record("attempt", n);
                let (error, wait) = match attempt(n).await {
                    Ok(value) => return Ok(value),
                    Err(Failure::Fail(error)) => return Err(error),
                    Err(Failure::Reauthenticate(error)) if !reauthenticated => {
                        reauthenticated = true;
                        (error, Duration::ZERO)
                    }
                    Err(Failure::Reauthenticate(error)) => return Err(error),
                    Err(Failure::Retry { error, after }) => {
                        if !info.idempotent || n >= self.retry.max_attempts {
                            return Err(error);
                        }
                        (error, self.retry.backoff(n, after))
                    }
                };
                tracing::warn!(attempt = n, wait_ms = wait.as_millis() as u64, error = %error, "retrying");
                tokio::time::sleep(wait).await;
            }
        }
        .instrument(span)
        .await
    }

    /// Sends one request and reads the whole response.
    pub async fn send(
        &self,
        info: &OperationInfo,
        request: reqwest::RequestBuilder,
    ) -> Attempt<Reply> {
        let classify = |e: reqwest::Error| {
            if e.is_timeout() {
                Failure::Retry {
                    error: Error::Timeout {
                        operation: info.name,
                        timeout: self.timeout,
                    },
                    after: None,
                }
            } else {
                let retry = e.is_connect() || e.is_request();
                let error = Error::Transport {
                    operation: info.name,
                    message: error_chain(&e.without_url()),
                };
                if retry {
                    Failure::Retry { error, after: None }
                } else {
                    Failure::Fail(error)
                }
            }
        };
        let response = request.send().await.map_err(classify)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(classify)?.to_vec();
        Ok(Reply {
            status,
            headers,
            body,
        })
    }
}

/// Records the outcome of an attempt on the call's span.
pub(crate) fn record(status: u16, request_id: Option<&str>) {
    let span = tracing::Span::current();
    span.record("status", status);
    if let Some(id) = request_id {
        span.record("request_id", id);
    }
    tracing::debug!(status, request_id, "response");
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

//! The call loop both clients share: attempts, retries, timeouts and tracing.

use std::future::Future;
use std::time::Duration;

use tracing::Instrument;

use super::error::{Error, Redactor};
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

/// A response read in full (within the body limit).
pub(crate) struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Body,
    /// Hides the call's secrets in anything shown of this reply.
    pub redactor: Redactor,
}

/// A response body, parsed once: the envelope or error check and the
/// decoding of the response read the same value, so they cannot disagree
/// (on duplicate keys, say). The raw bytes of a JSON body are not kept.
pub(crate) enum Body {
    Json(serde_json::Value),
    Other(Vec<u8>),
}

impl Body {
    pub fn parse(bytes: Vec<u8>) -> Body {
        match serde_json::from_slice(&bytes) {
            Ok(value) => Body::Json(value),
            Err(_) => Body::Other(bytes),
        }
    }

    /// The parsed JSON, if the body is JSON.
    pub fn json(&self) -> Option<&serde_json::Value> {
        match self {
            Body::Json(value) => Some(value),
            Body::Other(_) => None,
        }
    }
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

    /// A short, redacted excerpt of the body for error messages.
    pub fn excerpt(&self) -> String {
        self.redactor.excerpt(&self.body)
    }
}

/// What a transport is allowed to spend on a call.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryConfig,
    pub max_response_bytes: usize,
}

#[derive(Debug)]
pub(crate) struct Transport {
    pub http: reqwest::Client,
    pub retry: RetryConfig,
    pub timeout: Duration,
    pub max_response_bytes: usize,
    /// The client's configured secrets, hidden in every excerpt and message.
    pub redactor: Redactor,
}

impl Transport {
    /// An HTTP client that never follows redirects: the vendors' APIs do not
    /// redirect, and a redirected request would carry signed headers, tokens
    /// or the access key secret (in the token request's body) to another host.
    pub fn new(limits: &Limits, redactor: Redactor) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .timeout(limits.timeout)
            .connect_timeout(limits.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Transport {
            http,
            retry: limits.retry.clone(),
            timeout: limits.timeout,
            max_response_bytes: limits.max_response_bytes,
            redactor,
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

    /// Sends one request and reads the whole response, at most
    /// `max_response_bytes` of it. A redirect is an error naming the status
    /// and the host it points to; a body cut short is retried like a
    /// connection error.
    pub async fn send(
        &self,
        info: &OperationInfo,
        request: reqwest::RequestBuilder,
        redactor: Redactor,
    ) -> Attempt<Reply> {
        // A body that breaks off mid-read is, like a refused connection, worth
        // another try; reqwest reports it as a decode error.
        let classify = |e: reqwest::Error, reading_body: bool| {
            if e.is_timeout() {
                Failure::Retry {
                    error: Error::Timeout {
                        operation: info.name,
                        timeout: self.timeout,
                    },
                    after: None,
                }
            } else {
                let retry = reading_body || e.is_connect() || e.is_request() || e.is_body();
                let error = Error::Transport {
                    operation: info.name,
                    message: redactor.text(&error_chain(&e.without_url())),
                };
                if retry {
                    Failure::Retry { error, after: None }
                } else {
                    Failure::Fail(error)
                }
            }
        };
        let mut response = request.send().await.map_err(|e| classify(e, false))?;
        let status = response.status().as_u16();
        if response.status().is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|l| response.url().join(l).ok())
                .map(|url| host_of(&url));
            return Err(Failure::Fail(Error::Redirect {
                operation: info.name,
                status,
                location,
            }));
        }
        let limit = self.max_response_bytes;
        let too_large = || {
            Failure::Fail(Error::ResponseTooLarge {
                operation: info.name,
                limit,
            })
        };
        let declared = response.content_length().unwrap_or(0);
        if declared > limit as u64 {
            return Err(too_large());
        }
        // Grown chunk by chunk, never copied whole; the declared length is
        // only a hint (it is at most `limit` here).
        let mut bytes = Vec::with_capacity(declared as usize);
        while let Some(chunk) = response.chunk().await.map_err(|e| classify(e, true))? {
            if bytes.len() + chunk.len() > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Reply {
            status,
            headers: std::mem::take(response.headers_mut()),
            body: Body::parse(bytes),
            redactor,
        })
    }
}

/// `host[:port]` of a URL: what an error may say of where a redirect pointed
/// (its path and query could carry anything).
fn host_of(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or("?");
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
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

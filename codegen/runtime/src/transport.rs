//! The call loop both clients share: attempts, retries, timeouts and tracing.

use std::future::Future;
use std::time::Duration;

use tracing::Instrument;

use super::call::CallOptions;
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

/// A response body: its bytes, and the scalar fields at its top level,
/// found by one pass that skips everything nested (and checks it is JSON).
/// The envelope or error check reads those fields; the response is then
/// decoded from the bytes in one more pass, straight into its types.
pub(crate) struct Body {
    bytes: Vec<u8>,
    /// `None` if the body is not JSON or not an object.
    top: Option<serde_json::Map<String, serde_json::Value>>,
    json: bool,
}

/// Bodies up to this size are parsed whole for an error's excerpt (so
/// that values under secret-looking keys can be hidden); larger ones are
/// shown as text.
const EXCERPT_PARSE_LIMIT: usize = 256 * 1024;

impl Body {
    pub fn parse(bytes: Vec<u8>) -> Body {
        match serde_json::from_slice::<TopFields>(&bytes) {
            Ok(TopFields(top)) => Body {
                bytes,
                top,
                json: true,
            },
            Err(_) => Body {
                bytes,
                top: None,
                json: false,
            },
        }
    }

    /// The body as it was received.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The strings, numbers, booleans and `null`s at the top level of a
    /// JSON object (the last of duplicate keys).
    pub fn top(&self) -> Option<&serde_json::Map<String, serde_json::Value>> {
        self.top.as_ref()
    }

    /// The whole body as a JSON value, parsed now, if it is JSON and small
    /// enough for an excerpt or a token answer.
    pub fn value(&self) -> Option<serde_json::Value> {
        if !self.json || self.bytes.len() > EXCERPT_PARSE_LIMIT {
            return None;
        }
        serde_json::from_slice(&self.bytes).ok()
    }
}

/// The scalar fields at the top level of a JSON document, if it is an
/// object; nested values are skipped without being built. Read from a
/// slice (`serde_json::from_slice`), which the borrowed values need.
struct TopFields(Option<serde_json::Map<String, serde_json::Value>>);

impl<'de> serde::Deserialize<'de> for TopFields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TopVisitor)
    }
}

struct TopVisitor;

impl<'de> serde::de::Visitor<'de> for TopVisitor {
    type Value = TopFields;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<TopFields, A::Error> {
        let mut top = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // Borrowed from the body: a nested value is skipped, not copied.
            // A scalar a `Value` cannot hold (`1e400`) reads as absent.
            let raw: &'de serde_json::value::RawValue = map.next_value()?;
            let text = raw.get();
            let scalar = match text.as_bytes().first() {
                Some(b'{' | b'[') => None,
                _ => serde_json::from_str(text).ok(),
            };
            match scalar {
                Some(value) => top.insert(key, value),
                None => top.remove(&key),
            };
        }
        Ok(TopFields(Some(top)))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<TopFields, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(TopFields(None))
    }

    fn visit_bool<E>(self, _: bool) -> Result<TopFields, E> {
        Ok(TopFields(None))
    }
    fn visit_i64<E>(self, _: i64) -> Result<TopFields, E> {
        Ok(TopFields(None))
    }
    fn visit_u64<E>(self, _: u64) -> Result<TopFields, E> {
        Ok(TopFields(None))
    }
    fn visit_f64<E>(self, _: f64) -> Result<TopFields, E> {
        Ok(TopFields(None))
    }
    fn visit_str<E>(self, _: &str) -> Result<TopFields, E> {
        Ok(TopFields(None))
    }
    fn visit_unit<E>(self) -> Result<TopFields, E> {
        Ok(TopFields(None))
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
    pub async fn run<T, F, Fut>(
        &self,
        info: &OperationInfo,
        options: &CallOptions,
        mut attempt: F,
    ) -> Result<T, Error>
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
        let retry = options.retry.as_ref().unwrap_or(&self.retry);
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
                        if !info.idempotent || n >= retry.max_attempts {
                            return Err(error);
                        }
                        (error, retry.backoff(n, after))
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
        options: &CallOptions,
    ) -> Attempt<Reply> {
        let timeout = options.timeout.unwrap_or(self.timeout);
        let mut request = request.timeout(timeout);
        for (name, value) in &options.headers {
            request = request.header(name, value);
        }
        // A body that breaks off mid-read is, like a refused connection, worth
        // another try; reqwest reports it as a decode error.
        let classify = |e: reqwest::Error, reading_body: bool| {
            if e.is_timeout() {
                Failure::Retry {
                    error: Error::Timeout {
                        operation: info.name,
                        timeout,
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

#[cfg(test)]
mod tests {
    use super::Body;

    #[test]
    fn top_fields_are_the_scalars_of_the_top_object() {
        let body = Body::parse(
            br#"{"statusCode":200,"data":{"statusCode":500},"huge":1e400,"message":"m","statusCode":403}"#
                .to_vec(),
        );
        let top = body.top().expect("an object");
        // The last of repeated keys; nested values and unrepresentable numbers are left out.
        assert_eq!(top["statusCode"], 403);
        assert_eq!(top["message"], "m");
        assert!(!top.contains_key("data") && !top.contains_key("huge"));
        assert!(Body::parse(b"[1]".to_vec()).top().is_none());
        assert!(Body::parse(b"not json".to_vec()).value().is_none());
    }
}

//! The future every generated client method returns, and what a caller can
//! change for one call before awaiting it.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use serde::de::DeserializeOwned;

use super::decode::collect_drift;
use super::error::Error;
use super::retry::RetryConfig;
use super::transport::{Body, Reply};

/// The HTTP exchange of a call, the same future type for every operation.
type Exchange<'a> = Pin<Box<dyn Future<Output = Result<Reply, Error>> + Send + 'a>>;

/// Starts the exchange with the call's options, at the first poll.
type Start<'a> = Box<dyn FnOnce(CallOptions) -> Exchange<'a> + Send + 'a>;

/// Headers the clients set themselves (authentication, signing, the body's
/// framing): a call cannot replace them.
const RESERVED_HEADERS: &[&str] = &[
    "accept",
    "authorization",
    "content-length",
    "content-type",
    "host",
    "x-authing-app-id",
    "x-authing-app-tenant-id",
    "x-authing-lang",
    "x-authing-request-from",
    "x-authing-sdk-version",
    "x-authing-userpool-id",
];

/// What one call overrides of its client's options (applied by
/// [`Transport`](super::transport::Transport)).
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub timeout: Option<Duration>,
    pub retry: Option<RetryConfig>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// A header that could not be added, reported when the call runs.
    pub invalid: Option<String>,
}

/// An operation's call in flight; `.await` it for the decoded response.
///
/// Before awaiting, a call can override its client's [`timeout`](Call::timeout)
/// and [`retry`](Call::retry) policy and add [`header`](Call::header)s, for
/// this call only; [`with_raw`](Call::with_raw) also returns the HTTP response.
///
/// Client methods are plain functions returning this instead of `async fn`s:
/// an `async fn` is a state machine the compiler builds and checks once per
/// operation, which made up a large share of the build time of crates with
/// thousands of operations. Here the exchange is one boxed future shared by
/// every operation, and only decoding into `T` is per operation.
#[must_use = "a call does nothing unless it is awaited"]
pub struct Call<'a, T> {
    start: Option<Start<'a>>,
    exchange: Option<Exchange<'a>>,
    options: CallOptions,
    operation: &'static str,
    response: PhantomData<fn() -> T>,
}

impl<'a, T> Call<'a, T> {
    pub(crate) fn new<F, Fut>(operation: &'static str, start: F) -> Self
    where
        F: FnOnce(CallOptions) -> Fut + Send + 'a,
        Fut: Future<Output = Result<Reply, Error>> + Send + 'a,
    {
        Call {
            start: Some(Box::new(move |options| Box::pin(start(options)))),
            exchange: None,
            options: CallOptions::default(),
            operation,
            response: PhantomData,
        }
    }

    /// Sets the whole-request timeout of each attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Sets the retry policy of this call (`RetryConfig { max_attempts: 1, .. }`:
    /// no retries).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.options.retry = Some(retry);
        self
    }

    /// Adds a header to this call's requests. A name or value HTTP does not
    /// allow, or a header the client sets itself (authentication, signing,
    /// `content-type`...), fails the call with [`Error::Config`].
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name = name.to_ascii_lowercase();
        let parsed = HeaderName::from_bytes(name.as_bytes())
            .ok()
            .zip(HeaderValue::from_str(value).ok());
        let reserved = RESERVED_HEADERS.contains(&name.as_str()) || name.starts_with("x-acs-");
        match parsed {
            _ if reserved => {
                self.options.invalid.get_or_insert(format!(
                    "header `{name}` is set by the client itself; a call cannot replace it"
                ));
            }
            Some(header) => self.options.headers.push(header),
            None => {
                self.options.invalid.get_or_insert(format!(
                    "`{name}` is not a valid header name, or its value is not a valid header value"
                ));
            }
        }
        self
    }

    /// The call, returning the HTTP response (status, headers, body) beside
    /// the decoded value.
    pub fn with_raw(self) -> RawCall<'a, T> {
        RawCall(self)
    }

    /// Drives the exchange; starts it, with the call's options, at the first poll.
    fn poll_reply(&mut self, cx: &mut Context<'_>) -> Poll<Result<Reply, Error>> {
        if let Some(start) = self.start.take() {
            if let Some(invalid) = self.options.invalid.take() {
                return Poll::Ready(Err(Error::Config(invalid)));
            }
            self.exchange = Some(start(std::mem::take(&mut self.options)));
        }
        let Some(exchange) = self.exchange.as_mut() else {
            return Poll::Ready(Err(Error::Config(format!(
                "the call of `{}` was polled after it completed",
                self.operation
            ))));
        };
        let reply = ready!(exchange.as_mut().poll(cx));
        self.exchange = None;
        Poll::Ready(reply)
    }
}

impl<T: DeserializeOwned> Future for Call<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let operation = self.operation;
        self.poll_reply(cx)
            .map(|reply| reply.and_then(|reply| decode(operation, &reply)))
    }
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.operation)
            .finish_non_exhaustive()
    }
}

/// A [`Call`] that returns the HTTP response beside the decoded value; see
/// [`Call::with_raw`].
#[must_use = "a call does nothing unless it is awaited"]
#[derive(Debug)]
pub struct RawCall<'a, T>(Call<'a, T>);

impl<T: DeserializeOwned> Future for RawCall<'_, T> {
    type Output = Result<(T, RawResponse), Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let operation = self.0.operation;
        self.0.poll_reply(cx).map(|reply| {
            let reply = reply?;
            let value = decode(operation, &reply)?;
            Ok((
                value,
                RawResponse {
                    status: reply.status,
                    headers: reply.headers,
                    body: reply.body,
                },
            ))
        })
    }
}

/// The HTTP response of a call: status, headers and the body's bytes.
/// `Debug` shows the status, the header names and the body's length only:
/// a body can hold tokens and secrets.
pub struct RawResponse {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Body,
}

impl RawResponse {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The value of the header `name` (any case), if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every header: lower-case name, value bytes.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.headers.iter().map(|(n, v)| (n.as_str(), v.as_bytes()))
    }

    /// The body as the server sent it.
    pub fn body(&self) -> &[u8] {
        self.body.bytes()
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_bytes", &self.body.bytes().len())
            .finish()
    }
}

/// Decodes a successful reply's body as the operation's response, in one
/// pass over its bytes; spec drift met on the way is logged.
fn decode<T: DeserializeOwned>(operation: &'static str, reply: &Reply) -> Result<T, Error> {
    let (decoded, drift) = collect_drift(|| serde_json::from_slice::<T>(reply.body.bytes()));
    for (field, what) in drift {
        tracing::warn!(
            operation,
            field,
            "spec drift: the response has {what} at `{field}`; converted without loss"
        );
    }
    decoded.map_err(|e| Error::Decode {
        operation,
        message: e.to_string(),
        body: reply.excerpt(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::transport::Body;
    use super::*;

    fn reply(body: &str) -> Result<Reply, Error> {
        Ok(Reply {
            status: 200,
            headers: Default::default(),
            body: Body::parse(body.as_bytes().to_vec()),
            redactor: Default::default(),
        })
    }

    fn call<T>(result: Result<Reply, Error>) -> Call<'static, T> {
        Call::new("getThing", move |_| async move { result })
    }

    #[tokio::test]
    async fn awaiting_decodes_the_body() {
        let value: serde_json::Value = call(reply(r#"{"a":1}"#)).await.unwrap();
        assert_eq!(value, serde_json::json!({"a": 1}));
    }

    #[tokio::test]
    async fn a_body_that_does_not_decode_names_the_operation() {
        let err = call::<Vec<u8>>(reply(r#"{"password":"hunter2"}"#))
            .await
            .unwrap_err();
        match err {
            Error::Decode {
                operation, body, ..
            } => {
                assert_eq!(operation, "getThing");
                assert!(!body.contains("hunter2"), "{body}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[tokio::test]
    async fn an_exchange_error_is_returned_as_is() {
        let err = call::<serde_json::Value>(Err(Error::Config("no host".into())))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Config(m) if m == "no host"));
    }

    #[test]
    fn polling_a_finished_call_again_is_an_error_not_a_panic() {
        let mut c = call::<serde_json::Value>(reply("{}"));
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        assert!(matches!(Pin::new(&mut c).poll(&mut cx), Poll::Ready(Ok(_))));
        match Pin::new(&mut c).poll(&mut cx) {
            Poll::Ready(Err(Error::Config(m))) => assert!(m.contains("getThing"), "{m}"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn calls_are_send_and_debug_names_the_operation() {
        fn send<T: Send>(_: &T) {}
        let c = call::<serde_json::Value>(reply("{}"));
        send(&c);
        assert_eq!(format!("{c:?}"), r#"Call { operation: "getThing", .. }"#);
    }
}

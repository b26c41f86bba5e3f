//! The future every generated client method returns.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;

use super::decode::collect_drift;
use super::error::Error;
use super::transport::Reply;

/// The HTTP exchange of a call, the same future type for every operation.
type Exchange<'a> = Pin<Box<dyn Future<Output = Result<Reply, Error>> + Send + 'a>>;

/// An operation's call in flight; `.await` it for the decoded response.
///
/// Client methods are plain functions returning this instead of `async fn`s:
/// an `async fn` is a state machine the compiler builds and checks once per
/// operation, which made up a large share of the build time of crates with
/// thousands of operations. Here the exchange is one boxed future shared by
/// every operation, and only decoding into `T` is per operation.
#[must_use = "a call does nothing unless it is awaited"]
pub struct Call<'a, T> {
    exchange: Exchange<'a>,
    operation: &'static str,
    response: PhantomData<fn() -> T>,
}

impl<'a, T> Call<'a, T> {
    pub(crate) fn new(
        operation: &'static str,
        exchange: impl Future<Output = Result<Reply, Error>> + Send + 'a,
    ) -> Self {
        Call {
            exchange: Box::pin(exchange),
            operation,
            response: PhantomData,
        }
    }
}

impl<T: DeserializeOwned> Future for Call<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.exchange.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(reply) => {
                Poll::Ready(reply.and_then(|reply| decode(self.operation, reply)))
            }
        }
    }
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.operation)
            .finish_non_exhaustive()
    }
}

/// Decodes a successful reply's body as the operation's response, in one
/// pass over its bytes; spec drift met on the way is logged.
fn decode<T: DeserializeOwned>(operation: &'static str, reply: Reply) -> Result<T, Error> {
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
        Call::new("getThing", async move { result })
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
    fn calls_are_send_and_debug_names_the_operation() {
        fn send<T: Send>(_: &T) {}
        let c = call::<serde_json::Value>(reply("{}"));
        send(&c);
        assert_eq!(format!("{c:?}"), r#"Call { operation: "getThing", .. }"#);
    }
}

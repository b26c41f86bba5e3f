//! A loopback stand-in for the vendors' servers, for testing code that
//! uses the clients (feature `testing`; the generated crate's
//! `testing::mock_server()` starts one answering every operation with its
//! documented example).
//!
//! Point a client at [`MockServer::uri`]; every request reaches the real
//! client code (token flow, signing, retries, decoding). The mock answers an
//! operation with the reply set for it ([`respond`](MockServer::respond),
//! [`api_error`](MockServer::api_error)), records every request
//! ([`requests`](MockServer::requests)), and issues GenAuth management
//! tokens to any key. Operations are told apart by method and path, and
//! Alibaba Cloud RPC actions by their `x-acs-action` header.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use base64::Engine;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::operation::{Operation, OperationInfo};

/// Where GenAuth management clients ask for their token.
const TOKEN_PATH: &str = "/api/v3/get-management-token";

/// The request ID of every reply the mock makes up.
pub const MOCK_REQUEST_ID: &str = "mock-request-id";

/// The largest request body the mock reads.
const MAX_BODY_BYTES: usize = 16 << 20;

/// An operation whose documents give an example response: what
/// [`MockServer::respond_documented`] answers with.
pub trait Documented: Operation {
    /// The documented example response, as JSON.
    const RESPONSE: &'static str;
}

/// How the mock tells operations apart.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Route {
    Http { method: String, path: String },
    Action(String),
}

impl Route {
    fn of(info: &OperationInfo) -> Route {
        match info.action {
            Some(action) => Route::Action(action.to_owned()),
            None => Route::Http {
                method: info.method.to_owned(),
                path: info.path.to_owned(),
            },
        }
    }
}

#[derive(Debug, Clone)]
struct Reply {
    status: u16,
    body: Bytes,
}

#[derive(Default)]
struct State {
    replies: BTreeMap<Route, Reply>,
    received: Vec<(Route, ReceivedRequest)>,
}

/// A loopback HTTP server answering as the vendors' servers would; stops
/// when dropped.
pub struct MockServer {
    uri: String,
    state: Arc<Mutex<State>>,
    server: tokio::task::JoinHandle<()>,
}

impl MockServer {
    /// Starts a mock on a free loopback port that answers no operation yet
    /// (each answers HTTP 404 until given a reply); it issues GenAuth
    /// management tokens to any key. Needs a Tokio runtime.
    pub async fn start() -> std::io::Result<MockServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let uri = format!("http://{}", listener.local_addr()?);
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        let server = tokio::spawn(async move {
            // Dropped with the server task: its connections end with it.
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                let state = Arc::clone(&shared);
                let service = hyper::service::service_fn(move |request| {
                    let state = Arc::clone(&state);
                    async move { Ok::<_, Infallible>(answer(&state, request).await) }
                });
                connections.spawn(async move {
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await;
                });
                while connections.try_join_next().is_some() {}
            }
        });
        Ok(MockServer { uri, state, server })
    }

    /// The mock's address, `http://127.0.0.1:<port>`: a client's host or endpoint.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// Answers `Op`'s requests with HTTP `status` and `body`, from now on.
    pub fn respond<Op: Operation>(&self, status: u16, body: Value) {
        self.set::<Op>(status, body.to_string().into());
    }

    /// Answers `Op`'s requests with its documented example response.
    pub fn respond_documented<Op: Documented>(&self) {
        self.set::<Op>(200, Bytes::from_static(Op::RESPONSE.as_bytes()));
    }

    /// Answers `Op`'s requests with an API error as its vendor reports one:
    /// GenAuth's envelope with HTTP 200 and `statusCode` (`code` if it is a
    /// number, else 400) and `apiCode` (`code` if it is a number), or
    /// Alibaba Cloud's HTTP 400 with `Code`. The client returns it as
    /// [`Error::Api`](crate::Error::Api), with [`MOCK_REQUEST_ID`].
    pub fn api_error<Op: Operation>(&self, code: &str, message: &str) {
        let (status, body) = match Op::INFO.action {
            Some(_) => (
                400,
                json!({"RequestId": MOCK_REQUEST_ID, "HostId": "127.0.0.1", "Code": code, "Message": message}),
            ),
            None => {
                let number = code.parse::<i64>().ok();
                let body = json!({"statusCode": number.unwrap_or(400), "apiCode": number, "message": message, "requestId": MOCK_REQUEST_ID});
                (200, body)
            }
        };
        self.respond::<Op>(status, body);
    }

    /// The requests of `Op` the mock received, oldest first.
    pub fn requests<Op: Operation>(&self) -> Vec<ReceivedRequest> {
        let route = Route::of(&Op::INFO);
        let state = self.lock();
        let of_op = state.received.iter().filter(|(r, _)| *r == route);
        of_op.map(|(_, request)| request.clone()).collect()
    }

    /// Every request the mock received (token requests too), oldest first.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        let state = self.lock();
        state.received.iter().map(|(_, r)| r.clone()).collect()
    }

    fn set<Op: Operation>(&self, status: u16, body: Bytes) {
        let route = Route::of(&Op::INFO);
        self.lock().replies.insert(route, Reply { status, body });
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.uri)
            .finish_non_exhaustive()
    }
}

/// A test that panicked while holding the lock leaves the state usable.
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One request as the mock received it.
#[derive(Clone)]
pub struct ReceivedRequest {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Bytes,
}

impl ReceivedRequest {
    /// The HTTP method, e.g. `POST`.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query's pairs, decoded, in order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The first value of query parameter `name`.
    pub fn query(&self, name: &str) -> Option<&str> {
        let pair = self.query.iter().find(|(n, _)| n == name);
        pair.map(|(_, v)| v.as_str())
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let pair = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name));
        pair.map(|(_, v)| v.as_str())
    }

    /// The body's bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// Shows the header names only: requests carry tokens and signatures.
impl fmt::Debug for ReceivedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("ReceivedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &names)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

async fn answer(
    state: &Mutex<State>,
    request: hyper::Request<Incoming>,
) -> hyper::Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => {
            return reply(
                413,
                not_mocked("the request body is too large or broke off"),
            )
        }
    };
    let query = reqwest::Url::parse(&format!("http://mock{}", parts.uri))
        .map(|url| {
            url.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    let headers = parts.headers.iter().map(|(name, value)| {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        (name.as_str().to_owned(), value)
    });
    let received = ReceivedRequest {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query,
        headers: headers.collect(),
        body,
    };
    let route = match received.header("x-acs-action") {
        Some(action) => Route::Action(action.to_owned()),
        None => Route::Http {
            method: received.method.clone(),
            path: received.path.clone(),
        },
    };
    let mut state = lock(state);
    state.received.push((route.clone(), received));
    match state.replies.get(&route) {
        Some(r) => reply(r.status, r.body.clone()),
        None if route == token_route() => reply(200, token()),
        None => reply(
            404,
            not_mocked(&format!("the mock has no reply for {route:?}")),
        ),
    }
}

fn token_route() -> Route {
    Route::Http {
        method: "POST".into(),
        path: TOKEN_PATH.into(),
    }
}

/// A management token of user pool `mock-user-pool`, valid for an hour.
fn token() -> Bytes {
    let b64 = |v: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
    let claims = b64(br#"{"scoped_userpool_id":"mock-user-pool"}"#);
    let token = format!("{}.{claims}.{}", b64(br#"{"alg":"none"}"#), b64(b"mock"));
    let body = json!({"statusCode": 200, "data": {"access_token": token, "expires_in": 3600}});
    body.to_string().into()
}

fn not_mocked(message: &str) -> Bytes {
    let body = json!({"statusCode": 404, "message": message, "requestId": MOCK_REQUEST_ID, "Code": "NotMocked", "Message": message, "RequestId": MOCK_REQUEST_ID});
    body.to_string().into()
}

fn reply(status: u16, body: Bytes) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(body));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let json = hyper::header::HeaderValue::from_static("application/json");
    response
        .headers_mut()
        .insert(hyper::header::CONTENT_TYPE, json);
    response
}

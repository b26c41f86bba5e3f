//! The GenAuth (Authing) V3 management client: access key -> management token
//! (cached, refreshed before expiry and after a 401) -> calls with the headers
//! the official SDKs send.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::Value;

use super::call::{Call, CallOptions};
use super::error::{ApiError, Error, Redactor};
use super::operation::{Operation, OperationInfo, Query, QueryStyle};
use super::retry::RetryConfig;
use super::secret::SecretString;
use super::transport::{record, Attempt, Body, Failure, Limits, Reply, Transport};

const TOKEN_PATH: &str = "/api/v3/get-management-token";
pub(super) const SDK_VERSION: &str = concat!("rust:", env!("CARGO_PKG_VERSION"));

const TOKEN: OperationInfo = OperationInfo {
    service: "genauth",
    name: "getManagementToken",
    method: "POST",
    path: TOKEN_PATH,
    action: None,
    version: "v3",
    endpoint: "",
    idempotent: true,
};

/// How to reach and authenticate to a GenAuth user pool.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ManagementClientOptions {
    /// User pool ID or a collaborating administrator's Access Key ID.
    pub access_key_id: String,
    /// The matching Access Key Secret.
    pub access_key_secret: SecretString,
    /// The API host; `None` is the public cloud (`https://api.genauth.ai`).
    /// Private deployments set their own, e.g. `https://api.example.com`.
    pub host: Option<String>,
    /// Sent as `x-authing-app-tenant-id` when set.
    pub tenant_id: Option<String>,
    /// Sent as `x-authing-lang` (the official SDKs default to `zh-CN`).
    pub lang: String,
    /// Whole-request timeout (official SDKs: 10 s).
    pub timeout: Duration,
    /// Connection timeout.
    pub connect_timeout: Duration,
    /// Retries of idempotent calls.
    pub retry: RetryConfig,
    /// The largest response body read, in bytes (default 32 MiB).
    pub max_response_bytes: usize,
}

impl ManagementClientOptions {
    /// Options for the public cloud with the given access key.
    pub fn new(
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<SecretString>,
    ) -> Self {
        ManagementClientOptions {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            host: None,
            tenant_id: None,
            lang: "zh-CN".into(),
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            retry: RetryConfig::default(),
            max_response_bytes: super::DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// Reads `GENAUTH_ACCESS_KEY_ID` and `GENAUTH_ACCESS_KEY_SECRET` (or the
    /// `AUTHING_` names the official samples use), and optionally
    /// `GENAUTH_HOST` and `GENAUTH_TENANT_ID`.
    pub fn from_env() -> Result<Self, Error> {
        let var = super::env_var;
        let id = var(&["GENAUTH_ACCESS_KEY_ID", "AUTHING_ACCESS_KEY_ID"])
            .ok_or_else(|| Error::Config("GENAUTH_ACCESS_KEY_ID is not set".into()))?;
        let secret = var(&["GENAUTH_ACCESS_KEY_SECRET", "AUTHING_ACCESS_KEY_SECRET"])
            .ok_or_else(|| Error::Config("GENAUTH_ACCESS_KEY_SECRET is not set".into()))?;
        let mut options = ManagementClientOptions::new(id, secret);
        options.host = var(&["GENAUTH_HOST", "AUTHING_HOST"]);
        options.tenant_id = var(&["GENAUTH_TENANT_ID", "AUTHING_TENANT_ID"]);
        Ok(options)
    }

    /// Sets the API host (private deployments).
    #[must_use]
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// Sets the tenant.
    #[must_use]
    pub fn tenant_id(mut self, tenant_id: impl Into<String>) -> Self {
        self.tenant_id = Some(tenant_id.into());
        self
    }

    super::timeout_and_retry_setters!();
}

/// A GenAuth V3 management client. Cheap to clone; clones share the token.
///
/// Each generated service module wraps it in a client of its own
/// (`genauth::ManagementClient`), whose methods are the service's operations.
pub struct ManagementClient {
    inner: Arc<Inner>,
}

impl Clone for ManagementClient {
    fn clone(&self) -> Self {
        ManagementClient {
            inner: Arc::clone(&self.inner),
        }
    }
}

struct Inner {
    options: ManagementClientOptions,
    transport: Transport,
    token: tokio::sync::Mutex<Option<Token>>,
}

struct Token {
    value: SecretString,
    user_pool_id: String,
    refresh_at: Instant,
}

impl fmt::Debug for ManagementClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManagementClient")
            .field("options", &self.inner.options)
            .finish_non_exhaustive()
    }
}

/// The GenAuth envelope of a reply, read leniently from the body's
/// top-level fields: a field of an unexpected type is ignored (or converted, when it
/// converts without loss), never a reason to take an error for a success.
struct Envelope {
    status_code: Option<i64>,
    message: Option<String>,
    api_code: Option<i64>,
    request_id: Option<String>,
}

impl Envelope {
    fn of(body: &Body) -> Option<Envelope> {
        let object = body.top()?;
        let field = |name: &str| object.get(name);
        Some(Envelope {
            status_code: field("statusCode").and_then(integer),
            message: field("message").and_then(text),
            api_code: field("apiCode").and_then(integer),
            request_id: field("requestId").and_then(text),
        })
    }
}

/// An integer, or a string or float holding one exactly.
fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A string, or a number written as one.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The longest a token is cached, whatever the server says it lives
/// (`expires_in` is untrusted; GenAuth's tokens live hours, not days).
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// The token and its lifetime from the token answer's `data`. Zero or a
/// negative lifetime means the token is used for this call and fetched
/// again for the next; a huge one is capped.
fn token_of(body: &Body) -> Result<(SecretString, Duration), &'static str> {
    let answer = body.value();
    let data = answer
        .as_ref()
        .and_then(|v| v.get("data"))
        .and_then(Value::as_object)
        .ok_or("no `data` object in the token response")?;
    let token = data
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or("`data.access_token` is missing or not a string")?;
    if reqwest::header::HeaderValue::from_str(&format!("Bearer {token}")).is_err() {
        return Err("`data.access_token` cannot be sent in a header");
    }
    let seconds = match data.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64().or_else(|| n.as_i64().map(|_| 0)).or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite())
                .map(|f| f.max(0.0).min(u64::MAX as f64) as u64)
        }),
        Some(Value::String(s)) => s
            .trim()
            .parse::<i128>()
            .ok()
            .map(|n| n.clamp(0, i128::from(u64::MAX)) as u64),
        _ => None,
    }
    .ok_or("`data.expires_in` is missing or not a number")?;
    let lifetime = Duration::from_secs(seconds).min(MAX_TOKEN_LIFETIME);
    Ok((SecretString::new(token), lifetime))
}

impl super::Caller for ManagementClient {
    fn call_operation<Op: Operation>(&self, request: &Op) -> Call<'_, Op::Response> {
        self.call(request)
    }
}

impl ManagementClient {
    /// How lists are written in the query: each item under the list's name
    /// (`ids=a&ids=b`), as the official Python SDK sends them.
    #[doc(hidden)]
    pub const QUERY_STYLE: QueryStyle = QueryStyle::Repeated;

    /// A client with the given options.
    pub fn new(options: ManagementClientOptions) -> Result<Self, Error> {
        if options.access_key_id.is_empty() || options.access_key_secret.expose_secret().is_empty()
        {
            return Err(Error::Config(
                "the access key ID and secret must not be empty".into(),
            ));
        }
        if let Some(host) = &options.host {
            if !(host.starts_with("https://") || host.starts_with("http://")) {
                return Err(Error::Config(format!(
                    "host `{host}` must start with https:// or http://"
                )));
            }
        }
        let limits = Limits {
            timeout: options.timeout,
            connect_timeout: options.connect_timeout,
            retry: options.retry.clone(),
            max_response_bytes: options.max_response_bytes,
        };
        let redactor = Redactor::new([options.access_key_secret.expose_secret()]);
        let transport = Transport::new(&limits, redactor)?;
        Ok(ManagementClient {
            inner: Arc::new(Inner {
                options,
                transport,
                token: tokio::sync::Mutex::new(None),
            }),
        })
    }

    /// A client configured from the environment (see [`ManagementClientOptions::from_env`]).
    pub fn from_env() -> Result<Self, Error> {
        Self::new(ManagementClientOptions::from_env()?)
    }

    /// The options the client was made with.
    pub fn options(&self) -> &ManagementClientOptions {
        &self.inner.options
    }

    /// Calls any operation; the generated methods are shorthands for this.
    pub fn call<Op: Operation>(&self, request: &Op) -> Call<'_, Op::Response> {
        let query = Query::collect(Self::QUERY_STYLE, |q| request.query(q));
        let body = request.body();
        Call::new(Op::INFO.name, move |options| {
            self.send(&Op::INFO, query, body, options)
        })
    }

    /// The HTTP exchange of a call, the same code for every operation (only
    /// decoding is per response type), which keeps large crates quick to build.
    async fn send(
        &self,
        info: &'static OperationInfo,
        query: Vec<(String, String)>,
        body: Option<serde_json::Value>,
        options: CallOptions,
    ) -> Result<Reply, Error> {
        let host = self
            .inner
            .options
            .host
            .as_deref()
            .unwrap_or(info.endpoint)
            .trim_end_matches('/');
        let url = format!("{host}{}", info.path);
        let (url, query, body, options) = (&url, &query, &body, &options);
        self.inner
            .transport
            .run(info, options, move |_| async move {
                let (token, pool) = self.token(host).await?;
                let method = reqwest::Method::from_bytes(info.method.as_bytes())
                    .unwrap_or(reqwest::Method::GET);
                let mut http = self.headers(self.inner.transport.http.request(method, url));
                http = http
                    .header("authorization", format!("Bearer {}", token.expose_secret()))
                    .header("x-authing-userpool-id", pool)
                    .query(query);
                if let Some(body) = body {
                    http = http.json(body);
                }
                let redactor = self.inner.transport.redactor.with(token.expose_secret());
                let reply = self
                    .inner
                    .transport
                    .send(info, http, redactor, options)
                    .await?;
                if let Err(failure) = classify(info, &reply) {
                    if matches!(failure, Failure::Reauthenticate(_)) {
                        *self.inner.token.lock().await = None;
                    }
                    return Err(failure);
                }
                Ok(reply)
            })
            .await
    }

    fn headers(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let options = &self.inner.options;
        common_headers(request, &options.lang, options.tenant_id.as_deref())
    }

    /// The cached token, fetched (once, for all concurrent callers) when missing
    /// or about to expire.
    async fn token(&self, host: &str) -> Attempt<(SecretString, String)> {
        let mut slot = self.inner.token.lock().await;
        if let Some(t) = slot.as_ref().filter(|t| Instant::now() < t.refresh_at) {
            return Ok((t.value.clone(), t.user_pool_id.clone()));
        }
        let options = &self.inner.options;
        let body = serde_json::json!({
            "accessKeyId": options.access_key_id,
            "accessKeySecret": options.access_key_secret.expose_secret(),
        });
        let request = self
            .headers(
                self.inner
                    .transport
                    .http
                    .post(format!("{host}{TOKEN_PATH}")),
            )
            .json(&body);
        let redactor = self.inner.transport.redactor.clone();
        let reply = self
            .inner
            .transport
            .send(&TOKEN, request, redactor, &CallOptions::default())
            .await?;
        classify(&TOKEN, &reply).map_err(|failure| match failure {
            // A refused key is final, not a reason to fetch a token again.
            Failure::Reauthenticate(e) => Failure::Fail(e),
            other => other,
        })?;
        // No excerpt: it would show the token; say only what is wrong.
        let (value, lifetime) = token_of(&reply.body).map_err(|message| {
            Failure::Fail(Error::Decode {
                operation: TOKEN.name,
                message: message.into(),
                body: String::new(),
            })
        })?;
        let margin = (lifetime / 10).min(Duration::from_secs(300));
        let user_pool_id =
            user_pool_of(value.expose_secret()).unwrap_or_else(|| options.access_key_id.clone());
        let now = Instant::now();
        let token = Token {
            value,
            user_pool_id,
            refresh_at: now.checked_add(lifetime - margin).unwrap_or(now),
        };
        let out = (token.value.clone(), token.user_pool_id.clone());
        *slot = Some(token);
        Ok(out)
    }
}

/// The headers every GenAuth call carries (management and authentication).
pub(super) fn common_headers(
    request: reqwest::RequestBuilder,
    lang: &str,
    tenant_id: Option<&str>,
) -> reqwest::RequestBuilder {
    let mut request = request
        .header("x-authing-sdk-version", SDK_VERSION)
        .header("x-authing-request-from", "sdk")
        .header("x-authing-lang", lang);
    if let Some(tenant) = tenant_id {
        request = request.header("x-authing-app-tenant-id", tenant);
    }
    request
}

/// Sorts a reply into done / retry / reauthenticate / fail. GenAuth reports API
/// errors with HTTP 200 and `statusCode != 200`.
pub(super) fn classify(info: &OperationInfo, reply: &Reply) -> Attempt<()> {
    let envelope = Envelope::of(&reply.body);
    let request_id = envelope
        .as_ref()
        .and_then(|e| e.request_id.clone())
        .or_else(|| reply.header("x-authing-request-id").map(str::to_owned));
    record(reply.status, request_id.as_deref());
    let api_status = envelope.as_ref().and_then(|e| e.status_code);
    let status = match (reply.status, api_status) {
        (200..=299, Some(200) | None) => return Ok(()),
        (200..=299, Some(code)) => code,
        (http, _) => i64::from(http),
    };
    let error = match envelope {
        Some(Envelope {
            message: Some(message),
            status_code,
            api_code,
            ..
        }) => Error::from(ApiError {
            operation: info.name,
            http_status: reply.status,
            code: status_code.unwrap_or(status).to_string(),
            api_code,
            message: reply.redactor.text(&message),
            request_id,
            recommend: None,
        }),
        _ => Error::Http {
            operation: info.name,
            status: reply.status,
            request_id,
            body: reply.excerpt(),
        },
    };
    Err(match status {
        401 => Failure::Reauthenticate(error),
        429 | 500..=599 => Failure::Retry {
            error,
            after: reply.retry_after(),
        },
        _ => Failure::Fail(error),
    })
}

/// The `scoped_userpool_id` claim of a management token (a JWT), which the
/// official SDKs send as `x-authing-userpool-id`.
fn user_pool_of(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims
        .get("scoped_userpool_id")?
        .as_str()
        .filter(|id| reqwest::header::HeaderValue::from_str(id).is_ok())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_user_pool_from_the_token() {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"scoped_userpool_id":"pool-1"}"#);
        assert_eq!(
            user_pool_of(&format!("h.{payload}.s")),
            Some("pool-1".into())
        );
        assert_eq!(user_pool_of("not-a-jwt"), None);
    }

    #[test]
    fn options_debug_hides_the_secret() {
        let options = ManagementClientOptions::new("key-id", "super-secret-value");
        let client: ManagementClient = ManagementClient::new(options.clone()).expect("client");
        for text in [format!("{options:?}"), format!("{client:?}")] {
            assert!(!text.contains("super-secret-value"), "{text}");
            assert!(text.contains("key-id"));
        }
    }
}

//! The Alibaba Cloud RPC-style client (`Action`/`Version`), signed with
//! ACS3-HMAC-SHA256 the way the vendor's official SDKs sign: `POST /`, the
//! parameters in the query string, lists and objects flattened (`Ids.1`,
//! `Fields.1.Name`), and the few body parameters (`ClientToken`) in a form
//! body, flattened alike; an empty body when there are none.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::acs3::{self, SigningInput};
use super::call::{Call, CallOptions};
use super::error::{ApiError, Error, Redactor};
use super::operation::{Operation, OperationInfo, Query, QueryStyle};
use super::retry::{random_u64, RetryConfig};
use super::secret::SecretString;
use super::transport::{record, Attempt, Failure, Limits, Reply, Transport};

/// An Alibaba Cloud access key, optionally with an STS security token.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Credentials {
    /// The AccessKey ID.
    pub access_key_id: String,
    /// The AccessKey secret.
    pub access_key_secret: SecretString,
    /// The STS security token, for temporary credentials.
    pub security_token: Option<SecretString>,
}

impl Credentials {
    /// A long-term access key.
    pub fn new(
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<SecretString>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
        }
    }

    /// Adds an STS security token.
    #[must_use]
    pub fn security_token(mut self, token: impl Into<SecretString>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`
    /// and, when set, `ALIBABA_CLOUD_SECURITY_TOKEN`, as the official SDKs do.
    pub fn from_env() -> Result<Self, Error> {
        let var = |name: &str| super::env_var(&[name]);
        let id = var("ALIBABA_CLOUD_ACCESS_KEY_ID")
            .ok_or_else(|| Error::Config("ALIBABA_CLOUD_ACCESS_KEY_ID is not set".into()))?;
        let secret = var("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
            .ok_or_else(|| Error::Config("ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set".into()))?;
        let mut credentials = Credentials::new(id, secret);
        credentials.security_token = var("ALIBABA_CLOUD_SECURITY_TOKEN").map(SecretString::from);
        Ok(credentials)
    }
}

/// Where and how an Alibaba Cloud client calls.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ClientOptions {
    /// The credentials to sign with.
    pub credentials: Credentials,
    /// The region, e.g. `cn-hangzhou`; fills `{region}` in the default endpoint.
    pub region: String,
    /// Overrides the endpoint, e.g. `https://eiam.cn-hangzhou.aliyuncs.com`.
    pub endpoint: Option<String>,
    /// Whole-request timeout (official SDKs: 10 s read timeout).
    pub timeout: Duration,
    /// Connection timeout (official SDKs: 5 s).
    pub connect_timeout: Duration,
    /// Retries of idempotent calls (official SDKs retry nothing by default).
    pub retry: RetryConfig,
    /// The largest response body read, in bytes (default 32 MiB).
    pub max_response_bytes: usize,
}

impl ClientOptions {
    /// Options for `region` with the given credentials.
    pub fn new(credentials: Credentials, region: impl Into<String>) -> Self {
        ClientOptions {
            credentials,
            region: region.into(),
            endpoint: None,
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            retry: RetryConfig::default(),
            max_response_bytes: super::DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// Overrides the endpoint.
    #[must_use]
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    super::timeout_and_retry_setters!();
}

/// An Alibaba Cloud RPC client. Cheap to clone.
///
/// Each generated service module wraps it in a client of its own
/// (`eiam::Client`), whose methods are the service's operations.
pub struct Client {
    inner: Arc<Inner>,
}

impl Clone for Client {
    fn clone(&self) -> Self {
        Client {
            inner: Arc::clone(&self.inner),
        }
    }
}

struct Inner {
    options: ClientOptions,
    transport: Transport,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("options", &self.inner.options)
            .finish_non_exhaustive()
    }
}

impl super::Caller for Client {
    fn call_operation<Op: Operation>(&self, request: &Op) -> Call<'_, Op::Response> {
        self.call(request)
    }
}

impl Client {
    /// How lists and objects are written in the query and form body:
    /// flattened, as the official SDKs flatten parameters of `style: flat`.
    /// Booleans are `true`/`false`, as the Go SDK (`openapiutil.Query`)
    /// sends them; the Python SDK sends `True`/`False`.
    #[doc(hidden)]
    pub const QUERY_STYLE: QueryStyle = QueryStyle::Flat;

    /// A client with the given options.
    pub fn new(options: ClientOptions) -> Result<Self, Error> {
        let c = &options.credentials;
        if c.access_key_id.is_empty() || c.access_key_secret.expose_secret().is_empty() {
            return Err(Error::Config(
                "the AccessKey ID and secret must not be empty".into(),
            ));
        }
        if options.region.is_empty() && options.endpoint.is_none() {
            return Err(Error::Config("set a region or an endpoint".into()));
        }
        let limits = Limits {
            timeout: options.timeout,
            connect_timeout: options.connect_timeout,
            retry: options.retry.clone(),
            max_response_bytes: options.max_response_bytes,
        };
        let redactor = Redactor::new(
            [Some(&c.access_key_secret), c.security_token.as_ref()]
                .into_iter()
                .flatten()
                .map(SecretString::expose_secret),
        );
        let transport = Transport::new(&limits, redactor)?;
        Ok(Client {
            inner: Arc::new(Inner { options, transport }),
        })
    }

    /// A client for `region` with credentials from the environment.
    pub fn from_env(region: impl Into<String>) -> Result<Self, Error> {
        Self::new(ClientOptions::new(Credentials::from_env()?, region))
    }

    /// The options the client was made with.
    pub fn options(&self) -> &ClientOptions {
        &self.inner.options
    }

    /// Calls any operation; the generated methods are shorthands for this.
    pub fn call<Op: Operation>(&self, request: &Op) -> Call<'_, Op::Response> {
        let query = Query::collect(Self::QUERY_STYLE, |q| request.query(q));
        let form = Query::collect(Self::QUERY_STYLE, |q| request.form(q));
        Call::new(Op::INFO.name, move |options| {
            self.send(&Op::INFO, query, form, options)
        })
    }

    /// The signed HTTP exchange of a call, the same code for every operation
    /// (only decoding is per response type), which keeps large crates quick to build.
    async fn send(
        &self,
        info: &'static OperationInfo,
        query: Vec<(String, String)>,
        form: Vec<(String, String)>,
        call: CallOptions,
    ) -> Result<Reply, Error> {
        let options = &self.inner.options;
        let endpoint = match &options.endpoint {
            Some(e) => e.trim_end_matches('/').to_owned(),
            None => info.endpoint.replace("{region}", &options.region),
        };
        let (scheme_host, host) = split_endpoint(&endpoint)
            .ok_or_else(|| Error::Config(format!("endpoint `{endpoint}` is not an http(s) URL")))?;
        let query = acs3::canonical_query(&query);
        let url = format!("{scheme_host}{}?{query}", info.path);
        let form = (!form.is_empty()).then(|| acs3::form_body(&form));
        let (url, query, host, form, call) = (&url, &query, &host, &form, &call);
        self.inner
            .transport
            .run(info, call, move |_| async move {
                let headers = self.signed_headers(info, host, query, form.as_deref());
                let http = self.inner.transport.http.post(url);
                let mut http = match form {
                    Some(form) => http.body(form.clone()),
                    // An empty body with its length, as the official SDKs send it:
                    // a server or proxy may refuse a POST without `Content-Length`.
                    None => http.header(reqwest::header::CONTENT_LENGTH, "0"),
                };
                for (name, value) in &headers {
                    http = http.header(name.as_str(), value.as_str());
                }
                let redactor = self.inner.transport.redactor.clone();
                let reply = self
                    .inner
                    .transport
                    .send(info, http, redactor, call)
                    .await?;
                outcome(info, reply)
            })
            .await
    }

    /// The headers of one attempt: a fresh date and nonce, signed, with
    /// the form body's type and hash when there is one.
    fn signed_headers(
        &self,
        info: &OperationInfo,
        host: &str,
        query: &str,
        form: Option<&str>,
    ) -> BTreeMap<String, String> {
        let credentials = &self.inner.options.credentials;
        let hashed_payload = acs3::sha256_hex(form.unwrap_or_default().as_bytes());
        let mut headers = BTreeMap::from([
            ("accept".to_owned(), "application/json".to_owned()),
            ("host".to_owned(), host.to_owned()),
            (
                "x-acs-action".to_owned(),
                info.action.unwrap_or(info.name).to_owned(),
            ),
            ("x-acs-version".to_owned(), info.version.to_owned()),
            ("x-acs-date".to_owned(), iso8601_utc(SystemTime::now())),
            (
                "x-acs-signature-nonce".to_owned(),
                format!("{:016x}{:016x}", random_u64(), random_u64()),
            ),
            ("x-acs-content-sha256".to_owned(), hashed_payload.clone()),
        ]);
        if form.is_some() {
            headers.insert(
                "content-type".into(),
                "application/x-www-form-urlencoded".into(),
            );
        }
        if let Some(token) = &credentials.security_token {
            headers.insert(
                "x-acs-accesskey-id".into(),
                credentials.access_key_id.clone(),
            );
            headers.insert(
                "x-acs-security-token".into(),
                token.expose_secret().to_owned(),
            );
        }
        let input = SigningInput {
            method: "POST",
            path: info.path,
            query,
            headers: &headers,
            hashed_payload: &hashed_payload,
        };
        let authorization = input.authorization(
            &credentials.access_key_id,
            credentials.access_key_secret.expose_secret(),
        );
        headers.insert("authorization".into(), authorization);
        headers
    }
}

/// A 2xx reply as is, or the error it reports and whether to retry. The
/// error body (`RequestId`, `Code`, `Message`, `Recommend`) is read
/// leniently from the body's top-level fields: a number where a string is expected
/// is taken as its text, anything else as absent.
fn outcome(info: &OperationInfo, reply: Reply) -> Attempt<Reply> {
    let field = |name: &str| match reply.body.top()?.get(name)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let request_id =
        field("RequestId").or_else(|| reply.header("x-acs-request-id").map(str::to_owned));
    record(reply.status, request_id.as_deref());
    if (200..300).contains(&reply.status) {
        return Ok(reply);
    }
    let code = field("Code");
    let throttled = code
        .as_deref()
        .is_some_and(|c| c.starts_with("Throttling") || c == "ServiceUnavailable");
    let error = match code {
        Some(code) => Error::from(ApiError {
            operation: info.name,
            http_status: reply.status,
            code,
            api_code: None,
            message: reply.redactor.text(&field("Message").unwrap_or_default()),
            request_id,
            recommend: field("Recommend"),
        }),
        None => Error::Http {
            operation: info.name,
            status: reply.status,
            request_id,
            body: reply.excerpt(),
        },
    };
    // The official SDK reads a positive `x-acs-retry-after` as milliseconds.
    let after = reply
        .header("x-acs-retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map(Duration::from_millis)
        .or_else(|| reply.retry_after());
    Err(if throttled || reply.status == 429 || reply.status >= 500 {
        Failure::Retry { error, after }
    } else {
        Failure::Fail(error)
    })
}

/// `https://host[:port]` and the `host[:port]` to sign as `host`.
fn split_endpoint(endpoint: &str) -> Option<(String, String)> {
    let rest = endpoint
        .strip_prefix("https://")
        .or_else(|| endpoint.strip_prefix("http://"))?;
    let host = rest.split('/').next().filter(|h| !h.is_empty())?;
    let scheme = &endpoint[..endpoint.len() - rest.len()];
    Some((format!("{scheme}{host}"), host.to_owned()))
}

/// `yyyy-MM-ddTHH:mm:ssZ` in UTC.
pub(crate) fn iso8601_utc(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates_as_the_signature_expects() {
        let at = |secs: u64| iso8601_utc(UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(1_698_315_752), "2023-10-26T10:22:32Z");
        assert_eq!(at(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn splits_endpoints() {
        assert_eq!(
            split_endpoint("https://eiam.cn-hangzhou.aliyuncs.com"),
            Some((
                "https://eiam.cn-hangzhou.aliyuncs.com".into(),
                "eiam.cn-hangzhou.aliyuncs.com".into()
            ))
        );
        assert_eq!(
            split_endpoint("http://127.0.0.1:8080/"),
            Some(("http://127.0.0.1:8080".into(), "127.0.0.1:8080".into()))
        );
        assert_eq!(split_endpoint("eiam.example.com"), None);
    }

    #[test]
    fn debug_hides_secret_and_token() {
        let credentials = Credentials::new("AKID", "the-secret").security_token("the-sts-token");
        let client: Client =
            Client::new(ClientOptions::new(credentials, "cn-hangzhou")).expect("client");
        let text = format!("{client:?}");
        assert!(
            !text.contains("the-secret") && !text.contains("the-sts-token"),
            "{text}"
        );
        assert!(text.contains("AKID"));
    }
}

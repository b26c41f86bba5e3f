//! The GenAuth (Authing) V3 authentication client: the Authentication API,
//! called for an end user of an application, with the headers the official
//! SDKs' `AuthenticationClient` sends: `x-authing-app-id` always, and the
//! user's access token as `authorization` once the user has one.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::call::{Call, CallOptions};
use super::error::{Error, Redactor};
use super::genauth::{classify, common_headers};
use super::operation::{Operation, OperationInfo, Query, QueryStyle};
use super::retry::RetryConfig;
use super::secret::SecretString;
use super::transport::{Failure, Limits, Reply, Transport};

/// How to reach a GenAuth application and, optionally, whom to call as.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AuthenticationClientOptions {
    /// The application's ID, sent as `x-authing-app-id`.
    pub app_id: String,
    /// The application's address, e.g. `https://example.genauth.ai`.
    pub app_host: String,
    /// The end user's access token (from a sign-in), sent as `authorization`.
    pub access_token: Option<SecretString>,
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

impl AuthenticationClientOptions {
    /// Options for an application, without a user yet.
    pub fn new(app_id: impl Into<String>, app_host: impl Into<String>) -> Self {
        AuthenticationClientOptions {
            app_id: app_id.into(),
            app_host: app_host.into(),
            access_token: None,
            tenant_id: None,
            lang: "zh-CN".into(),
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            retry: RetryConfig::default(),
            max_response_bytes: super::DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// Reads `GENAUTH_APP_ID` and `GENAUTH_APP_HOST` (or the `AUTHING_` names),
    /// and optionally `GENAUTH_ACCESS_TOKEN` and `GENAUTH_TENANT_ID`.
    pub fn from_env() -> Result<Self, Error> {
        let var = super::env_var;
        let id = var(&["GENAUTH_APP_ID", "AUTHING_APP_ID"])
            .ok_or_else(|| Error::Config("GENAUTH_APP_ID is not set".into()))?;
        let host = var(&["GENAUTH_APP_HOST", "AUTHING_APP_HOST"])
            .ok_or_else(|| Error::Config("GENAUTH_APP_HOST is not set".into()))?;
        let mut options = AuthenticationClientOptions::new(id, host);
        options.access_token = var(&["GENAUTH_ACCESS_TOKEN"]).map(SecretString::from);
        options.tenant_id = var(&["GENAUTH_TENANT_ID", "AUTHING_TENANT_ID"]);
        Ok(options)
    }

    /// Calls as the user with this access token.
    #[must_use]
    pub fn access_token(mut self, token: impl Into<SecretString>) -> Self {
        self.access_token = Some(token.into());
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

/// A GenAuth V3 authentication client. Cheap to clone; `with_access_token`
/// gives a client for another user that shares the connection pool.
///
/// Each generated service module wraps it in a client of its own
/// (`genauth_authentication::AuthenticationClient`).
pub struct AuthenticationClient {
    options: Arc<AuthenticationClientOptions>,
    transport: Arc<Transport>,
}

impl Clone for AuthenticationClient {
    fn clone(&self) -> Self {
        AuthenticationClient {
            options: Arc::clone(&self.options),
            transport: Arc::clone(&self.transport),
        }
    }
}

impl fmt::Debug for AuthenticationClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthenticationClient")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl super::Caller for AuthenticationClient {
    fn call_operation<Op: Operation>(&self, request: &Op) -> Call<'_, Op::Response> {
        self.call(request)
    }
}

impl AuthenticationClient {
    /// How lists are written in the query: each item under the list's name
    /// (`ids=a&ids=b`), as the management client does.
    #[doc(hidden)]
    pub const QUERY_STYLE: QueryStyle = QueryStyle::Repeated;

    /// A client with the given options.
    pub fn new(options: AuthenticationClientOptions) -> Result<Self, Error> {
        if options.app_id.is_empty() {
            return Err(Error::Config("the application ID must not be empty".into()));
        }
        let host = &options.app_host;
        if !(host.starts_with("https://") || host.starts_with("http://")) {
            return Err(Error::Config(format!(
                "app host `{host}` must start with https:// or http://"
            )));
        }
        let limits = Limits {
            timeout: options.timeout,
            connect_timeout: options.connect_timeout,
            retry: options.retry.clone(),
            max_response_bytes: options.max_response_bytes,
        };
        let transport = Transport::new(&limits, Redactor::default())?;
        Ok(AuthenticationClient {
            options: Arc::new(options),
            transport: Arc::new(transport),
        })
    }

    /// A client configured from the environment (see [`AuthenticationClientOptions::from_env`]).
    pub fn from_env() -> Result<Self, Error> {
        Self::new(AuthenticationClientOptions::from_env()?)
    }

    /// The same client calling as the user with `token`.
    #[must_use]
    pub fn with_access_token(&self, token: impl Into<SecretString>) -> Self {
        let options = (*self.options).clone().access_token(token);
        AuthenticationClient {
            options: Arc::new(options),
            transport: Arc::clone(&self.transport),
        }
    }

    /// The options the client was made with.
    pub fn options(&self) -> &AuthenticationClientOptions {
        &self.options
    }

    /// Calls any operation; the generated methods are shorthands for this.
    pub fn call<Op: Operation>(&self, request: &Op) -> Call<'_, Op::Response> {
        let query = Query::collect(Self::QUERY_STYLE, |q| request.query(q));
        let body = request.body();
        Call::new(Op::INFO.name, move |options| {
            self.send(&Op::INFO, query, body, options)
        })
    }

    /// The HTTP exchange of a call, the same code for every operation.
    async fn send(
        &self,
        info: &'static OperationInfo,
        query: Vec<(String, String)>,
        body: Option<serde_json::Value>,
        call: CallOptions,
    ) -> Result<Reply, Error> {
        let options = &self.options;
        let url = format!("{}{}", options.app_host.trim_end_matches('/'), info.path);
        let (url, query, body, call) = (&url, &query, &body, &call);
        self.transport
            .run(info, call, move |_| async move {
                let method = reqwest::Method::from_bytes(info.method.as_bytes())
                    .unwrap_or(reqwest::Method::GET);
                let mut http = common_headers(
                    self.transport.http.request(method, url),
                    &options.lang,
                    options.tenant_id.as_deref(),
                )
                .header("x-authing-app-id", &options.app_id)
                .query(query);
                let mut redactor = self.transport.redactor.clone();
                if let Some(token) = &options.access_token {
                    http = http.header("authorization", token.expose_secret());
                    redactor = redactor.with(token.expose_secret());
                }
                if let Some(body) = body {
                    http = http.json(body);
                }
                let reply = self.transport.send(info, http, redactor, call).await?;
                // There is no token to fetch again: a 401 is final.
                classify(info, &reply).map_err(|failure| match failure {
                    Failure::Reauthenticate(e) => Failure::Fail(e),
                    other => other,
                })?;
                Ok(reply)
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_debug_hides_the_access_token() {
        let options = AuthenticationClientOptions::new("app-1", "https://example.genauth.ai")
            .access_token("user-token-5f2e9c");
        assert!(!format!("{options:?}").contains("user-token-5f2e9c"));
    }
}

//! The one error type of every client.

use std::fmt;
use std::time::Duration;

/// Why a call failed. Messages never contain credentials, tokens or
/// signatures; response bodies are shown as short excerpts with secret-looking
/// values replaced by `***`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client is misconfigured (missing credentials, bad endpoint).
    #[error("invalid configuration: {0}")]
    Config(String),
    /// The request could not be sent or the response not read.
    #[error("{operation}: transport error: {message}")]
    Transport {
        /// The vendor's operation name.
        operation: &'static str,
        /// What went wrong, without the request URL's secrets (there are none in URLs).
        message: String,
    },
    /// No response within the configured timeout.
    #[error("{operation}: timed out after {timeout:?}")]
    Timeout {
        /// The vendor's operation name.
        operation: &'static str,
        /// The timeout that elapsed.
        timeout: Duration,
    },
    /// An HTTP error status without a recognizable API error body.
    #[error("{operation}: HTTP {status}{}: {body}", request_id_suffix(.request_id))]
    Http {
        /// The vendor's operation name.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The request ID, when the response carried one.
        request_id: Option<String>,
        /// A redacted excerpt of the response body.
        body: String,
    },
    /// The API answered with an error code.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The response body does not have the documented shape.
    #[error("{operation}: cannot decode the response ({message}); body: {body}")]
    Decode {
        /// The vendor's operation name.
        operation: &'static str,
        /// The decoder's message.
        message: String,
        /// A redacted excerpt of the response body.
        body: String,
    },
    /// The request could not be encoded.
    #[error("{operation}: cannot encode the request: {message}")]
    Encode {
        /// The vendor's operation name.
        operation: &'static str,
        /// The encoder's message.
        message: String,
    },
}

fn request_id_suffix(id: &Option<String>) -> String {
    id.as_ref()
        .map(|id| format!(" (request {id})"))
        .unwrap_or_default()
}

/// An error reported by the API itself, with the vendor's code and request ID.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The vendor's operation name.
    pub operation: &'static str,
    /// The HTTP status (GenAuth reports most API errors with HTTP 200).
    pub http_status: u16,
    /// The vendor's error code: Alibaba `Code`, GenAuth `statusCode` (and `apiCode`).
    pub code: String,
    /// GenAuth's finer `apiCode`, when given.
    pub api_code: Option<i64>,
    /// The vendor's message.
    pub message: String,
    /// The request ID to quote to the vendor's support.
    pub request_id: Option<String>,
    /// Alibaba's `Recommend`: a link to a diagnosis page.
    pub recommend: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: API error {}", self.operation, self.code)?;
        if let Some(api_code) = self.api_code {
            write!(f, " (apiCode {api_code})")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request {id})")?;
        }
        if let Some(r) = &self.recommend {
            write!(f, "; see {r}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl Error {
    /// The request ID of the failed call, when the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Http { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}

const EXCERPT_CHARS: usize = 512;

/// A short excerpt of a response body for error messages, with the values of
/// keys that look secret (tokens, secrets, passwords) replaced by `***`.
pub(crate) fn body_excerpt(body: &[u8]) -> String {
    let text = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            redact(&mut value);
            value.to_string()
        }
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    if text.chars().count() <= EXCERPT_CHARS {
        return text;
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    format!("{cut}...")
}

fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                let k = key.to_ascii_lowercase();
                if ["token", "secret", "password", "signature", "credential"]
                    .iter()
                    .any(|s| k.contains(s))
                {
                    *v = serde_json::Value::String("***".into());
                } else {
                    redact(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_redact_secret_keys_and_stay_short() {
        let body =
            br#"{"data":{"accessToken":"57_abc","nested":[{"refresh_token":"x"}],"userId":"u1"}}"#;
        let excerpt = body_excerpt(body);
        assert!(
            !excerpt.contains("57_abc") && !excerpt.contains("\"x\""),
            "{excerpt}"
        );
        assert!(excerpt.contains("u1"));
        let long = "a".repeat(2000);
        assert_eq!(
            body_excerpt(long.as_bytes()).chars().count(),
            EXCERPT_CHARS + 3
        );
    }

    #[test]
    fn api_errors_show_code_message_and_request_id() {
        let e = Error::from(ApiError {
            operation: "GetSynchronizationJob",
            http_status: 404,
            code: "EntityNotExists.SynchronizationJob".into(),
            api_code: None,
            message: "The job does not exist.".into(),
            request_id: Some("0441BD79".into()),
            recommend: None,
        });
        assert_eq!(
            e.to_string(),
            "GetSynchronizationJob: API error EntityNotExists.SynchronizationJob: The job does not exist. (request 0441BD79)"
        );
        assert_eq!(e.request_id(), Some("0441BD79"));
    }
}

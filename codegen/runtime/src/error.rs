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
    /// A paginator read its most pages and the server still had more: a
    /// listing that does not end (the same page again, a growing total).
    #[error("{operation}: still more pages after {pages}; stopped")]
    TooManyPages {
        /// The vendor's operation name.
        operation: &'static str,
        /// The pages read.
        pages: usize,
    },
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
    /// The server answered with a redirect. API calls are never redirected:
    /// following one would carry the credentials to wherever it points.
    #[error("{operation}: HTTP {status} redirect{}; redirects are not followed", location_suffix(.location))]
    Redirect {
        /// The vendor's operation name.
        operation: &'static str,
        /// The HTTP status code (3xx).
        status: u16,
        /// `host[:port]` of the `Location` header, when it had one.
        location: Option<String>,
    },
    /// The response body is larger than the client's `max_response_bytes`.
    #[error("{operation}: the response body exceeds the limit of {limit} bytes (the client option `max_response_bytes`)")]
    ResponseTooLarge {
        /// The vendor's operation name.
        operation: &'static str,
        /// The limit that was exceeded, in bytes.
        limit: usize,
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

fn location_suffix(location: &Option<String>) -> String {
    location
        .as_ref()
        .map(|host| format!(" to {host}"))
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

impl super::RequestId for Error {
    fn request_id(&self) -> Option<&str> {
        Error::request_id(self)
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

/// Key names whose values are never shown: in excerpts, and in the `Debug`
/// output of the unknown fields a response keeps.
pub(crate) fn looks_secret(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["token", "secret", "password", "signature", "credential"]
        .iter()
        .any(|s| key.contains(s))
}

/// Hides a client's secrets (access key secret, tokens) in text shown to
/// users: body excerpts and messages, whatever the content type, in the
/// forms a server may echo them (as sent, JSON-escaped, percent-encoded).
#[derive(Clone, Default)]
pub(crate) struct Redactor(std::sync::Arc<[String]>);

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} secrets)", self.0.len())
    }
}

impl Redactor {
    /// Hides each of `secrets` (empty ones are ignored).
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        Redactor::default().adding(secrets)
    }

    /// The same secrets and one more (a token fetched at run time).
    pub fn with(&self, secret: &str) -> Self {
        self.adding([secret])
    }

    fn adding<'a>(&self, secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut forms: Vec<String> = self.0.to_vec();
        for secret in secrets.into_iter().filter(|s| !s.is_empty()) {
            let json = serde_json::to_string(secret).unwrap_or_default();
            let json = json[1..json.len().saturating_sub(1).max(1)].to_owned();
            for form in [secret.to_owned(), json, percent_encode(secret)] {
                if !form.is_empty() && !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
        // Longest first, so a secret containing another is hidden whole.
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        Redactor(forms.into())
    }

    /// `text` with every secret replaced by `***`.
    pub fn text(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in self.0.iter() {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), "***");
            }
        }
        text
    }

    /// A short excerpt of a body: JSON with secret-looking keys' values
    /// replaced, anything else as text; then the secrets hidden and the
    /// result cut to a few hundred characters.
    pub fn excerpt(&self, body: &super::transport::Body) -> String {
        let text = match body.value() {
            Some(value) => {
                let mut out = String::new();
                write_redacted(&value, &mut out);
                out
            }
            None => {
                // A secret cut at the excerpt's end must not show in part.
                let bytes = body.bytes();
                let cap = bytes.len().min(EXCERPT_CHARS * 4 + self.longest());
                String::from_utf8_lossy(&bytes[..cap]).into_owned()
            }
        };
        let text = self.text(&text);
        if text.chars().count() <= EXCERPT_CHARS {
            return text;
        }
        let cut: String = text.chars().take(EXCERPT_CHARS).collect();
        format!("{cut}...")
    }

    fn longest(&self) -> usize {
        self.0.first().map_or(0, String::len)
    }
}

/// `value` as JSON, secret-looking keys' values as `"***"`, stopping soon
/// after the excerpt's length (the rest would be cut anyway).
fn write_redacted(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    if out.len() > EXCERPT_CHARS * 4 {
        return;
    }
    match value {
        Value::Object(map) => {
            out.push('{');
            for (i, (key, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if looks_secret(key) {
                    out.push_str("\"***\"");
                } else {
                    write_redacted(v, out);
                }
                if out.len() > EXCERPT_CHARS * 4 {
                    return;
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_redacted(v, out);
                if out.len() > EXCERPT_CHARS * 4 {
                    return;
                }
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::transport::Body;
    use super::*;

    fn json(text: &[u8]) -> Body {
        Body::parse(text.to_vec())
    }

    #[test]
    fn excerpts_redact_secret_keys_and_stay_short() {
        let body =
            br#"{"data":{"accessToken":"57_abc","nested":[{"refresh_token":"x"}],"userId":"u1"}}"#;
        let excerpt = Redactor::default().excerpt(&json(body));
        assert!(
            !excerpt.contains("57_abc") && !excerpt.contains("\"x\""),
            "{excerpt}"
        );
        assert!(excerpt.contains("u1"));
        let long = "a".repeat(2000);
        let excerpt = Redactor::default().excerpt(&Body::parse(long.into_bytes()));
        assert_eq!(excerpt.chars().count(), EXCERPT_CHARS + 3);
        let long = format!("[{}]", vec!["1"; 5000].join(","));
        let excerpt = Redactor::default().excerpt(&json(long.as_bytes()));
        assert_eq!(excerpt.chars().count(), EXCERPT_CHARS + 3);
    }

    #[test]
    fn configured_secrets_are_hidden_in_any_content_type_and_form() {
        let r = Redactor::new(["s3cr/t+key\"x", ""]).with("tok.en");
        let plain = b"bad request: accessKeySecret=s3cr/t+key\"x&token=tok.en";
        let json_echo = br#"{"echo":"s3cr/t+key\"x","note":"tok.en"}"#;
        let form_echo = b"accessKeySecret=s3cr%2Ft%2Bkey%22x";
        for excerpt in [
            r.excerpt(&Body::parse(plain.to_vec())),
            r.excerpt(&json(json_echo)),
            r.excerpt(&Body::parse(form_echo.to_vec())),
        ] {
            assert!(
                !excerpt.contains("s3cr") && !excerpt.contains("tok.en"),
                "{excerpt}"
            );
            assert!(excerpt.contains("***"), "{excerpt}");
        }
        // A secret straddling the excerpt's end is hidden, not cut in two.
        let mut long = "a".repeat(EXCERPT_CHARS - 3).into_bytes();
        long.extend_from_slice(b"s3cr/t+key\"x");
        let excerpt = r.excerpt(&Body::parse(long));
        assert!(!excerpt.contains("s3c"), "{excerpt}");
        assert_eq!(format!("{r:?}"), "Redactor(4 secrets)");
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

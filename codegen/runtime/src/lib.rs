//! The runtime of the generated `identity-sdk` crate: its clients (GenAuth's
//! management token flow, Alibaba Cloud's ACS3-HMAC-SHA256 signing), calls,
//! retries, errors, paginators and the types generated code builds on.
//!
//! Users reach it as `identity_sdk::runtime`. What they use is documented
//! here; the machinery generated code calls (field-by-field decoding and
//! encoding, lenient decoders, query writing, example-test checks) is public
//! only because another crate calls it: it is `#[doc(hidden)]`, not part of
//! the API, and may change in any release. The generated crate pins this
//! crate's exact version for that reason.
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

pub mod acs;
mod acs3;
mod call;
#[doc(hidden)]
pub mod decode;
#[doc(hidden)]
pub mod enums;
mod error;
pub mod genauth;
pub mod genauth_authn;
#[cfg(feature = "testing")]
pub mod mock;
#[doc(hidden)]
pub mod object;
mod operation;
mod pages;
mod response;
mod retry;
mod secret;
#[doc(hidden)]
pub mod testing;
mod transport;

/// The default of every client's `max_response_bytes`: far above any page
/// the APIs return, far below what would strain a caller's memory.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 << 20;

/// `timeout`, `retry` and `max_response_bytes` setters for a client's options struct.
macro_rules! timeout_and_retry_setters {
    () => {
        /// Sets the whole-request timeout.
        #[must_use]
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.timeout = timeout;
            self
        }

        /// Sets the retry policy.
        #[must_use]
        pub fn retry(mut self, retry: $crate::RetryConfig) -> Self {
            self.retry = retry;
            self
        }

        /// Sets the largest response body read, in bytes; a larger one
        /// fails the call with [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
        #[must_use]
        pub fn max_response_bytes(mut self, bytes: usize) -> Self {
            self.max_response_bytes = bytes;
            self
        }
    };
}
use timeout_and_retry_setters;

/// The first of `names` set to a non-empty value in the environment.
fn env_var(names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|n| std::env::var(n).ok().filter(|v| !v.is_empty()))
}

pub use call::{Call, RawCall, RawResponse};
pub use enums::UnknownValue;
pub use error::{ApiError, Error};
pub use object::UnknownFields;
#[doc(hidden)]
pub use operation::{put_body, Query, QueryStyle, QueryValue};
pub use operation::{Operation, OperationInfo};
pub use pages::{Caller, Items, Paged, Pages, DEFAULT_MAX_PAGES};
pub use response::{AsTyped, ReadData, RequestId, Response};
pub use retry::RetryConfig;
pub use secret::SecretString;

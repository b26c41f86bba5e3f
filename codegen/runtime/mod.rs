//! Support code shared by every generated module: the clients, signing,
//! retries, errors, and the types generated code builds on.
//!
//! Hand-written in `codegen/runtime/` and copied into the generated crate by
//! `cargo xtask codegen`, so the crate stays exactly what the generator writes.

pub mod acs;
pub mod acs3;
mod call;
pub mod decode;
pub mod enums;
mod error;
pub mod genauth;
pub mod genauth_authn;
pub mod object;
mod operation;
mod retry;
mod secret;
#[cfg(test)]
pub(crate) mod testing;
mod transport;

/// `timeout` and `retry` setters for a client's options struct.
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
        pub fn retry(mut self, retry: $crate::runtime::RetryConfig) -> Self {
            self.retry = retry;
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

pub use call::Call;
pub use enums::UnknownValue;
pub use error::{ApiError, Error};
pub use operation::{put_body, Operation, OperationInfo, QueryValue};
pub use retry::RetryConfig;
pub use secret::SecretString;

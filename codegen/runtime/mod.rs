//! Support code shared by every generated module: the clients, signing,
//! retries, errors, and the types generated code builds on.
//!
//! Hand-written in `codegen/runtime/` and copied into the generated crate by
//! `cargo xtask codegen`, so the crate stays exactly what the generator writes.

pub mod acs;
pub mod acs3;
pub mod decode;
pub mod enums;
mod error;
pub mod genauth;
pub mod genauth_authn;
mod operation;
mod retry;
mod secret;
#[cfg(test)]
pub(crate) mod testing;
mod transport;

pub use enums::UnknownValue;
pub use error::{ApiError, Error};
pub use operation::{put_body, Operation, OperationInfo, QueryValue};
pub use retry::RetryConfig;
pub use secret::SecretString;

//! Support code shared by every generated module.
//!
//! Hand-written in `codegen/runtime/` and copied into the generated crate by
//! `cargo xtask codegen`, so the crate stays exactly what the generator writes.

pub mod decode;
pub mod enums;
mod operation;
mod secret;
#[cfg(test)]
pub(crate) mod testing;

pub use enums::UnknownValue;
pub use operation::{Operation, OperationInfo};
pub use secret::SecretString;

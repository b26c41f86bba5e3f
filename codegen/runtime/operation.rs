//! What every generated request knows about its operation.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// How an operation is called on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The service module, e.g. `genauth`.
    pub service: &'static str,
    /// The vendor's operation name, e.g. `getUserIdentities`.
    pub name: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Request path.
    pub path: &'static str,
    /// The RPC `Action`, for RPC-style services.
    pub action: Option<&'static str>,
}

/// A request type: its parameters serialize by wire name, and it names its response.
pub trait Operation: Serialize {
    /// The decoded response body.
    type Response: DeserializeOwned;
    /// How the operation is called.
    const INFO: OperationInfo;
}

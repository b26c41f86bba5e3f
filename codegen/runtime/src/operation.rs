//! What every generated request knows about its operation.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::secret::SecretString;

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
    /// The service's API version.
    pub version: &'static str,
    /// The service's default endpoint (`{region}` to be filled in).
    pub endpoint: &'static str,
    /// Safe to retry: reads are, writes are not unless the API says so.
    pub idempotent: bool,
}

/// A request type: it names its response and knows where its parameters go.
pub trait Operation {
    /// The decoded response body.
    type Response: DeserializeOwned;
    /// How the operation is called.
    const INFO: OperationInfo;
    /// Query parameters by wire name, in spec order; unset optional ones are left out.
    fn query(&self) -> Vec<(&'static str, String)>;
    /// The JSON body, for operations with body parameters.
    fn body(&self) -> Option<serde_json::Value>;
}

/// A value that can be sent as query parameter(s).
pub trait QueryValue {
    /// Appends `name=value` pairs (none for an unset option, one per list item).
    fn push_query(&self, name: &'static str, out: &mut Vec<(&'static str, String)>);
}

macro_rules! display_query_value {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn push_query(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
                out.push((name, self.to_string()));
            }
        }
    )*};
}

display_query_value!(String, bool, i32, i64, f64, serde_json::Value);

impl QueryValue for SecretString {
    fn push_query(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((name, self.expose_secret().to_owned()));
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn push_query(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        if let Some(value) = self {
            value.push_query(name, out);
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn push_query(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        for value in self {
            value.push_query(name, out);
        }
    }
}

impl<T: QueryValue> QueryValue for Box<T> {
    fn push_query(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        (**self).push_query(name, out);
    }
}

/// Adds `value` to a JSON body under `name`, unless it is unset (`null`).
pub fn put_body<T: Serialize>(
    body: &mut serde_json::Map<String, serde_json::Value>,
    name: &str,
    value: &T,
) {
    // Generated types always serialize; a failure would only drop the field.
    if let Ok(value) = serde_json::to_value(value) {
        if !value.is_null() {
            body.insert(name.to_owned(), value);
        }
    }
}

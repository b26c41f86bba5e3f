//! Checks used by the generated example tests.
#![allow(dead_code)] // unused while no spec has examples

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Decodes `json` into `T`, re-encodes it, and asserts nothing was lost: the
/// result equals `json` (or `reencoded`, where a noted decision changes the shape).
pub fn assert_roundtrip<T: DeserializeOwned + Serialize>(json: &str, reencoded: Option<&str>) {
    let decoded: T = match serde_json::from_str(json) {
        Ok(value) => value,
        Err(e) => panic!(
            "example does not decode into {}: {e}",
            std::any::type_name::<T>()
        ),
    };
    let again = serde_json::to_value(&decoded).expect("re-encoding a decoded value");
    let expected: Value = serde_json::from_str(reencoded.unwrap_or(json)).expect("expected JSON");
    assert_eq!(again, expected, "re-encoding changed the example");
}

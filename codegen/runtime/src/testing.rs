//! Checks used by the generated example tests.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::{Operation, Query, QueryStyle};

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

/// Asserts that `json` does not decode into `T`: a documented example that
/// contradicts the API's own response shape, recorded in the spec's note.
pub fn assert_rejects<T: DeserializeOwned>(json: &str) {
    assert!(
        serde_json::from_str::<T>(json).is_err(),
        "the example now decodes into {}; drop `decodes: false` from the spec",
        std::any::type_name::<T>()
    );
}

/// An example value of a request parameter, as the generated request tests
/// pass it to a request's constructor or setter.
pub fn example<T: DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| {
        panic!(
            "the example {json} does not build a {}: {e}",
            std::any::type_name::<T>()
        )
    })
}

/// Asserts that `request` sends exactly `query` (in order, written in
/// `style`, its client's) and the JSON `body`.
pub fn assert_request<Op: Operation>(
    request: &Op,
    style: QueryStyle,
    query: &[(&str, &str)],
    body: Option<&str>,
) {
    let sent = Query::collect(style, |q| request.query(q));
    assert_eq!(
        pairs(&sent),
        query,
        "the query string differs from the examples"
    );
    let expected = body.map(|b| serde_json::from_str::<Value>(b).expect("expected body"));
    assert_eq!(
        request.body(),
        expected,
        "the JSON body differs from the examples"
    );
}

/// Asserts that `request` sends exactly `form` (in order, written in
/// `style`) as its form body.
pub fn assert_form<Op: Operation>(request: &Op, style: QueryStyle, form: &[(&str, &str)]) {
    let sent = Query::collect(style, |q| request.form(q));
    assert_eq!(
        pairs(&sent),
        form,
        "the form body differs from the examples"
    );
}

fn pairs(owned: &[(String, String)]) -> Vec<(&str, &str)> {
    owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

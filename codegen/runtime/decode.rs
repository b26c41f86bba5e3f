//! Lenient decoders for fields whose documents contradict themselves.
//!
//! Each is chosen by a field's `decode:` in the spec, next to a note saying
//! why. Encoding is never lenient: the documented shape is what is sent.

use serde::de::{DeserializeOwned, Deserializer, Error};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    Many(Vec<T>),
    One(T),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ListOrJson<T> {
    List(Vec<T>),
    Json(String),
}

/// A list that may also arrive as a single item.
pub fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::Many(items) => items,
        OneOrMany::One(item) => vec![item],
    })
}

/// A list that may also arrive as a string holding the JSON-encoded list.
pub fn json_string<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    match ListOrJson::deserialize(deserializer)? {
        ListOrJson::List(items) => Ok(items),
        ListOrJson::Json(text) => serde_json::from_str(&text)
            .map_err(|e| D::Error::custom(format!("a string that should hold a JSON list: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(deserialize_with = "one_or_many")]
        one: Vec<u8>,
        #[serde(deserialize_with = "json_string")]
        json: Vec<String>,
    }

    #[test]
    fn accepts_both_shapes() {
        let a: Holder = serde_json::from_str(r#"{"one": 1, "json": "[\"x\"]"}"#).unwrap();
        assert_eq!((a.one, a.json), (vec![1], vec!["x".to_owned()]));
        let b: Holder = serde_json::from_str(r#"{"one": [1, 2], "json": ["y"]}"#).unwrap();
        assert_eq!((b.one, b.json), (vec![1, 2], vec!["y".to_owned()]));
    }

    #[test]
    fn a_string_that_is_not_json_is_an_error() {
        let err = serde_json::from_str::<Holder>(r#"{"one": 1, "json": "nope"}"#)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("should hold a JSON list"), "{err}");
    }
}

//! Lenient decoders for fields whose documents contradict themselves.
//!
//! Each is chosen by a field's `decode:` in the spec, next to a note saying
//! why, and called by [`super::object::Fields`] with the field's JSON value.
//! The shape is picked by looking at the value, so an item that fails to
//! decode reports its own error. Encoding is never lenient: the documented
//! shape is what is sent.

use serde::de::{DeserializeOwned, Error};
use serde_json::Value;

/// A list that may also arrive as a single item.
pub fn one_or_many<T: DeserializeOwned>(value: Value) -> Result<Vec<T>, serde_json::Error> {
    match value {
        Value::Array(_) => serde_json::from_value(value),
        item => Ok(vec![serde_json::from_value(item)?]),
    }
}

/// A list that may also arrive as a string holding the JSON-encoded list.
pub fn json_string<T: DeserializeOwned>(value: Value) -> Result<Vec<T>, serde_json::Error> {
    match value {
        Value::String(text) => serde_json::from_str(&text).map_err(|e| {
            serde_json::Error::custom(format_args!("a string that should hold a JSON list: {e}"))
        }),
        list => serde_json::from_value(list),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_both_shapes() {
        assert_eq!(one_or_many::<u8>(json!(1)).unwrap(), vec![1]);
        assert_eq!(one_or_many::<u8>(json!([1, 2])).unwrap(), vec![1, 2]);
        assert_eq!(json_string::<String>(json!("[\"x\"]")).unwrap(), vec!["x"]);
        assert_eq!(json_string::<String>(json!(["y"])).unwrap(), vec!["y"]);
    }

    #[test]
    fn errors_are_the_items_own() {
        let err = |r: Result<Vec<u8>, serde_json::Error>| r.unwrap_err().to_string();
        assert_eq!(
            err(one_or_many(json!(["a"]))),
            "invalid type: string \"a\", expected u8"
        );
        assert_eq!(
            err(one_or_many(json!({}))),
            "invalid type: map, expected u8"
        );
        assert!(err(json_string(json!("nope"))).contains("should hold a JSON list"));
    }
}

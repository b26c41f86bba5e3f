//! Decoding through generated `Decode` impls (the emitter fixture), beyond
//! the documents' examples: which error wins, and a required field that
//! shares the decoder parameter's name (`f`).

use identity_sdk_tests::kinds::Primitives;

fn decode(json: &str) -> Result<Primitives, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

#[test]
fn a_field_named_f_decodes_and_round_trips() {
    let json = r#"{"text":"hello","small":7,"type":"t","f":"x","extra":[1]}"#;
    let value = decode(json).unwrap();
    assert_eq!(
        (value.text.as_str(), value.small, value.f.as_str()),
        ("hello", 7, "x")
    );
    assert_eq!(value.r#type.as_deref(), Some("t"));
    assert_eq!(
        value.unknown_fields.get("extra"),
        Some(&serde_json::json!([1]))
    );
    assert_eq!(serde_json::to_string(&value).unwrap(), json);
}

#[test]
fn the_first_error_in_the_input_is_reported() {
    let missing = decode(r#"{"text":"hello","small":7}"#).unwrap_err();
    assert!(missing.starts_with("missing field `f`"), "{missing}");
    // Both `flag` (optional) and `small` (required) are wrong: decoding
    // streams, so the one met first is reported, whatever the declaration order.
    let both = decode(r#"{"text":"a","flag":3,"small":"x","f":"y"}"#).unwrap_err();
    assert!(
        both.starts_with("at `flag`: invalid type: integer `3`"),
        "{both}"
    );
    let reversed = decode(r#"{"text":"a","small":"x","flag":3,"f":"y"}"#).unwrap_err();
    assert!(
        reversed.starts_with("at `small`: invalid type: string"),
        "{reversed}"
    );
}

/// A float is read as the nearest f64, as Rust's own parser reads it, so that
/// it re-encodes as the text received (serde_json's default parser can be one
/// unit in the last place off: found by the property below).
#[test]
fn floats_decode_to_the_nearest_f64() {
    for text in [
        "5.686881522257636e+299",
        "0.30000000000000004",
        "1.7976931348623157e+308",
    ] {
        let json = format!(r#"{{"text":"a","small":1,"ratio":{text},"anything":{text},"f":"x"}}"#);
        let value = decode(&json).unwrap();
        let nearest: f64 = text.parse().unwrap();
        assert_eq!(
            value.ratio.map(f64::to_bits),
            Some(nearest.to_bits()),
            "{text}"
        );
        assert_eq!(
            value.anything.as_ref().and_then(|v| v.as_f64()),
            Some(nearest),
            "{text}"
        );
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
    }
}

/// Any JSON, shaped like the fixture's types often enough to reach their
/// fields: decoding gives a value or an error, never a panic; a value
/// re-encodes, and decodes back equal (unknown fields and enum values kept).
mod any_json {
    use identity_sdk_tests::kinds::{Containers, KeyPair, Lenient, Palette, Primitives, TreeNode};
    use identity_sdk_tests::{decode_round_trips, proptest_cases};
    use proptest::prelude::*;
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use serde_json::{Map, Value};

    /// The fixture's wire names, enum values and a few strangers.
    const KEYS: &[&str] = &[
        "names",
        "byKey",
        "nested",
        "child",
        "text",
        "flag",
        "small",
        "millis",
        "ratio",
        "anything",
        "type",
        "f",
        "main",
        "others",
        "one",
        "maybeOne",
        "encoded",
        "maybeEncoded",
        "name",
        "parent",
        "children",
        "keyId",
        "keySecret",
        "sessionToken",
        "red",
        "dark-green",
        "3d",
        "partial_success",
        "",
        "__proto__",
        "unknown_fields",
    ];

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1e300f64..1e300).prop_map(Value::from),
            Just(Value::from(i32::MAX as i64 + 1)),
            proptest::sample::select(KEYS).prop_map(Value::from),
            "[\\[\\]{}\"0-9a-z ,:.-]{0,12}".prop_map(Value::from),
        ]
    }

    fn json() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(5, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..7).prop_map(
                    |pairs| {
                        Value::Object(
                            pairs
                                .into_iter()
                                .map(|(k, v)| (k.to_owned(), v))
                                .collect::<Map<_, _>>(),
                        )
                    }
                ),
            ]
        })
    }

    /// The value round-trips if it decodes.
    fn round_trips<T>(text: &str) -> Result<(), TestCaseError>
    where
        T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
    {
        decode_round_trips::<T>(text)
            .map(drop)
            .map_err(TestCaseError::fail)
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: proptest_cases(256),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn any_json_decodes_or_fails_and_a_value_round_trips(value in json()) {
            // Also inside a string, as `json_string` fields hold it.
            for text in [value.to_string(), Value::from(value.to_string()).to_string()] {
                round_trips::<Primitives>(&text)?;
                round_trips::<Containers>(&text)?;
                round_trips::<Palette>(&text)?;
                round_trips::<Lenient>(&text)?;
                round_trips::<TreeNode>(&text)?;
                round_trips::<KeyPair>(&text)?;
            }
        }
    }
}

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

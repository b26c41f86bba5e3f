//! Serde for generated structs through one shared decoder and encoder.
//!
//! `#[derive(Serialize, Deserialize)]` writes a visitor, a field enum and a
//! map loop for every struct, and the compiler checks each copy: with
//! thousands of types that was most of the crate's build time. Generated
//! structs instead list their fields once, in [`Decode`] and [`Encode`];
//! the code that walks JSON lives here, compiled once.
//!
//! Decoding reads the object into a `serde_json::Map`, takes each known
//! field out of it and keeps what is left as the struct's unknown fields.
//! Errors name the path of the field that failed (`at `data.userId`: ...`).
//!
//! Generated `decode` and `encode` are `#[inline]`: like derived serde code,
//! which is generic, they are compiled only into programs that use them, not
//! into this crate for every type.

use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The fields of a response that its spec does not describe, kept so that
/// re-encoding loses nothing. Reads like the `serde_json::Map` it wraps;
/// `Debug` shows `"***"` for values under keys that look secret (tokens,
/// secrets, passwords), which the spec would otherwise have marked.
#[derive(Clone, Default, PartialEq)]
pub struct UnknownFields(Map<String, Value>);

impl UnknownFields {
    /// The fields as a JSON map.
    pub fn into_inner(self) -> Map<String, Value> {
        self.0
    }
}

impl std::ops::Deref for UnknownFields {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for UnknownFields {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl From<Map<String, Value>> for UnknownFields {
    fn from(map: Map<String, Value>) -> Self {
        UnknownFields(map)
    }
}

impl std::fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        redacted_map(&self.0, f)
    }
}

fn redacted_map(map: &Map<String, Value>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    struct Redacted<'a>(&'a Value);
    impl std::fmt::Debug for Redacted<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self.0 {
                Value::Object(map) => redacted_map(map, f),
                Value::Array(items) => f.debug_list().entries(items.iter().map(Redacted)).finish(),
                scalar => std::fmt::Debug::fmt(scalar, f),
            }
        }
    }
    let mut out = f.debug_map();
    for (key, value) in map {
        if super::error::looks_secret(key) {
            out.entry(key, &"***");
        } else {
            out.entry(key, &Redacted(value));
        }
    }
    out.finish()
}

/// A struct decoded from the fields of a JSON object.
pub trait Decode: Sized {
    /// Takes the struct's fields out of `fields`; what is left is unknown.
    fn decode(fields: &mut Fields) -> Result<Self, serde_json::Error>;
}

/// A struct encoded as a JSON object.
pub trait Encode {
    /// Adds the struct's fields, in declaration order, to `entries`.
    fn encode<'a>(&'a self, entries: &mut Entries<'a>);
}

/// The fields of a JSON object being decoded.
///
/// Reading a field never fails: a field that is missing or does not decode
/// reads as `None` and its error is kept. [`Fields::error`] (once a required
/// field read as `None`) and [`Fields::finish`] return the first error kept.
/// Generated `decode` bodies so need no `?` per field, which the compiler
/// checks once per field: across thousands of structs that was seconds of
/// every build of the generated crate.
pub struct Fields {
    object: Map<String, Value>,
    error: Option<serde_json::Error>,
}

impl Fields {
    /// A field that must be present; `None` if it is missing or does not
    /// decode. Scalars of another JSON type convert when nothing is lost
    /// (spec drift, see [`super::decode::Drifting`]).
    pub fn required<T: DeserializeOwned>(&mut self, name: &str) -> Option<T> {
        self.required_with(name, super::decode::drifting::<T>)
    }

    /// A field that may be absent or `null`; `None` also if it does not
    /// decode. An explicit `null` is kept with the unknown fields, so that
    /// re-encoding writes it back.
    pub fn optional<T: DeserializeOwned>(&mut self, name: &str) -> Option<T> {
        self.optional_with(name, super::decode::drifting::<T>)
    }

    /// A required field read by `decode`, a lenient decoder from
    /// [`super::decode`] or `T::deserialize`.
    pub fn required_with<T>(
        &mut self,
        name: &str,
        decode: fn(Value) -> Result<T, serde_json::Error>,
    ) -> Option<T> {
        let value = self.take_required(name)?;
        self.read(name, value, decode)
    }

    /// An optional field read by `decode` (see [`Fields::required_with`]).
    pub fn optional_with<T>(
        &mut self,
        name: &str,
        decode: fn(Value) -> Result<T, serde_json::Error>,
    ) -> Option<T> {
        let value = self.take_optional(name)?;
        self.read(name, value, decode)
    }

    /// The first error kept, after a required field read as `None`.
    pub fn error(&mut self) -> serde_json::Error {
        self.error
            .take()
            .unwrap_or_else(|| serde_json::Error::custom("a required field did not decode"))
    }

    /// The fields no one took (the struct's unknown fields), or the first
    /// error kept.
    pub fn finish(&mut self) -> Result<UnknownFields, serde_json::Error> {
        match self.error.take() {
            Some(error) => Err(error),
            None => Ok(UnknownFields(std::mem::take(&mut self.object))),
        }
    }

    // The generic methods above stay small (they are copied for every
    // field type); the work is in these.

    fn read<T>(
        &mut self,
        name: &str,
        value: Value,
        decode: fn(Value) -> Result<T, serde_json::Error>,
    ) -> Option<T> {
        let mark = super::decode::drift_mark();
        let decoded = decode(value);
        super::decode::drift_within(mark, name);
        match decoded {
            Ok(value) => Some(value),
            Err(e) => {
                self.keep(at(name, &e));
                None
            }
        }
    }

    fn take_required(&mut self, name: &str) -> Option<Value> {
        let value = self.object.remove(name);
        if value.is_none() {
            self.keep(serde_json::Error::custom(format_args!(
                "missing field `{name}`"
            )));
        }
        value
    }

    fn take_optional(&mut self, name: &str) -> Option<Value> {
        match self.object.remove(name)? {
            Value::Null => {
                self.object.insert(name.to_owned(), Value::Null);
                None
            }
            value => Some(value),
        }
    }

    fn keep(&mut self, error: serde_json::Error) {
        self.error.get_or_insert(error);
    }
}

/// Prefixes an error with the field it happened in, joining nested paths.
fn at(name: &str, error: &serde_json::Error) -> serde_json::Error {
    let message = error.to_string();
    match message.strip_prefix("at `") {
        Some(rest) => serde_json::Error::custom(format_args!("at `{name}.{rest}")),
        None => serde_json::Error::custom(format_args!("at `{name}`: {message}")),
    }
}

/// The fields of a JSON object being encoded, in order.
pub struct Entries<'a>(Vec<(&'a str, &'a dyn erased_serde::Serialize)>);

impl<'a> Entries<'a> {
    /// A field that is always sent.
    pub fn required<T: Serialize>(&mut self, name: &'a str, value: &'a T) {
        self.0.push((name, value));
    }

    /// A field that is sent when set.
    pub fn optional<T: Serialize>(&mut self, name: &'a str, value: &'a Option<T>) {
        if let Some(value) = value {
            self.0.push((name, value));
        }
    }

    /// The unknown fields a decoded value kept (and the explicit `null`s of
    /// its optional fields), sent back unchanged; a field set since is sent
    /// once, with its value.
    pub fn unknown(&mut self, fields: &'a Map<String, Value>) {
        let declared = self.0.len();
        for (name, value) in fields {
            if !self.0[..declared].iter().any(|(n, _)| *n == name) {
                self.0.push((name, value));
            }
        }
    }
}

/// `Deserialize::deserialize` of a generated struct.
pub fn deserialize<'de, D: Deserializer<'de>, T: Decode>(deserializer: D) -> Result<T, D::Error> {
    let mut fields = Fields {
        object: Map::deserialize(deserializer)?,
        error: None,
    };
    match T::decode(&mut fields) {
        Ok(value) => Ok(value),
        Err(e) => Err(D::Error::custom(e)),
    }
}

/// `Serialize::serialize` of a generated struct (one copy per serializer,
/// not per struct).
pub fn serialize<S: Serializer>(value: &dyn Encode, serializer: S) -> Result<S::Ok, S::Error> {
    let mut entries = Entries(Vec::new());
    value.encode(&mut entries);
    let mut map = serializer.serialize_map(Some(entries.0.len()))?;
    for (name, value) in entries.0 {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

/// `serde::Serialize` for generated types that implement [`Encode`].
#[allow(unused_macros)] // unused while every service feature is off
macro_rules! impl_serialize {
    ($($ty:ty),+ $(,)?) => {$(
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::runtime::object::serialize(self as &dyn $crate::runtime::object::Encode, serializer)
            }
        }
    )+};
}

/// `serde::Deserialize` and `serde::Serialize` for generated types that
/// implement [`Decode`] and [`Encode`].
#[allow(unused_macros)] // unused while every service feature is off
macro_rules! impl_serde {
    ($($ty:ty),+ $(,)?) => {$(
        $crate::runtime::object::impl_serialize!($ty);
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::object::deserialize(deserializer)
            }
        }
    )+};
}

#[allow(unused_imports)] // unused while every service feature is off
pub(crate) use {impl_serde, impl_serialize};

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Inner {
        id: String,
        tags: Option<Vec<String>>,
        unknown: UnknownFields,
    }

    impl Decode for Inner {
        fn decode(f: &mut Fields) -> Result<Self, serde_json::Error> {
            let Some(id) = f.required("id") else {
                return Err(f.error());
            };
            Ok(Inner {
                id,
                tags: f.optional("tags"),
                unknown: f.finish()?,
            })
        }
    }

    impl Encode for Inner {
        fn encode<'a>(&'a self, e: &mut Entries<'a>) {
            e.required("id", &self.id);
            e.optional("tags", &self.tags);
            e.unknown(&self.unknown);
        }
    }

    #[derive(Debug, PartialEq)]
    struct Outer {
        count: i64,
        inner: Option<Vec<Inner>>,
        unknown: UnknownFields,
    }

    impl Decode for Outer {
        fn decode(f: &mut Fields) -> Result<Self, serde_json::Error> {
            let Some(count) = f.required("count") else {
                return Err(f.error());
            };
            Ok(Outer {
                count,
                inner: f.optional("inner"),
                unknown: f.finish()?,
            })
        }
    }

    impl Encode for Outer {
        fn encode<'a>(&'a self, e: &mut Entries<'a>) {
            e.required("count", &self.count);
            e.optional("inner", &self.inner);
            e.unknown(&self.unknown);
        }
    }

    impl_serde!(Inner, Outer);

    #[test]
    fn keeps_unknown_fields_and_field_order() {
        let json = r#"{"count":2,"inner":[{"id":"a","extra":true}],"zeta":null}"#;
        let outer: Outer = serde_json::from_str(json).unwrap();
        assert_eq!(outer.count, 2);
        let inner = &outer.inner.as_ref().unwrap()[0];
        assert_eq!((inner.id.as_str(), &inner.tags), ("a", &None));
        assert_eq!(inner.unknown.get("extra"), Some(&Value::Bool(true)));
        assert_eq!(outer.unknown.get("zeta"), Some(&Value::Null));
        // Declared fields first, in declaration order, then unknown ones.
        assert_eq!(serde_json::to_string(&outer).unwrap(), json);
    }

    #[test]
    fn debug_hides_secret_looking_unknown_fields() {
        let json = r#"{"count":1,"sessionToken":"t0k","meta":{"clientSecret":"s3c","ok":[{"password":"pw"}]},"plain":"shown"}"#;
        let outer: Outer = serde_json::from_str(json).unwrap();
        let text = format!("{outer:?}");
        for hidden in ["t0k", "s3c", "pw"] {
            assert!(!text.contains(hidden), "{text}");
        }
        assert!(
            text.contains("shown") && text.contains("sessionToken"),
            "{text}"
        );
        // The values themselves are kept and re-encoded.
        let again = serde_json::to_value(&outer).unwrap();
        assert_eq!(again, serde_json::from_str::<Value>(json).unwrap());
    }

    #[test]
    fn absent_stays_absent_and_null_stays_null() {
        let absent: Outer = serde_json::from_str(r#"{"count":1}"#).unwrap();
        assert_eq!(absent.inner, None);
        assert_eq!(serde_json::to_string(&absent).unwrap(), r#"{"count":1}"#);
        let mut null: Outer = serde_json::from_str(r#"{"count":1,"inner":null}"#).unwrap();
        assert_eq!(null.inner, None);
        assert_eq!(
            serde_json::to_string(&null).unwrap(),
            r#"{"count":1,"inner":null}"#
        );
        // Set since: sent once, with its value.
        null.inner = Some(vec![]);
        assert_eq!(
            serde_json::to_string(&null).unwrap(),
            r#"{"count":1,"inner":[]}"#
        );
    }

    #[test]
    fn scalars_of_another_type_convert_when_nothing_is_lost() {
        let (outer, drift) = super::super::decode::collect_drift(|| {
            serde_json::from_str::<Outer>(r#"{"count":"2","inner":[{"id":7,"tags":[1,true,"x"]}]}"#)
        });
        let outer = outer.unwrap();
        assert_eq!(outer.count, 2);
        let inner = &outer.inner.as_ref().unwrap()[0];
        assert_eq!(inner.id, "7");
        assert_eq!(
            inner.tags.as_deref(),
            Some(&["1".to_owned(), "true".to_owned(), "x".to_owned()][..])
        );
        assert_eq!(
            drift,
            vec![
                ("count".to_owned(), "a string or float for an integer"),
                ("inner.id".to_owned(), "another JSON type for a string"),
                ("inner.tags".to_owned(), "another JSON type for a string"),
            ]
        );
        // Re-encoding writes the spec's types.
        assert_eq!(
            serde_json::to_string(&outer).unwrap(),
            r#"{"count":2,"inner":[{"id":"7","tags":["1","true","x"]}]}"#
        );
        // What would lose something is still an error naming the path.
        let err = |json: &str| serde_json::from_str::<Outer>(json).unwrap_err().to_string();
        for (json, expected) in [
            (
                r#"{"count":"2.5"}"#,
                "at `count`: invalid type: string \"2.5\"",
            ),
            (
                r#"{"count":"007"}"#,
                "at `count`: invalid type: string \"007\"",
            ),
            (
                r#"{"count":2.5}"#,
                "at `count`: invalid type: floating point `2.5`",
            ),
            (
                r#"{"count":1,"inner":[{"id":{}}]}"#,
                "at `inner.id`: invalid type: map",
            ),
        ] {
            assert!(err(json).starts_with(expected), "{json}: {}", err(json));
        }
        // Outside a client call the conversions happen, but nothing is recorded.
        let (_, none) = super::super::decode::collect_drift(|| ());
        assert!(none.is_empty());
        assert_eq!(super::super::decode::drift_mark(), 0);
    }

    #[test]
    fn errors_name_the_path_of_the_field() {
        let err = |json: &str| serde_json::from_str::<Outer>(json).unwrap_err().to_string();
        assert!(
            err(r#"{}"#).starts_with("missing field `count`"),
            "{}",
            err("{}")
        );
        let nested = err(r#"{"count":1,"inner":[{"id":[7]}]}"#);
        assert!(
            nested.starts_with("at `inner.id`: invalid type: sequence, expected a string"),
            "{nested}"
        );
        let missing = err(r#"{"count":1,"inner":[{}]}"#);
        assert!(
            missing.starts_with("at `inner`: missing field `id`"),
            "{missing}"
        );
        let optional = err(r#"{"count":1,"inner":7}"#);
        assert!(
            optional.starts_with("at `inner`: invalid type: integer `7`"),
            "{optional}"
        );
        // Required fields are read first; the first error is the one reported.
        let both = err(r#"{"count":"x","inner":7}"#);
        assert!(
            both.starts_with("at `count`: invalid type: string"),
            "{both}"
        );
        let not_object = err(r#"[1]"#);
        assert!(not_object.contains("expected a map"), "{not_object}");
    }
}

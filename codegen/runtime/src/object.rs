//! Serde for generated structs through one shared decoder and encoder.
//!
//! `#[derive(Serialize, Deserialize)]` writes a visitor, a field enum and a
//! map loop for every struct, and the compiler checks each copy: with
//! thousands of types that was most of the crate's build time. Generated
//! structs instead list their fields once, in [`Decode`] and [`Encode`];
//! the code that walks JSON lives here, compiled once.
//!
//! Decoding streams: [`Fields`] reads the object's keys one by one, a
//! generated `decode` reads each known field's value straight into its slot
//! (no intermediate `serde_json::Value`), and the rest is kept as the
//! struct's unknown fields. Errors name the path of the field that failed
//! (`at `data.userId`: ...`), collected as the error unwinds and written
//! once, by the outermost generated type.
//!
//! Generated `decode` and `encode` are `#[inline]` or generic: like derived
//! serde code they are compiled only into programs that use them, not into
//! this crate for every type.

use std::cell::{Cell, RefCell};
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, Error as _, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::decode::{drift_mark, drift_within, DriftSeed, ListDecoder};

/// The fields of a response that its spec does not describe, kept so that
/// re-encoding loses nothing, numbers included (a 30-digit integer is sent
/// back digit for digit). Reads like the `serde_json::Map` it wraps;
/// `Debug` shows `"***"` for values under keys that look secret (tokens,
/// secrets, passwords), which the spec would otherwise have marked.
#[derive(Clone, Default)]
pub struct UnknownFields {
    map: Map<String, Value>,
    /// The exact text of values a `Value` cannot hold exactly (integers
    /// beyond 64 bits, numbers with more digits than an `f64` keeps).
    exact: Vec<(String, Box<RawValue>)>,
}

impl UnknownFields {
    /// The fields as a JSON map.
    pub fn into_inner(self) -> Map<String, Value> {
        self.map
    }

    /// Keeps a field read as raw JSON text (the exact text too, when a
    /// `Value` would round a number in it).
    fn insert_raw(&mut self, key: String, raw: Box<RawValue>) {
        // A number beyond `f64`'s range (`1e400`) is valid JSON that a
        // `Value` refuses: it reads as `null` and is sent back as it came.
        let (value, exact) = match serde_json::from_str(raw.get()) {
            Ok(value) => (value, has_long_number(raw.get())),
            Err(_) => (Value::Null, true),
        };
        self.exact.retain(|(k, _)| *k != key);
        if exact {
            self.exact.push((key.clone(), raw));
        }
        self.map.insert(key, value);
    }

    /// The exact text kept for `key`, if a `Value` would round it.
    fn exact(&self, key: &str) -> Option<&RawValue> {
        self.exact
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, raw)| &**raw)
    }
}

/// Whether `json` has a run of 16 or more digits: a number an `f64` or a
/// 64-bit integer may not hold exactly (a string with one is kept too,
/// harmlessly).
fn has_long_number(json: &str) -> bool {
    let mut run = 0;
    json.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run >= 16
    })
}

impl PartialEq for UnknownFields {
    fn eq(&self, other: &Self) -> bool {
        fn exact(u: &UnknownFields) -> Vec<(&str, &str)> {
            let mut e: Vec<(&str, &str)> =
                u.exact.iter().map(|(k, r)| (k.as_str(), r.get())).collect();
            e.sort_unstable();
            e
        }
        self.map == other.map && exact(self) == exact(other)
    }
}

impl std::ops::Deref for UnknownFields {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl From<Map<String, Value>> for UnknownFields {
    fn from(map: Map<String, Value>) -> Self {
        UnknownFields {
            map,
            exact: Vec::new(),
        }
    }
}

impl std::fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        redacted_map(&self.map, f)
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
    /// The wire names of the struct's fields, in declaration order; a
    /// field's index here is what [`Fields::next`] returns for it.
    const FIELDS: &'static [&'static str];

    /// Reads the struct from `fields`: for each field [`Fields::next`]
    /// names, its value into a slot; what is not a field is kept unknown.
    fn decode<'de, A: MapAccess<'de>>(fields: Fields<'de, A>) -> Result<Self, A::Error>;
}

/// A struct encoded as a JSON object.
pub trait Encode {
    /// Writes the struct's fields, in declaration order, to `entries`.
    fn encode<'a, M: SerializeMap>(&'a self, entries: &mut Entries<'a, M>);
}

/// The fields of a JSON object being decoded, read as they come.
///
/// Reading a value never returns an error directly: the first one is kept
/// and the next [`Fields::next`] returns it, so a generated `decode` needs
/// one `?` in all, not one per field (the compiler checks each: across
/// thousands of structs that was seconds of every build).
pub struct Fields<'de, A: MapAccess<'de>> {
    map: A,
    names: &'static [&'static str],
    /// The field read last; the next one is looked for after it first.
    current: usize,
    /// Fields read so far, by index (the first 128).
    seen: u128,
    error: Option<A::Error>,
    unknown: UnknownFields,
    marker: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Fields<'de, A> {
    /// The index in [`Decode::FIELDS`] of the next field of the object, or
    /// `None` at its end; keys that name no field are kept as unknown.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<usize>, A::Error> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        loop {
            let key = self.map.next_key_seed(KeySeed {
                names: self.names,
                hint: self.current.wrapping_add(1),
            })?;
            match key {
                None => return Ok(None),
                Some(Key::Field(i)) => {
                    let bit = 1u128.checked_shl(i as u32).unwrap_or(0);
                    if self.seen & bit != 0 {
                        return Err(A::Error::custom(format_args!(
                            "duplicate field `{}`",
                            self.names[i]
                        )));
                    }
                    self.seen |= bit;
                    self.current = i;
                    return Ok(Some(i));
                }
                Some(Key::Other(name)) => {
                    let raw: Box<RawValue> = self.map.next_value()?;
                    self.unknown.insert_raw(name, raw);
                }
            }
        }
    }

    /// Reads the value of the field [`Fields::next`] returned, which must
    /// not be `null`. Scalars of another JSON type convert when nothing is
    /// lost (spec drift, see [`super::decode::Drifting`]).
    pub fn required<T: DeserializeOwned>(&mut self, slot: &mut Option<T>) {
        let mark = drift_mark();
        let value = self.map.next_value_seed(DriftSeed(PhantomData));
        *slot = self.settle(mark, value);
    }

    /// Reads the value of an optional field; an explicit `null` leaves the
    /// slot empty and is kept with the unknown fields, so that re-encoding
    /// writes it back.
    pub fn optional<T: DeserializeOwned>(&mut self, slot: &mut Option<T>) {
        let mark = drift_mark();
        let value = self
            .map
            .next_value_seed(DriftSeed::<Option<T>>(PhantomData));
        match self.settle(mark, value) {
            Some(Some(value)) => *slot = Some(value),
            Some(None) => {
                let name = self.names[self.current].to_owned();
                self.unknown.map.insert(name, Value::Null);
            }
            None => {}
        }
    }

    /// Reads a required list field with a lenient decoder from
    /// [`super::decode`], which looks at how the value starts first.
    pub fn required_with<T: DeserializeOwned, L: ListDecoder>(
        &mut self,
        slot: &mut Option<Vec<T>>,
        _decoder: L,
    ) {
        let mark = drift_mark();
        let value = self.map.next_value_seed(ListSeed::<L, T>(PhantomData));
        *slot = self.settle(mark, value);
    }

    /// [`Fields::required_with`] for an optional field.
    pub fn optional_with<T: DeserializeOwned, L: ListDecoder>(
        &mut self,
        slot: &mut Option<Vec<T>>,
        _decoder: L,
    ) {
        let mark = drift_mark();
        let value = self
            .map
            .next_value_seed(ListSeed::<L, T>(PhantomData).nullable());
        match self.settle(mark, value) {
            Some(Some(value)) => *slot = Some(value),
            Some(None) => {
                let name = self.names[self.current].to_owned();
                self.unknown.map.insert(name, Value::Null);
            }
            None => {}
        }
    }

    /// Keeps the value of the field [`Fields::next`] returned with the
    /// unknown fields, exactly as it came, instead of reading it.
    pub fn keep(&mut self) {
        match self.map.next_value::<Box<RawValue>>() {
            Ok(raw) => {
                let name = self.names[self.current].to_owned();
                self.unknown.insert_raw(name, raw);
            }
            Err(error) => {
                self.error.get_or_insert(error);
            }
        }
    }

    /// The error for required fields that were not read: the first of
    /// `required` (indices into [`Decode::FIELDS`]) the object lacked.
    pub fn missing(&mut self, required: &[usize]) -> A::Error {
        if let Some(error) = self.error.take() {
            return error;
        }
        let lacking = required
            .iter()
            .find(|i| self.seen & 1u128.checked_shl(**i as u32).unwrap_or(0) == 0)
            .and_then(|i| self.names.get(*i));
        match lacking {
            Some(name) => A::Error::custom(format_args!("missing field `{name}`")),
            None => A::Error::custom("a required field is missing"),
        }
    }

    /// The fields that were not the struct's own.
    pub fn finish(self) -> UnknownFields {
        self.unknown
    }

    // The generic methods above stay small (they are copied for every
    // field type); the work is in these.

    /// A read value, or `None` with its error kept and the field's name
    /// added to the error's path; drift recorded meanwhile is put under
    /// the field's name.
    fn settle<T>(&mut self, mark: usize, value: Result<T, A::Error>) -> Option<T> {
        let name = self.names[self.current];
        drift_within(mark, name);
        match value {
            Ok(value) => Some(value),
            Err(error) => {
                ERROR_PATH.with(|p| p.borrow_mut().push(name));
                self.error.get_or_insert(error);
                None
            }
        }
    }
}

/// A key: the index of a field, or another name.
enum Key {
    Field(usize),
    Other(String),
}

struct KeySeed {
    names: &'static [&'static str],
    hint: usize,
}

impl KeySeed {
    fn key(&self, name: &str) -> Option<Key> {
        // Servers mostly send fields in one order: try the one after the
        // field read last before searching.
        if self.names.get(self.hint) == Some(&name) {
            return Some(Key::Field(self.hint));
        }
        self.names.iter().position(|n| *n == name).map(Key::Field)
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(self
            .key(name)
            .unwrap_or_else(|| Key::Other(name.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, name: String) -> Result<Key, E> {
        Ok(self.key(&name).unwrap_or(Key::Other(name)))
    }
}

/// Reads a list field's value with the decoder `L`.
struct ListSeed<L, T>(PhantomData<(L, T)>);

impl<L, T> ListSeed<L, T> {
    /// The same, where `null` reads as `None`.
    fn nullable(self) -> Nullable<Self> {
        Nullable(self)
    }
}

impl<'de, L: ListDecoder, T: DeserializeOwned> DeserializeSeed<'de> for ListSeed<L, T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        L::read(deserializer)
    }
}

/// A seed whose value may be `null` (`None`).
struct Nullable<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Nullable<S> {
    type Value = Option<S::Value>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Nullable<S> {
    type Value = Option<S::Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(deserializer).map(Some)
    }
}

thread_local! {
    /// How many generated structs are being decoded on this thread, one
    /// inside the other.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    /// The fields an error happened in, innermost first.
    static ERROR_PATH: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Counts a struct being decoded; the outermost one's guard clears a path
/// left over (by a panic, or a caller that discarded an error).
struct Depth(usize);

impl Depth {
    fn enter() -> Depth {
        let depth = DEPTH.with(|d| d.replace(d.get() + 1));
        if depth == 0 {
            ERROR_PATH.with(|p| p.borrow_mut().clear());
        }
        Depth(depth)
    }
}

impl Drop for Depth {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(self.0));
    }
}

/// `Deserialize::deserialize` of a generated struct.
pub fn deserialize<'de, D: Deserializer<'de>, T: Decode>(deserializer: D) -> Result<T, D::Error> {
    let depth = Depth::enter();
    let decoded = deserializer.deserialize_map(StructVisitor::<T>(PhantomData));
    match decoded {
        Err(error) if depth.0 == 0 => {
            let path = ERROR_PATH.with(|p| std::mem::take(&mut *p.borrow_mut()));
            if path.is_empty() {
                return Err(error);
            }
            let path: Vec<&str> = path.into_iter().rev().collect();
            Err(D::Error::custom(format_args!(
                "at `{}`: {error}",
                path.join(".")
            )))
        }
        decoded => decoded,
    }
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: Decode> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::decode(Fields {
            map,
            names: T::FIELDS,
            current: usize::MAX,
            seen: 0,
            error: None,
            unknown: UnknownFields::default(),
            marker: PhantomData,
        })
    }
}

/// The fields of a JSON object being encoded, written as they are given.
///
/// Writing never returns an error directly: the first one is kept and
/// returned at the end, so a generated `encode` has no `?` per field.
pub struct Entries<'a, M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
    /// The unknown fields, written after the declared ones.
    unknown: Option<&'a UnknownFields>,
    /// Declared fields written that also have an unknown entry (an explicit
    /// `null` kept by decoding, set since): the unknown entry is not written.
    set_since: Vec<&'a str>,
}

impl<'a, M: SerializeMap> Entries<'a, M> {
    /// A field that is always sent.
    pub fn required<T: Serialize + ?Sized>(&mut self, name: &'a str, value: &T) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(name, value) {
                self.error = Some(error);
            }
        }
    }

    /// A field that is sent when set.
    pub fn optional<T: Serialize>(&mut self, name: &'a str, value: &Option<T>) {
        if let Some(value) = value {
            self.required(name, value);
            if self
                .unknown
                .is_some_and(|u| !u.map.is_empty() && u.map.contains_key(name))
            {
                self.set_since.push(name);
            }
        }
    }

    /// The unknown fields a decoded value kept (and the explicit `null`s of
    /// its optional fields), sent back unchanged after the declared ones; a
    /// field set since is sent once, with its value. Given first.
    pub fn unknown(&mut self, fields: &'a UnknownFields) {
        self.unknown = Some(fields);
    }

    fn end(mut self) -> Result<M::Ok, M::Error> {
        for (name, value) in self.unknown.map(|u| &u.map).into_iter().flatten() {
            if self.error.is_some() || self.set_since.contains(&name.as_str()) {
                continue;
            }
            let written = match self.unknown.and_then(|u| u.exact(name)) {
                Some(raw) => self.map.serialize_entry(name, raw),
                None => self.map.serialize_entry(name, value),
            };
            if let Err(error) = written {
                self.error = Some(error);
            }
        }
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

/// `Serialize::serialize` of a generated struct.
pub fn serialize<S: Serializer, T: Encode>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut entries = Entries {
        map: serializer.serialize_map(None)?,
        error: None,
        unknown: None,
        set_since: Vec::new(),
    };
    value.encode(&mut entries);
    entries.end()
}

/// `serde::Serialize` for generated types that implement [`Encode`].
#[doc(hidden)]
#[macro_export]
macro_rules! impl_serialize {
    ($($ty:ty),+ $(,)?) => {$(
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::object::serialize(self, serializer)
            }
        }
    )+};
}

/// `serde::Deserialize` and `serde::Serialize` for generated types that
/// implement [`Decode`] and [`Encode`].
#[doc(hidden)]
#[macro_export]
macro_rules! impl_serde {
    ($($ty:ty),+ $(,)?) => {$(
        $crate::impl_serialize!($ty);
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::object::deserialize(deserializer)
            }
        }
    )+};
}

pub use crate::{impl_serde, impl_serialize};

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
        const FIELDS: &'static [&'static str] = &["id", "tags"];
        fn decode<'de, A: MapAccess<'de>>(mut f: Fields<'de, A>) -> Result<Self, A::Error> {
            let (mut id, mut tags) = (None, None);
            while let Some(i) = f.next()? {
                match i {
                    0 => f.required(&mut id),
                    1 => f.optional(&mut tags),
                    _ => {}
                }
            }
            let Some(id) = id else {
                return Err(f.missing(&[0]));
            };
            Ok(Inner {
                id,
                tags,
                unknown: f.finish(),
            })
        }
    }

    impl Encode for Inner {
        fn encode<'a, M: SerializeMap>(&'a self, e: &mut Entries<'a, M>) {
            e.unknown(&self.unknown);
            e.required("id", &self.id);
            e.optional("tags", &self.tags);
        }
    }

    #[derive(Debug, PartialEq)]
    struct Outer {
        count: i64,
        inner: Option<Vec<Inner>>,
        unknown: UnknownFields,
    }

    impl Decode for Outer {
        const FIELDS: &'static [&'static str] = &["count", "inner"];
        fn decode<'de, A: MapAccess<'de>>(mut f: Fields<'de, A>) -> Result<Self, A::Error> {
            let (mut count, mut inner) = (None, None);
            while let Some(i) = f.next()? {
                match i {
                    0 => f.required(&mut count),
                    1 => f.optional(&mut inner),
                    _ => {}
                }
            }
            let Some(count) = count else {
                return Err(f.missing(&[0]));
            };
            Ok(Outer {
                count,
                inner,
                unknown: f.finish(),
            })
        }
    }

    impl Encode for Outer {
        fn encode<'a, M: SerializeMap>(&'a self, e: &mut Entries<'a, M>) {
            e.unknown(&self.unknown);
            e.required("count", &self.count);
            e.optional("inner", &self.inner);
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
    fn unknown_numbers_are_sent_back_digit_for_digit() {
        let json = r#"{"count":1,"big":123456789012345678901234567890,"exact":[0.1000000000000000055511151231257827,-98765432109876543210],"huge":1e400,"small":7}"#;
        let outer: Outer = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&outer).unwrap(), json);
        // Read as a map, the values are what `serde_json::Value` holds.
        assert!(outer.unknown["big"].is_number());
        assert_eq!(outer.unknown["small"], 7);
        assert!(outer.unknown["huge"].is_null());
        // Through a `Value` the digits would be lost, and `1e400` refused:
        // the exact text is what keeps them.
        assert!(serde_json::from_str::<Value>(json).is_err());
        let without_huge = json.replace(r#""huge":1e400,"#, "");
        let through_value: Value = serde_json::from_str(&without_huge).unwrap();
        assert_ne!(through_value.to_string(), without_huge);
    }

    #[test]
    fn fields_are_read_in_any_order_once() {
        let outer: Outer =
            serde_json::from_str(r#"{"x":1,"inner":[{"tags":["t"],"id":"a"}],"count":3}"#).unwrap();
        assert_eq!(outer.count, 3);
        assert_eq!(outer.inner.as_ref().unwrap()[0].id, "a");
        assert_eq!(outer.unknown["x"], 1);
        let twice = serde_json::from_str::<Outer>(r#"{"count":1,"count":2}"#).unwrap_err();
        assert!(
            twice.to_string().contains("duplicate field `count`"),
            "{twice}"
        );
        // A `serde_json::Value` decodes the same way as text.
        let value = serde_json::json!({"inner": [{"id": "b", "more": true}], "count": 2});
        let from_value: Outer = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&from_value).unwrap(), value);
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

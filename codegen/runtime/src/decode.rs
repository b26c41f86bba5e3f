//! Lenient decoders for fields whose documents contradict themselves, and
//! the tolerance every field has for spec drift.
//!
//! A field's `decode:` in the spec picks one of the list decoders below,
//! next to a note saying why; [`super::object::Fields`] reads the field's
//! value with it. The shape is picked by what the value starts with, so an
//! item that fails to decode reports its own error. Encoding is never
//! lenient: the documented shape is what is sent.
//!
//! Every other field is read through [`Drifting`]: a scalar of another JSON
//! type than the spec's (a number for a string, `"12"` for an integer,
//! `"true"` for a boolean, `3.0` for an integer, in lists too) is converted
//! when the conversion loses nothing, and the field's path is recorded as
//! spec drift; the client logs it once per response. A value that cannot
//! convert fails as before, with the same message.

use std::cell::RefCell;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Error, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

/// How a list field whose documents contradict themselves is read: its
/// spec's `decode:` names one of the implementations below.
pub trait ListDecoder {
    /// Reads the list from the field's value, items through [`Drifting`].
    fn read<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error>;
}

/// A list that may also arrive as a single item.
pub struct OneOrMany;

/// A list that may also arrive as a string holding the JSON-encoded list.
pub struct JsonString;

impl ListDecoder for OneOrMany {
    fn read<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_any(Lenient::<T> {
            one: true,
            marker: std::marker::PhantomData,
        })
    }
}

impl ListDecoder for JsonString {
    fn read<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_any(Lenient::<T> {
            one: false,
            marker: std::marker::PhantomData,
        })
    }
}

/// Reads a list, or (`one`) a single item as a list of one, or (not `one`)
/// a string holding the JSON list.
struct Lenient<T> {
    one: bool,
    marker: std::marker::PhantomData<T>,
}

impl<T: DeserializeOwned> Lenient<T> {
    /// A single scalar item, or the JSON list a string holds.
    fn other<E: Error>(self, value: Value) -> Result<Vec<T>, E> {
        match (self.one, value) {
            (true, item) => Ok(vec![drifting(item).map_err(E::custom)?]),
            (false, Value::String(text)) => serde_json::from_str::<Value>(&text)
                .and_then(drifting)
                .map_err(|e| E::custom(format_args!("a string that should hold a JSON list: {e}"))),
            (false, other) => drifting(other).map_err(E::custom),
        }
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Lenient<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(if self.one {
            "a list or one item"
        } else {
            "a list or a string holding one"
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(DriftSeed::<T>(std::marker::PhantomData))? {
            items.push(item);
        }
        Ok(items)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
        if !self.one {
            return Err(A::Error::invalid_type(de::Unexpected::Map, &self));
        }
        let item = T::deserialize(Drifting(de::value::MapAccessDeserializer::new(map)))?;
        Ok(vec![item])
    }

    fn visit_bool<E: Error>(self, v: bool) -> Result<Vec<T>, E> {
        self.other(Value::from(v))
    }
    fn visit_i64<E: Error>(self, v: i64) -> Result<Vec<T>, E> {
        self.other(Value::from(v))
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<Vec<T>, E> {
        self.other(Value::from(v))
    }
    fn visit_f64<E: Error>(self, v: f64) -> Result<Vec<T>, E> {
        self.other(Value::from(v))
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<Vec<T>, E> {
        self.other(Value::from(v))
    }
    fn visit_unit<E: Error>(self) -> Result<Vec<T>, E> {
        self.other(Value::Null)
    }
}

/// Most paths of drifting fields kept per response; more are dropped.
const MAX_DRIFT: usize = 1024;

thread_local! {
    /// `(path, what)` of the fields converted while a [`collect_drift`]
    /// runs on this thread; `None` outside one (nothing is kept).
    static DRIFT: RefCell<Option<Vec<(String, &'static str)>>> = const { RefCell::new(None) };
}

/// Runs `decode`, returning what it returned and the distinct drifting
/// paths, sorted (the paths carry no list indices).
pub(crate) fn collect_drift<T>(decode: impl FnOnce() -> T) -> (T, Vec<(String, &'static str)>) {
    let outer = DRIFT.with(|d| d.replace(Some(Vec::new())));
    let value = decode();
    let mut drift = DRIFT.with(|d| d.replace(outer)).unwrap_or_default();
    drift.sort();
    drift.dedup();
    (value, drift)
}

/// How many drift records there are now (0 outside [`collect_drift`]).
pub(crate) fn drift_mark() -> usize {
    DRIFT.with(|d| d.borrow().as_ref().map_or(0, Vec::len))
}

/// Prefixes the records made since `mark` with the field `name`.
pub(crate) fn drift_within(mark: usize, name: &str) {
    DRIFT.with(|d| {
        if let Some(records) = d.borrow_mut().as_mut() {
            for (path, _) in records.iter_mut().skip(mark) {
                *path = if path.is_empty() {
                    name.to_owned()
                } else {
                    format!("{name}.{path}")
                };
            }
        }
    });
}

fn record_drift(what: &'static str) {
    DRIFT.with(|d| {
        if let Some(records) = d.borrow_mut().as_mut() {
            if records.len() < MAX_DRIFT {
                records.push((String::new(), what));
            }
        }
    });
}

/// Decodes `T` from `value`, converting scalars of another JSON type
/// without loss (see the module's documentation).
pub fn drifting<T: DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    T::deserialize(Drifting(value))
}

/// Reads `T` through [`Drifting`], as a map entry's value.
pub(crate) struct DriftSeed<T>(pub std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for DriftSeed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize(Drifting(deserializer))
    }
}

/// A deserializer that reads a scalar of another JSON type as the type asks
/// for, where it converts without loss, in lists and options too. Objects
/// are passed through unchanged: a generated struct reads each of its fields
/// through `Drifting` itself.
pub struct Drifting<D>(pub D);

/// The JSON value kinds a conversion starts from, for the drift record.
const FOR_STRING: &str = "another JSON type for a string";
const FOR_BOOL: &str = "a string for a boolean";
const FOR_INTEGER: &str = "a string or float for an integer";
const FOR_FLOAT: &str = "a string for a number";

/// A visitor that converts what the input has into what `V` asks for.
struct Convert<V> {
    visitor: V,
    into: Asked,
}

/// The scalar type the visitor asks for.
#[derive(Clone, Copy)]
enum Asked {
    String,
    Bool,
    Integer,
    Float,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Convert<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_bool<E: Error>(self, v: bool) -> Result<V::Value, E> {
        match self.into {
            Asked::String => {
                record_drift(FOR_STRING);
                self.visitor.visit_string(v.to_string())
            }
            _ => self.visitor.visit_bool(v),
        }
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<V::Value, E> {
        match self.into {
            Asked::String => {
                record_drift(FOR_STRING);
                self.visitor.visit_string(v.to_string())
            }
            _ => self.visitor.visit_i64(v),
        }
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<V::Value, E> {
        match self.into {
            Asked::String => {
                record_drift(FOR_STRING);
                self.visitor.visit_string(v.to_string())
            }
            _ => self.visitor.visit_u64(v),
        }
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<V::Value, E> {
        match self.into {
            Asked::String => match serde_json::Number::from_f64(v) {
                Some(n) => {
                    record_drift(FOR_STRING);
                    self.visitor.visit_string(n.to_string())
                }
                None => self.visitor.visit_f64(v),
            },
            Asked::Integer if v.fract() == 0.0 && v.abs() < 9.0e15 => {
                record_drift(FOR_INTEGER);
                self.visitor.visit_i64(v as i64)
            }
            _ => self.visitor.visit_f64(v),
        }
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<V::Value, E> {
        match self.into {
            Asked::Bool if v == "true" || v == "false" => {
                record_drift(FOR_BOOL);
                self.visitor.visit_bool(v == "true")
            }
            Asked::Integer => {
                if let Some(i) = v.parse::<i64>().ok().filter(|i| i.to_string() == v) {
                    record_drift(FOR_INTEGER);
                    self.visitor.visit_i64(i)
                } else if let Some(u) = v.parse::<u64>().ok().filter(|u| u.to_string() == v) {
                    record_drift(FOR_INTEGER);
                    self.visitor.visit_u64(u)
                } else {
                    self.visitor.visit_str(v)
                }
            }
            Asked::Float => match v.parse::<f64>().ok().filter(|f| f.is_finite()) {
                Some(f) => {
                    record_drift(FOR_FLOAT);
                    self.visitor.visit_f64(f)
                }
                None => self.visitor.visit_str(v),
            },
            _ => self.visitor.visit_str(v),
        }
    }

    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<V::Value, E> {
        match self.into {
            Asked::String => self.visitor.visit_borrowed_str(v),
            _ => self.visit_str(v),
        }
    }

    fn visit_string<E: Error>(self, v: String) -> Result<V::Value, E> {
        match self.into {
            Asked::String => self.visitor.visit_string(v),
            _ => self.visit_str(&v),
        }
    }

    fn visit_unit<E: Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_none<E: Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_seq(seq)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(map)
    }
}

macro_rules! converting {
    ($($method:ident => $into:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.0.deserialize_any(Convert { visitor, into: Asked::$into })
        }
    )*};
}

macro_rules! forwarding {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.0.$method(visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Drifting<D> {
    type Error = D::Error;

    converting! {
        deserialize_str => String;
        deserialize_string => String;
        deserialize_bool => Bool;
        deserialize_i8 => Integer;
        deserialize_i16 => Integer;
        deserialize_i32 => Integer;
        deserialize_i64 => Integer;
        deserialize_u8 => Integer;
        deserialize_u16 => Integer;
        deserialize_u32 => Integer;
        deserialize_u64 => Integer;
        deserialize_f32 => Float;
        deserialize_f64 => Float;
    }

    forwarding! {
        deserialize_any deserialize_i128 deserialize_u128 deserialize_char deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_map deserialize_identifier
        deserialize_ignored_any
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_option(Somes(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_seq(Lists(visitor))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// An option's visitor whose value is read through [`Drifting`].
struct Somes<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Somes<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.0.expecting(f)
    }

    fn visit_none<E: Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Drifting(d))
    }
}

/// A list's visitor whose items are read through [`Drifting`].
struct Lists<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Lists<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.0.expecting(f)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Items(seq))
    }

    // Anything but a list is the visitor's own error.
    fn visit_bool<E: Error>(self, v: bool) -> Result<V::Value, E> {
        self.0.visit_bool(v)
    }
    fn visit_i64<E: Error>(self, v: i64) -> Result<V::Value, E> {
        self.0.visit_i64(v)
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<V::Value, E> {
        self.0.visit_u64(v)
    }
    fn visit_f64<E: Error>(self, v: f64) -> Result<V::Value, E> {
        self.0.visit_f64(v)
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<V::Value, E> {
        self.0.visit_str(v)
    }
    fn visit_unit<E: Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(map)
    }
}

/// The items of a list, each read through [`Drifting`].
struct Items<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Items<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        self.0.next_element_seed(ItemSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

struct ItemSeed<T>(T);

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for ItemSeed<T> {
    type Value = T::Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T::Value, D::Error> {
        self.0.deserialize(Drifting(deserializer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one_or_many<T: DeserializeOwned>(value: Value) -> Result<Vec<T>, serde_json::Error> {
        OneOrMany::read(value)
    }

    fn json_string<T: DeserializeOwned>(value: Value) -> Result<Vec<T>, serde_json::Error> {
        JsonString::read(value)
    }

    #[test]
    fn accepts_both_shapes() {
        assert_eq!(one_or_many::<u8>(json!(1)).unwrap(), vec![1]);
        assert_eq!(one_or_many::<u8>(json!([1, 2])).unwrap(), vec![1, 2]);
        assert_eq!(json_string::<String>(json!("[\"x\"]")).unwrap(), vec!["x"]);
        assert_eq!(json_string::<String>(json!(["y"])).unwrap(), vec!["y"]);
        // From text, streamed, as a client reads them.
        let mut de = serde_json::Deserializer::from_str(r#"{"a":1}"#);
        let one: Vec<std::collections::BTreeMap<String, u8>> = OneOrMany::read(&mut de).unwrap();
        assert_eq!(one.len(), 1);
        let mut de = serde_json::Deserializer::from_str(r#""[3,4]""#);
        assert_eq!(JsonString::read::<_, u8>(&mut de).unwrap(), vec![3, 4]);
    }

    #[test]
    fn drifting_scalars_convert_only_without_loss() {
        let (values, drift) = collect_drift(|| {
            (
                drifting::<bool>(json!("true")).unwrap(),
                drifting::<i64>(json!("-12")).unwrap(),
                drifting::<u64>(json!("18446744073709551615")).unwrap(),
                drifting::<i32>(json!(3.0)).unwrap(),
                drifting::<f64>(json!("1.5")).unwrap(),
                drifting::<String>(json!(false)).unwrap(),
                drifting::<Vec<String>>(json!([1, 2])).unwrap(),
                drifting::<Option<i64>>(json!("4")).unwrap(),
            )
        });
        assert_eq!(
            values,
            (
                true,
                -12,
                u64::MAX,
                3,
                1.5,
                "false".into(),
                vec!["1".into(), "2".into()],
                Some(4)
            )
        );
        assert_eq!(drift.len(), 4, "distinct (path, what): {drift:?}");
        for lossy in [json!("yes"), json!(1), json!("TRUE")] {
            assert!(drifting::<bool>(lossy).is_err());
        }
        for lossy in [
            json!("1e3"),
            json!("+1"),
            json!(" 1"),
            json!(1.5),
            json!("99999999999999999999"),
        ] {
            assert!(drifting::<i64>(lossy.clone()).is_err(), "{lossy}");
        }
        assert!(drifting::<f64>(json!("NaN")).is_err());
        assert!(drifting::<String>(json!({"a": 1})).is_err());
        // Values of the right type are read as they are, and nothing is recorded.
        let (_, none) = collect_drift(|| drifting::<Vec<i64>>(json!([1, 2])).unwrap());
        assert!(none.is_empty());
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

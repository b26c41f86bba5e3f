//! Lenient decoders for fields whose documents contradict themselves, and
//! the tolerance every field has for spec drift.
//!
//! A field's `decode:` in the spec picks one of the list decoders below,
//! next to a note saying why; [`super::object::Fields`] calls it with the
//! field's JSON value. The shape is picked by looking at the value, so an
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
use serde::forward_to_deserialize_any;
use serde_json::Value;

/// A list that may also arrive as a single item.
pub fn one_or_many<T: DeserializeOwned>(value: Value) -> Result<Vec<T>, serde_json::Error> {
    match value {
        Value::Array(_) => drifting(value),
        item => Ok(vec![drifting(item)?]),
    }
}

/// A list that may also arrive as a string holding the JSON-encoded list.
pub fn json_string<T: DeserializeOwned>(value: Value) -> Result<Vec<T>, serde_json::Error> {
    match value {
        Value::String(text) => serde_json::from_str::<Value>(&text)
            .and_then(drifting)
            .map_err(|e| {
                serde_json::Error::custom(format_args!(
                    "a string that should hold a JSON list: {e}"
                ))
            }),
        list => drifting(list),
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

/// A JSON value read as the type asks for, where it converts without loss.
pub struct Drifting(pub Value);

impl Drifting {
    /// The integer a string or an integral float holds exactly.
    fn integer(&self) -> Option<Value> {
        match &self.0 {
            Value::String(s) => {
                if let Ok(i) = s.parse::<i64>() {
                    (i.to_string() == *s).then(|| Value::from(i))
                } else {
                    let u = s.parse::<u64>().ok()?;
                    (u.to_string() == *s).then(|| Value::from(u))
                }
            }
            Value::Number(n) if !n.is_i64() && !n.is_u64() => {
                let f = n.as_f64()?;
                (f.fract() == 0.0 && f.abs() < 9.0e15).then(|| Value::from(f as i64))
            }
            _ => None,
        }
    }

    fn float(&self) -> Option<Value> {
        match &self.0 {
            Value::String(s) => s
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number)),
            _ => None,
        }
    }

    fn string(&self) -> Option<Value> {
        match &self.0 {
            Value::Number(n) => Some(Value::String(n.to_string())),
            Value::Bool(b) => Some(Value::String(b.to_string())),
            _ => None,
        }
    }

    fn boolean(&self) -> Option<Value> {
        match &self.0 {
            Value::String(s) if s == "true" => Some(Value::Bool(true)),
            Value::String(s) if s == "false" => Some(Value::Bool(false)),
            _ => None,
        }
    }

    /// The value converted by `convert` (recorded as drift) or as it is.
    fn into_value(self, convert: fn(&Self) -> Option<Value>, what: &'static str) -> Value {
        match convert(&self) {
            Some(converted) => {
                record_drift(what);
                converted
            }
            None => self.0,
        }
    }
}

macro_rules! converting {
    ($($method:ident => $convert:ident, $what:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.into_value(Drifting::$convert, $what).$method(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for Drifting {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_any(visitor)
    }

    converting! {
        deserialize_str => string, "another JSON type for a string";
        deserialize_string => string, "another JSON type for a string";
        deserialize_bool => boolean, "a string for a boolean";
        deserialize_i8 => integer, "a string or float for an integer";
        deserialize_i16 => integer, "a string or float for an integer";
        deserialize_i32 => integer, "a string or float for an integer";
        deserialize_i64 => integer, "a string or float for an integer";
        deserialize_u8 => integer, "a string or float for an integer";
        deserialize_u16 => integer, "a string or float for an integer";
        deserialize_u32 => integer, "a string or float for an integer";
        deserialize_u64 => integer, "a string or float for an integer";
        deserialize_f32 => float, "a string for a number";
        deserialize_f64 => float, "a string for a number";
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            value => visitor.visit_some(Drifting(value)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Array(items) => {
                let len = items.len();
                let mut seq = Items(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                match seq.0.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::invalid_length(len, &"fewer elements in array")),
                }
            }
            other => other.deserialize_seq(visitor),
        }
    }

    forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit unit_struct tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The items of a list, each read through [`Drifting`].
struct Items(std::vec::IntoIter<Value>);

impl<'de> SeqAccess<'de> for Items {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        match self.0.next() {
            Some(value) => seed.deserialize(Drifting(value)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
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

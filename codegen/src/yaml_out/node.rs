//! A value as its `Serialize` impl describes it, with the struct names that
//! decide how `yaml_out` writes it.

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

/// A serialized value.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Absent (`None`, `()`): left out of a struct, empty in a mapping.
    Null,
    /// A string, written plain where that reads back as the same string.
    Str(String),
    /// A number or boolean, written as it is.
    Plain(String),
    Seq(Vec<Node>),
    /// A struct (with its name) or a mapping (without).
    Map(Option<&'static str>, Vec<(Node, Node)>),
}

/// The node of `value`.
pub fn to_node<T: Serialize + ?Sized>(value: &T) -> Result<Node, Error> {
    value.serialize(NodeSerializer)
}

/// A value `Node` cannot hold (enum variants with data).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// The spec format has no enum variants with data.
fn with_data(variant: &str) -> Error {
    Error(format!("variant `{variant}` has data"))
}

struct NodeSerializer;

/// The entries of a sequence, mapping or struct being serialized.
pub struct Entries {
    name: Option<&'static str>,
    items: Vec<Node>,
    pairs: Vec<(Node, Node)>,
}

impl Entries {
    fn new(name: Option<&'static str>) -> Self {
        Entries {
            name,
            items: Vec::new(),
            pairs: Vec::new(),
        }
    }
}

macro_rules! plain {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method(self, v: $ty) -> Result<Node, Error> {
            Ok(Node::Plain(v.to_string()))
        }
    )*};
}

impl ser::Serializer for NodeSerializer {
    type Ok = Node;
    type Error = Error;
    type SerializeSeq = Entries;
    type SerializeTuple = Entries;
    type SerializeTupleStruct = Entries;
    type SerializeTupleVariant = Impossible<Node, Error>;
    type SerializeMap = Entries;
    type SerializeStruct = Entries;
    type SerializeStructVariant = Impossible<Node, Error>;

    plain!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64);

    fn serialize_f32(self, v: f32) -> Result<Node, Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<Node, Error> {
        // As JSON writes it, so that an example reads as the document's.
        match serde_json::Number::from_f64(v) {
            Some(n) => Ok(Node::Plain(n.to_string())),
            None => Err(Error(format!("{v} is no JSON number"))),
        }
    }
    fn serialize_char(self, v: char) -> Result<Node, Error> {
        Ok(Node::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Node, Error> {
        Ok(Node::Str(v.to_owned()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Node, Error> {
        Err(Error("bytes have no YAML form here".into()))
    }
    fn serialize_none(self) -> Result<Node, Error> {
        Ok(Node::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Node, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Node, Error> {
        Ok(Node::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Node, Error> {
        Ok(Node::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<Node, Error> {
        Ok(Node::Str(v.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Node, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: &T,
    ) -> Result<Node, Error> {
        Err(with_data(variant))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Entries, Error> {
        Ok(Entries::new(None))
    }
    fn serialize_tuple(self, _: usize) -> Result<Entries, Error> {
        Ok(Entries::new(None))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Entries, Error> {
        Ok(Entries::new(None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(with_data(variant))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Entries, Error> {
        Ok(Entries::new(None))
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Entries, Error> {
        Ok(Entries::new(Some(name)))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(with_data(variant))
    }
}

/// Sequences and tuples: their items in order.
macro_rules! items {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Entries {
            type Ok = Node;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.items.push(to_node(value)?);
                Ok(())
            }
            fn end(self) -> Result<Node, Error> {
                Ok(Node::Seq(self.items))
            }
        }
    )*};
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

impl ser::SerializeMap for Entries {
    type Ok = Node;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.items.push(to_node(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .items
            .pop()
            .ok_or_else(|| Error("a value without a key".into()))?;
        self.pairs.push((key, to_node(value)?));
        Ok(())
    }
    fn end(self) -> Result<Node, Error> {
        Ok(Node::Map(None, self.pairs))
    }
}

impl ser::SerializeStruct for Entries {
    type Ok = Node;
    type Error = Error;
    /// An absent field (`None`) is left out.
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        match to_node(value)? {
            Node::Null => {}
            node => self.pairs.push((Node::Str(key.to_owned()), node)),
        }
        Ok(())
    }
    fn end(self) -> Result<Node, Error> {
        Ok(Node::Map(self.name, self.pairs))
    }
}

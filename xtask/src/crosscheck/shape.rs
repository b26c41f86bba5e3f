//! The one description of a value both sides are turned into: the spec (from
//! `identity_codegen::model`) and each official SDK (from its sources).

use std::collections::BTreeMap;

use identity_codegen::model::{Service, Ty, TypeKind};

/// A value's shape on the wire. Named types stay names until compared, so
/// that recursive types (trees) do not recurse here.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    String,
    Bool,
    /// Any JSON number (the SDKs do not tell integers from floats).
    Number,
    /// Anything: the side says nothing about it.
    Json,
    /// A string with these values.
    Enum(Vec<String>),
    List(Box<Shape>),
    /// String keys.
    Map(Box<Shape>),
    Object(Vec<Member>),
    /// A type defined elsewhere (see [`Types`]).
    Named(String),
}

/// A field of an object, or a request parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The wire name.
    pub name: String,
    pub shape: Shape,
    /// `None`: the side does not say (the Python SDK's responses).
    pub required: Option<bool>,
    /// The spec's `note:` (never set for an SDK).
    pub note: Option<String>,
}

impl Member {
    pub fn new(name: &str, shape: Shape, required: Option<bool>) -> Self {
        Member {
            name: name.to_owned(),
            shape,
            required,
            note: None,
        }
    }
}

/// Named types of one side.
#[derive(Debug, Default)]
pub struct Types {
    pub shapes: BTreeMap<String, Shape>,
    /// The spec's `note:` on a named type.
    pub notes: BTreeMap<String, String>,
}

impl Types {
    pub fn get(&self, name: &str) -> Option<&Shape> {
        self.shapes.get(name)
    }
}

/// The spec's types of a service: structs become objects, enums their values.
pub fn spec_types(service: &Service) -> Types {
    let mut types = Types::default();
    for (_, t) in service.types() {
        let shape = match &t.kind {
            TypeKind::Struct { fields } => Shape::Object(fields.iter().map(spec_member).collect()),
            TypeKind::Enum { values } => {
                Shape::Enum(values.iter().map(|v| v.wire.clone()).collect())
            }
        };
        types.shapes.insert(t.name.clone(), shape);
        if let Some(note) = &t.note {
            types.notes.insert(t.name.clone(), note.clone());
        }
    }
    types
}

pub fn spec_member(f: &identity_codegen::model::Field) -> Member {
    Member {
        name: f.wire_name.clone(),
        shape: spec_shape(&f.ty),
        required: Some(f.required),
        note: f.note.clone(),
    }
}

pub fn spec_shape(ty: &Ty) -> Shape {
    match ty {
        Ty::String => Shape::String,
        Ty::Bool => Shape::Bool,
        Ty::I32 | Ty::I64 | Ty::F64 => Shape::Number,
        Ty::Json => Shape::Json,
        Ty::List(t) => Shape::List(Box::new(spec_shape(t))),
        Ty::Map(t) => Shape::Map(Box::new(spec_shape(t))),
        Ty::Named(n) => Shape::Named(n.clone()),
    }
}

/// How a shape reads in a report: `string`, `bool`, `list<...>`, `object`.
pub fn describe(shape: &Shape) -> String {
    match shape {
        Shape::String => "string".into(),
        Shape::Bool => "boolean".into(),
        Shape::Number => "number".into(),
        Shape::Json => "any".into(),
        Shape::Enum(values) => {
            let shown: Vec<String> = values.iter().take(4).map(|v| format!("\"{v}\"")).collect();
            let more = if values.len() > 4 { "|..." } else { "" };
            format!("enum {}{more}", shown.join("|"))
        }
        Shape::List(t) => format!("list<{}>", describe(t)),
        Shape::Map(t) => format!("map<{}>", describe(t)),
        Shape::Object(_) => "object".into(),
        Shape::Named(n) => n.clone(),
    }
}

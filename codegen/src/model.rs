//! The validated intermediate model: what the emitter needs, nothing about YAML.
//!
//! Names here are final Rust identifiers; every type reference resolves.

pub use crate::raw::{Decode, HttpMethod, ParamLocation, Protocol, WireNaming};

/// Everything under `spec/`, services sorted by name.
#[derive(Debug, Clone)]
pub struct Api {
    pub services: Vec<Service>,
}

#[derive(Debug, Clone)]
pub struct Service {
    /// Rust module and cargo feature name.
    pub name: String,
    pub vendor: String,
    pub title: String,
    pub api_version: String,
    pub protocol: Protocol,
    pub wire_naming: WireNaming,
    pub endpoint: String,
    pub description: Text,
    pub note: Option<String>,
    /// Fields every response starts with.
    pub envelope: Vec<Field>,
    /// One per spec file, sorted by name; each becomes one Rust file.
    pub modules: Vec<Module>,
}

#[derive(Debug, Clone)]
pub struct Module {
    /// Rust module name (the spec file's stem).
    pub name: String,
    /// The spec file, relative to the spec root, with `/` separators.
    pub spec_path: String,
    pub operations: Vec<Operation>,
    pub types: Vec<TypeDef>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub en: Option<String>,
    pub zh: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// The vendor's name, e.g. `getUserIdentities` or `GetSynchronizationJob`.
    pub wire_name: String,
    /// Rust method name, e.g. `get_user_identities`.
    pub rust_name: String,
    pub source: String,
    /// Other documents describing the same operation.
    pub also_sources: Vec<String>,
    pub summary: Text,
    pub description: Text,
    pub call: Call,
    /// Safe to retry automatically.
    pub idempotent: bool,
    pub note: Option<String>,
    pub request: Request,
    /// A struct whose fields are the service envelope followed by the operation's own.
    pub response: TypeDef,
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    Http { method: HttpMethod, path: String },
    Rpc { action: String },
}

#[derive(Debug, Clone)]
pub struct Request {
    pub name: String,
    pub params: Vec<Field>,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub name: String,
    /// Rust test function name.
    pub rust_name: String,
    pub source: Option<String>,
    pub json: String,
    pub reencoded: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub description: Text,
    pub note: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct { fields: Vec<Field> },
    Enum { values: Vec<EnumValue> },
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub wire: String,
    pub rust_name: String,
    pub description: Text,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire_name: String,
    /// A Rust identifier, raw (`r#type`) where the name is a keyword.
    pub rust_name: String,
    pub ty: Ty,
    pub required: bool,
    pub description: Text,
    /// Rendered as the document shows it.
    pub example: Option<String>,
    /// Server-side default, rendered.
    pub default: Option<String>,
    pub secret: bool,
    pub decode: Option<Decode>,
    pub boxed: bool,
    /// Request parameters only.
    pub location: Option<ParamLocation>,
    pub note: Option<String>,
}

/// A resolved type expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    String,
    Bool,
    I32,
    I64,
    F64,
    /// Free-form JSON.
    Json,
    List(Box<Ty>),
    /// String keys.
    Map(Box<Ty>),
    Named(String),
}

/// Spec syntax: `list<map<i64>>`, `User`.
impl std::fmt::Display for Ty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ty::String => f.write_str("string"),
            Ty::Bool => f.write_str("bool"),
            Ty::I32 => f.write_str("i32"),
            Ty::I64 => f.write_str("i64"),
            Ty::F64 => f.write_str("f64"),
            Ty::Json => f.write_str("json"),
            Ty::List(t) => write!(f, "list<{t}>"),
            Ty::Map(t) => write!(f, "map<{t}>"),
            Ty::Named(n) => f.write_str(n),
        }
    }
}

/// `GET /api/v3/get-user` or `action GetSynchronizationJob`.
impl std::fmt::Display for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Call::Http { method, path } => {
                write!(f, "{} {path}", format!("{method:?}").to_uppercase())
            }
            Call::Rpc { action } => write!(f, "action {action}"),
        }
    }
}

impl Ty {
    /// The named type this expression mentions, if any.
    pub fn named(&self) -> Option<&str> {
        match self {
            Ty::Named(n) => Some(n),
            Ty::List(t) | Ty::Map(t) => t.named(),
            _ => None,
        }
    }
}

impl Module {
    /// A file with neither types nor operations (e.g. a service file holding
    /// only the `service:` block) produces no Rust module.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty() && self.operations.is_empty()
    }
}

impl Service {
    pub fn types(&self) -> impl Iterator<Item = (&Module, &TypeDef)> {
        self.modules.iter().flat_map(|m| {
            m.types
                .iter()
                .chain(m.operations.iter().map(|o| &o.response))
                .map(move |t| (m, t))
        })
    }
}

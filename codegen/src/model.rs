//! The validated intermediate model: what the emitter needs, nothing about YAML.
//!
//! Names here are final Rust identifiers; every type reference resolves.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// Everything under `spec/`, services sorted by name.
#[derive(Debug, Clone)]
pub struct Api {
    pub services: Vec<Service>,
}

impl Api {
    /// Drops the model, its services on every core: a large model takes
    /// milliseconds to free, and a plain `drop` would spend them on one.
    pub fn free(self) {
        crate::parallel::map(self.services, drop);
    }
}

#[derive(Debug, Clone)]
pub struct Service {
    /// Rust module and cargo feature name.
    pub name: String,
    pub vendor: String,
    pub title: String,
    pub api_version: String,
    pub protocol: Protocol,
    pub auth: Auth,
    pub wire_naming: WireNaming,
    pub endpoint: String,
    pub description: Text,
    pub note: Option<String>,
    /// Fields every response starts with.
    pub envelope: Vec<Field>,
    /// One per spec file, sorted by path; each becomes one Rust file.
    pub modules: Vec<Module>,
}

#[derive(Debug, Clone)]
pub struct Module {
    /// Rust module name (the spec file's stem).
    pub name: String,
    /// The API area (spec subdirectory) the file is in: a Rust module of
    /// its own and a cargo feature.
    pub area: Option<String>,
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
    /// The cargo feature that compiles the operation: its area's.
    pub feature: Option<String>,
    pub note: Option<String>,
    pub request: Request,
    /// A struct whose fields are the service envelope followed by the
    /// operation's own, named `<Op>Response`; how it is written: `response_form`.
    pub response: TypeDef,
    pub response_form: ResponseForm,
    /// The name the documents give the response type, where it is not
    /// `<Op>Response` (a doc alias, so that searching for it finds the type).
    pub response_vendor_name: Option<String>,
    /// For list operations: how to page through them.
    pub paging: Option<Paging>,
    pub examples: Vec<Example>,
}

/// How a list operation pages (the spec's `paging:`, validated).
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// How the request asks for the next page.
    pub next: NextPage,
    /// Where the request holds the page size: a parameter, or a field
    /// inside a body parameter (`options.pagination.limit`).
    pub limit: Vec<Step>,
    /// Whether the items, total and next token are fields of the response's
    /// `data` (else of the response itself).
    pub in_data: bool,
    /// The field of the response's data holding the items (Rust name;
    /// `None`: `data` is the list), whether it is required, and the items' type.
    pub items: Option<String>,
    pub items_required: bool,
    pub item: Ty,
    /// The field holding the total number of items, and whether it is required.
    pub total: Option<(String, bool)>,
}

/// How a list operation's request asks for the page after one.
#[derive(Debug, Clone, PartialEq)]
pub enum NextPage {
    /// By number: the page at this path, plus one.
    Number(Vec<Step>),
    /// By token: the token at this path, from the response's field
    /// `from` (Rust name, and whether it is required).
    Token { at: Vec<Step>, from: (String, bool) },
}

/// One field on the way to a request's page or page size: its Rust name,
/// and whether it is required (an optional one is created when set).
/// The last is an integer, or a string holding one.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub rust_name: String,
    pub required: bool,
    /// The page number is a string on the wire (a document types it so).
    pub text: bool,
    /// The page size is an `i32` (a document types it so), read as an `i64`.
    pub int32: bool,
}

/// How an operation's response type is written.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseForm {
    /// An alias of the runtime's generic `Response<T>`: the service's
    /// envelope around `data` of type `T` (`()`: the operation has no data),
    /// read with the data field's `decode` rule if it has one.
    Enveloped {
        data: Option<Ty>,
        decode: Option<Decode>,
    },
    /// A struct of its own, with the envelope's fields (if any) first;
    /// `request_id`: its field holding the request ID (Rust name, required).
    Struct { request_id: Option<(String, bool)> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    Http { method: HttpMethod, path: String },
    Rpc { action: String },
}

#[derive(Debug, Clone)]
pub struct Request {
    pub name: String,
    pub params: Vec<Param>,
}

/// A request parameter: a field of the request struct, and where the
/// request sends it.
#[derive(Debug, Clone)]
pub struct Param {
    pub location: ParamLocation,
    pub field: Field,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub name: String,
    /// Rust test function name.
    pub rust_name: String,
    pub source: Option<String>,
    pub json: String,
    pub reencoded: Option<String>,
    /// The response field whose value the example shows, with its type;
    /// `None`: the example is the whole response.
    pub field: Option<(String, Ty)>,
    /// `false`: the test asserts the example is refused.
    pub decodes: bool,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    /// The type is compiled when any of these features is on (the features
    /// of the operations that use it); empty: always.
    pub features: Vec<String>,
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
    pub note: Option<String>,
}

/// Struct fields and request parameters alike, for code that reads either.
impl AsRef<Field> for Field {
    fn as_ref(&self) -> &Field {
        self
    }
}

impl AsRef<Field> for Param {
    fn as_ref(&self) -> &Field {
        &self.field
    }
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

/// Names of structs that can derive `Default`: every required field has a
/// type with a default (enums have none, so a required enum field blocks it).
pub fn defaultable<'a>(types: impl IntoIterator<Item = &'a TypeDef>) -> BTreeSet<String> {
    let types: Vec<&TypeDef> = types.into_iter().collect();
    let mut set: BTreeSet<String> = types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Struct { .. }))
        .map(|t| t.name.clone())
        .collect();
    loop {
        let before = set.len();
        for t in &types {
            if let TypeKind::Struct { fields } = &t.kind {
                let ok = fields.iter().filter(|f| f.required).all(|f| match &f.ty {
                    Ty::Named(n) => set.contains(n),
                    _ => true,
                });
                if !ok {
                    set.remove(&t.name);
                }
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

/// Names of the structs `roots` reach: theirs and, through fields, at any depth.
pub fn structs_reached<'a>(
    types: impl IntoIterator<Item = &'a TypeDef>,
    roots: impl IntoIterator<Item = &'a Ty>,
) -> BTreeSet<String> {
    let fields: BTreeMap<&str, &[Field]> = types
        .into_iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct { fields } => Some((t.name.as_str(), fields.as_slice())),
            TypeKind::Enum { .. } => None,
        })
        .collect();
    let mut reached = BTreeSet::new();
    let mut todo: Vec<&Ty> = roots.into_iter().collect();
    while let Some(ty) = todo.pop() {
        match ty {
            Ty::List(item) | Ty::Map(item) => todo.push(item),
            Ty::Named(name) => {
                if let Some(own) = fields.get(name.as_str()) {
                    if reached.insert(name.clone()) {
                        todo.extend(own.iter().map(|f| &f.ty));
                    }
                }
            }
            _ => {}
        }
    }
    reached
}

impl Module {
    /// A file with neither types nor operations (e.g. a service file holding
    /// only the `service:` block) produces no Rust module.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty() && self.operations.is_empty()
    }
}

impl Service {
    /// The cargo feature of an area: `genauth-sync-center` for `sync_center`.
    pub fn area_feature(&self, area: &str) -> String {
        format!("{}-{}", self.name, area.replace('_', "-"))
    }

    /// The features of the service's areas, sorted.
    pub fn area_features(&self) -> Vec<String> {
        let areas: std::collections::BTreeSet<&str> = self
            .modules
            .iter()
            .filter_map(|m| m.area.as_deref())
            .collect();
        areas.into_iter().map(|a| self.area_feature(a)).collect()
    }

    /// Gives each operation its area's feature and each type the features
    /// of the operations that reach it. A type reached by an operation
    /// outside any area, or by none, is always compiled.
    pub fn assign_features(&mut self) {
        use std::collections::{BTreeMap, BTreeSet};
        let mut fields_of: BTreeMap<String, Vec<Ty>> = BTreeMap::new();
        for (_, t) in self.types() {
            if let TypeKind::Struct { fields } = &t.kind {
                fields_of.insert(
                    t.name.clone(),
                    fields.iter().map(|f| f.ty.clone()).collect(),
                );
            }
        }
        // Type -> features of the operations reaching it (None: always).
        let mut reached: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
        let areas: Vec<Option<String>> = self.modules.iter().map(|m| m.area.clone()).collect();
        for (module, area) in self.modules.iter_mut().zip(areas) {
            let feature = area.map(|a| format!("{}-{}", self.name, a.replace('_', "-")));
            for op in &mut module.operations {
                op.feature = feature.clone();
                op.response.features = feature.iter().cloned().collect();
                let mut stack: Vec<String> = op
                    .request
                    .params
                    .iter()
                    .map(|p| &p.field)
                    .chain(match &op.response.kind {
                        TypeKind::Struct { fields } => fields.as_slice(),
                        TypeKind::Enum { .. } => &[],
                    })
                    .filter_map(|f| f.ty.named().map(str::to_owned))
                    .collect();
                let mut seen = BTreeSet::new();
                while let Some(name) = stack.pop() {
                    if !seen.insert(name.clone()) {
                        continue;
                    }
                    let entry = reached
                        .entry(name.clone())
                        .or_insert_with(|| Some(BTreeSet::new()));
                    match (&feature, entry.as_mut()) {
                        (Some(f), Some(set)) => {
                            set.insert(f.clone());
                        }
                        (None, _) => *entry = None,
                        (Some(_), None) => {}
                    }
                    for ty in fields_of.get(&name).into_iter().flatten() {
                        stack.extend(ty.named().map(str::to_owned));
                    }
                }
            }
        }
        // A type no operation reaches is always compiled, and so is
        // everything it uses.
        let mut stack: Vec<String> = self
            .modules
            .iter()
            .flat_map(|m| m.types.iter().map(|t| &t.name))
            .filter(|n| !reached.contains_key(*n))
            .cloned()
            .collect();
        while let Some(name) = stack.pop() {
            for ty in fields_of.get(&name).into_iter().flatten() {
                if let Some(used) = ty.named() {
                    if reached.insert(used.to_owned(), None) != Some(None) {
                        stack.push(used.to_owned());
                    }
                }
            }
        }
        for module in &mut self.modules {
            for t in &mut module.types {
                t.features = match reached.get(&t.name) {
                    Some(Some(set)) => set.iter().cloned().collect(),
                    _ => Vec::new(),
                };
            }
        }
    }

    pub fn types(&self) -> impl Iterator<Item = (&Module, &TypeDef)> {
        self.modules.iter().flat_map(|m| {
            m.types
                .iter()
                .chain(m.operations.iter().map(|o| &o.response))
                .map(move |t| (m, t))
        })
    }
}

// The spec format's own vocabulary, which the loader reads as written.

/// Who a `rest-json` client calls as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
pub enum Auth {
    /// The user pool's administrator: a management token fetched with an
    /// access key (the GenAuth Management API).
    #[default]
    #[serde(rename = "management-token")]
    ManagementToken,
    /// An end user of an application: the application's ID and, where the
    /// operation needs one, the user's access token (the GenAuth Authentication API).
    #[serde(rename = "user-token")]
    UserToken,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Protocol {
    /// REST paths with JSON bodies (GenAuth V3).
    #[serde(rename = "rest-json")]
    RestJson,
    /// Alibaba Cloud RPC style: `Action` and `Version`, parameters in the query.
    #[serde(rename = "rpc")]
    Rpc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum WireNaming {
    #[serde(rename = "camelCase")]
    CamelCase,
    #[serde(rename = "PascalCase")]
    PascalCase,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    Query,
    Body,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Decode {
    /// A `list<T>` that also accepts a single `T`.
    #[serde(rename = "one_or_many")]
    OneOrMany,
    /// A `list<T>` that also accepts a string holding the JSON-encoded list.
    #[serde(rename = "json_string")]
    JsonString,
}

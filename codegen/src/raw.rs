//! The YAML schema of a spec file, exactly as a maintainer writes it.
//!
//! Every struct denies unknown keys so that a typo is an error, not a silently
//! ignored line. Nothing here is checked beyond its YAML shape: `validate`
//! turns these into the `model`.
//!
//! The same structs serialize (for `yaml_out`, which writes spec files): a
//! key is written in the order of its struct's fields, and not at all where
//! it is absent or at its default.

use crate::model::{Auth, Decode, HttpMethod, ParamLocation, Protocol, WireNaming};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// One YAML file under `spec/<service>/`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// Present in exactly one file per service directory.
    pub service: Option<ServiceSpec>,
    #[serde(default, skip_serializing_if = "OrderedMap::is_empty")]
    pub operations: OrderedMap<OperationSpec>,
    #[serde(default, skip_serializing_if = "OrderedMap::is_empty")]
    pub types: OrderedMap<TypeSpec>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    /// Rust module and cargo feature name, e.g. `genauth`.
    pub name: String,
    pub vendor: String,
    pub title: String,
    pub api_version: String,
    pub protocol: Protocol,
    /// How a `rest-json` client authenticates; default `management-token`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub auth: Auth,
    pub wire_naming: WireNaming,
    /// Default endpoint; a `{region}` placeholder is filled in by the client.
    pub endpoint: String,
    pub description: Option<Text>,
    /// Fields every response of this service carries, before the operation's own.
    #[serde(default, skip_serializing_if = "OrderedMap::is_empty")]
    pub envelope: OrderedMap<FieldSpec>,
    pub note: Option<String>,
}

/// Text in English and Chinese; at least one must be given.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: Option<String>,
    pub zh: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    /// Left by `cargo xtask import` where it guessed; refused until resolved.
    pub todo: Option<String>,
    /// The document this operation was normalized from (a file in `shared/seeds/`).
    pub source: String,
    /// Other documents describing the same operation (e.g. its translation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_sources: Vec<String>,
    pub summary: Text,
    pub description: Option<Text>,
    /// REST services: method and path.
    pub http: Option<HttpSpec>,
    /// RPC services: the `Action` name.
    pub action: Option<String>,
    /// A list operation's paging, for its paginators.
    pub paging: Option<PagingSpec>,
    /// Whether retrying is safe; by default GET and RPC reads
    /// (`Get*`, `List*`, `Describe*`, `Query*`, `Check*`) are, nothing else.
    pub idempotent: Option<bool>,
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "OrderedMap::is_empty")]
    pub params: OrderedMap<ParamSpec>,
    pub response: ResponseSpec,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<ExampleSpec>,
}

/// How a list operation pages: the request's page (numbered from 1) or
/// page token, and its size; the fields of the response's `data` (or, for a
/// response without `data`, of the response) holding the page's items, the
/// total, and the next page's token.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PagingSpec {
    pub page: Option<String>,
    pub token: Option<String>,
    pub next: Option<String>,
    pub limit: String,
    pub items: String,
    pub total: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSpec {
    pub method: HttpMethod,
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// Left by `cargo xtask import` where it guessed; refused until resolved.
    pub todo: Option<String>,
    /// The document's name for the response type; default `<Operation>Response`.
    pub name: Option<String>,
    pub description: Option<Text>,
    /// Written even when empty (`fields: {}`): a response without fields is a decision.
    #[serde(default)]
    pub fields: OrderedMap<FieldSpec>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    pub name: String,
    pub source: Option<String>,
    /// The example shows only the value of this response field (pages that
    /// print `data` without the envelope).
    pub field: Option<String>,
    /// `false`: the example contradicts the response shape (noted), and the
    /// generated test asserts that it is refused.
    pub decodes: Option<bool>,
    pub note: Option<String>,
    /// The JSON body exactly as the document prints it.
    pub json: String,
    /// What re-encoding the decoded value gives, when a noted decision changes
    /// its shape; omitted when it must equal `json`.
    pub reencoded: Option<String>,
}

/// A request parameter.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    /// Left by `cargo xtask import` where it guessed; refused until resolved.
    pub todo: Option<String>,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub required: bool,
    /// A credential: redacted in `Debug` output.
    #[serde(default, skip_serializing_if = "is_default")]
    pub secret: bool,
    pub rust_name: Option<String>,
    #[serde(rename = "in")]
    pub location: ParamLocation,
    /// The value the server applies when the parameter is omitted.
    pub default: Option<serde_yaml::Value>,
    pub description: Option<Text>,
    pub example: Option<serde_yaml::Value>,
    pub note: Option<String>,
}

/// A field of a struct or of a response.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Left by `cargo xtask import` where it guessed; refused until resolved.
    pub todo: Option<String>,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub required: bool,
    /// Redacted in `Debug`; only for `string` fields.
    #[serde(default, skip_serializing_if = "is_default")]
    pub secret: bool,
    /// Store behind a `Box` (breaks recursion).
    #[serde(default, skip_serializing_if = "is_default")]
    pub boxed: bool,
    pub rust_name: Option<String>,
    pub description: Option<Text>,
    /// A lenient decoding that a noted contradiction in the document calls for.
    pub decode: Option<Decode>,
    pub example: Option<serde_yaml::Value>,
    pub note: Option<String>,
}

/// A named type: a struct (`fields`) or an enum (`enum`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    /// Left by `cargo xtask import` where it guessed; refused until resolved.
    pub todo: Option<String>,
    pub description: Option<Text>,
    pub note: Option<String>,
    pub fields: Option<OrderedMap<FieldSpec>>,
    #[serde(rename = "enum")]
    pub values: Option<OrderedMap<Option<EnumValueSpec>>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueSpec {
    pub en: Option<String>,
    pub zh: Option<String>,
    pub rust_name: Option<String>,
    pub note: Option<String>,
    /// Left by `cargo xtask import` where it guessed; refused until resolved.
    pub todo: Option<String>,
}

/// A YAML mapping kept in file order (which is also the emitted order).
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<T>(pub Vec<(String, T)>);

impl<T> OrderedMap<T> {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Serialize> Serialize for OrderedMap<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

impl<T> Default for OrderedMap<T> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrderedMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OrderedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(OrderedMap::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, T>()? {
                    entries.push(entry);
                }
                Ok(OrderedMap(entries))
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

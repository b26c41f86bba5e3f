//! Structs and enums.

use syn::{Arm, Attribute, Expr, FieldValue, FnArg, Ident, ImplItem, Item, Pat, Stmt, Type};

use super::ast;
use super::docs::{code, Doc, Docs};
use super::template::template;
use super::{ident, Ctx};
use crate::model::{Decode, EnumValue, Field, Operation, ResponseForm, Ty, TypeDef, TypeKind};

/// The Rust type of a type expression.
pub fn ty(t: &Ty) -> Type {
    match t {
        Ty::String => template!(Type: String),
        Ty::Bool => template!(Type: bool),
        Ty::I32 => template!(Type: i32),
        Ty::I64 => template!(Type: i64),
        Ty::F64 => template!(Type: f64),
        Ty::Json => template!(Type: serde_json::Value),
        Ty::List(item) => template!(Type: Vec<#item>).with("item", ty(item)),
        Ty::Map(value) => {
            template!(Type: std::collections::BTreeMap<String, #value>).with("value", ty(value))
        }
        Ty::Named(name) => template!(Type: #name).with("name", ident(name)),
    }
    .fill()
}

/// The Rust type of a field before `Option`: secrets and boxes applied.
pub fn field_value_ty(f: &Field) -> Type {
    let base = if f.secret {
        template!(Type: crate::runtime::SecretString).fill()
    } else {
        ty(&f.ty)
    };
    if f.boxed {
        template!(Type: Box<#base>).with("base", base).fill()
    } else {
        base
    }
}

/// The full Rust type of a field.
pub fn field_ty(f: &Field) -> Type {
    let value = field_value_ty(f);
    if f.required {
        value
    } else {
        template!(Type: Option<#value>).with("value", value).fill()
    }
}

/// Doc comment of a field or parameter.
pub fn field_doc(f: &Field) -> Doc {
    let mut facts = vec![format!("Wire name: {}.", code(&f.wire_name))];
    if let Some(ex) = &f.example {
        facts.push(format!("Example: {}.", code(ex)));
    }
    if let Some(d) = &f.default {
        facts.push(format!("Default when omitted: {}.", code(d)));
    }
    if f.secret {
        facts.push("Secret: redacted in `Debug` output.".to_owned());
    }
    Doc::new()
        .text(&f.description)
        .raw(facts.join(" "))
        .note(f.note.as_ref())
}

/// The runtime's lenient list decoder a `decode:` rule names.
fn decoder(decode: Decode) -> &'static str {
    match decode {
        Decode::OneOrMany => "crate::runtime::decode::OneOrMany",
        Decode::JsonString => "crate::runtime::decode::JsonString",
    }
}

/// `f.required(&mut slot)` (or `optional`, `required_with(.., decoder)`,
/// `optional_with`): reads the value of the field `Fields::next` named.
fn decode_field(fields: &Ident, f: &Field) -> Expr {
    let method = match (f.decode.is_some(), f.required) {
        (false, true) => "required",
        (false, false) => "optional",
        (true, true) => "required_with",
        (true, false) => "optional_with",
    };
    let decoder: Vec<Expr> = f
        .decode
        .map(|d| ast::path_expr(decoder(d)))
        .into_iter()
        .collect();
    template!(Expr: #fields.#method(&mut #slot, #decoder))
        .with("fields", fields.clone())
        .with("method", ident(method))
        .with("slot", ident(&f.rust_name))
        .with("decoder", decoder)
        .fill()
}

/// `impl Decode` for a struct: `FIELDS`, the wire names, and a `decode`
/// that reads the object's fields as they come into one slot each, then
/// unwraps the required ones together and builds the struct. Reading a
/// value cannot fail (the runtime keeps the first error for the next
/// `next()`), so there is one `?` in all.
fn decode_impl(name: &Ident, fields: &[Field]) -> Item {
    // Locals are named after the fields; the parameter and the index avoid them.
    let free = |base: &str| {
        let mut name = base.to_owned();
        while fields.iter().any(|f| f.rust_name == name) {
            name.push('_');
        }
        ident(&name)
    };
    let (f, i) = (free("f"), free("i"));
    let slots: Vec<Stmt> = (!fields.is_empty())
        .then(|| {
            template!(Stmt: let #slots = #nones;)
                .with(
                    "slots",
                    ast::tuple_pat(
                        fields
                            .iter()
                            .map(|x| ast::mut_ident_pat(ident(&x.rust_name)))
                            .collect(),
                    ),
                )
                .with(
                    "nones",
                    ast::tuple_expr(fields.iter().map(|_| ast::path_expr("None")).collect()),
                )
                .fill()
        })
        .into_iter()
        .collect();
    // One field: every index `next` returns is 0.
    let read = if fields.len() <= 1 {
        let reads: Vec<Stmt> = fields
            .iter()
            .map(|x| ast::stmt(decode_field(&f, x)))
            .collect();
        template!(Expr: while #f.next()?.is_some() { #reads; }).with("reads", reads)
    } else {
        let arms: Vec<Arm> = fields
            .iter()
            .enumerate()
            .map(|(n, x)| {
                template!(Arm: #n => #read,)
                    .with("n", ast::int_pat(n))
                    .with("read", decode_field(&f, x))
                    .fill()
            })
            .collect();
        template!(Expr: while let Some(#i) = #f.next()? { match #i { #arms => {} _ => {} } })
            .with("i", i)
            .with("arms", arms)
    }
    .with("f", f.clone())
    .fill();
    let required: Vec<(usize, &Field)> = fields
        .iter()
        .enumerate()
        .filter(|(_, x)| x.required)
        .collect();
    let unwrap: Vec<Stmt> = (!required.is_empty())
        .then(|| {
            let some = |x: &Field| {
                template!(Pat: Some(#x))
                    .with("x", ident(&x.rust_name))
                    .fill()
            };
            template!(Stmt: let #pat = #slots else { return Err(#f.missing(&[#indices])); };)
                .with(
                    "pat",
                    ast::tuple_pat(required.iter().map(|(_, x)| some(x)).collect()),
                )
                .with(
                    "slots",
                    ast::tuple_expr(
                        required
                            .iter()
                            .map(|(_, x)| ast::path_expr(&x.rust_name))
                            .collect(),
                    ),
                )
                .with("f", f.clone())
                .with(
                    "indices",
                    required
                        .iter()
                        .map(|(n, _)| ast::int_lit(*n))
                        .collect::<Vec<_>>(),
                )
                .fill()
        })
        .into_iter()
        .collect();
    let values: Vec<FieldValue> = fields
        .iter()
        .map(|x| ast::shorthand(ident(&x.rust_name)))
        .collect();
    template!(Item:
        impl crate::runtime::object::Decode for #name {
            const FIELDS: &'static [&'static str] = &[#wire_names];
            #[inline]
            fn decode<'de, A: serde::de::MapAccess<'de>>(
                mut #f: crate::runtime::object::Fields<'de, A>,
            ) -> Result<Self, A::Error> {
                #slots;
                #read;
                #unwrap;
                Ok(Self { #values, unknown_fields: #f.finish() })
            }
        }
    )
    .with("name", name.clone())
    .with(
        "wire_names",
        fields
            .iter()
            .map(|x| ast::str_lit(&x.wire_name))
            .collect::<Vec<_>>(),
    )
    .with("f", f)
    .with("slots", slots)
    .with("read", read)
    .with("unwrap", unwrap)
    .with("values", values)
    .fill()
}

/// A public struct's fields (struct fields or request parameters), each
/// with its doc comment (`doc` adds to it).
pub fn members<F: AsRef<Field>>(
    fields: &[F],
    docs: &Docs,
    doc: impl Fn(&F, Doc) -> Doc,
) -> Vec<syn::Field> {
    fields
        .iter()
        .map(|m| {
            let f = m.as_ref();
            template!(syn::Field: #[#doc] pub #name: #ty)
                .with("doc", doc(m, field_doc(f)).attr(docs))
                .with("name", ident(&f.rust_name))
                .with("ty", field_ty(f))
                .fill()
        })
        .collect()
}

/// `impl Encode` for a struct: `e.unknown(&self.unknown_fields);` first
/// (written last), then `e.required("wire", &self.field);` per field in order.
fn encode_impl(name: &Ident, fields: &[Field]) -> Item {
    let entries: Vec<Stmt> = fields
        .iter()
        .map(|f| {
            template!(Stmt: e.#method(#wire, &self.#field);)
                .with(
                    "method",
                    ident(if f.required { "required" } else { "optional" }),
                )
                .with("wire", ast::str_lit(&f.wire_name))
                .with("field", ident(&f.rust_name))
                .fill()
        })
        .collect();
    template!(Item:
        impl crate::runtime::object::Encode for #name {
            #[inline]
            fn encode<'a, M: serde::ser::SerializeMap>(&'a self, e: &mut crate::runtime::object::Entries<'a, M>) {
                e.unknown(&self.unknown_fields);
                #entries;
            }
        }
    )
    .with("name", name.clone())
    .with("entries", entries)
    .fill()
}

/// `sink.push("wire", &self.field);` per field or parameter, in order, into
/// a `runtime::Query` named `sink`: each written under its wire name (inside
/// a struct, after the struct's own key).
pub fn query_pushes<'a, F: AsRef<Field> + 'a>(
    sink: &str,
    fields: impl IntoIterator<Item = &'a F>,
) -> Vec<Stmt> {
    fields
        .into_iter()
        .map(|f| {
            let f = f.as_ref();
            template!(Stmt: #sink.push(#wire, &self.#field);)
                .with("sink", ident(sink))
                .with("wire", ast::str_lit(&f.wire_name))
                .with("field", ident(&f.rust_name))
                .fill()
        })
        .collect()
}

/// The parameter `sink` of a function writing `pushes`; `_sink` where there
/// are none.
pub fn sink_arg(sink: &str, pushes: &[Stmt]) -> Ident {
    if pushes.is_empty() {
        ident(&format!("_{sink}"))
    } else {
        ident(sink)
    }
}

/// `impl QueryValue` for a struct sent as pairs (in a query or a form
/// body): its fields by wire name (`Prefix.Field=value` in the flat style),
/// unset optional ones left out.
fn query_value_impl(name: &Ident, fields: &[Field]) -> Item {
    let pushes = query_pushes("query", fields);
    template!(Item:
        impl crate::runtime::QueryValue for #name {
            #[inline]
            fn push_query(&self, #arg: &mut crate::runtime::Query) {
                #pushes;
            }
        }
    )
    .with("name", name.clone())
    .with("arg", sink_arg("query", &pushes))
    .with("pushes", pushes)
    .fill()
}

/// An operation's response type: an alias of the runtime's `Response<T>`
/// (see [`ResponseForm`]) or a struct; the documents' own name for it, if
/// another, is a doc alias.
pub fn response_def(op: &Operation, ctx: &Ctx, docs: &Docs) -> Vec<Item> {
    let mut items = match &op.response_form {
        ResponseForm::Struct { request_id } => {
            let mut items = type_def(&op.response, ctx, docs);
            if let Some((field, required)) = request_id {
                items.push(request_id_impl(&op.response.name, field, *required));
            }
            items
        }
        ResponseForm::Enveloped { data, decode } => {
            let data = data.as_ref().map_or_else(|| template!(Type: ()).fill(), ty);
            let response = match decode {
                None => template!(Type: crate::runtime::Response<#data>),
                Some(d) => template!(Type: crate::runtime::Response<#data, #decoder>)
                    .with("decoder", ast::named_ty(decoder(*d))),
            };
            vec![template!(Item: #[#doc] pub type #name = #response;)
                .with("doc", Doc::new().text(&op.response.description).attr(docs))
                .with("name", ident(&op.response.name))
                .with("response", response.with("data", data).fill())
                .fill()]
        }
    };
    if let (Some(vendor), Some(first)) = (&op.response_vendor_name, items.first_mut()) {
        let attr = template!(Attribute: #[doc(alias = #vendor)])
            .with("vendor", ast::str_lit(vendor))
            .fill();
        match first {
            Item::Struct(s) => s.attrs.push(attr),
            Item::Type(t) => t.attrs.push(attr),
            _ => {}
        }
    }
    items
}

/// `impl RequestId` for a response struct, reading its request-ID field.
fn request_id_impl(name: &str, field: &str, required: bool) -> Item {
    let value = if required {
        template!(Expr: Some(self.#field.as_str()))
    } else {
        template!(Expr: self.#field.as_deref())
    };
    template!(Item:
        impl crate::runtime::RequestId for #name {
            fn request_id(&self) -> Option<&str> {
                #value
            }
        }
    )
    .with("name", ident(name))
    .with("value", value.with("field", ident(field)).fill())
    .fill()
}

/// The items of a type definition.
pub fn type_def(t: &TypeDef, ctx: &Ctx, docs: &Docs) -> Vec<Item> {
    match &t.kind {
        TypeKind::Struct { fields } => struct_def(t, fields, ctx, docs),
        TypeKind::Enum { values } => enum_def(t, values, docs),
    }
}

/// A struct, its constructor, `Decode`, `Encode` and serde impls.
fn struct_def(t: &TypeDef, fields: &[Field], ctx: &Ctx, docs: &Docs) -> Vec<Item> {
    let name = ident(&t.name);
    let doc = Doc::new().text(&t.description).note(t.note.as_ref());
    let doc = if doc.is_empty() {
        Doc::new().raw(format!("The `{}` object.", t.name))
    } else {
        doc
    };
    let mut items = vec![template!(Item:
        #[#doc]
        #[#derive]
        #[non_exhaustive]
        pub struct #name {
            #fields: (),
            /// Fields the API sent that the spec does not describe, kept so that
            /// re-encoding loses nothing.
            pub unknown_fields: crate::runtime::UnknownFields,
        }
    )
    .with("doc", doc.attr(docs))
    .with("derive", derive(ctx.defaultable.contains(&t.name)))
    .with("name", name.clone())
    .with("fields", members(fields, docs, |_, doc| doc))
    .fill()];
    items.extend(constructor(
        &name,
        fields,
        template!(Attribute: #[doc = " Creates the value from its required fields; optional ones start unset."]).fill(),
        Some(template!(FieldValue: unknown_fields: crate::runtime::UnknownFields::default()).fill()),
    ));
    items.push(decode_impl(&name, fields));
    items.push(encode_impl(&name, fields));
    if ctx.in_pairs.contains(&t.name) {
        items.push(query_value_impl(&name, fields));
    }
    items.push(
        template!(Item: crate::runtime::object::impl_serde!(#name);)
            .with("name", name)
            .fill(),
    );
    items
}

/// The derives of a struct: `Default` too when every field can start unset.
pub fn derive(default: bool) -> Attribute {
    if default {
        template!(Attribute: #[derive(Debug, Clone, PartialEq, Default,)])
    } else {
        template!(Attribute: #[derive(Debug, Clone, PartialEq,)])
    }
    .fill()
}

/// `impl Name { pub fn new(required...) -> Self }`, for a struct with required
/// fields: `#[non_exhaustive]` keeps struct literals out of users' code, so
/// this is how they build one (optional fields start unset and are public to
/// assign). `extra` is one more field and its value.
pub fn constructor(
    name: &Ident,
    fields: &[Field],
    doc: Attribute,
    extra: Option<FieldValue>,
) -> Option<Item> {
    fields.iter().any(|f| f.required).then(|| {
        template!(Item: impl #name { #new!(); })
            .with("name", name.clone())
            .with("new", vec![new_fn(fields, doc, extra)])
            .fill()
    })
}

/// `pub fn new(required...) -> Self`, for struct fields or request parameters.
pub fn new_fn<F: AsRef<Field>>(
    fields: &[F],
    doc: Attribute,
    extra: Option<FieldValue>,
) -> ImplItem {
    let fields: Vec<&Field> = fields.iter().map(AsRef::as_ref).collect();
    let required: Vec<&Field> = fields.iter().copied().filter(|f| f.required).collect();
    let args: Vec<FnArg> = required
        .iter()
        .map(|f| {
            template!(FnArg: #name: impl Into<#ty>)
                .with("name", ident(&f.rust_name))
                .with("ty", field_value_ty(f))
                .fill()
        })
        .collect();
    let inits: Vec<FieldValue> = fields
        .iter()
        .map(|f| {
            let value = if f.required {
                template!(Expr: #name.into()).with("name", ident(&f.rust_name))
            } else {
                template!(Expr: None)
            }
            .fill();
            template!(FieldValue: #name: #value)
                .with("name", ident(&f.rust_name))
                .with("value", value)
                .fill()
        })
        .chain(extra)
        .collect();
    let mut attrs = vec![doc];
    if required.len() > 7 {
        attrs.push(template!(Attribute: #[allow(clippy::too_many_arguments)]).fill());
    }
    template!(ImplItem: #[#attrs] pub fn new(#args: ()) -> Self { Self { #inits } })
        .with("attrs", attrs)
        .with("args", args)
        .with("inits", inits)
        .fill()
}

/// An enum that keeps unknown values, and its conversions.
fn enum_def(t: &TypeDef, values: &[EnumValue], docs: &Docs) -> Vec<Item> {
    let doc = Doc::new()
        .text(&t.description)
        .raw("Values this SDK does not know decode to `Unknown` and encode back unchanged.")
        .note(t.note.as_ref());
    let variant = |v: &EnumValue| ident(&v.rust_name);
    let variants: Vec<syn::Variant> = values
        .iter()
        .map(|v| {
            let doc = Doc::new()
                .text(&v.description)
                .raw(format!("Wire value: {}.", code(&v.wire)))
                .note(v.note.as_ref());
            template!(syn::Variant: #[#doc] #name)
                .with("doc", doc.attr(docs))
                .with("name", variant(v))
                .fill()
        })
        .collect();
    let wire = |v: &EnumValue| ast::str_lit(&v.wire);
    let as_str: Vec<Arm> = values
        .iter()
        .map(|v| {
            template!(Arm: Self::#variant => #wire,)
                .with("variant", variant(v))
                .with("wire", wire(v))
                .fill()
        })
        .collect();
    let from: Vec<Arm> = values
        .iter()
        .map(|v| {
            template!(Arm: #wire => Self::#variant,)
                .with("variant", variant(v))
                .with("wire", ast::str_pat(&v.wire))
                .fill()
        })
        .collect();
    template!(syn::File:
        #[#doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #variants,
            /// A value this version of the SDK does not know, kept verbatim.
            Unknown(crate::runtime::UnknownValue),
        }
        impl #name {
            /// Every documented wire value, in the document's order.
            pub const KNOWN_VALUES: &'static [&'static str] = &[#wires];
            /// The value as it is sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #as_str => {}
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }
        impl From<&str> for #name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    #from => {}
                    other => Self::Unknown(crate::runtime::UnknownValue::new(other)),
                }
            }
        }
        impl crate::runtime::QueryValue for #name {
            #[inline]
            fn push_query(&self, query: &mut crate::runtime::Query) {
                query.text(self.as_str().to_owned());
            }
        }
        impl std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::enums::deserialize(deserializer)
            }
        }
    )
    .with("doc", doc.attr(docs))
    .with("name", ident(&t.name))
    .with("variants", variants)
    .with("wires", values.iter().map(wire).collect::<Vec<_>>())
    .with("as_str", as_str)
    .with("from", from)
    .fill()
    .items
}

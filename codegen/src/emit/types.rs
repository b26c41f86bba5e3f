//! Structs and enums.

use quote::ToTokens;
use syn::{Arm, Attribute, Expr, Ident, ImplItem, Item, Type};

use super::ast::{self, fixed};
use super::docs::{code, Doc};
use super::{ident, Ctx};
use crate::model::{Decode, EnumValue, Field, Operation, ResponseForm, Ty, TypeDef, TypeKind};
use crate::names::UNKNOWN_FIELDS;

/// The Rust type of a type expression.
pub fn ty(t: &Ty) -> Type {
    match t {
        Ty::String => ast::named_ty("String"),
        Ty::Bool => ast::named_ty("bool"),
        Ty::I32 => ast::named_ty("i32"),
        Ty::I64 => ast::named_ty("i64"),
        Ty::F64 => ast::named_ty("f64"),
        Ty::Json => ast::named_ty("serde_json::Value"),
        Ty::List(item) => generic("Vec", [ty(item)]),
        Ty::Map(value) => generic(
            "std::collections::BTreeMap",
            [ast::named_ty("String"), ty(value)],
        ),
        Ty::Named(name) => ast::ident_ty(&ident(name)),
    }
}

fn generic(path: &str, args: impl IntoIterator<Item = Type>) -> Type {
    ast::path_ty(ast::generic_path(path, args))
}

/// The Rust type of a field before `Option`: secrets and boxes applied.
pub fn field_value_ty(f: &Field) -> Type {
    let base = if f.secret {
        ast::named_ty("crate::runtime::SecretString")
    } else {
        ty(&f.ty)
    };
    if f.boxed {
        generic("Box", [base])
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
        generic("Option", [value])
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

/// `f.required(&mut slot)` (or `optional`, `required_with(.., decoder)`,
/// `optional_with`): reads the value of the field `Fields::next` named.
/// The runtime's lenient list decoder a `decode:` rule names.
fn decoder(decode: Decode) -> &'static str {
    match decode {
        Decode::OneOrMany => "crate::runtime::decode::OneOrMany",
        Decode::JsonString => "crate::runtime::decode::JsonString",
    }
}

fn decode_field(fields: &str, f: &Field) -> Expr {
    let slot = ast::reference(ast::path_expr(&f.rust_name), true);
    let decoder = f.decode.map(|decode| ast::path_expr(decoder(decode)));
    let method = match (&decoder, f.required) {
        (None, true) => "required",
        (None, false) => "optional",
        (Some(_), true) => "required_with",
        (Some(_), false) => "optional_with",
    };
    ast::method(
        ast::path_expr(fields),
        method,
        std::iter::once(slot).chain(decoder),
    )
}

/// `impl Decode` for a struct: `FIELDS`, the wire names, and a `decode`
/// that reads the object's fields as they come into one slot each,
/// `while let Some(i) = f.next()? { match i { 0 => f.required(&mut a), .. } }`,
/// then unwraps the required ones together (`let (Some(a), ..) = (a, ..) else
/// { return Err(f.missing(&[0, ..])); };`) and builds the struct. Reading a
/// value cannot fail (the runtime keeps the first error for the next
/// `next()`), so there is one `?` in all.
fn decode_impl(name: &Ident, fields: &[Field]) -> Item {
    // Locals are named after the fields; the parameter and the index avoid them.
    let free = |base: &str| {
        let mut name = base.to_owned();
        while fields.iter().any(|f| f.rust_name == name) {
            name.push('_');
        }
        name
    };
    let (param, index) = (free("f"), free("i"));
    let receiver = || ast::path_expr(&param);
    let mut stmts = Vec::new();
    if !fields.is_empty() {
        let slots = fields
            .iter()
            .map(|f| ast::mut_ident_pat(ident(&f.rust_name)))
            .collect();
        let nones = fields.iter().map(|_| ast::path_expr("None")).collect();
        stmts.push(ast::let_(ast::tuple_pat(slots), ast::tuple_expr(nones)));
    }
    let next = ast::try_(ast::method(receiver(), "next", []));
    let arms = fields
        .iter()
        .enumerate()
        .map(|(i, f)| ast::arm(ast::int_pat(i), decode_field(&param, f)))
        .chain([ast::arm(fixed!(syn::Pat: _), fixed!(Expr: {}))]);
    // One field: every index `next` returns is 0.
    let read = if fields.len() <= 1 {
        let body = fields
            .iter()
            .map(|f| ast::stmt(decode_field(&param, f)))
            .collect();
        ast::while_let(None, ast::method(next, "is_some", []), body)
    } else {
        let body = vec![ast::tail(ast::match_expr(ast::path_expr(&index), arms))];
        ast::while_let(Some(ast::some_pat(ident(&index))), next, body)
    };
    stmts.push(ast::stmt(read));
    let required: Vec<(usize, &Field)> = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.required)
        .collect();
    if !required.is_empty() {
        let pat = required
            .iter()
            .map(|(_, f)| ast::some_pat(ident(&f.rust_name)))
            .collect();
        let slots = required
            .iter()
            .map(|(_, f)| ast::path_expr(&f.rust_name))
            .collect();
        let indices = ast::array_ref(required.iter().map(|(i, _)| ast::int_lit(*i)));
        let missing = ast::method(receiver(), "missing", [indices]);
        let otherwise = ast::stmt(Expr::Return(syn::ExprReturn {
            attrs: Vec::new(),
            return_token: Default::default(),
            expr: Some(Box::new(ast::call(ast::path_expr("Err"), [missing]))),
        }));
        stmts.push(ast::let_else(
            ast::tuple_pat(pat),
            ast::tuple_expr(slots),
            otherwise,
        ));
    }
    let values = fields
        .iter()
        .map(|f| (ident(&f.rust_name), ast::path_expr(&f.rust_name)))
        .chain([(ident(UNKNOWN_FIELDS), ast::method(receiver(), "finish", []))]);
    stmts.push(ast::tail(ast::call(
        ast::path_expr("Ok"),
        [ast::struct_lit(ast::path("Self"), values)],
    )));
    let mut decode: syn::ImplItemFn = fixed!(syn::ImplItemFn:
        #[inline]
        fn decode<'de, A: serde::de::MapAccess<'de>>(
            mut f: crate::runtime::object::Fields<'de, A>,
        ) -> Result<Self, A::Error> {}
    );
    if let Some(syn::FnArg::Typed(arg)) = decode.sig.inputs.first_mut() {
        if let syn::Pat::Ident(p) = &mut *arg.pat {
            p.ident = ident(&param);
        }
    }
    decode.block.stmts = stmts;
    let mut names: syn::ImplItemConst = fixed!(syn::ImplItemConst:
        const FIELDS: &'static [&'static str] = X;
    );
    names.expr = ast::array_ref(fields.iter().map(|f| ast::str_lit(&f.wire_name)));
    ast::impl_item(
        Some(ast::path("crate::runtime::object::Decode")),
        ast::ident_ty(name),
        vec![syn::ImplItem::Const(names), syn::ImplItem::Fn(decode)],
    )
}

/// A public struct's fields, each with its doc comment (`doc` adds to it).
pub fn members(fields: &[Field], doc: impl Fn(&Field, Doc) -> Doc) -> Vec<syn::Field> {
    fields
        .iter()
        .map(|f| {
            let doc = doc(f, field_doc(f)).attr();
            ast::field(vec![doc], true, ident(&f.rust_name), field_ty(f))
        })
        .collect()
}

/// `impl Encode` for a struct: `e.unknown(&self.unknown_fields);` first
/// (written last), then `e.required("wire", &self.field);` per field in order.
fn encode_impl(name: &Ident, fields: &[Field]) -> Item {
    let entry = |method: &str, wire: Option<&str>, member: &Ident| {
        let value = ast::reference(ast::self_field(member), false);
        let args = wire.map(ast::str_lit).into_iter().chain([value]);
        ast::stmt(ast::method(ast::path_expr("e"), method, args))
    };
    // The unknown fields are given first and written last.
    let stmts: Vec<_> = std::iter::once(entry("unknown", None, &ident(UNKNOWN_FIELDS)))
        .chain(fields.iter().map(|f| {
            let method = if f.required { "required" } else { "optional" };
            entry(method, Some(&f.wire_name), &ident(&f.rust_name))
        }))
        .collect();
    let sig = fixed!(syn::Signature: fn encode<'a, M: serde::ser::SerializeMap>(&'a self, e: &mut crate::runtime::object::Entries<'a, M>));
    let encode = ast::method_item(vec![ast::inline()], false, sig, stmts);
    ast::impl_item(
        Some(ast::path("crate::runtime::object::Encode")),
        ast::ident_ty(name),
        vec![encode],
    )
}

/// An operation's response type: an alias of the runtime's `Response<T>`
/// (see [`ResponseForm`]) or a struct; the documents' own name for it, if
/// another, is a doc alias.
pub fn response_def(op: &Operation, ctx: &Ctx) -> Vec<Item> {
    let mut items = match &op.response_form {
        ResponseForm::Struct { request_id } => {
            let mut items = type_def(&op.response, ctx);
            if let Some((field, required)) = request_id {
                items.push(request_id_impl(&op.response.name, field, *required));
            }
            items
        }
        ResponseForm::Enveloped { data, decode } => {
            let data = data.as_ref().map_or(fixed!(Type: ()), ty);
            let args = std::iter::once(data).chain(decode.map(|d| ast::named_ty(decoder(d))));
            let doc = Doc::new().text(&op.response.description).attr();
            let mut alias: syn::ItemType = fixed!(syn::ItemType:
                pub type T = crate::runtime::Response<X>;
            );
            alias.attrs.push(doc);
            alias.ident = ident(&op.response.name);
            *alias.ty = generic("crate::runtime::Response", args);
            vec![Item::Type(alias)]
        }
    };
    if let (Some(vendor), Some(first)) = (&op.response_vendor_name, items.first_mut()) {
        let attr: Attribute = syn::parse_quote!(#[doc(alias = #vendor)]);
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
    let (name, field) = (ident(name), ident(field));
    let value = if required {
        quote::quote!(Some(self.#field.as_str()))
    } else {
        quote::quote!(self.#field.as_deref())
    };
    syn::parse_quote! {
        impl crate::runtime::RequestId for #name {
            fn request_id(&self) -> Option<&str> {
                #value
            }
        }
    }
}

/// The items of a type definition.
pub fn type_def(t: &TypeDef, ctx: &Ctx) -> Vec<Item> {
    match &t.kind {
        TypeKind::Struct { fields } => struct_def(t, fields, ctx),
        TypeKind::Enum { values } => enum_def(t, values),
    }
}

fn struct_def(t: &TypeDef, fields: &[Field], ctx: &Ctx) -> Vec<Item> {
    let name = ident(&t.name);
    let doc = Doc::new().text(&t.description).note(t.note.as_ref());
    let doc = if doc.is_empty() {
        Doc::new().raw(format!("The `{}` object.", t.name))
    } else {
        doc
    };
    let derive = if ctx.defaultable.contains(&t.name) {
        fixed!(Attribute: #[derive(Debug, Clone, PartialEq, Default,)])
    } else {
        fixed!(Attribute: #[derive(Debug, Clone, PartialEq,)])
    };
    let attrs = vec![doc.attr(), derive, fixed!(Attribute: #[non_exhaustive])];
    let mut members = members(fields, |_, doc| doc);
    members.push(fixed!(syn::Field:
        /// Fields the API sent that the spec does not describe, kept so that
        /// re-encoding loses nothing.
        pub unknown_fields: crate::runtime::UnknownFields
    ));
    let unknown = ident(UNKNOWN_FIELDS);
    let mut items = vec![ast::struct_item(attrs, name.clone(), members)];
    items.extend(constructor(
        &name,
        fields,
        fixed!(Attribute: #[doc = " Creates the value from its required fields; optional ones start unset."]),
        Some((unknown, fixed!(Expr: crate::runtime::UnknownFields::default()))),
    ));
    items.push(decode_impl(&name, fields));
    items.push(encode_impl(&name, fields));
    items.push(ast::macro_with(
        fixed!(syn::ItemMacro: crate::runtime::object::impl_serde!(T);),
        name.into_token_stream(),
    ));
    items
}

/// `impl Name { pub fn new(required...) -> Self }`, for a struct with required
/// fields: `#[non_exhaustive]` keeps struct literals out of users' code, so
/// this is how they build one (optional fields start unset and are public to
/// assign). `extra` is one more field and its value.
pub fn constructor(
    name: &Ident,
    fields: &[Field],
    doc: Attribute,
    extra: Option<(Ident, Expr)>,
) -> Option<Item> {
    let any_required = fields.iter().any(|f| f.required);
    any_required
        .then(|| ast::impl_item(None, ast::ident_ty(name), vec![new_fn(fields, doc, extra)]))
}

/// `pub fn new(required...) -> Self`.
pub fn new_fn(fields: &[Field], doc: Attribute, extra: Option<(Ident, Expr)>) -> ImplItem {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let args = required
        .iter()
        .map(|f| (ident(&f.rust_name), ast::impl_into(field_value_ty(f))));
    let inits = fields
        .iter()
        .map(|f| {
            let name = ident(&f.rust_name);
            let value = if f.required {
                ast::method(ast::path_expr(&f.rust_name), "into", [])
            } else {
                ast::path_expr("None")
            };
            (name, value)
        })
        .chain(extra);
    let mut attrs = vec![doc];
    if required.len() > 7 {
        attrs.push(fixed!(Attribute: #[allow(clippy::too_many_arguments)]));
    }
    let sig = ast::signature(ident("new"), None, args, Some(ast::named_ty("Self")));
    let body = ast::tail(ast::struct_lit(ast::path("Self"), inits));
    ast::method_item(attrs, true, sig, vec![body])
}

fn enum_def(t: &TypeDef, values: &[EnumValue]) -> Vec<Item> {
    let name = ident(&t.name);
    let doc = Doc::new()
        .text(&t.description)
        .raw("Values this SDK does not know decode to `Unknown` and encode back unchanged.")
        .note(t.note.as_ref());
    let variants: Vec<Ident> = values.iter().map(|v| ident(&v.rust_name)).collect();
    let variant_path = |v: &Ident| format!("Self::{v}");
    let mut def: syn::ItemEnum = fixed!(syn::ItemEnum:
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum T {
            /// A value this version of the SDK does not know, kept verbatim.
            Unknown(crate::runtime::UnknownValue),
        }
    );
    def.attrs.insert(0, doc.attr());
    def.ident = name.clone();
    let unknown = def.variants.pop();
    def.variants = values
        .iter()
        .zip(&variants)
        .map(|(v, variant)| {
            let doc = Doc::new()
                .text(&v.description)
                .raw(format!("Wire value: {}.", code(&v.wire)))
                .note(v.note.as_ref());
            syn::Variant {
                attrs: vec![doc.attr()],
                ident: variant.clone(),
                fields: syn::Fields::Unit,
                discriminant: None,
            }
        })
        .chain(unknown)
        .collect();

    let known = ast::reference(
        Expr::Array(syn::ExprArray {
            attrs: Vec::new(),
            bracket_token: Default::default(),
            elems: values.iter().map(|v| ast::str_lit(&v.wire)).collect(),
        }),
        false,
    );
    let mut known_values: syn::ImplItemConst = fixed!(syn::ImplItemConst:
        /// Every documented wire value, in the document's order.
        pub const KNOWN_VALUES: &'static [&'static str] = &[];
    );
    known_values.expr = known;
    let as_str_arms = values
        .iter()
        .zip(&variants)
        .map(|(v, variant)| ast::arm(ast::path_pat(&variant_path(variant)), ast::str_lit(&v.wire)))
        .chain([fixed!(Arm: Self::Unknown(value) => value.as_str(),)]);
    let as_str = ast::method_item(
        vec![
            fixed!(Attribute: #[doc = " The value as it is sent on the wire."]),
            ast::inline(),
        ],
        true,
        fixed!(syn::Signature: fn as_str(&self) -> &str),
        vec![ast::tail(ast::match_expr(
            ast::path_expr("self"),
            as_str_arms,
        ))],
    );
    let from_arms = values
        .iter()
        .zip(&variants)
        .map(|(v, variant)| {
            ast::arm(
                ast::str_pat(&v.wire),
                ast::path_expr(&variant_path(variant)),
            )
        })
        .chain([fixed!(Arm: other => Self::Unknown(crate::runtime::UnknownValue::new(other)),)]);
    let from = ast::method_item(
        vec![ast::inline()],
        false,
        fixed!(syn::Signature: fn from(value: &str) -> Self),
        vec![ast::tail(ast::match_expr(
            ast::path_expr("value"),
            from_arms,
        ))],
    );

    let for_name = |item: syn::ItemImpl| {
        Item::Impl(syn::ItemImpl {
            self_ty: Box::new(ast::ident_ty(&name)),
            ..item
        })
    };
    vec![
        Item::Enum(def),
        ast::impl_item(
            None,
            ast::ident_ty(&name),
            vec![ImplItem::Const(known_values), as_str],
        ),
        ast::impl_item(
            Some(fixed!(syn::Path: From<&str>)),
            ast::ident_ty(&name),
            vec![from],
        ),
        for_name(fixed!(syn::ItemImpl:
            impl crate::runtime::QueryValue for T {
                #[inline]
                fn push_query(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
                    out.push((name, self.as_str().to_owned()));
                }
            }
        )),
        for_name(fixed!(syn::ItemImpl:
            impl std::fmt::Display for T {
                #[inline]
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        )),
        for_name(fixed!(syn::ItemImpl:
            impl serde::Serialize for T {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        )),
        for_name(fixed!(syn::ItemImpl:
            impl<'de> serde::Deserialize<'de> for T {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    crate::runtime::enums::deserialize(deserializer)
                }
            }
        )),
    ]
}

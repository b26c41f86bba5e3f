//! Structs and enums.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, Doc};
use super::{ident, Ctx};
use crate::model::{Decode, Field, Ty, TypeDef, TypeKind};
use crate::names::UNKNOWN_FIELDS;

/// The Rust type of a type expression.
pub fn ty(t: &Ty) -> TokenStream {
    match t {
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F64 => quote!(f64),
        Ty::Json => quote!(serde_json::Value),
        Ty::List(item) => {
            let item = ty(item);
            quote!(Vec<#item>)
        }
        Ty::Map(value) => {
            let value = ty(value);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        Ty::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

/// The Rust type of a field before `Option`: secrets and boxes applied.
pub fn field_value_ty(f: &Field) -> TokenStream {
    let base = if f.secret {
        quote!(crate::runtime::SecretString)
    } else {
        ty(&f.ty)
    };
    if f.boxed {
        quote!(Box<#base>)
    } else {
        base
    }
}

/// The full Rust type of a field.
pub fn field_ty(f: &Field) -> TokenStream {
    let value = field_value_ty(f);
    if f.required {
        value
    } else {
        quote!(Option<#value>)
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

/// The expression that decodes one field in `Decode::decode` (`f` holds the
/// object's fields).
pub fn decode_field(f: &Field) -> TokenStream {
    let wire = &f.wire_name;
    let decoder = f.decode.map(|decode| match decode {
        Decode::OneOrMany => quote!(crate::runtime::decode::one_or_many),
        Decode::JsonString => quote!(crate::runtime::decode::json_string),
    });
    match (decoder, f.required) {
        (None, true) => quote!(f.required(#wire)?),
        (None, false) => quote!(f.optional(#wire)?),
        (Some(decoder), true) => quote!(f.required_with(#wire, #decoder)?),
        (Some(decoder), false) => quote!(f.optional_with(#wire, #decoder)?),
    }
}

/// `impl Encode` for a struct (`e` collects the entries): its fields in
/// order, then `extra`.
pub fn encode_impl(name: &syn::Ident, fields: &[Field], extra: TokenStream) -> TokenStream {
    let entries = fields.iter().map(|f| {
        let (wire, member) = (&f.wire_name, ident(&f.rust_name));
        if f.required {
            quote!(e.required(#wire, &self.#member);)
        } else {
            quote!(e.optional(#wire, &self.#member);)
        }
    });
    let e = if fields.is_empty() && extra.is_empty() {
        quote!(_e)
    } else {
        quote!(e)
    };
    quote! {
        impl crate::runtime::object::Encode for #name {
            #[inline]
            fn encode<'a>(&'a self, #e: &mut crate::runtime::object::Entries<'a>) {
                #(#entries)*
                #extra
            }
        }
    }
}

pub fn type_def(t: &TypeDef, ctx: &Ctx) -> TokenStream {
    match &t.kind {
        TypeKind::Struct { fields } => struct_def(t, fields, ctx),
        TypeKind::Enum { values } => enum_def(t, values),
    }
}

fn struct_def(t: &TypeDef, fields: &[Field], ctx: &Ctx) -> TokenStream {
    let name = ident(&t.name);
    let doc = Doc::new().text(&t.description).note(t.note.as_ref());
    let doc = if doc.is_empty() {
        Doc::new().raw(format!("The `{}` object.", t.name))
    } else {
        doc
    };
    let doc = doc.outer();
    let default = ctx.defaultable.contains(&t.name).then(|| quote!(Default,));
    let members = fields.iter().map(|f| {
        let (doc, name, ty) = (field_doc(f).outer(), ident(&f.rust_name), field_ty(f));
        quote! { #doc pub #name: #ty, }
    });
    let decodes = fields.iter().map(|f| {
        let (name, value) = (ident(&f.rust_name), decode_field(f));
        quote!(#name: #value,)
    });
    let unknown = ident(UNKNOWN_FIELDS);
    let constructor = constructor(&name, fields);
    let encode = encode_impl(&name, fields, quote!(e.unknown(&self.#unknown);));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
            /// Fields the API sent that the spec does not describe, kept so that
            /// re-encoding loses nothing.
            pub #unknown: serde_json::Map<String, serde_json::Value>,
        }
        #constructor
        impl crate::runtime::object::Decode for #name {
            #[inline]
            fn decode(f: &mut crate::runtime::object::Fields) -> Result<Self, serde_json::Error> {
                Ok(Self { #(#decodes)* #unknown: f.unknown() })
            }
        }
        #encode
        crate::runtime::object::impl_serde!(#name);
    }
}

/// `new(required...)` for a struct with required fields: `#[non_exhaustive]`
/// keeps struct literals out of users' code, so this is how they build one
/// (optional fields start unset and are public to assign).
fn constructor(name: &syn::Ident, fields: &[Field]) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    if required.is_empty() {
        return quote!();
    }
    let args = required.iter().map(|f| {
        let (name, ty) = (ident(&f.rust_name), field_value_ty(f));
        quote!(#name: impl Into<#ty>)
    });
    let inits = fields.iter().map(|f| {
        let name = ident(&f.rust_name);
        if f.required {
            quote!(#name: #name.into())
        } else {
            quote!(#name: None)
        }
    });
    let unknown = ident(UNKNOWN_FIELDS);
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #name {
            /// Creates the value from its required fields; optional ones start unset.
            #many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #unknown: serde_json::Map::new() }
            }
        }
    }
}

fn enum_def(t: &TypeDef, values: &[crate::model::EnumValue]) -> TokenStream {
    let name = ident(&t.name);
    let doc = Doc::new()
        .text(&t.description)
        .raw("Values this SDK does not know decode to `Unknown` and encode back unchanged.")
        .note(t.note.as_ref())
        .outer();
    let variants: Vec<_> = values.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<_> = values.iter().map(|v| v.wire.as_str()).collect();
    let docs = values.iter().map(|v| {
        Doc::new()
            .text(&v.description)
            .raw(format!("Wire value: {}.", code(&v.wire)))
            .note(v.note.as_ref())
            .outer()
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#docs #variants,)*
            /// A value this version of the SDK does not know, kept verbatim.
            Unknown(crate::runtime::UnknownValue),
        }

        impl #name {
            /// Every documented wire value, in the document's order.
            pub const KNOWN_VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::Unknown(crate::runtime::UnknownValue::new(other)),
                }
            }
        }

        impl crate::runtime::QueryValue for #name {
            fn push_query(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
                out.push((name, self.as_str().to_owned()));
            }
        }

        impl std::fmt::Display for #name {
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
    }
}

/// Names of structs that can derive `Default`: every required field has a
/// type with a default (enums have none, so a required enum field blocks it).
pub fn defaultable(types: &[&TypeDef]) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Struct { .. }))
        .map(|t| t.name.clone())
        .collect();
    loop {
        let before = set.len();
        for t in types {
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

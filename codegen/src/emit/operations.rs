//! Per operation: the request type, its `Operation` impl, and example tests.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, Doc};
use super::ident;
use super::types::{encode_impl, field_doc, field_ty, field_value_ty};
use crate::model::{Auth, Call, Operation, ParamLocation, Protocol, Service, Ty};

/// How the operation is called, as shown in docs and in `OperationInfo`.
fn method_and_path(call: &Call) -> (String, &str, Option<&str>) {
    match call {
        Call::Http { method, path } => (format!("{method:?}").to_uppercase(), path.as_str(), None),
        // Alibaba Cloud's SDKs send every RPC call as `POST /`, parameters in the query.
        Call::Rpc { action } => ("POST".to_owned(), "/", Some(action.as_str())),
    }
}

pub fn request(op: &Operation, service: &Service) -> TokenStream {
    let req = &op.request;
    let name = ident(&req.name);
    let response = ident(&op.response.name);
    let (method, path, action) = method_and_path(&op.call);
    let call_doc = match action {
        Some(a) => format!(
            "Action {}, version {} (`{method} {path}`).",
            code(a),
            code(&service.api_version)
        ),
        None => format!("`{method} {path}`."),
    };
    let doc = Doc::new()
        .text(&op.summary)
        .text(&op.description)
        .raw(format!(
            "Request of operation {}: {call_doc} Source document: {}.",
            code(&op.wire_name),
            code(&op.source)
        ))
        .note(op.note.as_ref())
        .outer();

    let required: Vec<_> = req.params.iter().filter(|p| p.required).collect();
    let optional: Vec<_> = req.params.iter().filter(|p| !p.required).collect();
    let default = required.is_empty().then(|| quote!(Default,));
    let members = req.params.iter().map(|p| {
        let place = match p.location {
            Some(ParamLocation::Body) => "Sent in the JSON body.",
            _ => "Sent in the query string.",
        };
        let doc = field_doc(p).raw(place).outer();
        let (name, ty) = (ident(&p.rust_name), field_ty(p));
        quote! { #doc pub #name: #ty, }
    });

    let args = required.iter().map(|p| {
        let (name, ty) = (ident(&p.rust_name), field_value_ty(p));
        quote!(#name: impl Into<#ty>)
    });
    let inits = req.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        if p.required {
            quote!(#name: #name.into())
        } else {
            quote!(#name: None)
        }
    });
    let many_args = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let setters = optional.iter().map(|p| {
        let name = ident(&p.rust_name);
        let ty = field_value_ty(p);
        let doc = format!(" Sets {}.", code(&p.wire_name));
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #name(mut self, value: impl Into<#ty>) -> Self {
                self.#name = Some(value.into());
                self
            }
        }
    });

    let encode = encode_impl(&name, &req.params, quote!());
    let (service_name, wire_name) = (&service.name, &op.wire_name);
    let (version, endpoint, idempotent) = (&service.api_version, &service.endpoint, op.idempotent);
    let action = match action {
        Some(a) => quote!(Some(#a)),
        None => quote!(None),
    };
    let query_params: Vec<_> = req
        .params
        .iter()
        .filter(|p| p.location != Some(ParamLocation::Body))
        .collect();
    let query = if query_params.is_empty() {
        quote!(Vec::new())
    } else {
        let pushes = query_params.iter().map(|p| {
            let (name, wire) = (ident(&p.rust_name), &p.wire_name);
            quote!(crate::runtime::QueryValue::push_query(&self.#name, #wire, &mut query);)
        });
        quote! {
            let mut query = Vec::new();
            #(#pushes)*
            query
        }
    };
    let body_params: Vec<_> = req
        .params
        .iter()
        .filter(|p| p.location == Some(ParamLocation::Body))
        .collect();
    let body = if body_params.is_empty() {
        quote!(None)
    } else {
        let puts = body_params.iter().map(|p| {
            let (name, wire) = (ident(&p.rust_name), &p.wire_name);
            quote!(crate::runtime::put_body(&mut body, #wire, &self.#name);)
        });
        quote! {
            let mut body = serde_json::Map::new();
            #(#puts)*
            Some(serde_json::Value::Object(body))
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
        }
        #encode
        crate::runtime::object::impl_serialize!(#name);

        impl #name {
            /// Creates the request from its required parameters; optional ones start unset.
            #many_args
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }

        impl crate::runtime::Operation for #name {
            type Response = #response;
            const INFO: crate::runtime::OperationInfo = crate::runtime::OperationInfo {
                service: #service_name,
                name: #wire_name,
                method: #method,
                path: #path,
                action: #action,
                version: #version,
                endpoint: #endpoint,
                idempotent: #idempotent,
            };

            fn query(&self) -> Vec<(&'static str, String)> {
                #query
            }

            fn body(&self) -> Option<serde_json::Value> {
                #body
            }
        }
    }
}

/// The client method of an operation, on the client type of the service's protocol.
pub fn client_method(op: &Operation, service: &Service) -> TokenStream {
    let client = client_type(service);
    let (method, request, response) = (
        ident(&op.rust_name),
        ident(&op.request.name),
        ident(&op.response.name),
    );
    let retry = if op.idempotent {
        "Retried on throttling, 5xx, timeouts and connection errors."
    } else {
        "Not retried automatically: the operation is not idempotent."
    };
    let doc = Doc::new()
        .text(&op.summary)
        .raw(format!("Calls {}. {retry}", code(&op.wire_name)))
        .outer();
    quote! {
        impl #client {
            #doc
            pub async fn #method(&self, request: #request) -> Result<#response, crate::runtime::Error> {
                self.call(&request).await
            }
        }
    }
}

/// The hand-written runtime client that speaks a protocol.
pub fn client_type(service: &Service) -> TokenStream {
    let (name, module) = (client_name(service), ident(&service.name));
    quote!(crate::#module::#name)
}

/// The client type a service module exports: its own instantiation of the
/// runtime client of its protocol.
pub fn client_name(service: &Service) -> syn::Ident {
    match service.protocol {
        Protocol::RestJson if service.auth == Auth::UserToken => ident("AuthenticationClient"),
        Protocol::RestJson => ident("ManagementClient"),
        Protocol::Rpc => ident("Client"),
    }
}

/// One `#[test]` per documented example: it decodes into the response type and
/// re-encodes to the same JSON (or to `reencoded`, where a noted decision says so).
pub fn example_tests(ops: &[Operation]) -> TokenStream {
    let tests: Vec<_> = ops
        .iter()
        .flat_map(|op| {
            let response = ident(&op.response.name);
            let cfg = super::cfg(op.feature.as_slice());
            op.examples.iter().map(move |ex| {
                let test = format_ident!("{}_{}", op.rust_name, ex.rust_name);
                // The whole response, or the one field the example shows (one
                // item where the field is a list and the example one object).
                let decoded = match &ex.field {
                    None => quote!(#response),
                    Some((_, Ty::List(item)))
                        if serde_json::from_str::<serde_json::Value>(&ex.json)
                            .is_ok_and(|v| v.is_object()) =>
                    {
                        super::types::ty(item)
                    }
                    Some((_, ty)) => super::types::ty(ty),
                };
                let json = &ex.json;
                let expected = match &ex.reencoded {
                    Some(r) => quote!(Some(#r)),
                    None => quote!(None),
                };
                let check = if ex.decodes {
                    quote!(crate::runtime::testing::assert_roundtrip::<#decoded>(#json, #expected);)
                } else {
                    quote!(crate::runtime::testing::assert_rejects::<#decoded>(#json);)
                };
                quote! {
                    #cfg
                    #[test]
                    fn #test() {
                        #check
                    }
                }
            })
        })
        .collect();
    if tests.is_empty() {
        return quote!();
    }
    quote! {
        #[cfg(test)]
        mod examples {
            #[allow(unused_imports)]
            use super::*;
            #(#tests)*
        }
    }
}

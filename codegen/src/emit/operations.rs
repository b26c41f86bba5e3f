//! Per operation: the request type, its `Operation` impl, and example tests.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};
use syn::{Attribute, Expr, ImplItem, Item, Stmt};

use super::ast::{self, fixed};
use super::docs::{code, Doc};
use super::ident;
use super::types::{field_value_ty, members, new_fn};
use crate::model::{Call, Field, NextPage, Operation, ParamLocation, Service, Step, Ty};
use crate::request_example::{request_example, Arg};

/// How the operation is called, as shown in docs and in `OperationInfo`.
fn method_and_path(call: &Call) -> (String, &str, Option<&str>) {
    match call {
        Call::Http { method, path } => (format!("{method:?}").to_uppercase(), path.as_str(), None),
        // Alibaba Cloud's SDKs send every RPC call as `POST /`, parameters in the query.
        Call::Rpc { action } => ("POST".to_owned(), "/", Some(action.as_str())),
    }
}

/// The request struct of an operation, its builder and its `Operation` impl.
pub fn request(op: &Operation, service: &Service) -> Vec<Item> {
    let req = &op.request;
    let name = ident(&req.name);
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
        .note(op.note.as_ref());
    let derive = if req.params.iter().any(|p| p.required) {
        fixed!(Attribute: #[derive(Debug, Clone, PartialEq,)])
    } else {
        fixed!(Attribute: #[derive(Debug, Clone, PartialEq, Default,)])
    };
    let attrs = vec![doc.attr(), derive, fixed!(Attribute: #[non_exhaustive])];
    let members = members(&req.params, |p, doc| {
        doc.raw(match p.location {
            Some(ParamLocation::Body) => "Sent in the JSON body.",
            _ => "Sent in the query string.",
        })
    });

    let new = new_fn(
        &req.params,
        fixed!(Attribute: #[doc = " Creates the request from its required parameters; optional ones start unset."]),
        None,
    );
    let setters = req.params.iter().filter(|p| !p.required).map(setter);
    // No `Serialize`: what is sent is `query()` and `body()`, and a JSON
    // form of the whole request would be neither (and would show secrets).
    let mut items = vec![ast::struct_item(attrs, name.clone(), members)];
    items.push(ast::impl_item(
        None,
        ast::ident_ty(&name),
        std::iter::once(new).chain(setters).collect(),
    ));
    items.push(operation_impl(op, service, &name));
    items
}

/// `pub fn name(mut self, value: impl Into<T>) -> Self`, an optional parameter's setter.
fn setter(p: &Field) -> ImplItem {
    let name = ident(&p.rust_name);
    let doc = ast::doc_attr(&format!(" Sets {}.", code(&p.wire_name)), false);
    let sig = ast::signature(
        name.clone(),
        Some(fixed!(syn::FnArg: mut self)),
        [(ident("value"), ast::impl_into(field_value_ty(p)))],
        Some(ast::named_ty("Self")),
    );
    let set = ast::call(
        ast::path_expr("Some"),
        [ast::method(ast::path_expr("value"), "into", [])],
    );
    let assign = Expr::Assign(syn::ExprAssign {
        attrs: Vec::new(),
        left: Box::new(ast::self_field(&name)),
        eq_token: Default::default(),
        right: Box::new(set),
    });
    ast::method_item(
        vec![doc, fixed!(Attribute: #[must_use])],
        true,
        sig,
        vec![ast::stmt(assign), ast::tail(ast::path_expr("self"))],
    )
}

/// `impl crate::runtime::Operation for Request`: what the runtime needs to send it.
fn operation_impl(op: &Operation, service: &Service, name: &syn::Ident) -> Item {
    let (method, path, action) = method_and_path(&op.call);
    let str_field = |field: &str, value: &str| (ident(field), ast::str_lit(value));
    let action = match action {
        Some(a) => ast::call(ast::path_expr("Some"), [ast::str_lit(a)]),
        None => ast::path_expr("None"),
    };
    let info = ast::struct_lit(
        ast::path("crate::runtime::OperationInfo"),
        [
            str_field("service", &service.name),
            str_field("name", &op.wire_name),
            str_field("method", &method),
            str_field("path", path),
            (ident("action"), action),
            str_field("version", &service.api_version),
            str_field("endpoint", &service.endpoint),
            (ident("idempotent"), ast::bool_lit(op.idempotent)),
        ],
    );
    let mut info_const: syn::ImplItemConst = fixed!(syn::ImplItemConst:
        const INFO: crate::runtime::OperationInfo = X;
    );
    info_const.expr = info;
    let mut response: syn::ImplItemType = fixed!(syn::ImplItemType: type Response = T;);
    response.ty = ast::ident_ty(&ident(&op.response.name));

    let params = &op.request.params;
    let in_query = |p: &&Field| p.location != Some(ParamLocation::Body);
    let query = if params.iter().any(|p| in_query(&p)) {
        let pushes = params.iter().filter(in_query).map(|p| {
            let args = [
                ast::reference(ast::self_field(&ident(&p.rust_name)), false),
                ast::str_lit(&p.wire_name),
                fixed!(Expr: &mut query),
            ];
            ast::stmt(ast::call(
                ast::path_expr("crate::runtime::QueryValue::push_query"),
                args,
            ))
        });
        let mut stmts: Vec<Stmt> = fixed!(Vec<Stmt>: let mut query = Vec::new(););
        stmts.extend(pushes);
        stmts.push(ast::tail(ast::path_expr("query")));
        stmts
    } else {
        vec![ast::tail(fixed!(Expr: Vec::new()))]
    };
    let in_body: Vec<&Field> = params
        .iter()
        .filter(|p| p.location == Some(ParamLocation::Body))
        .collect();
    let body = if in_body.is_empty() {
        vec![ast::tail(ast::path_expr("None"))]
    } else {
        let puts = in_body.iter().map(|p| {
            let args = [
                fixed!(Expr: &mut body),
                ast::str_lit(&p.wire_name),
                ast::reference(ast::self_field(&ident(&p.rust_name)), false),
            ];
            ast::stmt(ast::call(ast::path_expr("crate::runtime::put_body"), args))
        });
        let mut stmts: Vec<Stmt> = fixed!(Vec<Stmt>: let mut body = serde_json::Map::new(););
        stmts.extend(puts);
        stmts.push(ast::tail(
            fixed!(Expr: Some(serde_json::Value::Object(body))),
        ));
        stmts
    };
    ast::impl_item(
        Some(ast::path("crate::runtime::Operation")),
        ast::ident_ty(name),
        vec![
            ImplItem::Type(response),
            ImplItem::Const(info_const),
            ast::method_item(
                vec![ast::inline()],
                false,
                fixed!(syn::Signature: fn query(&self) -> Vec<(&'static str, String)>),
                query,
            ),
            ast::method_item(
                vec![ast::inline()],
                false,
                fixed!(syn::Signature: fn body(&self) -> Option<serde_json::Value>),
                body,
            ),
        ],
    )
}

/// The client method of an operation, on the client type of the service's protocol.
pub fn client_method(op: &Operation, service: &Service) -> Item {
    let retry = if op.idempotent {
        "Retried on throttling, 5xx, timeouts and connection errors."
    } else {
        "Not retried automatically: the operation is not idempotent."
    };
    let doc = Doc::new()
        .text(&op.summary)
        .raw(format!("Calls {}. {retry}", code(&op.wire_name)));
    let sig = ast::signature(
        ident(&op.rust_name),
        Some(fixed!(syn::FnArg: &self)),
        [(ident("request"), ast::ident_ty(&ident(&op.request.name)))],
        Some(call_type(&op.response.name)),
    );
    let method = ast::method_item(
        vec![doc.attr(), ast::inline()],
        true,
        sig,
        fixed!(Vec<Stmt>: self.call(&request)),
    );
    let mut methods = vec![method];
    if op.paging.is_some() {
        methods.extend(paginator_methods(op));
    }
    ast::impl_item(None, ast::path_ty(client_path(service)), methods)
}

/// `<op>_pages` and `<op>_items`, the paginators of a list operation.
fn paginator_methods(op: &Operation) -> Vec<syn::ImplItem> {
    let request = ident(&op.request.name);
    let name = op.rust_name.trim_start_matches("r#");
    let (pages, items) = (format_ident!("{name}_pages"), format_ident!("{name}_items"));
    let pages_doc = format!(
        " The pages of {}, one call each, from the request's page on.",
        code(&op.wire_name)
    );
    let items_doc = format!(
        " The items of {}, page after page, from the request's page on.",
        code(&op.wire_name)
    );
    let block: syn::ItemImpl = syn::parse_quote! {
        impl X {
            #[doc = #pages_doc]
            pub fn #pages(&self, request: #request) -> crate::runtime::Pages<'_, Self, #request> {
                crate::runtime::Pages::new(self, request)
            }
            #[doc = #items_doc]
            pub fn #items(&self, request: #request) -> crate::runtime::Items<'_, Self, #request> {
                crate::runtime::Items::new(self, request)
            }
        }
    };
    block.items
}

/// `impl Paged` for a list operation's request: its page parameters, and
/// the items and total in its response's `data`.
pub fn paged_impl(op: &Operation) -> Option<Item> {
    let paging = op.paging.as_ref()?;
    let request = ident(&op.request.name);
    let item = super::types::ty(&paging.item);
    let get_limit = get_path(&paging.limit);
    // The items and total are read from `d`, the response's data, or from
    // the response itself.
    let base = if paging.in_data {
        quote!(d)
    } else {
        quote!(response)
    };
    let (count, take) = match &paging.items {
        None => (quote!(d.len()), quote!(response.data.unwrap_or_default())),
        Some(items) => {
            let items = ident(items);
            match (paging.in_data, paging.items_required) {
                (true, true) => (
                    quote!(d.#items.len()),
                    quote!(response.data.map(|d| d.#items).unwrap_or_default()),
                ),
                (true, false) => (
                    quote!(d.#items.as_ref().map_or(0, Vec::len)),
                    quote!(response.data.and_then(|d| d.#items).unwrap_or_default()),
                ),
                (false, true) => (quote!(response.#items.len()), quote!(response.#items)),
                (false, false) => (
                    quote!(response.#items.as_ref().map_or(0, Vec::len)),
                    quote!(response.#items.unwrap_or_default()),
                ),
            }
        }
    };
    let total = match &paging.total {
        Some((field, true)) => {
            let field = ident(field);
            quote!(Some(#base.#field))
        }
        Some((field, false)) => {
            let field = ident(field);
            quote!(#base.#field)
        }
        None => quote!(None),
    };
    let counts = if paging.in_data {
        quote!(response.data.as_ref().map_or((0, None), |d| (#count, #total)))
    } else {
        quote!((#count, #total))
    };
    let next = match &paging.next {
        NextPage::Number(page) => {
            // A page number where the document types the page as a string.
            let value = match page.last() {
                Some(last) if last.text => quote!(page.to_string()),
                _ => quote!(page),
            };
            let (get_page, set_page) = (get_path(page), set_path(page, value));
            quote! {
                fn page(&self) -> Option<i64> {
                    #get_page
                }
                fn limit(&self) -> Option<i64> {
                    #get_limit
                }
                fn set_page(&mut self, page: i64) {
                    #set_page
                }
            }
        }
        NextPage::Token { at, from } => {
            let (field, set_token) = (ident(&from.0), set_path(at, quote!(token.to_owned())));
            let token = match (paging.in_data, from.1) {
                (true, true) => quote!(response.data.as_ref().map(|d| d.#field.as_str())),
                (true, false) => quote!(response.data.as_ref().and_then(|d| d.#field.as_deref())),
                (false, true) => quote!(Some(response.#field.as_str())),
                (false, false) => quote!(response.#field.as_deref()),
            };
            quote! {
                const BY_TOKEN: bool = true;
                fn set_next_token(&mut self, response: &Self::Response) -> bool {
                    match #token.filter(|token| !token.is_empty()) {
                        Some(token) => {
                            #set_token
                            true
                        }
                        None => false,
                    }
                }
                fn limit(&self) -> Option<i64> {
                    #get_limit
                }
            }
        }
    };
    Some(syn::parse_quote! {
        impl crate::runtime::Paged for #request {
            type Item = #item;
            #next
            fn counts(response: &Self::Response) -> (usize, Option<i64>) {
                #counts
            }
            fn into_items(response: Self::Response) -> Vec<Self::Item> {
                #take
            }
        }
    })
}

/// `self.a<through>.b<through>.last`: the path's fields, each optional one
/// but the last followed by `through` (how to reach inside its `Option`).
fn walk(steps: &[Step], through: TokenStream) -> TokenStream {
    let mut expr = quote!(self);
    for (i, step) in steps.iter().enumerate() {
        let name = ident(&step.rust_name);
        expr = if step.required || i + 1 == steps.len() {
            quote!(#expr.#name)
        } else {
            quote!(#expr.#name #through)
        };
    }
    expr
}

/// The value at a paging path as an `Option<i64>`: `self.page`,
/// `Some(self.page)` or `self.options.as_ref()?.pagination.as_ref()?.page`
/// (a string page parsed: `self.page.as_deref()?.parse().ok()`).
fn get_path(steps: &[Step]) -> TokenStream {
    let expr = walk(steps, quote!(.as_ref()?));
    match steps.last() {
        Some(Step {
            text: true,
            required: true,
            ..
        }) => quote!(#expr.parse().ok()),
        Some(Step { text: true, .. }) => quote!(#expr.as_deref()?.parse().ok()),
        Some(last) if last.required => quote!(Some(#expr)),
        _ => expr,
    }
}

/// Sets the value at a paging path to `value`, creating the optional
/// structs on the way (`get_or_insert_with(Default::default)`).
fn set_path(steps: &[Step], value: TokenStream) -> TokenStream {
    let place = walk(steps, quote!(.get_or_insert_with(Default::default)));
    match steps.last() {
        Some(last) if last.required => quote!(#place = #value;),
        _ => quote!(#place = Some(#value);),
    }
}

/// The documented response the `testing` mock answers with: the first
/// example that is a whole response and decodes.
pub fn documented_response(op: &Operation) -> Option<&str> {
    let ex = op
        .examples
        .iter()
        .find(|ex| ex.field.is_none() && ex.decodes)?;
    Some(&ex.json)
}

/// `impl Documented` for a request whose operation has a documented
/// response (feature `testing`).
pub fn documented_impl(op: &Operation) -> Option<Item> {
    let json = documented_response(op)?;
    let request = ident(&op.request.name);
    Some(syn::parse_quote! {
        #[cfg(feature = "testing")]
        impl crate::runtime::mock::Documented for #request {
            const RESPONSE: &'static str = #json;
        }
    })
}

/// `mock.respond_documented::<Request>();` for each operation of `ops`
/// with a documented response.
pub fn respond_documented(ops: &[&Operation]) -> Vec<TokenStream> {
    ops.iter()
        .filter(|op| documented_response(op).is_some())
        .map(|op| {
            let request = ident(&op.request.name);
            quote!(mock.respond_documented::<#request>();)
        })
        .collect()
}

/// `crate::runtime::Call<'_, Response>`, the future a client method returns.
fn call_type(response: &str) -> syn::Type {
    let mut path = ast::generic_path("crate::runtime::Call", [ast::ident_ty(&ident(response))]);
    if let Some(syn::PathArguments::AngleBracketed(args)) =
        path.segments.last_mut().map(|s| &mut s.arguments)
    {
        let elided = syn::Lifetime::new("'_", proc_macro2::Span::call_site());
        args.args.insert(0, syn::GenericArgument::Lifetime(elided));
    }
    ast::path_ty(path)
}

/// `crate::<service>::<Client>`, the client type of the service.
fn client_path(service: &Service) -> syn::Path {
    let mut path = ast::path(&format!("crate::{}", service.name));
    path.segments.push(client_name(service).into());
    path
}

/// The client type a service module exports: its own instantiation of the
/// runtime client of its protocol.
pub fn client_name(service: &Service) -> syn::Ident {
    ident(crate::protocol::of(service).client)
}

/// One `#[test]` per documented example: it decodes into the response type and
/// re-encodes to the same JSON (or to `reencoded`, where a noted decision says so).
pub fn example_tests(ops: &[Operation]) -> TokenStream {
    let tests: Vec<_> = ops
        .iter()
        .flat_map(|op| {
            let response = ident(&op.response.name);
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
                        super::types::ty(item).into_token_stream()
                    }
                    Some((_, ty)) => super::types::ty(ty).into_token_stream(),
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
        mod examples {
            #[allow(unused_imports)]
            use super::super::*;
            #(#tests)*
        }
    }
}

/// One `#[test]` per operation with documented parameter examples: it builds
/// the request with `new` and the setters from the examples and checks the
/// query string and JSON body equal the examples (see [`request_example`]).
pub fn request_tests(ops: &[Operation], service: &Service) -> TokenStream {
    let tests: Vec<_> = ops
        .iter()
        .filter_map(|op| Some((op, request_example(op, service)?)))
        .map(|(op, plan)| {
            let params = &op.request.params;
            let value = |arg: &Arg| {
                let ty = super::types::ty(&params[arg.param].ty);
                let json = arg.value.to_string();
                quote!(example::<#ty>(#json))
            };
            let required = plan
                .args
                .iter()
                .filter(|a| params[a.param].required)
                .map(value);
            let setters = plan
                .args
                .iter()
                .filter(|a| !params[a.param].required)
                .map(|a| {
                    let setter = ident(&params[a.param].rust_name);
                    let value = value(a);
                    quote!(.#setter(#value))
                });
            let request = ident(&op.request.name);
            let query = plan.query.iter().map(|(k, v)| quote!((#k, #v)));
            let body = match &plan.body {
                Some(b) => {
                    let b = b.to_string();
                    quote!(Some(#b))
                }
                None => quote!(None),
            };
            let test = ident(&op.rust_name);
            quote! {
                #[test]
                fn #test() {
                    let request = #request::new(#(#required),*) #(#setters)*;
                    assert_request(&request, &[#(#query),*], #body);
                }
            }
        })
        .collect();
    if tests.is_empty() {
        return quote!();
    }
    quote! {
        mod requests {
            #[allow(unused_imports)]
            use super::super::*;
            #[allow(unused_imports)]
            use crate::runtime::testing::{assert_request, example};
            #(#tests)*
        }
    }
}

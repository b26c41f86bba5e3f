//! Per operation: the request type, its `Operation` impl, and example tests.

use syn::{Attribute, Expr, ImplItem, Item, Stmt, Type};

use super::ast;
use super::docs::{code, Doc, Docs};
use super::ident;
use super::template::template;
use super::types::{derive, field_value_ty, members, new_fn, query_pushes, sink_arg};
use crate::model::{Call, Field, NextPage, Operation, Param, ParamLocation, Service, Step, Ty};
use crate::protocol::{self, BodyEncoding};
use crate::request_example::{request_example, Arg};

/// How the operation is called, as shown in docs and in `OperationInfo`.
fn method_and_path(call: &Call) -> (String, &str, Option<&str>) {
    match call {
        Call::Http { method, path } => (format!("{method:?}").to_uppercase(), path.as_str(), None),
        // An RPC call is sent as `POST /`, its parameters in the query.
        Call::Rpc { action } => ("POST".to_owned(), "/", Some(action.as_str())),
    }
}

/// The request struct of an operation, its builder and its `Operation` impl.
pub fn request(op: &Operation, service: &Service, docs: &Docs) -> Vec<Item> {
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
    let body = match protocol::of(service).body {
        BodyEncoding::Json => "Sent in the JSON body.",
        BodyEncoding::Form => "Sent in the form body.",
    };
    let members = members(&req.params, docs, |p, doc| {
        doc.raw(match p.location {
            ParamLocation::Body => body,
            ParamLocation::Query => "Sent in the query string.",
        })
    });
    let new = new_fn(
        &req.params,
        template!(Attribute: #[doc = " Creates the request from its required parameters; optional ones start unset."]).fill(),
        None,
    );
    let methods: Vec<ImplItem> = std::iter::once(new)
        .chain(
            req.params
                .iter()
                .map(|p| &p.field)
                .filter(|f| !f.required)
                .map(setter),
        )
        .collect();
    // No `Serialize`: what is sent is `query()` and `body()`, and a JSON
    // form of the whole request would be neither (and would show secrets).
    let mut items = template!(syn::File:
        #[#doc]
        #[#derive]
        #[non_exhaustive]
        pub struct #name {
            #members: (),
        }
        impl #name {
            #methods!();
        }
    )
    .with("doc", doc.attr(docs))
    .with(
        "derive",
        derive(!req.params.iter().any(|p| p.field.required)),
    )
    .with("name", name.clone())
    .with("members", members)
    .with("methods", methods)
    .fill()
    .items;
    items.push(operation_impl(op, service, &name));
    items
}

/// `pub fn name(mut self, value: impl Into<T>) -> Self`, an optional parameter's setter.
fn setter(p: &Field) -> ImplItem {
    template!(ImplItem:
        #[#doc]
        #[must_use]
        pub fn #name(mut self, value: impl Into<#ty>) -> Self {
            self.#name = Some(value.into());
            self
        }
    )
    .with(
        "doc",
        ast::doc_attr(&format!(" Sets {}.", code(&p.wire_name)), false),
    )
    .with("name", ident(&p.rust_name))
    .with("ty", field_value_ty(p))
    .fill()
}

/// `impl crate::runtime::Operation for Request`: what the runtime needs to send it.
fn operation_impl(op: &Operation, service: &Service, name: &syn::Ident) -> Item {
    let (method, path, action) = method_and_path(&op.call);
    let action = match action {
        Some(a) => template!(Expr: Some(#a)).with("a", ast::str_lit(a)).fill(),
        None => template!(Expr: None).fill(),
    };
    let (body, query): (Vec<&Param>, Vec<&Param>) = op
        .request
        .params
        .iter()
        .partition(|p| p.location == ParamLocation::Body);
    let query = query_pushes("query", query);
    let (json, form) = match protocol::of(service).body {
        BodyEncoding::Json => (body, Vec::new()),
        BodyEncoding::Form => (Vec::new(), body),
    };
    let field = |p: &Param| ident(&p.field.rust_name);
    let wire = |p: &Param| ast::str_lit(&p.field.wire_name);
    let puts: Vec<Stmt> = json
        .into_iter()
        .map(|p| {
            template!(Stmt: crate::runtime::put_body(&mut body, #wire, &self.#field);)
                .with("field", field(p))
                .with("wire", wire(p))
                .fill()
        })
        .collect();
    let body = if puts.is_empty() {
        template!(syn::Block: { None })
    } else {
        template!(syn::Block: {
            let mut body = serde_json::Map::new();
            #puts;
            Some(serde_json::Value::Object(body))
        })
        .with("puts", puts)
    }
    .fill()
    .stmts;
    // The trait's `form` writes nothing: only a form's parameters need one.
    let form = query_pushes("form", form);
    let form_fn: Vec<ImplItem> = (!form.is_empty())
        .then(|| {
            template!(ImplItem:
                #[inline]
                fn form(&self, form: &mut crate::runtime::Query) {
                    #pushes;
                }
            )
            .with("pushes", form)
            .fill()
        })
        .into_iter()
        .collect();
    template!(Item:
        impl crate::runtime::Operation for #name {
            type Response = #response;
            const INFO: crate::runtime::OperationInfo = crate::runtime::OperationInfo {
                service: #service,
                name: #wire_name,
                method: #method,
                path: #path,
                action: #action,
                version: #version,
                endpoint: #endpoint,
                idempotent: #idempotent,
            };
            #[inline]
            fn query(&self, #query_arg: &mut crate::runtime::Query) {
                #query;
            }
            #[inline]
            fn body(&self) -> Option<serde_json::Value> {
                #body;
            }
            #form_fn!();
        }
    )
    .with("name", name.clone())
    .with("response", ident(&op.response.name))
    .with("service", ast::str_lit(&service.name))
    .with("wire_name", ast::str_lit(&op.wire_name))
    .with("method", ast::str_lit(&method))
    .with("path", ast::str_lit(path))
    .with("action", action)
    .with("version", ast::str_lit(&service.api_version))
    .with("endpoint", ast::str_lit(&service.endpoint))
    .with("idempotent", ast::bool_lit(op.idempotent))
    .with("query_arg", sink_arg("query", &query))
    .with("query", query)
    .with("body", body)
    .with("form_fn", form_fn)
    .fill()
}

/// The client method of an operation, on the client type of the service's protocol.
pub fn client_method(op: &Operation, service: &Service, docs: &Docs) -> Item {
    let retry = if op.idempotent {
        "Retried on throttling, 5xx, timeouts and connection errors."
    } else {
        "Not retried automatically: the operation is not idempotent."
    };
    let doc = Doc::new()
        .text(&op.summary)
        .raw(format!("Calls {}. {retry}", code(&op.wire_name)));
    let pagers = match op.paging {
        Some(_) => paginator_methods(op),
        None => Vec::new(),
    };
    template!(Item:
        impl crate::#service::#client {
            #[#doc]
            #[inline]
            pub fn #name(&self, request: #request) -> crate::runtime::Call<'_, #response> {
                self.call(&request)
            }
            #pagers!();
        }
    )
    .with("service", ident(&service.name))
    .with("client", client_name(service))
    .with("doc", doc.attr(docs))
    .with("name", ident(&op.rust_name))
    .with("request", ident(&op.request.name))
    .with("response", ident(&op.response.name))
    .with("pagers", pagers)
    .fill()
}

/// `<op>_pages` and `<op>_items`, the paginators of a list operation.
fn paginator_methods(op: &Operation) -> Vec<syn::ImplItem> {
    let name = op.rust_name.trim_start_matches("r#");
    let doc = |what: &str, how: &str| {
        ast::doc_attr(
            &format!(" The {what} of {}, {how}", code(&op.wire_name)),
            false,
        )
    };
    template!(syn::ItemImpl:
        impl X {
            #[#pages_doc]
            pub fn #pages(&self, request: #request) -> crate::runtime::Pages<'_, Self, #request> {
                crate::runtime::Pages::new(self, request)
            }
            #[#items_doc]
            pub fn #items(&self, request: #request) -> crate::runtime::Items<'_, Self, #request> {
                crate::runtime::Items::new(self, request)
            }
        }
    )
    .with(
        "pages_doc",
        doc("pages", "one call each, from the request's page on."),
    )
    .with(
        "items_doc",
        doc("items", "page after page, from the request's page on."),
    )
    .with("pages", ident(&format!("{name}_pages")))
    .with("items", ident(&format!("{name}_items")))
    .with("request", ident(&op.request.name))
    .fill()
    .items
}

/// `impl Paged` for a list operation's request: its page parameters, and
/// the items and total in its response's `data`.
pub fn paged_impl(op: &Operation) -> Option<Item> {
    let paging = op.paging.as_ref()?;
    // The items and total are read from `d`, the response's data, or from
    // the response itself.
    let base = ident(if paging.in_data { "d" } else { "response" });
    let (count, take) = match &paging.items {
        None => (
            template!(Expr: d.len()),
            template!(Expr: response.data.unwrap_or_default()),
        ),
        Some(items) => {
            let (count, take) = match (paging.in_data, paging.items_required) {
                (true, true) => (
                    template!(Expr: d.#items.len()),
                    template!(Expr: response.data.map(|d| d.#items).unwrap_or_default()),
                ),
                (true, false) => (
                    template!(Expr: d.#items.as_ref().map_or(0, Vec::len)),
                    template!(Expr: response.data.and_then(|d| d.#items).unwrap_or_default()),
                ),
                (false, true) => (
                    template!(Expr: response.#items.len()),
                    template!(Expr: response.#items),
                ),
                (false, false) => (
                    template!(Expr: response.#items.as_ref().map_or(0, Vec::len)),
                    template!(Expr: response.#items.unwrap_or_default()),
                ),
            };
            (
                count.with("items", ident(items)),
                take.with("items", ident(items)),
            )
        }
    };
    let total = match &paging.total {
        Some((field, required)) => if *required {
            template!(Expr: Some(#base.#field))
        } else {
            template!(Expr: #base.#field)
        }
        .with("base", base)
        .with("field", ident(field)),
        None => template!(Expr: None),
    }
    .fill();
    let counts = if paging.in_data {
        template!(Expr: response.data.as_ref().map_or((0, None), |d| (#count, #total)))
    } else {
        template!(Expr: (#count, #total))
    }
    .with("count", count.fill())
    .with("total", total)
    .fill();
    let next: Vec<ImplItem> = match &paging.next {
        NextPage::Number(page) => {
            // A page number where the document types the page as a string.
            let value = match page.last() {
                Some(last) if last.text => template!(Expr: page.to_string()),
                _ => template!(Expr: page),
            };
            template!(syn::ItemImpl: impl X {
                fn page(&self) -> Option<i64> {
                    #get_page
                }
                fn limit(&self) -> Option<i64> {
                    #get_limit
                }
                fn set_page(&mut self, page: i64) {
                    #set_page;
                }
            })
            .with("get_page", get_path(page))
            .with("set_page", set_path(page, value.fill()))
        }
        NextPage::Token { at, from } => {
            let token = match (paging.in_data, from.1) {
                (true, true) => template!(Expr: response.data.as_ref().map(|d| d.#field.as_str())),
                (true, false) => {
                    template!(Expr: response.data.as_ref().and_then(|d| d.#field.as_deref()))
                }
                (false, true) => template!(Expr: Some(response.#field.as_str())),
                (false, false) => template!(Expr: response.#field.as_deref()),
            };
            template!(syn::ItemImpl: impl X {
                const BY_TOKEN: bool = true;
                fn set_next_token(&mut self, response: &Self::Response) -> bool {
                    match #token.filter(|token| !token.is_empty()) {
                        Some(token) => {
                            #set_token;
                            true
                        }
                        None => false,
                    }
                }
                fn limit(&self) -> Option<i64> {
                    #get_limit
                }
            })
            .with("token", token.with("field", ident(&from.0)).fill())
            .with(
                "set_token",
                set_path(at, template!(Expr: token.to_owned()).fill()),
            )
        }
    }
    .with("get_limit", get_path(&paging.limit))
    .fill()
    .items;
    Some(
        template!(Item:
            impl crate::runtime::Paged for #request {
                type Item = #item;
                #next!();
                fn counts(response: &Self::Response) -> (usize, Option<i64>) {
                    #counts
                }
                fn into_items(response: Self::Response) -> Vec<Self::Item> {
                    #take
                }
            }
        )
        .with("request", ident(&op.request.name))
        .with("item", super::types::ty(&paging.item))
        .with("next", next)
        .with("counts", counts)
        .with("take", take.fill())
        .fill(),
    )
}

/// `self.a<through>.b<through>.last`: the path's fields, each optional one
/// but the last reached through its `Option` by `through`.
fn walk(steps: &[Step], through: fn(Expr) -> Expr) -> Expr {
    let mut expr = template!(Expr: self).fill();
    for (i, step) in steps.iter().enumerate() {
        expr = template!(Expr: #expr.#name)
            .with("expr", expr)
            .with("name", ident(&step.rust_name))
            .fill();
        if !(step.required || i + 1 == steps.len()) {
            expr = through(expr);
        }
    }
    expr
}

/// The value at a paging path as an `Option<i64>`: `self.page`,
/// `Some(self.page)` or `self.options.as_ref()?.pagination.as_ref()?.page`
/// (a string page parsed: `self.page.as_deref()?.parse().ok()`; an `i32`
/// widened: `self.max_results.map(i64::from)`).
fn get_path(steps: &[Step]) -> Expr {
    let expr = walk(steps, |e| template!(Expr: #e.as_ref()?).with("e", e).fill());
    match steps.last() {
        Some(Step {
            text: true,
            required: true,
            ..
        }) => template!(Expr: #expr.parse().ok()),
        Some(Step { text: true, .. }) => template!(Expr: #expr.as_deref()?.parse().ok()),
        Some(Step {
            int32: true,
            required: true,
            ..
        }) => template!(Expr: Some(i64::from(#expr))),
        Some(Step { int32: true, .. }) => template!(Expr: #expr.map(i64::from)),
        Some(last) if last.required => template!(Expr: Some(#expr)),
        _ => return expr,
    }
    .with("expr", expr)
    .fill()
}

/// Sets the value at a paging path to `value`, creating the optional
/// structs on the way (`get_or_insert_with(Default::default)`).
fn set_path(steps: &[Step], value: Expr) -> Expr {
    let place = walk(steps, |e| {
        template!(Expr: #e.get_or_insert_with(Default::default))
            .with("e", e)
            .fill()
    });
    match steps.last() {
        Some(last) if last.required => template!(Expr: #place = #value),
        _ => template!(Expr: #place = Some(#value)),
    }
    .with("place", place)
    .with("value", value)
    .fill()
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
    Some(
        template!(Item:
            #[cfg(feature = "testing")]
            impl crate::runtime::mock::Documented for #request {
                const RESPONSE: &'static str = #json;
            }
        )
        .with("request", ident(&op.request.name))
        .with("json", ast::str_lit(json))
        .fill(),
    )
}

/// `mock.respond_documented::<Request>();` for each operation of `ops`
/// with a documented response.
pub fn respond_documented(ops: &[&Operation]) -> Vec<Stmt> {
    ops.iter()
        .filter(|op| documented_response(op).is_some())
        .map(|op| {
            template!(Stmt: mock.respond_documented::<#request>();)
                .with("request", ident(&op.request.name))
                .fill()
        })
        .collect()
}

/// The client type a service module exports: its own instantiation of the
/// runtime client of its protocol.
pub fn client_name(service: &Service) -> syn::Ident {
    ident(crate::protocol::of(service).client)
}

/// One `#[test]` per documented example: it decodes into the response type and
/// re-encodes to the same JSON (or to `reencoded`, where a noted decision says so).
pub fn example_tests(ops: &[Operation]) -> Option<Item> {
    let tests: Vec<Item> = ops
        .iter()
        .flat_map(|op| {
            op.examples.iter().map(move |ex| {
                // The whole response, or the one field the example shows (one
                // item where the field is a list and the example one object).
                let decoded = match &ex.field {
                    None => template!(Type: #response)
                        .with("response", ident(&op.response.name))
                        .fill(),
                    Some((_, Ty::List(item)))
                        if serde_json::from_str::<serde_json::Value>(&ex.json)
                            .is_ok_and(|v| v.is_object()) =>
                    {
                        super::types::ty(item)
                    }
                    Some((_, ty)) => super::types::ty(ty),
                };
                let check = if ex.decodes {
                    let expected = match &ex.reencoded {
                        Some(r) => template!(Expr: Some(#r)).with("r", ast::str_lit(r)),
                        None => template!(Expr: None),
                    };
                    template!(Stmt: crate::runtime::testing::assert_roundtrip::<#decoded>(#json, #expected);)
                        .with("expected", expected.fill())
                } else {
                    template!(Stmt: crate::runtime::testing::assert_rejects::<#decoded>(#json);)
                };
                template!(Item:
                    #[test]
                    fn #test() {
                        #check;
                    }
                )
                .with("test", ident(&format!("{}_{}", op.rust_name, ex.rust_name)))
                .with("check", vec![check.with("decoded", decoded).with("json", ast::str_lit(&ex.json)).fill()])
                .fill()
            })
        })
        .collect();
    (!tests.is_empty()).then(|| {
        template!(Item:
            mod examples {
                #[allow(unused_imports)]
                use super::super::*;
                #tests!();
            }
        )
        .with("tests", tests)
        .fill()
    })
}

/// One `#[test]` per operation with documented parameter examples: it builds
/// the request with `new` and the setters from the examples and checks the
/// query string and JSON or form body equal the examples (see [`request_example`]).
pub fn request_tests(ops: &[Operation], service: &Service) -> Option<Item> {
    let plans: Vec<_> = ops
        .iter()
        .filter_map(|op| Some((op, request_example(op, service)?)))
        .collect();
    let checks = if plans.iter().any(|(_, plan)| plan.form.is_some()) {
        &["assert_form", "assert_request", "example"][..]
    } else {
        &["assert_request", "example"]
    };
    let tests: Vec<Item> = plans
        .into_iter()
        .map(|(op, plan)| {
            let params: Vec<&Field> = op.request.params.iter().map(|p| &p.field).collect();
            let value = |arg: &Arg| {
                template!(Expr: example::<#ty>(#json))
                    .with("ty", super::types::ty(&params[arg.param].ty))
                    .with("json", ast::str_lit(&arg.value.to_string()))
                    .fill()
            };
            let (required, optional): (Vec<&Arg>, Vec<&Arg>) =
                plan.args.iter().partition(|a| params[a.param].required);
            let new = template!(Expr: #request::new(#required))
                .with("request", ident(&op.request.name))
                .with(
                    "required",
                    required.into_iter().map(value).collect::<Vec<_>>(),
                )
                .fill();
            let request = optional.into_iter().fold(new, |request, a| {
                template!(Expr: #request.#setter(#value))
                    .with("request", request)
                    .with("setter", ident(&params[a.param].rust_name))
                    .with("value", value(a))
                    .fill()
            });
            let pairs = |pairs: &[(String, String)]| -> Vec<Expr> {
                pairs
                    .iter()
                    .map(|(k, v)| {
                        template!(Expr: (#k, #v))
                            .with("k", ast::str_lit(k))
                            .with("v", ast::str_lit(v))
                            .fill()
                    })
                    .collect()
            };
            let body = match &plan.body {
                Some(b) => template!(Expr: Some(#b)).with("b", ast::str_lit(&b.to_string())),
                None => template!(Expr: None),
            };
            let form: Vec<Stmt> = plan
                .form
                .iter()
                .map(|form| {
                    template!(Stmt: assert_form(&request, STYLE, &[#form]);)
                        .with("form", pairs(form))
                        .fill()
                })
                .collect();
            template!(Item:
                #[test]
                fn #test() {
                    let request = #request;
                    assert_request(&request, STYLE, &[#query], #body);
                    #form;
                }
            )
            .with("test", ident(&op.rust_name))
            .with("request", request)
            .with("query", pairs(&plan.query))
            .with("body", body.fill())
            .with("form", form)
            .fill()
        })
        .collect();
    let descriptor = protocol::of(service);
    (!tests.is_empty()).then(|| {
        template!(Item:
            mod requests {
                #[allow(unused_imports)]
                use super::super::*;
                #[allow(unused_imports)]
                use crate::runtime::testing::{#checks};
                /// How the service's client writes lists and objects.
                const STYLE: crate::runtime::QueryStyle = #style;
                #tests!();
            }
        )
        .with(
            "checks",
            checks.iter().map(|c| ident(c)).collect::<Vec<_>>(),
        )
        .with(
            "style",
            ast::path_expr(&format!(
                "crate::runtime::{}::{}::QUERY_STYLE",
                descriptor.runtime_module, descriptor.runtime_client
            )),
        )
        .with("tests", tests)
        .fill()
    })
}

//! Lowering `paging:`, against the lowered operations: each name it gives
//! is resolved to a request parameter or a response field, or refused.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::Loaded;
use crate::model::{Field, NextPage, Paging, Param, ResponseForm, Service, Step, Ty, TypeKind};
use crate::path;
use crate::validate::ServiceCheck;

impl ServiceCheck<'_, '_> {
    /// Resolves each `paging:` against its operation (integer query
    /// parameters, and a `data` struct with the list and integer fields
    /// named) into the operation's `paging`.
    pub(in crate::validate) fn paging(&mut self, service: &mut Service, files: &[&Loaded]) {
        let fields_of: BTreeMap<&str, &[Field]> = service
            .types()
            .filter_map(|(_, t)| match &t.kind {
                TypeKind::Struct { fields } => Some((t.name.as_str(), fields.as_slice())),
                TypeKind::Enum { .. } => None,
            })
            .collect();
        let defaultable = crate::model::defaultable(service.types().map(|(_, t)| t));
        let methods: BTreeSet<String> = service
            .modules
            .iter()
            .flat_map(|m| &m.operations)
            .map(|o| o.rust_name.trim_start_matches("r#").to_owned())
            .collect();
        // Resolved against the operations as they are, then set.
        let mut resolved = Vec::new();
        for file in files {
            for (op_name, spec) in &file.spec.operations.0 {
                let Some(paging) = &spec.paging else { continue };
                self.check_paginator_names(file, op_name, &methods);
                let at = path!["operations", op_name.as_str(), "paging"];
                let Some((at_op, op)) = service
                    .modules
                    .iter()
                    .enumerate()
                    .flat_map(|(m, module)| {
                        module
                            .operations
                            .iter()
                            .enumerate()
                            .map(move |(o, op)| ((m, o), op))
                    })
                    .find(|(_, o)| o.wire_name == *op_name)
                else {
                    continue; // refused already
                };
                let fail = |this: &mut Self, key: &str, message: String, hint: &str| {
                    let pos = file.spans().value(&[&at[..], &path![key]].concat());
                    this.err(file, pos, message, hint);
                };
                let integer = |ty: &Ty| *ty == Ty::I64;
                let mut steps = |key: &str, wire: &str| {
                    // Only a page size is read, never set: it may be an `i32`.
                    let int32 = key == "limit";
                    let found =
                        paging_path(&op.request.params, &fields_of, &defaultable, wire, int32);
                    if let Err(why) = &found {
                        fail(self, key, format!("`paging.{key}` names `{wire}`, {why}"), "name the integer query parameter that chooses the page (or its size), or the path to such a field inside a body parameter (`options.pagination.page`)");
                    }
                    found.ok()
                };
                let limit = steps("limit", &paging.limit);
                // The page by number, or by token (a string, from the
                // response's `next` field).
                let next = match (&paging.page, &paging.token) {
                    (Some(page), None) => steps("page", page).map(NextPage::Number),
                    (None, Some(token)) => steps("token", token)
                        .and_then(|at| {
                            if at.last().is_some_and(|s| s.text) {
                                Some(at)
                            } else {
                                fail(
                                    self,
                                    "token",
                                    format!(
                                        "`paging.token` names `{token}`, which is not a string"
                                    ),
                                    "name the string parameter that carries the next page's token",
                                );
                                None
                            }
                        })
                        .map(|at| NextPage::Token {
                            at,
                            from: (String::new(), false),
                        }),
                    _ => {
                        let pos = file.spans().key(&at);
                        self.err(
                            file,
                            pos,
                            format!("`paging` of `{op_name}` needs `page` or `token`, one of them"),
                            "`page` for a page number, `token` (with `next`) for a page token",
                        );
                        None
                    }
                };
                if paging.next.is_some() != paging.token.is_some() {
                    let pos = file.spans().key(&at);
                    self.err(file, pos, String::from("`paging.next` (the response's token field) goes with `paging.token`, and only with it"), "name both, or neither");
                }
                // Where the items are: `data`'s fields, `data` itself, or
                // (without `data`) the response's own fields.
                let (fields, in_data) = match &op.response_form {
                    ResponseForm::Enveloped {
                        data: Some(Ty::List(item)),
                        ..
                    } => {
                        // `data` is the page's list itself: nothing counts the total.
                        if paging.items != "data" {
                            fail(self, "items", format!("`paging.items` names `{}`, but the response's `data` is the list", paging.items), "write `items: data`");
                        } else if paging.total.is_some() || paging.token.is_some() {
                            fail(self, "items", "`data` is the page's list, so the response holds no total or token".into(), "leave `total` and `token` out");
                        } else if let (Some(next), Some(limit)) = (next, limit) {
                            resolved.push((
                                at_op,
                                Paging {
                                    next,
                                    limit,
                                    in_data: true,
                                    items: None,
                                    items_required: true,
                                    item: (**item).clone(),
                                    total: None,
                                },
                            ));
                        }
                        continue;
                    }
                    ResponseForm::Enveloped {
                        data: Some(Ty::Named(name)),
                        ..
                    } => (fields_of.get(name.as_str()), true),
                    ResponseForm::Struct { .. } => {
                        (fields_of.get(op.response.name.as_str()), false)
                    }
                    ResponseForm::Enveloped { .. } => (None, true),
                };
                let whose = if in_data {
                    "the response's data"
                } else {
                    "the response"
                };
                let Some(fields) = fields else {
                    fail(
                        self,
                        "items",
                        format!("`{op_name}` has no `data` object to take the items from"),
                        "paging needs a response whose `data` is a struct holding the page's items",
                    );
                    continue;
                };
                let items = fields.iter().find(|f| f.wire_name == paging.items);
                let item = match items.map(|f| &f.ty) {
                    Some(Ty::List(item)) => Some((**item).clone()),
                    _ => {
                        fail(
                            self,
                            "items",
                            format!(
                                "`paging.items` names `{}`, which is not a list field of {whose}",
                                paging.items
                            ),
                            "name the field that holds the page's items",
                        );
                        None
                    }
                };
                let total = paging.total.as_ref().and_then(|wire| {
                    let f = fields.iter().find(|f| f.wire_name == *wire && integer(&f.ty));
                    if f.is_none() {
                        fail(self, "total", format!("`paging.total` names `{wire}`, which is not an integer field of {whose}"), "name the field that counts all items, or leave `total` out");
                    }
                    f.map(|f| (f.rust_name.clone(), f.required))
                });
                let next = match next {
                    Some(NextPage::Token { at, .. }) => {
                        let wire = paging.next.as_deref().unwrap_or_default();
                        let f = fields
                            .iter()
                            .find(|f| f.wire_name == wire && f.ty == Ty::String);
                        if f.is_none() && paging.next.is_some() {
                            fail(self, "next", format!("`paging.next` names `{wire}`, which is not a string field of {whose}"), "name the field holding the next page's token");
                        }
                        f.map(|f| NextPage::Token {
                            at,
                            from: (f.rust_name.clone(), f.required),
                        })
                    }
                    number => number,
                };
                if let (Some(next), Some(limit), Some(items), Some(item)) =
                    (next, limit, items, item)
                {
                    if paging.total.is_none() || total.is_some() {
                        resolved.push((
                            at_op,
                            Paging {
                                next,
                                limit,
                                in_data,
                                items: Some(items.rust_name.clone()),
                                items_required: items.required,
                                item,
                                total,
                            },
                        ));
                    }
                }
            }
        }
        for ((m, o), paging) in resolved {
            service.modules[m].operations[o].paging = Some(paging);
        }
    }
}

/// Resolves a paging path (`page`, `options.pagination.page`) to the steps
/// from the request to an `i64` (or a string, where a document types the
/// page so; or, with `int32`, an `i32`): the first names a parameter (query or body),
/// the others fields of its struct, each optional struct on the way one that
/// can be created empty (`Default`). `Err`: why not, after "names `path`,".
fn paging_path(
    params: &[Param],
    fields_of: &BTreeMap<&str, &[Field]>,
    defaultable: &BTreeSet<String>,
    path: &str,
    int32: bool,
) -> Result<Vec<Step>, String> {
    let mut wires = path.split('.');
    let first = wires.next().unwrap_or_default();
    let mut field = params
        .iter()
        .map(|p| &p.field)
        .find(|f| f.wire_name == first)
        .ok_or("which is not a query or body parameter")?;
    let mut steps = Vec::new();
    for wire in wires {
        let name = match &field.ty {
            Ty::Named(name) if !field.boxed => name,
            _ => return Err(format!("but `{}` is not a struct", field.wire_name)),
        };
        let next = fields_of
            .get(name.as_str())
            .and_then(|fields| fields.iter().find(|f| f.wire_name == wire))
            .ok_or_else(|| format!("but `{name}` has no field `{wire}`"))?;
        if !field.required && !defaultable.contains(name) {
            return Err(format!(
                "but `{}` is optional and `{name}` cannot be created empty (a required field has no default)",
                field.wire_name
            ));
        }
        steps.push(Step {
            rust_name: field.rust_name.clone(),
            required: field.required,
            text: false,
            int32: false,
        });
        field = next;
    }
    if !(matches!(field.ty, Ty::I64 | Ty::String) || int32 && field.ty == Ty::I32) {
        let integers = if int32 {
            "an `i64`, an `i32`"
        } else {
            "an `i64`"
        };
        return Err(format!(
            "but `{}` is neither {integers} nor a string",
            field.wire_name
        ));
    }
    steps.push(Step {
        rust_name: field.rust_name.clone(),
        required: field.required,
        text: field.ty == Ty::String,
        int32: field.ty == Ty::I32,
    });
    Ok(steps)
}

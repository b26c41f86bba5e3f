//! Step 2: check the parsed specs and build the `model`, collecting every problem.
//!
//! Each check reports at the key or value it concerns and moves on, so one run
//! lists all errors. A file that failed to parse is skipped here (its YAML
//! error is already reported).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::load::Loaded;
use crate::model::{
    Api, Call, EnumValue, Example, Field, HttpMethod, Module, NextPage, Operation, Paging,
    ParamLocation, Request, ResponseForm, Service, Step, Text, Ty, TypeDef, TypeKind, WireNaming,
};
use crate::path;
use crate::protocol::Addressing;
use crate::raw;
use crate::span::Seg;

mod names;
mod rules;

/// Validates every loaded file; returns the model when nothing was wrong.
pub fn validate(files: &[Loaded], diags: &mut Diagnostics) -> Option<Api> {
    let before = diags.len();
    for f in files {
        // Only a file that mentions a todo needs its position index built.
        let mentions_todo = f.source.bytes.windows(5).any(|w| w == b"todo:");
        for (pos, text) in mentions_todo
            .then(|| &f.spans().todos)
            .into_iter()
            .flatten()
        {
            diags.push(
                Diagnostic::new(&f.source.display_path, *pos, format!("unresolved todo: {text}"))
                    .hint("decide, write the decision in a `note:` where the document contradicts itself, then delete the `todo:`"),
            );
        }
    }
    let mut by_service: BTreeMap<&str, Vec<&Loaded>> = BTreeMap::new();
    for f in files {
        by_service.entry(&f.source.service_dir).or_default().push(f);
    }
    // Services are independent: check them on every core.
    let checked = crate::parallel::map(by_service.into_iter().collect(), |(dir, mut files)| {
        // Output must not depend on the order files were listed in.
        files.sort_by(|a, b| a.source.display_path.cmp(&b.source.display_path));
        let mut service_diags = Diagnostics::default();
        let service = ServiceCheck::new(&mut service_diags).run(dir, &files);
        (service, service_diags)
    });
    let services = checked
        .into_iter()
        .filter_map(|done| diags.absorb(done))
        .collect();
    (diags.len() == before).then_some(Api { services })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SymKind {
    Struct,
    Enum,
    /// Request types cannot be referenced from other types.
    Request,
}

/// Where an error points; turned into a line and column only when reported,
/// so that a valid spec never builds the position index.
#[derive(Clone, Copy)]
enum At<'p> {
    Key(&'p [Seg]),
    Value(&'p [Seg]),
    Pos(Pos),
}

impl From<Pos> for At<'_> {
    fn from(pos: Pos) -> Self {
        At::Pos(pos)
    }
}

impl At<'_> {
    fn resolve(self, file: &Loaded) -> Pos {
        match self {
            At::Key(path) => file.spans().key(path),
            At::Value(path) => file.spans().value(path),
            At::Pos(pos) => pos,
        }
    }
}

/// Checks one service directory.
struct ServiceCheck<'d, 'f> {
    diags: &'d mut Diagnostics,
    kinds: BTreeMap<String, SymKind>,
    /// Collision key -> first definition, for "defined twice" errors.
    defined: HashMap<String, names::Symbol<'f>>,
    enum_values: BTreeMap<String, Vec<String>>,
    /// Each struct's fields (wire name, type expression), for checking
    /// examples of struct types key by key.
    struct_fields: BTreeMap<String, Vec<(String, String, bool)>>,
    naming: WireNaming,
    /// How the service's operations are addressed (its protocol's).
    addressing: Addressing,
    /// Unknown type names still given a "did you mean" (see `resolve`).
    suggestions_left: usize,
}

/// Where a field sits, for messages: "field `x` of `Y`".
pub(super) struct FieldSite<'a> {
    file: &'a Loaded,
    path: Vec<Seg>,
    wire: &'a str,
    owner: &'a str,
}

/// The parts a struct field and a request parameter have in common.
struct FieldParts<'a> {
    ty: &'a str,
    required: bool,
    description: Option<&'a raw::Text>,
    example: Option<&'a serde_yaml::Value>,
    default: Option<&'a serde_yaml::Value>,
    rust_name: Option<&'a str>,
    note: Option<&'a String>,
}

impl<'d, 'f> ServiceCheck<'d, 'f> {
    fn new(diags: &'d mut Diagnostics) -> Self {
        ServiceCheck {
            diags,
            kinds: BTreeMap::new(),
            defined: HashMap::new(),
            enum_values: BTreeMap::new(),
            struct_fields: BTreeMap::new(),
            naming: WireNaming::CamelCase,
            addressing: Addressing::Http,
            suggestions_left: 100,
        }
    }

    fn err<'p>(
        &mut self,
        file: &Loaded,
        at: impl Into<At<'p>>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let pos = at.into().resolve(file);
        self.diags
            .push(Diagnostic::new(&file.source.display_path, pos, message).hint(hint));
    }

    fn run(mut self, dir: &str, files: &[&'f Loaded]) -> Option<Service> {
        let service = self.service_block(dir, files)?;
        self.check_service_name(dir, service.0, service.1);
        self.naming = service.1.wire_naming;
        self.addressing = crate::protocol::addressing(service.1.protocol);
        self.check_protocol(service.0, service.1);
        for file in files {
            self.collect_names(file);
        }
        let (svc_file, spec) = service;
        let envelope = self.fields(
            svc_file,
            &path!["service", "envelope"],
            &spec.envelope,
            "the envelope",
        );
        let mut modules = Vec::new();
        for file in files {
            if let Some(module) = self.module(file, &envelope) {
                modules.push(module);
            }
        }
        self.check_areas_against_files(files);
        let service = Service {
            name: spec.name.clone(),
            vendor: spec.vendor.clone(),
            title: spec.title.clone(),
            api_version: spec.api_version.clone(),
            protocol: spec.protocol,
            auth: spec.auth,
            wire_naming: spec.wire_naming,
            endpoint: spec.endpoint.clone(),
            description: self.opt_text(
                svc_file,
                &path!["service", "description"],
                spec.description.as_ref(),
            ),
            note: spec.note.clone(),
            envelope,
            modules,
        };
        self.check_recursion(&service, files);
        let mut service = service;
        self.check_paging(&mut service, files);
        service.assign_features();
        Some(service)
    }

    fn module(&mut self, file: &Loaded, envelope: &[Field]) -> Option<Module> {
        if !self.check_module_name(file) {
            return None;
        }
        let types = file
            .spec
            .types
            .0
            .iter()
            .filter_map(|(name, spec)| self.type_def(file, name, spec))
            .collect();
        let mut seen_ops: HashMap<String, String> = HashMap::new();
        let mut operations = Vec::new();
        for (op, spec) in &file.spec.operations.0 {
            if let Some(o) = self.operation(file, op, spec, envelope, &mut seen_ops) {
                operations.push(o);
            }
        }
        Some(Module {
            name: file.source.stem.clone(),
            area: file.source.area.clone(),
            spec_path: file.source.display_path.clone(),
            operations,
            types,
        })
    }

    fn type_def(&mut self, file: &Loaded, name: &str, spec: &raw::TypeSpec) -> Option<TypeDef> {
        let at = path!["types", name];
        let description = self.opt_text(
            file,
            &[&at[..], &path!["description"]].concat(),
            spec.description.as_ref(),
        );
        let kind = match (&spec.fields, &spec.values) {
            (Some(fields), None) => TypeKind::Struct {
                fields: self.fields(file, &[&at[..], &path!["fields"]].concat(), fields, name),
            },
            (None, Some(values)) => TypeKind::Enum {
                values: self.enum_values(file, &at, name, values),
            },
            (Some(_), Some(_)) => {
                let pos = file.spans().key(&at);
                self.err(
                    file,
                    pos,
                    format!("type `{name}` has both `fields` and `enum`"),
                    "a type is either a struct (`fields`) or an enum (`enum`)",
                );
                return None;
            }
            (None, None) => {
                let pos = file.spans().key(&at);
                self.err(
                    file,
                    pos,
                    format!("type `{name}` has neither `fields` nor `enum`"),
                    "add `fields: {}` for an object the document leaves undescribed, or list its `enum:` values",
                );
                return None;
            }
        };
        Some(TypeDef {
            name: name.to_owned(),
            features: Vec::new(),
            description,
            note: spec.note.clone(),
            kind,
        })
    }

    fn enum_values(
        &mut self,
        file: &Loaded,
        at: &[Seg],
        owner: &str,
        values: &raw::OrderedMap<Option<raw::EnumValueSpec>>,
    ) -> Vec<EnumValue> {
        self.check_enum_has_values(file, at, owner, values);
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut out = Vec::new();
        for (wire, spec) in &values.0 {
            let vpath = [at, &path!["enum", wire.as_str()]].concat();
            let explicit = spec.as_ref().and_then(|s| s.rust_name.as_deref());
            let Some(ident) = self.variant_ident(file, &vpath, wire, owner, explicit, &mut seen)
            else {
                continue;
            };
            let (description, note) = match spec {
                // Only a `rust_name` (or a note): no text to check.
                Some(s) if s.en.is_none() && s.zh.is_none() => (Text::default(), s.note.clone()),
                Some(s) => {
                    let text = raw::Text {
                        en: s.en.clone(),
                        zh: s.zh.clone(),
                    };
                    (self.opt_text(file, &vpath, Some(&text)), s.note.clone())
                }
                None => (Text::default(), None),
            };
            out.push(EnumValue {
                wire: wire.clone(),
                rust_name: ident,
                description,
                note,
            });
        }
        out
    }

    fn fields(
        &mut self,
        file: &Loaded,
        at: &[Seg],
        fields: &raw::OrderedMap<raw::FieldSpec>,
        owner: &str,
    ) -> Vec<Field> {
        let mut out = Vec::new();
        for (wire, spec) in &fields.0 {
            let site = FieldSite {
                file,
                path: [at, &path![wire.as_str()]].concat(),
                wire,
                owner,
            };
            let parts = FieldParts {
                ty: &spec.ty,
                required: spec.required,
                description: spec.description.as_ref(),
                example: spec.example.as_ref(),
                default: None,
                rust_name: spec.rust_name.as_deref(),
                note: spec.note.as_ref(),
            };
            let Some(mut field) = self.field(&site, parts) else {
                continue;
            };
            if !self.check_field_options(&site, spec, &field.ty) {
                continue;
            }
            field.secret = spec.secret;
            field.decode = spec.decode;
            field.boxed = spec.boxed;
            out.push(field);
        }
        self.check_field_collisions(file, at, &out, owner);
        out
    }

    /// Builds a field or parameter; `None` after reporting what is wrong.
    fn field(&mut self, site: &FieldSite, parts: FieldParts) -> Option<Field> {
        let (file, wire, owner) = (site.file, site.wire, site.owner);
        let key_pos = At::Key(&site.path);
        // An explicit `rust_name` accepts a wire name outside the convention
        // (`zh-CN`): the author has seen it.
        let mut ok = parts.rust_name.is_some() || self.check_wire_name(file, key_pos, wire, owner);
        let rust_name = self.field_ident(site, parts.rust_name);
        let ty_path = [&site.path[..], &path!["type"]].concat();
        let ty = self.resolve(file, &ty_path, parts.ty);
        let description = self.opt_text(
            file,
            &[&site.path[..], &path!["description"]].concat(),
            parts.description,
        );
        let (rust_name, ty) = (rust_name?, ty?);
        let example = parts.example.map(|v| {
            ok &= self.check_value(site, "example", v, &ty);
            render(v)
        });
        let default = parts.default.map(|v| {
            ok &= self.check_value(site, "default", v, &ty);
            ok &= self.check_default(site, parts.required);
            render(v)
        });
        ok.then(|| Field {
            wire_name: wire.to_owned(),
            rust_name,
            ty,
            required: parts.required,
            description,
            example,
            default,
            secret: false,
            decode: None,
            boxed: false,
            location: None,
            note: parts.note.cloned(),
        })
    }

    fn opt_text(&mut self, file: &Loaded, at: &[Seg], text: Option<&raw::Text>) -> Text {
        let Some(text) = text else {
            return Text::default();
        };
        let clean = |s: &Option<String>| {
            s.as_ref()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let out = Text {
            en: clean(&text.en),
            zh: clean(&text.zh),
        };
        self.check_text(file, at, &out);
        out
    }

    fn operation(
        &mut self,
        file: &Loaded,
        op: &str,
        spec: &raw::OperationSpec,
        envelope: &[Field],
        seen: &mut HashMap<String, String>,
    ) -> Option<Operation> {
        let at = path!["operations", op];
        let (base, rust_name) = self.operation_idents(file, op, seen)?;
        let call = self.call(file, &at, op, spec);
        self.check_source(file, &at, op, &spec.source);
        let params = self.params(file, &at, spec, &base);
        let response = self.response(file, &at, spec, envelope, &base);
        let examples = self.examples(file, &at, &spec.examples, response.as_ref().map(|r| &r.0));
        let call = call?;
        let response = response?;
        let idempotent = spec.idempotent.unwrap_or(match &call {
            Call::Http { method, .. } => *method == HttpMethod::Get,
            Call::Rpc { action } => ["Get", "List", "Describe", "Query", "Check"]
                .iter()
                .any(|p| action.starts_with(p)),
        });
        Some(Operation {
            wire_name: op.to_owned(),
            rust_name,
            idempotent,
            feature: None,
            source: spec.source.clone(),
            also_sources: spec.also_sources.clone(),
            summary: self.opt_text(
                file,
                &[&at[..], &path!["summary"]].concat(),
                Some(&spec.summary),
            ),
            description: self.opt_text(
                file,
                &[&at[..], &path!["description"]].concat(),
                spec.description.as_ref(),
            ),
            call,
            note: spec.note.clone(),
            request: params?,
            response_vendor_name: spec
                .response
                .name
                .clone()
                .filter(|n| *n != format!("{base}Response")),
            response: response.0,
            response_form: response.1,
            paging: None,
            examples,
        })
    }

    fn call(
        &mut self,
        file: &Loaded,
        at: &[Seg],
        op: &str,
        spec: &raw::OperationSpec,
    ) -> Option<Call> {
        let call = match (self.addressing, &spec.http, &spec.action) {
            (Addressing::Http, Some(http), None) => Call::Http {
                method: http.method,
                path: http.path.clone(),
            },
            (Addressing::Action, None, Some(action)) => Call::Rpc {
                action: action.clone(),
            },
            (Addressing::Http, _, _) => {
                let pos = file.spans().key(at);
                self.err(
                    file,
                    pos,
                    format!(
                        "operation `{op}` of a rest-json service needs `http:` and no `action:`"
                    ),
                    "add `http: {method: GET, path: /api/v3/...}`",
                );
                return None;
            }
            (Addressing::Action, _, _) => {
                let pos = file.spans().key(at);
                self.err(
                    file,
                    pos,
                    format!("operation `{op}` of an rpc service needs `action:` and no `http:`"),
                    "add `action: TheActionName`",
                );
                return None;
            }
        };
        self.check_call(file, at, op, &call).then_some(call)
    }

    fn params(
        &mut self,
        file: &Loaded,
        at: &[Seg],
        spec: &raw::OperationSpec,
        base: &str,
    ) -> Option<Request> {
        let name = format!("{base}Request");
        let ppath = [at, &path!["params"]].concat();
        let mut params = Vec::new();
        let mut ok = true;
        for (wire, p) in &spec.params.0 {
            let site = FieldSite {
                file,
                path: [&ppath[..], &path![wire.as_str()]].concat(),
                wire,
                owner: &name,
            };
            let parts = FieldParts {
                ty: &p.ty,
                required: p.required,
                description: p.description.as_ref(),
                example: p.example.as_ref(),
                default: p.default.as_ref(),
                rust_name: p.rust_name.as_deref(),
                note: p.note.as_ref(),
            };
            let Some(mut field) = self.field(&site, parts) else {
                ok = false;
                continue;
            };
            ok &= self.check_param(&site, p, spec.http.as_ref(), &field.ty);
            field.secret = p.secret;
            field.location = Some(p.location);
            params.push(field);
        }
        self.check_field_collisions(file, &ppath, &params, &name);
        ok.then_some(Request { name, params })
    }

    fn response(
        &mut self,
        file: &Loaded,
        at: &[Seg],
        spec: &raw::OperationSpec,
        envelope: &[Field],
        base: &str,
    ) -> Option<(TypeDef, ResponseForm)> {
        let name = format!("{base}Response");
        let rpath = [at, &path!["response"]].concat();
        let own = self.fields(
            file,
            &[&rpath[..], &path!["fields"]].concat(),
            &spec.response.fields,
            &name,
        );
        let ok = self.check_envelope_repeats(file, &rpath, &name, envelope, &own);
        let mut description = self.opt_text(
            file,
            &[&rpath[..], &path!["description"]].concat(),
            spec.response.description.as_ref(),
        );
        if description == Text::default() {
            description.en = Some(format!("Response of operation `{op}`.", op = spec_name(at)));
        }
        let form = response_form(envelope, &own);
        ok.then(|| {
            let def = TypeDef {
                name,
                features: Vec::new(),
                description,
                note: None,
                kind: TypeKind::Struct {
                    fields: envelope.iter().cloned().chain(own).collect(),
                },
            };
            (def, form)
        })
    }

    fn examples(
        &mut self,
        file: &Loaded,
        at: &[Seg],
        examples: &[raw::ExampleSpec],
        response: Option<&TypeDef>,
    ) -> Vec<Example> {
        let mut names_seen = BTreeSet::new();
        let mut out = Vec::new();
        for (i, ex) in examples.iter().enumerate() {
            let epath = [at, &path!["examples", i]].concat();
            let Some(rust_name) = self.example_ident(file, &epath, &ex.name, &mut names_seen)
            else {
                continue;
            };
            let json_ok = self.check_json(file, &[&epath[..], &path!["json"]].concat(), &ex.json);
            let re_ok = ex.reencoded.as_ref().is_none_or(|r| {
                self.check_json(file, &[&epath[..], &path!["reencoded"]].concat(), r)
            });
            let response_fields = match response.map(|r| &r.kind) {
                Some(TypeKind::Struct { fields }) => fields.as_slice(),
                _ => &[],
            };
            let field = match &ex.field {
                None => None,
                Some(wire) => match response_fields.iter().find(|f| f.wire_name == *wire) {
                    Some(f) => Some((wire.clone(), f.ty.clone())),
                    None => {
                        let pos = file.spans().value(&[&epath[..], &path!["field"]].concat());
                        self.err(
                            file,
                            pos,
                            format!("the response has no field `{wire}`"),
                            "name the response field whose value the example shows, e.g. `data`",
                        );
                        continue;
                    }
                },
            };
            if json_ok && re_ok {
                out.push(Example {
                    field,
                    decodes: ex.decodes.unwrap_or(true),
                    name: ex.name.clone(),
                    rust_name,
                    source: ex.source.clone(),
                    json: ex.json.clone(),
                    reencoded: ex.reencoded.clone(),
                    note: ex.note.clone(),
                });
            }
        }
        out
    }

    /// Resolves each `paging:` against its operation: integer query
    /// parameters, and a `data` struct with the list and integer fields named.
    fn check_paging(&mut self, service: &mut Service, files: &[&Loaded]) {
        let fields_of: BTreeMap<String, Vec<Field>> = service
            .types()
            .filter_map(|(_, t)| match &t.kind {
                TypeKind::Struct { fields } => Some((t.name.clone(), fields.clone())),
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
        for file in files {
            for (op_name, spec) in &file.spec.operations.0 {
                let Some(paging) = &spec.paging else { continue };
                self.check_paginator_names(file, op_name, &methods);
                let at = path!["operations", op_name.as_str(), "paging"];
                let Some(op) = service
                    .modules
                    .iter_mut()
                    .flat_map(|m| m.operations.iter_mut())
                    .find(|o| o.wire_name == *op_name)
                else {
                    continue; // refused already
                };
                let fail = |this: &mut Self, key: &str, message: String, hint: &str| {
                    let pos = file.spans().value(&[&at[..], &path![key]].concat());
                    this.err(file, pos, message, hint);
                };
                let integer = |ty: &Ty| *ty == Ty::I64;
                let mut steps = |key: &str, wire: &str| {
                    let found = paging_path(&op.request.params, &fields_of, &defaultable, wire);
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
                            op.paging = Some(Paging {
                                next,
                                limit,
                                in_data: true,
                                items: None,
                                items_required: true,
                                item: (**item).clone(),
                                total: None,
                            });
                        }
                        continue;
                    }
                    ResponseForm::Enveloped {
                        data: Some(Ty::Named(name)),
                        ..
                    } => (fields_of.get(name), true),
                    ResponseForm::Struct { .. } => (fields_of.get(&op.response.name), false),
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
                        op.paging = Some(Paging {
                            next,
                            limit,
                            in_data,
                            items: Some(items.rust_name.clone()),
                            items_required: items.required,
                            item,
                            total,
                        });
                    }
                }
            }
        }
    }
}

/// The envelope the runtime's `Response<T>` reads: wire name, type, required.
const RUNTIME_ENVELOPE: &[(&str, Ty, bool)] = &[
    ("statusCode", Ty::I64, true),
    ("message", Ty::String, false),
    ("apiCode", Ty::I64, false),
    ("requestId", Ty::String, false),
];

/// An operation's response is the runtime's `Response<T>` when the service's
/// envelope is (part of) the one that type reads and the operation adds at
/// most an optional `data`; otherwise a struct of its own, whose envelope
/// field `requestId` / `RequestId` (a string), if any, is its request ID.
fn response_form(envelope: &[Field], own: &[Field]) -> ResponseForm {
    let request_id = envelope
        .iter()
        .find(|f| f.wire_name.eq_ignore_ascii_case("requestId") && f.ty == Ty::String && !f.secret)
        .map(|f| (f.rust_name.clone(), f.required));
    let own_struct = ResponseForm::Struct { request_id };
    let known = |f: &Field| {
        !f.secret
            && f.decode.is_none()
            && RUNTIME_ENVELOPE.iter().any(|(wire, ty, required)| {
                f.wire_name == *wire && f.ty == *ty && f.required == *required
            })
    };
    let (data, decode) = match own {
        [] => (None, None),
        [d] if d.wire_name == "data" && !d.required && !d.secret && !d.boxed => {
            (Some(d.ty.clone()), d.decode)
        }
        _ => return own_struct,
    };
    if envelope.is_empty() || !envelope.iter().all(known) {
        return own_struct;
    }
    ResponseForm::Enveloped { data, decode }
}

/// The operation name at the end of an `operations.<name>` path.
fn spec_name(at: &[Seg]) -> &str {
    match at.last() {
        Some(Seg::Key(k)) => k,
        _ => "",
    }
}

/// Renders an example or default as the document shows it (JSON for composites).
pub fn render(value: &serde_yaml::Value) -> String {
    use serde_yaml::Value as V;
    match value {
        V::Null => "null".into(),
        V::Bool(b) => b.to_string(),
        V::Number(n) => n.to_string(),
        V::String(s) => s.clone(),
        V::Sequence(items) => format!(
            "[{}]",
            items.iter().map(json_item).collect::<Vec<_>>().join(", ")
        ),
        V::Mapping(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}: {}", json_item(k), json_item(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        V::Tagged(t) => render(&t.value),
    }
}

fn json_item(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        other => render(other),
    }
}

/// Resolves a paging path (`page`, `options.pagination.page`) to the steps
/// from the request to an `i64` (or a string, where a document types the
/// page so): the first names a query or body parameter,
/// the others fields of its struct, each optional struct on the way one that
/// can be created empty (`Default`). `Err`: why not, after "names `path`,".
fn paging_path(
    params: &[Field],
    fields_of: &BTreeMap<String, Vec<Field>>,
    defaultable: &BTreeSet<String>,
    path: &str,
) -> Result<Vec<Step>, String> {
    let mut wires = path.split('.');
    let first = wires.next().unwrap_or_default();
    let mut field = params
        .iter()
        .find(|p| {
            p.wire_name == first
                && matches!(p.location, Some(ParamLocation::Query | ParamLocation::Body))
        })
        .ok_or("which is not a query or body parameter")?;
    let mut steps = Vec::new();
    for wire in wires {
        let name = match &field.ty {
            Ty::Named(name) if !field.boxed => name,
            _ => return Err(format!("but `{}` is not a struct", field.wire_name)),
        };
        let next = fields_of
            .get(name)
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
        });
        field = next;
    }
    if !matches!(field.ty, Ty::I64 | Ty::String) {
        return Err(format!(
            "but `{}` is neither an `i64` nor a string",
            field.wire_name
        ));
    }
    steps.push(Step {
        rust_name: field.rust_name.clone(),
        required: field.required,
        text: field.ty == Ty::String,
    });
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Decode;

    fn field(wire: &str, ty: Ty, required: bool) -> Field {
        Field {
            wire_name: wire.to_owned(),
            rust_name: wire.to_owned(),
            ty,
            required,
            description: Text::default(),
            example: None,
            default: None,
            secret: false,
            decode: None,
            boxed: false,
            location: None,
            note: None,
        }
    }

    fn genauth_envelope() -> Vec<Field> {
        vec![
            field("statusCode", Ty::I64, true),
            field("message", Ty::String, false),
            field("apiCode", Ty::I64, false),
            field("requestId", Ty::String, false),
        ]
    }

    #[test]
    fn an_optional_data_or_nothing_inside_the_runtimes_envelope_is_enveloped() {
        let user = Ty::Named("UserDto".into());
        let data = field("data", user.clone(), false);
        assert_eq!(
            response_form(&genauth_envelope(), std::slice::from_ref(&data)),
            ResponseForm::Enveloped {
                data: Some(user),
                decode: None
            }
        );
        assert_eq!(
            response_form(&genauth_envelope(), &[]),
            ResponseForm::Enveloped {
                data: None,
                decode: None
            }
        );
        // Part of the envelope is enough (the runtime's other fields stay unset).
        assert!(matches!(
            response_form(&genauth_envelope()[..2], std::slice::from_ref(&data)),
            ResponseForm::Enveloped { .. }
        ));
        let lenient = Field {
            decode: Some(Decode::OneOrMany),
            ..field("data", Ty::List(Box::new(Ty::String)), false)
        };
        assert_eq!(
            response_form(&genauth_envelope(), &[lenient]),
            ResponseForm::Enveloped {
                data: Some(Ty::List(Box::new(Ty::String))),
                decode: Some(Decode::OneOrMany)
            }
        );
    }

    #[test]
    fn a_structs_request_id_is_its_envelopes_request_id_string() {
        let data = field("data", Ty::String, false);
        let own = [data, field("total", Ty::I64, false)];
        assert_eq!(
            response_form(&genauth_envelope(), &own),
            ResponseForm::Struct {
                request_id: Some(("requestId".into(), false))
            }
        );
        let eiam = [field("RequestId", Ty::String, true)];
        assert_eq!(
            response_form(&eiam, &own),
            ResponseForm::Struct {
                request_id: Some(("RequestId".into(), true))
            }
        );
        let numeric = [field("requestId", Ty::I64, false)];
        assert_eq!(
            response_form(&numeric, &own),
            ResponseForm::Struct { request_id: None }
        );
    }

    #[test]
    fn anything_else_is_a_struct_of_its_own() {
        let data = field("data", Ty::String, false);
        let cases: Vec<(Vec<Field>, Vec<Field>)> = vec![
            // No envelope (EIAM), or another one.
            (Vec::new(), vec![data.clone()]),
            (vec![field("code", Ty::I32, true)], vec![data.clone()]),
            (
                vec![field("statusCode", Ty::String, true)],
                vec![data.clone()],
            ),
            // Fields beside `data`, a required or secret `data`, another name.
            (
                genauth_envelope(),
                vec![data.clone(), field("total", Ty::I64, false)],
            ),
            (genauth_envelope(), vec![field("data", Ty::String, true)]),
            (
                genauth_envelope(),
                vec![Field {
                    secret: true,
                    ..data.clone()
                }],
            ),
            (genauth_envelope(), vec![field("list", Ty::String, false)]),
        ];
        for (envelope, own) in cases {
            assert!(
                matches!(response_form(&envelope, &own), ResponseForm::Struct { .. }),
                "{envelope:?} {own:?}"
            );
        }
    }
}

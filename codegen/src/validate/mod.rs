//! Step 2: check the parsed specs and build the `model`, collecting every problem.
//!
//! Each check reports at the key or value it concerns and moves on, so one run
//! lists all errors. A file that failed to parse is skipped here (its YAML
//! error is already reported).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diag::{did_you_mean, Diagnostic, Diagnostics, Pos};
use crate::load::Loaded;
use crate::model::{
    Api, Call, EnumValue, Example, Field, HttpMethod, Module, NextPage, Operation, Paging,
    ParamLocation, Request, ResponseForm, Service, Step, Text, Ty, TypeDef, TypeKind, WireNaming,
};
use crate::names::collision_key;
use crate::path;
use crate::protocol::Addressing;
use crate::raw;
use crate::span::Seg;
use crate::texpr;

mod names;

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
        if crate::protocol::find(service.1.protocol, service.1.auth).is_none() {
            self.err(
                service.0,
                At::Value(&path!["service", "auth"]),
                "`auth: user-token` needs `protocol: rest-json`",
                "RPC services sign every request with an access key; remove `auth`",
            );
        }
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
        if values.0.is_empty() {
            let pos = file.spans().key(&[at, &path!["enum"]].concat());
            self.err(
                file,
                pos,
                format!("enum `{owner}` has no values"),
                "list every value the document gives; a field without listed values is a `string`",
            );
        }
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
            if !self.field_options(&site, spec, &field.ty) {
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

    /// Checks `secret`, `decode` and `boxed` against the field's type.
    fn field_options(&mut self, site: &FieldSite, spec: &raw::FieldSpec, ty: &Ty) -> bool {
        let (file, wire, owner) = (site.file, site.wire, site.owner);
        let mut ok = true;
        if spec.secret && *ty != Ty::String {
            let pos = file
                .spans()
                .value(&[&site.path[..], &path!["secret"]].concat());
            self.err(
                file,
                pos,
                format!("field `{wire}` of `{owner}` is secret but not a `string`"),
                "only string fields can be marked `secret: true`",
            );
            ok = false;
        }
        if spec.decode.is_some() && !matches!(ty, Ty::List(_)) {
            let pos = file
                .spans()
                .value(&[&site.path[..], &path!["decode"]].concat());
            self.err(file, pos, format!("field `{wire}` of `{owner}` has `decode` but is not a `list<...>`"), "`one_or_many` and `json_string` relax how a list is decoded; remove `decode` or change the type");
            ok = false;
        }
        if spec.boxed && !matches!(ty, Ty::Named(n) if self.kinds.get(n) == Some(&SymKind::Struct))
        {
            let pos = file
                .spans()
                .value(&[&site.path[..], &path!["boxed"]].concat());
            self.err(
                file,
                pos,
                format!("field `{wire}` of `{owner}` is `boxed` but its type is not a struct"),
                "`boxed: true` only breaks recursion through a named struct",
            );
            ok = false;
        }
        ok
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
            if parts.required {
                let pos = file
                    .spans()
                    .key(&[&site.path[..], &path!["default"]].concat());
                self.err(
                    file,
                    pos,
                    format!("required parameter `{wire}` has a default"),
                    "a default only applies when the parameter is omitted; remove one of the two",
                );
                ok = false;
            }
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

    /// Checks that an example or default value fits the field's type.
    fn check_value(
        &mut self,
        site: &FieldSite,
        key: &str,
        value: &serde_yaml::Value,
        ty: &Ty,
    ) -> bool {
        let problem = self.misfit(value, ty, key, 0);
        let Some((what, hint)) = problem else {
            return true;
        };
        let pos = site
            .file
            .spans()
            .value(&[&site.path[..], &path![key]].concat());
        self.err(
            site.file,
            pos,
            format!("{key} of `{}` in `{}`: {what}", site.wire, site.owner),
            hint,
        );
        false
    }

    /// Why `value` is not a value of `ty`, with a hint; `None` when it is.
    /// Struct values are checked key by key (a JSON object written as a
    /// string, as imported table examples are, is read as that object),
    /// lists item by item, enum values against the enum, at any depth.
    fn misfit(
        &self,
        value: &serde_yaml::Value,
        ty: &Ty,
        key: &str,
        depth: usize,
    ) -> Option<(String, String)> {
        use serde_yaml::Value as V;
        let wrong = || {
            Some((
                format!("{} does not fit type `{ty}`", render(value)),
                format!("write the {key} as the document gives it, in the field's type; where the document contradicts itself, decide and write the decision in a `note:`"),
            ))
        };
        if depth > 32 {
            return None;
        }
        let at = |inner: Option<(String, String)>, step: String| {
            inner.map(|(what, hint)| (format!("at `{step}`: {what}"), hint))
        };
        match (ty, value) {
            (Ty::Named(n), V::String(s)) if self.enum_values.contains_key(n) => {
                let values = &self.enum_values[n];
                (!values.contains(s)).then(|| {
                    (
                        format!("`{s}` is not a value of enum `{n}`"),
                        format!("use one of: {}", values.join(", ")),
                    )
                })
            }
            (Ty::Named(n), V::String(s)) if self.struct_fields.contains_key(n) => {
                match serde_json::from_str::<serde_json::Value>(s) {
                    Ok(json @ serde_json::Value::Object(_)) => {
                        let yaml = serde_yaml::to_value(json).ok()?;
                        self.misfit(&yaml, ty, key, depth + 1)
                    }
                    _ => Some((
                        format!("`{s}` is not a JSON object, the shape of struct `{n}`"),
                        format!("write the {key} as an object of `{n}`'s fields; where the document gives something else, decide and write the decision in a `note:`"),
                    )),
                }
            }
            (Ty::Named(n), V::Mapping(m)) if self.struct_fields.contains_key(n) => {
                let fields = &self.struct_fields[n];
                // An open object (`fields: {}`) keeps every field.
                if fields.is_empty() {
                    return None;
                }
                for (k, v) in m {
                    let Some(k) = k.as_str() else {
                        return wrong();
                    };
                    let Some((_, texpr, _)) = fields.iter().find(|(w, _, _)| w == k) else {
                        let known = fields.iter().map(|(w, _, _)| w.as_str());
                        let hint = match did_you_mean(k, known) {
                            Some(m) => format!("did you mean `{m}`?"),
                            None => format!("add the field to `{n}` (with a note where the document's table lacks it), or correct the {key}"),
                        };
                        return Some((format!("`{k}` is not a field of `{n}`"), hint));
                    };
                    // A bad field type is reported where the field is defined.
                    let Ok(inner) = texpr::parse(texpr) else {
                        continue;
                    };
                    if v.is_null() {
                        continue;
                    }
                    if let Some(p) = at(self.misfit(v, &inner, key, depth + 1), k.to_owned()) {
                        return Some(p);
                    }
                }
                let has = |w: &str| m.keys().any(|k| k.as_str() == Some(w));
                fields.iter().find(|(w, _, required)| *required && !has(w)).map(|(w, _, _)| {
                    (
                        format!("`{w}` is required in `{n}`, and the {key} omits it"),
                        format!("give `{w}` as the document does; where the document's own {key} omits it, decide (make the field optional, or correct the {key}) and write the decision in a `note:`"),
                    )
                })
            }
            (Ty::List(item), V::Sequence(items)) => items.iter().enumerate().find_map(|(i, v)| {
                at(self.misfit(v, item, key, depth + 1), format!("[{i}]"))
            }),
            (Ty::Map(item), V::Mapping(m)) => m.iter().find_map(|(k, v)| match k.as_str() {
                Some(k) => at(self.misfit(v, item, key, depth + 1), k.to_owned()),
                None => wrong(),
            }),
            (Ty::List(_) | Ty::Map(_) | Ty::Named(_), _) => wrong(),
            _ if fits(value, ty) => None,
            _ => wrong(),
        }
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
        if out.en.is_none() && out.zh.is_none() {
            let pos = file.spans().value(at);
            self.err(
                file,
                pos,
                "empty text",
                "give `en:`, `zh:` or both, or remove the key",
            );
        }
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
        if spec.source.trim().is_empty() {
            let pos = file.spans().value(&[&at[..], &path!["source"]].concat());
            self.err(
                file,
                pos,
                format!("operation `{op}` names no source document"),
                "set `source:` to the document's file name",
            );
        }
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
        match (self.addressing, &spec.http, &spec.action) {
            (Addressing::Http, Some(http), None) => {
                if !http.path.starts_with('/') || http.path.contains(char::is_whitespace) {
                    let pos = file.spans().value(&[at, &path!["http", "path"]].concat());
                    self.err(
                        file,
                        pos,
                        format!(
                            "path `{}` of `{op}` must start with `/` and contain no spaces",
                            http.path
                        ),
                        "copy the path from the official SDK, e.g. `/api/v3/get-user`",
                    );
                    return None;
                }
                Some(Call::Http {
                    method: http.method,
                    path: http.path.clone(),
                })
            }
            (Addressing::Action, None, Some(action)) => {
                if crate::names::type_ident(action).ok().as_deref() != Some(action.as_str()) {
                    let pos = file.spans().value(&[at, &path!["action"]].concat());
                    self.err(
                        file,
                        pos,
                        format!("action `{action}` is not an UpperCamelCase name"),
                        "copy the action name from the vendor's API reference",
                    );
                    return None;
                }
                Some(Call::Rpc {
                    action: action.clone(),
                })
            }
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
                None
            }
            (Addressing::Action, _, _) => {
                let pos = file.spans().key(at);
                self.err(
                    file,
                    pos,
                    format!("operation `{op}` of an rpc service needs `action:` and no `http:`"),
                    "add `action: TheActionName`",
                );
                None
            }
        }
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
            if p.secret && field.ty != Ty::String {
                let pos = file
                    .spans()
                    .value(&[&site.path[..], &path!["secret"]].concat());
                self.err(
                    file,
                    pos,
                    format!("parameter `{}` is secret but not a `string`", site.wire),
                    "only string parameters can be marked `secret: true`",
                );
                ok = false;
            }
            field.secret = p.secret;
            let bodyless = matches!(&spec.http, Some(h) if h.method == HttpMethod::Get);
            if bodyless && p.location == ParamLocation::Body {
                let pos = file.spans().value(&[&site.path[..], &path!["in"]].concat());
                self.err(
                    file,
                    pos,
                    format!("parameter `{wire}` is `in: body` but the operation is a GET"),
                    "GET requests carry no body; use `in: query`",
                );
                ok = false;
            }
            if p.location == ParamLocation::Query && !self.query_safe(&field.ty) {
                let pos = file
                    .spans()
                    .value(&[&site.path[..], &path!["type"]].concat());
                self.err(
                    file,
                    pos,
                    format!(
                        "parameter `{wire}` cannot go in a query string: its type is an object"
                    ),
                    "send it `in: body`, or flatten it into scalar parameters",
                );
                ok = false;
            }
            field.location = Some(p.location);
            params.push(field);
        }
        self.check_field_collisions(file, &ppath, &params, &name);
        ok.then_some(Request { name, params })
    }

    /// Scalars, enums, JSON and lists of them have a query-string form; structs and maps do not.
    fn query_safe(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Map(_) => false,
            Ty::List(item) => self.query_safe(item),
            Ty::Named(n) => self.kinds.get(n) == Some(&SymKind::Enum),
            _ => true,
        }
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
        let mut ok = true;
        for f in &own {
            if let Some(e) = envelope
                .iter()
                .find(|e| collision_key(&e.rust_name) == collision_key(&f.rust_name))
            {
                let pos = file
                    .spans()
                    .key(&[&rpath[..], &path!["fields", f.wire_name.as_str()]].concat());
                self.err(file, pos, format!("field `{}` of `{name}` repeats the envelope field `{}`", f.wire_name, e.wire_name), "every response already starts with the service's envelope fields; remove it here");
                ok = false;
            }
        }
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

    fn check_json(&mut self, file: &Loaded, at: &[Seg], text: &str) -> bool {
        let Err(e) = serde_json::from_str::<serde_json::Value>(text) else {
            return true;
        };
        // A block scalar's content starts on the line after its indicator.
        let start = file.spans().value(at);
        let pos = Pos {
            line: start.line + e.line(),
            column: e.column(),
        };
        self.err(
            file,
            pos,
            format!("example is not valid JSON: {e}"),
            "paste the JSON exactly as the document prints it, as a `|` block",
        );
        false
    }

    /// Rejects structs that contain themselves without indirection.
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

    fn check_recursion(&mut self, service: &Service, files: &[&Loaded]) {
        let mut direct: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for (_, t) in service.types() {
            if let TypeKind::Struct { fields } = &t.kind {
                let edges = fields
                    .iter()
                    .filter(|f| !f.boxed)
                    .filter_map(|f| match &f.ty {
                        Ty::Named(n) if self.kinds.get(n) == Some(&SymKind::Struct) => {
                            Some((n.as_str(), f.wire_name.as_str()))
                        }
                        _ => None,
                    })
                    .collect();
                direct.insert(&t.name, edges);
            }
        }
        for cycle in cycles(&direct) {
            let (owner, field) = cycle[0];
            let mut chain: Vec<&str> = cycle.iter().map(|(t, _)| *t).chain([owner]).collect();
            if chain.len() > 12 {
                // A message stays short however long the cycle.
                chain.splice(8..chain.len() - 2, ["..."]);
            }
            let (file, pos) = locate_field(files, owner, field);
            let Some(file) = file else { continue };
            self.err(
                file,
                pos,
                format!("recursive type without indirection: {}", chain.join(" -> ")),
                format!(
                    "mark field `{field}` of `{owner}` `boxed: true`, or make it a `list<...>`"
                ),
            );
        }
    }
}

/// One cycle per strongly connected component of `graph` that has one, as
/// (type, field) hops starting at the component's first type by name; in
/// time linear in the graph (a chain of thousands of types is fine).
fn cycles<'a>(graph: &BTreeMap<&'a str, Vec<(&'a str, &'a str)>>) -> Vec<Vec<(&'a str, &'a str)>> {
    let names: Vec<&str> = graph.keys().copied().collect();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<(usize, &str)>> = names
        .iter()
        .map(|n| {
            graph[n]
                .iter()
                .filter_map(|(to, field)| index.get(to).map(|&j| (j, *field)))
                .collect()
        })
        .collect();
    let component = components(&edges);
    let mut done = BTreeSet::new();
    let mut found = Vec::new();
    // Shared by all searches: each stays within its own component.
    let mut seen = vec![false; names.len()];
    // Names are sorted, so each component is entered at its first name.
    for start in 0..names.len() {
        let c = component[start];
        if !done.insert(c) {
            continue;
        }
        // Depth-first within the component, each type entered once, until
        // an edge leads back to `start`.
        seen[start] = true;
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (at, ref mut next)) = stack.last_mut() {
            let Some(&(to, _)) = edges[at].get(*next) else {
                stack.pop();
                continue;
            };
            *next += 1;
            if to == start {
                found.push(
                    stack
                        .iter()
                        .map(|&(t, e)| (names[t], edges[t][e - 1].1))
                        .collect(),
                );
                break;
            }
            if component[to] == c && !seen[to] {
                seen[to] = true;
                stack.push((to, 0));
            }
        }
    }
    found
}

/// Tarjan's strongly connected components, iteratively: the component of each node.
fn components(edges: &[Vec<(usize, &str)>]) -> Vec<usize> {
    const NONE: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![NONE; n], vec![0; n], vec![NONE; n]);
    let (mut counter, mut components) = (0, 0);
    let mut stack = Vec::new();
    for root in 0..n {
        if order[root] != NONE {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        order[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        while let Some(&mut (v, ref mut next)) = work.last_mut() {
            if let Some(&(w, _)) = edges[v].get(*next) {
                *next += 1;
                if order[w] == NONE {
                    order[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    work.push((w, 0));
                } else if component[w] == NONE {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                while let Some(w) = stack.pop() {
                    component[w] = components;
                    if w == v {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
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

fn locate_field<'f>(files: &[&'f Loaded], owner: &str, field: &str) -> (Option<&'f Loaded>, Pos) {
    for f in files {
        if f.spec.types.0.iter().any(|(n, _)| n == owner) {
            return (
                Some(f),
                f.spans().key(&path!["types", owner, "fields", field]),
            );
        }
        for (op, spec) in &f.spec.operations.0 {
            if spec.response.name.as_deref() == Some(owner)
                || spec.response.fields.0.iter().any(|(n, _)| n == field)
            {
                return (
                    Some(f),
                    f.spans().key(&path![
                        "operations",
                        op.as_str(),
                        "response",
                        "fields",
                        field
                    ]),
                );
            }
        }
    }
    (files.first().copied(), Pos { line: 1, column: 1 })
}

/// The operation name at the end of an `operations.<name>` path.
fn spec_name(at: &[Seg]) -> &str {
    match at.last() {
        Some(Seg::Key(k)) => k,
        _ => "",
    }
}

fn fits(value: &serde_yaml::Value, ty: &Ty) -> bool {
    use serde_yaml::Value as V;
    match (ty, value) {
        (Ty::Json, _) => true,
        (Ty::String, V::String(_)) | (Ty::Bool, V::Bool(_)) => true,
        (Ty::I32, V::Number(n)) => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
        (Ty::I64, V::Number(n)) => n.as_i64().is_some(),
        (Ty::F64, V::Number(_)) => true,
        (Ty::List(t), V::Sequence(items)) => items.iter().all(|i| fits(i, t)),
        (Ty::Map(t), V::Mapping(m)) => m.iter().all(|(k, v)| k.is_string() && fits(v, t)),
        (Ty::Named(_), V::Mapping(_) | V::String(_)) => true,
        _ => false,
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

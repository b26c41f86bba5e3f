//! Semantic differences between two versions of the specs, classified by what
//! they mean to users of the generated crate.
//!
//! Generated requests and responses are `#[non_exhaustive]`, required request
//! parameters are arguments of `new`, enums keep unknown values: so a new
//! optional field, operation or enum value is compatible, while anything that
//! changes a Rust type or signature (removal, type, required-ness, secrecy,
//! Rust name) is breaking.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{
    Api, Auth, Decode, EnumValue, Field, Operation, Param, ParamLocation, Service, Text, TypeDef,
    TypeKind,
};

/// How a change affects users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Code that compiled or worked before may not any more.
    Breaking,
    /// Additions and behaviour that existing code keeps working with.
    Compatible,
    /// Descriptions, examples and notes only.
    DocsOnly,
}

impl Class {
    pub fn label(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Compatible => "compatible",
            Class::DocsOnly => "docs-only",
        }
    }
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub class: Class,
    /// Where: `service.Type.field`, `service.operation.params.name`, ...
    pub path: String,
    pub what: String,
}

/// Every change from `before` to `after`, sorted by class, then place.
pub fn diff(before: &Api, after: &Api) -> Vec<Change> {
    let mut d = Differ::default();
    let (b, a) = (by_name(&before.services), by_name(&after.services));
    for (name, sb) in &b {
        match a.get(name) {
            None => d.push(Class::Breaking, name, "service removed"),
            Some(sa) => d.service(name, sb, sa),
        }
    }
    for name in a.keys().filter(|n| !b.contains_key(*n)) {
        d.push(Class::Compatible, name, "new service");
    }
    d.changes.sort();
    d.changes
}

fn by_name(services: &[Service]) -> BTreeMap<&str, &Service> {
    services.iter().map(|s| (s.name.as_str(), s)).collect()
}

/// Whether a struct is read (a response) or written (a request) by users.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// What `fields` compares: struct fields, or request parameters.
trait Member: AsRef<Field> {
    const SIDE: Side;
    /// Where a parameter is sent; `None` for a struct field.
    fn location(&self) -> Option<ParamLocation>;
}

impl Member for Field {
    const SIDE: Side = Side::Response;
    fn location(&self) -> Option<ParamLocation> {
        None
    }
}

impl Member for Param {
    const SIDE: Side = Side::Request;
    fn location(&self) -> Option<ParamLocation> {
        Some(self.location)
    }
}

#[derive(Default)]
struct Differ {
    changes: Vec<Change>,
}

impl Differ {
    fn push(&mut self, class: Class, path: &str, what: impl Into<String>) {
        self.changes.push(Change {
            class,
            path: path.to_owned(),
            what: what.into(),
        });
    }

    fn docs(&mut self, path: &str, what: &str, before: &Text, after: &Text) {
        if before != after {
            self.push(Class::DocsOnly, path, format!("{what} changed"));
        }
    }

    fn service(&mut self, name: &str, b: &Service, a: &Service) {
        if b.api_version != a.api_version {
            self.push(
                Class::Breaking,
                name,
                format!("API version `{}` -> `{}`", b.api_version, a.api_version),
            );
        }
        if b.endpoint != a.endpoint {
            self.push(
                Class::Compatible,
                name,
                format!("default endpoint `{}` -> `{}`", b.endpoint, a.endpoint),
            );
        }
        if b.protocol != a.protocol {
            self.push(Class::Breaking, name, "protocol changed");
        }
        if b.auth != a.auth {
            // The service's operations move to another client type.
            self.push(
                Class::Breaking,
                name,
                format!("auth `{}` -> `{}`", auth_name(b.auth), auth_name(a.auth)),
            );
        }
        self.docs(name, "description", &b.description, &a.description);
        let ops = |s: &'_ Service| -> BTreeMap<String, Operation> {
            s.modules
                .iter()
                .flat_map(|m| &m.operations)
                .map(|o| (o.wire_name.clone(), o.clone()))
                .collect()
        };
        let (ob, oa) = (ops(b), ops(a));
        for (op, before) in &ob {
            let path = format!("{name}.{op}");
            match oa.get(op) {
                None => self.push(Class::Breaking, &path, "operation removed"),
                Some(after) => self.operation(&path, before, after),
            }
        }
        for op in oa.keys().filter(|o| !ob.contains_key(*o)) {
            self.push(Class::Compatible, &format!("{name}.{op}"), "new operation");
        }
        let types = |s: &'_ Service| -> BTreeMap<String, TypeDef> {
            s.modules
                .iter()
                .flat_map(|m| &m.types)
                .map(|t| (t.name.clone(), t.clone()))
                .collect()
        };
        let (tb, ta) = (types(b), types(a));
        for (t, before) in &tb {
            let path = format!("{name}.{t}");
            match ta.get(t) {
                None => self.push(Class::Breaking, &path, "type removed"),
                Some(after) => self.type_def(&path, before, after),
            }
        }
        for t in ta.keys().filter(|t| !tb.contains_key(*t)) {
            self.push(Class::Compatible, &format!("{name}.{t}"), "new type");
        }
    }

    fn operation(&mut self, path: &str, b: &Operation, a: &Operation) {
        if b.call != a.call {
            self.push(
                Class::Breaking,
                path,
                format!("called differently: `{}` -> `{}`", b.call, a.call),
            );
        }
        if b.idempotent != a.idempotent {
            let now = if a.idempotent {
                "retried automatically"
            } else {
                "no longer retried automatically"
            };
            self.push(Class::Compatible, path, now);
        }
        self.docs(path, "summary", &b.summary, &a.summary);
        self.docs(path, "description", &b.description, &a.description);
        if b.note != a.note {
            self.push(Class::DocsOnly, path, "note changed");
        }
        let examples = |o: &Operation| {
            o.examples
                .iter()
                .map(|e| (e.name.clone(), e.json.clone(), e.reencoded.clone()))
                .collect::<Vec<_>>()
        };
        if examples(b) != examples(a) {
            self.push(Class::DocsOnly, path, "examples changed");
        }
        if b.request.name != a.request.name {
            self.push(
                Class::Breaking,
                path,
                format!(
                    "request type renamed `{}` -> `{}`",
                    b.request.name, a.request.name
                ),
            );
        }
        self.fields(
            &format!("{path}.params"),
            &b.request.params,
            &a.request.params,
        );
        if b.response.name != a.response.name {
            self.push(
                Class::Breaking,
                path,
                format!(
                    "response type renamed `{}` -> `{}`",
                    b.response.name, a.response.name
                ),
            );
        }
        self.type_def(&format!("{path}.response"), &b.response, &a.response);
        if b.response_form != a.response_form {
            self.push(
                Class::Breaking,
                &format!("{path}.response"),
                "written differently (a `Response<T>` alias or a struct of its own)",
            );
        }
        match (&b.paging, &a.paging) {
            (None, Some(_)) => self.push(Class::Compatible, path, "paginators added"),
            (Some(_), None) => self.push(Class::Breaking, path, "paginators removed"),
            (Some(pb), Some(pa)) if pb != pa => self.push(Class::Breaking, path, "paging changed"),
            _ => {}
        }
    }

    fn type_def(&mut self, path: &str, b: &TypeDef, a: &TypeDef) {
        self.docs(path, "description", &b.description, &a.description);
        if b.note != a.note {
            self.push(Class::DocsOnly, path, "note changed");
        }
        match (&b.kind, &a.kind) {
            (TypeKind::Struct { fields: fb }, TypeKind::Struct { fields: fa }) => {
                self.fields(path, fb, fa)
            }
            (TypeKind::Enum { values: vb }, TypeKind::Enum { values: va }) => {
                self.enum_values(path, vb, va)
            }
            _ => self.push(Class::Breaking, path, "changed between struct and enum"),
        }
    }

    fn enum_values(&mut self, path: &str, b: &[EnumValue], a: &[EnumValue]) {
        for vb in b {
            match a.iter().find(|va| va.wire == vb.wire) {
                None => self.push(
                    Class::Breaking,
                    path,
                    format!("enum value `{}` removed", vb.wire),
                ),
                Some(va) => {
                    if va.rust_name != vb.rust_name {
                        self.push(
                            Class::Breaking,
                            path,
                            format!(
                                "variant of `{}` renamed `{}` -> `{}`",
                                vb.wire, vb.rust_name, va.rust_name
                            ),
                        );
                    }
                    if va.description != vb.description || va.note != vb.note {
                        self.push(
                            Class::DocsOnly,
                            path,
                            format!("description of enum value `{}` changed", vb.wire),
                        );
                    }
                }
            }
        }
        for va in a.iter().filter(|va| !b.iter().any(|vb| vb.wire == va.wire)) {
            self.push(
                Class::Compatible,
                path,
                format!("new enum value `{}`", va.wire),
            );
        }
    }

    fn fields<M: Member>(&mut self, path: &str, b: &[M], a: &[M]) {
        let side = M::SIDE;
        let noun = if side == Side::Request {
            "parameter"
        } else {
            "field"
        };
        for mb in b {
            let fb = mb.as_ref();
            let at = format!("{path}.{}", fb.wire_name);
            match a.iter().find(|ma| ma.as_ref().wire_name == fb.wire_name) {
                Some(ma) => self.field(&at, mb, ma),
                None => match a.iter().map(AsRef::as_ref).find(|fa| {
                    fa.rust_name == fb.rust_name
                        && !b.iter().any(|x| x.as_ref().wire_name == fa.wire_name)
                }) {
                    Some(fa) => self.push(
                        Class::Breaking,
                        &at,
                        format!("wire name renamed `{}` -> `{}`", fb.wire_name, fa.wire_name),
                    ),
                    None => self.push(Class::Breaking, &at, format!("{noun} removed")),
                },
            }
        }
        for fa in a.iter().map(AsRef::as_ref).filter(|fa| {
            !b.iter()
                .map(AsRef::as_ref)
                .any(|fb| fb.wire_name == fa.wire_name || fb.rust_name == fa.rust_name)
        }) {
            let at = format!("{path}.{}", fa.wire_name);
            if fa.required {
                let why = match side {
                    Side::Request => "new required parameter (a new argument of `new`)",
                    Side::Response => "new required field (responses without it no longer decode)",
                };
                self.push(Class::Breaking, &at, why);
            } else {
                self.push(Class::Compatible, &at, format!("new optional {noun}"));
            }
        }
    }

    fn field<M: Member>(&mut self, at: &str, mb: &M, ma: &M) {
        let (b, a) = (mb.as_ref(), ma.as_ref());
        if b.ty != a.ty {
            self.push(
                Class::Breaking,
                at,
                format!("type `{}` -> `{}`", b.ty, a.ty),
            );
        }
        if b.required != a.required {
            let what = match (M::SIDE, a.required) {
                (Side::Request, true) => "optional -> required (a new argument of `new`)",
                (Side::Request, false) => "required -> optional (an argument of `new` goes away)",
                (Side::Response, true) => "optional -> required (no longer an `Option`)",
                (Side::Response, false) => "required -> optional (now an `Option`)",
            };
            self.push(Class::Breaking, at, what);
        }
        if b.rust_name != a.rust_name {
            self.push(
                Class::Breaking,
                at,
                format!("Rust name `{}` -> `{}`", b.rust_name, a.rust_name),
            );
        }
        if b.secret != a.secret || b.boxed != a.boxed {
            self.push(Class::Breaking, at, "Rust type changed (secret or boxed)");
        }
        if b.decode != a.decode {
            let name = |d: Option<Decode>| match d {
                Some(Decode::OneOrMany) => "one_or_many",
                Some(Decode::JsonString) => "json_string",
                None => "none",
            };
            self.push(
                Class::Compatible,
                at,
                format!(
                    "lenient decoding `{}` -> `{}`",
                    name(b.decode),
                    name(a.decode)
                ),
            );
        }
        if mb.location() != ma.location() {
            let place = |l: Option<ParamLocation>| {
                if l == Some(ParamLocation::Body) {
                    "body"
                } else {
                    "query"
                }
            };
            self.push(
                Class::Compatible,
                at,
                format!(
                    "sent in the {} -> the {}",
                    place(mb.location()),
                    place(ma.location())
                ),
            );
        }
        if b.default != a.default {
            let value = |d: &Option<String>| {
                d.as_ref()
                    .map_or_else(|| "none".to_owned(), |d| format!("`{d}`"))
            };
            self.push(
                Class::Compatible,
                at,
                format!(
                    "server default {} -> {}",
                    value(&b.default),
                    value(&a.default)
                ),
            );
        }
        if b.description != a.description || b.example != a.example || b.note != a.note {
            self.push(Class::DocsOnly, at, "description, example or note changed");
        }
    }
}

fn counts(changes: &[Change]) -> String {
    [Class::Breaking, Class::Compatible, Class::DocsOnly]
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                changes.iter().filter(|x| x.class == *c).count(),
                c.label()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// For a terminal: counts first, then the changes grouped by class.
pub fn render_text(changes: &[Change]) -> String {
    let mut out = format!("spec changes: {}\n", counts(changes));
    let mut last = None;
    for c in changes {
        if last != Some(c.class) {
            let _ = write!(out, "\n{}:\n", c.class.label());
            last = Some(c.class);
        }
        let _ = writeln!(out, "  {}: {}", c.path, c.what);
    }
    out
}

/// For a pull-request comment.
pub fn render_markdown(changes: &[Change]) -> String {
    let mut out = format!("### Spec changes: {}\n", counts(changes));
    if changes.is_empty() {
        return out;
    }
    out.push_str("\n| class | where | change |\n| --- | --- | --- |\n");
    for c in changes {
        let class = match c.class {
            Class::Breaking => "**breaking**",
            other => other.label(),
        };
        let _ = writeln!(
            out,
            "| {class} | `{}` | {} |",
            c.path,
            c.what.replace('|', "\\|")
        );
    }
    out
}

/// `auth` as the spec spells it.
fn auth_name(auth: Auth) -> &'static str {
    match auth {
        Auth::ManagementToken => "management-token",
        Auth::UserToken => "user-token",
    }
}

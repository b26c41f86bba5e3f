//! Names: every type name of a service, collected before anything refers to
//! one; the Rust identifiers the spec's names become (files, types, fields,
//! enum values, operations, examples, paginators), their collisions and the
//! names the generated code reserves; resolving type expressions.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{At, FieldSite, ServiceCheck, SymKind};
use crate::diag::{did_you_mean, Pos};
use crate::load::Loaded;
use crate::model::{Field, Ty, WireNaming};
use crate::names::{self, collision_key, BadName, RESERVED_TYPES, UNKNOWN_FIELDS};
use crate::path;
use crate::raw;
use crate::span::Seg;
use crate::texpr::{self, PRIMITIVES};

/// The first definition of a name: where, resolved only if it collides.
pub(super) struct Symbol<'f> {
    name: String,
    file: &'f Loaded,
    path: Vec<Seg>,
}

impl<'f> ServiceCheck<'_, 'f> {
    /// Finds the one `service:` block of the directory.
    pub(super) fn service_block(
        &mut self,
        dir: &str,
        files: &[&'f Loaded],
    ) -> Option<(&'f Loaded, &'f raw::ServiceSpec)> {
        let blocks: Vec<_> = files
            .iter()
            .filter_map(|f| f.spec.service.as_ref().map(|s| (*f, s)))
            .collect();
        let Some(&(file, spec)) = blocks.first() else {
            let first = files.first()?;
            self.err(
                first,
                Pos { line: 1, column: 1 },
                format!("no file in `{dir}/` has a `service:` block"),
                "add `service:` (name, vendor, title, api_version, protocol, wire_naming, endpoint) to service.yaml",
            );
            return None;
        };
        for (other, _) in &blocks[1..] {
            let pos = other.spans().key(&path!["service"]);
            let first = file.source.display_path.clone();
            self.err(
                other,
                pos,
                format!("a second `service:` block for `{dir}/`"),
                format!("the service is already defined in {first}; keep one"),
            );
        }
        Some((file, spec))
    }

    /// The service's name is its directory's, and becomes a module and a feature.
    pub(super) fn check_service_name(&mut self, dir: &str, file: &Loaded, spec: &raw::ServiceSpec) {
        if spec.name != dir {
            let pos = file.spans().value(&path!["service", "name"]);
            self.err(
                file,
                pos,
                format!(
                    "service name `{}` differs from its directory `{dir}`",
                    spec.name
                ),
                format!(
                    "name the service `{dir}` or move the files to `spec/{}/`",
                    spec.name
                ),
            );
        }
        if names::field_ident(&spec.name).ok().as_deref() != Some(spec.name.as_str()) {
            let pos = file.spans().value(&path!["service", "name"]);
            self.err(
                file,
                pos,
                format!(
                    "service name `{}` is not a snake_case Rust identifier",
                    spec.name
                ),
                "it becomes a module and a cargo feature; use lower-case letters, digits and `_`",
            );
        }
        if let Some(why) = names::reserved_service(&spec.name) {
            let pos = file.spans().value(&path!["service", "name"]);
            self.err(
                file,
                pos,
                format!("service name `{}` is reserved: {why}", spec.name),
                "rename the service and its directory",
            );
        }
    }

    /// A file's name (and its API area's) becomes a module: snake_case, not
    /// reserved. `false`: the file is not lowered.
    pub(super) fn check_module_name(&mut self, file: &Loaded) -> bool {
        let stem = &file.source.stem;
        if names::field_ident(stem).ok().as_deref() != Some(stem.as_str()) {
            let hint = match names::field_ident(stem) {
                Ok(ident) => format!(
                    "rename the file to `{}.yaml`",
                    ident.trim_start_matches("r#")
                ),
                Err(_) => "use lower-case letters, digits and `_`".to_owned(),
            };
            self.err(
                file,
                Pos { line: 1, column: 1 },
                format!("file name `{stem}.yaml` does not give a snake_case module name"),
                hint,
            );
            return false;
        }
        if let Some(why) = names::reserved_module(stem) {
            self.err(
                file,
                Pos { line: 1, column: 1 },
                format!("file name `{stem}.yaml` is reserved: {why}"),
                "rename the file",
            );
            return false;
        }
        if let Some(area) = &file.source.area {
            if names::field_ident(area).ok().as_deref() != Some(area.as_str()) {
                self.err(
                    file,
                    Pos { line: 1, column: 1 },
                    format!("directory name `{area}` does not give a snake_case module name"),
                    "name API areas with lower-case letters, digits and `_`, e.g. `sync_center`",
                );
                return false;
            }
            if let Some(why) = names::reserved_module(area) {
                self.err(
                    file,
                    Pos { line: 1, column: 1 },
                    format!("directory name `{area}` is reserved: {why}"),
                    "rename the API area's directory",
                );
                return false;
            }
        }
        true
    }

    /// An API area named like a file beside it (`service/` beside
    /// `service.yaml`) would be two modules of one name.
    pub(super) fn check_areas_against_files(&mut self, files: &[&'f Loaded]) {
        let top: BTreeMap<&str, &Loaded> = files
            .iter()
            .filter(|f| f.source.area.is_none())
            .map(|f| (f.source.stem.as_str(), *f))
            .collect();
        let mut reported = BTreeSet::new();
        for file in files {
            let Some(area) = file.source.area.as_deref() else {
                continue;
            };
            if let Some(other) = top.get(area) {
                if reported.insert(area) {
                    let other = other.source.display_path.clone();
                    self.err(
                        file,
                        Pos { line: 1, column: 1 },
                        format!("API area `{area}` has the name of the file {other}: both would be the module `{area}`"),
                        format!("rename the directory `{area}/` or the file `{area}.yaml`"),
                    );
                }
            }
        }
    }

    /// Registers a type name, reporting names that collide with an earlier one.
    fn define(&mut self, file: &'f Loaded, path: Vec<Seg>, name: &str, kind: SymKind) {
        let key = collision_key(name);
        if let Some(first) = self.defined.get(&key) {
            let first_name = first.name.clone();
            let first_at = format!(
                "{}:{}",
                first.file.source.display_path,
                pos_text(first.file.spans().key(&first.path))
            );
            let what = if first_name == name {
                format!("type `{name}` is defined twice")
            } else {
                format!("type `{name}` collides with `{first_name}` (names may not differ only in case or `_`)")
            };
            self.err(
                file,
                At::Key(&path),
                what,
                format!("the first is at {first_at}; rename one"),
            );
            return;
        }
        self.defined.insert(
            key,
            Symbol {
                name: name.to_owned(),
                file,
                path,
            },
        );
        self.kinds.insert(name.to_owned(), kind);
    }

    /// First pass: every type name of the file, so references resolve in any order.
    pub(super) fn collect_names(&mut self, file: &'f Loaded) {
        for (name, spec) in &file.spec.types.0 {
            let at = path!["types", name.as_str()].to_vec();
            if !self.check_type_name(file, At::Key(&at), name) {
                continue;
            }
            let kind = if spec.values.is_some() {
                SymKind::Enum
            } else {
                SymKind::Struct
            };
            if let Some(fields) = &spec.fields {
                self.struct_fields.insert(
                    name.clone(),
                    fields
                        .0
                        .iter()
                        .map(|(w, f)| (w.clone(), f.ty.clone(), f.required))
                        .collect(),
                );
            }
            if let Some(values) = &spec.values {
                self.enum_values.insert(
                    name.clone(),
                    values.0.iter().map(|(v, _)| v.clone()).collect(),
                );
            }
            self.define(file, at, name, kind);
        }
        for (op, spec) in &file.spec.operations.0 {
            let op_path = path!["operations", op.as_str()].to_vec();
            let Ok(base) = names::type_ident(op) else {
                continue;
            };
            self.define(
                file,
                op_path.clone(),
                &format!("{base}Request"),
                SymKind::Request,
            );
            // The response is `<Op>Response` whatever the documents call it
            // (their name becomes a doc alias); it must still be a type name.
            if let Some(vendor) = &spec.response.name {
                let at = path!["operations", op.as_str(), "response", "name"];
                self.check_type_name(file, At::Key(&at), vendor);
            }
            self.define(file, op_path, &format!("{base}Response"), SymKind::Struct);
        }
    }

    fn check_type_name(&mut self, file: &Loaded, pos: At, name: &str) -> bool {
        if RESERVED_TYPES.contains(&name) {
            self.err(
                file,
                pos,
                format!("type name `{name}` is reserved"),
                "the generated code uses this name itself (std or the service module); pick another",
            );
            return false;
        }
        match names::type_ident(name) {
            Ok(ident) if ident == name => true,
            Ok(ident) => {
                self.err(
                    file,
                    pos,
                    format!("type name `{name}` is not UpperCamelCase"),
                    format!("write it as `{ident}`"),
                );
                false
            }
            Err(bad) => {
                self.err(
                    file,
                    pos,
                    format!(
                        "type name `{name}` cannot be a Rust identifier: {}",
                        bad.explain()
                    ),
                    "use letters and digits, starting with an upper-case letter",
                );
                false
            }
        }
    }

    /// Parses and resolves a type expression, reporting unknown names.
    pub(super) fn resolve(&mut self, file: &Loaded, at: &[Seg], text: &str) -> Option<Ty> {
        let pos = At::Value(at);
        let ty = match texpr::parse(text) {
            Ok(ty) => ty,
            Err(why) => {
                self.err(
                    file,
                    pos,
                    format!("bad type `{text}`: {why}"),
                    "types are string, bool, i32, i64, f64, json, list<T>, map<T> or a type name",
                );
                return None;
            }
        };
        let Some(name) = ty.named().map(str::to_owned) else {
            return Some(ty);
        };
        match self.kinds.get(&name) {
            Some(SymKind::Struct | SymKind::Enum) => Some(ty),
            Some(SymKind::Request) => {
                self.err(
                    file,
                    pos,
                    format!("`{name}` is an operation's request and cannot be a field type"),
                    "define a named type under `types:` and use it in both places",
                );
                None
            }
            None => {
                // Each suggestion compares with every type name; a file of
                // thousands of unknown names gets suggestions for the first
                // few only, so that the check stays linear.
                let known: Vec<&str> = if self.suggestions_left > 0 {
                    self.suggestions_left -= 1;
                    self.kinds
                        .iter()
                        .filter(|(_, k)| **k != SymKind::Request)
                        .map(|(n, _)| n.as_str())
                        .chain(PRIMITIVES.iter().map(|(p, _)| *p))
                        .collect()
                } else {
                    Vec::new()
                };
                let hint = match did_you_mean(&name, known.iter().copied()) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => format!("define `{name}` under `types:` in any file of this service"),
                };
                self.err(file, pos, format!("unknown type `{name}`"), hint);
                None
            }
        }
    }

    /// A wire name follows the service's `wire_naming`.
    pub(super) fn check_wire_name(
        &mut self,
        file: &Loaded,
        pos: At,
        wire: &str,
        owner: &str,
    ) -> bool {
        let first = wire.chars().next();
        let (fits, style) = match self.naming {
            WireNaming::CamelCase => (first.is_some_and(|c| c.is_ascii_lowercase()), "camelCase"),
            WireNaming::PascalCase => (first.is_some_and(|c| c.is_ascii_uppercase()), "PascalCase"),
        };
        // `_` is allowed: real APIs mix in snake_case names (`sso_enabled`).
        if fits && wire.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return true;
        }
        self.err(
            file,
            pos,
            format!("wire name `{wire}` in `{owner}` is not {style}, the service's `wire_naming`"),
            "copy the name exactly as the document spells it; where the API really uses this name, give the field a `rust_name`",
        );
        false
    }

    /// The Rust name of a field or parameter: its `rust_name`, or its wire name's.
    pub(super) fn field_ident(
        &mut self,
        site: &FieldSite,
        rust_name: Option<&str>,
    ) -> Option<String> {
        let (file, wire, owner) = (site.file, site.wire, site.owner);
        let ident = match rust_name {
            Some(n) => names::check(n),
            None => names::field_ident(wire),
        };
        match ident {
            Ok(i) => Some(i),
            Err(bad) => {
                self.err(
                    file,
                    At::Key(&site.path),
                    format!(
                        "field `{wire}` of `{owner}` cannot be a Rust identifier: {}",
                        bad.explain()
                    ),
                    "keep the wire name and add `rust_name: some_name`",
                );
                None
            }
        }
    }

    /// Two fields of one struct (or parameters of one request) with one Rust name.
    pub(super) fn check_field_collisions(
        &mut self,
        file: &Loaded,
        at: &[Seg],
        fields: &[Field],
        owner: &str,
    ) {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for f in fields {
            let fpath = [at, &path![f.wire_name.as_str()]].concat();
            let pos = At::Key(&fpath);
            if f.rust_name == UNKNOWN_FIELDS {
                self.err(
                    file,
                    pos,
                    format!("field `{}` of `{owner}` would be named `{UNKNOWN_FIELDS}`", f.wire_name),
                    format!("`{UNKNOWN_FIELDS}` keeps fields the spec does not describe; give this one a `rust_name`"),
                );
            }
            let first = seen.insert(collision_key(&f.rust_name), &f.wire_name);
            if first == Some(f.wire_name.as_str()) {
                let second = file.spans().repeat(&fpath).map_or(pos, At::Pos);
                self.err(
                    file,
                    second,
                    format!("`{}` is listed twice in `{owner}`", f.wire_name),
                    "remove one of the two",
                );
            } else if let Some(first) = first {
                self.err(
                    file,
                    pos,
                    format!("fields `{first}` and `{}` of `{owner}` both become `{}`", f.wire_name, f.rust_name),
                    "names may not differ only in case or `_`; remove the duplicate or give one a `rust_name`",
                );
            }
        }
    }

    /// The variant an enum value at `vpath` becomes; `seen` holds the
    /// enum's variants so far (collision key -> wire value).
    pub(super) fn variant_ident(
        &mut self,
        file: &Loaded,
        vpath: &[Seg],
        wire: &str,
        owner: &str,
        rust_name: Option<&str>,
        seen: &mut HashMap<String, String>,
    ) -> Option<String> {
        let pos = At::Key(vpath);
        let ident = match rust_name {
            Some(n) => names::check(n),
            None => names::type_ident(wire),
        };
        let ident = match ident {
            Ok(i) if i.starts_with("r#") => Err(BadName::Keyword),
            other => other,
        };
        let ident = match ident {
            Ok(i) => i,
            Err(bad) => {
                self.err(
                    file,
                    pos,
                    format!(
                        "enum value `{wire}` of `{owner}` cannot be a Rust variant: {}",
                        bad.explain()
                    ),
                    "give it `rust_name: SomeName`",
                );
                return None;
            }
        };
        if ident == "Unknown" {
            self.err(
                file,
                pos,
                format!("enum value `{wire}` of `{owner}` would be the variant `Unknown`"),
                "`Unknown` holds values the SDK does not know; give this one another `rust_name`",
            );
            return None;
        }
        if let Some(first) = seen.insert(collision_key(&ident), wire.to_owned()) {
            self.err(
                file,
                pos,
                format!("enum values `{first}` and `{wire}` of `{owner}` both become the variant `{ident}`"),
                "values may not differ only in case or separators; give one a `rust_name`",
            );
            return None;
        }
        Some(ident)
    }

    /// An operation's type-name base (`GetUser`) and client method
    /// (`get_user`); `seen` holds the file's methods so far.
    pub(super) fn operation_idents(
        &mut self,
        file: &Loaded,
        op: &str,
        seen: &mut HashMap<String, String>,
    ) -> Option<(String, String)> {
        let at = path!["operations", op];
        let key_pos = At::Key(&at);
        let base = match names::type_ident(op) {
            Ok(b) => b,
            Err(bad) => {
                self.err(
                    file,
                    key_pos,
                    format!("operation `{op}` cannot be a Rust name: {}", bad.explain()),
                    "use the vendor's operation name, e.g. `getUserIdentities`",
                );
                return None;
            }
        };
        let rust_name = names::field_ident(op).ok()?;
        if crate::emit::runtime_client_methods().contains(rust_name.trim_start_matches("r#")) {
            self.err(
                file,
                key_pos,
                format!("operation `{op}` would be the client method `{rust_name}`, which the runtime's client already defines"),
                "rename the operation; the runtime's clients define `new`, `from_env`, `options`, `call`...",
            );
            return None;
        }
        if let Some(first) = seen.insert(collision_key(&rust_name), op.to_owned()) {
            self.err(
                file,
                key_pos,
                format!("operations `{first}` and `{op}` both become `{rust_name}`"),
                "operation names must differ in more than case or `_`",
            );
        }
        Some((base, rust_name))
    }

    /// An example's name becomes its test's; `seen` holds the operation's so far.
    pub(super) fn example_ident(
        &mut self,
        file: &Loaded,
        epath: &[Seg],
        name: &str,
        seen: &mut BTreeSet<String>,
    ) -> Option<String> {
        let rust_name = match names::field_ident(name) {
            Ok(n) if !n.starts_with("r#") => n,
            _ => {
                let pos = file.spans().value(&[epath, &path!["name"]].concat());
                self.err(
                    file,
                    pos,
                    format!("example name `{name}` cannot be a test name"),
                    "use words such as `success` or `unknown enum value`",
                );
                return None;
            }
        };
        if !seen.insert(rust_name.clone()) {
            let pos = file.spans().value(&[epath, &path!["name"]].concat());
            self.err(
                file,
                pos,
                format!("two examples are named `{name}`"),
                "give each example of an operation its own name",
            );
            return None;
        }
        Some(rust_name)
    }

    /// A paged operation's paginators (`<method>_pages`, `<method>_items`)
    /// must not be another operation's method (`methods`).
    pub(super) fn check_paginator_names(
        &mut self,
        file: &Loaded,
        op_name: &str,
        methods: &BTreeSet<String>,
    ) {
        let method = names::field_ident(op_name).unwrap_or_default();
        for paginator in ["pages", "items"].map(|s| format!("{method}_{s}")) {
            if methods.contains(&paginator) {
                let pos = file.spans().key(&path!["operations", op_name, "paging"]);
                self.err(file, pos, format!("the paginator `{paginator}` of `{op_name}` would be another operation's method"), "rename one of the operations");
            }
        }
    }
}

fn pos_text(pos: Pos) -> String {
    format!("{}:{}", pos.line, pos.column)
}

//! Names: the service's, its files' and its types' names. Every type name
//! is collected before anything refers to one, so type expressions resolve
//! in any order. The identifiers of the rest are in `idents`.

mod idents;

use std::collections::{BTreeMap, BTreeSet};

use super::{At, ServiceCheck, SymKind};
use crate::diag::{did_you_mean, Pos};
use crate::load::Loaded;
use crate::model::Ty;
use crate::names::{self, collision_key, RESERVED_TYPES};
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
}

fn pos_text(pos: Pos) -> String {
    format!("{}:{}", pos.line, pos.column)
}

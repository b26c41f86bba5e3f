//! The Rust identifiers of what is lowered: fields and parameters (and
//! their wire names), enum values, operations, examples and paginators;
//! their collisions and the names the generated code keeps for itself.

use std::collections::{BTreeSet, HashMap};

use crate::load::Loaded;
use crate::model::{Field, WireNaming};
use crate::names::{self, collision_key, BadName, UNKNOWN_FIELDS};
use crate::path;
use crate::span::Seg;
use crate::validate::{At, FieldSite, ServiceCheck};

impl ServiceCheck<'_, '_> {
    /// A wire name follows the service's `wire_naming`.
    pub(in crate::validate) fn check_wire_name(
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
    pub(in crate::validate) fn field_ident(
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
    pub(in crate::validate) fn check_field_collisions<F: AsRef<Field>>(
        &mut self,
        file: &Loaded,
        at: &[Seg],
        fields: &[F],
        owner: &str,
    ) {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for f in fields.iter().map(AsRef::as_ref) {
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
    pub(in crate::validate) fn variant_ident(
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
    pub(in crate::validate) fn operation_idents(
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
        if crate::protocol::runtime_client_methods().contains(rust_name.trim_start_matches("r#")) {
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
    pub(in crate::validate) fn example_ident(
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
    pub(in crate::validate) fn check_paginator_names(
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

//! Lowering: raw structs -> model. It asks `names` for each name it reads
//! and `rules` for each rule, at the point it reads what they concern, and
//! leaves out an item either refused. Operations are lowered in
//! `operations`, and `paging:` in `paging`, once every operation is.

mod operations;
mod paging;

use std::collections::HashMap;

use super::{At, FieldSite, ServiceCheck};
use crate::load::Loaded;
use crate::model::{EnumValue, Field, Module, Service, Text, TypeDef, TypeKind};
use crate::path;
use crate::raw;
use crate::span::Seg;

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

impl ServiceCheck<'_, '_> {
    /// The service, around its envelope and modules.
    pub(super) fn service(
        &mut self,
        file: &Loaded,
        spec: &raw::ServiceSpec,
        envelope: Vec<Field>,
        modules: Vec<Module>,
    ) -> Service {
        Service {
            name: spec.name.clone(),
            vendor: spec.vendor.clone(),
            title: spec.title.clone(),
            api_version: spec.api_version.clone(),
            protocol: spec.protocol,
            auth: spec.auth,
            wire_naming: spec.wire_naming,
            endpoint: spec.endpoint.clone(),
            description: self.opt_text(
                file,
                &path!["service", "description"],
                spec.description.as_ref(),
            ),
            note: spec.note.clone(),
            envelope,
            modules,
        }
    }

    pub(super) fn module(&mut self, file: &Loaded, envelope: &[Field]) -> Option<Module> {
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

    pub(super) fn fields(
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

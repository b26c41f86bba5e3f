//! Whether an example or a default fits its field's type, at any depth.

use crate::diag::did_you_mean;
use crate::model::Ty;
use crate::path;
use crate::texpr;
use crate::validate::{render, FieldSite, ServiceCheck};

impl ServiceCheck<'_, '_> {
    /// Checks that an example or default value fits the field's type.
    pub(in crate::validate) fn check_value(
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
}

fn fits(value: &serde_yaml::Value, ty: &Ty) -> bool {
    crate::texpr::fits(value, ty, &|_, v| v.is_mapping() || v.is_string())
}

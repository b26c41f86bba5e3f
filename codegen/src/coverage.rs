//! Documents -> spec traceability: is every parameter, field and enum value a
//! document's tables name represented in the spec of its operation?

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::docread::{self, DocFacts};
use crate::model::{Api, Service, Ty, TypeKind};

/// How much of one document the spec covers.
#[derive(Debug, PartialEq, Eq)]
pub struct Coverage {
    pub document: String,
    /// `service.operation` of every operation naming the document.
    pub operations: Vec<String>,
    pub facts: DocFacts,
    /// `(kind, name)` of what the document names and the spec lacks.
    pub missing: Vec<(&'static str, String)>,
}

impl Coverage {
    pub fn is_full(&self) -> bool {
        !self.operations.is_empty() && self.missing.is_empty()
    }

    /// `000_x.txt (genauth.getX): 5/5 parameters, 8/8 fields, 11/11 enum values`
    pub fn summary(&self) -> String {
        let count = |kind: &str, all: &[String]| {
            let lacking = self.missing.iter().filter(|(k, _)| *k == kind).count();
            format!("{}/{} {kind}s", all.len() - lacking, all.len())
        };
        let ops = if self.operations.is_empty() {
            "no operation names it".to_owned()
        } else {
            self.operations.join(", ")
        };
        let mut out = format!(
            "{} ({ops}): {}, {}, {}",
            self.document,
            count("parameter", &self.facts.params),
            count("field", &self.facts.fields),
            count("enum value", &self.facts.enum_values)
        );
        for (kind, name) in &self.missing {
            let _ = write!(out, "\n  missing {kind} `{name}`");
        }
        out
    }
}

/// The coverage of `document` (its file name) with text `text`.
pub fn coverage(api: &Api, document: &str, text: &str) -> Coverage {
    of_facts(api, document, docread::read(text))
}

/// The coverage of what `document` names, read by another reader (API
/// metadata: `import::meta::facts`).
pub fn of_facts(api: &Api, document: &str, facts: DocFacts) -> Coverage {
    let mut operations = Vec::new();
    let (mut params, mut fields, mut values) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for service in &api.services {
        for op in service.modules.iter().flat_map(|m| &m.operations) {
            if op.source != document && !op.also_sources.iter().any(|s| s == document) {
                continue;
            }
            operations.push(format!("{}.{}", service.name, op.wire_name));
            let mut seen = BTreeSet::new();
            for p in &op.request.params {
                params.insert(p.field.wire_name.clone());
                reach(service, &p.field.ty, &mut seen, &mut fields, &mut values);
            }
            reach(
                service,
                &Ty::Named(op.response.name.clone()),
                &mut seen,
                &mut fields,
                &mut values,
            );
        }
    }
    let mut missing = Vec::new();
    for (kind, names, known) in [
        ("parameter", &facts.params, &params),
        ("field", &facts.fields, &fields),
        ("enum value", &facts.enum_values, &values),
    ] {
        for name in names.iter().filter(|n| !known.contains(*n)) {
            missing.push((kind, name.clone()));
        }
    }
    Coverage {
        document: document.to_owned(),
        operations,
        facts,
        missing,
    }
}

/// Collects the field names and enum values of every type reachable from `ty`.
/// A boolean covers the `true`/`false` lists the pages give boolean fields.
fn reach(
    service: &Service,
    ty: &Ty,
    seen: &mut BTreeSet<String>,
    fields: &mut BTreeSet<String>,
    values: &mut BTreeSet<String>,
) {
    let mut inner = ty;
    while let Ty::List(t) | Ty::Map(t) = inner {
        inner = t;
    }
    if *inner == Ty::Bool {
        values.extend(["true".to_owned(), "false".to_owned()]);
    }
    let Some(name) = ty.named() else { return };
    if !seen.insert(name.to_owned()) {
        return;
    }
    let Some((_, def)) = service.types().find(|(_, t)| t.name == name) else {
        return;
    };
    match &def.kind {
        TypeKind::Struct { fields: fs } => {
            for f in fs {
                fields.insert(f.wire_name.clone());
                reach(service, &f.ty, seen, fields, values);
            }
        }
        TypeKind::Enum { values: vs } => values.extend(vs.iter().map(|v| v.wire.clone())),
    }
}

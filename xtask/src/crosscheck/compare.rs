//! Compares each spec operation with the official SDK's method of the same
//! route (GenAuth: method and path, else the same method name; EIAM: action).

use std::collections::BTreeSet;

use identity_codegen::model::{Call, Operation, ParamLocation, Service, TypeKind};

use super::shape::{describe, spec_member, spec_types, Member, Shape, Types};
use super::{Placement, SdkCall, SdkOp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    MissingInSdk,
    Method,
    Path,
    ParamMissing,
    ParamExtra,
    Placement,
    ListNess,
    ScalarType,
    Required,
    ResponseFieldMissing,
    ResponseFieldExtra,
    ResponseListNess,
    ResponseNesting,
    ResponseScalarType,
    ResponseRequired,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::MissingInSdk => "missing-in-sdk",
            Kind::Method => "method",
            Kind::Path => "path",
            Kind::ParamMissing => "param-missing",
            Kind::ParamExtra => "param-extra",
            Kind::Placement => "placement",
            Kind::ListNess => "list-ness",
            Kind::ScalarType => "scalar-type",
            Kind::Required => "required",
            Kind::ResponseFieldMissing => "response-field-missing",
            Kind::ResponseFieldExtra => "response-field-extra",
            Kind::ResponseListNess => "response-list-ness",
            Kind::ResponseNesting => "response-nesting",
            Kind::ResponseScalarType => "response-scalar-type",
            Kind::ResponseRequired => "response-required",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Mismatch {
    pub kind: Kind,
    /// Where: a parameter or field path (`list`, `data[].userId`), empty for
    /// the operation itself.
    pub at: String,
    pub detail: String,
    /// A `crosscheck:` note on the spot covers it.
    pub recorded: bool,
}

#[derive(Debug)]
pub struct OpReport {
    pub service: String,
    pub operation: String,
    pub call: String,
    /// The SDK method compared with, `file:line`.
    pub sdk: Option<String>,
    pub mismatches: Vec<Mismatch>,
}

impl OpReport {
    pub fn status(&self) -> &'static str {
        if self.mismatches.is_empty() {
            "equal"
        } else if self.mismatches.iter().all(|m| m.recorded) {
            "recorded"
        } else {
            "MISMATCH"
        }
    }
}

/// Whether a spec note records a crosscheck decision: it has the word
/// `crosscheck:` (by convention at its start, or at the start of a sentence
/// when the note also says other things).
pub fn is_decision(note: &Option<String>) -> bool {
    note.as_deref()
        .is_some_and(|n| n.split_whitespace().any(|w| w == "crosscheck:"))
}

/// Compares a service; returns the reports and the SDK operations that no
/// spec operation matched.
pub fn service(
    service: &Service,
    sdk_ops: &[SdkOp],
    sdk_types: &Types,
    sdk_response_required: bool,
) -> (Vec<OpReport>, Vec<String>) {
    let spec = spec_types(service);
    let mut used = BTreeSet::new();
    let mut reports = Vec::new();
    for module in &service.modules {
        for op in &module.operations {
            let found = find(op, sdk_ops);
            let mut cmp = Cmp {
                spec: &spec,
                sdk: sdk_types,
                response: false,
                sdk_response_required,
                seen: BTreeSet::new(),
                out: Vec::new(),
            };
            if let Some(i) = found {
                used.insert(i);
                cmp.operation(op, &sdk_ops[i]);
            } else {
                cmp.push(
                    Kind::MissingInSdk,
                    "",
                    "no SDK method with this route or name".into(),
                    vec![op.note.clone()],
                );
            }
            reports.push(OpReport {
                service: service.name.clone(),
                operation: op.wire_name.clone(),
                call: op.call.to_string(),
                sdk: found.map(|i| sdk_ops[i].source.clone()),
                mismatches: cmp.out,
            });
        }
    }
    let unmatched = sdk_ops
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, o)| format!("{} ({})", o.name, o.call))
        .collect();
    (reports, unmatched)
}

/// Same route; else same name (then method or path differ); else same path.
fn find(op: &Operation, sdk_ops: &[SdkOp]) -> Option<usize> {
    match &op.call {
        Call::Rpc { action } => sdk_ops
            .iter()
            .position(|s| matches!(&s.call, SdkCall::Rpc { action: a, .. } if a == action)),
        Call::Http { method, path } => {
            let method = format!("{method:?}").to_uppercase();
            let route = |s: &SdkOp| match &s.call {
                SdkCall::Http { method: m, path: p } => Some((m.clone(), p.clone())),
                SdkCall::Rpc { .. } => None,
            };
            sdk_ops
                .iter()
                .position(|s| route(s) == Some((method.clone(), path.clone())))
                .or_else(|| sdk_ops.iter().position(|s| s.name == op.wire_name))
                .or_else(|| {
                    sdk_ops
                        .iter()
                        .position(|s| route(s).is_some_and(|(_, p)| &p == path))
                })
        }
    }
}

struct Cmp<'a> {
    spec: &'a Types,
    sdk: &'a Types,
    /// Comparing the response (else the request).
    response: bool,
    /// The SDK marks response fields optional or not (Node: `?`; Python: no).
    sdk_response_required: bool,
    /// `(spec type, SDK type)` pairs already compared in this operation.
    seen: BTreeSet<(String, String)>,
    out: Vec<Mismatch>,
}

impl Cmp<'_> {
    fn push(&mut self, kind: Kind, at: &str, detail: String, anchors: Vec<Option<String>>) {
        let recorded = anchors.iter().any(is_decision);
        self.out.push(Mismatch {
            kind,
            at: at.to_owned(),
            detail,
            recorded,
        });
    }

    fn operation(&mut self, op: &Operation, sdk: &SdkOp) {
        let notes = vec![op.note.clone()];
        match (&op.call, &sdk.call) {
            (Call::Http { method, path }, SdkCall::Http { method: m, path: p }) => {
                let method = format!("{method:?}").to_uppercase();
                if &method != m {
                    self.push(
                        Kind::Method,
                        "",
                        format!("spec {method}, SDK {m}"),
                        notes.clone(),
                    );
                }
                if path != p {
                    self.push(
                        Kind::Path,
                        "",
                        format!("spec {path}, SDK {p}"),
                        notes.clone(),
                    );
                }
            }
            (Call::Rpc { .. }, SdkCall::Rpc { method, path, .. }) => {
                if method != "POST" || path != "/" {
                    self.push(
                        Kind::Method,
                        "",
                        format!("spec POST /, SDK {method} {path}"),
                        notes.clone(),
                    );
                }
            }
            _ => self.push(Kind::Method, "", "protocols differ".into(), notes.clone()),
        }
        self.params(op, sdk);
        self.response = true;
        self.seen.clear();
        let fields = match &op.response.kind {
            TypeKind::Struct { fields } => fields.iter().map(spec_member).collect(),
            TypeKind::Enum { .. } => Vec::new(),
        };
        if let Some(sdk_response) = &sdk.response {
            let notes = vec![op.note.clone(), op.response.note.clone()];
            self.shape("", &Shape::Object(fields), sdk_response, notes);
        }
    }

    fn params(&mut self, op: &Operation, sdk: &SdkOp) {
        for param in &op.request.params {
            let p = &param.field;
            let spec = spec_member(p);
            let anchors = vec![p.note.clone()];
            let Some(k) = sdk.params.iter().find(|k| k.member.name == p.wire_name) else {
                self.push(
                    Kind::ParamExtra,
                    &p.wire_name,
                    format!("spec {} in {}", describe(&spec.shape), loc(param.location)),
                    anchors,
                );
                continue;
            };
            let spec_place = match param.location {
                ParamLocation::Body => Placement::Body,
                ParamLocation::Query => Placement::Query,
            };
            if spec_place != k.placement {
                self.push(
                    Kind::Placement,
                    &p.wire_name,
                    format!("spec {}, SDK {}", spec_place.name(), k.placement.name()),
                    anchors.clone(),
                );
            }
            self.required(&p.wire_name, &spec, &k.member, anchors.clone());
            self.shape(&p.wire_name, &spec.shape, &k.member.shape, anchors);
        }
        for k in &sdk.params {
            if !op
                .request
                .params
                .iter()
                .any(|p| p.field.wire_name == k.member.name)
            {
                let detail = format!(
                    "SDK {} in {}",
                    describe(&k.member.shape),
                    k.placement.name()
                );
                self.push(
                    Kind::ParamMissing,
                    &k.member.name,
                    detail,
                    vec![op.note.clone()],
                );
            }
        }
    }

    fn required(&mut self, at: &str, spec: &Member, sdk: &Member, anchors: Vec<Option<String>>) {
        let (Some(s), Some(k)) = (spec.required, sdk.required) else {
            return;
        };
        if self.response {
            // Only the direction that can fail: the spec refuses a response
            // without a field the SDK says may be absent.
            if self.sdk_response_required && s && !k {
                self.push(
                    Kind::ResponseRequired,
                    at,
                    "spec required, SDK optional".into(),
                    anchors,
                );
            }
        } else if s != k {
            let says = |r: bool| if r { "required" } else { "optional" };
            self.push(
                Kind::Required,
                at,
                format!("spec {}, SDK {}", says(s), says(k)),
                anchors,
            );
        }
    }

    fn kind(&self, request: Kind, response: Kind) -> Kind {
        if self.response {
            response
        } else {
            request
        }
    }

    fn shape(&mut self, at: &str, spec: &Shape, sdk: &Shape, mut notes: Vec<Option<String>>) {
        let (mut spec, mut sdk) = (spec.clone(), sdk.clone());
        let (mut spec_name, mut sdk_name) = (None, None);
        if let Shape::Named(n) = &spec {
            notes.push(self.spec.notes.get(n).cloned());
            spec_name = Some(n.clone());
            spec = self.spec.get(n).cloned().unwrap_or(Shape::Json);
        }
        for _ in 0..8 {
            let Shape::Named(n) = &sdk else { break };
            sdk_name = Some(n.clone());
            sdk = self.sdk.get(n).cloned().unwrap_or(Shape::Json);
        }
        if let (Some(a), Some(b)) = (spec_name, sdk_name) {
            if !self.seen.insert((a, b)) {
                return;
            }
        }
        if spec == Shape::Json || sdk == Shape::Json {
            // Free-form on either side: nothing to compare.
            return;
        }
        let list_ness = self.kind(Kind::ListNess, Kind::ResponseListNess);
        match (&spec, &sdk) {
            (Shape::List(a), Shape::List(b)) => return self.shape(&format!("{at}[]"), a, b, notes),
            (Shape::List(a), other) => {
                self.push(
                    list_ness,
                    at,
                    format!(
                        "spec list<{}>, SDK a single {}",
                        describe(a),
                        describe(other)
                    ),
                    notes.clone(),
                );
                return self.shape(at, a, other, notes);
            }
            (other, Shape::List(b)) => {
                self.push(
                    list_ness,
                    at,
                    format!(
                        "spec a single {}, SDK list<{}>",
                        describe(other),
                        describe(b)
                    ),
                    notes.clone(),
                );
                return self.shape(at, other, b, notes);
            }
            _ => {}
        }
        match (&spec, &sdk) {
            (Shape::Json, _) | (_, Shape::Json) => {}
            (Shape::Map(a), Shape::Map(b)) => self.shape(&format!("{at}{{}}"), a, b, notes),
            (Shape::Map(_) | Shape::Object(_), Shape::Map(_) | Shape::Object(_))
                if spec_is_map_or_sdk_is_map(&spec, &sdk) => {}
            (Shape::Object(a), Shape::Object(b)) => self.members(at, a, b, notes),
            (Shape::Object(_) | Shape::Map(_), _) | (_, Shape::Object(_) | Shape::Map(_)) => {
                let kind = self.kind(Kind::ScalarType, Kind::ResponseNesting);
                self.push(
                    kind,
                    at,
                    format!("spec {}, SDK {}", describe(&spec), describe(&sdk)),
                    notes,
                );
            }
            (a, b) if class(a) != class(b) => {
                let kind = self.kind(Kind::ScalarType, Kind::ResponseScalarType);
                self.push(
                    kind,
                    at,
                    format!("spec {}, SDK {}", describe(a), describe(b)),
                    notes,
                );
            }
            _ => {}
        }
    }

    fn members(&mut self, at: &str, spec: &[Member], sdk: &[Member], notes: Vec<Option<String>>) {
        let join = |name: &str| {
            if at.is_empty() {
                name.to_owned()
            } else {
                format!("{at}.{name}")
            }
        };
        for k in sdk {
            let here = join(&k.name);
            match spec.iter().find(|s| s.name == k.name) {
                Some(s) => {
                    let anchors = vec![s.note.clone()];
                    self.required(&here, s, k, anchors.clone());
                    self.shape(&here, &s.shape, &k.shape, anchors);
                }
                None => {
                    let kind = self.kind(Kind::ParamMissing, Kind::ResponseFieldMissing);
                    self.push(
                        kind,
                        &here,
                        format!("SDK {}", describe(&k.shape)),
                        notes.clone(),
                    );
                }
            }
        }
        for s in spec {
            if !sdk.iter().any(|k| k.name == s.name) {
                let kind = self.kind(Kind::ParamExtra, Kind::ResponseFieldExtra);
                self.push(
                    kind,
                    &join(&s.name),
                    format!("spec {}", describe(&s.shape)),
                    vec![s.note.clone()],
                );
            }
        }
    }
}

fn spec_is_map_or_sdk_is_map(spec: &Shape, sdk: &Shape) -> bool {
    matches!(spec, Shape::Map(_)) || matches!(sdk, Shape::Map(_))
}

/// Scalars that are the same on the wire: a string and a string enum are.
fn class(shape: &Shape) -> &'static str {
    match shape {
        Shape::String | Shape::Enum(_) => "string",
        Shape::Bool => "boolean",
        Shape::Number => "number",
        _ => "other",
    }
}

fn loc(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Body => "body",
        ParamLocation::Query => "query",
    }
}

#[cfg(test)]
mod tests {
    use identity_codegen::load::Source;

    use super::super::SdkParam;
    use super::*;

    const SPEC: &str = r#"
service:
  name: demo
  vendor: Demo
  title: Demo API
  api_version: v1
  protocol: rest-json
  wire_naming: camelCase
  endpoint: https://example.com
operations:
  createThings:
    source: demo.md
    summary: {en: Create things}
    http: {method: POST, path: /api/create-things}
    params:
      list:
        type: Thing
        required: true
        in: body
      quiet:
        type: string
        in: body
        note: "crosscheck: the document's table says string; the server takes both."
    response:
      fields:
        data:
          type: list<Thing>
types:
  Thing:
    fields:
      name: {type: string, required: true}
      enabled: {type: Flag}
  Flag:
    enum:
      "true": {en: on}
      "false": {en: off}
"#;

    fn thing() -> Shape {
        Shape::Object(vec![
            Member::new("name", Shape::String, Some(true)),
            Member::new("enabled", Shape::Bool, Some(false)),
            Member::new("color", Shape::String, Some(false)),
        ])
    }

    #[test]
    fn kinds_and_recorded_decisions() {
        let source = Source {
            display_path: "spec/demo/service.yaml".into(),
            service_dir: "demo".into(),
            area: None,
            stem: "service".into(),
            bytes: SPEC.as_bytes().to_vec(),
        };
        let api = identity_codegen::check(vec![source]).expect("the test spec is valid");
        let mut types = Types::default();
        types.shapes.insert("Thing".into(), thing());
        types.shapes.insert(
            "Resp".into(),
            Shape::Object(vec![Member::new(
                "data",
                Shape::List(Box::new(Shape::Named("Thing".into()))),
                Some(true),
            )]),
        );
        let sdk = SdkOp {
            name: "createThings".into(),
            call: SdkCall::Http {
                method: "POST".into(),
                path: "/api/create-things".into(),
            },
            params: vec![
                SdkParam {
                    member: Member::new(
                        "list",
                        Shape::List(Box::new(Shape::Named("Thing".into()))),
                        Some(true),
                    ),
                    placement: Placement::Body,
                },
                SdkParam {
                    member: Member::new("quiet", Shape::Bool, Some(false)),
                    placement: Placement::Body,
                },
                SdkParam {
                    member: Member::new("dryRun", Shape::Bool, Some(false)),
                    placement: Placement::Query,
                },
            ],
            response: Some(Shape::Named("Resp".into())),
            source: "Client.ts:1".into(),
        };
        let (reports, unmatched) = service(&api.services[0], &[sdk], &types, true);
        assert!(unmatched.is_empty());
        let found: Vec<(&str, &str, bool)> = reports[0]
            .mismatches
            .iter()
            .map(|m| (m.kind.name(), m.at.as_str(), m.recorded))
            .collect();
        assert_eq!(
            found,
            [
                ("list-ness", "list", false),
                ("scalar-type", "list.enabled", false),
                ("param-missing", "list.color", false),
                // The parameter's `crosscheck:` note records it.
                ("scalar-type", "quiet", true),
                ("param-missing", "dryRun", false),
                ("response-scalar-type", "data[].enabled", false),
                ("response-field-missing", "data[].color", false),
            ]
        );
        assert_eq!(reports[0].status(), "MISMATCH");
    }
}

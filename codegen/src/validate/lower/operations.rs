//! Lowering an operation: its call, request, response and examples.

use std::collections::{BTreeSet, HashMap};

use super::FieldParts;
use crate::load::Loaded;
use crate::model::{
    Call, Example, Field, HttpMethod, Operation, Param, Request, ResponseForm, Text, Ty, TypeDef,
    TypeKind,
};
use crate::path;
use crate::protocol::Addressing;
use crate::raw;
use crate::span::Seg;
use crate::validate::{FieldSite, ServiceCheck};

impl ServiceCheck<'_, '_> {
    /// Lowers one operation; `seen` holds the file's client methods so far.
    pub(super) fn operation(
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
            params.push(Param {
                location: p.location,
                field,
            });
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

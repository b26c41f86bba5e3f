//! An operation's request built from its parameters' documented examples, and
//! what a client must send for it: the plan of the generated request tests,
//! shared by the emitter and `cargo xtask coverage`.
//!
//! Expected values are derived from the examples alone (not from the
//! generated code): the body is the JSON object of the body parameters'
//! examples; the query has one `name=value` pair per scalar, one per list
//! item (under the list's name, or numbered `Name.1` where the protocol's
//! query style is flat, which also gives a struct one pair per field set,
//! `Name.Field`). Where the protocol sends a form body, its pairs are the
//! body parameters', written like the query.

use serde_json::Value;

use crate::model::{Operation, ParamLocation, Service, Ty, TypeKind};
use crate::protocol::{BodyEncoding, QueryStyle};

/// The request test of one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestExample {
    /// Every parameter the test sets, in spec order: the required ones (in
    /// `new`'s argument order) and the optional ones with an example.
    pub args: Vec<Arg>,
    /// `(wire name, value)` pairs expected in the query string, in order.
    pub query: Vec<(String, String)>,
    /// The expected JSON body; `None` when no parameter is in the body or
    /// the protocol sends a form.
    pub body: Option<Value>,
    /// The expected form body's pairs, in order, where the protocol sends
    /// one and a parameter is in the body.
    pub form: Option<Vec<(String, String)>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Index into the operation's request parameters.
    pub param: usize,
    pub value: Value,
    /// `true`: the page gives no example for this required parameter, and
    /// the test fills it with the smallest value of its type.
    pub filled: bool,
}

impl RequestExample {
    /// The documented examples the test checks.
    pub fn documented(&self) -> usize {
        self.args.iter().filter(|a| !a.filled).count()
    }
}

/// The request test of `op`, or `None` when no parameter has an example.
pub fn request_example(op: &Operation, service: &Service) -> Option<RequestExample> {
    let params = &op.request.params;
    if !params.iter().any(|p| p.field.example.is_some()) {
        return None;
    }
    let mut args = Vec::new();
    for (i, p) in params.iter().map(|p| &p.field).enumerate() {
        let documented = p
            .example
            .as_deref()
            .map(|e| example_value(e, &p.ty, service));
        match documented {
            Some(value) => args.push(Arg {
                param: i,
                value,
                filled: false,
            }),
            None if p.required => args.push(Arg {
                param: i,
                value: smallest(&p.ty, service, 0),
                filled: true,
            }),
            None => {}
        }
    }
    let descriptor = crate::protocol::of(service);
    let mut query = Vec::new();
    let mut form = Vec::new();
    let mut body = serde_json::Map::new();
    for arg in &args {
        let p = &params[arg.param];
        let wire = &p.field.wire_name;
        let pairs = match (p.location, descriptor.body) {
            (ParamLocation::Query, _) => &mut query,
            (ParamLocation::Body, BodyEncoding::Form) => &mut form,
            (ParamLocation::Body, BodyEncoding::Json) => {
                body.insert(wire.clone(), arg.value.clone());
                continue;
            }
        };
        match descriptor.query_style {
            QueryStyle::Repeated => push_repeated(wire, &arg.value, pairs),
            QueryStyle::Flat => push_flat(wire, &arg.value, &p.field.ty, service, pairs),
        }
    }
    let has_body = params.iter().any(|p| p.location == ParamLocation::Body);
    let json = descriptor.body == BodyEncoding::Json;
    Some(RequestExample {
        args,
        query,
        body: (has_body && json).then_some(Value::Object(body)),
        form: (has_body && !json).then_some(form),
    })
}

/// Query pairs of one value where lists repeat their name: one pair per
/// item, an object its JSON text.
fn push_repeated(name: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Array(items) => {
            for item in items {
                push_repeated(name, item, out);
            }
        }
        Value::String(s) => out.push((name.to_owned(), s.clone())),
        Value::Null => {}
        other => out.push((name.to_owned(), other.to_string())),
    }
}

/// Query pairs of one value of type `ty` in the flat style: a list's items
/// numbered from 1 (`name.1`), a struct's fields set in its field order
/// (`name.Field`), at any depth; JSON as its text.
fn push_flat(
    name: &str,
    value: &Value,
    ty: &Ty,
    service: &Service,
    out: &mut Vec<(String, String)>,
) {
    match (ty, value) {
        (_, Value::Null) => {}
        (Ty::Json, value) => out.push((name.to_owned(), value.to_string())),
        (Ty::List(item), Value::Array(items)) => {
            for (i, value) in items.iter().enumerate() {
                push_flat(&format!("{name}.{}", i + 1), value, item, service, out);
            }
        }
        (Ty::Named(n), Value::Object(object)) => {
            for f in struct_fields(n, service).unwrap_or_default() {
                if let Some(value) = object.get(&f.wire_name) {
                    let name = format!("{name}.{}", f.wire_name);
                    push_flat(&name, value, &f.ty, service, out);
                }
            }
        }
        (_, Value::String(s)) => out.push((name.to_owned(), s.clone())),
        (_, other) => out.push((name.to_owned(), other.to_string())),
    }
}

/// The JSON value of an example as the spec renders it (strings bare,
/// composites as JSON), read in the parameter's type: a struct written as a
/// JSON string is that object, a string stays a string.
pub fn example_value(rendered: &str, ty: &Ty, service: &Service) -> Value {
    let parsed = || serde_json::from_str::<Value>(rendered).ok();
    let value = match ty {
        Ty::String => return Value::String(rendered.to_owned()),
        Ty::Named(n) if is_enum(n, service) => return Value::String(rendered.to_owned()),
        _ => parsed().unwrap_or_else(|| Value::String(rendered.to_owned())),
    };
    typed(value, ty, service, 0)
}

/// `value` with every string that stands for a struct replaced by its object.
fn typed(value: Value, ty: &Ty, service: &Service, depth: usize) -> Value {
    if depth > 32 {
        return value;
    }
    match (ty, value) {
        (Ty::List(item), Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .map(|v| typed(v, item, service, depth + 1))
                .collect(),
        ),
        (Ty::Map(item), Value::Object(m)) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (k, typed(v, item, service, depth + 1)))
                .collect(),
        ),
        (Ty::Named(n), Value::String(s)) if !is_enum(n, service) => {
            match serde_json::from_str::<Value>(&s) {
                Ok(object @ Value::Object(_)) => typed(object, ty, service, depth + 1),
                _ => Value::String(s),
            }
        }
        (Ty::Named(n), Value::Object(m)) => {
            let Some(fields) = struct_fields(n, service) else {
                return Value::Object(m);
            };
            Value::Object(
                m.into_iter()
                    .map(|(k, v)| {
                        let v = match fields.iter().find(|f| f.wire_name == k) {
                            Some(f) => typed(v, &f.ty, service, depth + 1),
                            None => v,
                        };
                        (k, v)
                    })
                    .collect(),
            )
        }
        (_, value) => value,
    }
}

/// The smallest value of `ty`: empty string and list, zero, `false`, an
/// enum's first value, a struct with only its required fields.
fn smallest(ty: &Ty, service: &Service, depth: usize) -> Value {
    match ty {
        Ty::String => Value::String(String::new()),
        Ty::Bool => Value::Bool(false),
        Ty::I32 | Ty::I64 | Ty::F64 => Value::from(0),
        Ty::Json => Value::Object(Default::default()),
        Ty::List(_) => Value::Array(Vec::new()),
        Ty::Map(_) => Value::Object(Default::default()),
        Ty::Named(n) => match find(n, service).map(|t| &t.kind) {
            Some(TypeKind::Enum { values }) => values
                .first()
                .map_or(Value::Null, |v| Value::String(v.wire.clone())),
            Some(TypeKind::Struct { fields }) if depth < 16 => Value::Object(
                fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| (f.wire_name.clone(), smallest(&f.ty, service, depth + 1)))
                    .collect(),
            ),
            _ => Value::Object(Default::default()),
        },
    }
}

fn find<'a>(name: &str, service: &'a Service) -> Option<&'a crate::model::TypeDef> {
    service.types().map(|(_, t)| t).find(|t| t.name == name)
}

fn is_enum(name: &str, service: &Service) -> bool {
    matches!(
        find(name, service).map(|t| &t.kind),
        Some(TypeKind::Enum { .. })
    )
}

fn struct_fields<'a>(name: &str, service: &'a Service) -> Option<&'a [crate::model::Field]> {
    match find(name, service).map(|t| &t.kind) {
        Some(TypeKind::Struct { fields }) => Some(fields),
        _ => None,
    }
}

/// Request examples across the API, for `cargo xtask coverage`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub params: usize,
    /// Parameters with a documented example.
    pub examples: usize,
    /// Of those, the ones a generated request test sets and checks.
    pub tested: usize,
    /// Operations with a request test.
    pub operations: usize,
    /// Required parameters without an example, filled with a smallest value.
    pub filled: usize,
}

impl Tally {
    pub fn of(api: &crate::model::Api) -> Tally {
        let mut t = Tally::default();
        for service in &api.services {
            for op in service.modules.iter().flat_map(|m| &m.operations) {
                t.params += op.request.params.len();
                t.examples += op
                    .request
                    .params
                    .iter()
                    .filter(|p| p.field.example.is_some())
                    .count();
                if let Some(plan) = request_example(op, service) {
                    t.operations += 1;
                    t.tested += plan.documented();
                    t.filled += plan.args.len() - plan.documented();
                }
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Source;

    const SPEC: &str = r#"
service:
  name: demo
  vendor: Example
  title: Example API
  api_version: v1
  protocol: rest-json
  wire_naming: camelCase
  endpoint: https://api.example.com
operations:
  createThings:
    source: example.txt
    summary: {en: Create things}
    http: {method: POST, path: /api/create-things}
    params:
      ids:
        type: list<string>
        in: query
        example: ["a", "b"]
      limit:
        type: i64
        in: query
        example: 10
      code:
        type: string
        in: query
        required: true
      options:
        type: Options
        in: body
        example: "{\"status\": \"on\", \"inner\": {\"order\": \"asc\", \"by\": [\"name\"]}}"
      sort:
        type: Sorting
        in: body
        required: true
      note:
        type: string
        in: body
    response: {}
types:
  Options:
    fields:
      status: {type: string}
      inner: {type: Sorting}
  Sorting:
    fields:
      order: {type: Order, required: true}
      by: {type: list<string>, required: true}
      label: {type: string}
  Order:
    enum:
      asc:
      desc:
"#;

    fn plan() -> RequestExample {
        plan_of(SPEC)
    }

    fn plan_of(spec: &str) -> RequestExample {
        let source = Source {
            display_path: "spec/demo/things.yaml".into(),
            service_dir: "demo".into(),
            area: None,
            stem: "things".into(),
            bytes: spec.as_bytes().to_vec(),
        };
        let api = crate::check(vec![source]).unwrap_or_else(|e| panic!("{e}"));
        let service = &api.services[0];
        let op = &service.modules[0].operations[0];
        request_example(op, service).expect("the operation has examples")
    }

    #[test]
    fn query_lists_give_one_pair_per_item_and_scalars_their_text() {
        let plan = plan();
        let query: Vec<(&str, &str)> = plan
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            query,
            [("ids", "a"), ("ids", "b"), ("limit", "10"), ("code", "")]
        );
    }

    #[test]
    fn the_body_holds_structs_written_as_json_strings_as_objects() {
        let plan = plan();
        assert_eq!(plan.form, None, "rest-json sends a JSON body");
        let body = plan.body.expect("body parameters");
        assert_eq!(
            body,
            serde_json::json!({
                "options": {"status": "on", "inner": {"order": "asc", "by": ["name"]}},
                "sort": {"order": "asc", "by": []}
            })
        );
    }

    #[test]
    fn required_parameters_without_an_example_are_filled_and_not_counted() {
        let plan = plan();
        let filled: Vec<bool> = plan.args.iter().map(|a| a.filled).collect();
        // ids, limit, code (filled), options, sort (filled); `note` has no example.
        assert_eq!(filled, [false, false, true, false, true]);
        assert_eq!(plan.documented(), 3);
    }

    const RPC: &str = r#"
service:
  name: demo
  vendor: Example
  title: Example RPC API
  api_version: "2021-12-01"
  protocol: rpc
  wire_naming: PascalCase
  endpoint: https://demo.{region}.example.com
operations:
  CreateUser:
    source: example.txt
    summary: {en: Create a user}
    action: CreateUser
    params:
      InstanceIds: {type: list<string>, in: query, example: ["idaas_a", "idaas_b"]}
      CustomFields:
        type: list<CustomField>
        in: query
        example: [{"FieldValue": "30", "FieldName": "age"}, {"FieldName": "city"}]
      Config:
        type: PasswordConfig
        in: query
        example: "{\"UserNotificationChannels\": [\"email\", \"sms\"], \"PasswordInitializationType\": \"random\"}"
      EmailVerified: {type: bool, in: query, example: true}
      Empty: {type: list<string>, in: query, example: []}
      ClientToken: {type: string, in: body, example: token-1}
    response: {}
types:
  CustomField:
    fields:
      FieldName: {type: string, required: true}
      FieldValue: {type: string}
  PasswordConfig:
    fields:
      PasswordInitializationType: {type: string}
      UserNotificationChannels: {type: list<string>}
"#;

    #[test]
    fn a_flat_query_numbers_list_items_and_names_struct_fields_and_body_parameters_are_a_form() {
        let plan = plan_of(RPC);
        let query: Vec<String> = plan.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            query,
            [
                "InstanceIds.1=idaas_a",
                "InstanceIds.2=idaas_b",
                "CustomFields.1.FieldName=age",
                "CustomFields.1.FieldValue=30",
                "CustomFields.2.FieldName=city",
                "Config.PasswordInitializationType=random",
                "Config.UserNotificationChannels.1=email",
                "Config.UserNotificationChannels.2=sms",
                "EmailVerified=true",
            ]
        );
        assert_eq!(plan.body, None);
        assert_eq!(
            plan.form,
            Some(vec![("ClientToken".to_owned(), "token-1".to_owned())])
        );
    }
}

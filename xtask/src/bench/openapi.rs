//! The same corpus as an OpenAPI 3.0 document, for the peer generator.

use serde_json::{json, Map, Value};

use identity_codegen::model::{Api, Call, Field, Ty, TypeDef, TypeKind};

fn schema(ty: &Ty) -> Value {
    match ty {
        Ty::String => json!({"type": "string"}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::I32 => json!({"type": "integer", "format": "int32"}),
        Ty::I64 => json!({"type": "integer", "format": "int64"}),
        Ty::F64 => json!({"type": "number", "format": "double"}),
        Ty::Json => json!({}),
        Ty::List(item) => json!({"type": "array", "items": schema(item)}),
        Ty::Map(value) => json!({"type": "object", "additionalProperties": schema(value)}),
        Ty::Named(name) => json!({"$ref": format!("#/components/schemas/{name}")}),
    }
}

fn type_schema(t: &TypeDef) -> Value {
    match &t.kind {
        TypeKind::Enum { values } => {
            json!({"type": "string", "enum": values.iter().map(|v| v.wire.clone()).collect::<Vec<_>>()})
        }
        TypeKind::Struct { fields } => {
            let properties: Map<String, Value> = fields
                .iter()
                .map(|f| (f.wire_name.clone(), field_schema(f)))
                .collect();
            let required: Vec<&str> = fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.wire_name.as_str())
                .collect();
            let mut s = json!({"type": "object", "properties": properties});
            if !required.is_empty() {
                s["required"] = json!(required);
            }
            s
        }
    }
}

fn field_schema(f: &Field) -> Value {
    let mut s = schema(&f.ty);
    if let (Some(d), Some(obj)) = (&f.description.en, s.as_object_mut()) {
        if !obj.contains_key("$ref") {
            obj.insert("description".into(), json!(d));
        }
    }
    s
}

/// One OpenAPI document with every service's operations (names are unique
/// across the synthetic services) and types.
pub fn document(api: &Api) -> Value {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for service in &api.services {
        for (_, t) in service.types() {
            schemas.insert(t.name.clone(), type_schema(t));
        }
        for op in service.modules.iter().flat_map(|m| &m.operations) {
            let Call::Http { method, path } = &op.call else {
                continue;
            };
            let parameters: Vec<Value> = op
                .request
                .params
                .iter()
                .map(|p| &p.field)
                .map(|p| json!({"name": p.wire_name, "in": "query", "required": p.required, "schema": schema(&p.ty)}))
                .collect();
            let operation = json!({
                "operationId": op.rust_name,
                "summary": op.summary.en,
                "parameters": parameters,
                "responses": {"200": {
                    "description": "success",
                    "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{}", op.response.name)}}}
                }}
            });
            let method = format!("{method:?}").to_lowercase();
            paths.insert(path.clone(), json!({ method: operation }));
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic benchmark corpus", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas}
    })
}

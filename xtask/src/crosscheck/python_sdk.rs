//! Reads the official Python SDK of an Alibaba Cloud product
//! (`alibabacloud_eiam20211201`): `client.py`'s `<op>_with_options` methods
//! and the `DaraModel` classes of `models/*.py` (or one `models.py`).
//!
//! A method lists its request fields as `query['Wire'] = request.attr` or
//! `body['Wire'] = request.attr` (RPC: the runtime flattens lists and objects
//! into `Wire.1.Key` query parameters), its `action = '..'`, `method = '..'`,
//! `pathname = '..'`, and returns `main_models.<Action>Response`, whose `body`
//! is the response. A class lists its attributes with Python types in
//! `__init__` (`str`, `int`, `bool`, `List[..]`, `Dict[str, ..]`,
//! `main_models.Class`), marks required ones with the comment
//! `This parameter is required.`, and maps attributes to wire names in `to_map`.

use std::collections::BTreeMap;
use std::path::Path;

use super::shape::{Member, Shape, Types};
use super::{Placement, SdkCall, SdkOp, SdkParam};

/// The model classes as objects; nested classes are `Named`.
pub fn read_models(package: &Path) -> Result<Types, String> {
    let mut types = Types::default();
    let single = package.join("models.py");
    let mut files = Vec::new();
    if single.is_file() {
        files.push(single);
    } else {
        let dir = package.join("models");
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        files.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "py")),
        );
    }
    for path in files {
        let src = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        read_model_source(&src, &mut types);
    }
    Ok(types)
}

#[derive(Default)]
struct Class {
    /// `(attribute, type)` in `__init__` order.
    attrs: Vec<(String, Shape)>,
    required: Vec<String>,
    wire: BTreeMap<String, String>,
}

pub fn read_model_source(src: &str, types: &mut Types) {
    let mut classes: Vec<(String, Class)> = Vec::new();
    let mut section = "";
    let mut comments = String::new();
    let mut pending_wire: Option<String> = None;
    for line in src.lines() {
        let trimmed = line.trim();
        if let Some(rest) = line.strip_prefix("class ") {
            let name = rest.split(['(', ':']).next().unwrap_or_default().trim();
            classes.push((name.to_owned(), Class::default()));
            section = "";
            continue;
        }
        let Some((_, class)) = classes.last_mut() else {
            continue;
        };
        if let Some(def) = trimmed.strip_prefix("def ") {
            section = if def.starts_with("__init__") {
                "init"
            } else if def.starts_with("to_map") {
                "to_map"
            } else {
                ""
            };
            comments.clear();
            continue;
        }
        match section {
            "init" => {
                if let Some(c) = trimmed.strip_prefix('#') {
                    comments.push_str(c);
                } else if let Some(attr) = trimmed.strip_prefix("self.") {
                    let attr = attr.split([' ', '=']).next().unwrap_or_default();
                    if comments.contains("This parameter is required") {
                        class.required.push(attr.to_owned());
                    }
                    comments.clear();
                } else if let Some((attr, ty)) = trimmed
                    .strip_suffix(" = None,")
                    .and_then(|d| d.split_once(": "))
                {
                    class.attrs.push((attr.to_owned(), py_type(ty)));
                }
            }
            "to_map" => {
                if let Some(rest) = trimmed.strip_prefix("result['") {
                    let Some((wire, value)) = rest.split_once("']") else {
                        continue;
                    };
                    match self_attr(value) {
                        Some(attr) => {
                            class.wire.insert(attr, wire.to_owned());
                        }
                        None if value.trim_start().starts_with("= [")
                            || value.trim_start().starts_with("= {") =>
                        {
                            pending_wire = Some(wire.to_owned());
                        }
                        None => {}
                    }
                } else if let (Some(wire), Some(attr)) = (&pending_wire, self_attr(trimmed)) {
                    class.wire.insert(attr, wire.clone());
                    pending_wire = None;
                }
            }
            _ => {}
        }
    }
    for (name, class) in classes {
        let members = class
            .attrs
            .iter()
            .filter_map(|(attr, shape)| {
                let wire = class.wire.get(attr)?;
                let required = class.required.contains(attr);
                Some(Member::new(wire, shape.clone(), Some(required)))
            })
            .collect();
        types.shapes.insert(name, Shape::Object(members));
    }
}

/// `self.attr` in an expression (`self.attr.to_map()`, `self.attr is not None`).
fn self_attr(text: &str) -> Option<String> {
    let rest = &text[text.find("self.")? + 5..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

fn py_type(ty: &str) -> Shape {
    let ty = ty.trim();
    if let Some(inner) = ty.strip_prefix("List[").and_then(|t| t.strip_suffix(']')) {
        return Shape::List(Box::new(py_type(inner)));
    }
    if let Some(inner) = ty.strip_prefix("Dict[").and_then(|t| t.strip_suffix(']')) {
        let value = inner.split_once(',').map_or("Any", |(_, v)| v);
        return Shape::Map(Box::new(py_type(value)));
    }
    match ty {
        "str" => Shape::String,
        "int" | "float" => Shape::Number,
        "bool" => Shape::Bool,
        "Any" | "dict" | "Dict" => Shape::Json,
        other => Shape::Named(
            other
                .strip_prefix("main_models.")
                .unwrap_or(other)
                .to_owned(),
        ),
    }
}

/// Every `<op>_with_options` method of `client.py` (not the `_async` twins).
pub fn read_client(src: &str, models: &Types) -> Vec<SdkOp> {
    let mut ops = Vec::new();
    let lines: Vec<&str> = src.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_start();
        let is_method = line.starts_with("def ")
            && line.contains("_with_options(")
            && !line.contains("_async(");
        if !is_method {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < lines.len()
            && !lines[i].trim_start().starts_with("def ")
            && !lines[i].starts_with("    async def ")
        {
            i += 1;
        }
        if let Some(op) = read_method(&lines[start..i], start + 1, models) {
            ops.push(op);
        }
    }
    ops
}

fn quoted_after<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line
        .trim_start()
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    rest.strip_prefix('\'')?.split('\'').next()
}

fn read_method(lines: &[&str], line_no: usize, models: &Types) -> Option<SdkOp> {
    let (mut action, mut method, mut path) = (None, None, None);
    let (mut request, mut response) = (None, None);
    let mut placed: Vec<(String, String, Placement)> = Vec::new();
    for line in lines {
        let t = line.trim();
        if let Some(a) = quoted_after(t, "action") {
            action = Some(a.to_owned());
        } else if let Some(m) = quoted_after(t, "method") {
            method = Some(m.to_owned());
        } else if let Some(p) = quoted_after(t, "pathname") {
            path = Some(p.to_owned());
        } else if let Some(ty) = t
            .strip_prefix("request: main_models.")
            .or_else(|| t.strip_prefix("tmp_req: main_models."))
        {
            request = Some(ty.trim_end_matches(',').to_owned());
        } else if let Some(ty) = t.strip_prefix(") -> main_models.") {
            response = Some(ty.trim_end_matches(':').to_owned());
        } else {
            for (prefix, placement) in [("query['", Placement::Query), ("body['", Placement::Body)]
            {
                if let Some(rest) = t.strip_prefix(prefix) {
                    let (wire, value) = rest.split_once("']")?;
                    let attr = value
                        .trim()
                        .strip_prefix("= request.")
                        .or_else(|| value.trim().strip_prefix("= tmp_req."));
                    if let Some(attr) = attr {
                        let attr = attr.trim_end_matches("_shrink").to_owned();
                        placed.push((wire.to_owned(), attr, placement));
                    }
                }
            }
        }
    }
    let action = action?;
    let fields = match request.as_deref().and_then(|r| models.get(r)) {
        Some(Shape::Object(fields)) => fields.clone(),
        _ => Vec::new(),
    };
    let params = placed
        .into_iter()
        .map(|(wire, _attr, placement)| {
            let member = fields.iter().find(|f| f.name == wire).cloned();
            SdkParam {
                member: member.unwrap_or_else(|| Member::new(&wire, Shape::Json, None)),
                placement,
            }
        })
        .collect();
    // `<Action>Response` wraps `headers`, `statusCode` and `body`.
    let response = response.and_then(|r| match models.get(&r) {
        Some(Shape::Object(fields)) => fields
            .iter()
            .find(|f| f.name == "body")
            .map(|f| f.shape.clone()),
        _ => None,
    });
    Some(SdkOp {
        name: action.clone(),
        call: SdkCall::Rpc {
            action,
            method: method.unwrap_or_default(),
            path: path.unwrap_or_default(),
        },
        params,
        response,
        source: format!("client.py:{line_no}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODELS: &str = r#"
class GetJobRequest(DaraModel):
    def __init__(
        self,
        instance_id: str = None,
        tags: List[str] = None,
    ):
        # The instance ID.
        # 
        # This parameter is required.
        self.instance_id = instance_id
        # Tags.
        self.tags = tags

    def to_map(self):
        result = dict()
        if self.instance_id is not None:
            result['InstanceId'] = self.instance_id

        if self.tags is not None:
            result['Tags'] = self.tags

        return result

class GetJobResponse(DaraModel):
    def __init__(
        self,
        headers: Dict[str, str] = None,
        status_code: int = None,
        body: main_models.GetJobResponseBody = None,
    ):
        self.headers = headers
        self.status_code = status_code
        self.body = body

    def to_map(self):
        result = dict()
        if self.headers is not None:
            result['headers'] = self.headers
        if self.status_code is not None:
            result['statusCode'] = self.status_code
        if self.body is not None:
            result['body'] = self.body.to_map()
        return result

class GetJobResponseBody(DaraModel):
    def __init__(
        self,
        request_id: str = None,
        jobs: List[main_models.GetJobResponseBodyJobs] = None,
        enabled: bool = None,
    ):
        self.request_id = request_id
        self.jobs = jobs
        self.enabled = enabled

    def to_map(self):
        result = dict()
        if self.request_id is not None:
            result['RequestId'] = self.request_id

        result['Jobs'] = []
        if self.jobs is not None:
            for k1 in self.jobs:
                result['Jobs'].append(k1.to_map() if k1 else None)

        if self.enabled is not None:
            result['Enabled'] = self.enabled

        return result

    def from_map(self, m: dict = None):
        if m.get('RequestId') is not None:
            self.request_id = m.get('RequestId')
        return self
"#;

    const CLIENT: &str = r#"
    def get_job_with_options(
        self,
        request: main_models.GetJobRequest,
        runtime: RuntimeOptions,
    ) -> main_models.GetJobResponse:
        request.validate()
        query = {}
        if not DaraCore.is_null(request.instance_id):
            query['InstanceId'] = request.instance_id
        body = {}
        if not DaraCore.is_null(request.tags):
            body['Tags'] = request.tags
        req = open_api_util_models.OpenApiRequest(
            query = Utils.query(query),
            body = Utils.parse_to_map(body)
        )
        params = open_api_util_models.Params(
            action = 'GetJob',
            version = '2021-12-01',
            pathname = '/',
            method = 'POST',
        )

    async def get_job_with_options_async(
        self,
        request: main_models.GetJobRequest,
    ) -> main_models.GetJobResponse:
        params = open_api_util_models.Params(
            action = 'GetJob',
        )
"#;

    #[test]
    fn models() {
        let mut types = Types::default();
        read_model_source(MODELS, &mut types);
        let Some(Shape::Object(fields)) = types.get("GetJobRequest") else {
            panic!()
        };
        assert_eq!(
            fields[0],
            Member::new("InstanceId", Shape::String, Some(true))
        );
        assert_eq!(
            fields[1],
            Member::new("Tags", Shape::List(Box::new(Shape::String)), Some(false))
        );
        let Some(Shape::Object(body)) = types.get("GetJobResponseBody") else {
            panic!()
        };
        let names: Vec<&str> = body.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["RequestId", "Jobs", "Enabled"]);
        assert_eq!(
            body[1].shape,
            Shape::List(Box::new(Shape::Named("GetJobResponseBodyJobs".into())))
        );
        assert_eq!(body[2].shape, Shape::Bool);
    }

    #[test]
    fn client_methods() {
        let mut types = Types::default();
        read_model_source(MODELS, &mut types);
        let ops = read_client(CLIENT, &types);
        assert_eq!(ops.len(), 1);
        let op = &ops[0];
        assert_eq!(op.name, "GetJob");
        assert_eq!(
            op.call,
            SdkCall::Rpc {
                action: "GetJob".into(),
                method: "POST".into(),
                path: "/".into()
            }
        );
        assert_eq!(op.params[0].placement, Placement::Query);
        assert_eq!(op.params[0].member.required, Some(true));
        assert_eq!(op.params[1].placement, Placement::Body);
        assert_eq!(op.response, Some(Shape::Named("GetJobResponseBody".into())));
    }
}

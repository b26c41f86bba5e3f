//! The official Python SDK of an Alibaba Cloud product
//! (`alibabacloud_eiam20211201`) as crosscheck shapes. The generator's
//! importer reads it ([`identity_codegen::import::python_sdk`]): actions,
//! parameters and their placement, model classes with their attributes'
//! types, wire names and `This parameter is required.` comments. Here each
//! class becomes an object of its attributes that have a wire name, and each
//! action an [`SdkOp`] whose parameters are the request class's members of
//! the placed wire names and whose response is the response class's `body`.

use std::path::Path;

use identity_codegen::import::python_sdk::{Package, Placement as PyPlacement, PyType};

use super::shape::{Member, Shape, Types};
use super::{Placement, SdkCall, SdkOp, SdkParam};

/// The model classes (nested classes are `Named`) and the actions of the
/// unpacked package directory.
pub fn read(package: &Path) -> Result<(Types, Vec<SdkOp>), String> {
    Ok(convert(&Package::read(package)?))
}

pub fn convert(package: &Package) -> (Types, Vec<SdkOp>) {
    let mut types = Types::default();
    for (name, class) in &package.classes {
        let members = class
            .fields
            .iter()
            .filter_map(|f| {
                let wire = f.wire.as_deref()?;
                Some(Member::new(wire, shape(&f.ty), Some(f.required)))
            })
            .collect();
        types.shapes.insert(name.clone(), Shape::Object(members));
    }
    let ops = package
        .actions
        .iter()
        .map(|action| {
            let fields = match action.request.as_deref().and_then(|r| types.get(r)) {
                Some(Shape::Object(fields)) => fields.as_slice(),
                _ => &[],
            };
            let params = action
                .params
                .iter()
                .map(|p| SdkParam {
                    member: fields
                        .iter()
                        .find(|f| f.name == p.wire)
                        .cloned()
                        .unwrap_or_else(|| Member::new(&p.wire, Shape::Json, None)),
                    placement: match p.placement {
                        PyPlacement::Query => Placement::Query,
                        PyPlacement::Body => Placement::Body,
                    },
                })
                .collect();
            // `<Action>Response` wraps `headers`, `statusCode` and `body`.
            let response = match action.response.as_deref().and_then(|r| types.get(r)) {
                Some(Shape::Object(fields)) => fields
                    .iter()
                    .find(|f| f.name == "body")
                    .map(|f| f.shape.clone()),
                _ => None,
            };
            SdkOp {
                name: action.name.clone(),
                call: SdkCall::Rpc {
                    action: action.name.clone(),
                    method: action.method.clone(),
                    path: action.pathname.clone(),
                },
                params,
                response,
                source: format!("client.py:{}", action.line),
            }
        })
        .collect();
    (types, ops)
}

fn shape(ty: &PyType) -> Shape {
    match ty {
        PyType::Str => Shape::String,
        PyType::Int | PyType::Float => Shape::Number,
        PyType::Bool => Shape::Bool,
        PyType::Any => Shape::Json,
        PyType::List(t) => Shape::List(Box::new(shape(t))),
        PyType::Dict(t) => Shape::Map(Box::new(shape(t))),
        PyType::Model(name) => Shape::Named(name.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use identity_codegen::import::python_sdk::{read_client, read_models};
    use std::collections::BTreeMap;

    fn sample() -> (Types, Vec<SdkOp>) {
        let mut classes = BTreeMap::new();
        read_models(MODELS, &mut classes);
        convert(&Package::new(classes, read_client(CLIENT)))
    }

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
        let (types, _) = sample();
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
        let (_, ops) = sample();
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

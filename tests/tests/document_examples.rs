//! The source documents' own examples: the spec copies them faithfully, every
//! key in them is described by the spec, and they decode into the generated
//! types with the documented decisions applied.

use std::collections::BTreeSet;
use std::fs;

use identity_codegen::model::{Decode, Service, Ty, TypeKind};
use identity_sdk::eiam::{self, EnabledStatus, SynchronizationJobStatus};
use identity_sdk::genauth::{self, DepartmentIdType, IdentityProvider, UserIdType};
use identity_sdk::runtime::{self, Operation, Query, QueryStyle};
use identity_sdk_tests::{api, document, document_example, operations, seeds_dir};
use serde_json::{json, Value};

fn example_of(source: &str) -> Value {
    document_example(&document(source)).unwrap_or_else(|| panic!("{source} has no JSON example"))
}

#[test]
fn every_document_example_is_copied_verbatim_into_the_spec() {
    let api = api();
    let mut covered = BTreeSet::new();
    for (_, op) in operations(&api) {
        for ex in &op.examples {
            let source = ex.source.as_deref().unwrap_or(&op.source);
            let in_spec: Value = serde_json::from_str(&ex.json).expect("spec example is JSON");
            assert_eq!(
                in_spec,
                example_of(source),
                "{} example `{}` differs from {source}",
                op.wire_name,
                ex.name
            );
            covered.insert(source.to_owned());
        }
    }
    // 002 is the Chinese page of 001's operation and prints the same example.
    assert_eq!(
        example_of("002_820f7991135b7cdb.txt"),
        example_of("001_d72d94bc1cfa3e23.txt")
    );
    covered.insert("002_820f7991135b7cdb.txt".to_owned());
    let seeds: BTreeSet<String> = fs::read_dir(seeds_dir())
        .expect("seeds dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    let covered_seeds: BTreeSet<String> = covered
        .into_iter()
        .filter(|s| s.ends_with(".txt"))
        .collect();
    assert_eq!(
        covered_seeds, seeds,
        "every seed document's example is in the spec"
    );
}

/// Walks `value` against the spec's type `ty`, listing keys and enum values
/// the spec does not describe (the generated types would keep them only in
/// `unknown_fields` / `Unknown`, hiding a gap in the spec).
fn undescribed(
    service: &Service,
    ty: &Ty,
    decode: Option<Decode>,
    value: &Value,
    at: &str,
    out: &mut Vec<String>,
) {
    match (ty, value) {
        (Ty::List(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                undescribed(service, item, None, v, &format!("{at}[{i}]"), out);
            }
        }
        (Ty::List(item), Value::Object(_)) if decode == Some(Decode::OneOrMany) => {
            undescribed(service, item, None, value, at, out)
        }
        (Ty::List(_), Value::String(s)) if decode == Some(Decode::JsonString) => {
            let inner: Value = serde_json::from_str(s).unwrap_or(Value::Null);
            undescribed(service, ty, None, &inner, at, out)
        }
        (Ty::Map(item), Value::Object(map)) => {
            for (k, v) in map {
                undescribed(service, item, None, v, &format!("{at}.{k}"), out);
            }
        }
        (Ty::Named(name), _) => {
            let (_, def) = service
                .types()
                .find(|(_, t)| &t.name == name)
                .expect("resolved type");
            match (&def.kind, value) {
                (TypeKind::Struct { fields }, Value::Object(map)) => {
                    for (k, v) in map {
                        match fields.iter().find(|f| &f.wire_name == k) {
                            Some(f) => {
                                undescribed(service, &f.ty, f.decode, v, &format!("{at}.{k}"), out)
                            }
                            None => out.push(format!("{at}.{k}: no such field in `{name}`")),
                        }
                    }
                }
                (TypeKind::Enum { values }, Value::String(s)) => {
                    if !values.iter().any(|v| &v.wire == s) {
                        out.push(format!("{at}: `{s}` is not a value of `{name}`"));
                    }
                }
                _ => out.push(format!("{at}: does not have the shape of `{name}`")),
            }
        }
        _ => {}
    }
}

#[test]
fn every_key_and_enum_value_of_the_examples_is_described() {
    let api = api();
    for (service, op) in operations(&api) {
        for ex in &op.examples {
            let value: Value = serde_json::from_str(&ex.json).expect("JSON");
            let mut gaps = Vec::new();
            let (ty, decode) = match &ex.field {
                // The example shows only this field's value.
                Some((wire, ty)) => {
                    let TypeKind::Struct { fields } = &op.response.kind else {
                        unreachable!("responses are structs")
                    };
                    let f = fields.iter().find(|f| f.wire_name == *wire).expect("field");
                    (ty.clone(), f.decode)
                }
                None => (Ty::Named(op.response.name.clone()), None),
            };
            if !ex.decodes {
                continue; // noted: the example contradicts the response shape
            }
            undescribed(service, &ty, decode, &value, "$", &mut gaps);
            assert!(
                gaps.is_empty(),
                "{} example `{}`: {gaps:#?}",
                op.wire_name,
                ex.name
            );
        }
    }
}

#[test]
fn seed_000_single_data_object_is_a_list_of_one() {
    let resp: genauth::GetDepartmentSyncRelationsResponse =
        serde_json::from_value(example_of("000_b60328ba8e43cf07.txt")).expect("decodes");
    assert_eq!(resp.status_code(), 200);
    let data = resp.data.expect("data");
    assert_eq!(data.len(), 1);
    assert_eq!(data[0].user_id_in_idp, "oj7Nq05R-RRaqak0_YlMLnnIwsvg");
    // `provider` is marked required but the example omits it: optional, per the note.
    assert_eq!(data[0].provider, None);
    // The empty `User` table: an object whose contents are all kept.
    assert!(data[0].user_info_in_idp.unknown_fields.is_empty());
    let again = serde_json::to_value(&data).expect("encodes");
    assert_eq!(
        again,
        json!([{"userIdInIdp": "oj7Nq05R-RRaqak0_YlMLnnIwsvg", "userInfoInIdp": {}}])
    );
}

#[test]
fn seed_004_identity_decodes_with_secrets_redacted() {
    let resp: genauth::GetUserIdentitiesResponse =
        serde_json::from_value(example_of("004_7e2618903ce96fe9.txt")).expect("decodes");
    let identity = &resp.data.as_ref().expect("data")[0];
    assert_eq!(identity.provider, IdentityProvider::Wechat);
    assert_eq!(identity.r#type, "openid");
    // Typed `array`, sent as a JSON-encoded string: decoded into the list.
    assert_eq!(
        identity.origin_conn_ids,
        vec!["605492ac41xxxxe0362f0707".to_owned()]
    );
    let token = identity.access_token.as_ref().expect("access token");
    assert_eq!(
        token.expose_secret(),
        "57_fK0xgSL_NwVlS-gmUwlMQ2N6AONNIOAYxxxx"
    );
    let debug = format!("{resp:?}");
    assert!(!debug.contains("57_fK0x"), "access token leaked: {debug}");
    assert!(!debug.contains("57_IZFu"), "refresh token leaked: {debug}");
    assert!(debug.contains("oj7Nq05R"), "non-secret fields stay visible");
}

#[test]
fn seed_003_keeps_ids_verbatim_and_shares_counter_types() {
    let resp: eiam::GetSynchronizationJobResponse =
        serde_json::from_value(example_of("003_f0a481d175445d75.txt")).expect("decodes");
    let job = resp.synchronization_job.expect("job");
    assert_eq!(
        job.synchronization_job_id.as_deref(),
        Some("sync_0000347vjovtcf41li0fgsd98gn24q9nj9xxxxx\n")
    );
    assert_eq!(job.status, Some(SynchronizationJobStatus::Running));
    assert_eq!(job.start_time, Some(1_649_830_226_000_i64));
    let result = job.result.expect("result");
    let users = result.user_statistics.expect("user statistics");
    // `Binded` keeps its wire spelling; the six blocks and four statistics share types.
    let binded: &eiam::SynchronizationCounts = users.binded.as_ref().expect("binded");
    assert_eq!((binded.total, binded.skipped), (Some(10), Some(10)));
    let groups: eiam::SynchronizationStatistics = result.group_member_statistics.expect("groups");
    assert_eq!(groups.pushed.and_then(|c| c.total), Some(30));
    assert_eq!(result.error_code.as_deref(), Some("ErrorCodeNotFound"));
}

#[test]
fn seed_001_periodic_status_sits_beside_its_config() {
    let resp: eiam::GetIdentityProviderUdPushConfigurationResponse =
        serde_json::from_value(example_of("001_d72d94bc1cfa3e23.txt")).expect("decodes");
    let config = resp.ud_push_configuration.expect("configuration");
    assert_eq!(config.periodic_sync_status, Some(EnabledStatus::Disabled));
    assert_eq!(
        config.incremental_callback_status,
        Some(EnabledStatus::Enabled)
    );
    let periodic = config.periodic_sync_config.expect("periodic config");
    assert_eq!(periodic.periodic_sync_times, Some(vec!["3".to_owned()]));
    let scopes = config.ud_sync_scope_configs.expect("scopes");
    assert_eq!(
        scopes[0].source_scopes,
        Some(vec!["ou_12121xxxx".to_owned()])
    );
}

#[test]
fn unknown_enum_values_and_fields_are_kept_and_reencoded() {
    let mut body = example_of("004_7e2618903ce96fe9.txt");
    body["data"]["provider"] = json!("brand-new-idp");
    body["data"]["futureField"] = json!({"nested": [1, 2]});
    body["futureTopLevel"] = json!(true);
    let resp: genauth::GetUserIdentitiesResponse =
        serde_json::from_value(body.clone()).expect("decodes");
    let identity = &resp.data.as_ref().expect("data")[0];
    assert!(matches!(identity.provider, IdentityProvider::Unknown(_)));
    assert_eq!(identity.provider.as_str(), "brand-new-idp");
    assert_eq!(
        identity.unknown_fields["futureField"],
        json!({"nested": [1, 2]})
    );
    assert_eq!(resp.unknown_fields()["futureTopLevel"], json!(true));
    let again = serde_json::to_value(&resp).expect("encodes");
    assert_eq!(again["data"][0]["provider"], "brand-new-idp");
    assert_eq!(again["data"][0]["futureField"], body["data"]["futureField"]);
    assert_eq!(again["futureTopLevel"], true);
}

#[test]
fn known_values_parse_to_variants_and_back() {
    for value in IdentityProvider::KNOWN_VALUES {
        let parsed = IdentityProvider::from(*value);
        assert!(!matches!(parsed, IdentityProvider::Unknown(_)), "{value}");
        assert_eq!(parsed.as_str(), *value);
        assert_eq!(parsed.to_string(), *value);
    }
    assert_eq!(IdentityProvider::KNOWN_VALUES.len(), 27);
    assert_eq!(genauth::SyncProvider::KNOWN_VALUES.len(), 11);
    assert_eq!(UserIdType::KNOWN_VALUES.len(), 7);
}

#[test]
fn requests_send_parameters_by_wire_name_and_skip_unset_ones() {
    // Sorted, as the query string of a request sends them (written in its
    // client's style).
    fn sorted<Op: Operation>(request: &Op, style: QueryStyle) -> Vec<(String, String)> {
        let mut pairs = Query::collect(style, |q| request.query(q));
        pairs.sort();
        pairs
    }
    let req = genauth::GetDepartmentSyncRelationsRequest::new("steamory")
        .department_id("root")
        .department_id_type(DepartmentIdType::OpenDepartmentId)
        .with_custom_data(true);
    assert_eq!(
        sorted(&req, runtime::genauth::ManagementClient::QUERY_STYLE),
        [
            ("departmentId", "root"),
            ("departmentIdType", "open_department_id"),
            ("organizationCode", "steamory"),
            ("withCustomData", "true"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    assert_eq!(req.body(), None);
    let info = genauth::GetDepartmentSyncRelationsRequest::INFO;
    assert_eq!(
        (info.method, info.path),
        ("GET", "/api/v3/get-department-sync-relations")
    );

    let req = eiam::GetSynchronizationJobRequest::new("idaas_x", "sync_y");
    assert_eq!(
        sorted(&req, runtime::acs::Client::QUERY_STYLE),
        [
            ("InstanceId", "idaas_x"),
            ("SynchronizationJobId", "sync_y")
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    let info = eiam::GetSynchronizationJobRequest::INFO;
    assert_eq!(
        (info.method, info.path, info.action),
        ("POST", "/", Some("GetSynchronizationJob"))
    );
}

/// The request ID, through the one trait every response implements.
fn request_id_of<R: identity_sdk::runtime::RequestId>(response: &R) -> Option<&str> {
    response.request_id()
}

#[test]
fn every_response_gives_its_request_id_through_one_trait() {
    // An enveloped GenAuth response, a GenAuth response with fields of its
    // own, an EIAM response, and an error.
    let user: genauth::GetUserResponse =
        serde_json::from_value(json!({"statusCode": 200, "requestId": "g-1"})).unwrap();
    assert_eq!(request_id_of(&user), Some("g-1"));
    let post: genauth::GetPostResponse = serde_json::from_value(json!({
        "statusCode": 200, "requestId": "g-2", "code": "c", "name": "n", "id": "p",
        "departmentIdList": "d-1"
    }))
    .unwrap();
    assert_eq!(request_id_of(&post), Some("g-2"));
    let job: eiam::GetSynchronizationJobResponse =
        serde_json::from_value(json!({"RequestId": "e-3"})).unwrap();
    assert_eq!(request_id_of(&job), Some("e-3"));
    let error = identity_sdk::runtime::Error::Config("no host".into());
    assert_eq!(request_id_of(&error), None);

    // And no operation of the real specs lacks one.
    let api = api();
    for service in &api.services {
        for module in &service.modules {
            for op in &module.operations {
                let has = match &op.response_form {
                    identity_codegen::model::ResponseForm::Enveloped { .. } => true,
                    identity_codegen::model::ResponseForm::Struct { request_id } => {
                        request_id.is_some()
                    }
                };
                assert!(has, "{}.{} has no request ID", service.name, op.wire_name);
            }
        }
    }
}

#[test]
fn areas_are_public_modules_and_their_items_are_the_services_too() {
    fn same<T>(_: &T, _: &T) {}
    let by_area = genauth::users::GetUserRequest::new("u-1");
    let by_service = genauth::GetUserRequest::new("u-1");
    same(&by_area, &by_service);
    assert_eq!(by_area, by_service);
    let _: Option<genauth::organizations::DepartmentIdType> = None;
    let _: Option<identity_sdk::genauth_authentication::sign_in::SignInByCredentialsRequest> = None;
}

//! The GenAuth client against a local fake of the management API: token flow,
//! headers, every operation with the documents' examples, errors, retries,
//! timeouts, token refresh, and secrets kept out of every printout.

use std::time::Duration;

use base64::Engine;
use identity_sdk::genauth::{
    DepartmentIdType, GetDepartmentSyncRelationsRequest, GetUserIdentitiesRequest,
    IdentityProvider, ManagementClient, ManagementClientOptions, UserIdType,
};
use identity_sdk::runtime::{Error, RetryConfig};
use identity_sdk_tests::{document_example, logs::CapturedLogs, seeds_dir};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY_ID: &str = "6229ffaxxxxxxxxcade3e3d9";
const KEY_SECRET: &str = "the-access-key-secret-4ae78d3e";
const TOKEN_PATH: &str = "/api/v3/get-management-token";

/// A management token as GenAuth issues it: a JWT naming its user pool.
fn jwt(tag: &str) -> String {
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let payload = json!({"scoped_userpool_id": "pool-123", "tag": tag});
    format!(
        "{}.{}.signature-{tag}",
        b64(&json!({"alg": "HS256"})),
        b64(&payload)
    )
}

fn seed_example(name: &str) -> Value {
    let text = std::fs::read_to_string(seeds_dir().join(name)).expect("seed document");
    document_example(&text).expect("example")
}

async fn mount_token(server: &MockServer, token: &str, expires_in: u64, times: u64) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_json(json!({"accessKeyId": KEY_ID, "accessKeySecret": KEY_SECRET})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "statusCode": 200, "message": "", "data": {"access_token": token, "expires_in": expires_in}
        })))
        .up_to_n_times(times)
        .expect(times)
        .mount(server)
        .await;
}

fn client(server: &MockServer) -> ManagementClient {
    let options = ManagementClientOptions::new(KEY_ID, KEY_SECRET)
        .host(server.uri())
        .tenant_id("tenant-9")
        .timeout(Duration::from_millis(500))
        .retry(RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(20),
        });
    ManagementClient::new(options).expect("client")
}

/// Answers `getUserIdentities` with `response`, at most `limit` times, expecting `times` calls.
async fn mount_identities(
    server: &MockServer,
    response: ResponseTemplate,
    limit: Option<u64>,
    times: u64,
) {
    let mut mock = Mock::given(path("/api/v3/get-user-identities")).respond_with(response);
    if let Some(limit) = limit {
        mock = mock.up_to_n_times(limit);
    }
    mock.expect(times).mount(server).await;
}

fn api_calls(received: &[Request]) -> Vec<&Request> {
    received
        .iter()
        .filter(|r| r.url.path() != TOKEN_PATH)
        .collect()
}

#[tokio::test]
async fn get_department_sync_relations_sends_what_the_official_sdks_send() {
    let server = MockServer::start().await;
    let token = jwt("a");
    mount_token(&server, &token, 3600, 1).await;
    Mock::given(method("GET"))
        .and(path("/api/v3/get-department-sync-relations"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(seed_example("000_b60328ba8e43cf07.txt")),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let request = GetDepartmentSyncRelationsRequest::new("steamory")
        .department_id("root")
        .department_id_type(DepartmentIdType::DepartmentId)
        .with_custom_data(true);
    let resp = client
        .get_department_sync_relations(request.clone())
        .await
        .expect("success");
    assert_eq!(resp.status_code(), 200);
    assert_eq!(
        resp.data.expect("data")[0].user_id_in_idp,
        "oj7Nq05R-RRaqak0_YlMLnnIwsvg"
    );
    // A second call reuses the cached token (the token mock expects one call).
    client
        .get_department_sync_relations(request)
        .await
        .expect("success");

    let received = server.received_requests().await.expect("recording");
    let call = api_calls(&received)[0];
    let pairs: Vec<(String, String)> = call
        .url
        .query_pairs()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    let expected = [
        ("organizationCode", "steamory"),
        ("departmentId", "root"),
        ("departmentIdType", "department_id"),
        ("withCustomData", "true"),
    ];
    assert_eq!(pairs, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
    let h = |name: &str| {
        call.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(h("authorization"), Some(format!("Bearer {token}")));
    assert_eq!(h("x-authing-userpool-id").as_deref(), Some("pool-123"));
    assert_eq!(h("x-authing-app-tenant-id").as_deref(), Some("tenant-9"));
    assert_eq!(h("x-authing-lang").as_deref(), Some("zh-CN"));
    assert!(h("x-authing-sdk-version").is_some_and(|v| v.starts_with("rust:")));
    assert!(call.body.is_empty(), "a GET carries no body");
    let token_call = received
        .iter()
        .find(|r| r.url.path() == TOKEN_PATH)
        .expect("token call");
    assert!(
        token_call.headers.get("authorization").is_none(),
        "no token is sent to get a token"
    );
}

#[tokio::test]
async fn get_user_identities_decodes_the_document_example() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt("a"), 3600, 1).await;
    Mock::given(method("GET"))
        .and(path("/api/v3/get-user-identities"))
        .and(query_param("userId", KEY_ID))
        .and(query_param("userIdType", "phone"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(seed_example("004_7e2618903ce96fe9.txt")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let resp = client(&server)
        .get_user_identities(GetUserIdentitiesRequest::new(KEY_ID).user_id_type(UserIdType::Phone))
        .await
        .expect("success");
    let identity = &resp.data.as_ref().expect("data")[0];
    assert_eq!(identity.provider, IdentityProvider::Wechat);
    assert_eq!(
        identity.origin_conn_ids,
        vec!["605492ac41xxxxe0362f0707".to_owned()]
    );
    let debug = format!("{resp:?}");
    assert!(
        !debug.contains("57_fK0x") && !debug.contains("57_IZFu"),
        "{debug}"
    );
}

#[tokio::test]
async fn status_code_other_than_200_in_a_200_response_is_an_api_error() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt("a"), 3600, 1).await;
    mount_identities(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "statusCode": 404, "apiCode": 2004, "message": "User not found", "requestId": "req-404"
        })),
        None,
        1,
    )
    .await;
    let err = client(&server)
        .get_user_identities(GetUserIdentitiesRequest::new("nobody"))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}")
    };
    assert_eq!(
        (api.code.as_str(), api.api_code, api.message.as_str()),
        ("404", Some(2004), "User not found")
    );
    assert_eq!(err.request_id(), Some("req-404"));
    assert_eq!(
        err.to_string(),
        "getUserIdentities: API error 404 (apiCode 2004): User not found (request req-404)"
    );
}

#[tokio::test]
async fn throttling_and_unavailability_are_retried() {
    for status in [429, 503] {
        let server = MockServer::start().await;
        mount_token(&server, &jwt("a"), 3600, 1).await;
        mount_identities(
            &server,
            ResponseTemplate::new(status).insert_header("retry-after", "0"),
            Some(2),
            2,
        )
        .await;
        mount_identities(
            &server,
            ResponseTemplate::new(200).set_body_json(seed_example("004_7e2618903ce96fe9.txt")),
            None,
            1,
        )
        .await;
        let resp = client(&server)
            .get_user_identities(GetUserIdentitiesRequest::new("u"))
            .await;
        assert!(resp.is_ok(), "HTTP {status} then 200: {resp:?}");
    }
}

#[tokio::test]
async fn retries_are_bounded() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt("a"), 3600, 1).await;
    mount_identities(
        &server,
        ResponseTemplate::new(500).set_body_string("upstream exploded"),
        None,
        3,
    )
    .await;
    let err = client(&server)
        .get_user_identities(GetUserIdentitiesRequest::new("u"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 500, .. }), "{err:?}");
    assert!(err.to_string().contains("upstream exploded"));
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt("a"), 3600, 1).await;
    mount_identities(
        &server,
        ResponseTemplate::new(400).set_body_json(json!({
            "statusCode": 400, "message": "userId is required", "requestId": "req-400"
        })),
        None,
        1,
    )
    .await;
    let err = client(&server)
        .get_user_identities(GetUserIdentitiesRequest::new(""))
        .await
        .unwrap_err();
    assert_eq!(err.request_id(), Some("req-400"));
}

#[tokio::test]
async fn a_slow_server_times_out_and_is_retried_within_bounds() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt("a"), 3600, 1).await;
    mount_identities(
        &server,
        ResponseTemplate::new(200).set_delay(Duration::from_secs(3)),
        None,
        3,
    )
    .await;
    let err = client(&server)
        .get_user_identities(GetUserIdentitiesRequest::new("u"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(500)),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_expired_token_is_fetched_again() {
    let server = MockServer::start().await;
    // `expires_in: 0`: every call finds the token expired.
    mount_token(&server, &jwt("a"), 0, 2).await;
    mount_identities(
        &server,
        ResponseTemplate::new(200).set_body_json(seed_example("004_7e2618903ce96fe9.txt")),
        None,
        2,
    )
    .await;
    let client = client(&server);
    for _ in 0..2 {
        client
            .get_user_identities(GetUserIdentitiesRequest::new("u"))
            .await
            .expect("success");
    }
}

#[tokio::test]
async fn a_401_refreshes_the_token_once() {
    let server = MockServer::start().await;
    let (old, new) = (jwt("old"), jwt("new"));
    mount_token(&server, &old, 3600, 1).await;
    mount_token(&server, &new, 3600, 1).await;
    Mock::given(path("/api/v3/get-user-identities"))
        .and(header("authorization", format!("Bearer {old}").as_str()))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"statusCode": 401, "message": "token expired"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/get-user-identities"))
        .and(header("authorization", format!("Bearer {new}").as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(seed_example("004_7e2618903ce96fe9.txt")),
        )
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .get_user_identities(GetUserIdentitiesRequest::new("u"))
        .await
        .expect("refreshed");
}

#[tokio::test]
async fn a_refused_access_key_is_an_error_without_the_secret() {
    let server = MockServer::start().await;
    Mock::given(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "statusCode": 400, "apiCode": 1001, "message": "Invalid accessKeySecret", "requestId": "req-key"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .get_user_identities(GetUserIdentitiesRequest::new("u"))
        .await
        .unwrap_err();
    assert_eq!(err.request_id(), Some("req-key"));
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(KEY_SECRET), "{text}");
    }
}

#[tokio::test]
async fn unknown_fields_and_enum_values_are_kept() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt("a"), 3600, 1).await;
    let mut body = seed_example("004_7e2618903ce96fe9.txt");
    body["data"]["provider"] = json!("feishu-v2");
    body["data"]["riskLevel"] = json!("low");
    Mock::given(path("/api/v3/get-user-identities"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let resp = client(&server)
        .get_user_identities(GetUserIdentitiesRequest::new("u"))
        .await
        .expect("decodes");
    let identity = &resp.data.as_ref().expect("data")[0];
    assert_eq!(identity.provider.as_str(), "feishu-v2");
    assert_eq!(identity.unknown_fields["riskLevel"], "low");
    let again = serde_json::to_value(&resp).expect("encodes");
    assert_eq!(again["data"][0]["provider"], "feishu-v2");
    assert_eq!(again["data"][0]["riskLevel"], "low");
}

/// A number no `f64` or 64-bit integer holds, in a field the spec does not
/// describe, survives the client's decoding and re-encoding digit for digit.
#[tokio::test]
async fn unknown_numbers_come_back_digit_for_digit() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt("a"), 3600, 1).await;
    let example = seed_example("004_7e2618903ce96fe9.txt").to_string();
    let big = "123456789012345678901234567890";
    let body = example.replacen("{", &format!("{{\"serialNumber\":{big},"), 1);
    Mock::given(path("/api/v3/get-user-identities"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let resp = client(&server)
        .get_user_identities(GetUserIdentitiesRequest::new("u"))
        .await
        .expect("decodes");
    let text = serde_json::to_string(&resp).expect("encodes");
    assert!(text.contains(&format!("\"serialNumber\":{big}")), "{text}");
}

/// A number no `Value` holds beside the envelope cannot hide it: the error
/// stays an error (the response type would decode, `statusCode` and all).
#[tokio::test]
async fn an_unrepresentable_number_does_not_hide_the_envelope() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt("a"), 3600, 1).await;
    let body =
        r#"{"statusCode":403,"huge":1e400,"message":"Forbidden","requestId":"req-x","data":[]}"#;
    mount_identities(
        &server,
        ResponseTemplate::new(200).set_body_raw(body, "application/json"),
        None,
        1,
    )
    .await;
    let err = client(&server)
        .get_user_identities(GetUserIdentitiesRequest::new("u"))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}")
    };
    assert_eq!(
        (api.code.as_str(), api.message.as_str()),
        ("403", "Forbidden")
    );
}

#[tokio::test]
async fn a_malformed_body_is_a_decode_error_with_a_redacted_excerpt() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt("a"), 3600, 1).await;
    Mock::given(path("/api/v3/get-user-identities"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "statusCode": 200, "data": [{"accessToken": "57_leaky_token", "identityId": [42]}]
        })))
        .mount(&server)
        .await;
    let err = client(&server)
        .get_user_identities(GetUserIdentitiesRequest::new("u"))
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    // The decoder names the path of the field that failed.
    assert!(
        text.contains("at `data.identityId`: invalid type: sequence, expected a string"),
        "{text}"
    );
    assert!(!text.contains("57_leaky_token"), "{text}");
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output_and_logs() {
    let (logs, _guard) = CapturedLogs::start();
    let server = MockServer::start().await;
    let token = jwt("secret-token");
    mount_token(&server, &token, 3600, 1).await;
    Mock::given(path("/api/v3/get-user-identities"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(seed_example("004_7e2618903ce96fe9.txt")),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let resp = client
        .get_user_identities(GetUserIdentitiesRequest::new("u"))
        .await
        .expect("success");
    let printed = [
        format!("{client:?}"),
        format!("{:?}", client.options()),
        format!("{resp:?}"),
        logs.text(),
    ];
    for text in &printed {
        for secret in [KEY_SECRET, token.as_str(), "57_fK0xgSL", "57_IZFu91Ak"] {
            assert!(!text.contains(secret), "`{secret}` printed in: {text}");
        }
    }
    let log = logs.text();
    assert!(
        log.contains("getUserIdentities"),
        "the call's span names the operation: {log}"
    );
    assert!(
        log.contains("934108e5-9fbf-4d24-8da1-c330328abd6c"),
        "and records the request ID: {log}"
    );
}

#[tokio::test]
async fn a_write_operation_is_not_retried_and_its_secrets_are_sent_but_never_printed() {
    let server = MockServer::start().await;
    mount_token(&server, &jwt("a"), 3600, 1).await;
    Mock::given(method("POST"))
        .and(path("/api/v3/create-user"))
        .and(wiremock::matchers::body_partial_json(
            json!({"email": "bob@example.com", "password": "p@ss-w0rd-secret"}),
        ))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let request = identity_sdk::genauth::CreateUserRequest::new()
        .email("bob@example.com")
        .password("p@ss-w0rd-secret");
    assert!(!format!("{request:?}").contains("p@ss-w0rd-secret"));
    let info = <identity_sdk::genauth::CreateUserRequest as identity_sdk::runtime::Operation>::INFO;
    assert!(
        !info.idempotent,
        "POST operations are not idempotent by default"
    );
    let err = client(&server).create_user(request).await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 503, .. }), "{err:?}");
    assert!(!format!("{err:?}").contains("p@ss-w0rd-secret"));
    // `expect(1)` on drop: one attempt, although 503 is retried for reads.
}

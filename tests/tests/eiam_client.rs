//! The Alibaba Cloud EIAM client against a local fake: every request's
//! ACS3-HMAC-SHA256 signature is recomputed here, independently of the
//! runtime's signer, from the published algorithm.

use std::collections::BTreeMap;
use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use identity_sdk::eiam::{
    Client, ClientOptions, Credentials, EnabledStatus,
    GetIdentityProviderUdPushConfigurationRequest, GetSynchronizationJobRequest,
    SynchronizationDirection,
};
use identity_sdk::runtime::{Error, RetryConfig};
use identity_sdk_tests::{document_example, logs::CapturedLogs, seeds_dir};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY_ID: &str = "LTAI5tExampleKeyId";
const SECRET: &str = "the-access-key-secret-Zx81";
const STS: &str = "CAIS-the-security-token";

fn seed_example(name: &str) -> Value {
    let text = std::fs::read_to_string(seeds_dir().join(name)).expect("seed document");
    document_example(&text).expect("example")
}

fn options(server: &MockServer, credentials: Credentials) -> ClientOptions {
    ClientOptions::new(credentials, "cn-hangzhou")
        .endpoint(server.uri())
        .timeout(Duration::from_millis(500))
        .retry(RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(20),
        })
}

fn client(server: &MockServer, credentials: Credentials) -> Client {
    Client::new(options(server, credentials)).expect("client")
}

fn job_request() -> GetSynchronizationJobRequest {
    GetSynchronizationJobRequest::new(
        "idaas_ue2jvisn35ea5lmthk267xxxxx",
        "sync_0000347vjovtcf41li0fgsd98gn24q9njxxxxx",
    )
}

/// RFC 3986 encoding, written again here so the check does not trust the runtime.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Recomputes the signature of a received request and checks every rule of
/// signature V3 that a server would.
fn verify_signature(req: &Request, secret: &str) {
    let header = |name: &str| {
        req.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    // The query on the wire must already be canonical.
    let raw_query = req.url.query().unwrap_or("").to_owned();
    let mut pairs: Vec<(String, String)> = req
        .url
        .query_pairs()
        .map(|(k, v)| (encode(&k), encode(&v)))
        .collect();
    pairs.sort();
    let canonical_query = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    assert_eq!(
        raw_query, canonical_query,
        "query not sent as canonicalized"
    );

    let mut signed: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in req.headers.iter() {
        let name = name.as_str().to_ascii_lowercase();
        if name == "host" || name == "content-type" || name.starts_with("x-acs-") {
            signed.insert(
                name,
                value.to_str().expect("ascii header").trim().to_owned(),
            );
        }
    }
    let payload_hash = hex(&Sha256::digest(&req.body));
    assert_eq!(header("x-acs-content-sha256"), Some(payload_hash.clone()));
    let names = signed.keys().cloned().collect::<Vec<_>>().join(";");
    let canonical_headers: String = signed.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let canonical = format!(
        "{}\n{}\n{canonical_query}\n{canonical_headers}\n{names}\n{payload_hash}",
        req.method.as_str(),
        req.url.path()
    );
    let string_to_sign = format!(
        "ACS3-HMAC-SHA256\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(string_to_sign.as_bytes());
    let expected = format!(
        "ACS3-HMAC-SHA256 Credential={KEY_ID},SignedHeaders={names},Signature={}",
        hex(&mac.finalize().into_bytes())
    );
    assert_eq!(header("authorization"), Some(expected));
    for required in [
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
    ] {
        assert!(
            signed.contains_key(required),
            "{required} is not signed: {names}"
        );
    }
    let date = header("x-acs-date").expect("date");
    assert!(
        date.len() == 20 && date.ends_with('Z') && &date[10..11] == "T",
        "date {date}"
    );
}

#[tokio::test]
async fn get_synchronization_job_is_a_signed_rpc_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/"))
        .and(header("x-acs-action", "GetSynchronizationJob"))
        .and(header("x-acs-version", "2021-12-01"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(seed_example("003_f0a481d175445d75.txt")),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server, Credentials::new(KEY_ID, SECRET));
    let resp = client
        .get_synchronization_job(job_request())
        .await
        .expect("success");
    let job = resp.synchronization_job.expect("job");
    assert_eq!(job.direction, Some(SynchronizationDirection::Ingress));
    assert_eq!(
        resp.request_id.as_deref(),
        Some("0441BD79-92F3-53AA-8657-F8CE4A2B912A")
    );
    client
        .get_synchronization_job(job_request())
        .await
        .expect("success");

    let received = server.received_requests().await.expect("recording");
    for req in &received {
        verify_signature(req, SECRET);
        assert!(req.body.is_empty());
        assert!(req.headers.get("content-type").is_none());
        assert_eq!(
            req.url.query(),
            Some("InstanceId=idaas_ue2jvisn35ea5lmthk267xxxxx&SynchronizationJobId=sync_0000347vjovtcf41li0fgsd98gn24q9njxxxxx")
        );
        assert!(req.headers.get("x-acs-security-token").is_none());
    }
    let nonce = |r: &Request| r.headers.get("x-acs-signature-nonce").cloned();
    assert_ne!(
        nonce(&received[0]),
        nonce(&received[1]),
        "a fresh nonce per request"
    );
}

/// Lists and objects in the query are flattened as the official SDKs flatten
/// them (the `rpc` fixture's `CreateUser`, shaped like EIAM's), body
/// parameters are a form, and the signature covers the flattened keys, the
/// form's type and its hash.
#[tokio::test]
async fn lists_and_objects_are_flattened_into_the_signed_query_and_the_body_is_a_form() {
    use identity_sdk_tests::rpc::{
        self, CreateUserRequest, CustomField, PasswordInitializationConfig,
        PasswordInitializationType,
    };
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/"))
        .and(header("x-acs-action", "CreateUser"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"RequestId": "r-1", "UserId": "user_1"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client =
        rpc::Client::new(options(&server, Credentials::new(KEY_ID, SECRET))).expect("client");
    let mut age = CustomField::new("age");
    age.field_value = Some("30".into());
    let mut config = PasswordInitializationConfig::default();
    config.password_initialization_type = Some(PasswordInitializationType::Random);
    config.user_notification_channels = Some(vec!["email".into(), "sms".into()]);
    let request = CreateUserRequest::new("idaas_x", "user 1")
        .organizational_unit_ids(vec!["ou_a".to_owned(), "ou_b".to_owned()])
        .custom_fields(vec![age, CustomField::new("city")])
        .password_initialization_config(config)
        .email_verified(true)
        .client_token("token-1 a/b");
    let response = client.create_user(request).await.expect("success");
    assert_eq!(response.user_id.as_deref(), Some("user_1"));

    let received = server.received_requests().await.expect("recording");
    verify_signature(&received[0], SECRET);
    // `Utils.to_form` of the official Python SDK, for the same value.
    assert_eq!(received[0].body, b"ClientToken=token-1+a%2Fb");
    let sent = |name: &str| received[0].headers.get(name).and_then(|v| v.to_str().ok());
    assert_eq!(
        sent("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(sent("content-length"), Some("25"));
    // What the official Python SDK's `Utils.query` gives for the same values
    // (but `EmailVerified=True`), sorted and encoded as the canonical query.
    assert_eq!(
        received[0].url.query(),
        Some(
            "CustomFields.1.FieldName=age&CustomFields.1.FieldValue=30&CustomFields.2.FieldName=city\
             &EmailVerified=true&InstanceId=idaas_x\
             &OrganizationalUnitIds.1=ou_a&OrganizationalUnitIds.2=ou_b\
             &PasswordInitializationConfig.PasswordInitializationType=random\
             &PasswordInitializationConfig.UserNotificationChannels.1=email\
             &PasswordInitializationConfig.UserNotificationChannels.2=sms&Username=user%201"
        )
    );
}

#[tokio::test]
async fn get_identity_provider_ud_push_configuration_with_sts_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header(
            "x-acs-action",
            "GetIdentityProviderUdPushConfiguration",
        ))
        .and(header("x-acs-security-token", STS))
        .and(header("x-acs-accesskey-id", KEY_ID))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(seed_example("001_d72d94bc1cfa3e23.txt")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let credentials = Credentials::new(KEY_ID, SECRET).security_token(STS);
    let resp = client(&server, credentials)
        .get_identity_provider_ud_push_configuration(
            GetIdentityProviderUdPushConfigurationRequest::new("eiam-111ccc1111", "idp_11111"),
        )
        .await
        .expect("success");
    let config = resp.ud_push_configuration.expect("configuration");
    assert_eq!(config.periodic_sync_status, Some(EnabledStatus::Disabled));
    let received = server.received_requests().await.expect("recording");
    verify_signature(&received[0], SECRET);
    let signed = received[0].headers["authorization"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(signed.contains("x-acs-security-token"), "{signed}");
}

#[tokio::test]
async fn api_errors_carry_code_message_request_id_and_recommend() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "RequestId": "B7A1-404", "HostId": "eiam.cn-hangzhou.aliyuncs.com",
            "Code": "EntityNotExists.SynchronizationJob", "Message": "The synchronization job does not exist.",
            "Recommend": "https://api.aliyun.com/troubleshoot?q=EntityNotExists.SynchronizationJob"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server, Credentials::new(KEY_ID, SECRET))
        .get_synchronization_job(job_request())
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}")
    };
    assert_eq!(api.code, "EntityNotExists.SynchronizationJob");
    assert_eq!(api.http_status, 404);
    assert!(api
        .recommend
        .as_deref()
        .is_some_and(|r| r.contains("troubleshoot")));
    assert_eq!(err.request_id(), Some("B7A1-404"));
}

#[tokio::test]
async fn throttling_and_server_errors_are_retried() {
    let cases = [
        (
            400,
            json!({"Code": "Throttling.User", "Message": "Request was denied due to user flow control.", "RequestId": "t"}),
        ),
        (
            503,
            json!({"Code": "ServiceUnavailable", "Message": "busy", "RequestId": "u"}),
        ),
        (
            500,
            json!({"Code": "InternalError", "Message": "oops", "RequestId": "i"}),
        ),
    ];
    for (status, body) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_json(body.clone())
                    .insert_header("x-acs-retry-after", "5"),
            )
            .up_to_n_times(1)
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(seed_example("003_f0a481d175445d75.txt")),
            )
            .expect(1)
            .mount(&server)
            .await;
        let resp = client(&server, Credentials::new(KEY_ID, SECRET))
            .get_synchronization_job(job_request())
            .await;
        assert!(resp.is_ok(), "{status} {body} then 200: {resp:?}");
        for req in server.received_requests().await.expect("recording") {
            verify_signature(&req, SECRET); // each attempt is signed afresh
        }
    }
}

#[tokio::test]
async fn other_client_errors_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "Code": "InvalidParameter.InstanceId", "Message": "bad instance", "RequestId": "p"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server, Credentials::new(KEY_ID, SECRET))
        .get_synchronization_job(job_request())
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("InvalidParameter.InstanceId"),
        "{err}"
    );
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .expect(3)
        .mount(&server)
        .await;
    let err = client(&server, Credentials::new(KEY_ID, SECRET))
        .get_synchronization_job(job_request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn unknown_fields_and_enum_values_are_kept() {
    let server = MockServer::start().await;
    let mut body = seed_example("003_f0a481d175445d75.txt");
    body["SynchronizationJob"]["Status"] = json!("paused_by_admin");
    body["SynchronizationJob"]["Progress"] = json!(42);
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let resp = client(&server, Credentials::new(KEY_ID, SECRET))
        .get_synchronization_job(job_request())
        .await
        .expect("decodes");
    let job = resp.synchronization_job.as_ref().expect("job");
    assert_eq!(
        job.status.as_ref().map(|s| s.as_str()),
        Some("paused_by_admin")
    );
    assert_eq!(job.unknown_fields["Progress"], 42);
    let again = serde_json::to_value(&resp).expect("encodes");
    assert_eq!(again["SynchronizationJob"]["Status"], "paused_by_admin");
    assert_eq!(again["SynchronizationJob"]["Progress"], 42);
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output_and_logs() {
    let (logs, _guard) = CapturedLogs::start();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "Code": "IncompleteSignature", "Message": "The request signature does not conform.", "RequestId": "sig-1"
        })))
        .mount(&server)
        .await;
    let client = client(
        &server,
        Credentials::new(KEY_ID, SECRET).security_token(STS),
    );
    let err = client
        .get_synchronization_job(job_request())
        .await
        .unwrap_err();
    let signature = server.received_requests().await.expect("recording")[0].headers
        ["authorization"]
        .to_str()
        .expect("ascii")
        .rsplit('=')
        .next()
        .expect("signature")
        .to_owned();
    let printed = [
        format!("{client:?}"),
        format!("{:?}", client.options()),
        err.to_string(),
        format!("{err:?}"),
        logs.text(),
    ];
    for text in &printed {
        for secret in [SECRET, STS, signature.as_str()] {
            assert!(!text.contains(secret), "`{secret}` printed in: {text}");
        }
    }
    assert!(
        logs.text().contains("GetSynchronizationJob") && logs.text().contains("sig-1"),
        "{}",
        logs.text()
    );
}

#[test]
fn missing_credentials_are_a_clear_configuration_error() {
    let err = Client::new(ClientOptions::new(Credentials::new("", ""), "cn-hangzhou")).unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    let err = Client::new(ClientOptions::new(Credentials::new("id", "s"), "")).unwrap_err();
    assert!(err.to_string().contains("region"), "{err}");
}

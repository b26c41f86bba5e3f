//! The raw requests the clients send, as a server sees them on the socket:
//! framing and headers compared with what the official SDKs send
//! (recorded from `authing-node-sdk` 4.0.1, `authing` 5.1.0 for Python and
//! `alibabacloud-eiam20211201` 3.0.1 on the same kind of loopback recorder;
//! the deliberate differences are listed in ARCHITECTURE.md).

use std::time::Duration;

use identity_sdk::eiam::{self, Credentials, GetSynchronizationJobRequest};
use identity_sdk::genauth::{
    GetUserIdentitiesRequest, ListUsersRequest, ManagementClient, ManagementClientOptions,
    UserIdType,
};
use identity_sdk_tests::fault_server::{json, FaultServer, Received};
use serde_json::json;

const TOKEN_PATH: &str = "/api/v3/get-management-token";

async fn genauth_recorder() -> (FaultServer, ManagementClient) {
    let server = FaultServer::start(|r, _| {
        if r.path() == TOKEN_PATH {
            json(&json!({"statusCode": 200, "data": {"access_token": "a.b.c", "expires_in": 3600}}))
        } else {
            json(&json!({"statusCode": 200, "message": "", "requestId": "r1"}))
        }
    })
    .await;
    let options = ManagementClientOptions::new("key-id", "key-secret")
        .host(server.uri())
        .timeout(Duration::from_secs(2));
    (server, ManagementClient::new(options).expect("client"))
}

fn calls(server: &FaultServer) -> Vec<Received> {
    server.received()
}

#[tokio::test]
async fn the_token_request_is_a_json_post_with_its_length() {
    let (server, client) = genauth_recorder().await;
    let _ = client
        .get_user_identities(GetUserIdentitiesRequest::new("u1"))
        .await;
    let token = &calls(&server)[0];
    assert_eq!(token.line(), "POST /api/v3/get-management-token HTTP/1.1");
    assert_eq!(token.header("content-type"), Some("application/json"));
    let body = br#"{"accessKeyId":"key-id","accessKeySecret":"key-secret"}"#;
    assert_eq!(token.body, body);
    assert_eq!(
        token.header("content-length"),
        Some(body.len().to_string().as_str())
    );
}

#[tokio::test]
async fn a_get_has_its_parameters_in_the_query_and_no_body() {
    let (server, client) = genauth_recorder().await;
    let _ = client
        .get_user_identities(GetUserIdentitiesRequest::new("u1").user_id_type(UserIdType::Phone))
        .await;
    let call = &calls(&server)[1];
    // The same request line as both official SDKs send.
    assert_eq!(
        call.line(),
        "GET /api/v3/get-user-identities?userId=u1&userIdType=phone HTTP/1.1"
    );
    assert_eq!(call.header("content-length"), None);
    assert_eq!(call.header("transfer-encoding"), None);
    assert!(call.body.is_empty());
    assert_eq!(call.header("authorization"), Some("Bearer a.b.c"));
    assert_eq!(call.header("x-authing-lang"), Some("zh-CN"));
    assert!(call
        .header("x-authing-sdk-version")
        .is_some_and(|v| v.starts_with("rust:")));
}

#[tokio::test]
async fn a_post_without_parameters_sends_an_empty_object_with_its_length() {
    let (server, client) = genauth_recorder().await;
    let _ = client.list_users(ListUsersRequest::new()).await;
    let call = &calls(&server)[1];
    assert_eq!(call.line(), "POST /api/v3/list-users HTTP/1.1");
    // What the Python SDK's `list_users()` and the Node SDK's `listUsers({})` send.
    assert_eq!(call.body, b"{}");
    assert_eq!(call.header("content-length"), Some("2"));
    assert_eq!(call.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn an_eiam_call_is_an_empty_post_with_content_length_zero() {
    let server = FaultServer::start(|_, _| json(&json!({"RequestId": "r1"}))).await;
    let options = eiam::ClientOptions::new(Credentials::new("key-id", "key-secret"), "cn-hangzhou")
        .endpoint(server.uri())
        .timeout(Duration::from_secs(2));
    let client = eiam::Client::new(options).expect("client");
    let _ = client
        .get_synchronization_job(GetSynchronizationJobRequest::new("idaas_x", "sync_y"))
        .await;
    let call = &server.received()[0];
    // The official SDK's request line, body and framing exactly.
    assert_eq!(
        call.line(),
        "POST /?InstanceId=idaas_x&SynchronizationJobId=sync_y HTTP/1.1"
    );
    assert!(call.body.is_empty());
    assert_eq!(call.header("content-length"), Some("0"));
    assert_eq!(call.header("content-type"), None);
    assert_eq!(call.header("accept"), Some("application/json"));
    for name in [
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
        "host",
    ] {
        assert!(call.header(name).is_some(), "{name} missing");
    }
    let authorization = call.header("authorization").expect("signed");
    assert!(
        authorization.starts_with("ACS3-HMAC-SHA256 Credential=key-id,SignedHeaders="),
        "{authorization}"
    );
    // The documented minimum: host and every x-acs- header (see ARCHITECTURE.md).
    assert!(authorization.contains("SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"), "{authorization}");
}

/// The target of a `POST .. HTTP/1.1` request line.
fn post_target(call: &Received) -> &str {
    call.line()
        .strip_prefix("POST ")
        .and_then(|l| l.strip_suffix(" HTTP/1.1"))
        .expect("a POST")
}

/// The pairs of a request target's query, decoded (`+` and `%20` alike), sorted.
fn query_pairs(target: &str) -> Vec<(String, String)> {
    let url = reqwest::Url::parse(&format!("http://h{target}")).expect("a request target");
    assert_eq!(url.path(), "/");
    let mut pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    pairs.sort();
    pairs
}

async fn eiam_recorder() -> (FaultServer, eiam::Client) {
    let server = FaultServer::start(|_, _| json(&json!({"RequestId": "r1"}))).await;
    let options = eiam::ClientOptions::new(Credentials::new("key-id", "key-secret"), "cn-hangzhou")
        .endpoint(server.uri())
        .timeout(Duration::from_secs(2));
    (server, eiam::Client::new(options).expect("client"))
}

/// A list, a list of objects and an object holding a list, flattened into
/// the query exactly as the official Python SDK 3.0.1 sends `CreateUser`
/// (recorded on a loopback server with the same values).
#[tokio::test]
async fn eiam_lists_and_objects_are_flattened_into_the_query_as_the_sdk_does() {
    const SDK: &str = "/?CustomFields.1.FieldName=age&CustomFields.1.FieldValue=10&CustomFields.2.FieldName=city&CustomFields.2.FieldValue=Hangzhou&DisplayName=Alice+A&InstanceId=idaas_x&OrganizationalUnitIds.1=ou_1&OrganizationalUnitIds.2=ou_2&Password=p%40ss&PasswordInitializationConfig.PasswordForcedUpdateStatus=enabled&PasswordInitializationConfig.PasswordInitializationPolicyPriority=custom&PasswordInitializationConfig.PasswordInitializationType=random&PasswordInitializationConfig.UserNotificationChannels.1=sms&PasswordInitializationConfig.UserNotificationChannels.2=email&PrimaryOrganizationalUnitId=ou_1&Username=alice";
    use eiam::{
        CreateUserRequest, CustomField, EnabledStatus, PasswordInitializationConfig,
        PasswordInitializationPolicyPriority, PasswordInitializationType, UserNotificationChannel,
    };
    let field = |name: &str, value: &str| {
        let mut f = CustomField::default();
        f.field_name = Some(name.into());
        f.field_value = Some(value.into());
        f
    };
    let mut password = PasswordInitializationConfig::default();
    password.password_initialization_policy_priority =
        Some(PasswordInitializationPolicyPriority::Custom);
    password.password_forced_update_status = Some(EnabledStatus::Enabled);
    password.user_notification_channels = Some(vec![
        UserNotificationChannel::Sms,
        UserNotificationChannel::Email,
    ]);
    password.password_initialization_type = Some(PasswordInitializationType::Random);
    let (server, client) = eiam_recorder().await;
    let _ = client
        .create_user(
            CreateUserRequest::new("idaas_x", "alice", "ou_1")
                .display_name("Alice A")
                .password("p@ss")
                .organizational_unit_ids(vec!["ou_1".to_owned(), "ou_2".to_owned()])
                .custom_fields(vec![field("age", "10"), field("city", "Hangzhou")])
                .password_initialization_config(password),
        )
        .await;
    let call = &server.received()[0];
    let target = post_target(call);
    assert_eq!(query_pairs(target), query_pairs(SDK));
    assert!(call.body.is_empty());
    assert_eq!(call.header("content-type"), None);
}

/// A parameter the SDK sends in the form body (`ClientToken`) goes there,
/// the others in the query, as the official Python SDK 3.0.1 sends
/// `CreateAuthorizationResource` (recorded on a loopback server).
#[tokio::test]
async fn eiam_body_parameters_are_sent_as_the_sdk_sends_them() {
    const SDK_TARGET: &str = "/?AuthorizationResourceEntityId=app_1&AuthorizationResourceEntityType=cloud_account_role&AuthorizationRuleId=ar_1&InstanceId=idaas_x";
    const SDK_BODY: &[u8] = b"ClientToken=tok-1";
    use eiam::{AuthorizationResourceEntityType, CreateAuthorizationResourceRequest};
    let (server, client) = eiam_recorder().await;
    let _ = client
        .create_authorization_resource(CreateAuthorizationResourceRequest::new(
            "app_1",
            AuthorizationResourceEntityType::CloudAccountRole,
            "ar_1",
            "idaas_x",
            "tok-1",
        ))
        .await;
    let call = &server.received()[0];
    let target = post_target(call);
    assert_eq!(query_pairs(target), query_pairs(SDK_TARGET));
    assert_eq!(call.body, SDK_BODY);
    assert_eq!(
        call.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
}

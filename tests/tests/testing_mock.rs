//! The `testing` feature's mock server, through the real clients of all
//! three services: documented examples by default, replies and API errors a
//! test sets, the requests recorded, and nothing served after it is dropped.

use std::time::Duration;

use identity_sdk::eiam::{Client, ClientOptions, Credentials, GetSynchronizationJobRequest};
use identity_sdk::genauth::{
    GetUserRequest, GetUserResponse, ListUsersRequest, ManagementClient, ManagementClientOptions,
};
use identity_sdk::genauth_authentication::{
    AuthenticationClient, AuthenticationClientOptions, GetSecurityLevelRequest,
};
use identity_sdk::runtime::{Error, RetryConfig};
use identity_sdk::testing::{mock_server, Documented, MockServer, MOCK_REQUEST_ID};
use serde_json::json;

fn no_retries() -> RetryConfig {
    RetryConfig {
        max_attempts: 1,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
    }
}

fn genauth(mock: &MockServer) -> ManagementClient {
    let options = ManagementClientOptions::new("key-id", "key-secret")
        .host(mock.uri())
        .retry(no_retries());
    ManagementClient::new(options).expect("client")
}

fn eiam(mock: &MockServer) -> Client {
    let credentials = Credentials::new("ak-id", "ak-secret");
    let options = ClientOptions::new(credentials, "cn-hangzhou")
        .endpoint(mock.uri())
        .retry(no_retries());
    Client::new(options).expect("client")
}

#[tokio::test]
async fn operations_answer_with_their_documented_example() {
    let mock = mock_server().await.unwrap();
    let user = genauth(&mock)
        .get_user(GetUserRequest::new("u-1"))
        .await
        .expect("the documented getUser response");
    let documented: GetUserResponse =
        serde_json::from_str(<GetUserRequest as Documented>::RESPONSE).unwrap();
    assert_eq!(user, documented);
    assert_eq!(
        user.request_id(),
        Some("934108e5-9fbf-4d24-8da1-c330328abd6c")
    );

    let job = eiam(&mock)
        .get_synchronization_job(GetSynchronizationJobRequest::new("idaas_x", "sync_y"))
        .await
        .expect("the documented GetSynchronizationJob response");
    assert_eq!(
        job.request_id.as_deref(),
        Some("0441BD79-92F3-53AA-8657-F8CE4A2B912A")
    );

    let options = AuthenticationClientOptions::new("app-1", mock.uri()).access_token("user-token");
    let authn = AuthenticationClient::new(options).unwrap();
    let level = authn
        .get_security_level(GetSecurityLevelRequest::new())
        .await;
    assert!(level.is_ok(), "{level:?}");
}

#[tokio::test]
async fn a_reply_set_by_the_test_replaces_the_example() {
    let mock = mock_server().await.unwrap();
    let client = genauth(&mock);
    mock.respond::<ListUsersRequest>(
        200,
        json!({"statusCode": 200, "requestId": "r-9", "data": {"list": [], "totalCount": 0}}),
    );
    let page = client.list_users(ListUsersRequest::new()).await.unwrap();
    assert_eq!(page.request_id(), Some("r-9"));
    assert_eq!(page.data.unwrap().total_count, Some(0));

    // And back to the documented example.
    mock.respond_documented::<ListUsersRequest>();
    let page = client.list_users(ListUsersRequest::new()).await.unwrap();
    assert_eq!(
        page.request_id(),
        Some("934108e5-9fbf-4d24-8da1-c330328abd6c")
    );
}

#[tokio::test]
async fn api_errors_come_as_each_vendor_reports_them() {
    let mock = mock_server().await.unwrap();
    mock.api_error::<GetUserRequest>("404", "user not found");
    match genauth(&mock).get_user(GetUserRequest::new("x")).await {
        Err(Error::Api(e)) => {
            assert_eq!((e.code.as_str(), e.api_code), ("404", Some(404)));
            assert_eq!(e.message, "user not found");
            assert_eq!(e.request_id.as_deref(), Some(MOCK_REQUEST_ID));
        }
        other => panic!("expected a GenAuth API error, got {other:?}"),
    }
    mock.api_error::<GetSynchronizationJobRequest>("EntityNotExists.Job", "no such job");
    let request = GetSynchronizationJobRequest::new("idaas_x", "sync_y");
    match eiam(&mock).get_synchronization_job(request).await {
        Err(Error::Api(e)) => {
            assert_eq!(
                (e.http_status, e.code.as_str()),
                (400, "EntityNotExists.Job")
            );
            assert_eq!(e.request_id.as_deref(), Some(MOCK_REQUEST_ID));
        }
        other => panic!("expected an EIAM API error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_requests_sent_are_recorded_per_operation() {
    let mock = mock_server().await.unwrap();
    let client = genauth(&mock);
    client.get_user(GetUserRequest::new("u-1")).await.unwrap();
    client
        .list_users(ListUsersRequest::new().keywords("bob"))
        .await
        .unwrap();
    let gets = mock.requests::<GetUserRequest>();
    assert_eq!(gets.len(), 1);
    assert_eq!(
        (gets[0].method(), gets[0].path()),
        ("GET", "/api/v3/get-user")
    );
    assert_eq!(gets[0].query("userId"), Some("u-1"));
    // The client's real headers: the token the mock issued, its user pool.
    assert!(gets[0]
        .header("authorization")
        .is_some_and(|a| a.starts_with("Bearer ")));
    assert_eq!(
        gets[0].header("x-authing-userpool-id"),
        Some("mock-user-pool")
    );
    let lists = mock.requests::<ListUsersRequest>();
    assert_eq!(lists[0].json(), Some(json!({"keywords": "bob"})));
    // The token request is received, but belongs to no operation.
    let paths: Vec<String> = mock
        .received()
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/api/v3/get-management-token",
            "/api/v3/get-user",
            "/api/v3/list-users"
        ]
    );
    // Debug shows no header values (tokens, signatures).
    let shown = format!("{:?}", gets[0]);
    assert!(
        shown.contains("authorization") && !shown.contains("Bearer"),
        "{shown}"
    );

    let request = GetSynchronizationJobRequest::new("idaas_x", "sync_y");
    eiam(&mock).get_synchronization_job(request).await.unwrap();
    let sent = mock.requests::<GetSynchronizationJobRequest>();
    assert_eq!(
        sent[0].header("x-acs-action"),
        Some("GetSynchronizationJob")
    );
    assert_eq!(sent[0].query("InstanceId"), Some("idaas_x"));
    assert!(sent[0]
        .header("authorization")
        .is_some_and(|a| a.starts_with("ACS3-HMAC-SHA256 Credential=ak-id,")));
}

#[tokio::test]
async fn an_operation_without_a_reply_is_a_404_and_a_dropped_mock_serves_nothing() {
    let mock = MockServer::start().await.unwrap();
    let client = genauth(&mock);
    let err = client.get_user(GetUserRequest::new("u")).await.unwrap_err();
    assert!(
        format!("{err}").contains("404"),
        "an empty mock answers 404: {err}"
    );
    drop(mock);
    tokio::time::sleep(Duration::from_millis(20)).await;
    let err = client.get_user(GetUserRequest::new("u")).await.unwrap_err();
    assert!(
        !format!("{err}").contains("404"),
        "nothing answers once dropped: {err}"
    );
}

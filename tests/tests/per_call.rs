//! What one call can change before it is awaited (timeout, retries, extra
//! headers) and the raw HTTP response beside the decoded value, against
//! loopback servers of both vendors.

use std::time::Duration;

use identity_sdk::eiam::{Client, ClientOptions, Credentials, GetSynchronizationJobRequest};
use identity_sdk::genauth::{GetUserRequest, ManagementClient, ManagementClientOptions};
use identity_sdk::runtime::{Error, RetryConfig};
use identity_sdk_tests::{genauth_token_server, GENAUTH_TOKEN_PATH};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const USER_PATH: &str = "/api/v3/get-user";

fn retries(max_attempts: u32) -> RetryConfig {
    RetryConfig {
        max_attempts,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
    }
}

/// A GenAuth client (timeout 2 s, 3 attempts) of a server that issues tokens.
async fn genauth() -> (MockServer, ManagementClient) {
    let server = genauth_token_server().await;
    let options = ManagementClientOptions::new("key-id", "key-secret")
        .host(server.uri())
        .timeout(Duration::from_secs(2))
        .retry(retries(3));
    (server, ManagementClient::new(options).expect("client"))
}

fn user_reply() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("x-request-id", "req-77")
        .set_body_raw(
            r#"{"statusCode":200,"requestId":"req-77","data":{"userId":"u-1","createdAt":"2022-07-03T02:20:30.000Z","updatedAt":"2022-07-03T02:20:30.000Z","status":"Activated","workStatus":"Active","gender":"U","emailVerified":false,"phoneVerified":false,"userSourceType":"excel"}}"#,
            "application/json",
        )
}

/// The requests of `getUser` the server received.
fn user_calls(received: &[Request]) -> impl Iterator<Item = &Request> {
    received.iter().filter(|r| r.url.path() == USER_PATH)
}

#[tokio::test]
async fn a_call_adds_headers_to_its_own_requests_only() {
    let (server, client) = genauth().await;
    Mock::given(path(USER_PATH))
        .and(header("x-trace-id", "trace-1"))
        .respond_with(user_reply())
        .expect(1)
        .mount(&server)
        .await;
    let user = client
        .get_user(GetUserRequest::new("u-1"))
        .header("X-Trace-Id", "trace-1")
        .await
        .expect("the header reached the server");
    assert_eq!(user.request_id(), Some("req-77"));
    let received = server.received_requests().await.unwrap();
    let token = received
        .iter()
        .find(|r| r.url.path() == GENAUTH_TOKEN_PATH)
        .unwrap();
    assert!(
        token.headers.get("x-trace-id").is_none(),
        "not on the token request"
    );
    // The next call, without it, sends none.
    Mock::given(path(USER_PATH))
        .respond_with(user_reply())
        .mount(&server)
        .await;
    client.get_user(GetUserRequest::new("u-1")).await.unwrap();
    let received = server.received_requests().await.unwrap();
    let last = user_calls(&received).last().unwrap();
    assert!(last.headers.get("x-trace-id").is_none());
}

#[tokio::test]
async fn headers_the_client_sets_or_http_refuses_fail_the_call_before_sending() {
    let (server, client) = genauth().await;
    for (name, value) in [
        ("Authorization", "Bearer stolen"),
        ("x-authing-userpool-id", "other-pool"),
        ("content-type", "text/plain"),
        ("x-acs-signature-nonce", "n"),
        ("bad header", "v"),
        ("x-ok", "line\nbreak"),
    ] {
        let err = client
            .get_user(GetUserRequest::new("u-1"))
            .header(name, value)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{name}: {err:?}");
        assert!(!err.to_string().contains("stolen"), "{err}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_call_overrides_the_clients_timeout() {
    let (server, client) = genauth().await;
    Mock::given(path(USER_PATH))
        .respond_with(user_reply().set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    // The client's 2 s allow it.
    client.get_user(GetUserRequest::new("u-1")).await.unwrap();
    let err = client
        .get_user(GetUserRequest::new("u-1"))
        .timeout(Duration::from_millis(50))
        .retry(retries(1))
        .await
        .unwrap_err();
    match err {
        Error::Timeout { timeout, .. } => assert_eq!(timeout, Duration::from_millis(50)),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_call_overrides_the_clients_retry_policy() {
    let (server, client) = genauth().await;
    Mock::given(path(USER_PATH))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let calls = || async { user_calls(&server.received_requests().await.unwrap()).count() };
    client
        .get_user(GetUserRequest::new("u-1"))
        .retry(retries(1))
        .await
        .unwrap_err();
    assert_eq!(calls().await, 1, "no retry for this call");
    client
        .get_user(GetUserRequest::new("u-1"))
        .await
        .unwrap_err();
    assert_eq!(calls().await, 1 + 3, "the client's 3 attempts again");
    client
        .get_user(GetUserRequest::new("u-1"))
        .retry(retries(2))
        .await
        .unwrap_err();
    assert_eq!(calls().await, 1 + 3 + 2);
}

#[tokio::test]
async fn with_raw_returns_the_http_response_beside_the_value() {
    let (server, client) = genauth().await;
    Mock::given(path(USER_PATH))
        .respond_with(user_reply())
        .mount(&server)
        .await;
    let (user, raw) = client
        .get_user(GetUserRequest::new("u-1"))
        .with_raw()
        .await
        .expect("decodes");
    assert_eq!(user.data.as_ref().map(|u| u.user_id.as_str()), Some("u-1"));
    assert_eq!(raw.status(), 200);
    assert_eq!(raw.header("X-Request-Id"), Some("req-77"));
    assert!(raw
        .headers()
        .any(|(n, v)| n == "x-request-id" && v == b"req-77"));
    let body: serde_json::Value = serde_json::from_slice(raw.body()).unwrap();
    assert_eq!(body["data"]["userId"], "u-1");
    // Debug shows no body: it can hold secrets.
    let debug = format!("{raw:?}");
    assert!(debug.contains("200") && !debug.contains("u-1"), "{debug}");
}

#[tokio::test]
async fn an_eiam_call_adds_headers_outside_the_signature_and_overrides_retries() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let options = ClientOptions::new(Credentials::new("LTAI-id", "secret"), "cn-hangzhou")
        .endpoint(server.uri())
        .retry(retries(3));
    let client = Client::new(options).expect("client");
    let request = GetSynchronizationJobRequest::new("idaas_x", "sync_y");
    client
        .get_synchronization_job(request)
        .header("x-trace-id", "t-9")
        .retry(retries(1))
        .await
        .unwrap_err();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let sent = &received[0];
    assert_eq!(sent.headers.get("x-trace-id").unwrap(), "t-9");
    let authorization = sent.headers.get("authorization").unwrap().to_str().unwrap();
    assert!(
        !authorization.contains("x-trace-id"),
        "not a signed header: {authorization}"
    );
}

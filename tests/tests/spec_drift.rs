//! Responses whose scalars are of another JSON type than the spec says
//! (spec drift): converted when nothing is lost, one warning per field path
//! naming the operation, re-encoded as the spec's type; an explicit `null`
//! survives decode and re-encode.

use std::time::Duration;

use identity_sdk::genauth::{GetUserIdentitiesRequest, ManagementClient, ManagementClientOptions};
use identity_sdk::runtime::{Error, RetryConfig};
use identity_sdk_tests::fault_server::{json, FaultServer};
use identity_sdk_tests::logs::CapturedLogs;
use identity_sdk_tests::{document_example, seeds_dir};
use serde_json::{json, Value};

/// The documented identity (seed 004) with `changes` applied.
fn identity(changes: Value) -> Value {
    let text = std::fs::read_to_string(seeds_dir().join("004_7e2618903ce96fe9.txt"))
        .expect("seed document");
    let mut identity = document_example(&text).expect("example")["data"].clone();
    for (key, value) in changes.as_object().expect("changes") {
        identity[key] = value.clone();
    }
    identity
}

async fn answering(body: Value) -> (FaultServer, ManagementClient) {
    let server = FaultServer::start(move |r, _| {
        if r.path() == "/api/v3/get-management-token" {
            json(&json!({"statusCode": 200, "data": {"access_token": "a-management-token-3f9c", "expires_in": 3600}}))
        } else {
            json(&body)
        }
    })
    .await;
    let options = ManagementClientOptions::new("key", "secret")
        .host(server.uri())
        .timeout(Duration::from_secs(2))
        .retry(RetryConfig::disabled());
    let client = ManagementClient::new(options).expect("client");
    (server, client)
}

/// The warnings logged, without their timestamps.
fn warnings(logs: &CapturedLogs) -> String {
    logs.text()
        .lines()
        .filter_map(|l| l.split_once(" WARN ").map(|(_, rest)| rest.to_owned()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn drifted_scalars_convert_warn_once_per_path_and_reencode_as_specified() {
    let (logs, _guard) = CapturedLogs::start();
    let (_server, client) = answering(json!({
        "statusCode": "200",
        "requestId": 934108,
        "data": [
            identity(json!({"identityId": 42})),
            identity(json!({"identityId": 43, "originConnIds": [1, 2]})),
            identity(json!({})),
        ],
    }))
    .await;
    let resp = client
        .get_user_identities(GetUserIdentitiesRequest::new("u"))
        .await
        .expect("drift is converted");
    assert_eq!(resp.status_code(), 200);
    assert_eq!(resp.request_id(), Some("934108"));
    let data = resp.data.as_ref().expect("data");
    assert_eq!(data[0].identity_id, "42");
    let again = serde_json::to_value(&resp).expect("encodes");
    assert_eq!(again["statusCode"], json!(200));
    assert_eq!(again["data"][1]["identityId"], json!("43"));
    assert_eq!(again["data"][1]["originConnIds"], json!(["1", "2"]));
    insta::assert_snapshot!(warnings(&logs));
}

#[tokio::test]
async fn what_cannot_convert_is_an_error_naming_the_path() {
    let (_server, client) = answering(json!({
        "statusCode": 200,
        "data": [identity(json!({"identityId": {"nested": 1}}))],
    }))
    .await;
    let e = client
        .get_user_identities(GetUserIdentitiesRequest::new("u"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains("at `data.identityId`: invalid type: map"),
        "{e}"
    );
}

#[tokio::test]
async fn an_explicit_null_survives_and_absent_stays_absent() {
    let body = json!({
        "statusCode": 200,
        "message": null,
        "data": [identity(json!({"accessToken": null}))],
    });
    let (_server, client) = answering(body.clone()).await;
    let resp = client
        .get_user_identities(GetUserIdentitiesRequest::new("u"))
        .await
        .expect("decodes");
    assert_eq!(resp.message(), None);
    let again = serde_json::to_value(&resp).expect("encodes");
    assert_eq!(again["message"], Value::Null);
    assert_eq!(again["data"][0]["accessToken"], Value::Null);
    assert!(again.get("requestId").is_none(), "absent stays absent");
    let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
    assert_eq!(
        keys(&again["data"][0]).map(|mut k| {
            k.sort();
            k
        }),
        keys(&body["data"][0]).map(|mut k| {
            k.sort();
            k
        })
    );
}

//! Peak memory of one call whose response body is large: a GenAuth
//! `listUsers` page of `MB` megabytes (default 50), built from the page's
//! documented example with varied IDs, served on loopback.
//!
//! `cargo run --release -p identity-sdk-tests --bin body_peak -- 50`
//! prints the body size, the process's peak resident memory before and
//! after the call (`VmHWM`), and what the call returned.

use std::time::Duration;

use identity_sdk::genauth::{ListUsersRequest, ManagementClient, ManagementClientOptions};
use identity_sdk_tests::fault_server::{http, json, FaultServer};
use identity_sdk_tests::{document, document_example};
use serde_json::{json, Value};

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The page's example with `users` copies of its first user, each with its own ID.
fn body(megabytes: usize) -> Vec<u8> {
    let example = document_example(&document("管理用户/list-users.md")).expect("example");
    let user = example["data"]["list"][0].clone();
    let one = user.to_string().len() + 1;
    let users = megabytes * 1_000_000 / one;
    let list: Vec<Value> = (0..users)
        .map(|i| {
            let mut u = user.clone();
            u["userId"] = Value::from(format!("user-{i:08}"));
            u
        })
        .collect();
    let mut page = example;
    page["data"]["list"] = Value::Array(list);
    page["data"]["totalCount"] = Value::from(users);
    page.to_string().into_bytes()
}

fn main() {
    let megabytes: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let body = body(megabytes);
        let size = body.len();
        let answer = http(200, &[("content-type", "application/json")], &body);
        drop(body);
        let server = FaultServer::start(move |r, _| {
            if r.path() == "/api/v3/get-management-token" {
                json(&json!({"statusCode": 200, "data": {"access_token": "t", "expires_in": 3600}}))
            } else {
                answer.clone()
            }
        })
        .await;
        let options = ManagementClientOptions::new("key", "secret")
            .host(server.uri())
            .timeout(Duration::from_secs(120))
            .max_response_bytes(size + 1);
        let client: ManagementClient = ManagementClient::new(options).expect("client");
        let before = peak_kib();
        let result = client.list_users(ListUsersRequest::new()).await;
        let after = peak_kib();
        let outcome = match &result {
            Ok(page) => format!(
                "{} users decoded",
                page.data.as_ref().map_or(0, |d| d.list.len())
            ),
            Err(e) => format!("error: {e}"),
        };
        println!(
            "body {:.1} MB; peak RSS before the call {} MiB (server's copy of the answer included), after {} MiB; {outcome}",
            size as f64 / 1e6,
            before / 1024,
            after / 1024
        );
    });
}

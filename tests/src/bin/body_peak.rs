//! Peak memory of one call whose response body is large: a GenAuth
//! `listUsers` page of `MB` megabytes (default 50), built from the page's
//! documented example with varied IDs, served on loopback.
//!
//! `cargo run --release -p identity-sdk-tests --bin body_peak -- 50`
//! prints the body size, the resident memory before the call and its peak
//! during it (`VmHWM`, reset first), and what the call returned.

use std::time::Duration;

use identity_sdk::genauth::{ListUsersRequest, ManagementClient, ManagementClientOptions};
use identity_sdk_tests::fault_server::{http, json, FaultServer};
use identity_sdk_tests::list_users_body::{self, status_kib};
use serde_json::{json, Value};

/// The page's example with as many copies of its user as fill `megabytes`,
/// each with its own ID, written as text (no value tree in this process).
fn body(megabytes: usize) -> Vec<u8> {
    let (example, mut user) = list_users_body::example();
    user["userId"] = Value::from("@ID@");
    let user = user.to_string();
    list_users_body::build(
        example,
        |i| user.replace("@ID@", &format!("user-{i:08}")),
        |len, _| len >= megabytes * 1_000_000,
        megabytes * 1_000_000,
    )
}

/// Resets the peak (`VmHWM`) to the current resident size.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn main() {
    let megabytes: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let body = body(megabytes);
        let size = body.len();
        let answer = std::sync::Arc::new(http(200, &[("content-type", "application/json")], &body));
        drop(body);
        let server = FaultServer::start(move |r, _| {
            if r.path() == "/api/v3/get-management-token" {
                json(&json!({"statusCode": 200, "data": {"access_token": "t", "expires_in": 3600}}))
            } else {
                answer.to_vec()
            }
        })
        .await;
        let options = ManagementClientOptions::new("key", "secret")
            .host(server.uri())
            .timeout(Duration::from_secs(120))
            .max_response_bytes(size + 1);
        let client: ManagementClient = ManagementClient::new(options).expect("client");
        reset_peak();
        let before = status_kib("VmRSS:");
        let result = client.list_users(ListUsersRequest::new()).await;
        let after = status_kib("VmHWM:");
        let outcome = match &result {
            Ok(page) => format!(
                "{} users decoded",
                page.data.as_ref().map_or(0, |d| d.list.len())
            ),
            Err(e) => format!("error: {e}"),
        };
        println!(
            "body {:.1} MB; resident before the call {} MiB, peak during it {} MiB (+{} MiB, of which ~{:.0} MiB the loopback server's copy it writes); {outcome}",
            size as f64 / 1e6,
            before / 1024,
            after / 1024,
            after.saturating_sub(before) / 1024,
            size as f64 / 1048576.0
        );
    });
}

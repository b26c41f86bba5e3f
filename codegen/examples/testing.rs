//! Tests code that uses the clients without the vendors' servers: the
//! `testing` feature's mock answers every operation with its documented
//! example, or with the reply a test sets, and records the requests sent.
//!
//! ```sh
//! cargo run -p identity-sdk --example testing --features testing
//! ```
//! (`cargo test` runs it too.)

use identity_sdk::genauth::{GetUserRequest, ManagementClient, ManagementClientOptions};
use identity_sdk::runtime::Error;
use identity_sdk::testing::mock_server;

/// The code under test: a user's display name.
async fn display_name(client: &ManagementClient, user_id: &str) -> Result<String, Error> {
    let user = client.get_user(GetUserRequest::new(user_id)).await?;
    let user = user.data.ok_or_else(|| Error::Config("no user".into()))?;
    Ok(user.nickname.or(user.name).unwrap_or(user.user_id))
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mock = mock_server().await?;
    let options = ManagementClientOptions::new("key-id", "key-secret").host(mock.uri());
    let client = ManagementClient::new(options)?;

    // Answered with the documented example of `getUser`.
    assert_eq!(
        display_name(&client, "6229ffaxxxxxxxxcade3e3d9").await?,
        "张三"
    );

    // Answered with the reply the test sets.
    mock.respond::<GetUserRequest>(
        200,
        serde_json::json!({"statusCode": 200, "data": {
            "userId": "u-1", "createdAt": "", "updatedAt": "", "status": "Activated",
            "workStatus": "Active", "gender": "U", "emailVerified": false,
            "phoneVerified": false, "userSourceType": "excel", "name": "Ada"}}),
    );
    assert_eq!(display_name(&client, "u-1").await?, "Ada");

    // An API error, as GenAuth reports one, with its request ID.
    mock.api_error::<GetUserRequest>("404", "user not found");
    match display_name(&client, "nobody").await {
        Err(Error::Api(e)) => assert_eq!(e.message, "user not found"),
        other => panic!("expected an API error, got {other:?}"),
    }

    // The requests the code sent.
    let sent = mock.requests::<GetUserRequest>();
    let users: Vec<_> = sent.iter().map(|r| r.query("userId")).collect();
    assert_eq!(
        users,
        [
            Some("6229ffaxxxxxxxxcade3e3d9"),
            Some("u-1"),
            Some("nobody")
        ]
    );
    println!("{} requests, as expected", sent.len());
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    tokio::runtime::Runtime::new()?.block_on(run())
}

#[test]
fn runs() {
    main().unwrap();
}

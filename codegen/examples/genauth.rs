//! Lists a user's external identities with the GenAuth management API.
//!
//! ```sh
//! GENAUTH_ACCESS_KEY_ID=... GENAUTH_ACCESS_KEY_SECRET=... \
//!     cargo run -p identity-sdk --example genauth -- <user-id>
//! ```
//! Private deployments also set `GENAUTH_HOST=https://api.example.com`.

use identity_sdk::genauth::{GetUserIdentitiesRequest, ManagementClient, UserIdType};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let user_id = std::env::args().nth(1).ok_or("usage: genauth <user-id>")?;
    let client = ManagementClient::from_env()?;
    let request = GetUserIdentitiesRequest::new(user_id).user_id_type(UserIdType::UserId);
    match client.get_user_identities(request).await {
        Ok(response) => {
            for identity in response.data.unwrap_or_default() {
                println!(
                    "{} {} (via {})",
                    identity.provider, identity.user_id_in_idp, identity.ext_idp_id
                );
            }
            Ok(())
        }
        Err(e) => {
            eprintln!("request {} failed", e.request_id().unwrap_or("-"));
            Err(e.into())
        }
    }
}

//! Shows one synchronization job of an Alibaba Cloud IDaaS EIAM instance.
//!
//! ```sh
//! ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=... \
//!     cargo run -p identity-sdk --example eiam -- cn-hangzhou <instance-id> <job-id>
//! ```
//! `ALIBABA_CLOUD_SECURITY_TOKEN` is used too when set (STS credentials).

use identity_sdk::eiam::{Client, GetSynchronizationJobRequest};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [region, instance, job] = args.as_slice() else {
        return Err("usage: eiam <region> <instance-id> <job-id>".into());
    };
    let client = Client::from_env(region.as_str())?;
    let response = client
        .get_synchronization_job(GetSynchronizationJobRequest::new(
            instance.as_str(),
            job.as_str(),
        ))
        .await?;
    let Some(job) = response.synchronization_job else {
        return Err("no job in the response".into());
    };
    println!(
        "status: {}",
        job.status.map(|s| s.to_string()).unwrap_or_default()
    );
    if let Some(users) = job.result.and_then(|r| r.user_statistics) {
        let created = users.created.and_then(|c| c.success).unwrap_or(0);
        println!("users created: {created}");
    }
    Ok(())
}

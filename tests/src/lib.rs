//! Helpers shared by the cross-crate tests: where things are, and how the
//! source documents' JSON examples are found.

use std::path::{Path, PathBuf};

/// The runtime crate, where the fixture below expects it (`crate::runtime`),
/// as the generated crate has it.
pub use identity_sdk_runtime as runtime;

// The emitter fixtures `tests/fixtures/<service>`, as their reviewed snapshots
// hold them (build.rs).
include!(concat!(env!("OUT_DIR"), "/fixture.rs"));

pub mod fault_server;
pub mod list_users_body;
pub mod logs;

use identity_codegen::load::{self, Source};
use identity_codegen::model::{Api, Operation, Service};

/// Where a GenAuth server issues management tokens.
pub const GENAUTH_TOKEN_PATH: &str = "/api/v3/get-management-token";

/// A loopback GenAuth server that issues a management token (of user pool
/// `pool-1`, for an hour) to any key; mount the operations on it.
pub async fn genauth_token_server() -> wiremock::MockServer {
    use wiremock::matchers::{method, path};
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(method("POST"))
        .and(path(GENAUTH_TOKEN_PATH))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "statusCode": 200,
            "data": {"access_token": "header.eyJzY29wZWRfdXNlcnBvb2xfaWQiOiJwb29sLTEifQ.sig", "expires_in": 3600}
        })))
        .mount(&server)
        .await;
    server
}

/// The workspace root (this crate lives in `tests/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The source documents: `../shared/seeds` beside the checkout, or `$SEEDS_DIR`.
pub fn seeds_dir() -> PathBuf {
    match std::env::var_os("SEEDS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("../shared/seeds"),
    }
}

/// The GenAuth V3 reference pages: `../shared/docs/genauth-v3-python-zh`, or `$CORPUS_DIR`.
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("CORPUS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("../shared/docs/genauth-v3-python-zh"),
    }
}

/// EIAM's API metadata: `../shared/docs/eiam-api-meta`, or `$EIAM_META_DIR`.
pub fn eiam_meta_dir() -> PathBuf {
    match std::env::var_os("EIAM_META_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("../shared/docs/eiam-api-meta"),
    }
}

/// One of EIAM's API metadata files (in [`eiam_meta_dir`]), read.
pub fn eiam_metadata(file: &str) -> identity_codegen::import::meta::Metadata {
    let path = eiam_meta_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    identity_codegen::import::meta::Metadata::read(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The official Python SDK the EIAM plan names, where `cargo xtask
/// crosscheck` fetched it (`target/crosscheck/`); `None` before its first run.
pub fn eiam_sdk_package() -> Option<identity_codegen::import::python_sdk::Package> {
    let dir = workspace_root().join(
        "target/crosscheck/alibabacloud-eiam20211201-3.0.1/unpacked/alibabacloud_eiam20211201",
    );
    dir.is_dir().then(|| {
        identity_codegen::import::python_sdk::Package::read(&dir).unwrap_or_else(|e| panic!("{e}"))
    })
}

/// The text of a document an operation names as its `source`: a seed
/// (`000_x.txt`), a corpus page (`管理用户/get-user.md`), or an action of
/// API metadata (`eiam-2021-12-01-full-2024-07.json#ListUsers`: its
/// `responseDemo` JSON, empty where it has none).
pub fn document(source: &str) -> String {
    if let Some((file, action)) = source.split_once('#') {
        let path = eiam_meta_dir().join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let meta = identity_codegen::import::meta::Metadata::read(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let action = meta
            .apis
            .get(action)
            .unwrap_or_else(|| panic!("{file} has no action {action}"));
        return action.example().unwrap_or_default();
    }
    let path = if source.ends_with(".md") {
        corpus_dir().join(source)
    } else {
        seeds_dir().join(source)
    };
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The spec files under `spec/`.
pub fn spec_sources() -> Vec<Source> {
    load::read_dir(&workspace_root().join("spec")).expect("spec/ is readable")
}

/// The validated model of `spec/`.
pub fn api() -> Api {
    identity_codegen::check(spec_sources()).unwrap_or_else(|e| panic!("spec/ is invalid:\n{e}"))
}

/// Every operation with its service.
pub fn operations(api: &Api) -> impl Iterator<Item = (&Service, &Operation)> {
    api.services.iter().flat_map(|s| {
        s.modules
            .iter()
            .flat_map(move |m| m.operations.iter().map(move |o| (s, o)))
    })
}

/// The first JSON object in a document that starts on a line of its own,
/// after the "example results" heading where there is one (corpus pages show
/// request bodies before it): every page prints its response example that
/// way (in a fence or not).
pub fn document_example(text: &str) -> Option<serde_json::Value> {
    let mut offset = ["示例结果", "Example results", "Example Results"]
        .iter()
        .filter_map(|h| text.find(h))
        .min()
        .unwrap_or(0);
    for line in text[offset..].split_inclusive('\n') {
        if line.trim() == "{" {
            let mut stream = serde_json::Deserializer::from_str(&text[offset..]).into_iter();
            return stream.next().and_then(Result::ok);
        }
        offset += line.len();
    }
    None
}

/// `PROPTEST_CASES`, or `default`: a property test's number of cases, so
/// that a longer campaign than CI's can run locally.
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Decodes `text` as `T`: `Ok(false)` when it does not decode; `Ok(true)`
/// when it does and the value re-encodes into JSON that decodes back equal
/// (unknown fields and enum values kept); `Err` says which step failed.
pub fn decode_round_trips<T>(text: &str) -> Result<bool, String>
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let Ok(value) = serde_json::from_str::<T>(text) else {
        return Ok(false);
    };
    let again = serde_json::to_string(&value)
        .map_err(|e| format!("{text} decoded, but does not encode: {e}"))?;
    let back = serde_json::from_str::<T>(&again)
        .map_err(|e| format!("{text} -> {again}, which does not decode: {e}"))?;
    if back != value {
        return Err(format!(
            "{text} -> {again}, which decodes otherwise:\n{value:?}\n{back:?}"
        ));
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_fenced_or_bare_example() {
        let doc = "intro { not this\n```json\n{\n  \"a\": [1]\n}\n```\n{\n\"b\": 2\n}\n";
        assert_eq!(document_example(doc), Some(serde_json::json!({"a": [1]})));
        assert_eq!(document_example("no example here"), None);
    }
}

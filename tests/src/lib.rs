//! Helpers shared by the cross-crate tests: where things are, and how the
//! source documents' JSON examples are found.

use std::path::{Path, PathBuf};

use identity_codegen::load::{self, Source};
use identity_codegen::model::{Api, Operation, Service};

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

/// The first JSON object in a document that starts on a line of its own:
/// every seed prints its response example that way (in a fence or not).
pub fn document_example(text: &str) -> Option<serde_json::Value> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == "{" {
            let mut stream = serde_json::Deserializer::from_str(&text[offset..]).into_iter();
            return stream.next().and_then(Result::ok);
        }
        offset += line.len();
    }
    None
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

//! The spec-to-SDK generator.
//!
//! The pipeline, one module per step:
//! [`load`] (read YAML) -> [`validate`] (check, build the [`model`]) ->
//! `place` (each type's module) -> [`emit`] (Rust source) -> [`write`](mod@write)
//! (update `generated/`). For review: [`diff`] compares two models;
//! [`drift`] compares the specs with a re-import of a newer source snapshot;
//! [`coverage`] checks a model against the documents' tables; [`import`]
//! drafts a spec from a document. The public modules are what `xtask` and
//! the tests use; the steps' helpers (`protocol`, `names`, `texpr`, `span`,
//! `docread`, `parallel`) and the spec writer (`yaml_out`) are private.

pub mod coverage;
pub mod diag;
pub mod diff;
pub(crate) mod docread;
pub mod drift;
pub mod emit;
pub mod import;
pub mod load;
pub mod model;
pub(crate) mod names;
pub(crate) mod package;
pub(crate) mod parallel;
pub(crate) mod place;
pub(crate) mod protocol;
pub mod raw;
pub mod request_example;
pub mod shape;
pub(crate) mod span;
pub(crate) mod texpr;
pub mod validate;
pub mod write;
pub(crate) mod yaml_out;

use std::fmt;
use std::path::Path;

use diag::Diagnostics;
use emit::OutputFile;
use load::Source;
use model::Api;

/// Why generation stopped.
#[derive(Debug)]
pub enum Error {
    Spec(Diagnostics),
    Emit(emit::EmitError),
    /// The output directory could not be read or updated.
    Output(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(diags) => diags.fmt(f),
            Error::Emit(e) => e.fmt(f),
            Error::Output(e) => write!(f, "error: cannot update the generated crate: {e}"),
        }
    }
}

impl std::error::Error for Error {}

/// Loads and validates spec sources; every problem of the run is reported.
pub fn check(sources: Vec<Source>) -> Result<Api, Diagnostics> {
    let mut diags = Diagnostics::default();
    let loaded = load::parse_all(sources, &mut diags);
    // Like a compiler after syntax errors: checking references against files
    // that did not parse would only add noise.
    if !diags.is_empty() {
        return Err(diags.finish());
    }
    let api = validate::validate(loaded, &mut diags);
    match api {
        Some(api) if diags.is_empty() => Ok(api),
        _ => Err(diags.finish()),
    }
}

/// Reads `spec_root/<service>/*.yaml` and produces every generated file.
pub fn generate(spec_root: &Path) -> Result<Vec<OutputFile>, Error> {
    let sources = load::read_dir(spec_root).map_err(Error::Spec)?;
    let api = check(sources).map_err(Error::Spec)?;
    let files = emit::emit(&api).map_err(Error::Emit);
    api.free();
    files
}

/// `cargo xtask codegen [--check]`: generates from `spec_root` and updates
/// `out` (or, with `check`, only compares), returning every file and those
/// that differ. Nothing under `out` is touched unless the whole run
/// succeeded: a rejected spec leaves `out` byte-identical.
pub fn regenerate(
    spec_root: &Path,
    out: &Path,
    check: bool,
) -> Result<(Vec<OutputFile>, Vec<write::Stale>), Error> {
    let files = generate(spec_root)?;
    let stale = if check {
        write::diff(out, &files)
    } else {
        write::write(out, &files)
    }
    .map_err(Error::Output)?;
    Ok((files, stale))
}

/// The invariants of ARCHITECTURE.md that a test can hold.
#[cfg(test)]
mod invariants {
    /// The steps that must ask `protocol` rather than match on a protocol.
    const PROTOCOL_FREE: &[(&str, &str)] = &[
        ("emit/mod.rs", include_str!("emit/mod.rs")),
        ("emit/operations.rs", include_str!("emit/operations.rs")),
        ("emit/types.rs", include_str!("emit/types.rs")),
        ("import/mod.rs", include_str!("import/mod.rs")),
    ];

    /// Each file's path under `src/`, and its text.
    macro_rules! sources {
        ($($path:literal),* $(,)?) => { &[$(($path, include_str!($path))),*] };
    }

    /// Every file of `validate`, which is protocol-free too.
    const VALIDATE: &[(&str, &str)] = sources![
        "validate/mod.rs",
        "validate/names/mod.rs",
        "validate/names/idents.rs",
        "validate/lower/mod.rs",
        "validate/lower/operations.rs",
        "validate/lower/paging.rs",
        "validate/rules/mod.rs",
        "validate/rules/recursion.rs",
        "validate/rules/values.rs",
    ];

    #[test]
    fn only_the_protocol_module_matches_on_protocols() {
        for (file, text) in PROTOCOL_FREE.iter().chain(VALIDATE) {
            for needle in ["Protocol::", "Auth::"] {
                assert!(
                    !text.contains(needle),
                    "{file} names `{needle}`: ask `protocol` instead"
                );
            }
        }
    }

    #[test]
    fn every_file_of_validate_is_held_to_the_invariants() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut dirs = vec![src.join("validate")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("src/validate") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let name = path.strip_prefix(&src).expect("under src");
                let name = name.to_string_lossy().replace('\\', "/");
                assert!(
                    VALIDATE.iter().any(|(listed, _)| *listed == name),
                    "list {name} in `VALIDATE`"
                );
            }
        }
    }

    /// Every file of `emit`.
    const EMIT: &[(&str, &str)] = sources![
        "emit/mod.rs",
        "emit/ast.rs",
        "emit/docs.rs",
        "emit/operations.rs",
        "emit/template.rs",
        "emit/types.rs",
    ];

    #[test]
    fn emit_names_no_vendor() {
        // Vendors live in the specs, `protocol` (runtime clients) and
        // `package` (description, examples); `emit` lays out what they say.
        for (file, text) in EMIT {
            let text = text.to_lowercase();
            for vendor in [
                "genauth", "authing", "eiam", "idaas", "alibaba", "aliyun", "acs3",
            ] {
                assert!(!text.contains(vendor), "{file} names `{vendor}`");
            }
        }
        let listed = EMIT.len();
        let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/emit"))
            .expect("src/emit")
            .count();
        assert_eq!(listed, on_disk, "list every file of src/emit in `EMIT`");
    }

    #[test]
    fn the_model_does_not_depend_on_the_spec_format() {
        let model = include_str!("model.rs");
        assert!(!model.contains("raw::") && !model.contains("crate::raw"));
    }
}

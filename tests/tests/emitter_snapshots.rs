//! Snapshots of the emitter's output: the crate root, module files and the
//! modules of the hand-normalized seed operations, and one per kind of type in
//! the fixture `tests/fixtures/kinds`. The tests crate compiles the fixtures'
//! snapshots (build.rs), so they must be all and only what the generator writes.
//! The rest of `generated/` is guarded by `cargo xtask codegen --check`.

use std::collections::BTreeSet;
use std::path::Path;

use identity_sdk_tests::workspace_root;

/// Snapshots the generated files (all, or those in `only`); returns their
/// snapshot names.
fn snapshot_all(spec_root: &Path, prefix: &str, only: Option<&[&str]>) -> BTreeSet<String> {
    let files = identity_codegen::generate(spec_root).unwrap_or_else(|e| panic!("{e}"));
    let mut names = BTreeSet::new();
    for f in files.iter().filter(|f| {
        f.path.starts_with("src/")
            && !f.path.starts_with("src/runtime/")
            && only.is_none_or(|only| only.contains(&f.path.as_str()))
    }) {
        let name = format!(
            "{prefix}{}",
            f.path
                .trim_start_matches("src/")
                .trim_end_matches(".rs")
                .replace('/', "__")
        );
        insta::with_settings!({snapshot_path => "snapshots/emitter", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(name.as_str(), f.contents);
        });
        names.insert(name);
    }
    names
}

/// The seeds' operations, eiam's shared types and the files that list modules.
const REAL: &[&str] = &[
    "src/lib.rs",
    "src/eiam/mod.rs",
    "src/eiam/service.rs",
    "src/eiam/get_identity_provider_ud_push_configuration.rs",
    "src/eiam/get_synchronization_job.rs",
    "src/genauth/mod.rs",
    "src/genauth/organizations/get_department_sync_relations.rs",
    "src/genauth/users/get_user_identities.rs",
];

#[test]
fn real_specs() {
    assert_eq!(
        snapshot_all(&workspace_root().join("spec"), "", Some(REAL)).len(),
        REAL.len()
    );
}

#[test]
fn every_kind_of_type() {
    let names = snapshot_all(&workspace_root().join("tests/fixtures"), "fixture__", None);
    // No snapshot of a file the generator no longer writes: build.rs would
    // still compile it.
    let dir = workspace_root().join("tests/tests/snapshots/emitter");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("the emitter snapshots")
        .filter_map(|e| {
            let name = e
                .expect("a directory entry")
                .file_name()
                .into_string()
                .ok()?;
            let stem = name.strip_suffix(".snap")?;
            stem.starts_with("fixture__").then(|| stem.to_owned())
        })
        .collect();
    assert_eq!(
        on_disk,
        names,
        "stale or missing fixture snapshots in {}",
        dir.display()
    );
    assert_eq!(
        names.len(), 19,
        "lib.rs; kinds' mod.rs and one file per kind; the edge service's 7 files; the rpc service's 3"
    );
}

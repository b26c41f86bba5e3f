//! Snapshots of the emitter's output: the crate root, module files and the
//! modules of the hand-normalized seed operations, and one per kind of type in
//! the fixture `tests/fixtures/kinds` (which the tests crate also compiles).
//! The rest of `generated/` is guarded by `cargo xtask codegen --check`.

use std::path::Path;

use identity_sdk_tests::workspace_root;

fn snapshot_all(spec_root: &Path, prefix: &str, only: Option<&[&str]>) -> usize {
    let files = identity_codegen::generate(spec_root).unwrap_or_else(|e| panic!("{e}"));
    let mut count = 0;
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
            insta::assert_snapshot!(name, f.contents);
        });
        count += 1;
    }
    count
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
        snapshot_all(&workspace_root().join("spec"), "", Some(REAL)),
        REAL.len()
    );
}

#[test]
fn every_kind_of_type() {
    let n = snapshot_all(&workspace_root().join("tests/fixtures"), "fixture__", None);
    assert_eq!(
        n, 19,
        "lib.rs; kinds' mod.rs and one file per kind; the edge service's 7 files; the rpc service's 3"
    );
}

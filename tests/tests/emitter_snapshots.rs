//! Snapshots of the emitter's output: one per real spec module (each holds one
//! operation or the service's shared types) and one per kind of type in the
//! fixture `tests/fixtures/kinds` (which the tests crate also compiles).

use std::path::Path;

use identity_sdk_tests::workspace_root;

fn snapshot_all(spec_root: &Path, prefix: &str) -> usize {
    let files = identity_codegen::generate(spec_root).unwrap_or_else(|e| panic!("{e}"));
    let mut count = 0;
    for f in files
        .iter()
        .filter(|f| f.path.starts_with("src/") && !f.path.starts_with("src/runtime/"))
    {
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

#[test]
fn real_specs() {
    // lib.rs, two service mod.rs, four operations, and eiam's shared types.
    assert_eq!(snapshot_all(&workspace_root().join("spec"), ""), 8);
}

#[test]
fn every_kind_of_type() {
    let n = snapshot_all(&workspace_root().join("tests/fixtures"), "fixture__");
    assert_eq!(n, 9, "lib.rs, mod.rs and one file per kind");
}

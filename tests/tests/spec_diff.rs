//! The semantic spec diff on before/after pairs in `tests/spec_diff/`, one per
//! kind of change; text and Markdown renderings are snapshotted.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use identity_codegen::diff::{self, Class};
use identity_codegen::load::Source;
use identity_codegen::model::Api;
use identity_sdk_tests::workspace_root;

fn api(file: &Path) -> Api {
    let source = Source {
        display_path: file.display().to_string(),
        service_dir: "svc".into(),
        area: None,
        stem: "service".into(),
        bytes: fs::read(file).expect("case file"),
    };
    identity_codegen::check(vec![source]).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_kind_of_change_is_classified() {
    let dir = workspace_root().join("tests/spec_diff");
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .expect("cases")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    let mut classes = BTreeSet::new();
    for case in &cases {
        let name = case
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let changes = diff::diff(
            &api(&case.join("before.yaml")),
            &api(&case.join("after.yaml")),
        );
        assert!(!changes.is_empty(), "{name}: no change found");
        classes.extend(changes.iter().map(|c| c.class));
        let rendered = format!(
            "{}\n{}",
            diff::render_text(&changes),
            diff::render_markdown(&changes)
        );
        insta::with_settings!({snapshot_path => "snapshots/spec_diff", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(name, rendered);
        });
    }
    assert_eq!(
        classes,
        BTreeSet::from([Class::Breaking, Class::Compatible, Class::DocsOnly])
    );
}

#[test]
fn identical_specs_have_no_changes() {
    let spec = identity_sdk_tests::api();
    let changes = diff::diff(&spec, &spec);
    assert!(changes.is_empty(), "{changes:?}");
    assert_eq!(
        diff::render_text(&changes),
        "spec changes: 0 breaking, 0 compatible, 0 docs-only\n"
    );
}

//! `cargo xtask drift` on the real sources: the 2025-12 EIAM request
//! metadata against `spec/eiam/` (made from the 2024-07 file), the 2024-07
//! file (with its newer file, as the plan reads it) reproducing the spec,
//! and a GenAuth page tree with one page changed, against the committed tree
//! as base. Nothing is fetched: the official Python SDK is read where
//! `cargo xtask crosscheck` keeps it, and the GenAuth routes are the spec's.

use std::collections::BTreeSet;

use identity_codegen::diff::Class;
use identity_codegen::drift::{self, Drift};
use identity_codegen::import::corpus::{read_pages, Plan, Route};
use identity_codegen::import::meta::{Metadata, Sdk};
use identity_codegen::import::python_sdk::Package;
use identity_codegen::load::Source;
use identity_codegen::model::{Call, TypeKind};
use identity_sdk_tests::{
    api, corpus_dir, eiam_metadata as metadata, eiam_sdk_package as sdk_package, operations,
    spec_sources, workspace_root,
};

const FULL: &str = "eiam-2021-12-01-full-2024-07.json";
const REQUESTS: &str = "eiam-2021-12-01-requests-2025-12.json";
const SDK: &str = "alibabacloud-eiam20211201 3.0.1";

fn plan(file: &str) -> Plan {
    Plan::read(&workspace_root().join("spec").join(file)).unwrap_or_else(|e| panic!("{e}"))
}

fn eiam_drift(files: &[(&str, &Metadata)], package: Option<&Package>) -> Drift {
    drift_against(&spec_sources(), files, package)
}

fn drift_against(
    committed: &[Source],
    files: &[(&str, &Metadata)],
    package: Option<&Package>,
) -> Drift {
    let plan = plan("eiam-corpus.yaml");
    assert_eq!(plan.sdk.as_deref(), Some(SDK));
    let sdk = package.map(|package| Sdk {
        label: SDK,
        package,
    });
    drift::metadata(committed, files[0].0, files, sdk, &plan).unwrap_or_else(|e| panic!("{e}"))
}

/// The spec as it was before the newer file's own actions were specified:
/// without the files of the operations drafted from it.
fn spec_without_the_newer_files_actions() -> Vec<Source> {
    let from_newer = format!("source: {REQUESTS}#");
    spec_sources()
        .into_iter()
        .filter(|s| !String::from_utf8_lossy(&s.bytes).contains(&from_newer))
        .collect()
}

/// Against the whole spec, the 2025-12 file changes nothing: every action
/// of it is specified (from it, or from the 2024-07 file with its
/// parameters), and what it lacks is not reported removed.
#[test]
fn the_2025_12_request_metadata_against_the_whole_spec() {
    let requests = metadata(REQUESTS);
    let Some(package) = sdk_package() else {
        eprintln!(
            "the SDK is not in target/crosscheck/ (run `cargo xtask crosscheck`): not compared"
        );
        return;
    };
    let d = eiam_drift(&[(REQUESTS, &requests)], Some(&package));
    assert!(d.changes.is_empty(), "{}", d.render_text());
    // The SDK's own 153 actions are the spec's, not the snapshot's.
    assert_eq!((d.compared, d.added, d.not_in_snapshot), (204, 0, 153));
}

fn count(d: &Drift, class: Class) -> usize {
    d.changes.iter().filter(|c| c.class == class).count()
}

/// The 2025-12 file holds only requests: against the spec without its own
/// actions, compared on its parameters, it adds those actions (and the types their SDK responses bring), and
/// takes nothing of the 2024-07 file's texts, examples or responses away.
#[test]
fn the_2025_12_request_metadata_against_the_spec() {
    let full = metadata(FULL);
    let requests = metadata(REQUESTS);
    let package = sdk_package();
    let before = spec_without_the_newer_files_actions();
    let d = drift_against(&before, &[(REQUESTS, &requests)], package.as_ref());
    assert_eq!(
        d.holds.lacks(),
        ["texts", "examples", "defaults", "responses"]
    );
    // The 111 actions of the 2024-07 file and GetSynchronizationJob (a
    // hand-normalized file) are compared; the SDK's own actions and
    // GetIdentityProviderUdPushConfiguration, not in the file, are not.
    assert_eq!((d.compared, d.added, d.not_in_snapshot), (112, 92, 153));
    let api = api();
    let specified: BTreeSet<String> = operations(&api)
        .filter(|(s, _)| s.name == "eiam")
        .filter(|(_, o)| !o.source.starts_with(REQUESTS))
        .map(|(_, o)| o.wire_name.clone())
        .collect();
    let new_ops: BTreeSet<String> = d
        .changes
        .iter()
        .filter(|c| c.what == "new operation")
        .map(|c| c.path.trim_start_matches("eiam.").to_owned())
        .collect();
    // Every new operation is an action of the file the spec lacks, and the
    // 2024-07 file has none of them.
    assert_eq!(new_ops.len(), 92);
    for op in &new_ops {
        assert!(requests.apis.get(op).is_some(), "{op}");
        assert!(full.apis.get(op).is_none(), "{op}");
        assert!(!specified.contains(op), "{op}");
    }
    assert!(new_ops.contains("AddApplicationAccountToUser"));
    assert!(new_ops.contains("ListIdentityProviders"));
    // No text of the spec reported removed or changed.
    assert_eq!(count(&d, Class::DocsOnly), 0, "{}", d.render_text());
    match package {
        // With the SDK, as the spec was made: the parameters the 2025-12 file
        // adds to the 2024-07 actions are the spec's already (read as its
        // `newer` file), so all it brings is new operations and their types.
        Some(_) => {
            assert_eq!(count(&d, Class::Breaking), 0, "{}", d.render_text());
            for c in &d.changes {
                assert!(
                    c.what == "new operation" || c.what == "new type",
                    "{}: {}",
                    c.path,
                    c.what
                );
            }
        }
        // Without it, the parameters only the SDK gave the spec are missing.
        // Without it, what only the SDK gave the spec (each noted so) is
        // missing, and nothing else breaks.
        None => {
            let eiam = api
                .services
                .iter()
                .find(|s| s.name == "eiam")
                .expect("eiam");
            let from_sdk = |note: &Option<String>| {
                note.as_deref()
                    .is_some_and(|n| n.contains("the official Python SDK"))
            };
            for c in d.changes.iter().filter(|c| c.class == Class::Breaking) {
                let parts: Vec<&str> = c.path.split('.').collect();
                match (parts.as_slice(), c.what.as_str()) {
                    (["eiam", op, "params", param], "parameter removed") => {
                        let (_, op) = operations(&api)
                            .find(|(s, o)| s.name == "eiam" && o.wire_name == *op)
                            .expect("operation");
                        let p = op
                            .request
                            .params
                            .iter()
                            .find(|p| p.field.wire_name == *param);
                        assert!(from_sdk(&p.expect("parameter").field.note), "{}", c.path);
                    }
                    (["eiam", ty, field], "field removed") => {
                        let fields = eiam
                            .types()
                            .find_map(|(_, t)| match &t.kind {
                                TypeKind::Struct { fields } if t.name == *ty => Some(fields),
                                _ => None,
                            })
                            .expect("struct");
                        let f = fields.iter().find(|f| f.wire_name == *field);
                        assert!(from_sdk(&f.expect("field").note), "{}", c.path);
                    }
                    (["eiam", _], "type removed") => {}
                    _ => panic!("{}: {}", c.path, c.what),
                }
            }
        }
    }
    let md = d.render_markdown();
    assert!(md.starts_with("**drift of eiam-2021-12-01-requests-2025-12.json against spec/eiam/**"));
    assert!(md.contains("| compatible | `eiam.AddApplicationAccountToUser` | new operation |"));
}

/// The plan's document with its newer file and the SDK, as `import-corpus`
/// read them, is the spec: no change at all.
#[test]
fn the_document_the_spec_was_made_from_changes_nothing() {
    let Some(package) = sdk_package() else {
        eprintln!(
            "the SDK is not in target/crosscheck/ (run `cargo xtask crosscheck`): not compared"
        );
        return;
    };
    let full = metadata(FULL);
    let requests = metadata(REQUESTS);
    let d = eiam_drift(&[(FULL, &full), (REQUESTS, &requests)], Some(&package));
    assert!(d.changes.is_empty(), "{}", d.render_text());
    assert_eq!(d.holds, drift::Holds::ALL);
    assert_eq!((d.compared, d.added, d.not_in_snapshot), (111, 0, 246));
}

/// The GenAuth pages with one page edited, against the committed pages as
/// base: exactly the edits, classified (the spec's hand edits, which every
/// re-import of the pages shows, left out). The routes are the spec's own.
#[test]
fn a_changed_page_tree_against_the_committed_one() {
    let api = api();
    let routes: Vec<Route> = operations(&api)
        .filter(|(s, _)| s.name == "genauth")
        .filter_map(|(_, o)| match &o.call {
            Call::Http { method, path } => Some(Route {
                name: o.wire_name.clone(),
                method: format!("{method:?}").to_uppercase(),
                path: path.clone(),
            }),
            Call::Rpc { .. } => None,
        })
        .collect();
    let plan = plan("genauth-corpus.yaml");
    let base = read_pages(&corpus_dir()).expect("pages");
    let mut changed = base.clone();
    let (_, page) = changed
        .iter_mut()
        .find(|(p, _)| p == "管理用户/get-user.md")
        .expect("get-user.md");
    let edits = [
        (" | withPost | boolean  |", " | withPost | string  |"),
        ("是否拍平扩展字段", "是否拍平全部扩展字段"),
        (
            " | withDepartmentIds | boolean  | 否 | - | 是否获取部门 ID 列表  | `true` |\n",
            " | withDepartmentIds | boolean  | 否 | - | 是否获取部门 ID 列表  | `true` |\n | withRoles | boolean  | 否 | - | 是否获取角色  | `true` |\n",
        ),
    ];
    for (from, to) in edits {
        assert!(page.contains(from), "get-user.md has {from:?}");
        *page = page.replace(from, to);
    }
    let sources = spec_sources();
    let run = |pages: &[(String, String)], name: &str| {
        drift::pages(&sources, name, pages, &routes, &plan).unwrap_or_else(|e| panic!("{e}"))
    };
    let against_base = run(&base, "the committed pages");
    // The committed pages show the spec's own edits, and only those.
    assert!(!against_base.changes.is_empty());
    assert!(!against_base
        .changes
        .iter()
        .any(|c| c.path.starts_with("genauth.getUser.params")));
    let d = run(&changed, "the edited pages").beyond(&against_base);
    let got: Vec<(Class, &str, &str)> = d
        .changes
        .iter()
        .map(|c| (c.class, c.path.as_str(), c.what.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                Class::Breaking,
                "genauth.getUser.params.withPost",
                "type `bool` -> `string`"
            ),
            (
                Class::Compatible,
                "genauth.getUser.params.withRoles",
                "new optional parameter"
            ),
            (
                Class::DocsOnly,
                "genauth.getUser.params.flatCustomData",
                "description, example or note changed"
            ),
        ]
    );
    assert_eq!(
        d.base.as_ref().map(|(_, n)| *n),
        Some(against_base.changes.len())
    );
    assert_eq!(d.compared, 366);
}

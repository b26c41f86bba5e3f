//! The vendor's API metadata for EIAM (`../shared/docs/eiam-api-meta/`):
//! every action of both files is drafted and each draft loads and
//! validates beside the service file; every action of them is specified or listed with its
//! reason in `spec/eiam-corpus.yaml`, and every `responseDemo` of a
//! specified action is an example of it. With the official Python SDK
//! where `cargo xtask crosscheck` keeps it, the drafts are exactly the
//! files of `spec/eiam/` (the import is reproducible).

use std::collections::BTreeSet;

use identity_codegen::import::corpus::Plan;
use identity_codegen::import::meta::{import_metadata, source, Metadata, Sdk};
use identity_codegen::load::Source;
use identity_codegen::model::{Call, Service};
use identity_codegen::raw::SpecFile;
use identity_sdk_tests::{
    api, eiam_metadata as metadata, eiam_sdk_package as sdk_package, operations, spec_sources,
    workspace_root,
};

const FULL: &str = "eiam-2021-12-01-full-2024-07.json";
const REQUESTS: &str = "eiam-2021-12-01-requests-2025-12.json";

fn plan() -> Plan {
    Plan::read(&workspace_root().join("spec/eiam-corpus.yaml")).expect("spec/eiam-corpus.yaml")
}

/// The EIAM service file alone, and the service it makes.
fn service_file() -> (Source, Service) {
    let file = spec_sources()
        .into_iter()
        .find(|s| s.service_dir == "eiam" && s.stem == "service")
        .expect("spec/eiam/service.yaml");
    let api = identity_codegen::check(vec![file.clone()]).unwrap_or_else(|e| panic!("{e}"));
    (file, api.services.into_iter().next().expect("eiam"))
}

/// Every action of the files (and of `sdk`) drafted, from the first that
/// has it (the plan's areas, nothing deferred): the drafts as sources beside
/// the service file, and the operations they hold.
fn draft_all(files: &[(&str, &Metadata)], sdk: Option<Sdk>) -> (Vec<Source>, BTreeSet<String>) {
    let (service_file, service) = service_file();
    let mut plan = plan();
    plan.not_yet.clear();
    let corpus = import_metadata(files, sdk, &plan, &service);
    let mut sources = vec![service_file];
    let mut ops = BTreeSet::new();
    for (path, text) in &corpus.files {
        let spec: SpecFile =
            serde_yaml::from_str(text).unwrap_or_else(|e| panic!("the draft {path} loads: {e}"));
        assert!(!text.contains("todo:"), "{path} has a todo");
        for (name, op) in &spec.operations.0 {
            let document = files
                .iter()
                .find(|(_, m)| m.apis.get(name).is_some())
                .map(|(f, _)| source(f, name))
                .or_else(|| sdk.map(|s| s.source(name)));
            assert_eq!(Some(&op.source), document.as_ref());
            assert!(ops.insert(name.clone()), "{name} drafted twice");
        }
        let (area, file) = path.split_once('/').unwrap_or(("", path));
        sources.push(Source {
            display_path: format!("draft {path}"),
            service_dir: "eiam".into(),
            area: (!area.is_empty()).then(|| area.to_owned()),
            stem: file.trim_end_matches(".yaml").into(),
            bytes: text.as_bytes().to_vec(),
        });
    }
    (sources, ops)
}

/// The drafts validate beside the service file: objects and lists of
/// objects in an RPC query included (sent flattened, `Name.1.Key`).
fn validates(sources: Vec<Source>) {
    if let Err(errors) = identity_codegen::check(sources) {
        panic!("the drafts do not validate:\n{errors}");
    }
}

#[test]
fn every_action_of_the_full_metadata_is_drafted_and_loads() {
    let full = metadata(FULL);
    let requests = metadata(REQUESTS);
    assert_eq!(full.apis.0.len(), 111);
    let mut actions: BTreeSet<String> = full.apis.0.iter().map(|(a, _)| a.clone()).collect();
    actions.extend(requests.apis.0.iter().map(|(a, _)| a.clone()));
    let package = sdk_package();
    let with_sdk = package.as_ref().map(|package| Sdk {
        label: SDK,
        package,
    });
    // Without the SDK, and with it where it is at hand.
    let mut runs = vec![None];
    runs.extend(with_sdk.map(Some));
    for sdk in runs {
        let (sources, ops) = draft_all(&[(FULL, &full), (REQUESTS, &requests)], sdk);
        let mut expected = actions.clone();
        if let Some(sdk) = sdk {
            // And every action only the SDK has.
            expected.extend(sdk.package.actions.iter().map(|a| a.name.clone()));
            assert_eq!(expected.len(), 357);
        }
        assert_eq!(ops, expected);
        validates(sources);
    }
}

const SDK: &str = "alibabacloud-eiam20211201 3.0.1";

/// `cargo xtask import-corpus` (the plan, its SDK) writes exactly the
/// files of `spec/eiam/` it drafted: the spec is the importer's output.
#[test]
fn the_spec_files_are_the_drafts_of_the_metadata_and_the_sdk() {
    assert_eq!(plan().sdk.as_deref(), Some(SDK));
    let Some(package) = sdk_package() else {
        eprintln!(
            "the SDK is not in target/crosscheck/ (run `cargo xtask crosscheck`): not compared"
        );
        return;
    };
    let full = metadata(FULL);
    let requests = metadata(REQUESTS);
    // The service as the importer sees it: the files outside the areas
    // but `shared_types.yaml`, which it writes.
    let sources: Vec<Source> = spec_sources()
        .into_iter()
        .filter(|s| s.service_dir == "eiam" && s.area.is_none() && s.stem != "shared_types")
        .collect();
    let api = identity_codegen::check(sources).unwrap_or_else(|e| panic!("{e}"));
    let service = api.services.into_iter().next().expect("eiam");
    let sdk = Sdk {
        label: SDK,
        package: &package,
    };
    let corpus = import_metadata(
        &[(FULL, &full), (REQUESTS, &requests)],
        Some(sdk),
        &plan(),
        &service,
    );
    let dir = workspace_root().join("spec/eiam");
    let mut drafted = BTreeSet::new();
    for (path, text) in &corpus.files {
        let file = std::fs::read_to_string(dir.join(path))
            .unwrap_or_else(|e| panic!("spec/eiam/{path}: {e}"));
        assert!(
            file == *text,
            "spec/eiam/{path} is not the draft; re-import it"
        );
        drafted.insert(path.clone());
    }
    // And every file in an area, or `shared_types.yaml`, is a draft.
    for s in spec_sources()
        .into_iter()
        .filter(|s| s.service_dir == "eiam")
    {
        let path = match &s.area {
            Some(area) => format!("{area}/{}.yaml", s.stem),
            None if s.stem == "shared_types" => "shared_types.yaml".to_owned(),
            None => continue,
        };
        assert!(drafted.contains(&path), "spec/eiam/{path} is no draft");
    }
    // Each drafted operation names the SDK as its second source.
    assert!(corpus.files.iter().any(|(_, text)| text
        .contains("also_sources: [alibabacloud-eiam20211201-3.0.1/client.py#GetDomain]")));
}

#[test]
fn every_action_of_the_request_metadata_is_drafted_and_loads() {
    let full = metadata(FULL);
    let requests = metadata(REQUESTS);
    assert_eq!(requests.apis.0.len(), 204);
    let (sources, ops) = draft_all(&[(REQUESTS, &requests), (FULL, &full)], None);
    let actions: BTreeSet<String> = requests.apis.0.iter().map(|(a, _)| a.clone()).collect();
    assert_eq!(ops, actions);
    // Without texts the summary is the action's name; the chapters are the
    // full file's, the plan's words give the others theirs.
    assert!(sources
        .iter()
        .any(|s| s.area.as_deref() == Some("users") && s.stem == "create_user"));
    assert!(sources.iter().any(
        |s| s.area.as_deref() == Some("synchronization") && s.stem == "run_synchronization_job"
    ));
    let flat_objects: BTreeSet<String> = requests
        .apis
        .0
        .iter()
        .filter(|(_, a)| {
            a.parameters.iter().any(|p| {
                let s = &p.schema;
                s.ty.as_deref() == Some("object")
                    || s.items
                        .as_ref()
                        .is_some_and(|i| i.ty.as_deref() == Some("object"))
            })
        })
        .map(|(name, _)| name.clone())
        .collect();
    assert!(flat_objects.len() > 6, "{flat_objects:?}");
    validates(sources);
}

#[test]
fn every_action_is_specified_or_listed_with_a_reason() {
    let api = api();
    let plan = plan();
    assert_eq!(plan.document.as_deref(), Some(FULL));
    assert_eq!(plan.newer, [REQUESTS]);
    let full = metadata(FULL);
    let requests = metadata(REQUESTS);
    let by_action = |action: &str| {
        operations(&api)
            .filter(|(s, _)| s.name == "eiam")
            .find(|(_, op)| matches!(&op.call, Call::Rpc { action: a } if a == action))
            .map(|(_, op)| op)
    };
    let mut specified = 0;
    for (action, def) in &full.apis.0 {
        match (by_action(action), plan.not_yet.get(action)) {
            (Some(op), None) => {
                assert_eq!(op.source, source(FULL, action));
                // The demo is the operation's example.
                if let Some(demo) = def.example() {
                    let demo: serde_json::Value = serde_json::from_str(&demo).expect("json");
                    assert!(
                        op.examples
                            .iter()
                            .any(|e| serde_json::from_str::<serde_json::Value>(&e.json).ok()
                                == Some(demo.clone())),
                        "the responseDemo of {action} is not an example of it"
                    );
                }
                specified += 1;
            }
            (None, Some(reason)) => assert!(!reason.is_empty()),
            (Some(_), Some(_)) => panic!("{action} is specified and deferred"),
            (None, None) => panic!("{action}: not specified and the plan gives no reason"),
        }
    }
    assert_eq!(specified + plan.not_yet.len(), 111);
    // The newer file's own actions: specified from it, or from a seed.
    assert_eq!(plan.newer_only, None);
    let mut own = 0;
    for (action, _) in &requests.apis.0 {
        if full.apis.get(action).is_some() {
            continue;
        }
        own += 1;
        let op = by_action(action).unwrap_or_else(|| panic!("{action} is not specified"));
        assert!(
            op.source == source(REQUESTS, action) || op.source.ends_with(".txt"),
            "{action} is specified from {}",
            op.source
        );
    }
    assert_eq!(own, 93);
    // Every action of the official SDK is specified.
    assert_eq!(plan.sdk_only, None);
    if let Some(package) = sdk_package() {
        assert_eq!(package.actions.len(), 357);
        for a in &package.actions {
            assert!(by_action(&a.name).is_some(), "{} is not specified", a.name);
        }
    }
}

/// The two operations specified by hand from the seed pages keep their
/// files, sources and module beside the areas.
#[test]
fn the_hand_normalized_operations_stay_where_they_were() {
    let api = api();
    let eiam = api
        .services
        .iter()
        .find(|s| s.name == "eiam")
        .expect("eiam");
    for (action, file) in [
        (
            "GetSynchronizationJob",
            "spec/eiam/get_synchronization_job.yaml",
        ),
        (
            "GetIdentityProviderUdPushConfiguration",
            "spec/eiam/get_identity_provider_ud_push_configuration.yaml",
        ),
    ] {
        let module = eiam
            .modules
            .iter()
            .find(|m| m.operations.iter().any(|o| o.wire_name == action))
            .expect(action);
        assert_eq!(module.spec_path, file);
        assert_eq!(module.area, None);
        let op = module
            .operations
            .iter()
            .find(|o| o.wire_name == action)
            .expect(action);
        assert!(op.source.ends_with(".txt"), "{action}: {}", op.source);
    }
}

//! `cargo xtask import` on the five seeds: the draft is snapshotted, so is its
//! difference to the committed spec (the hand normalization), and a draft is
//! a valid spec once its `todo:`s are resolved.

use std::fs;

use identity_codegen::load::Source;
use identity_codegen::model::Api;
use identity_sdk_tests::{api, seeds_dir, spec_sources, workspace_root};

/// Each seed with its draft and the committed spec file it became.
fn drafts(api: &Api) -> Vec<(String, String, String)> {
    let mut seeds: Vec<String> = fs::read_dir(seeds_dir())
        .expect("seeds")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    seeds.sort();
    seeds
        .into_iter()
        .map(|seed| {
            let (service, module) = api
                .services
                .iter()
                .find_map(|s| {
                    let m = s.modules.iter().find(|m| {
                        m.operations
                            .iter()
                            .any(|o| o.source == seed || o.also_sources.contains(&seed))
                    })?;
                    Some((s, m))
                })
                .expect("an operation names the seed");
            let text = fs::read_to_string(seeds_dir().join(&seed)).expect("seed");
            let draft = identity_codegen::import::import(&text, &seed, service);
            (seed, draft, module.spec_path.clone())
        })
        .collect()
}

#[test]
fn drafts_and_their_hand_normalization_are_snapshotted() {
    let api = api();
    for (seed, draft, spec_path) in drafts(&api) {
        let committed =
            fs::read_to_string(workspace_root().join(&spec_path)).expect("committed spec");
        let diff = similar::TextDiff::from_lines(&draft, &committed);
        let changed = diff
            .iter_all_changes()
            .filter(|c| c.tag() == similar::ChangeTag::Delete)
            .count();
        let report = format!(
            "{changed} of {} draft lines changed by hand to get {spec_path}\n\n{}",
            draft.lines().count(),
            diff.unified_diff()
                .context_radius(1)
                .header("draft", &spec_path)
        );
        let name = seed.trim_end_matches(".txt");
        insta::with_settings!({snapshot_path => "snapshots/import", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("{name}_draft"), draft);
            insta::assert_snapshot!(format!("{name}_normalization"), report);
        });
    }
}

#[test]
fn drafts_are_refused_until_their_todos_are_resolved() {
    let api = api();
    for (seed, draft, spec_path) in drafts(&api) {
        let service_dir = spec_path
            .split('/')
            .nth(1)
            .expect("spec/<service>/file")
            .to_owned();
        let service_file = spec_sources()
            .into_iter()
            .find(|s| s.service_dir == service_dir && s.stem == "service")
            .expect("service.yaml");
        let source = |text: &str| Source {
            display_path: format!("draft of {seed}"),
            service_dir: service_dir.clone(),
            area: None,
            stem: "draft".into(),
            bytes: text.as_bytes().to_vec(),
        };
        let errors = identity_codegen::check(vec![service_file.clone(), source(&draft)])
            .expect_err("a draft has todos");
        assert!(!errors.0.is_empty());
        for d in &errors.0 {
            assert!(
                d.message.starts_with("unresolved todo"),
                "{seed}: only todos may be wrong: {d}"
            );
        }
        let resolved: String = draft
            .lines()
            .filter(|l| !l.trim_start().starts_with("todo:"))
            .map(|l| format!("{l}\n"))
            .collect();
        if let Err(e) = identity_codegen::check(vec![service_file, source(&resolved)]) {
            panic!("{seed}: the draft without its todos is not a valid spec:\n{e}");
        }
    }
}

/// `import_corpus` on a handful of real pages: routes from an SDK excerpt and
/// the plan, a duplicate page folded into its operation (with its own example),
/// shared types placed once, decisions written as notes. Snapshotted.
#[test]
fn corpus_import_routes_merges_and_notes() {
    use identity_codegen::import::corpus::{import_corpus, node_sdk_routes, Plan};
    let pages: Vec<(String, String)> = [
        "管理-pipeline/list-pipeline-function.md",
        "管理-pipeline/list-pipeline-functions.md",
        "管理同步中心/cancel-sync-risk-operation.md",
        "管理终端设备/delete-device-by-user.md",
        "管理终端设备/delete-device.md",
        "鉴权/check-permission-array-resource.md",
    ]
    .iter()
    .map(|p| (p.to_string(), identity_sdk_tests::document(p)))
    .collect();
    // The shape of the official Node SDK's ManagementClient.ts.
    let sdk = r#"
  public async listPipelineFunctions({ scene }): Promise<X> {
    return await this.httpClient.request({ method: "GET", url: "/api/v3/list-pipeline-functions", params: { scene } });
  }
  public async cancelSyncRiskOperation(requestBody: Y): Promise<Z> {
    return await this.httpClient.request({ method: "POST", url: "/api/v3/cancel-sync-risk-operation", data: requestBody });
  }
  public async deleteDevice(requestBody: Y): Promise<Z> {
    return await this.httpClient.request({ method: "POST", url: "/api/v3/delete-device-by-user", data: requestBody });
  }
"#;
    let routes = node_sdk_routes(sdk);
    assert_eq!(routes.len(), 3);
    let plan = Plan::from_yaml(
        r#"
service: genauth
routes_source: an SDK excerpt
areas: {管理-pipeline: pipeline, 管理同步中心: sync_center, 管理终端设备: devices}
other_api:
  - folders: [鉴权]
    reason: another API
routes:
  管理-pipeline/list-pipeline-function.md:
    {name: listPipelineFunctions, method: GET, path: /api/v3/list-pipeline-functions, note: an older copy}
  管理终端设备/delete-device.md:
    {name: deleteDevice, method: POST, path: /api/v3/delete-device, note: the administrator's}
  管理终端设备/delete-device-by-user.md:
    {name: deleteDeviceByUser, method: POST, path: /api/v3/delete-device-by-user, note: per user}
"#,
    )
    .expect("plan");
    // The GenAuth service as it was before the import: the service file and
    // the two hand-normalized seed operations.
    let before: Vec<Source> = spec_sources()
        .into_iter()
        .filter(|s| {
            s.service_dir == "genauth"
                && [
                    "service",
                    "get_user_identities",
                    "get_department_sync_relations",
                ]
                .contains(&s.stem.as_str())
        })
        .collect();
    let api = identity_codegen::check(before.clone()).unwrap_or_else(|e| panic!("{e}"));
    let service = &api.services[0];
    let corpus = import_corpus(&pages, &plan, &routes, service);
    let mut out = corpus.report.join("\n");
    for (path, text) in &corpus.files {
        out.push_str(&format!("\n\n===== {path}\n{text}"));
    }
    insta::with_settings!({snapshot_path => "snapshots/import", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("corpus_import", out);
    });
    // The drafts are valid specs beside the service file.
    let mut sources = before;
    for (path, text) in &corpus.files {
        let (area, file) = path.split_once('/').unwrap_or(("", path));
        sources.push(Source {
            display_path: format!("corpus draft {path}"),
            service_dir: "genauth".into(),
            area: (!area.is_empty()).then(|| area.to_owned()),
            stem: file.trim_end_matches(".yaml").into(),
            bytes: text.as_bytes().to_vec(),
        });
    }
    identity_codegen::check(sources).unwrap_or_else(|e| panic!("{e}"));
}

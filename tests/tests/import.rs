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

//! The GenAuth V3 reference pages (`../shared/docs/genauth-v3-python-zh`): every
//! page is specified (by `genauth` or `genauth_authentication`) or listed with its
//! reason in a plan (`spec/*-corpus.yaml`), and
//! every page's JSON example is an example of its operation in the spec, which
//! the generated crate's tests decode (or, where a note says why, refuse).

use identity_codegen::import::corpus::{read_pages, Plan};
use identity_sdk_tests::{api, corpus_dir, document_example, operations, workspace_root};
use serde_json::Value;

fn pages() -> Vec<(String, String)> {
    read_pages(&corpus_dir()).expect("corpus directory")
}

/// One plan per service made from the pages (the EIAM plan maps API
/// metadata, `tests/eiam_meta.rs`).
fn plans() -> Vec<Plan> {
    let plans = Plan::read_all(&workspace_root().join("spec")).expect("valid plans");
    let services: Vec<&str> = plans.iter().map(|p| p.service.as_str()).collect();
    assert_eq!(services, ["eiam", "genauth", "genauth_authentication"]);
    plans.into_iter().filter(|p| p.document.is_none()).collect()
}

#[test]
fn every_page_is_specified_or_listed_with_a_reason() {
    let api = api();
    let plans = plans();
    let pages = pages();
    assert_eq!(pages.len(), 425, "the corpus has 425 pages");
    let (mut specified, mut listed) = (0, 0);
    for (page, _) in &pages {
        let services: Vec<&str> = operations(&api)
            .filter(|(_, op)| op.source == *page || op.also_sources.contains(page))
            .map(|(s, _)| s.name.as_str())
            .collect();
        let reasons: Vec<&str> = plans.iter().filter_map(|p| p.skip_reason(page)).collect();
        match services.as_slice() {
            [service] => {
                // The plan of the service that specifies it does not skip it.
                let own = plans.iter().find(|p| p.service == *service).expect("plan");
                assert_eq!(
                    own.skip_reason(page),
                    None,
                    "{page} is specified by {service}"
                );
                specified += 1;
            }
            [] if !reasons.is_empty() => listed += 1,
            [] => panic!("{page}: no operation names it and no plan gives a reason"),
            many => panic!("{page} is specified by several operations: {many:?}"),
        }
    }
    assert_eq!(specified + listed, pages.len());
    // Every page an operation names exists.
    for (_, op) in operations(&api) {
        for source in std::iter::once(&op.source).chain(&op.also_sources) {
            if source.ends_with(".md") {
                assert!(
                    pages.iter().any(|(p, _)| p == source),
                    "{} names {source}, which is not a page of the corpus",
                    op.wire_name
                );
            }
        }
    }
}

#[test]
fn every_page_example_is_an_example_of_its_operation() {
    let api = api();
    let mut checked = 0;
    for (page, text) in pages() {
        let Some(example) = document_example(&text) else {
            continue;
        };
        let Some((_, op)) =
            operations(&api).find(|(_, op)| op.source == page || op.also_sources.contains(&page))
        else {
            continue; // listed in the plan with its reason (checked above)
        };
        let in_spec = op
            .examples
            .iter()
            .any(|ex| serde_json::from_str::<Value>(&ex.json).ok().as_ref() == Some(&example));
        assert!(
            in_spec,
            "the example of {page} is not an example of `{}` in the spec",
            op.wire_name
        );
        checked += 1;
    }
    assert!(checked > 300, "only {checked} page examples checked");
}

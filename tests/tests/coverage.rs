//! Every parameter, field and enum value in the source documents' tables is
//! represented in the specs, and removing one from a spec is noticed.

use std::fs;

use identity_codegen::coverage::coverage;
use identity_sdk_tests::{seeds_dir, spec_sources};

fn seeds() -> Vec<(String, String)> {
    let mut docs: Vec<_> = fs::read_dir(seeds_dir())
        .expect("seeds")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    docs.sort();
    docs.iter()
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, fs::read_to_string(p).expect("seed text"))
        })
        .collect()
}

#[test]
fn all_five_documents_are_fully_covered() {
    let api = identity_sdk_tests::api();
    let docs = seeds();
    assert_eq!(docs.len(), 5);
    let report: Vec<String> = docs
        .iter()
        .map(|(name, text)| {
            let c = coverage(&api, name, text);
            assert!(c.is_full(), "{}", c.summary());
            c.summary()
        })
        .collect();
    insta::with_settings!({snapshot_path => "snapshots/coverage", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("seed_coverage", report.join("\n"));
    });
}

/// Removes the lines from `start` up to `end` (or the end of the file, for
/// `""`) from the spec file `file` and
/// returns the coverage report of `doc`.
fn coverage_without(file: &str, (start, end): (&str, &str), doc: &str) -> String {
    let mut sources = spec_sources();
    let source = sources
        .iter_mut()
        .find(|s| s.display_path.ends_with(file))
        .expect("spec file");
    let text = String::from_utf8(source.bytes.clone()).expect("utf-8");
    let from = text.find(start).expect("start marker");
    let to = match end {
        "" => text.len(),
        end => from + text[from..].find(end).expect("end marker"),
    };
    source.bytes = format!("{}{}", &text[..from], &text[to..]).into_bytes();
    let api = identity_codegen::check(sources).unwrap_or_else(|e| panic!("{e}"));
    let (_, text) = seeds().into_iter().find(|(n, _)| n == doc).expect("doc");
    let c = coverage(&api, doc, &text);
    assert!(!c.is_full(), "still full after removing {start:?}");
    c.summary()
}

#[test]
fn removing_a_field_a_value_or_a_parameter_turns_coverage_red() {
    let doc = "004_7e2618903ce96fe9.txt";
    let file = "get_user_identities.yaml";
    let field = coverage_without(file, ("      refreshToken:", "      originConnIds:"), doc);
    assert!(field.contains("missing field `refreshToken`"), "{field}");
    let value = coverage_without(file, ("      cas:", "      azure-ad:"), doc);
    assert!(value.contains("missing enum value `cas`"), "{value}");
    let counters = coverage_without(
        "get_synchronization_job.yaml",
        ("      Skipped:", ""),
        "003_f0a481d175445d75.txt",
    );
    assert!(counters.contains("missing field `Skipped`"), "{counters}");
}

/// The pages list `true`/`false` as the values of boolean fields; a field the
/// spec types `bool` covers them, one typed otherwise does not.
#[test]
fn a_boolean_field_covers_the_true_false_values_of_its_page() {
    let page = "管理数据对象/metadata-list-model.md";
    let text = identity_sdk_tests::document(page);
    let api = identity_sdk_tests::api();
    let c = coverage(&api, page, &text);
    assert!(
        c.facts.enum_values.iter().any(|v| v == "true"),
        "{}",
        c.summary()
    );
    assert!(c.is_full(), "{}", c.summary());

    let mut sources = spec_sources();
    let mut retyped = 0;
    for source in sources
        .iter_mut()
        .filter(|s| s.display_path.contains("data_objects"))
    {
        let spec = String::from_utf8(source.bytes.clone()).expect("utf-8");
        retyped += spec.matches("type: bool").count();
        source.bytes = spec.replace("type: bool", "type: string").into_bytes();
    }
    assert!(retyped > 0, "the data object specs have boolean fields");
    let api = identity_codegen::check(sources).unwrap_or_else(|e| panic!("{e}"));
    let c = coverage(&api, page, &text);
    assert!(
        c.summary().contains("missing enum value `true`"),
        "{}",
        c.summary()
    );
}

//! `generated/` is exactly what `spec/` produces (the same check as
//! `cargo xtask codegen --check`).

use identity_codegen::write;
use identity_sdk_tests::workspace_root;

#[test]
fn generated_crate_matches_the_specs() {
    let root = workspace_root();
    let files = identity_codegen::generate(&root.join("spec")).unwrap_or_else(|e| panic!("{e}"));
    let stale = write::diff(&root.join("generated"), &files).expect("generated/ is readable");
    let names: Vec<String> = stale
        .iter()
        .map(|s| format!("{} ({:?})", s.path, s.change))
        .collect();
    assert!(
        names.is_empty(),
        "generated/ is stale, run `cargo xtask codegen`: {names:#?}"
    );
}

#[test]
fn generation_is_deterministic() {
    let spec = workspace_root().join("spec");
    let first = identity_codegen::generate(&spec).unwrap_or_else(|e| panic!("{e}"));
    let second = identity_codegen::generate(&spec).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first, second);
}

#[test]
fn generation_ignores_the_order_files_are_listed_in() {
    let forward = identity_sdk_tests::spec_sources();
    let mut backward = forward.clone();
    backward.reverse();
    let emit = |sources| {
        let api = identity_codegen::check(sources).unwrap_or_else(|e| panic!("{e}"));
        identity_codegen::emit::emit(&api).unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(emit(forward), emit(backward));
}

#[test]
fn separate_processes_and_file_orders_generate_identical_bytes() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_generate_all"))
            .args(args)
            .output()
            .expect("run generate_all");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let first = run(&[]);
    assert!(first.len() > 10_000, "generate_all printed too little");
    assert_eq!(first, run(&[]), "two processes differ");
    assert_eq!(first, run(&["--reverse"]), "file order changes the output");
}

/// The generated files (path -> contents) of a set of spec sources.
fn generate(
    sources: Vec<identity_codegen::load::Source>,
) -> std::collections::BTreeMap<String, String> {
    let api = identity_codegen::check(sources).unwrap_or_else(|e| panic!("{e}"));
    let files = identity_codegen::emit::emit(&api).unwrap_or_else(|e| panic!("{e}"));
    files.into_iter().map(|f| (f.path, f.contents)).collect()
}

fn changed(
    before: &std::collections::BTreeMap<String, String>,
    after: &std::collections::BTreeMap<String, String>,
) -> Vec<String> {
    let paths: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    paths
        .into_iter()
        .filter(|p| before.get(*p) != after.get(*p))
        .cloned()
        .collect()
}

#[test]
fn editing_one_operation_rewrites_only_its_file() {
    let sources = identity_sdk_tests::spec_sources();
    let before = generate(sources.clone());
    let edit = |find: &str, insert: &str| {
        let mut edited = sources.clone();
        let file = edited
            .iter_mut()
            .find(|s| s.stem == "get_user_identities")
            .expect("spec file");
        let text = String::from_utf8(file.bytes.clone()).expect("utf-8");
        file.bytes = text
            .replacen(find, &format!("{insert}{find}"), 1)
            .into_bytes();
        generate(edited)
    };
    // A parameter of the operation: its own file.
    let param = "      newFlag:\n        type: bool\n        in: query\n        description: {en: A new flag.}\n";
    let after = edit("      userIdType:\n", param);
    assert_eq!(
        changed(&before, &after),
        ["src/genauth/users/get_user_identities.rs"]
    );
    // A field of a type six areas use: the one shared module holding it.
    let field = "      lastLoginAt:\n        type: i64\n        description: {en: A new field.}\n";
    let after = edit("      originConnIds:\n", field);
    let rewritten = changed(&before, &after);
    assert_eq!(rewritten.len(), 1, "{rewritten:?}");
    assert!(
        rewritten[0].starts_with("src/genauth/shared/"),
        "{rewritten:?}"
    );
    assert!(after[&rewritten[0]].contains("pub last_login_at: Option<i64>"));

    // A new operation file adds its module and one line of its area's mod.rs.
    let mut added = sources;
    let mut new_op = added
        .iter()
        .find(|s| s.stem == "get_user_identities")
        .expect("spec file")
        .clone();
    let text = String::from_utf8(new_op.bytes.clone()).expect("utf-8");
    let renamed = text
        .replace("getUserIdentities", "getUserIdentitiesAgain")
        .replace("get-user-identities", "get-user-identities-again")
        .replace("IdentityListRespDto", "IdentityListAgainRespDto")
        .replace("  IdentityDto:", "  IdentityAgainDto:")
        .replace("type: list<IdentityDto>", "type: list<IdentityAgainDto>")
        .replace("  IdentityProvider:", "  IdentityProviderAgain:")
        .replace("type: IdentityProvider\n", "type: IdentityProviderAgain\n")
        .replace("  UserIdType:", "  UserIdTypeAgain:")
        .replace("type: UserIdType\n", "type: UserIdTypeAgain\n");
    new_op.stem = "get_user_identities_again".into();
    new_op.display_path = "spec/genauth/users/get_user_identities_again.yaml".into();
    new_op.bytes = renamed.into_bytes();
    added.push(new_op);
    assert_eq!(
        changed(&before, &generate(added)),
        [
            "src/genauth/users/get_user_identities_again.rs",
            "src/genauth/users/mod.rs"
        ]
    );
}

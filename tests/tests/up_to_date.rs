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

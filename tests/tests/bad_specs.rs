//! Every spec in `tests/bad_specs/` is rejected with messages that name the
//! file, line and column and give a hint; the messages are snapshotted.
//! A case is one `.yaml` file, a directory of them (one service), or a
//! directory holding a `spec/` tree, read by the loader as `cargo xtask
//! codegen` reads `spec/` (services, areas, and file shapes it refuses).

use std::fs;
use std::path::Path;

use identity_codegen::diag::Diagnostics;
use identity_codegen::load::{self, Source};
use identity_sdk_tests::workspace_root;

fn source(path: &Path, display: String) -> Source {
    Source {
        display_path: display,
        service_dir: "bad".into(),
        area: None,
        stem: path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
        bytes: fs::read(path).expect("readable case"),
    }
}

/// A case's sources, or the loader's errors for a `spec/` tree it refuses.
type Case = Result<Vec<Source>, Diagnostics>;

fn cases() -> Vec<(String, Case)> {
    let dir = workspace_root().join("tests/bad_specs");
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .expect("tests/bad_specs")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    entries
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let display = |p: &Path| {
                format!(
                    "tests/bad_specs/{}",
                    p.strip_prefix(&dir).unwrap_or(p).display()
                )
            };
            let sources = if path.join("spec").is_dir() {
                // Display paths as the loader shows them (`spec/...`), under the case.
                let prefix = |shown: &str| format!("tests/bad_specs/{name}/{shown}");
                match load::read_dir(&path.join("spec")) {
                    Ok(mut sources) => {
                        for s in &mut sources {
                            s.display_path = prefix(&s.display_path);
                        }
                        Ok(sources)
                    }
                    Err(mut diags) => {
                        for d in &mut diags.0 {
                            d.file = prefix(&d.file);
                        }
                        Err(diags)
                    }
                }
            } else if path.is_dir() {
                let mut files: Vec<_> = fs::read_dir(&path)
                    .expect("case dir")
                    .map(|e| e.expect("entry").path())
                    .collect();
                files.sort();
                Ok(files.iter().map(|f| source(f, display(f))).collect())
            } else {
                Ok(vec![source(&path, display(&path))])
            };
            (name, sources)
        })
        .collect()
}

/// Cases too large to commit, built here.
fn generated_cases() -> Vec<(String, Case)> {
    let one = |name: &str, bytes: Vec<u8>| {
        let source = Source {
            display_path: format!("tests/bad_specs/{name} (generated)"),
            service_dir: "bad".into(),
            area: None,
            stem: "service".into(),
            bytes,
        };
        (name.to_owned(), Ok(vec![source]))
    };
    let service = "service:\n  name: bad\n  vendor: Example\n  title: Example API\n  api_version: v1\n  protocol: rest-json\n  wire_naming: camelCase\n  endpoint: https://api.example.com\n";
    // 100,000 nested flow sequences: must not overflow the stack.
    let deep = format!(
        "{service}types:\n  Thing:\n    fields:\n      payload: {{type: json, example: {}{}}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    // 10 MB: one field with a long description, repeated.
    let mut huge = format!("{service}types:\n  Thing:\n    fields:\n");
    let mut i = 0;
    while huge.len() < 10 << 20 {
        huge.push_str(&format!(
            "      field{i}: {{type: string, description: {{en: {}}}}}\n",
            "x".repeat(200)
        ));
        i += 1;
    }
    vec![
        one("generated_deep_nesting", deep.into_bytes()),
        one("generated_10_mb_file", huge.into_bytes()),
    ]
}

#[test]
fn every_bad_spec_is_rejected_with_positions_and_hints() {
    let mut cases = cases();
    cases.extend(generated_cases());
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    for (name, sources) in cases {
        let checked = sources.and_then(|sources| identity_codegen::check(sources).map(|_| ()));
        let diags = match checked {
            Ok(()) => panic!("bad spec `{name}` was accepted"),
            Err(diags) => diags,
        };
        for d in &diags.0 {
            assert!(
                d.pos.line >= 1 && d.pos.column >= 1,
                "{name}: no position in {d}"
            );
            assert!(d.hint.is_some(), "{name}: no hint in {d}");
            assert!(d.file.starts_with("tests/bad_specs/"), "{name}: {d}");
            assert!(
                d.message.len() < 2_000,
                "{name}: an error message should stay short"
            );
        }
        insta::with_settings!({snapshot_path => "snapshots/bad_specs", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(name, diags.to_string());
        });
    }
}

/// Truncating or corrupting a valid spec anywhere yields errors, never a panic.
#[test]
fn damaged_specs_never_panic() {
    let sources = identity_sdk_tests::spec_sources();
    for original in &sources {
        let text = String::from_utf8(original.bytes.clone()).expect("utf-8 spec");
        let cuts = text.char_indices().map(|(at, _)| at).step_by(97);
        for cut in cuts {
            for damaged in [
                text[..cut].to_owned(),
                format!("{}\t:{}", &text[..cut], &text[cut..]),
            ] {
                let mut one = original.clone();
                one.bytes = damaged.into_bytes();
                if let Err(diags) = identity_codegen::check(vec![one]) {
                    assert!(diags.0.iter().all(|d| d.pos.line >= 1), "{diags}");
                }
            }
        }
    }
}

/// Every file below `dir` with its bytes, sorted.
fn tree(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).expect("listable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push((path.clone(), fs::read(&path).expect("readable")));
            }
        }
    }
    out.sort();
    out
}

/// `cargo xtask codegen` on a rejected `spec/` tree leaves the generated crate
/// byte-identical: every `spec/` case is run, as xtask runs it, over a copy of
/// an output directory holding a stale file, a file the specs would delete and
/// a hand-written runtime file.
#[test]
fn rejected_specs_leave_the_output_untouched() {
    let dir = workspace_root().join("tests/bad_specs");
    let out = std::env::temp_dir().join(format!("identity-untouched-{}", std::process::id()));
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .expect("tests/bad_specs")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("spec").is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "{} spec/ cases", cases.len());
    for case in cases {
        let _ = fs::remove_dir_all(&out);
        fs::create_dir_all(out.join("src/runtime")).expect("out dir");
        fs::write(out.join("src/runtime/mod.rs"), "// hand-written\n").expect("write");
        fs::write(out.join("src/lib.rs"), "// stale\n").expect("write");
        fs::write(out.join("src/extra.rs"), "// no spec makes this\n").expect("write");
        let before = tree(&out);
        for check in [false, true] {
            let result = identity_codegen::regenerate(&case.join("spec"), &out, check);
            assert!(result.is_err(), "{} was accepted", case.display());
            assert!(
                before == tree(&out),
                "{} changed the output",
                case.display()
            );
        }
    }
    let _ = fs::remove_dir_all(&out);
}

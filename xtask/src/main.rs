//! `cargo xtask codegen [--check]`: regenerate `generated/` from `spec/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use identity_codegen::write::Change;

mod alloc;
mod bench;
mod corpus;
mod crosscheck;
mod drift;
mod report;
mod spec_diff;

#[global_allocator]
static ALLOC: alloc::MiMalloc = alloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask <command>

  codegen             regenerate generated/ from spec/, then build it
  codegen --no-build  regenerate only
  codegen --check     exit 1 and name the stale files if generated/ differs
  spec-diff [BASE] [HEAD] [--format text|md] [--deny-breaking]
                      classify spec changes between two git revisions
                      (default: HEAD vs the working tree); --deny-breaking
                      exits 1 when any change is breaking
  drift SNAPSHOT --plan FILE [--routes SDK_FILE] [--format text|md] [--deny-breaking]
                      re-import a newer snapshot of a source (an API metadata
                      file, or a page tree with its SDK's routes) in memory
                      and classify what it changes in spec/, keeping the
                      spec's notes; compared only on what the snapshot holds
  coverage [--seeds DIR]
                      which parameters, fields and enum values of each source
                      document (default ../shared/seeds) the specs represent
  coverage --corpus DIR|FILE
                      the same for every page of a documentation tree (the
                      GenAuth V3 pages) or every action of an API metadata
                      file (EIAM), and why each unspecified one is
  bench [--sizes 100,1000,5000] [--runs 5] [--no-build] [--no-progenitor]
                      codegen and build timings (see BENCHMARKS.md)
  bench-ab REV REV... [--runs 3] [--ops 1000]
                      clean build times of the synthetic crate as each git
                      revision of the generator writes it, alternating
  crosscheck [--format text|md] [--unspecified]
                      compare every operation of spec/ with the official
                      SDKs (fetched once into target/crosscheck/ with npm and
                      pip); exits 1 on a mismatch no `crosscheck:` note records
  bench-adversarial [--only NAME] [--keep]
                      load time of hostile spec files just under the 1 MiB
                      limit (deep flow nesting, aliases, huge lines...)
  bench-decode [--rounds 5]
                      decode/encode speed and peak memory of a large and a
                      small GenAuth listUsers response: generated types vs
                      serde derives (plain, with flatten) vs serde_json::Value
  import DOCUMENT --service NAME
                      print a draft spec for an API document; every guess is
                      a `todo:` the validator refuses until resolved
  import-corpus DIR --plan FILE --routes SDK_FILE
                      spec files for every page under DIR (see
                      spec/genauth-corpus.yaml); existing files are kept
  import-corpus METADATA --plan FILE
                      spec files for every action of an API metadata file
                      (see spec/eiam-corpus.yaml); existing files are kept";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => match codegen(false) {
            ExitCode::SUCCESS => build(),
            failed => failed,
        },
        ["codegen", "--no-build"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        ["spec-diff", rest @ ..] => spec_diff::run(&root(), rest),
        ["drift", rest @ ..] => drift::run(&root(), rest),
        ["crosscheck", rest @ ..] => crosscheck::run(&root(), rest),
        ["bench", rest @ ..] => bench::run(&root(), rest),
        ["bench-ab", rest @ ..] => bench::ab::run(&root(), rest),
        ["bench-adversarial", rest @ ..] => bench::adversarial::run(&root(), rest),
        ["bench-decode", rest @ ..] => bench::decode::run(&root(), rest),
        ["bench-once", spec, out] => bench::once(Path::new(spec), Path::new(out)),
        ["coverage"] => coverage(&root().join("../shared/seeds")),
        ["coverage", "--seeds", dir] => coverage(Path::new(dir)),
        ["coverage", "--corpus", file] if Path::new(file).is_file() => {
            corpus::meta_coverage(Path::new(file), &root().join("spec"))
        }
        ["coverage", "--corpus", dir] => corpus::coverage(Path::new(dir), &root().join("spec")),
        ["import", doc, "--service", service] | ["import", "--service", service, doc] => {
            import(Path::new(doc), service)
        }
        ["import-corpus", file, "--plan", plan] => {
            corpus::import_meta(&root(), Path::new(file), Path::new(plan))
        }
        ["import-corpus", dir, "--plan", plan, "--routes", routes] => {
            corpus::import(&root(), Path::new(dir), Path::new(plan), Path::new(routes))
        }
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Builds the generated crate, so that `cargo xtask codegen` proves it compiles.
fn build() -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["build", "--package", "identity-sdk"])
        .current_dir(root())
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// The validated specs, or the errors printed.
fn api() -> Option<identity_codegen::model::Api> {
    let sources = match identity_codegen::load::read_dir(&root().join("spec")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return None;
        }
    };
    identity_codegen::check(sources)
        .map_err(|d| eprintln!("{d}"))
        .ok()
}

fn import(document: &Path, service: &str) -> ExitCode {
    let Some(api) = api() else {
        return ExitCode::FAILURE;
    };
    let Some(service) = api.services.iter().find(|s| s.name == service) else {
        let known: Vec<&str> = api.services.iter().map(|s| s.name.as_str()).collect();
        eprintln!(
            "error: no service `{service}` in spec/ (there are: {})",
            known.join(", ")
        );
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(document) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", document.display());
            return ExitCode::FAILURE;
        }
    };
    let name = document.file_name().unwrap_or_default().to_string_lossy();
    print!(
        "{}",
        identity_codegen::import::import(&text, &name, service)
    );
    ExitCode::SUCCESS
}

fn coverage(seeds: &Path) -> ExitCode {
    let Some(api) = api() else {
        return ExitCode::FAILURE;
    };
    let mut documents: Vec<_> = match std::fs::read_dir(seeds) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect(),
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", seeds.display());
            return ExitCode::FAILURE;
        }
    };
    documents.sort();
    let mut full = 0;
    for doc in &documents {
        let name = doc.file_name().unwrap_or_default().to_string_lossy();
        let text = std::fs::read_to_string(doc).unwrap_or_default();
        let report = identity_codegen::coverage::coverage(&api, &name, &text);
        full += usize::from(report.is_full());
        println!("{}", report.summary());
    }
    println!("{full} of {} documents fully covered", documents.len());
    let requests = identity_codegen::request_example::Tally::of(&api);
    println!(
        "request examples: {} of {} parameters have one; {} of them set and checked by the request tests of {} operations ({} required parameters without one filled with a smallest value)",
        requests.examples, requests.params, requests.tested, requests.operations, requests.filled
    );
    if requests.tested < requests.examples {
        eprintln!(
            "error: {} request examples are in no request test",
            requests.examples - requests.tested
        );
        return ExitCode::FAILURE;
    }
    if full == documents.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn codegen(check: bool) -> ExitCode {
    let root = root();
    let started = Instant::now();
    let out = root.join("generated");
    let (files, stale) = match identity_codegen::regenerate(&root.join("spec"), &out, check) {
        Ok(done) => done,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    if check {
        if stale.is_empty() {
            println!(
                "generated/ is up to date ({} files, {elapsed:.0} ms)",
                files.len()
            );
            return ExitCode::SUCCESS;
        }
        eprintln!("generated/ is stale; run `cargo xtask codegen`:");
        for s in &stale {
            let what = match s.change {
                Change::Missing => "missing",
                Change::Differs => "differs",
                Change::Extra => "not generated by the specs",
            };
            eprintln!("  generated/{}  ({what})", s.path);
        }
        return ExitCode::FAILURE;
    }
    println!(
        "{} files generated, {} changed ({elapsed:.0} ms)",
        files.len(),
        stale.len()
    );
    for s in &stale {
        println!("  generated/{}", s.path);
    }
    ExitCode::SUCCESS
}

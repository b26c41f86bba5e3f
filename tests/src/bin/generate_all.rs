//! Prints every generated file (path, then contents) for the determinism test,
//! which runs it in separate processes; `--reverse` lists the spec files in
//! reverse order first.

use std::io::Write;

fn main() {
    let mut sources = identity_sdk_tests::spec_sources();
    if std::env::args().any(|a| a == "--reverse") {
        sources.reverse();
    }
    let api = identity_codegen::check(sources).unwrap_or_else(|e| panic!("{e}"));
    let files = identity_codegen::emit::emit(&api).unwrap_or_else(|e| panic!("{e}"));
    let mut out = std::io::stdout().lock();
    for f in files {
        let _ = write!(out, "== {}\n{}", f.path, f.contents);
    }
}

//! Generates the emitter fixture (`tests/fixtures/kinds`) into OUT_DIR so that
//! the tests crate compiles it: every kind of emitted type must build and its
//! examples must round-trip, not only match a snapshot.

use std::fs;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=fixtures");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let out = Path::new(&out);
    let files = identity_codegen::generate(Path::new("fixtures"))
        .unwrap_or_else(|e| panic!("fixture spec:\n{e}"));
    let dir = out.join("kinds");
    fs::create_dir_all(&dir).expect("OUT_DIR/kinds");
    for f in files.iter().filter(|f| f.path.starts_with("src/kinds/")) {
        let name = f.path.trim_start_matches("src/kinds/");
        fs::write(dir.join(name), &f.contents).expect("write fixture module");
    }
    let module = dir.join("mod.rs");
    let wrapper = format!(
        "#[path = {:?}]\npub mod kinds;\n",
        module.display().to_string()
    );
    fs::write(out.join("fixture.rs"), wrapper).expect("write fixture.rs");
}

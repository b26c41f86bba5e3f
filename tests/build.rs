//! Generates the emitter fixtures (`tests/fixtures/<service>`) into OUT_DIR so
//! that the tests crate compiles them: every kind of emitted type must build
//! and its examples must round-trip, not only match a snapshot (`kinds`), and
//! every edge case the validator accepts must compile (`edge`, with the
//! features of all its API areas on).

use std::fs;
use std::path::Path;

/// The fixture services compiled into the tests crate.
const SERVICES: &[&str] = &["kinds", "edge", "rpc"];

fn main() {
    println!("cargo:rerun-if-changed=fixtures");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let out = Path::new(&out);
    let files = identity_codegen::generate(Path::new("fixtures"))
        .unwrap_or_else(|e| panic!("fixture spec:\n{e}"));
    let mut wrapper = String::new();
    let mut features = Vec::new();
    for service in SERVICES {
        let prefix = format!("src/{service}/");
        let dir = out.join(service);
        // Files of a previous build whose spec was removed must not linger.
        let _ = fs::remove_dir_all(&dir);
        for f in files.iter().filter(|f| f.path.starts_with(&prefix)) {
            let rel = &f.path[prefix.len()..];
            let target = dir.join(rel);
            fs::create_dir_all(target.parent().expect("a parent")).expect("fixture dir");
            fs::write(&target, &f.contents).expect("write fixture module");
            if let Some(area) = rel.strip_suffix("/mod.rs") {
                features.push(format!("{service}-{area}"));
            }
        }
        let module = dir.join("mod.rs");
        wrapper.push_str(&format!(
            "#[path = {:?}]\npub mod {service};\n",
            module.display().to_string()
        ));
    }
    // As the generated crate's `testing::mock_server` does.
    wrapper.push_str("/// Sets the fixtures' documented responses as `mock`'s answers.\n");
    wrapper.push_str("pub fn respond_documented(mock: &runtime::mock::MockServer) {\n");
    for service in SERVICES {
        wrapper.push_str(&format!("    {service}::respond_documented(mock);\n"));
    }
    wrapper.push_str("}\n");
    // The areas' cargo features, and `testing` (the mock's documented
    // responses), on, so that their code is compiled too.
    features.push("testing".into());
    let values: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    println!(
        "cargo::rustc-check-cfg=cfg(feature, values({}))",
        values.join(", ")
    );
    for feature in &features {
        println!("cargo::rustc-cfg=feature={feature:?}");
    }
    fs::write(out.join("fixture.rs"), wrapper).expect("write fixture.rs");
}

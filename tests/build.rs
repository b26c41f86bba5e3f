//! Compiles the emitter fixtures (`tests/fixtures/<service>`) into the tests
//! crate: every kind of emitted type must build and its examples must
//! round-trip, not only match a snapshot (`kinds`), and every edge case the
//! validator accepts must compile (`edge`, with the features of all its API
//! areas on).
//!
//! The code compiled is the reviewed snapshot of the emitter's output
//! (`tests/snapshots/emitter/fixture__*.snap`), which the `emitter_snapshots`
//! test holds equal to what the generator writes for these specs. Reading it
//! instead of running the generator keeps `identity-codegen` out of this
//! crate's build dependencies: as a build dependency it would be compiled a
//! second time, for the host's feature set, in every build of the tests.

use std::fs;
use std::path::Path;

/// The fixture services compiled into the tests crate.
const SERVICES: &[&str] = &["kinds", "edge", "rpc"];

/// Where `emitter_snapshots` keeps the fixtures' files, one per snapshot named
/// `fixture__<path with / as __, without .rs>.snap`.
const SNAPSHOTS: &str = "tests/snapshots/emitter";

/// A snapshot's contents: the text after insta's header.
fn snapshot_contents(text: &str, path: &Path) -> String {
    let body = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(_, body)| body)
        .unwrap_or_else(|| panic!("{}: not an insta snapshot", path.display()));
    format!("{body}\n")
}

fn main() {
    println!("cargo:rerun-if-changed={SNAPSHOTS}");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let out = Path::new(&out);
    // (path under src/, contents), in name order.
    let mut files: Vec<(String, String)> = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(SNAPSHOTS)
        .expect("the emitter snapshots")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(stem) = name
            .strip_prefix("fixture__")
            .and_then(|n| n.strip_suffix(".snap"))
        else {
            continue;
        };
        // A checkout may have turned the line ends into CRLF.
        let text = fs::read_to_string(&path)
            .expect("read a snapshot")
            .replace("\r\n", "\n");
        files.push((
            format!("{}.rs", stem.replace("__", "/")),
            snapshot_contents(&text, &path),
        ));
    }
    let mut wrapper = String::new();
    let mut features = Vec::new();
    for service in SERVICES {
        let prefix = format!("{service}/");
        let dir = out.join(service);
        // Files of a previous build whose snapshot was removed must not linger.
        let _ = fs::remove_dir_all(&dir);
        let mut any = false;
        for (path, contents) in files.iter().filter(|(p, _)| p.starts_with(&prefix)) {
            any = true;
            let rel = &path[prefix.len()..];
            let target = dir.join(rel);
            fs::create_dir_all(target.parent().expect("a parent")).expect("fixture dir");
            fs::write(&target, contents).expect("write fixture module");
            if let Some(area) = rel.strip_suffix("/mod.rs") {
                features.push(format!("{service}-{area}"));
            }
        }
        assert!(any, "no snapshot of the `{service}` fixture in {SNAPSHOTS}");
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

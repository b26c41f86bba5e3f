use super::*;

/// Every spec file under `spec/` reads back as the same value once written.
#[test]
fn every_spec_file_round_trips() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let sources = crate::load::read_dir(&root).expect("spec/ lists");
    assert!(sources.len() > 400, "{} spec files", sources.len());
    for source in sources {
        let text = String::from_utf8(source.bytes).expect("UTF-8");
        let spec: SpecFile =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", source.display_path));
        let doc = Document {
            spec,
            ..Document::default()
        };
        let written = doc.to_yaml();
        let back: SpecFile = serde_yaml::from_str(&written)
            .unwrap_or_else(|e| panic!("{}: {e}\n{written}", source.display_path));
        assert_eq!(back, doc.spec, "{}", source.display_path);
    }
}

#[test]
fn scalars_round_trip_through_yaml() {
    for s in [
        "steamory",
        "604352338",
        "0 45 1 * * ?",
        "a: b",
        "yes",
        "[x]",
        "user,top",
        "- x",
        "中文 code",
        "x #y",
        "Is it virtual?",
        "0x1F",
        ".inf",
        "1_000",
    ] {
        let back: String = serde_yaml::from_str(&scalar(s)).expect("valid YAML");
        assert_eq!(back, s);
    }
}

#[test]
fn folds_at_the_width_and_keeps_comments_first() {
    let text = "word ".repeat(40);
    let lines = fold(text.trim());
    assert!(lines.iter().all(|l| l.len() <= FOLD_WIDTH));
    assert_eq!(lines.join(" "), text.trim());
    let doc = Document {
        comment: vec!["A comment.".into()],
        ..Document::default()
    };
    assert_eq!(doc.to_yaml(), "# A comment.\n");
}

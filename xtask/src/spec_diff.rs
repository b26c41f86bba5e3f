//! `cargo xtask spec-diff`: the semantic difference of `spec/` between two revisions.

use std::path::Path;
use std::process::{Command, ExitCode};

use identity_codegen::diff;
use identity_codegen::load::{self, Source};
use identity_codegen::model::Api;

use crate::report::Report;

pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let mut revs = Vec::new();
    let mut report = Report::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match report.take(arg, &mut args) {
            Ok(true) => continue,
            Ok(false) => {}
            Err(problem) => return usage(problem),
        }
        match *arg {
            flag if flag.starts_with('-') => return usage(&format!("unknown option `{flag}`")),
            rev => revs.push(rev),
        }
    }
    let (base, head) = match revs.as_slice() {
        [] => (Some("HEAD"), None),
        [base] => (Some(*base), None),
        [base, head] => (Some(*base), Some(*head)),
        _ => return usage("at most two revisions"),
    };
    let (before, after) = match (api_at(root, base), api_at(root, head)) {
        (Ok(b), Ok(a)) => (b, a),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let changes = diff::diff(&before, &after);
    report.finish(
        &changes,
        diff::render_text(&changes),
        diff::render_markdown(&changes),
    )
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: cargo xtask spec-diff [BASE] [HEAD] [--format text|md] [--deny-breaking]");
    ExitCode::from(2)
}

/// The validated specs at a git revision, or in the working tree (`None`).
fn api_at(root: &Path, rev: Option<&str>) -> Result<Api, String> {
    let label = rev.unwrap_or("the working tree");
    let sources = match rev {
        None => load::read_dir(&root.join("spec")).map_err(|e| e.to_string())?,
        Some(rev) => sources_at(root, rev)?,
    };
    identity_codegen::check(sources).map_err(|d| format!("the specs at {label} are invalid:\n{d}"))
}

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// `spec/<service>/[<area>/]*.yaml` as committed at `rev`.
fn sources_at(root: &Path, rev: &str) -> Result<Vec<Source>, String> {
    let listing = git(root, &["ls-tree", "-r", "--name-only", rev, "--", "spec"])?;
    let mut sources = Vec::new();
    for path in String::from_utf8_lossy(&listing).lines() {
        let parts: Vec<&str> = path.split('/').collect();
        let (service, area, file) = match parts.as_slice() {
            [_, service, file] => (service, None, file),
            [_, service, area, file] => (service, Some((*area).to_owned()), file),
            _ => continue,
        };
        let Some(stem) = file.strip_suffix(".yaml") else {
            continue;
        };
        sources.push(Source {
            display_path: format!("{path} (at {rev})"),
            service_dir: (*service).to_owned(),
            area,
            stem: stem.to_owned(),
            bytes: git(root, &["show", &format!("{rev}:{path}")])?,
        });
    }
    Ok(sources)
}

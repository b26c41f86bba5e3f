//! `cargo xtask drift SNAPSHOT --plan FILE [--routes SDK_FILE] [--format text|md] [--deny-breaking]`:
//! what re-importing a newer snapshot of a source would change in `spec/`.
//!
//! SNAPSHOT is an API metadata file (EIAM; the plan's official SDK is read
//! beside it as `import-corpus` reads it, from `target/crosscheck/`, fetched
//! there on first use) or a page tree (GenAuth; `--routes` names the SDK
//! file giving the routes). Where SNAPSHOT is the plan's `document`, the
//! plan's `newer` files add parameters as in `import-corpus`, so that the
//! run reproduces the committed import. Nothing is written: the drafts
//! live in memory (`identity_codegen::drift` says what is compared and how
//! hand decisions are kept); `--keep DIR` writes them to `DIR/<service>/`
//! to read. `--base SNAPSHOT` (the snapshot the spec was made from, of the
//! same kind) leaves out the differences its own re-import shows as well:
//! the spec's hand edits beyond notes, as in the GenAuth specs.
//!
//! Exit status: 0 when the run succeeds, whatever it reports; with
//! `--deny-breaking`, 1 when any change is breaking; 2 on a usage error or
//! when a file cannot be read or the drafts do not validate.

use std::path::Path;
use std::process::ExitCode;

use identity_codegen::drift;
use identity_codegen::import::corpus::{self, Plan};
use identity_codegen::import::meta::Sdk;

use crate::report::Report;

const USAGE: &str = "usage: cargo xtask drift SNAPSHOT --plan FILE [--routes SDK_FILE] [--format text|md] [--base SNAPSHOT] [--deny-breaking] [--keep DIR]";

pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let (mut snapshot, mut plan, mut routes, mut keep, mut base) = (None, None, None, None, None);
    let mut report = Report::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match report.take(arg, &mut args) {
            Ok(true) => continue,
            Ok(false) => {}
            Err(problem) => return usage(problem),
        }
        match *arg {
            "--plan" => match args.next() {
                Some(p) => plan = Some(Path::new(*p)),
                None => return usage("--plan takes a file"),
            },
            "--base" => match args.next() {
                Some(b) => base = Some(Path::new(*b)),
                None => return usage("--base takes a snapshot"),
            },
            "--keep" => match args.next() {
                Some(k) => keep = Some(Path::new(*k)),
                None => return usage("--keep takes a directory"),
            },
            "--routes" => match args.next() {
                Some(r) => routes = Some(Path::new(*r)),
                None => return usage("--routes takes a file"),
            },
            flag if flag.starts_with('-') => return usage(&format!("unknown option `{flag}`")),
            path if snapshot.is_none() => snapshot = Some(Path::new(path)),
            _ => return usage("one snapshot"),
        }
    }
    let (Some(snapshot), Some(plan)) = (snapshot, plan) else {
        return usage("a snapshot and --plan are required");
    };
    if snapshot.is_dir() != routes.is_some()
        || base.is_some_and(|b| b.is_dir() != snapshot.is_dir())
    {
        return usage(
            "a page tree takes --routes (and a page tree as --base); a metadata file neither",
        );
    }
    let one = |snapshot: &Path| match routes {
        Some(routes) => pages(root, snapshot, plan, routes),
        None => metadata(root, snapshot, plan),
    };
    let result = match base {
        None => one(snapshot),
        Some(base) => one(base).and_then(|base| Ok(one(snapshot)?.beyond(&base))),
    };
    let found = match result {
        Ok(found) => found,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(dir) = keep {
        if let Err(e) = write_tree(root, dir, &found) {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    report.finish(&found.changes, found.render_text(), found.render_markdown())
}

/// `--keep DIR`: the scratch tree written to `DIR/<service>/` (a new
/// directory outside `spec/`), to read the drafts.
fn write_tree(root: &Path, dir: &Path, found: &drift::Drift) -> Result<(), String> {
    let spec = root.join("spec");
    let absolute = std::path::absolute(dir).map_err(|e| e.to_string())?;
    if absolute.starts_with(&spec) || spec.starts_with(&absolute) {
        return Err(format!("--keep {}: not inside spec/", dir.display()));
    }
    let service = dir.join(&found.service);
    if service.exists() {
        return Err(format!("--keep: {} exists", service.display()));
    }
    for s in &found.tree {
        let mut path = service.clone();
        path.extend(&s.area);
        std::fs::create_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        path.push(format!("{}.yaml", s.stem));
        std::fs::write(&path, &s.bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\n{USAGE}");
    ExitCode::from(2)
}

fn committed(root: &Path) -> Result<Vec<identity_codegen::load::Source>, String> {
    identity_codegen::load::read_dir(&root.join("spec")).map_err(|d| d.to_string())
}

fn metadata(root: &Path, file: &Path, plan: &Path) -> Result<drift::Drift, String> {
    let plan = Plan::read(plan)?;
    let files = crate::corpus::metadata(file, &plan)?;
    let refs: Vec<(&str, &_)> = files.iter().map(|(n, m)| (n.as_str(), m)).collect();
    let package = crate::corpus::sdk_package(root, &plan)?;
    let sdk = plan
        .sdk
        .as_deref()
        .zip(package.as_ref())
        .map(|(label, package)| Sdk { label, package });
    let names: Vec<&str> = refs.iter().map(|(n, _)| *n).collect();
    drift::metadata(&committed(root)?, &names.join(" + "), &refs, sdk, &plan)
}

fn pages(root: &Path, dir: &Path, plan: &Path, routes: &Path) -> Result<drift::Drift, String> {
    let plan = Plan::read(plan)?;
    let sdk = std::fs::read_to_string(routes)
        .map_err(|e| format!("cannot read {}: {e}", routes.display()))?;
    let routes = corpus::node_sdk_routes(&sdk);
    let pages =
        corpus::read_pages(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let label = dir.display().to_string();
    drift::pages(&committed(root)?, &label, &pages, &routes, &plan)
}

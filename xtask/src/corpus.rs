//! `cargo xtask import-corpus`: spec files for a whole documentation tree.

use std::path::Path;
use std::process::ExitCode;

use identity_codegen::import::corpus::{self, read_pages as pages, Plan};

/// Imports every page of `docs`; writes the files that do not exist yet.
pub fn import(root: &Path, docs: &Path, plan: &Path, routes: &Path) -> ExitCode {
    let run = || -> Result<(), String> {
        let plan = Plan::read(plan)?;
        let sdk = std::fs::read_to_string(routes)
            .map_err(|e| format!("cannot read {}: {e}", routes.display()))?;
        let routes = corpus::node_sdk_routes(&sdk);
        let pages = pages(docs).map_err(|e| format!("cannot read {}: {e}", docs.display()))?;
        let api = crate::api().ok_or("the specs do not validate")?;
        let service = api
            .services
            .iter()
            .find(|s| s.name == plan.service)
            .ok_or_else(|| format!("no service `{}` in spec/", plan.service))?;
        let result = corpus::import_corpus(&pages, &plan, &routes, service);
        for line in &result.report {
            println!("{line}");
        }
        let (written, kept) = write_new(&root.join("spec").join(&plan.service), &result.files)?;
        println!(
            "{} pages, {} routes read; {written} files written, {kept} existing files kept",
            pages.len(),
            routes.len()
        );
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask coverage --corpus DIR`: what became of every page: the
/// operation that specifies it and how much of its tables the spec holds,
/// or why it has none. Exit 1 when a page is unaccounted for or not fully
/// covered without a recorded reason.
pub fn coverage(docs: &Path, spec: &Path) -> ExitCode {
    let run = || -> Result<bool, String> {
        let plans = Plan::read_all(spec)?;
        let pages = pages(docs).map_err(|e| format!("cannot read {}: {e}", docs.display()))?;
        let api = crate::api().ok_or("the specs do not validate")?;
        let (mut full, mut partial, mut skipped, mut unaccounted) = (0, 0, Vec::new(), Vec::new());
        let mut decided = Vec::new();
        let mut specified = std::collections::BTreeSet::new();
        for (path, text) in &pages {
            let report = identity_codegen::coverage::coverage(&api, path, text);
            if report.operations.is_empty() {
                // Reasons of the plans that skip it, without "specified elsewhere".
                match plans.iter().find_map(|p| p.skip_reason(path)) {
                    Some(reason) => skipped.push(format!("{path}: {reason}")),
                    None => unaccounted.push(path.clone()),
                }
                continue;
            }
            specified.extend(report.operations.iter().cloned());
            if report.is_full() {
                full += 1;
            } else if let Some(reason) = plans.iter().find_map(|p| p.partly_covered.get(path)) {
                decided.push(format!("{}\n  decided: {reason}", report.summary()));
            } else {
                partial += 1;
                println!("{}", report.summary());
            }
        }
        println!("\npages partly covered by a recorded decision:");
        for d in &decided {
            println!("  {d}");
        }
        println!("\npages not specified, with the reason:");
        for s in &skipped {
            println!("  {s}");
        }
        for u in &unaccounted {
            println!("UNACCOUNTED: {u}: no operation names it and no plan gives a reason");
        }
        println!(
            "\n{} pages: {} specified ({full} fully covered, {} partly by a recorded decision, {partial} partly without one), {} not specified with a reason, {} unaccounted for",
            pages.len(),
            full + partial + decided.len(),
            decided.len(),
            skipped.len(),
            unaccounted.len()
        );
        println!("{} operations specified from these pages", specified.len());
        for plan in &plans {
            let service = api
                .services
                .iter()
                .find(|s| s.name == plan.service)
                .ok_or_else(|| format!("no service `{}` in spec/", plan.service))?;
            let mut areas = std::collections::BTreeMap::new();
            for m in &service.modules {
                *areas.entry(m.area.as_deref().unwrap_or("-")).or_insert(0) += m.operations.len();
            }
            areas.remove("-");
            let generated: usize = areas.values().sum();
            let per_area: Vec<String> = areas.iter().map(|(a, n)| format!("{a} {n}")).collect();
            println!(
                "`{}`: {generated} operations generated; per area (feature {}-<area>): {}",
                service.name,
                service.name,
                per_area.join(", ")
            );
        }
        Ok(unaccounted.is_empty() && partial == 0)
    };
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A metadata file and the newer ones its plan names beside it, read.
pub(crate) fn metadata(
    file: &Path,
    plan: &Plan,
) -> Result<Vec<(String, identity_codegen::import::meta::Metadata)>, String> {
    let name = |p: &Path| {
        p.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut paths = vec![file.to_path_buf()];
    if plan.document.as_deref() == Some(name(file).as_str()) {
        paths.extend(plan.newer.iter().map(|n| dir.join(n)));
    }
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            let meta = identity_codegen::import::meta::Metadata::read(&text)
                .map_err(|e| format!("{}: {e}", p.display()))?;
            Ok((name(p), meta))
        })
        .collect()
}

/// The official SDK the plan names (`sdk:`), read from `target/crosscheck/`
/// (fetched there first if it is not).
pub(crate) fn sdk_package(
    root: &Path,
    plan: &Plan,
) -> Result<Option<identity_codegen::import::python_sdk::Package>, String> {
    plan.sdk
        .as_deref()
        .map(|label| crate::crosscheck::python_package(&root.join("target/crosscheck"), label))
        .transpose()
}

/// `cargo xtask import-corpus METADATA --plan FILE`: drafts every action of
/// an API metadata file, of the plan's newer files and of its SDK; writes
/// the files that do not exist yet.
pub fn import_meta(root: &Path, file: &Path, plan: &Path) -> ExitCode {
    let run = || -> Result<(), String> {
        let plan = Plan::read(plan)?;
        let files = metadata(file, &plan)?;
        let api = crate::api().ok_or("the specs do not validate")?;
        let service = api
            .services
            .iter()
            .find(|s| s.name == plan.service)
            .ok_or_else(|| format!("no service `{}` in spec/", plan.service))?;
        let refs: Vec<(&str, &_)> = files.iter().map(|(n, m)| (n.as_str(), m)).collect();
        let package = sdk_package(root, &plan)?;
        let sdk = plan
            .sdk
            .as_deref()
            .zip(package.as_ref())
            .map(|(label, package)| identity_codegen::import::meta::Sdk { label, package });
        let result = identity_codegen::import::meta::import_metadata(&refs, sdk, &plan, service);
        for line in &result.report {
            println!("{line}");
        }
        let (written, kept) = write_new(&root.join("spec").join(&plan.service), &result.files)?;
        let drafted = result
            .report
            .iter()
            .filter(|l| l.contains(": `") && l.ends_with(')'))
            .count();
        println!(
            "{} actions reported ({drafted} drafted); {written} files written, {kept} existing files kept",
            result.report.len()
        );
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask coverage --corpus METADATA`: what became of every action of
/// an API metadata file: the operation naming it (`<file>#<Action>`) and how
/// much of its parameters, fields and enum values the spec holds, the
/// operation specifying the action from another document, or why there is
/// none (the plan's `not_yet`, or `newer_only` for a newer file's actions its
/// `document` lacks). Exit 1 when an action is unaccounted for or not fully
/// covered.
pub fn meta_coverage(file: &Path, spec: &Path) -> ExitCode {
    use identity_codegen::import::meta::{facts, source};
    use identity_codegen::model::Call;
    let run = || -> Result<bool, String> {
        let plans = Plan::read_all(spec)?;
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let plan = plans
            .iter()
            .find(|p| p.document.as_deref() == Some(name.as_str()) || p.newer.contains(&name))
            .ok_or_else(|| format!("no plan in {} names {name}", spec.display()))?;
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let meta = identity_codegen::import::meta::Metadata::read(&text)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        let document = match &plan.document {
            Some(d) if *d != name => Some(
                std::fs::read_to_string(file.with_file_name(d))
                    .ok()
                    .and_then(|t| identity_codegen::import::meta::Metadata::read(&t).ok())
                    .ok_or_else(|| format!("cannot read the plan's document {d} beside {name}"))?,
            ),
            _ => None,
        };
        let api = crate::api().ok_or("the specs do not validate")?;
        let service = api
            .services
            .iter()
            .find(|s| s.name == plan.service)
            .ok_or_else(|| format!("no service `{}` in spec/", plan.service))?;
        let (mut full, mut partial, mut elsewhere) = (0, 0, Vec::new());
        let (mut skipped, mut unaccounted) = (Vec::new(), Vec::new());
        for (action, def) in &meta.apis.0 {
            let page = source(&name, action);
            let report = identity_codegen::coverage::of_facts(&api, &page, facts(def));
            if !report.operations.is_empty() {
                if report.is_full() {
                    full += 1;
                } else {
                    partial += 1;
                    println!("{}", report.summary());
                }
                continue;
            }
            let by_action = service
                .modules
                .iter()
                .flat_map(|m| &m.operations)
                .find(|o| matches!(&o.call, Call::Rpc { action: a } if a == action));
            if let Some(op) = by_action {
                elsewhere.push(format!(
                    "{page}: `{}`, specified from {}",
                    op.wire_name, op.source
                ));
                continue;
            }
            let newer_only = document
                .as_ref()
                .is_some_and(|d| d.apis.get(action).is_none());
            match (plan.not_yet.get(action), newer_only, &plan.newer_only) {
                (Some(reason), _, _) => skipped.push(format!("{page}: {reason}")),
                (None, true, Some(reason)) => skipped.push(format!("{page}: {reason}")),
                _ => unaccounted.push(page),
            }
        }
        println!("\nactions specified from another document:");
        for e in &elsewhere {
            println!("  {e}");
        }
        println!("\nactions not specified, with the reason:");
        for s in &skipped {
            println!("  {s}");
        }
        for u in &unaccounted {
            println!("UNACCOUNTED: {u}: no operation names it and the plan gives no reason");
        }
        println!(
            "\n{} actions: {} specified from it ({full} fully covered, {partial} partly), {} from another document, {} not specified with a reason, {} unaccounted for",
            meta.apis.0.len(),
            full + partial,
            elsewhere.len(),
            skipped.len(),
            unaccounted.len()
        );
        let mut areas = std::collections::BTreeMap::new();
        for m in &service.modules {
            *areas.entry(m.area.as_deref().unwrap_or("-")).or_insert(0) += m.operations.len();
        }
        let per_area: Vec<String> = areas.iter().map(|(a, n)| format!("{a} {n}")).collect();
        println!(
            "`{}`: operations per area (feature {}-<area>; `-` outside the areas): {}",
            service.name,
            service.name,
            per_area.join(", ")
        );
        Ok(unaccounted.is_empty() && partial == 0)
    };
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the drafts whose files do not exist yet under `dir`; returns how
/// many were written and how many existing files were kept.
fn write_new(dir: &Path, files: &[(String, String)]) -> Result<(usize, usize), String> {
    let (mut written, mut kept) = (0, 0);
    for (path, text) in files {
        let target = dir.join(path);
        if target.exists() {
            kept += 1;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&target, text)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        written += 1;
    }
    Ok((written, kept))
}

//! `cargo xtask bench-ab REV REV... [--runs 3] [--ops 1000]`: the build time
//! of the synthetic crate as each git revision of the generator writes it.
//!
//! This VM's speed drifts by 20% from one minute to the next, more than most
//! emitter changes move the build, so the revisions' clean builds alternate
//! (round 1: A, B; round 2: A, B; ...) and each gets the same mix of slow and
//! fast minutes. Worktrees and outputs stay in `target/bench/ab/` for the next
//! comparison (`git worktree prune` after deleting it).

use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};

use super::{build_workspace, cargo, median, settle, sh, synth, timed, SEED};

const USAGE: &str = "usage: cargo xtask bench-ab REV REV... [--runs 3] [--ops 1000]";

pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let (mut revs, mut runs, mut ops) = (Vec::new(), 3, 1000);
    let mut args = args.iter();
    while let Some(&arg) = args.next() {
        let number = |n: Option<&&str>| n.and_then(|n| n.parse().ok());
        match arg {
            "--runs" => runs = number(args.next()).unwrap_or(runs),
            "--ops" => ops = number(args.next()).unwrap_or(ops),
            flag if flag.starts_with("--") => {
                eprintln!("error: unknown option `{flag}`\n{USAGE}");
                return ExitCode::from(2);
            }
            rev => revs.push(rev),
        }
    }
    if revs.len() < 2 {
        eprintln!("error: name at least two revisions\n{USAGE}");
        return ExitCode::from(2);
    }
    match compare(root, &revs, runs, ops) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn compare(root: &Path, revs: &[&str], runs: usize, ops: usize) -> Result<(), String> {
    let work = root.join("target/bench/ab");
    let spec = work.join("spec");
    let _ = fs::remove_dir_all(&spec);
    synth::write_corpus(&spec, ops, SEED).map_err(|e| e.to_string())?;
    // Each revision's generator, built in a worktree, writes its crate once.
    let mut crates = Vec::new();
    for rev in revs {
        let sha = sh(git(root).args(["rev-parse", "--short", rev]))?
            .trim()
            .to_owned();
        let tree = work.join(format!("tree-{sha}"));
        if !tree.exists() {
            sh(git(root)
                .args(["worktree", "add", "--detach"])
                .arg(&tree)
                .arg(&sha))?;
        }
        let target = work.join("xtask-target");
        sh(&mut cargo(
            &tree,
            &target,
            &["build", "--quiet", "--release", "--package", "xtask"],
        ))?;
        let out = work.join(format!("gen-{sha}"));
        let _ = fs::remove_dir_all(&out);
        sh(Command::new(target.join("release/xtask"))
            .arg("bench-once")
            .arg(&spec)
            .arg(&out))?;
        let name = if sha.starts_with(rev) || rev.starts_with(&sha) {
            sha
        } else {
            format!("{rev} ({sha})")
        };
        // Since the runtime became a crate, the generated crate depends on
        // the revision's own; a clean build builds it too.
        let runtime = Some(tree.join("codegen/runtime")).filter(|r| r.join("Cargo.toml").exists());
        crates.push((name, out, runtime));
    }
    let ws = work.join("ws");
    let runtime_dir = ws.join("runtime");
    build_workspace(root, &ws, &runtime_dir)?;
    // An older revision's crate may inherit a workspace dependency the
    // current root has dropped: the benchmark workspace declares them all.
    for rev in revs {
        let sha = sh(git(root).args(["rev-parse", "--short", rev]))?;
        let theirs = sh(git(root).args(["show", &format!("{}:Cargo.toml", sha.trim())]))?;
        add_missing_dependencies(&ws.join("Cargo.toml"), &theirs)?;
    }
    let target = ws.join("target");
    let build = || {
        let mut c = cargo(
            &ws,
            &target,
            &["build", "--quiet", "--package", "identity-sdk"],
        );
        c.env("CARGO_INCREMENTAL", "0");
        c
    };
    let gen = ws.join("gen");
    let use_crate = |dir: &Path, runtime: &Option<std::path::PathBuf>| {
        let _ = fs::remove_dir_all(&gen);
        copy_dir(dir, &gen).map_err(|e| format!("copy {}: {e}", dir.display()))?;
        let _ = fs::remove_dir_all(&runtime_dir);
        match runtime {
            Some(r) => copy_dir(r, &runtime_dir).map_err(|e| format!("copy {}: {e}", r.display())),
            None => Ok(()),
        }
    };
    use_crate(&crates[0].1, &crates[0].2)?;
    sh(&mut build())?; // dependencies
    let mut times = vec![Vec::new(); crates.len()];
    for round in 0..runs {
        for ((name, dir, runtime), times) in crates.iter().zip(&mut times) {
            use_crate(dir, runtime)?;
            let mut clean = vec!["clean", "--quiet", "--package", "identity-sdk"];
            if runtime.is_some() {
                clean.extend(["--package", "identity-sdk-runtime"]);
            }
            sh(&mut cargo(&ws, &target, &clean))?;
            settle();
            let secs = timed(&mut build())?;
            eprintln!("round {}: {name} {secs:.1} s", round + 1);
            times.push(secs);
        }
    }
    println!("Clean debug build of the synthetic {ops}-operation crate as a dependency (`CARGO_INCREMENTAL=0`), rounds alternating:\n");
    let rounds: String = (1..=runs).map(|r| format!(" round {r} |")).collect();
    println!("| generator revision |{rounds} median |");
    println!("| --- |{} ---: |", " ---: |".repeat(runs));
    for ((name, _, _), times) in crates.iter().zip(times) {
        let cells: String = times.iter().map(|t| format!(" {t:.1} s |")).collect();
        println!("| {name} |{cells} **{:.1} s** |", median(times.clone()));
    }
    Ok(())
}

/// Appends to the `[workspace.dependencies]` of `manifest` (the last table
/// of the benchmark workspace's manifest) the entries of `other` it lacks.
fn add_missing_dependencies(manifest: &Path, other: &str) -> Result<(), String> {
    let mut text = fs::read_to_string(manifest).map_err(|e| e.to_string())?;
    let names = |t: &str| -> Vec<String> {
        let section = t.split("[workspace.dependencies]").nth(1).unwrap_or("");
        section
            .lines()
            .take_while(|l| !l.starts_with('['))
            .filter_map(|l| l.split_once(" = ").map(|(name, _)| name.trim().to_owned()))
            .collect()
    };
    let have = names(&text);
    let section = other.split("[workspace.dependencies]").nth(1).unwrap_or("");
    for line in section.lines().take_while(|l| !l.starts_with('[')) {
        let Some((name, _)) = line.split_once(" = ") else {
            continue;
        };
        if !line.contains("path = ") && !have.iter().any(|h| h == name.trim()) {
            text.push('\n');
            text.push_str(line);
        }
    }
    text.push('\n');
    fs::write(manifest, text).map_err(|e| e.to_string())
}

fn git(root: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(root);
    c
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            fs::copy(entry.path(), dest)?;
        }
    }
    Ok(())
}

//! `cargo xtask bench`: codegen time and memory for synthetic corpora of N
//! operations, side by side with progenitor on the same corpus as OpenAPI,
//! and build times of the generated crate. Prints Markdown for BENCHMARKS.md.

pub mod ab;
pub mod adversarial;
pub mod decode;
mod openapi;
mod synth;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use identity_codegen::{emit, load, validate, write};

const SEED: u64 = 0x1d5d_2026;

struct Options {
    sizes: Vec<usize>,
    runs: usize,
    build: bool,
    progenitor: bool,
    /// Where fresh outputs are written (`--out-dir`; default `target/bench/fresh`).
    out_dir: Option<PathBuf>,
}

pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let mut o = Options {
        sizes: vec![100, 1000, 5000],
        runs: 5,
        build: true,
        progenitor: true,
        out_dir: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--sizes" => {
                o.sizes = args
                    .next()
                    .map(|s| s.split(',').filter_map(|n| n.parse().ok()).collect())
                    .unwrap_or_default()
            }
            "--runs" => o.runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(5),
            "--no-build" => o.build = false,
            "--no-progenitor" => o.progenitor = false,
            "--out-dir" => o.out_dir = args.next().map(PathBuf::from),
            other => {
                eprintln!("error: unknown option `{other}`\nusage: cargo xtask bench [--sizes 100,1000,5000] [--runs 5] [--no-build] [--no-progenitor] [--out-dir DIR]");
                return ExitCode::from(2);
            }
        }
    }
    match bench(root, &o) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask bench-once SPEC OUT`: one timed generation, in its own process
/// so that its peak memory is its own. Prints `key=value` pairs.
pub fn once(spec: &Path, out: &Path) -> ExitCode {
    let t = Instant::now();
    let sources = match load::read_dir(spec) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut diags = identity_codegen::diag::Diagnostics::default();
    let loaded = load::parse_all(sources, &mut diags);
    let t_load = t.elapsed();
    let api = validate::validate(loaded, &mut diags);
    let t_validate = t.elapsed();
    let Some(api) = api.filter(|_| diags.is_empty()) else {
        eprintln!("{}", diags.finish());
        return ExitCode::FAILURE;
    };
    let files = match emit::emit(&api) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    // Freed where `identity_codegen::generate` frees it, so that each phase
    // costs what it costs in `cargo xtask codegen`.
    api.free();
    let t_emit = t.elapsed();
    let changed = match write::write(out, &files) {
        Ok(changed) => changed.len(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let t_write = t.elapsed();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "load_ms={:.1} validate_ms={:.1} emit_ms={:.1} write_ms={:.1} total_ms={:.1} files={} changed={changed} peak_kb={}",
        ms(t_load),
        ms(t_validate - t_load),
        ms(t_emit - t_validate),
        ms(t_write - t_emit),
        ms(t_write),
        files.len(),
        peak_kb()
    );
    ExitCode::SUCCESS
}

/// Peak resident memory of this process (Linux).
fn peak_kb() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

fn field(line: &str, key: &str) -> f64 {
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

fn sh(cmd: &mut Command) -> Result<String, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{cmd:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn timed(cmd: &mut Command) -> Result<f64, String> {
    let t = Instant::now();
    sh(cmd)?;
    Ok(t.elapsed().as_secs_f64())
}

fn bench(root: &Path, o: &Options) -> Result<(), String> {
    let work = root.join("target/bench");
    // Timed runs use an optimized generator, whatever profile runs this command.
    sh(Command::new("cargo")
        .args(["build", "--quiet", "--release", "--package", "xtask"])
        .current_dir(root))?;
    let me = root.join("target/release/xtask");
    let has_progenitor = o.progenitor
        && Command::new("cargo")
            .args(["progenitor", "--help"])
            .output()
            .is_ok_and(|x| x.status.success());
    // Outputs of earlier benchmark runs go now, and the disk gets time to
    // settle before the first timed run (see `fresh_dir`).
    let fresh = o.out_dir.clone().unwrap_or_else(|| work.join("fresh"));
    let _ = fs::remove_dir_all(&fresh);
    let _ = Command::new("sync").status();
    std::thread::sleep(std::time::Duration::from_secs(10));
    println!("## Codegen\n");
    println!("| operations | load | validate | emit + format | write | wall time, fresh output (median of {}) | per operation | wall time, unchanged output | peak memory | progenitor, fresh output (median) | ours / progenitor |", o.runs);
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for &n in &o.sizes {
        let spec = work.join(format!("n{n}/spec"));
        synth::write_corpus(&spec, n, SEED).map_err(|e| e.to_string())?;
        // The phases as the process measured them, and its wall time from
        // outside (start-up and exit included), as progenitor's is measured.
        let run_once = |out: &Path| {
            let start = Instant::now();
            let phases = sh(Command::new(&me).arg("bench-once").arg(&spec).arg(out))?;
            let wall_ms = start.elapsed().as_secs_f64() * 1000.0;
            Ok::<_, String>(format!("{phases} wall_ms={wall_ms:.1}"))
        };
        let doc = if has_progenitor {
            Some(openapi_doc(&work, n, &spec)?)
        } else {
            None
        };
        let mut runs = Vec::new();
        let mut progenitor_runs = Vec::new();
        let mut out = PathBuf::new();
        // Ours and progenitor's fresh runs alternate, so that a change in the
        // machine's speed during the bench falls on both alike.
        for run in 0..o.runs {
            // A new, empty output directory each run: every file is written.
            out = fresh_dir(&fresh, &format!("n{n}-{run}"))?;
            runs.push(run_once(&out)?);
            settle();
            if let Some(doc) = &doc {
                let out = fresh_dir(&fresh, &format!("n{n}-{run}-progenitor"))?;
                progenitor_runs.push(timed(&mut progenitor(doc, &out))? * 1000.0);
                settle();
            }
        }
        // Regenerating over an unchanged output: every file read, none written.
        let mut again = Vec::new();
        for _ in 0..o.runs {
            again.push(field(&run_once(&out)?, "wall_ms"));
        }
        let m = |k: &str| median(runs.iter().map(|r| field(r, k)).collect());
        let (total, unchanged) = (m("wall_ms"), median(again));
        let progenitor = doc.is_some().then(|| median(progenitor_runs));
        println!(
            "| {n} | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} ms | **{total:.0} ms** | {:.2} ms | {unchanged:.0} ms | {:.0} MB | {} | {} |",
            m("load_ms"),
            m("validate_ms"),
            m("emit_ms"),
            m("write_ms"),
            total / n as f64,
            m("peak_kb") / 1024.0,
            progenitor.map_or("-".into(), |p| format!("{p:.0} ms")),
            progenitor.map_or("-".into(), |p| format!("{:.2}", total / p)),
        );
    }
    if o.out_dir.is_some() {
        // Likely a RAM disk: give the memory back.
        let _ = fs::remove_dir_all(&fresh);
    }
    if o.build {
        builds(root, &work, &me, has_progenitor)?;
    }
    Ok(())
}

/// Writes the corpus at `spec` as an OpenAPI 3.0 document; returns its path.
fn openapi_doc(work: &Path, n: usize, spec: &Path) -> Result<PathBuf, String> {
    let sources = load::read_dir(spec).map_err(|e| e.to_string())?;
    let api = identity_codegen::check(sources).map_err(|e| e.to_string())?;
    let doc = work.join(format!("n{n}/openapi.json"));
    fs::write(
        &doc,
        serde_json::to_string_pretty(&openapi::document(&api)).unwrap_or_default(),
    )
    .map_err(|e| e.to_string())?;
    Ok(doc)
}

/// `cargo progenitor` generating a crate from `doc` into `out`.
fn progenitor(doc: &Path, out: &Path) -> Command {
    let mut c = Command::new("cargo");
    c.args(["progenitor", "-i"])
        .arg(doc)
        .arg("-o")
        .arg(out)
        .args(["-n", "bench-client", "-v", "0.1.0"]);
    c
}

/// Flushes what a run wrote and waits, so that its writeback does not land
/// in the next timed run (on this VM it did: `write` of the 5,000-operation
/// output went from 0.2 to 1.6 s over five back-to-back runs).
fn settle() {
    let _ = Command::new("sync").status();
    std::thread::sleep(std::time::Duration::from_secs(2));
}

/// A new directory path for one run's output, under `fresh` (`--out-dir`).
///
/// Deleting the previous output right before a run would time the disk, not
/// the generator: on the benchmark VM (ext4 with `discard`), `cp -r` of the
/// 5,000-operation output takes 0.4 s into a quiet file system and 2.5-5 s
/// right after `rm -rf` + `sync` of the same tree. So every run writes to a
/// path of its own, and `bench` clears them all once, before anything is timed.
/// `--out-dir /dev/shm/...` takes the disk out of the measurement altogether.
fn fresh_dir(fresh: &Path, name: &str) -> Result<PathBuf, String> {
    let dir = fresh.join(name);
    if dir.exists() {
        return Err(format!(
            "{} exists: bench clears its output directory first",
            dir.display()
        ));
    }
    Ok(dir)
}

/// A workspace around a generated crate, with the project's dependency
/// versions; the runtime crate it depends on is `runtime` (this checkout's
/// `codegen/runtime`, or another revision's).
fn build_workspace(root: &Path, dir: &Path, runtime: &Path) -> Result<(), String> {
    let manifest = fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let runtime_dependency = format!(
        "identity-sdk-runtime = {{ path = {:?} }}",
        runtime.display().to_string()
    );
    let kept: Vec<String> = manifest
        .lines()
        .take_while(|l| !l.starts_with("[profile"))
        .filter(|l| !l.starts_with("members"))
        .filter_map(|l| match l {
            _ if l.starts_with("identity-sdk-runtime ") => Some(runtime_dependency.clone()),
            _ if l.contains("path = ") => None,
            _ => Some(l.to_owned()),
        })
        .collect();
    let text = kept
        .join("\n")
        .replace("[workspace]", "[workspace]\nmembers = [\"gen\"]");
    fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    fs::write(dir.join("Cargo.toml"), text).map_err(|e| e.to_string())
}

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("cargo");
    c.args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target);
    c
}

/// Build times (s) of the generated crate `identity-sdk` in workspace `ws`:
/// clean as a dependency (cargo builds registry and git dependencies without
/// incremental compilation), clean as a workspace member (incremental on),
/// after `edit` as a workspace member, and clean (as a dependency) with only
/// the feature `service`, then only `area`.
fn build_row(
    ws: &Path,
    edit: impl FnOnce() -> Result<(), String>,
    service: &str,
    area: &str,
) -> Result<[f64; 5], String> {
    let target = ws.join("target");
    let build = |features: Option<&str>, incremental: bool| {
        let mut args = vec!["build", "-q", "-p", "identity-sdk"];
        if let Some(f) = features {
            args.extend(["--no-default-features", "--features", f]);
        }
        let mut c = cargo(ws, &target, &args);
        c.env("CARGO_INCREMENTAL", if incremental { "1" } else { "0" });
        c
    };
    let clean = || {
        sh(&mut cargo(
            ws,
            &target,
            &["clean", "-q", "-p", "identity-sdk"],
        ))
    };
    sh(&mut build(None, true))?; // dependencies
    clean()?;
    let as_dependency = timed(&mut build(None, false))?;
    clean()?;
    let as_member = timed(&mut build(None, true))?;
    edit()?;
    let after_edit = timed(&mut build(None, true))?;
    clean()?;
    let one_service = timed(&mut build(Some(service), false))?;
    clean()?;
    let one_area = timed(&mut build(Some(area), false))?;
    Ok([as_dependency, as_member, after_edit, one_service, one_area])
}

fn builds(root: &Path, work: &Path, me: &PathBuf, progenitor: bool) -> Result<(), String> {
    println!("\n## Build of the generated crate (debug, dependencies already built)\n");
    println!("| crate | clean, as a dependency | clean, as a workspace member (incremental) | after editing one operation (incremental) | one service feature only | one area feature only |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    // The real specs, in the project's own workspace; the edit touches one
    // operation's file.
    let touched = root.join("generated/src/genauth/users/get_user_identities.rs");
    let touch = || {
        let text = fs::read(&touched).map_err(|e| e.to_string())?;
        fs::write(&touched, &text).map_err(|e| e.to_string())
    };
    let [dep, member, edit, service, area] = build_row(root, touch, "eiam", "genauth-sync-center")?;
    println!("| real specs (422 operations) | {dep:.1} s | {member:.1} s | {edit:.1} s | {service:.1} s (`eiam`, 4 operations) | {area:.1} s (`genauth-sync-center`, 11 operations) |");

    // The synthetic corpus of 1,000 operations, in a scratch workspace; the
    // edit adds a field to one operation's spec and regenerates (only its
    // file changes).
    let ws = work.join("build-ws");
    build_workspace(root, &ws, &root.join("codegen/runtime"))?;
    let spec = work.join("n1000/spec");
    synth::write_corpus(&spec, 1000, SEED).map_err(|e| e.to_string())?;
    let gen = ws.join("gen");
    sh(Command::new(me).arg("bench-once").arg(&spec).arg(&gen))?;
    let mut changed = String::new();
    let edit = || {
        let op = spec.join("alpha/area_00/op_00007.yaml");
        let mut yaml = fs::read_to_string(&op).map_err(|e| e.to_string())?;
        yaml.push_str("  Extra7:\n    fields:\n      note: {type: string}\n");
        fs::write(&op, yaml).map_err(|e| e.to_string())?;
        changed = sh(Command::new(me).arg("bench-once").arg(&spec).arg(&gen))?;
        Ok(())
    };
    let [dep, member, edit, service, area] = build_row(&ws, edit, "alpha", "alpha-area-00")?;
    println!("| synthetic, 1,000 operations | {dep:.1} s | {member:.1} s | {edit:.1} s | {service:.1} s (`alpha`, 500 operations) | {area:.1} s (`alpha-area-00`, {} operations) |", synth::AREA_OPS);
    println!("\nRegenerating after that edit: `{}`", changed.trim());
    if progenitor {
        let secs = progenitor_build(work, &spec)?;
        println!("\nprogenitor's crate for the same 1,000 operations (`cargo progenitor` output, one `lib.rs`), clean as a dependency: {secs:.1} s");
    }
    Ok(())
}

/// Build time (s) of progenitor's crate for the synthetic 1,000 operations,
/// clean as a dependency (no incremental), its dependencies already built.
fn progenitor_build(work: &Path, spec: &Path) -> Result<f64, String> {
    // Its own workspace outside ours; the `target/` survives regenerations.
    let ws = work.join("progenitor-ws");
    let out = ws.join("generated");
    let _ = fs::remove_dir_all(&out);
    sh(&mut progenitor(&openapi_doc(work, 1000, spec)?, &out))?;
    let src = ws.join("src");
    let _ = fs::remove_dir_all(&src);
    fs::create_dir_all(&src).map_err(|e| e.to_string())?;
    let manifest = fs::read_to_string(out.join("Cargo.toml")).map_err(|e| e.to_string())?;
    fs::write(ws.join("Cargo.toml"), manifest + "\n[workspace]\n").map_err(|e| e.to_string())?;
    fs::copy(out.join("src/lib.rs"), src.join("lib.rs")).map_err(|e| e.to_string())?;
    let target = ws.join("target");
    let build = || {
        let mut c = cargo(&ws, &target, &["build", "-q"]);
        c.env("CARGO_INCREMENTAL", "0");
        c
    };
    sh(&mut build())?; // dependencies
    sh(&mut cargo(
        &ws,
        &target,
        &["clean", "-q", "-p", "bench-client"],
    ))?;
    timed(&mut build())
}

//! `cargo xtask bench-decode [--rounds N]`: decode and encode speed, and peak
//! memory, of a GenAuth `listUsers` response through the generated types,
//! plain serde derives, derives with `#[serde(flatten)]` maps of unknown
//! fields, and `serde_json::Value` (`tests/src/bin/bench_decode.rs`).
//!
//! Each mode runs in its own process, so that its peak memory is its own,
//! and the modes alternate (round 1: generated, derive, derive-flatten,
//! value; round 2: the same; ...) so that each gets the same mix of this
//! VM's slow and fast minutes. The table shows medians over the rounds of
//! each process's median. Prints Markdown for BENCHMARKS.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use super::{field, median, sh};

const USAGE: &str = "usage: cargo xtask bench-decode [--rounds 5]";

/// The modes of `bench_decode`, in the order they run in each round.
const MODES: [&str; 4] = ["generated", "derive", "derive-flatten", "value"];

/// The bodies: a large list (about 20 MB) and a small page.
const SIZES: [usize; 2] = [10_000, 10];

pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let mut rounds = 5;
    let mut args = args.iter();
    while let Some(&arg) = args.next() {
        match arg {
            "--rounds" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => rounds = n,
                _ => {
                    eprintln!("error: --rounds takes a positive number\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            other => {
                eprintln!("error: unknown option `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match bench(root, rounds) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

fn bench(root: &Path, rounds: usize) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("building bench_decode (release)...");
    sh(Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--release",
            "-p",
            "identity-sdk-tests",
            "--bin",
            "bench_decode",
        ])
        .current_dir(root))?;
    let bin = target_dir(root).join("release/bench_decode");
    let load_before = load_average();

    // (users, mode) -> one `key=value` line per round.
    let mut runs: BTreeMap<(usize, &str), Vec<String>> = BTreeMap::new();
    for round in 1..=rounds {
        for users in SIZES {
            for mode in MODES {
                eprintln!("round {round}/{rounds}: {mode}, {users} users");
                let line = sh(Command::new(&bin).arg(mode).arg(users.to_string()))?;
                runs.entry((users, mode))
                    .or_default()
                    .push(line.trim().to_owned());
            }
        }
    }
    let load_after = load_average();

    let m = |users: usize, mode: &str, key: &str| {
        median(runs[&(users, mode)].iter().map(|l| field(l, key)).collect())
    };
    println!(
        "`cargo xtask bench-decode --rounds {rounds}`: {}; {} cores; {}; load average {load_before} before, {load_after} after.\n",
        cpu_model(),
        std::thread::available_parallelism().map_or(0, usize::from),
        rustc_version(),
    );
    println!("| mode | body | decode MB/s | ns per user | decode ms, median (best) | peak memory while decoding | heap peak while decoding | decoded value's heap | encode MB/s |");
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for users in SIZES {
        for mode in MODES {
            let bytes = m(users, mode, "bytes");
            let decode_ms = m(users, mode, "decode_median_ms");
            let best_ms = runs[&(users, mode)]
                .iter()
                .map(|l| field(l, "decode_best_ms"))
                .fold(f64::INFINITY, f64::min);
            let encode_ms = m(users, mode, "encode_median_ms");
            let encoded = m(users, mode, "encoded_bytes");
            println!(
                "| {mode} | {users} users, {} | **{:.0}** | {:.0} | {} ({}) | {} | {} | {} | {:.0} |",
                megabytes(bytes),
                bytes / 1e3 / decode_ms,
                decode_ms * 1e6 / users as f64,
                milliseconds(decode_ms),
                milliseconds(best_ms),
                kib(m(users, mode, "peak_delta_kb")),
                kib(m(users, mode, "heap_peak_kb")),
                kib(m(users, mode, "heap_value_kb")),
                encoded / 1e3 / encode_ms,
            );
        }
    }
    println!("\nRatios of the medians (time, memory: above 1 means generated takes more):\n");
    println!("| body | vs | decode time | peak memory while decoding | heap peak while decoding | decoded value's heap | encode time |");
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for users in SIZES {
        for other in &MODES[1..] {
            let ratio = |key: &str| {
                let (g, o) = (m(users, "generated", key), m(users, other, key));
                if o > 0.0 {
                    format!("{:.2}", g / o)
                } else {
                    "-".to_owned()
                }
            };
            println!(
                "| {users} users | generated / {other} | **{}** | {} | {} | {} | {} |",
                ratio("decode_median_ms"),
                ratio("peak_delta_kb"),
                ratio("heap_peak_kb"),
                ratio("heap_value_kb"),
                ratio("encode_median_ms"),
            );
        }
    }
    Ok(())
}

fn megabytes(bytes: f64) -> String {
    if bytes >= 1e6 {
        format!("{:.1} MB", bytes / 1e6)
    } else {
        format!("{:.1} kB", bytes / 1e3)
    }
}

fn milliseconds(ms: f64) -> String {
    if ms >= 10.0 {
        format!("{ms:.0}")
    } else {
        format!("{ms:.3}")
    }
}

/// A memory figure given in KiB; pages are 4 KiB, so small ones are coarse.
fn kib(k: f64) -> String {
    if k >= 10240.0 {
        format!("{:.0} MiB", k / 1024.0)
    } else {
        format!("{k:.0} KiB")
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned())
}

fn rustc_version() -> String {
    sh(Command::new("rustc").arg("-V"))
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|_| "rustc ?".to_owned())
}

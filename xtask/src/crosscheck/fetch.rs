//! Fetches the pinned official SDKs into `target/crosscheck/` with the
//! ordinary package clients (`npm pack`, `pip download`), once; later runs
//! reuse the unpacked sources after checking their version.

use std::path::{Path, PathBuf};
use std::process::Command;

pub const NODE_PACKAGE: &str = "authing-node-sdk";
pub const NODE_VERSION: &str = "4.0.1";
pub const PYTHON_PACKAGE: &str = "alibabacloud-eiam20211201";
pub const PYTHON_VERSION: &str = "3.0.1";
/// The Python package's import name.
pub const PYTHON_MODULE: &str = "alibabacloud_eiam20211201";

/// `target/crosscheck/authing-node-sdk-4.0.1/package`, fetched if missing.
pub fn node_sdk(dir: &Path) -> Result<PathBuf, String> {
    let home = dir.join(format!("{NODE_PACKAGE}-{NODE_VERSION}"));
    let package = home.join("package");
    if !package.join("package.json").is_file() {
        std::fs::create_dir_all(&home)
            .map_err(|e| format!("cannot create {}: {e}", home.display()))?;
        eprintln!(
            "fetching {NODE_PACKAGE}@{NODE_VERSION} with npm into {}",
            home.display()
        );
        run(
            Command::new("npm")
                .args([
                    "pack",
                    "--silent",
                    &format!("{NODE_PACKAGE}@{NODE_VERSION}"),
                ])
                .current_dir(&home),
            "npm (Node.js's package client; install Node.js)",
        )?;
        let tarball = format!("{NODE_PACKAGE}-{NODE_VERSION}.tgz");
        run(
            Command::new("tar")
                .args(["xzf", &tarball])
                .current_dir(&home),
            "tar",
        )?;
    }
    let manifest =
        std::fs::read_to_string(package.join("package.json")).map_err(|e| e.to_string())?;
    let version: serde_json::Value = serde_json::from_str(&manifest).map_err(|e| e.to_string())?;
    if version["name"] != NODE_PACKAGE || version["version"] != NODE_VERSION {
        return Err(format!(
            "{} is {} {}, not {NODE_PACKAGE} {NODE_VERSION}; delete it to fetch again",
            package.display(),
            version["name"],
            version["version"]
        ));
    }
    Ok(package)
}

/// `target/crosscheck/alibabacloud-eiam20211201-3.0.1/alibabacloud_eiam20211201`.
pub fn python_sdk(dir: &Path) -> Result<PathBuf, String> {
    let home = dir.join(format!("{PYTHON_PACKAGE}-{PYTHON_VERSION}"));
    let unpacked = home.join("unpacked");
    if !unpacked.is_dir() {
        std::fs::create_dir_all(&home)
            .map_err(|e| format!("cannot create {}: {e}", home.display()))?;
        eprintln!(
            "fetching {PYTHON_PACKAGE}=={PYTHON_VERSION} with pip into {}",
            home.display()
        );
        let python = python()?;
        run(
            Command::new(&python)
                .args([
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--dest",
                    ".",
                ])
                .arg(format!("{PYTHON_PACKAGE}=={PYTHON_VERSION}"))
                .current_dir(&home),
            "pip",
        )?;
        let archive = std::fs::read_dir(&home)
            .map_err(|e| e.to_string())?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.ends_with(".whl") || n.ends_with(".tar.gz"))
            .ok_or_else(|| format!("pip left no wheel or sdist in {}", home.display()))?;
        std::fs::create_dir_all(&unpacked).map_err(|e| e.to_string())?;
        if archive.ends_with(".whl") {
            // A wheel is a zip file; Python's own zipfile module unpacks it.
            let archive = home.join(&archive);
            run(
                Command::new(&python)
                    .args(["-m", "zipfile", "-e"])
                    .arg(&archive)
                    .arg(&unpacked),
                "python zipfile",
            )?;
        } else {
            run(
                Command::new("tar")
                    .args(["xzf", &archive, "--strip-components=1", "-C", "unpacked"])
                    .current_dir(&home),
                "tar",
            )?;
        }
    }
    let metadata = ["METADATA", "PKG-INFO"]
        .iter()
        .flat_map(|f| {
            let dist = format!("{}-{PYTHON_VERSION}.dist-info/{f}", PYTHON_MODULE);
            [unpacked.join(dist), unpacked.join(f)]
        })
        .find_map(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    let version_line = format!("Version: {PYTHON_VERSION}");
    if !metadata.lines().any(|l| l.trim() == version_line) {
        return Err(format!(
            "{} holds no {PYTHON_PACKAGE} {PYTHON_VERSION} (no `{version_line}` in its metadata); delete it to fetch again",
            unpacked.display()
        ));
    }
    Ok(unpacked.join(PYTHON_MODULE))
}

fn python() -> Result<String, String> {
    for candidate in ["python3", "python"] {
        let ok = Command::new(candidate)
            .args(["-m", "pip", "--version"])
            .output();
        if ok.is_ok_and(|o| o.status.success()) {
            return Ok(candidate.to_owned());
        }
    }
    Err("neither `python3 -m pip` nor `python -m pip` runs: install Python 3 with pip".into())
}

fn run(cmd: &mut Command, what: &str) -> Result<(), String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}

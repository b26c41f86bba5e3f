//! Step 4: write the emitted files, or report how `generated/` differs from them.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::Path;

use crate::emit::OutputFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// The generator writes it; it is not on disk.
    Missing,
    /// On disk with other contents.
    Differs,
    /// On disk but the generator no longer writes it.
    Extra,
}

/// A file of the output directory that is not what the specs produce.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stale {
    pub path: String,
    pub change: Change,
}

/// Compares `dir` with `files` without touching anything.
pub fn diff(dir: &Path, files: &[OutputFile]) -> io::Result<Vec<Stale>> {
    let mut stale = Vec::new();
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for f in files {
        match fs::read(dir.join(&f.path)) {
            Ok(bytes) if bytes == f.contents.as_bytes() => {}
            Ok(_) => stale.push(Stale {
                path: f.path.clone(),
                change: Change::Differs,
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => stale.push(Stale {
                path: f.path.clone(),
                change: Change::Missing,
            }),
            Err(e) => return Err(e),
        }
    }
    for path in list(dir)? {
        if !wanted.contains(path.as_str()) {
            stale.push(Stale {
                path,
                change: Change::Extra,
            });
        }
    }
    stale.sort();
    Ok(stale)
}

/// Makes `dir` hold exactly `files`; only changed files are rewritten, so
/// timestamps (and incremental builds) of untouched files survive.
pub fn write(dir: &Path, files: &[OutputFile]) -> io::Result<Vec<Stale>> {
    let stale = diff(dir, files)?;
    let contents: std::collections::BTreeMap<&str, &[u8]> = files
        .iter()
        .map(|f| (f.path.as_str(), f.contents.as_bytes()))
        .collect();
    let mut writes = Vec::new();
    let mut parents = BTreeSet::new();
    for s in &stale {
        let target = dir.join(&s.path);
        match s.change {
            Change::Extra => fs::remove_file(&target)?,
            Change::Missing | Change::Differs => {
                if let Some(parent) = target.parent() {
                    parents.insert(parent.to_path_buf());
                }
                writes.push((
                    target,
                    contents.get(s.path.as_str()).copied().unwrap_or_default(),
                ));
            }
        }
    }
    for parent in parents {
        fs::create_dir_all(parent)?;
    }
    // Independent files: write them on every core.
    crate::parallel::map(writes, |(target, bytes)| fs::write(target, bytes))
        .into_iter()
        .collect::<io::Result<Vec<()>>>()?;
    remove_empty_dirs(dir)?;
    Ok(stale)
}

/// Every file below `dir`, relative, with `/` separators.
fn list(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                let parts: Vec<_> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    Ok(out)
}

fn remove_empty_dirs(dir: &Path) -> io::Result<bool> {
    let mut empty = true;
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() && remove_empty_dirs(&path)? {
            fs::remove_dir(&path)?;
        } else {
            empty = false;
        }
    }
    Ok(empty)
}

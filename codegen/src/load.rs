//! Step 1: read spec files and parse their YAML into `raw` structs.

use std::fs::{self, FileType};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::diag::{did_you_mean, Diagnostic, Diagnostics, Pos};
use crate::raw::SpecFile;
use crate::span::SpanIndex;

/// One spec file's text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// Shown in diagnostics, e.g. `spec/genauth/service.yaml`.
    pub display_path: String,
    /// The service directory the file belongs to, e.g. `genauth`.
    pub service_dir: String,
    /// The API area the file belongs to: its subdirectory of the service
    /// directory (`spec/genauth/users/get_user.yaml` -> `users`), if any.
    /// Each area is a Rust module and a cargo feature.
    pub area: Option<String>,
    /// The file name without `.yaml`; becomes the Rust module name.
    pub stem: String,
    pub bytes: Vec<u8>,
}

/// A parsed spec file; the positions of its nodes are indexed on first use
/// (only errors need them, and indexing costs as much as parsing).
#[derive(Debug)]
pub struct Loaded {
    pub source: Source,
    pub spec: SpecFile,
    spans: OnceLock<SpanIndex>,
    /// Whether the text holds `todo:` anywhere: only such a file needs its
    /// position index built to find the importer's `todo:` keys.
    pub(crate) mentions_todo: bool,
}

impl Loaded {
    fn new(source: Source, spec: SpecFile, mentions_todo: bool) -> Self {
        Loaded {
            source,
            spec,
            spans: OnceLock::new(),
            mentions_todo,
        }
    }

    /// Where each key and value of the file stands.
    pub fn spans(&self) -> &SpanIndex {
        self.spans.get_or_init(|| {
            let text = String::from_utf8_lossy(&self.source.bytes);
            SpanIndex::build(text.strip_prefix('\u{feff}').unwrap_or(&text))
        })
    }
}

/// Lists `root/<service>/*.yaml` and `root/<service>/<area>/*.yaml`, sorted,
/// so that the result never depends on the order the file system returns
/// entries in.
///
/// Everything else under `root` is an error naming it (a `.yml` file, a
/// fourth directory level, a file directly in `root`...), so that no
/// operation silently disappears, except editor litter (dot-files, `~`
/// backups, `#autosave#` files), which is skipped, and the corpus plans
/// `root/*-corpus.yaml`, which other commands read. Every file-system error
/// names the path it concerns.
pub fn read_dir(root: &Path) -> Result<Vec<Source>, Diagnostics> {
    read_dir_within(root, MAX_TREE_BYTES)
}

/// [`read_dir`], reading at most `budget` bytes in all.
fn read_dir_within(root: &Path, budget: u64) -> Result<Vec<Source>, Diagnostics> {
    let label = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| root.display().to_string());
    let mut walk = Walk {
        sources: Vec::new(),
        diags: Diagnostics::default(),
        read: 0,
        budget,
    };
    for (service, path, listed) in walk.entries(root, &label) {
        let shown = format!("{label}/{service}");
        match walk.kind(&path, listed, &shown) {
            Some(Kind::Dir) => walk.service(&path, &shown, &service),
            Some(Kind::File) if service.ends_with("-corpus.yaml") => {}
            Some(Kind::File) => walk.refuse(
                &shown,
                "a file directly in the spec directory is not read",
                format!("specs go in `{label}/<service>/` or `{label}/<service>/<area>/`; only corpus plans (`*-corpus.yaml`) stand here"),
            ),
            None => {}
        }
    }
    if walk.diags.is_empty() {
        Ok(walk.sources)
    } else {
        Err(walk.diags.finish())
    }
}

enum Kind {
    Dir,
    File,
}

struct Walk {
    sources: Vec<Source>,
    diags: Diagnostics,
    /// Bytes read so far, and the most that may be ([`MAX_TREE_BYTES`]).
    read: u64,
    budget: u64,
}

impl Walk {
    fn refuse(&mut self, shown: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::new(shown, Pos { line: 1, column: 1 }, message).hint(hint));
    }

    fn io_error(&mut self, shown: &str, what: &str, e: &io::Error) {
        self.refuse(
            shown,
            format!("cannot {what}: {e}"),
            "check that the path exists, is readable and is not a symbolic link loop",
        );
    }

    /// `(file name, path, type as listed)` of a directory's entries, sorted
    /// by name, without editor litter.
    fn entries(&mut self, dir: &Path, shown: &str) -> Vec<(String, PathBuf, Option<FileType>)> {
        let listed = fs::read_dir(dir).and_then(|entries| {
            entries
                .map(|e| e.map(|e| (e.file_name(), e.path(), e.file_type().ok())))
                .collect::<Result<Vec<_>, _>>()
        });
        let listed = match listed {
            Ok(listed) => listed,
            Err(e) => {
                self.io_error(shown, "list the directory", &e);
                return Vec::new();
            }
        };
        let mut entries = Vec::new();
        for (name, path, listed) in listed {
            let Some(name) = name.to_str() else {
                let lossy = name.to_string_lossy();
                self.refuse(
                    &format!("{shown}/{lossy}"),
                    "the file name is not UTF-8",
                    "rename it with lower-case ASCII letters, digits and `_`",
                );
                continue;
            };
            if !is_litter(name) {
                entries.push((name.to_owned(), path, listed));
            }
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries
    }

    /// A directory or a regular file (symbolic links followed); anything
    /// else is reported. The type the directory listing gave saves a `stat`
    /// where it is a directory or a file.
    fn kind(&mut self, path: &Path, listed: Option<FileType>, shown: &str) -> Option<Kind> {
        match listed {
            Some(t) if t.is_dir() => return Some(Kind::Dir),
            Some(t) if t.is_file() => return Some(Kind::File),
            _ => {}
        }
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => Some(Kind::Dir),
            Ok(m) if m.is_file() => Some(Kind::File),
            Ok(_) => {
                self.refuse(
                    shown,
                    "neither a file nor a directory",
                    "remove it from the spec directory",
                );
                None
            }
            Err(e) => {
                self.io_error(shown, "read", &e);
                None
            }
        }
    }

    fn service(&mut self, dir: &Path, shown: &str, service: &str) {
        let entries = self.entries(dir, shown);
        if entries.is_empty() {
            self.refuse(
                &format!("{shown}/"),
                "an empty service directory",
                "add its service.yaml, or delete the directory",
            );
        }
        for (name, path, listed) in entries {
            let shown = format!("{shown}/{name}");
            match self.kind(&path, listed, &shown) {
                Some(Kind::Dir) if name.ends_with(".yaml") => self.refuse(
                    &format!("{shown}/"),
                    "a directory named like a spec file",
                    "rename it: an API area's directory is named like a module, e.g. `sync_center`",
                ),
                Some(Kind::Dir) => self.area(&path, &shown, service, &name),
                Some(Kind::File) => self.file(&path, shown, service, None, &name),
                None => {}
            }
        }
    }

    fn area(&mut self, dir: &Path, shown: &str, service: &str, area: &str) {
        let entries = self.entries(dir, shown);
        if entries.is_empty() {
            self.refuse(
                &format!("{shown}/"),
                "an empty API area directory",
                "add the area's operations, or delete the directory",
            );
        }
        for (name, path, listed) in entries {
            let shown = format!("{shown}/{name}");
            match self.kind(&path, listed, &shown) {
                Some(Kind::Dir) => self.refuse(
                    &format!("{shown}/"),
                    "a directory inside an API area is not read",
                    "specs stand at most two levels deep: `<service>/<area>/<name>.yaml`; move its files up",
                ),
                Some(Kind::File) => self.file(&path, shown, service, Some(area), &name),
                None => {}
            }
        }
    }

    fn file(&mut self, path: &Path, shown: String, service: &str, area: Option<&str>, name: &str) {
        let Some(stem) = name.strip_suffix(".yaml") else {
            let lower = name.to_ascii_lowercase();
            let hint = match lower.rsplit_once('.') {
                Some((stem, "yaml" | "yml")) => {
                    format!("spec files end in `.yaml`: rename it to `{stem}.yaml`")
                }
                _ => {
                    "spec directories hold only `.yaml` spec files; move it out of spec/".to_owned()
                }
            };
            self.refuse(
                &shown,
                "not a spec file: its name does not end in `.yaml`",
                hint,
            );
            return;
        };
        match self.read_bounded(path, &shown) {
            Ok(Some(bytes)) => self.sources.push(Source {
                display_path: shown,
                service_dir: service.to_owned(),
                area: area.map(str::to_owned),
                stem: stem.to_owned(),
                bytes,
            }),
            Ok(None) => {}
            Err(e) => self.io_error(&shown, "read the file", &e),
        }
    }

    /// The file's bytes, never more than [`MAX_FILE_BYTES`] of it nor more
    /// than the tree's budget in all: a larger file is refused by its size,
    /// unread (`None`); once the budget is spent, nothing more is read and
    /// the one diagnostic names the file that spent it.
    fn read_bounded(&mut self, path: &Path, shown: &str) -> io::Result<Option<Vec<u8>>> {
        use std::io::Read;
        if self.read > self.budget {
            return Ok(None);
        }
        let file = fs::File::open(path)?;
        let size = file.metadata()?.len();
        let mut bytes = Vec::new();
        if size <= MAX_FILE_BYTES as u64 {
            // Room for the whole file and the byte that shows it ended: two
            // reads, where growing from empty took four.
            bytes.reserve_exact(size as usize + 1);
            // One byte more than allowed: a file that grew since its size was read.
            file.take(MAX_FILE_BYTES as u64 + 1)
                .read_to_end(&mut bytes)?;
        }
        let size = size.max(bytes.len() as u64);
        if size > MAX_FILE_BYTES as u64 {
            self.diags.push(too_large(shown, size));
            return Ok(None);
        }
        self.read += size;
        if self.read > self.budget {
            self.refuse(
                shown,
                format!(
                    "the spec tree holds more than {} bytes; this file passes it, and the rest is not read",
                    self.budget
                ),
                "spec trees are a few megabytes; check that this is the spec directory",
            );
            return Ok(None);
        }
        Ok(Some(bytes))
    }
}

/// Files editors leave beside the ones they edit: dot-files (`.#x.yaml`
/// lock links, `.x.yaml.swp`), `x.yaml~` backups and `#x.yaml#` autosaves.
fn is_litter(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || (name.starts_with('#') && name.ends_with('#'))
}

/// The largest spec file accepted. Real ones are a few kilobytes (one
/// operation per file); the cap bounds parsing time and memory.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// The most bytes [`read_dir`] reads from a spec tree in all, so that the
/// number of files cannot make memory grow without bound. The real specs
/// hold 2.5 MB; the synthetic 5,000-operation corpus about 13 MB.
pub const MAX_TREE_BYTES: u64 = 256 << 20;

/// The diagnostic of a file over [`MAX_FILE_BYTES`].
fn too_large(file: &str, size: u64) -> Diagnostic {
    Diagnostic::new(
        file,
        Pos { line: 1, column: 1 },
        format!("the file is {size} bytes; spec files are limited to {MAX_FILE_BYTES} bytes"),
    )
    .hint("split it: one file per operation, shared types in service.yaml")
}

/// Parses every source, on every core; the files that parse, in input order.
pub fn parse_all(sources: Vec<Source>, diags: &mut Diagnostics) -> Vec<Loaded> {
    let parsed = crate::parallel::map(sources, |s| {
        let mut file_diags = Diagnostics::default();
        (parse(s, &mut file_diags), file_diags)
    });
    parsed
        .into_iter()
        .filter_map(|done| diags.absorb(done))
        .collect()
}

/// Parses one file; problems go to `diags` and yield `None`.
pub fn parse(source: Source, diags: &mut Diagnostics) -> Option<Loaded> {
    let file = source.display_path.as_str();
    if source.bytes.len() > MAX_FILE_BYTES {
        diags.push(too_large(file, source.bytes.len() as u64));
        return None;
    }
    let text = match std::str::from_utf8(&source.bytes) {
        Ok(text) => text,
        Err(e) => {
            let pos = pos_of_offset(&source.bytes, e.valid_up_to());
            diags.push(
                Diagnostic::new(file, pos, "the file is not valid UTF-8")
                    .hint("save the spec as UTF-8; Chinese text is fine in UTF-8"),
            );
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !crate::shape::within_limits_by_size(text) {
        refuse_by_shape(file, text, diags)?;
    }
    match serde_yaml::from_str::<SpecFile>(text) {
        Ok(spec) => {
            // Here, on the parsing thread, with `str`'s fast search.
            let mentions_todo = text.contains("todo:");
            Some(Loaded::new(source, spec, mentions_todo))
        }
        Err(e) => {
            diags.push(yaml_error(file, text, &e));
            None
        }
    }
}

/// Runs the [`shape`](crate::shape) pass; `None` (and a diagnostic) for a file
/// serde_yaml must not be run on.
fn refuse_by_shape(file: &str, text: &str, diags: &mut Diagnostics) -> Option<()> {
    let shape = crate::shape::shape(text);
    if let Some(pos) = shape.too_deep {
        diags.push(
            Diagnostic::new(
                file,
                pos,
                format!("brackets nest more than {MAX_FLOW_DEPTH} levels deep"),
            )
            .hint("no spec needs this depth; flatten the value"),
        );
        return None;
    }
    if let Some(pos) = shape.alias_bomb {
        diags.push(
            Diagnostic::new(
                file,
                pos,
                format!(
                    "YAML aliases here expand the file to more than {} nodes",
                    crate::shape::MAX_EXPANDED_NODES
                ),
            )
            .hint("an alias bomb; write the value out, or share it as a named type"),
        );
        return None;
    }
    if let Some(pos) = shape.too_many_nodes {
        diags.push(
            Diagnostic::new(
                file,
                pos,
                format!(
                    "the file has more than {} YAML nodes (keys, values, items)",
                    crate::shape::MAX_NODES
                ),
            )
            .hint("split it: one file per operation, shared types in service.yaml"),
        );
        return None;
    }
    Some(())
}

pub use crate::shape::MAX_FLOW_DEPTH;

/// Turns a serde_yaml error into a diagnostic with a hint for the common cases.
/// Errors serde_yaml gives no location for get one: a second document where
/// it starts, a character libyaml refuses ("at position N", a byte offset) at
/// that byte.
fn yaml_error(file: &str, text: &str, e: &serde_yaml::Error) -> Diagnostic {
    let full = e.to_string();
    // libyaml's reader errors carry a byte offset, and a location of 1:1.
    let at_offset = full
        .rsplit_once(" at position ")
        .and_then(|(_, n)| n.parse::<usize>().ok())
        .filter(|offset| *offset <= text.len())
        .map(|offset| pos_of_offset(text.as_bytes(), offset));
    let pos = at_offset
        .or_else(|| {
            e.location().map(|l| Pos {
                line: l.line(),
                column: l.column(),
            })
        })
        .or_else(|| {
            full.contains("more than one document")
                .then(|| crate::shape::shape(text).second_document)
                .flatten()
        })
        .unwrap_or(Pos { line: 1, column: 1 });
    // serde_yaml appends " at line L column C"; the position is shown separately.
    let message = match full
        .find(" at line ")
        .or(at_offset.and(full.rfind(" at position ")))
    {
        Some(i) => full[..i].to_owned(),
        None => full,
    };
    let hint = if let Some((_, rest)) = message.split_once("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        match did_you_mean(name, known.iter().copied()) {
            Some(m) => format!("did you mean `{m}`?"),
            None if known.is_empty() => "remove it".to_owned(),
            None => format!("remove it; allowed here: {}", known.join(", ")),
        }
    } else if message.contains("missing field") {
        "add the key; codegen/SPEC_FORMAT.md lists every key of the spec format".to_owned()
    } else if message.contains("found character that cannot start any token")
        || message.contains("tab")
    {
        "YAML indents with spaces only; check for tabs and stray characters".to_owned()
    } else if message.contains("more than one document") {
        "a spec file is one YAML document; remove this `---` (or move what follows to its own file)"
            .to_owned()
    } else if message.contains("control characters are not allowed") {
        "remove the control character (a NUL byte, an escape...) at this position; write it as an escape in a double-quoted string if it is meant".to_owned()
    } else if message.contains("unknown variant") {
        "use one of the listed values".to_owned()
    } else if message.contains("repetition limit exceeded") {
        "YAML aliases expand to too much data (an alias bomb); write the value out".to_owned()
    } else if message.contains("recursion limit exceeded") {
        "the value nests too deeply; flatten it".to_owned()
    } else {
        "check the YAML at this position against the spec format in codegen/SPEC_FORMAT.md"
            .to_owned()
    };
    Diagnostic::new(file, pos, message).hint(hint)
}

/// Line and column (in characters) of a byte offset.
fn pos_of_offset(bytes: &[u8], offset: usize) -> Pos {
    let before = &bytes[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    // Count UTF-8 characters: bytes that do not continue a character.
    let column = before[line_start..]
        .iter()
        .filter(|b| (**b & 0xC0) != 0x80)
        .count()
        + 1;
    Pos { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Editor litter and the corpus plans are skipped; the specs are read.
    #[test]
    fn skips_editor_litter_and_corpus_plans() {
        let root = std::env::temp_dir().join(format!("identity-load-{}", std::process::id()));
        let spec = root.join("spec");
        let area = spec.join("svc/area");
        fs::create_dir_all(&area).unwrap();
        for (path, text) in [
            ("svc/service.yaml", "a: 1\n"),
            ("svc/area/get_x.yaml", "a: 1\n"),
            ("plan-corpus.yaml", "a: 1\n"),
            (".DS_Store", ""),
            ("svc/service.yaml~", ""),
            ("svc/#service.yaml#", ""),
            ("svc/.service.yaml.swp", ""),
            ("svc/area/.hidden.yaml", ""),
        ] {
            fs::write(spec.join(path), text).unwrap();
        }
        // Emacs's lock file: a dangling symbolic link.
        #[cfg(unix)]
        std::os::unix::fs::symlink("user@host.1234", spec.join("svc/.#service.yaml")).unwrap();
        fs::create_dir_all(spec.join(".git")).unwrap();
        let read = read_dir(&spec);
        fs::remove_dir_all(&root).unwrap();
        let shown: Vec<String> = read
            .unwrap_or_else(|d| panic!("{d}"))
            .into_iter()
            .map(|s| s.display_path)
            .collect();
        assert_eq!(shown, ["spec/svc/area/get_x.yaml", "spec/svc/service.yaml"]);
    }

    /// Symbolic links to a spec file and to an area are followed, as the
    /// plain file and directory are; a dangling link and a socket are
    /// reported by name. (The listing's file types spare a `stat` only where
    /// they say file or directory.)
    #[cfg(unix)]
    #[test]
    fn follows_symbolic_links_and_reports_what_is_neither() {
        use std::os::unix::fs::symlink;
        let root = std::env::temp_dir().join(format!("identity-links-{}", std::process::id()));
        let elsewhere = root.join("elsewhere");
        fs::create_dir_all(elsewhere.join("area")).unwrap();
        fs::write(elsewhere.join("get_x.yaml"), "a: 1\n").unwrap();
        fs::write(elsewhere.join("area/get_y.yaml"), "b: 2\n").unwrap();
        let svc = root.join("spec/svc");
        fs::create_dir_all(&svc).unwrap();
        symlink(elsewhere.join("get_x.yaml"), svc.join("get_x.yaml")).unwrap();
        symlink(elsewhere.join("area"), svc.join("area")).unwrap();
        let linked = read_dir(&root.join("spec"));
        symlink(root.join("missing.yaml"), svc.join("gone.yaml")).unwrap();
        let socket = std::os::unix::net::UnixListener::bind(svc.join("sock.yaml"));
        let broken = read_dir(&root.join("spec"));
        fs::remove_dir_all(&root).unwrap();
        let linked: Vec<(String, Vec<u8>)> = linked
            .unwrap_or_else(|d| panic!("{d}"))
            .into_iter()
            .map(|s| (s.display_path, s.bytes))
            .collect();
        assert_eq!(
            linked,
            [
                ("spec/svc/area/get_y.yaml".to_owned(), b"b: 2\n".to_vec()),
                ("spec/svc/get_x.yaml".to_owned(), b"a: 1\n".to_vec()),
            ]
        );
        let broken = broken.expect_err("a dangling link").to_string();
        assert!(
            broken.contains("error: cannot read: No such file or directory (os error 2)\n  --> spec/svc/gone.yaml:1:1"),
            "{broken}"
        );
        if socket.is_ok() {
            assert!(
                broken.contains(
                    "error: neither a file nor a directory\n  --> spec/svc/sock.yaml:1:1"
                ),
                "{broken}"
            );
        }
    }

    /// A file over the size limit is refused without being read (an 8 GiB
    /// sparse file here), and a tree over its byte budget stops being read.
    #[test]
    fn reading_is_bounded_per_file_and_in_all() {
        let root = std::env::temp_dir().join(format!("identity-bounded-{}", std::process::id()));
        let svc = root.join("spec/svc");
        fs::create_dir_all(&svc).unwrap();
        fs::File::create(svc.join("huge.yaml"))
            .and_then(|f| f.set_len(8 << 30))
            .unwrap();
        for name in ["a.yaml", "b.yaml", "c.yaml"] {
            fs::write(svc.join(name), "x".repeat(400)).unwrap();
        }
        let whole = read_dir(&root.join("spec"));
        let budgeted = read_dir_within(&root.join("spec"), 1_000);
        fs::remove_dir_all(&root).unwrap();
        let whole = whole.expect_err("the huge file").to_string();
        assert!(
            whole.contains("spec/svc/huge.yaml")
                && whole.contains(
                    "the file is 8589934592 bytes; spec files are limited to 1048576 bytes"
                ),
            "{whole}"
        );
        // a and b (800 bytes) fit in 1,000; c passes it, and huge.yaml,
        // after it, is not looked at.
        let budgeted = budgeted.expect_err("over budget").to_string();
        assert!(
            budgeted.contains("spec/svc/c.yaml")
                && budgeted.contains("the spec tree holds more than 1000 bytes")
                && !budgeted.contains("spec/svc/b.yaml")
                && !budgeted.contains("huge.yaml"),
            "{budgeted}"
        );
    }
}

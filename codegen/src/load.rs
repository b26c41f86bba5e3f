//! Step 1: read spec files and parse their YAML into `raw` structs.

use std::fs;
use std::io;
use std::path::Path;
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
}

impl Loaded {
    pub fn new(source: Source, spec: SpecFile) -> Self {
        Loaded {
            source,
            spec,
            spans: OnceLock::new(),
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
pub fn read_dir(root: &Path) -> io::Result<Vec<Source>> {
    let label = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| root.display().to_string());
    let mut sources = Vec::new();
    for (service_dir, dir) in sorted_entries(root)?
        .into_iter()
        .filter(|(_, p)| p.is_dir())
    {
        for (name, path) in sorted_entries(&dir)? {
            if path.is_dir() {
                for (file, path) in sorted_entries(&path)? {
                    let display = format!("{label}/{service_dir}/{name}/{file}");
                    sources.extend(source(display, &service_dir, Some(&name), &file, &path)?);
                }
            } else {
                let display = format!("{label}/{service_dir}/{name}");
                sources.extend(source(display, &service_dir, None, &name, &path)?);
            }
        }
    }
    Ok(sources)
}

/// `(file name, path)` of a directory's entries, sorted by name.
fn sorted_entries(dir: &Path) -> io::Result<Vec<(String, std::path::PathBuf)>> {
    let mut entries = fs::read_dir(dir)?
        .map(|e| e.map(|e| (e.file_name().to_string_lossy().into_owned(), e.path())))
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    Ok(entries)
}

/// The source of a `.yaml` file; other files are skipped.
fn source(
    display_path: String,
    service_dir: &str,
    area: Option<&str>,
    name: &str,
    path: &Path,
) -> io::Result<Option<Source>> {
    let Some(stem) = name.strip_suffix(".yaml") else {
        return Ok(None);
    };
    Ok(Some(Source {
        display_path,
        service_dir: service_dir.to_owned(),
        area: area.map(str::to_owned),
        stem: stem.to_owned(),
        bytes: fs::read(path)?,
    }))
}

/// The largest spec file accepted. Real ones are a few kilobytes (one
/// operation per file); the cap bounds parsing time and memory.
pub const MAX_FILE_BYTES: usize = 1 << 20;

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
        diags.push(
            Diagnostic::new(
                file,
                Pos { line: 1, column: 1 },
                format!(
                    "the file is {} bytes; spec files are limited to {MAX_FILE_BYTES} bytes",
                    source.bytes.len()
                ),
            )
            .hint("split it: one file per operation, shared types in service.yaml"),
        );
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
    match serde_yaml::from_str::<SpecFile>(text) {
        Ok(spec) => Some(Loaded::new(source, spec)),
        Err(e) => {
            diags.push(yaml_error(file, text, &shape, &e));
            None
        }
    }
}

pub use crate::shape::MAX_FLOW_DEPTH;

/// Turns a serde_yaml error into a diagnostic with a hint for the common cases.
/// Errors serde_yaml gives no location for get one: a second document where
/// it starts, a character libyaml refuses ("at position N", a byte offset) at
/// that byte.
fn yaml_error(
    file: &str,
    text: &str,
    shape: &crate::shape::Shape,
    e: &serde_yaml::Error,
) -> Diagnostic {
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
                .then_some(shape.second_document)
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

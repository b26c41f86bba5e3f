//! The one writer of spec YAML: a [`SpecFile`] as the spec files are written.
//!
//! Driven by `raw`'s `Serialize`: keys in struct order, absent and default
//! values left out. Block style, except what reads better on one line:
//! texts (`{en: ..., zh: ...}`), `http`, `paging`, enum values, lists of
//! plain values, and examples and defaults (JSON, as documents print them).
//! A string is plain where that reads back as the same string, else
//! JSON-quoted; a multi-line string is a literal block. In debug builds
//! every file written is read back and must equal its value.

mod node;

use node::{to_node, Node};

use crate::raw::SpecFile;

/// Structs written on one line.
const FLOW: &[&str] = &["Text", "HttpSpec", "PagingSpec", "EnumValueSpec"];
/// Struct fields holding a document's value, written as JSON.
const JSON: &[&str] = &["example", "default"];
/// The longest line of a folded string, after its indentation.
const FOLD_WIDTH: usize = 88;

/// A spec file, with what its values do not say.
#[derive(Debug, Default)]
pub struct Document {
    /// Lines written as `#` comments before the first key.
    pub comment: Vec<String>,
    pub spec: SpecFile,
    /// Strings written folded over lines (`>-`), by their path: keys and
    /// sequence indexes from the top.
    pub folded: Vec<Vec<String>>,
}

impl Document {
    /// The file's text.
    pub fn to_yaml(&self) -> String {
        let mut w = Writer {
            out: String::new(),
            folded: &self.folded,
            path: Vec::new(),
        };
        for line in &self.comment {
            w.line(0, &format!("# {line}"));
        }
        match to_node(&self.spec) {
            Ok(Node::Map(_, entries)) => w.block_map(&entries, 0, true, true),
            other => unreachable!("a spec file serializes to a struct, not {other:?}"),
        }
        debug_assert_eq!(
            serde_yaml::from_str::<SpecFile>(&w.out).map_err(|e| e.to_string()),
            Ok(self.spec.clone()),
            "the writer's YAML must read back as its value:\n{}",
            w.out
        );
        w.out
    }
}

struct Writer<'a> {
    out: String,
    folded: &'a [Vec<String>],
    path: Vec<String>,
}

impl Writer<'_> {
    fn line(&mut self, indent: usize, text: &str) {
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A mapping's entries at `indent`; a struct's `example`s are JSON, the
    /// top level's entries are separated by a blank line.
    fn block_map(&mut self, entries: &[(Node, Node)], indent: usize, is_struct: bool, top: bool) {
        for (i, (key, value)) in entries.iter().enumerate() {
            if top && i > 0 {
                self.out.push('\n');
            }
            let raw = match key {
                Node::Str(k) | Node::Plain(k) => k.clone(),
                other => flow(other),
            };
            let json = is_struct && JSON.contains(&raw.as_str());
            let key = flow(key);
            self.path.push(raw);
            self.entry(&key, value, indent, json);
            self.path.pop();
        }
    }

    fn entry(&mut self, key: &str, value: &Node, indent: usize, json: bool) {
        match value {
            _ if json => self.line(indent, &format!("{key}: {}", inline_json(value))),
            Node::Null => self.line(indent, &format!("{key}:")),
            Node::Str(s) if self.folded.contains(&self.path) && foldable(s) => {
                self.line(indent, &format!("{key}: >-"));
                for l in fold(s) {
                    self.line(indent + 2, &l);
                }
            }
            Node::Str(s) if literal(s) => {
                let indicator = if s.starts_with([' ', '\n']) { "2" } else { "" };
                let chomp = match s.strip_suffix('\n') {
                    Some(rest) if rest.ends_with('\n') => "+",
                    Some(_) => "",
                    None => "-",
                };
                self.line(indent, &format!("{key}: |{indicator}{chomp}"));
                for l in s.strip_suffix('\n').unwrap_or(s).split('\n') {
                    self.line(indent + 2, l);
                }
            }
            Node::Map(Some(name), _) if FLOW.contains(name) => {
                self.line(indent, &format!("{key}: {}", flow(value)))
            }
            Node::Map(_, entries) if entries.is_empty() => {
                self.line(indent, &format!("{key}: {{}}"))
            }
            Node::Map(name, entries) => {
                self.line(indent, &format!("{key}:"));
                self.block_map(entries, indent + 2, name.is_some(), false);
            }
            Node::Seq(items) if !items.iter().all(is_scalar) => {
                self.line(indent, &format!("{key}:"));
                for (i, item) in items.iter().enumerate() {
                    self.path.push(i.to_string());
                    self.item(item, indent + 2);
                    self.path.pop();
                }
            }
            _ => self.line(indent, &format!("{key}: {}", flow(value))),
        }
    }

    /// A block sequence's item: a mapping starts on the `- ` line.
    fn item(&mut self, item: &Node, indent: usize) {
        match item {
            Node::Map(name, entries)
                if !entries.is_empty() && !name.is_some_and(|n| FLOW.contains(&n)) =>
            {
                let start = self.out.len();
                self.block_map(entries, indent + 2, name.is_some(), false);
                let dash = format!("{:indent$}- ", "");
                self.out.replace_range(start..start + dash.len(), &dash);
            }
            _ => self.line(indent, &format!("- {}", flow(item))),
        }
    }
}

fn is_scalar(node: &Node) -> bool {
    matches!(node, Node::Null | Node::Str(_) | Node::Plain(_))
}

/// A value on one line, in YAML's flow style.
fn flow(node: &Node) -> String {
    let join = |items: Vec<String>| items.join(", ");
    match node {
        Node::Null => "null".into(),
        Node::Str(s) => scalar(s),
        Node::Plain(s) => s.clone(),
        Node::Seq(items) => format!("[{}]", join(items.iter().map(flow).collect())),
        Node::Map(_, entries) => format!(
            "{{{}}}",
            join(
                entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", flow(k), flow(v)))
                    .collect()
            )
        ),
    }
}

/// An example or default: a string or number as such, a list or mapping as JSON.
fn inline_json(node: &Node) -> String {
    match node {
        Node::Seq(_) | Node::Map(..) => json(node),
        _ => flow(node),
    }
}

fn json(node: &Node) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    match node {
        Node::Null => "null".into(),
        Node::Str(s) => quote(s),
        Node::Plain(s) => s.clone(),
        Node::Seq(items) => format!("[{}]", items.iter().map(json).collect::<Vec<_>>().join(",")),
        Node::Map(_, entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        Node::Str(s) | Node::Plain(s) => quote(s),
                        other => quote(&json(other)),
                    };
                    format!("{key}:{}", json(v))
                })
                .collect();
            format!("{{{}}}", entries.join(","))
        }
    }
}

/// A string a literal block (`|`) holds as it is.
fn literal(s: &str) -> bool {
    s.contains('\n')
        && !s.trim().is_empty()
        && !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

/// A string that folding over lines (`>-`) gives back.
fn foldable(s: &str) -> bool {
    !s.is_empty() && s.trim() == s && !s.contains("  ") && !s.chars().any(char::is_control)
}

/// Words to lines of at most `FOLD_WIDTH` characters (longer words alone).
fn fold(s: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in s.split(' ') {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= FOLD_WIDTH => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// A YAML scalar: plain where that reads back as the same string (in block
/// and flow context), else JSON-quoted.
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        // `?` before a space or `}` reads as a key indicator to some parsers.
        && !s.contains("? ")
        && !s.ends_with('?')
        && !s.contains(['{', '}', '[', ']', ',', '\n', '\t'])
        && !matches!(
            s.to_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
        )
        && s.parse::<f64>().is_err()
        && !s.chars().any(char::is_control)
        && matches!(serde_yaml::from_str(s), Ok(serde_yaml::Value::String(back)) if back == s);
    if plain {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;

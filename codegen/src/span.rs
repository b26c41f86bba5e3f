//! Where each key and value of a YAML file stands, so that errors found after
//! deserialization can still name a line and column.
//!
//! `serde_yaml` reports positions only for its own errors; this index is built
//! from `yaml-rust2`'s marked events and keyed by the path of each node.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diag::Pos;

/// One step of a path into a YAML document: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(key: &str) -> Self {
        Seg::Key(key.to_owned())
    }
}

impl From<usize> for Seg {
    fn from(index: usize) -> Self {
        Seg::Index(index)
    }
}

pub type Path = Vec<Seg>;

/// Positions of every key and value in one document.
#[derive(Debug, Default)]
pub struct SpanIndex {
    keys: BTreeMap<Path, Pos>,
    values: BTreeMap<Path, Pos>,
    /// The second place of a key that a mapping repeats.
    repeats: BTreeMap<Path, Pos>,
    /// Every `todo:` left by the importer: where, and its text.
    pub todos: Vec<(Pos, String)>,
}

impl SpanIndex {
    /// Indexes `text`; a text the YAML scanner rejects yields an empty index
    /// (serde_yaml reports that error with its own position).
    pub fn build(text: &str) -> SpanIndex {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut builder, false).is_err() {
            return SpanIndex::default();
        }
        builder.index
    }

    /// Position of the value at `path`; for a path that is not in the file,
    /// the key of its nearest ancestor that is.
    pub fn value(&self, path: &[Seg]) -> Pos {
        if let Some(pos) = self.values.get(path) {
            return *pos;
        }
        (0..path.len())
            .rev()
            .find_map(|n| {
                self.keys
                    .get(&path[..n])
                    .or_else(|| self.values.get(&path[..n]))
            })
            .copied()
            .unwrap_or(Pos { line: 1, column: 1 })
    }

    /// Where a mapping names `path` a second time, if it does.
    pub fn repeat(&self, path: &[Seg]) -> Option<Pos> {
        self.repeats.get(path).copied()
    }

    /// Position of the key that names `path`, falling back to its value.
    pub fn key(&self, path: &[Seg]) -> Pos {
        match self.keys.get(path) {
            Some(pos) => *pos,
            None => self.value(path),
        }
    }
}

enum Frame {
    Map { path: Path, key: Option<String> },
    Seq { path: Path, next: usize },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    index: SpanIndex,
}

fn pos(mark: Marker) -> Pos {
    Pos {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

impl Builder {
    /// Records a node starting at `at`; returns its path. A scalar in key
    /// position is recorded as the pending key instead (returns `None`).
    fn node(&mut self, at: Pos, scalar: Option<&str>) -> Option<Path> {
        match self.stack.last_mut() {
            None => {
                self.index.values.insert(Vec::new(), at);
                Some(Vec::new())
            }
            Some(Frame::Seq { path, next }) => {
                let mut p = path.clone();
                p.push(Seg::Index(*next));
                *next += 1;
                self.index.values.insert(p.clone(), at);
                Some(p)
            }
            Some(Frame::Map { path, key }) => match key.take() {
                Some(k) => {
                    let mut p = path.clone();
                    p.push(Seg::Key(k));
                    self.index.values.insert(p.clone(), at);
                    Some(p)
                }
                None => {
                    // A key: remember it until its value arrives.
                    let k = scalar.unwrap_or("?").to_owned();
                    let mut p = path.clone();
                    p.push(Seg::Key(k.clone()));
                    match self.index.keys.entry(p) {
                        Entry::Occupied(first) => {
                            self.index.repeats.entry(first.key().clone()).or_insert(at);
                        }
                        Entry::Vacant(slot) => {
                            slot.insert(at);
                        }
                    }
                    *key = Some(k);
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = pos(mark);
        match ev {
            Event::Scalar(value, ..) => {
                let path = self.node(at, Some(&value));
                if path.is_some_and(|p| p.last() == Some(&Seg::Key("todo".into()))) {
                    self.index.todos.push((at, value));
                }
            }
            Event::Alias(_) => {
                self.node(at, Some("*alias"));
            }
            Event::MappingStart(..) => {
                let path = self.node(at, None).unwrap_or_default();
                self.stack.push(Frame::Map { path, key: None });
            }
            Event::SequenceStart(..) => {
                let path = self.node(at, None).unwrap_or_default();
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// Builds a path from a mix of keys and indices: `path!["types", name, "fields"]`.
#[macro_export]
#[doc(hidden)]
macro_rules! path {
    ($($seg:expr),* $(,)?) => { [$($crate::span::Seg::from($seg)),*] };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_values() {
        let text =
            "types:\n  User:\n    fields:\n      id: {type: strng}\n  User:\n    x: [a, b]\n";
        let index = SpanIndex::build(text);
        let field = path!["types", "User", "fields", "id", "type"];
        assert_eq!(
            index.value(&field),
            Pos {
                line: 4,
                column: 18
            }
        );
        assert_eq!(
            index.key(&path!["types", "User"]),
            Pos { line: 2, column: 3 }
        );
        assert_eq!(
            index.value(&path!["types", "User", "x", 1usize]),
            Pos {
                line: 6,
                column: 12
            }
        );
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(
            index.value(&path!["types", "User", "fields", "nope"]),
            Pos { line: 3, column: 5 }
        );
    }
}

//! A pass of libyaml (the parser serde_yaml runs on) over a file before
//! serde_yaml parses it, to refuse inputs whose parsing cost is not linear
//! and to find positions serde_yaml does not give.
//!
//! libyaml's scanner walks its stack of possible simple keys, one per open
//! flow collection, for every token: the cost of a file is its tokens times
//! its flow nesting depth. serde_yaml parses the whole document before
//! deserializing it, so its own recursion limit comes too late. This pass
//! stops at the first collection nested deeper than [`MAX_FLOW_DEPTH`], so
//! it costs at most that many steps per token, and serde_yaml is never run
//! on such a file. It counts what the parser itself counts, so no
//! arrangement of quotes, comments, block scalars or line breaks can hide a
//! bracket from it.

use std::mem::MaybeUninit;

#[allow(clippy::unsafe_removed_from_name)] // named for what it is, the C libyaml ported
use unsafe_libyaml as yaml_sys;

use crate::diag::Pos;

/// Flow collections nested deeper than this are refused before serde_yaml
/// runs (it needs a minute for 100,000 nested brackets).
pub const MAX_FLOW_DEPTH: usize = 64;

/// Files with more YAML nodes (scalars, collections, aliases) than this are
/// refused before serde_yaml runs: the largest real spec has about 2,200, and
/// every later step costs time per node (serde_yaml's event buffer, validation,
/// one Rust item per type), so the cap bounds them all.
pub const MAX_NODES: usize = 25_000;

/// Files whose aliases expand to more nodes than this are refused before
/// serde_yaml runs: it replays an anchor's events for every alias, and its own
/// limit counts aliases, not what they expand to (4,000 aliases of a
/// 20,000-item list took minutes and gigabytes).
pub const MAX_EXPANDED_NODES: usize = 4 * MAX_NODES;

/// Whether `text` cannot reach any of the pass's limits, so that the pass
/// (which costs about as much as serde_yaml's own parse) can be skipped. It
/// holds for almost every real spec file:
///
/// - every flow collection starts at a `[` or `{` of the text, so with at
///   most [`MAX_FLOW_DEPTH`] of them none is nested deeper;
/// - every alias starts at a `*`, so without one no node is expanded twice;
/// - every node is charged to a byte of the text, and no byte gets more than
///   three (`?` alone is a mapping, an empty key and an empty value), so a text
///   of `n` bytes has at most `3n + 1` nodes (`nodes_are_bounded_by_size`
///   tests this on random texts).
pub fn within_limits_by_size(text: &str) -> bool {
    let bytes = text.as_bytes();
    3 * bytes.len() < MAX_NODES
        && !bytes.contains(&b'*')
        && bytes.iter().filter(|&&b| b == b'[' || b == b'{').count() <= MAX_FLOW_DEPTH
}

/// What the pass found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// The nodes (scalars, collections, aliases) counted, up to the first
    /// limit passed.
    pub nodes: usize,
    /// The first flow collection nested deeper than [`MAX_FLOW_DEPTH`].
    pub too_deep: Option<Pos>,
    /// The node beyond [`MAX_NODES`].
    pub too_many_nodes: Option<Pos>,
    /// The alias whose expansion passes [`MAX_EXPANDED_NODES`].
    pub alias_bomb: Option<Pos>,
    /// Where a second YAML document starts.
    pub second_document: Option<Pos>,
}

/// Runs libyaml's parser over `text` until the end, a syntax error (left for
/// serde_yaml to report), or a collection nested too deeply.
pub fn shape(text: &str) -> Shape {
    let mut found = Shape::default();
    // Per open collection: whether it is a flow collection.
    let mut open: Vec<bool> = Vec::new();
    let mut flow_depth = 0usize;
    let mut documents = 0usize;
    let mut nodes = 0usize;
    // Nodes with aliases expanded; per anchor, the nodes its value expands to.
    let mut expanded = 0usize;
    let mut anchors: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
    // Per open collection: its anchor and `expanded` when it started.
    let mut anchored: Vec<(Option<Vec<u8>>, usize)> = Vec::new();
    let mut parser = MaybeUninit::<yaml_sys::yaml_parser_t>::uninit();
    // SAFETY: the parser is initialized before use and deleted once; `text`
    // outlives it; every event is deleted right after it is read, and only
    // the fields of its own type are read.
    unsafe {
        let parser = parser.as_mut_ptr();
        if yaml_sys::yaml_parser_initialize(parser).fail {
            return found;
        }
        yaml_sys::yaml_parser_set_encoding(parser, yaml_sys::YAML_UTF8_ENCODING);
        yaml_sys::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as u64);
        loop {
            let mut event = MaybeUninit::<yaml_sys::yaml_event_t>::uninit();
            let event = event.as_mut_ptr();
            if yaml_sys::yaml_parser_parse(parser, event).fail {
                break;
            }
            let kind = (*event).type_;
            let mark = (*event).start_mark;
            let anchor_ptr = match kind {
                yaml_sys::YAML_SCALAR_EVENT => (*event).data.scalar.anchor,
                yaml_sys::YAML_ALIAS_EVENT => (*event).data.alias.anchor,
                yaml_sys::YAML_SEQUENCE_START_EVENT => (*event).data.sequence_start.anchor,
                yaml_sys::YAML_MAPPING_START_EVENT => (*event).data.mapping_start.anchor,
                _ => std::ptr::null_mut(),
            };
            let anchor = (!anchor_ptr.is_null()).then(|| {
                std::ffi::CStr::from_ptr(anchor_ptr.cast())
                    .to_bytes()
                    .to_vec()
            });
            let flow = match kind {
                yaml_sys::YAML_SEQUENCE_START_EVENT => {
                    Some((*event).data.sequence_start.style == yaml_sys::YAML_FLOW_SEQUENCE_STYLE)
                }
                yaml_sys::YAML_MAPPING_START_EVENT => {
                    Some((*event).data.mapping_start.style == yaml_sys::YAML_FLOW_MAPPING_STYLE)
                }
                _ => None,
            };
            yaml_sys::yaml_event_delete(event);
            let pos = Pos {
                line: mark.line as usize + 1,
                column: mark.column as usize + 1,
            };
            if matches!(
                kind,
                yaml_sys::YAML_SCALAR_EVENT
                    | yaml_sys::YAML_ALIAS_EVENT
                    | yaml_sys::YAML_SEQUENCE_START_EVENT
                    | yaml_sys::YAML_MAPPING_START_EVENT
            ) {
                nodes += 1;
                if nodes > MAX_NODES {
                    found.too_many_nodes = Some(pos);
                    break;
                }
            }
            match kind {
                yaml_sys::YAML_SCALAR_EVENT => {
                    expanded += 1;
                    if let Some(anchor) = anchor {
                        anchors.insert(anchor, 1);
                    }
                }
                yaml_sys::YAML_ALIAS_EVENT => {
                    let size = anchor.and_then(|a| anchors.get(&a).copied()).unwrap_or(1);
                    expanded = expanded.saturating_add(size);
                }
                yaml_sys::YAML_SEQUENCE_START_EVENT | yaml_sys::YAML_MAPPING_START_EVENT => {
                    anchored.push((anchor, expanded));
                    expanded += 1;
                }
                yaml_sys::YAML_SEQUENCE_END_EVENT | yaml_sys::YAML_MAPPING_END_EVENT => {
                    if let Some((Some(anchor), start)) = anchored.pop() {
                        anchors.insert(anchor, expanded - start);
                    }
                }
                _ => {}
            }
            if expanded > MAX_EXPANDED_NODES {
                found.alias_bomb = Some(pos);
                break;
            }
            match (kind, flow) {
                (_, Some(flow)) => {
                    open.push(flow);
                    if flow {
                        flow_depth += 1;
                        if flow_depth > MAX_FLOW_DEPTH {
                            found.too_deep = Some(pos);
                            break;
                        }
                    }
                }
                (yaml_sys::YAML_SEQUENCE_END_EVENT | yaml_sys::YAML_MAPPING_END_EVENT, _)
                    if open.pop() == Some(true) =>
                {
                    flow_depth -= 1;
                }
                (yaml_sys::YAML_DOCUMENT_START_EVENT, _) => {
                    documents += 1;
                    if documents == 2 {
                        found.second_document = Some(pos);
                    }
                }
                (yaml_sys::YAML_STREAM_END_EVENT, _) => break,
                _ => {}
            }
        }
        yaml_sys::yaml_parser_delete(parser);
    }
    found.nodes = nodes;
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(text: &str) -> Option<Pos> {
        shape(text).too_deep
    }

    #[test]
    fn counts_flow_nesting_however_it_is_written() {
        let n = MAX_FLOW_DEPTH + 1;
        assert_eq!(
            deep(&format!("a: {}", "[".repeat(n))),
            Some(Pos {
                line: 1,
                column: 4 + MAX_FLOW_DEPTH
            })
        );
        // A line starting with a letter does not end a flow collection.
        let lines = "x, [\n".repeat(n);
        assert!(deep(&format!("a: [\n{lines}")).is_some());
        // Quotes and comments cannot hide brackets after them.
        let quoted = "'a\n  ' , [\n".repeat(n);
        assert!(deep(&format!("a: [{quoted}")).is_some());
        let commented = "[ # ]]]]\n".repeat(n);
        assert!(deep(&format!("a: {commented}")).is_some());
        assert!(deep(&format!("a: {}", "{a: ".repeat(n))).is_some());
    }

    #[test]
    fn brackets_that_are_not_flow_collections_do_not_count() {
        let n = MAX_FLOW_DEPTH + 1;
        let b = "[".repeat(n);
        for text in [
            format!("a: x {b}"),
            format!("a: '{b}'"),
            format!("a: \"{b}\""),
            format!("a: |\n  {b}\n  {b}\nb: 1"),
            format!("a: x # {b}"),
            format!("a: one\n  {b}\n  two {b}\n"),
            format!("a: [{}1]", "[], ".repeat(1000)),
        ] {
            assert_eq!(deep(&text), None, "{text}");
        }
        assert_eq!(
            deep(&format!("a: {}{}", "[".repeat(64), "]".repeat(64))),
            None
        );
    }

    /// Characters that make YAML nodes, empty ones included.
    const ALPHABET: &[u8] = b"[]{}:,?-a '\"\n&*!|>#.";

    fn bounded(text: &str) {
        let nodes = shape(text).nodes;
        assert!(nodes <= 3 * text.len() + 1, "{nodes} nodes in {text:?}");
    }

    #[test]
    fn nodes_are_bounded_by_size() {
        // Every text of up to 4 characters of the alphabet...
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            texts = texts
                .iter()
                .flat_map(|t| ALPHABET.iter().map(move |&c| format!("{t}{}", c as char)))
                .collect();
            texts.iter().for_each(|t| bounded(t));
        }
        // ...and longer ones, random (xorshift, fixed seed).
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let text: String = (0..next() % 48)
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize] as char)
                .collect();
            bounded(&text);
        }
        // The densest known: a mapping whose one key and value are empty.
        assert_eq!(shape("?").nodes, 3);
    }

    #[test]
    fn texts_within_limits_by_size_pass_them() {
        let ok = |t: &str| {
            assert!(within_limits_by_size(t), "{t:?}");
            let found = shape(t);
            assert_eq!(
                (found.too_deep, found.too_many_nodes, found.alias_bomb),
                (None, None, None)
            );
        };
        ok("a: 1\n");
        ok(&format!(
            "a: {}{}",
            "[".repeat(MAX_FLOW_DEPTH),
            "]".repeat(MAX_FLOW_DEPTH)
        ));
        ok(&"- ".repeat(MAX_NODES / 6));
        let not = |t: &str| assert!(!within_limits_by_size(t), "{t:?}");
        not(&"[".repeat(MAX_FLOW_DEPTH + 1));
        not("a: &x [1]\nb: *x\n");
        not(&"- ".repeat(MAX_NODES / 6 + 1));
    }

    #[test]
    fn finds_the_second_document() {
        assert_eq!(
            shape("a: 1\n---\nb: 2\n").second_document,
            Some(Pos { line: 2, column: 1 })
        );
        assert_eq!(shape("---\na: 1\n").second_document, None);
        // 20 items aliased 5,001 times (and 1,000 times: fine).
        let bomb = |n: usize| format!("a: [&x [{}], {}]", "1, ".repeat(20), "*x, ".repeat(n));
        assert_eq!(shape(&bomb(1_000)).alias_bomb, None);
        assert!(shape(&bomb(5_001)).alias_bomb.is_some());
        // Nested: each level doubles (a billion laughs).
        let mut laughs = String::from("a: &l0 [1, 1]\n");
        for i in 1..20 {
            laughs.push_str(&format!("b{i}: &l{i} [*l{}, *l{}]\n", i - 1, i - 1));
        }
        assert!(shape(&laughs).alias_bomb.is_some());
        // The top mapping, the key, the sequence and its items.
        let items = |n: usize| format!("a: [{}]", "1, ".repeat(n));
        assert_eq!(shape(&items(MAX_NODES - 3)).too_many_nodes, None);
        assert!(shape(&items(MAX_NODES - 2)).too_many_nodes.is_some());
        assert_eq!(
            shape("a: 1\n...\n--- b\n").second_document,
            Some(Pos { line: 3, column: 1 })
        );
    }
}

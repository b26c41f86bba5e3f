//! Property test: any mutation of a real spec file is either accepted or
//! rejected with positioned diagnostics; never a panic, never a hang.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use identity_codegen::load::Source;
use proptest::prelude::*;

/// Bytes that mean something to YAML, plus a few that are never valid UTF-8.
const SPECIAL: &[u8] = b":-[]{}&*!|>'\"#%@`,?\t\n \\\x00\xff\xfe\xc3";

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, bytes: Vec<u8> },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let byte = prop_oneof![proptest::sample::select(SPECIAL), any::<u8>()];
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), proptest::collection::vec(byte, 1..12))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len().max(1);
    match m {
        Mutation::Delete { at, len } => {
            let start = at % n;
            let end = (start + len).min(bytes.len());
            bytes.drain(start.min(end)..end);
        }
        Mutation::Insert { at, bytes: new } => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, new.iter().copied());
        }
        Mutation::DuplicateLine { line } | Mutation::SwapLines { a: line, .. } => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            let i = line % lines.len();
            match m {
                Mutation::SwapLines { b, .. } => {
                    let j = b % lines.len();
                    lines.swap(i, j);
                }
                _ => {
                    let copy = lines[i].clone();
                    lines.insert(i, copy);
                }
            }
            *bytes = lines.join(&b'\n');
        }
        Mutation::Truncate { at } => bytes.truncate(at % n),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic_or_hang(file in 0usize..64, mutations in proptest::collection::vec(mutation(), 1..6)) {
        let sources = identity_sdk_tests::spec_sources();
        let mut source: Source = sources[file % sources.len()].clone();
        for m in &mutations {
            apply(&mut source.bytes, m);
        }
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let outcome = std::panic::catch_unwind(|| identity_codegen::check(vec![source]).err());
            let _ = tx.send(outcome.map_err(|_| ()));
        });
        let outcome = rx.recv_timeout(Duration::from_secs(10));
        prop_assert!(outcome.is_ok(), "no answer within 10 s after {:?}", mutations);
        let outcome = outcome.unwrap_or(Err(()));
        prop_assert!(outcome.is_ok(), "panicked after {:?}", mutations);
        if let Ok(Some(diags)) = outcome {
            prop_assert!(!diags.0.is_empty());
            for d in &diags.0 {
                prop_assert!(d.pos.line >= 1 && d.pos.column >= 1, "no position: {}", d);
                prop_assert!(d.hint.is_some(), "no hint: {}", d);
            }
        }
    }
}

//! Property tests: any mutation of a real spec file is either accepted or
//! rejected with positioned diagnostics; never a panic, never a hang. The
//! same for a mutated file among the emitter fixtures' whole services, whose
//! accepted mutations are emitted too. `PROPTEST_CASES` sets how many cases
//! each runs (a longer campaign than CI's, locally).

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use identity_codegen::load::Source;
use identity_sdk_tests::proptest_cases;
use proptest::prelude::*;

/// Bytes that mean something to YAML, plus a few that are never valid UTF-8.
const SPECIAL: &[u8] = b":-[]{}&*!|>'\"#%@`,?\t\n \\\x00\xff\xfe\xc3";

#[derive(Debug, Clone)]
enum Mutation {
    Delete {
        at: usize,
        len: usize,
    },
    Insert {
        at: usize,
        bytes: Vec<u8>,
    },
    DuplicateLine {
        line: usize,
    },
    SwapLines {
        a: usize,
        b: usize,
    },
    Truncate {
        at: usize,
    },
    /// The `a`-th word (a run of letters, digits and `_`) replaced by the
    /// `b`-th: keeps the YAML valid and the spec odd (a type name where a
    /// field name was, `true` for a type).
    CopyWord {
        a: usize,
        b: usize,
    },
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
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::CopyWord { a, b }),
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
        Mutation::CopyWord { a, b } => {
            let is_word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
            let mut words = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                let len = bytes[i..].iter().take_while(|b| is_word(b)).count();
                if len > 0 {
                    words.push(i..i + len);
                }
                i += len.max(1);
            }
            if words.is_empty() {
                return;
            }
            let from = bytes[words[b % words.len()].clone()].to_vec();
            bytes.splice(words[a % words.len()].clone(), from);
        }
    }
}

/// Runs `work` on a thread of its own: `Err` if it panicked or took more
/// than 10 s.
fn guarded<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        let _ = tx.send(outcome);
    });
    match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) => Err("panicked".into()),
        Err(_) => Err("no answer within 10 s".into()),
    }
}

/// Every diagnostic has a position and a hint.
fn positioned(diags: &identity_codegen::diag::Diagnostics) -> Result<(), TestCaseError> {
    prop_assert!(!diags.0.is_empty());
    for d in &diags.0 {
        prop_assert!(d.pos.line >= 1 && d.pos.column >= 1, "no position: {}", d);
        prop_assert!(d.hint.is_some(), "no hint: {}", d);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: proptest_cases(512), ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic_or_hang(file in 0usize..64, mutations in proptest::collection::vec(mutation(), 1..6)) {
        let sources = identity_sdk_tests::spec_sources();
        let mut source: Source = sources[file % sources.len()].clone();
        for m in &mutations {
            apply(&mut source.bytes, m);
        }
        let outcome = guarded(move || identity_codegen::check(vec![source]).err());
        prop_assert!(outcome.is_ok(), "{} after {:?}", outcome.err().unwrap_or_default(), mutations);
        if let Ok(Some(diags)) = outcome {
            positioned(&diags)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: proptest_cases(64), ..ProptestConfig::default() })]

    #[test]
    fn mutated_services_never_panic_or_hang_in_check_or_emit(file in 0usize..64, mutations in proptest::collection::vec(mutation(), 1..4)) {
        let mut sources = identity_codegen::load::read_dir(
            &identity_sdk_tests::workspace_root().join("tests/fixtures"),
        )
        .expect("the fixtures");
        let at = file % sources.len();
        for m in &mutations {
            apply(&mut sources[at].bytes, m);
        }
        let outcome = guarded(move || match identity_codegen::check(sources) {
            Ok(api) => identity_codegen::emit::emit(&api).err().map(|e| e.to_string()).map(Err),
            Err(diags) => Some(Ok(diags)),
        });
        prop_assert!(outcome.is_ok(), "{} after {:?} of file {at}", outcome.err().unwrap_or_default(), mutations);
        match outcome {
            Ok(Some(Ok(diags))) => positioned(&diags)?,
            Ok(Some(Err(emit))) => prop_assert!(false, "accepted, then not emitted: {emit}"),
            _ => {}
        }
    }
}

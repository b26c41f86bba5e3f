//! Property test: a documented response of a real operation, changed at one
//! place or a few (a value of another type, a key dropped, a subtree of
//! other values), decodes into the generated response type or fails, never
//! panics; and a value decoded re-encodes and decodes back equal, the
//! unknown fields and enum values it kept included. `PROPTEST_CASES` sets the
//! number of cases (a longer campaign than CI's, locally).

use std::sync::OnceLock;

use identity_sdk::{eiam, genauth};
use identity_sdk_tests::{decode_round_trips, proptest_cases};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// The operations whose first documented response seeds the cases, and how
/// each decodes one.
/// `Ok(true)`: decoded (and round-tripped); `Ok(false)`: refused.
type Check = fn(&str) -> Result<bool, TestCaseError>;
const OPERATIONS: &[(&str, &str, Check)] = &[
    (
        "genauth",
        "getUser",
        round_trips::<genauth::users::GetUserResponse>,
    ),
    (
        "genauth",
        "listUsers",
        round_trips::<genauth::users::ListUsersResponse>,
    ),
    (
        "eiam",
        "GetUser",
        round_trips::<eiam::users::GetUserResponse>,
    ),
    (
        "eiam",
        "ListUsers",
        round_trips::<eiam::users::ListUsersResponse>,
    ),
    (
        "eiam",
        "GetSynchronizationJob",
        round_trips::<eiam::GetSynchronizationJobResponse>,
    ),
];

/// Each operation's documented response, and the object keys in it.
fn seeds() -> &'static [(Value, Vec<String>)] {
    static SEEDS: OnceLock<Vec<(Value, Vec<String>)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let api = identity_sdk_tests::api();
        OPERATIONS
            .iter()
            .map(|(service, name, _)| {
                let (_, op) = identity_sdk_tests::operations(&api)
                    .find(|(s, o)| s.name == *service && o.wire_name == *name)
                    .unwrap_or_else(|| panic!("{service}.{name} is specified"));
                let example = op
                    .examples
                    .iter()
                    .find(|e| e.field.is_none() && e.decodes)
                    .unwrap_or_else(|| panic!("{service}.{name} has a documented response"));
                let value: Value = serde_json::from_str(&example.json).expect("JSON");
                let mut keys = Vec::new();
                collect_keys(&value, &mut keys);
                keys.sort();
                keys.dedup();
                (value, keys)
            })
            .collect()
    })
}

fn collect_keys(value: &Value, keys: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            keys.push(k.clone());
            collect_keys(v, keys);
        }),
        Value::Array(items) => items.iter().for_each(|v| collect_keys(v, keys)),
        _ => {}
    }
}

/// A change at one place: which node (by its preorder index, modulo their
/// number) and what it becomes.
#[derive(Debug, Clone)]
enum Change {
    Replace(usize, Value),
    /// The member (or item) removed.
    Drop(usize),
    /// The value becomes a list of itself.
    Wrap(usize),
}

/// Any JSON; object keys are chosen by index from the seed's own keys,
/// `u32::MAX` meaning a stranger.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        "[a-zA-Z0-9_ .:-]{0,10}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((any::<u32>(), inner), 0..4).prop_map(|pairs| {
                // Placeholder keys, named from the seed in `apply`.
                Value::Object(
                    pairs
                        .into_iter()
                        .map(|(k, v)| (format!("\u{0}{k}"), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => (any::<usize>(), any_value()).prop_map(|(at, v)| Change::Replace(at, v)),
        1 => any::<usize>().prop_map(Change::Drop),
        1 => any::<usize>().prop_map(Change::Wrap),
    ]
}

/// Names placeholder keys (`\0N`) after the seed's keys.
fn name_keys(value: Value, keys: &[String]) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let k = match k
                        .strip_prefix('\u{0}')
                        .and_then(|n| n.parse::<usize>().ok())
                    {
                        Some(n) if n % 5 == 0 => format!("x{n}"),
                        Some(n) => keys.get(n % keys.len().max(1)).cloned().unwrap_or(k),
                        None => k,
                    };
                    (k, name_keys(v, keys))
                })
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| name_keys(v, keys)).collect())
        }
        other => other,
    }
}

/// The JSON pointers of every node, in preorder.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            pointers(
                v,
                format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                out,
            )
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
        _ => {}
    }
}

fn apply(value: &mut Value, change: &Change, keys: &[String]) {
    let mut all = Vec::new();
    pointers(value, String::new(), &mut all);
    let pick = |at: usize| all[at % all.len()].clone();
    match change {
        Change::Replace(at, new) => {
            if let Some(node) = value.pointer_mut(&pick(*at)) {
                *node = name_keys(new.clone(), keys);
            }
        }
        Change::Wrap(at) => {
            if let Some(node) = value.pointer_mut(&pick(*at)) {
                *node = Value::Array(vec![node.take()]);
            }
        }
        Change::Drop(at) => {
            let at = pick(*at);
            let Some((parent, last)) = at.rsplit_once('/') else {
                return;
            };
            match value.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(&last.replace("~1", "/").replace("~0", "~"));
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = last.parse::<usize>() {
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn round_trips<T>(text: &str) -> Result<bool, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    decode_round_trips::<T>(text).map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: proptest_cases(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn changed_documented_responses_decode_or_fail_and_values_round_trip(
        which in 0..OPERATIONS.len(),
        changes in proptest::collection::vec(change(), 1..4),
    ) {
        let (seed, keys) = &seeds()[which];
        let mut value = seed.clone();
        for change in &changes {
            apply(&mut value, change, keys);
        }
        (OPERATIONS[which].2)(&value.to_string())?;
    }
}

/// The seeds themselves decode (else every case above would only fail).
#[test]
fn the_seeds_decode_and_round_trip() {
    for ((service, name, check), (seed, _)) in OPERATIONS.iter().zip(seeds()) {
        let decoded = check(&seed.to_string()).unwrap_or_else(|e| panic!("{service}.{name}: {e}"));
        assert!(
            decoded,
            "{service}.{name}: its documented response does not decode"
        );
    }
}

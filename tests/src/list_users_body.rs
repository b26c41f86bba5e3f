//! Large GenAuth `listUsers` response bodies, built from the page's
//! documented example (`管理用户/list-users.md`) by repeating its user with
//! varied values, written as text (no value tree is kept).
//!
//! Used by the `body_peak` and `bench_decode` binaries, with `status_kib`
//! for their memory figures.

use serde_json::Value;

use crate::{document, document_example};

/// The corpus page whose response example the bodies are built from.
pub const PAGE: &str = "管理用户/list-users.md";

/// The page's example response and its user, taken out of `data.list`
/// (which the page shows as one object, a recorded contradiction, not a
/// list).
pub fn example() -> (Value, Value) {
    let mut example = document_example(&document(PAGE)).expect("example");
    let list = example["data"]["list"].take();
    let user = if list.is_array() {
        list[0].clone()
    } else {
        list
    };
    assert!(user.is_object(), "the example has a user");
    (example, user)
}

/// `page` with `data.list` an array of the users `user(i)` writes for
/// `i = 0, 1, ...`, until `done(bytes written so far, i)`.
pub fn build(
    mut page: Value,
    mut user: impl FnMut(usize) -> String,
    mut done: impl FnMut(usize, usize) -> bool,
    capacity: usize,
) -> Vec<u8> {
    page["data"]["list"] = Value::from("@LIST@");
    let page = page.to_string();
    let (head, tail) = page.split_once("\"@LIST@\"").expect("placeholder");
    let mut out = String::with_capacity(capacity + page.len());
    out.push_str(head);
    out.push('[');
    let mut i = 0;
    while !done(out.len(), i) {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&user(i));
        i += 1;
    }
    out.push(']');
    out.push_str(tail);
    out.into_bytes()
}

/// A memory figure of this process from `/proc/self/status`, in KiB
/// (`VmHWM`: the peak, `VmRSS`: now).
pub fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

//! What the generated crate ships beside the specs' code, written by hand:
//! its package description, the README's introduction and the runnable
//! examples (in `codegen/examples/`, copied into `generated/examples/`).
//! These name the vendors; `emit` only lays them out.

/// `description` in the generated crate's `Cargo.toml`.
pub const DESCRIPTION: &str =
    "Typed Rust SDK for the GenAuth and Alibaba Cloud IDaaS management APIs, generated from spec/.";

/// `keywords` in the generated crate's `Cargo.toml`.
pub const KEYWORDS: &[&str] = &["genauth", "authing", "idaas", "identity", "sdk"];

/// The README's text before the table of services.
pub const README_INTRO: &str = "Typed async Rust clients and models for identity platforms' \
management APIs, generated from hand-normalized YAML specs of the vendors' documents.\n\n\
Each service is a module behind a cargo feature of the same name (all on by default); each \
API area is a feature of its own (`<service>-<area>`, e.g. `genauth-users`), listed in \
`Cargo.toml`.";

/// A runnable example of the generated crate.
pub struct Example {
    /// Its file under `examples/`.
    pub file: &'static str,
    pub text: &'static str,
    /// Its `[[example]]` name.
    pub name: &'static str,
    /// The features it needs (`required-features`).
    pub features: &'static [&'static str],
    /// Whether `cargo test` runs its `#[test]`s (an example that needs no vendor).
    pub test: bool,
}

/// The examples, by file name.
pub const EXAMPLES: &[Example] = &[
    Example {
        file: "eiam.rs",
        text: include_str!("../examples/eiam.rs"),
        name: "eiam",
        features: &["eiam"],
        test: false,
    },
    Example {
        file: "genauth.rs",
        text: include_str!("../examples/genauth.rs"),
        name: "genauth",
        features: &["genauth-users"],
        test: false,
    },
    Example {
        file: "testing.rs",
        text: include_str!("../examples/testing.rs"),
        name: "testing",
        features: &["testing", "genauth-users"],
        test: true,
    },
];

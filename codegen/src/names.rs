//! Rust identifiers from wire names: case conversion, keywords, collisions.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that `r#` makes usable as identifiers.
const RAW_OK: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NEVER: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated code itself relies on, or that service modules
/// export next to the spec's types.
pub const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Self",
    "Service",
    "ManagementClient",
    "ManagementClientOptions",
    "AuthenticationClient",
    "AuthenticationClientOptions",
    "Client",
    "ClientOptions",
    "Credentials",
    "ApiError",
    "Error",
    "RetryConfig",
];

/// Crates every Rust crate can name: a module of the same name makes
/// `use std::...` ambiguous in the module that declares it.
const BUILTIN_CRATES: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];

/// Why a service, API area or file may not have this (already snake_case)
/// module name, if it may not.
pub fn reserved_module(name: &str) -> Option<String> {
    if BUILTIN_CRATES.contains(&name) {
        return Some(format!("`{name}` is a built-in crate, and a module of that name makes `{name}::` paths ambiguous"));
    }
    if name == crate::place::SHARED {
        return Some(
            "the generated crate keeps the types several API areas share in a module of this name"
                .into(),
        );
    }
    if crate::emit::DEPENDENCIES
        .iter()
        .any(|d| d.replace('-', "_") == name)
    {
        return Some(format!("the generated crate depends on the crate `{name}`, and a module of that name makes `{name}::` paths ambiguous"));
    }
    None
}

/// Why a service may not have this name (a module of the crate root and a
/// cargo feature), if it may not.
pub fn reserved_service(name: &str) -> Option<String> {
    match name {
        "runtime" => Some(
            "the generated crate's module `runtime` (the runtime crate, re-exported) has this name"
                .into(),
        ),
        "lib" => Some(
            "`src/lib.rs` is the crate root, and a module `lib` (`src/lib/mod.rs`) clashes with it"
                .into(),
        ),
        "default" => Some("the cargo feature `default` has this name".into()),
        "testing" => Some(
            "the generated crate's module and cargo feature `testing` (its mock server) have this name"
                .into(),
        ),
        _ => reserved_module(name),
    }
}

/// Field name the emitter adds to every response struct to keep unknown fields.
pub const UNKNOWN_FIELDS: &str = "unknown_fields";

/// Why a name cannot become an identifier.
#[derive(Debug, PartialEq, Eq)]
pub enum BadName {
    Empty,
    StartsWithDigit,
    Keyword,
    Invalid,
}

impl BadName {
    pub fn explain(&self) -> &'static str {
        match self {
            BadName::Empty => "it has no letters or digits",
            BadName::StartsWithDigit => "it would start with a digit",
            BadName::Keyword => "it is a Rust keyword that cannot be a raw identifier",
            BadName::Invalid => "it is not a valid Rust identifier",
        }
    }
}

/// `userIdInIdp` -> `user_id_in_idp`; `type` -> `r#type`.
pub fn field_ident(wire: &str) -> Result<String, BadName> {
    check(&wire.to_snake_case())
}

/// `active-directory` -> `ActiveDirectory`.
pub fn type_ident(wire: &str) -> Result<String, BadName> {
    check(&wire.to_upper_camel_case())
}

/// Validates an identifier given explicitly (`rust_name:`), escaping keywords.
pub fn check(ident: &str) -> Result<String, BadName> {
    let mut chars = ident.chars();
    let Some(first) = chars.next() else {
        return Err(BadName::Empty);
    };
    if first.is_ascii_digit() {
        return Err(BadName::StartsWithDigit);
    }
    if !(first.is_ascii_alphabetic() || first == '_')
        || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(BadName::Invalid);
    }
    if NEVER.contains(&ident) {
        return Err(BadName::Keyword);
    }
    if RAW_OK.contains(&ident) {
        return Ok(format!("r#{ident}"));
    }
    Ok(ident.to_owned())
}

/// Key under which two identifiers count as the same name: case and
/// underscores ignored, so `wechatwork` and `WeChatWork` collide.
pub fn collision_key(ident: &str) -> String {
    ident
        .trim_start_matches("r#")
        .chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_wire_names() {
        assert_eq!(field_ident("userIdInIdp").unwrap(), "user_id_in_idp");
        assert_eq!(field_ident("RequestId").unwrap(), "request_id");
        assert_eq!(field_ident("type").unwrap(), "r#type");
        assert_eq!(type_ident("active-directory").unwrap(), "ActiveDirectory");
        assert_eq!(type_ident("azure-ad").unwrap(), "AzureAd");
        assert_eq!(type_ident("partial_success").unwrap(), "PartialSuccess");
    }

    #[test]
    fn rejects_unrepresentable_names() {
        assert_eq!(field_ident("self"), Err(BadName::Keyword));
        assert_eq!(field_ident("2fa"), Err(BadName::StartsWithDigit));
        assert_eq!(field_ident("--"), Err(BadName::Empty));
        assert_eq!(field_ident("名称"), Err(BadName::Invalid));
    }

    #[test]
    fn collisions_ignore_case_and_underscores() {
        assert_eq!(collision_key("Wechatwork"), collision_key("WeChatWork"));
        assert_eq!(collision_key("user_id"), collision_key("userid"));
        assert_ne!(collision_key("Ldap"), collision_key("Ad"));
    }
}

//! One descriptor per protocol a service can speak (its `protocol:` and
//! `auth:`): the runtime client that speaks it, how its operations are
//! addressed, and how the importer reads its documents. `validate`, `emit`
//! and `import` ask the descriptor instead of matching on the protocol, so a
//! new vendor's protocol is a descriptor here and a client in
//! `codegen/runtime/` (ARCHITECTURE.md lists the files).

use std::collections::BTreeSet;

use crate::model::{Auth, Protocol, Service};

/// How a protocol's operations are addressed in the spec and on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addressing {
    /// `http: {method, path}`; parameters in the query or a JSON body.
    Http,
    /// `action: Name`; an RPC call, parameters in the query.
    Action,
}

/// How a protocol's client writes lists and objects as `name=value` pairs
/// (the runtime client's `QUERY_STYLE`, which the request tests read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `ids=a&ids=b`: a list repeats its name; an object has no form.
    Repeated,
    /// `Ids.1=a`, `Fields.1.Name=x`: lists numbered from 1 and objects by
    /// field, at any depth; a map has no form.
    Flat,
}

/// How a protocol sends `in: body` parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// A JSON object of them (`Operation::body`).
    Json,
    /// A form (`application/x-www-form-urlencoded`) written like the query,
    /// in its style (`Operation::form`), as the Alibaba Cloud SDKs send an
    /// RPC call's body parameters (`reqBodyType: formData`).
    Form,
}

/// Which reader `cargo xtask import` drafts a spec with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentReader {
    /// GenAuth's Markdown pages, which name their nested types in tables.
    GenAuth,
    /// Alibaba Cloud's pages, whose nesting is rebuilt from the JSON example.
    Alibaba,
}

/// What the service client's `from_env` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FromEnv {
    /// Everything from the environment.
    Nothing,
    /// The region; the credentials from the environment.
    Region,
}

/// What the generator knows of one protocol and its runtime client.
#[derive(Debug)]
pub struct Descriptor {
    pub protocol: Protocol,
    pub auth: Auth,
    /// The service module's client struct (`ManagementClient`).
    pub client: &'static str,
    /// The runtime module holding the client it wraps (`genauth`).
    pub runtime_module: &'static str,
    /// That client's type in the module (`ManagementClient`).
    pub runtime_client: &'static str,
    /// The runtime module's source, read for the methods its client defines.
    pub runtime_source: &'static str,
    /// The options type `new` takes (`ManagementClientOptions`).
    pub options: &'static str,
    /// The runtime module's items the service module re-exports (the options first).
    pub reexports: &'static [&'static str],
    pub from_env: FromEnv,
    /// The client can call as a signed-in user (`with_access_token`).
    pub user_token: bool,
    pub addressing: Addressing,
    pub query_style: QueryStyle,
    pub body: BodyEncoding,
    pub reader: DocumentReader,
}

/// Every protocol the generator and runtime support.
pub const DESCRIPTORS: &[Descriptor] = &[
    Descriptor {
        protocol: Protocol::RestJson,
        auth: Auth::ManagementToken,
        client: "ManagementClient",
        runtime_module: "genauth",
        runtime_source: include_str!("../runtime/src/genauth.rs"),
        runtime_client: "ManagementClient",
        options: "ManagementClientOptions",
        reexports: &["ManagementClientOptions"],
        from_env: FromEnv::Nothing,
        user_token: false,
        addressing: Addressing::Http,
        query_style: QueryStyle::Repeated,
        body: BodyEncoding::Json,
        reader: DocumentReader::GenAuth,
    },
    Descriptor {
        protocol: Protocol::RestJson,
        auth: Auth::UserToken,
        client: "AuthenticationClient",
        runtime_module: "genauth_authn",
        runtime_source: include_str!("../runtime/src/genauth_authn.rs"),
        runtime_client: "AuthenticationClient",
        options: "AuthenticationClientOptions",
        reexports: &["AuthenticationClientOptions"],
        from_env: FromEnv::Nothing,
        user_token: true,
        addressing: Addressing::Http,
        query_style: QueryStyle::Repeated,
        body: BodyEncoding::Json,
        reader: DocumentReader::GenAuth,
    },
    Descriptor {
        protocol: Protocol::Rpc,
        auth: Auth::ManagementToken,
        client: "Client",
        runtime_module: "acs",
        runtime_source: include_str!("../runtime/src/acs.rs"),
        runtime_client: "Client",
        options: "ClientOptions",
        reexports: &["ClientOptions", "Credentials"],
        from_env: FromEnv::Region,
        user_token: false,
        addressing: Addressing::Action,
        query_style: QueryStyle::Flat,
        body: BodyEncoding::Form,
        reader: DocumentReader::Alibaba,
    },
];

/// The methods the runtime's client types define for every service (`new`,
/// `call`, `clone`...), read from the runtime's source: an operation's client
/// method may not have one of these names (it would be defined twice).
pub fn runtime_client_methods() -> &'static BTreeSet<&'static str> {
    static NAMES: std::sync::OnceLock<BTreeSet<&'static str>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        DESCRIPTORS
            .iter()
            .flat_map(|d| client_methods(d.runtime_source))
            .collect()
    })
}

/// The methods of `impl ..Client {` and `impl Clone for ..Client {` blocks,
/// which end at the first `}` in column 1.
fn client_methods(source: &'static str) -> BTreeSet<&'static str> {
    let mut names = BTreeSet::new();
    let mut in_client_impl = false;
    for line in source.lines() {
        if line.starts_with("impl") && line.ends_with("Client {") {
            in_client_impl = true;
        } else if line.starts_with('}') {
            in_client_impl = false;
        } else if in_client_impl {
            let words = line.trim_start();
            let after_fn = words
                .split_once("fn ")
                .filter(|(before, _)| {
                    before
                        .split_whitespace()
                        .all(|w| ["pub", "pub(crate)", "async", "const", "unsafe"].contains(&w))
                })
                .map(|(_, rest)| rest);
            if let Some(rest) = after_fn {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                names.insert(&rest[..end]);
            }
        }
    }
    names
}

/// The descriptor of `protocol` with `auth`, if the pair is supported.
pub fn find(protocol: Protocol, auth: Auth) -> Option<&'static Descriptor> {
    DESCRIPTORS
        .iter()
        .find(|d| d.protocol == protocol && d.auth == auth)
}

/// How `protocol`'s operations are addressed.
pub fn addressing(protocol: Protocol) -> Addressing {
    first(protocol).map_or(Addressing::Http, |d| d.addressing)
}

/// How `protocol`'s client writes lists and objects.
pub fn query_style(protocol: Protocol) -> QueryStyle {
    first(protocol).map_or(QueryStyle::Repeated, |d| d.query_style)
}

/// How `protocol`'s client sends body parameters.
pub fn body_encoding(protocol: Protocol) -> BodyEncoding {
    first(protocol).map_or(BodyEncoding::Json, |d| d.body)
}

fn first(protocol: Protocol) -> Option<&'static Descriptor> {
    DESCRIPTORS.iter().find(|d| d.protocol == protocol)
}

/// The descriptor of a validated service; validation refuses a pair no
/// descriptor has, and an unsupported `auth` falls back to the protocol's
/// first descriptor rather than failing here.
pub fn of(service: &Service) -> &'static Descriptor {
    find(service.protocol, service.auth)
        .or_else(|| DESCRIPTORS.iter().find(|d| d.protocol == service.protocol))
        .unwrap_or(&DESCRIPTORS[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_protocol_has_a_descriptor_and_pairs_are_unique() {
        for protocol in [Protocol::RestJson, Protocol::Rpc] {
            assert!(DESCRIPTORS.iter().any(|d| d.protocol == protocol));
        }
        for (i, a) in DESCRIPTORS.iter().enumerate() {
            for b in &DESCRIPTORS[i + 1..] {
                assert!((a.protocol, a.auth) != (b.protocol, b.auth), "{a:?} {b:?}");
            }
            assert_eq!(
                a.reexports.first(),
                Some(&a.options),
                "options re-exported first"
            );
        }
        assert!(find(Protocol::Rpc, Auth::UserToken).is_none());
    }

    /// A protocol's descriptors agree on what is per protocol, and the
    /// runtime client writes the query in the descriptor's style and sends
    /// a form only where the descriptor says so.
    #[test]
    fn the_runtime_clients_write_the_query_in_the_descriptors_style() {
        for d in DESCRIPTORS {
            let first = first(d.protocol).expect("its own protocol");
            assert_eq!(
                (d.addressing, d.query_style, d.body),
                (first.addressing, first.query_style, first.body),
                "{d:?}"
            );
            assert_eq!(
                d.runtime_source.contains("request.form("),
                d.body == BodyEncoding::Form,
                "runtime::{} and the descriptor's body encoding",
                d.runtime_module
            );
            let declared = format!(
                "pub const QUERY_STYLE: QueryStyle = QueryStyle::{:?};",
                d.query_style
            );
            assert!(
                d.runtime_source.contains(&declared),
                "runtime::{} does not declare `{declared}`",
                d.runtime_module
            );
        }
    }

    #[test]
    fn reads_the_runtime_client_methods() {
        let names = runtime_client_methods();
        for name in [
            "new",
            "from_env",
            "options",
            "call",
            "send",
            "clone",
            "fmt",
            "with_access_token",
        ] {
            assert!(names.contains(name), "{name} in {names:?}");
        }
        assert!(!names.contains("get_user"), "{names:?}");
    }
}

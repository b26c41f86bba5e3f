//! One descriptor per protocol a service can speak (its `protocol:` and
//! `auth:`): the runtime client that speaks it, how its operations are
//! addressed, and how the importer reads its documents. `validate`, `emit`
//! and `import` ask the descriptor instead of matching on the protocol, so a
//! new vendor's protocol is a descriptor here and a client in
//! `codegen/runtime/` (ARCHITECTURE.md lists the files).

use crate::model::{Auth, Protocol, Service};

/// How a protocol's operations are addressed in the spec and on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addressing {
    /// `http: {method, path}`; parameters in the query or a JSON body.
    Http,
    /// `action: Name`; an RPC call, parameters in the query.
    Action,
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
    /// The options type `new` takes (`ManagementClientOptions`).
    pub options: &'static str,
    /// The runtime module's items the service module re-exports (the options first).
    pub reexports: &'static [&'static str],
    pub from_env: FromEnv,
    /// The client can call as a signed-in user (`with_access_token`).
    pub user_token: bool,
    pub addressing: Addressing,
    pub reader: DocumentReader,
}

/// Every protocol the generator and runtime support.
pub const DESCRIPTORS: &[Descriptor] = &[
    Descriptor {
        protocol: Protocol::RestJson,
        auth: Auth::ManagementToken,
        client: "ManagementClient",
        runtime_module: "genauth",
        runtime_client: "ManagementClient",
        options: "ManagementClientOptions",
        reexports: &["ManagementClientOptions"],
        from_env: FromEnv::Nothing,
        user_token: false,
        addressing: Addressing::Http,
        reader: DocumentReader::GenAuth,
    },
    Descriptor {
        protocol: Protocol::RestJson,
        auth: Auth::UserToken,
        client: "AuthenticationClient",
        runtime_module: "genauth_authn",
        runtime_client: "AuthenticationClient",
        options: "AuthenticationClientOptions",
        reexports: &["AuthenticationClientOptions"],
        from_env: FromEnv::Nothing,
        user_token: true,
        addressing: Addressing::Http,
        reader: DocumentReader::GenAuth,
    },
    Descriptor {
        protocol: Protocol::Rpc,
        auth: Auth::ManagementToken,
        client: "Client",
        runtime_module: "acs",
        runtime_client: "Client",
        options: "ClientOptions",
        reexports: &["ClientOptions", "Credentials"],
        from_env: FromEnv::Region,
        user_token: false,
        addressing: Addressing::Action,
        reader: DocumentReader::Alibaba,
    },
];

/// The descriptor of `protocol` with `auth`, if the pair is supported.
pub fn find(protocol: Protocol, auth: Auth) -> Option<&'static Descriptor> {
    DESCRIPTORS
        .iter()
        .find(|d| d.protocol == protocol && d.auth == auth)
}

/// How `protocol`'s operations are addressed.
pub fn addressing(protocol: Protocol) -> Addressing {
    let descriptor = DESCRIPTORS.iter().find(|d| d.protocol == protocol);
    descriptor.map_or(Addressing::Http, |d| d.addressing)
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
}

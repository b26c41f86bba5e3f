//! Step 3: turn the model into Rust source files.
//!
//! Each file is a `syn::File` formatted by `prettyplease`, so the output is
//! deterministic and independent of any local rustfmt. Module files are built
//! mostly as `syn` nodes ([`ast`]); the small files are written with `quote`
//! and parsed.

mod ast;
mod docs;
mod operations;
mod types;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};

use crate::model::{Api, Auth, Module, Operation, Protocol, Service, TypeKind};
use docs::Doc;

/// A file to write under `generated/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the generated crate's root, with `/` separators.
    pub path: String,
    pub contents: String,
}

/// The emitter produced tokens that do not parse: a bug in the generator.
#[derive(Debug)]
pub struct EmitError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "internal error emitting {}: {} (please report this)",
            self.path, self.message
        )
    }
}

impl std::error::Error for EmitError {}

/// What the emitter knows about one service while writing its files.
pub struct Ctx<'a> {
    /// Type name -> module that defines it.
    pub home: BTreeMap<&'a str, &'a str>,
    /// Structs that derive `Default`.
    pub defaultable: BTreeSet<String>,
}

/// The runtime clients' sources, read for the methods they define.
const RUNTIME_CLIENTS: &[&str] = &[
    include_str!("../../runtime/src/genauth.rs"),
    include_str!("../../runtime/src/genauth_authn.rs"),
    include_str!("../../runtime/src/acs.rs"),
];

/// Runnable examples, hand-written in `codegen/examples/` and copied likewise.
const EXAMPLES: &[(&str, &str)] = &[
    ("eiam.rs", include_str!("../../examples/eiam.rs")),
    ("genauth.rs", include_str!("../../examples/genauth.rs")),
    ("testing.rs", include_str!("../../examples/testing.rs")),
];

/// The features each example needs (`[[example]] required-features`), and
/// whether `cargo test` runs its `#[test]`s (an example that needs no vendor).
const EXAMPLE_FEATURES: &[(&str, &[&str], bool)] = &[
    ("eiam", &["eiam"], false),
    ("genauth", &["genauth-users"], false),
    ("testing", &["testing", "genauth-users"], true),
];

/// The crates the generated code names (`[dependencies]` of its
/// Cargo.toml); no service, area or file may be named like one.
pub const DEPENDENCIES: &[&str] = &["identity-sdk-runtime", "serde", "serde_json"];

/// The methods the runtime's client types define for every service (`new`,
/// `call`, `clone`...), read from the runtime's source: an operation's client
/// method may not have one of these names (it would be defined twice).
pub fn runtime_client_methods() -> &'static BTreeSet<&'static str> {
    static NAMES: std::sync::OnceLock<BTreeSet<&'static str>> = std::sync::OnceLock::new();
    NAMES.get_or_init(read_client_methods)
}

fn read_client_methods() -> BTreeSet<&'static str> {
    let mut names = BTreeSet::new();
    for text in RUNTIME_CLIENTS {
        // `impl Client {` and `impl Clone for Client {` blocks, which end
        // at the first `}` in column 1.
        let mut in_client_impl = false;
        for line in text.lines() {
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
    }
    names
}

/// Every file of the generated crate, sorted by path.
pub fn emit(api: &Api) -> Result<Vec<OutputFile>, EmitError> {
    let mut files = vec![
        OutputFile {
            path: "Cargo.toml".into(),
            contents: cargo_toml(api),
        },
        OutputFile {
            path: "README.md".into(),
            contents: readme(api),
        },
        rust_file("src/lib.rs", "the service list", || {
            syn::parse2(lib_rs(api))
        })?,
    ];
    let copies = EXAMPLES.iter().map(|(name, text)| {
        (
            format!("examples/{name}"),
            format!("codegen/examples/{name}"),
            text,
        )
    });
    for (path, from, text) in copies {
        files.push(OutputFile {
            path,
            contents: format!("// @generated by `cargo xtask codegen`: copied from {from}; edit it there.\n\n{text}"),
        });
    }
    let contexts: Vec<Ctx> = api
        .services
        .iter()
        .map(|service| Ctx {
            home: service
                .types()
                .map(|(m, t)| (t.name.as_str(), m.name.as_str()))
                .collect(),
            defaultable: crate::model::defaultable(service.types().map(|(_, t)| t)),
        })
        .collect();
    let mut jobs = Vec::new();
    for (service, ctx) in api.services.iter().zip(&contexts) {
        files.push(rust_file(
            &format!("src/{}/mod.rs", service.name),
            &format!("spec/{}/", service.name),
            || syn::parse2(service_mod(service)),
        )?);
        for area in areas(service) {
            files.push(rust_file(
                &format!("src/{}/{area}/mod.rs", service.name),
                &format!("spec/{}/{area}/", service.name),
                || syn::parse2(area_mod(service, area)),
            )?);
        }
        jobs.extend(
            service
                .modules
                .iter()
                .filter(|m| !m.is_empty())
                .map(|m| (service, m, ctx)),
        );
    }
    // Modules are independent: format them on every core.
    for file in crate::parallel::map(jobs, |(service, module, ctx)| {
        let dir = match &module.area {
            Some(area) => format!("{}/{area}", service.name),
            None => service.name.clone(),
        };
        let path = format!("src/{dir}/{}.rs", module.name);
        rust_file(&path, &module.spec_path, || {
            module_file(module, service, ctx)
        })
    }) {
        files.push(file?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // Validation reserves every name the output uses; should a clash slip
    // through, nothing is written rather than one file over another.
    if let Some(pair) = files.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(EmitError {
            path: pair[0].path.clone(),
            message: "two outputs have this path (a name validation should have refused)".into(),
        });
    }
    Ok(files)
}

/// An identifier, raw where the name is a keyword (`r#type`).
pub fn ident(name: &str) -> syn::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => syn::Ident::new_raw(raw, Span::call_site()),
        None => syn::Ident::new(name, Span::call_site()),
    }
}

/// A file from `emit`, formatted with its header and doc comments. An `Err`
/// means the emitter wrote tokens that do not parse: a generator bug.
fn rust_file(
    path: &str,
    from: &str,
    emit: impl FnOnce() -> syn::Result<syn::File>,
) -> Result<OutputFile, EmitError> {
    let (file, stash) = docs::collect(emit);
    let file = file.map_err(|e| EmitError {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    Ok(OutputFile {
        path: path.to_owned(),
        contents: format!(
            "// @generated by `cargo xtask codegen` from {from}. Do not edit by hand.\n\n{}",
            docs::splice(&prettyplease::unparse(&file), &stash)
        ),
    })
}

/// A module's file: its types, then per operation the request, response and
/// client method, then the example tests. Most of it is built as `syn` nodes
/// directly (see [`ast`]); the rest is parsed.
fn module_file(module: &Module, service: &Service, ctx: &Ctx) -> syn::Result<syn::File> {
    let mut doc = Doc::new();
    for op in &module.operations {
        doc = doc.text(&op.summary);
    }
    if doc.is_empty() {
        doc = doc.raw(format!(
            "Types shared by the operations of `{}`.",
            service.name
        ));
    }
    let mut items = syn::parse2::<syn::File>(imports(module, service, ctx))?.items;
    for t in &module.types {
        items.extend(gated(&t.features, types::type_def(t, ctx)));
    }
    for op in &module.operations {
        let mut op_items = operations::request(op, service);
        op_items.extend(types::response_def(op, ctx));
        op_items.extend(operations::paged_impl(op));
        op_items.push(operations::client_method(op, service));
        op_items.extend(operations::documented_impl(op));
        items.extend(gated(op.feature.as_slice(), op_items));
    }
    items.extend(syn::parse2::<syn::File>(operations::example_tests(&module.operations))?.items);
    items.extend(
        syn::parse2::<syn::File>(operations::request_tests(&module.operations, service))?.items,
    );
    Ok(syn::File {
        shebang: None,
        frontmatter: None,
        attrs: vec![doc.inner_attr()],
        items,
    })
}

/// `use crate::<service>::{A, B};` for the types this module uses from its
/// siblings; where every item using a name is feature-gated, so is its import.
fn imports(module: &Module, service: &Service, ctx: &Ctx) -> TokenStream {
    let own: BTreeSet<&str> = module
        .types
        .iter()
        .map(|t| t.name.as_str())
        .chain(module.operations.iter().map(|o| o.response.name.as_str()))
        .collect();
    // (features of the using item, its fields)
    let users = module
        .types
        .iter()
        .map(|t| (t.features.as_slice(), t))
        .chain(
            module
                .operations
                .iter()
                .map(|o| (o.feature.as_slice(), &o.response)),
        )
        .flat_map(|(features, t)| match &t.kind {
            TypeKind::Struct { fields } => fields.iter().map(move |f| (features, f)).collect(),
            TypeKind::Enum { .. } => Vec::new(),
        })
        .chain(module.operations.iter().flat_map(|o| {
            o.request
                .params
                .iter()
                .map(move |f| (o.feature.as_slice(), f))
        }))
        .map(|(features, f)| (features, &f.ty))
        // A paginator's item type, from another module's struct.
        .chain(
            module
                .operations
                .iter()
                .filter_map(|o| o.paging.as_ref().map(|p| (o.feature.as_slice(), &p.item))),
        );
    // Name -> features of its users; `None` once an ungated item uses it.
    let mut used: BTreeMap<&str, Option<BTreeSet<&str>>> = BTreeMap::new();
    for (features, ty) in users {
        let Some(name) = ty.named() else {
            continue;
        };
        if own.contains(name) || !ctx.home.contains_key(name) {
            continue;
        }
        let entry = used.entry(name).or_insert_with(|| Some(BTreeSet::new()));
        match (features.is_empty(), entry.as_mut()) {
            (true, _) => *entry = None,
            (false, Some(set)) => set.extend(features.iter().map(String::as_str)),
            (false, None) => {}
        }
    }
    let service = ident(&service.name);
    let mut groups: BTreeMap<Vec<String>, Vec<syn::Ident>> = BTreeMap::new();
    for (name, features) in used {
        let key = features
            .map(|s| s.into_iter().map(str::to_owned).collect())
            .unwrap_or_default();
        groups.entry(key).or_default().push(ident(name));
    }
    let uses = groups.iter().map(|(features, names)| {
        let cfg = cfg(features);
        quote!(#cfg use crate::#service::{#(#names),*};)
    });
    quote!(#(#uses)*)
}

/// `#[cfg(any(feature = "a", ...))]`, or nothing for no features.
pub fn cfg(features: &[String]) -> TokenStream {
    match features {
        [] => quote!(),
        _ => cfg_attr(features).into_token_stream(),
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", ...))]` for several.
fn cfg_attr(features: &[String]) -> syn::Attribute {
    let condition = match features {
        [one] => quote!(feature = #one),
        many => quote!(any(#(feature = #many),*)),
    };
    ast::list_attr("cfg", condition)
}

/// Puts `cfg(features)` first on every item of `items`.
fn gated(features: &[String], mut items: Vec<syn::Item>) -> Vec<syn::Item> {
    if features.is_empty() {
        return items;
    }
    let cfg = cfg_attr(features);
    for item in &mut items {
        if let Some(attrs) = ast::attrs_mut(item) {
            attrs.insert(0, cfg.clone());
        }
    }
    items
}

/// The service's areas, sorted.
fn areas(service: &Service) -> BTreeSet<&str> {
    service
        .modules
        .iter()
        .filter(|m| !m.is_empty())
        .filter_map(|m| m.area.as_deref())
        .collect()
}

/// An area's `mod.rs`: its modules, re-exported into the service module.
fn area_mod(service: &Service, area: &str) -> TokenStream {
    let doc = format!(
        " The `{area}` operations of `{}`; they compile with the `{}` feature.",
        service.name,
        service.area_feature(area)
    );
    let modules: Vec<&Module> = service
        .modules
        .iter()
        .filter(|m| !m.is_empty() && m.area.as_deref() == Some(area))
        .collect();
    let names = modules.iter().map(|m| ident(&m.name));
    let reexports = modules.iter().map(|m| {
        let (name, cfg) = (ident(&m.name), cfg(&features_of(&[m])));
        quote!(#cfg pub use #name::*;)
    });
    let ops: Vec<&Operation> = modules.iter().flat_map(|m| &m.operations).collect();
    let documented = operations::respond_documented(&ops);
    let feature = service.area_feature(area);
    let respond = (!documented.is_empty()).then(|| {
        quote! {
            /// Sets each operation's documented example as the mock's answer.
            #[cfg(all(feature = "testing", feature = #feature))]
            pub(crate) fn respond_documented(mock: &crate::runtime::mock::MockServer) {
                #(#documented)*
            }
        }
    });
    quote! {
        #![doc = #doc]
        // An operation may be named like its area (`sign_up` in `sign_up/`).
        #![allow(clippy::module_inception)]
        #(mod #names;)*
        #(#reexports)*
        #respond
    }
}

/// The features under which anything in `modules` compiles (empty: always),
/// so that a glob re-export is gated like the items it re-exports.
fn features_of(modules: &[&Module]) -> Vec<String> {
    let mut all = BTreeSet::new();
    for m in modules {
        let gates = m
            .types
            .iter()
            .map(|t| t.features.as_slice())
            .chain(m.operations.iter().map(|o| o.feature.as_slice()));
        for features in gates {
            if features.is_empty() {
                return Vec::new();
            }
            all.extend(features.iter().cloned());
        }
    }
    all.into_iter().collect()
}

fn service_mod(service: &Service) -> TokenStream {
    let doc = Doc::new()
        .raw(format!(
            "{} ({}), API version {}.",
            service.title,
            service.vendor,
            docs::code(&service.api_version)
        ))
        .text(&service.description)
        .note(service.note.as_ref())
        .inner();
    let (endpoint, version) = (&service.endpoint, &service.api_version);
    // (module name, the modules it holds: itself, or an area's files). An
    // area is a public module (`genauth::users::GetUserRequest`), so that
    // the docs can be browsed by area; files outside areas are private.
    let top = service
        .modules
        .iter()
        .filter(|m| !m.is_empty() && m.area.is_none())
        .map(|m| (m.name.as_str(), vec![m]));
    let in_areas = areas(service).into_iter().map(|area| {
        let held = service
            .modules
            .iter()
            .filter(|m| !m.is_empty() && m.area.as_deref() == Some(area))
            .collect::<Vec<_>>();
        (area, held)
    });
    let held: Vec<(&str, Vec<&Module>)> = top.chain(in_areas).collect();
    let modules = held.iter().map(|(name, held)| {
        let name = ident(name);
        if held.iter().any(|m| m.area.is_some()) {
            quote!(pub mod #name;)
        } else {
            quote!(mod #name;)
        }
    });
    let reexports = held.iter().map(|(name, held)| {
        let (name, cfg) = (ident(name), cfg(&features_of(held)));
        quote!(#cfg pub use #name::*;)
    });
    let name = operations::client_name(service);
    let client_doc = format!(
        " The {} client; its methods are the operations of this module.",
        docs::one_line(&service.title)
    );
    let clients = client_def(service, &name, &client_doc);
    let top_ops: Vec<&Operation> = service
        .modules
        .iter()
        .filter(|m| m.area.is_none())
        .flat_map(|m| &m.operations)
        .collect();
    let documented = operations::respond_documented(&top_ops);
    let areas_documented = areas(service).into_iter().filter_map(|area| {
        let ops: Vec<&Operation> = service
            .modules
            .iter()
            .filter(|m| m.area.as_deref() == Some(area))
            .flat_map(|m| &m.operations)
            .collect();
        let documented = !operations::respond_documented(&ops).is_empty();
        let (name, feature) = (ident(area), service.area_feature(area));
        documented.then(|| quote!(#[cfg(feature = #feature)] #name::respond_documented(mock);))
    });
    quote! {
        #doc
        #clients
        pub use crate::runtime::{ApiError, Error, RetryConfig};
        /// The endpoint used unless the client is given another one.
        pub const DEFAULT_ENDPOINT: &str = #endpoint;
        /// The API version this module was generated for.
        pub const API_VERSION: &str = #version;
        #(#modules)*
        #(#reexports)*
        /// Sets each operation's documented example as the mock's answer.
        #[cfg(feature = "testing")]
        #[allow(unused_variables)] // with only areas that document no response
        pub(crate) fn respond_documented(mock: &crate::runtime::mock::MockServer) {
            #(#documented)*
            #(#areas_documented)*
        }
    }
}

/// The service's client: a struct of its own around the protocol's runtime
/// client, so that its operations can be its inherent methods (the runtime
/// is another crate), with the runtime client's constructors and `call`.
fn client_def(service: &Service, name: &syn::Ident, doc: &str) -> TokenStream {
    let (inner, options, uses, from_env) = match service.protocol {
        Protocol::RestJson if service.auth == Auth::UserToken => (
            quote!(crate::runtime::genauth_authn::AuthenticationClient),
            quote!(AuthenticationClientOptions),
            quote!(
                pub use crate::runtime::genauth_authn::AuthenticationClientOptions;
            ),
            quote! {
                /// A client configured from the environment (see [`AuthenticationClientOptions::from_env`]).
                pub fn from_env() -> Result<Self, Error> {
                    crate::runtime::genauth_authn::AuthenticationClient::from_env().map(Self)
                }
                /// The same client calling as the user with `token`.
                #[must_use]
                pub fn with_access_token(&self, token: impl Into<crate::runtime::SecretString>) -> Self {
                    Self(self.0.with_access_token(token))
                }
            },
        ),
        Protocol::RestJson => (
            quote!(crate::runtime::genauth::ManagementClient),
            quote!(ManagementClientOptions),
            quote!(
                pub use crate::runtime::genauth::ManagementClientOptions;
            ),
            quote! {
                /// A client configured from the environment (see [`ManagementClientOptions::from_env`]).
                pub fn from_env() -> Result<Self, Error> {
                    crate::runtime::genauth::ManagementClient::from_env().map(Self)
                }
            },
        ),
        Protocol::Rpc => (
            quote!(crate::runtime::acs::Client),
            quote!(ClientOptions),
            quote!(
                pub use crate::runtime::acs::{ClientOptions, Credentials};
            ),
            quote! {
                /// A client for `region` with the credentials of the environment (see [`Credentials::from_env`]).
                pub fn from_env(region: impl Into<String>) -> Result<Self, Error> {
                    crate::runtime::acs::Client::from_env(region).map(Self)
                }
            },
        ),
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub struct #name(#inner);
        #uses
        impl #name {
            /// A client with `options`.
            pub fn new(options: #options) -> Result<Self, Error> {
                #inner::new(options).map(Self)
            }
            #from_env
            /// The options the client was made with.
            pub fn options(&self) -> &#options {
                self.0.options()
            }
            /// Calls the operation of `request`; each operation's method calls this.
            pub fn call<Op: crate::runtime::Operation>(&self, request: &Op) -> crate::runtime::Call<'_, Op::Response> {
                self.0.call(request)
            }
        }
        impl crate::runtime::Caller for #name {
            fn call_operation<Op: crate::runtime::Operation>(&self, request: &Op) -> crate::runtime::Call<'_, Op::Response> {
                self.0.call(request)
            }
        }
    }
}

/// The services as a markdown table: feature, title, vendor, API version.
fn services_table(api: &Api) -> String {
    let mut table =
        String::from("| feature | service | vendor | API version |\n| --- | --- | --- | --- |");
    for s in &api.services {
        table.push_str(&format!(
            "\n| `{}` | {} | {} | {} |",
            s.name,
            docs::one_line(&s.title),
            docs::one_line(&s.vendor),
            docs::code(&s.api_version).replace('|', "\\|")
        ));
    }
    table
}

/// The crate's README, what a package registry shows.
fn readme(api: &Api) -> String {
    format!(
        "<!-- @generated by `cargo xtask codegen`. Do not edit by hand. -->\n\
         # identity-sdk\n\n\
         Typed async Rust clients and models for identity platforms' management APIs, \
         generated from hand-normalized YAML specs of the vendors' documents.\n\n\
         Each service is a module behind a cargo feature of the same name (all on by \
         default); each API area is a feature of its own (`<service>-<area>`, e.g. \
         `genauth-users`), listed in `Cargo.toml`.\n\n{}\n",
        services_table(api)
    )
}

fn lib_rs(api: &Api) -> TokenStream {
    let table = services_table(api);
    let doc = Doc::new()
        .raw("Typed Rust models for identity platforms' management APIs, generated from the YAML specs in `spec/`.")
        .raw("Each service is a module behind a cargo feature of the same name (all on by default):")
        .raw(table)
        .inner();
    let mocked = api.services.iter().map(|s| {
        let name = ident(&s.name);
        let features: Vec<String> = std::iter::once(s.name.clone())
            .chain(s.area_features())
            .collect();
        let cfg = cfg(&features);
        quote!(#cfg crate::#name::respond_documented(&mock);)
    });
    let testing = quote! {
        /// Test doubles for code that uses the clients (feature `testing`): a
        /// loopback mock server answering every operation of the enabled
        /// features with its documented example response, or with the reply a
        /// test sets, and recording the requests sent. `examples/testing.rs`
        /// shows it at work.
        #[cfg(feature = "testing")]
        pub mod testing {
            pub use crate::runtime::mock::{Documented, MockServer, ReceivedRequest, MOCK_REQUEST_ID};
            /// Starts a [`MockServer`] that answers every operation of the
            /// enabled features with its documented example response (others:
            /// HTTP 404 until a test sets a reply). Needs a Tokio runtime.
            pub async fn mock_server() -> std::io::Result<MockServer> {
                let mock = MockServer::start().await?;
                #(#mocked)*
                Ok(mock)
            }
        }
    };
    let services = api.services.iter().map(|s| {
        let name = ident(&s.name);
        let features: Vec<String> = std::iter::once(s.name.clone())
            .chain(s.area_features())
            .collect();
        let cfg = cfg(&features);
        quote! {
            #cfg
            pub mod #name;
        }
    });
    quote! {
        #doc
        #![warn(missing_docs)]
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![forbid(unsafe_code)]
        #[doc = " The clients' support code shared by every service: errors, retries, calls, paginators, secrets (the `identity-sdk-runtime` crate)."]
        pub use identity_sdk_runtime as runtime;
        #(#services)*
        #testing
    }
}

fn cargo_toml(api: &Api) -> String {
    let names: Vec<&str> = api.services.iter().map(|s| s.name.as_str()).collect();
    let default = names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut features = String::new();
    for service in &api.services {
        let areas = service.area_features();
        let list = areas
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(", ");
        features.push_str(&format!("{} = [{list}]\n", service.name));
        for area in areas {
            features.push_str(&format!("{area} = []\n"));
        }
    }
    let examples: String = EXAMPLE_FEATURES
        .iter()
        .map(|(name, features, test)| {
            let features = features
                .iter()
                .map(|f| format!("\"{f}\""))
                .collect::<Vec<_>>();
            let test = if *test { "test = true\n" } else { "" };
            format!(
                "\n[[example]]\nname = \"{name}\"\nrequired-features = [{}]\n{test}",
                features.join(", ")
            )
        })
        .collect();
    let dependencies: String = DEPENDENCIES
        .iter()
        .map(|d| format!("{d}.workspace = true\n"))
        .collect();
    format!(
        r#"# @generated by `cargo xtask codegen`. Do not edit by hand.
[package]
name = "identity-sdk"
version = "0.1.0"
description = "Typed Rust SDK for the GenAuth and Alibaba Cloud IDaaS management APIs, generated from spec/."
readme = "README.md"
keywords = ["genauth", "authing", "idaas", "identity", "sdk"]
categories = ["api-bindings", "authentication"]
edition.workspace = true
rust-version.workspace = true
license.workspace = true
# The crate users depend on is publishable; the workspace's tools are not.
publish = true

[package.metadata.docs.rs]
all-features = true
# Each item's docs name the feature it needs.
rustdoc-args = ["--cfg", "docsrs"]

[lints.rust]
unexpected_cfgs = {{ level = "warn", check-cfg = ["cfg(docsrs)"] }}

[features]
default = [{default}]
# `identity_sdk::testing`: a loopback mock of the services for users' tests.
testing = ["identity-sdk-runtime/testing"]
{features}
[dependencies]
{dependencies}
[dev-dependencies]
tokio = {{ workspace = true, features = ["macros", "rt-multi-thread"] }}
{examples}"#
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_runtime_client_methods() {
        let names = super::runtime_client_methods();
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

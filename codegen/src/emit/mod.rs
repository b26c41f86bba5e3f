//! Step 3: turn the model into Rust source files.
//!
//! Each file is a `syn::File` formatted by `prettyplease`, so the output is
//! deterministic and independent of any local rustfmt. All code is written
//! as [`template!`]s: the Rust it produces, with named holes.

mod ast;
mod docs;
mod operations;
mod template;
mod types;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use proc_macro2::Span;

use crate::model::{Api, Module, Operation, Service, Ty, TypeDef, TypeKind};
use crate::place::{self, Placement, Shared};
use crate::protocol::{self, FromEnv};
use docs::{Doc, Docs};
use template::template;

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

/// One Rust file to write: a spec file's module with the types that stay
/// in it, or a shared module.
enum Job<'a> {
    File(&'a Service, &'a Module, &'a [&'a TypeDef], &'a Ctx<'a>),
    Shared(&'a Service, &'a Shared<'a>, &'a Ctx<'a>),
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
        rust_file("src/lib.rs", "the service list", |docs| lib_rs(api, docs)),
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
    let placements: Vec<Placement> = api.services.iter().map(place::place).collect();
    let mut jobs = Vec::new();
    for ((service, ctx), placement) in api.services.iter().zip(&contexts).zip(&placements) {
        let name = &service.name;
        files.push(rust_file(
            &format!("src/{name}/mod.rs"),
            &format!("spec/{name}/"),
            |docs| service_mod(service, placement, docs),
        ));
        for area in areas(service) {
            files.push(rust_file(
                &format!("src/{name}/{area}/mod.rs"),
                &format!("spec/{name}/{area}/"),
                |_| area_mod(service, placement, area),
            ));
        }
        if !placement.shared.is_empty() {
            files.push(rust_file(
                &format!("src/{name}/{}/mod.rs", place::SHARED),
                &format!("spec/{name}/"),
                |_| shared_mod(placement),
            ));
        }
        for (i, module) in service.modules.iter().enumerate() {
            if placement.has_module(service, i) {
                jobs.push(Job::File(service, module, &placement.stays[i], ctx));
            }
        }
        jobs.extend(
            placement
                .shared
                .iter()
                .map(|s| Job::Shared(service, s, ctx)),
        );
    }
    // Modules are independent: format them on every core.
    for file in crate::parallel::map(jobs, |job| match job {
        Job::File(service, module, types, ctx) => {
            let dir = match &module.area {
                Some(area) => format!("{}/{area}", service.name),
                None => service.name.clone(),
            };
            let path = format!("src/{dir}/{}.rs", module.name);
            rust_file(&path, &module.spec_path, |docs| {
                module_file(module, types, service, ctx, docs)
            })
        }
        Job::Shared(service, shared, ctx) => {
            let path = format!("src/{}/{}/{}.rs", service.name, place::SHARED, shared.name);
            let from = format!("spec/{}/ (types shared by areas)", service.name);
            rust_file(&path, &from, |docs| shared_file(shared, service, ctx, docs))
        }
    }) {
        files.push(file);
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

/// A file from `emit`, formatted with its header and doc comments.
fn rust_file(path: &str, from: &str, emit: impl FnOnce(&Docs) -> syn::File) -> OutputFile {
    let docs = Docs::default();
    let file = emit(&docs);
    OutputFile {
        path: path.to_owned(),
        contents: format!(
            "// @generated by `cargo xtask codegen` from {from}. Do not edit by hand.\n\n{}",
            docs.splice(&prettyplease::unparse(&file))
        ),
    }
}

/// A module's file: its types, then per operation the request, response and
/// client method, then the example tests.
fn module_file(
    module: &Module,
    types: &[&TypeDef],
    service: &Service,
    ctx: &Ctx,
    docs: &Docs,
) -> syn::File {
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
    let mut items = imports(types, &module.operations, service, ctx);
    for t in types {
        items.extend(types::type_def(t, ctx, docs));
    }
    for op in &module.operations {
        items.extend(operations::request(op, service, docs));
        items.extend(types::response_def(op, ctx, docs));
        items.extend(operations::paged_impl(op));
        items.push(operations::client_method(op, service, docs));
        items.extend(operations::documented_impl(op));
    }
    let tests: Vec<syn::Item> = operations::example_tests(&module.operations)
        .into_iter()
        .chain(operations::request_tests(&module.operations, service))
        .collect();
    if !tests.is_empty() {
        // One test module: its examples' and its requests' tests.
        items.push(
            template!(syn::Item:
                #[cfg(test)]
                mod tests {
                    #tests!();
                }
            )
            .with("tests", tests)
            .fill(),
        );
    }
    syn::File {
        shebang: None,
        frontmatter: None,
        attrs: vec![doc.inner_attr(docs)],
        items,
    }
}

/// A shared module: the types its areas share.
fn shared_file(shared: &Shared, service: &Service, ctx: &Ctx, docs: &Docs) -> syn::File {
    let doc = match shared.areas.as_slice() {
        [] => format!(
            "Types of `{}` compiled whatever features are on.",
            service.name
        ),
        areas => {
            let areas: Vec<String> = areas.iter().map(|a| docs::code(a)).collect();
            format!(
                "Types the areas {} of `{}` use; they compile with any of these areas' features.",
                areas.join(", "),
                service.name
            )
        }
    };
    let mut items = imports(&shared.types, &[], service, ctx);
    for t in &shared.types {
        items.extend(types::type_def(t, ctx, docs));
    }
    syn::File {
        shebang: None,
        frontmatter: None,
        attrs: vec![Doc::new().raw(doc).inner_attr(docs)],
        items,
    }
}

/// `use crate::<service>::{A, B};` for the types these items use from other
/// modules (every type is re-exported by its service module). Placement
/// makes a used type compile whenever its user does, so no import is gated.
fn imports(types: &[&TypeDef], ops: &[Operation], service: &Service, ctx: &Ctx) -> Vec<syn::Item> {
    let own: BTreeSet<&str> = types
        .iter()
        .map(|t| t.name.as_str())
        .chain(ops.iter().map(|o| o.response.name.as_str()))
        .collect();
    let fields = types
        .iter()
        .copied()
        .chain(ops.iter().map(|o| &o.response))
        .flat_map(|t| match &t.kind {
            TypeKind::Struct { fields } => fields.as_slice(),
            TypeKind::Enum { .. } => &[],
        })
        .chain(ops.iter().flat_map(|o| &o.request.params))
        .map(|f| &f.ty);
    // A paginator's item type, from another module's struct.
    let items = ops
        .iter()
        .filter_map(|o| o.paging.as_ref().map(|p| &p.item));
    let used: BTreeSet<&str> = fields
        .chain(items)
        .filter_map(Ty::named)
        .filter(|name| !own.contains(name) && ctx.home.contains_key(name))
        .collect();
    if used.is_empty() {
        return Vec::new();
    }
    vec![template!(syn::Item: use crate::#service::{#names};)
        .with("service", ident(&service.name))
        .with("names", used.into_iter().map(ident).collect::<Vec<_>>())
        .fill()]
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", ...))]` for
/// several, or nothing for no features.
pub fn cfg(features: &[String]) -> Vec<syn::Attribute> {
    let feature = |name: &String| {
        template!(syn::Expr: feature = #name)
            .with("name", ast::str_lit(name))
            .fill()
    };
    let attr = match features {
        [] => return Vec::new(),
        [one] => template!(syn::Attribute: #[cfg(#one)]).with("one", feature(one)),
        many => template!(syn::Attribute: #[cfg(any(#many))])
            .with("many", many.iter().map(feature).collect::<Vec<_>>()),
    }
    .fill();
    vec![attr]
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

/// An area's `mod.rs`: its modules, re-exported into the service module,
/// and the shared modules whose types the area uses.
fn area_mod(service: &Service, placement: &Placement, area: &str) -> syn::File {
    let doc = format!(
        " The `{area}` operations of `{}`; they compile with the `{}` feature.",
        service.name,
        service.area_feature(area)
    );
    let files: Vec<&Module> = service
        .modules
        .iter()
        .enumerate()
        .filter(|(i, m)| m.area.as_deref() == Some(area) && placement.has_module(service, *i))
        .map(|(_, m)| m)
        .collect();
    let mut items = Vec::new();
    for m in &files {
        let name = ident(&m.name);
        items.push(template!(syn::Item: mod #name;).with("name", name).fill());
    }
    for m in &files {
        let name = ident(&m.name);
        items.push(
            template!(syn::Item: pub use #name::*;)
                .with("name", name)
                .fill(),
        );
    }
    for shared in placement.shared_with(area) {
        items.push(
            template!(syn::Item: pub use super::#shared::#name::*;)
                .with("shared", ident(place::SHARED))
                .with("name", ident(&shared.name))
                .fill(),
        );
    }
    let ops: Vec<&Operation> = files.iter().flat_map(|m| &m.operations).collect();
    let documented = operations::respond_documented(&ops);
    if !documented.is_empty() {
        items.push(
            template!(syn::Item:
                /// Sets each operation's documented example as the mock's answer.
                #[cfg(feature = "testing")]
                pub(crate) fn respond_documented(mock: &crate::runtime::mock::MockServer) {
                    #documented;
                }
            )
            .with("documented", documented)
            .fill(),
        );
    }
    template!(syn::File:
        #![#doc]
        // An operation may be named like its area (`sign_up` in `sign_up/`).
        #![allow(clippy::module_inception)]
        #items!();
    )
    .with("doc", ast::doc_attr(&doc, true))
    .with("items", items)
    .fill()
}

/// `shared/mod.rs`: each shared module under the features of its areas.
fn shared_mod(placement: &Placement) -> syn::File {
    let modules: Vec<syn::Item> = placement
        .shared
        .iter()
        .map(|s| {
            template!(syn::Item: #[#cfg] pub(super) mod #name;)
                .with("cfg", cfg(&s.features))
                .with("name", ident(&s.name))
                .fill()
        })
        .collect();
    template!(syn::File:
        //! The types several API areas share, each module compiled with any of
        //! its areas' features and re-exported by them and by the service.
        #modules!();
    )
    .with("modules", modules)
    .fill()
}

/// A service's `mod.rs`: its client, constants, modules and re-exports.
fn service_mod(service: &Service, placement: &Placement, docs: &Docs) -> syn::File {
    let doc = Doc::new()
        .raw(format!(
            "{} ({}), API version {}.",
            service.title,
            service.vendor,
            docs::code(&service.api_version)
        ))
        .text(&service.description)
        .note(service.note.as_ref());
    let mut modules = Vec::new();
    // Files outside areas are private modules whose items are always
    // compiled; an area is a public module (`genauth::users::GetUserRequest`),
    // so that the docs can be browsed by area, under its feature.
    let top: Vec<syn::Ident> = service
        .modules
        .iter()
        .enumerate()
        .filter(|(i, m)| m.area.is_none() && placement.has_module(service, *i))
        .map(|(_, m)| ident(&m.name))
        .collect();
    for name in &top {
        modules.push(
            template!(syn::Item: mod #name;)
                .with("name", name.clone())
                .fill(),
        );
    }
    for name in &top {
        modules.push(
            template!(syn::Item: pub use #name::*;)
                .with("name", name.clone())
                .fill(),
        );
    }
    if !placement.shared.is_empty() {
        let shared = ident(place::SHARED);
        modules.push(
            template!(syn::Item: mod #shared;)
                .with("shared", shared.clone())
                .fill(),
        );
        // Each module's items, not `shared::*`: that would bring the
        // modules' names (`users`) in beside the areas'.
        for s in &placement.shared {
            modules.push(
                template!(syn::Item: #[#cfg] pub use #shared::#name::*;)
                    .with("cfg", cfg(&s.features))
                    .with("shared", shared.clone())
                    .with("name", ident(&s.name))
                    .fill(),
            );
        }
    }
    let mut documented = Vec::new();
    for area in areas(service) {
        let feature = ast::str_lit(&service.area_feature(area));
        let name = ident(area);
        modules.extend(
            template!(syn::File:
                #[cfg(feature = #feature)]
                pub mod #name;
                #[cfg(feature = #feature)]
                pub use #name::*;
            )
            .with("feature", feature.clone())
            .with("name", name.clone())
            .fill()
            .items,
        );
        let area_documented = service
            .modules
            .iter()
            .filter(|m| m.area.as_deref() == Some(area))
            .flat_map(|m| &m.operations)
            .any(|op| operations::documented_response(op).is_some());
        if area_documented {
            documented.push(
                template!(syn::Stmt: #[cfg(feature = #feature)] #name::respond_documented(mock);)
                    .with("feature", feature)
                    .with("name", name)
                    .fill(),
            );
        }
    }
    let top_ops: Vec<&Operation> = service
        .modules
        .iter()
        .filter(|m| m.area.is_none())
        .flat_map(|m| &m.operations)
        .collect();
    let client_doc = format!(
        " The {} client; its methods are the operations of this module.",
        docs::one_line(&service.title)
    );
    template!(syn::File:
        #![#doc]
        #client!();
        pub use crate::runtime::{ApiError, Error, RetryConfig};
        /// The endpoint used unless the client is given another one.
        pub const DEFAULT_ENDPOINT: &str = #endpoint;
        /// The API version this module was generated for.
        pub const API_VERSION: &str = #version;
        #modules!();
        /// Sets each operation's documented example as the mock's answer.
        #[cfg(feature = "testing")]
        #[allow(unused_variables)] // with only areas that document no response
        pub(crate) fn respond_documented(mock: &crate::runtime::mock::MockServer) {
            #top;
            #areas;
        }
    )
    .with("doc", doc.inner_attr(docs))
    .with("client", client_def(service, &client_doc))
    .with("endpoint", ast::str_lit(&service.endpoint))
    .with("version", ast::str_lit(&service.api_version))
    .with("modules", modules)
    .with("top", operations::respond_documented(&top_ops))
    .with("areas", documented)
    .fill()
}

/// The service's client: a struct of its own around the protocol's runtime
/// client, so that its operations can be its inherent methods (the runtime
/// is another crate), with the runtime client's constructors and `call`.
fn client_def(service: &Service, doc: &str) -> Vec<syn::Item> {
    let protocol = protocol::of(service);
    let (module, client) = (
        ident(protocol.runtime_module),
        ident(protocol.runtime_client),
    );
    let reexports = match protocol.reexports {
        [one] => {
            template!(syn::Item: pub use crate::runtime::#module::#one;).with("one", ident(one))
        }
        many => template!(syn::Item: pub use crate::runtime::#module::{#many};)
            .with("many", many.iter().map(|r| ident(r)).collect::<Vec<_>>()),
    }
    .with("module", module.clone())
    .fill();
    let from_env = match protocol.from_env {
        FromEnv::Nothing => {
            let doc = format!(
                " A client configured from the environment (see [`{}::from_env`]).",
                protocol.options
            );
            template!(syn::ImplItem:
                #[#doc]
                pub fn from_env() -> Result<Self, Error> {
                    crate::runtime::#module::#client::from_env().map(Self)
                }
            )
            .with("doc", ast::doc_attr(&doc, false))
        }
        FromEnv::Region => template!(syn::ImplItem:
            /// A client for `region` with the credentials of the environment (see [`Credentials::from_env`]).
            pub fn from_env(region: impl Into<String>) -> Result<Self, Error> {
                crate::runtime::#module::#client::from_env(region).map(Self)
            }
        ),
    }
    .with("module", module.clone())
    .with("client", client.clone())
    .fill();
    let with_token = protocol.user_token.then(|| {
        template!(syn::ImplItem:
            /// The same client calling as the user with `token`.
            #[must_use]
            pub fn with_access_token(&self, token: impl Into<crate::runtime::SecretString>) -> Self {
                Self(self.0.with_access_token(token))
            }
        )
        .fill()
    });
    template!(syn::File:
        #[#doc]
        #[derive(Debug, Clone)]
        pub struct #name(crate::runtime::#module::#client);
        #reexports!();
        impl #name {
            /// A client with `options`.
            pub fn new(options: #options) -> Result<Self, Error> {
                crate::runtime::#module::#client::new(options).map(Self)
            }
            #from_env!();
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
    )
    .with("doc", ast::doc_attr(doc, false))
    .with("name", operations::client_name(service))
    .with("module", module)
    .with("client", client)
    .with("reexports", vec![reexports])
    .with("options", ident(protocol.options))
    .with("from_env", std::iter::once(from_env).chain(with_token).collect::<Vec<_>>())
    .fill()
    .items
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

/// `lib.rs`: a module per service under its features, and the mock.
fn lib_rs(api: &Api, docs: &Docs) -> syn::File {
    let table = services_table(api);
    let doc = Doc::new()
        .raw("Typed Rust models for identity platforms' management APIs, generated from the YAML specs in `spec/`.")
        .raw("Each service is a module behind a cargo feature of the same name (all on by default):")
        .raw(table);
    // A service module compiles with its own feature or any of its areas'.
    let features = |s: &Service| -> Vec<String> {
        std::iter::once(s.name.clone())
            .chain(s.area_features())
            .collect()
    };
    let services: Vec<syn::Item> = api
        .services
        .iter()
        .map(|s| {
            template!(syn::Item: #[#cfg] pub mod #name;)
                .with("cfg", cfg(&features(s)))
                .with("name", ident(&s.name))
                .fill()
        })
        .collect();
    let mocked: Vec<syn::Stmt> = api
        .services
        .iter()
        .map(|s| {
            template!(syn::Stmt: #[#cfg] crate::#name::respond_documented(&mock);)
                .with("cfg", cfg(&features(s)))
                .with("name", ident(&s.name))
                .fill()
        })
        .collect();
    template!(syn::File:
        #![#doc]
        #![warn(missing_docs)]
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![forbid(unsafe_code)]
        #[doc = " The clients' support code shared by every service: errors, retries, calls, paginators, secrets (the `identity-sdk-runtime` crate)."]
        pub use identity_sdk_runtime as runtime;
        #services!();
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
                #mocked;
                Ok(mock)
            }
        }
    )
    .with("doc", doc.inner_attr(docs))
    .with("services", services)
    .with("mocked", mocked)
    .fill()
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

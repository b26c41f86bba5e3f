//! Step 2: check the parsed specs and build the `model`, collecting every problem.
//!
//! Each check reports at the key or value it concerns and moves on, so one run
//! lists all errors. A file that failed to parse is skipped here (its YAML
//! error is already reported). A service is checked in three parts:
//!
//! - `names`: the service's, files' and types' names, every type name
//!   collected before any is referred to; in `names::idents`, the Rust
//!   identifiers of what is lowered, their collisions and reserved names.
//! - `lower`: raw structs -> model. It asks `names` and `rules` where it
//!   reads what they concern, leaves out what they refuse, and lowers
//!   `paging:` last, against the lowered operations.
//! - `rules`: the checks that only report (texts, field and parameter
//!   options, values against their types, JSON examples; recursion, on the
//!   lowered service).

use std::collections::{BTreeMap, HashMap};

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::load::Loaded;
use crate::model::{Api, Service, WireNaming};
use crate::path;
use crate::protocol::{Addressing, BodyEncoding, QueryStyle};
use crate::span::Seg;

mod lower;
mod names;
mod rules;

pub use lower::render;

/// Validates every loaded file; returns the model when nothing was wrong.
pub fn validate(files: Vec<Loaded>, diags: &mut Diagnostics) -> Option<Api> {
    let before = diags.len();
    for f in &files {
        // Only a file that mentions a todo needs its position index built.
        for (pos, text) in f
            .mentions_todo
            .then(|| &f.spans().todos)
            .into_iter()
            .flatten()
        {
            diags.push(
                Diagnostic::new(&f.source.display_path, *pos, format!("unresolved todo: {text}"))
                    .hint("decide, write the decision in a `note:` where the document contradicts itself, then delete the `todo:`"),
            );
        }
    }
    let mut by_service: BTreeMap<String, Vec<Loaded>> = BTreeMap::new();
    for f in files {
        by_service
            .entry(f.source.service_dir.clone())
            .or_default()
            .push(f);
    }
    // Services are independent: check them on every core, and free each
    // service's files on the core that checked them.
    let checked = crate::parallel::map(by_service.into_iter().collect(), |(dir, mut files)| {
        // Output must not depend on the order files were listed in.
        files.sort_by(|a, b| a.source.display_path.cmp(&b.source.display_path));
        let mut service_diags = Diagnostics::default();
        let service =
            ServiceCheck::new(&mut service_diags).run(&dir, &files.iter().collect::<Vec<_>>());
        (service, service_diags)
    });
    let services = checked
        .into_iter()
        .filter_map(|done| diags.absorb(done))
        .collect();
    (diags.len() == before).then_some(Api { services })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SymKind {
    Struct,
    Enum,
    /// Request types cannot be referenced from other types.
    Request,
}

/// Where an error points; turned into a line and column only when reported,
/// so that a valid spec never builds the position index.
#[derive(Clone, Copy)]
enum At<'p> {
    Key(&'p [Seg]),
    Value(&'p [Seg]),
    Pos(Pos),
}

impl From<Pos> for At<'_> {
    fn from(pos: Pos) -> Self {
        At::Pos(pos)
    }
}

impl At<'_> {
    fn resolve(self, file: &Loaded) -> Pos {
        match self {
            At::Key(path) => file.spans().key(path),
            At::Value(path) => file.spans().value(path),
            At::Pos(pos) => pos,
        }
    }
}

/// Checks one service directory.
struct ServiceCheck<'d, 'f> {
    diags: &'d mut Diagnostics,
    kinds: BTreeMap<String, SymKind>,
    /// Collision key -> first definition, for "defined twice" errors.
    defined: HashMap<String, names::Symbol<'f>>,
    enum_values: BTreeMap<String, Vec<String>>,
    /// Each struct's fields (wire name, type expression), for checking
    /// examples of struct types key by key.
    struct_fields: BTreeMap<String, Vec<(String, String, bool)>>,
    naming: WireNaming,
    /// How the service's operations are addressed (its protocol's).
    addressing: Addressing,
    /// How its client writes lists and objects in the query.
    query_style: QueryStyle,
    /// How it sends body parameters.
    body: BodyEncoding,
    /// Unknown type names still given a "did you mean" (see `resolve`).
    suggestions_left: usize,
}

/// Where a field sits, for messages: "field `x` of `Y`".
struct FieldSite<'a> {
    file: &'a Loaded,
    path: Vec<Seg>,
    wire: &'a str,
    owner: &'a str,
}

impl<'d, 'f> ServiceCheck<'d, 'f> {
    fn new(diags: &'d mut Diagnostics) -> Self {
        ServiceCheck {
            diags,
            kinds: BTreeMap::new(),
            defined: HashMap::new(),
            enum_values: BTreeMap::new(),
            struct_fields: BTreeMap::new(),
            naming: WireNaming::CamelCase,
            addressing: Addressing::Http,
            query_style: QueryStyle::Repeated,
            body: BodyEncoding::Json,
            suggestions_left: 100,
        }
    }

    fn err<'p>(
        &mut self,
        file: &Loaded,
        at: impl Into<At<'p>>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let pos = at.into().resolve(file);
        self.diags
            .push(Diagnostic::new(&file.source.display_path, pos, message).hint(hint));
    }

    /// Names first, so that references resolve in any order; then lowering,
    /// which asks names and rules where it reads what they concern; then
    /// the rules on the whole service, and paging against its operations.
    fn run(mut self, dir: &str, files: &[&'f Loaded]) -> Option<Service> {
        let (svc_file, spec) = self.service_block(dir, files)?;
        self.check_service_name(dir, svc_file, spec);
        self.naming = spec.wire_naming;
        self.addressing = crate::protocol::addressing(spec.protocol);
        self.query_style = crate::protocol::query_style(spec.protocol);
        self.body = crate::protocol::body_encoding(spec.protocol);
        self.check_protocol(svc_file, spec);
        for file in files {
            self.collect_names(file);
        }
        let envelope = self.fields(
            svc_file,
            &path!["service", "envelope"],
            &spec.envelope,
            "the envelope",
        );
        let modules = files
            .iter()
            .filter_map(|file| self.module(file, &envelope))
            .collect();
        self.check_areas_against_files(files);
        let mut service = self.service(svc_file, spec, envelope, modules);
        self.check_recursion(&service, files);
        self.paging(&mut service, files);
        service.assign_features();
        Some(service)
    }
}

//! Drift review (`cargo xtask drift`): what re-importing a newer snapshot of
//! a source would change in the committed specs, classified like
//! [`diff`] (breaking / compatible / docs-only).
//!
//! The snapshot (an API metadata file with the plan's SDK, or a GenAuth
//! page tree with the SDK's routes) is imported in memory into a scratch
//! tree: the committed files the importers never write (outside the API
//! areas, but `shared_types.yaml`), each without its operations, beside
//! the drafts of **every** operation of the snapshot, those already
//! specified and those the plan defers (`not_yet`) included. That tree is
//! validated and compared with the committed service:
//!
//! - **Which operations.** Those of the snapshot: an operation the spec has
//!   is compared, one it lacks is reported (`new operation`). The spec's
//!   operations the snapshot has no draft of (a partial snapshot, or a page
//!   the plan skips) are left out, never reported removed. A hand-normalized
//!   file outside the areas (`spec/eiam/get_synchronization_job.yaml`) is
//!   compared like any other where the snapshot has its operation (with
//!   only the request metadata, on its parameters), and left out otherwise.
//!   Types are compared where the compared operations reach them.
//! - **Type names are the committed spec's.** A draft type that stands where
//!   the spec has another named type of the same kind (the same parameter or
//!   field of the same operation, at any depth) is compared under the spec's
//!   name, so that the importer naming across more (or fewer) actions is no
//!   change; a draft type that would then share a name is shown as
//!   `<name> (as drafted)`.
//! - **Hand decisions are kept.** For every operation, parameter, field,
//!   type and enum value in both, the spec's `note:`, and what the importers
//!   never write or derive from the wire name alone (an operation's
//!   `paging:` and `idempotent:`, a field's `boxed:`, `rust_name:` of fields
//!   and enum values), are the committed spec's: the diff shows what the
//!   snapshot changes, not the loss of decisions.
//! - **Compared only on what the snapshot holds.** [`Holds`] says which
//!   kinds of content a snapshot has at all (the 2025-12 EIAM request
//!   metadata has no texts, examples, defaults or responses). For what it
//!   lacks, the committed spec's content stands in the draft: summaries and
//!   descriptions (and enum values, which the metadata lists in its texts,
//!   so that an enum is compared only by the values the snapshot adds, and
//!   a `string` where the spec has an enum, or a list decoded from a JSON
//!   string, is the spec's type), examples, defaults, and whole responses
//!   (with the types only they reach).
//!
//! - **Drafts that do not validate.** Where a draft's example or default
//!   does not fit its type (the places a person decided, in a note, what
//!   the spec holds instead), it is left out and the spec's stands; the
//!   summary counts them. Any other error of the drafts stops the run.
//!
//! What is not merged shows as a change: the GenAuth specs' hand edits
//! beyond notes (a type a person corrected, a field added from the SDK)
//! appear against any page tree. [`Drift::beyond`] leaves out what the
//! drift of the snapshot the spec was made from shows as well (`--base`).
//!
//! A metadata snapshot's [`Holds`] are the file's own (any action with a
//! title, an example...); a page tree holds everything. Where the snapshot
//! is the plan's `document`, `cargo xtask drift` passes its `newer` files
//! after it as `import-corpus` does, so that the run reproduces the
//! committed import (no change at all for EIAM).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::diff::{self, Change};
use crate::import::corpus::{self, Corpus, Plan, Route};
use crate::import::meta::{self, Metadata, Schema, Sdk};
use crate::load::Source;
use crate::model::{Api, Decode, Module, Operation, ResponseForm, Service, Ty, TypeDef, TypeKind};
use crate::raw::SpecFile;

/// The kinds of content a snapshot holds at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holds {
    /// Titles, summaries, descriptions (and the enum values listed in them).
    pub texts: bool,
    /// Examples of parameters and fields, and response examples.
    pub examples: bool,
    /// Server defaults of parameters.
    pub defaults: bool,
    /// Response schemas.
    pub responses: bool,
}

impl Holds {
    /// A page tree: every page has all of it.
    pub const ALL: Holds = Holds {
        texts: true,
        examples: true,
        defaults: true,
        responses: true,
    };

    /// What any action of `meta` has.
    pub fn of_metadata(meta: &Metadata) -> Holds {
        fn walk(s: &Schema, h: &mut Holds) {
            h.texts |= s.title.is_some() || s.description.is_some();
            h.examples |= s.example.is_some();
            h.defaults |= s.default.is_some();
            for (_, p) in &s.properties.0 {
                walk(p, h);
            }
            if let Some(items) = &s.items {
                walk(items, h);
            }
        }
        let mut h = Holds {
            texts: false,
            examples: false,
            defaults: false,
            responses: false,
        };
        for (_, a) in &meta.apis.0 {
            h.texts |= a.title.is_some() || a.summary.is_some() || a.description.is_some();
            h.examples |= a.response_demo.is_some();
            for p in &a.parameters {
                walk(&p.schema, &mut h);
            }
            if let Some(r) = a.responses.get("200").and_then(|r| r.schema.as_ref()) {
                h.responses = true;
                let defaults = h.defaults;
                walk(r, &mut h);
                // A response's defaults are no parameter's.
                h.defaults = defaults;
            }
        }
        h
    }

    /// The kinds it lacks, as words.
    pub fn lacks(&self) -> Vec<&'static str> {
        [
            (self.texts, "texts"),
            (self.examples, "examples"),
            (self.defaults, "defaults"),
            (self.responses, "responses"),
        ]
        .iter()
        .filter(|(held, _)| !held)
        .map(|(_, what)| *what)
        .collect()
    }
}

/// What a drift run found.
#[derive(Debug)]
pub struct Drift {
    pub service: String,
    /// The snapshot, as the command names it.
    pub snapshot: String,
    pub holds: Holds,
    /// Operations of the snapshot the spec has.
    pub compared: usize,
    /// Operations of the snapshot the spec lacks (reported new).
    pub added: usize,
    /// Operations of the spec the snapshot has no draft of (not compared).
    pub not_in_snapshot: usize,
    pub changes: Vec<Change>,
    /// Examples and defaults of the drafts that do not validate: left out,
    /// the spec's standing for them (where the spec has a decision).
    pub unfit: usize,
    /// With a base snapshot ([`Drift::beyond`]): its name, and how many
    /// changes it shows as well.
    pub base: Option<(String, usize)>,
    /// The scratch tree: the kept files and the drafts, as compared.
    pub tree: Vec<Source>,
}

impl Drift {
    /// Leaves out the changes that `base`, the drift of the snapshot the
    /// spec was made from, shows as well: the spec's own edits (a type a
    /// person corrected, a field added from an SDK), which every re-import
    /// shows, not what the newer snapshot changes.
    pub fn beyond(mut self, base: &Drift) -> Drift {
        let all = self.changes.len();
        self.changes.retain(|c| !base.changes.contains(c));
        self.base = Some((base.snapshot.clone(), all - self.changes.len()));
        self
    }

    fn summary(&self) -> String {
        let mut out = format!(
            "drift of {} against spec/{}/: {} operations compared, {} only in the snapshot, {} of the spec not in it (not compared)",
            self.snapshot, self.service, self.compared, self.added, self.not_in_snapshot
        );
        if let Some((base, shared)) = &self.base {
            let _ = write!(
                out,
                "; {shared} differences the base {base} shows as well (the spec's own edits) are left out"
            );
        }
        if self.unfit > 0 {
            let _ = write!(
                out,
                "; {} examples or defaults of the drafts do not validate: the spec's stand",
                self.unfit
            );
        }
        let lacks = self.holds.lacks();
        if !lacks.is_empty() {
            let _ = write!(
                out,
                "; the snapshot has no {}: the spec's stand",
                lacks.join(", ")
            );
        }
        out
    }

    /// For a terminal.
    pub fn render_text(&self) -> String {
        format!("{}\n{}", self.summary(), diff::render_text(&self.changes))
    }

    /// For a pull-request comment.
    pub fn render_markdown(&self) -> String {
        let summary = self.summary();
        let (head, tail) = summary.split_once(": ").unwrap_or((&summary, ""));
        format!(
            "**{head}**: {tail}\n\n{}",
            diff::render_markdown(&self.changes)
        )
    }
}

/// Drift of API metadata: `files[0]` is the snapshot, later files add
/// parameters as in `import-corpus` (pass the plan's `newer` files only
/// where the snapshot is the plan's `document`).
pub fn metadata(
    committed: &[Source],
    snapshot: &str,
    files: &[(&str, &Metadata)],
    sdk: Option<Sdk>,
    plan: &Plan,
) -> Result<Drift, String> {
    let first = files.first().ok_or("no metadata file")?;
    let mut plan = plan.clone();
    plan.not_yet.clear();
    // Only the snapshot's actions: those only a newer file or the SDK has
    // are not drafted.
    plan.newer_only = Some("not in the snapshot".to_owned());
    plan.sdk_only = Some("not in the snapshot".to_owned());
    let holds = Holds::of_metadata(first.1);
    run(committed, snapshot, &plan.service, holds, |service| {
        meta::import_metadata(files, sdk, &plan, service)
    })
}

/// Drift of a page tree (`(path, text)` of every page) with the SDK's routes.
pub fn pages(
    committed: &[Source],
    snapshot: &str,
    pages: &[(String, String)],
    routes: &[Route],
    plan: &Plan,
) -> Result<Drift, String> {
    let mut plan = plan.clone();
    plan.not_yet.clear();
    run(committed, snapshot, &plan.service, Holds::ALL, |service| {
        corpus::import_corpus(pages, &plan, routes, service)
    })
}

fn run(
    committed: &[Source],
    snapshot: &str,
    service: &str,
    holds: Holds,
    import: impl FnOnce(&Service) -> Corpus,
) -> Result<Drift, String> {
    let own: Vec<Source> = committed
        .iter()
        .filter(|s| s.service_dir == service)
        .cloned()
        .collect();
    if own.is_empty() {
        return Err(format!("no spec files of `{service}`"));
    }
    let before = only(crate::check(own.clone()), "the committed specs")?;
    let mut tree = skeleton(&own)?;
    let base = only(crate::check(tree.clone()), "the files the importer keeps")?;
    let corpus = import(&base);
    for (path, text) in corpus.files {
        let (area, file) = match path.split_once('/') {
            Some((area, file)) => (Some(area.to_owned()), file),
            None => (None, path.as_str()),
        };
        let stem = file.trim_end_matches(".yaml").to_owned();
        // A draft beside a kept file of its name: the kept one steps aside.
        if let Some(kept) = tree
            .iter_mut()
            .find(|s| area.is_none() && s.area.is_none() && s.stem == stem)
        {
            kept.stem = format!("{stem}_kept");
        }
        tree.push(Source {
            display_path: format!("draft {path}"),
            service_dir: service.to_owned(),
            area,
            stem,
            bytes: text.into_bytes(),
        });
    }
    // Examples and defaults of the drafts that do not validate (where the
    // spec has a hand decision) are left out, the spec's standing for them.
    let mut unfit = BTreeSet::new();
    let after = loop {
        match crate::check(tree.clone()) {
            Ok(api) => break only(Ok(api), "the re-imported drafts")?,
            Err(diags) => {
                let found = leave_out_unfit(&mut tree, &diags)?;
                if found.is_empty() {
                    return Err(format!("the re-imported drafts do not validate:\n{diags}"));
                }
                unfit.extend(found);
            }
        }
    };
    let kept: BTreeSet<String> = type_table(&base).into_keys().collect();
    let c = compare(&before, &after, &kept, &unfit, holds);
    Ok(Drift {
        service: service.to_owned(),
        snapshot: snapshot.to_owned(),
        holds,
        compared: c.compared,
        added: c.added,
        not_in_snapshot: c.not_in_snapshot,
        changes: c.changes,
        unfit: unfit.len(),
        base: None,
        tree,
    })
}

/// A parameter's, response field's or struct field's place: the operation
/// (`Param`, `Response`) or type (`Field`), and its wire name.
pub type Slot = (SlotKind, String, String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SlotKind {
    Param,
    Response,
    Field,
}

/// Removes from the drafts each example and default a diagnostic points
/// at; returns their places (none: the diagnostics are about something else).
fn leave_out_unfit(
    tree: &mut [Source],
    diags: &crate::diag::Diagnostics,
) -> Result<Vec<Slot>, String> {
    use crate::span::{Seg, SpanIndex};
    let mut out = Vec::new();
    for source in tree.iter_mut() {
        let here: Vec<_> = diags
            .0
            .iter()
            .filter(|d| d.file == source.display_path)
            .map(|d| d.pos)
            .collect();
        if here.is_empty() || !source.display_path.starts_with("draft ") {
            continue;
        }
        let text = String::from_utf8_lossy(&source.bytes).into_owned();
        let index = SpanIndex::build(&text);
        let mut spec: SpecFile =
            serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", source.display_path))?;
        let mut changed = false;
        let path = |parts: &[&str]| -> Vec<Seg> { parts.iter().map(|p| Seg::from(*p)).collect() };
        // Each slot's example and default, and the path to it.
        let mut visit = |at: Vec<&str>,
                         slot: Slot,
                         example: &mut Option<serde_yaml::Value>,
                         default: Option<&mut Option<serde_yaml::Value>>| {
            let mut hit = false;
            for (key, value) in [("example", Some(example)), ("default", default)] {
                let Some(value) = value else { continue };
                let mut p = at.clone();
                p.push(key);
                if value.is_some() && here.contains(&index.value(&path(&p))) {
                    *value = None;
                    hit = true;
                }
            }
            if hit {
                out.push(slot);
                changed = true;
            }
        };
        for (op, o) in spec.operations.0.iter_mut() {
            for (name, p) in o.params.0.iter_mut() {
                visit(
                    vec!["operations", op, "params", name],
                    (SlotKind::Param, op.clone(), name.clone()),
                    &mut p.example,
                    Some(&mut p.default),
                );
            }
            for (name, f) in o.response.fields.0.iter_mut() {
                visit(
                    vec!["operations", op, "response", "fields", name],
                    (SlotKind::Response, op.clone(), name.clone()),
                    &mut f.example,
                    None,
                );
            }
        }
        for (ty, t) in spec.types.0.iter_mut() {
            for (name, f) in t.fields.iter_mut().flat_map(|f| f.0.iter_mut()) {
                visit(
                    vec!["types", ty, "fields", name],
                    (SlotKind::Field, ty.clone(), name.clone()),
                    &mut f.example,
                    None,
                );
            }
        }
        if changed {
            let doc = crate::yaml_out::Document {
                spec,
                ..Default::default()
            };
            source.bytes = doc.to_yaml().into_bytes();
        }
    }
    Ok(out)
}

/// The one service of a validated tree.
fn only(api: Result<Api, crate::diag::Diagnostics>, what: &str) -> Result<Service, String> {
    let api = api.map_err(|d| format!("{what} do not validate:\n{d}"))?;
    api.services
        .into_iter()
        .next()
        .ok_or_else(|| format!("{what} hold no service"))
}

/// The files of a service's directory the importers never write (outside
/// the areas, but `shared_types.yaml`), without their operations: the
/// scratch tree's fixed part, and the service the importer drafts against.
pub fn skeleton(sources: &[Source]) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for s in sources
        .iter()
        .filter(|s| s.area.is_none() && s.stem != "shared_types")
    {
        let mut spec: SpecFile =
            serde_yaml::from_slice(&s.bytes).map_err(|e| format!("{}: {e}", s.display_path))?;
        let mut s = s.clone();
        if !spec.operations.is_empty() {
            spec.operations.0.clear();
            let doc = crate::yaml_out::Document {
                spec,
                ..Default::default()
            };
            s.bytes = doc.to_yaml().into_bytes();
            s.display_path = format!("{} (without its operations)", s.display_path);
        }
        out.push(s);
    }
    Ok(out)
}

/// The comparison of a committed service with its re-imported draft.
#[derive(Debug)]
pub struct Compared {
    pub compared: usize,
    pub added: usize,
    pub not_in_snapshot: usize,
    pub changes: Vec<Change>,
}

/// Compares the draft's operations with the committed ones of the same
/// name, as the module documentation says; `kept` names the types the draft
/// has from the spec's own files (the skeleton), which are the spec's.
pub fn compare(
    committed: &Service,
    draft: &Service,
    kept: &BTreeSet<String>,
    unfit: &BTreeSet<Slot>,
    holds: Holds,
) -> Compared {
    let c_ops: BTreeMap<String, &Operation> = committed
        .modules
        .iter()
        .flat_map(|m| &m.operations)
        .map(|o| (o.wire_name.clone(), o))
        .collect();
    let c_types = type_table(committed);
    let enums: BTreeSet<String> = c_types
        .iter()
        .filter(|(_, t)| matches!(t.kind, TypeKind::Enum { .. }))
        .map(|(n, _)| n.clone())
        .collect();
    let mut d_ops: BTreeMap<String, Operation> = draft
        .modules
        .iter()
        .flat_map(|m| &m.operations)
        .map(|o| (o.wire_name.clone(), o.clone()))
        .collect();
    let mut d_types = type_table(draft);

    // Type names: the spec's where the draft has a type at the same place.
    let mut align = Align {
        committed: &c_types,
        draft: &d_types,
        holds,
        enums: &enums,
        map: kept.iter().map(|n| (n.clone(), n.clone())).collect(),
        targets: kept.clone(),
        seen: BTreeSet::new(),
        taken: Vec::new(),
    };
    for (name, d) in &d_ops {
        let Some(c) = c_ops.get(name) else { continue };
        align.fields(&c.request.params, &d.request.params);
        match (holds.responses, &c.response.kind) {
            (true, _) => align.kinds(&c.response.kind, &d.response.kind),
            (false, TypeKind::Struct { fields }) => {
                align.taken.extend(fields.iter().map(|f| f.ty.clone()))
            }
            (false, TypeKind::Enum { .. }) => {}
        }
    }
    // The spec's types that content taken from it reaches: a draft type of
    // such a name that stands for no spec type is another one.
    let taken: BTreeSet<String> = reach(
        &BTreeMap::new(),
        &c_types,
        &BTreeSet::new(),
        align
            .taken
            .iter()
            .map(|t| (t.clone(), From::Committed))
            .collect(),
        true,
    )
    .into_iter()
    .map(|t| t.name)
    .chain(
        align
            .taken
            .iter()
            .filter_map(|t| t.named().map(str::to_owned)),
    )
    .collect();
    let rename: BTreeMap<String, String> = d_types
        .keys()
        .map(|n| {
            let new = match align.map.get(n) {
                Some(c) => c.clone(),
                None if align.targets.contains(n) || taken.contains(n) => {
                    format!("{n} (as drafted)")
                }
                None => n.clone(),
            };
            (n.clone(), new)
        })
        .collect();
    let aligned = align.targets;
    d_types = d_types
        .into_values()
        .map(|mut t| {
            t.name = rename[&t.name].clone();
            rename_kind(&mut t.kind, &rename);
            (t.name.clone(), t)
        })
        .collect();
    for op in d_ops.values_mut() {
        rename_op(op, &rename);
    }

    // Hand decisions, and what the snapshot does not hold, from the spec.
    let unfit: BTreeSet<Slot> = unfit
        .iter()
        .map(|(kind, owner, wire)| match kind {
            SlotKind::Field => (
                *kind,
                rename.get(owner).unwrap_or(owner).clone(),
                wire.clone(),
            ),
            _ => (*kind, owner.clone(), wire.clone()),
        })
        .collect();
    let merge = Merge {
        holds,
        enums: &enums,
        unfit: &unfit,
    };
    let mut taken_responses = BTreeSet::new();
    for (name, d) in d_ops.iter_mut() {
        if let Some(c) = c_ops.get(name) {
            if merge.operation(c, d) {
                taken_responses.insert(name.clone());
            }
        }
    }
    for (name, d) in d_types.iter_mut() {
        if let Some(c) = c_types.get(name) {
            merge.type_def(SlotKind::Field, name, c, d);
        }
    }

    // The two sides: the snapshot's operations and the types they reach.
    let before_ops: Vec<Operation> = c_ops
        .iter()
        .filter(|(n, _)| d_ops.contains_key(*n))
        .map(|(_, o)| (*o).clone())
        .collect();
    let roots = |ops: &[Operation], from: &dyn Fn(&Operation) -> From| {
        let mut out = Vec::new();
        for o in ops {
            out.extend(
                o.request
                    .params
                    .iter()
                    .map(|p| (p.field.ty.clone(), From::Draft)),
            );
            if let TypeKind::Struct { fields } = &o.response.kind {
                out.extend(fields.iter().map(|f| (f.ty.clone(), from(o))));
            }
        }
        out
    };
    let before_types = reach(
        &BTreeMap::new(),
        &c_types,
        &BTreeSet::new(),
        roots(&before_ops, &|_| From::Draft),
        true,
    );
    let after_ops: Vec<Operation> = d_ops.into_values().collect();
    let after_types = reach(
        &d_types,
        &c_types,
        &aligned,
        roots(
            &after_ops,
            &|o| match taken_responses.contains(&o.wire_name) {
                true => From::Committed,
                false => From::Draft,
            },
        ),
        false,
    );
    let compared = before_ops.len();
    let added = after_ops.len() - compared;
    let not_in_snapshot = c_ops.len() - compared;
    let view = |ops: Vec<Operation>, types: Vec<TypeDef>| Api {
        services: vec![Service {
            modules: vec![Module {
                name: "drift".into(),
                area: None,
                spec_path: String::new(),
                operations: ops,
                types,
            }],
            ..committed.clone()
        }],
    };
    let changes = diff::diff(
        &view(before_ops, before_types),
        &view(after_ops, after_types),
    );
    Compared {
        compared,
        added,
        not_in_snapshot,
        changes,
    }
}

/// A service's named types (responses are their operations').
fn type_table(s: &Service) -> BTreeMap<String, TypeDef> {
    s.modules
        .iter()
        .flat_map(|m| &m.types)
        .map(|t| (t.name.clone(), t.clone()))
        .collect()
}

/// Which side a type reference was written by.
#[derive(Clone, Copy, PartialEq)]
enum From {
    Draft,
    /// Content taken from the spec (a response the snapshot does not hold).
    Committed,
}

/// The types `roots` reach. A reference the draft wrote resolves in the
/// draft's types, else the spec's; one taken from the spec resolves in the
/// spec's, unless the draft has the type under that name by alignment (the
/// snapshot's version of it). `committed_only`: every reference resolves in
/// `committed`.
fn reach(
    draft: &BTreeMap<String, TypeDef>,
    committed: &BTreeMap<String, TypeDef>,
    aligned: &BTreeSet<String>,
    roots: Vec<(Ty, From)>,
    committed_only: bool,
) -> Vec<TypeDef> {
    let mut out: BTreeMap<String, TypeDef> = BTreeMap::new();
    // The draft's references first: a name both sides reach is the draft's.
    let (mut todo, later): (Vec<_>, Vec<_>) = roots
        .into_iter()
        .partition(|(_, from)| committed_only || *from == From::Draft);
    todo.reverse();
    let mut later: Vec<_> = later.into_iter().rev().collect();
    while let Some((ty, from)) = todo.pop().or_else(|| later.pop()) {
        match ty {
            Ty::List(item) | Ty::Map(item) => todo.push((*item, from)),
            Ty::Named(name) => {
                if out.contains_key(&name) {
                    continue;
                }
                let own = || draft.get(&name).map(|t| (t, From::Draft));
                let spec = || committed.get(&name).map(|t| (t, From::Committed));
                let found = match (committed_only, from) {
                    (true, _) => spec(),
                    (false, From::Draft) => own().or_else(spec),
                    (false, From::Committed) if aligned.contains(&name) => own().or_else(spec),
                    (false, From::Committed) => spec().or_else(own),
                };
                if let Some((t, side)) = found {
                    if let TypeKind::Struct { fields } = &t.kind {
                        todo.extend(fields.iter().rev().map(|f| (f.ty.clone(), side)));
                    }
                    out.insert(name, t.clone());
                }
            }
            _ => {}
        }
    }
    out.into_values().collect()
}

/// Draft type name -> the spec's, from the places both have a named type.
struct Align<'a> {
    committed: &'a BTreeMap<String, TypeDef>,
    draft: &'a BTreeMap<String, TypeDef>,
    holds: Holds,
    enums: &'a BTreeSet<String>,
    map: BTreeMap<String, String>,
    /// The spec's names some draft type takes.
    targets: BTreeSet<String>,
    seen: BTreeSet<(String, String)>,
    /// The spec's types [`Merge`] will put in the draft (where the snapshot
    /// does not hold what made them).
    taken: Vec<Ty>,
}

impl Align<'_> {
    fn fields<F: AsRef<crate::model::Field>>(&mut self, c: &[F], d: &[F]) {
        for fc in c.iter().map(AsRef::as_ref) {
            if let Some(fd) = d
                .iter()
                .map(AsRef::as_ref)
                .find(|f| f.wire_name == fc.wire_name)
            {
                match vaguer(self.holds, self.enums, fc, fd) {
                    true => self.taken.push(fc.ty.clone()),
                    false => self.tys(&fc.ty, &fd.ty),
                }
            }
        }
    }

    fn kinds(&mut self, c: &TypeKind, d: &TypeKind) {
        if let (TypeKind::Struct { fields: fc }, TypeKind::Struct { fields: fd }) = (c, d) {
            self.fields(fc, fd);
        }
    }

    fn tys(&mut self, c: &Ty, d: &Ty) {
        match (c, d) {
            (Ty::List(c), Ty::List(d)) | (Ty::Map(c), Ty::Map(d)) => self.tys(c, d),
            (Ty::Named(c), Ty::Named(d)) => self.named(c, d),
            _ => {}
        }
    }

    fn named(&mut self, c: &str, d: &str) {
        if !self.seen.insert((c.to_owned(), d.to_owned())) {
            return;
        }
        let (Some(tc), Some(td)) = (self.committed.get(c), self.draft.get(d)) else {
            return;
        };
        let same_kind = matches!(
            (&tc.kind, &td.kind),
            (TypeKind::Struct { .. }, TypeKind::Struct { .. })
                | (TypeKind::Enum { .. }, TypeKind::Enum { .. })
        );
        if !same_kind {
            return;
        }
        if !self.map.contains_key(d) && !self.targets.contains(c) {
            self.map.insert(d.to_owned(), c.to_owned());
            self.targets.insert(c.to_owned());
        }
        self.kinds(&tc.kind, &td.kind);
    }
}

fn rename_ty(ty: &mut Ty, map: &BTreeMap<String, String>) {
    match ty {
        Ty::List(item) | Ty::Map(item) => rename_ty(item, map),
        Ty::Named(name) => {
            if let Some(new) = map.get(name.as_str()) {
                *name = new.clone();
            }
        }
        _ => {}
    }
}

fn rename_kind(kind: &mut TypeKind, map: &BTreeMap<String, String>) {
    if let TypeKind::Struct { fields } = kind {
        for f in fields {
            rename_ty(&mut f.ty, map);
        }
    }
}

fn rename_op(op: &mut Operation, map: &BTreeMap<String, String>) {
    for p in &mut op.request.params {
        rename_ty(&mut p.field.ty, map);
    }
    rename_kind(&mut op.response.kind, map);
    if let ResponseForm::Enveloped { data: Some(ty), .. } = &mut op.response_form {
        rename_ty(ty, map);
    }
    if let Some(paging) = &mut op.paging {
        rename_ty(&mut paging.item, map);
    }
    for e in &mut op.examples {
        if let Some((_, ty)) = &mut e.field {
            rename_ty(ty, map);
        }
    }
}

/// Whether the draft has a string where the spec has an enum (values the
/// snapshot's texts would list, and it has none) or a list decoded from a
/// JSON string (an example would show it, and it has none).
fn vaguer(
    holds: Holds,
    enums: &BTreeSet<String>,
    c: &crate::model::Field,
    d: &crate::model::Field,
) -> bool {
    fn erase(ty: &Ty, enums: &BTreeSet<String>) -> Ty {
        match ty {
            Ty::List(item) => Ty::List(Box::new(erase(item, enums))),
            Ty::Map(item) => Ty::Map(Box::new(erase(item, enums))),
            Ty::Named(n) if enums.contains(n) => Ty::String,
            other => other.clone(),
        }
    }
    let erased = erase(&c.ty, enums);
    let json_list = c.decode == Some(Decode::JsonString)
        && d.ty == Ty::String
        && matches!(&erased, Ty::List(item) if **item == Ty::String);
    let enum_text = erased != c.ty && erased == d.ty;
    (json_list && !holds.examples) || (enum_text && !holds.texts)
}

/// What of the spec stands in the draft.
struct Merge<'a> {
    holds: Holds,
    /// The spec's enums.
    enums: &'a BTreeSet<String>,
    /// Where the draft's example or default did not validate.
    unfit: &'a BTreeSet<Slot>,
}

impl Merge<'_> {
    /// Returns whether the response is the spec's.
    fn operation(&self, c: &Operation, d: &mut Operation) -> bool {
        d.note.clone_from(&c.note);
        d.paging.clone_from(&c.paging);
        d.idempotent = c.idempotent;
        if !self.holds.texts {
            d.summary.clone_from(&c.summary);
            d.description.clone_from(&c.description);
        }
        if !self.holds.examples {
            d.examples.clone_from(&c.examples);
        }
        for p in &mut d.request.params {
            if let Some(cp) = c
                .request
                .params
                .iter()
                .find(|cp| cp.field.wire_name == p.field.wire_name)
            {
                let slot = (
                    SlotKind::Param,
                    d.wire_name.clone(),
                    p.field.wire_name.clone(),
                );
                self.field(&slot, &cp.field, &mut p.field);
            }
        }
        if !self.holds.responses {
            d.response.clone_from(&c.response);
            d.response_form.clone_from(&c.response_form);
            d.response_vendor_name.clone_from(&c.response_vendor_name);
            return true;
        }
        self.type_def(
            SlotKind::Response,
            &d.wire_name.clone(),
            &c.response,
            &mut d.response,
        );
        false
    }

    fn field(&self, slot: &Slot, c: &crate::model::Field, d: &mut crate::model::Field) {
        if self.unfit.contains(slot) {
            d.example.clone_from(&c.example);
            d.default.clone_from(&c.default);
        }
        d.note.clone_from(&c.note);
        d.boxed = c.boxed;
        d.rust_name.clone_from(&c.rust_name);
        if !self.holds.texts {
            d.description.clone_from(&c.description);
        }
        if !self.holds.examples {
            d.example.clone_from(&c.example);
        }
        if !self.holds.defaults {
            d.default.clone_from(&c.default);
        }
        if vaguer(self.holds, self.enums, c, d) {
            d.ty = c.ty.clone();
            d.decode = c.decode;
            d.secret = c.secret;
        }
    }

    /// `owner`: the type's name, or for a response (`SlotKind::Response`) the operation's.
    fn type_def(&self, kind: SlotKind, owner: &str, c: &TypeDef, d: &mut TypeDef) {
        d.note.clone_from(&c.note);
        if !self.holds.texts {
            d.description.clone_from(&c.description);
        }
        match (&c.kind, &mut d.kind) {
            (TypeKind::Struct { fields: fc }, TypeKind::Struct { fields: fd }) => {
                for f in fd.iter_mut() {
                    if let Some(cf) = fc.iter().find(|cf| cf.wire_name == f.wire_name) {
                        let slot = (kind, owner.to_owned(), f.wire_name.clone());
                        self.field(&slot, cf, f);
                    }
                }
            }
            (TypeKind::Enum { values: vc }, TypeKind::Enum { values: vd }) => {
                for v in vd.iter_mut() {
                    if let Some(cv) = vc.iter().find(|cv| cv.wire == v.wire) {
                        v.note.clone_from(&cv.note);
                        v.rust_name.clone_from(&cv.rust_name);
                        if !self.holds.texts {
                            v.description.clone_from(&cv.description);
                        }
                    }
                }
                if !self.holds.texts {
                    for cv in vc {
                        if !vd.iter().any(|v| v.wire == cv.wire) {
                            vd.push(cv.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Class;
    use serde_json::{json, Value};

    /// Two actions of one chapter: texts, an enum listed in a description,
    /// examples, a default, a response with a list of objects.
    fn base() -> Value {
        let status = "状态，取值可选范围：\n- active：正常。\n- locked：锁定。";
        json!({
            "directories": [{"title": "账户管理", "children": ["CreateUser", "ListUsers"]}],
            "apis": {
                "CreateUser": {
                    "title": "创建账户",
                    "summary": "创建一个账户。",
                    "parameters": [
                        {"name": "InstanceId", "in": "query", "schema": {"description": "实例ID。", "type": "string", "required": true, "example": "idaas_x"}},
                        {"name": "Status", "in": "query", "schema": {"description": status, "type": "string", "example": "active"}},
                        {"name": "PageSize", "in": "query", "schema": {"description": "分页大小。", "type": "integer", "format": "int64", "example": "20", "default": "20"}}
                    ],
                    "responses": {"200": {"schema": {"type": "object", "properties": {
                        "RequestId": {"type": "string"},
                        "UserId": {"type": "string", "description": "账户ID。", "example": "user_1"}
                    }}}},
                    "responseDemo": "[{\"type\":\"json\",\"example\":\"{\\\"RequestId\\\": \\\"r\\\", \\\"UserId\\\": \\\"user_1\\\"}\"}]"
                },
                "ListUsers": {
                    "title": "查询账户",
                    "parameters": [
                        {"name": "InstanceId", "in": "query", "schema": {"description": "实例ID。", "type": "string", "required": true}}
                    ],
                    "responses": {"200": {"schema": {"type": "object", "properties": {
                        "RequestId": {"type": "string"},
                        "Users": {"type": "array", "items": {"type": "object", "properties": {
                            "UserId": {"type": "string", "description": "账户ID。"},
                            "Status": {"type": "string", "description": status}
                        }}}
                    }}}}
                }
            }
        })
    }

    const PLAN: &str = "service: eiam\nareas: {账户管理: users}\n";

    fn source(area: Option<&str>, stem: &str, text: String) -> Source {
        Source {
            display_path: format!("{}/{stem}.yaml", area.unwrap_or(".")),
            service_dir: "eiam".into(),
            area: area.map(str::to_owned),
            stem: stem.into(),
            bytes: text.into_bytes(),
        }
    }

    /// The committed tree: the EIAM service file and the drafts of `meta`.
    fn committed(meta: &Value) -> Vec<Source> {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/eiam/service.yaml");
        let text = std::fs::read_to_string(path).expect("spec/eiam/service.yaml");
        let service_file = source(None, "service", text);
        let service = only(crate::check(vec![service_file.clone()]), "service").expect("service");
        let meta = Metadata::read(&meta.to_string()).expect("metadata");
        let plan = Plan::from_yaml(PLAN).expect("plan");
        let corpus = meta::import_metadata(&[("snap.json", &meta)], None, &plan, &service);
        let mut out = vec![service_file];
        for (path, text) in corpus.files {
            let (area, file) = path.split_once('/').unwrap_or(("", &path));
            let area = (!area.is_empty()).then_some(area);
            out.push(source(area, file.trim_end_matches(".yaml"), text));
        }
        out
    }

    fn drift(committed: &[Source], snapshot: &Value) -> Drift {
        let meta = Metadata::read(&snapshot.to_string()).expect("metadata");
        let plan = Plan::from_yaml(PLAN).expect("plan");
        metadata(committed, "snap.json", &[("snap.json", &meta)], None, &plan)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn changes(d: &Drift) -> Vec<(Class, &str, &str)> {
        d.changes
            .iter()
            .map(|c| (c.class, c.path.as_str(), c.what.as_str()))
            .collect()
    }

    /// The schema of `action`'s parameter `name`.
    fn param<'a>(meta: &'a mut Value, action: &str, name: &str) -> &'a mut Value {
        meta["apis"][action]["parameters"]
            .as_array_mut()
            .expect("parameters")
            .iter_mut()
            .find(|p| p["name"] == name)
            .map(|p| &mut p["schema"])
            .expect("parameter")
    }

    /// Edits one spec file of `tree` as spec values.
    fn edit(tree: &mut [Source], stem: &str, change: impl FnOnce(&mut SpecFile)) {
        let file = tree.iter_mut().find(|s| s.stem == stem).expect(stem);
        let mut spec: SpecFile = serde_yaml::from_slice(&file.bytes).expect("spec");
        change(&mut spec);
        let doc = crate::yaml_out::Document {
            spec,
            ..Default::default()
        };
        file.bytes = doc.to_yaml().into_bytes();
    }

    #[test]
    fn the_snapshot_the_spec_was_made_from_changes_nothing() {
        let tree = committed(&base());
        let d = drift(&tree, &base());
        assert_eq!(changes(&d), []);
        assert_eq!((d.compared, d.added, d.not_in_snapshot), (2, 0, 0));
        assert_eq!(d.holds, Holds::ALL);
        // The scratch tree: the service file and the two drafts.
        assert_eq!(d.tree.len(), 1 + tree.len() - 1);
    }

    #[test]
    fn a_parameter_of_another_type_is_breaking() {
        let tree = committed(&base());
        let mut snapshot = base();
        *param(&mut snapshot, "CreateUser", "PageSize") = json!({"description": "分页大小。", "type": "string", "example": "20", "default": "20"});
        assert_eq!(
            changes(&drift(&tree, &snapshot)),
            [(
                Class::Breaking,
                "eiam.CreateUser.params.PageSize",
                "type `i64` -> `string`"
            )]
        );
    }

    #[test]
    fn a_new_optional_parameter_and_action_are_compatible() {
        let tree = committed(&base());
        let mut snapshot = base();
        snapshot["apis"]["CreateUser"]["parameters"]
            .as_array_mut()
            .expect("parameters")
            .push(json!({"name": "Email", "in": "query", "schema": {"description": "邮箱。", "type": "string"}}));
        snapshot["apis"]["DeleteUser"] = json!({"title": "删除账户", "parameters": [
            {"name": "UserId", "in": "query", "schema": {"type": "string", "required": true}}
        ]});
        let d = drift(&tree, &snapshot);
        assert_eq!(
            changes(&d),
            [
                (
                    Class::Compatible,
                    "eiam.CreateUser.params.Email",
                    "new optional parameter"
                ),
                (Class::Compatible, "eiam.DeleteUser", "new operation"),
            ]
        );
        assert_eq!((d.compared, d.added, d.not_in_snapshot), (2, 1, 0));
    }

    #[test]
    fn a_changed_text_is_docs_only() {
        let tree = committed(&base());
        let mut snapshot = base();
        param(&mut snapshot, "CreateUser", "InstanceId")["description"] = json!("IDaaS 实例ID。");
        snapshot["apis"]["ListUsers"]["title"] = json!("列出账户");
        assert_eq!(
            changes(&drift(&tree, &snapshot)),
            [
                (
                    Class::DocsOnly,
                    "eiam.CreateUser.params.InstanceId",
                    "description, example or note changed"
                ),
                (Class::DocsOnly, "eiam.ListUsers", "summary changed"),
            ]
        );
    }

    #[test]
    fn hand_decisions_are_kept() {
        let mut tree = committed(&base());
        edit(&mut tree, "create_user", |spec| {
            let op = &mut spec.operations.0[0].1;
            op.note = Some("A decision on the operation.".into());
            op.idempotent = Some(true);
            let page_size = &mut op
                .params
                .0
                .iter_mut()
                .find(|(n, _)| n == "PageSize")
                .expect("PageSize")
                .1;
            page_size.note = Some("A decision on the parameter.".into());
            page_size.rust_name = Some("page_size_limit".into());
        });
        edit(&mut tree, "list_users", |spec| {
            let (_, t) = spec
                .types
                .0
                .iter_mut()
                .find(|(n, _)| n == "User")
                .expect("User");
            t.note = Some("A decision on the type.".into());
            let status = t
                .fields
                .as_mut()
                .expect("fields")
                .0
                .iter_mut()
                .find(|(n, _)| n == "UserId")
                .expect("UserId");
            status.1.note = Some("A decision on the field.".into());
        });
        // A type the importer names otherwise is the spec's under its name.
        for file in &mut tree {
            let text = String::from_utf8_lossy(&file.bytes).replace("UserStatus", "AccountStatus");
            file.bytes = text.into_bytes();
        }
        let committed_api = crate::check(tree.clone()).unwrap_or_else(|e| panic!("{e}"));
        let ops = &committed_api.services[0].modules;
        assert!(ops
            .iter()
            .flat_map(|m| &m.types)
            .any(|t| t.name == "AccountStatus"));
        let d = drift(&tree, &base());
        assert_eq!(changes(&d), []);
        // A change beside the decisions still shows.
        let mut snapshot = base();
        param(&mut snapshot, "CreateUser", "PageSize")["description"] = json!("每页数量。");
        param(&mut snapshot, "ListUsers", "InstanceId")["required"] = json!(false);
        assert_eq!(
            changes(&drift(&tree, &snapshot)),
            [
                (
                    Class::Breaking,
                    "eiam.ListUsers.params.InstanceId",
                    "required -> optional (an argument of `new` goes away)"
                ),
                (
                    Class::DocsOnly,
                    "eiam.CreateUser.params.PageSize",
                    "description, example or note changed"
                ),
            ]
        );
    }

    /// The request metadata's shape: parameters with types and required
    /// flags, nothing else.
    fn requests_only(meta: &Value) -> Value {
        fn strip(v: &mut Value) {
            match v {
                Value::Object(map) => {
                    for key in [
                        "title",
                        "summary",
                        "description",
                        "example",
                        "default",
                        "responses",
                        "responseDemo",
                        "directories",
                    ] {
                        map.remove(key);
                    }
                    map.values_mut().for_each(strip);
                }
                Value::Array(items) => items.iter_mut().for_each(strip),
                _ => {}
            }
        }
        let mut meta = meta.clone();
        strip(&mut meta);
        meta
    }

    #[test]
    fn a_snapshot_without_texts_is_compared_on_what_it_holds() {
        let tree = committed(&base());
        let snapshot = requests_only(&base());
        let meta = Metadata::read(&snapshot.to_string()).expect("metadata");
        let holds = Holds::of_metadata(&meta);
        assert_eq!(
            holds.lacks(),
            ["texts", "examples", "defaults", "responses"]
        );
        // No texts, examples, defaults or responses removed, no enum lost
        // with the texts that listed its values.
        let d = drift(&tree, &snapshot);
        assert_eq!(changes(&d), []);
        assert!(d
            .render_text()
            .contains("the snapshot has no texts, examples, defaults, responses"));
        // What it holds is compared: a parameter's type, one it adds, an
        // action it adds; an action it lacks is not compared.
        let mut snapshot = requests_only(&base());
        snapshot["apis"]
            .as_object_mut()
            .expect("apis")
            .remove("ListUsers");
        *param(&mut snapshot, "CreateUser", "PageSize") =
            json!({"type": "integer", "format": "int32"});
        snapshot["apis"]["CreateUser"]["parameters"]
            .as_array_mut()
            .expect("parameters")
            .push(json!({"name": "Email", "in": "query", "schema": {"type": "string", "required": true}}));
        snapshot["apis"]["DeleteUser"] = json!({"parameters": [{"name": "UserId", "in": "query", "schema": {"type": "string", "required": true}}]});
        let d = drift(&tree, &snapshot);
        assert_eq!(
            changes(&d),
            [
                (
                    Class::Breaking,
                    "eiam.CreateUser.params.Email",
                    "new required parameter (a new argument of `new`)"
                ),
                (
                    Class::Breaking,
                    "eiam.CreateUser.params.PageSize",
                    "type `i64` -> `i32`"
                ),
                (Class::Compatible, "eiam.DeleteUser", "new operation"),
            ]
        );
        assert_eq!((d.compared, d.added, d.not_in_snapshot), (1, 1, 1));
        // An enum the snapshot lists values of gains only what it adds.
        let mut snapshot = requests_only(&base());
        param(&mut snapshot, "CreateUser", "Status")["enum"] = json!(["active", "expired"]);
        assert_eq!(
            changes(&drift(&tree, &snapshot)),
            [(
                Class::Compatible,
                "eiam.UserStatus",
                "new enum value `expired`"
            )]
        );
    }

    #[test]
    fn a_hand_normalized_file_is_compared_where_the_snapshot_has_its_action() {
        let mut tree = committed(&base());
        let hand = "operations:
  GetUser:
    source: seed.txt
    summary: {en: Gets a user.}
    note: Specified by hand from a seed page.
    action: GetUser
    params:
      UserId: {type: string, required: true, in: query, note: A hand decision.}
    response:
      fields:
        Name: {type: string}
";
        tree.push(source(None, "get_user", hand.into()));
        // Not in the snapshot: not compared.
        let d = drift(&tree, &requests_only(&base()));
        assert_eq!(changes(&d), []);
        assert_eq!(d.not_in_snapshot, 1);
        // In it, with a parameter more: that, and nothing of the notes.
        let mut snapshot = requests_only(&base());
        snapshot["apis"]["GetUser"] = json!({"parameters": [
            {"name": "UserId", "in": "query", "schema": {"type": "string", "required": true}},
            {"name": "InstanceId", "in": "query", "schema": {"type": "string", "required": true}}
        ]});
        let d = drift(&tree, &snapshot);
        assert_eq!(
            changes(&d),
            [(
                Class::Breaking,
                "eiam.GetUser.params.InstanceId",
                "new required parameter (a new argument of `new`)"
            )]
        );
        assert_eq!((d.compared, d.added, d.not_in_snapshot), (3, 0, 0));
        // The draft stands beside the kept file, which lost its operation.
        assert!(d
            .tree
            .iter()
            .any(|s| s.stem == "get_user" && s.display_path.starts_with("draft")));
        assert!(d.tree.iter().any(|s| s.stem == "get_user_kept"));
    }

    #[test]
    fn a_base_snapshot_leaves_out_the_specs_own_edits() {
        let mut tree = committed(&base());
        // A person corrected a type.
        edit(&mut tree, "create_user", |spec| {
            let op = &mut spec.operations.0[0].1;
            let id = &mut op
                .params
                .0
                .iter_mut()
                .find(|(n, _)| n == "PageSize")
                .expect("PageSize")
                .1;
            id.ty = "i32".into();
        });
        let mut snapshot = base();
        param(&mut snapshot, "CreateUser", "InstanceId")["required"] = json!(false);
        let all = drift(&tree, &snapshot);
        assert_eq!(all.changes.len(), 2);
        let d = drift(&tree, &snapshot).beyond(&drift(&tree, &base()));
        assert_eq!(
            changes(&d),
            [(
                Class::Breaking,
                "eiam.CreateUser.params.InstanceId",
                "required -> optional (an argument of `new` goes away)"
            )]
        );
        assert!(d
            .render_markdown()
            .contains("1 differences the base snap.json shows as well"));
    }
}

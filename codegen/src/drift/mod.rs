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

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::diff::{self, Change};
use crate::import::corpus::{self, Corpus, Plan, Route};
use crate::import::meta::{self, Metadata, Schema, Sdk};
use crate::load::Source;
use crate::model::{Api, Service};
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

mod align;
mod compare;
mod merge;
#[cfg(test)]
mod tests;

use compare::type_table;
pub use compare::{compare, Compared};

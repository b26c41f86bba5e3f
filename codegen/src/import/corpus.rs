//! `cargo xtask import-corpus`: spec files for a whole tree of GenAuth pages.
//!
//! Inputs: the pages, a plan (`spec/<service>-corpus.yaml`: API areas, pages
//! that are not operations of this API, routes the SDK does not give by name)
//! and the routes of the vendor's official SDK. Each page goes through the
//! single-page importer in decide mode (routine contradictions settled with
//! a `note:`); then, across pages, enums are named, DTOs that several pages
//! define are merged into one, examples that a decision re-encodes get their
//! `reencoded:` form, and each type is placed in the file of the one
//! operation using it, its area's `types.yaml`, or `shared_types.yaml`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde::Deserialize;
use serde_json::Value;

use super::spec::File;
use super::{bare, named, Bare, Draft, Field, Kind, Operation, Page, Type};
use crate::model::{Decode, HttpMethod, ParamLocation, Service, Ty, TypeKind};
use crate::raw::HttpSpec;
use crate::texpr;

/// How a documentation tree maps onto a service's spec directory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub service: String,
    /// Where the routes come from, e.g. `authing-node-sdk 4.0.1 src/ManagementClient.ts`
    /// (none for API metadata, which names each action).
    #[serde(default)]
    pub routes_source: String,
    /// API metadata (`import::meta`): the file drafted; sources are `<document>#<Action>`.
    pub document: Option<String>,
    /// Newer metadata files beside `document`, read for the parameters it lacks.
    #[serde(default)]
    pub newer: Vec<String>,
    /// Document folder (or metadata chapter, `chapter/subchapter`) -> API
    /// area (spec subdirectory, snake_case).
    pub areas: BTreeMap<String, String>,
    /// Folders whose pages document another API.
    #[serde(default)]
    pub other_api: Vec<OtherApi>,
    /// Page -> why it is not an operation.
    #[serde(default)]
    pub not_operations: BTreeMap<String, String>,
    /// Page -> its route, where the SDK does not give it by the page's method name.
    #[serde(default)]
    pub routes: BTreeMap<String, RouteOverride>,
    /// Page -> why the spec holds only part of its tables (a decision).
    #[serde(default)]
    pub partly_covered: BTreeMap<String, String>,
    /// Action (API metadata) -> why it is not specified yet.
    #[serde(default)]
    pub not_yet: BTreeMap<String, String>,
    /// Why the actions of a `newer` file that `document` lacks are not
    /// specified; without it they are drafted from that file.
    pub newer_only: Option<String>,
    /// Why the actions only `sdk` has are not specified; without it they
    /// are drafted from the SDK.
    pub sdk_only: Option<String>,
    /// API metadata: the area of an action in no chapter (a newer file's,
    /// the SDK's): the first `[word, area]` whose word its name contains.
    #[serde(default)]
    pub areas_by_name: Vec<(String, String)>,
    /// API metadata: the official Python SDK read beside it for English
    /// texts and what the metadata lacks (`<package> <version>`,
    /// `alibabacloud-eiam20211201 3.0.1`).
    pub sdk: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherApi {
    pub folders: Vec<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteOverride {
    pub name: String,
    pub method: String,
    pub path: String,
    pub note: String,
}

impl Plan {
    pub fn from_yaml(text: &str) -> Result<Self, serde_yaml::Error> {
        serde_yaml::from_str(text)
    }

    /// Reads one plan file; the error names the file.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Self::from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Every `*-corpus.yaml` in `spec_root` (one plan per service made from
    /// the tree), sorted by file name.
    pub fn read_all(spec_root: &Path) -> Result<Vec<Self>, String> {
        let mut paths: Vec<_> = std::fs::read_dir(spec_root)
            .map_err(|e| format!("cannot read {}: {e}", spec_root.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with("-corpus.yaml"))
            .collect();
        paths.sort();
        paths.iter().map(|p| Self::read(p)).collect()
    }

    /// The area `areas_by_name` gives `action`.
    pub fn area_by_name(&self, action: &str) -> Option<&str> {
        self.areas_by_name
            .iter()
            .find(|(word, _)| action.contains(word.as_str()))
            .map(|(_, area)| area.as_str())
    }

    /// Why `page` (a path relative to the tree) gets no operation, if the plan says so.
    pub fn skip_reason(&self, page: &str) -> Option<&str> {
        if let Some(reason) = self.not_operations.get(page).or(self.not_yet.get(page)) {
            return Some(reason);
        }
        let folder = page.split('/').next().unwrap_or("");
        self.other_api
            .iter()
            .find(|o| o.folders.iter().any(|f| f == folder))
            .map(|o| o.reason.as_str())
    }
}

/// `(path relative to dir with '/', text)` of every `.md` page under `dir`, sorted.
pub fn read_pages(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let rel = path.strip_prefix(dir).unwrap_or(&path);
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, std::fs::read_to_string(&path)?));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The service's own enums: name -> wire values.
fn service_enums(service: &Service) -> BTreeMap<String, BTreeSet<String>> {
    service
        .types()
        .filter_map(|(_, t)| match &t.kind {
            TypeKind::Enum { values } => Some((
                t.name.clone(),
                values.iter().map(|v| v.wire.clone()).collect(),
            )),
            TypeKind::Struct { .. } => None,
        })
        .collect()
}

/// One client method of an official SDK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub name: String,
    pub method: String,
    pub path: String,
}

/// The routes of the official Node SDK's `ManagementClient.ts`: for each
/// `public async name(`, the `method: "X"` and `url: "Y"` in its body.
pub fn node_sdk_routes(ts: &str) -> Vec<Route> {
    let quoted = |body: &str, key: &str| {
        let rest = &body[body.find(key)? + key.len()..];
        let rest = rest.trim_start().strip_prefix(['"', '\''])?;
        Some(rest[..rest.find(['"', '\''])?].to_owned())
    };
    ts.split("public async ")
        .skip(1)
        .filter_map(|body| {
            let name = body[..body.find('(')?].trim().to_owned();
            Some(Route {
                name,
                method: quoted(body, "method:")?,
                path: quoted(body, "url:")?,
            })
        })
        .collect()
}

/// The GenAuth envelope's keys, which a page's example may carry beside
/// the response's own fields.
const GENAUTH_ENVELOPE: &[&str] = &["statusCode", "message", "apiCode", "requestId"];

/// What the corpus import produced.
#[derive(Debug)]
pub struct Corpus {
    /// `(path relative to the service's spec directory, YAML)`.
    pub files: Vec<(String, String)>,
    /// One line per page: what became of it.
    pub report: Vec<String>,
}

/// An operation imported from a page, with the page's own types.
pub(super) struct Imported {
    pub page: String,
    /// Empty for a file outside the areas.
    pub area: String,
    pub op: Operation,
    pub types: Vec<Type>,
    /// `(page, JSON)`: the page's example, then those of pages documenting
    /// the same operation again.
    pub examples: Vec<(String, String)>,
    /// Examples may lack the response envelope (GenAuth pages that print
    /// only `data`); API metadata examples always have it.
    pub bare_examples: bool,
}

/// Imports every page; `pages` are `(path relative to the tree, text)`.
pub fn import_corpus(
    pages: &[(String, String)],
    plan: &Plan,
    routes: &[Route],
    service: &Service,
) -> Corpus {
    let mut report = Vec::new();
    let existing_ops: BTreeMap<&str, &str> = service
        .modules
        .iter()
        .flat_map(|m| {
            m.operations
                .iter()
                .map(move |o| (o.wire_name.as_str(), m.spec_path.as_str()))
        })
        .collect();
    let mut imported: Vec<Imported> = Vec::new();
    for (path, text) in pages {
        if let Some(reason) = plan.skip_reason(path) {
            report.push(format!("{path}: not specified: {reason}"));
            continue;
        }
        let folder = path.split('/').next().unwrap_or("");
        let Some(area) = plan.areas.get(folder) else {
            report.push(format!(
                "{path}: not specified: the plan gives folder `{folder}` no area"
            ));
            continue;
        };
        let page = Page::read(text);
        let mut draft = Draft {
            decide: true,
            ..Draft::default()
        };
        let mut op = draft.genauth(&page, service);
        let stem = path
            .rsplit('/')
            .next()
            .unwrap_or(path)
            .trim_end_matches(".md");
        let Some((route, note)) = route_for(path, stem, &op.name, plan, routes) else {
            report.push(format!(
                "{path}: not specified: no route for `{}` in {}",
                op.name, plan.routes_source
            ));
            continue;
        };
        // A page without a title is summarized by the operation's name: the route's.
        if op.summary == draft.summary(None, &op.name) {
            op.summary = draft.summary(None, &route.name);
        }
        op.name = route.name.clone();
        let Ok(method) = serde_yaml::from_str::<HttpMethod>(&route.method) else {
            report.push(format!(
                "{path}: not specified: `{}` of `{}` is not an HTTP method of the spec format",
                route.method, route.name
            ));
            continue;
        };
        let location = match method {
            HttpMethod::Get | HttpMethod::Delete => ParamLocation::Query,
            _ => ParamLocation::Body,
        };
        op.http = Some(HttpSpec {
            method,
            path: route.path.clone(),
        });
        for p in &mut op.params {
            p.location = Some(location);
        }
        op.todos.clear();
        op.notes.extend(note);
        if let Some(file) = existing_ops.get(op.name.as_str()) {
            report.push(format!(
                "{path}: `{}`, specified by hand in {file}",
                op.name
            ));
            continue;
        }
        if let Some(first) = imported.iter_mut().find(|i| i.op.name == op.name) {
            first.op.also_sources.push(path.clone());
            if let Some(json) = page.example.clone() {
                if !first.examples.iter().any(|(_, j)| same_json(j, &json)) {
                    first.examples.push((path.clone(), json));
                }
            }
            report.push(format!(
                "{path}: `{}`, the same operation as {}",
                op.name, first.page
            ));
            continue;
        }
        report.push(format!(
            "{path}: `{}` ({} {})",
            op.name, route.method, route.path
        ));
        imported.push(Imported {
            page: path.clone(),
            area: area.clone(),
            op,
            types: draft.types,
            examples: page
                .example
                .iter()
                .map(|j| (path.clone(), j.clone()))
                .collect(),
            bare_examples: true,
        });
    }
    name_enums(&mut imported, service);
    let mut types = merge_types(&mut imported, service);
    rust_names(&mut imported, &mut types, service);
    let mut names: BTreeSet<String> = service.types().map(|(_, t)| t.name.clone()).collect();
    names.extend(types.iter().map(|(t, _)| t.name.clone()));
    settle_operations(&mut imported, &names);
    fit_examples(&mut imported, &mut types, service);
    for i in imported.iter_mut() {
        for (page, json) in i.examples.clone() {
            let Ok(example) = serde_json::from_str::<Value>(&json) else {
                continue;
            };
            match (bare(&example, &i.op.response), example) {
                // The page prints only the value of `data`.
                (Some(Bare::Data), v) => {
                    if let Some(data) = i.op.response.iter_mut().find(|f| f.wire == "data") {
                        fit_value(&v, data, &mut types, &page, 0);
                    }
                }
                (None, Value::Object(obj)) => fit_object(
                    &obj,
                    &mut i.op.response,
                    &mut types,
                    &page,
                    GENAUTH_ENVELOPE,
                    0,
                ),
                _ => {}
            }
        }
    }
    let files = place(&imported, &types, service);
    Corpus { files, report }
}

/// The route of a page: the plan's, the SDK method the page names, or the
/// SDK method whose path ends with the page's file name. With a note where
/// the route is not the page's own method name.
fn route_for(
    page: &str,
    stem: &str,
    name: &str,
    plan: &Plan,
    routes: &[Route],
) -> Option<(Route, Option<String>)> {
    if let Some(o) = plan.routes.get(page) {
        let route = Route {
            name: o.name.clone(),
            method: o.method.clone(),
            path: o.path.clone(),
        };
        return Some((route, Some(o.note.clone())));
    }
    let by_name: Vec<&Route> = routes.iter().filter(|r| r.name == name).collect();
    if let [one] = by_name.as_slice() {
        return Some(((*one).clone(), None));
    }
    let suffix = format!("/{stem}");
    let by_path: Vec<&Route> = routes
        .iter()
        .filter(|r| r.path.ends_with(&suffix))
        .collect();
    match by_path.as_slice() {
        [one] => Some((
            (*one).clone(),
            Some(format!(
                "The page names no method of the official SDK; the route is that of the SDK's `{}`, whose path is the page's name.",
                one.name
            )),
        )),
        _ => None,
    }
}

/// `base`, or `base2`, `base3`... whichever is free; taken from then on.
pub(super) fn unique(base: String, taken: &mut BTreeSet<String>) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// Renames every field type of a page with `rename`.
fn retype(imported: &mut Imported, rename: &BTreeMap<String, String>) {
    let fix = |f: &mut Field| retype_field(f, rename);
    imported.op.params.iter_mut().for_each(fix);
    imported.op.response.iter_mut().for_each(fix);
    for t in &mut imported.types {
        if let Kind::Struct(fields) = &mut t.kind {
            fields.iter_mut().for_each(fix);
        }
    }
}

fn retype_field(f: &mut Field, rename: &BTreeMap<String, String>) {
    let Ok(ty) = texpr::parse(&f.ty) else { return };
    if let Some(new) = ty.named().and_then(|name| rename.get(name)) {
        f.ty = renamed(&ty, new).to_string();
    }
}

/// `ty` with `new` for the type it names.
fn renamed(ty: &Ty, new: &str) -> Ty {
    match ty {
        Ty::List(item) => Ty::List(Box::new(renamed(item, new))),
        Ty::Map(item) => Ty::Map(Box::new(renamed(item, new))),
        Ty::Named(_) => Ty::Named(new.to_owned()),
        other => other.clone(),
    }
}

/// Gives every enum its final name. An enum whose values the service
/// already has in an enum takes that enum's name; otherwise enums are named
/// after their field, and where enums of one field name disagree (neither's
/// values include the other's), the later ones are qualified by their owner.
pub(super) fn name_enums(imported: &mut [Imported], service: &Service) {
    let hand = service_enums(service);
    let mut taken: BTreeSet<String> = service.types().map(|(_, t)| t.name.clone()).collect();
    for i in imported.iter() {
        taken.extend(
            i.types
                .iter()
                .filter(|t| t.provisional().is_none())
                .map(|t| t.name.clone()),
        );
        taken.extend(i.op.response_name.clone());
        taken.insert(format!("{}Request", i.op.name.to_upper_camel_case()));
        if i.op.response_name.is_none() {
            taken.insert(format!("{}Response", i.op.name.to_upper_camel_case()));
        }
    }
    taken.extend(crate::names::RESERVED_TYPES.iter().map(|s| s.to_string()));
    // (candidate, owner, values, (page index, provisional name))
    let mut enums = Vec::new();
    for (pi, i) in imported.iter().enumerate() {
        for t in &i.types {
            if let (Kind::Enum(values), Some(candidate)) = (&t.kind, t.provisional()) {
                let set: BTreeSet<String> = values.iter().map(|(v, _)| v.clone()).collect();
                enums.push((
                    candidate.to_owned(),
                    t.owner.clone(),
                    set,
                    (pi, t.name.clone()),
                ));
            }
        }
    }
    let mut renames: Vec<BTreeMap<String, String>> = vec![BTreeMap::new(); imported.len()];
    // candidate -> clusters of (union of values, final name)
    let mut clusters: BTreeMap<String, Vec<(BTreeSet<String>, String)>> = BTreeMap::new();
    for (candidate, owner, values, (pi, provisional)) in enums {
        if let Some((name, _)) = hand.iter().find(|(_, h)| values.is_subset(h)) {
            renames[pi].insert(provisional, name.clone());
            continue;
        }
        let list = clusters.entry(candidate.clone()).or_default();
        let joined = list
            .iter_mut()
            .find(|(union, _)| values.is_subset(union) || union.is_subset(&values));
        let name = match joined {
            Some((union, name)) => {
                union.extend(values);
                name.clone()
            }
            None => {
                let base = if list.is_empty() && !taken.contains(&candidate) {
                    candidate.clone()
                } else {
                    format!("{}{candidate}", owner.trim_end_matches("Dto"))
                };
                let name = unique(base, &mut taken);
                list.push((values, name.clone()));
                name
            }
        };
        renames[pi].insert(provisional, name);
    }
    for (i, rename) in imported.iter_mut().zip(&renames) {
        retype(i, rename);
        for t in &mut i.types {
            if let Some(new) = rename.get(&t.name) {
                t.name = new.clone();
            }
        }
    }
}

/// One definition per type name: pages' definitions merged (fields and enum
/// values united, differences noted); types the service already defines are
/// left to that definition. Sorted by first appearance.
pub(super) fn merge_types(
    imported: &mut [Imported],
    service: &Service,
) -> Vec<(Type, Vec<String>)> {
    let existing: BTreeSet<String> = service.types().map(|(_, t)| t.name.clone()).collect();
    let enums: BTreeSet<String> = imported
        .iter()
        .flat_map(|i| &i.types)
        .filter(|t| matches!(t.kind, Kind::Enum(_)))
        .map(|t| t.name.clone())
        .collect();
    let mut merged: Vec<(Type, Vec<String>)> = Vec::new();
    for i in imported.iter_mut() {
        for t in i.types.drain(..) {
            if existing.contains(&t.name) {
                continue;
            }
            match merged.iter_mut().find(|(m, _)| m.name == t.name) {
                Some((m, pages)) => {
                    if !pages.contains(&i.page) {
                        merge_into(m, t, &i.page, pages, &enums);
                        pages.push(i.page.clone());
                    }
                }
                None => merged.push((t, vec![i.page.clone()])),
            }
        }
    }
    merged
}

/// Merges `t` (from `page`) into `m` (from `pages`); `enums` are the
/// drafts' enum types.
fn merge_into(m: &mut Type, t: Type, page: &str, pages: &[String], enums: &BTreeSet<String>) {
    if m.description.is_none() {
        m.description = t.description;
    }
    match (&mut m.kind, t.kind) {
        (Kind::Enum(values), Kind::Enum(more)) => {
            for (v, d) in more {
                if !values.iter().any(|(x, _)| *x == v) {
                    values.push((v, d));
                }
            }
        }
        (Kind::Struct(fields), Kind::Struct(more)) => {
            let first = pages.first().map(String::as_str).unwrap_or("");
            for f in fields.iter_mut() {
                if f.required && !more.iter().any(|g| g.wire == f.wire) {
                    f.required = false;
                    f.notes.push(format!(
                        "Required on {first} but missing from the table on {page}: optional."
                    ));
                }
            }
            for g in more {
                match fields.iter_mut().find(|f| f.wire == g.wire) {
                    Some(f) if f.ty != g.ty => {
                        if f.ty == "string" && enums.contains(&g.ty) {
                            f.notes.push(format!(
                                "{first} types it `string`, {page} the enum `{}`: the enum, which keeps a value it does not list.",
                                g.ty
                            ));
                            f.ty = g.ty;
                        } else if f.ty == "json" || f.ty == "list<json>" {
                            f.notes.push(format!(
                                "{first} types it `{}`, {page} `{}`: the more precise `{}`.",
                                f.ty, g.ty, g.ty
                            ));
                            f.ty = g.ty;
                            f.decode = f.decode.or(g.decode);
                        } else if g.ty != "json" && g.ty != "list<json>" {
                            f.notes.push(format!(
                                "{page} types it `{}`; {first}'s `{}` is kept.",
                                g.ty, f.ty
                            ));
                        }
                    }
                    Some(f) => {
                        if f.required && !g.required {
                            f.required = false;
                            f.notes.extend(g.notes);
                        }
                        f.decode = f.decode.or(g.decode);
                    }
                    None => {
                        let mut g = g;
                        if g.required {
                            g.required = false;
                            g.notes.push(format!(
                                "Required on {page} but missing from the table on {first}: optional."
                            ));
                        }
                        fields.push(g);
                    }
                }
            }
        }
        (_, _) => m.notes.push(format!(
            "{page} defines another kind of type under this name; the definition of {} is kept.",
            pages.first().map(String::as_str).unwrap_or("")
        )),
    }
    m.notes.extend(t.notes);
}

/// Type names that are not UpperCamelCase (`OIDCConfig`) or that the
/// generated code reserves (`Result`) get one that is, with a note.
pub(super) fn rust_names(
    imported: &mut [Imported],
    types: &mut [(Type, Vec<String>)],
    service: &Service,
) {
    let mut taken: BTreeSet<String> = service.types().map(|(_, t)| t.name.clone()).collect();
    taken.extend(types.iter().map(|(t, _)| t.name.clone()));
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    for (t, pages) in types.iter_mut() {
        let camel = t.name.to_upper_camel_case();
        let reserved = crate::names::RESERVED_TYPES.contains(&t.name.as_str());
        if camel == t.name && !reserved {
            continue;
        }
        let base = if reserved {
            let op = imported.iter().find(|i| pages.first() == Some(&i.page));
            format!(
                "{}{camel}",
                op.map(|i| i.op.name.to_upper_camel_case())
                    .unwrap_or_default()
            )
        } else {
            camel
        };
        let name = unique(base, &mut taken);
        t.notes.push(format!("The document names it `{}`.", t.name));
        rename.insert(std::mem::replace(&mut t.name, name.clone()), name);
    }
    for (t, _) in types.iter_mut() {
        if let Kind::Struct(fields) = &mut t.kind {
            for f in fields {
                retype_field(f, &rename);
                f.secret = f.ty == "string" && is_secret(&f.wire);
            }
        }
    }
    for i in imported.iter_mut() {
        retype(i, &rename);
        if let Some(n) = &mut i.op.response_name {
            let camel = n.to_upper_camel_case();
            if camel != *n {
                *n = camel;
            }
        }
    }
}

/// Operation-level decisions: a response type name several operations use
/// is dropped (each operation's response is its own type); a required
/// parameter loses a default; credentials are secret.
pub(super) fn settle_operations(imported: &mut [Imported], type_names: &BTreeSet<String>) {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for i in imported.iter() {
        *count
            .entry(i.op.response_name.clone().unwrap_or_default())
            .or_default() += 1;
    }
    for i in imported.iter_mut() {
        let name = i.op.response_name.clone().unwrap_or_default();
        // (An empty name: the response is named after the operation already.)
        if !name.is_empty() && count.get(&name).is_some_and(|&n| n > 1) {
            i.op.response_name = None;
            i.op.notes.push(format!(
                "The page names the response `{name}`, as do other pages for their own responses; the response type is named after the operation."
            ));
        } else if type_names.contains(&name) {
            i.op.response_name = None;
            i.op.notes.push(format!(
                "The page names the response `{name}`, the name of another type; the response type is named after the operation."
            ));
        }
        for f in &mut i.op.response {
            f.secret = f.ty == "string" && is_secret(&f.wire);
        }
        for p in &mut i.op.params {
            p.secret = p.ty == "string" && is_secret(&p.wire);
            if p.required && p.default.take().is_some() {
                p.notes.push("The document marks it required and gives a default; required, without the default.".into());
            }
        }
    }
}

/// Field examples the type cannot hold: a decimal in a `number` makes it
/// `f64`; any other is left out, with a note quoting it.
pub(super) fn fit_examples(
    imported: &mut [Imported],
    types: &mut [(Type, Vec<String>)],
    service: &Service,
) {
    // The service's own enums and the imported ones.
    let mut enums = service_enums(service);
    enums.extend(types.iter().filter_map(|(t, _)| match &t.kind {
        Kind::Enum(values) => Some((
            t.name.clone(),
            values.iter().map(|(v, _)| v.clone()).collect(),
        )),
        Kind::Struct(_) => None,
    }));
    let fix = |f: &mut Field| {
        let Some(example) = f.example.clone() else {
            return;
        };
        if fits(&example, &f.ty, &enums) {
            return;
        }
        if f.ty == "i64" && example.parse::<f64>().is_ok() {
            f.ty = "f64".into();
            f.notes
                .push("The document types it `number` and its example has decimals: f64.".into());
            return;
        }
        f.example = None;
        f.notes.push(format!(
            "The document's example `{example}` does not fit the type; it is left out."
        ));
    };
    for i in imported.iter_mut() {
        i.op.params.iter_mut().for_each(fix);
        i.op.response.iter_mut().for_each(fix);
    }
    for (t, _) in types.iter_mut() {
        if let Kind::Struct(fields) = &mut t.kind {
            fields.iter_mut().for_each(fix);
        }
    }
}

/// Makes the types hold a page's JSON example: the example is what the
/// server sends, so where a table disagrees the type gives way, noted.
pub(super) fn fit_object(
    obj: &serde_json::Map<String, Value>,
    fields: &mut Vec<Field>,
    types: &mut [(Type, Vec<String>)],
    page: &str,
    envelope: &[&str],
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    // Keys the table does not list: the example shows the server sends them.
    for (key, v) in obj {
        if fields.iter().any(|f| f.wire == *key) || (depth == 0 && envelope.contains(&key.as_str()))
        {
            continue;
        }
        let ty = match v {
            Value::Bool(_) => "bool",
            Value::Number(n) if n.is_f64() => "f64",
            Value::Number(_) => "i64",
            Value::String(_) => "string",
            Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_string) => {
                "list<string>"
            }
            _ => "json",
        };
        fields.push(Field {
            rust_name: super::rust_name_for(key),
            wire: key.clone(),
            ty: ty.to_owned(),
            secret: ty == "string" && is_secret(key),
            notes: vec![format!(
                "Not in the document's table; the example on {page} sends it."
            )],
            ..Field::default()
        });
    }
    for f in fields.iter_mut() {
        match obj.get(&f.wire) {
            None | Some(Value::Null) if f.required => {
                f.required = false;
                f.notes.push(format!(
                    "Marked required, but the example on {page} omits it: optional, so that the documented response decodes."
                ));
            }
            Some(v) => fit_value(v, f, types, page, depth),
            None => {}
        }
    }
}

fn fit_value(
    v: &Value,
    f: &mut Field,
    types: &mut [(Type, Vec<String>)],
    page: &str,
    depth: usize,
) {
    let kind = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    let any = |f: &mut Field, v: &Value| {
        f.notes.push(format!(
            "The table types it `{}`, the example on {page} sends {}: any JSON value.",
            f.ty,
            kind(v)
        ));
        f.ty = "json".into();
        f.decode = None;
    };
    if v.is_null() {
        return;
    }
    let Ok(ty) = texpr::parse(&f.ty) else { return };
    match &ty {
        Ty::Json | Ty::Map(_) => {}
        Ty::String if !v.is_string() => any(f, v),
        Ty::Bool if !v.is_boolean() => any(f, v),
        Ty::I64 | Ty::I32 if v.is_f64() => {
            f.ty = "f64".into();
            f.notes.push(format!(
                "The example on {page} sends a decimal number: f64."
            ));
        }
        Ty::I64 | Ty::I32 | Ty::F64 if !v.is_number() => any(f, v),
        Ty::String | Ty::Bool | Ty::I64 | Ty::I32 | Ty::F64 => {}
        Ty::List(item) => {
            // Items of another kind than the item type (ids where the
            // table names a struct): the list holds any JSON values.
            let items_fit = |items: &[Value], types: &[(Type, Vec<String>)]| {
                let kind = |name: &str| {
                    types
                        .iter()
                        .find(|(t, _)| t.name == name)
                        .map(|(t, _)| &t.kind)
                };
                items.iter().all(|it| {
                    texpr::fits(&yaml(it), item, &|name, v| match kind(name) {
                        Some(Kind::Enum(_)) => v.is_string(),
                        Some(Kind::Struct(_)) => v.is_mapping(),
                        None => true,
                    })
                })
            };
            let item_name = item.to_string();
            let parsed = match v {
                Value::String(s) => serde_json::from_str::<Value>(s).ok(),
                _ => None,
            };
            let items = v.as_array().or(parsed.as_ref().and_then(Value::as_array));
            if items.is_some_and(|items| !items_fit(items, types)) {
                f.notes.push(format!(
                    "The table types its items `{item}`, the example on {page} sends items of another kind: a list of any JSON values."
                ));
                f.ty = "list<json>".into();
                if v.is_string() && f.decode.is_none() {
                    f.decode = Some(Decode::JsonString);
                }
                return;
            }
            match v {
                Value::Array(items) => {
                    for it in items {
                        fit_item(it, &item_name, types, page, depth);
                    }
                }
                Value::Object(_) if f.decode != Some(Decode::JsonString) => {
                    if f.decode.is_none() {
                        f.decode = Some(Decode::OneOrMany);
                        f.notes.push(format!(
                            "The table types it `array`, the example on {page} shows one object: a list, and a single object is accepted as a list of one."
                        ));
                    }
                    fit_item(v, &item_name, types, page, depth);
                }
                Value::String(s)
                    if f.decode != Some(Decode::OneOrMany)
                        && serde_json::from_str::<Value>(s).is_ok_and(|x| x.is_array()) =>
                {
                    if f.decode.is_none() {
                        f.decode = Some(Decode::JsonString);
                        f.notes.push(format!(
                            "The table types it `array`, the example on {page} sends the list JSON-encoded in a string: a list, decoded from either form."
                        ));
                    }
                }
                other => any(f, other),
            }
        }
        Ty::Named(name) => {
            let name = name.as_str();
            let is_enum = types
                .iter()
                .any(|(t, _)| t.name == name && matches!(t.kind, Kind::Enum(_)));
            match v {
                Value::String(_) if is_enum => fit_item(v, name, types, page, depth),
                Value::Object(_) if !is_enum => fit_item(v, name, types, page, depth),
                // A named type the service defines by hand, or a mismatch.
                other if types.iter().any(|(t, _)| t.name == name) => any(f, other),
                _ => {}
            }
        }
    }
}

/// Fits a value of the named type `name` (a struct's object, or a scalar item).
fn fit_item(v: &Value, name: &str, types: &mut [(Type, Vec<String>)], page: &str, depth: usize) {
    let Some(index) = types.iter().position(|(t, _)| t.name == name) else {
        return;
    };
    let t = &mut types[index].0;
    if let (Value::String(value), Kind::Enum(values)) = (v, &mut t.kind) {
        if !values.iter().any(|(x, _)| x == value) {
            values.push((value.clone(), None));
            t.notes.push(format!(
                "`{value}` is not in the document's list; the example on {page} sends it."
            ));
        }
        return;
    }
    let (Value::Object(obj), Kind::Struct(fields)) = (v, &mut t.kind) else {
        return;
    };
    let mut fields = std::mem::take(fields);
    fit_object(obj, &mut fields, types, page, &[], depth + 1);
    if let Kind::Struct(slot) = &mut types[index].0.kind {
        *slot = fields;
    }
}

/// Whether a table's example cell is a value of `ty`: the cell's JSON
/// value, or for a `string` (or a cell that is no JSON) its text.
fn fits(example: &str, ty: &str, enums: &BTreeMap<String, BTreeSet<String>>) -> bool {
    let Ok(ty) = texpr::parse(ty) else {
        return false;
    };
    let value = match serde_json::from_str::<Value>(example) {
        Ok(v) if ty != Ty::String => yaml(&v),
        _ => serde_yaml::Value::String(example.to_owned()),
    };
    texpr::fits(&value, &ty, &|name, v| match enums.get(name) {
        Some(values) => v.as_str().is_some_and(|s| values.contains(s)),
        None => v.is_mapping(),
    })
}

/// A JSON value as YAML, for the spec format's fitting rule.
fn yaml(v: &Value) -> serde_yaml::Value {
    serde_yaml::to_value(v).unwrap_or(serde_yaml::Value::Null)
}

/// A credential, by its wire name: kept out of `Debug` output. IDs of
/// secrets, page tokens and idempotency tokens are not.
pub(super) fn is_secret(wire: &str) -> bool {
    let w = wire.to_lowercase().replace('_', "");
    let not = ["nexttoken", "previoustoken", "clienttoken"];
    if w.ends_with("id") || not.contains(&w.as_str()) {
        return false;
    }
    w.contains("secret")
        || w.contains("password")
        || (w.ends_with("token") && w != "token")
        || ["aeskey", "encryptkey", "appkey", "privatekey"].contains(&w.as_str())
}

/// Lays the operations and types out in files.
pub(super) fn place(
    imported: &[Imported],
    types: &[(Type, Vec<String>)],
    service: &Service,
) -> Vec<(String, String)> {
    let by_name: BTreeMap<&str, &Type> = types.iter().map(|(t, _)| (t.name.as_str(), t)).collect();
    // The service's own structs, for re-encoding examples that reach them.
    let hand = hand_structs(service);
    let mut with_hand = by_name.clone();
    for t in &hand {
        with_hand.entry(t.name.as_str()).or_insert(t);
    }
    // Each operation's types, breadth-first from its fields.
    let reach: Vec<Vec<&str>> = imported
        .iter()
        .map(|i| {
            let mut order: Vec<&str> = Vec::new();
            let mut queue: std::collections::VecDeque<String> =
                i.op.params
                    .iter()
                    .chain(&i.op.response)
                    .filter_map(|f| named(&f.ty))
                    .collect();
            while let Some(name) = queue.pop_front() {
                let Some((&name, t)) = by_name.get_key_value(name.as_str()) else {
                    continue;
                };
                if order.contains(&name) {
                    continue;
                }
                order.push(name);
                if let Kind::Struct(fields) = &t.kind {
                    queue.extend(fields.iter().filter_map(|f| named(&f.ty)));
                }
            }
            order
        })
        .collect();
    let mut users: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for (oi, names) in reach.iter().enumerate() {
        for n in names {
            users.entry(n).or_default().insert(oi);
        }
    }
    // A type no operation reaches stays with the first page defining it.
    for (t, pages) in types {
        if !users.contains_key(t.name.as_str()) {
            if let Some(oi) = imported.iter().position(|i| pages.first() == Some(&i.page)) {
                users.entry(&t.name).or_default().insert(oi);
            }
        }
    }
    let home = |name: &str| -> Option<String> {
        let ops = users.get(name)?;
        let areas: BTreeSet<&str> = ops.iter().map(|&oi| imported[oi].area.as_str()).collect();
        Some(match (ops.len(), areas.len()) {
            (1, _) => {
                let i = &imported[*ops.first()?];
                in_area(&i.area, &i.op.name.to_snake_case())
            }
            (_, 1) if !areas.first()?.is_empty() => in_area(areas.first()?, "types"),
            _ => "shared_types.yaml".to_owned(),
        })
    };
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for (oi, i) in imported.iter().enumerate() {
        let path = in_area(&i.area, &i.op.name.to_snake_case());
        let examples = i
            .examples
            .iter()
            .enumerate()
            .map(|(n, (page, json))| {
                let shape = serde_json::from_str::<Value>(json)
                    .ok()
                    .filter(|_| i.bare_examples)
                    .and_then(|v| bare(&v, &i.op.response));
                let reencoded = reencode(json, shape, &i.op, &with_hand);
                super::spec::example(n, page, json, shape, reencoded.as_deref())
            })
            .collect();
        let own: Vec<&&str> = reach[oi]
            .iter()
            .filter(|n| home(n).as_deref() == Some(path.as_str()))
            .collect();
        let unreached = types.iter().filter(|(t, _)| {
            !reach[oi].contains(&t.name.as_str()) && home(&t.name).as_deref() == Some(path.as_str())
        });
        let own: Vec<&Type> = own
            .into_iter()
            .filter_map(|n| by_name.get(*n).copied())
            .chain(unreached.map(|(t, _)| t))
            .collect();
        let file = File {
            comment: vec![format!(
                "Imported from {} by `cargo xtask import-corpus`; decisions are in `note:`s.",
                i.page
            )],
            operation: Some((&i.op, &i.page, examples)),
            types: own,
        };
        files.insert(path, file.to_yaml());
    }
    let mut grouped: BTreeMap<String, Vec<&Type>> = BTreeMap::new();
    for (t, _) in types {
        if let Some(path) = home(&t.name).filter(|p| !files.contains_key(p)) {
            grouped.entry(path).or_default().push(t);
        }
    }
    for (path, mut list) in grouped {
        list.sort_by(|a, b| a.name.cmp(&b.name));
        let file = File {
            comment: vec![format!(
                "Types several {} operations share, imported by `cargo xtask import-corpus`.",
                service.name
            )],
            operation: None,
            types: list,
        };
        files.insert(path, file.to_yaml());
    }
    files.into_iter().collect()
}

/// The file `stem.yaml` of an area (none: the service's directory).
fn in_area(area: &str, stem: &str) -> String {
    match area {
        "" => format!("{stem}.yaml"),
        area => format!("{area}/{stem}.yaml"),
    }
}

/// The structs the service already defines, with what re-encoding needs.
fn hand_structs(service: &Service) -> Vec<Type> {
    service
        .types()
        .filter_map(|(_, t)| match &t.kind {
            TypeKind::Struct { fields } => Some(Type {
                name: t.name.clone(),
                description: None,
                kind: Kind::Struct(
                    fields
                        .iter()
                        .map(|f| Field {
                            wire: f.wire_name.clone(),
                            ty: f.ty.to_string(),
                            decode: f.decode,
                            ..Field::default()
                        })
                        .collect(),
                ),
                todos: Vec::new(),
                notes: Vec::new(),
                owner: String::new(),
            }),
            TypeKind::Enum { .. } => None,
        })
        .collect()
}

/// The example as the generated types re-encode it, where a `decode:`
/// decision changes it (one object -> a list of one; a JSON string -> the list).
fn reencode(
    json: &str,
    shape: Option<Bare>,
    op: &Operation,
    types: &BTreeMap<&str, &Type>,
) -> Option<String> {
    let mut value: Value = serde_json::from_str(json).ok()?;
    let changed = match (shape, value.as_object_mut()) {
        (None, Some(obj)) => fields(obj, &op.response, types),
        // An example of `data` alone is decoded as `data`'s type (one item
        // where `data` is a list): only what is inside it re-encodes.
        (Some(Bare::Data), Some(obj)) => {
            let data = op.response.iter().find(|f| f.wire == "data")?;
            match named(&data.ty)
                .and_then(|n| types.get(n.as_str()))
                .map(|t| &t.kind)
            {
                Some(Kind::Struct(inner_fields)) => fields(obj, inner_fields, types),
                _ => false,
            }
        }
        _ => false,
    };
    changed.then(|| serde_json::to_string_pretty(&value).unwrap_or_default())
}

/// The same JSON value, however formatted.
fn same_json(a: &str, b: &str) -> bool {
    let parse = |s: &str| serde_json::from_str::<Value>(s).ok();
    parse(a).is_some() && parse(a) == parse(b)
}

fn fields(
    obj: &mut serde_json::Map<String, Value>,
    fields_: &[Field],
    types: &BTreeMap<&str, &Type>,
) -> bool {
    let mut changed = false;
    for f in fields_ {
        let Some(v) = obj.get_mut(&f.wire) else {
            continue;
        };
        match (f.decode, &*v) {
            (Some(Decode::OneOrMany), Value::Object(_)) => {
                *v = Value::Array(vec![v.take()]);
                changed = true;
            }
            (Some(Decode::JsonString), Value::String(s)) => {
                if let Ok(parsed @ Value::Array(_)) = serde_json::from_str::<Value>(s) {
                    *v = parsed;
                    changed = true;
                }
            }
            _ => {}
        }
        let kind = named(&f.ty)
            .and_then(|n| types.get(n.as_str()))
            .map(|t| &t.kind);
        if let Some(Kind::Struct(inner_fields)) = kind {
            match v {
                Value::Object(o) => changed |= fields(o, inner_fields, types),
                Value::Array(items) => {
                    for item in items.iter_mut().filter_map(Value::as_object_mut) {
                        changed |= fields(item, inner_fields, types);
                    }
                }
                _ => {}
            }
        }
    }
    changed
}

//! The official Python SDK beside the metadata: a step after each action's
//! draft, and one after the corpus steps merged the types.
//!
//! The metadata is the document; the SDK (`import::python_sdk`, generated
//! from a newer rendering of the same reference) is a second source. Per
//! action ([`Draft::sdk_action`]): each parameter, field, struct and enum
//! value the draft has gets the SDK's English description beside the
//! metadata's Chinese; parameters and response fields only the SDK has are
//! added (typed from the SDK, `Valid values:` making enums, model classes
//! structs named after their key), each with a note naming the SDK; where
//! the two disagree on a parameter's required flag, it is required (the
//! metadata is the document, the SDK shows what the servers expect), noted.
//! Such a parameter goes where the SDK sends it: the query or the form
//! body, an object flattened (`Name.Key`) as in the SDK. After the merge
//! ([`crosscheck_notes`]): what the spec still holds that an action's SDK
//! model lacks (a field of a type several actions share, a parameter only
//! the metadata has) and a list the SDK passes as a string get a
//! `crosscheck:` note saying why the spec keeps it.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

use super::super::corpus::Imported;
use super::super::python_sdk::{self as py, Doc, Package, Placement, PyType};
use super::super::{named, Draft, Field, Kind, Operation, Type, PROVISIONAL};
use super::singular;
use crate::model::{Decode, ParamLocation};
use crate::raw::Text;

/// The SDK, and how notes and sources name it.
#[derive(Clone, Copy)]
pub struct Sdk<'a> {
    /// `alibabacloud-eiam20211201 3.0.1`: the package and its version.
    pub label: &'a str,
    pub package: &'a Package,
}

impl Sdk<'_> {
    /// The operation's second source: `<package>-<version>/client.py#<Action>`.
    pub fn source(&self, action: &str) -> String {
        super::source(&self.document(), action)
    }

    /// The SDK as the document of the actions the metadata lacks:
    /// `<package>-<version>/client.py`.
    pub fn document(&self) -> String {
        format!("{}/client.py", self.label.replace(' ', "-"))
    }

    pub(super) fn witness(&self) -> String {
        format!("the official Python SDK {}", self.label)
    }

    /// [`Sdk::witness`] at the start of a sentence.
    fn witness_starts(&self) -> String {
        format!("The official Python SDK {}", self.label)
    }
}

/// A field's English text: the SDK's comment, without its `Valid values:`
/// list where the values become an enum's (each value keeps its text).
fn english(doc: &Doc, enum_values: bool) -> Option<String> {
    let text = match enum_values && !doc.values.is_empty() {
        false => doc.text.clone(),
        true => {
            let mut out: Vec<&str> = Vec::new();
            let (mut in_list, mut seen) = (false, false);
            for line in doc.text.lines() {
                let trimmed = line.trim();
                if !seen && trimmed.ends_with("Valid values:") {
                    let head = trimmed.trim_end_matches("Valid values:").trim_end();
                    if !head.is_empty() {
                        out.push(head);
                    }
                    (in_list, seen) = (true, true);
                    continue;
                }
                if in_list {
                    let item = trimmed.is_empty()
                        || trimmed.starts_with(['-', '*'])
                        || doc
                            .values
                            .iter()
                            .any(|(v, _)| trimmed.starts_with(v.as_str()));
                    if item {
                        continue;
                    }
                    in_list = false;
                }
                out.push(line);
            }
            out.join("\n")
        }
    };
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// `text` with its English part set to `en`, its Chinese kept.
fn with_english(text: &mut Option<Text>, en: Option<String>) {
    let Some(en) = en else { return };
    match text {
        Some(t) => t.en = Some(en),
        None => {
            *text = Some(Text {
                en: Some(en),
                zh: None,
            })
        }
    }
}

/// Names of the structs only the SDK has, across actions: a class is
/// named after its key (`ApplicationRole` for `ApplicationRoles[]`), unless
/// the metadata or the service has that name (then after the struct holding
/// it as well, `ApplicationCustomField`), or a class of other fields took it
/// first (then after its action, `ListApplicationsForUserApplicationRole`). Classes of one name and the
/// same fields are one type (the corpus steps merge them).
pub(super) struct Naming {
    /// The metadata's struct names and the service's types.
    taken: BTreeSet<String>,
    /// Name -> the paths of its fields, nested ones too.
    shapes: BTreeMap<String, BTreeSet<String>>,
    /// The action being drafted.
    action: String,
}

impl Naming {
    pub(super) fn new(taken: BTreeSet<String>) -> Self {
        Naming {
            taken,
            shapes: BTreeMap::new(),
            action: String::new(),
        }
    }

    /// The name of a class of the fields `shape` under the key `base` of
    /// `owner` (a struct, or the action).
    fn name(&mut self, base: String, owner: &str, shape: BTreeSet<String>) -> String {
        let fits = |this: &Self, name: &str| {
            !this.taken.contains(name)
                && this.shapes.get(name).is_none_or(|fields| *fields == shape)
        };
        let owned = format!("{}{base}", owner.to_upper_camel_case());
        let mut name = if fits(self, &base) {
            base
        } else if self.taken.contains(&base) && fits(self, &owned) {
            // The metadata's name: after the struct holding it.
            owned
        } else {
            // Another class of the SDK's: after the action.
            format!("{}{base}", self.action.to_upper_camel_case())
        };
        // Taken even after its action: numbered.
        let stem = name.clone();
        let mut n = 2;
        while !fits(self, &name) {
            name = format!("{stem}{n}");
            n += 1;
        }
        self.shapes.insert(name.clone(), shape);
        name
    }
}

/// The paths of every field below `class` (`Content`, `Content.Key`):
/// classes of one name are one type only where all of them agree, so a
/// merged struct never keeps one action's nested type for another's.
fn deep_shape(
    package: &Package,
    class: &str,
    prefix: &str,
    open: &mut Vec<String>,
    shape: &mut BTreeSet<String>,
) {
    let Some(c) = package.classes.get(class) else {
        return;
    };
    if open.iter().any(|o| o == class) {
        return;
    }
    open.push(class.to_owned());
    for f in &c.fields {
        let Some(wire) = &f.wire else { continue };
        let path = format!("{prefix}{wire}");
        if let Some(inner) = f.ty.model() {
            deep_shape(package, inner, &format!("{path}."), open, shape);
        }
        shape.insert(path);
    }
    open.pop();
}

/// How a note names a Python type.
fn py_name(ty: &PyType) -> String {
    match ty {
        PyType::Str => "str".into(),
        PyType::Int => "int".into(),
        PyType::Float => "float".into(),
        PyType::Bool => "bool".into(),
        PyType::Any => "Any".into(),
        PyType::List(t) => format!("List[{}]", py_name(t)),
        PyType::Dict(t) => format!("Dict[str, {}]", py_name(t)),
        PyType::Model(m) => m.clone(),
    }
}

impl Draft {
    /// Adds the SDK's side of `action` to its draft `op` (and the draft's
    /// types). `naming`: how structs only the SDK has are named.
    pub(super) fn sdk_action(
        &mut self,
        op: &mut Operation,
        action: &py::Action,
        sdk: Sdk,
        naming: &mut Naming,
    ) {
        naming.action = op.name.clone();
        let mut visited = BTreeSet::new();
        for p in &mut op.params {
            let Some(field) = action
                .params
                .iter()
                .find(|s| s.wire == p.wire)
                .and_then(|s| s.field.as_ref())
            else {
                continue;
            };
            self.owner = op.name.clone();
            self.sdk_field(p, field, sdk, true, naming, &mut visited);
        }
        for param in &action.params {
            if op.params.iter().any(|p| p.wire == param.wire) {
                continue;
            }
            let Some(field) = &param.field else { continue };
            self.owner = op.name.clone();
            let mut f = self.sdk_new_field(&param.wire, field, sdk, true, naming, &op.name);
            f.location = Some(match param.placement {
                Placement::Query => ParamLocation::Query,
                Placement::Body => ParamLocation::Body,
            });
            if param.placement == Placement::Body {
                f.notes.push(format!(
                    "{} sends it in the form body; so does the client.",
                    sdk.witness_starts()
                ));
            }
            op.params.push(f);
        }
        let Some(body) = sdk.package.response_body(action) else {
            return;
        };
        for f in &mut op.response {
            if let Some(field) = body
                .fields
                .iter()
                .find(|s| s.wire.as_ref() == Some(&f.wire))
            {
                self.owner = op.name.clone();
                self.sdk_field(f, field, sdk, false, naming, &mut visited);
            }
        }
        for field in &body.fields {
            let Some(wire) = field.wire.as_deref() else {
                continue;
            };
            if wire == "RequestId" || op.response.iter().any(|f| f.wire == wire) {
                continue;
            }
            self.owner = op.name.clone();
            let f = self.sdk_new_field(wire, field, sdk, false, naming, &op.name);
            op.response.push(f);
        }
    }

    /// A field both have: the SDK's English, its required flag weighed (a
    /// request's), and the SDK's class or values for the field's struct or
    /// enum.
    fn sdk_field(
        &mut self,
        f: &mut Field,
        field: &py::Field,
        sdk: Sdk,
        request: bool,
        naming: &mut Naming,
        visited: &mut BTreeSet<String>,
    ) {
        let witness = sdk.witness();
        let target = named(&f.ty).and_then(|n| {
            let t = self.types.iter().find(|t| t.name == n)?;
            Some((n, matches!(t.kind, Kind::Enum(_))))
        });
        let is_enum = target.as_ref().is_some_and(|(_, e)| *e);
        with_english(&mut f.description, english(&field.doc, is_enum));
        if field.doc.deprecated {
            f.notes
                .push(format!("{} marks it deprecated.", sdk.witness_starts()));
        }
        if request && field.required != f.required {
            match f.required {
                true => f.notes.push(format!(
                    "crosscheck: the metadata marks it required, {witness} does not: required, as the document says."
                )),
                false => {
                    f.required = true;
                    f.notes.push(format!(
                        "The metadata marks it optional, {witness} required: required, as the servers the SDK is made for expect it."
                    ));
                }
            }
        }
        let Some((name, is_enum)) = target else {
            return;
        };
        if is_enum {
            let others = self.sdk_values(&name, &field.doc);
            if !others.is_empty() {
                f.notes.push(format!(
                    "{} lists {} as well, which the metadata does not: the type keeps the document's values, and another decodes as an unknown value.",
                    sdk.witness_starts(),
                    others.join(", ")
                ));
            }
            return;
        }
        let Some(class) = field.ty.model() else {
            return;
        };
        if !visited.insert(name.clone()) {
            return;
        }
        let Some(i) = self.types.iter().position(|t| t.name == name) else {
            return;
        };
        with_english(&mut self.types[i].description, english(&field.doc, false));
        let Some(class) = sdk.package.classes.get(class) else {
            return;
        };
        let mut fields = match &mut self.types[i].kind {
            Kind::Struct(fields) => std::mem::take(fields),
            Kind::Enum(_) => return,
        };
        for f in fields.iter_mut() {
            if let Some(field) = class
                .fields
                .iter()
                .find(|s| s.wire.as_ref() == Some(&f.wire))
            {
                self.owner = name.clone();
                self.sdk_field(f, field, sdk, request, naming, visited);
            }
        }
        for field in &class.fields {
            let Some(wire) = field.wire.as_deref() else {
                continue;
            };
            if fields.iter().any(|f| f.wire == wire) {
                continue;
            }
            self.owner = name.clone();
            let mut g = self.sdk_new_field(wire, field, sdk, request, naming, &name);
            // In a struct the metadata has, a field only the SDK has is
            // optional even in a request: the document does not ask for it.
            g.required = false;
            fields.push(g);
        }
        let i = self
            .types
            .iter()
            .position(|t| t.name == name)
            .expect("the struct still there");
        self.types[i].kind = Kind::Struct(fields);
    }

    /// The SDK's texts for an enum's values; the values only the SDK lists
    /// are returned, not added (the enum may yet turn out to be one the
    /// service has, and the metadata is the document).
    fn sdk_values(&mut self, name: &str, doc: &Doc) -> Vec<String> {
        let Some(t) = self.types.iter_mut().find(|t| t.name == name) else {
            return Vec::new();
        };
        let Kind::Enum(values) = &mut t.kind else {
            return Vec::new();
        };
        if t.description.as_ref().is_none_or(|d| d.en.is_none()) {
            with_english(&mut t.description, english(doc, true));
        }
        let mut others = Vec::new();
        for (v, text) in &doc.values {
            let en = (!text.is_empty()).then(|| text.clone());
            // The SDK's comments write a value's `.` as `~` (`EIAM 2~0`),
            // as the documentation keys they come from do.
            let dotted = v.replace('~', ".");
            let known = |x: &String| x == v || *x == dotted;
            match values.iter_mut().find(|(x, _)| known(x)) {
                Some((_, t)) => with_english(t, en),
                None => others.push(format!("`{v}`")),
            }
        }
        others
    }

    /// A parameter or field only the SDK has, typed from it.
    fn sdk_new_field(
        &mut self,
        wire: &str,
        field: &py::Field,
        sdk: Sdk,
        request: bool,
        naming: &mut Naming,
        owner: &str,
    ) -> Field {
        let ty = self.sdk_type(wire, &field.ty, &field.doc, sdk, naming, owner);
        let is_enum = named(&ty)
            .and_then(|n| self.types.iter().find(|t| t.name == n))
            .is_some_and(|t| matches!(t.kind, Kind::Enum(_)));
        let mut notes = match self.sdk_document {
            true => Vec::new(),
            false => vec![format!("Not in the metadata; {} has it.", sdk.witness())],
        };
        if field.doc.deprecated {
            notes.push(format!("{} marks it deprecated.", sdk.witness_starts()));
        }
        Field {
            rust_name: super::super::rust_name_for(wire),
            wire: wire.to_owned(),
            ty,
            required: request && field.required,
            description: english(&field.doc, is_enum).map(|en| Text {
                en: Some(en),
                zh: None,
            }),
            notes,
            ..Field::default()
        }
    }

    /// The spec type of an SDK type: `Valid values:` on a string make an
    /// enum, a model class a struct named after the key (after the owner
    /// as well where the metadata or the service has that name).
    fn sdk_type(
        &mut self,
        wire: &str,
        ty: &PyType,
        doc: &Doc,
        sdk: Sdk,
        naming: &mut Naming,
        owner: &str,
    ) -> String {
        match ty {
            PyType::Str if !doc.values.is_empty() => {
                let name = format!(
                    "{}{PROVISIONAL}{}",
                    wire.to_upper_camel_case(),
                    owner.to_upper_camel_case()
                );
                let values = doc
                    .values
                    .iter()
                    .map(|(v, t)| {
                        let en = (!t.is_empty()).then(|| Text {
                            en: Some(t.clone()),
                            zh: None,
                        });
                        (v.clone(), en)
                    })
                    .collect();
                self.add_type(Type {
                    name,
                    description: english(doc, true).map(|en| Text {
                        en: Some(en),
                        zh: None,
                    }),
                    kind: Kind::Enum(values),
                    todos: Vec::new(),
                    notes: Vec::new(),
                    owner: owner.to_owned(),
                })
            }
            PyType::Str => "string".into(),
            PyType::Int => "i64".into(),
            PyType::Float => "f64".into(),
            PyType::Bool => "bool".into(),
            PyType::Any => "json".into(),
            PyType::List(item) => {
                let item = self.sdk_type(&singular(wire), item, doc, sdk, naming, owner);
                format!("list<{item}>")
            }
            PyType::Dict(item) => {
                let item = self.sdk_type(wire, item, doc, sdk, naming, owner);
                format!("map<{item}>")
            }
            PyType::Model(class) => {
                let base = wire.to_upper_camel_case();
                let mut shape = BTreeSet::new();
                deep_shape(sdk.package, class, "", &mut Vec::new(), &mut shape);
                let name = naming.name(base, owner, shape);
                if self.types.iter().any(|t| t.name == name) {
                    return name;
                }
                // Pushed first, so that a class holding itself ends.
                self.types.push(Type {
                    name: name.clone(),
                    description: english(doc, false).map(|en| Text {
                        en: Some(en),
                        zh: None,
                    }),
                    kind: Kind::Struct(Vec::new()),
                    todos: Vec::new(),
                    notes: vec![format!("Not in the metadata; {} has it.", sdk.witness())],
                    owner: String::new(),
                });
                let fields = match sdk.package.classes.get(class) {
                    Some(c) => c
                        .fields
                        .iter()
                        .filter_map(|f| {
                            let wire = f.wire.as_deref()?;
                            let mut g = self.sdk_new_field(wire, f, sdk, false, naming, &name);
                            // The struct's own note names the SDK.
                            g.notes.retain(|n| !n.starts_with("Not in the metadata"));
                            Some(g)
                        })
                        .collect(),
                    None => Vec::new(),
                };
                if let Some(t) = self.types.iter_mut().find(|t| t.name == name) {
                    t.kind = Kind::Struct(fields);
                }
                name
            }
        }
    }
}

/// Where a `crosscheck:` note goes.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Spot {
    Param(String),
    Response(String),
    /// A field of a named struct.
    Field(String, String),
}

/// After the corpus steps: `crosscheck:` notes where the spec keeps what an
/// action's SDK model lacks, or a shape it types otherwise.
pub(super) fn crosscheck_notes(
    imported: &mut [Imported],
    types: &mut [(Type, Vec<String>)],
    sdk: Sdk,
) {
    let witness = sdk.witness();
    // Spot -> actions whose SDK lacks it; spot -> a note of its own.
    let mut lacking: BTreeMap<Spot, Vec<String>> = BTreeMap::new();
    let mut own: BTreeMap<Spot, String> = BTreeMap::new();
    // A request struct's field -> the actions whose SDK model lacks it, or
    // requires it where the struct (one for several actions) does not.
    let mut sent_lacking: BTreeMap<Spot, Vec<String>> = BTreeMap::new();
    let mut sent_optional: BTreeMap<Spot, Vec<String>> = BTreeMap::new();
    for i in imported.iter() {
        let Some(action) = sdk.package.action(&i.op.name) else {
            continue;
        };
        for p in &i.op.params {
            if !action.params.iter().any(|s| s.wire == p.wire) {
                lacking
                    .entry(Spot::Param(p.wire.clone()))
                    .or_default()
                    .push(i.op.name.clone());
            }
        }
        let mut visited = BTreeSet::new();
        for p in &i.op.params {
            let class = action
                .params
                .iter()
                .find(|s| s.wire == p.wire)
                .and_then(|s| s.field.as_ref()?.ty.model());
            if let (Some(class), Some(name)) = (class, named(&p.ty)) {
                let mut w = RequestWalk {
                    action: &i.op.name,
                    package: sdk.package,
                    types,
                    visited: &mut visited,
                    lacking: &mut sent_lacking,
                    optional: &mut sent_optional,
                };
                w.walk(&name, class);
            }
        }
        let Some(body) = sdk.package.response_body(action) else {
            continue;
        };
        let mut visited = BTreeSet::new();
        walk(
            &i.op.name,
            &i.op.response,
            None,
            &body.fields,
            sdk.package,
            types,
            &mut visited,
            &mut lacking,
            &mut own,
        );
    }
    let sentence = |actions: &[String], spot: &Spot| -> String {
        let list = actions
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ");
        match spot {
            Spot::Param(_) => format!(
                "crosscheck: the metadata documents it; {witness} does not send it, so the document wins."
            ),
            Spot::Response(_) => format!(
                "crosscheck: the metadata documents it; {witness}'s response model lacks it, so the document wins."
            ),
            Spot::Field(..) => format!(
                "crosscheck: {witness}'s model of the response of {list} lacks it; kept: the type is one for every action returning it, and the metadata or the SDK documents it for another of them."
            ),
        }
    };
    let mut notes: BTreeMap<Spot, Vec<String>> = BTreeMap::new();
    for (spot, actions) in &lacking {
        notes
            .entry(spot.clone())
            .or_default()
            .push(sentence(actions, spot));
    }
    for (spot, note) in own {
        notes.entry(spot).or_default().push(note);
    }
    let listed = |actions: &[String]| {
        actions
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (spot, actions) in &sent_lacking {
        notes.entry(spot.clone()).or_default().push(format!(
            "crosscheck: {witness}'s request model of {} lacks it; kept: the type is one for every action sending it, and the metadata or the SDK documents it for another of them.",
            listed(actions)
        ));
    }
    for (spot, actions) in &sent_optional {
        notes.entry(spot.clone()).or_default().push(format!(
            "crosscheck: {witness} requires it in {}; optional here: the type is one for every action sending it, and another of them does without it.",
            listed(actions)
        ));
    }
    let add = |f: &mut Field, more: &[String]| {
        for n in more {
            if !f.notes.contains(n) {
                f.notes.push(n.clone());
            }
        }
    };
    for i in imported.iter_mut() {
        let mine = |spot: &Spot| match spot {
            Spot::Param(_) | Spot::Response(_) => lacking_of(&lacking, spot, &i.op.name),
            Spot::Field(..) => false,
        };
        for p in &mut i.op.params {
            let spot = Spot::Param(p.wire.clone());
            if mine(&spot) {
                add(p, &[sentence(&[], &spot)]);
            }
        }
        for f in &mut i.op.response {
            let spot = Spot::Response(f.wire.clone());
            if mine(&spot) {
                add(f, &[sentence(&[], &spot)]);
            }
            let key = Spot::Response(format!("{}#{}", i.op.name, f.wire));
            if let Some(more) = notes.get(&key) {
                add(f, more);
            }
        }
    }
    for (t, _) in types.iter_mut() {
        let Kind::Struct(fields) = &mut t.kind else {
            continue;
        };
        for f in fields {
            if let Some(more) = notes.get(&Spot::Field(t.name.clone(), f.wire.clone())) {
                add(f, more);
            }
        }
    }
}

/// Walks a request struct beside the SDK class an action sends for it.
struct RequestWalk<'a> {
    action: &'a str,
    package: &'a Package,
    types: &'a [(Type, Vec<String>)],
    visited: &'a mut BTreeSet<String>,
    lacking: &'a mut BTreeMap<Spot, Vec<String>>,
    optional: &'a mut BTreeMap<Spot, Vec<String>>,
}

impl RequestWalk<'_> {
    fn walk(&mut self, name: &str, class: &str) {
        if !self.visited.insert(name.to_owned()) {
            return;
        }
        let Some((t, _)) = self.types.iter().find(|(t, _)| t.name == name) else {
            return;
        };
        let (Kind::Struct(fields), Some(c)) = (&t.kind, self.package.classes.get(class)) else {
            return;
        };
        for f in fields {
            let spot = Spot::Field(name.to_owned(), f.wire.clone());
            let Some(s) = c.fields.iter().find(|s| s.wire.as_ref() == Some(&f.wire)) else {
                self.lacking
                    .entry(spot)
                    .or_default()
                    .push(self.action.to_owned());
                continue;
            };
            if s.required && !f.required {
                self.optional
                    .entry(spot)
                    .or_default()
                    .push(self.action.to_owned());
            }
            if let (Some(inner), Some(class)) = (named(&f.ty), s.ty.model()) {
                self.walk(&inner, class);
            }
        }
    }
}

/// Whether `action`'s SDK lacks the top-level `spot`.
fn lacking_of(lacking: &BTreeMap<Spot, Vec<String>>, spot: &Spot, action: &str) -> bool {
    lacking
        .get(spot)
        .is_some_and(|actions| actions.iter().any(|a| a == action))
}

/// Walks spec fields (an action's response, or the struct `owner`'s) beside
/// the SDK class's.
#[allow(clippy::too_many_arguments)]
fn walk(
    action: &str,
    fields: &[Field],
    owner: Option<&str>,
    sdk_fields: &[py::Field],
    package: &Package,
    types: &[(Type, Vec<String>)],
    visited: &mut BTreeSet<String>,
    lacking: &mut BTreeMap<Spot, Vec<String>>,
    own: &mut BTreeMap<Spot, String>,
) {
    for f in fields {
        let spot = |wire: &str| match owner {
            Some(t) => Spot::Field(t.to_owned(), wire.to_owned()),
            None => Spot::Response(format!("{action}#{wire}")),
        };
        let Some(s) = sdk_fields.iter().find(|s| s.wire.as_ref() == Some(&f.wire)) else {
            let at = match owner {
                Some(_) => spot(&f.wire),
                None => Spot::Response(f.wire.clone()),
            };
            let actions = lacking.entry(at).or_default();
            if !actions.iter().any(|a| a == action) {
                actions.push(action.to_owned());
            }
            continue;
        };
        let spec_list = super::super::is_list(&f.ty);
        let sdk_list = matches!(s.ty, PyType::List(_));
        if spec_list != sdk_list {
            let note = match (f.decode, &s.ty) {
                (Some(Decode::JsonString), PyType::Str) => format!(
                    "crosscheck: the official Python SDK types it `str` and passes the JSON text on; the metadata says it is returned as a JSON array in a string, and its responseDemo examples send a string holding a JSON list: the list is decoded from that string ({}), a list is accepted too.",
                    "`decode: json_string`"
                ),
                _ => format!(
                    "crosscheck: the metadata types it `{}`, the official Python SDK `{}`: the document wins.",
                    f.ty,
                    py_name(&s.ty)
                ),
            };
            own.insert(spot(&f.wire), note);
        }
        if let (Some(spec), Some(theirs)) = (scalar_class(&f.ty, types), py_scalar_class(&s.ty)) {
            if spec != theirs {
                own.insert(
                    spot(&f.wire),
                    format!(
                        "crosscheck: the official Python SDK types it `{}` in the response of `{action}`; the spec keeps `{}`, and the client also reads a {theirs} holding such a value (spec drift, logged).",
                        py_name(&s.ty),
                        f.ty
                    ),
                );
            }
        }
        let Some(name) = named(&f.ty) else { continue };
        let Some(class) = s.ty.model() else { continue };
        let Some((t, _)) = types.iter().find(|(t, _)| t.name == name) else {
            continue;
        };
        let Kind::Struct(inner) = &t.kind else {
            continue;
        };
        if !visited.insert(name.clone()) {
            continue;
        }
        let Some(c) = package.classes.get(class) else {
            continue;
        };
        walk(
            action,
            inner,
            Some(&name),
            &c.fields,
            package,
            types,
            visited,
            lacking,
            own,
        );
    }
}

/// A scalar spec type's JSON class: `string` (enums too), `number` or
/// `boolean`.
fn scalar_class(ty: &str, types: &[(Type, Vec<String>)]) -> Option<&'static str> {
    match ty {
        "string" => Some("string"),
        "bool" => Some("boolean"),
        "i32" | "i64" | "u32" | "u64" | "f32" | "f64" | "integer" | "number" => Some("number"),
        _ => types
            .iter()
            .any(|(t, _)| t.name == ty && matches!(t.kind, Kind::Enum(_)))
            .then_some("string"),
    }
}

/// An SDK scalar's JSON class.
fn py_scalar_class(ty: &PyType) -> Option<&'static str> {
    match ty {
        PyType::Str => Some("string"),
        PyType::Int | PyType::Float => Some("number"),
        PyType::Bool => Some("boolean"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(fields: &[&str]) -> BTreeSet<String> {
        fields.iter().map(|f| (*f).to_owned()).collect()
    }

    #[test]
    fn structs_only_the_sdk_has_are_named_by_key_holder_and_action() {
        let mut naming = Naming::new(shape(&["CustomField"]));
        naming.action = "ListUsersForApplication".into();
        // Named after the key; the same fields again, the same type.
        assert_eq!(
            naming.name(
                "ApplicationRole".into(),
                "User",
                shape(&["ApplicationRoleId"])
            ),
            "ApplicationRole"
        );
        naming.action = "ListGroupsForApplication".into();
        assert_eq!(
            naming.name(
                "ApplicationRole".into(),
                "Group",
                shape(&["ApplicationRoleId"])
            ),
            "ApplicationRole"
        );
        // Other fields under that name: after the action.
        naming.action = "ListApplicationsForUser".into();
        let more = shape(&["ApplicationRoleId", "HasDirectAuthorization"]);
        assert_eq!(
            naming.name("ApplicationRole".into(), "Application", more.clone()),
            "ListApplicationsForUserApplicationRole"
        );
        // A name the metadata has: after the struct holding it.
        assert_eq!(
            naming.name("CustomField".into(), "Application", shape(&["FieldName"])),
            "ApplicationCustomField"
        );
        // And numbered where even the action's name is another's.
        naming
            .taken
            .insert("ListApplicationsForUserApplicationRole2".into());
        assert_eq!(
            naming.name("ApplicationRole".into(), "Application", shape(&["X"])),
            "ListApplicationsForUserApplicationRole3"
        );
    }

    #[test]
    fn english_text_without_the_values_an_enum_holds() {
        let doc = Doc {
            text:
                "The status. Valid values:\n- enabled: On.\n- disabled: Off.\n\nDefault: enabled."
                    .into(),
            values: vec![
                ("enabled".into(), "On.".into()),
                ("disabled".into(), "Off.".into()),
            ],
            deprecated: false,
        };
        assert_eq!(
            english(&doc, true).as_deref(),
            Some("The status.\nDefault: enabled.")
        );
        assert_eq!(english(&doc, false).as_deref(), Some(doc.text.as_str()));
        let empty = Doc::default();
        assert_eq!(english(&empty, true), None);
    }
}

//! The vendor's API metadata: the OpenAPI-like JSON ("api-docs") Alibaba Cloud
//! renders its API reference from (`../shared/docs/eiam-api-meta/`), a third
//! document layout beside GenAuth's pages and Alibaba's flattened pages.
//!
//! What a file holds: `apis` (action -> parameters, all `in: query`, lists and
//! objects `style: flat`; a nested response schema; `responseDemo`, the JSON
//! example, as a JSON string), and in the fuller files `directories`, the
//! reference's chapters. Types come from `type`/`format` (`integer` -> `i64`,
//! `int32` -> `i32`, `boolean` -> `bool`, `array` -> `list<T>`, `object` -> a
//! named struct), enum values from `enum`, `enumValueTitles` and the
//! descriptions' `取值可选范围：\n- a：…` lists, examples (strings even for
//! numbers) are fitted to the type. The spec format has no place for the
//! limits (`maxLength`, `minimum`, `maximum`) or for `style`: they are not
//! carried over.
//!
//! Objects have no names in the metadata: a struct is named after its key
//! (singular for a list's items), and across actions the objects of one name
//! that have the same fields, or one of whose field sets holds the other's
//! two or more and has at most twice as many, are one type; others of that name are
//! named after their action as well (`ListUsersForGroupUser`). From there the
//! corpus importer's steps apply: enums named across actions, definitions of
//! one type merged (noted), examples fitted, types placed in files.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::marker::PhantomData;

use heck::ToUpperCamelCase;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::corpus::{self, Corpus, Imported, Plan};
use super::{Draft, Field, Kind, Operation, Type};
use crate::docread::DocFacts;
use crate::model::{ParamLocation, Service};

mod sdk;
pub use sdk::Sdk;

/// One metadata file.
#[derive(Debug, Deserialize)]
pub struct Metadata {
    /// The reference's chapters (only in the fuller files).
    #[serde(default)]
    pub directories: Vec<Directory>,
    pub apis: Props<Action>,
}

/// A chapter of the reference: actions and subchapters.
#[derive(Debug, Deserialize)]
pub struct Directory {
    pub title: String,
    #[serde(default)]
    pub children: Vec<Child>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Child {
    Action(String),
    Directory(Directory),
}

/// One action.
#[derive(Debug, Default, Deserialize)]
pub struct Action {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    /// Status code -> response.
    #[serde(default)]
    pub responses: Props<Response>,
    /// `[{"type":"json","example":"<JSON text>","errorExample":""}]`, as a string.
    #[serde(rename = "responseDemo")]
    pub response_demo: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Response {
    pub schema: Option<Schema>,
}

#[derive(Debug, Deserialize)]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "in")]
    pub location: Option<String>,
    /// `flat` for lists and objects: `Name.1`, `Name.1.Key` in the query.
    pub style: Option<String>,
    #[serde(default)]
    pub schema: Schema,
}

/// A parameter's, property's or item's schema.
#[derive(Debug, Default, Deserialize)]
pub struct Schema {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub ty: Option<String>,
    pub format: Option<String>,
    #[serde(default)]
    pub required: bool,
    /// A string even for numbers.
    pub example: Option<Value>,
    pub default: Option<Value>,
    #[serde(rename = "enum", default)]
    pub values: Vec<Value>,
    /// Value -> its text.
    #[serde(rename = "enumValueTitles", default)]
    pub value_titles: Props<String>,
    pub items: Option<Box<Schema>>,
    #[serde(default)]
    pub properties: Props<Schema>,
}

/// A JSON object's entries in file order; an empty list (`[]`, how the
/// PHP-converted files write an empty object) is an empty map.
#[derive(Debug)]
pub struct Props<T>(pub Vec<(String, T)>);

impl<T> Default for Props<T> {
    fn default() -> Self {
        Props(Vec::new())
    }
}

impl<T> Props<T> {
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Props<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Props<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object, or an empty list")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, T>()? {
                    entries.push(entry);
                }
                Ok(Props(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                match seq.next_element::<serde::de::IgnoredAny>()? {
                    None => Ok(Props(Vec::new())),
                    Some(_) => Err(serde::de::Error::custom(
                        "a non-empty list where an object belongs",
                    )),
                }
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

impl Metadata {
    pub fn read(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Action -> its chapter (`应用管理/应用授权管理` for a subchapter).
    pub fn chapters(&self) -> BTreeMap<String, String> {
        fn walk(dirs: &[Directory], prefix: &str, out: &mut BTreeMap<String, String>) {
            for d in dirs {
                let path = match prefix {
                    "" => d.title.clone(),
                    p => format!("{p}/{}", d.title),
                };
                for child in &d.children {
                    match child {
                        Child::Action(a) => {
                            out.entry(a.clone()).or_insert_with(|| path.clone());
                        }
                        Child::Directory(sub) => walk(std::slice::from_ref(sub), &path, out),
                    }
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.directories, "", &mut out);
        out
    }
}

impl Action {
    /// The JSON example of `responseDemo`, if it has one that parses.
    pub fn example(&self) -> Option<String> {
        let demos: Vec<Value> = serde_json::from_str(self.response_demo.as_deref()?).ok()?;
        let json = demos
            .iter()
            .find(|d| d["type"] == "json")?
            .get("example")?
            .as_str()?;
        serde_json::from_str::<Value>(json).ok()?;
        Some(json.to_owned())
    }

    /// The response's schema (status 200).
    fn response(&self) -> Option<&Schema> {
        self.responses.get("200")?.schema.as_ref()
    }
}

/// The source an action is drafted from: `<file>#<Action>`.
pub fn source(document: &str, action: &str) -> String {
    format!("{document}#{action}")
}

/// What an action's metadata names, for `coverage`: its parameters, the
/// fields of every object below them and of the response (`RequestId`
/// included), and every enum value listed.
pub fn facts(action: &Action) -> DocFacts {
    fn walk(s: &Schema, facts: &mut DocFacts) {
        for (v, _) in values(s).0 {
            if !facts.enum_values.contains(&v) {
                facts.enum_values.push(v);
            }
        }
        for (name, p) in &s.properties.0 {
            if !facts.fields.contains(name) {
                facts.fields.push(name.clone());
            }
            walk(p, facts);
        }
        if let Some(items) = &s.items {
            walk(items, facts);
        }
    }
    let mut facts = DocFacts::default();
    for p in &action.parameters {
        if !facts.params.contains(&p.name) {
            facts.params.push(p.name.clone());
        }
        walk(&p.schema, &mut facts);
    }
    if let Some(r) = action.response() {
        walk(r, &mut facts);
    }
    facts
}

// ---- Enum values in descriptions ----

/// The lead-ins of a value list, longest first where one starts another.
const LEAD_INS: &[&str] = &[
    "取值可选范围",
    "取值范围可选",
    "取值范围",
    "可选范围",
    "返回值包括如下",
];

/// A description without its value list, and the list: `(value, text)` of
/// each `- value：text` line after a lead-in (`取值可选范围：`). Markdown
/// escapes (`client\_secret`) are undone.
pub(super) fn listed_values(description: &str) -> (String, Vec<(String, String)>) {
    let text = description.replace("\\_", "_");
    let lead = LEAD_INS
        .iter()
        .filter_map(|l| {
            let at = text.find(l)?;
            let rest = text[at + l.len()..].trim_start_matches([' ', '\u{3000}']);
            let colon = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))?;
            Some((at, text.len() - colon.len()))
        })
        .min_by_key(|(at, _)| *at);
    let Some((at, after)) = lead else {
        return (text.trim().to_owned(), Vec::new());
    };
    let mut values = Vec::new();
    let mut rest: Vec<&str> = Vec::new();
    let mut lines = text[after..].lines().map(str::trim).peekable();
    // The list, blank lines between its items allowed.
    while let Some(line) = lines.peek() {
        if line.is_empty() {
            lines.next();
            continue;
        }
        match list_item(line) {
            Some(item) => {
                values.push(item);
                lines.next();
            }
            None => break,
        }
    }
    rest.extend(lines.filter(|l| !l.is_empty()));
    if values.is_empty() {
        return (text.trim().to_owned(), Vec::new());
    }
    let mut prose = text[..at]
        .trim()
        .trim_end_matches([',', '，', ' '])
        .to_owned();
    for line in rest {
        if !prose.is_empty() {
            prose.push('\n');
        }
        prose.push_str(line);
    }
    (prose, values)
}

/// `- value：text` (or `- value: text`); the value is one word of ASCII.
fn list_item(line: &str) -> Option<(String, String)> {
    let item = line.strip_prefix('-')?.trim_start();
    let (value, text) = item.split_once('：').or_else(|| item.split_once(": "))?;
    let value = value.trim();
    let word = !value.is_empty() && value.chars().all(|c| c.is_ascii_graphic());
    let text = text.trim().trim_end_matches('。').trim();
    word.then(|| (value.to_owned(), text.to_owned()))
}

/// A schema's enum values with their texts, from its description's list,
/// `enum` and `enumValueTitles` (in that order), and a note where the
/// sources list different values.
fn values(s: &Schema) -> (Vec<(String, String)>, Option<String>) {
    let (_, listed) = listed_values(s.description.as_deref().unwrap_or(""));
    let mut out = listed.clone();
    let plain = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let sources = [
        (
            "`enum`",
            s.values
                .iter()
                .map(|v| (plain(v), String::new()))
                .collect::<Vec<_>>(),
        ),
        (
            "`enumValueTitles`",
            s.value_titles
                .0
                .iter()
                .map(|(v, t)| (v.clone(), t.clone()))
                .collect(),
        ),
    ];
    let mut disagree = Vec::new();
    for (name, list) in &sources {
        let set: BTreeSet<&str> = list.iter().map(|(v, _)| v.as_str()).collect();
        let before: BTreeSet<&str> = listed.iter().map(|(v, _)| v.as_str()).collect();
        if !listed.is_empty() && !list.is_empty() && set != before {
            disagree.push(*name);
        }
        for (v, t) in list {
            match out.iter_mut().find(|(x, _)| x == v) {
                Some((_, text)) if text.is_empty() => *text = t.clone(),
                Some(_) => {}
                None => out.push((v.clone(), t.clone())),
            }
        }
    }
    let note = (!disagree.is_empty()).then(|| {
        format!(
            "The description lists {}; {} lists {}: every value of them.",
            words(&listed),
            disagree.join(" and "),
            disagree
                .iter()
                .map(|name| {
                    let list = &sources.iter().find(|(n, _)| n == name).expect("a source").1;
                    words(list)
                })
                .collect::<Vec<_>>()
                .join(" and ")
        )
    });
    (out, note)
}

fn words(list: &[(String, String)]) -> String {
    list.iter()
        .map(|(v, _)| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---- Examples ----

/// A metadata example (a string, or where a file has it so, a number or
/// boolean) fitted to `ty`: the cell `spec` turns into a value, and a note
/// where the example changes or is left out.
fn fit_example(raw: Option<&Value>, ty: &str, what: &str) -> (Option<String>, Option<String>) {
    let text = match raw {
        None | Some(Value::Null) => return (None, None),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    if text.trim().is_empty() {
        return (None, None);
    }
    let mut note = None;
    let text = match text.strip_suffix('\n') {
        Some(cut) => {
            note = Some(format!(
                "The metadata's {what} ends with a newline (`{}\\n`); the spec's does not.",
                cut.trim_end()
            ));
            cut.trim_end().to_owned()
        }
        None => text,
    };
    let left_out = |kind: &str| {
        (
            None,
            Some(format!(
                "The metadata's {what} `{}` is not {kind}; it is left out.",
                text.replace('`', "'")
            )),
        )
    };
    match ty {
        "i64" | "i32" => {
            let fits = match ty {
                "i32" => text.trim().parse::<i32>().is_ok(),
                _ => text.trim().parse::<i64>().is_ok(),
            };
            match fits {
                true => (Some(text.trim().to_owned()), note),
                false => left_out("an integer"),
            }
        }
        "bool" => match text.trim().to_ascii_lowercase().as_str() {
            b @ ("true" | "false") => (Some(b.to_owned()), note),
            _ => left_out("a boolean"),
        },
        "string" => (Some(text), note),
        "json" => left_out("an object"),
        _ => (Some(text), note),
    }
}

/// The example of a list: its own where it is a JSON list, else its item's
/// as a list of one, else its own as the one item (noted).
fn list_example(s: &Schema, item_ty: &str) -> (Option<String>, Option<String>) {
    let own = match &s.example {
        Some(Value::String(t)) if !t.trim().is_empty() => Some(t.clone()),
        Some(v @ Value::Array(_)) => Some(v.to_string()),
        _ => None,
    };
    if let Some(own) = &own {
        if serde_json::from_str::<Value>(own).is_ok_and(|v| v.is_array()) {
            return (Some(own.clone()), None);
        }
    }
    let one = |cell: String, ty: &str| -> String {
        let value = match ty {
            "i64" | "i32" | "bool" => {
                serde_json::from_str::<Value>(&cell).unwrap_or(Value::String(cell))
            }
            _ => Value::String(cell),
        };
        Value::Array(vec![value]).to_string()
    };
    let scalar = |ty: &str| !matches!(ty, "json") && !ty.starts_with("list<");
    if !scalar(item_ty) {
        return match own {
            Some(own) => (
                None,
                Some(format!(
                    "The metadata's example of the list, `{}`, is not a list; it is left out.",
                    own.replace('`', "'")
                )),
            ),
            None => (None, None),
        };
    }
    if let Some(items) = &s.items {
        if let (Some(item), note) =
            fit_example(items.example.as_ref(), item_ty, "example of an item")
        {
            let note = match &own {
                Some(own) if own.trim() != item => Some(format!(
                    "The metadata's example of the list, `{}`, is not a list; the spec's is its item's.",
                    own.replace('`', "'")
                )),
                _ => note,
            };
            return (Some(one(item, item_ty)), note);
        }
    }
    match own {
        Some(own) => match fit_example(Some(&Value::String(own.clone())), item_ty, "example") {
            (Some(item), _) => (
                Some(one(item, item_ty)),
                Some(format!(
                    "The metadata's example of the list is one item, `{}`: a list of it.",
                    own.trim_end()
                )),
            ),
            (None, note) => (None, note),
        },
        None => (None, None),
    }
}

// ---- Naming objects across actions ----

/// Every object schema of the actions, children before parents.
struct Objects<'a> {
    list: Vec<Object<'a>>,
    /// Schema address -> index in `list`.
    index: BTreeMap<*const Schema, usize>,
}

struct Object<'a> {
    action: &'a str,
    schema: &'a Schema,
    /// The name it would have alone (`User` for `Users[]`).
    candidate: String,
    cluster: usize,
}

/// An object's fields as `(wire name, type)`, an object's type its cluster (`#3`).
type Shape = BTreeSet<(String, String)>;

/// A field's type for comparing shapes: objects by their cluster.
fn shape_ty(s: &Schema, objects: &Objects, clusters: &[usize]) -> String {
    match s.ty.as_deref() {
        Some("object") if !s.properties.0.is_empty() => {
            let i = objects.index[&(s as *const Schema)];
            format!("#{}", clusters[i])
        }
        Some("array") => match &s.items {
            Some(items) => format!("list<{}>", shape_ty(items, objects, clusters)),
            None => "list<json>".to_owned(),
        },
        _ => scalar_ty(s).unwrap_or("json").to_owned(),
    }
}

/// The spec type of a scalar schema.
fn scalar_ty(s: &Schema) -> Option<&'static str> {
    Some(match (s.ty.as_deref()?, s.format.as_deref()) {
        ("string", _) => "string",
        ("integer", Some("int32")) => "i32",
        ("integer", _) => "i64",
        ("number", _) => "f64",
        ("boolean", _) => "bool",
        _ => return None,
    })
}

/// A list's key in the singular, for its items' type.
fn singular(key: &str) -> String {
    if let Some(stem) = key.strip_suffix("ies") {
        return format!("{stem}y");
    }
    match key.strip_suffix('s') {
        Some(stem) if !stem.ends_with(['s', 'u']) && !stem.is_empty() => stem.to_owned(),
        _ => key.to_owned(),
    }
}

impl<'a> Objects<'a> {
    fn collect(actions: &[(&'a str, &'a Action)]) -> Self {
        let mut objects = Objects {
            list: Vec::new(),
            index: BTreeMap::new(),
        };
        for (name, action) in actions {
            for p in &action.parameters {
                objects.walk(name, &p.name, &p.schema);
            }
            if let Some(r) = action.response() {
                for (key, s) in &r.properties.0 {
                    objects.walk(name, key, s);
                }
            }
        }
        objects
    }

    fn walk(&mut self, action: &'a str, key: &str, s: &'a Schema) {
        match s.ty.as_deref() {
            Some("object") if !s.properties.0.is_empty() => {
                for (k, p) in &s.properties.0 {
                    self.walk(action, k, p);
                }
                self.index.insert(s as *const Schema, self.list.len());
                self.list.push(Object {
                    action,
                    schema: s,
                    candidate: key.to_upper_camel_case(),
                    cluster: 0,
                });
            }
            Some("array") => {
                if let Some(items) = &s.items {
                    self.walk(action, &singular(key), items);
                }
            }
            _ => {}
        }
    }

    /// Clusters objects (children first, so a parent compares its
    /// children's clusters) and names each cluster: per candidate name the
    /// cluster with the most objects (then fields) gets it, the others their
    /// first action's name before it.
    fn name(&mut self, taken: &mut BTreeSet<String>) -> Vec<String> {
        // (candidate, union of shapes, members)
        let mut clusters: Vec<(String, Shape, Vec<usize>)> = Vec::new();
        let mut of: Vec<usize> = vec![0; self.list.len()];
        for i in 0..self.list.len() {
            let s = self.list[i].schema;
            let shape: Shape = s
                .properties
                .0
                .iter()
                .map(|(k, p)| (k.clone(), shape_ty(p, self, &of)))
                .collect();
            let candidate = self.list[i].candidate.clone();
            let joins = clusters
                .iter()
                .position(|(c, union, _)| *c == candidate && compatible(&shape, union));
            let c = match joins {
                Some(c) => {
                    clusters[c].1.extend(shape);
                    clusters[c].2.push(i);
                    c
                }
                None => {
                    clusters.push((candidate, shape, vec![i]));
                    clusters.len() - 1
                }
            };
            of[i] = c;
            self.list[i].cluster = c;
        }
        let mut names = vec![String::new(); clusters.len()];
        let mut order: Vec<usize> = (0..clusters.len()).collect();
        order.sort_by_key(|&c| {
            let (candidate, union, members) = &clusters[c];
            let most = (
                std::cmp::Reverse(members.len()),
                std::cmp::Reverse(union.len()),
            );
            (candidate.clone(), most, c)
        });
        for c in order {
            let (candidate, _, members) = &clusters[c];
            let base = match taken.contains(candidate) {
                false => candidate.clone(),
                true => format!(
                    "{}{candidate}",
                    self.list[members[0]].action.to_upper_camel_case()
                ),
            };
            names[c] = corpus::unique(base, taken);
        }
        names
    }
}

/// One type for two objects of one name: the same fields, or one's two or
/// more fields among the other's (types agreeing), which has at most twice
/// as many. (An object of one field, an ID, is a reference, not the thing.)
fn compatible(a: &Shape, b: &Shape) -> bool {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small == large || (small.len() >= 2 && small.is_subset(large) && large.len() <= 2 * small.len())
}

// ---- Drafting ----

impl Draft {
    /// The operation of one action, its structs named by `names`.
    fn meta_action(&mut self, name: &str, action: &Action, names: &Names) -> Operation {
        self.zh = true;
        self.decide = true;
        self.owner = name.to_owned();
        let mut description = [&action.summary, &action.description]
            .into_iter()
            .flatten()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>();
        description.dedup();
        let title = action
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let params = action
            .parameters
            .iter()
            .map(|p| {
                self.owner = name.to_owned();
                let mut f = self.meta_field(&p.name, &p.schema, names, true);
                f.location = Some(match p.location.as_deref() {
                    Some("query") | None => ParamLocation::Query,
                    Some(other) => {
                        f.notes.push(format!(
                            "The metadata sends it `in: {other}`; the spec format sends an RPC action's parameters in the query."
                        ));
                        ParamLocation::Query
                    }
                });
                if let Some(style) = p.style.as_deref().filter(|s| *s != "flat") {
                    f.notes.push(format!(
                        "The metadata gives it `style: {style}`, which the runtime does not send; it is sent like a `flat` one."
                    ));
                }
                f
            })
            .collect();
        self.owner = name.to_owned();
        let response = match action.response() {
            Some(r) => r
                .properties
                .0
                .iter()
                .filter(|(k, _)| k != "RequestId")
                .map(|(k, s)| {
                    self.owner = name.to_owned();
                    self.meta_field(k, s, names, false)
                })
                .collect(),
            None => Vec::new(),
        };
        let mut notes = Vec::new();
        if action.response().is_none() {
            notes.push(format!("{NO_RESPONSE} the response holds what the envelope does, other fields kept unknown."));
        }
        Operation {
            // Without a title, the action's name (no language of its own).
            summary: match title {
                Some(_) => self.summary(title, name),
                None => crate::raw::Text {
                    en: Some(name.to_owned()),
                    zh: None,
                },
            },
            name: name.to_owned(),
            description: self.text(description.join("\n\n")),
            http: None,
            action: Some(name.to_owned()),
            params,
            response_name: None,
            response,
            todos: Vec::new(),
            notes,
            also_sources: Vec::new(),
            bare_example: None,
            paging: None,
        }
    }

    /// A parameter or field; a request's fields keep `required`.
    fn meta_field(&mut self, wire: &str, s: &Schema, names: &Names, request: bool) -> Field {
        let mut notes = Vec::new();
        let mut ty = self.meta_type(wire, s, names, request, &mut notes);
        let mut decode = None;
        // A string of listed values whose example is a JSON list of them.
        let example_list = match &s.example {
            Some(Value::String(e)) => serde_json::from_str::<Vec<String>>(e).ok(),
            _ => None,
        };
        if let (Some(Value::String(e)), Some(_), Some(name)) = (
            &s.example,
            &example_list,
            super::named(&ty).filter(|_| !super::is_list(&ty)),
        ) {
            if !names.is_struct(&name) {
                notes.push(format!(
                    "The metadata types it `string`, and its example `{e}` is a JSON list of the values: a list, decoded from the JSON string (or a list)."
                ));
                ty = format!("list<{name}>");
                decode = Some(crate::model::Decode::JsonString);
            }
        }
        let full = s.description.as_deref().unwrap_or("").trim();
        let (prose, _) = listed_values(full);
        // A boolean keeps its `- true：...` lines: they say what each means.
        let prose = match ty.as_str() {
            "bool" | "list<bool>" => full.replace("\\_", "_"),
            _ => prose,
        };
        let prose = match prose.is_empty() {
            true => s.title.clone().unwrap_or_default().trim().to_owned(),
            false => prose,
        };
        let (example, note) = match super::is_list(&ty) {
            true if decode.is_some() => (example_list.map(|l| Value::from(l).to_string()), None),
            true => {
                let item = crate::texpr::parse(&ty)
                    .ok()
                    .and_then(|t| match t {
                        crate::model::Ty::List(item) => Some(item.to_string()),
                        _ => None,
                    })
                    .unwrap_or_default();
                let item = match super::named(&item) {
                    Some(n) if names.is_struct(&n) => "json".to_owned(),
                    Some(_) => "string".to_owned(),
                    None => item,
                };
                list_example(s, &item)
            }
            false => {
                let fit = match super::named(&ty) {
                    Some(n) if names.is_struct(&n) => "json",
                    Some(_) => "string",
                    None => ty.as_str(),
                };
                fit_example(s.example.as_ref(), fit, "example")
            }
        };
        notes.extend(note);
        let (default, note) = fit_example(s.default.as_ref(), &ty, "default");
        notes.extend(note);
        Field {
            rust_name: super::rust_name_for(wire),
            wire: wire.to_owned(),
            ty,
            required: request && s.required,
            location: None,
            default,
            description: self.text(prose),
            example,
            todos: Vec::new(),
            notes,
            decode,
            ..Field::default()
        }
    }

    /// The type of a schema: scalars by `type`/`format`, an enum where
    /// values are listed, a named struct for an object with properties.
    fn meta_type(
        &mut self,
        wire: &str,
        s: &Schema,
        names: &Names,
        request: bool,
        notes: &mut Vec<String>,
    ) -> String {
        match s.ty.as_deref() {
            Some("object") if !s.properties.0.is_empty() => {
                let name = names.of(s);
                let owner = std::mem::replace(&mut self.owner, name.clone());
                let fields = s
                    .properties
                    .0
                    .iter()
                    .map(|(k, p)| {
                        self.owner = name.clone();
                        self.meta_field(k, p, names, request)
                    })
                    .collect();
                self.owner = owner;
                let (prose, _) = listed_values(s.description.as_deref().unwrap_or(""));
                let t = Type {
                    name: name.clone(),
                    description: self.text(prose),
                    kind: Kind::Struct(fields),
                    todos: Vec::new(),
                    notes: Vec::new(),
                    owner: String::new(),
                };
                match self.types.iter_mut().find(|x| x.name == name) {
                    // The same type twice in one action: one definition.
                    Some(first) => unite(first, t),
                    None => self.types.push(t),
                }
                name
            }
            Some("object") => {
                notes.push(
                    "The metadata types it `object` and lists no properties: any JSON value."
                        .into(),
                );
                "json".to_owned()
            }
            Some("array") => {
                let Some(items) = &s.items else {
                    notes.push(
                        "The metadata types it `array` without items: a list of any JSON values."
                            .into(),
                    );
                    return "list<json>".to_owned();
                };
                // Values listed on the list itself are its items'.
                let (own, own_note) = values(s);
                let item = self.meta_type(&singular(wire), items, names, request, notes);
                match (item.as_str(), own.is_empty()) {
                    ("string", false) => {
                        notes.extend(own_note);
                        let (prose, _) = listed_values(s.description.as_deref().unwrap_or(""));
                        let candidate = names.enum_candidate(&self.owner, &singular(wire));
                        let e = self.enum_for(&candidate, self.text(prose), own);
                        format!("list<{e}>")
                    }
                    _ => format!("list<{item}>"),
                }
            }
            _ => {
                let Some(ty) = scalar_ty(s) else {
                    notes.push(format!(
                        "The metadata's type `{}` is not one the importer knows: any JSON value.",
                        s.ty.as_deref().unwrap_or("(none)")
                    ));
                    return "json".to_owned();
                };
                let (listed, note) = values(s);
                if ty != "string" || listed.is_empty() {
                    return ty.to_owned();
                }
                // A JSON list of the values in a string (`meta_field`): named for one.
                let json_list = match &s.example {
                    Some(Value::String(e)) => serde_json::from_str::<Vec<String>>(e).is_ok(),
                    _ => false,
                };
                let wire = match json_list {
                    true => singular(wire),
                    false => wire.to_owned(),
                };
                let wire = wire.as_str();
                notes.extend(note);
                let (prose, _) = listed_values(s.description.as_deref().unwrap_or(""));
                let prose = match prose.is_empty() {
                    true => s.title.clone().unwrap_or_default(),
                    false => prose,
                };
                let candidate = names.enum_candidate(&self.owner, wire);
                self.enum_for(&candidate, self.text(prose), listed)
            }
        }
    }
}

/// Struct names: each object schema's, by address.
struct Names {
    of: BTreeMap<*const Schema, String>,
    /// Struct name -> the name its objects would have alone.
    structs: BTreeMap<String, String>,
}

impl Names {
    fn of(&self, s: &Schema) -> String {
        self.of
            .get(&(s as *const Schema))
            .cloned()
            .unwrap_or_else(|| "Object".to_owned())
    }

    fn is_struct(&self, name: &str) -> bool {
        self.structs.contains_key(name)
    }

    /// What an enum of the field `wire` of `owner` (a struct, or an action
    /// for its parameters and response) is named after: the field, or for a
    /// one-word field (`Status`) the owner's noun and the field
    /// (`InstanceStatus` for `Instance.Status` and `ListInstances`'s `Status`).
    fn enum_candidate(&self, owner: &str, wire: &str) -> String {
        let wire = wire.to_upper_camel_case();
        if wire.chars().skip(1).any(|c| c.is_ascii_uppercase()) {
            return wire;
        }
        let noun = match self.structs.get(owner) {
            Some(candidate) => candidate.clone(),
            None => action_noun(owner),
        };
        format!("{noun}{wire}")
    }
}

/// The thing an action is about: its name without the verb and what
/// follows `For`/`By`/`To`/`From`, in the singular (`ListApplicationsForUser`
/// -> `Application`).
fn action_noun(action: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for c in action.chars() {
        match words.last_mut() {
            Some(w) if !c.is_ascii_uppercase() => w.push(c),
            _ => words.push(c.to_string()),
        }
    }
    let noun: String = words
        .iter()
        .skip(1)
        .take_while(|w| !["For", "By", "To", "From", "Of", "In"].contains(&w.as_str()))
        .map(String::as_str)
        .collect();
    singular(&noun)
}

/// Drafts the actions of `files[0]` (`(file name, metadata)`), then those
/// only a later file has (unless the plan gives `newer_only` a reason),
/// then those only `sdk` has (unless `sdk_only`), each from the first
/// document that has it: later files add the parameters the first lacks
/// (noted), and the first file with `directories` gives each action its
/// chapter, which `plan` maps to an area; an action in no chapter gets the
/// area of the plan's `areas_by_name`, else a file beside `service.yaml`.
/// Actions the plan defers (`not_yet`) or the service already specifies
/// are reported, not drafted. With `sdk`, the official SDK's English texts
/// and what it has beyond the metadata are added to each draft, and what
/// the spec keeps that the SDK lacks is noted (`sdk` module).
pub fn import_metadata(
    files: &[(&str, &Metadata)],
    sdk: Option<Sdk>,
    plan: &Plan,
    service: &Service,
) -> Corpus {
    let Some(&(document, meta)) = files.first() else {
        return Corpus {
            files: Vec::new(),
            report: Vec::new(),
        };
    };
    let chapters = files
        .iter()
        .map(|(_, m)| m.chapters())
        .find(|c| !c.is_empty())
        .unwrap_or_default();
    let existing: BTreeMap<String, String> = service
        .modules
        .iter()
        .flat_map(|m| {
            m.operations
                .iter()
                .map(move |o| (o.wire_name.clone(), m.spec_path.clone()))
        })
        .collect();
    let mut report = Vec::new();
    // (document, action, its metadata): the document's actions, then those
    // only a newer file has, then those only the SDK has (an empty action).
    let empty = Action::default();
    let sdk_document = sdk.map(|s| s.document());
    let mut candidates: Vec<(&str, &str, &Action)> = meta
        .apis
        .0
        .iter()
        .map(|(name, a)| (document, name.as_str(), a))
        .collect();
    let mut seen: BTreeSet<&str> = candidates.iter().map(|&(_, n, _)| n).collect();
    for &(newer, m) in &files[1..] {
        for (name, a) in &m.apis.0 {
            if seen.insert(name) {
                candidates.push((newer, name, a));
            }
        }
    }
    if let (Some(sdk), Some(doc)) = (sdk, &sdk_document) {
        for a in &sdk.package.actions {
            if seen.insert(&a.name) {
                candidates.push((doc, &a.name, &empty));
            }
        }
    }
    let mut kept: Vec<(&str, &str, &Action, String)> = Vec::new();
    for (doc, name, action) in candidates {
        let page = source(doc, name);
        if let Some(reason) = plan.not_yet.get(name) {
            report.push(format!("{page}: not specified: {reason}"));
            continue;
        }
        if let Some(file) = existing.get(name) {
            report.push(format!("{page}: `{name}`, specified by hand in {file}"));
            continue;
        }
        let skipped = match () {
            _ if doc == document => None,
            _ if Some(doc) == sdk_document.as_deref() => plan.sdk_only.as_ref(),
            _ => plan.newer_only.as_ref(),
        };
        if let Some(reason) = skipped {
            report.push(format!("{page}: not specified: {reason}"));
            continue;
        }
        let area = match chapters.get(name) {
            None => plan.area_by_name(name).unwrap_or_default().to_owned(),
            Some(chapter) => match plan.areas.get(chapter) {
                Some(area) => area.clone(),
                None => {
                    report.push(format!(
                        "{page}: not specified: the plan gives chapter `{chapter}` no area"
                    ));
                    continue;
                }
            },
        };
        kept.push((doc, name, action, area));
    }
    // Struct names across the actions.
    let actions: Vec<(&str, &Action)> = kept.iter().map(|(_, n, a, _)| (*n, *a)).collect();
    let mut objects = Objects::collect(&actions);
    let mut taken: BTreeSet<String> = service.types().map(|(_, t)| t.name.clone()).collect();
    taken.extend(crate::names::RESERVED_TYPES.iter().map(|s| s.to_string()));
    for (name, _) in &actions {
        let camel = name.to_upper_camel_case();
        taken.insert(format!("{camel}Request"));
        taken.insert(format!("{camel}Response"));
    }
    let cluster_names = objects.name(&mut taken);
    // Names a struct only the SDK has does not take.
    let mut sdk_names = sdk::Naming::new(taken.clone());
    let names = Names {
        of: objects
            .index
            .iter()
            .map(|(&ptr, &i)| (ptr, cluster_names[objects.list[i].cluster].clone()))
            .collect(),
        structs: objects
            .list
            .iter()
            .map(|o| (cluster_names[o.cluster].clone(), o.candidate.clone()))
            .collect(),
    };
    let mut imported = Vec::new();
    for (doc, name, action, area) in kept {
        let page = source(doc, name);
        let from_sdk = Some(doc) == sdk_document.as_deref();
        let mut draft = Draft {
            sdk_document: from_sdk,
            ..Draft::default()
        };
        let mut op = draft.meta_action(name, action, &names);
        for &(newer, m) in files.iter().filter(|(f, _)| *f != doc) {
            let Some(later) = m.apis.get(name) else {
                continue;
            };
            let mut added = false;
            for p in &later.parameters {
                if op.params.iter().any(|f| f.wire == p.name) {
                    continue;
                }
                draft.owner = name.to_owned();
                let mut f = draft.meta_field(&p.name, &p.schema, &names, true);
                f.location = Some(ParamLocation::Query);
                f.notes.push(format!(
                    "Only in the newer metadata ({newer}), which has no texts or examples."
                ));
                op.params.push(f);
                added = true;
            }
            if added {
                op.also_sources.push(source(newer, name));
            }
        }
        if let Some(sdk) = sdk {
            match sdk.package.action(name) {
                Some(a) => {
                    draft.sdk_action(&mut op, a, sdk, &mut sdk_names);
                    if !from_sdk {
                        op.also_sources.push(sdk.source(name));
                    }
                    if from_sdk {
                        op.notes.retain(|n| !n.starts_with(NO_RESPONSE));
                        op.notes.push(format!(
                            "The metadata lacks the action: its parameters and response are those of {}.",
                            sdk.witness()
                        ));
                    } else if action.response().is_none() && !op.response.is_empty() {
                        op.notes.retain(|n| !n.starts_with(NO_RESPONSE));
                        op.notes.push(format!(
                            "{NO_RESPONSE} the response's fields are those of {}'s model.",
                            sdk.witness()
                        ));
                    }
                }
                None => op.notes.push(format!(
                    "Not in the official Python SDK {}, whose texts are the English ones.",
                    sdk.label
                )),
            }
        }
        report.push(format!(
            "{page}: `{name}` ({})",
            match area.as_str() {
                "" => "no area",
                a => a,
            }
        ));
        imported.push(Imported {
            page: page.clone(),
            area,
            op,
            types: draft.types,
            examples: action.example().map(|j| (page, j)).into_iter().collect(),
            bare_examples: false,
        });
    }
    corpus::name_enums(&mut imported, service);
    let mut types = corpus::merge_types(&mut imported, service);
    corpus::rust_names(&mut imported, &mut types, service);
    if let Some(sdk) = sdk {
        sdk::crosscheck_notes(&mut imported, &mut types, sdk);
    }
    let mut all: BTreeSet<String> = service.types().map(|(_, t)| t.name.clone()).collect();
    all.extend(types.iter().map(|(t, _)| t.name.clone()));
    corpus::settle_operations(&mut imported, &all);
    corpus::fit_examples(&mut imported, &mut types, service);
    let envelope: Vec<&str> = service
        .envelope
        .iter()
        .map(|f| f.wire_name.as_str())
        .collect();
    for i in imported.iter_mut() {
        for (page, json) in i.examples.clone() {
            if let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(&json) {
                corpus::fit_object(&obj, &mut i.op.response, &mut types, &page, &envelope, 0);
            }
        }
    }
    for i in imported.iter_mut() {
        i.op.paging = paging(&mut i.op);
    }
    let files = corpus::place(&imported, &types, service);
    Corpus { files, report }
}

/// A list action's paging where its parameters and response have a shape
/// the paginators drive: `NextToken` and `MaxResults`, answered by the
/// response's `NextToken`, or `PageNumber` and `PageSize`; the items are
/// the response's one list field, `TotalCount` the total. Where both fit,
/// the token (it neither skips nor repeats an item when the list changes),
/// noted.
fn paging(op: &mut Operation) -> Option<crate::raw::PagingSpec> {
    let param = |wire: &str, ty: &str| op.params.iter().any(|p| p.wire == wire && p.ty == ty);
    let field = |wire: &str, ty: &str| op.response.iter().any(|f| f.wire == wire && f.ty == ty);
    let mut lists = op.response.iter().filter(|f| super::is_list(&f.ty));
    let (Some(items), None) = (lists.next(), lists.next()) else {
        return None;
    };
    // A page size is only read, so an `i32` one does too.
    let size = |wire: &str| param(wire, "i64") || param(wire, "i32");
    let by_token =
        param("NextToken", "string") && size("MaxResults") && field("NextToken", "string");
    let by_number = param("PageNumber", "i64") && size("PageSize");
    let mut spec = crate::raw::PagingSpec {
        page: None,
        token: None,
        next: None,
        limit: String::new(),
        items: items.wire.clone(),
        total: field("TotalCount", "i64").then(|| "TotalCount".to_owned()),
    };
    match (by_token, by_number) {
        (true, _) => {
            spec.token = Some("NextToken".to_owned());
            spec.next = Some("NextToken".to_owned());
            spec.limit = "MaxResults".to_owned();
        }
        (false, true) => {
            spec.page = Some("PageNumber".to_owned());
            spec.limit = "PageSize".to_owned();
        }
        (false, false) => return None,
    }
    if by_token && by_number {
        op.notes.push("It pages by `NextToken` and by `PageNumber`; the paginators use the token, which neither skips nor repeats an item when the list changes.".to_owned());
    }
    Some(spec)
}

/// How the note of an action without a response schema starts.
const NO_RESPONSE: &str = "The metadata has no response schema:";

/// One definition of a struct an action has twice: the fields of both,
/// optional where one lacks them.
fn unite(first: &mut Type, other: Type) {
    let (Kind::Struct(fields), Kind::Struct(more)) = (&mut first.kind, other.kind) else {
        return;
    };
    for f in fields.iter_mut() {
        f.required &= more.iter().any(|g| g.wire == f.wire && g.required);
    }
    for mut g in more {
        if !fields.iter().any(|f| f.wire == g.wire) {
            g.required = false;
            fields.push(g);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::python_sdk as python_sdk_reader;
    use crate::raw::SpecFile;

    /// The EIAM service alone (its envelope, `EnabledStatus`).
    fn service() -> Service {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/eiam/service.yaml");
        let source = crate::load::Source {
            display_path: "service.yaml".into(),
            service_dir: "eiam".into(),
            area: None,
            stem: "service".into(),
            bytes: std::fs::read(root).expect("spec/eiam/service.yaml"),
        };
        let api = crate::check(vec![source]).expect("the service file");
        api.services.into_iter().next().expect("eiam")
    }

    fn plan(yaml: &str) -> Plan {
        Plan::from_yaml(yaml).expect("plan")
    }

    /// Drafts `json` (and `newer`) and reads every file back as spec values.
    fn drafts(
        json: &str,
        newer: Option<&str>,
        plan_yaml: &str,
    ) -> (Corpus, BTreeMap<String, SpecFile>) {
        let meta = Metadata::read(json).expect("metadata");
        let later = newer.map(|n| Metadata::read(n).expect("newer metadata"));
        let mut files = vec![("full.json", &meta)];
        files.extend(later.as_ref().map(|m| ("new.json", m)));
        let corpus = import_metadata(&files, None, &plan(plan_yaml), &service());
        let specs = corpus
            .files
            .iter()
            .map(|(path, text)| {
                let spec: SpecFile =
                    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}\n{text}"));
                (path.clone(), spec)
            })
            .collect();
        (corpus, specs)
    }

    const PLAN: &str = "service: eiam\nareas: {账户管理: users, 应用管理/应用授权管理: application_authorization}\n";

    fn param<'a>(
        specs: &'a BTreeMap<String, SpecFile>,
        op: &str,
        name: &str,
    ) -> &'a crate::raw::ParamSpec {
        specs
            .values()
            .flat_map(|s| &s.operations.0)
            .find(|(n, _)| n == op)
            .and_then(|(_, o)| o.params.0.iter().find(|(p, _)| p == name))
            .map(|(_, p)| p)
            .unwrap_or_else(|| panic!("{op}.{name}"))
    }

    fn type_spec<'a>(
        specs: &'a BTreeMap<String, SpecFile>,
        name: &str,
    ) -> &'a crate::raw::TypeSpec {
        specs
            .values()
            .flat_map(|s| &s.types.0)
            .find(|(n, _)| n == name)
            .map(|(_, t)| t)
            .unwrap_or_else(|| panic!("type {name} in {:?}", specs.keys().collect::<Vec<_>>()))
    }

    fn values_of(t: &crate::raw::TypeSpec) -> Vec<&str> {
        t.values
            .as_ref()
            .expect("an enum")
            .0
            .iter()
            .map(|(v, _)| v.as_str())
            .collect()
    }

    const TYPES: &str = r#"{
      "directories": [
        {"id": 1, "title": "账户管理", "type": "directory", "children": ["CreateUser"]},
        {"id": 2, "title": "应用管理", "type": "directory", "children": [
          {"id": 3, "title": "应用授权管理", "type": "directory", "children": ["ListUsersForApplication"]}
        ]}
      ],
      "apis": {
        "CreateUser": {
          "title": "创建账户", "summary": "创建一个账户。",
          "parameters": [
            {"name": "InstanceId", "in": "query", "schema": {"description": "实例ID。", "type": "string", "required": true, "example": "idaas_x\n", "maxLength": 64}},
            {"name": "PageSize", "in": "query", "schema": {"type": "integer", "format": "int64", "required": false, "example": "20", "default": "20"}},
            {"name": "Limit", "in": "query", "schema": {"type": "integer", "format": "int32", "example": "many"}},
            {"name": "EmailVerified", "in": "query", "schema": {"description": "邮箱是否已验证。\n- true：已验证。\n- false：未验证。", "type": "boolean", "example": "true"}},
            {"name": "OrganizationalUnitIds", "in": "query", "style": "flat", "schema": {"type": "array", "items": {"type": "string", "example": "ou_1"}, "example": ""}},
            {"name": "CustomFields", "in": "query", "style": "flat", "schema": {"type": "array", "items": {"type": "object", "properties": {
              "FieldName": {"type": "string", "required": true, "example": "age"},
              "FieldValue": {"type": "string", "example": "10"}}}, "example": "description"}},
            {"name": "PasswordInitializationConfig", "in": "query", "style": "flat", "schema": {"type": "object", "properties": {
              "UserNotificationChannels": {"type": "array", "description": "通知渠道列表。", "items": {"type": "string", "description": "密码通知渠道，取值可选范围：\n- email：邮件。\n- sms：短信。", "example": "sms"}}}}}
          ],
          "responses": {"200": {"schema": {"type": "object", "properties": {
            "RequestId": {"type": "string"},
            "UserId": {"type": "string", "description": "账户ID。", "example": "user_1"},
            "Empty": {"type": "string", "properties": []}}}}},
          "responseDemo": "[{\"errorExample\":\"\",\"example\":\"{\\n  \\\"RequestId\\\": \\\"r-1\\\",\\n  \\\"UserId\\\": \\\"user_1\\\"\\n}\",\"type\":\"json\"}]"
        },
        "ListUsersForApplication": {
          "title": "查询应用的授权账户",
          "parameters": [
            {"name": "Status", "in": "query", "schema": {"type": "string", "description": "状态，取值可选范围：\n- enabled：启用。\n- disabled：禁用。"}}
          ],
          "responses": {"200": {"schema": {"type": "object", "properties": {
            "Users": {"type": "array", "items": {"type": "object", "properties": {
              "UserId": {"type": "string", "example": "user_1"},
              "CustomFields": {"type": "array", "items": {"type": "object", "properties": {
                "FieldName": {"type": "string"}, "FieldValue": {"type": "string"}}}}}}}}}}}
        }
      }
    }"#;

    #[test]
    fn types_formats_flat_lists_and_objects() {
        let (corpus, specs) = drafts(TYPES, None, PLAN);
        assert!(
            specs.contains_key("users/create_user.yaml"),
            "{:?}",
            corpus.files
        );
        assert!(specs.contains_key("application_authorization/list_users_for_application.yaml"));
        let ty = |name: &str| param(&specs, "CreateUser", name).ty.clone();
        assert_eq!(ty("InstanceId"), "string");
        assert_eq!(ty("PageSize"), "i64");
        assert_eq!(ty("Limit"), "i32");
        assert_eq!(ty("EmailVerified"), "bool");
        assert_eq!(ty("OrganizationalUnitIds"), "list<string>");
        // A flat list of objects, and a flat object: named structs; the
        // request and the response of another action share `CustomField`.
        assert_eq!(ty("CustomFields"), "list<CustomField>");
        assert_eq!(
            ty("PasswordInitializationConfig"),
            "PasswordInitializationConfig"
        );
        let fields = type_spec(&specs, "CustomField")
            .fields
            .as_ref()
            .expect("a struct");
        let names: Vec<&str> = fields.0.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["FieldName", "FieldValue"]);
        assert!(
            !fields.0[0].1.required,
            "required in one use only: optional"
        );
        assert!(param(&specs, "CreateUser", "InstanceId").required);
        let op = &specs["users/create_user.yaml"].operations.0[0].1;
        assert_eq!(op.action.as_deref(), Some("CreateUser"));
        assert_eq!(op.source, "full.json#CreateUser");
        assert_eq!(op.summary.zh.as_deref(), Some("创建账户"));
        assert_eq!(
            op.description.as_ref().and_then(|d| d.zh.as_deref()),
            Some("创建一个账户。")
        );
        // `RequestId` is the envelope's; `properties: []` is no object.
        let response: Vec<(&str, &str)> = op
            .response
            .fields
            .0
            .iter()
            .map(|(n, f)| (n.as_str(), f.ty.as_str()))
            .collect();
        assert_eq!(response, [("UserId", "string"), ("Empty", "string")]);
        // Items of one name and shape are one type; `Users[]` of another
        // action with other fields is named after it.
        let list = &specs["application_authorization/list_users_for_application.yaml"]
            .operations
            .0[0]
            .1;
        assert_eq!(list.response.fields.0[0].1.ty, "list<User>");
    }

    #[test]
    fn enum_values_from_each_source() {
        let (prose, listed) = listed_values(
            "单点登录协议，取值可选范围：\n- saml2：SAML 2.0 协议。\n- oidc：OpenID Connect 协议。",
        );
        assert_eq!(prose, "单点登录协议");
        assert_eq!(
            listed,
            [
                ("saml2".into(), "SAML 2.0 协议".into()),
                ("oidc".into(), "OpenID Connect 协议".into())
            ]
        );
        for text in [
            "模式，取值范围：\n\n- a：甲。\n- b：乙。",
            "模式，可选范围：\n- a：甲。\n- b：乙。",
            "模式，取值范围可选：\n- a ： 甲。\n- b: 乙。",
            "模式， 返回值包括如下：\n- a：甲。\n- b：乙。\n\n",
        ] {
            let (prose, listed) = listed_values(text);
            assert_eq!(prose, "模式", "{text:?}");
            let got: Vec<&str> = listed.iter().map(|(v, _)| v.as_str()).collect();
            assert_eq!(got, ["a", "b"], "{text:?}");
        }
        // Markdown escapes undone; prose after the list kept; no lead-in, no list.
        let (prose, listed) =
            listed_values("认证模式， 取值可选范围：\n- client\\_secret\\_basic：头。\n说明。");
        assert_eq!(listed[0].0, "client_secret_basic");
        assert_eq!(prose, "认证模式\n说明。");
        assert!(listed_values(
            "授权参数。使用方式如下：\n- 当GrantType为client_credentials时，填写。"
        )
        .1
        .is_empty());
        assert!(listed_values("是否签名。\n- true：是。\n- false：否。")
            .1
            .is_empty());

        // `enumValueTitles` and `enum` add values; where they list others, noted.
        let s: Schema = serde_json::from_str(
            r#"{"type": "string", "description": "状态，取值可选范围：\n- enabled：启用中。\n- disabled：禁用中。",
                "enumValueTitles": {"disabled": "禁用", "enabled": "启用", "frozen": "冻结"}}"#,
        )
        .expect("schema");
        let (values_, note) = values(&s);
        let got: Vec<(&str, &str)> = values_
            .iter()
            .map(|(v, t)| (v.as_str(), t.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("enabled", "启用中"),
                ("disabled", "禁用中"),
                ("frozen", "冻结")
            ]
        );
        assert!(note.is_some_and(|n| n.contains("`enumValueTitles`") && n.contains("`frozen`")));
        let s: Schema = serde_json::from_str(r#"{"type": "string", "enum": ["cron", "time"]}"#)
            .expect("schema");
        assert_eq!(
            values(&s),
            (
                vec![
                    ("cron".into(), String::new()),
                    ("time".into(), String::new())
                ],
                None
            )
        );

        // In drafts: a list's items' values, a boolean's `true`/`false` lines,
        // and values the service already has an enum for.
        let (_, specs) = drafts(TYPES, None, PLAN);
        assert_eq!(
            values_of(type_spec(&specs, "UserNotificationChannel")),
            ["email", "sms"]
        );
        let config = type_spec(&specs, "PasswordInitializationConfig")
            .fields
            .as_ref()
            .expect("struct");
        assert_eq!(config.0[0].1.ty, "list<UserNotificationChannel>");
        let verified = param(&specs, "CreateUser", "EmailVerified");
        assert_eq!(verified.ty, "bool");
        assert!(verified
            .description
            .as_ref()
            .and_then(|d| d.zh.as_deref())
            .is_some_and(|d| d.contains("- true：已验证")));
        assert_eq!(
            param(&specs, "ListUsersForApplication", "Status").ty,
            "EnabledStatus"
        );
    }

    #[test]
    fn examples_are_fitted_to_their_types() {
        let (_, specs) = drafts(TYPES, None, PLAN);
        let p = |name: &str| param(&specs, "CreateUser", name);
        let yaml = |s: &str| serde_yaml::from_str::<serde_yaml::Value>(s).expect("yaml");
        assert_eq!(p("PageSize").example, Some(yaml("20")));
        assert_eq!(p("PageSize").default, Some(yaml("20")));
        assert_eq!(p("EmailVerified").example, Some(yaml("true")));
        // A trailing newline is dropped, with a note.
        assert_eq!(p("InstanceId").example, Some(yaml("idaas_x")));
        assert!(p("InstanceId")
            .note
            .as_deref()
            .is_some_and(|n| n.contains("ends with a newline")));
        // Not an integer: left out, with a note.
        assert_eq!(p("Limit").example, None);
        assert!(p("Limit")
            .note
            .as_deref()
            .is_some_and(|n| n.contains("`many` is not an integer")));
        // A list's example is its item's; an object list's text is left out.
        assert_eq!(p("OrganizationalUnitIds").example, Some(yaml("[ou_1]")));
        assert_eq!(p("CustomFields").example, None);
        assert!(p("CustomFields")
            .note
            .as_deref()
            .is_some_and(|n| n.contains("`description`")));

        assert_eq!(
            fit_example(Some(&Value::from("3000000000")), "i32", "example").0,
            None
        );
        assert_eq!(
            fit_example(Some(&Value::from("FALSE")), "bool", "example")
                .0
                .as_deref(),
            Some("false")
        );
        assert_eq!(
            fit_example(Some(&Value::from(7)), "i64", "example")
                .0
                .as_deref(),
            Some("7")
        );
        assert_eq!(
            fit_example(Some(&Value::from("")), "string", "example"),
            (None, None)
        );
    }

    #[test]
    fn the_response_demo_is_the_example_and_newer_files_add_parameters() {
        let newer = r#"{"apis": {"CreateUser": {"parameters": [
            {"name": "InstanceId", "in": "query", "schema": {"type": "string", "required": true}},
            {"name": "ClientToken", "in": "query", "schema": {"type": "string", "required": false}}]}}}"#;
        let (_, specs) = drafts(TYPES, Some(newer), PLAN);
        let op = &specs["users/create_user.yaml"].operations.0[0].1;
        assert_eq!(op.examples.len(), 1);
        let json: Value = serde_json::from_str(&op.examples[0].json).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"RequestId": "r-1", "UserId": "user_1"})
        );
        assert_eq!(
            op.examples[0].source.as_deref(),
            Some("full.json#CreateUser")
        );
        assert_eq!(op.also_sources, ["new.json#CreateUser"]);
        let token = param(&specs, "CreateUser", "ClientToken");
        assert!(token
            .note
            .as_deref()
            .is_some_and(|n| n.contains("new.json")));
        assert!(!token.secret, "an idempotency token is no credential");
        // An action without a demo has no example.
        let list = &specs["application_authorization/list_users_for_application.yaml"]
            .operations
            .0[0]
            .1;
        assert!(list.examples.is_empty());
        let action = Action {
            response_demo: Some(
                r#"[{"type":"xml","example":"<a/>"},{"type":"json","example":"{\"A\": 1}"}]"#
                    .into(),
            ),
            ..Action::default()
        };
        assert_eq!(action.example().as_deref(), Some("{\"A\": 1}"));
    }

    #[test]
    fn chapters_areas_and_deferred_actions() {
        let meta = Metadata::read(TYPES).expect("metadata");
        let chapters = meta.chapters();
        assert_eq!(chapters["CreateUser"], "账户管理");
        assert_eq!(chapters["ListUsersForApplication"], "应用管理/应用授权管理");
        let deferred = format!("{PLAN}not_yet: {{CreateUser: waits}}\n");
        let (corpus, specs) = drafts(TYPES, None, &deferred);
        assert!(!specs.contains_key("users/create_user.yaml"));
        assert!(corpus
            .report
            .iter()
            .any(|l| l == "full.json#CreateUser: not specified: waits"));
        // A chapter the plan does not map is reported; an action in no chapter
        // gets a file beside service.yaml.
        let (corpus, _) = drafts(TYPES, None, "service: eiam\nareas: {账户管理: users}\n");
        assert!(corpus
            .report
            .iter()
            .any(|l| l.contains("chapter `应用管理/应用授权管理` no area")));
        let json = TYPES.replacen("\"directories\"", "\"unused\"", 1);
        let (_, specs) = drafts(&json, None, PLAN);
        assert!(specs.contains_key("create_user.yaml"), "{:?}", specs.keys());
    }

    #[test]
    fn objects_of_one_name_share_a_type_when_their_fields_agree() {
        let json = r#"{"apis": {
          "GetUser": {"responses": {"200": {"schema": {"type": "object", "properties": {"User": {"type": "object", "properties": {
             "UserId": {"type": "string"}, "Username": {"type": "string"}, "Email": {"type": "string"}}}}}}}},
          "ListUsers": {"responses": {"200": {"schema": {"type": "object", "properties": {"Users": {"type": "array", "items": {"type": "object", "properties": {
             "UserId": {"type": "string"}, "Username": {"type": "string"}}}}}}}}},
          "ListUsersForGroup": {"responses": {"200": {"schema": {"type": "object", "properties": {"Users": {"type": "array", "items": {"type": "object", "properties": {
             "UserId": {"type": "string"}, "GroupMemberRelationSourceId": {"type": "string"}}}}}}}}},
          "ListUsersForApplication": {"responses": {"200": {"schema": {"type": "object", "properties": {"Users": {"type": "array", "items": {"type": "object", "properties": {
             "UserId": {"type": "string"}}}}}}}}}
        }}"#;
        let (_, specs) = drafts(json, None, "service: eiam\nareas: {}\n");
        let response = |op: &str| {
            specs
                .values()
                .flat_map(|s| &s.operations.0)
                .find(|(n, _)| n == op)
                .expect(op)
                .1
                .response
                .fields
                .0[0]
                .1
                .ty
                .clone()
        };
        assert_eq!(response("GetUser"), "User");
        assert_eq!(response("ListUsers"), "list<User>");
        // Not among `User`'s fields, or too few of them: named after the action.
        assert_eq!(response("ListUsersForGroup"), "list<ListUsersForGroupUser>");
        assert_eq!(
            response("ListUsersForApplication"),
            "list<ListUsersForApplicationUser>"
        );
        assert_eq!(action_noun("ListApplicationsForUser"), "Application");
        assert_eq!(singular("Policies"), "Policy");
        assert_eq!(singular("Status"), "Status");
        assert_eq!(singular("Address"), "Address");
    }

    // ---- The SDK step ----

    /// A model class in the SDK's layout: `(attribute, Python type, wire
    /// name, comment lines)` per field.
    fn py_class(name: &str, fields: &[(&str, &str, &str, &str)]) -> String {
        let mut src = format!("class {name}(DaraModel):\n    def __init__(\n        self,\n");
        for (attr, ty, _, _) in fields {
            src.push_str(&format!("        {attr}: {ty} = None,\n"));
        }
        src.push_str("    ):\n");
        for (attr, _, _, comment) in fields {
            for line in comment.lines() {
                src.push_str(&format!("        # {line}\n"));
            }
            src.push_str(&format!("        self.{attr} = {attr}\n"));
        }
        src.push_str("\n    def to_map(self):\n        result = dict()\n");
        for (attr, _, wire, _) in fields {
            src.push_str(&format!(
                "        if self.{attr} is not None:\n            result['{wire}'] = self.{attr}\n\n"
            ));
        }
        src.push_str("        return result\n\n");
        src
    }

    /// An action of `client.py`: its request's fields placed in the query.
    /// An action of `client.py`; `ClientToken` goes in the form body, as in
    /// the SDK.
    fn py_action(action: &str, query: &[(&str, &str)]) -> String {
        let snake = heck::ToSnakeCase::to_snake_case(action);
        let mut src = format!(
            "    def {snake}_with_options(\n        self,\n        request: main_models.{action}Request,\n        runtime: RuntimeOptions,\n    ) -> main_models.{action}Response:\n        request.validate()\n        query = {{}}\n"
        );
        let (body, query): (Vec<_>, Vec<_>) = query.iter().partition(|(w, _)| *w == "ClientToken");
        for (to, params) in [("query", query), ("body", body)] {
            if to == "body" && !params.is_empty() {
                src.push_str("        body = {}\n");
            }
            for (wire, attr) in params {
                src.push_str(&format!(
                    "        if not DaraCore.is_null(request.{attr}):\n            {to}['{wire}'] = request.{attr}\n"
                ));
            }
        }
        src.push_str(&format!(
            "        req = open_api_util_models.OpenApiRequest(\n            query = Utils.query(query),\n            body = Utils.parse_to_map(body)\n        )\n        params = open_api_util_models.Params(\n            action = '{action}',\n            version = '2021-12-01',\n            protocol = 'HTTPS',\n            pathname = '/',\n            method = 'POST',\n            auth_type = 'AK',\n            style = 'RPC',\n            req_body_type = 'formData',\n            body_type = 'json'\n        )\n        return DaraCore.from_map(\n            main_models.{action}Response(),\n            self.call_api(params, req, runtime)\n        )\n\n"
        ));
        src
    }

    /// Two actions of the metadata (`User` one type for both).
    const USERS: &str = r#"{
      "directories": [{"id": 1, "title": "账户管理", "type": "directory", "children": ["GetUser", "ListUsers"]}],
      "apis": {
        "GetUser": {
          "title": "查询账户",
          "parameters": [
            {"name": "InstanceId", "in": "query", "schema": {"description": "实例ID。", "type": "string", "required": true, "example": "idaas_x"}},
            {"name": "UserId", "in": "query", "schema": {"description": "账户ID。", "type": "string", "required": true, "example": "user_x"}}
          ],
          "responses": {"200": {"schema": {"type": "object", "properties": {
            "RequestId": {"type": "string"},
            "User": {"type": "object", "description": "账户。", "properties": {
              "UserId": {"type": "string", "description": "账户ID。"},
              "Status": {"type": "string", "description": "状态，取值可选范围：\n- enabled：启用。\n- disabled：禁用。"},
              "Email": {"type": "string", "description": "邮箱。"},
              "Locked": {"type": "boolean", "description": "是否锁定。"},
              "Tags": {"type": "string", "description": "标签，JSON数组格式字符串返回。取值可选范围：\n- a：甲。\n- b：乙。", "example": "[\"a\", \"b\"]"}}}}}}},
          "responseDemo": "[{\"type\":\"json\",\"example\":\"{\\\"RequestId\\\": \\\"r\\\", \\\"User\\\": {\\\"UserId\\\": \\\"user_x\\\", \\\"Tags\\\": \\\"[\\\\\\\"a\\\\\\\"]\\\"}}\"}]"
        },
        "ListUsers": {
          "title": "列出账户",
          "parameters": [
            {"name": "InstanceId", "in": "query", "schema": {"description": "实例ID。", "type": "string", "required": true}},
            {"name": "PageSize", "in": "query", "schema": {"description": "分页大小。", "type": "integer", "format": "int64"}}
          ],
          "responses": {"200": {"schema": {"type": "object", "properties": {
            "Users": {"type": "array", "items": {"type": "object", "properties": {
              "UserId": {"type": "string"},
              "Status": {"type": "string", "description": "状态，取值可选范围：\n- enabled：启用。\n- disabled：禁用。"},
              "Email": {"type": "string"},
              "Tags": {"type": "string", "description": "标签。取值可选范围：\n- a：甲。\n- b：乙。", "example": "[\"a\"]"}}}}}}}}
        }
      }
    }"#;

    /// The SDK of those actions: newer (`ClientToken`, `BrandId`, `Roles`,
    /// a value `locked`), of other mind on two required flags, and without
    /// `Email` in `ListUsers`.
    fn users_sdk() -> python_sdk_reader::Package {
        let status = "The status. Valid values:\n- enabled: Enabled.\n- disabled: Disabled.\n- locked: Locked.";
        let mut models = String::new();
        models += &py_class(
            "GetUserRequest",
            &[
                ("client_token", "str", "ClientToken", "The client token."),
                (
                    "filter",
                    "main_models.GetUserRequestFilter",
                    "Filter",
                    "A filter.",
                ),
                (
                    "instance_id",
                    "str",
                    "InstanceId",
                    "The instance ID.\n\nThis parameter is required.",
                ),
                ("user_id", "str", "UserId", "The account ID."),
            ],
        );
        models += &py_class(
            "GetUserRequestFilter",
            &[("name", "str", "Name", "A name.")],
        );
        models += &py_class(
            "GetUserResponse",
            &[("body", "main_models.GetUserResponseBody", "body", "")],
        );
        models += &py_class(
            "GetUserResponseBody",
            &[
                ("request_id", "str", "RequestId", "The request ID."),
                (
                    "user",
                    "main_models.GetUserResponseBodyUser",
                    "User",
                    "The account.",
                ),
            ],
        );
        models += &py_class(
            "GetUserResponseBodyUser",
            &[
                ("brand_id", "str", "BrandId", "The brand ID."),
                ("email", "str", "Email", "The email address."),
                ("locked", "str", "Locked", "Whether it is locked."),
                ("status", "str", "Status", status),
                ("tags", "str", "Tags", "The tags, as a JSON array string."),
                ("user_id", "str", "UserId", "The account ID."),
            ],
        );
        models += &py_class(
            "ListUsersRequest",
            &[
                (
                    "instance_id",
                    "str",
                    "InstanceId",
                    "The instance ID.\n\nThis parameter is required.",
                ),
                (
                    "page_size",
                    "int",
                    "PageSize",
                    "The page size.\n\nThis parameter is required.",
                ),
            ],
        );
        models += &py_class(
            "ListUsersResponse",
            &[("body", "main_models.ListUsersResponseBody", "body", "")],
        );
        models += &py_class(
            "ListUsersResponseBody",
            &[(
                "users",
                "List[main_models.ListUsersResponseBodyUsers]",
                "Users",
                "The accounts.",
            )],
        );
        models += &py_class(
            "ListUsersResponseBodyUsers",
            &[
                (
                    "roles",
                    "List[main_models.ListUsersResponseBodyUsersRoles]",
                    "Roles",
                    "The roles.",
                ),
                ("status", "str", "Status", status),
                ("tags", "str", "Tags", "The tags."),
                ("user_id", "str", "UserId", "The account ID."),
            ],
        );
        models += &py_class(
            "ListUsersResponseBodyUsersRoles",
            &[("role_id", "str", "RoleId", "The role ID.")],
        );
        let mut classes = BTreeMap::new();
        python_sdk_reader::read_models(&models, &mut classes);
        let client = py_action(
            "GetUser",
            &[
                ("ClientToken", "client_token"),
                ("Filter", "filter"),
                ("InstanceId", "instance_id"),
                ("UserId", "user_id"),
            ],
        ) + &py_action(
            "ListUsers",
            &[("InstanceId", "instance_id"), ("PageSize", "page_size")],
        );
        python_sdk_reader::Package::new(classes, python_sdk_reader::read_client(&client))
    }

    fn sdk_drafts() -> (Corpus, BTreeMap<String, SpecFile>) {
        let meta = Metadata::read(USERS).expect("metadata");
        let package = users_sdk();
        let sdk = Sdk {
            label: "pkg 1.0",
            package: &package,
        };
        let corpus = import_metadata(
            &[("full.json", &meta)],
            Some(sdk),
            &plan("service: eiam\nareas: {账户管理: users}\n"),
            &service(),
        );
        let specs = corpus
            .files
            .iter()
            .map(|(path, text)| {
                let spec: SpecFile =
                    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}\n{text}"));
                (path.clone(), spec)
            })
            .collect();
        (corpus, specs)
    }

    fn field_of<'a>(t: &'a crate::raw::TypeSpec, wire: &str) -> &'a crate::raw::FieldSpec {
        t.fields
            .as_ref()
            .expect("a struct")
            .0
            .iter()
            .find(|(n, _)| n == wire)
            .map(|(_, f)| f)
            .unwrap_or_else(|| panic!("field {wire}"))
    }

    fn notes(note: &Option<String>) -> &str {
        note.as_deref().unwrap_or("")
    }

    #[test]
    fn the_sdk_gives_english_texts_and_a_second_source() {
        let (corpus, specs) = sdk_drafts();
        let op = &specs["users/get_user.yaml"].operations.0[0].1;
        assert_eq!(op.also_sources, ["pkg-1.0/client.py#GetUser"]);
        let id = param(&specs, "GetUser", "InstanceId");
        let text = id.description.as_ref().expect("a text");
        assert_eq!(text.en.as_deref(), Some("The instance ID."));
        assert_eq!(text.zh.as_deref(), Some("实例ID。"));
        // English first in the file, as in the other specs.
        assert!(corpus
            .files
            .iter()
            .any(|(_, t)| t.contains("description: {en: The instance ID., zh: 实例ID。}")));
        // The struct and its fields; the enum and its values (the SDK's list
        // cut from the field's English, a value only it lists added).
        let user = type_spec(&specs, "User");
        assert_eq!(
            user.description.as_ref().and_then(|d| d.en.as_deref()),
            Some("The account.")
        );
        let status = field_of(user, "Status");
        assert_eq!(
            status.description.as_ref().and_then(|d| d.en.as_deref()),
            Some("The status.")
        );
        // (The service's `EnabledStatus`, its texts the service's own.)
        assert_eq!(status.ty, "EnabledStatus");
        assert!(notes(&status.note).contains("pkg 1.0 lists `locked` as well"));
        let tags = field_of(user, "Tags");
        let enum_ = type_spec(
            &specs,
            tags.ty.trim_start_matches("list<").trim_end_matches('>'),
        );
        assert_eq!(values_of(enum_), ["a", "b"]);
        assert_eq!(
            enum_.description.as_ref().and_then(|d| d.en.as_deref()),
            Some("The tags, as a JSON array string.")
        );
    }

    #[test]
    fn what_only_the_sdk_has_is_added_with_a_note() {
        let (_, specs) = sdk_drafts();
        let token = param(&specs, "GetUser", "ClientToken");
        assert_eq!(token.ty, "string");
        assert!(!token.required);
        assert!(notes(&token.note).contains("Python SDK pkg 1.0 has it"));
        // A response field of a struct, and a struct only the SDK has.
        let user = type_spec(&specs, "User");
        let brand = field_of(user, "BrandId");
        assert!(notes(&brand.note).starts_with("Not in the metadata"));
        let roles = field_of(user, "Roles");
        assert_eq!(roles.ty, "list<Role>");
        assert_eq!(field_of(type_spec(&specs, "Role"), "RoleId").ty, "string");
        // A scalar the SDK types otherwise is kept, noted.
        let locked = field_of(user, "Locked");
        assert_eq!(locked.ty, "bool");
        assert!(
            notes(&locked.note).contains(
                "crosscheck: the official Python SDK types it `str` in the response of `GetUser`"
            ),
            "{:?}",
            locked.note
        );
        // An object goes in the query as a struct (sent flattened); what
        // the SDK sends in the form body goes there.
        let filter = param(&specs, "GetUser", "Filter");
        assert_eq!(filter.location, crate::model::ParamLocation::Query);
        assert_eq!(field_of(type_spec(&specs, &filter.ty), "Name").ty, "string");
        assert_eq!(token.location, crate::model::ParamLocation::Body);
        assert!(notes(&token.note).contains("form body"));
    }

    #[test]
    fn disagreements_are_decided_and_recorded() {
        let (_, specs) = sdk_drafts();
        // Required in the metadata only: kept, recorded for crosscheck.
        let user_id = param(&specs, "GetUser", "UserId");
        assert!(user_id.required);
        assert!(notes(&user_id.note).contains("crosscheck: the metadata marks it required"));
        // Required in the SDK only: required, noted.
        let size = param(&specs, "ListUsers", "PageSize");
        assert!(size.required);
        assert!(notes(&size.note).contains("optional"));
        // A field of the shared type one action's SDK model lacks.
        let email = field_of(type_spec(&specs, "User"), "Email");
        assert!(
            notes(&email.note).contains("crosscheck:")
                && notes(&email.note).contains("`ListUsers`"),
            "{:?}",
            email.note
        );
        // A list the metadata returns as a JSON string, a string in the SDK.
        let tags = field_of(type_spec(&specs, "User"), "Tags");
        assert!(tags.ty.starts_with("list<"), "{}", tags.ty);
        assert!(notes(&tags.note).contains("crosscheck: the official Python SDK types it `str`"));
    }
}

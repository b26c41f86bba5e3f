//! `cargo xtask import`: a draft spec from an API document.
//!
//! The draft is in the spec format, with a `todo:` wherever the importer had
//! to guess (the validator refuses a spec until every `todo:` is resolved) and
//! the contradictions it saw between tables and example listed at the top.
//! GenAuth pages name their nested types in data-structure tables; Alibaba
//! pages flatten nesting away, so their structure is read from the example.
//! What a page says is collected here (fields with their todos and notes,
//! cell texts); `spec` makes it `raw` values, which `yaml_out` writes.

use heck::{ToKebabCase, ToLowerCamelCase, ToUpperCamelCase};
use serde_json::Value;

use crate::docread::{self, Row, Section};
use crate::model::{Decode, HttpMethod, ParamLocation, Service};
use crate::protocol::DocumentReader;
use crate::raw::{HttpSpec, Text};

pub mod corpus;
pub mod meta;
pub mod python_sdk;
mod spec;

/// A draft spec file for `document` (its file name), for `service`.
pub fn import(text: &str, document: &str, service: &Service) -> String {
    let page = Page::read(text);
    let mut draft = Draft::default();
    let op = match crate::protocol::of(service).reader {
        DocumentReader::GenAuth => draft.genauth(&page, service),
        DocumentReader::Alibaba => draft.alibaba(&page),
    };
    draft.file(document, &op, &page).to_yaml()
}

/// What the page says, before interpretation.
struct Page<'a> {
    text: &'a str,
    rows: Vec<Row>,
    zh: bool,
    example: Option<String>,
}

impl<'a> Page<'a> {
    fn read(text: &'a str) -> Self {
        Page {
            text,
            rows: docread::rows(text),
            zh: text
                .chars()
                .take(400)
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            example: json_example(text),
        }
    }

    fn lines(&self) -> impl Iterator<Item = &'a str> {
        self.text.lines().map(str::trim)
    }

    /// The first non-empty line after the first line matching `after`.
    fn line_after(&self, after: impl Fn(&str) -> bool) -> Option<&'a str> {
        let mut lines = self.lines().skip_while(|l| !after(l));
        lines.next()?;
        lines.find(|l| !l.is_empty() && !l.starts_with('<') && !l.starts_with('-'))
    }

    fn example_value(&self) -> Option<Value> {
        serde_json::from_str(self.example.as_deref()?).ok()
    }
}

/// The JSON example: the first `{` that starts a line after the page's
/// "example results" heading (pages may show request bodies before it), or
/// after the start, to the end of its value.
fn json_example(text: &str) -> Option<String> {
    let heading = ["示例结果", "Example results", "Example Results"]
        .iter()
        .filter_map(|h| text.find(h))
        .min();
    let mut offset = heading.map_or(0, |h| text[..h].rfind('\n').map_or(0, |i| i + 1));
    for line in text[offset..].split_inclusive('\n') {
        if line.trim() == "{" {
            let rest = &text[offset..];
            let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
            stream.next()?.ok()?;
            return Some(rest[..stream.byte_offset()].trim().to_owned());
        }
        offset += line.len();
    }
    None
}

#[derive(Default, Clone)]
struct Field {
    wire: String,
    ty: String,
    required: bool,
    location: Option<ParamLocation>,
    default: Option<String>,
    description: Option<Text>,
    example: Option<String>,
    todos: Vec<String>,
    /// Decisions taken by the corpus importer, rendered as `note:`.
    notes: Vec<String>,
    decode: Option<Decode>,
    /// A credential (`secret: true`: redacted in `Debug`).
    secret: bool,
    /// Given where the wire name is no identifier (`zh-CN`).
    rust_name: Option<String>,
}

#[derive(Clone)]
enum Kind {
    Struct(Vec<Field>),
    /// Values with their text.
    Enum(Vec<(String, Option<Text>)>),
}

#[derive(Clone)]
struct Type {
    name: String,
    description: Option<Text>,
    kind: Kind,
    todos: Vec<String>,
    notes: Vec<String>,
    /// Where an enum's field sits (a type or operation name), for naming.
    owner: String,
}

/// Joins an enum's field and owner in its provisional name (corpus mode);
/// UpperCamelCase names do not contain it.
const PROVISIONAL: &str = "__";

impl Type {
    /// The field an enum is provisionally named after (corpus mode).
    fn provisional(&self) -> Option<&str> {
        match self.kind {
            Kind::Enum(_) => Some(self.name.split_once(PROVISIONAL)?.0),
            Kind::Struct(_) => None,
        }
    }
}

/// The type an expression names (`list<X>` -> `X`), if it parses and names one.
fn named(ty: &str) -> Option<String> {
    Some(crate::texpr::parse(ty).ok()?.named()?.to_owned())
}

/// Whether an expression is a `list<T>`.
fn is_list(ty: &str) -> bool {
    matches!(crate::texpr::parse(ty), Ok(crate::model::Ty::List(_)))
}

#[derive(Clone)]
struct Operation {
    name: String,
    /// The page's title, else the operation's name.
    summary: Text,
    description: Option<Text>,
    /// REST: method and path.
    http: Option<HttpSpec>,
    /// RPC: the action.
    action: Option<String>,
    params: Vec<Field>,
    response_name: Option<String>,
    response: Vec<Field>,
    todos: Vec<String>,
    notes: Vec<String>,
    also_sources: Vec<String>,
    /// GenAuth pages that print the example without the envelope.
    bare_example: Option<Bare>,
    /// A list operation's paging (API metadata: by the parameters' names).
    paging: Option<crate::raw::PagingSpec>,
}

/// How a GenAuth example without the envelope (`statusCode`) relates to
/// the response: the value of `data`, or something it has no field for.
fn bare(example: &Value, response: &[Field]) -> Option<Bare> {
    if !example.is_object() || example.get("statusCode").is_some() {
        return None;
    }
    Some(match response.iter().any(|f| f.wire == "data") {
        true => Bare::Data,
        false => Bare::Unknown,
    })
}

/// What an example without the response envelope shows.
#[derive(Clone, Copy)]
enum Bare {
    /// The value of `data`.
    Data,
    /// Something the response has no field for.
    Unknown,
}

#[derive(Default)]
struct Draft {
    types: Vec<Type>,
    contradictions: Vec<String>,
    /// Corpus mode: take the routine decisions (with a `note:`) instead of
    /// leaving `todo:`s; enums get provisional names for global naming.
    decide: bool,
    /// The type or operation whose fields are being read.
    owner: String,
    /// The page is in Chinese (else English).
    zh: bool,
    /// API metadata: the operation's document is the official SDK (the
    /// metadata lacks the action), so what the SDK adds needs no note.
    sdk_document: bool,
}

/// A question the importer either leaves as a `todo:` (single-page drafts)
/// or settles with `change` and a `note:` (corpus import).
fn settle(decide: bool, f: &mut Field, todo: String, note: &str, change: impl FnOnce(&mut Field)) {
    if decide {
        change(f);
        f.notes.push(note.to_owned());
    } else {
        f.todos.push(todo);
    }
}

/// A row's cells by column, for both vendors' layouts.
struct Cells {
    ty: String,
    required: bool,
    default: Option<String>,
    description: String,
    example: Option<String>,
    values: Vec<(String, String)>,
}

fn cells(row: &Row, genauth: bool) -> Cells {
    let c = |i: usize| row.cells.get(i).cloned().unwrap_or_default();
    let required = |s: &str| matches!(s.to_lowercase().as_str(), "yes" | "是" | "true");
    let clean_example = |s: String| {
        let s = s.trim().trim_matches('`').to_owned();
        (!s.is_empty() && s != "-").then_some(s)
    };
    let values: Vec<(String, String)> = row
        .cells
        .iter()
        .flat_map(|c| docread::listed_values_with_text(c))
        .collect();
    if genauth {
        // Params: type, required, default, description, example; DTOs: type,
        // required, description, example; response rows: type, description.
        let (required_, default, description, example) =
            match (row.section, row.cells.len(), &row.table) {
                (Section::Params, _, _) => (
                    required(&c(1)),
                    clean_example(c(2)),
                    c(3),
                    clean_example(c(4)),
                ),
                (_, _, Some(_)) => (required(&c(1)), None, c(2), clean_example(c(3))),
                _ => (false, None, c(1), None),
            };
        return Cells {
            ty: c(0),
            required: required_,
            default,
            description,
            example,
            values,
        };
    }
    // Alibaba: type, [required], description, [• values], [example].
    let mut rest: Vec<String> = row.cells[1.min(row.cells.len())..].to_vec();
    let required_ = row.section == Section::Params && rest.first().is_some_and(|s| required(s));
    if row.section == Section::Params && !rest.is_empty() {
        rest.remove(0);
    }
    let description = if rest.is_empty() {
        String::new()
    } else {
        rest.remove(0)
    };
    let example = rest
        .pop()
        .filter(|e| !e.starts_with('•'))
        .and_then(clean_example);
    Cells {
        ty: c(0),
        required: required_,
        default: None,
        description,
        example,
        values,
    }
}

/// A type cell of a GenAuth table, in every notation the pages use:
/// `string`, `number`, `boolean`, `object`, `array`, `string[]`,
/// `object[]`, `<a href="#T">T</a>`, `<a href="#T">T[]</a>`, and (not on
/// the current pages, read all the same) `Array<T>` and nested lists
/// (`T[][]`, `Array<T[]>`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cell {
    /// `string`, `number`/`integer`, `boolean`: the spec's primitive.
    Scalar(&'static str),
    /// `object`: the type the description links, else any JSON value.
    Object,
    /// `array` without an item type: from the description or the example.
    Array,
    /// A link's target; empty where the link has none (`<a href="#"></a>`).
    Named(String),
    /// `X[]`, `Array<X>`.
    List(Box<Cell>),
    /// An empty cell.
    Empty,
}

impl Cell {
    /// The spec's type expression.
    fn expr(&self) -> String {
        match self {
            Cell::Scalar(s) => (*s).to_owned(),
            Cell::Object | Cell::Empty => "json".to_owned(),
            Cell::Array => "list<json>".to_owned(),
            Cell::Named(t) => t.clone(),
            Cell::List(item) => format!("list<{}>", item.expr()),
        }
    }

    /// A link without a target, at any depth.
    fn names_nothing(&self) -> bool {
        match self {
            Cell::Named(t) => t.is_empty(),
            Cell::List(item) => item.names_nothing(),
            _ => false,
        }
    }
}

/// Reads a type cell; `None` for a notation the importer does not know.
fn type_cell(cell: &str) -> Option<Cell> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Some(Cell::Empty);
    }
    // A link: the target names the type, the text says how deep a list it is.
    if let Some(rest) = cell.strip_prefix("<a href=\"#") {
        let (target, rest) = rest.split_once('"')?;
        let text = rest.strip_prefix('>')?.strip_suffix("</a>")?;
        return list_of(text, &|_| Some(Cell::Named(target.to_owned())));
    }
    list_of(cell, &|word| {
        Some(match word {
            link if link.starts_with("<a ") => return type_cell(link),
            "string" | "String" => Cell::Scalar("string"),
            "number" | "integer" | "Number" => Cell::Scalar("i64"),
            "boolean" | "bool" | "Boolean" => Cell::Scalar("bool"),
            "object" | "Object" => Cell::Object,
            "array" | "Array" => Cell::Array,
            _ => return None,
        })
    })
}

/// `X[]`, `Array<X>`, `array<X>` around what `item` reads.
fn list_of(text: &str, item: &dyn Fn(&str) -> Option<Cell>) -> Option<Cell> {
    let text = text.trim();
    if let Some(inner) = text.strip_suffix("[]") {
        return Some(Cell::List(Box::new(list_of(inner, item)?)));
    }
    let generic = ["Array<", "array<", "List<"]
        .iter()
        .find_map(|open| text.strip_prefix(open)?.strip_suffix('>'));
    match generic {
        Some(inner) => Some(Cell::List(Box::new(list_of(inner, item)?))),
        None => item(text),
    }
}

/// An `array` that names no item type: the table's example shows the items,
/// or they stay JSON values (a question for a person).
fn untyped_array(c: &Cells, questions: &mut Vec<(String, &'static str)>) -> String {
    match c
        .example
        .as_deref()
        .and_then(|e| serde_json::from_str::<Value>(e).ok())
    {
        Some(Value::Array(items)) if items.first().is_some_and(Value::is_string) => {
            "list<string>".to_owned()
        }
        Some(Value::Array(items)) if items.first().is_some_and(Value::is_i64) => {
            "list<i64>".to_owned()
        }
        _ => {
            questions.push((
                "typed `array` with no item type; give one".to_owned(),
                "The document types it `array` and names no item type: the items stay JSON values.",
            ));
            "list<json>".to_owned()
        }
    }
}

/// Description text without an inline value list (`..., such as:<br>- a: ...`).
fn prose(description: &str) -> Option<String> {
    if description.trim_start().starts_with("- ") {
        return None;
    }
    let cut = [
        "<br>- ",
        ":- ",
        ": - ",
        "Valid values:",
        "optional values are",
        "可选值为",
    ]
    .iter()
    .filter_map(|m| description.find(m))
    .min()
    .unwrap_or(description.len());
    let mut text = description[..cut].replace("<br>", " ");
    // Words that only led into the list.
    loop {
        let trimmed = text
            .trim()
            .trim_end_matches([',', '，', ':', '：', ';'])
            .trim_end();
        let shorter = [" such as", " the", "，如", "如", " are"]
            .iter()
            .find_map(|w| trimmed.strip_suffix(w))
            .unwrap_or(trimmed)
            .to_owned();
        if shorter == text {
            break;
        }
        text = shorter;
    }
    (!text.is_empty()).then_some(text)
}

impl Draft {
    fn add_type(&mut self, t: Type) -> String {
        let name = t.name.clone();
        if !self.types.iter().any(|x| x.name == name) {
            self.types.push(t);
        }
        name
    }

    /// Text in the page's language; none where it is empty.
    fn text(&self, text: String) -> Option<Text> {
        if text.is_empty() {
            return None;
        }
        Some(match self.zh {
            true => Text {
                en: None,
                zh: Some(text),
            },
            false => Text {
                en: Some(text),
                zh: None,
            },
        })
    }

    /// The page's title, else the operation's name.
    fn summary(&self, title: Option<&str>, name: &str) -> Text {
        let title = title.and_then(|t| self.text(t.to_owned()));
        title
            .or_else(|| self.text(name.to_owned()))
            .unwrap_or_default()
    }

    /// An enum named after its field, from the values a cell lists. In
    /// corpus mode the name is provisional (`Field__Owner`), settled later
    /// across all pages.
    fn enum_for(
        &mut self,
        wire: &str,
        description: Option<Text>,
        values: Vec<(String, String)>,
    ) -> String {
        let values = values.into_iter().map(|(v, d)| (v, self.text(d))).collect();
        let mut name = wire.to_upper_camel_case();
        let mut todos = vec![format!(
            "named after the field `{wire}`; rename it if another enum of the service has this name but other values"
        )];
        if self.decide {
            name = format!("{name}{PROVISIONAL}{}", self.owner.to_upper_camel_case());
            todos.clear();
        }
        self.add_type(Type {
            name: name.clone(),
            description,
            kind: Kind::Enum(values),
            todos,
            notes: Vec::new(),
            owner: self.owner.clone(),
        })
    }

    // ---- GenAuth: Markdown tables, nested types named by the page ----

    fn genauth(&mut self, page: &Page, service: &Service) -> Operation {
        let method_line = page.lines().find(|l| l.contains("ManagementClient."));
        let method = method_line
            .and_then(|l| l.split("ManagementClient.").nth(1))
            .map(|m| m.trim_matches(['`', ' ']).to_owned())
            .unwrap_or_default();
        let name = method.to_lower_camel_case();
        let verb_reads = ["get", "list", "search", "check", "is", "export"]
            .iter()
            .any(|v| name.starts_with(v));
        let (method, http, location) = if verb_reads {
            (HttpMethod::Get, "GET", ParamLocation::Query)
        } else {
            (HttpMethod::Post, "POST", ParamLocation::Body)
        };
        let path = format!("/api/v3/{}", name.to_kebab_case());
        self.zh = page.zh;
        let summary = page.lines().find_map(|l| {
            l.strip_prefix("# ").or_else(|| {
                l.strip_prefix("¶ ").filter(|_| {
                    !l.contains("Method")
                        && !l.contains("Request")
                        && !l.contains("Sample")
                        && !l.contains("Data Structure")
                })
            })
        });
        let description =
            page.line_after(|l| l.contains("automatically generated") || l.contains("自动生成"));
        let envelope: Vec<&str> = service
            .envelope
            .iter()
            .map(|f| f.wire_name.as_str())
            .collect();
        self.owner = name.to_upper_camel_case();
        let params: Vec<Field> = page
            .rows
            .iter()
            .filter(|r| r.section == Section::Params)
            .map(|r| {
                let mut f = self.genauth_field(r);
                f.location = Some(location);
                f
            })
            .collect();
        let response_name = page.lines().find_map(|l| {
            let rest = l
                .strip_prefix("Type:")
                .or_else(|| l.strip_prefix("类型："))?;
            Some(rest.trim().trim_matches('`').to_owned()).filter(|n| !n.is_empty())
        });
        self.owner = response_name.clone().unwrap_or_default();
        let response = page
            .rows
            .iter()
            .filter(|r| {
                r.section == Section::Fields
                    && r.table.is_none()
                    && !envelope.contains(&r.name.as_str())
            })
            .map(|r| self.genauth_field(r))
            .collect::<Vec<_>>();
        let tables = docread::table_titles(page.text);
        for table in &tables {
            self.owner = table.clone();
            let mut fields: Vec<Field> = Vec::new();
            for row in page.rows.iter().filter(|r| r.table.as_ref() == Some(table)) {
                // A table the page prints twice lists its rows twice.
                if !fields.iter().any(|f| f.wire == row.name) {
                    let field = self.genauth_field(row);
                    fields.push(field);
                }
            }
            self.add_type(Type {
                name: table.clone(),
                description: None,
                kind: Kind::Struct(fields),
                todos: Vec::new(),
                notes: Vec::new(),
                owner: String::new(),
            });
        }
        let decide = self.decide;
        for t in self.types.iter_mut().filter(|t| tables.contains(&t.name)) {
            if let Kind::Struct(fields) = &t.kind {
                if fields.is_empty() && decide {
                    t.notes.push("The document's table for this type is empty: an open object, every field kept.".into());
                } else if fields.is_empty() {
                    t.todos.push("the page's table is empty: keep it an open object (`fields: {}`) or find its fields".into());
                }
            }
        }
        let mut response = response;
        self.infer_data_item(&mut response, &params, &tables);
        let op_name = if name.is_empty() {
            "todoOperationName".into()
        } else {
            name.clone()
        };
        let mut op = Operation {
            summary: self.summary(summary, &op_name),
            name: op_name,
            description: description.and_then(|d| self.text(d.to_owned())),
            http: Some(HttpSpec {
                method,
                path: path.clone(),
            }),
            action: None,
            params,
            response_name,
            response,
            todos: vec![format!(
                "`{http} {path}` follows the V3 naming convention; confirm method, path and parameter placement in the official SDK"
            )],
            notes: Vec::new(),
            also_sources: Vec::new(),
            bare_example: None,
            paging: None,
        };
        // Some pages print only the `data` object, without the envelope.
        op.bare_example = page.example_value().and_then(|v| bare(&v, &op.response));
        if name.is_empty() {
            op.todos
                .push("the page names no `ManagementClient.` method".into());
        }
        if let Some(example) = page.example_value() {
            self.check_genauth_example(&mut op, &example);
        }
        op
    }

    fn genauth_field(&mut self, row: &Row) -> Field {
        let c = cells(row, true);
        let mut questions: Vec<(String, &str)> = Vec::new();
        let linked = |s: &str| {
            s.split("href=\"#")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .map(str::to_owned)
        };
        let ty = match type_cell(c.ty.trim()) {
            // "Nested type: <a href=#T>" in the description names the type.
            Some(Cell::Object) if linked(&c.description).is_some_and(|t| !t.is_empty()) => {
                linked(&c.description).unwrap_or_default()
            }
            Some(Cell::Array) if linked(&c.description).is_some_and(|t| !t.is_empty()) => {
                format!("list<{}>", linked(&c.description).unwrap_or_default())
            }
            Some(Cell::Array) => untyped_array(&c, &mut questions),
            Some(Cell::Empty) => match linked(&c.description) {
                Some(t) => t,
                None => {
                    questions.push((
                        "the type column is empty".to_owned(),
                        "The document leaves the type column empty: any JSON value.",
                    ));
                    "json".to_owned()
                }
            },
            Some(cell) if cell.names_nothing() => {
                questions.push((
                    "the type links to no table".to_owned(),
                    "The document links the type to no table: any JSON value.",
                ));
                "json".to_owned()
            }
            Some(cell) => cell.expr(),
            None => {
                questions.push((
                    format!("unknown type `{}`", c.ty.trim()),
                    "The document's type is not a JSON type the importer knows: any JSON value.",
                ));
                "json".to_owned()
            }
        };
        let description = prose(
            c.description
                .split("Nested type")
                .next()
                .and_then(|d| d.split("嵌套类型").next())
                .unwrap_or(""),
        )
        .and_then(|d| self.text(d));
        // `boolean` cells list `true` and `false` with their meanings: a
        // boolean, not an enum of two strings.
        let boolean = (ty == "bool" || ty == "list<bool>")
            && c.values.iter().all(|(v, _)| v == "true" || v == "false");
        let ty = match (c.values.is_empty() || boolean, is_list(&ty)) {
            (true, _) => ty,
            // An `array` whose cell lists the values: a list of the enum.
            (false, true) => format!(
                "list<{}>",
                self.enum_for(&row.name, description.clone(), c.values.clone())
            ),
            (false, false) => self.enum_for(&row.name, description.clone(), c.values.clone()),
        };
        let mut field = Field {
            rust_name: rust_name_for(&row.name),
            wire: row.name.clone(),
            ty,
            required: c.required,
            location: None,
            default: c.default,
            description,
            example: c.example,
            ..Field::default()
        };
        for (todo, note) in questions {
            settle(self.decide, &mut field, todo, note, |_| {});
        }
        field
    }

    /// An untyped `array` field gets the one data-structure table that no field
    /// refers to (how the GenAuth pages list the item type of `data`).
    fn infer_data_item(&mut self, response: &mut [Field], params: &[Field], tables: &[String]) {
        let referenced = |t: &String| {
            let mut fields = response
                .iter()
                .chain(params)
                .chain(self.types.iter().flat_map(|x| match &x.kind {
                    Kind::Struct(fs) => fs.as_slice(),
                    Kind::Enum(_) => &[],
                }));
            fields.any(|f| f.ty == *t || f.ty == format!("list<{t}>"))
        };
        let free: Vec<&String> = tables.iter().filter(|t| !referenced(t)).collect();
        if let ([item], Some(f)) = (
            free.as_slice(),
            response.iter_mut().find(|f| f.ty == "list<json>"),
        ) {
            f.ty = format!("list<{item}>");
            let text = format!(
                "item type `{item}` guessed: the one data-structure table no field refers to"
            );
            if self.decide {
                f.todos.clear();
                f.notes = vec![format!("The document types it `array` without an item type; the item type is `{item}`, the one data-structure table of the page no field refers to.")];
            } else {
                f.todos = vec![text];
            }
        }
    }

    /// Compares the response tables with the example and notes contradictions.
    fn check_genauth_example(&mut self, op: &mut Operation, example: &Value) {
        let Some(obj) = example.as_object() else {
            return;
        };
        for field in &mut op.response {
            let Some(value) = obj.get(&field.wire) else {
                continue;
            };
            let item = named(&field.ty).unwrap_or_default();
            if is_list(&field.ty) && value.is_object() {
                let msg = format!(
                    "`{}` is typed `array`, the example shows one object",
                    field.wire
                );
                settle(
                    self.decide,
                    field,
                    format!("{msg}; decide (e.g. `decode: one_or_many`)"),
                    "The table types it `array` while the example shows one object: a list, and a single object is accepted as a list of one.",
                    |f| f.decode = Some(Decode::OneOrMany),
                );
                self.contradictions.push(msg);

                self.check_struct(&item, value);
            } else if let Some(first) = value.as_array().and_then(|a| a.first()) {
                self.check_struct(&item, first);
            } else {
                self.check_struct(&item, value);
            }
        }
    }

    /// Required fields missing from the example, arrays sent as strings.
    fn check_struct(&mut self, name: &str, value: &Value) {
        let Some(obj) = value.as_object() else { return };
        let Some(t) = self.types.iter_mut().find(|t| t.name == name) else {
            return;
        };
        let Kind::Struct(fields) = &mut t.kind else {
            return;
        };
        let decide = self.decide;
        for f in fields.iter_mut() {
            match obj.get(&f.wire) {
                None if f.required => {
                    let msg = format!(
                        "`{name}.{}` is marked required but the example omits it",
                        f.wire
                    );
                    settle(
                        decide,
                        f,
                        format!("{msg}; keep it required or make it optional"),
                        "Marked required in the document's table, but the example omits it: optional, so that the documented response decodes.",
                        |f| f.required = false,
                    );
                    self.contradictions.push(msg);
                }
                Some(Value::String(s)) if is_list(&f.ty) && f.decode.is_none() => {
                    let msg = format!(
                        "`{name}.{}` is typed `array`, the example sends a string",
                        f.wire
                    );
                    let json = serde_json::from_str::<Value>(s).is_ok_and(|v| v.is_array());
                    let (note, decode) = if json {
                        ("The table types it `array` while the example sends the list JSON-encoded in a string: a list, decoded from either form.", Some(Decode::JsonString))
                    } else {
                        ("The table types it `array` while the example sends a plain string: a list, decoded from a list or a JSON string; the example's value is re-encoded as shown.", Some(Decode::JsonString))
                    };
                    settle(
                        decide,
                        f,
                        format!("{msg}; decide (e.g. `decode: json_string`)"),
                        note,
                        |f| f.decode = decode,
                    );
                    self.contradictions.push(msg);
                }
                _ => {}
            }
        }
    }

    // ---- Alibaba: flattened tables, structure from the example ----

    fn alibaba(&mut self, page: &Page) -> Operation {
        let title = page
            .lines()
            .find(|l| l.contains(':') && !l.contains(' ') || l.contains("Service:"));
        let action = title
            .and_then(|t| t.rsplit(':').next())
            .filter(|a| a.chars().all(|c| c.is_ascii_alphanumeric()) && !a.is_empty());
        self.zh = page.zh;
        let summary = page
            .line_after(|l| l.starts_with("Last Updated"))
            .filter(|_| action.is_some())
            .or_else(|| page.lines().find(|l| !l.is_empty()));
        let mut todos = Vec::new();
        let name = match action {
            Some(a) => a.to_owned(),
            None => {
                todos.push(
                    "the page does not print the action name; take it from the vendor's SDK"
                        .to_owned(),
                );
                "TodoActionName".to_owned()
            }
        };
        let params = page
            .rows
            .iter()
            .filter(|r| r.section == Section::Params)
            .map(|r| {
                let c = cells(r, false);
                let mut f = self.alibaba_field(r, &c, None);
                f.required = c.required;
                f.location = Some(ParamLocation::Query);
                f
            })
            .collect();
        let rows: Vec<&Row> = page
            .rows
            .iter()
            .filter(|r| r.section == Section::Fields && r.name != "RequestId")
            .collect();
        let mut used = vec![false; rows.len()];
        let response = match page.example_value() {
            Some(Value::Object(obj)) => self.alibaba_object("", &obj, &rows, &mut used),
            _ => {
                todos.push("no JSON example: the nesting of the response fields is unknown".into());
                Vec::new()
            }
        };
        let mut response = response;
        response.retain(|f| f.wire != "RequestId");
        for (row, _) in rows.iter().zip(&used).filter(|(_, u)| !**u) {
            let c = cells(row, false);
            let mut f = self.alibaba_field(row, &c, None);
            f.todos
                .push("in the table but not in the example; place it where it belongs".into());
            self.contradictions.push(format!(
                "`{}` is in the table but not in the example",
                row.name
            ));
            response.push(f);
        }
        Operation {
            http: None,
            action: Some(name.clone()),
            summary: self.summary(summary, &name),
            name,
            description: None,
            params,
            response_name: None,
            response,
            todos,
            notes: Vec::new(),
            also_sources: Vec::new(),
            bare_example: None,
            paging: None,
        }
    }

    /// The fields of an example object, described by the first unused table row of each name.
    fn alibaba_object(
        &mut self,
        parent: &str,
        obj: &serde_json::Map<String, Value>,
        rows: &[&Row],
        used: &mut [bool],
    ) -> Vec<Field> {
        let mut fields = Vec::new();
        for (key, value) in obj {
            let index = rows
                .iter()
                .enumerate()
                .position(|(i, r)| r.name == *key && !used[i])
                .or_else(|| rows.iter().position(|r| r.name == *key));
            if let Some(i) = index {
                used[i] = true;
            }
            let c = index.map(|i| cells(rows[i], false));
            let mut f = match (&c, index) {
                (Some(c), Some(i)) => self.alibaba_field(rows[i], c, Some(value)),
                _ => Field {
                    wire: key.clone(),
                    ty: "json".into(),
                    todos: vec!["in the example but not in the table".into()],
                    ..Field::default()
                },
            };
            match value {
                Value::Object(inner) => {
                    let nested = self.alibaba_object(key, inner, rows, used);
                    f.ty = self.struct_named(parent, key, f.description.clone(), nested);
                }
                Value::Array(items) => match items.first() {
                    Some(Value::Object(inner)) => {
                        let nested = self.alibaba_object(key, inner, rows, used);
                        let singular = key.strip_suffix('s').unwrap_or(key);
                        f.ty = format!(
                            "list<{}>",
                            self.struct_named(parent, singular, f.description.clone(), nested)
                        );
                        // The unnamed item row of an `array<object>`.
                    }
                    Some(Value::Number(_)) => f.ty = "list<i64>".into(),
                    _ => f.ty = "list<string>".into(),
                },
                _ => {}
            }
            fields.push(f);
        }
        fields
    }

    /// A struct for an example object; an identical shape reuses the first name.
    fn struct_named(
        &mut self,
        parent: &str,
        key: &str,
        description: Option<Text>,
        fields: Vec<Field>,
    ) -> String {
        let shape = |fs: &[Field]| {
            fs.iter()
                .map(|f| (f.wire.clone(), f.ty.clone()))
                .collect::<Vec<_>>()
        };
        let this = shape(&fields);
        if let Some(t) = self
            .types
            .iter_mut()
            .find(|t| matches!(&t.kind, Kind::Struct(fs) if shape(fs) == this))
        {
            if t.name != key {
                let note = format!("also used for `{key}`: name it for every use");
                if !t.todos.contains(&note) {
                    t.todos.push(note);
                }
            }
            return t.name.clone();
        }
        let mut name = key.to_upper_camel_case();
        if crate::names::RESERVED_TYPES.contains(&name.as_str()) {
            name = format!("{}{name}", parent.to_upper_camel_case());
        }
        self.add_type(Type {
            name,
            description,
            kind: Kind::Struct(fields),
            todos: Vec::new(),
            notes: Vec::new(),
            owner: String::new(),
        })
    }

    fn alibaba_field(&mut self, row: &Row, c: &Cells, example: Option<&Value>) -> Field {
        let mut todos = Vec::new();
        let description = prose(&c.description).and_then(|d| self.text(d));
        let ty = match c.ty.as_str() {
            "string" => "string".to_owned(),
            "integer" | "long" => "i64".to_owned(),
            "boolean" => "bool".to_owned(),
            "float" | "double" => "f64".to_owned(),
            "object" => "json".to_owned(),
            "array" | "array<object>" | "array<string>" => "list<json>".to_owned(),
            other => {
                todos.push(format!("unknown type `{other}`"));
                "json".to_owned()
            }
        };
        let ty = if c.values.is_empty() {
            ty
        } else {
            self.enum_for(&row.name, description.clone(), c.values.clone())
        };
        if let (Some(Value::String(s)), "i64") = (example, ty.as_str()) {
            todos.push(format!(
                "typed `integer`, the example sends the string `{s}`"
            ));
        }
        if let Some(Value::String(s)) = example {
            if s.ends_with('\n') {
                let msg = format!("the example value of `{}` ends with a newline", row.name);
                self.contradictions.push(msg);
            }
        }
        Field {
            wire: row.name.clone(),
            ty,
            required: false,
            location: None,
            default: None,
            description,
            example: c.example.clone(),
            todos,
            ..Field::default()
        }
    }

    /// Types breadth-first from the operation's parameters and response, so a
    /// type comes after the first type that uses it.
    fn in_reading_order(&self, op: &Operation) -> Vec<&Type> {
        let mut order: Vec<&Type> = Vec::new();
        let mut queue: std::collections::VecDeque<String> = op
            .params
            .iter()
            .chain(&op.response)
            .filter_map(|f| named(&f.ty))
            .collect();
        while let Some(name) = queue.pop_front() {
            let Some(t) = self.types.iter().find(|t| t.name == name) else {
                continue;
            };
            if order.iter().any(|o| o.name == t.name) {
                continue;
            }
            order.push(t);
            if let Kind::Struct(fields) = &t.kind {
                queue.extend(fields.iter().filter_map(|f| named(&f.ty)));
            }
        }
        order.extend(
            self.types
                .iter()
                .filter(|t| !order.iter().any(|o| o.name == t.name))
                .collect::<Vec<_>>(),
        );
        order
    }

    /// The draft file: a comment with what to resolve, the operation, and
    /// its types in reading order.
    fn file<'a>(&'a self, document: &'a str, op: &'a Operation, page: &Page) -> spec::File<'a> {
        let mut comment = vec![
            format!("Draft imported from {document} by `cargo xtask import`."),
            "Resolve every `todo:` (the validator refuses the spec until then), and write each"
                .into(),
            "decision on a contradiction in a `note:`.".into(),
        ];
        if !self.contradictions.is_empty() {
            comment.push("Contradictions between the tables and the example:".into());
            for c in &self.contradictions {
                let line = format!("- {c}");
                if !comment.contains(&line) {
                    comment.push(line);
                }
            }
        }
        let examples = page
            .example
            .iter()
            .enumerate()
            .map(|(n, json)| spec::example(n, document, json, op.bare_example, None))
            .collect();
        spec::File {
            comment,
            operation: Some((op, document, examples)),
            types: self.in_reading_order(op),
        }
    }
}

/// A `rust_name` for a wire name that is not letters, digits and `_`.
fn rust_name_for(wire: &str) -> Option<String> {
    use heck::ToSnakeCase;
    let plain = wire.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (!plain && !wire.is_empty()).then(|| wire.to_snake_case())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every draft of the seeds and of the GenAuth pages, written and read
    /// back through `raw`, is the value it was written from.
    #[test]
    fn drafts_read_back_as_their_values() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let sources = crate::load::read_dir(&root.join("spec")).expect("spec/");
        let api = crate::check(sources).expect("valid specs");
        let service = |name: &str| api.services.iter().find(|s| s.name == name).expect(name);
        let mut pages = corpus::read_pages(&root.join("../shared/docs/genauth-v3-python-zh"))
            .expect("the GenAuth pages");
        for seed in std::fs::read_dir(root.join("../shared/seeds")).expect("seeds") {
            let path = seed.expect("seed").path();
            if path.extension().is_some_and(|e| e == "txt") {
                let name = path
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                pages.push((name, std::fs::read_to_string(&path).expect("seed")));
            }
        }
        assert!(pages.len() > 425);
        for (document, text) in &pages {
            let genauth = text.contains("ManagementClient");
            let service = service(if genauth { "genauth" } else { "eiam" });
            let page = Page::read(text);
            let mut draft = Draft::default();
            let op = match genauth {
                true => draft.genauth(&page, service),
                false => draft.alibaba(&page),
            };
            let doc = draft.file(document, &op, &page).document();
            let back: crate::raw::SpecFile =
                serde_yaml::from_str(&doc.to_yaml()).expect("a draft loads");
            assert_eq!(back, doc.spec, "{document}");
        }
    }

    #[test]
    fn type_cells_in_every_notation() {
        let expr = |cell: &str| type_cell(cell).map(|c| c.expr());
        for (cell, want) in [
            ("string", "string"),
            ("number", "i64"),
            ("boolean", "bool"),
            ("object", "json"),
            ("array", "list<json>"),
            ("string[]", "list<string>"),
            ("number[]", "list<i64>"),
            ("object[]", "list<json>"),
            ("boolean[]", "list<bool>"),
            ("Array<string>", "list<string>"),
            ("string[][]", "list<list<string>>"),
            ("<a href=\"#UserDto\">UserDto</a>", "UserDto"),
            ("<a href=\"#UserDto\">UserDto[]</a>", "list<UserDto>"),
            ("<a href=\"#UserDto\">Array<UserDto></a>", "list<UserDto>"),
            (
                "<a href=\"#UserDto\">UserDto[][]</a>",
                "list<list<UserDto>>",
            ),
            ("Array<<a href=\"#X\">X</a>>", "list<X>"),
        ] {
            assert_eq!(expr(cell).as_deref(), Some(want), "{cell}");
        }
        assert_eq!(type_cell(""), Some(Cell::Empty));
        assert!(type_cell("<a href=\"#\"></a>").is_some_and(|c| c.names_nothing()));
        assert!(type_cell("<a href=\"#\">[]</a>").is_some_and(|c| c.names_nothing()));
        assert_eq!(type_cell("date"), None);
    }

    #[test]
    fn prose_drops_inline_value_lists() {
        assert_eq!(
            prose("External identity source Type: - wechat: WeChat- qq: QQ").as_deref(),
            Some("External identity source Type")
        );
        assert_eq!(
            prose("The status. Valid values:").as_deref(),
            Some("The status.")
        );
        assert_eq!(prose("- a: b"), None);
    }
}

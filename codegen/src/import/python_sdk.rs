//! A reader of an Alibaba Cloud product's official Python SDK
//! (`alibabacloud_eiam20211201`), a rendering of the same API reference as
//! the vendor's documents: `client.py` gives each action's route and where
//! each request parameter goes, the `DaraModel` classes of `models/*.py` (or
//! one `models.py`) each field's type, wire name and English description.
//!
//! The functions read source text; only [`Package::read`] touches the
//! filesystem. What the SDK says:
//!
//! - `client.py`: one `<op>_with_options` method per action (the `_async`
//!   twins are skipped). It takes `request: main_models.<Action>Request`
//!   (`tmp_req:` where it builds `*Shrink` copies), puts each field with
//!   `query['Wire'] = request.attr` or `body['Wire'] = request.attr` (RPC:
//!   the runtime flattens lists and objects into `Wire.1.Key` parameters),
//!   names `action = '..'`, `version`, `pathname`, `method` and `style`, and
//!   returns `main_models.<Action>Response`, whose `body` field is the
//!   response body's class.
//! - A model class lists its attributes with Python types in `__init__`
//!   (`str`, `int`, `float`, `bool`, `Any`, `List[..]`, `Dict[str, ..]`,
//!   `main_models.Class`), each preceded by `#` comment lines: the English
//!   description, `This parameter is required.` on a line of its own for a
//!   required field, `Valid values:` followed by `- value: text` bullets.
//!   `to_map` maps each attribute to its wire name.
//!
//! Comment text is kept as markdown (`**Name**`, links, `>` notes and
//! bullet lists stay); see [`Doc`] for what is taken out of it.

use std::collections::BTreeMap;
use std::path::Path;

/// An SDK package: its model classes and its actions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Package {
    /// Every model class by name (requests, responses, their nested classes).
    pub classes: BTreeMap<String, Class>,
    /// The actions in `client.py` order.
    pub actions: Vec<Action>,
}

/// A `DaraModel` class.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Class {
    pub name: String,
    /// In `__init__` order.
    pub fields: Vec<Field>,
}

/// An attribute of a model class.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Python attribute (`instance_id`).
    pub attr: String,
    /// The wire name `to_map` writes (`InstanceId`); `None` if it writes none.
    pub wire: Option<String>,
    pub ty: PyType,
    /// The comment says `This parameter is required.` on a line of its own;
    /// "This parameter is required when (if) ..." is a condition, not this.
    pub required: bool,
    pub doc: Doc,
}

/// A field's Python type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PyType {
    Str,
    Int,
    Float,
    Bool,
    /// `Any`, `dict`: free-form.
    Any,
    List(Box<PyType>),
    /// `Dict[str, T]`: string keys.
    Dict(Box<PyType>),
    /// A model class, by name (`main_models.` dropped).
    Model(String),
}

impl PyType {
    /// The model class inside lists and maps, if any.
    pub fn model(&self) -> Option<&str> {
        match self {
            PyType::Model(name) => Some(name),
            PyType::List(t) | PyType::Dict(t) => t.model(),
            _ => None,
        }
    }
}

/// What a field's comment says, cleaned: the lines without their `# `, with
/// the `This parameter is required.` line, leaked documentation keys
/// (`[_single.resp.200.props...]EIAM 2.0`) and a leading `**[Deprecated]**`
/// taken out, runs of blank lines made one, ends trimmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    /// The description, lists included (empty when there is no comment).
    pub text: String,
    /// `(value, text)` of each bullet after a line ending in `Valid values:`
    /// (`- value: text`, `* value`, or unbulleted `value: text` where the
    /// value has no space), up to the first other non-blank line; the text is
    /// empty when the bullet has none. A bullet written the other way round
    /// (`- Inbound AD: urn:alibaba:idaas:idp:microsoft:ad:pull`: a value
    /// with spaces, a text without) is swapped. Inline lists (`Valid values:
    /// enabled or disabled.`), ranges (`Valid values: 1 to 100.`) and bullets
    /// after any other line (`- true: The assertion is signed.` right after
    /// the description) are not read: bullets there are as often prose
    /// (`- The maximum value is 100.`).
    pub values: Vec<(String, String)>,
    /// The comment started with `**[Deprecated]**`.
    pub deprecated: bool,
}

/// One action of `client.py`.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// `action = '..'` (`CreateUser`).
    pub name: String,
    /// The method's name (`create_user_with_options`).
    pub method_name: String,
    /// 1-based line of the method's `def` in `client.py`.
    pub line: usize,
    pub version: String,
    /// `POST`.
    pub method: String,
    /// `/`.
    pub pathname: String,
    /// `RPC`.
    pub style: String,
    /// The request class (`CreateUserRequest`).
    pub request: Option<String>,
    /// The response class (`CreateUserResponse`); its `body` field is the
    /// response body ([`Package::response_body`]).
    pub response: Option<String>,
    /// In the order the method places them.
    pub params: Vec<Param>,
}

/// A request parameter as `client.py` places it.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The key it is placed under (`InstanceId`).
    pub wire: String,
    /// The request attribute it reads, `_shrink` dropped.
    pub attr: String,
    pub placement: Placement,
    /// The request class's field of that attribute (type, required, doc);
    /// `None` if the class has none.
    pub field: Option<Field>,
}

/// Where `client.py` puts a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `query[..]`: the query string (flattened for RPC).
    Query,
    /// `body[..]`: the form body.
    Body,
}

/// A field with its class's fields resolved, as a tree
/// ([`Package::tree`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub field: &'a Field,
    /// The fields of the field's model class (inside lists and maps); empty
    /// for scalars, for a class not found, and where the class is already
    /// on the path from the root (a recursive type).
    pub children: Vec<Node<'a>>,
}

impl Package {
    /// Reads `client.py` and `models.py` or `models/*.py` of an unpacked
    /// package directory (`.../alibabacloud_eiam20211201`).
    pub fn read(dir: &Path) -> Result<Package, String> {
        let read = |path: &Path| {
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
        };
        let single = dir.join("models.py");
        let mut files = Vec::new();
        if single.is_file() {
            files.push(single);
        } else {
            let models = dir.join("models");
            let entries = std::fs::read_dir(&models)
                .map_err(|e| format!("cannot read {}: {e}", models.display()))?;
            files.extend(
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "py")),
            );
            files.sort();
        }
        let mut classes = BTreeMap::new();
        for path in files {
            read_models(&read(&path)?, &mut classes);
        }
        let actions = read_client(&read(&dir.join("client.py"))?);
        Ok(Package::new(classes, actions))
    }

    /// Joins actions with the classes: each parameter gets its request
    /// class's field.
    pub fn new(classes: BTreeMap<String, Class>, mut actions: Vec<Action>) -> Package {
        for action in &mut actions {
            let Some(class) = action.request.as_ref().and_then(|r| classes.get(r)) else {
                continue;
            };
            for param in &mut action.params {
                param.field = class.fields.iter().find(|f| f.attr == param.attr).cloned();
            }
        }
        Package { classes, actions }
    }

    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.name == name)
    }

    /// The class of the response's `body` field.
    pub fn response_body(&self, action: &Action) -> Option<&Class> {
        let response = self.classes.get(action.response.as_deref()?)?;
        let body = response
            .fields
            .iter()
            .find(|f| f.wire.as_deref() == Some("body"))?;
        self.classes.get(body.ty.model()?)
    }

    /// The fields of `class`, each with its own class's fields below it.
    pub fn tree(&self, class: &str) -> Vec<Node<'_>> {
        let mut path = Vec::new();
        self.nodes(class, &mut path)
    }

    fn nodes<'a>(&'a self, class: &str, path: &mut Vec<&'a str>) -> Vec<Node<'a>> {
        let Some((class, c)) = self.classes.get_key_value(class) else {
            return Vec::new();
        };
        if path.contains(&class.as_str()) {
            return Vec::new();
        }
        path.push(class);
        let nodes = c
            .fields
            .iter()
            .map(|field| Node {
                field,
                children: field
                    .ty
                    .model()
                    .map(|m| self.nodes(m, path))
                    .unwrap_or_default(),
            })
            .collect();
        path.pop();
        nodes
    }
}

/// A field's `__init__` signature line, then its comment, then its `to_map`
/// wire name, collected per class.
#[derive(Default)]
struct Collected {
    /// `(attribute, type)` in signature order.
    attrs: Vec<(String, PyType)>,
    comments: BTreeMap<String, Vec<String>>,
    wire: BTreeMap<String, String>,
}

/// Adds the classes of one models source file to `classes`.
pub fn read_models(src: &str, classes: &mut BTreeMap<String, Class>) {
    let mut found: Vec<(String, Collected)> = Vec::new();
    let mut section = "";
    let mut comment: Vec<String> = Vec::new();
    let mut pending_wire: Option<String> = None;
    for line in src.lines() {
        let trimmed = line.trim();
        if let Some(rest) = line.strip_prefix("class ") {
            let name = rest.split(['(', ':']).next().unwrap_or_default().trim();
            found.push((name.to_owned(), Collected::default()));
            section = "";
            continue;
        }
        let Some((_, class)) = found.last_mut() else {
            continue;
        };
        if let Some(def) = trimmed.strip_prefix("def ") {
            section = if def.starts_with("__init__") {
                "init"
            } else if def.starts_with("to_map") {
                "to_map"
            } else {
                ""
            };
            comment.clear();
            continue;
        }
        match section {
            "init" => {
                if let Some(c) = trimmed.strip_prefix('#') {
                    comment.push(c.strip_prefix(' ').unwrap_or(c).trim_end().to_owned());
                } else if let Some(attr) = trimmed.strip_prefix("self.") {
                    let attr = attr.split([' ', '=']).next().unwrap_or_default();
                    class
                        .comments
                        .insert(attr.to_owned(), std::mem::take(&mut comment));
                } else if let Some((attr, ty)) = trimmed
                    .strip_suffix(" = None,")
                    .and_then(|d| d.split_once(": "))
                {
                    class.attrs.push((attr.to_owned(), py_type(ty)));
                }
            }
            "to_map" => {
                if let Some(rest) = trimmed.strip_prefix("result['") {
                    let Some((wire, value)) = rest.split_once("']") else {
                        continue;
                    };
                    match self_attr(value) {
                        Some(attr) => {
                            class.wire.insert(attr, wire.to_owned());
                        }
                        None if value.trim_start().starts_with("= [")
                            || value.trim_start().starts_with("= {") =>
                        {
                            pending_wire = Some(wire.to_owned());
                        }
                        None => {}
                    }
                } else if let (Some(wire), Some(attr)) = (&pending_wire, self_attr(trimmed)) {
                    class.wire.insert(attr, wire.clone());
                    pending_wire = None;
                }
            }
            _ => {}
        }
    }
    for (name, mut c) in found {
        let fields = c
            .attrs
            .into_iter()
            .map(|(attr, ty)| {
                let lines = c.comments.remove(&attr).unwrap_or_default();
                let (doc, required) = read_comment(&lines);
                Field {
                    wire: c.wire.get(&attr).cloned(),
                    attr,
                    ty,
                    required,
                    doc,
                }
            })
            .collect();
        classes.insert(name.clone(), Class { name, fields });
    }
}

/// `self.attr` in an expression (`self.attr.to_map()`, `self.attr is not None`).
fn self_attr(text: &str) -> Option<String> {
    let rest = &text[text.find("self.")? + 5..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

fn py_type(ty: &str) -> PyType {
    let ty = ty.trim();
    if let Some(inner) = ty.strip_prefix("List[").and_then(|t| t.strip_suffix(']')) {
        return PyType::List(Box::new(py_type(inner)));
    }
    if let Some(inner) = ty.strip_prefix("Dict[").and_then(|t| t.strip_suffix(']')) {
        let value = inner.split_once(',').map_or("Any", |(_, v)| v);
        return PyType::Dict(Box::new(py_type(value)));
    }
    match ty {
        "str" => PyType::Str,
        "int" => PyType::Int,
        "float" => PyType::Float,
        "bool" => PyType::Bool,
        "Any" | "dict" | "Dict" => PyType::Any,
        other => PyType::Model(
            other
                .strip_prefix("main_models.")
                .unwrap_or(other)
                .to_owned(),
        ),
    }
}

const REQUIRED: &str = "This parameter is required.";
const DEPRECATED: &str = "**[Deprecated]**";

/// A field's comment lines (without `# `): its [`Doc`] and whether it says
/// the field is required.
fn read_comment(lines: &[String]) -> (Doc, bool) {
    let mut required = false;
    let mut kept: Vec<&str> = Vec::new();
    for line in lines {
        let line = line.trim_end();
        if line.trim() == REQUIRED {
            required = true;
        } else if line.starts_with("[_single.") {
            // A documentation key leaked into the text, repeating a bullet.
        } else if line.is_empty() && kept.last().is_none_or(|l| l.is_empty()) {
            // A blank line at the start or after another.
        } else {
            kept.push(line);
        }
    }
    while kept.last().is_some_and(|l| l.is_empty()) {
        kept.pop();
    }
    let mut text = kept.join("\n");
    let deprecated = text.starts_with(DEPRECATED);
    if deprecated {
        text = text[DEPRECATED.len()..].trim_start().to_owned();
    }
    let values = valid_values(&kept);
    (
        Doc {
            text,
            values,
            deprecated,
        },
        required,
    )
}

/// The bullets after each line ending in `Valid values:` (see [`Doc`]).
fn valid_values(lines: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut in_list = false;
    for line in lines {
        let line = line.trim();
        if line.ends_with("Valid values:") {
            in_list = true;
            continue;
        }
        if !in_list || line.is_empty() {
            continue;
        }
        let bullet = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("* "))
            .map(str::trim_start);
        let (value, text) = match bullet.unwrap_or(line).split_once(": ") {
            Some((v, t)) => (v.trim(), t.trim()),
            None => (bullet.unwrap_or(line).trim(), ""),
        };
        let is_item = match bullet {
            Some(_) => !value.is_empty(),
            None => !text.is_empty() && !value.is_empty() && !value.contains(char::is_whitespace),
        };
        if !is_item {
            in_list = false;
            continue;
        }
        let swapped = value.contains(char::is_whitespace)
            && !text.is_empty()
            && !text.contains(char::is_whitespace);
        let (value, text) = if swapped {
            (text, value)
        } else {
            (value, text)
        };
        out.push((value.to_owned(), text.to_owned()));
    }
    out
}

/// Every `<op>_with_options` method of `client.py` (not the `_async`
/// twins), its parameters without their fields ([`Package::new`] joins them).
pub fn read_client(src: &str) -> Vec<Action> {
    let mut actions = Vec::new();
    let lines: Vec<&str> = src.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_start();
        let is_method = line.starts_with("def ")
            && line.contains("_with_options(")
            && !line.contains("_async(");
        if !is_method {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < lines.len()
            && !lines[i].trim_start().starts_with("def ")
            && !lines[i].starts_with("    async def ")
        {
            i += 1;
        }
        if let Some(action) = read_method(&lines[start..i], start + 1) {
            actions.push(action);
        }
    }
    actions
}

fn quoted_after<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line
        .trim_start()
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    rest.strip_prefix('\'')?.split('\'').next()
}

fn read_method(lines: &[&str], line: usize) -> Option<Action> {
    let method_name = lines[0]
        .trim_start()
        .strip_prefix("def ")?
        .split('(')
        .next()?
        .to_owned();
    let mut action = Action {
        name: String::new(),
        method_name,
        line,
        version: String::new(),
        method: String::new(),
        pathname: String::new(),
        style: String::new(),
        request: None,
        response: None,
        params: Vec::new(),
    };
    let mut named = false;
    for l in lines {
        let t = l.trim();
        let key = ["action", "version", "method", "pathname", "style"]
            .into_iter()
            .find_map(|key| Some((key, quoted_after(t, key)?)));
        if let Some((key, value)) = key {
            let slot = match key {
                "action" => &mut action.name,
                "version" => &mut action.version,
                "method" => &mut action.method,
                "pathname" => &mut action.pathname,
                _ => &mut action.style,
            };
            *slot = value.to_owned();
            named |= key == "action";
        } else if let Some(ty) = t
            .strip_prefix("request: main_models.")
            .or_else(|| t.strip_prefix("tmp_req: main_models."))
        {
            action.request = Some(ty.trim_end_matches(',').to_owned());
        } else if let Some(ty) = t.strip_prefix(") -> main_models.") {
            action.response = Some(ty.trim_end_matches(':').to_owned());
        } else {
            for (prefix, placement) in [("query['", Placement::Query), ("body['", Placement::Body)]
            {
                let Some((wire, value)) = t.strip_prefix(prefix).and_then(|r| r.split_once("']"))
                else {
                    continue;
                };
                let value = value.trim();
                let attr = value
                    .strip_prefix("= request.")
                    .or_else(|| value.strip_prefix("= tmp_req."));
                if let Some(attr) = attr {
                    action.params.push(Param {
                        wire: wire.to_owned(),
                        attr: attr.trim_end_matches("_shrink").to_owned(),
                        placement,
                        field: None,
                    });
                }
            }
        }
    }
    named.then_some(action)
}

#[cfg(test)]
mod tests {
    //! The excerpts are lines of `alibabacloud-eiam20211201` 3.0.1 (Apache
    //! License 2.0, © Alibaba Cloud), copied verbatim; "abridged" ones leave
    //! out whole lines (other attributes, methods, list items), never part of
    //! one. Blank comment lines are `# ` with a trailing space, as in the SDK.

    use super::*;

    /// `models/_add_group_to_authorization_rule_request.py`, abridged.
    const ADD_GROUP_REQUEST: &str = r#"
class AddGroupToAuthorizationRuleRequest(DaraModel):
    def __init__(
        self,
        authorization_rule_id: str = None,
        client_token: str = None,
        validity_period: main_models.AddGroupToAuthorizationRuleRequestValidityPeriod = None,
        validity_type: str = None,
    ):
        # The authorization rule ID.
        # 
        # This parameter is required.
        self.authorization_rule_id = authorization_rule_id
        # The client token that is used to ensure the idempotence of the request. You can use the client to generate a parameter value, but you must make sure that the value is unique among different requests. The ClientToken value can contain only ASCII characters and cannot exceed 64 characters in length. For more information, see References [How to ensure idempotence](https://www.alibabacloud.com/help/zh/ecs/developer-reference/how-to-ensure-idempotence).
        # 
        # This parameter is required.
        self.client_token = client_token
        # The time range of the validity period. This parameter takes effect only when **ValidityType** is set to **time_bound**.
        self.validity_period = validity_period
        # The validity type of the relationship. Valid values:
        # - permanent: permanent
        # - time_bound: custom time range.
        # 
        # This parameter is required.
        self.validity_type = validity_type

    def validate(self):
        if self.validity_period:
            self.validity_period.validate()

    def to_map(self):
        result = dict()
        _map = super().to_map()
        if _map is not None:
            result = _map
        if self.authorization_rule_id is not None:
            result['AuthorizationRuleId'] = self.authorization_rule_id

        if self.client_token is not None:
            result['ClientToken'] = self.client_token

        if self.validity_period is not None:
            result['ValidityPeriod'] = self.validity_period.to_map()

        if self.validity_type is not None:
            result['ValidityType'] = self.validity_type

        return result
"#;

    /// `client.py`, `add_group_to_authorization_rule_with_options`, abridged.
    const ADD_GROUP_CLIENT: &str = r#"
    def add_group_to_authorization_rule_with_options(
        self,
        request: main_models.AddGroupToAuthorizationRuleRequest,
        runtime: RuntimeOptions,
    ) -> main_models.AddGroupToAuthorizationRuleResponse:
        request.validate()
        query = {}
        if not DaraCore.is_null(request.authorization_rule_id):
            query['AuthorizationRuleId'] = request.authorization_rule_id
        if not DaraCore.is_null(request.validity_period):
            query['ValidityPeriod'] = request.validity_period
        if not DaraCore.is_null(request.validity_type):
            query['ValidityType'] = request.validity_type
        body = {}
        if not DaraCore.is_null(request.client_token):
            body['ClientToken'] = request.client_token
        req = open_api_util_models.OpenApiRequest(
            query = Utils.query(query),
            body = Utils.parse_to_map(body)
        )
        params = open_api_util_models.Params(
            action = 'AddGroupToAuthorizationRule',
            version = '2021-12-01',
            protocol = 'HTTPS',
            pathname = '/',
            method = 'POST',
            auth_type = 'AK',
            style = 'RPC',
            req_body_type = 'formData',
            body_type = 'json'
        )
        return DaraCore.from_map(
            main_models.AddGroupToAuthorizationRuleResponse(),
            self.call_api(params, req, runtime)
        )

    async def add_group_to_authorization_rule_with_options_async(
        self,
        request: main_models.AddGroupToAuthorizationRuleRequest,
        runtime: RuntimeOptions,
    ) -> main_models.AddGroupToAuthorizationRuleResponse:
        request.validate()
        query = {}
        if not DaraCore.is_null(request.authorization_rule_id):
            query['AuthorizationRuleId'] = request.authorization_rule_id
"#;

    /// `models/_list_groups_for_user_response.py` and
    /// `models/_list_groups_for_user_response_body.py`, abridged.
    const LIST_GROUPS_RESPONSE: &str = r#"
class ListGroupsForUserResponse(DaraModel):
    def __init__(
        self,
        headers: Dict[str, str] = None,
        status_code: int = None,
        body: main_models.ListGroupsForUserResponseBody = None,
    ):
        self.headers = headers
        self.status_code = status_code
        self.body = body

    def to_map(self):
        result = dict()
        _map = super().to_map()
        if _map is not None:
            result = _map
        if self.headers is not None:
            result['headers'] = self.headers

        if self.status_code is not None:
            result['statusCode'] = self.status_code

        if self.body is not None:
            result['body'] = self.body.to_map()

        return result

class ListGroupsForUserResponseBody(DaraModel):
    def __init__(
        self,
        groups: List[main_models.ListGroupsForUserResponseBodyGroups] = None,
        request_id: str = None,
        total_count: int = None,
    ):
        # The list of account groups.
        self.groups = groups
        # The request ID.
        self.request_id = request_id
        # The total number of matching records. The maximum number of records returned per page is determined by PageSize.
        self.total_count = total_count

    def to_map(self):
        result = dict()
        _map = super().to_map()
        if _map is not None:
            result = _map
        result['Groups'] = []
        if self.groups is not None:
            for k1 in self.groups:
                result['Groups'].append(k1.to_map() if k1 else None)

        if self.request_id is not None:
            result['RequestId'] = self.request_id

        if self.total_count is not None:
            result['TotalCount'] = self.total_count

        return result

    def from_map(self, m: dict = None):
        m = m or dict()
        self.groups = []
        if m.get('Groups') is not None:
            for k1 in m.get('Groups'):
                temp_model = main_models.ListGroupsForUserResponseBodyGroups()
                self.groups.append(temp_model.from_map(k1))

        if m.get('RequestId') is not None:
            self.request_id = m.get('RequestId')

        return self

class ListGroupsForUserResponseBodyGroups(DaraModel):
    def __init__(
        self,
        group_id: str = None,
        group_member_relation_source_id: str = None,
        group_member_relation_source_type: str = None,
    ):
        # The account group ID.
        self.group_id = group_id
        # The source ID of the group member relationship.
        # 
        # For the build_in type, this defaults to the instance ID. For other types, this corresponds to the enterprise ID of the respective source. For example, for a DingTalk source, this corresponds to the corpId of the DingTalk enterprise.
        self.group_member_relation_source_id = group_member_relation_source_id
        # The source type of the group member relationship. Valid values:
        # 
        # build_in: built-in.
        # 
        # ding_talk: imported from DingTalk.
        # 
        # ad: imported from AD.
        # 
        # ldap: imported from LDAP.
        # 
        # we_com: imported from WeCom.
        self.group_member_relation_source_type = group_member_relation_source_type

    def to_map(self):
        result = dict()
        _map = super().to_map()
        if _map is not None:
            result = _map
        if self.group_id is not None:
            result['GroupId'] = self.group_id

        if self.group_member_relation_source_id is not None:
            result['GroupMemberRelationSourceId'] = self.group_member_relation_source_id

        if self.group_member_relation_source_type is not None:
            result['GroupMemberRelationSourceType'] = self.group_member_relation_source_type

        return result
"#;

    /// `client.py`, `list_groups_for_user_with_options`, abridged.
    const LIST_GROUPS_CLIENT: &str = r#"
    def list_groups_for_user_with_options(
        self,
        request: main_models.ListGroupsForUserRequest,
        runtime: RuntimeOptions,
    ) -> main_models.ListGroupsForUserResponse:
        request.validate()
        query = {}
        if not DaraCore.is_null(request.instance_id):
            query['InstanceId'] = request.instance_id
        req = open_api_util_models.OpenApiRequest(
            query = Utils.query(query)
        )
        params = open_api_util_models.Params(
            action = 'ListGroupsForUser',
            version = '2021-12-01',
            protocol = 'HTTPS',
            pathname = '/',
            method = 'POST',
            auth_type = 'AK',
            style = 'RPC',
            req_body_type = 'formData',
            body_type = 'json'
        )
        return DaraCore.from_map(
            main_models.ListGroupsForUserResponse(),
            self.call_api(params, req, runtime)
        )
"#;

    fn classes(src: &str) -> BTreeMap<String, Class> {
        let mut classes = BTreeMap::new();
        read_models(src, &mut classes);
        classes
    }

    /// The one field of a class made of `excerpt` (a field's comment lines
    /// and its `self.attr = attr` line, verbatim) and a `to_map` naming it
    /// `Wire`.
    fn field(excerpt: &str) -> Field {
        let assignment = excerpt.lines().last().expect("a line").trim();
        let attr = assignment
            .strip_prefix("self.")
            .and_then(|a| a.split(' ').next())
            .expect("`self.attr = attr` last");
        let src = format!(
            "class C(DaraModel):\n    def __init__(\n        self,\n        {attr}: str = None,\n    ):\n{excerpt}\n\n    def to_map(self):\n        result = dict()\n        if self.{attr} is not None:\n            result['Wire'] = self.{attr}\n"
        );
        let mut fields = classes(&src).remove("C").expect("class C").fields;
        assert_eq!(fields.len(), 1);
        fields.remove(0)
    }

    fn pairs(values: &[(&str, &str)]) -> Vec<(String, String)> {
        values
            .iter()
            .map(|(v, t)| ((*v).to_owned(), (*t).to_owned()))
            .collect()
    }

    #[test]
    fn request_fields_have_types_wire_names_required_flags_and_texts() {
        let class = &classes(ADD_GROUP_REQUEST)["AddGroupToAuthorizationRuleRequest"];
        let f = &class.fields;
        let attrs: Vec<&str> = f.iter().map(|f| f.attr.as_str()).collect();
        assert_eq!(
            attrs,
            [
                "authorization_rule_id",
                "client_token",
                "validity_period",
                "validity_type"
            ]
        );
        assert_eq!(f[0].wire.as_deref(), Some("AuthorizationRuleId"));
        assert_eq!(f[0].ty, PyType::Str);
        assert!(f[0].required);
        // The required line and the blank line before it are not text.
        assert_eq!(f[0].doc.text, "The authorization rule ID.");
        assert!(f[1].doc.text.starts_with("The client token that is used"));
        assert!(f[1].doc.text.ends_with("(https://www.alibabacloud.com/help/zh/ecs/developer-reference/how-to-ensure-idempotence)."));
        assert_eq!(
            f[2].ty,
            PyType::Model("AddGroupToAuthorizationRuleRequestValidityPeriod".into())
        );
        assert!(!f[2].required);
        assert_eq!(f[2].wire.as_deref(), Some("ValidityPeriod"));
        assert_eq!(
            f[3].doc.text,
            "The validity type of the relationship. Valid values:\n- permanent: permanent\n- time_bound: custom time range."
        );
        assert_eq!(
            f[3].doc.values,
            pairs(&[
                ("permanent", "permanent"),
                ("time_bound", "custom time range.")
            ])
        );
        assert!(f[3].required);
    }

    #[test]
    fn actions_have_routes_and_placed_parameters_with_their_fields() {
        let package = Package::new(classes(ADD_GROUP_REQUEST), read_client(ADD_GROUP_CLIENT));
        assert_eq!(package.actions.len(), 1, "the `_async` twin is skipped");
        let action = package
            .action("AddGroupToAuthorizationRule")
            .expect("action");
        assert_eq!(
            action.method_name,
            "add_group_to_authorization_rule_with_options"
        );
        assert_eq!(action.line, 2);
        assert_eq!(
            (
                action.version.as_str(),
                action.method.as_str(),
                action.pathname.as_str(),
                action.style.as_str()
            ),
            ("2021-12-01", "POST", "/", "RPC")
        );
        assert_eq!(
            action.request.as_deref(),
            Some("AddGroupToAuthorizationRuleRequest")
        );
        assert_eq!(
            action.response.as_deref(),
            Some("AddGroupToAuthorizationRuleResponse")
        );
        let placed: Vec<(&str, &str, Placement)> = action
            .params
            .iter()
            .map(|p| (p.wire.as_str(), p.attr.as_str(), p.placement))
            .collect();
        assert_eq!(
            placed,
            [
                (
                    "AuthorizationRuleId",
                    "authorization_rule_id",
                    Placement::Query
                ),
                ("ValidityPeriod", "validity_period", Placement::Query),
                ("ValidityType", "validity_type", Placement::Query),
                ("ClientToken", "client_token", Placement::Body),
            ]
        );
        let token = action.params[3].field.as_ref().expect("the class's field");
        assert!(token.required);
        assert_eq!(token.wire.as_deref(), Some("ClientToken"));
        // No class read: the parameters have no fields.
        let bare = Package::new(BTreeMap::new(), read_client(ADD_GROUP_CLIENT));
        assert!(bare.actions[0].params.iter().all(|p| p.field.is_none()));
    }

    #[test]
    fn the_response_body_is_a_tree_of_the_body_class() {
        let package = Package::new(
            classes(LIST_GROUPS_RESPONSE),
            read_client(LIST_GROUPS_CLIENT),
        );
        let action = package.action("ListGroupsForUser").expect("action");
        let body = package.response_body(action).expect("body class");
        assert_eq!(body.name, "ListGroupsForUserResponseBody");
        let tree = package.tree(&body.name);
        let top: Vec<(&str, &PyType)> = tree
            .iter()
            .map(|n| (n.field.wire.as_deref().unwrap_or(""), &n.field.ty))
            .collect();
        assert_eq!(
            top,
            [
                (
                    "Groups",
                    &PyType::List(Box::new(PyType::Model(
                        "ListGroupsForUserResponseBodyGroups".into()
                    )))
                ),
                ("RequestId", &PyType::Str),
                ("TotalCount", &PyType::Int),
            ]
        );
        assert_eq!(tree[0].field.doc.text, "The list of account groups.");
        let groups: Vec<&str> = tree[0]
            .children
            .iter()
            .map(|n| n.field.wire.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(
            groups,
            [
                "GroupId",
                "GroupMemberRelationSourceId",
                "GroupMemberRelationSourceType"
            ]
        );
        assert!(tree[1].children.is_empty());
        // Paragraphs stay apart.
        assert_eq!(
            tree[0].children[1].field.doc.text,
            "The source ID of the group member relationship.\n\nFor the build_in type, this defaults to the instance ID. For other types, this corresponds to the enterprise ID of the respective source. For example, for a DingTalk source, this corresponds to the corpId of the DingTalk enterprise."
        );
        // Unbulleted `value: text` lines, blank lines between them.
        assert_eq!(
            tree[0].children[2].field.doc.values,
            pairs(&[
                ("build_in", "built-in."),
                ("ding_talk", "imported from DingTalk."),
                ("ad", "imported from AD."),
                ("ldap", "imported from LDAP."),
                ("we_com", "imported from WeCom."),
            ])
        );
        // The wrapper's other fields.
        let wrapper = &package.classes["ListGroupsForUserResponse"].fields;
        assert_eq!(wrapper[0].ty, PyType::Dict(Box::new(PyType::Str)));
        assert_eq!(wrapper[1].wire.as_deref(), Some("statusCode"));
    }

    #[test]
    fn a_recursive_class_stops_the_tree() {
        // Made up, not an excerpt.
        let src = "class Node(DaraModel):\n    def __init__(\n        self,\n        children: List[main_models.Node] = None,\n    ):\n        self.children = children\n\n    def to_map(self):\n        result['Children'] = []\n        if self.children is not None:\n";
        let package = Package::new(classes(src), Vec::new());
        let tree = package.tree("Node");
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].field.wire.as_deref(), Some("Children"));
        assert!(tree[0].children.is_empty());
    }

    #[test]
    fn bullets_written_the_other_way_round_are_swapped() {
        // `models/_create_identity_provider_request.py`, abridged.
        let f = field(
            r#"        # The synchronization type of the identity provider. Valid values:
        # 
        # - Inbound DingTalk: urn:alibaba:idaas:idp:alibaba:dingtalk:pull
        # 
        # - Outbound DingTalk: urn:alibaba:idaas:idp:alibaba:dingtalk:push
        # 
        # This parameter is required.
        self.identity_provider_type = identity_provider_type"#,
        );
        assert_eq!(
            f.doc.values,
            pairs(&[
                (
                    "urn:alibaba:idaas:idp:alibaba:dingtalk:pull",
                    "Inbound DingTalk"
                ),
                (
                    "urn:alibaba:idaas:idp:alibaba:dingtalk:push",
                    "Outbound DingTalk"
                ),
            ])
        );
        assert!(f.required);
        assert!(!f.doc.text.contains("required"));
    }

    #[test]
    fn a_condition_is_not_required() {
        // `models/_create_user_request.py`.
        let f = field(
            r#"        # Specifies whether the email address is verified as a trusted email address. This parameter is required if Email is specified. If no special business requirement exists, set this parameter to true.
        self.email_verified = email_verified"#,
        );
        assert!(!f.required);
        assert!(f.doc.text.contains("This parameter is required if Email"));
    }

    #[test]
    fn star_bullets_and_values_without_text() {
        // `models/_update_user_password_request.py`.
        let f = field(
            r#"        # Specifies whether to enable forcible password change upon first logon. Default value: disabled. Valid values:
        # 
        # *   enabled
        # *   disabled
        self.password_forced_update_status = password_forced_update_status"#,
        );
        assert_eq!(f.doc.values, pairs(&[("enabled", ""), ("disabled", "")]));
        assert!(!f.required);
    }

    #[test]
    fn a_list_ends_at_the_next_prose_line() {
        // `models/_list_network_access_endpoints_request.py`.
        let f = field(
            r#"        # The type of the network access endpoint. Valid values:
        # 
        # - shared: shared network access endpoint.
        # - private: dedicated network access endpoint.
        # 
        # Default value: private.
        self.network_access_endpoint_type = network_access_endpoint_type"#,
        );
        assert_eq!(
            f.doc.values,
            pairs(&[
                ("shared", "shared network access endpoint."),
                ("private", "dedicated network access endpoint."),
            ])
        );
        assert!(f.doc.text.ends_with("\n\nDefault value: private."));
    }

    #[test]
    fn leaked_documentation_keys_are_dropped() {
        // `models/_list_eiam_instances_response_body.py`.
        let f = field(
            r#"        # The instance version. Valid values:
        # 
        # - EIAM 2~0: EIAM 2.0.
        # - EIAM 1~0: EIAM 1.0.
        # [_single.resp.200.props.Instances.items.InstanceVersion.enum.EIAM 2~0]EIAM 2.0
        # [_single.resp.200.props.Instances.items.InstanceVersion.enum.EIAM 1~0]EIAM 1.0
        self.instance_version = instance_version"#,
        );
        assert_eq!(
            f.doc.text,
            "The instance version. Valid values:\n\n- EIAM 2~0: EIAM 2.0.\n- EIAM 1~0: EIAM 1.0."
        );
        // Kept as written: both sides have spaces.
        assert_eq!(
            f.doc.values,
            pairs(&[("EIAM 2~0", "EIAM 2.0."), ("EIAM 1~0", "EIAM 1.0.")])
        );
    }

    #[test]
    fn the_deprecated_marker_becomes_a_flag() {
        // `models/_get_forget_password_configuration_response_body.py`.
        let f = field(
            r#"        # **[Deprecated]** Indicates whether the forgot password feature is enabled. This parameter is deprecated. Use the ForgetPasswordStatus parameter instead.
        self.enable = enable"#,
        );
        assert!(f.doc.deprecated);
        assert!(f
            .doc
            .text
            .starts_with("Indicates whether the forgot password"));
    }

    #[test]
    fn inline_lists_and_ranges_are_not_values() {
        // `models/_get_instance_response_body.py` and
        // `models/_list_conditional_access_policies_response_body.py`.
        for excerpt in [
            "        # Indicates whether cross-region replication is enabled. Valid values: enabled or disabled.\n        self.cross_region_replication = cross_region_replication",
            "        # The priority. Valid values: 1 to 100.\n        self.priority = priority",
        ] {
            let f = field(excerpt);
            assert!(f.doc.values.is_empty(), "{excerpt}");
            assert!(f.doc.text.contains("Valid values: "));
        }
    }

    #[test]
    fn a_field_without_a_comment_has_an_empty_doc() {
        let f = field("        self.headers = headers");
        assert_eq!(f.doc, Doc::default());
        assert!(!f.required);
        assert_eq!(f.wire.as_deref(), Some("Wire"));
    }
}

//! Rules: checks that only report. Lowering calls each where it reads what
//! the rule concerns; `false` tells it to leave the item out. Examples and
//! defaults against their types are in `values`; recursion, checked on the
//! lowered service, in `recursion`.

mod recursion;
mod values;

use std::collections::BTreeSet;

use super::{At, FieldSite, ServiceCheck, SymKind};
use crate::diag::Pos;
use crate::load::Loaded;
use crate::model::{Call, Field, HttpMethod, ParamLocation, Text, Ty};
use crate::names::collision_key;
use crate::path;
use crate::protocol::{BodyEncoding, QueryStyle};
use crate::raw;
use crate::span::Seg;

impl ServiceCheck<'_, '_> {
    /// The protocol has a descriptor for the service's auth.
    pub(super) fn check_protocol(&mut self, file: &Loaded, spec: &raw::ServiceSpec) {
        if crate::protocol::find(spec.protocol, spec.auth).is_none() {
            self.err(
                file,
                At::Value(&path!["service", "auth"]),
                "`auth: user-token` needs `protocol: rest-json`",
                "RPC services sign every request with an access key; remove `auth`",
            );
        }
    }

    /// A text key that is given says something.
    pub(super) fn check_text(&mut self, file: &Loaded, at: &[Seg], text: &Text) {
        if text.en.is_none() && text.zh.is_none() {
            let pos = file.spans().value(at);
            self.err(
                file,
                pos,
                "empty text",
                "give `en:`, `zh:` or both, or remove the key",
            );
        }
    }

    pub(super) fn check_enum_has_values(
        &mut self,
        file: &Loaded,
        at: &[Seg],
        owner: &str,
        values: &raw::OrderedMap<Option<raw::EnumValueSpec>>,
    ) {
        if values.0.is_empty() {
            let pos = file.spans().key(&[at, &path!["enum"]].concat());
            self.err(
                file,
                pos,
                format!("enum `{owner}` has no values"),
                "list every value the document gives; a field without listed values is a `string`",
            );
        }
    }

    /// Checks `secret`, `decode` and `boxed` against the field's type.
    pub(super) fn check_field_options(
        &mut self,
        site: &FieldSite,
        spec: &raw::FieldSpec,
        ty: &Ty,
    ) -> bool {
        let (file, wire, owner) = (site.file, site.wire, site.owner);
        let mut ok = true;
        if spec.secret && *ty != Ty::String {
            let pos = file
                .spans()
                .value(&[&site.path[..], &path!["secret"]].concat());
            self.err(
                file,
                pos,
                format!("field `{wire}` of `{owner}` is secret but not a `string`"),
                "only string fields can be marked `secret: true`",
            );
            ok = false;
        }
        if spec.decode.is_some() && !matches!(ty, Ty::List(_)) {
            let pos = file
                .spans()
                .value(&[&site.path[..], &path!["decode"]].concat());
            self.err(file, pos, format!("field `{wire}` of `{owner}` has `decode` but is not a `list<...>`"), "`one_or_many` and `json_string` relax how a list is decoded; remove `decode` or change the type");
            ok = false;
        }
        if spec.boxed && !matches!(ty, Ty::Named(n) if self.kinds.get(n) == Some(&SymKind::Struct))
        {
            let pos = file
                .spans()
                .value(&[&site.path[..], &path!["boxed"]].concat());
            self.err(
                file,
                pos,
                format!("field `{wire}` of `{owner}` is `boxed` but its type is not a struct"),
                "`boxed: true` only breaks recursion through a named struct",
            );
            ok = false;
        }
        ok
    }

    /// Only an optional parameter has a default.
    pub(super) fn check_default(&mut self, site: &FieldSite, required: bool) -> bool {
        if required {
            let pos = site
                .file
                .spans()
                .key(&[&site.path[..], &path!["default"]].concat());
            self.err(
                site.file,
                pos,
                format!("required parameter `{}` has a default", site.wire),
                "a default only applies when the parameter is omitted; remove one of the two",
            );
            return false;
        }
        true
    }

    /// Checks `secret`, `in` and the type of a request parameter.
    pub(super) fn check_param(
        &mut self,
        site: &FieldSite,
        p: &raw::ParamSpec,
        http: Option<&raw::HttpSpec>,
        ty: &Ty,
    ) -> bool {
        let (file, wire) = (site.file, site.wire);
        let mut ok = true;
        if p.secret && *ty != Ty::String {
            let pos = file
                .spans()
                .value(&[&site.path[..], &path!["secret"]].concat());
            self.err(
                file,
                pos,
                format!("parameter `{}` is secret but not a `string`", site.wire),
                "only string parameters can be marked `secret: true`",
            );
            ok = false;
        }
        let bodyless = matches!(http, Some(h) if h.method == HttpMethod::Get);
        if bodyless && p.location == ParamLocation::Body {
            let pos = file.spans().value(&[&site.path[..], &path!["in"]].concat());
            self.err(
                file,
                pos,
                format!("parameter `{wire}` is `in: body` but the operation is a GET"),
                "GET requests carry no body; use `in: query`",
            );
            ok = false;
        }
        let sent_in = match (p.location, self.body) {
            (ParamLocation::Query, _) => Some("a query string"),
            (ParamLocation::Body, BodyEncoding::Form) => Some("a form body"),
            (ParamLocation::Body, BodyEncoding::Json) => None,
        };
        let misfit = sent_in.and_then(|place| Some((place, self.pairs_misfit(ty, wire)?)));
        if let Some((place, misfit)) = misfit {
            let pos = file
                .spans()
                .value(&[&site.path[..], &path!["type"]].concat());
            let (what, hint) = match misfit {
                PairsMisfit::Object => (
                    "its type is an object".to_owned(),
                    "send it `in: body`, or flatten it into scalar parameters",
                ),
                PairsMisfit::Map(at) => (
                    format!("`{at}` is a map, which has no flat form"),
                    "give it a struct type with a field per key (sent as `Name.Key=value`), or type it `json` to send its JSON text",
                ),
                PairsMisfit::Open(at, name) => (
                    format!("`{at}` is `{name}`, a struct without fields, so none would be sent"),
                    "list its fields (each is sent as `Name.Field=value`), or type it `json` to send its JSON text",
                ),
            };
            self.err(
                file,
                pos,
                format!("parameter `{wire}` cannot go in {place}: {what}"),
                hint,
            );
            ok = false;
        }
        ok
    }

    /// Why `ty`, sent as `name`, has no `name=value` form in the service's
    /// query style; `None` when it has one. Scalars, enums and JSON (its
    /// text) have one in either style, lists where their items do; structs
    /// only in the flat style, by their fields at any depth; maps never.
    fn pairs_misfit(&self, ty: &Ty, name: &str) -> Option<PairsMisfit> {
        match self.query_style {
            QueryStyle::Repeated => (!self.repeatable(ty)).then_some(PairsMisfit::Object),
            QueryStyle::Flat => self.flat_misfit(ty, name.to_owned(), &mut BTreeSet::new()),
        }
    }

    fn repeatable(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Map(_) => false,
            Ty::List(item) => self.repeatable(item),
            Ty::Named(n) => self.kinds.get(n) == Some(&SymKind::Enum),
            _ => true,
        }
    }

    /// The flat style's misfit at `at` (`Filter.Tags.N`); each struct is
    /// entered once, so a recursive one ends.
    fn flat_misfit<'s>(
        &'s self,
        ty: &Ty,
        at: String,
        entered: &mut BTreeSet<&'s str>,
    ) -> Option<PairsMisfit> {
        match ty {
            Ty::Map(_) => Some(PairsMisfit::Map(at)),
            Ty::List(item) => self.flat_misfit(item, format!("{at}.N"), entered),
            Ty::Named(n) => {
                let (name, fields) = self.struct_fields.get_key_value(n)?;
                if !entered.insert(name) {
                    return None;
                }
                if fields.is_empty() {
                    return Some(PairsMisfit::Open(at, name.clone()));
                }
                fields.iter().find_map(|(wire, texpr, _)| {
                    // A bad field type is reported where the field is defined.
                    let ty = crate::texpr::parse(texpr).ok()?;
                    self.flat_misfit(&ty, format!("{at}.{wire}"), entered)
                })
            }
            _ => None,
        }
    }

    /// An HTTP path starts with `/` and holds no spaces; an action is an UpperCamelCase name.
    pub(super) fn check_call(&mut self, file: &Loaded, at: &[Seg], op: &str, call: &Call) -> bool {
        match call {
            Call::Http { path, .. } => {
                if !path.starts_with('/') || path.contains(char::is_whitespace) {
                    let pos = file.spans().value(&[at, &path!["http", "path"]].concat());
                    self.err(
                        file,
                        pos,
                        format!(
                            "path `{path}` of `{op}` must start with `/` and contain no spaces"
                        ),
                        "copy the path from the official SDK, e.g. `/api/v3/get-user`",
                    );
                    return false;
                }
            }
            Call::Rpc { action } => {
                let plausible = action.starts_with(|c: char| c.is_ascii_uppercase())
                    && action.chars().all(|c| c.is_ascii_alphanumeric());
                if !plausible {
                    let pos = file.spans().value(&[at, &path!["action"]].concat());
                    self.err(
                        file,
                        pos,
                        format!("action `{action}` is not an action name (ASCII letters and digits, from a capital)"),
                        "copy the action name from the vendor's API reference",
                    );
                    return false;
                }
            }
        }
        true
    }

    pub(super) fn check_source(&mut self, file: &Loaded, at: &[Seg], op: &str, source: &str) {
        if source.trim().is_empty() {
            let pos = file.spans().value(&[at, &path!["source"]].concat());
            self.err(
                file,
                pos,
                format!("operation `{op}` names no source document"),
                "set `source:` to the document's file name",
            );
        }
    }

    /// A response's own fields (at `rpath`) do not repeat the envelope's.
    pub(super) fn check_envelope_repeats(
        &mut self,
        file: &Loaded,
        rpath: &[Seg],
        name: &str,
        envelope: &[Field],
        own: &[Field],
    ) -> bool {
        let mut ok = true;
        for f in own {
            if let Some(e) = envelope
                .iter()
                .find(|e| collision_key(&e.rust_name) == collision_key(&f.rust_name))
            {
                let pos = file
                    .spans()
                    .key(&[rpath, &path!["fields", f.wire_name.as_str()]].concat());
                self.err(file, pos, format!("field `{}` of `{name}` repeats the envelope field `{}`", f.wire_name, e.wire_name), "every response already starts with the service's envelope fields; remove it here");
                ok = false;
            }
        }
        ok
    }

    pub(super) fn check_json(&mut self, file: &Loaded, at: &[Seg], text: &str) -> bool {
        let Err(e) = serde_json::from_str::<serde_json::Value>(text) else {
            return true;
        };
        let start = file.spans().value(at);
        let column = char_column(text, e.line(), e.column());
        let pos = json_error_pos(&file.source.bytes, start, e.line(), column);
        self.err(
            file,
            pos,
            format!("example is not valid JSON: {e}"),
            "paste the JSON exactly as the document prints it, as a `|` block",
        );
        false
    }
}

/// Why a parameter's type has no `name=value` form in its service's style.
enum PairsMisfit {
    /// Repeated style: a struct or a map.
    Object,
    /// Flat style: a map, at this key.
    Map(String),
    /// Flat style: a struct without fields (this one), at this key.
    Open(String, String),
}

/// serde_json's column (bytes, from 1) on `line` of `text` as characters,
/// as spec positions count them (an example holds Chinese text).
fn char_column(text: &str, line: usize, column: usize) -> usize {
    let Some(content) = text.split('\n').nth(line.saturating_sub(1)) else {
        return column;
    };
    let mut end = column.saturating_sub(1).min(content.len());
    while !content.is_char_boundary(end) {
        end -= 1;
    }
    match column {
        0 => 0,
        _ => content[..end].chars().count() + 1,
    }
}

/// Where serde_json's error at `line`:`column` of a JSON example stands in
/// the spec file whose example value starts at `start`: a block scalar's
/// (`|`) or a plain scalar's first character, its lines indented alike; a
/// quoted scalar (escapes and folding move its characters) stands for itself.
/// serde_json gives column 0 at the start of a line (an empty text, or just
/// after a line break).
fn json_error_pos(text: &[u8], start: Pos, line: usize, column: usize) -> Pos {
    let first = text
        .split(|&b| b == b'\n')
        .nth(start.line.saturating_sub(1))
        .and_then(|l| l.get(start.column.saturating_sub(1)));
    if line == 0 || matches!(first, Some(b'"' | b'\'')) {
        return start;
    }
    Pos {
        line: start.line + line - 1,
        column: start.column.saturating_sub(1) + column.max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }

    #[test]
    fn json_errors_point_into_the_example() {
        let text = b"ex:\n  json: |\n    {\n      \"a\": 1,\n    }\n  other: 'x'\n";
        // A block's content starts at 3:5; serde_json's 3:1 is the `}`.
        assert_eq!(json_error_pos(text, at(3, 5), 3, 1), at(5, 5));
        // An empty text: end of input at column 0, shown at the value.
        assert_eq!(json_error_pos(text, at(3, 5), 1, 0), at(3, 5));
        // A quoted scalar stands for itself.
        assert_eq!(json_error_pos(text, at(6, 10), 1, 2), at(6, 10));
    }

    #[test]
    fn json_error_columns_count_characters() {
        let json = "{\n  \"名字\": x\n}";
        let e = serde_json::from_str::<serde_json::Value>(json).unwrap_err();
        // `x` is the 9th character of its line, and serde_json counts bytes.
        assert_eq!((e.line(), e.column()), (2, 13));
        assert_eq!(char_column(json, e.line(), e.column()), 9);
        assert_eq!(char_column(json, 1, 0), 0);
    }
}

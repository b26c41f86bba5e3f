//! A lightweight reader of the vendors' API pages: the names in their
//! parameter and response tables, and enum values listed in prose cells.
//!
//! Three layouts occur:
//! - GenAuth Markdown tables, one row per line (`| name | type | ... |`);
//! - Alibaba tables flattened one cell per line (`| InstanceId |`, `string |`, ...);
//! - Alibaba tables as plain lines, one cell per line, no pipes.

/// What a document's tables name.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DocFacts {
    /// Request parameter names, in document order.
    pub params: Vec<String>,
    /// Response and data-structure field names, in document order.
    pub fields: Vec<String>,
    /// Values listed as allowed values in table cells.
    pub enum_values: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    Params,
    Fields,
}

/// Words in the type column of Alibaba tables.
const TYPE_WORDS: &[&str] = &[
    "string",
    "integer",
    "long",
    "boolean",
    "object",
    "array",
    "float",
    "double",
    "array<object>",
    "array<string>",
];

/// Column headers, never names.
const HEADERS: &[&str] = &[
    "Name",
    "Parameter",
    "Element",
    "Type",
    "Required",
    "Description",
    "Example",
];

/// Reads a document in any of the three layouts; names are listed once each.
pub fn read(text: &str) -> DocFacts {
    let mut facts = read_all(text);
    for list in [&mut facts.params, &mut facts.fields, &mut facts.enum_values] {
        let mut seen = std::collections::HashSet::new();
        list.retain(|n| seen.insert(n.clone()));
    }
    facts
}

fn read_all(text: &str) -> DocFacts {
    let mut facts = DocFacts::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut section = Section::Other;
    let mut valid_values = false;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if let Some(s) = heading(line) {
            section = s;
            continue;
        }
        if section == Section::Other || line.is_empty() {
            continue;
        }
        let names = if section == Section::Params {
            &mut facts.params
        } else {
            &mut facts.fields
        };
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if line.starts_with('|') && cells.len() > 3 {
            // A Markdown row: first cell is the name, unless header or separator.
            let name = cells[1].trim_matches('`');
            if is_name(name) && !HEADERS.contains(&name) {
                names.push(name.to_owned());
            }
            for cell in &cells[2..] {
                facts.enum_values.extend(dash_values(cell));
            }
        } else if let [_, name, ""] = cells.as_slice() {
            // A flattened row start: `| Name |`.
            if is_name(name) {
                names.push((*name).to_owned());
            }
        } else if is_name(line) && !HEADERS.contains(&line) && next_is_type(&lines[i + 1..]) {
            names.push(line.to_owned());
        } else if let Some(value) = line.strip_prefix('•').map(str::trim) {
            if valid_values && is_value(value) {
                facts.enum_values.push(value.to_owned());
            }
            continue;
        }
        valid_values = line.contains("Valid values") || line.contains("取值");
    }
    facts
}

/// Which section a heading line starts, if it is one.
fn heading(line: &str) -> Option<Section> {
    let l = line
        .trim_start_matches(['#', '¶', ' '])
        .to_ascii_lowercase();
    let starts = |words: &[&str]| {
        words
            .iter()
            .any(|w| l == *w || (line.starts_with(['#', '¶']) && l.starts_with(w)))
    };
    if starts(&["request parameters", "请求参数"]) {
        Some(Section::Params)
    } else if starts(&[
        "request response",
        "response elements",
        "data structure",
        "返回参数",
        "请求响应",
        "数据结构",
    ]) {
        Some(Section::Fields)
    } else if starts(&[
        "examples",
        "sample code",
        "error codes",
        "示例",
        "错误码",
        "method name",
        "方法名称",
    ]) {
        Some(Section::Other)
    } else {
        None
    }
}

fn is_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_value(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn next_is_type(rest: &[&str]) -> bool {
    rest.iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .is_some_and(|l| TYPE_WORDS.contains(&l.trim_end_matches(" |")))
}

/// Values listed as `- value: text` or ``- `value`: text`` in a cell.
fn dash_values(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = cell;
    while let Some(i) = rest.find("- ") {
        rest = &rest[i + 2..];
        let candidate = rest.trim_start();
        let unquoted = candidate.strip_prefix('`').unwrap_or(candidate);
        let end = unquoted
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .unwrap_or(unquoted.len());
        let (value, after) = unquoted.split_at(end);
        let after = after.strip_prefix('`').unwrap_or(after);
        if is_value(value) && after.starts_with(':') {
            out.push(value.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_markdown_tables_and_dash_lists() {
        let doc = "## Request parameters\n\n| Name | Type |\n| ---- | ---- |\n| userId | string |\n| idType | string | one of:- user_id: ID- phone: phone |\n\n## Request Response\n\n| Name | Type | Description |\n| --- | --- | --- |\n| provider | string | Type:<br>- `wechatwork`: WeChat Work<br>- `azure-ad`: Azure AD-type source |\n";
        let facts = read(doc);
        assert_eq!(facts.params, ["userId", "idType"]);
        assert_eq!(facts.fields, ["provider"]);
        assert_eq!(
            facts.enum_values,
            ["user_id", "phone", "wechatwork", "azure-ad"]
        );
    }

    #[test]
    fn reads_flattened_cells() {
        let doc = "Request parameters\n|\nParameter |\nType |\n| InstanceId |\nstring |\nYes |\nResponse elements\n|\nobject |\n|||\n| RequestId |\nstring |\n";
        let facts = read(doc);
        assert_eq!(
            (facts.params, facts.fields),
            (vec!["InstanceId".to_owned()], vec!["RequestId".to_owned()])
        );
    }

    #[test]
    fn reads_one_cell_per_line_with_bullets() {
        let doc = "Request parameters\n\nParameter\n\nType\n\nInstanceId\n\nstring\n\nYes\n\nResponse elements\n\nElement\n\nType\n\nDirection\n\nstring\n\nThe direction. Valid values:\n\n  • ingress\n\n  • egress\n\ningress\n\nExamples\n\nStatus\n\nstring\n";
        let facts = read(doc);
        assert_eq!(facts.params, ["InstanceId"]);
        assert_eq!(facts.fields, ["Direction"]);
        assert_eq!(facts.enum_values, ["ingress", "egress"]);
    }
}

//! A lightweight reader of the vendors' API pages: the rows of their
//! parameter and response tables, and enum values listed in prose cells.
//!
//! Three layouts occur:
//! - GenAuth Markdown tables, one row per line (`| name | type | ... |`);
//! - Alibaba tables flattened one cell per line (`| InstanceId |`, `string |`, ...);
//! - Alibaba tables as plain lines, one cell per line, no pipes.

/// Which table a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Other,
    Params,
    Fields,
}

/// One table row: the name and the cells after it, as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub section: Section,
    /// The data-structure table the row is in (GenAuth `### X` headings).
    pub table: Option<String>,
    pub name: String,
    pub cells: Vec<String>,
}

/// What a document's tables name.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DocFacts {
    /// Request parameter names, in document order, once each.
    pub params: Vec<String>,
    /// Response and data-structure field names, in document order, once each.
    pub fields: Vec<String>,
    /// Values listed as allowed values in table cells, once each.
    pub enum_values: Vec<String>,
}

/// Words in the type column of Alibaba tables.
pub const TYPE_WORDS: &[&str] = &[
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

/// Names and enum values of a document, in any of the three layouts.
pub fn read(text: &str) -> DocFacts {
    let mut facts = DocFacts::default();
    for row in rows(text) {
        let list = match row.section {
            Section::Params => &mut facts.params,
            _ => &mut facts.fields,
        };
        list.push(row.name.clone());
        for cell in &row.cells {
            facts.enum_values.extend(listed_values(cell));
        }
    }
    for list in [&mut facts.params, &mut facts.fields, &mut facts.enum_values] {
        let mut seen = std::collections::HashSet::new();
        list.retain(|n| seen.insert(n.clone()));
    }
    facts
}

/// Every table row of a document.
pub fn rows(text: &str) -> Vec<Row> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut out: Vec<Row> = Vec::new();
    let mut section = Section::Other;
    let mut table = None;
    let mut flattened_row = false;
    for (i, line) in lines.iter().enumerate() {
        if let Some(s) = heading(line) {
            (section, table, flattened_row) = (s, None, false);
            continue;
        }
        if section == Section::Other || line.is_empty() {
            continue;
        }
        if let Some(title) = dto_heading(line) {
            table = Some(title);
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let new_row = |name: &str, cells: Vec<String>| Row {
            section,
            table: table.clone(),
            name: name.to_owned(),
            cells,
        };
        if line.starts_with('|') && cells.len() > 3 {
            // A Markdown row: the first cell is the name, unless header or separator.
            let name = cells[1].trim_matches('`');
            // Markdown rows may name language tags (`zh-CN`).
            let dashed = name.contains('-') && is_name(&name.replace('-', "_"));
            if (is_name(name) || dashed) && !HEADERS.contains(&name) {
                let rest = cells[2..cells.len() - 1]
                    .iter()
                    .map(|c| (*c).to_owned())
                    .collect();
                out.push(new_row(name, rest));
            }
            flattened_row = false;
        } else if let [_, name, ""] = cells.as_slice() {
            // `| Name |` starts a flattened row; a bare `|` an unnamed item row.
            flattened_row = is_name(name) && !HEADERS.contains(name);
            if flattened_row {
                out.push(new_row(name, Vec::new()));
            }
        } else if line == &"|" {
            flattened_row = false;
        } else if is_name(line) && !HEADERS.contains(line) && next_is_type(&lines[i + 1..]) {
            out.push(new_row(line, Vec::new()));
            flattened_row = true;
        } else if flattened_row {
            if let Some(row) = out.last_mut() {
                row.cells.push(line.trim_end_matches('|').trim().to_owned());
            }
        }
    }
    out
}

/// The titles of the data-structure tables, in order, empty ones included.
pub fn table_titles(text: &str) -> Vec<String> {
    let mut section = Section::Other;
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(s) = heading(line) {
            section = s;
        } else if let Some(title) = dto_heading(line).filter(|_| section == Section::Fields) {
            out.push(title);
        }
    }
    out
}

/// Which section a heading line starts, if it is one.
fn heading(line: &str) -> Option<Section> {
    let l = line
        .trim_start_matches(['#', '¶', ' '])
        .to_ascii_lowercase();
    let marked = line.starts_with(['#', '¶']);
    let starts = |words: &[&str]| {
        words
            .iter()
            .any(|w| l == *w || (marked && l.starts_with(w)))
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

/// `### <a id="X"></a> X` or `¶ X`: the title of a data-structure table.
fn dto_heading(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix("###")
        .or_else(|| line.strip_prefix('¶'))?;
    let name = rest.rsplit('>').next()?.trim();
    is_name(name).then(|| name.to_owned())
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
        .find(|l| !l.is_empty())
        .is_some_and(|l| TYPE_WORDS.contains(&l.trim_end_matches(" |")))
}

/// Allowed values a cell lists, with their descriptions: ``- `value`: text``,
/// `- value: text`, or `• value` bullets after "Valid values".
pub fn listed_values_with_text(cell: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(bullets) = cell.strip_prefix('•') {
        let value = bullets.trim();
        if is_value(value) {
            out.push((value.to_owned(), String::new()));
        }
        return out;
    }
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
        if let (true, Some(text)) = (is_value(value), after.strip_prefix(':')) {
            let text = text.split("<br>").next().unwrap_or("");
            let text = text.find("- ").map_or(text, |i| &text[..i]);
            out.push((value.to_owned(), text.trim().to_owned()));
        }
    }
    out
}

fn listed_values(cell: &str) -> Vec<String> {
    listed_values_with_text(cell)
        .into_iter()
        .map(|(v, _)| v)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_markdown_tables_and_dash_lists() {
        let doc = "## Request parameters\n\n| Name | Type |\n| ---- | ---- |\n| userId | string |\n| idType | string | one of:- user_id: ID- phone: phone |\n\n## Data Structure\n\n### <a id=\"Dto\"></a> Dto\n\n| Name | Type | Description |\n| --- | --- | --- |\n| provider | string | Type:<br>- `wechatwork`: WeChat Work<br>- `azure-ad`: Azure AD-type source |\n";
        let facts = read(doc);
        assert_eq!(facts.params, ["userId", "idType"]);
        assert_eq!(facts.fields, ["provider"]);
        assert_eq!(
            facts.enum_values,
            ["user_id", "phone", "wechatwork", "azure-ad"]
        );
        let rows = rows(doc);
        assert_eq!(rows[2].table.as_deref(), Some("Dto"));
        assert_eq!(
            listed_values_with_text(&rows[2].cells[1]),
            [
                ("wechatwork".into(), "WeChat Work".into()),
                ("azure-ad".into(), "Azure AD-type source".into())
            ]
        );
    }

    #[test]
    fn reads_flattened_cells() {
        let doc = "Request parameters\n|\nParameter |\nType |\n| InstanceId |\nstring |\nYes |\nInstance ID |\neiam-1 |\nResponse elements\n|\nobject |\n|||\n| RequestId |\nstring |\nRequest ID |\n0441 |\n";
        let rows = rows(doc);
        assert_eq!(rows[0].name, "InstanceId");
        assert_eq!(rows[0].cells, ["string", "Yes", "Instance ID", "eiam-1"]);
        assert_eq!((rows[1].section, rows[1].cells.len()), (Section::Fields, 3));
    }

    #[test]
    fn reads_one_cell_per_line_with_bullets() {
        let doc = "Request parameters\n\nParameter\n\nType\n\nInstanceId\n\nstring\n\nYes\n\nResponse elements\n\nElement\n\nType\n\nDirection\n\nstring\n\nThe direction. Valid values:\n\n  • ingress\n\n  • egress\n\ningress\n\nExamples\n\nStatus\n\nstring\n";
        let facts = read(doc);
        assert_eq!(facts.params, ["InstanceId"]);
        assert_eq!(facts.fields, ["Direction"]);
        assert_eq!(facts.enum_values, ["ingress", "egress"]);
        assert_eq!(
            rows(doc)[1].cells,
            [
                "string",
                "The direction. Valid values:",
                "• ingress",
                "• egress",
                "ingress"
            ]
        );
    }
}

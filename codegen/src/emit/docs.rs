//! Doc comments from spec text: English first, Chinese after, then facts.
//!
//! Vendor prose is made safe for rustdoc: `<x>` is escaped (not HTML), bare
//! URLs become autolinks, `[x]` is not an intra-doc link, fences without a
//! language are `text` (not doctests) and indentation never makes a code block.

use std::borrow::Cow;
use std::cell::RefCell;

use crate::model::Text;

/// Collects paragraphs and renders them as `#[doc]` attributes.
#[derive(Default)]
pub struct Doc {
    paragraphs: Vec<String>,
}

impl Doc {
    pub fn new() -> Self {
        Doc::default()
    }

    /// Adds a paragraph of spec text (sanitized).
    pub fn para(mut self, text: impl AsRef<str>) -> Self {
        let text = sanitize(&controls(text.as_ref()));
        if !text.trim().is_empty() {
            self.paragraphs.push(text);
        }
        self
    }

    pub fn opt_para(self, text: Option<&String>) -> Self {
        match text {
            Some(t) => self.para(t),
            None => self,
        }
    }

    /// English, then Chinese, as separate paragraphs.
    pub fn text(self, text: &Text) -> Self {
        self.opt_para(text.en.as_ref()).opt_para(text.zh.as_ref())
    }

    /// A paragraph written by the generator (already valid markdown).
    pub fn raw(mut self, text: impl Into<String>) -> Self {
        let text = text.into();
        self.paragraphs.push(match controls(&text) {
            Cow::Borrowed(_) => text,
            Cow::Owned(changed) => changed,
        });
        self
    }

    pub fn note(self, note: Option<&String>) -> Self {
        match note {
            Some(n) => self.para(format!("Note: {}", n.trim())),
            None => self,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }

    /// The doc comment of an item: one marker attribute, replaced by the
    /// text's lines after formatting (see [`Docs::splice`]).
    pub fn attr(&self, docs: &Docs) -> syn::Attribute {
        marker(docs.stash(self.paragraphs.join("\n\n")), false)
    }

    /// The same for a module's inner doc comment.
    pub fn inner_attr(&self, docs: &Docs) -> syn::Attribute {
        marker(docs.stash(self.paragraphs.join("\n\n")), true)
    }

    #[cfg(test)]
    fn lines(&self) -> Vec<String> {
        let mut out = String::new();
        write_lines(&mut out, "", "///", &self.paragraphs.join("\n\n"));
        out.lines().map(|l| l["///".len()..].to_owned()).collect()
    }
}

/// Writes `text` as doc comment lines (`///` or `//!`) at `indent`: a space
/// after the slashes, none on an empty line.
fn write_lines(out: &mut String, indent: &str, slashes: &str, text: &str) {
    for line in text.lines() {
        out.push_str(indent);
        out.push_str(slashes);
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// The doc comments of one file, by number.
///
/// Doc text does not go through `syn` and `prettyplease`: each item carries a
/// short marker (` @doc:N`) and the formatted file gets the lines back.
/// Lexing, parsing and printing every character of every doc line was a
/// third of the generator's time; the output is the same.
#[derive(Default)]
pub struct Docs(RefCell<Vec<String>>);

const MARKER: &str = "@doc:";

/// The marker attribute of doc comment `n` (`#[doc = " @doc:n"]`, or
/// `#![doc = ...]` for `inner`), built once per thread: every file numbers
/// its doc comments from 0.
fn marker(n: usize, inner: bool) -> syn::Attribute {
    thread_local! {
        static BUILT: RefCell<[Vec<syn::Attribute>; 2]> = RefCell::default();
    }
    BUILT.with(|built| {
        let built = &mut built.borrow_mut()[usize::from(inner)];
        while built.len() <= n {
            let mut text = String::with_capacity(16);
            text.push(' ');
            text.push_str(MARKER);
            text.push_str(itoa(built.len(), &mut [0; 20]));
            built.push(super::ast::doc_attr(&text, inner));
        }
        built[n].clone()
    })
}

impl Docs {
    /// Keeps `text`; returns its number.
    fn stash(&self, text: String) -> usize {
        let mut docs = self.0.borrow_mut();
        docs.push(text);
        docs.len() - 1
    }

    /// `header`, then `code` with each `/// @doc:N` (or `//! @doc:N`) line
    /// replaced by doc comment N's lines, at the marker's indentation.
    pub fn splice(self, header: &str, code: &str) -> String {
        let docs = self.0.into_inner();
        // Room for the docs' lines at a typical indentation.
        let doc_bytes: usize = docs.iter().map(String::len).sum();
        let mut out = String::with_capacity(header.len() + code.len() + doc_bytes * 5 / 4);
        out.push_str(header);
        let mut rest = code;
        // Only the lines holding the marker are looked at; the rest is copied whole.
        while let Some(at) = find_marker(rest) {
            let start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = rest[at..].find('\n').map_or(rest.len(), |i| at + i);
            let line = &rest[start..end];
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let marked = trimmed
                .strip_prefix("///")
                .or_else(|| trimmed.strip_prefix("//!"))
                .and_then(|rest| rest.trim().strip_prefix(MARKER))
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| docs.get(n));
            match marked {
                Some(text) => {
                    out.push_str(&rest[..start]);
                    write_lines(&mut out, indent, &trimmed[..3], text);
                }
                None => {
                    out.push_str(&rest[..end]);
                    out.push('\n');
                }
            }
            rest = rest.get(end + 1..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }
}

/// Where [`MARKER`] first stands in `text`, found by its `@` byte: `@` is
/// rare in code, and a byte search is faster than a substring search.
fn find_marker(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find('@') {
        let at = from + i;
        if text[at..].starts_with(MARKER) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `n` in decimal, written into `buf`.
fn itoa(mut n: usize, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[at..]).unwrap_or_default()
}

/// Inline code for a value shown in docs, robust to backticks inside it.
pub fn code(value: &str) -> String {
    if !value.contains(['\r', '\n', '`']) {
        if let Cow::Borrowed(value) = controls(value) {
            let mut out = String::with_capacity(value.len() + 2);
            out.push('`');
            out.push_str(value);
            out.push('`');
            return out;
        }
    }
    let value = controls(&value.replace('\r', "\\r")).replace('\n', "\\n");
    if value.contains('`') {
        format!("`` {value} ``")
    } else {
        format!("`{value}`")
    }
}

/// Text that can stand in a `///` comment: `\r\n` and a bare `\r` become
/// line breaks (rustc refuses a bare CR in a doc comment); other control
/// characters, the Unicode line and paragraph separators and the bidi
/// overrides (denied by rustc's `text_direction_codepoint_in_comment`) are
/// written as escapes (`\u{1b}`); a tab becomes four spaces (clippy's
/// `tabs_in_doc_comments`).
pub fn controls(text: &str) -> Cow<'_, str> {
    // Printable ASCII and line feeds, most text: nothing to do.
    if text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) || b == b'\n')
    {
        return Cow::Borrowed(text);
    }
    let escaped = |c: char| {
        (c.is_control() && c != '\n' && c != '\r' && c != '\t')
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(|c| c == '\r' || c == '\t' || escaped(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\t' => out.push_str("    "),
            c if escaped(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text for one line of a doc comment or a Markdown table cell: [`controls`],
/// line breaks as spaces, `|` escaped.
pub fn one_line(text: &str) -> String {
    controls(text).replace('\n', " ").replace('|', "\\|")
}

/// Makes vendor prose safe for rustdoc, line by line.
pub fn sanitize(text: &str) -> String {
    // One line with nothing to escape (no fence, code span, bracket or URL):
    // the line trimmed, as the general path below would give it.
    if !text.contains(['\n', '`', '<', '>', '[', ']']) && !text.contains("http") {
        return text.trim().to_owned();
    }
    sanitize_lines(text)
}

/// [`sanitize`]'s general path.
fn sanitize_lines(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(lang) = trimmed.strip_prefix("```") {
            out.push(if !in_fence && lang.trim().is_empty() {
                "```text".to_owned()
            } else {
                trimmed.to_owned()
            });
            in_fence = !in_fence;
        } else if in_fence {
            out.push(line.to_owned());
        } else {
            out.push(sanitize_line(trimmed));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// Escapes one line outside its `code spans`.
fn sanitize_line(line: &str) -> String {
    let mut offset = 0;
    line.split('`')
        .enumerate()
        .map(|(i, part)| {
            // What follows this part, so that a link whose text holds a code
            // span (`[see `x`](url)`) is still seen as a link.
            offset += part.len() + 1;
            let after = line.get(offset.min(line.len())..).unwrap_or("");
            if i % 2 == 1 {
                part.to_owned()
            } else {
                escape_prose(part, after)
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// Escapes prose; `after` is the rest of the line beyond `text`.
fn escape_prose(text: &str, after: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(url_len) = url_at(rest) {
            let url = &rest[..url_len];
            if out.ends_with("](") {
                out.push_str(url);
            } else {
                out.push('<');
                out.push_str(url);
                out.push('>');
            }
            rest = &rest[url_len..];
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' if !is_link_start(rest, after) => out.push_str("\\["),
            ']' if !rest.starts_with("](") => out.push_str("\\]"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of an http(s) URL at the start of `s`.
fn url_at(s: &str) -> Option<usize> {
    if !(s.starts_with("https://") || s.starts_with("http://")) {
        return None;
    }
    let end = s
        .find(|c: char| {
            c.is_whitespace() || matches!(c, ')' | '<' | '>' | '`' | '，' | '。' | '）')
        })
        .unwrap_or(s.len());
    let trimmed = s[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(trimmed.len())
}

/// `[text](url)`: a markdown link, kept as is. `s` starts with `[`; `after`
/// is the rest of the line beyond `s` and a backtick. The search stops at the
/// next bracket, so the searches of one line cover each character once or twice
/// (linear time however many `[` a line holds).
fn is_link_start(s: &str, after: &str) -> bool {
    let close = |t: &str| -> Option<Option<usize>> {
        let i = t.find(['[', ']'])?;
        Some((t.as_bytes()[i] == b']').then_some(i))
    };
    match close(&s[1..]) {
        Some(Some(i)) => s[1 + i..].starts_with("]("),
        Some(None) => false,
        None => match close(after) {
            Some(Some(i)) => after[i..].starts_with("]("),
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html_brackets_and_bare_urls() {
        assert_eq!(
            sanitize("format `<extIdpId>:<id>` or <extIdpId> see https://x.io/a."),
            "format `<extIdpId>:<id>` or &lt;extIdpId&gt; see <https://x.io/a>."
        );
        assert_eq!(
            sanitize("[API Code](https://e.com/x) [1]"),
            "[API Code](https://e.com/x) \\[1\\]"
        );
        assert_eq!(
            sanitize("see [how `x` works](https://e.com/x)."),
            "see [how `x` works](https://e.com/x)."
        );
    }

    #[test]
    fn never_makes_doctests() {
        assert_eq!(sanitize("```\n{\"a\": 1}\n```"), "```text\n{\"a\": 1}\n```");
        assert_eq!(sanitize("a\n        indented"), "a\nindented");
        assert_eq!(sanitize("```json\n  {}"), "```json\n  {}\n```");
    }

    #[test]
    fn control_characters_never_reach_a_doc_comment() {
        assert_eq!(controls("a\rb\r\nc\n"), "a\nb\nc\n");
        assert_eq!(
            controls("a\u{0}b\u{7f}\u{85}\tc"),
            "a\\u{0}b\\u{7f}\\u{85}    c"
        );
        assert_eq!(controls("x\u{202e}y\u{2028}z"), "x\\u{202e}y\\u{2028}z");
        assert_eq!(code("a\rb\u{1b}"), "`a\\rb\\u{1b}`");
        let doc = Doc::new().para("one\rtwo").raw("three\u{2029}");
        assert_eq!(doc.lines(), [" one", " two", "", " three\\u{2029}"]);
    }

    /// The shortcuts of [`controls`] and [`sanitize`] give what the general
    /// paths give, for every text of up to five characters over an alphabet
    /// of the characters they look at.
    #[test]
    fn shortcuts_agree_with_the_general_paths() {
        let alphabet = [
            'a', ' ', '\n', '\r', '\t', '`', '<', '[', ']', 'h', 't', 'p', ':', '/', '中', '\u{1}',
        ];
        let mut texts = vec![String::new()];
        let mut longest = vec![String::new()];
        for _ in 0..5 {
            longest = longest
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longest.iter().cloned());
        }
        texts.extend(["http://x.io a".to_owned(), " see https://x.io. ".to_owned()]);
        for text in &texts {
            assert_eq!(sanitize(text), sanitize_lines(text), "{text:?}");
            let general: String = text
                .chars()
                .map(|c| match c {
                    '\t' => "    ".to_owned(),
                    c => c.to_string(),
                })
                .collect();
            if !text.contains(['\r', '\u{1}']) {
                assert_eq!(controls(text), general, "{text:?}");
            }
        }
    }

    #[test]
    fn itoa_writes_decimal() {
        for n in [0, 7, 10, 99, 12_345, usize::MAX] {
            assert_eq!(itoa(n, &mut [0; 20]), n.to_string());
        }
    }

    #[test]
    fn code_spans_survive_backticks_and_newlines() {
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("plain id-1"), "`plain id-1`");
        assert_eq!(code("tab\t"), "`tab    `");
        assert_eq!(code("id\n"), "`id\\n`");
    }
}

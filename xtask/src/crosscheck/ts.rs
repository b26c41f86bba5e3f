//! A small TypeScript lexer and type-expression parser: enough for the
//! official Node SDK's generated client methods and DTO models.

use super::shape::{Member, Shape};

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    /// A quoted string (`'..'`, `".."`); template literals are `Template`.
    Str(String),
    Template,
    Num(String),
    Punct(char),
}

/// Tokens with their 1-based line; comments and whitespace are dropped.
pub fn lex(src: &str) -> Vec<(Tok, usize)> {
    let chars: Vec<char> = src.chars().collect();
    let (mut i, mut line) = (0, 1);
    let mut out = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        let start_line = line;
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                line += usize::from(chars[i] == '\n');
                i += 1;
            }
            i += 2;
        } else if c == '"' || c == '\'' || c == '`' {
            let mut text = String::new();
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' {
                    i += 1;
                }
                if let Some(&ch) = chars.get(i) {
                    line += usize::from(ch == '\n');
                    text.push(ch);
                }
                i += 1;
            }
            i += 1;
            out.push((
                if c == '`' {
                    Tok::Template
                } else {
                    Tok::Str(text)
                },
                start_line,
            ));
        } else if c.is_alphabetic() || c == '_' || c == '$' {
            let s = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            out.push((Tok::Ident(chars[s..i].iter().collect()), line));
        } else if c.is_ascii_digit() {
            let s = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            out.push((Tok::Num(chars[s..i].iter().collect()), line));
        } else {
            out.push((Tok::Punct(c), line));
            i += 1;
        }
    }
    out
}

/// A cursor over tokens.
pub struct Cursor<'a> {
    pub toks: &'a [(Tok, usize)],
    pub pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(toks: &'a [(Tok, usize)]) -> Self {
        Cursor { toks, pos: 0 }
    }
    pub fn peek(&self) -> Option<&'a Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }
    pub fn peek_at(&self, n: usize) -> Option<&'a Tok> {
        self.toks.get(self.pos + n).map(|(t, _)| t)
    }
    pub fn line(&self) -> usize {
        self.toks.get(self.pos).map_or(0, |(_, l)| *l)
    }
    pub fn next(&mut self) -> Option<&'a Tok> {
        let t = self.peek();
        self.pos += 1;
        t
    }
    pub fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    pub fn eat_ident(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(w)) if w == word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    pub fn ident(&mut self) -> Option<String> {
        match self.peek() {
            Some(Tok::Ident(w)) => {
                self.pos += 1;
                Some(w.clone())
            }
            _ => None,
        }
    }
    /// Skips a balanced `(..)`, `{..}`, `[..]` or `<..>` group starting at
    /// the cursor; returns the position after it.
    pub fn skip_group(&mut self) {
        let (open, close) = match self.peek() {
            Some(Tok::Punct('(')) => ('(', ')'),
            Some(Tok::Punct('{')) => ('{', '}'),
            Some(Tok::Punct('[')) => ('[', ']'),
            Some(Tok::Punct('<')) => ('<', '>'),
            _ => return,
        };
        let mut depth = 0usize;
        while let Some(t) = self.next() {
            if *t == Tok::Punct(open) {
                depth += 1;
            } else if *t == Tok::Punct(close) {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
        }
    }
}

/// Parses a type expression: `string`, `Array<X>`, `X.member`, `'a' | 'b'`,
/// `{ a?: T; }`, `Record<string, T>`, `(A | B)`, `T[]`.
pub fn parse_type(c: &mut Cursor) -> Shape {
    c.eat('|');
    let mut alternatives = vec![parse_primary(c)];
    while c.eat('|') {
        alternatives.push(parse_primary(c));
    }
    alternatives
        .retain(|a| a != &Shape::Named("null".into()) && a != &Shape::Named("undefined".into()));
    if alternatives.len() == 1 {
        return alternatives.pop().unwrap_or(Shape::Json);
    }
    let mut values = Vec::new();
    for a in &alternatives {
        match a {
            Shape::Enum(v) => values.extend(v.iter().cloned()),
            _ => return Shape::Json,
        }
    }
    Shape::Enum(values)
}

fn parse_primary(c: &mut Cursor) -> Shape {
    let mut shape = match c.next() {
        Some(Tok::Str(s)) => Shape::Enum(vec![s.clone()]),
        Some(Tok::Num(_)) => Shape::Number,
        Some(Tok::Punct('(')) => {
            let inner = parse_type(c);
            c.eat(')');
            inner
        }
        Some(Tok::Punct('{')) => {
            c.pos -= 1;
            Shape::Object(parse_members(c))
        }
        Some(Tok::Ident(word)) => match word.as_str() {
            "string" => Shape::String,
            "number" | "bigint" => Shape::Number,
            "boolean" => Shape::Bool,
            "any" | "object" | "unknown" => Shape::Json,
            "Array" => {
                c.eat('<');
                let inner = parse_type(c);
                c.eat('>');
                Shape::List(Box::new(inner))
            }
            "Record" => {
                c.eat('<');
                parse_type(c);
                c.eat(',');
                let inner = parse_type(c);
                c.eat('>');
                Shape::Map(Box::new(inner))
            }
            _ => {
                let mut name = word.clone();
                while c.peek() == Some(&Tok::Punct('.')) {
                    c.next();
                    if let Some(part) = c.ident() {
                        name = format!("{name}.{part}");
                    }
                }
                if c.peek() == Some(&Tok::Punct('<')) {
                    c.skip_group();
                }
                Shape::Named(name)
            }
        },
        _ => Shape::Json,
    };
    while c.peek() == Some(&Tok::Punct('[')) && c.peek_at(1) == Some(&Tok::Punct(']')) {
        c.pos += 2;
        shape = Shape::List(Box::new(shape));
    }
    shape
}

/// `{ name?: Type; ... }` at the cursor (which is on `{`).
pub fn parse_members(c: &mut Cursor) -> Vec<Member> {
    let mut members = Vec::new();
    if !c.eat('{') {
        return members;
    }
    loop {
        if c.eat('}') || c.peek().is_none() {
            return members;
        }
        let name = match c.next() {
            Some(Tok::Ident(n) | Tok::Str(n)) => n.clone(),
            _ => continue,
        };
        let optional = c.eat('?');
        if !c.eat(':') {
            continue;
        }
        let shape = parse_type(c);
        members.push(Member::new(&name, shape, Some(!optional)));
        while c.eat(';') || c.eat(',') {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(src: &str) -> Shape {
        let toks = lex(src);
        parse_type(&mut Cursor::new(&toks))
    }

    #[test]
    fn types() {
        assert_eq!(ty("string"), Shape::String);
        assert_eq!(
            ty("Array<UserDto>"),
            Shape::List(Box::new(Shape::Named("UserDto".into())))
        );
        assert_eq!(ty("X.userIdType"), Shape::Named("X.userIdType".into()));
        assert_eq!(
            ty("| 'a'\n | \"b\""),
            Shape::Enum(vec!["a".into(), "b".into()])
        );
        assert_eq!(ty("string | null"), Shape::String);
        assert_eq!(ty("(A | string)"), Shape::Json);
        assert_eq!(ty("number[]"), Shape::List(Box::new(Shape::Number)));
        assert_eq!(ty("Record<string, any>"), Shape::Map(Box::new(Shape::Json)));
    }

    #[test]
    fn members_skip_comments() {
        let toks = lex("{ /** a { comment } */ userId: string; flag?: boolean; }");
        let members = parse_members(&mut Cursor::new(&toks));
        assert_eq!(members[0], Member::new("userId", Shape::String, Some(true)));
        assert_eq!(members[1], Member::new("flag", Shape::Bool, Some(false)));
    }
}

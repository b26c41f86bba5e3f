//! Type expressions as written in specs: `string`, `i64`, `list<T>`, `map<T>`, `Name`.

use crate::model::Ty;

/// Primitive type names and what they become.
pub const PRIMITIVES: &[(&str, Ty)] = &[
    ("string", Ty::String),
    ("bool", Ty::Bool),
    ("i32", Ty::I32),
    ("i64", Ty::I64),
    ("f64", Ty::F64),
    ("json", Ty::Json),
];

/// Parses a type expression; named types are returned unresolved.
pub fn parse(text: &str) -> Result<Ty, String> {
    let mut p = Parser {
        s: text.trim(),
        i: 0,
    };
    let ty = p.ty(0)?;
    if p.i != p.s.len() {
        return Err(format!("unexpected `{}` after the type", &p.s[p.i..]));
    }
    Ok(ty)
}

/// Whether `value` is a value of `ty`; `named` decides for a named type,
/// which only the caller can resolve (an enum's values, a struct's fields).
pub fn fits(
    value: &serde_yaml::Value,
    ty: &Ty,
    named: &dyn Fn(&str, &serde_yaml::Value) -> bool,
) -> bool {
    use serde_yaml::Value as V;
    match (ty, value) {
        (Ty::Json, _) => true,
        (Ty::String, V::String(_)) | (Ty::Bool, V::Bool(_)) => true,
        (Ty::I32, V::Number(n)) => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
        (Ty::I64, V::Number(n)) => n.as_i64().is_some(),
        (Ty::F64, V::Number(_)) => true,
        (Ty::List(t), V::Sequence(items)) => items.iter().all(|i| fits(i, t, named)),
        (Ty::Map(t), V::Mapping(m)) => m.iter().all(|(k, v)| k.is_string() && fits(v, t, named)),
        (Ty::Named(n), v) => named(n, v),
        _ => false,
    }
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn ty(&mut self, depth: usize) -> Result<Ty, String> {
        if depth > 16 {
            return Err("type nested more than 16 levels deep".into());
        }
        let start = self.i;
        while self.s[self.i..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            self.i += 1;
        }
        let word = &self.s[start..self.i];
        if word.is_empty() {
            return Err(match self.s[self.i..].chars().next() {
                Some(c) => format!("expected a type name, found `{c}`"),
                None => "expected a type name".into(),
            });
        }
        if self.s[self.i..].starts_with('<') {
            self.i += 1;
            let inner = Box::new(self.ty(depth + 1)?);
            if !self.s[self.i..].starts_with('>') {
                return Err(format!("missing `>` to close `{word}<`"));
            }
            self.i += 1;
            return match word {
                "list" => Ok(Ty::List(inner)),
                "map" => Ok(Ty::Map(inner)),
                _ => Err(format!(
                    "`{word}` takes no type argument; only `list<T>` and `map<T>` do"
                )),
            };
        }
        if word == "list" || word == "map" {
            return Err(format!(
                "`{word}` needs an item type, e.g. `{word}<string>`"
            ));
        }
        Ok(PRIMITIVES
            .iter()
            .find(|(name, _)| *name == word)
            .map(|(_, ty)| ty.clone())
            .unwrap_or_else(|| Ty::Named(word.to_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_types() {
        assert_eq!(
            parse("list<map<i64>>"),
            Ok(Ty::List(Box::new(Ty::Map(Box::new(Ty::I64)))))
        );
        assert_eq!(parse(" User "), Ok(Ty::Named("User".into())));
    }

    #[test]
    fn fits_by_type_and_asks_for_named_types() {
        let v = |yaml: &str| serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap();
        let ty = |text: &str| parse(text).unwrap();
        let enum_ab = |name: &str, v: &serde_yaml::Value| {
            name == "Ab" && v.as_str().is_some_and(|s| s == "a" || s == "b")
        };
        assert!(fits(&v("[1, 2]"), &ty("list<i64>"), &enum_ab));
        assert!(!fits(&v("[1.5]"), &ty("list<i64>"), &enum_ab));
        assert!(!fits(&v("3000000000"), &ty("i32"), &enum_ab));
        assert!(fits(&v("{x: [a]}"), &ty("map<list<Ab>>"), &enum_ab));
        assert!(!fits(&v("c"), &ty("Ab"), &enum_ab));
        assert!(fits(&v("c"), &ty("json"), &enum_ab));
    }

    #[test]
    fn rejects_malformed_types() {
        assert!(parse("list<string").unwrap_err().contains("missing `>`"));
        assert!(parse("list").unwrap_err().contains("needs an item type"));
        assert!(parse("string<i64>")
            .unwrap_err()
            .contains("takes no type argument"));
        assert!(parse("array of string").unwrap_err().contains("unexpected"));
        assert!(parse("").unwrap_err().contains("expected a type name"));
    }
}

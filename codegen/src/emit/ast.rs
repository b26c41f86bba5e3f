//! The small nodes templates are filled with: literals, local names,
//! tuples of them, doc attributes. Everything larger is a
//! [`template!`](super::template::template).

use proc_macro2::Span;
use syn::{
    AttrStyle, Attribute, Expr, ExprLit, ExprPath, ExprTuple, FieldValue, Lit, LitStr, Meta,
    MetaNameValue, Pat, PatIdent, PatTuple, Path, PathSegment, Stmt, Type, TypePath,
};

use super::ident;

fn span() -> Span {
    Span::call_site()
}

/// `a::b::C`, from its text.
fn path(text: &str) -> Path {
    Path {
        leading_colon: None,
        segments: text
            .split("::")
            .map(|s| PathSegment::from(ident(s)))
            .collect(),
    }
}

/// The type `a::b::C`, from its text.
pub fn named_ty(text: &str) -> Type {
    Type::Path(TypePath {
        attrs: Vec::new(),
        qself: None,
        path: path(text),
    })
}

/// A path expression: a local (`f`), `None`, `a::b::C`.
pub fn path_expr(text: &str) -> Expr {
    Expr::Path(ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: path(text),
    })
}

fn lit(lit: Lit) -> Expr {
    Expr::Lit(ExprLit {
        attrs: Vec::new(),
        lit,
    })
}

/// `"text"`.
pub fn str_lit(text: &str) -> Expr {
    lit(Lit::Str(LitStr::new(text, span())))
}

/// `true` / `false`.
pub fn bool_lit(value: bool) -> Expr {
    lit(Lit::Bool(syn::LitBool::new(value, span())))
}

/// An unsuffixed integer literal: `3`.
pub fn int_lit(value: usize) -> Expr {
    lit(Lit::Int(syn::LitInt::new(&value.to_string(), span())))
}

/// A string literal pattern: `"text"`.
pub fn str_pat(text: &str) -> Pat {
    Pat::Lit(ExprLit {
        attrs: Vec::new(),
        lit: Lit::Str(LitStr::new(text, span())),
    })
}

/// An unsuffixed integer pattern: `3`.
pub fn int_pat(value: usize) -> Pat {
    Pat::Lit(ExprLit {
        attrs: Vec::new(),
        lit: Lit::Int(syn::LitInt::new(&value.to_string(), span())),
    })
}

/// A mutable binding pattern: `mut name`.
pub fn mut_ident_pat(name: syn::Ident) -> Pat {
    Pat::Ident(PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: Some(Default::default()),
        ident: name,
        subpat: None,
    })
}

/// `(a, b, ...)`, or the one pattern itself.
pub fn tuple_pat(mut pats: Vec<Pat>) -> Pat {
    if pats.len() == 1 {
        return pats.remove(0);
    }
    Pat::Tuple(PatTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: pats.into_iter().collect(),
    })
}

/// `(a, b, ...)`, or the one expression itself.
pub fn tuple_expr(mut exprs: Vec<Expr>) -> Expr {
    if exprs.len() == 1 {
        return exprs.remove(0);
    }
    Expr::Tuple(ExprTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: exprs.into_iter().collect(),
    })
}

/// A field value in shorthand: `name` (for `name: name`).
pub fn shorthand(name: syn::Ident) -> FieldValue {
    FieldValue {
        attrs: Vec::new(),
        member: syn::Member::Named(name.clone()),
        colon_token: None,
        expr: Expr::Path(ExprPath {
            attrs: Vec::new(),
            qself: None,
            path: name.into(),
        }),
    }
}

/// `expr;`.
pub fn stmt(expr: Expr) -> Stmt {
    Stmt::Expr(expr, Some(Default::default()))
}

/// `#[doc = "text"]`, or `#![doc = "text"]` for `inner`.
pub fn doc_attr(text: &str, inner: bool) -> Attribute {
    let style = if inner {
        AttrStyle::Inner(Default::default())
    } else {
        AttrStyle::Outer
    };
    attr(
        style,
        Meta::NameValue(MetaNameValue {
            path: path("doc"),
            eq_token: Default::default(),
            value: str_lit(text),
        }),
    )
}

fn attr(style: AttrStyle, meta: Meta) -> Attribute {
    Attribute {
        pound_token: Default::default(),
        style,
        bracket_token: Default::default(),
        meta,
    }
}

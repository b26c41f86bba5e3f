//! Rust templates with named holes: how `emit` writes code.
//!
//! A template is the Rust it produces, with `#name` where the generator puts
//! something in. [`template!`] parses it once per thread; each use fills a
//! clone in one [`VisitMut`] pass, so the code that repeats per type, field
//! and operation costs no parsing. What a hole takes depends on where it
//! stands:
//!
//! | written as | filled with |
//! | --- | --- |
//! | `#name` where an identifier, a type, an expression or a pattern may stand | one [`Ident`], [`Type`], [`Expr`] or [`Pat`] |
//! | `#name;` as a statement | statements |
//! | `#name => {}` as a match arm | arms |
//! | `#name: ()` as a named field, `Name { #name }` in a struct literal | fields, field values |
//! | `#name` as an array element or a call's argument | expressions |
//! | `#name: ()` as a function's argument | arguments |
//! | `#name` as an enum variant | variants |
//! | `use a::{#name};` | identifiers |
//! | `#name!();` as an item or an impl's item | items, impl items |
//! | `#[#name]` | attributes (doc comments: [`super::docs::Doc::attr`]) |
//!
//! A hole the template has but [`Template::fill`] was not given, or one it
//! was given that the template lacks, is a generator bug and panics: every
//! template runs in the emitter's tests.

use std::fmt::Write as _;

use proc_macro2::{Group, Ident, TokenStream, TokenTree};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Arm, Attribute, Expr, Field, FieldValue, FnArg, ImplItem, Item, Pat, Stmt, Type};

/// The template `$ty: code`, parsed once per thread (`template!(syn::ItemImpl:
/// impl Display for #name { .. })`); fill it with [`Template::fill`].
macro_rules! template {
    ($ty:ty: $($code:tt)*) => {{
        thread_local! {
            static PARSED: $ty = $crate::emit::template::parse(stringify!($($code)*));
        }
        $crate::emit::template::Template::new(PARSED.with(Clone::clone))
    }};
}
pub(crate) use template;

/// The prefix a hole's name gets when its template is parsed.
const HOLE: &str = "__hole_";

/// Parses a template's text, `#name` becoming the identifier `__hole_name`.
/// Templates are the generator's own code: one that does not parse is a bug.
pub fn parse<T: Code>(text: &str) -> T {
    let tokens: TokenStream = text.parse().expect("a template lexes");
    T::parse(mark_holes(tokens)).unwrap_or_else(|e| panic!("template does not parse: {e}\n{text}"))
}

fn mark_holes(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Punct(p) if p.as_char() == '#' => match tokens.peek() {
                Some(TokenTree::Ident(name)) => {
                    out.push(TokenTree::Ident(Ident::new(
                        &format!("{HOLE}{name}"),
                        name.span(),
                    )));
                    tokens.next();
                }
                _ => out.push(TokenTree::Punct(p)),
            },
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), mark_holes(g.stream()));
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// What fills a hole.
pub enum Hole {
    Ident(Ident),
    Idents(Vec<Ident>),
    Type(Type),
    Expr(Expr),
    Pat(Pat),
    Stmts(Vec<Stmt>),
    Arms(Vec<Arm>),
    Fields(Vec<Field>),
    FieldValues(Vec<FieldValue>),
    Exprs(Vec<Expr>),
    Args(Vec<FnArg>),
    Variants(Vec<syn::Variant>),
    Items(Vec<Item>),
    ImplItems(Vec<ImplItem>),
    Attrs(Vec<Attribute>),
}

macro_rules! hole_from {
    ($($ty:ty => $variant:ident),* $(,)?) => {
        $(impl From<$ty> for Hole {
            fn from(value: $ty) -> Hole {
                Hole::$variant(value)
            }
        })*
    };
}

hole_from! {
    Ident => Ident, Vec<Ident> => Idents, Type => Type, Expr => Expr, Pat => Pat,
    Vec<Stmt> => Stmts, Vec<Arm> => Arms, Vec<Field> => Fields,
    Vec<FieldValue> => FieldValues, Vec<Expr> => Exprs, Vec<FnArg> => Args,
    Vec<syn::Variant> => Variants, Vec<Item> => Items, Vec<ImplItem> => ImplItems,
    Vec<Attribute> => Attrs,
}

impl From<Attribute> for Hole {
    fn from(value: Attribute) -> Hole {
        Hole::Attrs(vec![value])
    }
}

impl Hole {
    fn kind(&self) -> &'static str {
        match self {
            Hole::Ident(_) => "an identifier",
            Hole::Idents(_) => "identifiers",
            Hole::Type(_) => "a type",
            Hole::Expr(_) => "an expression",
            Hole::Pat(_) => "a pattern",
            Hole::Stmts(_) => "statements",
            Hole::Arms(_) => "match arms",
            Hole::Fields(_) => "fields",
            Hole::FieldValues(_) => "field values",
            Hole::Exprs(_) => "expressions",
            Hole::Args(_) => "arguments",
            Hole::Variants(_) => "variants",
            Hole::Items(_) => "items",
            Hole::ImplItems(_) => "impl items",
            Hole::Attrs(_) => "attributes",
        }
    }
}

/// A parsed template and what its holes are given.
pub struct Template<T> {
    code: T,
    holes: Vec<(&'static str, Hole, bool)>,
}

impl<T: Code> Template<T> {
    #[doc(hidden)]
    pub fn new(code: T) -> Self {
        Template {
            code,
            holes: Vec::new(),
        }
    }

    /// Gives the hole `#name` its value.
    pub fn with(mut self, name: &'static str, value: impl Into<Hole>) -> Self {
        self.holes.push((name, value.into(), false));
        self
    }

    /// The code with every hole filled.
    pub fn fill(mut self) -> T {
        let mut filler = Filler {
            holes: std::mem::take(&mut self.holes),
            missing: Vec::new(),
        };
        self.code.visit(&mut filler);
        let mut bugs = String::new();
        for name in &filler.missing {
            let _ = write!(bugs, " #{name} is not given;");
        }
        for (name, _, used) in &filler.holes {
            if !used {
                let _ = write!(bugs, " #{name} is given but not in the template;");
            }
        }
        assert!(bugs.is_empty(), "template holes:{bugs}");
        self.code
    }
}

/// The node types a template can be: parsed once, walked by `fill`.
pub trait Code: Sized {
    fn parse(tokens: TokenStream) -> syn::Result<Self>;
    fn visit(&mut self, v: &mut impl VisitMut);
}

macro_rules! code {
    ($($ty:ty => $method:ident $(by $parser:expr)?),* $(,)?) => {
        $(impl Code for $ty {
            fn parse(tokens: TokenStream) -> syn::Result<Self> {
                code!(@parse tokens $($parser)?)
            }
            fn visit(&mut self, v: &mut impl VisitMut) {
                v.$method(self);
            }
        })*
    };
    (@parse $tokens:ident) => { syn::parse2($tokens) };
    (@parse $tokens:ident $parser:expr) => { syn::parse::Parser::parse2($parser, $tokens) };
}

code! {
    Item => visit_item_mut, syn::ItemImpl => visit_item_impl_mut,
    syn::ItemMod => visit_item_mod_mut, syn::File => visit_file_mut,
    ImplItem => visit_impl_item_mut, syn::ImplItemFn => visit_impl_item_fn_mut,
    Expr => visit_expr_mut, Stmt => visit_stmt_mut, Type => visit_type_mut,
    Arm => visit_arm_mut, FieldValue => visit_field_value_mut, FnArg => visit_fn_arg_mut,
    syn::Block => visit_block_mut, syn::Variant => visit_variant_mut,
    Pat => visit_pat_mut by Pat::parse_single,
    Field => visit_field_mut by Field::parse_named,
    Attribute => visit_attribute_mut by one_attribute,
}

/// A template that is one outer attribute.
fn one_attribute(input: syn::parse::ParseStream) -> syn::Result<Attribute> {
    let mut attrs = Attribute::parse_outer(input)?;
    match (attrs.pop(), attrs.is_empty()) {
        (Some(attr), true) => Ok(attr),
        _ => Err(input.error("expected one attribute")),
    }
}

struct Filler {
    holes: Vec<(&'static str, Hole, bool)>,
    missing: Vec<String>,
}

/// The hole an identifier marks, if it marks one.
fn hole_name(ident: &Ident) -> Option<String> {
    let text = ident.to_string();
    text.strip_prefix(HOLE).map(str::to_owned)
}

/// The hole a one-segment path marks (`#name` as a type, expression or pattern).
fn path_hole(path: &syn::Path) -> Option<String> {
    path.get_ident().and_then(hole_name)
}

fn expr_hole(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => path_hole(&p.path),
        _ => None,
    }
}

fn pat_hole(pat: &Pat) -> Option<String> {
    match pat {
        Pat::Ident(p) if p.by_ref.is_none() && p.mutability.is_none() && p.subpat.is_none() => {
            hole_name(&p.ident)
        }
        _ => None,
    }
}

impl Filler {
    /// The value of hole `name`, if it is given.
    fn get(&mut self, name: &str) -> Option<&Hole> {
        match self.holes.iter_mut().find(|(n, ..)| *n == name) {
            Some((_, hole, used)) => {
                *used = true;
                Some(hole)
            }
            None => {
                self.missing.push(name.to_owned());
                None
            }
        }
    }

    fn mismatch(name: &str, hole: &Hole, expected: &str) -> ! {
        panic!(
            "template hole #{name} is given {}, used as {expected}",
            hole.kind()
        )
    }

    /// Replaces each element that is a list hole by the list's elements.
    fn splice<E: Clone, P: Default>(
        &mut self,
        list: &mut Punctuated<E, P>,
        hole: impl Fn(&E) -> Option<String>,
        take: impl Fn(&str, &Hole) -> Option<Vec<E>>,
    ) {
        if !list.iter().any(|e| hole(e).is_some()) {
            return;
        }
        let trailing = list.trailing_punct();
        let mut out = Punctuated::new();
        for element in std::mem::take(list) {
            let values = match hole(&element) {
                Some(name) => match self.get(&name) {
                    Some(h) => take(&name, h),
                    None => Some(Vec::new()),
                },
                None => None,
            };
            match values {
                Some(values) => out.extend(values),
                None => out.push(element),
            }
        }
        if trailing && !out.empty_or_trailing() {
            out.push_punct(P::default());
        }
        *list = out;
    }

    fn splice_vec<E: Clone>(
        &mut self,
        list: &mut Vec<E>,
        hole: impl Fn(&E) -> Option<String>,
        take: impl Fn(&str, &Hole) -> Option<Vec<E>>,
    ) {
        if !list.iter().any(|e| hole(e).is_some()) {
            return;
        }
        let mut out = Vec::with_capacity(list.len());
        for element in std::mem::take(list) {
            match hole(&element) {
                Some(name) => match self.get(&name).map(|h| take(&name, h)) {
                    Some(Some(values)) => out.extend(values),
                    Some(None) | None => out.push(element),
                },
                None => out.push(element),
            }
        }
        *list = out;
    }

    /// A macro's or an attribute's tokens with their holes filled.
    fn tokens(&mut self, tokens: TokenStream) -> TokenStream {
        let mut out = TokenStream::new();
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => match hole_name(&ident) {
                    Some(name) => match self.get(&name) {
                        Some(Hole::Ident(value)) => value.to_tokens(&mut out),
                        Some(Hole::Type(value)) => value.to_tokens(&mut out),
                        Some(Hole::Expr(value)) => value.to_tokens(&mut out),
                        Some(Hole::Exprs(values)) => {
                            let values: Punctuated<&Expr, syn::Token![,]> = values.iter().collect();
                            values.to_tokens(&mut out);
                        }
                        Some(other) => Self::mismatch(&name, other, "tokens"),
                        None => {}
                    },
                    None => out.extend([TokenTree::Ident(ident)]),
                },
                TokenTree::Group(g) => {
                    let mut group = Group::new(g.delimiter(), self.tokens(g.stream()));
                    group.set_span(g.span());
                    out.extend([TokenTree::Group(group)]);
                }
                other => out.extend([other]),
            }
        }
        out
    }

    fn attrs(&mut self, attrs: &mut Vec<Attribute>) {
        self.splice_vec(
            attrs,
            |a| match &a.meta {
                syn::Meta::Path(p) => path_hole(p),
                _ => None,
            },
            |name, h| match h {
                Hole::Attrs(a) => Some(a.clone()),
                other => Self::mismatch(name, other, "attributes"),
            },
        );
    }
}

impl VisitMut for Filler {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if let Some(name) = hole_name(ident) {
            match self.get(&name) {
                Some(Hole::Ident(value)) => *ident = value.clone(),
                Some(other) => Self::mismatch(&name, other, "an identifier"),
                None => {}
            }
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        mac.tokens = self.tokens(std::mem::take(&mut mac.tokens));
        visit_mut::visit_macro_mut(self, mac);
    }

    fn visit_meta_list_mut(&mut self, list: &mut syn::MetaList) {
        list.tokens = self.tokens(std::mem::take(&mut list.tokens));
        visit_mut::visit_meta_list_mut(self, list);
    }

    fn visit_type_mut(&mut self, ty: &mut Type) {
        if let Type::Path(p) = ty {
            if let Some(name) = p.qself.is_none().then(|| path_hole(&p.path)).flatten() {
                if let Some(Hole::Type(value)) = self.get(&name) {
                    *ty = value.clone();
                    return;
                }
            }
        }
        visit_mut::visit_type_mut(self, ty);
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Some(name) = expr_hole(expr) {
            if let Some(Hole::Expr(value)) = self.get(&name) {
                *expr = value.clone();
                return;
            }
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_pat_mut(&mut self, pat: &mut Pat) {
        if let Some(name) = pat_hole(pat) {
            if let Some(Hole::Pat(value)) = self.get(&name) {
                *pat = value.clone();
                return;
            }
        }
        visit_mut::visit_pat_mut(self, pat);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        self.splice_vec(
            &mut block.stmts,
            |s| match s {
                Stmt::Expr(e, Some(_)) => expr_hole(e),
                _ => None,
            },
            |_, h| match h {
                Hole::Stmts(s) => Some(s.clone()),
                _ => None,
            },
        );
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        self.splice_vec(
            &mut m.arms,
            |a| pat_hole(&a.pat),
            |name, h| match h {
                Hole::Arms(a) => Some(a.clone()),
                other => Self::mismatch(name, other, "match arms"),
            },
        );
        visit_mut::visit_expr_match_mut(self, m);
    }

    fn visit_fields_named_mut(&mut self, fields: &mut syn::FieldsNamed) {
        self.splice(
            &mut fields.named,
            |f| f.ident.as_ref().and_then(hole_name),
            |name, h| match h {
                Hole::Fields(f) => Some(f.clone()),
                other => Self::mismatch(name, other, "fields"),
            },
        );
        visit_mut::visit_fields_named_mut(self, fields);
    }

    fn visit_expr_struct_mut(&mut self, s: &mut syn::ExprStruct) {
        self.splice(
            &mut s.fields,
            |f| match &f.member {
                syn::Member::Named(name) if f.colon_token.is_none() => hole_name(name),
                _ => None,
            },
            |name, h| match h {
                Hole::FieldValues(f) => Some(f.clone()),
                other => Self::mismatch(name, other, "field values"),
            },
        );
        visit_mut::visit_expr_struct_mut(self, s);
    }

    fn visit_expr_array_mut(&mut self, a: &mut syn::ExprArray) {
        self.splice(&mut a.elems, expr_hole, exprs);
        visit_mut::visit_expr_array_mut(self, a);
    }

    fn visit_expr_call_mut(&mut self, c: &mut syn::ExprCall) {
        self.attrs(&mut c.attrs);
        self.splice(&mut c.args, expr_hole, exprs);
        visit_mut::visit_expr_call_mut(self, c);
    }

    fn visit_expr_method_call_mut(&mut self, c: &mut syn::ExprMethodCall) {
        self.attrs(&mut c.attrs);
        self.splice(&mut c.args, expr_hole, exprs);
        visit_mut::visit_expr_method_call_mut(self, c);
    }

    fn visit_signature_mut(&mut self, sig: &mut syn::Signature) {
        self.splice(
            &mut sig.inputs,
            |a| match a {
                FnArg::Typed(t) => pat_hole(&t.pat),
                FnArg::Receiver(_) => None,
            },
            |_, h| match h {
                Hole::Args(a) => Some(a.clone()),
                _ => None,
            },
        );
        visit_mut::visit_signature_mut(self, sig);
    }

    fn visit_use_group_mut(&mut self, group: &mut syn::UseGroup) {
        self.splice(
            &mut group.items,
            |tree| match tree {
                syn::UseTree::Name(n) => hole_name(&n.ident),
                _ => None,
            },
            |name, h| match h {
                Hole::Idents(names) => Some(
                    names
                        .iter()
                        .map(|ident| {
                            syn::UseTree::Name(syn::UseName {
                                ident: ident.clone(),
                            })
                        })
                        .collect(),
                ),
                other => Self::mismatch(name, other, "identifiers"),
            },
        );
        visit_mut::visit_use_group_mut(self, group);
    }

    fn visit_item_enum_mut(&mut self, e: &mut syn::ItemEnum) {
        self.splice(
            &mut e.variants,
            |v| hole_name(&v.ident),
            |name, h| match h {
                Hole::Variants(v) => Some(v.clone()),
                other => Self::mismatch(name, other, "variants"),
            },
        );
        visit_mut::visit_item_enum_mut(self, e);
    }

    fn visit_file_mut(&mut self, file: &mut syn::File) {
        self.splice_vec(&mut file.items, item_hole, items);
        self.attrs(&mut file.attrs);
        visit_mut::visit_file_mut(self, file);
    }

    fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
        if let Some((_, items_)) = &mut m.content {
            self.splice_vec(items_, item_hole, items);
        }
        visit_mut::visit_item_mod_mut(self, m);
    }

    fn visit_item_impl_mut(&mut self, i: &mut syn::ItemImpl) {
        self.splice_vec(
            &mut i.items,
            |item| match item {
                ImplItem::Macro(m) => path_hole(&m.mac.path),
                _ => None,
            },
            |name, h| match h {
                Hole::ImplItems(items) => Some(items.clone()),
                other => Self::mismatch(name, other, "impl items"),
            },
        );
        visit_mut::visit_item_impl_mut(self, i);
    }

    fn visit_item_mut(&mut self, item: &mut Item) {
        if let Some(attrs) = item_attrs(item) {
            self.attrs(attrs);
        }
        visit_mut::visit_item_mut(self, item);
    }

    fn visit_impl_item_mut(&mut self, item: &mut ImplItem) {
        let attrs = match item {
            ImplItem::Fn(f) => Some(&mut f.attrs),
            ImplItem::Const(c) => Some(&mut c.attrs),
            ImplItem::Type(t) => Some(&mut t.attrs),
            _ => None,
        };
        if let Some(attrs) = attrs {
            self.attrs(attrs);
        }
        visit_mut::visit_impl_item_mut(self, item);
    }

    fn visit_field_mut(&mut self, field: &mut Field) {
        self.attrs(&mut field.attrs);
        visit_mut::visit_field_mut(self, field);
    }

    fn visit_variant_mut(&mut self, variant: &mut syn::Variant) {
        self.attrs(&mut variant.attrs);
        visit_mut::visit_variant_mut(self, variant);
    }
}

fn exprs(_: &str, hole: &Hole) -> Option<Vec<Expr>> {
    match hole {
        Hole::Exprs(e) => Some(e.clone()),
        _ => None,
    }
}

fn item_hole(item: &Item) -> Option<String> {
    match item {
        Item::Macro(m) if m.ident.is_none() => path_hole(&m.mac.path),
        _ => None,
    }
}

fn items(name: &str, hole: &Hole) -> Option<Vec<Item>> {
    match hole {
        Hole::Items(items) => Some(items.clone()),
        other => Filler::mismatch(name, other, "items"),
    }
}

fn item_attrs(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        Item::Struct(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        Item::Const(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::ident;

    fn print(item: Item) -> String {
        prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items: vec![item],
        })
    }

    #[test]
    fn fills_every_kind_of_hole() {
        let doc: Attribute = syn::parse_quote!(#[inline]);
        let args: Vec<FnArg> = vec![syn::parse_quote!(a: u8), syn::parse_quote!(b: u8)];
        let ty: Type = syn::parse_quote!(Option<u8>);
        let pat: Pat = syn::parse_quote!((a, b));
        let values: Vec<Expr> = vec![syn::parse_quote!(1), syn::parse_quote!(2)];
        let stmts: Vec<Stmt> = vec![syn::parse_quote!(h();)];
        let arms: Vec<Arm> = vec![syn::parse_quote!(0 => a,), syn::parse_quote!(1 => b,)];
        let value: Expr = syn::parse_quote!(Some(a));
        let methods: Vec<ImplItem> = vec![syn::parse_quote!(
            fn m() {}
        )];
        let item = template!(Item:
            #[#doc]
            impl #Trait for #name {
                fn f(&self, #args: ()) -> #ty {
                    let #pat = g(#values, 9);
                    #stmts;
                    match x { #arms => {} _ => {} }
                    #value
                }
                #methods!();
            }
        )
        .with("doc", doc)
        .with("Trait", ident("Tr"))
        .with("name", ident("T"))
        .with("args", args)
        .with("ty", ty)
        .with("pat", pat)
        .with("values", values)
        .with("stmts", stmts)
        .with("arms", arms)
        .with("value", value)
        .with("methods", methods)
        .fill();
        assert_eq!(
            print(item),
            "#[inline]\nimpl Tr for T {\n    fn f(&self, a: u8, b: u8) -> Option<u8> {\n        let (a, b) = g(1, 2, 9);\n        h();\n        match x {\n            0 => a,\n            1 => b,\n            _ => {}\n        }\n        Some(a)\n    }\n    fn m() {}\n}\n"
        );
        let fields: Vec<Field> = vec![syn::parse_quote!(pub a: u8)];
        let s = template!(Item: pub struct #name { #fields: (), pub z: u8 })
            .with("name", ident("S"))
            .with("fields", fields)
            .fill();
        assert_eq!(
            print(s),
            "pub struct S {\n    pub a: u8,\n    pub z: u8,\n}\n"
        );
        let values: Vec<FieldValue> = vec![syn::parse_quote!(a: 1)];
        let lit = template!(Expr: Self { #values, z })
            .with("values", values)
            .fill();
        let text = quote::ToTokens::to_token_stream(&lit).to_string();
        assert_eq!(text, "Self { a : 1 , z }");
    }

    #[test]
    #[should_panic(expected = "#b is not given")]
    fn a_hole_left_empty_is_a_bug() {
        template!(Expr: f(#a, #b)).with("a", ident("x")).fill();
    }

    #[test]
    #[should_panic(expected = "#c is given but not in the template")]
    fn a_value_without_its_hole_is_a_bug() {
        template!(Expr: f(#a))
            .with("a", ident("x"))
            .with("c", ident("y"))
            .fill();
    }
}

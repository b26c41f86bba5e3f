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
//! | `#name` in a macro's or an attribute's tokens | an identifier, a type, expressions |
//!
//! Values are moved in after the template's own nodes are walked, so they
//! are never walked; a hole that appears twice gets a clone. The walk skips
//! every node with no hole in it: parsing numbers the template's nodes and
//! marks those that hold one. A hole the
//! template has but [`Template::fill`] was not given, one it was given that
//! the template lacks, or a value whose kind cannot stand where its hole is,
//! is a generator bug and panics: every template runs in the emitter's tests.

use std::fmt::Write as _;
use std::rc::Rc;

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
            static PARSED: std::rc::Rc<$crate::emit::template::Parsed<$ty>> =
                std::rc::Rc::new($crate::emit::template::parse(stringify!($($code)*)));
        }
        PARSED.with($crate::emit::template::Parsed::template)
    }};
}
pub(crate) use template;

/// The prefix a hole's name gets when its template is parsed.
const HOLE: &str = "__hole_";

/// A parsed template and its holes, sorted by name.
pub struct Parsed<T> {
    code: T,
    holes: Vec<HoleSite>,
    nodes: Vec<Node>,
}

/// A node of a parsed template (an item, expression, type... in the order
/// [`VisitMut`] enters them), so that filling skips what holds no hole.
#[derive(Clone, Copy)]
pub struct Node {
    /// The index after this node's last descendant.
    end: u32,
    /// Whether a hole is in it.
    holed: bool,
}

/// A hole of a parsed template.
pub struct HoleSite {
    name: String,
    /// Its identifier in the parsed code: `__hole_name`.
    marked: String,
    /// How many times the template has it.
    occurs: usize,
}

impl<T: Code> Parsed<T> {
    /// The template, to give its holes values; the code is copied when it is filled.
    pub fn template(self: &Rc<Self>) -> Template<T> {
        Template {
            parsed: self.clone(),
            given: self
                .holes
                .iter()
                .map(|site| Given {
                    left: site.occurs,
                    value: None,
                })
                .collect(),
            unknown: Vec::new(),
        }
    }
}

/// Parses a template's text, `#name` becoming the identifier `__hole_name`.
/// Templates are the generator's own code: one that does not parse is a bug.
pub fn parse<T: Code>(text: &str) -> Parsed<T> {
    let tokens: TokenStream = text.parse().expect("a template lexes");
    let mut holes = Vec::new();
    let mut code = T::parse(mark_holes(tokens, &mut holes))
        .unwrap_or_else(|e| panic!("template does not parse: {e}\n{text}"));
    let mut marker = Marker::default();
    code.visit(&mut marker);
    holes.sort();
    let mut sites: Vec<HoleSite> = Vec::new();
    for name in holes {
        match sites.last_mut() {
            Some(last) if last.name == name => last.occurs += 1,
            _ => sites.push(HoleSite {
                marked: format!("{HOLE}{name}"),
                name,
                occurs: 1,
            }),
        }
    }
    Parsed {
        code,
        holes: sites,
        nodes: marker.nodes,
    }
}

fn mark_holes(tokens: TokenStream, holes: &mut Vec<String>) -> TokenStream {
    let mut out = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Punct(p) if p.as_char() == '#' => match tokens.peek() {
                Some(TokenTree::Ident(name)) => {
                    holes.push(name.to_string());
                    out.push(TokenTree::Ident(Ident::new(
                        &format!("{HOLE}{name}"),
                        name.span(),
                    )));
                    tokens.next();
                }
                _ => out.push(TokenTree::Punct(p)),
            },
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), mark_holes(g.stream(), holes));
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// What fills a hole.
#[derive(Clone)]
pub enum Hole {
    Ident(Ident),
    Idents(Vec<Ident>),
    // Boxed: a hole's value is moved several times on its way in, and
    // these are the large nodes (a `Type` is 248 bytes).
    Type(Box<Type>),
    Expr(Box<Expr>),
    Pat(Box<Pat>),
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
    Ident => Ident, Vec<Ident> => Idents, Box<Type> => Type, Box<Expr> => Expr, Box<Pat> => Pat,
    Vec<Stmt> => Stmts, Vec<Arm> => Arms, Vec<Field> => Fields,
    Vec<FieldValue> => FieldValues, Vec<Expr> => Exprs, Vec<FnArg> => Args,
    Vec<syn::Variant> => Variants, Vec<Item> => Items, Vec<ImplItem> => ImplItems,
    Vec<Attribute> => Attrs,
}

macro_rules! hole_from_boxed {
    ($($ty:ty => $variant:ident),* $(,)?) => {
        $(impl From<$ty> for Hole {
            fn from(value: $ty) -> Hole {
                Hole::$variant(Box::new(value))
            }
        })*
    };
}

hole_from_boxed! { Type => Type, Expr => Expr, Pat => Pat }

impl From<Attribute> for Hole {
    fn from(value: Attribute) -> Hole {
        Hole::Attrs(vec![value])
    }
}

/// Sets of [`Hole`] kinds, as bits: [`Filler::take`] looks an identifier up
/// among the holes only where a value of a kind that may stand there is given.
mod kind {
    pub const IDENT: u32 = 1;
    pub const IDENTS: u32 = 1 << 1;
    pub const TYPE: u32 = 1 << 2;
    pub const EXPR: u32 = 1 << 3;
    pub const PAT: u32 = 1 << 4;
    pub const STMTS: u32 = 1 << 5;
    pub const ARMS: u32 = 1 << 6;
    pub const FIELDS: u32 = 1 << 7;
    pub const FIELD_VALUES: u32 = 1 << 8;
    pub const EXPRS: u32 = 1 << 9;
    pub const ARGS: u32 = 1 << 10;
    pub const VARIANTS: u32 = 1 << 11;
    pub const ITEMS: u32 = 1 << 12;
    pub const IMPL_ITEMS: u32 = 1 << 13;
    pub const ATTRS: u32 = 1 << 14;
}

impl Hole {
    /// The value's kind, one of [`kind`]'s bits.
    fn bit(&self) -> u32 {
        match self {
            Hole::Ident(_) => kind::IDENT,
            Hole::Idents(_) => kind::IDENTS,
            Hole::Type(_) => kind::TYPE,
            Hole::Expr(_) => kind::EXPR,
            Hole::Pat(_) => kind::PAT,
            Hole::Stmts(_) => kind::STMTS,
            Hole::Arms(_) => kind::ARMS,
            Hole::Fields(_) => kind::FIELDS,
            Hole::FieldValues(_) => kind::FIELD_VALUES,
            Hole::Exprs(_) => kind::EXPRS,
            Hole::Args(_) => kind::ARGS,
            Hole::Variants(_) => kind::VARIANTS,
            Hole::Items(_) => kind::ITEMS,
            Hole::ImplItems(_) => kind::IMPL_ITEMS,
            Hole::Attrs(_) => kind::ATTRS,
        }
    }

    /// What the hole holds, for a generator bug's message.
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

/// A template and what its holes are given.
pub struct Template<T> {
    parsed: Rc<Parsed<T>>,
    /// What each of the template's holes is given.
    given: Vec<Given>,
    /// Names given that the template has no hole for.
    unknown: Vec<&'static str>,
}

/// A hole's value, and how many of its occurrences are still to fill: the
/// last one gets the value, the others a clone.
struct Given {
    left: usize,
    value: Option<Hole>,
}

impl<T: Code> Template<T> {
    /// Gives the hole `#name` its value.
    pub fn with(mut self, name: &'static str, value: impl Into<Hole>) -> Self {
        // A template has a few holes: a scan beats a binary search.
        match self.parsed.holes.iter().position(|site| site.name == name) {
            Some(i) => self.given[i].value = Some(value.into()),
            None => self.unknown.push(name),
        }
        self
    }

    /// The code with every hole filled.
    pub fn fill(self) -> T {
        let Parsed { code, holes, nodes } = &*self.parsed;
        let mut bugs = String::new();
        for (site, given) in holes.iter().zip(&self.given) {
            if given.value.is_none() {
                let _ = write!(bugs, " #{} is not given;", site.name);
            }
        }
        for name in &self.unknown {
            let _ = write!(bugs, " #{name} is given but not in the template;");
        }
        assert!(bugs.is_empty(), "template holes:{bugs}");
        let given_kinds = self
            .given
            .iter()
            .filter_map(|g| g.value.as_ref())
            .fold(0, |kinds, value| kinds | value.bit());
        let mut filler = Filler {
            sites: holes,
            given: self.given,
            given_kinds,
            nodes,
            next: 0,
        };
        let mut code = code.clone();
        code.visit(&mut filler);
        debug_assert_eq!(filler.next, nodes.len(), "template nodes walked");
        for (site, given) in holes.iter().zip(&filler.given) {
            if given.left > 0 {
                let kind = given.value.as_ref().map_or("?", Hole::kind);
                let _ = write!(bugs, " #{} stands where {kind} cannot;", site.name);
            }
        }
        assert!(bugs.is_empty(), "template holes:{bugs}");
        code
    }
}

/// The node types a template can be: parsed once, walked by `fill`.
pub trait Code: Sized + Clone {
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

/// Numbers a parsed template's nodes and marks those that hold a hole.
#[derive(Default)]
struct Marker {
    nodes: Vec<Node>,
    /// Holes seen so far.
    holes: usize,
}

impl Marker {
    fn open(&mut self) -> (usize, usize) {
        self.nodes.push(Node {
            end: 0,
            holed: false,
        });
        (self.nodes.len() - 1, self.holes)
    }

    fn close(&mut self, (index, holes_before): (usize, usize)) {
        self.nodes[index] = Node {
            end: u32::try_from(self.nodes.len()).expect("a template has few nodes"),
            holed: self.holes > holes_before,
        };
    }

    fn count(&mut self, ident: &Ident) {
        if ident.to_string().starts_with(HOLE) {
            self.holes += 1;
        }
    }

    fn scan(&mut self, tokens: &TokenStream) {
        for token in tokens.clone() {
            match token {
                TokenTree::Ident(ident) => self.count(&ident),
                TokenTree::Group(g) => self.scan(&g.stream()),
                _ => {}
            }
        }
    }
}

/// The node types [`Marker`] numbers and [`Filler`] skips when they hold no hole.
macro_rules! nodes {
    ($mac:ident) => {
        $mac! {
            visit_item_mut(Item), visit_impl_item_mut(ImplItem), visit_stmt_mut(Stmt),
            visit_expr_mut(Expr), visit_type_mut(Type), visit_pat_mut(Pat),
            visit_attribute_mut(Attribute), visit_field_mut(Field),
            visit_field_value_mut(FieldValue), visit_arm_mut(Arm), visit_fn_arg_mut(FnArg),
            visit_variant_mut(syn::Variant), visit_path_mut(syn::Path),
        }
    };
}

macro_rules! numbered {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method(&mut self, node: &mut $ty) {
            let open = self.open();
            visit_mut::$method(self, node);
            self.close(open);
        }
    )*};
}

/// [`Filler`]'s visits of the numbered nodes it has nothing else to do in.
macro_rules! skipped {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method(&mut self, node: &mut $ty) {
            if self.enter().is_some() {
                visit_mut::$method(self, node);
            }
        }
    )*};
}

impl VisitMut for Marker {
    nodes!(numbered);

    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        self.count(ident);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        let open = self.open();
        self.scan(&mac.tokens);
        visit_mut::visit_macro_mut(self, mac);
        self.close(open);
    }

    fn visit_meta_list_mut(&mut self, list: &mut syn::MetaList) {
        let open = self.open();
        self.scan(&list.tokens);
        visit_mut::visit_meta_list_mut(self, list);
        self.close(open);
    }
}

/// The given holes, filled as the code is walked.
struct Filler<'a> {
    sites: &'a [HoleSite],
    given: Vec<Given>,
    /// The kinds of the given values ([`kind`]).
    given_kinds: u32,
    nodes: &'a [Node],
    /// The index of the next node to enter.
    next: usize,
}

/// A node type that a list hole fills with several (`#stmts;` in a block).
trait ListHole: Sized {
    /// The kind of value that fills this list ([`kind`]).
    const KIND: u32;
    fn list(hole: Hole) -> Vec<Self>;
}

macro_rules! list_hole {
    ($($ty:ty => $variant:ident $kind:ident),* $(,)?) => {
        $(impl ListHole for $ty {
            const KIND: u32 = kind::$kind;
            fn list(hole: Hole) -> Vec<Self> {
                match hole {
                    Hole::$variant(values) => values,
                    _ => Vec::new(),
                }
            }
        })*
    };
}

list_hole! {
    Stmt => Stmts STMTS, Arm => Arms ARMS, Field => Fields FIELDS,
    FieldValue => FieldValues FIELD_VALUES, Expr => Exprs EXPRS, FnArg => Args ARGS,
    syn::Variant => Variants VARIANTS, Item => Items ITEMS, ImplItem => ImplItems IMPL_ITEMS,
    Attribute => Attrs ATTRS,
}

impl ListHole for syn::UseTree {
    const KIND: u32 = kind::IDENTS;
    fn list(hole: Hole) -> Vec<Self> {
        match hole {
            Hole::Idents(names) => names
                .into_iter()
                .map(|ident| syn::UseTree::Name(syn::UseName { ident }))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The identifier a one-segment path is (`#name` as a type, expression or pattern).
fn path_ident(path: &syn::Path) -> Option<&Ident> {
    path.get_ident()
}

fn expr_ident(expr: &Expr) -> Option<&Ident> {
    match expr {
        Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => path_ident(&p.path),
        _ => None,
    }
}

fn pat_ident(pat: &Pat) -> Option<&Ident> {
    match pat {
        Pat::Ident(p) if p.by_ref.is_none() && p.mutability.is_none() && p.subpat.is_none() => {
            Some(&p.ident)
        }
        _ => None,
    }
}

fn stmt_ident(stmt: &Stmt) -> Option<&Ident> {
    match stmt {
        Stmt::Expr(e, Some(_)) => expr_ident(e),
        _ => None,
    }
}

fn item_ident(item: &Item) -> Option<&Ident> {
    match item {
        Item::Macro(m) if m.ident.is_none() => path_ident(&m.mac.path),
        _ => None,
    }
}

fn attr_ident(attr: &Attribute) -> Option<&Ident> {
    match &attr.meta {
        syn::Meta::Path(p) => path_ident(p),
        _ => None,
    }
}

impl Filler<'_> {
    /// The slot of the hole `ident` marks, if it marks one. Compares with
    /// the given holes' identifiers rather than reading the identifier's
    /// text: a template has many identifiers and few holes.
    fn slot(&self, ident: &Ident) -> Option<usize> {
        self.sites.iter().position(|s| ident == &s.marked)
    }

    /// Enters the next node: the index after it if it holds a hole, or
    /// `None` having skipped it.
    fn enter(&mut self) -> Option<usize> {
        let node = self.nodes[self.next];
        if node.holed {
            self.next += 1;
            Some(node.end as usize)
        } else {
            self.next = node.end as usize;
            None
        }
    }

    /// The value of the hole `ident` marks, where its kind is one of `kinds`.
    fn take(&mut self, ident: Option<&Ident>, kinds: u32) -> Option<Hole> {
        if self.given_kinds & kinds == 0 {
            return None;
        }
        let i = self.slot(ident?)?;
        let given = &mut self.given[i];
        if given.value.as_ref().is_none_or(|v| v.bit() & kinds == 0) {
            return None;
        }
        given.left -= 1;
        if given.left == 0 {
            given.value.take()
        } else {
            given.value.clone()
        }
    }

    /// Replaces each element that is a list hole by the list's elements.
    /// Runs after the elements were walked: what it puts in is filled already.
    fn splice<E: ListHole, P: Default>(
        &mut self,
        list: &mut Punctuated<E, P>,
        ident_of: fn(&E) -> Option<&Ident>,
    ) {
        if self.given_kinds & E::KIND == 0 || !self.has_hole(list.iter(), ident_of) {
            return;
        }
        let trailing = list.trailing_punct();
        let mut out = Punctuated::new();
        for element in std::mem::take(list) {
            match self.take(ident_of(&element), E::KIND) {
                Some(hole) => out.extend(E::list(hole)),
                None => out.push(element),
            }
        }
        *list = out;
        if trailing && !list.empty_or_trailing() {
            list.push_punct(P::default());
        }
    }

    /// [`Filler::splice`] for a `Vec`.
    fn splice_vec<E: ListHole>(&mut self, list: &mut Vec<E>, ident_of: fn(&E) -> Option<&Ident>) {
        if self.given_kinds & E::KIND == 0 || !self.has_hole(list.iter(), ident_of) {
            return;
        }
        let mut out = Vec::with_capacity(list.len());
        for element in std::mem::take(list) {
            match self.take(ident_of(&element), E::KIND) {
                Some(hole) => out.extend(E::list(hole)),
                None => out.push(element),
            }
        }
        *list = out;
    }

    /// Whether any of `elements` is a given hole.
    fn has_hole<'e, E: 'e>(
        &self,
        mut elements: impl Iterator<Item = &'e E>,
        ident_of: fn(&E) -> Option<&Ident>,
    ) -> bool {
        elements.any(|e| ident_of(e).is_some_and(|i| self.slot(i).is_some()))
    }

    /// A macro's or an attribute's tokens with their holes filled.
    fn tokens(&mut self, tokens: TokenStream) -> TokenStream {
        let mut out = TokenStream::new();
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    let value = self.take(
                        Some(&ident),
                        kind::IDENT | kind::TYPE | kind::EXPR | kind::EXPRS,
                    );
                    match value {
                        Some(Hole::Ident(value)) => value.to_tokens(&mut out),
                        Some(Hole::Type(value)) => value.to_tokens(&mut out),
                        Some(Hole::Expr(value)) => value.to_tokens(&mut out),
                        Some(Hole::Exprs(values)) => {
                            let values: Punctuated<Expr, syn::Token![,]> =
                                values.into_iter().collect();
                            values.to_tokens(&mut out);
                        }
                        _ => out.extend([TokenTree::Ident(ident)]),
                    }
                }
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
}

/// Each method walks the template's own nodes first, then puts the holes'
/// values in, so a value is never walked.
impl VisitMut for Filler<'_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if let Some(Hole::Ident(value)) = self.take(Some(ident), kind::IDENT) {
            *ident = value;
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if self.enter().is_some() {
            mac.tokens = self.tokens(std::mem::take(&mut mac.tokens));
            visit_mut::visit_macro_mut(self, mac);
        }
    }

    fn visit_meta_list_mut(&mut self, list: &mut syn::MetaList) {
        if self.enter().is_some() {
            list.tokens = self.tokens(std::mem::take(&mut list.tokens));
            visit_mut::visit_meta_list_mut(self, list);
        }
    }

    fn visit_type_mut(&mut self, ty: &mut Type) {
        let Some(end) = self.enter() else { return };
        let ident = match ty {
            Type::Path(p) if p.qself.is_none() => path_ident(&p.path),
            _ => None,
        };
        match self.take(ident, kind::TYPE) {
            Some(Hole::Type(value)) => {
                *ty = *value;
                self.next = end;
            }
            _ => visit_mut::visit_type_mut(self, ty),
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        let Some(end) = self.enter() else { return };
        match self.take(expr_ident(expr), kind::EXPR) {
            Some(Hole::Expr(value)) => {
                *expr = *value;
                self.next = end;
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_pat_mut(&mut self, pat: &mut Pat) {
        let Some(end) = self.enter() else { return };
        match self.take(pat_ident(pat), kind::PAT) {
            Some(Hole::Pat(value)) => {
                *pat = *value;
                self.next = end;
            }
            _ => visit_mut::visit_pat_mut(self, pat),
        }
    }

    skipped! {
        visit_stmt_mut(Stmt), visit_attribute_mut(Attribute), visit_field_value_mut(FieldValue),
        visit_arm_mut(Arm), visit_fn_arg_mut(FnArg), visit_path_mut(syn::Path),
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        visit_mut::visit_block_mut(self, block);
        self.splice_vec(&mut block.stmts, stmt_ident);
    }

    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        visit_mut::visit_expr_match_mut(self, m);
        self.splice_vec(&mut m.arms, |a| pat_ident(&a.pat));
    }

    fn visit_fields_named_mut(&mut self, fields: &mut syn::FieldsNamed) {
        visit_mut::visit_fields_named_mut(self, fields);
        self.splice(&mut fields.named, |f| f.ident.as_ref());
    }

    fn visit_expr_struct_mut(&mut self, s: &mut syn::ExprStruct) {
        visit_mut::visit_expr_struct_mut(self, s);
        self.splice(&mut s.fields, |f| match &f.member {
            syn::Member::Named(name) if f.colon_token.is_none() => Some(name),
            _ => None,
        });
    }

    fn visit_expr_array_mut(&mut self, a: &mut syn::ExprArray) {
        visit_mut::visit_expr_array_mut(self, a);
        self.splice(&mut a.elems, expr_ident);
    }

    fn visit_expr_call_mut(&mut self, c: &mut syn::ExprCall) {
        visit_mut::visit_expr_call_mut(self, c);
        self.splice_vec(&mut c.attrs, attr_ident);
        self.splice(&mut c.args, expr_ident);
    }

    fn visit_expr_method_call_mut(&mut self, c: &mut syn::ExprMethodCall) {
        visit_mut::visit_expr_method_call_mut(self, c);
        self.splice_vec(&mut c.attrs, attr_ident);
        self.splice(&mut c.args, expr_ident);
    }

    fn visit_signature_mut(&mut self, sig: &mut syn::Signature) {
        visit_mut::visit_signature_mut(self, sig);
        self.splice(&mut sig.inputs, |a| match a {
            FnArg::Typed(t) => pat_ident(&t.pat),
            FnArg::Receiver(_) => None,
        });
    }

    fn visit_use_group_mut(&mut self, group: &mut syn::UseGroup) {
        visit_mut::visit_use_group_mut(self, group);
        self.splice(&mut group.items, |tree| match tree {
            syn::UseTree::Name(n) => Some(&n.ident),
            _ => None,
        });
    }

    fn visit_item_enum_mut(&mut self, e: &mut syn::ItemEnum) {
        visit_mut::visit_item_enum_mut(self, e);
        self.splice(&mut e.variants, |v| Some(&v.ident));
    }

    fn visit_file_mut(&mut self, file: &mut syn::File) {
        visit_mut::visit_file_mut(self, file);
        self.splice_vec(&mut file.items, item_ident);
        self.splice_vec(&mut file.attrs, attr_ident);
    }

    fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
        visit_mut::visit_item_mod_mut(self, m);
        if let Some((_, content)) = &mut m.content {
            self.splice_vec(content, item_ident);
        }
    }

    fn visit_item_impl_mut(&mut self, i: &mut syn::ItemImpl) {
        visit_mut::visit_item_impl_mut(self, i);
        self.splice_vec(&mut i.items, |item| match item {
            ImplItem::Macro(m) => path_ident(&m.mac.path),
            _ => None,
        });
    }

    fn visit_item_mut(&mut self, item: &mut Item) {
        if self.enter().is_none() {
            return;
        }
        visit_mut::visit_item_mut(self, item);
        if let Some(attrs) = item_attrs(item) {
            self.splice_vec(attrs, attr_ident);
        }
    }

    fn visit_impl_item_mut(&mut self, item: &mut ImplItem) {
        if self.enter().is_none() {
            return;
        }
        visit_mut::visit_impl_item_mut(self, item);
        let attrs = match item {
            ImplItem::Fn(f) => Some(&mut f.attrs),
            ImplItem::Const(c) => Some(&mut c.attrs),
            ImplItem::Type(t) => Some(&mut t.attrs),
            _ => None,
        };
        if let Some(attrs) = attrs {
            self.splice_vec(attrs, attr_ident);
        }
    }

    fn visit_field_mut(&mut self, field: &mut Field) {
        if self.enter().is_none() {
            return;
        }
        visit_mut::visit_field_mut(self, field);
        self.splice_vec(&mut field.attrs, attr_ident);
    }

    fn visit_variant_mut(&mut self, variant: &mut syn::Variant) {
        if self.enter().is_none() {
            return;
        }
        visit_mut::visit_variant_mut(self, variant);
        self.splice_vec(&mut variant.attrs, attr_ident);
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
    use crate::emit::{ast, ident};

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
    fn fills_holes_deep_in_macros_and_skips_the_rest() {
        let item = template!(Item:
            fn f() -> u8 {
                let a = { let b = [1, 2]; b[0] };
                #[cfg(any(#features))]
                let c = { if a > 0 { format!("{}", #x) } else { #x.to_string() } };
                g(a, c)
            }
        )
        .with("features", vec![ast::str_lit("a"), ast::str_lit("b")])
        .with("x", ident("y"))
        .fill();
        assert_eq!(
            print(item),
            "fn f() -> u8 {\n    let a = {\n        let b = [1, 2];\n        b[0]\n    };\n    #[cfg(any(\"a\", \"b\"))]\n    let c = { if a > 0 { format!(\"{}\", y) } else { y.to_string() } };\n    g(a, c)\n}\n"
        );
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

    #[test]
    #[should_panic(expected = "#a stands where statements cannot")]
    fn a_value_where_its_kind_cannot_stand_is_a_bug() {
        let stmts: Vec<Stmt> = vec![syn::parse_quote!(g();)];
        template!(Expr: f(#a)).with("a", stmts).fill();
    }
}

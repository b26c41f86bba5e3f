//! `syn` nodes built directly, for the code that repeats per type, field,
//! variant and parameter.
//!
//! Writing that code with `quote!` and parsing it back with `syn` was two
//! thirds of the generator's time; building the nodes costs a fraction of it.
//! Code that never changes still reads as Rust: [`fixed!`] parses it once per
//! thread and hands out clones.

use proc_macro2::{Span, TokenStream};
use syn::{
    token, AngleBracketedGenericArguments, Arm, AttrStyle, Attribute, Block, Expr, ExprBlock,
    ExprCall, ExprField, ExprLit, ExprMatch, ExprMethodCall, ExprPath, ExprReference, ExprStruct,
    ExprTry, ExprTuple, Field, FieldValue, Fields, FieldsNamed, FnArg, GenericArgument, Ident,
    ImplItem, ImplItemFn, Item, ItemImpl, ItemStruct, Lit, LitStr, Local, LocalInit,
    MacroDelimiter, Meta, MetaList, MetaNameValue, Pat, PatIdent, PatTuple, PatTupleStruct,
    PatType, Path, PathArguments, PathSegment, ReturnType, Signature, Stmt, TraitBound, Type,
    TypeImplTrait, TypeParamBound, TypePath, Visibility,
};

use super::ident;

/// A fixed piece of code of type `$ty`, parsed once per thread; each use
/// gets a clone (`fixed!(syn::Attribute: #[inline])`).
macro_rules! fixed {
    ($ty:ty: $($code:tt)*) => {{
        thread_local! {
            static PARSED: $ty = syn::parse_quote!($($code)*);
        }
        PARSED.with(Clone::clone)
    }};
}
pub(crate) use fixed;

fn span() -> Span {
    Span::call_site()
}

/// `a::b::C`, from its text.
pub fn path(text: &str) -> Path {
    Path {
        leading_colon: None,
        segments: text
            .split("::")
            .map(|s| PathSegment::from(ident(s)))
            .collect(),
    }
}

/// `a::b::C<T, U>`.
pub fn generic_path(text: &str, args: impl IntoIterator<Item = Type>) -> Path {
    let mut path = path(text);
    if let Some(last) = path.segments.last_mut() {
        last.arguments = PathArguments::AngleBracketed(AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: args.into_iter().map(GenericArgument::Type).collect(),
            gt_token: Default::default(),
        });
    }
    path
}

/// A type named by a path (`String`, `Vec<T>` via [`generic_path`]).
pub fn path_ty(path: Path) -> Type {
    Type::Path(TypePath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// `name`, a type.
pub fn named_ty(name: &str) -> Type {
    path_ty(path(name))
}

/// A type named by one identifier.
pub fn ident_ty(name: &Ident) -> Type {
    path_ty(name.clone().into())
}

/// A macro call `mac` with `tokens` as its input instead (`impl_serde!(Name);`).
pub fn macro_with(mut mac: syn::ItemMacro, tokens: TokenStream) -> Item {
    mac.mac.tokens = tokens;
    Item::Macro(mac)
}

/// `impl Into<T>`.
pub fn impl_into(ty: Type) -> Type {
    Type::ImplTrait(TypeImplTrait {
        attrs: Vec::new(),
        impl_token: Default::default(),
        bounds: std::iter::once(TypeParamBound::Trait(TraitBound {
            paren_token: None,
            lifetimes: None,
            modifiers: Default::default(),
            maybe: None,
            path: generic_path("Into", [ty]),
        }))
        .collect(),
    })
}

/// A path expression: a local (`f`), `None`, `Self::Variant`.
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

/// `func(args)`.
pub fn call(func: Expr, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Call(ExprCall {
        attrs: Vec::new(),
        func: Box::new(func),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `receiver.name(args)`.
pub fn method(receiver: Expr, name: &str, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::MethodCall(ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(name),
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `expr?`.
pub fn try_(expr: Expr) -> Expr {
    Expr::Try(ExprTry {
        attrs: Vec::new(),
        expr: Box::new(expr),
        question_token: Default::default(),
    })
}

/// `&expr`, or `&mut expr`.
pub fn reference(expr: Expr, mutable: bool) -> Expr {
    Expr::Reference(ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: mutable.then(Default::default),
        expr: Box::new(expr),
    })
}

/// `self.member`.
pub fn self_field(member: &Ident) -> Expr {
    Expr::Field(ExprField {
        attrs: Vec::new(),
        base: Box::new(path_expr("self")),
        dot_token: Default::default(),
        member: member.clone().into(),
    })
}

/// `Path { name: value, ... }` (`name` alone where the value is the local `name`).
pub fn struct_lit(path: Path, fields: impl IntoIterator<Item = (Ident, Expr)>) -> Expr {
    Expr::Struct(ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        brace_token: Default::default(),
        fields: fields
            .into_iter()
            .map(|(name, expr)| FieldValue {
                attrs: Vec::new(),
                colon_token: (!is_local(&expr, &name)).then(Default::default),
                member: name.into(),
                expr,
            })
            .collect(),
        dot2_token: None,
        rest: None,
    })
}

/// Whether `expr` is the local `name` (a struct literal's shorthand field).
fn is_local(expr: &Expr, name: &Ident) -> bool {
    matches!(expr, Expr::Path(p) if p.qself.is_none() && p.path.is_ident(name))
}

/// `match scrutinee { arms }`.
pub fn match_expr(scrutinee: Expr, arms: impl IntoIterator<Item = Arm>) -> Expr {
    Expr::Match(ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(scrutinee),
        brace_token: Default::default(),
        arms: arms.into_iter().collect(),
    })
}

/// `pattern => body,`.
pub fn arm(pattern: Pat, body: Expr) -> Arm {
    Arm {
        attrs: Vec::new(),
        pat: pattern,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    }
}

/// A path pattern: `Self::Variant`.
pub fn path_pat(text: &str) -> Pat {
    Pat::Path(ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: path(text),
    })
}

/// A string literal pattern: `"text"`.
pub fn str_pat(text: &str) -> Pat {
    Pat::Lit(ExprLit {
        attrs: Vec::new(),
        lit: Lit::Str(LitStr::new(text, span())),
    })
}

/// `#[inline]`. On a non-generic function it means the function is compiled
/// in the programs that call it, not in the generated crate for every
/// operation and type: most programs use a few of each.
pub fn inline() -> Attribute {
    fixed!(Attribute: #[inline])
}

/// A binding pattern: `name`.
pub fn ident_pat(name: Ident) -> Pat {
    Pat::Ident(PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: None,
        ident: name,
        subpat: None,
    })
}

/// A mutable binding pattern: `mut name`.
pub fn mut_ident_pat(name: Ident) -> Pat {
    let mut pat = ident_pat(name);
    if let Pat::Ident(p) = &mut pat {
        p.mutability = Some(Default::default());
    }
    pat
}

/// An unsuffixed integer literal: `3`.
pub fn int_lit(value: usize) -> Expr {
    lit(Lit::Int(syn::LitInt::new(&value.to_string(), span())))
}

/// An unsuffixed integer pattern: `3`.
pub fn int_pat(value: usize) -> Pat {
    Pat::Lit(ExprLit {
        attrs: Vec::new(),
        lit: Lit::Int(syn::LitInt::new(&value.to_string(), span())),
    })
}

/// `&[a, b, ...]`.
pub fn array_ref(items: impl IntoIterator<Item = Expr>) -> Expr {
    reference(
        Expr::Array(syn::ExprArray {
            attrs: Vec::new(),
            bracket_token: Default::default(),
            elems: items.into_iter().collect(),
        }),
        false,
    )
}

/// `while let pat = expr { body }`, or `while expr { body }` without a pattern.
pub fn while_let(pat: Option<Pat>, expr: Expr, body: Vec<Stmt>) -> Expr {
    let cond = match pat {
        Some(pat) => Expr::Let(syn::ExprLet {
            attrs: Vec::new(),
            let_token: Default::default(),
            pat: Box::new(pat),
            eq_token: Default::default(),
            expr: Box::new(expr),
        }),
        None => expr,
    };
    Expr::While(syn::ExprWhile {
        attrs: Vec::new(),
        label: None,
        while_token: Default::default(),
        cond: Box::new(cond),
        body: Block {
            brace_token: Default::default(),
            stmts: body,
        },
    })
}

/// `let pat = init;`.
pub fn let_(pat: Pat, init: Expr) -> Stmt {
    Stmt::Local(Local {
        attrs: Vec::new(),
        let_token: Default::default(),
        modifiers: Default::default(),
        pat,
        init: Some(LocalInit {
            eq_token: Default::default(),
            expr: Box::new(init),
            diverge: None,
        }),
        semi_token: Default::default(),
    })
}

/// `Some(name)`.
pub fn some_pat(name: Ident) -> Pat {
    Pat::TupleStruct(PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path: path("Some"),
        paren_token: Default::default(),
        elems: [ident_pat(name)].into_iter().collect(),
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

/// `let pat = init else { otherwise };`.
pub fn let_else(pat: Pat, init: Expr, otherwise: Stmt) -> Stmt {
    let block = Expr::Block(ExprBlock {
        attrs: Vec::new(),
        label: None,
        block: Block {
            brace_token: Default::default(),
            stmts: vec![otherwise],
        },
    });
    let mut stmt = let_(pat, init);
    if let Stmt::Local(Local {
        init: Some(init), ..
    }) = &mut stmt
    {
        init.diverge = Some((Default::default(), Box::new(block)));
    }
    stmt
}

/// `expr;`.
pub fn stmt(expr: Expr) -> Stmt {
    Stmt::Expr(expr, Some(Default::default()))
}

/// `expr` as a block's value.
pub fn tail(expr: Expr) -> Stmt {
    Stmt::Expr(expr, None)
}

/// `#[name(tokens)]`.
pub fn list_attr(name: &str, tokens: TokenStream) -> Attribute {
    attr(
        AttrStyle::Outer,
        Meta::List(MetaList {
            path: path(name),
            delimiter: MacroDelimiter::Paren(Default::default()),
            tokens,
        }),
    )
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

/// `name: ty`, a struct field (`pub` when `public`).
pub fn field(attrs: Vec<Attribute>, public: bool, name: Ident, ty: Type) -> Field {
    Field {
        attrs,
        vis: visibility(public),
        modifiers: Default::default(),
        ident: Some(name),
        colon_token: Some(Default::default()),
        ty,
        default: None,
    }
}

fn visibility(public: bool) -> Visibility {
    if public {
        Visibility::Public(Default::default())
    } else {
        Visibility::Inherited
    }
}

/// `pub struct Name { fields }`.
pub fn struct_item(attrs: Vec<Attribute>, name: Ident, fields: Vec<Field>) -> Item {
    Item::Struct(ItemStruct {
        attrs,
        vis: visibility(true),
        struct_token: Default::default(),
        ident: name,
        generics: Default::default(),
        fields: Fields::Named(FieldsNamed {
            brace_token: Default::default(),
            named: fields.into_iter().collect(),
        }),
        semi_token: None,
    })
}

/// `impl Trait for SelfTy { items }`, or `impl SelfTy { items }` without a trait.
pub fn impl_item(trait_: Option<Path>, self_ty: Type, items: Vec<ImplItem>) -> Item {
    Item::Impl(ItemImpl {
        attrs: Vec::new(),
        modifiers: Default::default(),
        unsafety: None,
        impl_token: Default::default(),
        generics: Default::default(),
        trait_: trait_.map(|path| (path, Default::default())),
        self_ty: Box::new(self_ty),
        brace_token: Default::default(),
        items,
    })
}

/// A function's signature: `fn name(receiver, name: ty, ...) -> output`.
pub fn signature(
    name: Ident,
    receiver: Option<FnArg>,
    args: impl IntoIterator<Item = (Ident, Type)>,
    output: Option<Type>,
) -> Signature {
    let args = args.into_iter().map(|(name, ty)| {
        FnArg::Typed(PatType {
            attrs: Vec::new(),
            pat: Box::new(ident_pat(name)),
            colon_token: Default::default(),
            ty: Box::new(ty),
        })
    });
    Signature {
        constness: None,
        asyncness: None,
        safety: syn::Safety::Default,
        abi: None,
        fn_token: Default::default(),
        ident: name,
        generics: Default::default(),
        paren_token: Default::default(),
        inputs: receiver.into_iter().chain(args).collect(),
        variadic: None,
        output: match output {
            Some(ty) => ReturnType::Type(Default::default(), Box::new(ty)),
            None => ReturnType::Default,
        },
    }
}

/// A function in an impl block (`pub` when `public`).
pub fn method_item(
    attrs: Vec<Attribute>,
    public: bool,
    sig: Signature,
    stmts: Vec<Stmt>,
) -> ImplItem {
    ImplItem::Fn(ImplItemFn {
        attrs,
        vis: visibility(public),
        modifiers: Default::default(),
        sig,
        block: Block {
            brace_token: token::Brace::default(),
            stmts,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(item: Item) -> String {
        prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items: vec![item],
        })
    }

    #[test]
    fn built_nodes_print_like_the_code_they_stand_for() {
        let body = tail(call(
            path_expr("Ok"),
            [struct_lit(
                path("Self"),
                [(
                    ident("id"),
                    try_(method(path_expr("f"), "required", [str_lit("id")])),
                )],
            )],
        ));
        let sig = signature(
            ident("new"),
            Some(fixed!(FnArg: &self)),
            [(ident("id"), impl_into(named_ty("String")))],
            Some(path_ty(generic_path("Option", [named_ty("Self")]))),
        );
        let item = impl_item(
            Some(path("a::Trait")),
            named_ty("T"),
            vec![method_item(
                vec![fixed!(Attribute: #[inline])],
                false,
                sig,
                vec![body],
            )],
        );
        assert_eq!(
            print(item),
            "impl a::Trait for T {\n    #[inline]\n    fn new(&self, id: impl Into<String>) -> Option<Self> {\n        Ok(Self { id: f.required(\"id\")? })\n    }\n}\n"
        );
    }
}

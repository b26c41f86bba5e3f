//! Type alignment: a draft type that stands where the spec has another named
//! type is compared under the spec's name.

use std::collections::{BTreeMap, BTreeSet};

use super::Holds;
use crate::model::{Decode, Operation, ResponseForm, Ty, TypeDef, TypeKind};

/// Draft type name -> the spec's, from the places both have a named type.
pub(super) struct Align<'a> {
    pub(super) committed: &'a BTreeMap<String, TypeDef>,
    pub(super) draft: &'a BTreeMap<String, TypeDef>,
    pub(super) holds: Holds,
    pub(super) enums: &'a BTreeSet<String>,
    pub(super) map: BTreeMap<String, String>,
    /// The spec's names some draft type takes.
    pub(super) targets: BTreeSet<String>,
    pub(super) seen: BTreeSet<(String, String)>,
    /// The spec's types [`Merge`] will put in the draft (where the snapshot
    /// does not hold what made them).
    pub(super) taken: Vec<Ty>,
}

impl Align<'_> {
    pub(super) fn fields<F: AsRef<crate::model::Field>>(&mut self, c: &[F], d: &[F]) {
        for fc in c.iter().map(AsRef::as_ref) {
            if let Some(fd) = d
                .iter()
                .map(AsRef::as_ref)
                .find(|f| f.wire_name == fc.wire_name)
            {
                match vaguer(self.holds, self.enums, fc, fd) {
                    true => self.taken.push(fc.ty.clone()),
                    false => self.tys(&fc.ty, &fd.ty),
                }
            }
        }
    }

    pub(super) fn kinds(&mut self, c: &TypeKind, d: &TypeKind) {
        if let (TypeKind::Struct { fields: fc }, TypeKind::Struct { fields: fd }) = (c, d) {
            self.fields(fc, fd);
        }
    }

    pub(super) fn tys(&mut self, c: &Ty, d: &Ty) {
        match (c, d) {
            (Ty::List(c), Ty::List(d)) | (Ty::Map(c), Ty::Map(d)) => self.tys(c, d),
            (Ty::Named(c), Ty::Named(d)) => self.named(c, d),
            _ => {}
        }
    }

    pub(super) fn named(&mut self, c: &str, d: &str) {
        if !self.seen.insert((c.to_owned(), d.to_owned())) {
            return;
        }
        let (Some(tc), Some(td)) = (self.committed.get(c), self.draft.get(d)) else {
            return;
        };
        let same_kind = matches!(
            (&tc.kind, &td.kind),
            (TypeKind::Struct { .. }, TypeKind::Struct { .. })
                | (TypeKind::Enum { .. }, TypeKind::Enum { .. })
        );
        if !same_kind {
            return;
        }
        if !self.map.contains_key(d) && !self.targets.contains(c) {
            self.map.insert(d.to_owned(), c.to_owned());
            self.targets.insert(c.to_owned());
        }
        self.kinds(&tc.kind, &td.kind);
    }
}

pub(super) fn rename_ty(ty: &mut Ty, map: &BTreeMap<String, String>) {
    match ty {
        Ty::List(item) | Ty::Map(item) => rename_ty(item, map),
        Ty::Named(name) => {
            if let Some(new) = map.get(name.as_str()) {
                *name = new.clone();
            }
        }
        _ => {}
    }
}

pub(super) fn rename_kind(kind: &mut TypeKind, map: &BTreeMap<String, String>) {
    if let TypeKind::Struct { fields } = kind {
        for f in fields {
            rename_ty(&mut f.ty, map);
        }
    }
}

pub(super) fn rename_op(op: &mut Operation, map: &BTreeMap<String, String>) {
    for p in &mut op.request.params {
        rename_ty(&mut p.field.ty, map);
    }
    rename_kind(&mut op.response.kind, map);
    if let ResponseForm::Enveloped { data: Some(ty), .. } = &mut op.response_form {
        rename_ty(ty, map);
    }
    if let Some(paging) = &mut op.paging {
        rename_ty(&mut paging.item, map);
    }
    for e in &mut op.examples {
        if let Some((_, ty)) = &mut e.field {
            rename_ty(ty, map);
        }
    }
}

/// Whether the draft has a string where the spec has an enum (values the
/// snapshot's texts would list, and it has none) or a list decoded from a
/// JSON string (an example would show it, and it has none).
pub(super) fn vaguer(
    holds: Holds,
    enums: &BTreeSet<String>,
    c: &crate::model::Field,
    d: &crate::model::Field,
) -> bool {
    pub(super) fn erase(ty: &Ty, enums: &BTreeSet<String>) -> Ty {
        match ty {
            Ty::List(item) => Ty::List(Box::new(erase(item, enums))),
            Ty::Map(item) => Ty::Map(Box::new(erase(item, enums))),
            Ty::Named(n) if enums.contains(n) => Ty::String,
            other => other.clone(),
        }
    }
    let erased = erase(&c.ty, enums);
    let json_list = c.decode == Some(Decode::JsonString)
        && d.ty == Ty::String
        && matches!(&erased, Ty::List(item) if **item == Ty::String);
    let enum_text = erased != c.ty && erased == d.ty;
    (json_list && !holds.examples) || (enum_text && !holds.texts)
}

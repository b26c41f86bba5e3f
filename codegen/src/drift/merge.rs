//! What of the committed spec stands in the draft: its hand decisions, and
//! the content the snapshot does not hold.

use std::collections::BTreeSet;

use super::align::vaguer;
use super::{Holds, Slot, SlotKind};
use crate::model::{Operation, TypeDef, TypeKind};

/// What of the spec stands in the draft.
pub(super) struct Merge<'a> {
    pub(super) holds: Holds,
    /// The spec's enums.
    pub(super) enums: &'a BTreeSet<String>,
    /// Where the draft's example or default did not validate.
    pub(super) unfit: &'a BTreeSet<Slot>,
}

impl Merge<'_> {
    /// Returns whether the response is the spec's.
    pub(super) fn operation(&self, c: &Operation, d: &mut Operation) -> bool {
        d.note.clone_from(&c.note);
        d.paging.clone_from(&c.paging);
        d.idempotent = c.idempotent;
        if !self.holds.texts {
            d.summary.clone_from(&c.summary);
            d.description.clone_from(&c.description);
        }
        if !self.holds.examples {
            d.examples.clone_from(&c.examples);
        }
        for p in &mut d.request.params {
            if let Some(cp) = c
                .request
                .params
                .iter()
                .find(|cp| cp.field.wire_name == p.field.wire_name)
            {
                let slot = (
                    SlotKind::Param,
                    d.wire_name.clone(),
                    p.field.wire_name.clone(),
                );
                self.field(&slot, &cp.field, &mut p.field);
            }
        }
        if !self.holds.responses {
            d.response.clone_from(&c.response);
            d.response_form.clone_from(&c.response_form);
            d.response_vendor_name.clone_from(&c.response_vendor_name);
            return true;
        }
        self.type_def(
            SlotKind::Response,
            &d.wire_name.clone(),
            &c.response,
            &mut d.response,
        );
        false
    }

    pub(super) fn field(&self, slot: &Slot, c: &crate::model::Field, d: &mut crate::model::Field) {
        if self.unfit.contains(slot) {
            d.example.clone_from(&c.example);
            d.default.clone_from(&c.default);
        }
        d.note.clone_from(&c.note);
        d.boxed = c.boxed;
        d.rust_name.clone_from(&c.rust_name);
        if !self.holds.texts {
            d.description.clone_from(&c.description);
        }
        if !self.holds.examples {
            d.example.clone_from(&c.example);
        }
        if !self.holds.defaults {
            d.default.clone_from(&c.default);
        }
        if vaguer(self.holds, self.enums, c, d) {
            d.ty = c.ty.clone();
            d.decode = c.decode;
            d.secret = c.secret;
        }
    }

    /// `owner`: the type's name, or for a response (`SlotKind::Response`) the operation's.
    pub(super) fn type_def(&self, kind: SlotKind, owner: &str, c: &TypeDef, d: &mut TypeDef) {
        d.note.clone_from(&c.note);
        if !self.holds.texts {
            d.description.clone_from(&c.description);
        }
        match (&c.kind, &mut d.kind) {
            (TypeKind::Struct { fields: fc }, TypeKind::Struct { fields: fd }) => {
                for f in fd.iter_mut() {
                    if let Some(cf) = fc.iter().find(|cf| cf.wire_name == f.wire_name) {
                        let slot = (kind, owner.to_owned(), f.wire_name.clone());
                        self.field(&slot, cf, f);
                    }
                }
            }
            (TypeKind::Enum { values: vc }, TypeKind::Enum { values: vd }) => {
                for v in vd.iter_mut() {
                    if let Some(cv) = vc.iter().find(|cv| cv.wire == v.wire) {
                        v.note.clone_from(&cv.note);
                        v.rust_name.clone_from(&cv.rust_name);
                        if !self.holds.texts {
                            v.description.clone_from(&cv.description);
                        }
                    }
                }
                if !self.holds.texts {
                    for cv in vc {
                        if !vd.iter().any(|v| v.wire == cv.wire) {
                            vd.push(cv.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

//! Comparing a committed service with its draft: which operations and the
//! types they reach, under the spec's type names, with the spec's hand
//! decisions kept.

use std::collections::{BTreeMap, BTreeSet};

use super::align::{rename_kind, rename_op, Align};
use super::merge::Merge;
use super::{Holds, Slot, SlotKind};
use crate::diff::{self, Change};
use crate::model::{Api, Module, Operation, Service, Ty, TypeDef, TypeKind};

/// The comparison of a committed service with its re-imported draft.
#[derive(Debug)]
pub struct Compared {
    pub compared: usize,
    pub added: usize,
    pub not_in_snapshot: usize,
    pub changes: Vec<Change>,
}

/// Compares the draft's operations with the committed ones of the same
/// name, as the module documentation says; `kept` names the types the draft
/// has from the spec's own files (the skeleton), which are the spec's.
pub fn compare(
    committed: &Service,
    draft: &Service,
    kept: &BTreeSet<String>,
    unfit: &BTreeSet<Slot>,
    holds: Holds,
) -> Compared {
    let c_ops: BTreeMap<String, &Operation> = committed
        .modules
        .iter()
        .flat_map(|m| &m.operations)
        .map(|o| (o.wire_name.clone(), o))
        .collect();
    let c_types = type_table(committed);
    let enums: BTreeSet<String> = c_types
        .iter()
        .filter(|(_, t)| matches!(t.kind, TypeKind::Enum { .. }))
        .map(|(n, _)| n.clone())
        .collect();
    let mut d_ops: BTreeMap<String, Operation> = draft
        .modules
        .iter()
        .flat_map(|m| &m.operations)
        .map(|o| (o.wire_name.clone(), o.clone()))
        .collect();
    let mut d_types = type_table(draft);

    // Type names: the spec's where the draft has a type at the same place.
    let mut align = Align {
        committed: &c_types,
        draft: &d_types,
        holds,
        enums: &enums,
        map: kept.iter().map(|n| (n.clone(), n.clone())).collect(),
        targets: kept.clone(),
        seen: BTreeSet::new(),
        taken: Vec::new(),
    };
    for (name, d) in &d_ops {
        let Some(c) = c_ops.get(name) else { continue };
        align.fields(&c.request.params, &d.request.params);
        match (holds.responses, &c.response.kind) {
            (true, _) => align.kinds(&c.response.kind, &d.response.kind),
            (false, TypeKind::Struct { fields }) => {
                align.taken.extend(fields.iter().map(|f| f.ty.clone()))
            }
            (false, TypeKind::Enum { .. }) => {}
        }
    }
    // The spec's types that content taken from it reaches: a draft type of
    // such a name that stands for no spec type is another one.
    let taken: BTreeSet<String> = reach(
        &BTreeMap::new(),
        &c_types,
        &BTreeSet::new(),
        align
            .taken
            .iter()
            .map(|t| (t.clone(), From::Committed))
            .collect(),
        true,
    )
    .into_iter()
    .map(|t| t.name)
    .chain(
        align
            .taken
            .iter()
            .filter_map(|t| t.named().map(str::to_owned)),
    )
    .collect();
    let rename: BTreeMap<String, String> = d_types
        .keys()
        .map(|n| {
            let new = match align.map.get(n) {
                Some(c) => c.clone(),
                None if align.targets.contains(n) || taken.contains(n) => {
                    format!("{n} (as drafted)")
                }
                None => n.clone(),
            };
            (n.clone(), new)
        })
        .collect();
    let aligned = align.targets;
    d_types = d_types
        .into_values()
        .map(|mut t| {
            t.name = rename[&t.name].clone();
            rename_kind(&mut t.kind, &rename);
            (t.name.clone(), t)
        })
        .collect();
    for op in d_ops.values_mut() {
        rename_op(op, &rename);
    }

    // Hand decisions, and what the snapshot does not hold, from the spec.
    let unfit: BTreeSet<Slot> = unfit
        .iter()
        .map(|(kind, owner, wire)| match kind {
            SlotKind::Field => (
                *kind,
                rename.get(owner).unwrap_or(owner).clone(),
                wire.clone(),
            ),
            _ => (*kind, owner.clone(), wire.clone()),
        })
        .collect();
    let merge = Merge {
        holds,
        enums: &enums,
        unfit: &unfit,
    };
    let mut taken_responses = BTreeSet::new();
    for (name, d) in d_ops.iter_mut() {
        if let Some(c) = c_ops.get(name) {
            if merge.operation(c, d) {
                taken_responses.insert(name.clone());
            }
        }
    }
    for (name, d) in d_types.iter_mut() {
        if let Some(c) = c_types.get(name) {
            merge.type_def(SlotKind::Field, name, c, d);
        }
    }

    // The two sides: the snapshot's operations and the types they reach.
    let before_ops: Vec<Operation> = c_ops
        .iter()
        .filter(|(n, _)| d_ops.contains_key(*n))
        .map(|(_, o)| (*o).clone())
        .collect();
    let roots = |ops: &[Operation], from: &dyn Fn(&Operation) -> From| {
        let mut out = Vec::new();
        for o in ops {
            out.extend(
                o.request
                    .params
                    .iter()
                    .map(|p| (p.field.ty.clone(), From::Draft)),
            );
            if let TypeKind::Struct { fields } = &o.response.kind {
                out.extend(fields.iter().map(|f| (f.ty.clone(), from(o))));
            }
        }
        out
    };
    let before_types = reach(
        &BTreeMap::new(),
        &c_types,
        &BTreeSet::new(),
        roots(&before_ops, &|_| From::Draft),
        true,
    );
    let after_ops: Vec<Operation> = d_ops.into_values().collect();
    let after_types = reach(
        &d_types,
        &c_types,
        &aligned,
        roots(
            &after_ops,
            &|o| match taken_responses.contains(&o.wire_name) {
                true => From::Committed,
                false => From::Draft,
            },
        ),
        false,
    );
    let compared = before_ops.len();
    let added = after_ops.len() - compared;
    let not_in_snapshot = c_ops.len() - compared;
    let view = |ops: Vec<Operation>, types: Vec<TypeDef>| Api {
        services: vec![Service {
            modules: vec![Module {
                name: "drift".into(),
                area: None,
                spec_path: String::new(),
                operations: ops,
                types,
            }],
            ..committed.clone()
        }],
    };
    let changes = diff::diff(
        &view(before_ops, before_types),
        &view(after_ops, after_types),
    );
    Compared {
        compared,
        added,
        not_in_snapshot,
        changes,
    }
}

/// A service's named types (responses are their operations').
pub(super) fn type_table(s: &Service) -> BTreeMap<String, TypeDef> {
    s.modules
        .iter()
        .flat_map(|m| &m.types)
        .map(|t| (t.name.clone(), t.clone()))
        .collect()
}

/// Which side a type reference was written by.
#[derive(Clone, Copy, PartialEq)]
enum From {
    Draft,
    /// Content taken from the spec (a response the snapshot does not hold).
    Committed,
}

/// The types `roots` reach. A reference the draft wrote resolves in the
/// draft's types, else the spec's; one taken from the spec resolves in the
/// spec's, unless the draft has the type under that name by alignment (the
/// snapshot's version of it). `committed_only`: every reference resolves in
/// `committed`.
fn reach(
    draft: &BTreeMap<String, TypeDef>,
    committed: &BTreeMap<String, TypeDef>,
    aligned: &BTreeSet<String>,
    roots: Vec<(Ty, From)>,
    committed_only: bool,
) -> Vec<TypeDef> {
    let mut out: BTreeMap<String, TypeDef> = BTreeMap::new();
    // The draft's references first: a name both sides reach is the draft's.
    let (mut todo, later): (Vec<_>, Vec<_>) = roots
        .into_iter()
        .partition(|(_, from)| committed_only || *from == From::Draft);
    todo.reverse();
    let mut later: Vec<_> = later.into_iter().rev().collect();
    while let Some((ty, from)) = todo.pop().or_else(|| later.pop()) {
        match ty {
            Ty::List(item) | Ty::Map(item) => todo.push((*item, from)),
            Ty::Named(name) => {
                if out.contains_key(&name) {
                    continue;
                }
                let own = || draft.get(&name).map(|t| (t, From::Draft));
                let spec = || committed.get(&name).map(|t| (t, From::Committed));
                let found = match (committed_only, from) {
                    (true, _) => spec(),
                    (false, From::Draft) => own().or_else(spec),
                    (false, From::Committed) if aligned.contains(&name) => own().or_else(spec),
                    (false, From::Committed) => spec().or_else(own),
                };
                if let Some((t, side)) = found {
                    if let TypeKind::Struct { fields } = &t.kind {
                        todo.extend(fields.iter().rev().map(|f| (f.ty.clone(), side)));
                    }
                    out.insert(name, t.clone());
                }
            }
            _ => {}
        }
    }
    out.into_values().collect()
}

//! Structs that contain themselves without indirection.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diag::Pos;
use crate::load::Loaded;
use crate::model::{Service, Ty, TypeKind};
use crate::path;
use crate::validate::{ServiceCheck, SymKind};

impl ServiceCheck<'_, '_> {
    /// Rejects structs that contain themselves without indirection: one
    /// error per cycle, at a field on it.
    pub(in crate::validate) fn check_recursion(&mut self, service: &Service, files: &[&Loaded]) {
        let mut direct: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for (_, t) in service.types() {
            if let TypeKind::Struct { fields } = &t.kind {
                let edges = fields
                    .iter()
                    .filter(|f| !f.boxed)
                    .filter_map(|f| match &f.ty {
                        Ty::Named(n) if self.kinds.get(n) == Some(&SymKind::Struct) => {
                            Some((n.as_str(), f.wire_name.as_str()))
                        }
                        _ => None,
                    })
                    .collect();
                direct.insert(&t.name, edges);
            }
        }
        for cycle in cycles(&direct) {
            let (owner, field) = cycle[0];
            let mut chain: Vec<&str> = cycle.iter().map(|(t, _)| *t).chain([owner]).collect();
            if chain.len() > 12 {
                // A message stays short however long the cycle.
                chain.splice(8..chain.len() - 2, ["..."]);
            }
            let (file, pos) = locate_field(files, owner, field);
            let Some(file) = file else { continue };
            self.err(
                file,
                pos,
                format!("recursive type without indirection: {}", chain.join(" -> ")),
                format!(
                    "mark field `{field}` of `{owner}` `boxed: true`, or make it a `list<...>`"
                ),
            );
        }
    }
}

/// One cycle per strongly connected component of `graph` that has one, as
/// (type, field) hops starting at the component's first type by name; in
/// time linear in the graph (a chain of thousands of types is fine).
fn cycles<'a>(graph: &BTreeMap<&'a str, Vec<(&'a str, &'a str)>>) -> Vec<Vec<(&'a str, &'a str)>> {
    let names: Vec<&str> = graph.keys().copied().collect();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<(usize, &str)>> = names
        .iter()
        .map(|n| {
            graph[n]
                .iter()
                .filter_map(|(to, field)| index.get(to).map(|&j| (j, *field)))
                .collect()
        })
        .collect();
    let component = components(&edges);
    let mut done = BTreeSet::new();
    let mut found = Vec::new();
    // Shared by all searches: each stays within its own component.
    let mut seen = vec![false; names.len()];
    // Names are sorted, so each component is entered at its first name.
    for start in 0..names.len() {
        let c = component[start];
        if !done.insert(c) {
            continue;
        }
        // Depth-first within the component, each type entered once, until
        // an edge leads back to `start`.
        seen[start] = true;
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (at, ref mut next)) = stack.last_mut() {
            let Some(&(to, _)) = edges[at].get(*next) else {
                stack.pop();
                continue;
            };
            *next += 1;
            if to == start {
                found.push(
                    stack
                        .iter()
                        .map(|&(t, e)| (names[t], edges[t][e - 1].1))
                        .collect(),
                );
                break;
            }
            if component[to] == c && !seen[to] {
                seen[to] = true;
                stack.push((to, 0));
            }
        }
    }
    found
}

/// Tarjan's strongly connected components, iteratively: the component of each node.
fn components(edges: &[Vec<(usize, &str)>]) -> Vec<usize> {
    const NONE: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![NONE; n], vec![0; n], vec![NONE; n]);
    let (mut counter, mut components) = (0, 0);
    let mut stack = Vec::new();
    for root in 0..n {
        if order[root] != NONE {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        order[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        while let Some(&mut (v, ref mut next)) = work.last_mut() {
            if let Some(&(w, _)) = edges[v].get(*next) {
                *next += 1;
                if order[w] == NONE {
                    order[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    work.push((w, 0));
                } else if component[w] == NONE {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                while let Some(w) = stack.pop() {
                    component[w] = components;
                    if w == v {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

/// Where `owner`'s field `field` is defined (a type's, or a response's).
fn locate_field<'f>(files: &[&'f Loaded], owner: &str, field: &str) -> (Option<&'f Loaded>, Pos) {
    for f in files {
        if f.spec.types.0.iter().any(|(n, _)| n == owner) {
            return (
                Some(f),
                f.spans().key(&path!["types", owner, "fields", field]),
            );
        }
        for (op, spec) in &f.spec.operations.0 {
            if spec.response.name.as_deref() == Some(owner)
                || spec.response.fields.0.iter().any(|(n, _)| n == field)
            {
                return (
                    Some(f),
                    f.spans().key(&path![
                        "operations",
                        op.as_str(),
                        "response",
                        "fields",
                        field
                    ]),
                );
            }
        }
    }
    (files.first().copied(), Pos { line: 1, column: 1 })
}

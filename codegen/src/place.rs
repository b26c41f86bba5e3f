//! Placement, between validation and emission: the module each type lives
//! in, chosen once from the features of the operations that reach it
//! (`Service::assign_features`), so that a module's declaration carries the
//! one `cfg` its items need and no item carries one of its own.
//!
//! A type stays in its spec file's module when that module compiles exactly
//! when the type must: a file of an API area, for a type only that area's
//! operations reach; a file outside the areas, for a type that is always
//! compiled. Every other type moves to a shared module of its feature set,
//! `<service>/shared/<areas>.rs`, declared under `cfg(any(<features>))` and
//! re-exported by each of its areas and by the service.

use std::collections::BTreeMap;

use crate::model::{Module, Service, TypeDef};

/// The name of the shared modules' directory in a service; no spec file or
/// area may have it.
pub const SHARED: &str = "shared";

/// Where each type of a service lives.
#[derive(Debug)]
pub struct Placement<'a> {
    /// Per spec file (as `Service::modules`), the types that stay in its module.
    pub stays: Vec<Vec<&'a TypeDef>>,
    /// The shared modules, sorted by name.
    pub shared: Vec<Shared<'a>>,
}

/// A module of the types one set of areas shares.
#[derive(Debug)]
pub struct Shared<'a> {
    /// The module's name, from its areas (`public_accounts_users`).
    pub name: String,
    /// The areas (module names) using its types, sorted; empty: always compiled.
    pub areas: Vec<String>,
    /// Their features: the module compiles when any is on.
    pub features: Vec<String>,
    /// Its types, in spec order (file by file).
    pub types: Vec<&'a TypeDef>,
}

impl Placement<'_> {
    /// Whether spec file `i` of the service produces a module of its own.
    pub fn has_module(&self, service: &Service, i: usize) -> bool {
        !service.modules[i].operations.is_empty() || !self.stays[i].is_empty()
    }

    /// The shared modules whose types area `area` uses.
    pub fn shared_with<'s>(&'s self, area: &'s str) -> impl Iterator<Item = &'s Shared<'s>> {
        self.shared
            .iter()
            .filter(move |s| s.areas.iter().any(|a| a == area))
    }
}

/// Places every type of `service` (whose features are assigned).
pub fn place(service: &Service) -> Placement<'_> {
    let mut stays = Vec::with_capacity(service.modules.len());
    let mut shared: BTreeMap<&[String], Vec<&TypeDef>> = BTreeMap::new();
    for module in &service.modules {
        let (here, away): (Vec<&TypeDef>, Vec<&TypeDef>) = module
            .types
            .iter()
            .partition(|t| stays_in(service, module, t));
        stays.push(here);
        for t in away {
            shared.entry(t.features.as_slice()).or_default().push(t);
        }
    }
    let mut shared: Vec<Shared> = shared
        .into_iter()
        .map(|(features, types)| {
            let prefix = format!("{}-", service.name);
            let areas: Vec<String> = features
                .iter()
                .map(|f| f.strip_prefix(&prefix).unwrap_or(f).replace('-', "_"))
                .collect();
            Shared {
                name: shared_name(&areas),
                areas,
                features: features.to_vec(),
                types,
            }
        })
        .collect();
    shared.sort_by(|a, b| a.name.cmp(&b.name));
    Placement { stays, shared }
}

/// Whether `t` is compiled exactly when its spec file's module is.
fn stays_in(service: &Service, module: &Module, t: &TypeDef) -> bool {
    match &module.area {
        Some(area) => t.features == [service.area_feature(area)],
        None => t.features.is_empty(),
    }
}

/// `users`, `public_accounts_users`; past 40 characters, the first two
/// areas, the count of the others and a hash of them all, so that a name
/// stays the same whatever other sets exist; `common` for the always-compiled.
fn shared_name(areas: &[String]) -> String {
    let joined = areas.join("_");
    match areas {
        [] => "common".into(),
        _ if joined.len() <= 40 => joined,
        [first, second, rest @ ..] => {
            // FNV-1a: stable across runs, platforms and Rust versions.
            let hash = joined.bytes().fold(0x811c_9dc5_u32, |h, b| {
                (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
            });
            format!("{first}_{second}_and_{}_more_{hash:08x}", rest.len())
        }
        [one] => one.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::shared_name;

    fn names(areas: &[&str]) -> Vec<String> {
        areas.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn shared_modules_are_named_after_their_areas() {
        assert_eq!(shared_name(&[]), "common");
        assert_eq!(shared_name(&names(&["users"])), "users");
        assert_eq!(
            shared_name(&names(&["public_accounts", "users"])),
            "public_accounts_users"
        );
        let many = names(&["applications", "groups", "organizations", "roles", "users"]);
        let name = shared_name(&many);
        assert!(
            name.starts_with("applications_groups_and_3_more_"),
            "{name}"
        );
        assert_eq!(name, shared_name(&many), "deterministic");
        let other = names(&[
            "applications",
            "groups",
            "organizations",
            "roles",
            "tenants",
        ]);
        assert_ne!(name, shared_name(&other), "another set, another name");
    }
}

//! `cargo xtask crosscheck`: every spec operation against the vendors'
//! official SDKs, a second witness beside the documents.
//!
//! The SDKs, pinned, are fetched with the ordinary package clients into
//! `target/crosscheck/` ([`fetch`]): GenAuth's `authing-node-sdk` 4.0.1
//! (`ManagementClient.ts` for `genauth`, `AuthenticationClient.ts` for
//! `genauth_authentication`, DTOs in `src/models/`) and EIAM's
//! `alibabacloud-eiam20211201` 3.0.1 (`client.py`, `models/`). Small readers
//! ([`node_sdk`], [`python_sdk`] over the importer's reader of that SDK) turn
//! both, and the spec model, into [`shape::Shape`]s that [`compare`] walks
//! together.
//!
//! Operations match by method and path (GenAuth; else by method name, else
//! by path alone) or by action (EIAM). Kinds of mismatch:
//!
//! - `missing-in-sdk`: no SDK method for the operation; `method`, `path`:
//!   the operation matched by name (or path) but its route differs.
//! - Request: `param-missing` (the SDK sends a parameter or nested field the
//!   spec lacks), `param-extra` (the reverse), `placement` (query vs body;
//!   the SDK's RPC `query` is the spec's `query`, its form `body` is `body`),
//!   `list-ness` (a list on one side, a single value on the other, at any
//!   depth), `scalar-type` (string, boolean, number or object differ: a
//!   `"true"`/`"false"` string enum is not a boolean; a string enum is a
//!   string), `required` (the SDK's non-optional member vs the spec's
//!   `required`, both ways; parameters with an SDK default are optional).
//! - Response, against the SDK's response model (Node: the whole envelope
//!   DTO; Python: the response `body`): `response-field-missing`,
//!   `response-field-extra`, `response-list-ness`, `response-nesting` (an
//!   object on one side, a scalar on the other), `response-scalar-type`, and
//!   `response-required` only where the spec requires a field the Node SDK
//!   marks optional (the other direction cannot fail a decode; the Python
//!   SDK marks nothing).
//!
//! Not compared: enum value lists, defaults, integer vs float (the SDKs only
//! say `number`), `any`/free-form JSON on either side, maps vs objects. A
//! named type pair is compared once per operation (its mismatches show at the
//! first place it occurs).
//!
//! A mismatch is recorded (a decision that the document wins) when the spec
//! element at its spot has a `note:` with the word `crosscheck:` saying why:
//! the parameter or field itself (or the named type it has); for something
//! the spec lacks, the parent field, parent type, or for top-level
//! parameters, response fields and routes, the operation. SDK operations
//! that no spec operation matches are listed with `--unspecified` and never
//! fail the run (the specs cover what the documents describe). Exit 1 when
//! any mismatch is not recorded.

mod compare;
mod fetch;
mod node_sdk;
mod python_sdk;
mod shape;
mod ts;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use identity_codegen::model::{Auth, Protocol};

use compare::{Kind, OpReport};
use shape::{Member, Shape, Types};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Query,
    Body,
}

impl Placement {
    fn name(self) -> &'static str {
        match self {
            Placement::Query => "query",
            Placement::Body => "body",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SdkCall {
    Http {
        method: String,
        path: String,
    },
    Rpc {
        action: String,
        method: String,
        path: String,
    },
}

impl std::fmt::Display for SdkCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SdkCall::Http { method, path } => write!(f, "{method} {path}"),
            SdkCall::Rpc { action, .. } => write!(f, "action {action}"),
        }
    }
}

/// One operation as an official SDK sends it.
#[derive(Debug, Clone)]
pub struct SdkOp {
    /// Method name (Node) or action (Python).
    pub name: String,
    pub call: SdkCall,
    pub params: Vec<SdkParam>,
    /// The response model, usually `Named`.
    pub response: Option<Shape>,
    /// `file:line` of the method.
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct SdkParam {
    pub member: Member,
    pub placement: Placement,
}

const USAGE: &str = "usage: cargo xtask crosscheck [--format text|md] [--unspecified]";

pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let (mut markdown, mut unspecified) = (false, false);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--unspecified" => unspecified = true,
            "--format" => match args.next() {
                Some(&"md") => markdown = true,
                Some(&"text") => markdown = false,
                _ => return usage("--format takes `text` or `md`"),
            },
            other => return usage(&format!("unknown argument `{other}`")),
        }
    }
    let started = Instant::now();
    let Some(api) = crate::api() else {
        return ExitCode::FAILURE;
    };
    let sdks = match load(&root.join("target/crosscheck")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut reports = Vec::new();
    let mut unmatched: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for service in &api.services {
        let (ops, types, response_required) = match (service.protocol, service.auth) {
            (Protocol::Rpc, _) => (&sdks.eiam, &sdks.eiam_types, false),
            (Protocol::RestJson, Auth::UserToken) => (&sdks.authentication, &sdks.node_types, true),
            (Protocol::RestJson, Auth::ManagementToken) => {
                (&sdks.management, &sdks.node_types, true)
            }
        };
        let (r, u) = compare::service(service, ops, types, response_required);
        reports.extend(r);
        unmatched.insert(service.name.clone(), u);
    }
    let text = if markdown {
        render_md(&reports, &unmatched, unspecified)
    } else {
        render_text(&reports, &unmatched, unspecified)
    };
    print!("{text}");
    eprintln!("crosscheck took {:.1} s", started.elapsed().as_secs_f64());
    if reports.iter().any(|r| r.status() == "MISMATCH") {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\n{USAGE}");
    ExitCode::from(2)
}

/// The official Python SDK `label` (`<package> <version>`) names, read from
/// `dir` (fetched there first if absent), for `import-corpus`.
pub fn python_package(
    dir: &Path,
    label: &str,
) -> Result<identity_codegen::import::python_sdk::Package, String> {
    let pinned = format!("{} {}", fetch::PYTHON_PACKAGE, fetch::PYTHON_VERSION);
    if label != pinned {
        return Err(format!(
            "the plan names the SDK `{label}`; crosscheck pins `{pinned}`"
        ));
    }
    identity_codegen::import::python_sdk::Package::read(&fetch::python_sdk(dir)?)
}

struct Sdks {
    management: Vec<SdkOp>,
    authentication: Vec<SdkOp>,
    node_types: Types,
    eiam: Vec<SdkOp>,
    eiam_types: Types,
}

fn load(dir: &Path) -> Result<Sdks, String> {
    let node = fetch::node_sdk(dir)?;
    let python = fetch::python_sdk(dir)?;
    let node_types = node_sdk::read_models(&node.join("src/models"))?;
    let read = |file: &str| -> Result<Vec<SdkOp>, String> {
        let path = node.join("src").join(file);
        let src = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Ok(node_sdk::read_client(&src, file, &node_types))
    };
    let (management, authentication) = (
        read("ManagementClient.ts")?,
        read("AuthenticationClient.ts")?,
    );
    let (eiam_types, eiam) = python_sdk::read(&python)?;
    Ok(Sdks {
        management,
        authentication,
        node_types,
        eiam,
        eiam_types,
    })
}

/// `(total, unrecorded)` per kind.
fn by_kind(reports: &[OpReport]) -> BTreeMap<Kind, (usize, usize)> {
    let mut kinds: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
    for m in reports.iter().flat_map(|r| &r.mismatches) {
        let e = kinds.entry(m.kind).or_default();
        e.0 += 1;
        e.1 += usize::from(!m.recorded);
    }
    kinds
}

fn counts(reports: &[OpReport], status: &str) -> usize {
    reports.iter().filter(|r| r.status() == status).count()
}

fn render_text(
    reports: &[OpReport],
    unmatched: &BTreeMap<String, Vec<String>>,
    list: bool,
) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for r in reports {
        let sdk = r.sdk.as_deref().unwrap_or("-");
        let _ = writeln!(
            out,
            "{:<8} {}.{}  {}  [{sdk}]",
            r.status(),
            r.service,
            r.operation,
            r.call
        );
        for m in &r.mismatches {
            let mark = if m.recorded { "recorded" } else { "" };
            let _ = writeln!(
                out,
                "         {:<22} {:<30} {} {mark}",
                m.kind.name(),
                m.at,
                m.detail
            );
        }
    }
    let _ = writeln!(out, "\nsummary");
    let _ = writeln!(
        out,
        "  operations: {}; equal {}, only recorded mismatches {}, unrecorded mismatches {}",
        reports.len(),
        counts(reports, "equal"),
        counts(reports, "recorded"),
        counts(reports, "MISMATCH")
    );
    let _ = writeln!(
        out,
        "  mismatches by kind (total / unrecorded / operations):"
    );
    for (kind, (total, open)) in by_kind(reports) {
        let ops = reports
            .iter()
            .filter(|r| r.mismatches.iter().any(|m| m.kind == kind))
            .count();
        let _ = writeln!(out, "    {:<24} {total:>5} {open:>5} {ops:>5}", kind.name());
    }
    for (service, names) in unmatched {
        let _ = writeln!(
            out,
            "  SDK operations no {service} spec operation matches: {}",
            names.len()
        );
        if list {
            for n in names {
                let _ = writeln!(out, "    {n}");
            }
        }
    }
    out
}

fn render_md(
    reports: &[OpReport],
    unmatched: &BTreeMap<String, Vec<String>>,
    list: bool,
) -> String {
    use std::fmt::Write;
    let esc = |s: &str| {
        s.replace('|', "\\|")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut out = String::from("## Spec vs official SDKs\n\n");
    let _ = writeln!(
        out,
        "{} operations: **{}** equal, {} with only recorded mismatches, **{}** with unrecorded mismatches.\n",
        reports.len(),
        counts(reports, "equal"),
        counts(reports, "recorded"),
        counts(reports, "MISMATCH")
    );
    out.push_str("| kind | total | unrecorded | operations |\n| --- | ---: | ---: | ---: |\n");
    for (kind, (total, open)) in by_kind(reports) {
        let ops = reports
            .iter()
            .filter(|r| r.mismatches.iter().any(|m| m.kind == kind))
            .count();
        let _ = writeln!(out, "| `{}` | {total} | {open} | {ops} |", kind.name());
    }
    out.push_str("\n| operation | route | status | mismatches |\n| --- | --- | --- | --- |\n");
    for r in reports {
        let ms: Vec<String> = r
            .mismatches
            .iter()
            .map(|m| {
                let mark = if m.recorded { " (recorded)" } else { "" };
                let at = if m.at.is_empty() {
                    String::new()
                } else {
                    format!(" `{}`", m.at)
                };
                format!("`{}`{at}: {}{mark}", m.kind.name(), esc(&m.detail))
            })
            .collect();
        let _ = writeln!(
            out,
            "| `{}.{}` | `{}` | {} | {} |",
            r.service,
            r.operation,
            r.call,
            r.status(),
            ms.join("<br>")
        );
    }
    for (service, names) in unmatched {
        let _ = writeln!(
            out,
            "\nSDK operations no `{service}` spec operation matches: {}",
            names.len()
        );
        if list {
            for n in names {
                let _ = writeln!(out, "- `{n}`");
            }
        }
    }
    out
}

//! `cargo xtask bench-adversarial [--only NAME] [--keep]`: hostile spec files just
//! under the 1 MiB size limit, each written to a temporary directory, loaded,
//! validated and (when accepted) emitted, with the time each takes. Every one
//! must be refused or accepted in well under a second (BENCHMARKS.md).

use std::fmt::Write as _;
use std::fs;
use std::process::ExitCode;
use std::time::Instant;

use identity_codegen::load::{Source, MAX_FILE_BYTES};

const SERVICE: &str = "service:\n  name: adv\n  vendor: Example\n  title: Example API\n  api_version: v1\n  protocol: rest-json\n  wire_naming: camelCase\n  endpoint: https://api.example.com\n";

/// Bytes every case stays under (the limit, less room for a closing line).
const BUDGET: usize = MAX_FILE_BYTES - 256;

/// `head`, then `unit(i)` for i = 0.. while the file stays under the budget, then `tail`.
fn fill(head: &str, unit: impl FnMut(usize) -> String, tail: &str) -> String {
    fill_n(head, unit, tail, usize::MAX)
}

/// [`fill`] with at most `units` units: under the node cap, so that what
/// comes after parsing (validation, emitting) is timed too.
fn fill_n(head: &str, mut unit: impl FnMut(usize) -> String, tail: &str, units: usize) -> String {
    let mut text = format!("{SERVICE}{head}");
    for i in 0..units {
        let next = unit(i);
        if text.len() + next.len() + tail.len() > BUDGET {
            break;
        }
        text.push_str(&next);
    }
    text.push_str(tail);
    text
}

const JSON_FIELD: &str =
    "types:\n  Thing:\n    fields:\n      payload:\n        type: json\n        example: ";

/// (name, what it is, contents)
pub fn cases() -> Vec<(&'static str, &'static str, String)> {
    let brackets = "[".repeat(60);
    vec![
        (
            "flow_behind_letter",
            "`x, [[[[...` lines inside a flow sequence (the old check reset on lines starting with a letter)",
            fill(&format!("{JSON_FIELD}[\n"), |_| format!("x, {brackets}\n"), ""),
        ),
        (
            "flow_items_nested",
            "`[a, [a, [a, ...` on one line",
            fill(JSON_FIELD, |_| "[a, ".into(), "\n"),
        ),
        (
            "flow_maps_nested",
            "`{a: {a: {a: ...` on one line",
            fill(JSON_FIELD, |_| "{a: ".into(), "\n"),
        ),
        (
            "flow_maps_nested_lines",
            "`{a:` on its own line, nested, one per line",
            fill(JSON_FIELD, |_| "{a:\n".into(), "\n"),
        ),
        (
            "flow_depth_64_repeated",
            "the deepest nesting allowed (64), repeated: `[[[...]]], ` in one flow sequence",
            fill(
                &format!("{JSON_FIELD}["),
                |_| format!("{}{}, ", "[".repeat(63), "]".repeat(63)),
                "0]\n",
            ),
        ),
        (
            "flow_depth_64_many_lines",
            "the deepest nesting allowed, one field per line",
            fill(
                "types:\n  Thing:\n    fields:\n",
                |i| {
                    format!(
                        "      f{i}: {{type: json, example: {}{}}}\n",
                        "[".repeat(62),
                        "]".repeat(62)
                    )
                },
                "",
            ),
        ),
        (
            "block_dashes",
            "`- - - - ...` nested block sequences, 300 per line",
            fill(
                "types:\n  Thing:\n    fields:\n      payload:\n        type: json\n        example:\n",
                |_| format!("          {}x\n", "- ".repeat(300)),
                "",
            ),
        ),
        (
            "block_staircase",
            "block mappings indented one more space per line",
            fill("types:\n  Thing:\n    fields:\n      payload:\n        type: json\n        example:\n", |i| format!("{}k:\n", " ".repeat(9 + i)), ""),
        ),
        (
            "long_flow_sequence",
            "one flow sequence of 350,000 items on one line",
            fill(&format!("{JSON_FIELD}["), |_| "1, ".into(), "1]\n"),
        ),
        (
            "many_keys_one_line",
            "one flow mapping of 80,000 keys on one line",
            fill(&format!("{JSON_FIELD}{{"), |i| format!("k{i}: 1, "), "z: 1}\n"),
        ),
        (
            "long_plain_scalar_lines",
            "a plain scalar spanning 100,000 lines",
            fill("types:\n  Thing:\n    note: start\n", |_| "      word word\n".into(), "    fields: {}\n"),
        ),
        (
            "long_single_line",
            "a 1 MiB plain scalar on one line",
            fill("types:\n  Thing:\n    fields: {}\n    note: ", |_| "x".into(), "\n"),
        ),
        (
            "long_double_quoted",
            "a 1 MiB double-quoted scalar full of escapes",
            fill("types:\n  Thing:\n    fields: {}\n    note: \"", |_| "\\\" [".into(), "\"\n"),
        ),
        (
            "many_anchors_and_aliases",
            "40,000 anchors, each aliased once, in one flow sequence",
            fill(&format!("{JSON_FIELD}["), |i| format!("&a{i} [1], *a{i}, "), "1]\n"),
        ),
        (
            "alias_fan_out",
            "one anchor aliased 150,000 times",
            fill(&format!("{JSON_FIELD}[&a [1, 2, 3], "), |_| "*a, ".into(), "1]\n"),
        ),
        (
            "alias_of_large_anchor_under_node_cap",
            "a 20,000-item list anchored, then aliased 4,000 times (76 KB; serde_yaml's own limit counts aliases, not their size)",
            fill_n(
                &format!("{JSON_FIELD}[&a [{}1], ", "1, ".repeat(20_000)),
                |_| "*a, ".into(),
                "1]\n",
                4_000,
            ),
        ),
        (
            "many_small_types",
            "20,000 valid struct types in one file",
            fill("types:\n", |i| format!("  T{i}:\n    fields:\n      a: {{type: string}}\n"), ""),
        ),
        (
            "many_unknown_type_references",
            "20,000 fields naming types that do not exist (each error looks for a similar name)",
            fill(
                "types:\n  Thing:\n    fields:\n",
                |i| format!("      f{i}: {{type: Missing{i}}}\n"),
                "",
            ),
        ),
        (
            "many_unknown_keys",
            "a field with an unknown key, repeated: one error per field",
            fill(
                "types:\n",
                |i| format!("  T{i}:\n    fields:\n      a: {{type: string, tpye: x}}\n"),
                "",
            ),
        ),
        (
            "many_colliding_fields",
            "40,000 fields of one struct that collide after snake_case",
            fill(
                "types:\n  Thing:\n    fields:\n",
                |i| format!("      a{i}B: {{type: string}}\n      a{i}_b: {{type: string}}\n"),
                "",
            ),
        ),
        (
            "many_enum_values",
            "one enum of 70,000 values",
            fill("types:\n  Kind:\n    enum:\n", |i| format!("      v{i}:\n"), ""),
        ),
        (
            "many_operations",
            "4,000 small valid operations in one file",
            fill(
                "operations:\n",
                |i| format!("  GetThing{i}:\n    summary: {{en: Gets a thing.}}\n    http: {{method: GET, path: /things/{i}}}\n    params:\n      id: {{type: string, required: true, in: query}}\n    response:\n      fields:\n        name: {{type: string}}\n"),
                "",
            ),
        ),
        (
            "type_reference_chain",
            "20,000 structs each holding the next (a long reference chain)",
            fill(
                "types:\n",
                |i| format!("  T{i}:\n    fields:\n      next: {{type: T{}}}\n", i + 1),
                "",
            ),
        ),
        (
            "many_todos",
            "100,000 `todo:` keys",
            fill("types:\n  Thing:\n    fields: {}\n    todo: [\n", |_| "      todo: x,\n".into(), "    ]\n"),
        ),
        (
            "many_documents",
            "`---` 200,000 times",
            fill("", |_| "---\n".into(), ""),
        ),
        (
            "many_small_types_under_node_cap",
            "3,000 valid struct types (24,000 nodes): all of them emitted",
            fill_n("types:\n", |i| format!("  T{i}:\n    fields:\n      a: {{type: string}}\n"), "", 3_000),
        ),
        (
            "type_reference_chain_under_node_cap",
            "3,000 structs each holding the next",
            fill_n(
                "types:\n",
                |i| format!("  T{i}:\n    fields:\n      next: {{type: T{}}}\n", i + 1),
                "  T2999:\n    fields: {}\n",
                2_999,
            ),
        ),
        (
            "type_reference_cycle_under_node_cap",
            "2,400 structs each holding the next, the last the first (a cycle without indirection)",
            fill_n(
                "types:\n",
                |i| format!("  T{i}:\n    fields:\n      next: {{type: T{}, required: true}}\n", (i + 1) % 2_400),
                "",
                2_400,
            ),
        ),
        (
            "unknown_type_references_under_node_cap",
            "6,000 fields naming types that do not exist (each error looks for a similar name)",
            fill_n(
                "types:\n  Thing:\n    fields:\n",
                |i| format!("      f{i}: {{type: Missing{i}}}\n"),
                "",
                5_900,
            ),
        ),
        (
            "unknown_types_beside_many_types_under_node_cap",
            "2,400 types each naming a type that does not exist but is one letter off another's name",
            fill_n(
                "types:\n",
                |i| format!("  Type{i:05}:\n    fields:\n      next: {{type: Tpye{:05}}}\n", i + 1),
                "",
                2_400,
            ),
        ),
        (
            "colliding_fields_under_node_cap",
            "6,000 fields of one struct, in pairs that collide after snake_case",
            fill_n(
                "types:\n  Thing:\n    fields:\n",
                |i| format!("      a{i}B: {{type: string}}\n      a{i}_b: {{type: string}}\n"),
                "",
                2_900,
            ),
        ),
        (
            "enum_values_under_node_cap",
            "one enum of 12,000 values, in pairs that collide",
            fill_n("types:\n  Kind:\n    enum:\n", |i| format!("      v{i}B:\n      v{i}_b:\n"), "", 6_000),
        ),
        (
            "operations_under_node_cap",
            "700 small valid operations",
            fill_n(
                "operations:\n",
                |i| format!("  GetThing{i}:\n    source: x.txt\n    summary: {{en: Gets a thing.}}\n    http: {{method: GET, path: /things/{i}}}\n    params:\n      id: {{type: string, required: true, in: query}}\n    response:\n      fields:\n        name: {{type: string}}\n"),
                "",
                700,
            ),
        ),
        (
            "brackets_in_prose_under_node_cap",
            "descriptions of `[[[[...` and `<<<<` (rustdoc escaping)",
            fill_n(
                "types:\n",
                |i| format!("  T{i}:\n    description: {{en: '{}'}}\n    fields: {{}}\n", "[<".repeat(1_000)),
                "",
                400,
            ),
        ),
        (
            "many_errors_under_node_cap",
            "6,000 type names that are not UpperCamelCase: one error each",
            fill_n("types:\n", |i| format!("  t_{i}: {{fields: {{}}}}\n"), "", 6_000),
        ),
        (
            "nul_bytes",
            "NUL bytes after the service block",
            fill("types:\n", |_| "\0".into(), ""),
        ),
    ]
}

/// What the `shape` pass costs on the real specs, beside serde_yaml's parse
/// of the same files (one core, each file once).
fn real_spec_overhead(root: &std::path::Path) {
    let Ok(sources) = identity_codegen::load::read_dir(&root.join("spec")) else {
        return;
    };
    let texts: Vec<String> = sources
        .iter()
        .map(|s| String::from_utf8_lossy(&s.bytes).into_owned())
        .collect();
    let t = Instant::now();
    for text in &texts {
        std::hint::black_box(identity_codegen::shape::shape(text));
    }
    let shape_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    for text in &texts {
        let parsed = serde_yaml::from_str::<identity_codegen::raw::SpecFile>(text);
        std::hint::black_box(parsed.is_ok());
    }
    let parse_ms = t.elapsed().as_secs_f64() * 1000.0;
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "\nreal specs ({} files, {bytes} bytes), one core: shape pass {shape_ms:.0} ms, serde_yaml parse {parse_ms:.0} ms",
        texts.len()
    );
}

pub fn run(root: &std::path::Path, args: &[&str]) -> ExitCode {
    let mut only = None;
    let mut keep = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--only" => only = args.next().copied(),
            "--keep" => keep = true,
            other => {
                eprintln!("error: unknown option `{other}`\nusage: cargo xtask bench-adversarial [--only NAME] [--keep]");
                return ExitCode::from(2);
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("identity-sdk-adversarial-{}", std::process::id()));
    if let Err(e) = fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    println!("| file | bytes | verdict | load + validate | emit | total |\n| --- | ---: | --- | ---: | ---: | ---: |");
    let mut slowest = 0.0f64;
    for (name, what, text) in cases() {
        if only.is_some_and(|o| o != name) {
            continue;
        }
        let path = dir.join(format!("{name}.yaml"));
        if let Err(e) = fs::write(&path, &text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let size = bytes.len();
        let source = Source {
            display_path: format!("{name}.yaml"),
            service_dir: "adv".into(),
            area: None,
            stem: "service".into(),
            bytes,
        };
        let t = Instant::now();
        let checked = identity_codegen::check(vec![source]);
        let t_check = t.elapsed().as_secs_f64() * 1000.0;
        let (verdict, t_emit) = match checked {
            Ok(api) => {
                let t = Instant::now();
                let emitted = identity_codegen::emit::emit(&api);
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                match emitted {
                    Ok(files) => (format!("accepted, {} files", files.len()), ms),
                    Err(e) => (format!("EMIT ERROR: {e}"), ms),
                }
            }
            Err(diags) => {
                let first = &diags.0[0];
                let mut v = format!(
                    "rejected, {} errors; first at {}:{}: {}",
                    diags.len(),
                    first.pos.line,
                    first.pos.column,
                    first.message
                );
                if v.len() > 110 {
                    let cut = (0..=110)
                        .rev()
                        .find(|i| v.is_char_boundary(*i))
                        .unwrap_or(0);
                    v.truncate(cut);
                    v.push_str("...");
                }
                (v, 0.0)
            }
        };
        let total = t_check + t_emit;
        slowest = slowest.max(total);
        let mut row = String::new();
        let _ = write!(
            row,
            "| `{name}` ({what}) | {size} | {verdict} | {t_check:.0} ms | {t_emit:.0} ms | **{total:.0} ms** |"
        );
        println!("{row}");
    }
    if !keep {
        let _ = fs::remove_dir_all(&dir);
    } else {
        println!("\nfiles kept in {}", dir.display());
    }
    println!("\nslowest: {slowest:.0} ms");
    if only.is_none() {
        real_spec_overhead(root);
    }
    ExitCode::SUCCESS
}

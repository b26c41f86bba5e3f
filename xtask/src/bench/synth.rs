//! A synthetic spec corpus with the real specs' mix: operations with query
//! parameters, responses in an envelope, structs with primitives, lists, maps,
//! free-form JSON, nested and shared types, forward-compatible enums.

use std::fmt::Write;
use std::fs;
use std::io;
use std::path::Path;

/// A small deterministic generator (xorshift64*), so corpora are reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

pub const SERVICES: &[&str] = &["alpha", "beta"];
const SHARED_STRUCTS: usize = 20;
const SHARED_ENUMS: usize = 10;
const PRIMITIVES: &[&str] = &[
    "string", "string", "string", "i64", "i64", "bool", "f64", "i32",
];

/// Operations per API area, as in the real GenAuth specs (15 on average there).
pub const AREA_OPS: usize = 50;

/// Writes `spec/<service>/area_NN/*.yaml` for `ops` operations (split over two
/// services, [`AREA_OPS`] to an area) under `root`.
pub fn write_corpus(root: &Path, ops: usize, seed: u64) -> io::Result<()> {
    if root.exists() {
        fs::remove_dir_all(root)?;
    }
    let mut rng = Rng::new(seed);
    for (s, service) in SERVICES.iter().enumerate() {
        let dir = root.join(service);
        fs::create_dir_all(&dir)?;
        fs::write(dir.join("service.yaml"), service_file(service, &mut rng))?;
        let count = ops / SERVICES.len() + usize::from(s < ops % SERVICES.len());
        for i in 0..count {
            let area = dir.join(format!("area_{:02}", i / AREA_OPS));
            fs::create_dir_all(&area)?;
            fs::write(
                area.join(format!("op_{i:05}.yaml")),
                operation_file(i, &mut rng),
            )?;
        }
    }
    Ok(())
}

fn service_file(name: &str, rng: &mut Rng) -> String {
    let mut out = format!(
        "service:\n  name: {name}\n  vendor: Bench\n  title: Synthetic {name} API\n  api_version: v1\n  protocol: rest-json\n  wire_naming: camelCase\n  endpoint: https://{name}.example.com\n  envelope:\n    statusCode: {{type: i64, required: true, description: {{en: Business status code.}}}}\n    message: {{type: string, description: {{en: Description.}}}}\n    requestId: {{type: string, description: {{en: Request ID.}}}}\ntypes:\n"
    );
    for k in 0..SHARED_STRUCTS {
        let _ = writeln!(out, "  Shared{k}:\n    description: {{en: A shared object used by many operations.}}\n    fields:");
        for f in 0..rng.range(3, 8) {
            let ty = PRIMITIVES[rng.range(0, PRIMITIVES.len() as u64 - 1) as usize];
            let _ = writeln!(out, "      sharedField{f}: {{type: {ty}, description: {{en: Field {f} of a shared object.}}}}");
        }
    }
    for k in 0..SHARED_ENUMS {
        let _ = writeln!(
            out,
            "  SharedKind{k}:\n    description: {{en: A shared enumeration.}}\n    enum:"
        );
        for v in 0..rng.range(3, 12) {
            let _ = writeln!(out, "      kind_{k}_{v}: {{en: Value {v}, zh: 值 {v}}}");
        }
    }
    out
}

fn operation_file(i: usize, rng: &mut Rng) -> String {
    let verb = ["get", "list", "search"][i % 3];
    let name = format!("{verb}Thing{i}");
    let thing = format!("Thing{i}");
    let mut out = format!(
        "operations:\n  {name}:\n    source: synthetic.txt\n    summary: {{en: Operation {i}, zh: 操作 {i}}}\n    description: {{en: A synthetic operation with a typical mix of parameters.}}\n    http: {{method: GET, path: /api/v1/{verb}-thing-{i}}}\n    params:\n      id: {{type: string, required: true, in: query, description: {{en: The ID.}}, example: id-{i}}}\n"
    );
    for p in 0..rng.range(1, 5) {
        let ty = match rng.range(0, 3) {
            0 => format!("SharedKind{}", rng.range(0, SHARED_ENUMS as u64 - 1)),
            1 => "bool".into(),
            2 => "i64".into(),
            _ => "string".into(),
        };
        let _ = writeln!(out, "      param{p}: {{type: {ty}, in: query, description: {{en: Optional parameter {p}.}}}}");
    }
    let data = if verb == "get" {
        thing.clone()
    } else {
        format!("list<{thing}>")
    };
    let _ = write!(
        out,
        "    response:\n      name: {thing}RespDto\n      fields:\n        data: {{type: {data}, description: {{en: Response data.}}}}\n    examples:\n      - name: success\n        json: |\n          {{\"statusCode\": 200, \"message\": \"ok\", \"requestId\": \"r-{i}\"}}\n"
    );
    let _ = writeln!(
        out,
        "types:\n  {thing}:\n    description: {{en: Object {i}, zh: 对象 {i}}}\n    fields:"
    );
    let _ = writeln!(
        out,
        "      id: {{type: string, required: true, description: {{en: The ID.}}, example: id-{i}}}"
    );
    let status = rng.chance(50);
    for f in 0..rng.range(3, 10) {
        let ty = match rng.range(0, 9) {
            0 => "list<string>".to_owned(),
            1 => "map<string>".to_owned(),
            2 => "json".to_owned(),
            3 => format!("Shared{}", rng.range(0, SHARED_STRUCTS as u64 - 1)),
            4 => format!("list<Shared{}>", rng.range(0, SHARED_STRUCTS as u64 - 1)),
            _ => PRIMITIVES[rng.range(0, PRIMITIVES.len() as u64 - 1) as usize].to_owned(),
        };
        let _ = writeln!(
            out,
            "      field{f}: {{type: \"{ty}\", description: {{en: Field {f}.}}}}"
        );
    }
    let _ = writeln!(
        out,
        "      detail: {{type: {thing}Detail, description: {{en: Nested details.}}}}"
    );
    if status {
        let _ = writeln!(
            out,
            "      status: {{type: {thing}Status, description: {{en: The status.}}}}"
        );
    }
    let _ = writeln!(out, "  {thing}Detail:\n    fields:");
    for f in 0..rng.range(2, 6) {
        let ty = PRIMITIVES[rng.range(0, PRIMITIVES.len() as u64 - 1) as usize];
        let _ = writeln!(
            out,
            "      detail{f}: {{type: {ty}, description: {{en: Detail {f}.}}}}"
        );
    }
    if status {
        let _ = writeln!(out, "  {thing}Status:\n    enum:");
        for v in 0..rng.range(3, 8) {
            let _ = writeln!(out, "      state_{v}: {{en: State {v}}}");
        }
    }
    out
}

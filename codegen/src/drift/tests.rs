use super::*;
use crate::diff::Class;
use serde_json::{json, Value};

/// Two actions of one chapter: texts, an enum listed in a description,
/// examples, a default, a response with a list of objects.
fn base() -> Value {
    let status = "状态，取值可选范围：\n- active：正常。\n- locked：锁定。";
    json!({
        "directories": [{"title": "账户管理", "children": ["CreateUser", "ListUsers"]}],
        "apis": {
            "CreateUser": {
                "title": "创建账户",
                "summary": "创建一个账户。",
                "parameters": [
                    {"name": "InstanceId", "in": "query", "schema": {"description": "实例ID。", "type": "string", "required": true, "example": "idaas_x"}},
                    {"name": "Status", "in": "query", "schema": {"description": status, "type": "string", "example": "active"}},
                    {"name": "PageSize", "in": "query", "schema": {"description": "分页大小。", "type": "integer", "format": "int64", "example": "20", "default": "20"}}
                ],
                "responses": {"200": {"schema": {"type": "object", "properties": {
                    "RequestId": {"type": "string"},
                    "UserId": {"type": "string", "description": "账户ID。", "example": "user_1"}
                }}}},
                "responseDemo": "[{\"type\":\"json\",\"example\":\"{\\\"RequestId\\\": \\\"r\\\", \\\"UserId\\\": \\\"user_1\\\"}\"}]"
            },
            "ListUsers": {
                "title": "查询账户",
                "parameters": [
                    {"name": "InstanceId", "in": "query", "schema": {"description": "实例ID。", "type": "string", "required": true}}
                ],
                "responses": {"200": {"schema": {"type": "object", "properties": {
                    "RequestId": {"type": "string"},
                    "Users": {"type": "array", "items": {"type": "object", "properties": {
                        "UserId": {"type": "string", "description": "账户ID。"},
                        "Status": {"type": "string", "description": status}
                    }}}
                }}}}
            }
        }
    })
}

const PLAN: &str = "service: eiam\nareas: {账户管理: users}\n";

fn source(area: Option<&str>, stem: &str, text: String) -> Source {
    Source {
        display_path: format!("{}/{stem}.yaml", area.unwrap_or(".")),
        service_dir: "eiam".into(),
        area: area.map(str::to_owned),
        stem: stem.into(),
        bytes: text.into_bytes(),
    }
}

/// The committed tree: the EIAM service file and the drafts of `meta`.
fn committed(meta: &Value) -> Vec<Source> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/eiam/service.yaml");
    let text = std::fs::read_to_string(path).expect("spec/eiam/service.yaml");
    let service_file = source(None, "service", text);
    let service = only(crate::check(vec![service_file.clone()]), "service").expect("service");
    let meta = Metadata::read(&meta.to_string()).expect("metadata");
    let plan = Plan::from_yaml(PLAN).expect("plan");
    let corpus = meta::import_metadata(&[("snap.json", &meta)], None, &plan, &service);
    let mut out = vec![service_file];
    for (path, text) in corpus.files {
        let (area, file) = path.split_once('/').unwrap_or(("", &path));
        let area = (!area.is_empty()).then_some(area);
        out.push(source(area, file.trim_end_matches(".yaml"), text));
    }
    out
}

fn drift(committed: &[Source], snapshot: &Value) -> Drift {
    let meta = Metadata::read(&snapshot.to_string()).expect("metadata");
    let plan = Plan::from_yaml(PLAN).expect("plan");
    metadata(committed, "snap.json", &[("snap.json", &meta)], None, &plan)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn changes(d: &Drift) -> Vec<(Class, &str, &str)> {
    d.changes
        .iter()
        .map(|c| (c.class, c.path.as_str(), c.what.as_str()))
        .collect()
}

/// The schema of `action`'s parameter `name`.
fn param<'a>(meta: &'a mut Value, action: &str, name: &str) -> &'a mut Value {
    meta["apis"][action]["parameters"]
        .as_array_mut()
        .expect("parameters")
        .iter_mut()
        .find(|p| p["name"] == name)
        .map(|p| &mut p["schema"])
        .expect("parameter")
}

/// Edits one spec file of `tree` as spec values.
fn edit(tree: &mut [Source], stem: &str, change: impl FnOnce(&mut SpecFile)) {
    let file = tree.iter_mut().find(|s| s.stem == stem).expect(stem);
    let mut spec: SpecFile = serde_yaml::from_slice(&file.bytes).expect("spec");
    change(&mut spec);
    let doc = crate::yaml_out::Document {
        spec,
        ..Default::default()
    };
    file.bytes = doc.to_yaml().into_bytes();
}

#[test]
fn the_snapshot_the_spec_was_made_from_changes_nothing() {
    let tree = committed(&base());
    let d = drift(&tree, &base());
    assert_eq!(changes(&d), []);
    assert_eq!((d.compared, d.added, d.not_in_snapshot), (2, 0, 0));
    assert_eq!(d.holds, Holds::ALL);
    // The scratch tree: the service file and the two drafts.
    assert_eq!(d.tree.len(), 1 + tree.len() - 1);
}

#[test]
fn a_parameter_of_another_type_is_breaking() {
    let tree = committed(&base());
    let mut snapshot = base();
    *param(&mut snapshot, "CreateUser", "PageSize") =
        json!({"description": "分页大小。", "type": "string", "example": "20", "default": "20"});
    assert_eq!(
        changes(&drift(&tree, &snapshot)),
        [(
            Class::Breaking,
            "eiam.CreateUser.params.PageSize",
            "type `i64` -> `string`"
        )]
    );
}

#[test]
fn a_new_optional_parameter_and_action_are_compatible() {
    let tree = committed(&base());
    let mut snapshot = base();
    snapshot["apis"]["CreateUser"]["parameters"]
            .as_array_mut()
            .expect("parameters")
            .push(json!({"name": "Email", "in": "query", "schema": {"description": "邮箱。", "type": "string"}}));
    snapshot["apis"]["DeleteUser"] = json!({"title": "删除账户", "parameters": [
        {"name": "UserId", "in": "query", "schema": {"type": "string", "required": true}}
    ]});
    let d = drift(&tree, &snapshot);
    assert_eq!(
        changes(&d),
        [
            (
                Class::Compatible,
                "eiam.CreateUser.params.Email",
                "new optional parameter"
            ),
            (Class::Compatible, "eiam.DeleteUser", "new operation"),
        ]
    );
    assert_eq!((d.compared, d.added, d.not_in_snapshot), (2, 1, 0));
}

#[test]
fn a_changed_text_is_docs_only() {
    let tree = committed(&base());
    let mut snapshot = base();
    param(&mut snapshot, "CreateUser", "InstanceId")["description"] = json!("IDaaS 实例ID。");
    snapshot["apis"]["ListUsers"]["title"] = json!("列出账户");
    assert_eq!(
        changes(&drift(&tree, &snapshot)),
        [
            (
                Class::DocsOnly,
                "eiam.CreateUser.params.InstanceId",
                "description, example or note changed"
            ),
            (Class::DocsOnly, "eiam.ListUsers", "summary changed"),
        ]
    );
}

#[test]
fn hand_decisions_are_kept() {
    let mut tree = committed(&base());
    edit(&mut tree, "create_user", |spec| {
        let op = &mut spec.operations.0[0].1;
        op.note = Some("A decision on the operation.".into());
        op.idempotent = Some(true);
        let page_size = &mut op
            .params
            .0
            .iter_mut()
            .find(|(n, _)| n == "PageSize")
            .expect("PageSize")
            .1;
        page_size.note = Some("A decision on the parameter.".into());
        page_size.rust_name = Some("page_size_limit".into());
    });
    edit(&mut tree, "list_users", |spec| {
        let (_, t) = spec
            .types
            .0
            .iter_mut()
            .find(|(n, _)| n == "User")
            .expect("User");
        t.note = Some("A decision on the type.".into());
        let status = t
            .fields
            .as_mut()
            .expect("fields")
            .0
            .iter_mut()
            .find(|(n, _)| n == "UserId")
            .expect("UserId");
        status.1.note = Some("A decision on the field.".into());
    });
    // A type the importer names otherwise is the spec's under its name.
    for file in &mut tree {
        let text = String::from_utf8_lossy(&file.bytes).replace("UserStatus", "AccountStatus");
        file.bytes = text.into_bytes();
    }
    let committed_api = crate::check(tree.clone()).unwrap_or_else(|e| panic!("{e}"));
    let ops = &committed_api.services[0].modules;
    assert!(ops
        .iter()
        .flat_map(|m| &m.types)
        .any(|t| t.name == "AccountStatus"));
    let d = drift(&tree, &base());
    assert_eq!(changes(&d), []);
    // A change beside the decisions still shows.
    let mut snapshot = base();
    param(&mut snapshot, "CreateUser", "PageSize")["description"] = json!("每页数量。");
    param(&mut snapshot, "ListUsers", "InstanceId")["required"] = json!(false);
    assert_eq!(
        changes(&drift(&tree, &snapshot)),
        [
            (
                Class::Breaking,
                "eiam.ListUsers.params.InstanceId",
                "required -> optional (an argument of `new` goes away)"
            ),
            (
                Class::DocsOnly,
                "eiam.CreateUser.params.PageSize",
                "description, example or note changed"
            ),
        ]
    );
}

/// The request metadata's shape: parameters with types and required
/// flags, nothing else.
fn requests_only(meta: &Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for key in [
                    "title",
                    "summary",
                    "description",
                    "example",
                    "default",
                    "responses",
                    "responseDemo",
                    "directories",
                ] {
                    map.remove(key);
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut meta = meta.clone();
    strip(&mut meta);
    meta
}

#[test]
fn a_snapshot_without_texts_is_compared_on_what_it_holds() {
    let tree = committed(&base());
    let snapshot = requests_only(&base());
    let meta = Metadata::read(&snapshot.to_string()).expect("metadata");
    let holds = Holds::of_metadata(&meta);
    assert_eq!(
        holds.lacks(),
        ["texts", "examples", "defaults", "responses"]
    );
    // No texts, examples, defaults or responses removed, no enum lost
    // with the texts that listed its values.
    let d = drift(&tree, &snapshot);
    assert_eq!(changes(&d), []);
    assert!(d
        .render_text()
        .contains("the snapshot has no texts, examples, defaults, responses"));
    // What it holds is compared: a parameter's type, one it adds, an
    // action it adds; an action it lacks is not compared.
    let mut snapshot = requests_only(&base());
    snapshot["apis"]
        .as_object_mut()
        .expect("apis")
        .remove("ListUsers");
    *param(&mut snapshot, "CreateUser", "PageSize") = json!({"type": "integer", "format": "int32"});
    snapshot["apis"]["CreateUser"]["parameters"]
        .as_array_mut()
        .expect("parameters")
        .push(
            json!({"name": "Email", "in": "query", "schema": {"type": "string", "required": true}}),
        );
    snapshot["apis"]["DeleteUser"] = json!({"parameters": [{"name": "UserId", "in": "query", "schema": {"type": "string", "required": true}}]});
    let d = drift(&tree, &snapshot);
    assert_eq!(
        changes(&d),
        [
            (
                Class::Breaking,
                "eiam.CreateUser.params.Email",
                "new required parameter (a new argument of `new`)"
            ),
            (
                Class::Breaking,
                "eiam.CreateUser.params.PageSize",
                "type `i64` -> `i32`"
            ),
            (Class::Compatible, "eiam.DeleteUser", "new operation"),
        ]
    );
    assert_eq!((d.compared, d.added, d.not_in_snapshot), (1, 1, 1));
    // An enum the snapshot lists values of gains only what it adds.
    let mut snapshot = requests_only(&base());
    param(&mut snapshot, "CreateUser", "Status")["enum"] = json!(["active", "expired"]);
    assert_eq!(
        changes(&drift(&tree, &snapshot)),
        [(
            Class::Compatible,
            "eiam.UserStatus",
            "new enum value `expired`"
        )]
    );
}

#[test]
fn a_hand_normalized_file_is_compared_where_the_snapshot_has_its_action() {
    let mut tree = committed(&base());
    let hand = "operations:
  GetUser:
    source: seed.txt
    summary: {en: Gets a user.}
    note: Specified by hand from a seed page.
    action: GetUser
    params:
      UserId: {type: string, required: true, in: query, note: A hand decision.}
    response:
      fields:
        Name: {type: string}
";
    tree.push(source(None, "get_user", hand.into()));
    // Not in the snapshot: not compared.
    let d = drift(&tree, &requests_only(&base()));
    assert_eq!(changes(&d), []);
    assert_eq!(d.not_in_snapshot, 1);
    // In it, with a parameter more: that, and nothing of the notes.
    let mut snapshot = requests_only(&base());
    snapshot["apis"]["GetUser"] = json!({"parameters": [
        {"name": "UserId", "in": "query", "schema": {"type": "string", "required": true}},
        {"name": "InstanceId", "in": "query", "schema": {"type": "string", "required": true}}
    ]});
    let d = drift(&tree, &snapshot);
    assert_eq!(
        changes(&d),
        [(
            Class::Breaking,
            "eiam.GetUser.params.InstanceId",
            "new required parameter (a new argument of `new`)"
        )]
    );
    assert_eq!((d.compared, d.added, d.not_in_snapshot), (3, 0, 0));
    // The draft stands beside the kept file, which lost its operation.
    assert!(d
        .tree
        .iter()
        .any(|s| s.stem == "get_user" && s.display_path.starts_with("draft")));
    assert!(d.tree.iter().any(|s| s.stem == "get_user_kept"));
}

#[test]
fn a_base_snapshot_leaves_out_the_specs_own_edits() {
    let mut tree = committed(&base());
    // A person corrected a type.
    edit(&mut tree, "create_user", |spec| {
        let op = &mut spec.operations.0[0].1;
        let id = &mut op
            .params
            .0
            .iter_mut()
            .find(|(n, _)| n == "PageSize")
            .expect("PageSize")
            .1;
        id.ty = "i32".into();
    });
    let mut snapshot = base();
    param(&mut snapshot, "CreateUser", "InstanceId")["required"] = json!(false);
    let all = drift(&tree, &snapshot);
    assert_eq!(all.changes.len(), 2);
    let d = drift(&tree, &snapshot).beyond(&drift(&tree, &base()));
    assert_eq!(
        changes(&d),
        [(
            Class::Breaking,
            "eiam.CreateUser.params.InstanceId",
            "required -> optional (an argument of `new` goes away)"
        )]
    );
    assert!(d
        .render_markdown()
        .contains("1 differences the base snap.json shows as well"));
}

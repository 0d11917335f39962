//! `openai_organization_role` through Terraform.
//!
//! Out-of-band changes go through the fake's HTTP API, as another admin's
//! would: `FakeHandle` has no helpers to edit organization roles.

use serde_json::{Value, json};
use tfopenai::fake::FaultConfig;

use crate::support::{API_KEY, Workspace, strings};

const ADDRESS: &str = "openai_organization_role.auditor";

/// The role's HCL; JSON strings and arrays are valid HCL expressions.
fn role_hcl(name: &str, permissions: &[&str], description: Option<&str>) -> String {
    let description = description
        .map(|d| format!("  description = {}\n", json!(d)))
        .unwrap_or_default();
    format!(
        "resource \"openai_organization_role\" \"auditor\" {{\n  name        = {}\n  permissions = {}\n{description}}}\n",
        json!(name),
        json!(permissions)
    )
}

/// Output of a failed `terraform import` of the role, which must leave
/// nothing in state.
fn import_fails(ws: &Workspace, id: &str) -> String {
    let out = ws.fails(&["import", "-no-color", ADDRESS, id]);
    assert!(ws.state_list().is_empty(), "{out}");
    out
}

/// Asserts that `out` contains each of `parts`.
fn assert_mentions(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(out.contains(part), "{part:?} not in:\n{out}");
    }
}

/// Sends one request to the fake's Admin API (`path` under `/v1`), as an
/// admin outside Terraform would, and returns the JSON answer.
fn out_of_band(ws: &Workspace, method: &str, path: &str, body: Option<Value>) -> Value {
    let url = format!("{}{path}", ws.fake.base_url());
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("HTTP method");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (status, answer) = runtime.block_on(async {
        let mut request = reqwest::Client::new()
            .request(method.clone(), url)
            .bearer_auth(API_KEY);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request to the fake");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    });
    assert!(status.is_success(), "{method} {path}: {status} {answer}");
    answer
}

/// Creates an organization role out of band; returns its id.
fn insert_org_role(ws: &Workspace, name: &str, permissions: &[&str]) -> String {
    let role = out_of_band(
        ws,
        "POST",
        "/organization/roles",
        Some(json!({"role_name": name, "permissions": permissions})),
    );
    role["id"].as_str().expect("role id").to_owned()
}

/// A workspace in which the role `name` has been applied, and its id.
fn applied_role(name: &str, permissions: &[&str]) -> (Workspace, String) {
    let ws = Workspace::new();
    ws.write(&role_hcl(name, permissions, None));
    ws.apply();
    let id = state_id(&ws);
    (ws, id)
}

fn state_id(ws: &Workspace) -> String {
    ws.state_of(ADDRESS)["id"]
        .as_str()
        .expect("id in state")
        .to_owned()
}

#[test]
fn create_then_plan_is_empty_and_state_matches_api() {
    let ws = Workspace::new();
    ws.write(&role_hcl(
        "Auditor",
        // Unsorted with the API sorting them back: must not cause a diff.
        &["api.usage.read", "api.audit_logs.read"],
        Some("Reads usage and audit logs"),
    ));
    ws.apply();
    ws.assert_plan_empty();

    let roles = ws.handle().custom_org_roles();
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0].project_id, None);
    let state = ws.state_of(ADDRESS);
    assert_eq!(state["id"], roles[0].id.as_str());
    assert!(roles[0].id.starts_with("role_"));
    assert_eq!(state["name"], "Auditor");
    assert_eq!(state["description"], "Reads usage and audit logs");
    assert_eq!(state["resource_type"], "api.organization");
    assert_eq!(state["predefined_role"], false);
    assert!(state.get("project_id").is_none(), "{state}");
    assert_eq!(
        strings(&state["permissions"]),
        ["api.audit_logs.read", "api.usage.read"]
    );
    assert!(
        ws.handle().custom_project_roles("proj_alpha").is_empty(),
        "nothing created in a project"
    );
}

#[test]
fn name_permissions_and_description_update_in_place() {
    let (ws, id) = applied_role("Readers", &["api.usage.read"]);

    ws.write(&role_hcl(
        "Readers and auditors",
        &["api.usage.read", "api.audit_logs.read"],
        Some("Compliance team"),
    ));
    let plan = ws.plan_changes().expect("a change is planned");
    assert!(plan.contains("1 to change, 0 to destroy"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();

    assert_eq!(state_id(&ws), id, "the role keeps its id");
    let roles = ws.handle().custom_org_roles();
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0].name, "Readers and auditors");
    assert_eq!(roles[0].description.as_deref(), Some("Compliance team"));
    assert_eq!(
        roles[0].permissions,
        ["api.audit_logs.read", "api.usage.read"]
    );

    // Removing the description clears it in the API.
    ws.write(&role_hcl("Readers and auditors", &["api.usage.read"], None));
    ws.apply();
    ws.assert_plan_empty();
    let roles = ws.handle().custom_org_roles();
    assert_eq!(roles[0].description, None);
    assert_eq!(roles[0].permissions, ["api.usage.read"]);
}

#[test]
fn out_of_band_deletion_is_detected_and_recreated() {
    let (ws, id) = applied_role("Ephemeral", &["api.usage.read"]);
    out_of_band(&ws, "DELETE", &format!("/organization/roles/{id}"), None);
    assert!(ws.handle().custom_org_roles().is_empty());

    let plan = ws
        .plan_changes()
        .expect("the deleted role is planned again");
    assert_mentions(
        &plan,
        &[
            "1 to add",
            &format!("openai_organization_role {id} no longer exists"),
            "deleted outside Terraform",
        ],
    );
    ws.apply();
    ws.assert_plan_empty();
    let roles = ws.handle().custom_org_roles();
    assert_eq!(roles.len(), 1);
    assert_ne!(roles[0].id, id);
}

#[test]
fn out_of_band_permission_edit_is_detected_and_reverted() {
    let (ws, id) = applied_role("Drifty", &["api.usage.read"]);
    out_of_band(
        &ws,
        "POST",
        &format!("/organization/roles/{id}"),
        Some(json!({"permissions": ["api.audit_logs.read"]})),
    );

    let plan = ws.plan_changes().expect("drift is planned away");
    assert!(plan.contains("1 to change"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    let roles = ws.handle().custom_org_roles();
    assert_eq!(roles[0].id, id);
    assert_eq!(roles[0].permissions, ["api.usage.read"]);
}

#[test]
fn create_answered_with_an_error_after_it_happened_is_not_repeated() {
    let ws = Workspace::new();
    ws.write(&role_hcl("Recovered", &["api.usage.read"], None));
    // The role is created, but the answer is a 502.
    ws.handle().set_faults(FaultConfig {
        fail_next_after_apply: vec![502],
        ..FaultConfig::default()
    });
    ws.apply();
    assert_eq!(ws.handle().faults_injected(), 1, "the 502 was sent");
    ws.assert_plan_empty();
    let roles = ws.handle().custom_org_roles();
    assert_eq!(roles.len(), 1);
    assert_eq!(state_id(&ws), roles[0].id);
    assert_eq!(
        ws.handle().request_counts()["POST /organization/roles"],
        1,
        "found, not created again"
    );
}

#[test]
fn import_then_plan_is_empty() {
    let ws = Workspace::new();
    // With the predefined roles and fillers, the imported one sits beyond
    // the first pages.
    for i in 0..3 {
        insert_org_role(&ws, &format!("filler {i}"), &["api.usage.read"]);
    }
    let id = insert_org_role(&ws, "Imported", &["api.usage.read", "api.audit_logs.read"]);
    ws.write(&role_hcl(
        "Imported",
        &["api.audit_logs.read", "api.usage.read"],
        None,
    ));
    let out = ws.ok(&["import", "-no-color", ADDRESS, &id]);
    assert!(out.contains("Import successful"), "{out}");
    ws.assert_plan_empty();
    let state = ws.state_of(ADDRESS);
    assert_eq!(state["id"], id.as_str());
    assert_eq!(state["resource_type"], "api.organization");
}

#[test]
fn importing_a_predefined_role_is_refused() {
    let ws = Workspace::new();
    ws.write(&role_hcl("viewer", &["api.usage.read"], None));
    let out = import_fails(&ws, "role-api-organization-viewer");
    assert_mentions(
        &out,
        &[
            "Cannot import a predefined role",
            "openai_group_role_assignment.role_id",
        ],
    );
}

#[test]
fn malformed_and_unknown_import_ids_fail_readably() {
    let ws = Workspace::new();
    ws.write(&role_hcl("X", &["api.usage.read"], None));
    for malformed in ["proj_alpha/role_x", " role_x", "role_x/"] {
        let out = import_fails(&ws, malformed);
        assert_mentions(&out, &["Invalid import ID", "expected \"<role_id>\""]);
    }
    let out = import_fails(&ws, "role_missing");
    assert_mentions(
        &out,
        &[
            "Cannot import non-existent role",
            "The organization has no role with ID role_missing",
        ],
    );
}

#[test]
fn invalid_permissions_fail_at_plan_with_the_attribute() {
    let ws = Workspace::new();
    ws.write(&role_hcl("Bad", &["Usage.Read"], None));
    let out = ws.fails(&["plan", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "Invalid value for permissions",
            "\"Usage.Read\" is not a permission name",
        ],
    );
    assert_eq!(ws.handle().request_count(), 0, "nothing reached the API");
}

#[test]
fn duplicate_name_points_to_import() {
    let ws = Workspace::new();
    let existing = insert_org_role(&ws, "Taken", &["api.usage.read"]);
    ws.write(&role_hcl("Taken", &["api.usage.read"], None));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "Organization role already exists",
            "A role named \"Taken\" already exists in the organization",
            "terraform import <resource address> <role_id>",
        ],
    );
    let roles = ws.handle().custom_org_roles();
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0].id, existing);
    assert!(ws.state_list().is_empty());
}

#[test]
fn org_role_assigned_to_a_group_then_destroyed() {
    let ws = Workspace::new();
    ws.write(&format!(
        "{}{}",
        role_hcl("Auditor", &["api.audit_logs.read"], None),
        r#"
resource "openai_group_role_assignment" "finance_auditor" {
  group_id = "group_finance"
  role_id  = openai_organization_role.auditor.id
}
"#
    ));
    ws.apply();
    ws.assert_plan_empty();

    let id = state_id(&ws);
    let assignments = ws.handle().group_assignments();
    assert_eq!(assignments.len(), 1, "{assignments:?}");
    assert_eq!(assignments[0].project_id, None);
    assert_eq!(assignments[0].group_id, "group_finance");
    assert_eq!(assignments[0].role_id, id);

    let assignment = ws.state_of("openai_group_role_assignment.finance_auditor");
    assert_eq!(assignment["id"], format!("group_finance/{id}"));
    assert_eq!(assignment["role_name"], "Auditor");
    assert_eq!(assignment["resource_type"], "api.organization");
    assert_eq!(assignment["predefined_role"], false);
    assert_eq!(strings(&assignment["permissions"]), ["api.audit_logs.read"]);

    ws.destroy();
    assert!(ws.handle().group_assignments().is_empty());
    assert!(ws.handle().custom_org_roles().is_empty());
    assert!(ws.state_list().is_empty());
}

/// The official provider's `openai_role` configuration, under this type
/// name: `role_name` instead of `name`.
fn official_hcl(role_name: &str) -> String {
    format!(
        "resource \"openai_organization_role\" \"auditor\" {{\n  role_name   = {}\n  \
         permissions = [\"api.audit_logs.read\"]\n  description = \"Official spelling\"\n}}\n",
        json!(role_name)
    )
}

#[test]
fn the_official_role_name_creates_renames_in_place_and_drift_is_planned_away() {
    let ws = Workspace::new();
    ws.write(&official_hcl("Auditor"));
    ws.apply();
    ws.assert_plan_empty();
    let id = state_id(&ws);
    let roles = ws.handle().custom_org_roles();
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0].name, "Auditor");
    let state = ws.state_of(ADDRESS);
    assert_eq!(state["role_name"], "Auditor");
    assert_eq!(state["name"], "Auditor", "both spellings");
    assert_eq!(state["role_id"], id.as_str());

    // A rename under the official name is in place, under both names.
    ws.write(&official_hcl("Auditors"));
    let plan = ws.plan_changes().expect("a rename is planned");
    assert!(plan.contains("1 to change, 0 to destroy"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(state_id(&ws), id);
    assert_eq!(ws.handle().custom_org_roles()[0].name, "Auditors");
    assert_eq!(ws.state_of(ADDRESS)["name"], "Auditors");

    // Renamed outside Terraform: the next plan renames it back.
    out_of_band(
        &ws,
        "POST",
        &format!("/organization/roles/{id}"),
        Some(json!({"role_name": "Someone else's"})),
    );
    let plan = ws.plan_changes().expect("the drift is planned away");
    assert!(
        plan.contains("\"Someone else's\" -> \"Auditors\""),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(ws.handle().custom_org_roles()[0].name, "Auditors");

    // Our spelling of the same role plans no change.
    ws.write(&role_hcl(
        "Auditors",
        &["api.audit_logs.read"],
        Some("Official spelling"),
    ));
    ws.assert_plan_empty();

    // Imported, the state holds both names too.
    let ws = Workspace::new();
    ws.write(&official_hcl("Imported"));
    let imported = insert_org_role(&ws, "Imported", &["api.audit_logs.read"]);
    ws.ok(&["import", "-no-color", ADDRESS, &imported]);
    assert_eq!(ws.state_of(ADDRESS)["role_name"], "Imported");
}

#[test]
fn both_or_neither_name_spelling_is_a_plan_time_error() {
    let ws = Workspace::new();
    ws.write(
        r#"resource "openai_organization_role" "both" {
  name        = "a"
  role_name   = "a"
  permissions = []
}

resource "openai_organization_role" "neither" {
  permissions = []
}

resource "openai_organization_role" "blank" {
  role_name   = " "
  permissions = []
}
"#,
    );
    let out = ws.fails(&["plan", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "Error: Conflicting name and role_name",
            "role_name = \"a\"",
            "Error: Missing name",
            "Set name (or role_name",
            "Error: Invalid value for role_name",
            "must not be empty or only whitespace",
        ],
    );
    assert_eq!(ws.handle().request_count(), 0, "refused before any call");
}

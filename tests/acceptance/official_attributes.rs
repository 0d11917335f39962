//! The official provider's read-only attributes on the types both providers
//! have (`openai_group`, `openai_project`, `openai_project_group`,
//! `openai_project_user` and the group/project data sources): a
//! configuration written for the official provider refers to them in
//! outputs, each holds what the API (the fake) says, and states written
//! before they existed get them without a diff.

use serde_json::{Value as Json, json};

use crate::support::{Workspace, combined};

/// Official-provider style: every reference uses the official names.
const CONFIG: &str = r#"
resource "openai_group" "team" {
  name = "Attribute Team"
}

resource "openai_project" "app" {
  name = "Attribute Project"
}

resource "openai_project_group" "team_app" {
  project_id = openai_project.app.project_id
  group_id   = openai_group.team.group_id
  role       = "role-api-project-member"
}

resource "openai_project_user" "carol_app" {
  project_id = openai_project.app.project_id
  user_id    = "user_carol"
  role       = "member"
}

data "openai_group" "team" {
  group_id = openai_group.team.group_id
}

data "openai_project" "app" {
  project_id = openai_project.app.project_id
}

output "group_id" { value = openai_group.team.group_id }
output "group_type" { value = openai_group.team.group_type }
output "project_id" { value = openai_project.app.project_id }
output "archived_at" { value = openai_project.app.archived_at }
output "external_key_id" { value = openai_project.app.external_key_id }
output "project_group_type" { value = openai_project_group.team_app.group_type }
output "user_added_at" { value = openai_project_user.carol_app.added_at }
output "user_name" { value = openai_project_user.carol_app.name }
output "data_group_type" { value = data.openai_group.team.group_type }
output "data_external_key_id" { value = data.openai_project.app.external_key_id }
output "data_archived_at" { value = data.openai_project.app.archived_at }
"#;

/// A key the fake's project gets outside Terraform, so that
/// `external_key_id` has a value to compare.
const EXTERNAL_KEY: &str = "ekm_attribute_test";

/// The fake's answer to a GET of `path` (under `/v1`).
fn fake_get(ws: &Workspace, path: &str) -> Json {
    let (status, body) = ws.fake_request("GET", &format!("/v1{path}"), None);
    assert_eq!(status, 200, "GET {path}: {body}");
    body
}

/// The entry of `list` (a list answer) whose `field` is `value`.
fn listed(list: &Json, field: &str, value: &str) -> Json {
    list["data"]
        .as_array()
        .and_then(|items| items.iter().find(|item| item[field] == value))
        .cloned()
        .unwrap_or_else(|| panic!("no {field} {value} in {list}"))
}

fn outputs(ws: &Workspace) -> Json {
    let out = ws.run(&["output", "-json"]);
    assert!(out.status.success(), "{}", combined(&out));
    serde_json::from_slice(&out.stdout).expect("output JSON")
}

/// Applies [`CONFIG`], gives the project an external key outside
/// Terraform and refreshes, so every attribute has the fake's value.
fn applied() -> (Workspace, String) {
    let ws = Workspace::new();
    ws.write(CONFIG);
    ws.apply();
    let project_id = ws.state_of("openai_project.app")["id"]
        .as_str()
        .expect("project id")
        .to_owned();
    let (status, body) = ws.fake_request(
        "POST",
        &format!("/v1/organization/projects/{project_id}"),
        Some(json!({"external_key_id": EXTERNAL_KEY})),
    );
    assert_eq!(status, 200, "{body}");
    ws.ok(&["apply", "-refresh-only", "-auto-approve", "-no-color"]);
    (ws, project_id)
}

/// Every new attribute in `terraform show -json` and in the outputs, against
/// the fake's answers.
fn assert_attributes_match_the_fake(ws: &Workspace, project_id: &str) {
    let group = ws.state_of("openai_group.team");
    let group_id = group["id"].as_str().expect("group id");
    let fake_group = fake_get(ws, &format!("/organization/groups/{group_id}"));
    assert_eq!(group["group_id"], group_id);
    assert!(fake_group["group_type"].is_string(), "{fake_group}");
    assert_eq!(group["group_type"], fake_group["group_type"]);

    let project = ws.state_of("openai_project.app");
    let fake_project = fake_get(ws, &format!("/organization/projects/{project_id}"));
    assert_eq!(project["project_id"], project_id);
    assert_eq!(fake_project["external_key_id"], EXTERNAL_KEY);
    assert_eq!(project["external_key_id"], fake_project["external_key_id"]);
    assert!(fake_project["archived_at"].is_null(), "{fake_project}");
    assert!(project["archived_at"].is_null(), "{project}");

    let access = ws.state_of("openai_project_group.team_app");
    let fake_groups = fake_get(ws, &format!("/organization/projects/{project_id}/groups"));
    let fake_access = listed(&fake_groups, "group_id", group_id);
    assert!(fake_access["group_type"].is_string(), "{fake_access}");
    assert_eq!(access["group_type"], fake_access["group_type"]);

    let member = ws.state_of("openai_project_user.carol_app");
    let fake_member = fake_get(
        ws,
        &format!("/organization/projects/{project_id}/users/user_carol"),
    );
    assert!(fake_member["added_at"].is_i64(), "{fake_member}");
    assert_eq!(member["added_at"], fake_member["added_at"]);
    assert_eq!(fake_member["name"], "Carol");
    assert_eq!(member["name"], fake_member["name"]);

    let data_group = ws.state_of("data.openai_group.team");
    assert_eq!(data_group["group_type"], fake_group["group_type"]);
    let data_project = ws.state_of("data.openai_project.app");
    assert_eq!(data_project["external_key_id"], EXTERNAL_KEY);
    assert!(data_project["archived_at"].is_null());

    let out = outputs(ws);
    let value = |name: &str| out[name]["value"].clone();
    assert_eq!(value("group_id"), group_id);
    assert_eq!(value("group_type"), fake_group["group_type"]);
    assert_eq!(value("project_id"), project_id);
    assert_eq!(value("external_key_id"), EXTERNAL_KEY);
    assert_eq!(value("project_group_type"), fake_access["group_type"]);
    assert_eq!(value("user_added_at"), fake_member["added_at"]);
    assert_eq!(value("user_name"), "Carol");
    assert_eq!(value("data_group_type"), fake_group["group_type"]);
    assert_eq!(value("data_external_key_id"), EXTERNAL_KEY);
    // A null output is left out of `terraform output -json`.
    assert!(value("archived_at").is_null() && value("data_archived_at").is_null());
}

#[test]
fn official_read_only_attributes_hold_the_apis_values() {
    let (ws, project_id) = applied();
    assert_attributes_match_the_fake(&ws, &project_id);
    ws.assert_plan_empty();
}

/// The attributes added for the official provider, by resource type.
const ADDED: [(&str, &[&str]); 4] = [
    ("openai_group", &["group_id", "group_type"]),
    (
        "openai_project",
        &["project_id", "archived_at", "external_key_id"],
    ),
    ("openai_project_group", &["group_type"]),
    ("openai_project_user", &["name", "added_at"]),
];

#[test]
fn states_from_before_the_attributes_get_them_without_a_diff() {
    let (ws, project_id) = applied();
    // The state as this provider wrote it before: none of the attributes.
    let pulled = ws.run(&["state", "pull"]);
    assert!(pulled.status.success(), "{}", combined(&pulled));
    let mut state: Json = serde_json::from_slice(&pulled.stdout).expect("state JSON");
    state["serial"] = json!(state["serial"].as_u64().unwrap() + 1);
    let mut stripped = 0;
    for resource in state["resources"].as_array_mut().unwrap() {
        let Some((_, names)) = ADDED.iter().find(|(ty, _)| resource["type"] == *ty) else {
            continue;
        };
        if resource["mode"] != "managed" {
            continue;
        }
        let attributes = resource["instances"][0]["attributes"]
            .as_object_mut()
            .unwrap();
        for name in *names {
            assert!(
                attributes.remove(*name).is_some(),
                "{name} was in the state"
            );
            stripped += 1;
        }
    }
    assert_eq!(stripped, 8);
    std::fs::write(ws.path().join("older.tfstate"), state.to_string()).unwrap();
    ws.ok(&["state", "push", "older.tfstate"]);

    // Without a refresh, the upgrade alone changes no resource (the IDs
    // under their official names come from `id`, the rest stays null; only
    // the outputs that show the nulls differ).
    ws.ok(&["plan", "-refresh=false", "-out=older.plan", "-no-color"]);
    let shown = ws.run(&["show", "-json", "older.plan"]);
    assert!(shown.status.success(), "{}", combined(&shown));
    let plan: Json = serde_json::from_slice(&shown.stdout).expect("plan JSON");
    let managed: Vec<&Json> = plan["resource_changes"]
        .as_array()
        .expect("resource changes")
        .iter()
        .filter(|change| change["mode"] == "managed")
        .collect();
    assert_eq!(managed.len(), 4, "{plan}");
    for change in managed {
        assert_eq!(change["change"]["actions"], json!(["no-op"]), "{change}");
        let after = &change["change"]["after"];
        match change["type"].as_str() {
            Some("openai_group") => assert_eq!(after["group_id"], after["id"]),
            Some("openai_project") => assert_eq!(after["project_id"], after["id"]),
            _ => {}
        }
    }
    // A refresh fills in everything, as a plan shows no change either.
    ws.assert_plan_empty();
    ws.ok(&["apply", "-refresh-only", "-auto-approve", "-no-color"]);
    assert_attributes_match_the_fake(&ws, &project_id);
}

/// The role types: an organization role's ID under the official `role_id`,
/// and the project roles data source's `resource_type` of each role.
#[test]
fn roles_have_the_official_role_id_and_resource_type() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_organization_role" "auditor" {
  name        = "Attribute Auditor"
  permissions = ["api.usage.read"]
}

data "openai_project_roles" "alpha" {
  project_id = "proj_alpha"
}

output "role_id" { value = openai_organization_role.auditor.role_id }
"#,
    );
    ws.apply();
    let role = ws.state_of("openai_organization_role.auditor");
    assert!(role["id"].is_string(), "{role}");
    assert_eq!(role["role_id"], role["id"]);
    assert_eq!(outputs(&ws)["role_id"]["value"], role["id"]);

    // Every page of the fake's list (its pages are short on purpose).
    let mut fake_roles = json!({"data": []});
    let mut path = "/projects/proj_alpha/roles".to_owned();
    loop {
        let page = fake_get(&ws, &path);
        let items = page["data"].as_array().expect("a list").clone();
        fake_roles["data"].as_array_mut().unwrap().extend(items);
        match page["next"].as_str().filter(|_| page["has_more"] == true) {
            Some(next) => path = format!("/projects/proj_alpha/roles?after={next}"),
            None => break,
        }
    }
    let roles = ws.state_of("data.openai_project_roles.alpha")["roles"].clone();
    let roles = roles.as_array().expect("roles");
    assert!(!roles.is_empty());
    for role in roles {
        let id = role["id"].as_str().expect("role id");
        let fake = listed(&fake_roles, "id", id);
        assert!(fake["resource_type"].is_string(), "{fake}");
        assert_eq!(role["resource_type"], fake["resource_type"], "{id}");
    }
    ws.assert_plan_empty();
}

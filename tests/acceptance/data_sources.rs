//! Data sources through Terraform: lookups by name and ID, lists, and the
//! errors users see when a lookup is wrong.

use tfopenai::fake::{FakeAssignment, org_role_id, project_role_id};

use crate::support::{Workspace, strings};

#[test]
fn predefined_project_role_by_name_feeds_an_assignment() {
    let ws = Workspace::new();
    ws.write(
        r#"
data "openai_project_role" "member" {
  project_id = "proj_alpha"
  name       = "member"
}

resource "openai_group_role_assignment" "eng_member" {
  project_id = "proj_alpha"
  group_id   = "group_engineering"
  role_id    = data.openai_project_role.member.id
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();

    let member = project_role_id("member", "proj_alpha");
    assert_eq!(
        ws.handle().group_assignments(),
        vec![FakeAssignment {
            project_id: Some("proj_alpha".into()),
            group_id: "group_engineering".into(),
            role_id: member.clone(),
        }]
    );
    let data = ws.state_of("data.openai_project_role.member");
    assert_eq!(data["id"], member.as_str());
    assert_eq!(data["name"], "member");
    assert_eq!(data["predefined_role"], true);
    assert_eq!(data["resource_type"], "api.project");
    assert_eq!(data["description"], "Predefined member role");
    assert!(
        strings(&data["permissions"]).contains(&"api.files.read".to_owned()),
        "{data}"
    );
    let assignment = ws.state_of("openai_group_role_assignment.eng_member");
    assert_eq!(assignment["role_id"], member.as_str());
    assert_eq!(assignment["role_name"], "member");
}

#[test]
fn roles_by_id_alias_and_organization_roles() {
    let ws = Workspace::new();
    let custom = ws.handle().insert_project_role(
        "proj_beta",
        "Key Manager",
        &[
            "api.organization.projects.api_keys.write",
            "api.organization.projects.api_keys.read",
        ],
    );
    ws.write(&format!(
        r#"
data "openai_project_role" "custom" {{
  project_id = "proj_beta"
  id         = "{}"
}}

data "openai_project_role" "viewer_alias" {{
  project_id = "proj_beta"
  id         = "role-api-project-viewer"
}}

data "openai_organization_role" "owner" {{
  name = "owner"
}}

data "openai_organization_role" "viewer" {{
  id = "role-api-organization-viewer"
}}
"#,
        custom.id
    ));
    ws.apply();
    ws.assert_plan_empty();

    let data = ws.state_of("data.openai_project_role.custom");
    assert_eq!(data["id"], custom.id.as_str());
    assert_eq!(data["name"], "Key Manager");
    assert_eq!(data["predefined_role"], false);
    assert_eq!(data["description"], serde_json::Value::Null);
    assert_eq!(
        strings(&data["permissions"]),
        [
            "api.organization.projects.api_keys.read",
            "api.organization.projects.api_keys.write"
        ]
    );

    let alias = ws.state_of("data.openai_project_role.viewer_alias");
    assert_eq!(alias["id"], "role-api-project-viewer", "kept as written");
    assert_eq!(alias["name"], "viewer");

    let owner = ws.state_of("data.openai_organization_role.owner");
    assert_eq!(owner["id"], org_role_id("owner").as_str());
    assert_eq!(owner["resource_type"], "api.organization");
    assert!(strings(&owner["permissions"]).contains(&"api.audit_logs.read".to_owned()));
    let viewer = ws.state_of("data.openai_organization_role.viewer");
    assert_eq!(viewer["name"], "viewer");
}

#[test]
fn organization_role_by_name_feeds_an_org_assignment() {
    let ws = Workspace::new();
    ws.write(
        r#"
data "openai_organization_role" "viewer" {
  name = "viewer"
}

resource "openai_group_role_assignment" "finance_viewer" {
  group_id = "group_finance"
  role_id  = data.openai_organization_role.viewer.id
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        ws.handle().group_assignments(),
        vec![FakeAssignment {
            project_id: None,
            group_id: "group_finance".into(),
            role_id: org_role_id("viewer"),
        }]
    );
}

#[test]
fn lookups_that_find_nothing_explain_what_was_searched() {
    let ws = Workspace::new();
    let cases = [
        (
            r#"
data "openai_project_role" "x" {
  project_id = "proj_alpha"
  name       = "Member"
}
"#,
            vec![
                "Error: No project role named \"Member\"",
                "Searched the 3 project roles of project proj_alpha for the name \"Member\"",
                "Did you mean \"member\"?",
                "Available project roles: \"owner\", \"member\", \"viewer\".",
                "name = \"Member\"",
            ],
        ),
        (
            r#"
data "openai_project_role" "x" {
  project_id = "proj_beta"
  id         = "role_missing"
}
"#,
            vec![
                "Error: No project role with ID \"role_missing\"",
                "of project proj_beta",
                "\"member\" (role-api-project-member__api-project__proj_beta)",
            ],
        ),
        (
            r#"
data "openai_project_role" "x" {
  project_id = "proj_gamma"
  name       = "member"
}
"#,
            vec!["Error: Project not found", "no project \"proj_gamma\""],
        ),
        (
            r#"
data "openai_organization_role" "x" {
  name = "admin"
}
"#,
            vec![
                "Error: No organization role named \"admin\"",
                "Available organization roles: \"owner\", \"member\", \"viewer\".",
            ],
        ),
        (
            r#"
data "openai_group" "x" {
  name = "Marketing"
}
"#,
            vec![
                "Error: No group named \"Marketing\"",
                "Searched the 5 groups of the organization",
                "\"Engineering\", \"Support\", \"Finance\", \"Contractors\", \"Sales\"",
            ],
        ),
        (
            r#"
data "openai_group_role_assignments" "x" {
  group_id = "group_nobody"
}
"#,
            vec![
                "Error: Failed to list the organization roles of group group_nobody",
                "404",
            ],
        ),
    ];
    for (hcl, expected) in cases {
        ws.write(hcl);
        let out = ws.fails(&["plan", "-no-color"]);
        for text in expected {
            assert!(out.contains(text), "expected {text:?} in:\n{out}");
        }
    }
}

#[test]
fn name_and_id_must_be_set_exactly_once() {
    let ws = Workspace::new();
    ws.write(
        r#"
data "openai_project_role" "both" {
  project_id = "proj_alpha"
  name       = "member"
  id         = "role-api-project-member"
}
"#,
    );
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Error: Conflicting name and id"), "{out}");
    assert!(
        out.contains("id = \"role-api-project-member\""),
        "points at id: {out}"
    );

    ws.write(
        r#"
data "openai_group" "neither" {
}
"#,
    );
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Error: Missing name or id"), "{out}");
    assert!(
        out.contains("Set exactly one of name or id"),
        "names both attributes: {out}"
    );

    ws.write(
        r#"
data "openai_organization_role" "neither" {
}
"#,
    );
    let out = ws.fails(&["validate", "-no-color"]);
    assert!(out.contains("Error: Missing name or id"), "{out}");
    assert_eq!(
        ws.handle().request_count(),
        0,
        "rejected before any API call"
    );
}

#[test]
fn group_by_name_and_by_id() {
    let ws = Workspace::new();
    ws.write(
        r#"
data "openai_group" "support" {
  name = "Support"
}

data "openai_group" "finance" {
  id = "group_finance"
}

resource "openai_group_role_assignment" "support_viewer" {
  project_id = "proj_alpha"
  group_id   = data.openai_group.support.id
  role_id    = "role-api-project-viewer"
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();
    let support = ws.state_of("data.openai_group.support");
    assert_eq!(support["id"], "group_support");
    assert_eq!(support["name"], "Support");
    assert_eq!(support["scim_managed"], false);
    assert!(support["created_at"].as_f64().unwrap() > 0.0, "{support}");
    let finance = ws.state_of("data.openai_group.finance");
    assert_eq!(finance["name"], "Finance");
    assert_eq!(
        ws.state_of("openai_group_role_assignment.support_viewer")["group_id"],
        "group_support"
    );
}

#[test]
fn project_roles_lists_every_page_and_filters() {
    let ws = Workspace::new();
    let custom = ws
        .handle()
        .insert_project_role("proj_alpha", "Readers", &["api.files.read"]);
    ws.write(
        r#"
data "openai_project_roles" "all" {
  project_id = "proj_alpha"
}

data "openai_project_roles" "custom" {
  project_id = "proj_alpha"
  predefined = false
}

data "openai_project_roles" "predefined" {
  project_id = "proj_alpha"
  predefined = true
}

output "ids_by_name" {
  value = { for r in data.openai_project_roles.all.roles : r.name => r.id }
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();

    let names = |address: &str| -> Vec<String> {
        ws.state_of(address)["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_owned())
            .collect()
    };
    // Page size 2: four roles take two pages.
    assert_eq!(
        names("data.openai_project_roles.all"),
        ["owner", "member", "viewer", "Readers"]
    );
    assert_eq!(names("data.openai_project_roles.custom"), ["Readers"]);
    assert_eq!(
        names("data.openai_project_roles.predefined"),
        ["owner", "member", "viewer"]
    );
    let custom_state = &ws.state_of("data.openai_project_roles.custom")["roles"][0];
    assert_eq!(custom_state["id"], custom.id.as_str());
    assert_eq!(custom_state["predefined_role"], false);
    assert_eq!(strings(&custom_state["permissions"]), ["api.files.read"]);
    assert_eq!(custom_state["description"], serde_json::Value::Null);

    let out = ws.ok(&["output", "-json", "ids_by_name"]);
    assert!(out.contains(&custom.id), "{out}");
}

#[test]
fn group_role_assignments_in_both_scopes() {
    let ws = Workspace::new();
    let custom = ws.handle().insert_project_role(
        "proj_alpha",
        "Key Manager",
        &["api.organization.projects.api_keys.read"],
    );
    let h = ws.handle();
    assert!(h.insert_group_assignment(Some("proj_alpha"), "group_support", &custom.id));
    assert!(h.insert_group_assignment(
        Some("proj_alpha"),
        "group_support",
        "role-api-project-viewer"
    ));
    assert!(h.insert_group_assignment(None, "group_support", "role-api-organization-member"));
    ws.write(
        r#"
data "openai_group_role_assignments" "project" {
  project_id = "proj_alpha"
  group_id   = "group_support"
}

data "openai_group_role_assignments" "org" {
  group_id = "group_support"
}

data "openai_group_role_assignments" "none" {
  project_id = "proj_alpha"
  group_id   = "group_finance"
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();

    let project = ws.state_of("data.openai_group_role_assignments.project");
    let roles = project["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 2, "{project}");
    assert_eq!(roles[0]["id"], custom.id.as_str());
    assert_eq!(roles[0]["name"], "Key Manager");
    assert_eq!(roles[0]["predefined_role"], false);
    assert_eq!(roles[0]["resource_type"], "api.project");
    assert_eq!(
        strings(&roles[0]["permissions"]),
        ["api.organization.projects.api_keys.read"]
    );
    assert_eq!(
        roles[1]["id"],
        project_role_id("viewer", "proj_alpha").as_str()
    );
    assert_eq!(roles[1]["predefined_role"], true);

    let org = ws.state_of("data.openai_group_role_assignments.org");
    let roles = org["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 1, "{org}");
    assert_eq!(roles[0]["id"], org_role_id("member").as_str());
    assert_eq!(roles[0]["resource_type"], "api.organization");

    let none = ws.state_of("data.openai_group_role_assignments.none");
    assert_eq!(none["roles"], serde_json::json!([]));
}

/// A read Terraform defers to apply (here: `depends_on` a resource being
/// created) must leave `id` unknown in the plan, not null. That needs `name`
/// and `id` to be optional *and computed*, which `crate::schema` cannot
/// declare yet: today the plan carries `role_id = null` and apply fails with
/// "Provider produced inconsistent final plan".
#[test]
fn deferred_read_leaves_looked_up_id_unknown_in_the_plan() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_project_role" "keys" {
  project_id  = "proj_alpha"
  name        = "Key Manager"
  permissions = ["api.organization.projects.api_keys.read"]
}

data "openai_project_role" "keys" {
  project_id = "proj_alpha"
  name       = "Key Manager"
  depends_on = [openai_project_role.keys]
}

resource "openai_group_role_assignment" "a" {
  project_id = "proj_alpha"
  group_id   = "group_support"
  role_id    = data.openai_project_role.keys.id
}
"#,
    );
    ws.apply();
    let role = ws.handle().custom_project_roles("proj_alpha")[0].id.clone();
    assert_eq!(
        ws.state_of("openai_group_role_assignment.a")["role_id"],
        role.as_str()
    );
}

/// The official provider's attribute names on the role and list data
/// sources: an organization role looked up by `role_id` or `role_name`
/// (both names filled after the read), and the lists' `id`.
#[test]
fn role_and_list_data_sources_have_the_official_names() {
    let ws = Workspace::new();
    ws.write(
        r#"
data "openai_organization_role" "by_role_id" {
  role_id = "role-api-organization-viewer"
}

data "openai_organization_role" "by_role_name" {
  role_name = "owner"
}

data "openai_groups" "all" {}

data "openai_project_roles" "alpha" {
  project_id = "proj_alpha"
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();
    let viewer = ws.state_of("data.openai_organization_role.by_role_id");
    assert_eq!(viewer["id"], "role-api-organization-viewer");
    assert_eq!(viewer["role_name"], "viewer");
    assert_eq!(viewer["name"], "viewer");
    let owner = ws.state_of("data.openai_organization_role.by_role_name");
    assert_eq!(owner["role_id"], org_role_id("owner").as_str());
    assert_eq!(owner["id"], owner["role_id"]);
    assert_eq!(
        ws.state_of("data.openai_groups.all")["id"],
        "organization/groups"
    );
    assert_eq!(
        ws.state_of("data.openai_project_roles.alpha")["id"],
        "projects/proj_alpha/roles"
    );

    ws.write(
        r#"
data "openai_organization_role" "both" {
  name    = "owner"
  role_id = "role-api-organization-viewer"
}
"#,
    );
    let out = ws.fails(&["validate", "-no-color"]);
    assert!(out.contains("Error: Conflicting"), "{out}");
}

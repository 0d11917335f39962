//! `openai_project_group_roles` through Terraform: the authoritative set of
//! one group's roles in one project.

use tfopenai::fake::project_role_id;

use crate::support::{Workspace, strings};

const ADDRESS: &str = "openai_project_group_roles.support";

/// A custom role and the support group's roles in proj_alpha, listing
/// `roles` (HCL expressions).
fn config(roles: &[&str]) -> String {
    format!(
        r#"
resource "openai_project_role" "keys" {{
  project_id  = "proj_alpha"
  name        = "Key Manager"
  permissions = ["api.organization.projects.api_keys.read"]
}}

resource "openai_project_group_roles" "support" {{
  project_id = "proj_alpha"
  group_id   = "group_support"
  role_ids   = [{}]
}}
"#,
        roles.join(", ")
    )
}

const CUSTOM: &str = "openai_project_role.keys.id";
const MEMBER: &str = "\"role-api-project-member\"";
const VIEWER: &str = "\"role-api-project-viewer\"";

/// The support group's canonical role IDs in proj_alpha, sorted.
fn support_roles(ws: &Workspace) -> Vec<String> {
    let mut roles: Vec<String> = ws
        .handle()
        .group_assignments()
        .into_iter()
        .filter(|a| a.project_id.as_deref() == Some("proj_alpha") && a.group_id == "group_support")
        .map(|a| a.role_id)
        .collect();
    roles.sort();
    roles
}

fn sorted(items: &[&str]) -> Vec<String> {
    let mut items: Vec<String> = items.iter().map(|s| s.to_string()).collect();
    items.sort();
    items
}

fn custom_role_id(ws: &Workspace) -> String {
    ws.handle().custom_project_roles("proj_alpha")[0].id.clone()
}

fn member() -> String {
    project_role_id("member", "proj_alpha")
}

fn viewer() -> String {
    project_role_id("viewer", "proj_alpha")
}

#[test]
fn creates_custom_and_predefined_roles_then_plan_is_empty() {
    let ws = Workspace::new();
    ws.write(&config(&[CUSTOM, MEMBER]));
    ws.apply();
    ws.assert_plan_empty();
    let custom = custom_role_id(&ws);
    assert_eq!(support_roles(&ws), sorted(&[&custom, &member()]));
    let state = ws.state_of(ADDRESS);
    assert_eq!(state["id"], "proj_alpha/group_support");
    assert_eq!(state["group_name"], "Support");
    assert_eq!(
        strings(&state["role_ids"]),
        sorted(&[&custom, "role-api-project-member"])
    );
}

#[test]
fn role_added_outside_terraform_is_removed() {
    let ws = Workspace::new();
    ws.write(&config(&[CUSTOM, MEMBER]));
    ws.apply();
    assert!(
        ws.handle()
            .insert_group_assignment(Some("proj_alpha"), "group_support", &viewer())
    );
    let plan = ws.plan_changes().expect("the extra role is planned away");
    assert!(plan.contains("1 to change"), "{plan}");
    assert!(plan.contains("role-api-project-viewer"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        support_roles(&ws),
        sorted(&[&custom_role_id(&ws), &member()])
    );
}

#[test]
fn role_removed_outside_terraform_is_given_back() {
    let ws = Workspace::new();
    ws.write(&config(&[CUSTOM, MEMBER]));
    ws.apply();
    let custom = custom_role_id(&ws);
    assert!(ws.handle().remove_group_assignment(
        Some("proj_alpha"),
        "group_support",
        "role-api-project-member"
    ));
    let plan = ws.plan_changes().expect("the missing role is planned back");
    assert!(plan.contains("1 to change"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(support_roles(&ws), sorted(&[&custom, &member()]));
}

#[test]
fn changing_role_ids_updates_in_place_and_empty_removes_all() {
    let ws = Workspace::new();
    ws.write(&config(&[CUSTOM, MEMBER]));
    ws.apply();
    let custom = custom_role_id(&ws);

    ws.write(&config(&[CUSTOM, VIEWER]));
    let plan = ws.plan_changes().expect("a change is planned");
    assert!(plan.contains("1 to change"), "{plan}");
    assert!(!plan.contains("must be replaced"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(support_roles(&ws), sorted(&[&custom, &viewer()]));

    ws.write(&config(&[]));
    ws.apply();
    ws.assert_plan_empty();
    assert!(support_roles(&ws).is_empty());
    assert!(ws.state_list().contains(&ADDRESS.to_string()));
}

#[test]
fn create_removes_roles_the_group_already_had() {
    let ws = Workspace::new();
    assert!(
        ws.handle()
            .insert_group_assignment(Some("proj_alpha"), "group_support", &viewer())
    );
    ws.write(&config(&[MEMBER]));
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(support_roles(&ws), [member()]);
}

#[test]
fn import_then_plan_is_empty() {
    let ws = Workspace::new();
    let role = ws.handle().insert_project_role(
        "proj_alpha",
        "Key Manager",
        &["api.organization.projects.api_keys.read"],
    );
    let handle = ws.handle();
    assert!(handle.insert_group_assignment(Some("proj_alpha"), "group_support", &role.id));
    assert!(handle.insert_group_assignment(
        Some("proj_alpha"),
        "group_support",
        "role-api-project-member"
    ));
    ws.write(&format!(
        r#"
resource "openai_project_group_roles" "support" {{
  project_id = "proj_alpha"
  group_id   = "group_support"
  role_ids   = ["{}", "role-api-project-member"]
}}
"#,
        role.id
    ));
    for bad in ["proj_alpha", "proj_alpha/group_support/x", "proj_alpha/"] {
        let out = ws.fails(&["import", "-no-color", ADDRESS, bad]);
        assert!(out.contains("Invalid import ID"), "{out}");
        assert!(out.contains("\"<project_id>/<group_id>\""), "{out}");
    }
    let out = ws.fails(&["import", "-no-color", ADDRESS, "proj_gone/group_support"]);
    assert!(
        out.contains("Cannot import non-existent group roles"),
        "{out}"
    );
    assert!(ws.state_list().is_empty());

    ws.ok(&["import", "-no-color", ADDRESS, "proj_alpha/group_support"]);
    ws.assert_plan_empty();
    assert_eq!(ws.state_of(ADDRESS)["group_name"], "Support");
}

#[test]
fn destroy_removes_every_role() {
    let ws = Workspace::new();
    ws.write(&config(&[CUSTOM, MEMBER]));
    ws.apply();
    assert_eq!(support_roles(&ws).len(), 2);
    ws.destroy();
    assert!(support_roles(&ws).is_empty());
    assert!(ws.state_list().is_empty());
}

#[test]
fn group_outside_the_project_gets_a_helpful_error() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_project_group_roles" "contractors" {
  project_id = "proj_alpha"
  group_id   = "group_contractors"
  role_ids   = ["role-api-project-viewer"]
}
"#,
    );
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(
        out.contains("Group is not a member of the project"),
        "{out}"
    );
    assert!(
        out.contains("first with an openai_project_group resource"),
        "{out}"
    );
    assert!(ws.state_list().is_empty());
}

#[test]
fn a_group_that_left_the_project_is_gone_not_roleless() {
    let ws = Workspace::new();
    ws.write(&config(&[MEMBER]));
    ws.apply();
    // Leaving the project takes the group's roles along: the role list then
    // answers 200 with no roles, which must not read as "no roles".
    assert!(
        ws.handle()
            .remove_project_group("proj_alpha", "group_support")
    );
    let plan = ws.plan_changes().expect("the roles must be planned again");
    assert!(
        plan.contains(&format!("{ADDRESS} will be created")),
        "{plan}"
    );
}

#[test]
fn importing_a_group_outside_the_project_fails_and_says_what_to_do() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_project_group_roles" "contractors" {
  project_id = "proj_alpha"
  group_id   = "group_contractors"
  role_ids   = []
}
"#,
    );
    let out = ws.fails(&[
        "import",
        "-no-color",
        "openai_project_group_roles.contractors",
        "proj_alpha/group_contractors",
    ]);
    assert!(
        out.contains("Cannot import the roles of a group that is not in the project"),
        "{out}"
    );
    assert!(
        out.contains("Give it access first with an openai_project_group resource"),
        "{out}"
    );
    assert!(ws.state_list().is_empty());
}

//! `openai_project_group` through Terraform: a group's access to a project
//! and its join role (in place, drift, import without replacement), errors
//! that say what to fix, and how it works with `openai_group_role_assignment`
//! and `openai_project_group_roles`.

use tfopenai::fake::project_role_id;

use crate::support::Workspace;

const ADDRESS: &str = "openai_project_group.contractors";

/// The contractors group in `project`, joining with `role` (an HCL
/// expression).
fn access(project: &str, role: &str) -> String {
    format!(
        r#"
resource "openai_project_group" "contractors" {{
  project_id = "{project}"
  group_id   = "group_contractors"
  role       = {role}
}}
"#
    )
}

const KEYS_ROLE: &str = r#"
resource "openai_project_role" "keys" {
  project_id  = "proj_alpha"
  name        = "Key Manager"
  permissions = ["api.organization.projects.api_keys.read"]
}
"#;

const MEMBER: &str = "\"role-api-project-member\"";
const VIEWER: &str = "\"role-api-project-viewer\"";

/// The canonical IDs of the roles `group` has in `project`, sorted.
fn roles_of(ws: &Workspace, project: &str, group: &str) -> Vec<String> {
    let mut roles: Vec<String> = ws
        .handle()
        .group_assignments()
        .into_iter()
        .filter(|a| a.project_id.as_deref() == Some(project) && a.group_id == group)
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

fn has_access(ws: &Workspace, project: &str, group: &str) -> bool {
    ws.handle()
        .project_groups(project)
        .iter()
        .any(|g| g == group)
}

fn keys_role_id(ws: &Workspace) -> String {
    ws.handle().custom_project_roles("proj_alpha")[0].id.clone()
}

#[test]
fn project_group_joins_with_its_role_then_plan_is_empty() {
    let ws = Workspace::new();
    ws.write(&access("proj_alpha", MEMBER));
    ws.apply();
    ws.assert_plan_empty();
    assert!(has_access(&ws, "proj_alpha", "group_contractors"));
    assert_eq!(
        roles_of(&ws, "proj_alpha", "group_contractors"),
        [project_role_id("member", "proj_alpha")]
    );
    let state = ws.state_of(ADDRESS);
    assert_eq!(state["id"], "proj_alpha/group_contractors");
    assert_eq!(state["role"], "role-api-project-member");
    assert_eq!(state["group_name"], "Contractors");
    assert!(state["created_at"].as_f64().unwrap() > 0.0, "{state}");
}

#[test]
fn project_group_role_changes_in_place_keeping_access_and_other_roles() {
    let ws = Workspace::new();
    ws.write(&format!(
        "{KEYS_ROLE}{}",
        access("proj_alpha", "openai_project_role.keys.id")
    ));
    ws.apply();
    ws.assert_plan_empty();
    let keys = keys_role_id(&ws);
    assert_eq!(roles_of(&ws, "proj_alpha", "group_contractors"), [keys]);
    let created_at = ws.state_of(ADDRESS)["created_at"].clone();
    // A role given outside Terraform: not this resource's, so it stays.
    let owner = project_role_id("owner", "proj_alpha");
    assert!(
        ws.handle()
            .insert_group_assignment(Some("proj_alpha"), "group_contractors", &owner)
    );

    ws.write(&format!("{KEYS_ROLE}{}", access("proj_alpha", VIEWER)));
    let plan = ws.plan_changes().expect("a role change is planned");
    assert!(plan.contains("1 to change"), "{plan}");
    assert!(!plan.contains("must be replaced"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        roles_of(&ws, "proj_alpha", "group_contractors"),
        sorted(&[&owner, &project_role_id("viewer", "proj_alpha")]),
        "the old join role is gone, the other role kept"
    );
    assert_eq!(
        ws.state_of(ADDRESS)["created_at"],
        created_at,
        "the access was never re-created"
    );
}

#[test]
fn project_group_role_changed_to_an_invalid_role_points_at_role() {
    let ws = Workspace::new();
    ws.write(&access("proj_alpha", MEMBER));
    ws.apply();
    let before = ws.state_of(ADDRESS);

    for role in ["\"role_nope\"", "\"role-api-organization-viewer\""] {
        ws.write(&access("proj_alpha", role));
        let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
        assert!(out.contains("Error: Not a role of the project"), "{out}");
        assert!(
            out.contains(&format!("role = {role}")),
            "points at role: {out}"
        );
        assert_eq!(ws.state_of(ADDRESS), before, "the state is unchanged");
        assert_eq!(
            roles_of(&ws, "proj_alpha", "group_contractors"),
            [project_role_id("member", "proj_alpha")],
            "the join role is kept"
        );
    }
}

#[test]
fn project_group_changing_project_replaces_it() {
    let ws = Workspace::new();
    ws.write(&access("proj_alpha", MEMBER));
    ws.apply();
    ws.write(&access("proj_beta", MEMBER));
    let plan = ws.plan_changes().expect("a replacement is planned");
    assert!(plan.contains("must be replaced"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert!(!has_access(&ws, "proj_alpha", "group_contractors"));
    assert!(roles_of(&ws, "proj_alpha", "group_contractors").is_empty());
    assert!(has_access(&ws, "proj_beta", "group_contractors"));
    assert_eq!(
        roles_of(&ws, "proj_beta", "group_contractors"),
        [project_role_id("member", "proj_beta")]
    );
}

#[test]
fn project_group_join_role_removed_outside_terraform_is_given_back() {
    let ws = Workspace::new();
    ws.write(&access("proj_alpha", MEMBER));
    ws.apply();
    assert!(ws.handle().remove_group_assignment(
        Some("proj_alpha"),
        "group_contractors",
        "role-api-project-member"
    ));
    let plan = ws.plan_changes().expect("the join role is planned back");
    assert!(plan.contains("updated in-place"), "{plan}");
    assert!(plan.contains("+ role"), "{plan}");
    assert!(plan.contains("1 to change"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        roles_of(&ws, "proj_alpha", "group_contractors"),
        [project_role_id("member", "proj_alpha")]
    );
}

#[test]
fn project_group_access_removed_outside_terraform_is_created_again() {
    let ws = Workspace::new();
    ws.write(&access("proj_alpha", MEMBER));
    ws.apply();
    assert!(
        ws.handle()
            .remove_project_group("proj_alpha", "group_contractors")
    );
    let plan = ws.plan_changes().expect("the access is planned back");
    assert!(
        plan.contains("openai_project_group proj_alpha/group_contractors no longer exists"),
        "{plan}"
    );
    assert!(
        plan.contains("1 to add, 0 to change, 0 to destroy"),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    assert!(has_access(&ws, "proj_alpha", "group_contractors"));
}

#[test]
fn project_group_import_never_replaces() {
    let ws = Workspace::new();
    // Engineering has had access to proj_alpha since before join roles:
    // no role to read, so `role` is imported as null.
    ws.write(
        r#"
resource "openai_project_group" "engineering" {
  project_id = "proj_alpha"
  group_id   = "group_engineering"
  role       = "role-api-project-member"
}
"#,
    );
    let address = "openai_project_group.engineering";
    for bad in [
        "proj_alpha",
        "proj_alpha/group_engineering/role-api-project-member/x",
        "proj_alpha/",
    ] {
        let out = ws.fails(&["import", "-no-color", address, bad]);
        assert!(out.contains("Invalid import ID"), "{out}");
        assert!(
            out.contains("\"<project_id>/<group_id>\" or \"<project_id>/<group_id>/<role_id>\""),
            "{out}"
        );
    }
    let out = ws.fails(&[
        "import",
        "-no-color",
        address,
        "proj_alpha/group_contractors",
    ]);
    assert!(
        out.contains("Cannot import non-existent project group"),
        "{out}"
    );
    let out = ws.fails(&[
        "import",
        "-no-color",
        address,
        "proj_nope/group_engineering",
    ]);
    assert!(
        out.contains("Cannot import non-existent project group"),
        "{out}"
    );
    assert!(ws.state_list().is_empty());

    ws.ok(&[
        "import",
        "-no-color",
        address,
        "proj_alpha/group_engineering",
    ]);
    let state = ws.state_of(address);
    assert_eq!(state["role"], serde_json::Value::Null);
    assert_eq!(state["group_name"], "Engineering");
    let created_at = state["created_at"].clone();
    let plan = ws.plan_changes().expect("the role is planned in place");
    assert!(plan.contains("updated in-place"), "{plan}");
    assert!(
        plan.contains("0 to add, 1 to change, 0 to destroy"),
        "{plan}"
    );
    assert!(!plan.contains("must be replaced"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        roles_of(&ws, "proj_alpha", "group_engineering"),
        [project_role_id("member", "proj_alpha")]
    );
    assert_eq!(ws.state_of(address)["created_at"], created_at);
}

#[test]
fn project_group_import_does_not_take_a_custom_role_for_the_join_role() {
    // The group's only role in the project is a custom one, held through
    // an openai_group_role_assignment: not the join role.
    let ws = Workspace::new();
    let handle = ws.handle();
    assert!(handle.add_project_group("proj_alpha", "group_contractors", None));
    let keys = handle.insert_project_role(
        "proj_alpha",
        "Key Manager",
        &["api.organization.projects.api_keys.read"],
    );
    assert!(handle.insert_group_assignment(Some("proj_alpha"), "group_contractors", &keys.id));
    ws.write(&format!(
        "{}\nresource \"openai_group_role_assignment\" \"contractors_keys\" {{\n  \
         project_id = \"proj_alpha\"\n  group_id   = \"group_contractors\"\n  \
         role_id    = \"{}\"\n}}\n",
        access("proj_alpha", MEMBER),
        keys.id
    ));
    ws.ok(&[
        "import",
        "-no-color",
        ADDRESS,
        "proj_alpha/group_contractors",
    ]);
    ws.ok(&[
        "import",
        "-no-color",
        "openai_group_role_assignment.contractors_keys",
        &format!("proj_alpha/group_contractors/{}", keys.id),
    ]);
    assert_eq!(ws.state_of(ADDRESS)["role"], serde_json::Value::Null);
    let plan = ws.plan_changes().expect("the role is planned in place");
    assert!(
        plan.contains("0 to add, 1 to change, 0 to destroy"),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        roles_of(&ws, "proj_alpha", "group_contractors"),
        sorted(&[&keys.id, &project_role_id("member", "proj_alpha")]),
        "the custom role was kept"
    );
}

#[test]
fn project_group_import_block_reads_the_only_role() {
    let ws = Workspace::new();
    assert!(ws.handle().add_project_group(
        "proj_alpha",
        "group_contractors",
        Some("role-api-project-viewer")
    ));
    ws.write(&format!(
        "import {{\n  to = {ADDRESS}\n  id = \"proj_alpha/group_contractors\"\n}}\n{}",
        access("proj_alpha", VIEWER)
    ));
    let plan = ws.plan_changes().expect("an import is planned");
    assert!(
        plan.contains("1 to import, 0 to add, 0 to change, 0 to destroy"),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(ws.state_of(ADDRESS)["role"], "role-api-project-viewer");
}

#[test]
fn project_group_import_naming_a_custom_join_role_plans_no_change() {
    // The group holds a custom role and a predefined one: the import ID
    // says which is the join role, so the plan is the import alone.
    let ws = Workspace::new();
    let handle = ws.handle();
    let keys = handle.insert_project_role(
        "proj_alpha",
        "Key Manager",
        &["api.organization.projects.api_keys.read"],
    );
    assert!(handle.add_project_group("proj_alpha", "group_contractors", Some(&keys.id)));
    assert!(handle.insert_group_assignment(
        Some("proj_alpha"),
        "group_contractors",
        "role-api-project-viewer"
    ));
    let viewer_assignment = "\nresource \"openai_group_role_assignment\" \"viewer\" {\n  \
         project_id = openai_project_group.contractors.project_id\n  \
         group_id   = openai_project_group.contractors.group_id\n  \
         role_id    = \"role-api-project-viewer\"\n}\n";
    ws.write(&format!(
        "import {{\n  to = {ADDRESS}\n  id = \"proj_alpha/group_contractors/{id}\"\n}}\n\
         import {{\n  to = openai_group_role_assignment.viewer\n  \
         id = \"proj_alpha/group_contractors/role-api-project-viewer\"\n}}\n{}{viewer_assignment}",
        access("proj_alpha", &format!("\"{}\"", keys.id)),
        id = keys.id,
    ));
    let plan = ws.plan_changes().expect("the imports are planned");
    assert!(
        plan.contains("2 to import, 0 to add, 0 to change, 0 to destroy"),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(ws.state_of(ADDRESS)["role"], keys.id.as_str());

    // A role the group does not hold cannot be named as its join role.
    let other = Workspace::new();
    assert!(other.handle().add_project_group(
        "proj_alpha",
        "group_contractors",
        Some("role-api-project-viewer")
    ));
    other.write(&access("proj_alpha", MEMBER));
    let out = other.fails(&[
        "import",
        "-no-color",
        ADDRESS,
        "proj_alpha/group_contractors/role-api-project-member",
    ]);
    assert!(out.contains("Join role not held"), "{out}");
    assert!(out.contains("it holds role-api-project-viewer"), "{out}");
    assert!(other.state_list().is_empty());
}

#[test]
fn project_group_errors_say_what_to_fix() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_project_group" "engineering" {
  project_id = "proj_alpha"
  group_id   = "group_engineering"
  role       = "role-api-project-member"
}
"#,
    );
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(
        out.contains("Error: Group already has access to the project"),
        "{out}"
    );
    assert!(
        out.contains("terraform import <resource address> proj_alpha/group_engineering"),
        "{out}"
    );

    for role in ["\"role_nope\"", "\"role-api-organization-viewer\""] {
        ws.write(&access("proj_alpha", role));
        let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
        assert!(out.contains("Error: Not a role of the project"), "{out}");
        assert!(
            out.contains(&format!("role = {role}")),
            "points at role: {out}"
        );
    }

    ws.write(
        r#"
resource "openai_project_group" "nobody" {
  project_id = "proj_alpha"
  group_id   = "group_nope"
  role       = "role-api-project-member"
}
"#,
    );
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(out.contains("Error: Group not found"), "{out}");
    assert!(ws.state_list().is_empty());
    assert!(!has_access(&ws, "proj_alpha", "group_contractors"));
}

#[test]
fn project_group_attributes_are_validated_at_plan_time() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_project_group" "bad" {
  project_id = "alpha"
  group_id   = "group contractors"
  role       = "member role"
}
"#,
    );
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Error: Invalid value for project_id"), "{out}");
    assert!(out.contains("Error: Invalid value for group_id"), "{out}");
    assert!(out.contains("Error: Invalid value for role"), "{out}");
    assert_eq!(ws.handle().request_count(), 0, "nothing was sent");
}

#[test]
fn project_group_join_role_cannot_also_be_an_assignment() {
    let ws = Workspace::new();
    ws.write(&format!(
        "{}{}",
        access("proj_alpha", MEMBER),
        r#"
resource "openai_group_role_assignment" "contractors_member" {
  project_id = openai_project_group.contractors.project_id
  group_id   = openai_project_group.contractors.group_id
  role_id    = "role-api-project-member"
}
"#
    ));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(out.contains("Error: Role already assigned"), "{out}");
    assert!(
        out.contains(
            "terraform import <resource address> \
             proj_alpha/group_contractors/role-api-project-member"
        ),
        "{out}"
    );
    assert_eq!(ws.state_list(), [ADDRESS]);
}

#[test]
fn project_group_with_further_role_assignments() {
    let ws = Workspace::new();
    let config = format!(
        "{KEYS_ROLE}{}{}",
        access("proj_alpha", MEMBER),
        r#"
resource "openai_group_role_assignment" "contractors_keys" {
  project_id = openai_project_group.contractors.project_id
  group_id   = openai_project_group.contractors.group_id
  role_id    = openai_project_role.keys.id
}
"#
    );
    ws.write(&config);
    ws.apply();
    ws.assert_plan_empty();
    let keys = keys_role_id(&ws);
    let member = project_role_id("member", "proj_alpha");
    assert_eq!(
        roles_of(&ws, "proj_alpha", "group_contractors"),
        sorted(&[&keys, &member])
    );

    // The group leaves the project outside Terraform: its roles there go
    // with it, and the refresh reports both resources gone.
    assert!(
        ws.handle()
            .remove_project_group("proj_alpha", "group_contractors")
    );
    assert!(roles_of(&ws, "proj_alpha", "group_contractors").is_empty());
    let plan = ws.plan_changes().expect("both are planned back");
    assert!(
        plan.contains("2 to add, 0 to change, 0 to destroy"),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        roles_of(&ws, "proj_alpha", "group_contractors"),
        sorted(&[&keys, &member])
    );

    ws.destroy();
    assert!(!has_access(&ws, "proj_alpha", "group_contractors"));
    assert!(ws.handle().group_assignments().is_empty());
}

/// The contractors group in proj_alpha with its roles also managed
/// authoritatively, `role_ids` being `roles` (HCL expressions).
fn with_group_roles(roles: &[&str]) -> String {
    format!(
        "{KEYS_ROLE}{}\nresource \"openai_project_group_roles\" \"contractors\" {{\n  \
         project_id = openai_project_group.contractors.project_id\n  \
         group_id   = openai_project_group.contractors.group_id\n  \
         role_ids   = [{}]\n}}\n",
        access("proj_alpha", MEMBER),
        roles.join(", ")
    )
}

#[test]
fn project_group_with_authoritative_roles_listing_the_join_role() {
    let ws = Workspace::new();
    ws.write(&with_group_roles(&[
        "openai_project_group.contractors.role",
        "openai_project_role.keys.id",
    ]));
    ws.apply();
    ws.assert_plan_empty();
    let keys = keys_role_id(&ws);
    assert_eq!(
        roles_of(&ws, "proj_alpha", "group_contractors"),
        sorted(&[&keys, &project_role_id("member", "proj_alpha")])
    );

    ws.destroy();
    assert!(!has_access(&ws, "proj_alpha", "group_contractors"));
    assert!(ws.handle().group_assignments().is_empty());
}

#[test]
fn project_group_with_authoritative_roles_omitting_the_join_role_drifts() {
    // The documented pitfall: the authoritative resource removes the join
    // role, and openai_project_group reports it missing.
    let ws = Workspace::new();
    ws.write(&with_group_roles(&["openai_project_role.keys.id"]));
    ws.apply();
    assert_eq!(
        roles_of(&ws, "proj_alpha", "group_contractors"),
        [keys_role_id(&ws)]
    );
    let plan = ws.plan_changes().expect("the join role is missing");
    assert!(
        plan.contains("openai_project_group.contractors will be updated in-place"),
        "{plan}"
    );
    assert!(plan.contains("+ role"), "{plan}");
}

#[test]
fn project_group_and_user_in_a_new_project_leave_only_the_archived_project() {
    let ws = Workspace::new();
    let assignments = ws.handle().group_assignments();
    ws.write(
        r#"
resource "openai_project" "gamma" {
  name = "Gamma"
}

resource "openai_project_group" "support" {
  project_id = openai_project.gamma.id
  group_id   = "group_support"
  role       = "role-api-project-member"
}

resource "openai_project_user" "dee" {
  project_id = openai_project.gamma.id
  user_id    = "user_dee"
  role       = "owner"
}

resource "openai_group_role_assignment" "support_viewer" {
  project_id = openai_project_group.support.project_id
  group_id   = openai_project_group.support.group_id
  role_id    = "role-api-project-viewer"
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();
    let project = ws.state_of("openai_project.gamma")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(ws.handle().project_groups(&project), ["group_support"]);
    assert_eq!(ws.handle().project_users(&project).len(), 1);
    assert_eq!(roles_of(&ws, &project, "group_support").len(), 2);

    ws.destroy();
    assert!(ws.state_list().is_empty());
    let archived = ws.handle().projects().into_iter().find(|p| p.id == project);
    assert_eq!(archived.map(|p| p.status).as_deref(), Some("archived"));
    assert!(ws.handle().project_groups(&project).is_empty());
    assert!(ws.handle().project_users(&project).is_empty());
    assert_eq!(ws.handle().group_assignments(), assignments);
}

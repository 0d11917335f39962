//! `openai_user_role_assignment` through Terraform, both scopes.

use tfopenai::fake::{FakeUserAssignment, project_role_id};

use crate::support::{Workspace, combined, strings};

const ORG_VIEWER: &str = "role-api-organization-viewer";

/// A custom role in proj_alpha, given to alice there.
const ROLE_AND_PROJECT_ASSIGNMENT: &str = r#"
resource "openai_project_role" "keys" {
  project_id  = "proj_alpha"
  name        = "Key Manager"
  permissions = ["api.organization.projects.api_keys.read"]
}

resource "openai_user_role_assignment" "alice_keys" {
  project_id = "proj_alpha"
  user_id    = "user_alice"
  role_id    = openai_project_role.keys.id
}
"#;

/// An `openai_user_role_assignment` block with literal values.
fn resource(name: &str, project: Option<&str>, user: &str, role: &str) -> String {
    let project = project.map_or(String::new(), |p| format!("  project_id = \"{p}\"\n"));
    format!(
        "resource \"openai_user_role_assignment\" \"{name}\" {{\n{project}  user_id = \"{user}\"\n  role_id = \"{role}\"\n}}\n"
    )
}

/// Carol's organization viewer role.
fn org_assignment() -> String {
    resource("carol_viewer", None, "user_carol", ORG_VIEWER)
}

/// Both scopes: alice's custom role in proj_alpha and carol's org role.
fn both_scopes() -> String {
    format!("{ROLE_AND_PROJECT_ASSIGNMENT}{}", org_assignment())
}

fn assignment(project: Option<&str>, user: &str, role: &str) -> FakeUserAssignment {
    FakeUserAssignment {
        project_id: project.map(str::to_owned),
        user_id: user.into(),
        role_id: role.into(),
    }
}

fn sorted(mut items: Vec<FakeUserAssignment>) -> Vec<FakeUserAssignment> {
    items.sort();
    items
}

/// `terraform import openai_user_role_assignment.<name> <id>`: whether it
/// succeeded, and its output.
fn import(ws: &Workspace, name: &str, id: &str) -> (bool, String) {
    let address = format!("openai_user_role_assignment.{name}");
    let out = ws.run(&["import", "-no-color", &address, id]);
    (out.status.success(), combined(&out))
}

fn state(ws: &Workspace, name: &str) -> serde_json::Value {
    ws.state_of(&format!("openai_user_role_assignment.{name}"))
}

#[test]
fn project_and_org_user_assignments_are_created_and_stable() {
    let ws = Workspace::new();
    ws.write(&both_scopes());
    ws.apply();
    ws.assert_plan_empty();

    let role_id = ws.handle().custom_project_roles("proj_alpha")[0].id.clone();
    assert_eq!(
        sorted(ws.handle().user_assignments()),
        sorted(vec![
            assignment(Some("proj_alpha"), "user_alice", &role_id),
            assignment(None, "user_carol", ORG_VIEWER),
        ])
    );
    assert!(ws.handle().group_assignments().is_empty());

    let project = state(&ws, "alice_keys");
    assert_eq!(project["id"], format!("proj_alpha/user_alice/{role_id}"));
    assert_eq!(project["user_email"], "alice@example.com");
    assert_eq!(project["role_name"], "Key Manager");
    assert_eq!(project["resource_type"], "api.project");
    assert_eq!(project["predefined_role"], false);
    assert_eq!(
        strings(&project["permissions"]),
        ["api.organization.projects.api_keys.read"]
    );

    let org = state(&ws, "carol_viewer");
    assert_eq!(org["id"], format!("user_carol/{ORG_VIEWER}"));
    assert_eq!(org["project_id"], serde_json::Value::Null);
    assert_eq!(org["user_email"], "carol@example.com");
    assert_eq!(org["resource_type"], "api.organization");
    assert_eq!(org["predefined_role"], true);
}

#[test]
fn predefined_role_alias_keeps_configured_id() {
    let ws = Workspace::new();
    let alias = "role-api-project-member";
    ws.write(&resource(
        "bob_member",
        Some("proj_beta"),
        "user_bob",
        alias,
    ));
    ws.apply();
    ws.assert_plan_empty();
    let bob = state(&ws, "bob_member");
    assert_eq!(bob["role_id"], alias);
    assert_eq!(bob["id"], format!("proj_beta/user_bob/{alias}"));
    assert_eq!(bob["role_name"], "member");
    // The API holds the project-scoped id it echoes.
    let scoped = project_role_id("member", "proj_beta");
    assert_eq!(
        ws.handle().user_assignments(),
        vec![assignment(Some("proj_beta"), "user_bob", &scoped)]
    );
}

#[test]
fn changing_user_or_project_replaces_the_assignment() {
    let ws = Workspace::new();
    let viewer = "role-api-project-viewer";
    ws.write(&resource("a", Some("proj_alpha"), "user_alice", viewer));
    ws.apply();
    ws.write(&resource("a", Some("proj_beta"), "user_bob", viewer));
    let plan = ws.plan_changes().expect("a replacement is planned");
    assert!(plan.contains("must be replaced"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    let scoped = project_role_id("viewer", "proj_beta");
    assert_eq!(
        ws.handle().user_assignments(),
        vec![assignment(Some("proj_beta"), "user_bob", &scoped)]
    );
}

#[test]
fn import_both_scopes_then_plan_is_empty() {
    let ws = Workspace::new();
    let h = ws.handle();
    let role = h.insert_project_role(
        "proj_alpha",
        "Key Manager",
        &["api.organization.projects.api_keys.read"],
    );
    assert!(h.insert_user_assignment(Some("proj_alpha"), "user_alice", &role.id));
    assert!(h.insert_user_assignment(None, "user_carol", ORG_VIEWER));
    ws.write(&format!(
        "{}{}",
        resource("alice_keys", Some("proj_alpha"), "user_alice", &role.id),
        org_assignment()
    ));
    for (name, id) in [
        ("alice_keys", format!("proj_alpha/user_alice/{}", role.id)),
        ("carol_viewer", format!("user_carol/{ORG_VIEWER}")),
    ] {
        let (ok, out) = import(&ws, name, &id);
        assert!(ok, "import {id}: {out}");
    }
    ws.assert_plan_empty();
    assert_eq!(state(&ws, "alice_keys")["user_email"], "alice@example.com");
    assert_eq!(state(&ws, "alice_keys")["role_name"], "Key Manager");
    assert_eq!(
        state(&ws, "carol_viewer")["user_email"],
        "carol@example.com"
    );
    assert_eq!(h.user_assignments().len(), 2);
}

#[test]
fn bad_import_ids_show_the_expected_format() {
    let ws = Workspace::new();
    ws.write(&org_assignment());
    for bad in ["user_carol", "a/b/c/d", "user_carol/", "/user_carol/r"] {
        let (ok, out) = import(&ws, "carol_viewer", bad);
        assert!(!ok && out.contains("Invalid import ID"), "{bad}: {out}");
        assert!(
            out.contains("\"<project_id>/<user_id>/<role_id>\" or \"<user_id>/<role_id>\""),
            "{out}"
        );
    }
    // Well formed, but nothing to import: a missing assignment, a user
    // outside the project, an unknown user.
    for missing in [
        "user_carol/role-api-organization-owner",
        "proj_alpha/user_carol/role-api-project-member",
        "user_nobody/role-api-organization-viewer",
    ] {
        let (ok, out) = import(&ws, "carol_viewer", missing);
        assert!(!ok && out.contains("does not exist"), "{missing}: {out}");
    }
    assert!(ws.state_list().is_empty());
}

#[test]
fn out_of_band_removal_is_detected_and_recreated() {
    let ws = Workspace::new();
    ws.write(&both_scopes());
    ws.apply();
    let h = ws.handle();
    let role_id = h.custom_project_roles("proj_alpha")[0].id.clone();
    assert!(h.remove_user_assignment(Some("proj_alpha"), "user_alice", &role_id));
    assert!(h.remove_user_assignment(None, "user_carol", ORG_VIEWER));

    let plan = ws
        .plan_changes()
        .expect("removed assignments are planned again");
    assert!(plan.contains("2 to add"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(h.user_assignments().len(), 2);
}

#[test]
fn destroy_removes_everything_from_the_api() {
    let ws = Workspace::new();
    ws.write(&both_scopes());
    ws.apply();
    assert_eq!(ws.handle().user_assignments().len(), 2);
    ws.destroy();
    assert!(ws.handle().user_assignments().is_empty());
    assert!(ws.handle().custom_project_roles("proj_alpha").is_empty());
    assert!(ws.state_list().is_empty());
}

#[test]
fn user_outside_the_project_gets_a_helpful_error() {
    let ws = Workspace::new();
    ws.write(&resource(
        "carol",
        Some("proj_alpha"),
        "user_carol",
        "role-api-project-viewer",
    ));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(out.contains("User is not a member of the project"), "{out}");
    assert!(
        out.contains(
            "Give user user_carol access to project proj_alpha first with an \
             openai_project_user resource"
        ),
        "{out}"
    );
    assert!(ws.state_list().is_empty());
    assert!(ws.handle().user_assignments().is_empty());
}

#[test]
fn existing_assignment_is_not_adopted() {
    let ws = Workspace::new();
    assert!(
        ws.handle()
            .insert_user_assignment(None, "user_carol", ORG_VIEWER)
    );
    ws.write(&org_assignment());
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(out.contains("Role already assigned"), "{out}");
    assert!(
        out.contains(&format!(
            "terraform import <resource address> user_carol/{ORG_VIEWER}"
        )),
        "{out}"
    );
    assert!(ws.state_list().is_empty());
    assert_eq!(ws.handle().user_assignments().len(), 1);
}

/// The official `openai_project_user_role`'s names of the role's details:
/// `name` (our `role_name`) and `description`, read from the API, kept
/// current by each refresh, and filled in by an import.
#[test]
fn the_roles_name_and_description_are_read_under_the_official_names() {
    let ws = Workspace::new();
    ws.write(&format!(
        "{}{}",
        ROLE_AND_PROJECT_ASSIGNMENT.replace(
            "  name        = \"Key Manager\"\n",
            "  name        = \"Key Manager\"\n  description = \"Reads keys\"\n",
        ),
        org_assignment()
    ));
    ws.apply();
    ws.assert_plan_empty();
    let alice = state(&ws, "alice_keys");
    assert_eq!(alice["name"], "Key Manager");
    assert_eq!(alice["role_name"], "Key Manager");
    assert_eq!(alice["description"], "Reads keys");
    let carol = state(&ws, "carol_viewer");
    assert_eq!(carol["name"], carol["role_name"]);
    let role_id = ws.handle().custom_project_roles("proj_alpha")[0].id.clone();
    let (status, viewer) =
        ws.fake_request("GET", &format!("/v1/organization/roles/{ORG_VIEWER}"), None);
    assert_eq!(status, 200, "{viewer}");
    assert_eq!(carol["description"], viewer["description"]);

    // The role changed outside Terraform: a refresh shows it.
    let (status, body) = ws.fake_request(
        "POST",
        &format!("/v1/projects/proj_alpha/roles/{role_id}"),
        Some(serde_json::json!({"role_name": "Key Reader", "description": "Changed"})),
    );
    assert_eq!(status, 200, "{body}");
    ws.ok(&["apply", "-refresh-only", "-auto-approve", "-no-color"]);
    let alice = state(&ws, "alice_keys");
    assert_eq!(
        (alice["name"].as_str(), alice["description"].as_str()),
        (Some("Key Reader"), Some("Changed"))
    );

    // Imported, the state has them too.
    ws.ok(&["state", "rm", "openai_user_role_assignment.alice_keys"]);
    let (ok, out) = import(
        &ws,
        "alice_keys",
        &format!("proj_alpha/user_alice/{role_id}"),
    );
    assert!(ok, "{out}");
    let alice = state(&ws, "alice_keys");
    assert_eq!(alice["name"], "Key Reader");
    assert_eq!(alice["description"], "Changed");
}

//! `openai_project_user` through Terraform: create, role in place, user or
//! project replaced, drift, import, errors that say what to fix, and the
//! membership `openai_user_role_assignment` needs.

use tfopenai::fake::FakeProjectUser;

use crate::support::Workspace;

const ADDRESS: &str = "openai_project_user.carol";

fn config(project: &str, user: &str, role: &str) -> String {
    format!(
        r#"
resource "openai_project_user" "carol" {{
  project_id = "{project}"
  user_id    = "{user}"
  role       = "{role}"
}}
"#
    )
}

/// The role of `user` in `project` in the fake, if a user of it.
fn role_of(ws: &Workspace, project: &str, user: &str) -> Option<String> {
    ws.handle()
        .project_users(project)
        .into_iter()
        .find(|u| u.user_id == user)
        .map(|u| u.role)
}

fn user(id: &str, role: &str) -> FakeProjectUser {
    FakeProjectUser {
        user_id: id.into(),
        role: role.into(),
    }
}

#[test]
fn project_user_is_added_then_role_changes_in_place() {
    let ws = Workspace::new();
    ws.write(&config("proj_alpha", "user_carol", "member"));
    ws.apply();
    ws.assert_plan_empty();
    let state = ws.state_of(ADDRESS);
    assert_eq!(state["id"], "proj_alpha/user_carol");
    assert_eq!(state["email"], "carol@example.com");
    assert_eq!(state["role"], "member");
    assert_eq!(
        role_of(&ws, "proj_alpha", "user_carol").as_deref(),
        Some("member")
    );

    ws.write(&config("proj_alpha", "user_carol", "owner"));
    let plan = ws.plan_changes().expect("a role change is planned");
    assert!(plan.contains("1 to change"), "{plan}");
    assert!(!plan.contains("must be replaced"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        role_of(&ws, "proj_alpha", "user_carol").as_deref(),
        Some("owner")
    );
}

#[test]
fn project_user_changing_user_or_project_replaces_it() {
    let ws = Workspace::new();
    ws.write(&config("proj_alpha", "user_carol", "member"));
    ws.apply();

    ws.write(&config("proj_beta", "user_dee", "member"));
    let plan = ws.plan_changes().expect("a replacement is planned");
    assert!(plan.contains("must be replaced"), "{plan}");
    assert!(
        plan.contains("1 to add, 0 to change, 1 to destroy"),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(role_of(&ws, "proj_alpha", "user_carol"), None);
    assert_eq!(
        role_of(&ws, "proj_beta", "user_dee").as_deref(),
        Some("member")
    );
    assert_eq!(ws.state_of(ADDRESS)["email"], "dee@example.com");
}

#[test]
fn project_user_drift_is_planned_back() {
    let ws = Workspace::new();
    ws.write(&config("proj_alpha", "user_carol", "member"));
    ws.apply();

    assert!(
        ws.handle()
            .set_project_user_role("proj_alpha", "user_carol", "owner")
    );
    let plan = ws.plan_changes().expect("the role drift is planned away");
    assert!(plan.contains("\"owner\" -> \"member\""), "{plan}");
    assert!(plan.contains("1 to change"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        role_of(&ws, "proj_alpha", "user_carol").as_deref(),
        Some("member")
    );

    assert!(ws.handle().remove_project_user("proj_alpha", "user_carol"));
    let plan = ws.plan_changes().expect("the user is planned back");
    assert!(plan.contains("no longer exists"), "{plan}");
    assert!(
        plan.contains("1 to add, 0 to change, 0 to destroy"),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        role_of(&ws, "proj_alpha", "user_carol").as_deref(),
        Some("member")
    );
}

#[test]
fn project_user_import_then_plan_is_empty() {
    let ws = Workspace::new();
    ws.write(&config("proj_alpha", "user_bob", "member"));
    for bad in [
        "proj_alpha",
        "proj_alpha/user_bob/x",
        "proj_alpha/",
        "/user_bob",
    ] {
        let out = ws.fails(&["import", "-no-color", ADDRESS, bad]);
        assert!(out.contains("Invalid import ID"), "{out}");
        assert!(out.contains("\"<project_id>/<user_id>\""), "{out}");
    }
    let out = ws.fails(&["import", "-no-color", ADDRESS, "proj_alpha/user_erin"]);
    assert!(
        out.contains("Cannot import non-existent project user"),
        "{out}"
    );
    assert!(ws.state_list().is_empty());

    ws.ok(&["import", "-no-color", ADDRESS, "proj_alpha/user_bob"]);
    ws.assert_plan_empty();
    let state = ws.state_of(ADDRESS);
    assert_eq!(state["email"], "bob@example.com");
    assert_eq!(state["role"], "member");

    // An import block with a different configured role: import, then an
    // in-place update.
    let ws = Workspace::new();
    ws.write(&format!(
        "import {{\n  to = {ADDRESS}\n  id = \"proj_beta/user_bob\"\n}}\n{}",
        config("proj_beta", "user_bob", "member")
    ));
    let plan = ws.plan_changes().expect("import and update are planned");
    assert!(
        plan.contains("1 to import, 0 to add, 1 to change, 0 to destroy"),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        role_of(&ws, "proj_beta", "user_bob").as_deref(),
        Some("member")
    );
}

#[test]
fn project_user_errors_say_what_to_fix() {
    let ws = Workspace::new();
    ws.write(&config("proj_alpha", "user_zed", "member"));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(
        out.contains("Error: User is not in the organization"),
        "{out}"
    );
    assert!(
        out.contains("Invite the user to the organization first"),
        "{out}"
    );
    assert!(
        out.contains("user_id = \"user_zed\""),
        "points at user_id: {out}"
    );

    ws.write(&config("proj_alpha", "user_bob", "owner"));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(out.contains("Error: User already in the project"), "{out}");
    assert!(
        out.contains("terraform import <resource address> proj_alpha/user_bob"),
        "{out}"
    );
    assert_eq!(
        role_of(&ws, "proj_alpha", "user_bob").as_deref(),
        Some("member"),
        "the existing membership is left alone"
    );

    ws.write(&config("proj_nope", "user_carol", "member"));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(out.contains("Error: Project not found"), "{out}");
    assert!(ws.state_list().is_empty());
}

#[test]
fn project_user_role_and_ids_are_validated_at_plan_time() {
    let ws = Workspace::new();
    ws.write(&config("proj_alpha", "user_carol", "admin"));
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Error: Invalid value for role"), "{out}");
    assert!(out.contains("use \"owner\" or \"member\""), "{out}");

    ws.write(&config("alpha", "user carol", "member"));
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Error: Invalid value for project_id"), "{out}");
    assert!(out.contains("Error: Invalid value for user_id"), "{out}");
    assert_eq!(ws.handle().request_count(), 0, "nothing was sent");
}

#[test]
fn project_user_lets_a_user_role_assignment_follow() {
    let ws = Workspace::new();
    let assignment = r#"
resource "openai_user_role_assignment" "erin_viewer" {
  project_id = "proj_alpha"
  user_id    = "user_erin"
  role_id    = "role-api-project-viewer"
}
"#;
    ws.write(assignment);
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(out.contains("User is not a member of the project"), "{out}");
    assert!(
        out.contains("with an openai_project_user resource"),
        "{out}"
    );

    ws.write(
        r#"
resource "openai_project_user" "erin" {
  project_id = "proj_alpha"
  user_id    = "user_erin"
  role       = "member"
}

resource "openai_user_role_assignment" "erin_viewer" {
  project_id = openai_project_user.erin.project_id
  user_id    = openai_project_user.erin.user_id
  role_id    = "role-api-project-viewer"
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        role_of(&ws, "proj_alpha", "user_erin").as_deref(),
        Some("member")
    );
    assert_eq!(ws.handle().user_assignments().len(), 1);

    ws.destroy();
    assert_eq!(role_of(&ws, "proj_alpha", "user_erin"), None);
    assert!(ws.handle().user_assignments().is_empty());
    assert_eq!(
        ws.handle().project_users("proj_alpha"),
        [user("user_alice", "owner"), user("user_bob", "member")],
        "the fixture users are left alone"
    );
}

/// A project user and role assignments of the same user in one
/// configuration. The project user's `role` follows the predefined owner
/// role (assigning it makes an owner, unassigning it a member): configured
/// consistently, both resources plan empty; removing only the owner
/// assignment demotes the user, which the next plan shows on the project
/// user and one apply settles, with no perpetual diff.
#[test]
fn a_project_user_and_its_role_assignments_plan_empty_together() {
    let ws = Workspace::new();
    let assignments = r#"
resource "openai_project_role" "keys" {
  project_id  = "proj_alpha"
  name        = "Key Manager"
  permissions = ["api.organization.projects.api_keys.read"]
}

resource "openai_user_role_assignment" "carol_keys" {
  project_id = openai_project_user.carol.project_id
  user_id    = openai_project_user.carol.user_id
  role_id    = openai_project_role.keys.id
}
"#;
    let owner_assignment = r#"
resource "openai_user_role_assignment" "carol_owner" {
  project_id = openai_project_user.carol.project_id
  user_id    = openai_project_user.carol.user_id
  role_id    = "role-api-project-owner"
}
"#;
    let base = format!(
        "{}{assignments}",
        config("proj_alpha", "user_carol", "owner")
    );
    ws.write(&format!("{base}{owner_assignment}"));
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        role_of(&ws, "proj_alpha", "user_carol").as_deref(),
        Some("owner")
    );

    ws.write(&base);
    ws.apply();
    assert_eq!(
        role_of(&ws, "proj_alpha", "user_carol").as_deref(),
        Some("member"),
        "unassigning the predefined owner role demotes the user"
    );
    let plan = ws.plan_changes().expect("the demotion shows as drift");
    assert!(plan.contains("1 to change, 0 to destroy"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        role_of(&ws, "proj_alpha", "user_carol").as_deref(),
        Some("owner")
    );
}

/// The official provider's way of naming the user: `email` instead of
/// `user_id`.
fn by_email(project: &str, email: &str, role: &str) -> String {
    format!(
        r#"
resource "openai_project_user" "carol" {{
  project_id = "{project}"
  email      = "{email}"
  role       = "{role}"
}}
"#
    )
}

#[test]
fn project_user_named_by_email_is_added_kept_and_replaced_when_the_email_changes() {
    let ws = Workspace::new();
    // The organization lists carol@example.com: any case finds her, and the
    // state keeps the spelling written.
    ws.write(&by_email("proj_alpha", "Carol@Example.com", "member"));
    ws.apply();
    ws.assert_plan_empty();
    let state = ws.state_of(ADDRESS);
    assert_eq!(state["user_id"], "user_carol");
    assert_eq!(state["email"], "Carol@Example.com");
    assert_eq!(state["id"], "proj_alpha/user_carol");
    assert_eq!(
        role_of(&ws, "proj_alpha", "user_carol").as_deref(),
        Some("member")
    );

    // The role changes in place; a role changed outside Terraform comes back.
    ws.write(&by_email("proj_alpha", "Carol@Example.com", "owner"));
    let plan = ws.plan_changes().expect("a role change");
    assert!(plan.contains("1 to change"), "{plan}");
    assert!(!plan.contains("must be replaced"), "{plan}");
    ws.apply();
    assert!(
        ws.handle()
            .set_project_user_role("proj_alpha", "user_carol", "member")
    );
    let plan = ws.plan_changes().expect("the drift is planned away");
    assert!(plan.contains("\"member\" -> \"owner\""), "{plan}");
    ws.apply();
    ws.assert_plan_empty();

    // Another email is another user: replaced.
    ws.write(&by_email("proj_alpha", "dee@example.com", "owner"));
    let plan = ws.plan_changes().expect("a replacement");
    assert!(plan.contains("must be replaced"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(ws.state_of(ADDRESS)["user_id"], "user_dee");
    assert_eq!(role_of(&ws, "proj_alpha", "user_carol"), None);
    assert_eq!(
        role_of(&ws, "proj_alpha", "user_dee").as_deref(),
        Some("owner")
    );

    // Switching to user_id for the same user plans no change.
    ws.write(&config("proj_alpha", "user_dee", "owner"));
    ws.assert_plan_empty();

    // Imported, with the configuration naming the user by email.
    ws.ok(&["state", "rm", ADDRESS]);
    ws.write(&by_email("proj_alpha", "dee@example.com", "owner"));
    ws.ok(&["import", "-no-color", ADDRESS, "proj_alpha/user_dee"]);
    ws.assert_plan_empty();
}

#[test]
fn project_user_email_errors_name_the_attribute() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_project_user" "both" {
  project_id = "proj_alpha"
  user_id    = "user_carol"
  email      = "carol@example.com"
  role       = "member"
}

resource "openai_project_user" "neither" {
  project_id = "proj_alpha"
  role       = "member"
}

resource "openai_project_user" "not_an_email" {
  project_id = "proj_alpha"
  email      = "user_carol"
  role       = "member"
}
"#,
    );
    let out = ws.fails(&["plan", "-no-color"]);
    for part in [
        "Error: Conflicting user_id and email",
        "email = \"carol@example.com\"",
        "Error: Missing user_id or email",
        "Error: Invalid value for email",
        "\"user_carol\" is not an email address",
    ] {
        assert!(out.contains(part), "{part:?} not in {out}");
    }
    assert_eq!(ws.handle().request_count(), 0, "refused before any call");

    // An address nobody in the organization has: refused at apply, at email,
    // with nothing added.
    ws.write(&by_email("proj_alpha", "nobody@example.com", "member"));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(out.contains("No user with this email"), "{out}");
    assert!(out.contains("email = \"nobody@example.com\""), "{out}");
    assert!(out.contains("invite them first"), "{out}");
    assert!(ws.state_list().is_empty());
}

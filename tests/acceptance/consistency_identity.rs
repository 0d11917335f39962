//! The identity resources against an eventually consistent API: everything
//! created by one apply is read back by the next resources of that apply
//! (and by the plan after it) before the API lists it.

use std::time::Duration;

use tfopenai::fake::FakeConfig;

use crate::support::{Workspace, combined};

/// The org-from-scratch example's shape, with fixture users.
const ORG_FROM_SCRATCH: &str = r#"
resource "openai_project" "gamma" {
  name = "Gamma"
}

resource "openai_group" "data_science" {
  name = "Data Science"
}

data "openai_users" "team" {
  emails = ["bob@example.com", "dee@example.com"]
}

resource "openai_group_members" "data_science" {
  group_id = openai_group.data_science.id
  user_ids = [for u in data.openai_users.team.users : u.id]
}

resource "openai_project_group" "data_science" {
  project_id = openai_project.gamma.id
  group_id   = openai_group.data_science.id
  role       = "role-api-project-member"
}

resource "openai_project_role" "analyst" {
  project_id  = openai_project.gamma.id
  name        = "Analyst"
  permissions = ["api.evals.read", "api.usage.read"]
}

resource "openai_group_role_assignment" "data_science_analyst" {
  project_id = openai_project_group.data_science.project_id
  group_id   = openai_project_group.data_science.group_id
  role_id    = openai_project_role.analyst.id
}

data "openai_user" "owner" {
  email = "erin@example.com"
}

resource "openai_project_user" "owner" {
  project_id = openai_project.gamma.id
  user_id    = data.openai_user.owner.id
  role       = "owner"
}
"#;

#[test]
fn org_from_scratch_applies_in_one_go_while_reads_lag() {
    let ws = Workspace::with_config(FakeConfig {
        page_size: 2,
        read_after_write_delay: Duration::from_millis(600),
        ..FakeConfig::default()
    });
    ws.write(ORG_FROM_SCRATCH);
    ws.apply();

    // Planned at once, while the API may not list everything yet.
    let out = ws.run(&["plan", "-detailed-exitcode", "-no-color"]);
    let text = combined(&out);
    assert_eq!(out.status.code(), Some(0), "no changes expected:\n{text}");
    assert!(!text.contains("no longer exists"), "{text}");

    let handle = ws.handle();
    let group_id = ws.state_of("openai_group.data_science")["id"]
        .as_str()
        .expect("group id")
        .to_owned();
    let project_id = ws.state_of("openai_project.gamma")["id"]
        .as_str()
        .expect("project id")
        .to_owned();
    let mut members = handle.group_members(&group_id);
    members.sort();
    assert_eq!(members, ["user_bob", "user_dee"]);
    assert_eq!(
        handle.project_groups(&project_id),
        std::slice::from_ref(&group_id)
    );
    let owners: Vec<String> = handle
        .project_users(&project_id)
        .into_iter()
        .filter(|u| u.role == "owner")
        .map(|u| u.user_id)
        .collect();
    assert_eq!(owners, ["user_erin"]);

    ws.destroy();
    assert!(ws.state_list().is_empty());
    assert!(handle.groups().iter().all(|g| g.id != group_id));
    let project = handle
        .projects()
        .into_iter()
        .find(|p| p.id == project_id)
        .expect("the project is archived, not deleted");
    assert!(project.archived_at.is_some(), "{project:?}");
}

#[test]
fn a_new_group_and_a_membership_apply_in_one_go_while_reads_lag() {
    let ws = Workspace::with_read_delay(Duration::from_millis(600));
    ws.write(
        r#"
resource "openai_group" "reviewers" {
  name = "Reviewers"
}

data "openai_user" "bob" {
  email = "Bob@Example.com"
}

resource "openai_group_user" "bob" {
  group_id = openai_group.reviewers.id
  user_id  = data.openai_user.bob.id
}
"#,
    );
    ws.apply();
    let out = ws.run(&["plan", "-detailed-exitcode", "-no-color"]);
    let text = combined(&out);
    assert_eq!(out.status.code(), Some(0), "no changes expected:\n{text}");

    let state = ws.state_of("openai_group_user.bob");
    assert_eq!(state["email"], "bob@example.com");
    let group_id = state["group_id"].as_str().expect("group id").to_owned();
    assert_eq!(ws.handle().group_members(&group_id), ["user_bob"]);
    ws.destroy();
    assert!(ws.handle().groups().iter().all(|g| g.id != group_id));
}

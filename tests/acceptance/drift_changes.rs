//! Drift attribution of changed objects and of composite IDs: a quiet
//! refresh of a state of every kind of access object asks the audit log
//! nothing (nothing the user manages changed, whatever the API's order of
//! sets or its computed values); an object changed out of band names who
//! changed it; a membership, an assignment or a project user removed out
//! of band is found by the event's payload (the group, the role and scope),
//! not by its composite ID, which no event names.

use serde_json::Value as Json;

use crate::drift_attribution::{assert_mentions, id_of, plan};
use crate::refresh_scenario::AUDIT_LOGS;
use crate::support::Workspace;

/// Every kind of access object, sets written out of the API's order.
const QUIET: &str = r#"
resource "openai_project" "quiet" {
  name = "Quiet"
}

resource "openai_group" "team" {
  count = 4
  name  = "Team ${count.index}"
}

resource "openai_group_user" "bob" {
  count    = 4
  group_id = openai_group.team[count.index].id
  user_id  = "user_bob"
}

resource "openai_group_members" "finance" {
  group_id = "group_finance"
  user_ids = ["user_erin", "user_carol", "user_dee"]
}

resource "openai_organization_role" "auditor" {
  name        = "Auditor"
  permissions = ["api.usage.read", "api.audit_logs.read"]
  description = "Reads the audit log and usage"
}

resource "openai_project_role" "reader" {
  count       = 6
  project_id  = openai_project.quiet.id
  name        = "Reader ${count.index}"
  permissions = ["api.usage.read", "api.files.read", "api.evals.read"]
}

resource "openai_project_group" "team" {
  count      = 4
  project_id = openai_project.quiet.id
  group_id   = openai_group.team[count.index].id
  role       = "role-api-project-member"
}

resource "openai_group_role_assignment" "reader" {
  count      = 6
  project_id = openai_project.quiet.id
  group_id   = openai_project_group.team[count.index % 4].group_id
  role_id    = openai_project_role.reader[count.index].id
}

resource "openai_group_role_assignment" "auditor" {
  group_id = openai_group.team[0].id
  role_id  = openai_organization_role.auditor.id
}

resource "openai_user_role_assignment" "auditor" {
  user_id = "user_erin"
  role_id = openai_organization_role.auditor.id
}

resource "openai_project_user" "erin" {
  project_id = openai_project.quiet.id
  user_id    = "user_erin"
  role       = "owner"
}

resource "openai_project_group_roles" "support" {
  project_id = "proj_alpha"
  group_id   = "group_support"
  role_ids   = ["role-api-project-viewer", "role-api-project-member"]
}

resource "openai_invite" "gil" {
  email    = "gil@example.com"
  role     = "reader"
  projects = [{ id = "proj_alpha", role = "member" }]
}

resource "openai_project_service_account" "ci" {
  project_id = openai_project.quiet.id
  name       = "ci"
}
"#;

fn quiet() -> Workspace {
    let ws = Workspace::new();
    ws.write(QUIET);
    ws.ok(&["apply", "-auto-approve", "-no-color", "-parallelism=10"]);
    ws
}

/// When the newest audit event of `kind` whose payload passes `about` was
/// made, as the warning writes it.
fn time_of(ws: &Workspace, kind: &str, about: impl Fn(&Json) -> bool) -> String {
    let events = ws.handle().audit_events();
    let event = events
        .iter()
        .rev()
        .find(|e| e["type"] == kind && about(&e[kind]))
        .unwrap_or_else(|| panic!("no {kind} event like that in {events:#?}"));
    let at = event["effective_at"].as_i64().unwrap();
    time::OffsetDateTime::from_unix_timestamp(at)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[test]
fn a_quiet_refresh_of_every_kind_of_object_asks_the_audit_log_nothing() {
    let ws = quiet();
    let resources = ws.state_list().len();
    assert!(resources >= 30, "{resources} resources");
    ws.handle().reset_counters();
    ws.assert_plan_empty();
    let counts = ws.handle().request_counts();
    assert_eq!(counts.get(AUDIT_LOGS), None, "{counts:?}");

    // One change among them: one query, for it alone.
    let role = id_of(&ws, "openai_project_role.reader[2]");
    let project = id_of(&ws, "openai_project.quiet");
    ws.handle().act_as("carol@example.com");
    assert!(
        ws.handle()
            .set_project_role_permissions(&project, &role, &["api.usage.read"])
    );
    let (out, drifted) = plan(&ws);
    assert_mentions(
        &out,
        &[
            &format!("openai_project_role {role} was changed outside Terraform"),
            "role.updated by carol@example.com (dashboard session from 127.0.0.1)",
            &format!(
                "at {}",
                time_of(&ws, "role.updated", |d| d["id"] == role.as_str())
            ),
            "1 to change",
        ],
    );
    assert_eq!(drifted.get(AUDIT_LOGS), Some(&1), "{drifted:?}");
    eprintln!(
        "a refresh of {resources} resources: {} requests quiet, {} with one changed (one \
         to the audit log)",
        counts.values().sum::<usize>(),
        drifted.values().sum::<usize>()
    );
}

const CHANGED: &str = r#"
resource "openai_group" "team" {
  name = "Platform"
}

resource "openai_project_user" "carol" {
  project_id = "proj_beta"
  user_id    = "user_carol"
  role       = "owner"
}
"#;

#[test]
fn objects_changed_in_the_dashboard_name_who_changed_them_and_when() {
    let ws = Workspace::new();
    ws.write(CHANGED);
    ws.apply();
    let group = id_of(&ws, "openai_group.team");
    ws.handle().act_as("alice@example.com");
    assert!(ws.handle().rename_group(&group, "Platform (old)"));
    ws.handle().act_as("erin@example.com");
    assert!(
        ws.handle()
            .set_project_user_role("proj_beta", "user_carol", "member")
    );

    let (out, requests) = plan(&ws);
    assert_mentions(
        &out,
        &[
            &format!("openai_group {group} was changed outside Terraform"),
            "Last recorded change in the audit log: group.updated by alice@example.com \
             (dashboard session from 127.0.0.1)",
            &format!(
                "at {}",
                time_of(&ws, "group.updated", |d| d["id"] == group.as_str())
            ),
            // A composite ID (proj_beta/user_carol): found by the user, told by the project.
            "openai_project_user proj_beta/user_carol was changed outside Terraform",
            "user.updated by erin@example.com (dashboard session from 127.0.0.1)",
            &format!(
                "at {}",
                time_of(&ws, "user.updated", |d| d["id"] == "user_carol")
            ),
            "2 to change",
        ],
    );
    assert_eq!(requests.get(AUDIT_LOGS), Some(&2), "{requests:?}");
}

const COMPOSITE: &str = r#"
resource "openai_project_role" "deployer" {
  project_id  = "proj_alpha"
  name        = "Deployer"
  permissions = ["api.files.read"]
}

resource "openai_group_role_assignment" "support_deployer" {
  project_id = "proj_alpha"
  group_id   = "group_support"
  role_id    = openai_project_role.deployer.id
}

resource "openai_group_user" "erin_support" {
  group_id = "group_support"
  user_id  = "user_erin"
}

resource "openai_project_user" "dee" {
  project_id = "proj_beta"
  user_id    = "user_dee"
  role       = "member"
}
"#;

#[test]
fn a_membership_an_assignment_and_a_project_user_removed_are_matched_on_the_payload() {
    let ws = Workspace::new();
    ws.write(COMPOSITE);
    ws.apply();
    let role = id_of(&ws, "openai_project_role.deployer");
    let fake = ws.handle();

    // Bob removes what Terraform manages; then alice makes changes the same
    // queries return (erin in another group, another role of the support
    // group, dee in another project), which the payload tells apart.
    fake.act_as("bob@example.com");
    assert!(fake.remove_group_member("group_support", "user_erin"));
    assert!(fake.remove_group_assignment(Some("proj_alpha"), "group_support", &role));
    assert!(fake.remove_project_user("proj_beta", "user_dee"));
    fake.act_as("alice@example.com");
    assert!(fake.add_group_member("group_engineering", "user_erin"));
    let viewer = tfopenai::fake::project_role_id("viewer", "proj_alpha");
    assert!(fake.insert_group_assignment(Some("proj_alpha"), "group_support", &viewer));
    assert!(fake.add_project_user("proj_alpha", "user_dee", "member"));

    let (out, requests) = plan(&ws);
    let bob = "by bob@example.com (dashboard session from 127.0.0.1)";
    assert_mentions(
        &out,
        &[
            "openai_group_user group_support/user_erin no longer exists",
            &format!(
                "group.updated {bob} at {}",
                time_of(&ws, "group.updated", |d| d["id"] == "group_support")
            ),
            &format!(
                "openai_group_role_assignment proj_alpha/group_support/{role} no longer exists"
            ),
            &format!(
                "role.assignment.deleted {bob} at {}",
                time_of(&ws, "role.assignment.deleted", |d| d["id"] == role.as_str())
            ),
            "openai_project_user proj_beta/user_dee no longer exists",
            &format!(
                "user.deleted {bob} at {}",
                time_of(&ws, "user.deleted", |d| d["id"] == "user_dee")
            ),
            "3 to add",
        ],
    );
    let flat = crate::drift_attribution::flat(&out);
    assert!(!flat.contains("by alice@example.com"), "{flat}");
    assert_eq!(requests.get(AUDIT_LOGS), Some(&3), "{requests:?}");
}

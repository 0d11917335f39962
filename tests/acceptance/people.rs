//! The declared types through Terraform: `openai_invite`,
//! `openai_organization_user`, `openai_project_service_account` and their
//! data sources, with the official provider's example configurations.

use serde_json::{Value, json};

use crate::support::Workspace;

fn assert_mentions(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(out.contains(part), "{part:?} not in:\n{out}");
    }
}

fn invites(ws: &Workspace) -> Vec<Value> {
    let (status, state) = ws.fake_request("GET", "/__fake/state", None);
    assert_eq!(status, 200);
    state["collections"]["invites"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn service_accounts(ws: &Workspace) -> Vec<Value> {
    let (_, state) = ws.fake_request("GET", "/__fake/state", None);
    state["collections"]["service_accounts"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The official provider's example, unchanged, next to an invite into a
/// project.
const INVITES: &str = r#"
resource "openai_invite" "example" {
  email    = "terraform@example.com"
  role     = "owner"
  projects = []
}

resource "openai_invite" "grace" {
  email = "grace@example.com"
  role  = "reader"
  projects = [{ id = "proj_alpha", role = "member" }]
}
"#;

#[test]
fn invites_are_sent_replaced_on_change_and_kept_once_accepted() {
    let ws = Workspace::new();
    ws.write(INVITES);
    ws.apply();
    ws.assert_plan_empty();
    let grace = ws.state_of("openai_invite.grace");
    let invite_id = grace["id"].as_str().unwrap().to_owned();
    assert!(invite_id.starts_with("invite-"), "{invite_id}");
    assert_eq!(grace["invite_id"], invite_id.as_str());
    assert_eq!(grace["status"], "pending");
    assert_eq!(
        grace["projects"],
        json!([{"id": "proj_alpha", "role": "member"}])
    );
    let example = ws.state_of("openai_invite.example");
    assert_eq!(example["projects"], json!([]));
    let sent = invites(&ws);
    let served = sent.iter().find(|i| i["id"] == invite_id.as_str()).unwrap();
    assert_eq!(
        served["projects"],
        json!([{"id": "proj_alpha", "role": "member"}])
    );

    // A change replaces the invite: a new one is sent, the old one deleted.
    ws.write(&INVITES.replace("role  = \"reader\"", "role  = \"owner\""));
    let plan = ws.plan_changes().expect("a change is planned");
    assert_mentions(
        &plan,
        &[
            "must be replaced",
            "forces replacement",
            "1 to add",
            "1 to destroy",
        ],
    );
    ws.apply();
    let grace = ws.state_of("openai_invite.grace");
    let new_id = grace["id"].as_str().unwrap().to_owned();
    assert_ne!(new_id, invite_id);
    assert!(invites(&ws).iter().all(|i| i["id"] != invite_id.as_str()));

    // Accepted: not drift. The invite stays as it is, with a warning that
    // says how to manage the new member.
    let (status, accepted) =
        ws.fake_request("POST", &format!("/__fake/invites/{new_id}/accept"), None);
    assert_eq!(status, 200, "{accepted}");
    let user_id = accepted["user"]["id"].as_str().unwrap().to_owned();
    let out = ws.ok(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "Invite accepted: grace@example.com is now a member",
            "openai_organization_user",
            &format!("id = \"{user_id}\""),
            "No changes.",
        ],
    );
    ws.ok(&["apply", "-refresh-only", "-auto-approve", "-no-color"]);
    assert_eq!(ws.state_of("openai_invite.grace")["status"], "accepted");

    // Destroying the accepted invite leaves the person a member.
    ws.destroy();
    assert!(ws.handle().users().iter().any(|u| u.id == user_id));
    assert!(
        invites(&ws)
            .iter()
            .all(|i| i["email"] != "terraform@example.com")
    );
}

#[test]
fn an_invite_to_a_member_or_an_invited_person_names_what_to_import() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_invite" "bob" {
  email = "bob@example.com"
  role  = "reader"
}
"#,
    );
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "bob@example.com is already a member of the organization",
            "openai_organization_user",
            "id = \"user_bob\"",
        ],
    );
    ws.write(
        r#"
resource "openai_invite" "frank" {
  email = "frank@example.com"
  role  = "reader"
}
"#,
    );
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "frank@example.com is already invited",
            "to = openai_invite.<name>",
            "id = \"invite-fixtureFrank000000000\"",
        ],
    );
    // Which the import it suggests then adopts, and a malformed ID is
    // refused before any request.
    let out = ws.fails(&["import", "-no-color", "openai_invite.frank", "a/b"]);
    assert_mentions(&out, &["Invalid import ID", "expected \"<invite_id>\""]);
    ws.ok(&[
        "import",
        "-no-color",
        "openai_invite.frank",
        "invite-fixtureFrank000000000",
    ]);
    let frank = ws.state_of("openai_invite.frank");
    assert_eq!(
        frank["projects"],
        json!([{"id": "proj_beta", "role": "member"}])
    );
    // Left out, projects are the API's: the imported invite plans cleanly.
    ws.assert_plan_empty();

    // An expired invite is planned again, with a warning.
    ws.write(
        r#"
resource "openai_invite" "frank" {
  email    = "frank@example.com"
  role     = "reader"
  projects = [{ id = "proj_beta", role = "member" }]
}
"#,
    );
    ws.assert_plan_empty();
    let (status, _) = ws.fake_request(
        "POST",
        "/__fake/invites/invite-fixtureFrank000000000/expire",
        None,
    );
    assert_eq!(status, 200);
    let plan = ws.plan_changes().expect("the expired invite is sent again");
    assert_mentions(&plan, &["Invite for frank@example.com expired", "1 to add"]);
}

#[test]
fn organization_users_are_import_only_their_role_is_managed_and_destroy_removes_them() {
    let ws = Workspace::new();
    // Without an import: refused at plan time, with the block to use.
    ws.write("resource \"openai_organization_user\" \"erin\" {\n}\n");
    let out = ws.fails(&["plan", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "openai_organization_user cannot be created",
            "accepting an invite",
            "to = openai_organization_user.<name>",
            "id = \"<user_id>\"",
        ],
    );
    // The official example: an empty resource and its import block.
    ws.write(
        r#"
resource "openai_organization_user" "erin" {
}

import {
  to = openai_organization_user.erin
  id = "user_erin"
}

data "openai_organization_user" "by_email" {
  email = "erin@example.com"
}

data "openai_organization_users" "all" {
}
"#,
    );
    // A malformed ID is refused before any request.
    let out = ws.fails(&[
        "import",
        "-no-color",
        "openai_organization_user.erin",
        "a/b",
    ]);
    assert_mentions(&out, &["Invalid import ID", "expected \"<user_id>\""]);
    let out = ws.apply();
    assert_mentions(&out, &["1 imported", "0 added, 0 changed, 0 destroyed"]);
    ws.assert_plan_empty();
    let erin = ws.state_of("openai_organization_user.erin");
    assert_eq!(erin["user_id"], "user_erin");
    assert_eq!(erin["email"], "erin@example.com");
    let role = erin["role"].as_str().unwrap().to_owned();
    let by_email = ws.state_of("data.openai_organization_user.by_email");
    assert_eq!(by_email["user_id"], "user_erin");
    let all = ws.state_of("data.openai_organization_users.all");
    assert!(
        all["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == "user_erin")
    );

    // The role is updated in place.
    let other = if role == "owner" { "reader" } else { "owner" };
    let managed =
        format!("resource \"openai_organization_user\" \"erin\" {{\n  role = \"{other}\"\n}}\n");
    ws.write(&managed);
    let plan = ws.plan_changes().expect("role change");
    assert_mentions(&plan, &["will be updated in-place", "1 to change"]);
    ws.apply();
    let (_, served) = ws.fake_request("GET", "/v1/organization/users/user_erin", None);
    assert_eq!(served["role"], other);

    // Changed out of band: planned back.
    let (status, _) = ws.fake_request(
        "POST",
        "/v1/organization/users/user_erin",
        Some(json!({"role": role})),
    );
    assert_eq!(status, 200);
    let plan = ws.plan_changes().expect("drift");
    assert_mentions(
        &plan,
        &[&format!("\"{role}\" -> \"{other}\""), "1 to change"],
    );
    ws.apply();

    // Destroy is the removal it is: planned as a destroy, and done.
    let plan = ws.ok(&["plan", "-destroy", "-no-color"]);
    assert_mentions(
        &plan,
        &[
            "openai_organization_user.erin will be destroyed",
            "1 to destroy",
        ],
    );
    ws.destroy();
    assert!(ws.handle().users().iter().all(|u| u.id != "user_erin"));
}

#[test]
fn service_accounts_hold_no_key_rename_in_place_and_take_project_roles() {
    let ws = Workspace::new();
    // The official example (with a project of the fake).
    let config = |name: &str| {
        format!(
            r#"
resource "openai_project_service_account" "example" {{
  project_id = "proj_alpha"
  name       = "{name}"
}}

resource "openai_user_role_assignment" "example_member" {{
  project_id = "proj_alpha"
  user_id    = openai_project_service_account.example.id
  role_id    = "role-api-project-member"
}}

data "openai_project_service_accounts" "alpha" {{
  project_id = "proj_alpha"
  depends_on = [openai_project_service_account.example]
}}
"#
        )
    };
    ws.write(&config("terraform-managed"));
    ws.apply();
    ws.assert_plan_empty();
    let account = ws.state_of("openai_project_service_account.example");
    let id = account["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("svc_acct_"), "{id}");
    assert_eq!(account["service_account_id"], id.as_str());
    assert_eq!(account["role"], "none");
    // No key was made for it.
    let (_, issued) = ws.fake_request("GET", "/__fake/issued_keys", None);
    assert!(
        issued["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|k| !k["owner"].to_string().contains(&id)),
        "{issued}"
    );
    let listed = ws.state_of("data.openai_project_service_accounts.alpha");
    assert!(
        listed["service_accounts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == id.as_str())
    );
    let (status, roles) = ws.fake_request(
        "GET",
        &format!("/v1/projects/proj_alpha/users/{id}/roles"),
        None,
    );
    assert_eq!(status, 200);
    assert!(
        roles.to_string().contains("role-api-project-member"),
        "{roles}"
    );

    // Renamed in place.
    ws.write(&config("ci"));
    let plan = ws.plan_changes().expect("rename");
    assert_mentions(&plan, &["will be updated in-place"]);
    ws.apply();
    assert!(
        service_accounts(&ws)
            .iter()
            .any(|a| a["id"] == id.as_str() && a["name"] == "ci")
    );

    // Import: a good ID, and a malformed one.
    ws.ok(&["state", "rm", "openai_project_service_account.example"]);
    let out = ws.fails(&[
        "import",
        "-no-color",
        "openai_project_service_account.example",
        &id,
    ]);
    assert_mentions(
        &out,
        &["Invalid import ID", "<project_id>/<service_account_id>"],
    );
    ws.ok(&[
        "import",
        "-no-color",
        "openai_project_service_account.example",
        &format!("proj_alpha/{id}"),
    ]);
    ws.assert_plan_empty();

    // Deleted out of band: warned about and planned again.
    let (status, _) = ws.fake_request(
        "DELETE",
        &format!("/v1/organization/projects/proj_alpha/service_accounts/{id}"),
        None,
    );
    assert_eq!(status, 200);
    let plan = ws.plan_changes().expect("re-created");
    assert_mentions(
        &plan,
        &["openai_project_service_account.example will be created"],
    );
    ws.apply();
    ws.destroy();
    assert!(service_accounts(&ws).iter().all(|a| a["name"] != "ci"));
}

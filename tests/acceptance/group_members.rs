//! `openai_group_members` through Terraform: the complete member list of a
//! group, with drift both ways, import, and the errors users meet.

use crate::support::{Workspace, strings};

const ADDRESS: &str = "openai_group_members.team";

fn assert_mentions(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(out.contains(part), "{part:?} not in:\n{out}");
    }
}

/// The members of `group_id` as `user_ids` (quoted IDs).
fn config(group_id: &str, user_ids: &[&str]) -> String {
    let ids: Vec<String> = user_ids.iter().map(|u| format!("\"{u}\"")).collect();
    format!(
        "resource \"openai_group_members\" \"team\" {{\n  group_id = \"{group_id}\"\n  user_ids = [{}]\n}}\n",
        ids.join(", ")
    )
}

fn members(ws: &Workspace, group_id: &str) -> Vec<String> {
    let mut members = ws.handle().group_members(group_id);
    members.sort();
    members
}

#[test]
fn create_makes_the_list_exact_removing_unlisted_members() {
    let ws = Workspace::new();
    assert_eq!(
        members(&ws, "group_engineering"),
        ["user_alice", "user_bob"]
    );
    ws.write(&config("group_engineering", &["user_bob", "user_dee"]));
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(members(&ws, "group_engineering"), ["user_bob", "user_dee"]);
    let state = ws.state_of(ADDRESS);
    assert_eq!(state["id"], "group_engineering");
    assert_eq!(strings(&state["user_ids"]), ["user_bob", "user_dee"]);
}

#[test]
fn drift_both_ways_is_planned_and_undone() {
    let ws = Workspace::new();
    ws.write(&config("group_finance", &["user_alice", "user_carol"]));
    ws.apply();

    let handle = ws.handle();
    assert!(handle.add_group_member("group_finance", "user_erin"));
    assert!(handle.remove_group_member("group_finance", "user_carol"));
    let plan = ws.plan_changes().expect("drift is planned away");
    assert_mentions(&plan, &["1 to change", "\"user_erin\"", "\"user_carol\""]);
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(members(&ws, "group_finance"), ["user_alice", "user_carol"]);
}

#[test]
fn changes_apply_in_place_and_an_empty_list_removes_everyone() {
    let ws = Workspace::new();
    ws.write(&config("group_finance", &["user_alice", "user_bob"]));
    ws.apply();

    ws.write(&config(
        "group_finance",
        &["user_bob", "user_carol", "user_dee"],
    ));
    let plan = ws.plan_changes().expect("a change is planned");
    assert_mentions(&plan, &["1 to change, 0 to destroy"]);
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        members(&ws, "group_finance"),
        ["user_bob", "user_carol", "user_dee"]
    );

    ws.write(&config("group_finance", &[]));
    ws.apply();
    ws.assert_plan_empty();
    assert!(members(&ws, "group_finance").is_empty());
    assert!(ws.state_list().contains(&ADDRESS.to_owned()));
}

#[test]
fn destroy_removes_the_listed_members() {
    let ws = Workspace::new();
    ws.write(&config("group_contractors", &["user_dee", "user_erin"]));
    ws.apply();
    assert_eq!(members(&ws, "group_contractors"), ["user_dee", "user_erin"]);
    ws.destroy();
    assert!(members(&ws, "group_contractors").is_empty());
    assert!(ws.state_list().is_empty());
}

#[test]
fn a_new_group_gets_members_looked_up_by_email() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_group" "data_science" {
  name = "Data Science"
}

data "openai_users" "data_science" {
  emails = ["bob@example.com", "DEE@example.com"]
}

resource "openai_group_members" "data_science" {
  group_id = openai_group.data_science.id
  user_ids = data.openai_users.data_science.users[*].id
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();
    let group_id = ws.state_of("openai_group.data_science")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(members(&ws, &group_id), ["user_bob", "user_dee"]);
    ws.destroy();
    assert!(ws.handle().groups().iter().all(|g| g.id != group_id));
}

#[test]
fn import_then_plan_is_empty() {
    let ws = Workspace::new();
    ws.write(&config("group_engineering", &["user_alice", "user_bob"]));
    for bad in ["", "group_engineering/user_alice"] {
        let out = ws.fails(&["import", "-no-color", ADDRESS, bad]);
        assert_mentions(&out, &["Invalid import ID", "expected \"<group_id>\""]);
    }
    let out = ws.fails(&["import", "-no-color", ADDRESS, "group_gone"]);
    assert_mentions(
        &out,
        &[
            "Cannot import the members of a non-existent group",
            "no group with ID group_gone",
        ],
    );
    assert!(ws.state_list().is_empty());

    ws.ok(&["import", "-no-color", ADDRESS, "group_engineering"]);
    ws.assert_plan_empty();
    assert_eq!(
        strings(&ws.state_of(ADDRESS)["user_ids"]),
        ["user_alice", "user_bob"]
    );
}

#[test]
fn a_group_deleted_outside_terraform_is_gone() {
    let ws = Workspace::new();
    let group_id = ws.handle().create_group("Short-lived");
    ws.write(&config(&group_id, &["user_erin"]));
    ws.apply();
    assert!(ws.handle().delete_group(&group_id));
    let plan = ws.plan_changes().expect("the resource is planned again");
    assert_mentions(
        &plan,
        &[
            "1 to add",
            &format!("openai_group_members {group_id} no longer exists"),
        ],
    );
}

#[test]
fn a_scim_group_is_refused_naming_the_identity_provider() {
    let ws = Workspace::new();
    // Even the current member list: the identity provider owns it.
    ws.write(&config("group_sales", &["user_dee"]));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "Group is managed by SCIM",
            "identity provider",
            "openai_group_members cannot own the members of group \"Sales\"",
            "group_id = \"group_sales\"",
        ],
    );
    assert!(ws.state_list().is_empty());
    assert_eq!(members(&ws, "group_sales"), ["user_dee"]);
}

#[test]
fn errors_name_the_attribute_to_fix() {
    let ws = Workspace::new();
    ws.write(&config("group_finance", &["user_alice", "user_ghost"]));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "User is not in the organization",
            "User user_ghost is not a member of this organization",
            "user_ids = [\"user_alice\", \"user_ghost\"]",
        ],
    );

    ws.write(&config("group_gone", &["user_alice"]));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(&out, &["Group not found", "group_id = \"group_gone\""]);

    ws.write(&config("group_finance", &["alice@example.com"]));
    let out = ws.fails(&["plan", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "Invalid value for user_ids",
            "user ID \"alice@example.com\"",
        ],
    );
}

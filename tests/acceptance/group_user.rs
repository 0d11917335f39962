//! `openai_group_user` through Terraform: one membership per resource,
//! drift, import, the errors users meet, and what a refresh costs.

use tfopenai::fake::{FaultCause, FaultConfig};

use crate::support::Workspace;

fn assert_mentions(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(out.contains(part), "{part:?} not in:\n{out}");
    }
}

/// A membership of `user_id` (an HCL expression) in `group_id` (a string).
fn membership(name: &str, group_id: &str, user_id: &str) -> String {
    format!(
        "resource \"openai_group_user\" \"{name}\" {{\n  group_id = \"{group_id}\"\n  user_id  = {user_id}\n}}\n"
    )
}

fn members(ws: &Workspace, group_id: &str) -> Vec<String> {
    let mut members = ws.handle().group_members(group_id);
    members.sort();
    members
}

#[test]
fn adds_a_user_found_by_email_to_a_new_group() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_group" "data_science" {
  name = "Data Science"
}

data "openai_user" "dee" {
  email = "dee@example.com"
}

resource "openai_group_user" "dee" {
  group_id = openai_group.data_science.id
  user_id  = data.openai_user.dee.id
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();

    let group_id = ws.state_of("openai_group.data_science")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(members(&ws, &group_id), ["user_dee"]);
    let state = ws.state_of("openai_group_user.dee");
    assert_eq!(state["id"], format!("{group_id}/user_dee"));
    assert_eq!(state["user_id"], "user_dee");
    assert_eq!(state["email"], "dee@example.com");
    assert_eq!(state["name"], "Dee");

    ws.destroy();
    assert!(ws.state_list().is_empty());
    assert!(ws.handle().groups().iter().all(|g| g.id != group_id));
}

#[test]
fn removed_outside_terraform_warns_and_is_added_again() {
    let ws = Workspace::new();
    ws.write(&membership("erin", "group_support", "\"user_erin\""));
    ws.apply();
    assert_eq!(members(&ws, "group_support"), ["user_carol", "user_erin"]);
    assert!(
        ws.handle()
            .remove_group_member("group_support", "user_erin")
    );

    let plan = ws.plan_changes().expect("the membership is planned again");
    assert_mentions(
        &plan,
        &[
            "1 to add",
            "openai_group_user group_support/user_erin no longer exists",
        ],
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(members(&ws, "group_support"), ["user_carol", "user_erin"]);
}

#[test]
fn destroy_removes_only_that_member_and_a_new_user_replaces() {
    let ws = Workspace::new();
    ws.write(&membership("member", "group_support", "\"user_bob\""));
    ws.apply();
    assert_eq!(members(&ws, "group_support"), ["user_bob", "user_carol"]);

    ws.write(&membership("member", "group_support", "\"user_dee\""));
    let plan = ws.plan_changes().expect("a new user is planned");
    assert_mentions(
        &plan,
        &["must be replaced", "1 to add, 0 to change, 1 to destroy"],
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(members(&ws, "group_support"), ["user_carol", "user_dee"]);

    ws.destroy();
    assert_eq!(members(&ws, "group_support"), ["user_carol"]);
}

#[test]
fn an_existing_membership_is_not_adopted_but_can_be_imported() {
    let ws = Workspace::new();
    let address = "openai_group_user.alice";
    ws.write(&membership("alice", "group_engineering", "\"user_alice\""));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "User already in group",
            "Terraform does not adopt existing memberships silently",
            "terraform import <resource address> group_engineering/user_alice",
        ],
    );
    assert!(ws.state_list().is_empty());

    for bad in [
        "group_engineering",
        "group_engineering/user_alice/x",
        "/user_alice",
    ] {
        let out = ws.fails(&["import", "-no-color", address, bad]);
        assert_mentions(&out, &["Invalid import ID", "\"<group_id>/<user_id>\""]);
    }
    let out = ws.fails(&[
        "import",
        "-no-color",
        address,
        "group_engineering/user_carol",
    ]);
    assert_mentions(
        &out,
        &[
            "Cannot import non-existent group membership",
            "User user_carol is not a member of group group_engineering",
        ],
    );
    assert!(ws.state_list().is_empty());

    ws.ok(&[
        "import",
        "-no-color",
        address,
        "group_engineering/user_alice",
    ]);
    ws.assert_plan_empty();
    let state = ws.state_of(address);
    assert_eq!(state["email"], "alice@example.com");
    assert_eq!(state["name"], "Alice");
}

#[test]
fn an_unclear_answer_never_adopts_a_membership_that_existed_before() {
    let ws = Workspace::new();
    ws.write(&membership("alice", "group_engineering", "\"user_alice\""));
    // The apply's first request is answered 502 after it ran. Were it the
    // add, its recovery would find alice's membership and take it for its
    // own; the check before the add sees it and refuses instead.
    ws.handle().set_faults(FaultConfig {
        fail_next_after_apply: vec![502],
        ..FaultConfig::default()
    });
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "User already in group",
            "terraform import <resource address> group_engineering/user_alice",
        ],
    );
    assert!(ws.state_list().is_empty(), "{out}");
    let handle = ws.handle();
    let faulted: Vec<String> = handle
        .requests()
        .iter()
        .filter(|r| r.cause == Some(FaultCause::AfterApply))
        .map(|r| r.key())
        .collect();
    assert_eq!(faulted, ["GET /organization/groups/{group_id}/users"]);
    assert!(members(&ws, "group_engineering").contains(&"user_alice".to_owned()));
}

#[test]
fn a_user_outside_the_organization_is_named_at_user_id() {
    let ws = Workspace::new();
    ws.write(&membership("ghost", "group_support", "\"user_ghost\""));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "User is not in the organization",
            "User user_ghost is not a member of this organization",
            // Terraform quotes the configuration line of the attribute path.
            "user_id = \"user_ghost\"",
        ],
    );
    assert!(ws.state_list().is_empty());
    assert_eq!(members(&ws, "group_support"), ["user_carol"]);
}

#[test]
fn an_unknown_group_is_named_at_group_id() {
    let ws = Workspace::new();
    ws.write(&membership("lost", "group_gone", "\"user_bob\""));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(&out, &["Group not found", "group_id = \"group_gone\""]);
}

#[test]
fn a_scim_group_refuses_new_members_naming_the_identity_provider() {
    let ws = Workspace::new();
    ws.write(&membership("erin", "group_sales", "\"user_erin\""));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "Group is managed by SCIM",
            "identity provider",
            "refuses to add members to it here",
            "group_id = \"group_sales\"",
        ],
    );
    assert!(ws.state_list().is_empty());
    assert_eq!(members(&ws, "group_sales"), ["user_dee"]);
}

#[test]
fn ids_are_validated_at_plan_time() {
    let ws = Workspace::new();
    ws.write(&membership("bad", "group support", "\"bob@example.com\""));
    let out = ws.fails(&["plan", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "Invalid value for group_id",
            "Invalid value for user_id",
            "'@' is not allowed",
        ],
    );
    assert_eq!(ws.handle().request_count(), 0, "nothing reached the API");
}

/// Every fixture user is a member of each of four new groups.
const USERS: [&str; 5] = [
    "user_alice",
    "user_bob",
    "user_carol",
    "user_dee",
    "user_erin",
];

/// A workspace where 20 memberships (4 groups x 5 users) were applied, and
/// the groups' IDs.
fn twenty_memberships() -> (Workspace, Vec<String>) {
    let ws = Workspace::new();
    let groups: Vec<String> = (1..=4)
        .map(|i| ws.handle().create_group(&format!("Team {i}")))
        .collect();
    let mut hcl = String::new();
    for (g, group_id) in groups.iter().enumerate() {
        for user in USERS {
            hcl.push_str(&membership(
                &format!("g{g}_{user}"),
                group_id,
                &format!("\"{user}\""),
            ));
        }
    }
    ws.write(&hcl);
    ws.apply();
    (ws, groups)
}

/// Requests of a `terraform plan` (a refresh of every membership, then the
/// plan), by route.
fn refresh_requests(ws: &Workspace) -> std::collections::BTreeMap<String, usize> {
    ws.handle().reset_counters();
    ws.plan_changes();
    ws.handle().request_counts()
}

#[test]
fn refresh_reads_each_group_once_and_confirms_misses_with_one_request_each() {
    let (ws, groups) = twenty_memberships();
    let list = "GET /organization/groups/{group_id}/users";
    let retrieve = "GET /organization/groups/{group_id}/users/{user_id}";
    // Pages of two: five members are three pages, four are two.
    let pages = |sizes: &[usize]| -> usize { sizes.iter().map(|n| n.div_ceil(2)).sum() };

    let clean = refresh_requests(&ws);
    eprintln!("refresh of 20 memberships in 4 groups: {clean:?}");
    let clean_pages = pages(&[5, 5, 5, 5]);
    assert_eq!(clean.get(list), Some(&clean_pages), "{clean:?}");
    assert_eq!(clean.get(retrieve), None, "{clean:?}");
    let total: usize = clean.values().sum();
    assert!(
        total <= clean_pages + 2,
        "issue bound: pages + 2: {clean:?}"
    );
    assert_eq!(total, clean_pages, "nothing but the lists: {clean:?}");

    // Two members gone: their lists are shorter, and each miss costs one
    // retrieve, not another list.
    assert!(ws.handle().remove_group_member(&groups[0], "user_bob"));
    assert!(ws.handle().remove_group_member(&groups[3], "user_dee"));
    let drifted = refresh_requests(&ws);
    eprintln!("refresh with 2 memberships gone: {drifted:?}");
    assert_eq!(
        drifted.get(list),
        Some(&pages(&[4, 5, 5, 4])),
        "{drifted:?}"
    );
    assert_eq!(drifted.get(retrieve), Some(&2), "{drifted:?}");
    // And one audit-log query per missing membership: who removed it.
    let audit = "GET /organization/audit_logs";
    assert_eq!(drifted.get(audit), Some(&2), "{drifted:?}");
    assert_eq!(
        drifted.values().sum::<usize>(),
        pages(&[4, 5, 5, 4]) + 2 + 2
    );
}

/// The issue's figure: a refresh of 200 memberships across 4 groups costs no
/// more than the pages of the 4 member lists plus 2 requests. Pages of 20
/// here, so each group's 50 members take 3 pages.
#[test]
fn refresh_of_200_memberships_costs_the_pages_of_four_lists() {
    let ws = Workspace::with_config(tfopenai::fake::FakeConfig {
        page_size: 20,
        ..Default::default()
    });
    let users: Vec<String> = (0..50)
        .map(|i| {
            ws.handle()
                .add_user(&format!("Member {i}"), &format!("m{i}@example.com"))
        })
        .collect();
    let mut hcl = String::new();
    for g in 0..4 {
        let group_id = ws.handle().create_group(&format!("Squad {g}"));
        for (u, user_id) in users.iter().enumerate() {
            hcl.push_str(&membership(
                &format!("g{g}_u{u}"),
                &group_id,
                &format!("\"{user_id}\""),
            ));
        }
    }
    ws.write(&hcl);
    ws.apply();
    let counts = refresh_requests(&ws);
    let total: usize = counts.values().sum();
    eprintln!("refresh of 200 memberships in 4 groups: {total} requests {counts:?}");
    let pages = 4 * 50usize.div_ceil(20);
    assert_eq!(
        counts.get("GET /organization/groups/{group_id}/users"),
        Some(&pages),
        "{counts:?}"
    );
    assert!(total <= pages + 2, "issue bound: pages + 2: {counts:?}");
}

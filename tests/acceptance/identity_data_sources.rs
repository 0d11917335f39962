//! `openai_user`, `openai_users` and `openai_groups` through Terraform:
//! lookups by email and ID, lists, and the errors of lookups that miss.

use serde_json::Value;

use crate::support::Workspace;

fn assert_mentions(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(out.contains(part), "{part:?} not in:\n{out}");
    }
}

fn field<'a>(items: &'a Value, key: &str) -> Vec<&'a str> {
    items
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| item[key].as_str().unwrap_or_default())
        .collect()
}

#[test]
fn user_by_email_ignores_case_and_by_id_fills_the_email() {
    let ws = Workspace::new();
    ws.write(
        r#"
data "openai_user" "bob" {
  email = "BOB@Example.com"
}

data "openai_user" "alice" {
  id = "user_alice"
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();

    let bob = ws.state_of("data.openai_user.bob");
    assert_eq!(bob["id"], "user_bob");
    assert_eq!(bob["email"], "BOB@Example.com", "kept as configured");
    assert_eq!(bob["name"], "Bob");
    assert_eq!(bob["role"], "reader");
    assert!(bob["added_at"].as_f64().unwrap() > 0.0, "{bob}");

    let alice = ws.state_of("data.openai_user.alice");
    assert_eq!(alice["email"], "alice@example.com");
    assert_eq!(alice["name"], "Alice");
    assert_eq!(alice["role"], "owner");
}

#[test]
fn user_needs_exactly_one_of_email_and_id_at_plan_time() {
    let ws = Workspace::new();
    ws.write("data \"openai_user\" \"x\" {}\n");
    let out = ws.fails(&["plan", "-no-color"]);
    assert_mentions(
        &out,
        &["Missing email or id", "Set exactly one of email or id"],
    );

    ws.write(
        r#"
data "openai_user" "x" {
  email = "bob@example.com"
  id    = "user_bob"
}
"#,
    );
    let out = ws.fails(&["plan", "-no-color"]);
    assert_mentions(&out, &["Conflicting email and id", "id = \"user_bob\""]);

    ws.write("data \"openai_user\" \"x\" {\n  email = \"user_bob\"\n}\n");
    let out = ws.fails(&["plan", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "Invalid value for email",
            "\"user_bob\" is not an email address",
        ],
    );
    assert_eq!(ws.handle().request_count(), 0, "nothing reached the API");
}

#[test]
fn users_that_do_not_exist_are_named() {
    let ws = Workspace::new();
    ws.write("data \"openai_user\" \"x\" {\n  email = \"zoe@example.com\"\n}\n");
    let out = ws.fails(&["plan", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "No user with email \"zoe@example.com\"",
            "email = \"zoe@example.com\"",
        ],
    );

    ws.write("data \"openai_user\" \"x\" {\n  id = \"user_zoe\"\n}\n");
    let out = ws.fails(&["plan", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "No user with ID \"user_zoe\"",
            "not a member of this organization",
            "id = \"user_zoe\"",
        ],
    );

    ws.write(
        r#"
data "openai_users" "team" {
  emails = ["bob@example.com", "zoe@example.com", "yann@example.com"]
}
"#,
    );
    let out = ws.fails(&["plan", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "No user with some of the emails",
            // Only the missing ones, not bob.
            "no user with the email addresses \"yann@example.com\", \"zoe@example.com\" (compared",
        ],
    );
}

#[test]
fn users_all_or_by_email() {
    let ws = Workspace::new();
    ws.write(
        r#"
data "openai_users" "everyone" {}

data "openai_users" "team" {
  emails = ["dee@example.com", "Carol@Example.com"]
}

data "openai_users" "nobody" {
  emails = []
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();

    let everyone = ws.state_of("data.openai_users.everyone");
    let mut expected: Vec<String> = ws.handle().users().into_iter().map(|u| u.id).collect();
    let mut ids: Vec<String> = field(&everyone["users"], "id")
        .into_iter()
        .map(str::to_owned)
        .collect();
    expected.sort();
    ids.sort();
    assert_eq!(ids, expected);
    assert_eq!(ids.len(), 5, "the fixture users, through pages of two");
    let alice = everyone["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "user_alice")
        .unwrap();
    assert_eq!(alice["email"], "alice@example.com");
    assert_eq!(alice["name"], "Alice");
    assert_eq!(alice["role"], "owner");

    let team = ws.state_of("data.openai_users.team");
    let mut emails = field(&team["users"], "email");
    emails.sort();
    assert_eq!(emails, ["carol@example.com", "dee@example.com"]);

    let nobody = ws.state_of("data.openai_users.nobody");
    assert_eq!(nobody["users"], serde_json::json!([]));
}

#[test]
fn groups_lists_every_group_with_its_scim_flag() {
    let ws = Workspace::new();
    let created = ws.handle().create_group("Data Science");
    ws.write(
        r#"
data "openai_groups" "all" {}

output "scim_managed" {
  value = [for g in data.openai_groups.all.groups : g.id if g.is_scim_managed]
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();

    let groups = &ws.state_of("data.openai_groups.all")["groups"];
    let expected: Vec<String> = ws.handle().groups().into_iter().map(|g| g.id).collect();
    assert_eq!(field(groups, "id"), expected, "every group, in API order");
    assert!(field(groups, "id").contains(&created.as_str()));
    let sales = groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "group_sales")
        .unwrap();
    assert_eq!(sales["name"], "Sales");
    assert_eq!(sales["is_scim_managed"], true);
    assert!(sales["created_at"].as_f64().unwrap() > 0.0);

    let out = ws.ok(&["output", "-json", "scim_managed"]);
    assert_eq!(out, "[\"group_sales\"]");
}

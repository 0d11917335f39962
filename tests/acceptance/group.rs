//! `openai_group` through Terraform: lifecycle, drift, import, plan-time
//! validation, and SCIM-managed groups refused at plan and apply time.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::json;
use tfopenai::fake::{FakeConfig, FaultCause, FaultConfig};

use crate::support::{Workspace, combined};

const ADDRESS: &str = "openai_group.team";

fn group_hcl(name: &str) -> String {
    format!(
        "resource \"openai_group\" \"team\" {{\n  name = {}\n}}\n",
        json!(name)
    )
}

fn state_id(ws: &Workspace) -> String {
    ws.state_of(ADDRESS)["id"]
        .as_str()
        .expect("id in state")
        .to_owned()
}

/// The fake's name of group `id`, or `None` when it does not exist.
fn fake_name(ws: &Workspace, id: &str) -> Option<String> {
    ws.handle()
        .groups()
        .into_iter()
        .find(|g| g.id == id)
        .map(|g| g.name)
}

fn assert_mentions(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(out.contains(part), "{part:?} not in:\n{out}");
    }
}

/// Requests that change something in the API.
fn writes(ws: &Workspace) -> usize {
    ws.handle()
        .request_counts()
        .iter()
        .filter(|(route, _)| !route.starts_with("GET "))
        .map(|(_, n)| n)
        .sum()
}

#[test]
fn create_rename_in_place_and_destroy() {
    let ws = Workspace::new();
    ws.write(&group_hcl("Data Science"));
    ws.apply();
    ws.assert_plan_empty();

    let id = state_id(&ws);
    // As the real API mints them: 32 hex characters, no prefix.
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
    assert_eq!(fake_name(&ws, &id).as_deref(), Some("Data Science"));
    let state = ws.state_of(ADDRESS);
    assert_eq!(state["is_scim_managed"], false);
    assert!(state["created_at"].as_f64().unwrap() > 0.0, "{state}");

    ws.write(&group_hcl("Data Science & ML"));
    let plan = ws.plan_changes().expect("a rename is planned");
    assert_mentions(&plan, &["1 to change, 0 to destroy"]);
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(state_id(&ws), id, "renamed in place");
    assert_eq!(fake_name(&ws, &id).as_deref(), Some("Data Science & ML"));
    assert_eq!(ws.state_of(ADDRESS)["created_at"], state["created_at"]);

    ws.destroy();
    assert_eq!(fake_name(&ws, &id), None);
    assert!(ws.state_list().is_empty());
}

#[test]
fn renamed_outside_terraform_is_renamed_back() {
    let ws = Workspace::new();
    ws.write(&group_hcl("Support Tier 2"));
    ws.apply();
    let id = state_id(&ws);
    assert!(ws.handle().rename_group(&id, "Escalations"));

    let plan = ws.plan_changes().expect("the drift is planned away");
    assert_mentions(
        &plan,
        &["1 to change", "\"Escalations\" -> \"Support Tier 2\""],
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(fake_name(&ws, &id).as_deref(), Some("Support Tier 2"));
}

#[test]
fn deleted_outside_terraform_warns_and_is_created_again() {
    let ws = Workspace::new();
    ws.write(&group_hcl("Ephemeral"));
    ws.apply();
    let id = state_id(&ws);
    assert!(ws.handle().delete_group(&id));

    let plan = ws.plan_changes().expect("the group is planned again");
    assert_mentions(
        &plan,
        &[
            "1 to add",
            &format!("openai_group {id} no longer exists"),
            "deleted outside Terraform",
        ],
    );
    ws.apply();
    ws.assert_plan_empty();
    let new_id = state_id(&ws);
    assert_ne!(new_id, id);
    assert_eq!(fake_name(&ws, &new_id).as_deref(), Some("Ephemeral"));
}

#[test]
fn invalid_names_fail_at_plan_with_the_attribute() {
    let ws = Workspace::new();
    let long = "x".repeat(256);
    for (name, detail) in [
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        (long.as_str(), "must be at most 255 characters, got 256"),
        (" Padded", "starts or ends with whitespace"),
    ] {
        ws.write(&group_hcl(name));
        let out = ws.fails(&["plan", "-no-color"]);
        assert_mentions(&out, &["Invalid value for name", detail]);
    }
    ws.write(&group_hcl(&"x".repeat(255)));
    ws.ok(&["plan", "-no-color"]);
    assert_eq!(ws.handle().request_count(), 0, "nothing reached the API");
}

#[test]
fn import_then_plan_is_empty_and_bad_ids_fail_readably() {
    let ws = Workspace::new();
    let id = ws.handle().create_group("Imported");
    ws.write(&group_hcl("Imported"));
    for bad in ["", "group_a/group_b", " group_a"] {
        let out = ws.fails(&["import", "-no-color", ADDRESS, bad]);
        assert_mentions(&out, &["Invalid import ID", "expected \"<group_id>\""]);
    }
    let out = ws.fails(&["import", "-no-color", ADDRESS, "group_missing"]);
    assert_mentions(
        &out,
        &[
            "Cannot import non-existent group",
            "no group with ID group_missing",
        ],
    );
    assert!(ws.state_list().is_empty());

    ws.ok(&["import", "-no-color", ADDRESS, &id]);
    ws.assert_plan_empty();
    let state = ws.state_of(ADDRESS);
    assert_eq!(state["id"], id.as_str());
    assert_eq!(state["is_scim_managed"], false);
}

/// The SCIM-managed fixture group, imported under the name it has.
fn imported_scim_group() -> Workspace {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_group" "sales" {
  name = "Sales"
}

resource "openai_group_role_assignment" "sales_viewer" {
  group_id = openai_group.sales.id
  role_id  = "role-api-organization-viewer"
}
"#,
    );
    ws.ok(&["import", "-no-color", "openai_group.sales", "group_sales"]);
    ws
}

#[test]
fn scim_group_can_be_imported_and_referred_to() {
    let ws = imported_scim_group();
    let state = ws.state_of("openai_group.sales");
    assert_eq!(state["is_scim_managed"], true);
    ws.apply();
    ws.assert_plan_empty();
    let assignments = ws.handle().group_assignments();
    assert_eq!(assignments.len(), 1, "{assignments:?}");
    assert_eq!(assignments[0].group_id, "group_sales");
}

#[test]
fn scim_group_rename_and_destroy_are_refused_at_plan_time() {
    let ws = imported_scim_group();
    ws.handle().reset_counters();
    let scim = [
        "Group is managed by SCIM",
        "Group group_sales is managed by SCIM",
        "identity provider",
    ];

    ws.write(
        r#"
resource "openai_group" "sales" {
  name = "Revenue"
}
"#,
    );
    let out = ws.fails(&["plan", "-no-color"]);
    assert_mentions(&out, &scim);
    assert_mentions(&out, &["refuses to rename it here", "name = \"Revenue\""]);

    // Destroys are planned too: `plan -destroy`, `destroy`, and a resource
    // removed from the configuration.
    ws.write(
        r#"
resource "openai_group" "sales" {
  name = "Sales"
}
"#,
    );
    for args in [
        &["plan", "-destroy", "-no-color"][..],
        &["destroy", "-auto-approve", "-no-color"],
    ] {
        let out = ws.fails(args);
        assert_mentions(&out, &scim);
        assert_mentions(&out, &["refuses to delete it here", "terraform state rm"]);
    }
    ws.write("");
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(&out, &scim);

    assert_eq!(writes(&ws), 0, "nothing was sent: refused at plan time");
    assert_eq!(fake_name(&ws, "group_sales").as_deref(), Some("Sales"));

    // Leaving it to the identity provider: forget it, delete nothing.
    ws.ok(&["state", "rm", "openai_group.sales"]);
    ws.assert_plan_empty();
    assert_eq!(fake_name(&ws, "group_sales").as_deref(), Some("Sales"));
}

#[test]
fn scim_refusal_at_apply_time_names_the_identity_provider() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_group" "sales" {
  name = "Sales"
}
"#,
    );
    ws.ok(&["import", "-no-color", "openai_group.sales", "group_sales"]);
    // A state that predates SCIM taking the group over: the plan cannot
    // know, so the refusal comes from the API at apply time.
    let pulled = ws.run(&["state", "pull"]);
    assert!(pulled.status.success(), "{}", combined(&pulled));
    let mut state: serde_json::Value = serde_json::from_slice(&pulled.stdout).expect("state JSON");
    state["serial"] = json!(state["serial"].as_u64().unwrap() + 1);
    state["resources"][0]["instances"][0]["attributes"]["is_scim_managed"] = json!(false);
    let path = ws.path().join("edited.tfstate");
    std::fs::write(&path, state.to_string()).unwrap();
    ws.ok(&["state", "push", "edited.tfstate"]);

    ws.write(
        r#"
resource "openai_group" "sales" {
  name = "Revenue"
}
"#,
    );
    let out = ws.fails(&["apply", "-auto-approve", "-refresh=false", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "Group is managed by SCIM",
            "change it in your identity provider",
            "refuses to rename it here",
            "name = \"Revenue\"",
        ],
    );
    let renames = ws.handle().request_counts()["POST /organization/groups/{group_id}"];
    assert_eq!(renames, 1, "the API was asked, and refused");
    assert_eq!(fake_name(&ws, "group_sales").as_deref(), Some("Sales"));
}

/// Applies the configuration with the group's create answered 502 after it
/// happened. Every request of `ws` must wait (`latency`), so that the fault
/// can be armed after the create's snapshot of the existing groups and
/// before the create. Returns the apply's output.
fn apply_with_unclear_create(ws: &Workspace) -> String {
    let handle = ws.handle();
    let snapshot_pages = handle.groups().len().div_ceil(2);
    let apply = ws
        .command(&["apply", "-auto-approve", "-no-color"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start terraform apply");
    let started = Instant::now();
    let listed = || {
        handle
            .request_counts()
            .get("GET /organization/groups")
            .copied()
            .unwrap_or(0)
    };
    while listed() < snapshot_pages {
        assert!(started.elapsed() < Duration::from_secs(60), "no snapshot");
        std::thread::sleep(Duration::from_millis(5));
    }
    handle.set_faults(FaultConfig {
        fail_next_after_apply: vec![502],
        ..FaultConfig::default()
    });
    let out = apply.wait_with_output().expect("terraform apply");
    let text = combined(&out);
    assert!(out.status.success(), "{text}");
    let faulted: Vec<String> = handle
        .requests()
        .iter()
        .filter(|r| r.cause == Some(FaultCause::AfterApply))
        .map(|r| r.key())
        .collect();
    assert_eq!(faulted, ["POST /organization/groups"], "{text}");
    text
}

/// IDs of the fake's groups named `name`.
fn named(ws: &Workspace, name: &str) -> Vec<String> {
    ws.handle()
        .groups()
        .into_iter()
        .filter(|g| g.name == name)
        .map(|g| g.id)
        .collect()
}

#[test]
fn create_answered_with_an_error_after_it_happened_is_not_repeated() {
    let ws = Workspace::with_config(FakeConfig {
        page_size: 2,
        latency: Duration::from_millis(700),
        ..FakeConfig::default()
    });
    let twin = ws.handle().create_group("Recovered");
    ws.write(&group_hcl("Recovered"));
    apply_with_unclear_create(&ws);
    ws.assert_plan_empty();

    let named = named(&ws, "Recovered");
    assert_eq!(named.len(), 2, "the twin and ours, no duplicate: {named:?}");
    let ours = state_id(&ws);
    assert_ne!(
        ours, twin,
        "the older group of the same name is not adopted"
    );
    assert!(named.contains(&ours));
    assert_eq!(
        ws.handle().request_counts()["POST /organization/groups"],
        1,
        "found, not created again"
    );
}

#[test]
fn an_unclear_create_not_listed_yet_is_found_not_repeated() {
    // The group is listed only a second after its create: longer than the
    // look right after the 502 takes, shorter than the consistency pauses.
    let ws = Workspace::with_config(FakeConfig {
        page_size: 2,
        latency: Duration::from_millis(300),
        read_after_write_delay: Duration::from_millis(1000),
        ..FakeConfig::default()
    });
    ws.write(&group_hcl("Lagging"));
    apply_with_unclear_create(&ws);

    assert_eq!(named(&ws, "Lagging"), [state_id(&ws)], "exactly one group");
    assert_eq!(
        ws.handle().request_counts()["POST /organization/groups"],
        1,
        "found, not created again"
    );
    ws.assert_plan_empty();
}

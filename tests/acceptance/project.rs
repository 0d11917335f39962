//! `openai_project` through Terraform: create, rename in place, archive on
//! destroy, archived and renamed outside Terraform, import; and the
//! `openai_project` data source.

use crate::support::Workspace;

const ADDRESS: &str = "openai_project.gamma";

fn config(name: &str) -> String {
    format!("resource \"openai_project\" \"gamma\" {{\n  name = \"{name}\"\n}}\n")
}

/// The fake's project `id`: (name, status).
fn project(ws: &Workspace, id: &str) -> (String, String) {
    let found = ws.handle().projects().into_iter().find(|p| p.id == id);
    let p = found.unwrap_or_else(|| panic!("the fake has no project {id}"));
    (p.name, p.status)
}

fn state_id(ws: &Workspace) -> String {
    ws.state_of(ADDRESS)["id"].as_str().unwrap().to_owned()
}

#[test]
fn project_is_created_renamed_in_place_and_archived_on_destroy() {
    let ws = Workspace::new();
    let fixtures = ws.handle().projects();
    ws.write(&config("Gamma"));
    ws.apply();
    ws.assert_plan_empty();
    let state = ws.state_of(ADDRESS);
    let id = state_id(&ws);
    assert!(id.starts_with("proj_"), "{state}");
    assert_eq!(state["name"], "Gamma");
    assert_eq!(state["status"], "active");
    assert!(state["created_at"].as_f64().unwrap() > 0.0, "{state}");
    assert_eq!(project(&ws, &id), ("Gamma".into(), "active".into()));

    ws.write(&config("Gamma Prime"));
    let plan = ws.plan_changes().expect("a rename is planned");
    assert!(plan.contains("1 to change"), "{plan}");
    assert!(!plan.contains("must be replaced"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(state_id(&ws), id, "renamed in place");
    assert_eq!(project(&ws, &id), ("Gamma Prime".into(), "active".into()));

    ws.destroy();
    assert!(ws.state_list().is_empty());
    assert_eq!(project(&ws, &id), ("Gamma Prime".into(), "archived".into()));
    // The fixture projects are untouched, and nothing but the archived one was added.
    let projects = ws.handle().projects();
    assert_eq!(projects.len(), fixtures.len() + 1);
    for fixture in fixtures {
        assert!(projects.contains(&fixture), "{fixture:?} changed");
    }
}

#[test]
fn project_archived_outside_terraform_is_reported_and_created_again() {
    let ws = Workspace::new();
    ws.write(&config("Gamma"));
    ws.apply();
    let old = state_id(&ws);
    assert!(ws.handle().archive_project(&old));

    let plan = ws.plan_changes().expect("a new project is planned");
    assert!(
        plan.contains(&format!("openai_project {old} was archived")),
        "{plan}"
    );
    assert!(plan.contains("archived outside Terraform"), "{plan}");
    assert!(
        plan.contains("1 to add, 0 to change, 0 to destroy"),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    let new = state_id(&ws);
    assert_ne!(new, old);
    assert_eq!(project(&ws, &new), ("Gamma".into(), "active".into()));
}

#[test]
fn project_renamed_outside_terraform_is_renamed_back() {
    let ws = Workspace::new();
    ws.write(&config("Gamma"));
    ws.apply();
    let id = state_id(&ws);
    assert!(ws.handle().rename_project(&id, "Renamed"));
    let plan = ws.plan_changes().expect("the drift is planned away");
    assert!(plan.contains("\"Renamed\" -> \"Gamma\""), "{plan}");
    assert!(plan.contains("1 to change"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(project(&ws, &id), ("Gamma".into(), "active".into()));
}

#[test]
fn project_import_by_id_and_import_block() {
    let ws = Workspace::new();
    ws.write(&config("Beta"));
    for bad in ["proj_beta/x", "/proj_beta", " proj_beta"] {
        let out = ws.fails(&["import", "-no-color", ADDRESS, bad]);
        assert!(out.contains("Invalid import ID"), "{out}");
        assert!(out.contains("expected \"<project_id>\""), "{out}");
    }
    let out = ws.fails(&["import", "-no-color", ADDRESS, "proj_legacy"]);
    assert!(out.contains("Cannot import an archived project"), "{out}");
    let out = ws.fails(&["import", "-no-color", ADDRESS, "proj_nope"]);
    assert!(out.contains("Cannot import non-existent project"), "{out}");
    assert!(ws.state_list().is_empty());

    ws.ok(&["import", "-no-color", ADDRESS, "proj_beta"]);
    ws.assert_plan_empty();
    assert_eq!(ws.state_of(ADDRESS)["name"], "Beta");

    // The same with an import block, into a fresh state.
    let ws = Workspace::new();
    ws.write(&format!(
        "import {{\n  to = {ADDRESS}\n  id = \"proj_alpha\"\n}}\n\n{}",
        config("Alpha")
    ));
    let plan = ws.plan_changes().expect("an import is planned");
    assert!(
        plan.contains("1 to import, 0 to add, 0 to change, 0 to destroy"),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(state_id(&ws), "proj_alpha");
}

#[test]
fn project_name_is_validated_at_plan_time() {
    let ws = Workspace::new();
    ws.write(&config("   "));
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Invalid value for name"), "{out}");
    assert!(
        out.contains("must not be empty or only whitespace"),
        "{out}"
    );
    assert_eq!(ws.handle().request_count(), 0, "nothing was sent");
}

#[test]
fn project_data_source_by_name_and_by_id() {
    let ws = Workspace::new();
    ws.write(
        r#"
data "openai_project" "alpha" {
  name = "Alpha"
}

data "openai_project" "legacy" {
  id = "proj_legacy"
}

output "alpha" {
  value = [data.openai_project.alpha.id, data.openai_project.alpha.status]
}

output "legacy" {
  value = [data.openai_project.legacy.name, data.openai_project.legacy.status]
}
"#,
    );
    ws.apply();
    let out = ws.ok(&["output", "-json"]);
    let outputs: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        outputs["alpha"]["value"],
        serde_json::json!(["proj_alpha", "active"])
    );
    assert_eq!(
        outputs["legacy"]["value"],
        serde_json::json!(["Legacy", "archived"])
    );
}

#[test]
fn project_data_source_errors_name_the_attribute() {
    let ws = Workspace::new();
    let other_alpha = ws.handle().create_project("Alpha");
    let lookup = |body: &str| format!("data \"openai_project\" \"p\" {{\n{body}\n}}\n");

    ws.write(&lookup("  name = \"Alpha\""));
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Several projects named \"Alpha\""), "{out}");
    assert!(out.contains(&format!("proj_alpha, {other_alpha}")), "{out}");
    assert!(out.contains("look the one you mean up by id"), "{out}");

    // By name, archived projects are not searched.
    ws.write(&lookup("  name = \"Legacy\""));
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("No project named \"Legacy\""), "{out}");

    let requests = ws.handle().request_count();
    ws.write(&lookup("  name = \"Alpha\"\n  id = \"proj_alpha\""));
    let out = ws.fails(&["validate", "-no-color"]);
    assert!(out.contains("Error: Conflicting name and id"), "{out}");
    assert!(out.contains("id = \"proj_alpha\""), "points at id: {out}");

    ws.write(&lookup(""));
    let out = ws.fails(&["validate", "-no-color"]);
    assert!(out.contains("Error: Missing name or id"), "{out}");

    ws.write(&lookup("  id = \"alpha\""));
    let out = ws.fails(&["validate", "-no-color"]);
    assert!(out.contains("Error: Invalid value for id"), "{out}");
    assert!(out.contains("id = \"alpha\""), "points at id: {out}");
    assert!(out.contains("it must start with"), "{out}");
    assert_eq!(
        ws.handle().request_count(),
        requests,
        "rejected before any API call"
    );
}

#[test]
fn project_resources_refresh_with_one_list_per_project() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_project" "gamma" {
  name = "Gamma"
}

resource "openai_project" "delta" {
  name = "Delta"
}

resource "openai_project_user" "alpha" {
  for_each   = toset(["user_carol", "user_dee", "user_erin"])
  project_id = "proj_alpha"
  user_id    = each.key
  role       = "member"
}

resource "openai_project_user" "beta_dee" {
  project_id = "proj_beta"
  user_id    = "user_dee"
  role       = "member"
}

resource "openai_project_group" "alpha" {
  for_each   = toset(["group_contractors", "group_sales"])
  project_id = "proj_alpha"
  group_id   = each.key
  role       = "role-api-project-viewer"
}
"#,
    );
    ws.apply();
    let handle = ws.handle();
    handle.reset_counters();
    ws.assert_plan_empty();
    let counts = handle.request_counts();
    let count = |route: &str| counts.get(route).copied().unwrap_or(0);
    let pages = |items: usize| items.div_ceil(2).max(1);
    // Pages of 2: every project (archived ones included) once; the users of
    // proj_alpha (2 fixtures + 3) and proj_beta (1 + 1) once each; the
    // groups of proj_alpha (3 + 2) once; one role list per project group.
    let expected = [
        ("GET /organization/projects", pages(handle.projects().len())),
        (
            "GET /organization/projects/{project_id}/users",
            pages(5) + pages(2),
        ),
        ("GET /organization/projects/{project_id}/groups", pages(5)),
        ("GET /projects/{project_id}/groups/{group_id}/roles", 2),
    ];
    for (route, n) in expected {
        assert_eq!(count(route), n, "{route}: {counts:?}");
    }
    assert_eq!(
        counts.values().sum::<usize>(),
        expected.iter().map(|(_, n)| n).sum::<usize>(),
        "nothing else was requested: {counts:?}"
    );
}

fn config_with_key(name: &str, key: &str) -> String {
    format!(
        "resource \"openai_project\" \"gamma\" {{\n  name            = \"{name}\"\n  \
         external_key_id = \"{key}\"\n}}\n"
    )
}

/// The fake's `external_key_id` of project `id` (null when it has none).
fn fake_key(ws: &Workspace, id: &str) -> serde_json::Value {
    let (status, body) = ws.fake_request("GET", &format!("/v1/organization/projects/{id}"), None);
    assert_eq!(status, 200, "{body}");
    body["external_key_id"].clone()
}

#[test]
fn project_external_key_is_sent_at_create_changed_in_place_and_drift_is_planned_away() {
    let ws = Workspace::new();
    ws.write(&config_with_key("Gamma", "ekm_one"));
    ws.apply();
    ws.assert_plan_empty();
    let id = state_id(&ws);
    assert_eq!(fake_key(&ws, &id), "ekm_one");
    assert_eq!(ws.state_of(ADDRESS)["external_key_id"], "ekm_one");

    // Changed in place, with the name.
    ws.write(&config_with_key("Gamma Prime", "ekm_two"));
    let plan = ws.plan_changes().expect("a change is planned");
    assert!(plan.contains("\"ekm_one\" -> \"ekm_two\""), "{plan}");
    assert!(plan.contains("1 to change"), "{plan}");
    assert!(!plan.contains("must be replaced"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(state_id(&ws), id, "changed in place");
    assert_eq!(fake_key(&ws, &id), "ekm_two");

    // Changed outside Terraform: the next plan puts it back.
    let (status, body) = ws.fake_request(
        "POST",
        &format!("/v1/organization/projects/{id}"),
        Some(serde_json::json!({"external_key_id": "ekm_other"})),
    );
    assert_eq!(status, 200, "{body}");
    let plan = ws.plan_changes().expect("the drift is planned away");
    assert!(plan.contains("\"ekm_other\" -> \"ekm_two\""), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(fake_key(&ws, &id), "ekm_two");

    // Left out of the configuration, the key is no longer managed: a rename
    // plans no key change and leaves it attached, and the state follows
    // the API.
    ws.write(&config("Gamma"));
    let plan = ws.plan_changes().expect("the rename");
    assert!(!plan.contains("external_key_id"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(fake_key(&ws, &id), "ekm_two");
    assert_eq!(ws.state_of(ADDRESS)["external_key_id"], "ekm_two");
}

#[test]
fn project_external_key_is_imported_and_validated_at_plan_time() {
    let ws = Workspace::new();
    let (status, body) = ws.fake_request(
        "POST",
        "/v1/organization/projects/proj_beta",
        Some(serde_json::json!({"external_key_id": "ekm_beta"})),
    );
    assert_eq!(status, 200, "{body}");
    ws.write(&config_with_key("Beta", "ekm_beta"));
    ws.ok(&["import", "-no-color", ADDRESS, "proj_beta"]);
    assert_eq!(ws.state_of(ADDRESS)["external_key_id"], "ekm_beta");
    ws.assert_plan_empty();

    let requests = ws.handle().request_count();
    ws.write(&config_with_key("Beta", "  "));
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Invalid value for external_key_id"), "{out}");
    // (The output's whitespace is collapsed.)
    assert!(
        out.contains("external_key_id = \" \""),
        "points at it: {out}"
    );
    assert_eq!(ws.handle().request_count(), requests, "nothing was sent");
}

#[test]
fn project_geography_is_refused_at_plan_time_saying_why() {
    let ws = Workspace::new();
    ws.write(
        "resource \"openai_project\" \"gamma\" {\n  name      = \"Gamma\"\n  \
         geography = \"US\"\n}\n",
    );
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Invalid value for geography"), "{out}");
    assert!(out.contains("geography = \"US\""), "points at it: {out}");
    assert!(out.contains("no `geography` setting"), "{out}");
    assert!(out.contains("residency"), "{out}");
    assert_eq!(ws.handle().request_count(), 0, "nothing was sent");
}

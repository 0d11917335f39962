//! `openai_project_role` through Terraform.

use crate::support::{Workspace, strings};

fn role_hcl(project: &str, name: &str, permissions: &[&str], description: Option<&str>) -> String {
    let perms = permissions
        .iter()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let description = description
        .map(|d| format!("  description = \"{d}\"\n"))
        .unwrap_or_default();
    format!(
        "resource \"openai_project_role\" \"keys\" {{\n  project_id  = \"{project}\"\n  name        = \"{name}\"\n  permissions = [{perms}]\n{description}}}\n"
    )
}

#[test]
fn create_then_plan_is_empty_and_state_matches_api() {
    let ws = Workspace::new();
    ws.write(&role_hcl(
        "proj_alpha",
        "Key Manager",
        // Unsorted with the API sorting them back: must not cause a diff.
        &[
            "api.organization.projects.api_keys.write",
            "api.organization.projects.api_keys.read",
        ],
        Some("Manages API keys"),
    ));
    ws.apply();
    ws.assert_plan_empty();

    let roles = ws.handle().custom_project_roles("proj_alpha");
    assert_eq!(roles.len(), 1);
    let state = ws.state_of("openai_project_role.keys");
    assert_eq!(state["id"], roles[0].id.as_str());
    // As the real API mints them: `role_<project>~<hex>`.
    assert!(
        roles[0].id.starts_with("role_proj_alpha~"),
        "{}",
        roles[0].id
    );
    assert_eq!(state["name"], "Key Manager");
    assert_eq!(state["description"], "Manages API keys");
    assert_eq!(state["resource_type"], "api.project");
    assert_eq!(state["predefined_role"], false);
    assert_eq!(
        strings(&state["permissions"]),
        [
            "api.organization.projects.api_keys.read",
            "api.organization.projects.api_keys.write"
        ]
    );
}

#[test]
fn name_permissions_and_description_update_in_place() {
    let ws = Workspace::new();
    ws.write(&role_hcl(
        "proj_alpha",
        "Readers",
        &["api.files.read"],
        None,
    ));
    ws.apply();
    let id = ws.state_of("openai_project_role.keys")["id"].clone();

    ws.write(&role_hcl(
        "proj_alpha",
        "Readers and writers",
        &["api.files.read", "api.files.write"],
        Some("Files team"),
    ));
    let plan = ws.plan_changes().expect("a change is planned");
    assert!(plan.contains("1 to change, 0 to destroy"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();

    let state = ws.state_of("openai_project_role.keys");
    assert_eq!(state["id"], id, "the role keeps its id");
    let roles = ws.handle().custom_project_roles("proj_alpha");
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0].name, "Readers and writers");
    assert_eq!(roles[0].description.as_deref(), Some("Files team"));
    assert_eq!(roles[0].permissions, ["api.files.read", "api.files.write"]);

    // Removing the description clears it in the API.
    ws.write(&role_hcl(
        "proj_alpha",
        "Readers and writers",
        &["api.files.read"],
        None,
    ));
    ws.apply();
    ws.assert_plan_empty();
    let roles = ws.handle().custom_project_roles("proj_alpha");
    assert_eq!(roles[0].description, None);
    assert_eq!(roles[0].permissions, ["api.files.read"]);
}

#[test]
fn changing_project_replaces_the_role() {
    let ws = Workspace::new();
    ws.write(&role_hcl("proj_alpha", "Movers", &["api.files.read"], None));
    ws.apply();
    let old_id = ws.state_of("openai_project_role.keys")["id"].clone();

    ws.write(&role_hcl("proj_beta", "Movers", &["api.files.read"], None));
    let plan = ws.plan_changes().expect("a change is planned");
    assert!(plan.contains("must be replaced"), "{plan}");
    assert!(plan.contains("# forces replacement"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();

    assert!(ws.handle().custom_project_roles("proj_alpha").is_empty());
    let moved = ws.handle().custom_project_roles("proj_beta");
    assert_eq!(moved.len(), 1);
    assert_ne!(serde_json::json!(moved[0].id), old_id);
}

#[test]
fn out_of_band_deletion_is_detected_and_recreated() {
    let ws = Workspace::new();
    ws.write(&role_hcl(
        "proj_alpha",
        "Ephemeral",
        &["api.files.read"],
        None,
    ));
    ws.apply();
    let id = ws.state_of("openai_project_role.keys")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(ws.handle().delete_project_role("proj_alpha", &id));

    let plan = ws
        .plan_changes()
        .expect("the deleted role is planned again");
    assert!(plan.contains("1 to add"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    let roles = ws.handle().custom_project_roles("proj_alpha");
    assert_eq!(roles.len(), 1);
    assert_ne!(roles[0].id, id);
}

#[test]
fn out_of_band_permission_edit_is_detected_and_reverted() {
    let ws = Workspace::new();
    ws.write(&role_hcl("proj_alpha", "Drifty", &["api.files.read"], None));
    ws.apply();
    let id = ws.state_of("openai_project_role.keys")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        ws.handle()
            .set_project_role_permissions("proj_alpha", &id, &["api.files.write"])
    );

    let plan = ws.plan_changes().expect("drift is planned away");
    assert!(plan.contains("1 to change"), "{plan}");
    ws.apply();
    let roles = ws.handle().custom_project_roles("proj_alpha");
    assert_eq!(roles[0].permissions, ["api.files.read"]);
}

/// The API accepts a role that grants nothing (the official provider tests
/// one live), and real custom project role ids hold a `~`, which must pass
/// the role_id validation of an assignment once the id is known.
#[test]
fn a_role_without_permissions_applies_plans_empty_and_imports() {
    let ws = Workspace::new();
    let assignment = r#"
resource "openai_user_role_assignment" "alice" {
  project_id = "proj_alpha"
  user_id    = "user_alice"
  role_id    = openai_project_role.keys.id
}
"#;
    ws.write(&format!(
        "{}{assignment}",
        role_hcl("proj_alpha", "Nothing Yet", &[], None)
    ));
    ws.apply();
    ws.assert_plan_empty();
    let roles = ws.handle().custom_project_roles("proj_alpha");
    assert_eq!(roles.len(), 1);
    assert!(
        roles[0].permissions.is_empty(),
        "{:?}",
        roles[0].permissions
    );
    assert!(roles[0].id.contains('~'), "{}", roles[0].id);
    let state = ws.state_of("openai_project_role.keys");
    assert_eq!(strings(&state["permissions"]), Vec::<String>::new());

    ws.ok(&["state", "rm", "openai_project_role.keys"]);
    let out = ws.ok(&[
        "import",
        "-no-color",
        "openai_project_role.keys",
        &format!("proj_alpha/{}", roles[0].id),
    ]);
    assert!(out.contains("Import successful"), "{out}");
    ws.assert_plan_empty();
}

#[test]
fn import_then_plan_is_empty() {
    let ws = Workspace::new();
    // Enough roles that the imported one sits beyond the first page.
    for i in 0..4 {
        ws.handle()
            .insert_project_role("proj_alpha", &format!("filler {i}"), &["api.files.read"]);
    }
    let role = ws.handle().insert_project_role(
        "proj_alpha",
        "Imported",
        &["api.model.request", "api.files.read"],
    );
    ws.write(&role_hcl(
        "proj_alpha",
        "Imported",
        &["api.files.read", "api.model.request"],
        None,
    ));
    let out = ws.ok(&[
        "import",
        "-no-color",
        "openai_project_role.keys",
        &format!("proj_alpha/{}", role.id),
    ]);
    assert!(out.contains("Import successful"), "{out}");
    ws.assert_plan_empty();
    assert_eq!(
        ws.state_of("openai_project_role.keys")["id"],
        role.id.as_str()
    );
}

#[test]
fn malformed_and_unknown_import_ids_fail_readably() {
    let ws = Workspace::new();
    ws.write(&role_hcl("proj_alpha", "X", &["api.files.read"], None));
    let out = ws.fails(&[
        "import",
        "-no-color",
        "openai_project_role.keys",
        "role_only",
    ]);
    assert!(out.contains("Invalid import ID"), "{out}");
    assert!(out.contains("\"<project_id>/<role_id>\""), "{out}");

    let out = ws.fails(&[
        "import",
        "-no-color",
        "openai_project_role.keys",
        "proj_alpha/role_missing",
    ]);
    assert!(out.contains("has no role with ID role_missing"), "{out}");
    assert!(ws.state_list().is_empty());
}

#[test]
fn invalid_permissions_fail_at_plan_with_the_attribute() {
    let ws = Workspace::new();
    ws.write(&role_hcl("proj_alpha", "Bad", &["Files.Read"], None));
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Invalid value for permissions"), "{out}");
    assert!(
        out.contains("\"Files.Read\" is not a permission name"),
        "{out}"
    );
    assert!(out.contains("permissions"), "{out}");
    assert_eq!(ws.handle().request_count(), 0, "nothing reached the API");
}

#[test]
fn unknown_permission_rejected_by_the_api_is_reported() {
    let ws = Workspace::new();
    ws.write(&role_hcl("proj_alpha", "Bad", &["api.made_up.read"], None));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(out.contains("Failed to create project role"), "{out}");
    assert!(out.contains("api.made_up.read"), "{out}");
    assert!(
        ws.state_list().is_empty(),
        "nothing recorded for a failed create"
    );
}

#[test]
fn duplicate_name_points_to_import() {
    let ws = Workspace::new();
    let existing = ws
        .handle()
        .insert_project_role("proj_alpha", "Taken", &["api.files.read"]);
    ws.write(&role_hcl("proj_alpha", "Taken", &["api.files.read"], None));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(out.contains("Project role already exists"), "{out}");
    assert!(out.contains("terraform import"), "{out}");
    assert_eq!(
        ws.handle().custom_project_roles("proj_alpha"),
        vec![existing]
    );
}

//! `openai_group_role_assignment` through Terraform, both scopes.

use tfopenai::fake::FakeAssignment;

use crate::support::{Workspace, strings};

const ROLE_AND_PROJECT_ASSIGNMENT: &str = r#"
resource "openai_project_role" "keys" {
  project_id  = "proj_alpha"
  name        = "Key Manager"
  permissions = ["api.organization.projects.api_keys.read"]
}

resource "openai_group_role_assignment" "support_keys" {
  project_id = "proj_alpha"
  group_id   = "group_support"
  role_id    = openai_project_role.keys.id
}
"#;

const ORG_ASSIGNMENT: &str = r#"
resource "openai_group_role_assignment" "finance_viewer" {
  group_id = "group_finance"
  role_id  = "role-api-organization-viewer"
}
"#;

fn assignment(project: Option<&str>, group: &str, role: &str) -> FakeAssignment {
    FakeAssignment {
        project_id: project.map(str::to_owned),
        group_id: group.into(),
        role_id: role.into(),
    }
}

#[test]
fn project_and_org_assignments_are_created_and_stable() {
    let ws = Workspace::new();
    ws.write(&format!("{ROLE_AND_PROJECT_ASSIGNMENT}{ORG_ASSIGNMENT}"));
    ws.apply();
    ws.assert_plan_empty();

    let role_id = ws.handle().custom_project_roles("proj_alpha")[0].id.clone();
    let mut expected = vec![
        assignment(Some("proj_alpha"), "group_support", &role_id),
        assignment(None, "group_finance", "role-api-organization-viewer"),
    ];
    expected.sort();
    let mut actual = ws.handle().group_assignments();
    actual.sort();
    assert_eq!(actual, expected);

    let project = ws.state_of("openai_group_role_assignment.support_keys");
    assert_eq!(project["id"], format!("proj_alpha/group_support/{role_id}"));
    assert_eq!(project["group_name"], "Support");
    assert_eq!(project["role_name"], "Key Manager");
    assert_eq!(project["resource_type"], "api.project");
    assert_eq!(
        strings(&project["permissions"]),
        ["api.organization.projects.api_keys.read"]
    );

    let org = ws.state_of("openai_group_role_assignment.finance_viewer");
    assert_eq!(org["id"], "group_finance/role-api-organization-viewer");
    assert_eq!(org["project_id"], serde_json::Value::Null);
    assert_eq!(org["group_name"], "Finance");
    assert_eq!(org["resource_type"], "api.organization");
    assert_eq!(org["predefined_role"], true);
}

#[test]
fn predefined_role_alias_keeps_configured_id() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_group_role_assignment" "eng_member" {
  project_id = "proj_alpha"
  group_id   = "group_engineering"
  role_id    = "role-api-project-member"
}
"#,
    );
    ws.apply();
    ws.assert_plan_empty();
    let state = ws.state_of("openai_group_role_assignment.eng_member");
    assert_eq!(state["role_id"], "role-api-project-member");
    assert_eq!(state["role_name"], "member");
}

#[test]
fn changing_group_or_project_replaces_the_assignment() {
    let ws = Workspace::new();
    let hcl = |project: &str, group: &str| {
        format!(
            "resource \"openai_group_role_assignment\" \"a\" {{\n  project_id = \"{project}\"\n  group_id = \"{group}\"\n  role_id = \"role-api-project-viewer\"\n}}\n"
        )
    };
    ws.write(&hcl("proj_alpha", "group_support"));
    ws.apply();
    ws.write(&hcl("proj_beta", "group_engineering"));
    let plan = ws.plan_changes().expect("a replacement is planned");
    assert!(plan.contains("must be replaced"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(
        ws.handle().group_assignments(),
        vec![assignment(
            Some("proj_beta"),
            "group_engineering",
            &tfopenai::fake::project_role_id("viewer", "proj_beta")
        )]
    );
}

#[test]
fn import_both_scopes_then_plan_is_empty() {
    let ws = Workspace::new();
    let role = ws.handle().insert_project_role(
        "proj_alpha",
        "Key Manager",
        &["api.organization.projects.api_keys.read"],
    );
    assert!(
        ws.handle()
            .insert_group_assignment(Some("proj_alpha"), "group_support", &role.id)
    );
    assert!(ws.handle().insert_group_assignment(
        None,
        "group_finance",
        "role-api-organization-viewer"
    ));
    ws.write(&format!(
        r#"
resource "openai_group_role_assignment" "support_keys" {{
  project_id = "proj_alpha"
  group_id   = "group_support"
  role_id    = "{}"
}}
{ORG_ASSIGNMENT}"#,
        role.id
    ));
    ws.ok(&[
        "import",
        "-no-color",
        "openai_group_role_assignment.support_keys",
        &format!("proj_alpha/group_support/{}", role.id),
    ]);
    ws.ok(&[
        "import",
        "-no-color",
        "openai_group_role_assignment.finance_viewer",
        "group_finance/role-api-organization-viewer",
    ]);
    ws.assert_plan_empty();
    assert_eq!(
        ws.state_of("openai_group_role_assignment.support_keys")["group_name"],
        "Support"
    );
}

#[test]
fn bad_import_ids_show_the_expected_format() {
    let ws = Workspace::new();
    ws.write(ORG_ASSIGNMENT);
    for bad in ["group_finance", "a/b/c/d", "group_finance/"] {
        let out = ws.fails(&[
            "import",
            "-no-color",
            "openai_group_role_assignment.finance_viewer",
            bad,
        ]);
        assert!(out.contains("Invalid import ID"), "{out}");
        assert!(
            out.contains("\"<project_id>/<group_id>/<role_id>\" or \"<group_id>/<role_id>\""),
            "{out}"
        );
    }
    let out = ws.fails(&[
        "import",
        "-no-color",
        "openai_group_role_assignment.finance_viewer",
        "group_finance/role-api-organization-owner",
    ]);
    assert!(out.contains("does not exist"), "{out}");
    assert!(ws.state_list().is_empty());
}

#[test]
fn out_of_band_removal_is_detected_and_recreated() {
    let ws = Workspace::new();
    ws.write(&format!("{ROLE_AND_PROJECT_ASSIGNMENT}{ORG_ASSIGNMENT}"));
    ws.apply();
    let role_id = ws.handle().custom_project_roles("proj_alpha")[0].id.clone();
    assert!(
        ws.handle()
            .remove_group_assignment(Some("proj_alpha"), "group_support", &role_id)
    );
    assert!(ws.handle().remove_group_assignment(
        None,
        "group_finance",
        "role-api-organization-viewer"
    ));

    let plan = ws
        .plan_changes()
        .expect("removed assignments are planned again");
    assert!(plan.contains("2 to add"), "{plan}");
    ws.apply();
    ws.assert_plan_empty();
    assert_eq!(ws.handle().group_assignments().len(), 2);
}

#[test]
fn destroy_removes_everything_from_the_api() {
    let ws = Workspace::new();
    ws.write(&format!("{ROLE_AND_PROJECT_ASSIGNMENT}{ORG_ASSIGNMENT}"));
    ws.apply();
    assert_eq!(ws.handle().group_assignments().len(), 2);
    ws.destroy();
    assert!(ws.handle().group_assignments().is_empty());
    assert!(ws.handle().custom_project_roles("proj_alpha").is_empty());
    assert!(ws.state_list().is_empty());
}

#[test]
fn group_outside_the_project_gets_a_helpful_error() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_group_role_assignment" "contractors" {
  project_id = "proj_alpha"
  group_id   = "group_contractors"
  role_id    = "role-api-project-viewer"
}
"#,
    );
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(
        out.contains("Group is not a member of the project"),
        "{out}"
    );
    assert!(
        out.contains(
            "Give group group_contractors access to project proj_alpha first with an \
             openai_project_group resource"
        ),
        "{out}"
    );
    assert!(ws.state_list().is_empty());
}

#[test]
fn existing_assignment_is_not_adopted() {
    let ws = Workspace::new();
    assert!(ws.handle().insert_group_assignment(
        None,
        "group_finance",
        "role-api-organization-viewer"
    ));
    ws.write(ORG_ASSIGNMENT);
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(out.contains("Role already assigned"), "{out}");
    assert!(
        out.contains(
            "terraform import <resource address> group_finance/role-api-organization-viewer"
        ),
        "{out}"
    );
    assert!(ws.state_list().is_empty());
}

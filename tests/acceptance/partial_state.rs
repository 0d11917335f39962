//! A create that worked is never lost from the state: a failure after the
//! write leaves the object in the state (tainted when the apply failed),
//! and a display label that cannot be looked up never fails the create.

use std::collections::BTreeMap;

use tfopenai::fake::{FakeConfig, FaultConfig};

use crate::support::{Workspace, combined};

/// main.tf with a provider block that never retries, so one injected
/// failure is one failed request.
fn write_without_retries(ws: &Workspace, resources: &str) {
    ws.write_raw(&format!(
        "provider \"openai\" {{\n  base_url    = \"{}\"\n  api_key     = \"{}\"\n  max_retries = 0\n}}\n\n{resources}",
        ws.fake.base_url(),
        crate::support::API_KEY
    ));
}

fn routes(entries: &[(&str, &[u16])]) -> BTreeMap<String, Vec<u16>> {
    entries
        .iter()
        .map(|(route, statuses)| ((*route).to_owned(), statuses.to_vec()))
        .collect()
}

#[test]
fn an_assignment_whose_label_lookup_fails_is_kept_and_converges() {
    let ws = Workspace::with_config(FakeConfig::default());
    write_without_retries(
        &ws,
        r#"
resource "openai_group_role_assignment" "finance" {
  group_id = "group_finance"
  role_id  = "role-api-organization-viewer"
}
"#,
    );
    // The assignment is made but answered 503; the recovery finds it, and
    // the organization's group list (for group_name) then fails.
    ws.handle().set_faults(FaultConfig {
        fail_route_after_apply: routes(&[("POST /organization/groups/{group_id}/roles", &[503])]),
        fail_route: routes(&[("GET /organization/groups", &[500])]),
        ..FaultConfig::default()
    });
    let out = ws.apply();
    assert!(out.contains("group_name not known yet"), "{out}");
    let address = "openai_group_role_assignment.finance";
    let entry = ws
        .state_entry(address)
        .expect("the assignment is in the state");
    assert_eq!(
        entry["values"]["id"],
        "group_finance/role-api-organization-viewer"
    );
    assert!(entry["values"]["group_name"].is_null(), "{entry}");
    assert!(
        entry.get("tainted").is_none(),
        "nothing is wrong with it: {entry}"
    );
    let faults = ws.handle().faults();
    assert!(
        faults.fail_route.is_empty() && faults.fail_route_after_apply.is_empty(),
        "both faults were hit: {faults:?}"
    );

    // The next refresh fills the label in; nothing to change.
    let again = ws.apply();
    assert!(!again.contains("already"), "{again}");
    ws.assert_plan_empty();
    assert_eq!(ws.state_of(address)["group_name"], "Finance");
}

#[test]
fn access_made_before_a_failed_step_is_kept_tainted_and_replaced() {
    let ws = Workspace::with_config(FakeConfig::default());
    write_without_retries(
        &ws,
        r#"
resource "openai_project_group" "contractors" {
  project_id = "proj_alpha"
  group_id   = "group_contractors"
  role       = "role-api-project-viewer"
}
"#,
    );
    // The join is made but answered 503; the recovery finds it, and making
    // sure of its role then fails.
    ws.handle().set_faults(FaultConfig {
        fail_route_after_apply: routes(&[(
            "POST /organization/projects/{project_id}/groups",
            &[503],
        )]),
        fail_route: routes(&[(
            "POST /projects/{project_id}/groups/{group_id}/roles",
            &[400],
        )]),
        ..FaultConfig::default()
    });
    let out = ws.run(&["apply", "-auto-approve", "-no-color"]);
    let text = combined(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("Injected fault (status 400)"), "{text}");
    let address = "openai_project_group.contractors";
    let entry = ws.state_entry(address).expect("the access is in the state");
    assert_eq!(entry["values"]["id"], "proj_alpha/group_contractors");
    assert_eq!(entry["tainted"], true, "{entry}");
    assert!(
        ws.handle()
            .project_groups("proj_alpha")
            .contains(&"group_contractors".to_owned())
    );

    // The next apply replaces the tainted access instead of failing on it.
    let again = ws.apply();
    assert!(!again.contains("already has access"), "{again}");
    assert!(again.contains("1 added, 0 changed, 1 destroyed"), "{again}");
    ws.assert_plan_empty();
    let state = ws.state_of(address);
    assert_eq!(state["role"], "role-api-project-viewer");
}

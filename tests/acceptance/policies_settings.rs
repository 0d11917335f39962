//! The settings types through Terraform: data retention, model and hosted
//! tool permissions, spend limits and rate limits. Create remembers what
//! it finds and sets the configured value, drift is a diff that apply puts
//! back, destroy restores (or deletes), import by the owner's ID.

use serde_json::{Value, json};

use crate::support::{Workspace, combined};

fn assert_mentions(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(out.contains(part), "{part:?} not in:\n{out}");
    }
}

fn retention(ws: &Workspace, project: &str) -> String {
    let value = ws
        .handle()
        .setting("project_data_retention", Some(project))
        .expect("a retention setting");
    value["type"].as_str().unwrap_or_default().to_owned()
}

fn rate_limit(ws: &Workspace, project: &str, id: &str) -> Value {
    ws.handle()
        .rate_limits(project)
        .into_iter()
        .find(|l| l["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {project}"))
}

const RETENTION: &str = r#"
resource "openai_project_data_retention" "alpha" {
  project_id = "proj_alpha"
  type       = "zero_data_retention"
}
"#;

#[test]
fn project_retention_is_set_updated_kept_against_drift_and_restored_on_destroy() {
    let ws = Workspace::new();
    // Someone set it before Terraform took it over: destroy must put this back.
    ws.handle().set_setting(
        "project_data_retention",
        Some("proj_alpha"),
        Some(json!({"object": "project.data_retention", "type": "none"})),
    );
    ws.write(RETENTION);
    let out = ws.apply();
    assert!(out.contains("1 added"), "{out}");
    assert_eq!(retention(&ws, "proj_alpha"), "zero_data_retention");
    let state = ws.state_of("openai_project_data_retention.alpha");
    assert_eq!(state["id"], "proj_alpha");
    assert_eq!(state["object"], "project.data_retention");
    assert_eq!(state["restored_on_destroy"], r#"{"retention_type":"none"}"#);
    ws.assert_plan_empty();

    ws.write(&RETENTION.replace("zero_data_retention", "modified_abuse_monitoring"));
    let out = ws.apply();
    assert!(out.contains("1 changed"), "in place: {out}");
    assert_eq!(retention(&ws, "proj_alpha"), "modified_abuse_monitoring");
    let state = ws.state_of("openai_project_data_retention.alpha");
    assert_eq!(
        state["restored_on_destroy"], r#"{"retention_type":"none"}"#,
        "an update does not change what destroy restores"
    );
    ws.assert_plan_empty();

    // Drift: a diff, not an error, and apply puts the configured value back.
    ws.handle().set_setting(
        "project_data_retention",
        Some("proj_alpha"),
        Some(json!({"object": "project.data_retention", "type": "organization_default"})),
    );
    let plan = ws.plan_changes().expect("the drift is a diff");
    assert_mentions(
        &plan,
        &[
            "updated in-place",
            "\"organization_default\" -> \"modified_abuse_monitoring\"",
        ],
    );
    ws.apply();
    assert_eq!(retention(&ws, "proj_alpha"), "modified_abuse_monitoring");

    ws.destroy();
    assert_eq!(retention(&ws, "proj_alpha"), "none", "restored on destroy");
}

#[test]
fn settings_import_by_their_owner_and_malformed_ids_are_clear_errors() {
    let ws = Workspace::new();
    ws.write(
        r#"
import {
  to = openai_organization_data_retention.org
  id = "organization"
}

resource "openai_organization_data_retention" "org" {
  type = "enhanced_zero_data_retention"
}

import {
  to = openai_project_data_retention.beta
  id = "proj_beta"
}

resource "openai_project_data_retention" "beta" {
  project_id = "proj_beta"
  type       = "organization_default"
}
"#,
    );
    let out = ws.apply();
    assert_mentions(&out, &["2 imported", "0 added", "1 changed"]);
    let org = ws
        .handle()
        .setting("organization_data_retention", None)
        .unwrap();
    assert_eq!(org["type"], "enhanced_zero_data_retention");
    let state = ws.state_of("openai_organization_data_retention.org");
    assert_eq!(state["singleton_id"], "organization");
    assert_eq!(
        state["restored_on_destroy"], r#"{"retention_type":"modified_abuse_monitoring"}"#,
        "the value found at import"
    );
    ws.assert_plan_empty();
    ws.destroy();
    let org = ws
        .handle()
        .setting("organization_data_retention", None)
        .unwrap();
    assert_eq!(org["type"], "modified_abuse_monitoring", "restored");

    for (address, id, expected) in [
        (
            "openai_organization_data_retention.org",
            "org_fake",
            "imported with the ID \"organization\"",
        ),
        (
            "openai_project_data_retention.beta",
            "proj_beta/extra",
            "expected \"<project_id>\"",
        ),
        (
            "openai_project_rate_limit.one",
            "proj_beta",
            "expected \"<project_id>/<rate_limit_id>\"",
        ),
    ] {
        let ws = Workspace::new();
        ws.write(
            r#"
resource "openai_organization_data_retention" "org" {
  type = "zero_data_retention"
}
resource "openai_project_data_retention" "beta" {
  project_id = "proj_beta"
  type       = "none"
}
resource "openai_project_rate_limit" "one" {
  project_id    = "proj_beta"
  rate_limit_id = "rl-o3"
}
"#,
        );
        let out = ws.fails(&["import", "-no-color", address, id]);
        assert_mentions(&out, &["Invalid import ID", expected]);
    }
}

#[test]
fn model_permissions_are_validated_at_plan_time_and_deleted_on_destroy() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_project_model_permissions" "bad_mode" {
  project_id = "proj_alpha"
  mode       = "allowlist"
  model_ids  = ["o3"]
}

resource "openai_project_model_permissions" "twice" {
  project_id = "proj_beta"
  mode       = "deny_list"
  model_ids  = ["o3", "o3"]
}
"#,
    );
    let out = combined(&ws.run(&["plan", "-no-color"]));
    assert_mentions(
        &out,
        &[
            "\"allowlist\" is not allowed here; use \"allow_list\", \"deny_list\"",
            "mode = \"allowlist\"",
            "\"o3\" is listed twice",
            "model_ids = [\"o3\", \"o3\"]",
        ],
    );
    assert_eq!(ws.handle().request_count(), 0, "refused before any call");

    ws.write(
        r#"
resource "openai_project_model_permissions" "alpha" {
  project_id = "proj_alpha"
  mode       = "allow_list"
  model_ids  = ["gpt-4.1", "o3"]
}
"#,
    );
    ws.apply();
    let value = ws
        .handle()
        .setting("model_permissions", Some("proj_alpha"))
        .unwrap();
    assert_eq!(value["mode"], "allow_list");
    assert_eq!(value["model_ids"], json!(["gpt-4.1", "o3"]));
    let state = ws.state_of("openai_project_model_permissions.alpha");
    assert!(
        state.get("restored_on_destroy").is_none(),
        "a deleted setting remembers nothing: {state}"
    );
    ws.assert_plan_empty();
    // Drift on the list is a diff.
    ws.handle().set_setting(
        "model_permissions",
        Some("proj_alpha"),
        Some(
            json!({"object": "project.model_permissions", "mode": "allow_list",
                    "model_ids": ["o3"]}),
        ),
    );
    let plan = ws.plan_changes().expect("drift");
    assert_mentions(&plan, &["updated in-place", "\"gpt-4.1\""]);
    ws.apply();
    ws.destroy();
    let counts = ws.handle().request_counts();
    assert_eq!(
        counts.get("DELETE /organization/projects/{project_id}/model_permissions"),
        Some(&1),
        "{counts:?}"
    );
    let value = ws
        .handle()
        .setting("model_permissions", Some("proj_alpha"))
        .unwrap();
    assert_eq!(value["mode"], "deny_list", "deleted: back to the API's own");
}

#[test]
fn hosted_tool_permissions_map_to_nested_fields_and_are_restored() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_project_hosted_tool_permissions" "alpha" {
  project_id               = "proj_alpha"
  file_search_enabled      = true
  web_search_enabled       = false
  image_generation_enabled = true
  mcp_enabled              = false
  code_interpreter_enabled = true
}
"#,
    );
    ws.apply();
    let value = ws
        .handle()
        .setting("hosted_tool_permissions", Some("proj_alpha"))
        .unwrap();
    assert_eq!(value["web_search"]["enabled"], false);
    assert_eq!(value["mcp"]["enabled"], false);
    assert_eq!(value["file_search"]["enabled"], true);
    ws.assert_plan_empty();
    let mut drifted = value.clone();
    drifted["mcp"]["enabled"] = json!(true);
    ws.handle()
        .set_setting("hosted_tool_permissions", Some("proj_alpha"), Some(drifted));
    let plan = ws.plan_changes().expect("drift");
    assert_mentions(&plan, &["~ mcp_enabled", "true -> false"]);
    ws.apply();
    ws.destroy();
    let value = ws
        .handle()
        .setting("hosted_tool_permissions", Some("proj_alpha"))
        .unwrap();
    for tool in [
        "file_search",
        "web_search",
        "image_generation",
        "mcp",
        "code_interpreter",
    ] {
        assert_eq!(value[tool]["enabled"], true, "{tool} restored");
    }
}

const SPEND: &str = r#"
resource "openai_organization_spend_limit" "org" {
  threshold_amount = 250000
  currency         = "USD"
  interval         = "month"
}

resource "openai_project_spend_limit" "alpha" {
  project_id       = "proj_alpha"
  threshold_amount = 10000
  currency         = "USD"
  interval         = "month"
}
"#;

#[test]
fn spend_limits_are_whole_cents_set_updated_recreated_and_deleted() {
    let ws = Workspace::new();
    ws.write(
        &SPEND
            .replace("250000", "99.5")
            .replace("10000", "0")
            .replace(
                "currency         = \"USD\"\n  interval         = \"month\"\n}\n\nresource",
                "currency         = \"EUR\"\n  interval         = \"month\"\n}\n\nresource",
            ),
    );
    let out = combined(&ws.run(&["plan", "-no-color"]));
    assert_mentions(
        &out,
        &[
            "99.5 is not a whole number",
            "must be at least 1, got 0",
            "\"EUR\" is not allowed here; use \"USD\"",
            "threshold_amount = 0",
        ],
    );
    assert_eq!(ws.handle().request_count(), 0);

    ws.write(SPEND);
    ws.apply();
    let org = ws
        .handle()
        .setting("organization_spend_limit", None)
        .unwrap();
    assert_eq!(org["threshold_amount"], 250000);
    let alpha = ws
        .handle()
        .setting("project_spend_limit", Some("proj_alpha"))
        .unwrap();
    assert_eq!(alpha["threshold_amount"], 10000);
    let state = ws.state_of("openai_project_spend_limit.alpha");
    assert_eq!(state["enforcement_status"], "inactive");
    ws.assert_plan_empty();

    ws.write(&SPEND.replace("10000", "20000"));
    assert!(ws.apply().contains("1 changed"));
    let alpha = ws
        .handle()
        .setting("project_spend_limit", Some("proj_alpha"))
        .unwrap();
    assert_eq!(alpha["threshold_amount"], 20000);

    // Deleted elsewhere: planned again, not an error.
    ws.handle()
        .set_setting("project_spend_limit", Some("proj_alpha"), None);
    let plan = ws.plan_changes().expect("the limit is gone");
    assert_mentions(&plan, &["will be created"]);
    ws.apply();
    assert!(
        ws.handle()
            .setting("project_spend_limit", Some("proj_alpha"))
            .is_some()
    );

    ws.destroy();
    assert_eq!(ws.handle().setting("organization_spend_limit", None), None);
    assert_eq!(
        ws.handle()
            .setting("project_spend_limit", Some("proj_alpha")),
        None
    );
}

const RATE_LIMIT: &str = r#"
resource "openai_project_rate_limit" "gpt" {
  project_id                = "proj_alpha"
  rate_limit_id             = "rl-gpt-4o"
  max_requests_per_1_minute = 100
}
"#;

#[test]
fn rate_limits_manage_only_configured_limits_and_are_restored() {
    let ws = Workspace::new();
    ws.write(RATE_LIMIT);
    ws.apply();
    let served = rate_limit(&ws, "proj_alpha", "rl-gpt-4o");
    assert_eq!(served["max_requests_per_1_minute"], 100);
    assert_eq!(
        served["max_tokens_per_1_minute"], 800000,
        "not configured: untouched"
    );
    let state = ws.state_of("openai_project_rate_limit.gpt");
    assert_eq!(state["id"], "rl-gpt-4o");
    assert_eq!(state["model"], "gpt-4o");
    assert_eq!(state["max_tokens_per_1_minute"], 800000);
    assert_eq!(
        state["max_images_per_1_minute"],
        Value::Null,
        "the model has none"
    );
    ws.assert_plan_empty();

    // A limit not configured may change elsewhere: not managed, no diff.
    ws.handle()
        .set_rate_limit("proj_alpha", "rl-gpt-4o", "max_tokens_per_1_minute", 1000);
    ws.assert_plan_empty();
    // A configured one is put back.
    ws.handle()
        .set_rate_limit("proj_alpha", "rl-gpt-4o", "max_requests_per_1_minute", 7);
    let plan = ws.plan_changes().expect("drift");
    assert_mentions(&plan, &["~ max_requests_per_1_minute", "7 -> 100"]);
    ws.apply();
    assert_eq!(
        rate_limit(&ws, "proj_alpha", "rl-gpt-4o")["max_requests_per_1_minute"],
        100
    );

    ws.destroy();
    let served = rate_limit(&ws, "proj_alpha", "rl-gpt-4o");
    assert_eq!(served["max_requests_per_1_minute"], 5000, "restored");
    assert_eq!(
        served["max_tokens_per_1_minute"], 800000,
        "restored to the value found at create"
    );
}

#[test]
fn rate_limit_ids_the_project_lacks_and_bad_limits_are_clear_errors() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_project_rate_limit" "negative" {
  project_id              = "proj_alpha"
  rate_limit_id           = "rl-o3"
  max_tokens_per_1_minute = -5
}
"#,
    );
    let out = combined(&ws.run(&["plan", "-no-color"]));
    assert_mentions(
        &out,
        &["must be at least 0, got -5", "max_tokens_per_1_minute = -5"],
    );
    ws.write(
        r#"
resource "openai_project_rate_limit" "nope" {
  project_id    = "proj_alpha"
  rate_limit_id = "rl-gpt-9"
}
"#,
    );
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "Unknown rate_limit_id",
            "There is no rate limit \"rl-gpt-9\" in project proj_alpha. It has:",
            "rl-gpt-4o, rl-gpt-4o-mini, rl-gpt-4.1, rl-o3, rl-dall-e-3, rl-whisper-1",
            "rate_limit_id = \"rl-gpt-9\"",
        ],
    );
    assert!(ws.state_list().is_empty());
}

#[test]
fn rate_limit_data_sources_list_current_values_and_import_takes_one_over() {
    let ws = Workspace::new();
    ws.handle()
        .set_rate_limit("proj_beta", "rl-o3", "max_requests_per_1_minute", 42);
    ws.write(
        r#"
data "openai_project_rate_limits" "beta" {
  project_id = "proj_beta"
}

data "openai_project_rate_limit" "o3" {
  project_id    = "proj_beta"
  rate_limit_id = "rl-o3"
}

import {
  to = openai_project_rate_limit.o3
  id = "proj_beta/rl-o3"
}

resource "openai_project_rate_limit" "o3" {
  project_id              = "proj_beta"
  rate_limit_id           = "rl-o3"
  max_tokens_per_1_minute = 1234
}
"#,
    );
    let out = ws.apply();
    assert_mentions(&out, &["1 imported", "1 changed"]);
    let all = ws.state_of("data.openai_project_rate_limits.beta");
    let limits = all["rate_limits"].as_array().unwrap();
    assert_eq!(limits.len(), 6, "{limits:?}");
    let o3 = limits.iter().find(|l| l["id"] == "rl-o3").unwrap();
    assert_eq!(o3["max_requests_per_1_minute"], 42);
    assert_eq!(o3["model"], "o3");
    let dalle = limits.iter().find(|l| l["id"] == "rl-dall-e-3").unwrap();
    assert_eq!(dalle["max_images_per_1_minute"], 50);
    let one = ws.state_of("data.openai_project_rate_limit.o3");
    assert_eq!(one["max_requests_per_1_minute"], 42);
    assert!(one["response_json"].as_str().unwrap().contains("\"rl-o3\""));
    let served = rate_limit(&ws, "proj_beta", "rl-o3");
    assert_eq!(served["max_tokens_per_1_minute"], 1234);
    assert_eq!(
        served["max_requests_per_1_minute"], 42,
        "not configured: kept"
    );
    let state = ws.state_of("openai_project_rate_limit.o3");
    assert_eq!(
        state["restored_on_destroy"],
        r#"{"max_requests_per_1_minute":42,"max_tokens_per_1_minute":800000}"#
    );
}

//! `moved` blocks from the official provider's ten policy types (settings,
//! spend limits and alerts, rate limits, certificates) to this provider's:
//! the official state (written by the stand-in) is taken over with no API
//! write, and this provider fills in what it keeps beyond the official
//! schema (what destroy puts back, a certificate's activation) at the
//! first refresh.

use crate::policies_objects::test_certificate;

use super::{
    OFFICIAL_ADDRESS, apply_migration, assert_taken_over, providers_in_state, report, workspace,
    write_both,
};

/// One object of each policy type under the official provider, with the
/// official attribute names (its example configurations' shapes).
const POLICIES_OFFICIAL: &str = r#"
resource "openai_organization_data_retention" "org" {
  provider = openaiofficial
  type     = "zero_data_retention"
}

resource "openai_project_data_retention" "alpha" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  type       = "zero_data_retention"
}

resource "openai_project_model_permissions" "alpha" {
  provider   = openaiofficial
  project_id = "proj_alpha"
  mode       = "allow_list"
  model_ids  = ["gpt-4.1", "o3"]
}

resource "openai_project_hosted_tool_permissions" "alpha" {
  provider                 = openaiofficial
  project_id               = "proj_alpha"
  file_search_enabled      = true
  web_search_enabled       = false
  image_generation_enabled = true
  mcp_enabled              = false
  code_interpreter_enabled = true
}

resource "openai_organization_spend_limit" "org" {
  provider         = openaiofficial
  threshold_amount = 500000
  currency         = "USD"
  interval         = "month"
}

resource "openai_project_spend_limit" "alpha" {
  provider         = openaiofficial
  project_id       = "proj_alpha"
  threshold_amount = 20000
  currency         = "USD"
  interval         = "month"
}

resource "openai_project_rate_limit" "alpha_gpt4o" {
  provider                  = openaiofficial
  project_id                = "proj_alpha"
  rate_limit_id             = "rl-gpt-4o"
  max_requests_per_1_minute = 500
}

resource "openai_organization_spend_alert" "org" {
  provider                            = openaiofficial
  threshold_amount                    = 200000
  currency                            = "USD"
  interval                            = "month"
  notification_channel_type           = "email"
  notification_channel_recipients     = ["finance@example.com"]
  notification_channel_subject_prefix = "Spend"
}

resource "openai_project_spend_alert" "alpha" {
  provider                        = openaiofficial
  project_id                      = "proj_alpha"
  threshold_amount                = 5000
  currency                        = "USD"
  interval                        = "month"
  notification_channel_type       = "email"
  notification_channel_recipients = ["alpha-leads@example.com"]
}

resource "openai_certificate" "mtls" {
  provider    = openaiofficial
  name        = "client mTLS"
  certificate = file("client.pem")
}
"#;

/// The same objects for this provider, at new addresses.
const POLICIES_OURS: &str = r#"
resource "openai_organization_data_retention" "organization" {
  type = "zero_data_retention"
}

resource "openai_project_data_retention" "alpha_retention" {
  project_id = "proj_alpha"
  type       = "zero_data_retention"
}

resource "openai_project_model_permissions" "alpha_models" {
  project_id = "proj_alpha"
  mode       = "allow_list"
  model_ids  = ["gpt-4.1", "o3"]
}

resource "openai_project_hosted_tool_permissions" "alpha_tools" {
  project_id               = "proj_alpha"
  file_search_enabled      = true
  web_search_enabled       = false
  image_generation_enabled = true
  mcp_enabled              = false
  code_interpreter_enabled = true
}

resource "openai_organization_spend_limit" "organization" {
  threshold_amount = 500000
  currency         = "USD"
  interval         = "month"
}

resource "openai_project_spend_limit" "alpha_limit" {
  project_id       = "proj_alpha"
  threshold_amount = 20000
  currency         = "USD"
  interval         = "month"
}

resource "openai_project_rate_limit" "alpha_gpt_4o" {
  project_id                = "proj_alpha"
  rate_limit_id             = "rl-gpt-4o"
  max_requests_per_1_minute = 500
}

resource "openai_organization_spend_alert" "organization" {
  threshold_amount                    = 200000
  currency                            = "USD"
  interval                            = "month"
  notification_channel_type           = "email"
  notification_channel_recipients     = ["finance@example.com"]
  notification_channel_subject_prefix = "Spend"
}

resource "openai_project_spend_alert" "alpha_alert" {
  project_id                      = "proj_alpha"
  threshold_amount                = 5000
  currency                        = "USD"
  interval                        = "month"
  notification_channel_type       = "email"
  notification_channel_recipients = ["alpha-leads@example.com"]
}

resource "openai_certificate" "client_mtls" {
  name        = "client mTLS"
  certificate = file("client.pem")
}
"#;

/// (official address, ours): one `moved` block each.
const MOVES: &[(&str, &str)] = &[
    (
        "openai_organization_data_retention.org",
        "openai_organization_data_retention.organization",
    ),
    (
        "openai_project_data_retention.alpha",
        "openai_project_data_retention.alpha_retention",
    ),
    (
        "openai_project_model_permissions.alpha",
        "openai_project_model_permissions.alpha_models",
    ),
    (
        "openai_project_hosted_tool_permissions.alpha",
        "openai_project_hosted_tool_permissions.alpha_tools",
    ),
    (
        "openai_organization_spend_limit.org",
        "openai_organization_spend_limit.organization",
    ),
    (
        "openai_project_spend_limit.alpha",
        "openai_project_spend_limit.alpha_limit",
    ),
    (
        "openai_project_rate_limit.alpha_gpt4o",
        "openai_project_rate_limit.alpha_gpt_4o",
    ),
    (
        "openai_organization_spend_alert.org",
        "openai_organization_spend_alert.organization",
    ),
    (
        "openai_project_spend_alert.alpha",
        "openai_project_spend_alert.alpha_alert",
    ),
    ("openai_certificate.mtls", "openai_certificate.client_mtls"),
];

#[test]
fn moved_blocks_take_over_the_ten_policy_types_without_a_write() {
    let ws = workspace();
    let pem = test_certificate("client.example.com", 365);
    std::fs::write(ws.path().join("client.pem"), &pem).unwrap();
    write_both(&ws, POLICIES_OFFICIAL);
    let out = ws.apply();
    assert!(
        out.contains("Resources: 10 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    // The stand-in reads back what it wrote.
    ws.assert_plan_empty();
    let official = providers_in_state(&ws);
    assert_eq!(official.len(), MOVES.len(), "{official:?}");
    assert!(
        official.iter().all(|(_, p)| p == OFFICIAL_ADDRESS),
        "{official:?}"
    );
    let official_ids = |ws: &crate::support::Workspace| {
        [
            ws.state_of("openai_organization_spend_alert.org")["alert_id"].clone(),
            ws.state_of("openai_project_spend_alert.alpha")["alert_id"].clone(),
            ws.state_of("openai_certificate.mtls")["certificate_id"].clone(),
        ]
    };
    let [org_alert, project_alert, certificate] = official_ids(&ws);
    for id in [&org_alert, &project_alert, &certificate] {
        assert!(id.as_str().is_some_and(|s| !s.is_empty()), "{id}");
    }

    let moved: String = MOVES
        .iter()
        .map(|(from, to)| format!("moved {{\n  from = {from}\n  to   = {to}\n}}\n\n"))
        .collect();
    ws.write(&format!("{moved}{POLICIES_OURS}"));
    let plan = ws.ok(&["plan", "-no-color"]);
    for (from, to) in MOVES {
        let line = format!("# {from} has moved to {to}");
        assert!(plan.contains(&line), "{line:?} not in:\n{plan}");
    }
    assert!(
        plan.contains("Plan: 0 to add, 0 to change, 0 to destroy"),
        "{plan}"
    );
    let (out, figures) = apply_migration(&ws, MOVES.len());
    assert!(
        out.contains("Resources: 0 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    report("moved, policy types", &figures);
    let ours: Vec<&str> = MOVES.iter().map(|(_, to)| *to).collect();
    assert_taken_over(&ws, POLICIES_OURS, &ours);

    // The objects are the official ones, under their IDs.
    let alert = ws.state_of("openai_organization_spend_alert.organization");
    assert_eq!((&alert["id"], &alert["alert_id"]), (&org_alert, &org_alert));
    assert_eq!(
        ws.state_of("openai_project_spend_alert.alpha_alert")["id"],
        project_alert
    );
    let cert = ws.state_of("openai_certificate.client_mtls");
    assert_eq!(
        (&cert["id"], &cert["certificate_id"]),
        (&certificate, &certificate)
    );
    assert_eq!(cert["certificate"], pem.as_str(), "the PEM as configured");
    assert_eq!(cert["active"], false, "read by this provider's refresh");
    // What destroy puts back is what the first refresh found: the values
    // the official provider had set.
    let retention = ws.state_of("openai_project_data_retention.alpha_retention");
    assert_eq!(retention["id"], "proj_alpha");
    assert_eq!(
        retention["restored_on_destroy"],
        r#"{"retention_type":"zero_data_retention"}"#
    );
    let org = ws.state_of("openai_organization_data_retention.organization");
    assert_eq!(
        (&org["id"], &org["singleton_id"]),
        (&"organization".into(), &"organization".into())
    );
    let limit = ws.state_of("openai_project_rate_limit.alpha_gpt_4o");
    assert_eq!(
        (
            &limit["id"],
            &limit["model"],
            &limit["max_requests_per_1_minute"]
        ),
        (&"rl-gpt-4o".into(), &"gpt-4o".into(), &500.into())
    );
    assert!(
        limit["restored_on_destroy"]
            .as_str()
            .is_some_and(|r| r.contains("\"max_requests_per_1_minute\":500")),
        "{limit}"
    );
    let tools = ws.state_of("openai_project_hosted_tool_permissions.alpha_tools");
    assert_eq!(tools["web_search_enabled"], false);
    assert_eq!(
        ws.state_of("openai_organization_spend_limit.organization")["threshold_amount"],
        500000
    );
}

//! The policy object types through Terraform: spend alerts of the
//! organization and of a project (amounts in cents), and certificates
//! (PEM checked at plan time, activated where configured, deactivated and
//! deleted on destroy), with their data sources.

use serde_json::{Value, json};

use crate::support::{Workspace, combined};

fn assert_mentions(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(out.contains(part), "{part:?} not in:\n{out}");
    }
}

/// The fake's objects of one collection (`GET /__fake/state`).
fn collection(ws: &Workspace, name: &str) -> Vec<Value> {
    let (status, state) = ws.fake_request("GET", "/__fake/state", None);
    assert_eq!(status, 200);
    state["collections"][name]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// A self-signed test certificate for `host`, valid from an hour ago for
/// `days` days (negative: it expired that long ago). Made per test, never
/// committed.
pub fn test_certificate(host: &str, days: i64) -> String {
    let now = time::OffsetDateTime::now_utc();
    let mut params = rcgen::CertificateParams::new(vec![host.to_owned()]).expect("params");
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, host);
    if days < 0 {
        params.not_before = now + time::Duration::days(days * 2);
        params.not_after = now + time::Duration::days(days);
    } else {
        params.not_before = now - time::Duration::hours(1);
        params.not_after = now + time::Duration::days(days);
    }
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).expect("key");
    params.self_signed(&key).expect("self-signed").pem()
}

// ----- spend alerts ------------------------------------------------------------

const ALERTS: &str = r#"
resource "openai_organization_spend_alert" "org" {
  threshold_amount                = 2000
  currency                        = "USD"
  interval                        = "month"
  notification_channel_type       = "email"
  notification_channel_recipients = ["finance@example.com"]
}

resource "openai_project_spend_alert" "alpha" {
  project_id                          = "proj_alpha"
  threshold_amount                    = 150000
  currency                            = "USD"
  interval                            = "month"
  notification_channel_type           = "email"
  notification_channel_recipients     = ["alpha@example.com", "finance@example.com"]
  notification_channel_subject_prefix = "[alpha]"
}
"#;

#[test]
fn spend_alerts_in_cents_are_created_updated_in_place_and_deleted() {
    let ws = Workspace::new();
    ws.write(ALERTS);
    let out = ws.apply();
    assert!(out.contains("2 added"), "{out}");
    let org = ws.state_of("openai_organization_spend_alert.org");
    let org_id = org["id"].as_str().unwrap().to_owned();
    assert!(org_id.starts_with("alert_"), "{org_id}");
    assert_eq!(org["alert_id"], org_id.as_str());
    let served = collection(&ws, "organization_spend_alerts");
    assert_eq!(served.len(), 1);
    // Sent as the integer number of cents it is, the channel nested.
    assert_eq!(served[0]["threshold_amount"], json!(2000));
    assert_eq!(
        served[0]["notification_channel"],
        json!({"type": "email", "recipients": ["finance@example.com"], "subject_prefix": null})
    );
    let project = collection(&ws, "project_spend_alerts");
    assert_eq!(project.len(), 1);
    assert_eq!(project[0]["project_id"], "proj_alpha");
    assert_eq!(
        project[0]["notification_channel"]["subject_prefix"],
        "[alpha]"
    );
    ws.assert_plan_empty();

    // In place: the same alert, the new amount, the prefix gone.
    let changed = ALERTS
        .replace("150000", "175050")
        .replace("  notification_channel_subject_prefix = \"[alpha]\"\n", "");
    ws.write(&changed);
    let plan = ws.plan_changes().expect("a change");
    assert_mentions(&plan, &["150000 -> 175050", "1 to change", "0 to destroy"]);
    ws.apply();
    let project = collection(&ws, "project_spend_alerts");
    assert_eq!(project.len(), 1);
    assert_eq!(project[0]["threshold_amount"], json!(175050));
    assert_eq!(
        project[0]["notification_channel"]["subject_prefix"],
        Value::Null
    );
    ws.assert_plan_empty();

    ws.destroy();
    assert!(collection(&ws, "organization_spend_alerts").is_empty());
    assert!(collection(&ws, "project_spend_alerts").is_empty());
}

#[test]
fn spend_alert_amounts_and_channels_are_checked_at_plan_time() {
    let ws = Workspace::new();
    ws.write(
        r#"
resource "openai_organization_spend_alert" "fraction" {
  threshold_amount                = 20.5
  currency                        = "USD"
  interval                        = "month"
  notification_channel_type       = "email"
  notification_channel_recipients = ["finance@example.com"]
}

resource "openai_project_spend_alert" "bad" {
  project_id                      = "alpha"
  threshold_amount                = -100
  currency                        = "EUR"
  interval                        = "week"
  notification_channel_type       = "slack"
  notification_channel_recipients = ["finance@example.com", "not an email"]
}
"#,
    );
    let out = combined(&ws.run(&["plan", "-no-color"]));
    assert_mentions(
        &out,
        &[
            "20.5 is not a whole number of cents",
            "threshold_amount = 20.5",
            "-100 is negative",
            "\"EUR\" is not supported; the API only has \"USD\"",
            "currency = \"EUR\"",
            "\"week\" is not supported",
            "\"slack\" is not supported",
            "[1]: \"not an email\" is not an email address",
            "must start with \"proj_\"",
        ],
    );
    assert_eq!(ws.handle().request_count(), 0, "refused before any request");
}

#[test]
fn spend_alert_drift_is_a_diff_import_reads_it_and_a_missing_one_is_named() {
    let ws = Workspace::new();
    ws.write(ALERTS);
    ws.apply();
    let org_id = ws.state_of("openai_organization_spend_alert.org")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let alpha_id = ws.state_of("openai_project_spend_alert.alpha")["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Someone raises the organization's threshold in the dashboard.
    let (status, _) = ws.fake_request(
        "POST",
        &format!("/v1/organization/spend_alerts/{org_id}"),
        Some(
            json!({"threshold_amount": 999, "currency": "USD", "interval": "month",
                    "notification_channel": {"type": "email", "recipients": ["x@example.com"]}}),
        ),
    );
    assert_eq!(status, 200);
    let plan = ws.plan_changes().expect("drift is a diff");
    assert_mentions(&plan, &["999 -> 2000", "x@example.com", "1 to change"]);
    ws.apply();
    assert_eq!(
        collection(&ws, "organization_spend_alerts")[0]["threshold_amount"],
        json!(2000)
    );

    // Deleted behind Terraform's back: planned again.
    let (status, _) = ws.fake_request(
        "DELETE",
        &format!("/v1/organization/projects/proj_alpha/spend_alerts/{alpha_id}"),
        None,
    );
    assert_eq!(status, 200);
    let plan = ws.plan_changes().expect("gone");
    assert_mentions(&plan, &["openai_project_spend_alert.alpha will be created"]);

    // Import: by ID, and by project and ID; both plan empty afterwards.
    ws.apply();
    ws.ok(&["state", "rm", "openai_organization_spend_alert.org"]);
    let alpha_id = ws.state_of("openai_project_spend_alert.alpha")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ws.ok(&["state", "rm", "openai_project_spend_alert.alpha"]);
    ws.write(&format!(
        "{ALERTS}\nimport {{\n  to = openai_organization_spend_alert.org\n  id = \"{org_id}\"\n}}\n\
         import {{\n  to = openai_project_spend_alert.alpha\n  id = \"proj_alpha/{alpha_id}\"\n}}\n"
    ));
    let out = ws.apply();
    assert_mentions(&out, &["2 imported", "0 added"]);
    ws.assert_plan_empty();

    // An ID that is not there is named, with where to look.
    ws.ok(&["state", "rm", "openai_organization_spend_alert.org"]);
    ws.write(&format!(
        "{ALERTS}\nimport {{\n  to = openai_organization_spend_alert.org\n  id = \"alert_nope\"\n}}\n"
    ));
    let out = ws.fails(&["plan", "-no-color"]);
    assert_mentions(
        &out,
        &[
            "Cannot import non-existent spend alert",
            "spend alert alert_nope",
            "openai_organization_spend_alerts data source",
        ],
    );
}

#[test]
fn spend_alert_data_sources_read_one_and_list() {
    let ws = Workspace::new();
    ws.write(ALERTS);
    ws.apply();
    let alpha_id = ws.state_of("openai_project_spend_alert.alpha")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ws.write(&format!(
        r#"{ALERTS}
data "openai_organization_spend_alerts" "all" {{
  depends_on = [openai_organization_spend_alert.org]
}}

data "openai_project_spend_alerts" "alpha" {{
  project_id = "proj_alpha"
  depends_on = [openai_project_spend_alert.alpha]
}}

data "openai_project_spend_alert" "one" {{
  project_id = "proj_alpha"
  alert_id   = "{alpha_id}"
}}

data "openai_project_spend_alert" "missing" {{
  project_id = "proj_alpha"
  alert_id   = "alert_nope"
}}
"#
    ));
    let out = ws.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_mentions(
        &out,
        &["No such spend alert", "alert_nope in project proj_alpha"],
    );
    ws.write(&format!(
        r#"{ALERTS}
data "openai_organization_spend_alerts" "all" {{
  depends_on = [openai_organization_spend_alert.org]
}}

data "openai_project_spend_alerts" "alpha" {{
  project_id = "proj_alpha"
  depends_on = [openai_project_spend_alert.alpha]
}}

data "openai_project_spend_alert" "one" {{
  project_id = "proj_alpha"
  alert_id   = "{alpha_id}"
}}
"#
    ));
    ws.apply();
    let all = ws.state_of("data.openai_organization_spend_alerts.all");
    assert_eq!(all["spend_alerts"][0]["threshold_amount"], json!(2000));
    let listed = ws.state_of("data.openai_project_spend_alerts.alpha");
    assert_eq!(listed["spend_alerts"][0]["id"], alpha_id.as_str());
    assert_eq!(
        listed["spend_alerts"][0]["notification_channel_recipients"],
        json!(["alpha@example.com", "finance@example.com"])
    );
    let one = ws.state_of("data.openai_project_spend_alert.one");
    assert_eq!(one["threshold_amount"], json!(150000));
    assert_eq!(one["notification_channel_subject_prefix"], "[alpha]");
    assert!(
        one["response_json"]
            .as_str()
            .unwrap()
            .contains("project.spend_alert")
    );
}

// ----- certificates --------------------------------------------------------------

/// The activations the fake records for each certificate.
fn activations(ws: &Workspace) -> Vec<(String, Vec<String>)> {
    collection(ws, "certificates")
        .iter()
        .map(|c| {
            let mut at: Vec<String> = c["activations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect();
            at.sort();
            (c["name"].as_str().unwrap_or_default().to_owned(), at)
        })
        .collect()
}

fn certificate_config(pem_file: &str, active: &str, projects: &str) -> String {
    format!(
        r#"
resource "openai_certificate" "mtls" {{
  name               = "client mTLS"
  certificate        = file("{pem_file}")
  active             = {active}
  active_project_ids = {projects}
}}
"#
    )
}

#[test]
fn certificates_are_uploaded_activated_where_configured_and_deactivated_before_delete() {
    let ws = Workspace::new();
    let pem = test_certificate("client.example.com", 365);
    std::fs::write(ws.path().join("client.pem"), &pem).unwrap();
    ws.write(&certificate_config(
        "client.pem",
        "true",
        "[\"proj_alpha\"]",
    ));
    let out = ws.apply();
    assert!(out.contains("1 added"), "{out}");
    assert_eq!(
        activations(&ws),
        [(
            "client mTLS".to_owned(),
            vec!["organization".to_owned(), "proj_alpha".to_owned()]
        )]
    );
    let state = ws.state_of("openai_certificate.mtls");
    let id = state["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("cert_"), "{id}");
    assert_eq!(state["certificate_id"], id.as_str());
    assert_eq!(state["certificate"], pem.as_str(), "the PEM, as configured");
    assert_eq!(state["active"], true);
    let served = &collection(&ws, "certificates")[0];
    assert_eq!(
        state["expires_at"],
        served["certificate_details"]["expires_at"]
    );
    assert_eq!(state["valid_at"], served["certificate_details"]["valid_at"]);
    ws.assert_plan_empty();

    // Another project: deactivated in the one left, activated in the new
    // one; renamed in place; the organization stays.
    ws.write(
        &certificate_config("client.pem", "true", "[\"proj_beta\"]")
            .replace("client mTLS", "client mTLS 2"),
    );
    let plan = ws.plan_changes().expect("a change");
    assert_mentions(&plan, &["1 to change", "0 to destroy"]);
    ws.apply();
    assert_eq!(
        activations(&ws),
        [(
            "client mTLS 2".to_owned(),
            vec!["organization".to_owned(), "proj_beta".to_owned()]
        )]
    );
    assert_eq!(ws.state_of("openai_certificate.mtls")["id"], id.as_str());
    ws.assert_plan_empty();

    // Deactivated out of band in the project: drift, put back.
    let (status, _) = ws.fake_request(
        "POST",
        "/v1/organization/projects/proj_beta/certificates/deactivate",
        Some(json!({"certificate_ids": [id]})),
    );
    assert_eq!(status, 200);
    let plan = ws.plan_changes().expect("drift");
    assert_mentions(&plan, &["active_project_ids", "proj_beta", "1 to change"]);
    ws.apply();
    assert_eq!(activations(&ws)[0].1, ["organization", "proj_beta"]);

    // Active in both places: destroy deactivates, then deletes (the API
    // refuses to delete an active certificate).
    let (status, refused) = ws.fake_request(
        "DELETE",
        &format!("/v1/organization/certificates/{id}"),
        None,
    );
    assert_eq!(status, 400, "{refused}");
    ws.destroy();
    assert!(collection(&ws, "certificates").is_empty());
}

#[test]
fn a_pem_that_is_not_one_valid_certificate_is_refused_at_plan_time_and_expiry_warns() {
    let ws = Workspace::new();
    std::fs::write(
        ws.path().join("key.pem"),
        "-----BEGIN PRIVATE KEY-----\nTUlJQg==\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    std::fs::write(
        ws.path().join("expired.pem"),
        test_certificate("old.example.com", -3),
    )
    .unwrap();
    ws.write(
        r#"
resource "openai_certificate" "text" {
  certificate = "hello"
}

resource "openai_certificate" "key" {
  certificate = file("key.pem")
}
"#,
    );
    let out = combined(&ws.run(&["plan", "-no-color"]));
    assert_mentions(
        &out,
        &[
            "holds no PEM block",
            "certificate = \"hello\"",
            "holds a \"PRIVATE KEY\" PEM block, not a CERTIFICATE",
        ],
    );
    assert!(!out.contains("TUlJQg"), "the key is never echoed: {out}");
    // An expired certificate is not uploaded: an error at the attribute.
    ws.write(
        r#"
resource "openai_certificate" "expired" {
  certificate = file("expired.pem")
}
"#,
    );
    let out = combined(&ws.run(&["plan", "-no-color"]));
    assert_mentions(
        &out,
        &[
            "Warning: Certificate CN=old.example.com has expired",
            "Error: Expired certificate",
            "certificate = file(\"expired.pem\")",
            "CN=old.example.com expired on",
        ],
    );
    assert_eq!(ws.handle().request_count(), 0);

    // One that expires within 30 days: a warning at the attribute, and
    // it is uploaded.
    std::fs::write(
        ws.path().join("soon.pem"),
        test_certificate("soon.example.com", 10),
    )
    .unwrap();
    ws.write(
        r#"
resource "openai_certificate" "soon" {
  certificate = file("soon.pem")
}
"#,
    );
    let out = ws.apply();
    assert_mentions(
        &out,
        &[
            // 9 or 10 days, as the clock stands between making and planning.
            "Warning: Certificate CN=soon.example.com expires in ",
            "within 30 days",
            "1 added",
        ],
    );
    assert_eq!(ws.state_of("openai_certificate.soon")["active"], false);
    assert_eq!(
        activations(&ws)[0].1,
        Vec::<String>::new(),
        "uploads are inactive"
    );
}

#[test]
fn a_certificate_imports_with_its_pem_and_data_sources_show_where_it_is_active() {
    let ws = Workspace::new();
    let pem = test_certificate("imported.example.com", 200);
    std::fs::write(ws.path().join("imported.pem"), &pem).unwrap();
    let (status, uploaded) = ws.fake_request(
        "POST",
        "/v1/organization/certificates",
        Some(json!({"name": "dashboard upload", "certificate": pem})),
    );
    assert_eq!(status, 200, "{uploaded}");
    let id = uploaded["id"].as_str().unwrap().to_owned();
    ws.fake_request(
        "POST",
        "/v1/organization/projects/proj_alpha/certificates/activate",
        Some(json!({"certificate_ids": [id]})),
    );
    ws.write(&format!(
        r#"
import {{
  to = openai_certificate.imported
  id = "{id}"
}}

resource "openai_certificate" "imported" {{
  name        = "dashboard upload"
  certificate = file("imported.pem")
}}
"#
    ));
    let out = ws.apply();
    assert_mentions(&out, &["1 imported", "0 added", "0 changed"]);
    let state = ws.state_of("openai_certificate.imported");
    assert_eq!(
        state["certificate"],
        pem.as_str(),
        "read with include[]=content"
    );
    assert_eq!(state["active"], false);
    ws.assert_plan_empty();

    ws.write(&format!(
        r#"
resource "openai_certificate" "imported" {{
  name        = "dashboard upload"
  certificate = file("imported.pem")
}}

data "openai_certificate" "one" {{
  certificate_id = "{id}"
}}

data "openai_certificates" "all" {{}}

data "openai_project_certificates" "alpha" {{
  project_id = "proj_alpha"
}}

data "openai_project_certificates" "beta" {{
  project_id = "proj_beta"
}}
"#
    ));
    ws.apply();
    let one = ws.state_of("data.openai_certificate.one");
    assert_eq!(one["name"], "dashboard upload");
    assert_eq!(one["expires_at"], state["expires_at"]);
    let all = ws.state_of("data.openai_certificates.all");
    assert_eq!(all["certificates"][0]["id"], id.as_str());
    assert_eq!(all["certificates"][0]["active"], false);
    let alpha = ws.state_of("data.openai_project_certificates.alpha");
    assert_eq!(alpha["certificates"][0]["active"], true);
    let beta = ws.state_of("data.openai_project_certificates.beta");
    assert_eq!(beta["certificates"][0]["active"], false);

    // Active in a project this resource does not manage: the API's
    // refusal to delete it is shown as it is.
    let out = ws.fails(&["destroy", "-auto-approve", "-no-color"]);
    assert_mentions(&out, &["must be inactive", "proj_alpha"]);
}

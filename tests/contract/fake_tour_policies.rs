//! The tour's steps for the policy types: settings (data retention, model
//! and hosted tool permissions, spend limits), rate limits, spend alerts
//! and certificates with their activation.

use reqwest::Method;
use serde_json::{Value, json};

use super::{Finding, Tour, id_of};

const PROJECT: &str = "/organization/projects/proj_alpha";

/// Every setting: read (the default), write, read back, a refused write;
/// the deletable ones deleted.
pub async fn settings(t: &mut Tour<'_>) {
    let retention = [
        ("organization", "/organization/data_retention".to_string()),
        ("project", format!("{PROJECT}/data_retention")),
    ];
    for (scope, path) in &retention {
        let (get, update) = (
            format!("retrieve-{scope}-data-retention"),
            format!("update-{scope}-data-retention"),
        );
        t.get(&get, path).await;
        t.post(
            &update,
            path,
            json!({"retention_type": "zero_data_retention"}),
        )
        .await;
        t.get(&get, path).await;
        t.fails(
            &update,
            Method::POST,
            path,
            Some(json!({"retention_type": "forever"})),
            400,
        )
        .await;
    }
    t.fails(
        "retrieve-project-data-retention",
        Method::GET,
        "/organization/projects/proj_missing/data_retention",
        None,
        404,
    )
    .await;

    let models = format!("{PROJECT}/model_permissions");
    t.get("retrieve-project-model-permissions", &models).await;
    t.post(
        "update-project-model-permissions",
        &models,
        json!({"mode": "allow_list", "model_ids": ["gpt-4.1", "o3"]}),
    )
    .await;
    t.fails(
        "update-project-model-permissions",
        Method::POST,
        &models,
        Some(json!({"mode": "everything", "model_ids": []})),
        400,
    )
    .await;
    t.get("retrieve-project-model-permissions", &models).await;
    t.delete("delete-project-model-permissions", &models).await;
    t.get("retrieve-project-model-permissions", &models).await;

    let tools = format!("{PROJECT}/hosted_tool_permissions");
    t.get("retrieve-project-hosted-tool-permissions", &tools)
        .await;
    t.post(
        "update-project-hosted-tool-permissions",
        &tools,
        json!({"image_generation": {"enabled": false}, "mcp": null}),
    )
    .await;
    t.fails(
        "update-project-hosted-tool-permissions",
        Method::POST,
        &tools,
        Some(json!({"image_generation": {"enabled": "no"}})),
        400,
    )
    .await;
    t.get("retrieve-project-hosted-tool-permissions", &tools)
        .await;

    let limits = [
        ("organization", "/organization/spend_limit".to_string()),
        ("project", format!("{PROJECT}/spend_limit")),
    ];
    for (scope, path) in &limits {
        let (get, update, delete) = (
            format!("Get{scope}spendlimit"),
            format!("Update{scope}spendlimit"),
            format!("Delete{scope}spendlimit"),
        );
        // None until set: the fake's guess (the description documents only the 200).
        t.fails(&get, Method::GET, path, None, 404).await;
        t.post(
            &update,
            path,
            json!({"threshold_amount": 10000, "currency": "USD", "interval": "month"}),
        )
        .await;
        t.fails(
            &update,
            Method::POST,
            path,
            Some(json!({"threshold_amount": 0, "currency": "USD", "interval": "month"})),
            400,
        )
        .await;
        t.get(&get, path).await;
        t.delete(&delete, path).await;
        t.fails(&delete, Method::DELETE, path, None, 404).await;
    }
}

/// A project's rate limits: the catalogue in pages, one updated, an
/// unknown one refused.
pub async fn rate_limits(t: &mut Tour<'_>) {
    let base = format!("{PROJECT}/rate_limits");
    let listed = t.list("list-project-rate-limits", &base, &[]).await;
    t.limit_too_large("list-project-rate-limits", &base).await;
    let Some(id) = listed
        .first()
        .and_then(|l| l["id"].as_str())
        .map(String::from)
    else {
        t.out.behaviour_findings.push(Finding::about(
            "list-project-rate-limits",
            &base,
            "a project has no rate limits".to_string(),
        ));
        return;
    };
    t.post(
        "update-project-rate-limits",
        &format!("{base}/{id}"),
        json!({"max_requests_per_1_minute": 500}),
    )
    .await;
    t.fails(
        "update-project-rate-limits",
        Method::POST,
        &format!("{base}/{id}"),
        Some(json!({"max_requests_per_1_minute": "many"})),
        400,
    )
    .await;
    t.fails(
        "update-project-rate-limits",
        Method::POST,
        &format!("{base}/rl-missing"),
        Some(json!({"max_requests_per_1_minute": 500})),
        404,
    )
    .await;
}

fn alert(threshold: i64) -> Value {
    json!({
        "threshold_amount": threshold,
        "currency": "USD",
        "interval": "month",
        "notification_channel": {
            "type": "email",
            "recipients": ["finance@example.com"],
            "subject_prefix": "Contract"
        }
    })
}

/// Spend alerts of the organization and of a project: three made (two
/// pages), listed, retrieved, updated, deleted.
pub async fn spend_alerts(t: &mut Tour<'_>) {
    let scopes = [
        ("organization", "/organization/spend_alerts".to_string()),
        ("project", format!("{PROJECT}/spend_alerts")),
    ];
    for (scope, base) in &scopes {
        let op = |verb: &str| {
            format!(
                "{verb}-{scope}-spend-alert{}",
                if verb == "list" { "s" } else { "" }
            )
        };
        let created = t.post(&op("create"), base, alert(2000)).await;
        for threshold in [5000, 9000] {
            t.post(&op("create"), base, alert(threshold)).await;
        }
        t.fails(
            &op("create"),
            Method::POST,
            base,
            Some(json!({"threshold_amount": 2000, "currency": "EUR", "interval": "month"})),
            400,
        )
        .await;
        t.list(&op("list"), base, &[]).await;
        t.limit_too_large(&op("list"), base).await;
        t.fails(
            &op("retrieve"),
            Method::GET,
            &format!("{base}/alert_missing"),
            None,
            404,
        )
        .await;
        if let Some(id) = id_of(&created) {
            let one = format!("{base}/{id}");
            t.get(&op("retrieve"), &one).await;
            t.post(&op("update"), &one, alert(2500)).await;
            t.delete(&op("delete"), &one).await;
            t.fails(&op("delete"), Method::DELETE, &one, None, 404)
                .await;
        }
    }
}

/// A self-signed certificate valid for a year, made per run (never committed).
fn test_certificate(host: &str) -> String {
    let now = time::OffsetDateTime::now_utc();
    let mut params = rcgen::CertificateParams::new(vec![host.to_owned()]).expect("params");
    params.not_before = now - time::Duration::hours(1);
    params.not_after = now + time::Duration::days(365);
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).expect("key");
    params.self_signed(&key).expect("self-signed").pem()
}

/// Certificates: three uploaded (two pages), renamed, retrieved with their
/// content, activated and deactivated at the organization and in a
/// project, an active one's delete refused, then deleted.
pub async fn certificates(t: &mut Tour<'_>) {
    let base = "/organization/certificates";
    let mut ids = Vec::new();
    for n in 0..3 {
        let made = t
            .post(
                "uploadCertificate",
                base,
                json!({"name": format!("contract {n}"), "certificate": test_certificate(&format!("c{n}.example.com"))}),
            )
            .await;
        ids.extend(id_of(&made));
    }
    t.fails(
        "uploadCertificate",
        Method::POST,
        base,
        Some(json!({"name": "not one", "certificate": "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n"})),
        400,
    )
    .await;
    t.list("listOrganizationCertificates", base, &[]).await;
    t.limit_too_large("listOrganizationCertificates", base)
        .await;
    t.fails(
        "getCertificate",
        Method::GET,
        &format!("{base}/cert_missing"),
        None,
        404,
    )
    .await;
    let Some(id) = ids.first().cloned() else {
        return;
    };
    let one = format!("{base}/{id}");
    t.get("getCertificate", &one).await;
    t.call(
        "getCertificate",
        Method::GET,
        &one,
        &[("include[]", "content")],
        None,
        super::Expect::Success,
    )
    .await;
    t.post(
        "modifyCertificate",
        &one,
        json!({"name": "contract renamed"}),
    )
    .await;
    let toggle = json!({"certificate_ids": [id]});
    t.post(
        "activateOrganizationCertificates",
        &format!("{base}/activate"),
        toggle.clone(),
    )
    .await;
    t.fails(
        "activateOrganizationCertificates",
        Method::POST,
        &format!("{base}/activate"),
        Some(json!({"certificate_ids": []})),
        400,
    )
    .await;
    let project = format!("{PROJECT}/certificates");
    t.post(
        "activateProjectCertificates",
        &format!("{project}/activate"),
        toggle.clone(),
    )
    .await;
    t.list("listProjectCertificates", &project, &[]).await;
    t.limit_too_large("listProjectCertificates", &project).await;
    t.fails("deleteCertificate", Method::DELETE, &one, None, 400)
        .await;
    t.post(
        "deactivateProjectCertificates",
        &format!("{project}/deactivate"),
        toggle.clone(),
    )
    .await;
    t.post(
        "deactivateOrganizationCertificates",
        &format!("{base}/deactivate"),
        toggle,
    )
    .await;
    t.list("listOrganizationCertificates", base, &[]).await;
    t.delete("deleteCertificate", &one).await;
    t.fails("deleteCertificate", Method::DELETE, &one, None, 404)
        .await;
}

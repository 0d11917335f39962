//! The tour's steps for invites, organization users (modify, delete),
//! project service accounts and API keys (project and admin).

use reqwest::Method;
use serde_json::json;

use super::{Tour, id_of};

/// Invites: create (with projects), list, retrieve, the documented errors,
/// delete.
pub async fn invites(t: &mut Tour<'_>) {
    let base = "/organization/invites";
    let mut invited = Vec::new();
    for n in 0..3 {
        let created = t
            .post(
                "inviteUser",
                base,
                json!({"email": format!("contract{n}@example.com"), "role": "reader",
                       "projects": [{"id": "proj_alpha", "role": "member"}]}),
            )
            .await;
        invited.extend(id_of(&created));
    }
    // An accepted and an expired invite, so that their answers (and the
    // `invite.accepted` event) are checked too.
    if let [accepted, expired, ..] = invited.as_slice() {
        t.control(&format!("/__fake/invites/{accepted}/accept"))
            .await;
        t.control(&format!("/__fake/invites/{expired}/expire"))
            .await;
        for id in [accepted, expired] {
            t.get("retrieve-invite", &format!("{base}/{id}")).await;
        }
    }
    let created = t
        .post(
            "inviteUser",
            base,
            json!({"email": "contract-owner@example.com", "role": "owner"}),
        )
        .await;
    t.fails(
        "inviteUser",
        Method::POST,
        base,
        Some(json!({"email": "alice@example.com", "role": "reader"})),
        400,
    )
    .await;
    t.fails(
        "inviteUser",
        Method::POST,
        base,
        Some(json!({"email": "x@example.com"})),
        400,
    )
    .await;
    t.list("list-invites", base, &[]).await;
    t.limit_too_large("list-invites", base).await;
    t.fails(
        "retrieve-invite",
        Method::GET,
        &format!("{base}/invite-missing"),
        None,
        404,
    )
    .await;
    if let Some(id) = id_of(&created) {
        t.get("retrieve-invite", &format!("{base}/{id}")).await;
        t.delete("delete-invite", &format!("{base}/{id}")).await;
        t.fails(
            "delete-invite",
            Method::DELETE,
            &format!("{base}/{id}"),
            None,
            404,
        )
        .await;
    }
}

/// Organization users: change a role, delete one.
pub async fn users(t: &mut Tour<'_>) {
    let base = "/organization/users";
    t.post(
        "modify-user",
        &format!("{base}/user_erin"),
        json!({"role": "owner"}),
    )
    .await;
    t.fails(
        "modify-user",
        Method::POST,
        &format!("{base}/user_erin"),
        Some(json!({"role": "admin"})),
        400,
    )
    .await;
    t.fails(
        "modify-user",
        Method::POST,
        &format!("{base}/user_missing"),
        Some(json!({"role": "owner"})),
        404,
    )
    .await;
    t.delete("delete-user", &format!("{base}/user_erin")).await;
    t.fails(
        "delete-user",
        Method::DELETE,
        &format!("{base}/user_erin"),
        None,
        404,
    )
    .await;
}

/// Service accounts (with and without their first key), their keys, the
/// project's keys.
pub async fn service_accounts_and_keys(t: &mut Tour<'_>) {
    let base = "/organization/projects/proj_beta/service_accounts";
    let with_key = t
        .post(
            "create-project-service-account",
            base,
            json!({"name": "contract-ci"}),
        )
        .await;
    let bare = t
        .post(
            "create-project-service-account",
            base,
            json!({"name": "contract-bare", "create_service_account_only": true}),
        )
        .await;
    t.post(
        "create-project-service-account",
        base,
        json!({"name": "contract-third"}),
    )
    .await;
    t.fails(
        "create-project-service-account",
        Method::POST,
        base,
        Some(json!({})),
        400,
    )
    .await;
    t.list("list-project-service-accounts", base, &[]).await;
    t.limit_too_large("list-project-service-accounts", base)
        .await;
    t.fails(
        "retrieve-project-service-account",
        Method::GET,
        &format!("{base}/svc_acct_missing"),
        None,
        404,
    )
    .await;
    if let Some(id) = id_of(&with_key) {
        let one = format!("{base}/{id}");
        t.get("retrieve-project-service-account", &one).await;
        t.post(
            "update-project-service-account",
            &one,
            json!({"name": "contract-ci-2"}),
        )
        .await;
        t.post(
            "CreateanAPIkeyforaserviceaccount",
            &format!("{one}/api_keys"),
            json!({"name": "second"}),
        )
        .await;
        t.post(
            "CreateanAPIkeyforaserviceaccount",
            &format!("{one}/api_keys"),
            json!({}),
        )
        .await;
    }
    t.fails(
        "CreateanAPIkeyforaserviceaccount",
        Method::POST,
        &format!("{base}/svc_acct_missing/api_keys"),
        Some(json!({})),
        404,
    )
    .await;
    let keys = "/organization/projects/proj_beta/api_keys";
    let listed = t.list("list-project-api-keys", keys, &[]).await;
    t.list(
        "list-project-api-keys",
        keys,
        &[("owner_project_access", "any")],
    )
    .await;
    t.limit_too_large("list-project-api-keys", keys).await;
    if let Some(key) = listed
        .first()
        .and_then(|k| k["id"].as_str())
        .map(String::from)
    {
        t.get("retrieve-project-api-key", &format!("{keys}/{key}"))
            .await;
        t.delete("delete-project-api-key", &format!("{keys}/{key}"))
            .await;
    }
    t.fails(
        "retrieve-project-api-key",
        Method::GET,
        &format!("{keys}/key_missing"),
        None,
        404,
    )
    .await;
    if let Some(id) = id_of(&bare) {
        t.delete("delete-project-service-account", &format!("{base}/{id}"))
            .await;
        t.fails(
            "delete-project-service-account",
            Method::DELETE,
            &format!("{base}/{id}"),
            None,
            404,
        )
        .await;
    }
}

/// Admin API keys: create (with and without an expiry), list, retrieve, delete.
pub async fn admin_keys(t: &mut Tour<'_>) {
    let base = "/organization/admin_api_keys";
    let created = t
        .post(
            "admin-api-keys-create",
            base,
            json!({"name": "contract", "expires_in_seconds": 3600}),
        )
        .await;
    for n in 0..2 {
        t.post(
            "admin-api-keys-create",
            base,
            json!({"name": format!("contract {n}")}),
        )
        .await;
    }
    t.fails(
        "admin-api-keys-create",
        Method::POST,
        base,
        Some(json!({})),
        400,
    )
    .await;
    t.list("admin-api-keys-list", base, &[]).await;
    t.list("admin-api-keys-list", base, &[("order", "desc")])
        .await;
    t.fails(
        "admin-api-keys-get",
        Method::GET,
        &format!("{base}/key_missing"),
        None,
        404,
    )
    .await;
    if let Some(id) = id_of(&created) {
        t.get("admin-api-keys-get", &format!("{base}/{id}")).await;
        t.delete("admin-api-keys-delete", &format!("{base}/{id}"))
            .await;
    }
}

//! The audit log over HTTP: API writes are recorded with the key's owner,
//! out-of-band changes with the settable session actor, and the list
//! filters and pages as documented.

use super::*;

fn types(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn api_writes_are_recorded_newest_first_with_the_keys_owner() {
    let fake = Fake::default().await;
    let (status, group) = fake
        .post("/organization/groups", json!({"name": "Auditors"}))
        .await;
    assert_eq!(status, 200, "{group}");
    let id = group["id"].as_str().unwrap();
    fake.post(
        &format!("/organization/groups/{id}"),
        json!({"name": "Audit"}),
    )
    .await;
    fake.post(
        &format!("/organization/groups/{id}/users"),
        json!({"user_id": "user_bob"}),
    )
    .await;
    fake.delete(&format!("/organization/groups/{id}")).await;
    // A refused write records nothing.
    fake.post("/organization/groups", json!({"name": ""})).await;
    let (status, page) = fake
        .get(&format!("/organization/audit_logs?resource_ids[]={id}"))
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(
        types(&page),
        [
            "group.deleted",
            "group.updated",
            "group.updated",
            "group.created"
        ]
    );
    let created = &page["data"][3];
    assert_eq!(created["group.created"]["id"], id);
    assert_eq!(created["group.created"]["data"]["group_name"], "Auditors");
    assert_eq!(
        page["data"][2]["group.updated"]["changes_requested"]["group_name"],
        "Audit"
    );
    let actor = &created["actor"];
    assert_eq!(actor["type"], "api_key");
    assert_eq!(actor["api_key"]["type"], "user");
    assert_eq!(actor["api_key"]["user"]["email"], "alice@example.com");
    // The member's own id finds the membership change too.
    let (_, bob) = fake
        .get("/organization/audit_logs?resource_ids[]=user_bob")
        .await;
    assert_eq!(types(&bob), ["group.updated"]);
}

#[tokio::test]
async fn out_of_band_changes_are_made_by_the_session_set_over_http() {
    let fake = Fake::default().await;
    let url = format!("http://{}/__fake/actor", fake.server.addr());
    let set = fake
        .client
        .post(&url)
        .body(r#"{"email": "carol@example.com"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    assert!(fake.handle().rename_group("group_support", "Helpdesk"));
    let unknown = fake
        .client
        .post(&url)
        .body(r#"{"email": "nobody@example.com"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);
    let (_, page) = fake
        .get("/organization/audit_logs?actor_emails[]=carol@example.com")
        .await;
    assert_eq!(types(&page), ["group.updated"]);
    let actor = &page["data"][0]["actor"];
    assert_eq!(actor["type"], "session");
    assert_eq!(actor["session"]["user"]["id"], "user_carol");
    // Without an actor set, the first owner's session made it.
    fake.client.post(&url).send().await.unwrap();
    assert!(fake.handle().delete_group("group_finance"));
    let events = fake.handle().audit_events();
    let last = events.last().unwrap();
    assert_eq!(last["type"], "group.deleted");
    assert_eq!(
        last["actor"]["session"]["user"]["email"],
        "alice@example.com"
    );
}

#[tokio::test]
async fn declared_types_assignments_and_projects_record_their_documented_events() {
    let fake = Fake::default().await;
    fake.post(
        "/organization/invites",
        json!({"email": "gina@example.com", "role": "reader"}),
    )
    .await;
    let (status, sa) = fake
        .post(
            "/organization/projects/proj_alpha/service_accounts",
            json!({"name": "bot"}),
        )
        .await;
    assert_eq!(status, 200, "{sa}");
    fake.post(
        "/projects/proj_alpha/groups/group_engineering/roles",
        json!({"role_id": "role-api-project-member"}),
    )
    .await;
    fake.post(
        "/organization/projects/proj_alpha",
        json!({"name": "Alpha 2"}),
    )
    .await;
    let (_, page) = fake
        .get("/organization/audit_logs?project_ids[]=proj_alpha&limit=10")
        .await;
    assert_eq!(
        types(&page),
        [
            "project.updated",
            "role.assignment.created",
            "api_key.created",
            "service_account.created"
        ]
    );
    assert_eq!(page["data"][0]["project"]["name"], "Alpha 2");
    let assigned = &page["data"][1]["role.assignment.created"];
    assert_eq!(assigned["principal_id"], "group_engineering");
    assert_eq!(assigned["resource_type"], "api.project");
    let (_, invites) = fake
        .get("/organization/audit_logs?event_types[]=invite.sent")
        .await;
    assert_eq!(
        invites["data"][0]["invite.sent"]["data"]["email"],
        "gina@example.com"
    );
    // An admin key made through the API acts as itself.
    let (_, key) = fake
        .post("/organization/admin_api_keys", json!({"name": "ci"}))
        .await;
    let value = key["value"].as_str().unwrap();
    let (status, _, _) = fake
        .send(
            Method::DELETE,
            "/organization/groups/group_finance",
            Some(value),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let key_id = key["id"].as_str().unwrap();
    let (_, by_key) = fake
        .get(&format!("/organization/audit_logs?actor_ids[]={key_id}"))
        .await;
    assert_eq!(types(&by_key), ["group.deleted"]);
}

#[tokio::test]
async fn a_reset_clears_the_log() {
    let fake = Fake::default().await;
    assert!(fake.handle().rename_group("group_support", "Helpdesk"));
    fake.handle().reset();
    assert!(fake.handle().audit_events().is_empty());
}

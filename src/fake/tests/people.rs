//! Invites, organization users and project service accounts over HTTP:
//! the declared routes behind the `/v1` middleware, and the control
//! endpoints that stand in for the invited person.

use super::*;

#[tokio::test]
async fn declared_routes_sit_behind_the_middleware() {
    let fake = Fake::default().await;
    let (s, _, v) = fake
        .send(Method::GET, "/organization/invites", None, None)
        .await;
    assert_eq!(s, 401, "{v}");
    let (s, v) = fake.get("/organization/invites").await;
    assert_eq!(s, 200, "{v}");
    fake.handle().set_faults(FaultConfig {
        fail_next: vec![503],
        ..FaultConfig::default()
    });
    let (s, _) = fake
        .get("/organization/projects/proj_alpha/service_accounts")
        .await;
    assert_eq!(s, 503);
    let counts = fake.handle().request_counts();
    assert_eq!(counts["GET /organization/invites"], 2);
    assert_eq!(
        counts["GET /organization/projects/{project_id}/service_accounts"],
        1
    );
    // Methods a type does not declare answer like an unknown URL.
    let (s, v) = fake.call(Method::PUT, "/organization/invites", None).await;
    assert_eq!((s, error_code(&v)), (404, Some("unknown_url")));
    let (s, v) = fake
        .post("/organization/projects/proj_alpha/api_keys", json!({}))
        .await;
    assert_eq!((s, error_code(&v)), (404, Some("unknown_url")));
}

#[tokio::test]
async fn invite_accept_and_the_new_user() {
    let fake = Fake::default().await;
    let (s, invite) = fake
        .post(
            "/organization/invites",
            json!({"email": "gil@example.com", "role": "reader",
                   "projects": [{"id": "proj_alpha", "role": "member"}]}),
        )
        .await;
    assert_eq!(s, 200, "{invite}");
    let id = invite["id"].as_str().unwrap();
    let (s, again) = fake
        .post(
            "/organization/invites",
            json!({"email": "gil@example.com", "role": "reader"}),
        )
        .await;
    assert_eq!(
        (s, error_code(&again)),
        (400, Some("invite_already_exists"))
    );
    let accepted = fake
        .control(
            Method::POST,
            &format!("/__fake/invites/{id}/accept"),
            Some(json!({"name": "Gil"})),
        )
        .await;
    assert_eq!(accepted["invite"]["status"], "accepted", "{accepted}");
    let user_id = accepted["user"]["id"].as_str().unwrap();
    let (s, user) = fake.get(&format!("/organization/users/{user_id}")).await;
    assert_eq!((s, &user["name"]), (200, &json!("Gil")));
    let (s, member) = fake
        .get(&format!(
            "/organization/projects/proj_alpha/users/{user_id}"
        ))
        .await;
    assert_eq!((s, &member["role"]), (200, &json!("member")), "{member}");
    let (s, v) = fake.delete(&format!("/organization/invites/{id}")).await;
    assert_eq!((s, error_code(&v)), (400, Some("invite_already_accepted")));
    let refused = fake
        .control(Method::POST, &format!("/__fake/invites/{id}/expire"), None)
        .await;
    assert_eq!(refused["error"]["code"], "invite_not_pending");
}

#[tokio::test]
async fn invites_page_by_last_id() {
    let fake = Fake::start(FakeConfig {
        page_size: 2,
        ..FakeConfig::default()
    })
    .await;
    for n in 0..4 {
        let (s, v) = fake
            .post(
                "/organization/invites",
                json!({"email": format!("p{n}@example.com"), "role": "reader"}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
    }
    let (mut seen, mut after) = (Vec::new(), None::<String>);
    loop {
        let path = match &after {
            Some(a) => format!("/organization/invites?limit=100&after={a}"),
            None => "/organization/invites?limit=100".to_string(),
        };
        let (s, page) = fake.get(&path).await;
        assert_eq!(s, 200, "{page}");
        assert_eq!(
            keys(&page),
            ["data", "first_id", "has_more", "last_id", "object"]
        );
        seen.extend(
            page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["email"].clone()),
        );
        if !page["has_more"].as_bool().unwrap() {
            break;
        }
        after = page["last_id"].as_str().map(String::from);
    }
    assert_eq!(seen.len(), 5, "the fixture's and four new: {seen:?}");
    let (s, v) = fake.get("/organization/invites?limit=101").await;
    assert_eq!((s, error_code(&v)), (400, Some("invalid_value")));
}

#[tokio::test]
async fn users_modify_and_delete() {
    let fake = Fake::default().await;
    let (s, bob) = fake
        .post("/organization/users/user_bob", json!({"role": "owner"}))
        .await;
    assert_eq!(
        (s, &bob["role"], &bob["object"]),
        (200, &json!("owner"), &json!("organization.user"))
    );
    let (s, v) = fake.delete("/organization/users/user_bob").await;
    assert_eq!(s, 200);
    assert_eq!(
        v,
        json!({"object": "organization.user.deleted", "id": "user_bob", "deleted": true})
    );
    let (s, _) = fake
        .get("/organization/groups/group_engineering/users/user_bob")
        .await;
    assert_eq!(s, 404);
    let (s, _) = fake
        .get("/organization/projects/proj_beta/users/user_bob")
        .await;
    assert_eq!(s, 404);
    let (s, v) = fake.delete("/organization/users/user_bob").await;
    assert_eq!((s, error_code(&v)), (404, Some("user_not_found")));
}

#[tokio::test]
async fn service_accounts_with_and_without_a_key() {
    let fake = Fake::default().await;
    let base = "/organization/projects/proj_beta/service_accounts";
    let (s, with_key) = fake.post(base, json!({"name": "ci"})).await;
    assert_eq!(s, 200, "{with_key}");
    assert_eq!(
        keys(&with_key),
        ["api_key", "created_at", "id", "name", "object", "role"]
    );
    let value = with_key["api_key"]["value"].as_str().unwrap().to_string();
    let (s, bare) = fake
        .post(
            base,
            json!({"name": "bare", "create_service_account_only": true}),
        )
        .await;
    assert_eq!(
        (s, &bare["role"], &bare["api_key"]),
        (200, &json!("none"), &Value::Null)
    );
    let svc = bare["id"].as_str().unwrap();
    // Its project roles go through the user assignment routes.
    let (s, v) = fake
        .post(
            &format!("/projects/proj_beta/users/{svc}/roles"),
            json!({"role_id": "role-api-project-viewer"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["user"]["id"], svc);
    let (s, listed) = fake.get(base).await;
    assert_eq!(s, 200);
    assert_eq!(listed["data"].as_array().unwrap().len(), 2);
    assert!(
        !listed.to_string().contains(&value),
        "the value is shown once"
    );
    let issued = fake.control(Method::GET, "/__fake/issued_keys", None).await;
    assert_eq!(issued["data"][0]["value"], value.as_str());
    let (s, v) = fake.delete(&format!("{base}/{svc}")).await;
    assert_eq!(
        (s, &v["object"]),
        (200, &json!("organization.project.service_account.deleted"))
    );
    let (s, v) = fake
        .get(&format!("/projects/proj_beta/users/{svc}/roles"))
        .await;
    assert_eq!(s, 404, "{v}");
    let state = fake.control(Method::GET, "/__fake/state", None).await;
    assert!(!state.to_string().contains(&value));
    assert_eq!(
        state["collections"]["service_accounts"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn keys_over_http_values_once_and_queryable() {
    let fake = Fake::default().await;
    let (s, admin) = fake
        .post("/organization/admin_api_keys", json!({"name": "ops"}))
        .await;
    assert_eq!(s, 200, "{admin}");
    let admin_value = admin["value"].as_str().unwrap().to_string();
    let admin_id = admin["id"].as_str().unwrap().to_string();
    // The new admin key authenticates, and its use shows.
    let (s, _, _) = fake
        .send(
            Method::GET,
            "/organization/invites",
            Some(&admin_value),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let (s, got) = fake
        .get(&format!("/organization/admin_api_keys/{admin_id}"))
        .await;
    assert_eq!(s, 200);
    assert!(
        got["last_used_at"].is_i64() && got.get("value").is_none(),
        "{got}"
    );
    let (s, listed) = fake.get("/organization/admin_api_keys?order=desc").await;
    assert_eq!(s, 200);
    assert_eq!(listed["data"][0]["id"], admin_id.as_str());

    let (_, svc) = fake
        .post(
            "/organization/projects/proj_beta/service_accounts",
            json!({"name": "ci"}),
        )
        .await;
    let svc_id = svc["id"].as_str().unwrap();
    let (s, extra) = fake
        .post(
            &format!("/organization/projects/proj_beta/service_accounts/{svc_id}/api_keys"),
            json!({"name": "second"}),
        )
        .await;
    assert_eq!(s, 200, "{extra}");
    let (s, keys) = fake.get("/organization/projects/proj_beta/api_keys").await;
    assert_eq!(s, 200);
    assert_eq!(keys["data"].as_array().unwrap().len(), 3, "{keys}");
    let issued = fake.control(Method::GET, "/__fake/issued_keys", None).await;
    let values: Vec<&str> = issued["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["value"].as_str().unwrap())
        .collect();
    assert_eq!(values.len(), 3);
    assert!(values.contains(&admin_value.as_str()));
    assert!(values.contains(&extra["value"].as_str().unwrap()));
    for value in &values {
        assert!(!keys.to_string().contains(value) && !listed.to_string().contains(value));
    }

    let (s, v) = fake
        .delete(&format!("/organization/admin_api_keys/{admin_id}"))
        .await;
    assert_eq!(
        (s, &v["object"]),
        (200, &json!("organization.admin_api_key.deleted"))
    );
    let (s, _, v) = fake
        .send(
            Method::GET,
            "/organization/invites",
            Some(&admin_value),
            None,
        )
        .await;
    assert_eq!((s.as_u16(), error_code(&v)), (401, Some("invalid_api_key")));
    let key_id = extra["id"].as_str().unwrap();
    let (s, _) = fake
        .delete(&format!(
            "/organization/projects/proj_beta/api_keys/{key_id}"
        ))
        .await;
    assert_eq!(s, 200);
    let (s, v) = fake
        .get(&format!(
            "/organization/projects/proj_beta/api_keys/{key_id}"
        ))
        .await;
    assert_eq!((s, error_code(&v)), (404, Some("api_key_not_found")));
}

#[tokio::test]
async fn the_handle_sees_and_drives_the_declared_types() {
    let fake = Fake::default().await;
    let handle = fake.handle();
    let invites = handle.collection("invites");
    assert_eq!(invites[0]["id"], "invite-fixtureFrank000000000");
    assert!(handle.collection("nope").is_empty());
    let user = handle.accept_invite("invite-fixtureFrank000000000", None);
    let (s, v) = fake.get(&format!("/organization/users/{user}")).await;
    assert_eq!(
        (s, &v["name"], &v["email"]),
        (200, &json!("frank"), &json!("frank@example.com"))
    );
    let (s, v) = fake
        .get(&format!("/organization/projects/proj_beta/users/{user}"))
        .await;
    assert_eq!((s, &v["role"]), (200, &json!("member")));
    assert!(
        !handle.expire_invite("invite-fixtureFrank000000000"),
        "accepted already"
    );
    let (_, svc) = fake
        .post(
            "/organization/projects/proj_alpha/service_accounts",
            json!({"name": "x"}),
        )
        .await;
    assert_eq!(
        handle.issued_key_values(),
        [svc["api_key"]["value"].as_str().unwrap()]
    );
    assert_eq!(
        handle.collection("service_accounts")[1]["project_id"],
        "proj_alpha"
    );
}

//! HTTP-level tests: a real server on 127.0.0.1 and a real client. Roles,
//! assignments and the middleware here; groups, members, projects, project
//! access and users in [`identity`]; serving a loaded fixture in [`fixture`].

mod audit;
mod fixture;
mod identity;
mod people;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

use super::*;

const ALPHA_MEMBER: &str = "role-api-project-member__api-project__proj_alpha";

struct Fake {
    server: FakeServer,
    client: Client,
}

impl Fake {
    async fn start(config: FakeConfig) -> Fake {
        let server = FakeServer::start(0, config).await.unwrap();
        let client = Client::builder().no_proxy().build().unwrap();
        Fake { server, client }
    }

    async fn default() -> Fake {
        Fake::start(FakeConfig::default()).await
    }

    fn handle(&self) -> FakeHandle {
        self.server.handle()
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<&str>,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let url = format!("{}{path}", self.server.base_url());
        let mut req = self.client.request(method, url);
        if let Some(k) = key {
            req = req.bearer_auth(k);
        }
        if let Some(b) = body {
            req = req
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, headers, value)
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let body = body.map(|b| b.to_string());
        let (s, _, v) = self
            .send(method, path, Some(DEFAULT_API_KEY), body.as_deref())
            .await;
        (s.as_u16(), v)
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.call(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    async fn delete(&self, path: &str) -> (u16, Value) {
        self.call(Method::DELETE, path, None).await
    }

    async fn create_role(&self, project: &str, name: &str) -> String {
        let (s, v) = self
            .post(
                &format!("/projects/{project}/roles"),
                json!({"role_name": name, "permissions": ["api.files.read"]}),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        v["id"].as_str().unwrap().to_string()
    }

    async fn control(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("http://{}{path}", self.server.addr());
        let mut req = self.client.request(method, url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.unwrap().json().await.unwrap()
    }
}

/// Asserts the real error shape and returns `error.code`.
fn error_code(v: &Value) -> Option<&str> {
    let e = v["error"].as_object().expect("error object");
    let mut keys: Vec<&str> = e.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["code", "message", "param", "type"], "{v}");
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(e["type"].is_string());
    e["code"].as_str()
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort();
    k
}

#[tokio::test]
async fn auth_errors() {
    let f = Fake::default().await;
    let path = "/organization/roles";
    for (key, status, code) in [
        (None, 401, "invalid_api_key"),
        (Some("sk-admin-wrong"), 401, "invalid_api_key"),
        (Some("sk-proj-abc"), 403, "insufficient_permissions"),
    ] {
        let (s, _, v) = f.send(Method::GET, path, key, None).await;
        assert_eq!(s.as_u16(), status, "{key:?}");
        assert_eq!(error_code(&v), Some(code));
        assert_eq!(v["error"]["type"], "invalid_request_error");
    }
    assert_eq!(f.get(path).await.0, 200);
    assert_eq!(f.handle().request_count(), 4);
}

#[tokio::test]
async fn unknown_routes_and_malformed_json() {
    let f = Fake::default().await;
    let (s, v) = f.get("/nope").await;
    assert_eq!(s, 404);
    assert_eq!(error_code(&v), Some("unknown_url"));
    let (s, v) = f.call(Method::PUT, "/organization/roles", None).await;
    assert_eq!(s, 404, "wrong method is an unknown URL");
    error_code(&v);
    let (s, _, v) = f
        .send(
            Method::POST,
            "/projects/proj_alpha/roles",
            Some(DEFAULT_API_KEY),
            Some("{not json"),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(error_code(&v), Some("invalid_json"));
    let counts = f.handle().request_counts();
    assert_eq!(counts["GET /nope"], 1);
    assert_eq!(counts["PUT /organization/roles"], 1);
    assert_eq!(counts["POST /projects/{project_id}/roles"], 1);
    assert!(f.handle().custom_project_roles("proj_alpha").is_empty());
}

#[tokio::test]
async fn project_role_lifecycle() {
    let f = Fake::default().await;
    let (s, role) = f
        .post(
            "/projects/proj_alpha/roles",
            json!({
                "role_name": "Key Manager",
                "permissions": ["api.organization.projects.api_keys.write",
                                "api.organization.projects.api_keys.read",
                                "api.organization.projects.api_keys.write"],
                "description": "keys"
            }),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(
        keys(&role),
        [
            "description",
            "id",
            "name",
            "object",
            "permissions",
            "predefined_role",
            "resource_type"
        ]
    );
    assert_eq!(role["object"], "role");
    assert_eq!(role["resource_type"], "api.project");
    assert_eq!(role["predefined_role"], false);
    assert_eq!(
        role["permissions"],
        json!([
            "api.organization.projects.api_keys.read",
            "api.organization.projects.api_keys.write"
        ])
    );
    let id = role["id"].as_str().unwrap().to_string();

    let (s, list) = f.get("/projects/proj_alpha/roles").await;
    assert_eq!(s, 200);
    assert_eq!(list["data"].as_array().unwrap().len(), 4);
    assert_eq!(list["data"][3]["id"], id.as_str());

    let path = format!("/projects/proj_alpha/roles/{id}");
    let (s, upd) = f
        .post(
            &path,
            json!({"permissions": ["api.evals.read"], "description": null}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(upd["permissions"], json!(["api.evals.read"]));
    assert_eq!(upd["description"], Value::Null);
    assert_eq!(upd["name"], "Key Manager");

    // Another project's path does not see it.
    let (s, v) = f.delete(&format!("/projects/proj_beta/roles/{id}")).await;
    assert_eq!((s, error_code(&v)), (404, Some("role_not_found")));

    let (s, del) = f.delete(&path).await;
    assert_eq!(s, 200);
    assert_eq!(
        del,
        json!({"object": "role.deleted", "id": id, "deleted": true})
    );
    let (s, v) = f.delete(&path).await;
    assert_eq!((s, error_code(&v)), (404, Some("role_not_found")));

    let (s, v) = f.get("/projects/proj_nope/roles").await;
    assert_eq!((s, error_code(&v)), (404, Some("project_not_found")));
}

#[tokio::test]
async fn role_validation_errors() {
    let f = Fake::default().await;
    let p = "/projects/proj_alpha/roles";
    let (s, v) = f
        .post(
            p,
            json!({"role_name": "x", "permissions": ["api.files.read", "api.bogus"]}),
        )
        .await;
    assert_eq!((s, error_code(&v)), (400, Some("invalid_permission")));
    assert_eq!(v["error"]["param"], "permissions");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("api.bogus")
    );
    // A role without permissions is valid, as in the real API (the official
    // provider tests one live); so is emptying a role's permissions.
    let (s, v) = f
        .post(p, json!({"role_name": "none", "permissions": []}))
        .await;
    assert_eq!((s, &v["permissions"]), (200, &json!([])), "{v}");
    let id = v["id"].as_str().unwrap().to_string();
    let (s, v) = f
        .post(&format!("{p}/{id}"), json!({"permissions": []}))
        .await;
    assert_eq!((s, &v["permissions"]), (200, &json!([])), "{v}");
    let (s, v) = f.post(p, json!({"permissions": ["api.files.read"]})).await;
    assert_eq!(
        (s, error_code(&v)),
        (400, Some("missing_required_parameter"))
    );

    f.create_role("proj_alpha", "dup").await;
    let (s, v) = f
        .post(
            p,
            json!({"role_name": "dup", "permissions": ["api.files.read"]}),
        )
        .await;
    assert_eq!((s, error_code(&v)), (400, Some("role_name_taken")));
    assert_eq!(v["error"]["param"], "role_name");

    let (s, v) = f
        .post(
            &format!("/projects/proj_alpha/roles/{ALPHA_MEMBER}"),
            json!({"description": "x"}),
        )
        .await;
    assert_eq!(
        (s, error_code(&v)),
        (400, Some("predefined_role_immutable"))
    );
    let (s, _) = f
        .delete("/organization/roles/role-api-organization-owner")
        .await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn configurable_statuses() {
    let f = Fake::start(FakeConfig {
        duplicate_name_status: 409,
        create_status: 201,
        reassign_returns_existing: true,
        ..FakeConfig::default()
    })
    .await;
    let body = json!({"role_name": "r", "permissions": ["api.groups.read"]});
    let (s, role) = f.post("/organization/roles", body.clone()).await;
    assert_eq!(s, 201);
    assert_eq!(role["resource_type"], "api.organization");
    let (s, v) = f.post("/organization/roles", body).await;
    assert_eq!((s, error_code(&v)), (409, Some("role_name_taken")));

    let path = "/organization/groups/group_support/roles";
    let assign = json!({"role_id": role["id"]});
    let (s, first) = f.post(path, assign.clone()).await;
    assert_eq!(s, 201);
    let (s, again) = f.post(path, assign).await;
    assert_eq!(s, 200, "existing assignment returned");
    assert_eq!(first, again);
    assert_eq!(f.handle().group_assignments().len(), 1);
}

#[tokio::test]
async fn pagination_follows_cursors() {
    let f = Fake::start(FakeConfig {
        page_size: 2,
        ..FakeConfig::default()
    })
    .await;
    for i in 0..5 {
        f.create_role("proj_alpha", &format!("r{i}")).await;
    }
    // 3 predefined + 5 custom, pages of 2 even though limit is 1000.
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut path = "/projects/proj_alpha/roles?limit=1000".to_string();
        if let Some(a) = &after {
            path.push_str(&format!("&after={a}"));
        }
        let (s, page) = f.get(&path).await;
        assert_eq!(s, 200);
        assert_eq!(keys(&page), ["data", "has_more", "next", "object"]);
        assert_eq!(page["object"], "list");
        pages += 1;
        let data = page["data"].as_array().unwrap();
        assert!(data.len() <= 2);
        ids.extend(data.iter().map(|r| r["id"].as_str().unwrap().to_string()));
        if page["has_more"] == false {
            assert_eq!(page["next"], Value::Null);
            break;
        }
        assert_eq!(
            page["next"].as_str(),
            Some(
                crate::fake::pagination::next_cursor(data[data.len() - 1]["id"].as_str().unwrap())
                    .as_str()
            )
        );
        after = page["next"].as_str().map(String::from);
    }
    assert_eq!(pages, 4);
    assert_eq!(ids.len(), 8);
    assert_eq!(ids[0], "role-api-project-owner__api-project__proj_alpha");

    let (s, desc) = f.get("/projects/proj_alpha/roles?order=desc&limit=1").await;
    assert_eq!(s, 200);
    assert_eq!(desc["data"][0]["id"], ids[7].as_str());

    for q in [
        "limit=-1",
        "limit=1001",
        "limit=abc",
        "order=sideways",
        "after=role_nope",
    ] {
        let (s, v) = f.get(&format!("/projects/proj_alpha/roles?{q}")).await;
        assert_eq!(s, 400, "{q}");
        error_code(&v);
    }
}

/// The documented maximum of the role and role-assignment lists is 1000.
#[tokio::test]
async fn role_lists_take_up_to_1000() {
    let f = Fake::default().await;
    for path in [
        "/projects/proj_alpha/roles",
        "/organization/roles",
        "/projects/proj_alpha/groups/group_support/roles",
        "/organization/groups/group_support/roles",
        "/projects/proj_alpha/users/user_alice/roles",
        "/organization/users/user_alice/roles",
    ] {
        for limit in ["0", "1000"] {
            let (s, v) = f.get(&format!("{path}?limit={limit}")).await;
            assert_eq!(s, 200, "{path}?limit={limit}: {v}");
        }
        let (s, v) = f.get(&format!("{path}?limit=1001")).await;
        assert_eq!((s, error_code(&v)), (400, Some("invalid_value")), "{path}");
        assert_eq!(v["error"]["param"], "limit");
    }
}

/// Retrieve operations the description documents (they used to be 404s).
#[tokio::test]
async fn documented_retrieves_answer() {
    let f = Fake::default().await;
    let custom = f.create_role("proj_alpha", "Reader").await;
    for (path, id) in [
        (
            format!("/projects/proj_alpha/roles/{custom}"),
            custom.as_str(),
        ),
        (
            "/projects/proj_alpha/roles/role-api-project-member".to_string(),
            ALPHA_MEMBER,
        ),
        (
            "/organization/roles/role-api-organization-viewer".to_string(),
            "role-api-organization-viewer",
        ),
    ] {
        let (s, role) = f.get(&path).await;
        assert_eq!(s, 200, "{path}: {role}");
        assert_eq!(
            keys(&role),
            [
                "description",
                "id",
                "name",
                "object",
                "permissions",
                "predefined_role",
                "resource_type"
            ]
        );
        assert_eq!(
            (role["object"].as_str(), role["id"].as_str()),
            (Some("role"), Some(id))
        );
    }
    let (s, v) = f.get(&format!("/projects/proj_beta/roles/{custom}")).await;
    assert_eq!((s, error_code(&v)), (404, Some("role_not_found")));
    let (s, v) = f.get("/organization/roles/role-api-project-member").await;
    assert_eq!((s, error_code(&v)), (404, Some("role_not_found")));

    for (assign_path, role) in [
        (
            "/organization/groups/group_finance/roles",
            "role-api-organization-member",
        ),
        (
            "/organization/users/user_erin/roles",
            "role-api-organization-viewer",
        ),
    ] {
        let (s, _) = f.post(assign_path, json!({"role_id": role})).await;
        assert_eq!(s, 200);
        let (s, got) = f.get(&format!("{assign_path}/{role}")).await;
        assert_eq!(s, 200, "{got}");
        assert_eq!(got["id"], role);
        assert!(got.get("object").is_none(), "flat retrieved-role object");
        let (s, v) = f
            .get(&format!("{assign_path}/role-api-organization-owner"))
            .await;
        assert_eq!((s, error_code(&v)), (404, Some("assignment_not_found")));
    }
    let counts = f.handle().request_counts();
    assert_eq!(
        counts["GET /organization/groups/{group_id}/roles/{role_id}"],
        2
    );
    assert_eq!(counts["GET /projects/{project_id}/roles/{role_id}"], 3);
}

#[tokio::test]
async fn project_assignments_with_alias() {
    let f = Fake::default().await;
    let base = "/projects/proj_alpha/groups/group_support/roles";
    let (s, out) = f
        .post(base, json!({"role_id": "role-api-project-member"}))
        .await;
    assert_eq!(s, 200);
    assert_eq!(out["object"], "group.role");
    assert_eq!(
        out["group"],
        json!({"object": "group", "id": "group_support", "name": "Support",
               "created_at": out["group"]["created_at"], "scim_managed": false})
    );
    assert!(out["group"]["created_at"].is_i64());
    assert_eq!(out["role"]["id"], ALPHA_MEMBER);
    assert_eq!(out["role"]["object"], "role");

    // GET accepts both the alias and the scoped id, and echoes the scoped id.
    for id in ["role-api-project-member", ALPHA_MEMBER] {
        let (s, got) = f.get(&format!("{base}/{id}")).await;
        assert_eq!(s, 200);
        assert_eq!(got["id"], ALPHA_MEMBER);
        assert_eq!(
            keys(&got),
            [
                "assignment_sources",
                "created_at",
                "created_by",
                "created_by_user_obj",
                "description",
                "id",
                "metadata",
                "name",
                "permissions",
                "predefined_role",
                "resource_type",
                "updated_at"
            ]
        );
        assert_eq!(got["metadata"], json!({}));
        assert_eq!(got["assignment_sources"], Value::Null);
        assert_eq!(got["created_by_user_obj"], Value::Null);
    }
    let (_, list) = f.get(base).await;
    assert_eq!(list["data"][0]["id"], ALPHA_MEMBER);
    assert_eq!(list["has_more"], false);

    let (s, v) = f
        .post(base, json!({"role_id": "role-api-project-member"}))
        .await;
    assert_eq!((s, error_code(&v)), (400, Some("role_already_assigned")));
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already assigned")
    );

    let (s, del) = f.delete(&format!("{base}/role-api-project-member")).await;
    assert_eq!(s, 200);
    assert_eq!(
        del,
        json!({"object": "group.role.deleted", "deleted": true})
    );
    let (s, v) = f.get(&format!("{base}/{ALPHA_MEMBER}")).await;
    assert_eq!((s, error_code(&v)), (404, Some("assignment_not_found")));
    let (s, _) = f.delete(&format!("{base}/{ALPHA_MEMBER}")).await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn assignment_errors() {
    let f = Fake::default().await;
    let member = json!({"role_id": "role-api-project-member"});
    let (s, v) = f
        .post(
            "/projects/proj_alpha/groups/group_contractors/roles",
            member.clone(),
        )
        .await;
    assert_eq!((s, error_code(&v)), (400, Some("group_not_in_project")));
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a member of project")
    );
    let (s, v) = f
        .post(
            "/projects/proj_alpha/groups/group_nope/roles",
            member.clone(),
        )
        .await;
    assert_eq!((s, error_code(&v)), (404, Some("group_not_found")));
    let (s, _) = f
        .post("/projects/proj_nope/groups/group_support/roles", member)
        .await;
    assert_eq!(s, 404);
    let (s, v) = f
        .post(
            "/projects/proj_alpha/groups/group_support/roles",
            json!({"role_id": "role-api-organization-owner"}),
        )
        .await;
    assert_eq!((s, error_code(&v)), (400, Some("invalid_role_scope")));
    let beta_role = f.create_role("proj_beta", "b").await;
    let (s, _) = f
        .post(
            "/projects/proj_alpha/groups/group_engineering/roles",
            json!({"role_id": beta_role}),
        )
        .await;
    assert_eq!(s, 404);

    // Organization scope only takes organization roles.
    let (s, v) = f
        .post(
            "/organization/groups/group_support/roles",
            json!({"role_id": "role-api-project-member"}),
        )
        .await;
    assert_eq!((s, error_code(&v)), (400, Some("invalid_role_scope")));
    let (s, out) = f
        .post(
            "/organization/groups/group_contractors/roles",
            json!({"role_id": "role-api-organization-viewer"}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(out["role"]["resource_type"], "api.organization");
    let (_, list) = f.get("/organization/groups/group_contractors/roles").await;
    assert_eq!(list["data"][0]["id"], "role-api-organization-viewer");
    let (s, del) = f
        .delete("/organization/groups/group_contractors/roles/role-api-organization-viewer")
        .await;
    assert_eq!(s, 200);
    assert_eq!(del["object"], "group.role.deleted");
    assert!(f.handle().group_assignments().is_empty());
}

#[tokio::test]
async fn user_assignments_mirror_group_ones() {
    let f = Fake::default().await;
    let base = "/projects/proj_alpha/users/user_alice/roles";
    let (s, out) = f
        .post(base, json!({"role_id": "role-api-project-member"}))
        .await;
    assert_eq!(s, 200);
    assert_eq!(keys(&out), ["object", "role", "user"]);
    assert_eq!(out["object"], "user.role");
    assert_eq!(out["user"]["object"], "organization.user");
    assert_eq!(out["user"]["email"], "alice@example.com");
    assert_eq!(out["role"]["id"], ALPHA_MEMBER);

    for id in ["role-api-project-member", ALPHA_MEMBER] {
        let (s, got) = f.get(&format!("{base}/{id}")).await;
        assert_eq!(s, 200);
        assert_eq!(got["id"], ALPHA_MEMBER);
        assert!(got.get("object").is_none(), "flat retrieved-role object");
        assert_eq!(got["assignment_sources"], Value::Null);
    }
    let (_, list) = f.get(base).await;
    assert_eq!(list["data"][0]["id"], ALPHA_MEMBER);
    let (s, v) = f
        .post(base, json!({"role_id": "role-api-project-member"}))
        .await;
    assert_eq!((s, error_code(&v)), (400, Some("role_already_assigned")));

    let (s, v) = f
        .post(
            "/projects/proj_alpha/users/user_carol/roles",
            json!({"role_id": "role-api-project-member"}),
        )
        .await;
    assert_eq!((s, error_code(&v)), (400, Some("user_not_in_project")));
    assert_eq!(v["error"]["param"], "user_id");
    let (s, v) = f
        .post(
            "/projects/proj_alpha/users/user_nope/roles",
            json!({"role_id": "role-api-project-member"}),
        )
        .await;
    assert_eq!((s, error_code(&v)), (404, Some("user_not_found")));
    let (s, v) = f
        .post(
            "/organization/users/user_carol/roles",
            json!({"role_id": "role-api-project-member"}),
        )
        .await;
    assert_eq!((s, error_code(&v)), (400, Some("invalid_role_scope")));
    let (s, _) = f
        .post(
            "/organization/users/user_carol/roles",
            json!({"role_id": "role-api-organization-viewer"}),
        )
        .await;
    assert_eq!(s, 200);
    let (_, list) = f.get("/organization/users/user_carol/roles").await;
    assert_eq!(list["data"][0]["id"], "role-api-organization-viewer");
    // Group routes do not see user assignments.
    let (_, list) = f.get("/organization/groups/group_support/roles").await;
    assert_eq!(list["data"], json!([]));

    let h = f.handle();
    assert_eq!(
        h.user_assignments(),
        vec![
            FakeUserAssignment {
                project_id: Some("proj_alpha".into()),
                user_id: "user_alice".into(),
                role_id: ALPHA_MEMBER.into()
            },
            FakeUserAssignment {
                project_id: None,
                user_id: "user_carol".into(),
                role_id: "role-api-organization-viewer".into()
            },
        ]
    );
    assert!(h.group_assignments().is_empty());
    let state = f.control(Method::GET, "/__fake/state", None).await;
    assert_eq!(state["user_assignments"][1]["user_id"], "user_carol");
    assert_eq!(state["assignments"], json!([]));

    for path in [
        format!("{base}/role-api-project-member"),
        "/organization/users/user_carol/roles/role-api-organization-viewer".to_string(),
    ] {
        let (s, del) = f.delete(&path).await;
        assert_eq!(s, 200);
        assert_eq!(del, json!({"object": "user.role.deleted", "deleted": true}));
    }
    let (s, v) = f.get(&format!("{base}/{ALPHA_MEMBER}")).await;
    assert_eq!((s, error_code(&v)), (404, Some("assignment_not_found")));
    assert!(h.user_assignments().is_empty());
    let counts = h.request_counts();
    assert_eq!(
        counts["POST /projects/{project_id}/users/{user_id}/roles"],
        4
    );
    assert_eq!(
        counts["DELETE /organization/users/{user_id}/roles/{role_id}"],
        1
    );
}

#[tokio::test]
async fn handle_edits_user_assignments() {
    let f = Fake::default().await;
    let h = f.handle();
    assert!(h.insert_user_assignment(Some("proj_beta"), "user_bob", "role-api-project-owner"));
    assert!(!h.insert_user_assignment(Some("proj_beta"), "user_alice", "role-api-project-owner"));
    assert!(!h.insert_user_assignment(None, "user_nope", "role-api-organization-owner"));
    assert!(h.insert_user_assignment(None, "user_carol", "role-api-organization-owner"));
    let (s, got) = f
        .get("/projects/proj_beta/users/user_bob/roles/role-api-project-owner")
        .await;
    assert_eq!(s, 200);
    assert_eq!(got["name"], "owner");
    assert!(h.remove_user_assignment(Some("proj_beta"), "user_bob", "role-api-project-owner"));
    assert!(!h.remove_user_assignment(Some("proj_beta"), "user_bob", "role-api-project-owner"));
    assert_eq!(h.user_assignments().len(), 1);
    h.reset();
    assert!(h.user_assignments().is_empty());
}

#[tokio::test]
async fn fail_next_and_retry_after() {
    let f = Fake::default().await;
    let h = f.handle();
    h.set_faults(FaultConfig {
        fail_next: vec![429, 503],
        retry_after_secs: 7,
        ..FaultConfig::default()
    });
    let body = json!({"role_name": "r", "permissions": ["api.files.read"]});
    let (s, headers, v) = f
        .send(
            Method::POST,
            "/projects/proj_alpha/roles",
            Some(DEFAULT_API_KEY),
            Some(&body.to_string()),
        )
        .await;
    assert_eq!(s, 429);
    assert_eq!(headers["retry-after"], "7");
    assert_eq!(error_code(&v), Some("rate_limit_exceeded"));
    assert_eq!(v["error"]["type"], "requests");
    let (s, v) = f.post("/projects/proj_alpha/roles", body.clone()).await;
    assert_eq!(s, 503);
    assert_eq!(v["error"]["type"], "server_error");
    assert!(
        h.custom_project_roles("proj_alpha").is_empty(),
        "faulted requests change no state"
    );
    let (s, _) = f.post("/projects/proj_alpha/roles", body).await;
    assert_eq!(s, 200);
    assert_eq!(h.faults_injected(), 2);
    assert_eq!(h.request_count(), 3);
    assert_eq!(h.request_counts()["POST /projects/{project_id}/roles"], 3);
    assert_eq!(h.status_counts()[&429], 1);
    h.reset_counters();
    assert_eq!(h.request_count(), 0);
}

#[tokio::test]
async fn random_faults_and_latency() {
    let f = Fake::start(FakeConfig {
        latency: Duration::from_millis(30),
        faults: FaultConfig {
            rate_429: 1.0,
            retry_after_secs: 2,
            ..FaultConfig::default()
        },
        ..FakeConfig::default()
    })
    .await;
    let start = Instant::now();
    let (s, headers, _) = f
        .send(
            Method::GET,
            "/organization/groups",
            Some(DEFAULT_API_KEY),
            None,
        )
        .await;
    assert!(start.elapsed() >= Duration::from_millis(30));
    assert_eq!(s, 429);
    assert_eq!(headers["retry-after"], "2");
    // Auth is checked before faults.
    let (s, _, _) = f
        .send(Method::GET, "/organization/groups", None, None)
        .await;
    assert_eq!(s, 401);
}

#[tokio::test]
async fn control_endpoints() {
    let f = Fake::default().await;
    let role = f.create_role("proj_alpha", "r").await;
    f.post(
        "/projects/proj_alpha/groups/group_finance/roles",
        json!({"role_id": role}),
    )
    .await;

    let state = f.control(Method::GET, "/__fake/state", None).await;
    assert_eq!(state["custom_roles"][0]["id"], role.as_str());
    assert_eq!(
        state["assignments"][0],
        json!({"project_id": "proj_alpha", "group_id": "group_finance", "role_id": role})
    );
    let stats = f.control(Method::GET, "/__fake/stats", None).await;
    assert_eq!(stats["total"], 2);

    let set = f
        .control(
            Method::POST,
            "/__fake/faults",
            Some(json!({"fail_next": [502]})),
        )
        .await;
    assert_eq!(set["status_5xx"], 503);
    assert_eq!(f.get("/organization/groups").await.0, 502);

    f.control(Method::POST, "/__fake/reset", None).await;
    let h = f.handle();
    assert!(h.custom_project_roles("proj_alpha").is_empty());
    assert!(h.group_assignments().is_empty());
    assert_eq!(h.request_count(), 0, "control endpoints are not counted");
}

#[tokio::test]
async fn handle_out_of_band_edits_show_over_http() {
    let f = Fake::default().await;
    let h = f.handle();
    let role = h.insert_project_role("proj_beta", "imported", &["api.usage.read"]);
    assert!(h.insert_group_assignment(Some("proj_beta"), "group_engineering", &role.id));
    assert!(!h.insert_group_assignment(Some("proj_beta"), "group_support", &role.id));
    let (s, got) = f
        .get(&format!(
            "/projects/proj_beta/groups/group_engineering/roles/{}",
            role.id
        ))
        .await;
    assert_eq!(s, 200);
    assert_eq!(got["name"], "imported");

    assert!(h.set_project_role_permissions(
        "proj_beta",
        &role.id,
        &["api.usage.read", "api.evals.read"]
    ));
    let (_, list) = f.get("/projects/proj_beta/roles").await;
    assert_eq!(
        list["data"][3]["permissions"],
        json!(["api.evals.read", "api.usage.read"])
    );

    assert!(h.remove_group_assignment(Some("proj_beta"), "group_engineering", &role.id));
    assert!(h.insert_group_assignment(None, "group_finance", "role-api-organization-member"));
    assert!(h.delete_project_role("proj_beta", &role.id));
    assert!(h.custom_project_roles("proj_beta").is_empty());
    assert_eq!(
        h.group_assignments(),
        vec![FakeAssignment {
            project_id: None,
            group_id: "group_finance".into(),
            role_id: "role-api-organization-member".into()
        }]
    );
    assert!(h.custom_org_roles().is_empty());
}

/// The blocking entry point works from a plain `#[test]` (raw HTTP, no runtime).
#[test]
fn blocking_server_from_sync_test() {
    let server = FakeServer::start_blocking(0, FakeConfig::default()).unwrap();
    assert!(server.base_url().ends_with("/v1"));
    let mut stream = std::net::TcpStream::connect(server.addr()).unwrap();
    write!(
        stream,
        "GET /v1/organization/groups?limit=2 HTTP/1.1\r\nHost: localhost\r\n\
         Authorization: Bearer {DEFAULT_API_KEY}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut resp = String::new();
    stream.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(resp.contains("\"has_more\":true"));
    assert_eq!(server.handle().request_count(), 1);
    server.shutdown();
}

#[tokio::test]
async fn applied_then_failed_requests_change_state() {
    let f = Fake::default().await;
    let h = f.handle();
    h.set_faults(FaultConfig {
        fail_next_after_apply: vec![503],
        ..FaultConfig::default()
    });
    // Refused before any handler runs: the queue is not consumed.
    let (s, _, _) = f.send(Method::GET, "/organization/roles", None, None).await;
    assert_eq!(s, 401);
    assert_eq!(h.faults().fail_next_after_apply, vec![503]);

    let body = json!({"role_name": "r", "permissions": ["api.files.read"]});
    let (s, v) = f.post("/projects/proj_alpha/roles", body.clone()).await;
    assert_eq!(s, 503);
    assert_eq!(error_code(&v), None);
    assert_eq!(v["error"]["type"], "server_error");
    let created = h.custom_project_roles("proj_alpha");
    assert_eq!(created.len(), 1, "applied although it failed");
    let (_, list) = f.get("/projects/proj_alpha/roles").await;
    assert!(
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == created[0].id.as_str())
    );
    // A blind retry of the create now conflicts.
    assert_eq!(f.post("/projects/proj_alpha/roles", body).await.0, 400);

    // The random variant, set over HTTP.
    let set = f
        .control(
            Method::POST,
            "/__fake/faults",
            Some(json!({"rate_5xx_after_apply": 1.0, "status_5xx": 502})),
        )
        .await;
    assert_eq!(set["rate_5xx_after_apply"], 1.0);
    let (s, _) = f
        .post(
            "/projects/proj_alpha/groups/group_finance/roles",
            json!({"role_id": created[0].id}),
        )
        .await;
    assert_eq!(s, 502);
    assert_eq!(h.group_assignments().len(), 1);
    let faults = f.control(Method::GET, "/__fake/faults", None).await;
    assert_eq!(faults["rate_5xx_after_apply"], 1.0);
    assert_eq!(faults["fail_next_after_apply"], json!([]));

    assert_eq!(h.faults_injected(), 2);
    assert_eq!(h.cause_counts(), [(FaultCause::AfterApply, 2)].into());
    let stats = f.control(Method::GET, "/__fake/stats", None).await;
    assert_eq!(stats["by_cause"], json!({"after_apply": 2}));
    let records = h.requests();
    let last = records.last().unwrap();
    assert!(last.faulted);
    assert_eq!(last.cause, Some(FaultCause::AfterApply));
}

#[tokio::test]
async fn server_side_rate_limit() {
    let f = Fake::default().await;
    let h = f.handle();
    // One token a second, burst 1 (refilling is unit-tested in faults.rs).
    let limited = FaultConfig {
        rate_limit_per_minute: Some(60),
        ..FaultConfig::default()
    };
    h.set_faults(FaultConfig {
        fail_next: vec![500],
        ..limited.clone()
    });
    let body = json!({"role_name": "r", "permissions": ["api.files.read"]});
    // Unauthenticated requests take no token.
    let (s, _, _) = f.send(Method::GET, "/organization/roles", None, None).await;
    assert_eq!(s, 401);
    assert_eq!(
        f.get("/organization/groups").await.0,
        500,
        "token, then fail_next"
    );
    let (s, headers, v) = f
        .send(
            Method::POST,
            "/projects/proj_alpha/roles",
            Some(DEFAULT_API_KEY),
            Some(&body.to_string()),
        )
        .await;
    assert_eq!(s, 429);
    assert_eq!(headers["retry-after"], "1", "rounded up to a whole second");
    assert_eq!(error_code(&v), Some("rate_limit_exceeded"));
    assert!(
        h.custom_project_roles("proj_alpha").is_empty(),
        "changes nothing"
    );

    assert_eq!(f.get("/organization/groups").await.0, 429);
    // New faults, full bucket.
    h.set_faults(limited);
    assert_eq!(f.post("/projects/proj_alpha/roles", body).await.0, 200);

    assert_eq!(h.status_counts()[&429], 2);
    assert_eq!(h.rate_limited_counts(), [(FaultCause::RateLimit, 2)].into());
    assert_eq!(h.faults_injected(), 1, "the fail_next 500 only");
    let stats = f.control(Method::GET, "/__fake/stats", None).await;
    assert_eq!(stats["rate_limited_by_cause"], json!({"rate_limit": 2}));
    assert_eq!(stats["by_cause"], json!({"rate_limit": 2, "injected": 1}));
    let faults = f.control(Method::GET, "/__fake/faults", None).await;
    assert_eq!(faults["rate_limit_per_minute"], 60);

    // Replacing the faults lifts the limit.
    h.set_faults(FaultConfig::default());
    assert_eq!(f.get("/organization/groups").await.0, 200);
}

#[tokio::test]
async fn reads_lag_behind_creates() {
    let f = Fake::start(FakeConfig {
        read_after_write_delay: Duration::from_millis(400),
        ..FakeConfig::default()
    })
    .await;
    let role = f.create_role("proj_alpha", "fresh").await;
    let listed = |v: &Value| {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == role.as_str())
    };
    let (s, list) = f.get("/projects/proj_alpha/roles").await;
    assert_eq!(s, 200);
    assert!(!listed(&list), "not visible yet");
    // Writes see it at once.
    let (s, _) = f
        .post(
            "/projects/proj_alpha/roles",
            json!({"role_name": "fresh", "permissions": ["api.files.read"]}),
        )
        .await;
    assert_eq!(s, 400, "duplicate name");
    let assignment = format!("/projects/proj_alpha/groups/group_support/roles/{role}");
    let (s, _) = f
        .post(
            "/projects/proj_alpha/groups/group_support/roles",
            json!({"role_id": role}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, v) = f.get(&assignment).await;
    assert_eq!(s, 404);
    assert_eq!(error_code(&v), Some("assignment_not_found"));
    let (_, list) = f
        .get("/projects/proj_alpha/groups/group_support/roles")
        .await;
    assert!(!listed(&list));

    tokio::time::sleep(Duration::from_millis(410)).await;
    assert!(listed(&f.get("/projects/proj_alpha/roles").await.1));
    assert_eq!(f.get(&assignment).await.0, 200);
    let (_, list) = f
        .get("/projects/proj_alpha/groups/group_support/roles")
        .await;
    assert!(listed(&list));
}

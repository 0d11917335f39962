//! Groups, members, projects, project access and users over HTTP: shapes
//! of the documented schemas, pages and cursors of every list, the domain
//! rules, and the middleware on these routes.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use super::{Fake, error_code, keys};
use crate::fake::{FakeConfig, FakeProjectUser, FaultConfig};

/// How a list's pages carry their cursor.
#[derive(Clone, Copy, Debug)]
enum Cursor {
    /// `next` (null on the last page).
    Next,
    /// `first_id` / `last_id`; pass `last_id` as `after`.
    LastId,
}

/// Walks a list with `limit=<limit>` (and the server's page size of 2),
/// following its documented cursor; returns the ids of every item
/// (`id_field` names the id) and checks each page's envelope.
async fn walk(f: &Fake, path: &str, limit: u32, cursor: Cursor, id_field: &str) -> Vec<String> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut url = format!("{path}{sep}limit={limit}");
        if let Some(a) = &after {
            url.push_str(&format!("&after={a}"));
        }
        let (s, page) = f.get(&url).await;
        assert_eq!(s, 200, "{url}: {page}");
        let data = page["data"].as_array().unwrap();
        assert!(data.len() <= 2, "{url}: the page size caps the limit");
        let page_ids: Vec<String> = data
            .iter()
            .map(|item| item[id_field].as_str().unwrap().to_string())
            .collect();
        ids.extend(page_ids.iter().cloned());
        let more = page["has_more"].as_bool().unwrap();
        match cursor {
            Cursor::Next => {
                assert_eq!(keys(&page), ["data", "has_more", "next", "object"], "{url}");
                if !more {
                    assert_eq!(page["next"], Value::Null);
                    return ids;
                }
                // Opaque, never the last item's id: OpenAI's SDKs page by `next`.
                let next = page["next"].as_str().unwrap();
                assert_ne!(Some(next), page_ids.last().map(String::as_str), "{url}");
                after = page["next"].as_str().map(String::from);
            }
            Cursor::LastId => {
                assert_eq!(
                    keys(&page),
                    ["data", "first_id", "has_more", "last_id", "object"],
                    "{url}"
                );
                assert_eq!(
                    page["first_id"].as_str(),
                    page_ids.first().map(String::as_str)
                );
                assert_eq!(
                    page["last_id"].as_str(),
                    page_ids.last().map(String::as_str)
                );
                if !more {
                    return ids;
                }
                after = page["last_id"].as_str().map(String::from);
            }
        }
    }
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Every list the provider reads, paged by two with its documented cursor,
/// at its documented maximum `limit`; one above it is refused.
#[tokio::test]
async fn every_list_pages_with_its_documented_cursor_and_bounds() {
    let f = Fake::start(FakeConfig {
        page_size: 2,
        ..FakeConfig::default()
    })
    .await;
    let h = f.handle();
    for user in ["user_carol", "user_dee", "user_erin"] {
        assert!(h.add_group_member("group_engineering", user));
        assert!(h.add_project_user("proj_alpha", user, "member"));
    }
    assert!(h.add_project_group("proj_alpha", "group_contractors", None));
    assert!(h.add_project_group("proj_alpha", "group_sales", None));
    let gamma = h.create_project("Gamma");
    let delta = h.create_project("Delta");
    let five = |list: &[&str]| strings(list);
    let cases: Vec<(&str, u32, Cursor, &str, Vec<String>)> = vec![
        (
            "/organization/groups",
            1000,
            Cursor::Next,
            "id",
            five(&[
                "group_engineering",
                "group_support",
                "group_finance",
                "group_contractors",
                "group_sales",
            ]),
        ),
        (
            "/organization/groups/group_engineering/users",
            1000,
            Cursor::Next,
            "id",
            five(&[
                "user_erin",
                "user_dee",
                "user_carol",
                "user_bob",
                "user_alice",
            ]),
        ),
        (
            "/organization/projects/proj_alpha/groups",
            100,
            Cursor::Next,
            "group_id",
            five(&[
                "group_engineering",
                "group_support",
                "group_finance",
                "group_contractors",
                "group_sales",
            ]),
        ),
        (
            "/organization/projects?include_archived=true",
            100,
            Cursor::LastId,
            "id",
            vec![
                "proj_alpha".into(),
                "proj_beta".into(),
                "proj_legacy".into(),
                gamma.clone(),
                delta.clone(),
            ],
        ),
        (
            "/organization/users",
            100,
            Cursor::LastId,
            "id",
            five(&[
                "user_alice",
                "user_bob",
                "user_carol",
                "user_dee",
                "user_erin",
            ]),
        ),
        (
            "/organization/projects/proj_alpha/users",
            100,
            Cursor::LastId,
            "id",
            five(&[
                "user_alice",
                "user_bob",
                "user_carol",
                "user_dee",
                "user_erin",
            ]),
        ),
    ];
    for (path, max, cursor, id_field, expected) in cases {
        assert_eq!(
            walk(&f, path, max, cursor, id_field).await,
            expected,
            "{path}"
        );
        let sep = if path.contains('?') { '&' } else { '?' };
        let (s, v) = f.get(&format!("{path}{sep}limit={}", max + 1)).await;
        assert_eq!((s, error_code(&v)), (400, Some("invalid_value")), "{path}");
        assert_eq!(v["error"]["param"], "limit");
    }
    // Lower bounds: 0 where the description allows it, else 1.
    for (path, zero_ok) in [
        ("/organization/groups", true),
        ("/organization/groups/group_support/users", true),
        ("/organization/projects/proj_alpha/groups", true),
        ("/organization/projects", false),
        ("/organization/users", false),
        ("/organization/projects/proj_alpha/users", false),
    ] {
        let (s, v) = f.get(&format!("{path}?limit=0")).await;
        if zero_ok {
            assert_eq!((s, v["data"].clone()), (200, json!([])), "{path}");
        } else {
            assert_eq!((s, error_code(&v)), (400, Some("invalid_value")), "{path}");
        }
        let (s, _) = f.get(&format!("{path}?limit=-1")).await;
        assert_eq!(s, 400, "{path}");
    }
    // Group members can be listed oldest first.
    let (_, asc) = f
        .get("/organization/groups/group_engineering/users?order=asc&limit=1")
        .await;
    assert_eq!(asc["data"][0]["id"], "user_alice");
}

#[tokio::test]
async fn documented_default_page_sizes() {
    let f = Fake::default().await;
    let h = f.handle();
    for i in 0..100 {
        let id = h.create_group(&format!("G{i:03}"));
        if i < 25 {
            assert!(h.add_project_group("proj_beta", &id, None));
            h.create_project(&format!("P{i:02}"));
        }
    }
    for (path, default, more) in [
        ("/organization/groups", 100, true),
        ("/organization/projects/proj_beta/groups", 20, true),
        ("/organization/projects", 20, true),
        ("/organization/users", 5, false),
    ] {
        let (_, page) = f.get(path).await;
        assert_eq!(page["data"].as_array().unwrap().len(), default, "{path}");
        assert_eq!(page["has_more"], more, "{path}");
    }
}

#[tokio::test]
async fn groups_crud_in_documented_shapes() {
    let f = Fake::default().await;
    let (s, list) = f.get("/organization/groups").await;
    assert_eq!(s, 200);
    let names: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Engineering", "Support", "Finance", "Contractors", "Sales"]
    );
    let group_keys = ["created_at", "group_type", "id", "is_scim_managed", "name"];
    assert_eq!(keys(&list["data"][0]), group_keys);
    assert_eq!(list["data"][4]["is_scim_managed"], true);
    assert_eq!(list["data"][0]["group_type"], "group");

    let (s, created) = f
        .post("/organization/groups", json!({"name": "Data Science"}))
        .await;
    assert_eq!(s, 200);
    assert_eq!(keys(&created), group_keys);
    let id = created["id"].as_str().unwrap().to_string();
    // Real group ids: 32 lowercase hex characters, no prefix.
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
    let (s, got) = f.get(&format!("/organization/groups/{id}")).await;
    assert_eq!((s, &got), (200, &created));

    let (s, renamed) = f
        .post(&format!("/organization/groups/{id}"), json!({"name": "DS"}))
        .await;
    assert_eq!(s, 200);
    assert_eq!(
        keys(&renamed),
        ["created_at", "id", "is_scim_managed", "name"],
        "GroupResourceWithSuccess has no group_type"
    );
    assert_eq!(renamed["name"], "DS");

    for bad in [json!({"name": ""}), json!({"name": "x".repeat(256)})] {
        let (s, v) = f.post("/organization/groups", bad).await;
        assert_eq!((s, error_code(&v)), (400, Some("invalid_value")));
        assert_eq!(v["error"]["param"], "name");
    }
    let (s, v) = f.post("/organization/groups", json!({})).await;
    assert_eq!(
        (s, error_code(&v)),
        (400, Some("missing_required_parameter"))
    );

    let (s, deleted) = f.delete(&format!("/organization/groups/{id}")).await;
    assert_eq!(s, 200);
    assert_eq!(
        deleted,
        json!({"object": "group.deleted", "id": id, "deleted": true})
    );
    let (s, v) = f.get(&format!("/organization/groups/{id}")).await;
    assert_eq!((s, error_code(&v)), (404, Some("group_not_found")));
    assert_eq!(f.handle().groups().len(), 5);
}

#[tokio::test]
async fn group_members_in_documented_shapes() {
    let f = Fake::default().await;
    let base = "/organization/groups/group_finance/users";
    let (s, added) = f.post(base, json!({"user_id": "user_erin"})).await;
    assert_eq!(s, 200);
    assert_eq!(
        added,
        json!({"object": "group.user", "user_id": "user_erin", "group_id": "group_finance"})
    );
    let (_, list) = f.get(base).await;
    assert_eq!(
        list["data"],
        json!([{"id": "user_erin", "name": "Erin", "email": "erin@example.com"}])
    );
    let (s, one) = f.get(&format!("{base}/user_erin")).await;
    assert_eq!(s, 200);
    assert_eq!(
        one,
        json!({"id": "user_erin", "name": "Erin", "email": "erin@example.com",
               "picture": null, "is_service_account": false, "user_type": "user"})
    );
    let (s, v) = f.post(base, json!({"user_id": "user_erin"})).await;
    assert_eq!((s, error_code(&v)), (400, Some("user_already_in_group")));
    let (s, v) = f.post(base, json!({"user_id": "user_nope"})).await;
    assert_eq!((s, error_code(&v)), (404, Some("user_not_found")));
    assert_eq!(
        v["error"]["message"],
        "User with id 'user_nope' is not a member of this organization."
    );

    let (s, removed) = f.delete(&format!("{base}/user_erin")).await;
    assert_eq!(s, 200);
    assert_eq!(
        removed,
        json!({"object": "group.user.deleted", "deleted": true})
    );
    let (s, v) = f.delete(&format!("{base}/user_erin")).await;
    assert_eq!(s, 404);
    error_code(&v);
    let (s, _) = f.get(&format!("{base}/user_erin")).await;
    assert_eq!(s, 404);
    assert!(f.handle().group_members("group_finance").is_empty());
}

#[tokio::test]
async fn scim_managed_group_refuses_changes_but_serves_reads_and_roles() {
    let f = Fake::default().await;
    let base = "/organization/groups/group_sales";
    for (method, path, body) in [
        (
            Method::POST,
            base.to_string(),
            Some(json!({"name": "Sales 2"})),
        ),
        (Method::DELETE, base.to_string(), None),
        (
            Method::POST,
            format!("{base}/users"),
            Some(json!({"user_id": "user_erin"})),
        ),
        (Method::DELETE, format!("{base}/users/user_dee"), None),
    ] {
        let (s, v) = f.call(method.clone(), &path, body).await;
        assert_eq!(
            (s, error_code(&v)),
            (400, Some("group_is_scim_managed")),
            "{method} {path}"
        );
        let message = v["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("SCIM") && message.contains("identity provider"),
            "{message}"
        );
    }
    assert_eq!(f.get(base).await.1["name"], "Sales");
    assert_eq!(
        f.get(&format!("{base}/users")).await.1["data"][0]["id"],
        "user_dee"
    );
    // Project access and role assignments work as for any group.
    let (s, _) = f
        .post(
            "/organization/projects/proj_beta/groups",
            json!({"group_id": "group_sales", "role": "role-api-project-viewer"}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, out) = f
        .post(
            &format!("{base}/roles"),
            json!({"role_id": "role-api-organization-viewer"}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(out["group"]["scim_managed"], true);
    assert_eq!(f.handle().group_members("group_sales"), ["user_dee"]);
}

#[tokio::test]
async fn projects_in_documented_shapes_and_archive_rules() {
    let f = Fake::default().await;
    let project_keys = [
        "archived_at",
        "created_at",
        "external_key_id",
        "id",
        "name",
        "object",
        "status",
    ];
    let (_, active) = f.get("/organization/projects").await;
    let ids = |v: &Value| -> Vec<String> {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&active), ["proj_alpha", "proj_beta"]);
    assert_eq!(keys(&active["data"][0]), project_keys);
    assert_eq!(active["data"][0]["object"], "organization.project");
    let (_, all) = f.get("/organization/projects?include_archived=true").await;
    assert_eq!(ids(&all), ["proj_alpha", "proj_beta", "proj_legacy"]);
    let (s, v) = f.get("/organization/projects?include_archived=maybe").await;
    assert_eq!((s, error_code(&v)), (400, Some("invalid_type")));

    let (s, created) = f
        .post("/organization/projects", json!({"name": "Gamma"}))
        .await;
    assert_eq!(s, 200);
    assert_eq!(keys(&created), project_keys);
    assert_eq!(
        (&created["status"], &created["archived_at"]),
        (&json!("active"), &Value::Null)
    );
    let id = created["id"].as_str().unwrap().to_string();
    let path = format!("/organization/projects/{id}");
    assert_eq!(f.get(&path).await.1, created);
    // A new project has its predefined roles, so groups can join it.
    let (s, _) = f
        .get(&format!("/projects/{id}/roles/role-api-project-member"))
        .await;
    assert_eq!(s, 200);
    let (s, v) = f.post("/organization/projects", json!({"name": " "})).await;
    assert_eq!((s, error_code(&v)), (400, Some("invalid_value")));

    let (s, renamed) = f.post(&path, json!({"name": "Gamma 2"})).await;
    assert_eq!((s, renamed["name"].as_str()), (200, Some("Gamma 2")));
    let (s, archived) = f.post(&format!("{path}/archive"), json!({})).await;
    assert_eq!(s, 200);
    assert_eq!(archived["status"], "archived");
    assert!(archived["archived_at"].is_i64());
    let (s, again) = f.call(Method::POST, &format!("{path}/archive"), None).await;
    assert_eq!((s, &again), (200, &archived), "archiving twice is fine");
    assert_eq!(f.get(&path).await.1["status"], "archived");
    let (s, v) = f.delete(&path).await;
    assert_eq!(
        (s, error_code(&v)),
        (404, Some("unknown_url")),
        "no delete route"
    );

    // Every write below an archived project is refused.
    let legacy = "/organization/projects/proj_legacy";
    for (path, body) in [
        (legacy.to_string(), json!({"name": "Old"})),
        (
            format!("{legacy}/groups"),
            json!({"group_id": "group_finance", "role": "role-api-project-member"}),
        ),
        (
            format!("{legacy}/users"),
            json!({"user_id": "user_erin", "role": "member"}),
        ),
        (
            "/projects/proj_legacy/roles".to_string(),
            json!({"role_name": "r", "permissions": ["api.files.read"]}),
        ),
        (
            format!("/projects/{id}/groups/group_finance/roles"),
            json!({"role_id": "role-api-project-member"}),
        ),
    ] {
        let (s, v) = f.post(&path, body).await;
        assert_eq!(
            (s, error_code(&v)),
            (400, Some("project_archived")),
            "{path}"
        );
    }
    // Reads still answer.
    assert_eq!(f.get(legacy).await.1["name"], "Legacy");
    assert_eq!(f.get("/projects/proj_legacy/roles").await.0, 200);
    assert_eq!(f.get(&format!("{legacy}/users")).await.0, 200);
    let statuses: Vec<String> = f
        .handle()
        .projects()
        .into_iter()
        .map(|p| p.status)
        .collect();
    assert_eq!(statuses, ["active", "active", "archived", "archived"]);
}

#[tokio::test]
async fn project_groups_join_with_a_role() {
    let f = Fake::default().await;
    let base = "/organization/projects/proj_beta/groups";
    let (s, list) = f.get(base).await;
    assert_eq!(s, 200);
    let pg_keys = [
        "created_at",
        "group_id",
        "group_name",
        "group_type",
        "object",
        "project_id",
    ];
    assert_eq!(keys(&list["data"][0]), pg_keys);
    assert_eq!(list["data"][0]["object"], "project.group");
    assert_eq!(list["data"][0]["group_name"], "Engineering");

    let (s, joined) = f
        .post(
            base,
            json!({"group_id": "group_support", "role": "role-api-project-member"}),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(keys(&joined), pg_keys);
    assert_eq!(
        (
            &joined["project_id"],
            &joined["group_id"],
            &joined["group_name"]
        ),
        (
            &json!("proj_beta"),
            &json!("group_support"),
            &json!("Support")
        )
    );
    let (s, got) = f.get(&format!("{base}/group_support")).await;
    assert_eq!((s, &got), (200, &joined));
    // The join role shows among the group's project roles.
    let (_, roles) = f
        .get("/projects/proj_beta/groups/group_support/roles")
        .await;
    assert_eq!(
        roles["data"][0]["id"],
        "role-api-project-member__api-project__proj_beta"
    );

    for (body, status, code) in [
        (
            json!({"group_id": "group_support", "role": "role-api-project-member"}),
            400,
            "group_already_in_project",
        ),
        (
            json!({"group_id": "group_nope", "role": "role-api-project-member"}),
            404,
            "group_not_found",
        ),
        (
            json!({"group_id": "group_finance", "role": "role_nope"}),
            404,
            "role_not_found",
        ),
        (
            json!({"group_id": "group_finance", "role": "role-api-organization-member"}),
            400,
            "invalid_role_scope",
        ),
        (
            json!({"group_id": "group_finance"}),
            400,
            "missing_required_parameter",
        ),
    ] {
        let (s, v) = f.post(base, body.clone()).await;
        assert_eq!((s, error_code(&v)), (status, Some(code)), "{body}");
    }

    // Another role, then leaving: every role of the group there goes.
    let (s, _) = f
        .post(
            "/projects/proj_beta/groups/group_support/roles",
            json!({"role_id": "role-api-project-viewer"}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, removed) = f.delete(&format!("{base}/group_support")).await;
    assert_eq!(s, 200);
    assert_eq!(
        removed,
        json!({"object": "project.group.deleted", "deleted": true})
    );
    assert!(f.handle().group_assignments().is_empty());
    let (s, v) = f.get(&format!("{base}/group_support")).await;
    assert_eq!(s, 404);
    error_code(&v);
    let (s, v) = f
        .get("/projects/proj_beta/groups/group_support/roles")
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["data"], json!([]));
}

/// The undocumented `/v1/projects/{p}/groups` path is gone.
#[tokio::test]
async fn undocumented_project_groups_path_is_unknown() {
    let f = Fake::default().await;
    let (s, v) = f.get("/projects/proj_alpha/groups").await;
    assert_eq!((s, error_code(&v)), (404, Some("unknown_url")));
}

#[tokio::test]
async fn project_users_in_documented_shapes() {
    let f = Fake::default().await;
    let base = "/organization/projects/proj_alpha/users";
    let user_keys = ["added_at", "email", "id", "name", "object", "role"];
    let (_, list) = f.get(base).await;
    assert_eq!(keys(&list["data"][0]), user_keys);
    assert_eq!(list["data"][0]["object"], "organization.project.user");
    assert_eq!(
        (&list["data"][1]["id"], &list["data"][1]["role"]),
        (&json!("user_bob"), &json!("member"))
    );

    let (s, added) = f
        .post(base, json!({"email": "Erin@Example.com", "role": "member"}))
        .await;
    assert_eq!(s, 200);
    assert_eq!(keys(&added), user_keys);
    assert_eq!(
        (&added["id"], &added["role"]),
        (&json!("user_erin"), &json!("member"))
    );
    let (s, modified) = f
        .post(&format!("{base}/user_erin"), json!({"role": "owner"}))
        .await;
    assert_eq!((s, modified["role"].as_str()), (200, Some("owner")));
    let (s, got) = f.get(&format!("{base}/user_erin")).await;
    assert_eq!((s, &got), (200, &modified));

    for (body, status, code) in [
        (
            json!({"user_id": "user_erin", "role": "member"}),
            400,
            "user_already_in_project",
        ),
        (
            json!({"user_id": "user_carol", "role": "admin"}),
            400,
            "invalid_value",
        ),
        (
            json!({"user_id": "user_nope", "role": "member"}),
            404,
            "user_not_found",
        ),
        (json!({"role": "member"}), 400, "missing_required_parameter"),
    ] {
        let (s, v) = f.post(base, body.clone()).await;
        assert_eq!((s, error_code(&v)), (status, Some(code)), "{body}");
    }

    assert!(f.handle().insert_user_assignment(
        Some("proj_alpha"),
        "user_erin",
        "role-api-project-viewer"
    ));
    let (s, removed) = f.delete(&format!("{base}/user_erin")).await;
    assert_eq!(s, 200);
    assert_eq!(
        removed,
        json!({"object": "organization.project.user.deleted", "id": "user_erin", "deleted": true})
    );
    assert!(
        f.handle().user_assignments().is_empty(),
        "roles go with the user"
    );
    let (s, v) = f.get(&format!("{base}/user_erin")).await;
    assert_eq!(s, 404);
    error_code(&v);
    assert_eq!(
        f.handle().project_users("proj_alpha"),
        vec![
            FakeProjectUser {
                user_id: "user_alice".into(),
                role: "owner".into()
            },
            FakeProjectUser {
                user_id: "user_bob".into(),
                role: "member".into()
            },
        ]
    );
}

#[tokio::test]
async fn users_filter_by_email_and_retrieve() {
    let f = Fake::default().await;
    let ids = |v: &Value| -> Vec<String> {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, all) = f.get("/organization/users").await;
    assert_eq!(ids(&all).len(), 5);
    assert_eq!(
        keys(&all["data"][0]),
        ["added_at", "email", "id", "name", "object", "role"]
    );
    let (_, some) = f
        .get("/organization/users?emails=erin@example.com&emails=BOB@example.com")
        .await;
    assert_eq!(ids(&some), ["user_bob", "user_erin"]);
    let (_, bracketed) = f
        .get("/organization/users?emails[]=dee@example.com&emails%5B%5D=nobody@example.com")
        .await;
    assert_eq!(ids(&bracketed), ["user_dee"]);
    let (_, none) = f.get("/organization/users?emails=nobody@example.com").await;
    assert_eq!(none["data"], json!([]));

    let (s, dee) = f.get("/organization/users/user_dee").await;
    assert_eq!(s, 200);
    assert_eq!(
        dee,
        json!({"object": "organization.user", "id": "user_dee", "name": "Dee",
               "email": "dee@example.com", "role": "reader", "added_at": dee["added_at"]})
    );
    let (s, v) = f.get("/organization/users/user_nope").await;
    assert_eq!((s, error_code(&v)), (404, Some("user_not_found")));
}

#[tokio::test]
async fn deleting_a_group_cascades_over_http() {
    let f = Fake::default().await;
    let (_, g) = f
        .post("/organization/groups", json!({"name": "Temp"}))
        .await;
    let id = g["id"].as_str().unwrap().to_string();
    f.post(
        &format!("/organization/groups/{id}/users"),
        json!({"user_id": "user_bob"}),
    )
    .await;
    let (s, _) = f
        .post(
            "/organization/projects/proj_alpha/groups",
            json!({"group_id": id, "role": "role-api-project-member"}),
        )
        .await;
    assert_eq!(s, 200);
    f.post(
        &format!("/organization/groups/{id}/roles"),
        json!({"role_id": "role-api-organization-viewer"}),
    )
    .await;
    assert_eq!(f.handle().group_assignments().len(), 2);
    assert_eq!(f.delete(&format!("/organization/groups/{id}")).await.0, 200);
    let h = f.handle();
    assert!(h.group_assignments().is_empty());
    assert!(!h.project_groups("proj_alpha").contains(&id));
    assert!(h.group_members(&id).is_empty());
}

#[tokio::test]
async fn handle_controls_show_over_http() {
    let f = Fake::default().await;
    let h = f.handle();
    let group = h.create_group("Ops");
    assert!(h.rename_group(&group, "Operations"));
    assert!(h.add_group_member(&group, "user_erin"));
    assert!(h.add_project_group("proj_alpha", &group, Some("role-api-project-viewer")));
    assert!(h.add_project_group("proj_beta", &group, None));
    let (_, got) = f.get(&format!("/organization/groups/{group}")).await;
    assert_eq!(got["name"], "Operations");
    let (_, members) = f.get(&format!("/organization/groups/{group}/users")).await;
    assert_eq!(members["data"][0]["id"], "user_erin");
    let (_, alpha_roles) = f
        .get(&format!("/projects/proj_alpha/groups/{group}/roles"))
        .await;
    assert_eq!(alpha_roles["data"].as_array().unwrap().len(), 1);
    let (_, beta_roles) = f
        .get(&format!("/projects/proj_beta/groups/{group}/roles"))
        .await;
    assert_eq!(beta_roles["data"], json!([]), "no join role asked");

    assert!(h.add_project_user("proj_beta", "user_carol", "member"));
    assert!(h.set_project_user_role("proj_beta", "user_carol", "owner"));
    let (_, carol) = f
        .get("/organization/projects/proj_beta/users/user_carol")
        .await;
    assert_eq!(carol["role"], "owner");
    assert!(h.remove_project_user("proj_beta", "user_carol"));
    assert!(h.remove_project_group("proj_alpha", &group));
    assert!(h.remove_group_member(&group, "user_erin"));

    let project = h.create_project("Gamma");
    assert!(h.rename_project(&project, "Gamma 2"));
    assert!(h.archive_project(&project));
    let (_, p) = f.get(&format!("/organization/projects/{project}")).await;
    assert_eq!(
        (p["name"].as_str(), p["status"].as_str()),
        (Some("Gamma 2"), Some("archived"))
    );
    assert!(h.delete_group(&group));
    assert_eq!(f.get(&format!("/organization/groups/{group}")).await.0, 404);
    assert_eq!(h.users().len(), 5);
    h.reset();
    assert_eq!(h.groups().len(), 5);
    assert_eq!(h.projects().len(), 3);
}

#[tokio::test]
async fn state_dump_shows_identity() {
    let f = Fake::default().await;
    let h = f.handle();
    assert!(h.add_group_member("group_finance", "user_erin"));
    assert!(h.add_project_user("proj_beta", "user_erin", "member"));
    let state = f.control(Method::GET, "/__fake/state", None).await;
    assert_eq!(
        state["group_members"]["group_finance"],
        json!(["user_erin"])
    );
    assert_eq!(
        state["project_users"]["proj_beta"],
        json!([{"user_id": "user_bob", "role": "owner"}, {"user_id": "user_erin", "role": "member"}])
    );
    assert_eq!(
        state["project_groups"]["proj_alpha"],
        json!(["group_engineering", "group_support", "group_finance"])
    );
    assert_eq!(state["projects"][2]["status"], "archived");
    assert_eq!(state["groups"][4]["is_scim_managed"], true);
    assert_eq!(state["users"][3]["email"], "dee@example.com");
    assert_eq!(state["organization"], "org_fake");
}

/// Faults, the log and the create status apply to the new routes as well.
#[tokio::test]
async fn middleware_covers_identity_routes() {
    let f = Fake::start(FakeConfig {
        create_status: 201,
        ..FakeConfig::default()
    })
    .await;
    let h = f.handle();
    h.set_faults(FaultConfig {
        fail_next: vec![503],
        fail_next_after_apply: vec![502],
        ..FaultConfig::default()
    });
    let body = json!({"name": "Faulty"});
    let (s, _) = f.post("/organization/groups", body.clone()).await;
    assert_eq!(s, 503);
    assert_eq!(h.groups().len(), 5, "a faulted request changes nothing");
    let (s, _) = f.post("/organization/groups", body.clone()).await;
    assert_eq!(s, 502);
    assert_eq!(h.groups().len(), 6, "applied, then failed");
    let (s, _) = f.post("/organization/groups", body).await;
    assert_eq!(s, 201);
    let (s, _) = f
        .post(
            "/organization/projects/proj_alpha/users",
            json!({"user_id": "user_erin", "role": "member"}),
        )
        .await;
    assert_eq!(s, 201);
    let counts = h.request_counts();
    assert_eq!(counts["POST /organization/groups"], 3);
    assert_eq!(counts["POST /organization/projects/{project_id}/users"], 1);
    assert_eq!(h.faults_injected(), 2);
    // Auth comes first on these routes too.
    let (s, _, _) = f
        .send(Method::GET, "/organization/projects", None, None)
        .await;
    assert_eq!(s, 401);
}

#[tokio::test]
async fn identity_reads_lag_behind_creates() {
    let f = Fake::start(FakeConfig {
        read_after_write_delay: Duration::from_millis(400),
        ..FakeConfig::default()
    })
    .await;
    let (_, group) = f
        .post("/organization/groups", json!({"name": "Late"}))
        .await;
    let id = group["id"].as_str().unwrap().to_string();
    let (_, project) = f
        .post("/organization/projects", json!({"name": "Late"}))
        .await;
    let project_id = project["id"].as_str().unwrap().to_string();
    let (s, _) = f
        .post(
            "/organization/projects/proj_beta/groups",
            json!({"group_id": id, "role": "role-api-project-member"}),
        )
        .await;
    assert_eq!(s, 200, "writes see the new group at once");
    assert_eq!(f.get(&format!("/organization/groups/{id}")).await.0, 404);
    assert_eq!(
        f.get(&format!("/organization/projects/{project_id}"))
            .await
            .0,
        404
    );
    assert_eq!(
        f.get(&format!("/organization/projects/proj_beta/groups/{id}"))
            .await
            .0,
        404
    );
    let (_, roles) = f
        .get(&format!("/projects/proj_beta/groups/{id}/roles"))
        .await;
    assert_eq!(roles["data"], json!([]));

    tokio::time::sleep(Duration::from_millis(410)).await;
    assert_eq!(f.get(&format!("/organization/groups/{id}")).await.0, 200);
    assert_eq!(
        f.get(&format!("/organization/projects/{project_id}"))
            .await
            .0,
        200
    );
    assert_eq!(
        f.get(&format!("/organization/projects/proj_beta/groups/{id}"))
            .await
            .0,
        200
    );
    let (_, roles) = f
        .get(&format!("/projects/proj_beta/groups/{id}/roles"))
        .await;
    assert_eq!(roles["data"].as_array().unwrap().len(), 1);
}

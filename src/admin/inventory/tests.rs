//! Reading the fake's built-in organization.

use std::sync::Mutex;

use super::*;
use crate::api::{AssignmentSource, ClientConfig};
use crate::fake::{DEFAULT_API_KEY, FakeConfig, FakeServer};

async fn fake() -> (FakeServer, AdminClient) {
    let server = FakeServer::start(
        0,
        FakeConfig {
            page_size: 2,
            ..FakeConfig::default()
        },
    )
    .await
    .unwrap();
    let client = AdminClient::new(ClientConfig::new(DEFAULT_API_KEY, server.base_url())).unwrap();
    (server, client)
}

/// The route templates requested, with their counts.
fn routes(server: &FakeServer) -> Vec<(String, usize)> {
    server.handle().request_counts().into_iter().collect()
}

fn route(template: &str, count: usize) -> (String, usize) {
    (template.to_owned(), count)
}

#[tokio::test]
async fn only_the_lists_the_plan_asks_for_are_read() {
    let (server, client) = fake().await;
    let plan = ReadPlan {
        project_ids: Some(["proj_beta".to_string()].into()),
        project_roles: true,
        ..ReadPlan::default()
    };
    let lines = Mutex::new(Vec::new());
    let progress = |line: &str| lines.lock().unwrap().push(line.to_owned());
    let inventory = read(&client, &plan, &progress).await.unwrap();
    assert_eq!(
        routes(&server),
        [
            route("GET /organization/groups", 3),
            route("GET /organization/projects", 2),
            route("GET /organization/roles", 2),
            route("GET /organization/users", 3),
            route("GET /projects/{project_id}/roles", 2),
        ],
        "every page of each list"
    );
    let read: Vec<(&str, bool)> = inventory
        .projects
        .iter()
        .map(|p| (p.project.id.as_str(), p.contents.is_some()))
        .collect();
    assert_eq!(
        read,
        [
            ("proj_alpha", false),
            ("proj_beta", true),
            ("proj_legacy", false)
        ]
    );
    assert_eq!(inventory.users.len(), 5, "read through pages of 2");
    assert!(inventory.groups.iter().all(|g| g.members.is_none()));
    assert_eq!(
        lines.into_inner().unwrap(),
        [
            "to read: 1 more list (a request each, more for long ones)",
            "users: 5",
            "groups: 5",
            "organization roles: 3",
            "projects: 3",
            "roles of projects: 3",
        ]
    );
}

#[tokio::test]
async fn everything_includes_archived_contents_and_memberships() {
    let (server, client) = fake().await;
    let inventory = read(&client, &ReadPlan::everything(), &|_: &str| {})
        .await
        .unwrap();
    let legacy = inventory
        .projects
        .iter()
        .find(|p| p.project.id == "proj_legacy")
        .unwrap();
    assert!(legacy.is_archived());
    assert_eq!(legacy.contents.as_ref().unwrap().roles.len(), 3);
    let members = |id: &str| {
        inventory
            .groups
            .iter()
            .find(|g| g.group.id == id)
            .and_then(|g| g.members.as_ref())
            .map(Vec::len)
    };
    assert_eq!(members("group_engineering"), Some(2));
    assert_eq!(members("group_sales"), Some(1), "SCIM members too");
    let alpha = inventory
        .projects
        .iter()
        .find(|p| p.project.id == "proj_alpha")
        .and_then(|p| p.contents.as_ref())
        .unwrap();
    assert_eq!((alpha.groups.len(), alpha.users.len()), (3, 2));
    assert!(
        routes(&server).iter().all(|(r, _)| r.starts_with("GET ")),
        "{:?}",
        routes(&server)
    );
}

#[tokio::test]
async fn scim_members_are_read_only_when_asked() {
    let (server, client) = fake().await;
    let plan = ReadPlan {
        group_members: true,
        ..ReadPlan::default()
    };
    let inventory = read(&client, &plan, &|_: &str| {}).await.unwrap();
    let sales = inventory
        .groups
        .iter()
        .find(|g| g.group.id == "group_sales")
        .unwrap();
    assert!(sales.group.scim_managed);
    assert_eq!(sales.members, None, "not read");
    let member_lists = server
        .handle()
        .request_counts()
        .get("GET /organization/groups/{group_id}/users")
        .copied();
    // Four groups that are not SCIM-managed, one page each.
    assert_eq!(member_lists, Some(4));
}

#[tokio::test]
async fn members_of_source_groups_are_read_when_not_read_otherwise() {
    let (server, client) = fake().await;
    let mut inventory = read(&client, &ReadPlan::default(), &|_: &str| {})
        .await
        .unwrap();
    let dee = inventory
        .users
        .iter_mut()
        .find(|u| u.user.id == "user_dee")
        .unwrap();
    dee.org_roles.push(AssignedRole {
        role: inventory.org_roles[0].clone(),
        created_at: None,
        updated_at: None,
        created_by: None,
        assignment_sources: Some(vec![AssignmentSource {
            principal_id: "group_sales".into(),
            principal_type: "group".into(),
        }]),
    });
    server.handle().reset_counters();
    let reader = Reader {
        client: &client,
        tracker: Tracker::new(&|_: &str| {}),
        permits: Semaphore::new(CONCURRENCY),
        focus: None,
    };
    reader.read_source_members(&mut inventory).await.unwrap();
    let members = |id: &str| {
        inventory
            .groups
            .iter()
            .find(|g| g.group.id == id)
            .unwrap()
            .members
            .clone()
    };
    assert_eq!(
        members("group_sales").map(|m| m.into_iter().map(|u| u.id).collect::<Vec<_>>()),
        Some(vec!["user_dee".to_string()])
    );
    assert_eq!(members("group_engineering"), None, "named by no source");
    assert_eq!(server.handle().request_count(), 1);
}

#[tokio::test]
async fn a_selection_must_name_listed_active_projects() {
    let (_server, client) = fake().await;
    let plan = ReadPlan {
        project_ids: Some(["proj_legacy".to_string(), "proj_nope".to_string()].into()),
        ..ReadPlan::default()
    };
    let error = read(&client, &plan, &|_: &str| {}).await.unwrap_err();
    let text = error.to_string();
    assert!(matches!(error, ReadError::Selection(_)), "{text}");
    assert!(
        text.contains("project \"proj_legacy\" (\"Legacy\") is archived"),
        "{text}"
    );
    assert!(text.contains("no project \"proj_nope\""), "{text}");
}

#[tokio::test]
async fn a_failed_request_is_named() {
    let (server, client) = fake().await;
    server.handle().set_faults(crate::fake::FaultConfig {
        fail_next: vec![404],
        ..Default::default()
    });
    let error = read(&client, &ReadPlan::default(), &|_: &str| {})
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(text.starts_with("cannot read "), "{text}");
    assert!(text.contains("404") && text.contains("on GET /"), "{text}");
}

#[tokio::test]
async fn waits_on_429_answers_are_reported() {
    let server = FakeServer::start(
        0,
        FakeConfig {
            page_size: 2,
            faults: crate::fake::FaultConfig {
                fail_next: vec![429],
                // Longer than the check interval: a wait to see.
                retry_after_secs: 2,
                ..Default::default()
            },
            ..FakeConfig::default()
        },
    )
    .await
    .unwrap();
    let mut config = ClientConfig::new(DEFAULT_API_KEY, server.base_url());
    config.max_retries = 2;
    let client = AdminClient::new(config).unwrap();
    let lines = Mutex::new(Vec::new());
    let progress = |line: &str| lines.lock().unwrap().push(line.to_owned());
    read(&client, &ReadPlan::default(), &progress)
        .await
        .unwrap();
    let lines = lines.into_inner().unwrap();
    assert!(
        lines.iter().any(|l| l.starts_with("the API answers 429")),
        "{lines:?}"
    );
}

#[tokio::test]
async fn declared_types_are_listed_page_by_page_in_the_read_projects() {
    let (server, client) = fake().await;
    let handle = server.handle();
    for name in ["ci", "deploy", "nightly"] {
        let body = serde_json::json!({"name": name, "create_service_account_only": true});
        client
            .create_object("/organization/projects/proj_beta/service_accounts", &body)
            .await
            .unwrap();
    }
    let accounts: Vec<String> = handle
        .collection("service_accounts")
        .iter()
        .filter(|a| a["project_id"] == "proj_beta")
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    let invites = handle.collection("invites").len();
    let plan = ReadPlan {
        project_ids: Some(["proj_beta".to_string()].into()),
        declared: ["openai_invite", "openai_project_service_account"].into(),
        ..ReadPlan::default()
    };
    let lines = Mutex::new(Vec::new());
    let progress = |line: &str| lines.lock().unwrap().push(line.to_owned());
    handle.reset_counters();
    let inventory = read(&client, &plan, &progress).await.unwrap();
    let counts = handle.request_counts();
    let service_account_lists = counts
        .iter()
        .find(|(route, _)| route.ends_with("/service_accounts"))
        .map(|(_, n)| *n);
    // One list in proj_beta only, every page of it (pages of 2).
    assert_eq!(
        service_account_lists,
        Some(accounts.len() / 2 + 1),
        "{counts:?}"
    );
    let read_accounts: Vec<&str> = inventory.declared["openai_project_service_account"]
        .iter()
        .map(|a| {
            assert_eq!(
                a.str("project_id"),
                Some("proj_beta"),
                "marked with its project"
            );
            a.id()
        })
        .collect();
    assert_eq!(read_accounts, accounts);
    assert_eq!(accounts.len(), 3);
    assert_eq!(inventory.declared["openai_invite"].len(), invites);
    let lines = lines.into_inner().unwrap();
    assert!(
        lines.contains(&"service accounts: 3".to_owned()),
        "{lines:?}"
    );
}

/// A certificate's list has no PEM: each listed one is retrieved with the
/// import's query (one GET each), its list fields (`active`) kept.
#[tokio::test]
async fn certificates_are_retrieved_for_their_pem_one_get_each() {
    let (server, client) = fake().await;
    let handle = server.handle();
    let pem = crate::admin::test_support::certificate_pem();
    let mut ids = Vec::new();
    for name in ["a", "b", "c"] {
        let body = serde_json::json!({"name": name, "certificate": pem});
        let made = client
            .create_object("/organization/certificates", &body)
            .await
            .unwrap();
        ids.push(made.id().to_owned());
    }
    client
        .update_object(
            "/organization/certificates/activate",
            &serde_json::json!({"certificate_ids": [ids[0]]}),
        )
        .await
        .unwrap();
    // A list resource's read: no retrieve.
    let listed = ReadPlan {
        declared: ["openai_certificate"].into(),
        ..ReadPlan::default()
    };
    handle.reset_counters();
    let inventory = read(&client, &listed, &|_: &str| {}).await.unwrap();
    assert!(
        inventory.declared["openai_certificate"]
            .iter()
            .all(|c| c.at("certificate_details.content").is_null())
    );
    let counts = handle.request_counts();
    assert!(
        !counts
            .keys()
            .any(|route| route.ends_with("/{certificate_id}")),
        "{counts:?}"
    );
    let plan = ReadPlan {
        retrieve: true,
        ..listed
    };
    handle.reset_counters();
    let inventory = read(&client, &plan, &|_: &str| {}).await.unwrap();
    let counts = handle.request_counts();
    let retrieves = counts
        .iter()
        .find(|(route, _)| route.ends_with("/certificates/{certificate_id}"))
        .map(|(_, n)| *n);
    assert_eq!(retrieves, Some(3), "{counts:?}");
    let certificates = &inventory.declared["openai_certificate"];
    assert_eq!(certificates.len(), 3);
    for certificate in certificates {
        assert_eq!(
            certificate.at("certificate_details.content").as_str(),
            Some(pem.as_str())
        );
        assert!(certificate.at("certificate_details.expires_at").is_number());
        let active = certificate.id() == ids[0];
        assert_eq!(certificate.field("active").as_bool(), Some(active));
        assert!(!certificate.has("active_project_ids"), "not asked for");
    }

    // A snapshot's read: where each is active in the read projects too.
    client
        .update_object(
            "/organization/projects/proj_beta/certificates/activate",
            &serde_json::json!({"certificate_ids": [ids[1]]}),
        )
        .await
        .unwrap();
    let plan = ReadPlan {
        project_views: true,
        ..plan
    };
    let inventory = read(&client, &plan, &|_: &str| {}).await.unwrap();
    for certificate in &inventory.declared["openai_certificate"] {
        let expected: &[&str] = if certificate.id() == ids[1] {
            &["proj_beta"]
        } else {
            &[]
        };
        assert_eq!(
            certificate.field("active_project_ids"),
            &serde_json::json!(expected),
            "{}",
            certificate.id()
        );
    }
}

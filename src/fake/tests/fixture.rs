//! A fake serving a loaded fixture instead of the built-in organization.

use super::*;
use crate::fake::fixture::tests::SMALL;

fn small_config() -> FakeConfig {
    FakeConfig {
        fixture: Some(Arc::new(Fixture::from_json(SMALL).unwrap())),
        ..FakeConfig::default()
    }
}

#[tokio::test]
async fn serves_the_fixture_with_its_ids() {
    let f = Fake::start(small_config()).await;
    let (s, role) = f.get("/projects/proj_web/roles/role_deployer").await;
    assert_eq!(s, 200, "{role}");
    assert_eq!(
        (role["name"].as_str(), role["predefined_role"].as_bool()),
        (Some("Deployer"), Some(false))
    );
    assert_eq!(
        role["permissions"],
        json!(["api.future.write", "api.model.read"])
    );
    let (s, _) = f.get("/projects/proj_alpha/roles").await;
    assert_eq!(s, 404, "the built-in organization is not there");
    let (_, groups) = f.get("/projects/proj_web/groups/group_ops/roles").await;
    let ids: Vec<&str> = groups["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "role-api-project-member__api-project__proj_web",
            "role_deployer"
        ]
    );
    let state = f.control(Method::GET, "/__fake/state", None).await;
    assert_eq!(state["organization"], "org_small");
}

#[tokio::test]
async fn reset_goes_back_to_the_loaded_fixture() {
    let f = Fake::start(small_config()).await;
    let before = f.control(Method::GET, "/__fake/state", None).await;
    let id = f.create_role("proj_web", "Extra").await;
    let (s, _) = f.delete("/projects/proj_web/roles/role_deployer").await;
    assert_eq!(s, 200);
    assert_ne!(f.control(Method::GET, "/__fake/state", None).await, before);

    f.control(Method::POST, "/__fake/reset", None).await;
    assert_eq!(f.control(Method::GET, "/__fake/state", None).await, before);
    assert_eq!(
        f.get(&format!("/projects/proj_web/roles/{id}")).await.0,
        404
    );

    let h = f.handle();
    h.delete_project_role("proj_web", "role_deployer");
    assert!(h.custom_project_roles("proj_web").is_empty());
    h.reset();
    assert_eq!(h.custom_project_roles("proj_web")[0].id, "role_deployer");
}

#[tokio::test]
async fn an_invalid_fixture_refuses_to_start() {
    let mut fixture = Fixture::from_json(SMALL).unwrap();
    fixture.user_assignments[0].role_id = "role_nope".into();
    let config = FakeConfig {
        fixture: Some(Arc::new(fixture)),
        ..FakeConfig::default()
    };
    let Err(err) = FakeServer::start(0, config).await else {
        panic!("started with an invalid fixture");
    };
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert_eq!(
        err.to_string(),
        r#"user_assignments[0].role_id: no role "role_nope" in project "proj_web""#
    );
}

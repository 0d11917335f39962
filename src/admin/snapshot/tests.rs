//! Snapshots of small hand-made inventories.

use super::*;
use crate::admin::inventory::{GroupEntry, UserEntry};
use crate::admin::test_support::inventory;
use crate::api::{Group, User};

#[test]
fn a_snapshot_keeps_every_id_sorted_and_loads_back() {
    let snapshot = snapshot(&inventory(), Some("org_abc".into()));
    let fixture = &snapshot.fixture;
    assert_eq!(fixture.organization_id.as_deref(), Some("org_abc"));
    let ids = |items: Vec<&str>| items.join(",");
    assert_eq!(
        ids(fixture.projects.iter().map(|p| p.id.as_str()).collect()),
        "proj_old,proj_web"
    );
    assert_eq!(fixture.projects[0].archived_at, Some(2), "archived kept");
    assert!(
        fixture
            .groups
            .iter()
            .any(|g| g.id == "group_sso" && g.scim_managed && g.members == ["user_ann"])
    );
    assert_eq!(
        ids(fixture.roles.iter().map(|r| r.id.as_str()).collect()),
        "role-api-organization-owner,role-api-project-member__api-project__proj_web,\
         role-api-project-viewer__api-project__proj_web,role_deploy,role_empty",
        "a role without permissions is kept: the API accepts one"
    );
    assert_eq!(
        ids(fixture
            .group_assignments
            .iter()
            .map(|a| a.role_id.as_str())
            .collect()),
        "role-api-project-member__api-project__proj_web,role_deploy,role_deploy",
        "join roles are assignments, sorted by (project, group, role)"
    );
    assert_eq!(fixture.user_assignments.len(), 1);
    assert_eq!(
        snapshot.left_out,
        [
            "role role-api-project-member__api-project__proj_web of user_ann in project \
          proj_web: inherited from group_ops"
        ]
    );
    assert_eq!(snapshot.repairs, Vec::<String>::new());
    let text = fixture.to_json_pretty();
    assert_eq!(&Fixture::from_json(&text).unwrap(), fixture);
}

#[test]
fn a_snapshot_does_not_depend_on_list_order() {
    let mut shuffled = inventory();
    shuffled.groups.reverse();
    shuffled.projects.reverse();
    for project in &mut shuffled.projects {
        if let Some(contents) = &mut project.contents {
            contents.roles.reverse();
            contents.groups.reverse();
        }
    }
    assert_eq!(
        snapshot(&shuffled, None).fixture.to_json_pretty(),
        snapshot(&inventory(), None).fixture.to_json_pretty()
    );
}

#[test]
fn role_times_come_from_the_assignment_lists() {
    let mut inventory = inventory();
    let web = inventory.projects[0].contents.as_mut().unwrap();
    // ops holds Deployer (custom) and member (predefined, listed scoped).
    let ops_deployer = &mut web.groups[0].roles[0];
    assert_eq!(ops_deployer.role.id, "role_deploy");
    ops_deployer.created_at = Some(1000);
    ops_deployer.updated_at = Some(2000);
    // member as ann's list spells it: by its short ID.
    let ann_member = &mut web.users[0].roles[1];
    ann_member.role.id = "role-api-project-member".into();
    ann_member.created_at = Some(3000);
    ann_member.updated_at = Some(3000);
    let fixture = snapshot(&inventory, None).fixture;
    let times = |id: &str| {
        let role = fixture.roles.iter().find(|r| r.id == id).unwrap();
        (role.created_at, role.updated_at)
    };
    assert_eq!(times("role_deploy"), (1000, Some(2000)));
    assert_eq!(
        times("role-api-project-member__api-project__proj_web"),
        (3000, None),
        "updated when created: written without updated_at"
    );
    assert_eq!(
        times("role-api-project-viewer__api-project__proj_web"),
        (DEFAULT_TIME, None),
        "assigned to nobody: the API does not say"
    );
}

#[test]
fn whatever_the_api_leaves_out_still_makes_a_loadable_snapshot() {
    let mut inventory = inventory();
    // Nullable fields of the API's user, all null; a second user shares an
    // email address; a SCIM group's member the user list lacks.
    inventory.users.push(UserEntry {
        user: User {
            id: "user_nobody".into(),
            name: String::new(),
            email: None,
            role: String::new(),
            added_at: None,
        },
        org_roles: Vec::new(),
    });
    inventory.users.push(UserEntry {
        user: User {
            id: "user_twin".into(),
            name: "Twin".into(),
            email: Some("ANN@example.com".into()),
            role: "reader".into(),
            added_at: Some(1),
        },
        org_roles: Vec::new(),
    });
    inventory.groups.push(GroupEntry {
        group: Group {
            id: "group_blank".into(),
            name: String::new(),
            created_at: 1,
            scim_managed: true,
            group_type: None,
        },
        members: Some(vec![crate::api::GroupUser {
            id: "user_left".into(),
            name: String::new(),
            email: None,
        }]),
        org_roles: Vec::new(),
    });
    inventory.projects[0].project.name = String::new();
    let snapshot = snapshot(&inventory, None);
    if let Err(problem) = snapshot.fixture.validate() {
        panic!("{problem}\n{:#?}", snapshot.repairs);
    }
    let repairs = snapshot.repairs.join("\n");
    for expected in [
        "user \"user_nobody\": no email address; written as user_nobody@invalid.example",
        "user \"user_twin\": email \"ANN@example.com\" shared with another user",
        "group \"group_blank\": name \"\" written as its ID",
        "member \"user_left\" of group \"group_blank\": not among the users",
        "project \"proj_web\": name \"\" written as its ID",
    ] {
        assert!(
            repairs.contains(expected),
            "{expected:?} missing:\n{repairs}"
        );
    }
}

#[test]
fn declared_collections_are_copied_as_the_fake_holds_them() {
    let snapshot = snapshot(&inventory(), None);
    let collections = &snapshot.fixture.collections;
    assert_eq!(
        collections.keys().collect::<Vec<_>>(),
        [
            "certificates",
            "invites",
            "organization_spend_alerts",
            "project_spend_alerts",
            "rate_limits",
            "service_accounts"
        ]
    );
    let ids = |name: &str| -> Vec<String> {
        collections[name]
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // Accepted invites and archived projects' accounts too: a copy.
    assert_eq!(ids("invites"), ["invite-bob", "invite-cy"]);
    assert_eq!(ids("service_accounts"), ["svc_acct_ci", "svc_acct_old"]);
    assert_eq!(collections["service_accounts"][0]["project_id"], "proj_web");
    let text = snapshot.fixture.to_json_pretty();
    let loaded = Fixture::from_json(&text).expect("the fake loads it");
    assert_eq!(&loaded.collections, collections);
}

#[test]
fn settings_are_copied_under_the_fakes_names_and_load() {
    let snapshot = snapshot(&inventory(), None);
    let settings = &snapshot.fixture.settings;
    // A spend limit never set is no value: the fake then has none either.
    assert_eq!(
        settings.keys().collect::<Vec<_>>(),
        [
            "hosted_tool_permissions",
            "model_permissions",
            "organization_data_retention",
            "project_data_retention",
            "project_spend_limit"
        ]
    );
    assert_eq!(
        settings["organization_data_retention"][0]["type"],
        "zero_data_retention"
    );
    assert!(
        settings["organization_data_retention"][0]
            .get("project_id")
            .is_none()
    );
    // Archived projects' settings too: a copy.
    let owners: Vec<&str> = settings["project_data_retention"]
        .iter()
        .map(|v| v["project_id"].as_str().unwrap())
        .collect();
    assert_eq!(owners, ["proj_old", "proj_web"]);
    assert_eq!(
        settings["model_permissions"][0]["model_ids"],
        serde_json::json!(["o3", "gpt-4.1"])
    );
    // Rate limits are the fake's collection: the project has exactly these.
    let rate_limits = &snapshot.fixture.collections["rate_limits"];
    assert_eq!(rate_limits.len(), 2);
    assert!(rate_limits.iter().all(|r| r["project_id"] == "proj_web"));
    // The certificate keeps its PEM (retrieved: the list has none).
    assert_eq!(
        snapshot.fixture.collections["certificates"][0]["certificate_details"]["content"],
        crate::admin::test_support::certificate_pem()
    );
    let text = snapshot.fixture.to_json_pretty();
    let loaded = Fixture::from_json(&text).expect("the fake loads it");
    assert_eq!(&loaded.settings, settings);
}

#[test]
fn fixture_settings_are_checked_and_old_fixtures_load() {
    let old = r#"{"version": 1, "projects": [{"id": "proj_a", "name": "A"}]}"#;
    assert!(Fixture::from_json(old).unwrap().settings.is_empty());
    let with = |settings: &str| {
        Fixture::from_json(&format!(
            r#"{{"version": 1, "projects": [{{"id": "proj_a", "name": "A"}}], "settings": {settings}}}"#
        ))
    };
    assert!(
        with(r#"{"project_data_retention": [{"project_id": "proj_a", "type": "none"}]}"#).is_ok()
    );
    let unknown = with(r#"{"data_retention": []}"#).unwrap_err();
    assert!(
        unknown.contains("settings.data_retention: no such setting"),
        "{unknown}"
    );
    let no_project = with(r#"{"project_data_retention": [{"type": "none"}]}"#).unwrap_err();
    assert!(
        no_project.contains("settings.project_data_retention[0].project_id"),
        "{no_project}"
    );
    let other = with(r#"{"model_permissions": [{"project_id": "proj_b"}]}"#).unwrap_err();
    assert!(other.contains("no project \"proj_b\""), "{other}");
    let twice =
        with(r#"{"project_spend_limit": [{"project_id": "proj_a"}, {"project_id": "proj_a"}]}"#)
            .unwrap_err();
    assert!(
        twice.contains("[1]: a second value for project proj_a"),
        "{twice}"
    );
    let org = with(r#"{"organization_data_retention": [{"project_id": "proj_a"}]}"#).unwrap_err();
    assert!(
        org.contains("an organization setting has no project"),
        "{org}"
    );
}

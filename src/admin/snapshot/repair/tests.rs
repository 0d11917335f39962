//! Repairs of fixtures the API's answers could make, each checked by
//! loading the result.

use super::*;
use crate::fake::fixture::{
    DEFAULT_TIME, FixtureGroup, FixtureProject, FixtureProjectGroup, FixtureProjectUser,
    FixtureUser,
};

fn user(id: &str, name: &str, email: &str, role: &str) -> FixtureUser {
    FixtureUser {
        id: id.into(),
        name: name.into(),
        email: email.into(),
        role: role.into(),
        added_at: DEFAULT_TIME,
    }
}

fn group(id: &str, members: &[&str]) -> FixtureGroup {
    FixtureGroup {
        id: id.into(),
        name: id.into(),
        created_at: DEFAULT_TIME,
        scim_managed: false,
        members: members.iter().map(|m| m.to_string()).collect(),
    }
}

fn project(id: &str, groups: &[&str], users: &[(&str, &str)]) -> FixtureProject {
    FixtureProject {
        id: id.into(),
        name: id.into(),
        created_at: DEFAULT_TIME,
        archived_at: None,
        groups: groups
            .iter()
            .map(|g| FixtureProjectGroup {
                group_id: g.to_string(),
                created_at: DEFAULT_TIME,
            })
            .collect(),
        users: users
            .iter()
            .map(|(u, role)| FixtureProjectUser {
                user_id: u.to_string(),
                role: role.to_string(),
                added_at: DEFAULT_TIME,
            })
            .collect(),
    }
}

fn role(id: &str, project: Option<&str>, permissions: &[&str], predefined: bool) -> FixtureRole {
    FixtureRole {
        id: id.into(),
        name: id.trim_start_matches("role-api-project-").into(),
        description: None,
        permissions: permissions.iter().map(|p| p.to_string()).collect(),
        project_id: project.map(str::to_owned),
        predefined,
        created_at: DEFAULT_TIME,
        updated_at: None,
    }
}

fn assignment(project: Option<&str>, principal: &str, role: &str) -> FixtureAssignment {
    FixtureAssignment {
        project_id: project.map(str::to_owned),
        principal_id: principal.into(),
        role_id: role.into(),
    }
}

/// Repairs `fixture`, checks that the fake loads the result, and returns
/// it with the repairs joined.
fn repaired(fixture: Fixture) -> (Fixture, String) {
    assert!(
        fixture.validate().is_err(),
        "the test fixture needs no repair"
    );
    let (fixture, repairs) = make_loadable(fixture);
    if let Err(problem) = fixture.validate() {
        panic!("still not loadable: {problem}\n{}", repairs.join("\n"));
    }
    (fixture, repairs.join("\n"))
}

#[test]
fn a_fixture_that_loads_is_left_as_it_is() {
    let builtin = Fixture::builtin();
    let (fixture, repairs) = make_loadable(builtin.clone());
    assert_eq!(fixture, builtin);
    assert!(repairs.is_empty(), "{repairs:?}");
}

#[test]
fn users_without_name_email_or_known_role_are_repaired() {
    let (fixture, repairs) = repaired(Fixture {
        users: vec![
            user("user_a", "", "", ""),
            user("user_b", "Bea", "Bea@Example.com", "owner"),
            user("user_c", "Cy", "bea@example.COM", "reader"),
            user("user_d", "Di", "not an address", "admin"),
        ],
        groups: vec![group("group_x", &["user_a", "user_gone", "user_b"])],
        ..Fixture::default()
    });
    let users: Vec<(&str, &str, &str)> = fixture
        .users
        .iter()
        .map(|u| (u.name.as_str(), u.email.as_str(), u.role.as_str()))
        .collect();
    assert_eq!(
        users,
        [
            ("user_a", "user_a@invalid.example", "reader"),
            ("Bea", "Bea@Example.com", "owner"),
            ("Cy", "user_c@invalid.example", "reader"),
            ("Di", "user_d@invalid.example", "reader"),
        ]
    );
    assert_eq!(fixture.groups[0].members, ["user_a", "user_b"]);
    for expected in [
        "user \"user_a\": name \"\" written as its ID",
        "user \"user_a\": no email address; written as user_a@invalid.example",
        "user \"user_a\": organization role \"\" written as \"reader\"",
        "user \"user_c\": email \"bea@example.COM\" shared with another user",
        "user \"user_d\": email \"not an address\" not an address",
        "member \"user_gone\" of group \"group_x\": not among the users; left out",
    ] {
        assert!(
            repairs.contains(expected),
            "{expected:?} missing:\n{repairs}"
        );
    }
}

#[test]
fn blank_names_and_unknown_project_roles_are_repaired() {
    let (fixture, repairs) = repaired(Fixture {
        users: vec![user("user_a", "A", "a@example.com", "reader")],
        groups: vec![FixtureGroup {
            name: " ".into(),
            ..group("group_x", &[])
        }],
        projects: vec![FixtureProject {
            name: String::new(),
            ..project("proj_a", &["group_x"], &[("user_a", "admin")])
        }],
        ..Fixture::default()
    });
    assert_eq!(fixture.groups[0].name, "group_x");
    assert_eq!(fixture.projects[0].name, "proj_a");
    assert_eq!(fixture.projects[0].users[0].role, "member");
    assert!(
        repairs.contains("user \"user_a\" of project \"proj_a\": project role \"admin\" written"),
        "{repairs}"
    );
}

#[test]
fn predefined_roles_listed_unscoped_in_every_project_are_left_to_the_fake() {
    let member = "role-api-project-member";
    let perms = &["api.model.read"];
    let (fixture, repairs) = repaired(Fixture {
        groups: vec![group("group_x", &[])],
        projects: vec![
            project("proj_a", &["group_x"], &[]),
            project("proj_b", &["group_x"], &[]),
        ],
        roles: vec![
            role(member, Some("proj_a"), perms, true),
            role("role_custom", Some("proj_a"), perms, false),
            role(member, Some("proj_b"), perms, true),
            role(
                "role-api-project-member__api-project__proj_b",
                Some("proj_b"),
                perms,
                true,
            ),
        ],
        group_assignments: vec![
            assignment(Some("proj_a"), "group_x", member),
            assignment(Some("proj_a"), "group_x", "role_custom"),
            assignment(Some("proj_b"), "group_x", member),
        ],
        ..Fixture::default()
    });
    let roles: Vec<&str> = fixture.roles.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        roles,
        ["role_custom"],
        "the fake supplies the predefined ones"
    );
    assert_eq!(fixture.group_assignments.len(), 3, "every assignment kept");
    for scope in ["project \"proj_a\"", "project \"proj_b\""] {
        assert!(
            repairs.contains(&format!("predefined roles of {scope}: left out")),
            "{scope}:\n{repairs}"
        );
    }
}

#[test]
fn a_role_assigned_by_its_short_id_is_written_as_its_project_lists_it() {
    let scoped = "role-api-project-viewer__api-project__proj_a";
    let perms = &["api.model.read"];
    let (fixture, _) = repaired(Fixture {
        groups: vec![group("group_x", &[]), group("group_y", &[])],
        projects: vec![project("proj_a", &["group_x"], &[])],
        roles: vec![role(scoped, Some("proj_a"), perms, true)],
        group_assignments: vec![
            assignment(Some("proj_a"), "group_x", "role-api-project-viewer"),
            // Not loadable: no access, and a predefined role the scope lacks.
            assignment(Some("proj_a"), "group_y", "role-api-project-viewer"),
            assignment(Some("proj_a"), "group_x", "role-api-project-owner"),
        ],
        ..Fixture::default()
    });
    assert_eq!(
        fixture.group_assignments,
        [assignment(Some("proj_a"), "group_x", scoped)]
    );
}

#[test]
fn roles_the_fake_refuses_are_repaired_and_one_without_permissions_is_kept() {
    let mut updated_early = role("role_late", None, &["api.model.read"], false);
    updated_early.created_at = 100;
    updated_early.updated_at = Some(50);
    let (fixture, repairs) = repaired(Fixture {
        groups: vec![group("group_x", &[])],
        roles: vec![
            role("role_empty", None, &[], false),
            role(
                "role_odd",
                None,
                &["api.model.read", "api.model.read", ""],
                false,
            ),
            updated_early,
            FixtureRole {
                name: "role_late".into(),
                ..role("role_same_name", None, &["api.model.read"], false)
            },
        ],
        group_assignments: vec![
            assignment(None, "group_x", "role_empty"),
            assignment(None, "group_x", "role_odd"),
        ],
        ..Fixture::default()
    });
    let roles: Vec<(&str, &str, Vec<&str>)> = fixture
        .roles
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                r.name.as_str(),
                r.permissions.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        [
            // Kept with its assignment: the API accepts a role without
            // permissions, and so does the fake.
            ("role_empty", "role_empty", vec![]),
            ("role_odd", "role_odd", vec!["api.model.read"]),
            ("role_late", "role_late", vec!["api.model.read"]),
            (
                "role_same_name",
                "role_late (role_same_name)",
                vec!["api.model.read"]
            ),
        ]
    );
    assert_eq!(fixture.roles[1].updated_at, None);
    assert_eq!(
        fixture.group_assignments,
        [
            assignment(None, "group_x", "role_empty"),
            assignment(None, "group_x", "role_odd")
        ]
    );
    assert!(!repairs.contains("role_empty"), "{repairs}");
    for expected in [
        "role \"role_odd\": permission \"\" is not one the fake takes",
        "role \"role_late\": updated before it was created",
    ] {
        assert!(
            repairs.contains(expected),
            "{expected:?} missing:\n{repairs}"
        );
    }
}

#[test]
fn entries_with_empty_or_repeated_ids_are_left_out() {
    let (fixture, repairs) = repaired(Fixture {
        users: vec![
            user("user_a", "A", "a@example.com", "reader"),
            user("user_a", "A2", "a2@example.com", "reader"),
            user("", "Nobody", "n@example.com", "reader"),
        ],
        ..Fixture::default()
    });
    assert_eq!(fixture.users.len(), 1);
    assert!(
        repairs.contains("user \"user_a\" listed twice"),
        "{repairs}"
    );
    assert!(repairs.contains("a user with an empty ID"), "{repairs}");
}

//! The fixture organization, rebuilt on start and on every reset (see the
//! module docs of `fake` for what it holds and why).

use super::Scope;
use super::Store;
use super::groups::{GroupRec, MemberRec};
use super::project_access::{ProjectGroupRec, ProjectUserRec};
use super::projects::ProjectRec;
use super::roles::RoleRec;
use super::users::UserRec;

/// Timestamp of everything that exists at start, so fixtures are deterministic.
const FIXTURE_TIME: i64 = 1_711_471_533;
const HOUR: i64 = 3600;
/// When `proj_legacy` was archived: thirty days after the fixture time.
const LEGACY_ARCHIVED_AT: i64 = FIXTURE_TIME + 30 * 24 * HOUR;

/// `(id, name, organization role)`, in the order they joined.
const USERS: &[(&str, &str, &str)] = &[
    ("user_alice", "Alice", "owner"),
    ("user_bob", "Bob", "reader"),
    ("user_carol", "Carol", "reader"),
    ("user_dee", "Dee", "reader"),
    ("user_erin", "Erin", "reader"),
];

/// `(id, name, SCIM-managed, members)`.
const GROUPS: &[(&str, &str, bool, &[&str])] = &[
    (
        "group_engineering",
        "Engineering",
        false,
        &["user_alice", "user_bob"],
    ),
    ("group_support", "Support", false, &["user_carol"]),
    ("group_finance", "Finance", false, &[]),
    ("group_contractors", "Contractors", false, &[]),
    ("group_sales", "Sales", true, &["user_dee"]),
];

/// `(id, name, archived, groups with access, (user, project role))`.
/// Fixture access predates join roles: it comes with no role assignment.
type ProjectFixture = (
    &'static str,
    &'static str,
    bool,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);
const PROJECTS: &[ProjectFixture] = &[
    (
        "proj_alpha",
        "Alpha",
        false,
        &["group_engineering", "group_support", "group_finance"],
        &[("user_alice", "owner"), ("user_bob", "member")],
    ),
    (
        "proj_beta",
        "Beta",
        false,
        &["group_engineering"],
        &[("user_bob", "owner")],
    ),
    ("proj_legacy", "Legacy", true, &[], &[]),
];

/// Fixture records are spread an hour apart, in list order.
fn at(n: usize) -> i64 {
    FIXTURE_TIME + n as i64 * HOUR
}

impl Store {
    /// Back to the fixture organization. The id generator is kept, so ids
    /// are never reused within one server.
    pub fn reset(&mut self) {
        self.users = USERS
            .iter()
            .enumerate()
            .map(|(n, &(id, name, role))| UserRec {
                id: id.to_string(),
                name: name.to_string(),
                email: format!("{}@example.com", name.to_ascii_lowercase()),
                role,
                added_at: at(n),
            })
            .collect();
        self.groups = GROUPS
            .iter()
            .enumerate()
            .map(|(n, &(id, name, scim_managed, members))| GroupRec {
                id: id.to_string(),
                name: name.to_string(),
                created_at: at(n),
                scim_managed,
                members: members
                    .iter()
                    .map(|user_id| MemberRec {
                        user_id: user_id.to_string(),
                        hidden_until: None,
                    })
                    .collect(),
                hidden_until: None,
            })
            .collect();
        self.projects = PROJECTS
            .iter()
            .map(|&(id, name, archived, groups, users)| ProjectRec {
                id: id.to_string(),
                name: name.to_string(),
                created_at: FIXTURE_TIME,
                archived_at: archived.then_some(LEGACY_ARCHIVED_AT),
                external_key_id: None,
                groups: groups
                    .iter()
                    .map(|group_id| ProjectGroupRec {
                        group_id: group_id.to_string(),
                        created_at: FIXTURE_TIME,
                        hidden_until: None,
                    })
                    .collect(),
                users: users
                    .iter()
                    .map(|&(user_id, role)| ProjectUserRec {
                        user_id: user_id.to_string(),
                        role: role.to_string(),
                        added_at: FIXTURE_TIME,
                        hidden_until: None,
                    })
                    .collect(),
                hidden_until: None,
            })
            .collect();
        self.roles = RoleRec::predefined(Scope::Org, FIXTURE_TIME);
        for (project_id, ..) in PROJECTS {
            self.roles.extend(RoleRec::predefined(
                Scope::Project(project_id),
                FIXTURE_TIME,
            ));
        }
        self.assignments.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn reset_restores_the_fixtures() {
        let mut s = store();
        let before = s.dump();
        s.force_create_group("Extra").unwrap();
        s.force_archive_project("proj_alpha");
        s.force_remove_group_member("group_engineering", "user_bob");
        assign(
            &mut s,
            BETA,
            g("group_engineering"),
            "role-api-project-viewer",
        )
        .unwrap();
        s.reset();
        assert_eq!(s.dump(), before);
    }

    #[test]
    fn fixtures_are_consistent() {
        let s = store();
        let user_ids: Vec<&str> = USERS.iter().map(|u| u.0).collect();
        for (_, _, _, members) in GROUPS {
            assert!(members.iter().all(|m| user_ids.contains(m)));
        }
        let group_ids: Vec<&str> = GROUPS.iter().map(|g| g.0).collect();
        for (_, _, _, groups, users) in PROJECTS {
            assert!(groups.iter().all(|g| group_ids.contains(g)));
            assert!(users.iter().all(|(u, _)| user_ids.contains(u)));
        }
        assert_eq!(s.list_roles(LEGACY).unwrap().len(), 3);
        assert!(s.user_assignments().is_empty() && s.group_assignments().is_empty());
    }
}

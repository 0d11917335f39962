//! Loading a [`Fixture`] into the store: on start, and again on every
//! reset (which goes back to the fixture loaded, not the built-in one).

use std::sync::Arc;

use super::groups::{GroupRec, MemberRec};
use super::project_access::{ProjectGroupRec, ProjectUserRec};
use super::projects::ProjectRec;
use super::roles::RoleRec;
use super::users::UserRec;
use super::{Principal, Scope, Store};
use crate::fake::catalog;
use crate::fake::fixture::{DEFAULT_TIME, Fixture, FixtureAssignment};

impl Store {
    /// Replaces the whole state with `fixture` after validating it; later
    /// resets come back to it. On error nothing changes and the message
    /// names the JSON location of the problem.
    pub fn load(&mut self, fixture: Arc<Fixture>) -> Result<(), String> {
        // Validated again even when it came from `Fixture::from_json`: its
        // fields are public, so nothing proves it was not changed since,
        // and a reference to nothing would panic deep in the store. It is
        // cheap (lookups, not scans: tens of ms for 20000 users).
        fixture.validate()?;
        self.fixture = fixture;
        self.reset();
        Ok(())
    }

    /// Back to the loaded fixture. The id generator is kept, so ids are
    /// never reused within one server.
    pub fn reset(&mut self) {
        let f = self.fixture.clone();
        self.users = f.users.iter().map(UserRec::from_fixture).collect();
        self.groups = f.groups.iter().map(GroupRec::from_fixture).collect();
        self.projects = f.projects.iter().map(ProjectRec::from_fixture).collect();
        self.roles = catalog_roles(&f);
        self.roles.extend(f.roles.iter().map(RoleRec::from_fixture));
        self.fixture_permissions = f
            .roles
            .iter()
            .flat_map(|r| r.permissions.iter().cloned())
            .filter(|p| !catalog::is_known_permission(p))
            .collect();
        self.collections.clear();
        for (name, objects) in &f.collections {
            // Checked by `validate`: every name is declared, every object loads.
            let Some(decl) = crate::fake::collections::declaration(name) else {
                continue;
            };
            for object in objects {
                if let Ok(entry) = crate::fake::collections::entry_from_fixture(decl, object) {
                    self.collections.push(decl, entry);
                }
            }
        }
        self.load_settings(&f.settings);
        self.assignments.clear();
        for a in &f.group_assignments {
            self.push_fixture_assignment(a, Principal::group(&a.principal_id));
        }
        for a in &f.user_assignments {
            self.push_fixture_assignment(a, Principal::user(&a.principal_id));
        }
    }

    fn push_fixture_assignment(&mut self, a: &FixtureAssignment, principal: Principal) {
        let scope = Scope::from_option(a.project_id.as_deref());
        let role_id = Self::canonical_role_id(scope, &a.role_id);
        self.push_assignment(scope, principal, role_id, None);
    }
}

/// The fake's predefined roles for each scope that lists none: the
/// organization's dated [`DEFAULT_TIME`], a project's dated like the project.
fn catalog_roles(f: &Fixture) -> Vec<RoleRec> {
    f.catalog_scopes()
        .into_iter()
        .flat_map(|scope| {
            let created_at = scope
                .and_then(|id| f.projects.iter().find(|p| p.id == id))
                .map_or(DEFAULT_TIME, |p| p.created_at);
            RoleRec::predefined(Scope::from_option(scope), created_at)
        })
        .collect()
}

impl UserRec {
    fn from_fixture(u: &crate::fake::fixture::FixtureUser) -> Self {
        UserRec {
            id: u.id.clone(),
            name: u.name.clone(),
            email: u.email.clone(),
            role: u.role.clone(),
            added_at: u.added_at,
        }
    }
}

impl GroupRec {
    fn from_fixture(g: &crate::fake::fixture::FixtureGroup) -> Self {
        GroupRec {
            id: g.id.clone(),
            name: g.name.clone(),
            created_at: g.created_at,
            scim_managed: g.scim_managed,
            members: g
                .members
                .iter()
                .map(|user_id| MemberRec {
                    user_id: user_id.clone(),
                    hidden_until: None,
                })
                .collect(),
            hidden_until: None,
        }
    }
}

impl ProjectRec {
    fn from_fixture(p: &crate::fake::fixture::FixtureProject) -> Self {
        ProjectRec {
            id: p.id.clone(),
            name: p.name.clone(),
            created_at: p.created_at,
            archived_at: p.archived_at,
            external_key_id: None,
            groups: p
                .groups
                .iter()
                .map(|g| ProjectGroupRec {
                    group_id: g.group_id.clone(),
                    created_at: g.created_at,
                    hidden_until: None,
                })
                .collect(),
            users: p
                .users
                .iter()
                .map(|u| ProjectUserRec {
                    user_id: u.user_id.clone(),
                    role: u.role.clone(),
                    added_at: u.added_at,
                    hidden_until: None,
                })
                .collect(),
            hidden_until: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Rules;
    use super::super::test_support::*;
    use super::*;
    use crate::fake::fixture::tests::SMALL;
    use crate::fake::requests::CreateRole;

    const WEB: Scope = Scope::Project("proj_web");

    fn small_store() -> Store {
        let fixture = Fixture::from_json(SMALL).unwrap();
        Store::with_fixture(Rules::default(), Arc::new(fixture)).unwrap()
    }

    fn role_ids(s: &Store, scope: Scope) -> Vec<String> {
        s.list_roles(scope)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    }

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
    fn the_builtin_organization_gets_the_catalogue_everywhere() {
        let s = store();
        assert_eq!(s.dump().organization, "org_fake");
        assert_eq!(
            role_ids(&s, Scope::Org),
            [
                "role-api-organization-owner",
                "role-api-organization-member",
                "role-api-organization-viewer"
            ]
        );
        assert_eq!(s.list_roles(LEGACY).unwrap().len(), 3);
        assert!(s.user_assignments().is_empty() && s.group_assignments().is_empty());
    }

    #[test]
    fn a_loaded_fixture_keeps_its_ids_and_fills_in_the_catalogue() {
        let s = small_store();
        let dump = s.dump();
        assert_eq!(dump.organization, "org_small");
        let user_ids: Vec<&str> = dump.users.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(user_ids, ["user_ann", "user_ben"]);
        assert_eq!(
            (dump.users[1].role.as_str(), dump.groups[1].is_scim_managed),
            ("reader", true)
        );
        assert_eq!(dump.projects[1].status, "archived");
        assert_eq!(dump.group_members["group_ops"], ["user_ann", "user_ben"]);
        assert_eq!(dump.project_groups["proj_web"], ["group_ops"]);
        assert_eq!(dump.project_users["proj_web"][0].role, "member");

        // The organization lists a predefined role: no catalogue there, and
        // the listed role is kept verbatim.
        assert_eq!(
            role_ids(&s, Scope::Org),
            ["role-api-organization-owner", "role_auditor"]
        );
        let owner = s
            .get_role(Scope::Org, "role-api-organization-owner")
            .unwrap();
        assert_eq!(
            (owner.permissions, owner.predefined_role),
            (vec!["api.roles.write".to_string()], true)
        );
        // The projects list none: the catalogue first, then the listed roles.
        assert_eq!(
            role_ids(&s, WEB),
            [
                "role-api-project-owner__api-project__proj_web",
                "role-api-project-member__api-project__proj_web",
                "role-api-project-viewer__api-project__proj_web",
                "role_deployer"
            ]
        );
        assert_eq!(s.list_roles(Scope::Project("proj_old")).unwrap().len(), 3);

        // Aliases become the ids the API echoes; the join role is an
        // ordinary assignment of the project group.
        let group_roles: Vec<String> = s
            .list_assignments(WEB, g("group_ops"))
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(
            group_roles,
            [
                "role-api-project-member__api-project__proj_web",
                "role_deployer"
            ]
        );
        assert_eq!(s.group_assignments()[2].role_id, "role_auditor");
        let users: Vec<(Option<String>, String)> = s
            .user_assignments()
            .into_iter()
            .map(|a| (a.project_id, a.role_id))
            .collect();
        assert_eq!(
            users,
            [
                (Some("proj_web".to_string()), "role_deployer".to_string()),
                (None, "role-api-organization-owner".to_string())
            ]
        );
    }

    #[test]
    fn permissions_a_fixture_uses_are_accepted_by_the_api_too() {
        let create_in = |s: &mut Store, perm: &str| {
            s.create_role(
                WEB,
                CreateRole {
                    role_name: format!("uses {perm}"),
                    permissions: vec![perm.to_string()],
                    description: None,
                },
            )
        };
        let mut s = small_store();
        assert!(create_in(&mut s, "api.future.write").is_ok());
        let err = create_in(&mut s, "api.other.write").unwrap_err();
        assert_eq!(status_code(&err), (400, Some("invalid_permission")));
        let err = store()
            .create_role(
                ALPHA,
                CreateRole {
                    role_name: "Future".into(),
                    permissions: vec!["api.future.write".into()],
                    description: None,
                },
            )
            .unwrap_err();
        assert_eq!(
            status_code(&err),
            (400, Some("invalid_permission")),
            "only the fixture's"
        );
    }

    #[test]
    fn reset_goes_back_to_the_loaded_fixture() {
        let mut s = small_store();
        let before = s.dump();
        let extra = create(&mut s, WEB, "Extra", &["api.files.read"]);
        assign(&mut s, WEB, u("user_ben"), &extra.id).unwrap();
        s.force_delete_group("group_ops");
        s.force_create_project("New").unwrap();
        assert_ne!(s.dump(), before);
        s.reset();
        assert_eq!(s.dump(), before);
        assert_eq!(s.dump().organization, "org_small");
    }

    #[test]
    fn an_invalid_fixture_is_refused_and_changes_nothing() {
        let mut bad = Fixture::from_json(SMALL).unwrap();
        bad.groups[0].members.push("user_x".into());
        let bad = Arc::new(bad);
        let mut s = store();
        let before = s.dump();
        let err = s.load(bad.clone()).unwrap_err();
        assert_eq!(err, r#"groups[0].members[2]: no user "user_x""#);
        assert_eq!(s.dump(), before);
        s.reset();
        assert_eq!(
            s.dump(),
            before,
            "reset still goes back to the built-in one"
        );
        assert!(Store::with_fixture(Rules::default(), bad).is_err());
    }
}

//! `openai-admin snapshot`: the organization as a [`Fixture`] that the
//! bundled fake loads (`openai-admin-fake --fixture FILE`), keeping every
//! ID, so that plans and applies can be rehearsed against a copy.
//!
//! Everything is kept: archived projects, SCIM-managed groups, predefined
//! roles (with the IDs the API lists them under) and every assignment,
//! join roles included. Every list is sorted by ID so that the same
//! organization gives the same file. The fixture holds no secret: the API
//! key is not part of what is read.

use crate::admin::inventory::{Inventory, ProjectContents, is_archived};
use crate::api::{AssignedRole, Role};
use crate::fake::fixture::{
    DEFAULT_TIME, FORMAT_VERSION, Fixture, FixtureAssignment, FixtureGroup, FixtureProject,
    FixtureProjectGroup, FixtureProjectUser, FixtureRole, FixtureUser,
};

/// A snapshot, and the assignments it leaves out.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub fixture: Fixture,
    /// Inherited assignments (held through another principal): the fake has
    /// no inheritance, so they are not copied as direct ones.
    pub left_out: Vec<String>,
}

/// The fixture of `inventory`, read with
/// [`ReadPlan::everything`](crate::admin::inventory::ReadPlan::everything).
pub fn snapshot(inventory: &Inventory, organization_id: Option<String>) -> Snapshot {
    let mut left_out = Vec::new();
    let mut users: Vec<FixtureUser> = inventory
        .users
        .iter()
        .map(|entry| FixtureUser {
            id: entry.user.id.clone(),
            name: entry.user.name.clone(),
            email: entry.user.email.clone().unwrap_or_default(),
            role: entry.user.role.clone(),
            added_at: entry.user.added_at.unwrap_or(DEFAULT_TIME),
        })
        .collect();
    users.sort_by(|a, b| a.id.cmp(&b.id));

    let mut groups: Vec<FixtureGroup> = inventory
        .groups
        .iter()
        .map(|entry| FixtureGroup {
            id: entry.group.id.clone(),
            name: entry.group.name.clone(),
            created_at: entry.group.created_at,
            scim_managed: entry.group.scim_managed,
            members: sorted(entry.members.iter().map(|m| m.id.clone())),
        })
        .collect();
    groups.sort_by(|a, b| a.id.cmp(&b.id));

    let mut roles: Vec<FixtureRole> = inventory
        .org_roles
        .iter()
        .map(|role| fixture_role(role, None))
        .collect();
    let mut group_assignments = Vec::new();
    let mut user_assignments = Vec::new();
    for entry in &inventory.groups {
        let id = &entry.group.id;
        for assigned in &entry.org_roles {
            push_direct(&mut group_assignments, &mut left_out, None, id, assigned);
        }
    }
    for entry in &inventory.users {
        let id = &entry.user.id;
        for assigned in &entry.org_roles {
            push_direct(&mut user_assignments, &mut left_out, None, id, assigned);
        }
    }

    let mut projects = Vec::new();
    for entry in &inventory.projects {
        let project = &entry.project;
        let empty = ProjectContents {
            roles: Vec::new(),
            groups: Vec::new(),
            users: Vec::new(),
        };
        let contents = entry.contents.as_ref().unwrap_or(&empty);
        let scope = Some(project.id.as_str());
        roles.extend(contents.roles.iter().map(|role| fixture_role(role, scope)));
        for group in &contents.groups {
            for assigned in &group.roles {
                push_direct(
                    &mut group_assignments,
                    &mut left_out,
                    scope,
                    &group.access.group_id,
                    assigned,
                );
            }
        }
        for user in &contents.users {
            for assigned in &user.roles {
                push_direct(
                    &mut user_assignments,
                    &mut left_out,
                    scope,
                    &user.access.id,
                    assigned,
                );
            }
        }
        let mut project_groups: Vec<FixtureProjectGroup> = contents
            .groups
            .iter()
            .map(|g| FixtureProjectGroup {
                group_id: g.access.group_id.clone(),
                created_at: g.access.created_at,
            })
            .collect();
        project_groups.sort_by(|a, b| a.group_id.cmp(&b.group_id));
        let mut project_users: Vec<FixtureProjectUser> = contents
            .users
            .iter()
            .map(|u| FixtureProjectUser {
                user_id: u.access.id.clone(),
                role: u.access.role.clone(),
                added_at: u.access.added_at.unwrap_or(DEFAULT_TIME),
            })
            .collect();
        project_users.sort_by(|a, b| a.user_id.cmp(&b.user_id));
        projects.push(FixtureProject {
            id: project.id.clone(),
            name: project.name.clone(),
            created_at: project.created_at,
            archived_at: if is_archived(project) {
                Some(project.archived_at.unwrap_or(project.created_at))
            } else {
                None
            },
            groups: project_groups,
            users: project_users,
        });
    }
    projects.sort_by(|a, b| a.id.cmp(&b.id));
    roles.sort_by(|a, b| (&a.project_id, &a.id).cmp(&(&b.project_id, &b.id)));
    for assignments in [&mut group_assignments, &mut user_assignments] {
        assignments.sort_by(|a, b| {
            (&a.project_id, &a.principal_id, &a.role_id).cmp(&(
                &b.project_id,
                &b.principal_id,
                &b.role_id,
            ))
        });
    }
    left_out.sort();
    Snapshot {
        fixture: Fixture {
            version: FORMAT_VERSION,
            organization_id,
            users,
            groups,
            projects,
            roles,
            group_assignments,
            user_assignments,
        },
        left_out,
    }
}

fn fixture_role(role: &Role, project_id: Option<&str>) -> FixtureRole {
    FixtureRole {
        id: role.id.clone(),
        name: role.name.clone(),
        description: role.description.clone(),
        permissions: sorted(role.permissions.iter().cloned()),
        project_id: project_id.map(str::to_owned),
        predefined: role.predefined_role,
        // The API does not say when a role was made.
        created_at: DEFAULT_TIME,
        updated_at: None,
    }
}

/// Adds a directly held assignment; an inherited-only one is left out.
fn push_direct(
    assignments: &mut Vec<FixtureAssignment>,
    left_out: &mut Vec<String>,
    project_id: Option<&str>,
    principal_id: &str,
    assigned: &AssignedRole,
) {
    if let Some(sources) = &assigned.assignment_sources
        && !sources.is_empty()
        && !sources.iter().any(|s| s.principal_id == principal_id)
    {
        let scope = project_id.map_or("the organization".to_owned(), |p| format!("project {p}"));
        let from: Vec<&str> = sources.iter().map(|s| s.principal_id.as_str()).collect();
        left_out.push(format!(
            "role {} of {principal_id} in {scope}: inherited from {}",
            assigned.role.id,
            from.join(", ")
        ));
        return;
    }
    assignments.push(FixtureAssignment {
        project_id: project_id.map(str::to_owned),
        principal_id: principal_id.to_owned(),
        role_id: assigned.role.id.clone(),
    });
}

fn sorted(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut items: Vec<String> = items.collect();
    items.sort();
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::test_support::inventory;

    /// The test organization without its role the fake would refuse.
    fn loadable() -> Inventory {
        let mut inventory = inventory();
        for project in &mut inventory.projects {
            if let Some(contents) = &mut project.contents {
                contents.roles.retain(|r| !r.permissions.is_empty());
            }
        }
        inventory
    }

    #[test]
    fn a_snapshot_keeps_every_id_sorted_and_loads_back() {
        let snapshot = snapshot(&loadable(), Some("org_abc".into()));
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
                .any(|g| g.id == "group_sso" && g.scim_managed)
        );
        assert_eq!(
            ids(fixture.roles.iter().map(|r| r.id.as_str()).collect()),
            "role-api-organization-owner,role-api-project-member__api-project__proj_web,\
             role-api-project-viewer__api-project__proj_web,role_deploy"
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
                "role role-api-project-viewer__api-project__proj_web of user_ann in project \
              proj_web: inherited from group_ops"
            ]
        );
        let text = fixture.to_json_pretty();
        assert_eq!(&Fixture::from_json(&text).unwrap(), fixture);
    }

    #[test]
    fn a_snapshot_does_not_depend_on_list_order() {
        let mut shuffled = loadable();
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
            snapshot(&loadable(), None).fixture.to_json_pretty()
        );
    }

    #[test]
    fn what_the_fake_would_refuse_fails_validation() {
        let problem = snapshot(&inventory(), None).fixture.validate().unwrap_err();
        assert!(problem.contains("permissions"), "{problem}");
    }
}

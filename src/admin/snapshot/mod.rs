//! `openai-admin snapshot`: the organization as a [`Fixture`] that the
//! bundled fake loads (`openai-admin-fake --fixture FILE`), keeping every
//! ID, so that plans and applies can be rehearsed against a copy.
//!
//! Everything is kept: archived projects, SCIM-managed groups and their
//! members, predefined roles (with the IDs the API lists them under), role
//! times (from the assignment lists, the only place the API gives them) and
//! every assignment, join roles included. Users' assignments only inherited
//! from a group are left out (the fake has no inheritance), and what the
//! fake could not load as the API returned it is repaired entry by entry
//! ([`repair`]); both are listed. Every list is sorted by ID so that the
//! same organization gives the same file.
//!
//! The declared types the export writes (invites, projects' service
//! accounts, spend alerts, certificates with their PEM and the projects
//! they are active in) are copied as the API lists them, into the
//! fixture's `collections`; the settings
//! (data retention, model and hosted tool permissions, spend limits) into
//! its `settings`, and every project's rate limits into the `rate_limits`
//! collection, so that the fake answers the same values.
//!
//! The fixture holds no API key, but it does hold every user's name and
//! email address.

mod repair;

use std::collections::{BTreeMap, HashMap};

use crate::admin::inventory::{Inventory, ProjectContents};
use crate::api::{ApiObject, AssignedRole, Role};
use crate::fake::fixture::{
    DEFAULT_TIME, FORMAT_VERSION, Fixture, FixtureAssignment, FixtureGroup, FixtureProject,
    FixtureProjectGroup, FixtureProjectUser, FixtureRole, FixtureUser,
};
use crate::resources::declared;

/// A snapshot, and what it leaves out or changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub fixture: Fixture,
    /// Users' assignments only inherited from a group: the fake has no
    /// inheritance, so they are not copied as direct ones.
    pub left_out: Vec<String>,
    /// Entries changed or left out so that the fake loads the file, e.g. a
    /// user without an email address.
    pub repairs: Vec<String>,
}

/// The fixture of `inventory`, read with
/// [`ReadPlan::everything`](crate::admin::inventory::ReadPlan::everything).
pub fn snapshot(inventory: &Inventory, organization_id: Option<String>) -> Snapshot {
    let mut left_out = Vec::new();
    let times = RoleTimes::of(inventory);
    let mut roles: Vec<FixtureRole> = inventory
        .org_roles
        .iter()
        .map(|role| times.fixture_role(role, None))
        .collect();
    let mut group_assignments = Vec::new();
    let mut user_assignments = Vec::new();
    for entry in &inventory.groups {
        for assigned in &entry.org_roles {
            group_assignments.push(assignment(None, &entry.group.id, assigned));
        }
    }
    for entry in &inventory.users {
        let id = &entry.user.id;
        for assigned in &entry.org_roles {
            push_direct(
                inventory,
                &mut user_assignments,
                &mut left_out,
                None,
                id,
                assigned,
            );
        }
    }

    let mut projects = Vec::new();
    for entry in &inventory.projects {
        let project = &entry.project;
        let empty = ProjectContents::default();
        let contents = entry.contents.as_ref().unwrap_or(&empty);
        let scope = Some(project.id.as_str());
        roles.extend(
            contents
                .roles
                .iter()
                .map(|role| times.fixture_role(role, scope)),
        );
        for group in &contents.groups {
            for assigned in &group.roles {
                group_assignments.push(assignment(scope, &group.access.group_id, assigned));
            }
        }
        for user in &contents.users {
            for assigned in &user.roles {
                push_direct(
                    inventory,
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
            archived_at: project
                .is_archived()
                .then(|| project.archived_at.unwrap_or(project.created_at)),
            groups: project_groups,
            users: project_users,
        });
    }

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
            members: sorted(entry.members.iter().flatten().map(|m| m.id.clone())),
        })
        .collect();
    groups.sort_by(|a, b| a.id.cmp(&b.id));
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
    let (fixture, repairs) = repair::make_loadable(Fixture {
        version: FORMAT_VERSION,
        organization_id,
        users,
        groups,
        projects,
        roles,
        group_assignments,
        user_assignments,
        collections: collections(inventory),
        settings: settings(inventory),
    });
    Snapshot {
        fixture,
        left_out,
        repairs,
    }
}

/// The declared types' objects as the fake's fixture holds them (by its
/// collection name, `project_id` on those below a project), sorted by ID.
/// API keys are not declared types of the export: no key is copied.
fn collections(inventory: &Inventory) -> BTreeMap<String, Vec<serde_json::Value>> {
    let mut collections = BTreeMap::new();
    for (type_name, objects) in &inventory.declared {
        let Some(exported) = declared::declaration(type_name).and_then(|d| d.export.as_ref())
        else {
            continue;
        };
        collections.insert(
            exported.fixture_collection.to_owned(),
            fixture_objects(objects),
        );
    }
    // A listed setting (rate limits) is a collection of the fake's: a
    // project listed there has exactly those.
    for (setting, objects) in read_settings(inventory) {
        if setting.list_spec().is_some() {
            collections.insert(setting.fixture.to_owned(), fixture_objects(objects));
        }
    }
    collections
}

/// The singleton settings read (a spend limit never set was not), by the
/// fake's setting name, the projects' with their `project_id`.
fn settings(inventory: &Inventory) -> BTreeMap<String, Vec<serde_json::Value>> {
    read_settings(inventory)
        .filter(|(setting, _)| setting.list_spec().is_none())
        .map(|(setting, objects)| (setting.fixture.to_owned(), fixture_objects(objects)))
        .filter(|(_, values)| !values.is_empty())
        .collect()
}

fn read_settings(
    inventory: &Inventory,
) -> impl Iterator<Item = (&'static declared::settings::Setting, &Vec<ApiObject>)> {
    inventory
        .settings
        .iter()
        .filter_map(|(type_name, objects)| {
            declared::settings::setting(type_name).map(|s| (&**s, objects))
        })
}

/// Objects as the API answered them, sorted by ID (then owner: each
/// project has a rate limit `rl-gpt-4o`).
fn fixture_objects(objects: &[ApiObject]) -> Vec<serde_json::Value> {
    let mut objects: Vec<&ApiObject> = objects.iter().collect();
    objects.sort_by(|a, b| (a.id(), a.str("project_id")).cmp(&(b.id(), b.str("project_id"))));
    objects
        .into_iter()
        .map(|object| serde_json::Value::Object(object.0.clone()))
        .collect()
}

/// When roles were made and last changed. The role lists do not say; the
/// assignment lists do, for every role assigned to anyone.
struct RoleTimes {
    /// `(created_at, updated_at)` by role.
    times: HashMap<RoleKey, (Option<i64>, Option<i64>)>,
}

/// A role's scope (a project, or none) and ID (a predefined project role's
/// by its short ID, however an entry spells it).
type RoleKey = (Option<String>, String);

impl RoleTimes {
    fn of(inventory: &Inventory) -> RoleTimes {
        let mut times = HashMap::new();
        let mut note = |scope: Option<&str>, assigned: &AssignedRole| {
            if assigned.created_at.is_some() || assigned.updated_at.is_some() {
                times
                    .entry(role_key(scope, &assigned.role.id))
                    .or_insert((assigned.created_at, assigned.updated_at));
            }
        };
        for user in &inventory.users {
            user.org_roles.iter().for_each(|a| note(None, a));
        }
        for group in &inventory.groups {
            group.org_roles.iter().for_each(|a| note(None, a));
        }
        for project in &inventory.projects {
            let scope = Some(project.project.id.as_str());
            if let Some(contents) = &project.contents {
                let groups = contents.groups.iter().flat_map(|g| g.roles.iter());
                let users = contents.users.iter().flat_map(|u| u.roles.iter());
                groups.chain(users).for_each(|a| note(scope, a));
            }
        }
        RoleTimes { times }
    }

    fn fixture_role(&self, role: &Role, project_id: Option<&str>) -> FixtureRole {
        let (created_at, updated_at) = self
            .times
            .get(&role_key(project_id, &role.id))
            .copied()
            .unwrap_or_default();
        let created_at = created_at.unwrap_or(DEFAULT_TIME);
        FixtureRole {
            id: role.id.clone(),
            name: role.name.clone(),
            description: role.description.clone(),
            permissions: sorted(role.permissions.iter().cloned()),
            project_id: project_id.map(str::to_owned),
            predefined: role.is_predefined(),
            created_at,
            // Absent means "as created": compact, and what the fake reads back.
            updated_at: updated_at.filter(|&updated| updated != created_at),
        }
    }
}

fn role_key(scope: Option<&str>, role_id: &str) -> RoleKey {
    let id = scope.map_or(role_id, |project| Role::short_id(project, role_id));
    (scope.map(str::to_owned), id.to_owned())
}

fn assignment(
    scope: Option<&str>,
    principal_id: &str,
    assigned: &AssignedRole,
) -> FixtureAssignment {
    FixtureAssignment {
        project_id: scope.map(str::to_owned),
        principal_id: principal_id.to_owned(),
        role_id: assigned.role.id.clone(),
    }
}

/// Adds a user's assignment, unless it is only inherited from a group.
fn push_direct(
    inventory: &Inventory,
    assignments: &mut Vec<FixtureAssignment>,
    left_out: &mut Vec<String>,
    scope: Option<&str>,
    user_id: &str,
    assigned: &AssignedRole,
) {
    if let Some(groups) = inventory.inherited_from(scope, user_id, assigned) {
        let place = scope.map_or("the organization".to_owned(), |p| format!("project {p}"));
        left_out.push(format!(
            "role {} of {user_id} in {place}: inherited from {}",
            assigned.role.id,
            groups.join(", ")
        ));
        return;
    }
    assignments.push(assignment(scope, user_id, assigned));
}

fn sorted(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut items: Vec<String> = items.collect();
    items.sort();
    items
}

#[cfg(test)]
mod tests;

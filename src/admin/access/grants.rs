//! Grants: one role held by one user in one scope, through one source.

use std::collections::{BTreeMap, BTreeSet};

use crate::admin::export::join_role;
use crate::admin::inventory::{Inventory, ProjectContents};
use crate::api::{AssignedRole, Role};
use crate::permissions::PERMISSIONS;

use super::Access;

/// The organization, or one project.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ScopeRef {
    /// `None` for the organization.
    pub project_id: Option<String>,
    pub name: String,
}

impl ScopeRef {
    pub fn organization() -> ScopeRef {
        ScopeRef {
            project_id: None,
            name: "Organization".to_owned(),
        }
    }

    /// `organization` or `project`.
    pub fn kind(&self) -> &'static str {
        if self.project_id.is_some() {
            "project"
        } else {
            "organization"
        }
    }
}

/// A user who holds something.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Holder {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
}

/// Where a grant comes from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// The role is assigned to the user.
    Direct,
    /// The role is assigned to a group the user is a member of.
    Group { id: String, name: String },
    /// The role is the group's join role in the project.
    JoinRole { id: String, name: String },
    /// The user's role as a member of the project (`owner`, `member`).
    ProjectUserRole(String),
    /// The user is an owner of the organization.
    OrganizationOwner,
    /// The user's organization role other than owner (`reader`).
    OrganizationUserRole(String),
}

impl Source {
    /// The machine name: `direct`, `group`, `project_group_join_role`,
    /// `project_user_role`, `organization_owner`, `organization_user_role`.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Direct => "direct",
            Source::Group { .. } => "group",
            Source::JoinRole { .. } => "project_group_join_role",
            Source::ProjectUserRole(_) => "project_user_role",
            Source::OrganizationOwner => "organization_owner",
            Source::OrganizationUserRole(_) => "organization_user_role",
        }
    }

    /// The group a grant comes through, if any.
    pub fn group(&self) -> Option<(&str, &str)> {
        match self {
            Source::Group { id, name } | Source::JoinRole { id, name } => Some((id, name)),
            _ => None,
        }
    }

    /// For people: `group "Security"'s assignment`.
    pub fn describe(&self) -> String {
        match self {
            Source::Direct => "direct assignment".to_owned(),
            Source::Group { name, .. } => format!("group {name:?}'s assignment"),
            Source::JoinRole { name, .. } => format!("project group join role (group {name:?})"),
            Source::ProjectUserRole(role) => format!("project user role {role}"),
            Source::OrganizationOwner => "organization owner".to_owned(),
            Source::OrganizationUserRole(role) => format!("organization user role {role}"),
        }
    }
}

/// One role held by one user in one scope, through one source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub scope: ScopeRef,
    pub holder: Holder,
    /// As configurations write it: a predefined project role by its alias.
    pub role_id: String,
    pub role_name: String,
    pub permissions: BTreeSet<String>,
    pub source: Source,
}

impl Grant {
    pub fn holds(&self, permission: &str) -> bool {
        self.permissions.contains(permission)
    }

    fn sort_key(&self) -> impl Ord + '_ {
        (
            self.scope.project_id.is_some(),
            &self.scope.name,
            &self.scope.project_id,
            &self.holder.name,
            &self.holder.id,
            &self.role_id,
            &self.source,
        )
    }
}

/// Every grant of the inventory's users in the organization and in each
/// active project whose contents were read.
pub fn build(inventory: &Inventory) -> Access {
    let people = People::of(inventory);
    let mut grants = Vec::new();
    let org = ScopeRef::organization();
    let everything = all_permissions(inventory);
    for entry in &inventory.users {
        let holder = people.holder(&entry.user.id);
        grants.extend(
            organization_user_role(inventory, &entry.user.role, &everything).map(
                |(role_id, role_name, permissions, source)| Grant {
                    scope: org.clone(),
                    holder: holder.clone(),
                    role_id,
                    role_name,
                    permissions,
                    source,
                },
            ),
        );
        for assigned in &entry.org_roles {
            if inventory
                .inherited_from(None, &entry.user.id, assigned)
                .is_none()
            {
                grants.push(grant(&org, holder.clone(), assigned, Source::Direct));
            }
        }
    }
    let mut unread_groups = BTreeSet::new();
    for group in &inventory.groups {
        let source = Source::Group {
            id: group.group.id.clone(),
            name: group.group.name.clone(),
        };
        let members = people.members(&group.group.id, &mut unread_groups, &group.org_roles);
        for assigned in &group.org_roles {
            for member in &members {
                grants.push(grant(&org, member.clone(), assigned, source.clone()));
            }
        }
    }
    let mut projects = Vec::new();
    for entry in &inventory.projects {
        let Some(contents) = entry.contents.as_ref().filter(|_| !entry.is_archived()) else {
            continue;
        };
        let scope = ScopeRef {
            project_id: Some(entry.project.id.clone()),
            name: entry.project.name.clone(),
        };
        project_grants(&people, &scope, contents, &mut grants, &mut unread_groups);
        projects.push(scope);
    }
    grants.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    grants.dedup();
    projects.sort_by(|a, b| (&a.name, &a.project_id).cmp(&(&b.name, &b.project_id)));
    let mut memberships: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for group in &inventory.groups {
        for member in group.members.iter().flatten() {
            memberships
                .entry(member.id.clone())
                .or_default()
                .insert(group.group.name.clone());
        }
    }
    let mut users: Vec<Holder> = people.users.values().cloned().collect();
    users.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    Access {
        grants,
        users,
        projects,
        unread_groups: unread_groups.into_iter().collect(),
        memberships,
    }
}

fn project_grants(
    people: &People,
    scope: &ScopeRef,
    contents: &ProjectContents,
    grants: &mut Vec<Grant>,
    unread_groups: &mut BTreeSet<String>,
) {
    let project_id = scope.project_id.as_deref().expect("a project scope");
    let inventory = people.inventory;
    for group in &contents.groups {
        let group_id = &group.access.group_id;
        let name = people.group_name(group_id, &group.access.group_name);
        let joined = join_role(project_id, &group.roles);
        let members = people.members(group_id, unread_groups, &group.roles);
        for assigned in &group.roles {
            let short = Role::short_id(project_id, &assigned.role.id);
            let (id, name) = (group_id.clone(), name.clone());
            let source = if joined.as_deref() == Some(short) {
                Source::JoinRole { id, name }
            } else {
                Source::Group { id, name }
            };
            for member in &members {
                grants.push(grant(scope, member.clone(), assigned, source.clone()));
            }
        }
    }
    for user in &contents.users {
        let holder = people.holder(&user.access.id);
        let membership = format!("role-api-project-{}", user.access.role);
        if let Some(role) = contents
            .roles
            .iter()
            .find(|r| Role::short_id(project_id, &r.id) == membership)
        {
            grants.push(Grant {
                scope: scope.clone(),
                holder: holder.clone(),
                role_id: membership.clone(),
                role_name: role.name.clone(),
                permissions: role.permissions.iter().cloned().collect(),
                source: Source::ProjectUserRole(user.access.role.clone()),
            });
        }
        for assigned in &user.roles {
            if inventory
                .inherited_from(Some(project_id), &user.access.id, assigned)
                .is_none()
            {
                grants.push(grant(scope, holder.clone(), assigned, Source::Direct));
            }
        }
    }
}

/// The grant the organization user role gives: an owner holds every
/// permission (`everything`), another role the predefined organization role
/// of its name when the API lists one.
fn organization_user_role(
    inventory: &Inventory,
    user_role: &str,
    everything: &BTreeSet<String>,
) -> Option<(String, String, BTreeSet<String>, Source)> {
    let role_id = format!("role-api-organization-{user_role}");
    let listed = inventory.org_roles.iter().find(|r| r.id == role_id);
    if user_role == "owner" {
        let name = listed.map_or_else(|| "owner".to_owned(), |r| r.name.clone());
        return Some((role_id, name, everything.clone(), Source::OrganizationOwner));
    }
    let role = listed?;
    Some((
        role_id,
        role.name.clone(),
        role.permissions.iter().cloned().collect(),
        Source::OrganizationUserRole(user_role.to_owned()),
    ))
}

/// The catalogue and every permission any role read names.
fn all_permissions(inventory: &Inventory) -> BTreeSet<String> {
    let project_roles = inventory
        .projects
        .iter()
        .filter_map(|p| p.contents.as_ref())
        .flat_map(|c| c.roles.iter());
    PERMISSIONS
        .iter()
        .map(|p| p.to_string())
        .chain(
            inventory
                .org_roles
                .iter()
                .chain(project_roles)
                .flat_map(|r| r.permissions.iter().cloned()),
        )
        .collect()
}

fn grant(scope: &ScopeRef, holder: Holder, assigned: &AssignedRole, source: Source) -> Grant {
    let project = scope.project_id.as_deref();
    Grant {
        scope: scope.clone(),
        holder,
        role_id: match project {
            Some(p) => Role::short_id(p, &assigned.role.id).to_owned(),
            None => assigned.role.id.clone(),
        },
        role_name: assigned.role.name.clone(),
        permissions: assigned.role.permissions.iter().cloned().collect(),
        source,
    }
}

/// Users by ID, and groups' members.
struct People<'a> {
    inventory: &'a Inventory,
    users: BTreeMap<&'a str, Holder>,
}

impl<'a> People<'a> {
    fn of(inventory: &'a Inventory) -> People<'a> {
        let users = inventory
            .users
            .iter()
            .map(|u| {
                let holder = Holder {
                    id: u.user.id.clone(),
                    name: u.user.name.clone(),
                    email: u.user.email.clone(),
                };
                (u.user.id.as_str(), holder)
            })
            .collect();
        People { inventory, users }
    }

    /// The user, as listed; one the user list lacks (a member who left)
    /// by ID.
    fn holder(&self, user_id: &str) -> Holder {
        self.users.get(user_id).cloned().unwrap_or_else(|| Holder {
            id: user_id.to_owned(),
            name: user_id.to_owned(),
            email: None,
        })
    }

    fn group_name(&self, group_id: &str, fallback: &str) -> String {
        self.inventory
            .groups
            .iter()
            .find(|g| g.group.id == group_id)
            .map(|g| g.group.name.clone())
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| {
                if fallback.is_empty() {
                    group_id.to_owned()
                } else {
                    fallback.to_owned()
                }
            })
    }

    /// The group's members; a group with `roles` whose members were not
    /// read is noted in `unread`.
    fn members(
        &self,
        group_id: &str,
        unread: &mut BTreeSet<String>,
        roles: &[AssignedRole],
    ) -> Vec<Holder> {
        let members = self
            .inventory
            .groups
            .iter()
            .find(|g| g.group.id == group_id)
            .and_then(|g| g.members.as_ref());
        match members {
            Some(members) => members
                .iter()
                .map(|m| {
                    self.users
                        .get(m.id.as_str())
                        .cloned()
                        .unwrap_or_else(|| Holder {
                            id: m.id.clone(),
                            name: m.name.clone(),
                            email: m.email.clone(),
                        })
                })
                .collect(),
            None => {
                if !roles.is_empty() {
                    unread.insert(group_id.to_owned());
                }
                Vec::new()
            }
        }
    }
}

//! The objects of the export with their names: the selected active
//! projects, groups, users and custom roles, each named once (whether or
//! not its own resource type is written) so that composite names such as
//! `alpha_support` read the same everywhere.

use std::collections::HashMap;

use crate::admin::inventory::{GroupEntry, Inventory, ProjectContents, UserEntry};
use crate::admin::naming::{self, Candidate, fragment, join, slug};
use crate::api::{Project, Role, User};

pub(super) struct Entities<'a> {
    /// The whole inventory, for what the lists below do not answer.
    pub inventory: &'a Inventory,
    /// Selected active projects with their contents, by ID.
    pub projects: Vec<(&'a Project, &'a ProjectContents)>,
    /// Every group, by ID.
    pub groups: Vec<&'a GroupEntry>,
    pub org_roles: Vec<&'a Role>,
    /// Every user with their organization roles, by ID.
    pub users: Vec<&'a UserEntry>,
    users_by_id: HashMap<&'a str, &'a User>,
    project_names: HashMap<&'a str, String>,
    group_names: HashMap<&'a str, String>,
    user_names: HashMap<&'a str, String>,
    /// Final names of custom roles, by (project or none, role ID).
    role_names: HashMap<RoleKey, String>,
    /// Every role of each scope, by (project or none, role ID).
    roles: HashMap<RoleKey, &'a Role>,
}

impl<'a> Entities<'a> {
    pub(super) fn new(inventory: &'a Inventory) -> Entities<'a> {
        let mut projects: Vec<(&Project, &ProjectContents)> = inventory
            .projects
            .iter()
            .filter(|p| !p.is_archived())
            .filter_map(|p| p.contents.as_ref().map(|c| (&p.project, c)))
            .collect();
        projects.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let mut groups: Vec<&GroupEntry> = inventory.groups.iter().collect();
        groups.sort_by(|a, b| a.group.id.cmp(&b.group.id));
        let mut users: Vec<&UserEntry> = inventory.users.iter().collect();
        users.sort_by(|a, b| a.user.id.cmp(&b.user.id));
        let mut org_roles: Vec<&Role> = inventory.org_roles.iter().collect();
        org_roles.sort_by(|a, b| a.id.cmp(&b.id));

        let project_names = named(projects.iter().map(|(p, _)| {
            let base = fragment("project", &p.name, &p.id);
            (
                p.id.as_str(),
                vec![base.clone(), join(&[&base, &slug(&p.id)])],
            )
        }));
        let group_names = named(groups.iter().map(|g| {
            let base = fragment("group", &g.group.name, &g.group.id);
            (
                g.group.id.as_str(),
                vec![base.clone(), join(&[&base, &slug(&g.group.id)])],
            )
        }));
        let user_names = named(inventory.users.iter().map(|u| {
            let user = &u.user;
            let mut options = Vec::new();
            if let Some(email) = user.email.as_deref().filter(|e| !e.is_empty()) {
                let local = email.split('@').next().unwrap_or(email);
                options.push(fragment("user", local, &user.id));
                options.push(fragment("user", email, &user.id));
            } else {
                options.push(fragment("user", &user.name, &user.id));
            }
            options.push(fragment("user", &user.id, &user.id));
            (user.id.as_str(), options)
        }));

        let mut roles: HashMap<RoleKey, &Role> = HashMap::new();
        for role in &org_roles {
            roles.insert(role_key(None, &role.id), role);
        }
        for (project, contents) in &projects {
            for role in &contents.roles {
                roles.insert(role_key(Some(&project.id), &role.id), role);
            }
        }
        let mut role_names = named(
            org_roles
                .iter()
                .filter(|r| !r.is_predefined())
                .map(|r| (role_key(None, &r.id), vec![role_fragment(r)])),
        );
        let project_role_candidates = projects.iter().flat_map(|(project, contents)| {
            let project_name = &project_names[project.id.as_str()];
            contents
                .roles
                .iter()
                .filter(|r| !r.is_predefined())
                .map(move |r| {
                    let base = role_fragment(r);
                    (
                        role_key(Some(&project.id), &r.id),
                        vec![base.clone(), join(&[project_name, &base])],
                    )
                })
        });
        role_names.extend(named(project_role_candidates));

        Entities {
            inventory,
            projects,
            groups,
            org_roles,
            users_by_id: users
                .iter()
                .map(|u| (u.user.id.as_str(), &u.user))
                .collect(),
            users,
            project_names,
            group_names,
            user_names,
            role_names,
            roles,
        }
    }

    pub(super) fn project_name(&self, id: &str) -> &str {
        &self.project_names[id]
    }

    /// A group's name; a group the list did not have is named by its ID.
    pub(super) fn group_name(&self, id: &str) -> String {
        self.group_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| fragment("group", id, id))
    }

    pub(super) fn user_name(&self, id: &str) -> String {
        self.user_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| fragment("user", id, id))
    }

    /// The final name of a custom role.
    pub(super) fn role_name(&self, project: Option<&str>, role_id: &str) -> &str {
        &self.role_names[&role_key(project, role_id)]
    }

    /// The short name fragment of any role of a scope (e.g. `member`,
    /// `analyst`), for composite names.
    pub(super) fn role_fragment(&self, project: Option<&str>, role_id: &str) -> String {
        match self.roles.get(&role_key(project, role_id)) {
            Some(role) => role_fragment(role),
            None => {
                let short = project.map_or(role_id, |p| Role::short_id(p, role_id));
                let bare = short
                    .strip_prefix("role-api-project-")
                    .or_else(|| short.strip_prefix("role-api-organization-"))
                    .unwrap_or(short);
                fragment("role", bare, role_id)
            }
        }
    }

    /// The role with ID `role_id` in a scope, when that scope lists it.
    pub(super) fn role(&self, project: Option<&str>, role_id: &str) -> Option<&'a Role> {
        self.roles.get(&role_key(project, role_id)).copied()
    }

    /// How a user reads in comments: `Name <email>`, or what there is.
    pub(super) fn user_label(&self, id: &str) -> String {
        match self.users_by_id.get(id) {
            Some(user) => person_label(&user.name, user.email.as_deref(), id),
            None => id.to_owned(),
        }
    }

    pub(super) fn has_user(&self, id: &str) -> bool {
        self.users_by_id.contains_key(id)
    }
}

/// A role's scope (a project, or none for the organization) and ID.
type RoleKey = (Option<String>, String);

fn role_key(project: Option<&str>, role_id: &str) -> RoleKey {
    (project.map(str::to_owned), role_id.to_owned())
}

fn role_fragment(role: &Role) -> String {
    fragment("role", &role.name, &role.id)
}

/// Unique names for keyed candidates (see [`naming::assign`]). Candidates
/// are ordered by their key so that the result does not depend on the
/// API's list order.
fn named<K: Ord + Eq + std::hash::Hash + Clone + std::fmt::Debug>(
    candidates: impl Iterator<Item = (K, Vec<String>)>,
) -> HashMap<K, String> {
    let mut candidates: Vec<(K, Vec<String>)> = candidates.collect();
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    let names = naming::assign(
        &candidates
            .iter()
            .map(|(key, options)| Candidate::new(format!("{key:?}"), options.clone()))
            .collect::<Vec<_>>(),
    );
    candidates
        .into_iter()
        .map(|(key, _)| key)
        .zip(names)
        .collect()
}

/// How a person reads in comments: `Name <email>`, or what there is.
pub(super) fn person_label(name: &str, email: Option<&str>, id: &str) -> String {
    match (name, email.filter(|e| !e.is_empty())) {
        ("", Some(email)) => email.to_owned(),
        (name, Some(email)) => format!("{name} <{email}>"),
        ("", None) => id.to_owned(),
        (name, None) => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_read_as_name_and_email_or_what_there_is() {
        let label = |name, email| person_label(name, email, "user_1");
        assert_eq!(label("Ann", Some("a@x.com")), "Ann <a@x.com>");
        assert_eq!(label("", Some("a@x.com")), "a@x.com");
        assert_eq!(label("Ann", Some("")), "Ann");
        assert_eq!(label("", None), "user_1");
    }
}

//! Makes a snapshot loadable by the fake, entry by entry, and says what it
//! changed. The API may return what the fake's loader refuses: a user with
//! no name or email, predefined project roles
//! listed under one unscoped ID in every project. One such entry must not
//! cost the whole snapshot, so each is repaired (a missing name becomes the
//! ID, a missing email `<id>@invalid.example`, an unknown user role
//! `reader`) or left out with what depends on it, and listed.
//!
//! Whether a value loads is asked of the fake's loader itself
//! ([`Fixture::validate`] on a fixture holding only that value, see
//! [`probe`]): the loader stays the one authority on what a fixture may
//! hold, and the snapshot agrees with it as its rules change.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::api::Role;
use crate::fake::fixture::{Fixture, FixtureAssignment, FixtureRole};

/// The fake's answer for one value at a time.
mod probe {
    use crate::fake::PERMISSIONS;
    use crate::fake::fixture::{
        DEFAULT_TIME, Fixture, FixtureAssignment, FixtureGroup, FixtureProject,
        FixtureProjectGroup, FixtureProjectUser, FixtureRole, FixtureUser,
    };

    /// Values the loader takes, to test one other value next to them.
    pub const EMAIL: &str = "probe@invalid.example";
    const USER: &str = "user_probe";
    const GROUP: &str = "group_probe";
    const NAME: &str = "Probe";

    fn loads(fixture: Fixture) -> bool {
        fixture.validate().is_ok()
    }

    fn user(name: &str, email: &str, role: &str) -> FixtureUser {
        FixtureUser {
            id: USER.into(),
            name: name.into(),
            email: email.into(),
            role: role.into(),
            added_at: DEFAULT_TIME,
        }
    }

    fn group(name: &str) -> FixtureGroup {
        FixtureGroup {
            id: GROUP.into(),
            name: name.into(),
            created_at: DEFAULT_TIME,
            scim_managed: false,
            members: Vec::new(),
        }
    }

    fn project(id: &str, name: &str, user_role: &str) -> FixtureProject {
        FixtureProject {
            id: id.into(),
            name: name.into(),
            created_at: DEFAULT_TIME,
            archived_at: None,
            groups: vec![FixtureProjectGroup {
                group_id: GROUP.into(),
                created_at: DEFAULT_TIME,
            }],
            users: vec![FixtureProjectUser {
                user_id: USER.into(),
                role: user_role.into(),
                added_at: DEFAULT_TIME,
            }],
        }
    }

    /// A fixture of one user, group and project, all valid.
    fn base() -> Fixture {
        Fixture {
            users: vec![user(NAME, EMAIL, "reader")],
            groups: vec![group(NAME)],
            projects: vec![project("proj_probe", NAME, "member")],
            ..Fixture::default()
        }
    }

    pub fn user_name(name: &str) -> bool {
        loads(Fixture {
            users: vec![user(name, EMAIL, "reader")],
            ..base()
        })
    }

    pub fn email(email: &str) -> bool {
        loads(Fixture {
            users: vec![user(NAME, email, "reader")],
            ..base()
        })
    }

    pub fn user_role(role: &str) -> bool {
        loads(Fixture {
            users: vec![user(NAME, EMAIL, role)],
            ..base()
        })
    }

    pub fn group_name(name: &str) -> bool {
        loads(Fixture {
            groups: vec![group(name)],
            ..base()
        })
    }

    pub fn project_name(name: &str) -> bool {
        loads(Fixture {
            projects: vec![project("proj_probe", name, "member")],
            ..base()
        })
    }

    pub fn project_user_role(role: &str) -> bool {
        loads(Fixture {
            projects: vec![project("proj_probe", NAME, role)],
            ..base()
        })
    }

    fn role(name: &str, permission: &str) -> FixtureRole {
        FixtureRole {
            id: "role_probe".into(),
            name: name.into(),
            description: None,
            permissions: vec![permission.into()],
            project_id: None,
            predefined: false,
            created_at: DEFAULT_TIME,
            updated_at: None,
        }
    }

    pub fn role_name(name: &str) -> bool {
        loads(Fixture {
            roles: vec![role(name, PERMISSIONS[0])],
            ..base()
        })
    }

    pub fn permission(permission: &str) -> bool {
        loads(Fixture {
            roles: vec![role(NAME, permission)],
            ..base()
        })
    }

    /// True when the fake gives a scope (project `scope`, or the
    /// organization) that lists no predefined role a role `role_id` of its
    /// own catalogue.
    pub fn catalogue_has(scope: Option<&str>, role_id: &str) -> bool {
        let project_id = scope.unwrap_or("proj_probe");
        loads(Fixture {
            projects: vec![project(project_id, NAME, "member")],
            group_assignments: vec![FixtureAssignment {
                project_id: scope.map(str::to_owned),
                principal_id: GROUP.into(),
                role_id: role_id.into(),
            }],
            ..base()
        })
    }
}

/// `"x"`: an API value as it reads in a message (escaped, quoted).
fn quoted(value: &str) -> String {
    format!("{value:?}")
}

fn scope_label(scope: &Option<String>) -> String {
    match scope {
        Some(project) => format!("project {}", quoted(project)),
        None => "the organization".to_owned(),
    }
}

/// Repairs `fixture` so that the fake loads it; returns it with one line
/// per change.
pub(super) fn make_loadable(mut fixture: Fixture) -> (Fixture, Vec<String>) {
    let mut repairs = Vec::new();
    let f = &mut fixture;
    users(f, &mut repairs);
    groups(f, &mut repairs);
    projects(f, &mut repairs);
    let scopes = roles(f, &mut repairs);
    assignments(f, Principal::Group, &scopes, &mut repairs);
    assignments(f, Principal::User, &scopes, &mut repairs);
    (fixture, repairs)
}

/// Keeps the first entry of each ID; a blank or repeated one is left out.
fn unique_ids<T>(
    items: &mut Vec<T>,
    id: impl Fn(&T) -> &str,
    noun: &str,
    repairs: &mut Vec<String>,
) {
    let mut seen = HashSet::new();
    items.retain(|item| {
        let item_id = id(item);
        if item_id.trim().is_empty() {
            repairs.push(format!("a {noun} with an empty ID: left out"));
            false
        } else if !seen.insert(item_id.to_owned()) {
            repairs.push(format!(
                "{noun} {} listed twice: the second left out",
                quoted(item_id)
            ));
            false
        } else {
            true
        }
    });
}

/// An address the fake takes, from an ID: `<id>@invalid.example` (only
/// letters, digits, `.`, `_` and `-` of the ID).
fn stand_in_email(id: &str, taken: &HashSet<String>) -> String {
    let local: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect();
    let local = if local.is_empty() {
        "user".to_owned()
    } else {
        local
    };
    let mut email = format!("{local}@invalid.example");
    let mut n = 2;
    while taken.contains(&email) {
        email = format!("{local}-{n}@invalid.example");
        n += 1;
    }
    email
}

fn users(f: &mut Fixture, repairs: &mut Vec<String>) {
    unique_ids(&mut f.users, |u| &u.id, "user", repairs);
    let mut emails: HashSet<String> = HashSet::new();
    for user in &mut f.users {
        let id = quoted(&user.id);
        if !probe::user_name(&user.name) {
            repairs.push(format!(
                "user {id}: name {} written as its ID",
                quoted(&user.name)
            ));
            user.name = user.id.clone();
        }
        let lower = user.email.to_ascii_lowercase();
        if !probe::email(&user.email) || emails.contains(&lower) {
            let why = if user.email.is_empty() {
                "no email address".to_owned()
            } else if emails.contains(&lower) {
                format!("email {} shared with another user", quoted(&user.email))
            } else {
                format!("email {} not an address", quoted(&user.email))
            };
            let stand_in = stand_in_email(&user.id, &emails);
            repairs.push(format!("user {id}: {why}; written as {stand_in}"));
            user.email = stand_in;
        }
        emails.insert(user.email.to_ascii_lowercase());
        if !probe::user_role(&user.role) {
            repairs.push(format!(
                "user {id}: organization role {} written as \"reader\"",
                quoted(&user.role)
            ));
            user.role = "reader".to_owned();
        }
    }
}

fn groups(f: &mut Fixture, repairs: &mut Vec<String>) {
    unique_ids(&mut f.groups, |g| &g.id, "group", repairs);
    let users: HashSet<&str> = f.users.iter().map(|u| u.id.as_str()).collect();
    for group in &mut f.groups {
        let id = quoted(&group.id);
        if !probe::group_name(&group.name) {
            repairs.push(format!(
                "group {id}: name {} written as its ID",
                quoted(&group.name)
            ));
            group.name = group.id.clone();
        }
        let mut seen = HashSet::new();
        group.members.retain(|member| {
            if !users.contains(member.as_str()) {
                repairs.push(format!(
                    "member {} of group {id}: not among the users; left out",
                    quoted(member)
                ));
                return false;
            }
            seen.insert(member.clone())
        });
    }
}

fn projects(f: &mut Fixture, repairs: &mut Vec<String>) {
    unique_ids(&mut f.projects, |p| &p.id, "project", repairs);
    let users: HashSet<&str> = f.users.iter().map(|u| u.id.as_str()).collect();
    let groups: HashSet<&str> = f.groups.iter().map(|g| g.id.as_str()).collect();
    for project in &mut f.projects {
        let id = quoted(&project.id);
        if !probe::project_name(&project.name) {
            repairs.push(format!(
                "project {id}: name {} written as its ID",
                quoted(&project.name)
            ));
            project.name = project.id.clone();
        }
        let mut seen = HashSet::new();
        project.groups.retain(|access| {
            if !groups.contains(access.group_id.as_str()) {
                repairs.push(format!(
                    "group {} of project {id}: not among the groups; left out",
                    quoted(&access.group_id)
                ));
                return false;
            }
            seen.insert(access.group_id.clone())
        });
        let mut seen = HashSet::new();
        project.users.retain(|access| {
            if !users.contains(access.user_id.as_str()) {
                repairs.push(format!(
                    "user {} of project {id}: not among the users; left out",
                    quoted(&access.user_id)
                ));
                return false;
            }
            seen.insert(access.user_id.clone())
        });
        for access in &mut project.users {
            if !probe::project_user_role(&access.role) {
                repairs.push(format!(
                    "user {} of project {id}: project role {} written as \"member\"",
                    quoted(&access.user_id),
                    quoted(&access.role)
                ));
                access.role = "member".to_owned();
            }
        }
    }
}

/// The roles of each scope (`None` = the organization) after repair.
struct ScopeRoles {
    /// Role IDs each scope lists.
    listed: BTreeMap<Option<String>, BTreeSet<String>>,
    /// Scopes that list no predefined role: the fake adds its own.
    catalogue: HashSet<Option<String>>,
}

fn roles(f: &mut Fixture, repairs: &mut Vec<String>) -> ScopeRoles {
    let projects: HashSet<String> = f.projects.iter().map(|p| p.id.clone()).collect();
    f.roles.retain(|role| match &role.project_id {
        Some(project) if !projects.contains(project) => {
            repairs.push(format!(
                "role {}: its project {} is not in the snapshot; left out",
                quoted(&role.id),
                quoted(project)
            ));
            false
        }
        _ => true,
    });
    leave_out_unscoped_predefined(&mut f.roles, repairs);
    unique_ids(&mut f.roles, |r| &r.id, "role", repairs);
    f.roles.retain_mut(|role| repair_role(role, repairs));
    let mut names: HashSet<(Option<String>, String)> = HashSet::new();
    for role in &mut f.roles {
        if !names.insert((role.project_id.clone(), role.name.clone())) {
            let unique = format!("{} ({})", role.name, role.id);
            repairs.push(format!(
                "role {} in {}: name {} taken by another role there; written as {}",
                quoted(&role.id),
                scope_label(&role.project_id),
                quoted(&role.name),
                quoted(&unique)
            ));
            names.insert((role.project_id.clone(), unique.clone()));
            role.name = unique;
        }
    }

    let mut listed: BTreeMap<Option<String>, BTreeSet<String>> = BTreeMap::new();
    let mut with_predefined = HashSet::new();
    for role in &f.roles {
        listed
            .entry(role.project_id.clone())
            .or_default()
            .insert(role.id.clone());
        if role.predefined {
            with_predefined.insert(role.project_id.clone());
        }
    }
    let catalogue = std::iter::once(None)
        .chain(f.projects.iter().map(|p| Some(p.id.clone())))
        .filter(|scope| !with_predefined.contains(scope))
        .collect();
    ScopeRoles { listed, catalogue }
}

/// A scope's predefined roles, when one of them has an ID that is not
/// unique to the scope (a project's predefined roles listed under their
/// short ID, the same in every project): all of the scope's are left out,
/// and the fake gives the scope its own.
fn leave_out_unscoped_predefined(roles: &mut Vec<FixtureRole>, repairs: &mut Vec<String>) {
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for role in roles.iter() {
        *uses.entry(role.id.as_str()).or_default() += 1;
    }
    let mut shared: BTreeMap<Option<String>, BTreeSet<String>> = BTreeMap::new();
    for role in roles.iter().filter(|r| r.predefined) {
        let unscoped = role
            .project_id
            .as_deref()
            .is_some_and(|project| Role::short_id(project, &role.id) == role.id);
        if unscoped || uses[role.id.as_str()] > 1 {
            shared
                .entry(role.project_id.clone())
                .or_default()
                .insert(role.id.clone());
        }
    }
    for (scope, ids) in &shared {
        let ids: Vec<String> = ids.iter().map(|id| quoted(id)).collect();
        repairs.push(format!(
            "predefined roles of {}: left out, the fake gives the scope its own (the IDs {} \
             are not unique to it)",
            scope_label(scope),
            ids.join(", ")
        ));
    }
    roles.retain(|role| !(role.predefined && shared.contains_key(&role.project_id)));
}

/// Repairs one role; false when it must be left out.
fn repair_role(role: &mut FixtureRole, repairs: &mut Vec<String>) -> bool {
    let id = quoted(&role.id);
    if !probe::role_name(&role.name) {
        repairs.push(format!(
            "role {id}: name {} written as its ID",
            quoted(&role.name)
        ));
        role.name = role.id.clone();
    }
    let mut seen = HashSet::new();
    role.permissions.retain(|permission| {
        if !probe::permission(permission) {
            repairs.push(format!(
                "role {id}: permission {} is not one the fake takes; left out",
                quoted(permission)
            ));
            return false;
        }
        seen.insert(permission.clone())
    });
    if role
        .updated_at
        .is_some_and(|updated| updated < role.created_at)
    {
        repairs.push(format!(
            "role {id}: updated before it was created; written as updated when created"
        ));
        role.updated_at = None;
    }
    true
}

#[derive(Clone, Copy)]
enum Principal {
    Group,
    User,
}

impl Principal {
    fn noun(self) -> &'static str {
        match self {
            Principal::Group => "group",
            Principal::User => "user",
        }
    }
}

/// Keeps the assignments whose principal, project access and role are in
/// the snapshot, each role written as its scope lists it.
fn assignments(
    f: &mut Fixture,
    principal: Principal,
    scopes: &ScopeRoles,
    repairs: &mut Vec<String>,
) {
    let principals: HashSet<String> = match principal {
        Principal::Group => f.groups.iter().map(|g| g.id.clone()).collect(),
        Principal::User => f.users.iter().map(|u| u.id.clone()).collect(),
    };
    let access: HashMap<String, HashSet<String>> = f
        .projects
        .iter()
        .map(|p| {
            let ids = match principal {
                Principal::Group => p.groups.iter().map(|g| g.group_id.clone()).collect(),
                Principal::User => p.users.iter().map(|u| u.user_id.clone()).collect(),
            };
            (p.id.clone(), ids)
        })
        .collect();
    let list = match principal {
        Principal::Group => &mut f.group_assignments,
        Principal::User => &mut f.user_assignments,
    };
    let mut seen = HashSet::new();
    list.retain_mut(|a| {
        let problem = if !principals.contains(&a.principal_id) {
            Some(format!("the {} is not in the snapshot", principal.noun()))
        } else if let Some(project) = &a.project_id
            && !access
                .get(project)
                .is_some_and(|ids| ids.contains(&a.principal_id))
        {
            Some(format!(
                "the {} has no access to the project",
                principal.noun()
            ))
        } else if !resolve_role(a, scopes) {
            Some("the role is not in the snapshot".to_owned())
        } else {
            None
        };
        if let Some(problem) = problem {
            repairs.push(format!(
                "role {} of {} {} in {}: {problem}; left out",
                quoted(&a.role_id),
                principal.noun(),
                quoted(&a.principal_id),
                scope_label(&a.project_id)
            ));
            return false;
        }
        let role = a
            .project_id
            .as_deref()
            .map_or(a.role_id.as_str(), |project| {
                Role::short_id(project, &a.role_id)
            });
        seen.insert((
            a.project_id.clone(),
            a.principal_id.clone(),
            role.to_owned(),
        ))
    });
}

/// True when the assignment's role loads in its scope; it is then written
/// as the scope lists it (a predefined project role listed by its scoped ID
/// and assigned by its short one, or the other way round).
fn resolve_role(a: &mut FixtureAssignment, scopes: &ScopeRoles) -> bool {
    let listed = scopes.listed.get(&a.project_id);
    if listed.is_some_and(|ids| ids.contains(&a.role_id)) {
        return true;
    }
    if let Some(project) = a.project_id.as_deref() {
        let short = Role::short_id(project, &a.role_id);
        if let Some(id) = listed
            .into_iter()
            .flatten()
            .find(|id| Role::short_id(project, id) == short)
        {
            a.role_id = id.clone();
            return true;
        }
    }
    scopes.catalogue.contains(&a.project_id)
        && probe::catalogue_has(a.project_id.as_deref(), &a.role_id)
}

#[cfg(test)]
mod tests;

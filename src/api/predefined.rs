//! The catalogue of permissions this provider knows and the predefined roles
//! built from it (owner, member, viewer, in every project and in the
//! organization), with their IDs. The bundled fake serves exactly these; the
//! provider functions (`crate::functions`) name them. The real API may know
//! permissions added after this catalogue was written: nothing here rejects
//! a permission the API would accept, except the `permission()` function,
//! which is asked to.

/// Every permission in the catalogue (`crate::permissions`; the fake
/// rejects any other with `invalid_permission`).
pub use crate::permissions::PERMISSIONS;

/// Names of the predefined roles, in creation order, for both scopes.
pub const PREDEFINED_ROLE_NAMES: &[&str] = &["owner", "member", "viewer"];

/// Short (unscoped) id of a predefined project role, e.g. `role-api-project-member`.
pub fn project_role_alias(name: &str) -> String {
    format!("role-api-project-{name}")
}

/// Project-scoped id the API echoes back for a predefined project role.
pub fn project_role_id(name: &str, project_id: &str) -> String {
    format!("role-api-project-{name}__api-project__{project_id}")
}

/// Id of a predefined organization role.
pub fn org_role_id(name: &str) -> String {
    format!("role-api-organization-{name}")
}

/// Ids of the predefined roles of a scope (`None` = the organization), in
/// creation order.
pub fn predefined_role_ids(project_id: Option<&str>) -> Vec<String> {
    PREDEFINED_ROLE_NAMES
        .iter()
        .map(|name| match project_id {
            None => org_role_id(name),
            Some(p) => project_role_id(name, p),
        })
        .collect()
}

/// Maps the short id of a predefined project role (`role-api-project-member`)
/// to the id the API echoes for that project; other ids pass through.
pub fn canonical_role_id(project_id: Option<&str>, role_id: &str) -> String {
    if let Some(p) = project_id
        && let Some(name) = role_id.strip_prefix("role-api-project-")
        && PREDEFINED_ROLE_NAMES.contains(&name)
    {
        return project_role_id(name, p);
    }
    role_id.to_string()
}

/// Where a predefined role ID puts its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PredefinedScope<'a> {
    /// `role-api-organization-<name>`.
    Organization,
    /// `role-api-project-<name>`: the alias configurations write, the role
    /// of whichever project the assignment is in.
    AnyProject,
    /// `role-api-project-<name>__api-project__<project_id>`: the ID the API
    /// lists a project's predefined role under.
    Project(&'a str),
}

/// The predefined role an ID names, in any of its three forms; `None` for
/// any other ID (a custom role's, or an unknown name).
pub fn parse_predefined_role_id(role_id: &str) -> Option<(&str, PredefinedScope<'_>)> {
    let known = |name: &str| PREDEFINED_ROLE_NAMES.contains(&name);
    if let Some(name) = role_id.strip_prefix("role-api-organization-") {
        return known(name).then_some((name, PredefinedScope::Organization));
    }
    let rest = role_id.strip_prefix("role-api-project-")?;
    match rest.split_once("__api-project__") {
        Some((name, project)) if known(name) && !project.is_empty() && !project.contains('/') => {
            Some((name, PredefinedScope::Project(project)))
        }
        Some(_) => None,
        None => known(rest).then_some((rest, PredefinedScope::AnyProject)),
    }
}

/// Permissions usable inside a project (everything but org-wide audit logs).
fn project_scoped() -> impl Iterator<Item = &'static str> {
    PERMISSIONS
        .iter()
        .copied()
        .filter(|p| *p != "api.audit_logs.read")
}

/// Workload permissions: what a project member uses day to day.
fn workload(p: &str) -> bool {
    [
        "api.model.",
        "api.files.",
        "api.fine_tuning.",
        "api.batches.",
        "api.vector_stores.",
        "api.assistants.",
        "api.threads.",
        "api.evals.",
    ]
    .iter()
    .any(|prefix| p.starts_with(prefix))
}

fn is_read(p: &str) -> bool {
    p.ends_with(".read")
}

/// Permissions of a predefined project role.
pub fn project_role_permissions(name: &str) -> Vec<String> {
    let perms: Vec<&str> = match name {
        "owner" => project_scoped().collect(),
        "member" => project_scoped().filter(|p| workload(p)).collect(),
        _ => project_scoped()
            .filter(|p| workload(p) && is_read(p))
            .collect(),
    };
    perms.into_iter().map(String::from).collect()
}

/// Permissions of a predefined organization role.
pub fn org_role_permissions(name: &str) -> Vec<String> {
    let perms: Vec<&str> = match name {
        "owner" => PERMISSIONS.to_vec(),
        "member" => PERMISSIONS
            .iter()
            .copied()
            .filter(|p| workload(p) || *p == "api.groups.read" || *p == "api.roles.read")
            .collect(),
        _ => PERMISSIONS.iter().copied().filter(|p| is_read(p)).collect(),
    };
    perms.into_iter().map(String::from).collect()
}

pub fn is_known_permission(p: &str) -> bool {
    crate::permissions::is_known(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_real_api() {
        assert_eq!(project_role_alias("member"), "role-api-project-member");
        assert_eq!(
            project_role_id("member", "proj_alpha"),
            "role-api-project-member__api-project__proj_alpha"
        );
        assert_eq!(org_role_id("owner"), "role-api-organization-owner");
    }

    #[test]
    fn predefined_role_ids_are_recognised_in_every_form() {
        use PredefinedScope::*;
        assert_eq!(
            parse_predefined_role_id("role-api-organization-owner"),
            Some(("owner", Organization))
        );
        assert_eq!(
            parse_predefined_role_id("role-api-project-viewer"),
            Some(("viewer", AnyProject))
        );
        assert_eq!(
            parse_predefined_role_id(&project_role_id("member", "proj_a")),
            Some(("member", Project("proj_a")))
        );
        for other in [
            "role_01J1F8PROJ",
            "role-api-project-admin",
            "role-api-organization-",
            "role-api-project-member__api-project__",
            "role-api-project-member__other__proj_a",
            "role-api-project-member__api-project__a/b",
        ] {
            assert_eq!(parse_predefined_role_id(other), None, "{other}");
        }
    }

    #[test]
    fn predefined_permissions_are_known_and_nested() {
        for name in PREDEFINED_ROLE_NAMES {
            for p in project_role_permissions(name)
                .iter()
                .chain(org_role_permissions(name).iter())
            {
                assert!(is_known_permission(p), "{p}");
            }
        }
        let owner = project_role_permissions("owner");
        let member = project_role_permissions("member");
        let viewer = project_role_permissions("viewer");
        assert!(member.iter().all(|p| owner.contains(p)));
        assert!(viewer.iter().all(|p| member.contains(p)));
        assert!(!viewer.is_empty());
    }
}

//! Roles: predefined and custom, per project and for the organization.

use std::time::Instant;

use serde::Serialize;
use serde_json::Map;

use super::{ORG_RESOURCE, PROJECT_RESOURCE, Scope, Store, now, readable};
use crate::fake::catalog::{self, PREDEFINED_ROLE_NAMES};
use crate::fake::errors::ApiError;
use crate::fake::fixture::FixtureRole;
use crate::fake::requests::{CreateRole, UpdateRole};
use crate::fake::wire::{AssignedRole, RoleDeleted, RoleObject};

/// Who created roles through the API, and who created the predefined ones.
const FAKE_ACTOR: &str = "user_fake_admin";
const OPENAI_ACTOR: &str = "openai";

/// A role as the test handle sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FakeRole {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub permissions: Vec<String>,
    pub resource_type: String,
    pub predefined_role: bool,
    pub project_id: Option<String>,
}

#[derive(Clone)]
pub(super) struct RoleRec {
    pub(super) id: String,
    name: String,
    description: Option<String>,
    /// As the client sent them; sorted only on the way out.
    permissions: Vec<String>,
    pub(super) project_id: Option<String>,
    pub(super) predefined: bool,
    created_at: i64,
    updated_at: i64,
    created_by: &'static str,
    /// Until then, reads do not see it (see `Rules::read_after_write_delay`).
    hidden_until: Option<Instant>,
}

fn sorted_unique(perms: &[String]) -> Vec<String> {
    let mut out = perms.to_vec();
    out.sort();
    out.dedup();
    out
}

impl RoleRec {
    /// The predefined roles of one scope (`owner`, `member`, `viewer`).
    pub(super) fn predefined(scope: Scope, created_at: i64) -> Vec<RoleRec> {
        PREDEFINED_ROLE_NAMES
            .iter()
            .map(|name| {
                let (id, permissions) = match scope {
                    Scope::Org => (
                        catalog::org_role_id(name),
                        catalog::org_role_permissions(name),
                    ),
                    Scope::Project(p) => (
                        catalog::project_role_id(name, p),
                        catalog::project_role_permissions(name),
                    ),
                };
                RoleRec {
                    id,
                    name: name.to_string(),
                    description: Some(format!("Predefined {name} role")),
                    permissions,
                    project_id: scope.project().map(String::from),
                    predefined: true,
                    created_at,
                    updated_at: created_at,
                    created_by: OPENAI_ACTOR,
                    hidden_until: None,
                }
            })
            .collect()
    }

    /// A role listed in a fixture, kept verbatim.
    pub(super) fn from_fixture(r: &FixtureRole) -> RoleRec {
        RoleRec {
            id: r.id.clone(),
            name: r.name.clone(),
            description: r.description.clone(),
            permissions: r.permissions.clone(),
            project_id: r.project_id.clone(),
            predefined: r.predefined,
            created_at: r.created_at,
            updated_at: r.updated_at(),
            created_by: if r.predefined {
                OPENAI_ACTOR
            } else {
                FAKE_ACTOR
            },
            hidden_until: None,
        }
    }

    pub(super) fn resource_type(&self) -> &'static str {
        if self.project_id.is_some() {
            PROJECT_RESOURCE
        } else {
            ORG_RESOURCE
        }
    }

    pub(super) fn object(&self) -> RoleObject {
        RoleObject {
            object: "role",
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            permissions: sorted_unique(&self.permissions),
            resource_type: self.resource_type().to_string(),
            predefined_role: self.predefined,
        }
    }

    pub(super) fn assigned(&self) -> AssignedRole {
        AssignedRole {
            id: self.id.clone(),
            name: self.name.clone(),
            permissions: sorted_unique(&self.permissions),
            resource_type: self.resource_type().to_string(),
            predefined_role: self.predefined,
            description: self.description.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            created_by: self.created_by.to_string(),
            created_by_user_obj: None,
            metadata: Map::new(),
            assignment_sources: None,
        }
    }

    pub(super) fn fake(&self) -> FakeRole {
        FakeRole {
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            permissions: sorted_unique(&self.permissions),
            resource_type: self.resource_type().to_string(),
            predefined_role: self.predefined,
            project_id: self.project_id.clone(),
        }
    }

    fn in_scope(&self, scope: Scope) -> bool {
        self.project_id.as_deref() == scope.project()
    }

    fn readable(&self) -> bool {
        readable(self.hidden_until)
    }
}

pub(super) fn role_not_found(role_id: &str) -> ApiError {
    ApiError::not_found(format!("Role with id '{role_id}' not found."))
        .with_param("role_id")
        .with_code("role_not_found")
}

/// `known` accepts a permission the catalogue does not list (one a loaded
/// fixture uses). An empty list is valid: the real API takes a role without
/// permissions (the official provider tests one live).
fn validate_permissions(perms: &[String], known: impl Fn(&str) -> bool) -> Result<(), ApiError> {
    if let Some(bad) = perms
        .iter()
        .find(|p| !catalog::is_known_permission(p) && !known(p))
    {
        return Err(ApiError::bad_request(format!(
            "Invalid permission '{bad}'. See the roles documentation for the list of \
             valid permissions."
        ))
        .with_param("permissions")
        .with_code("invalid_permission"));
    }
    Ok(())
}

fn validate_name(name: &str) -> Result<(), ApiError> {
    if name.trim().is_empty() {
        return Err(ApiError::bad_request("'role_name' must not be empty.")
            .with_param("role_name")
            .with_code("invalid_value"));
    }
    Ok(())
}

fn predefined_immutable(role_id: &str) -> ApiError {
    ApiError::bad_request(format!(
        "Role '{role_id}' is a predefined role and cannot be modified or deleted."
    ))
    .with_param("role_id")
    .with_code("predefined_role_immutable")
}

fn wrong_scope(role_id: &str, resource_type: &str, scope: Scope) -> ApiError {
    let target = match scope {
        Scope::Org => "an organization".to_string(),
        Scope::Project(p) => format!("project '{p}'"),
    };
    ApiError::bad_request(format!(
        "Role '{role_id}' has resource type '{resource_type}' and cannot be assigned in \
         {target}."
    ))
    .with_param("role_id")
    .with_code("invalid_role_scope")
}

impl Store {
    /// Maps the short predefined alias (`role-api-project-member`) to the id
    /// the API echoes for this project; other ids pass through.
    pub(super) fn canonical_role_id(scope: Scope, role_id: &str) -> String {
        catalog::canonical_role_id(scope.project(), role_id)
    }

    pub(super) fn role_index(&self, role_id: &str) -> Option<usize> {
        self.roles.iter().position(|r| r.id == role_id)
    }

    /// A role of exactly this scope (404 for other projects and other scopes).
    fn scoped_role_index(&self, scope: Scope, role_id: &str) -> Result<usize, ApiError> {
        let id = Self::canonical_role_id(scope, role_id);
        self.role_index(&id)
            .filter(|&i| self.roles[i].in_scope(scope))
            .ok_or_else(|| role_not_found(role_id))
    }

    /// A role that may be assigned in `scope`: 404 if it does not exist (or
    /// belongs to another project), 400 if it is of the wrong kind.
    pub(super) fn assignable_role(
        &self,
        scope: Scope,
        role_id: &str,
    ) -> Result<&RoleRec, ApiError> {
        let id = Self::canonical_role_id(scope, role_id);
        let Some(role) = self.role_index(&id).map(|i| &self.roles[i]) else {
            if scope == Scope::Org && role_id.starts_with("role-api-project-") {
                return Err(wrong_scope(role_id, PROJECT_RESOURCE, scope));
            }
            return Err(role_not_found(role_id));
        };
        match (scope, role.project_id.as_deref()) {
            (Scope::Org, None) => Ok(role),
            (Scope::Project(p), Some(rp)) if p == rp => Ok(role),
            (Scope::Project(_), Some(_)) => Err(role_not_found(role_id)),
            _ => Err(wrong_scope(role_id, role.resource_type(), scope)),
        }
    }

    fn name_taken(&self, scope: Scope, name: &str, except: Option<&str>) -> bool {
        self.roles
            .iter()
            .any(|r| r.in_scope(scope) && r.name == name && Some(r.id.as_str()) != except)
    }

    fn duplicate_name(&self, name: &str) -> ApiError {
        ApiError::conflict(
            self.rules.duplicate_name_status,
            format!("A role named '{name}' already exists in this scope."),
        )
        .with_param("role_name")
        .with_code("role_name_taken")
    }

    /// Drops a role and every assignment of it.
    fn remove_role(&mut self, idx: usize) -> RoleRec {
        let role = self.roles.remove(idx);
        self.assignments.retain(|a| a.role_id != role.id);
        role
    }

    pub fn list_roles(&self, scope: Scope) -> Result<Vec<RoleObject>, ApiError> {
        self.check_scope(scope)?;
        Ok(self
            .roles
            .iter()
            .filter(|r| r.in_scope(scope) && r.readable())
            .map(RoleRec::object)
            .collect())
    }

    /// One role of the scope; a predefined project role may be named by its alias.
    pub fn get_role(&self, scope: Scope, role_id: &str) -> Result<RoleObject, ApiError> {
        self.check_scope(scope)?;
        let role = &self.roles[self.scoped_role_index(scope, role_id)?];
        if !role.readable() {
            return Err(role_not_found(role_id));
        }
        Ok(role.object())
    }

    pub fn create_role(&mut self, scope: Scope, req: CreateRole) -> Result<RoleObject, ApiError> {
        self.check_writable_scope(scope)?;
        validate_name(&req.role_name)?;
        validate_permissions(&req.permissions, |p| self.fixture_permissions.contains(p))?;
        if self.name_taken(scope, &req.role_name, None) {
            return Err(self.duplicate_name(&req.role_name));
        }
        let ts = now();
        let id = match scope.project() {
            Some(project_id) => self.new_project_role_id(project_id),
            None => self.new_id("role"),
        };
        let role = RoleRec {
            id,
            name: req.role_name,
            description: req.description,
            permissions: req.permissions,
            project_id: scope.project().map(String::from),
            predefined: false,
            created_at: ts,
            updated_at: ts,
            created_by: FAKE_ACTOR,
            hidden_until: self.hidden_until(),
        };
        let out = role.object();
        self.roles.push(role);
        Ok(out)
    }

    pub fn update_role(
        &mut self,
        scope: Scope,
        role_id: &str,
        req: UpdateRole,
    ) -> Result<RoleObject, ApiError> {
        self.check_writable_scope(scope)?;
        let idx = self.scoped_role_index(scope, role_id)?;
        if self.roles[idx].predefined {
            return Err(predefined_immutable(role_id));
        }
        if let Some(name) = &req.role_name {
            validate_name(name)?;
            if self.name_taken(scope, name, Some(&self.roles[idx].id)) {
                return Err(self.duplicate_name(name));
            }
        }
        if let Some(perms) = &req.permissions {
            validate_permissions(perms, |p| self.fixture_permissions.contains(p))?;
        }
        let role = &mut self.roles[idx];
        if let Some(name) = req.role_name {
            role.name = name;
        }
        if let Some(perms) = req.permissions {
            role.permissions = perms;
        }
        if let Some(description) = req.description {
            role.description = description;
        }
        role.updated_at = now();
        Ok(role.object())
    }

    pub fn delete_role(&mut self, scope: Scope, role_id: &str) -> Result<RoleDeleted, ApiError> {
        self.check_writable_scope(scope)?;
        let idx = self.scoped_role_index(scope, role_id)?;
        if self.roles[idx].predefined {
            return Err(predefined_immutable(role_id));
        }
        let role = self.remove_role(idx);
        Ok(RoleDeleted::new(role.id))
    }

    // ----- out-of-band access for tests (FakeHandle) ----------------------

    pub fn custom_roles(&self, scope: Scope) -> Vec<FakeRole> {
        self.roles
            .iter()
            .filter(|r| !r.predefined && r.in_scope(scope))
            .map(RoleRec::fake)
            .collect()
    }

    /// Deletes a custom project role as if someone did it in the dashboard.
    pub fn force_delete_project_role(&mut self, project_id: &str, role_id: &str) -> bool {
        match self.scoped_role_index(Scope::Project(project_id), role_id) {
            Ok(idx) if !self.roles[idx].predefined => {
                self.remove_role(idx);
                true
            }
            _ => false,
        }
    }

    /// Replaces a custom project role's permissions without validation (drift).
    pub fn force_set_permissions(
        &mut self,
        project_id: &str,
        role_id: &str,
        perms: &[&str],
    ) -> bool {
        match self.scoped_role_index(Scope::Project(project_id), role_id) {
            Ok(idx) if !self.roles[idx].predefined => {
                let role = &mut self.roles[idx];
                role.permissions = perms.iter().map(|p| p.to_string()).collect();
                role.updated_at = now();
                true
            }
            _ => false,
        }
    }

    /// Creates a custom project role directly (e.g. for import tests).
    pub fn insert_project_role(
        &mut self,
        project_id: &str,
        name: &str,
        perms: &[&str],
    ) -> Result<FakeRole, ApiError> {
        let scope = Scope::Project(project_id);
        self.check_writable_scope(scope)?;
        if self.name_taken(scope, name, None) {
            return Err(self.duplicate_name(name));
        }
        let ts = now();
        let role = RoleRec {
            id: self.new_project_role_id(project_id),
            name: name.to_string(),
            description: None,
            permissions: perms.iter().map(|p| p.to_string()).collect(),
            project_id: Some(project_id.to_string()),
            predefined: false,
            created_at: ts,
            updated_at: ts,
            created_by: FAKE_ACTOR,
            // Out-of-band records stand for things that existed before.
            hidden_until: None,
        };
        let out = role.fake();
        self.roles.push(role);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::Rules;
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn fixtures() {
        let s = store();
        let alpha = s.list_roles(ALPHA).unwrap();
        assert_eq!(alpha.len(), 3);
        assert_eq!(
            alpha[1].id,
            "role-api-project-member__api-project__proj_alpha"
        );
        assert!(
            alpha
                .iter()
                .all(|r| r.predefined_role && r.resource_type == "api.project")
        );
        let org = s.list_roles(Scope::Org).unwrap();
        assert_eq!(org[0].id, "role-api-organization-owner");
        assert_eq!(
            s.list_roles(LEGACY).unwrap().len(),
            3,
            "archived projects keep theirs"
        );
        assert!(s.custom_roles(ALPHA).is_empty());
        assert_eq!(
            s.list_roles(Scope::Project("nope")).unwrap_err().status,
            404
        );
    }

    #[test]
    fn retrieve_by_id_or_alias() {
        let mut s = store();
        let member = s.get_role(ALPHA, "role-api-project-member").unwrap();
        assert_eq!(
            member.id,
            "role-api-project-member__api-project__proj_alpha"
        );
        assert_eq!(s.get_role(ALPHA, &member.id).unwrap(), member);
        assert_eq!(
            s.get_role(Scope::Org, "role-api-organization-viewer")
                .unwrap()
                .resource_type,
            "api.organization"
        );
        let custom = create(&mut s, BETA, "b", &["api.files.read"]);
        assert_eq!(s.get_role(BETA, &custom.id).unwrap(), custom);
        for (scope, id) in [
            (ALPHA, custom.id.as_str()),
            (Scope::Org, custom.id.as_str()),
            (Scope::Org, "role-api-project-member"),
            (ALPHA, "role-api-organization-owner"),
            (ALPHA, "role_nope"),
        ] {
            let err = s.get_role(scope, id).unwrap_err();
            assert_eq!(
                (err.status, err.code.as_deref()),
                (404, Some("role_not_found")),
                "{scope:?} {id}"
            );
        }
        assert_eq!(
            s.get_role(Scope::Project("proj_nope"), "x")
                .unwrap_err()
                .code
                .as_deref(),
            Some("project_not_found")
        );
    }

    #[test]
    fn created_roles_are_read_late_when_configured() {
        let mut s = Store::new(Rules {
            read_after_write_delay: Duration::from_secs(60),
            ..Rules::default()
        });
        let r = create(&mut s, ALPHA, "late", &["api.files.read"]);
        assert_eq!(s.get_role(ALPHA, &r.id).unwrap_err().status, 404);
        assert_eq!(s.list_roles(ALPHA).unwrap().len(), 3);
        // Writes see it at once.
        assert!(s.delete_role(ALPHA, &r.id).is_ok());
    }

    #[test]
    fn archived_projects_refuse_role_writes() {
        let mut s = store();
        let req = CreateRole {
            role_name: "r".into(),
            permissions: vec!["api.files.read".into()],
            description: None,
        };
        let err = s.create_role(LEGACY, req).unwrap_err();
        assert_eq!(err.code.as_deref(), Some("project_archived"));
        let err = s
            .update_role(LEGACY, "role-api-project-owner", UpdateRole::default())
            .unwrap_err();
        assert_eq!(err.code.as_deref(), Some("project_archived"));
        let err = s.delete_role(LEGACY, "role-api-project-owner").unwrap_err();
        assert_eq!(err.code.as_deref(), Some("project_archived"));
        assert!(s.insert_project_role("proj_legacy", "x", &[]).is_err());
        assert!(s.get_role(LEGACY, "role-api-project-owner").is_ok());
    }

    #[test]
    fn permissions_are_validated_and_returned_sorted() {
        let mut s = store();
        let r = create(
            &mut s,
            ALPHA,
            "r",
            &["api.model.request", "api.files.read", "api.model.request"],
        );
        assert_eq!(r.permissions, vec!["api.files.read", "api.model.request"]);
        assert!(r.id.starts_with("role_proj_alpha~"), "{}", r.id);
        let bad = CreateRole {
            role_name: "x".into(),
            permissions: vec!["api.nope".into()],
            description: None,
        };
        let err = s.create_role(ALPHA, bad.clone()).unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref()),
            (400, Some("invalid_permission"))
        );
        assert!(err.message.contains("api.nope"));
        // No permission at all is valid, as in the real API.
        let empty = CreateRole {
            permissions: vec![],
            ..bad
        };
        assert!(s.create_role(ALPHA, empty).unwrap().permissions.is_empty());
    }

    #[test]
    fn duplicate_names_per_scope() {
        let mut s = store();
        create(&mut s, ALPHA, "dup", &["api.files.read"]);
        create(&mut s, BETA, "dup", &["api.files.read"]);
        create(&mut s, Scope::Org, "dup", &["api.files.read"]);
        let req = CreateRole {
            role_name: "dup".into(),
            permissions: vec!["api.files.read".into()],
            description: None,
        };
        let err = s.create_role(ALPHA, req.clone()).unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref()),
            (400, Some("role_name_taken"))
        );
        assert_eq!(err.param.as_deref(), Some("role_name"));
        // Predefined names are taken too.
        let owner = CreateRole {
            role_name: "owner".into(),
            ..req.clone()
        };
        assert_eq!(s.create_role(ALPHA, owner).unwrap_err().status, 400);

        let mut s409 = Store::new(Rules {
            duplicate_name_status: 409,
            ..Rules::default()
        });
        create(&mut s409, ALPHA, "dup", &["api.files.read"]);
        assert_eq!(s409.create_role(ALPHA, req).unwrap_err().status, 409);
    }

    #[test]
    fn update_replaces_and_clears() {
        let mut s = store();
        let r = create(&mut s, ALPHA, "r", &["api.files.read"]);
        let other = create(&mut s, ALPHA, "other", &["api.files.read"]);
        let upd =
            |perms: Option<&[&str]>, desc: Option<Option<&str>>, name: Option<&str>| UpdateRole {
                role_name: name.map(String::from),
                permissions: perms.map(|p| p.iter().map(|x| x.to_string()).collect()),
                description: desc.map(|d| d.map(String::from)),
            };
        let u = s
            .update_role(
                ALPHA,
                &r.id,
                upd(Some(&["api.evals.write"]), Some(Some("d")), None),
            )
            .unwrap();
        assert_eq!(u.permissions, vec!["api.evals.write"]);
        assert_eq!(u.description.as_deref(), Some("d"));
        let u = s
            .update_role(ALPHA, &r.id, upd(None, Some(None), Some("r2")))
            .unwrap();
        assert_eq!((u.description, u.name.as_str()), (None, "r2"));
        // Renaming to itself is fine; to a sibling is a duplicate.
        assert!(
            s.update_role(ALPHA, &r.id, upd(None, None, Some("r2")))
                .is_ok()
        );
        let err = s
            .update_role(ALPHA, &r.id, upd(None, None, Some("other")))
            .unwrap_err();
        assert_eq!(err.code.as_deref(), Some("role_name_taken"));
        assert_eq!(
            s.update_role(BETA, &r.id, upd(None, None, None))
                .unwrap_err()
                .status,
            404
        );
        let err = s
            .update_role(ALPHA, "role-api-project-owner", upd(None, None, None))
            .unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref()),
            (400, Some("predefined_role_immutable"))
        );
        assert_eq!(s.delete_role(ALPHA, &other.id).unwrap().id, other.id);
        assert_eq!(s.delete_role(ALPHA, &other.id).unwrap_err().status, 404);
        let err = s
            .delete_role(Scope::Org, "role-api-organization-owner")
            .unwrap_err();
        assert_eq!(err.status, 400);
    }

    #[test]
    fn out_of_band_role_edits() {
        let mut s = store();
        let r = s
            .insert_project_role("proj_alpha", "imported", &["api.files.read"])
            .unwrap();
        assert_eq!(s.custom_roles(ALPHA), vec![r.clone()]);
        assert!(s.force_assign(ALPHA, g("group_support"), &r.id));
        assert!(s.force_set_permissions("proj_alpha", &r.id, &["api.evals.read"]));
        assert_eq!(s.custom_roles(ALPHA)[0].permissions, vec!["api.evals.read"]);
        assert!(!s.force_set_permissions("proj_beta", &r.id, &["api.evals.read"]));
        assert!(s.force_delete_project_role("proj_alpha", &r.id));
        assert!(
            s.group_assignments().is_empty(),
            "its assignments went with it"
        );
        assert!(!s.force_delete_project_role("proj_alpha", "role-api-project-owner"));
    }

    #[test]
    fn ids_stay_unique_across_reset() {
        let mut s = store();
        let a = create(&mut s, ALPHA, "r", &["api.files.read"]);
        s.reset();
        assert!(s.custom_roles(ALPHA).is_empty());
        let b = create(&mut s, ALPHA, "r", &["api.files.read"]);
        assert_ne!(a.id, b.id);
    }
}

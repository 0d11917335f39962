//! Role assignments: roles given to groups and users, in a project or in
//! the whole organization. Groups and users follow the same rules; only
//! names, messages and wire objects differ.

use std::time::Instant;

use serde::Serialize;

use super::roles::role_not_found;
use super::{Scope, Store, readable};
use crate::fake::collections::Entry;
use crate::fake::errors::ApiError;
use crate::fake::requests::AssignRole;
use crate::fake::wire::{
    AssignedRole, AssignmentDeleted, PrincipalObject, RoleAssignmentObject, UserObject,
};

/// A group role assignment; `project_id` is `None` at organization level.
/// `role_id` is always the canonical (project-scoped) id, never an alias.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FakeAssignment {
    pub project_id: Option<String>,
    pub group_id: String,
    pub role_id: String,
}

/// A user role assignment, like [`FakeAssignment`] but for a user.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FakeUserAssignment {
    pub project_id: Option<String>,
    pub user_id: String,
    pub role_id: String,
}

/// What an assignment gives a role to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Group,
    User,
}

/// The names a kind goes by in paths, messages and wire objects.
pub struct KindNames {
    /// `group` or `user`, as in messages and error codes.
    pub noun: &'static str,
    pub title: &'static str,
    /// The path parameter (and error `param`) naming the principal.
    pub param: &'static str,
    /// `object` of what an assignment returns.
    pub assignment_object: &'static str,
    /// `object` of what an unassignment returns.
    pub deleted_object: &'static str,
}

impl Kind {
    pub fn names(self) -> &'static KindNames {
        match self {
            Kind::Group => &KindNames {
                noun: "group",
                title: "Group",
                param: "group_id",
                assignment_object: "group.role",
                deleted_object: "group.role.deleted",
            },
            Kind::User => &KindNames {
                noun: "user",
                title: "User",
                param: "user_id",
                assignment_object: "user.role",
                deleted_object: "user.role.deleted",
            },
        }
    }
}

/// The principal an assignment names: a group or a user, by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Principal<'a> {
    pub kind: Kind,
    pub id: &'a str,
}

impl<'a> Principal<'a> {
    pub fn group(id: &'a str) -> Self {
        Principal {
            kind: Kind::Group,
            id,
        }
    }

    pub fn user(id: &'a str) -> Self {
        Principal {
            kind: Kind::User,
            id,
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub(super) struct AssignRec {
    pub(super) project_id: Option<String>,
    pub(super) kind: Kind,
    pub(super) principal_id: String,
    pub(super) role_id: String,
    hidden_until: Option<Instant>,
}

impl AssignRec {
    fn readable(&self) -> bool {
        readable(self.hidden_until)
    }

    fn is(&self, scope: Scope, principal: Principal) -> bool {
        self.project_id.as_deref() == scope.project() && self.of(principal)
    }

    pub(super) fn of(&self, principal: Principal) -> bool {
        self.kind == principal.kind && self.principal_id == principal.id
    }
}

/// How a service account shows as the user of a role assignment: the
/// `User` schema allows a null email, and service accounts have none.
fn service_account_user(account: &Entry) -> UserObject {
    UserObject {
        object: "organization.user",
        id: account.id().to_string(),
        name: account.str("name").to_string(),
        email: None,
        role: account.str("role").to_string(),
        added_at: account.object["created_at"].as_i64().unwrap_or_default(),
    }
}

fn assignment_not_found(principal: Principal, role_id: &str) -> ApiError {
    ApiError::not_found(format!(
        "Role '{role_id}' is not assigned to {} '{}'.",
        principal.kind.names().noun,
        principal.id
    ))
    .with_param("role_id")
    .with_code("assignment_not_found")
}

fn not_in_project(principal: Principal, project_id: &str) -> ApiError {
    let names = principal.kind.names();
    ApiError::bad_request(format!(
        "{} '{}' is not a member of project '{project_id}'. Add the {} to the project \
         before assigning it a project role.",
        names.title, principal.id, names.noun,
    ))
    .with_param(names.param)
    .with_code(&format!("{}_not_in_project", names.noun))
}

impl Store {
    /// The wire object of a principal; 404 when it does not exist.
    fn principal_object(
        &self,
        scope: Scope,
        principal: Principal,
    ) -> Result<PrincipalObject, ApiError> {
        Ok(match principal.kind {
            Kind::Group => PrincipalObject::Group(self.group(principal.id)?.summary()),
            Kind::User => match self.project_service_account(scope, principal.id) {
                Some(account) => PrincipalObject::User(service_account_user(account)),
                None => PrincipalObject::User(self.user(principal.id)?.object()),
            },
        })
    }

    /// A service account of the scope's project with this id: a user-kind
    /// principal of that project only (see `collections::service_accounts`).
    fn project_service_account(&self, scope: Scope, id: &str) -> Option<&Entry> {
        self.service_account(scope.project()?, id)
    }

    /// Checks project and principal exist; for a project, also membership.
    fn check_principal(&self, scope: Scope, principal: Principal) -> Result<bool, ApiError> {
        let project = scope.project().map(|p| self.project(p)).transpose()?;
        if principal.kind == Kind::User
            && self.project_service_account(scope, principal.id).is_some()
        {
            return Ok(true);
        }
        match principal.kind {
            Kind::Group => self.group(principal.id).map(|_| ())?,
            Kind::User => self.user(principal.id).map(|_| ())?,
        }
        Ok(project.is_none_or(|p| p.has_member(principal)))
    }

    fn assignment_index(&self, scope: Scope, principal: Principal, role_id: &str) -> Option<usize> {
        self.assignments
            .iter()
            .position(|a| a.is(scope, principal) && a.role_id == role_id)
    }

    /// Assigns a role; the flag says whether a new assignment was created.
    pub fn assign(
        &mut self,
        scope: Scope,
        principal: Principal,
        req: AssignRole,
    ) -> Result<(RoleAssignmentObject, bool), ApiError> {
        self.check_writable_scope(scope)?;
        if !self.check_principal(scope, principal)? {
            return Err(not_in_project(
                principal,
                scope.project().unwrap_or_default(),
            ));
        }
        let role = self.assignable_role(scope, &req.role_id)?;
        let role_id = role.id.clone();
        let names = principal.kind.names();
        let out = RoleAssignmentObject {
            object: names.assignment_object,
            principal: self.principal_object(scope, principal)?,
            role: role.object(),
        };
        if self.assignment_index(scope, principal, &role_id).is_some() {
            if self.rules.reassign_returns_existing {
                return Ok((out, false));
            }
            return Err(ApiError::bad_request(format!(
                "Role '{role_id}' is already assigned to {} '{}'.",
                names.noun, principal.id
            ))
            .with_param("role_id")
            .with_code("role_already_assigned"));
        }
        let hidden_until = self.hidden_until();
        self.push_assignment(scope, principal, role_id.clone(), hidden_until);
        self.follow_user_assignment(scope, principal, &role_id, true);
        Ok((out, true))
    }

    /// A user's project role assignments move the user's project `role`
    /// (see `project_access`).
    fn follow_user_assignment(
        &mut self,
        scope: Scope,
        principal: Principal,
        role_id: &str,
        assigned: bool,
    ) {
        if let (Some(project_id), Kind::User) = (scope.project(), principal.kind) {
            let project_id = project_id.to_string();
            self.follow_predefined_assignment(&project_id, principal.id, role_id, assigned);
        }
    }

    /// Records an assignment that has been checked already.
    pub(super) fn push_assignment(
        &mut self,
        scope: Scope,
        principal: Principal,
        role_id: String,
        hidden_until: Option<Instant>,
    ) {
        self.assignments.push(AssignRec {
            project_id: scope.project().map(String::from),
            kind: principal.kind,
            principal_id: principal.id.to_string(),
            role_id,
            hidden_until,
        });
    }

    /// Drops every assignment of a principal in one project, or everywhere
    /// (`None`), e.g. when it leaves the project or is deleted.
    pub(in crate::fake) fn drop_assignments(
        &mut self,
        project_id: Option<&str>,
        principal: Principal,
    ) {
        self.assignments.retain(|a| {
            !(a.of(principal) && project_id.is_none_or(|p| a.project_id.as_deref() == Some(p)))
        });
    }

    pub fn list_assignments(
        &self,
        scope: Scope,
        principal: Principal,
    ) -> Result<Vec<AssignedRole>, ApiError> {
        self.check_principal(scope, principal)?;
        Ok(self
            .assignments
            .iter()
            .filter(|a| a.is(scope, principal) && a.readable())
            .filter_map(|a| self.role_index(&a.role_id))
            .map(|i| self.roles[i].assigned())
            .collect())
    }

    fn find_assignment(
        &self,
        scope: Scope,
        principal: Principal,
        role_id: &str,
    ) -> Result<usize, ApiError> {
        self.check_principal(scope, principal)?;
        let id = Self::canonical_role_id(scope, role_id);
        self.assignment_index(scope, principal, &id)
            .ok_or_else(|| assignment_not_found(principal, role_id))
    }

    pub fn get_assignment(
        &self,
        scope: Scope,
        principal: Principal,
        role_id: &str,
    ) -> Result<AssignedRole, ApiError> {
        let idx = self.find_assignment(scope, principal, role_id)?;
        if !self.assignments[idx].readable() {
            return Err(assignment_not_found(principal, role_id));
        }
        let role_idx = self
            .role_index(&self.assignments[idx].role_id)
            .ok_or_else(|| role_not_found(role_id))?;
        Ok(self.roles[role_idx].assigned())
    }

    pub fn unassign(
        &mut self,
        scope: Scope,
        principal: Principal,
        role_id: &str,
    ) -> Result<AssignmentDeleted, ApiError> {
        self.check_writable_scope(scope)?;
        let idx = self.find_assignment(scope, principal, role_id)?;
        let removed = self.assignments.remove(idx);
        self.follow_user_assignment(scope, principal, &removed.role_id, false);
        Ok(AssignmentDeleted::new(
            principal.kind.names().deleted_object,
        ))
    }

    // ----- out-of-band access for tests (FakeHandle) ----------------------

    /// Assignments of one kind of principal, in creation order, as
    /// (project, principal, canonical role id).
    fn assignments_of(&self, kind: Kind) -> impl Iterator<Item = (Option<String>, String, String)> {
        self.assignments
            .iter()
            .filter(move |a| a.kind == kind)
            .map(|a| {
                (
                    a.project_id.clone(),
                    a.principal_id.clone(),
                    a.role_id.clone(),
                )
            })
    }

    pub fn group_assignments(&self) -> Vec<FakeAssignment> {
        self.assignments_of(Kind::Group)
            .map(|(project_id, group_id, role_id)| FakeAssignment {
                project_id,
                group_id,
                role_id,
            })
            .collect()
    }

    pub fn user_assignments(&self) -> Vec<FakeUserAssignment> {
        self.assignments_of(Kind::User)
            .map(|(project_id, user_id, role_id)| FakeUserAssignment {
                project_id,
                user_id,
                role_id,
            })
            .collect()
    }

    /// Assigns like the API would but without its duplicate handling:
    /// false when the assignment is invalid or already present.
    pub fn force_assign(&mut self, scope: Scope, principal: Principal, role_id: &str) -> bool {
        if self.check_writable_scope(scope).is_err() {
            return false;
        }
        let Ok(role) = self.assignable_role(scope, role_id) else {
            return false;
        };
        let role_id = role.id.clone();
        if !matches!(self.check_principal(scope, principal), Ok(true))
            || self.assignment_index(scope, principal, &role_id).is_some()
        {
            return false;
        }
        // Out-of-band records stand for things that existed before.
        self.push_assignment(scope, principal, role_id, None);
        true
    }

    pub fn force_unassign(&mut self, scope: Scope, principal: Principal, role_id: &str) -> bool {
        match self.find_assignment(scope, principal, role_id) {
            Ok(idx) => {
                self.assignments.remove(idx);
                true
            }
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Rules;
    use super::super::test_support::*;
    use super::*;
    use crate::fake::wire::PrincipalObject;

    #[test]
    fn alias_is_accepted_and_echoed_scoped() {
        let mut s = store();
        let out = assign(&mut s, ALPHA, g("group_support"), "role-api-project-member").unwrap();
        let scoped = "role-api-project-member__api-project__proj_alpha";
        assert_eq!(out.role.id, scoped);
        assert!(matches!(&out.principal, PrincipalObject::Group(g) if g.name == "Support"));
        assert_eq!(
            s.get_assignment(ALPHA, g("group_support"), "role-api-project-member")
                .unwrap()
                .id,
            scoped
        );
        assert_eq!(
            s.get_assignment(ALPHA, g("group_support"), scoped)
                .unwrap()
                .id,
            scoped
        );
        assert_eq!(
            s.list_assignments(ALPHA, g("group_support")).unwrap()[0].id,
            scoped
        );
        assert_eq!(s.group_assignments()[0].role_id, scoped);
        // Beta's member role is not assignable in alpha.
        let err = assign(
            &mut s,
            ALPHA,
            g("group_engineering"),
            "role-api-project-member__api-project__proj_beta",
        )
        .unwrap_err();
        assert_eq!(err.status, 404);
        assert!(
            s.unassign(ALPHA, g("group_support"), "role-api-project-member")
                .is_ok()
        );
        assert!(s.group_assignments().is_empty());
    }

    #[test]
    fn assignment_rules() {
        let mut s = store();
        let err = assign(
            &mut s,
            ALPHA,
            g("group_contractors"),
            "role-api-project-member",
        )
        .unwrap_err();
        assert_eq!(status_code(&err), (400, Some("group_not_in_project")));
        assert!(err.message.contains("not a member of project"));
        let err = assign(&mut s, ALPHA, g("group_nope"), "role-api-project-member").unwrap_err();
        assert_eq!(status_code(&err), (404, Some("group_not_found")));
        let err = assign(&mut s, Scope::Project("proj_x"), g("group_support"), "x").unwrap_err();
        assert_eq!(err.code.as_deref(), Some("project_not_found"));
        let err = assign(&mut s, ALPHA, g("group_support"), "role_missing").unwrap_err();
        assert_eq!(err.code.as_deref(), Some("role_not_found"));
        let err = assign(
            &mut s,
            ALPHA,
            g("group_support"),
            "role-api-organization-owner",
        )
        .unwrap_err();
        assert_eq!(status_code(&err), (400, Some("invalid_role_scope")));
        let beta_role = create(&mut s, BETA, "b", &["api.files.read"]);
        assert_eq!(
            assign(&mut s, ALPHA, g("group_engineering"), &beta_role.id)
                .unwrap_err()
                .status,
            404
        );

        let r = create(&mut s, ALPHA, "r", &["api.files.read"]);
        assign(&mut s, ALPHA, g("group_finance"), &r.id).unwrap();
        let err = assign(&mut s, ALPHA, g("group_finance"), &r.id).unwrap_err();
        assert_eq!(status_code(&err), (400, Some("role_already_assigned")));
        assert!(err.message.contains("already assigned"));
        assert_eq!(
            s.get_assignment(ALPHA, g("group_support"), &r.id)
                .unwrap_err()
                .status,
            404
        );

        // Deleting the role removes its assignments.
        s.delete_role(ALPHA, &r.id).unwrap();
        assert!(s.group_assignments().is_empty());
    }

    #[test]
    fn archived_projects_refuse_assignment_writes() {
        let mut s = store();
        assert!(s.force_add_project_group("proj_alpha", "group_sales", None));
        // Archiving keeps a project's groups; it only freezes the project.
        assert!(s.force_archive_project("proj_alpha"));
        let err = assign(&mut s, ALPHA, g("group_sales"), "role-api-project-member").unwrap_err();
        assert_eq!(status_code(&err), (400, Some("project_archived")));
        assert!(!s.force_assign(ALPHA, g("group_sales"), "role-api-project-member"));
        let err = s
            .unassign(ALPHA, g("group_sales"), "role-api-project-member")
            .unwrap_err();
        assert_eq!(err.code.as_deref(), Some("project_archived"));
        assert!(
            s.list_assignments(ALPHA, g("group_sales"))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn reassign_can_return_existing() {
        let mut s = Store::new(Rules {
            reassign_returns_existing: true,
            ..Rules::default()
        });
        let req = || AssignRole {
            role_id: "role-api-project-viewer".into(),
        };
        let a = s.assign(ALPHA, g("group_support"), req()).unwrap();
        let b = s.assign(ALPHA, g("group_support"), req()).unwrap();
        assert!(a.1 && !b.1);
        assert_eq!(a.0, b.0);
        assert_eq!(s.group_assignments().len(), 1);
    }

    #[test]
    fn org_assignments() {
        let mut s = store();
        let out = assign(
            &mut s,
            Scope::Org,
            g("group_contractors"),
            "role-api-organization-viewer",
        )
        .unwrap();
        assert_eq!(out.role.resource_type, "api.organization");
        let err = assign(
            &mut s,
            Scope::Org,
            g("group_support"),
            "role-api-project-member",
        )
        .unwrap_err();
        assert_eq!(status_code(&err), (400, Some("invalid_role_scope")));
        let p = create(&mut s, ALPHA, "p", &["api.files.read"]);
        assert_eq!(
            assign(&mut s, Scope::Org, g("group_support"), &p.id)
                .unwrap_err()
                .status,
            400
        );
        let list = s
            .list_assignments(Scope::Org, g("group_contractors"))
            .unwrap();
        assert_eq!(list.len(), 1);
        let got = s
            .get_assignment(
                Scope::Org,
                g("group_contractors"),
                "role-api-organization-viewer",
            )
            .unwrap();
        assert_eq!(got.id, "role-api-organization-viewer");
        assert!(
            s.unassign(
                Scope::Org,
                g("group_contractors"),
                "role-api-organization-viewer"
            )
            .is_ok()
        );
        assert_eq!(
            s.unassign(
                Scope::Org,
                g("group_contractors"),
                "role-api-organization-viewer"
            )
            .unwrap_err()
            .status,
            404
        );
    }

    #[test]
    fn scim_groups_still_take_roles() {
        let mut s = store();
        let out = assign(
            &mut s,
            Scope::Org,
            g("group_sales"),
            "role-api-organization-viewer",
        )
        .unwrap();
        assert!(matches!(&out.principal, PrincipalObject::Group(g) if g.scim_managed));
    }

    #[test]
    fn out_of_band_edits() {
        let mut s = store();
        let r = s
            .insert_project_role("proj_alpha", "imported", &["api.files.read"])
            .unwrap();
        assert!(s.force_assign(ALPHA, g("group_support"), &r.id));
        assert!(!s.force_assign(ALPHA, g("group_support"), &r.id));
        assert!(!s.force_assign(ALPHA, g("group_contractors"), &r.id));
        assert!(s.force_assign(ALPHA, g("group_support"), "role-api-project-owner"));
        assert!(s.force_unassign(ALPHA, g("group_support"), "role-api-project-owner"));
        assert!(!s.force_unassign(ALPHA, g("group_support"), "role-api-project-owner"));
        assert_eq!(s.group_assignments().len(), 1);
    }

    #[test]
    fn user_assignments_follow_the_group_rules() {
        let mut s = store();
        let out = assign(&mut s, ALPHA, u("user_alice"), "role-api-project-member").unwrap();
        assert_eq!(out.object, "user.role");
        assert!(
            matches!(&out.principal, PrincipalObject::User(u) if u.email.as_deref() == Some("alice@example.com"))
        );
        assert_eq!(
            out.role.id,
            "role-api-project-member__api-project__proj_alpha"
        );
        assert_eq!(
            s.get_assignment(ALPHA, u("user_alice"), "role-api-project-member")
                .unwrap()
                .id,
            out.role.id
        );
        assert!(assign(&mut s, BETA, u("user_bob"), "role-api-project-viewer").is_ok());

        let err = assign(&mut s, ALPHA, u("user_carol"), "role-api-project-member").unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref(), err.param.as_deref()),
            (400, Some("user_not_in_project"), Some("user_id"))
        );
        assert!(
            err.message
                .contains("User 'user_carol' is not a member of project")
        );
        let err = assign(&mut s, ALPHA, u("user_nope"), "role-api-project-member").unwrap_err();
        assert_eq!(status_code(&err), (404, Some("user_not_found")));
        assert!(err.message.contains("not a member of this organization"));
        let err = assign(&mut s, ALPHA, u("user_alice"), "role-api-project-member").unwrap_err();
        assert_eq!(err.code.as_deref(), Some("role_already_assigned"));
        assert!(err.message.contains("to user 'user_alice'"));
        let err = assign(
            &mut s,
            Scope::Org,
            u("user_carol"),
            "role-api-project-member",
        )
        .unwrap_err();
        assert_eq!(err.code.as_deref(), Some("invalid_role_scope"));
        assign(
            &mut s,
            Scope::Org,
            u("user_carol"),
            "role-api-organization-viewer",
        )
        .unwrap();

        // A group's assignments and a user's never mix.
        assert!(
            s.list_assignments(ALPHA, g("group_support"))
                .unwrap()
                .is_empty()
        );
        assert!(s.group_assignments().is_empty());
        assert_eq!(
            s.user_assignments()[2],
            FakeUserAssignment {
                project_id: None,
                user_id: "user_carol".into(),
                role_id: "role-api-organization-viewer".into()
            }
        );
        let deleted = s
            .unassign(Scope::Org, u("user_carol"), "role-api-organization-viewer")
            .unwrap();
        assert_eq!(deleted.object, "user.role.deleted");
        let err = s
            .unassign(Scope::Org, u("user_carol"), "role-api-organization-viewer")
            .unwrap_err();
        assert_eq!(err.code.as_deref(), Some("assignment_not_found"));
        assert!(s.force_assign(BETA, u("user_bob"), "role-api-project-owner"));
        assert!(!s.force_assign(BETA, u("user_alice"), "role-api-project-owner"));
        assert!(s.force_unassign(ALPHA, u("user_alice"), "role-api-project-member"));
        assert_eq!(s.user_assignments().len(), 2);
        assert_eq!(s.dump().user_assignments.len(), 2);
    }
}

//! Who has access to a project: groups (`project.group`) and users
//! (`organization.project.user`).
//!
//! A group joins a project with a project role, and the API records that
//! role as an ordinary role assignment of the group in the project (the
//! "join role"): it shows in the group's project role list and can be
//! unassigned like any other, while the `project.group` object never
//! mentions it. Leaving a project (group or user) drops every role
//! assignment of the principal in that project.
//!
//! A project user's `role` (`owner`/`member`) follows the predefined project
//! owner role: assigning it to a user of the project makes the user an
//! `owner`, unassigning it makes an owner a `member` again. The evidence is
//! indirect (the official provider drops its cached project users whenever a
//! project user's role assignments change, so it expects the role to move
//! with them), so the fake models only the least it implies: the predefined
//! member role grants less than owner and demotes no one, and changing
//! `role` itself leaves the assignments alone.

use std::time::Instant;

use serde::Serialize;

use super::projects::ProjectRec;
use super::{Principal, Scope, Store, readable};
use crate::fake::catalog;
use crate::fake::errors::ApiError;
use crate::fake::requests::{AddProjectGroup, AddProjectUser, UpdateProjectUser, UserRef};
use crate::fake::wire::{Deleted, ProjectGroupObject, ProjectUserObject};

/// The roles a user can have in a project.
const PROJECT_USER_ROLES: &[&str] = &[OWNER, MEMBER];
const OWNER: &str = "owner";
const MEMBER: &str = "member";

/// A user of a project as the test handle sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FakeProjectUser {
    pub user_id: String,
    /// `owner` or `member`.
    pub role: String,
}

pub(super) struct ProjectGroupRec {
    pub(super) group_id: String,
    pub(super) created_at: i64,
    pub(super) hidden_until: Option<Instant>,
}

pub(super) struct ProjectUserRec {
    pub(super) user_id: String,
    pub(super) role: String,
    pub(super) added_at: i64,
    pub(super) hidden_until: Option<Instant>,
}

impl ProjectRec {
    /// Whether a group has access to, or a user is a user of, this project.
    pub(super) fn has_member(&self, principal: Principal) -> bool {
        match principal.kind {
            super::Kind::Group => self.group_access(principal.id).is_some(),
            super::Kind::User => self.user_access(principal.id).is_some(),
        }
    }

    fn group_access(&self, group_id: &str) -> Option<&ProjectGroupRec> {
        self.groups.iter().find(|g| g.group_id == group_id)
    }

    fn user_access(&self, user_id: &str) -> Option<&ProjectUserRec> {
        self.users.iter().find(|u| u.user_id == user_id)
    }
}

fn validate_user_role(role: &str) -> Result<(), ApiError> {
    if !PROJECT_USER_ROLES.contains(&role) {
        return Err(ApiError::bad_request(format!(
            "Invalid value for 'role': expected one of 'owner' or 'member', but got '{role}' \
             instead."
        ))
        .with_param("role")
        .with_code("invalid_value"));
    }
    Ok(())
}

fn group_not_in_project(group_id: &str, project_id: &str) -> ApiError {
    ApiError::not_found(format!(
        "Group '{group_id}' does not have access to project '{project_id}'."
    ))
    .with_param("group_id")
    .with_code("project_group_not_found")
}

fn user_not_in_project(user_id: &str, project_id: &str) -> ApiError {
    ApiError::not_found(format!(
        "User '{user_id}' is not a member of project '{project_id}'."
    ))
    .with_param("user_id")
    .with_code("project_user_not_found")
}

impl Store {
    fn project_group_object(
        &self,
        project_id: &str,
        rec: &ProjectGroupRec,
    ) -> Option<ProjectGroupObject> {
        let group = self.group(&rec.group_id).ok()?;
        Some(ProjectGroupObject {
            object: "project.group",
            project_id: project_id.to_string(),
            group_id: group.id.clone(),
            group_name: group.name.clone(),
            group_type: "group",
            created_at: rec.created_at,
        })
    }

    fn project_user_object(&self, rec: &ProjectUserRec) -> Option<ProjectUserObject> {
        let user = self.user(&rec.user_id).ok()?;
        Some(ProjectUserObject {
            object: "organization.project.user",
            id: user.id.clone(),
            name: user.name.clone(),
            email: user.email.clone(),
            role: rec.role.clone(),
            added_at: rec.added_at,
        })
    }

    /// Gives a group access to a project and, with a role, assigns it that
    /// role there (the join role).
    fn grant_group(
        &mut self,
        project_id: &str,
        group_id: &str,
        role: Option<&str>,
        hidden_until: Option<Instant>,
    ) -> Result<(), ApiError> {
        let project = self.writable_project(project_id)?;
        let already = project.group_access(group_id).is_some();
        self.group(group_id)?;
        let scope = Scope::Project(project_id);
        let role_id = role
            .map(|r| {
                self.assignable_role(scope, r)
                    .map(|role| role.id.clone())
                    .map_err(|e| e.with_param("role"))
            })
            .transpose()?;
        if already {
            return Err(ApiError::bad_request(format!(
                "Group '{group_id}' already has access to project '{project_id}'."
            ))
            .with_param("group_id")
            .with_code("group_already_in_project"));
        }
        self.project_mut(project_id)?.groups.push(ProjectGroupRec {
            group_id: group_id.to_string(),
            created_at: super::now(),
            hidden_until,
        });
        if let Some(role_id) = role_id {
            self.push_assignment(scope, Principal::group(group_id), role_id, hidden_until);
        }
        Ok(())
    }

    /// Takes a group's access away, with all its roles in the project.
    fn revoke_group(&mut self, project_id: &str, group_id: &str) -> Result<(), ApiError> {
        let project = self.writable_project(project_id)?;
        if project.group_access(group_id).is_none() {
            self.group(group_id)?;
            return Err(group_not_in_project(group_id, project_id));
        }
        self.project_mut(project_id)?
            .groups
            .retain(|g| g.group_id != group_id);
        self.drop_assignments(Some(project_id), Principal::group(group_id));
        Ok(())
    }

    /// Adds a user to a project; returns the user's id.
    fn add_user(
        &mut self,
        project_id: &str,
        user: &UserRef,
        role: &str,
        hidden_until: Option<Instant>,
    ) -> Result<String, ApiError> {
        self.writable_project(project_id)?;
        validate_user_role(role)?;
        let user_id = match user {
            UserRef::Id(id) => self.user(id)?.id.clone(),
            UserRef::Email(email) => self.user_by_email(email)?.id.clone(),
        };
        let project = self.project_mut(project_id)?;
        if project.user_access(&user_id).is_some() {
            return Err(ApiError::bad_request(format!(
                "User '{user_id}' is already a member of project '{project_id}'."
            ))
            .with_param("user_id")
            .with_code("user_already_in_project"));
        }
        project.users.push(ProjectUserRec {
            user_id: user_id.clone(),
            role: role.to_string(),
            added_at: super::now(),
            hidden_until,
        });
        Ok(user_id)
    }

    fn set_user_role(
        &mut self,
        project_id: &str,
        user_id: &str,
        role: &str,
    ) -> Result<(), ApiError> {
        self.writable_project(project_id)?;
        validate_user_role(role)?;
        self.user(user_id)?;
        let project = self.project_mut(project_id)?;
        let rec = project
            .users
            .iter_mut()
            .find(|u| u.user_id == user_id)
            .ok_or_else(|| user_not_in_project(user_id, project_id))?;
        rec.role = role.to_string();
        Ok(())
    }

    /// Moves a project user's `role` after the role `role_id` (canonical) was
    /// assigned to or unassigned from the user (see the module docs): only
    /// the predefined owner role of the project does, and only for users of
    /// the project.
    pub(super) fn follow_predefined_assignment(
        &mut self,
        project_id: &str,
        user_id: &str,
        role_id: &str,
        assigned: bool,
    ) {
        if role_id != catalog::project_role_id(OWNER, project_id) {
            return;
        }
        let Ok(project) = self.project_mut(project_id) else {
            return;
        };
        if let Some(rec) = project.users.iter_mut().find(|u| u.user_id == user_id) {
            rec.role = if assigned { OWNER } else { MEMBER }.to_string();
        }
    }

    /// Removes a user from a project, with all the user's roles there.
    fn remove_user(&mut self, project_id: &str, user_id: &str) -> Result<(), ApiError> {
        let project = self.writable_project(project_id)?;
        if project.user_access(user_id).is_none() {
            self.user(user_id)?;
            return Err(user_not_in_project(user_id, project_id));
        }
        self.project_mut(project_id)?
            .users
            .retain(|u| u.user_id != user_id);
        self.drop_assignments(Some(project_id), Principal::user(user_id));
        Ok(())
    }

    // ----- the API: project groups ----------------------------------------

    pub fn list_project_groups(
        &self,
        project_id: &str,
    ) -> Result<Vec<ProjectGroupObject>, ApiError> {
        let project = self.project(project_id)?;
        Ok(project
            .groups
            .iter()
            .filter(|g| readable(g.hidden_until))
            .filter_map(|g| self.project_group_object(project_id, g))
            .collect())
    }

    /// `group_type` is the optional query parameter (`group` or `tenant_group`).
    pub fn get_project_group(
        &self,
        project_id: &str,
        group_id: &str,
        group_type: Option<&str>,
    ) -> Result<ProjectGroupObject, ApiError> {
        match group_type {
            None | Some("group") => {}
            // The fake has no tenant groups.
            Some("tenant_group") => return Err(group_not_in_project(group_id, project_id)),
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "Invalid value for 'group_type': expected one of 'group' or \
                     'tenant_group', but got '{other}' instead."
                ))
                .with_param("group_type")
                .with_code("invalid_value"));
            }
        }
        let project = self.project(project_id)?;
        self.group(group_id)?;
        project
            .group_access(group_id)
            .filter(|g| readable(g.hidden_until))
            .and_then(|g| self.project_group_object(project_id, g))
            .ok_or_else(|| group_not_in_project(group_id, project_id))
    }

    pub fn add_project_group(
        &mut self,
        project_id: &str,
        req: AddProjectGroup,
    ) -> Result<ProjectGroupObject, ApiError> {
        let hidden_until = self.hidden_until();
        self.grant_group(project_id, &req.group_id, Some(&req.role), hidden_until)?;
        let project = self.project(project_id)?;
        project
            .group_access(&req.group_id)
            .and_then(|g| self.project_group_object(project_id, g))
            .ok_or_else(|| group_not_in_project(&req.group_id, project_id))
    }

    pub fn remove_project_group(
        &mut self,
        project_id: &str,
        group_id: &str,
    ) -> Result<Deleted, ApiError> {
        self.revoke_group(project_id, group_id)?;
        Ok(Deleted::without_id("project.group.deleted"))
    }

    // ----- the API: project users -----------------------------------------

    pub fn list_project_users(&self, project_id: &str) -> Result<Vec<ProjectUserObject>, ApiError> {
        let project = self.project(project_id)?;
        Ok(project
            .users
            .iter()
            .filter(|u| readable(u.hidden_until))
            .filter_map(|u| self.project_user_object(u))
            .collect())
    }

    pub fn get_project_user(
        &self,
        project_id: &str,
        user_id: &str,
    ) -> Result<ProjectUserObject, ApiError> {
        let project = self.project(project_id)?;
        self.user(user_id)?;
        project
            .user_access(user_id)
            .filter(|u| readable(u.hidden_until))
            .and_then(|u| self.project_user_object(u))
            .ok_or_else(|| user_not_in_project(user_id, project_id))
    }

    pub fn add_project_user(
        &mut self,
        project_id: &str,
        req: AddProjectUser,
    ) -> Result<ProjectUserObject, ApiError> {
        let hidden_until = self.hidden_until();
        let user_id = self.add_user(project_id, &req.user, &req.role, hidden_until)?;
        self.project_user_now(project_id, &user_id)
    }

    pub fn update_project_user(
        &mut self,
        project_id: &str,
        user_id: &str,
        req: UpdateProjectUser,
    ) -> Result<ProjectUserObject, ApiError> {
        self.set_user_role(project_id, user_id, &req.role)?;
        self.project_user_now(project_id, user_id)
    }

    pub fn remove_project_user(
        &mut self,
        project_id: &str,
        user_id: &str,
    ) -> Result<Deleted, ApiError> {
        self.remove_user(project_id, user_id)?;
        Ok(Deleted::with_id(
            "organization.project.user.deleted",
            user_id,
        ))
    }

    /// A project user as a write answers it: visible whatever the read delay.
    fn project_user_now(
        &self,
        project_id: &str,
        user_id: &str,
    ) -> Result<ProjectUserObject, ApiError> {
        self.project(project_id)?
            .user_access(user_id)
            .and_then(|u| self.project_user_object(u))
            .ok_or_else(|| user_not_in_project(user_id, project_id))
    }

    // ----- out-of-band access for tests (FakeHandle) ----------------------

    /// Groups with access to a project, in the order they got it; empty
    /// for an unknown project.
    pub fn project_groups(&self, project_id: &str) -> Vec<String> {
        self.project(project_id)
            .map(|p| p.groups.iter().map(|g| g.group_id.clone()).collect())
            .unwrap_or_default()
    }

    /// Users of a project with their roles; empty for an unknown project.
    pub fn project_users(&self, project_id: &str) -> Vec<FakeProjectUser> {
        self.project(project_id)
            .map(|p| {
                p.users
                    .iter()
                    .map(|u| FakeProjectUser {
                        user_id: u.user_id.clone(),
                        role: u.role.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Grants access with an optional join role; false when the API would
    /// refuse it (unknown or archived project, unknown group or role, access
    /// already there).
    pub fn force_add_project_group(
        &mut self,
        project_id: &str,
        group_id: &str,
        role: Option<&str>,
    ) -> bool {
        self.grant_group(project_id, group_id, role, None).is_ok()
    }

    pub fn force_remove_project_group(&mut self, project_id: &str, group_id: &str) -> bool {
        self.revoke_group(project_id, group_id).is_ok()
    }

    pub fn force_add_project_user(&mut self, project_id: &str, user_id: &str, role: &str) -> bool {
        self.add_user(project_id, &UserRef::Id(user_id.to_string()), role, None)
            .is_ok()
    }

    pub fn force_set_project_user_role(
        &mut self,
        project_id: &str,
        user_id: &str,
        role: &str,
    ) -> bool {
        self.set_user_role(project_id, user_id, role).is_ok()
    }

    pub fn force_remove_project_user(&mut self, project_id: &str, user_id: &str) -> bool {
        self.remove_user(project_id, user_id).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::Rules;
    use super::super::test_support::*;
    use super::*;
    use crate::fake::requests::AssignRole;

    const MEMBER: &str = "role-api-project-member";

    fn join(
        s: &mut Store,
        project: &str,
        group: &str,
        role: &str,
    ) -> Result<ProjectGroupObject, ApiError> {
        s.add_project_group(
            project,
            AddProjectGroup {
                group_id: group.into(),
                role: role.into(),
            },
        )
    }

    fn add_user(
        s: &mut Store,
        project: &str,
        user: UserRef,
        role: &str,
    ) -> Result<ProjectUserObject, ApiError> {
        s.add_project_user(
            project,
            AddProjectUser {
                user,
                role: role.into(),
            },
        )
    }

    fn role_ids(s: &Store, scope: Scope, principal: Principal) -> Vec<String> {
        s.list_assignments(scope, principal)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    }

    #[test]
    fn fixture_access_has_no_join_roles() {
        let s = store();
        assert_eq!(
            s.project_groups("proj_alpha"),
            ["group_engineering", "group_support", "group_finance"]
        );
        assert_eq!(s.project_groups("proj_beta"), ["group_engineering"]);
        assert!(s.project_groups("proj_legacy").is_empty());
        let alpha_users: Vec<(String, String)> = s
            .project_users("proj_alpha")
            .into_iter()
            .map(|u| (u.user_id, u.role))
            .collect();
        assert_eq!(
            alpha_users,
            [
                ("user_alice".to_string(), "owner".to_string()),
                ("user_bob".to_string(), "member".to_string())
            ]
        );
        assert_eq!(s.project_users("proj_beta")[0].role, "owner");
        assert!(role_ids(&s, ALPHA, g("group_engineering")).is_empty());
        let listed = s.list_project_groups("proj_alpha").unwrap();
        assert_eq!(
            (
                listed[0].object,
                listed[0].group_name.as_str(),
                listed[0].group_type
            ),
            ("project.group", "Engineering", "group")
        );
    }

    #[test]
    fn a_project_users_role_follows_the_predefined_roles_assigned_to_it() {
        let mut s = store();
        let role_of = |s: &Store, user: &str| s.get_project_user("proj_alpha", user).unwrap().role;
        let assign = |s: &mut Store, role: &str| {
            s.assign(
                ALPHA,
                Principal::user("user_bob"),
                AssignRole {
                    role_id: role.into(),
                },
            )
            .unwrap()
        };
        assert_eq!(role_of(&s, "user_bob"), "member");
        assign(&mut s, "role-api-project-owner");
        assert_eq!(role_of(&s, "user_bob"), "owner");
        // A custom or other predefined role changes nothing.
        assign(&mut s, "role-api-project-viewer");
        assert_eq!(role_of(&s, "user_bob"), "owner");
        s.unassign(
            ALPHA,
            Principal::user("user_bob"),
            "role-api-project-viewer",
        )
        .unwrap();
        assert_eq!(role_of(&s, "user_bob"), "owner");
        s.unassign(ALPHA, Principal::user("user_bob"), "role-api-project-owner")
            .unwrap();
        assert_eq!(role_of(&s, "user_bob"), "member");
        assign(&mut s, MEMBER);
        assert_eq!(role_of(&s, "user_bob"), "member");
        // The predefined member role demotes no one.
        s.assign(
            ALPHA,
            Principal::user("user_alice"),
            AssignRole {
                role_id: MEMBER.into(),
            },
        )
        .unwrap();
        assert_eq!(role_of(&s, "user_alice"), "owner");
        // Another project's users are not touched.
        assert_eq!(
            s.get_project_user("proj_beta", "user_bob").unwrap().role,
            "owner"
        );
    }

    #[test]
    fn joining_with_a_role_records_the_join_role() {
        let mut s = store();
        let pg = join(&mut s, "proj_beta", "group_support", MEMBER).unwrap();
        assert_eq!(
            (
                pg.project_id.as_str(),
                pg.group_id.as_str(),
                pg.group_name.as_str()
            ),
            ("proj_beta", "group_support", "Support")
        );
        assert_eq!(
            role_ids(&s, BETA, g("group_support")),
            ["role-api-project-member__api-project__proj_beta"]
        );
        assert_eq!(
            s.get_project_group("proj_beta", "group_support", None)
                .unwrap(),
            pg
        );
        // A custom role works too, and SCIM groups can join.
        let custom = create(&mut s, BETA, "Analyst", &["api.files.read"]);
        join(&mut s, "proj_beta", "group_sales", &custom.id).unwrap();
        assert_eq!(role_ids(&s, BETA, g("group_sales")), [custom.id.as_str()]);
        // The join role is an ordinary assignment: it can be taken away.
        s.unassign(BETA, g("group_sales"), &custom.id).unwrap();
        assert!(
            s.get_project_group("proj_beta", "group_sales", None)
                .is_ok()
        );
    }

    #[test]
    fn joining_is_checked() {
        let mut s = store();
        let err = join(&mut s, "proj_alpha", "group_support", MEMBER).unwrap_err();
        assert_eq!(status_code(&err), (400, Some("group_already_in_project")));
        let err = join(&mut s, "proj_alpha", "group_nope", MEMBER).unwrap_err();
        assert_eq!(status_code(&err), (404, Some("group_not_found")));
        let err = join(&mut s, "proj_nope", "group_support", MEMBER).unwrap_err();
        assert_eq!(status_code(&err), (404, Some("project_not_found")));
        let err = join(&mut s, "proj_alpha", "group_contractors", "role_nope").unwrap_err();
        assert_eq!(
            (err.status, err.code.as_deref(), err.param.as_deref()),
            (404, Some("role_not_found"), Some("role"))
        );
        let beta_role = create(&mut s, BETA, "b", &["api.files.read"]);
        let err = join(&mut s, "proj_alpha", "group_contractors", &beta_role.id).unwrap_err();
        assert_eq!(err.status, 404, "another project's role");
        let err = join(
            &mut s,
            "proj_alpha",
            "group_contractors",
            "role-api-organization-member",
        )
        .unwrap_err();
        assert_eq!(status_code(&err), (400, Some("invalid_role_scope")));
        let err = join(&mut s, "proj_legacy", "group_contractors", MEMBER).unwrap_err();
        assert_eq!(status_code(&err), (400, Some("project_archived")));
        assert!(s.project_groups("proj_legacy").is_empty());
        assert!(s.group_assignments().is_empty(), "refusals assign nothing");
    }

    #[test]
    fn leaving_a_project_drops_its_roles_there_only() {
        let mut s = store();
        join(&mut s, "proj_beta", "group_finance", MEMBER).unwrap();
        assign(&mut s, ALPHA, g("group_finance"), "role-api-project-viewer").unwrap();
        assign(
            &mut s,
            Scope::Org,
            g("group_finance"),
            "role-api-organization-viewer",
        )
        .unwrap();
        let gone = s
            .remove_project_group("proj_beta", "group_finance")
            .unwrap();
        assert_eq!((gone.object, gone.id), ("project.group.deleted", None));
        let left: Vec<Option<String>> = s
            .group_assignments()
            .into_iter()
            .map(|a| a.project_id)
            .collect();
        assert_eq!(left, [Some("proj_alpha".to_string()), None]);
        let err = s
            .remove_project_group("proj_beta", "group_finance")
            .unwrap_err();
        assert_eq!(status_code(&err), (404, Some("project_group_not_found")));
        let err = s
            .get_project_group("proj_beta", "group_finance", None)
            .unwrap_err();
        assert_eq!(err.status, 404);
        let err = s
            .remove_project_group("proj_beta", "group_nope")
            .unwrap_err();
        assert_eq!(status_code(&err), (404, Some("group_not_found")));

        // The same for users.
        assign(&mut s, ALPHA, u("user_bob"), MEMBER).unwrap();
        assign(&mut s, BETA, u("user_bob"), MEMBER).unwrap();
        let gone = s.remove_project_user("proj_alpha", "user_bob").unwrap();
        assert_eq!(
            (gone.object, gone.id.as_deref()),
            ("organization.project.user.deleted", Some("user_bob"))
        );
        let left: Vec<Option<String>> = s
            .user_assignments()
            .into_iter()
            .map(|a| a.project_id)
            .collect();
        assert_eq!(left, [Some("proj_beta".to_string())]);
        let err = s.remove_project_user("proj_alpha", "user_bob").unwrap_err();
        assert_eq!(status_code(&err), (404, Some("project_user_not_found")));
    }

    #[test]
    fn project_group_retrieve_checks_group_type() {
        let s = store();
        assert!(
            s.get_project_group("proj_alpha", "group_support", Some("group"))
                .is_ok()
        );
        let err = s
            .get_project_group("proj_alpha", "group_support", Some("tenant_group"))
            .unwrap_err();
        assert_eq!(err.status, 404);
        let err = s
            .get_project_group("proj_alpha", "group_support", Some("team"))
            .unwrap_err();
        assert_eq!(
            (err.status, err.param.as_deref()),
            (400, Some("group_type"))
        );
    }

    #[test]
    fn project_users_add_modify_remove() {
        let mut s = store();
        let erin = add_user(
            &mut s,
            "proj_alpha",
            UserRef::Id("user_erin".into()),
            "member",
        )
        .unwrap();
        assert_eq!(
            (
                erin.object,
                erin.id.as_str(),
                erin.email.as_str(),
                erin.role.as_str()
            ),
            (
                "organization.project.user",
                "user_erin",
                "erin@example.com",
                "member"
            )
        );
        let dee = add_user(
            &mut s,
            "proj_alpha",
            UserRef::Email("DEE@example.com".into()),
            "owner",
        )
        .unwrap();
        assert_eq!(dee.id, "user_dee");
        let ids: Vec<String> = s
            .list_project_users("proj_alpha")
            .unwrap()
            .into_iter()
            .map(|u| u.id)
            .collect();
        assert_eq!(ids, ["user_alice", "user_bob", "user_erin", "user_dee"]);

        let err = add_user(
            &mut s,
            "proj_alpha",
            UserRef::Id("user_erin".into()),
            "member",
        )
        .unwrap_err();
        assert_eq!(status_code(&err), (400, Some("user_already_in_project")));
        let err = add_user(
            &mut s,
            "proj_alpha",
            UserRef::Id("user_carol".into()),
            "admin",
        )
        .unwrap_err();
        assert_eq!(
            (err.status, err.param.as_deref(), err.code.as_deref()),
            (400, Some("role"), Some("invalid_value"))
        );
        let err = add_user(
            &mut s,
            "proj_alpha",
            UserRef::Id("user_nope".into()),
            "member",
        )
        .unwrap_err();
        assert_eq!(status_code(&err), (404, Some("user_not_found")));
        assert!(err.message.contains("not a member of this organization"));
        let err = add_user(
            &mut s,
            "proj_alpha",
            UserRef::Email("x@example.com".into()),
            "member",
        )
        .unwrap_err();
        assert_eq!(status_code(&err), (404, Some("user_not_found")));
        let err = add_user(
            &mut s,
            "proj_legacy",
            UserRef::Id("user_carol".into()),
            "member",
        )
        .unwrap_err();
        assert_eq!(status_code(&err), (400, Some("project_archived")));

        let owner = UpdateProjectUser {
            role: "owner".into(),
        };
        let updated = s
            .update_project_user("proj_alpha", "user_erin", owner.clone())
            .unwrap();
        assert_eq!(updated.role, "owner");
        assert_eq!(
            s.get_project_user("proj_alpha", "user_erin").unwrap().role,
            "owner"
        );
        let bad = UpdateProjectUser {
            role: "viewer".into(),
        };
        assert_eq!(
            s.update_project_user("proj_alpha", "user_erin", bad)
                .unwrap_err()
                .status,
            400
        );
        let err = s
            .update_project_user("proj_beta", "user_erin", owner)
            .unwrap_err();
        assert_eq!(status_code(&err), (404, Some("project_user_not_found")));
        let err = s.get_project_user("proj_beta", "user_erin").unwrap_err();
        assert_eq!(status_code(&err), (404, Some("project_user_not_found")));
        let err = s.get_project_user("proj_beta", "user_nope").unwrap_err();
        assert_eq!(status_code(&err), (404, Some("user_not_found")));
    }

    #[test]
    fn archived_projects_freeze_their_access() {
        let mut s = store();
        assert!(s.force_add_project_user("proj_beta", "user_erin", "member"));
        assert!(s.force_archive_project("proj_beta"));
        let err = s
            .remove_project_group("proj_beta", "group_engineering")
            .unwrap_err();
        assert_eq!(err.code.as_deref(), Some("project_archived"));
        let err = s.remove_project_user("proj_beta", "user_erin").unwrap_err();
        assert_eq!(err.code.as_deref(), Some("project_archived"));
        let err = s
            .update_project_user(
                "proj_beta",
                "user_erin",
                UpdateProjectUser {
                    role: "owner".into(),
                },
            )
            .unwrap_err();
        assert_eq!(err.code.as_deref(), Some("project_archived"));
        assert_eq!(
            s.list_project_users("proj_beta").unwrap().len(),
            2,
            "reads still work"
        );
        assert_eq!(s.list_project_groups("proj_beta").unwrap().len(), 1);
        assert!(!s.force_add_project_group("proj_beta", "group_support", None));
        assert!(!s.force_remove_project_user("proj_beta", "user_erin"));
    }

    #[test]
    fn access_created_through_the_api_is_read_late_when_configured() {
        let mut s = Store::new(Rules {
            read_after_write_delay: Duration::from_secs(60),
            ..Rules::default()
        });
        let pg = join(&mut s, "proj_beta", "group_support", MEMBER).unwrap();
        assert_eq!(pg.group_id, "group_support", "the write answers at once");
        assert_eq!(s.list_project_groups("proj_beta").unwrap().len(), 1);
        assert_eq!(
            s.get_project_group("proj_beta", "group_support", None)
                .unwrap_err()
                .status,
            404
        );
        assert!(
            role_ids(&s, BETA, g("group_support")).is_empty(),
            "join role too"
        );
        let erin = add_user(
            &mut s,
            "proj_beta",
            UserRef::Id("user_erin".into()),
            "member",
        )
        .unwrap();
        assert_eq!(erin.role, "member");
        assert_eq!(s.list_project_users("proj_beta").unwrap().len(), 1);
        assert_eq!(
            s.get_project_user("proj_beta", "user_erin")
                .unwrap_err()
                .status,
            404
        );
        // Writes see both at once.
        assert!(assign(&mut s, BETA, g("group_support"), "role-api-project-viewer").is_ok());
        assert!(s.remove_project_user("proj_beta", "user_erin").is_ok());
    }

    #[test]
    fn out_of_band_access_edits() {
        let mut s = store();
        assert!(s.force_add_project_group("proj_beta", "group_finance", None));
        assert!(
            role_ids(&s, BETA, g("group_finance")).is_empty(),
            "no join role"
        );
        assert!(s.force_add_project_group(
            "proj_beta",
            "group_contractors",
            Some("role-api-project-owner")
        ));
        assert_eq!(role_ids(&s, BETA, g("group_contractors")).len(), 1);
        assert!(!s.force_add_project_group("proj_beta", "group_finance", None));
        assert!(!s.force_add_project_group("proj_beta", "group_support", Some("role_nope")));
        assert!(
            !s.project_groups("proj_beta")
                .contains(&"group_support".to_string())
        );
        assert!(s.force_remove_project_group("proj_beta", "group_contractors"));
        assert!(s.group_assignments().is_empty());
        assert!(!s.force_remove_project_group("proj_beta", "group_contractors"));

        assert!(s.force_add_project_user("proj_beta", "user_carol", "member"));
        assert!(!s.force_add_project_user("proj_beta", "user_carol", "member"));
        assert!(!s.force_add_project_user("proj_beta", "user_nope", "member"));
        assert!(s.force_set_project_user_role("proj_beta", "user_carol", "owner"));
        assert!(!s.force_set_project_user_role("proj_beta", "user_carol", "boss"));
        assert_eq!(s.project_users("proj_beta")[1].role, "owner");
        assert!(s.force_remove_project_user("proj_beta", "user_carol"));
        assert!(!s.force_remove_project_user("proj_beta", "user_carol"));
        assert!(s.project_users("proj_nope").is_empty());
    }
}

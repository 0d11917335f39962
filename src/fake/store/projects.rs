//! Projects: created, renamed and archived; there is no delete. An archived
//! project still answers reads (and lists with `include_archived=true`)
//! but refuses every write below it with `project_archived`.

use std::time::Instant;

use serde::Serialize;

use super::project_access::{ProjectGroupRec, ProjectUserRec};
use super::roles::RoleRec;
use super::{Scope, Store, now, project_not_found, readable};
use crate::fake::errors::ApiError;
use crate::fake::requests::{CreateProject, UpdateProject};
use crate::fake::wire::ProjectObject;

/// A project as the test handle sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FakeProject {
    pub id: String,
    pub name: String,
    /// `active` or `archived`.
    pub status: String,
    pub created_at: i64,
    pub archived_at: Option<i64>,
}

pub(super) struct ProjectRec {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) created_at: i64,
    pub(super) archived_at: Option<i64>,
    pub(super) external_key_id: Option<String>,
    /// Groups with access, in the order they got it.
    pub(super) groups: Vec<ProjectGroupRec>,
    /// Users of the project, in the order they were added.
    pub(super) users: Vec<ProjectUserRec>,
    pub(super) hidden_until: Option<Instant>,
}

impl ProjectRec {
    fn status(&self) -> &'static str {
        if self.archived_at.is_some() {
            "archived"
        } else {
            "active"
        }
    }

    fn object(&self) -> ProjectObject {
        ProjectObject {
            id: self.id.clone(),
            object: "organization.project",
            name: self.name.clone(),
            created_at: self.created_at,
            archived_at: self.archived_at,
            status: self.status(),
            external_key_id: self.external_key_id.clone(),
        }
    }

    fn fake(&self) -> FakeProject {
        FakeProject {
            id: self.id.clone(),
            name: self.name.clone(),
            status: self.status().to_string(),
            created_at: self.created_at,
            archived_at: self.archived_at,
        }
    }
}

fn validate_project_name(name: &str) -> Result<(), ApiError> {
    if name.trim().is_empty() {
        return Err(
            ApiError::bad_request("Invalid 'name': a project name must not be empty.")
                .with_param("name")
                .with_code("invalid_value"),
        );
    }
    Ok(())
}

impl Store {
    /// A new active project with its predefined roles.
    fn insert_project(
        &mut self,
        name: &str,
        external_key_id: Option<String>,
        hidden_until: Option<Instant>,
    ) -> Result<&ProjectRec, ApiError> {
        validate_project_name(name)?;
        let id = self.new_id("proj");
        let created_at = now();
        self.roles
            .extend(RoleRec::predefined(Scope::Project(&id), created_at));
        self.projects.push(ProjectRec {
            id,
            name: name.to_string(),
            created_at,
            archived_at: None,
            external_key_id,
            groups: Vec::new(),
            users: Vec::new(),
            hidden_until,
        });
        Ok(self.projects.last().expect("just pushed"))
    }

    fn set_project_name(&mut self, project_id: &str, name: &str) -> Result<(), ApiError> {
        self.writable_project(project_id)?;
        validate_project_name(name)?;
        self.project_mut(project_id)?.name = name.to_string();
        Ok(())
    }

    /// Archives a project; archiving an archived one changes nothing.
    fn archive(&mut self, project_id: &str) -> Result<&ProjectRec, ApiError> {
        let project = self.project_mut(project_id)?;
        project.archived_at.get_or_insert_with(now);
        Ok(project)
    }

    // ----- the API ---------------------------------------------------------

    pub fn list_projects(&self, include_archived: bool) -> Vec<ProjectObject> {
        self.projects
            .iter()
            .filter(|p| readable(p.hidden_until) && (include_archived || p.archived_at.is_none()))
            .map(ProjectRec::object)
            .collect()
    }

    /// Archived projects answer too.
    pub fn get_project(&self, project_id: &str) -> Result<ProjectObject, ApiError> {
        let project = self.project(project_id)?;
        if !readable(project.hidden_until) {
            return Err(project_not_found(project_id));
        }
        Ok(project.object())
    }

    pub fn create_project(&mut self, req: CreateProject) -> Result<ProjectObject, ApiError> {
        let hidden_until = self.hidden_until();
        self.insert_project(&req.name, req.external_key_id, hidden_until)
            .map(ProjectRec::object)
    }

    pub fn update_project(
        &mut self,
        project_id: &str,
        req: UpdateProject,
    ) -> Result<ProjectObject, ApiError> {
        self.writable_project(project_id)?;
        if let Some(name) = &req.name {
            self.set_project_name(project_id, name)?;
        }
        let project = self.project_mut(project_id)?;
        if let Some(external_key_id) = req.external_key_id {
            project.external_key_id = external_key_id;
        }
        Ok(project.object())
    }

    pub fn archive_project(&mut self, project_id: &str) -> Result<ProjectObject, ApiError> {
        self.archive(project_id).map(ProjectRec::object)
    }

    // ----- out-of-band access for tests (FakeHandle) ----------------------

    /// Every project, archived ones included, in creation order.
    pub fn projects(&self) -> Vec<FakeProject> {
        self.projects.iter().map(ProjectRec::fake).collect()
    }

    pub fn force_create_project(&mut self, name: &str) -> Result<String, ApiError> {
        self.insert_project(name, None, None).map(|p| p.id.clone())
    }

    pub fn force_rename_project(&mut self, project_id: &str, name: &str) -> bool {
        self.set_project_name(project_id, name).is_ok()
    }

    pub fn force_archive_project(&mut self, project_id: &str) -> bool {
        self.archive(project_id).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::Rules;
    use super::super::test_support::*;
    use super::*;

    fn create_project(s: &mut Store, name: &str) -> Result<ProjectObject, ApiError> {
        s.create_project(CreateProject {
            name: name.into(),
            external_key_id: None,
        })
    }

    fn rename(name: &str) -> UpdateProject {
        UpdateProject {
            name: Some(name.into()),
            external_key_id: None,
        }
    }

    #[test]
    fn fixture_projects() {
        let s = store();
        let ids =
            |list: Vec<ProjectObject>| -> Vec<String> { list.into_iter().map(|p| p.id).collect() };
        assert_eq!(ids(s.list_projects(false)), ["proj_alpha", "proj_beta"]);
        assert_eq!(
            ids(s.list_projects(true)),
            ["proj_alpha", "proj_beta", "proj_legacy"]
        );
        let alpha = s.get_project("proj_alpha").unwrap();
        assert_eq!(
            (
                alpha.object,
                alpha.name.as_str(),
                alpha.status,
                alpha.archived_at
            ),
            ("organization.project", "Alpha", "active", None)
        );
        let legacy = s.get_project("proj_legacy").unwrap();
        assert_eq!(
            (legacy.name.as_str(), legacy.status),
            ("Legacy", "archived")
        );
        assert!(legacy.archived_at.is_some_and(|t| t > legacy.created_at));
        let err = s.get_project("proj_nope").unwrap_err();
        assert_eq!(status_code(&err), (404, Some("project_not_found")));
    }

    #[test]
    fn create_rename_archive() {
        let mut s = store();
        let p = create_project(&mut s, "Gamma").unwrap();
        assert!(p.id.starts_with("proj_") && p.id.len() == "proj_".len() + 24);
        assert_eq!((p.status, p.archived_at), ("active", None));
        assert_eq!(s.list_projects(false).last().unwrap().id, p.id);
        // It comes with its predefined roles.
        let member = s
            .get_role(Scope::Project(&p.id), "role-api-project-member")
            .unwrap();
        assert_eq!(
            member.id,
            format!("role-api-project-member__api-project__{}", p.id)
        );
        let err = create_project(&mut s, "  ").unwrap_err();
        assert_eq!(
            (err.status, err.param.as_deref(), err.code.as_deref()),
            (400, Some("name"), Some("invalid_value"))
        );

        let renamed = s.update_project(&p.id, rename("Gamma 2")).unwrap();
        assert_eq!(renamed.name, "Gamma 2");
        assert_eq!(s.update_project(&p.id, rename("")).unwrap_err().status, 400);
        let unchanged = s.update_project(&p.id, UpdateProject::default()).unwrap();
        assert_eq!(unchanged.name, "Gamma 2");

        let archived = s.archive_project(&p.id).unwrap();
        assert_eq!(archived.status, "archived");
        let again = s.archive_project(&p.id).unwrap();
        assert_eq!(
            again.archived_at, archived.archived_at,
            "archiving twice is fine"
        );
        assert!(s.list_projects(false).iter().all(|x| x.id != p.id));
        assert_eq!(s.get_project(&p.id).unwrap().status, "archived");
        let err = s.update_project(&p.id, rename("Gamma 3")).unwrap_err();
        assert_eq!(status_code(&err), (400, Some("project_archived")));
        assert_eq!(s.archive_project("proj_nope").unwrap_err().status, 404);
    }

    #[test]
    fn created_projects_are_read_late_when_configured() {
        let mut s = Store::new(Rules {
            read_after_write_delay: Duration::from_secs(60),
            ..Rules::default()
        });
        let p = create_project(&mut s, "Late").unwrap();
        assert_eq!(s.get_project(&p.id).unwrap_err().status, 404);
        assert_eq!(s.list_projects(true).len(), 3);
        assert!(
            s.update_project(&p.id, rename("Later")).is_ok(),
            "writes see it"
        );
    }

    #[test]
    fn out_of_band_project_edits() {
        let mut s = store();
        let id = s.force_create_project("Delta").unwrap();
        assert!(s.force_create_project("").is_err());
        assert!(s.force_rename_project(&id, "Delta 2"));
        assert!(!s.force_rename_project(&id, " "));
        assert!(!s.force_rename_project("proj_legacy", "Old"), "archived");
        assert!(s.force_archive_project(&id));
        assert!(s.force_archive_project(&id));
        assert!(!s.force_archive_project("proj_nope"));
        let last = s.projects().pop().unwrap();
        assert_eq!(
            (last.name.as_str(), last.status.as_str()),
            ("Delta 2", "archived")
        );
    }
}

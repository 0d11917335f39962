//! Groups of the organization and their members.
//!
//! A SCIM-managed group belongs to the identity provider: the API refuses
//! to rename or delete it or to change its members (the test handle may,
//! standing for the identity provider), while reads, project access and
//! role assignments work as for any group.

use std::time::Instant;

use serde::Serialize;

use super::{Principal, Store, group_not_found, now, readable};
use crate::fake::errors::ApiError;
use crate::fake::wire::{
    Deleted, GroupMemberUser, GroupObject, GroupResponse, GroupUpdated, GroupUserAssignment,
    GroupUserObject,
};

/// Longest group name the API accepts, in characters.
const MAX_GROUP_NAME: usize = 255;

/// A group as the test handle sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FakeGroup {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub is_scim_managed: bool,
}

pub(super) struct GroupRec {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) created_at: i64,
    pub(super) scim_managed: bool,
    /// In the order they joined.
    pub(super) members: Vec<MemberRec>,
    pub(super) hidden_until: Option<Instant>,
}

pub(super) struct MemberRec {
    pub(super) user_id: String,
    pub(super) hidden_until: Option<Instant>,
}

impl GroupRec {
    /// The `group` summary inside role assignments.
    pub(super) fn summary(&self) -> GroupObject {
        GroupObject {
            object: "group",
            id: self.id.clone(),
            name: self.name.clone(),
            created_at: self.created_at,
            scim_managed: self.scim_managed,
        }
    }

    fn response(&self) -> GroupResponse {
        GroupResponse {
            id: self.id.clone(),
            name: self.name.clone(),
            created_at: self.created_at,
            is_scim_managed: self.scim_managed,
            group_type: "group",
        }
    }

    fn fake(&self) -> FakeGroup {
        FakeGroup {
            id: self.id.clone(),
            name: self.name.clone(),
            created_at: self.created_at,
            is_scim_managed: self.scim_managed,
        }
    }

    fn readable(&self) -> bool {
        readable(self.hidden_until)
    }

    fn member(&self, user_id: &str) -> Option<&MemberRec> {
        self.members.iter().find(|m| m.user_id == user_id)
    }

    /// 400 for API changes to a group that belongs to the identity provider.
    fn check_not_scim(&self) -> Result<(), ApiError> {
        if self.scim_managed {
            return Err(ApiError::bad_request(format!(
                "Group '{}' is managed by SCIM: change it in your identity provider.",
                self.name
            ))
            .with_param("group_id")
            .with_code("group_is_scim_managed"));
        }
        Ok(())
    }
}

fn validate_group_name(name: &str) -> Result<(), ApiError> {
    let length = name.trim().chars().count();
    if !(1..=MAX_GROUP_NAME).contains(&length) {
        return Err(ApiError::bad_request(format!(
            "Invalid 'name': a group name must be 1 to {MAX_GROUP_NAME} characters long \
             (not counting leading and trailing spaces), but got {length}."
        ))
        .with_param("name")
        .with_code("invalid_value"));
    }
    Ok(())
}

fn not_in_group(user_id: &str, group_id: &str) -> ApiError {
    ApiError::not_found(format!(
        "User '{user_id}' is not a member of group '{group_id}'."
    ))
    .with_param("user_id")
    .with_code("user_not_in_group")
}

impl Store {
    /// A group the API may change: it exists and SCIM does not manage it.
    fn api_writable_group(&self, group_id: &str) -> Result<&GroupRec, ApiError> {
        let group = self.group(group_id)?;
        group.check_not_scim()?;
        Ok(group)
    }

    fn insert_group(
        &mut self,
        name: &str,
        hidden_until: Option<Instant>,
    ) -> Result<&GroupRec, ApiError> {
        validate_group_name(name)?;
        let id = self.new_group_id();
        self.groups.push(GroupRec {
            id,
            name: name.to_string(),
            created_at: now(),
            scim_managed: false,
            members: Vec::new(),
            hidden_until,
        });
        Ok(self.groups.last().expect("just pushed"))
    }

    fn set_group_name(&mut self, group_id: &str, name: &str) -> Result<&GroupRec, ApiError> {
        validate_group_name(name)?;
        let group = self.group_mut(group_id)?;
        group.name = name.to_string();
        Ok(group)
    }

    /// Drops a group with its members, its access to projects and all its
    /// role assignments.
    fn remove_group(&mut self, group_id: &str) -> Result<(), ApiError> {
        let idx = self
            .groups
            .iter()
            .position(|g| g.id == group_id)
            .ok_or_else(|| group_not_found(group_id))?;
        self.groups.remove(idx);
        for project in &mut self.projects {
            project.groups.retain(|g| g.group_id != group_id);
        }
        self.drop_assignments(None, Principal::group(group_id));
        Ok(())
    }

    fn insert_member(
        &mut self,
        group_id: &str,
        user_id: &str,
        hidden_until: Option<Instant>,
    ) -> Result<(), ApiError> {
        self.user(user_id)?;
        let group = self.group_mut(group_id)?;
        if group.member(user_id).is_some() {
            return Err(ApiError::bad_request(format!(
                "User '{user_id}' is already a member of group '{group_id}'."
            ))
            .with_param("user_id")
            .with_code("user_already_in_group"));
        }
        group.members.push(MemberRec {
            user_id: user_id.to_string(),
            hidden_until,
        });
        Ok(())
    }

    fn remove_member(&mut self, group_id: &str, user_id: &str) -> Result<(), ApiError> {
        let group = self.group(group_id)?;
        if group.member(user_id).is_none() {
            self.user(user_id)?;
            return Err(not_in_group(user_id, group_id));
        }
        self.group_mut(group_id)?
            .members
            .retain(|m| m.user_id != user_id);
        Ok(())
    }

    // ----- the API ---------------------------------------------------------

    pub fn list_groups(&self) -> Vec<GroupResponse> {
        self.groups
            .iter()
            .filter(|g| g.readable())
            .map(GroupRec::response)
            .collect()
    }

    pub fn get_group(&self, group_id: &str) -> Result<GroupResponse, ApiError> {
        let group = self.group(group_id)?;
        if !group.readable() {
            return Err(group_not_found(group_id));
        }
        Ok(group.response())
    }

    pub fn create_group(&mut self, name: &str) -> Result<GroupResponse, ApiError> {
        let hidden_until = self.hidden_until();
        self.insert_group(name, hidden_until)
            .map(GroupRec::response)
    }

    pub fn rename_group(&mut self, group_id: &str, name: &str) -> Result<GroupUpdated, ApiError> {
        self.api_writable_group(group_id)?;
        let group = self.set_group_name(group_id, name)?;
        Ok(GroupUpdated {
            id: group.id.clone(),
            name: group.name.clone(),
            created_at: group.created_at,
            is_scim_managed: group.scim_managed,
        })
    }

    pub fn delete_group(&mut self, group_id: &str) -> Result<Deleted, ApiError> {
        self.api_writable_group(group_id)?;
        self.remove_group(group_id)?;
        Ok(Deleted::with_id("group.deleted", group_id))
    }

    /// Members in the order they joined (the pager reverses for `desc`).
    pub fn list_group_users(&self, group_id: &str) -> Result<Vec<GroupUserObject>, ApiError> {
        let group = self.group(group_id)?;
        Ok(group
            .members
            .iter()
            .filter(|m| readable(m.hidden_until))
            .filter_map(|m| self.user(&m.user_id).ok())
            .map(|u| GroupUserObject {
                id: u.id.clone(),
                name: u.name.clone(),
                email: Some(u.email.clone()),
            })
            .collect())
    }

    pub fn get_group_user(
        &self,
        group_id: &str,
        user_id: &str,
    ) -> Result<GroupMemberUser, ApiError> {
        let group = self.group(group_id)?;
        let user = self.user(user_id)?;
        match group.member(user_id) {
            Some(m) if readable(m.hidden_until) => Ok(GroupMemberUser {
                id: user.id.clone(),
                name: user.name.clone(),
                email: Some(user.email.clone()),
                picture: None,
                is_service_account: Some(false),
                user_type: "user",
            }),
            _ => Err(not_in_group(user_id, group_id)),
        }
    }

    pub fn add_group_user(
        &mut self,
        group_id: &str,
        user_id: &str,
    ) -> Result<GroupUserAssignment, ApiError> {
        self.api_writable_group(group_id)?;
        let hidden_until = self.hidden_until();
        self.insert_member(group_id, user_id, hidden_until)?;
        Ok(GroupUserAssignment {
            object: "group.user",
            user_id: user_id.to_string(),
            group_id: group_id.to_string(),
        })
    }

    pub fn remove_group_user(
        &mut self,
        group_id: &str,
        user_id: &str,
    ) -> Result<Deleted, ApiError> {
        self.api_writable_group(group_id)?;
        self.remove_member(group_id, user_id)?;
        Ok(Deleted::without_id("group.user.deleted"))
    }

    // ----- out-of-band access for tests (FakeHandle) ----------------------
    // These stand for the dashboard or the identity provider: SCIM does not
    // stop them, and what they create is readable at once.

    pub fn groups(&self) -> Vec<FakeGroup> {
        self.groups.iter().map(GroupRec::fake).collect()
    }

    /// User ids of a group's members in the order they joined; empty for
    /// an unknown group.
    pub fn group_members(&self, group_id: &str) -> Vec<String> {
        self.group(group_id)
            .map(|g| g.members.iter().map(|m| m.user_id.clone()).collect())
            .unwrap_or_default()
    }

    pub fn force_create_group(&mut self, name: &str) -> Result<String, ApiError> {
        self.insert_group(name, None).map(|g| g.id.clone())
    }

    pub fn force_rename_group(&mut self, group_id: &str, name: &str) -> bool {
        self.set_group_name(group_id, name).is_ok()
    }

    pub fn force_delete_group(&mut self, group_id: &str) -> bool {
        self.remove_group(group_id).is_ok()
    }

    pub fn force_add_group_member(&mut self, group_id: &str, user_id: &str) -> bool {
        self.insert_member(group_id, user_id, None).is_ok()
    }

    pub fn force_remove_group_member(&mut self, group_id: &str, user_id: &str) -> bool {
        self.remove_member(group_id, user_id).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::test_support::*;
    use super::super::{Rules, Scope};
    use super::*;
    use crate::fake::pagination::{ListParams, ListSpec, paginate};

    #[test]
    fn fixture_groups() {
        let s = store();
        let groups = s.list_groups();
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(
            names,
            ["Engineering", "Support", "Finance", "Contractors", "Sales"]
        );
        assert!(groups.iter().all(|g| g.group_type == "group"));
        let scim: Vec<bool> = groups.iter().map(|g| g.is_scim_managed).collect();
        assert_eq!(scim, [false, false, false, false, true]);
        assert_eq!(
            s.group_members("group_engineering"),
            ["user_alice", "user_bob"]
        );
        assert_eq!(s.group_members("group_support"), ["user_carol"]);
        assert!(s.group_members("group_finance").is_empty());
        assert_eq!(s.group_members("group_sales"), ["user_dee"]);
        assert_eq!(s.get_group("group_sales").unwrap().name, "Sales");
        let err = s.get_group("group_nope").unwrap_err();
        assert_eq!(status_code(&err), (404, Some("group_not_found")));
    }

    #[test]
    fn create_rename_and_name_bounds() {
        let mut s = store();
        let g = s.create_group("Data Science").unwrap();
        assert_eq!(g.id.len(), 32, "real group ids: 32 hex, no prefix");
        assert!(!g.is_scim_managed);
        assert_eq!(s.list_groups().last().unwrap().id, g.id);
        let renamed = s.rename_group(&g.id, "Data").unwrap();
        assert_eq!(
            (renamed.name.as_str(), renamed.created_at),
            ("Data", g.created_at)
        );
        assert_eq!(s.get_group(&g.id).unwrap().name, "Data");
        let longest = "x".repeat(255);
        assert!(s.create_group(&longest).is_ok());
        for bad in ["", "   ", &"x".repeat(256)] {
            let err = s.create_group(bad).unwrap_err();
            assert_eq!(
                (err.status, err.param.as_deref(), err.code.as_deref()),
                (400, Some("name"), Some("invalid_value"))
            );
            assert_eq!(s.rename_group(&g.id, bad).unwrap_err().status, 400);
        }
        assert_eq!(s.rename_group("group_nope", "x").unwrap_err().status, 404);
    }

    #[test]
    fn scim_groups_refuse_changes_through_the_api() {
        let mut s = store();
        let refusals = [
            s.rename_group("group_sales", "Sales 2").unwrap_err(),
            s.delete_group("group_sales").unwrap_err(),
            s.add_group_user("group_sales", "user_erin").unwrap_err(),
            s.remove_group_user("group_sales", "user_dee").unwrap_err(),
        ];
        for err in refusals {
            assert_eq!(status_code(&err), (400, Some("group_is_scim_managed")));
            assert!(err.message.contains("SCIM") && err.message.contains("identity provider"));
            assert!(err.message.contains("'Sales'"));
        }
        assert_eq!(s.group_members("group_sales"), ["user_dee"]);
        assert_eq!(s.get_group("group_sales").unwrap().name, "Sales");
        // Reads work; the identity provider (the handle) may change it.
        assert_eq!(s.list_group_users("group_sales").unwrap()[0].id, "user_dee");
        assert!(s.force_add_group_member("group_sales", "user_erin"));
        assert!(s.force_rename_group("group_sales", "Sales EMEA"));
        assert!(s.force_delete_group("group_sales"));
    }

    #[test]
    fn members_add_retrieve_remove() {
        let mut s = store();
        let added = s.add_group_user("group_finance", "user_erin").unwrap();
        assert_eq!(
            (
                added.object,
                added.group_id.as_str(),
                added.user_id.as_str()
            ),
            ("group.user", "group_finance", "user_erin")
        );
        let got = s.get_group_user("group_finance", "user_erin").unwrap();
        assert_eq!(
            (got.email.as_deref(), got.user_type, got.is_service_account),
            (Some("erin@example.com"), "user", Some(false))
        );
        let err = s.add_group_user("group_finance", "user_erin").unwrap_err();
        assert_eq!(status_code(&err), (400, Some("user_already_in_group")));
        let err = s.add_group_user("group_finance", "user_nope").unwrap_err();
        assert_eq!(status_code(&err), (404, Some("user_not_found")));
        assert!(err.message.contains("not a member of this organization"));
        let err = s.add_group_user("group_nope", "user_erin").unwrap_err();
        assert_eq!(status_code(&err), (404, Some("group_not_found")));

        let removed = s.remove_group_user("group_finance", "user_erin").unwrap();
        assert_eq!((removed.object, removed.id), ("group.user.deleted", None));
        let err = s
            .remove_group_user("group_finance", "user_erin")
            .unwrap_err();
        assert_eq!(status_code(&err), (404, Some("user_not_in_group")));
        let err = s.get_group_user("group_finance", "user_erin").unwrap_err();
        assert_eq!(err.status, 404);
        let err = s.get_group_user("group_finance", "user_nope").unwrap_err();
        assert_eq!(status_code(&err), (404, Some("user_not_found")));
    }

    #[test]
    fn members_page_newest_first_by_last_user_id() {
        let mut s = store();
        for user in ["user_carol", "user_dee", "user_erin"] {
            s.add_group_user("group_engineering", user).unwrap();
        }
        let members = s.list_group_users("group_engineering").unwrap();
        let mut params = ListParams::defaults(&ListSpec::GROUP_USERS);
        let mut seen = Vec::new();
        loop {
            let page = paginate(members.clone(), &params, 2).unwrap();
            seen.extend(page.data.iter().map(|u| u.id.clone()));
            match page.cursor() {
                Some(after) => params.after = Some(after.to_string()),
                None => break,
            }
        }
        assert_eq!(
            seen,
            [
                "user_erin",
                "user_dee",
                "user_carol",
                "user_bob",
                "user_alice"
            ]
        );
    }

    #[test]
    fn deleting_a_group_cascades() {
        let mut s = store();
        let temp = s.create_group("Temp").unwrap();
        s.add_group_user(&temp.id, "user_bob").unwrap();
        assert!(s.force_add_project_group("proj_beta", &temp.id, Some("role-api-project-viewer")));
        assign(
            &mut s,
            Scope::Org,
            g(&temp.id),
            "role-api-organization-viewer",
        )
        .unwrap();
        assert_eq!(s.group_assignments().len(), 2);
        let deleted = s.delete_group(&temp.id).unwrap();
        assert_eq!(
            (deleted.object, deleted.id.as_deref()),
            ("group.deleted", Some(temp.id.as_str()))
        );
        assert!(!s.project_groups("proj_beta").contains(&temp.id));
        assert!(s.group_assignments().is_empty());
        assert!(s.group_members(&temp.id).is_empty());
        assert_eq!(s.get_group(&temp.id).unwrap_err().status, 404);
        assert_eq!(s.delete_group(&temp.id).unwrap_err().status, 404);
    }

    #[test]
    fn created_groups_and_members_are_read_late_when_configured() {
        let mut s = Store::new(Rules {
            read_after_write_delay: Duration::from_secs(60),
            ..Rules::default()
        });
        let g = s.create_group("Late").unwrap();
        assert_eq!(s.get_group(&g.id).unwrap_err().status, 404);
        assert!(s.list_groups().iter().all(|x| x.id != g.id));
        // Writes see it at once.
        s.add_group_user(&g.id, "user_erin").unwrap();
        assert!(s.list_group_users(&g.id).unwrap().is_empty());
        assert_eq!(
            s.get_group_user(&g.id, "user_erin").unwrap_err().status,
            404
        );
        assert_eq!(
            s.add_group_user(&g.id, "user_erin")
                .unwrap_err()
                .code
                .as_deref(),
            Some("user_already_in_group")
        );
        assert_eq!(
            s.groups().last().unwrap().id,
            g.id,
            "the handle sees everything"
        );
    }

    #[test]
    fn out_of_band_group_edits() {
        let mut s = store();
        let id = s.force_create_group("Ops").unwrap();
        assert!(s.force_create_group(" ").is_err());
        assert!(s.force_rename_group(&id, "Operations"));
        assert!(!s.force_rename_group(&id, ""));
        assert!(s.force_add_group_member(&id, "user_erin"));
        assert!(!s.force_add_group_member(&id, "user_erin"));
        assert!(!s.force_add_group_member(&id, "user_nope"));
        assert_eq!(s.group_members(&id), ["user_erin"]);
        assert!(s.force_remove_group_member(&id, "user_erin"));
        assert!(!s.force_remove_group_member(&id, "user_erin"));
        assert!(s.force_delete_group(&id));
        assert!(!s.force_delete_group(&id));
        assert_eq!(s.groups().len(), 5);
    }
}

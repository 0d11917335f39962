//! Users of the organization: listed (optionally by email), retrieved,
//! given another organization role, removed. Users join as the fixture
//! says, by an accepted invite (`collections::invites`), or out of band.
//! Removing one removes the user everywhere: group memberships, project
//! memberships, role assignments, and the API keys the user owns.

use serde::Serialize;
use serde_json::{Value, json};

use super::{Store, now};
use crate::fake::collections::Body;
use crate::fake::errors::ApiError;
use crate::fake::wire::UserObject;

/// Organization roles.
const ORG_ROLES: &[&str] = &["owner", "reader"];

/// A user as the test handle sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FakeUser {
    pub id: String,
    pub name: String,
    pub email: String,
    /// Organization role: `owner` or `reader`.
    pub role: String,
}

/// Who owns a key made with the admin key.
pub struct OwnerRef {
    pub id: String,
    pub name: String,
    pub added_at: i64,
}

#[derive(Debug)]
pub(super) struct UserRec {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) email: String,
    pub(super) role: String,
    pub(super) added_at: i64,
}

impl UserRec {
    pub(super) fn object(&self) -> UserObject {
        UserObject {
            object: "organization.user",
            id: self.id.clone(),
            name: self.name.clone(),
            email: Some(self.email.clone()),
            role: self.role.clone(),
            added_at: self.added_at,
        }
    }

    fn fake(&self) -> FakeUser {
        FakeUser {
            id: self.id.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role.clone(),
        }
    }
}

impl Store {
    /// Users of the organization, in the order they joined; with `emails`,
    /// only those whose address is one of them (ignoring case).
    pub fn list_users(&self, emails: &[&str]) -> Vec<UserObject> {
        self.users
            .iter()
            .filter(|u| {
                emails.is_empty() || emails.iter().any(|e| e.eq_ignore_ascii_case(&u.email))
            })
            .map(UserRec::object)
            .collect()
    }

    pub fn get_user(&self, user_id: &str) -> Result<UserObject, ApiError> {
        self.user(user_id).map(UserRec::object)
    }

    /// The user with this email address (ignoring case), 404 if none.
    pub(super) fn user_by_email(&self, email: &str) -> Result<&UserRec, ApiError> {
        self.users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(email))
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "User with email '{email}' is not a member of this organization."
                ))
                .with_param("email")
                .with_code("user_not_found")
            })
    }

    /// The organization's first owner, in joining order.
    pub(in crate::fake) fn first_owner(&self) -> Option<OwnerRef> {
        self.users
            .iter()
            .find(|u| u.role == "owner")
            .map(|u| OwnerRef {
                id: u.id.clone(),
                name: u.name.clone(),
                added_at: u.added_at,
            })
    }

    /// The id of the user with this email address (ignoring case).
    pub(in crate::fake) fn user_id_by_email(&self, email: &str) -> Option<&str> {
        self.user_by_email(email).ok().map(|u| u.id.as_str())
    }

    /// `POST /organization/users/{u}`: `{role}` (`owner` or `reader`); the
    /// other documented fields (`role_id`, `technical_level`,
    /// `developer_persona`) are accepted and not kept.
    pub fn modify_user(&mut self, user_id: &str, body: &Value) -> Result<UserObject, ApiError> {
        let body = Body::new(
            body,
            &["role", "role_id", "technical_level", "developer_persona"],
        )?;
        let role = body.enum_str("role", ORG_ROLES)?;
        for key in ["role_id", "technical_level", "developer_persona"] {
            body.str(key)?;
        }
        self.user(user_id)?;
        if let Some(role) = role
            && let Some(rec) = self.users.iter_mut().find(|u| u.id == user_id)
        {
            rec.role = role;
        }
        self.get_user(user_id)
    }

    /// `DELETE /organization/users/{u}`: the user leaves the organization,
    /// every group and project, loses every role assignment and every API
    /// key they own.
    pub fn delete_user(&mut self, user_id: &str) -> Result<Value, ApiError> {
        self.user(user_id)?;
        self.users.retain(|u| u.id != user_id);
        for group in &mut self.groups {
            group.members.retain(|m| m.user_id != user_id);
        }
        for project in &mut self.projects {
            project.users.retain(|u| u.user_id != user_id);
        }
        self.drop_assignments(None, super::Principal::user(user_id));
        crate::fake::collections::project_api_keys::drop_keys_of_owner(self, user_id);
        Ok(json!({"object": "organization.user.deleted", "id": user_id, "deleted": true}))
    }

    /// Adds a user with this id (minted by the caller, e.g. an accepted invite).
    pub(in crate::fake) fn join_organization(
        &mut self,
        id: &str,
        name: &str,
        email: &str,
        role: &str,
    ) -> Result<(), ApiError> {
        if self.user_by_email(email).is_ok() {
            return Err(ApiError::bad_request(format!(
                "A user with email '{email}' already exists."
            ))
            .with_param("email")
            .with_code("user_already_exists"));
        }
        self.users.push(UserRec {
            id: id.to_string(),
            name: name.to_string(),
            email: email.to_string(),
            role: role.to_string(),
            added_at: now(),
        });
        Ok(())
    }

    pub fn users(&self) -> Vec<FakeUser> {
        self.users.iter().map(UserRec::fake).collect()
    }

    /// Adds a reader to the organization out of band; refuses an empty name
    /// or an email address another user has.
    pub fn force_add_user(&mut self, name: &str, email: &str) -> Result<String, ApiError> {
        if name.trim().is_empty() || !email.contains('@') {
            return Err(ApiError::bad_request(
                "A user needs a name and an email address.",
            ));
        }
        if self.user_by_email(email).is_ok() {
            return Err(ApiError::bad_request(format!(
                "A user with email '{email}' already exists."
            )));
        }
        let id = self.new_id("user");
        self.users.push(UserRec {
            id: id.clone(),
            name: name.to_string(),
            email: email.to_string(),
            role: "reader".to_string(),
            added_at: now(),
        });
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn users_added_out_of_band_are_listed_and_unique_by_email() {
        let mut s = store();
        let id = s.force_add_user("Frank", "frank@example.com").unwrap();
        assert!(id.starts_with("user_"), "{id}");
        assert_eq!(
            s.get_user(&id).unwrap().email.as_deref(),
            Some("frank@example.com")
        );
        assert_eq!(s.list_users(&["FRANK@example.com"])[0].id, id);
        assert!(s.force_add_user("Frank 2", "Frank@example.com").is_err());
        assert!(s.force_add_user(" ", "x@example.com").is_err());
        assert_eq!(s.users().len(), 6);
    }

    #[test]
    fn fixture_users() {
        let s = store();
        let users = s.list_users(&[]);
        let emails: Vec<&str> = users.iter().map(|u| u.email.as_deref().unwrap()).collect();
        assert_eq!(
            emails,
            [
                "alice@example.com",
                "bob@example.com",
                "carol@example.com",
                "dee@example.com",
                "erin@example.com"
            ]
        );
        assert_eq!(users[0].object, "organization.user");
        assert_eq!(
            (users[0].name.as_str(), users[0].role.as_str()),
            ("Alice", "owner")
        );
        assert!(users[1..].iter().all(|u| u.role == "reader"));
        assert!(s.user_assignments().is_empty());
    }

    #[test]
    fn emails_filter_ignores_case_and_unknown_addresses() {
        let s = store();
        let ids = |emails: &[&str]| -> Vec<String> {
            s.list_users(emails).into_iter().map(|u| u.id).collect()
        };
        assert_eq!(
            ids(&["ERIN@example.com", "bob@example.com", "nobody@example.com"]),
            ["user_bob", "user_erin"],
            "organization order, not the order asked"
        );
        assert!(ids(&["nobody@example.com"]).is_empty());
        assert_eq!(ids(&[]).len(), 5);
        assert_eq!(s.user_by_email("Dee@Example.com").unwrap().id, "user_dee");
        let err = s.user_by_email("x@example.com").unwrap_err();
        assert_eq!(status_code(&err), (404, Some("user_not_found")));
    }

    #[test]
    fn retrieve() {
        let s = store();
        let dee = s.get_user("user_dee").unwrap();
        assert_eq!(
            (dee.name.as_str(), dee.email.as_deref().unwrap()),
            ("Dee", "dee@example.com")
        );
        let err = s.get_user("user_nope").unwrap_err();
        assert_eq!(status_code(&err), (404, Some("user_not_found")));
        assert_eq!(
            err.message,
            "User with id 'user_nope' is not a member of this organization."
        );
    }
}

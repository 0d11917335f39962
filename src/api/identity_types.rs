//! Wire types of who belongs where: group members, projects, the groups and
//! users of a project.
//!
//! Decoding is as lenient as in `types.rs`: optional fields default when
//! missing or null and unknown fields are ignored. Only the ids that identify
//! an object are required.

use serde::{Deserialize, Serialize};

use super::types::{ListItem, lenient_timestamp, null_as_default};

/// A member of a group: `GroupUser` in `GET /organization/groups/{g}/users`,
/// `GroupMemberUser` from retrieving one member (its extra fields, such as
/// `picture`, are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupUser {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
}

/// What adding a user to a group returns (`object: "group.user"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupUserAssignment {
    pub group_id: String,
    pub user_id: String,
}

/// A project (`object: "organization.project"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub created_at: i64,
    #[serde(default, deserialize_with = "lenient_timestamp")]
    pub archived_at: Option<i64>,
    /// `active` or `archived`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub status: String,
}

impl Project {
    /// The `status` of a project in use.
    pub const ACTIVE: &'static str = "active";
    /// The `status` of an archived project.
    pub const ARCHIVED: &'static str = "archived";

    /// Archived: by status, or by an archive time when the status is not
    /// `active` (an answer may leave either out). An `active` project with
    /// an archive time is taken at its status: the API still serves it.
    pub fn is_archived(&self) -> bool {
        self.status == Self::ARCHIVED || (self.status != Self::ACTIVE && self.archived_at.is_some())
    }
}

/// A group's access to a project (`object: "project.group"`). The API does
/// not return the role the group was given when it joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectGroup {
    pub project_id: String,
    pub group_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub group_name: String,
    /// `group` or `tenant_group`; absent from the documented list and add
    /// examples.
    #[serde(default)]
    pub group_type: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub created_at: i64,
}

/// A user's membership of a project (`object: "organization.project.user"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectUser {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    /// `owner` or `member`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub role: String,
    #[serde(default, deserialize_with = "lenient_timestamp")]
    pub added_at: Option<i64>,
}

/// Body of `POST /organization/projects/{p}/users`: the user is named by
/// exactly one of `user_id` and `email` (checked before sending).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddProjectUserRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `owner` or `member`.
    pub role: String,
}

/// Body naming a group or project by its new `name` (create and update of
/// groups and projects).
#[derive(Debug, Serialize)]
pub(crate) struct NameBody<'a> {
    pub name: &'a str,
}

/// Body of adding a user to a group.
#[derive(Debug, Serialize)]
pub(crate) struct UserIdBody<'a> {
    pub user_id: &'a str,
}

/// Body of giving a group access to a project, with its join role.
#[derive(Debug, Serialize)]
pub(crate) struct ProjectGroupBody<'a> {
    pub group_id: &'a str,
    pub role: &'a str,
}

/// Body of changing a project user's role.
#[derive(Debug, Serialize)]
pub(crate) struct RoleBody<'a> {
    pub role: &'a str,
}

impl ListItem for GroupUser {
    fn cursor_id(&self) -> &str {
        &self.id
    }
}

impl ListItem for Project {
    fn cursor_id(&self) -> &str {
        &self.id
    }
}

impl ListItem for ProjectGroup {
    fn cursor_id(&self) -> &str {
        &self.group_id
    }
}

impl ListItem for ProjectUser {
    fn cursor_id(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};

    use super::*;

    fn decode<T: DeserializeOwned>(value: Value) -> T {
        serde_json::from_value(value).unwrap()
    }

    /// `with_nulls` is `minimal` plus each listed field set to null, plus an
    /// unknown field; both must decode to the same value.
    fn same_with_nulls_and_extras<T>(minimal: Value, nullable: &[&str]) -> T
    where
        T: DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let mut with_nulls = minimal.clone();
        let object = with_nulls.as_object_mut().unwrap();
        for field in nullable {
            object.insert(field.to_string(), Value::Null);
        }
        object.insert("added_in_a_later_version".into(), json!({"nested": [1, 2]}));
        let absent: T = decode(minimal);
        assert_eq!(absent, decode::<T>(with_nulls));
        absent
    }

    #[test]
    fn group_user_defaults_name_and_email() {
        let user: GroupUser =
            same_with_nulls_and_extras(json!({"id": "user_1"}), &["name", "email"]);
        assert_eq!((user.name.as_str(), user.email), ("", None));
    }

    #[test]
    fn project_defaults_everything_but_its_id() {
        let project: Project = same_with_nulls_and_extras(
            json!({"id": "proj_1"}),
            &[
                "name",
                "created_at",
                "archived_at",
                "status",
                "object",
                "external_key_id",
            ],
        );
        assert_eq!(
            project,
            Project {
                id: "proj_1".into(),
                name: String::new(),
                created_at: 0,
                archived_at: None,
                status: String::new(),
            }
        );
        let float: Project =
            decode(json!({"id": "proj_1", "archived_at": 1711471533.0, "residency": "us"}));
        assert_eq!(float.archived_at, Some(1711471533));
    }

    #[test]
    fn project_group_needs_only_its_two_ids() {
        let access: ProjectGroup = same_with_nulls_and_extras(
            json!({"project_id": "proj_1", "group_id": "group_1"}),
            &["group_name", "group_type", "created_at", "object"],
        );
        assert_eq!(
            (
                access.group_name.as_str(),
                access.group_type,
                access.created_at
            ),
            ("", None, 0)
        );
        let error =
            serde_json::from_value::<ProjectGroup>(json!({"project_id": "proj_1"})).unwrap_err();
        assert!(error.to_string().contains("group_id"), "{error}");
    }

    #[test]
    fn project_user_defaults_all_but_its_id() {
        let user: ProjectUser = same_with_nulls_and_extras(
            json!({"id": "user_1"}),
            &["name", "email", "role", "added_at", "object"],
        );
        assert_eq!(
            (
                user.name.as_str(),
                user.email,
                user.role.as_str(),
                user.added_at
            ),
            ("", None, "", None)
        );
    }

    #[test]
    fn group_user_assignment_needs_both_ids() {
        let assignment: GroupUserAssignment = same_with_nulls_and_extras(
            json!({"group_id": "group_1", "user_id": "user_1"}),
            &["object"],
        );
        assert_eq!(assignment.user_id, "user_1");
        assert!(serde_json::from_value::<GroupUserAssignment>(json!({"group_id": "g"})).is_err());
    }

    #[test]
    fn add_project_user_request_omits_the_unused_name() {
        let by_email = AddProjectUserRequest {
            user_id: None,
            email: Some("a@example.com".into()),
            role: "member".into(),
        };
        assert_eq!(
            serde_json::to_value(&by_email).unwrap(),
            json!({"email": "a@example.com", "role": "member"})
        );
    }

    #[test]
    fn archived_by_status_or_archive_time() {
        let project = |status: &str, archived_at: Option<i64>| Project {
            id: "proj_1".into(),
            name: "Gamma".into(),
            created_at: 1,
            archived_at,
            status: status.into(),
        };
        assert!(!project("active", None).is_archived());
        assert!(project("archived", Some(5)).is_archived());
        assert!(project("archived", None).is_archived());
        assert!(project("", Some(5)).is_archived());
        assert!(!project("", None).is_archived());
        // The status wins: the API still serves an active project.
        assert!(!project("active", Some(5)).is_archived());
    }

    #[test]
    fn project_groups_continue_after_their_group_id() {
        let access: ProjectGroup = decode(json!({"project_id": "proj_1", "group_id": "group_9"}));
        assert_eq!(access.cursor_id(), "group_9");
    }
}

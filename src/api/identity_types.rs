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
///
/// The user's id comes as `id` (as documented) or as `user_id`: the official
/// provider's client (openai/terraform-provider-openai 1.1.0) reads
/// `id`, then `user_id`, from both the add and the retrieve answer, so the
/// API has been seen to answer either.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "GroupUserWire")]
pub struct GroupUser {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
}

/// [`GroupUser`] as it arrives, with either id field.
#[derive(Deserialize)]
struct GroupUserWire {
    #[serde(default, deserialize_with = "null_as_default")]
    id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    user_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    name: String,
    #[serde(default)]
    email: Option<String>,
}

impl TryFrom<GroupUserWire> for GroupUser {
    type Error = &'static str;

    fn try_from(wire: GroupUserWire) -> Result<Self, Self::Error> {
        Ok(GroupUser {
            id: first_id(wire.id, wire.user_id).ok_or("missing field `id` (or `user_id`)")?,
            name: wire.name,
            email: wire.email,
        })
    }
}

/// What adding a user to a group returns (`object: "group.user"`). The user
/// may come as `user_id` (documented) or `id`, as for [`GroupUser`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "GroupUserAssignmentWire")]
pub struct GroupUserAssignment {
    pub group_id: String,
    pub user_id: String,
}

/// [`GroupUserAssignment`] as it arrives, with either id field.
#[derive(Deserialize)]
struct GroupUserAssignmentWire {
    group_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    user_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    id: String,
}

impl TryFrom<GroupUserAssignmentWire> for GroupUserAssignment {
    type Error = &'static str;

    fn try_from(wire: GroupUserAssignmentWire) -> Result<Self, Self::Error> {
        Ok(GroupUserAssignment {
            group_id: wire.group_id,
            user_id: first_id(wire.user_id, wire.id).ok_or("missing field `user_id` (or `id`)")?,
        })
    }
}

/// The documented id field when the answer has it, else the other one.
fn first_id(documented: String, other: String) -> Option<String> {
    [documented, other].into_iter().find(|id| !id.is_empty())
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
    /// The external key associated with the project (null when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_key_id: Option<String>,
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

/// Body of `create-project` and `modify-project`: the name and, only when
/// it is to be set or changed, `external_key_id` (left out, the project's
/// key stays as it is).
#[derive(Debug, Serialize)]
pub(crate) struct ProjectBody<'a> {
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_key_id: Option<&'a str>,
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
                external_key_id: None,
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
    fn a_group_member_may_come_as_user_id() {
        // Evidence: the official provider's client reads `id` or `user_id`
        // from both the add and the retrieve answer.
        let by_user_id: GroupUser =
            decode(json!({"object": "group.user", "user_id": "user_1", "name": "Ada"}));
        assert_eq!(
            (by_user_id.id.as_str(), by_user_id.name.as_str()),
            ("user_1", "Ada")
        );
        let both: GroupUser = decode(json!({"id": "user_1", "user_id": "user_other"}));
        assert_eq!(both.id, "user_1", "the documented field wins");
        let err = serde_json::from_value::<GroupUser>(json!({"name": "Ada", "user_id": null}));
        assert!(err.unwrap_err().to_string().contains("`id` (or `user_id`)"));

        let by_id: GroupUserAssignment = decode(json!({"group_id": "g", "id": "user_2"}));
        assert_eq!(by_id.user_id, "user_2");
        let both: GroupUserAssignment =
            decode(json!({"group_id": "g", "user_id": "user_2", "id": "x"}));
        assert_eq!(both.user_id, "user_2", "the documented field wins");
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
            external_key_id: None,
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

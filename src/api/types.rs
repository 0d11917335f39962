//! Wire types of the Admin API: roles, groups, users, role assignments and
//! list pages. Group members, projects and their members are in
//! `identity_types.rs`.
//!
//! Decoding is lenient on purpose: optional fields default when missing or
//! null and unknown fields are ignored, so an API that grows a field does not
//! break `terraform apply`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use super::pagination::{Cursor, ListSpec};

/// A role (`object: "role"`), project- or organization-scoped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub permissions: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub resource_type: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub predefined_role: bool,
}

impl Role {
    /// Every predefined role's ID starts so: `role-api-organization-owner`,
    /// `role-api-project-member`.
    const PREDEFINED_PREFIX: &'static str = "role-api-";
    /// A predefined project role's alias starts so: `role-api-project-member`.
    const PREDEFINED_PROJECT_PREFIX: &'static str = "role-api-project-";
    /// Separates a predefined project role's alias from its project in the
    /// ID the API may echo: `role-api-project-member__api-project__proj_abc`.
    pub const PROJECT_SCOPE_MARK: &'static str = "__api-project__";

    /// Made by OpenAI: by its flag, or by its ID's shape when an answer
    /// leaves the flag out.
    pub fn is_predefined(&self) -> bool {
        self.predefined_role || self.id.starts_with(Self::PREDEFINED_PREFIX)
    }

    /// A role ID of project `project_id` as configurations and import IDs
    /// write it: a predefined role's ID scoped to that project
    /// (`<alias>__api-project__<project_id>`) as its alias; any other ID,
    /// another project's scoped ID included, as it is.
    pub fn short_id<'a>(project_id: &str, role_id: &'a str) -> &'a str {
        match role_id.split_once(Self::PROJECT_SCOPE_MARK) {
            Some((alias, project)) if project == project_id && !alias.is_empty() => alias,
            _ => role_id,
        }
    }

    /// True for a predefined project role's alias (`role-api-project-member`):
    /// not a custom role's ID, nor a project-scoped ID.
    pub fn is_predefined_project_alias(role_id: &str) -> bool {
        role_id.starts_with(Self::PREDEFINED_PROJECT_PREFIX) && !role_id.contains("__")
    }
}

/// A group: `GroupResponse` (`GET`/`POST /organization/groups[/{id}]`),
/// `GroupResourceWithSuccess` (update) and the `group` object inside role
/// assignments.
///
/// Accepts every shape groups come in: `is_scim_managed` (group endpoints)
/// or `scim_managed` (role assignments), and `group_id`/`group_name` from
/// `project.group` objects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    #[serde(alias = "group_id")]
    pub id: String,
    #[serde(alias = "group_name")]
    pub name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub created_at: i64,
    #[serde(
        default,
        alias = "is_scim_managed",
        deserialize_with = "null_as_default"
    )]
    pub scim_managed: bool,
    /// `group` or `tenant_group`; absent from update answers and from the
    /// documented list example.
    #[serde(default)]
    pub group_type: Option<String>,
}

/// `GET /organization/users`, filtered or not.
pub(crate) const USER_LIST: ListSpec = ListSpec {
    max_limit: 100,
    cursor: Cursor::LastObjectId,
};

/// A member of the organization (`object: "organization.user"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    /// Organization role, e.g. `owner` or `reader`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub role: String,
    #[serde(default, deserialize_with = "lenient_timestamp")]
    pub added_at: Option<i64>,
}

/// Something roles are assigned to: a [`Group`] or a [`User`]. Both have
/// the same assignment endpoints below `/organization/<collection>/{id}` and
/// `/projects/{project_id}/<collection>/{id}`.
pub trait Principal: DeserializeOwned + Send + Sync + 'static {
    /// The path collection: `groups` or `users`.
    const COLLECTION: &'static str;
    /// The id's name in paths and errors: `group_id` or `user_id`.
    const ID_NAME: &'static str;
    /// The documented paging of `GET /organization/<collection>`.
    const LIST: ListSpec;

    fn id(&self) -> &str;
}

impl Principal for Group {
    const COLLECTION: &'static str = "groups";
    const ID_NAME: &'static str = "group_id";
    /// Up to 1000 per page; `next` is a group id.
    const LIST: ListSpec = ListSpec {
        max_limit: 1000,
        cursor: Cursor::Next,
    };

    fn id(&self) -> &str {
        &self.id
    }
}

impl Principal for User {
    const COLLECTION: &'static str = "users";
    const ID_NAME: &'static str = "user_id";
    /// Up to 100 per page, `after` = the last user's id.
    const LIST: ListSpec = USER_LIST;

    fn id(&self) -> &str {
        &self.id
    }
}

/// What assigning a role returns: `{"object": "group.role", "group": {..},
/// "role": {..}}`, or the same with `user.role` and `user`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RoleAssignment<P> {
    #[serde(alias = "group", alias = "user")]
    pub principal: P,
    pub role: Role,
}

pub type GroupRoleAssignment = RoleAssignment<Group>;
pub type UserRoleAssignment = RoleAssignment<User>;

/// A principal an assignment is inherited from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentSource {
    #[serde(default, deserialize_with = "null_as_default")]
    pub principal_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub principal_type: String,
}

/// A role as assigned to a principal: the flat "retrieved assignment" object
/// (the role's fields plus assignment metadata).
///
/// List endpoints are not documented precisely, so decoding also accepts a
/// nested `{"object":"group.role","group":{..},"role":{..}}` item (or its
/// `user.role` twin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssignedRole {
    #[serde(flatten)]
    pub role: Role,
    pub created_at: Option<i64>,
    pub updated_at: Option<i64>,
    pub created_by: Option<String>,
    /// Non-null when the assignment is (also) inherited from another principal.
    pub assignment_sources: Option<Vec<AssignmentSource>>,
}

/// Assignment metadata, shared by both accepted shapes of [`AssignedRole`].
#[derive(Deserialize)]
struct AssignmentMetadata {
    #[serde(default, deserialize_with = "lenient_timestamp")]
    created_at: Option<i64>,
    #[serde(default, deserialize_with = "lenient_timestamp")]
    updated_at: Option<i64>,
    #[serde(default)]
    created_by: Option<String>,
    #[serde(default)]
    assignment_sources: Option<Vec<AssignmentSource>>,
}

/// The two shapes an assigned role may arrive in. Nested is tried first: a
/// flat object has no `role` key, so it can never match by accident.
#[derive(Deserialize)]
#[serde(untagged)]
enum AssignedRoleWire {
    Nested {
        role: Role,
        #[serde(flatten)]
        metadata: AssignmentMetadata,
    },
    Flat {
        #[serde(flatten)]
        role: Role,
        #[serde(flatten)]
        metadata: AssignmentMetadata,
    },
}

impl<'de> Deserialize<'de> for AssignedRole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (role, metadata) = match AssignedRoleWire::deserialize(deserializer) {
            Ok(AssignedRoleWire::Nested { role, metadata })
            | Ok(AssignedRoleWire::Flat { role, metadata }) => (role, metadata),
            Err(_) => {
                return Err(serde::de::Error::custom(
                    "expected an assigned role: either a role object with `id` and `name`, \
                     or a `group.role`/`user.role` object with a `role` field",
                ));
            }
        };
        Ok(AssignedRole {
            role,
            created_at: metadata.created_at,
            updated_at: metadata.updated_at,
            created_by: metadata.created_by,
            assignment_sources: metadata.assignment_sources,
        })
    }
}

/// Body of a role create. `description` is omitted when `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateRoleRequest {
    pub role_name: String,
    pub permissions: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Body of a role update. Always carries the complete desired state
/// (`description: null` clears it) because it is unknown whether the API
/// merges or replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdateRoleRequest {
    pub role_name: String,
    pub permissions: Vec<String>,
    pub description: Option<String>,
}

/// Body of a role assignment.
#[derive(Debug, Serialize)]
pub(crate) struct AssignRoleRequest<'a> {
    pub role_id: &'a str,
}

/// One page of a list endpoint.
#[derive(Debug, Clone, Deserialize)]
pub struct ListPage<T> {
    #[serde(default)]
    pub object: Option<String>,
    pub data: Vec<T>,
    pub has_more: bool,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub first_id: Option<String>,
    #[serde(default)]
    pub last_id: Option<String>,
}

/// The id a list item contributes as a last-resort pagination cursor.
pub(crate) trait ListItem {
    fn cursor_id(&self) -> &str;
}

impl ListItem for Role {
    fn cursor_id(&self) -> &str {
        &self.id
    }
}

impl<P: Principal> ListItem for P {
    fn cursor_id(&self) -> &str {
        self.id()
    }
}

impl ListItem for AssignedRole {
    fn cursor_id(&self) -> &str {
        &self.role.id
    }
}

/// Treats an explicit JSON `null` like a missing field.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Unix timestamps documented as "number": accept integers and floats.
pub(crate) fn lenient_timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Number {
        Int(i64),
        Float(f64),
    }
    Ok(match Option::<Number>::deserialize(deserializer)? {
        Some(Number::Int(seconds)) => Some(seconds),
        Some(Number::Float(seconds)) => Some(seconds as i64),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn predefined_roles_by_flag_or_id_and_their_short_ids() {
        let role = |id: &str, flag: bool| Role {
            id: id.into(),
            name: "r".into(),
            description: None,
            permissions: vec![],
            resource_type: "api.project".into(),
            predefined_role: flag,
        };
        assert!(role("role_x", true).is_predefined());
        assert!(role("role-api-organization-owner", false).is_predefined());
        assert!(!role("role_x", false).is_predefined());

        let scoped = "role-api-project-member__api-project__proj_a";
        assert_eq!(Role::short_id("proj_a", scoped), "role-api-project-member");
        assert_eq!(Role::short_id("proj_b", scoped), scoped);
        assert_eq!(Role::short_id("proj_a", "role_x"), "role_x");
        assert_eq!(
            Role::short_id("proj_a", "__api-project__proj_a"),
            "__api-project__proj_a"
        );

        assert!(Role::is_predefined_project_alias("role-api-project-member"));
        assert!(!Role::is_predefined_project_alias(scoped));
        assert!(!Role::is_predefined_project_alias(
            "role-api-organization-owner"
        ));
        assert!(!Role::is_predefined_project_alias("role_x"));
    }

    fn role_json() -> serde_json::Value {
        json!({
            "object": "role",
            "id": "role_01J1F8PROJ",
            "name": "API Project Key Manager",
            "description": "Allows managing API keys for the project",
            "permissions": [
                "api.organization.projects.api_keys.read",
                "api.organization.projects.api_keys.write"
            ],
            "resource_type": "api.project",
            "predefined_role": false
        })
    }

    #[test]
    fn role_decodes_seed_example() {
        let role: Role = serde_json::from_value(role_json()).unwrap();
        assert_eq!(role.id, "role_01J1F8PROJ");
        assert_eq!(role.permissions.len(), 2);
        assert_eq!(role.resource_type, "api.project");
        assert!(!role.predefined_role);
    }

    #[test]
    fn role_tolerates_missing_and_null_optional_fields() {
        let role: Role = serde_json::from_value(
            json!({"id": "r", "name": "n", "permissions": null, "future_field": 1}),
        )
        .unwrap();
        assert_eq!(role.description, None);
        assert!(role.permissions.is_empty());
        assert_eq!(role.resource_type, "");
    }

    #[test]
    fn assigned_role_decodes_flat_retrieved_shape() {
        let item: AssignedRole = serde_json::from_value(json!({
            "id": "role_01J1F8PROJ",
            "name": "API Project Key Manager",
            "permissions": ["a.read"],
            "resource_type": "api.project",
            "predefined_role": false,
            "description": "d",
            "created_at": 1711471533,
            "updated_at": 1711472599.0,
            "created_by": "user_abc123",
            "created_by_user_obj": null,
            "metadata": {},
            "assignment_sources": [{"principal_id": "group_x", "principal_type": "group"}]
        }))
        .unwrap();
        assert_eq!(item.role.id, "role_01J1F8PROJ");
        assert_eq!(item.created_at, Some(1711471533));
        assert_eq!(item.updated_at, Some(1711472599));
        assert_eq!(item.created_by.as_deref(), Some("user_abc123"));
        assert_eq!(item.assignment_sources.unwrap()[0].principal_id, "group_x");
    }

    #[test]
    fn assigned_role_decodes_nested_group_role_shape() {
        let item: AssignedRole = serde_json::from_value(json!({
            "object": "group.role",
            "group": {"object": "group", "id": "group_1", "name": "G", "created_at": 1, "scim_managed": false},
            "role": role_json()
        }))
        .unwrap();
        assert_eq!(item.role.id, "role_01J1F8PROJ");
        assert_eq!(item.created_at, None);
        assert_eq!(item.assignment_sources, None);
    }

    #[test]
    fn assigned_role_rejects_unrelated_object_with_readable_error() {
        let err = serde_json::from_value::<AssignedRole>(json!({"foo": 1})).unwrap_err();
        assert!(
            err.to_string().contains("expected an assigned role"),
            "{err}"
        );
    }

    #[test]
    fn user_decodes_leniently() {
        let user: User = serde_json::from_value(json!({
            "object": "organization.user", "id": "user_1", "name": "Alice",
            "email": "alice@example.com", "role": "owner", "added_at": 1711471533
        }))
        .unwrap();
        assert_eq!(user.email.as_deref(), Some("alice@example.com"));
        assert_eq!(user.added_at, Some(1711471533));
        let bare: User =
            serde_json::from_value(json!({"id": "user_2", "name": null, "email": null})).unwrap();
        assert_eq!(
            (bare.name.as_str(), bare.email, bare.role.as_str()),
            ("", None, "")
        );
    }

    #[test]
    fn role_assignment_takes_its_principal_from_group_or_user() {
        let group: GroupRoleAssignment = serde_json::from_value(json!({
            "object": "group.role",
            "group": {"object": "group", "id": "group_1", "name": "G", "created_at": 1},
            "role": role_json()
        }))
        .unwrap();
        assert_eq!(group.principal.name, "G");
        let user: UserRoleAssignment = serde_json::from_value(json!({
            "object": "user.role",
            "user": {"object": "organization.user", "id": "user_1", "name": "U",
                     "email": "u@example.com", "role": "reader", "added_at": 2},
            "role": role_json()
        }))
        .unwrap();
        assert_eq!(user.principal.id, "user_1");
        assert_eq!(user.role.id, "role_01J1F8PROJ");
    }

    #[test]
    fn group_accepts_all_known_shapes() {
        let plain: Group = serde_json::from_value(
            json!({"object": "group", "id": "g1", "name": "A", "created_at": 5, "scim_managed": true}),
        )
        .unwrap();
        let org_list: Group = serde_json::from_value(
            json!({"id": "g1", "name": "A", "created_at": 5, "is_scim_managed": true, "group_type": "group"}),
        )
        .unwrap();
        let project_membership: Group = serde_json::from_value(json!({
            "object": "project.group", "project_id": "p", "group_id": "g1",
            "group_name": "A", "created_at": 5
        }))
        .unwrap();
        assert_eq!(plain.group_type, None);
        assert_eq!(org_list.group_type.as_deref(), Some("group"));
        assert_eq!(
            Group {
                group_type: None,
                ..org_list
            },
            plain
        );
        assert_eq!(project_membership.id, "g1");
        assert_eq!(project_membership.name, "A");
    }

    #[test]
    fn group_treats_null_like_absent_and_ignores_unknown_fields() {
        let absent: Group = serde_json::from_value(json!({"id": "g1", "name": "A"})).unwrap();
        let null: Group = serde_json::from_value(json!({
            "id": "g1", "name": "A", "created_at": null, "is_scim_managed": null,
            "group_type": null, "future_field": {"x": 1}
        }))
        .unwrap();
        assert_eq!(absent, null);
        assert_eq!(
            (absent.created_at, absent.scim_managed, absent.group_type),
            (0, false, None)
        );
        let tenant: Group =
            serde_json::from_value(json!({"id": "g2", "name": "T", "group_type": "tenant_group"}))
                .unwrap();
        assert_eq!(tenant.group_type.as_deref(), Some("tenant_group"));
    }

    #[test]
    fn create_request_omits_missing_description() {
        let body = CreateRoleRequest {
            role_name: "r".into(),
            permissions: vec!["p".into()],
            description: None,
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"role_name": "r", "permissions": ["p"]})
        );
    }

    #[test]
    fn update_request_sends_null_description() {
        let body = UpdateRoleRequest {
            role_name: "r".into(),
            permissions: vec![],
            description: None,
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"role_name": "r", "permissions": [], "description": null})
        );
    }

    #[test]
    fn list_page_requires_has_more_and_tolerates_missing_cursors() {
        let page: ListPage<Role> =
            serde_json::from_value(json!({"data": [role_json()], "has_more": false})).unwrap();
        assert_eq!(page.data.len(), 1);
        assert!(page.next.is_none() && page.last_id.is_none());
        assert!(serde_json::from_value::<ListPage<Role>>(json!({"data": []})).is_err());
    }
}

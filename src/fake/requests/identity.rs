//! Bodies of the group, member, project and project-access endpoints.

use serde_json::{Map, Value};

use super::{invalid_type, missing, object, string};
use crate::fake::errors::ApiError;

/// `POST /organization/groups` and `POST /organization/groups/{g}`: `{name}`.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupName {
    pub name: String,
}

/// `POST /organization/groups/{g}/users`: `{user_id}`.
#[derive(Clone, Debug, PartialEq)]
pub struct AddGroupUser {
    pub user_id: String,
}

/// `POST /organization/projects`: `{name, residency?, external_key_id?}`.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateProject {
    pub name: String,
    pub external_key_id: Option<String>,
}

/// `POST /organization/projects/{p}`: `name` and `external_key_id`, both
/// optional; `external_key_id: null` clears it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateProject {
    pub name: Option<String>,
    pub external_key_id: Option<Option<String>>,
}

/// `POST /organization/projects/{p}/groups`: `{group_id, role}`, where
/// `role` is a project role id (predefined or custom).
#[derive(Clone, Debug, PartialEq)]
pub struct AddProjectGroup {
    pub group_id: String,
    pub role: String,
}

/// How `POST /organization/projects/{p}/users` names the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserRef {
    Id(String),
    Email(String),
}

/// `POST /organization/projects/{p}/users`: `{user_id | email, role}`.
#[derive(Clone, Debug, PartialEq)]
pub struct AddProjectUser {
    pub user: UserRef,
    pub role: String,
}

/// `POST /organization/projects/{p}/users/{u}`: `{role}`.
#[derive(Clone, Debug, PartialEq)]
pub struct UpdateProjectUser {
    pub role: String,
}

/// Data residency regions a project may be created in (`PublicProjectResidency`).
const RESIDENCIES: &[&str] = &[
    "GLOBAL",
    "US_STORAGE_PROCESSING",
    "EU_STORAGE_PROCESSING",
    "JP_STORAGE",
    "KR_STORAGE",
    "CA_STORAGE",
    "SG_STORAGE",
    "IN_STORAGE",
    "AU_STORAGE",
    "GB_STORAGE",
    "AE_STORAGE",
    "AE_STORAGE_PROCESSING",
];

fn required(map: &Map<String, Value>, key: &str) -> Result<String, ApiError> {
    string(map, key)?.ok_or_else(|| missing(key))
}

impl GroupName {
    pub fn parse(body: &Value) -> Result<Self, ApiError> {
        let map = object(body, &["name"])?;
        Ok(GroupName {
            name: required(map, "name")?,
        })
    }
}

impl AddGroupUser {
    pub fn parse(body: &Value) -> Result<Self, ApiError> {
        let map = object(body, &["user_id"])?;
        Ok(AddGroupUser {
            user_id: required(map, "user_id")?,
        })
    }
}

impl CreateProject {
    pub fn parse(body: &Value) -> Result<Self, ApiError> {
        let map = object(body, &["name", "residency", "external_key_id"])?;
        if let Some(residency) = string(map, "residency")?
            && !RESIDENCIES.contains(&residency.as_str())
        {
            return Err(ApiError::bad_request(format!(
                "Invalid value for 'residency': '{residency}' is not one of {}.",
                RESIDENCIES.join(", ")
            ))
            .with_param("residency")
            .with_code("invalid_value"));
        }
        Ok(CreateProject {
            name: required(map, "name")?,
            external_key_id: string(map, "external_key_id")?,
        })
    }
}

impl UpdateProject {
    pub fn parse(body: &Value) -> Result<Self, ApiError> {
        let map = object(body, &["name", "external_key_id"])?;
        let external_key_id = if map.contains_key("external_key_id") {
            Some(string(map, "external_key_id")?)
        } else {
            None
        };
        Ok(UpdateProject {
            name: string(map, "name")?,
            external_key_id,
        })
    }
}

impl AddProjectGroup {
    pub fn parse(body: &Value) -> Result<Self, ApiError> {
        let map = object(body, &["group_id", "role"])?;
        Ok(AddProjectGroup {
            group_id: required(map, "group_id")?,
            role: required(map, "role")?,
        })
    }
}

impl AddProjectUser {
    pub fn parse(body: &Value) -> Result<Self, ApiError> {
        let map = object(body, &["user_id", "email", "role"])?;
        let user = match (string(map, "user_id")?, string(map, "email")?) {
            (Some(id), None) => UserRef::Id(id),
            (None, Some(email)) => UserRef::Email(email),
            (None, None) => return Err(missing("user_id")),
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_request(
                    "Provide either 'user_id' or 'email' to name the user, not both.",
                )
                .with_param("email")
                .with_code("invalid_value"));
            }
        };
        Ok(AddProjectUser {
            user,
            role: required(map, "role")?,
        })
    }
}

impl UpdateProjectUser {
    pub fn parse(body: &Value) -> Result<Self, ApiError> {
        let map = object(body, &["role"])?;
        match map.get("role") {
            Some(Value::String(role)) => Ok(UpdateProjectUser { role: role.clone() }),
            None | Some(Value::Null) => Err(missing("role")),
            Some(other) => Err(invalid_type("role", "a string", other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn code(err: &ApiError) -> (Option<&str>, Option<&str>) {
        (err.param.as_deref(), err.code.as_deref())
    }

    #[test]
    fn group_bodies() {
        assert_eq!(
            GroupName::parse(&json!({"name": "Sales"})).unwrap().name,
            "Sales"
        );
        let err = GroupName::parse(&json!({})).unwrap_err();
        assert_eq!(
            code(&err),
            (Some("name"), Some("missing_required_parameter"))
        );
        let err = GroupName::parse(&json!({"name": 3})).unwrap_err();
        assert_eq!(code(&err), (Some("name"), Some("invalid_type")));
        let err = AddGroupUser::parse(&json!({"user": "x"})).unwrap_err();
        assert_eq!(code(&err), (Some("user"), Some("unknown_parameter")));
        assert_eq!(
            AddGroupUser::parse(&json!({"user_id": "user_dee"}))
                .unwrap()
                .user_id,
            "user_dee"
        );
    }

    #[test]
    fn project_bodies() {
        let p = CreateProject::parse(&json!({"name": "Gamma", "residency": "GLOBAL"})).unwrap();
        assert_eq!((p.name.as_str(), p.external_key_id), ("Gamma", None));
        let err = CreateProject::parse(&json!({"name": "G", "residency": "MARS"})).unwrap_err();
        assert_eq!(code(&err), (Some("residency"), Some("invalid_value")));
        let err = CreateProject::parse(&json!({"residency": null})).unwrap_err();
        assert_eq!(
            code(&err),
            (Some("name"), Some("missing_required_parameter"))
        );
        assert_eq!(
            UpdateProject::parse(&json!({})).unwrap(),
            UpdateProject::default()
        );
        let u = UpdateProject::parse(&json!({"name": "Delta", "external_key_id": null})).unwrap();
        assert_eq!(
            (u.name.as_deref(), u.external_key_id),
            (Some("Delta"), Some(None))
        );
    }

    #[test]
    fn project_access_bodies() {
        let g = AddProjectGroup::parse(&json!({"group_id": "g", "role": "r"})).unwrap();
        assert_eq!((g.group_id.as_str(), g.role.as_str()), ("g", "r"));
        let err = AddProjectGroup::parse(&json!({"group_id": "g"})).unwrap_err();
        assert_eq!(
            code(&err),
            (Some("role"), Some("missing_required_parameter"))
        );

        let by_id = AddProjectUser::parse(&json!({"user_id": "u", "role": "owner"})).unwrap();
        assert_eq!(by_id.user, UserRef::Id("u".into()));
        let by_email =
            AddProjectUser::parse(&json!({"email": "a@example.com", "role": "member"})).unwrap();
        assert_eq!(by_email.user, UserRef::Email("a@example.com".into()));
        let err = AddProjectUser::parse(&json!({"role": "member"})).unwrap_err();
        assert_eq!(
            code(&err),
            (Some("user_id"), Some("missing_required_parameter"))
        );
        let err = AddProjectUser::parse(&json!({"user_id": "u", "email": "e", "role": "member"}))
            .unwrap_err();
        assert_eq!(err.status, 400);
        let err = AddProjectUser::parse(&json!({"user_id": "u"})).unwrap_err();
        assert_eq!(
            code(&err),
            (Some("role"), Some("missing_required_parameter"))
        );

        assert_eq!(
            UpdateProjectUser::parse(&json!({"role": "owner"}))
                .unwrap()
                .role,
            "owner"
        );
        let err = UpdateProjectUser::parse(&json!({"role": null})).unwrap_err();
        assert_eq!(
            code(&err),
            (Some("role"), Some("missing_required_parameter"))
        );
        let err = UpdateProjectUser::parse(&json!({"role": 1})).unwrap_err();
        assert_eq!(code(&err), (Some("role"), Some("invalid_type")));
    }
}

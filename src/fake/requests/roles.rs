//! Bodies of the role and role-assignment endpoints.

use serde_json::Value;

use super::{missing, object, string, string_array};
use crate::fake::errors::ApiError;

/// `POST /.../roles`.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateRole {
    pub role_name: String,
    pub permissions: Vec<String>,
    pub description: Option<String>,
}

/// `POST /.../roles/{role_id}`: every field optional; `description: null` clears.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateRole {
    pub role_name: Option<String>,
    pub permissions: Option<Vec<String>>,
    pub description: Option<Option<String>>,
}

/// `POST /.../groups/{group_id}/roles`.
#[derive(Clone, Debug, PartialEq)]
pub struct AssignRole {
    pub role_id: String,
}

impl CreateRole {
    pub fn parse(body: &Value) -> Result<Self, ApiError> {
        let map = object(body, &["role_name", "permissions", "description"])?;
        Ok(CreateRole {
            role_name: string(map, "role_name")?.ok_or_else(|| missing("role_name"))?,
            permissions: string_array(map, "permissions")?.ok_or_else(|| missing("permissions"))?,
            description: string(map, "description")?,
        })
    }
}

impl UpdateRole {
    pub fn parse(body: &Value) -> Result<Self, ApiError> {
        let map = object(body, &["role_name", "permissions", "description"])?;
        let description = if map.contains_key("description") {
            Some(string(map, "description")?)
        } else {
            None
        };
        Ok(UpdateRole {
            role_name: string(map, "role_name")?,
            permissions: string_array(map, "permissions")?,
            description,
        })
    }
}

impl AssignRole {
    pub fn parse(body: &Value) -> Result<Self, ApiError> {
        let map = object(body, &["role_id"])?;
        Ok(AssignRole {
            role_id: string(map, "role_id")?.ok_or_else(|| missing("role_id"))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn create_requires_name_and_permissions() {
        let ok = CreateRole::parse(&json!({"role_name": "r", "permissions": ["a"]})).unwrap();
        assert_eq!(ok.description, None);
        let err = CreateRole::parse(&json!({"permissions": []})).unwrap_err();
        assert_eq!(err.param.as_deref(), Some("role_name"));
        assert_eq!(err.code.as_deref(), Some("missing_required_parameter"));
        let err = CreateRole::parse(&json!({"role_name": "r"})).unwrap_err();
        assert_eq!(err.param.as_deref(), Some("permissions"));
    }

    #[test]
    fn rejects_wrong_types_and_unknown_fields() {
        let err = CreateRole::parse(&json!({"role_name": 1, "permissions": []})).unwrap_err();
        assert_eq!(err.code.as_deref(), Some("invalid_type"));
        let err = CreateRole::parse(&json!({"role_name": "r", "permissions": [1]})).unwrap_err();
        assert_eq!(err.param.as_deref(), Some("permissions[0]"));
        let err = AssignRole::parse(&json!({"role_id": "x", "extra": 1})).unwrap_err();
        assert_eq!(err.code.as_deref(), Some("unknown_parameter"));
        assert_eq!(err.param.as_deref(), Some("extra"));
        assert_eq!(AssignRole::parse(&json!([])).unwrap_err().status, 400);
    }

    #[test]
    fn update_distinguishes_absent_and_null_description() {
        let u = UpdateRole::parse(&json!({})).unwrap();
        assert_eq!(u, UpdateRole::default());
        let u = UpdateRole::parse(&json!({"description": null})).unwrap();
        assert_eq!(u.description, Some(None));
        let u = UpdateRole::parse(&json!({"description": "d", "permissions": ["p"]})).unwrap();
        assert_eq!(u.description, Some(Some("d".into())));
        assert_eq!(u.permissions, Some(vec!["p".to_string()]));
    }
}

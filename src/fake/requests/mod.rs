//! Request bodies, parsed from JSON with the real API's validation messages
//! (`missing_required_parameter`, `invalid_type`, `unknown_parameter`).
//!
//! Parsing by hand instead of deriving `Deserialize` is what lets every
//! mistake come back as a proper `{"error": ...}` body naming the parameter.
//! One file per domain: [`roles`] (roles and assignments), [`identity`]
//! (groups, members, projects, project access).

mod identity;
mod roles;

use serde_json::{Map, Value};

use super::errors::ApiError;

pub use identity::{
    AddGroupUser, AddProjectGroup, AddProjectUser, CreateProject, GroupName, UpdateProject,
    UpdateProjectUser, UserRef,
};
pub use roles::{AssignRole, CreateRole, UpdateRole};

pub(crate) fn object<'a>(
    body: &'a Value,
    allowed: &[&str],
) -> Result<&'a Map<String, Value>, ApiError> {
    let map = body.as_object().ok_or_else(|| {
        ApiError::bad_request(format!(
            "Invalid request body: expected a JSON object, but got {} instead.",
            type_name(body)
        ))
        .with_code("invalid_type")
    })?;
    if let Some(unknown) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(ApiError::bad_request(format!(
            "Unrecognized request argument supplied: {unknown}"
        ))
        .with_param(unknown)
        .with_code("unknown_parameter"));
    }
    Ok(map)
}

pub(crate) fn missing(param: &str) -> ApiError {
    ApiError::bad_request(format!("Missing required parameter: '{param}'."))
        .with_param(param)
        .with_code("missing_required_parameter")
}

pub(crate) fn invalid_type(param: &str, expected: &str, got: &Value) -> ApiError {
    ApiError::bad_request(format!(
        "Invalid type for '{param}': expected {expected}, but got {} instead.",
        type_name(got)
    ))
    .with_param(param)
    .with_code("invalid_type")
}

pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Absent and null both read as `None`.
pub(crate) fn string(map: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(invalid_type(key, "a string", other)),
    }
}

pub(crate) fn string_array(
    map: &Map<String, Value>,
    key: &str,
) -> Result<Option<Vec<String>>, ApiError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(invalid_type(&format!("{key}[{i}]"), "a string", other)),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(other) => Err(invalid_type(key, "an array", other)),
    }
}

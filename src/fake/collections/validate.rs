//! Reading a create or update body against its documented schema, with
//! the real API's messages (the same ones `requests/` gives): a clear 400
//! naming the parameter for anything missing, mistyped, out of its enum or
//! unknown.

use serde_json::{Map, Value};

use crate::fake::errors::ApiError;
use crate::fake::requests::{invalid_type, missing, object, string, string_array};

/// A JSON object body whose keys are all documented.
pub struct Body<'a> {
    map: &'a Map<String, Value>,
}

impl<'a> Body<'a> {
    /// 400 unless `body` is an object holding only `allowed` keys.
    pub fn new(body: &'a Value, allowed: &[&str]) -> Result<Self, ApiError> {
        Ok(Body {
            map: object(body, allowed)?,
        })
    }

    /// A string; absent and `null` are `None`.
    pub fn str(&self, key: &str) -> Result<Option<String>, ApiError> {
        string(self.map, key)
    }

    /// A string that must be there and not blank.
    pub fn required_str(&self, key: &str) -> Result<String, ApiError> {
        match self.str(key)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            Some(_) => Err(ApiError::bad_request(format!(
                "Invalid '{key}': empty string. Expected a non-empty value."
            ))
            .with_param(key)
            .with_code("invalid_value")),
            None => Err(missing(key)),
        }
    }

    /// A string out of `allowed`; `None` when absent.
    pub fn enum_str(&self, key: &str, allowed: &[&str]) -> Result<Option<String>, ApiError> {
        let Some(value) = self.str(key)? else {
            return Ok(None);
        };
        check_enum(key, &value, allowed)?;
        Ok(Some(value))
    }

    /// A required string out of `allowed`.
    pub fn required_enum(&self, key: &str, allowed: &[&str]) -> Result<String, ApiError> {
        self.enum_str(key, allowed)?.ok_or_else(|| missing(key))
    }

    /// A boolean; absent and `null` are `None`.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(invalid_type(key, "a boolean", other)),
        }
    }

    /// An integer within `min..=max`; absent and `null` are `None`.
    pub fn int(&self, key: &str, min: i64, max: i64) -> Result<Option<i64>, ApiError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) if n.as_i64().is_some() => {
                let n = n.as_i64().unwrap_or_default();
                if !(min..=max).contains(&n) {
                    return Err(ApiError::bad_request(format!(
                        "Invalid '{key}': expected a value between {min} and {max}, but got {n} \
                         instead."
                    ))
                    .with_param(key)
                    .with_code("invalid_value"));
                }
                Ok(Some(n))
            }
            Some(other) => Err(invalid_type(key, "an integer", other)),
        }
    }

    /// An array of objects, each read by `item` (which gets the item's
    /// parameter path, e.g. `projects[0]`); absent and `null` are `None`.
    pub fn objects<T>(
        &self,
        key: &str,
        allowed: &[&str],
        mut item: impl FnMut(&str, Body) -> Result<T, ApiError>,
    ) -> Result<Option<Vec<T>>, ApiError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let path = format!("{key}[{i}]");
                    let body = Body::new(v, allowed).map_err(|e| at(&path, e))?;
                    item(&path, body).map_err(|e| at(&path, e))
                })
                .collect::<Result<Vec<T>, ApiError>>()
                .map(Some),
            Some(other) => Err(invalid_type(key, "an array", other)),
        }
    }

    /// A nested object holding only `allowed` keys; absent and `null` are
    /// `None`. Its errors name the parameter by its path
    /// (`notification_channel.type`), as the API's do.
    pub fn object(&self, key: &str, allowed: &[&str]) -> Result<Option<Body<'a>>, ApiError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value @ Value::Object(_)) => {
                Body::new(value, allowed).map(Some).map_err(|e| at(key, e))
            }
            Some(other) => Err(invalid_type(key, "an object", other)),
        }
    }

    /// An error of this nested object's field, named by its path.
    pub fn nested_error(key: &str, e: ApiError) -> ApiError {
        at(key, e)
    }

    /// An array of strings; absent and `null` are `None`.
    pub fn strings(&self, key: &str) -> Result<Option<Vec<String>>, ApiError> {
        string_array(self.map, key)
    }
}

pub fn check_enum(key: &str, value: &str, allowed: &[&str]) -> Result<(), ApiError> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let expected: Vec<String> = allowed.iter().map(|a| format!("'{a}'")).collect();
    Err(ApiError::bad_request(format!(
        "Invalid value for '{key}': expected one of {}, but got '{value}' instead.",
        expected.join(", ")
    ))
    .with_param(key)
    .with_code("invalid_value"))
}

/// An item's error with its parameter path in front (`projects[0].role`).
fn at(path: &str, mut e: ApiError) -> ApiError {
    e.param = Some(match e.param.take() {
        Some(p) if p.starts_with(path) => p,
        Some(p) => format!("{path}.{p}"),
        None => path.to_string(),
    });
    e
}

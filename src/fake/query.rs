//! Query strings as ordered `(key, value)` pairs, so that repeated keys
//! (`emails=a&emails=b`) survive parsing.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;

use super::errors::ApiError;

/// The query parameters of a request, in order, repeats included.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryPairs(pub Vec<(String, String)>);

impl QueryPairs {
    /// The last value given for `key` (a later repeat wins, as in most servers).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value given for any of `keys`, in order.
    pub fn all(&self, keys: &[&str]) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| keys.contains(&k.as_str()))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A boolean parameter (`true`/`false`); absent means `default`.
    pub fn bool(&self, key: &str, default: bool) -> Result<bool, ApiError> {
        match self.get(key) {
            None => Ok(default),
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            Some(other) => Err(ApiError::bad_request(format!(
                "Invalid type for '{key}': expected a boolean, but got '{other}' instead."
            ))
            .with_param(key)
            .with_code("invalid_type")),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map(|Query(pairs)| QueryPairs(pairs))
            .map_err(|e| ApiError::bad_request(format!("Invalid query string: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> QueryPairs {
        QueryPairs(
            list.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn repeated_keys_are_kept() {
        let q = pairs(&[("emails", "a"), ("limit", "2"), ("emails[]", "b")]);
        assert_eq!(q.all(&["emails", "emails[]"]), ["a", "b"]);
        assert_eq!(q.get("limit"), Some("2"));
        assert_eq!(q.get("after"), None);
    }

    #[test]
    fn booleans() {
        let q = pairs(&[("a", "true"), ("b", "false"), ("c", "yes")]);
        assert!(q.bool("a", false).unwrap());
        assert!(!q.bool("b", true).unwrap());
        assert!(q.bool("missing", true).unwrap());
        let err = q.bool("c", false).unwrap_err();
        assert_eq!(
            (err.status, err.param.as_deref(), err.code.as_deref()),
            (400, Some("c"), Some("invalid_type"))
        );
    }
}

//! Reusable attribute validators (run at plan time, with attribute paths).

use std::sync::Arc;

use crate::schema::Validator;
use crate::value::Value;

const MAX_ID_LEN: usize = 256;

/// An identifier used in API paths and composite import IDs: letters,
/// digits, `_`, `-`, `.` and `~` (the URL-safe characters). Real custom
/// project role ids hold a `~`: `role_proj_abc~5e0c7a19f2b84d36`.
pub fn identifier() -> Validator {
    prefixed_identifier("")
}

/// An identifier that must start with `prefix` (e.g. `proj_`).
pub fn prefixed_identifier(prefix: &'static str) -> Validator {
    Arc::new(move |value: &Value| {
        let s = value.as_str().unwrap_or_default();
        if s.is_empty() {
            Err("must not be empty".into())
        } else if s.len() > MAX_ID_LEN {
            Err(format!(
                "is {} characters long; IDs are at most {MAX_ID_LEN}",
                s.len()
            ))
        } else if let Some(bad) = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '~')))
        {
            Err(format!(
                "{s:?} is not a valid ID: {bad:?} is not allowed (only letters, digits, '_', '-', \
                 '.' and '~')"
            ))
        } else if !s.starts_with(prefix) {
            Err(format!(
                "{s:?} is not a valid ID here: it must start with {prefix:?}"
            ))
        } else {
            Ok(())
        }
    })
}

/// A non-empty string of at most `max` characters.
pub fn text(max: usize) -> Validator {
    Arc::new(move |value: &Value| {
        let s = value.as_str().unwrap_or_default();
        if s.trim().is_empty() {
            Err("must not be empty or only whitespace".into())
        } else if s.chars().count() > max {
            Err(format!(
                "must be at most {max} characters, got {}",
                s.chars().count()
            ))
        } else {
            Ok(())
        }
    })
}

/// A set of permission names such as `api.files.read`: dot-separated
/// lowercase words (letters, digits, underscores). The set may be empty: the
/// API accepts a role that grants nothing (the official provider dropped its
/// minimum of one in v0.2.0 and tests such a role against the real API).
pub fn permissions() -> Validator {
    Arc::new(|value: &Value| {
        let Value::Set(items) = value else {
            return Ok(());
        };
        let bad: Vec<&str> = items
            .iter()
            .filter_map(Value::as_str)
            .filter(|p| !is_permission_name(p))
            .collect();
        if bad.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{} not a permission name: expected dot-separated lowercase words such as \
                 \"api.organization.projects.api_keys.read\"",
                bad.iter()
                    .map(|p| format!("{p:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
                    + if bad.len() == 1 { " is" } else { " are" }
            ))
        }
    })
}

/// Any value is refused, with `why`: for an attribute the official
/// provider has but the API cannot honour, so that its configurations get
/// a plan-time error that says so instead of "unsupported argument".
pub fn refused(why: &'static str) -> Validator {
    Arc::new(move |_value: &Value| Err(why.to_owned()))
}

/// One of the documented values `allowed`.
pub fn one_of(allowed: &'static [&'static str]) -> Validator {
    Arc::new(move |value: &Value| {
        let s = value.as_str().unwrap_or_default();
        if allowed.contains(&s) {
            Ok(())
        } else {
            let expected: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
            Err(format!(
                "{s:?} is not allowed here; use {}",
                expected.join(", ")
            ))
        }
    })
}

/// A whole number of at least `min` (the API's integers: a fraction or a
/// value beyond 2^53 would not arrive as the number written).
pub fn integer_at_least(min: i64) -> Validator {
    Arc::new(move |value: &Value| {
        let Value::Number(n) = value else {
            return Ok(());
        };
        if n.fract() != 0.0 || n.abs() > 9_007_199_254_740_992.0 {
            Err(format!("{n} is not a whole number"))
        } else if *n < min as f64 {
            Err(format!("must be at least {min}, got {n}"))
        } else {
            Ok(())
        }
    })
}

/// A list of non-empty strings without surrounding spaces or repeats
/// (model IDs).
pub fn distinct_names() -> Validator {
    Arc::new(|value: &Value| {
        let Value::List(items) = value else {
            return Ok(());
        };
        let mut seen = std::collections::HashSet::new();
        for (i, item) in items.iter().enumerate() {
            let s = item.as_str().unwrap_or_default();
            if s.is_empty() || s.trim() != s {
                return Err(format!(
                    "item {i} ({s:?}) must be a non-empty name without surrounding spaces"
                ));
            }
            if !seen.insert(s) {
                return Err(format!("{s:?} is listed twice"));
            }
        }
        Ok(())
    })
}

fn is_permission_name(p: &str) -> bool {
    let segments: Vec<&str> = p.split('.').collect();
    segments.len() >= 2
        && segments.iter().all(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(identifier()(&Value::string("proj_1")).is_ok());
        assert!(identifier()(&Value::string("")).is_err());
        assert!(identifier()(&Value::string("a/b")).is_err());
        assert!(identifier()(&Value::string("a b")).is_err());
        assert!(identifier()(&Value::string("role-api-project-member")).is_ok());
        assert!(identifier()(&Value::string("x".repeat(300))).is_err());
        let err = prefixed_identifier("proj_")(&Value::string("project1")).unwrap_err();
        assert!(err.contains("must start with \"proj_\""), "{err}");
        // Real ids: a group's 32 hex, a custom project role's `~`.
        assert!(identifier()(&Value::string("8f3b2c1d4e5f60718293a4b5c6d7e8f9")).is_ok());
        assert!(identifier()(&Value::string("role_proj_abc~5e0c7a19f2b84d36")).is_ok());
        assert!(identifier()(&Value::string("rl-gpt-4o-mini")).is_ok());
    }

    #[test]
    fn permission_names() {
        assert!(permissions()(&Value::string_set(["api.files.read", "api.model.request"])).is_ok());
        assert!(permissions()(&Value::string_set(Vec::<String>::new())).is_ok());
        let err = permissions()(&Value::string_set(["api.files.read", "Files.Read"])).unwrap_err();
        assert!(err.contains("\"Files.Read\" is"), "{err}");
        assert!(permissions()(&Value::string_set(["api"])).is_err());
        assert!(permissions()(&Value::string_set(["api..read"])).is_err());
    }

    #[test]
    fn enums_integers_and_names() {
        assert!(one_of(&["a", "b"])(&Value::string("b")).is_ok());
        let err = one_of(&["a", "b"])(&Value::string("c")).unwrap_err();
        assert!(err.contains("\"a\", \"b\""), "{err}");
        assert!(integer_at_least(0)(&Value::Number(0.0)).is_ok());
        assert!(integer_at_least(0)(&Value::Number(-1.0)).is_err());
        assert!(integer_at_least(1)(&Value::Number(1.5)).is_err());
        let list = |items: &[&str]| Value::List(items.iter().map(|s| Value::string(*s)).collect());
        assert!(distinct_names()(&list(&["gpt-4o", "o3"])).is_ok());
        assert!(distinct_names()(&list(&["gpt-4o", "gpt-4o"])).is_err());
        assert!(distinct_names()(&list(&[" o3"])).is_err());
    }

    #[test]
    fn text_bounds() {
        assert!(text(5)(&Value::string("abc")).is_ok());
        assert!(text(5)(&Value::string("   ")).is_err());
        assert!(text(5)(&Value::string("abcdef")).is_err());
    }
}

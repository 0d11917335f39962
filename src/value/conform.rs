//! Whether a value fits a type exactly: the check every state a resource
//! builds goes through before it reaches Terraform.
//!
//! Resources build states by attribute name. The wire encoder fills a
//! missing attribute with null and drops one the type lacks, so a misspelt
//! name would otherwise reach Terraform as a silent null (and show up, if at
//! all, as drift or "inconsistent result after apply" in an acceptance run).
//! Checked here, it is an error naming the attribute.

use super::{Type, Value};

/// Every way `value` does not fit `ty`, as `path: problem` lines (empty
/// when it fits). Null fits every type; unknown fits every type unless
/// `known` is required (states after apply must be wholly known).
pub fn mismatches(value: &Value, ty: &Type, known: bool) -> Vec<String> {
    let mut found = Vec::new();
    check(value, ty, known, &mut String::new(), &mut found);
    found
}

fn check(value: &Value, ty: &Type, known: bool, path: &mut String, found: &mut Vec<String>) {
    let report = |found: &mut Vec<String>, path: &str, problem: String| {
        let at = if path.is_empty() { "(root)" } else { path };
        found.push(format!("{at}: {problem}"));
    };
    match (value, ty) {
        (Value::Null, _) => {}
        (Value::Unknown, _) if known => {
            report(found, path, "unknown, but a state must be known".into());
        }
        (Value::Unknown, _)
        | (Value::String(_), Type::String)
        | (Value::Bool(_), Type::Bool)
        | (Value::Number(_), Type::Number) => {}
        (Value::List(items), Type::List(element)) | (Value::Set(items), Type::Set(element)) => {
            for (index, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{index}]"));
                check(item, element, known, path, found);
                path.truncate(len);
            }
        }
        (Value::Map(entries), Type::Map(element)) => {
            for (key, item) in entries {
                let len = path.len();
                path.push_str(&format!("[{key:?}]"));
                check(item, element, known, path, found);
                path.truncate(len);
            }
        }
        (Value::Object(attrs), Type::Object(types)) => {
            for name in attrs.keys().filter(|name| !types.contains_key(*name)) {
                report(
                    found,
                    path,
                    format!("has no attribute {name:?} in its schema"),
                );
            }
            for (name, attr_ty) in types {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
                match attrs.get(name) {
                    Some(item) => check(item, attr_ty, known, path, found),
                    None => found.push(format!("{path}: missing (set it, null if absent)")),
                }
                path.truncate(len);
            }
        }
        (value, ty) => report(
            found,
            path,
            format!("{} where the schema has {}", kind(value), ty_name(ty)),
        ),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Unknown => "unknown",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a bool",
        Value::List(_) => "a list",
        Value::Set(_) => "a set",
        Value::Map(_) => "a map",
        Value::Object(_) => "an object",
    }
}

fn ty_name(ty: &Type) -> &'static str {
    match ty {
        Type::String => "string",
        Type::Number => "number",
        Type::Bool => "bool",
        Type::List(_) => "list",
        Type::Set(_) => "set",
        Type::Map(_) => "map",
        Type::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::test_support::{object, object_type};

    fn ty() -> Type {
        object_type(&[("id", Type::String), ("tags", Type::set_of(Type::String))])
    }

    #[test]
    fn a_complete_state_fits() {
        let state = object(&[("id", Value::string("x")), ("tags", Value::Null)]);
        assert!(mismatches(&state, &ty(), true).is_empty());
        assert!(mismatches(&Value::Null, &ty(), true).is_empty());
    }

    #[test]
    fn misspelt_missing_and_mistyped_attributes_are_named() {
        let state = object(&[
            ("idd", Value::string("x")),
            ("tags", Value::Set(vec![Value::Bool(true)])),
        ]);
        assert_eq!(
            mismatches(&state, &ty(), true),
            vec![
                "(root): has no attribute \"idd\" in its schema",
                "id: missing (set it, null if absent)",
                "tags[0]: a bool where the schema has string",
            ]
        );
    }

    #[test]
    fn unknowns_fit_plans_but_not_states() {
        let state = object(&[("id", Value::Unknown), ("tags", Value::Null)]);
        assert!(mismatches(&state, &ty(), false).is_empty());
        assert_eq!(
            mismatches(&state, &ty(), true),
            vec!["id: unknown, but a state must be known"]
        );
    }
}

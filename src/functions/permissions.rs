//! Permission names for custom roles: `is_permission` tests one against
//! the provider's catalogue, `permission` returns it or fails naming the
//! nearest known ones, so that a misspelt permission stops the plan.

use super::{Function, FunctionError, Param};
use crate::api::predefined::{PERMISSIONS, is_known_permission};
use crate::value::{Type, Value};

pub(super) fn functions() -> Vec<Function> {
    vec![is_permission(), permission()]
}

const CATALOGUE_NOTE: &str = "The catalogue is this provider version's (the one the bundled \
     fake serves); a permission OpenAI added since is not in it: write that one as a plain \
     string.";

fn is_permission() -> Function {
    Function::new(
        "is_permission",
        "Whether a string is a known permission",
        format!(
            "True when `name` is a permission of the provider's catalogue, such as \
             `api.organization.projects.api_keys.write`; false for anything else, a misspelling \
             or another case included. {CATALOGUE_NOTE}"
        ),
        vec![Param::string("name", "A permission name.")],
        Type::Bool,
        |args| Ok(Value::Bool(is_known_permission(args.str(0)?))),
    )
}

fn permission() -> Function {
    Function::new(
        "permission",
        "A permission name, checked against the catalogue",
        format!(
            "Returns `name` when it is a permission of the provider's catalogue; otherwise \
             fails, naming the nearest known permissions, so that a custom role's \
             `permissions = [provider::openai::permission(\"api.files.read\")]` cannot hold a \
             misspelling. {CATALOGUE_NOTE}"
        ),
        vec![Param::string("name", "A permission name.")],
        Type::String,
        |args| {
            let name = args.str(0)?;
            if is_known_permission(name) {
                return Ok(Value::string(name));
            }
            let nearest = nearest(name);
            let hint = if nearest.is_empty() {
                String::new()
            } else {
                format!(
                    "; did you mean {}?",
                    nearest
                        .iter()
                        .map(|p| format!("{p:?}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                )
            };
            Err(FunctionError::at(
                0,
                format!("{name:?} is not a known permission{hint}"),
            ))
        },
    )
}

/// The catalogue's permissions closest to `name`, case ignored: those at
/// the smallest distance, when it is a few edits at most (at most three).
fn nearest(name: &str) -> Vec<&'static str> {
    let lower = name.to_ascii_lowercase();
    let limit = (lower.len() / 4).clamp(2, 6);
    let scored: Vec<(usize, &'static str)> = PERMISSIONS
        .iter()
        .map(|p| (edit_distance(&lower, p), *p))
        .filter(|(d, _)| *d <= limit)
        .collect();
    let Some(best) = scored.iter().map(|(d, _)| *d).min() else {
        return Vec::new();
    };
    scored
        .into_iter()
        .filter(|(d, _)| *d == best)
        .take(3)
        .map(|(_, p)| p)
        .collect()
}

/// Levenshtein distance, by bytes (permission names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::call;

    #[test]
    fn known_permissions_pass_and_others_do_not() {
        let known = Value::string("api.organization.projects.api_keys.write");
        assert_eq!(
            call("is_permission", std::slice::from_ref(&known)).unwrap(),
            Value::Bool(true)
        );
        assert_eq!(
            call("permission", std::slice::from_ref(&known)).unwrap(),
            known
        );
        for other in ["api.files.Read", "api.files", "", "api.files.read "] {
            assert_eq!(
                call("is_permission", &[Value::string(other)]).unwrap(),
                Value::Bool(false),
                "{other:?}"
            );
        }
    }

    #[test]
    fn an_unknown_permission_fails_at_the_name_with_the_nearest_ones() {
        let err = call("permission", &[Value::string("api.file.read")]).unwrap_err();
        assert_eq!(err.argument, Some(0));
        assert_eq!(
            err.text,
            "\"api.file.read\" is not a known permission; did you mean \"api.files.read\"?"
        );
        let err = call("permission", &[Value::string("API.GROUPS.WRITE")]).unwrap_err();
        assert!(
            err.text.contains("did you mean \"api.groups.write\""),
            "{}",
            err.text
        );
        let err = call("permission", &[Value::string("something.else.entirely")]).unwrap_err();
        assert_eq!(
            err.text,
            "\"something.else.entirely\" is not a known permission"
        );
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}

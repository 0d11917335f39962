//! Parsing of composite import IDs such as `proj_abc/role_xyz`, and the
//! two-part key of the resources whose object is a pair of IDs.

use crate::diagnostics::Diagnostics;
use crate::value::Value;

/// Splits `id` on `/` into one of the accepted formats (each a list of
/// part names). Returns the format's index and the parts.
pub fn parse<'a>(
    type_name: &str,
    id: &'a str,
    formats: &[&[&str]],
) -> Result<(usize, Vec<&'a str>), Diagnostics> {
    let parts: Vec<&str> = id.split('/').collect();
    let matched = formats.iter().position(|format| {
        format.len() == parts.len() && parts.iter().all(|p| !p.is_empty() && p.trim() == *p)
    });
    match matched {
        Some(index) => Ok((index, parts)),
        None => {
            let expected = formats
                .iter()
                .map(|f| {
                    format!(
                        "\"{}\"",
                        f.iter()
                            .map(|p| format!("<{p}>"))
                            .collect::<Vec<_>>()
                            .join("/")
                    )
                })
                .collect::<Vec<_>>()
                .join(" or ");
            Err(Diagnostics::from_error(
                "Invalid import ID",
                format!(
                    "Cannot import {type_name} with ID {id:?}: expected {expected}, with no \
                     empty parts or surrounding spaces."
                ),
            ))
        }
    }
}

/// The shape of a resource whose object is named by two IDs, e.g. a user
/// in a group: `<group_id>/<user_id>`. Declare one per resource as a
/// `static` and make its keys with [`PairKind::of`] and [`PairKind::parse`].
#[derive(Debug)]
pub struct PairKind {
    /// The resource type, for import errors.
    pub type_name: &'static str,
    /// The attribute holding the first part of the ID.
    pub first: &'static str,
    /// The attribute holding the second part of the ID.
    pub second: &'static str,
    /// Says in words which object the two IDs name, for messages and logs,
    /// e.g. `|group, user| format!("user {user} in group {group}")`.
    pub describe: fn(&str, &str) -> String,
}

impl PairKind {
    /// The key a state or plan describes.
    pub fn of(&'static self, value: &Value) -> Result<PairKey, Diagnostics> {
        Ok(PairKey {
            kind: self,
            first: required_str(value, self.first)?.to_owned(),
            second: required_str(value, self.second)?.to_owned(),
        })
    }

    /// The key of an import ID `<first>/<second>`.
    pub fn parse(&'static self, import_id: &str) -> Result<PairKey, Diagnostics> {
        let (_, parts) = parse(self.type_name, import_id, &[&[self.first, self.second]])?;
        Ok(PairKey {
            kind: self,
            first: parts[0].to_owned(),
            second: parts[1].to_owned(),
        })
    }
}

/// Which pair of IDs a state, plan or import ID names.
#[derive(Clone, Debug)]
pub struct PairKey {
    kind: &'static PairKind,
    first: String,
    second: String,
}

impl PairKey {
    /// The value of the kind's first attribute, e.g. the group ID.
    pub fn first(&self) -> &str {
        &self.first
    }

    /// The value of the kind's second attribute, e.g. the user ID.
    pub fn second(&self) -> &str {
        &self.second
    }

    /// The resource ID, which is also the import ID: `<first>/<second>`.
    pub fn id(&self) -> String {
        format!("{}/{}", self.first, self.second)
    }

    /// The object in words, e.g. "user user_b in group group_a".
    pub fn describe(&self) -> String {
        (self.kind.describe)(&self.first, &self.second)
    }

    /// A state object holding `id` and the two ID attributes; the resource
    /// adds the rest.
    pub fn base_state(&self) -> Value {
        let mut state = Value::Object(Default::default());
        state.set("id", Value::string(self.id()));
        state.set(self.kind.first, Value::string(&self.first));
        state.set(self.kind.second, Value::string(&self.second));
        state
    }
}

/// A required string attribute of a planned or prior state.
pub(crate) fn required_str<'a>(value: &'a Value, name: &str) -> Result<&'a str, Diagnostics> {
    value.get_str(name).ok_or_else(|| {
        Diagnostics::from_error(
            format!("Missing value for {name}"),
            format!("{name} must be known before this operation; this is a provider bug."),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORMATS: &[&[&str]] = &[
        &["project_id", "group_id", "role_id"],
        &["group_id", "role_id"],
    ];

    #[test]
    fn accepts_each_format() {
        assert_eq!(
            parse("t", "p/g/r", FORMATS).unwrap(),
            (0, vec!["p", "g", "r"])
        );
        assert_eq!(parse("t", "g/r", FORMATS).unwrap(), (1, vec!["g", "r"]));
    }

    #[test]
    fn rejects_malformed_ids_showing_the_format() {
        for bad in ["", "g", "p//r", "a/b/c/d", " g/r", "g/r/"] {
            let diags = parse("openai_x", bad, FORMATS).unwrap_err();
            let detail = &diags.0[0].detail;
            assert!(
                detail
                    .contains("\"<project_id>/<group_id>/<role_id>\" or \"<group_id>/<role_id>\""),
                "{detail}"
            );
        }
    }

    static MEMBER: PairKind = PairKind {
        type_name: "openai_x_user",
        first: "group_id",
        second: "user_id",
        describe: |group, user| format!("user {user} in group {group}"),
    };

    #[test]
    fn pair_keys_come_from_import_ids_and_states_alike() {
        let parsed = MEMBER.parse("group_a/user_b").unwrap();
        assert_eq!((parsed.first(), parsed.second()), ("group_a", "user_b"));
        assert_eq!(parsed.id(), "group_a/user_b");
        assert_eq!(parsed.describe(), "user user_b in group group_a");
        let state = parsed.base_state();
        assert_eq!(state.get_str("id"), Some("group_a/user_b"));
        assert_eq!(state.get_str("group_id"), Some("group_a"));
        assert_eq!(state.get_str("user_id"), Some("user_b"));
        let of_state = MEMBER.of(&state).unwrap();
        assert_eq!(of_state.id(), parsed.id());
    }

    #[test]
    fn pair_keys_reject_bad_import_ids_and_incomplete_states() {
        for bad in ["group_a", "group_a/", "/user_b", "group_a/user_b/x"] {
            let diags = MEMBER.parse(bad).unwrap_err();
            let detail = &diags.0[0].detail;
            assert!(detail.contains("openai_x_user"), "{detail}");
            assert!(detail.contains("\"<group_id>/<user_id>\""), "{detail}");
        }
        let mut state = Value::Object(Default::default());
        state.set("group_id", Value::string("group_a"));
        assert!(MEMBER.of(&state).is_err());
    }
}

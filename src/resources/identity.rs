//! Resource identity (Terraform 1.12+): an object's natural key as a small
//! object, e.g. `{ project_id, group_id, role_id }` of a role assignment.
//!
//! One mechanism for every type: the identity is made of the parts of the
//! type's import ID formats ([`crate::resources::Resource::import_formats`]).
//! A part found in every format is required for import; one found in only
//! some (the `project_id` of an assignment, null at organization level) is
//! optional. A part is read from the state attribute of the same name; the
//! part naming the object itself, which states hold as `id` (a project's
//! `project_id`), from `id`. Import by identity joins the parts of the
//! format whose parts are set into the string import ID, so both ways of
//! importing run the same code.

use crate::diagnostics::Diagnostics;
use crate::schema::Schema;
use crate::value::{Type, Value};

/// The version of every identity schema: bump it (and upgrade old
/// identities in `upgrade`) if the parts of a type ever change.
pub const VERSION: i64 = 0;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityPart {
    pub name: &'static str,
    /// In every import ID format: `import { identity = ... }` must set it.
    pub required: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub type_name: &'static str,
    pub parts: Vec<IdentityPart>,
    formats: Vec<Vec<&'static str>>,
}

impl Identity {
    /// The identity of a type whose import IDs have `formats`; `None` when
    /// it has none.
    pub fn from_formats(type_name: &'static str, formats: Vec<Vec<&'static str>>) -> Option<Self> {
        let mut parts: Vec<IdentityPart> = Vec::new();
        for name in formats.iter().flatten() {
            if parts.iter().all(|p| p.name != *name) {
                parts.push(IdentityPart {
                    name,
                    required: formats.iter().all(|f| f.contains(name)),
                });
            }
        }
        (!parts.is_empty()).then_some(Identity {
            type_name,
            parts,
            formats,
        })
    }

    /// An object of strings, one per part.
    pub fn value_type(&self) -> Type {
        Type::Object(
            self.parts
                .iter()
                .map(|p| (p.name.to_owned(), Type::String))
                .collect(),
        )
    }

    /// The description of a part, for the schema and the docs.
    pub fn describe(&self, part: &str) -> String {
        if part == crate::resources::declared::settings::SINGLETON_ID {
            return format!(
                "Always `{}`: the organization has one {}, named by the import ID.",
                crate::resources::declared::settings::ORGANIZATION_ID,
                self.type_name
            );
        }
        let optional = self.parts.iter().any(|p| p.name == part && !p.required);
        let when = if optional {
            " Optional: set it only for the import ID formats that have it."
        } else {
            ""
        };
        format!(
            "The `{part}` part of the {} import ID.{when}",
            self.type_name
        )
    }

    /// The identity of a state; `None` while a required part is unknown
    /// (a planned create) or missing (a state without its key).
    pub fn of_state(&self, schema: &Schema, state: &Value) -> Option<Value> {
        if !matches!(state, Value::Object(_)) {
            return None;
        }
        let mut identity = Value::Object(Default::default());
        for part in &self.parts {
            let attribute = if schema.attribute(part.name).is_some() {
                part.name
            } else {
                "id"
            };
            let value = state.get(attribute);
            match value {
                Value::String(_) => identity.set(part.name, value.clone()),
                Value::Null if !part.required => identity.set(part.name, Value::Null),
                _ => return None,
            }
        }
        Some(identity)
    }

    /// The identity a string import ID names; `None` when it fits no format.
    pub fn of_import_id(&self, id: &str) -> Option<Value> {
        let values: Vec<&str> = id.split('/').collect();
        let format = self.formats.iter().find(|f| f.len() == values.len())?;
        let mut identity = Value::Object(Default::default());
        for part in &self.parts {
            let value = format
                .iter()
                .position(|name| name == &part.name)
                .map(|i| Value::string(values[i]));
            identity.set(part.name, value.unwrap_or(Value::Null));
        }
        Some(identity)
    }

    /// The string import ID of an identity: its set parts, in the order of
    /// the format that has exactly those parts.
    pub fn import_id(&self, identity: &Value) -> Result<String, Diagnostics> {
        let set: Vec<&'static str> = self
            .parts
            .iter()
            .filter(|p| identity.get_str(p.name).is_some_and(|v| !v.is_empty()))
            .map(|p| p.name)
            .collect();
        let format = self
            .formats
            .iter()
            .find(|f| f.len() == set.len() && f.iter().all(|name| set.contains(name)));
        match format {
            Some(format) => Ok(format
                .iter()
                .map(|name| identity.get_str(name).unwrap_or_default())
                .collect::<Vec<_>>()
                .join("/")),
            None => Err(Diagnostics::from_error(
                "Invalid import identity",
                format!(
                    "Cannot import {} with an identity that sets {}: set exactly the parts \
                     of one of {}.",
                    self.type_name,
                    if set.is_empty() {
                        "no part".to_owned()
                    } else {
                        set.join(", ")
                    },
                    self.formats
                        .iter()
                        .map(|f| format!("{{ {} }}", f.join(", ")))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Attribute;
    use crate::value::test_support::object;

    fn assignment() -> Identity {
        Identity::from_formats(
            "openai_group_role_assignment",
            vec![
                vec!["project_id", "group_id", "role_id"],
                vec!["group_id", "role_id"],
            ],
        )
        .unwrap()
    }

    #[test]
    fn parts_in_every_format_are_required_the_others_optional() {
        let identity = assignment();
        let required: Vec<_> = identity
            .parts
            .iter()
            .map(|p| (p.name, p.required))
            .collect();
        assert_eq!(
            required,
            [("project_id", false), ("group_id", true), ("role_id", true)]
        );
        assert!(Identity::from_formats("openai_x", Vec::new()).is_none());
    }

    #[test]
    fn identities_and_import_ids_convert_both_ways() {
        let identity = assignment();
        for id in ["proj_a/group_b/role_c", "group_b/role_c"] {
            let value = identity.of_import_id(id).unwrap();
            assert_eq!(identity.import_id(&value).unwrap(), id);
        }
        let org = identity.of_import_id("group_b/role_c").unwrap();
        assert_eq!(org.get("project_id"), &Value::Null);
        assert!(identity.of_import_id("a/b/c/d").is_none());
    }

    #[test]
    fn an_identity_that_fits_no_format_says_which_would() {
        let identity = assignment();
        let only_role = object(&[
            ("project_id", Value::Null),
            ("group_id", Value::Null),
            ("role_id", Value::string("role_c")),
        ]);
        let detail = format!("{:?}", identity.import_id(&only_role).unwrap_err());
        assert!(detail.contains("sets role_id"), "{detail}");
        assert!(
            detail.contains("{ project_id, group_id, role_id } or { group_id, role_id }"),
            "{detail}"
        );
    }

    #[test]
    fn the_part_naming_the_object_itself_is_read_from_id() {
        let identity =
            Identity::from_formats("openai_project_role", vec![vec!["project_id", "role_id"]])
                .unwrap();
        let schema = Schema::new(
            "role",
            vec![
                Attribute::computed("id", Type::String, "id"),
                Attribute::required("project_id", Type::String, "project"),
            ],
        );
        let state = object(&[
            ("id", Value::string("role_c")),
            ("project_id", Value::string("proj_a")),
        ]);
        let value = identity.of_state(&schema, &state).unwrap();
        assert_eq!(identity.import_id(&value).unwrap(), "proj_a/role_c");
        let planned = object(&[("id", Value::Unknown), ("project_id", Value::string("p"))]);
        assert_eq!(identity.of_state(&schema, &planned), None);
        assert_eq!(identity.of_state(&schema, &Value::Null), None);
    }

    #[test]
    fn every_resource_type_has_an_identity_its_states_fill() {
        for resource in crate::resources::all() {
            let name = resource.type_name();
            if crate::resources::WITHOUT_IDENTITY_YET.contains(&name) {
                assert!(resource.identity().is_none(), "{name} has one now");
                continue;
            }
            let identity = resource
                .identity()
                .unwrap_or_else(|| panic!("{name} has no identity"));
            let schema = resource.schema();
            let from_id: Vec<_> = identity
                .parts
                .iter()
                .filter(|p| schema.attribute(p.name).is_none())
                .collect();
            assert!(from_id.len() <= 1, "{name}: {from_id:?} all read from id");
            if !from_id.is_empty() {
                assert!(schema.attribute("id").is_some(), "{name} has no id");
            }
        }
    }
}

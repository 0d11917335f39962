//! Attribute values as the API answered them, by the attribute's type:
//! strings, numbers (as answered: `2000`, never `2000.0`), bools, ordered
//! string lists, string sets and lists of objects. Null is no value: an
//! optional attribute the API leaves null is left out of the block, never
//! written as `""`. An ID that names a project (`project_id`, an invite
//! project's `id`) refers to the exported project.

use serde_json::Value as Json;

use super::model::Attr;
use crate::admin::types::ResourceType;
use crate::value::Type;

/// The value of an attribute named `name` of type `ty`; `None` for null
/// and for JSON of another type (a required attribute then fails the
/// export's check, with its path, and is commented out).
pub(super) fn attr(name: &str, ty: &Type, json: &Json) -> Option<Attr> {
    match (ty, json) {
        (_, Json::Null) => None,
        (Type::String, Json::String(s)) if names_a_project(name) => {
            Some(Attr::reference((ResourceType::Project, s.clone()), "id", s))
        }
        (Type::String, Json::String(s)) => Some(Attr::Literal(s.clone())),
        (Type::Number, Json::Number(n)) => Some(Attr::Number(n.clone())),
        (Type::Bool, Json::Bool(b)) => Some(Attr::Bool(*b)),
        (Type::List(element), Json::Array(items)) if **element == Type::String => {
            strings(items).map(Attr::List)
        }
        (Type::Set(element), Json::Array(items)) if **element == Type::String => {
            strings(items).map(Attr::Set)
        }
        (Type::List(element), Json::Array(items)) => match &**element {
            Type::Object(fields) => items
                .iter()
                .map(|item| {
                    fields
                        .iter()
                        .filter_map(|(field, ty)| {
                            attr(field, ty, item.get(field).unwrap_or(&Json::Null))
                                .map(|value| (field.clone(), value))
                        })
                        .collect::<Vec<_>>()
                })
                .map(Some)
                .collect::<Option<Vec<_>>>()
                .map(Attr::Objects),
            _ => None,
        },
        _ => None,
    }
}

/// `project_id`, or the `id` of an object in a list (an invite's
/// projects: the only lists of objects the exported types have).
fn names_a_project(name: &str) -> bool {
    name == "project_id" || name == "id"
}

fn strings(items: &[Json]) -> Option<Vec<String>> {
    items
        .iter()
        .map(|item| item.as_str().map(str::to_owned))
        .collect()
}

/// A JSON value as a resource name's text (`email`, `name`, or a
/// threshold's number); `None` for null and for lists or objects.
pub(super) fn display(json: &Json) -> Option<String> {
    match json {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_keep_their_type_and_null_is_no_value() {
        let number = attr("threshold_amount", &Type::Number, &json!(2000)).unwrap();
        assert_eq!(number, Attr::Number(2000.into()));
        assert_eq!(
            attr("file_search_enabled", &Type::Bool, &json!(false)),
            Some(Attr::Bool(false))
        );
        assert_eq!(
            attr(
                "model_ids",
                &Type::list_of(Type::String),
                &json!(["o3", "gpt-4.1"])
            ),
            Some(Attr::List(vec!["o3".into(), "gpt-4.1".into()])),
            "a list keeps its order"
        );
        assert_eq!(
            attr("subject_prefix", &Type::String, &serde_json::Value::Null),
            None
        );
        // Another type than declared is no value (the check then says so).
        assert_eq!(
            attr("threshold_amount", &Type::Number, &json!("2000")),
            None
        );
        assert_eq!(
            attr("model_ids", &Type::list_of(Type::String), &json!([1])),
            None
        );
    }

    #[test]
    fn project_ids_refer_to_the_exported_project() {
        let Some(Attr::Ref { targets, literal }) =
            attr("project_id", &Type::String, &json!("proj_a"))
        else {
            panic!("no reference");
        };
        assert_eq!(literal, "proj_a");
        assert_eq!(targets[0].0, (ResourceType::Project, "proj_a".to_owned()));
        let object = Type::Object(
            [
                ("id".to_owned(), Type::String),
                ("role".to_owned(), Type::String),
            ]
            .into(),
        );
        let Some(Attr::Objects(objects)) = attr(
            "projects",
            &Type::list_of(object),
            &json!([{"id": "proj_a", "role": "member"}]),
        ) else {
            panic!("no objects");
        };
        assert!(matches!(objects[0][0], (ref id, Attr::Ref { .. }) if id == "id"));
        assert_eq!(
            objects[0][1],
            ("role".into(), Attr::Literal("member".into()))
        );
    }
}

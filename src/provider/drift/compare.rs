//! Whether a refreshed object changed, as the provider means it: an
//! attribute the user manages (required or optional, optional+computed
//! included since a refresh cannot tell whether the configuration sets it)
//! has another value. Computed-only attributes (labels, counts, times the
//! API keeps) are the API's to change and are not compared, nor are blocks
//! (`timeouts`, Terraform-side). Values compare as plan compares them:
//! sets as sets at every depth; and a null collection is the empty one.

use crate::schema::{Mode, Schema};
use crate::value::Value;

/// The managed attributes of `schema` whose value in `refreshed` differs
/// from `stored`, in schema order (empty: the object did not change).
/// Both are states as the provider returns them (official spellings
/// mirrored, conforming to the schema).
pub fn changed_attributes(schema: &Schema, stored: &Value, refreshed: &Value) -> Vec<&'static str> {
    schema
        .attributes
        .iter()
        .filter(|a| a.mode != Mode::Computed)
        .filter(|a| !same(stored.get(a.name), refreshed.get(a.name)))
        .map(|a| a.name)
        .collect()
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, other) | (other, Value::Null) => is_empty(other) || other.is_null(),
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Set(x), Value::Set(y)) => {
            x.iter().all(|v| y.iter().any(|w| same(v, w)))
                && y.iter().all(|w| x.iter().any(|v| same(v, w)))
        }
        (Value::Map(x), Value::Map(y)) | (Value::Object(x), Value::Object(y)) => {
            let keys = x.keys().chain(y.keys());
            let null = Value::Null;
            keys.into_iter()
                .all(|k| same(x.get(k).unwrap_or(&null), y.get(k).unwrap_or(&null)))
        }
        _ => a == b,
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::List(items) | Value::Set(items) => items.is_empty(),
        Value::Map(entries) => entries.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Attribute;
    use crate::value::Type;
    use crate::value::test_support::object;

    fn schema() -> Schema {
        Schema::new(
            "test",
            vec![
                Attribute::computed("id", Type::String, ""),
                Attribute::required("name", Type::String, ""),
                Attribute::required("permissions", Type::set_of(Type::String), ""),
                Attribute::optional("labels", Type::list_of(Type::String), ""),
                Attribute::optional("role", Type::String, "").also_computed(),
                Attribute::computed("created_at", Type::Number, ""),
            ],
        )
    }

    fn role(name: &str, permissions: &[&str], created_at: f64) -> Value {
        object(&[
            ("id", Value::string("r1")),
            ("name", Value::string(name)),
            (
                "permissions",
                Value::string_set(permissions.iter().copied()),
            ),
            ("labels", Value::Null),
            ("role", Value::string("member")),
            ("created_at", Value::Number(created_at)),
        ])
    }

    #[test]
    fn order_of_a_set_and_computed_values_are_no_change() {
        let stored = role("R", &["a", "b"], 1.0);
        let refreshed = role("R", &["b", "a"], 2.0);
        assert!(changed_attributes(&schema(), &stored, &refreshed).is_empty());
        let mut emptied = refreshed.clone();
        emptied.set("labels", Value::List(Vec::new()));
        assert!(
            changed_attributes(&schema(), &stored, &emptied).is_empty(),
            "a null list is the empty one"
        );
    }

    #[test]
    fn a_managed_attribute_with_another_value_is_named() {
        let stored = role("R", &["a", "b"], 1.0);
        let refreshed = role("Renamed", &["a"], 1.0);
        assert_eq!(
            changed_attributes(&schema(), &stored, &refreshed),
            ["name", "permissions"]
        );
        let mut promoted = stored.clone();
        promoted.set("role", Value::string("owner"));
        assert_eq!(
            changed_attributes(&schema(), &stored, &promoted),
            ["role"],
            "optional+computed attributes are the object's too"
        );
        let mut ordered = stored.clone();
        ordered.set(
            "labels",
            Value::List(vec![Value::string("x"), Value::string("y")]),
        );
        let mut reordered = stored;
        reordered.set(
            "labels",
            Value::List(vec![Value::string("y"), Value::string("x")]),
        );
        assert_eq!(
            changed_attributes(&schema(), &ordered, &reordered),
            ["labels"],
            "a list's order is its value"
        );
    }

    #[test]
    fn sets_of_objects_compare_as_sets_at_every_depth() {
        let member = |id: &str, roles: &[&str]| {
            object(&[
                ("id", Value::string(id)),
                ("roles", Value::string_set(roles.iter().copied())),
            ])
        };
        let a = Value::Set(vec![member("u1", &["x", "y"]), member("u2", &[])]);
        let b = Value::Set(vec![member("u2", &[]), member("u1", &["y", "x"])]);
        assert!(same(&a, &b));
        let c = Value::Set(vec![member("u2", &[]), member("u1", &["y"])]);
        assert!(!same(&a, &c));
    }
}

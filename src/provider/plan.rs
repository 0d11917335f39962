//! Generic planning from the schema's declared plan behaviour, so no
//! resource hand-codes PlanResourceChange.

use crate::diagnostics::AttributePath;
use crate::schema::{Mode, Schema};
use crate::value::Value;

pub struct Plan {
    pub planned_state: Value,
    pub requires_replace: Vec<AttributePath>,
}

/// Plans a change from Terraform's proposed new state.
///
/// - destroy: planned is null;
/// - create: computed attributes the configuration leaves null are unknown;
/// - update: computed attributes keep their prior value when nothing the
///   user manages (configured values, optional+computed ones included)
///   changed (no perpetual diff), or when declared
///   `use_state_for_unknown`; otherwise they become unknown. Attributes
///   declared `requires_replace` that changed are reported for replacement.
pub fn plan_change(schema: &Schema, prior: &Value, proposed: &Value, config: &Value) -> Plan {
    if proposed.is_null() {
        return Plan {
            planned_state: Value::Null,
            requires_replace: Vec::new(),
        };
    }
    let mut planned = proposed.clone();
    // Attributes the provider fills in: computed ones, and optional+computed
    // ones the configuration leaves null.
    let computed = || {
        schema.attributes.iter().filter(|a| {
            a.mode == Mode::Computed || (a.also_computed && config.get(a.name).is_null())
        })
    };

    if prior.is_null() {
        for attr in computed() {
            if config.get(attr.name).is_null() {
                planned.set(attr.name, Value::Unknown);
            }
        }
        return Plan {
            planned_state: planned,
            requires_replace: Vec::new(),
        };
    }

    // What the user manages: plain optional and required attributes, and
    // optional+computed ones that the configuration sets (left null, they
    // are the provider's). A change to any of them may change the
    // provider's values too, so those cannot be kept from the prior state.
    let user_change = schema
        .attributes
        .iter()
        .filter(|a| a.mode != Mode::Computed && (!a.also_computed || !config.get(a.name).is_null()))
        .any(|a| prior.get(a.name) != planned.get(a.name));
    for attr in computed() {
        let value = if user_change && !attr.use_state_for_unknown {
            Value::Unknown
        } else {
            prior.get(attr.name).clone()
        };
        planned.set(attr.name, value);
    }
    let requires_replace = schema
        .attributes
        .iter()
        .filter(|a| a.requires_replace && prior.get(a.name) != planned.get(a.name))
        .map(|a| AttributePath::attribute(a.name))
        .collect();
    Plan {
        planned_state: planned,
        requires_replace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Attribute;
    use crate::value::Type;
    use crate::value::test_support::object as obj;

    fn schema() -> Schema {
        Schema::new(
            "test",
            vec![
                Attribute::computed("id", Type::String, "").use_state_for_unknown(),
                Attribute::required("project_id", Type::String, "").requires_replace(),
                Attribute::required("name", Type::String, ""),
                Attribute::computed("etag", Type::String, ""),
            ],
        )
    }

    fn state(project: &str, name: &str) -> Value {
        obj(&[
            ("id", Value::string("r1")),
            ("project_id", Value::string(project)),
            ("name", Value::string(name)),
            ("etag", Value::string("e1")),
        ])
    }

    #[test]
    fn create_marks_computed_unknown() {
        let config = obj(&[
            ("id", Value::Null),
            ("project_id", Value::string("p")),
            ("name", Value::string("n")),
            ("etag", Value::Null),
        ]);
        let plan = plan_change(&schema(), &Value::Null, &config, &config);
        assert!(plan.planned_state.get("id").is_unknown());
        assert!(plan.planned_state.get("etag").is_unknown());
        assert!(plan.requires_replace.is_empty());
    }

    #[test]
    fn no_change_keeps_prior_computed_values() {
        let prior = state("p", "n");
        let plan = plan_change(&schema(), &prior, &prior, &prior);
        assert_eq!(plan.planned_state, prior);
    }

    #[test]
    fn update_keeps_stable_ids_and_unknowns_the_rest() {
        let prior = state("p", "n");
        let proposed = state("p", "renamed");
        let plan = plan_change(&schema(), &prior, &proposed, &proposed);
        assert_eq!(plan.planned_state.get_str("id"), Some("r1"));
        assert!(plan.planned_state.get("etag").is_unknown());
        assert!(plan.requires_replace.is_empty());
    }

    #[test]
    fn changed_replace_attribute_is_reported() {
        let plan = plan_change(
            &schema(),
            &state("p", "n"),
            &state("q", "n"),
            &state("q", "n"),
        );
        assert_eq!(
            plan.requires_replace,
            vec![AttributePath::attribute("project_id")]
        );
    }

    /// A resource with an optional+computed attribute (`description`: the
    /// API fills it in when the configuration leaves it out) next to a
    /// computed one that follows any change (`updated_at`).
    fn schema_with_optional_computed() -> Schema {
        Schema::new(
            "test",
            vec![
                Attribute::computed("id", Type::String, "").use_state_for_unknown(),
                Attribute::required("name", Type::String, ""),
                Attribute::optional("description", Type::String, "").also_computed(),
                Attribute::computed("updated_at", Type::Number, ""),
            ],
        )
    }

    fn described(description: Value, updated_at: Value) -> Value {
        obj(&[
            ("id", Value::string("r1")),
            ("name", Value::string("n")),
            ("description", description),
            ("updated_at", updated_at),
        ])
    }

    #[test]
    fn a_change_to_a_configured_optional_computed_attribute_is_a_user_change() {
        let schema = schema_with_optional_computed();
        let prior = described(Value::string("old"), Value::Number(1.0));
        let config = described(Value::string("new"), Value::Null);
        let proposed = described(Value::string("new"), Value::Number(1.0));
        let plan = plan_change(&schema, &prior, &proposed, &config);
        assert_eq!(
            plan.planned_state.get_str("description"),
            Some("new"),
            "the configured value is planned"
        );
        assert!(
            plan.planned_state.get("updated_at").is_unknown(),
            "the provider's values may change with it: {:?}",
            plan.planned_state
        );
        assert_eq!(plan.planned_state.get_str("id"), Some("r1"));
    }

    #[test]
    fn an_unconfigured_optional_computed_attribute_keeps_its_prior_value() {
        let schema = schema_with_optional_computed();
        let prior = described(Value::string("from the API"), Value::Number(1.0));
        let config = described(Value::Null, Value::Null);
        // Terraform proposes the prior value for an unset optional+computed
        // attribute: nothing the user manages changed.
        let plan = plan_change(&schema, &prior, &prior, &config);
        assert_eq!(plan.planned_state, prior);

        // Configured to the value it already has: no change either.
        let config = described(Value::string("from the API"), Value::Null);
        let plan = plan_change(&schema, &prior, &prior, &config);
        assert_eq!(plan.planned_state, prior);

        // A change elsewhere makes the provider's values unknown, the
        // unconfigured optional+computed one included.
        let renamed = obj(&[
            ("id", Value::string("r1")),
            ("name", Value::string("renamed")),
            ("description", Value::string("from the API")),
            ("updated_at", Value::Number(1.0)),
        ]);
        let config = obj(&[
            ("id", Value::Null),
            ("name", Value::string("renamed")),
            ("description", Value::Null),
            ("updated_at", Value::Null),
        ]);
        let plan = plan_change(&schema, &prior, &renamed, &config);
        assert!(plan.planned_state.get("updated_at").is_unknown());
        assert!(plan.planned_state.get("description").is_unknown());
    }

    #[test]
    fn destroy_plans_null() {
        let plan = plan_change(&schema(), &state("p", "n"), &Value::Null, &Value::Null);
        assert!(plan.planned_state.is_null());
    }
}

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
///   user manages changed (no perpetual diff), or when declared
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

    let user_change = schema
        .attributes
        .iter()
        .filter(|a| a.mode != Mode::Computed && !a.also_computed)
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
    use std::collections::BTreeMap;

    use super::*;
    use crate::schema::Attribute;
    use crate::value::Type;

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

    fn obj(pairs: &[(&str, Value)]) -> Value {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
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

    #[test]
    fn destroy_plans_null() {
        let plan = plan_change(&schema(), &state("p", "n"), &Value::Null, &Value::Null);
        assert!(plan.planned_state.is_null());
    }
}

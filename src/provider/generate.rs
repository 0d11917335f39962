//! GenerateResourceConfig (Terraform 1.14+): the configuration that
//! describes an object's state, for `-generate-config-out` of `plan` and
//! `query`. What the provider computes (IDs, timestamps) is left out, as
//! are the official spelling of each attribute that has two and the
//! alternatives of attributes (setting both is an error), and blocks
//! (timeouts: Terraform-side settings).

use super::Provider;
use crate::diagnostics::Diagnostics;
use crate::schema::{Mode, Schema};
use crate::value::Value;

impl Provider {
    pub fn generate_resource_config(
        &self,
        type_name: &str,
        state: &Value,
    ) -> Result<Value, Diagnostics> {
        let resource = self.resource(type_name)?;
        Ok(config_of(resource.schema(), state))
    }
}

/// `state` as configuration of `schema`.
pub(super) fn config_of(schema: &Schema, state: &Value) -> Value {
    let Value::Object(attrs) = state else {
        return Value::Null;
    };
    let official: Vec<&str> = schema.spellings.iter().map(|s| s.official).collect();
    let mut config = Value::Object(Default::default());
    for attribute in &schema.attributes {
        let keep = attribute.mode != Mode::Computed
            && !attribute.alternative
            && !official.contains(&attribute.name);
        let value = attrs.get(attribute.name).filter(|_| keep);
        config.set(attribute.name, value.cloned().unwrap_or(Value::Null));
    }
    for block in &schema.blocks {
        config.set(block.name, Value::Null);
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Attribute;
    use crate::value::Type;
    use crate::value::test_support::object;

    #[test]
    fn computed_values_are_left_out_of_the_configuration() {
        let schema = Schema::new(
            "t",
            vec![
                Attribute::computed("id", Type::String, "id"),
                Attribute::required("name", Type::String, "name"),
                Attribute::optional("title", Type::String, "title").also_computed(),
            ],
        );
        let state = object(&[
            ("id", Value::string("x")),
            ("name", Value::string("n")),
            ("title", Value::string("t")),
        ]);
        let config = config_of(&schema, &state);
        assert_eq!(config.get("id"), &Value::Null);
        assert_eq!(config.get_str("name"), Some("n"));
        assert_eq!(config.get_str("title"), Some("t"));
        assert_eq!(config_of(&schema, &Value::Null), Value::Null);
    }

    #[test]
    fn an_alternative_is_left_out_for_its_sibling() {
        let schema = Schema::new(
            "t",
            vec![
                Attribute::optional("user_id", Type::String, "u").also_computed(),
                Attribute::optional("email", Type::String, "e")
                    .also_computed()
                    .alternative(),
            ],
        );
        let state = object(&[
            ("user_id", Value::string("user_1")),
            ("email", Value::string("a@example.com")),
        ]);
        let config = config_of(&schema, &state);
        assert_eq!(config.get_str("user_id"), Some("user_1"));
        assert_eq!(config.get("email"), &Value::Null);
    }
}

//! Checks an exported resource against the provider's own schema and
//! validation, with literal values: what the provider would refuse at plan
//! time (an empty permission set, a name with surrounding spaces...) cannot
//! be adopted without a change, so the export comments it out instead.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::model::Attr;
use crate::admin::types::ResourceType;
use crate::resources::{self, Resource};
use crate::value::Value;

pub(super) struct Checker {
    resources: BTreeMap<&'static str, Arc<dyn Resource>>,
}

impl Checker {
    pub(super) fn new() -> Checker {
        Checker {
            resources: resources::all()
                .into_iter()
                .map(|resource| (resource.type_name(), resource))
                .collect(),
        }
    }

    /// `Err` with what the provider says is wrong, naming the attributes.
    pub(super) fn check(
        &self,
        ty: ResourceType,
        attrs: &[(&'static str, Attr)],
    ) -> Result<(), String> {
        let resource = self
            .resources
            .get(ty.type_name())
            .unwrap_or_else(|| panic!("the provider has no resource type {ty}"));
        let schema = resource.schema();
        let mut config = Value::Object(BTreeMap::new());
        for attribute in &schema.attributes {
            config.set(attribute.name, Value::Null);
        }
        for block in &schema.blocks {
            config.set(block.name, Value::Null);
        }
        for (name, attr) in attrs {
            assert!(
                schema.attribute(name).is_some(),
                "{ty} has no attribute {name}"
            );
            config.set(name, attr.literal_value());
        }
        let mut diags = schema.validate(&config);
        diags.extend(resource.validate(&config));
        if !diags.has_errors() {
            return Ok(());
        }
        Err(diags
            .0
            .iter()
            .map(|d| match &d.attribute {
                Some(path) => format!("{path}: {}", d.detail),
                None => format!("{}: {}", d.summary, d.detail),
            })
            .collect::<Vec<_>>()
            .join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_provider_refuses_is_reported_with_the_attribute() {
        let checker = Checker::new();
        let role = |permissions: Vec<String>| {
            vec![
                ("name", Attr::Literal("Auditor".into())),
                ("permissions", Attr::Set(permissions)),
            ]
        };
        assert_eq!(
            checker.check(
                ResourceType::OrganizationRole,
                &role(vec!["api.audit_logs.read".into()])
            ),
            Ok(())
        );
        // No permission at all is valid: the API accepts such a role.
        assert_eq!(
            checker.check(ResourceType::OrganizationRole, &role(vec![])),
            Ok(())
        );

        let group = checker
            .check(
                ResourceType::Group,
                &[("name", Attr::Literal(" Sales".into()))],
            )
            .unwrap_err();
        assert!(group.starts_with("name: "), "{group}");
    }
}

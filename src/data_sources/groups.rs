//! `openai_groups`: every group of the organization.

use std::collections::BTreeMap;

use async_trait::async_trait;

use super::DataSource;
use super::lookup::{ListCache, api_error};
use crate::api::{AdminClient, Group};
use crate::diagnostics::Diagnostics;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

pub struct GroupsDataSource {
    schema: Schema,
    lists: ListCache<(), Group>,
}

fn group_type() -> Type {
    Type::Object(BTreeMap::from([
        ("id".to_owned(), Type::String),
        ("name".to_owned(), Type::String),
        ("created_at".to_owned(), Type::Number),
        ("is_scim_managed".to_owned(), Type::Bool),
        ("group_type".to_owned(), Type::String),
    ]))
}

fn group_value(group: &Group) -> Value {
    Value::Object(BTreeMap::from([
        ("id".to_owned(), Value::string(&group.id)),
        ("name".to_owned(), Value::string(&group.name)),
        (
            "created_at".to_owned(),
            Value::Number(group.created_at as f64),
        ),
        (
            "is_scim_managed".to_owned(),
            Value::Bool(group.scim_managed),
        ),
        (
            "group_type".to_owned(),
            Value::opt_string(group.group_type.as_deref()),
        ),
    ]))
}

impl Default for GroupsDataSource {
    fn default() -> Self {
        Self::new()
    }
}

impl GroupsDataSource {
    pub fn new() -> Self {
        GroupsDataSource {
            schema: Schema::new(
                "Lists every group of the OpenAI organization, those created here and those \
                 provisioned by the identity provider (SCIM) alike. To find one group by name, \
                 use the `openai_group` data source.",
                vec![
                    Attribute::computed(
                        "id",
                        Type::String,
                        "The listed collection's path (`organization/groups`), as an \
                         identifier for this data source (the official provider's `id`).",
                    ),
                    Attribute::computed(
                        "groups",
                        Type::list_of(group_type()),
                        "The groups, in the order the API returns them (oldest first): objects \
                     with `id`, `name`, `created_at` (Unix seconds), `is_scim_managed` \
                     (true for groups the identity provider manages through SCIM, which \
                     cannot be renamed, deleted or given members here) and `group_type` \
                     (`group`, or `tenant_group` for a group of the tenant).",
                    ),
                ],
            ),
            lists: ListCache::in_flight_only(),
        }
    }
}

#[async_trait]
impl DataSource for GroupsDataSource {
    fn type_name(&self) -> &'static str {
        "openai_groups"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let groups = self
            .lists
            .get(&(), || client.list_groups())
            .await
            .map_err(|e| api_error("list the organization's groups", &e))?;
        let mut state = config.clone();
        state.set("id", Value::string("organization/groups"));
        state.set(
            "groups",
            Value::List(groups.iter().map(group_value).collect()),
        );
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_objects_have_the_documented_attributes() {
        let group: Group = serde_json::from_value(serde_json::json!({
            "object": "group", "id": "group_s", "name": "Sales", "created_at": 3,
            "is_scim_managed": true, "group_type": "group"
        }))
        .unwrap();
        let value = group_value(&group);
        assert_eq!(value.get("is_scim_managed"), &Value::Bool(true));
        assert_eq!(value.get("created_at"), &Value::Number(3.0));
        let Type::Object(attrs) = group_type() else {
            unreachable!()
        };
        assert_eq!(attrs.len(), 5);
        assert!(attrs.keys().all(|k| !value.get(k).is_null()));
    }
}

//! `openai_group`: one group of the organization, by name or ID.

use async_trait::async_trait;

use super::DataSource;
use super::lookup::{ListCache, Lookup, Searched, api_error, exactly_one_spelled, select};
use crate::api::{AdminClient, Group};
use crate::diagnostics::Diagnostics;
use crate::resources::validators;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

pub struct GroupDataSource {
    schema: Schema,
    lists: ListCache<(), Group>,
}

impl Default for GroupDataSource {
    fn default() -> Self {
        Self::new()
    }
}

impl GroupDataSource {
    pub fn new() -> Self {
        GroupDataSource {
            schema: Schema::new(
                "Looks up one group of the OpenAI organization by name or ID, e.g. to give \
                 it a role with `openai_group_role_assignment` without copying its ID.",
                vec![
                    Attribute::optional(
                        "name",
                        Type::String,
                        "Exact (case-sensitive) display name of the group. Set exactly one \
                         of `name` and `id`.",
                    )
                    .validate_with(validators::text(256))
                    .also_computed(),
                    Attribute::optional(
                        "id",
                        Type::String,
                        "ID of the group (32 hex characters, no prefix). Set exactly one of `name` and \
                         `id` (or `group_id`); when looking up by `name`, read the ID from here.",
                    )
                    .validate_with(validators::identifier())
                    .also_computed(),
                    Attribute::optional(
                        "group_id",
                        Type::String,
                        "The official provider's spelling of `id` (OpenAI's `openai/openai` \
                         looks groups up by `group_id`), so that its configurations run \
                         unchanged. Set at most one of `id` and `group_id`; both hold the ID \
                         after the read.",
                    )
                    .validate_with(validators::identifier())
                    .also_computed(),
                    Attribute::computed(
                        "created_at",
                        Type::Number,
                        "When the group was created (Unix seconds).",
                    ),
                    Attribute::computed(
                        "scim_managed",
                        Type::Bool,
                        "Whether the group is managed by SCIM provisioning.",
                    ),
                    Attribute::computed(
                        "is_scim_managed",
                        Type::Bool,
                        "The same as `scim_managed`, under the official provider's name.",
                    ),
                    Attribute::computed(
                        "group_type",
                        Type::String,
                        "The type of the group as the API reports it: `group` for a group \
                         of the organization, `tenant_group` for one of the tenant.",
                    ),
                ],
            )
            .with_official_spelling("id", "group_id", false),
            lists: ListCache::in_flight_only(),
        }
    }
}

#[async_trait]
impl DataSource for GroupDataSource {
    fn type_name(&self) -> &'static str {
        "openai_group"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        exactly_one_spelled(config, &self.schema.spellings, "name", "id")
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let lookup = Lookup::of(config)?;
        let groups = self
            .lists
            .get(&(), || client.list_groups())
            .await
            .map_err(|e| api_error("list the organization's groups", &e))?;
        let searched = Searched {
            kind: "group",
            scope: "of the organization",
        };
        let group = select(
            &groups,
            &lookup,
            &searched,
            |g| &g.id,
            |g| &g.name,
            |a, b| a == b,
        )?;
        let mut state = config.clone();
        state.set("id", Value::string(&group.id));
        state.set("name", Value::string(&group.name));
        state.set("created_at", Value::Number(group.created_at as f64));
        state.set("scim_managed", Value::Bool(group.scim_managed));
        state.set("is_scim_managed", Value::Bool(group.scim_managed));
        state.set("group_type", Value::opt_string(group.group_type.as_deref()));
        Ok(state)
    }
}

//! `openai_admin_api_keys` (every admin key of the organization) and
//! `openai_admin_api_key` (one, by ID), redacted: for reviewing who holds
//! admin access.

use async_trait::async_trait;

use super::DataSource;
use super::key_values::{admin_key_attributes, admin_key_type, admin_key_value, merged};
use super::lookup::api_error;
use crate::api::AdminClient;
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::resources::validators::identifier;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

pub struct AdminApiKeys {
    schema: Schema,
}

impl Default for AdminApiKeys {
    fn default() -> Self {
        Self::new()
    }
}

impl AdminApiKeys {
    pub fn new() -> Self {
        AdminApiKeys {
            schema: Schema::new(
                "Lists the admin API keys of the organization, redacted, with their owner, \
                 expiry and last use: for reviewing who holds admin access.",
                vec![Attribute::computed(
                    "admin_api_keys",
                    Type::list_of(admin_key_type()),
                    "The keys, in the order the API returns them: objects with `id`, \
                     `name`, `redacted_value`, `created_at`, `expires_at`, `last_used_at`, \
                     `owner_id`, `owner_name` and `owner_role`.",
                )],
            ),
        }
    }
}

#[async_trait]
impl DataSource for AdminApiKeys {
    fn type_name(&self) -> &'static str {
        "openai_admin_api_keys"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let keys = client
            .list_admin_api_keys()
            .await
            .map_err(|e| api_error("list the organization's admin API keys", &e))?;
        let mut state = config.clone();
        state.set(
            "admin_api_keys",
            Value::List(keys.iter().map(admin_key_value).collect()),
        );
        Ok(state)
    }
}

pub struct AdminApiKey {
    schema: Schema,
}

impl Default for AdminApiKey {
    fn default() -> Self {
        Self::new()
    }
}

impl AdminApiKey {
    pub fn new() -> Self {
        let mut attributes = vec![
            Attribute::required("id", Type::String, "ID of the admin key (`key_...`).")
                .validate_with(identifier()),
        ];
        attributes.extend(admin_key_attributes());
        AdminApiKey {
            schema: Schema::new(
                "Looks up one admin API key of the organization by ID, redacted.",
                attributes,
            ),
        }
    }
}

#[async_trait]
impl DataSource for AdminApiKey {
    fn type_name(&self) -> &'static str {
        "openai_admin_api_key"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let key_id = config.get_str("id").unwrap_or_default();
        let key = client.get_admin_api_key(key_id).await.map_err(|e| {
            if e.is_not_found() {
                let mut diags = Diagnostics::new();
                diags.error_at(
                    AttributePath::attribute("id"),
                    "Admin API key not found",
                    format!(
                        "The organization has no admin key {key_id}: it was deleted or has \
                         expired. `openai_admin_api_keys` lists the admin keys."
                    ),
                );
                diags
            } else {
                api_error(&format!("read admin API key {key_id}"), &e)
            }
        })?;
        Ok(merged(config, admin_key_value(&key)))
    }
}

//! `openai_project_api_keys` (every key of a project) and
//! `openai_project_api_key` (one, by ID): redacted, with owner and last
//! use, for reviewing who holds keys to a project.

use async_trait::async_trait;

use super::DataSource;
use super::key_values::{merged, project_key_attributes, project_key_type, project_key_value};
use super::lookup::api_error;
use crate::api::AdminClient;
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::resources::validators::identifier;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

fn project_id_attribute() -> Attribute {
    Attribute::required(
        "project_id",
        Type::String,
        "ID of the project (`proj_...`).",
    )
    .validate_with(identifier())
}

pub struct ProjectApiKeys {
    schema: Schema,
}

impl Default for ProjectApiKeys {
    fn default() -> Self {
        Self::new()
    }
}

impl ProjectApiKeys {
    pub fn new() -> Self {
        ProjectApiKeys {
            schema: Schema::new(
                "Lists the API keys of a project, users' and service accounts' alike, \
                 redacted, with their owner and last use: for reviewing who can call the \
                 API in the project's name. Keys whose owner lost access to the project \
                 are listed too (`owner_project_access = \"inactive\"`).",
                vec![
                    project_id_attribute(),
                    Attribute::computed(
                        "api_keys",
                        Type::list_of(project_key_type()),
                        "The keys, in the order the API returns them: objects with `id`, \
                         `name`, `redacted_value`, `created_at`, `last_used_at`, \
                         `owner_type` (`user` or `service_account`), `owner_id`, \
                         `owner_name`, `owner_email` and `owner_project_access`.",
                    ),
                ],
            ),
        }
    }
}

#[async_trait]
impl DataSource for ProjectApiKeys {
    fn type_name(&self) -> &'static str {
        "openai_project_api_keys"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let project_id = config.get_str("project_id").unwrap_or_default();
        let keys = client
            .list_project_api_keys(project_id)
            .await
            .map_err(|e| api_error(&format!("list the API keys of project {project_id}"), &e))?;
        let mut state = config.clone();
        state.set(
            "api_keys",
            Value::List(keys.iter().map(project_key_value).collect()),
        );
        Ok(state)
    }
}

pub struct ProjectApiKey {
    schema: Schema,
}

impl Default for ProjectApiKey {
    fn default() -> Self {
        Self::new()
    }
}

impl ProjectApiKey {
    pub fn new() -> Self {
        let mut attributes = vec![
            project_id_attribute(),
            Attribute::required("id", Type::String, "ID of the key (`key_...`).")
                .validate_with(identifier()),
        ];
        attributes.extend(project_key_attributes());
        ProjectApiKey {
            schema: Schema::new(
                "Looks up one API key of a project by ID: redacted, with its owner and last \
                 use.",
                attributes,
            ),
        }
    }
}

#[async_trait]
impl DataSource for ProjectApiKey {
    fn type_name(&self) -> &'static str {
        "openai_project_api_key"
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let project_id = config.get_str("project_id").unwrap_or_default();
        let key_id = config.get_str("id").unwrap_or_default();
        let key = client
            .get_project_api_key(project_id, key_id)
            .await
            .map_err(|e| {
                if e.is_not_found() {
                    let mut diags = Diagnostics::new();
                    diags.error_at(
                        AttributePath::attribute("id"),
                        "API key not found",
                        format!(
                            "Project {project_id} has no API key {key_id}: it was deleted, or \
                             it belongs to another project. `openai_project_api_keys` lists \
                             the project's keys."
                        ),
                    );
                    diags
                } else {
                    api_error(&format!("read API key {key_id}"), &e)
                }
            })?;
        Ok(merged(config, project_key_value(&key)))
    }
}

//! `openai_project_service_account_key` (ephemeral): an API key of a
//! project's service account that exists only while Terraform runs.
//! Opening creates it (`POST .../service_accounts/{id}/api_keys`); closing
//! deletes it (`DELETE /organization/projects/{p}/api_keys/{key_id}`).

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{EphemeralResource, Opened, handle};
use crate::api::AdminClient;
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::resources::errors::api_error;
use crate::resources::validators::{identifier, text};
use crate::schema::{Attribute, Schema, Validator};
use crate::value::{Type, Value};

const TYPE_NAME: &str = "openai_project_service_account_key";

/// The name a key gets when the configuration gives none: it says, in a
/// key review, where the key came from.
pub const DEFAULT_NAME: &str = "terraform-ephemeral";

/// What close needs: the key and where it lives. Never the secret.
#[derive(Debug, Serialize, Deserialize)]
struct KeyHandle {
    project_id: String,
    service_account_id: String,
    key_id: String,
}

pub struct ServiceAccountKeyEphemeral {
    schema: Schema,
}

impl Default for ServiceAccountKeyEphemeral {
    fn default() -> Self {
        Self::new()
    }
}

/// Scopes such as `api.model.read`: non-empty, no whitespace.
fn scopes_validator() -> Validator {
    Arc::new(|value: &Value| {
        let Value::Set(items) = value else {
            return Ok(());
        };
        for item in items {
            let scope = item.as_str().unwrap_or_default();
            if scope.is_empty() || scope.chars().any(char::is_whitespace) {
                return Err(format!(
                    "{scope:?} is not a scope: scopes are non-empty names without spaces, \
                     such as \"api.model.read\""
                ));
            }
        }
        Ok(())
    })
}

impl ServiceAccountKeyEphemeral {
    pub fn new() -> Self {
        ServiceAccountKeyEphemeral {
            schema: Schema::new(
                "A short-lived API key of a project service account, for a pipeline that \
                 needs one during a run (to configure another provider, or to write it to \
                 a secret store through a write-only attribute). Terraform creates the key \
                 when it opens this ephemeral resource and deletes it when the run ends; \
                 the key is never stored in the state or the plan. Requires Terraform 1.10 \
                 or later.",
                vec![
                    Attribute::required(
                        "project_id",
                        Type::String,
                        "ID of the project the service account belongs to (`proj_...`).",
                    )
                    .validate_with(identifier()),
                    Attribute::required(
                        "service_account_id",
                        Type::String,
                        "ID of the service account that will own the key, e.g. \
                         `openai_project_service_account.ci.id`.",
                    )
                    .validate_with(identifier()),
                    Attribute::optional(
                        "name",
                        Type::String,
                        "Name of the key, as key reviews (`openai_project_api_keys`) show \
                         it. Defaults to `terraform-ephemeral`.",
                    )
                    .also_computed()
                    .validate_with(text(256)),
                    Attribute::optional(
                        "scopes",
                        Type::set_of(Type::String),
                        "Scopes of the key (e.g. `api.model.read`). Unset: the API's default, \
                         all the permissions of the service account.",
                    )
                    .validate_with(scopes_validator()),
                    Attribute::computed("id", Type::String, "ID of the key (`key_...`)."),
                    Attribute::computed(
                        "value",
                        Type::String,
                        "The secret key. Sensitive and ephemeral: use it only where \
                         Terraform allows ephemeral values (provider blocks, write-only \
                         attributes, provisioners, ephemeral outputs and variables).",
                    )
                    .sensitive(),
                    Attribute::computed(
                        "created_at",
                        Type::Number,
                        "When the key was created (Unix seconds).",
                    ),
                ],
            ),
        }
    }
}

/// The open failed because the project or the service account is not
/// there: say which to check.
fn owner_missing(project_id: &str, service_account_id: &str, cause: &Diagnostics) -> Diagnostics {
    let detail: Vec<&str> = cause.0.iter().map(|d| d.detail.as_str()).collect();
    let mut diags = Diagnostics::new();
    diags.error_at(
        AttributePath::attribute("service_account_id"),
        "Service account not found",
        format!(
            "Project {project_id} has no service account {service_account_id}: it was \
             deleted, or the IDs do not belong together. No key was created.\n\n{}",
            detail.join("\n")
        ),
    );
    diags
}

#[async_trait]
impl EphemeralResource for ServiceAccountKeyEphemeral {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn open(&self, client: &AdminClient, config: &Value) -> Result<Opened, Diagnostics> {
        let project_id = config.get_str("project_id").unwrap_or_default();
        let service_account_id = config.get_str("service_account_id").unwrap_or_default();
        let name = config.get_str("name").unwrap_or(DEFAULT_NAME);
        let scopes = config.get_strings("scopes");
        let key = client
            .create_service_account_key(
                project_id,
                service_account_id,
                Some(name),
                scopes.as_deref(),
            )
            .await
            .map_err(|e| {
                let diags = api_error("create a service account key", &e);
                if e.is_not_found() {
                    owner_missing(project_id, service_account_id, &diags)
                } else {
                    diags
                }
            })?;
        // Last line of defence: should any log line ever format it.
        crate::logging::redact(key.value.expose());
        log::info!(
            "opened {TYPE_NAME}: key {} of service account {service_account_id}",
            key.id
        );
        let mut result = config.clone();
        result.set("name", Value::string(key.name.as_deref().unwrap_or(name)));
        result.set("id", Value::string(&key.id));
        result.set("value", Value::string(key.value.expose()));
        result.set("created_at", Value::Number(key.created_at as f64));
        Ok(Opened {
            result,
            private: handle::encode(&KeyHandle {
                project_id: project_id.to_owned(),
                service_account_id: service_account_id.to_owned(),
                key_id: key.id,
            }),
            renew_at: None,
            warnings: Diagnostics::new(),
        })
    }

    async fn close(&self, client: &AdminClient, private: &[u8]) -> Diagnostics {
        let handle: KeyHandle = match handle::decode(TYPE_NAME, private) {
            Ok(handle) => handle,
            Err(diags) => return diags,
        };
        let KeyHandle {
            project_id,
            service_account_id,
            key_id,
        } = &handle;
        match client.delete_project_api_key(project_id, key_id).await {
            Ok(()) => {
                log::info!("closed {TYPE_NAME}: deleted key {key_id}");
                Diagnostics::new()
            }
            Err(e) if e.is_not_found() => already_gone(client, &handle).await,
            Err(e) => {
                let mut diags = api_error(&format!("delete service account key {key_id}"), &e);
                diags.error(
                    "The ephemeral key still exists",
                    format!(
                        "Key {key_id} of service account {service_account_id} (project \
                         {project_id}) could not be deleted and stays valid. Delete it in \
                         the OpenAI dashboard (Project settings, API keys)."
                    ),
                );
                diags
            }
        }
    }
}

/// The key was gone at close: a warning saying whether its service
/// account went with it (deleting a service account deletes its keys).
async fn already_gone(client: &AdminClient, handle: &KeyHandle) -> Diagnostics {
    let KeyHandle {
        project_id,
        service_account_id,
        key_id,
    } = handle;
    let mut diags = Diagnostics::new();
    let account_gone = matches!(
        client
            .service_account_exists(project_id, service_account_id)
            .await,
        Ok(false)
    );
    if account_gone {
        diags.warning(
            "Service account deleted while its ephemeral key was open",
            format!(
                "Service account {service_account_id} of project {project_id} was deleted \
                 during this run, and its key {key_id} with it: whatever used the key after \
                 that was refused. Nothing is left to delete."
            ),
        );
    } else {
        diags.warning(
            "Ephemeral key already deleted",
            format!(
                "Key {key_id} of service account {service_account_id} (project \
                 {project_id}) was deleted outside Terraform before the run ended. Nothing \
                 is left to delete."
            ),
        );
    }
    diags
}

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
        let key = super::complete_key(TYPE_NAME, key)?;
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::test_support::{Reply, Stub};
    use crate::diagnostics::Severity;

    const SECRET: &str = "sk-svcacct-TEST-NOT-A-REAL-KEY-0000";

    fn config() -> Value {
        Value::Object(
            [
                ("project_id", Value::string("proj_a")),
                ("service_account_id", Value::string("svc_acct_a")),
                ("name", Value::Null),
                ("scopes", Value::Null),
                ("id", Value::Null),
                ("value", Value::Null),
                ("created_at", Value::Null),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        )
    }

    fn not_found(message: &str) -> Reply {
        Reply::json(
            404,
            json!({"error": {"message": message, "type": "invalid_request_error", "code": null}}),
        )
    }

    fn created() -> Reply {
        Reply::json(
            200,
            json!({"object": "organization.project.service_account.api_key", "value": SECRET,
                   "name": DEFAULT_NAME, "created_at": 1711471533, "id": "key_a"}),
        )
    }

    #[tokio::test]
    async fn open_returns_the_key_and_keeps_only_its_id_in_private_data() {
        let stub = Stub::sequence(vec![created()]).await;
        let opened = ServiceAccountKeyEphemeral::new()
            .open(&stub.client(), &config())
            .await
            .unwrap();
        assert_eq!(opened.result.get_str("value"), Some(SECRET));
        assert_eq!(opened.result.get_str("id"), Some("key_a"));
        assert_eq!(opened.result.get_str("name"), Some(DEFAULT_NAME));
        let private = String::from_utf8(opened.private).unwrap();
        assert!(private.contains("key_a"), "{private}");
        assert!(!private.contains(SECRET), "{private}");
        assert_eq!(
            stub.requests()[0].json_body(),
            json!({"name": DEFAULT_NAME}),
            "no scopes sent when none are configured"
        );
    }

    #[tokio::test]
    async fn opening_for_a_missing_service_account_points_at_it() {
        let stub = Stub::sequence(vec![not_found("No such service account")]).await;
        let diags = ServiceAccountKeyEphemeral::new()
            .open(&stub.client(), &config())
            .await
            .unwrap_err();
        let error = &diags.0[0];
        assert_eq!(error.summary, "Service account not found");
        assert_eq!(
            error.attribute,
            Some(AttributePath::attribute("service_account_id"))
        );
        assert!(
            error.detail.contains("No key was created"),
            "{}",
            error.detail
        );
    }

    async fn close_with(replies: Vec<Reply>) -> (Diagnostics, Vec<String>) {
        let stub = Stub::sequence(replies).await;
        let private = handle::encode(&KeyHandle {
            project_id: "proj_a".into(),
            service_account_id: "svc_acct_a".into(),
            key_id: "key_a".into(),
        });
        let diags = ServiceAccountKeyEphemeral::new()
            .close(&stub.client(), &private)
            .await;
        (diags, stub.calls())
    }

    #[tokio::test]
    async fn close_deletes_the_key() {
        let (diags, calls) = close_with(vec![Reply::json(
            200,
            json!({"object": "organization.project.api_key.deleted", "id": "key_a", "deleted": true}),
        )])
        .await;
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            calls,
            ["DELETE /organization/projects/proj_a/api_keys/key_a"]
        );
    }

    #[tokio::test]
    async fn a_key_deleted_outside_terraform_is_a_warning() {
        let (diags, calls) = close_with(vec![
            not_found("No such API key"),
            Reply::json(200, json!({"id": "svc_acct_a", "name": "ci"})),
        ])
        .await;
        assert_eq!(diags.0.len(), 1);
        assert_eq!(diags.0[0].severity, Severity::Warning);
        assert_eq!(diags.0[0].summary, "Ephemeral key already deleted");
        assert_eq!(
            calls[1],
            "GET /organization/projects/proj_a/service_accounts/svc_acct_a"
        );
    }

    #[tokio::test]
    async fn a_service_account_deleted_while_open_is_named() {
        let (diags, _) = close_with(vec![
            not_found("No such API key"),
            not_found("No such service account"),
        ])
        .await;
        assert_eq!(diags.0[0].severity, Severity::Warning);
        assert_eq!(
            diags.0[0].summary,
            "Service account deleted while its ephemeral key was open"
        );
    }

    #[tokio::test]
    async fn a_failed_delete_says_the_key_is_still_valid() {
        let (diags, _) = close_with(vec![Reply::json(
            400,
            json!({"error": {"message": "cannot delete", "type": "invalid_request_error"}}),
        )])
        .await;
        assert!(diags.has_errors());
        assert!(
            diags
                .0
                .iter()
                .any(|d| d.summary == "The ephemeral key still exists"),
            "{diags:?}"
        );
    }
}

//! `openai_admin_api_key` (ephemeral): an admin API key that exists only
//! while Terraform runs. Opening creates it (`POST
//! /organization/admin_api_keys`) with an expiry, so that a run killed
//! before close still leaves no lasting key; closing deletes it.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{EphemeralResource, Opened, handle};
use crate::api::AdminClient;
use crate::diagnostics::Diagnostics;
use crate::resources::errors::api_error;
use crate::resources::validators::text;
use crate::schema::{Attribute, Schema, Validator};
use crate::value::{Type, Value};

const TYPE_NAME: &str = "openai_admin_api_key";

pub const DEFAULT_NAME: &str = "terraform-ephemeral";

/// One hour: long enough for a run, short enough that a key left by a
/// killed run does not last.
pub const DEFAULT_EXPIRES_IN_SECONDS: i64 = 3600;

/// The API's documented maximum (one year).
const MAX_EXPIRES_IN_SECONDS: i64 = 31_536_000;

#[derive(Debug, Serialize, Deserialize)]
struct KeyHandle {
    key_id: String,
}

pub struct AdminApiKeyEphemeral {
    schema: Schema,
}

impl Default for AdminApiKeyEphemeral {
    fn default() -> Self {
        Self::new()
    }
}

fn expiry_validator() -> Validator {
    Arc::new(|value: &Value| {
        let Value::Number(n) = value else {
            return Ok(());
        };
        if n.fract() != 0.0 || *n < 1.0 || *n > MAX_EXPIRES_IN_SECONDS as f64 {
            Err(format!(
                "must be a whole number of seconds from 1 to {MAX_EXPIRES_IN_SECONDS} (one \
                 year), got {n}"
            ))
        } else {
            Ok(())
        }
    })
}

impl AdminApiKeyEphemeral {
    pub fn new() -> Self {
        AdminApiKeyEphemeral {
            schema: Schema::new(
                "A short-lived admin API key, for a pipeline step that needs one during a \
                 run (e.g. a second `openai` provider block, or a secret store's write-only \
                 attribute). Terraform creates the key when it opens this ephemeral \
                 resource and deletes it when the run ends; the key also expires on its \
                 own after `expires_in_seconds`, in case the run is killed before it ends. \
                 The key is never stored in the state or the plan. Requires Terraform 1.10 \
                 or later.",
                vec![
                    Attribute::optional(
                        "name",
                        Type::String,
                        "Name of the key, as `openai_admin_api_keys` shows it. Defaults to \
                         `terraform-ephemeral`.",
                    )
                    .also_computed()
                    .validate_with(text(256)),
                    Attribute::optional(
                        "expires_in_seconds",
                        Type::Number,
                        "Seconds until the key expires even if it is never deleted (1 to \
                         31536000). Defaults to 3600 (one hour).",
                    )
                    .also_computed()
                    .validate_with(expiry_validator()),
                    Attribute::computed("id", Type::String, "ID of the key (`key_...`)."),
                    Attribute::computed(
                        "value",
                        Type::String,
                        "The secret admin key. Sensitive and ephemeral: use it only where \
                         Terraform allows ephemeral values (provider blocks, write-only \
                         attributes, provisioners, ephemeral outputs and variables).",
                    )
                    .sensitive(),
                    Attribute::computed(
                        "redacted_value",
                        Type::String,
                        "The redacted form of the key (`sk-admin...xyz`), as key lists show it.",
                    ),
                    Attribute::computed(
                        "created_at",
                        Type::Number,
                        "When the key was created (Unix seconds).",
                    ),
                    Attribute::computed(
                        "expires_at",
                        Type::Number,
                        "When the key expires (Unix seconds).",
                    ),
                ],
            ),
        }
    }
}

#[async_trait]
impl EphemeralResource for AdminApiKeyEphemeral {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn open(&self, client: &AdminClient, config: &Value) -> Result<Opened, Diagnostics> {
        let name = config.get_str("name").unwrap_or(DEFAULT_NAME);
        let expires_in = match config.get("expires_in_seconds") {
            Value::Number(n) => *n as i64,
            _ => DEFAULT_EXPIRES_IN_SECONDS,
        };
        let key = client
            .create_admin_api_key(name, Some(expires_in))
            .await
            .map_err(|e| api_error("create an admin API key", &e))?;
        let key = super::complete_key(TYPE_NAME, key)?;
        crate::logging::redact(key.value.expose());
        log::info!("opened {TYPE_NAME}: key {}", key.id);
        let mut result = config.clone();
        result.set("name", Value::string(key.name.as_deref().unwrap_or(name)));
        result.set("expires_in_seconds", Value::Number(expires_in as f64));
        result.set("id", Value::string(&key.id));
        result.set("value", Value::string(key.value.expose()));
        result.set("redacted_value", Value::opt_string(key.redacted_value));
        result.set("created_at", Value::Number(key.created_at as f64));
        result.set(
            "expires_at",
            Value::Number(key.expires_at.unwrap_or(key.created_at + expires_in) as f64),
        );
        Ok(Opened {
            result,
            private: handle::encode(&KeyHandle { key_id: key.id }),
            renew_at: None,
            warnings: Diagnostics::new(),
        })
    }

    async fn close(&self, client: &AdminClient, private: &[u8]) -> Diagnostics {
        let KeyHandle { key_id } = match handle::decode(TYPE_NAME, private) {
            Ok(handle) => handle,
            Err(diags) => return diags,
        };
        match client.delete_admin_api_key(&key_id).await {
            Ok(()) => {
                log::info!("closed {TYPE_NAME}: deleted key {key_id}");
                Diagnostics::new()
            }
            Err(e) if e.is_not_found() => {
                let mut diags = Diagnostics::new();
                diags.warning(
                    "Ephemeral admin key already deleted",
                    format!(
                        "Admin key {key_id} was deleted outside Terraform (or expired) \
                         before the run ended. Nothing is left to delete."
                    ),
                );
                diags
            }
            Err(e) => {
                let mut diags = api_error(&format!("delete admin key {key_id}"), &e);
                diags.error(
                    "The ephemeral admin key still exists",
                    format!(
                        "Admin key {key_id} could not be deleted; it stays valid until it \
                         expires. Delete it in the OpenAI dashboard (Organization settings, \
                         Admin keys)."
                    ),
                );
                diags
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::test_support::{Reply, Stub};
    use crate::diagnostics::Severity;

    fn config(expires_in: Value) -> Value {
        Value::Object(
            [
                ("name", Value::Null),
                ("expires_in_seconds", expires_in),
                ("id", Value::Null),
                ("value", Value::Null),
                ("redacted_value", Value::Null),
                ("created_at", Value::Null),
                ("expires_at", Value::Null),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        )
    }

    #[tokio::test]
    async fn open_asks_for_an_expiry_by_default() {
        let stub = Stub::sequence(vec![Reply::json(
            200,
            json!({"object": "organization.admin_api_key", "id": "key_x", "name": DEFAULT_NAME,
                   "redacted_value": "sk-admin...xyz", "created_at": 100, "expires_at": 3700,
                   "owner": {"type": "user", "id": "user_1", "name": "Ann", "role": "owner"},
                   "value": "sk-admin-TEST-NOT-A-REAL-KEY-0000"}),
        )])
        .await;
        let opened = AdminApiKeyEphemeral::new()
            .open(&stub.client(), &config(Value::Null))
            .await
            .unwrap();
        assert_eq!(
            stub.requests()[0].json_body(),
            json!({"name": DEFAULT_NAME, "expires_in_seconds": DEFAULT_EXPIRES_IN_SECONDS})
        );
        assert_eq!(opened.result.get("expires_at"), &Value::Number(3700.0));
        assert_eq!(
            opened.result.get("expires_in_seconds"),
            &Value::Number(3600.0)
        );
        assert_eq!(
            String::from_utf8(opened.private).unwrap(),
            r#"{"key_id":"key_x"}"#
        );
    }

    #[test]
    fn expiry_outside_the_documented_range_is_refused() {
        let validate = expiry_validator();
        assert!(validate(&Value::Number(0.0)).is_err());
        assert!(validate(&Value::Number(1.5)).is_err());
        assert!(validate(&Value::Number(31_536_001.0)).is_err());
        assert!(validate(&Value::Number(900.0)).is_ok());
    }

    #[tokio::test]
    async fn an_admin_key_gone_at_close_is_a_warning() {
        let stub = Stub::sequence(vec![Reply::json(
            404,
            json!({"error": {"message": "No such key", "type": "invalid_request_error"}}),
        )])
        .await;
        let diags = AdminApiKeyEphemeral::new()
            .close(&stub.client(), br#"{"key_id":"key_x"}"#)
            .await;
        assert_eq!(diags.0.len(), 1);
        assert_eq!(diags.0[0].severity, Severity::Warning);
        assert_eq!(stub.calls(), ["DELETE /organization/admin_api_keys/key_x"]);
    }
}

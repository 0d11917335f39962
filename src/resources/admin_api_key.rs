//! `openai_admin_api_key`: an existing admin API key, brought under
//! Terraform by import so that removing it from the configuration revokes
//! it. Terraform cannot create one with this resource (the API shows a
//! key's secret only when it is created, and a resource would have to
//! store it): creation is refused at plan time, pointing at the ephemeral
//! resource of the same name. The secret is never read. Import `<key_id>`.
//!
//! Revoking the key the provider itself authenticates with would cut the
//! run off mid-apply (and every later run): a destroy of that key is
//! refused at plan time, and again at apply time, told from the key's
//! redacted form (`api/own_key.rs` says what the evidence is).

use async_trait::async_trait;

use super::{Applied, Failure, Resource};
use crate::api::AdminClient;
use crate::data_sources::key_values::{admin_key_attributes, admin_key_value, merged};
use crate::diagnostics::Diagnostics;
use crate::provider::timeouts;
use crate::resources::errors::api_error;
use crate::resources::validators::identifier;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

const TYPE_NAME: &str = "openai_admin_api_key";

pub struct AdminApiKeyResource {
    schema: Schema,
}

impl Default for AdminApiKeyResource {
    fn default() -> Self {
        Self::new()
    }
}

impl AdminApiKeyResource {
    pub fn new() -> Self {
        let mut attributes = vec![
            Attribute::required(
                "key_id",
                Type::String,
                "ID of the admin key (`key_...`), as `openai_admin_api_keys` lists it.",
            )
            .validate_with(identifier())
            .requires_replace(),
            Attribute::computed("id", Type::String, "ID of the key, the same as `key_id`.")
                .use_state_for_unknown(),
        ];
        attributes.extend(
            admin_key_attributes()
                .into_iter()
                .map(Attribute::use_state_for_unknown),
        );
        AdminApiKeyResource {
            schema: Schema::new(
                "An existing admin API key of the organization, managed so that it can be \
                 revoked declaratively: import it (`<key_id>`), and **destroying it (or \
                 removing it from the configuration) revokes the key**: every program using \
                 it loses access at once. Terraform cannot create keys with this resource \
                 (use the ephemeral resource `openai_admin_api_key` for a short-lived one); \
                 its secret is never read or stored, only its redacted form.\n\n\
                 **The key the provider itself is configured with cannot be revoked here**: \
                 a plan that would destroy it is refused. It is recognised by its redacted \
                 form (the key's visible first and last characters, as the API shows them), \
                 so another key that shares both ends is refused too; revoke such a key in \
                 the dashboard, or run with a different admin key.",
                attributes,
            )
            .with_block(timeouts::block()),
        }
    }
}

/// The refusal to revoke `state`'s key if it is the client's own.
fn own_key_refusal(client: &AdminClient, state: &Value) -> Option<Diagnostics> {
    let redacted = state.get_str("redacted_value")?;
    if !client.authenticates_with_key_shown_as(redacted) {
        return None;
    }
    let id = state.get_str("key_id").unwrap_or("?");
    Some(Diagnostics::from_error(
        "Cannot revoke the provider's own admin key",
        format!(
            "Admin key {id} ({redacted}) is the key this provider is configured with: \
             revoking it would cut this run off and every run after it. Configure the \
             provider with another admin key first, or keep this key with a `removed` block \
             (lifecycle {{ destroy = false }}) to stop managing it without revoking it."
        ),
    ))
}

#[async_trait]
impl Resource for AdminApiKeyResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn plan_checks(&self, prior: &Value, planned: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if prior.is_null() && !planned.is_null() {
            let id = planned.get_str("key_id").unwrap_or("<key_id>");
            diags.error(
                "openai_admin_api_key cannot create keys",
                format!(
                    "This resource only manages admin keys that already exist, so that they \
                     can be revoked by destroying it. Import the key first, with an `import` \
                     block (id = \"{id}\") or `terraform import`. For a new admin key that \
                     lives only during a run, use the ephemeral resource \
                     openai_admin_api_key (an `ephemeral` block)."
                ),
            );
        }
        diags
    }

    fn plan_checks_configured(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
    ) -> Diagnostics {
        // A destroy, or a replacement (a new key_id) that destroys it.
        let destroys =
            !prior.is_null() && (planned.is_null() || planned.get("key_id") != prior.get("key_id"));
        match destroys.then(|| own_key_refusal(client, prior)).flatten() {
            Some(refusal) => refusal,
            None => Diagnostics::new(),
        }
    }

    async fn create(&self, _client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        // Refused at plan time (plan_checks); reaching here is a bug.
        Err(Failure::from(self.plan_checks(&Value::Null, planned)))
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let key_id = key_id(state)?;
        read_key(client, key_id).await
    }

    async fn update(
        &self,
        _client: &AdminClient,
        _prior: &Value,
        _planned: &Value,
    ) -> Result<Applied, Failure> {
        // key_id forces replacement, the rest is computed: no update plan.
        Err(Failure::from(Diagnostics::from_error(
            "openai_admin_api_key cannot be updated",
            "A key's attributes cannot be changed; this is a bug in the provider.",
        )))
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        // Refused at plan time already; a plan made before the provider's
        // key changed must not revoke it either.
        if let Some(refusal) = own_key_refusal(client, state) {
            return Err(refusal);
        }
        let key_id = key_id(state)?;
        match client.delete_admin_api_key(key_id).await {
            Ok(()) => {
                log::info!("revoked admin key {key_id}");
                Ok(())
            }
            Err(e) if e.is_not_found() => Ok(()),
            Err(e) => Err(api_error(&format!("revoke admin key {key_id}"), &e)),
        }
    }

    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        vec![vec!["key_id"]]
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        if let Err(e) = identifier()(&Value::string(id)) {
            return Err(Diagnostics::from_error(
                "Invalid import ID",
                format!("Expected <key_id>, the admin key's ID: {e}."),
            ));
        }
        read_key(client, id).await?.ok_or_else(|| {
            Diagnostics::from_error(
                "Admin API key not found",
                format!(
                    "Cannot import admin key {id}: the organization has no such key. \
                     `openai_admin_api_keys` lists the organization's admin keys."
                ),
            )
        })
    }
}

fn key_id(state: &Value) -> Result<&str, Diagnostics> {
    state.get_str("key_id").ok_or_else(|| {
        Diagnostics::from_error("Missing key_id", "key_id must be known for this operation.")
    })
}

async fn read_key(client: &AdminClient, key_id: &str) -> Result<Option<Value>, Diagnostics> {
    match client.get_admin_api_key(key_id).await {
        Ok(found) => {
            let base = Value::Object([("key_id".to_owned(), Value::string(key_id))].into());
            Ok(Some(merged(&base, admin_key_value(&found))))
        }
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(api_error(&format!("read admin key {key_id}"), &e)),
    }
}

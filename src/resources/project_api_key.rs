//! `openai_project_api_key`: an existing project API key (a user's or a
//! service account's), brought under Terraform by import so that removing
//! it from the configuration revokes it. Terraform cannot create one (the
//! API shows a key's secret only when it is created, and a resource would
//! have to store it): creation is refused at plan time, and the secret is
//! never read. Import `<project_id>/<api_key_id>`.
//!
//! The provider's own key cannot be among these: it is an admin key, and
//! admin keys are not project keys.

use async_trait::async_trait;

use super::import_id::{PairKey, PairKind};
use super::{Applied, Failure, Resource};
use crate::api::AdminClient;
use crate::data_sources::key_values::{merged, project_key_attributes, project_key_value};
use crate::diagnostics::Diagnostics;
use crate::provider::timeouts;
use crate::resources::errors::api_error;
use crate::resources::validators::identifier;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

const TYPE_NAME: &str = "openai_project_api_key";

static KEY: PairKind = PairKind {
    type_name: TYPE_NAME,
    first: "project_id",
    second: "api_key_id",
    describe: |project, key| format!("API key {key} of project {project}"),
};

pub struct ProjectApiKeyResource {
    schema: Schema,
}

impl Default for ProjectApiKeyResource {
    fn default() -> Self {
        Self::new()
    }
}

impl ProjectApiKeyResource {
    pub fn new() -> Self {
        let mut attributes = vec![
            Attribute::required(
                "project_id",
                Type::String,
                "ID of the project the key belongs to (`proj_...`).",
            )
            .validate_with(identifier())
            .requires_replace(),
            Attribute::required(
                "api_key_id",
                Type::String,
                "ID of the key (`key_...`), as `openai_project_api_keys` lists it.",
            )
            .validate_with(identifier())
            .requires_replace(),
            Attribute::computed("id", Type::String, "`<project_id>/<api_key_id>`.")
                .use_state_for_unknown(),
        ];
        attributes.extend(
            project_key_attributes()
                .into_iter()
                .map(Attribute::use_state_for_unknown),
        );
        ProjectApiKeyResource {
            schema: Schema::new(
                "An existing API key of a project, managed so that it can be revoked \
                 declaratively: import it, and **destroying it (or removing it from the \
                 configuration) revokes the key**. Terraform cannot create keys with this \
                 resource (use the ephemeral `openai_project_service_account_key` for a \
                 short-lived one); its secret is never read or stored, only its redacted \
                 form.",
                attributes,
            )
            .with_block(timeouts::block()),
        }
    }
}

#[async_trait]
impl Resource for ProjectApiKeyResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        vec![vec![KEY.first, KEY.second]]
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn plan_checks(&self, prior: &Value, planned: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if prior.is_null() && !planned.is_null() {
            let id = match (planned.get_str("project_id"), planned.get_str("api_key_id")) {
                (Some(project), Some(key)) => format!("{project}/{key}"),
                _ => "<project_id>/<api_key_id>".to_owned(),
            };
            diags.error(
                "openai_project_api_key cannot create keys",
                format!(
                    "This resource only manages keys that already exist, so that they can \
                     be revoked by destroying it. Import the key first, with an `import` \
                     block (id = \"{id}\") or `terraform import`. For a new key that \
                     lives only during a run, use the ephemeral resource \
                     openai_project_service_account_key."
                ),
            );
        }
        diags
    }

    async fn create(&self, _client: &AdminClient, _planned: &Value) -> Result<Applied, Failure> {
        // Refused at plan time (plan_checks); reaching here is a bug.
        Err(Failure::from(self.plan_checks(&Value::Null, _planned)))
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let key = KEY.of(state)?;
        read_key(client, &key).await
    }

    async fn update(
        &self,
        _client: &AdminClient,
        _prior: &Value,
        _planned: &Value,
    ) -> Result<Applied, Failure> {
        // Every configurable attribute forces replacement: no update plan.
        Err(Failure::from(Diagnostics::from_error(
            "openai_project_api_key cannot be updated",
            "A key's attributes cannot be changed; this is a bug in the provider.",
        )))
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let key = KEY.of(state)?;
        match client
            .delete_project_api_key(key.first(), key.second())
            .await
        {
            Ok(()) => {
                log::info!("revoked {}", key.describe());
                Ok(())
            }
            Err(e) if e.is_not_found() => Ok(()),
            Err(e) => Err(api_error(&format!("revoke {}", key.describe()), &e)),
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let key = KEY.parse(id)?;
        read_key(client, &key).await?.ok_or_else(|| {
            Diagnostics::from_error(
                "API key not found",
                format!(
                    "Cannot import {}: the project has no such key. \
                     `openai_project_api_keys` lists the project's keys.",
                    key.describe()
                ),
            )
        })
    }
}

async fn read_key(client: &AdminClient, key: &PairKey) -> Result<Option<Value>, Diagnostics> {
    match client.get_project_api_key(key.first(), key.second()).await {
        Ok(found) => {
            let mut fields = project_key_value(&found);
            // The data sources' `id` is the key's; here it is the pair.
            if let Value::Object(attrs) = &mut fields {
                attrs.remove("id");
            }
            Ok(Some(merged(&key.base_state(), fields)))
        }
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(api_error(&format!("read {}", key.describe()), &e)),
    }
}

//! The provider's behaviour in plain data (values and diagnostics, no
//! protobuf): the plugin layer decodes a request, calls one method here,
//! and encodes the answer.

pub mod config;
mod plan;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, RwLock};

use tokio::sync::watch;

use crate::api::AdminClient;
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::resources::{self, Resource};
use crate::schema::Schema;
use crate::value::Value;

pub use plan::Plan;

/// The registry address users write in `required_providers`.
pub const PROVIDER_ADDRESS: &str = "registry.terraform.io/openai/openai";

pub struct Provider {
    config_schema: Schema,
    resources: BTreeMap<&'static str, Arc<dyn Resource>>,
    client: RwLock<Option<AdminClient>>,
    stopped: watch::Sender<bool>,
}

impl Default for Provider {
    fn default() -> Self {
        Self::new()
    }
}

impl Provider {
    pub fn new() -> Self {
        Provider {
            config_schema: config::schema(),
            resources: resources::all()
                .into_iter()
                .map(|r| (r.type_name(), r))
                .collect(),
            client: RwLock::new(None),
            stopped: watch::Sender::new(false),
        }
    }

    pub fn config_schema(&self) -> &Schema {
        &self.config_schema
    }

    pub fn resource_schemas(&self) -> impl Iterator<Item = (&'static str, &Schema)> {
        self.resources.iter().map(|(name, r)| (*name, r.schema()))
    }

    pub fn resource(&self, type_name: &str) -> Result<&Arc<dyn Resource>, Diagnostics> {
        self.resources.get(type_name).ok_or_else(|| {
            Diagnostics::from_error(
                "Unknown resource type",
                format!("This provider has no resource type {type_name:?}."),
            )
        })
    }

    pub fn validate_provider_config(&self, config: &Value) -> Diagnostics {
        config::validate(config)
    }

    pub fn configure(&self, config: &Value) -> Diagnostics {
        match config::resolve_client_config(config).and_then(|c| {
            crate::logging::redact(&c.api_key);
            AdminClient::new(c).map_err(|e| {
                Diagnostics::from_error("Cannot create the OpenAI API client", e.to_string())
            })
        }) {
            Ok(client) => {
                if let Ok(mut slot) = self.client.write() {
                    *slot = Some(client);
                }
                Diagnostics::new()
            }
            Err(diags) => diags,
        }
    }

    fn client(&self) -> Result<AdminClient, Diagnostics> {
        self.client
            .read()
            .ok()
            .and_then(|c| c.clone())
            .ok_or_else(|| {
                Diagnostics::from_error(
                    "Provider not configured",
                    "The openai provider was used before ConfigureProvider; this is a \
                     bug in Terraform or the provider.",
                )
            })
    }

    pub fn validate_resource_config(&self, type_name: &str, config: &Value) -> Diagnostics {
        match self.resource(type_name) {
            Ok(resource) => {
                let mut diags = resource.schema().validate(config);
                diags.extend(resource.validate(config));
                diags
            }
            Err(diags) => diags,
        }
    }

    pub fn plan_resource_change(
        &self,
        type_name: &str,
        prior: &Value,
        proposed: &Value,
        config: &Value,
    ) -> Result<Plan, Diagnostics> {
        let resource = self.resource(type_name)?;
        Ok(plan::plan_change(
            resource.schema(),
            prior,
            proposed,
            config,
        ))
    }

    /// Refreshes a resource; `Value::Null` means it no longer exists.
    pub async fn read_resource(
        &self,
        type_name: &str,
        state: &Value,
    ) -> Result<Value, Diagnostics> {
        let resource = self.resource(type_name)?;
        let client = self.client()?;
        let found = self.cancellable(resource.read(&client, state)).await?;
        if found.is_none() {
            log::info!("{type_name} no longer exists; removing it from state");
        }
        Ok(found.unwrap_or(Value::Null))
    }

    /// Applies a planned change. On failure the returned state is what
    /// exists now: null for a failed create, the prior state otherwise.
    pub async fn apply_resource_change(
        &self,
        type_name: &str,
        prior: &Value,
        planned: &Value,
    ) -> (Value, Diagnostics) {
        let (resource, client) = match self
            .resource(type_name)
            .and_then(|r| Ok((r, self.client()?)))
        {
            Ok(pair) => pair,
            Err(diags) => return (prior.clone(), diags),
        };
        let result = if planned.is_null() {
            self.cancellable(resource.delete(&client, prior))
                .await
                .map(|()| Value::Null)
        } else if prior.is_null() {
            self.cancellable(resource.create(&client, planned)).await
        } else {
            self.cancellable(resource.update(&client, prior, planned))
                .await
        };
        match result {
            Ok(state) => (state, Diagnostics::new()),
            Err(diags) => (prior.clone(), diags),
        }
    }

    pub async fn import_resource_state(
        &self,
        type_name: &str,
        id: &str,
    ) -> Result<Value, Diagnostics> {
        let resource = self.resource(type_name)?;
        let client = self.client()?;
        self.cancellable(resource.import(&client, id)).await
    }

    /// Cancels in-flight operations (Terraform's StopProvider, on Ctrl-C).
    pub fn stop(&self) {
        log::info!("stop requested: cancelling in-flight API calls");
        self.stopped.send_replace(true);
    }

    /// Runs an operation unless the provider is stopped first. A cancelled
    /// operation reports an error, so Terraform records nothing it did not
    /// see succeed.
    async fn cancellable<T>(
        &self,
        operation: impl Future<Output = Result<T, Diagnostics>>,
    ) -> Result<T, Diagnostics> {
        let mut stopped = self.stopped.subscribe();
        tokio::select! {
            result = operation => result,
            _ = stopped.wait_for(|s| *s) => Err(Diagnostics::from_error(
                "Operation cancelled",
                "Terraform asked the provider to stop (for example after Ctrl-C) before \
                 the OpenAI API answered. Run terraform apply again to converge.",
            )),
        }
    }
}

/// Used by resources to point a diagnostic at an attribute.
pub fn attr(name: &str) -> AttributePath {
    AttributePath::attribute(name)
}

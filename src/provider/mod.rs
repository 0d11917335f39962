//! The provider's behaviour in plain data (values and diagnostics, no
//! protobuf): the plugin layer decodes a request, calls one method here,
//! and encodes the answer.

pub mod config;
pub mod drift;
mod ephemeral;
mod generate;
mod list;
mod plan;
pub mod timeouts;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, RwLock};

use tokio::sync::watch;

use crate::api::AdminClient;
use crate::data_sources::{self, DataSource};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::ephemeral::{self as ephemeral_resources, EphemeralResource};
use crate::resources::identity::Identity;
use crate::resources::{self, Applied, Failure, Refreshed, Resource};
use crate::schema::Schema;
use crate::spellings;
use crate::value::Value;
use timeouts::Operation;

pub use list::Listed;
pub use plan::Plan;

/// The registry address users write in `required_providers`.
pub const PROVIDER_ADDRESS: &str = "registry.terraform.io/tfopenai/openai";

pub struct Provider {
    config: ConfigHandling,
    resources: BTreeMap<&'static str, Arc<dyn Resource>>,
    data_sources: BTreeMap<&'static str, Arc<dyn DataSource>>,
    ephemeral_resources: BTreeMap<&'static str, Arc<dyn EphemeralResource>>,
    state_mover: Option<StateMover>,
    /// Serve list resources (this provider, not a test double).
    list_resources: bool,
    list_schemas: BTreeMap<&'static str, Schema>,
    client: RwLock<Option<AdminClient>>,
    stopped: watch::Sender<bool>,
}

/// How a provider block becomes an API client: its schema, the checks that
/// can run before it is complete, and its resolution (with the
/// environment) into a client configuration.
#[derive(Clone)]
pub struct ConfigHandling {
    pub schema: Schema,
    pub validate: fn(&Value) -> Diagnostics,
    pub resolve: fn(&Value) -> Result<config::Resolved, Diagnostics>,
}

/// A request to take over an object that another resource type, usually
/// of another provider, manages (a `moved` block across types).
#[derive(Debug, Clone, Copy)]
pub struct MoveRequest<'a> {
    /// E.g. `registry.terraform.io/openai/openai`.
    pub source_provider_address: &'a str,
    pub source_type: &'a str,
    pub source_schema_version: i64,
    /// The source object's state as Terraform stored it (JSON).
    pub source_state_json: &'a [u8],
    pub target_type: &'a str,
}

/// Maps a source object's state to the state of the target type. It may
/// leave out attributes it cannot know: they are null until the refresh
/// Terraform runs after the move.
pub type StateMover = fn(&MoveRequest<'_>) -> Result<Value, Diagnostics>;

/// What a provider is made of. [`Provider::new`] is this provider;
/// [`Provider::from_parts`] lets a test double (the stand-in for OpenAI's
/// official provider) reuse the plugin layer with other schemas.
pub struct ProviderParts {
    pub config: ConfigHandling,
    pub resources: Vec<Arc<dyn Resource>>,
    pub data_sources: Vec<Arc<dyn DataSource>>,
    pub ephemeral_resources: Vec<Arc<dyn EphemeralResource>>,
    /// `None`: `moved` blocks from other resource types are refused.
    pub state_mover: Option<StateMover>,
}

impl Default for Provider {
    fn default() -> Self {
        Self::new()
    }
}

impl Provider {
    pub fn new() -> Self {
        let mut provider = Self::from_parts(ProviderParts {
            config: ConfigHandling {
                schema: config::schema(),
                validate: config::validate,
                resolve: config::resolve_client_config,
            },
            resources: resources::all(),
            data_sources: data_sources::all(),
            ephemeral_resources: ephemeral_resources::all(),
            state_mover: Some(resources::moves::move_state),
        });
        provider.list_resources = true;
        provider
    }

    /// A provider made of `parts`, served by the same plugin layer
    /// (handshake, TLS, gRPC service) as [`Provider::new`]: how the
    /// stand-in for OpenAI's official provider in the migration tests
    /// (tests/official_standin) serves other schemas. Resources and data
    /// sources are looked up by their type names; no API client exists
    /// until Terraform configures the provider.
    pub fn from_parts(parts: ProviderParts) -> Self {
        let list_schemas = parts
            .resources
            .iter()
            .filter(|r| r.identity().is_some() && crate::admin::listing::lists(r.type_name()))
            .map(|r| (r.type_name(), list::list_schema(r.as_ref())))
            .collect();
        Provider {
            config: parts.config,
            list_resources: false,
            list_schemas,
            resources: parts
                .resources
                .into_iter()
                .map(|r| (r.type_name(), r))
                .collect(),
            data_sources: parts
                .data_sources
                .into_iter()
                .map(|d| (d.type_name(), d))
                .collect(),
            ephemeral_resources: parts
                .ephemeral_resources
                .into_iter()
                .map(|e| (e.type_name(), e))
                .collect(),
            state_mover: parts.state_mover,
            client: RwLock::new(None),
            stopped: watch::Sender::new(false),
        }
    }

    pub fn config_schema(&self) -> &Schema {
        &self.config.schema
    }

    /// Whether `moved` blocks from other resource types (and providers)
    /// can target this provider's resources.
    pub fn supports_moves(&self) -> bool {
        self.state_mover.is_some()
    }

    pub fn resource_schemas(&self) -> impl Iterator<Item = (&'static str, &Schema)> {
        self.resources.iter().map(|(name, r)| (*name, r.schema()))
    }

    /// The identity of each resource type that has one.
    pub fn identities(&self) -> impl Iterator<Item = (&'static str, Identity)> + '_ {
        self.resources
            .iter()
            .filter_map(|(name, r)| Some((*name, r.identity()?)))
    }

    /// The identity of a `type_name` state; `None` while it cannot be known
    /// (a planned create) or the type has none.
    pub fn identity_of(&self, type_name: &str, state: &Value) -> Option<(Identity, Value)> {
        let resource = self.resources.get(type_name)?;
        let identity = resource.identity()?;
        let value = identity.of_state(resource.schema(), state)?;
        Some((identity, value))
    }

    pub fn resource(&self, type_name: &str) -> Result<&Arc<dyn Resource>, Diagnostics> {
        self.resources.get(type_name).ok_or_else(|| {
            Diagnostics::from_error(
                "Unknown resource type",
                format!("This provider has no resource type {type_name:?}."),
            )
        })
    }

    pub fn data_source_schemas(&self) -> impl Iterator<Item = (&'static str, &Schema)> {
        self.data_sources
            .iter()
            .map(|(name, d)| (*name, d.schema()))
    }

    pub fn data_source(&self, type_name: &str) -> Result<&Arc<dyn DataSource>, Diagnostics> {
        self.data_sources.get(type_name).ok_or_else(|| {
            Diagnostics::from_error(
                "Unknown data source",
                format!("This provider has no data source {type_name:?}."),
            )
        })
    }

    pub fn validate_data_source_config(&self, type_name: &str, config: &Value) -> Diagnostics {
        match self.data_source(type_name) {
            Ok(data_source) => {
                let mut diags = data_source.schema().validate(config);
                diags.extend(data_source.validate(config));
                diags
            }
            Err(diags) => diags,
        }
    }

    pub async fn read_data_source(
        &self,
        type_name: &str,
        config: &Value,
    ) -> Result<Value, Diagnostics> {
        let data_source = self.data_source(type_name)?;
        let spellings = &data_source.schema().spellings;
        let config = &spellings::ours(spellings, config);
        let mut state = self
            .run(Operation::Read, config, |c| async move {
                data_source.read(&c, config).await.map_err(Failure::from)
            })
            .await
            .map_err(|f| f.diags)?;
        spellings::mirror(spellings, &mut state);
        conforming(type_name, data_source.schema(), state)
    }

    pub fn validate_provider_config(&self, config: &Value) -> Diagnostics {
        (self.config.validate)(config)
    }

    pub fn configure(&self, config: &Value) -> Diagnostics {
        match (self.config.resolve)(config).and_then(|resolved| {
            crate::logging::redact(&resolved.client.api_key);
            let client = AdminClient::new(resolved.client).map_err(|e| {
                Diagnostics::from_error("Cannot create the OpenAI API client", e.to_string())
            })?;
            Ok((client, resolved.warnings))
        }) {
            Ok((client, warnings)) => {
                if let Ok(mut slot) = self.client.write() {
                    *slot = Some(client);
                }
                warnings
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
        let mut plan = plan::plan_change(resource.schema(), prior, proposed, config);
        if !plan.planned_state.is_null() {
            spellings::plan(
                &resource.schema().spellings,
                config,
                &mut plan.planned_state,
            );
        }
        // Refusals the prior state already justifies (destroys included)
        // belong in the plan, not half-way through an apply.
        let mut refused = resource.plan_checks(prior, &plan.planned_state);
        if let Ok(client) = self.client() {
            refused.extend(resource.plan_checks_configured(&client, prior, &plan.planned_state));
        }
        if refused.has_errors() {
            return Err(refused);
        }
        Ok(plan)
    }

    /// Refreshes a resource; `Value::Null` (with a warning) means it no
    /// longer exists. `private` is the resource's private data; the answer
    /// carries it back, stamped with the time the state was seen current.
    /// An object changed ([`drift::compare`]) or gone outside Terraform
    /// gets one audit-log query naming who changed it ([`drift`]); an
    /// unchanged one none.
    pub async fn read_resource(
        &self,
        type_name: &str,
        state: &Value,
        private: &[u8],
    ) -> Result<(Value, Diagnostics, Vec<u8>), Diagnostics> {
        let resource = self.resource(type_name)?;
        let seen_at = drift::seen_at(private);
        let (refreshed, change) = self
            .run(Operation::Read, state, |c| async move {
                let refreshed = resource.refresh(&c, state).await.map_err(Failure::from)?;
                let refreshed = settled(type_name, resource.as_ref(), state, refreshed)?;
                let drifted = match &refreshed {
                    Refreshed::Gone(_) => true,
                    // An imported state differs from its first refresh by
                    // design: only states the provider saw match count.
                    Refreshed::Found(new) | Refreshed::Noted(new, _) => {
                        let changed =
                            drift::compare::changed_attributes(resource.schema(), state, new);
                        if !changed.is_empty() {
                            log::debug!(
                                "{type_name}: changed outside Terraform: {}",
                                changed.join(", ")
                            );
                        }
                        seen_at.is_some() && !changed.is_empty()
                    }
                };
                let change = if drifted {
                    drift::last_change(&c, type_name, state, seen_at).await
                } else {
                    None
                };
                Ok((refreshed, change))
            })
            .await
            .map_err(|f| f.diags)?;
        let (new_state, mut warnings) = match refreshed {
            Refreshed::Found(new_state) => (new_state, Diagnostics::new()),
            Refreshed::Noted(new_state, warnings) => (new_state, warnings),
            Refreshed::Gone(warning) => {
                let warning = warning.unwrap_or_else(|| vanished_warning(type_name, state));
                let warning = match &change {
                    Some(change) => drift::attributed(warning, change),
                    None => warning,
                };
                return Ok((Value::Null, warning, private.to_vec()));
            }
        };
        if let Some(change) = &change {
            warnings.extend(drift::changed_warning(type_name, state, change));
        }
        Ok((new_state, warnings, drift::stamped(private, drift::now())))
    }

    /// Applies a planned change. On failure the returned state is what
    /// exists now: what the resource says it made or changed before the
    /// failure (Terraform keeps it, tainted for a create), else null for a
    /// failed create and the prior state otherwise.
    pub async fn apply_resource_change(
        &self,
        type_name: &str,
        prior: &Value,
        planned: &Value,
    ) -> (Value, Diagnostics) {
        let resource = match self.resource(type_name) {
            Ok(resource) => resource,
            Err(diags) => return (prior.clone(), diags),
        };
        let result = if planned.is_null() {
            self.run(Operation::Delete, prior, |c| async move {
                resource.delete(&c, prior).await.map_err(Failure::from)
            })
            .await
            .map(|()| Applied::from(Value::Null))
        } else if prior.is_null() {
            self.run(Operation::Create, planned, |c| async move {
                resource.create(&c, planned).await
            })
            .await
        } else if only_blocks_differ(resource.schema(), prior, planned) {
            // Only Terraform-side settings (timeouts) changed: nothing to send.
            Ok(Applied::from(planned.clone()))
        } else {
            self.run(Operation::Update, planned, |c| async move {
                resource.update(&c, prior, planned).await
            })
            .await
        };
        // The blocks (timeouts) are configuration, not API data.
        let with_blocks = |mut state: Value| {
            if !state.is_null() {
                for block in &resource.schema().blocks {
                    state.set(block.name, planned.get(block.name).clone());
                }
            }
            state
        };
        let result = result
            .map(|mut applied| {
                spellings::mirror(&resource.schema().spellings, &mut applied.state);
                applied
            })
            .map_err(|mut failure| {
                if let Some(made) = &mut failure.made {
                    spellings::mirror(&resource.schema().spellings, made);
                }
                failure
            });
        // A state that misfits its schema is still an object the API has:
        // kept with the error (Terraform taints it), never dropped.
        let result = result.and_then(|applied| {
            match conforming(type_name, resource.schema(), applied.state.clone()) {
                Ok(_) => Ok(applied),
                Err(diags) => Err(Failure {
                    made: Some(applied.state),
                    diags,
                }),
            }
        });
        match result {
            Ok(Applied { state, warnings }) => (with_blocks(state), warnings),
            Err(Failure {
                made: Some(state),
                diags,
            }) => (with_blocks(state), diags),
            Err(Failure { made: None, diags }) => (prior.clone(), diags),
        }
    }

    pub async fn import_resource_state(
        &self,
        type_name: &str,
        id: &str,
    ) -> Result<Value, Diagnostics> {
        let resource = self.resource(type_name)?;
        let mut state = self
            .run(Operation::Read, &Value::Null, |c| async move {
                resource.import(&c, id).await.map_err(Failure::from)
            })
            .await
            .map_err(|f| f.diags)?;
        spellings::mirror(&resource.schema().spellings, &mut state);
        conforming(type_name, resource.schema(), state)
    }

    /// Imports by identity (`import { identity = ... }`): `id` is the
    /// import ID the identity's parts make (see `resources::identity`).
    pub async fn import_by_identity(
        &self,
        type_name: &str,
        id: &str,
    ) -> Result<Value, Diagnostics> {
        let resource = self.resource(type_name)?;
        let mut state = self
            .run(Operation::Read, &Value::Null, |c| async move {
                resource
                    .import_identity(&c, id)
                    .await
                    .map_err(Failure::from)
            })
            .await
            .map_err(|f| f.diags)?;
        spellings::mirror(&resource.schema().spellings, &mut state);
        conforming(type_name, resource.schema(), state)
    }

    /// Takes over an object another resource type manages (Terraform's
    /// MoveResourceState, for a `moved` block whose `from` is of another
    /// type or provider). Nothing is sent to the API: Terraform refreshes
    /// the moved object with [`Provider::read_resource`] afterwards.
    pub fn move_resource_state(&self, request: &MoveRequest<'_>) -> Result<Value, Diagnostics> {
        let target = self.resource(request.target_type)?;
        let Some(mover) = self.state_mover else {
            return Err(Diagnostics::from_error(
                "Moving state between resource types is not supported",
                format!(
                    "This provider cannot take over a {} of {} as {}. Remove the old object \
                     from the state with a `removed` block (lifecycle {{ destroy = false }}) \
                     and import it with an `import` block.",
                    request.source_type, request.source_provider_address, request.target_type
                ),
            ));
        };
        let mut state = complete(target.schema(), mover(request)?);
        spellings::mirror(&target.schema().spellings, &mut state);
        Ok(state)
    }

    /// Cancels in-flight operations (Terraform's StopProvider, on Ctrl-C).
    /// Requests already sent complete, so what the API did is recorded.
    pub fn stop(&self) {
        log::info!("stop requested: no new API requests will start");
        self.stopped.send_replace(true);
    }

    /// Logs what this operation cost in API calls, waiting and memory.
    pub fn log_summary(&self) {
        let peak_rss = peak_rss_kib().map_or("unknown".to_owned(), |k| format!("{k} KiB"));
        let api = self
            .client
            .read()
            .ok()
            .and_then(|c| c.as_ref().map(|c| c.stats().to_string()))
            .unwrap_or_else(|| "no API client configured".to_owned());
        log::debug!("summary: {api}; peak RSS {peak_rss}");
    }

    /// Runs one resource operation with a client that stops starting new
    /// requests when Terraform stops the provider or when the resource's
    /// `timeouts` limit for `op` passes. A failure keeps what it made.
    async fn run<T, F, Fut>(&self, op: Operation, value: &Value, operation: F) -> Result<T, Failure>
    where
        F: FnOnce(AdminClient) -> Fut,
        Fut: Future<Output = Result<T, Failure>>,
    {
        let client = self.client()?;
        let limit = timeouts::for_operation(value, op);
        let (signal, stop) = watch::channel(false);
        let mut stopped = self.stopped.subscribe();
        let deadline = tokio::time::Instant::now() + limit;
        let watcher = tokio::spawn(async move {
            tokio::select! {
                _ = stopped.wait_for(|s| *s) => {}
                () = tokio::time::sleep_until(deadline) => {}
            }
            let _ = signal.send(true);
        });
        let result = operation(client.with_stop_signal(stop)).await;
        watcher.abort();
        match result {
            Err(failure) if tokio::time::Instant::now() >= deadline => {
                let mut diags = Diagnostics::from_error(
                    format!("Timed out after {limit:?}"),
                    format!(
                        "The {} did not finish within its limit. The Admin API may be rate \
                         limiting heavily; raise timeouts {{ {} = \"...\" }} on the resource, \
                         or apply again.",
                        op.name(),
                        op.name()
                    ),
                );
                diags.extend(failure.diags);
                Err(Failure {
                    made: failure.made,
                    diags,
                })
            }
            result => result,
        }
    }
}

/// The process's peak resident memory (Linux `VmHWM`), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `value` with every attribute and block of `schema` present: those it
/// lacks are null, so the state is a complete object of the schema's type.
fn complete(schema: &Schema, mut value: Value) -> Value {
    let names = schema
        .attributes
        .iter()
        .map(|a| a.name)
        .chain(schema.blocks.iter().map(|b| b.name));
    for name in names {
        if let Value::Object(attrs) = &mut value {
            attrs.entry(name.to_owned()).or_insert(Value::Null);
        }
    }
    value
}

/// `state` if it fits `schema` exactly (every attribute present, none
/// the schema lacks, each of its type, all known); otherwise an error naming
/// each misfit. A misfit is a provider bug that the wire encoder would hide
/// as a silent null (see `value::mismatches`), so it stops the operation
/// rather than reach Terraform's state. Blocks (timeouts) may still be
/// absent: they are copied from configuration afterwards.
fn conforming(type_name: &str, schema: &Schema, mut state: Value) -> Result<Value, Diagnostics> {
    if let Value::Object(attrs) = &mut state {
        for block in &schema.blocks {
            attrs.entry(block.name.to_owned()).or_insert(Value::Null);
        }
    }
    let misfits = crate::value::mismatches(&state, &schema.value_type(), true);
    if misfits.is_empty() {
        return Ok(state);
    }
    Err(Diagnostics::from_error(
        format!("The provider built a {type_name} state that does not match its schema"),
        format!(
            "This is a bug in the provider; please report it. Nothing was recorded for \
             these attributes:\n{}",
            misfits.join("\n")
        ),
    ))
}

/// A refreshed state as the provider returns it: official spellings
/// mirrored, checked against the schema, and the blocks (timeouts) of the
/// prior state kept: they are Terraform-side settings the API knows
/// nothing of, and would otherwise show in every plan.
fn settled(
    type_name: &str,
    resource: &dyn Resource,
    prior: &Value,
    refreshed: Refreshed,
) -> Result<Refreshed, Failure> {
    let settle = |mut new_state: Value| -> Result<Value, Diagnostics> {
        spellings::mirror(&resource.schema().spellings, &mut new_state);
        let mut new_state = conforming(type_name, resource.schema(), new_state)?;
        for block in &resource.schema().blocks {
            new_state.set(block.name, prior.get(block.name).clone());
        }
        Ok(new_state)
    };
    Ok(match refreshed {
        Refreshed::Found(new_state) => Refreshed::Found(settle(new_state)?),
        Refreshed::Noted(new_state, warnings) => Refreshed::Noted(settle(new_state)?, warnings),
        gone @ Refreshed::Gone(_) => gone,
    })
}

/// True when two states differ only in nested blocks (such as `timeouts`).
fn only_blocks_differ(schema: &Schema, prior: &Value, planned: &Value) -> bool {
    schema
        .attributes
        .iter()
        .all(|a| prior.get(a.name) == planned.get(a.name))
}

fn vanished_warning(type_name: &str, state: &Value) -> Diagnostics {
    let id = state.get_str("id").unwrap_or("(unknown)");
    let mut diags = Diagnostics::new();
    diags.warning(
        format!("{type_name} {id} no longer exists"),
        format!(
            "The {type_name} with ID {id} was not found in the OpenAI API: it was deleted \
             outside Terraform. Terraform removed it from the state and will plan to create \
             it again."
        ),
    );
    diags
}

/// Used by resources to point a diagnostic at an attribute.
pub fn attr(name: &str) -> AttributePath {
    AttributePath::attribute(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Attribute, Block};
    use crate::value::Type;
    use crate::value::test_support::object as state;

    fn schema() -> Schema {
        Schema::new(
            "test",
            vec![
                Attribute::computed("id", Type::String, "id"),
                Attribute::required("name", Type::String, "name"),
            ],
        )
        .with_block(Block {
            name: "timeouts",
            description: "timeouts",
            attributes: Vec::new(),
        })
    }

    #[test]
    fn a_state_that_fits_its_schema_passes_with_its_blocks_filled_in() {
        let fits = state(&[("id", Value::string("x")), ("name", Value::string("n"))]);
        let checked = conforming("openai_test", &schema(), fits).unwrap();
        assert_eq!(checked.get("timeouts"), &Value::Null);
    }

    #[test]
    fn a_misspelt_attribute_is_an_error_not_a_silent_null() {
        let misspelt = state(&[("id", Value::string("x")), ("nmae", Value::string("n"))]);
        let diags = conforming("openai_test", &schema(), misspelt).unwrap_err();
        let text = format!("{diags:?}");
        assert!(text.contains("openai_test state"), "{text}");
        assert!(text.contains("\\\"nmae\\\""), "{text}");
        assert!(text.contains("name: missing"), "{text}");
    }
}

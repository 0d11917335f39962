//! The tfplugin6 `Provider` gRPC service: decode, delegate to
//! [`crate::provider::Provider`], encode. No provider logic lives here.

use std::pin::Pin;
use std::sync::Arc;

use futures::Stream;
use tonic::{Request, Response, Status};

use super::convert::{
    attribute_path, decode_value, diagnostics, encode_value, function, function_error, schema,
};
use super::proto::tfplugin6 as pb;
use super::proto::tfplugin6::provider_server::Provider as ProviderRpc;
use crate::diagnostics::Diagnostics;
use crate::functions::{self, FunctionError};
use crate::provider::{MoveRequest, Provider};
use crate::resources::identity::{self, Identity};
use crate::value::{Type, Value};

pub struct ProviderService {
    provider: Arc<Provider>,
}

impl ProviderService {
    pub fn new(provider: Arc<Provider>) -> Self {
        ProviderService { provider }
    }

    fn resource_type(&self, type_name: &str) -> Result<Type, Diagnostics> {
        Ok(self.provider.resource(type_name)?.schema().value_type())
    }

    fn data_source_type(&self, type_name: &str) -> Result<Type, Diagnostics> {
        Ok(self.provider.data_source(type_name)?.schema().value_type())
    }

    fn ephemeral_type(&self, type_name: &str) -> Result<Type, Diagnostics> {
        Ok(self
            .provider
            .ephemeral_resource(type_name)?
            .schema()
            .value_type())
    }
}

/// `config` with every null attribute unknown: the result of an ephemeral
/// resource that could not be opened yet.
fn unknown_result(config: &Value) -> Value {
    match config {
        Value::Object(attrs) => Value::Object(
            attrs
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        if v.is_null() {
                            Value::Unknown
                        } else {
                            v.clone()
                        },
                    )
                })
                .collect(),
        ),
        _ => Value::Unknown,
    }
}

fn function_definitions() -> std::collections::HashMap<String, pb::Function> {
    functions::all()
        .iter()
        .map(|f| (f.name.clone(), function(f)))
        .collect()
}

/// Runs function `name` on arguments decoded with its parameters' types;
/// the result with its type, for encoding. Needs no configured provider.
fn call(name: &str, arguments: &[pb::DynamicValue]) -> Result<(Value, Type), FunctionError> {
    let f = functions::find(name).ok_or_else(|| {
        FunctionError::general(format!("the openai provider has no function {name:?}"))
    })?;
    let args = arguments
        .iter()
        .zip(&f.params)
        .enumerate()
        .map(|(index, (dv, param))| {
            decode_value(Some(dv), &param.ty).map_err(|diags| {
                let detail = diags
                    .0
                    .first()
                    .map(|d| d.detail.clone())
                    .unwrap_or_default();
                FunctionError::at(index, format!("cannot read {}: {detail}", param.name))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if arguments.len() != f.params.len() {
        return Err(FunctionError::general(format!(
            "{name} takes {} arguments, not {}",
            f.params.len(),
            arguments.len()
        )));
    }
    Ok((f.call(&args)?, f.returns.clone()))
}

fn capabilities(provider: &Provider) -> pb::ServerCapabilities {
    pb::ServerCapabilities {
        plan_destroy: true,
        get_provider_schema_optional: false,
        move_resource_state: provider.supports_moves(),
        generate_resource_config: true,
    }
}

/// A server-streamed answer.
type Streamed<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

/// State stores are the one part of the protocol this provider does not
/// serve: it manages an organization, not Terraform state.
fn no_state_stores() -> Status {
    Status::unimplemented("the openai provider has no state stores")
}

/// This provider has no actions: an error for any action named.
fn no_action(name: &str) -> Vec<pb::Diagnostic> {
    diagnostics(Diagnostics::from_error(
        "Unknown action",
        format!("The openai provider has no action {name:?}; it defines no actions."),
    ))
}

impl ProviderService {
    /// The identity of a state, as the protocol carries it; `None` when the
    /// type has none or it cannot be known yet.
    fn identity_data(&self, type_name: &str, state: &Value) -> Option<pb::ResourceIdentityData> {
        let (identity, value) = self.provider.identity_of(type_name, state)?;
        Some(pb::ResourceIdentityData {
            identity_data: Some(encode_value(&value, &identity.value_type())),
        })
    }

    /// The import ID an `import { identity = ... }` names.
    fn import_id_of(
        &self,
        type_name: &str,
        data: &pb::ResourceIdentityData,
    ) -> Result<String, Diagnostics> {
        let identity = self
            .provider
            .resource(type_name)?
            .identity()
            .ok_or_else(|| {
                Diagnostics::from_error(
                    "Import by identity is not supported",
                    format!("{type_name} has no identity; import it by its ID."),
                )
            })?;
        let value = decode_value(data.identity_data.as_ref(), &identity.value_type())?;
        identity.import_id(&value)
    }
}

#[tonic::async_trait]
impl ProviderRpc for ProviderService {
    async fn get_metadata(
        &self,
        _request: Request<pb::get_metadata::Request>,
    ) -> Result<Response<pb::get_metadata::Response>, Status> {
        Ok(Response::new(pb::get_metadata::Response {
            server_capabilities: Some(capabilities(&self.provider)),
            resources: self
                .provider
                .resource_schemas()
                .map(|(name, _)| pb::get_metadata::ResourceMetadata {
                    type_name: name.to_owned(),
                })
                .collect(),
            data_sources: self
                .provider
                .data_source_schemas()
                .map(|(name, _)| pb::get_metadata::DataSourceMetadata {
                    type_name: name.to_owned(),
                })
                .collect(),
            ephemeral_resources: self
                .provider
                .ephemeral_resource_schemas()
                .map(|(name, _)| pb::get_metadata::EphemeralMetadata {
                    type_name: name.to_owned(),
                })
                .collect(),
            list_resources: self
                .provider
                .list_resource_schemas()
                .into_iter()
                .map(|(name, _)| pb::get_metadata::ListResourceMetadata {
                    type_name: name.to_owned(),
                })
                .collect(),
            functions: functions::all()
                .iter()
                .map(|f| pb::get_metadata::FunctionMetadata {
                    name: f.name.clone(),
                })
                .collect(),
            ..Default::default()
        }))
    }

    async fn get_provider_schema(
        &self,
        _request: Request<pb::get_provider_schema::Request>,
    ) -> Result<Response<pb::get_provider_schema::Response>, Status> {
        Ok(Response::new(pb::get_provider_schema::Response {
            provider: Some(schema(self.provider.config_schema())),
            resource_schemas: self
                .provider
                .resource_schemas()
                .map(|(name, s)| (name.to_owned(), schema(s)))
                .collect(),
            data_source_schemas: self
                .provider
                .data_source_schemas()
                .map(|(name, s)| (name.to_owned(), schema(s)))
                .collect(),
            ephemeral_resource_schemas: self
                .provider
                .ephemeral_resource_schemas()
                .map(|(name, s)| (name.to_owned(), schema(s)))
                .collect(),
            list_resource_schemas: self
                .provider
                .list_resource_schemas()
                .into_iter()
                .map(|(name, s)| (name.to_owned(), schema(s)))
                .collect(),
            functions: function_definitions(),
            server_capabilities: Some(capabilities(&self.provider)),
            ..Default::default()
        }))
    }

    async fn get_resource_identity_schemas(
        &self,
        _request: Request<pb::get_resource_identity_schemas::Request>,
    ) -> Result<Response<pb::get_resource_identity_schemas::Response>, Status> {
        Ok(Response::new(pb::get_resource_identity_schemas::Response {
            identity_schemas: self
                .provider
                .identities()
                .map(|(name, identity)| (name.to_owned(), identity_schema(&identity)))
                .collect(),
            diagnostics: Vec::new(),
        }))
    }

    async fn upgrade_resource_identity(
        &self,
        request: Request<pb::upgrade_resource_identity::Request>,
    ) -> Result<Response<pb::upgrade_resource_identity::Response>, Status> {
        let req = request.into_inner();
        let result = self.provider.resource(&req.type_name).and_then(|resource| {
            let identity = resource.identity().ok_or_else(|| {
                Diagnostics::from_error(
                    "No identity",
                    format!("{} has no resource identity to upgrade.", req.type_name),
                )
            })?;
            if req.version > identity::VERSION {
                return Err(Diagnostics::from_error(
                    "Identity written by a newer provider",
                    format!(
                        "This {} identity has version {}, but this provider only knows \
                         version {}. Upgrade the provider.",
                        req.type_name,
                        req.version,
                        identity::VERSION
                    ),
                ));
            }
            let ty = identity.value_type();
            let json = req.raw_identity.map(|r| r.json).unwrap_or_default();
            let value = crate::value::decode_json(&json, &ty).map_err(|e| {
                Diagnostics::from_error("Cannot read the stored identity", e.to_string())
            })?;
            Ok(encode_value(&value, &ty))
        });
        Ok(Response::new(match result {
            Ok(value) => pb::upgrade_resource_identity::Response {
                upgraded_identity: Some(pb::ResourceIdentityData {
                    identity_data: Some(value),
                }),
                diagnostics: Vec::new(),
            },
            Err(diags) => pb::upgrade_resource_identity::Response {
                upgraded_identity: None,
                diagnostics: diagnostics(diags),
            },
        }))
    }

    async fn validate_provider_config(
        &self,
        request: Request<pb::validate_provider_config::Request>,
    ) -> Result<Response<pb::validate_provider_config::Response>, Status> {
        let ty = self.provider.config_schema().value_type();
        let diags = match decode_value(request.get_ref().config.as_ref(), &ty) {
            Ok(config) => self.provider.validate_provider_config(&config),
            Err(diags) => diags,
        };
        Ok(Response::new(pb::validate_provider_config::Response {
            diagnostics: diagnostics(diags),
        }))
    }

    async fn validate_resource_config(
        &self,
        request: Request<pb::validate_resource_config::Request>,
    ) -> Result<Response<pb::validate_resource_config::Response>, Status> {
        let req = request.get_ref();
        let diags = self.resource_type(&req.type_name).and_then(|ty| {
            let config = decode_value(req.config.as_ref(), &ty)?;
            Ok(self
                .provider
                .validate_resource_config(&req.type_name, &config))
        });
        Ok(Response::new(pb::validate_resource_config::Response {
            diagnostics: diagnostics(diags.unwrap_or_else(|d| d)),
        }))
    }

    async fn validate_data_resource_config(
        &self,
        request: Request<pb::validate_data_resource_config::Request>,
    ) -> Result<Response<pb::validate_data_resource_config::Response>, Status> {
        let req = request.get_ref();
        let diags = self.data_source_type(&req.type_name).and_then(|ty| {
            let config = decode_value(req.config.as_ref(), &ty)?;
            Ok(self
                .provider
                .validate_data_source_config(&req.type_name, &config))
        });
        Ok(Response::new(pb::validate_data_resource_config::Response {
            diagnostics: diagnostics(diags.unwrap_or_else(|d| d)),
        }))
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<pb::upgrade_resource_state::Request>,
    ) -> Result<Response<pb::upgrade_resource_state::Response>, Status> {
        let req = request.into_inner();
        let result = self.provider.resource(&req.type_name).and_then(|resource| {
            let schema = resource.schema();
            if req.version > schema.version {
                return Err(Diagnostics::from_error(
                    "State written by a newer provider",
                    format!(
                        "This {} state has schema version {}, but this provider only \
                         knows version {}. Upgrade the provider.",
                        req.type_name, req.version, schema.version
                    ),
                ));
            }
            let ty = schema.value_type();
            let json = req.raw_state.map(|r| r.json).unwrap_or_default();
            let mut value = if json.is_empty() {
                Value::Null
            } else {
                crate::value::decode_json(&json, &ty).map_err(|e| {
                    Diagnostics::from_error("Cannot read the existing state", e.to_string())
                })?
            };
            // A state from before an official spelling was added gets it.
            crate::spellings::mirror(&schema.spellings, &mut value);
            Ok(encode_value(&value, &ty))
        });
        Ok(Response::new(match result {
            Ok(state) => pb::upgrade_resource_state::Response {
                upgraded_state: Some(state),
                diagnostics: Vec::new(),
            },
            Err(diags) => pb::upgrade_resource_state::Response {
                upgraded_state: None,
                diagnostics: diagnostics(diags),
            },
        }))
    }

    async fn configure_provider(
        &self,
        request: Request<pb::configure_provider::Request>,
    ) -> Result<Response<pb::configure_provider::Response>, Status> {
        let req = request.get_ref();
        log::debug!(
            "configuring provider for Terraform {}",
            req.terraform_version
        );
        let ty = self.provider.config_schema().value_type();
        let diags = match decode_value(req.config.as_ref(), &ty) {
            Ok(config) => self.provider.configure(&config),
            Err(diags) => diags,
        };
        Ok(Response::new(pb::configure_provider::Response {
            diagnostics: diagnostics(diags),
        }))
    }

    async fn read_resource(
        &self,
        request: Request<pb::read_resource::Request>,
    ) -> Result<Response<pb::read_resource::Response>, Status> {
        let req = request.into_inner();
        let result = async {
            let ty = self.resource_type(&req.type_name)?;
            let state = decode_value(req.current_state.as_ref(), &ty)?;
            if state.is_null() {
                return Ok((
                    encode_value(&Value::Null, &ty),
                    None,
                    Diagnostics::new(),
                    req.private.clone(),
                ));
            }
            let (new_state, warnings, private) = self
                .provider
                .read_resource(&req.type_name, &state, &req.private)
                .await?;
            let identity = self.identity_data(&req.type_name, &new_state);
            Ok::<_, Diagnostics>((encode_value(&new_state, &ty), identity, warnings, private))
        }
        .await;
        Ok(Response::new(match result {
            Ok((new_state, identity, warnings, private)) => pb::read_resource::Response {
                new_state: Some(new_state),
                private,
                diagnostics: diagnostics(warnings),
                new_identity: identity,
                ..Default::default()
            },
            // On error, Terraform keeps the current state as it was.
            Err(diags) => pb::read_resource::Response {
                new_state: req.current_state,
                private: req.private,
                diagnostics: diagnostics(diags),
                ..Default::default()
            },
        }))
    }

    async fn plan_resource_change(
        &self,
        request: Request<pb::plan_resource_change::Request>,
    ) -> Result<Response<pb::plan_resource_change::Response>, Status> {
        let req = request.into_inner();
        let result = (|| {
            let ty = self.resource_type(&req.type_name)?;
            let prior = decode_value(req.prior_state.as_ref(), &ty)?;
            let proposed = decode_value(req.proposed_new_state.as_ref(), &ty)?;
            let config = decode_value(req.config.as_ref(), &ty)?;
            let plan =
                self.provider
                    .plan_resource_change(&req.type_name, &prior, &proposed, &config)?;
            // A create's identity is known after apply; an update's is the
            // prior one, which the planned state still names.
            let identity = self.identity_data(&req.type_name, &plan.planned_state);
            Ok::<_, Diagnostics>((
                encode_value(&plan.planned_state, &ty),
                plan.requires_replace,
                identity,
            ))
        })();
        Ok(Response::new(match result {
            Ok((planned, replace, identity)) => pb::plan_resource_change::Response {
                planned_state: Some(planned),
                requires_replace: replace.iter().map(attribute_path).collect(),
                planned_private: req.prior_private,
                planned_identity: identity,
                ..Default::default()
            },
            Err(diags) => pb::plan_resource_change::Response {
                diagnostics: diagnostics(diags),
                ..Default::default()
            },
        }))
    }

    async fn apply_resource_change(
        &self,
        request: Request<pb::apply_resource_change::Request>,
    ) -> Result<Response<pb::apply_resource_change::Response>, Status> {
        let req = request.into_inner();
        let ty = match self.resource_type(&req.type_name) {
            Ok(ty) => ty,
            Err(diags) => {
                return Ok(Response::new(pb::apply_resource_change::Response {
                    new_state: req.prior_state,
                    diagnostics: diagnostics(diags),
                    ..Default::default()
                }));
            }
        };
        let decoded = decode_value(req.prior_state.as_ref(), &ty)
            .and_then(|prior| Ok((prior, decode_value(req.planned_state.as_ref(), &ty)?)));
        let (new_state, diags) = match decoded {
            Ok((prior, planned)) => {
                self.provider
                    .apply_resource_change(&req.type_name, &prior, &planned)
                    .await
            }
            Err(diags) => {
                return Ok(Response::new(pb::apply_resource_change::Response {
                    new_state: req.prior_state,
                    diagnostics: diagnostics(diags),
                    ..Default::default()
                }));
            }
        };
        // The time the state was written, for drift attribution.
        let private = if new_state.is_null() {
            req.planned_private
        } else {
            crate::provider::drift::stamped(&req.planned_private, crate::provider::drift::now())
        };
        Ok(Response::new(pb::apply_resource_change::Response {
            new_identity: self.identity_data(&req.type_name, &new_state),
            new_state: Some(encode_value(&new_state, &ty)),
            private,
            diagnostics: diagnostics(diags),
            ..Default::default()
        }))
    }

    async fn import_resource_state(
        &self,
        request: Request<pb::import_resource_state::Request>,
    ) -> Result<Response<pb::import_resource_state::Response>, Status> {
        let req = request.into_inner();
        let result = async {
            let ty = self.resource_type(&req.type_name)?;
            // Terraform 1.12+ sends an identity instead of an ID for
            // `import { identity = ... }`.
            let state = match req.identity.as_ref().filter(|_| req.id.is_empty()) {
                Some(data) => {
                    let id = self.import_id_of(&req.type_name, data)?;
                    self.provider
                        .import_by_identity(&req.type_name, &id)
                        .await?
                }
                None => {
                    self.provider
                        .import_resource_state(&req.type_name, &req.id)
                        .await?
                }
            };
            let identity = self.identity_data(&req.type_name, &state);
            Ok::<_, Diagnostics>((encode_value(&state, &ty), identity))
        }
        .await;
        Ok(Response::new(match result {
            Ok((state, identity)) => pb::import_resource_state::Response {
                imported_resources: vec![pb::import_resource_state::ImportedResource {
                    type_name: req.type_name,
                    state: Some(state),
                    private: Vec::new(),
                    identity,
                }],
                ..Default::default()
            },
            Err(diags) => pb::import_resource_state::Response {
                diagnostics: diagnostics(diags),
                ..Default::default()
            },
        }))
    }

    async fn move_resource_state(
        &self,
        request: Request<pb::move_resource_state::Request>,
    ) -> Result<Response<pb::move_resource_state::Response>, Status> {
        let req = request.into_inner();
        let result = self.resource_type(&req.target_type_name).and_then(|ty| {
            // Terraform sends the source state's JSON form; a state with
            // only the legacy flatmap form arrives as empty JSON, which the
            // mover reports as such.
            let json = req.source_state.map(|s| s.json).unwrap_or_default();
            let state = self.provider.move_resource_state(&MoveRequest {
                source_provider_address: &req.source_provider_address,
                source_type: &req.source_type_name,
                source_schema_version: req.source_schema_version,
                source_state_json: &json,
                target_type: &req.target_type_name,
            })?;
            let identity = self.identity_data(&req.target_type_name, &state);
            Ok((encode_value(&state, &ty), identity))
        });
        // The source's private data belongs to the source provider: none
        // is carried over (this provider keeps none).
        Ok(Response::new(match result {
            Ok((state, identity)) => pb::move_resource_state::Response {
                target_state: Some(state),
                target_identity: identity,
                ..Default::default()
            },
            Err(diags) => pb::move_resource_state::Response {
                diagnostics: diagnostics(diags),
                ..Default::default()
            },
        }))
    }

    async fn read_data_source(
        &self,
        request: Request<pb::read_data_source::Request>,
    ) -> Result<Response<pb::read_data_source::Response>, Status> {
        let req = request.into_inner();
        let result = async {
            let ty = self.data_source_type(&req.type_name)?;
            let config = decode_value(req.config.as_ref(), &ty)?;
            let state = self
                .provider
                .read_data_source(&req.type_name, &config)
                .await?;
            Ok::<_, Diagnostics>(encode_value(&state, &ty))
        }
        .await;
        Ok(Response::new(match result {
            Ok(state) => pb::read_data_source::Response {
                state: Some(state),
                ..Default::default()
            },
            Err(diags) => pb::read_data_source::Response {
                diagnostics: diagnostics(diags),
                ..Default::default()
            },
        }))
    }

    async fn validate_ephemeral_resource_config(
        &self,
        request: Request<pb::validate_ephemeral_resource_config::Request>,
    ) -> Result<Response<pb::validate_ephemeral_resource_config::Response>, Status> {
        let req = request.get_ref();
        let diags = self.ephemeral_type(&req.type_name).and_then(|ty| {
            let config = decode_value(req.config.as_ref(), &ty)?;
            Ok(self
                .provider
                .validate_ephemeral_resource_config(&req.type_name, &config))
        });
        Ok(Response::new(
            pb::validate_ephemeral_resource_config::Response {
                diagnostics: diagnostics(diags.unwrap_or_else(|d| d)),
            },
        ))
    }

    async fn open_ephemeral_resource(
        &self,
        request: Request<pb::open_ephemeral_resource::Request>,
    ) -> Result<Response<pb::open_ephemeral_resource::Response>, Status> {
        let req = request.into_inner();
        let result = async {
            let ty = self.ephemeral_type(&req.type_name)?;
            let config = decode_value(req.config.as_ref(), &ty)?;
            if !config.is_wholly_known() {
                // Terraform opens only wholly known configurations; should
                // one arrive anyway, nothing is created (and close, with no
                // private data, deletes nothing).
                return Ok((
                    encode_value(&unknown_result(&config), &ty),
                    None,
                    None,
                    Diagnostics::new(),
                ));
            }
            let opened = self
                .provider
                .open_ephemeral_resource(&req.type_name, &config)
                .await?;
            Ok::<_, Diagnostics>((
                encode_value(&opened.result, &ty),
                Some(opened.private),
                opened.renew_at.map(prost_types::Timestamp::from),
                opened.warnings,
            ))
        }
        .await;
        Ok(Response::new(match result {
            Ok((value, private, renew_at, warnings)) => pb::open_ephemeral_resource::Response {
                diagnostics: diagnostics(warnings),
                renew_at,
                result: Some(value),
                private,
                deferred: None,
            },
            Err(diags) => pb::open_ephemeral_resource::Response {
                diagnostics: diagnostics(diags),
                ..Default::default()
            },
        }))
    }

    async fn renew_ephemeral_resource(
        &self,
        request: Request<pb::renew_ephemeral_resource::Request>,
    ) -> Result<Response<pb::renew_ephemeral_resource::Response>, Status> {
        let req = request.into_inner();
        let private = req.private.unwrap_or_default();
        let renewed = self
            .provider
            .renew_ephemeral_resource(&req.type_name, &private)
            .await;
        Ok(Response::new(match renewed {
            Ok(renew_at) => pb::renew_ephemeral_resource::Response {
                diagnostics: Vec::new(),
                renew_at: renew_at.map(prost_types::Timestamp::from),
                private: Some(private),
            },
            Err(diags) => pb::renew_ephemeral_resource::Response {
                diagnostics: diagnostics(diags),
                renew_at: None,
                private: Some(private),
            },
        }))
    }

    async fn close_ephemeral_resource(
        &self,
        request: Request<pb::close_ephemeral_resource::Request>,
    ) -> Result<Response<pb::close_ephemeral_resource::Response>, Status> {
        let req = request.into_inner();
        let private = req.private.unwrap_or_default();
        let diags = self
            .provider
            .close_ephemeral_resource(&req.type_name, &private)
            .await;
        Ok(Response::new(pb::close_ephemeral_resource::Response {
            diagnostics: diagnostics(diags),
        }))
    }

    async fn generate_resource_config(
        &self,
        request: Request<pb::generate_resource_config::Request>,
    ) -> Result<Response<pb::generate_resource_config::Response>, Status> {
        let req = request.into_inner();
        let result = self.resource_type(&req.type_name).and_then(|ty| {
            let state = decode_value(req.state.as_ref(), &ty)?;
            let config = self
                .provider
                .generate_resource_config(&req.type_name, &state)?;
            Ok(encode_value(&config, &ty))
        });
        Ok(Response::new(match result {
            Ok(config) => pb::generate_resource_config::Response {
                config: Some(config),
                diagnostics: Vec::new(),
            },
            Err(diags) => pb::generate_resource_config::Response {
                config: None,
                diagnostics: diagnostics(diags),
            },
        }))
    }

    type ListResourceStream = Streamed<pb::list_resource::Event>;

    async fn list_resource(
        &self,
        request: Request<pb::list_resource::Request>,
    ) -> Result<Response<Self::ListResourceStream>, Status> {
        let req = request.into_inner();
        let result = async {
            let ty = self.provider.list_config_type(&req.type_name)?;
            let config = decode_value(req.config.as_ref(), &ty)?;
            let state_type = self.resource_type(&req.type_name)?;
            let identity_type = self
                .provider
                .resource(&req.type_name)?
                .identity()
                .map(|i| i.value_type())
                .unwrap_or(Type::Object(Default::default()));
            let listed = self
                .provider
                .list_resource(
                    &req.type_name,
                    &config,
                    req.include_resource_object,
                    req.limit,
                )
                .await?;
            Ok::<_, Diagnostics>(
                listed
                    .into_iter()
                    .map(|found| pb::list_resource::Event {
                        identity: Some(pb::ResourceIdentityData {
                            identity_data: Some(encode_value(&found.identity, &identity_type)),
                        }),
                        display_name: found.display_name,
                        resource_object: found.state.map(|s| encode_value(&s, &state_type)),
                        diagnostic: Vec::new(),
                    })
                    .collect::<Vec<_>>(),
            )
        }
        .await;
        // A list that fails is one event carrying the error.
        let events = result.unwrap_or_else(|diags| {
            vec![pb::list_resource::Event {
                diagnostic: diagnostics(diags),
                ..Default::default()
            }]
        });
        Ok(Response::new(Box::pin(futures::stream::iter(
            events.into_iter().map(Ok),
        ))))
    }

    async fn validate_list_resource_config(
        &self,
        request: Request<pb::validate_list_resource_config::Request>,
    ) -> Result<Response<pb::validate_list_resource_config::Response>, Status> {
        let req = request.get_ref();
        let diags = self
            .provider
            .list_config_type(&req.type_name)
            .and_then(|ty| {
                let config = decode_value(req.config.as_ref(), &ty)?;
                Ok(self
                    .provider
                    .validate_list_resource_config(&req.type_name, &config))
            });
        Ok(Response::new(pb::validate_list_resource_config::Response {
            diagnostics: diagnostics(diags.unwrap_or_else(|d| d)),
        }))
    }

    async fn validate_state_store_config(
        &self,
        _request: Request<pb::validate_state_store::Request>,
    ) -> Result<Response<pb::validate_state_store::Response>, Status> {
        Err(no_state_stores())
    }

    async fn configure_state_store(
        &self,
        _request: Request<pb::configure_state_store::Request>,
    ) -> Result<Response<pb::configure_state_store::Response>, Status> {
        Err(no_state_stores())
    }

    type ReadStateBytesStream = Streamed<pb::read_state_bytes::Response>;

    async fn read_state_bytes(
        &self,
        _request: Request<pb::read_state_bytes::Request>,
    ) -> Result<Response<Self::ReadStateBytesStream>, Status> {
        Err(no_state_stores())
    }

    async fn write_state_bytes(
        &self,
        _request: Request<tonic::Streaming<pb::write_state_bytes::RequestChunk>>,
    ) -> Result<Response<pb::write_state_bytes::Response>, Status> {
        Err(no_state_stores())
    }

    async fn lock_state(
        &self,
        _request: Request<pb::lock_state::Request>,
    ) -> Result<Response<pb::lock_state::Response>, Status> {
        Err(no_state_stores())
    }

    async fn unlock_state(
        &self,
        _request: Request<pb::unlock_state::Request>,
    ) -> Result<Response<pb::unlock_state::Response>, Status> {
        Err(no_state_stores())
    }

    async fn get_states(
        &self,
        _request: Request<pb::get_states::Request>,
    ) -> Result<Response<pb::get_states::Response>, Status> {
        Err(no_state_stores())
    }

    async fn delete_state(
        &self,
        _request: Request<pb::delete_state::Request>,
    ) -> Result<Response<pb::delete_state::Response>, Status> {
        Err(no_state_stores())
    }

    async fn plan_action(
        &self,
        request: Request<pb::plan_action::Request>,
    ) -> Result<Response<pb::plan_action::Response>, Status> {
        Ok(Response::new(pb::plan_action::Response {
            diagnostics: no_action(&request.get_ref().action_type),
            deferred: None,
        }))
    }

    type InvokeActionStream = Streamed<pb::invoke_action::Event>;

    async fn invoke_action(
        &self,
        request: Request<pb::invoke_action::Request>,
    ) -> Result<Response<Self::InvokeActionStream>, Status> {
        use pb::invoke_action::event::{Completed, Type as EventType};
        let completed = pb::invoke_action::Event {
            r#type: Some(EventType::Completed(Completed {
                diagnostics: no_action(&request.get_ref().action_type),
            })),
        };
        Ok(Response::new(Box::pin(futures::stream::iter([Ok(
            completed,
        )]))))
    }

    async fn validate_action_config(
        &self,
        request: Request<pb::validate_action_config::Request>,
    ) -> Result<Response<pb::validate_action_config::Response>, Status> {
        Ok(Response::new(pb::validate_action_config::Response {
            diagnostics: no_action(&request.get_ref().type_name),
        }))
    }

    async fn get_functions(
        &self,
        _request: Request<pb::get_functions::Request>,
    ) -> Result<Response<pb::get_functions::Response>, Status> {
        Ok(Response::new(pb::get_functions::Response {
            functions: function_definitions(),
            diagnostics: Vec::new(),
        }))
    }

    async fn call_function(
        &self,
        request: Request<pb::call_function::Request>,
    ) -> Result<Response<pb::call_function::Response>, Status> {
        let req = request.into_inner();
        let result = call(&req.name, &req.arguments);
        Ok(Response::new(match result {
            Ok((value, ty)) => pb::call_function::Response {
                result: Some(encode_value(&value, &ty)),
                error: None,
            },
            Err(e) => pb::call_function::Response {
                result: None,
                error: Some(function_error(e)),
            },
        }))
    }

    async fn stop_provider(
        &self,
        _request: Request<pb::stop_provider::Request>,
    ) -> Result<Response<pb::stop_provider::Response>, Status> {
        self.provider.stop();
        Ok(Response::new(pb::stop_provider::Response {
            error: String::new(),
        }))
    }
}

/// The protocol's form of an identity schema.
fn identity_schema(identity: &Identity) -> pb::ResourceIdentitySchema {
    pb::ResourceIdentitySchema {
        version: identity::VERSION,
        identity_attributes: identity
            .parts
            .iter()
            .map(|part| pb::resource_identity_schema::IdentityAttribute {
                name: part.name.to_owned(),
                r#type: Type::String.to_json_bytes(),
                required_for_import: part.required,
                optional_for_import: !part.required,
                description: identity.describe(part.name),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use futures::StreamExt;

    use super::*;

    fn service() -> ProviderService {
        ProviderService::new(Arc::new(Provider::new()))
    }

    #[tokio::test]
    async fn every_resource_type_has_an_identity_schema_and_a_list_resource() {
        let service = service();
        let identities = service
            .get_resource_identity_schemas(Request::new(Default::default()))
            .await
            .unwrap()
            .into_inner()
            .identity_schemas;
        let schema = service
            .get_provider_schema(Request::new(Default::default()))
            .await
            .unwrap()
            .into_inner();
        fn sorted(mut keys: Vec<&String>) -> Vec<&String> {
            keys.sort();
            keys
        }
        let resources = sorted(schema.resource_schemas.keys().collect());
        assert_eq!(resources.len(), 26);
        use crate::resources::{WITHOUT_IDENTITY_YET, WITHOUT_LIST_YET};
        let with_identity: Vec<&String> = resources
            .iter()
            .copied()
            .filter(|r| !WITHOUT_IDENTITY_YET.contains(&r.as_str()))
            .collect();
        assert_eq!(with_identity.len(), 26);
        assert_eq!(sorted(identities.keys().collect()), with_identity);
        let with_list: Vec<&String> = with_identity
            .iter()
            .copied()
            .filter(|r| !WITHOUT_LIST_YET.contains(&r.as_str()))
            .collect();
        assert_eq!(with_list.len(), 26);
        assert_eq!(
            sorted(schema.list_resource_schemas.keys().collect()),
            with_list
        );
        assert!(schema.action_schemas.is_empty());
        let assignment = &identities["openai_user_role_assignment"];
        let parts: Vec<(&str, bool, bool)> = assignment
            .identity_attributes
            .iter()
            .map(|a| {
                (
                    a.name.as_str(),
                    a.required_for_import,
                    a.optional_for_import,
                )
            })
            .collect();
        assert_eq!(
            parts,
            [
                ("project_id", false, true),
                ("user_id", true, false),
                ("role_id", true, false)
            ]
        );
        let capabilities = schema.server_capabilities.unwrap();
        assert!(capabilities.generate_resource_config && capabilities.move_resource_state);
        let metadata = service
            .get_metadata(Request::new(Default::default()))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(metadata.list_resources.len(), with_list.len());
    }

    #[tokio::test]
    async fn identities_upgrade_from_json_and_newer_versions_are_refused() {
        let service = service();
        let upgrade = |version| pb::upgrade_resource_identity::Request {
            type_name: "openai_project".into(),
            version,
            raw_identity: Some(pb::RawState {
                json: br#"{"project_id":"proj_a"}"#.to_vec(),
                flatmap: Default::default(),
            }),
        };
        let ok = service
            .upgrade_resource_identity(Request::new(upgrade(0)))
            .await
            .unwrap()
            .into_inner();
        let ty = Type::Object([("project_id".to_owned(), Type::String)].into());
        let data = ok.upgraded_identity.unwrap().identity_data;
        let value = decode_value(data.as_ref(), &ty).unwrap();
        assert_eq!(value.get_str("project_id"), Some("proj_a"));
        let newer = service
            .upgrade_resource_identity(Request::new(upgrade(1)))
            .await
            .unwrap()
            .into_inner();
        assert!(newer.upgraded_identity.is_none());
        assert!(newer.diagnostics[0].summary.contains("newer provider"));
    }

    #[tokio::test]
    async fn actions_are_unknown_and_state_stores_unimplemented() {
        let service = service();
        let planned = service
            .plan_action(Request::new(pb::plan_action::Request {
                action_type: "openai_rotate".into(),
                ..Default::default()
            }))
            .await
            .unwrap()
            .into_inner();
        assert!(planned.diagnostics[0].detail.contains("\"openai_rotate\""));
        let mut events = service
            .invoke_action(Request::new(pb::invoke_action::Request {
                action_type: "openai_rotate".into(),
                ..Default::default()
            }))
            .await
            .unwrap()
            .into_inner();
        let event = events.next().await.unwrap().unwrap();
        let Some(pb::invoke_action::event::Type::Completed(completed)) = event.r#type else {
            panic!("expected a completed event: {event:?}");
        };
        assert_eq!(completed.diagnostics[0].summary, "Unknown action");
        assert!(events.next().await.is_none());
        let validated = service
            .validate_action_config(Request::new(Default::default()))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(validated.diagnostics.len(), 1);
        let store = service
            .get_states(Request::new(Default::default()))
            .await
            .unwrap_err();
        assert_eq!(store.code(), tonic::Code::Unimplemented);
    }

    #[tokio::test]
    async fn generated_configuration_leaves_out_computed_values() {
        let service = service();
        let ty = service.resource_type("openai_project").unwrap();
        let mut state = Value::Object(Default::default());
        state.set("id", Value::string("proj_a"));
        state.set("name", Value::string("Alpha"));
        let config = service
            .generate_resource_config(Request::new(pb::generate_resource_config::Request {
                type_name: "openai_project".into(),
                state: Some(encode_value(&state, &ty)),
            }))
            .await
            .unwrap()
            .into_inner();
        let config = decode_value(config.config.as_ref(), &ty).unwrap();
        assert_eq!(config.get("id"), &Value::Null);
        assert_eq!(config.get_str("name"), Some("Alpha"));
    }
}

//! The tfplugin6 `Provider` gRPC service: decode, delegate to
//! [`crate::provider::Provider`], encode. No provider logic lives here.

use std::sync::Arc;

use tonic::{Request, Response, Status};

use super::convert::{attribute_path, decode_value, diagnostics, encode_value, schema};
use super::proto::tfplugin6 as pb;
use super::proto::tfplugin6::provider_server::Provider as ProviderRpc;
use crate::diagnostics::Diagnostics;
use crate::provider::{MoveRequest, Provider};
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

fn capabilities(provider: &Provider) -> pb::ServerCapabilities {
    pb::ServerCapabilities {
        plan_destroy: true,
        get_provider_schema_optional: false,
        move_resource_state: provider.supports_moves(),
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
                .map(|(name, _)| pb::get_metadata::EphemeralResourceMetadata {
                    type_name: name.to_owned(),
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
            server_capabilities: Some(capabilities(&self.provider)),
            ..Default::default()
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
                    Diagnostics::new(),
                    req.private.clone(),
                ));
            }
            let (new_state, warnings, private) = self
                .provider
                .read_resource(&req.type_name, &state, &req.private)
                .await?;
            Ok::<_, Diagnostics>((encode_value(&new_state, &ty), warnings, private))
        }
        .await;
        Ok(Response::new(match result {
            Ok((new_state, warnings, private)) => pb::read_resource::Response {
                new_state: Some(new_state),
                private,
                diagnostics: diagnostics(warnings),
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
            Ok::<_, Diagnostics>((
                encode_value(&plan.planned_state, &ty),
                plan.requires_replace,
            ))
        })();
        Ok(Response::new(match result {
            Ok((planned, replace)) => pb::plan_resource_change::Response {
                planned_state: Some(planned),
                requires_replace: replace.iter().map(attribute_path).collect(),
                planned_private: req.prior_private,
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
            let state = self
                .provider
                .import_resource_state(&req.type_name, &req.id)
                .await?;
            Ok::<_, Diagnostics>(encode_value(&state, &ty))
        }
        .await;
        Ok(Response::new(match result {
            Ok(state) => pb::import_resource_state::Response {
                imported_resources: vec![pb::import_resource_state::ImportedResource {
                    type_name: req.type_name,
                    state: Some(state),
                    private: Vec::new(),
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
            Ok(encode_value(&state, &ty))
        });
        // The source's private data belongs to the source provider: none
        // is carried over (this provider keeps none).
        Ok(Response::new(match result {
            Ok(state) => pb::move_resource_state::Response {
                target_state: Some(state),
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

    async fn get_functions(
        &self,
        _request: Request<pb::get_functions::Request>,
    ) -> Result<Response<pb::get_functions::Response>, Status> {
        // No functions: an empty answer, not an error, so Terraform proceeds.
        Ok(Response::new(pb::get_functions::Response::default()))
    }

    async fn call_function(
        &self,
        request: Request<pb::call_function::Request>,
    ) -> Result<Response<pb::call_function::Response>, Status> {
        Ok(Response::new(pb::call_function::Response {
            result: None,
            error: Some(pb::FunctionError {
                text: format!(
                    "the openai provider has no function {:?}",
                    request.get_ref().name
                ),
                function_argument: None,
            }),
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

//! The ten policy types and `openai_project` as the official provider
//! declares them (`internal/provider/resources/{organization,project}_data_retention,
//! project_model_permissions, project_hosted_tool_permissions, project,
//! {organization,project}_spend_limit, project_rate_limit,
//! {organization,project}_spend_alert, certificate}`): generated resources,
//! each one `client.Request` per operation with body fields set from
//! attributes (`SetBodyField`, dotted paths) and attributes applied from
//! the answer (`Apply*ResponseField`: a field the answer lacks keeps the
//! plan's value, unknown becoming null). The settings have no `id` (the
//! organization ones a fixed `singleton_id = "organization"`); destroying
//! a data retention, hosted tool permissions or rate limit only forgets it,
//! a project is archived, the others send a DELETE. Each type is one [`Generated`] table.

use async_trait::async_trait;
use serde_json::{Map, Value as Json};
use tfopenai::api::AdminClient;
use tfopenai::diagnostics::Diagnostics;
use tfopenai::resources::{Applied, Failure, Resource};
use tfopenai::schema::{Attribute, Schema};
use tfopenai::value::{Type, Value, encode_json, value_from_json};

use crate::common::{computed, failed, found, import_parts, imported, key, stable, str_of};

/// Where the object is and how it is made.
#[derive(Clone, Copy)]
enum Shape {
    /// A setting at `path`: create and update POST there.
    Setting,
    /// An item of the list at `path` (`.../rate_limits`), kept at
    /// `path/{item}`, read from the list.
    Listed { item: &'static str },
    /// An object created in the collection `path`, kept at `path/{item}`,
    /// its ID (`item` and `id`) from the create's answer.
    Object { item: &'static str },
}

pub struct Generated {
    type_name: &'static str,
    schema: Schema,
    /// With `{project_id}` filled from the state.
    path: &'static str,
    shape: Shape,
    /// Attribute and the dotted body path it is sent at (create and update).
    sent: &'static [(&'static str, &'static str)],
    /// Attribute and the dotted answer path it is read from.
    read: &'static [(&'static str, &'static str)],
    /// The organization settings' `singleton_id`.
    singleton: bool,
    destroy: Destroy,
}

/// What destroy sends.
#[derive(Clone, Copy)]
enum Destroy {
    /// Nothing: the state is only forgotten.
    Forget,
    /// A DELETE of the object.
    Delete,
    /// A POST to the object's `/archive` (projects cannot be deleted).
    Archive,
}

fn int(name: &'static str) -> Attribute {
    computed(name, Type::Number)
}

fn required(name: &'static str, ty: Type) -> Attribute {
    Attribute::required(name, ty, "")
}

/// Optional and computed, as the rate limits' Int64 fields.
fn optional_computed(name: &'static str) -> Attribute {
    Attribute::optional(name, Type::Number, "").also_computed()
}

const RETENTION_SENT: &[(&str, &str)] = &[("type", "retention_type")];
const RETENTION_READ: &[(&str, &str)] = &[("object", "object"), ("type", "type")];

const LIMIT_SENT: &[(&str, &str)] = &[
    ("threshold_amount", "threshold_amount"),
    ("currency", "currency"),
    ("interval", "interval"),
];
const LIMIT_READ: &[(&str, &str)] = &[
    ("object", "object"),
    ("threshold_amount", "threshold_amount"),
    ("currency", "currency"),
    ("interval", "interval"),
    ("enforcement_status", "enforcement.status"),
];

const ALERT_SENT: &[(&str, &str)] = &[
    ("threshold_amount", "threshold_amount"),
    ("currency", "currency"),
    ("interval", "interval"),
    ("notification_channel_type", "notification_channel.type"),
    (
        "notification_channel_recipients",
        "notification_channel.recipients",
    ),
    (
        "notification_channel_subject_prefix",
        "notification_channel.subject_prefix",
    ),
];
const ALERT_READ: &[(&str, &str)] = &[
    ("threshold_amount", "threshold_amount"),
    ("currency", "currency"),
    ("interval", "interval"),
    ("notification_channel_type", "notification_channel.type"),
    (
        "notification_channel_recipients",
        "notification_channel.recipients",
    ),
    (
        "notification_channel_subject_prefix",
        "notification_channel.subject_prefix",
    ),
];

const TOOLS: &[(&str, &str)] = &[
    ("file_search_enabled", "file_search.enabled"),
    ("web_search_enabled", "web_search.enabled"),
    ("image_generation_enabled", "image_generation.enabled"),
    ("mcp_enabled", "mcp.enabled"),
    ("code_interpreter_enabled", "code_interpreter.enabled"),
];

const RATE_LIMITS: &[(&str, &str)] = &[
    ("max_requests_per_1_minute", "max_requests_per_1_minute"),
    ("max_tokens_per_1_minute", "max_tokens_per_1_minute"),
    ("max_images_per_1_minute", "max_images_per_1_minute"),
    (
        "max_audio_megabytes_per_1_minute",
        "max_audio_megabytes_per_1_minute",
    ),
    ("max_requests_per_1_day", "max_requests_per_1_day"),
    (
        "batch_1_day_max_input_tokens",
        "batch_1_day_max_input_tokens",
    ),
];
const RATE_LIMIT_READ: &[(&str, &str)] = &[
    ("model", "model"),
    ("max_requests_per_1_minute", "max_requests_per_1_minute"),
    ("max_tokens_per_1_minute", "max_tokens_per_1_minute"),
    ("max_images_per_1_minute", "max_images_per_1_minute"),
    (
        "max_audio_megabytes_per_1_minute",
        "max_audio_megabytes_per_1_minute",
    ),
    ("max_requests_per_1_day", "max_requests_per_1_day"),
    (
        "batch_1_day_max_input_tokens",
        "batch_1_day_max_input_tokens",
    ),
];

/// `openai_project`: `geography` and `external_key_id` are sent as
/// configured (the official update sends null for a removed one, which no
/// test here needs); `geography` is never read back, so the state keeps
/// the configured value.
const PROJECT_SENT: &[(&str, &str)] = &[
    ("name", "name"),
    ("geography", "geography"),
    ("external_key_id", "external_key_id"),
];
const PROJECT_READ: &[(&str, &str)] = &[
    ("name", "name"),
    ("external_key_id", "external_key_id"),
    ("created_at", "created_at"),
    ("archived_at", "archived_at"),
    ("status", "status"),
];

const CERTIFICATE_SENT: &[(&str, &str)] = &[("name", "name"), ("certificate", "certificate")];
const CERTIFICATE_READ: &[(&str, &str)] = &[
    ("name", "name"),
    ("created_at", "created_at"),
    ("valid_at", "certificate_details.valid_at"),
    ("expires_at", "certificate_details.expires_at"),
];

fn spend_alert_attributes(project: bool) -> Vec<Attribute> {
    let mut attributes: Vec<Attribute> = project.then(|| key("project_id")).into_iter().collect();
    attributes.extend([
        stable("alert_id", Type::String),
        stable("id", Type::String),
        required("threshold_amount", Type::Number),
        required("currency", Type::String),
        required("interval", Type::String),
        required("notification_channel_type", Type::String),
        required(
            "notification_channel_recipients",
            Type::list_of(Type::String),
        ),
        Attribute::optional("notification_channel_subject_prefix", Type::String, ""),
    ]);
    attributes
}

fn limit_attributes(owner: Attribute) -> Vec<Attribute> {
    vec![
        owner,
        stable("object", Type::String),
        required("threshold_amount", Type::Number),
        required("currency", Type::String),
        required("interval", Type::String),
        computed("enforcement_status", Type::String),
    ]
}

impl Generated {
    pub fn all() -> Vec<Generated> {
        let setting = |type_name, attributes, path, sent, read, singleton, destroy| Generated {
            type_name,
            schema: Schema::new("", attributes),
            path,
            shape: Shape::Setting,
            sent,
            read,
            singleton,
            destroy,
        };
        vec![
            setting(
                "openai_organization_data_retention",
                vec![
                    stable("singleton_id", Type::String),
                    stable("object", Type::String),
                    required("type", Type::String),
                ],
                "/organization/data_retention",
                RETENTION_SENT,
                RETENTION_READ,
                true,
                Destroy::Forget,
            ),
            setting(
                "openai_project_data_retention",
                vec![
                    key("project_id"),
                    stable("object", Type::String),
                    required("type", Type::String),
                ],
                "/organization/projects/{project_id}/data_retention",
                RETENTION_SENT,
                RETENTION_READ,
                false,
                Destroy::Forget,
            ),
            setting(
                "openai_project_model_permissions",
                vec![
                    key("project_id"),
                    stable("object", Type::String),
                    required("mode", Type::String),
                    required("model_ids", Type::list_of(Type::String)),
                ],
                "/organization/projects/{project_id}/model_permissions",
                &[("mode", "mode"), ("model_ids", "model_ids")],
                &[
                    ("object", "object"),
                    ("mode", "mode"),
                    ("model_ids", "model_ids"),
                ],
                false,
                Destroy::Delete,
            ),
            setting(
                "openai_project_hosted_tool_permissions",
                std::iter::once(key("project_id"))
                    .chain(TOOLS.iter().map(|(name, _)| required(name, Type::Bool)))
                    .collect(),
                "/organization/projects/{project_id}/hosted_tool_permissions",
                TOOLS,
                TOOLS,
                false,
                Destroy::Forget,
            ),
            setting(
                "openai_organization_spend_limit",
                limit_attributes(stable("singleton_id", Type::String)),
                "/organization/spend_limit",
                LIMIT_SENT,
                LIMIT_READ,
                true,
                Destroy::Delete,
            ),
            setting(
                "openai_project_spend_limit",
                limit_attributes(key("project_id")),
                "/organization/projects/{project_id}/spend_limit",
                LIMIT_SENT,
                LIMIT_READ,
                false,
                Destroy::Delete,
            ),
            Generated {
                type_name: "openai_project_rate_limit",
                schema: Schema::new(
                    "",
                    [
                        key("project_id"),
                        key("rate_limit_id"),
                        stable("id", Type::String),
                        stable("model", Type::String),
                    ]
                    .into_iter()
                    .chain(RATE_LIMITS.iter().map(|(name, _)| optional_computed(name)))
                    .collect(),
                ),
                path: "/organization/projects/{project_id}/rate_limits",
                shape: Shape::Listed {
                    item: "rate_limit_id",
                },
                sent: RATE_LIMITS,
                read: RATE_LIMIT_READ,
                singleton: false,
                destroy: Destroy::Forget,
            },
            Generated {
                type_name: "openai_organization_spend_alert",
                schema: Schema::new("", spend_alert_attributes(false)),
                path: "/organization/spend_alerts",
                shape: Shape::Object { item: "alert_id" },
                sent: ALERT_SENT,
                read: ALERT_READ,
                singleton: false,
                destroy: Destroy::Delete,
            },
            Generated {
                type_name: "openai_project_spend_alert",
                schema: Schema::new("", spend_alert_attributes(true)),
                path: "/organization/projects/{project_id}/spend_alerts",
                shape: Shape::Object { item: "alert_id" },
                sent: ALERT_SENT,
                read: ALERT_READ,
                singleton: false,
                destroy: Destroy::Delete,
            },
            Generated {
                type_name: "openai_project",
                schema: Schema::new(
                    "",
                    vec![
                        stable("project_id", Type::String),
                        stable("id", Type::String),
                        required("name", Type::String),
                        Attribute::optional("geography", Type::String, ""),
                        Attribute::optional("external_key_id", Type::String, ""),
                        int("created_at"),
                        int("archived_at"),
                        stable("status", Type::String),
                    ],
                ),
                path: "/organization/projects",
                shape: Shape::Object { item: "project_id" },
                sent: PROJECT_SENT,
                read: PROJECT_READ,
                singleton: false,
                destroy: Destroy::Archive,
            },
            Generated {
                type_name: "openai_certificate",
                schema: Schema::new(
                    "",
                    vec![
                        stable("certificate_id", Type::String),
                        stable("id", Type::String),
                        Attribute::optional("name", Type::String, "")
                            .also_computed()
                            .use_state_for_unknown(),
                        key("certificate"),
                        int("created_at"),
                        int("valid_at"),
                        int("expires_at"),
                    ],
                ),
                path: "/organization/certificates",
                shape: Shape::Object {
                    item: "certificate_id",
                },
                sent: CERTIFICATE_SENT,
                read: CERTIFICATE_READ,
                singleton: false,
                destroy: Destroy::Delete,
            },
        ]
    }

    fn has(&self, name: &str) -> bool {
        self.schema.attributes.iter().any(|a| a.name == name)
    }

    /// The path of `path` with `{project_id}` filled from `value`.
    fn base(&self, value: &Value) -> Result<String, Diagnostics> {
        if self.path.contains("{project_id}") {
            Ok(self
                .path
                .replace("{project_id}", str_of(value, "project_id")?))
        } else {
            Ok(self.path.to_owned())
        }
    }

    /// Where the object is read, updated and deleted.
    fn item_path(&self, value: &Value) -> Result<String, Diagnostics> {
        let base = self.base(value)?;
        Ok(match self.shape {
            Shape::Setting => base,
            Shape::Listed { item } | Shape::Object { item } => {
                format!("{base}/{}", str_of(value, item)?)
            }
        })
    }

    fn body(&self, planned: &Value) -> Json {
        let mut body = Map::new();
        for (name, at) in self.sent {
            let value = planned.get(name);
            if !value.is_null() && !value.is_unknown() {
                put(&mut body, at, int64(encode_json(value)));
            }
        }
        Json::Object(body)
    }

    /// `known` with the answer's fields applied, as the generated code does.
    fn apply(&self, known: &Value, answer: &Map<String, Json>) -> Result<Value, Diagnostics> {
        let answer = Json::Object(answer.clone());
        let mut state = known.clone();
        let attribute = |name: &str| self.schema.attributes.iter().find(|a| a.name == name);
        for (name, at) in self.read {
            let Some(attribute) = attribute(name) else {
                continue;
            };
            match lookup(&answer, at) {
                Some(json) => state.set(
                    name,
                    value_from_json(json, &attribute.ty).map_err(|e| {
                        Diagnostics::from_error("Invalid OpenAI API response", e.to_string())
                    })?,
                ),
                None if state.get(name).is_unknown() => state.set(name, Value::Null),
                None => {}
            }
        }
        if let Shape::Object { item } | Shape::Listed { item } = self.shape
            && let Some(id) = answer["id"].as_str()
        {
            state.set(item, Value::string(id));
            if self.has("id") {
                state.set("id", Value::string(id));
            }
        }
        if self.singleton {
            state.set("singleton_id", Value::string("organization"));
        }
        // Whatever is still unknown (a computed value the answer lacks) is null.
        for attribute in &self.schema.attributes {
            if state.get(attribute.name).is_unknown() {
                state.set(attribute.name, Value::Null);
            }
        }
        Ok(state)
    }

    async fn get(
        &self,
        client: &AdminClient,
        known: &Value,
    ) -> Result<Option<Map<String, Json>>, Diagnostics> {
        match self.shape {
            Shape::Listed { item } => {
                let wanted = str_of(known, item)?;
                let Some(list) = found(client.get_object(&self.base(known)?).await)? else {
                    return Ok(None);
                };
                Ok(list
                    .field("data")
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|o| o["id"].as_str() == Some(wanted))
                    .and_then(|o| o.as_object().cloned()))
            }
            _ => Ok(found(client.get_object(&self.item_path(known)?).await)?.map(|o| o.0)),
        }
    }
}

/// The official attributes that are numbers are `Int64`s, sent as JSON
/// integers (`AddInt64BodyField`): `500`, never `500.0`.
fn int64(json: Json) -> Json {
    match json.as_f64() {
        Some(n) if json.is_f64() && n.fract() == 0.0 => Json::from(n as i64),
        _ => json,
    }
}

/// Puts `value` at the dotted `path`, making the objects on the way.
fn put(body: &mut Map<String, Json>, path: &str, value: Json) {
    match path.split_once('.') {
        None => {
            body.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            if let Json::Object(inner) = body
                .entry(head.to_owned())
                .or_insert_with(|| Json::Object(Map::new()))
            {
                put(inner, rest, value);
            }
        }
    }
}

/// The answer's value at the dotted `path`, if it has one (null included).
fn lookup<'a>(answer: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('.').try_fold(answer, |node, key| node.get(key))
}

#[async_trait]
impl Resource for Generated {
    fn type_name(&self) -> &'static str {
        self.type_name
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let path = match self.shape {
            Shape::Object { .. } => self.base(planned)?,
            Shape::Setting | Shape::Listed { .. } => self.item_path(planned)?,
        };
        let answer = client
            .create_object(&path, &self.body(planned))
            .await
            .map_err(|e| failed(&e))?;
        Ok(self.apply(planned, &answer.0)?.into())
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        match self.get(client, state).await? {
            Some(answer) => self.apply(state, &answer).map(Some),
            None => Ok(None),
        }
    }

    async fn update(
        &self,
        client: &AdminClient,
        _prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        let answer = client
            .update_object(&self.item_path(planned)?, &self.body(planned))
            .await
            .map_err(|e| failed(&e))?;
        Ok(self.apply(planned, &answer.0)?.into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        match self.destroy {
            Destroy::Forget => Ok(()),
            Destroy::Delete => found(client.delete_object(&self.item_path(state)?).await).map(drop),
            Destroy::Archive => {
                found(client.archive_project(str_of(state, "project_id")?).await).map(drop)
            }
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let mut names: Vec<&str> = Vec::new();
        if self.has("project_id") {
            names.push("project_id");
        }
        match self.shape {
            // A project's item is `project_id` itself.
            Shape::Listed { item } | Shape::Object { item } if !names.contains(&item) => {
                names.push(item)
            }
            Shape::Listed { .. } | Shape::Object { .. } => {}
            Shape::Setting if self.singleton => names.push("singleton_id"),
            Shape::Setting => {}
        }
        let parts = import_parts(id, &names)?;
        let mut known = Value::Object(Default::default());
        for attribute in &self.schema.attributes {
            known.set(attribute.name, Value::Unknown);
        }
        for (name, part) in names.iter().zip(&parts) {
            known.set(name, Value::string(*part));
        }
        let answer = self.get(client, &known).await?;
        imported(answer.map(|a| self.apply(&known, &a)).transpose()?, || {
            format!("No {} {id} was found.", self.type_name)
        })
    }
}

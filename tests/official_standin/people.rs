//! `openai_invite`, `openai_organization_user` and
//! `openai_project_service_account` as the official provider declares them
//! (`internal/provider/resources/{invite,organization_user,
//! project_service_account}`): the ID twice (`invite_id` and `id`, ...),
//! Int64 timestamps, the invite's `projects` as a list of `{id, role}`,
//! import IDs `{invite_id}`, `{user_id}`, `{project_id}/{service_account_id}`.
//! Each is one [`Official`] table over the generic client calls
//! (`AdminClient::{get,create,update,delete}_object`), as the official
//! provider's generated resources are one `client.Request` each.

use async_trait::async_trait;
use serde_json::{Map, Value as Json, json};
use tfopenai::api::AdminClient;
use tfopenai::diagnostics::Diagnostics;
use tfopenai::resources::{Applied, Failure, Resource};
use tfopenai::schema::{Attribute, Schema};
use tfopenai::value::{Type, Value, encode_json, value_from_json};

use crate::common::{computed, failed, found, import_parts, imported, key, stable, str_of};

/// What a create sends, from the plan.
type Body = fn(&Value) -> Result<Json, Diagnostics>;

pub struct Official {
    type_name: &'static str,
    schema: Schema,
    /// The collection, `{project_id}` filled from the state.
    collection: &'static str,
    /// The route parameter before the ID, if any (`project_id`).
    param: Option<&'static str>,
    /// The attribute holding the ID besides `id` (`invite_id`).
    id_attr: &'static str,
    /// `None`: import-only (the official provider refuses the create).
    create: Option<Body>,
    /// Attributes an in-place update sends when they changed.
    updates: &'static [&'static str],
}

fn int(name: &'static str) -> Attribute {
    computed(name, Type::Number)
}

impl Official {
    pub fn invite() -> Self {
        let project = Type::Object(
            [
                ("id".to_owned(), Type::String),
                ("role".to_owned(), Type::String),
            ]
            .into(),
        );
        Official {
            type_name: "openai_invite",
            schema: Schema::new(
                "Manage an organization invite.",
                vec![
                    stable("invite_id", Type::String),
                    stable("id", Type::String),
                    key("email"),
                    key("role"),
                    Attribute::optional("projects", Type::list_of(project), "")
                        .also_computed()
                        .requires_replace(),
                    stable("status", Type::String),
                    int("created_at"),
                    int("expires_at"),
                    int("accepted_at"),
                ],
            ),
            collection: "/organization/invites",
            param: None,
            id_attr: "invite_id",
            create: Some(|planned| {
                let mut body = Map::new();
                body.insert("email".into(), json!(str_of(planned, "email")?));
                body.insert("role".into(), json!(str_of(planned, "role")?));
                let projects = planned.get("projects");
                if !projects.is_null() && !projects.is_unknown() {
                    body.insert("projects".into(), encode_json(projects));
                }
                Ok(Json::Object(body))
            }),
            updates: &[],
        }
    }

    pub fn organization_user() -> Self {
        let set = |name| Attribute::optional(name, Type::String, "").also_computed();
        Official {
            type_name: "openai_organization_user",
            schema: Schema::new(
                "Manage an existing organization user. This resource is import-only.",
                vec![
                    stable("user_id", Type::String),
                    stable("id", Type::String),
                    stable("name", Type::String),
                    stable("email", Type::String),
                    set("role").use_state_for_unknown(),
                    int("added_at"),
                    computed("is_default", Type::Bool),
                    int("created"),
                    computed("is_service_account", Type::Bool),
                    computed("is_scale_tier_authorized_purchaser", Type::Bool),
                    computed("is_scim_managed", Type::Bool),
                    int("api_key_last_used_at"),
                    set("technical_level").use_state_for_unknown(),
                    set("developer_persona").use_state_for_unknown(),
                ],
            ),
            collection: "/organization/users",
            param: None,
            id_attr: "user_id",
            create: None,
            updates: &["role", "technical_level", "developer_persona"],
        }
    }

    pub fn project_service_account() -> Self {
        Official {
            type_name: "openai_project_service_account",
            schema: Schema::new(
                "Manage a project service account.",
                vec![
                    key("project_id"),
                    stable("service_account_id", Type::String),
                    stable("id", Type::String),
                    key("name"),
                    int("created_at"),
                ],
            ),
            collection: "/organization/projects/{project_id}/service_accounts",
            param: Some("project_id"),
            id_attr: "service_account_id",
            create: Some(|planned| {
                Ok(json!({
                    "name": str_of(planned, "name")?,
                    "create_service_account_only": true,
                }))
            }),
            updates: &[],
        }
    }

    /// The collection path for `param`'s value.
    fn collection_of(&self, param: Option<&str>) -> String {
        match (self.param, param) {
            (Some(name), Some(value)) => self.collection.replace(&format!("{{{name}}}"), value),
            _ => self.collection.to_owned(),
        }
    }

    fn param_of<'a>(&self, value: &'a Value) -> Result<Option<&'a str>, Diagnostics> {
        self.param.map(|name| str_of(value, name)).transpose()
    }

    /// The state of an answered object: its fields by name, the ID under
    /// both names, the route parameter as given.
    fn state(&self, param: Option<&str>, object: &Map<String, Json>) -> Result<Value, Diagnostics> {
        let mut json = object.clone();
        json.insert(
            self.id_attr.into(),
            object.get("id").cloned().unwrap_or(Json::Null),
        );
        if let (Some(name), Some(value)) = (self.param, param) {
            json.insert(name.into(), json!(value));
        }
        value_from_json(&Json::Object(json), &self.schema.value_type())
            .map_err(|e| Diagnostics::from_error("Invalid OpenAI API response", e.to_string()))
    }

    async fn get(
        &self,
        client: &AdminClient,
        param: Option<&str>,
        id: &str,
    ) -> Result<Option<Value>, Diagnostics> {
        let path = format!("{}/{id}", self.collection_of(param));
        match found(client.get_object(&path).await)? {
            Some(object) => self.state(param, &object.0).map(Some),
            None => Ok(None),
        }
    }
}

#[async_trait]
impl Resource for Official {
    fn type_name(&self) -> &'static str {
        self.type_name
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let Some(body) = self.create else {
            return Err(Diagnostics::from_error(
                "Import required",
                format!(
                    "{} is import-only; import an existing object.",
                    self.type_name
                ),
            )
            .into());
        };
        let param = self.param_of(planned)?;
        let object = client
            .create_object(&self.collection_of(param), &body(planned)?)
            .await
            .map_err(|e| failed(&e))?;
        Ok(self.state(param, &object.0)?.into())
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let param = self.param_of(state)?;
        self.get(client, param, str_of(state, self.id_attr)?).await
    }

    async fn update(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        let param = self.param_of(planned)?;
        let id = str_of(planned, self.id_attr)?;
        let mut body = Map::new();
        for name in self.updates {
            let value = planned.get(name);
            if !value.is_null() && !value.is_unknown() && value != prior.get(name) {
                body.insert((*name).into(), encode_json(value));
            }
        }
        let path = format!("{}/{id}", self.collection_of(param));
        let object = client
            .update_object(&path, &Json::Object(body))
            .await
            .map_err(|e| failed(&e))?;
        Ok(self.state(param, &object.0)?.into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let param = self.param_of(state)?;
        let path = format!(
            "{}/{}",
            self.collection_of(param),
            str_of(state, self.id_attr)?
        );
        found(client.delete_object(&path).await).map(drop)
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let mut names: Vec<&str> = self.param.into_iter().collect();
        names.push(self.id_attr);
        let parts = import_parts(id, &names)?;
        let (param, id) = match parts.as_slice() {
            [param, id] => (Some(*param), *id),
            _ => (None, parts[0]),
        };
        imported(self.get(client, param, id).await?, || {
            format!("No {} {id} was found.", self.type_name)
        })
    }
}

//! The data sources of a settings type: the setting of one owner (or one
//! listed item), and for a listed setting every item of the owner.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use reqwest::Method;
use serde_json::Value as Json;

use super::super::intern;
use super::super::route::Located;
use super::{ORGANIZATION_ID, Setting, Shape, body};
use crate::api::AdminClient;
use crate::data_sources::DataSource;
use crate::diagnostics::Diagnostics;
use crate::resources::confirm::found;
use crate::resources::errors::api_error;
use crate::resources::{lists, validators};
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

const RESPONSE_JSON: &str = "response_json";

/// The owner's (and item's) IDs: required inputs.
fn inputs(setting: &Setting) -> Vec<Attribute> {
    setting
        .import_parts()
        .into_iter()
        .map(|name| {
            Attribute::required(name, Type::String, intern(format!("ID ({name}) to read.")))
                .validate_with(validators::identifier())
        })
        .collect()
}

fn response_json() -> Attribute {
    Attribute::computed(
        RESPONSE_JSON,
        Type::String,
        "The API's answer as JSON, for fields this data source does not expose.",
    )
}

fn reported(setting: &Setting) -> impl Iterator<Item = Attribute> + '_ {
    setting
        .fields
        .iter()
        .map(|f| Attribute::computed(f.name(), f.attribute.ty.clone(), f.attribute.description))
}

/// One owner's setting, e.g. `data "openai_project_data_retention"`.
pub struct SettingOne {
    setting: Arc<Setting>,
    /// The data source's name (the setting's `data_source`).
    name: &'static str,
    schema: Schema,
}

impl SettingOne {
    pub fn new(setting: Arc<Setting>) -> Self {
        let mut attributes = inputs(&setting);
        attributes.push(Attribute::computed(
            "id",
            Type::String,
            "The setting's identifier: its ID, the project's, or `organization`.",
        ));
        attributes.extend(reported(&setting));
        attributes.push(response_json());
        let description = intern(format!(
            "Reads the {} as the API has it now. The `{}` resource manages it.",
            setting.noun, setting.type_name
        ));
        SettingOne {
            name: setting.data_source,
            schema: Schema::new(description, attributes),
            setting,
        }
    }
}

#[async_trait]
impl DataSource for SettingOne {
    fn type_name(&self) -> &'static str {
        self.name
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let setting = &self.setting;
        let located = Located::from_value(setting.route, config)?;
        let path = located.collection(&Method::GET)?;
        let action = format!("read the {}{}", setting.noun, located.scope());
        let (answer, id) = match &setting.shape {
            Shape::Singleton => {
                let answer = found(client.get_object(&path).await)
                    .map_err(|e| api_error(&action, &e))?
                    .ok_or_else(|| {
                        Diagnostics::from_error(
                            format!("No {}", setting.noun),
                            format!("The API has no {}{}.", setting.noun, located.scope()),
                        )
                    })?;
                let id = config.get_str("project_id").unwrap_or(ORGANIZATION_ID);
                (Json::Object(answer.0), id.to_owned())
            }
            Shape::Listed { id_param, list, .. } => {
                let wanted = config.get_str(id_param).unwrap_or_default();
                let listed = lists::objects(client, located.route(), &path, *list, false)
                    .await
                    .map_err(|e| api_error(&action, &e))?;
                let Some(item) = listed.iter().find(|o| o.id() == wanted) else {
                    let ids: Vec<&str> = listed.iter().map(|o| o.id()).collect();
                    let mut diags = Diagnostics::new();
                    diags.error_at(
                        crate::diagnostics::AttributePath::attribute(id_param),
                        format!("Unknown {id_param}"),
                        format!(
                            "There is no {} {wanted:?}{}. It has: {}.",
                            setting.noun,
                            located.scope(),
                            ids.join(", ")
                        ),
                    );
                    return Err(diags);
                };
                (Json::Object(item.0.clone()), wanted.to_owned())
            }
        };
        let mut state = config.clone();
        state.set("id", Value::string(id));
        for (name, value) in body::values(setting, &answer)? {
            state.set(name, value);
        }
        state.set(RESPONSE_JSON, Value::string(answer.to_string()));
        Ok(state)
    }
}

/// Every listed item of the owner, e.g. `data "openai_project_rate_limits"`.
pub struct SettingList {
    setting: Arc<Setting>,
    type_name: &'static str,
    list_attr: &'static str,
    schema: Schema,
}

impl SettingList {
    pub fn new(setting: Arc<Setting>) -> Self {
        let Shape::Listed {
            data_source: (type_name, list_attr),
            ..
        } = setting.shape
        else {
            panic!("{} is not a listed setting", setting.type_name)
        };
        let mut item = BTreeMap::from([("id".to_owned(), Type::String)]);
        for f in &setting.fields {
            item.insert(f.name().to_owned(), f.attribute.ty.clone());
        }
        let names: Vec<String> = setting
            .fields
            .iter()
            .map(|f| format!("`{}`", f.name()))
            .collect();
        let params = super::super::route::params(setting.route);
        let mut attributes: Vec<Attribute> = inputs(&setting)
            .into_iter()
            .filter(|a| params.contains(&a.name))
            .collect();
        attributes.push(Attribute::computed(
            "id",
            Type::String,
            "The listed collection's path, as an identifier for this data source.",
        ));
        attributes.push(Attribute::computed(
            list_attr,
            Type::list_of(Type::Object(item)),
            intern(format!(
                "Every {} of the project, in the API's order, with its current values: `id`, \
                 {}.",
                setting.noun,
                names.join(", ")
            )),
        ));
        attributes.push(response_json());
        let description = intern(format!(
            "Lists every {} of a project with its current values. The `{}` resource manages \
             one of them.",
            setting.noun, setting.type_name
        ));
        SettingList {
            type_name,
            list_attr,
            schema: Schema::new(description, attributes),
            setting,
        }
    }
}

#[async_trait]
impl DataSource for SettingList {
    fn type_name(&self) -> &'static str {
        self.type_name
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let setting = &self.setting;
        let Shape::Listed { list, .. } = &setting.shape else {
            unreachable!("built for listed settings only")
        };
        let located = Located::from_value(setting.route, config)?;
        let path = located.collection(&Method::GET)?;
        let listed = lists::objects(client, located.route(), &path, *list, false)
            .await
            .map_err(|e| api_error(&format!("list the {}s", setting.noun), &e))?;
        let mut items = Vec::with_capacity(listed.len());
        for object in listed.iter() {
            let json = Json::Object(object.0.clone());
            let mut item = Value::Object(Default::default());
            item.set("id", Value::string(object.id()));
            for (name, value) in body::values(setting, &json)? {
                item.set(name, value);
            }
            items.push(item);
        }
        let mut state = config.clone();
        state.set("id", Value::string(path.trim_start_matches('/')));
        state.set(self.list_attr, Value::List(items));
        let all = serde_json::json!({"object": "list", "data": &*listed});
        state.set(RESPONSE_JSON, Value::string(all.to_string()));
        Ok(state)
    }
}

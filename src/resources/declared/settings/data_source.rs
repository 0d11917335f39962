//! The data sources of a settings type: the setting of one owner (or one
//! listed item), and for a listed setting every item of the owner.

use std::sync::Arc;

use async_trait::async_trait;
use reqwest::Method;
use serde_json::Value as Json;

use super::super::data_source::{DeclaredList, Listing, RESPONSE_JSON, response_json_attribute};
use super::super::route::Located;
use super::super::{Field, intern};
use super::{ORGANIZATION_ID, Setting, Shape, body};
use crate::api::AdminClient;
use crate::data_sources::DataSource;
use crate::diagnostics::Diagnostics;
use crate::resources::confirm::found;
use crate::resources::errors::api_error;
use crate::resources::{lists, validators};
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

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
        attributes.push(response_json_attribute());
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

/// Every listed item of the owner, e.g. `data "openai_project_rate_limits"`:
/// the declared types' list data source, its items the setting's fields
/// and their `id`.
pub fn setting_list(setting: &Setting) -> DeclaredList {
    let Shape::Listed {
        data_source: (type_name, list_attr),
        list,
        ..
    } = setting.shape
    else {
        panic!("{} is not a listed setting", setting.type_name)
    };
    let names: Vec<String> = setting
        .fields
        .iter()
        .map(|f| format!("`{}`", f.name()))
        .collect();
    let params = super::super::route::params(setting.route);
    let inputs: Vec<Attribute> = inputs(setting)
        .into_iter()
        .filter(|a| params.contains(&a.name))
        .collect();
    let specs = Listing {
        type_name,
        list_attr,
        route: setting.route,
        list,
        list_action: intern(format!("list the {}s", setting.noun)),
        noun: setting.noun,
        inputs,
        items_description: intern(format!(
            "Every {} of the project, in the API's order, with its current values: `id`, \
             {}.",
            setting.noun,
            names.join(", ")
        )),
        description: intern(format!(
            "Lists every {} of a project with its current values. The `{}` resource \
             manages one of them.",
            setting.noun, setting.type_name
        )),
    };
    let id = Field::json(
        Attribute::computed("id", Type::String, "The item's ID."),
        "id",
    );
    let items = std::iter::once(id)
        .chain(setting.fields.iter().cloned())
        .collect();
    DeclaredList::of(specs, items)
}

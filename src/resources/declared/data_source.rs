//! The data sources of a declared type: one object (by its ID, or by an
//! attribute such as an email), and every object of its collection.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use reqwest::Method;

use super::route::{Located, Part};
use super::{Declaration, Field, Source, intern, state};
use crate::api::{AdminClient, ApiObject, ListSpec};
use crate::data_sources::DataSource;
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::resources::confirm::found;
use crate::resources::errors::api_error;
use crate::resources::{lists, validators};
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

pub(super) const RESPONSE_JSON: &str = "response_json";

/// The fields an object's lookup reports (route parameters are inputs).
fn reported(decl: &Declaration) -> impl Iterator<Item = &Field> {
    decl.fields
        .iter()
        .filter(|f| matches!(f.source, Source::Json(_)))
}

/// The route parameters, required inputs of both data sources.
fn param_attributes(decl: &Declaration) -> Vec<Attribute> {
    decl.fields
        .iter()
        .filter(|f| f.source == Source::Param)
        .map(|f| {
            Attribute::required(f.name(), f.attribute.ty.clone(), f.attribute.description)
                .validate_with(validators::identifier())
        })
        .collect()
}

/// The whole answer, also in the settings' data sources.
pub(super) fn response_json_attribute() -> Attribute {
    Attribute::computed(
        RESPONSE_JSON,
        Type::String,
        "The API's answer as JSON, for fields this data source does not expose.",
    )
}

/// `object`'s reported fields as attribute values.
fn values_of(
    decl: &Declaration,
    object: &ApiObject,
) -> Result<Vec<(&'static str, Value)>, Diagnostics> {
    state::values_in(
        reported(decl),
        |path| object.at(path),
        || format!("{} {}", decl.noun, object.id()),
    )
}

/// One object, e.g. `data "openai_invite"` by `invite_id`.
pub struct DeclaredOne {
    decl: Arc<Declaration>,
    type_name: &'static str,
    /// The attribute it may be looked up by instead of the ID.
    by: Option<&'static str>,
    schema: Schema,
}

impl DeclaredOne {
    pub fn new(decl: Arc<Declaration>) -> Self {
        let (type_name, by) = decl
            .data_sources
            .one
            .expect("declared with a one-object data source");
        let key = decl.routes.id_param;
        let mut attributes = param_attributes(&decl);
        let key_description = match by {
            Some(by) => format!(
                "ID of the {}. Set exactly one of `{key}` and `{by}`.",
                decl.noun
            ),
            None => format!("ID of the {}.", decl.noun),
        };
        let key_description = intern(key_description);
        let key_attr = Attribute::optional(key, Type::String, key_description)
            .validate_with(validators::identifier());
        attributes.push(match by {
            Some(_) => key_attr.also_computed(),
            None => Attribute::required(key, Type::String, key_description)
                .validate_with(validators::identifier()),
        });
        for field in reported(&decl).filter(|f| f.name() != key) {
            let attr = &field.attribute;
            attributes.push(if Some(attr.name) == by {
                let description = intern(format!(
                    "{} Set exactly one of `{key}` and `{}`.",
                    attr.description, attr.name
                ));
                Attribute::optional(attr.name, attr.ty.clone(), description).also_computed()
            } else {
                Attribute::computed(attr.name, attr.ty.clone(), attr.description)
            });
        }
        attributes.push(response_json_attribute());
        let description = intern(format!(
            "Looks up one {} by ID{}. The `{}` resource manages them.",
            decl.noun,
            by.map(|b| format!(" or by `{b}`")).unwrap_or_default(),
            decl.type_name
        ));
        DeclaredOne {
            type_name,
            by,
            schema: Schema::new(description, attributes),
            decl,
        }
    }

    async fn by_id(
        &self,
        client: &AdminClient,
        located: &Located<'_>,
        id: &str,
    ) -> Result<ApiObject, Diagnostics> {
        let decl = &self.decl;
        let path = located.item(&Method::GET, decl.routes.id_param, id)?;
        let what = format!("{} {id}{}", decl.noun, located.scope());
        found(client.get_object(&path).await)
            .map_err(|e| api_error(&format!("read {what}"), &e))?
            .ok_or_else(|| {
                Diagnostics::from_error(
                    format!("No such {}", decl.noun),
                    format!("There is no {what}. {}", decl.gone),
                )
            })
    }

    /// The object whose `attribute` is `wanted`, from the collection's list
    /// (emails compare case-insensitively, as the API treats them).
    async fn by_attribute(
        &self,
        client: &AdminClient,
        located: &Located<'_>,
        attribute: &'static str,
        wanted: &str,
    ) -> Result<ApiObject, Diagnostics> {
        let decl = &self.decl;
        let json = match decl.field(attribute).map(|f| f.source) {
            Some(Source::Json(json)) => json,
            _ => attribute,
        };
        let path = located.collection(&Method::GET)?;
        let listed = lists::objects(client, located.route(), &path, decl.routes.list, false)
            .await
            .map_err(|e| api_error(decl.routes.list_action, &e))?;
        let matches: Vec<&ApiObject> = listed
            .iter()
            .filter(|o| o.str(json).is_some_and(|v| v.eq_ignore_ascii_case(wanted)))
            .collect();
        match matches.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(Diagnostics::from_error(
                format!("No {} with {attribute} {wanted:?}", decl.noun),
                format!(
                    "No {}{} has {attribute} {wanted:?}. {}",
                    decl.noun,
                    located.scope(),
                    decl.gone
                ),
            )),
            several => Err(Diagnostics::from_error(
                format!("Several {}s with {attribute} {wanted:?}", decl.noun),
                format!(
                    "{} {}s have {attribute} {wanted:?} ({}); look one up by `{}`.",
                    several.len(),
                    decl.noun,
                    several
                        .iter()
                        .map(|o| o.id())
                        .collect::<Vec<_>>()
                        .join(", "),
                    decl.routes.id_param
                ),
            )),
        }
    }
}

#[async_trait]
impl DataSource for DeclaredOne {
    fn type_name(&self) -> &'static str {
        self.type_name
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        match self.by {
            Some(by) => crate::data_sources::exactly_one_of(config, self.decl.routes.id_param, by),
            None => Diagnostics::new(),
        }
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let located = Located::from_value(self.decl.routes.collection, config)?;
        let key = self.decl.routes.id_param;
        let object = match (config.get_str(key), self.by) {
            (Some(id), _) => self.by_id(client, &located, id).await?,
            (None, Some(by)) => match config.get_str(by) {
                Some(wanted) => self.by_attribute(client, &located, by, wanted).await?,
                None => return Err(self.validate(config)),
            },
            (None, None) => {
                let mut diags = Diagnostics::new();
                diags.error_at(
                    AttributePath::attribute(key),
                    format!("Missing {key}"),
                    format!("Set {key} to the ID to look up."),
                );
                return Err(diags);
            }
        };
        let mut state = config.clone();
        for (name, value) in values_of(&self.decl, &object)? {
            state.set(name, value);
        }
        state.set(key, Value::string(object.id()));
        state.set(RESPONSE_JSON, Value::string(to_json(&object)));
        Ok(state)
    }
}

/// Every object of a collection as a list attribute, e.g. `data
/// "openai_invites"` with `invites`, or a settings type's listed items
/// (`data "openai_project_rate_limits"`): one machinery for both.
pub struct DeclaredList {
    type_name: &'static str,
    list_attr: &'static str,
    route: &'static [Part],
    list: ListSpec,
    /// Completes "Failed to ...".
    list_action: &'static str,
    /// What each item reports (the JSON-read ones), and names the
    /// object for an error.
    items: Vec<Field>,
    noun: &'static str,
    item_type: Type,
    schema: Schema,
}

/// What a list data source is made of, beyond its items' fields.
pub(super) struct Listing {
    pub type_name: &'static str,
    pub list_attr: &'static str,
    pub route: &'static [Part],
    pub list: ListSpec,
    pub list_action: &'static str,
    pub noun: &'static str,
    /// The required inputs (the route's parameters).
    pub inputs: Vec<Attribute>,
    /// The list attribute's description; the data source's.
    pub items_description: &'static str,
    pub description: &'static str,
}

impl DeclaredList {
    pub fn new(decl: Arc<Declaration>) -> Self {
        let (type_name, list_attr) = decl
            .data_sources
            .list
            .expect("declared with a list data source");
        let fields: Vec<String> = reported(&decl).map(|f| format!("`{}`", f.name())).collect();
        let specs = Listing {
            type_name,
            list_attr,
            route: decl.routes.collection,
            list: decl.routes.list,
            list_action: decl.routes.list_action,
            noun: decl.noun,
            inputs: param_attributes(&decl),
            items_description: intern(format!(
                "Every {}, in the API's order, each with {}: the attributes of the `{}` \
                 resource.",
                decl.noun,
                fields.join(", "),
                decl.type_name
            )),
            description: intern(format!(
                "Lists every {}{}. The `{}` resource manages them.",
                decl.noun,
                if decl.params().is_empty() {
                    " of the organization"
                } else {
                    " of a project"
                },
                decl.type_name
            )),
        };
        DeclaredList::of(specs, reported(&decl).cloned().collect())
    }

    /// The list data source of `specs` whose items report `items`.
    pub(super) fn of(specs: Listing, items: Vec<Field>) -> Self {
        let item_type = Type::Object(
            items
                .iter()
                .map(|f| (f.name().to_owned(), f.attribute.ty.clone()))
                .collect::<BTreeMap<_, _>>(),
        );
        let mut attributes = specs.inputs;
        attributes.push(Attribute::computed(
            "id",
            Type::String,
            "The listed collection's path, as an identifier for this data source.",
        ));
        attributes.push(Attribute::computed(
            specs.list_attr,
            Type::list_of(item_type.clone()),
            specs.items_description,
        ));
        attributes.push(response_json_attribute());
        DeclaredList {
            type_name: specs.type_name,
            list_attr: specs.list_attr,
            route: specs.route,
            list: specs.list,
            list_action: specs.list_action,
            items,
            noun: specs.noun,
            item_type,
            schema: Schema::new(specs.description, attributes),
        }
    }
}

#[async_trait]
impl DataSource for DeclaredList {
    fn type_name(&self) -> &'static str {
        self.type_name
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn read(&self, client: &AdminClient, config: &Value) -> Result<Value, Diagnostics> {
        let located = Located::from_value(self.route, config)?;
        let path = located.collection(&Method::GET)?;
        let listed = lists::objects(client, located.route(), &path, self.list, false)
            .await
            .map_err(|e| api_error(self.list_action, &e))?;
        let mut items = Vec::with_capacity(listed.len());
        for object in listed.iter() {
            let mut item = Value::Object(Default::default());
            let values = state::values_in(
                &self.items,
                |path| object.at(path),
                || format!("{} {}", self.noun, object.id()),
            )?;
            for (name, value) in values {
                item.set(name, value);
            }
            debug_assert!(crate::value::mismatches(&item, &self.item_type, true).is_empty());
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

fn to_json(object: &ApiObject) -> String {
    serde_json::to_string(object).unwrap_or_default()
}

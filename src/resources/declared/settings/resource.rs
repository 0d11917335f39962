//! The resource of a settings type: every operation written once, from
//! the [`Setting`].

use std::sync::Arc;

use async_trait::async_trait;
use reqwest::Method;
use serde_json::Value as Json;

use super::super::route::Located;
use super::{Destroy, ORGANIZATION_ID, Owner, RESTORED, SINGLETON_ID, Setting, Shape, body};
use crate::api::AdminClient;
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::resources::confirm::found;
use crate::resources::errors::api_error;
use crate::resources::{Applied, Failure, Refreshed, Resource, import_id, lists};
use crate::schema::Schema;
use crate::value::Value;

pub struct SettingResource {
    setting: Arc<Setting>,
    schema: Schema,
}

impl SettingResource {
    pub fn new(setting: Arc<Setting>) -> Self {
        let schema = setting.resource_schema();
        SettingResource { setting, schema }
    }

    fn located<'a>(&'a self, known: &Value) -> Result<Located<'a>, Diagnostics> {
        Located::from_value(self.setting.route, known)
    }

    /// "project data retention of project proj_1", "rate limit rl-x in ...".
    fn describe(&self, known: &Value, located: &Located<'_>) -> String {
        match self.setting.shape {
            Shape::Listed { id_param, .. } => format!(
                "{} {}{}",
                self.setting.noun,
                known.get_str(id_param).unwrap_or_default(),
                located.scope()
            ),
            Shape::Singleton => format!("{}{}", self.setting.noun, located.scope()),
        }
    }

    /// The setting as the API has it now; `None`: it does not exist (a
    /// deleted spend limit, a rate limit the project lacks).
    async fn current(
        &self,
        client: &AdminClient,
        known: &Value,
        fresh: bool,
    ) -> Result<Option<Json>, Diagnostics> {
        let located = self.located(known)?;
        let path = located.collection(&Method::GET)?;
        let action = format!("read the {}", self.describe(known, &located));
        match &self.setting.shape {
            Shape::Singleton => found(client.get_object(&path).await)
                .map(|o| o.map(|o| Json::Object(o.0)))
                .map_err(|e| api_error(&action, &e)),
            Shape::Listed { id_param, list, .. } => {
                let wanted = known.get_str(id_param).unwrap_or_default();
                let listed = lists::objects(client, located.route(), &path, *list, fresh)
                    .await
                    .map_err(|e| api_error(&action, &e))?;
                Ok(listed
                    .iter()
                    .find(|o| o.id() == wanted)
                    .map(|o| Json::Object(o.0.clone())))
            }
        }
    }

    /// The error for a listed item the owner does not have, naming the
    /// ones it has.
    async fn not_listed(&self, client: &AdminClient, known: &Value) -> Diagnostics {
        let Shape::Listed { id_param, list, .. } = &self.setting.shape else {
            return self.missing(known);
        };
        let located = match self.located(known) {
            Ok(located) => located,
            Err(diags) => return diags,
        };
        let ids = match located.collection(&Method::GET) {
            Ok(path) => lists::objects(client, located.route(), &path, *list, false)
                .await
                .map(|l| l.iter().map(|o| o.id().to_owned()).collect::<Vec<_>>())
                .unwrap_or_default(),
            Err(diags) => return diags,
        };
        let wanted = known.get_str(id_param).unwrap_or_default();
        let mut diags = Diagnostics::new();
        diags.error_at(
            AttributePath::attribute(id_param),
            format!("Unknown {id_param}"),
            format!(
                "There is no {} {wanted:?}{}. It has: {}.",
                self.setting.noun,
                located.scope(),
                if ids.is_empty() {
                    "none".to_owned()
                } else {
                    ids.join(", ")
                }
            ),
        );
        diags
    }

    fn missing(&self, known: &Value) -> Diagnostics {
        let scope = self.located(known).map(|l| l.scope()).unwrap_or_default();
        Diagnostics::from_error(
            format!("No {}", self.setting.noun),
            format!(
                "The API has no {}{scope}; the {} data source shows what it has.",
                self.setting.noun, self.setting.data_source
            ),
        )
    }

    /// The state for `answer`: the keys from `known` (plan, prior state or
    /// import ID), the fields from the answer, `restored` as given.
    fn state_of(
        &self,
        answer: &Json,
        known: &Value,
        restored: Value,
    ) -> Result<Value, Diagnostics> {
        let setting = &self.setting;
        let mut state = Value::Object(Default::default());
        for key in setting.import_parts() {
            state.set(key, known.get(key).clone());
        }
        let id = match (&setting.shape, setting.owner) {
            (Shape::Listed { id_param, .. }, _) => known.get(id_param).clone(),
            (Shape::Singleton, Owner::Project) => known.get("project_id").clone(),
            (Shape::Singleton, Owner::Organization) => {
                state.set(SINGLETON_ID, Value::string(ORGANIZATION_ID));
                Value::string(ORGANIZATION_ID)
            }
        };
        state.set("id", id);
        for (name, value) in body::values(setting, answer)? {
            state.set(name, value);
        }
        if setting.destroy == Destroy::Restore {
            state.set(RESTORED, restored);
        }
        state.set(
            crate::provider::timeouts::BLOCK_NAME,
            known.get(crate::provider::timeouts::BLOCK_NAME).clone(),
        );
        Ok(state)
    }

    /// POSTs the plan's body; the state of the answer.
    async fn post(
        &self,
        client: &AdminClient,
        planned: &Value,
        restored: Value,
    ) -> Result<Value, Diagnostics> {
        let located = self.located(planned)?;
        let path = match &self.setting.shape {
            Shape::Singleton => located.collection(&Method::POST)?,
            Shape::Listed { id_param, .. } => {
                let id = planned.get_str(id_param).unwrap_or_default();
                located.item(&Method::POST, id_param, id)?
            }
        };
        let sent = body::from_plan(&self.setting, planned);
        let answer = client
            .update_object(&path, &sent)
            .await
            .map_err(|e| api_error(&format!("set the {}", self.describe(planned, &located)), &e))?;
        let mut known = planned.clone();
        known.set(RESTORED, restored.clone());
        self.state_of(&Json::Object(answer.0), &known, restored)
    }
}

/// `restoring` as the attribute's JSON text.
fn restored_value(setting: &Setting, answer: &Json) -> Value {
    Value::string(body::restoring(setting, answer).to_string())
}

#[async_trait]
impl Resource for SettingResource {
    fn type_name(&self) -> &'static str {
        self.setting.type_name
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    /// A project's setting by its owner's IDs; the organization's, which
    /// has no key of its own, by its fixed `singleton_id` (`organization`,
    /// its import ID), so that its identity is never empty.
    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        match self.setting.owner {
            Owner::Organization => vec![vec![SINGLETON_ID]],
            Owner::Project => vec![self.setting.import_parts()],
        }
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        // A restoring setting remembers what it finds; a deleted one needs
        // nothing remembered (and may not exist yet).
        let restored = match (self.setting.destroy, &self.setting.shape) {
            (Destroy::Restore, _) => match self.current(client, planned, true).await? {
                Some(found) => restored_value(&self.setting, &found),
                None => return Err(self.not_listed(client, planned).await.into()),
            },
            (Destroy::Delete, Shape::Listed { .. }) => {
                if self.current(client, planned, true).await?.is_none() {
                    return Err(self.not_listed(client, planned).await.into());
                }
                Value::Null
            }
            (Destroy::Delete, Shape::Singleton) => Value::Null,
        };
        let state = self.post(client, planned, restored).await?;
        log::info!("{}: set", self.setting.type_name);
        Ok(state.into())
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        Ok(self.refresh(client, state).await?.into_state())
    }

    async fn refresh(&self, client: &AdminClient, state: &Value) -> Result<Refreshed, Diagnostics> {
        let Some(answer) = self.current(client, state, false).await? else {
            return Ok(Refreshed::Gone(None));
        };
        // A state moved from the official provider has nothing remembered:
        // this provider takes the setting over now, at its value now.
        let restored = match state.get(RESTORED) {
            Value::Null => restored_value(&self.setting, &answer),
            kept => kept.clone(),
        };
        Ok(Refreshed::Found(self.state_of(&answer, state, restored)?))
    }

    async fn update(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        let restored = prior.get(RESTORED).clone();
        Ok(self.post(client, planned, restored).await?.into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let located = self.located(state)?;
        let what = self.describe(state, &located);
        match self.setting.destroy {
            Destroy::Delete => {
                let path = located.collection(&Method::DELETE)?;
                match client.delete(&path).await {
                    Ok(()) => Ok(()),
                    Err(e) if e.is_not_found() => Ok(()),
                    Err(e) => Err(api_error(&format!("delete the {what}"), &e)),
                }
            }
            Destroy::Restore => {
                let restored = state.get_str(RESTORED).unwrap_or_default();
                let Ok(sent) = serde_json::from_str::<Json>(restored) else {
                    log::warn!("{what}: nothing remembered to restore; left as it is");
                    return Ok(());
                };
                let path = match &self.setting.shape {
                    Shape::Singleton => located.collection(&Method::POST)?,
                    Shape::Listed { id_param, .. } => {
                        let id = state.get_str(id_param).unwrap_or_default();
                        located.item(&Method::POST, id_param, id)?
                    }
                };
                client
                    .update_object(&path, &sent)
                    .await
                    .map(|_| ())
                    .map_err(|e| api_error(&format!("restore the {what}"), &e))
            }
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let setting = &self.setting;
        let mut known = Value::Object(Default::default());
        match setting.owner {
            Owner::Organization if id != ORGANIZATION_ID => {
                return Err(Diagnostics::from_error(
                    "Invalid import ID",
                    format!(
                        "Cannot import {} with ID {id:?}: the organization has one, imported \
                         with the ID \"{ORGANIZATION_ID}\".",
                        setting.type_name
                    ),
                ));
            }
            Owner::Organization => {}
            Owner::Project => {
                let names = setting.import_parts();
                let (_, parts) = import_id::parse(setting.type_name, id, &[&names])?;
                for (name, part) in names.iter().zip(&parts) {
                    known.set(name, Value::string(*part));
                }
            }
        }
        match self.current(client, &known, true).await? {
            Some(answer) => {
                let restored = match setting.destroy {
                    Destroy::Restore => restored_value(setting, &answer),
                    Destroy::Delete => Value::Null,
                };
                self.state_of(&answer, &known, restored)
            }
            None => Err(match setting.shape {
                Shape::Listed { .. } => self.not_listed(client, &known).await,
                Shape::Singleton => self.missing(&known),
            }),
        }
    }
}

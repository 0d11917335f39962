//! The resource of a declared type: every operation written once, from
//! the [`Declaration`].

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use reqwest::Method;

use super::route::Located;
use super::state::{body, resource_schema, state_of};
use super::{Create, Declaration, Found, Recover, Source, Update};
use crate::api::{AdminClient, ApiError, ApiObject};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::resources::confirm::{found, retrieve_after_pause};
use crate::resources::errors::api_error;
use crate::resources::unclear_create::{
    Created, Identity, UnclearCreate, Wording, create_or_recover,
};
use crate::resources::{Applied, Failure, Refreshed, Resource, import_id, lists, required_str};
use crate::schema::Schema;
use crate::value::Value;

pub struct DeclaredResource {
    decl: Arc<Declaration>,
    schema: Schema,
    /// For types whose names need not be unique (see `unclear_create`).
    named: UnclearCreate<Named>,
}

/// An object with the value of its naming attribute, for the recovery of
/// creates whose names need not be unique.
#[derive(Clone)]
struct Named {
    object: ApiObject,
    name: String,
}

impl Created for Named {
    fn id(&self) -> &str {
        self.object.id()
    }

    fn name(&self) -> &str {
        &self.name
    }
}

impl DeclaredResource {
    pub fn new(decl: Arc<Declaration>) -> Self {
        let schema = resource_schema(&decl);
        let named = UnclearCreate::new(Wording {
            noun: decl.noun,
            list_action: decl.routes.list_action,
            discard_others: "delete the others",
        });
        DeclaredResource {
            decl,
            schema,
            named,
        }
    }

    /// The object's ID in `state`: its `id_param` attribute, else `id`.
    fn id_of<'a>(&self, state: &'a Value) -> Result<&'a str, Diagnostics> {
        state
            .get_str(self.decl.routes.id_param)
            .map_or_else(|| required_str(state, "id"), Ok)
    }

    fn describe(&self, id: &str, located: &Located<'_>) -> String {
        format!("{} {id}{}", self.decl.noun, located.scope())
    }

    /// The JSON field an attribute is read from.
    fn json_field(&self, attribute: &'static str) -> &'static str {
        match self.decl.field(attribute).map(|f| f.source) {
            Some(Source::Json(json)) => json,
            _ => attribute,
        }
    }

    /// The objects of the collection, from the run's list cache.
    async fn listed(
        &self,
        client: &AdminClient,
        located: &Located<'_>,
        fresh: bool,
    ) -> Result<Arc<Vec<ApiObject>>, Diagnostics> {
        let path = located.collection(&Method::GET)?;
        lists::objects(client, located.route(), &path, self.decl.routes.list, fresh)
            .await
            .map_err(|e| api_error(self.decl.routes.list_action, &e))
    }

    /// The object: from the list, else one retrieve after the pause.
    async fn find(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<ApiObject>, Diagnostics> {
        let located = Located::from_value(self.decl.routes.collection, state)?;
        let id = self.id_of(state)?;
        let listed = self.listed(client, &located, false).await?;
        if let Some(object) = listed.iter().find(|o| o.id() == id) {
            return Ok(Some(object.clone()));
        }
        let path = located.item(&Method::GET, self.decl.routes.id_param, id)?;
        retrieve_after_pause(|| client.get_object(&path))
            .await
            .map_err(|e| api_error(&format!("read {}", self.describe(id, &located)), &e))
    }

    async fn post(
        &self,
        client: &AdminClient,
        planned: &Value,
        fixed: serde_json::Map<String, serde_json::Value>,
        recover: &Recover,
    ) -> Result<ApiObject, Diagnostics> {
        let decl = &self.decl;
        let located = Located::from_value(decl.routes.collection, planned)?;
        let path = located.collection(&Method::POST)?;
        let sent = body(decl, planned, true, fixed);
        let action = format!("create {}{}", decl.noun, located.scope());
        let create = || client.create_object(&path, &sent);
        // The refusal is kept so that the hook can explain it.
        let refusal: Mutex<Option<ApiError>> = Mutex::new(None);
        let refused = |e: &ApiError| {
            *refusal.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.clone());
            api_error(&action, e)
        };
        let result = match recover {
            Recover::Keyed { attribute, is_live } => {
                let key = required_str(planned, attribute)?;
                let json = self.json_field(attribute);
                let look = || async {
                    let listed = self.listed(client, &located, true).await?;
                    Ok(listed
                        .iter()
                        .find(|o| o.str(json) == Some(key) && is_live(o))
                        .cloned())
                };
                let what = format!("{} {key:?}", decl.noun);
                create_or_recover(&what, &Identity::Keyed, create, look, refused)
                    .await
                    .map(|made| made.into_inner())
            }
            Recover::Named { attribute } => {
                let name = &recovery_key(planned.get(attribute))
                    .ok_or_else(|| required_str(planned, attribute).unwrap_err())?;
                let json = self.json_field(attribute);
                let named = |object: ApiObject| Named {
                    name: match object.at(json) {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    },
                    object,
                };
                let create = || async { create().await.map(named) };
                let list_path = located.collection(&Method::GET)?;
                let list = || async {
                    let listed = client
                        .list_objects(&list_path, decl.routes.list, &[])
                        .await?;
                    Ok(listed.into_iter().map(named).collect())
                };
                self.named
                    .create(name, &action, create, list)
                    .await
                    .map(|n| n.object)
            }
        };
        match result {
            Ok(object) => Ok(object),
            Err(diags) => {
                let refusal = refusal.lock().unwrap_or_else(|p| p.into_inner()).take();
                match refusal {
                    Some(e) if !e.may_have_been_applied() => Err(decl
                        .hooks
                        .create_refused(client, planned, &e)
                        .await
                        .unwrap_or(diags)),
                    _ => Err(diags),
                }
            }
        }
    }

    /// The state of an object that exists but whose answer could not be
    /// read into a state: the plan with its ID, unknowns null, so that
    /// Terraform keeps (and taints) it rather than losing it.
    fn partial_state(&self, planned: &Value, id: &str) -> Value {
        let mut state = planned.clone();
        for field in &self.decl.fields {
            if state.get(field.name()).is_unknown() {
                state.set(field.name(), Value::Null);
            }
        }
        state.set("id", Value::string(id));
        state.set(self.decl.routes.id_param, Value::string(id));
        state
    }

    /// Runs the hooks' [`Hooks::apply_managed`]; when it fails, the object
    /// is kept with the managed attributes as they were before (null for a
    /// create), so that the next plan tries again.
    ///
    /// [`Hooks::apply_managed`]: super::Hooks::apply_managed
    async fn apply_managed(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
        state: Value,
    ) -> Result<Value, Failure> {
        let mut before = state.clone();
        for field in self
            .decl
            .fields
            .iter()
            .filter(|f| f.source == Source::Managed)
        {
            before.set(field.name(), prior.get(field.name()).clone());
        }
        self.decl
            .hooks
            .apply_managed(client, prior, planned, state)
            .await
            .map_err(|diags| Failure::made(before, diags))
    }

    fn import_only_error(&self, why: &str) -> Diagnostics {
        let decl = &self.decl;
        let mut diags = Diagnostics::new();
        diags.error_at(
            AttributePath::attribute("id"),
            format!("{} cannot be created", decl.type_name),
            format!(
                "{why} Terraform can only manage one that exists: import it, e.g.\n\n\
                 import {{\n  to = {}.<name>\n  id = \"{}\"\n}}\n\n\
                 then plan again.",
                decl.type_name,
                decl.import_format()
            ),
        );
        diags
    }
}

/// The planned value an unclear create is looked for by, as text: a
/// string as it is, a whole number as the API writes it (`2000`), none
/// (an optional name left out) as empty, matching objects without one.
fn recovery_key(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Null | Value::Unknown => Some(String::new()),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => Some(format!("{}", *n as i64)),
        _ => None,
    }
}

#[async_trait]
impl Resource for DeclaredResource {
    fn type_name(&self) -> &'static str {
        self.decl.type_name
    }

    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        vec![self.decl.import_parts()]
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        self.decl.hooks.validate(config)
    }

    fn plan_checks(&self, prior: &Value, planned: &Value) -> Diagnostics {
        match self.decl.create {
            Create::ImportOnly { why } if prior.is_null() && !planned.is_null() => {
                self.import_only_error(why)
            }
            _ => self.decl.hooks.plan_checks(prior, planned),
        }
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let (fixed, recover) = match &self.decl.create {
            Create::ImportOnly { why } => return Err(self.import_only_error(why).into()),
            Create::Post { fixed, recover } => (fixed(), recover),
        };
        let object = self.post(client, planned, fixed, recover).await?;
        log::info!("created {} {}", self.decl.noun, object.id());
        let warnings = self.decl.hooks.created(&object);
        let state = match state_of(&self.decl, &object, planned) {
            Ok(state) => state,
            Err(diags) => {
                return Err(Failure::made(
                    self.partial_state(planned, object.id()),
                    diags,
                ));
            }
        };
        let state = self
            .apply_managed(client, &Value::Null, planned, state)
            .await?;
        Ok(Applied::with_warnings(state, warnings))
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        Ok(self.refresh(client, state).await?.into_state())
    }

    async fn refresh(&self, client: &AdminClient, state: &Value) -> Result<Refreshed, Diagnostics> {
        let hooks = &self.decl.hooks;
        let Some(object) = self.find(client, state).await? else {
            return Ok(match hooks.gone(client, state).await? {
                Some((kept, warning)) => Refreshed::Noted(kept, warning),
                None => Refreshed::Gone(None),
            });
        };
        match hooks.found(client, &object).await {
            Found::Keep(warnings) => {
                let new_state = state_of(&self.decl, &object, state)?;
                let new_state = hooks.read_managed(client, &object, new_state).await?;
                Ok(if warnings.is_empty() {
                    Refreshed::Found(new_state)
                } else {
                    Refreshed::Noted(new_state, warnings)
                })
            }
            Found::Gone(warning) => Ok(Refreshed::Gone(Some(warning))),
        }
    }

    async fn update(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        if let Update::Replace = self.decl.update {
            // Every user attribute replaces, so only computed values can
            // differ here, and they stay as the prior state has them.
            let mut state = planned.clone();
            for field in &self.decl.fields {
                if state.get(field.name()).is_unknown() {
                    state.set(field.name(), prior.get(field.name()).clone());
                }
            }
            return Ok(state.into());
        }
        let located = Located::from_value(self.decl.routes.collection, prior)?;
        let id = self.id_of(prior)?;
        let path = located.item(&Method::POST, self.decl.routes.id_param, id)?;
        let sent = body(&self.decl, planned, false, Default::default());
        let object = client
            .update_object(&path, &sent)
            .await
            .map_err(|e| api_error(&format!("update {}", self.describe(id, &located)), &e))?;
        let mut known = planned.clone();
        for field in &self.decl.fields {
            if known.get(field.name()).is_unknown() {
                known.set(field.name(), prior.get(field.name()).clone());
            }
        }
        let state = state_of(&self.decl, &object, &known)?;
        Ok(self
            .apply_managed(client, prior, planned, state)
            .await?
            .into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        if let Some(why) = self.decl.hooks.delete_skipped(state) {
            log::warn!("{}: nothing deleted: {why}", self.decl.type_name);
            return Ok(());
        }
        let located = Located::from_value(self.decl.routes.collection, state)?;
        let id = self.id_of(state)?;
        let path = located.item(&Method::DELETE, self.decl.routes.id_param, id)?;
        self.decl.hooks.before_delete(client, state).await?;
        match client.delete(&path).await {
            Ok(()) => Ok(()),
            Err(e) if e.is_not_found() => {
                log::info!("{} was already deleted", self.describe(id, &located));
                Ok(())
            }
            Err(e) => Err(api_error(
                &format!("delete {}", self.describe(id, &located)),
                &e,
            )),
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let decl = &self.decl;
        let names = decl.import_parts();
        let (_, parts) = import_id::parse(decl.type_name, id, &[&names])?;
        let mut known = Value::Object(Default::default());
        for (name, part) in names.iter().zip(&parts) {
            known.set(name, Value::string(*part));
        }
        let located = Located::from_value(decl.routes.collection, &known)?;
        let object_id = parts[parts.len() - 1];
        let path = located.item(&Method::GET, decl.routes.id_param, object_id)?;
        // Import asks once, now: there is no write of ours to wait for.
        let object = found(
            client
                .get_object_with(&path, decl.routes.import_query)
                .await,
        )
        .map_err(|e| api_error(&format!("read {}", self.describe(object_id, &located)), &e))?;
        match object {
            Some(object) => {
                let state = state_of(decl, &object, &known)?;
                decl.hooks.read_managed(client, &object, state).await
            }
            None => Err(Diagnostics::from_error(
                format!("Cannot import non-existent {}", decl.noun),
                format!(
                    "There is no {}. {}",
                    self.describe(object_id, &located),
                    decl.gone
                ),
            )),
        }
    }
}

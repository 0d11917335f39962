//! `openai_group`: a group of the organization, with its name.
//!
//! Groups are read from one list per operation; a group missing from it is
//! confirmed with one retrieve. A SCIM-managed group belongs to the
//! identity provider: renaming or destroying it is refused at plan time
//! when the state says so, and the API's refusal is explained at apply
//! time otherwise.

use std::sync::Arc;

use async_trait::async_trait;

use super::confirm::{found, retrieve_after_pause};
use super::errors::api_error;
use super::unclear_create::{Created, UnclearCreate, Wording};
use super::{Applied, Failure, Resource, import_id, lists, required_str, scim, validators};
use crate::api::{AdminClient, ApiError, Group};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::provider::timeouts;
use crate::schema::{Attribute, Schema, Validator};
use crate::value::{Type, Value};

const TYPE_NAME: &str = "openai_group";

const DESCRIPTION: &str = "A group of users in the OpenAI organization. Give it members \
    with `openai_group_user` or `openai_group_members`, access to projects and roles with \
    `openai_group_role_assignment` or `openai_project_group_roles`.\n\n\
    A group whose `is_scim_managed` is true is provisioned by the organization's identity \
    provider through SCIM: it can be imported and referred to, but renaming or destroying \
    it is refused (at plan time when the state already says it is SCIM-managed, otherwise \
    when the API refuses at apply time). To stop managing such a group without deleting \
    it, remove it from the state (`terraform state rm`, or a `removed` block with \
    `destroy = false`). Import with `<group_id>`.";

const NAME_MAX_CHARS: usize = 255;

pub struct GroupResource {
    schema: Schema,
    /// Group names need not be unique: after an unclear create answer, only
    /// a new group named as planned that no other create claimed is ours.
    creates: UnclearCreate<Group>,
}

impl Default for GroupResource {
    fn default() -> Self {
        Self::new()
    }
}

impl GroupResource {
    pub fn new() -> Self {
        GroupResource {
            schema: Schema::new(
                DESCRIPTION,
                vec![
                    Attribute::computed(
                        "id",
                        Type::String,
                        "The group's ID in the API (32 hex characters, no prefix); use it as `group_id` of \
                         memberships, role assignments and project access.",
                    )
                    .use_state_for_unknown(),
                    Attribute::required(
                        "name",
                        Type::String,
                        "Display name of the group, 1 to 255 characters, without leading or \
                         trailing spaces. Updated in place (refused for a SCIM-managed \
                         group: rename it in the identity provider).",
                    )
                    .validate_with(name_validator()),
                    Attribute::computed(
                        "created_at",
                        Type::Number,
                        "When the group was created (Unix seconds).",
                    )
                    .use_state_for_unknown(),
                    Attribute::computed(
                        "is_scim_managed",
                        Type::Bool,
                        "Whether the identity provider manages the group through SCIM. \
                         Always false for groups created here; true for groups the \
                         identity provider provisions (they can only be imported), which \
                         cannot be renamed or destroyed here.",
                    )
                    .use_state_for_unknown(),
                    Attribute::computed(
                        "group_id",
                        Type::String,
                        "The group's ID, the same as `id`, under the official provider's name.",
                    )
                    .use_state_for_unknown(),
                    Attribute::computed(
                        "group_type",
                        Type::String,
                        "The type of the group as the API reports it: `group` for a group \
                         of the organization, `tenant_group` for one of the tenant. Null \
                         when the API has not said (its rename answers leave it out).",
                    )
                    .use_state_for_unknown(),
                ],
            )
            .with_block(timeouts::block())
            .with_official_spelling("id", "group_id", false),
            creates: UnclearCreate::new(Wording {
                noun: "group",
                list_action: "list the organization's groups",
                discard_others: "delete the others",
            }),
        }
    }
}

/// 1 to 255 characters, not only whitespace, and none around the name (the
/// API would trim it, and the next plan would show the difference).
fn name_validator() -> Validator {
    let text = validators::text(NAME_MAX_CHARS);
    Arc::new(move |value: &Value| {
        text(value)?;
        let name = value.as_str().unwrap_or_default();
        if name.trim() != name {
            return Err(format!(
                "{name:?} starts or ends with whitespace; remove it (the API trims names)"
            ));
        }
        Ok(())
    })
}

/// The state of `group`. `created_at` and `group_type` come from `previous`
/// when the answer lacks them (rename answers are not required to carry
/// every field and leave `group_type` out). `group_type` is the API's field
/// as is, as the official provider stores it (its resource_group.go reads
/// `group_type` from each answer and keeps the prior value when absent);
/// `group_id` is added with every state (see `crate::spellings`).
fn state_of(group: &Group, previous: &Value) -> Value {
    let created_at = match (group.created_at, previous.get("created_at")) {
        (0, Value::Number(n)) => Value::Number(*n),
        (at, _) => Value::Number(at as f64),
    };
    let group_type = match (&group.group_type, previous.get("group_type")) {
        (Some(kind), _) => Value::string(kind),
        (None, Value::String(kind)) => Value::string(kind),
        (None, _) => Value::Null,
    };
    let mut state = Value::Object(Default::default());
    state.set("id", Value::string(&group.id));
    state.set("name", Value::string(&group.name));
    state.set("created_at", created_at);
    state.set("is_scim_managed", Value::Bool(group.scim_managed));
    state.set("group_type", group_type);
    state
}

/// The plan-time refusal of a rename or destroy of a group the prior state
/// says is SCIM-managed; `planned` is null for a destroy.
fn scim_plan_checks(prior: &Value, planned: &Value) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if prior.get("is_scim_managed").as_bool() != Some(true) {
        return diags;
    }
    let id = prior.get_str("id").unwrap_or("(unknown)");
    let name = prior.get_str("name").unwrap_or_default();
    if planned.is_null() {
        diags.error(
            scim::SUMMARY,
            format!(
                "{}\n\nTerraform cannot destroy group {name:?}. To stop managing it here \
                 without deleting it, remove it from the state instead: `terraform state rm \
                 <address>`, or a `removed` block with `lifecycle {{ destroy = false }}`.",
                scim::explain(id, "delete it")
            ),
        );
        return diags;
    }
    match planned.get("name") {
        Value::String(new) if new != name => diags.error_at(
            AttributePath::attribute("name"),
            scim::SUMMARY,
            format!(
                "{}\n\nRename group {name:?} to {new:?} in the identity provider, or set name \
                 back to {name:?}.",
                scim::explain(id, "rename it")
            ),
        ),
        _ => {}
    }
    diags
}

impl Created for Group {
    fn id(&self) -> &str {
        &self.id
    }

    fn name(&self) -> &str {
        &self.name
    }
}

impl GroupResource {
    /// The group, from the run's list or, when the list does not have it,
    /// from one retrieve after the consistency pause.
    async fn find(
        &self,
        client: &AdminClient,
        group_id: &str,
    ) -> Result<Option<Group>, Diagnostics> {
        let groups = lists::groups(client, false)
            .await
            .map_err(|e| api_error("list the organization's groups", &e))?;
        if let Some(group) = groups.iter().find(|g| g.id == group_id) {
            return Ok(Some(group.clone()));
        }
        retrieve_after_pause(|| client.get_group(group_id))
            .await
            .map_err(|e| api_error(&format!("read group {group_id}"), &e))
    }

    /// The diagnostic of a refused write of group `group_id`; `change`
    /// completes "refuses to ..." for a SCIM-managed group.
    fn write_error(
        group_id: &str,
        action: &str,
        (change, path): (&str, Option<AttributePath>),
        error: &ApiError,
    ) -> Diagnostics {
        if scim::is_refusal(error) {
            return scim::refusal(path, group_id, change, error);
        }
        api_error(action, error)
    }
}

#[async_trait]
impl Resource for GroupResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        vec![vec!["group_id"]]
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn plan_checks(&self, prior: &Value, planned: &Value) -> Diagnostics {
        scim_plan_checks(prior, planned)
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let name = required_str(planned, "name")?;
        let create = || client.create_group(name);
        let group = self
            .creates
            .create(name, &format!("create group {name:?}"), create, || {
                client.list_groups()
            })
            .await?;
        log::info!("created group {} ({name:?})", group.id);
        Ok(state_of(&group, planned).into())
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let group_id = required_str(state, "id")?;
        let group = self.find(client, group_id).await?;
        Ok(group.map(|group| state_of(&group, state)))
    }

    async fn update(
        &self,
        client: &AdminClient,
        prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        let group_id = required_str(prior, "id")?;
        let name = required_str(planned, "name")?;
        // A rename sends the whole desired state, so repeating it is safe.
        let result = client.update_group(group_id, name).await;
        let group = result.map_err(|e| {
            let change = ("rename it", Some(AttributePath::attribute("name")));
            Self::write_error(group_id, &format!("rename group {group_id}"), change, &e)
        })?;
        Ok(state_of(&group, prior).into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let group_id = required_str(state, "id")?;
        let result = client.delete_group(group_id).await;
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.is_not_found() => {
                log::info!("group {group_id} was already deleted");
                Ok(())
            }
            Err(e) => Err(Self::write_error(
                group_id,
                &format!("delete group {group_id}"),
                ("delete it", None),
                &e,
            )),
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let (_, parts) = import_id::parse(TYPE_NAME, id, &[&["group_id"]])?;
        let group_id = parts[0];
        // Import asks once, now: there is no write of ours to wait for.
        let group = found(client.get_group(group_id).await)
            .map_err(|e| api_error(&format!("read group {group_id}"), &e))?;
        match group {
            Some(group) => Ok(state_of(&group, &Value::Null)),
            None => Err(Diagnostics::from_error(
                "Cannot import non-existent group",
                format!(
                    "The organization has no group with ID {group_id}. The openai_groups data \
                     source lists the groups and their IDs."
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn group(created_at: i64, scim_managed: bool) -> Group {
        serde_json::from_value(serde_json::json!({
            "object": "group", "id": "group_1", "name": "Sales",
            "created_at": created_at, "is_scim_managed": scim_managed,
            "group_type": "tenant_group"
        }))
        .unwrap()
    }

    fn object(pairs: &[(&str, Value)]) -> Value {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    fn prior(scim_managed: bool) -> Value {
        state_of(&group(5, scim_managed), &Value::Null)
    }

    #[test]
    fn state_keeps_created_at_when_the_answer_lacks_it() {
        let state = state_of(&group(0, false), &prior(false));
        assert_eq!(state.get("created_at"), &Value::Number(5.0));
        assert_eq!(state.get_str("name"), Some("Sales"));
        assert_eq!(state.get("is_scim_managed"), &Value::Bool(false));
    }

    #[test]
    fn state_keeps_group_type_when_the_answer_lacks_it() {
        let mut renamed = group(0, false);
        renamed.group_type = None;
        let state = state_of(&renamed, &prior(false));
        assert_eq!(state.get_str("group_type"), Some("tenant_group"));
        // A create's plan holds it unknown: null, never unknown, in a state.
        let planned = object(&[("group_type", Value::Unknown)]);
        assert!(state_of(&renamed, &planned).get("group_type").is_null());
    }

    #[test]
    fn names_are_bounded_and_untrimmed() {
        let validate = name_validator();
        assert!(validate(&Value::string("Data Science")).is_ok());
        assert!(validate(&Value::string("x".repeat(255))).is_ok());
        assert!(validate(&Value::string("x".repeat(256))).is_err());
        assert!(validate(&Value::string("")).is_err());
        let err = validate(&Value::string(" Sales")).unwrap_err();
        assert!(err.contains("whitespace"), "{err}");
    }

    #[test]
    fn scim_groups_cannot_be_renamed_or_destroyed_at_plan_time() {
        let renamed = object(&[("name", Value::string("Revenue"))]);
        let diags = scim_plan_checks(&prior(true), &renamed);
        assert_eq!(diags.0[0].summary, scim::SUMMARY);
        assert_eq!(diags.0[0].attribute, Some(AttributePath::attribute("name")));
        assert!(diags.0[0].detail.contains("identity provider"));

        let destroy = scim_plan_checks(&prior(true), &Value::Null);
        assert!(destroy.0[0].detail.contains("terraform state rm"));

        let same = object(&[("name", Value::string("Sales"))]);
        assert!(scim_plan_checks(&prior(true), &same).is_empty());
        let unknown = object(&[("name", Value::Unknown)]);
        assert!(scim_plan_checks(&prior(true), &unknown).is_empty());
        assert!(scim_plan_checks(&prior(false), &Value::Null).is_empty());
        assert!(scim_plan_checks(&Value::Null, &renamed).is_empty());
    }
}

//! `openai_group_user`: one user's membership of one group.
//!
//! Every membership of a group is read from one list of the group's
//! members per operation; a membership missing from it is confirmed with
//! one retrieve. A membership that already exists is not adopted: the error
//! gives the import command.

use async_trait::async_trait;

use super::errors::{api_error, is_already_exists};
use super::membership::{Members, Paths, write_error};
use super::{Resource, import_id, required_str, validators};
use crate::api::{AdminClient, GroupUser};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::provider::timeouts;
use crate::schema::{Attribute, Schema};
use crate::value::{Type, Value};

const TYPE_NAME: &str = "openai_group_user";

const DESCRIPTION: &str = "Makes one user a member of one group. Other members of the \
    group are left alone (to manage the complete member list, use `openai_group_members`; \
    **do not combine both resources for the same group**: each apply would undo the \
    other's changes).\n\n\
    The user must already belong to the organization. Adding a user to a SCIM-managed group \
    fails: its members come from the identity provider. A membership that already exists \
    is not adopted silently: the error gives the `terraform import` command. Every change \
    replaces the membership; destroying it removes the user from the group. Import with \
    `<group_id>/<user_id>`.";

/// How many times an add is attempted when the API's answer leaves it
/// unclear whether the user was added (5xx, timeout).
const CREATE_ATTEMPTS: usize = 3;

pub struct GroupUserResource {
    schema: Schema,
    members: Members,
}

impl Default for GroupUserResource {
    fn default() -> Self {
        Self::new()
    }
}

impl GroupUserResource {
    pub fn new() -> Self {
        GroupUserResource {
            schema: Schema::new(
                DESCRIPTION,
                vec![
                    Attribute::computed("id", Type::String, "`<group_id>/<user_id>`.")
                        .use_state_for_unknown(),
                    Attribute::required(
                        "group_id",
                        Type::String,
                        "ID of the group (`group_...`, e.g. `openai_group.x.id`). Changing \
                         it replaces the membership.",
                    )
                    .requires_replace()
                    .validate_with(validators::identifier()),
                    Attribute::required(
                        "user_id",
                        Type::String,
                        "ID of the user (`user_...`), e.g. `data.openai_user.x.id` to name \
                         the user by email. Changing it replaces the membership.",
                    )
                    .requires_replace()
                    .validate_with(validators::identifier()),
                    Attribute::computed("email", Type::String, "Email address of the user."),
                    Attribute::computed("name", Type::String, "Name of the user."),
                ],
            )
            .with_block(timeouts::block()),
            members: Members::default(),
        }
    }
}

/// Which membership a state or plan describes.
struct Key {
    group_id: String,
    user_id: String,
}

impl Key {
    fn of(value: &Value) -> Result<Self, Diagnostics> {
        Ok(Key {
            group_id: required_str(value, "group_id")?.to_owned(),
            user_id: required_str(value, "user_id")?.to_owned(),
        })
    }

    fn parse(id: &str) -> Result<Self, Diagnostics> {
        let (_, parts) = import_id::parse(TYPE_NAME, id, &[&["group_id", "user_id"]])?;
        Ok(Key {
            group_id: parts[0].to_owned(),
            user_id: parts[1].to_owned(),
        })
    }

    fn id(&self) -> String {
        format!("{}/{}", self.group_id, self.user_id)
    }

    fn describe(&self) -> String {
        format!("user {} in group {}", self.user_id, self.group_id)
    }

    fn state(&self, name: &str, email: Option<&str>) -> Value {
        let mut state = Value::Object(Default::default());
        state.set("id", Value::string(self.id()));
        state.set("group_id", Value::string(&self.group_id));
        state.set("user_id", Value::string(&self.user_id));
        state.set("email", Value::opt_string(email));
        state.set(
            "name",
            Value::opt_string(Some(name).filter(|n| !n.is_empty())),
        );
        state
    }

    fn state_of_member(&self, member: &GroupUser) -> Value {
        self.state(&member.name, member.email.as_deref())
    }
}

/// Where this resource configures the group and the user.
fn paths() -> Paths {
    Paths {
        group: AttributePath::attribute("group_id"),
        user: AttributePath::attribute("user_id"),
    }
}

impl GroupUserResource {
    /// The state of a membership just made: the user's name and email come
    /// from the organization's user (not yet from the group's list, which
    /// may lag behind the write).
    async fn state_after_add(&self, client: &AdminClient, key: &Key) -> Result<Value, Diagnostics> {
        let user = client
            .get_user(&key.user_id)
            .await
            .map_err(|e| api_error(&format!("read user {}", key.user_id), &e))?;
        Ok(key.state(&user.name, user.email.as_deref()))
    }
}

#[async_trait]
impl Resource for GroupUserResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Value, Diagnostics> {
        let key = Key::of(planned)?;
        let mut unclear = None;
        for _ in 0..CREATE_ATTEMPTS {
            let result = client.add_group_user(&key.group_id, &key.user_id).await;
            self.members.invalidate(&key.group_id);
            match result {
                Ok(_) => {
                    log::info!("added {}", key.describe());
                    return self.state_after_add(client, &key).await;
                }
                // The add may have happened: look before adding again, so
                // the retry does not fail on our own membership.
                Err(e) if e.may_have_been_applied() => {
                    log::warn!("adding {} may have failed ({e}); checking", key.describe());
                    if let Some(member) = self
                        .members
                        .retrieve(client, &key.group_id, &key.user_id)
                        .await?
                    {
                        return Ok(key.state_of_member(&member));
                    }
                    unclear = Some(e);
                }
                // "Already a member" right after an unclear attempt is that
                // attempt, made visible late by eventual consistency.
                Err(e) if is_already_exists(&e) && unclear.is_some() => {
                    return self.state_after_add(client, &key).await;
                }
                Err(e) if is_already_exists(&e) => {
                    return Err(Diagnostics::from_error(
                        "User already in group",
                        format!(
                            "{e}\n\nUser {} is already a member of group {} (added outside \
                             this configuration). Terraform does not adopt existing \
                             memberships silently; to manage it here, import it:\n  \
                             terraform import <resource address> {}",
                            key.user_id,
                            key.group_id,
                            key.id()
                        ),
                    ));
                }
                Err(e) => {
                    return Err(write_error(&paths(), &key.group_id, &key.user_id, true, &e));
                }
            }
        }
        let e = unclear.expect("the loop ran at least once");
        Err(write_error(&paths(), &key.group_id, &key.user_id, true, &e))
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let key = Key::of(state)?;
        let member = self
            .members
            .find(client, &key.group_id, &key.user_id)
            .await?;
        Ok(member.map(|m| key.state_of_member(&m)))
    }

    async fn update(
        &self,
        _client: &AdminClient,
        _prior: &Value,
        _planned: &Value,
    ) -> Result<Value, Diagnostics> {
        // Every configurable attribute requires replacement, so Terraform
        // never plans an in-place update.
        Err(Diagnostics::from_error(
            "Unexpected update",
            format!("{TYPE_NAME} cannot be updated in place; this is a provider bug."),
        ))
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let key = Key::of(state)?;
        let result = client.remove_group_user(&key.group_id, &key.user_id).await;
        self.members.invalidate(&key.group_id);
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.is_not_found() => {
                log::info!("{} was already removed", key.describe());
                Ok(())
            }
            Err(e) => Err(write_error(
                &paths(),
                &key.group_id,
                &key.user_id,
                false,
                &e,
            )),
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let key = Key::parse(id)?;
        // Import asks once, now: there is no write of ours to wait for.
        match self
            .members
            .retrieve(client, &key.group_id, &key.user_id)
            .await?
        {
            Some(member) => Ok(key.state_of_member(&member)),
            None => Err(Diagnostics::from_error(
                "Cannot import non-existent group membership",
                format!(
                    "User {} is not a member of group {} (or the group does not exist).",
                    key.user_id, key.group_id
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_import_ids() {
        let key = Key::parse("group_a/user_b").unwrap();
        assert_eq!(key.id(), "group_a/user_b");
        assert_eq!(key.describe(), "user user_b in group group_a");
        for bad in ["group_a", "group_a/user_b/x", "/user_b", "group_a/ user_b"] {
            let diags = Key::parse(bad).err().unwrap();
            assert!(
                diags.0[0].detail.contains("\"<group_id>/<user_id>\""),
                "{diags:?}"
            );
        }
    }

    #[test]
    fn state_has_label_attributes_and_null_for_missing_ones() {
        let key = Key::parse("group_a/user_b").unwrap();
        let state = key.state("Bob", Some("bob@example.com"));
        assert_eq!(state.get_str("id"), Some("group_a/user_b"));
        assert_eq!(state.get_str("email"), Some("bob@example.com"));
        assert_eq!(state.get_str("name"), Some("Bob"));
        let anonymous = key.state("", None);
        assert!(anonymous.get("name").is_null());
        assert!(anonymous.get("email").is_null());
    }
}

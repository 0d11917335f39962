//! `openai_group_user`: one user's membership of one group.
//!
//! Every membership of a group is read from one list of the group's
//! members per operation; a membership missing from it is confirmed with
//! one retrieve. A membership that already exists is not adopted: the error
//! gives the import command.

use async_trait::async_trait;

use super::errors::is_already_exists;
use super::import_id::{PairKey, PairKind};
use super::membership::{Members, Paths, write_error};
use super::unclear_create::{Identity, create_or_recover};
use super::{Applied, Failure, Resource, validators};
use crate::api::{AdminClient, ApiError, GroupUser};
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
                        "ID of the group (32 hex characters, e.g. `openai_group.x.id`). Changing \
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
            members: Members,
        }
    }
}

/// A membership: `<group_id>/<user_id>`.
static KEY: PairKind = PairKind {
    type_name: TYPE_NAME,
    first: "group_id",
    second: "user_id",
    describe: |group, user| format!("user {user} in group {group}"),
};

/// The state of a membership, with the user's name and email.
fn state(key: &PairKey, name: &str, email: Option<&str>) -> Value {
    let mut state = key.base_state();
    state.set("email", Value::opt_string(email));
    state.set(
        "name",
        Value::opt_string(Some(name).filter(|n| !n.is_empty())),
    );
    state
}

fn state_of_member(key: &PairKey, member: &GroupUser) -> Value {
    state(key, &member.name, member.email.as_deref())
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
    /// from the organization's user (not from the group's list, which may
    /// lag behind the write). The membership exists whatever this read
    /// answers, so a failure falls back to the member's own record, then to
    /// a state without name and email (the next refresh fills them in).
    async fn state_after_add(&self, client: &AdminClient, key: &PairKey) -> Value {
        let user_error = match client.get_user(key.second()).await {
            Ok(user) => return state(key, &user.name, user.email.as_deref()),
            Err(e) => e,
        };
        log::warn!(
            "added {}, but reading the user failed ({user_error}); reading the membership",
            key.describe()
        );
        match self
            .members
            .retrieve(client, key.first(), key.second())
            .await
        {
            Ok(Some(member)) => state_of_member(key, &member),
            Ok(None) | Err(_) => {
                log::warn!(
                    "{}: name and email unknown until the next refresh",
                    key.describe()
                );
                state(key, "", None)
            }
        }
    }

    /// Whether the membership exists before this create, from the group's
    /// list (one per group and operation). A group too new to be listed has
    /// no members yet.
    async fn existed_before(
        &self,
        client: &AdminClient,
        key: &PairKey,
    ) -> Result<bool, Diagnostics> {
        let listed = self.members.list(client, key.first()).await?;
        Ok(listed.is_some_and(|members| members.iter().any(|m| m.id == key.second())))
    }
}

/// The refusal to adopt a membership made outside this configuration.
fn already_member(key: &PairKey, error: Option<&ApiError>) -> Diagnostics {
    let answer = error.map(|e| format!("{e}\n\n")).unwrap_or_default();
    Diagnostics::from_error(
        "User already in group",
        format!(
            "{answer}User {} is already a member of group {} (added outside this \
             configuration). Terraform does not adopt existing memberships silently; to \
             manage it here, import it:\n  terraform import <resource address> {}",
            key.second(),
            key.first(),
            key.id()
        ),
    )
}

#[async_trait]
impl Resource for GroupUserResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        vec![vec![KEY.first, KEY.second]]
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let key = KEY.of(planned)?;
        // Known before the first attempt, so that the recovery of an unclear
        // answer can only ever adopt the membership this create made.
        if self.existed_before(client, &key).await? {
            return Err(already_member(&key, None).into());
        }
        // The member as a look found it; `None` from the add's own answer.
        // The client's write hook forgets the group's cached member list.
        let create = || async {
            let result = client.add_group_user(key.first(), key.second()).await;
            result.map(|_| None)
        };
        let look = || async {
            let member = self.members.retrieve(client, key.first(), key.second());
            Ok(member.await?.map(Some))
        };
        let refused = |e: &ApiError| {
            if is_already_exists(e) {
                already_member(&key, Some(e))
            } else {
                write_error(&paths(), key.first(), key.second(), true, e)
            }
        };
        let what = key.describe();
        let made = create_or_recover(&what, &Identity::Keyed, create, look, refused);
        let state = match made.await?.into_inner() {
            Some(member) => state_of_member(&key, &member),
            None => self.state_after_add(client, &key).await,
        };
        log::info!("added {}", key.describe());
        Ok(state.into())
    }

    async fn read(
        &self,
        client: &AdminClient,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let key = KEY.of(state)?;
        let member = self.members.find(client, key.first(), key.second()).await?;
        Ok(member.map(|m| state_of_member(&key, &m)))
    }

    async fn update(
        &self,
        _client: &AdminClient,
        _prior: &Value,
        _planned: &Value,
    ) -> Result<Applied, Failure> {
        // Every configurable attribute requires replacement, so Terraform
        // never plans an in-place update.
        Err(Diagnostics::from_error(
            "Unexpected update",
            format!("{TYPE_NAME} cannot be updated in place; this is a provider bug."),
        )
        .into())
    }

    async fn delete(&self, client: &AdminClient, state: &Value) -> Result<(), Diagnostics> {
        let key = KEY.of(state)?;
        let result = client.remove_group_user(key.first(), key.second()).await;
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.is_not_found() => {
                log::info!("{} was already removed", key.describe());
                Ok(())
            }
            Err(e) => Err(write_error(&paths(), key.first(), key.second(), false, &e)),
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let key = KEY.parse(id)?;
        // Import asks once, now: there is no write of ours to wait for.
        match self
            .members
            .retrieve(client, key.first(), key.second())
            .await?
        {
            Some(member) => Ok(state_of_member(&key, &member)),
            None => Err(Diagnostics::from_error(
                "Cannot import non-existent group membership",
                format!(
                    "User {} is not a member of group {} (or the group does not exist).",
                    key.second(),
                    key.first()
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake::{FakeConfig, FaultConfig};
    use crate::resources::test_fake::TestFake;

    /// A fake where carol has just joined the finance group.
    async fn fake_with_new_member() -> (TestFake, PairKey) {
        let fake = TestFake::start(FakeConfig::default()).await;
        assert!(
            fake.handle()
                .add_group_member("group_finance", "user_carol")
        );
        (fake, KEY.parse("group_finance/user_carol").unwrap())
    }

    fn fail_next(fake: &TestFake, statuses: &[u16]) {
        fake.handle().set_faults(FaultConfig {
            fail_next: statuses.to_vec(),
            ..FaultConfig::default()
        });
    }

    #[tokio::test]
    async fn a_failed_user_read_after_the_add_falls_back_to_the_membership() {
        let (fake, key) = fake_with_new_member().await;
        fail_next(&fake, &[404]);
        let state = GroupUserResource::new()
            .state_after_add(&fake.client, &key)
            .await;
        assert_eq!(state.get_str("id"), Some("group_finance/user_carol"));
        assert_eq!(state.get_str("email"), Some("carol@example.com"));
        assert_eq!(state.get_str("name"), Some("Carol"));
    }

    #[tokio::test]
    async fn the_membership_is_kept_even_when_nothing_can_be_read() {
        let (fake, key) = fake_with_new_member().await;
        fail_next(&fake, &[404, 404]);
        let state = GroupUserResource::new()
            .state_after_add(&fake.client, &key)
            .await;
        assert_eq!(state.get_str("id"), Some("group_finance/user_carol"));
        assert_eq!(state.get_str("user_id"), Some("user_carol"));
        assert!(state.get("email").is_null());
        assert!(state.get("name").is_null());
        let requests = fake.handle().request_counts();
        assert_eq!(requests.get("GET /organization/users/{user_id}"), Some(&1));
        assert_eq!(
            requests.get("GET /organization/groups/{group_id}/users/{user_id}"),
            Some(&1)
        );
    }

    #[test]
    fn ids_and_import_ids() {
        let key = KEY.parse("group_a/user_b").unwrap();
        assert_eq!(key.id(), "group_a/user_b");
        assert_eq!(key.describe(), "user user_b in group group_a");
        for bad in ["group_a", "group_a/user_b/x", "/user_b", "group_a/ user_b"] {
            let diags = KEY.parse(bad).err().unwrap();
            assert!(
                diags.0[0].detail.contains("\"<group_id>/<user_id>\""),
                "{diags:?}"
            );
        }
    }

    #[test]
    fn state_has_label_attributes_and_null_for_missing_ones() {
        let key = KEY.parse("group_a/user_b").unwrap();
        let named = state(&key, "Bob", Some("bob@example.com"));
        assert_eq!(named.get_str("id"), Some("group_a/user_b"));
        assert_eq!(named.get_str("email"), Some("bob@example.com"));
        assert_eq!(named.get_str("name"), Some("Bob"));
        let anonymous = state(&key, "", None);
        assert!(anonymous.get("name").is_null());
        assert!(anonymous.get("email").is_null());
    }
}

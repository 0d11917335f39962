//! `openai_group_members`: the complete member list of one group, managed
//! authoritatively (like `openai_project_group_roles` for roles).
//!
//! Reads take the group's members from one list per operation; members the
//! state knows but the list lacks are confirmed with one retrieve each.
//! Writes add before they remove, so a failure part-way never leaves the
//! group with fewer members than both the old and the new configuration.

use std::collections::BTreeSet;
use std::sync::Arc;

use async_trait::async_trait;

use super::confirm::{self, found, retrieve_after_pause};
use super::errors::{api_error, is_already_exists};
use super::membership::{Members, Paths, write_error};
use super::unclear_create::{Identity, create_or_recover};
use super::{Applied, Failure, Resource, fan_out, import_id, required_str, scim, validators};
use crate::api::{AdminClient, ApiError, Group};
use crate::diagnostics::{AttributePath, Diagnostics};
use crate::provider::timeouts;
use crate::schema::{Attribute, Schema, Validator};
use crate::value::{Type, Value};

const TYPE_NAME: &str = "openai_group_members";

const DESCRIPTION: &str = "The complete member list of one group, managed \
    authoritatively. After an apply the group has exactly the users in `user_ids`, no more \
    and no fewer.\n\n\
    This differs from `openai_group_user`, which adds one user and leaves the other members \
    alone. Here, a user added to the group outside Terraform (in the dashboard, by another \
    tool) shows up in the next plan and is removed by the apply, and a member removed \
    outside Terraform is added back.\n\n\
    **Do not combine `openai_group_members` with `openai_group_user` for the same group** \
    (nor use two `openai_group_members` for one group): each apply would undo the other's \
    changes.\n\n\
    **Warning:** creating this resource for a group that already has members removes the \
    members not listed in `user_ids` (the apply warns about each one). A SCIM-managed \
    group cannot be managed here: its members come from the identity provider. If an apply \
    fails part-way (members are added first, then removed), the refresh of the next plan \
    reads the real members: run it with refresh enabled to see and finish the remaining \
    changes. Destroying the resource removes every user in `user_ids` from the group. \
    Import with `<group_id>`.";

const USER_IDS_DESCRIPTION: &str = "IDs of every member of the group (`user_...`, e.g. \
    `data.openai_user.x.id`). Each user must belong to the organization. May be empty: the \
    group then has no members. Changes are applied in place.";

pub struct GroupMembers {
    schema: Schema,
    members: Members,
}

impl Default for GroupMembers {
    fn default() -> Self {
        Self::new()
    }
}

impl GroupMembers {
    pub fn new() -> Self {
        GroupMembers {
            schema: Schema::new(
                DESCRIPTION,
                vec![
                    Attribute::computed("id", Type::String, "The group's ID, `<group_id>`.")
                        .use_state_for_unknown(),
                    Attribute::required(
                        "group_id",
                        Type::String,
                        "ID of the group whose members this resource owns (32 hex characters, e.g. \
                         `openai_group.x.id`). Changing it replaces the resource.",
                    )
                    .requires_replace()
                    .validate_with(validators::identifier()),
                    Attribute::required(
                        "user_ids",
                        Type::set_of(Type::String),
                        USER_IDS_DESCRIPTION,
                    )
                    .validate_with(user_ids_validator()),
                ],
            )
            .with_block(timeouts::block()),
            members: Members,
        }
    }
}

/// Every element a valid identifier.
fn user_ids_validator() -> Validator {
    let identifier = validators::identifier();
    Arc::new(move |value: &Value| {
        let Value::Set(items) = value else {
            return Ok(());
        };
        items.iter().try_for_each(|item| {
            identifier(item).map_err(|e| match item {
                Value::String(s) => format!("user ID {s:?}: {e}"),
                _ => format!("user ID: {e}"),
            })
        })
    })
}

fn state(group_id: &str, user_ids: impl IntoIterator<Item = String>) -> Value {
    let mut state = Value::Object(Default::default());
    state.set("id", Value::string(group_id));
    state.set("group_id", Value::string(group_id));
    state.set("user_ids", Value::string_set(user_ids));
    state
}

/// The configured user IDs of a plan or state.
fn user_ids(value: &Value) -> Result<Vec<String>, Diagnostics> {
    value.get_strings("user_ids").ok_or_else(|| {
        Diagnostics::from_error(
            "Missing value for user_ids",
            "user_ids must be known before this operation; this is a provider bug.",
        )
    })
}

/// Users to add (desired, not members) and to remove (members, not desired).
fn diff<'a>(
    desired: &'a BTreeSet<String>,
    current: &'a BTreeSet<String>,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let additions = desired.difference(current).map(String::as_str).collect();
    let removals = current.difference(desired).map(String::as_str).collect();
    (additions, removals)
}

/// Where this resource configures the group and the users.
fn paths() -> Paths {
    Paths {
        group: AttributePath::attribute("group_id"),
        user: AttributePath::attribute("user_ids"),
    }
}

fn group_not_found(group_id: &str) -> Diagnostics {
    let mut diags = Diagnostics::new();
    diags.error_at(
        AttributePath::attribute("group_id"),
        "Group not found",
        format!(
            "The organization has no group {group_id}: it was deleted, or the ID is wrong. \
             Check group_id (the openai_groups data source lists the groups)."
        ),
    );
    diags
}

impl GroupMembers {
    /// The group's member IDs: the listed members, plus those of `known`
    /// the list lacks but a retrieve (after the consistency pause) finds.
    /// `None` when the group itself is gone.
    async fn member_ids(
        &self,
        client: &AdminClient,
        group_id: &str,
        known: &[String],
    ) -> Result<Option<BTreeSet<String>>, Diagnostics> {
        let listed = match self.members.list(client, group_id).await? {
            Some(list) => list.iter().map(|m| m.id.clone()).collect(),
            // Ask the group itself once before believing the list's 404.
            None if self.group_exists(client, group_id).await? => BTreeSet::new(),
            None => return Ok(None),
        };
        let unlisted: Vec<String> = known
            .iter()
            .filter(|id| !listed.contains(*id))
            .cloned()
            .collect();
        let mut ids = listed;
        if unlisted.is_empty() {
            return Ok(Some(ids));
        }
        // One consistency pause for all of them, then a few retrieves at a
        // time (300 members removed outside Terraform are not 300
        // simultaneous requests).
        tokio::time::sleep(confirm::pause()).await;
        let confirmed = fan_out::bounded(unlisted, |user_id| async move {
            let member = self.members.retrieve(client, group_id, &user_id).await?;
            Ok::<_, Diagnostics>(member.map(|m| m.id))
        })
        .await;
        for member in confirmed {
            ids.extend(member?);
        }
        Ok(Some(ids))
    }

    /// The group, which must exist and not be SCIM-managed to be managed
    /// here. A group created moments ago (in the same apply) may not be
    /// readable yet: a 404 is believed only after the consistency pause.
    async fn manageable_group(
        &self,
        client: &AdminClient,
        group_id: &str,
    ) -> Result<Group, Diagnostics> {
        let read_error = |e: ApiError| api_error(&format!("read group {group_id}"), &e);
        let group = match found(client.get_group(group_id).await).map_err(read_error)? {
            Some(group) => group,
            None => retrieve_after_pause(|| client.get_group(group_id))
                .await
                .map_err(read_error)?
                .ok_or_else(|| group_not_found(group_id))?,
        };
        if group.scim_managed {
            let mut diags = Diagnostics::new();
            diags.error_at(
                AttributePath::attribute("group_id"),
                scim::SUMMARY,
                format!(
                    "{}\n\nopenai_group_members cannot own the members of group {:?}. Refer \
                     to the group (e.g. in role assignments) without managing its members.",
                    scim::explain(group_id, "change its members"),
                    group.name
                ),
            );
            return Err(diags);
        }
        Ok(group)
    }

    /// Whether the group exists, asked once after the consistency pause:
    /// the member list 404s for a group that is gone, and for one created
    /// too recently to be readable.
    async fn group_exists(
        &self,
        client: &AdminClient,
        group_id: &str,
    ) -> Result<bool, Diagnostics> {
        retrieve_after_pause(|| client.get_group(group_id))
            .await
            .map(|group| group.is_some())
            .map_err(|e| api_error(&format!("read group {group_id}"), &e))
    }

    /// Adds one user; done when the user turns out to be a member already
    /// (authoritative: that is the desired state).
    async fn add(
        &self,
        client: &AdminClient,
        group_id: &str,
        user_id: &str,
    ) -> Result<(), Diagnostics> {
        let add = || async {
            let result = client.add_group_user(group_id, user_id).await;
            match result {
                Err(e) if is_already_exists(&e) => Ok(()),
                result => result.map(drop),
            }
        };
        let look = || async {
            let member = self.members.retrieve(client, group_id, user_id).await?;
            Ok(member.map(drop))
        };
        let refused = |e: &ApiError| write_error(&paths(), group_id, user_id, true, e);
        let what = format!("member {user_id} of group {group_id}");
        create_or_recover(&what, &Identity::Keyed, add, look, refused).await?;
        log::info!("added user {user_id} to group {group_id}");
        Ok(())
    }

    /// Removes one user; already gone is fine.
    async fn remove(
        &self,
        client: &AdminClient,
        group_id: &str,
        user_id: &str,
    ) -> Result<(), Diagnostics> {
        let result = client.remove_group_user(group_id, user_id).await;
        match result {
            Ok(()) => {
                log::info!("removed user {user_id} from group {group_id}");
                Ok(())
            }
            Err(e) if e.is_not_found() => Ok(()),
            Err(e) => Err(write_error(&paths(), group_id, user_id, false, &e)),
        }
    }

    /// Makes the group's members exactly `desired`: additions first, then
    /// removals. `group_confirmed`: the group was just seen to exist, so a
    /// 404 of its member list only means the list lags behind. Returns the
    /// removed user IDs.
    async fn reconcile(
        &self,
        client: &AdminClient,
        group_id: &str,
        desired: &BTreeSet<String>,
        group_confirmed: bool,
    ) -> Result<Vec<String>, Diagnostics> {
        let current: BTreeSet<String> = match self.members.list_fresh(client, group_id).await? {
            Some(list) => list.iter().map(|m| m.id.clone()).collect(),
            // Nobody listed yet: adding the desired users is right, and
            // adding one already there is done at once.
            None if group_confirmed || self.group_exists(client, group_id).await? => {
                BTreeSet::new()
            }
            None => return Err(group_not_found(group_id)),
        };
        let (additions, removals) = diff(desired, &current);
        for user_id in additions {
            self.add(client, group_id, user_id).await?;
        }
        for user_id in &removals {
            self.remove(client, group_id, user_id).await?;
        }
        Ok(removals.into_iter().map(str::to_owned).collect())
    }
}

#[async_trait]
impl Resource for GroupMembers {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn import_formats(&self) -> Vec<Vec<&'static str>> {
        vec![vec!["group_id"]]
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn create(&self, client: &AdminClient, planned: &Value) -> Result<Applied, Failure> {
        let group_id = required_str(planned, "group_id")?;
        let desired: BTreeSet<String> = user_ids(planned)?.into_iter().collect();
        self.manageable_group(client, group_id).await?;
        let removed = self.reconcile(client, group_id, &desired, true).await?;
        let mut warnings = Diagnostics::new();
        if !removed.is_empty() {
            log::warn!(
                "group {group_id}: removed member(s) {} that user_ids does not list",
                removed.join(", ")
            );
            warnings.warning(
                "Removed members the group already had",
                format!(
                    "Group {group_id} already had member(s) {}, which user_ids does not list. \
                     openai_group_members owns the group's whole member list, so they were \
                     removed.",
                    removed.join(", ")
                ),
            );
        }
        Ok(Applied::with_warnings(state(group_id, desired), warnings))
    }

    async fn read(
        &self,
        client: &AdminClient,
        state_now: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let group_id = required_str(state_now, "group_id")?;
        let known = state_now.get_strings("user_ids").unwrap_or_default();
        let ids = self.member_ids(client, group_id, &known).await?;
        Ok(ids.map(|ids| state(group_id, ids)))
    }

    async fn update(
        &self,
        client: &AdminClient,
        _prior: &Value,
        planned: &Value,
    ) -> Result<Applied, Failure> {
        let group_id = required_str(planned, "group_id")?;
        let desired: BTreeSet<String> = user_ids(planned)?.into_iter().collect();
        self.reconcile(client, group_id, &desired, false).await?;
        Ok(state(group_id, desired).into())
    }

    async fn delete(&self, client: &AdminClient, state_now: &Value) -> Result<(), Diagnostics> {
        let group_id = required_str(state_now, "group_id")?;
        let mut diags = Diagnostics::new();
        for user_id in state_now.get_strings("user_ids").unwrap_or_default() {
            if let Err(e) = self.remove(client, group_id, &user_id).await {
                diags.extend(e);
            }
        }
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(())
        }
    }

    async fn import(&self, client: &AdminClient, id: &str) -> Result<Value, Diagnostics> {
        let (_, parts) = import_id::parse(TYPE_NAME, id, &[&["group_id"]])?;
        let group_id = parts[0];
        let Some(ids) = self.member_ids(client, group_id, &[]).await? else {
            return Err(Diagnostics::from_error(
                "Cannot import the members of a non-existent group",
                format!("The organization has no group with ID {group_id}."),
            ));
        };
        Ok(state(group_id, ids))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn diff_adds_missing_and_removes_unlisted() {
        let desired = set(&["user_a", "user_b"]);
        let current = set(&["user_b", "user_c"]);
        let (add, remove) = diff(&desired, &current);
        assert_eq!(add, ["user_a"]);
        assert_eq!(remove, ["user_c"]);
        let (add, remove) = diff(&desired, &desired);
        assert!(add.is_empty() && remove.is_empty());
    }

    #[test]
    fn user_ids_are_validated_one_by_one() {
        let validate = user_ids_validator();
        assert!(validate(&Value::string_set(["user_a", "user_b"])).is_ok());
        assert!(validate(&Value::string_set(Vec::<String>::new())).is_ok());
        let err = validate(&Value::string_set(["user_a", "bob@example.com"])).unwrap_err();
        assert!(err.contains("user ID \"bob@example.com\""), "{err}");
    }

    /// 12 members removed outside Terraform: one pause, then their
    /// retrieves a few at a time, not 12 requests at once.
    #[tokio::test]
    async fn missing_members_are_confirmed_a_few_at_a_time() {
        use crate::resources::test_fake::{CountingStub, list_page, not_found};

        let stub = CountingStub::start(std::time::Duration::from_millis(50), |_, path| {
            if path == "/organization/groups/group_a/users" {
                (200, list_page(Vec::new()))
            } else {
                not_found()
            }
        })
        .await;
        let known: Vec<String> = (0..12).map(|i| format!("user_{i}")).collect();
        let read = GroupMembers::new()
            .read(&stub.client, &state("group_a", known))
            .await
            .unwrap()
            .expect("the group is there");
        assert_eq!(read.get_strings("user_ids"), Some(Vec::new()));
        assert_eq!(stub.requests(), 1 + 12, "the list, then one retrieve each");
        assert!(
            stub.peak_in_flight() <= fan_out::MAX_IN_FLIGHT,
            "{} requests at once",
            stub.peak_in_flight()
        );
    }

    #[test]
    fn state_id_is_the_group() {
        let value = state("group_a", ["user_b".to_owned()]);
        assert_eq!(value.get_str("id"), Some("group_a"));
        assert_eq!(
            value.get_strings("user_ids"),
            Some(vec!["user_b".to_owned()])
        );
    }
}

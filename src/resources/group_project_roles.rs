//! The project roles of one group in one project: listed, checked, given
//! and taken through the group's project role endpoints. Shared by
//! `openai_project_group` (its join role) and `openai_project_group_roles`
//! (the whole set), which talk to the same endpoints.

use std::sync::Arc;

use super::confirm::{self, found};
use super::errors::{api_error, is_already_exists};
use super::import_id::PairKey;
use super::lists;
use super::role_assignment::same_role;
use super::unclear_create::{Identity, create_or_recover};
use crate::api::{AdminClient, ApiError, AssignedRole, Group};
use crate::diagnostics::Diagnostics;

/// Whose roles: one group in one project.
#[derive(Clone, Copy, Debug)]
pub(super) struct GroupInProject<'a> {
    pub project_id: &'a str,
    pub group_id: &'a str,
}

impl<'a> GroupInProject<'a> {
    /// The group and project of a `<project_id>/<group_id>` key.
    pub fn of_key(key: &'a PairKey) -> Self {
        GroupInProject {
            project_id: key.first(),
            group_id: key.second(),
        }
    }

    fn describe(&self) -> String {
        format!("group {} in project {}", self.group_id, self.project_id)
    }
}

/// The group role lists (the run's, see [`super::lists`]) and the writes
/// to them; the client's writes forget the lists they change.
#[derive(Default)]
pub(super) struct GroupProjectRoles;

impl GroupProjectRoles {
    /// The group's project roles, from the run's cache (afresh when
    /// `fresh`); `None` when the group or the project is gone (404).
    pub async fn list(
        &self,
        client: &AdminClient,
        group: GroupInProject<'_>,
        fresh: bool,
    ) -> Result<Option<Arc<Vec<AssignedRole>>>, Diagnostics> {
        let fetched =
            lists::assigned_roles::<Group>(client, Some(group.project_id), group.group_id, fresh)
                .await;
        match fetched {
            Ok(roles) => Ok(Some(roles)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(api_error(
                &format!("read the roles of {}", group.describe()),
                &e,
            )),
        }
    }

    /// One role of the group, asked for after the usual pause (a role
    /// assigned a moment ago may not be readable yet); `None` when the
    /// group does not hold it.
    pub async fn retrieve(
        &self,
        client: &AdminClient,
        group: GroupInProject<'_>,
        role_id: &str,
    ) -> Result<Option<AssignedRole>, Diagnostics> {
        tokio::time::sleep(confirm::pause()).await;
        self.retrieve_now(client, group, role_id).await
    }

    /// One role of the group, asked for now (the caller has paused);
    /// `None` when the group does not hold it.
    pub async fn retrieve_now(
        &self,
        client: &AdminClient,
        group: GroupInProject<'_>,
        role_id: &str,
    ) -> Result<Option<AssignedRole>, Diagnostics> {
        let answer = client
            .get_project_group_role(group.project_id, group.group_id, role_id)
            .await;
        found(answer).map_err(|e| {
            let action = format!("read role {role_id} of {}", group.describe());
            api_error(&action, &e)
        })
    }

    /// Whether the group holds `role_id`: from its list when the role is
    /// there, else from one retrieve after the usual pause.
    pub async fn holds(
        &self,
        client: &AdminClient,
        group: GroupInProject<'_>,
        role_id: &str,
    ) -> Result<bool, Diagnostics> {
        let roles = self.list(client, group, false).await?;
        if roles.is_some_and(|roles| roles.iter().any(|a| same_role(role_id, &a.role.id))) {
            return Ok(true);
        }
        Ok(self.retrieve(client, group, role_id).await?.is_some())
    }

    /// Gives the group `role_id`; done when it turns out to hold it already.
    /// An answer that leaves it unclear (5xx, timeout) is checked with a
    /// fresh list before trying again; `refused` words any other failure.
    pub async fn assign(
        &self,
        client: &AdminClient,
        group: GroupInProject<'_>,
        role_id: &str,
        refused: impl Fn(&ApiError) -> Diagnostics,
    ) -> Result<(), Diagnostics> {
        let assign = || async {
            let result = client
                .assign_project_group_role(group.project_id, group.group_id, role_id)
                .await;
            match result {
                Err(e) if is_already_exists(&e) => Ok(()),
                result => result.map(drop),
            }
        };
        let look = || async {
            let roles = self.list(client, group, true).await?;
            let held =
                roles.is_some_and(|roles| roles.iter().any(|a| same_role(role_id, &a.role.id)));
            Ok(held.then_some(()))
        };
        let what = format!("role {role_id} of {}", group.describe());
        create_or_recover(&what, &Identity::Keyed, assign, look, refused).await?;
        log::info!("gave role {role_id} to {}", group.describe());
        Ok(())
    }

    /// Takes `role_id` from the group; already gone is fine.
    pub async fn unassign(
        &self,
        client: &AdminClient,
        group: GroupInProject<'_>,
        role_id: &str,
    ) -> Result<(), Diagnostics> {
        let result = client
            .unassign_project_group_role(group.project_id, group.group_id, role_id)
            .await;
        match result {
            Ok(()) => {
                log::info!("removed role {role_id} from {}", group.describe());
                Ok(())
            }
            Err(e) if e.is_not_found() => Ok(()),
            Err(e) => Err(api_error(
                &format!("remove role {role_id} from {}", group.describe()),
                &e,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake::{FakeConfig, FaultConfig, project_role_id};
    use crate::resources::test_fake::TestFake;

    const LIST: &str = "/projects/{project_id}/groups/{group_id}/roles";
    const ONE: &str = "/projects/{project_id}/groups/{group_id}/roles/{role_id}";
    const SUPPORT: GroupInProject<'static> = GroupInProject {
        project_id: "proj_alpha",
        group_id: "group_support",
    };
    const VIEWER: &str = "role-api-project-viewer";

    fn roles_of_support(fake: &TestFake) -> Vec<String> {
        fake.handle()
            .group_assignments()
            .into_iter()
            .filter(|a| {
                a.project_id.as_deref() == Some("proj_alpha") && a.group_id == "group_support"
            })
            .map(|a| a.role_id)
            .collect()
    }

    fn posts(fake: &TestFake) -> usize {
        let counts = fake.handle().request_counts();
        counts.get(&format!("POST {LIST}")).copied().unwrap_or(0)
    }

    fn not_expected(e: &ApiError) -> Diagnostics {
        panic!("refused: {e}")
    }

    #[tokio::test]
    async fn lists_are_cached_until_a_write_or_a_fresh_read() {
        let fake = TestFake::start(FakeConfig::default()).await;
        let roles = GroupProjectRoles;
        assert!(
            roles
                .list(&fake.client, SUPPORT, false)
                .await
                .unwrap()
                .unwrap()
                .is_empty()
        );
        roles.list(&fake.client, SUPPORT, false).await.unwrap();
        assert_eq!(fake.gets(LIST), 1, "served from the cache");
        roles
            .assign(&fake.client, SUPPORT, VIEWER, not_expected)
            .await
            .unwrap();
        let listed = roles
            .list(&fake.client, SUPPORT, false)
            .await
            .unwrap()
            .unwrap();
        assert!(same_role(VIEWER, &listed[0].role.id), "{listed:?}");
        assert_eq!(fake.gets(LIST), 2, "the assignment forgot the list");
        roles.list(&fake.client, SUPPORT, true).await.unwrap();
        assert_eq!(fake.gets(LIST), 3);
        let gone = GroupInProject {
            project_id: "proj_nope",
            group_id: "group_support",
        };
        assert!(
            roles
                .list(&fake.client, gone, false)
                .await
                .unwrap()
                .is_none()
        );
    }

    #[tokio::test]
    async fn holds_reads_the_list_and_retrieves_only_a_missing_role() {
        let fake = TestFake::start(FakeConfig::default()).await;
        let viewer = project_role_id("viewer", "proj_alpha");
        assert!(fake.handle().insert_group_assignment(
            Some("proj_alpha"),
            "group_support",
            &viewer
        ));
        let roles = GroupProjectRoles;
        assert!(roles.holds(&fake.client, SUPPORT, VIEWER).await.unwrap());
        assert_eq!((fake.gets(LIST), fake.gets(ONE)), (1, 0));
        assert!(
            !roles
                .holds(&fake.client, SUPPORT, "role-api-project-owner")
                .await
                .unwrap()
        );
        assert_eq!(
            (fake.gets(LIST), fake.gets(ONE)),
            (1, 1),
            "one retrieve confirms the miss"
        );
    }

    #[tokio::test]
    async fn assigning_a_held_role_is_done() {
        let fake = TestFake::start(FakeConfig::default()).await;
        let roles = GroupProjectRoles;
        roles
            .assign(&fake.client, SUPPORT, VIEWER, not_expected)
            .await
            .unwrap();
        roles
            .assign(&fake.client, SUPPORT, VIEWER, not_expected)
            .await
            .unwrap();
        assert_eq!(
            roles_of_support(&fake),
            [project_role_id("viewer", "proj_alpha")]
        );
        assert_eq!(posts(&fake), 2);
    }

    #[tokio::test]
    async fn an_unclear_assignment_that_was_made_is_not_made_twice() {
        let fake = TestFake::start(FakeConfig::default()).await;
        fake.handle().set_faults(FaultConfig {
            fail_next_after_apply: vec![503],
            ..FaultConfig::default()
        });
        let roles = GroupProjectRoles;
        roles
            .assign(&fake.client, SUPPORT, VIEWER, not_expected)
            .await
            .unwrap();
        assert_eq!(
            roles_of_support(&fake),
            [project_role_id("viewer", "proj_alpha")]
        );
        assert_eq!(
            (posts(&fake), fake.gets(LIST)),
            (1, 1),
            "checked with one list"
        );
    }

    #[tokio::test]
    async fn an_unclear_assignment_that_was_not_made_is_tried_again() {
        let fake = TestFake::start(FakeConfig::default()).await;
        fake.handle().set_faults(FaultConfig {
            fail_next: vec![503],
            ..FaultConfig::default()
        });
        let roles = GroupProjectRoles;
        roles
            .assign(&fake.client, SUPPORT, VIEWER, not_expected)
            .await
            .unwrap();
        assert_eq!(
            roles_of_support(&fake),
            [project_role_id("viewer", "proj_alpha")]
        );
        assert_eq!((posts(&fake), fake.gets(LIST)), (2, 1));
    }

    #[tokio::test]
    async fn refusals_are_worded_by_the_caller() {
        let fake = TestFake::start(FakeConfig::default()).await;
        let roles = GroupProjectRoles;
        let refused = roles
            .assign(&fake.client, SUPPORT, "role_nope", |e| {
                assert_eq!(e.code.as_deref(), Some("role_not_found"));
                Diagnostics::from_error("worded here", e.to_string())
            })
            .await
            .unwrap_err();
        assert_eq!(refused.0[0].summary, "worded here");
        assert_eq!(posts(&fake), 1, "a refusal is not retried");
    }

    #[tokio::test]
    async fn unassigning_a_role_the_group_lacks_is_fine() {
        let fake = TestFake::start(FakeConfig::default()).await;
        let roles = GroupProjectRoles;
        roles
            .assign(&fake.client, SUPPORT, VIEWER, not_expected)
            .await
            .unwrap();
        roles.unassign(&fake.client, SUPPORT, VIEWER).await.unwrap();
        assert!(roles_of_support(&fake).is_empty());
        roles.unassign(&fake.client, SUPPORT, VIEWER).await.unwrap();
        // Other refusals stay errors: an archived project refuses changes.
        assert!(fake.handle().archive_project("proj_beta"));
        let engineering = GroupInProject {
            project_id: "proj_beta",
            group_id: "group_engineering",
        };
        let failed = roles.unassign(&fake.client, engineering, VIEWER).await;
        assert!(failed.unwrap_err().0[0].detail.contains("archived"));
    }
}

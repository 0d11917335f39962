//! Reads an organization through the [`AdminClient`]: users, groups and
//! their members, roles, projects and who has access to them, and every
//! role assignment. Only GET requests.
//!
//! Lists are read concurrently (at most [`CONCURRENCY`] requests in flight;
//! the client adds its retries, 429 cooldown and `max_requests_per_minute`
//! pacing) and kept in the API's order; callers sort what they write. Each
//! list read is reported to a progress callback as `<what>: <count>`.

use std::collections::BTreeSet;
use std::fmt;
use std::future::Future;

use futures::future::{try_join_all, try_join4};
use tokio::sync::Semaphore;

use crate::api::{
    AdminClient, ApiError, AssignedRole, Group, GroupUser, Project, ProjectGroup, ProjectUser,
    Role, User,
};

/// Requests in flight at once: enough to hide latency, few enough not to
/// run into the API's per-endpoint rate limits all at once.
pub const CONCURRENCY: usize = 8;

/// Receives one line per list read, e.g. `proj_abc roles: 12`.
pub type Progress<'a> = &'a (dyn Fn(&str) + Sync);

/// What to read beyond the lists every run reads (users, groups,
/// organization roles, projects, and each read project's roles).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadPlan {
    /// Read the contents of archived projects too. They are always listed
    /// (and so can be reported as left out).
    pub archived_contents: bool,
    /// The projects whose contents are read; `None` = every listed one.
    pub project_ids: Option<BTreeSet<String>>,
    pub group_members: bool,
    pub org_group_roles: bool,
    pub org_user_roles: bool,
    /// Each project's groups, with each group's roles in the project.
    pub project_groups: bool,
    pub project_users: bool,
    /// Each project user's roles in the project (needs `project_users`).
    pub project_user_roles: bool,
}

impl ReadPlan {
    /// Everything, archived projects included: what a snapshot needs.
    pub fn everything() -> ReadPlan {
        ReadPlan {
            archived_contents: true,
            project_ids: None,
            group_members: true,
            org_group_roles: true,
            org_user_roles: true,
            project_groups: true,
            project_users: true,
            project_user_roles: true,
        }
    }
}

/// The organization as read. Lists that the plan did not ask for are empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inventory {
    pub users: Vec<UserEntry>,
    pub groups: Vec<GroupEntry>,
    pub org_roles: Vec<Role>,
    /// Every listed project; `contents` only for those read.
    pub projects: Vec<ProjectEntry>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UserEntry {
    pub user: User,
    pub org_roles: Vec<AssignedRole>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupEntry {
    pub group: Group,
    pub members: Vec<GroupUser>,
    pub org_roles: Vec<AssignedRole>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProjectEntry {
    pub project: Project,
    pub contents: Option<ProjectContents>,
}

impl ProjectEntry {
    pub fn is_archived(&self) -> bool {
        is_archived(&self.project)
    }
}

/// Archived, by date or by status (either may be missing from an answer).
pub fn is_archived(project: &Project) -> bool {
    project.archived_at.is_some() || project.status == "archived"
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProjectContents {
    /// Predefined and custom roles of the project.
    pub roles: Vec<Role>,
    pub groups: Vec<ProjectGroupEntry>,
    pub users: Vec<ProjectUserEntry>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProjectGroupEntry {
    pub access: ProjectGroup,
    /// The group's roles in the project, its join role included.
    pub roles: Vec<AssignedRole>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProjectUserEntry {
    pub access: ProjectUser,
    pub roles: Vec<AssignedRole>,
}

/// Why the organization could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// A request failed (after the client's retries).
    Api { what: String, error: ApiError },
    /// `project_ids` names projects the organization does not have, or
    /// archived ones when their contents are not read.
    Selection(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Api { what, error } => write!(f, "cannot read {what}: {error}"),
            ReadError::Selection(problem) => f.write_str(problem),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads the organization as `plan` says.
pub async fn read(
    client: &AdminClient,
    plan: &ReadPlan,
    progress: Progress<'_>,
) -> Result<Inventory, ReadError> {
    let reader = Reader {
        client,
        progress,
        permits: Semaphore::new(CONCURRENCY),
    };
    reader.read(plan).await
}

struct Reader<'a> {
    client: &'a AdminClient,
    progress: Progress<'a>,
    permits: Semaphore,
}

impl Reader<'_> {
    /// One list, under a concurrency permit, reported when read.
    async fn list<T>(
        &self,
        what: String,
        request: impl Future<Output = Result<Vec<T>, ApiError>>,
    ) -> Result<Vec<T>, ReadError> {
        let items = {
            let _permit = self
                .permits
                .acquire()
                .await
                .expect("the semaphore is never closed");
            request.await
        }
        .map_err(|error| ReadError::Api {
            what: what.clone(),
            error,
        })?;
        (self.progress)(&format!("{what}: {}", items.len()));
        Ok(items)
    }

    /// `list` when `wanted`, else nothing (and no request).
    async fn list_if<T>(
        &self,
        wanted: bool,
        what: String,
        request: impl Future<Output = Result<Vec<T>, ApiError>>,
    ) -> Result<Vec<T>, ReadError> {
        if wanted {
            self.list(what, request).await
        } else {
            Ok(Vec::new())
        }
    }

    async fn read(&self, plan: &ReadPlan) -> Result<Inventory, ReadError> {
        let client = self.client;
        let (users, groups, org_roles, projects) = try_join4(
            self.list("users".into(), client.list_users()),
            self.list("groups".into(), client.list_groups()),
            self.list("organization roles".into(), client.list_org_roles()),
            self.list("projects".into(), client.list_projects(true)),
        )
        .await?;
        check_selection(plan, &projects)?;
        let (users, groups, projects) = futures::try_join!(
            try_join_all(users.into_iter().map(|user| self.user(plan, user))),
            try_join_all(groups.into_iter().map(|group| self.group(plan, group))),
            try_join_all(
                projects
                    .into_iter()
                    .map(|project| self.project(plan, project))
            ),
        )?;
        Ok(Inventory {
            users,
            groups,
            org_roles,
            projects,
        })
    }

    async fn user(&self, plan: &ReadPlan, user: User) -> Result<UserEntry, ReadError> {
        let org_roles = self
            .list_if(
                plan.org_user_roles,
                format!("{} organization roles", user.id),
                self.client.list_org_user_roles(&user.id),
            )
            .await?;
        Ok(UserEntry { user, org_roles })
    }

    async fn group(&self, plan: &ReadPlan, group: Group) -> Result<GroupEntry, ReadError> {
        let (members, org_roles) = futures::try_join!(
            self.list_if(
                plan.group_members,
                format!("{} members", group.id),
                self.client.list_group_users(&group.id),
            ),
            self.list_if(
                plan.org_group_roles,
                format!("{} organization roles", group.id),
                self.client.list_org_group_roles(&group.id),
            ),
        )?;
        Ok(GroupEntry {
            group,
            members,
            org_roles,
        })
    }

    async fn project(&self, plan: &ReadPlan, project: Project) -> Result<ProjectEntry, ReadError> {
        let selected = plan
            .project_ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&project.id));
        let archived = is_archived(&project);
        if !selected || (archived && !plan.archived_contents) {
            return Ok(ProjectEntry {
                project,
                contents: None,
            });
        }
        let id = project.id.as_str();
        let client = self.client;
        let (roles, groups, users) = futures::try_join!(
            self.list(format!("{id} roles"), client.list_project_roles(id)),
            self.list_if(
                plan.project_groups,
                format!("{id} groups"),
                client.list_project_groups(id),
            ),
            self.list_if(
                plan.project_users,
                format!("{id} users"),
                client.list_project_users(id),
            ),
        )?;
        let (groups, users) = futures::try_join!(
            try_join_all(groups.into_iter().map(|access| async {
                let roles = self
                    .list(
                        format!("{id} {} roles", access.group_id),
                        client.list_project_group_roles(id, &access.group_id),
                    )
                    .await?;
                Ok::<_, ReadError>(ProjectGroupEntry { access, roles })
            })),
            try_join_all(users.into_iter().map(|access| async {
                let roles = self
                    .list_if(
                        plan.project_user_roles,
                        format!("{id} {} roles", access.id),
                        client.list_project_user_roles(id, &access.id),
                    )
                    .await?;
                Ok::<_, ReadError>(ProjectUserEntry { access, roles })
            })),
        )?;
        Ok(ProjectEntry {
            contents: Some(ProjectContents {
                roles,
                groups,
                users,
            }),
            project,
        })
    }
}

/// Every selected project must be listed, and active unless archived
/// contents are read: a typo is an error, not an empty export.
fn check_selection(plan: &ReadPlan, projects: &[Project]) -> Result<(), ReadError> {
    let Some(wanted) = &plan.project_ids else {
        return Ok(());
    };
    let mut problems = Vec::new();
    for id in wanted {
        match projects.iter().find(|p| &p.id == id) {
            None => problems.push(format!("the organization has no project {id}")),
            Some(p) if !plan.archived_contents && is_archived(p) => problems.push(format!(
                "project {id} ({}) is archived: archived projects cannot be managed, so \
                     they are not exported",
                p.name
            )),
            Some(_) => {}
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ReadError::Selection(problems.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::api::ClientConfig;
    use crate::fake::{DEFAULT_API_KEY, FakeConfig, FakeServer};

    async fn fake() -> (FakeServer, AdminClient) {
        let server = FakeServer::start(
            0,
            FakeConfig {
                page_size: 2,
                ..FakeConfig::default()
            },
        )
        .await
        .unwrap();
        let client =
            AdminClient::new(ClientConfig::new(DEFAULT_API_KEY, server.base_url())).unwrap();
        (server, client)
    }

    /// The route templates requested, without counts.
    fn routes(server: &FakeServer) -> Vec<String> {
        server.handle().request_counts().into_keys().collect()
    }

    #[tokio::test]
    async fn only_the_lists_the_plan_asks_for_are_read() {
        let (server, client) = fake().await;
        let plan = ReadPlan {
            project_ids: Some(["proj_beta".to_string()].into()),
            ..ReadPlan::default()
        };
        let lines = Mutex::new(Vec::new());
        let progress = |line: &str| lines.lock().unwrap().push(line.to_owned());
        let inventory = read(&client, &plan, &progress).await.unwrap();
        assert_eq!(
            routes(&server),
            [
                "GET /organization/groups",
                "GET /organization/projects",
                "GET /organization/roles",
                "GET /organization/users",
                "GET /projects/{project_id}/roles",
            ]
        );
        let read: Vec<(&str, bool)> = inventory
            .projects
            .iter()
            .map(|p| (p.project.id.as_str(), p.contents.is_some()))
            .collect();
        assert_eq!(
            read,
            [
                ("proj_alpha", false),
                ("proj_beta", true),
                ("proj_legacy", false)
            ]
        );
        assert_eq!(inventory.users.len(), 5, "read through pages of 2");
        let mut lines = lines.into_inner().unwrap();
        lines.sort();
        assert_eq!(
            lines,
            [
                "groups: 5",
                "organization roles: 3",
                "proj_beta roles: 3",
                "projects: 3",
                "users: 5"
            ]
        );
    }

    #[tokio::test]
    async fn everything_includes_archived_contents_and_memberships() {
        let (server, client) = fake().await;
        let inventory = read(&client, &ReadPlan::everything(), &|_: &str| {})
            .await
            .unwrap();
        let legacy = inventory
            .projects
            .iter()
            .find(|p| p.project.id == "proj_legacy")
            .unwrap();
        assert!(legacy.is_archived());
        assert_eq!(legacy.contents.as_ref().unwrap().roles.len(), 3);
        let engineering = inventory
            .groups
            .iter()
            .find(|g| g.group.id == "group_engineering")
            .unwrap();
        assert_eq!(engineering.members.len(), 2);
        let alpha = inventory
            .projects
            .iter()
            .find(|p| p.project.id == "proj_alpha")
            .and_then(|p| p.contents.as_ref())
            .unwrap();
        assert_eq!((alpha.groups.len(), alpha.users.len()), (3, 2));
        assert!(
            routes(&server).iter().all(|r| r.starts_with("GET ")),
            "{:?}",
            routes(&server)
        );
    }

    #[tokio::test]
    async fn a_selection_must_name_listed_active_projects() {
        let (_server, client) = fake().await;
        let plan = ReadPlan {
            project_ids: Some(["proj_legacy".to_string(), "proj_nope".to_string()].into()),
            ..ReadPlan::default()
        };
        let error = read(&client, &plan, &|_: &str| {}).await.unwrap_err();
        let text = error.to_string();
        assert!(matches!(error, ReadError::Selection(_)), "{text}");
        assert!(
            text.contains("project proj_legacy (Legacy) is archived"),
            "{text}"
        );
        assert!(text.contains("no project proj_nope"), "{text}");
    }

    #[tokio::test]
    async fn a_failed_request_is_named() {
        let (server, client) = fake().await;
        server.handle().set_faults(crate::fake::FaultConfig {
            fail_next: vec![404],
            ..Default::default()
        });
        let error = read(&client, &ReadPlan::default(), &|_: &str| {})
            .await
            .unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with("cannot read "), "{text}");
        assert!(text.contains("404") && text.contains("on GET /"), "{text}");
    }
}

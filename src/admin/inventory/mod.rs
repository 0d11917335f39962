//! Reads an organization through the [`AdminClient`]: users, groups and
//! their members, roles, projects and who has access to them, every role
//! assignment, and the objects of the declared types that opt in to the
//! export (through the generic client, see [`ReadPlan::declared`]). Only
//! GET requests.
//!
//! Lists are read concurrently (at most [`CONCURRENCY`] requests in flight;
//! the client adds its retries, 429 cooldown and `max_requests_per_minute`
//! pacing) and kept in the API's order; callers sort what they write.
//! Progress goes to a callback: counts per kind of list, a line per kind at
//! most every second (see [`progress`]), and a line while the API holds
//! requests back with 429 answers.

mod focus;
mod inheritance;
mod progress;
mod settings;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::future::Future;
use std::time::Duration;

use futures::future::{try_join_all, try_join4};
use tokio::sync::Semaphore;

use crate::api::{
    AdminClient, ApiError, ApiObject, AssignedRole, Group, GroupUser, Project, ProjectGroup,
    ProjectUser, Role, User,
};
use crate::resources::declared::{self, Declaration};
use focus::Whose;
use progress::Tracker;

pub use focus::Focus;

/// Requests in flight at once: enough to hide latency, few enough not to
/// run into the API's per-endpoint rate limits all at once.
pub const CONCURRENCY: usize = 8;

/// Receives progress lines, e.g. `roles of users: 1200/3000 read, 4521 found`.
pub type Progress<'a> = &'a (dyn Fn(&str) + Sync);

/// What to read beyond the lists every run reads (users, groups,
/// organization roles, projects).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadPlan {
    /// Read the contents of archived projects too. They are always listed
    /// (and so can be reported as left out).
    pub archived_contents: bool,
    /// The projects whose contents are read; `None` = every listed one.
    pub project_ids: Option<BTreeSet<String>>,
    /// Each read project's roles.
    pub project_roles: bool,
    /// Members of groups that are not SCIM-managed.
    pub group_members: bool,
    /// Members of SCIM-managed groups (their identity provider owns them).
    pub scim_members: bool,
    /// Members of any group a user's assignment names as its source and
    /// whose members are not read otherwise: to tell inherited assignments
    /// from direct ones (see [`Inventory::inherited_from`]).
    pub source_members: bool,
    pub org_group_roles: bool,
    pub org_user_roles: bool,
    /// Each project's groups, with each group's roles in the project.
    pub project_groups: bool,
    pub project_users: bool,
    /// Each project user's roles in the project (needs `project_users`).
    pub project_user_roles: bool,
    /// Declared types (by type name) whose objects are listed: once for
    /// the organization, or once per read project for types below one.
    pub declared: BTreeSet<&'static str>,
    /// Settings types (by type name) read: the organization's, or each
    /// read project's (see `settings.rs`).
    pub settings: BTreeSet<&'static str>,
    /// Retrieve each object of a declared type whose export says its list
    /// lacks what is written (a certificate's PEM; `Exported::retrieve`):
    /// the export's and the snapshot's, not a list resource's.
    pub retrieve: bool,
    /// For a declared type with a project view (certificates), where each
    /// object is active in the read projects, as its `active_project_ids`:
    /// one list per read project (a snapshot's; see `Exported::project_view`).
    pub project_views: bool,
}

impl ReadPlan {
    /// Everything, archived projects included: what a snapshot needs.
    pub fn everything() -> ReadPlan {
        ReadPlan {
            archived_contents: true,
            project_ids: None,
            project_roles: true,
            group_members: true,
            scim_members: true,
            source_members: true,
            org_group_roles: true,
            org_user_roles: true,
            project_groups: true,
            project_users: true,
            project_user_roles: true,
            declared: declared::exported().map(|d| d.type_name).collect(),
            settings: declared::settings::settings()
                .iter()
                .map(|s| s.type_name)
                .collect(),
            retrieve: true,
            project_views: true,
        }
    }

    fn reads_members_of(&self, group: &Group) -> bool {
        if group.scim_managed {
            self.scim_members
        } else {
            self.group_members
        }
    }
}

/// The organization as read. Lists that the plan did not ask for are empty
/// (or `None` where "not read" must differ from "none").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inventory {
    pub users: Vec<UserEntry>,
    pub groups: Vec<GroupEntry>,
    pub org_roles: Vec<Role>,
    /// Every listed project; `contents` only for those read.
    pub projects: Vec<ProjectEntry>,
    /// Objects of the declared types read, by type name, as the API
    /// answered them; those below a project also carry `project_id` (as
    /// the fake's fixture holds them).
    pub declared: BTreeMap<&'static str, Vec<ApiObject>>,
    /// Settings read, by type name, as the API answered them; a project's
    /// carry `project_id`.
    pub settings: BTreeMap<&'static str, Vec<ApiObject>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UserEntry {
    pub user: User,
    pub org_roles: Vec<AssignedRole>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupEntry {
    pub group: Group,
    /// `None` when not read.
    pub members: Option<Vec<GroupUser>>,
    pub org_roles: Vec<AssignedRole>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProjectEntry {
    pub project: Project,
    pub contents: Option<ProjectContents>,
}

impl ProjectEntry {
    pub fn is_archived(&self) -> bool {
        self.project.is_archived()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
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

/// How often the API's 429 answers are looked for while reading.
const RATE_LIMIT_CHECK: Duration = Duration::from_secs(1);

/// Reads the organization as `plan` says.
pub async fn read(
    client: &AdminClient,
    plan: &ReadPlan,
    progress: Progress<'_>,
) -> Result<Inventory, ReadError> {
    read_focused(client, plan, None, progress).await
}

/// Reads what `plan` says for one user's access only (see [`focus`]):
/// other users' and other groups' assignment lists are left empty.
pub async fn read_for(
    client: &AdminClient,
    plan: &ReadPlan,
    focus: &Focus,
    progress: Progress<'_>,
) -> Result<Inventory, ReadError> {
    read_focused(client, plan, Some(focus), progress).await
}

async fn read_focused(
    client: &AdminClient,
    plan: &ReadPlan,
    focus: Option<&Focus>,
    progress: Progress<'_>,
) -> Result<Inventory, ReadError> {
    let reader = Reader {
        client,
        tracker: Tracker::new(progress),
        permits: Semaphore::new(CONCURRENCY),
        focus,
    };
    let reading = reader.read(plan);
    tokio::pin!(reading);
    let mut ticker = tokio::time::interval(RATE_LIMIT_CHECK);
    let initial = client.stats().rate_limited;
    let mut rate_limited = initial;
    let result = loop {
        tokio::select! {
            result = &mut reading => break result,
            _ = ticker.tick() => {
                let stats = client.stats();
                if stats.rate_limited > rate_limited {
                    // The hint once; then only the count.
                    let hint = if rate_limited == initial {
                        "; OPENAI_MAX_REQUESTS_PER_MINUTE paces requests below the API's limit"
                    } else {
                        ""
                    };
                    rate_limited = stats.rate_limited;
                    reader.tracker.say(&format!(
                        "the API answers 429 (too many requests): waiting for its cooldown \
                         ({} so far{hint})",
                        rate_limited - initial
                    ));
                }
            }
        }
    };
    if result.is_ok() {
        reader.tracker.finish();
    }
    result
}

/// Kinds of lists, as progress lines name them.
mod kind {
    pub const USERS: &str = "users";
    pub const GROUPS: &str = "groups";
    pub const ORG_ROLES: &str = "organization roles";
    pub const PROJECTS: &str = "projects";
    pub const GROUP_MEMBERS: &str = "members of groups";
    pub const SOURCE_MEMBERS: &str = "members of groups that assignments are inherited from";
    pub const GROUP_ORG_ROLES: &str = "organization roles of groups";
    pub const USER_ORG_ROLES: &str = "organization roles of users";
    pub const PROJECT_ROLES: &str = "roles of projects";
    pub const PROJECT_GROUPS: &str = "groups of projects";
    pub const PROJECT_USERS: &str = "users of projects";
    pub const PROJECT_GROUP_ROLES: &str = "roles of project groups";
    pub const PROJECT_USER_ROLES: &str = "roles of project users";
}

struct Reader<'a> {
    client: &'a AdminClient,
    tracker: Tracker<'a>,
    permits: Semaphore,
    focus: Option<&'a Focus>,
}

impl Reader<'_> {
    /// One list of `kind`, under a concurrency permit, counted when read;
    /// `what` names it in an error.
    async fn list<T>(
        &self,
        kind: &'static str,
        what: impl FnOnce() -> String,
        request: impl Future<Output = Result<Vec<T>, ApiError>>,
    ) -> Result<Vec<T>, ReadError> {
        let result = {
            let _permit = self
                .permits
                .acquire()
                .await
                .expect("the semaphore is never closed");
            request.await
        };
        let items = result.map_err(|error| ReadError::Api {
            what: what(),
            error,
        })?;
        self.tracker.read(kind, items.len());
        Ok(items)
    }

    /// `list` when `wanted`, else nothing (and no request).
    async fn list_if<T>(
        &self,
        wanted: bool,
        kind: &'static str,
        what: impl FnOnce() -> String,
        request: impl Future<Output = Result<Vec<T>, ApiError>>,
    ) -> Result<Vec<T>, ReadError> {
        if wanted {
            self.list(kind, what, request).await
        } else {
            Ok(Vec::new())
        }
    }

    async fn read(&self, plan: &ReadPlan) -> Result<Inventory, ReadError> {
        let client = self.client;
        for single in [kind::USERS, kind::GROUPS, kind::ORG_ROLES, kind::PROJECTS] {
            self.tracker.expect(single, 1);
        }
        let (users, groups, org_roles, projects) = try_join4(
            self.list(kind::USERS, || "users".into(), client.list_users()),
            self.list(kind::GROUPS, || "groups".into(), client.list_groups()),
            self.list(
                kind::ORG_ROLES,
                || "organization roles".into(),
                client.list_org_roles(),
            ),
            self.list(
                kind::PROJECTS,
                || "projects".into(),
                client.list_projects(true),
            ),
        )
        .await?;
        check_selection(plan, &projects)?;
        let whose = match self.focus {
            None => Whose::Everyone,
            Some(focus) => Whose::One {
                user: focus.resolve(&users),
                groups: BTreeSet::new(),
            },
        };
        self.announce(plan, &users, &groups, &projects, &whose);
        let read_projects: Vec<String> = projects
            .iter()
            .filter(|p| reads_contents(plan, p))
            .map(|p| p.id.clone())
            .collect();
        let read_users = |whose: &Whose| {
            let whose = whose.clone();
            try_join_all(
                users
                    .clone()
                    .into_iter()
                    .map(move |user| self.user(plan, user, whose.clone())),
            )
        };
        let (users, groups, declared, settings, projects) = match whose {
            Whose::Everyone => futures::try_join!(
                read_users(&whose),
                try_join_all(
                    groups
                        .into_iter()
                        .map(|group| self.group(plan, group, &whose))
                ),
                self.declared(plan, &read_projects),
                self.settings(plan, &read_projects),
                try_join_all(
                    projects
                        .into_iter()
                        .map(|project| self.project(plan, project, &whose))
                ),
            )?,
            Whose::One { ref user, .. } => {
                // Which groups the user is in decides which of their
                // roles are read, in the organization and in projects.
                let (users, groups, declared, settings) = futures::try_join!(
                    read_users(&whose),
                    try_join_all(
                        groups
                            .into_iter()
                            .map(|group| self.group(plan, group, &whose))
                    ),
                    self.declared(plan, &read_projects),
                    self.settings(plan, &read_projects),
                )?;
                let whose = Whose::One {
                    user: user.clone(),
                    groups: groups
                        .iter()
                        .filter(|g| {
                            g.members
                                .iter()
                                .flatten()
                                .any(|m| Some(&m.id) == user.as_ref())
                        })
                        .map(|g| g.group.id.clone())
                        .collect(),
                };
                let projects = try_join_all(
                    projects
                        .into_iter()
                        .map(|project| self.project(plan, project, &whose)),
                )
                .await?;
                (users, groups, declared, settings, projects)
            }
        };
        let mut inventory = Inventory {
            users,
            groups,
            org_roles,
            projects,
            declared,
            settings,
        };
        if plan.source_members {
            self.read_source_members(&mut inventory).await?;
        }
        Ok(inventory)
    }

    /// Says how many lists are to be read (and counts them as expected).
    fn announce(
        &self,
        plan: &ReadPlan,
        users: &[User],
        groups: &[Group],
        projects: &[Project],
        whose: &Whose,
    ) {
        let whose_users = users.iter().filter(|u| whose.user(&u.id)).count();
        let users = if plan.org_user_roles { whose_users } else { 0 };
        let members = groups.iter().filter(|g| plan.reads_members_of(g)).count();
        // One user's groups are known once members are read: counted then.
        let group_roles = match whose {
            Whose::Everyone if plan.org_group_roles => groups.len(),
            _ => 0,
        };
        let read = projects.iter().filter(|p| reads_contents(plan, p)).count();
        let per_project = |wanted: bool| if wanted { read } else { 0 };
        let expected = [
            (kind::USER_ORG_ROLES, users),
            (kind::GROUP_MEMBERS, members),
            (kind::GROUP_ORG_ROLES, group_roles),
            (kind::PROJECT_ROLES, per_project(plan.project_roles)),
            (kind::PROJECT_GROUPS, per_project(plan.project_groups)),
            (kind::PROJECT_USERS, per_project(plan.project_users)),
        ];
        let mut lists = 0;
        for (kind, count) in expected {
            if count > 0 {
                self.tracker.expect(kind, count);
                lists += count;
            }
        }
        let then = match (plan.project_groups, plan.project_user_roles) {
            (true, true) => ", then one per project group and one per project user",
            (true, false) => ", then one per project group",
            (false, true) => ", then one per project user",
            (false, false) => "",
        };
        if lists > 0 {
            self.tracker.say(&format!(
                "to read: {lists} more {} (a request each, more for long ones){then}",
                if lists == 1 { "list" } else { "lists" }
            ));
        }
    }

    /// The objects of the declared types of the plan: a type below a
    /// project is listed in every project whose contents are read.
    async fn declared(
        &self,
        plan: &ReadPlan,
        read: &[String],
    ) -> Result<BTreeMap<&'static str, Vec<ApiObject>>, ReadError> {
        let decls: Vec<&'static Declaration> = plan
            .declared
            .iter()
            .map(|name| {
                declared::declaration(name)
                    .map(|d| &**d)
                    .unwrap_or_else(|| panic!("{name} is not a declared type"))
            })
            .collect();
        let lists = try_join_all(decls.into_iter().map(|decl| async move {
            let below: Vec<Option<&str>> = match decl.params().as_slice() {
                [] => vec![None],
                ["project_id"] => read.iter().map(|id| Some(id.as_str())).collect(),
                other => panic!("{}: no export below {other:?}", decl.type_name),
            };
            let kind = declared::intern(format!("{}s", decl.noun));
            self.tracker.expect(kind, below.len());
            let objects =
                try_join_all(below.into_iter().map(|project| async move {
                    self.declared_list(plan, decl, kind, project).await
                }))
                .await?;
            let mut objects: Vec<ApiObject> = objects.into_iter().flatten().collect();
            let view = decl.export.as_ref().and_then(|e| e.project_view);
            if let (true, Some(view)) = (plan.project_views, view) {
                self.active_in_projects(decl, view, read, &mut objects)
                    .await?;
            }
            Ok::<_, ReadError>((decl.type_name, objects))
        }))
        .await?;
        Ok(lists.into_iter().collect())
    }

    /// Every object of one declared collection (in `project`, when the
    /// type is below one), each marked with its `project_id`.
    async fn declared_list(
        &self,
        plan: &ReadPlan,
        decl: &'static Declaration,
        kind: &'static str,
        project: Option<&str>,
    ) -> Result<Vec<ApiObject>, ReadError> {
        let what = || match project {
            Some(id) => format!("the {}s of project {id}", decl.noun),
            None => format!("the {}s", decl.noun),
        };
        let values: Vec<(&'static str, String)> = project
            .map(|id| ("project_id", id.to_owned()))
            .into_iter()
            .collect();
        let path = decl.list_path(values.clone()).map_err(|problem| {
            ReadError::Selection(format!("cannot read {}: {problem}", what()))
        })?;
        let mut objects = self
            .list(
                kind,
                what,
                self.client.list_objects(&path, decl.routes.list, &[]),
            )
            .await?;
        if plan.retrieve && decl.export.as_ref().is_some_and(|e| e.retrieve) {
            objects = self.retrieved(decl, &values, objects).await?;
        }
        if let Some(id) = project {
            for object in &mut objects {
                object.0.insert(
                    "project_id".to_owned(),
                    serde_json::Value::String(id.to_owned()),
                );
            }
        }
        Ok(objects)
    }

    /// Marks each object with the read projects whose view of it says
    /// `active` (`active_project_ids`, sorted): one list per project; a
    /// project that answers 404 sees none active.
    async fn active_in_projects(
        &self,
        decl: &'static Declaration,
        view: &'static [declared::Part],
        read: &[String],
        objects: &mut [ApiObject],
    ) -> Result<(), ReadError> {
        let kind = declared::intern(format!("{}s of projects", decl.noun));
        self.tracker.expect(kind, read.len());
        let views = try_join_all(read.iter().map(|project| async move {
            let what = || format!("the {}s of project {project}", decl.noun);
            let path = declared::collection_path(view, vec![("project_id", project.clone())])
                .map_err(|problem| {
                    ReadError::Selection(format!("cannot read {}: {problem}", what()))
                })?;
            let listed = async {
                match self.client.list_objects(&path, decl.routes.list, &[]).await {
                    Err(e) if e.is_not_found() => Ok(Vec::new()),
                    other => other,
                }
            };
            let listed = self.list(kind, what, listed).await?;
            let active: BTreeSet<String> = listed
                .iter()
                .filter(|o| o.field("active").as_bool() == Some(true))
                .map(|o| o.id().to_owned())
                .collect();
            Ok::<_, ReadError>((project.clone(), active))
        }))
        .await?;
        for object in objects {
            let mut projects: Vec<String> = views
                .iter()
                .filter(|(_, active)| active.contains(object.id()))
                .map(|(project, _)| project.clone())
                .collect();
            projects.sort();
            object
                .0
                .insert("active_project_ids".to_owned(), serde_json::json!(projects));
        }
        Ok(())
    }

    /// Each listed object with the fields its retrieve (with the import's
    /// query) adds: what a list leaves out (a certificate's PEM). One gone
    /// since the list is left out.
    async fn retrieved(
        &self,
        decl: &'static Declaration,
        values: &[(&'static str, String)],
        listed: Vec<ApiObject>,
    ) -> Result<Vec<ApiObject>, ReadError> {
        let kind = declared::intern(format!("{}s retrieved", decl.noun));
        self.tracker.expect(kind, listed.len());
        let found = try_join_all(listed.into_iter().map(|mut object| async move {
            let id = object.id().to_owned();
            let what = || format!("{} {id}", decl.noun);
            let path = decl.item_path(values.to_vec(), &id).map_err(|problem| {
                ReadError::Selection(format!("cannot read {}: {problem}", what()))
            })?;
            let one = async {
                match self
                    .client
                    .get_object_with(&path, decl.routes.import_query)
                    .await
                {
                    Ok(object) => Ok(vec![object]),
                    Err(e) if e.is_not_found() => Ok(Vec::new()),
                    Err(e) => Err(e),
                }
            };
            let Some(detail) = self.list(kind, what, one).await?.pop() else {
                return Ok(None);
            };
            // The list's fields stay (`active` at its scope); the
            // retrieve's are added, nested ones merged.
            merge(&mut object.0, detail.0);
            Ok::<_, ReadError>(Some(object))
        }))
        .await?;
        Ok(found.into_iter().flatten().collect())
    }

    async fn user(
        &self,
        plan: &ReadPlan,
        user: User,
        whose: Whose,
    ) -> Result<UserEntry, ReadError> {
        let org_roles = self
            .list_if(
                plan.org_user_roles && whose.user(&user.id),
                kind::USER_ORG_ROLES,
                || format!("the organization roles of user {}", user.id),
                self.client.list_org_user_roles(&user.id),
            )
            .await?;
        Ok(UserEntry { user, org_roles })
    }

    async fn group(
        &self,
        plan: &ReadPlan,
        group: Group,
        whose: &Whose,
    ) -> Result<GroupEntry, ReadError> {
        let read_members = plan.reads_members_of(&group);
        if let Whose::One { user, .. } = whose {
            // Its roles only if the user is a member.
            let members = self
                .list_if(
                    read_members,
                    kind::GROUP_MEMBERS,
                    || format!("the members of group {}", group.id),
                    self.client.list_group_users(&group.id),
                )
                .await?;
            let member = members.iter().any(|m| Some(&m.id) == user.as_ref());
            let roles = plan.org_group_roles && member;
            if roles {
                self.tracker.expect(kind::GROUP_ORG_ROLES, 1);
            }
            let org_roles = self
                .list_if(
                    roles,
                    kind::GROUP_ORG_ROLES,
                    || format!("the organization roles of group {}", group.id),
                    self.client.list_org_group_roles(&group.id),
                )
                .await?;
            return Ok(GroupEntry {
                group,
                members: read_members.then_some(members),
                org_roles,
            });
        }
        let (members, org_roles) = futures::try_join!(
            self.list_if(
                read_members,
                kind::GROUP_MEMBERS,
                || format!("the members of group {}", group.id),
                self.client.list_group_users(&group.id),
            ),
            self.list_if(
                plan.org_group_roles,
                kind::GROUP_ORG_ROLES,
                || format!("the organization roles of group {}", group.id),
                self.client.list_org_group_roles(&group.id),
            ),
        )?;
        Ok(GroupEntry {
            group,
            members: read_members.then_some(members),
            org_roles,
        })
    }

    async fn project(
        &self,
        plan: &ReadPlan,
        project: Project,
        whose: &Whose,
    ) -> Result<ProjectEntry, ReadError> {
        if !reads_contents(plan, &project) {
            return Ok(ProjectEntry {
                project,
                contents: None,
            });
        }
        let id = project.id.as_str();
        let client = self.client;
        let (roles, groups, users) = futures::try_join!(
            self.list_if(
                plan.project_roles,
                kind::PROJECT_ROLES,
                || format!("the roles of project {id}"),
                client.list_project_roles(id),
            ),
            self.list_if(
                plan.project_groups,
                kind::PROJECT_GROUPS,
                || format!("the groups of project {id}"),
                client.list_project_groups(id),
            ),
            self.list_if(
                plan.project_users,
                kind::PROJECT_USERS,
                || format!("the users of project {id}"),
                client.list_project_users(id),
            ),
        )?;
        let read_group = |access: &ProjectGroup| whose.group(&access.group_id);
        let read_user = |access: &ProjectUser| plan.project_user_roles && whose.user(&access.id);
        self.tracker.expect(
            kind::PROJECT_GROUP_ROLES,
            groups.iter().filter(|a| read_group(a)).count(),
        );
        self.tracker.expect(
            kind::PROJECT_USER_ROLES,
            users.iter().filter(|a| read_user(a)).count(),
        );
        let (groups, users) = futures::try_join!(
            try_join_all(groups.into_iter().map(|access| async {
                let roles = self
                    .list_if(
                        read_group(&access),
                        kind::PROJECT_GROUP_ROLES,
                        || format!("the roles of group {} in project {id}", access.group_id),
                        client.list_project_group_roles(id, &access.group_id),
                    )
                    .await?;
                Ok::<_, ReadError>(ProjectGroupEntry { access, roles })
            })),
            try_join_all(users.into_iter().map(|access| async {
                let roles = self
                    .list_if(
                        read_user(&access),
                        kind::PROJECT_USER_ROLES,
                        || format!("the roles of user {} in project {id}", access.id),
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

    /// Reads the members of every group that a user's assignment names as
    /// its source, when they were not read: only those groups, so that an
    /// organization whose SCIM groups pass roles on costs one list per such
    /// group, not one per group.
    async fn read_source_members(&self, inventory: &mut Inventory) -> Result<(), ReadError> {
        let named = source_groups(inventory);
        let wanted: Vec<&mut GroupEntry> = inventory
            .groups
            .iter_mut()
            .filter(|g| g.members.is_none() && named.contains(&g.group.id))
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        self.tracker.expect(kind::SOURCE_MEMBERS, wanted.len());
        let client = self.client;
        try_join_all(wanted.into_iter().map(|entry| async move {
            let members = self
                .list(
                    kind::SOURCE_MEMBERS,
                    || format!("the members of group {}", entry.group.id),
                    client.list_group_users(&entry.group.id),
                )
                .await?;
            entry.members = Some(members);
            Ok::<_, ReadError>(())
        }))
        .await?;
        Ok(())
    }
}

/// True when the project's contents are to be read.
/// `from`'s fields added to `into`, objects merged field by field.
fn merge(
    into: &mut serde_json::Map<String, serde_json::Value>,
    from: serde_json::Map<String, serde_json::Value>,
) {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (Some(serde_json::Value::Object(kept)), serde_json::Value::Object(more)) => {
                merge(kept, more)
            }
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}

fn reads_contents(plan: &ReadPlan, project: &Project) -> bool {
    let selected = plan
        .project_ids
        .as_ref()
        .is_none_or(|ids| ids.contains(&project.id));
    selected && (plan.archived_contents || !project.is_archived())
}

/// IDs of the principals users' assignments name as their sources.
fn source_groups(inventory: &Inventory) -> BTreeSet<String> {
    let project_roles = inventory
        .projects
        .iter()
        .filter_map(|p| p.contents.as_ref())
        .flat_map(|c| c.users.iter())
        .flat_map(|u| u.roles.iter());
    let org_roles = inventory.users.iter().flat_map(|u| u.org_roles.iter());
    org_roles
        .chain(project_roles)
        .filter_map(|assigned| assigned.assignment_sources.as_ref())
        .flatten()
        .map(|source| source.principal_id.clone())
        .collect()
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
            None => problems.push(format!("the organization has no project {id:?}")),
            Some(p) if !plan.archived_contents && p.is_archived() => problems.push(format!(
                "project {id:?} ({:?}) is archived: archived projects cannot be managed, so \
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
mod tests;

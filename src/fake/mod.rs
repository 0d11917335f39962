//! A local, faithful fake of the OpenAI Admin API's access control (roles,
//! role assignments, groups and their members, projects, project access,
//! users) and the policies of organizations and projects (settings, rate
//! limits, spend alerts, certificates), for acceptance tests, benchmarks,
//! demos and dry runs.
//!
//! It serves the documented paths under `/v1` (every operation of
//! `openapi-admin.json` the provider uses), the documented JSON shapes,
//! page sizes and cursors, and the real error body, and it reproduces the
//! API's traps (predefined role id aliasing, paging, unordered permissions,
//! rate limits (per route if asked, as the real API limits each endpoint,
//! silent but for the message if asked), requests applied although they
//! failed, reads lagging behind writes) so that clients tested against it behave against the real thing.
//!
//! The organization served is a [`Fixture`], rebuilt on start and on every
//! reset: the built-in one below ([`Fixture::builtin`]) unless
//! [`FakeConfig::fixture`] (or `openai-admin-fake --fixture FILE`, env
//! `OPENAI_FAKE_FIXTURE`) names another, such as a copy of a real
//! organization written by `openai-admin snapshot`. The [`fixture`] module
//! documents the file format and its loading rules (ids kept verbatim,
//! predefined roles added to scopes that list none, every reference
//! checked).
//!
//! Built-in organization `org_fake`:
//! - projects `proj_alpha` ("Alpha") and `proj_beta` ("Beta"), active, and
//!   `proj_legacy` ("Legacy"), archived: it answers reads, is listed only
//!   with `include_archived=true`, and refuses every write below it
//!   (`project_archived`);
//! - groups `group_engineering` (members alice, bob), `group_support`
//!   (carol), `group_finance`, `group_contractors` (no members) and the
//!   SCIM-managed `group_sales` (dee), which the API refuses to rename,
//!   delete or change the members of (`group_is_scim_managed`);
//! - users `user_alice` (Alice, `alice@example.com`, organization owner),
//!   `user_bob`, `user_carol`, `user_dee`, `user_erin` (likewise named,
//!   readers); erin is in no group and no project;
//! - project access: `proj_alpha` has groups engineering, support, finance
//!   and users alice (owner), bob (member); `proj_beta` has group
//!   engineering and user bob (owner). Fixture access comes without join
//!   roles, so there are no role assignments at start;
//! - a pending invite `invite-fixtureFrank000000000` (frank@example.com,
//!   reader, to Beta as member); a service account
//!   `svc_acct_fixtureDeployBot0000000` ("deploy-bot") in Alpha with its key
//!   `key_fixtureDeployBot000000000`, and Bob's key
//!   `key_fixtureBobLaptop000000000` in Beta (no values: shown once, before);
//! - predefined roles owner/member/viewer per project
//!   (`role-api-project-member__api-project__proj_alpha`, alias
//!   `role-api-project-member`) and for the organization
//!   (`role-api-organization-member`); no custom roles.
//!
//! Domain rules worth knowing: a group joins a project with a project role
//! (`POST /organization/projects/{p}/groups {group_id, role}`), which the
//! fake records as a role assignment of the group in the project (the
//! "join role"); leaving a project, or deleting a group, drops the
//! principal's role assignments there. Users get roles by the same rules as
//! groups (`user_not_in_project`, `role_already_assigned`, scopes, aliases).
//!
//! People and machines: invites (`POST /organization/invites`, pending until
//! `POST /__fake/invites/{id}/accept` makes the person an organization user
//! with the invite's role and projects, or `.../expire`), organization users
//! (role change; delete removes their group and project memberships, role
//! assignments and keys), project service accounts (a project principal for
//! the user role-assignment routes; created with their first key unless
//! `create_service_account_only`), project API keys and admin API keys
//! (values shown once, in the create answer; admin keys made through the
//! API authenticate until deleted or expired). These types are declared in
//! `fake::collections`: a declaration per type, one generic store and router.
//!
//! Besides `/v1`, unauthenticated control endpoints exist for scripts:
//! `GET /__fake/state`, `GET /__fake/stats`, `GET|POST /__fake/faults`,
//! `POST /__fake/reset`, `GET /__fake/health`, `GET /__fake/issued_keys`
//! (every key value handed out), `POST /__fake/invites/{id}/accept|expire`.

mod audit;
mod catalog;
pub(crate) mod collections;
mod control;
mod errors;
mod faults;
pub mod fixture;
mod middleware;
mod pagination;
mod query;
mod requests;
mod routes;
mod state;
mod stats;
mod store;
mod wire;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use catalog::{PERMISSIONS, org_role_id, project_role_alias, project_role_id};
pub use faults::{FaultConfig, RateLimitScope, RateLimitSignal};
pub use fixture::Fixture;
pub use stats::{FaultCause, RequestRecord};
pub use store::{
    FakeAssignment, FakeGroup, FakeProject, FakeProjectUser, FakeRole, FakeUser,
    FakeUserAssignment, ORG_ID,
};

use audit::NewEvent;
use serde_json::json;
use state::Shared;
use store::{Principal, Scope};

/// The key the fake accepts unless configured otherwise.
pub const DEFAULT_API_KEY: &str = "sk-admin-fake-local";

/// Project ids of the built-in organization (`proj_legacy` is archived).
pub const FIXTURE_PROJECTS: &[&str] = &["proj_alpha", "proj_beta", "proj_legacy"];
/// Group ids of the built-in organization (`group_sales` is SCIM-managed).
pub const FIXTURE_GROUPS: &[&str] = &[
    "group_engineering",
    "group_support",
    "group_finance",
    "group_contractors",
    "group_sales",
];
/// User ids of the built-in organization.
pub const FIXTURE_USERS: &[&str] = &[
    "user_alice",
    "user_bob",
    "user_carol",
    "user_dee",
    "user_erin",
];

#[derive(Clone, Debug)]
pub struct FakeConfig {
    /// The only key accepted (must start with `sk-admin-` to be usable).
    pub api_key: String,
    /// Hard cap on items per page, whatever `limit` the client asks for.
    pub page_size: usize,
    /// Status for a duplicate role name: 400 (default) or 409.
    pub duplicate_name_status: u16,
    /// Assigning an already-assigned role returns it with 200 instead of a 400.
    pub reassign_returns_existing: bool,
    /// Status of successful creates: 200 (default) or 201.
    pub create_status: u16,
    pub faults: FaultConfig,
    /// Added to every `/v1` request.
    pub latency: Duration,
    /// Eventual consistency: for this long after a create through the API
    /// (role, assignment, group, group member, project, project group with
    /// its join role, project user), its GET and the list it belongs to
    /// behave as if it did not exist yet (404, absent). Writes (update,
    /// delete, duplicate checks) see it at once. Zero (default) =
    /// read-your-writes.
    pub read_after_write_delay: Duration,
    /// The organization to serve, and to go back to on reset; `None` = the
    /// built-in one ([`Fixture::builtin`]).
    pub fixture: Option<Arc<Fixture>>,
}

impl Default for FakeConfig {
    fn default() -> Self {
        FakeConfig {
            api_key: DEFAULT_API_KEY.to_string(),
            page_size: 100,
            duplicate_name_status: 400,
            reassign_returns_existing: false,
            create_status: 200,
            faults: FaultConfig::default(),
            latency: Duration::ZERO,
            read_after_write_delay: Duration::ZERO,
            fixture: None,
        }
    }
}

/// A running fake. Dropping it stops the server too (without waiting).
pub struct FakeServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl FakeServer {
    /// Binds 127.0.0.1:port (0 = random) and serves in a spawned tokio task.
    /// An invalid `config.fixture` is an `InvalidInput` error naming the
    /// JSON location of the problem.
    pub async fn start(port: u16, config: FakeConfig) -> std::io::Result<FakeServer> {
        let shared = Shared::new(config)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        let shared = Arc::new(shared);
        let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, port)).await?;
        let addr = listener.local_addr()?;
        let app = routes::router(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                // A dropped sender also means stop.
                let _ = stopped.await;
            });
            if let Err(e) = serve.await {
                log::error!("openai-admin-fake: server error: {e}");
            }
        });
        Ok(FakeServer {
            addr,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// Starts the fake on its own runtime, for plain (non-async) `#[test]`s.
    /// Must not be called (or dropped) from inside an async context.
    pub fn start_blocking(port: u16, config: FakeConfig) -> std::io::Result<BlockingFakeServer> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("openai-admin-fake")
            .enable_all()
            .build()?;
        let server = runtime.block_on(FakeServer::start(port, config))?;
        Ok(BlockingFakeServer {
            server: Some(server),
            runtime: Some(runtime),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    pub fn handle(&self) -> FakeHandle {
        FakeHandle {
            shared: self.shared.clone(),
        }
    }

    /// Stops accepting connections and waits for open ones to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A fake running on a private runtime; see [`FakeServer::start_blocking`].
pub struct BlockingFakeServer {
    server: Option<FakeServer>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl BlockingFakeServer {
    fn server(&self) -> &FakeServer {
        // Both options are only emptied by shutdown/drop, which consume self.
        self.server.as_ref().expect("fake server already shut down")
    }

    pub fn addr(&self) -> SocketAddr {
        self.server().addr()
    }

    pub fn base_url(&self) -> String {
        self.server().base_url()
    }

    pub fn handle(&self) -> FakeHandle {
        self.server().handle()
    }

    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let (Some(server), Some(runtime)) = (self.server.take(), self.runtime.take()) {
            runtime.block_on(server.shutdown());
            runtime.shutdown_timeout(Duration::from_secs(1));
        }
    }
}

impl Drop for BlockingFakeServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Synchronous access to the fake's state, usable from blocking test code
/// while the server runs. Cheap to clone.
#[derive(Clone)]
pub struct FakeHandle {
    shared: Arc<Shared>,
}

impl FakeHandle {
    /// Custom (non-predefined) roles of a project, in creation order.
    pub fn custom_project_roles(&self, project_id: &str) -> Vec<FakeRole> {
        self.shared.store().custom_roles(Scope::Project(project_id))
    }

    /// Custom organization roles, in creation order.
    pub fn custom_org_roles(&self) -> Vec<FakeRole> {
        self.shared.store().custom_roles(Scope::Org)
    }

    /// All group assignments, project and organization scope, in creation order.
    pub fn group_assignments(&self) -> Vec<FakeAssignment> {
        self.shared.store().group_assignments()
    }

    /// All user assignments, project and organization scope, in creation order.
    pub fn user_assignments(&self) -> Vec<FakeUserAssignment> {
        self.shared.store().user_assignments()
    }

    /// Deletes a custom project role out of band (and its assignments).
    pub fn delete_project_role(&self, project_id: &str, role_id: &str) -> bool {
        let done = self
            .shared
            .store()
            .force_delete_project_role(project_id, role_id);
        self.noted(done, || {
            NewEvent::new("role.deleted", json!({"id": role_id})).in_project(Some(project_id))
        })
    }

    /// Replaces a custom project role's permissions out of band (no validation).
    pub fn set_project_role_permissions(
        &self,
        project_id: &str,
        role_id: &str,
        perms: &[&str],
    ) -> bool {
        let before: Vec<String> = self
            .shared
            .store()
            .get_role(Scope::Project(project_id), role_id)
            .map(|r| r.permissions)
            .unwrap_or_default();
        let done = self
            .shared
            .store()
            .force_set_permissions(project_id, role_id, perms);
        self.noted(done, || {
            let added: Vec<&str> = perms
                .iter()
                .filter(|p| !before.iter().any(|b| b == *p))
                .copied()
                .collect();
            let removed: Vec<&String> = before
                .iter()
                .filter(|b| !perms.contains(&b.as_str()))
                .collect();
            NewEvent::new(
                "role.updated",
                json!({"id": role_id, "changes_requested": {
                    "resource_type": "api.project", "resource_id": project_id,
                    "permissions_added": added, "permissions_removed": removed}}),
            )
            .in_project(Some(project_id))
        })
    }

    /// Removes an assignment out of band; `role_id` may be an alias.
    pub fn remove_group_assignment(
        &self,
        project_id: Option<&str>,
        group_id: &str,
        role_id: &str,
    ) -> bool {
        self.unassign(project_id, Principal::group(group_id), role_id)
    }

    /// Removes a user's assignment out of band; `role_id` may be an alias.
    pub fn remove_user_assignment(
        &self,
        project_id: Option<&str>,
        user_id: &str,
        role_id: &str,
    ) -> bool {
        self.unassign(project_id, Principal::user(user_id), role_id)
    }

    fn unassign(&self, project_id: Option<&str>, principal: Principal, role_id: &str) -> bool {
        let done =
            self.shared
                .store()
                .force_unassign(Scope::from_option(project_id), principal, role_id);
        self.noted(done, || {
            assignment_event("role.assignment.deleted", project_id, principal, role_id)
        })
    }

    /// Creates a custom project role out of band (e.g. to test import).
    ///
    /// # Panics
    /// If the project does not exist or the name is taken: a test bug.
    pub fn insert_project_role(&self, project_id: &str, name: &str, perms: &[&str]) -> FakeRole {
        let made = self
            .shared
            .store()
            .insert_project_role(project_id, name, perms);
        match made {
            Ok(role) => {
                self.noted(true, || {
                    NewEvent::new(
                        "role.created",
                        json!({"id": role.id, "role_name": name, "permissions": perms,
                               "resource_type": "api.project", "resource_id": project_id}),
                    )
                    .in_project(Some(project_id))
                });
                role
            }
            Err(e) => panic!("insert_project_role({project_id}, {name}): {}", e.message),
        }
    }

    /// Creates an assignment out of band; false if the project, group or role
    /// is unknown, the group is not in the project, or it already exists.
    pub fn insert_group_assignment(
        &self,
        project_id: Option<&str>,
        group_id: &str,
        role_id: &str,
    ) -> bool {
        self.assign(project_id, Principal::group(group_id), role_id)
    }

    /// Creates a user's assignment out of band; false if the project, user
    /// or role is unknown, the user is not in the project, or it already
    /// exists.
    pub fn insert_user_assignment(
        &self,
        project_id: Option<&str>,
        user_id: &str,
        role_id: &str,
    ) -> bool {
        self.assign(project_id, Principal::user(user_id), role_id)
    }

    fn assign(&self, project_id: Option<&str>, principal: Principal, role_id: &str) -> bool {
        let done =
            self.shared
                .store()
                .force_assign(Scope::from_option(project_id), principal, role_id);
        self.noted(done, || {
            assignment_event("role.assignment.created", project_id, principal, role_id)
        })
    }

    // ----- groups, members, projects, project access, users -------------

    /// Every group, in creation order.
    pub fn groups(&self) -> Vec<FakeGroup> {
        self.shared.store().groups()
    }

    /// User ids of a group's members, in the order they joined (empty for
    /// an unknown group).
    pub fn group_members(&self, group_id: &str) -> Vec<String> {
        self.shared.store().group_members(group_id)
    }

    /// Ids of the groups with access to a project (empty for an unknown project).
    pub fn project_groups(&self, project_id: &str) -> Vec<String> {
        self.shared.store().project_groups(project_id)
    }

    /// Users of a project with their project role (empty for an unknown project).
    pub fn project_users(&self, project_id: &str) -> Vec<FakeProjectUser> {
        self.shared.store().project_users(project_id)
    }

    /// Every project with its status, archived ones included, in creation order.
    pub fn projects(&self) -> Vec<FakeProject> {
        self.shared.store().projects()
    }

    /// Every user of the organization.
    pub fn users(&self) -> Vec<FakeUser> {
        self.shared.store().users()
    }

    /// Adds a reader to the organization out of band and returns its id.
    ///
    /// # Panics
    /// On an empty name, or an email address another user has: a test bug.
    pub fn add_user(&self, name: &str, email: &str) -> String {
        let added = self.shared.store().force_add_user(name, email);
        match added {
            Ok(id) => {
                self.noted(true, || {
                    NewEvent::new("user.added", json!({"id": id, "data": {"role": "reader"}}))
                });
                id
            }
            Err(e) => panic!("add_user({name:?}, {email:?}): {}", e.message),
        }
    }

    /// Creates a group out of band and returns its id.
    ///
    /// # Panics
    /// If the name is empty or longer than 255 characters: a test bug.
    pub fn create_group(&self, name: &str) -> String {
        let made = self.shared.store().force_create_group(name);
        match made {
            Ok(id) => {
                self.noted(true, || {
                    NewEvent::new(
                        "group.created",
                        json!({"id": id, "data": {"group_name": name}}),
                    )
                });
                id
            }
            Err(e) => panic!("create_group({name:?}): {}", e.message),
        }
    }

    /// Renames a group out of band (SCIM-managed ones too, as their identity
    /// provider would); false for an unknown group or an invalid name.
    pub fn rename_group(&self, group_id: &str, name: &str) -> bool {
        let done = self.shared.store().force_rename_group(group_id, name);
        self.noted(done, || {
            NewEvent::new(
                "group.updated",
                json!({"id": group_id, "changes_requested": {"group_name": name}}),
            )
        })
    }

    /// Deletes a group out of band with its memberships, project access and
    /// role assignments; false for an unknown group.
    pub fn delete_group(&self, group_id: &str) -> bool {
        let done = self.shared.store().force_delete_group(group_id);
        self.noted(done, || {
            NewEvent::new("group.deleted", json!({"id": group_id}))
        })
    }

    /// Adds a member out of band; false for an unknown group or user, or a
    /// member already there.
    pub fn add_group_member(&self, group_id: &str, user_id: &str) -> bool {
        let done = self
            .shared
            .store()
            .force_add_group_member(group_id, user_id);
        self.noted(done, || member_event(group_id, user_id))
    }

    /// Removes a member out of band; false if it was not a member.
    pub fn remove_group_member(&self, group_id: &str, user_id: &str) -> bool {
        let done = self
            .shared
            .store()
            .force_remove_group_member(group_id, user_id);
        self.noted(done, || member_event(group_id, user_id))
    }

    /// Gives a group access to a project out of band, with a join role
    /// (recorded as the group's role assignment there) or, with `None`,
    /// without one. False when the project is unknown or archived, the group
    /// or role unknown, or the access already there.
    pub fn add_project_group(&self, project_id: &str, group_id: &str, role: Option<&str>) -> bool {
        let done = self
            .shared
            .store()
            .force_add_project_group(project_id, group_id, role);
        self.noted(done, || {
            assignment_event(
                "role.assignment.created",
                Some(project_id),
                Principal::group(group_id),
                role.unwrap_or_default(),
            )
        })
    }

    /// Takes a group's access to a project away out of band, with its role
    /// assignments there; false if it had no access or the project is archived.
    pub fn remove_project_group(&self, project_id: &str, group_id: &str) -> bool {
        let done = self
            .shared
            .store()
            .force_remove_project_group(project_id, group_id);
        self.noted(done, || {
            assignment_event(
                "role.assignment.deleted",
                Some(project_id),
                Principal::group(group_id),
                "",
            )
        })
    }

    /// Adds a user to a project out of band with role `owner` or `member`;
    /// false when the API would refuse it.
    pub fn add_project_user(&self, project_id: &str, user_id: &str, role: &str) -> bool {
        let done = self
            .shared
            .store()
            .force_add_project_user(project_id, user_id, role);
        self.noted(done, || {
            NewEvent::new("user.added", json!({"id": user_id, "data": {"role": role}}))
                .in_project(Some(project_id))
        })
    }

    /// Changes a project user's role out of band; false when the API would refuse it.
    pub fn set_project_user_role(&self, project_id: &str, user_id: &str, role: &str) -> bool {
        let done = self
            .shared
            .store()
            .force_set_project_user_role(project_id, user_id, role);
        self.noted(done, || {
            NewEvent::new(
                "user.updated",
                json!({"id": user_id, "changes_requested": {"role": role}}),
            )
            .in_project(Some(project_id))
        })
    }

    /// Removes a user from a project out of band, with the user's role
    /// assignments there; false if not a user of it or the project is archived.
    pub fn remove_project_user(&self, project_id: &str, user_id: &str) -> bool {
        let done = self
            .shared
            .store()
            .force_remove_project_user(project_id, user_id);
        self.noted(done, || {
            NewEvent::new("user.deleted", json!({"id": user_id})).in_project(Some(project_id))
        })
    }

    /// Creates an active project (with its predefined roles) out of band and
    /// returns its id.
    ///
    /// # Panics
    /// If the name is empty: a test bug.
    pub fn create_project(&self, name: &str) -> String {
        let made = self.shared.store().force_create_project(name);
        match made {
            Ok(id) => {
                self.noted(true, || {
                    NewEvent::new(
                        "project.created",
                        json!({"id": id, "data": {"name": name, "title": name}}),
                    )
                    .in_project(Some(&id))
                });
                id
            }
            Err(e) => panic!("create_project({name:?}): {}", e.message),
        }
    }

    /// Renames a project out of band; false for an unknown or archived
    /// project or an empty name.
    pub fn rename_project(&self, project_id: &str, name: &str) -> bool {
        let done = self.shared.store().force_rename_project(project_id, name);
        self.noted(done, || {
            NewEvent::new(
                "project.updated",
                json!({"id": project_id, "changes_requested": {"title": name}}),
            )
            .in_project(Some(project_id))
        })
    }

    /// Archives a project out of band (archiving twice is fine); false for
    /// an unknown project.
    pub fn archive_project(&self, project_id: &str) -> bool {
        let done = self.shared.store().force_archive_project(project_id);
        self.noted(done, || {
            NewEvent::new("project.archived", json!({"id": project_id}))
                .in_project(Some(project_id))
        })
    }

    // ----- declared types: invites, service accounts, keys ---------------

    /// The objects of a declared collection (`invites`, `service_accounts`,
    /// `project_api_keys`, `admin_api_keys`) as `GET /__fake/state` shows
    /// them (below a project with `project_id`); empty for an unknown name.
    pub fn collection(&self, name: &str) -> Vec<serde_json::Value> {
        self.shared
            .store()
            .collections
            .dump()
            .remove(name)
            .unwrap_or_default()
    }

    /// A setting's value (`project_data_retention`, `model_permissions`,
    /// ... of `fake::collections::settings`) for a project (`None`: the
    /// organization's); `None` when it has none (a deleted spend limit).
    ///
    /// # Panics
    /// For an unknown setting name: a test bug.
    pub fn setting(&self, name: &str, project_id: Option<&str>) -> Option<serde_json::Value> {
        let setting =
            collections::settings::setting(name).unwrap_or_else(|| panic!("no setting {name:?}"));
        self.shared.store().setting_value(setting, project_id)
    }

    /// Changes a setting out of band (`None`: deletes it), as someone in
    /// the dashboard would.
    ///
    /// # Panics
    /// For an unknown setting name: a test bug.
    pub fn set_setting(
        &self,
        name: &str,
        project_id: Option<&str>,
        value: Option<serde_json::Value>,
    ) {
        let setting =
            collections::settings::setting(name).unwrap_or_else(|| panic!("no setting {name:?}"));
        self.shared.store().set_setting(setting, project_id, value);
    }

    /// A project's rate limits as the API lists them.
    pub fn rate_limits(&self, project_id: &str) -> Vec<serde_json::Value> {
        self.shared
            .store()
            .collections
            .under_or_seed(&collections::rate_limits::RATE_LIMITS, Some(project_id))
    }

    /// Sets one limit of a project's rate limit out of band.
    ///
    /// # Panics
    /// If the project has no such rate limit: a test bug.
    pub fn set_rate_limit(&self, project_id: &str, rate_limit_id: &str, field: &str, value: i64) {
        let decl = &collections::rate_limits::RATE_LIMITS;
        let mut store = self.shared.store();
        store.collections.materialize(decl, Some(project_id));
        let entry = store
            .collections
            .find_mut(decl, Some(project_id), rate_limit_id)
            .unwrap_or_else(|| panic!("no rate limit {rate_limit_id} in {project_id}"));
        entry.object[field] = serde_json::json!(value);
    }

    /// The invited person accepts (as `POST /__fake/invites/{id}/accept`);
    /// returns the new user's id.
    ///
    /// # Panics
    /// If the invite is unknown or not pending: a test bug.
    pub fn accept_invite(&self, invite_id: &str, name: Option<&str>) -> String {
        let accepted = self.shared.store().accept_invite(invite_id, name);
        match accepted {
            Ok(out) => {
                self.shared.record_acceptance(invite_id, &out);
                out["user"]["id"].as_str().unwrap_or_default().to_string()
            }
            Err(e) => panic!("accept_invite({invite_id}): {}", e.message),
        }
    }

    /// A pending invite expires; false if unknown or not pending.
    pub fn expire_invite(&self, invite_id: &str) -> bool {
        self.shared.store().expire_invite(invite_id).is_ok()
    }

    /// Every secret key value the fake has handed out (once, in a create
    /// answer) since it started, to search files and output for.
    pub fn issued_key_values(&self) -> Vec<String> {
        let store = self.shared.store();
        store
            .collections
            .issued()
            .iter()
            .map(|k| k.value.clone())
            .collect()
    }

    // ----- the audit log ------------------------------------------------

    /// Out-of-band changes from now on are made by a dashboard session of
    /// the user with this email (as `POST /__fake/actor {"email": ...}`).
    ///
    /// # Panics
    /// If no user has that email: a test bug.
    pub fn act_as(&self, email: &str) {
        let actor = self
            .shared
            .session_of(email)
            .unwrap_or_else(|| panic!("act_as({email:?}): no user has that email"));
        self.shared.audit().set_out_of_band_actor(Some(actor));
    }

    /// Every audit event, oldest first, in the `GET /organization/audit_logs` shape.
    pub fn audit_events(&self) -> Vec<serde_json::Value> {
        self.shared
            .audit()
            .events()
            .iter()
            .map(|e| e.to_json())
            .collect()
    }

    /// Records an out-of-band change's event if it was made; returns `done`.
    fn noted(&self, done: bool, event: impl FnOnce() -> NewEvent) -> bool {
        if done {
            self.shared.record_out_of_band(event());
        }
        done
    }

    /// Replaces the fault config (and re-seeds its RNG, refills the rate-limit bucket).
    pub fn set_faults(&self, faults: FaultConfig) {
        self.shared.set_faults(faults);
    }

    /// The fault config in force; `fail_next` shows what is still queued.
    pub fn faults(&self) -> FaultConfig {
        self.shared.faults().current()
    }

    /// All `/v1` requests since start or the last reset.
    pub fn request_count(&self) -> usize {
        self.shared.log().total()
    }

    /// Counts by `"METHOD /route/template"` (template without `/v1`).
    pub fn request_counts(&self) -> BTreeMap<String, usize> {
        self.shared.log().counts()
    }

    /// Counts by response status, made-up answers (faults, rate limit) included.
    pub fn status_counts(&self) -> BTreeMap<u16, usize> {
        self.shared.log().status_counts()
    }

    /// Answers the fake made up instead of the handler's, by cause.
    pub fn cause_counts(&self) -> BTreeMap<FaultCause, usize> {
        self.shared.log().cause_counts()
    }

    /// 429s by cause: the rate limit (`RateLimit`) or injection (`Injected`).
    pub fn rate_limited_counts(&self) -> BTreeMap<FaultCause, usize> {
        self.shared.log().rate_limited_counts()
    }

    /// The most recent requests (up to 10,000), oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.log().records()
    }

    /// First to latest request since the counters were reset (see
    /// [`stats::RequestLog::window`]).
    pub fn request_window(&self) -> Option<std::time::Duration> {
        self.shared.log().window()
    }

    /// Injected faults, before or after the handler (not rate-limit 429s).
    pub fn faults_injected(&self) -> usize {
        self.shared.log().faults()
    }

    pub fn reset_counters(&self) {
        *self.shared.log() = Default::default();
    }

    /// Back to the loaded fixture (the built-in one unless
    /// [`FakeConfig::fixture`] named another): state, counters and faults
    /// (to the start config).
    pub fn reset(&self) {
        self.shared.reset();
    }
}

/// A role (or join role, `role_id` empty) given or taken out of band.
fn assignment_event(
    kind: &'static str,
    project_id: Option<&str>,
    principal: Principal,
    role_id: &str,
) -> NewEvent {
    let mut details = json!({
        "id": role_id,
        "principal_id": principal.id,
        "principal_type": principal.kind.names().noun,
        "resource_id": project_id.unwrap_or(ORG_ID),
        "resource_type": if project_id.is_some() { "api.project" } else { "api.organization" },
    });
    // A join role not named (leaving a project): no `id` rather than an empty one.
    if role_id.is_empty()
        && let Some(map) = details.as_object_mut()
    {
        map.remove("id");
    }
    NewEvent::new(kind, details)
        .in_project(project_id)
        .touching(principal.id)
}

/// A group member added or removed out of band (found by the user id too).
fn member_event(group_id: &str, user_id: &str) -> NewEvent {
    NewEvent::new(
        "group.updated",
        json!({"id": group_id, "changes_requested": {}}),
    )
    .touching(user_id)
}

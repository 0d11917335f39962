//! A local, faithful fake of the OpenAI Admin API (roles, and role
//! assignments to groups and users), for acceptance tests, benchmarks,
//! demos and dry runs.
//!
//! It serves the real paths under `/v1`, the real JSON shapes and the real
//! error body, and it reproduces the API's traps (predefined role id
//! aliasing, paging, unordered permissions, rate limits, requests applied
//! although they failed, reads lagging behind writes) so that clients
//! tested against it behave against the real thing.
//!
//! Fixture organization `org_fake`, rebuilt on every start and reset:
//! - projects `proj_alpha` and `proj_beta`;
//! - groups `group_engineering`, `group_support`, `group_finance`,
//!   `group_contractors`; `proj_alpha` has the first three as members,
//!   `proj_beta` only engineering, contractors is in no project;
//! - users `user_alice` (Alice, `alice@example.com`, organization owner),
//!   `user_bob` (Bob, `bob@example.com`) and `user_carol` (Carol,
//!   `carol@example.com`), both readers; `proj_alpha` has alice and bob as
//!   members, `proj_beta` only bob, carol is in no project. Users get
//!   roles by the same rules as groups (`user_not_in_project`,
//!   `role_already_assigned`, scopes, aliases);
//! - predefined roles owner/member/viewer per project
//!   (`role-api-project-member__api-project__proj_alpha`, alias
//!   `role-api-project-member`) and for the organization
//!   (`role-api-organization-member`);
//! - no custom roles, no assignments.
//!
//! Besides `/v1`, unauthenticated control endpoints exist for scripts:
//! `GET /__fake/state`, `GET /__fake/stats`, `GET|POST /__fake/faults`,
//! `POST /__fake/reset`, `GET /__fake/health`.

mod catalog;
mod control;
mod errors;
mod faults;
mod middleware;
mod pagination;
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
pub use faults::FaultConfig;
pub use stats::{FaultCause, RequestRecord};
pub use store::{FakeAssignment, FakeRole, FakeUserAssignment, ORG_ID};

use state::Shared;
use store::{Principal, Scope};

/// The key the fake accepts unless configured otherwise.
pub const DEFAULT_API_KEY: &str = "sk-admin-fake-local";

/// Project ids present at start.
pub const FIXTURE_PROJECTS: &[&str] = &["proj_alpha", "proj_beta"];
/// Group ids present at start.
pub const FIXTURE_GROUPS: &[&str] = &[
    "group_engineering",
    "group_support",
    "group_finance",
    "group_contractors",
];
/// User ids present at start.
pub const FIXTURE_USERS: &[&str] = &["user_alice", "user_bob", "user_carol"];

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
    /// Eventual consistency: for this long after a create through the API,
    /// GETs and lists behave as if the role or assignment did not exist yet
    /// (404, absent from lists). Writes (update, delete, duplicate checks)
    /// see it at once. Zero (default) = read-your-writes.
    pub read_after_write_delay: Duration,
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
    pub async fn start(port: u16, config: FakeConfig) -> std::io::Result<FakeServer> {
        let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(config));
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
        self.shared
            .store()
            .force_delete_project_role(project_id, role_id)
    }

    /// Replaces a custom project role's permissions out of band (no validation).
    pub fn set_project_role_permissions(
        &self,
        project_id: &str,
        role_id: &str,
        perms: &[&str],
    ) -> bool {
        self.shared
            .store()
            .force_set_permissions(project_id, role_id, perms)
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
        self.shared
            .store()
            .force_unassign(Scope::from_option(project_id), principal, role_id)
    }

    /// Creates a custom project role out of band (e.g. to test import).
    ///
    /// # Panics
    /// If the project does not exist or the name is taken: a test bug.
    pub fn insert_project_role(&self, project_id: &str, name: &str, perms: &[&str]) -> FakeRole {
        match self
            .shared
            .store()
            .insert_project_role(project_id, name, perms)
        {
            Ok(role) => role,
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
        self.shared
            .store()
            .force_assign(Scope::from_option(project_id), principal, role_id)
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

    /// Injected faults, before or after the handler (not rate-limit 429s).
    pub fn faults_injected(&self) -> usize {
        self.shared.log().faults()
    }

    pub fn reset_counters(&self) {
        *self.shared.log() = Default::default();
    }

    /// Back to the fixtures: state, counters and faults (to the start config).
    pub fn reset(&self) {
        self.shared.reset();
    }
}

//! What a refresh with drift costs: 60 custom roles and 60 group role
//! assignments in `proj_alpha`, some of them deleted out of band, then one
//! `terraform plan`, its requests counted by the fake (page size 20).
//!
//! Shared by the acceptance test `refresh_cost` (which guards the bound in
//! CI) and `cargo bench --bench provider` (which reports the figures).
//!
//! The bound: a refresh reads each list once (its pages), confirms each
//! missing object with one retrieve and asks the audit log once who
//! removed it, so it costs at most `pages + 2 × missing objects` requests.

use std::collections::BTreeMap;

use tfopenai::api::{AdminClient, ClientConfig, Group};
use tfopenai::fake::FakeConfig;

use crate::support::{API_KEY, Workspace};

pub const ROLES: usize = 60;
pub const ASSIGNMENTS: usize = 60;
pub const PAGE_SIZE: usize = 20;
const PROJECT: &str = "proj_alpha";
const GROUPS: [&str; 3] = ["group_engineering", "group_support", "group_finance"];
/// Roles `0..ASSIGNED_ROLES` are given to all three groups; the others to
/// none, so deleting one of them removes exactly one object.
const ASSIGNED_ROLES: usize = ASSIGNMENTS / GROUPS.len();

/// The fake's request-count key of the audit-log list.
pub const AUDIT_LOGS: &str = "GET /organization/audit_logs";

/// The requests of one refresh, by kind, and what they are held to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshCost {
    pub deletions: usize,
    /// Pages of the lists the refresh needs, each read once.
    pub pages: usize,
    pub list_requests: usize,
    /// Requests for one object (`GET .../{id}`).
    pub retrieves: usize,
    /// `GET /organization/audit_logs`: who changed a drifted object.
    pub audit_requests: usize,
    pub requests: usize,
    /// Objects the plan creates again: the deletions it noticed.
    pub planned_creates: usize,
}

impl RefreshCost {
    /// At most the pages of the lists plus two requests per missing object
    /// (its retrieve and its audit-log query).
    pub fn bound(&self) -> usize {
        self.pages + 2 * self.deletions
    }
}

fn role_name(i: usize) -> String {
    format!("refresh {i}")
}

fn config() -> String {
    format!(
        r#"
locals {{
  groups = {groups:?}
}}

resource "openai_project_role" "r" {{
  count       = {ROLES}
  project_id  = "{PROJECT}"
  name        = "refresh ${{count.index}}"
  permissions = ["api.files.read"]
}}

# Assignment i gives role floor(i / 3) to group i % 3.
resource "openai_group_role_assignment" "a" {{
  count      = {ASSIGNMENTS}
  project_id = "{PROJECT}"
  group_id   = local.groups[count.index % 3]
  role_id    = openai_project_role.r[floor(count.index / 3)].id
}}
"#,
        groups = GROUPS
    )
}

/// A workspace whose 120 resources are applied, against a fake that serves
/// pages of at most `PAGE_SIZE`.
pub fn applied_workspace() -> Workspace {
    let ws = Workspace::with_config(FakeConfig {
        page_size: PAGE_SIZE,
        ..FakeConfig::default()
    });
    ws.write(&config());
    ws.ok(&["apply", "-auto-approve", "-no-color", "-parallelism=10"]);
    ws
}

/// Role IDs by name, as the fake holds them.
fn role_ids(ws: &Workspace) -> BTreeMap<String, String> {
    ws.handle()
        .custom_project_roles(PROJECT)
        .into_iter()
        .map(|r| (r.name, r.id))
        .collect()
}

/// Deletes `n` objects out of band, alternating an unassigned role and an
/// assignment, so each deletion makes exactly one resource go missing.
fn delete_out_of_band(ws: &Workspace, n: usize) {
    assert!(
        n.div_ceil(2) <= ROLES - ASSIGNED_ROLES && n / 2 <= ASSIGNMENTS,
        "at most {} deletions",
        2 * (ROLES - ASSIGNED_ROLES)
    );
    let ids = role_ids(ws);
    let fake = ws.handle();
    for k in 0..n {
        if k % 2 == 0 {
            let role = &ids[&role_name(ASSIGNED_ROLES + k / 2)];
            assert!(fake.delete_project_role(PROJECT, role), "delete {role}");
        } else {
            let i = k / 2;
            let role = &ids[&role_name(i / GROUPS.len())];
            let group = GROUPS[i % GROUPS.len()];
            assert!(
                fake.remove_group_assignment(Some(PROJECT), group, role),
                "remove {role} from {group}"
            );
        }
    }
}

/// The pages of every list the refresh reads (the project's roles, each
/// group's roles in the project), counted by reading each list once.
fn list_pages(ws: &Workspace) -> usize {
    let client = AdminClient::new(ClientConfig::new(API_KEY, ws.fake.base_url())).expect("client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    ws.handle().reset_counters();
    runtime.block_on(async {
        client.list_project_roles(PROJECT).await.expect("roles");
        for group in GROUPS {
            client
                .list_assigned_roles::<Group>(Some(PROJECT), group)
                .await
                .expect("assignments");
        }
    });
    let pages = ws.handle().request_count();
    ws.handle().reset_counters();
    pages
}

/// "Plan: N to add": how many resources the plan creates.
fn planned_creates(plan: &str) -> usize {
    plan.split("Plan: ")
        .nth(1)
        .and_then(|rest| rest.split(" to add").next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// Deletes `deletions` objects out of band in an applied workspace, then
/// counts the requests of one `terraform plan`.
pub fn measure(ws: &Workspace, deletions: usize) -> RefreshCost {
    delete_out_of_band(ws, deletions);
    let pages = list_pages(ws);
    let plan = ws.ok(&["plan", "-no-color", "-parallelism=10"]);
    let mut counts = ws.handle().request_counts();
    let audit_requests = counts.remove(AUDIT_LOGS).unwrap_or(0);
    let get = |one: bool| -> usize {
        counts
            .iter()
            .filter(|(route, _)| route.starts_with("GET ") && route.ends_with('}') == one)
            .map(|(_, n)| n)
            .sum()
    };
    RefreshCost {
        deletions,
        pages,
        list_requests: get(false),
        retrieves: get(true),
        audit_requests,
        requests: ws.handle().request_count(),
        planned_creates: planned_creates(&plan),
    }
}

/// Gives back what `measure` deleted, so the workspace can be measured again.
pub fn restore(ws: &Workspace) {
    ws.ok(&["apply", "-auto-approve", "-no-color", "-parallelism=10"]);
}

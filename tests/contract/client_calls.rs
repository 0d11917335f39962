//! Every request the client can build: one entry per public AdminClient
//! method, and one per optional field or choice of that method (with and
//! without a description, a user by id or by email, archived projects
//! included or not, one or several emails). Each names the operation it is
//! meant to call; the checks verify that it does.

use std::future::Future;
use std::pin::Pin;

use tfopenai::api::{
    AddProjectUserRequest, AdminClient, AuditLogFilter, CreateRoleRequest, UpdateRoleRequest,
};

#[path = "client_calls_policies.rs"]
mod policies;

/// Client calls that read one page smaller than the documented maximum
/// on purpose, with the reason: check (a) does not hold them to it.
pub const BOUNDED_READS: &[(&str, &str, &str)] = &[(
    "list-audit-logs",
    "recent_audit_logs",
    "drift attribution reads the newest few events of one drifted object: one small request",
)];

/// Operations of spec/operations.txt the bundled fake serves (check (b))
/// that no client call makes yet, with the reason. Checks (a), (c) and (d)
/// skip them; (e) fails for one that a client call does make (remove it
/// from here then). None today: the declared types' resources are driven
/// by client_calls_policies.rs.
pub const CLIENT_PENDING: &[(&str, &str)] = &[];

/// The decoded answer, as `{:?}` text (so variants can be compared), or
/// the error (an `ApiError`, or a resource's diagnostics) as text.
pub type Outcome = Result<String, String>;
pub type CallFuture<'a> = Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;

pub struct ClientCall {
    pub operation: &'static str,
    /// Other operations the call makes on the way, also held to the
    /// description (a resource's create that lists first).
    pub also: &'static [&'static str],
    /// Which method and which optional fields.
    pub label: &'static str,
    pub run: for<'a> fn(&'a AdminClient) -> CallFuture<'a>,
}

/// `call!(operation, label, |client| client.method(args))`.
macro_rules! call {
    ($operation:literal, $label:literal, |$client:ident| $body:expr) => {
        ClientCall {
            operation: $operation,
            also: &[],
            label: $label,
            run: |$client| {
                Box::pin(async move {
                    // A statement, so that temporaries in `$body` outlive the await.
                    let outcome = $body.await;
                    outcome
                        .map(|value| format!("{value:?}"))
                        .map_err(|error| error.to_string())
                })
            },
        }
    };
}

// Ids as in the description's examples.
const PROJECT: &str = "proj_abc123";
const GROUP: &str = "group_01J1F8ABCDXYZ";
const USER: &str = "user_abc123";
const PROJECT_ROLE: &str = "role_01J1F8PROJ";
const ORG_ROLE: &str = "role_01J1F8ROLE01";
const SERVICE_ACCOUNT: &str = "svc_acct_abc";
const API_KEY_ID: &str = "key_abc";

fn create_role(description: Option<&str>) -> CreateRoleRequest {
    CreateRoleRequest {
        role_name: "API Project Key Manager".into(),
        permissions: vec![
            "api.organization.projects.api_keys.read".into(),
            "api.organization.projects.api_keys.write".into(),
        ],
        description: description.map(str::to_string),
    }
}

fn update_role(description: Option<&str>) -> UpdateRoleRequest {
    UpdateRoleRequest {
        role_name: "API Project Key Manager".into(),
        permissions: vec!["api.organization.projects.api_keys.read".into()],
        description: description.map(str::to_string),
    }
}

fn project_user(user_id: Option<&str>, email: Option<&str>) -> AddProjectUserRequest {
    AddProjectUserRequest {
        user_id: user_id.map(str::to_string),
        email: email.map(str::to_string),
        role: "member".into(),
    }
}

pub fn all() -> Vec<ClientCall> {
    let mut calls = vec![
        // Project roles.
        call!("list-project-roles", "list_project_roles", |c| c
            .list_project_roles(PROJECT)),
        call!(
            "create-project-role",
            "create_project_role with description",
            |c| c.create_project_role(PROJECT, &create_role(Some("Allows managing API keys")))
        ),
        call!(
            "create-project-role",
            "create_project_role without description",
            |c| c.create_project_role(PROJECT, &create_role(None))
        ),
        call!("retrieve-project-role", "get_project_role", |c| c
            .get_project_role(PROJECT, PROJECT_ROLE)),
        call!(
            "update-project-role",
            "update_project_role with description",
            |c| c.update_project_role(PROJECT, PROJECT_ROLE, &update_role(Some("Reads keys")))
        ),
        call!(
            "update-project-role",
            "update_project_role clearing description",
            |c| c.update_project_role(PROJECT, PROJECT_ROLE, &update_role(None))
        ),
        call!("delete-project-role", "delete_project_role", |c| c
            .delete_project_role(PROJECT, PROJECT_ROLE)),
        // Organization roles.
        call!("list-roles", "list_org_roles", |c| c.list_org_roles()),
        call!("create-role", "create_org_role with description", |c| c
            .create_org_role(&create_role(Some(
                "Allows managing organization groups"
            )))),
        call!("create-role", "create_org_role without description", |c| c
            .create_org_role(&create_role(None))),
        call!("retrieve-role", "get_org_role", |c| c
            .get_org_role(ORG_ROLE)),
        call!("update-role", "update_org_role with description", |c| c
            .update_org_role(ORG_ROLE, &update_role(Some("Reads groups")))),
        call!("update-role", "update_org_role clearing description", |c| c
            .update_org_role(ORG_ROLE, &update_role(None))),
        call!("delete-role", "delete_org_role", |c| c
            .delete_org_role(ORG_ROLE)),
        // Role assignments of groups.
        call!(
            "list-project-group-role-assignments",
            "list_project_group_roles",
            |c| c.list_project_group_roles(PROJECT, GROUP)
        ),
        call!(
            "assign-project-group-role",
            "assign_project_group_role",
            |c| c.assign_project_group_role(PROJECT, GROUP, PROJECT_ROLE)
        ),
        call!(
            "retrieve-project-group-role",
            "get_project_group_role",
            |c| c.get_project_group_role(PROJECT, GROUP, PROJECT_ROLE)
        ),
        call!(
            "unassign-project-group-role",
            "unassign_project_group_role",
            |c| c.unassign_project_group_role(PROJECT, GROUP, PROJECT_ROLE)
        ),
        call!("list-group-role-assignments", "list_org_group_roles", |c| c
            .list_org_group_roles(GROUP)),
        call!("assign-group-role", "assign_org_group_role", |c| c
            .assign_org_group_role(GROUP, ORG_ROLE)),
        call!("retrieve-group-role", "get_org_group_role", |c| c
            .get_org_group_role(GROUP, ORG_ROLE)),
        call!("unassign-group-role", "unassign_org_group_role", |c| c
            .unassign_org_group_role(GROUP, ORG_ROLE)),
        // Role assignments of users.
        call!(
            "list-project-user-role-assignments",
            "list_project_user_roles",
            |c| c.list_project_user_roles(PROJECT, USER)
        ),
        call!(
            "assign-project-user-role",
            "assign_project_user_role",
            |c| c.assign_project_user_role(PROJECT, USER, PROJECT_ROLE)
        ),
        call!("retrieve-project-user-role", "get_project_user_role", |c| c
            .get_project_user_role(PROJECT, USER, PROJECT_ROLE)),
        call!(
            "unassign-project-user-role",
            "unassign_project_user_role",
            |c| c.unassign_project_user_role(PROJECT, USER, PROJECT_ROLE)
        ),
        call!("list-user-role-assignments", "list_org_user_roles", |c| c
            .list_org_user_roles(USER)),
        call!("assign-user-role", "assign_org_user_role", |c| c
            .assign_org_user_role(USER, ORG_ROLE)),
        call!("retrieve-user-role", "get_org_user_role", |c| c
            .get_org_user_role(USER, ORG_ROLE)),
        call!("unassign-user-role", "unassign_org_user_role", |c| c
            .unassign_org_user_role(USER, ORG_ROLE)),
        // Groups.
        call!("list-groups", "list_groups", |c| c.list_groups()),
        call!("create-group", "create_group", |c| c
            .create_group("Support Team")),
        call!("retrieve-group", "get_group", |c| c.get_group(GROUP)),
        call!("update-group", "update_group", |c| c
            .update_group(GROUP, "Escalations")),
        call!("delete-group", "delete_group", |c| c.delete_group(GROUP)),
        // Group members.
        call!("list-group-users", "list_group_users", |c| c
            .list_group_users(GROUP)),
        call!("add-group-user", "add_group_user", |c| c
            .add_group_user(GROUP, USER)),
        call!("retrieve-group-user", "get_group_user", |c| c
            .get_group_user(GROUP, USER)),
        call!("remove-group-user", "remove_group_user", |c| c
            .remove_group_user(GROUP, USER)),
        // Projects.
        call!("list-projects", "list_projects active only", |c| c
            .list_projects(false)),
        call!("list-projects", "list_projects including archived", |c| c
            .list_projects(true)),
        call!("create-project", "create_project", |c| c
            .create_project("Project example")),
        call!("retrieve-project", "get_project", |c| c
            .get_project(PROJECT)),
        call!("modify-project", "update_project", |c| c
            .update_project(PROJECT, "Renamed")),
        call!("archive-project", "archive_project", |c| c
            .archive_project(PROJECT)),
        // Project access of groups.
        call!("list-project-groups", "list_project_groups", |c| c
            .list_project_groups(PROJECT)),
        call!("add-project-group", "add_project_group", |c| c
            .add_project_group(PROJECT, GROUP, PROJECT_ROLE)),
        call!("retrieve-project-group", "get_project_group", |c| c
            .get_project_group(PROJECT, GROUP)),
        call!("remove-project-group", "remove_project_group", |c| c
            .remove_project_group(PROJECT, GROUP)),
        // Project users.
        call!("list-project-users", "list_project_users", |c| c
            .list_project_users(PROJECT)),
        call!("create-project-user", "add_project_user by user_id", |c| c
            .add_project_user(PROJECT, &project_user(Some(USER), None))),
        call!("create-project-user", "add_project_user by email", |c| c
            .add_project_user(
                PROJECT,
                &project_user(None, Some("ada@example.com"))
            )),
        call!("retrieve-project-user", "get_project_user", |c| c
            .get_project_user(PROJECT, USER)),
        call!("modify-project-user", "update_project_user", |c| c
            .update_project_user(PROJECT, USER, "owner")),
        call!("delete-project-user", "remove_project_user", |c| c
            .remove_project_user(PROJECT, USER)),
        // Organization users.
        call!("list-users", "list_users", |c| c.list_users()),
        call!("list-users", "list_users_by_email one email", |c| c
            .list_users_by_email(&["ada@example.com".to_string()])),
        call!("list-users", "list_users_by_email two emails", |c| c
            .list_users_by_email(&[
                "ada@example.com".to_string(),
                "b+c@example.com".to_string()
            ])),
        call!("retrieve-user", "get_user", |c| c.get_user(USER)),
        // The audit log (drift attribution, export --changed-since). The
        // one-page read first: (d) serves the example as every page, and
        // the example says `has_more: true`.
        call!("list-audit-logs", "recent_audit_logs", |c| c
            .recent_audit_logs(&AuditLogFilter::on(&["group_01"]), 5)),
        call!("list-audit-logs", "list_audit_logs", |c| c.list_audit_logs(
            &AuditLogFilter {
                event_types: vec!["group.updated".to_string()],
                actor_emails: vec!["ada@example.com".to_string()],
                effective_before: Some(1_800_000_000),
                ..AuditLogFilter::on(&["group_01"]).since(Some(1_700_000_000))
            }
        )),
        // API keys (the ephemeral key types, the key data sources and
        // openai_project_api_key).
        call!(
            "CreateanAPIkeyforaserviceaccount",
            "create_service_account_key with name and scopes",
            |c| c.create_service_account_key(
                PROJECT,
                SERVICE_ACCOUNT,
                Some("ci"),
                Some(&["api.model.read".to_string()])
            )
        ),
        call!(
            "CreateanAPIkeyforaserviceaccount",
            "create_service_account_key without name or scopes",
            |c| c.create_service_account_key(PROJECT, SERVICE_ACCOUNT, None, None)
        ),
        call!(
            "retrieve-project-service-account",
            "service_account_exists",
            |c| c.service_account_exists(PROJECT, SERVICE_ACCOUNT)
        ),
        call!("list-project-api-keys", "list_project_api_keys", |c| c
            .list_project_api_keys(PROJECT)),
        call!("retrieve-project-api-key", "get_project_api_key", |c| c
            .get_project_api_key(PROJECT, API_KEY_ID)),
        call!("delete-project-api-key", "delete_project_api_key", |c| c
            .delete_project_api_key(PROJECT, API_KEY_ID)),
        call!(
            "admin-api-keys-create",
            "create_admin_api_key with expiry",
            |c| c.create_admin_api_key("New Admin Key", Some(3600))
        ),
        call!(
            "admin-api-keys-create",
            "create_admin_api_key without expiry",
            |c| c.create_admin_api_key("New Admin Key", None)
        ),
        call!("admin-api-keys-list", "list_admin_api_keys", |c| c
            .list_admin_api_keys()),
        call!("admin-api-keys-get", "get_admin_api_key", |c| c
            .get_admin_api_key(API_KEY_ID)),
        call!("admin-api-keys-delete", "delete_admin_api_key", |c| c
            .delete_admin_api_key(API_KEY_ID)),
    ];
    calls.extend(policies::all());
    calls
}
